/*
 * The field checks of forms and imports (src/core/check.h): phone numbers,
 * dates, whole numbers and free text as typed, and the date arithmetic. The
 * first byte chooses: '0' check_phone, '1' check_date, '2' check_long, '3'
 * check_text, '4' the date arithmetic on the number that follows.
 * Properties: an accepted phone is a mobile of 11 digits (13 to 19) or
 * 010-XXXXXXXX (2 to 9 first) and checks as itself; an accepted date is a
 * real day of 1900 to 2199 that reads back from its YYYY-MM-DD and its
 * YYYYMMDD; an accepted number is in its bounds and reads back from its
 * decimal text; accepted text is UTF-8 without controls within its length;
 * a date counted in days and back is itself, and the next day is one more;
 * a refusal says why, in valid UTF-8.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/check.h"
#include "fuzz.h"

#define CHECK_FUZZ_MAX	1024

static void
check_fuzz_refusal(const char *msg)
{
	FUZZ_CHECK(msg[0] != '\0' && fuzz_utf8(msg, strlen(msg)), "a refusal: \"%s\"", msg);
}

static void
check_fuzz_phone(const char *in)
{
	char out[16], again[16], msg[256];
	size_t i;

	if (check_phone(in, out, sizeof out, msg, sizeof msg) != 0) {
		check_fuzz_refusal(msg);
		return;
	}
	if (strlen(out) == 11) {
		FUZZ_CHECK(out[0] == '1' && out[1] >= '3' && strspn(out, "0123456789") == 11,
		    "mobile %s", out);
	} else {
		FUZZ_CHECK(strlen(out) == 12 && strncmp(out, "010-", 4) == 0 && out[4] >= '2' &&
		    strspn(out + 4, "0123456789") == 8, "landline %s", out);
	}
	for (i = 0; i < sizeof again; i++)
		again[i] = 'x';
	FUZZ_CHECK(check_phone(out, again, sizeof again, msg, sizeof msg) == 0 &&
	    strcmp(again, out) == 0, "phone %s checks otherwise: %s", out, msg);
}

static void
check_fuzz_date(const char *in)
{
	char msg[256], text[11], compact[16];
	int ymd, again;

	if (check_date(in, &ymd, msg, sizeof msg) != 0) {
		check_fuzz_refusal(msg);
		return;
	}
	FUZZ_CHECK(date_valid(ymd) && ymd / 10000 >= 1900 && ymd / 10000 <= 2199, "date %d", ymd);
	date_format(ymd, text);
	FUZZ_CHECK(check_date(text, &again, msg, sizeof msg) == 0 && again == ymd,
	    "date %s reads back as %d", text, again);
	snprintf(compact, sizeof compact, "%08d", ymd);
	FUZZ_CHECK(check_date(compact, &again, msg, sizeof msg) == 0 && again == ymd,
	    "date %s reads back as %d", compact, again);
}

static void
check_fuzz_long(const char *in, unsigned sel)
{
	static const long bounds[][2] = {
		{ LONG_MIN, LONG_MAX }, { 0, 1000000 }, { 16, 70 }, { -5, 5 }, { 0, 0 },
		{ 1, LONG_MAX }, { LONG_MIN, -1 }, { -1000000000L, 1000000000L },
	};
	const long *b = bounds[sel % (sizeof bounds / sizeof bounds[0])];
	char msg[256], text[32];
	long v, again;

	if (check_long(in, b[0], b[1], &v, msg, sizeof msg) != 0) {
		check_fuzz_refusal(msg);
		return;
	}
	FUZZ_CHECK(v >= b[0] && v <= b[1], "%ld outside %ld..%ld", v, b[0], b[1]);
	snprintf(text, sizeof text, "%ld", v);
	FUZZ_CHECK(check_long(text, b[0], b[1], &again, msg, sizeof msg) == 0 && again == v,
	    "%s reads back as %ld", text, again);
}

static void
check_fuzz_text(const char *in, unsigned sel)
{
	char msg[256];
	long max = (long)(sel * 7 % 64), len;
	const char *p;

	if (check_text(in, max, msg, sizeof msg) != 0) {
		check_fuzz_refusal(msg);
		return;
	}
	len = utf8_length(in);
	FUZZ_CHECK(len >= 0 && len <= max, "text of %ld characters, at most %ld", len, max);
	for (p = in; *p != '\0'; p++)
		FUZZ_CHECK((unsigned char)*p >= 0x20 && *p != 0x7f, "text with byte 0x%02x",
		    (unsigned char)*p);
}

/* Days and back, and the day after, for the YYYYMMDD date in the input. */
static void
check_fuzz_days(const char *in)
{
	long n = strtol(in, NULL, 10), days;
	int ymd = (int)(n % 100000000L), next;

	if (ymd < 0)
		ymd = -ymd;
	if (!date_valid(ymd) || ymd < 10101)
		return;
	days = date_to_days(ymd);
	FUZZ_CHECK(date_from_days(days) == ymd, "%d is %ld days, which is %d", ymd, days,
	    date_from_days(days));
	next = date_add_days(ymd, 1);
	FUZZ_CHECK(ymd == 99991231 ? next == ymd : (date_valid(next) && next > ymd &&
	    date_to_days(next) == days + 1), "the day after %d is %d", ymd, next);
	FUZZ_CHECK(date_add_days(next, -1) == ymd || ymd == 99991231, "%d and back is %d", ymd,
	    date_add_days(next, -1));
	FUZZ_CHECK(date_age(ymd, ymd) == 0 && date_age(ymd, next) >= 0, "age at birth of %d", ymd);
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
	char *in;
	unsigned sel;

	if (size < 1 || size > CHECK_FUZZ_MAX)
		return 0;
	in = fuzz_strndup(data + 1, size - 1);
	sel = data[0] >> 4;
	switch ((data[0] & 0x0f) % 5) {
	case 0:
		check_fuzz_phone(in);
		break;
	case 1:
		check_fuzz_date(in);
		break;
	case 2:
		check_fuzz_long(in, sel);
		break;
	case 3:
		check_fuzz_text(in, sel);
		break;
	default:
		check_fuzz_days(in);
		break;
	}
	free(in);
	return 0;
}
