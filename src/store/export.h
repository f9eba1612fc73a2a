/*
 * Whole tables read out for a data export (one "export" audit record per
 * export), and what an import needs to tell a new row from a changed one.
 * Table and column names come from the record-kind table; nothing from a
 * file or a command line becomes SQL.
 */
#ifndef JOBDESK_EXPORT_H
#define JOBDESK_EXPORT_H

#include "common/fields.h"

struct kind;
struct store;

/* Called once per row with the row's columns as keys; non-zero stops the export. */
typedef int (*store_export_cb)(void *ctx, const struct fields *row);

/*
 * Read every live record of a kind with the given file columns
 * (NULL-terminated, from kind_file_columns: its form's and lifecycle
 * columns, and a referred record's natural key such as a vacancy's
 * "employer_uscc"). Rows come in an order that does not depend on the
 * terminal: by natural key (seekers by ID number, employers by USCC,
 * vacancies by their employer's USCC) and then by id. Writes the audit
 * record first, so an export cut short is audited too. Returns 0, the
 * callback's non-zero value, or -1 (see store_errmsg). A column that is
 * not one of the kind's file columns is a bug.
 */
int	store_export(struct store *, const struct kind *, const char *const *columns,
	    store_export_cb row_cb, void *ctx);

/* The highest local row number of a kind (0 when empty); a row created later has a higher one. */
long	store_last_rowid(struct store *, const struct kind *);

#endif
