/*
 * ID numbers (src/core/idnum.h, GB 11643) and credit codes (src/core/uscc.h,
 * GB 32100) as a clerk might type them. The first byte chooses the check:
 * '0' idnum_parse, '1' idnum_upgrade15, '2' uscc_parse, '3' idnum_mask.
 * Properties: an accepted ID number is canonical (17 digits and a digit or
 * X), carries its check character, a province, a real date of birth not
 * after the day given, the sex of its sequence digit, and parses to itself;
 * an upgraded 15-digit number is such a number and keeps the 15 digits in
 * place; an accepted credit code is canonical, carries its check character
 * and parses to itself with the same warning; a refusal says why; a mask
 * keeps only the first 6 and last 4 characters.
 */
#include <stdlib.h>
#include <string.h>

#include "core/check.h"
#include "core/idnum.h"
#include "core/uscc.h"
#include "fuzz.h"

#define IDNUM_FUZZ_MAX	1024
#define IDNUM_FUZZ_TODAY	20250601

/* The properties of an accepted number. */
static void
idnum_fuzz_number(const struct idnum *id, int today)
{
	struct idnum again;
	char msg[256];
	int i, ymd = id->year * 10000 + id->month * 100 + id->day, p;

	FUZZ_CHECK(strlen(id->number) == IDNUM_LEN, "number %s", id->number);
	for (i = 0; i < IDNUM_LEN - 1; i++)
		FUZZ_CHECK(id->number[i] >= '0' && id->number[i] <= '9', "number %s", id->number);
	FUZZ_CHECK(idnum_check_char(id->number) == id->number[IDNUM_LEN - 1],
	    "number %s should end in %c", id->number, idnum_check_char(id->number));
	p = (id->number[0] == '9' ? id->number[1] - '0' : id->number[0] - '0') * 10 +
	    (id->number[0] == '9' ? id->number[2] - '0' : id->number[1] - '0');
	FUZZ_CHECK(p >= 11 && p <= 83, "number %s: province %d", id->number, p);
	FUZZ_CHECK(date_valid(ymd) && id->year >= 1800 && (today == 0 || ymd <= today),
	    "number %s born %d", id->number, ymd);
	FUZZ_CHECK(id->sex == ((id->number[16] - '0') % 2 == 1 ? 1 : 2), "number %s sex %d",
	    id->number, id->sex);
	msg[0] = '\0';
	FUZZ_CHECK(idnum_parse(id->number, today, &again, msg, sizeof msg) == 0 &&
	    strcmp(again.number, id->number) == 0 && again.sex == id->sex &&
	    again.year == id->year && again.month == id->month && again.day == id->day,
	    "number %s parses otherwise: %s", id->number, msg);
}

/* The properties of an accepted credit code. */
static void
idnum_fuzz_uscc(const char *code, const char *warn)
{
	char again[USCC_LEN + 1], warn2[256], msg[256];
	int i;

	FUZZ_CHECK(strlen(code) == USCC_LEN, "code %s", code);
	for (i = 0; i < USCC_LEN; i++)
		FUZZ_CHECK(strchr("0123456789ABCDEFGHJKLMNPQRTUWXY", code[i]) != NULL &&
		    (i < 2 || i >= 8 || (code[i] >= '0' && code[i] <= '9')), "code %s", code);
	FUZZ_CHECK(uscc_check_char(code) == code[USCC_LEN - 1], "code %s should end in %c",
	    code, uscc_check_char(code));
	FUZZ_CHECK(uscc_parse(code, again, warn2, sizeof warn2, msg, sizeof msg) == 0 &&
	    strcmp(again, code) == 0 && strcmp(warn, warn2) == 0, "code %s parses otherwise",
	    code);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct idnum id;
	char *in, msg[256], warn[256], out[IDNUM_LEN + 1], code[USCC_LEN + 1], mask[64];
	size_t len, i;
	int today;

	if (size < 1 || size > IDNUM_FUZZ_MAX)
		return 0;
	in = fuzz_strndup(data + 1, size - 1);
	/* Odd selectors check the date of birth against a day, even ones do not. */
	today = data[0] & 0x10 ? IDNUM_FUZZ_TODAY : 0;
	switch ((data[0] & 0x0f) % 4) {
	case 0:
		if (idnum_parse(in, today, &id, msg, sizeof msg) == 0)
			idnum_fuzz_number(&id, today);
		else
			FUZZ_CHECK(msg[0] != '\0' && fuzz_utf8(msg, strlen(msg)), "a refusal: %s", msg);
		break;
	case 1:
		if (idnum_upgrade15(in, out, msg, sizeof msg) == 0) {
			FUZZ_CHECK(idnum_parse(out, 0, &id, msg, sizeof msg) == 0,
			    "upgraded %s refused: %s", out, msg);
			idnum_fuzz_number(&id, 0);
			FUZZ_CHECK(out[6] == '1' && out[7] == '9', "upgraded %s", out);
		} else
			FUZZ_CHECK(msg[0] != '\0' && fuzz_utf8(msg, strlen(msg)), "a refusal: %s", msg);
		break;
	case 2:
		if (uscc_parse(in, code, warn, sizeof warn, msg, sizeof msg) == 0)
			idnum_fuzz_uscc(code, warn);
		else
			FUZZ_CHECK(msg[0] != '\0' && fuzz_utf8(msg, strlen(msg)), "a refusal: %s", msg);
		break;
	default:
		len = strlen(in);
		idnum_mask(in, mask, sizeof mask);
		FUZZ_CHECK(strlen(mask) == (len < sizeof mask ? len : sizeof mask - 1),
		    "a mask of %zu bytes for %zu", strlen(mask), len);
		for (i = 0; i < strlen(mask); i++)
			FUZZ_CHECK(mask[i] == (len >= 10 && (i < 6 || i >= len - 4) ? in[i] : '*'),
			    "mask %s of %s", mask, in);
		FUZZ_CHECK(idnum_like(in) == (len > 0 && strspn(in, "0123456789Xx") == len),
		    "idnum_like(%s)", in);
		break;
	}
	free(in);
	return 0;
}
