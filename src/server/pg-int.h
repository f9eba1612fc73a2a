/*
 * Inside the PostgreSQL side of jobdeskd (src/server/pg-*.c and admin.c):
 * the connection, its prepared statements and the helpers every
 * operation shares. Not for the HTTP layer: that uses server/pg.h.
 */
#ifndef JOBDESK_SERVER_PG_INT_H
#define JOBDESK_SERVER_PG_INT_H

#include <stddef.h>
#include <stdint.h>

#include <libpq-fe.h>

#include "common/migration.h"
#include "core/sign.h"
#include "server/pg.h"
#include "wire/bundle.h"

extern const struct migration	server_migrations[];
extern const size_t		n_server_migrations;

struct validate_ref;

/* One worker's connection; no two threads share one. */
struct pg {
	PGconn			*conn;
	char			*conninfo;
	char			*options;	/* the conninfo's own, then ours */
	long			 max_drift_ms;
	int			 prepared;	/* the statements exist on this connection */
	uint64_t		 retry_at;	/* monotonic ms before which no reconnect is tried */
	char			 sqlstate[6];	/* of the last statement that failed */
	char			 errmsg[256];	/* its message: may quote values, never logged */
	/* Forms and code lists for checking pushes, and where change_log stood then. */
	struct validate_ref	*ref;
	char			 ref_mark[64];
};

/* Every statement, prepared once per connection (pg-conn.c holds the SQL). */
enum pg_stmt {
	S_META_GET,
	S_META_SET,
	S_HLC_ADVANCE,
	S_LOG,
	S_LOG_IF_EXISTS,
	S_AUTH,
	S_SEEN,
	S_CODE_TAKE,
	S_CODE_USE,
	S_TERM_ENROLL,
	S_TERM_KEYS_SET,
	S_TERM_BUNDLE,
	S_TERM_BUNDLE_DONE,
	S_SAME_DISTRICT,
	S_OFFICE_GET,
	S_TERM_LOCK,
	S_TERM_SEQ,
	S_APPLIED_GET,
	S_APPLIED_ADD,
	S_APPLIED_PRUNE,
	S_PARKED_GET,
	S_PARK,
	S_REC_LOCK,
	S_REC_LOCK_ALL,
	S_REC_NATURAL,
	S_REC_INSERT,
	S_REC_UPDATE,
	S_REC_GET,
	S_SEEKER_HIRES,
	S_REC_UPSERT,
	S_ACCOUNT_AUTH,
	S_OFFICES,
	S_HISTORY_ADD,
	S_TERM_PULLED,
	S_REF_MARK,
	S_REF_CODES,
	S_REF_LISTS,
	S_REF_FORMS,
	S_PULL,
	S_PULL_COUNT,
	S_PULL_HELD,
	S_OFFICE_ADD,
	S_OFFICE_LIST,
	S_ENROLL_ADD,
	S_TERM_LIST,
	S_TERM_REVOKE,
	S_ACCOUNT_ADD,
	S_ACCOUNT_LIST,
	S_ACCOUNT_GET,
	S_ACCOUNT_MANAGERS,
	S_ACCOUNT_DISABLE,
	S_ACCOUNT_PASSWD,
	S_CODES_OF_LIST,
	S_PULL_SCOPED,
	S_PULL_SCOPED_COUNT,
	S_PULL_SCOPED_HELD,
	S_SNAPSHOT_XMIN,
	S_RELOG_PERSON,
	S_TERM_SCOPE_GET,
	S_TERM_SCOPE_SET,
	S_SCOPE_HISTORY_ADD,
	S_ACCOUNT_ADMIN,
	S_FETCH_SEEKER,
	S_FETCH_RECORDS,
	S_FETCH_AUDIT,
	PG_NSTMT
};

/*
 * Make sure the connection is up (PQreset after a failure) and its
 * statements prepared: PG_OK, or PG_UNAVAILABLE with e filled. Rolls back
 * a transaction an earlier call left open.
 */
enum pg_outcome	 pg_ready(struct pg *, struct wire_error *e);
/*
 * Run a prepared statement with text parameters (NULL for SQL NULL; as
 * many as the statement takes): the result (caller PQclear()s), or NULL
 * with sqlstate and errmsg set.
 */
PGresult	*pg_run(struct pg *, enum pg_stmt, const char *const *params);
/*
 * Run the commands cmds (without parameters, NULL-ended: SAVEPOINT...),
 * then the prepared statement s, in one round trip (libpq's pipeline
 * mode): s's result (caller PQclear()s), or NULL with sqlstate and errmsg
 * of the first that failed (a command's failure leaves s unrun).
 */
PGresult	*pg_run_after(struct pg *, const char *const *cmds, enum pg_stmt s,
		     const char *const *params);
/* Run a statement without parameters (BEGIN, SAVEPOINT...): 0 or -1 as pg_run. */
int		 pg_cmd(struct pg *, const char *sql);
/*
 * Roll back the transaction a failure left open, if the connection is up
 * and one is; sqlstate and errmsg keep what the failure noted.
 */
void		 pg_rollback(struct pg *);
/* Whether the last failure lost the connection (or the server is going away). */
int		 pg_lost(const struct pg *);
/* Whether the last failure was a deadlock or serialization failure, worth a retry. */
int		 pg_retryable(const struct pg *);
/*
 * After a failure that lost the connection: whether a new one is up and
 * ready, for one more try of the request (its transaction died with the
 * old one). A connection that died while idle, the database restarted
 * since the worker's last request, then costs the client nothing.
 */
int		 pg_revive(struct pg *);
/*
 * After a failure inside an operation: roll back and fill e; PG_UNAVAILABLE
 * when the database is gone, PG_BUSY when a statement ran out of time,
 * else PG_INTERNAL (logged with the SQLSTATE only).
 */
enum pg_outcome	 pg_failed(struct pg *, const char *what, struct wire_error *e);
/*
 * Fill an error reply (e may be NULL) with the error word of outcome and a
 * printf message; returns outcome.
 */
enum pg_outcome	 pg_error(struct wire_error *e, enum pg_outcome outcome, const char *fmt, ...)
		     __attribute__((format(printf, 3, 4)));
/* A meta value into out: 0, 1 when absent, -1 on failure. */
int		 pg_meta(struct pg *, const char *key, char *out, size_t outlen);
/*
 * Note a change of a record (or account, office) in change_log: its older
 * row goes, a new one comes with this transaction's xid. 0 or -1.
 */
int		 pg_log_change(struct pg *, const char *tbl, const char *key);
/* BLAKE2b-256 of a text as 64 hex digits (tokens and codes are stored so). */
void		 pg_hash_hex(const char *text, char out[65]);
/* The hash an enrollment code is stored under, from the code as issued or as typed. */
void		 pg_code_hash(const char *code, char out[65]);
/* Milliseconds since the epoch on the wall clock. */
uint64_t	 pg_now_ms(void);
/* The server's clock as kept in meta (0 when unset). */
uint64_t	 pg_server_hlc(struct pg *);

/* A random version 4 UUID (a new epoch, a new terminal's id). */
void		 pg_uuid4(char out[IDENT_LEN + 1]);
/* Set a new random epoch in meta (inside the caller's transaction); 0 or -1. */
int		 pg_new_epoch(struct pg *);

/* The district's keys for sync by file (meta, made by migrate). */
struct pg_district_keys {
	unsigned char	sign_sk[SIGN_SECRET_LEN];
	unsigned char	sign_pk[SIGN_PUBLIC_LEN];
	unsigned char	box_sk[BUNDLE_BOX_SECRET_LEN];
	unsigned char	box_pk[BUNDLE_BOX_PUBLIC_LEN];
};
/*
 * Read them: 0, 1 when the database has none (it was not migrated by a
 * jobdeskd that makes them), -1 on failure. Wipe with sodium_memzero.
 */
int		 pg_district_keys(struct pg *, struct pg_district_keys *);

/* A terminal as sync by file needs it (pg-bundle.c). */
struct pg_bundle_terminal {
	struct pg_terminal	t;
	int			revoked;
	int			has_keys;	/* it registered its keys */
	unsigned char		sign_pk[SIGN_PUBLIC_LEN];
	unsigned char		box_pk[BUNDLE_BOX_PUBLIC_LEN];
	int64_t			last_bundle;	/* the newest of its bundles imported, 0 none */
};
/* The terminal id: 1 with *out, 0 when no terminal has that id, -1 on failure. */
int		 pg_bundle_terminal(struct pg *, const char *id, struct pg_bundle_terminal *out);
/*
 * Whether office a is of the district of office b (the district-level
 * office above b, and every office under that one): 1, 0, -1 on failure.
 */
int		 pg_same_district(struct pg *, const char *a, const char *b);
/* Note that the terminal's bundle number was imported; 0 or -1. */
int		 pg_bundle_done(struct pg *, const char *id, uint64_t number);

/* Reference data for checks (pg-ref.c): loaded or refreshed when it changed; 0 or -1. */
int		 pg_ref_refresh(struct pg *);
/* The office's name, level and parent for code: 1, 0 when unknown, -1 on failure. */
int		 pg_office_get(struct pg *, const char *code, struct wire_enroll_reply *);

/*
 * Set a terminal's scope (scope "" for the whole district) inside the
 * caller's transaction, recording who did it (by: a login, or "enroll");
 * the terminal's old scope into from (at least 32 bytes). 1 changed (its
 * scope_gen counted up, so its next pull starts again), 0 it had that
 * scope already, -1 a database failure, -2 no such terminal.
 */
int		 pg_scope_set(struct pg *, const char *terminal, const char *scope, const char *by,
		     char *from);
/*
 * core/authority's office lookup over the rows of S_OFFICES (code, parent,
 * level), which ctx is (a PGresult *).
 */
int		 pg_offices_lookup(void *ctx, const char *code, const char **parent,
		     const char **level);
/*
 * After a transfer of a job seeker (inside the push's transaction): the
 * records that hang off the person, and the vacancies their referrals
 * name, noted again in change_log, so that the terminals whose scope the
 * person enters pull them; 0 or -1.
 */
int		 pg_relog_person(struct pg *, const char *seeker_key);

#endif
