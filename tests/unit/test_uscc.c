/*
 * Unit tests for src/core/uscc.c: GB 32100-2015 Unified Social Credit
 * Codes and the GB 11714 organisation code inside them. The valid examples
 * are the worked examples of reference/reliability.md section 4.2; the
 * constructed codes had their check characters computed outside this code.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/uscc.h"

#include "testlib.h"

static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* Assert that in is rejected and that the message mentions needle. */
static void
assert_rejected(const char *in, const char *needle)
{
	char	out[USCC_LEN + 1] = "", warn[256], msg[256] = "";

	if (uscc_parse(in, out, warn, sizeof(warn), msg, sizeof(msg)) != -1)
		fail_msg("\"%s\" was accepted", in);
	assert_mentions(msg, needle);
	assert_string_equal(out, "");
}

/* Assert that in is accepted as want, with warn mentioning needle or empty. */
static void
assert_accepted(const char *in, const char *want, const char *needle)
{
	char	out[USCC_LEN + 1], warn[256], msg[256] = "";

	memset(warn, 'z', sizeof(warn));
	if (uscc_parse(in, out, warn, sizeof(warn), msg, sizeof(msg)) != 0)
		fail_msg("\"%s\" rejected: %s", in, msg);
	assert_string_equal(out, want);
	if (needle == NULL)
		assert_string_equal(warn, "");
	else
		assert_mentions(warn, needle);
}

/* The worked examples are valid and their organisation codes too. */
static void
test_examples(void **state)
{
	(void)state;
	assert_accepted("91350100M000100Y43", "91350100M000100Y43", NULL);
	assert_accepted("91512081MA62K0260E", "91512081MA62K0260E", NULL);
	assert_accepted("91110108551385082Q", "91110108551385082Q", NULL);
	assert_accepted("91440300708461136T", "91440300708461136T", NULL);
	/* Organisation check characters 0 (from 11) and X (from 10). */
	assert_accepted("91110108123456710E", "91110108123456710E", NULL);
	assert_accepted("9111010812345677XE", "9111010812345677XE", NULL);
	/* 31 - 0 = 31 is written 0. */
	assert_accepted("9111010855138508R0", "9111010855138508R0",
	    "55138508R");
}

/* The check character function agrees with the standard's sums. */
static void
test_check_char(void **state)
{
	(void)state;
	assert_int_equal(uscc_check_char("91350100M000100Y4"), '3');
	assert_int_equal(uscc_check_char("91512081MA62K0260"), 'E');
	assert_int_equal(uscc_check_char("91110108551385082"), 'Q');
	assert_int_equal(uscc_check_char("91440300708461136"), 'T');
	assert_int_equal(uscc_check_char("9111010855138508R"), '0');
	assert_int_equal(uscc_check_char("91350100M000100Y43"), '3');
	assert_int_equal(uscc_check_char("91350100M000100I4"), '\0');
	assert_int_equal(uscc_check_char("91350100m000100Y4"), '\0');
	assert_int_equal(uscc_check_char("91350100M000100Y"), '\0');
	assert_int_equal(uscc_check_char(NULL), '\0');
}

/* Wrong check characters, as in the public negative examples. */
static void
test_wrong_check(void **state)
{
	char	out[USCC_LEN + 1], warn[256], msg[256];

	(void)state;
	assert_int_equal(uscc_parse("91310115MA1G4L1WXK", out, warn,
	    sizeof(warn), msg, sizeof(msg)), -1);
	assert_string_equal(msg, "check character is \"K\" but should be "
	    "\"7\"; re-read the code");
	assert_rejected("91310115077567433M", "should be \"K\"");
	assert_rejected("91350211M0000XUF46", "should be \"R\"");
	/* The standard's example input ends in Z, which is no USCC letter. */
	assert_rejected("91350100M000100Y4Z", "\"Z\" is not used");
}

/* Every substitution of one character of a valid code is rejected. */
static void
test_every_substitution(void **state)
{
	static const char *const good[] = {
		"91350100M000100Y43", "91512081MA62K0260E",
		"91110108551385082Q", "9111010855138508R0",
	};
	static const char other[] = "IOSVZ-.*";
	char		 s[USCC_LEN + 1], out[USCC_LEN + 1], warn[256], msg[256];
	size_t		 i, pos, a;
	int		 tried = 0;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		for (pos = 0; pos < USCC_LEN; pos++) {
			for (a = 0; a < sizeof(alphabet) - 1 + sizeof(other) -
			    1; a++) {
				memcpy(s, good[i], sizeof(s));
				if (a < sizeof(alphabet) - 1)
					s[pos] = alphabet[a];
				else
					s[pos] = other[a - sizeof(alphabet) + 1];
				if (strcmp(s, good[i]) == 0)
					continue;
				tried++;
				if (uscc_parse(s, out, warn, sizeof(warn), msg,
				    sizeof(msg)) != -1)
					fail_msg("\"%s\" was accepted", s);
			}
		}
	}
	assert_int_equal(tried, 4 * 18 * 38);
}

/* I, O, S, V and Z never occur; other characters are refused too. */
static void
test_letters(void **state)
{
	static const char *const bad[] = {
		"I1350100M000100Y43", "9O350100M000100Y43",
		"91350100S000100Y43", "91350100M000100V43",
		"91350100MZ00100Y43",
	};
	size_t	i;
	char	quoted[4];

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_rejected(bad[i], "never contain I, O, S, V or Z");
		snprintf(quoted, sizeof(quoted), "\"%c\"",
		    bad[i][strcspn(bad[i], "IOSVZ")]);
		assert_rejected(bad[i], quoted);
	}
	assert_rejected("913501O0M000100Y43", "\"O\" is not a digit; "
	    "characters 3 to 8");
	assert_rejected("91A50100M000100Y43", "\"A\" is not a digit");
	assert_rejected("9135010AM000100Y43", "\"A\" is not a digit");
	assert_rejected("91350100M000100Y4@", "\"@\" is not allowed");
	assert_rejected("91350100M00公司00Y43", "\"公\"");
}

/* Trimmed, full-width folded and upper-cased. */
static void
test_normalise(void **state)
{
	(void)state;
	assert_accepted("91350100m000100y43", "91350100M000100Y43", NULL);
	assert_accepted("  ９１３５０１００ｍ０００１００ｙ４３\u3000",
	    "91350100M000100Y43", NULL);
	assert_accepted("\t91512081MA62K0260e ", "91512081MA62K0260E",
	    NULL);
	assert_rejected("91350100M000100Y4\xc0\xb3", "UTF-8");
}

/* Lengths are counted in characters and reported. */
static void
test_length(void **state)
{
	char	out[USCC_LEN + 1], warn[256], msg[256];

	(void)state;
	assert_int_equal(uscc_parse("91350100M000100Y4", out, warn,
	    sizeof(warn), msg, sizeof(msg)), -1);
	assert_string_equal(msg, "a credit code has 18 characters, "
	    "\"91350100M000100Y4\" has 17");
	assert_rejected("91350100M000100Y433", "has 19");
	assert_rejected("91350100 M000100Y43", "has 19");
	assert_rejected("北京某某有限公司", "has 8");
	assert_rejected("", "empty");
	assert_rejected(NULL, "empty");
}

/* A failing organisation code is accepted with a warning that names it. */
static void
test_org_warning(void **state)
{
	char	out[USCC_LEN + 1], msg[256];

	(void)state;
	assert_accepted("91310115MA1G4L1WX7", "91310115MA1G4L1WX7",
	    "\"MA1G4L1WX\"");
	assert_accepted("91310115MA1G4L1WX7", "91310115MA1G4L1WX7",
	    "should end in \"0\"");
	assert_accepted("9111010855138508XC", "9111010855138508XC",
	    "should end in \"2\"");
	/* No warning buffer is fine. */
	assert_int_equal(uscc_parse("91310115MA1G4L1WX7", out, NULL, 0, msg,
	    sizeof(msg)), 0);
}

/* Run every test above; the exit status is the number that failed. */
int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_examples),
		cmocka_unit_test(test_check_char),
		cmocka_unit_test(test_wrong_check),
		cmocka_unit_test(test_every_substitution),
		cmocka_unit_test(test_letters),
		cmocka_unit_test(test_normalise),
		cmocka_unit_test(test_length),
		cmocka_unit_test(test_org_warning),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
