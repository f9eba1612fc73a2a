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
#include <string.h>

#include "core/roster.h"

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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_once_a_year),
		cmocka_unit_test(test_employer_once),
		cmocka_unit_test(test_first_office),
		cmocka_unit_test(test_paid_and_unknown),
		cmocka_unit_test(test_checks),
	};

	if (utf8_locale("test_roster") != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
