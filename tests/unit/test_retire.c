/*
 * Unit tests for src/core/retire.c: the statutory retirement age of a job
 * seeker under the 2025 schedule (its endpoints worked out by month of
 * birth), the day a person reaches it, a base the schedule does not name,
 * the "none" setting, and the warning the clerk reads.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/check.h"
#include "core/retire.h"

#include "testlib.h"

#define MALE	1
#define FEMALE	2

/* The shipped defaults: men 60, women 50 (women workers), the 2025 delay. */
static const struct retire_rule defaults = {
	.age_male = 60, .age_female = 50, .delay = RETIRE_DELAY_2025,
};

/* The retirement age in months of a person of sex born in the month ym (YYYYMM), on its 15th. */
static int
at(const struct retire_rule *rule, int sex, int ym)
{
	return retire_age_months(rule, sex, ym * 100 + 15);
}

/*
 * Men, base 60: one month later for every four months of birth from
 * 1965-01, up to 63, which births from 1976-09 reach: 1976-09 is the
 * 141st month from 1965-01, 141 / 4 rounded up is 36 months.
 */
static void
test_men_60(void **state)
{
	(void)state;
	assert_int_equal(retire_age_months(&defaults, MALE, 19641231), 60 * 12);
	assert_int_equal(retire_age_months(&defaults, MALE, 19650101), 60 * 12 + 1);
	assert_int_equal(at(&defaults, MALE, 196504), 60 * 12 + 1);
	assert_int_equal(at(&defaults, MALE, 196505), 60 * 12 + 2);
	assert_int_equal(at(&defaults, MALE, 196512), 60 * 12 + 3);
	assert_int_equal(at(&defaults, MALE, 197001), 61 * 12 + 4);
	assert_int_equal(at(&defaults, MALE, 197608), 62 * 12 + 11);
	assert_int_equal(at(&defaults, MALE, 197609), 63 * 12);
	assert_int_equal(at(&defaults, MALE, 199001), 63 * 12);
}

/* Women, base 55 (cadre posts): as men from 1970-01, up to 58, reached from 1981-09. */
static void
test_women_55(void **state)
{
	struct retire_rule cadre = defaults;

	(void)state;
	cadre.age_female = 55;
	assert_int_equal(at(&cadre, FEMALE, 196912), 55 * 12);
	assert_int_equal(at(&cadre, FEMALE, 197001), 55 * 12 + 1);
	assert_int_equal(at(&cadre, FEMALE, 197005), 55 * 12 + 2);
	assert_int_equal(at(&cadre, FEMALE, 198108), 57 * 12 + 11);
	assert_int_equal(at(&cadre, FEMALE, 198109), 58 * 12);
	assert_int_equal(at(&cadre, FEMALE, 199512), 58 * 12);
	/* The rule of a sex is its base age's: men keep theirs. */
	assert_int_equal(at(&cadre, MALE, 196912), 61 * 12 + 3);
}

/*
 * Women, base 50 (women workers): one month for every two months of birth
 * from 1975-01, up to 55, reached from 1984-11: its 119th month, 60 months.
 */
static void
test_women_50(void **state)
{
	(void)state;
	assert_int_equal(at(&defaults, FEMALE, 197412), 50 * 12);
	assert_int_equal(at(&defaults, FEMALE, 197501), 50 * 12 + 1);
	assert_int_equal(at(&defaults, FEMALE, 197502), 50 * 12 + 1);
	assert_int_equal(at(&defaults, FEMALE, 197503), 50 * 12 + 2);
	assert_int_equal(at(&defaults, FEMALE, 197612), 50 * 12 + 12);
	assert_int_equal(at(&defaults, FEMALE, 198410), 54 * 12 + 11);
	assert_int_equal(at(&defaults, FEMALE, 198411), 55 * 12);
	assert_int_equal(at(&defaults, FEMALE, 200001), 55 * 12);
}

/* A base the schedule does not name is not delayed; "none" delays no base. */
static void
test_no_delay(void **state)
{
	struct retire_rule other = { .age_male = 62, .age_female = 52,
	    .delay = RETIRE_DELAY_2025 };
	struct retire_rule none = defaults;

	(void)state;
	assert_int_equal(at(&other, MALE, 198001), 62 * 12);
	assert_int_equal(at(&other, FEMALE, 198001), 52 * 12);
	none.delay = RETIRE_DELAY_NONE;
	assert_int_equal(at(&none, MALE, 198001), 60 * 12);
	assert_int_equal(at(&none, FEMALE, 198001), 50 * 12);
	none.age_female = 55;
	assert_int_equal(at(&none, FEMALE, 198001), 55 * 12);
}

/* Assert that the person is of retirement age on today, with needle in the warning. */
static void
reached(const struct retire_rule *rule, int sex, int birth, int today, const char *needle)
{
	char msg[256] = "";

	if (retire_check(rule, sex, birth, today, NULL, msg, sizeof msg) != 1)
		fail_msg("born %d, not of retirement age on %d", birth, today);
	assert_mentions(msg, needle);
}

/* Assert that the person is not of retirement age on today, and no warning is written. */
static void
not_reached(const struct retire_rule *rule, int sex, int birth, int today)
{
	char msg[256] = "";

	if (retire_check(rule, sex, birth, today, NULL, msg, sizeof msg) != 0)
		fail_msg("born %d, of retirement age on %d: %s", birth, today, msg);
	assert_string_equal(msg, "");
}

/*
 * The day the age is reached: a man born 1965-03-15 retires at 60 years
 * and 1 month, on 2025-04-15; the day before he has not reached it.
 */
static void
test_the_day(void **state)
{
	struct retire_result r;
	char msg[256];

	(void)state;
	not_reached(&defaults, MALE, 19650315, 20250414);
	reached(&defaults, MALE, 19650315, 20250415, "(men: 60 years 1 month)");
	reached(&defaults, MALE, 19650315, 20250416, "check if retired");
	/* What was reached, in months, either way. */
	assert_int_equal(retire_check(&defaults, MALE, 19650315, 20250414, &r, msg, sizeof msg), 0);
	assert_int_equal(r.age_months, 60 * 12);
	assert_int_equal(r.retire_months, 60 * 12 + 1);
	assert_int_equal(retire_check(&defaults, MALE, 19650315, 20261207, &r, msg, sizeof msg), 1);
	assert_int_equal(r.age_months, 61 * 12 + 8);
	/* A whole number of years is said so, without months. */
	reached(&defaults, MALE, 19641231, 20241231, "(men: 60 years)");
	not_reached(&defaults, MALE, 19641231, 20241230);
}

/*
 * Month arithmetic: born on the 31st, the age is reached on the 1st after
 * a shorter month; born on 29 February, on 1 March of a common year.
 */
static void
test_month_ends(void **state)
{
	struct retire_rule none = defaults;

	(void)state;
	/* 60 years 1 month after 1965-01-31 is "2025-02-31": 2025-03-01. */
	not_reached(&defaults, MALE, 19650131, 20250228);
	reached(&defaults, MALE, 19650131, 20250301, "60 years 1 month");
	/* 50 years 7 months after 1976-02-29 is 2026-09-29. */
	not_reached(&defaults, FEMALE, 19760229, 20260928);
	reached(&defaults, FEMALE, 19760229, 20260929, "(women: 50 years 7 months)");
	none.delay = RETIRE_DELAY_NONE;
	not_reached(&none, FEMALE, 19720229, 20220228);
	reached(&none, FEMALE, 19720229, 20220301, "(women: 50 years)");
	/* A leap year has the day itself. */
	not_reached(&none, MALE, 19640229, 20240228);
	reached(&none, MALE, 19640229, 20240229, "(men: 60 years)");
}

/* The same birth date: a woman worker is of retirement age, a man is not. */
static void
test_sexes(void **state)
{
	(void)state;
	reached(&defaults, FEMALE, 19700610, 20261207, "(women: 50 years)");
	not_reached(&defaults, MALE, 19700610, 20261207);
	/* Someone young is never warned; an unknown sex is not guessed. */
	not_reached(&defaults, FEMALE, 19900610, 20261207);
	not_reached(&defaults, 0, 19400610, 20261207);
}

/* Run every test above; the exit status is the number that failed. */
int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_men_60),
		cmocka_unit_test(test_women_55),
		cmocka_unit_test(test_women_50),
		cmocka_unit_test(test_no_delay),
		cmocka_unit_test(test_the_day),
		cmocka_unit_test(test_month_ends),
		cmocka_unit_test(test_sexes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
