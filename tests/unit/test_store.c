/*
 * Unit tests for the local store as the counter uses it (src/store: db.c,
 * seeker.c, employer.c, codes.c): registering job seekers, employers and
 * vacancies, finding them again, their registration lifecycle, the audit
 * trail and the code lists. Offices and accounts: test_account.c.
 *
 * The real code lists are read from $JOBDESK_TOP/db/codes (JOBDESK_TOP
 * defaults to ".", the top of the source tree).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "common/fields.h"
#include "core/check.h"
#include "core/idnum.h"
#include "core/kind.h"
#include "store/codes.h"
#include "store/employer.h"
#include "store/vacancy.h"
#include "core/kind.h"
#include "store/account.h"
#include "store/seeker.h"
#include "store/store-int.h"
#include "store/store.h"
#include "store/trail.h"

#include "testlib.h"

#define USCC_A	"91350100M000100Y43"
#define USCC_B	"91110108551385082Q"
#define USCC_C	"91440300708461136T"

static char dbpath2[128];

/* The store tests' folder, and a second database beside the first. */
static int
group_setup(void **state)
{
	if (store_group_setup(state) != 0)
		return -1;
	snprintf(dbpath2, sizeof dbpath2, "%s/other.db", tmpdir);
	return 0;
}

/* Remove both databases, the code lists the tests wrote and the folder. */
static int
group_teardown(void **state)
{
	static const char *const files[] = { "jobdesk.db", "other.db", "codes/a.tsv",
		"codes/b.tsv", "codes/c.tsv", "codes/list.tsv", "codes", NULL };

	(void)state;
	return tmpdir_remove(files);
}

/* Register (or re-register) a seeker; returns what seeker_save returned, the id in id. */
static int
save_seeker(struct store *st, const char *id, const char *number, const char *name,
    const char *phone, char out[IDENT_LEN + 1])
{
	struct fields f = FIELDS_INIT;
	char err[256] = "";
	int rc;

	if (number != NULL)
		fields_set(&f, "id_number", number);
	fields_set(&f, "name", name);
	if (phone != NULL)
		fields_set(&f, "phone", phone);
	rc = seeker_save(st, id, &f, NULL, out, err, sizeof err);
	if (rc < 0)
		fail_msg("seeker %s not saved: %s", name, err);
	fields_free(&f);
	return rc;
}

/* A seeker's whole record (audited as a view). */
static void
open_seeker(struct store *st, const char *id, struct fields *out)
{
	fields_free(out);
	assert_int_equal(seeker_open(st, id, out), 1);
}

/* Register an employer; the id into id. */
static int
save_employer(struct store *st, const char *id, const char *uscc, const char *name,
    char out[IDENT_LEN + 1], char *err, size_t errlen)
{
	struct fields f = FIELDS_INIT;
	int rc;

	if (uscc != NULL)
		fields_set(&f, "uscc", uscc);
	fields_set(&f, "name", name);
	fields_set(&f, "district", "110105");
	rc = employer_save(st, id, &f, NULL, out, err, errlen);
	fields_free(&f);
	return rc;
}

/* Save a vacancy with the given identity and headcount. */
static int
save_vacancy(struct store *st, const char *id, const char *eid, const char *title,
    const char *occupation, const char *until, const char *headcount, char out[IDENT_LEN + 1],
    char *err, size_t errlen)
{
	struct fields f = FIELDS_INIT;
	int rc;

	fields_set(&f, "title", title);
	fields_set(&f, "occupation", occupation);
	fields_set(&f, "headcount", headcount);
	fields_set(&f, "valid_until", until);
	rc = vacancy_save(st, id, eid, &f, NULL, out, err, errlen);
	fields_free(&f);
	return rc;
}

/* Today plus n days as "YYYY-MM-DD". */
static void
day(long n, char out[11])
{
	date_format(date_add_days(store_today(), n), out);
}

/* ---- Job seekers ---- */

/* Sex and birth date come from the ID number, whatever the form said. */
static void
test_seeker_derives_from_idnum(void **state)
{
	struct store *st = *state;
	struct fields f = FIELDS_INIT, rec = FIELDS_INIT;
	char id[IDENT_LEN + 1], want[IDENT_LEN + 1], err[256] = "";
	const char *male = idnum("11010519900307123"), *female = idnum("11010819851230004");

	fields_set(&f, "id_number", male);
	fields_set(&f, "name", "张三丰");
	fields_set(&f, "sex", "2");
	fields_set(&f, "birth_date", "2000-01-01");
	assert_int_equal(seeker_save(st, NULL, &f, NULL, id, err, sizeof err), 0);
	fields_free(&f);
	open_seeker(st, id, &rec);
	assert_string_equal(fields_str(&rec, "id_number"), male);
	assert_string_equal(fields_str(&rec, "sex"), "1");
	assert_string_equal(fields_str(&rec, "birth_date"), "1990-03-07");
	/* The id comes from the number under this terminal's key. */
	store_natural_id(st, kind_get(KIND_SEEKER), male, want);
	assert_string_equal(id, want);
	assert_true(ident_valid(id));

	save_seeker(st, NULL, female, "李四", NULL, id);
	open_seeker(st, id, &rec);
	assert_string_equal(fields_str(&rec, "sex"), "2");
	assert_string_equal(fields_str(&rec, "birth_date"), "1985-12-30");
	fields_free(&rec);
}

/* A number typed with a lower-case x is stored, and found, in canonical form. */
static void
test_seeker_idnum_canonical(void **state)
{
	struct store *st = *state;
	struct fields rec = FIELDS_INIT;
	char first17[18] = "11010519880101000", lower[IDNUM_LEN + 1];
	char id[IDENT_LEN + 1], found[IDENT_LEN + 1];
	int seq;

	/* Find a sequence number whose check character is X. */
	for (seq = 100; seq < 1000; seq++) {
		first17[14] = (char)('0' + seq / 100);
		first17[15] = (char)('0' + seq / 10 % 10);
		first17[16] = (char)('0' + seq % 10);
		if (idnum_check_char(first17) == 'X')
			break;
	}
	assert_int_equal(idnum_check_char(first17), 'X');
	memcpy(lower, first17, 17);
	lower[17] = 'x';
	lower[18] = '\0';
	save_seeker(st, NULL, lower, "王五", NULL, id);
	open_seeker(st, id, &rec);
	assert_string_equal(fields_str(&rec, "id_number"), idnum(first17));
	fields_free(&rec);
	assert_int_equal(seeker_find_idnum(st, idnum(first17), found), 1);
	assert_string_equal(found, id);
	/* Registering the upper-case form is the same person. */
	assert_int_equal(save_seeker(st, NULL, idnum(first17), "王五", NULL, found), 1);
	assert_string_equal(found, id);
	assert_int_equal(count(st, "SELECT count(*) FROM seeker"), 1);
}

/* Registering a number already there changes that record: one person, one record. */
static void
test_seeker_register_twice(void **state)
{
	struct store *st = *state;
	struct fields rec = FIELDS_INIT;
	char a[IDENT_LEN + 1], b[IDENT_LEN + 1];
	const char *number = idnum("11010519900307123");

	assert_int_equal(save_seeker(st, NULL, number, "张三丰", "13912345678", a), 0);
	assert_int_equal(save_seeker(st, NULL, number, "张三丰", "13800001111", b), 0);
	assert_string_equal(a, b);
	assert_int_equal(count(st, "SELECT count(*) FROM seeker"), 1);
	open_seeker(st, a, &rec);
	assert_string_equal(fields_str(&rec, "phone"), "13800001111");
	fields_free(&rec);
	/* Only one registration service was given. */
	assert_int_equal(count(st, "SELECT count(*) FROM service_event WHERE type = 'registration'"),
	    1);
	/* Seekers without an ID number are separate records. */
	save_seeker(st, NULL, NULL, "无证人员", NULL, a);
	save_seeker(st, NULL, NULL, "无证人员", NULL, b);
	assert_string_not_equal(a, b);
	assert_int_equal(count(st, "SELECT count(*) FROM seeker"), 3);
}

/* Two terminals with the same identity key give one person the same id. */
static void
test_seeker_id_across_terminals(void **state)
{
	struct store *st = *state, *other;
	char a[IDENT_LEN + 1], b[IDENT_LEN + 1], sql[256];
	char *key = st_setting_get(st, "identity_key");
	const char *number = idnum("11010519900307123");

	save_seeker(st, NULL, number, "张三丰", NULL, a);
	/* A terminal with another key: another id, the number is not guessable from it. */
	rm_db(dbpath2);
	other = open_store_as(dbpath2, "wang.li", "110105");
	save_seeker(other, NULL, number, "张三丰", NULL, b);
	assert_string_not_equal(a, b);
	store_close(other);
	/* The same deployment key: the same id. */
	rm_db(dbpath2);
	other = open_store_as(dbpath2, "wang.li", "110105");
	assert_non_null(key);
	snprintf(sql, sizeof sql, "UPDATE setting SET value = '%s' WHERE key = 'identity_key'", key);
	exec_sql(other, sql);
	store_close(other);
	other = open_store_as(dbpath2, "wang.li", "110105");
	save_seeker(other, NULL, number, "张三丰", NULL, b);
	assert_string_equal(a, b);
	store_natural_id(other, kind_get(KIND_SEEKER), number, b);
	assert_string_equal(a, b);
	store_close(other);
	free(key);
}

/*
 * A number typed wrong at registration and corrected later: the id was
 * derived from the wrong number. When the person who really has that number
 * registers, that is a new record; the first person's must not be overwritten.
 */
static void
test_seeker_corrected_number(void **state)
{
	struct store *st = *state;
	struct fields rec = FIELDS_INIT, f = FIELDS_INIT;
	char p[IDENT_LEN + 1], out[IDENT_LEN + 1], err[256] = "";
	const char *wrong = idnum("11010519900307123"), *right = idnum("11010519900307132");
	long before;

	/* The id derives from the number: an edit may not change it, nothing is written. */
	save_seeker(st, NULL, wrong, "张三丰", "13912345678", p);
	before = count(st, "SELECT count(*) FROM outbox");
	fields_set(&f, "id_number", right);
	fields_set(&f, "name", "张三丰");
	assert_int_equal(seeker_save(st, p, &f, NULL, out, err, sizeof err), -1);
	assert_mentions(err, "cannot be changed");
	assert_int_equal(count(st, "SELECT count(*) FROM outbox"), before);
	open_seeker(st, p, &rec);
	assert_string_equal(fields_str(&rec, "id_number"), wrong);
	fields_free(&rec);
	fields_free(&f);
}

/* Registering at the window never overwrites a registered person. */
static void
test_seeker_register_existing(void **state)
{
	struct store *st = *state;
	struct fields rec = FIELDS_INIT, f = FIELDS_INIT;
	char p[IDENT_LEN + 1], out[IDENT_LEN + 1], err[256] = "";
	const char *number = idnum("11010519900307123");
	long before;

	save_seeker(st, NULL, number, "张三丰", "13912345678", p);
	before = count(st, "SELECT count(*) FROM outbox");
	fields_set(&f, "id_number", number);
	fields_set(&f, "name", "李四");
	assert_int_equal(seeker_register(st, &f, NULL, out, err, sizeof err), 2);
	assert_string_equal(out, p);
	assert_mentions(err, "already registered");
	assert_int_equal(count(st, "SELECT count(*) FROM outbox"), before);
	open_seeker(st, p, &rec);
	assert_string_equal(fields_str(&rec, "name"), "张三丰");
	assert_string_equal(fields_str(&rec, "phone"), "13912345678");
	fields_free(&rec);
	fields_free(&f);
}

/* Find the hit for a name, or NULL. */
static const struct seeker_hit *
hit_named(const struct seeker_hit *hits, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(hits[i].name, name) == 0)
			return &hits[i];
	return NULL;
}

/* Search and assert the names found, in order, comma-separated. */
static void
assert_search(struct store *st, const char *query, const char *want)
{
	struct seeker_hit hits[16];
	char got[512] = "";
	size_t n, i, off = 0;

	assert_int_equal(seeker_search(st, query, hits, 16, &n, NULL), 0);
	for (i = 0; i < n; i++)
		off += (size_t)snprintf(got + off, sizeof got - off, "%s%s", i > 0 ? "," : "",
		    hits[i].name);
	if (strcmp(got, want) != 0)
		fail_msg("search \"%s\": got \"%s\", want \"%s\"", query, got, want);
}

/* The people the search tests look for. */
static void
register_people(struct store *st)
{
	char id[IDENT_LEN + 1];

	save_seeker(st, NULL, idnum("11010519900307123"), "张三丰", "13912345678", id);
	save_seeker(st, NULL, idnum("11010819851230004"), "李四", "13700000000", id);
	save_seeker(st, NULL, idnum("11022319950615002"), "欧阳娜娜", "010-65001234", id);
	save_seeker(st, NULL, idnum("13010219800101001"), "张三", "13912340000", id);
}

/* Any part of a Chinese name finds the person: one, two, three or four characters. */
static void
test_search_name(void **state)
{
	struct store *st = *state;

	register_people(st);
	/* Hits come ordered by name (张三 sorts before 张三丰). */
	assert_search(st, "张", "张三,张三丰");
	assert_search(st, "丰", "张三丰");
	assert_search(st, "娜", "欧阳娜娜");
	assert_search(st, "三丰", "张三丰");
	assert_search(st, "阳娜", "欧阳娜娜");
	assert_search(st, "张三丰", "张三丰");
	assert_search(st, "欧阳娜娜", "欧阳娜娜");
	assert_search(st, "李四", "李四");
	assert_search(st, "李四  ", "李四");
	assert_search(st, "丰三", "");
	assert_search(st, "王", "");
	assert_search(st, "", "");
	assert_search(st, "   ", "");
}

/* A renamed person is found by the new name only. */
static void
test_search_after_rename(void **state)
{
	struct store *st = *state;
	char id[IDENT_LEN + 1], out[IDENT_LEN + 1];

	save_seeker(st, NULL, idnum("11010519900307123"), "张三丰", NULL, id);
	save_seeker(st, id, idnum("11010519900307123"), "赵六", NULL, out);
	assert_search(st, "丰", "");
	assert_search(st, "张三", "");
	assert_search(st, "赵", "赵六");
	assert_search(st, "赵六", "赵六");
}

/* Digits find by ID number prefix or phone prefix; the store returns full numbers. */
static void
test_search_numbers(void **state)
{
	struct store *st = *state;
	struct seeker_hit hits[16];
	const struct seeker_hit *h;
	size_t n;

	register_people(st);
	assert_search(st, "110105", "张三丰");
	assert_search(st, "1101", "张三丰,李四");
	assert_search(st, "139123", "张三,张三丰");
	assert_search(st, "13912345", "张三丰");
	/* A landline, kept as "010-65001234", is found by the digits a clerk types. */
	assert_search(st, "01065001234", "欧阳娜娜");
	assert_search(st, "0106500", "欧阳娜娜");
	assert_search(st, "65001234", "欧阳娜娜");
	assert_search(st, "6500", "欧阳娜娜");
	assert_search(st, "010", "欧阳娜娜");
	assert_search(st, "010-", "");
	assert_search(st, "99", "");
	assert_int_equal(seeker_search(st, "1101051990", hits, 16, &n, NULL), 0);
	assert_int_equal(n, 1);
	/* Masking for display is the screen's job: the store gives the whole number. */
	assert_string_equal(hits[0].id_number, idnum("11010519900307123"));
	assert_string_equal(hits[0].phone, "13912345678");
	assert_string_equal(hits[0].birth_date, "1990-03-07");
	assert_string_equal(hits[0].status, "registered");
	assert_true(ident_valid(hits[0].id));
	/* A whole number, once in the ID and once in the phone list, is one hit. */
	assert_int_equal(seeker_search(st, idnum("11010519900307123"), hits, 16, &n, NULL), 0);
	assert_int_equal(n, 1);
	/* The most hits asked for. */
	assert_int_equal(seeker_search(st, "1", hits, 2, &n, NULL), 0);
	assert_int_equal(n, 2);
	assert_int_equal(seeker_search(st, "张", hits, 1, &n, NULL), 0);
	assert_int_equal(n, 1);
	h = hit_named(hits, n, "张三");
	assert_non_null(h);
}

/* The last four characters of a number, as the list shows it masked. */
static const char *
tail4(const char *number)
{
	return number + strlen(number) - 4;
}

/*
 * 尾号: the last 4 to 8 digits of a phone or an ID number (an X for its
 * last) find the person, listed before the numbers that begin with them;
 * the masked number in the list shows the digits the clerk asked for.
 */
static void
test_search_tail(void **state)
{
	struct store *st = *state;
	const char *zhang = idnum("11010519900307123"), *wu = idnum("11010519491231002");
	struct seeker_hit hits[16];
	char id[IDENT_LEN + 1], loser[IDENT_LEN + 1], err[256], masked[24];
	size_t n, found;

	register_people(st);
	save_seeker(st, NULL, wu, "吴用", "13900001101", id);
	/* Phones: a mobile, two that end alike, a landline kept as "010-65001234". */
	assert_search(st, "5678", "张三丰");
	assert_search(st, "345678", "张三丰");
	assert_search(st, "0000", "李四,张三");
	assert_search(st, "1234", "欧阳娜娜");
	assert_search(st, "65001234", "欧阳娜娜");
	/* ID numbers, the last character X typed either way. */
	assert_string_equal(tail4(wu), "002X");
	assert_search(st, "002X", "吴用");
	assert_search(st, "002x", "吴用");
	assert_search(st, "1231002x", "吴用");
	assert_search(st, tail4(zhang), "张三丰");
	/* The last digits first, then the ID numbers beginning with them. */
	assert_search(st, "1101", "吴用,张三丰,李四");
	/* Fewer than 4 or more than 8 are the beginning of a number only. */
	assert_search(st, "678", "");
	assert_search(st, "912345678", "");
	assert_int_equal(seeker_search(st, "002X", hits, 16, &n, &found), 0);
	assert_int_equal(n, 1);
	assert_int_equal(found, 1);
	idnum_mask(hits[0].id_number, masked, sizeof masked);
	assert_string_equal(masked, "110105********002X");

	/* A record merged away is no longer found by its numbers. */
	save_seeker(st, NULL, NULL, "吴用", "13600007777", loser);
	assert_int_equal(seeker_search(st, "7777", hits, 16, &n, NULL), 0);
	assert_int_equal(n, 1);
	assert_string_equal(hits[0].id, loser);
	if (seeker_merge(st, loser, id, err, sizeof err) != 0)
		fail_msg("merge: %s", err);
	assert_search(st, "7777", "");
	assert_search(st, "13600007777", "");
}

/*
 * The found count: when the list is cut, how many seekers the search
 * finds in all, up to STORE_FOUND_MAX and then "more than"; records
 * merged away or removed are never counted.
 */
static void
test_search_found(void **state)
{
	static const char *const names[] = {
		"王一", "王二", "王三", "王四", "王五", "王六", "王七"
	};
	struct store *st = *state;
	struct seeker_hit hits[16];
	char ids[7][IDENT_LEN + 1], phone[16], err[256];
	size_t n, found, i;

	for (i = 0; i < 7; i++) {
		snprintf(phone, sizeof phone, "1390000%04zu", i);
		save_seeker(st, NULL, NULL, names[i], phone, ids[i]);
	}
	/* A list that holds everything found says so. */
	assert_int_equal(seeker_search(st, "王", hits, 16, &n, &found), 0);
	assert_int_equal(n, 7);
	assert_int_equal(found, 7);
	/* A cut list: by a name, by the beginning of a number. */
	assert_int_equal(seeker_search(st, "王", hits, 4, &n, &found), 0);
	assert_int_equal(n, 4);
	assert_int_equal(found, 7);
	assert_int_equal(seeker_search(st, "1390000", hits, 4, &n, &found), 0);
	assert_int_equal(n, 4);
	assert_int_equal(found, 7);
	assert_int_equal(seeker_search(st, "王五", hits, 4, &n, &found), 0);
	assert_int_equal(n, 1);
	assert_int_equal(found, 1);
	/* One merged into another is counted no more. */
	if (seeker_merge(st, ids[1], ids[0], err, sizeof err) != 0)
		fail_msg("merge: %s", err);
	assert_int_equal(seeker_search(st, "王", hits, 4, &n, &found), 0);
	assert_int_equal(found, 6);
	assert_int_equal(seeker_search(st, "1390000", hits, 4, &n, &found), 0);
	assert_int_equal(found, 6);
	/* A tombstone that kept its phone (a pull's duplicate gives up only its number). */
	exec_sql(st, "UPDATE seeker SET deleted = 1 WHERE phone = '13900000003'");
	assert_int_equal(seeker_search(st, "1390000", hits, 4, &n, &found), 0);
	assert_int_equal(found, 5);

	/* A thousand is counted; past that, "more than". */
	exec_sql(st, "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c "
	    "WHERE i < 1000) INSERT INTO seeker (id, name, phone, registered_on, valid_until, "
	    "office, created_by, hlc) SELECT printf('many-%05d', i), '赵', "
	    "printf('137%08d', i), '2024-01-01', '2099-12-31', '110105', 'wang.li', 1 FROM c");
	assert_int_equal(seeker_search(st, "137", hits, 16, &n, &found), 0);
	assert_int_equal(n, 16);
	assert_int_equal(found, STORE_FOUND_MAX);
	exec_sql(st, "INSERT INTO seeker (id, name, phone, registered_on, valid_until, office, "
	    "created_by, hlc) VALUES ('many-01001', '赵', '13700001001', '2024-01-01', "
	    "'2099-12-31', '110105', 'wang.li', 1)");
	assert_int_equal(seeker_search(st, "137", hits, 16, &n, &found), 0);
	assert_int_equal(found, STORE_FOUND_MAX + 1);
}

/* The same name and birth date: perhaps one person registered twice. */
static void
test_similar(void **state)
{
	struct store *st = *state;
	struct seeker_hit hits[4];
	char a[IDENT_LEN + 1], b[IDENT_LEN + 1], c[IDENT_LEN + 1];
	size_t n;

	save_seeker(st, NULL, idnum("11010519900307123"), "李四", NULL, a);
	save_seeker(st, NULL, idnum("13010219900307456"), "李四", NULL, b);
	save_seeker(st, NULL, idnum("11010519900308123"), "李四", NULL, c);
	assert_int_equal(seeker_similar(st, "李四", "1990-03-07", a, hits, 4, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(hits[0].id, b);
	assert_int_equal(seeker_similar(st, "李四", "1990-03-07", NULL, hits, 4, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(seeker_similar(st, "李三", "1990-03-07", NULL, hits, 4, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(seeker_similar(st, "李四", "1990-03-09", NULL, hits, 4, &n), 0);
	assert_int_equal(n, 0);
}

/* A registration lasts the configured days; renewing starts a new period from today. */
static void
test_renew(void **state)
{
	struct store *st = *state;
	struct fields rec = FIELDS_INIT;
	char id[IDENT_LEN + 1], want[11], err[256] = "";

	assert_int_equal(store_registration_days(st), 90);
	save_seeker(st, NULL, idnum("11010519900307123"), "张三丰", NULL, id);
	open_seeker(st, id, &rec);
	assert_string_equal(fields_str(&rec, "status"), "registered");
	day(0, want);
	assert_string_equal(fields_str(&rec, "registered_on"), want);
	day(90, want);
	assert_string_equal(fields_str(&rec, "valid_until"), want);
	assert_string_equal(fields_str(&rec, "office"), "110105");
	assert_string_equal(fields_str(&rec, "created_by"), "wang.li");

	/* Expired last month, renewed today for 30 days. */
	exec_sql(st, "UPDATE seeker SET valid_until = '2020-01-31'");
	store_set_registration_days(st, 30);
	assert_int_equal(seeker_renew(st, id, err, sizeof err), 0);
	open_seeker(st, id, &rec);
	assert_string_equal(fields_str(&rec, "status"), "renewed");
	day(30, want);
	assert_string_equal(fields_str(&rec, "valid_until"), want);
	day(0, want);
	assert_string_equal(fields_str(&rec, "registered_on"), want);
	fields_free(&rec);
	assert_int_equal(count(st, "SELECT count(*) FROM service_event WHERE type = 'renewal' "
	    "AND seeker_id = '%s'", id), 1);
}

/* Withdrawing needs a reason; "placed" closes as placed; a closed one stays closed. */
static void
test_withdraw(void **state)
{
	struct store *st = *state;
	struct fields rec = FIELDS_INIT;
	char a[IDENT_LEN + 1], b[IDENT_LEN + 1], missing[IDENT_LEN + 1], err[256] = "";

	save_seeker(st, NULL, idnum("11010519900307123"), "张三丰", NULL, a);
	save_seeker(st, NULL, idnum("11010819851230004"), "李四", NULL, b);
	assert_int_equal(seeker_withdraw(st, a, "", err, sizeof err), -1);
	assert_mentions(err, "reason");
	assert_int_equal(seeker_withdraw(st, a, NULL, err, sizeof err), -1);
	open_seeker(st, a, &rec);
	assert_string_equal(fields_str(&rec, "status"), "registered");

	assert_int_equal(seeker_withdraw(st, a, "moved", err, sizeof err), 0);
	open_seeker(st, a, &rec);
	assert_string_equal(fields_str(&rec, "status"), "withdrawn");
	assert_string_equal(fields_str(&rec, "withdraw_reason"), "moved");
	assert_int_equal(seeker_withdraw(st, a, "request", err, sizeof err), -1);
	assert_mentions(err, "already closed");
	open_seeker(st, a, &rec);
	assert_string_equal(fields_str(&rec, "withdraw_reason"), "moved");

	assert_int_equal(seeker_withdraw(st, b, "placed", err, sizeof err), 0);
	open_seeker(st, b, &rec);
	assert_string_equal(fields_str(&rec, "status"), "placed");
	fields_free(&rec);

	store_new_id(missing);
	assert_int_equal(seeker_withdraw(st, missing, "moved", err, sizeof err), -1);
	assert_mentions(err, "not found");
}

/*
 * A person withdrawn who comes back with the same ID number registers
 * again: the registration now open is today's, the first one's day stays
 * on the record and in its history; the record's own history calls it a
 * registration again. One the district sent without the first day takes
 * it from the registration it closes. A merge keeps the earlier first day.
 */
static void
test_reregister_keeps_first(void **state)
{
	struct store *st = *state;
	struct fields rec = FIELDS_INIT;
	struct record_trail trail;
	char id[IDENT_LEN + 1], other[IDENT_LEN + 1], today[11], err[256] = "";

	day(0, today);
	save_seeker(st, NULL, idnum("11010519900307123"), "张三丰", NULL, id);
	open_seeker(st, id, &rec);
	assert_string_equal(fields_str(&rec, "first_registered_on"), today);
	/* Registered in March 2024, withdrawn since. */
	exec_sql(st, "UPDATE seeker SET registered_on = '2024-03-01', "
	    "first_registered_on = '2024-03-01'");
	assert_int_equal(seeker_withdraw(st, id, "moved", err, sizeof err), 0);
	/* The same ID number registered again: the record that is there. */
	assert_int_equal(seeker_find_idnum(st, idnum("11010519900307123"), other), 1);
	assert_string_equal(other, id);
	assert_int_equal(seeker_renew(st, id, err, sizeof err), 0);
	open_seeker(st, id, &rec);
	assert_string_equal(fields_str(&rec, "status"), "registered");
	assert_string_equal(fields_str(&rec, "registered_on"), today);
	assert_string_equal(fields_str(&rec, "first_registered_on"), "2024-03-01");
	assert_int_equal(store_record_trail(st, KIND_SEEKER, id, &trail), 1);
	assert_string_equal(trail.first_registered_on, "2024-03-01");
	assert_string_equal(trail.registered_on, today);
	assert_string_equal(trail.events[1].action, "reregister");
	store_record_trail_free(&trail);

	/* Without the first day (an older record): the day of the registration it closes. */
	exec_sql(st, "UPDATE seeker SET registered_on = '2025-06-01', first_registered_on = ''");
	assert_int_equal(seeker_withdraw(st, id, "request", err, sizeof err), 0);
	assert_int_equal(seeker_renew(st, id, err, sizeof err), 0);
	open_seeker(st, id, &rec);
	assert_string_equal(fields_str(&rec, "registered_on"), today);
	assert_string_equal(fields_str(&rec, "first_registered_on"), "2025-06-01");

	/* A record of the same person registered earlier, without the number, merged in. */
	save_seeker(st, NULL, NULL, "张三丰", "13600001111", other);
	exec_sql(st, "UPDATE seeker SET first_registered_on = '2022-07-01' WHERE phone = "
	    "'13600001111'");
	if (seeker_merge(st, other, id, err, sizeof err) != 0)
		fail_msg("merge: %s", err);
	open_seeker(st, id, &rec);
	assert_string_equal(fields_str(&rec, "first_registered_on"), "2022-07-01");
	fields_free(&rec);
}

/* What the clerk sees: a registration past its date is expired, a closed one stays closed. */
/* The status a clerk sees of a seeker's registration. */
static const char *
effective(const char *status, const char *valid_until, int today)
{
	return kind_effective_status(kind_get(KIND_SEEKER), status, valid_until, today);
}

static void
test_effective_status(void **state)
{
	struct store *st = *state;
	struct seeker_hit hits[4];
	char id[IDENT_LEN + 1], yesterday[11], sql[128];
	size_t n;

	assert_string_equal(effective("registered", "2024-05-31", 20240601), "expired");
	assert_string_equal(effective("renewed", "2024-05-31", 20240601), "expired");
	/* Valid through the last day. */
	assert_string_equal(effective("registered", "2024-06-01", 20240601), "registered");
	assert_string_equal(effective("renewed", "2025-01-01", 20240601), "renewed");
	assert_string_equal(effective("withdrawn", "2020-01-01", 20240601), "withdrawn");
	assert_string_equal(effective("placed", "2020-01-01", 20240601), "placed");

	save_seeker(st, NULL, idnum("11010519900307123"), "张三丰", NULL, id);
	day(-1, yesterday);
	snprintf(sql, sizeof sql, "UPDATE seeker SET valid_until = '%s'", yesterday);
	exec_sql(st, sql);
	assert_int_equal(seeker_search(st, "张三丰", hits, 4, &n, NULL), 0);
	assert_int_equal(n, 1);
	assert_string_equal(hits[0].status, "expired");
	assert_string_equal(hits[0].valid_until, yesterday);
}

/* Who created, viewed and changed which record; ids only, never the person's data. */
static void
test_audit(void **state)
{
	struct store *st = *state;
	struct fields rec = FIELDS_INIT;
	char id[IDENT_LEN + 1], out[IDENT_LEN + 1];
	const char *number = idnum("11010519900307123");

	save_seeker(st, NULL, number, "张三丰", "13912345678", id);
	assert_int_equal(count(st, "SELECT count(*) FROM audit WHERE tbl = 'seeker' AND "
	    "record_id = '%s' AND action = 'create' AND clerk = 'wang.li' AND terminal = '%s'",
	    id, store_terminal(st)), 1);
	open_seeker(st, id, &rec);
	fields_free(&rec);
	assert_int_equal(count(st, "SELECT count(*) FROM audit WHERE record_id = '%s' AND "
	    "action = 'view'", id), 1);
	save_seeker(st, id, number, "张三丰", "13800001111", out);
	assert_int_equal(count(st, "SELECT count(*) FROM audit WHERE record_id = '%s' AND "
	    "action = 'update'", id), 1);
	/* An unchanged save is not an update. */
	save_seeker(st, id, number, "张三丰", "13800001111", out);
	assert_int_equal(count(st, "SELECT count(*) FROM audit WHERE action = 'update'"), 1);
	/* Nothing personal in the audit trail. */
	assert_int_equal(count(st, "SELECT count(*) FROM audit WHERE tbl <> 'office' AND "
	    "(record_id LIKE '%%%s%%' OR action LIKE '%%张%%' OR record_id LIKE '%%1380000%%')",
	    "110105"), 0);
	/* Another clerk's view is recorded under that clerk. */
	store_set_actor(st, "li.na", "110105");
	open_seeker(st, id, &rec);
	fields_free(&rec);
	assert_int_equal(count(st, "SELECT count(*) FROM audit WHERE record_id = '%s' AND "
	    "action = 'view' AND clerk = 'li.na'", id), 1);
}

/* ---- Employers and vacancies ---- */

/* One employer per USCC: registering it again changes that employer. */
static void
test_employer_uscc_unique(void **state)
{
	struct store *st = *state;
	struct fields rec = FIELDS_INIT;
	char a[IDENT_LEN + 1], b[IDENT_LEN + 1], out[IDENT_LEN + 1], want[IDENT_LEN + 1];
	char err[256] = "";

	assert_int_equal(save_employer(st, NULL, USCC_A, "甲公司", a, err, sizeof err), 0);
	store_natural_id(st, kind_get(KIND_EMPLOYER), USCC_A, want);
	assert_string_equal(a, want);
	assert_int_equal(save_employer(st, NULL, USCC_A, "甲有限公司", out, err, sizeof err), 0);
	assert_string_equal(out, a);
	assert_int_equal(count(st, "SELECT count(*) FROM employer"), 1);
	assert_int_equal(employer_open(st, a, &rec), 1);
	assert_string_equal(fields_str(&rec, "name"), "甲有限公司");
	assert_string_equal(fields_str(&rec, "status"), "active");
	fields_free(&rec);

	assert_int_equal(save_employer(st, NULL, USCC_B, "乙公司", b, err, sizeof err), 0);
	assert_string_not_equal(a, b);
	/* B cannot take A's code, nor change its own. */
	assert_int_equal(save_employer(st, b, USCC_A, "乙公司", out, err, sizeof err), -1);
	assert_mentions(err, "cannot be changed");
	/* Registering A again at the window writes nothing and names A. */
	{
		struct fields f = FIELDS_INIT;

		fields_set(&f, "uscc", USCC_A);
		fields_set(&f, "name", "冒名公司");
		assert_int_equal(employer_register(st, &f, NULL, out, err, sizeof err), 2);
		assert_string_equal(out, a);
		fields_free(&f);
	}
	assert_int_equal(employer_open(st, b, &rec), 1);
	assert_string_equal(fields_str(&rec, "uscc"), USCC_B);
	fields_free(&rec);
	/* A registration needs both name and code. */
	assert_int_equal(save_employer(st, NULL, NULL, "丙公司", out, err, sizeof err), -1);
	assert_mentions(err, "USCC");
	assert_int_equal(save_employer(st, NULL, USCC_C, "", out, err, sizeof err), -1);
	assert_int_equal(count(st, "SELECT count(*) FROM employer"), 2);
}

/* Employers are found by code prefix (any case) or a part of the name. */
static void
test_employer_search(void **state)
{
	struct store *st = *state;
	struct employer_hit hits[8];
	char a[IDENT_LEN + 1], b[IDENT_LEN + 1], v[IDENT_LEN + 1], err[256] = "";
	size_t n, found;

	save_employer(st, NULL, USCC_A, "北京某某餐饮有限公司", a, err, sizeof err);
	save_employer(st, NULL, USCC_B, "北京某某科技有限公司", b, err, sizeof err);
	assert_int_equal(save_vacancy(st, NULL, a, "厨师", "4-03-02-01", "2099-12-31", "2", v,
	    err, sizeof err), 0);
	assert_int_equal(employer_search(st, "餐饮", hits, 8, &n, NULL), 0);
	assert_int_equal(n, 1);
	assert_string_equal(hits[0].id, a);
	assert_int_equal(hits[0].open_vacancies, 1);
	assert_int_equal(employer_search(st, "某某", hits, 8, &n, NULL), 0);
	assert_int_equal(n, 2);
	assert_int_equal(employer_search(st, "91350100m", hits, 8, &n, NULL), 0);
	assert_int_equal(n, 1);
	assert_string_equal(hits[0].uscc, USCC_A);
	assert_int_equal(employer_search(st, "上海", hits, 8, &n, NULL), 0);
	assert_int_equal(n, 0);
	/* The count when the list is cut; one that holds all says as much. */
	save_employer(st, NULL, USCC_C, "深圳某某物流有限公司", v, err, sizeof err);
	assert_int_equal(employer_search(st, "某某", hits, 2, &n, &found), 0);
	assert_int_equal(n, 2);
	assert_int_equal(found, 3);
	assert_int_equal(employer_search(st, "某某", hits, 8, &n, &found), 0);
	assert_int_equal(found, 3);
	assert_int_equal(employer_search(st, "物流", hits, 1, &n, &found), 0);
	assert_int_equal(found, 1);
}

/* A vacancy registered again with the same employer, title, occupation and date is the same. */
static void
test_vacancy_identity(void **state)
{
	struct store *st = *state;
	struct fields rec = FIELDS_INIT;
	struct vacancy_hit vh[8];
	char e[IDENT_LEN + 1], e2[IDENT_LEN + 1], v1[IDENT_LEN + 1], v2[IDENT_LEN + 1];
	char err[256] = "";
	size_t n;

	save_employer(st, NULL, USCC_A, "甲公司", e, err, sizeof err);
	save_employer(st, NULL, USCC_B, "乙公司", e2, err, sizeof err);
	assert_int_equal(save_vacancy(st, NULL, e, "厨师", "4-03-02-01", "2099-12-31", "2", v1,
	    err, sizeof err), 0);
	/* The same: unchanged. */
	assert_int_equal(save_vacancy(st, NULL, e, "厨师", "4-03-02-01", "2099-12-31", "2", v2,
	    err, sizeof err), 1);
	assert_string_equal(v1, v2);
	/* The same with another headcount: that vacancy, changed. */
	assert_int_equal(save_vacancy(st, NULL, e, "厨师", "4-03-02-01", "2099-12-31", "4", v2,
	    err, sizeof err), 0);
	assert_string_equal(v1, v2);
	assert_int_equal(vacancy_open(st, v1, &rec), 1);
	assert_string_equal(fields_str(&rec, "headcount"), "4");
	assert_string_equal(fields_str(&rec, "employer_id"), e);
	fields_free(&rec);
	assert_int_equal(count(st, "SELECT count(*) FROM vacancy"), 1);
	/* Any part of the identity different: another vacancy. */
	assert_int_equal(save_vacancy(st, NULL, e, "厨师", "4-03-02-01", "2099-06-30", "4", v2,
	    err, sizeof err), 0);
	assert_string_not_equal(v1, v2);
	assert_int_equal(save_vacancy(st, NULL, e, "面点师", "4-03-02-01", "2099-12-31", "4", v2,
	    err, sizeof err), 0);
	assert_string_not_equal(v1, v2);
	assert_int_equal(save_vacancy(st, NULL, e, "厨师", "4-03-02-02", "2099-12-31", "4", v2,
	    err, sizeof err), 0);
	assert_string_not_equal(v1, v2);
	assert_int_equal(save_vacancy(st, NULL, e2, "厨师", "4-03-02-01", "2099-12-31", "4", v2,
	    err, sizeof err), 0);
	assert_string_not_equal(v1, v2);
	assert_int_equal(count(st, "SELECT count(*) FROM vacancy"), 5);
	/* Once filled, the same again is a new opening. */
	assert_int_equal(vacancy_set_status(st, v1, "filled", NULL, err, sizeof err), 0);
	assert_int_equal(save_vacancy(st, NULL, e, "厨师", "4-03-02-01", "2099-12-31", "4", v2,
	    err, sizeof err), 0);
	assert_string_not_equal(v1, v2);
	/* Withdrawing needs a reason; a closed vacancy stays closed. */
	assert_int_equal(vacancy_set_status(st, v2, "withdrawn", "", err, sizeof err), -1);
	assert_mentions(err, "reason");
	assert_int_equal(vacancy_set_status(st, v1, "closed", NULL, err, sizeof err), -1);
	assert_mentions(err, "already closed");
	/* The employer's list: open ones first, the filled one last. */
	assert_int_equal(vacancy_list(st, e, vh, 8, &n), 0);
	assert_int_equal(n, 5);
	assert_string_equal(vh[n - 1].id, v1);
	assert_string_equal(vh[n - 1].status, "filled");
	assert_string_equal(vh[0].status, "open");
	/* From the window a new vacancy is always a record of its own, even one like another. */
	{
		struct fields f = FIELDS_INIT;
		char v3[IDENT_LEN + 1];
		long long before = count(st, "SELECT count(*) FROM vacancy");

		fields_set(&f, "title", "厨师");
		fields_set(&f, "occupation", "4-03-02-01");
		fields_set(&f, "headcount", "4");
		fields_set(&f, "valid_until", "2099-12-31");
		assert_int_equal(vacancy_register(st, e, &f, NULL, v3, err, sizeof err), 0);
		assert_string_not_equal(v3, v1);
		assert_int_equal(count(st, "SELECT count(*) FROM vacancy"), before + 1);
		fields_free(&f);
	}
}

/* Vacancies need a registered, active employer. */
static void
test_vacancy_needs_employer(void **state)
{
	struct store *st = *state;
	struct vacancy_hit vh[4];
	char e[IDENT_LEN + 1], v[IDENT_LEN + 1], missing[IDENT_LEN + 1], err[256] = "";
	size_t n;

	store_new_id(missing);
	assert_int_equal(save_vacancy(st, NULL, missing, "厨师", "4-03-02-01", "2099-12-31", "2",
	    v, err, sizeof err), -1);
	assert_mentions(err, "not registered");
	save_employer(st, NULL, USCC_A, "甲公司", e, err, sizeof err);
	assert_int_equal(employer_withdraw(st, e, "", err, sizeof err), -1);
	assert_int_equal(employer_withdraw(st, e, "closed", err, sizeof err), 0);
	assert_int_equal(save_vacancy(st, NULL, e, "厨师", "4-03-02-01", "2099-12-31", "2", v,
	    err, sizeof err), -1);
	assert_mentions(err, "withdrawn");
	assert_int_equal(count(st, "SELECT count(*) FROM vacancy"), 0);
	assert_int_equal(vacancy_list(st, e, vh, 4, &n), 0);
	assert_int_equal(n, 0);
}

/* An open vacancy past its date shows as expired. */
static void
test_vacancy_expired(void **state)
{
	struct store *st = *state;
	struct vacancy_hit vh[4];
	char e[IDENT_LEN + 1], v[IDENT_LEN + 1], yesterday[11], today[11], err[256] = "";
	size_t n;

	save_employer(st, NULL, USCC_A, "甲公司", e, err, sizeof err);
	day(-1, yesterday);
	day(0, today);
	assert_int_equal(save_vacancy(st, NULL, e, "厨师", "4-03-02-01", yesterday, "2", v, err,
	    sizeof err), 0);
	assert_int_equal(save_vacancy(st, NULL, e, "保洁员", "4-10-01-01", today, "2", v, err,
	    sizeof err), 0);
	assert_int_equal(vacancy_list(st, e, vh, 4, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(vh[0].title, "保洁员");
	assert_string_equal(vh[0].status, "open");
	assert_string_equal(vh[1].title, "厨师");
	assert_string_equal(vh[1].status, "expired");
}

/* Register a vacancy in a district; its id into out. */
static void
put_vacancy(struct store *st, const char *eid, const char *title, const char *occupation,
    const char *district, const char *headcount, char out[IDENT_LEN + 1])
{
	struct fields f = FIELDS_INIT;
	char until[11], err[256] = "";

	day(30, until);
	fields_set(&f, "title", title);
	fields_set(&f, "occupation", occupation);
	fields_set(&f, "district", district);
	fields_set(&f, "headcount", headcount);
	fields_set(&f, "valid_until", until);
	if (vacancy_register(st, eid, &f, NULL, out, err, sizeof err) != 0)
		fail_msg("vacancy %s not saved: %s", title, err);
	fields_free(&f);
}

/* Search every employer's vacancies and assert the titles found, in order, comma-separated. */
static void
assert_vacancies(struct store *st, const char *text, const char *district, int open_only,
    const char *want)
{
	struct vacancy_query q = { .text = text, .district = district, .open_only = open_only };
	struct vacancy_hit hits[8];
	char got[512] = "";
	size_t n, i, off = 0, found;

	assert_int_equal(vacancy_search(st, &q, hits, 8, &n, &found), 0);
	assert_int_equal(found, n);
	for (i = 0; i < n; i++)
		off += (size_t)snprintf(got + off, sizeof got - off, "%s%s", i > 0 ? "," : "",
		    hits[i].title);
	if (strcmp(got, want) != 0)
		fail_msg("vacancies \"%s\" in \"%s\"%s: got \"%s\", want \"%s\"", text, district,
		    open_only ? " open" : "", got, want);
}

/*
 * The vacancies of every employer: by a part of the title or an
 * occupation's code or name, by region (a district with its streets),
 * open ones only (not expired, not filled by status or by hires) or all;
 * each with its employer, counted when the list is cut.
 */
static void
test_vacancy_search(void **state)
{
	struct store *st = *state;
	struct vacancy_query q = { .text = "", .open_only = 0 };
	struct vacancy_hit hits[8];
	char a[IDENT_LEN + 1], b[IDENT_LEN + 1], v[IDENT_LEN + 1], night[IDENT_LEN + 1];
	char path[512], err[256] = "";
	size_t n, found;

	snprintf(path, sizeof path, "%s/db/codes/occupation.tsv", top());
	assert_int_equal(codes_load_file(st, path, err, sizeof err), 1);
	snprintf(path, sizeof path, "%s/db/codes/region.tsv", top());
	assert_int_equal(codes_load_file(st, path, err, sizeof err), 1);
	save_employer(st, NULL, USCC_A, "朝阳财务咨询有限公司", a, err, sizeof err);
	save_employer(st, NULL, USCC_B, "海淀便利店有限公司", b, err, sizeof err);
	put_vacancy(st, a, "出纳", "2-06-03", "110105", "1", v);
	put_vacancy(st, a, "审计员", "2-06-03", "110105001", "1", v);
	put_vacancy(st, b, "收银员", "4-01-02", "110108012", "3", v);
	put_vacancy(st, b, "理货员", "4-01-02", "110108", "2", v);
	put_vacancy(st, b, "夜班收银员", "4-01-02", "110108", "1", night);

	assert_vacancies(st, "", "", 1, "出纳,夜班收银员,审计员,收银员,理货员");
	/* 收银 is a word of the occupation 4-01-02 (its aliases): all its vacancies come too. */
	assert_vacancies(st, "收银", "", 1, "夜班收银员,收银员,理货员");
	/* An occupation by a part of its name (会计专业人员), by the start of its code. */
	assert_vacancies(st, "会计", "", 1, "出纳,审计员");
	assert_vacancies(st, "4-01", "", 1, "夜班收银员,收银员,理货员");
	assert_vacancies(st, "sales", "", 1, "夜班收银员,收银员,理货员");
	/* A district takes in its streets; a street is itself only. */
	assert_vacancies(st, "", "朝阳区", 1, "出纳,审计员");
	assert_vacancies(st, "", "建外", 1, "审计员");
	assert_vacancies(st, "", "海淀", 1, "夜班收银员,收银员,理货员");
	assert_vacancies(st, "", "110108", 1, "夜班收银员,收银员,理货员");
	assert_vacancies(st, "", "110108012", 1, "收银员");
	assert_vacancies(st, "", "无此地", 1, "");
	assert_vacancies(st, "收银", "海淀街道", 1, "收银员");

	/* Withdrawn, closed filled, filled by its hires, expired: not open, but among all. */
	assert_int_equal(vacancy_set_status(st, v, "withdrawn", "cancelled", err, sizeof err), 0);
	assert_int_equal(vacancy_set_status(st, night, "filled", "", err, sizeof err), 0);
	exec_sql(st, "UPDATE vacancy SET hired = 3 WHERE title = '收银员'");
	exec_sql(st, "UPDATE vacancy SET valid_until = '2020-01-31' WHERE title = '出纳'");
	assert_vacancies(st, "", "", 1, "审计员");
	assert_vacancies(st, "", "", 0, "出纳,夜班收银员,审计员,收银员,理货员");
	assert_int_equal(vacancy_search(st, &q, hits, 8, &n, &found), 0);
	assert_string_equal(hits[0].status, "expired");
	assert_string_equal(hits[1].status, "filled");
	assert_string_equal(hits[2].status, "open");
	assert_string_equal(hits[3].status, "filled");
	assert_string_equal(hits[4].status, "withdrawn");
	/* Each with its employer; a cut list with its count. */
	assert_string_equal(hits[3].employer_id, b);
	assert_string_equal(hits[3].employer_name, "海淀便利店有限公司");
	assert_string_equal(hits[3].district, "110108012");
	assert_int_equal(vacancy_search(st, &q, hits, 2, &n, &found), 0);
	assert_int_equal(n, 2);
	assert_int_equal(found, 5);
}

/* An employer's vacancies carry their occupation's names, for a list that shows them. */
static void
test_vacancy_list_names(void **state)
{
	struct store *st = *state;
	struct vacancy_hit vh[4];
	char e[IDENT_LEN + 1], v[IDENT_LEN + 1], today[11], path[512], err[256] = "";
	size_t n, i;

	snprintf(path, sizeof path, "%s/db/codes/occupation.tsv", top());
	assert_true(codes_load_file(st, path, err, sizeof err) >= 0);
	save_employer(st, NULL, USCC_A, "甲公司", e, err, sizeof err);
	day(0, today);
	assert_int_equal(save_vacancy(st, NULL, e, "厨师", "4-03-02-01", today, "2", v, err,
	    sizeof err), 0);
	assert_int_equal(save_vacancy(st, NULL, e, "收银", "4-99-99-99", today, "1", v, err,
	    sizeof err), 0);
	assert_int_equal(vacancy_list(st, e, vh, 4, &n), 0);
	assert_int_equal(n, 2);
	/* Both open until today: their order is not the point. */
	i = strcmp(vh[0].title, "厨师") == 0 ? 0 : 1;
	assert_string_equal(vh[i].occupation, "4-03-02-01");
	assert_string_equal(vh[i].occupation_zh, "中式烹调师");
	assert_string_equal(vh[i].occupation_en, "Chinese cuisine cook");
	/* A code the lists do not have: no name, never another code's. */
	assert_string_equal(vh[1 - i].occupation, "4-99-99-99");
	assert_string_equal(vh[1 - i].occupation_zh, "");
	assert_string_equal(vh[1 - i].occupation_en, "");
}

/* ---- Code lists ---- */

/* The shipped lists load; loading them again is a no-op. */
static void
test_codes_real(void **state)
{
	struct store *st = *state;
	char dir[512], err[512] = "", v[64], name[64], loaded[64];
	sqlite3_stmt *stmt;

	snprintf(dir, sizeof dir, "%s/db/codes", top());
	if (codes_load_dir(st, dir, err, sizeof err) != 0)
		fail_msg("%s", err);
	assert_int_equal(codes_version(st, "sex", v, sizeof v), 0);
	assert_string_equal(v, "2024.1");
	assert_int_equal(codes_valid(st, "sex", "1"), 1);
	assert_int_equal(codes_valid(st, "sex", "3"), 0);
	assert_int_equal(codes_valid(st, "nosuch", "1"), -1);
	assert_int_equal(codes_name(st, "sex", "2", 1, name, sizeof name), 0);
	assert_string_equal(name, "女");
	assert_int_equal(codes_name(st, "sex", "2", 0, name, sizeof name), 0);
	assert_string_equal(name, "Female");
	assert_int_equal(codes_valid(st, "withdraw_reason", "moved"), 1);
	assert_true(count(st, "SELECT count(*) FROM code_list") >= 11);

	assert_int_equal(sqlite3_prepare_v2(st->db, "SELECT loaded_at FROM code_list WHERE "
	    "list = 'sex'", -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	snprintf(loaded, sizeof loaded, "%s", (const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	/* Mark a code so that a reload would show by undoing it. */
	exec_sql(st, "UPDATE code SET name_en = 'changed' WHERE list = 'sex' AND code = '9'");
	snprintf(dir, sizeof dir, "%s/db/codes/sex.tsv", top());
	assert_int_equal(codes_load_file(st, dir, err, sizeof err), 0);
	snprintf(dir, sizeof dir, "%s/db/codes", top());
	assert_int_equal(codes_load_dir(st, dir, err, sizeof err), 0);
	assert_int_equal(count(st, "SELECT count(*) FROM code WHERE list = 'sex' AND code = '9' "
	    "AND name_en = 'changed'"), 1);
	assert_int_equal(count(st, "SELECT count(*) FROM code_list WHERE list = 'sex' AND "
	    "loaded_at = '%s'", loaded), 1);
}

/* Make the folder for the test code lists. */
static void
codes_dir(void)
{
	if (access(tmp("codes"), F_OK) != 0 && mkdir(tmp("codes"), 0700) != 0)
		fail_msg("cannot make %s", tmp("codes"));
}

static const char list_v1[] =
    "# list: fruit\n"
    "# version: 1\n"
    "code\tparent\tname_zh\tname_en\tdeprecated\n"
    "# a comment\n"
    "A\t\t苹果\tApple\t0\n"
    "B\t\t香蕉\tBanana\t0\n"
    "B1\tB\t小香蕉\tBaby banana\t0\n"
    "C\t\t樱桃\tCherry\t0\n";

/* A code missing from a newer version stays, deprecated: old records still show its name. */
static void
test_codes_newer_version(void **state)
{
	struct store *st = *state;
	char err[512] = "", v[16], name[64];
	struct code_hit hits[8];
	size_t n;

	codes_dir();
	assert_int_equal(codes_load_file(st, put("codes/list.tsv", list_v1), err, sizeof err), 1);
	assert_int_equal(codes_valid(st, "fruit", "B"), 1);
	assert_int_equal(codes_search(st, "fruit", "", hits, 8, &n), 0);
	assert_int_equal(n, 4);
	/* Prefix of a code, part of a Chinese or (any case) English name. */
	assert_int_equal(codes_search(st, "fruit", "b", hits, 8, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(hits[0].code, "B");
	assert_string_equal(hits[1].code, "B1");
	assert_int_equal(codes_search(st, "fruit", "香蕉", hits, 8, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(codes_search(st, "fruit", "CHERRY", hits, 8, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(hits[0].code, "C");

	/* Version 2 drops B and renames A. */
	assert_int_equal(codes_load_file(st, put("codes/list.tsv",
	    "# list: fruit\n# version: 2\ncode\tparent\tname_zh\tname_en\tdeprecated\n"
	    "A\t\t红苹果\tRed apple\t0\nB1\t\t小香蕉\tBaby banana\t0\nC\t\t樱桃\tCherry\t0\n"
	    "D\t\t枣\tDate\t0\n"), err, sizeof err), 1);
	assert_int_equal(codes_version(st, "fruit", v, sizeof v), 0);
	assert_string_equal(v, "2");
	assert_int_equal(codes_valid(st, "fruit", "B"), 0);
	assert_int_equal(codes_valid(st, "fruit", "D"), 1);
	assert_int_equal(codes_name(st, "fruit", "B", 1, name, sizeof name), 0);
	assert_string_equal(name, "香蕉");
	assert_int_equal(codes_name(st, "fruit", "A", 1, name, sizeof name), 0);
	assert_string_equal(name, "红苹果");
	assert_int_equal(codes_search(st, "fruit", "", hits, 8, &n), 0);
	assert_int_equal(n, 4);
	assert_int_equal(codes_search(st, "fruit", "香蕉", hits, 8, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(hits[0].code, "B1");
	assert_int_equal(count(st, "SELECT count(*) FROM code WHERE list = 'fruit'"), 5);
	/* Version 3 brings B back. */
	assert_int_equal(codes_load_file(st, put("codes/list.tsv", list_v1), err, sizeof err), 1);
	assert_int_equal(codes_valid(st, "fruit", "B"), 1);
	assert_int_equal(codes_valid(st, "fruit", "D"), 0);
}

/* The codes of hits, joined by " ", for comparing an order in one assertion. */
static const char *
hit_codes(const struct code_hit *hits, size_t n)
{
	static char out[512];
	size_t i, len = 0;

	out[0] = '\0';
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(out + len, sizeof out - len, "%s%s", i > 0 ? " " : "",
		    hits[i].code);
	return out;
}

static const char place_list[] =
    "# list: place\n"
    "# version: 1\n"
    "code\tparent\tname_zh\tname_en\tdeprecated\taliases\n"
    "1\t\t北京市\tBeijing\t0\t北京|京\n"
    "11\t1\t东城区\tDongcheng\t0\t东城\n"
    "11001\t11\t朝阳门街道\tChaoyangmen\t0\t\n"
    "11002\t11\t建国门街道\tJianguomen\t0\t\n"
    "15\t1\t朝阳区\tChaoyang\t0\t\n"
    "15001\t15\t建外街道\tJianwai\t0\t\n"
    "15002\t15\t朝外街道\tChaowai\t0\t朝阳门外\n"
    "15003\t15\t老朝阳街道\tOld Chaoyang\t0\t\n"
    "16\t1\t旧区\tOld district\t1\t朝阳旧区\n";

/*
 * A picker's order: the whole code, name or alias first, then what starts
 * with the text, then what holds it; among equals the shorter codes
 * (higher in the tree). A field's level comes first when it says one, and
 * a street field lists its district's streets first. Nothing typed: the
 * list's own order.
 */
static void
test_codes_ranked(void **state)
{
	struct store *st = *state;
	struct code_prefer district = { .len_max = 2, .len_min = 0, .under = NULL };
	struct code_prefer street = { .len_max = 0, .len_min = 5, .under = "15" };
	struct code_hit hits[8];
	char err[512] = "", code[32];
	size_t n;

	codes_dir();
	assert_int_equal(codes_load_file(st, put("codes/list.tsv", place_list), err, sizeof err),
	    1);
	/* 朝阳区 (a start, one level up) before 朝阳门街道 (a start), before what holds 朝阳. */
	assert_int_equal(codes_search(st, "place", "朝阳", hits, 8, &n), 0);
	assert_string_equal(hit_codes(hits, n), "15 11001 15002 15003");
	assert_int_equal(hits[0].match, CODE_MATCH_START);
	assert_int_equal(hits[2].match, CODE_MATCH_START);	/* by its alias 朝阳门外 */
	assert_int_equal(hits[3].match, CODE_MATCH_PART);
	/* An exact alias first, whatever its place in the tree; deprecated codes never. */
	assert_int_equal(codes_search(st, "place", "东城", hits, 8, &n), 0);
	assert_string_equal(hit_codes(hits, n), "11");
	assert_int_equal(hits[0].match, CODE_MATCH_EXACT);
	assert_int_equal(codes_search(st, "place", "建", hits, 8, &n), 0);
	assert_string_equal(hit_codes(hits, n), "11002 15001");
	/* Codes by their start only, any case of an English name. */
	assert_int_equal(codes_search(st, "place", "1500", hits, 8, &n), 0);
	assert_string_equal(hit_codes(hits, n), "15001 15002 15003");
	assert_int_equal(codes_search(st, "place", "CHAOYANG", hits, 8, &n), 0);
	assert_string_equal(hit_codes(hits, n), "15 11001 15003");
	/* Nothing typed: the list in its order; deprecated codes never. */
	assert_int_equal(codes_search(st, "place", "", hits, 8, &n), 0);
	assert_string_equal(hit_codes(hits, n), "1 11 11001 11002 15 15001 15002 15003");
	/* A district field lists the districts first, a street field its district's streets. */
	assert_int_equal(codes_search_prefer(st, "place", "", &district, hits, 8, &n), 0);
	assert_string_equal(hit_codes(hits, n), "1 11 15 11001 11002 15001 15002 15003");
	assert_int_equal(codes_search_prefer(st, "place", "街道", &street, hits, 8, &n), 0);
	assert_string_equal(hit_codes(hits, n), "15001 15002 15003 11001 11002");
	assert_int_equal(codes_search_prefer(st, "place", "朝阳", &street, hits, 8, &n), 0);
	assert_string_equal(hit_codes(hits, n), "15002 15003 11001 15");

	/* The one code a text stands for: an exact word, or the only match at all. */
	assert_int_equal(codes_resolve(st, "place", "京", code, sizeof code), 1);
	assert_string_equal(code, "1");
	assert_int_equal(codes_resolve(st, "place", "朝阳区", code, sizeof code), 1);
	assert_string_equal(code, "15");
	assert_int_equal(codes_resolve(st, "place", "老朝", code, sizeof code), 1);
	assert_string_equal(code, "15003");
	assert_int_equal(codes_resolve(st, "place", "jianwai", code, sizeof code), 1);
	assert_string_equal(code, "15001");
	/* A real choice (2); nothing at all, or a deprecated code's word: none (0). */
	assert_int_equal(codes_resolve(st, "place", "朝阳", code, sizeof code), 2);
	assert_int_equal(codes_resolve(st, "place", "上海", code, sizeof code), 0);
	assert_int_equal(codes_resolve(st, "place", "朝阳旧区", code, sizeof code), 0);
	assert_int_equal(codes_resolve(st, "place", "", code, sizeof code), 0);
}

/* The words clerks say find the shipped codes they mean, at once or first. */
static void
test_codes_aliases_real(void **state)
{
	static const struct {
		const char	*list, *text, *code;
	} words[] = {
		{ "education", "大专", "31" }, { "education", "中专", "41" },
		{ "education", "本科", "21" }, { "education", "研究生", "14" },
		{ "education", "初中", "71" }, { "education", "高中", "61" },
		{ "person_category", "下岗", "laid_off" },
		{ "person_category", "失业", "unemployed" },
		{ "hardship", "低保", "subsistence" },
		{ "occupation", "会计", "2-06-03" }, { "occupation", "出纳", "2-06-03" },
		{ "occupation", "收银员", "4-01-02" }, { "occupation", "保洁员", "4-09-08" },
		{ "occupation", "保安", "4-07-05-01" }, { "occupation", "快递员", "4-02-07" },
		{ "occupation", "外卖送餐员", "4-02-07" }, { "occupation", "厨师", "4-03-02-01" },
		{ "occupation", "司机", "4-02-02" }, { "occupation", "电工", "6-31-01-03" },
		{ "occupation", "焊工", "6-18-02-04" }, { "occupation", "育婴员", "4-10-01" },
		{ "occupation", "保育员", "4-10-01" }, { "occupation", "家政", "4-10-01-06" },
		{ "occupation", "护工", "4-14-01" }, { "occupation", "销售", "4-01-02" },
		{ "occupation", "客服", "4-07-02" }, { "occupation", "仓管", "4-02-06" },
		{ "occupation", "理货员", "4-02-06" }, { "occupation", "服务员", "4-03-02-05" },
		{ "office_level", "街道", "street" }, { "office_level", "区县", "district" },
		{ "role", "主管", "supervisor" }, { "region", "朝阳区", "110105" },
	};
	struct code_prefer district = { .len_max = 6, .len_min = 0, .under = NULL };
	struct code_hit hits[4];
	char dir[512], err[512] = "", code[32];
	size_t i, n;

	snprintf(dir, sizeof dir, "%s/db/codes", top());
	if (codes_load_dir(*state, dir, err, sizeof err) != 0)
		fail_msg("%s", err);
	for (i = 0; i < sizeof words / sizeof words[0]; i++) {
		if (codes_resolve((struct store *)*state, words[i].list, words[i].text, code,
		    sizeof code) != 1)
			fail_msg("%s \"%s\" does not stand for one code", words[i].list,
			    words[i].text);
		if (strcmp(code, words[i].code) != 0)
			fail_msg("%s \"%s\" is %s, not %s", words[i].list, words[i].text, code,
			    words[i].code);
	}
	/* 朝阳 is a choice: 朝阳区 first, before 朝阳门街道 of 东城区. */
	assert_int_equal(codes_resolve((struct store *)*state, "region", "朝阳", code, sizeof code), 2);
	assert_int_equal(codes_search_prefer((struct store *)*state, "region", "朝阳", &district, hits, 4,
	    &n), 0);
	assert_true(n >= 2);
	assert_string_equal(hits[0].code, "110105");
	assert_string_equal(hits[1].code, "110101007");
	assert_int_equal(codes_search((struct store *)*state, "region", "朝阳", hits, 4, &n), 0);
	assert_string_equal(hits[0].code, "110105");
}

/* Assert a broken list is refused with "PATH:LINE:" and changes nothing. */
static void
codes_refused(struct store *st, const char *content, int line, const char *needle)
{
	char err[512] = "", want[256], v[16];
	const char *path = put("codes/list.tsv", content);

	assert_int_equal(codes_load_file(st, path, err, sizeof err), -1);
	snprintf(want, sizeof want, "%s:%d:", path, line);
	assert_mentions(err, want);
	assert_mentions(err, needle);
	assert_int_equal(codes_version(st, "fruit", v, sizeof v), 0);
	assert_string_equal(v, "1");
	assert_int_equal(codes_valid(st, "fruit", "A"), 1);
	assert_int_equal(codes_valid(st, "fruit", "B"), 1);
	assert_int_equal(codes_valid(st, "fruit", "D"), 0);
	assert_int_equal(count(st, "SELECT count(*) FROM code WHERE list = 'fruit'"), 4);
	assert_int_equal(count(st, "SELECT count(*) FROM code WHERE list = 'fruit' AND "
	    "deprecated = 0"), 4);
}

/* A broken list file is reported with file and line, and nothing of it is loaded. */
static void
test_codes_broken(void **state)
{
	struct store *st = *state;
	char err[512] = "", dir[160];

	codes_dir();
	assert_int_equal(codes_load_file(st, put("codes/list.tsv", list_v1), err, sizeof err), 1);
	/* Line 6 has four fields: the first lines were already inserted when it is read. */
	codes_refused(st, "# list: fruit\n# version: 2\ncode\tparent\tname_zh\tname_en\tdeprecated\n"
	    "D\t\t枣\tDate\t0\nA\t\t苹果\tApple\t0\nE\t\t无花果\tFig\n", 6, "separated by tabs");
	codes_refused(st, "# list: fruit\n# version: 2\ncode\tparent\tname_zh\tname_en\tdeprecated\n"
	    "D\t\t枣\tDate\t2\n", 4, "0 or 1");
	codes_refused(st, "# list: fruit\n# version: 2\ncode\tparent\tname_zh\tname_en\tdeprecated\n"
	    "D\t\t\tDate\t0\n", 4, "separated by tabs");
	codes_refused(st, "# list: fruit\n# version: 2\ncode\tparent\tname\n", 3, "header");
	codes_refused(st, "# list: fruit\n# version: 2\r\ncode\tparent\tname_zh\tname_en\t"
	    "deprecated\r\n", 2, "DOS");
	codes_refused(st, "# fruit\n# version: 2\n", 1, "# list: NAME");
	codes_refused(st, "# list: fruit\nversion 2\n", 2, "# version: VERSION");

	/* In a folder, the broken file is named and the load stops. */
	unlink(tmp("codes/list.tsv"));
	put("codes/a.tsv", "# list: veg\n# version: 1\ncode\tparent\tname_zh\tname_en\tdeprecated\n"
	    "X\t\t葱\tScallion\t0\n");
	put("codes/b.tsv", "# list: fruit\n# version: 9\ncode\tparent\tname_zh\tname_en\tdeprecated\n"
	    "Z\t\t枣\n");
	snprintf(dir, sizeof dir, "%s", tmp("codes"));
	assert_int_equal(codes_load_dir(st, dir, err, sizeof err), -1);
	assert_mentions(err, "b.tsv:4:");
	assert_int_equal(codes_valid(st, "veg", "X"), 1);
	assert_int_equal(codes_valid(st, "fruit", "Z"), 0);
	assert_int_equal(codes_valid(st, "fruit", "B"), 1);
	unlink(tmp("codes/a.tsv"));
	unlink(tmp("codes/b.tsv"));
}

/*
 * A supervisor moves a record to another office of the district, with a
 * reason: the office changes here, the district hears of a transfer, the
 * audit says so. What the rules refuse leaves the record as it was.
 */
static void
test_transfer(void **state)
{
	struct store *st = *state;
	struct code_hit offices[8];
	char id[IDENT_LEN + 1], err[400];
	size_t n;

	assert_int_equal(office_add(st, "110105-01", "劲松街道", "street", "110105", err,
	    sizeof err), 0);
	assert_int_equal(office_add(st, "110105-02", "八里庄街道", "street", "110105", err,
	    sizeof err), 0);
	assert_int_equal(office_add(st, "110108", "海淀区", "district", NULL, err, sizeof err), 0);
	save_seeker(st, NULL, idnum("11010519900307123"), "张三丰", "13912345678", id);
	/* The offices it may go to: the district's others, not another district's. */
	assert_int_equal(store_transfer_offices(st, "110105", offices, 8, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(offices[0].code, "110105-01");
	assert_string_equal(offices[1].name_zh, "八里庄街道");
	/* Refused: no reason, a reason of no list, an unknown office, the same office, a wall. */
	assert_int_equal(store_transfer(st, KIND_SEEKER, id, "110105-01", "", err, sizeof err), -1);
	assert_non_null(strstr(err, "transfer_reason"));
	assert_int_equal(store_transfer(st, KIND_SEEKER, id, "110105-09", "moved", err,
	    sizeof err), -1);
	assert_non_null(strstr(err, "no office 110105-09"));
	assert_int_equal(store_transfer(st, KIND_SEEKER, id, "110105", "moved", err, sizeof err),
	    -1);
	assert_non_null(strstr(err, "already belongs"));
	assert_int_equal(store_transfer(st, KIND_SEEKER, id, "110108", "moved", err, sizeof err),
	    -1);
	assert_non_null(strstr(err, "district 110105"));
	/* A clerk does not move records. */
	exec_sql(st, "UPDATE account SET role = 'clerk' WHERE login = 'wang.li'");
	assert_int_equal(store_transfer(st, KIND_SEEKER, id, "110105-01", "moved", err,
	    sizeof err), -1);
	assert_non_null(strstr(err, "supervisor"));
	exec_sql(st, "UPDATE account SET role = 'supervisor' WHERE login = 'wang.li'");
	assert_int_equal(count(st, "SELECT count(*) FROM seeker WHERE office = '110105'"), 1);
	assert_int_equal(count(st, "SELECT count(*) FROM outbox WHERE op = 'transfer'"), 0);

	if (store_transfer(st, KIND_SEEKER, id, "110105-01", "moved", err, sizeof err) != 0)
		fail_msg("transfer: %s", err);
	assert_int_equal(count(st, "SELECT count(*) FROM seeker WHERE id = '%s' AND "
	    "office = '110105-01'", id), 1);
	assert_int_equal(count(st, "SELECT count(*) FROM outbox WHERE op = 'transfer' AND "
	    "row_id = '%s' AND fields = '{\"office\":\"110105-01\",\"reason\":\"moved\"}' "
	    "AND author = 'wang.li' AND sig <> ''", id), 1);
	assert_int_equal(count(st, "SELECT count(*) FROM audit WHERE record_id = '%s' AND "
	    "action = 'transfer' AND clerk = 'wang.li'", id), 1);
}

/* A record's history: its form's fields, who wrote them (once the district said), what was done here. */
static void
test_trail(void **state)
{
	struct store *st = *state;
	struct record_trail t;
	char id[IDENT_LEN + 1], stamp[64], sql[300];
	size_t i, name = SIZE_MAX, phone = SIZE_MAX;

	save_seeker(st, NULL, idnum("11010519900307123"), "张三丰", "13912345678", id);
	assert_int_equal(store_record_trail(st, KIND_SEEKER, id, &t), 1);
	for (i = 0; i < t.nfields; i++) {
		if (strcmp(t.fields[i].field, "name") == 0)
			name = i;
		if (strcmp(t.fields[i].field, "phone") == 0)
			phone = i;
	}
	assert_true(name < t.nfields && phone < t.nfields);
	/* Not yet at the district: no author, no time. */
	assert_string_equal(t.fields[name].author, "");
	assert_string_equal(t.fields[name].at, "");
	assert_int_equal(t.nevents, 1);
	assert_string_equal(t.events[0].action, "create");
	assert_string_equal(t.events[0].clerk, "wang.li");
	store_record_trail_free(&t);
	/* As the district sends them: the commonest stamp and author once, as "*". */
	snprintf(stamp, sizeof stamp, "%016llx:0190a1b2-0000-7000-8000-00000000abcd",
	    (unsigned long long)1767225600000ULL << 16);
	snprintf(sql, sizeof sql, "UPDATE seeker SET stamps = '{\"*\":\"%s\"}', "
	    "authors = '{\"*\":\"wang.li\",\"phone\":\"li.na\"}'", stamp);
	exec_sql(st, sql);
	assert_int_equal(store_record_trail(st, KIND_SEEKER, id, &t), 1);
	assert_string_equal(t.fields[name].author, "wang.li");
	assert_string_equal(t.fields[phone].author, "li.na");
	assert_string_equal(t.fields[phone].at, "2026-01-01T00:00:00Z");
	assert_string_equal(t.fields[phone].terminal, "0190a1b2-0000-7000-8000-00000000abcd");
	/* Newest first; the first look at the history is there. */
	assert_int_equal(t.nevents, 2);
	assert_string_equal(t.events[0].action, "history");
	store_record_trail_free(&t);
	assert_int_equal(store_record_trail(st, KIND_SEEKER, "0190a1b2-0000-7000-8000-000000000000",
	    &t), 0);
}

int
main(void)
{
#define T(f)	cmocka_unit_test_setup_teardown(f, store_setup, store_teardown)
	const struct CMUnitTest tests[] = {
		T(test_seeker_derives_from_idnum),
		T(test_seeker_idnum_canonical),
		T(test_seeker_register_twice),
		T(test_seeker_id_across_terminals),
		T(test_seeker_corrected_number),
		T(test_seeker_register_existing),
		T(test_search_name),
		T(test_search_after_rename),
		T(test_search_numbers),
		T(test_search_tail),
		T(test_search_found),
		T(test_similar),
		T(test_renew),
		T(test_withdraw),
		T(test_reregister_keeps_first),
		T(test_effective_status),
		T(test_audit),
		T(test_transfer),
		T(test_trail),
		T(test_employer_uscc_unique),
		T(test_employer_search),
		T(test_vacancy_identity),
		T(test_vacancy_needs_employer),
		T(test_vacancy_expired),
		T(test_vacancy_search),
		T(test_vacancy_list_names),
		T(test_codes_real),
		T(test_codes_ranked),
		T(test_codes_aliases_real),
		T(test_codes_newer_version),
		T(test_codes_broken),
	};
#undef T

	if (utf8_locale("test_store") != 0)
		return 1;
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
