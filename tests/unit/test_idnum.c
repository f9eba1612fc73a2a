/*
 * Unit tests for src/core/idnum.c: GB 11643-1999 resident identity numbers.
 * Valid examples are the standard's own and the worked examples collected
 * in reference/reliability.md section 4.1; the check characters of the
 * constructed numbers were computed outside this code.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/idnum.h"

#include "testlib.h"

#define TODAY	20240601

/* Parse in with TODAY; the return value, with the message in msg. */
static int
parse(const char *in, struct idnum *id, char *msg, size_t msglen)
{
	return idnum_parse(in, TODAY, id, msg, msglen);
}

/* Assert that in is rejected and that the message mentions needle. */
static void
assert_rejected(const char *in, const char *needle)
{
	struct idnum	id;
	char		msg[256] = "";

	if (parse(in, &id, msg, sizeof(msg)) != -1)
		fail_msg("\"%s\" was accepted", in);
	assert_mentions(msg, needle);
}

/* The standards' examples are accepted and come back canonical. */
static void
test_standard_examples(void **state)
{
	static const char *const good[] = {
		"11010519491231002X",
		"440524188001010014",	/* born 1880: old years are valid */
		"34052419800101001X",
		"513101198201130014",
		"370101190102039973",
		"932682198501010017",	/* foreigner's permanent residence */
		"911124198108030024",
	};
	struct idnum	 id;
	char		 msg[256];
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		msg[0] = '\0';
		if (parse(good[i], &id, msg, sizeof(msg)) != 0)
			fail_msg("\"%s\" rejected: %s", good[i], msg);
		assert_string_equal(id.number, good[i]);
	}
}

/* Sex comes from the parity of the 17th digit, the birth date from 7-14. */
static void
test_sex_and_birth(void **state)
{
	struct idnum	id;
	char		msg[256];

	(void)state;
	assert_int_equal(parse("11010519491231002X", &id, msg, sizeof(msg)), 0);
	assert_int_equal(id.sex, 2);
	assert_int_equal(id.year, 1949);
	assert_int_equal(id.month, 12);
	assert_int_equal(id.day, 31);

	assert_int_equal(parse("440524188001010014", &id, msg, sizeof(msg)), 0);
	assert_int_equal(id.sex, 1);
	assert_int_equal(id.year, 1880);
	assert_int_equal(id.month, 1);
	assert_int_equal(id.day, 1);

	assert_int_equal(parse("513101198201130014", &id, msg, sizeof(msg)), 0);
	assert_int_equal(id.sex, 1);
	assert_int_equal(id.year, 1982);
	assert_int_equal(id.month, 1);
	assert_int_equal(id.day, 13);
}

/* A wrong check character is reported with what it should be. */
static void
test_wrong_check(void **state)
{
	struct idnum	id;
	char		msg[256];

	(void)state;
	assert_int_equal(parse("110105194912310021", &id, msg, sizeof(msg)),
	    -1);
	assert_string_equal(msg, "check character is \"1\" but should be "
	    "\"X\"; re-read the number");
}

/* Every single-digit substitution of a valid number is rejected. */
static void
test_every_substitution(void **state)
{
	static const char *const good[] = {
		"11010519491231002X", "440524188001010014",
		"513101198201130014", "370101190102039973",
	};
	static const char alts[] = "0123456789X";
	struct idnum	 id;
	char		 s[IDNUM_LEN + 1], msg[256];
	size_t		 i, pos, a;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		for (pos = 0; pos < IDNUM_LEN; pos++) {
			for (a = 0; a < sizeof(alts) - 1; a++) {
				memcpy(s, good[i], sizeof(s));
				if (s[pos] == alts[a])
					continue;
				s[pos] = alts[a];
				if (parse(s, &id, msg, sizeof(msg)) != -1)
					fail_msg("\"%s\" was accepted", s);
			}
		}
	}
}

/* Swapping two adjacent different digits is caught. */
static void
test_adjacent_swaps(void **state)
{
	const char	*good = "513101198201130014";
	struct idnum	 id;
	char		 s[IDNUM_LEN + 1], msg[256], t;
	size_t		 pos;

	(void)state;
	for (pos = 0; pos + 1 < IDNUM_LEN; pos++) {
		memcpy(s, good, sizeof(s));
		if (s[pos] == s[pos + 1])
			continue;
		t = s[pos];
		s[pos] = s[pos + 1];
		s[pos + 1] = t;
		if (parse(s, &id, msg, sizeof(msg)) != -1)
			fail_msg("\"%s\" was accepted", s);
	}
}

/* Dates of birth must be on the calendar, with leap years right. */
static void
test_dates(void **state)
{
	struct idnum	id;
	char		msg[256];

	(void)state;
	assert_rejected("110105194902310026", "\"19490231\"");
	assert_rejected("110105194902310026", "not a calendar date");
	assert_rejected("110105190002290017", "\"19000229\"");
	assert_int_equal(parse("110105200002290013", &id, msg, sizeof(msg)), 0);
	assert_int_equal(id.month, 2);
	assert_int_equal(id.day, 29);
	assert_rejected("110105179912310016", "\"17991231\"");
}

/* A birth date after today is rejected, today itself is not. */
static void
test_future(void **state)
{
	struct idnum	id;
	char		msg[256];

	(void)state;
	assert_rejected("11010520300101001X", "in the future");
	assert_rejected("11010520300101001X", "\"20300101\"");
	assert_rejected("110105202406020019", "in the future");
	assert_int_equal(parse("110105202406010013", &id, msg, sizeof(msg)), 0);
	/* today 0 skips the test, e.g. for numbers read from old files. */
	assert_int_equal(idnum_parse("11010520300101001X", 0, &id, msg,
	    sizeof(msg)), 0);
}

/* Wrong lengths are reported with the input and its length. */
static void
test_length(void **state)
{
	struct idnum	id;
	char		msg[256];

	(void)state;
	assert_int_equal(parse("11010519491231002", &id, msg, sizeof(msg)),
	    -1);
	assert_string_equal(msg, "an ID number has 18 characters, "
	    "\"11010519491231002\" has 17");
	assert_rejected("11010519491231002X1", "has 19");
	assert_rejected("", "empty");
	assert_rejected("   ", "empty");
	assert_rejected(NULL, "empty");
	assert_rejected("110105491231002", "15-digit");
	/* Characters, not bytes, are counted. */
	assert_rejected("张三", "has 2");
	/* A long paste is quoted only in part. */
	assert_rejected("1234567890123456789012345678901234567890", "…\" has 40");
}

/* Letters and other characters in the body are quoted as typed. */
static void
test_not_digits(void **state)
{
	(void)state;
	assert_rejected("1101051949I231002X", "\"I\" is not a digit");
	assert_rejected("11010519491231X02X", "\"X\" is not a digit");
	assert_rejected("110105１9491231002張", "\"張\"");
	assert_rejected("110105 19491231002", "\" \" is not a digit");
	assert_rejected("11010519491231002Y", "last character \"Y\"");
	assert_rejected("1101051949123100２Ｙ", "\"Ｙ\"");
}

/* Full-width digits and X, U+3000 and lower-case x are folded. */
static void
test_normalise(void **state)
{
	static const char *const typed[] = {
		"１１０１０５１９４９１２３１００２ｘ",
		"１１０１０５１９４９１２３１００２Ｘ",
		"11010519491231002x",
		"  11010519491231002X\t",
		"\u300011010519491231002X\u3000",
		"110105１９４９１２３１002x ",
	};
	struct idnum	 id;
	char		 msg[256];
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(typed) / sizeof(typed[0]); i++) {
		msg[0] = '\0';
		if (parse(typed[i], &id, msg, sizeof(msg)) != 0)
			fail_msg("\"%s\" rejected: %s", typed[i], msg);
		assert_string_equal(id.number, "11010519491231002X");
	}
	assert_rejected("\xff" "1010519491231002X", "UTF-8");
	assert_rejected("1101051949123100\xe4\xb8", "UTF-8");
}

/* The first two digits must be a province, or 9 and a province. */
static void
test_province(void **state)
{
	struct idnum	id;
	char		msg[256];

	(void)state;
	assert_rejected("000105194912310024", "\"00\" is not a province code");
	assert_rejected("160105194912310029", "\"16\"");
	assert_rejected("990105194912310023", "\"990\"");
	assert_rejected("900105194912310027", "\"900\"");
	assert_int_equal(parse("710000198001010010", &id, msg, sizeof(msg)), 0);
	assert_int_equal(parse("810000198001010014", &id, msg, sizeof(msg)), 0);
	assert_int_equal(parse("830000198001010018", &id, msg, sizeof(msg)), 0);
}

/* The check character function matches the worked examples. */
static void
test_check_char(void **state)
{
	(void)state;
	assert_int_equal(idnum_check_char("11010519491231002"), 'X');
	assert_int_equal(idnum_check_char("44052418800101001"), '4');
	assert_int_equal(idnum_check_char("37010119010203997"), '3');
	/* Only the first 17 characters count. */
	assert_int_equal(idnum_check_char("11010519491231002X"), 'X');
	assert_int_equal(idnum_check_char("1101051949123100"), '\0');
	assert_int_equal(idnum_check_char("1101051949123100A"), '\0');
	assert_int_equal(idnum_check_char(NULL), '\0');
}

/* Legacy 15-digit numbers gain "19" and a check character. */
static void
test_upgrade15(void **state)
{
	char	out[IDNUM_LEN + 1], msg[256];

	(void)state;
	assert_int_equal(idnum_upgrade15("110105491231002", out, msg,
	    sizeof(msg)), 0);
	assert_string_equal(out, "11010519491231002X");
	assert_int_equal(idnum_upgrade15("440524800101001", out, msg,
	    sizeof(msg)), 0);
	assert_string_equal(out, "440524198001010013");
	assert_int_equal(idnum_upgrade15(" １１０１０５４９１２３１００２ ", out,
	    msg, sizeof(msg)), 0);
	assert_string_equal(out, "11010519491231002X");

	assert_int_equal(idnum_upgrade15("11010519491231002X", out, msg,
	    sizeof(msg)), -1);
	assert_mentions(msg, "has 18");
	assert_int_equal(idnum_upgrade15("1101054912310A2", out, msg,
	    sizeof(msg)), -1);
	assert_mentions(msg, "\"A\" is not a digit");
	assert_int_equal(idnum_upgrade15("110105490231002", out, msg,
	    sizeof(msg)), -1);
	assert_mentions(msg, "\"19490231\"");
	assert_int_equal(idnum_upgrade15("000105491231002", out, msg,
	    sizeof(msg)), -1);
	assert_mentions(msg, "\"00\"");
}

/* Lists show the first 6 and last 4 characters only. */
static void
test_mask(void **state)
{
	char	out[IDNUM_LEN + 1], small[8];

	(void)state;
	idnum_mask("11010519491231002X", out, sizeof(out));
	assert_string_equal(out, "110105********002X");
	idnum_mask("1234567890", out, sizeof(out));
	assert_string_equal(out, "1234567890");
	idnum_mask("12345678901", out, sizeof(out));
	assert_string_equal(out, "123456*8901");
	idnum_mask("123456789", out, sizeof(out));
	assert_string_equal(out, "*********");
	idnum_mask("", out, sizeof(out));
	assert_string_equal(out, "");
	/* A short buffer gets a terminated prefix, never the hidden digits. */
	idnum_mask("11010519491231002X", small, sizeof(small));
	assert_string_equal(small, "110105*");
}

/* A short message buffer never ends in half a UTF-8 character. */
static void
test_short_msg(void **state)
{
	struct idnum	id;
	char		msg[3];

	(void)state;
	/* The message starts "\"張\" ..."; 張 is 3 bytes and cannot fit. */
	memset(msg, 'z', sizeof(msg));
	assert_int_equal(parse("張10519491231002X00", &id, msg, sizeof(msg)),
	    -1);
	assert_string_equal(msg, "\"");
	/* No message buffer and no output are fine. */
	assert_int_equal(idnum_parse("110105194912310021", TODAY, NULL, NULL,
	    0), -1);
	assert_int_equal(idnum_parse("11010519491231002X", TODAY, NULL, NULL,
	    0), 0);
}

/* Run every test above; the exit status is the number that failed. */
int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_standard_examples),
		cmocka_unit_test(test_sex_and_birth),
		cmocka_unit_test(test_wrong_check),
		cmocka_unit_test(test_every_substitution),
		cmocka_unit_test(test_adjacent_swaps),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_future),
		cmocka_unit_test(test_length),
		cmocka_unit_test(test_not_digits),
		cmocka_unit_test(test_normalise),
		cmocka_unit_test(test_province),
		cmocka_unit_test(test_check_char),
		cmocka_unit_test(test_upgrade15),
		cmocka_unit_test(test_mask),
		cmocka_unit_test(test_short_msg),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
