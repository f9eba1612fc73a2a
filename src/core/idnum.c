/*
 * Resident identity numbers, GB 11643-1999. The number is 6 digits of
 * address code, 8 of date of birth, 3 of sequence (odd for men, even for
 * women) and an ISO 7064 MOD 11-2 check character, 0-9 or X.
 *
 * Input comes from a clerk's keyboard, often through a Chinese input method,
 * so full-width digits and X, U+3000 spaces and lower-case x are folded
 * (core/text.h) before anything is checked; nothing depends on the process
 * locale.
 */
#include <string.h>

#include "common/i18n.h"
#include "core/check.h"
#include "core/idnum.h"
#include "core/text.h"

/* Earliest plausible year of birth; the standard's own example is 1880. */
#define YEAR_MIN	1800

static const int weights[17] = {
	7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2
};

/* Provinces (GB/T 2260 first two digits), Taiwan, Hong Kong, Macau. */
static const struct {
	int	lo, hi;
} provinces[] = {
	{ 11, 15 }, { 21, 23 }, { 31, 37 }, { 41, 46 }, { 50, 54 },
	{ 61, 65 }, { 71, 71 }, { 81, 83 },
};

/* Index of the first of the first count characters that is not a digit, or -1. */
static int
first_nondigit(const struct text_norm *n, size_t count)
{
	size_t	i;

	for (i = 0; i < count; i++)
		if (n->c[i] < '0' || n->c[i] > '9')
			return (int)i;
	return -1;
}

/* Value of two ASCII digits. */
static int
two(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/* Whether p is a province-level prefix. */
static int
province_ok(int p)
{
	size_t	i;

	for (i = 0; i < sizeof(provinces) / sizeof(provinces[0]); i++)
		if (p >= provinces[i].lo && p <= provinces[i].hi)
			return 1;
	return 0;
}

/*
 * Check the address code's leading digits. Permanent residence IDs for
 * foreigners (2023) are 9, then the province code, then the nationality.
 */
static int
check_province(const char *c, char *msg, size_t msglen)
{
	if (c[0] == '9') {
		if (province_ok(two(c + 1)))
			return 0;
		text_setmsg(msg, msglen, _("\"%.3s\" is not a plausible start; "
		    "a permanent residence ID is 9 and a province code such "
		    "as 11"), c);
		return -1;
	}
	if (province_ok(two(c)))
		return 0;
	text_setmsg(msg, msglen, _("\"%.2s\" is not a province code; an ID "
	    "number starts with one, such as 11 for Beijing"), c);
	return -1;
}

/* Check 8 digits as a date of birth; YYYYMMDD, or -1 with msg. */
static int
check_birth(const char *d8, int today, char *msg, size_t msglen)
{
	int	y, ymd;

	y = two(d8) * 100 + two(d8 + 2);
	ymd = y * 10000 + two(d8 + 4) * 100 + two(d8 + 6);
	if (!date_valid(ymd)) {
		text_setmsg(msg, msglen, _("date of birth \"%.8s\" is not a "
		    "calendar date"), d8);
		return -1;
	}
	if (y < YEAR_MIN) {
		text_setmsg(msg, msglen, _("date of birth \"%.8s\" is before "
		    "%d; re-read the year"), d8, YEAR_MIN);
		return -1;
	}
	if (today > 0 && ymd > today) {
		text_setmsg(msg, msglen, _("date of birth \"%.8s\" is in the "
		    "future"), d8);
		return -1;
	}
	return ymd;
}

/* Check character ('0'..'9' or 'X') for 17 ASCII digits; '\0' if not. */
char
idnum_check_char(const char *first17)
{
	int	i, sum = 0;

	if (first17 == NULL)
		return '\0';
	for (i = 0; i < 17; i++) {
		if (first17[i] < '0' || first17[i] > '9')
			return '\0';
		sum += (first17[i] - '0') * weights[i];
	}
	return "10X98765432"[sum % 11];
}

/* Normalise and validate an 18-character ID number. */
int
idnum_parse(const char *in, int today, struct idnum *out, char *msg,
    size_t msglen)
{
	struct text_norm	 n;
	char			 q[TEXT_QUOTE_SIZE], check;
	int			 bad, ymd;

	if (text_normalise(in, TEXT_UPPER, &n) == -1) {
		text_setmsg(msg, msglen, _("the ID number is not valid UTF-8 "
		    "text"));
		return -1;
	}
	if (n.nchars == 0) {
		text_setmsg(msg, msglen, _("the ID number is empty; it has 18 "
		    "characters"));
		return -1;
	}
	if (n.nchars != IDNUM_LEN) {
		text_quote_input(&n, q, sizeof(q));
		if (n.nchars == 15 && first_nondigit(&n, 15) == -1)
			text_setmsg(msg, msglen, _("\"%s\" is an old 15-digit "
			    "number; an ID number has 18 characters"), q);
		else
			text_setmsg(msg, msglen, _("an ID number has 18 "
			    "characters, \"%s\" has %zu"), q, n.nchars);
		return -1;
	}
	if ((bad = first_nondigit(&n, IDNUM_LEN - 1)) != -1) {
		text_quote_char(&n, (size_t)bad, q, sizeof(q));
		text_setmsg(msg, msglen, _("\"%s\" is not a digit; an ID "
		    "number is 17 digits and a digit or X"), q);
		return -1;
	}
	if (n.c[IDNUM_LEN - 1] != 'X' && (n.c[IDNUM_LEN - 1] < '0' ||
	    n.c[IDNUM_LEN - 1] > '9')) {
		text_quote_char(&n, IDNUM_LEN - 1, q, sizeof(q));
		text_setmsg(msg, msglen, _("last character \"%s\" is not a "
		    "digit or X; an ID number is 17 digits and a digit or X"),
		    q);
		return -1;
	}
	if (check_province(n.c, msg, msglen) == -1)
		return -1;
	if ((ymd = check_birth(n.c + 6, today, msg, msglen)) == -1)
		return -1;
	check = idnum_check_char(n.c);
	if (check != n.c[IDNUM_LEN - 1]) {
		text_quote_char(&n, IDNUM_LEN - 1, q, sizeof(q));
		text_setmsg(msg, msglen, _("check character is \"%s\" but "
		    "should be \"%c\"; re-read the number"), q, check);
		return -1;
	}

	if (out != NULL) {
		memcpy(out->number, n.c, IDNUM_LEN);
		out->number[IDNUM_LEN] = '\0';
		out->sex = (n.c[16] - '0') % 2 == 1 ? 1 : 2;
		out->year = ymd / 10000;
		out->month = ymd / 100 % 100;
		out->day = ymd % 100;
	}
	return 0;
}

/* Convert a legacy 15-digit number to the 18-character form. */
int
idnum_upgrade15(const char *in, char out[IDNUM_LEN + 1], char *msg,
    size_t msglen)
{
	struct text_norm	 n;
	char			 q[TEXT_QUOTE_SIZE], d8[9], buf[IDNUM_LEN + 1];
	int			 bad;

	if (text_normalise(in, TEXT_UPPER, &n) == -1) {
		text_setmsg(msg, msglen, _("the ID number is not valid UTF-8 "
		    "text"));
		return -1;
	}
	if (n.nchars != 15) {
		text_quote_input(&n, q, sizeof(q));
		text_setmsg(msg, msglen, _("an old ID number has 15 digits, "
		    "\"%s\" has %zu characters"), q, n.nchars);
		return -1;
	}
	if ((bad = first_nondigit(&n, 15)) != -1) {
		text_quote_char(&n, (size_t)bad, q, sizeof(q));
		text_setmsg(msg, msglen, _("\"%s\" is not a digit; an old ID "
		    "number is 15 digits"), q);
		return -1;
	}
	if (check_province(n.c, msg, msglen) == -1)
		return -1;

	memcpy(buf, n.c, 6);
	buf[6] = '1';
	buf[7] = '9';
	memcpy(buf + 8, n.c + 6, 9);
	memcpy(d8, buf + 6, 8);
	d8[8] = '\0';
	/* Every 19xx date is in the past, so there is no "today" to pass. */
	if (check_birth(d8, 0, msg, msglen) == -1)
		return -1;
	buf[17] = idnum_check_char(buf);
	buf[18] = '\0';
	memcpy(out, buf, sizeof(buf));
	return 0;
}

/* Mask a number for lists, keeping the first 6 and last 4 characters. */
void
idnum_mask(const char *number, char *out, size_t outlen)
{
	size_t	len, i;

	if (out == NULL || outlen == 0)
		return;
	len = number != NULL ? strlen(number) : 0;
	for (i = 0; i < len && i + 1 < outlen; i++)
		out[i] = len >= 10 && (i < 6 || i >= len - 4) ? number[i] : '*';
	out[i] = '\0';
}

/* Whether q looks like the start of an ID number or phone number: digits and X only. */
int
idnum_like(const char *q)
{
	if (*q == '\0')
		return 0;
	for (; *q != '\0'; q++)
		if (!((*q >= '0' && *q <= '9') || *q == 'X' || *q == 'x'))
			return 0;
	return 1;
}
