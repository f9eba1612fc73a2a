/*
 * Unit tests for src/common/config.c: configuration files read over a
 * table of keys. What an administrator sees: values as written, a bad file
 * named with its line and key and changing nothing, an absent optional
 * file skipped.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "common/config.h"
#include "core/casefile.h"
#include "core/retire.h"

#include "testlib.h"

static const struct config_key keys[] = {
	{ "database", "path", CONFIG_PATH, "jobdesk.db", 0, 0, NULL, "database file" },
	{ "ui", "language", CONFIG_CHOICE, "auto", 0, 0, "auto|zh_CN|en", "language" },
	{ "ui", "colour", CONFIG_BOOL, "yes", 0, 0, NULL, "colour" },
	{ "ui", "motd", CONFIG_STRING, "", 0, 0, NULL, "message of the day" },
	{ "registration", "days", CONFIG_INT, "90", 1, 365, NULL, "validity" },
	{ "registration", "shift", CONFIG_INT, "0", -10, 10, NULL, "a signed number" },
};
#define NKEYS	(sizeof keys / sizeof keys[0])

/* Every value of cfg as one string, to see that nothing changed. */
static void
snapshot(const struct config *cfg, char *out, size_t outlen)
{
	size_t i, off = 0;

	for (i = 0; i < NKEYS && off < outlen; i++) {
		const char *o = config_origin(cfg, keys[i].section, keys[i].name);

		off += (size_t)snprintf(out + off, outlen - off, "%s.%s=%s(%s);", keys[i].section,
		    keys[i].name, config_str(cfg, keys[i].section, keys[i].name),
		    o != NULL ? o : "default");
	}
}

/*
 * Assert that loading content is refused with "PATH:LINE:" and every
 * needle in the message, and that no value changed.
 */
static void
refused(const char *content, int line, const char *needle, const char *needle2)
{
	struct config *cfg = config_new(keys, NKEYS);
	char err[512] = "", want[192], before[1024], after[1024];
	const char *path;

	/* Start from values that came from a file, to see they survive. */
	path = put("base.ini", "[ui]\nmotd = from base\n[registration]\ndays = 30\n");
	if (config_load(cfg, path, 1, err, sizeof err) != 0)
		fail_msg("base file refused: %s", err);
	snapshot(cfg, before, sizeof before);
	path = put("bad.ini", content);
	if (config_load(cfg, path, 1, err, sizeof err) != -1)
		fail_msg("file accepted:\n%s", content);
	snprintf(want, sizeof want, "%s:%d:", path, line);
	assert_mentions(err, want);
	assert_mentions(err, needle);
	if (needle2 != NULL)
		assert_mentions(err, needle2);
	snapshot(cfg, after, sizeof after);
	assert_string_equal(after, before);
	config_free(cfg);
}

static int
setup(void **state)
{
	(void)state;
	return tmpdir_make("config");
}

static int
teardown(void **state)
{
	static const char *const names[] = { "base.ini", "bad.ini", "good.ini", "more.ini",
		"seeker.ini", "casefile.ini", NULL };

	(void)state;
	return tmpdir_remove(names);
}

/* Before any file: the table's defaults, from nowhere. */
static void
test_defaults(void **state)
{
	struct config *cfg = config_new(keys, NKEYS);

	(void)state;
	assert_string_equal(config_str(cfg, "database", "path"), "jobdesk.db");
	assert_string_equal(config_str(cfg, "ui", "language"), "auto");
	assert_int_equal(config_bool(cfg, "ui", "colour"), 1);
	assert_string_equal(config_str(cfg, "ui", "motd"), "");
	assert_int_equal(config_int(cfg, "registration", "days"), 90);
	assert_null(config_origin(cfg, "registration", "days"));
	config_free(cfg);
}

/* A good file sets what it names; a second file overrides only its own keys. */
static void
test_good_files(void **state)
{
	struct config *cfg = config_new(keys, NKEYS);
	char err[256] = "", first[128];
	const char *path;

	(void)state;
	path = put("good.ini",
	    "; site configuration\n"
	    "[Database]\n"
	    "Path = /srv/jobdesk/jobdesk.db\n"
	    "[ui]\n"
	    "language = zh_CN\n"
	    "colour = off\n"
	    "motd = \"open 9-17 # closed at noon\"\n"
	    "[registration]\n"
	    "days = 180\n"
	    "shift = -3\n");
	snprintf(first, sizeof first, "%s", path);
	if (config_load(cfg, path, 1, err, sizeof err) != 0)
		fail_msg("good file refused: %s", err);
	assert_string_equal(config_str(cfg, "database", "path"), "/srv/jobdesk/jobdesk.db");
	assert_string_equal(config_str(cfg, "ui", "language"), "zh_CN");
	assert_int_equal(config_bool(cfg, "ui", "colour"), 0);
	/* A quoted value keeps its '#'. */
	assert_string_equal(config_str(cfg, "ui", "motd"), "open 9-17 # closed at noon");
	assert_int_equal(config_int(cfg, "registration", "days"), 180);
	assert_int_equal(config_int(cfg, "registration", "shift"), -3);
	assert_string_equal(config_origin(cfg, "registration", "days"), first);

	path = put("more.ini", "[registration]\ndays = 60\n");
	if (config_load(cfg, path, 1, err, sizeof err) != 0)
		fail_msg("second file refused: %s", err);
	assert_int_equal(config_int(cfg, "registration", "days"), 60);
	assert_string_equal(config_origin(cfg, "registration", "days"), path);
	assert_int_equal(config_int(cfg, "registration", "shift"), -3);
	assert_string_equal(config_origin(cfg, "registration", "shift"), first);
	assert_string_equal(config_str(cfg, "ui", "language"), "zh_CN");
	config_free(cfg);
}

/* Whatever is wrong with the file's text itself is reported with file and line. */
static void
test_bad_text(void **state)
{
	char longline[1200];
	size_t off;

	(void)state;
	refused("\xef\xbb\xbf[ui]\nlanguage = en\n", 1, "byte-order mark", NULL);
	/* Line 3 is "motd = xxx..." of 1100 bytes. */
	off = (size_t)snprintf(longline, sizeof longline, "[ui]\nlanguage = en\nmotd = ");
	memset(longline + off, 'x', 1100 - 7);
	snprintf(longline + off + 1100 - 7, sizeof longline - off - (1100 - 7), "\n");
	refused(longline, 3, "longer than", NULL);
	refused("[ui]\nlanguage = en\ncolour off\n", 3, "key = value", NULL);
	refused("[ui]\nlanguage = en\nmotd = a\nlanguage = zh_CN\n", 4, "appears twice",
	    "language");
}

/* An unknown section or key is a typing mistake, named with file, line and key. */
static void
test_unknown(void **state)
{
	(void)state;
	refused("[ui]\nlanguage = en\n\n[colours]\nbar = blue\n", 4, "unknown section",
	    "[colours]");
	refused("[ui]\nlanguage = en\ncolor = no\n", 3, "unknown key", "\"color\"");
	/* A key of another section is unknown here. */
	refused("[ui]\ndays = 30\n", 2, "unknown key", "\"days\"");
	refused("days = 30\n[registration]\nshift = 1\n", 1, "outside any [section]", "days");
}

/* Numbers are decimal, whole, and within the key's bounds. */
static void
test_int(void **state)
{
	struct config *cfg = config_new(keys, NKEYS);
	char err[256] = "";
	const char *path;

	(void)state;
	refused("[registration]\n\ndays = ninety\n", 3, "key \"days\" in [registration]",
	    "not a whole number");
	refused("[registration]\ndays = 30d\n", 2, "\"days\"", "not a whole number");
	refused("[registration]\ndays = 0x10\n", 2, "\"days\"", "not a whole number");
	refused("[registration]\ndays = 3.5\n", 2, "\"days\"", "not a whole number");
	refused("[registration]\ndays =\n", 2, "\"days\"", "not a whole number");
	refused("[registration]\ndays = 366\n", 2, "out of range", "1 to 365");
	refused("[registration]\ndays = 0\n", 2, "out of range", "1 to 365");
	refused("[registration]\nshift = -11\n", 2, "out of range", "-10 to 10");
	refused("[registration]\ndays = 99999999999999999999999\n", 2, "\"days\"", "days");
	/* A leading zero is not octal: "010" is ten days, not eight. */
	path = put("good.ini", "[registration]\ndays = 010\nshift = -07\n");
	if (config_load(cfg, path, 1, err, sizeof err) != 0)
		fail_msg("\"010\" refused: %s", err);
	assert_int_equal(config_int(cfg, "registration", "days"), 10);
	assert_int_equal(config_int(cfg, "registration", "shift"), -7);
	config_free(cfg);
}

/* Booleans take the usual words in any case; anything else is refused. */
static void
test_bool(void **state)
{
	static const struct {
		const char	*word;
		int		 value;
	} words[] = {
		{ "yes", 1 }, { "no", 0 }, { "true", 1 }, { "false", 0 }, { "on", 1 },
		{ "off", 0 }, { "1", 1 }, { "0", 0 }, { "YES", 1 }, { "Off", 0 },
	};
	char content[64], err[256] = "";
	size_t i;

	(void)state;
	for (i = 0; i < sizeof words / sizeof words[0]; i++) {
		struct config *cfg = config_new(keys, NKEYS);

		/* Start from the opposite so that a value that is ignored shows. */
		assert_int_equal(config_set(cfg, "ui", "colour", words[i].value ? "no" : "yes",
		    err, sizeof err), 0);
		snprintf(content, sizeof content, "[ui]\ncolour = %s\n", words[i].word);
		if (config_load(cfg, put("good.ini", content), 1, err, sizeof err) != 0)
			fail_msg("\"%s\" refused: %s", words[i].word, err);
		if (config_bool(cfg, "ui", "colour") != words[i].value)
			fail_msg("\"%s\" read as %d", words[i].word, !words[i].value);
		config_free(cfg);
	}
	refused("[ui]\ncolour = maybe\n", 2, "\"colour\"", "\"maybe\" is not yes or no");
	refused("[ui]\ncolour = y\n", 2, "\"colour\"", "not yes or no");
}

/* A choice is one of the listed words; any case is accepted and kept as listed. */
static void
test_choice(void **state)
{
	struct config *cfg = config_new(keys, NKEYS);
	char err[256] = "";

	(void)state;
	refused("[ui]\nlanguage = fr\n", 2, "\"language\"", "auto|zh_CN|en");
	refused("[ui]\nlanguage = zh\n", 2, "\"language\"", "\"zh\"");
	if (config_load(cfg, put("good.ini", "[ui]\nlanguage = EN\n"), 1, err, sizeof err) != 0)
		fail_msg("\"EN\" refused: %s", err);
	/* Code compares the value with strcmp(): it must read "en", not "EN". */
	assert_string_equal(config_str(cfg, "ui", "language"), "en");
	assert_int_equal(config_set(cfg, "ui", "language", "ZH_cn", err, sizeof err), 0);
	assert_string_equal(config_str(cfg, "ui", "language"), "zh_CN");
	config_free(cfg);
}

/* A path may not be empty. */
static void
test_path(void **state)
{
	(void)state;
	refused("[database]\npath =\n", 2, "\"path\"", "file name");
}

/*
 * A file with one bad key changes nothing, not even the good keys before
 * it: half a configuration is worse than the old one.
 */
static void
test_atomic(void **state)
{
	(void)state;
	refused("[database]\npath = /elsewhere.db\n[ui]\nmotd = new\nlanguage = en\n"
	    "[registration]\ndays = 30\nshift = 11\n", 8, "out of range", "\"shift\"");
	refused("[ui]\nmotd = new\n[nosuch]\nx = 1\n", 3, "unknown section", "[nosuch]");
}

/* An optional file that is not there is skipped; a required one is an error. */
static void
test_missing(void **state)
{
	struct config *cfg = config_new(keys, NKEYS);
	const char *path = tmp("nosuch.ini");
	char err[256] = "";

	(void)state;
	err[0] = '\0';
	assert_int_equal(config_load(cfg, path, 0, err, sizeof err), 1);
	assert_string_equal(err, "");
	assert_int_equal(config_int(cfg, "registration", "days"), 90);
	assert_null(config_origin(cfg, "registration", "days"));
	assert_int_equal(config_load(cfg, path, 1, err, sizeof err), -1);
	assert_mentions(err, path);
	assert_mentions(err, "cannot open");
	/* A folder where the file should be is not "missing". */
	assert_int_equal(config_load(cfg, tmpdir, 0, err, sizeof err), -1);
	assert_mentions(err, tmpdir);
	config_free(cfg);
}

/* Values from the command line are checked like a file's. */
static void
test_set(void **state)
{
	struct config *cfg = config_new(keys, NKEYS);
	char err[256] = "";

	(void)state;
	assert_int_equal(config_set(cfg, "registration", "days", "45", err, sizeof err), 0);
	assert_int_equal(config_int(cfg, "registration", "days"), 45);
	assert_non_null(config_origin(cfg, "registration", "days"));
	assert_string_equal(config_origin(cfg, "registration", "days"), "command line");
	assert_int_equal(config_set(cfg, "Registration", "DAYS", "46", err, sizeof err), 0);
	assert_int_equal(config_int(cfg, "registration", "days"), 46);

	assert_int_equal(config_set(cfg, "registration", "days", "400", err, sizeof err), -1);
	assert_mentions(err, "\"days\"");
	assert_mentions(err, "out of range");
	assert_int_equal(config_set(cfg, "registration", "days", " 5", err, sizeof err), -1);
	assert_mentions(err, "not a whole number");
	assert_int_equal(config_set(cfg, "ui", "colour", "perhaps", err, sizeof err), -1);
	assert_mentions(err, "perhaps");
	assert_int_equal(config_set(cfg, "ui", "nosuch", "1", err, sizeof err), -1);
	assert_mentions(err, "unknown key \"nosuch\"");
	/* A refused value leaves the old one. */
	assert_int_equal(config_int(cfg, "registration", "days"), 46);
	assert_int_equal(config_bool(cfg, "ui", "colour"), 1);
	config_free(cfg);
}

/* Assert that the program's configuration refuses content, naming the file, [seeker] and needle. */
static void
seeker_refused(const char *content, const char *needle)
{
	struct app app;
	struct retire_rule r;
	char err[512] = "";
	const char *path = put("seeker.ini", content);

	memset(&app, 0, sizeof app);
	app.cfg = config_new(app_config_keys, app_nconfig_keys);
	if (config_load(app.cfg, path, 1, err, sizeof err) != -1)
		fail_msg("accepted:\n%s", content);
	assert_mentions(err, path);
	assert_mentions(err, "[seeker]");
	assert_mentions(err, needle);
	/* Nothing of the bad file is taken. */
	app_retire_rule(&app, &r);
	assert_int_equal(r.age_male, 60);
	assert_int_equal(r.age_female, 50);
	assert_int_equal(r.delay, RETIRE_DELAY_2025);
	config_free(app.cfg);
}

/*
 * The program's [seeker] keys: the retirement ages and their delay, men
 * 60 and women 50 with the 2025 schedule unless set; a malformed value
 * stops the start, named.
 */
static void
test_app_seeker(void **state)
{
	struct app app;
	struct retire_rule r;
	char err[512] = "";

	(void)state;
	memset(&app, 0, sizeof app);
	app.cfg = config_new(app_config_keys, app_nconfig_keys);
	app_retire_rule(&app, &r);
	assert_int_equal(r.age_male, 60);
	assert_int_equal(r.age_female, 50);
	assert_int_equal(r.delay, RETIRE_DELAY_2025);
	if (config_load(app.cfg, put("seeker.ini", "[seeker]\nretirement_age_female = 55\n"
	    "retirement_age_male = 62\nretirement_delay = NONE\n"), 1, err, sizeof err) != 0)
		fail_msg("refused: %s", err);
	app_retire_rule(&app, &r);
	assert_int_equal(r.age_male, 62);
	assert_int_equal(r.age_female, 55);
	assert_int_equal(r.delay, RETIRE_DELAY_NONE);
	config_free(app.cfg);

	seeker_refused("[seeker]\nretirement_age_male = sixty\n",
	    "key \"retirement_age_male\" in [seeker]: \"sixty\" is not a whole number");
	seeker_refused("[seeker]\nretirement_age_female = 30\n",
	    "key \"retirement_age_female\" in [seeker]: 30 is out of range; expected 40 to 70");
	seeker_refused("[seeker]\nretirement_delay = 2024\n",
	    "key \"retirement_delay\" in [seeker]: \"2024\" is not one of 2025|none");
	seeker_refused("[seeker]\nretirement_age = 60\n", "unknown key \"retirement_age\"");
}

/* Assert that the program's configuration refuses content, naming the file, [casefile] and needle. */
static void
casefile_refused(const char *content, const char *needle)
{
	struct app app;
	struct casefile_rules r;
	char err[512] = "";
	const char *path = put("casefile.ini", content);

	memset(&app, 0, sizeof app);
	app.cfg = config_new(app_config_keys, app_nconfig_keys);
	if (config_load(app.cfg, path, 1, err, sizeof err) != -1)
		fail_msg("accepted:\n%s", content);
	assert_mentions(err, path);
	assert_mentions(err, "[casefile]");
	assert_mentions(err, needle);
	/* Nothing of the bad file is taken: the shipped schedule stands. */
	app_casefile_rules(&app, &r);
	assert_int_equal(r.contact_months, 1);
	assert_int_equal(r.employed_months, 6);
	config_free(app.cfg);
}

/*
 * The program's [casefile] keys: a contact every month and six months of
 * work unless set; a malformed value stops the start, named.
 */
static void
test_app_casefile(void **state)
{
	struct app app;
	struct casefile_rules r;
	char err[512] = "";

	(void)state;
	memset(&app, 0, sizeof app);
	app.cfg = config_new(app_config_keys, app_nconfig_keys);
	app_casefile_rules(&app, &r);
	assert_int_equal(r.contact_months, 1);
	assert_int_equal(r.employed_months, 6);
	if (config_load(app.cfg, put("casefile.ini", "[casefile]\ncontact_months = 3\n"
	    "employed_months = 12\n"), 1, err, sizeof err) != 0)
		fail_msg("refused: %s", err);
	app_casefile_rules(&app, &r);
	assert_int_equal(r.contact_months, 3);
	assert_int_equal(r.employed_months, 12);
	config_free(app.cfg);

	casefile_refused("[casefile]\ncontact_months = monthly\n",
	    "key \"contact_months\" in [casefile]: \"monthly\" is not a whole number");
	casefile_refused("[casefile]\ncontact_months = 0\n",
	    "key \"contact_months\" in [casefile]: 0 is out of range; expected 1 to 12");
	casefile_refused("[casefile]\nemployed_months = 61\n",
	    "key \"employed_months\" in [casefile]: 61 is out of range; expected 1 to 60");
	casefile_refused("[casefile]\ncontact_days = 30\n", "unknown key \"contact_days\"");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_good_files),
		cmocka_unit_test(test_bad_text),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_int),
		cmocka_unit_test(test_bool),
		cmocka_unit_test(test_choice),
		cmocka_unit_test(test_path),
		cmocka_unit_test(test_atomic),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_set),
		cmocka_unit_test(test_app_seeker),
		cmocka_unit_test(test_app_casefile),
	};

	if (utf8_locale("test_config") != 0)
		return 1;
	return cmocka_run_group_tests(tests, setup, teardown);
}
