/* Unit tests for the UTF-8 decoder (src/common/utf8.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "common/utf8.h"

/* Decode s (its strlen bytes, or n if s holds a NUL) and expect len and cp. */
static void
expect_char(const char *s, size_t n, size_t len, uint32_t cp)
{
	uint32_t got = 0xdeadbeefU;

	assert_int_equal(utf8_decode(s, n, &got), len);
	assert_int_equal(got, cp);
}

/* Expect the bytes at s to be rejected, *cp left alone. */
static void
expect_bad(const char *s)
{
	uint32_t got = 0xdeadbeefU;

	assert_int_equal(utf8_decode(s, strlen(s), &got), 0);
	assert_int_equal(got, 0xdeadbeefU);
	assert_false(utf8_valid(s, strlen(s)));
}

/* One to four bytes, at the bounds of each length. */
static void
test_valid(void **state)
{
	(void)state;
	expect_char("a", 1, 1, 'a');
	expect_char("\x7f", 1, 1, 0x7f);
	expect_char("", 1, 1, 0);			/* NUL is U+0000 */
	expect_char("\xc2\x80", 2, 2, 0x80);
	expect_char("\xdf\xbf", 2, 2, 0x7ff);
	expect_char("\xe0\xa0\x80", 3, 3, 0x800);
	expect_char("张", 3, 3, 0x5f20);
	expect_char("\xed\x9f\xbf", 3, 3, 0xd7ff);	/* below the surrogates */
	expect_char("\xee\x80\x80", 3, 3, 0xe000);	/* above them */
	expect_char("\xef\xbf\xbf", 3, 3, 0xffff);
	expect_char("\xf0\x90\x80\x80", 4, 4, 0x10000);
	expect_char("\xf0\xa0\x80\x80", 4, 4, 0x20000);	/* CJK Ext-B */
	expect_char("\xf4\x8f\xbf\xbf", 4, 4, 0x10ffff);
	/* Only the first character is decoded. */
	expect_char("张三", 6, 3, 0x5f20);
	assert_true(utf8_valid("张三abc\xf0\x9f\x98\x80", 13));
	assert_true(utf8_valid("", 0));
	assert_true(utf8_valid("a\0b", 3));
}

/* Overlong forms of '/' and of the smallest 3- and 4-byte values. */
static void
test_overlong(void **state)
{
	(void)state;
	expect_bad("\xc0\xaf");
	expect_bad("\xc1\xbf");
	expect_bad("\xe0\x80\xaf");
	expect_bad("\xe0\x9f\xbf");
	expect_bad("\xf0\x80\x80\xaf");
	expect_bad("\xf0\x8f\xbf\xbf");
}

/* UTF-16 surrogates U+D800..U+DFFF are not characters. */
static void
test_surrogate(void **state)
{
	(void)state;
	expect_bad("\xed\xa0\x80");
	expect_bad("\xed\xbf\xbf");
}

/* Nothing past U+10FFFF, nor lead bytes that can only start such values. */
static void
test_out_of_range(void **state)
{
	(void)state;
	expect_bad("\xf4\x90\x80\x80");
	expect_bad("\xf5\x80\x80\x80");
	expect_bad("\xf7\xbf\xbf\xbf");
	expect_bad("\xf8\x88\x80\x80\x80");
	expect_bad("\xff");
	expect_bad("\xfe");
}

/* A sequence cut short by the end of the buffer, a NUL or another character. */
static void
test_truncated(void **state)
{
	uint32_t cp;

	(void)state;
	expect_bad("\xe5\xbc");
	expect_bad("\xe5\xbc" "a");
	expect_bad("\xf0\x9f\x98");
	expect_bad("\xc2");
	expect_bad("\x80");				/* stray continuation */
	/* The bytes are there, but avail says they may not be read. */
	assert_int_equal(utf8_decode("张", 2, &cp), 0);
	assert_int_equal(utf8_decode("\xf0\x9f\x98\x80", 3, &cp), 0);
	assert_int_equal(utf8_decode("a", 0, &cp), 0);
	assert_false(utf8_valid("张", 2));
	assert_false(utf8_valid("a\xe5\xbc\x00", 4));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_overlong),
		cmocka_unit_test(test_surrogate),
		cmocka_unit_test(test_out_of_range),
		cmocka_unit_test(test_truncated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
