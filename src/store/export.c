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
 * that record (p<N>, N the column's place in the file). Rows come by
 * natural key (the table's own, else the first referred record's), then
 * id, never by local rowid, so that every synced terminal writes the same
 * file. Records merged away are left out.
 */
static void
export_sql(const struct kind *k, const char *const *columns, struct buf *sql)
{
	struct buf joins = BUF_INIT;
	const struct kind *parent;
	const struct kind_column *c;
	size_t i;
	long first = -1;

	buf_adds(sql, "SELECT ");
	for (i = 0; columns[i] != NULL; i++) {
		if ((c = kind_file_column(k, columns[i])) == NULL)
			fatalx("export of unknown column \"%s\" of %s", columns[i], k->name);
		if (c->file_key != NULL && strcmp(c->file_key, columns[i]) == 0) {
			parent = kind_find(c->refers);
			buf_addf(sql, "%sp%zu.\"%s\"", i > 0 ? ", " : "", i, parent->natural);
			buf_addf(&joins, " JOIN \"%s\" p%zu ON p%zu.id = t.\"%s\"", parent->name, i, i,
			    c->name);
			if (first < 0)
				first = (long)i;
		} else
			buf_addf(sql, "%st.\"%s\"", i > 0 ? ", " : "", c->name);
	}
	if (i == 0)
		fatalx("export of %s without columns", k->name);
	buf_addf(sql, " FROM \"%s\" t%s WHERE t.deleted = 0 ORDER BY ", k->name, buf_str(&joins));
	if (k->natural != NULL)
		buf_addf(sql, "t.\"%s\", ", k->natural);
	else if (first >= 0)
		buf_addf(sql, "p%ld.\"%s\", ", first,
		    kind_find(kind_file_column(k, columns[first])->refers)->natural);
	buf_adds(sql, "t.id");
	buf_free(&joins);
}

/* Read all rows of a kind, audited. */
int
store_export(struct store *st, const struct kind *k, const char *const *columns,
    store_export_cb row_cb, void *ctx)
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt *stmt;

	export_sql(k, columns, &sql);
	stmt = st_prepare(st, buf_str(&sql));
	buf_free(&sql);
	return st_export_rows(st, stmt, k->name, columns, row_cb, ctx);
}

/* Audit, then step the rows into fields for the callback: see store-int.h. */
int
st_export_rows(struct store *st, sqlite3_stmt *stmt, const char *tbl,
    const char *const *columns, store_export_cb row_cb, void *ctx)
{
	struct fields row = FIELDS_INIT;
	size_t i;
	int rc, cbrc = 0;

	if (stmt == NULL)
		return -1;
	/* Audit first: whatever is read from here on has been seen. */
	if (st_audit(st, tbl, "*", "export") != 0) {
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

	buf_adds(&sql, "SELECT coalesce(max(rid), 0) FROM \"");
	buf_adds(&sql, k->name);
	buf_addc(&sql, '"');
	stmt = st_stmt(st, buf_str(&sql));
	buf_free(&sql);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(stmt, 0);
	st_stmt_done(st, stmt);
	return n;
}
