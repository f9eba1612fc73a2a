/*
 * The store's side of sync, apart from applying pulled pages (sync-pull.c):
 * the outbox read in pages for a push and acknowledged afterwards, the
 * enrollment, how the rounds went, and the two lists the screens show:
 * changes the server refused and the district's conflict journal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "common/i18n.h"
#include "common/log.h"
#include "common/xalloc.h"
#include "common/buf.h"
#include "core/account_rules.h"
#include "core/ident.h"
#include "core/kind.h"
#include "core/sign.h"
#include "core/text.h"
#include "store/store-int.h"
#include "store/sync.h"
#include "wire/fields-json.h"

/* Copy src into dst, cut before a character that would not fit whole. */
static void
sync_copy(char *dst, size_t dstlen, const char *src)
{
	text_setmsg(dst, dstlen, "%s", src != NULL ? src : "");
}

/*
 * The record as a clerk knows it: its kind's label column, and the label
 * of the record it belongs to where the kind names one (a vacancy's
 * title and its employer's name, a service's type and the seeker's
 * name). "" when the record is not here.
 */
static void
sync_label(struct store *st, const char *tbl, const char *id, char *out, size_t outlen)
{
	const struct kind *k = kind_find(tbl), *parent;
	struct buf sql = BUF_INIT;
	char label[512];

	*out = '\0';
	if (k == NULL || k->label_column == NULL)
		return;
	buf_addf(&sql, "SELECT t.\"%s\"", k->label_column);
	parent = k->label_parent != NULL ? kind_find(kind_column(k, k->label_parent)->refers) : NULL;
	if (parent != NULL)
		buf_addf(&sql, " || coalesce('%s' || p.\"%s\", '') FROM \"%s\" t LEFT JOIN \"%s\" p "
		    "ON p.id = t.\"%s\"", k->label_sep, parent->label_column, k->name, parent->name,
		    k->label_parent);
	else
		buf_addf(&sql, " FROM \"%s\" t", k->name);
	buf_adds(&sql, " WHERE t.id = ?");
	if (st_first_text(st, buf_str(&sql), id, label, sizeof label) == 0)
		sync_copy(out, outlen, label);
	buf_free(&sql);
}

/* The oldest waiting outbox entries after seq after, at most limit, as a push. */
static int
sync_outbox_read(struct store *st, int64_t after, long limit, struct wire_push *out, char *err,
    size_t errlen)
{
	sqlite3_stmt *stmt;
	int64_t prev = 0;
	int rc;

	memset(out, 0, sizeof *out);
	snprintf(out->terminal, sizeof out->terminal, "%s", st->terminal);
	if (limit < 1)
		limit = 1;
	if (limit > WIRE_MAX_CHANGES)
		limit = WIRE_MAX_CHANGES;
	/* Only the page is read: an outbox of any length costs one page of memory. */
	stmt = st_prepare(st, "SELECT seq, tbl, row_id, op, fields, hlc, base, author, sig "
	    "FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?");
	st_bind_int(stmt, 1, after);
	st_bind_int(stmt, 2, limit);
	out->changes = xcalloc((size_t)limit, sizeof *out->changes);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct wire_change *c = &out->changes[out->n];
		int64_t seq = sqlite3_column_int64(stmt, 0);

		/* The sequence is gap-free; a hole would be refused as a whole by the server. */
		if (out->n > 0 && seq != prev + 1) {
			log_error("outbox: entry %lld follows %lld; pushing up to the gap",
			    (long long)seq, (long long)prev);
			break;
		}
		/* An unsigned change (made before enrollment) waits to be taken over. */
		if (*st_column_text(stmt, 8) == '\0')
			break;
		c->seq = seq;
		snprintf(c->tbl, sizeof c->tbl, "%s", st_column_text(stmt, 1));
		snprintf(c->id, sizeof c->id, "%s", st_column_text(stmt, 2));
		snprintf(c->op, sizeof c->op, "%s", st_column_text(stmt, 3));
		c->hlc = (uint64_t)sqlite3_column_int64(stmt, 5);
		fields_init(&c->fields);
		fields_init(&c->base);
		/* Sent as stored: the store wrote them with wire_fields_text. */
		c->fields_text = xstrdup(st_column_text(stmt, 4));
		c->base_text = xstrdup(st_column_text(stmt, 6));
		snprintf(c->author, sizeof c->author, "%s", st_column_text(stmt, 7));
		snprintf(c->sig, sizeof c->sig, "%s", st_column_text(stmt, 8));
		out->n++;
		prev = seq;
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		snprintf(err, errlen, _("cannot read the outbox: %s"), store_errmsg(st));
		wire_push_free(out);
		return -1;
	}
	return 0;
}

/* The oldest waiting outbox entries, at most limit, as a push. */
int
store_outbox_page(struct store *st, long limit, struct wire_push *out, char *err,
    size_t errlen)
{
	return sync_outbox_read(st, 0, limit, out, err, errlen);
}

/* The waiting entries after seq after, at most limit, as a push (a bundle's next). */
int
store_outbox_page_after(struct store *st, int64_t after, long limit, struct wire_push *out,
    char *err, size_t errlen)
{
	return sync_outbox_read(st, after, limit, out, err, errlen);
}

/* The acknowledged changes kept for store_outbox_resend. */
#define STR_SENT_KEPT	"100000"

/* Keep one refusal with the record's label; a refusal already kept stays as it is. */
static int
sync_reject(struct store *st, const struct wire_rejection *r, const char *at)
{
	sqlite3_stmt *stmt;
	char label[128], op[16] = "";

	sync_label(st, r->tbl, r->id, label, sizeof label);
	{
		sqlite3_stmt *q = st_prepare(st, "SELECT op FROM outbox WHERE seq = ?");

		st_bind_int(q, 1, r->seq);
		if (sqlite3_step(q) == SQLITE_ROW)
			snprintf(op, sizeof op, "%s", st_column_text(q, 0));
		sqlite3_finalize(q);
	}
	/* A replayed push repeats its refusals: one row per seq, a dismissal kept. */
	stmt = st_prepare(st, "INSERT INTO sync_rejected (seq, tbl, row_id, op, label, reason, at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (seq) DO NOTHING");
	st_bind_int(stmt, 1, r->seq);
	st_bind_text(stmt, 2, r->tbl);
	st_bind_text(stmt, 3, r->id);
	st_bind_text(stmt, 4, op);
	st_bind_text(stmt, 5, label);
	st_bind_text(stmt, 6, r->reason);
	st_bind_text(stmt, 7, at);
	return st_step_done(st, stmt);
}

/*
 * The server answered a push. Entries up to applied_through are done
 * (applied or parked there), whatever the page held: a reply that covers
 * less leaves the rest for the next push.
 */
int
store_outbox_ack(struct store *st, const struct wire_push_reply *reply, char *err,
    size_t errlen)
{
	sqlite3_stmt *stmt;
	char at[32];
	size_t i;

	if (st_begin(st) != 0) {
		snprintf(err, errlen, _("the database is busy: %s"), store_errmsg(st));
		return -1;
	}
	store_timestamp(at);
	/* Labels first: the entries say which record, and they go next. */
	for (i = 0; i < reply->nrejected; i++)
		if (sync_reject(st, &reply->rejected[i], at) != 0)
			goto fail;
	/* Kept a while, should the server lose them (store_outbox_resend). */
	stmt = st_prepare(st, "INSERT OR REPLACE INTO outbox_sent (seq, tbl, row_id, op, fields, "
	    "hlc, created_at, base, author, sig) SELECT seq, tbl, row_id, op, fields, hlc, "
	    "created_at, base, author, sig FROM outbox WHERE seq <= ?");
	st_bind_int(stmt, 1, reply->applied_through);
	if (st_step_done(st, stmt) != 0)
		goto fail;
	stmt = st_prepare(st, "DELETE FROM outbox_sent WHERE seq <= ? - " STR_SENT_KEPT);
	st_bind_int(stmt, 1, reply->applied_through);
	if (st_step_done(st, stmt) != 0)
		goto fail;
	stmt = st_prepare(st, "DELETE FROM outbox WHERE seq <= ?");
	st_bind_int(stmt, 1, reply->applied_through);
	if (st_step_done(st, stmt) != 0 || st_hlc_receive(st, reply->hlc) != 0 ||
	    st_commit(st) != 0)
		goto fail;
	if (reply->nrejected > 0)
		log_warn("sync: the server refused %zu change(s)", reply->nrejected);
	return 0;
fail:
	snprintf(err, errlen, _("cannot record what the server applied: %s"), store_errmsg(st));
	st_rollback(st);
	return -1;
}

long
store_outbox_unsigned(struct store *st)
{
	return st_count(st, "SELECT count(*) FROM outbox WHERE sig = ''");
}

int
store_outbox_adopt(struct store *st, long *n, char *err, size_t errlen)
{
	sqlite3_stmt *sel, *upd;
	char sig[SIGN_HEX];
	int rc;

	*n = 0;
	if (!store_actor_signs(st)) {
		snprintf(err, errlen, _("%s cannot sign changes here: log in with the password the "
		    "district gave the account"), st->actor);
		return -1;
	}
	if (st_begin(st) != 0) {
		snprintf(err, errlen, _("the database is busy: %s"), store_errmsg(st));
		return -1;
	}
	sel = st_prepare(st, "SELECT seq, tbl, row_id, op, hlc, fields, base FROM outbox "
	    "WHERE sig = '' ORDER BY seq");
	upd = st_prepare(st, "UPDATE outbox SET author = ?, sig = ? WHERE seq = ?");
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
		struct sign_change c = { st->terminal, st_column_text(sel, 1),
			st_column_text(sel, 2), st_column_text(sel, 3),
			(uint64_t)sqlite3_column_int64(sel, 4), st->actor, st_column_text(sel, 5),
			st_column_text(sel, 6) };

		sign_change(st->signer_key, &c, sig);
		st_bind_text(upd, 1, st->actor);
		st_bind_text(upd, 2, sig);
		st_bind_int(upd, 3, sqlite3_column_int64(sel, 0));
		if (sqlite3_step(upd) != SQLITE_DONE)
			break;
		sqlite3_reset(upd);
		(*n)++;
	}
	sqlite3_finalize(sel);
	sqlite3_finalize(upd);
	if (rc != SQLITE_DONE || st_audit(st, "outbox", "*", "adopt") != 0 || st_commit(st) != 0) {
		snprintf(err, errlen, _("cannot sign the waiting changes: %s"), store_errmsg(st));
		st_rollback(st);
		*n = 0;
		return -1;
	}
	if (*n > 0)
		log_info("sync: %ld change(s) made before enrollment signed by %s", *n, st->actor);
	return 0;
}

int
store_outbox_resend(struct store *st, int64_t from, char *err, size_t errlen)
{
	long long first, kept;
	sqlite3_stmt *stmt;

	if (st_begin(st) != 0) {
		snprintf(err, errlen, _("the database is busy: %s"), store_errmsg(st));
		return -1;
	}
	first = st_count(st, "SELECT coalesce(min(seq), (SELECT CAST(value AS INTEGER) + 1 "
	    "FROM setting WHERE key = 'outbox_seq')) FROM outbox");
	stmt = st_prepare(st, "SELECT count(*) FROM outbox_sent WHERE seq >= ? AND seq < ?");
	st_bind_int(stmt, 1, from);
	st_bind_int(stmt, 2, first);
	kept = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : -1;
	sqlite3_finalize(stmt);
	if (first < 0 || kept < 0)
		goto dberr;
	/* Every change the server lacks must still be here, or sending some would leave a hole. */
	if (from < 1 || from >= first || kept != first - from) {
		st_rollback(st);
		snprintf(err, errlen, _("the server expects change %lld next, but this terminal "
		    "keeps only the changes it sent after %lld: changes %lld to %lld cannot be "
		    "sent again; the district's administrator must look into it"),
		    (long long)from, (long long)(first - 1 - kept), (long long)from,
		    (long long)(first - 1 - kept));
		return -1;
	}
	stmt = st_prepare(st, "INSERT INTO outbox (seq, tbl, row_id, op, fields, hlc, created_at, "
	    "base, author, sig) SELECT seq, tbl, row_id, op, fields, hlc, created_at, base, author, "
	    "sig FROM outbox_sent WHERE seq >= ? AND seq < ?");
	st_bind_int(stmt, 1, from);
	st_bind_int(stmt, 2, first);
	if (st_step_done(st, stmt) != 0)
		goto dberr;
	stmt = st_prepare(st, "DELETE FROM outbox_sent WHERE seq >= ?");
	st_bind_int(stmt, 1, from);
	if (st_step_done(st, stmt) != 0 || st_commit(st) != 0)
		goto dberr;
	log_warn("sync: the server had lost changes %lld to %lld of this terminal; they are sent "
	    "again", (long long)from, first - 1);
	return 0;
dberr:
	snprintf(err, errlen, _("cannot queue the changes again: %s"), store_errmsg(st));
	st_rollback(st);
	return -1;
}

int
store_outbox_resend_kept(struct store *st, long *n, char *err, size_t errlen)
{
	/*
	 * The newest unbroken run: a terminal restored from a backup took
	 * numbers again, and what it sent before it no longer holds whole.
	 */
	long long from = st_count(st, "SELECT coalesce(max(seq), 0) FROM outbox_sent s "
	    "WHERE NOT EXISTS (SELECT 1 FROM outbox_sent p WHERE p.seq = s.seq - 1)");
	long long kept = st_count(st, "SELECT count(*) FROM outbox_sent WHERE seq >= "
	    "(SELECT coalesce(max(seq), 0) FROM outbox_sent s WHERE NOT EXISTS "
	    "(SELECT 1 FROM outbox_sent p WHERE p.seq = s.seq - 1))");

	*n = 0;
	if (from < 0 || kept < 0) {
		snprintf(err, errlen, _("cannot queue the changes again: %s"), store_errmsg(st));
		return -1;
	}
	if (kept == 0)
		return 0;
	if (store_outbox_resend(st, from, err, errlen) != 0)
		return -1;
	*n = (long)kept;
	return 0;
}

int
store_outbox_renumber(struct store *st, int64_t from, int64_t replayed, char *err,
    size_t errlen)
{
	sqlite3_stmt *stmt;
	long long first, n;
	char last[24];

	if (st_begin(st) != 0) {
		snprintf(err, errlen, _("the database is busy: %s"), store_errmsg(st));
		return -1;
	}
	/* The server has these, sent before the copy was put back: acknowledged. */
	stmt = st_prepare(st, "DELETE FROM outbox WHERE seq <= ?");
	st_bind_int(stmt, 1, replayed);
	if (st_step_done(st, stmt) != 0)
		goto fail;
	first = st_count(st, "SELECT coalesce(min(seq), 0) FROM outbox");
	n = st_count(st, "SELECT count(*) FROM outbox");
	if (first < 0 || n < 0)
		goto fail;
	if (n == 0 || first >= from) {
		if (st_commit(st) != 0)
			goto fail;
		return 0;
	}
	/* Through negative numbers: shifted in place, two entries would meet on one number. */
	stmt = st_prepare(st, "UPDATE outbox SET seq = -seq");
	if (st_step_done(st, stmt) != 0)
		goto fail;
	stmt = st_prepare(st, "UPDATE outbox SET seq = ? - seq");
	st_bind_int(stmt, 1, from - first);
	snprintf(last, sizeof last, "%lld", (long long)(from - first) +
	    st_count(st, "SELECT max(-seq) FROM outbox"));
	if (st_step_done(st, stmt) != 0 || st_setting_set(st, "outbox_seq", last) != 0 ||
	    st_commit(st) != 0)
		goto fail;
	log_warn("sync: the server had applied other changes under the numbers of this "
	    "terminal's waiting ones (its database was restored from a backup): "
	    "%lld waiting change(s) are sent again as %lld to %s", n, (long long)from, last);
	return 0;
fail:
	snprintf(err, errlen, _("cannot number the waiting changes again: %s"), store_errmsg(st));
	st_rollback(st);
	return -1;
}

/* Set one setting inside the enrollment's transaction, saying which on failure. */
static int
sync_set(struct store *st, const char *key, const char *value, char *err, size_t errlen)
{
	if (st_setting_set(st, key, value) == 0)
		return 0;
	snprintf(err, errlen, _("cannot store the enrollment (%s): %s"), key, store_errmsg(st));
	return -1;
}

/*
 * Before enrollment the terminal wrote its own office into what it made;
 * the server refuses a push that names another office than the
 * terminal's, so the entries not pushed yet, and the rows they insert,
 * take the district's office. Inside the enrollment's transaction.
 */
static int
sync_enroll_office(struct store *st, const char *office)
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt *stmt;
	size_t i;

	for (i = 0; i < KIND_COUNT; i++) {
		const struct kind *k = kind_get((enum kind_id)i);

		if (!(k->flags & KF_PUSH) || kind_column(k, "office") == NULL)
			continue;
		buf_reset(&sql);
		buf_addf(&sql, "UPDATE \"%s\" SET office = ?1 WHERE office <> ?1 AND id IN "
		    "(SELECT row_id FROM outbox WHERE tbl = '%s' AND op = 'insert')", k->name, k->name);
		stmt = st_prepare(st, buf_str(&sql));
		st_bind_text(stmt, 1, office);
		if (st_step_done(st, stmt) != 0) {
			buf_free(&sql);
			return -1;
		}
	}
	buf_free(&sql);
	stmt = st_prepare(st, "UPDATE outbox SET fields = json_set(fields, '$.office', ?1) "
	    "WHERE json_extract(fields, '$.office') <> ?1");
	st_bind_text(stmt, 1, office);
	return st_step_done(st, stmt);
}

/*
 * The server enrolled this terminal under another id than its own (its
 * own belongs to an enrolled terminal): take it, inside the enrollment's
 * transaction. The server starts the new id's sequence at 1, so the
 * changes still waiting are numbered again from 1; a terminal never
 * enrolled before has pushed nothing, and its entries start at 1 already.
 */
static int
sync_enroll_id(struct store *st, const char *id, char *err, size_t errlen)
{
	sqlite3_stmt *stmt;
	char last[24];
	long first, top;

	if (!ident_valid(id)) {
		snprintf(err, errlen, _("the server gave this terminal an id that is not a UUID"));
		return -1;
	}
	if ((first = st_count(st, "SELECT coalesce(min(seq), 1) FROM outbox")) < 0 ||
	    (top = st_count(st, "SELECT coalesce(max(seq), 0) FROM outbox")) < 0)
		goto fail;
	/* Through negative numbers: shifted in place, two entries would meet on one number. */
	stmt = st_prepare(st, "UPDATE outbox SET seq = -seq");
	if (st_step_done(st, stmt) != 0)
		goto fail;
	stmt = st_prepare(st, "UPDATE outbox SET seq = ? - seq");
	st_bind_int(stmt, 1, 1 - first);
	if (st_step_done(st, stmt) != 0)
		goto fail;
	snprintf(last, sizeof last, "%ld", top - first + 1);
	if (st_setting_set(st, "outbox_seq", last) != 0 ||
	    st_setting_set(st, "terminal_id", id) != 0)
		goto fail;
	return 0;
fail:
	snprintf(err, errlen, _("cannot take the terminal id the server gave: %s"),
	    store_errmsg(st));
	return -1;
}

/*
 * Enrollment succeeded: url and token, the district's office made this
 * terminal's, the district's identity key (re-deriving every id made
 * under the provisional key), all in one transaction. The re-keying is
 * st_identity_replace, the inside of store_set_identity_key, so that no
 * state exists in which the token is kept but the ids are still the
 * provisional ones (a push then would carry ids the district never
 * derives). The key in memory changes only after COMMIT.
 */
int
store_enroll(struct store *st, const char *url, const struct wire_enroll_reply *r,
    char *err, size_t errlen)
{
	unsigned char key[IDENT_KEYLEN];
	size_t len = 0;
	int rc = -1, w, newid;

	if (url == NULL || *url == '\0' || r->token[0] == '\0') {
		snprintf(err, errlen, _("enrollment needs the server's address and a token"));
		return -1;
	}
	if (office_code_ok(r->office_code, err, errlen) != 0 ||
	    office_name_ok(r->office_name, err, errlen) != 0 ||
	    office_level_ok(r->office_level, err, errlen) != 0)
		return -1;
	if (sodium_hex2bin(key, sizeof key, r->identity_key, strlen(r->identity_key), NULL, &len,
	    NULL) != 0 || len != sizeof key) {
		snprintf(err, errlen, _("the server's identity key is not %d hexadecimal digits"),
		    2 * IDENT_KEYLEN);
		goto out;
	}
	if (st_begin(st) != 0) {
		snprintf(err, errlen, _("the database is busy: %s"), store_errmsg(st));
		goto out;
	}
	if (sync_set(st, "sync_url", url, err, errlen) != 0 ||
	    sync_set(st, "sync_token", r->token, err, errlen) != 0)
		goto rollback;
	if ((w = st_office_upsert(st, r->office_code, r->office_name, r->office_level,
	    r->office_parent, err, errlen)) != 1) {
		if (w < 0)
			snprintf(err, errlen, _("cannot store the office \"%s\": %s"),
			    r->office_code, store_errmsg(st));
		goto rollback;
	}
	if (sync_set(st, "terminal_office", r->office_code, err, errlen) != 0)
		goto rollback;
	/* The number the district gave this terminal, for its letters' numbers. */
	if (r->number > 0) {
		char number[24];

		snprintf(number, sizeof number, "%lld", (long long)r->number);
		if (sync_set(st, "terminal_number", number, err, errlen) != 0)
			goto rollback;
	}
	if (sync_enroll_office(st, r->office_code) != 0) {
		snprintf(err, errlen, _("cannot give the waiting changes the office \"%s\": %s"),
		    r->office_code, store_errmsg(st));
		goto rollback;
	}
	if (st_identity_replace(st, key, "district", err, errlen) != 0)
		goto rollback;
	newid = r->terminal[0] != '\0' && strcmp(r->terminal, st->terminal) != 0;
	if (newid && sync_enroll_id(st, r->terminal, err, errlen) != 0)
		goto rollback;
	if (st_commit(st) != 0) {
		snprintf(err, errlen, _("cannot store the enrollment: %s"), store_errmsg(st));
		goto rollback;
	}
	if (newid) {
		log_warn("this terminal's id %s belongs to another enrolled terminal: the server "
		    "enrolled it as %s", st->terminal, r->terminal);
		snprintf(st->terminal, sizeof st->terminal, "%s", r->terminal);
	}
	memcpy(st->idkey, key, sizeof key);
	snprintf(st->terminal_office, sizeof st->terminal_office, "%s", r->office_code);
	snprintf(st->office, sizeof st->office, "%s", r->office_code);
	log_info("terminal enrolled for office %s", r->office_code);
	rc = 0;
	goto out;
rollback:
	st_rollback(st);
out:
	sodium_memzero(key, sizeof key);
	return rc;
}

/* Copy a setting into out ("" when unset). */
static void
sync_setting(struct store *st, const char *key, char *out, size_t outlen)
{
	char *v = st_setting_get(st, key);

	snprintf(out, outlen, "%s", v != NULL ? v : "");
	if (v != NULL)
		sodium_memzero(v, strlen(v));
	free(v);
}

/* What enrollment stored and how the last round went. */
int
store_sync_info(struct store *st, struct store_sync_info *info)
{
	char done[8];

	memset(info, 0, sizeof *info);
	sync_setting(st, "sync_url", info->url, sizeof info->url);
	sync_setting(st, "sync_token", info->token, sizeof info->token);
	sync_setting(st, "terminal_office", info->office, sizeof info->office);
	sync_setting(st, "last_sync_ok", info->last_ok, sizeof info->last_ok);
	sync_setting(st, "last_sync_error", info->last_error, sizeof info->last_error);
	sync_setting(st, "first_sync_done", done, sizeof done);
	info->first_sync_done = strcmp(done, "1") == 0;
	info->waiting = store_outbox_pending(st);
	info->rejected = st_count(st, "SELECT count(*) FROM sync_rejected WHERE dismissed = 0");
	return info->waiting < 0 || info->rejected < 0 ? -1 : 0;
}

/* Record the end of a round: ok (error NULL) or the problem. */
int
store_sync_note(struct store *st, const char *error)
{
	char stamp[32], msg[256];
	int rc = 0;

	if (st_begin(st) != 0)
		return -1;
	if (error == NULL) {
		store_timestamp(stamp);
		rc |= st_setting_set(st, "last_sync_ok", stamp);
		rc |= st_setting_set(st, "last_sync_error", "");
	} else {
		sync_copy(msg, sizeof msg, error);
		rc |= st_setting_set(st, "last_sync_error", msg);
	}
	if (rc != 0 || st_commit(st) != 0) {
		st_rollback(st);
		return -1;
	}
	return 0;
}

/* Refusals not dismissed, newest first. */
int
store_rejections(struct store *st, struct store_rejection *out, size_t max, size_t *n)
{
	sqlite3_stmt *stmt = st_prepare(st, "SELECT seq, tbl, row_id, label, reason, at "
	    "FROM sync_rejected WHERE dismissed = 0 ORDER BY seq DESC LIMIT ?");

	*n = 0;
	st_bind_int(stmt, 1, (int64_t)max);
	while (*n < max && sqlite3_step(stmt) == SQLITE_ROW) {
		struct store_rejection *r = &out[(*n)++];

		r->seq = sqlite3_column_int64(stmt, 0);
		snprintf(r->tbl, sizeof r->tbl, "%s", st_column_text(stmt, 1));
		snprintf(r->id, sizeof r->id, "%s", st_column_text(stmt, 2));
		sync_copy(r->label, sizeof r->label, st_column_text(stmt, 3));
		sync_copy(r->reason, sizeof r->reason, st_column_text(stmt, 4));
		snprintf(r->at, sizeof r->at, "%s", st_column_text(stmt, 5));
	}
	sqlite3_finalize(stmt);
	return 0;
}

/* A clerk has seen a refusal: it leaves the list (the row stays, for a replayed reply). */
int
store_rejection_dismiss(struct store *st, int64_t seq)
{
	sqlite3_stmt *stmt = st_prepare(st, "UPDATE sync_rejected SET dismissed = 1 "
	    "WHERE seq = ? AND dismissed = 0");

	st_bind_int(stmt, 1, seq);
	if (st_step_done(st, stmt) != 0)
		return -1;
	return sqlite3_changes(st->db) == 1 ? 0 : -1;
}

/* Whether a field of the table tbl holds personal free text (KC_PERSONAL). */
static int
sync_personal(const char *tbl, const char *field)
{
	const struct kind *k = kind_find(tbl);
	const struct kind_column *c = k != NULL ? kind_column(k, field) : NULL;

	return c != NULL && (c->flags & KC_PERSONAL) != 0;
}

/* The conflict journal, newest first, labelled from the local records. */
int
store_conflicts(struct store *st, struct store_conflict *out, size_t max, size_t *n)
{
	sqlite3_stmt *stmt = st_prepare(st, "SELECT tbl, row_id, field, lost_value, won_value, "
	    "lost_stamp, at FROM conflict ORDER BY at DESC, key DESC LIMIT ?");

	*n = 0;
	st_bind_int(stmt, 1, (int64_t)max);
	while (*n < max && sqlite3_step(stmt) == SQLITE_ROW) {
		struct store_conflict *c = &out[(*n)++];
		const char *stamp = st_column_text(stmt, 5), *colon = strchr(stamp, ':');

		snprintf(c->tbl, sizeof c->tbl, "%s", st_column_text(stmt, 0));
		snprintf(c->id, sizeof c->id, "%s", st_column_text(stmt, 1));
		sync_copy(c->field, sizeof c->field, st_column_text(stmt, 2));
		sync_copy(c->lost_value, sizeof c->lost_value, st_column_text(stmt, 3));
		sync_copy(c->won_value, sizeof c->won_value, st_column_text(stmt, 4));
		sync_copy(c->lost_by, sizeof c->lost_by, colon != NULL ? colon + 1 : "");
		sync_copy(c->at, sizeof c->at, st_column_text(stmt, 6));
		c->personal = sync_personal(c->tbl, c->field);
	}
	sqlite3_finalize(stmt);
	/* Labels after the scan: one query at a time on the connection. */
	{
		size_t i;

		for (i = 0; i < *n; i++)
			sync_label(st, out[i].tbl, out[i].id, out[i].label, sizeof out[i].label);
	}
	return 0;
}

/* A personal value of the journal shown: a view of its record, as opening it is. */
int
store_conflict_view(struct store *st, const struct store_conflict *c)
{
	return st_audit(st, c->tbl, c->id, "view");
}
