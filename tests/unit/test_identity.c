/* Replacing a provisional identity key re-derives every derived id. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "common/fields.h"
#include "core/ident.h"
#include "store/employer.h"
#include "store/vacancy.h"
#include "store/seeker.h"
#include "store/store.h"

#include "testlib.h"

/* A number from sql on a connection of its own: what the store has committed. */
static long long
committed(const char *sql)
{
	sqlite3 *db;
	long long n;

	assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
	n = query_int(db, "%s", sql);
	sqlite3_close(db);
	return n;
}

static void
test_rekey_rewrites_ids_and_references(void **state)
{
	static const char *const files[] = { "jobdesk.db", NULL };
	struct store *st;
	struct fields f = FIELDS_INIT;
	unsigned char key[IDENT_KEYLEN];
	char sid[IDENT_LEN + 1], eid[IDENT_LEN + 1], vid[IDENT_LEN + 1], want[IDENT_LEN + 1];
	char err[512], src[32], q[256];

	(void)state;
	assert_int_equal(tmpdir_make("identity"), 0);
	st = open_store_as(dbpath, "tester", "110105-001");
	fields_set(&f, "id_number", "11010519491231002X");
	fields_set(&f, "name", "张三丰");
	assert_int_equal(seeker_save(st, NULL, &f, NULL, sid, err, sizeof err), 0);
	fields_free(&f);
	fields_set(&f, "uscc", "9111010855138508R0");
	fields_set(&f, "name", "北京测试有限公司");
	assert_int_equal(employer_save(st, NULL, &f, NULL, eid, err, sizeof err), 0);
	fields_free(&f);
	fields_set(&f, "title", "保安员");
	fields_set(&f, "occupation", "4-07");
	fields_set(&f, "headcount", "2");
	fields_set(&f, "valid_until", "2099-12-31");
	assert_int_equal(vacancy_save(st, NULL, eid, &f, NULL, vid, err, sizeof err), 0);
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
	assert_int_equal(committed(q), 1);
	snprintf(q, sizeof q, "SELECT count(*) FROM outbox WHERE row_id = '%s'", sid);
	assert_int_equal(committed(q), 1);
	snprintf(q, sizeof q, "SELECT count(*) FROM outbox WHERE json_extract(fields, "
	    "'$.employer_id') = '%s'", eid);
	assert_true(committed(q) >= 2);
	snprintf(q, sizeof q, "SELECT count(*) FROM service_event WHERE seeker_id = '%s'", sid);
	assert_int_equal(committed(q), 1);
	assert_int_equal(committed("SELECT count(*) FROM pragma_foreign_key_check"), 0);
	/* The same person registered again lands on the same, re-keyed record. */
	fields_set(&f, "id_number", "11010519491231002X");
	fields_set(&f, "name", "张三丰");
	assert_int_equal(seeker_save(st, NULL, &f, NULL, want, err, sizeof err), 1);
	assert_string_equal(want, sid);
	fields_free(&f);
	/* A district key is final. */
	memset(key, 0x43, sizeof key);
	assert_int_equal(store_set_identity_key(st, key, "district", err, sizeof err), -1);
	assert_mentions(err, "provisional");
	store_close(st);
	assert_int_equal(tmpdir_remove(files), 0);
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
