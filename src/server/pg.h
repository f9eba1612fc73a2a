/*
 * jobdeskd's PostgreSQL side: one connection per worker thread with its
 * statements prepared, the schema migrations, and the operations the HTTP
 * routes call. Every operation runs in one transaction and either commits
 * all it wrote or nothing. An operation says what it came to as an enum
 * pg_outcome (libpq has struct pg_result); the HTTP layer (http-routes.c)
 * turns that into a status.
 */
#ifndef JOBDESK_SERVER_PG_H
#define JOBDESK_SERVER_PG_H

#include <stddef.h>

#include "wire/wire.h"

struct pg;

/*
 * What an operation came to, named after what happened. Every outcome but
 * PG_OK fills the caller's struct wire_error: the protocol's error word of
 * the outcome and a message for people (and, for PG_GAP and PG_DIVERGED,
 * the numbers).
 */
enum pg_outcome {
	PG_OK,			/* done */
	PG_BAD_REQUEST,		/* malformed: a cursor, a terminal id, a push without changes */
	PG_UNAUTHORIZED,	/* no token, or one that no terminal holds */
	PG_REVOKED,		/* the token's terminal was revoked */
	PG_BAD_CODE,		/* an enrollment code unknown, used or expired */
	PG_WRONG_TERMINAL,	/* a push names another terminal than its token's */
	PG_WRONG_OFFICE,	/* a push writes another office than its terminal's */
	PG_GAP,			/* a push skips numbers: expected is the next one */
	PG_DIVERGED,		/* a push carries another change under a number applied before */
	PG_NO_REFERENCE,	/* the server lacks a form or code list that a change needs */
	PG_BUSY,		/* a statement ran out of time */
	PG_UNAVAILABLE,		/* the database cannot be reached, or has no schema yet */
	PG_INTERNAL,		/* a statement failed otherwise (logged with its SQLSTATE) */
	PG_NOUTCOMES
};

struct pg_settings {
	const char	*conninfo;		/* libpq connection string */
	long		 max_drift_ms;		/* a change stamped further ahead is re-stamped */
	long		 statement_timeout_ms;
};

/* The terminal a token belongs to. */
struct pg_terminal {
	char	id[IDENT_LEN + 1];
	char	office[32];
	/*
	 * Its scope: "" for the whole district, else the office whose records
	 * (and those of the offices under it) it holds in full; and the number
	 * of changes of its scope so far, which its pull cursor carries.
	 */
	char	scope[32];
	long	scope_gen;
};

/* Connect and prepare; NULL with err. A lost connection is re-made by the next call. */
struct pg	*pg_connect(const struct pg_settings *, char *err, size_t errlen);
void		 pg_close(struct pg *);
/* Apply the embedded migrations (db/server) in one transaction; 0 or -1 with err. */
int		 pg_migrate(struct pg *, char *err, size_t errlen);
/* Whether the database answers: PG_OK or PG_UNAVAILABLE. */
enum pg_outcome	 pg_health(struct pg *, struct wire_error *);
/* The terminal of a bearer token: PG_OK, PG_UNAUTHORIZED, PG_REVOKED, or a failure. */
enum pg_outcome	 pg_auth(struct pg *, const char *token, struct pg_terminal *t,
		     struct wire_error *);
/*
 * Exchange a one-time code: PG_OK, PG_BAD_REQUEST, PG_BAD_CODE, or a
 * failure. The reply names the terminal's id: its own, unless another
 * enrolled terminal has that id and the administrator has not revoked it;
 * then a new one.
 */
enum pg_outcome	 pg_enroll(struct pg *, const struct wire_enroll *, struct wire_enroll_reply *,
		     struct wire_error *);
/*
 * Apply a push for a terminal: replays are acknowledged and not applied,
 * a gap is PG_GAP, another change under an applied number PG_DIVERGED, a
 * change for another office PG_WRONG_OFFICE for the whole batch; a change
 * that breaks a rule is parked and reported in the reply (PG_OK).
 */
enum pg_outcome	 pg_push(struct pg *, const struct pg_terminal *, const struct wire_push *,
		     struct wire_push_reply *, struct wire_error *);
/*
 * Register the terminal's public keys for sync by file (replacing the
 * ones it had) and answer the district's: PG_OK, PG_WRONG_TERMINAL,
 * PG_REVOKED, PG_UNAVAILABLE when the database has no district keys yet,
 * or a failure.
 */
enum pg_outcome	 pg_keys(struct pg *, const struct pg_terminal *, const struct wire_keys *,
		     struct wire_keys *, struct wire_error *);
/*
 * The page after a cursor: PG_OK, PG_BAD_REQUEST (a malformed cursor), or
 * a failure. A scoped terminal's page holds the full records of its scope
 * and, of the rest of the district, identity index entries, employers and
 * open vacancies (pg-pull.c).
 */
enum pg_outcome	 pg_pull(struct pg *, const struct pg_terminal *, const struct wire_pull *,
		     struct wire_pull_reply *, struct wire_error *);
/*
 * The same page built ahead of its request (pull-ahead.c): nothing noted
 * of the terminal. Once the page goes out, pg_pull_sent notes how far the
 * terminal has now been sent (its reply's cursor), as pg_pull does.
 */
enum pg_outcome	 pg_pull_build(struct pg *, const struct pg_terminal *, const struct wire_pull *,
		     struct wire_pull_reply *, struct wire_error *);
void		 pg_pull_sent(struct pg *, const struct pg_terminal *, const char *cursor);
/*
 * One person's whole record for a terminal of the district, on demand: the
 * seeker (following a merge's redirect), the records that hang off them
 * and the vacancies their referrals name, as a page without a cursor. The
 * request is signed by the account that asks; the fetch is audited.
 * PG_OK, PG_BAD_REQUEST (a bad signature, an unknown or disabled account,
 * a stale request), PG_WRONG_OFFICE (a person of another district), or a
 * failure; an unknown person is PG_OK with no records.
 */
enum pg_outcome	 pg_fetch(struct pg *, const struct pg_terminal *, const struct wire_fetch *,
		     struct wire_pull_reply *, struct wire_error *);

#endif
