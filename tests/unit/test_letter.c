/*
 * Unit tests for the referral letter: its template (src/common/letterdef.c)
 * and its layout (src/core/letter.c). The shipped forms/referral.letter
 * renders to the golden files in tests/unit/data, every line fits 80
 * columns whatever the values, the reprint mark shows on reprints only,
 * the receipt below the cut line carries the letter's number; a broken
 * template is reported with its file and line.
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
#include "common/fields.h"
#include "common/letterdef.h"
#include "common/wtext.h"
#include "common/xalloc.h"
#include "core/letter.h"

#include "testlib.h"

static char fixture[128];

/* The shipped template; the test fails if it does not load. */
static struct letterdef *
shipped(void)
{
	char path[512], err[512] = "";
	struct letterdef *def;

	snprintf(path, sizeof path, "%s/forms/referral.letter", top());
	if ((def = letterdef_load(path, err, sizeof err)) == NULL)
		fail_msg("%s", err);
	return def;
}

/* A referral with Chinese values, a long employer name among them. */
static void
referral(struct fields *f)
{
	fields_init(f);
	fields_set(f, "number", "110105-20261207-0042");
	fields_set(f, "date", "2026年12月7日");
	fields_set(f, "office", "朝阳区劳动服务管理中心");
	fields_set(f, "clerk", "王丽");
	fields_set(f, "seeker_name", "张伟");
	fields_set(f, "seeker_sex", "男");
	fields_set(f, "seeker_idnum", "110105199003071234");
	fields_set(f, "seeker_phone", "13800138000");
	fields_set(f, "employer_name",
	    "北京华联综合超市股份有限公司朝阳区第一百二十三连锁分店管理处");
	fields_set(f, "employer_address", "北京市朝阳区建国路88号");
	fields_set(f, "employer_contact", "李娜");
	fields_set(f, "employer_phone", "010-65001234");
	fields_set(f, "vacancy_title", "理货员");
	fields_set(f, "occupation", "营业员");
	fields_set(f, "wage", "4500-6000元/月");
}

/* The letter of def in lang as a new string; the test fails on an error. */
static char *
render(const struct letterdef *def, const char *lang, const struct fields *f, int reprint)
{
	struct buf b = BUF_INIT;
	char err[512] = "";

	if (letter_render(def, lang, f, reprint, &b, err, sizeof err) != 0)
		fail_msg("%s", err);
	return buf_detach(&b);
}

/* A file's contents as a new string. */
static char *
slurp(const char *path)
{
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;
	FILE *fp = fopen(path, "r");

	if (fp == NULL)
		fail_msg("cannot open %s", path);
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_add(&b, chunk, n);
	fclose(fp);
	return buf_detach(&b);
}

/* Assert every line ends in "\n", fits 80 cells and has no trailing blank. */
static void
assert_fits(const char *text)
{
	const char *p = text, *nl;
	char line[1024];
	wchar_t *w;
	int n = 0;

	while (*p != '\0') {
		nl = strchr(p, '\n');
		if (nl == NULL)
			fail_msg("the text does not end in a newline:\n%s", text);
		assert_true((size_t)(nl - p) < sizeof line);
		memcpy(line, p, (size_t)(nl - p));
		line[nl - p] = '\0';
		if (wtext_width(line) > LETTER_COLS)
			fail_msg("line %d is %d columns: \"%s\"", n + 1, wtext_width(line), line);
		if (nl > p && nl[-1] == ' ')
			fail_msg("line %d ends in a blank: \"%s\"", n + 1, line);
		if ((w = wtext_from_utf8(line, NULL)) == NULL)
			fail_msg("line %d is not valid UTF-8", n + 1);
		free(w);
		p = nl + 1;
		n++;
	}
	assert_true(n > 0);
}

/* Assert the rendering of the shipped template equals a golden file. */
static void
assert_golden(const char *lang, int reprint, const char *name)
{
	struct letterdef *def = shipped();
	struct fields f;
	char path[512], *got, *want;

	referral(&f);
	got = render(def, lang, &f, reprint);
	snprintf(path, sizeof path, "%s/tests/unit/data/%s", top(), name);
	want = slurp(path);
	if (strcmp(got, want) != 0)
		fail_msg("the %s letter differs from %s:\n%s", lang, path, got);
	free(got);
	free(want);
	fields_free(&f);
	letterdef_free(def);
}

/* The shipped Chinese letter, first print: the golden file, to the byte. */
static void
test_golden_zh(void **state)
{
	(void)state;
	assert_golden("zh", 0, "referral-zh.txt");
}

/* The shipped English letter, reprinted: the golden file, to the byte. */
static void
test_golden_en_reprint(void **state)
{
	(void)state;
	assert_golden("en", 1, "referral-en-reprint.txt");
}

/* Every line fits 80 columns in both languages, even with values far too long. */
static void
test_lines_fit(void **state)
{
	static const char *const langs[] = { "zh", "en" };
	struct letterdef *def = shipped();
	struct fields f;
	struct buf long_zh = BUF_INIT;
	char *text;
	size_t i, l;
	int reprint;

	(void)state;
	for (i = 0; i < 100; i++)
		buf_adds(&long_zh, i % 7 == 0 ? "A" : "华");
	referral(&f);
	for (l = 0; l < 2; l++)
		for (reprint = 0; reprint < 2; reprint++) {
			text = render(def, langs[l], &f, reprint);
			assert_fits(text);
			free(text);
		}
	for (i = 0; i < LETTER_SLOT_COUNT; i++)
		fields_set(&f, letterdef_slot_name((enum letter_slot)i), buf_str(&long_zh));
	/* A control character in a value must not break the line. */
	fields_set(&f, "seeker_name", "张\n伟\t");
	for (l = 0; l < 2; l++) {
		text = render(def, langs[l], &f, 1);
		assert_fits(text);
		free(text);
	}
	buf_free(&long_zh);
	fields_free(&f);
	letterdef_free(def);
}

/* The reprint mark shows on a reprint and only then. */
static void
test_reprint_mark(void **state)
{
	struct letterdef *def = shipped();
	struct fields f;
	char *text;

	(void)state;
	referral(&f);
	text = render(def, "zh", &f, 0);
	assert_null(strstr(text, "补打"));
	free(text);
	text = render(def, "zh", &f, 1);
	assert_non_null(strstr(text, "补打"));
	free(text);
	text = render(def, "en", &f, 0);
	assert_null(strstr(text, "REPRINT"));
	free(text);
	text = render(def, "en", &f, 1);
	assert_non_null(strstr(text, "REPRINT"));
	free(text);
	fields_free(&f);
	letterdef_free(def);
}

/* Below the cut line comes the receipt with the same number, and its boxes. */
static void
test_receipt_after_cut(void **state)
{
	static const char *const langs[] = { "zh", "en" };
	static const char *const hired[] = { "已录用", "hired" };
	struct letterdef *def = shipped();
	struct fields f;
	const char *cut, *p;
	char *text;
	size_t l;

	(void)state;
	referral(&f);
	for (l = 0; l < 2; l++) {
		text = render(def, langs[l], &f, 0);
		cut = strstr(text, "\n- - - ");
		assert_non_null(cut);
		p = strstr(text, "110105-20261207-0042");
		assert_true(p != NULL && p < cut);
		p = strstr(cut, "110105-20261207-0042");
		assert_non_null(p);
		assert_non_null(strstr(cut, "[  ]"));
		assert_non_null(strstr(cut, hired[l]));
		assert_non_null(strstr(cut, "张伟"));
		assert_non_null(strstr(cut, "理货员"));
		free(text);
	}
	fields_free(&f);
	letterdef_free(def);
}

/* The ID number is masked as lists mask it; the full number never shows. */
static void
test_idnum_masked(void **state)
{
	struct letterdef *def = shipped();
	struct fields f;
	char *text;

	(void)state;
	referral(&f);
	text = render(def, "zh", &f, 0);
	assert_null(strstr(text, "110105199003071234"));
	assert_non_null(strstr(text, "110105********1234"));
	free(text);
	fields_free(&f);
	letterdef_free(def);
}

/* An interview not yet fixed leaves a line to fill in by hand; a fixed one shows. */
static void
test_interview_fill_in(void **state)
{
	struct letterdef *def = shipped();
	struct fields f;
	char *text;

	(void)state;
	referral(&f);
	text = render(def, "zh", &f, 0);
	assert_non_null(strstr(text, "面试时间：______年____月____日____时\n"));
	free(text);
	fields_set(&f, "interview_date", "2026年12月9日 9:30");
	fields_set(&f, "interview_place", "建国路88号三层人事部");
	text = render(def, "zh", &f, 0);
	assert_non_null(strstr(text, "面试时间：2026年12月9日 9:30\n"));
	assert_non_null(strstr(text, "面试地点：建国路88号三层人事部\n"));
	free(text);
	fields_free(&f);
	letterdef_free(def);
}

/* Load the fixture; the test fails if it is refused. */
static struct letterdef *
accepted(const char *content)
{
	char err[512] = "";
	struct letterdef *def;

	put("test.letter", content);
	if ((def = letterdef_load(fixture, err, sizeof err)) == NULL)
		fail_msg("%s", err);
	return def;
}

/* A template whose [zh] body is lines and whose [en] body is a minimal one. */
static char *
template(const char *zh_lines)
{
	return xasprintf("[letter]\nname_zh = 信\nname_en = Letter\n\n[zh]\nreprint = 补打\n"
	    "%s\n\n[en]\nreprint = REPRINT\ntext.n = No. {number} {reprint}\n", zh_lines);
}

/* A value too long for its place is cut at a character, never inside one, with a mark. */
static void
test_value_cut(void **state)
{
	struct letterdef *def;
	struct fields f = FIELDS_INIT;
	char *t = template("text.a = [{employer_name:9}]\ntext.b = {number}{reprint}"), *text;

	(void)state;
	def = accepted(t);
	fields_set(&f, "number", "1");
	/* 9 cells: four Chinese characters, then the mark in the ninth. */
	fields_set(&f, "employer_name", "华联超市有限公司");
	text = render(def, "zh", &f, 0);
	assert_string_equal(text, "[华联超市>]\n1\n");
	free(text);
	/* A character that would straddle the mark's cell leaves a blank before it. */
	fields_set(&f, "employer_name", "A华联超市有限公司");
	text = render(def, "zh", &f, 0);
	assert_string_equal(text, "[A华联超 >]\n1\n");
	free(text);
	fields_set(&f, "employer_name", "华联超市");
	text = render(def, "zh", &f, 0);
	assert_string_equal(text, "[华联超市]\n1\n");
	free(text);
	fields_free(&f);
	letterdef_free(def);
	free(t);
}

/*
 * A paragraph wraps at 80 cells: Chinese between any two characters,
 * English at blanks, never before closing punctuation; only its first
 * line is indented.
 */
static void
test_wrap(void **state)
{
	struct letterdef *def;
	struct fields f = FIELDS_INIT;
	struct buf para = BUF_INIT, want = BUF_INIT;
	char *t, *text;
	int i;

	(void)state;
	buf_adds(&para, "para.p = \"    ");
	for (i = 0; i < 45; i++)
		buf_adds(&para, "华");
	buf_adds(&para, "，");
	for (i = 0; i < 14; i++)
		buf_adds(&para, " word");
	buf_adds(&para, "\"\ntext.n = {number}{reprint}");
	t = template(buf_str(&para));
	def = accepted(t);
	fields_set(&f, "number", "1");
	text = render(def, "zh", &f, 0);
	/*
	 * 4 + 38 * 2 = 80 cells; the next line keeps the "，" with the 45th
	 * character, and breaks at the blank before the word that would end
	 * in column 81.
	 */
	buf_adds(&want, "    ");
	for (i = 0; i < 38; i++)
		buf_adds(&want, "华");
	buf_adds(&want, "\n");
	for (i = 0; i < 7; i++)
		buf_adds(&want, "华");
	buf_adds(&want, "，");
	for (i = 0; i < 12; i++)
		buf_adds(&want, " word");
	buf_adds(&want, "\nword word\n1\n");
	assert_string_equal(text, buf_str(&want));
	assert_fits(text);
	free(text);
	buf_free(&para);
	buf_free(&want);
	fields_free(&f);
	letterdef_free(def);
	free(t);
}

/* The cut line spans the page with its text in the middle. */
static void
test_cut_line(void **state)
{
	struct letterdef *def;
	struct fields f = FIELDS_INIT;
	char *t = template("cut = 剪\ncut.2 =\ntext.n = {number}{reprint}"), *text, *nl, *nl2;

	(void)state;
	def = accepted(t);
	fields_set(&f, "number", "1");
	text = render(def, "zh", &f, 0);
	nl = strchr(text, '\n');
	assert_non_null(nl);
	*nl = '\0';
	assert_int_equal(wtext_width(text), LETTER_COLS);
	assert_non_null(strstr(text, " 剪 "));
	assert_int_equal(text[0], '-');
	assert_int_equal(nl[-1], '-');
	/* Without text: dashes from the first column to the 79th. */
	nl2 = strchr(nl + 1, '\n');
	assert_non_null(nl2);
	*nl2 = '\0';
	assert_int_equal(wtext_width(nl + 1), LETTER_COLS - 1);
	assert_int_equal(nl2[-1], '-');
	assert_int_equal(nl[1], '-');
	free(text);
	fields_free(&f);
	letterdef_free(def);
	free(t);
}

/* Center and right lines: aligned in 80 columns. */
static void
test_align(void **state)
{
	struct letterdef *def;
	struct fields f = FIELDS_INIT;
	char *t = template("center.a = 推荐{reprint}\nright.b = No. {number}"), *text, want[256];

	(void)state;
	def = accepted(t);
	fields_set(&f, "number", "12");
	text = render(def, "zh", &f, 1);
	snprintf(want, sizeof want, "%*s推荐补打\n%*sNo. 12\n", 36, "", 74, "");
	assert_string_equal(text, want);
	free(text);
	fields_free(&f);
	letterdef_free(def);
	free(t);
}

/* An unknown language and a referral without its number are refused, and out stays. */
static void
test_render_errors(void **state)
{
	struct letterdef *def = shipped();
	struct fields f;
	struct buf b = BUF_INIT;
	char err[512] = "";

	(void)state;
	referral(&f);
	assert_int_equal(letter_render(def, "fr", &f, 0, &b, err, sizeof err), -1);
	assert_mentions(err, "\"fr\"");
	fields_set(&f, "number", "");
	assert_int_equal(letter_render(def, "zh", &f, 0, &b, err, sizeof err), -1);
	assert_mentions(err, "number");
	assert_int_equal(b.len, 0);
	fields_free(&f);
	letterdef_free(def);
}

/* The 1-based number of the first line of s that contains marker. */
static int
line_of(const char *s, const char *marker)
{
	const char *hit = strstr(s, marker), *p;
	int line = 1;

	if (hit == NULL)
		fail_msg("fixture has no \"%s\"", marker);
	for (p = s; p < hit; p++)
		if (*p == '\n')
			line++;
	return line;
}

/* Assert content is refused with "FILE:LINE:" of the line holding marker, and needle. */
static void
refused(const char *content, const char *marker, const char *needle)
{
	char err[512] = "", want[256];
	struct letterdef *def;

	put("test.letter", content);
	if ((def = letterdef_load(fixture, err, sizeof err)) != NULL) {
		letterdef_free(def);
		fail_msg("template accepted:\n%s", content);
	}
	if (marker != NULL)
		snprintf(want, sizeof want, "%s:%d:", fixture, line_of(content, marker));
	else
		snprintf(want, sizeof want, "%s:", fixture);
	assert_mentions(err, want);
	assert_mentions(err, needle);
}

/* Refuse the template with zh_lines as its [zh] body. */
static void
refused_zh(const char *zh_lines, const char *marker, const char *needle)
{
	char *t = template(zh_lines);

	refused(t, marker, needle);
	free(t);
}

/* Each mistake in a template is named with its file and line. */
static void
test_malformed(void **state)
{
	(void)state;
	refused_zh("text.a = {nmuber}{reprint}", "text.a", "unknown placeholder \"{nmuber}\"");
	refused_zh("text.a = {number{reprint}", "text.a", "\"{\" without its \"}\"");
	refused_zh("text.a = {number:0}{reprint}", "text.a", "width of \"{number}\"");
	refused_zh("text.a = {number:x}{reprint}", "text.a", "width of \"{number}\"");
	refused_zh("text.a = {number}{reprint}\nbold.b = x", "bold.b", "unknown key");
	refused_zh("text.a = {number}{reprint}\nblank.b = x", "blank.b", "a blank line has no text");
	refused_zh("text.a = {number}{reprint}\ntext.b = {employer_name}{employer_address}",
	    "text.b", "takes 100 columns");
	refused_zh("text.a = {number}{reprint}\nright.b = {office}{vacancy_title:41}",
	    "right.b", "takes 81 columns");
	refused_zh("text.a = {number}{reprint}\ncut = {employer_name}{office}", "cut =",
	    "takes 84 columns");
	refused_zh("text.a = {number}{reprint}\ntext.b = \"a\tb\"", "text.b",
	    "control character");
	refused_zh("text.a = {number}", "[zh]", "{reprint}");
	refused_zh("text.a = {reprint}", "[zh]", "{number}");
	refused("[letter]\nname_zh = 信\nname_en = Letter\n[zh]\ntext.a = {number}{reprint}\n"
	    "[en]\nreprint = R\ntext.a = {number}{reprint}\n", "[zh]", "reprint mark");
	refused("[letter]\nname_zh = 信\nname_en = Letter\n[zh]\nreprint = 补打\n"
	    "[en]\nreprint = R\ntext.a = {number}{reprint}\n", "[zh]", "no lines");
	refused("[letter]\nname_zh = 信\nname_en = Letter\n[zh]\nreprint = 补打\n"
	    "text.a = {number}{reprint}\n", NULL, "no [en] body");
	refused("[letter]\nname_zh = 信\nname_en = Letter\n[fr]\nreprint = R\n", "[fr]",
	    "unknown section [fr]");
	refused("[letter]\nname_zh = 信\nname_en = Letter\ntitle = x\n", "title",
	    "unknown key");
	refused("[letter]\nname_en = Letter\n[zh]\nreprint = 补打\ntext.a = {number}{reprint}\n"
	    "[en]\nreprint = R\ntext.a = {number}{reprint}\n", "[letter]", "name_zh is missing");
	refused("oops = 1\n[letter]\n", "oops", "outside any [section]");
	/* ini.c's own checks come through with the template's name. */
	refused("[letter]\nname_zh = 信\nthis is no key\n", "this is", "expected \"key = value\"");
}

/*
 * Width overrides, "{{" and a paragraph wider than the page are accepted;
 * an empty paragraph is an empty line, as an empty text line is.
 */
static void
test_accepted(void **state)
{
	struct letterdef *def;
	struct fields f = FIELDS_INIT;
	char *t = template("text.a = {{{number:5}} {employer_name:50}{employer_address:10}"
	    "{reprint}\npara.b = {employer_address}{employer_address}"), *text;

	(void)state;
	def = accepted(t);
	fields_set(&f, "number", "1234567");
	text = render(def, "zh", &f, 0);
	assert_string_equal(text, "{1234>}\n\n");
	free(text);
	fields_free(&f);
	letterdef_free(def);
	free(t);
}

static int
setup(void **state)
{
	(void)state;
	if (utf8_locale("test_letter") != 0 || tmpdir_make("letter") != 0)
		return -1;
	snprintf(fixture, sizeof fixture, "%s/test.letter", tmpdir);
	return 0;
}

static int
teardown(void **state)
{
	static const char *const names[] = { "test.letter", NULL };

	(void)state;
	return tmpdir_remove(names);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_zh),
		cmocka_unit_test(test_golden_en_reprint),
		cmocka_unit_test(test_lines_fit),
		cmocka_unit_test(test_reprint_mark),
		cmocka_unit_test(test_receipt_after_cut),
		cmocka_unit_test(test_idnum_masked),
		cmocka_unit_test(test_interview_fill_in),
		cmocka_unit_test(test_value_cut),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_cut_line),
		cmocka_unit_test(test_align),
		cmocka_unit_test(test_render_errors),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_accepted),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
