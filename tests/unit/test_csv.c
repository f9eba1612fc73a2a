/*
 * Unit tests for the CSV reader's GB18030 mode and the spreadsheet text
 * cells (src/common/csv.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "common/buf.h"
#include "common/csv.h"
#include "testlib.h"

/* A reader over the bytes of s, in GB18030 when gb is set. */
static struct csv *
reader(FILE **fp, const char *s, size_t n, int gb)
{
	struct csv *r;

	*fp = fmemopen((void *)s, n, "rb");
	assert_non_null(*fp);
	r = csv_new(*fp);
	if (gb)
		assert_int_equal(csv_set_gb18030(r), 0);
	return r;
}

/* GBK text comes out as UTF-8, quoting and line numbers as ever. */
static void
test_gb18030_fields(void **state)
{
	/* 姓名,户籍 / "王小明, 二",本市城镇 / 1,"Ī" (U+012A, four bytes in GB18030) */
	static const char gbk[] = "\xd0\xd5\xc3\xfb,\xbb\xa7\xbc\xae\r\n"
	    "\"\xcd\xf5\xd0\xa1\xc3\xf7, \xb6\xfe\",\xb1\xbe\xca\xd0\xb3\xc7\xd5\xf2\r\n"
	    "1,\"\x81\x30\x8f\x37\"\r\n";
	char err[256];
	FILE *fp;
	struct csv *r = reader(&fp, gbk, sizeof gbk - 1, 1);

	(void)state;
	assert_int_equal(csv_read(r, err, sizeof err), CSV_RECORD);
	assert_string_equal(csv_field(r, 0), "姓名");
	assert_string_equal(csv_field(r, 1), "户籍");
	assert_int_equal(csv_read(r, err, sizeof err), CSV_RECORD);
	assert_int_equal(csv_line(r), 2);
	assert_string_equal(csv_field(r, 0), "王小明, 二");
	assert_string_equal(csv_field(r, 1), "本市城镇");
	assert_int_equal(csv_read(r, err, sizeof err), CSV_RECORD);
	assert_string_equal(csv_field(r, 1), "Ī");
	assert_int_equal(csv_read(r, err, sizeof err), CSV_END);
	csv_free(r);
	fclose(fp);
}

/* A byte GB18030 cannot read makes its record bad, named, and the next is read. */
static void
test_gb18030_bad_byte(void **state)
{
	static const char gbk[] = "a,b\n1,\xcd\xf5\xff\n2,\xcd\xf5\n";
	char err[256];
	FILE *fp;
	struct csv *r = reader(&fp, gbk, sizeof gbk - 1, 1);

	(void)state;
	assert_int_equal(csv_read(r, err, sizeof err), CSV_RECORD);
	assert_int_equal(csv_read(r, err, sizeof err), CSV_BAD);
	assert_int_equal(csv_line(r), 2);
	assert_mentions(err, "field 2 is not GB18030 (GBK) text: byte 3 (0xFF)");
	assert_int_equal(csv_read(r, err, sizeof err), CSV_RECORD);
	assert_int_equal(csv_line(r), 3);
	assert_string_equal(csv_field(r, 1), "王");
	csv_free(r);
	fclose(fp);
}

/* In GB18030 the bytes of a UTF-8 byte order mark are text, not skipped. */
static void
test_gb18030_no_bom(void **state)
{
	static const char gbk[] = "\xef\xbb\xbf" "a\n";
	char err[256];
	FILE *fp;
	struct csv *r = reader(&fp, gbk, sizeof gbk - 1, 1);

	(void)state;
	assert_int_equal(csv_read(r, err, sizeof err), CSV_RECORD);
	assert_string_not_equal(csv_field(r, 0), "a");
	csv_free(r);
	fclose(fp);
}

/* Text cells: ="..." with quotes doubled, read back whole; anything else left alone. */
static void
test_excel_text(void **state)
{
	static const char *const values[] = { "110105199003071234", "010-65001234", "2-02",
		"=SUM(A1)", "say \"hi\"", "", "\"", NULL };
	struct buf b = BUF_INIT, u = BUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; values[i] != NULL; i++) {
		buf_reset(&b);
		csv_excel_text(values[i], &b);
		assert_string_equal(csv_excel_untext(buf_str(&b), &u), values[i]);
	}
	buf_reset(&b);
	csv_excel_text("a\"b", &b);
	assert_string_equal(buf_str(&b), "=\"a\"\"b\"");
	/* Not a text cell: returned as it is. */
	assert_string_equal(csv_excel_untext("=A1", &u), "=A1");
	assert_string_equal(csv_excel_untext("=\"a\"b\"", &u), "=\"a\"b\"");
	assert_string_equal(csv_excel_untext("王\"x\"", &u), "王\"x\"");
	assert_string_equal(csv_excel_untext("=\"", &u), "=\"");
	buf_free(&b);
	buf_free(&u);
}

/* A text cell written and read through the CSV quoting comes back the same. */
static void
test_excel_text_quoted(void **state)
{
	struct buf b = BUF_INIT, u = BUF_INIT;
	const char *fields[1];
	char out[256], err[128];
	FILE *fp = fmemopen(out, sizeof out, "w+b");
	struct csv *r;

	(void)state;
	assert_non_null(fp);
	csv_excel_text("0123", &b);
	fields[0] = buf_str(&b);
	assert_int_equal(csv_write(fp, fields, 1), 0);
	rewind(fp);
	r = csv_new(fp);
	assert_int_equal(csv_read(r, err, sizeof err), CSV_RECORD);
	assert_string_equal(csv_field(r, 0), "=\"0123\"");
	assert_string_equal(csv_excel_untext(csv_field(r, 0), &u), "0123");
	csv_free(r);
	fclose(fp);
	buf_free(&b);
	buf_free(&u);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gb18030_fields),
		cmocka_unit_test(test_gb18030_bad_byte),
		cmocka_unit_test(test_gb18030_no_bom),
		cmocka_unit_test(test_excel_text),
		cmocka_unit_test(test_excel_text_quoted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
