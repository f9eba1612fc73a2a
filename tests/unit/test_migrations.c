/*
 * Unit tests for opening the local database (src/store/db.c and the
 * migrations in db/migrations): a new file gets the whole schema; opening
 * again changes nothing; a file this program must not write to (from a
 * newer jobdesk, another program's database, not a database at all) is
 * refused with its bytes untouched.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "common/log.h"
#include "store/account.h"
#include "store/migrations.h"
#include "store/seeker.h"
#include "store/store-int.h"
#include "store/store.h"

#include "testlib.h"

static const char *const tables[] = {
	"setting", "office", "account", "code_list", "code", "seeker", "seeker_name_gram",
	"employer", "vacancy", "service_event", "outbox", "audit", "sync_rejected", "conflict",
	"sync_waiting", NULL
};

/* A whole file into a new buffer; *len gets its size. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(fp);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	n = ftell(fp);
	assert_true(n >= 0);
	rewind(fp);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	*len = (size_t)n;
	return buf;
}

/* Run SQL on a file with a plain SQLite connection. */
static void
raw_exec(const char *path, const char *sql)
{
	sqlite3 *db;
	char *msg = NULL;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
	assert_int_equal(sqlite3_close(db), SQLITE_OK);
}

/* One text from a query on a connection, into out. */
static void
query_text(sqlite3 *db, const char *sql, char *out, size_t outlen)
{
	sqlite3_stmt *stmt;

	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	snprintf(out, outlen, "%s", (const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
}

/* Assert that opening path is refused, mentions needle, and leaves the file as it was. */
static void
refused_untouched(const char *path, const char *needle)
{
	char err[512] = "", wal[160];
	size_t before_len, after_len;
	char *before = slurp(path, &before_len), *after;
	struct store *st;

	st = store_open(path, err, sizeof err);
	if (st != NULL) {
		store_close(st);
		fail_msg("%s was opened", path);
	}
	assert_mentions(err, path);
	assert_mentions(err, needle);
	after = slurp(path, &after_len);
	assert_int_equal(after_len, before_len);
	assert_memory_equal(after, before, before_len);
	/* No WAL was started beside it either. */
	snprintf(wal, sizeof wal, "%s-wal", path);
	assert_int_not_equal(access(wal, F_OK), 0);
	free(before);
	free(after);
}

static int
setup(void **state)
{
	(void)state;
	log_set_file(NULL);
	return tmpdir_make("migrations");
}

static int
teardown(void **state)
{
	static const char *const names[] = { "new.db", "again.db", "newer.db", "other.db",
		"text.db", "empty.db", "old.db", NULL };

	(void)state;
	return tmpdir_remove(names);
}

/* A new database: every table, the schema version, a terminal id, a provisional key. */
static void
test_new_database(void **state)
{
	char err[512] = "", src[32];
	const char *path = tmp("new.db");
	struct store *st;
	size_t i;

	(void)state;
	assert_true(store_schema_version() >= 1);
	st = store_open(path, err, sizeof err);
	if (st == NULL)
		fail_msg("new database refused: %s", err);
	assert_int_equal(query_int(st->db, "PRAGMA user_version"), store_schema_version());
	for (i = 0; tables[i] != NULL; i++) {
		if (query_int(st->db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
		    "AND name = '%s'", tables[i]) != 1)
			fail_msg("table %s is missing", tables[i]);
	}
	assert_true(ident_valid(store_terminal(st)));
	assert_int_equal(store_identity_source(st, src, sizeof src), 0);
	assert_string_equal(src, "provisional");
	assert_int_equal(store_outbox_last_seq(st), 0);
	assert_int_equal(store_outbox_pending(st), 0);
	assert_int_equal(store_integrity_check(st, err, sizeof err), 0);
	store_close(st);
}

/* Clerk writes must survive a power cut, and the schema's references hold. */
static void
test_pragmas(void **state)
{
	char err[512] = "", mode[16];
	const char *path = tmp("new.db");
	struct store *st;
	sqlite3 *db;

	(void)state;
	st = store_open(path, err, sizeof err);
	if (st == NULL)
		fail_msg("%s", err);
	query_text(st->db, "PRAGMA journal_mode", mode, sizeof mode);
	assert_string_equal(mode, "wal");
	assert_int_equal(query_int(st->db, "PRAGMA foreign_keys"), 1);
	assert_int_equal(query_int(st->db, "PRAGMA synchronous"), 2);	/* FULL */
	/* The foreign keys are enforced: an account in an office that does not exist. */
	{
		struct account a;

		make_account(&a, "li.na", "clerk");
		snprintf(a.office, sizeof a.office, "nosuch");
		assert_int_equal(account_add(st, &a, "long enough", err, sizeof err), -1);
		assert_mentions(err, "office \"nosuch\" does not exist");
		assert_int_equal(account_count(st), 0);
	}
	store_close(st);
	/* WAL is a property of the file: another program sees it too. */
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	query_text(db, "PRAGMA journal_mode", mode, sizeof mode);
	assert_string_equal(mode, "wal");
	sqlite3_close(db);
}

/* Opening an existing database again: no error, no migration, the same data. */
static void
test_reopen(void **state)
{
	char err[512] = "", terminal[IDENT_LEN + 1], name[64];
	const char *path = tmp("again.db");
	struct store *st;
	long long schema_rows;

	(void)state;
	st = store_open(path, err, sizeof err);
	if (st == NULL)
		fail_msg("%s", err);
	snprintf(terminal, sizeof terminal, "%s", store_terminal(st));
	assert_int_equal(office_add(st, "110105", "朝阳区就业服务中心", "district", NULL, err,
	    sizeof err), 0);
	schema_rows = query_int(st->db, "SELECT count(*) FROM sqlite_master");
	store_close(st);

	st = store_open(path, err, sizeof err);
	if (st == NULL)
		fail_msg("reopen refused: %s", err);
	assert_string_equal(store_terminal(st), terminal);
	assert_int_equal(query_int(st->db, "PRAGMA user_version"), store_schema_version());
	assert_int_equal(query_int(st->db, "SELECT count(*) FROM sqlite_master"), schema_rows);
	assert_int_equal(office_count(st), 1);
	assert_int_equal(office_name(st, "110105", name, sizeof name), 0);
	assert_string_equal(name, "朝阳区就业服务中心");
	/* First-use settings are made once: the outbox sequence was not reset. */
	assert_int_equal(query_int(st->db, "SELECT count(*) FROM setting WHERE key = 'terminal_id'"),
	    1);
	store_close(st);
	/* And a third time, for good measure. */
	st = store_open(path, err, sizeof err);
	if (st == NULL)
		fail_msg("third open refused: %s", err);
	assert_string_equal(store_terminal(st), terminal);
	store_close(st);
}

/* A database from a newer jobdesk is refused, mentioning "newer", and not touched. */
static void
test_newer_refused(void **state)
{
	char err[512] = "", sql[64];
	const char *path = tmp("newer.db");
	struct store *st;

	(void)state;
	st = store_open(path, err, sizeof err);
	if (st == NULL)
		fail_msg("%s", err);
	store_close(st);
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", store_schema_version() + 1);
	raw_exec(path, sql);
	refused_untouched(path, "newer");
	/* Still refused the second time: nothing was "repaired". */
	refused_untouched(path, "newer");
}

/* Another program's database is not taken over. */
static void
test_foreign_database(void **state)
{
	const char *path = tmp("other.db");
	sqlite3 *db;
	char mode[16];

	(void)state;
	raw_exec(path, "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT);"
	    "INSERT INTO notes (text) VALUES ('do not lose me');");
	refused_untouched(path, "not a jobdesk database");
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	query_text(db, "PRAGMA journal_mode", mode, sizeof mode);
	assert_string_equal(mode, "delete");
	assert_int_equal(query_int(db, "SELECT count(*) FROM sqlite_master"), 1);
	sqlite3_close(db);
}

/* A text file given as the database (a wrong option) is refused untouched. */
static void
test_text_file(void **state)
{
	const char *path = tmp("text.db");
	FILE *fp = fopen(path, "w");
	int i;

	(void)state;
	assert_non_null(fp);
	for (i = 0; i < 100; i++)
		fprintf(fp, "[client]\ndatabase = /var/lib/jobdesk/jobdesk.db\n");
	fclose(fp);
	refused_untouched(path, "not a jobdesk database");
}

/* An empty file (made with touch) is a new database. */
static void
test_empty_file(void **state)
{
	char err[512] = "";
	const char *path = tmp("empty.db");
	FILE *fp = fopen(path, "w");
	struct store *st;

	(void)state;
	assert_non_null(fp);
	fclose(fp);
	st = store_open(path, err, sizeof err);
	if (st == NULL)
		fail_msg("empty file refused: %s", err);
	assert_int_equal(query_int(st->db, "PRAGMA user_version"), store_schema_version());
	store_close(st);
}

/* A database in a folder that does not exist names the path. */
static void
test_no_folder(void **state)
{
	const char *path = tmp("nosuch/jobdesk.db");
	char err[512] = "";

	(void)state;
	assert_null(store_open(path, err, sizeof err));
	assert_mentions(err, path);
}

/* The SQL of the migration to schema version, which must exist. */
static const char *
migration_sql(int version)
{
	size_t i;

	for (i = 0; i < n_migrations; i++)
		if (migrations[i].version == version)
			return migrations[i].sql;
	fail_msg("no migration %d", version);
	return NULL;
}

/*
 * A database of schema 1 holding a terminal's work is migrated to sync
 * (0002) with every row, reference and rowid kept: employers and vacancies
 * are rebuilt there (a tombstone's USCC must be NULL), which must not lose
 * or break anything.
 */
static void
test_migrate_with_data(void **state)
{
	const char *path = tmp("old.db");
	struct seeker_hit hits[4];
	struct store *st;
	char err[512] = "", sql[3072];
	size_t n;

	(void)state;
	raw_exec(path, migration_sql(1));
	snprintf(sql, sizeof sql,
	    "PRAGMA user_version = 1;"
	    "INSERT INTO setting VALUES ('terminal_id', '01890a5d-ac96-7000-8000-0000000000aa'),"
	    " ('identity_key', '%064d'), ('identity_source', 'provisional'),"
	    " ('outbox_seq', '1'), ('hlc', '0');"
	    "INSERT INTO office VALUES ('110105', '朝阳区', 'district', NULL);"
	    "INSERT INTO seeker (rid, id, id_number, name, registered_on, valid_until, office,"
	    " created_by, hlc) VALUES (7, 's1', '11010519491231002X', '张三丰', '2024-01-01',"
	    " '2099-01-01', '110105', 'wang.li', 1);"
	    "INSERT INTO seeker_name_gram VALUES ('三丰', '张三丰', 7);"
	    /* Registered first in 2023 (its service event), again in 2025. */
	    "INSERT INTO seeker (rid, id, id_number, name, registered_on, valid_until, office,"
	    " created_by, hlc) VALUES (8, 's2', '110105198001010014', '李四', '2025-05-01',"
	    " '2099-01-01', '110105', 'wang.li', 1);"
	    "INSERT INTO service_event VALUES ('ev1', 'registration', 's2', NULL, NULL, 'wang.li',"
	    " '110105', '2023-02-03T12:00:00Z', 1, '', 1), ('ev2', 'registration', 's2', NULL,"
	    " NULL, 'wang.li', '110105', '2025-05-01T12:00:00Z', 1, '', 2);"
	    "INSERT INTO employer (rid, id, uscc, name, office, created_by, registered_on, hlc)"
	    " VALUES (5, 'e1', '9111010855138508R0', '北京测试有限公司', '110105', 'wang.li',"
	    " '2024-01-01', 1);"
	    "INSERT INTO vacancy (rid, id, employer_id, occupation, title, headcount, valid_until,"
	    " office, created_by, registered_on, hlc) VALUES (9, 'v1', 'e1', '4-07', '保安员', '2',"
	    " '2099-12-31', '110105', 'wang.li', '2024-01-01', 1);"
	    "INSERT INTO outbox VALUES (1, 'vacancy', 'v1', 'insert', '{}', 1, 'now');"
	    "INSERT INTO code_list VALUES ('sex', '2024.1', 'now');", 0);
	raw_exec(path, sql);

	st = store_open(path, err, sizeof err);
	if (st == NULL)
		fail_msg("schema 1 database refused: %s", err);
	assert_int_equal(query_int(st->db, "PRAGMA user_version"), store_schema_version());
	assert_int_equal(store_integrity_check(st, err, sizeof err), 0);
	assert_int_equal(query_int(st->db, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
	/* Rows keep their rowid (the name index points at it) and their values. */
	assert_int_equal(query_int(st->db, "SELECT rid FROM employer WHERE id = 'e1' AND "
	    "uscc = '9111010855138508R0' AND name = '北京测试有限公司'"), 5);
	assert_int_equal(query_int(st->db, "SELECT rid FROM vacancy WHERE id = 'v1' AND "
	    "employer_id = 'e1' AND title = '保安员' AND deleted = 0 AND stamps = '{}'"), 9);
	assert_int_equal(query_int(st->db, "SELECT deleted FROM seeker WHERE id = 's1'"), 0);
	/* The first registration's day: the earliest the service events show, else the one held. */
	assert_int_equal(query_int(st->db, "SELECT count(*) FROM seeker WHERE "
	    "(id = 's1' AND first_registered_on = '2024-01-01') OR "
	    "(id = 's2' AND first_registered_on = '2023-02-03' AND registered_on = '2025-05-01')"), 2);
	assert_int_equal(seeker_search(st, "三丰", hits, 4, &n, NULL), 0);
	assert_int_equal(n, 1);
	assert_string_equal(hits[0].id, "s1");
	assert_int_equal(store_outbox_pending(st), 1);
	assert_int_equal(query_int(st->db, "SELECT count(*) FROM code_list "
	    "WHERE source = 'shipped'"), 1);
	/* The vacancy still needs its employer, and a tombstone may give up its USCC. */
	assert_int_not_equal(sqlite3_exec(st->db, "DELETE FROM employer WHERE id = 'e1'", NULL,
	    NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(st->db, "UPDATE employer SET uscc = NULL, deleted = 1 "
	    "WHERE id = 'e1'", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(query_int(st->db, "SELECT count(*) FROM sqlite_master WHERE "
	    "name = 'outbox_row'"), 1);
	/* The waiting change is kept whole, unsigned, and a transfer may now wait too. */
	assert_int_equal(query_int(st->db, "SELECT count(*) FROM outbox WHERE seq = 1 AND "
	    "tbl = 'vacancy' AND row_id = 'v1' AND op = 'insert' AND fields = '{}' AND "
	    "author = '' AND sig = '' AND base = '{}'"), 1);
	assert_int_equal(sqlite3_exec(st->db, "INSERT INTO outbox (seq, tbl, row_id, op, fields, "
	    "hlc, created_at) VALUES (2, 'seeker', 's1', 'transfer', '{}', 2, 'now')", NULL, NULL,
	    NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(st->db, "INSERT INTO outbox (seq, tbl, row_id, op, "
	    "fields, hlc, created_at) VALUES (3, 'seeker', 's1', 'rename', '{}', 3, 'now')", NULL,
	    NULL, NULL), SQLITE_OK);
	assert_int_equal(query_int(st->db, "SELECT count(*) FROM setting WHERE key IN "
	    "('sync_url', 'sync_token', 'pull_cursor', 'last_sync_ok', 'last_sync_error', "
	    "'first_sync_done')"), 6);
	store_close(st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_database),
		cmocka_unit_test(test_pragmas),
		cmocka_unit_test(test_reopen),
		cmocka_unit_test(test_newer_refused),
		cmocka_unit_test(test_foreign_database),
		cmocka_unit_test(test_text_file),
		cmocka_unit_test(test_empty_file),
		cmocka_unit_test(test_no_folder),
		cmocka_unit_test(test_migrate_with_data),
	};

	if (utf8_locale("test_migrations") != 0)
		return 1;
	return cmocka_run_group_tests(tests, setup, teardown);
}
