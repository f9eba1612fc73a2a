/* Job seekers in the local database. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/log.h"
#include "common/xalloc.h"
#include "core/check.h"
#include "core/idnum.h"
#include "core/lifecycle.h"
#include "store/row.h"
#include "store/seeker.h"


/* Columns shown with a whole record: the form's plus the lifecycle. */
static const char *const seeker_all_columns[] = {
	"id_number", "name", "sex", "birth_date", "phone", "household", "district", "street",
	"address", "education", "major", "skills", "experience", "desired_occupation",
	"desired_wage", "desired_district", "category", "hardship", "hardship_basis",
	"status", "registered_on", "valid_until", "withdraw_reason", "office", "created_by", NULL
};

static const char *const seeker_insert_columns[] = {
	"id_number", "name", "sex", "birth_date", "phone", "household", "district", "street",
	"address", "education", "major", "skills", "experience", "desired_occupation",
	"desired_wage", "desired_district", "category", "hardship", "hardship_basis",
	"status", "registered_on", "valid_until", "withdraw_reason", "office", "created_by",
	"hlc", NULL
};

/* What a free service is owed on: the hardship kind, as at registration. */
static const char *const seeker_basis_columns[] = { "hardship", NULL };

static const char *const seeker_lifecycle_columns[] = {
	"status", "registered_on", "valid_until", "withdraw_reason", "office", "created_by", NULL
};

/* Find a seeker by ID number. */
int
seeker_find_idnum(struct store *st, const char *idnum, char id[IDENT_LEN + 1])
{
	static const char *const cols[] = { "id_number", NULL };

	return row_find(st, "seeker", cols, &idnum, id);
}

/* One piece of a name in the name index (seeker_grams and the batches). */
static const char insert_gram[] =
    "INSERT OR IGNORE INTO seeker_name_gram (gram, name, rid) VALUES (?, ?, ?)";

/*
 * Add (or, with add == 0, remove) the index rows of every one- and
 * two-character piece of a name, each keyed by the full name.
 */
static int
seeker_grams(struct store *st, long long rid, const char *name, int add)
{
	static const char delete_gram[] =
	    "DELETE FROM seeker_name_gram WHERE gram = ? AND name = ? AND rid = ?";
	sqlite3_stmt *stmt = st_cached(st, add ? insert_gram : delete_gram);
	const char *p = name, *prev = NULL;
	int rc = 0;

	/* The pieces point into name, which outlives every step: nothing is copied. */
	sqlite3_bind_text(stmt, 2, name, -1, SQLITE_STATIC);
	st_bind_int(stmt, 3, rid);
	while (*p != '\0' && rc == 0) {
		const char *next = p + 1;
		int pass;

		while ((*next & 0xc0) == 0x80)
			next++;
		for (pass = 0; pass < 2 && rc == 0; pass++) {
			const char *from = pass == 0 ? p : prev;

			if (from == NULL)
				continue;
			sqlite3_bind_text(stmt, 1, from, (int)(next - from), SQLITE_STATIC);
			rc = sqlite3_step(stmt) == SQLITE_DONE ? 0 : -1;
			sqlite3_reset(stmt);
		}
		prev = p;
		p = next;
	}
	sqlite3_clear_bindings(stmt);
	return rc;
}

/* Index a seeker's name for substring search, replacing the old name's rows (NULL: none). */
int
seeker_index_name(struct store *st, const char *id, const char *old_name, const char *name)
{
	static const char find_rid[] = "SELECT rid FROM seeker WHERE id = ?";
	sqlite3_stmt *stmt = st_cached(st, find_rid);
	long long rid;
	int rc;

	st_bind_text(stmt, 1, id);
	rc = sqlite3_step(stmt);
	rid = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	if (rc != SQLITE_ROW)
		return -1;
	return seeker_index_name_rid(st, rid, old_name, name);
}

int
seeker_index_name_rid(struct store *st, long long rid, const char *old_name, const char *name)
{
	if (old_name != NULL && seeker_grams(st, rid, old_name, 0) != 0)
		return -1;
	return name != NULL ? seeker_grams(st, rid, name, 1) : 0;
}

/* The rows of a gram batch sort as the index keeps them: gram, name, rid. */
static int
gram_cmp(const void *a, const void *b)
{
	const struct gram_row *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->gram, y->gram, n);

	if (c == 0 && x->len != y->len)
		c = x->len < y->len ? -1 : 1;
	if (c == 0)
		c = strcmp(x->name, y->name);
	if (c == 0 && x->rid != y->rid)
		c = x->rid < y->rid ? -1 : 1;
	return c;
}

/*
 * The names are copied one after the other into the batch's text, and
 * rows hold offsets into it until the batch is written (the text may
 * move as it grows). Both are kept for the next batch: a whole district's
 * names go through one batch a chunk at a time, and memory freed and
 * asked for again chunk after chunk would be scattered among the
 * database's own pages and never given back.
 */
void
seeker_gram_batch_add(struct gram_batch *b, long long rid, const char *name)
{
	size_t at = b->text.len, i, k, prev = 0;
	int first = 1;

	if (*name == '\0')
		return;
	buf_add(&b->text, name, strlen(name) + 1);
	for (i = 0; name[i] != '\0'; first = 0, prev = i, i += k) {
		int pass;

		for (k = 1; (name[i + k] & 0xc0) == 0x80; k++)
			;
		for (pass = 0; pass < 2; pass++) {
			size_t from = pass == 0 ? i : prev;

			if (pass == 1 && first)
				continue;
			if (b->n == b->cap) {
				b->cap = b->cap ? 2 * b->cap : 1024;
				b->rows = xreallocarray(b->rows, b->cap, sizeof *b->rows);
			}
			b->rows[b->n++] = (struct gram_row){ .gram_at = at + from,
			    .len = i + k - from, .name_at = at, .rid = rid };
		}
	}
}

/*
 * Written in key order, each insert lands next to the one before in the
 * index, on a page already in the cache: a first sync adds some 4,000
 * pieces a page, which scattered would each reach for a page of their own.
 */
int
seeker_gram_batch_write(struct store *st, struct gram_batch *b)
{
	sqlite3_stmt *stmt;
	size_t i;
	int rc = 0;

	if (b->n == 0)
		return 0;
	for (i = 0; i < b->n; i++) {
		b->rows[i].gram = b->text.data + b->rows[i].gram_at;
		b->rows[i].name = b->text.data + b->rows[i].name_at;
	}
	qsort(b->rows, b->n, sizeof *b->rows, gram_cmp);
	stmt = st_cached(st, insert_gram);
	for (i = 0; i < b->n && rc == 0; i++) {
		sqlite3_bind_text(stmt, 1, b->rows[i].gram, (int)b->rows[i].len, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, b->rows[i].name, -1, SQLITE_STATIC);
		st_bind_int(stmt, 3, b->rows[i].rid);
		rc = sqlite3_step(stmt) == SQLITE_DONE ? 0 : -1;
		sqlite3_reset(stmt);
	}
	sqlite3_clear_bindings(stmt);
	b->n = 0;
	buf_reset(&b->text);
	return rc;
}

/* Seekers whose name pieces are gathered and written at a time by seeker_names_reindex. */
#define REINDEX_CHUNK	50000

/*
 * Build the name index of every live seeker anew, chunk by chunk, each
 * chunk's pieces written in the index's order: memory stays that of one
 * chunk (a few megabytes), and each chunk passes over the index once
 * instead of reaching for a page per piece.
 */
int
seeker_names_reindex(struct store *st)
{
	struct gram_batch b = GRAM_BATCH_INIT;
	sqlite3_stmt *stmt;
	long long last = 0;
	int n, rc;

	if (st_exec(st, "DELETE FROM seeker_name_gram") != 0)
		return -1;
	stmt = st_prepare(st, "SELECT rid, name FROM seeker WHERE deleted = 0 AND rid > ? "
	    "ORDER BY rid LIMIT ?");
	do {
		st_bind_int(stmt, 1, last);
		st_bind_int(stmt, 2, REINDEX_CHUNK);
		for (n = 0; (rc = sqlite3_step(stmt)) == SQLITE_ROW; n++) {
			last = sqlite3_column_int64(stmt, 0);
			seeker_gram_batch_add(&b, last, st_column_text(stmt, 1));
		}
		sqlite3_reset(stmt);
		if (rc != SQLITE_DONE || seeker_gram_batch_write(st, &b) != 0)
			rc = -1;
	} while (rc != -1 && n == REINDEX_CHUNK);
	sqlite3_finalize(stmt);
	seeker_gram_batch_free(&b);
	return rc == -1 ? -1 : 0;
}

void
seeker_gram_batch_free(struct gram_batch *b)
{
	free(b->rows);
	buf_free(&b->text);
	memset(b, 0, sizeof *b);
}

/* Fill sex and birth date from a valid ID number. */
static void
seeker_derive(struct fields *f)
{
	struct idnum idn;
	char msg[128], birth[11];
	const char *v = fields_get(f, "id_number");

	if (v == NULL || *v == '\0') {
		fields_set(f, "id_number", NULL);
		return;
	}
	if (idnum_parse(v, 99991231, &idn, msg, sizeof msg) != 0)
		return;
	fields_set(f, "id_number", idn.number);
	fields_set(f, "sex", idn.sex == 1 ? "1" : "2");
	date_format(idn.year * 10000 + idn.month * 100 + idn.day, birth);
	fields_set(f, "birth_date", birth);
}

/* Writes a new seeker with its dates, name index, service event and audit; 0, or -1 with err. */
static int
seeker_insert(struct store *st, const char *id, struct fields *f, char *err, size_t errlen)
{
	struct fields all = FIELDS_INIT;
	char today[11], until[11];
	uint64_t hlc = st_hlc_next(st);
	int rc = -1;

	date_format(store_today(), today);
	date_format(date_add_days(store_today(), store_registration_days(st)), until);
	fields_copy(&all, f);
	fields_set(&all, "status", "registered");
	fields_set(&all, "registered_on", today);
	fields_set(&all, "valid_until", until);
	fields_set(&all, "office", store_office(st));
	fields_set(&all, "created_by", store_actor(st));
	if (row_create(st, "seeker", seeker_insert_columns, id, &all, hlc) != 0) {
		snprintf(err, errlen, _("cannot save the seeker: %s"), store_errmsg(st));
		goto out;
	}
	if (seeker_index_name(st, id, NULL, fields_str(&all, "name")) != 0 ||
	    st_service_event(st, "registration", id, NULL, NULL, 1,
		fields_str(&all, "hardship"), hlc) != 0 ||
	    st_audit(st, "seeker", id, "create") != 0) {
		snprintf(err, errlen, _("cannot save the seeker: %s"), store_errmsg(st));
		goto out;
	}
	rc = 0;
out:
	fields_free(&all);
	return rc;
}

/*
 * Register or change a seeker in one transaction. With upsert, a new
 * record whose ID number is there already changes that record; without,
 * nothing is written and 2 says so.
 */
static int
seeker_write(struct store *st, const char *id, const struct fields *in, int upsert,
    char out_id[IDENT_LEN + 1], char *err, size_t errlen)
{
	struct fields f = FIELDS_INIT, have = FIELDS_INIT, changed = FIELDS_INIT;
	char rid[IDENT_LEN + 1];
	const char *idnum;
	int rc = -1, found;

	fields_copy(&f, in);
	seeker_derive(&f);
	if (*fields_str(&f, "name") == '\0') {
		snprintf(err, errlen, _("a seeker needs a name"));
		goto out;
	}
	if (st_begin(st) != 0) {
		snprintf(err, errlen, _("the database is busy: %s"), store_errmsg(st));
		goto out;
	}
	idnum = fields_get(&f, "id_number");
	if (id != NULL) {
		/* A record merged away is written through to the one it became. */
		if ((found = row_resolve(st, "seeker", id, rid)) != 1) {
			snprintf(err, errlen, found < 0 ? _("cannot read the seeker: %s") :
			    _("the seeker was not found"), store_errmsg(st));
			goto rollback;
		}
	} else if (idnum == NULL || seeker_find_idnum(st, idnum, rid) != 1) {
		if (idnum != NULL)
			store_seeker_id(st, idnum, rid);
		else
			store_new_id(rid);
	}
	found = row_load(st, "seeker", seeker_columns, rid, &have);
	if (found < 0) {
		snprintf(err, errlen, _("cannot read the seeker: %s"), store_errmsg(st));
		goto rollback;
	}
	/*
	 * The id derived from this number can be that of a record whose number
	 * was corrected since: that is someone else, so this person gets a new id.
	 */
	if (id == NULL && found == 1 && idnum != NULL &&
	    strcmp(fields_str(&have, "id_number"), idnum) != 0) {
		fields_free(&have);
		store_new_id(rid);
		found = 0;
	}
	if (id == NULL && found == 1 && !upsert) {
		st_rollback(st);
		snprintf(out_id, IDENT_LEN + 1, "%s", rid);
		snprintf(err, errlen, _("ID number %s is already registered"), idnum);
		rc = 2;
		goto out;
	}
	/* The id derives from the number: a correction is a merge, not an edit. */
	if (id != NULL && found == 1 && *fields_str(&have, "id_number") != '\0' &&
	    idnum != NULL && strcmp(fields_str(&have, "id_number"), idnum) != 0) {
		snprintf(err, errlen, _("the ID number of a registered seeker cannot be changed; "
		    "a supervisor merges the two records"));
		goto rollback;
	}
	if (idnum != NULL && found == 1) {
		char other[IDENT_LEN + 1];

		if (seeker_find_idnum(st, idnum, other) == 1 && strcmp(other, rid) != 0) {
			snprintf(err, errlen, _("ID number %s belongs to another registered seeker"),
			    idnum);
			goto rollback;
		}
	}
	if (found == 0) {
		if (id != NULL) {
			snprintf(err, errlen, _("the seeker was not found"));
			goto rollback;
		}
		if (seeker_insert(st, rid, &f, err, errlen) != 0)
			goto rollback;
		rc = 0;
	} else {
		row_diff(&have, &f, seeker_columns, &changed);
		if (changed.n == 0) {
			st_rollback(st);
			snprintf(out_id, IDENT_LEN + 1, "%s", rid);
			rc = 1;
			goto out;
		}
		if (row_apply_update(st, "seeker", seeker_columns, rid, &changed,
		    st_hlc_next(st)) != 0 ||
		    (fields_get(&changed, "name") != NULL &&
		    seeker_index_name(st, rid, fields_str(&have, "name"),
			fields_str(&f, "name")) != 0) ||
		    st_audit(st, "seeker", rid, "update") != 0) {
			snprintf(err, errlen, _("cannot save the seeker: %s"), store_errmsg(st));
			goto rollback;
		}
		rc = 0;
	}
	if (st_commit(st) != 0) {
		snprintf(err, errlen, _("cannot save the seeker: %s"), store_errmsg(st));
		rc = -1;
		goto rollback;
	}
	snprintf(out_id, IDENT_LEN + 1, "%s", rid);
	log_info("seeker %s %s", rid, found ? "updated" : "registered");
	goto out;
rollback:
	st_rollback(st);
out:
	fields_free(&f);
	fields_free(&have);
	fields_free(&changed);
	return rc;
}

/* Register or change a seeker; an ID number already there changes that record. */
int
seeker_save(struct store *st, const char *id, const struct fields *in,
    char out_id[IDENT_LEN + 1], char *err, size_t errlen)
{
	return seeker_write(st, id, in, 1, out_id, err, errlen);
}

/* Register a new seeker: 0, 2 if the ID number is registered (out_id is that record), -1. */
int
seeker_register(struct store *st, const struct fields *in, char out_id[IDENT_LEN + 1],
    char *err, size_t errlen)
{
	return seeker_write(st, NULL, in, 0, out_id, err, errlen);
}

/* The live record a seeker id stands for now. */
int
seeker_resolve(struct store *st, const char *id, char out[IDENT_LEN + 1])
{
	return row_resolve(st, "seeker", id, out);
}

/* Load a whole record (following a merge) and audit the view. */
int
seeker_open(struct store *st, const char *id, struct fields *out)
{
	char live[IDENT_LEN + 1];
	int rc = row_resolve(st, "seeker", id, live);

	if (rc != 1)
		return rc;
	if ((rc = row_open(st, "seeker", seeker_all_columns, live, out)) == 1)
		fields_set(out, "id", live);
	return rc;
}

/* Fills a search hit from a row of SEEKER_HIT_COLS, its status as of today. */
static void
seeker_hit_fill(sqlite3_stmt *stmt, struct seeker_hit *h, int today)
{
	snprintf(h->id, sizeof h->id, "%s", st_column_text(stmt, 0));
	snprintf(h->id_number, sizeof h->id_number, "%s", st_column_text(stmt, 1));
	snprintf(h->name, sizeof h->name, "%s", st_column_text(stmt, 2));
	snprintf(h->phone, sizeof h->phone, "%s", st_column_text(stmt, 3));
	snprintf(h->birth_date, sizeof h->birth_date, "%s", st_column_text(stmt, 4));
	snprintf(h->valid_until, sizeof h->valid_until, "%s", st_column_text(stmt, 6));
	snprintf(h->status, sizeof h->status, "%s",
	    lifecycle_status(st_column_text(stmt, 5), h->valid_until, today));
}

#define SEEKER_HIT_COLS "s.id, s.id_number, s.name, s.phone, s.birth_date, s.status, s.valid_until"

/* Adds the statement's rows to hits up to max, skipping any already there, and finalizes it. */
static int
seeker_collect(sqlite3_stmt *stmt, struct seeker_hit *hits, size_t max, size_t *n)
{
	int today = store_today(), rc;

	while (*n < max && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		size_t i;
		int dup = 0;

		for (i = 0; i < *n; i++)
			if (strcmp(hits[i].id, st_column_text(stmt, 0)) == 0)
				dup = 1;
		if (!dup)
			seeker_hit_fill(stmt, &hits[(*n)++], today);
	}
	sqlite3_finalize(stmt);
	return 0;
}

/* Search by number prefix or name part. */
int
seeker_search(struct store *st, const char *query, struct seeker_hit *hits, size_t max,
    size_t *n)
{
	sqlite3_stmt *stmt;
	char q[64], land[80];
	size_t i, len;

	*n = 0;
	snprintf(q, sizeof q, "%s", query);
	len = strlen(q);
	while (len > 0 && q[len - 1] == ' ')
		q[--len] = '\0';
	if (len == 0)
		return 0;
	if (idnum_like(q)) {
		for (i = 0; i < len; i++)
			if (q[i] == 'x')
				q[i] = 'X';
		stmt = st_prepare(st, "SELECT " SEEKER_HIT_COLS " FROM seeker s "
		    "WHERE s.id_number >= ?1 AND s.id_number < ?1 || 'Y' AND s.deleted = 0 "
		    "ORDER BY s.id_number LIMIT ?2");
		st_bind_text(stmt, 1, q);
		st_bind_int(stmt, 2, (int64_t)max);
		seeker_collect(stmt, hits, max, n);
		/*
		 * Mobiles by the digits typed, then landlines, kept as
		 * "010-XXXXXXXX": two index ranges, never one OR that sorts.
		 */
		snprintf(land, sizeof land, "010-%s", strncmp(q, "010", 3) == 0 ? q + 3 : q);
		for (i = 0; i < 2; i++) {
			stmt = st_prepare(st, "SELECT " SEEKER_HIT_COLS " FROM seeker s "
			    "WHERE s.phone >= ?1 AND s.phone < ?1 || ':' AND s.deleted = 0 "
			    "ORDER BY s.phone LIMIT ?2");
			st_bind_text(stmt, 1, i == 0 ? q : land);
			st_bind_int(stmt, 2, (int64_t)max);
			seeker_collect(stmt, hits, max, n);
		}
		return 0;
	}
	{
		/* The first one or two characters of the query select candidates by index. */
		const char *p = q;
		size_t glen = 0;
		int chars = 0;

		while (p[glen] != '\0' && chars < 2) {
			glen++;
			while ((p[glen] & 0xc0) == 0x80)
				glen++;
			chars++;
		}
		/*
		 * The gram index is in name order: only the rows shown are read.
		 * A first sync's bulk load builds it at its end (sync-pull.c):
		 * until then every name is read, slower but complete.
		 */
		if (st_count(st, "SELECT EXISTS (SELECT 1 FROM setting WHERE key = 'bulk_load')") == 1)
			stmt = st_prepare(st, "SELECT " SEEKER_HIT_COLS " FROM seeker s "
			    "WHERE instr(s.name, ?2) > 0 AND s.deleted = 0 "
			    "ORDER BY s.name, s.rid LIMIT ?3");
		else
			stmt = st_prepare(st, "SELECT " SEEKER_HIT_COLS " FROM seeker_name_gram g "
			    "JOIN seeker s ON s.rid = g.rid WHERE g.gram = ?1 AND "
			    "instr(g.name, ?2) > 0 AND s.deleted = 0 "
			    "ORDER BY g.name, g.rid LIMIT ?3");
		sqlite3_bind_text(stmt, 1, q, (int)glen, SQLITE_TRANSIENT);
		st_bind_text(stmt, 2, q);
		st_bind_int(stmt, 3, (int64_t)max);
		return seeker_collect(stmt, hits, max, n);
	}
}

/* Same name and birth date: a possible second registration of one person. */
int
seeker_similar(struct store *st, const char *name, const char *birth_date, const char *except_id,
    struct seeker_hit *hits, size_t max, size_t *n)
{
	sqlite3_stmt *stmt = st_prepare(st, "SELECT " SEEKER_HIT_COLS " FROM seeker s "
	    "WHERE s.name = ? AND s.birth_date = ? AND s.id <> ? AND s.deleted = 0 LIMIT ?");

	*n = 0;
	st_bind_text(stmt, 1, name);
	st_bind_text(stmt, 2, birth_date);
	st_bind_text(stmt, 3, except_id != NULL ? except_id : "");
	st_bind_int(stmt, 4, (int64_t)max);
	return seeker_collect(stmt, hits, max, n);
}

/* Apply a lifecycle change to a seeker in one transaction. */
static int
seeker_lifecycle(struct store *st, const char *id, const struct fields *change_in,
    const char *action, const char *service, int reopen, char *err, size_t errlen)
{
	struct fields have = FIELDS_INIT, change = FIELDS_INIT;
	char live[IDENT_LEN + 1];
	uint64_t hlc;
	int rc = -1;

	if (st_begin(st) != 0) {
		snprintf(err, errlen, _("the database is busy: %s"), store_errmsg(st));
		return -1;
	}
	fields_copy(&change, change_in);
	/* A record merged away: the change is the survivor's. */
	if (row_resolve(st, "seeker", id, live) != 1) {
		snprintf(err, errlen, _("the seeker was not found"));
		goto out;
	}
	id = live;
	if (row_load(st, "seeker", seeker_lifecycle_columns, id, &have) != 1 ||
	    row_load(st, "seeker", seeker_basis_columns, id, &have) != 1) {
		snprintf(err, errlen, _("the seeker was not found"));
		goto out;
	}
	if (strcmp(fields_str(&have, "status"), "withdrawn") == 0 ||
	    strcmp(fields_str(&have, "status"), "placed") == 0) {
		char today[11];

		if (!reopen) {
			snprintf(err, errlen, _("the registration is already closed (%s)"),
			    fields_str(&have, "status"));
			goto out;
		}
		/* Someone placed or withdrawn who comes back registers anew. */
		date_format(store_today(), today);
		fields_set(&change, "status", "registered");
		fields_set(&change, "registered_on", today);
		fields_set(&change, "withdraw_reason", "");
		service = "registration";
	}
	hlc = st_hlc_next(st);
	if (row_apply_update(st, "seeker", seeker_lifecycle_columns, id, &change, hlc) != 0 ||
	    st_audit(st, "seeker", id, action) != 0 ||
	    (service != NULL && st_service_event(st, service, id, NULL, NULL, 1,
		fields_str(&have, "hardship"), hlc) != 0) ||
	    st_commit(st) != 0) {
		snprintf(err, errlen, _("cannot save the seeker: %s"), store_errmsg(st));
		goto out;
	}
	rc = 0;
out:
	if (rc != 0)
		st_rollback(st);
	fields_free(&have);
	fields_free(&change);
	return rc;
}

/* Renew a registration. */
int
seeker_renew(struct store *st, const char *id, char *err, size_t errlen)
{
	struct fields f = FIELDS_INIT;
	char until[11];
	int rc;

	date_format(date_add_days(store_today(), store_registration_days(st)), until);
	fields_set(&f, "status", "renewed");
	fields_set(&f, "valid_until", until);
	rc = seeker_lifecycle(st, id, &f, "renew", "renewal", 1, err, errlen);
	fields_free(&f);
	return rc;
}

/* Withdraw a registration with a reason. */
int
seeker_withdraw(struct store *st, const char *id, const char *reason, char *err, size_t errlen)
{
	struct fields f = FIELDS_INIT;
	int rc;

	if (reason_check(st, "withdraw_reason", reason, err, errlen) != 0)
		return -1;
	fields_set(&f, "status", strcmp(reason, "placed") == 0 ? "placed" : "withdrawn");
	fields_set(&f, "withdraw_reason", reason);
	rc = seeker_lifecycle(st, id, &f, "withdraw", NULL, 0, err, errlen);
	fields_free(&f);
	return rc;
}

/* Loads a seeker for a merge: its form columns, whether it is deleted and where it points. */
static int
seeker_merge_load(struct store *st, const char *id, struct fields *out, int *deleted,
    char replaced_by[IDENT_LEN + 1])
{
	sqlite3_stmt *stmt;
	int rc;

	if ((rc = row_load(st, "seeker", seeker_columns, id, out)) != 1)
		return rc;
	stmt = st_prepare(st, "SELECT deleted, coalesce(replaced_by, '') FROM seeker WHERE id = ?");
	st_bind_text(stmt, 1, id);
	rc = sqlite3_step(stmt) == SQLITE_ROW ? 1 : -1;
	if (rc == 1) {
		*deleted = sqlite3_column_int(stmt, 0);
		snprintf(replaced_by, IDENT_LEN + 1, "%s", st_column_text(stmt, 1));
	}
	sqlite3_finalize(stmt);
	return rc;
}

/*
 * Merge two registrations of one person: the survivor takes each field of
 * the loser that it lacks, the loser becomes a tombstone pointing at the
 * survivor. Two outbox entries (an update of the survivor when it took
 * anything, a delete of the loser with {"replaced_by": survivor}) and two
 * audit records, in one transaction.
 */
int
seeker_merge(struct store *st, const char *loser_id, const char *survivor_id, char *err,
    size_t errlen)
{
	struct fields loser = FIELDS_INIT, survivor = FIELDS_INIT, take = FIELDS_INIT;
	struct fields del = FIELDS_INIT;
	char lost_to[IDENT_LEN + 1], surv_to[IDENT_LEN + 1], loser_copy[IDENT_LEN + 1];
	char survivor_copy[IDENT_LEN + 1];
	int ldel = 0, sdel = 0, rc = -1, found;
	sqlite3_stmt *stmt;
	uint64_t hlc;
	size_t i;

	/* The ids may point into a screen's buffers: copy them before anything is written. */
	snprintf(loser_copy, sizeof loser_copy, "%s", loser_id);
	snprintf(survivor_copy, sizeof survivor_copy, "%s", survivor_id);
	if (strcmp(loser_copy, survivor_copy) == 0) {
		snprintf(err, errlen, _("a record cannot be merged into itself"));
		return -1;
	}
	if (st_begin(st) != 0) {
		snprintf(err, errlen, _("the database is busy: %s"), store_errmsg(st));
		return -1;
	}
	if ((found = seeker_merge_load(st, loser_copy, &loser, &ldel, lost_to)) != 1 ||
	    seeker_merge_load(st, survivor_copy, &survivor, &sdel, surv_to) != 1) {
		snprintf(err, errlen, _("the %s record was not found"),
		    found != 1 ? _("merged") : _("surviving"));
		goto out;
	}
	if (sdel) {
		if (*surv_to != '\0')
			snprintf(err, errlen, _("the surviving record was itself merged into %s; "
			    "merge into that one"), surv_to);
		else
			snprintf(err, errlen, _("the surviving record was removed"));
		goto out;
	}
	if (ldel) {
		snprintf(err, errlen, _("the record was already merged or removed"));
		goto out;
	}
	/* The id derives from the ID number: the record that has one survives. */
	if (*fields_str(&loser, "id_number") != '\0' &&
	    *fields_str(&survivor, "id_number") == '\0') {
		snprintf(err, errlen, _("the record with the ID number must survive: merge the "
		    "other way round"));
		goto out;
	}
	for (i = 0; i < loser.n; i++) {
		if (strcmp(loser.keys[i], "id_number") == 0 || *loser.values[i] == '\0')
			continue;
		if (*fields_str(&survivor, loser.keys[i]) == '\0')
			fields_set(&take, loser.keys[i], loser.values[i]);
	}
	hlc = st_hlc_next(st);
	if (take.n > 0 &&
	    (row_apply_update(st, "seeker", seeker_columns, survivor_copy, &take, hlc) != 0 ||
	    (fields_get(&take, "name") != NULL &&
	    seeker_index_name(st, survivor_copy, fields_str(&survivor, "name"),
		fields_str(&take, "name")) != 0)))
		goto dberr;
	/* The tombstone gives up its number (UNIQUE) and leaves the name index. */
	stmt = st_prepare(st, "UPDATE seeker SET deleted = 1, replaced_by = ?, id_number = NULL, "
	    "hlc = ? WHERE id = ?");
	st_bind_text(stmt, 1, survivor_copy);
	st_bind_int(stmt, 2, (int64_t)hlc);
	st_bind_text(stmt, 3, loser_copy);
	fields_set(&del, "replaced_by", survivor_copy);
	if (st_step_done(st, stmt) != 0 ||
	    seeker_index_name(st, loser_copy, fields_str(&loser, "name"), NULL) != 0 ||
	    st_outbox_append(st, "seeker", loser_copy, "delete", &del, hlc) != 0 ||
	    st_audit(st, "seeker", survivor_copy, "merge") != 0 ||
	    st_audit(st, "seeker", loser_copy, "merge") != 0 ||
	    st_commit(st) != 0)
		goto dberr;
	log_info("seeker %s merged into %s", loser_copy, survivor_copy);
	rc = 0;
	goto out;
dberr:
	snprintf(err, errlen, _("cannot merge the records: %s"), store_errmsg(st));
out:
	if (rc != 0)
		st_rollback(st);
	fields_free(&loser);
	fields_free(&survivor);
	fields_free(&take);
	fields_free(&del);
	return rc;
}

/*
 * The services given to a seeker, newest first: those of every record
 * merged into it count as its own.
 */
int
seeker_services(struct store *st, const char *id, struct seeker_service *out, size_t max,
    size_t *n)
{
	char live[IDENT_LEN + 1];
	sqlite3_stmt *stmt;
	int rc;

	*n = 0;
	if ((rc = row_resolve(st, "seeker", id, live)) != 1)
		return rc < 0 ? -1 : 0;
	stmt = st_prepare(st,
	    "WITH RECURSIVE alias(id, depth) AS (SELECT ?1, 0 UNION "
	    "SELECT s.id, a.depth + 1 FROM seeker s JOIN alias a ON s.replaced_by = a.id "
	    "WHERE a.depth < ?3) "
	    "SELECT e.id, e.type, e.at, e.clerk, e.office, e.free, e.basis, e.seeker_id "
	    "FROM service_event e WHERE e.seeker_id IN (SELECT id FROM alias) "
	    "ORDER BY e.at DESC, e.id DESC LIMIT ?2");
	st_bind_text(stmt, 1, live);
	st_bind_int(stmt, 2, (int64_t)max);
	st_bind_int(stmt, 3, ROW_REDIRECT_MAX);
	while (*n < max && sqlite3_step(stmt) == SQLITE_ROW) {
		struct seeker_service *e = &out[(*n)++];

		snprintf(e->id, sizeof e->id, "%s", st_column_text(stmt, 0));
		snprintf(e->type, sizeof e->type, "%s", st_column_text(stmt, 1));
		snprintf(e->at, sizeof e->at, "%s", st_column_text(stmt, 2));
		snprintf(e->clerk, sizeof e->clerk, "%s", st_column_text(stmt, 3));
		snprintf(e->office, sizeof e->office, "%s", st_column_text(stmt, 4));
		e->free_service = sqlite3_column_int(stmt, 5);
		snprintf(e->basis, sizeof e->basis, "%s", st_column_text(stmt, 6));
		snprintf(e->seeker_id, sizeof e->seeker_id, "%s", st_column_text(stmt, 7));
	}
	sqlite3_finalize(stmt);
	return 0;
}
