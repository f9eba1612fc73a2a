/*
 * Unit tests for the hardship case file: the schedule (a month on from a
 * month's end stays in the next month, cut to its last day; a contact
 * that did not reach the person does not count), what is due first, the
 * rules for leaving hardship status (employed long enough, retirement age
 * by the [seeker] rule, by request); and in the store: a file only for a
 * person in hardship status, one per person, a contact giving one
 * follow-up service and moving the due day kept on the plan, the due list
 * of a clerk and of the office, leaving the status clearing the person's
 * fields and keeping them in the file.
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
#include "core/casefile.h"
#include "core/check.h"
#include "core/retire.h"
#include "store/casefile.h"
#include "store/codes.h"
#include "store/guidance.h"
#include "store/inventory.h"
#include "store/seeker.h"
#include "store/store.h"

#include "testlib.h"

/* Month arithmetic at months' ends, leap years, and the turn of the year. */
static void
test_add_months(void **state)
{
	(void)state;
	assert_int_equal(casefile_add_months(20270131, 1), 20270228);
	assert_int_equal(casefile_add_months(20280131, 1), 20280229);
	assert_int_equal(casefile_add_months(20270330, 1), 20270430);
	assert_int_equal(casefile_add_months(20270331, 1), 20270430);
	assert_int_equal(casefile_add_months(20271215, 1), 20280115);
	assert_int_equal(casefile_add_months(20271231, 2), 20280229);
	assert_int_equal(casefile_add_months(20270115, 12), 20280115);
	/* Every month from the 31st: the last day of each month, never skipped. */
	assert_int_equal(casefile_add_months(20270228, 1), 20270328);
	assert_int_equal(casefile_add_months(20270731, 1), 20270831);
}

/* The next contact and what is due first. */
static void
test_next_due(void **state)
{
	struct casefile_rules r;
	int steps[CASEFILE_STEPS] = { 0, 20270210, 0, 20270205 }, step;

	(void)state;
	casefile_rules_default(&r);
	assert_int_equal(r.contact_months, 1);
	/* None yet: a month after the file was opened; then a month after the last. */
	assert_int_equal(casefile_next_contact(&r, 20270131, 0), 20270228);
	assert_int_equal(casefile_next_contact(&r, 20270131, 20270315), 20270415);
	r.contact_months = 3;
	assert_int_equal(casefile_next_contact(&r, 20270131, 0), 20270430);
	assert_true(casefile_contact_counts("seeking"));
	assert_true(casefile_contact_counts("employed"));
	assert_false(casefile_contact_counts("unreachable"));
	/* The earliest open step before the contact is due first, named. */
	assert_int_equal(casefile_next_due(20270301, steps, CASEFILE_STEPS, &step), 20270205);
	assert_int_equal(step, 4);
	assert_int_equal(casefile_next_due(20270201, steps, CASEFILE_STEPS, &step), 20270201);
	assert_int_equal(step, 0);
	assert_int_equal(casefile_next_due(0, steps, 0, &step), 0);
}

/* Leaving hardship status: employed for the months, retirement age, by request. */
static void
test_leave_rules(void **state)
{
	struct casefile_rules r;
	struct retire_rule rr = { .age_male = 60, .age_female = 50, .delay = RETIRE_DELAY_2025 };
	char msg[300];

	(void)state;
	casefile_rules_default(&r);
	assert_int_equal(casefile_leave_allowed(&r, &rr, "request", 1, 19800307, 0, 20270101,
	    msg, sizeof msg), 1);
	/* Six months from 2026-08-31 is 2027-02-28: refused the day before, allowed on it. */
	assert_int_equal(casefile_leave_allowed(&r, &rr, "employed", 1, 19800307, 20260831,
	    20270227, msg, sizeof msg), 0);
	assert_mentions(msg, "employed for less than 6 months: hardship status may end on "
	    "2027-02-28");
	assert_int_equal(casefile_leave_allowed(&r, &rr, "employed", 1, 19800307, 20260831,
	    20270228, msg, sizeof msg), 1);
	assert_int_equal(casefile_leave_allowed(&r, &rr, "employed", 1, 19800307, 0, 20270228,
	    msg, sizeof msg), 0);
	assert_mentions(msg, "started work");
	assert_int_equal(casefile_leave_allowed(&r, &rr, "employed", 1, 19800307, 20270301,
	    20270228, msg, sizeof msg), 0);
	/*
	 * A man born 1964-12-10 retires at 60 (before the schedule): on
	 * 2024-12-10, not the day before. One born 1966-01-15: 60 and 4
	 * months (births from 1965-01, a month every four months of birth).
	 */
	assert_int_equal(casefile_leave_allowed(&r, &rr, "retired", 1, 19641210, 0, 20241209,
	    msg, sizeof msg), 0);
	assert_mentions(msg, "not of retirement age (60 years) until 2024-12-10");
	assert_int_equal(casefile_leave_allowed(&r, &rr, "retired", 1, 19641210, 0, 20241210,
	    msg, sizeof msg), 1);
	assert_mentions(msg, "of retirement age (60 years)");
	assert_int_equal(casefile_leave_allowed(&r, &rr, "retired", 1, 19660115, 0, 20260301,
	    msg, sizeof msg), 0);
	assert_mentions(msg, "(60 years 4 months) until 2026-05-15");
	/* A woman born 1976-03-01 under base 50: a month every two months from 1975-01. */
	assert_int_equal(casefile_leave_allowed(&r, &rr, "retired", 2, 19760301, 0, 20260301,
	    msg, sizeof msg), 0);
	assert_mentions(msg, "(50 years 8 months) until 2026-11-01");
	assert_int_equal(casefile_leave_allowed(&r, &rr, "retired", 0, 19760301, 0, 20260301,
	    msg, sizeof msg), 0);
	assert_mentions(msg, "cannot be checked");
	assert_int_equal(casefile_leave_allowed(&r, &rr, "moved", 1, 19800307, 0, 20270101,
	    msg, sizeof msg), -1);
}

/* A registered seeker, with hardship kind hard ("" none). */
static void
seeker(struct store *st, const char *first17, const char *name, const char *hard,
    char id[IDENT_LEN + 1])
{
	struct fields f = FIELDS_INIT;
	char err[256] = "";

	fields_set(&f, "id_number", idnum(first17));
	fields_set(&f, "name", name);
	fields_set(&f, "phone", "13800138000");
	fields_set(&f, "education", "31");
	fields_set(&f, "hardship", hard);
	fields_set(&f, "hardship_basis", *hard != '\0' ? "京人社就发2020-12" : "");
	if (seeker_save(st, NULL, &f, NULL, id, err, sizeof err) < 0)
		fail_msg("seeker %s: %s", name, err);
	fields_free(&f);
}

/* The lists the tests read. */
static int
setup(void **state)
{
	static const char *const lists[] = { "contact_way", "contact_result",
	    "hardship_exit_reason", "guidance_step", "guidance_kind", "guidance_grade",
	    "service_type" };
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

/* The day n days from today, YYYY-MM-DD. */
static const char *
day(long n, char out[11])
{
	date_format(date_add_days(store_today(), n), out);
	return out;
}

/* A file only in hardship status, one per person; contacts move the due day and the lists. */
static void
test_store_file(void **state)
{
	struct store *st = *state;
	struct casefile_due due[10];
	struct fields p = FIELDS_INIT;
	char s[IDENT_LEN + 1], t[IDENT_LEN + 1], plan[IDENT_LEN + 1], again[IDENT_LEN + 1];
	char err[400] = "", d[11], want[11];
	size_t n;

	seeker(st, "11010519800307123", "王小明", "older", s);
	seeker(st, "11010519850101002", "李红梅", "", t);
	assert_int_equal(casefile_eligible(st, t, err, sizeof err), 0);
	assert_mentions(err, "set the hardship field");
	assert_int_equal(casefile_open(st, t, plan, err, sizeof err), -1);
	assert_int_equal(count(st, "SELECT count(*) FROM assistance_plan"), 0);
	assert_int_equal(casefile_open(st, s, plan, err, sizeof err), 0);
	/* One per person: opened again, the same file. */
	assert_int_equal(casefile_open(st, s, again, err, sizeof err), 1);
	assert_string_equal(plan, again);
	assert_int_equal(count(st, "SELECT count(*) FROM assistance_plan WHERE caseworker = "
	    "'wang.li' AND status = 'open'"), 1);
	date_format(casefile_add_months(store_today(), 1), want);
	assert_int_equal(casefile_plan(st, s, &p), 1);
	assert_string_equal(fields_str(&p, "next_due"), want);
	fields_free(&p);
	assert_int_equal(casefile_due_list(st, NULL, "110105", store_today(), due, 10, &n), 0);
	assert_int_equal(n, 0);

	/* Six weeks ago: the next contact is overdue, the person on both lists. */
	assert_int_equal(casefile_contact(st, s, day(-45, d), "phone", "seeking", "仍在求职",
	    err, sizeof err), 0);
	assert_int_equal(count(st, "SELECT count(*) FROM service_event WHERE type = 'follow_up' "
	    "AND seeker_id = '%s'", s), 1);
	assert_int_equal(count(st, "SELECT count(*) FROM outbox WHERE tbl = 'case_contact'"), 1);
	assert_int_equal(casefile_due_list(st, NULL, "110105", store_today(), due, 10, &n), 0);
	assert_int_equal(n, 1);
	date_format(casefile_add_months(date_add_days(store_today(), -45), 1), want);
	assert_string_equal(due[0].due, want);
	assert_int_equal(due[0].step, 0);
	assert_string_equal(due[0].name, "王小明");
	assert_null(strstr(due[0].id_masked, "19800307"));
	assert_int_equal(casefile_due_list(st, "wang.li", NULL, store_today(), due, 10, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(casefile_due_list(st, "someone.else", NULL, store_today(), due, 10, &n), 0);
	assert_int_equal(n, 0);
	/* Not reached today: still due. Reached: off the list, a month on. */
	assert_int_equal(casefile_contact(st, s, day(0, d), "visit", "unreachable", "",
	    err, sizeof err), 0);
	assert_int_equal(casefile_due_list(st, NULL, "110105", store_today(), due, 10, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(casefile_contact(st, s, day(0, d), "window", "seeking", "",
	    err, sizeof err), 0);
	assert_int_equal(casefile_due_list(st, NULL, "110105", store_today(), due, 10, &n), 0);
	assert_int_equal(n, 0);
	/* A step due yesterday, someone else's: due first, on that account's list too. */
	exec_sql(st, "INSERT INTO account (login, name, role, office, pwhash, created_at, "
	    "updated_at) SELECT 'zhao.min', '赵敏', 'clerk', office, pwhash, created_at, "
	    "updated_at FROM account WHERE login = 'wang.li'");
	fields_set(&p, "step_1", "参加技能培训");
	fields_set(&p, "step_1_who", "nobody");
	fields_set(&p, "step_1_due", day(-1, d));
	assert_int_equal(casefile_plan_save(st, plan, &p, NULL, err, sizeof err), -1);
	assert_mentions(err, "\"nobody\" is not an account");
	fields_set(&p, "step_1_who", "zhao.min");
	assert_int_equal(casefile_plan_save(st, plan, &p, NULL, err, sizeof err), 0);
	fields_free(&p);
	assert_int_equal(casefile_due_list(st, "zhao.min", NULL, store_today(), due, 10, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(due[0].step, 1);
	/* A contact in the future is refused; nothing written. */
	assert_int_equal(casefile_contact(st, s, day(1, d), "phone", "seeking", "", err,
	    sizeof err), -1);
	assert_mentions(err, "after today");
	assert_int_equal(casefile_contact(st, s, day(0, d), "fax", "seeking", "", err,
	    sizeof err), -1);
	assert_int_equal(count(st, "SELECT count(*) FROM case_contact"), 3);
}

/* Leaving by request: the file closed with its reason, the person's fields cleared and kept. */
static void
test_store_leave(void **state)
{
	struct store *st = *state;
	struct retire_rule rr = { .age_male = 60, .age_female = 50, .delay = RETIRE_DELAY_2025 };
	struct casefile_timeline t;
	struct casefile_due due[10];
	char s[IDENT_LEN + 1], plan[IDENT_LEN + 1], err[400] = "", today[11], d[11];
	size_t n, i, left = 0;

	seeker(st, "11010519800307123", "王小明", "older", s);
	assert_int_equal(casefile_open(st, s, plan, err, sizeof err), 0);
	assert_int_equal(casefile_contact(st, s, day(-45, d), "phone", "seeking", "仍在求职",
	    err, sizeof err), 0);
	assert_int_equal(casefile_leave(st, &rr, s, "retired", 0, err, sizeof err), -1);
	assert_mentions(err, "not of retirement age");
	assert_int_equal(casefile_leave(st, &rr, s, "moved", 0, err, sizeof err), -1);
	assert_int_equal(count(st, "SELECT count(*) FROM assistance_plan WHERE status = 'open'"),
	    1);
	assert_int_equal(casefile_leave(st, &rr, s, "request", 0, err, sizeof err), 0);
	date_format(store_today(), today);
	assert_int_equal(count(st, "SELECT count(*) FROM seeker WHERE id = '%s' AND "
	    "hardship = '' AND hardship_basis = ''", s), 1);
	assert_int_equal(count(st, "SELECT count(*) FROM assistance_plan WHERE status = 'closed' "
	    "AND leave_reason = 'request' AND left_on = '%s' AND left_hardship = 'older' AND "
	    "left_basis = '京人社就发2020-12' AND next_due = ''", today), 1);
	/* Both changes go to the district. */
	assert_int_equal(count(st, "SELECT count(*) FROM outbox WHERE tbl = 'seeker' AND "
	    "op = 'update'"), 1);
	assert_int_equal(casefile_due_list(st, NULL, "110105", store_today(), due, 10, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(casefile_leave(st, &rr, s, "request", 0, err, sizeof err), -1);
	assert_int_equal(casefile_contact(st, s, day(0, d), "phone", "seeking", "", err,
	    sizeof err), -1);
	assert_mentions(err, "closed");
	/* The timeline has the end of the status, with the kind it had, and the contact. */
	assert_int_equal(casefile_timeline(st, s, 100, &t), 0);
	assert_int_equal(t.lines[0].what, CASEFILE_LEFT);
	assert_string_equal(t.lines[0].code2, "older");
	for (i = 0; i < t.n; i++)
		left += t.lines[i].what == CASEFILE_CONTACT &&
		    strcmp(t.lines[i].text, "仍在求职") == 0;
	assert_int_equal(left, 1);
	casefile_timeline_free(&t);
	assert_int_equal(count(st, "SELECT count(*) FROM audit WHERE action = 'casefile'"), 1);
}

/* The persons of the due list, by name in its order, "+" after one without a file. */
static const char *
due_names(struct store *st, const char *clerk, const char *office, char *out, size_t outlen)
{
	struct casefile_due due[10];
	size_t n, i;

	*out = '\0';
	assert_int_equal(casefile_due_list(st, clerk, office, store_today(), due, 10, &n), 0);
	for (i = 0; i < n; i++)
		snprintf(out + strlen(out), outlen - strlen(out), "%s%s%s", i > 0 ? " " : "",
		    due[i].name, due[i].nofile ? "+" : "");
	return out;
}

/*
 * The office's list: the persons of the office and the offices under it,
 * not the whole database; and a person in hardship status without a file
 * is on it from the day of their registration, until the file is made.
 */
static void
test_store_due_offices(void **state)
{
	struct store *st = *state;
	struct casefile_due due[10];
	char a[IDENT_LEN + 1], b[IDENT_LEN + 1], c[IDENT_LEN + 1], d[IDENT_LEN + 1];
	char e[IDENT_LEN + 1], plan[IDENT_LEN + 1], err[400] = "", day45[11], reg[11];
	char got[200], sql[200];
	size_t n;

	/* The district 110105 with two streets, and another district. */
	exec_sql(st, "INSERT INTO office (code, name, level, parent) VALUES "
	    "('110105-001', '建外街道', 'street', '110105'), "
	    "('110105-002', '呼家楼街道', 'street', '110105'), "
	    "('110108', '海淀区', 'district', NULL)");
	seeker(st, "11010519800307123", "甲一", "older", a);
	seeker(st, "11010519810307123", "乙二", "older", b);
	seeker(st, "11010519820307123", "丙三", "older", c);
	seeker(st, "11010519830307123", "丁四", "disabled", d);
	seeker(st, "11010519840307123", "戊五", "", e);
	day(-45, day45);
	/* Files opened six weeks ago, a contact then: due now. */
	assert_int_equal(casefile_open(st, a, plan, err, sizeof err), 0);
	assert_int_equal(casefile_open(st, b, plan, err, sizeof err), 0);
	assert_int_equal(casefile_open(st, c, plan, err, sizeof err), 0);
	assert_int_equal(casefile_contact(st, a, day45, "phone", "seeking", "", err, sizeof err),
	    0);
	assert_int_equal(casefile_contact(st, b, day(-44, reg), "phone", "seeking", "", err,
	    sizeof err), 0);
	assert_int_equal(casefile_contact(st, c, day(-43, reg), "phone", "seeking", "", err,
	    sizeof err), 0);
	/* 丁四 registered two months ago, recognised, no file: due since then. */
	exec_sql(st, "UPDATE seeker SET office = '110105-001' WHERE name IN "
	    "('甲一', '丁四', '戊五')");
	exec_sql(st, "UPDATE seeker SET office = '110105-002' WHERE name = '乙二'");
	exec_sql(st, "UPDATE seeker SET office = '110108' WHERE name = '丙三'");
	snprintf(sql, sizeof sql, "UPDATE seeker SET registered_on = '%s' WHERE name = '丁四'",
	    day(-60, reg));
	exec_sql(st, sql);

	/* A street's supervisor: the street's persons, the one without a file first. */
	assert_string_equal(due_names(st, NULL, "110105-001", got, sizeof got), "丁四+ 甲一");
	assert_string_equal(due_names(st, NULL, "110105-002", got, sizeof got), "乙二");
	/* The district's: its streets'; never another district's. */
	assert_string_equal(due_names(st, NULL, "110105", got, sizeof got), "丁四+ 甲一 乙二");
	assert_string_equal(due_names(st, NULL, "110108", got, sizeof got), "丙三");
	assert_int_equal(casefile_due_list(st, NULL, "110105", store_today(), due, 10, &n), 0);
	assert_string_equal(due[0].due, reg);
	assert_string_equal(due[0].caseworker, "");
	assert_null(strstr(due[0].id_masked, "19830307"));
	/* A clerk's own list is their files only, whatever the office. */
	assert_string_equal(due_names(st, "wang.li", NULL, got, sizeof got), "甲一 乙二 丙三");
	/* The file made: 丁四 leaves the list until the first contact is due. */
	assert_int_equal(casefile_open(st, d, plan, err, sizeof err), 0);
	assert_string_equal(due_names(st, NULL, "110105", got, sizeof got), "甲一 乙二");
	/* A person who left the status is off it, file or not. */
	exec_sql(st, "UPDATE seeker SET hardship = 'older' WHERE name = '戊五'");
	assert_string_equal(due_names(st, NULL, "110105-001", got, sizeof got), "甲一 戊五+");
	exec_sql(st, "UPDATE seeker SET hardship = '' WHERE name = '戊五'");
	assert_string_equal(due_names(st, NULL, "110105-001", got, sizeof got), "甲一");
}

/*
 * The timeline has every service once: a session's guidance is the
 * session's line, and an interest inventory's, which has no session, a
 * line of its own.
 */
static void
test_store_timeline_services(void **state)
{
	struct store *st = *state;
	struct fields f = FIELDS_INIT;
	struct inventory_rec rec;
	struct casefile_timeline t;
	char s[IDENT_LEN + 1], first[IDENT_LEN + 1], err[400] = "", today[11];
	const char *who[1];
	size_t i, sessions = 0, guidance = 0;

	seeker(st, "11010519800307123", "王小明", "older", s);
	exec_sql(st, "UPDATE account SET guidance_grade = '3'");
	who[0] = s;
	fields_set(&f, "held_on", day(0, today));
	fields_set(&f, "kind", "individual");
	assert_int_equal(guidance_record(st, who, 1, &f, first, err, sizeof err), 0);
	fields_free(&f);
	assert_int_equal(inventory_begin(st, s, "riasec", 36, &rec, err, sizeof err), 0);
	assert_int_equal(inventory_finish(st, rec.id, "555555555555555555555555555555555555",
	    "R30 I30 A30 S30 E30 C30", "RIA", err, sizeof err), 0);
	assert_int_equal(count(st, "SELECT count(*) FROM service_event WHERE type = 'guidance'"),
	    2);
	assert_int_equal(casefile_timeline(st, s, 100, &t), 0);
	for (i = 0; i < t.n; i++) {
		sessions += t.lines[i].what == CASEFILE_GUIDANCE;
		guidance += t.lines[i].what == CASEFILE_SERVICE &&
		    strcmp(t.lines[i].code, "guidance") == 0;
	}
	casefile_timeline_free(&t);
	assert_int_equal(sessions, 1);
	assert_int_equal(guidance, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_months),
		cmocka_unit_test(test_next_due),
		cmocka_unit_test(test_leave_rules),
		cmocka_unit_test_setup_teardown(test_store_file, setup, store_teardown),
		cmocka_unit_test_setup_teardown(test_store_leave, setup, store_teardown),
		cmocka_unit_test_setup_teardown(test_store_due_offices, setup, store_teardown),
		cmocka_unit_test_setup_teardown(test_store_timeline_services, setup, store_teardown),
	};

	if (utf8_locale("test_casefile") != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
