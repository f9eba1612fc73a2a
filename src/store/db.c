/*
 * Opening the local database: pragmas, schema migrations, the settings a
 * new database starts with, and the helpers the aggregate files share.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include <sodium.h>

#include "common/i18n.h"
#include "common/log.h"
#include "common/xalloc.h"
#include "core/hlc.h"
#include "core/kind.h"
#include "core/sign.h"
#include "store/match-index.h"
#include "store/migrations.h"
#include "store/row.h"
#include "store/store-int.h"
#include "store/sync.h"
#include "wire/fields-json.h"
#include "wire/wire.h"

/* The wall clock in milliseconds since the epoch. */
static uint64_t
store_wall_ms(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return (uint64_t)tv.tv_sec * 1000 + (uint64_t)tv.tv_usec / 1000;
}

/* The schema version this program writes. */
int
store_schema_version(void)
{
	return n_migrations > 0 ? migrations[n_migrations - 1].version : 0;
}

/* The last SQLite message. */
const char *
store_errmsg(const struct store *st)
{
	/* A broken batch: the failure that broke it, not what came after. */
	if (st->batch_err[0] != '\0')
		return st->batch_err;
	return sqlite3_errmsg(st->db);
}

/* Prepare a statement or die: our SQL is fixed, so a failure is a bug. */
sqlite3_stmt *
st_prepare(struct store *st, const char *sql)
{
	sqlite3_stmt *stmt;

	if (sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL) != SQLITE_OK)
		fatalx("cannot prepare \"%s\": %s", sql, sqlite3_errmsg(st->db));
	return stmt;
}

sqlite3_stmt *
st_cached(struct store *st, const char *sql)
{
	size_t i, n = sizeof st->cached / sizeof st->cached[0];

	for (i = 0; i < n && st->cached[i].sql != NULL; i++)
		if (st->cached[i].sql == sql)
			return st->cached[i].stmt;
	if (i == n)
		fatalx("more statements to keep prepared than the store has room for");
	st->cached[i].sql = sql;
	st->cached[i].stmt = st_prepare(st, sql);
	return st->cached[i].stmt;
}

/* A string's FNV-1a hash, to find a kept statement by its text. */
static uint32_t
st_hash(const char *s)
{
	uint32_t h = 2166136261U;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619U;
	return h;
}

/* The statement of a text, kept prepared (see store-int.h). */
sqlite3_stmt *
st_stmt(struct store *st, const char *sql)
{
	struct st_stmt_slot *slot, *victim = NULL;
	uint32_t h = st_hash(sql);
	size_t i;

	for (i = 0; i < ST_STMT_SLOTS; i++) {
		slot = &st->stmts[i];
		if (slot->sql != NULL && slot->hash == h && !slot->busy &&
		    strcmp(slot->sql, sql) == 0) {
			slot->busy = 1;
			slot->used = ++st->stmt_clock;
			return slot->stmt;
		}
		if (slot->busy)
			continue;
		if (victim == NULL || slot->sql == NULL ||
		    (victim->sql != NULL && slot->used < victim->used))
			victim = slot;
	}
	if (victim == NULL)
		fatalx("more statements in use at once than the store keeps");
	if (victim->sql != NULL) {
		sqlite3_finalize(victim->stmt);
		free(victim->sql);
	}
	victim->stmt = st_prepare(st, sql);
	victim->sql = xstrdup(sql);
	victim->hash = h;
	victim->busy = 1;
	victim->used = ++st->stmt_clock;
	return victim->stmt;
}

/* Give a kept statement back, reset. */
void
st_stmt_done(struct store *st, sqlite3_stmt *stmt)
{
	size_t i;

	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	for (i = 0; i < ST_STMT_SLOTS; i++)
		if (st->stmts[i].stmt == stmt && st->stmts[i].busy) {
			st->stmts[i].busy = 0;
			return;
		}
	fatalx("a statement given back that st_stmt did not hand out");
}

/* Step a kept statement that returns no rows, and give it back. */
int
st_stmt_step_done(struct store *st, sqlite3_stmt *stmt)
{
	int rc = sqlite3_step(stmt);

	if (rc != SQLITE_DONE)
		log_error("database write failed: %s", sqlite3_errmsg(st->db));
	st_stmt_done(st, stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Bind text, or NULL. */
void
st_bind_text(sqlite3_stmt *stmt, int i, const char *s)
{
	if (s == NULL)
		sqlite3_bind_null(stmt, i);
	else
		sqlite3_bind_text(stmt, i, s, -1, SQLITE_TRANSIENT);
}

/* Bind an integer. */
void
st_bind_int(sqlite3_stmt *stmt, int i, int64_t v)
{
	sqlite3_bind_int64(stmt, i, v);
}

/* Column text, "" for NULL. */
const char *
st_column_text(sqlite3_stmt *stmt, int i)
{
	const unsigned char *s = sqlite3_column_text(stmt, i);

	return s != NULL ? (const char *)s : "";
}

/* Step a statement that returns no rows, then finalize it. */
int
st_step_done(struct store *st, sqlite3_stmt *stmt)
{
	int rc = sqlite3_step(stmt);

	if (rc != SQLITE_DONE)
		log_error("database write failed: %s", sqlite3_errmsg(st->db));
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The count a query without parameters returns in its first column, or -1. */
long
st_count(struct store *st, const char *sql)
{
	sqlite3_stmt *stmt = st_prepare(st, sql);
	long n = -1;

	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return n;
}

/* Copy the first column of a query's first row into out; 0, or -1 when there is none. */
int
st_first_text(struct store *st, const char *sql, const char *param, char *out, size_t outlen)
{
	sqlite3_stmt *stmt = st_stmt(st, sql);
	int rc = -1;

	if (param != NULL)
		st_bind_text(stmt, 1, param);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		snprintf(out, outlen, "%s", st_column_text(stmt, 0));
		rc = 0;
	}
	st_stmt_done(st, stmt);
	return rc;
}

/* Runs SQL without parameters, logging any error; 0 or -1. */
int
st_exec(struct store *st, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		log_error("database: %s", msg != NULL ? msg : "?");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/* A setting that holds a number (0 when it is not there). */
static uint64_t
st_setting_uint(struct store *st, const char *key)
{
	char *v = st_setting_get(st, key);
	uint64_t n = v != NULL ? strtoull(v, NULL, 10) : 0;

	free(v);
	return n;
}

/* Set a setting that holds a number; 0 or -1. */
static int
st_setting_uint_set(struct store *st, const char *key, uint64_t n)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%llu", (unsigned long long)n);
	return st_setting_set(st, key, buf);
}

/*
 * Start a write transaction (takes the write lock at once); in a batch,
 * a record's, inside the batch's: noting how many rows had changed.
 */
int
st_begin(struct store *st)
{
	if (!st->batch) {
		st->batch_err[0] = '\0';
		return st_exec(st, "BEGIN IMMEDIATE");
	}
	if (st->batch_depth == ST_BATCH_DEPTH)
		fatalx("records' transactions nested too deep in a batch");
	st->batch_changes[st->batch_depth++] = sqlite3_total_changes64(st->db);
	return 0;
}

/* Commit the transaction; in a batch, the record's is the batch's to commit. */
int
st_commit(struct store *st)
{
	if (!st->batch)
		return st_exec(st, "COMMIT");
	if (st->batch_depth == 0)
		return -1;
	st->batch_depth--;
	return 0;
}

/*
 * Roll the transaction back if one is open. In a batch, a record refused
 * before it wrote has nothing to undo (a statement that fails undoes
 * itself); one that wrote and then failed (a database error: every rule
 * is checked before the first write) breaks the batch, which rolls back
 * whole when it ends.
 */
void
st_rollback(struct store *st)
{
	if (st->batch) {
		if (st->batch_depth > 0 &&
		    sqlite3_total_changes64(st->db) != st->batch_changes[--st->batch_depth] &&
		    !st->batch_broken) {
			st->batch_broken = 1;
			snprintf(st->batch_err, sizeof st->batch_err, "%s", sqlite3_errmsg(st->db));
		}
		return;
	}
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

/*
 * Back to the settings of every other write: CHECK constraints evaluated,
 * synchronous = FULL, the default checkpoints.
 */
static int
st_batch_settings_restore(struct store *st)
{
	return st_exec(st, "PRAGMA ignore_check_constraints = OFF") != 0 ||
	    st_exec(st, "PRAGMA synchronous = FULL") != 0 ||
	    st_exec(st, "PRAGMA wal_autocheckpoint = 1000") != 0 ? -1 : 0;
}

/*
 * Sync the write-ahead log to the disk, as a commit with synchronous =
 * FULL would have: every transaction committed so far then survives a
 * power cut. 0, or -1 (store_errmsg says why).
 */
static int
st_wal_sync(struct store *st)
{
	sqlite3_file *wal = NULL;

	if (sqlite3_file_control(st->db, "main", SQLITE_FCNTL_JOURNAL_POINTER, &wal) != SQLITE_OK)
		return -1;
	/* No log (nothing written yet): nothing to sync. */
	if (wal == NULL || wal->pMethods == NULL)
		return 0;
	return wal->pMethods->xSync(wal, SQLITE_SYNC_FULL) == SQLITE_OK ? 0 : -1;
}

/* Open a batch. */
int
store_batch_begin(struct store *st)
{
	if (st->batch)
		fatalx("a batch inside a batch");
	/*
	 * A statement that fires triggers (a seeker's insert) keeps the
	 * pages it changes in a journal of its own, a temporary file past
	 * 64 KiB unless temporary data stays in memory, and a batch's changes
	 * spill into the WAL before the commit once they outgrow the page
	 * cache: both cost writes the batch is there to save. (Set once:
	 * changing temp_store drops temporary tables.)
	 */
	if (!st->batch_pragmas && (st_exec(st, "PRAGMA temp_store = MEMORY") != 0 ||
	    st_exec(st, "PRAGMA cache_size = -16384") != 0))
		return -1;
	st->batch_pragmas = 1;
	/*
	 * As a pulled page is (sync-pull.c): committed with synchronous =
	 * NORMAL, without waiting for an fsync, and a checkpoint only once
	 * the log holds 10,000 pages. A power cut may take back batches
	 * committed so far, each whole, never a part of a record; the
	 * caller's work is not done until its last batch, after whose commit
	 * the log is synced, making them all durable (an import run again
	 * brings what a power cut took).
	 */
	/*
	 * The tables' CHECK constraints are not evaluated either. Each is a
	 * list of words (a status, an outbox operation, a journal's kind)
	 * that SQLite turns into a temporary index for every row written, a
	 * sixth of an import's work; and every value they guard comes from
	 * the program's own tables (a kind's first status, the outbox's
	 * operations, the journal's triggers), never from the rows of a
	 * file. Turning the pragma on or off expires the statements compiled
	 * under the other setting, so nothing prepared in a batch runs
	 * without the checks after it.
	 */
	if (st_exec(st, "PRAGMA ignore_check_constraints = ON") != 0 ||
	    st_exec(st, "PRAGMA synchronous = NORMAL") != 0 ||
	    st_exec(st, "PRAGMA wal_autocheckpoint = 10000") != 0 ||
	    st_exec(st, "BEGIN IMMEDIATE") != 0) {
		st_batch_settings_restore(st);
		return -1;
	}
	/* Read under the lock: from here on nobody else changes them. */
	st->batch_hlc = st_setting_uint(st, "hlc");
	st->batch_seq = (long long)st_setting_uint(st, "outbox_seq");
	st->batch = 1;
	st->batch_depth = 0;
	st->batch_broken = 0;
	st->batch_err[0] = '\0';
	st->batch_may.valid = 0;
	if (st->batch_grams == NULL)
		st->batch_grams = xcalloc(1, sizeof *st->batch_grams);
	return 0;
}

/* Whether the open batch is broken. */
int
store_batch_broken(const struct store *st)
{
	return st->batch && st->batch_broken;
}

/* Commit or roll back a batch. */
int
store_batch_end(struct store *st, enum store_batch_how how)
{
	int commit = how != STORE_BATCH_ROLLBACK, rc = 0;

	if (!st->batch)
		fatalx("no batch to end");
	if (st->batch_depth != 0)
		fatalx("a batch ended inside a record's transaction");
	/* A record that failed half-way is in the batch's transaction: all of it goes. */
	if (commit && st->batch_broken)
		rc = -1;
	if (commit && rc == 0 && (seeker_gram_batch_write(st, st->batch_grams) != 0 ||
	    st_setting_uint_set(st, "hlc", st->batch_hlc) != 0 ||
	    st_setting_uint_set(st, "outbox_seq", (uint64_t)st->batch_seq) != 0))
		rc = -1;
	/* Kept for the next batch; dropped with the work rolled back. */
	st->batch_grams->n = 0;
	buf_reset(&st->batch_grams->text);
	st->batch = 0;
	if (commit && rc == 0 && st_exec(st, "COMMIT") != 0)
		rc = -1;
	if (!commit || rc != 0) {
		/* The batches committed before this one stay, and go to the disk. */
		st_rollback(st);
		st_batch_settings_restore(st);
		st_wal_sync(st);
		return rc;
	}
	/* After the last commit the log goes to the disk: this batch and every one before. */
	if (how == STORE_BATCH_LAST && (st_batch_settings_restore(st) != 0 ||
	    st_wal_sync(st) != 0))
		rc = -1;
	return rc;
}

/* A setting's value, or NULL. */
char *
st_setting_get(struct store *st, const char *key)
{
	sqlite3_stmt *stmt = st_stmt(st, "SELECT value FROM setting WHERE key = ?");
	char *v = NULL;

	st_bind_text(stmt, 1, key);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		v = xstrdup(st_column_text(stmt, 0));
	st_stmt_done(st, stmt);
	return v;
}

/* Set a setting. */
int
st_setting_set(struct store *st, const char *key, const char *value)
{
	sqlite3_stmt *stmt = st_stmt(st,
	    "INSERT INTO setting (key, value) VALUES (?, ?) "
	    "ON CONFLICT (key) DO UPDATE SET value = excluded.value");

	st_bind_text(stmt, 1, key);
	st_bind_text(stmt, 2, value);
	return st_stmt_step_done(st, stmt);
}

/* Today in local time as YYYYMMDD. */
int
store_today(void)
{
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

/* Now in UTC, ISO 8601. */
void
store_timestamp(char out[32])
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* A new time-ordered id. */
void
store_new_id(char out[IDENT_LEN + 1])
{
	unsigned char rnd[10];

	randombytes_buf(rnd, sizeof rnd);
	ident_uuid7(store_wall_ms(), rnd, out);
}

/* The next clock stamp, persisted in the open transaction (a batch's, at its commit). */
uint64_t
st_hlc_next(struct store *st)
{
	uint64_t next;

	if (st->batch)
		return st->batch_hlc = hlc_next(st->batch_hlc, store_wall_ms());
	next = hlc_next(st_setting_uint(st, "hlc"), store_wall_ms());
	if (st_setting_uint_set(st, "hlc", next) != 0)
		return 0;
	return next;
}

/* Absorb the server's clock, without a drift limit. */
int
st_hlc_receive(struct store *st, uint64_t remote)
{
	char *v, buf[32];
	uint64_t last, next;

	if (remote == 0)
		return 0;
	if (st->batch)
		fatalx("a clock received inside a batch");
	v = st_setting_get(st, "hlc");
	last = v != NULL ? strtoull(v, NULL, 10) : 0;
	free(v);
	/*
	 * A limit past any 48-bit millisecond value: our own server's clock
	 * is taken whatever it says (the drift guard is the server's, against
	 * terminals), and wall + limit cannot overflow.
	 */
	if (hlc_receive(last, remote, store_wall_ms(), (uint64_t)1 << 48, &next) != 0)
		return -1;
	if (next <= last)
		return 0;
	snprintf(buf, sizeof buf, "%llu", (unsigned long long)next);
	return st_setting_set(st, "hlc", buf);
}

static const char st_outbox_insert_sql[] = "INSERT INTO outbox (seq, tbl, row_id, op, fields, "
    "hlc, created_at, base, author, sig) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";

/*
 * The base of an update of kind k, prepared once per kind: the district's
 * stamp of each changed field (?2, the fields as JSON) of record ?1 as
 * this terminal last pulled it, so that the server tells an edit of a
 * value the clerk saw from a conflict with one they did not (kept in the
 * journal). Stamps are stored compact: "*" is the stamp of every field
 * not named, "" none (wire/stamps.h). NULL for a kind without stamps.
 */
static sqlite3_stmt *
st_outbox_base_stmt(struct store *st, const struct kind *k)
{
	struct buf sql = BUF_INIT;

	if (k->merge != KIND_MERGE_FIELDS)
		return NULL;
	if (st->outbox_base[k->id] != NULL)
		return st->outbox_base[k->id];
	buf_addf(&sql, "SELECT coalesce((SELECT json_group_object(k, s) FROM "
	    "(SELECT f.key AS k, coalesce(json_extract(r.stamps, '$.' || f.key), "
	    "json_extract(r.stamps, '$.\"*\"')) AS s FROM json_each(?2) f, \"%s\" r "
	    "WHERE r.id = ?1) WHERE s <> ''), '{}')", k->name);
	st->outbox_base[k->id] = st_prepare(st, buf_str(&sql));
	buf_free(&sql);
	return st->outbox_base[k->id];
}

/* The base of an update (a new string, caller frees): "{}" for anything else. */
static char *
st_outbox_base(struct store *st, const struct kind *k, const char *row_id, const char *op,
    const char *fields)
{
	sqlite3_stmt *stmt = strcmp(op, "update") == 0 ? st_outbox_base_stmt(st, k) : NULL;
	char *base;

	if (stmt == NULL)
		return xstrdup("{}");
	st_bind_text(stmt, 1, row_id);
	st_bind_text(stmt, 2, fields);
	base = xstrdup(sqlite3_step(stmt) == SQLITE_ROW ? st_column_text(stmt, 0) : "{}");
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	return base;
}

/*
 * Sign an outbox entry as the acting account, when its key is open (the
 * account logged in here with the password its key is sealed under):
 * author and sig, or both "" (an unsigned change, which an enrolled
 * terminal sends only once a supervisor has taken it over).
 */
static void
st_outbox_sign(struct store *st, const struct kind *k, const char *row_id, const char *op,
    uint64_t hlc, const char *fields, const char *base, char author[WIRE_LOGIN_LEN],
    char sig[SIGN_HEX])
{
	struct sign_change c = { st->terminal, k->name, row_id, op, hlc, st->actor, fields, base };

	author[0] = sig[0] = '\0';
	if (!st->has_signer || strcmp(st->signer, st->actor) != 0)
		return;
	sign_change(st->signer_key, &c, sig);
	snprintf(author, WIRE_LOGIN_LEN, "%s", st->actor);
}

/* The wall clock in milliseconds, for the store's rooms. */
uint64_t
st_wall_ms(void)
{
	return store_wall_ms();
}

/* Sign what the acting account does that is no change (a fetch), with its open key. */
void
st_sign(struct store *st, const struct sign_change *c, char *sig)
{
	if (!store_actor_signs(st))
		fatalx("a request signed without an open key");
	sign_change(st->signer_key, c, sig);
}

/* Append one outbox entry with the next gap-free sequence number. */
int
st_outbox_append(struct store *st, const struct kind *k, const char *row_id, const char *op,
    const struct fields *changed, uint64_t hlc)
{
	sqlite3_stmt *stmt;
	char *json, *base, stamp[32], author[WIRE_LOGIN_LEN], sig[SIGN_HEX];
	long long seq;
	int rc;

	if (!(k->flags & KF_PUSH))
		return 0;
	json = wire_fields_text(changed, 1);
	base = st_outbox_base(st, k, row_id, op, json);
	st_outbox_sign(st, k, row_id, op, hlc, json, base, author, sig);
	seq = (st->batch ? st->batch_seq : (long long)st_setting_uint(st, "outbox_seq")) + 1;
	store_timestamp(stamp);
	stmt = st_cached(st, st_outbox_insert_sql);
	/* Every value outlives the step, and the bindings are cleared after it: no copies. */
	st_bind_int(stmt, 1, seq);
	sqlite3_bind_text(stmt, 2, k->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, row_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, op, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, json, -1, free);
	st_bind_int(stmt, 6, (int64_t)hlc);
	sqlite3_bind_text(stmt, 7, stamp, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 8, base, -1, free);
	sqlite3_bind_text(stmt, 9, author, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 10, sig, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt) == SQLITE_DONE ? 0 : -1;
	if (rc != 0)
		log_error("database write failed: %s", sqlite3_errmsg(st->db));
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	/* In a batch the number is written once, before it commits. */
	if (rc == 0 && st->batch)
		st->batch_seq = seq;
	else if (rc == 0)
		rc = st_setting_uint_set(st, "outbox_seq", (uint64_t)seq);
	return rc;
}

/* Append an audit record. */
int
st_audit(struct store *st, const char *tbl, const char *record_id, const char *action)
{
	sqlite3_stmt *stmt = st_stmt(st, "INSERT INTO audit (at, clerk, terminal, tbl, record_id, "
	    "action) VALUES (?, ?, ?, ?, ?, ?)");
	char stamp[32];

	store_timestamp(stamp);
	/* Every value outlives the step, and the bindings are cleared after it: no copies. */
	sqlite3_bind_text(stmt, 1, stamp, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, st->actor[0] != '\0' ? st->actor : "-", -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, st->terminal, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, tbl, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, record_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, action, -1, SQLITE_STATIC);
	return st_stmt_step_done(st, stmt);
}

/* Reads the database's user_version and its number of schema objects; 0 or -1. */
static int
store_read_version(struct store *st, int *version, int *ntables)
{
	sqlite3_stmt *stmt;

	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &stmt, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		sqlite3_finalize(stmt);
		return -1;
	}
	*version = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM sqlite_master", -1, &stmt,
	    NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		sqlite3_finalize(stmt);
		return -1;
	}
	*ntables = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return 0;
}

/* Apply every migration newer than the database, all in one transaction. */
static int
store_migrate(struct store *st, int from, char *err, size_t errlen)
{
	char *msg = NULL, sql[64];
	size_t i;

	if (st_begin(st) != 0) {
		snprintf(err, errlen, _("%s: cannot lock the database: %s"), st->path,
		    sqlite3_errmsg(st->db));
		return -1;
	}
	/* Another process (a script next to the client) may have migrated meanwhile. */
	{
		int ntables;

		if (store_read_version(st, &from, &ntables) != 0) {
			snprintf(err, errlen, _("%s: cannot read the schema version: %s"), st->path,
			    sqlite3_errmsg(st->db));
			st_rollback(st);
			return -1;
		}
	}
	for (i = 0; i < n_migrations; i++) {
		if (migrations[i].version <= from)
			continue;
		if (sqlite3_exec(st->db, migrations[i].sql, NULL, NULL, &msg) != SQLITE_OK) {
			snprintf(err, errlen, _("%s: migration %s failed: %s"), st->path,
			    migrations[i].name, msg != NULL ? msg : "?");
			sqlite3_free(msg);
			st_rollback(st);
			return -1;
		}
		log_info("database migrated to schema %d", migrations[i].version);
	}
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", store_schema_version());
	if (st_exec(st, sql) != 0 || st_commit(st) != 0) {
		snprintf(err, errlen, _("%s: cannot record the schema version: %s"), st->path,
		    sqlite3_errmsg(st->db));
		st_rollback(st);
		return -1;
	}
	return 0;
}

/*
 * Whether the tables hold every column the kind table describes (and the
 * sync columns of the per-field kinds): a kind described but not migrated
 * is caught at the first start, not at its first write. 0, or -1 with err.
 */
static int
store_schema_check(struct store *st, char *err, size_t errlen)
{
	static const char *const sync_cols[] = { "rid", "id", "deleted", "replaced_by", "stamps",
		"authors",
		"hlc", NULL };
	sqlite3_stmt *stmt = st_prepare(st, "SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2");
	size_t i, j;
	int rc = 0;

	for (i = 0; i < KIND_COUNT && rc == 0; i++) {
		const struct kind *k = kind_get((enum kind_id)i);
		size_t nsync = k->merge == KIND_MERGE_FIELDS ? sizeof sync_cols / sizeof sync_cols[0] - 1 : 0;

		for (j = 0; j < k->ncols + nsync && rc == 0; j++) {
			const char *col = j < k->ncols ? k->cols[j].name : sync_cols[j - k->ncols];

			st_bind_text(stmt, 1, k->name);
			st_bind_text(stmt, 2, col);
			if (sqlite3_step(stmt) != SQLITE_ROW) {
				snprintf(err, errlen, _("%s: the database's table \"%s\" has no column "
				    "\"%s\"; it was not made by this jobdesk"), st->path, k->name, col);
				rc = -1;
			}
			sqlite3_reset(stmt);
		}
	}
	sqlite3_finalize(stmt);
	return rc;
}

/* Give a new database its terminal id and provisional identity key. */
static int
store_first_use(struct store *st)
{
	unsigned char key[IDENT_KEYLEN];
	char hex[2 * IDENT_KEYLEN + 1], id[IDENT_LEN + 1];
	char *v;
	int rc = 0;

	if ((v = st_setting_get(st, "terminal_id")) != NULL) {
		free(v);
		return 0;
	}
	if (st_begin(st) != 0)
		return -1;
	/* Checked again under the write lock: another process may have been first. */
	if ((v = st_setting_get(st, "terminal_id")) != NULL) {
		free(v);
		return st_commit(st);
	}
	store_new_id(id);
	randombytes_buf(key, sizeof key);
	sodium_bin2hex(hex, sizeof hex, key, sizeof key);
	rc |= st_setting_set(st, "terminal_id", id);
	rc |= st_setting_set(st, "identity_key", hex);
	rc |= st_setting_set(st, "identity_source", "provisional");
	rc |= st_setting_set(st, "outbox_seq", "0");
	rc |= st_setting_set(st, "hlc", "0");
	sodium_memzero(key, sizeof key);
	sodium_memzero(hex, sizeof hex);
	if (rc != 0) {
		st_rollback(st);
		return -1;
	}
	return st_commit(st);
}

/* Loads the terminal id and identity key from the settings; -1 if either is missing or bad. */
static int
store_load_settings(struct store *st)
{
	char *id = st_setting_get(st, "terminal_id");
	char *key = st_setting_get(st, "identity_key");
	char *office = st_setting_get(st, "terminal_office");
	size_t len = 0;
	int rc = -1;

	if (id == NULL || key == NULL)
		goto out;
	snprintf(st->terminal, sizeof st->terminal, "%s", id);
	snprintf(st->terminal_office, sizeof st->terminal_office, "%s",
	    office != NULL ? office : "");
	if (sodium_hex2bin(st->idkey, sizeof st->idkey, key, strlen(key), NULL, &len, NULL) != 0 ||
	    len != sizeof st->idkey)
		goto out;
	rc = 0;
out:
	free(id);
	free(office);
	if (key != NULL)
		sodium_memzero(key, strlen(key));
	free(key);
	return rc;
}

/* Open the database, refusing one from a newer version untouched. */
struct store *
store_open(const char *path, char *err, size_t errlen)
{
	struct store *st = xcalloc(1, sizeof *st);
	char settle_err[256];
	int version = 0, ntables = 0, rc;

	if (sodium_init() < 0)
		fatalx("libsodium cannot start");
	st->path = xstrdup(path);
	st->registration_days = 90;
	st->referral_due_days = 7;
	st->terminal_silent_days = 3;
	service_rules_default(&st->service_rules);
	casefile_rules_default(&st->casefile_rules);
	/*
	 * No memory statistics, which nothing reads and for which SQLite
	 * would take a mutex for each of the hundreds of allocations a saved
	 * record makes. Only before SQLite starts; later calls are refused,
	 * harmlessly.
	 */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	rc = sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	    SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, _("%s: cannot open the database: %s"), path,
		    st->db != NULL ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
		goto fail;
	}
	sqlite3_busy_timeout(st->db, 5000);
	sqlite3_extended_result_codes(st->db, 1);
	/* Read the version before any pragma below can write to the file. */
	if (store_read_version(st, &version, &ntables) != 0) {
		snprintf(err, errlen, _("%s: not a jobdesk database: %s"), path,
		    sqlite3_errmsg(st->db));
		goto fail;
	}
	if (version > store_schema_version()) {
		snprintf(err, errlen, _("%s: the database is from a newer jobdesk (schema %d; this "
		    "program knows up to %d); it was not touched: install the newer jobdesk"),
		    path, version, store_schema_version());
		goto fail;
	}
	if (version == 0 && ntables > 0) {
		snprintf(err, errlen, _("%s: not a jobdesk database (it has tables but no jobdesk "
		    "schema version); it was not touched"), path);
		goto fail;
	}
	/* Clerk writes are durable at COMMIT even on power loss: WAL with FULL sync. */
	if (st_exec(st, "PRAGMA journal_mode = WAL") != 0 ||
	    st_exec(st, "PRAGMA synchronous = FULL") != 0 ||
	    st_exec(st, "PRAGMA foreign_keys = ON") != 0) {
		snprintf(err, errlen, _("%s: cannot set up the database: %s"), path,
		    sqlite3_errmsg(st->db));
		goto fail;
	}
	if (version < store_schema_version() && store_migrate(st, version, err, errlen) != 0)
		goto fail;
	if (store_schema_check(st, err, errlen) != 0)
		goto fail;
	if (store_first_use(st) != 0 || store_load_settings(st) != 0) {
		snprintf(err, errlen, _("%s: cannot read the terminal settings: %s"), path,
		    sqlite3_errmsg(st->db));
		goto fail;
	}
	/* A first sync cut off by a crash left the terminal without its search indexes. */
	if (store_pull_settle(st, settle_err, sizeof settle_err) != 0)
		log_warn("%s", settle_err);
	return st;
fail:
	store_close(st);
	return NULL;
}

/* Close the database. */
void
store_close(struct store *st)
{
	size_t i;

	if (st == NULL)
		return;
	for (i = 0; i < sizeof st->cached / sizeof st->cached[0]; i++)
		sqlite3_finalize(st->cached[i].stmt);
	for (i = 0; i < ST_STMT_SLOTS; i++) {
		sqlite3_finalize(st->stmts[i].stmt);
		free(st->stmts[i].sql);
	}
	for (i = 0; i < KIND_COUNT; i++)
		sqlite3_finalize(st->outbox_base[i]);
	sodium_memzero(st->signer_key, sizeof st->signer_key);
	match_index_free(st->match_index);
	if (st->batch_grams != NULL)
		seeker_gram_batch_free(st->batch_grams);
	free(st->batch_grams);
	if (st->db != NULL)
		sqlite3_close(st->db);
	sodium_memzero(st->idkey, sizeof st->idkey);
	free(st->path);
	free(st);
}

/*
 * Set who acts. Once the terminal is enrolled, what it writes carries the
 * terminal's office whatever the clerk's account says: the server refuses
 * a change that names another office than the terminal's.
 */
void
store_set_actor(struct store *st, const char *login, const char *office)
{
	snprintf(st->actor, sizeof st->actor, "%s", login != NULL ? login : "");
	if (st->terminal_office[0] != '\0')
		office = st->terminal_office;
	snprintf(st->office, sizeof st->office, "%s", office != NULL ? office : "");
}

/* The account whose key signs what it writes: its key is wiped when another takes over. */
void
store_set_signer(struct store *st, const char *login, const unsigned char *key)
{
	store_clear_signer(st);
	if (login == NULL || key == NULL)
		return;
	snprintf(st->signer, sizeof st->signer, "%s", login);
	memcpy(st->signer_key, key, sizeof st->signer_key);
	st->has_signer = 1;
}

/* No account signs from now on. */
void
store_clear_signer(struct store *st)
{
	sodium_memzero(st->signer_key, sizeof st->signer_key);
	st->signer[0] = '\0';
	st->has_signer = 0;
}

/* Whether the acting account signs what it writes. */
int
store_actor_signs(const struct store *st)
{
	return st->has_signer && strcmp(st->signer, st->actor) == 0;
}

/* Who acts. */
const char *
store_actor(const struct store *st)
{
	return st->actor;
}

/* The actor's office. */
const char *
store_office(const struct store *st)
{
	return st->office;
}

/* This terminal's id. */
const char *
store_terminal(const struct store *st)
{
	return st->terminal;
}

/* The database file's path. */
const char *
store_path(const struct store *st)
{
	return st->path;
}

/* Set the registration validity in days. */
void
store_set_registration_days(struct store *st, int days)
{
	st->registration_days = days;
}

/* The registration validity in days. */
int
store_registration_days(const struct store *st)
{
	return st->registration_days;
}

/* The derived id of a natural key value: keyed "kind:value". */
void
store_natural_id(const struct store *st, const struct kind *k, const char *value,
    char out[IDENT_LEN + 1])
{
	ident_derive(st->idkey, k->name, value, out);
}

/* Where the identity key came from. */
int
store_identity_source(const struct store *st, char *out, size_t outlen)
{
	char *v = st_setting_get((struct store *)st, "identity_source");

	snprintf(out, outlen, "%s", v != NULL ? v : "");
	free(v);
	return v != NULL ? 0 : -1;
}

/* Outbox entries waiting to be pushed. */
long
store_outbox_pending(struct store *st)
{
	/* The sequence is gap-free, so this is the count without a scan. */
	return st_count(st, "SELECT coalesce(max(seq) - min(seq) + 1, 0) FROM outbox");
}

/* The last outbox sequence number given. */
long
store_outbox_last_seq(struct store *st)
{
	return st->batch ? (long)st->batch_seq : (long)st_setting_uint(st, "outbox_seq");
}

/* PRAGMA integrity_check. */
int
store_integrity_check(struct store *st, char *err, size_t errlen)
{
	sqlite3_stmt *stmt = st_prepare(st, "PRAGMA integrity_check");
	int rc = -1;

	if (sqlite3_step(stmt) == SQLITE_ROW) {
		const char *r = st_column_text(stmt, 0);

		rc = strcmp(r, "ok") == 0 ? 0 : -1;
		snprintf(err, errlen, "%s", r);
	}
	sqlite3_finalize(stmt);
	return rc;
}
