/*
 * Unit tests for career guidance sessions on the local store
 * (src/store/guidance.c): only a graded account records one, the refusal
 * naming why and nothing written; a session gives its seeker one guidance
 * service event; a plan step without a status is open; a group workshop
 * is one session per participant under one workshop id, all or none; a
 * list never carries the notes, and opening one is audited.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "common/fields.h"
#include "common/utf8.h"
#include "core/check.h"
#include "store/codes.h"
#include "store/guidance.h"
#include "store/seeker.h"
#include "store/store.h"

#include "testlib.h"

/* A registered seeker. */
static void
seeker(struct store *st, const char *first17, const char *name, char id[IDENT_LEN + 1])
{
	struct fields f = FIELDS_INIT;
	char err[256] = "";

	fields_set(&f, "id_number", idnum(first17));
	fields_set(&f, "name", name);
	fields_set(&f, "phone", "13800138000");
	fields_set(&f, "education", "31");
	fields_set(&f, "district", "110105");
	if (seeker_save(st, NULL, &f, NULL, id, err, sizeof err) < 0)
		fail_msg("seeker %s: %s", name, err);
	fields_free(&f);
}

/* A session's form as a counsellor fills it in today, of kind kind. */
static void
session(struct fields *f, const char *kind)
{
	char today[11];

	date_format(store_today(), today);
	fields_set(f, "held_on", today);
	fields_set(f, "kind", kind);
	fields_set(f, "topics", "简历");
	fields_set(f, "notes", "希望做收银，担心年龄。");
	fields_set(f, "step_1", "修改简历");
	fields_set(f, "step_1_due", "2099-01-31");
	fields_set(f, "step_2", "参加招聘会");
}

/* The lists the tests read. */
static int
setup(void **state)
{
	static const char *const lists[] = { "guidance_kind", "guidance_step", "guidance_grade" };
	char path[512], err[512];
	size_t i;

	if (store_setup(state) != 0)
		return -1;
	for (i = 0; i < sizeof lists / sizeof lists[0]; i++) {
		snprintf(path, sizeof path, "%s/db/codes/%s.tsv", top(), lists[i]);
		if (codes_load_file(*state, path, err, sizeof err) < 0) {
			fprintf(stderr, "%s\n", err);
			return -1;
		}
	}
	return 0;
}

/* An account without a grade is refused with the reason; with one, the session and its service. */
static void
test_grade(void **state)
{
	struct store *st = *state;
	struct fields f = FIELDS_INIT;
	char s[IDENT_LEN + 1], g[IDENT_LEN + 1], err[400] = "";
	const char *who[1];

	seeker(st, "11010519900307123", "王小明", s);
	who[0] = s;
	session(&f, "individual");
	exec_sql(st, "UPDATE account SET guidance_grade = ''");
	assert_int_equal(guidance_may_record(st, err, sizeof err), -1);
	assert_mentions(err, "account wang.li has no grade");
	err[0] = '\0';
	assert_int_equal(guidance_record(st, who, 1, &f, g, err, sizeof err), -1);
	assert_mentions(err, "career guidance grade");
	assert_int_equal(count(st, "SELECT count(*) FROM guidance"), 0);
	assert_int_equal(count(st, "SELECT count(*) FROM service_event WHERE type = 'guidance'"),
	    0);
	exec_sql(st, "UPDATE account SET guidance_grade = '3'");
	assert_int_equal(guidance_record(st, who, 1, &f, g, err, sizeof err), 0);
	assert_int_equal(count(st, "SELECT count(*) FROM guidance WHERE seeker_id = '%s' AND "
	    "created_by = 'wang.li' AND workshop = ''", s), 1);
	/* The step written without a status is open; the one without words has none. */
	assert_int_equal(count(st, "SELECT count(*) FROM guidance WHERE step_1_status = 'open' "
	    "AND step_2_status = 'open' AND step_3_status = ''"), 1);
	assert_int_equal(count(st, "SELECT count(*) FROM service_event WHERE type = 'guidance' "
	    "AND seeker_id = '%s'", s), 1);
	assert_int_equal(count(st, "SELECT count(*) FROM outbox WHERE tbl = 'guidance'"), 1);
	/* A change of the notes needs the grade too. */
	exec_sql(st, "UPDATE account SET guidance_grade = ''");
	fields_free(&f);
	fields_set(&f, "notes", "改了");
	assert_int_equal(guidance_save(st, g, &f, NULL, err, sizeof err), -1);
	assert_mentions(err, "no grade");
	assert_int_equal(count(st, "SELECT count(*) FROM guidance WHERE notes = '改了'"), 0);
	fields_free(&f);
}

/* A step's status without its words, a session in the future: refused, nothing written. */
static void
test_bad_input(void **state)
{
	struct store *st = *state;
	struct fields f = FIELDS_INIT;
	char s[IDENT_LEN + 1], g[IDENT_LEN + 1], err[400] = "", later[11];
	const char *who[1];

	seeker(st, "11010519900307123", "王小明", s);
	who[0] = s;
	exec_sql(st, "UPDATE account SET guidance_grade = '4'");
	session(&f, "individual");
	fields_set(&f, "step_3_status", "done");
	assert_int_equal(guidance_record(st, who, 1, &f, g, err, sizeof err), -1);
	assert_mentions(err, "step 3 of the plan has a status but no words");
	fields_set(&f, "step_3_status", "");
	date_format(date_add_days(store_today(), 1), later);
	fields_set(&f, "held_on", later);
	assert_int_equal(guidance_record(st, who, 1, &f, g, err, sizeof err), -1);
	assert_mentions(err, "is after today");
	/* Two people in a session that is not a workshop. */
	session(&f, "individual");
	{
		const char *two[2] = { s, s };

		assert_int_equal(guidance_record(st, two, 2, &f, g, err, sizeof err), -1);
		assert_mentions(err, "group workshop");
		session(&f, GUIDANCE_WORKSHOP);
		assert_int_equal(guidance_record(st, two, 2, &f, g, err, sizeof err), -1);
		assert_mentions(err, "listed twice");
	}
	assert_int_equal(count(st, "SELECT count(*) FROM guidance"), 0);
	fields_free(&f);
}

/*
 * A group workshop: one session per participant under one workshop id,
 * one service event each; a participant not registered rolls back all.
 */
static void
test_workshop(void **state)
{
	struct store *st = *state;
	struct fields f = FIELDS_INIT;
	struct guidance_hit hits[4];
	char a[IDENT_LEN + 1], b[IDENT_LEN + 1], g[IDENT_LEN + 1], err[400] = "", names[64];
	const char *who[3];
	size_t n = 0;

	seeker(st, "11010519900307123", "王小明", a);
	seeker(st, "11010519850101002", "李红", b);
	exec_sql(st, "UPDATE account SET guidance_grade = '2'");
	session(&f, GUIDANCE_WORKSHOP);
	who[0] = a;
	who[1] = "00000000-0000-4000-8000-000000000000";
	assert_int_equal(guidance_record(st, who, 2, &f, g, err, sizeof err), -1);
	assert_mentions(err, "not registered");
	assert_int_equal(count(st, "SELECT count(*) FROM guidance"), 0);
	assert_int_equal(count(st, "SELECT count(*) FROM service_event"), 2);	/* registrations */
	who[1] = b;
	assert_int_equal(guidance_record(st, who, 2, &f, g, err, sizeof err), 0);
	assert_int_equal(count(st, "SELECT count(DISTINCT workshop) FROM guidance "
	    "WHERE workshop <> ''"), 1);
	assert_int_equal(count(st, "SELECT count(*) FROM service_event WHERE type = 'guidance' "
	    "AND seeker_id IN ('%s', '%s')", a, b), 2);
	/* Each participant's list holds it, with the number of participants. */
	assert_int_equal(guidance_list(st, b, hits, 4, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(hits[0].participants, 2);
	assert_int_equal(hits[0].steps, 2);
	assert_int_equal(hits[0].steps_open, 2);
	assert_string_equal(hits[0].kind, GUIDANCE_WORKSHOP);
	fields_free(&f);
	/* Opening a session is audited; the list was not. */
	assert_int_equal(count(st, "SELECT count(*) FROM audit WHERE tbl = 'guidance' AND "
	    "action = 'view'"), 0);
	assert_int_equal(guidance_open(st, hits[0].id, &f), 1);
	assert_string_equal(fields_str(&f, "notes"), "希望做收银，担心年龄。");
	assert_int_equal(count(st, "SELECT count(*) FROM audit WHERE tbl = 'guidance' AND "
	    "action = 'view'"), 1);
	assert_int_equal(guidance_participants(st, fields_str(&f, "workshop"), "、", names,
	    sizeof names), 2);
	assert_string_equal(names, "王小明、李红");
	fields_free(&f);
}

int
main(void)
{
#define T(f)	cmocka_unit_test_setup_teardown(f, setup, store_teardown)
	const struct CMUnitTest tests[] = {
		T(test_grade),
		T(test_bad_input),
		T(test_workshop),
	};

	if (utf8_locale("test_guidance") != 0)
		return 1;
	return cmocka_run_group_tests(tests, store_group_setup, store_group_teardown);
}
