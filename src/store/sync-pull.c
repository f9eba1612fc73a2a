/*
 * Applying a pulled page (jobdesk-sync(7), "Client rules"): every record
 * of the page, its cursor and the server's clock in one transaction, so
 * that a page is applied whole or not at all, and applying it again
 * changes nothing. Pulled writes are the district's: they add no outbox
 * entry and no audit record.
 *
 * Seekers, employers and vacancies are upserted field by field. A field
 * with a change of this terminal waiting in the outbox keeps the local
 * value: the server decides when that change arrives, and its result
 * comes back in a later page. Every other field takes the server's value,
 * unless the stamp of the value applied before is newer (the guard that
 * makes an old page harmless). Tombstones keep their row (references and
 * redirects still resolve) but give up their natural key.
 *
 * Record formats of the tables that are not pushed (fields, key):
 *   office      code     name, level, parent
 *   account     login    name, office, role, pwhash, disabled (0/1), cert_no,
 *                        cert_valid_until, guidance_grade
 *   code_list   list     version, and optionally text: the whole .tsv file
 *   code        list:code  parent, name_zh, name_en, deprecated (0/1)
 *                        (list and code may also be fields)
 *   form        name     parts, text_1 .. text_N: the .form file cut in parts
 *                        (formdef_text_split), or text: the whole file
 *   conflict    uuid     tbl, id, field, lost_value, lost_stamp, won_value,
 *                        won_stamp, at
 *   service_event uuid   type, seeker_id, employer_id, vacancy_id, clerk,
 *                        office, at, free (0/1), basis
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "common/buf.h"
#include "common/formdef.h"
#include "common/i18n.h"
#include "common/log.h"
#include "common/xalloc.h"
#include "core/columns.h"
#include "store/employer.h"
#include "store/seeker.h"
#include "store/store-int.h"
#include "store/sync.h"
#include "wire/stamps.h"

/* A column of a mutable table as a pull writes it. */
struct pull_col {
	const char		*name;
	const char		*dflt;		/* for a new row without the field; NULL: SQL NULL */
	const char *const	*allowed;	/* the values the table's CHECK allows, or NULL */
};

static const char *const seeker_statuses[] = {
	"registered", "renewed", "placed", "withdrawn", "expired", NULL
};
static const char *const employer_statuses[] = { "active", "withdrawn", NULL };
static const char *const vacancy_statuses[] = {
	"open", "filled", "withdrawn", "expired", "closed", NULL
};

static const struct pull_col seeker_cols[] = {
	{ "id_number", NULL, NULL }, { "name", "", NULL }, { "sex", "", NULL },
	{ "birth_date", "", NULL }, { "phone", "", NULL }, { "household", "", NULL },
	{ "district", "", NULL }, { "street", "", NULL }, { "address", "", NULL },
	{ "education", "", NULL }, { "major", "", NULL }, { "skills", "", NULL },
	{ "experience", "", NULL }, { "desired_occupation", "", NULL },
	{ "desired_wage", "", NULL }, { "desired_district", "", NULL },
	{ "category", "", NULL }, { "hardship", "", NULL }, { "hardship_basis", "", NULL },
	{ "status", "registered", seeker_statuses }, { "registered_on", "", NULL },
	{ "valid_until", "", NULL }, { "withdraw_reason", "", NULL }, { "office", "", NULL },
	{ "created_by", "", NULL },
};

static const struct pull_col employer_cols[] = {
	{ "uscc", NULL, NULL }, { "name", "", NULL }, { "type", "", NULL },
	{ "industry", "", NULL }, { "district", "", NULL }, { "address", "", NULL },
	{ "contact", "", NULL }, { "phone", "", NULL }, { "hard_to_recruit", "no", NULL },
	{ "status", "active", employer_statuses }, { "withdraw_reason", "", NULL },
	{ "office", "", NULL }, { "created_by", "", NULL }, { "registered_on", "", NULL },
};

static const struct pull_col vacancy_cols[] = {
	{ "employer_id", "", NULL }, { "occupation", "", NULL }, { "title", "", NULL },
	{ "headcount", "", NULL }, { "wage_min", "", NULL }, { "wage_max", "", NULL },
	{ "education", "", NULL }, { "age_min", "", NULL }, { "age_max", "", NULL },
	{ "district", "", NULL }, { "hours", "", NULL }, { "description", "", NULL },
	{ "valid_until", "", NULL }, { "status", "open", vacancy_statuses },
	{ "withdraw_reason", "", NULL }, { "office", "", NULL }, { "created_by", "", NULL },
	{ "registered_on", "", NULL },
};

#define PULL_MAXCOLS	32

/* A mutable table: its columns, its natural key and the statements of this page. */
struct pull_table {
	const char		*name;
	const struct pull_col	*cols;
	size_t			 ncols;
	const char		*natural;	/* id_number, uscc, or NULL */
	sqlite3_stmt		*load, *update, *insert;
	sqlite3_stmt		*holder, *give_up;	/* pull_takeover's, prepared when needed */
	const char		*names[PULL_MAXCOLS];	/* of cols, for wire_stamps_text */
	/* Where each column was among the last record's fields (pull_field). */
	size_t			 field_at[PULL_MAXCOLS];
};

/* One page being applied. */
struct pull {
	struct store		*st;
	struct pull_table	 tables[3];
	sqlite3_stmt		*pending;	/* the fields of waiting outbox entries of a row */
	/*
	 * The statements of single records, prepared the first time the page
	 * needs one and kept until its end (pull_stmt): a page of thousands
	 * of records would otherwise prepare them thousands of times.
	 */
	sqlite3_stmt		*employer_exists, *office_exists, *wait, *unwait;
	sqlite3_stmt		*service_event, *conflict, *list_own, *code_row;
	struct gram_batch	 grams;		/* name pieces of the page's new seekers */
	int			 bulk;		/* a first sync's bulk load: no name index */
	int			 outbox_empty;	/* nothing waits: no lookups needed */
	int			 any_waiting;	/* sync_waiting may hold something */
	char			*forms_dir;
	long			 applied, skipped, waiting;
	char			*err;
	size_t			 errlen;
};

/* Order of the tables within a page: parents before what refers to them. */
static const char *const pull_order[] = {
	"office", "code_list", "code", "form", "employer", "seeker", "account", "vacancy",
	"service_event", "conflict",
};

/* Whether v is one of the NULL-terminated values. */
static int
pull_listed(const char *const *list, const char *v)
{
	for (; *list != NULL; list++)
		if (strcmp(*list, v) == 0)
			return 1;
	return 0;
}

/* The mutable table named tbl, or NULL. */
static struct pull_table *
pull_table(struct pull *p, const char *tbl)
{
	size_t i;

	for (i = 0; i < sizeof p->tables / sizeof p->tables[0]; i++)
		if (strcmp(p->tables[i].name, tbl) == 0)
			return &p->tables[i];
	return NULL;
}

/* Prepares a mutable table's load, update and insert statements for the page. */
static void
pull_table_prepare(struct pull *p, struct pull_table *t)
{
	struct buf load = BUF_INIT, upd = BUF_INIT, ins = BUF_INIT, vals = BUF_INIT;
	size_t i, n = t->ncols;

	buf_adds(&load, "SELECT deleted, coalesce(replaced_by, ''), stamps, hlc");
	buf_addf(&upd, "UPDATE \"%s\" SET ", t->name);
	buf_addf(&ins, "INSERT INTO \"%s\" (", t->name);
	for (i = 0; i < n; i++) {
		t->names[i] = t->cols[i].name;
		buf_addf(&load, ", \"%s\"", t->cols[i].name);
		buf_addf(&upd, "\"%s\" = ?%zu, ", t->cols[i].name, i + 1);
		buf_addf(&ins, "\"%s\", ", t->cols[i].name);
		buf_addf(&vals, "?%zu, ", i + 1);
	}
	buf_addf(&load, " FROM \"%s\" WHERE id = ?", t->name);
	buf_addf(&upd, "deleted = ?%zu, replaced_by = ?%zu, stamps = ?%zu, hlc = ?%zu "
	    "WHERE id = ?%zu", n + 1, n + 2, n + 3, n + 4, n + 5);
	buf_addf(&ins, "deleted, replaced_by, stamps, hlc, id) VALUES (%s?%zu, ?%zu, ?%zu, ?%zu, "
	    "?%zu)", buf_str(&vals), n + 1, n + 2, n + 3, n + 4, n + 5);
	t->load = st_prepare(p->st, buf_str(&load));
	t->update = st_prepare(p->st, buf_str(&upd));
	t->insert = st_prepare(p->st, buf_str(&ins));
	buf_free(&load);
	buf_free(&upd);
	buf_free(&ins);
	buf_free(&vals);
}

/* Set up a page: the statements, whether anything waits in the outbox, the forms folder. */
static void
pull_init(struct pull *p, struct store *st, char *err, size_t errlen)
{
	const char *slash = strrchr(st->path, '/');
	size_t i;

	memset(p, 0, sizeof *p);
	p->st = st;
	p->err = err;
	p->errlen = errlen;
	p->tables[0] = (struct pull_table){ .name = "seeker", .cols = seeker_cols,
	    .ncols = sizeof seeker_cols / sizeof seeker_cols[0], .natural = "id_number" };
	p->tables[1] = (struct pull_table){ .name = "employer", .cols = employer_cols,
	    .ncols = sizeof employer_cols / sizeof employer_cols[0], .natural = "uscc" };
	p->tables[2] = (struct pull_table){ .name = "vacancy", .cols = vacancy_cols,
	    .ncols = sizeof vacancy_cols / sizeof vacancy_cols[0] };
	for (i = 0; i < sizeof p->tables / sizeof p->tables[0]; i++)
		pull_table_prepare(p, &p->tables[i]);
	p->pending = st_prepare(st, "SELECT o.op, j.key FROM outbox o "
	    "LEFT JOIN json_each(o.fields) j WHERE o.tbl = ? AND o.row_id = ?");
	p->outbox_empty = st_count(st, "SELECT NOT EXISTS (SELECT 1 FROM outbox)") == 1;
	p->any_waiting = st_count(st, "SELECT EXISTS (SELECT 1 FROM sync_waiting)") != 0;
	if (slash == NULL)
		p->forms_dir = xstrdup("forms");
	else
		p->forms_dir = xasprintf("%.*s/forms", (int)(slash - st->path), st->path);
}

/* Finalize what pull_init made. */
static void
pull_done(struct pull *p)
{
	size_t i;

	for (i = 0; i < sizeof p->tables / sizeof p->tables[0]; i++) {
		sqlite3_finalize(p->tables[i].load);
		sqlite3_finalize(p->tables[i].update);
		sqlite3_finalize(p->tables[i].insert);
		sqlite3_finalize(p->tables[i].holder);
		sqlite3_finalize(p->tables[i].give_up);
	}
	sqlite3_finalize(p->pending);
	sqlite3_finalize(p->employer_exists);
	sqlite3_finalize(p->office_exists);
	sqlite3_finalize(p->wait);
	sqlite3_finalize(p->unwait);
	sqlite3_finalize(p->service_event);
	sqlite3_finalize(p->conflict);
	sqlite3_finalize(p->list_own);
	sqlite3_finalize(p->code_row);
	seeker_gram_batch_free(&p->grams);
	free(p->forms_dir);
}

/* Say what failed (the database's message) unless a message is there already; -1. */
static int
pull_dberr(struct pull *p, const char *what, const char *key)
{
	if (*p->err == '\0')
		snprintf(p->err, p->errlen, _("cannot apply %s %s: %s"), what, key,
		    store_errmsg(p->st));
	return -1;
}

/* The page's statement in *slot, prepared from sql the first time it is asked for. */
static sqlite3_stmt *
pull_stmt(struct pull *p, sqlite3_stmt **slot, const char *sql)
{
	if (*slot == NULL)
		*slot = st_prepare(p->st, sql);
	return *slot;
}

/* Step a write of the page's statements to its end and reset it for the next; 0 or -1. */
static int
pull_step_done(struct pull *p, sqlite3_stmt *stmt)
{
	int rc = sqlite3_step(stmt);

	if (rc != SQLITE_DONE)
		log_error("database write failed: %s", store_errmsg(p->st));
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * The fields of tbl/id that waiting outbox entries change, into pend (key
 * -> ""), and whether one of them is a delete (a merge not pushed yet).
 */
static int
pull_pending(struct pull *p, const char *tbl, const char *id, struct fields *pend,
    int *pending_delete)
{
	int rc;

	*pending_delete = 0;
	if (p->outbox_empty)
		return 0;
	st_bind_text(p->pending, 1, tbl);
	st_bind_text(p->pending, 2, id);
	while ((rc = sqlite3_step(p->pending)) == SQLITE_ROW) {
		if (strcmp(st_column_text(p->pending, 0), "delete") == 0)
			*pending_delete = 1;
		if (sqlite3_column_type(p->pending, 1) != SQLITE_NULL)
			fields_set(pend, st_column_text(p->pending, 1), "");
	}
	sqlite3_reset(p->pending);
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * The value of key in f, looked for first where it was in the table's
 * last record (*at): a page sends every record of a table with its
 * fields in one order, so the first look finds it.
 */
static const char *
pull_field(const struct fields *f, const char *key, size_t *at)
{
	size_t i;

	if (*at < f->n && strcmp(f->keys[*at], key) == 0)
		return f->values[*at];
	for (i = 0; i < f->n; i++)
		if (strcmp(f->keys[i], key) == 0) {
			*at = i;
			return f->values[i];
		}
	return NULL;
}

/* The clock value of a stamp ("%016llx:terminal"), 0 when it has none. */
static uint64_t
pull_stamp_hlc(const char *stamp)
{
	char hex[17];

	if (stamp == NULL || strlen(stamp) < 16)
		return 0;
	memcpy(hex, stamp, 16);
	hex[16] = '\0';
	return strtoull(hex, NULL, 16);
}

/*
 * Write the name pieces gathered so far; done before a seeker's pieces
 * are removed (they may be among them) and at the end of the page.
 */
static int
pull_grams_write(struct pull *p)
{
	return seeker_gram_batch_write(p->st, &p->grams);
}

/* Tombstone the local row that holds a natural key the district gives to another record. */
static int
pull_takeover(struct pull *p, struct pull_table *t, const char *natural, const char *id)
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt *stmt;
	char holder[IDENT_LEN + 1], name[512];
	int rc;

	if (t->holder == NULL) {
		buf_addf(&sql, "SELECT id, name FROM \"%s\" WHERE \"%s\" = ? AND id <> ?",
		    t->name, t->natural);
		t->holder = st_prepare(p->st, buf_str(&sql));
		buf_free(&sql);
	}
	stmt = t->holder;
	st_bind_text(stmt, 1, natural);
	st_bind_text(stmt, 2, id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		snprintf(holder, sizeof holder, "%s", st_column_text(stmt, 0));
		snprintf(name, sizeof name, "%s", st_column_text(stmt, 1));
	}
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return -1;
	/*
	 * Two records of one person (or employer): the district's holds the
	 * number, so ours is the duplicate, as the server made it too when
	 * (or if) ours arrives. Our waiting changes to it still go out: the
	 * server applies them to the survivor.
	 */
	if (t->give_up == NULL) {
		buf_addf(&sql, "UPDATE \"%s\" SET deleted = 1, replaced_by = ?, \"%s\" = NULL "
		    "WHERE id = ?", t->name, t->natural);
		t->give_up = st_prepare(p->st, buf_str(&sql));
		buf_free(&sql);
	}
	stmt = t->give_up;
	st_bind_text(stmt, 1, id);
	st_bind_text(stmt, 2, holder);
	if (pull_step_done(p, stmt) != 0)
		return -1;
	if (strcmp(t->name, "seeker") == 0 && !p->bulk && (pull_grams_write(p) != 0 ||
	    seeker_index_name(p->st, holder, name, NULL) != 0))
		return -1;
	log_info("sync: %s %s is now %s (same %s)", t->name, holder, id, t->natural);
	return 0;
}

/* Whether the row a vacancy needs is there: 1, 0, -1. */
static int
pull_exists(struct pull *p, sqlite3_stmt **slot, const char *sql, const char *key)
{
	sqlite3_stmt *stmt = pull_stmt(p, slot, sql);
	int rc;

	st_bind_text(stmt, 1, key);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* Encode a record as JSON (a new string, caller frees) to wait in sync_waiting. */
static char *
pull_record_encode(const struct wire_record *r)
{
	json_t *o = json_object(), *f = json_object(), *s = json_object();
	char *text;
	size_t i;

	for (i = 0; i < r->fields.n; i++)
		json_object_set_new(f, r->fields.keys[i], json_string(r->fields.values[i]));
	for (i = 0; i < r->stamps.n; i++)
		json_object_set_new(s, r->stamps.keys[i], json_string(r->stamps.values[i]));
	json_object_set_new(o, "tbl", json_string(r->tbl));
	json_object_set_new(o, "key", json_string(r->key));
	json_object_set_new(o, "deleted", json_boolean(r->deleted));
	json_object_set_new(o, "replaced_by", json_string(r->replaced_by));
	json_object_set_new(o, "fields", f);
	json_object_set_new(o, "stamps", s);
	if ((text = json_dumps(o, JSON_COMPACT)) == NULL)
		fatalx("cannot encode a waiting record");
	json_decref(o);
	return text;
}

/* Decode what pull_record_encode made; 0, or -1 if it is not that. */
static int
pull_record_decode(const char *text, struct wire_record *r)
{
	json_error_t jerr;
	json_t *o = json_loads(text, 0, &jerr), *f, *s, *v;
	const char *k;
	int rc = -1;

	memset(r, 0, sizeof *r);
	fields_init(&r->fields);
	fields_init(&r->stamps);
	if (o == NULL || !json_is_string(json_object_get(o, "tbl")) ||
	    !json_is_string(json_object_get(o, "key")) ||
	    !json_is_object(f = json_object_get(o, "fields")) ||
	    !json_is_object(s = json_object_get(o, "stamps")))
		goto out;
	snprintf(r->tbl, sizeof r->tbl, "%s", json_string_value(json_object_get(o, "tbl")));
	snprintf(r->key, sizeof r->key, "%s", json_string_value(json_object_get(o, "key")));
	r->deleted = json_is_true(json_object_get(o, "deleted"));
	snprintf(r->replaced_by, sizeof r->replaced_by, "%s",
	    json_string_value(json_object_get(o, "replaced_by")) != NULL ?
	    json_string_value(json_object_get(o, "replaced_by")) : "");
	json_object_foreach(f, k, v)
		if (json_is_string(v))
			fields_set(&r->fields, k, json_string_value(v));
	json_object_foreach(s, k, v)
		if (json_is_string(v))
			fields_set(&r->stamps, k, json_string_value(v));
	rc = 0;
out:
	json_decref(o);
	return rc;
}

/* Park a record until the row it needs (needs_tbl/needs_key) has arrived. */
static int
pull_wait(struct pull *p, const struct wire_record *r, const char *needs_tbl,
    const char *needs_key)
{
	sqlite3_stmt *stmt = pull_stmt(p, &p->wait, "INSERT INTO sync_waiting (tbl, key, needs_tbl, "
	    "needs_key, record) VALUES (?, ?, ?, ?, ?) ON CONFLICT (tbl, key) DO UPDATE SET "
	    "needs_tbl = excluded.needs_tbl, needs_key = excluded.needs_key, "
	    "record = excluded.record");
	char *text = pull_record_encode(r);

	p->any_waiting = 1;
	st_bind_text(stmt, 1, r->tbl);
	st_bind_text(stmt, 2, r->key);
	st_bind_text(stmt, 3, needs_tbl);
	st_bind_text(stmt, 4, needs_key);
	st_bind_text(stmt, 5, text);
	free(text);
	p->waiting++;
	log_debug("sync: %s %s waits for %s %s", r->tbl, r->key, needs_tbl, needs_key);
	return pull_step_done(p, stmt);
}

/* A newer version of a waiting record supersedes it: the waiting one goes. */
static int
pull_unwait(struct pull *p, const char *tbl, const char *key)
{
	sqlite3_stmt *stmt;

	if (!p->any_waiting)
		return 0;
	stmt = pull_stmt(p, &p->unwait, "DELETE FROM sync_waiting WHERE tbl = ? AND key = ?");
	st_bind_text(stmt, 1, tbl);
	st_bind_text(stmt, 2, key);
	return pull_step_done(p, stmt);
}

/* The local state of a mutable row as pull_mutable reads it. */
struct pull_row {
	int		 found;
	int		 deleted;
	char		 replaced_by[IDENT_LEN + 1];
	struct fields	 stamps;	/* as stored: compact (wire/stamps.h) */
	uint64_t	 hlc;
	struct fields	 values;
};

/* Read a stored stamps object into stamps (a damaged one reads as none). */
static void
pull_stamps_parse(const char *text, struct fields *stamps)
{
	json_error_t jerr;
	json_t *o, *v;
	const char *k;

	if (strcmp(text, "{}") == 0 || (o = json_loads(text, 0, &jerr)) == NULL)
		return;
	if (json_is_object(o))
		json_object_foreach(o, k, v)
			if (json_is_string(v))
				fields_set(stamps, k, json_string_value(v));
	json_decref(o);
}

/* Load the local row of t with this id into row; 0 or -1. */
static int
pull_row_load(struct pull_table *t, const char *id, struct pull_row *row)
{
	size_t i;
	int rc;

	memset(row, 0, sizeof *row);
	fields_init(&row->values);
	fields_init(&row->stamps);
	st_bind_text(t->load, 1, id);
	rc = sqlite3_step(t->load);
	if (rc == SQLITE_ROW) {
		row->found = 1;
		row->deleted = sqlite3_column_int(t->load, 0);
		snprintf(row->replaced_by, sizeof row->replaced_by, "%s",
		    st_column_text(t->load, 1));
		pull_stamps_parse(st_column_text(t->load, 2), &row->stamps);
		row->hlc = (uint64_t)sqlite3_column_int64(t->load, 3);
		for (i = 0; i < t->ncols; i++)
			if (sqlite3_column_type(t->load, (int)i + 4) != SQLITE_NULL)
				fields_set(&row->values, t->cols[i].name,
				    st_column_text(t->load, (int)i + 4));
	}
	sqlite3_reset(t->load);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* Free what pull_row_load made. */
static void
pull_row_free(struct pull_row *row)
{
	fields_free(&row->stamps);
	fields_free(&row->values);
}

/*
 * Apply one seeker, employer or vacancy. rec's fields are the server's
 * current values; each lands unless a local change to it waits in the
 * outbox or the value applied before carries a newer stamp.
 */
static int
pull_mutable(struct pull *p, struct pull_table *t, const struct wire_record *rec)
{
	struct pull_row row;
	struct fields pend = FIELDS_INIT;
	const char *val[PULL_MAXCOLS], *stamp[PULL_MAXCOLS];
	const char *replaced_by, *old_name = NULL, *new_name = NULL, *newest;
	struct buf stamps_text = BUF_INIT;
	uint64_t hlc;
	int pending_delete = 0, deleted, rc = -1;
	size_t i, name_col = 0;

	if (!ident_valid(rec->key)) {
		log_warn("sync: %s record with a key that is not an id skipped", rec->tbl);
		p->skipped++;
		return 0;
	}
	if (pull_row_load(t, rec->key, &row) != 0 ||
	    pull_pending(p, t->name, rec->key, &pend, &pending_delete) != 0)
		goto dberr;
	/* A vacancy needs its employer: one that has not arrived waits for it. */
	if (!row.found && strcmp(t->name, "vacancy") == 0) {
		const char *eid = fields_str(&rec->fields, "employer_id");
		int have = pull_exists(p, &p->employer_exists,
		    "SELECT 1 FROM employer WHERE id = ?", eid);

		if (have < 0)
			goto dberr;
		if (have == 0) {
			rc = pull_wait(p, rec, "employer", eid);
			goto out;
		}
	}
	newest = NULL;
	for (i = 0; i < t->ncols; i++) {
		const char *c = t->cols[i].name, *v = pull_field(&rec->fields, c, &t->field_at[i]);
		const char *in_stamp = v != NULL ? wire_stamp_of(&rec->stamps, c) : NULL;
		const char *have_stamp = wire_stamp_of(&row.stamps, c);

		if (strcmp(c, "name") == 0 || strcmp(c, "title") == 0)
			name_col = i;
		val[i] = row.found ? fields_get(&row.values, c) : t->cols[i].dflt;
		stamp[i] = have_stamp;
		if (v == NULL || fields_get(&pend, c) != NULL)
			continue;
		/* A vacancy's employer is fixed at its registration. */
		if (row.found && strcmp(c, "employer_id") == 0)
			continue;
		/* An older value than the one applied: a page seen again, or out of order. */
		if (in_stamp != NULL && have_stamp != NULL && strcmp(in_stamp, have_stamp) < 0)
			continue;
		if (t->cols[i].allowed != NULL && !pull_listed(t->cols[i].allowed, v)) {
			log_warn("sync: %s %s: %s value refused by the local table", t->name,
			    rec->key, c);
			continue;
		}
		val[i] = v;
		if (t->natural != NULL && strcmp(c, t->natural) == 0 && *v == '\0')
			val[i] = NULL;
		if (in_stamp != NULL) {
			stamp[i] = in_stamp;
			/* Fixed-width lower-case hex first: the greater text is the later clock. */
			if (newest == NULL || strcmp(in_stamp, newest) > 0)
				newest = in_stamp;
		}
	}
	hlc = row.hlc;
	if (newest != NULL && pull_stamp_hlc(newest) > hlc)
		hlc = pull_stamp_hlc(newest);
	/* Deletes win and are final; a merge of ours not pushed yet keeps its redirect. */
	deleted = row.deleted || rec->deleted;
	replaced_by = row.found && *row.replaced_by != '\0' ? row.replaced_by : NULL;
	if (rec->deleted && !pending_delete && rec->replaced_by[0] != '\0')
		replaced_by = rec->replaced_by;
	if (t->natural != NULL) {
		const char *had = fields_get(&row.values, t->natural);

		for (i = 0; strcmp(t->cols[i].name, t->natural) != 0; i++)
			;
		if (deleted)
			val[i] = NULL;		/* a tombstone gives up its number: UNIQUE holds */
		else if (val[i] != NULL && (had == NULL || strcmp(had, val[i]) != 0) &&
		    pull_takeover(p, t, val[i], rec->key) != 0)
			goto dberr;
	}
	wire_stamps_text(t->names, stamp, t->ncols, &stamps_text);
	{
		sqlite3_stmt *w = row.found ? t->update : t->insert;

		for (i = 0; i < t->ncols; i++)
			st_bind_text(w, (int)i + 1, val[i]);
		st_bind_int(w, (int)t->ncols + 1, deleted);
		st_bind_text(w, (int)t->ncols + 2, replaced_by);
		st_bind_text(w, (int)t->ncols + 3, buf_str(&stamps_text));
		st_bind_int(w, (int)t->ncols + 4, (int64_t)hlc);
		st_bind_text(w, (int)t->ncols + 5, rec->key);
		rc = sqlite3_step(w);
		sqlite3_reset(w);
		if (rc != SQLITE_DONE) {
			rc = -1;
			goto dberr;
		}
	}
	/* The name index follows the live name; a tombstone leaves it. */
	if (strcmp(t->name, "seeker") == 0 && !p->bulk) {
		if (row.found && !row.deleted)
			old_name = fields_get(&row.values, "name");
		if (!deleted)
			new_name = val[name_col] != NULL ? val[name_col] : "";
		if (!row.found && new_name != NULL)
			seeker_gram_batch_add(&p->grams, sqlite3_last_insert_rowid(p->st->db),
			    new_name);
		else if ((old_name == NULL) != (new_name == NULL) ||
		    (old_name != NULL && strcmp(old_name, new_name) != 0)) {
			if (pull_grams_write(p) != 0 ||
			    seeker_index_name(p->st, rec->key, old_name, new_name) != 0)
				goto dberr;
		}
	}
	p->applied++;
	rc = pull_unwait(p, t->name, rec->key);
	goto out;
dberr:
	rc = pull_dberr(p, t->name, rec->key);
out:
	buf_free(&stamps_text);
	pull_row_free(&row);
	fields_free(&pend);
	return rc;
}

/* A service given: append-only, so a key already here is a no-op. */
static int
pull_service_event(struct pull *p, const struct wire_record *rec)
{
	const struct fields *f = &rec->fields;
	sqlite3_stmt *stmt;
	const char *v;

	if (!ident_valid(rec->key)) {
		p->skipped++;
		return 0;
	}
	stmt = pull_stmt(p, &p->service_event, "INSERT INTO service_event (id, type, seeker_id, employer_id, "
	    "vacancy_id, clerk, office, at, free, basis, hlc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?, 0) ON CONFLICT (id) DO NOTHING");
	st_bind_text(stmt, 1, rec->key);
	st_bind_text(stmt, 2, fields_str(f, "type"));
	st_bind_text(stmt, 3, *(v = fields_str(f, "seeker_id")) != '\0' ? v : NULL);
	st_bind_text(stmt, 4, *(v = fields_str(f, "employer_id")) != '\0' ? v : NULL);
	st_bind_text(stmt, 5, *(v = fields_str(f, "vacancy_id")) != '\0' ? v : NULL);
	st_bind_text(stmt, 6, fields_str(f, "clerk"));
	st_bind_text(stmt, 7, fields_str(f, "office"));
	st_bind_text(stmt, 8, fields_str(f, "at"));
	st_bind_int(stmt, 9, strcmp(fields_str(f, "free"), "1") == 0 ||
	    strcmp(fields_str(f, "free"), "true") == 0);
	st_bind_text(stmt, 10, fields_str(f, "basis"));
	if (pull_step_done(p, stmt) != 0)
		return pull_dberr(p, "service_event", rec->key);
	p->applied++;
	return 0;
}

/*
 * One value that lost at the district. Kept for the supervisor's list;
 * and when this terminal still shows the losing value of a field it has
 * not changed since (its own change lost, and the record itself did not
 * change at the server, so it does not come down again), the winning
 * value is applied, under the same stamp guard as any pulled value.
 */
static int
pull_conflict(struct pull *p, const struct wire_record *rec)
{
	const struct fields *f = &rec->fields;
	struct pull_table *t = pull_table(p, fields_str(f, "tbl"));
	sqlite3_stmt *stmt;

	stmt = pull_stmt(p, &p->conflict, "INSERT INTO conflict (key, tbl, row_id, field, lost_value, "
	    "lost_stamp, won_value, won_stamp, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
	    "ON CONFLICT (key) DO UPDATE SET tbl = excluded.tbl, row_id = excluded.row_id, "
	    "field = excluded.field, lost_value = excluded.lost_value, "
	    "lost_stamp = excluded.lost_stamp, won_value = excluded.won_value, "
	    "won_stamp = excluded.won_stamp, at = excluded.at");
	st_bind_text(stmt, 1, rec->key);
	st_bind_text(stmt, 2, fields_str(f, "tbl"));
	st_bind_text(stmt, 3, fields_str(f, "id"));
	st_bind_text(stmt, 4, fields_str(f, "field"));
	st_bind_text(stmt, 5, fields_str(f, "lost_value"));
	st_bind_text(stmt, 6, fields_str(f, "lost_stamp"));
	st_bind_text(stmt, 7, fields_str(f, "won_value"));
	st_bind_text(stmt, 8, fields_str(f, "won_stamp"));
	st_bind_text(stmt, 9, fields_str(f, "at"));
	if (pull_step_done(p, stmt) != 0)
		return pull_dberr(p, "conflict", rec->key);
	p->applied++;
	if (t != NULL && ident_valid(fields_str(f, "id")) &&
	    *fields_str(f, "won_stamp") != '\0') {
		struct pull_row row;
		const char *field = fields_str(f, "field");
		size_t i;
		int known = 0;

		/* Natural keys and a vacancy's employer never change: nothing to repair. */
		for (i = 0; i < t->ncols; i++)
			if (strcmp(t->cols[i].name, field) == 0)
				known = 1;
		if (!known || (t->natural != NULL && strcmp(field, t->natural) == 0) ||
		    strcmp(field, "employer_id") == 0)
			return 0;
		if (pull_row_load(t, fields_str(f, "id"), &row) != 0) {
			pull_row_free(&row);
			return pull_dberr(p, "conflict", rec->key);
		}
		if (row.found && !row.deleted &&
		    strcmp(fields_str(&row.values, field), fields_str(f, "lost_value")) == 0) {
			struct wire_record fix;
			int rc;

			memset(&fix, 0, sizeof fix);
			snprintf(fix.tbl, sizeof fix.tbl, "%s", t->name);
			snprintf(fix.key, sizeof fix.key, "%s", fields_str(f, "id"));
			fields_init(&fix.fields);
			fields_init(&fix.stamps);
			fields_set(&fix.fields, field, fields_str(f, "won_value"));
			fields_set(&fix.stamps, field, fields_str(f, "won_stamp"));
			rc = pull_mutable(p, t, &fix);
			p->applied--;
			fields_free(&fix.fields);
			fields_free(&fix.stamps);
			pull_row_free(&row);
			return rc;
		}
		pull_row_free(&row);
	}
	return 0;
}

/* An office of the district. */
static int
pull_office(struct pull *p, const struct wire_record *rec)
{
	char why[256] = "";
	int rc = st_office_upsert(p->st, rec->key, fields_str(&rec->fields, "name"),
	    fields_str(&rec->fields, "level"), fields_str(&rec->fields, "parent"), why,
	    sizeof why);

	if (rc < 0)
		return pull_dberr(p, "office", rec->key);
	if (rc == 0) {
		log_warn("sync: office %s skipped: %s", rec->key, why);
		p->skipped++;
		return 0;
	}
	p->applied++;
	return pull_unwait(p, "office", rec->key);
}

/* An account of the district: waits for its office if that has not arrived. */
static int
pull_account(struct pull *p, const struct wire_record *rec)
{
	const char *office = fields_get(&rec->fields, "office");
	char why[256] = "";
	int rc;

	if (office != NULL) {
		if ((rc = pull_exists(p, &p->office_exists,
		    "SELECT 1 FROM office WHERE code = ?", office)) < 0)
			return pull_dberr(p, "account", rec->key);
		if (rc == 0)
			return pull_wait(p, rec, "office", office);
	}
	if ((rc = st_account_upsert(p->st, rec->key, &rec->fields, why, sizeof why)) < 0)
		return pull_dberr(p, "account", rec->key);
	if (rc == 0) {
		log_warn("sync: account skipped: %s", why);
		p->skipped++;
		return 0;
	}
	p->applied++;
	return pull_unwait(p, "account", rec->key);
}

/* Make list a district list at version (NULL: keep the version it has). */
static int
pull_list_own(struct pull *p, const char *list, const char *version)
{
	sqlite3_stmt *stmt = pull_stmt(p, &p->list_own, "INSERT INTO code_list (list, version, loaded_at, "
	    "source) VALUES (?1, coalesce(?2, ''), ?3, 'district') ON CONFLICT (list) DO UPDATE "
	    "SET version = coalesce(?2, version), loaded_at = ?3, source = 'district'");
	char stamp[32];

	store_timestamp(stamp);
	st_bind_text(stmt, 1, list);
	st_bind_text(stmt, 2, version);
	st_bind_text(stmt, 3, stamp);
	return pull_step_done(p, stmt);
}

/* Upsert one code of a list (never deleting one). */
static int
pull_code_row(struct pull *p, const char *list, const char *code, const char *parent,
    const char *name_zh, const char *name_en, int deprecated)
{
	sqlite3_stmt *stmt = pull_stmt(p, &p->code_row, "INSERT INTO code (list, code, parent, name_zh, "
	    "name_en, deprecated) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (list, code) DO UPDATE "
	    "SET parent = excluded.parent, name_zh = excluded.name_zh, "
	    "name_en = excluded.name_en, deprecated = excluded.deprecated");

	st_bind_text(stmt, 1, list);
	st_bind_text(stmt, 2, code);
	st_bind_text(stmt, 3, parent);
	st_bind_text(stmt, 4, name_zh);
	st_bind_text(stmt, 5, name_en);
	st_bind_int(stmt, 6, deprecated);
	return pull_step_done(p, stmt);
}

/* Whether a flag field pulled from the district says yes. */
int
st_pulled_flag(const char *v)
{
	return strcmp(v, "1") == 0 || strcmp(v, "true") == 0 || strcmp(v, "yes") == 0;
}

/*
 * Split a code list file (the .tsv format of db/codes: "# list:",
 * "# version:", a header, then code, parent, Chinese name, English name,
 * deprecated separated by tabs) into its rows and upsert them; codes the
 * file does not have stay, deprecated. 0 applied, 1 refused (logged), -1.
 */
static int
pull_code_text(struct pull *p, const char *list, const char *text)
{
	char *copy = xstrdup(text), *line, *next;
	int lineno = 0, rc = 0;
	sqlite3_stmt *stmt;
	char want[128];

	/* Checked whole before anything is written. */
	for (line = copy; line != NULL && rc == 0; line = next) {
		char *f[5];
		size_t n = 0;

		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		lineno++;
		if (lineno == 1) {
			snprintf(want, sizeof want, "# list: %s", list);
			if (strcmp(line, want) != 0)
				rc = 1;
			continue;
		}
		if (lineno <= 3 || *line == '#' || *line == '\0')
			continue;
		for (f[n++] = line; *line != '\0'; line++)
			if (*line == '\t') {
				if (n == 5) {
					n = 6;
					break;
				}
				*line = '\0';
				f[n++] = line + 1;
			}
		if (n != 5 || *f[0] == '\0' || *f[2] == '\0')
			rc = 1;
	}
	free(copy);
	if (rc != 0 || lineno < 3) {
		log_warn("sync: code list %s: the file is not a code list (line %d); kept as it was",
		    list, lineno);
		p->skipped++;
		return 1;
	}
	stmt = st_prepare(p->st, "UPDATE code SET deprecated = 1 WHERE list = ?");
	st_bind_text(stmt, 1, list);
	if (st_step_done(p->st, stmt) != 0)
		return -1;
	copy = xstrdup(text);
	lineno = 0;
	for (line = copy; line != NULL && rc == 0; line = next) {
		char *f[5];
		size_t n = 0;

		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (++lineno <= 3 || *line == '#' || *line == '\0')
			continue;
		for (f[n++] = line; *line != '\0' && n < 5; line++)
			if (*line == '\t') {
				*line = '\0';
				f[n++] = line + 1;
			}
		rc = pull_code_row(p, list, f[0], f[1], f[2], f[3], st_pulled_flag(f[4]));
	}
	free(copy);
	return rc;
}

/* A code list of the district: its version, and its codes when the record has the file. */
static int
pull_code_list(struct pull *p, const struct wire_record *rec)
{
	const char *version = fields_get(&rec->fields, "version");
	const char *text = fields_get(&rec->fields, "text");
	char have[64], source[16];
	int rc;

	if (rec->key[0] == '\0' || strchr(rec->key, ':') != NULL) {
		p->skipped++;
		return 0;
	}
	/* The same version of the district's list again: nothing to do. */
	if (version != NULL &&
	    st_first_text(p->st, "SELECT version FROM code_list WHERE list = ?", rec->key, have,
	    sizeof have) == 0 && strcmp(have, version) == 0 &&
	    st_first_text(p->st, "SELECT source FROM code_list WHERE list = ?", rec->key,
	    source, sizeof source) == 0 && strcmp(source, "district") == 0)
		return 0;
	if (text != NULL) {
		if ((rc = pull_code_text(p, rec->key, text)) < 0)
			return pull_dberr(p, "code_list", rec->key);
		if (rc > 0)
			return 0;
	}
	if (pull_list_own(p, rec->key, version) != 0)
		return pull_dberr(p, "code_list", rec->key);
	p->applied++;
	return 0;
}

/* One code of a list, keyed "list:code". */
static int
pull_code(struct pull *p, const struct wire_record *rec)
{
	const struct fields *f = &rec->fields;
	const char *colon = strchr(rec->key, ':');
	char list[64], code[64];

	if (fields_get(f, "list") != NULL && fields_get(f, "code") != NULL) {
		snprintf(list, sizeof list, "%s", fields_str(f, "list"));
		snprintf(code, sizeof code, "%s", fields_str(f, "code"));
	} else if (colon != NULL) {
		snprintf(list, sizeof list, "%.*s", (int)(colon - rec->key), rec->key);
		snprintf(code, sizeof code, "%s", colon + 1);
	} else
		*list = *code = '\0';
	if (*list == '\0' || *code == '\0' || *fields_str(f, "name_zh") == '\0') {
		log_warn("sync: code %s skipped: no list, code or Chinese name", rec->key);
		p->skipped++;
		return 0;
	}
	/* A code from the district makes its list the district's (no shipped file overrides it). */
	if (pull_list_own(p, list, NULL) != 0 ||
	    pull_code_row(p, list, code, fields_str(f, "parent"), fields_str(f, "name_zh"),
	    fields_str(f, "name_en"), st_pulled_flag(fields_str(f, "deprecated"))) != 0)
		return pull_dberr(p, "code", rec->key);
	p->applied++;
	return 0;
}

/* Whether a form name is a plain file name: a-z, 0-9, _ and -, 1 to 32 of them. */
static int
pull_form_name_ok(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > 32)
		return 0;
	return strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_-") == n;
}

/* Write all of buf to fd; 0 or -1. */
static int
pull_write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, buf, len);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += w;
		len -= (size_t)w;
	}
	return 0;
}

/*
 * A form of the district: written beside the database as
 * forms/<name>.form, where the client looks first. The text goes to a
 * temporary file that is synced and checked as a form (a form that does
 * not load is refused, the old one stays), then renamed over the old one,
 * and the folder synced: a crash leaves the old form or the new one,
 * never half of one. Done inside the page's transaction: if that rolls
 * back, the page comes again and writes the same file.
 */
static int
pull_form(struct pull *p, const struct wire_record *rec)
{
	char *text = formdef_text_join(&rec->fields);
	char name[WIRE_KEY_LEN], *tmp = NULL, *dst = NULL, why[512];
	struct formdef *def;
	size_t len;
	int fd = -1, rc = -1;

	if (text == NULL && fields_get(&rec->fields, "text") != NULL)
		text = xstrdup(fields_str(&rec->fields, "text"));
	snprintf(name, sizeof name, "%s", rec->key);
	len = strlen(name);
	if (len > 5 && strcmp(name + len - 5, ".form") == 0)
		name[len - 5] = '\0';
	if (!pull_form_name_ok(name) || text == NULL) {
		log_warn("sync: form \"%s\" skipped: not a form name, or no text", rec->key);
		p->skipped++;
		free(text);
		return 0;
	}
	if (mkdir(p->forms_dir, 0755) != 0 && errno != EEXIST) {
		snprintf(p->err, p->errlen, _("%s: cannot create the forms folder: %s"),
		    p->forms_dir, strerror(errno));
		free(text);
		return -1;
	}
	tmp = xasprintf("%s/.%s.form.XXXXXX", p->forms_dir, name);
	dst = xasprintf("%s/%s.form", p->forms_dir, name);
	if ((fd = mkstemp(tmp)) < 0) {
		snprintf(p->err, p->errlen, _("%s: cannot write the form: %s"), tmp,
		    strerror(errno));
		free(tmp);
		tmp = NULL;
		goto out;
	}
	if (fchmod(fd, 0644) != 0 || pull_write_all(fd, text, strlen(text)) != 0 ||
	    fsync(fd) != 0) {
		snprintf(p->err, p->errlen, _("%s: cannot write the form: %s"), tmp,
		    strerror(errno));
		goto out;
	}
	close(fd);
	fd = -1;
	def = formdef_load(tmp, columns_of_form, why, sizeof why);
	if (def == NULL || def->table == NULL || strcmp(def->table, name) != 0) {
		log_warn("sync: form %s refused, the one there stays: %s", name,
		    def == NULL ? why : "it fills another table");
		formdef_free(def);
		p->skipped++;
		rc = 0;
		goto out;
	}
	formdef_free(def);
	if (rename(tmp, dst) != 0) {
		snprintf(p->err, p->errlen, _("%s: cannot replace the form: %s"), dst,
		    strerror(errno));
		goto out;
	}
	free(tmp);
	tmp = NULL;
	if ((fd = open(p->forms_dir, O_RDONLY | O_DIRECTORY)) >= 0) {
		if (fsync(fd) != 0)
			log_warn("sync: %s: cannot sync the folder: %s", p->forms_dir,
			    strerror(errno));
	}
	log_info("sync: form %s written", name);
	p->applied++;
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	if (tmp != NULL) {
		unlink(tmp);
		free(tmp);
	}
	free(dst);
	free(text);
	return rc;
}

/* Apply one record of any table. */
static int
pull_record(struct pull *p, const struct wire_record *rec)
{
	struct pull_table *t = pull_table(p, rec->tbl);

	if (t != NULL)
		return pull_mutable(p, t, rec);
	if (strcmp(rec->tbl, "service_event") == 0)
		return pull_service_event(p, rec);
	if (strcmp(rec->tbl, "conflict") == 0)
		return pull_conflict(p, rec);
	if (strcmp(rec->tbl, "office") == 0)
		return pull_office(p, rec);
	if (strcmp(rec->tbl, "account") == 0)
		return pull_account(p, rec);
	if (strcmp(rec->tbl, "code_list") == 0)
		return pull_code_list(p, rec);
	if (strcmp(rec->tbl, "code") == 0)
		return pull_code(p, rec);
	if (strcmp(rec->tbl, "form") == 0)
		return pull_form(p, rec);
	log_warn("sync: a record of unknown table \"%s\" skipped", rec->tbl);
	p->skipped++;
	return 0;
}

/* Apply the waiting records whose parent has arrived; 0 or -1. */
static int
pull_waiting(struct pull *p)
{
	for (;;) {
		sqlite3_stmt *stmt;
		struct wire_record rec;
		char *text = NULL;
		int rc;

		if (!p->any_waiting)
			return 0;
		stmt = st_prepare(p->st, "SELECT w.record FROM sync_waiting w "
		    "WHERE (w.needs_tbl = 'employer' AND EXISTS (SELECT 1 FROM employer e "
		    "WHERE e.id = w.needs_key)) OR (w.needs_tbl = 'office' AND EXISTS "
		    "(SELECT 1 FROM office o WHERE o.code = w.needs_key)) LIMIT 1");
		if (sqlite3_step(stmt) == SQLITE_ROW)
			text = xstrdup(st_column_text(stmt, 0));
		sqlite3_finalize(stmt);
		if (text == NULL)
			return 0;
		rc = pull_record_decode(text, &rec);
		free(text);
		if (rc != 0) {
			fields_free(&rec.fields);
			fields_free(&rec.stamps);
			snprintf(p->err, p->errlen, _("a waiting record is damaged"));
			return -1;
		}
		/* Applied through the same path: it leaves sync_waiting when it lands. */
		if (pull_unwait(p, rec.tbl, rec.key) != 0 || pull_record(p, &rec) != 0)
			rc = -1;
		p->waiting--;
		fields_free(&rec.fields);
		fields_free(&rec.stamps);
		if (rc != 0)
			return pull_dberr(p, rec.tbl, rec.key);
	}
}

/*
 * A first sync into an empty terminal is a bulk load: when it starts,
 * the indexes of the three tables that no constraint needs are dropped
 * (their statements kept in the setting bulk_load) and the name index is
 * not kept page by page; the last page builds them all once. Kept page
 * by page, each page of 1,000 records touched thousands of index pages
 * at random and wrote every one of them to the log again: the load took
 * twice as long. Until it ends, a name search reads every name
 * (seeker_search), slower but complete. Should the load stop short
 * (the network, the process), the indexes are built all the same
 * (store_pull_settle), and the rest of the district comes the slow way.
 */
static int
pull_bulk_begin(struct pull *p)
{
	struct buf ddl = BUF_INIT, drop = BUF_INIT;
	char *v;
	sqlite3_stmt *stmt;
	int rc;

	if ((v = st_setting_get(p->st, "bulk_load")) != NULL) {
		free(v);
		p->bulk = 1;
		return 0;
	}
	if ((v = st_setting_get(p->st, "first_sync_done")) != NULL && strcmp(v, "1") == 0) {
		free(v);
		return 0;
	}
	free(v);
	if (st_count(p->st, "SELECT EXISTS (SELECT 1 FROM seeker) OR EXISTS (SELECT 1 FROM employer) "
	    "OR EXISTS (SELECT 1 FROM vacancy)") != 0)
		return 0;
	stmt = st_prepare(p->st, "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND "
	    "tbl_name IN ('seeker', 'employer', 'vacancy') AND sql IS NOT NULL ORDER BY name");
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *sql = st_column_text(stmt, 1);

		buf_addf(&drop, "DROP INDEX \"%s\";\n", st_column_text(stmt, 0));
		/* Built again as long as it is missing: a later migration may make it first. */
		if (strncmp(sql, "CREATE INDEX ", 13) == 0 &&
		    strncmp(sql + 13, "IF NOT EXISTS ", 14) != 0)
			buf_addf(&ddl, "CREATE INDEX IF NOT EXISTS %s;\n", sql + 13);
		else
			buf_addf(&ddl, "%s;\n", sql);
	}
	sqlite3_finalize(stmt);
	/* Dropped once the list is read: the schema cannot change under a read of it. */
	rc = rc == SQLITE_DONE && st_setting_set(p->st, "bulk_load", buf_str(&ddl)) == 0 &&
	    (drop.len == 0 || st_exec(p->st, buf_str(&drop)) == 0) ? 0 : -1;
	buf_free(&drop);
	buf_free(&ddl);
	if (rc == 0) {
		p->bulk = 1;
		log_info("sync: a first sync into an empty terminal: the indexes are built at its end");
	}
	return rc;
}

/* Build what a bulk load left out and end it, inside the caller's transaction; 0 or -1. */
static int
pull_bulk_finish(struct store *st)
{
	char *ddl = st_setting_get(st, "bulk_load");
	sqlite3_stmt *stmt;
	int rc;

	if (ddl == NULL)
		return 0;
	rc = st_exec(st, ddl) == 0 && seeker_names_reindex(st) == 0 ? 0 : -1;
	free(ddl);
	if (rc != 0)
		return -1;
	stmt = st_prepare(st, "DELETE FROM setting WHERE key = 'bulk_load'");
	if (st_step_done(st, stmt) != 0)
		return -1;
	log_info("sync: the indexes of the first sync are built");
	return 0;
}

int
store_pull_settle(struct store *st, char *err, size_t errlen)
{
	char *v = st_setting_get(st, "bulk_load");

	if (v == NULL)
		return 0;
	free(v);
	if (st_begin(st) != 0 || pull_bulk_finish(st) != 0 || st_commit(st) != 0) {
		snprintf(err, errlen, _("cannot build the indexes of the first sync: %s"),
		    store_errmsg(st));
		st_rollback(st);
		return -1;
	}
	return 0;
}

/* The cursor of the last applied page. */
int
store_pull_cursor(struct store *st, char out[WIRE_CURSOR_LEN])
{
	char *v = st_setting_get(st, "pull_cursor");

	snprintf(out, WIRE_CURSOR_LEN, "%s", v != NULL ? v : "");
	free(v);
	return 0;
}

/*
 * A server restored from a backup starts its pull from the beginning:
 * what it sends may be older than what this terminal applied from it
 * before, and is the truth now. The stamp guard would refuse it, so it
 * is forgotten; the rows stay.
 */
static int
pull_reset(struct pull *p)
{
	static const char *const sql[] = {
		"UPDATE seeker SET stamps = '{}' WHERE stamps <> '{}'",
		"UPDATE employer SET stamps = '{}' WHERE stamps <> '{}'",
		"UPDATE vacancy SET stamps = '{}' WHERE stamps <> '{}'",
	};
	size_t i;

	for (i = 0; i < sizeof sql / sizeof sql[0]; i++)
		if (st_exec(p->st, sql[i]) != 0)
			return -1;
	log_info("sync: the server restarts the pull from the beginning");
	return 0;
}

/*
 * Back to the settings of every other write (db.c): synchronous = FULL,
 * and a checkpoint once the log holds SQLite's default 1,000 pages; 0 or -1.
 */
static int
pull_settings_restore(struct store *st)
{
	return st_exec(st, "PRAGMA synchronous = FULL") != 0 ||
	    st_exec(st, "PRAGMA wal_autocheckpoint = 1000") != 0 ? -1 : 0;
}

/* Apply one pulled page and its cursor in one transaction. */
int
store_pull_apply(struct store *st, const struct wire_pull_reply *reply, char *err,
    size_t errlen)
{
	struct pull p;
	size_t i, r;
	int rc = -1;

	*err = '\0';
	/*
	 * A pulled page is committed with synchronous = NORMAL: in WAL mode
	 * its commit then waits for no fsync (the next checkpoint, or the
	 * next FULL commit, makes it durable). A power cut may lose the page,
	 * but it loses the page's cursor with it, in the same transaction:
	 * the next sync asks for the same page again and applies it whole.
	 * Nothing a clerk typed is in the page (pulled writes add no outbox
	 * entry), so nothing of the clerk's is at risk. FULL comes back right
	 * after the commit, before anything else writes, so the clerk's own
	 * changes stay durable as soon as they are saved.
	 *
	 * Its commit checkpoints only once the log holds 10,000 pages (40 MB):
	 * the pages of the indexes that every page of a first sync touches
	 * are then copied into the database once for many pages, not once
	 * for each (a third less system time in a first sync).
	 */
	if (st_exec(st, "PRAGMA synchronous = NORMAL") != 0 ||
	    st_exec(st, "PRAGMA wal_autocheckpoint = 10000") != 0) {
		snprintf(err, errlen, _("cannot apply the pulled page: %s"), store_errmsg(st));
		return -1;
	}
	if (st_begin(st) != 0) {
		snprintf(err, errlen, _("the database is busy: %s"), store_errmsg(st));
		pull_settings_restore(st);
		return -1;
	}
	pull_init(&p, st, err, errlen);
	/* The code list triggers of migration 0002 let only this transaction write district lists. */
	if (st_setting_set(st, "sync_applying", "1") != 0 ||
	    (reply->reset && pull_reset(&p) != 0) || pull_bulk_begin(&p) != 0)
		goto dberr;
	for (i = 0; i < sizeof pull_order / sizeof pull_order[0]; i++)
		for (r = 0; r < reply->n; r++)
			if (strcmp(reply->records[r].tbl, pull_order[i]) == 0 &&
			    pull_record(&p, &reply->records[r]) != 0)
				goto fail;
	for (r = 0; r < reply->n; r++) {
		for (i = 0; i < sizeof pull_order / sizeof pull_order[0]; i++)
			if (strcmp(reply->records[r].tbl, pull_order[i]) == 0)
				break;
		if (i == sizeof pull_order / sizeof pull_order[0] &&
		    pull_record(&p, &reply->records[r]) != 0)
			goto fail;
	}
	if (pull_waiting(&p) != 0)
		goto fail;
	if (pull_grams_write(&p) != 0)
		goto dberr;
	{
		sqlite3_stmt *stmt = st_prepare(st, "DELETE FROM setting WHERE key = 'sync_applying'");

		if (st_step_done(st, stmt) != 0)
			goto dberr;
	}
	if (st_setting_set(st, "pull_cursor", reply->cursor) != 0 ||
	    (!reply->more && (pull_bulk_finish(st) != 0 ||
	    st_setting_set(st, "first_sync_done", "1") != 0)) ||
	    st_hlc_receive(st, reply->hlc) != 0)
		goto dberr;
	if (st_commit(st) != 0)
		goto dberr;
	log_info("sync: pulled %zu record(s): %ld applied, %ld skipped, %ld waiting", reply->n,
	    p.applied, p.skipped, p.waiting);
	rc = 0;
	goto out;
dberr:
	if (*err == '\0')
		snprintf(err, errlen, _("cannot apply the pulled page: %s"), store_errmsg(st));
fail:
	st_rollback(st);
out:
	pull_done(&p);
	if (pull_settings_restore(st) != 0 && rc == 0) {
		snprintf(err, errlen, _("cannot apply the pulled page: %s"), store_errmsg(st));
		rc = -1;
	}
	return rc;
}
