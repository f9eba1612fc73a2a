/*
 * Rows of a record kind: see row.h. Statements are built from the kind
 * table's column names, quoted, with every value bound.
 */
#include <stdio.h>
#include <string.h>

#include "common/buf.h"
#include "common/i18n.h"
#include "store/codes.h"
#include "store/row.h"
#include "wire/fields-json.h"

/*
 * Append before and a quoted table or column name (from the kind table)
 * to a statement being built: statements are built for every record
 * saved, and this is cheaper than a format.
 */
static void
row_add_name(struct buf *sql, const char *before, const char *name)
{
	buf_adds(sql, before);
	buf_addc(sql, '"');
	buf_adds(sql, name);
	buf_addc(sql, '"');
}

/* Whether column c of a kind is in mask (0: every column). */
static int
row_in_mask(const struct kind_column *c, unsigned mask)
{
	return mask == 0 || (c->flags & mask) != 0;
}

int
row_load(struct store *st, const struct kind *k, unsigned mask, const char *id,
    struct fields *out)
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt *stmt;
	size_t i;
	int rc, n = 0;

	buf_adds(&sql, "SELECT id");
	for (i = 0; i < k->ncols; i++)
		if (row_in_mask(&k->cols[i], mask))
			row_add_name(&sql, ", ", k->cols[i].name);
	row_add_name(&sql, " FROM ", k->name);
	buf_adds(&sql, " WHERE id = ?");
	stmt = st_stmt(st, buf_str(&sql));
	buf_free(&sql);
	st_bind_text(stmt, 1, id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		for (i = 0; i < k->ncols; i++)
			if (row_in_mask(&k->cols[i], mask))
				fields_set(out, k->cols[i].name, st_column_text(stmt, ++n));
		rc = 1;
	} else
		rc = rc == SQLITE_DONE ? 0 : -1;
	st_stmt_done(st, stmt);
	return rc;
}

int
row_open(struct store *st, const struct kind *k, const char *id, struct fields *out)
{
	int rc = row_load(st, k, 0, id, out);

	if (rc == 1 && st_audit(st, k->name, id, "view") != 0)
		return -1;
	return rc;
}

int
row_find(struct store *st, const struct kind *k, const char *const *cols,
    const char *const *values, char id[IDENT_LEN + 1])
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt *stmt;
	size_t i;
	int rc;

	row_add_name(&sql, "SELECT id FROM ", k->name);
	buf_adds(&sql, " WHERE ");
	for (i = 0; cols[i] != NULL; i++) {
		row_add_name(&sql, i > 0 ? " AND " : "", cols[i]);
		buf_adds(&sql, " = ?");
	}
	stmt = st_stmt(st, buf_str(&sql));
	buf_free(&sql);
	for (i = 0; cols[i] != NULL; i++)
		st_bind_text(stmt, (int)i + 1, values[i]);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		snprintf(id, IDENT_LEN + 1, "%s", st_column_text(stmt, 0));
	st_stmt_done(st, stmt);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int
row_find_natural(struct store *st, const struct kind *k, const char *value,
    char id[IDENT_LEN + 1])
{
	const char *cols[] = { k->natural, NULL };

	return k->natural != NULL ? row_find(st, k, cols, &value, id) : 0;
}

int
row_exists(struct store *st, const struct kind *k, const char *id)
{
	static const char *const cols[] = { "id", NULL };
	char found[IDENT_LEN + 1];

	return row_find(st, k, cols, &id, found);
}

int
row_resolve(struct store *st, const struct kind *k, const char *id, char out[IDENT_LEN + 1])
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt *stmt;
	char cur[IDENT_LEN + 1];
	int hops, rc = 0;

	buf_addf(&sql, "SELECT deleted, replaced_by FROM \"%s\" WHERE id = ?", k->name);
	stmt = st_stmt(st, buf_str(&sql));
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
	st_stmt_done(st, stmt);
	return rc;
}

void
row_diff(const struct fields *have, const struct fields *want, const struct kind *k,
    unsigned mask, struct fields *changed)
{
	size_t i;

	for (i = 0; i < want->n; i++) {
		const struct kind_column *c = kind_column(k, want->keys[i]);
		const char *old = fields_get(have, want->keys[i]);

		if (c == NULL || !row_in_mask(c, mask))
			continue;
		if (old == NULL || strcmp(old, want->values[i]) != 0)
			fields_set(changed, want->keys[i], want->values[i]);
	}
}

int
row_create(struct store *st, const struct kind *k, const char *id, const struct fields *f,
    uint64_t hlc)
{
	struct buf sql = BUF_INIT, vals = BUF_INIT;
	struct fields sent = FIELDS_INIT;
	const struct fields *cols = f;
	sqlite3_stmt *stmt;
	size_t i;
	int n = 1, rc;

	/* Only the kind's columns are stored: f itself when it holds no other key. */
	for (i = 0; i < f->n && cols == f; i++)
		if (kind_column(k, f->keys[i]) == NULL)
			cols = &sent;
	for (i = 0; cols == &sent && i < f->n; i++)
		if (kind_column(k, f->keys[i]) != NULL)
			/* f holds each key once: no need to look for it in sent. */
			fields_append(&sent, f->keys[i], f->values[i]);
	row_add_name(&sql, "INSERT INTO ", k->name);
	buf_adds(&sql, " (id");
	for (i = 0; i < cols->n; i++) {
		row_add_name(&sql, ", ", cols->keys[i]);
		buf_adds(&vals, ", ?");
	}
	buf_adds(&sql, ", hlc) VALUES (?");
	buf_adds(&sql, buf_str(&vals));
	buf_adds(&sql, ", ?)");
	stmt = st_stmt(st, buf_str(&sql));
	buf_free(&sql);
	buf_free(&vals);
	/* The values outlive the step, and the bindings are cleared after it: no copies. */
	sqlite3_bind_text(stmt, n++, id, -1, SQLITE_STATIC);
	for (i = 0; i < cols->n; i++)
		sqlite3_bind_text(stmt, n++, cols->values[i], -1, SQLITE_STATIC);
	st_bind_int(stmt, n, (int64_t)hlc);
	rc = st_stmt_step_done(st, stmt);
	/* What was stored is what is sent. */
	if (rc == 0)
		rc = st_outbox_append(st, k, id, "insert", cols, hlc);
	fields_free(&sent);
	return rc;
}

int
row_write(struct store *st, const struct kind *k, const char *id, const struct fields *changed,
    uint64_t hlc)
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt *stmt;
	size_t i;
	int n = 1;

	row_add_name(&sql, "UPDATE ", k->name);
	buf_adds(&sql, " SET ");
	for (i = 0; i < changed->n; i++)
		if (kind_column(k, changed->keys[i]) != NULL) {
			row_add_name(&sql, "", changed->keys[i]);
			buf_adds(&sql, " = ?, ");
		}
	buf_adds(&sql, "hlc = ? WHERE id = ?");
	stmt = st_stmt(st, buf_str(&sql));
	buf_free(&sql);
	for (i = 0; i < changed->n; i++)
		if (kind_column(k, changed->keys[i]) != NULL)
			st_bind_text(stmt, n++, changed->values[i]);
	st_bind_int(stmt, n++, (int64_t)hlc);
	st_bind_text(stmt, n, id);
	return st_stmt_step_done(st, stmt);
}

int
row_apply_update(struct store *st, const struct kind *k, const char *id,
    const struct fields *changed, uint64_t hlc)
{
	if (row_write(st, k, id, changed, hlc) != 0)
		return -1;
	return st_outbox_append(st, k, id, "update", changed, hlc);
}

int
row_trail(struct store *st, const struct kind *k, const char *id, struct fields *stamps,
    struct fields *authors)
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt *stmt;
	int rc;

	buf_addf(&sql, "SELECT stamps, authors FROM \"%s\" WHERE id = ?", k->name);
	stmt = st_prepare(st, buf_str(&sql));
	buf_free(&sql);
	st_bind_text(stmt, 1, id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		const char *s = st_column_text(stmt, 0), *a = st_column_text(stmt, 1);

		/* Kept as the district sent them: what does not read is no trail. */
		if (wire_fields_decode(s, strlen(s), stamps) != 0)
			fields_free(stamps);
		if (wire_fields_decode(a, strlen(a), authors) != 0)
			fields_free(authors);
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int
row_tombstone(struct store *st, const struct kind *k, const char *id, const char *replaced_by,
    uint64_t hlc)
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt *stmt;
	size_t i;

	buf_addf(&sql, "UPDATE \"%s\" SET deleted = 1, replaced_by = ?1, hlc = ?2", k->name);
	for (i = 0; i < k->ncols; i++)
		if (k->cols[i].flags & KC_FORM)
			buf_addf(&sql, ", \"%s\" = %s", k->cols[i].name,
			    k->cols[i].flags & KC_NATURAL ? "NULL" : "''");
	buf_adds(&sql, " WHERE id = ?3");
	stmt = st_prepare(st, buf_str(&sql));
	buf_free(&sql);
	st_bind_text(stmt, 1, replaced_by);
	st_bind_int(stmt, 2, (int64_t)hlc);
	st_bind_text(stmt, 3, id);
	return st_step_done(st, stmt);
}

int
reason_check(struct store *st, const struct kind *k, const char *reason, char *err,
    size_t errlen)
{
	const struct kind_column *c = kind_column(k, "withdraw_reason");
	const char *list = c != NULL && c->codes != NULL ? c->codes : "";

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
