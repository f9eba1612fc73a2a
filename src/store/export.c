/* Reading whole tables of a record kind out for exports. */
#include <string.h>

#include "common/buf.h"
#include "common/xalloc.h"
#include "core/kind.h"
#include "store/export.h"
#include "store/store-int.h"

/*
 * The export's query: each file column from the table (t) or, for a
 * column that stands as the natural key of the record it refers to, from
 * that record (p). Rows come by natural key (the table's own, else the
 * referred record's), then id, never by local rowid, so that every
 * synced terminal writes the same file. Records merged away are left out.
 */
static void
export_sql(const struct kind *k, const char *const *columns, struct buf *sql)
{
	const struct kind *parent = NULL;
	const struct kind_column *pc = NULL, *c;
	size_t i;

	buf_adds(sql, "SELECT ");
	for (i = 0; columns[i] != NULL; i++) {
		if ((c = kind_file_column(k, columns[i])) == NULL)
			fatalx("export of unknown column \"%s\" of %s", columns[i], k->name);
		if (c->file_key != NULL && strcmp(c->file_key, columns[i]) == 0) {
			pc = c;
			parent = kind_find(c->refers);
			buf_addf(sql, "%sp.\"%s\"", i > 0 ? ", " : "", parent->natural);
		} else
			buf_addf(sql, "%st.\"%s\"", i > 0 ? ", " : "", c->name);
	}
	if (i == 0)
		fatalx("export of %s without columns", k->name);
	buf_addf(sql, " FROM \"%s\" t", k->name);
	if (parent != NULL)
		buf_addf(sql, " JOIN \"%s\" p ON p.id = t.\"%s\"", parent->name, pc->name);
	buf_adds(sql, " WHERE t.deleted = 0 ORDER BY ");
	if (k->natural != NULL)
		buf_addf(sql, "t.\"%s\", ", k->natural);
	else if (parent != NULL)
		buf_addf(sql, "p.\"%s\", ", parent->natural);
	buf_adds(sql, "t.id");
}

/* Read all rows of a kind, audited. */
int
store_export(struct store *st, const struct kind *k, const char *const *columns,
    store_export_cb row_cb, void *ctx)
{
	struct buf sql = BUF_INIT;
	struct fields row = FIELDS_INIT;
	sqlite3_stmt *stmt;
	size_t i;
	int rc, cbrc = 0;

	export_sql(k, columns, &sql);
	stmt = st_prepare(st, buf_str(&sql));
	buf_free(&sql);
	/* Audit first: whatever is read from here on has been seen. */
	if (st_audit(st, k->name, "*", "export") != 0) {
		sqlite3_finalize(stmt);
		return -1;
	}
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		for (i = 0; columns[i] != NULL; i++)
			fields_set(&row, columns[i], st_column_text(stmt, (int)i));
		if ((cbrc = row_cb(ctx, &row)) != 0)
			break;
	}
	sqlite3_finalize(stmt);
	fields_free(&row);
	if (cbrc != 0)
		return cbrc;
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The highest rid of a kind's table. */
long
store_last_rowid(struct store *st, const struct kind *k)
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt *stmt;
	long n = 0;

	buf_addf(&sql, "SELECT coalesce(max(rid), 0) FROM \"%s\"", k->name);
	stmt = st_prepare(st, buf_str(&sql));
	buf_free(&sql);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return n;
}
