/*
 * Unit tests for the shared file readers the client's store and jobdeskd
 * both use: code-list files (src/common/codefile.c) and forms held as text
 * (formdef_load_text, formdef_text_split and formdef_text_join). A bad
 * line is reported with the file and its number; a form's text cut in
 * parts comes back byte for byte.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/codefile.h"
#include "common/fields.h"
#include "common/formdef.h"
#include "common/log.h"
#include "core/kind.h"

#include "testlib.h"

static const char header[] = "# list: fruit\n# version: 3\n"
    "code\tparent\tname_zh\tname_en\tdeprecated\n";

/* cmocka group setup: a temporary folder, the log silenced. */
static int
setup(void **state)
{
	(void)state;
	log_set_file(NULL);
	return tmpdir_make("codefile");
}

/* cmocka group teardown: the folder and what the tests left in it. */
static int
teardown(void **state)
{
	static const char *const names[] = { "list.tsv", NULL };

	(void)state;
	return tmpdir_remove(names);
}

/* A list is read code by code, with name, version, parents and deprecation. */
static void
test_codefile_reads(void **state)
{
	char text[512], err[256] = "";
	struct codefile *cf;
	struct codefile_entry e;

	(void)state;
	snprintf(text, sizeof text, "%s# a comment\n\nA\t\t苹果\tApple\t0\nA1\tA\t小苹果\t\t1\n",
	    header);
	cf = codefile_open(put("list.tsv", text), err, sizeof err);
	assert_non_null(cf);
	assert_string_equal(codefile_list(cf), "fruit");
	assert_string_equal(codefile_version(cf), "3");
	assert_int_equal(codefile_next(cf, &e, err, sizeof err), 1);
	assert_string_equal(e.code, "A");
	assert_string_equal(e.parent, "");
	assert_string_equal(e.name_zh, "苹果");
	assert_string_equal(e.name_en, "Apple");
	assert_int_equal(e.deprecated, 0);
	assert_int_equal(codefile_lineno(cf), 6);
	assert_int_equal(codefile_next(cf, &e, err, sizeof err), 1);
	assert_string_equal(e.code, "A1");
	assert_string_equal(e.parent, "A");
	assert_string_equal(e.name_en, "");
	assert_int_equal(e.deprecated, 1);
	assert_int_equal(codefile_next(cf, &e, err, sizeof err), 0);
	codefile_close(cf);
}

/* A list with an order: each code's rank, none for an empty one; a list without has none. */
static void
test_codefile_ranks(void **state)
{
	static const char ranked[] = "# list: level\n# version: 1\n"
	    "code\tparent\tname_zh\tname_en\tdeprecated\trank\n"
	    "H\t\t高\tHigh\t0\t60\nX\t\t其他\tOther\t0\t\n";
	char err[256] = "", text[256];
	struct codefile *cf;
	struct codefile_entry e;

	(void)state;
	cf = codefile_open(put("list.tsv", ranked), err, sizeof err);
	assert_non_null(cf);
	assert_int_equal(codefile_next(cf, &e, err, sizeof err), 1);
	assert_string_equal(e.name_en, "High");
	assert_int_equal(e.rank, 60);
	assert_int_equal(codefile_next(cf, &e, err, sizeof err), 1);
	assert_int_equal(e.rank, -1);
	codefile_close(cf);
	snprintf(text, sizeof text, "%sA\t\t苹果\tApple\t0\n", header);
	cf = codefile_open(put("list.tsv", text), err, sizeof err);
	assert_non_null(cf);
	assert_int_equal(codefile_next(cf, &e, err, sizeof err), 1);
	assert_int_equal(e.rank, -1);
	codefile_close(cf);
}

/*
 * The aliases column, alone or with rank in either order: each code's
 * words, "" for none; a file without the column gives NULL (nothing said).
 */
static void
test_codefile_aliases(void **state)
{
	static const char *const headers[] = {
		"code\tparent\tname_zh\tname_en\tdeprecated\taliases\n",
		"code\tparent\tname_zh\tname_en\tdeprecated\trank\taliases\n",
		"code\tparent\tname_zh\tname_en\tdeprecated\taliases\trank\n",
	};
	static const char *const rows[] = {
		"31\t\t大学专科毕业\tJunior college\t0\t大专|专科\n21\t\t大学本科毕业\tBachelor\t0\t\n",
		"31\t\t大学专科毕业\tJunior college\t0\t50\t大专|专科\n"
		    "21\t\t大学本科毕业\tBachelor\t0\t60\t\n",
		"31\t\t大学专科毕业\tJunior college\t0\t大专|专科\t50\n"
		    "21\t\t大学本科毕业\tBachelor\t0\t\t60\n",
	};
	char text[512], err[256] = "";
	struct codefile *cf;
	struct codefile_entry e;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof headers / sizeof headers[0]; i++) {
		snprintf(text, sizeof text, "# list: education\n# version: 1\n%s%s", headers[i],
		    rows[i]);
		cf = codefile_open(put("list.tsv", text), err, sizeof err);
		assert_non_null(cf);
		if (codefile_next(cf, &e, err, sizeof err) != 1)
			fail_msg("header %zu: %s", i, err);
		assert_string_equal(e.code, "31");
		assert_string_equal(e.aliases, "大专|专科");
		assert_int_equal(e.rank, i == 0 ? -1 : 50);
		assert_int_equal(codefile_next(cf, &e, err, sizeof err), 1);
		assert_string_equal(e.aliases, "");
		assert_int_equal(e.rank, i == 0 ? -1 : 60);
		assert_int_equal(codefile_next(cf, &e, err, sizeof err), 0);
		codefile_close(cf);
	}
	snprintf(text, sizeof text, "%sA\t\t苹果\tApple\t0\n", header);
	cf = codefile_open(put("list.tsv", text), err, sizeof err);
	assert_non_null(cf);
	assert_int_equal(codefile_next(cf, &e, err, sizeof err), 1);
	assert_null(e.aliases);
	codefile_close(cf);
}

/* Reading may stop after the version: what follows is not even looked at. */
static void
test_codefile_header_only(void **state)
{
	char text[256], err[256] = "";
	struct codefile *cf;

	(void)state;
	snprintf(text, sizeof text, "%sbroken line\n", header);
	cf = codefile_open(put("list.tsv", text), err, sizeof err);
	assert_non_null(cf);
	assert_string_equal(codefile_version(cf), "3");
	codefile_close(cf);
}

/* Assert that content fails, at open or while reading, naming the file and line. */
static void
refused(const char *content, const char *where, const char *needle)
{
	char err[512] = "", want[256];
	const char *path = put("list.tsv", content);
	struct codefile *cf = codefile_open(path, err, sizeof err);
	struct codefile_entry e;
	int rc = 0;

	if (cf != NULL) {
		while ((rc = codefile_next(cf, &e, err, sizeof err)) > 0)
			;
		codefile_close(cf);
	}
	assert_true(cf == NULL || rc < 0);
	snprintf(want, sizeof want, "%s%s", path, where);
	assert_mentions(err, want);
	assert_mentions(err, needle);
}

/* Every broken shape is refused with its line. */
static void
test_codefile_refuses(void **state)
{
	char text[512];

	(void)state;
	refused("# fruit\n# version: 1\n", ":1:", "# list: NAME");
	refused("# list: fruit\nversion 1\n", ":2:", "# version: VERSION");
	refused("# list: fruit\n# version: 1\r\n", ":2:", "DOS");
	refused("# list: fruit\n# version: 1\ncode\tname\n", ":3:", "header");
	refused("# list: fruit\n", ":", "too short");
	refused("", ":", "too short");
	refused("# list: fruit\n# version: 1\n", ":", "too short");
	snprintf(text, sizeof text, "%sA\t\t苹果\tApple\n", header);
	refused(text, ":4:", "separated by tabs");
	snprintf(text, sizeof text, "%sA\t\t苹果\tApple\t2\n", header);
	refused(text, ":4:", "0 or 1");
	snprintf(text, sizeof text, "%sA\t\t\tApple\t0\n", header);
	refused(text, ":4:", "separated by tabs");
	snprintf(text, sizeof text, "%sA\t\t苹果\tApple\t0\textra\n", header);
	refused(text, ":4:", "separated by tabs");
	/* A ranked list: every line has the rank column, a number or empty. */
	snprintf(text, sizeof text, "# list: level\n# version: 1\n"
	    "code\tparent\tname_zh\tname_en\tdeprecated\trank\nA\t\t高\tHigh\t0\n");
	refused(text, ":4:", "rank, separated by tabs");
	snprintf(text, sizeof text, "# list: level\n# version: 1\n"
	    "code\tparent\tname_zh\tname_en\tdeprecated\trank\nA\t\t高\tHigh\t0\t-1\n");
	refused(text, ":4:", "0 to 9999");
	snprintf(text, sizeof text, "# list: level\n# version: 1\n"
	    "code\tparent\tname_zh\tname_en\tdeprecated\trank\nA\t\t高\tHigh\t0\t10000\n");
	refused(text, ":4:", "0 to 9999");
	/* Optional columns: known ones, once each; every line has them all. */
	refused("# list: level\n# version: 1\n"
	    "code\tparent\tname_zh\tname_en\tdeprecated\taliases\taliases\n", ":3:", "header");
	refused("# list: level\n# version: 1\n"
	    "code\tparent\tname_zh\tname_en\tdeprecated\tnotes\n", ":3:", "header");
	refused("# list: level\n# version: 1\n"
	    "code\tparent\tname_zh\tname_en\tdeprecated\t\n", ":3:", "header");
	refused("# list: level\n# version: 1\n"
	    "code\tparent\tname_zh\tname_en\tdeprecated\taliases\nA\t\t高\tHigh\t0\n", ":4:",
	    "aliases, separated by tabs");
	refused("# list: level\n# version: 1\n"
	    "code\tparent\tname_zh\tname_en\tdeprecated\trank\taliases\nA\t\t高\tHigh\t0\t高级\n",
	    ":4:", "rank, aliases, separated by tabs");
	/* An alias is a word: none empty, none with blanks around it. */
	refused("# list: level\n# version: 1\n"
	    "code\tparent\tname_zh\tname_en\tdeprecated\taliases\nA\t\t高\tHigh\t0\t高级||高等\n",
	    ":4:", "empty alias");
	refused("# list: level\n# version: 1\n"
	    "code\tparent\tname_zh\tname_en\tdeprecated\taliases\nA\t\t高\tHigh\t0\t高级|\n",
	    ":4:", "empty alias");
	refused("# list: level\n# version: 1\n"
	    "code\tparent\tname_zh\tname_en\tdeprecated\taliases\nA\t\t高\tHigh\t0\t高级| 高等\n",
	    ":4:", "\" 高等\" begins or ends with a space");
}

/* A line longer than the reader's buffer is refused, not split in two. */
static void
test_codefile_long_line(void **state)
{
	char text[2048];
	size_t n;

	(void)state;
	n = (size_t)snprintf(text, sizeof text, "%sA\t\t", header);
	memset(text + n, 'x', 1200);
	snprintf(text + n + 1200, sizeof text - n - 1200, "\tApple\t0\n");
	refused(text, ":4:", "too long");
}

/* A form's text cut in parts comes back whole; parts end after a line. */
static void
test_form_text_parts(void **state)
{
	struct fields f = FIELDS_INIT;
	char path[512], *text, *back;
	FILE *fp;
	long len;
	size_t i;

	(void)state;
	snprintf(path, sizeof path, "%s/forms/seeker.form", top());
	fp = fopen(path, "rb");
	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	len = ftell(fp);
	rewind(fp);
	text = calloc(1, (size_t)len + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)len, fp), (size_t)len);
	fclose(fp);
	formdef_text_split(text, 1000, &f);
	assert_true(strtol(fields_str(&f, "parts"), NULL, 10) >= (len + 999) / 1000);
	for (i = 0; i < f.n; i++) {
		size_t plen = strlen(f.values[i]);

		if (strcmp(f.keys[i], "parts") == 0)
			continue;
		assert_true(plen <= 1000);
		assert_int_equal(f.values[i][plen - 1], '\n');
	}
	back = formdef_text_join(&f);
	assert_non_null(back);
	assert_string_equal(back, text);
	free(back);
	/* A missing part is no form. */
	fields_set(&f, "text_2", NULL);
	assert_null(formdef_text_join(&f));
	fields_free(&f);
	/* A line longer than a part is cut, never inside a character. */
	formdef_text_split("名名名名\n", 4, &f);
	assert_string_equal(fields_str(&f, "text_1"), "名");
	back = formdef_text_join(&f);
	assert_string_equal(back, "名名名名\n");
	free(back);
	fields_free(&f);
	free(text);
}

/* A form held as text loads like its file; a broken one is reported under its name. */
static void
test_form_load_text(void **state)
{
	static const char broken[] = "[form]\nname_zh = 表\nname_en = Form\ntable = seeker\n\n"
	    "[name]\nlabel_zh = 姓名\nlabel_en = Name\nrow = 2\ncol = 0\nwidth = 20\n"
	    "type = nosuch\n";
	char path[512], err[512] = "", *text;
	struct formdef *def;
	FILE *fp;
	long len;

	(void)state;
	snprintf(path, sizeof path, "%s/forms/vacancy.form", top());
	fp = fopen(path, "rb");
	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	len = ftell(fp);
	rewind(fp);
	text = calloc(1, (size_t)len + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)len, fp), (size_t)len);
	fclose(fp);
	def = formdef_load_text(text, "vacancy.form", kind_form_column, err, sizeof err);
	if (def == NULL)
		fail_msg("%s", err);
	assert_string_equal(def->table, "vacancy");
	assert_string_equal(def->path, "vacancy.form");
	assert_non_null(formdef_field(def, "title"));
	formdef_free(def);
	free(text);

	assert_null(formdef_load_text(broken, "seeker.form", kind_form_column, err, sizeof err));
	assert_mentions(err, "seeker.form:12: field \"name\"");
	assert_null(strstr(err, "jobdesk-form."));
	assert_null(formdef_load_text(broken, "../x", kind_form_column, err, sizeof err));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_codefile_reads),
		cmocka_unit_test(test_codefile_ranks),
		cmocka_unit_test(test_codefile_aliases),
		cmocka_unit_test(test_codefile_header_only),
		cmocka_unit_test(test_codefile_refuses),
		cmocka_unit_test(test_codefile_long_line),
		cmocka_unit_test(test_form_text_parts),
		cmocka_unit_test(test_form_load_text),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
