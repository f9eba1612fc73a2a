/*
 * The columns a form may name, per table: the fields a clerk edits on a
 * seeker, employer or vacancy form, the same for the client's store, its
 * commands and the server's checks of pulled and pushed forms.
 */
#ifndef JOBDESK_COLUMNS_H
#define JOBDESK_COLUMNS_H

/* Columns a form of each table may name, NULL-terminated. */
extern const char *const seeker_columns[];
extern const char *const employer_columns[];
extern const char *const vacancy_columns[];

/*
 * The columns a form of table may name (one of the static lists above), or
 * NULL for a table that has no form; a formdef_columns_cb.
 */
const char *const *columns_of_form(const char *table);

#endif
