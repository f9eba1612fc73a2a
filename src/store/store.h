/*
 * The local database: opening it (pragmas, migrations, first-use
 * settings), transactions, clocks and identifiers. Every business write
 * goes through a store function that commits the row, its outbox entry
 * and its audit record in one transaction.
 */
#ifndef JOBDESK_STORE_H
#define JOBDESK_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "core/ident.h"

struct kind;

struct store;

/* Open (creating if needed) and migrate the database; NULL with err. Close with store_close(). */
struct store	*store_open(const char *path, char *err, size_t errlen);
void		 store_close(struct store *);
/* The schema version this program writes. */
int		 store_schema_version(void);
/*
 * Who acts from now on (audit, created_by) and for which office; on an
 * enrolled terminal the office is always the terminal's (store_sync_info).
 */
void		 store_set_actor(struct store *, const char *login, const char *office);
const char	*store_actor(const struct store *);
/*
 * The account whose signing key (its secret half, opened at login; 64
 * bytes) signs the outbox entries it makes from now on; NULL clears it.
 * The key stays in memory only and is wiped when replaced or at close.
 */
void		 store_set_signer(struct store *, const char *login, const unsigned char *key);
void		 store_clear_signer(struct store *);
/* Whether what the acting account writes is signed: 1 or 0. */
int		 store_actor_signs(const struct store *);
const char	*store_office(const struct store *);
const char	*store_terminal(const struct store *);
/* The database file's path as opened (points into the store). */
const char	*store_path(const struct store *);
/* Registration validity in days for new and renewed registrations. */
void		 store_set_registration_days(struct store *, int);
int		 store_registration_days(const struct store *);
/* Today as YYYYMMDD in local time, and "YYYY-MM-DDTHH:MM:SSZ" now. */
int		 store_today(void);
void		 store_timestamp(char out[32]);
/* The last message SQLite gave. */
const char	*store_errmsg(const struct store *);

/*
 * The searches (seekers, employers, vacancies) count the records they
 * find beyond the hits they hand back, up to this many: a count of
 * STORE_FOUND_MAX + 1 means "more than STORE_FOUND_MAX". Counting on
 * would read a row of the table for each record found (whether it is
 * live): a few hundred microseconds for a thousand, some thirty
 * milliseconds for the 40,000 seekers named 王 in a district.
 */
#define STORE_FOUND_MAX	1000

/*
 * The identity key that derives seeker and employer ids. Source is
 * "provisional" (made at first start on a terminal that has never met a
 * server), "config" or "district". Replacing a provisional key re-derives
 * every derived id in one transaction (nothing has left the terminal yet).
 */
int		 store_identity_source(const struct store *, char *out, size_t outlen);
int		 store_set_identity_key(struct store *, const unsigned char key[IDENT_KEYLEN],
		     const char *source, char *err, size_t errlen);
/* The id derived from a natural key value of a kind (a seeker's ID number, an employer's USCC). */
void		 store_natural_id(const struct store *, const struct kind *, const char *value,
		     char out[IDENT_LEN + 1]);
/* A new time-ordered id. */
void		 store_new_id(char out[IDENT_LEN + 1]);

/*
 * A batch: many records written in one transaction (an import), one
 * commit for all of them. A record refused by the store's rules is
 * refused before it writes anything, as outside a batch; a record that
 * fails after it began to write (a database error) makes the whole batch
 * roll back when it ends, so a record is still all there or not at all.
 * store_batch_begin takes the write lock (0, or -1 with store_errmsg);
 * store_batch_end ends it (0, or -1 when the commit failed or a record
 * failed half-way, store_errmsg saying why, and nothing of the batch is
 * there).
 * A batch committed with STORE_BATCH_COMMIT does not wait for the disk:
 * a power cut (not the process's end) may take it away again, whole,
 * until a batch ends with STORE_BATCH_LAST (or is rolled back), after
 * which the log is synced: every batch committed so far is then durable,
 * as a save at the window is. Inside a batch the tables' CHECK
 * constraints are not evaluated: only the store's record writes belong
 * in one (their checked values come from the program's tables, db.c).
 */
enum store_batch_how {
	STORE_BATCH_ROLLBACK,	/* nothing of the batch is kept */
	STORE_BATCH_COMMIT,	/* committed; another batch follows */
	STORE_BATCH_LAST,	/* committed, and all batches so far on the disk */
};

int		 store_batch_begin(struct store *);
int		 store_batch_end(struct store *, enum store_batch_how);
/* Whether a record failed half-way in the open batch, which can then only roll back. */
int		 store_batch_broken(const struct store *);

/* Count of outbox entries waiting, and the last sequence number given. */
long		 store_outbox_pending(struct store *);
long		 store_outbox_last_seq(struct store *);

/* Run PRAGMA integrity_check; 0 when "ok". */
int		 store_integrity_check(struct store *, char *err, size_t errlen);

#endif
