/*
 * Unit tests for a report as data (src/common/report.c) and as text, CSV
 * and JSON (src/print/report-out.c), the reports' names and default
 * periods (src/store/report.c): columns aligned in display cells with
 * Chinese in them, numbers to the right, a table too wide for the page cut
 * down to it, hidden columns, the rule over a total, bar charts, CSV's one
 * header or blocks, JSON's numbers and strings. Every expected output is
 * written out by hand.
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
#include "print/report-out.h"
#include "store/report.h"
#include "testlib.h"

/* Adds a row of the table's cells, up to four (NULL for "", or past its columns). */
static void
row(struct report_table *t, enum report_row_kind kind, const char *c0, const char *c1,
    const char *c2, const char *c3)
{
	const char *cells[4] = { c0, c1, c2, c3 };

	report_row(t, kind, cells);
}

/*
 * A report of job seekers by education: a hidden code column, the name
 * (Chinese and English), a count and a share, a total row.
 */
static void
education_report(struct report *r)
{
	struct report_table *t;

	report_init(r, "seekers", "Seekers");
	report_note(r, "Office: %s %s", "朝阳", "110105");
	t = report_table_add(r, "by_education", "By education");
	report_column(t, "code", NULL, REPORT_LEFT);
	report_column(t, "name", "学历", REPORT_LEFT);
	report_column(t, "count", "Count", REPORT_RIGHT);
	report_column(t, "share", "Share", REPORT_RIGHT);
	row(t, REPORT_ROW, "21", "大学本科", "12", "60%");
	row(t, REPORT_ROW, "31", "High school", "5", "25%");
	row(t, REPORT_ROW, "", "未知", "3", "15%");
	row(t, REPORT_TOTAL, "total", "合计", "20", "100%");
}

/* Whether every line of text is at most width cells; fails naming the first that is not. */
static void
assert_lines_within(const char *text, int width)
{
	char line[1024];
	const char *s = text, *nl;

	for (; *s != '\0'; s = nl + 1) {
		size_t n;

		nl = strchr(s, '\n');
		assert_non_null(nl);
		n = (size_t)(nl - s);
		assert_true(n < sizeof line);
		memcpy(line, s, n);
		line[n] = '\0';
		if (wtext_width(line) > width)
			fail_msg("line \"%s\" is %d cells, wider than %d", line, wtext_width(line),
			    width);
	}
}

/*
 * Names padded and numbers right-aligned in display cells (大学本科 is 8
 * of them), the hidden code column not shown, a rule under the headings
 * and another over the total.
 */
static void
test_text_aligned_in_cells(void **state)
{
	struct report r;
	struct buf out = BUF_INIT;

	(void)state;
	education_report(&r);
	report_text(&r, 80, &out);
	assert_string_equal(buf_str(&out),
	    "Seekers\n"
	    "Office: 朝阳 110105\n"
	    "\n"
	    "By education\n"
	    "学历         Count  Share\n"
	    "-------------------------\n"
	    "大学本科        12    60%\n"
	    "High school      5    25%\n"
	    "未知             3    15%\n"
	    "-------------------------\n"
	    "合计            20   100%\n");
	assert_lines_within(buf_str(&out), 25);
	/* The code column is for CSV and JSON only. */
	assert_null(strstr(buf_str(&out), "21"));
	assert_null(strstr(buf_str(&out), "total"));
	buf_free(&out);
	report_free(&r);
}

/*
 * A table wider than the page: the widest text column is made narrower
 * first, then the other, a cell cut showing '>' where it goes on; the
 * number stays whole; no line wider than asked.
 */
static void
test_text_too_wide_is_cut(void **state)
{
	struct report r;
	struct report_table *t;
	struct buf out = BUF_INIT;

	(void)state;
	report_init(&r, "wide", "Wide");
	t = report_table_add(&r, "t", "");
	report_column(t, "name", "Name", REPORT_LEFT);
	report_column(t, "note", "Note", REPORT_LEFT);
	report_column(t, "n", "N", REPORT_RIGHT);
	/* 38 cells, 36 cells and 1: 79 with the gaps, cut to 40 (17, 18 and 1). */
	row(t, REPORT_ROW, "北京市朝阳区公共就业服务中心第一分中心", "a very long note that goes on and on",
	    "7", NULL);
	report_text(&r, 40, &out);
	assert_string_equal(buf_str(&out),
	    "Wide\n"
	    "\n"
	    "Name               Note                N\n"
	    "----------------------------------------\n"
	    "北京市朝阳区公共>  a very long note >  7\n");
	assert_lines_within(buf_str(&out), 40);
	buf_free(&out);
	report_free(&r);
}

/*
 * Even a table of many number columns that cannot be made narrow enough
 * (twelve months) prints no line wider than the page: its figures stay
 * whole (cut to "12>" they would say nothing) and the line is cut at the
 * page's edge, marked.
 */
static void
test_text_never_wider_than_asked(void **state)
{
	static const char *const months[] = { "m01", "m02", "m03", "m04", "m05", "m06",
	    "m07", "m08", "m09", "m10", "m11", "m12" };
	struct report r;
	struct report_table *t;
	struct buf out = BUF_INIT;
	const char *cells[13];
	size_t i;

	(void)state;
	report_init(&r, "year", "A year of placements, month by month, in one table that is wide");
	t = report_table_add(&r, "by_month", "By month");
	report_column(t, "office", "Office", REPORT_LEFT);
	for (i = 0; i < 12; i++)
		report_column(t, months[i], months[i], REPORT_RIGHT);
	cells[0] = "朝阳区公共就业服务中心";
	for (i = 1; i < 13; i++)
		cells[i] = "1234";
	report_row(t, REPORT_ROW, cells);
	cells[0] = "Total";
	for (i = 1; i < 13; i++)
		cells[i] = "12345";
	report_row(t, REPORT_TOTAL, cells);
	report_text(&r, 40, &out);
	assert_lines_within(buf_str(&out), 40);
	/* The title is wrapped, not cut. */
	assert_non_null(strstr(buf_str(&out), "A year of placements, month by month, in\n"));
	/*
	 * The office cut to 6 cells (its heading's), every month 5 (the total's
	 * 12345): four months whole, the fifth cut where the page ends.
	 */
	assert_non_null(strstr(buf_str(&out), "\n朝阳 >   1234   1234   1234   1234   12>\n"));
	buf_free(&out);
	report_free(&r);
}

/*
 * The bar chart under a table: the largest value the longest bar, a small
 * positive one a bar of one, zero none; no bar for a section row or the
 * total; labels padded to the widest, values right-aligned.
 */
static void
test_text_chart(void **state)
{
	struct report r;
	struct report_table *t;
	struct buf out = BUF_INIT;
	char want[2048];
	const char *text;

	(void)state;
	report_init(&r, "places", "Places");
	t = report_table_add(&r, "by_place", "");
	report_column(t, "place", "Place", REPORT_LEFT);
	report_column(t, "count", "Count", REPORT_RIGHT);
	t->chart_col = 1;
	row(t, REPORT_SECTION, "North", "", NULL, NULL);
	row(t, REPORT_ROW, "Beijing", "1000", NULL, NULL);
	row(t, REPORT_ROW, "Tianjin", "1", NULL, NULL);
	row(t, REPORT_ROW, "Hebei", "0", NULL, NULL);
	row(t, REPORT_TOTAL, "Total", "1001", NULL, NULL);
	report_text(&r, 60, &out);
	/*
	 * The bars: 60 cells less the label (7), " |", " " and the value (4)
	 * and one cell spare: 45 for 1000, 1000 / 1 rounds to none but shows 1.
	 */
	snprintf(want, sizeof want,
	    "Places\n"
	    "\n"
	    "Place    Count\n"
	    "--------------\n"
	    "North\n"
	    "Beijing   1000\n"
	    "Tianjin      1\n"
	    "Hebei        0\n"
	    "--------------\n"
	    "Total     1001\n"
	    "\n"
	    "Count\n"
	    "Beijing |%s 1000\n"
	    "Tianjin |#%44s    1\n"
	    "Hebei   |%45s    0\n",
	    "#############################################", "", "");
	text = buf_str(&out);
	assert_string_equal(text, want);
	assert_lines_within(text, 60);
	buf_free(&out);
	report_free(&r);
}

/*
 * A chart draws only the figures that are numbers as builders write them:
 * "n/a", "1e400" (infinity to strtod) and "0x10" get no bar, and do not
 * make the others' bars shorter.
 */
static void
test_text_chart_numbers_only(void **state)
{
	struct report r;
	struct report_table *t;
	struct buf out = BUF_INIT;
	char want[2048];

	(void)state;
	report_init(&r, "c", "C");
	t = report_table_add(&r, "t", "");
	report_column(t, "name", "Name", REPORT_LEFT);
	report_column(t, "n", "N", REPORT_RIGHT);
	t->chart_col = 1;
	row(t, REPORT_ROW, "a", "n/a", NULL, NULL);
	row(t, REPORT_ROW, "b", "1e400", NULL, NULL);
	row(t, REPORT_ROW, "c", "0x10", NULL, NULL);
	row(t, REPORT_ROW, "d", "50%", NULL, NULL);
	row(t, REPORT_ROW, "e", "25%", NULL, NULL);
	report_text(&r, 40, &out);
	/* Labels of 1 cell, values of 3: bars of 40 - 1 - 3 - 4 = 32 cells. */
	snprintf(want, sizeof want, "\nN\nd |%s 50%%\ne |%s%16s 25%%\n",
	    "################################", "################", "");
	assert_non_null(strstr(buf_str(&out), want));
	buf_free(&out);
	report_free(&r);
}

/* A section row in text: its first shown cell alone, the hidden code not. */
static void
test_text_section(void **state)
{
	struct report r;
	struct report_table *t;
	struct buf out = BUF_INIT;

	(void)state;
	report_init(&r, "s", "S");
	t = report_table_add(&r, "t", "");
	report_column(t, "code", NULL, REPORT_LEFT);
	report_column(t, "name", "Name", REPORT_LEFT);
	report_column(t, "n", "N", REPORT_RIGHT);
	row(t, REPORT_SECTION, "sec", "城镇", "", NULL);
	row(t, REPORT_ROW, "a", "Alpha", "3", NULL);
	report_text(&r, 80, &out);
	assert_string_equal(buf_str(&out),
	    "S\n"
	    "\n"
	    "Name   N\n"
	    "--------\n"
	    "城镇\n"
	    "Alpha  3\n");
	buf_free(&out);
	report_free(&r);
}

/* The CSV written to a temporary file, read back whole into out. */
static void
csv_of(const struct report *r, char *out, size_t outlen)
{
	FILE *fp = tmpfile();
	size_t n;

	assert_non_null(fp);
	assert_int_equal(report_csv(r, fp), 0);
	rewind(fp);
	n = fread(out, 1, outlen - 1, fp);
	out[n] = '\0';
	fclose(fp);
}

/*
 * Tables with the same columns: one header row "table,<keys>", each row
 * with its table's key first; a section row left out, the total kept;
 * hidden columns written; a comma quoted; CRLF.
 */
static void
test_csv_shared_columns(void **state)
{
	struct report r;
	struct report_table *t;
	char got[2048];

	(void)state;
	report_init(&r, "pair", "Pair");
	t = report_table_add(&r, "urban", "Urban");
	report_column(t, "code", NULL, REPORT_LEFT);
	report_column(t, "name", "Name", REPORT_LEFT);
	report_column(t, "n", "N", REPORT_RIGHT);
	row(t, REPORT_SECTION, "", "Heading", "", NULL);
	row(t, REPORT_ROW, "01", "城镇, 本市", "4", NULL);
	row(t, REPORT_TOTAL, "total", "合计", "4", NULL);
	t = report_table_add(&r, "rural", "Rural");
	report_column(t, "code", NULL, REPORT_LEFT);
	report_column(t, "name", "Name", REPORT_LEFT);
	report_column(t, "n", "N", REPORT_RIGHT);
	row(t, REPORT_ROW, "02", "农村", "2", NULL);
	csv_of(&r, got, sizeof got);
	assert_string_equal(got,
	    "table,code,name,n\r\n"
	    "urban,01,\"城镇, 本市\",4\r\n"
	    "urban,total,合计,4\r\n"
	    "rural,02,农村,2\r\n");
	report_free(&r);
}

/* Tables of other columns: a block each, its header row of keys, an empty line between. */
static void
test_csv_blocks(void **state)
{
	struct report r;
	struct report_table *t;
	char got[2048];

	(void)state;
	report_init(&r, "two", "Two");
	t = report_table_add(&r, "a", "A");
	report_column(t, "name", "Name", REPORT_LEFT);
	report_column(t, "n", "N", REPORT_RIGHT);
	row(t, REPORT_ROW, "x", "1", NULL, NULL);
	row(t, REPORT_SECTION, "skipped", "", NULL, NULL);
	row(t, REPORT_ROW, "y", "2", NULL, NULL);
	t = report_table_add(&r, "b", "B");
	report_column(t, "region", "Region", REPORT_LEFT);
	report_column(t, "demand", "Demand", REPORT_RIGHT);
	report_column(t, "supply", "Supply", REPORT_RIGHT);
	row(t, REPORT_ROW, "110105", "7", "3", NULL);
	csv_of(&r, got, sizeof got);
	assert_string_equal(got,
	    "name,n\r\n"
	    "x,1\r\n"
	    "y,2\r\n"
	    "\r\n"
	    "region,demand,supply\r\n"
	    "110105,7,3\r\n");
	/* One table alone: its own header, no table column. */
	report_free(&r);
	report_init(&r, "one", "One");
	t = report_table_add(&r, "a", "A");
	report_column(t, "name", "Name", REPORT_LEFT);
	row(t, REPORT_ROW, "x", NULL, NULL, NULL);
	csv_of(&r, got, sizeof got);
	assert_string_equal(got, "name\r\nx\r\n");
	report_free(&r);
}

/* A screen finds a report's table and columns by key, and nothing for a key not there. */
static void
test_find(void **state)
{
	struct report r;
	const struct report_table *t;

	(void)state;
	education_report(&r);
	t = report_table_find(&r, "by_education");
	assert_non_null(t);
	assert_string_equal(t->title, "By education");
	assert_int_equal(report_column_find(t, "code"), 0);
	assert_int_equal(report_column_find(t, "count"), 2);
	assert_string_equal(t->rows[3].cells[report_column_find(t, "count")], "20");
	assert_int_equal(report_column_find(t, "demand"), -1);
	assert_null(report_table_find(&r, "by_age"));
	report_free(&r);
}

/*
 * JSON: the report's key, title, notes and tables; each row its kind and
 * its cells by column key; a number of a number column as a JSON number
 * (a decimal as written), a code ("01", "110105" in a text column), a
 * share with its "%", an empty cell and a dash as strings.
 */
static void
test_json(void **state)
{
	struct report r;
	struct report_table *t;
	struct buf out = BUF_INIT;

	(void)state;
	report_init(&r, "supply", "供求");
	report_note(&r, "Day: %s", "2026-06-30");
	t = report_table_add(&r, "by_region", "By region");
	report_column(t, "region", NULL, REPORT_LEFT);
	report_column(t, "name", "Region", REPORT_LEFT);
	report_column(t, "demand", "Demand", REPORT_RIGHT);
	report_column(t, "ratio", "Ratio", REPORT_RIGHT);
	row(t, REPORT_SECTION, "", "城区", "", "");
	row(t, REPORT_ROW, "110105", "朝阳", "12", "1.33");
	row(t, REPORT_ROW, "01", "", "-4", "-");
	row(t, REPORT_ROW, "02", "x", "0", "60%");
	row(t, REPORT_TOTAL, "total", "合计", "8", "0.1");
	report_json(&r, &out);
	assert_string_equal(buf_str(&out),
	    "{\n"
	    " \"report\": \"supply\",\n"
	    " \"title\": \"供求\",\n"
	    " \"notes\": [\n"
	    "  \"Day: 2026-06-30\"\n"
	    " ],\n"
	    " \"tables\": [\n"
	    "  {\n"
	    "   \"table\": \"by_region\",\n"
	    "   \"title\": \"By region\",\n"
	    "   \"rows\": [\n"
	    "    {\n"
	    "     \"kind\": \"section\",\n"
	    "     \"region\": \"\",\n"
	    "     \"name\": \"城区\",\n"
	    "     \"demand\": \"\",\n"
	    "     \"ratio\": \"\"\n"
	    "    },\n"
	    "    {\n"
	    "     \"kind\": \"row\",\n"
	    "     \"region\": \"110105\",\n"
	    "     \"name\": \"朝阳\",\n"
	    "     \"demand\": 12,\n"
	    "     \"ratio\": 1.33\n"
	    "    },\n"
	    "    {\n"
	    "     \"kind\": \"row\",\n"
	    "     \"region\": \"01\",\n"
	    "     \"name\": \"\",\n"
	    "     \"demand\": -4,\n"
	    "     \"ratio\": null\n"
	    "    },\n"
	    "    {\n"
	    "     \"kind\": \"row\",\n"
	    "     \"region\": \"02\",\n"
	    "     \"name\": \"x\",\n"
	    "     \"demand\": 0,\n"
	    "     \"ratio\": \"60%\"\n"
	    "    },\n"
	    "    {\n"
	    "     \"kind\": \"total\",\n"
	    "     \"region\": \"total\",\n"
	    "     \"name\": \"合计\",\n"
	    "     \"demand\": 8,\n"
	    "     \"ratio\": 0.1\n"
	    "    }\n"
	    "   ]\n"
	    "  }\n"
	    " ]\n"
	    "}\n");
	buf_free(&out);
	report_free(&r);
}

/*
 * In a number column, what is not exactly a number stays text: a leading
 * zero, an exponent, a figure too large for a JSON reader to hold.
 */
static void
test_json_not_numbers(void **state)
{
	static const char *const cells[] = { "007", "1e5", "12345678901234567890", "1.2.3",
	    "+5", ".", "-0", "0.1234567890123456", "9223372036854775807", "2.50", "-0.5" };
	static const char *const want[] = { "\"007\"", "\"1e5\"", "\"12345678901234567890\"",
	    "\"1.2.3\"", "\"+5\"", "\".\"", "0", "\"0.1234567890123456\"",
	    "9223372036854775807", "2.5", "-0.5" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cells / sizeof cells[0]; i++) {
		struct report r;
		struct report_table *t;
		struct buf out = BUF_INIT;
		char line[128];

		report_init(&r, "k", "K");
		t = report_table_add(&r, "t", "T");
		report_column(t, "n", "N", REPORT_RIGHT);
		row(t, REPORT_ROW, cells[i], NULL, NULL, NULL);
		report_json(&r, &out);
		snprintf(line, sizeof line, "\"n\": %s\n", want[i]);
		if (strstr(buf_str(&out), line) == NULL)
			fail_msg("cell \"%s\": expected %s in %s", cells[i], line, buf_str(&out));
		buf_free(&out);
		report_free(&r);
	}
}

/* The period of a query given no days, or one of them: today, the month so far. */
static void
test_query_period(void **state)
{
	struct report_query q;

	(void)state;
	memset(&q, 0, sizeof q);
	q.today = 20260315;
	report_query_period(&q, REPORT_PERIOD_DAY);
	assert_int_equal(q.from, 20260315);
	assert_int_equal(q.to, 20260315);
	memset(&q, 0, sizeof q);
	q.today = 20260315;
	report_query_period(&q, REPORT_PERIOD_MONTH);
	assert_int_equal(q.from, 20260301);
	assert_int_equal(q.to, 20260315);
	/* --to alone: that day, or its month up to it. */
	memset(&q, 0, sizeof q);
	q.today = 20260315;
	q.to = 20251231;
	report_query_period(&q, REPORT_PERIOD_DAY);
	assert_int_equal(q.from, 20251231);
	q.from = 0;
	report_query_period(&q, REPORT_PERIOD_MONTH);
	assert_int_equal(q.from, 20251201);
	assert_int_equal(q.to, 20251231);
	/* --from alone: to today, or to that day if it is after today. */
	memset(&q, 0, sizeof q);
	q.today = 20260315;
	q.from = 20260101;
	report_query_period(&q, REPORT_PERIOD_MONTH);
	assert_int_equal(q.from, 20260101);
	assert_int_equal(q.to, 20260315);
	q.from = 20260401;
	q.to = 0;
	report_query_period(&q, REPORT_PERIOD_DAY);
	assert_int_equal(q.to, 20260401);
}

/* Every report can be found by its name, has a label and a builder; others are not found. */
static void
test_kinds(void **state)
{
	size_t i;

	(void)state;
	assert_true(n_report_kinds > 0);
	for (i = 0; i < n_report_kinds; i++) {
		assert_ptr_equal(report_kind_find(report_kinds[i].name), &report_kinds[i]);
		assert_non_null(report_kinds[i].label);
		assert_non_null(report_kinds[i].build);
	}
	assert_non_null(report_kind_find("services"));
	assert_null(report_kind_find("Services"));
	assert_null(report_kind_find(""));
}

/* The format words of --format. */
static void
test_format_parse(void **state)
{
	enum report_format f;

	(void)state;
	assert_int_equal(report_format_parse("text", &f), 0);
	assert_int_equal(f, REPORT_TEXT);
	assert_int_equal(report_format_parse("csv", &f), 0);
	assert_int_equal(f, REPORT_CSV);
	assert_int_equal(report_format_parse("json", &f), 0);
	assert_int_equal(f, REPORT_JSON);
	assert_int_equal(report_format_parse("CSV", &f), -1);
	assert_int_equal(report_format_parse("", &f), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_aligned_in_cells),
		cmocka_unit_test(test_text_too_wide_is_cut),
		cmocka_unit_test(test_text_never_wider_than_asked),
		cmocka_unit_test(test_text_chart),
		cmocka_unit_test(test_text_chart_numbers_only),
		cmocka_unit_test(test_text_section),
		cmocka_unit_test(test_csv_shared_columns),
		cmocka_unit_test(test_csv_blocks),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_json_not_numbers),
		cmocka_unit_test(test_format_parse),
		cmocka_unit_test(test_query_period),
		cmocka_unit_test(test_kinds),
	};

	if (utf8_locale("test_report") != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
