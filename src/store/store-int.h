/*
 * Inside the store room only: the store's state and the helpers every
 * aggregate file uses (transactions, settings, the clock, outbox, audit).
 */
#ifndef JOBDESK_STORE_INT_H
#define JOBDESK_STORE_INT_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/fields.h"
#include "core/ident.h"
#include "core/authority.h"
#include "core/casefile.h"
#include "core/kind.h"
#include "core/service.h"
#include "store/export.h"
#include "store/store.h"

/* Records' transactions a batch may have open inside each other. */
#define ST_BATCH_DEPTH	8

/* Statements kept prepared by their text (st_stmt). */
#define ST_STMT_SLOTS	64

struct st_stmt_slot {
	char		*sql;		/* NULL: a free slot */
	uint32_t	 hash;
	sqlite3_stmt	*stmt;
	int		 busy;		/* handed out, not given back with st_stmt_done */
	unsigned long	 used;		/* when it was last handed out */
};

struct store {
	sqlite3		*db;
	char		*path;
	char		 terminal[IDENT_LEN + 1];
	char		 actor[64];
	char		 office[32];
	char		 terminal_office[32];	/* from enrollment; "" before */
	unsigned char	 idkey[IDENT_KEYLEN];
	int		 registration_days;
	/* The lists that need action (store_set_report_days). */
	int		 referral_due_days;
	int		 terminal_silent_days;
	struct service_rules service_rules;	/* whether a service is free, its basis */
	struct casefile_rules casefile_rules;	/* a hardship case file's contact schedule */
	/* Statements of hot paths, prepared once (st_cached). */
	struct {
		const char	*sql;
		sqlite3_stmt	*stmt;
	}		 cached[12];
	sqlite3_stmt	*outbox_base[KIND_COUNT];	/* st_outbox_append's, per kind */
	struct st_stmt_slot stmts[ST_STMT_SLOTS];	/* st_stmt's */
	unsigned long	 stmt_clock;
	/* The account whose key signs the outbox entries it makes (store_set_signer). */
	char		 signer[64];
	unsigned char	 signer_key[64];
	int		 has_signer;
	/* Where pulled forms go (store_set_form_sink). */
	int		(*form_sink)(void *, const char *, const char *, char *, size_t);
	void		*form_sink_ctx;
	/* The open seekers and vacancies in memory for matching (match-index.c), or NULL. */
	struct match_index *match_index;
	/*
	 * A batch (store_batch_begin) is open: st_begin, st_commit and
	 * st_rollback only count the records' transactions (depth) and
	 * note the rows changed when each began; a record rolled back after
	 * it changed rows breaks the batch, which then cannot commit, and
	 * err keeps SQLite's message of that moment.
	 */
	int		 batch;
	int		 batch_depth;
	int		 batch_broken;
	long long	 batch_changes[ST_BATCH_DEPTH];
	char		 batch_err[256];
	int		 batch_pragmas;	/* a batch's pragmas are set (db.c) */
	/*
	 * The name pieces of the seekers a batch adds, written in the
	 * index's order before it commits (seeker-names.c).
	 */
	struct gram_batch *batch_grams;
	/*
	 * The clock and the outbox sequence during a batch: kept here and
	 * written to the settings before it commits (nothing else writes
	 * while the batch holds the lock).
	 */
	uint64_t	 batch_hlc;
	long long	 batch_seq;
	/*
	 * The last question st_may answered yes in this batch (authority.c):
	 * an import asks the same one row after row, and neither accounts nor
	 * offices change while a batch holds the write lock.
	 */
	struct {
		int			 valid;
		const struct kind	*kind;
		int			 act;
		char			 actor[64], record_office[32], to_office[32];
	}		 batch_may;
};

/*
 * BEGIN IMMEDIATE, COMMIT, ROLLBACK; 0 or -1 (message in store_errmsg).
 * Inside a batch (store_batch_begin) the batch's transaction holds the
 * record's writes: a record refused before it writes leaves nothing, and
 * one rolled back after it wrote makes the whole batch roll back (db.c).
 */
int		 st_begin(struct store *);
int		 st_commit(struct store *);
void		 st_rollback(struct store *);
/* Run SQL without parameters (a pragma, a fixed statement); 0 or -1, logged. */
int		 st_exec(struct store *, const char *sql);
/* Prepare a statement; a statement that does not compile is a bug. */
sqlite3_stmt	*st_prepare(struct store *, const char *sql);
/*
 * The statement of sql, prepared the first time and kept until the store
 * closes: for statements run once per record of a page or an import,
 * whose preparation would cost more than the step. sql must be a string
 * constant (it is known by its address). The caller resets it after use.
 */
sqlite3_stmt	*st_cached(struct store *, const char *sql);
/*
 * The statement of sql (any text: built from the kind table, say),
 * prepared the first time it is asked for and kept, the least recently
 * used of ST_STMT_SLOTS making way for a new one: for the statements of
 * every record's save, whose preparation costs more than their step. The
 * caller gives it back with st_stmt_done (never sqlite3_finalize) before
 * it may be handed out again; one handed out is never dropped. A
 * statement that does not compile is a bug.
 */
sqlite3_stmt	*st_stmt(struct store *, const char *sql);
/* Give back a statement of st_stmt: reset, its bindings cleared. */
void		 st_stmt_done(struct store *, sqlite3_stmt *);
/* Step a statement of st_stmt that returns no rows and give it back; 0 or -1, logged. */
int		 st_stmt_step_done(struct store *, sqlite3_stmt *);
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
/* The wall clock in milliseconds since the epoch. */
uint64_t	 st_wall_ms(void);
struct sign_change;
/*
 * Sign what the acting account does that is no change (a fetch) with its
 * open key; store_actor_signs must hold (a bug otherwise).
 */
void		 st_sign(struct store *, const struct sign_change *, char *sig);
struct scope_elsewhere;
/*
 * A job seeker outside the scope by the record id: the identity index's
 * entry, a merge's redirect followed (store/scope.c). 1 with *where, 0
 * when the index does not have it (or the whole record is here), -1.
 */
int		 st_scope_elsewhere_id(struct store *, const char *id, struct scope_elsewhere *where);
/*
 * A person's record fetched on demand: the identity index's entry as the
 * record has it, marked fetched today, and the sweep due. 0 or -1.
 */
int		 st_scope_fetched(struct store *, const char *id);
/* The next hybrid-logical-clock stamp, persisted; call inside a transaction. */
uint64_t	 st_hlc_next(struct store *);
/*
 * Absorb a clock value from the district server so that later local
 * stamps come after it; no drift limit (the terminal trusts its own
 * server). Inside a transaction; 0 or -1.
 */
int		 st_hlc_receive(struct store *, uint64_t remote);
/*
 * Append an outbox entry for the changed fields of a record of kind k (a
 * kind terminals push; others are not sent); inside a transaction.
 */
int		 st_outbox_append(struct store *, const struct kind *, const char *row_id,
		     const char *op, const struct fields *changed, uint64_t hlc);
/* Record that the actor did `action` to a record; inside or outside a transaction. */
int		 st_audit(struct store *, const char *tbl, const char *record_id, const char *action);
/*
 * The rows of an export: audits table tbl as exported (first, so that an
 * export cut short is audited too), then steps stmt and hands each row to
 * row_cb, its columns named by columns (NULL-terminated, in the order of
 * the statement's). Finalizes stmt; a NULL stmt (not prepared) is -1.
 * Returns 0, the callback's non-zero value, or -1.
 */
int		 st_export_rows(struct store *, sqlite3_stmt *stmt, const char *tbl,
		     const char *const *columns, store_export_cb row_cb, void *ctx);
/*
 * Append a service event of type (a code of core/service.h) and its
 * outbox entry, given on the records that about names by their
 * service_event columns (seeker_id, employer_id, vacancy_id; those not
 * about the type's subject are left out), decided by the office's rules
 * on what the seeker or employer is now, which the event keeps. once
 * (a day, a referral's id), when not NULL, makes the service unique by
 * nature: its id derives from type, subject and once, the same on every
 * terminal. Inside a transaction; 0 written, 1 there already, -1.
 * service.c.
 */
int		 st_service_event(struct store *, const char *type, const struct fields *about,
		     const char *once, uint64_t hlc);
/*
 * The id of the service event of type given on subject_id that is unique
 * by once (as st_service_event derives it): a referral's service is found
 * by the referral's seeker and id. service.c.
 */
void		 st_service_id(struct store *, const char *type, const char *subject_id,
		     const char *once, char id[IDENT_LEN + 1]);

/*
 * The UTC stamp of the local midnight that begins day (YYYYMMDD) into
 * out, as service events store their time: local days compare with
 * stamps so. service.c.
 */
void		 st_day_start(int day, char out[32]);

/*
 * Keep the name index (seeker_name_gram) of the seeker with this id in
 * step: remove the pieces of old_name (NULL: none), add those of name
 * (NULL: none, for a tombstone). seeker.c; inside a transaction; 0 or -1.
 */
int		 seeker_index_name(struct store *, const char *id, const char *old_name,
		     const char *name);
/* The same for the seeker whose rowid is rid. */
int		 seeker_index_name_rid(struct store *, long long rid, const char *old_name,
		     const char *name);

/*
 * The name index of many new seekers at once (a pulled page): their
 * pieces are gathered, then written in the index's order. Add and write
 * inside one transaction; write empties the batch, free drops it unwritten.
 */
struct gram_row {
	size_t		 gram_at, len;	/* the piece: offset into the batch's text, bytes */
	size_t		 name_at;	/* the whole name, ended by NUL */
	long long	 rid;
	const char	*gram, *name;	/* the same as pointers, while the batch is written */
};

struct gram_batch {
	struct gram_row	*rows;
	size_t		 n, cap;
	struct buf	 text;		/* the names, one after the other */
};

#define GRAM_BATCH_INIT	{ NULL, 0, 0, BUF_INIT }

void		 seeker_gram_batch_add(struct gram_batch *, long long rid, const char *name);
int		 seeker_gram_batch_write(struct store *, struct gram_batch *);
void		 seeker_gram_batch_free(struct gram_batch *);
/* The name index of every live seeker built anew (a bulk load's end); 0 or -1. */
int		 seeker_names_reindex(struct store *);
/*
 * Replace the identity key inside the caller's transaction (identity.c):
 * re-derives every derived id when the key in use is provisional, and
 * records the new key and its source. The caller copies key into
 * st->idkey once its transaction has committed. 0, or -1 with err.
 */
int		 st_identity_replace(struct store *, const unsigned char key[IDENT_KEYLEN],
		     const char *source, char *err, size_t errlen);
/*
 * Offices and accounts as the district sends them (account.c), inside the
 * caller's transaction, neither audited nor sent anywhere. An office is
 * written whole; an account takes every field the record has (pwhash
 * included) and keeps the terminal's own count of failed logins and its
 * lock. 1 written, 0 refused (a value the local table cannot hold: err
 * says which), -1 database error.
 */
int		 st_office_upsert(struct store *, const char *code, const char *name,
		     const char *level, const char *parent, char *err, size_t errlen);
int		 st_account_upsert(struct store *, const char *login, const struct fields *,
		     char *err, size_t errlen);
/*
 * Whether the acting account may do act to a record of kind k of
 * record_office (to_office: where a transfer moves it), by the rules the
 * server applies (core/authority.h), from its role and office as this
 * terminal holds them; on an enrolled terminal a clerk's account must
 * sign (its key opened at login). 0, or -1 with the reason in err.
 */
int		 st_may(struct store *, const struct kind *, enum authority_act,
		     const char *record_office, const char *to_office, char *err, size_t errlen);
/* The district of an office as the tree here knows it (st_may's): 0, or -1. */
int		 st_office_district(struct store *, const char *office, char *out, size_t outlen);
/*
 * Derive again what is due first on the case file of seeker_id (its
 * plan's next_due and next_step) from the plan and the contacts here:
 * inside the transaction that wrote either, here or pulled. 0 or -1.
 */
int		 st_casefile_refresh(struct store *, const char *seeker_id);
/* Whether a flag field pulled from the district says yes ("1", "true" or "yes"). */
int		 st_pulled_flag(const char *v);

#endif
