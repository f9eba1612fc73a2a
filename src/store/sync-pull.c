/*
 * Applying a pulled page (jobdesk-sync(7), "Client rules"): every record
 * of the page, its cursor and the server's clock in one transaction, so
 * that a page is applied whole or not at all, and applying it again
 * changes nothing. Pulled writes are the district's: they add no outbox
 * entry and no audit record. Records are applied kind by kind in the
 * order of the kind table (parents first), each by its kind's handler:
 * the business records in sync-pull-records.c, the district's reference
 * data in sync-pull-reference.c. A record whose parent has not arrived
 * waits in sync_waiting, as it came in the page.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/i18n.h"
#include "common/log.h"
#include "common/xalloc.h"
#include "store/scope.h"
#include "store/seeker.h"
#include "store/sync-pull-int.h"
#include "store/sync.h"
#include "wire/wire.h"

/* Say what failed (the database's message) unless a message is there already; -1. */
int
pull_dberr(struct pull *p, const char *what, const char *key)
{
	if (*p->err == '\0')
		snprintf(p->err, p->errlen, _("cannot apply %s %s: %s"), what, key,
		    store_errmsg(p->st));
	return -1;
}

/* The page's statement in *slot, prepared from sql the first time it is asked for. */
sqlite3_stmt *
pull_stmt(struct pull *p, sqlite3_stmt **slot, const char *sql)
{
	if (*slot == NULL)
		*slot = st_prepare(p->st, sql);
	return *slot;
}

/* Step a write of the page's statements to its end and reset it for the next; 0 or -1. */
int
pull_step_done(struct pull *p, sqlite3_stmt *stmt)
{
	int rc = sqlite3_step(stmt);

	if (rc != SQLITE_DONE)
		log_error("database write failed: %s", store_errmsg(p->st));
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * Write the name pieces gathered so far; done before a seeker's pieces
 * are removed (they may be among them) and at the end of the page.
 */
int
pull_grams_write(struct pull *p)
{
	return seeker_gram_batch_write(p->st, &p->grams);
}

/* Whether the record of kind k with this key is here: 1, 0, -1. */
int
pull_exists(struct pull *p, const struct kind *k, const char *key)
{
	sqlite3_stmt *stmt = p->parent_exists[k->id];
	int rc;

	if (stmt == NULL) {
		struct buf sql = BUF_INIT;

		buf_addf(&sql, "SELECT 1 FROM \"%s\" WHERE \"%s\" = ?", k->name,
		    k->key_column != NULL ? k->key_column : "id");
		stmt = pull_stmt(p, &p->parent_exists[k->id], buf_str(&sql));
		buf_free(&sql);
	}
	st_bind_text(stmt, 1, key);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* Park a record until the row it needs (needs_tbl/needs_key) has arrived. */
int
pull_wait(struct pull *p, const struct wire_record *r, const struct kind *needs,
    const char *needs_key)
{
	sqlite3_stmt *stmt = pull_stmt(p, &p->wait, "INSERT INTO sync_waiting (tbl, key, needs_tbl, "
	    "needs_key, record) VALUES (?, ?, ?, ?, ?) ON CONFLICT (tbl, key) DO UPDATE SET "
	    "needs_tbl = excluded.needs_tbl, needs_key = excluded.needs_key, "
	    "record = excluded.record");
	struct buf text = BUF_INIT;

	p->any_waiting = 1;
	st_bind_text(stmt, 1, r->tbl);
	st_bind_text(stmt, 2, r->key);
	st_bind_text(stmt, 3, needs->name);
	st_bind_text(stmt, 4, needs_key);
	/* Kept as it came in the page, and applied from that later (pull_waiting). */
	wire_record_encode(r, &text);
	st_bind_text(stmt, 5, buf_str(&text));
	buf_free(&text);
	p->waiting++;
	log_debug("sync: %s %s waits for %s %s", r->tbl, r->key, needs->name, needs_key);
	return pull_step_done(p, stmt);
}

/* A newer version of a waiting record supersedes it: the waiting one goes. */
int
pull_unwait(struct pull *p, const char *tbl, const char *key)
{
	sqlite3_stmt *stmt;

	if (!p->any_waiting)
		return 0;
	stmt = pull_stmt(p, &p->unwait, "DELETE FROM sync_waiting WHERE tbl = ? AND key = ?");
	st_bind_text(stmt, 1, tbl);
	st_bind_text(stmt, 2, key);
	return pull_step_done(p, stmt);
}

/*
 * How a record of each kind is applied: the per-field and append-only
 * kinds by their merge rule, the district's own kinds by their handler.
 */
static pull_apply_fn
pull_handler(const struct kind *k)
{
	static const pull_apply_fn district[KIND_COUNT] = {
		[KIND_OFFICE] = pull_office,
		[KIND_CODE_LIST] = pull_code_list,
		[KIND_CODE] = pull_code,
		[KIND_FORM] = pull_form,
		[KIND_ACCOUNT] = pull_account,
		[KIND_TERMINAL] = pull_terminal,
		[KIND_CONFLICT] = pull_conflict,
		[KIND_IDENTITY] = pull_identity,
	};

	switch (k->merge) {
	case KIND_MERGE_FIELDS:
		return pull_mutable;
	case KIND_MERGE_APPEND:
		return pull_appended;
	case KIND_MERGE_DISTRICT:
		break;
	}
	if (district[k->id] == NULL)
		fatalx("no way to apply a pulled %s", k->name);
	return district[k->id];
}

/* Apply one record of any kind; one of an unknown kind is skipped. */
static int
pull_record(struct pull *p, const struct wire_record *rec)
{
	const struct kind *k = kind_find(rec->tbl);

	if (k == NULL) {
		log_warn("sync: a record of unknown table \"%s\" skipped", rec->tbl);
		p->skipped++;
		return 0;
	}
	return pull_handler(k)(p, k, rec);
}

/* Set up a page: the statements, whether anything waits. */
static void
pull_init(struct pull *p, struct store *st, char *err, size_t errlen)
{
	memset(p, 0, sizeof *p);
	p->st = st;
	p->err = err;
	p->errlen = errlen;
	pull_records_init(p);
	p->any_waiting = st_count(st, "SELECT EXISTS (SELECT 1 FROM sync_waiting)") != 0;
}

/* Finalize what pull_init and the handlers made. */
static void
pull_done(struct pull *p)
{
	size_t i;

	pull_records_done(p);
	for (i = 0; i < KIND_COUNT; i++)
		sqlite3_finalize(p->parent_exists[i]);
	sqlite3_finalize(p->wait);
	sqlite3_finalize(p->unwait);
	sqlite3_finalize(p->list_own);
	sqlite3_finalize(p->code_row);
	sqlite3_finalize(p->identity_put);
	sqlite3_finalize(p->identity_drop);
	sqlite3_finalize(p->identity_stage);
	seeker_gram_batch_free(&p->grams);
}

/*
 * The text of a waiting record whose parent has arrived (a vacancy's
 * employer, an account's office: whatever kinds records wait for): 1 with
 * *text (caller frees), 0 when none, -1.
 */
static int
pull_waiting_next(struct pull *p, char **text)
{
	sqlite3_stmt *kinds, *stmt;
	int rc = 0, step;

	kinds = st_prepare(p->st, "SELECT DISTINCT needs_tbl FROM sync_waiting");
	while (rc == 0 && (step = sqlite3_step(kinds)) == SQLITE_ROW) {
		const struct kind *k = kind_find(st_column_text(kinds, 0));
		struct buf sql = BUF_INIT;

		if (k == NULL)
			continue;
		buf_addf(&sql, "SELECT w.record FROM sync_waiting w WHERE w.needs_tbl = ? AND "
		    "EXISTS (SELECT 1 FROM \"%s\" x WHERE x.\"%s\" = w.needs_key) LIMIT 1", k->name,
		    k->key_column != NULL ? k->key_column : "id");
		stmt = st_prepare(p->st, buf_str(&sql));
		buf_free(&sql);
		st_bind_text(stmt, 1, k->name);
		if ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
			*text = xstrdup(st_column_text(stmt, 0));
			rc = 1;
		} else if (step != SQLITE_DONE)
			rc = -1;
		sqlite3_finalize(stmt);
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = -1;
	sqlite3_finalize(kinds);
	return rc;
}

/* Apply the waiting records whose parent has arrived; 0 or -1. */
static int
pull_waiting(struct pull *p)
{
	for (;;) {
		struct wire_record rec;
		char *text = NULL, why[WIRE_REASON_LEN];
		int rc;

		if (!p->any_waiting || (rc = pull_waiting_next(p, &text)) == 0)
			return 0;
		if (rc < 0)
			return pull_dberr(p, "sync_waiting", "");
		rc = wire_record_decode(text, strlen(text), &rec, why, sizeof why);
		free(text);
		if (rc != 0) {
			snprintf(p->err, p->errlen, _("a waiting record is damaged: %s"), why);
			return -1;
		}
		/* Applied through the same path: it leaves sync_waiting when it lands. */
		if (pull_unwait(p, rec.tbl, rec.key) != 0 || pull_record(p, &rec) != 0)
			rc = -1;
		p->waiting--;
		if (rc != 0) {
			rc = pull_dberr(p, rec.tbl, rec.key);
			wire_record_free(&rec);
			return rc;
		}
		wire_record_free(&rec);
	}
}

/* The names of the per-field kinds' tables as a JSON array. */
static void
pull_per_field_tables(struct buf *b)
{
	size_t i;

	buf_addc(b, '[');
	for (i = 0; i < KIND_COUNT; i++)
		if (kind_get((enum kind_id)i)->merge == KIND_MERGE_FIELDS)
			buf_addf(b, "%s\"%s\"", b->len > 1 ? "," : "", kind_get((enum kind_id)i)->name);
	buf_addc(b, ']');
}

/* Whether any per-field kind has a row here: 1, 0, -1. */
static int
pull_any_record(struct store *st)
{
	struct buf sql = BUF_INIT;
	size_t i;
	long n;

	buf_adds(&sql, "SELECT 0");
	for (i = 0; i < KIND_COUNT; i++)
		if (kind_get((enum kind_id)i)->merge == KIND_MERGE_FIELDS)
			buf_addf(&sql, " OR EXISTS (SELECT 1 FROM \"%s\")", kind_get((enum kind_id)i)->name);
	n = st_count(st, buf_str(&sql));
	buf_free(&sql);
	return n < 0 ? -1 : n != 0;
}

/*
 * A first sync into an empty terminal is a bulk load: when it starts,
 * the indexes of the per-field tables that no constraint needs are dropped
 * (their statements kept in the setting bulk_load) and the name index is
 * not kept page by page; the last page builds them all once. Kept page
 * by page, each page of 1,000 records touched thousands of index pages
 * at random and wrote every one of them to the log again: the load took
 * twice as long. Until it ends, a name search reads every name
 * (seeker_search), slower but complete. Should the load stop short
 * (the network, the process), the indexes are built all the same
 * (store_pull_settle), and the rest of the district comes the slow way.
 */
static int
pull_bulk_begin(struct pull *p)
{
	struct buf ddl = BUF_INIT, drop = BUF_INIT, tables = BUF_INIT;
	char *v;
	sqlite3_stmt *stmt;
	int rc;

	if ((v = st_setting_get(p->st, "bulk_load")) != NULL) {
		free(v);
		p->bulk = 1;
		return 0;
	}
	if ((v = st_setting_get(p->st, "first_sync_done")) != NULL && strcmp(v, "1") == 0) {
		free(v);
		return 0;
	}
	free(v);
	if (pull_any_record(p->st) != 0)
		return 0;
	stmt = st_prepare(p->st, "SELECT m.name, m.sql FROM sqlite_master m WHERE m.type = 'index' "
	    "AND m.sql IS NOT NULL AND m.tbl_name IN (SELECT value FROM json_each(?)) ORDER BY m.name");
	pull_per_field_tables(&tables);
	st_bind_text(stmt, 1, buf_str(&tables));
	buf_free(&tables);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *sql = st_column_text(stmt, 1);

		buf_addf(&drop, "DROP INDEX \"%s\";\n", st_column_text(stmt, 0));
		/* Built again as long as it is missing: a later migration may make it first. */
		if (strncmp(sql, "CREATE INDEX ", 13) == 0 &&
		    strncmp(sql + 13, "IF NOT EXISTS ", 14) != 0)
			buf_addf(&ddl, "CREATE INDEX IF NOT EXISTS %s;\n", sql + 13);
		else
			buf_addf(&ddl, "%s;\n", sql);
	}
	sqlite3_finalize(stmt);
	/* Dropped once the list is read: the schema cannot change under a read of it. */
	rc = rc == SQLITE_DONE && st_setting_set(p->st, "bulk_load", buf_str(&ddl)) == 0 &&
	    (drop.len == 0 || st_exec(p->st, buf_str(&drop)) == 0) ? 0 : -1;
	buf_free(&drop);
	buf_free(&ddl);
	if (rc == 0) {
		p->bulk = 1;
		log_info("sync: a first sync into an empty terminal: the indexes are built at its end");
	}
	return rc;
}

/* A vacancy's hires: the people its live referrals placed. */
#define PULL_HIRED	"SELECT count(DISTINCT seeker_id) FROM referral WHERE vacancy_id = vacancy.id " \
	"AND status = 'hired' AND deleted = 0"

/* Build what a bulk load left out and end it, inside the caller's transaction; 0 or -1. */
static int
pull_bulk_finish(struct store *st)
{
	char *ddl = st_setting_get(st, "bulk_load");
	sqlite3_stmt *stmt;
	int rc;

	if (ddl == NULL)
		return 0;
	/*
	 * The identity index's stage first: the indexes built next take the
	 * pages it leaves free. Then the hires the referral triggers leave to
	 * the load's end (migration 0005), written only where they differ:
	 * most vacancies have none, and rewriting every row (and its entry in
	 * vacancy_find, which holds hired) took 0.4 s of a street's first sync.
	 */
	rc = pull_identity_fold(st) == 0 && st_exec(st, ddl) == 0 &&
	    seeker_names_reindex(st) == 0 &&
	    st_exec(st, "UPDATE vacancy SET hired = (" PULL_HIRED ") WHERE hired <> ("
	    PULL_HIRED ")") == 0 &&
	    /* The matching journal's triggers were quiet too (migration 0006). */
	    st_exec(st, "INSERT INTO match_journal (kind, rid) VALUES ('all', 0)") == 0 ? 0 : -1;
	free(ddl);
	if (rc != 0)
		return -1;
	stmt = st_prepare(st, "DELETE FROM setting WHERE key = 'bulk_load'");
	if (st_step_done(st, stmt) != 0)
		return -1;
	log_info("sync: the indexes of the first sync are built");
	return 0;
}

int
store_pull_settle(struct store *st, char *err, size_t errlen)
{
	char *v = st_setting_get(st, "bulk_load");

	if (v == NULL)
		return 0;
	free(v);
	if (st_begin(st) != 0 || pull_bulk_finish(st) != 0 || st_commit(st) != 0) {
		snprintf(err, errlen, _("cannot build the indexes of the first sync: %s"),
		    store_errmsg(st));
		st_rollback(st);
		return -1;
	}
	return 0;
}

/* Where pulled forms go. */
void
store_set_form_sink(struct store *st, store_form_sink sink, void *ctx)
{
	st->form_sink = sink;
	st->form_sink_ctx = ctx;
}

/* The cursor of the last applied page. */
int
store_pull_cursor(struct store *st, char out[WIRE_CURSOR_LEN])
{
	char *v = st_setting_get(st, "pull_cursor");

	snprintf(out, WIRE_CURSOR_LEN, "%s", v != NULL ? v : "");
	free(v);
	return 0;
}

/*
 * A server restored from a backup starts its pull from the beginning:
 * what it sends may be older than what this terminal applied from it
 * before, and is the truth now. The stamp guard would refuse it, so it
 * is forgotten; the rows stay.
 */
static int
pull_reset(struct pull *p)
{
	struct buf sql = BUF_INIT;
	size_t i;
	int rc = 0;

	for (i = 0; i < KIND_COUNT && rc == 0; i++)
		if (kind_get((enum kind_id)i)->merge == KIND_MERGE_FIELDS) {
			buf_reset(&sql);
			buf_addf(&sql, "UPDATE \"%s\" SET stamps = '{}' WHERE stamps <> '{}'",
			    kind_get((enum kind_id)i)->name);
			rc = st_exec(p->st, buf_str(&sql));
		}
	buf_free(&sql);
	if (rc != 0)
		return -1;
	log_info("sync: the server restarts the pull from the beginning");
	return 0;
}

/*
 * Back to the settings of every other write (db.c): synchronous = FULL,
 * a checkpoint once the log holds SQLite's default 1,000 pages, and
 * sorting on this thread alone; 0 or -1.
 */
static int
pull_settings_restore(struct store *st)
{
	return st_exec(st, "PRAGMA synchronous = FULL") != 0 ||
	    st_exec(st, "PRAGMA wal_autocheckpoint = 1000") != 0 ||
	    st_exec(st, "PRAGMA threads = 0") != 0 ? -1 : 0;
}

/*
 * A page's records, kind by kind in their order, parents first; unknown
 * tables last (skipped). Each record's kind is looked up once: a pass per
 * kind looking each up again was a tenth of a first sync's time.
 */
static int
pull_page_records(struct pull *p, const struct wire_pull_reply *reply)
{
	unsigned char *kinds = xcalloc(reply->n > 0 ? reply->n : 1, 1);
	size_t i, r;
	int rc = 0;

	for (r = 0; r < reply->n; r++) {
		const struct kind *k = kind_find(reply->records[r].tbl);

		kinds[r] = (unsigned char)(k != NULL ? (size_t)k->id : KIND_COUNT);
	}
	for (i = 0; i <= KIND_COUNT && rc == 0; i++)
		for (r = 0; r < reply->n && rc == 0; r++)
			if (kinds[r] == i && pull_record(p, &reply->records[r]) != 0)
				rc = -1;
	free(kinds);
	return rc;
}

/* Apply one pulled page and its cursor in one transaction. */
int
store_pull_apply(struct store *st, const struct wire_pull_reply *reply, char *err,
    size_t errlen)
{
	struct pull p;
	int rc = -1;

	*err = '\0';
	/*
	 * A pulled page is committed with synchronous = NORMAL: in WAL mode
	 * its commit then waits for no fsync (the next checkpoint, or the
	 * next FULL commit, makes it durable). A power cut may lose the page,
	 * but it loses the page's cursor with it, in the same transaction:
	 * the next sync asks for the same page again and applies it whole.
	 * Nothing a clerk typed is in the page (pulled writes add no outbox
	 * entry), so nothing of the clerk's is at risk. FULL comes back right
	 * after the commit, before anything else writes, so the clerk's own
	 * changes stay durable as soon as they are saved.
	 *
	 * Its commit checkpoints only once the log holds 10,000 pages (40 MB):
	 * the pages of the indexes that every page of a first sync touches
	 * are then copied into the database once for many pages, not once
	 * for each (a third less system time in a first sync).
	 *
	 * Its big sorts (a first sync's indexes built at its end, the
	 * identity index's stage folded) may use two threads besides this
	 * one: a street's first sync took 5 to 10 % less time on two cores,
	 * with no more memory (each thread's share of a sort stays within
	 * the page cache's size).
	 */
	if (st_exec(st, "PRAGMA synchronous = NORMAL") != 0 ||
	    st_exec(st, "PRAGMA wal_autocheckpoint = 10000") != 0 ||
	    st_exec(st, "PRAGMA threads = 2") != 0) {
		snprintf(err, errlen, _("cannot apply the pulled page: %s"), store_errmsg(st));
		return -1;
	}
	if (st_begin(st) != 0) {
		snprintf(err, errlen, _("the database is busy: %s"), store_errmsg(st));
		pull_settings_restore(st);
		return -1;
	}
	pull_init(&p, st, err, errlen);
	/* The code list triggers of migration 0002 let only this transaction write district lists. */
	if (st_setting_set(st, "sync_applying", "1") != 0 ||
	    (reply->reset && pull_reset(&p) != 0) || pull_scope_begin(&p, reply) != 0 ||
	    pull_bulk_begin(&p) != 0)
		goto dberr;
	if (pull_page_records(&p, reply) != 0 || pull_waiting(&p) != 0)
		goto fail;
	if (pull_grams_write(&p) != 0)
		goto dberr;
	{
		sqlite3_stmt *stmt = st_prepare(st, "DELETE FROM setting WHERE key = 'sync_applying'");

		if (st_step_done(st, stmt) != 0)
			goto dberr;
	}
	if (st_setting_set(st, "pull_cursor", reply->cursor) != 0 ||
	    (!reply->more && (pull_bulk_finish(st) != 0 ||
	    st_setting_set(st, "first_sync_done", "1") != 0)) ||
	    pull_scope_end(&p, !reply->more) != 0 ||
	    st_hlc_receive(st, reply->hlc) != 0)
		goto dberr;
	if (st_commit(st) != 0)
		goto dberr;
	log_info("sync: pulled %zu record(s): %ld applied, %ld skipped, %ld waiting", reply->n,
	    p.applied, p.skipped, p.waiting);
	rc = 0;
	goto out;
dberr:
	if (*err == '\0')
		snprintf(err, errlen, _("cannot apply the pulled page: %s"), store_errmsg(st));
fail:
	st_rollback(st);
out:
	pull_done(&p);
	if (pull_settings_restore(st) != 0 && rc == 0) {
		snprintf(err, errlen, _("cannot apply the pulled page: %s"), store_errmsg(st));
		rc = -1;
	}
	return rc;
}

/*
 * A fetch's answer: its records applied as a page's are, in one
 * transaction, the cursor untouched; on a scoped terminal the person's
 * identity index entry marked fetched today. Audited as a view.
 */
int
store_fetch_apply(struct store *st, const struct wire_pull_reply *reply,
    char out_id[IDENT_LEN + 1], char *err, size_t errlen)
{
	struct pull p;
	sqlite3_stmt *stmt;
	size_t r;
	int rc = -1;

	*err = '\0';
	out_id[0] = '\0';
	for (r = 0; r < reply->n; r++)
		if (strcmp(reply->records[r].tbl, "seeker") == 0 && !reply->records[r].deleted &&
		    ident_valid(reply->records[r].key))
			memcpy(out_id, reply->records[r].key, IDENT_LEN + 1);
	if (out_id[0] == '\0')
		return 0;
	if (st_begin(st) != 0) {
		snprintf(err, errlen, _("the database is busy: %s"), store_errmsg(st));
		return -1;
	}
	pull_init(&p, st, err, errlen);
	store_scope(st, p.scope, sizeof p.scope);
	p.scoped = p.scope[0] != '\0';
	if (st_setting_set(st, "sync_applying", "1") != 0)
		goto dberr;
	if (pull_page_records(&p, reply) != 0 || pull_waiting(&p) != 0)
		goto fail;
	if (pull_grams_write(&p) != 0)
		goto dberr;
	stmt = st_prepare(st, "DELETE FROM setting WHERE key = 'sync_applying'");
	if (st_step_done(st, stmt) != 0 || (p.scoped && st_scope_fetched(st, out_id) != 0) ||
	    st_audit(st, "seeker", out_id, "fetch") != 0 || st_commit(st) != 0)
		goto dberr;
	log_info("sync: fetched seeker %s: %zu record(s)", out_id, reply->n);
	rc = 0;
	goto out;
dberr:
	if (*err == '\0')
		snprintf(err, errlen, _("cannot apply the fetched record: %s"), store_errmsg(st));
fail:
	st_rollback(st);
	out_id[0] = '\0';
out:
	pull_done(&p);
	return rc;
}
