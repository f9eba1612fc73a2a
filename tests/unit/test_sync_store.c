/*
 * Unit tests for the store's side of sync (src/store/sync.c, sync-pull.c,
 * the merge and redirects of seeker.c and employer.c, migration 0002).
 * Terminal databases in a temporary folder exchange pages built by hand
 * (struct wire_pull_reply filled in C, or a terminal's outbox page turned
 * into the records a server would send). What a clerk would notice if it
 * broke: a pulled record missing from a search, a change typed here and
 * overwritten before it was pushed, a page applied twice that changes
 * something, a merged record still listed, a refusal not shown.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <sqlite3.h>

#include "common/fields.h"
#include "common/formdef.h"
#include "common/log.h"
#include "common/utf8.h"
#include "common/xalloc.h"
#include "core/hlc.h"
#include "core/ident.h"
#include "core/kind.h"
#include "store/account.h"
#include "store/codes.h"
#include "store/employer.h"
#include "store/vacancy.h"
#include "store/seeker.h"
#include "store/store-int.h"
#include "store/store.h"
#include "store/sync.h"
#include "wire/wire.h"

#include "testlib.h"

#define USCC_A	"91350100M000100Y43"
#define USCC_B	"91110108551385082Q"
#define OFFICE	"110105"

/* A terminal id that stands for "another terminal" in stamps. */
static const char other_terminal[] = "01890a5d-ac96-7000-8000-000000000001";

/* ---- Pages built by hand ---- */

/* An empty page with a cursor. */
static void
page_init(struct wire_pull_reply *r, const char *cursor)
{
	memset(r, 0, sizeof *r);
	snprintf(r->cursor, sizeof r->cursor, "%s", cursor);
	r->remaining = 0;
	r->hlc = hlc_pack(1000000, 0);
}

/* Append a record to a page; its fields and stamps are filled by the caller. */
static struct wire_record *
page_add(struct wire_pull_reply *r, const char *tbl, const char *key)
{
	struct wire_record *rec;

	r->records = xreallocarray(r->records, r->n + 1, sizeof *r->records);
	rec = &r->records[r->n++];
	memset(rec, 0, sizeof *rec);
	snprintf(rec->tbl, sizeof rec->tbl, "%s", tbl);
	snprintf(rec->key, sizeof rec->key, "%s", key);
	fields_init(&rec->fields);
	fields_init(&rec->stamps);
	return rec;
}

/* Set a field of a record with its stamp (clock ms, counter 0, another terminal). */
static void
rec_set(struct wire_record *rec, const char *key, const char *value, uint64_t ms)
{
	char stamp[WIRE_STAMP_LEN + 1];

	fields_set(&rec->fields, key, value);
	if (ms > 0) {
		wire_stamp(hlc_pack(ms, 0), other_terminal, stamp);
		fields_set(&rec->stamps, key, stamp);
	}
}

/* Apply a page to a store, failing the test with the message if refused. */
static void
apply(struct store *st, const struct wire_pull_reply *r)
{
	char err[512] = "";

	if (store_pull_apply(st, r, err, sizeof err) != 0)
		fail_msg("page refused: %s", err);
}

/* A seeker record as the server would send it, every field stamped at ms. */
static struct wire_record *
page_seeker(struct wire_pull_reply *r, const char *id, const char *number, const char *name,
    const char *phone, uint64_t ms)
{
	struct wire_record *rec = page_add(r, "seeker", id);

	if (number != NULL)
		rec_set(rec, "id_number", number, ms);
	rec_set(rec, "name", name, ms);
	rec_set(rec, "phone", phone, ms);
	rec_set(rec, "status", "registered", ms);
	rec_set(rec, "registered_on", "2024-03-01", ms);
	rec_set(rec, "valid_until", "2099-01-01", ms);
	rec_set(rec, "office", OFFICE, ms);
	rec_set(rec, "created_by", "zhao.min", ms);
	return rec;
}

/* An employer record. */
static struct wire_record *
page_employer(struct wire_pull_reply *r, const char *id, const char *uscc, const char *name,
    uint64_t ms)
{
	struct wire_record *rec = page_add(r, "employer", id);

	rec_set(rec, "uscc", uscc, ms);
	rec_set(rec, "name", name, ms);
	rec_set(rec, "district", OFFICE, ms);
	rec_set(rec, "status", "active", ms);
	rec_set(rec, "office", OFFICE, ms);
	rec_set(rec, "created_by", "zhao.min", ms);
	rec_set(rec, "registered_on", "2024-03-01", ms);
	return rec;
}

/* A vacancy record of an employer. */
static struct wire_record *
page_vacancy(struct wire_pull_reply *r, const char *id, const char *employer_id,
    const char *title, uint64_t ms)
{
	struct wire_record *rec = page_add(r, "vacancy", id);

	rec_set(rec, "employer_id", employer_id, ms);
	rec_set(rec, "title", title, ms);
	rec_set(rec, "occupation", "4-07", ms);
	rec_set(rec, "headcount", "2", ms);
	rec_set(rec, "valid_until", "2099-12-31", ms);
	rec_set(rec, "status", "open", ms);
	rec_set(rec, "office", OFFICE, ms);
	rec_set(rec, "created_by", "zhao.min", ms);
	rec_set(rec, "registered_on", "2024-03-01", ms);
	return rec;
}

/*
 * The next page of from's outbox as the server receives it: the store
 * hands its entries over as stored texts, the encoder sends them, the
 * server's decoder reads their fields back.
 */
static int
outbox_received(struct store *from, long limit, struct wire_push *out, char *err,
    size_t errlen)
{
	struct wire_push sent;
	char *json;
	size_t len;
	int rc;

	if (store_outbox_page(from, limit, &sent, err, errlen) != 0)
		return -1;
	if (sent.n == 0) {
		*out = sent;
		return 0;
	}
	json = wire_push_encode(&sent, &len);
	wire_push_free(&sent);
	rc = wire_push_decode(json, len, out, err, errlen);
	free(json);
	return rc;
}

/*
 * What a server would send after terminal `from` pushed its outbox: one
 * record per outbox entry, stamped with the entry's clock and terminal.
 * The entries stay in from's outbox.
 */
static void
page_from_outbox(struct store *from, struct wire_pull_reply *r, const char *cursor)
{
	struct wire_push push;
	char err[256], stamp[WIRE_STAMP_LEN + 1];
	size_t i, j;

	page_init(r, cursor);
	if (outbox_received(from, WIRE_MAX_CHANGES, &push, err, sizeof err) != 0)
		fail_msg("%s", err);
	for (i = 0; i < push.n; i++) {
		const struct wire_change *c = &push.changes[i];
		struct wire_record *rec = page_add(r, c->tbl, c->id);

		wire_stamp(c->hlc, push.terminal, stamp);
		if (strcmp(c->op, "delete") == 0) {
			rec->deleted = 1;
			snprintf(rec->replaced_by, sizeof rec->replaced_by, "%s",
			    fields_str(&c->fields, "replaced_by"));
			continue;
		}
		for (j = 0; j < c->fields.n; j++) {
			fields_set(&rec->fields, c->fields.keys[j], c->fields.values[j]);
			if (strcmp(c->tbl, "service_event") != 0)
				fields_set(&rec->stamps, c->fields.keys[j], stamp);
		}
	}
	wire_push_free(&push);
}

/* Open a new terminal database in the temporary folder, a clerk acting. */
static struct store *
terminal(const char *name)
{
	return open_store_as(tmp(name), "wang.li", OFFICE);
}

/* The same, for a database no earlier test left behind. */
static struct store *
new_terminal(const char *name)
{
	rm_db(tmp(name));
	return terminal(name);
}

/* Close a terminal and remove its files and forms folder. */
static void
terminal_remove(struct store *st, const char *name)
{
	char dir[200];
	DIR *d;
	struct dirent *e;

	store_close(st);
	rm_db(tmp(name));
	snprintf(dir, sizeof dir, "%s", tmp("forms"));
	if ((d = opendir(dir)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			char p[512];

			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
			unlink(p);
		}
		closedir(d);
		rmdir(dir);
	}
}

/* Register a seeker at a terminal; its id into id. */
static void
register_seeker(struct store *st, const char *number, const char *name, const char *phone,
    char id[IDENT_LEN + 1])
{
	struct fields f = FIELDS_INIT;
	char err[256] = "";

	if (number != NULL)
		fields_set(&f, "id_number", number);
	fields_set(&f, "name", name);
	if (phone != NULL)
		fields_set(&f, "phone", phone);
	if (seeker_save(st, NULL, &f, NULL, id, err, sizeof err) != 0)
		fail_msg("seeker %s not saved: %s", name, err);
	fields_free(&f);
}

/* A text from SQL with one id parameter on the store's connection ("" for NULL or no row). */
static const char *
text_of(struct store *st, const char *sql, const char *id)
{
	static char out[4][512];
	static int which;
	sqlite3_stmt *stmt;

	which = (which + 1) % 4;
	out[which][0] = '\0';
	assert_int_equal(sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL), SQLITE_OK);
	if (id != NULL)
		sqlite3_bind_text(stmt, 1, id, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0) != NULL)
		snprintf(out[which], sizeof out[which], "%s",
		    (const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	return out[which];
}

/* Whether a search for query lists the seeker id. */
static int
seeker_listed(struct store *st, const char *query, const char *id)
{
	struct seeker_hit hits[20];
	size_t n, i;

	assert_int_equal(seeker_search(st, query, hits, 20, &n, NULL), 0);
	for (i = 0; i < n; i++)
		if (strcmp(hits[i].id, id) == 0)
			return 1;
	return 0;
}

/*
 * Everything a pull may write, as one text: two states that compare
 * equal hold the same records, index rows, settings of the pull and
 * waiting records.
 */
static char *
digest(struct store *st)
{
	static const char *const parts[] = {
		"SELECT group_concat(x, '|') FROM (SELECT id || coalesce(id_number, '-') || name || "
		    "phone || status || deleted || coalesce(replaced_by, '-') || stamps || hlc AS x "
		    "FROM seeker ORDER BY id)",
		"SELECT group_concat(x, '|') FROM (SELECT gram || name || rid AS x "
		    "FROM seeker_name_gram ORDER BY gram, name, rid)",
		"SELECT group_concat(x, '|') FROM (SELECT id || coalesce(uscc, '-') || name || "
		    "deleted || stamps AS x FROM employer ORDER BY id)",
		"SELECT group_concat(x, '|') FROM (SELECT id || employer_id || title || stamps AS x "
		    "FROM vacancy ORDER BY id)",
		"SELECT group_concat(id, '|') FROM (SELECT id FROM service_event ORDER BY id)",
		"SELECT group_concat(x, '|') FROM (SELECT key || value AS x FROM setting "
		    "WHERE key <> 'hlc' ORDER BY key)",
		"SELECT count(*) || '/' || (SELECT count(*) FROM audit) || '/' || "
		    "(SELECT count(*) FROM sync_waiting) FROM outbox",
	};
	char *out = xstrdup("");
	size_t i;

	for (i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		char *next = xasprintf("%s\n%s", out, text_of(st, parts[i], NULL));

		free(out);
		out = next;
	}
	return out;
}

/* Fill out with n copies of piece (out is large enough). */
static void
repeat(char *out, size_t outlen, const char *piece, size_t n)
{
	size_t i, len = 0;

	for (i = 0; i < n; i++)
		len += (size_t)snprintf(out + len, outlen - len, "%s", piece);
}

/* ---- Pulling ---- */

/* Pulled records land and are found as any local record is; a pull writes no outbox or audit. */
static void
test_pull_lands(void **state)
{
	struct store *b = new_terminal("b.db");
	struct wire_pull_reply r;
	struct wire_record *ev;
	struct employer_hit eh[4];
	struct vacancy_hit vh[4];
	struct store_sync_info info;
	char sid[IDENT_LEN + 1], eid[IDENT_LEN + 1], vid[IDENT_LEN + 1], evid[IDENT_LEN + 1];
	char cursor[WIRE_CURSOR_LEN];
	size_t n;

	(void)state;
	store_new_id(sid);
	store_new_id(eid);
	store_new_id(vid);
	store_new_id(evid);
	page_init(&r, "1.epoch.100.1");
	page_seeker(&r, sid, idnum("11010519800101001"), "欧阳娜娜", "13800000001", 1000);
	page_employer(&r, eid, USCC_A, "北京甲有限公司", 1000);
	page_vacancy(&r, vid, eid, "保安员", 1000);
	ev = page_add(&r, "service_event", evid);
	fields_set(&ev->fields, "type", "registration");
	fields_set(&ev->fields, "seeker_id", sid);
	fields_set(&ev->fields, "clerk", "zhao.min");
	fields_set(&ev->fields, "office", OFFICE);
	fields_set(&ev->fields, "at", "2024-03-01T08:00:00Z");
	fields_set(&ev->fields, "free", "1");
	r.more = 1;
	r.hlc = hlc_pack(5000000, 3);
	apply(b, &r);

	/* A first sync: the name index is built with its last page; names are found meanwhile. */
	assert_true(seeker_listed(b, "阳娜", sid));
	assert_int_equal(count(b, "SELECT count(*) FROM seeker_name_gram"), 0);
	assert_true(seeker_listed(b, idnum("11010519800101001"), sid));
	assert_true(seeker_listed(b, "13800000001", sid));
	assert_int_equal(employer_search(b, "甲有限", eh, 4, &n, NULL), 0);
	assert_int_equal(n, 1);
	assert_string_equal(eh[0].id, eid);
	assert_int_equal(eh[0].open_vacancies, 1);
	assert_int_equal(vacancy_list(b, eid, vh, 4, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(vh[0].title, "保安员");
	assert_int_equal(count(b, "SELECT count(*) FROM service_event WHERE seeker_id = '%s'", sid),
	    1);
	/* The district's writes are not this terminal's: nothing to push, nothing audited. */
	assert_int_equal(count(b, "SELECT count(*) FROM outbox"), 0);
	assert_int_equal(count(b, "SELECT count(*) FROM audit WHERE tbl NOT IN "
	    "('office', 'account')"), 0);
	assert_int_equal(store_pull_cursor(b, cursor), 0);
	assert_string_equal(cursor, "1.epoch.100.1");
	/* More to come: the first whole pull is not done yet. */
	assert_int_equal(store_sync_info(b, &info), 0);
	assert_int_equal(info.first_sync_done, 0);
	/* The server's clock is absorbed: the next local stamp comes after it. */
	assert_true(count(b, "SELECT CAST(value AS INTEGER) FROM setting WHERE key = 'hlc'") >=
	    (long long)hlc_pack(5000000, 3));
	wire_pull_reply_free(&r);

	page_init(&r, "1.epoch.101.7");
	r.more = 0;
	apply(b, &r);
	assert_true(seeker_listed(b, "阳娜", sid));
	assert_true(seeker_listed(b, "娜", sid));
	assert_int_equal(store_sync_info(b, &info), 0);
	assert_int_equal(info.first_sync_done, 1);
	assert_int_equal(store_pull_cursor(b, cursor), 0);
	assert_string_equal(cursor, "1.epoch.101.7");
	wire_pull_reply_free(&r);
	terminal_remove(b, "b.db");
}

/* The indexes a first sync leaves out, as the schema has them. */
static const char *const deferred_indexes =
    "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master WHERE type = 'index' "
    "AND tbl_name IN ('seeker', 'employer', 'vacancy') AND sql IS NOT NULL ORDER BY name)";

/*
 * A first sync into an empty terminal leaves the search indexes out until
 * its last page; one cut short (a failed round, a crash) builds them when
 * it stops, and the rest comes page by page with them.
 */
static void
test_first_sync_bulk(void **state)
{
	struct store *b = new_terminal("b.db");
	struct wire_pull_reply r;
	char s1[IDENT_LEN + 1], s2[IDENT_LEN + 1], s3[IDENT_LEN + 1], err[256];
	char indexes[512];

	(void)state;
	snprintf(indexes, sizeof indexes, "%s", text_of(b, deferred_indexes, NULL));
	assert_non_null(strstr(indexes, "seeker_phone"));
	assert_non_null(strstr(indexes, "seeker_phone_tail"));
	assert_non_null(strstr(indexes, "seeker_idnum_tail"));
	store_new_id(s1);
	store_new_id(s2);
	store_new_id(s3);

	/* A crash in the middle: the next start builds what was left out. */
	page_init(&r, "b1");
	page_seeker(&r, s1, NULL, "慕容复", "13600000001", 1000);
	r.more = 1;
	apply(b, &r);
	wire_pull_reply_free(&r);
	assert_string_equal(text_of(b, deferred_indexes, NULL), "");
	assert_string_equal(text_of(b, "SELECT count(*) FROM seeker_name_gram", NULL), "0");
	assert_true(seeker_listed(b, "容复", s1));
	/* The last digits of a phone too, read the slow way until the indexes are built. */
	assert_true(seeker_listed(b, "0001", s1));
	store_close(b);
	b = terminal("b.db");
	assert_string_equal(text_of(b, deferred_indexes, NULL), indexes);
	assert_true(seeker_listed(b, "容复", s1));
	assert_true(seeker_listed(b, "0001", s1));
	assert_string_equal(text_of(b, "SELECT count(*) FROM setting WHERE key = 'bulk_load'",
	    NULL), "0");

	/* The rest comes with the indexes kept, page by page. */
	page_init(&r, "b2");
	page_seeker(&r, s2, NULL, "段誉", "13600000002", 1000);
	r.more = 1;
	apply(b, &r);
	wire_pull_reply_free(&r);
	assert_true(seeker_listed(b, "段誉", s2));
	terminal_remove(b, "b.db");

	/* A round that stops short settles the same way. */
	b = new_terminal("b.db");
	page_init(&r, "b1");
	page_seeker(&r, s1, NULL, "慕容复", "13600000001", 1000);
	page_seeker(&r, s3, NULL, "王语嫣", "13600000003", 1000);
	r.more = 1;
	apply(b, &r);
	wire_pull_reply_free(&r);
	assert_string_equal(text_of(b, "SELECT count(*) FROM seeker_name_gram", NULL), "0");
	assert_int_equal(store_pull_settle(b, err, sizeof err), 0);
	assert_string_equal(text_of(b, deferred_indexes, NULL), indexes);
	assert_true(seeker_listed(b, "语嫣", s3));
	assert_true(seeker_listed(b, "慕容", s1));
	/* Settling again is nothing to do. */
	assert_int_equal(store_pull_settle(b, err, sizeof err), 0);
	/* 慕 容 复 慕容 容复 and 王 语 嫣 王语 语嫣, each once. */
	assert_string_equal(text_of(b, "SELECT count(*) FROM seeker_name_gram", NULL), "10");
	terminal_remove(b, "b.db");
}

/* A referral of a person to a vacancy, in the given state. */
static void
page_referral(struct wire_pull_reply *r, const char *number, const char *seeker_id,
    const char *vacancy_id, const char *employer_id, const char *status)
{
	struct wire_record *rec;
	char id[IDENT_LEN + 1];

	store_new_id(id);
	rec = page_add(r, "referral", id);
	rec_set(rec, "number", number, 1000);
	rec_set(rec, "seeker_id", seeker_id, 1000);
	rec_set(rec, "vacancy_id", vacancy_id, 1000);
	rec_set(rec, "employer_id", employer_id, 1000);
	rec_set(rec, "status", status, 1000);
	rec_set(rec, "office", OFFICE, 1000);
	rec_set(rec, "created_by", "zhao.min", 1000);
	rec_set(rec, "registered_on", "2024-03-01", 1000);
}

/*
 * A first sync leaves the vacancies' hires to its last page (their
 * triggers are quiet in a bulk load): a vacancy with two people hired
 * through it shows two, one with a referral not yet decided none.
 */
static void
test_first_sync_hired(void **state)
{
	struct store *b = new_terminal("b.db");
	struct wire_pull_reply r;
	char s1[IDENT_LEN + 1], s2[IDENT_LEN + 1], e[IDENT_LEN + 1], v1[IDENT_LEN + 1];
	char v2[IDENT_LEN + 1];

	(void)state;
	store_new_id(s1);
	store_new_id(s2);
	store_new_id(e);
	store_new_id(v1);
	store_new_id(v2);
	page_init(&r, "h1");
	page_employer(&r, e, USCC_A, "北京甲有限公司", 1000);
	page_vacancy(&r, v1, e, "保安员", 1000);
	page_vacancy(&r, v2, e, "保洁员", 1000);
	page_seeker(&r, s1, NULL, "慕容复", "13600000001", 1000);
	page_seeker(&r, s2, NULL, "段誉", "13600000002", 1000);
	page_referral(&r, "110105-2024-000001", s1, v1, e, "hired");
	page_referral(&r, "110105-2024-000002", s2, v1, e, "hired");
	page_referral(&r, "110105-2024-000003", s1, v2, e, "issued");
	r.more = 1;
	apply(b, &r);
	wire_pull_reply_free(&r);
	page_init(&r, "h2");
	r.more = 0;
	apply(b, &r);
	wire_pull_reply_free(&r);
	assert_int_equal(count(b, "SELECT count(*) FROM referral"), 3);
	assert_int_equal(count(b, "SELECT hired FROM vacancy WHERE id = '%s'", v1), 2);
	assert_int_equal(count(b, "SELECT hired FROM vacancy WHERE id = '%s'", v2), 0);
	terminal_remove(b, "b.db");
}

/* Three terminals: what one registered reaches the others through pages. */
static void
test_three_terminals(void **state)
{
	struct store *a = new_terminal("a.db"), *b = new_terminal("b.db"), *c = new_terminal("c.db");
	struct wire_pull_reply r;
	struct fields rec = FIELDS_INIT;
	char sid[IDENT_LEN + 1], eid[IDENT_LEN + 1], vid[IDENT_LEN + 1], err[256];

	(void)state;
	register_seeker(a, idnum("11010519900202002"), "司马光", "13900000002", sid);
	{
		struct fields f = FIELDS_INIT;

		fields_set(&f, "uscc", USCC_B);
		fields_set(&f, "name", "乙科技有限公司");
		assert_int_equal(employer_save(a, NULL, &f, NULL, eid, err, sizeof err), 0);
		fields_free(&f);
		fields_set(&f, "title", "前台接待");
		fields_set(&f, "occupation", "4-01");
		fields_set(&f, "headcount", "1");
		fields_set(&f, "valid_until", "2099-06-30");
		assert_int_equal(vacancy_save(a, NULL, eid, &f, NULL, vid, err, sizeof err), 0);
		fields_free(&f);
	}
	page_from_outbox(a, &r, "1.e.1.1");
	apply(b, &r);
	apply(c, &r);
	assert_true(seeker_listed(b, "马光", sid));
	assert_true(seeker_listed(c, "司马", sid));
	assert_int_equal(seeker_open(c, sid, &rec), 1);
	assert_string_equal(fields_str(&rec, "phone"), "13900000002");
	assert_string_equal(fields_str(&rec, "sex"), "2");	/* derived there, sent whole */
	fields_free(&rec);
	assert_int_equal(vacancy_open(b, vid, &rec), 1);
	assert_string_equal(fields_str(&rec, "employer_id"), eid);
	fields_free(&rec);
	/* Each terminal's service events arrive once, whoever registered them. */
	assert_int_equal(count(c, "SELECT count(*) FROM service_event"),
	    count(a, "SELECT count(*) FROM service_event"));
	wire_pull_reply_free(&r);
	terminal_remove(a, "a.db");
	terminal_remove(b, "b.db");
	terminal_remove(c, "c.db");
}

/* A field changed here and not pushed yet keeps the local value; the others take the server's. */
static void
test_pending_field_kept(void **state)
{
	struct store *b = new_terminal("b.db");
	struct wire_pull_reply r;
	struct wire_push_reply ack;
	struct fields f = FIELDS_INIT, rec = FIELDS_INIT;
	char sid[IDENT_LEN + 1], out[IDENT_LEN + 1], err[256];

	(void)state;
	store_new_id(sid);
	page_init(&r, "c1");
	page_seeker(&r, sid, NULL, "诸葛亮", "13700000001", 1000);
	apply(b, &r);
	wire_pull_reply_free(&r);

	/* The clerk here corrects the phone. */
	fields_set(&f, "name", "诸葛亮");
	fields_set(&f, "phone", "13700000009");
	assert_int_equal(seeker_save(b, sid, &f, NULL, out, err, sizeof err), 0);
	fields_free(&f);
	assert_int_equal(count(b, "SELECT count(*) FROM outbox"), 1);

	/* Meanwhile the district has a new name and another phone. */
	page_init(&r, "c2");
	page_seeker(&r, sid, NULL, "诸葛孔明", "13700000005", 2000);
	apply(b, &r);
	wire_pull_reply_free(&r);
	assert_int_equal(seeker_open(b, sid, &rec), 1);
	assert_string_equal(fields_str(&rec, "name"), "诸葛孔明");
	assert_string_equal(fields_str(&rec, "phone"), "13700000009");
	fields_free(&rec);
	/* The name index follows the new name. */
	assert_true(seeker_listed(b, "孔明", sid));
	assert_false(seeker_listed(b, "葛亮", sid));
	assert_int_equal(count(b, "SELECT count(*) FROM outbox"), 1);

	/* Once pushed, the district's answer lands like any value. */
	memset(&ack, 0, sizeof ack);
	ack.applied_through = 1;
	assert_int_equal(store_outbox_ack(b, &ack, err, sizeof err), 0);
	page_init(&r, "c3");
	page_seeker(&r, sid, NULL, "诸葛孔明", "13700000005", 3000);
	apply(b, &r);
	wire_pull_reply_free(&r);
	assert_int_equal(seeker_open(b, sid, &rec), 1);
	assert_string_equal(fields_str(&rec, "phone"), "13700000005");
	fields_free(&rec);
	terminal_remove(b, "b.db");
}

/*
 * Stamps are stored compact: the commonest once as "*", the columns that
 * differ by name, "" for a column the district never stamped. The guard
 * against older values and the base of a local edit read them as if
 * every column had its own.
 */
static void
test_stamps_compact(void **state)
{
	struct store *b = new_terminal("b.db");
	struct wire_pull_reply r;
	struct wire_record *rec;
	struct fields f = FIELDS_INIT, got = FIELDS_INIT;
	char sid[IDENT_LEN + 1], out[IDENT_LEN + 1], err[256];
	char at500[WIRE_STAMP_LEN + 1], at1000[WIRE_STAMP_LEN + 1], at2000[WIRE_STAMP_LEN + 1];
	const char *sql_stamp = "SELECT json_extract(stamps, '$.\"*\"') FROM seeker WHERE id = ?";
	const char *sql_named = "SELECT count(*) FROM seeker, json_each(seeker.stamps) "
	    "WHERE seeker.id = ? AND json_each.key <> '*' AND json_each.value <> ''";

	(void)state;
	wire_stamp(hlc_pack(1000, 0), other_terminal, at1000);
	wire_stamp(hlc_pack(2000, 0), other_terminal, at2000);
	store_new_id(sid);
	page_init(&r, "c1");
	page_seeker(&r, sid, NULL, "司马懿", "13700000001", 1000);
	apply(b, &r);
	wire_pull_reply_free(&r);
	/* One stamp on every field: written once, no field named with a stamp. */
	assert_string_equal(text_of(b, sql_stamp, sid), at1000);
	assert_string_equal(text_of(b, sql_named, sid), "0");
	/* A column the district never stamped stays without one. */
	assert_string_equal(text_of(b, "SELECT json_extract(stamps, '$.major') = '' FROM seeker "
	    "WHERE id = ?", sid), "1");

	/* The phone changes at the district: only it is named. */
	page_init(&r, "c2");
	rec = page_seeker(&r, sid, NULL, "司马懿", "13700000001", 1000);
	rec_set(rec, "phone", "13700000002", 2000);
	apply(b, &r);
	wire_pull_reply_free(&r);
	assert_string_equal(text_of(b, sql_stamp, sid), at1000);
	assert_string_equal(text_of(b, sql_named, sid), "1");
	assert_string_equal(text_of(b, "SELECT json_extract(stamps, '$.phone') FROM seeker "
	    "WHERE id = ?", sid), at2000);

	/* Older values than the named stamp and than "*" are both kept out. */
	page_init(&r, "c3");
	rec = page_seeker(&r, sid, NULL, "司马仲达", "13700000001", 500);
	rec_set(rec, "phone", "13700000003", 1500);
	apply(b, &r);
	wire_pull_reply_free(&r);
	assert_int_equal(seeker_open(b, sid, &got), 1);
	assert_string_equal(fields_str(&got, "name"), "司马懿");
	assert_string_equal(fields_str(&got, "phone"), "13700000002");
	fields_free(&got);

	/* A field never stamped takes an old value: nothing newer was there. */
	page_init(&r, "c4");
	rec = page_seeker(&r, sid, NULL, "司马懿", "13700000002", 1000);
	rec_set(rec, "phone", "13700000002", 2000);
	rec_set(rec, "major", "历史", 200);
	apply(b, &r);
	wire_pull_reply_free(&r);
	assert_int_equal(seeker_open(b, sid, &got), 1);
	assert_string_equal(fields_str(&got, "major"), "历史");
	fields_free(&got);

	/* A record pulled compact: "*" stamps each field it does not name. */
	page_init(&r, "c5");
	rec = page_add(&r, "seeker", sid);
	fields_set(&rec->fields, "name", "司马昭");
	fields_set(&rec->fields, "major", "地理");
	wire_stamp(hlc_pack(500, 0), other_terminal, at500);
	fields_set(&rec->stamps, "*", at500);
	apply(b, &r);
	wire_pull_reply_free(&r);
	assert_int_equal(seeker_open(b, sid, &got), 1);
	assert_string_equal(fields_str(&got, "name"), "司马懿");	/* 500 is older than 1000 */
	assert_string_equal(fields_str(&got, "major"), "地理");	/* and newer than 200 */
	fields_free(&got);

	/* A clerk's edit carries, as its base, each changed field's stamp. */
	fields_set(&f, "name", "司马仲达");
	fields_set(&f, "phone", "13700000009");
	assert_int_equal(seeker_save(b, sid, &f, NULL, out, err, sizeof err), 0);
	fields_free(&f);
	assert_string_equal(text_of(b, "SELECT json_extract(base, '$.name') FROM outbox", NULL),
	    at1000);
	assert_string_equal(text_of(b, "SELECT json_extract(base, '$.phone') FROM outbox", NULL),
	    at2000);
	terminal_remove(b, "b.db");
}

/* A page applied twice changes nothing; an older page after a newer one does not go back. */
static void
test_replay_harmless(void **state)
{
	struct store *b = new_terminal("b.db");
	struct wire_pull_reply r1, r2;
	char sid[IDENT_LEN + 1], eid[IDENT_LEN + 1], vid[IDENT_LEN + 1], evid[IDENT_LEN + 1];
	char *before, *after;
	struct wire_record *ev;

	(void)state;
	store_new_id(sid);
	store_new_id(eid);
	store_new_id(vid);
	store_new_id(evid);
	page_init(&r1, "p1");
	page_seeker(&r1, sid, idnum("11010519750505005"), "上官婉儿", "13600000001", 1000);
	page_vacancy(&r1, vid, eid, "厨师", 1000);		/* before its employer */
	page_employer(&r1, eid, USCC_A, "丙餐饮公司", 1000);
	ev = page_add(&r1, "service_event", evid);
	fields_set(&ev->fields, "type", "registration");
	fields_set(&ev->fields, "seeker_id", sid);
	apply(b, &r1);
	before = digest(b);
	apply(b, &r1);
	after = digest(b);
	assert_string_equal(after, before);
	free(after);

	page_init(&r2, "p2");
	page_seeker(&r2, sid, idnum("11010519750505005"), "上官婉", "13600000002", 2000);
	apply(b, &r2);
	free(before);
	before = digest(b);
	/* The first page again (a retried request, a page out of order): the newer values stay. */
	apply(b, &r1);
	after = digest(b);
	assert_string_equal(text_of(b, "SELECT phone FROM seeker WHERE id = ?", sid),
	    "13600000002");
	assert_true(seeker_listed(b, "官婉", sid));
	assert_false(seeker_listed(b, "婉儿", sid));
	/* Only the cursor moved back, with the page. */
	assert_string_equal(text_of(b, "SELECT value FROM setting WHERE key = 'pull_cursor'",
	    NULL), "p1");
	assert_int_equal(count(b, "SELECT count(*) FROM outbox"), 0);
	assert_int_equal(count(b, "SELECT count(*) FROM audit WHERE tbl NOT IN "
	    "('office', 'account')"), 0);
	free(before);
	free(after);
	wire_pull_reply_free(&r1);
	wire_pull_reply_free(&r2);
	terminal_remove(b, "b.db");
}

/* A restored server sends older values from the beginning: they are the truth again. */
static void
test_reset(void **state)
{
	struct store *b = new_terminal("b.db");
	struct wire_pull_reply r;
	char sid[IDENT_LEN + 1], cursor[WIRE_CURSOR_LEN];

	(void)state;
	store_new_id(sid);
	page_init(&r, "1.old.9.9");
	page_seeker(&r, sid, NULL, "欧阳修", "13500000002", 5000);
	apply(b, &r);
	wire_pull_reply_free(&r);
	page_init(&r, "1.new.1.1");
	r.reset = 1;
	page_seeker(&r, sid, NULL, "欧阳修", "13500000001", 4000);
	apply(b, &r);
	wire_pull_reply_free(&r);
	assert_string_equal(text_of(b, "SELECT phone FROM seeker WHERE id = ?", sid),
	    "13500000001");
	assert_int_equal(store_pull_cursor(b, cursor), 0);
	assert_string_equal(cursor, "1.new.1.1");
	assert_int_equal(count(b, "SELECT count(*) FROM seeker"), 1);
	terminal_remove(b, "b.db");
}

/* A tombstone hides the record, gives up its number, and redirects to the survivor. */
static void
test_tombstone_redirect(void **state)
{
	struct store *b = new_terminal("b.db");
	struct wire_pull_reply r;
	struct wire_record *rec;
	struct seeker_service sv[8];
	struct fields f = FIELDS_INIT;
	char loser[IDENT_LEN + 1], surv[IDENT_LEN + 1], e1[IDENT_LEN + 1], e2[IDENT_LEN + 1];
	char out[IDENT_LEN + 1], err[256];
	const char *number = idnum("11010519660606006");
	size_t n, i;

	(void)state;
	store_new_id(loser);
	store_new_id(surv);
	page_init(&r, "t1");
	page_seeker(&r, loser, number, "慕容复", "13400000001", 1000);
	page_seeker(&r, surv, NULL, "慕容复", "", 1000);
	for (i = 0; i < 2; i++) {
		char ev[IDENT_LEN + 1];

		store_new_id(ev);
		rec = page_add(&r, "service_event", ev);
		fields_set(&rec->fields, "type", i == 0 ? "registration" : "referral");
		fields_set(&rec->fields, "seeker_id", i == 0 ? loser : surv);
		fields_set(&rec->fields, "at", i == 0 ? "2024-01-01T00:00:00Z" :
		    "2024-02-01T00:00:00Z");
	}
	apply(b, &r);
	wire_pull_reply_free(&r);

	/* The district merged them: the loser's number went to the survivor. */
	page_init(&r, "t2");
	rec = page_add(&r, "seeker", loser);
	rec->deleted = 1;
	snprintf(rec->replaced_by, sizeof rec->replaced_by, "%s", surv);
	rec_set(rec, "id_number", number, 1000);
	rec_set(rec, "name", "慕容复", 1000);
	rec = page_seeker(&r, surv, number, "慕容复", "13400000001", 2000);
	apply(b, &r);
	wire_pull_reply_free(&r);

	assert_int_equal(count(b, "SELECT deleted FROM seeker WHERE id = '%s'", loser), 1);
	assert_string_equal(text_of(b, "SELECT replaced_by FROM seeker WHERE id = ?", loser),
	    surv);
	assert_string_equal(text_of(b, "SELECT coalesce(id_number, 'NULL') FROM seeker "
	    "WHERE id = ?", loser), "NULL");
	assert_int_equal(seeker_find_idnum(b, number, out), 1);
	assert_string_equal(out, surv);
	/* Searches list the survivor only, by name, number and phone. */
	assert_true(seeker_listed(b, "慕容", surv));
	assert_false(seeker_listed(b, "慕容", loser));
	assert_false(seeker_listed(b, number, loser));
	assert_false(seeker_listed(b, "13400000001", loser));
	/* The old id opens the survivor and says so. */
	assert_int_equal(seeker_resolve(b, loser, out), 1);
	assert_string_equal(out, surv);
	assert_int_equal(seeker_open(b, loser, &f), 1);
	assert_string_equal(fields_str(&f, "id"), surv);
	fields_free(&f);
	/* The loser's services are the survivor's. */
	assert_int_equal(seeker_services(b, surv, sv, 8, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(sv[0].type, "referral");
	assert_string_equal(sv[1].seeker_id, loser);
	assert_int_equal(seeker_services(b, loser, sv, 8, &n), 0);
	assert_int_equal(n, 2);
	/* A change made through the old id lands on the survivor. */
	fields_set(&f, "name", "慕容复");
	fields_set(&f, "address", "朝阳区");
	assert_int_equal(seeker_save(b, loser, &f, NULL, out, err, sizeof err), 0);
	assert_string_equal(out, surv);
	assert_string_equal(text_of(b, "SELECT address FROM seeker WHERE id = ?", surv),
	    "朝阳区");
	fields_free(&f);

	/* Employers too: a tombstone's USCC is NULL, so the survivor can hold it. */
	store_new_id(e1);
	store_new_id(e2);
	page_init(&r, "t3");
	page_employer(&r, e1, USCC_A, "丁公司", 1000);
	apply(b, &r);
	wire_pull_reply_free(&r);
	page_init(&r, "t4");
	rec = page_add(&r, "employer", e1);
	rec->deleted = 1;
	snprintf(rec->replaced_by, sizeof rec->replaced_by, "%s", e2);
	page_employer(&r, e2, USCC_A, "丁有限公司", 2000);
	apply(b, &r);
	wire_pull_reply_free(&r);
	assert_string_equal(text_of(b, "SELECT coalesce(uscc, 'NULL') FROM employer WHERE id = ?",
	    e1), "NULL");
	assert_int_equal(employer_find_uscc(b, USCC_A, out), 1);
	assert_string_equal(out, e2);
	assert_int_equal(employer_resolve(b, e1, out), 1);
	assert_string_equal(out, e2);
	{
		struct employer_hit eh[4];

		assert_int_equal(employer_search(b, "丁", eh, 4, &n, NULL), 0);
		assert_int_equal(n, 1);
		assert_string_equal(eh[0].id, e2);
	}
	assert_int_equal(count(b, "SELECT count(*) FROM outbox"), 1);	/* the address only */
	terminal_remove(b, "b.db");
}

/* A pulled record with a number held here under another id takes it over. */
static void
test_natural_key_takeover(void **state)
{
	struct store *b = new_terminal("b.db");
	struct wire_pull_reply r;
	struct fields f = FIELDS_INIT;
	char local[IDENT_LEN + 1], district[IDENT_LEN + 1], out[IDENT_LEN + 1], err[256];
	char elocal[IDENT_LEN + 1], edistrict[IDENT_LEN + 1];
	const char *number = idnum("11010519880808008");
	long long pending;

	(void)state;
	register_seeker(b, number, "东方不败", "13300000001", local);
	fields_set(&f, "uscc", USCC_B);
	fields_set(&f, "name", "戊公司");
	assert_int_equal(employer_save(b, NULL, &f, NULL, elocal, err, sizeof err), 0);
	fields_free(&f);
	pending = count(b, "SELECT count(*) FROM outbox");
	store_new_id(district);
	store_new_id(edistrict);
	page_init(&r, "k1");
	page_seeker(&r, district, number, "东方不败", "13300000002", 1000);
	page_employer(&r, edistrict, USCC_B, "戊有限公司", 1000);
	apply(b, &r);
	wire_pull_reply_free(&r);

	assert_int_equal(seeker_find_idnum(b, number, out), 1);
	assert_string_equal(out, district);
	assert_int_equal(count(b, "SELECT deleted FROM seeker WHERE id = '%s'", local), 1);
	assert_string_equal(text_of(b, "SELECT replaced_by FROM seeker WHERE id = ?", local),
	    district);
	assert_false(seeker_listed(b, "东方", local));
	assert_true(seeker_listed(b, "东方", district));
	assert_int_equal(seeker_open(b, local, &f), 1);
	assert_string_equal(fields_str(&f, "id"), district);
	fields_free(&f);
	assert_int_equal(employer_find_uscc(b, USCC_B, out), 1);
	assert_string_equal(out, edistrict);
	assert_int_equal(employer_resolve(b, elocal, out), 1);
	assert_string_equal(out, edistrict);
	/* What this terminal registered still goes out: the server redirects it too. */
	assert_int_equal(count(b, "SELECT count(*) FROM outbox"), pending);
	assert_int_equal(count(b, "SELECT count(*) FROM pragma_foreign_key_check"), 0);

	/* Two new records with one number in one page: the first keeps no name index. */
	store_new_id(local);
	store_new_id(district);
	page_init(&r, "k2");
	page_seeker(&r, local, idnum("11010519900909009"), "上官婉儿", "13300000003", 1000);
	page_seeker(&r, district, idnum("11010519900909009"), "上官婉儿", "13300000003", 1000);
	apply(b, &r);
	wire_pull_reply_free(&r);
	assert_int_equal(count(b, "SELECT deleted FROM seeker WHERE id = '%s'", local), 1);
	assert_int_equal(count(b, "SELECT count(*) FROM seeker_name_gram WHERE rid = "
	    "(SELECT rid FROM seeker WHERE id = '%s')", local), 0);
	assert_true(seeker_listed(b, "婉儿", district));
	terminal_remove(b, "b.db");
}

/* A vacancy that arrives before its employer waits for it, in the page or in a later one. */
static void
test_vacancy_before_employer(void **state)
{
	struct store *b = new_terminal("b.db");
	struct wire_pull_reply r;
	struct vacancy_hit vh[4];
	char eid[IDENT_LEN + 1], vid[IDENT_LEN + 1], vid2[IDENT_LEN + 1];
	size_t n;

	(void)state;
	store_new_id(eid);
	store_new_id(vid);
	store_new_id(vid2);
	/* Page 1: two versions of the vacancy's story, its employer not yet there. */
	page_init(&r, "v1");
	page_vacancy(&r, vid, eid, "焊工", 1000);
	apply(b, &r);
	wire_pull_reply_free(&r);
	assert_int_equal(count(b, "SELECT count(*) FROM vacancy"), 0);
	assert_int_equal(count(b, "SELECT count(*) FROM sync_waiting"), 1);
	/* Page 2: a newer version of it replaces the waiting one. */
	page_init(&r, "v2");
	page_vacancy(&r, vid, eid, "电焊工", 2000);
	apply(b, &r);
	wire_pull_reply_free(&r);
	assert_int_equal(count(b, "SELECT count(*) FROM sync_waiting"), 1);
	/* Page 3: the employer, after another vacancy of it in the same page. */
	page_init(&r, "v3");
	page_vacancy(&r, vid2, eid, "钳工", 2000);
	page_employer(&r, eid, USCC_A, "己制造厂", 1500);
	apply(b, &r);
	wire_pull_reply_free(&r);
	assert_int_equal(count(b, "SELECT count(*) FROM sync_waiting"), 0);
	assert_int_equal(vacancy_list(b, eid, vh, 4, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(text_of(b, "SELECT title FROM vacancy WHERE id = ?", vid), "电焊工");
	assert_int_equal(count(b, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
	assert_int_equal(count(b, "SELECT count(*) FROM outbox"), 0);
	terminal_remove(b, "b.db");
}

/* Offices, accounts and code lists from the district; shipped files do not undo them. */
static void
test_reference_data(void **state)
{
	/* A terminal before its first start: the first setup is this test's. */
	struct store *b = open_store(tmp("b.db"), "wang.li", OFFICE);
	struct wire_pull_reply r;
	struct wire_record *rec;
	struct account me, acct;
	char err[512] = "", path[512], name[64];

	(void)state;
	make_account(&me, "wang.li", "supervisor");
	assert_int_equal(account_first_setup(b, OFFICE, "朝阳区就业服务中心", "district", &me,
	    "long enough", err, sizeof err), 0);
	exec_sql(b, "UPDATE account SET failed_logins = 3, locked_until = 99 "
	    "WHERE login = 'wang.li'");
	snprintf(path, sizeof path, "%s/db/codes/sex.tsv", top());
	assert_int_equal(codes_load_file(b, path, err, sizeof err), 1);

	page_init(&r, "r1");
	/* An account of an office that comes in the next page. */
	rec = page_add(&r, "account", "sun.li");
	fields_set(&rec->fields, "name", "孙丽");
	fields_set(&rec->fields, "office", "110105-002");
	fields_set(&rec->fields, "role", "clerk");
	fields_set(&rec->fields, "pwhash", "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA");
	rec = page_add(&r, "account", "wang.li");
	fields_set(&rec->fields, "name", "王丽华");
	fields_set(&rec->fields, "office", OFFICE);
	fields_set(&rec->fields, "role", "supervisor");
	fields_set(&rec->fields, "pwhash", "$argon2id$v=19$m=19456,t=2,p=1$bmV3$bmV3aGFzaA");
	rec = page_add(&r, "office", OFFICE);
	fields_set(&rec->fields, "name", "朝阳区公共就业服务中心");
	fields_set(&rec->fields, "level", "district");
	rec = page_add(&r, "code_list", "sex");
	fields_set(&rec->fields, "version", "2099.1");
	fields_set(&rec->fields, "text", "# list: sex\n# version: 2099.1\n"
	    "code\tparent\tname_zh\tname_en\tdeprecated\n"
	    "1\t\t男性\tMale\t0\n2\t\t女性\tFemale\t0\n");
	rec = page_add(&r, "code", "sex:7");
	fields_set(&rec->fields, "name_zh", "其他");
	fields_set(&rec->fields, "name_en", "Other");
	fields_set(&rec->fields, "deprecated", "0");
	rec = page_add(&r, "no_such_table", "x");
	apply(b, &r);
	wire_pull_reply_free(&r);

	assert_int_equal(office_name(b, OFFICE, name, sizeof name), 0);
	assert_string_equal(name, "朝阳区公共就业服务中心");
	assert_int_equal(account_get(b, "wang.li", &acct), 1);
	assert_string_equal(acct.name, "王丽华");
	assert_int_equal(acct.failed_logins, 3);
	assert_int_equal(acct.locked_until, 99);
	assert_string_equal(text_of(b, "SELECT pwhash FROM account WHERE login = ?", "wang.li"),
	    "$argon2id$v=19$m=19456,t=2,p=1$bmV3$bmV3aGFzaA");
	assert_int_equal(account_get(b, "sun.li", &acct), 0);
	assert_int_equal(count(b, "SELECT count(*) FROM sync_waiting"), 1);
	/* The district's list: its codes, the ones it lacks deprecated, one code added. */
	assert_int_equal(codes_valid(b, "sex", "1"), 1);
	assert_int_equal(codes_valid(b, "sex", "9"), 0);
	assert_int_equal(codes_valid(b, "sex", "7"), 1);
	assert_int_equal(codes_name(b, "sex", "2", 1, name, sizeof name), 0);
	assert_string_equal(name, "女性");
	/* A later start loads the shipped file (another version): the district's list stays. */
	assert_true(codes_load_file(b, path, err, sizeof err) >= 0);
	assert_int_equal(codes_name(b, "sex", "2", 1, name, sizeof name), 0);
	assert_string_equal(name, "女性");
	assert_int_equal(codes_valid(b, "sex", "9"), 0);
	assert_int_equal(codes_version(b, "sex", name, sizeof name), 0);
	assert_string_equal(name, "2099.1");

	page_init(&r, "r2");
	rec = page_add(&r, "office", "110105-002");
	fields_set(&rec->fields, "name", "八里庄街道");
	fields_set(&rec->fields, "level", "street");
	fields_set(&rec->fields, "parent", OFFICE);
	apply(b, &r);
	wire_pull_reply_free(&r);
	assert_int_equal(account_get(b, "sun.li", &acct), 1);
	assert_string_equal(acct.office, "110105-002");
	assert_int_equal(count(b, "SELECT count(*) FROM sync_waiting"), 0);
	assert_int_equal(count(b, "SELECT count(*) FROM outbox"), 0);
	terminal_remove(b, "b.db");
}

/*
 * Aliases travel with the district's codes: a code sent with them takes
 * them, one sent without (a server that keeps none) keeps the shipped
 * ones, a list file with the column replaces them, empty ones included.
 */
static void
test_reference_aliases(void **state)
{
	struct store *b = open_store(tmp("b.db"), "wang.li", OFFICE);
	struct wire_pull_reply r;
	struct wire_record *rec;
	char err[512] = "", path[512], code[32];

	(void)state;
	snprintf(path, sizeof path, "%s/db/codes/education.tsv", top());
	assert_int_equal(codes_load_file(b, path, err, sizeof err), 1);
	assert_int_equal(codes_resolve(b, "education", "大专", code, sizeof code), 1);
	assert_string_equal(code, "31");

	page_init(&r, "r1");
	rec = page_add(&r, "code", "education:31");
	fields_set(&rec->fields, "parent", "30");
	fields_set(&rec->fields, "name_zh", "大学专科毕业");
	fields_set(&rec->fields, "name_en", "Junior college, graduated");
	fields_set(&rec->fields, "deprecated", "0");
	fields_set(&rec->fields, "rank", "50");
	rec = page_add(&r, "code", "education:21");
	fields_set(&rec->fields, "parent", "20");
	fields_set(&rec->fields, "name_zh", "大学本科毕业");
	fields_set(&rec->fields, "name_en", "Undergraduate, graduated");
	fields_set(&rec->fields, "deprecated", "0");
	fields_set(&rec->fields, "aliases", "本科|学士");
	apply(b, &r);
	wire_pull_reply_free(&r);
	/* Sent without aliases: the shipped ones stay; sent with: the district's. */
	assert_int_equal(codes_resolve(b, "education", "大专", code, sizeof code), 1);
	assert_string_equal(code, "31");
	assert_int_equal(codes_resolve(b, "education", "学士", code, sizeof code), 1);
	assert_string_equal(code, "21");
	assert_int_equal(codes_resolve(b, "education", "大本", code, sizeof code), 0);

	page_init(&r, "r2");
	rec = page_add(&r, "code_list", "household");
	fields_set(&rec->fields, "version", "2099.1");
	fields_set(&rec->fields, "text", "# list: household\n# version: 2099.1\n"
	    "code\tparent\tname_zh\tname_en\tdeprecated\taliases\n"
	    "urban\t\t本市城镇\tBeijing urban\t0\t京籍城镇\n"
	    "rural\t\t本市农村\tBeijing rural\t0\t\n");
	apply(b, &r);
	wire_pull_reply_free(&r);
	assert_int_equal(codes_resolve(b, "household", "京籍城镇", code, sizeof code), 1);
	assert_string_equal(code, "urban");
	assert_string_equal(text_of(b, "SELECT aliases FROM code WHERE list = 'household' AND "
	    "code = ?", "rural"), "");
	terminal_remove(b, "b.db");
}

/* A whole file into a new string. */
static char *
slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(fp);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	n = ftell(fp);
	rewind(fp);
	buf = xmalloc((size_t)n + 1);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

/* Count the files of a folder whose name starts with prefix. */
static int
files_starting(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0)
			n++;
	closedir(d);
	return n;
}

/* A pulled form is written beside the database whole, checked first. */
static void
test_form_written(void **state)
{
	struct store *b = new_terminal("b.db");
	struct wire_pull_reply r;
	struct wire_record *rec;
	char path[512], forms[512], *text, *got, *edited;
	struct formdef_dir dir = { forms, kind_form_column };

	(void)state;
	/* Where the client keeps the district's forms: beside its database. */
	snprintf(forms, sizeof forms, "%s", tmp("forms"));
	store_set_form_sink(b, formdef_install, &dir);
	snprintf(path, sizeof path, "%s/forms/seeker.form", top());
	text = slurp(path);
	/* The district's version: the same form with another name. */
	edited = xasprintf("%s\n", text);
	page_init(&r, "f1");
	rec = page_add(&r, "form", "seeker");
	formdef_text_split(edited, 1000, &rec->fields);
	assert_true(strtol(fields_str(&rec->fields, "parts"), NULL, 10) > 1);
	apply(b, &r);
	wire_pull_reply_free(&r);
	got = slurp(tmp("forms/seeker.form"));
	assert_string_equal(got, edited);
	free(got);
	assert_int_equal(files_starting(tmp("forms"), ".seeker"), 0);

	/* A form that does not load, and a name that is a path: refused, the good one stays. */
	page_init(&r, "f2");
	rec = page_add(&r, "form", "seeker");
	fields_set(&rec->fields, "text", "[form]\nthis is not a form\n");
	rec = page_add(&r, "form", "../escape");
	fields_set(&rec->fields, "text", text);
	apply(b, &r);
	wire_pull_reply_free(&r);
	got = slurp(tmp("forms/seeker.form"));
	assert_string_equal(got, edited);
	free(got);
	assert_int_equal(files_starting(tmp("forms"), ".seeker"), 0);
	assert_int_not_equal(access(tmp("escape.form"), F_OK), 0);
	free(text);
	free(edited);
	terminal_remove(b, "b.db");
}

/* ---- Pushing ---- */

/* A long outbox goes out in pages of consecutive entries and never all at once. */
static void
test_outbox_pages(void **state)
{
	struct store *a = new_terminal("a.db");
	struct wire_push page;
	struct wire_push_reply ack;
	struct fields f = FIELDS_INIT;
	char err[256], id[IDENT_LEN + 1];
	int64_t next = 1;
	int i, pages = 0;

	(void)state;
	assert_int_equal(st_begin(a), 0);
	for (i = 0; i < 2500; i++) {
		store_new_id(id);
		fields_set(&f, "name", "测试");
		assert_int_equal(st_outbox_append(a, kind_get(KIND_SEEKER), id, "insert", &f,
		    st_hlc_next(a)), 0);
	}
	assert_int_equal(st_commit(a), 0);
	fields_free(&f);
	for (;;) {
		size_t j;

		assert_int_equal(outbox_received(a, 1000, &page, err, sizeof err), 0);
		if (page.n == 0) {
			wire_push_free(&page);
			break;
		}
		pages++;
		assert_true(page.n <= 1000);
		assert_string_equal(page.terminal, store_terminal(a));
		for (j = 0; j < page.n; j++) {
			assert_int_equal(page.changes[j].seq, next);
			assert_string_equal(fields_str(&page.changes[j].fields, "name"), "测试");
			next++;
		}
		memset(&ack, 0, sizeof ack);
		ack.applied_through = page.changes[page.n - 1].seq;
		wire_push_free(&page);
		assert_int_equal(store_outbox_ack(a, &ack, err, sizeof err), 0);
	}
	assert_int_equal(pages, 3);
	assert_int_equal(next, 2501);
	assert_int_equal(store_outbox_pending(a), 0);
	/* The sequence goes on from where it was: never reused. */
	assert_int_equal(store_outbox_last_seq(a), 2500);
	terminal_remove(a, "a.db");
}

/* An acknowledgement that covers less than the page leaves the rest waiting. */
static void
test_ack_partial(void **state)
{
	struct store *a = new_terminal("a.db");
	struct wire_push page;
	struct wire_push_reply ack;
	char err[256], id[IDENT_LEN + 1];

	(void)state;
	register_seeker(a, NULL, "令狐冲", NULL, id);
	register_seeker(a, NULL, "任盈盈", NULL, id);
	assert_int_equal(store_outbox_pending(a), 4);
	memset(&ack, 0, sizeof ack);
	ack.applied_through = 2;
	assert_int_equal(store_outbox_ack(a, &ack, err, sizeof err), 0);
	assert_int_equal(store_outbox_page(a, 1000, &page, err, sizeof err), 0);
	assert_int_equal(page.n, 2);
	assert_int_equal(page.changes[0].seq, 3);
	wire_push_free(&page);
	terminal_remove(a, "a.db");
}

/* Refusals are kept with the record's label until a clerk dismisses them. */
static void
test_ack_rejections(void **state)
{
	struct store *a = new_terminal("a.db");
	struct wire_push_reply ack;
	struct wire_rejection rej[2];
	struct store_rejection list[8];
	struct store_sync_info info;
	struct fields f = FIELDS_INIT;
	char sid[IDENT_LEN + 1], eid[IDENT_LEN + 1], vid[IDENT_LEN + 1], err[256];
	int64_t seeker_seq, vacancy_seq;
	uint64_t future = hlc_pack((uint64_t)time(NULL) * 1000 + 10ULL * 86400 * 1000, 5);
	size_t n;

	(void)state;
	register_seeker(a, idnum("11010519700707007"), "黄药师", NULL, sid);
	seeker_seq = count(a, "SELECT min(seq) FROM outbox WHERE row_id = '%s'", sid);
	fields_set(&f, "uscc", USCC_A);
	fields_set(&f, "name", "桃花岛渔业公司");
	assert_int_equal(employer_save(a, NULL, &f, NULL, eid, err, sizeof err), 0);
	fields_free(&f);
	fields_set(&f, "title", "渔民");
	fields_set(&f, "occupation", "5-04");
	fields_set(&f, "headcount", "3");
	fields_set(&f, "valid_until", "2099-01-01");
	assert_int_equal(vacancy_save(a, NULL, eid, &f, NULL, vid, err, sizeof err), 0);
	fields_free(&f);
	vacancy_seq = count(a, "SELECT min(seq) FROM outbox WHERE row_id = '%s'", vid);

	memset(&ack, 0, sizeof ack);
	memset(rej, 0, sizeof rej);
	ack.applied_through = store_outbox_last_seq(a);
	ack.hlc = future;
	ack.nrejected = 2;
	ack.rejected = rej;
	rej[0].seq = seeker_seq;
	snprintf(rej[0].tbl, sizeof rej[0].tbl, "seeker");
	snprintf(rej[0].id, sizeof rej[0].id, "%s", sid);
	snprintf(rej[0].reason, sizeof rej[0].reason, "hardship: not a code of the list");
	rej[1].seq = vacancy_seq;
	snprintf(rej[1].tbl, sizeof rej[1].tbl, "vacancy");
	snprintf(rej[1].id, sizeof rej[1].id, "%s", vid);
	snprintf(rej[1].reason, sizeof rej[1].reason, "occupation: not a code of the list");
	assert_int_equal(store_outbox_ack(a, &ack, err, sizeof err), 0);
	assert_int_equal(store_outbox_pending(a), 0);
	/* The server's clock is absorbed however far ahead it is: our own server. */
	assert_true((uint64_t)count(a, "SELECT CAST(value AS INTEGER) FROM setting "
	    "WHERE key = 'hlc'") > future);

	assert_int_equal(store_rejections(a, list, 8, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(list[0].seq, vacancy_seq);
	assert_string_equal(list[0].tbl, "vacancy");
	assert_string_equal(list[0].label, "渔民 - 桃花岛渔业公司");
	assert_string_equal(list[0].reason, "occupation: not a code of the list");
	assert_string_equal(list[1].label, "黄药师");
	assert_string_equal(list[1].id, sid);
	assert_int_equal(store_sync_info(a, &info), 0);
	assert_int_equal(info.rejected, 2);
	assert_int_equal(info.waiting, 0);

	assert_int_equal(store_rejection_dismiss(a, vacancy_seq), 0);
	assert_int_equal(store_rejection_dismiss(a, vacancy_seq), -1);
	/* The reply again (a retried push): the dismissed refusal does not come back. */
	assert_int_equal(store_outbox_ack(a, &ack, err, sizeof err), 0);
	assert_int_equal(store_rejections(a, list, 8, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].label, "黄药师");
	terminal_remove(a, "a.db");
}

/* How a round went is kept for the status line. */
static void
test_sync_note(void **state)
{
	struct store *a = new_terminal("a.db");
	struct store_sync_info info;
	char longer[700];

	(void)state;
	assert_int_equal(store_sync_note(a, "cannot reach the server"), 0);
	assert_int_equal(store_sync_info(a, &info), 0);
	assert_string_equal(info.last_error, "cannot reach the server");
	assert_string_equal(info.last_ok, "");
	assert_int_equal(store_sync_note(a, NULL), 0);
	assert_int_equal(store_sync_info(a, &info), 0);
	assert_string_equal(info.last_error, "");
	assert_int_equal(strlen(info.last_ok), 20);
	/* A long message is cut on a character. */
	repeat(longer, sizeof longer, "服务", 100);
	assert_int_equal(store_sync_note(a, longer), 0);
	assert_int_equal(store_sync_info(a, &info), 0);
	assert_true(strlen(info.last_error) < sizeof info.last_error);
	assert_true(utf8_valid(info.last_error, strlen(info.last_error)));
	terminal_remove(a, "a.db");
}

/* ---- Merge ---- */

/* A supervisor's merge: the survivor takes what it lacks, the loser leaves every list. */
static void
test_merge(void **state)
{
	struct store *a = new_terminal("a.db");
	struct fields f = FIELDS_INIT;
	struct seeker_service sv[8];
	json_t *fields;
	char with[IDENT_LEN + 1], without[IDENT_LEN + 1], third[IDENT_LEN + 1], err[256];
	const char *number = idnum("11010519550909009");
	long long before;
	size_t n;

	(void)state;
	register_seeker(a, number, "郭靖", NULL, with);
	register_seeker(a, NULL, "郭靖", "13200000001", without);
	register_seeker(a, NULL, "黄蓉", NULL, third);
	before = store_outbox_last_seq(a);

	/* Refused: into itself, the numbered record into one without a number. */
	assert_int_equal(seeker_merge(a, with, with, err, sizeof err), -1);
	assert_mentions(err, "itself");
	assert_int_equal(seeker_merge(a, with, without, err, sizeof err), -1);
	assert_mentions(err, "ID number");
	assert_int_equal(store_outbox_last_seq(a), before);

	assert_int_equal(seeker_merge(a, without, with, err, sizeof err), 0);
	/* Two entries: the survivor's update with the phone, the loser's delete. */
	assert_int_equal(store_outbox_last_seq(a), before + 2);
	assert_string_equal(text_of(a, "SELECT op || ' ' || row_id || ' ' || fields FROM outbox "
	    "WHERE seq = (SELECT max(seq) - 1 FROM outbox)", NULL),
	    text_of(a, "SELECT 'update ' || ? || ' {\"phone\":\"13200000001\"}'", with));
	fields = json_loads(text_of(a, "SELECT fields FROM outbox WHERE seq = "
	    "(SELECT max(seq) FROM outbox) AND op = 'delete'", NULL), 0, NULL);
	assert_non_null(fields);
	assert_string_equal(json_string_value(json_object_get(fields, "replaced_by")), with);
	assert_int_equal(json_object_size(fields), 1);
	json_decref(fields);
	assert_string_equal(text_of(a, "SELECT row_id FROM outbox WHERE seq = "
	    "(SELECT max(seq) FROM outbox)", NULL), without);
	assert_int_equal(count(a, "SELECT count(*) FROM audit WHERE action = 'merge'"), 2);

	assert_true(seeker_listed(a, "郭靖", with));
	assert_false(seeker_listed(a, "郭靖", without));
	assert_false(seeker_listed(a, "13200000001", without));
	assert_true(seeker_listed(a, "13200000001", with));
	assert_int_equal(seeker_open(a, without, &f), 1);
	assert_string_equal(fields_str(&f, "id"), with);
	assert_string_equal(fields_str(&f, "phone"), "13200000001");
	fields_free(&f);
	assert_int_equal(seeker_services(a, with, sv, 8, &n), 0);
	assert_int_equal(n, 2);	/* both registrations */

	/* Refused: a loser merged already, a survivor merged away, (so) no chains. */
	assert_int_equal(seeker_merge(a, without, third, err, sizeof err), -1);
	assert_mentions(err, "already");
	assert_int_equal(seeker_merge(a, third, without, err, sizeof err), -1);
	assert_mentions(err, "merge into that one");
	assert_int_equal(store_outbox_last_seq(a), before + 2);

	/* What a server sends back after the push changes nothing more here. */
	{
		struct store *b = new_terminal("b.db");
		struct wire_pull_reply r;

		page_from_outbox(a, &r, "m1");
		apply(b, &r);
		assert_true(seeker_listed(b, "郭靖", with));
		assert_false(seeker_listed(b, "郭靖", without));
		assert_int_equal(seeker_resolve(b, without, third), 1);
		assert_string_equal(third, with);
		wire_pull_reply_free(&r);
		terminal_remove(b, "b.db");
	}
	terminal_remove(a, "a.db");
}

/* ---- Enrollment ---- */

/* Enrolling keeps url and token, makes the district's office ours, and re-keys. */
static void
test_enroll(void **state)
{
	struct store *a = new_terminal("a.db");
	struct wire_enroll_reply er;
	struct store_sync_info info;
	unsigned char key[IDENT_KEYLEN];
	char sid[IDENT_LEN + 1], want[IDENT_LEN + 1], src[32], err[256], code[32];
	const char *number = idnum("11010519600101001");
	size_t i;

	(void)state;
	register_seeker(a, number, "杨过", NULL, sid);
	memset(&er, 0, sizeof er);
	snprintf(er.token, sizeof er.token, "tok-0123456789abcdefghijklmnopqrstuvwxyzABCDEFG");
	snprintf(er.office_code, sizeof er.office_code, "110105-003");
	snprintf(er.office_name, sizeof er.office_name, "团结湖街道");
	snprintf(er.office_level, sizeof er.office_level, "street");
	snprintf(er.office_parent, sizeof er.office_parent, OFFICE);
	memset(key, 0x42, sizeof key);
	for (i = 0; i < IDENT_KEYLEN; i++)
		snprintf(er.identity_key + 2 * i, 3, "%02x", key[i]);

	/* A bad key writes nothing. */
	er.identity_key[5] = 'z';
	assert_int_equal(store_enroll(a, "https://jobdesk.example", &er, err, sizeof err), -1);
	assert_int_equal(store_sync_info(a, &info), 0);
	assert_string_equal(info.url, "");
	er.identity_key[5] = '2';

	assert_int_equal(store_enroll(a, "https://jobdesk.example", &er, err, sizeof err), 0);
	assert_int_equal(store_sync_info(a, &info), 0);
	assert_string_equal(info.url, "https://jobdesk.example");
	assert_string_equal(info.token, er.token);
	assert_string_equal(info.office, "110105-003");
	assert_int_equal(store_identity_source(a, src, sizeof src), 0);
	assert_string_equal(src, "district");
	ident_derive(key, "seeker", number, want);
	assert_int_equal(seeker_find_idnum(a, number, sid), 1);
	assert_string_equal(sid, want);
	assert_int_equal(count(a, "SELECT count(*) FROM outbox WHERE row_id = '%s'", want), 1);
	/* What waits to be pushed carries the terminal's office now, as the server wants. */
	assert_int_equal(count(a, "SELECT count(*) FROM outbox WHERE json_extract(fields, "
	    "'$.office') IS NOT NULL AND json_extract(fields, '$.office') <> '110105-003'"), 0);
	assert_string_equal(store_office(a), "110105-003");
	store_set_actor(a, "wang.li", OFFICE);
	assert_string_equal(store_office(a), "110105-003");
	assert_int_equal(office_first(a, code, sizeof code), 0);
	assert_string_equal(code, "110105-003");
	/* Enrolled again (a new token), same district: fine, nothing re-keyed. */
	snprintf(er.token, sizeof er.token, "tok-second");
	assert_int_equal(store_enroll(a, "https://jobdesk.example", &er, err, sizeof err), 0);
	assert_int_equal(seeker_find_idnum(a, number, sid), 1);
	assert_string_equal(sid, want);
	/* Another district's key cannot replace this one. */
	er.identity_key[0] = 'f';
	assert_int_equal(store_enroll(a, "https://other.example", &er, err, sizeof err), -1);
	assert_mentions(err, "provisional");
	assert_int_equal(store_sync_info(a, &info), 0);
	assert_string_equal(info.url, "https://jobdesk.example");
	assert_string_equal(info.token, "tok-second");
	store_close(a);
	/* The office holds across a restart. */
	a = terminal("a.db");
	store_set_actor(a, "wang.li", OFFICE);
	assert_string_equal(store_office(a), "110105-003");
	terminal_remove(a, "a.db");
}

/* ---- The conflict journal ---- */

/* Conflicts are listed with the record's label, values cut on a character. */
static void
test_conflicts(void **state)
{
	struct store *b = new_terminal("b.db");
	struct wire_pull_reply r;
	struct wire_record *rec;
	struct store_conflict list[4];
	char sid[IDENT_LEN + 1], key[IDENT_LEN + 1], stamp[WIRE_STAMP_LEN + 1], lost[1200];
	size_t n;

	(void)state;
	store_new_id(sid);
	repeat(lost, sizeof lost, "长地址", 100);
	page_init(&r, "j1");
	page_seeker(&r, sid, NULL, "小龙女", "13100000001", 1000);
	rec = page_add(&r, "seeker", sid);	/* the same record: its losing phone is here */
	rec_set(rec, "phone", "13100000009", 1000);
	apply(b, &r);
	wire_pull_reply_free(&r);
	assert_string_equal(text_of(b, "SELECT phone FROM seeker WHERE id = ?", sid),
	    "13100000009");

	page_init(&r, "j2");
	store_new_id(key);
	rec = page_add(&r, "conflict", key);
	fields_set(&rec->fields, "tbl", "seeker");
	fields_set(&rec->fields, "id", sid);
	fields_set(&rec->fields, "field", "phone");
	fields_set(&rec->fields, "lost_value", "13100000009");
	wire_stamp(hlc_pack(900, 0), "01890a5d-ac96-7000-8000-00000000000b", stamp);
	fields_set(&rec->fields, "lost_stamp", stamp);
	fields_set(&rec->fields, "won_value", "13100000001");
	wire_stamp(hlc_pack(1100, 0), other_terminal, stamp);
	fields_set(&rec->fields, "won_stamp", stamp);
	fields_set(&rec->fields, "at", "2024-05-01T10:00:00Z");
	store_new_id(key);
	rec = page_add(&r, "conflict", key);
	fields_set(&rec->fields, "tbl", "seeker");
	fields_set(&rec->fields, "id", sid);
	fields_set(&rec->fields, "field", "address");
	fields_set(&rec->fields, "lost_value", lost);
	fields_set(&rec->fields, "lost_stamp", stamp);
	fields_set(&rec->fields, "won_value", "短");
	fields_set(&rec->fields, "at", "2024-05-02T10:00:00Z");
	apply(b, &r);
	wire_pull_reply_free(&r);

	/* The losing value shown here gives way to the winner. */
	assert_string_equal(text_of(b, "SELECT phone FROM seeker WHERE id = ?", sid),
	    "13100000001");
	assert_int_equal(store_conflicts(b, list, 4, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].field, "address");
	assert_string_equal(list[0].label, "小龙女");
	assert_true(strlen(list[0].lost_value) < sizeof list[0].lost_value);
	assert_true(strlen(list[0].lost_value) > 200);
	assert_true(utf8_valid(list[0].lost_value, strlen(list[0].lost_value)));
	assert_string_equal(list[1].lost_value, "13100000009");
	assert_string_equal(list[1].won_value, "13100000001");
	assert_string_equal(list[1].lost_by, "01890a5d-ac96-7000-8000-00000000000b");
	assert_string_equal(list[1].at, "2024-05-01T10:00:00Z");
	assert_int_equal(store_conflicts(b, list, 1, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(count(b, "SELECT count(*) FROM outbox"), 0);
	terminal_remove(b, "b.db");
}

static int
group_setup(void **state)
{
	(void)state;
	log_set_file(NULL);
	return tmpdir_make("sync-store");
}

static int
group_teardown(void **state)
{
	(void)state;
	return tmpdir_remove(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pull_lands),
		cmocka_unit_test(test_first_sync_bulk),
		cmocka_unit_test(test_first_sync_hired),
		cmocka_unit_test(test_three_terminals),
		cmocka_unit_test(test_pending_field_kept),
		cmocka_unit_test(test_stamps_compact),
		cmocka_unit_test(test_replay_harmless),
		cmocka_unit_test(test_reset),
		cmocka_unit_test(test_tombstone_redirect),
		cmocka_unit_test(test_natural_key_takeover),
		cmocka_unit_test(test_vacancy_before_employer),
		cmocka_unit_test(test_reference_data),
		cmocka_unit_test(test_reference_aliases),
		cmocka_unit_test(test_form_written),
		cmocka_unit_test(test_outbox_pages),
		cmocka_unit_test(test_ack_partial),
		cmocka_unit_test(test_ack_rejections),
		cmocka_unit_test(test_sync_note),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_enroll),
		cmocka_unit_test(test_conflicts),
	};

	if (utf8_locale("test_sync_store") != 0)
		return 1;
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
