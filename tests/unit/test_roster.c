/*
 * Unit tests for the subsidy roster (花名册): the rules against hand-made
 * cases (the same person twice in a year, the same person and employer in
 * two years, two offices referring one person to one employer, a paid
 * referral, a hire missing from the ledger), the 1/3/6-month checks'
 * due days and states; and the roster built from a small hand-made
 * database, its rows and the reasons of the rows listed apart written
 * out by hand.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/report.h"
#include "common/wtext.h"
#include "core/ident.h"
#include "core/roster.h"
#include "core/service.h"
#include "print/report-out.h"
#include "store/report.h"
#include "store/store.h"

#include "testlib.h"

/* A referral for the rules: by whom, of whom to which employer, when. */
static struct roster_referral
ref(const char *number, const char *person, const char *employer, const char *office,
    int referred, int hired, enum roster_state state, enum roster_ledger ledger)
{
	struct roster_referral r;

	memset(&r, 0, sizeof r);
	r.number = number;
	r.person = person;
	r.employer = employer;
	r.office = office;
	r.referred = referred;
	r.hired = hired;
	r.state = state;
	r.ledger = ledger;
	return r;
}

/* The same person placed three times: twice in 2026 (the second is held back), once in 2027. */
static void
test_once_a_year(void **state)
{
	struct roster_referral r[3];

	(void)state;
	/* Given out of order: the rules order them by the hire. */
	r[0] = ref("A-0002", "p1", "e2", "A", 20260420, 20260501, ROSTER_HIRED, ROSTER_FREE);
	r[1] = ref("A-0001", "p1", "e1", "A", 20260201, 20260210, ROSTER_HIRED, ROSTER_FREE);
	r[2] = ref("A-0003", "p1", "e3", "A", 20270105, 20270115, ROSTER_HIRED, ROSTER_FREE);
	roster_decide(r, 3);
	assert_int_equal(r[1].verdict, ROSTER_CLAIM);
	assert_int_equal(r[0].verdict, ROSTER_YEAR_AGAIN);
	assert_int_equal(r[0].because, 1);
	assert_int_equal(r[2].verdict, ROSTER_CLAIM);
}

/* The same person and employer in two years: once only, whichever year. */
static void
test_employer_once(void **state)
{
	struct roster_referral r[3];

	(void)state;
	r[0] = ref("A-0001", "p1", "e1", "A", 20250601, 20250610, ROSTER_HIRED, ROSTER_FREE);
	r[1] = ref("B-0001", "p1", "e1", "B", 20260301, 20260305, ROSTER_HIRED, ROSTER_FREE);
	/* Another person with the same employer is no business of p1's. */
	r[2] = ref("B-0002", "p2", "e1", "B", 20260301, 20260305, ROSTER_HIRED, ROSTER_FREE);
	roster_decide(r, 3);
	assert_int_equal(r[0].verdict, ROSTER_CLAIM);
	/* Rule 1 is tried before rule 3 (office A referred p1 to e1 first, in 2025). */
	assert_int_equal(r[1].verdict, ROSTER_EMPLOYER_AGAIN);
	assert_int_equal(r[1].because, 0);
	assert_int_equal(r[2].verdict, ROSTER_CLAIM);
}

/*
 * Two offices refer one person to one employer: office A first, its letter
 * still open, office B records the hire: B's is held back for A's letter.
 * When A records the hire too, A's is the claim, and in the same year.
 */
static void
test_first_office(void **state)
{
	struct roster_referral r[3];

	(void)state;
	r[0] = ref("A-0001", "p1", "e1", "A", 20260301, 0, ROSTER_OPEN, ROSTER_FREE);
	r[1] = ref("B-0001", "p1", "e1", "B", 20260305, 20260310, ROSTER_HIRED, ROSTER_FREE);
	/* A referral to another employer, earlier, does not count. */
	r[2] = ref("C-0001", "p1", "e9", "C", 20260101, 0, ROSTER_OPEN, ROSTER_FREE);
	roster_decide(r, 3);
	assert_int_equal(r[0].verdict, ROSTER_NONE);
	assert_int_equal(r[1].verdict, ROSTER_NOT_FIRST);
	assert_int_equal(r[1].because, 0);
	assert_int_equal(r[2].verdict, ROSTER_NONE);

	r[0].state = ROSTER_HIRED;
	r[0].hired = 20260312;
	roster_decide(r, 3);
	assert_int_equal(r[0].verdict, ROSTER_CLAIM);
	assert_int_equal(r[1].verdict, ROSTER_NOT_FIRST);

	/* A's letter closed without a hire (a no-show): B placed the person. */
	r[0].state = ROSTER_CLOSED;
	r[0].hired = 0;
	roster_decide(r, 3);
	assert_int_equal(r[0].verdict, ROSTER_NONE);
	assert_int_equal(r[1].verdict, ROSTER_CLAIM);

	/* On the same day, the letter number decides: "A-0001" before "B-0001". */
	r[0] = ref("A-0001", "p1", "e1", "A", 20260305, 0, ROSTER_OPEN, ROSTER_FREE);
	roster_decide(r, 3);
	assert_int_equal(r[1].verdict, ROSTER_NOT_FIRST);
	r[0].number = "C-0001";
	roster_decide(r, 3);
	assert_int_equal(r[1].verdict, ROSTER_CLAIM);

	/* The same office's earlier letter, still open, is the same office. */
	r[0] = ref("B-0000", "p1", "e1", "B", 20260201, 0, ROSTER_OPEN, ROSTER_FREE);
	roster_decide(r, 3);
	assert_int_equal(r[1].verdict, ROSTER_CLAIM);
}

/* A paid referral is on neither list and holds nothing back; one missing from the ledger is apart. */
static void
test_paid_and_unknown(void **state)
{
	struct roster_referral r[3];

	(void)state;
	r[0] = ref("A-0001", "p1", "e1", "A", 20260201, 20260210, ROSTER_HIRED, ROSTER_PAID);
	r[1] = ref("A-0002", "p1", "e2", "A", 20260301, 20260310, ROSTER_HIRED, ROSTER_FREE);
	r[2] = ref("A-0003", "p2", "e2", "A", 20260301, 20260310, ROSTER_HIRED, ROSTER_UNKNOWN);
	roster_decide(r, 3);
	assert_int_equal(r[0].verdict, ROSTER_NONE);
	assert_int_equal(r[1].verdict, ROSTER_CLAIM);
	assert_int_equal(r[2].verdict, ROSTER_NO_LEDGER);

	/* A placement held back is no claim: the next one of the year is. */
	r[0].ledger = ROSTER_FREE;
	r[0].office = "B";
	r[2] = ref("A-0000", "p1", "e1", "A", 20260115, 0, ROSTER_OPEN, ROSTER_FREE);
	roster_decide(r, 3);
	assert_int_equal(r[0].verdict, ROSTER_NOT_FIRST);
	assert_int_equal(r[0].because, 2);
	assert_int_equal(r[1].verdict, ROSTER_CLAIM);
	roster_decide(r, 0);
}

/* The checks' days: a day the month lacks runs over; their states against today. */
static void
test_checks(void **state)
{
	(void)state;
	assert_int_equal(roster_check_months[0], 1);
	assert_int_equal(roster_check_months[2], 6);
	assert_int_equal(roster_check_due(20260310, 1), 20260410);
	assert_int_equal(roster_check_due(20260131, 1), 20260303);
	assert_int_equal(roster_check_due(20280131, 1), 20280302);
	assert_int_equal(roster_check_due(20260831, 6), 20270303);
	assert_int_equal(roster_check_due(20261130, 3), 20270302);
	assert_int_equal(roster_check_due(20261215, 1), 20270115);
	assert_int_equal(roster_check_state(0, 0, 0, 20260410, 20260409), ROSTER_CHECK_LATER);
	assert_int_equal(roster_check_state(0, 0, 0, 20260410, 20260410), ROSTER_CHECK_DUE);
	assert_int_equal(roster_check_state(1, 1, 1, 20260410, 20260101), ROSTER_CHECK_INSURED);
	assert_int_equal(roster_check_state(1, 1, 0, 20260410, 20260501), ROSTER_CHECK_EMPLOYED);
	assert_int_equal(roster_check_state(1, 0, 1, 20260410, 20260501), ROSTER_CHECK_LEFT);
}

/*
 * The report frame's column flags the roster stands on: text cuts a name
 * before a whole column (a letter number), leaves a data-only column out
 * and shows a text-only one; CSV and JSON leave the text-only column out,
 * and JSON keeps a code column's digits a string.
 */
static void
test_frame_flags(void **state)
{
	const char *cells[4] = { "110105-01-T1-2026-00001", "北京华联综合超市股份有限公司",
	    "110105198501011015", "ins - -" };
	struct report_table *t;
	struct report r;
	struct buf out = BUF_INIT;
	char *csv = NULL;
	size_t csvlen = 0;
	FILE *fp;

	(void)state;
	report_init(&r, "flags", "Flags");
	t = report_table_add(&r, "t", "");
	report_column(t, "number", "Letter", REPORT_LEFT);
	report_column_flags(t, REPORT_COL_WHOLE);
	report_column(t, "employer", "Employer", REPORT_LEFT);
	report_column(t, "id_number", NULL, REPORT_LEFT);
	report_column(t, "checks", "Checks", REPORT_LEFT);
	report_column_flags(t, REPORT_COL_TEXT | REPORT_COL_WHOLE);
	report_row(t, REPORT_ROW, cells);
	report_text(&r, 40, &out);
	/* 23 + 2 + 6 + 2 + 7 = 40: the employer cut to its least, the others whole. */
	assert_non_null(strstr(out.data, "110105-01-T1-2026-00001  北京 >  ins - -\n"));
	assert_null(strstr(out.data, "110105198501011015"));
	buf_reset(&out);
	report_json(&r, &out);
	assert_non_null(strstr(out.data, "\"id_number\": \"110105198501011015\""));
	assert_null(strstr(out.data, "ins - -"));
	fp = open_memstream(&csv, &csvlen);
	assert_non_null(fp);
	assert_int_equal(report_csv(&r, fp), 0);
	fclose(fp);
	assert_string_equal(csv, "number,employer,id_number\r\n110105-01-T1-2026-00001,"
	    "北京华联综合超市股份有限公司,110105198501011015\r\n");
	free(csv);
	buf_free(&out);
	report_free(&r);
}

/* The district's identity key in these tests: the service events' ids derive from it. */
static const unsigned char roster_key[IDENT_KEYLEN] = { 7, 1, 2, 6 };

/* A person's record (a tombstone merged into survivor when survivor is not NULL). */
static void
put_seeker(struct store *st, const char *id, const char *idnumber, const char *name,
    const char *survivor)
{
	char sql[512];

	if (survivor == NULL)
		snprintf(sql, sizeof sql, "INSERT INTO seeker (id, id_number, name, registered_on, "
		    "valid_until, office, created_by, hlc) VALUES ('%s', '%s', '%s', '2025-01-02', "
		    "'2025-04-02', '110105', 'wang.li', 1)", id, idnumber, name);
	else
		snprintf(sql, sizeof sql, "INSERT INTO seeker (id, id_number, name, registered_on, "
		    "valid_until, office, created_by, hlc, deleted, replaced_by) VALUES ('%s', NULL, "
		    "'', '2025-01-02', '2025-04-02', '110105', 'wang.li', 1, 1, '%s')", id, survivor);
	exec_sql(st, sql);
}

/*
 * A referral by office of seeker to employer: its letter, the day it was
 * made, its status and the hire's day; with its referral service free
 * (1), paid (0) or missing (-1), as the terminal that made it derives
 * the service's id.
 */
static void
put_referral(struct store *st, const char *id, const char *number, const char *seeker,
    const char *employer, const char *office, const char *referred, const char *status,
    const char *hired, int free_service, const char *basis)
{
	char sql[1024], key[160], event[IDENT_LEN + 1];

	snprintf(sql, sizeof sql, "INSERT INTO referral (id, number, seeker_id, vacancy_id, "
	    "employer_id, status, outcome_on, office, created_by, registered_on, hlc) VALUES "
	    "('%s', '%s', '%s', 'v-%s', '%s', '%s', '%s', '%s', 'clerk', '%s', 1)", id, number,
	    seeker, id, employer, status, hired, office, referred);
	exec_sql(st, sql);
	if (free_service < 0)
		return;
	service_once_key("referral", seeker, id, key, sizeof key);
	ident_derive(roster_key, "service_event", key, event);
	snprintf(sql, sizeof sql, "INSERT INTO service_event (id, type, seeker_id, vacancy_id, "
	    "clerk, office, at, free, basis, hlc) VALUES ('%s', 'referral', '%s', 'v-%s', "
	    "'clerk', '%s', '%sT02:00:00Z', %d, '%s', 1)", event, seeker, id, office, referred,
	    free_service, basis);
	exec_sql(st, sql);
}

/* A check on a hire, made at (its order among the month's checks). */
static void
put_check(struct store *st, const char *referral, const char *month, const char *on,
    int employed, int insured, const char *at)
{
	char sql[512];

	snprintf(sql, sizeof sql, "INSERT INTO placement_check (id, referral_id, seeker_id, month, "
	    "checked_on, employed, insured, clerk, office, at, hlc) VALUES ('c-%s-%s', '%s', "
	    "'x', '%s', '%s', %d, %d, 'clerk', '110105', '%s', 1)", referral, at, referral,
	    month, on, employed, insured, at);
	exec_sql(st, sql);
}

/* The ID numbers of the hand-made people, P1 to P7. */
static char ids[8][20];

/*
 * The hand-made district: 110105 with two streets, A (110105001) and B
 * (110105002); two employers; seven people and their referrals (see
 * test_store_roster for what each stands for).
 */
static int
roster_setup(void **state)
{
	static const char *const seventeen[8] = {
		"", "11010519800101001", "11010519810202002", "11010519820303003",
		"11010519830404004", "11010519840505005", "11010519850606006", "11010519860707007",
	};
	struct store *st;
	char err[256];
	size_t i;

	if (store_setup(state) != 0)
		return -1;
	st = *state;
	if (store_set_identity_key(st, roster_key, "config", err, sizeof err) != 0)
		fail_msg("%s", err);
	for (i = 1; i < 8; i++)
		snprintf(ids[i], sizeof ids[i], "%s", idnum(seventeen[i]));
	exec_sql(st, "INSERT INTO office (code, name, level, parent) VALUES "
	    "('110105001', '建外街道', 'street', '110105'), "
	    "('110105002', '朝外街道', 'street', '110105')");
	exec_sql(st, "INSERT INTO employer (id, uscc, name, office, created_by, registered_on, hlc) "
	    "VALUES ('e1', '91110105MA00000011', '北京华联超市有限公司', '110105', 'wang.li', "
	    "'2025-01-02', 1), ('e2', '91110105MA00000022', '朝阳物业服务中心', '110105', "
	    "'wang.li', '2025-01-02', 1)");
	put_seeker(st, "p1", ids[1], "张三", NULL);
	put_seeker(st, "p2", ids[2], "李四", NULL);
	put_seeker(st, "p2old", NULL, NULL, "p2");
	put_seeker(st, "p3", ids[3], "王五", NULL);
	put_seeker(st, "p4", ids[4], "赵六", NULL);
	put_seeker(st, "p5", ids[5], "钱七", NULL);
	put_seeker(st, "p6", ids[6], "孙八", NULL);
	put_seeker(st, "p6old", NULL, NULL, "p6");
	put_seeker(st, "p7", ids[7], "周九", NULL);
	/* P1: on the roster in January; placed again in March, the same year. */
	put_referral(st, "a1", "110105001-T1-2026-00001", "p1", "e1", "110105001", "2026-01-05",
	    "hired", "2026-01-10", 1, "hardship");
	put_referral(st, "a2", "110105001-T1-2026-00002", "p1", "e2", "110105001", "2026-03-02",
	    "hired", "2026-03-05", 1, "hardship");
	/* P2: placed with e1 in 2025 under an older record, merged since; again with e1. */
	put_referral(st, "b1", "110105002-T1-2025-00007", "p2old", "e1", "110105002", "2025-06-01",
	    "hired", "2025-06-10", 1, "unemployed");
	put_referral(st, "b2", "110105002-T1-2026-00003", "p2", "e1", "110105002", "2026-03-01",
	    "hired", "2026-03-10", 1, "unemployed");
	/* P3: A referred to e2 first (still open), B's letter later brought the hire. */
	put_referral(st, "a3", "110105001-T1-2026-00003", "p3", "e2", "110105001", "2026-03-03",
	    "issued", "", 1, "");
	put_referral(st, "b3", "110105002-T1-2026-00004", "p3", "e2", "110105002", "2026-03-04",
	    "hired", "2026-03-12", 1, "");
	/* P4: a paid referral's hire, then a free one in the same year. */
	put_referral(st, "a4", "110105001-T1-2026-00004", "p4", "e1", "110105001", "2026-03-05",
	    "hired", "2026-03-15", 0, "");
	put_referral(st, "a5", "110105001-T1-2026-00005", "p4", "e2", "110105001", "2026-03-06",
	    "hired", "2026-03-20", 1, "migrant");
	put_check(st, "a5", "1", "2026-04-21", 0, 0, "2026-04-21T01:00:00Z");
	put_check(st, "a5", "1", "2026-04-25", 1, 0, "2026-04-25T01:00:00Z");
	put_check(st, "a5", "3", "2026-06-10", 0, 0, "2026-06-10T01:00:00Z");
	/* P5: hired on the period's first day; the 1-month check made, the 3-month one due. */
	put_referral(st, "b4", "110105002-T1-2026-00005", "p5", "e1", "110105002", "2026-02-20",
	    "hired", "2026-03-01", 1, "hardship");
	put_check(st, "b4", "1", "2026-04-02", 1, 1, "2026-04-02T01:00:00Z");
	/* P6: a hire under a record merged since, whose service is not in the ledger. */
	put_referral(st, "a6", "110105001-T1-2026-00006", "p6old", "e1", "110105001", "2026-03-01",
	    "hired", "2026-03-02", -1, "");
	/* P7: hired on the period's last day; a hire the day after and one before it, outside. */
	put_referral(st, "b5", "110105002-T1-2026-00006", "p7", "e2", "110105002", "2026-03-25",
	    "hired", "2026-03-31", 1, "hardship");
	put_referral(st, "b6", "110105002-T1-2026-00007", "p5", "e2", "110105002", "2026-03-28",
	    "hired", "2026-04-01", 1, "hardship");
	put_referral(st, "b7", "110105002-T1-2026-00008", "p6", "e2", "110105002", "2026-02-20",
	    "hired", "2026-02-28", 1, "hardship");
	/* Closed without a hire: on neither list. */
	put_referral(st, "a7", "110105001-T1-2026-00009", "p7", "e1", "110105001", "2026-03-10",
	    "no_show", "2026-03-12", 1, "hardship");
	return 0;
}

/* The roster of office for March 2026, as on 15 June 2026. */
static void
build(struct store *st, const char *office, struct report *r)
{
	struct report_query q;
	char err[256] = "";

	memset(&q, 0, sizeof q);
	q.office = office;
	q.from = 20260301;
	q.to = 20260331;
	q.today = 20260615;
	if (report_roster(st, &q, r, err, sizeof err) != 0)
		fail_msg("report_roster: %s", err);
	assert_int_equal(r->ntables, 2);
}

/* The cell of a table's row under column key. */
static const char *
cell(const struct report_table *t, size_t row, const char *key)
{
	size_t j;

	assert_true(row < t->nrows);
	for (j = 0; j < t->ncols; j++)
		if (strcmp(t->cols[j].key, key) == 0)
			return t->rows[row].cells[j];
	fail_msg("no column \"%s\" in %s", key, t->key);
	return NULL;
}

/* The letter numbers of a table's rows, one string "a b c". */
static void
letters(const struct report_table *t, char *out, size_t outlen)
{
	size_t i, len;

	*out = '\0';
	for (i = 0; i < t->nrows; i++) {
		len = strlen(out);
		snprintf(out + len, outlen - len, "%s%s", i > 0 ? " " : "",
		    cell(t, i, "number"));
	}
}

/*
 * The district's roster of March: the rows and the reasons written out
 * by hand; each street's roster is exactly its part; the text at 80
 * columns without ID numbers, the CSV with them whole; audited as an export.
 */
static void
test_store_roster(void **state)
{
	struct store *st = *state;
	struct report r, a, b;
	const struct report_table *on, *held;
	struct buf text = BUF_INIT;
	char got[512], *csv = NULL, *line;
	size_t csvlen = 0;
	FILE *fp;

	build(st, "110105", &r);
	on = r.tables[0];
	held = r.tables[1];
	assert_string_equal(on->key, "roster");
	assert_string_equal(held->key, "held_back");
	/* On the roster, by hire date: P5 (1 March), P4's free one (20 March), P7 (31 March). */
	letters(on, got, sizeof got);
	assert_string_equal(got, "110105002-T1-2026-00005 110105001-T1-2026-00005 "
	    "110105002-T1-2026-00006");
	assert_string_equal(cell(on, 0, "name"), "钱七");
	assert_string_equal(cell(on, 0, "id_number"), ids[5]);
	assert_string_equal(cell(on, 0, "employer_uscc"), "91110105MA00000011");
	assert_string_equal(cell(on, 0, "employer"), "北京华联超市有限公司");
	assert_string_equal(cell(on, 0, "referred_on"), "2026-02-20");
	assert_string_equal(cell(on, 0, "hired_on"), "2026-03-01");
	assert_string_equal(cell(on, 0, "check1"), "employed, insured");
	assert_string_equal(cell(on, 0, "check1_on"), "2026-04-02");
	assert_string_equal(cell(on, 0, "check3"), "due, not made");
	assert_string_equal(cell(on, 0, "check3_on"), "2026-06-01");
	assert_string_equal(cell(on, 0, "check6"), "");
	assert_string_equal(cell(on, 0, "check6_on"), "2026-09-01");
	assert_string_equal(cell(on, 0, "checks"), "ins due -");
	assert_string_equal(cell(on, 0, "basis"), "hardship");
	assert_string_equal(cell(on, 0, "office"), "110105002");
	assert_string_equal(cell(on, 0, "rule"), "");
	/* The later check of a month stands: employed, not insured; then left by 3 months. */
	assert_string_equal(cell(on, 1, "checks"), "emp left -");
	assert_string_equal(cell(on, 1, "check1_on"), "2026-04-25");
	assert_string_equal(cell(on, 1, "basis"), "migrant");
	/* 31 March plus one month runs over into 1 May. */
	assert_string_equal(cell(on, 2, "checks"), "due - -");
	assert_string_equal(cell(on, 2, "check1_on"), "2026-05-01");
	/* Held back, by hire date, each with its rule and the letter before it. */
	letters(held, got, sizeof got);
	assert_string_equal(got, "110105001-T1-2026-00006 110105001-T1-2026-00002 "
	    "110105002-T1-2026-00003 110105002-T1-2026-00004");
	assert_string_equal(cell(held, 0, "rule"), "no_ledger");
	assert_string_equal(cell(held, 0, "reason"), "not in the ledger");
	assert_string_equal(cell(held, 0, "before"), "");
	/* The merged record's hire is the survivor's. */
	assert_string_equal(cell(held, 0, "name"), "孙八");
	assert_string_equal(cell(held, 0, "id_number"), ids[6]);
	assert_string_equal(cell(held, 1, "rule"), "once_a_year");
	assert_string_equal(cell(held, 1, "reason"), "already this year");
	assert_string_equal(cell(held, 1, "before"), "110105001-T1-2026-00001");
	assert_string_equal(cell(held, 2, "rule"), "employer_once");
	assert_string_equal(cell(held, 2, "reason"), "same employer before");
	assert_string_equal(cell(held, 2, "before"), "110105002-T1-2025-00007");
	assert_string_equal(cell(held, 2, "name"), "李四");
	assert_string_equal(cell(held, 3, "rule"), "first_office");
	assert_string_equal(cell(held, 3, "reason"), "referred first by");
	assert_string_equal(cell(held, 3, "before"), "110105001-T1-2026-00003");
	/* An export of personal data: audited as the exports are, one record. */
	assert_int_equal(count(st, "SELECT count(*) FROM audit WHERE action = 'roster' AND "
	    "tbl = 'seeker' AND record_id = '*' AND clerk = 'wang.li'"), 1);

	/* Each street's roster is its part of the district's, decided by the same rules. */
	build(st, "110105001", &a);
	letters(a.tables[0], got, sizeof got);
	assert_string_equal(got, "110105001-T1-2026-00005");
	letters(a.tables[1], got, sizeof got);
	assert_string_equal(got, "110105001-T1-2026-00006 110105001-T1-2026-00002");
	build(st, "110105002", &b);
	letters(b.tables[0], got, sizeof got);
	assert_string_equal(got, "110105002-T1-2026-00005 110105002-T1-2026-00006");
	letters(b.tables[1], got, sizeof got);
	assert_string_equal(got, "110105002-T1-2026-00003 110105002-T1-2026-00004");
	assert_string_equal(cell(b.tables[1], 1, "before"), "110105001-T1-2026-00003");
	report_free(&a);
	report_free(&b);

	/* Text: 80 columns, the letters whole, no ID number; CSV: the ID numbers whole. */
	report_text(&r, 80, &text);
	for (line = text.data; line != NULL && *line != '\0'; line = strchr(line, '\n') + 1) {
		char one[512];

		snprintf(one, sizeof one, "%.*s", (int)strcspn(line, "\n"), line);
		if (wtext_width(one) > 80)
			fail_msg("a line wider than 80 columns: %s", one);
	}
	assert_non_null(strstr(text.data, "110105002-T1-2026-00005"));
	assert_non_null(strstr(text.data, "ins due -"));
	assert_null(strstr(text.data, ids[5]));
	assert_null(strstr(text.data, "91110105MA00000011"));
	fp = open_memstream(&csv, &csvlen);
	assert_non_null(fp);
	assert_int_equal(report_csv(&r, fp), 0);
	fclose(fp);
	assert_true(strncmp(csv, "table,number,name,id_number,employer_uscc,employer,referred_on,"
	    "hired_on,check1,check1_on,check3,check3_on,check6,check6_on,basis,office,rule,"
	    "reason,before\r\n", 150) == 0);
	snprintf(got, sizeof got, "roster,110105002-T1-2026-00005,钱七,%s,91110105MA00000011,"
	    "北京华联超市有限公司,2026-02-20,2026-03-01,\"employed, insured\",2026-04-02,"
	    "\"due, not made\",2026-06-01,,2026-09-01,hardship,110105002,,,\r\n", ids[5]);
	assert_non_null(strstr(csv, got));
	assert_non_null(strstr(csv, "held_back,110105002-T1-2026-00004,王五,"));
	assert_null(strstr(csv, "ins due -"));
	free(csv);
	/* JSON: the ID number a string (18 digits are no amount), the text-only column left out. */
	buf_free(&text);
	report_json(&r, &text);
	snprintf(got, sizeof got, "\"id_number\": \"%s\"", ids[5]);
	assert_non_null(strstr(text.data, got));
	assert_non_null(strstr(text.data, "\"office\": \"110105002\""));
	assert_null(strstr(text.data, "\"checks\""));
	buf_free(&text);
	report_free(&r);
}

/*
 * What the roster reads in its own order rather than the one it shows:
 * a person and an employer registered last whose ids sort first (their
 * rows are read in the order of the tables, their texts must land on
 * their own row), a month's later check written before an earlier one
 * (the later stands, whatever order the checks are read in), and a hire
 * whose ledger row has the referral service's id under another type (the
 * ledger's word all the same, not "not in the ledger").
 */
static void
test_store_roster_reads(void **state)
{
	struct store *st = *state;
	struct report r;
	const struct report_table *on;
	char got[512], idnumber[20];

	snprintf(idnumber, sizeof idnumber, "%s", idnum("11010519870808008"));
	put_seeker(st, "p0", idnumber, "吴十", NULL);
	exec_sql(st, "INSERT INTO employer (id, uscc, name, office, created_by, registered_on, hlc) "
	    "VALUES ('e0', '91110105MA00000000', '朝阳家政服务有限公司', '110105', 'wang.li', "
	    "'2026-03-01', 1)");
	put_referral(st, "a8", "110105001-T1-2026-00010", "p0", "e0", "110105001", "2026-03-06",
	    "hired", "2026-03-08", 1, "hardship");
	put_check(st, "b4", "3", "2026-06-05", 1, 1, "2026-06-05T09:00:00Z");
	put_check(st, "b4", "3", "2026-06-01", 0, 0, "2026-06-01T09:00:00Z");
	exec_sql(st, "UPDATE service_event SET type = 'policy' WHERE vacancy_id = 'v-a5'");

	build(st, "110105", &r);
	on = r.tables[0];
	letters(on, got, sizeof got);
	assert_string_equal(got, "110105002-T1-2026-00005 110105001-T1-2026-00010 "
	    "110105001-T1-2026-00005 110105002-T1-2026-00006");
	assert_string_equal(cell(on, 0, "name"), "钱七");
	assert_string_equal(cell(on, 0, "employer"), "北京华联超市有限公司");
	assert_string_equal(cell(on, 0, "check3"), "employed, insured");
	assert_string_equal(cell(on, 0, "check3_on"), "2026-06-05");
	assert_string_equal(cell(on, 0, "checks"), "ins ins -");
	assert_string_equal(cell(on, 1, "name"), "吴十");
	assert_string_equal(cell(on, 1, "id_number"), idnumber);
	assert_string_equal(cell(on, 1, "employer_uscc"), "91110105MA00000000");
	assert_string_equal(cell(on, 1, "employer"), "朝阳家政服务有限公司");
	assert_string_equal(cell(on, 2, "name"), "赵六");
	assert_string_equal(cell(on, 2, "employer"), "朝阳物业服务中心");
	assert_string_equal(cell(on, 2, "basis"), "migrant");
	assert_string_equal(cell(on, 3, "name"), "周九");
	assert_int_equal(r.tables[1]->nrows, 4);
	report_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_once_a_year),
		cmocka_unit_test(test_employer_once),
		cmocka_unit_test(test_first_office),
		cmocka_unit_test(test_paid_and_unknown),
		cmocka_unit_test(test_checks),
		cmocka_unit_test(test_frame_flags),
		cmocka_unit_test_setup_teardown(test_store_roster, roster_setup, store_teardown),
		cmocka_unit_test_setup_teardown(test_store_roster_reads, roster_setup,
		    store_teardown),
	};

	if (utf8_locale("test_roster") != 0)
		return 1;
	return cmocka_run_group_tests(tests, store_group_setup, store_group_teardown);
}
