/* Reading whole aggregate tables out for exports. */
#include <string.h>

#include "common/buf.h"
#include "common/xalloc.h"
#include "store/employer.h"
#include "store/export.h"
#include "store/seeker.h"
#include "store/store-int.h"

/* Columns a table has beyond its form's: the registration's lifecycle. */
static const char *const seeker_life_columns[] = {
	"status", "registered_on", "valid_until", "withdraw_reason", "office", "created_by", NULL
};
static const char *const aggregate_life_columns[] = {
	"status", "registered_on", "withdraw_reason", "office", "created_by", NULL
};

/*
 * What a table may export, its FROM clause and its order: by natural key,
 * then id, never by local rowid, so that every synced terminal writes the
 * same file. Records merged away are not exported.
 */
static const struct export_table {
	const char		 *name;
	const char *const	 *columns;
	const char *const	 *life;
	const char		 *from;
	const char		 *order;
} export_tables[] = {
	{ "seeker", seeker_columns, seeker_life_columns, "seeker t WHERE t.deleted = 0",
	  "t.id_number, t.id" },
	{ "employer", employer_columns, aggregate_life_columns, "employer t WHERE t.deleted = 0",
	  "t.uscc, t.id" },
	{ "vacancy", vacancy_columns, aggregate_life_columns,
	  "vacancy t JOIN employer e ON e.id = t.employer_id WHERE t.deleted = 0",
	  "e.uscc, t.id" },
};

/* The table's entry; an unknown table is a bug. */
static const struct export_table *
export_table(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof export_tables / sizeof export_tables[0]; i++)
		if (strcmp(export_tables[i].name, name) == 0)
			return &export_tables[i];
	fatalx("export of unknown table \"%s\"", name);
}

/* Whether name is in the NULL-terminated list. */
static int
export_listed(const char *const *list, const char *name)
{
	for (; *list != NULL; list++)
		if (strcmp(*list, name) == 0)
			return 1;
	return 0;
}

/* Read all rows of a table, audited. */
int
store_export(struct store *st, const char *table, const char *const *columns,
    store_export_cb row_cb, void *ctx)
{
	const struct export_table *t = export_table(table);
	struct buf sql = BUF_INIT;
	struct fields row = FIELDS_INIT;
	sqlite3_stmt *stmt;
	size_t i;
	int rc, cbrc = 0;

	buf_adds(&sql, "SELECT ");
	for (i = 0; columns[i] != NULL; i++) {
		if (i > 0)
			buf_adds(&sql, ", ");
		if (strcmp(t->name, "vacancy") == 0 && strcmp(columns[i], "employer_uscc") == 0)
			buf_adds(&sql, "e.uscc");
		else if (export_listed(t->columns, columns[i]) ||
		    export_listed(t->life, columns[i]))
			buf_addf(&sql, "t.\"%s\"", columns[i]);
		else
			fatalx("export of unknown column \"%s\" of %s", columns[i], table);
	}
	if (i == 0)
		fatalx("export of %s without columns", table);
	buf_addf(&sql, " FROM %s ORDER BY %s", t->from, t->order);
	stmt = st_prepare(st, buf_str(&sql));
	buf_free(&sql);
	/* Audit first: whatever is read from here on has been seen. */
	if (st_audit(st, table, "*", "export") != 0) {
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

/* The highest rid of a table. */
long
store_last_rowid(struct store *st, const char *table)
{
	const struct export_table *t = export_table(table);
	struct buf sql = BUF_INIT;
	sqlite3_stmt *stmt;
	long n = 0;

	buf_addf(&sql, "SELECT coalesce(max(rid), 0) FROM \"%s\"", t->name);
	stmt = st_prepare(st, buf_str(&sql));
	buf_free(&sql);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return n;
}
