/*
 * Unit tests for src/common/ini.c: what a person who edits jobdesk.ini or a
 * form file sees. Every file that iniparser 4.1 would reject or misread
 * must be refused with "FILE:LINE: problem"; a good file gives its values,
 * its line numbers and its sections and keys in file order.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/ini.h"

#include "testlib.h"

/* Assert that content is refused with "PATH:LINE:" and needle in the message. */
static void
refused_bytes(const char *content, size_t len, int line, const char *needle)
{
	char err[512] = "", want[192];
	const char *path = put_bytes("bad.ini", content, len);
	struct ini *ini = ini_load(path, err, sizeof err);

	if (ini != NULL) {
		ini_free(ini);
		fail_msg("file accepted:\n%.200s", content);
	}
	snprintf(want, sizeof want, "%s:%d:", path, line);
	assert_mentions(err, want);
	assert_mentions(err, needle);
}

static void
refused(const char *content, int line, const char *needle)
{
	refused_bytes(content, strlen(content), line, needle);
}

/* A file with line 3 holding `key = vvv...` of exactly total bytes (newline not counted). */
static char *
long_line_file(size_t total)
{
	char *s = malloc(total + 64);
	size_t off;

	assert_non_null(s);
	off = (size_t)snprintf(s, 64, "[a]\nx = 1\nk = ");
	memset(s + off, 'v', total - 4);
	off += total - 4;
	off += (size_t)snprintf(s + off, 64, "\ny = 2\n");
	return s;
}

static int
setup(void **state)
{
	(void)state;
	return tmpdir_make("ini");
}

static int
teardown(void **state)
{
	static const char *const names[] = { "good.ini", "bad.ini", NULL };

	(void)state;
	return tmpdir_remove(names);
}

/* Values, lines, order and case-insensitive lookups of a good file. */
static void
test_good_file(void **state)
{
	char err[256] = "";
	struct ini *ini;
	const char *path = put("good.ini",
	    "; a comment\n"				/* 1 */
	    "# another comment\n"			/* 2 */
	    "\n"					/* 3 */
	    "[Database]\n"				/* 4 */
	    "Path = /var/lib/jobdesk/jobdesk.db\n"	/* 5 */
	    "\n"					/* 6 */
	    "[ui]\n"					/* 7 */
	    "language = zh\n"				/* 8 */
	    "  colour=no  \n"				/* 9 */
	    "motd = \"open # 9 to 5\"\n"		/* 10 */
	    "quote = 'a ; b'\n"				/* 11 */
	    "inline = value ; comment\n"		/* 12 */
	    "empty =\n");				/* 13 */

	(void)state;
	ini = ini_load(path, err, sizeof err);
	if (ini == NULL)
		fail_msg("good file refused: %s", err);
	assert_string_equal(ini_path(ini), path);
	assert_int_equal(ini_nsections(ini), 2);
	assert_string_equal(ini_section(ini, 0), "database");
	assert_int_equal(ini_section_line(ini, 0), 4);
	assert_string_equal(ini_section(ini, 1), "ui");
	assert_int_equal(ini_section_line(ini, 1), 7);
	assert_null(ini_section(ini, 2));
	assert_int_equal(ini_section_line(ini, 2), 0);

	assert_string_equal(ini_get(ini, "database", "path"), "/var/lib/jobdesk/jobdesk.db");
	assert_string_equal(ini_get(ini, "DATABASE", "PATH"), "/var/lib/jobdesk/jobdesk.db");
	assert_int_equal(ini_line(ini, "Database", "Path"), 5);
	assert_string_equal(ini_get(ini, "ui", "colour"), "no");
	assert_int_equal(ini_line(ini, "ui", "colour"), 9);
	/* A quoted value keeps its '#' and ';'; an unquoted one loses the comment. */
	assert_string_equal(ini_get(ini, "ui", "motd"), "open # 9 to 5");
	assert_int_equal(ini_line(ini, "ui", "motd"), 10);
	assert_string_equal(ini_get(ini, "ui", "quote"), "a ; b");
	assert_string_equal(ini_get(ini, "ui", "inline"), "value");
	assert_string_equal(ini_get(ini, "ui", "empty"), "");
	assert_int_equal(ini_line(ini, "ui", "empty"), 13);

	assert_int_equal(ini_nkeys(ini, "ui"), 6);
	assert_string_equal(ini_key(ini, "ui", 0), "language");
	assert_string_equal(ini_key(ini, "ui", 1), "colour");
	assert_string_equal(ini_key(ini, "ui", 5), "empty");
	assert_null(ini_key(ini, "ui", 6));
	assert_int_equal(ini_nkeys(ini, "database"), 1);
	assert_int_equal(ini_nkeys(ini, "nosuch"), 0);

	/* Absent keys and sections are absent, not empty. */
	assert_null(ini_get(ini, "ui", "nosuch"));
	assert_int_equal(ini_line(ini, "ui", "nosuch"), 0);
	assert_null(ini_get(ini, "nosuch", "path"));
	assert_null(ini_get(ini, "ui", "path"));
	ini_free(ini);
}

/* A key continued over two lines is one value; the next key keeps its own line. */
static void
test_continued_value(void **state)
{
	char err[256] = "";
	struct ini *ini;
	const char *path = put("good.ini",
	    "[a]\n"
	    "k = one \\\n"
	    "  two\n"
	    "j = 3\n");

	(void)state;
	ini = ini_load(path, err, sizeof err);
	if (ini == NULL)
		fail_msg("continued value refused: %s", err);
	assert_non_null(strstr(ini_get(ini, "a", "k"), "two"));
	assert_int_equal(ini_nkeys(ini, "a"), 2);
	assert_string_equal(ini_get(ini, "a", "j"), "3");
	assert_int_equal(ini_line(ini, "a", "j"), 4);
	ini_free(ini);
}

/* A byte-order mark (Notepad's "UTF-8") is named as such, on line 1. */
static void
test_bom(void **state)
{
	static const char bom[] = "\xef\xbb\xbf[ui]\nlanguage = zh\n";

	(void)state;
	refused(bom, 1, "byte-order mark");
}

/* A line of 1100 bytes is refused with its line number, before iniparser sees it. */
static void
test_long_line(void **state)
{
	char *s = long_line_file(1100);

	(void)state;
	refused(s, 3, "longer than");
	free(s);
}

/*
 * iniparser 4.1 reads at most 1023 bytes including the newline: the longest
 * line it takes has 1022 bytes. The lengths just past that must be refused
 * in our "FILE:LINE:" form, not by iniparser in its own words.
 */
static void
test_long_line_boundary(void **state)
{
	char err[256] = "";
	struct ini *ini;
	char *s;
	size_t n;

	(void)state;
	s = long_line_file(INI_LINE_MAX - 2);
	ini = ini_load(put("good.ini", s), err, sizeof err);
	if (ini == NULL)
		fail_msg("a line of %d bytes refused: %s", INI_LINE_MAX - 2, err);
	assert_int_equal(strlen(ini_get(ini, "a", "k")), INI_LINE_MAX - 6);
	assert_string_equal(ini_get(ini, "a", "y"), "2");
	ini_free(ini);
	free(s);
	for (n = INI_LINE_MAX - 1; n <= INI_LINE_MAX + 2; n++) {
		s = long_line_file(n);
		refused(s, 3, "longer than");
		free(s);
	}
}

/* A value continued so far that iniparser's buffer overflows is caught too. */
static void
test_long_continued_line(void **state)
{
	char s[1400];
	size_t off = 0;

	(void)state;
	off += (size_t)snprintf(s + off, sizeof s - off, "[a]\nk = ");
	memset(s + off, 'v', 600);
	off += 600;
	off += (size_t)snprintf(s + off, sizeof s - off, " \\\n  ");
	memset(s + off, 'w', 600);
	off += 600;
	snprintf(s + off, sizeof s - off, "\ny = 2\n");
	refused(s, 3, "longer than");
}

/* Stray text, an unclosed section, a key-less value. */
static void
test_syntax_errors(void **state)
{
	static const char nul[] = "[a]\nk = v\nj = x\0y\n";

	(void)state;
	refused("[ui]\nlanguage = zh\ncolour no\n", 3, "expected \"key = value\"");
	refused("[ui]\nlanguage = zh\ncolour no\n", 3, "colour no");
	refused("; x\n[ui\nlanguage = zh\n", 2, "no closing");
	/* iniparser reads "[ui]=" as a key, and the keys after it as outside [ui]. */
	refused("[ui]=\nlanguage = zh\n", 1, "text after its closing");
	refused("[ui] x = y\n", 1, "text after its closing");
	/* iniparser leaves the keys after "[]" in the section before it. */
	refused("[ui]\nlanguage = zh\n[ ]\ncolour = no\n", 3, "has no name");
	refused("[ui]\n = zh\n", 2, "without a key");
	refused_bytes(nul, sizeof nul - 1, 3, "NUL");
}

/* A file saved as "Unicode" (UTF-16) by Notepad is not taken for INI text. */
static void
test_utf16(void **state)
{
	static const char utf16[] = "\xff\xfe[\0u\0i\0]\0\r\0\n\0k\0=\0v\0\r\0\n\0";

	(void)state;
	refused_bytes(utf16, sizeof utf16 - 1, 1, "NUL");
}

/*
 * iniparser joins the line after a comment ending in "\" to the comment:
 * the key there would be lost without a word.
 */
static void
test_comment_continued(void **state)
{
	(void)state;
	refused("[db]\n; kept in C:\\data\\\npath = /srv/jobdesk.db\n", 2, "hides the next line");
	refused("[db]\n# trailing blanks too \\  \npath = /srv/jobdesk.db\n", 2, "hides the next line");
	/* iniparser never reads a last line continued into the end of the file. */
	refused("[db]\npath = /srv/\\\n", 2, "past the end of the file");
	refused("[db]\npath = /srv/\\\nfile.db \\", 3, "past the end of the file");
	/* iniparser ends a continued line at a blank one unless a "\" is left over. */
	refused("[db]\npath = C:\\\\\n\nuser = x\n", 3, "a blank line after");
}

/* iniparser would silently keep the last of two equal keys: we refuse them. */
static void
test_duplicates(void **state)
{
	(void)state;
	refused("[ui]\nlanguage = zh\ncolour = no\nlanguage = en\n", 4, "appears twice");
	refused("[ui]\nlanguage = zh\ncolour = no\nlanguage = en\n", 4, "language");
	/* Keys and sections are case-insensitive, so these are duplicates too. */
	refused("[ui]\nLanguage = zh\nLANGUAGE = en\n", 3, "appears twice");
	refused("[ui]\na = 1\n[db]\nb = 2\n[UI]\nc = 3\n", 5, "[ui] appears twice");
	/* The same key in two sections is fine. */
	{
		char err[256] = "";
		struct ini *ini = ini_load(put("good.ini", "[a]\nk = 1\n[b]\nk = 2\n"), err,
		    sizeof err);

		if (ini == NULL)
			fail_msg("refused: %s", err);
		assert_string_equal(ini_get(ini, "a", "k"), "1");
		assert_string_equal(ini_get(ini, "b", "k"), "2");
		ini_free(ini);
	}
}

/* A file that does not exist names the file. */
static void
test_missing_file(void **state)
{
	const char *path = tmp("nosuch.ini");
	char err[256] = "";

	(void)state;
	assert_null(ini_load(path, err, sizeof err));
	assert_mentions(err, path);
	assert_mentions(err, "cannot open");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_file),
		cmocka_unit_test(test_continued_value),
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_long_line_boundary),
		cmocka_unit_test(test_long_continued_line),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_utf16),
		cmocka_unit_test(test_comment_continued),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_missing_file),
	};

	if (utf8_locale("test_ini") != 0)
		return 1;
	return cmocka_run_group_tests(tests, setup, teardown);
}
