/* Replacing a provisional identity key re-derives every derived id. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "common/fields.h"
#include "core/ident.h"
#include "store/employer.h"
#include "store/seeker.h"
#include "store/store.h"

static char dir[64];

static struct store *
open_fresh(void)
{
	char path[128], err[512];
	struct store *st;

	snprintf(dir, sizeof dir, "/tmp/jobdesk-identity-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/t.db", dir);
	st = store_open(path, err, sizeof err);
	assert_non_null(st);
	store_set_actor(st, "tester", "110105-001");
	return st;
}

static long
count(const char *sql)
{
	char path[128];
	sqlite3 *db;
	sqlite3_stmt *stmt;
	long n = -1;

	snprintf(path, sizeof path, "%s/t.db", dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return n;
}

static void
cleanup(struct store *st)
{
	char cmd[160];

	store_close(st);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static void
test_rekey_rewrites_ids_and_references(void **state)
{
	struct store *st = open_fresh();
	struct fields f = FIELDS_INIT;
	unsigned char key[IDENT_KEYLEN];
	char sid[IDENT_LEN + 1], eid[IDENT_LEN + 1], vid[IDENT_LEN + 1], want[IDENT_LEN + 1];
	char err[512], src[32], q[256];

	(void)state;
	fields_set(&f, "id_number", "11010519491231002X");
	fields_set(&f, "name", "张三丰");
	assert_int_equal(seeker_save(st, NULL, &f, sid, err, sizeof err), 0);
	fields_free(&f);
	fields_set(&f, "uscc", "9111010855138508R0");
	fields_set(&f, "name", "北京测试有限公司");
	assert_int_equal(employer_save(st, NULL, &f, eid, err, sizeof err), 0);
	fields_free(&f);
	fields_set(&f, "title", "保安员");
	fields_set(&f, "occupation", "4-07");
	fields_set(&f, "headcount", "2");
	fields_set(&f, "valid_until", "2099-12-31");
	assert_int_equal(vacancy_save(st, NULL, eid, &f, vid, err, sizeof err), 0);
	fields_free(&f);

	assert_int_equal(store_identity_source(st, src, sizeof src), 0);
	assert_string_equal(src, "provisional");
	memset(key, 0x42, sizeof key);
	assert_int_equal(store_set_identity_key(st, key, "district", err, sizeof err), 0);

	ident_derive(key, "seeker", "11010519491231002X", want);
	assert_string_not_equal(want, sid);
	assert_int_equal(seeker_find_idnum(st, "11010519491231002X", sid), 1);
	assert_string_equal(sid, want);
	ident_derive(key, "employer", "9111010855138508R0", want);
	assert_int_equal(employer_find_uscc(st, "9111010855138508R0", eid), 1);
	assert_string_equal(eid, want);
	/* References follow: the vacancy, the outbox entries, the service events. */
	snprintf(q, sizeof q, "SELECT count(*) FROM vacancy WHERE employer_id = '%s'", eid);
	assert_int_equal(count(q), 1);
	snprintf(q, sizeof q, "SELECT count(*) FROM outbox WHERE row_id = '%s'", sid);
	assert_int_equal(count(q), 1);
	snprintf(q, sizeof q, "SELECT count(*) FROM outbox WHERE json_extract(fields, "
	    "'$.employer_id') = '%s'", eid);
	assert_true(count(q) >= 2);
	snprintf(q, sizeof q, "SELECT count(*) FROM service_event WHERE seeker_id = '%s'", sid);
	assert_int_equal(count(q), 1);
	assert_int_equal(count("SELECT count(*) FROM pragma_foreign_key_check"), 0);
	/* The same person registered again lands on the same, re-keyed record. */
	fields_set(&f, "id_number", "11010519491231002X");
	fields_set(&f, "name", "张三丰");
	assert_int_equal(seeker_save(st, NULL, &f, want, err, sizeof err), 1);
	assert_string_equal(want, sid);
	fields_free(&f);
	/* A district key is final. */
	memset(key, 0x43, sizeof key);
	assert_int_equal(store_set_identity_key(st, key, "district", err, sizeof err), -1);
	assert_non_null(strstr(err, "provisional"));
	cleanup(st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rekey_rewrites_ids_and_references),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests_name("identity", tests, NULL, NULL);
}
