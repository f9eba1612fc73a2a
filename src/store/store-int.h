/*
 * Inside the store room only: the store's state and the helpers every
 * aggregate file uses (transactions, settings, the clock, outbox, audit).
 */
#ifndef JOBDESK_STORE_INT_H
#define JOBDESK_STORE_INT_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "common/fields.h"
#include "core/ident.h"
#include "store/store.h"

struct store {
	sqlite3		*db;
	char		*path;
	char		 terminal[IDENT_LEN + 1];
	char		 actor[64];
	char		 office[32];
	unsigned char	 idkey[IDENT_KEYLEN];
	int		 registration_days;
};

/* BEGIN IMMEDIATE, COMMIT, ROLLBACK; 0 or -1 (message in store_errmsg). */
int		 st_begin(struct store *);
int		 st_commit(struct store *);
void		 st_rollback(struct store *);
/* Prepare a statement; a statement that does not compile is a bug. */
sqlite3_stmt	*st_prepare(struct store *, const char *sql);
/* Bind a text (NULL binds NULL) or integer parameter by position. */
void		 st_bind_text(sqlite3_stmt *, int, const char *);
void		 st_bind_int(sqlite3_stmt *, int, int64_t);
/* Column text, "" for NULL. */
const char	*st_column_text(sqlite3_stmt *, int);
/* Run a statement that returns no rows and finalize it; 0 or -1. */
int		 st_step_done(struct store *, sqlite3_stmt *);
/* The count a query without parameters returns in its first column, or -1. */
long		 st_count(struct store *, const char *sql);
/*
 * Copy the first column of the first row of sql, its one parameter bound
 * to param (NULL: none), into out; 0, or -1 when there is no row.
 */
int		 st_first_text(struct store *, const char *sql, const char *param, char *out,
		     size_t outlen);
/* Settings; st_setting_get returns a new string (caller frees) or NULL. */
char		*st_setting_get(struct store *, const char *key);
int		 st_setting_set(struct store *, const char *key, const char *value);
/* The next hybrid-logical-clock stamp, persisted; call inside a transaction. */
uint64_t	 st_hlc_next(struct store *);
/* Append an outbox entry for changed fields (a JSON object); inside a transaction. */
int		 st_outbox_append(struct store *, const char *tbl, const char *row_id,
		     const char *op, const struct fields *changed, uint64_t hlc);
/* Record that the actor did `action` to a record; inside or outside a transaction. */
int		 st_audit(struct store *, const char *tbl, const char *record_id, const char *action);
/* Append a service event (and its outbox entry); inside a transaction. */
int		 st_service_event(struct store *, const char *type, const char *seeker_id,
		     const char *employer_id, const char *vacancy_id, int free_service,
		     const char *basis, uint64_t hlc);

#endif
