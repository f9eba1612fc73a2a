/* Unit tests for display width and UTF-8 conversion (src/common/wtext.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "common/wtext.h"

#include "testlib.h"

/* Chinese characters are two cells, ASCII one, mixed text adds up. */
static void
test_width_chinese(void **state)
{
	(void)state;
	assert_int_equal(wtext_width("张三"), 4);
	assert_int_equal(wtext_width("张a"), 3);
	assert_int_equal(wtext_width("张三丰abc"), 9);
	assert_int_equal(wtext_width(""), 0);
	assert_int_equal(wtext_width("abc"), 3);
	/* Fullwidth comma and a CJK Ext-B character. */
	assert_int_equal(wtext_width("，"), 2);
	assert_int_equal(wtext_width("\xf0\xa0\x80\x80"), 2);
	/* e + combining acute: one cell. */
	assert_int_equal(wtext_width("e\xcc\x81"), 1);
}

/* Invalid bytes count one cell each instead of stopping the count. */
static void
test_width_invalid_bytes(void **state)
{
	(void)state;
	assert_int_equal(wtext_width("\xff\xfe"), 2);
	/* 张 cut after two of its three bytes, then a. */
	assert_int_equal(wtext_width("\xe5\xbc" "a"), 3);
	assert_int_equal(wtext_width("\xc0\xaf"), 2);
}

/* wtext_cwidth falls back to 2 for CJK and 1 for other unknowns. */
static void
test_cwidth_fallbacks(void **state)
{
	(void)state;
	assert_int_equal(wtext_cwidth(L'张'), 2);
	assert_int_equal(wtext_cwidth(L'a'), 1);
	assert_int_equal(wtext_cwidth(0x0301), 0);	/* combining acute */
	assert_int_equal(wtext_cwidth(0x31350), 2);	/* CJK Ext-H */
	assert_int_equal(wtext_cwidth(0xe000), 1);	/* private use */
	assert_int_equal(wtext_cwidth(0x07), 1);	/* BEL: -1 -> 1 */
	assert_int_equal(wtext_cwidth(0x1100), 2);	/* Hangul Jamo */
	assert_int_equal(wtext_cwidth(0xff01), 2);	/* fullwidth ! */

	/* In the C locale wcwidth() knows no CJK: the fallback decides. */
	assert_non_null(setlocale(LC_CTYPE, "C"));
	assert_int_equal(wtext_cwidth(L'张'), 2);
	assert_int_equal(wtext_width("张三"), 4);
	assert_int_equal(wtext_cwidth(0xe9), 1);	/* é */
	assert_non_null(setlocale(LC_CTYPE, "C.UTF-8"));
}

/* wtext_wwidth sums the cells of n wide characters. */
static void
test_wwidth(void **state)
{
	const wchar_t s[] = L"张三丰abc";

	(void)state;
	assert_int_equal(wtext_wwidth(s, 6), 9);
	assert_int_equal(wtext_wwidth(s, 2), 4);
	assert_int_equal(wtext_wwidth(s + 2, 2), 3);
	assert_int_equal(wtext_wwidth(s, 0), 0);
}

/* Decoding gives code points, whatever the locale. */
static void
test_from_utf8(void **state)
{
	wchar_t *w;
	size_t n = 99;

	(void)state;
	w = wtext_from_utf8("张三", &n);
	assert_non_null(w);
	assert_int_equal(n, 2);
	assert_int_equal(w[0], 0x5f20);
	assert_int_equal(w[1], 0x4e09);
	assert_int_equal(w[2], 0);
	free(w);

	w = wtext_from_utf8("", &n);
	assert_non_null(w);
	assert_int_equal(n, 0);
	assert_int_equal(w[0], 0);
	free(w);

	/* All four lengths, at their limits. */
	w = wtext_from_utf8("\x7f\xc2\x80\xef\xbf\xbf\xf4\x8f\xbf\xbf", &n);
	assert_non_null(w);
	assert_int_equal(n, 4);
	assert_int_equal(w[0], 0x7f);
	assert_int_equal(w[1], 0x80);
	assert_int_equal(w[2], 0xffff);
	assert_int_equal(w[3], 0x10ffff);
	free(w);

	/* No locale needed: the C locale decodes the same. */
	assert_non_null(setlocale(LC_CTYPE, "C"));
	w = wtext_from_utf8("王\xf0\xa0\x80\x80", &n);
	assert_non_null(setlocale(LC_CTYPE, "C.UTF-8"));
	assert_non_null(w);
	assert_int_equal(n, 2);
	assert_int_equal(w[0], 0x738b);
	assert_int_equal(w[1], 0x20000);
	free(w);

	/* n may be NULL. */
	w = wtext_from_utf8("a", NULL);
	assert_non_null(w);
	free(w);
}

/* Every kind of invalid UTF-8 is rejected as a whole. */
static void
test_from_utf8_invalid(void **state)
{
	static const char *const bad[] = {
		"\xc0\xaf",		/* overlong / */
		"\xc1\xbf",		/* overlong */
		"\xe0\x80\xaf",		/* overlong 3 bytes */
		"\xf0\x80\x80\xaf",	/* overlong 4 bytes */
		"\xed\xa0\x80",		/* surrogate U+D800 */
		"\xed\xbf\xbf",		/* surrogate U+DFFF */
		"\xf4\x90\x80\x80",	/* U+110000 */
		"\xf5\x80\x80\x80",	/* lead byte beyond U+10FFFF */
		"\xe5\xbc",		/* 张 truncated */
		"ab\xe5",		/* truncated at the end */
		"\x80",			/* lone continuation */
		"\xff",
		"张\xe5\xbc三",		/* truncated in the middle */
	};
	size_t i, n = 42;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_null(wtext_from_utf8(bad[i], &n));
		assert_int_equal(n, 42);
	}
}

/* The lossy decoder turns each invalid byte into U+FFFD. */
static void
test_from_utf8_lossy(void **state)
{
	wchar_t *w;
	size_t n;

	(void)state;
	w = wtext_from_utf8_lossy("a\xff张\xe5\xbc", &n);
	assert_int_equal(n, 5);
	assert_int_equal(w[0], L'a');
	assert_int_equal(w[1], 0xfffd);
	assert_int_equal(w[2], 0x5f20);
	assert_int_equal(w[3], 0xfffd);
	assert_int_equal(w[4], 0xfffd);
	assert_int_equal(w[5], 0);
	free(w);
}

/* Encoding round-trips; values that are not characters become U+FFFD. */
static void
test_to_utf8(void **state)
{
	const wchar_t ok[] = { 0x5f20, L'a', 0x80, 0x20000, 0x10ffff };
	const wchar_t bad[] = { 0xd800, 0x110000, -1 };
	char *s;
	wchar_t *w;
	size_t n;

	(void)state;
	s = wtext_to_utf8(ok, 5);
	assert_string_equal(s, "张a\xc2\x80\xf0\xa0\x80\x80\xf4\x8f\xbf\xbf");
	w = wtext_from_utf8(s, &n);
	assert_non_null(w);
	assert_int_equal(n, 5);
	assert_memory_equal(w, ok, sizeof ok);
	free(w);
	free(s);

	s = wtext_to_utf8(bad, 3);
	assert_string_equal(s, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	free(s);

	s = wtext_to_utf8(ok, 0);
	assert_string_equal(s, "");
	free(s);
}

/* 张三丰abc in 5 cells: never half a character, pad and mark as asked. */
static void
test_fit_chinese(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(wtext_fit("张三丰abc", 5, 0, 0, out, sizeof out), 4);
	assert_string_equal(out, "张三");
	assert_int_equal(wtext_fit("张三丰abc", 5, 1, 0, out, sizeof out), 5);
	assert_string_equal(out, "张三 ");
	assert_int_equal(wtext_fit("张三丰abc", 5, 1, '>', out, sizeof out), 5);
	assert_string_equal(out, "张三>");
	assert_int_equal(wtext_fit("张三丰abc", 5, 0, '>', out, sizeof out), 5);
	assert_string_equal(out, "张三>");

	/* The mark's cell would split 丰: a space fills the gap. */
	assert_int_equal(wtext_fit("张三丰abc", 6, 1, '>', out, sizeof out), 6);
	assert_string_equal(out, "张三 >");
	assert_int_equal(wtext_fit("张三丰abc", 6, 0, 0, out, sizeof out), 6);
	assert_string_equal(out, "张三丰");
	assert_int_equal(wtext_fit("张三丰abc", 8, 0, '>', out, sizeof out), 8);
	assert_string_equal(out, "张三丰a>");
}

/* Text that fits is copied whole, padded if asked, never marked. */
static void
test_fit_whole(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(wtext_fit("张三丰", 6, 1, '>', out, sizeof out), 6);
	assert_string_equal(out, "张三丰");
	assert_int_equal(wtext_fit("abc", 5, 1, '>', out, sizeof out), 5);
	assert_string_equal(out, "abc  ");
	assert_int_equal(wtext_fit("abc", 5, 0, '>', out, sizeof out), 3);
	assert_string_equal(out, "abc");
	assert_int_equal(wtext_fit("", 3, 1, 0, out, sizeof out), 3);
	assert_string_equal(out, "   ");
	/* A combining mark after the last character that fits goes with it. */
	assert_int_equal(wtext_fit("e\xcc\x81", 1, 0, 0, out, sizeof out), 1);
	assert_string_equal(out, "e\xcc\x81");
}

/* Edge cases: no cells, one cell, a double-width character in one cell. */
static void
test_fit_edges(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(wtext_fit("abc", 0, 1, '>', out, sizeof out), 0);
	assert_string_equal(out, "");
	assert_int_equal(wtext_fit("abc", -3, 1, 0, out, sizeof out), 0);
	assert_string_equal(out, "");
	assert_int_equal(wtext_fit("张", 1, 1, 0, out, sizeof out), 1);
	assert_string_equal(out, " ");
	assert_int_equal(wtext_fit("张", 1, 0, 0, out, sizeof out), 0);
	assert_string_equal(out, "");
	assert_int_equal(wtext_fit("张三", 1, 0, '>', out, sizeof out), 1);
	assert_string_equal(out, ">");
	/* outlen 0: nothing written at all. */
	out[0] = 'x';
	assert_int_equal(wtext_fit("abc", 3, 0, 0, out, 0), 0);
	assert_int_equal(out[0], 'x');
}

/* A buffer too small stops before a character that does not fit whole. */
static void
test_fit_small_buffer(void **state)
{
	char out[64];

	(void)state;
	/* 张三 is 6 bytes: with 8 bytes 丰 (3 more) does not fit. */
	assert_int_equal(wtext_fit("张三丰", 20, 0, 0, out, 8), 4);
	assert_string_equal(out, "张三");
	assert_int_equal(wtext_fit("张三丰", 20, 1, 0, out, 8), 5);
	assert_string_equal(out, "张三 ");
	assert_int_equal(wtext_fit("abc", 3, 0, 0, out, 1), 0);
	assert_string_equal(out, "");
}

/* Invalid bytes and control characters come out as '?'. */
static void
test_fit_invalid(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(wtext_fit("a\xff\tb", 10, 0, 0, out, sizeof out), 4);
	assert_string_equal(out, "a??b");
	assert_int_equal(wtext_fit("\xe5\xbc张", 3, 1, 0, out, sizeof out), 3);
	assert_string_equal(out, "?? ");
}

/* Wrapping: English breaks at a space, Chinese between characters, a newline ends a line. */
static void
test_wrap(void **state)
{
	const char *en = "the account is locked until 09:15; a supervisor can unlock it";
	const char *zh = "求职人员须年满十六周岁，此人十五岁";
	char out[128];
	size_t n;

	(void)state;
	n = wtext_wrap(en, 30, out, sizeof out);
	assert_string_equal(out, "the account is locked until");
	assert_int_equal(n, strlen("the account is locked until "));
	n += wtext_wrap(en + n, 30, out, sizeof out);
	assert_string_equal(out, "09:15; a supervisor can unlock");
	n += wtext_wrap(en + n, 30, out, sizeof out);
	assert_string_equal(out, "it");
	assert_int_equal(n, strlen(en));
	assert_int_equal(wtext_wrap(en + n, 30, out, sizeof out), 0);
	assert_string_equal(out, "");
	/* Ten cells: five Chinese characters, whole, never half of one. */
	n = wtext_wrap(zh, 11, out, sizeof out);
	assert_string_equal(out, "求职人员须");
	assert_int_equal(n, strlen("求职人员须"));
	n = wtext_wrap("第一段\n第二段", 40, out, sizeof out);
	assert_string_equal(out, "第一段");
	assert_int_equal(n, strlen("第一段\n"));
	/* A word longer than the line is cut where the line ends. */
	n = wtext_wrap("abcdefghijklmnop", 8, out, sizeof out);
	assert_string_equal(out, "abcdefgh");
	assert_int_equal(n, 8);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_width_chinese),
		cmocka_unit_test(test_width_invalid_bytes),
		cmocka_unit_test(test_cwidth_fallbacks),
		cmocka_unit_test(test_wwidth),
		cmocka_unit_test(test_from_utf8),
		cmocka_unit_test(test_from_utf8_invalid),
		cmocka_unit_test(test_from_utf8_lossy),
		cmocka_unit_test(test_to_utf8),
		cmocka_unit_test(test_fit_chinese),
		cmocka_unit_test(test_fit_whole),
		cmocka_unit_test(test_fit_edges),
		cmocka_unit_test(test_fit_small_buffer),
		cmocka_unit_test(test_fit_invalid),
		cmocka_unit_test(test_wrap),
	};

	if (utf8_locale("test_wtext") != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
