/*
 * Whole tables read out for a data export (one "export" audit record per
 * export), and what an import needs to tell a new row from a changed one.
 * Table and column names are checked against the aggregates' own lists;
 * nothing from a file or a command line becomes SQL.
 */
#ifndef JOBDESK_EXPORT_H
#define JOBDESK_EXPORT_H

#include "common/fields.h"

struct store;

/* Called once per row with the row's columns as keys; non-zero stops the export. */
typedef int (*store_export_cb)(void *ctx, const struct fields *row);

/*
 * Read every row of table ("seeker", "employer" or "vacancy") with the
 * given columns (NULL-terminated): the aggregate's columns, its lifecycle
 * columns (status, registered_on, valid_until, withdraw_reason, office,
 * created_by where the table has them) and, for vacancies,
 * "employer_uscc" from the employer. Rows come in an order that does not
 * depend on the terminal: seekers by ID number, employers by USCC,
 * vacancies by their employer's USCC and then as they were registered.
 * Writes the audit record first, so an export cut short is audited too.
 * Returns 0, the callback's non-zero value, or -1 (see store_errmsg). An
 * unknown table or column is a bug.
 */
int	store_export(struct store *, const char *table, const char *const *columns,
	    store_export_cb row_cb, void *ctx);

/* The highest local row number of a table (0 when empty); a row created later has a higher one. */
long	store_last_rowid(struct store *, const char *table);

#endif
