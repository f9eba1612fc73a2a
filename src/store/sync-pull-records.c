/*
 * Pulled records of the kinds terminals change (jobdesk-sync(7), "Client
 * rules"): the per-field kinds (seekers, employers, vacancies) upserted
 * field by field, the append-only kinds (services given) inserted once,
 * and the district's conflict journal.
 *
 * A per-field record's field with a change of this terminal waiting in
 * the outbox keeps the local value: the server decides when that change
 * arrives, and its result comes back in a later page. Every other field
 * takes the server's value, unless the stamp of the value applied before
 * is newer (the guard that makes an old page harmless). Tombstones keep
 * their row (references and redirects still resolve) but give up their
 * natural key.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/log.h"
#include "common/xalloc.h"
#include "store/seeker.h"
#include "store/sync-pull-int.h"
#include "wire/fields-json.h"
#include "wire/stamps.h"

/* Prepares a mutable table's load, update and insert statements for the page. */
static void
pull_table_prepare(struct pull *p, struct pull_table *t)
{
	struct buf load = BUF_INIT, upd = BUF_INIT, ins = BUF_INIT, vals = BUF_INIT;
	const struct kind *k = t->kind;
	size_t i, n = k->ncols;

	if (n > KIND_MAX_COLUMNS)
		fatalx("%s has more columns than a pull takes", k->name);
	buf_adds(&load, "SELECT deleted, coalesce(replaced_by, ''), stamps, hlc");
	buf_addf(&upd, "UPDATE \"%s\" SET ", k->name);
	buf_addf(&ins, "INSERT INTO \"%s\" (", k->name);
	for (i = 0; i < n; i++) {
		buf_addf(&load, ", \"%s\"", k->cols[i].name);
		buf_addf(&upd, "\"%s\" = ?%zu, ", k->cols[i].name, i + 1);
		buf_addf(&ins, "\"%s\", ", k->cols[i].name);
		buf_addf(&vals, "?%zu, ", i + 1);
	}
	buf_addf(&load, " FROM \"%s\" WHERE id = ?", k->name);
	buf_addf(&upd, "deleted = ?%zu, replaced_by = ?%zu, stamps = ?%zu, hlc = ?%zu, "
	    "authors = coalesce(?%zu, authors) WHERE id = ?%zu", n + 1, n + 2, n + 3, n + 4, n + 6,
	    n + 5);
	buf_addf(&ins, "deleted, replaced_by, stamps, hlc, authors, id) VALUES (%s?%zu, ?%zu, "
	    "?%zu, ?%zu, coalesce(?%zu, '{}'), ?%zu)", buf_str(&vals), n + 1, n + 2, n + 3, n + 4,
	    n + 6, n + 5);
	t->load = st_prepare(p->st, buf_str(&load));
	t->update = st_prepare(p->st, buf_str(&upd));
	t->insert = st_prepare(p->st, buf_str(&ins));
	buf_free(&load);
	buf_free(&upd);
	buf_free(&ins);
	buf_free(&vals);
}


/* Prepare the statements of every per-field kind for the page. */
void
pull_records_init(struct pull *p)
{
	size_t i, c;

	for (i = 0; i < KIND_COUNT; i++) {
		const struct kind *k = kind_get((enum kind_id)i);

		if (k->merge != KIND_MERGE_FIELDS)
			continue;
		p->tables[i].kind = k;
		for (c = 0; c < k->ncols && c < KIND_MAX_COLUMNS; c++)
			p->tables[i].names[c] = k->cols[c].name;
		pull_table_prepare(p, &p->tables[i]);
	}
	p->pending = st_prepare(p->st, "SELECT o.op, j.key FROM outbox o "
	    "LEFT JOIN json_each(o.fields) j WHERE o.tbl = ? AND o.row_id = ?");
	p->outbox_empty = st_count(p->st, "SELECT NOT EXISTS (SELECT 1 FROM outbox)") == 1;
}

/* Finalize what pull_records_init and the handlers prepared. */
void
pull_records_done(struct pull *p)
{
	size_t i;

	for (i = 0; i < KIND_COUNT; i++) {
		sqlite3_finalize(p->tables[i].load);
		sqlite3_finalize(p->tables[i].update);
		sqlite3_finalize(p->tables[i].insert);
		sqlite3_finalize(p->tables[i].holder);
		sqlite3_finalize(p->tables[i].give_up);
		sqlite3_finalize(p->appended[i]);
	}
	sqlite3_finalize(p->pending);
	sqlite3_finalize(p->conflict);
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

/* Tombstone the local row that holds a natural key the district gives to another record. */
static int
pull_takeover(struct pull *p, struct pull_table *t, const char *natural, const char *id)
{
	const struct kind *k = t->kind;
	struct buf sql = BUF_INIT;
	sqlite3_stmt *stmt;
	char holder[IDENT_LEN + 1], name[512];
	int rc;

	if (t->holder == NULL) {
		buf_addf(&sql, "SELECT id, \"%s\" FROM \"%s\" WHERE \"%s\" = ? AND id <> ?",
		    k->label_column, k->name, k->natural);
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
		    "WHERE id = ?", k->name, k->natural);
		t->give_up = st_prepare(p->st, buf_str(&sql));
		buf_free(&sql);
	}
	stmt = t->give_up;
	st_bind_text(stmt, 1, id);
	st_bind_text(stmt, 2, holder);
	if (pull_step_done(p, stmt) != 0)
		return -1;
	if (k->id == KIND_SEEKER && !p->bulk && (pull_grams_write(p) != 0 ||
	    seeker_index_name(p->st, holder, name, NULL) != 0))
		return -1;
	log_info("sync: %s %s is now %s (same %s)", k->name, holder, id, k->natural);
	return 0;
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
pull_stamps_parse(const char *text, size_t len, struct fields *stamps)
{
	if (strcmp(text, "{}") == 0)
		return;
	if (wire_fields_decode(text, len, stamps) != 0)
		fields_free(stamps);
}

/* Load the local row of t with this id into row; 0 or -1. */
static int
pull_row_load(struct pull_table *t, const char *id, struct pull_row *row)
{
	const struct kind *k = t->kind;
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
		pull_stamps_parse(st_column_text(t->load, 2),
		    (size_t)sqlite3_column_bytes(t->load, 2), &row->stamps);
		row->hlc = (uint64_t)sqlite3_column_int64(t->load, 3);
		for (i = 0; i < k->ncols; i++)
			if (sqlite3_column_type(t->load, (int)i + 4) != SQLITE_NULL)
				fields_set(&row->values, k->cols[i].name,
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
int
pull_mutable(struct pull *p, const struct kind *k, const struct wire_record *rec)
{
	struct pull_table *t = &p->tables[k->id];
	struct pull_row row;
	struct fields pend = FIELDS_INIT;
	const char *val[KIND_MAX_COLUMNS], *stamp[KIND_MAX_COLUMNS];
	const char *replaced_by, *old_name = NULL, *new_name = NULL, *newest;
	struct buf stamps_text = BUF_INIT;
	uint64_t hlc;
	int pending_delete = 0, deleted, rc = -1;
	size_t i;

	if (!ident_valid(rec->key)) {
		log_warn("sync: %s record with a key that is not an id skipped", rec->tbl);
		p->skipped++;
		return 0;
	}
	if (pull_row_load(t, rec->key, &row) != 0 ||
	    pull_pending(p, k->name, rec->key, &pend, &pending_delete) != 0)
		goto dberr;
	/* A new record needs the records it belongs to (a vacancy its employer): it waits for them. */
	for (i = 0; i < k->ncols && !row.found; i++) {
		const struct kind_column *c = &k->cols[i];
		const char *key = fields_str(&rec->fields, c->name);
		int have;

		if (c->type != KT_ID || c->refers == NULL)
			continue;
		if ((have = pull_exists(p, kind_find(c->refers), key)) < 0)
			goto dberr;
		if (have == 0) {
			rc = pull_wait(p, rec, kind_find(c->refers), key);
			goto out;
		}
	}
	newest = NULL;
	for (i = 0; i < k->ncols; i++) {
		const struct kind_column *col = &k->cols[i];
		const char *c = col->name, *v = pull_field(&rec->fields, c, &t->field_at[i]);
		const char *in_stamp = v != NULL ? wire_stamp_of(&rec->stamps, c) : NULL;
		const char *have_stamp = wire_stamp_of(&row.stamps, c);

		val[i] = row.found ? fields_get(&row.values, c) : col->dflt;
		stamp[i] = have_stamp;
		if (v == NULL || fields_get(&pend, c) != NULL)
			continue;
		/* A column fixed at registration (a vacancy's employer) keeps its value. */
		if (row.found && (col->flags & KC_FIXED))
			continue;
		/* An older value than the one applied: a page seen again, or out of order. */
		if (in_stamp != NULL && have_stamp != NULL && strcmp(in_stamp, have_stamp) < 0)
			continue;
		if (col->type == KT_STATUS && kind_status(k, v) == NULL) {
			log_warn("sync: %s %s: %s value refused by the local table", k->name,
			    rec->key, c);
			continue;
		}
		val[i] = v;
		if ((col->flags & KC_NATURAL) && *v == '\0')
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
	/* A tombstone keeps no personal data: the record it became holds it. */
	for (i = 0; i < k->ncols && deleted; i++)
		if (k->cols[i].flags & KC_FORM)
			val[i] = k->cols[i].flags & KC_NATURAL ? NULL : "";
	if (k->natural != NULL) {
		const char *had = fields_get(&row.values, k->natural);

		i = (size_t)kind_column_index(k, k->natural);
		if (deleted)
			val[i] = NULL;		/* a tombstone gives up its number: UNIQUE holds */
		else if (val[i] != NULL && (had == NULL || strcmp(had, val[i]) != 0) &&
		    pull_takeover(p, t, val[i], rec->key) != 0)
			goto dberr;
	}
	wire_stamps_text(t->names, stamp, k->ncols, &stamps_text);
	{
		sqlite3_stmt *w = row.found ? t->update : t->insert;

		int n = (int)k->ncols;

		for (i = 0; i < k->ncols; i++)
			st_bind_text(w, (int)i + 1, val[i]);
		st_bind_int(w, n + 1, deleted);
		st_bind_text(w, n + 2, replaced_by);
		st_bind_text(w, n + 3, buf_str(&stamps_text));
		st_bind_int(w, n + 4, (int64_t)hlc);
		st_bind_text(w, n + 5, rec->key);
		if (rec->authors.n > 0) {
			char *authors = wire_fields_text(&rec->authors, 0);

			sqlite3_bind_text(w, n + 6, authors, -1, free);
		} else
			sqlite3_bind_null(w, n + 6);
		rc = sqlite3_step(w);
		sqlite3_reset(w);
		if (rc != SQLITE_DONE) {
			rc = -1;
			goto dberr;
		}
	}
	/* The name index follows the live name; a tombstone leaves it. */
	if (k->id == KIND_SEEKER && !p->bulk) {
		size_t name_col = (size_t)kind_column_index(k, k->label_column);

		if (row.found && !row.deleted)
			old_name = fields_get(&row.values, k->label_column);
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
	/* A person whose whole record comes is in the scope: out of the identity index. */
	if (k->id == KIND_SEEKER && pull_scope_seeker(p, rec->key, deleted) != 0)
		goto dberr;
	/* What is due on a case file follows its plan, changed here or elsewhere. */
	if (k->id == KIND_ASSISTANCE_PLAN && st_casefile_refresh(p->st,
	    val[kind_column_index(k, "seeker_id")] != NULL ?
	    val[kind_column_index(k, "seeker_id")] : "") != 0)
		goto dberr;
	p->applied++;
	rc = pull_unwait(p, k->name, rec->key);
	goto out;
dberr:
	rc = pull_dberr(p, k->name, rec->key);
out:
	buf_free(&stamps_text);
	pull_row_free(&row);
	fields_free(&pend);
	return rc;
}

/*
 * A record of an append-only kind (a service given): a key already here is
 * a no-op. Empty references are stored as none (NULL), flags as 0 or 1;
 * the local stamp (hlc) of a pulled service is 0.
 */
int
pull_appended(struct pull *p, const struct kind *k, const struct wire_record *rec)
{
	sqlite3_stmt *stmt = p->appended[k->id];
	size_t i;

	if (!ident_valid(rec->key)) {
		p->skipped++;
		return 0;
	}
	if (stmt == NULL) {
		struct buf sql = BUF_INIT, vals = BUF_INIT;

		buf_addf(&sql, "INSERT INTO \"%s\" (id", k->name);
		for (i = 0; i < k->ncols; i++) {
			buf_addf(&sql, ", \"%s\"", k->cols[i].name);
			buf_adds(&vals, ", ?");
		}
		/*
		 * A record written once may have been written at two windows
		 * under one id (a service given once a day, logged offline at
		 * both): the district kept the first it was sent, and every
		 * terminal takes that one, its own included.
		 */
		buf_addf(&sql, ", hlc) VALUES (?%s, 0) ON CONFLICT (id) DO UPDATE SET ",
		    buf_str(&vals));
		for (i = 0; i < k->ncols; i++)
			buf_addf(&sql, "%s\"%s\" = excluded.\"%s\"", i > 0 ? ", " : "",
			    k->cols[i].name, k->cols[i].name);
		stmt = pull_stmt(p, &p->appended[k->id], buf_str(&sql));
		buf_free(&sql);
		buf_free(&vals);
	}
	st_bind_text(stmt, 1, rec->key);
	for (i = 0; i < k->ncols; i++) {
		const struct kind_column *c = &k->cols[i];
		const char *v = fields_str(&rec->fields, c->name);

		if (c->type == KT_FLAG)
			st_bind_int(stmt, (int)i + 2, st_pulled_flag(v));
		else
			st_bind_text(stmt, (int)i + 2, c->type == KT_IDOPT && *v == '\0' ? NULL : v);
	}
	if (pull_step_done(p, stmt) != 0)
		return pull_dberr(p, k->name, rec->key);
	/* A contact made at another window moves the person's next contact here too. */
	if (k->id == KIND_CASE_CONTACT &&
	    st_casefile_refresh(p->st, fields_str(&rec->fields, "seeker_id")) != 0)
		return pull_dberr(p, k->name, rec->key);
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
int
pull_conflict(struct pull *p, const struct kind *journal, const struct wire_record *rec)
{
	const struct fields *f = &rec->fields;
	const struct kind *k = kind_find(fields_str(f, "tbl"));
	struct pull_table *t = k != NULL && k->merge == KIND_MERGE_FIELDS ? &p->tables[k->id] : NULL;
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
		return pull_dberr(p, journal->name, rec->key);
	p->applied++;
	if (t != NULL && ident_valid(fields_str(f, "id")) &&
	    *fields_str(f, "won_stamp") != '\0') {
		struct pull_row row;
		const char *field = fields_str(f, "field");
		const struct kind_column *c = kind_column(k, field);

		/* Natural keys and a vacancy's employer never change: nothing to repair. */
		if (c == NULL || (c->flags & (KC_NATURAL | KC_FIXED)))
			return 0;
		if (pull_row_load(t, fields_str(f, "id"), &row) != 0) {
			pull_row_free(&row);
			return pull_dberr(p, journal->name, rec->key);
		}
		if (row.found && !row.deleted &&
		    strcmp(fields_str(&row.values, field), fields_str(f, "lost_value")) == 0) {
			struct wire_record fix;
			int rc;

			memset(&fix, 0, sizeof fix);
			snprintf(fix.tbl, sizeof fix.tbl, "%s", k->name);
			snprintf(fix.key, sizeof fix.key, "%s", fields_str(f, "id"));
			fields_init(&fix.fields);
			fields_init(&fix.stamps);
			fields_set(&fix.fields, field, fields_str(f, "won_value"));
			fields_set(&fix.stamps, field, fields_str(f, "won_stamp"));
			rc = pull_mutable(p, k, &fix);
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

