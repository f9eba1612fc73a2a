/*
 * Unit tests for what imports and exports of spreadsheets use in the
 * store: code lists by name and remembered (src/store/sheet-codes.c), and
 * batches of records in one transaction (store_batch_*, src/store/db.c),
 * each record still all there or not at all, its name index too.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "common/fields.h"
#include "store/codes.h"
#include "store/seeker.h"
#include "store/sheet-codes.h"
#include "store/store-int.h"
#include "store/store.h"

#include "testlib.h"

/*
 * A list with a name two codes share (as 八里庄街道 is in two districts), a
 * deprecated one, aliases (one of them two codes share) and an English name.
 */
static const char list_tsv[] =
    "# list: place\n"
    "# version: 1\n"
    "code\tparent\tname_zh\tname_en\tdeprecated\taliases\n"
    "A\t\t东城\tDongcheng\t0\t东城区|老东城\n"
    "B1\tB\t八里庄\tBalizhuang\t0\t八里\n"
    "C1\tC\t八里庄\tBalizhuang\t0\t八里\n"
    "D\t\t旧区\tOld\t1\t\n"
    "E\t\t东城\tDongcheng again\t1\t\n"
    "F\t\t西山\tXishan\t0\t\n";

/* Remove the list file as well as the database. */
static int
group_teardown(void **state)
{
	static const char *const files[] = { "jobdesk.db", "place.tsv", NULL };

	(void)state;
	return tmpdir_remove(files);
}

/* The store of store_setup with the list loaded. */
static int
setup(void **state)
{
	char err[256];

	if (store_setup(state) != 0)
		return -1;
	return codes_load_file(*state, put("place.tsv", list_tsv), err, sizeof err) == 1 ? 0 : -1;
}

/*
 * A cell's word gives its code as the form's pickers take it (codes_resolve):
 * a whole name, an alias, an English name, the only code it matches; a
 * word of several codes is a choice (2) with those codes for the message;
 * a word of none, a deprecated code's name, another list: none. The same
 * again from memory.
 */
static void
test_resolve(void **state)
{
	struct store *st = *state;
	struct sheet_codes *sc = sheet_codes_new(st);
	char code[16], all[128];
	int pass;

	for (pass = 0; pass < 2; pass++) {
		assert_int_equal(sheet_codes_resolve(sc, "place", "东城", code, sizeof code), 1);
		assert_string_equal(code, "A");
		assert_int_equal(sheet_codes_resolve(sc, "place", "老东城", code, sizeof code), 1);
		assert_string_equal(code, "A");
		assert_int_equal(sheet_codes_resolve(sc, "place", "xishan", code, sizeof code), 1);
		assert_string_equal(code, "F");
		assert_int_equal(sheet_codes_resolve(sc, "place", "西", code, sizeof code), 1);
		assert_string_equal(code, "F");
		assert_int_equal(sheet_codes_resolve(sc, "place", "八里庄", code, sizeof code), 2);
		assert_int_equal(sheet_codes_resolve(sc, "place", "八里", code, sizeof code), 2);
		assert_int_equal(sheet_codes_resolve(sc, "place", "旧区", code, sizeof code), 0);
		assert_int_equal(sheet_codes_resolve(sc, "place", "南山", code, sizeof code), 0);
		assert_int_equal(sheet_codes_resolve(sc, "household", "东城", code, sizeof code), 0);
	}
	sheet_codes_choices(sc, "place", "八里庄", all, sizeof all);
	assert_string_equal(all, "B1 八里庄, C1 八里庄");
	sheet_codes_free(sc);
}

/* The memo answers as codes_check does, names in either language, and again from memory. */
static void
test_memo(void **state)
{
	struct store *st = *state;
	struct sheet_codes *sc = sheet_codes_new(st);
	int pass;

	for (pass = 0; pass < 2; pass++) {
		assert_int_equal(sheet_codes_check(sc, "place", "A"), 1);
		assert_int_equal(sheet_codes_check(sc, "place", "D"), 0);
		assert_int_equal(sheet_codes_check(sc, "place", "Z"), 0);
		assert_int_equal(sheet_codes_check(sc, "nolist", "A"), -1);
		assert_string_equal(sheet_codes_name(sc, "place", "B1", 1), "八里庄");
		assert_string_equal(sheet_codes_name(sc, "place", "B1", 0), "Balizhuang");
		/* A deprecated code keeps its name: old records still show it. */
		assert_string_equal(sheet_codes_name(sc, "place", "D", 1), "旧区");
		assert_null(sheet_codes_name(sc, "place", "Z", 1));
		/* The list key and the code do not run into each other. */
		assert_int_equal(sheet_codes_check(sc, "plac", "eA"), -1);
	}
	/* From memory the second time: the list's change is not seen (one import or export). */
	exec_sql(st, "UPDATE code SET deprecated = 1 WHERE list = 'place' AND code = 'A'");
	assert_int_equal(sheet_codes_check(sc, "place", "A"), 1);
	assert_int_equal(codes_check(st, "place", "A"), 0);
	sheet_codes_free(sc);
}

/* Register a seeker inside whatever transaction or batch is open; seeker_save's result. */
static int
save(struct store *st, const char *number, const char *name)
{
	struct fields f = FIELDS_INIT;
	char id[IDENT_LEN + 1], err[256];
	int rc;

	fields_set(&f, "id_number", number);
	fields_set(&f, "name", name);
	fields_set(&f, "phone", "13812345678");
	fields_set(&f, "education", "21");
	rc = seeker_save(st, NULL, &f, NULL, id, err, sizeof err);
	fields_free(&f);
	return rc;
}

/* How many seekers a name search finds. */
static size_t
found(struct store *st, const char *query)
{
	struct seeker_hit hits[8];
	size_t n = 0;

	assert_int_equal(seeker_search(st, query, hits, 8, &n, NULL), 0);
	return n;
}

/*
 * A record refused inside a batch before it writes (its name, or its
 * first write itself) leaves nothing, and the batch goes on; the others
 * commit together, their outbox sequence without a gap, their names in
 * the index.
 */
static void
test_batch_refused_record(void **state)
{
	struct store *st = *state;
	long outbox = store_outbox_last_seq(st);

	assert_int_equal(store_batch_begin(st), 0);
	/* A batch's commits do not wait for the disk (NORMAL); its last one does. */
	assert_int_equal(count(st, "PRAGMA synchronous"), 1);
	assert_int_equal(save(st, idnum("11010519900307123"), "甲乙丙"), 0);
	/* A seeker needs a name: refused before anything is written. */
	assert_int_equal(save(st, idnum("11010519900307234"), ""), -1);
	/* The record's own row refused by the database: that statement undoes itself. */
	exec_sql(st, "CREATE TEMP TRIGGER no BEFORE INSERT ON seeker WHEN NEW.name = '丁戊己' "
	    "BEGIN SELECT RAISE(ABORT, 'no'); END");
	assert_int_equal(save(st, idnum("11010519900307456"), "丁戊己"), -1);
	exec_sql(st, "DROP TRIGGER no");
	assert_int_equal(save(st, idnum("11010519900307345"), "壬癸"), 0);
	assert_int_equal(store_batch_end(st, STORE_BATCH_LAST), 0);
	/* Every save after it is durable again when it is committed (FULL). */
	assert_int_equal(count(st, "PRAGMA synchronous"), 2);

	assert_int_equal(count(st, "SELECT count(*) FROM seeker"), 2);
	assert_int_equal(found(st, "甲乙"), 1);
	assert_int_equal(found(st, "壬癸"), 1);
	/* Each record's outbox entries (itself, its registration service) and no gap. */
	assert_int_equal(store_outbox_last_seq(st), outbox + 4);
	assert_int_equal(count(st, "SELECT count(*) FROM outbox"), outbox + 4);
	assert_int_equal(count(st, "SELECT count(*) FROM audit WHERE tbl = 'seeker'"), 2);
}

/*
 * A record that fails after it began to write (its audit record, its
 * last write, fails) breaks the batch: it cannot commit, and nothing of
 * it is there, not the records before, not their names in the index;
 * the store writes on its own again afterwards.
 */
static void
test_batch_broken(void **state)
{
	struct store *st = *state;
	long outbox = store_outbox_last_seq(st);

	assert_int_equal(store_batch_begin(st), 0);
	assert_int_equal(save(st, idnum("11010519900307123"), "甲乙丙"), 0);
	exec_sql(st, "CREATE TEMP TRIGGER boom BEFORE INSERT ON audit "
	    "WHEN (SELECT count(*) FROM seeker) = 2 BEGIN SELECT RAISE(ABORT, 'boom'); END");
	assert_int_equal(save(st, idnum("11010519900307234"), "丁戊己"), -1);
	exec_sql(st, "DROP TRIGGER boom");
	assert_int_equal(save(st, idnum("11010519900307345"), "壬癸"), 0);
	assert_int_equal(store_batch_end(st, STORE_BATCH_LAST), -1);
	assert_mentions(store_errmsg(st), "boom");
	assert_int_equal(count(st, "PRAGMA synchronous"), 2);
	assert_int_equal(count(st, "SELECT count(*) FROM seeker"), 0);
	assert_int_equal(count(st, "SELECT count(*) FROM seeker_name_gram"), 0);
	assert_int_equal(store_outbox_last_seq(st), outbox);
	assert_int_equal(count(st, "SELECT count(*) FROM outbox"), outbox);
	assert_int_equal(save(st, idnum("11010519900307123"), "甲乙丙"), 0);
	assert_int_equal(found(st, "乙丙"), 1);
	assert_int_equal(store_outbox_last_seq(st), outbox + 2);
}

/* A batch rolled back leaves nothing; the store writes on its own again afterwards. */
static void
test_batch_rolled_back(void **state)
{
	struct store *st = *state;

	assert_int_equal(store_batch_begin(st), 0);
	assert_int_equal(save(st, idnum("11010519900307123"), "甲乙丙"), 0);
	assert_int_equal(store_batch_end(st, STORE_BATCH_ROLLBACK), 0);
	assert_int_equal(count(st, "PRAGMA synchronous"), 2);
	assert_int_equal(count(st, "SELECT count(*) FROM seeker"), 0);
	assert_int_equal(count(st, "SELECT count(*) FROM seeker_name_gram"), 0);
	assert_int_equal(save(st, idnum("11010519900307123"), "甲乙丙"), 0);
	assert_int_equal(found(st, "乙丙"), 1);
}

/* A name changed in the batch that registered it: the index holds the new name only. */
static void
test_batch_rename(void **state)
{
	struct store *st = *state;

	assert_int_equal(store_batch_begin(st), 0);
	assert_int_equal(save(st, idnum("11010519900307123"), "甲乙丙"), 0);
	assert_int_equal(save(st, idnum("11010519900307123"), "丁戊"), 0);
	assert_int_equal(store_batch_end(st, STORE_BATCH_LAST), 0);
	assert_int_equal(count(st, "SELECT count(*) FROM seeker"), 1);
	assert_int_equal(found(st, "甲"), 0);
	assert_int_equal(found(st, "丁戊"), 1);
}

/*
 * The CHECK constraints a batch leaves out are back after it, also for a
 * statement prepared inside it and kept.
 */
static void
test_batch_checks_back(void **state)
{
	struct store *st = *state;
	sqlite3_stmt *stmt;

	assert_int_equal(store_batch_begin(st), 0);
	assert_int_equal(save(st, idnum("11010519900307123"), "甲乙丙"), 0);
	assert_int_equal(sqlite3_prepare_v2(st->db, "UPDATE seeker SET status = ?", -1, &stmt,
	    NULL), SQLITE_OK);
	assert_int_equal(store_batch_end(st, STORE_BATCH_LAST), 0);
	sqlite3_bind_text(stmt, 1, "bogus", -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(stmt), SQLITE_CONSTRAINT_CHECK);
	sqlite3_finalize(stmt);
	assert_int_not_equal(sqlite3_exec(st->db, "UPDATE outbox SET op = 'bogus'", NULL, NULL,
	    NULL), SQLITE_OK);
	assert_int_equal(count(st, "SELECT count(*) FROM seeker WHERE status = 'registered'"), 1);
}

int
main(void)
{
#define T(f)	cmocka_unit_test_setup_teardown(f, setup, store_teardown)
	const struct CMUnitTest tests[] = {
		T(test_resolve),
		T(test_memo),
		T(test_batch_refused_record),
		T(test_batch_broken),
		T(test_batch_rolled_back),
		T(test_batch_rename),
		T(test_batch_checks_back),
	};

	return cmocka_run_group_tests(tests, store_group_setup, group_teardown);
}
