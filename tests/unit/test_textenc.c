/* Unit tests for telling a spreadsheet file's encoding (src/common/textenc.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "common/textenc.h"

/* 王小明 and 本市城镇 in GBK (a subset of GB18030), as Excel saves "CSV" in China. */
#define GBK_NAME	"\xcd\xf5\xd0\xa1\xc3\xf7"
#define GBK_HOUSE	"\xb1\xbe\xca\xd0\xb3\xc7\xd5\xf2"
/* 中文 in UTF-8: also a valid GB18030 byte sequence (three pairs). */
#define UTF8_BOTH	"\xe4\xb8\xad\xe6\x96\x87"
/* 王 in UTF-8: not valid GB18030 (its last byte would lead a character cut off). */
#define UTF8_ONLY	"\xe7\x8e\x8b"

/* Scan s whole, then again one byte at a time: the verdicts and lines must agree. */
static enum textenc
scan(const char *s, size_t n, struct textenc_scan *out)
{
	struct textenc_scan bytewise;
	enum textenc whole, each;
	size_t i;

	textenc_scan_init(out);
	textenc_scan_feed(out, s, n);
	whole = textenc_scan_end(out);
	textenc_scan_init(&bytewise);
	for (i = 0; i < n; i++)
		textenc_scan_feed(&bytewise, s + i, 1);
	each = textenc_scan_end(&bytewise);
	assert_int_equal(whole, each);
	assert_int_equal(out->gb_line, bytewise.gb_line);
	assert_int_equal(out->utf8_line, bytewise.utf8_line);
	assert_int_equal(out->bad_line, bytewise.bad_line);
	return whole;
}

#define SCAN(lit, t)	scan((lit), sizeof(lit) - 1, (t))

/* ASCII, and valid UTF-8 even where GB18030 would read it too, stay UTF-8. */
static void
test_utf8_stays(void **state)
{
	struct textenc_scan t;

	(void)state;
	assert_int_equal(SCAN("", &t), TEXTENC_UTF8);
	assert_int_equal(SCAN("id_number,name\r\n1,a\r\n", &t), TEXTENC_UTF8);
	assert_int_equal(SCAN("name\n" UTF8_BOTH "\n" UTF8_ONLY "\n", &t), TEXTENC_UTF8);
	assert_int_equal(t.gb_line, 0);
	assert_int_equal(t.utf8_line, 3);
	/* A byte order mark settles it, whatever follows. */
	assert_int_equal(SCAN("\xef\xbb\xbfname\n" GBK_NAME "\n", &t), TEXTENC_UTF8);
}

/* A GBK file is GB18030, and the first line that says so is named. */
static void
test_gbk(void **state)
{
	struct textenc_scan t;

	(void)state;
	assert_int_equal(SCAN("id_number,name,household\r\n1," GBK_NAME "," GBK_HOUSE "\r\n", &t),
	    TEXTENC_GB18030);
	assert_int_equal(t.gb_line, 2);
	assert_int_equal(t.bad_line, 0);
	/* A line that happens to be valid UTF-8 too does not speak against it. */
	assert_int_equal(SCAN(UTF8_BOTH "\n" GBK_NAME "\n", &t), TEXTENC_GB18030);
	assert_int_equal(t.gb_line, 2);
	/* Four-byte GB18030 (U+012A is 81 30 8F 37); three of its bytes are no character. */
	assert_int_equal(SCAN("a\x81\x30\x8f\x37" "b\n", &t), TEXTENC_GB18030);
	assert_int_equal(SCAN("a\x81\x30\x8f" "b\n", &t), TEXTENC_UTF8);
	assert_int_equal(t.bad_line, 1);
}

/* A broken byte in a GBK file: still GB18030, the line read by neither remembered. */
static void
test_gbk_broken_byte(void **state)
{
	struct textenc_scan t;

	(void)state;
	assert_int_equal(SCAN("name\n" GBK_NAME "\nx\xff" "y\n" GBK_HOUSE "\n", &t),
	    TEXTENC_GB18030);
	assert_int_equal(t.gb_line, 2);
	assert_int_equal(t.bad_line, 3);
	/* A character cut by the end of its line is broken too. */
	assert_int_equal(SCAN("name\n" GBK_NAME "\n\xcd\n", &t), TEXTENC_GB18030);
	assert_int_equal(t.bad_line, 3);
	/* In a UTF-8 file the same byte is UTF-8's bad line. */
	assert_int_equal(SCAN("name\n" UTF8_ONLY "\nx\xff" "y\n", &t), TEXTENC_UTF8);
	assert_int_equal(t.bad_line, 3);
}

/* Lines that only UTF-8 reads and lines that only GB18030 reads: mixed, both named. */
static void
test_mixed(void **state)
{
	struct textenc_scan t;

	(void)state;
	assert_int_equal(SCAN("name\r\n" UTF8_ONLY "\r\n" GBK_NAME "\r\n", &t), TEXTENC_MIXED);
	assert_int_equal(t.utf8_line, 2);
	assert_int_equal(t.gb_line, 3);
}

/* Lines end at LF, CR or CRLF, counted once each, as the CSV reader counts them. */
static void
test_lines(void **state)
{
	struct textenc_scan t;

	(void)state;
	assert_int_equal(SCAN("a\r\nb\rc\n\nd\r\n" GBK_NAME, &t), TEXTENC_GB18030);
	assert_int_equal(t.gb_line, 6);
	/* The two halves of a GBK character are never split by a line end. */
	assert_int_equal(SCAN("\xcd\n\xf5\n", &t), TEXTENC_UTF8);
	assert_int_equal(t.bad_line, 1);
}

/* UTF-16 from either end, as Excel's "Unicode text" starts. */
static void
test_utf16(void **state)
{
	struct textenc_scan t;

	(void)state;
	assert_int_equal(SCAN("\xff\xfei\0d\0", &t), TEXTENC_UTF16);
	assert_int_equal(SCAN("\xfe\xff\0i\0d", &t), TEXTENC_UTF16);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_stays),
		cmocka_unit_test(test_gbk),
		cmocka_unit_test(test_gbk_broken_byte),
		cmocka_unit_test(test_mixed),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_utf16),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
