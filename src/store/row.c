/*
 * Generic row access for the aggregate files: load a row's columns into
 * fields, insert or update the columns a fields set names. Column names
 * come only from the aggregates' static lists, never from input, and
 * every value is a bound parameter.
 */
#include <string.h>

#include "common/buf.h"
#include "common/xalloc.h"
#include "common/i18n.h"
#include "store/codes.h"
#include "store/row.h"

/* Whether key is one of the NULL-terminated columns. */
static int
row_known(const char *const *cols, const char *key)
{
	for (; *cols != NULL; cols++)
		if (strcmp(*cols, key) == 0)
			return 1;
	return 0;
}

/* Load the listed columns of the row with this id; 1 found, 0 not, -1 error. */
int
row_load(struct store *st, const char *tbl, const char *const *cols, const char *id,
    struct fields *out)
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt *stmt;
	size_t i;
	int rc;

	buf_adds(&sql, "SELECT ");
	for (i = 0; cols[i] != NULL; i++)
		buf_addf(&sql, "%s\"%s\"", i > 0 ? ", " : "", cols[i]);
	buf_addf(&sql, " FROM \"%s\" WHERE id = ?", tbl);
	stmt = st_prepare(st, buf_str(&sql));
	buf_free(&sql);
	st_bind_text(stmt, 1, id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		for (i = 0; cols[i] != NULL; i++)
			fields_set(out, cols[i], st_column_text(stmt, (int)i));
		rc = 1;
	} else
		rc = rc == SQLITE_DONE ? 0 : -1;
	sqlite3_finalize(stmt);
	return rc;
}

/* Find the id of a row by the values of some of its columns; 1 found, 0 not, -1 error. */
int
row_find(struct store *st, const char *tbl, const char *const *cols, const char *const *values,
    char id[IDENT_LEN + 1])
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt *stmt;
	size_t i;
	int rc;

	buf_addf(&sql, "SELECT id FROM \"%s\" WHERE ", tbl);
	for (i = 0; cols[i] != NULL; i++)
		buf_addf(&sql, "%s\"%s\" = ?", i > 0 ? " AND " : "", cols[i]);
	stmt = st_prepare(st, buf_str(&sql));
	buf_free(&sql);
	for (i = 0; cols[i] != NULL; i++)
		st_bind_text(stmt, (int)i + 1, values[i]);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		snprintf(id, IDENT_LEN + 1, "%s", st_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* Follow replaced_by from id to the live record; 1 with out, 0 none, -1 error. */
int
row_resolve(struct store *st, const char *tbl, const char *id, char out[IDENT_LEN + 1])
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt *stmt;
	char cur[IDENT_LEN + 1];
	int hops, rc = 0;

	buf_addf(&sql, "SELECT deleted, replaced_by FROM \"%s\" WHERE id = ?", tbl);
	stmt = st_prepare(st, buf_str(&sql));
	buf_free(&sql);
	snprintf(cur, sizeof cur, "%s", id);
	for (hops = 0; hops <= ROW_REDIRECT_MAX; hops++) {
		int step;

		st_bind_text(stmt, 1, cur);
		step = sqlite3_step(stmt);
		if (step != SQLITE_ROW) {
			rc = step == SQLITE_DONE ? 0 : -1;
			break;
		}
		if (sqlite3_column_int(stmt, 0) == 0) {
			snprintf(out, IDENT_LEN + 1, "%s", cur);
			rc = 1;
			break;
		}
		if (sqlite3_column_type(stmt, 1) == SQLITE_NULL ||
		    *st_column_text(stmt, 1) == '\0')
			break;		/* removed, no survivor */
		snprintf(cur, sizeof cur, "%s", st_column_text(stmt, 1));
		sqlite3_reset(stmt);
	}
	sqlite3_finalize(stmt);
	return rc;
}

/* Load a whole record for display and audit the view; 1 found, 0 not, -1 error. */
int
row_open(struct store *st, const char *tbl, const char *const *cols, const char *id,
    struct fields *out)
{
	int rc = row_load(st, tbl, cols, id, out);

	if (rc == 1 && st_audit(st, tbl, id, "view") != 0)
		return -1;
	return rc;
}

/* Insert a row: id plus every field whose key is a listed column. */
int
row_insert(struct store *st, const char *tbl, const char *const *cols, const char *id,
    const struct fields *f)
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt *stmt;
	size_t i;
	int n = 1;

	buf_addf(&sql, "INSERT INTO \"%s\" (id", tbl);
	for (i = 0; i < f->n; i++)
		if (row_known(cols, f->keys[i]))
			buf_addf(&sql, ", \"%s\"", f->keys[i]);
	buf_adds(&sql, ") VALUES (?");
	for (i = 0; i < f->n; i++)
		if (row_known(cols, f->keys[i]))
			buf_adds(&sql, ", ?");
	buf_adds(&sql, ")");
	stmt = st_prepare(st, buf_str(&sql));
	buf_free(&sql);
	st_bind_text(stmt, n++, id);
	for (i = 0; i < f->n; i++)
		if (row_known(cols, f->keys[i]))
			st_bind_text(stmt, n++, f->values[i]);
	return st_step_done(st, stmt);
}

/* Update the listed columns named in f of the row with this id. */
int
row_update(struct store *st, const char *tbl, const char *const *cols, const char *id,
    const struct fields *f)
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt *stmt;
	size_t i;
	int n = 1, any = 0;

	buf_addf(&sql, "UPDATE \"%s\" SET ", tbl);
	for (i = 0; i < f->n; i++)
		if (row_known(cols, f->keys[i])) {
			buf_addf(&sql, "%s\"%s\" = ?", any ? ", " : "", f->keys[i]);
			any = 1;
		}
	if (!any) {
		buf_free(&sql);
		return 0;
	}
	buf_adds(&sql, " WHERE id = ?");
	stmt = st_prepare(st, buf_str(&sql));
	buf_free(&sql);
	for (i = 0; i < f->n; i++)
		if (row_known(cols, f->keys[i]))
			st_bind_text(stmt, n++, f->values[i]);
	st_bind_text(stmt, n, id);
	return st_step_done(st, stmt);
}

/* The fields of `want` whose values differ from `have`, into changed. */
void
row_diff(const struct fields *have, const struct fields *want, const char *const *cols,
    struct fields *changed)
{
	size_t i;

	for (i = 0; i < want->n; i++) {
		const char *old = fields_get(have, want->keys[i]);

		if (!row_known(cols, want->keys[i]))
			continue;
		if (old == NULL || strcmp(old, want->values[i]) != 0)
			fields_set(changed, want->keys[i], want->values[i]);
	}
}

/* Update a row with the given changes, stamp it, and append the outbox entry. */
int
row_apply_update(struct store *st, const char *tbl, const char *const *cols, const char *id,
    const struct fields *changed, uint64_t hlc)
{
	char stamp[32];
	struct fields f = FIELDS_INIT;
	int rc;

	fields_copy(&f, changed);
	snprintf(stamp, sizeof stamp, "%llu", (unsigned long long)hlc);
	rc = row_update(st, tbl, cols, id, &f);
	if (rc == 0) {
		sqlite3_stmt *stmt;
		struct buf sql = BUF_INIT;

		buf_addf(&sql, "UPDATE \"%s\" SET hlc = ? WHERE id = ?", tbl);
		stmt = st_prepare(st, buf_str(&sql));
		buf_free(&sql);
		st_bind_int(stmt, 1, (int64_t)hlc);
		st_bind_text(stmt, 2, id);
		rc = st_step_done(st, stmt);
	}
	if (rc == 0)
		rc = st_outbox_append(st, tbl, id, "update", changed, hlc);
	fields_free(&f);
	return rc;
}

/* Insert a new row stamped with hlc and append its outbox entry. */
int
row_create(struct store *st, const char *tbl, const char *const *cols, const char *id,
    const struct fields *f, uint64_t hlc)
{
	struct fields row = FIELDS_INIT, sent = FIELDS_INIT;
	char stamp[32];
	size_t i;
	int rc;

	fields_copy(&row, f);
	snprintf(stamp, sizeof stamp, "%llu", (unsigned long long)hlc);
	fields_set(&row, "hlc", stamp);
	rc = row_insert(st, tbl, cols, id, &row);
	/* Send what was stored: a key that is no column (a stray CSV column) stays here. */
	for (i = 0; i < f->n; i++)
		if (row_known(cols, f->keys[i]))
			fields_set(&sent, f->keys[i], f->values[i]);
	if (rc == 0)
		rc = st_outbox_append(st, tbl, id, "insert", &sent, hlc);
	fields_free(&row);
	fields_free(&sent);
	return rc;
}

/* A withdrawal needs a current reason of the right list: 0, or -1 with err. */
int
reason_check(struct store *st, const char *list, const char *reason, char *err, size_t errlen)
{
	if (reason == NULL || *reason == '\0') {
		snprintf(err, errlen, _("withdrawing needs a reason"));
		return -1;
	}
	if (codes_valid(st, list, reason) != 1) {
		snprintf(err, errlen, _("\"%s\" is not a reason of the %s list"), reason, list);
		return -1;
	}
	return 0;
}
