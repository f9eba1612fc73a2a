/*
 * jobdeskd's PostgreSQL side: one connection per worker thread with its
 * statements prepared, the schema migrations, and the operations the HTTP
 * routes call. Every operation runs in one transaction and either commits
 * all it wrote or nothing. Return values are HTTP statuses: 200, or the
 * 4xx/5xx with *err filled (503 when the database cannot be reached).
 */
#ifndef JOBDESK_SERVER_PG_H
#define JOBDESK_SERVER_PG_H

#include <stddef.h>

#include "wire/wire.h"

struct pg;

struct pg_settings {
	const char	*conninfo;		/* libpq connection string */
	long		 max_drift_ms;		/* a change stamped further ahead is re-stamped */
	long		 statement_timeout_ms;
};

/* The terminal a token belongs to. */
struct pg_terminal {
	char	id[IDENT_LEN + 1];
	char	office[32];
};

/* Connect and prepare; NULL with err. A lost connection is re-made by the next call. */
struct pg	*pg_connect(const struct pg_settings *, char *err, size_t errlen);
void		 pg_close(struct pg *);
/* Apply the embedded migrations (db/server) in one transaction; 0 or -1 with err. */
int		 pg_migrate(struct pg *, char *err, size_t errlen);
/* 200 when the database answers, else 503. */
int		 pg_health(struct pg *, struct wire_error *);
/* The terminal of a bearer token: 200, 401 (unknown or revoked), 503. */
int		 pg_auth(struct pg *, const char *token, struct pg_terminal *, struct wire_error *);
/* Exchange a one-time code: 200, 403 (unknown, used or expired code), 503. */
int		 pg_enroll(struct pg *, const struct wire_enroll *, struct wire_enroll_reply *,
		     struct wire_error *);
/*
 * Apply a push for a terminal: replays are acknowledged and not applied,
 * a gap is 409, a change for another office is 403 for the whole batch;
 * a change that breaks a rule is parked and reported in the reply.
 */
int		 pg_push(struct pg *, const struct pg_terminal *, const struct wire_push *,
		     struct wire_push_reply *, struct wire_error *);
/* The page after a cursor: 200, 400 (malformed cursor), 503. */
int		 pg_pull(struct pg *, const struct pg_terminal *, const struct wire_pull *,
		     struct wire_pull_reply *, struct wire_error *);

#endif
