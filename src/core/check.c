/*
 * Field checks shared by the forms, the CSV import and the server: phone
 * numbers, dates, integers, wage and age ranges, free text. Input comes
 * from a keyboard with a Chinese input method, so full-width forms of ASCII
 * (U+FF01..U+FF5E) and the ideographic space (U+3000) are folded first,
 * by core/text.h, so that nothing depends on the locale.
 */
#include <assert.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "common/i18n.h"
#include "common/utf8.h"
#include "core/check.h"
#include "core/text.h"

/* Longest input, in characters, that a phone, date or number field takes. */
#define NORM_MAX	TEXT_NORM_MAX

#define PHONE_OUT	13	/* "010-XXXXXXXX" and NUL */
#define PHONE_DIGITS	20	/* more digits than any accepted form */

#define YEAR_FIRST	1900
#define YEAR_LAST	2199
#define WAGE_MAX	1000000L
#define AGE_MIN		16L
#define AGE_MAX		70L

/* Whether c is an ASCII digit. */
static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Normalise and validate a mainland mobile or Beijing landline number. */
int
check_phone(const char *in, char *out, size_t outlen, char *msg,
    size_t msglen)
{
	struct text_norm	 n;
	char			 q[TEXT_QUOTE_SIZE], d[PHONE_DIGITS + 1], *p;
	size_t			 i, nd = 0;
	int			 plus = 0;

	assert(out != NULL && outlen >= PHONE_OUT);
	if (text_normalise(in, 0, &n) == -1) {
		text_setmsg(msg, msglen, _("the phone number is not valid "
		    "UTF-8 text"));
		return -1;
	}
	if (n.nchars == 0) {
		text_setmsg(msg, msglen, _("the phone number is empty"));
		return -1;
	}
	text_quote_input(&n, q, sizeof(q));
	if (n.nchars > NORM_MAX) {
		text_setmsg(msg, msglen, _("\"%s\" is too long for a phone "
		    "number"), q);
		return -1;
	}
	for (i = 0; i < n.nchars; i++) {
		if (is_digit(n.c[i])) {
			if (nd == PHONE_DIGITS) {
				text_setmsg(msg, msglen, _("\"%s\" has too "
				    "many digits for a phone number"), q);
				return -1;
			}
			d[nd++] = n.c[i];
		} else if (n.c[i] == '+' && i == 0)
			plus = 1;
		else if (n.c[i] == '\0' || strchr(" -()", n.c[i]) == NULL) {
			text_quote_char(&n, i, q, sizeof(q));
			text_setmsg(msg, msglen, _("\"%s\" is not allowed in a "
			    "phone number; type digits only"), q);
			return -1;
		}
	}
	d[nd] = '\0';
	p = d;

	if (plus) {
		if (strncmp(p, "86", 2) != 0) {
			text_setmsg(msg, msglen, _("\"%s\" is not a mainland "
			    "China number; after + it should have 86"), q);
			return -1;
		}
		p += 2;
		nd -= 2;
		/* Dialled from abroad a Beijing landline is +86 10 ... */
		if (nd == 10 && strncmp(p, "10", 2) == 0) {
			p += 2;
			nd -= 2;
		}
	} else if (nd == 13 && strncmp(p, "861", 3) == 0) {
		p += 2;
		nd -= 2;
	}

	if (nd == 11 && p[0] == '1') {
		if (p[1] < '3') {
			text_setmsg(msg, msglen, _("mobile number \"%s\" "
			    "starts with \"%.2s\"; mobile numbers start with "
			    "13 to 19"), q, p);
			return -1;
		}
		snprintf(out, outlen, "%.11s", p);
		return 0;
	}
	if (nd >= 3 && strncmp(p, "010", 3) == 0) {
		p += 3;
		nd -= 3;
	} else if (nd >= 10 && nd <= 12 && p[0] == '0') {
		text_setmsg(msg, msglen, _("\"%s\" is not a Beijing number; a "
		    "landline needs area code 010 or none"), q);
		return -1;
	}
	if (nd != 8) {
		text_setmsg(msg, msglen, _("\"%s\" is not a phone number; "
		    "expected a mobile of 11 digits or a Beijing "
		    "landline of 8"), q);
		return -1;
	}
	if (p[0] < '2') {
		text_setmsg(msg, msglen, _("landline number \"%s\" starts with "
		    "\"%c\"; Beijing numbers start with 2 to 9"), q, p[0]);
		return -1;
	}
	snprintf(out, outlen, "010-%.8s", p);
	return 0;
}

/* Whether y is a Gregorian leap year. */
static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days in month m (1..12) of year y. */
int
date_days_in_month(int y, int m)
{
	static const int	 mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	assert(m >= 1 && m <= 12);
	return m == 2 && is_leap(y) ? 29 : mdays[m - 1];
}

/* Whether ymd is a YYYYMMDD date in years 0..9999 of the calendar. */
int
date_valid(int ymd)
{
	int	m, d;

	if (ymd < 0 || ymd > 99991231)
		return 0;
	m = ymd / 100 % 100;
	d = ymd % 100;
	return m >= 1 && m <= 12 && d >= 1 &&
	    d <= date_days_in_month(ymd / 10000, m);
}

/* Value of count ASCII digits at s. */
static int
digits(const char *s, size_t count)
{
	size_t	i;
	int	v = 0;

	for (i = 0; i < count; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* Length of the run of digits at c[i] (c is terminated). */
static size_t
run(const char *c, size_t i)
{
	size_t	k = i;

	while (is_digit(c[k]))
		k++;
	return k - i;
}

/* Parse and validate a date in one of the three accepted forms. */
int
check_date(const char *in, int *ymd, char *msg, size_t msglen)
{
	struct text_norm	 n;
	char			 q[TEXT_QUOTE_SIZE], sep;
	size_t			 i, k;
	int			 y, m, d;

	if (text_normalise(in, 0, &n) == -1) {
		text_setmsg(msg, msglen, _("the date is not valid UTF-8 text"));
		return -1;
	}
	if (n.nchars == 0) {
		text_setmsg(msg, msglen, _("the date is empty; expected "
		    "YYYY-MM-DD"));
		return -1;
	}
	text_quote_input(&n, q, sizeof(q));
	if (n.nchars > NORM_MAX)
		goto bad;
	/* n.c may hold '\0' for characters that do not fold: they stop run(). */
	if (n.nchars == 8 && run(n.c, 0) == 8) {
		y = digits(n.c, 4);
		m = digits(n.c + 4, 2);
		d = digits(n.c + 6, 2);
	} else {
		if (run(n.c, 0) != 4 || (n.c[4] != '-' && n.c[4] != '/'))
			goto bad;
		sep = n.c[4];
		i = 5;
		if ((k = run(n.c, i)) < 1 || k > 2 || n.c[i + k] != sep)
			goto bad;
		m = digits(n.c + i, k);
		i += k + 1;
		if ((k = run(n.c, i)) < 1 || k > 2 || i + k != n.nchars)
			goto bad;
		d = digits(n.c + i, k);
		y = digits(n.c, 4);
	}
	if (y < YEAR_FIRST || y > YEAR_LAST) {
		text_setmsg(msg, msglen, _("year %d in \"%s\" is out of range; "
		    "expected %d to %d"), y, q, YEAR_FIRST, YEAR_LAST);
		return -1;
	}
	if (m < 1 || m > 12) {
		text_setmsg(msg, msglen, _("month %d in \"%s\" does not exist; "
		    "expected 1 to 12"), m, q);
		return -1;
	}
	if (d < 1 || d > date_days_in_month(y, m)) {
		text_setmsg(msg, msglen, _("\"%s\" is not a calendar date; "
		    "month %d of %d has %d days"), q, m, y,
		    date_days_in_month(y, m));
		return -1;
	}
	if (ymd != NULL)
		*ymd = y * 10000 + m * 100 + d;
	return 0;

bad:
	text_setmsg(msg, msglen, _("\"%s\" is not a date; expected YYYY-MM-DD"),
	    q);
	return -1;
}

/*
 * Format YYYYMMDD as "YYYY-MM-DD", digit by digit: reports format every
 * date of tens of thousands of rows, where a printf's parsing of its
 * format costs more than the digits.
 */
void
date_format(int ymd, char out[11])
{
	static const int place[8] = { 0, 1, 2, 3, 5, 6, 8, 9 };
	int i;

	if (ymd < 0 || ymd > 99991231)
		ymd = 0;
	for (i = 7; i >= 0; i--) {
		out[place[i]] = (char)('0' + ymd % 10);
		ymd /= 10;
	}
	out[4] = out[7] = '-';
	out[10] = '\0';
}

/* Quotient of a by b > 0, rounded towards minus infinity. */
static long
floordiv(long a, long b)
{
	return a / b - (a % b < 0);
}

/*
 * Days from 0000-03-01 to y-m-d. Counting years from March puts the leap
 * day at the end of the year, so the days before a month are a linear
 * function of the month: (153 * months since March + 2) / 5.
 */
static long
days_from_march0(long y, int m, int d)
{
	int	mp;

	if (m < 3) {
		y--;
		mp = m + 9;
	} else
		mp = m - 3;
	return 365 * y + floordiv(y, 4) - floordiv(y, 100) +
	    floordiv(y, 400) + (153 * mp + 2) / 5 + d - 1;
}

/* Days since 1970-01-01 for a valid YYYYMMDD date. */
long
date_to_days(int ymd)
{
	return days_from_march0(ymd / 10000, ymd / 100 % 100, ymd % 100) -
	    days_from_march0(1970, 1, 1);
}

/* The YYYYMMDD date that is days after 1970-01-01, clamped to years 1..9999. */
int
date_from_days(long days)
{
	long	y, first, last;
	int	m;

	first = date_to_days(10101);
	last = date_to_days(99991231);
	if (days < first)
		days = first;
	if (days > last)
		days = last;

	/* Guess from the mean Gregorian year, then correct the guess. */
	y = 1970 + floordiv(days * 400, 146097);
	if (y < 1)
		y = 1;
	if (y > 9999)
		y = 9999;
	while (y > 1 && date_to_days((int)y * 10000 + 101) > days)
		y--;
	while (y < 9999 && date_to_days((int)(y + 1) * 10000 + 101) <= days)
		y++;
	for (m = 12; m > 1; m--)
		if (date_to_days((int)y * 10000 + m * 100 + 1) <= days)
			break;
	return (int)y * 10000 + m * 100 + 1 +
	    (int)(days - date_to_days((int)y * 10000 + m * 100 + 1));
}

/* Add n days to a valid YYYYMMDD date. */
int
date_add_days(int ymd, long n)
{
	/* Far beyond 1..9999 either way; keeps the sum from overflowing. */
	if (n > 10000000L)
		n = 10000000L;
	if (n < -10000000L)
		n = -10000000L;
	return date_from_days(date_to_days(ymd) + n);
}

/* Whole years of age at today for a birth date. */
int
date_age(int birth, int today)
{
	int	age;

	age = today / 10000 - birth / 10000;
	if (today % 10000 < birth % 10000)
		age--;
	return age;
}

/* Whole months of age at today for a birth date. */
int
date_age_months(int birth, int today)
{
	int months;

	months = (today / 10000 - birth / 10000) * 12 + today / 100 % 100 - birth / 100 % 100;
	/* Born on the 31st: in a month of 30 days the month is complete on the 1st after. */
	if (today % 100 < birth % 100)
		months--;
	return months;
}

/* Parse a decimal integer in [min, max]. */
int
check_long(const char *in, long min, long max, long *out, char *msg,
    size_t msglen)
{
	struct text_norm	 n;
	char			 q[TEXT_QUOTE_SIZE];
	size_t			 i = 0;
	long			 v = 0;
	int			 neg = 0, dg, overflow = 0;

	assert(min <= max);
	if (text_normalise(in, 0, &n) == -1) {
		text_setmsg(msg, msglen, _("the number is not valid UTF-8 "
		    "text"));
		return -1;
	}
	if (n.nchars == 0) {
		text_setmsg(msg, msglen, _("a number is needed; expected %ld "
		    "to %ld"), min, max);
		return -1;
	}
	text_quote_input(&n, q, sizeof(q));
	if (n.nchars > NORM_MAX) {
		text_setmsg(msg, msglen, _("\"%s\" is too long for a number"),
		    q);
		return -1;
	}
	if (n.c[0] == '-' || n.c[0] == '+') {
		neg = n.c[0] == '-';
		i = 1;
	}
	if (i == n.nchars || run(n.c, i) != n.nchars - i) {
		text_setmsg(msg, msglen, _("\"%s\" is not a whole number; type "
		    "digits only"), q);
		return -1;
	}
	for (; i < n.nchars && !overflow; i++) {
		dg = n.c[i] - '0';
		if (neg) {
			if (v < (LONG_MIN + dg) / 10)
				overflow = 1;
			else
				v = v * 10 - dg;
		} else {
			if (v > (LONG_MAX - dg) / 10)
				overflow = 1;
			else
				v = v * 10 + dg;
		}
	}
	if (overflow || v < min || v > max) {
		text_setmsg(msg, msglen, _("\"%s\" is out of range; expected "
		    "%ld to %ld"), q, min, max);
		return -1;
	}
	if (out != NULL)
		*out = v;
	return 0;
}

/* Check a monthly wage range in yuan; 0 means negotiable. */
int
check_wage_range(long min, long max, char *msg, size_t msglen)
{
	if (min < 0 || min > WAGE_MAX) {
		text_setmsg(msg, msglen, _("minimum wage %ld is out of range; "
		    "expected 0 to %ld yuan a month"), min, WAGE_MAX);
		return -1;
	}
	if (max < 0 || max > WAGE_MAX) {
		text_setmsg(msg, msglen, _("maximum wage %ld is out of range; "
		    "expected 0 to %ld yuan a month"), max, WAGE_MAX);
		return -1;
	}
	if (min > 0 && max > 0 && min > max) {
		text_setmsg(msg, msglen, _("minimum wage %ld is above the "
		    "maximum %ld"), min, max);
		return -1;
	}
	return 0;
}

/* Check a vacancy's age range. */
int
check_age_range(long min, long max, char *msg, size_t msglen)
{
	if (min < AGE_MIN) {
		text_setmsg(msg, msglen, _("minimum age %ld is below %ld, the "
		    "youngest age at which people may be employed"), min,
		    AGE_MIN);
		return -1;
	}
	if (max > AGE_MAX) {
		text_setmsg(msg, msglen, _("maximum age %ld is above %ld"), max,
		    AGE_MAX);
		return -1;
	}
	if (min > max) {
		text_setmsg(msg, msglen, _("minimum age %ld is above the "
		    "maximum %ld"), min, max);
		return -1;
	}
	return 0;
}

/* Check that a job seeker born on birth (YYYYMMDD) may work on day today. */
int
check_seeker_age(int birth, int today, char *msg, size_t msglen)
{
	int age = date_age(birth, today);

	/* The Labour Law forbids employing anyone younger. */
	if (age < AGE_MIN) {
		text_setmsg(msg, msglen, _("a job seeker must be %ld or older; born %04d-%02d-%02d, "
		    "this person is %d"), AGE_MIN, birth / 10000, birth / 100 % 100, birth % 100,
		    age < 0 ? 0 : age);
		return -1;
	}
	return 0;
}

/* Length of UTF-8 text in characters; NULL counts as empty. */
long
utf8_length(const char *s)
{
	uint32_t	cp;
	size_t		i, k, n;
	long		len = 0;

	if (s == NULL)
		return 0;
	n = strlen(s);
	for (i = 0; i < n; i += k) {
		if ((k = utf8_decode(s + i, n - i, &cp)) == 0)
			return -1;
		len++;
	}
	return len;
}

/* Check free text: valid UTF-8, no control characters, not too long. */
int
check_text(const char *in, long maxchars, char *msg, size_t msglen)
{
	const char	*p = in != NULL ? in : "", *end = p + strlen(p);
	uint32_t	 cp;
	size_t		 k;
	long		 len = 0;

	assert(maxchars >= 0);
	for (; p < end; p += k) {
		if ((k = utf8_decode(p, (size_t)(end - p), &cp)) == 0) {
			text_setmsg(msg, msglen, _("the text is not valid "
			    "UTF-8 at byte %td"), p - in + 1);
			return -1;
		}
		len++;
		if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
			text_setmsg(msg, msglen, _("character %ld is a control "
			    "character (U+%04X); remove it"), len,
			    (unsigned int)cp);
			return -1;
		}
	}
	if (len > maxchars) {
		text_setmsg(msg, msglen, _("the text has %ld characters; at "
		    "most %ld are allowed"), len, maxchars);
		return -1;
	}
	return 0;
}

/* Hide the middle digits of a phone number. */
void
mask_phone(const char *phone, char *out, size_t outlen)
{
	size_t len = strlen(phone), i;

	snprintf(out, outlen, "%s", phone);
	if (len < 8 || outlen <= len)
		return;
	for (i = len - 8; i < len - 4; i++)
		out[i] = '*';
}
