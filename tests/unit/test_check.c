/*
 * Unit tests for src/core/check.c: phone numbers, dates and date
 * arithmetic, integers, wage and age ranges, UTF-8 text.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "core/check.h"

#include "testlib.h"

/* Assert that the phone number in normalises to want. */
static void
phone_ok(const char *in, const char *want)
{
	char	out[13], msg[256] = "";

	if (check_phone(in, out, sizeof(out), msg, sizeof(msg)) != 0)
		fail_msg("\"%s\" rejected: %s", in, msg);
	assert_string_equal(out, want);
}

/* Assert that the phone number in is rejected with needle in the message. */
static void
phone_bad(const char *in, const char *needle)
{
	char	out[13], msg[256] = "";

	if (check_phone(in, out, sizeof(out), msg, sizeof(msg)) != -1)
		fail_msg("\"%s\" accepted as \"%s\"", in, out);
	assert_mentions(msg, needle);
}

/* Assert that in is the date want (YYYYMMDD). */
static void
date_ok(const char *in, int want)
{
	char	msg[256] = "";
	int	ymd = 0;

	if (check_date(in, &ymd, msg, sizeof(msg)) != 0)
		fail_msg("\"%s\" rejected: %s", in, msg);
	assert_int_equal(ymd, want);
}

/* Assert that the date in is rejected with needle in the message. */
static void
date_bad(const char *in, const char *needle)
{
	char	msg[256] = "";
	int	ymd = 0;

	if (check_date(in, &ymd, msg, sizeof(msg)) != -1)
		fail_msg("\"%s\" accepted as %d", in, ymd);
	assert_mentions(msg, needle);
}

/* Assert that in is the number want within [min, max]. */
static void
long_ok(const char *in, long min, long max, long want)
{
	char	msg[256] = "";
	long	v = -12345;

	if (check_long(in, min, max, &v, msg, sizeof(msg)) != 0)
		fail_msg("\"%s\" rejected: %s", in, msg);
	assert_int_equal(v, want);
}

/* Assert that in is rejected within [min, max] with needle in the message. */
static void
long_bad(const char *in, long min, long max, const char *needle)
{
	char	msg[256] = "";
	long	v = -12345;

	if (check_long(in, min, max, &v, msg, sizeof(msg)) != -1)
		fail_msg("\"%s\" accepted as %ld", in, v);
	assert_int_equal(v, -12345);
	assert_mentions(msg, needle);
}

/* Mobile numbers in the ways clerks type them. */
static void
test_phone_mobile(void **state)
{
	(void)state;
	phone_ok("13812345678", "13812345678");
	phone_ok("19912345678", "19912345678");
	phone_ok(" 138 1234 5678 ", "13812345678");
	phone_ok("138-1234-5678", "13812345678");
	phone_ok("+86 138 1234 5678", "13812345678");
	phone_ok("+8613812345678", "13812345678");
	phone_ok("8613812345678", "13812345678");
	phone_ok("１３８１２３４５６７８", "13812345678");
	phone_ok("138１234５67８", "13812345678");
	phone_ok("＋８６\u3000１３８－１２３４－５６７８", "13812345678");

	phone_bad("12812345678", "starts with \"12\"");
	phone_bad("10012345678", "mobile numbers start with 13 to 19");
	phone_bad("1381234567", "\"1381234567\" is not a phone number");
	phone_bad("138123456789", "is not a phone number");
	phone_bad("138a1234567", "\"a\" is not allowed");
	phone_bad("+1 415 555 1234", "not a mainland China number");
	phone_bad("13812345678+", "\"+\" is not allowed");
	phone_bad("1381234567８9012345678901", "too many digits");
	phone_bad("", "empty");
	phone_bad(NULL, "empty");
	phone_bad("\xe5\xbc", "UTF-8");
}

/* Beijing landlines come out as 010-XXXXXXXX. */
static void
test_phone_landline(void **state)
{
	char	out[13], msg[256];

	(void)state;
	phone_ok("65123456", "010-65123456");
	phone_ok("6512 3456", "010-65123456");
	phone_ok("010-65123456", "010-65123456");
	phone_ok("01065123456", "010-65123456");
	phone_ok("(010) 6512-3456", "010-65123456");
	phone_ok("+86 10 6512 3456", "010-65123456");
	phone_ok("２８８８８８８８", "010-28888888");

	phone_bad("15123456", "starts with \"1\"");
	phone_bad("010-05123456", "starts with \"0\"");
	phone_bad("021-65123456", "\"021-65123456\" is not a Beijing number");
	phone_bad("0755-2612345", "not a Beijing number");
	phone_bad("6512345", "is not a phone number");
	phone_bad("010-651234567", "is not a phone number");

	/* The output buffer is exactly large enough. */
	memset(out, 'z', sizeof(out));
	assert_int_equal(check_phone("010 6512 3456", out, sizeof(out), msg,
	    sizeof(msg)), 0);
	assert_int_equal(out[12], '\0');
}

/* The three date forms, full-width, leap years and the year range. */
static void
test_dates(void **state)
{
	(void)state;
	date_ok("2000-02-29", 20000229);
	date_ok("20240229", 20240229);
	date_ok("2024/02/29", 20240229);
	date_ok("２０２４－０２－２９", 20240229);
	date_ok("２０２４０２２９", 20240229);
	date_ok(" 2024-2-9 ", 20240209);
	date_ok("1900-01-01", 19000101);
	date_ok("2199-12-31", 21991231);

	date_bad("1900-02-29", "\"1900-02-29\" is not a calendar date");
	date_bad("1900-02-29", "has 28 days");
	date_bad("2023-02-29", "\"2023-02-29\"");
	date_bad("20230229", "has 28 days");
	date_bad("2100-02-29", "not a calendar date");
	date_bad("2024-04-31", "has 30 days");
	date_bad("2024-02-00", "not a calendar date");
	date_bad("2024-13-01", "month 13");
	date_bad("2024-00-10", "month 0");
	date_bad("1899-12-31", "year 1899");
	date_bad("2200-01-01", "expected 1900 to 2199");
	date_bad("2024-02/29", "\"2024-02/29\" is not a date");
	date_bad("2024-02-29x", "not a date");
	date_bad("24-02-29", "not a date");
	date_bad("2024-002-01", "not a date");
	date_bad("2024-02-", "not a date");
	date_bad("2024年2月9日", "not a date");
	date_bad("2024022", "not a date");
	date_bad("", "empty");
}

/* date_format writes ISO dates with leading zeros. */
static void
test_date_format(void **state)
{
	char	out[11];

	(void)state;
	date_format(20240229, out);
	assert_string_equal(out, "2024-02-29");
	date_format(19000101, out);
	assert_string_equal(out, "1900-01-01");
	date_format(10101, out);
	assert_string_equal(out, "0001-01-01");
}

/* Days in month m of year y, written independently of check.c. */
static int
month_days(int y, int m)
{
	if (m == 2)
		return y % 400 == 0 || (y % 4 == 0 && y % 100 != 0) ? 29 : 28;
	if (m == 4 || m == 6 || m == 9 || m == 11)
		return 30;
	return 31;
}

/* Known day numbers, and a walk over 800 years against a plain calendar. */
static void
test_days(void **state)
{
	long	days;
	int	y = 1600, m = 1, d = 1, ymd;

	(void)state;
	assert_int_equal(date_to_days(19700101), 0);
	assert_int_equal(date_to_days(19700102), 1);
	assert_int_equal(date_to_days(19691231), -1);
	assert_int_equal(date_to_days(20000101), 10957);
	assert_int_equal(date_to_days(20000301), 11017);
	assert_int_equal(date_from_days(0), 19700101);
	assert_int_equal(date_from_days(-1), 19691231);
	assert_int_equal(date_from_days(11016), 20000229);

	/* Each day from 1600-01-01 to 2400-12-31, one after the other. */
	days = date_to_days(16000101);
	for (;;) {
		ymd = y * 10000 + m * 100 + d;
		if (date_to_days(ymd) != days)
			fail_msg("date_to_days(%d) = %ld, expected %ld", ymd,
			    date_to_days(ymd), days);
		if (date_from_days(days) != ymd)
			fail_msg("date_from_days(%ld) = %d, expected %d", days,
			    date_from_days(days), ymd);
		if (ymd == 24001231)
			break;
		days++;
		if (++d > month_days(y, m)) {
			d = 1;
			if (++m > 12) {
				m = 1;
				y++;
			}
		}
	}
	assert_int_equal(days - date_to_days(16000101) + 1,
	    2 * 146097 + 366);

	/* Out of range: clamped to years 1..9999. */
	assert_int_equal(date_from_days(date_to_days(99991231) + 1000),
	    99991231);
	assert_int_equal(date_from_days(date_to_days(10101) - 1000), 10101);
	assert_int_equal(date_from_days(LONG_MAX), 99991231);
	assert_int_equal(date_from_days(LONG_MIN), 10101);
}

/* Adding days crosses months, leap days and years. */
static void
test_add_days(void **state)
{
	(void)state;
	assert_int_equal(date_add_days(20240228, 1), 20240229);
	assert_int_equal(date_add_days(20240228, 2), 20240301);
	assert_int_equal(date_add_days(20230228, 1), 20230301);
	assert_int_equal(date_add_days(20241231, 1), 20250101);
	assert_int_equal(date_add_days(20240301, -1), 20240229);
	assert_int_equal(date_add_days(20240101, 366), 20250101);
	assert_int_equal(date_add_days(20240101, 0), 20240101);
	assert_int_equal(date_add_days(20240101, LONG_MAX), 99991231);
}

/* Whole years, counted from the birthday. */
static void
test_age(void **state)
{
	(void)state;
	assert_int_equal(date_age(19491231, 20240601), 74);
	assert_int_equal(date_age(20000601, 20240601), 24);
	assert_int_equal(date_age(20000602, 20240601), 23);
	assert_int_equal(date_age(20080601, 20240531), 15);
	assert_int_equal(date_age(20000229, 20230228), 22);
	assert_int_equal(date_age(20000229, 20230301), 23);
	assert_int_equal(date_age(20000229, 20240229), 24);
	assert_int_equal(date_age(20240601, 20240601), 0);
	assert_true(date_age(20250101, 20240601) < 0);
}

/* Whole months, complete on the day of birth's number, or on the 1st after a shorter month. */
static void
test_age_months(void **state)
{
	(void)state;
	assert_int_equal(date_age_months(19650315, 20250314), 60 * 12 - 1);
	assert_int_equal(date_age_months(19650315, 20250315), 60 * 12);
	assert_int_equal(date_age_months(20240115, 20240214), 0);
	assert_int_equal(date_age_months(20240115, 20240215), 1);
	assert_int_equal(date_age_months(20231215, 20240115), 1);
	/* Born on the 31st: February and April have no 31st; the month ends on the 1st after. */
	assert_int_equal(date_age_months(20230131, 20230228), 0);
	assert_int_equal(date_age_months(20230131, 20230301), 1);
	assert_int_equal(date_age_months(20230131, 20230430), 2);
	assert_int_equal(date_age_months(20230131, 20230501), 3);
	/* Born on 29 February: a year is complete on 1 March, as date_age counts. */
	assert_int_equal(date_age_months(20000229, 20230228), 22 * 12 + 11);
	assert_int_equal(date_age_months(20000229, 20230301), 23 * 12);
	assert_int_equal(date_age_months(20000229, 20240229), 24 * 12);
	assert_int_equal(date_age_months(20240601, 20240601), 0);
	assert_true(date_age_months(20240602, 20240601) < 0);
}

/* Decimal integers: leading zeros, full-width, junk, overflow, range. */
static void
test_long(void **state)
{
	char	s[64];

	(void)state;
	long_ok("010", 0, 100, 10);
	long_ok("０１０", 0, 100, 10);
	long_ok("１２", 0, 100, 12);
	long_ok(" 42\u3000", 0, 100, 42);
	long_ok("-5", -10, 10, -5);
	long_ok("+7", -10, 10, 7);
	long_ok("0", 0, 0, 0);
	long_ok("08", 0, 10, 8);

	long_bad("12a", 0, 100, "\"12a\" is not a whole number");
	long_bad("12.5", 0, 100, "not a whole number");
	long_bad("0x10", 0, 100, "not a whole number");
	long_bad("1e3", 0, 10000, "not a whole number");
	long_bad("1 000", 0, 10000, "not a whole number");
	long_bad("-", -10, 10, "not a whole number");
	long_bad("--1", -10, 10, "not a whole number");
	long_bad("１２ａ", 0, 100, "\"１２ａ\"");
	long_bad("", 0, 100, "a number is needed");
	long_bad("11", 0, 10, "\"11\" is out of range; expected 0 to 10");
	long_bad("-11", -10, 10, "out of range");

	snprintf(s, sizeof(s), "%ld", LONG_MAX);
	long_ok(s, LONG_MIN, LONG_MAX, LONG_MAX);
	snprintf(s, sizeof(s), "%ld", LONG_MIN);
	long_ok(s, LONG_MIN, LONG_MAX, LONG_MIN);
	snprintf(s, sizeof(s), "%ld0", LONG_MAX);
	long_bad(s, LONG_MIN, LONG_MAX, "out of range");
	/* LONG_MAX + 1 and LONG_MIN - 1: their last digits are 7+1 and 8+1. */
	snprintf(s, sizeof(s), "%ld8", LONG_MAX / 10);
	long_bad(s, LONG_MIN, LONG_MAX, "out of range");
	snprintf(s, sizeof(s), "%ld9", LONG_MIN / 10);
	long_bad(s, LONG_MIN, LONG_MAX, "out of range");
	long_bad("99999999999999999999999999999", 0, 100, "out of range");
}

/* Wage ranges in yuan a month; 0 is "negotiable". */
static void
test_wage_range(void **state)
{
	char	msg[256];

	(void)state;
	assert_int_equal(check_wage_range(3000, 5000, msg, sizeof(msg)), 0);
	assert_int_equal(check_wage_range(3000, 3000, msg, sizeof(msg)), 0);
	assert_int_equal(check_wage_range(0, 0, msg, sizeof(msg)), 0);
	assert_int_equal(check_wage_range(3000, 0, msg, sizeof(msg)), 0);
	assert_int_equal(check_wage_range(0, 5000, msg, sizeof(msg)), 0);
	assert_int_equal(check_wage_range(1000000, 1000000, msg, sizeof(msg)),
	    0);

	assert_int_equal(check_wage_range(5000, 3000, msg, sizeof(msg)), -1);
	assert_string_equal(msg, "minimum wage 5000 is above the maximum 3000");
	assert_int_equal(check_wage_range(-1, 3000, msg, sizeof(msg)), -1);
	assert_mentions(msg, "minimum wage -1");
	assert_int_equal(check_wage_range(0, 1000001, msg, sizeof(msg)), -1);
	assert_mentions(msg, "maximum wage 1000001");
	assert_int_equal(check_wage_range(1000001, 0, msg, sizeof(msg)), -1);
	assert_mentions(msg, "expected 0 to 1000000");
}

/* Vacancy age ranges lie within 16..70. */
static void
test_age_range(void **state)
{
	char	msg[256];

	(void)state;
	assert_int_equal(check_age_range(16, 70, msg, sizeof(msg)), 0);
	assert_int_equal(check_age_range(16, 16, msg, sizeof(msg)), 0);
	assert_int_equal(check_age_range(25, 45, msg, sizeof(msg)), 0);

	assert_int_equal(check_age_range(15, 30, msg, sizeof(msg)), -1);
	assert_mentions(msg, "minimum age 15 is below 16");
	assert_int_equal(check_age_range(18, 71, msg, sizeof(msg)), -1);
	assert_mentions(msg, "maximum age 71 is above 70");
	assert_int_equal(check_age_range(40, 30, msg, sizeof(msg)), -1);
	assert_string_equal(msg, "minimum age 40 is above the maximum 30");
	assert_int_equal(check_age_range(16, 10, msg, sizeof(msg)), -1);
}

/* Characters, not bytes; malformed sequences are refused. */
static void
test_utf8_length(void **state)
{
	(void)state;
	assert_int_equal(utf8_length("张三abc"), 5);
	assert_int_equal(utf8_length(""), 0);
	assert_int_equal(utf8_length("\xf0\x9f\x98\x80"), 1);	/* U+1F600 */
	assert_int_equal(utf8_length("\xc2\x80"), 1);		/* U+0080 */
	assert_int_equal(utf8_length("\xe5\xbc"), -1);		/* cut short */
	assert_int_equal(utf8_length("a\x80"), -1);		/* stray */
	assert_int_equal(utf8_length("\xc0\xaf"), -1);		/* overlong / */
	assert_int_equal(utf8_length("\xe0\x80\xaf"), -1);	/* overlong / */
	assert_int_equal(utf8_length("\xed\xa0\x80"), -1);	/* surrogate */
	assert_int_equal(utf8_length("\xf4\x90\x80\x80"), -1);	/* > U+10FFFF */
	assert_int_equal(utf8_length("\xf8\x88\x80\x80\x80"), -1);
}

/* Free text: no control characters, a length limit in characters. */
static void
test_text(void **state)
{
	char	msg[256];

	(void)state;
	assert_int_equal(check_text("张三", 2, msg, sizeof(msg)), 0);
	assert_int_equal(check_text("", 0, msg, sizeof(msg)), 0);
	assert_int_equal(check_text("北京市朝阳区 No. 5", 40, msg, sizeof(msg)),
	    0);

	assert_int_equal(check_text("张三", 1, msg, sizeof(msg)), -1);
	assert_string_equal(msg, "the text has 2 characters; at most 1 are "
	    "allowed");
	assert_int_equal(check_text("a\nb", 10, msg, sizeof(msg)), -1);
	assert_mentions(msg, "character 2 is a control character (U+000A)");
	assert_int_equal(check_text("\t", 10, msg, sizeof(msg)), -1);
	assert_mentions(msg, "U+0009");
	assert_int_equal(check_text("ab\x7f", 10, msg, sizeof(msg)), -1);
	assert_mentions(msg, "U+007F");
	assert_int_equal(check_text("张\xc2\x85", 10, msg, sizeof(msg)), -1);
	assert_mentions(msg, "U+0085");
	assert_int_equal(check_text("张\xe4\xb8", 10, msg, sizeof(msg)), -1);
	assert_mentions(msg, "not valid UTF-8 at byte 4");
}

/* Run every test above; the exit status is the number that failed. */
int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_phone_mobile),
		cmocka_unit_test(test_phone_landline),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_date_format),
		cmocka_unit_test(test_days),
		cmocka_unit_test(test_add_days),
		cmocka_unit_test(test_age),
		cmocka_unit_test(test_age_months),
		cmocka_unit_test(test_long),
		cmocka_unit_test(test_wage_range),
		cmocka_unit_test(test_age_range),
		cmocka_unit_test(test_utf8_length),
		cmocka_unit_test(test_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
