/*
 * Resident identity numbers, GB 11643-1999. The number is 6 digits of
 * address code, 8 of date of birth, 3 of sequence (odd for men, even for
 * women) and an ISO 7064 MOD 11-2 check character, 0-9 or X.
 *
 * Input comes from a clerk's keyboard, often through a Chinese input method,
 * so full-width digits and X, U+3000 spaces and lower-case x are folded
 * before anything is checked. The UTF-8 decoding is done here by hand so
 * that the result never depends on the process locale.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "common/i18n.h"
#include "core/idnum.h"

/* Characters of the input shown in a message before it is cut with "…". */
#define QUOTE_CHARS	24
#define QUOTE_SIZE	(QUOTE_CHARS * 4 + 8)

/* Earliest plausible year of birth; the standard's own example is 1880. */
#define YEAR_MIN	1800

/* The input after trimming, with the first IDNUM_LEN characters folded. */
struct norm {
	const char	*s;			/* trimmed input, not terminated */
	size_t		 bytes;			/* its length in bytes */
	size_t		 nchars;		/* its length in characters */
	char		 c[IDNUM_LEN + 1];	/* '0'..'9', 'X' or '\0' if neither */
	size_t		 off[IDNUM_LEN + 1];	/* byte offset of each character */
};

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

static void	setmsg(char *, size_t, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

/* Write a formatted message into msg without leaving half a UTF-8 character. */
static void
setmsg(char *msg, size_t msglen, const char *fmt, ...)
{
	va_list		 ap;
	size_t		 len, i, need;
	unsigned char	 lead;

	if (msg == NULL || msglen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, msglen, fmt, ap);
	va_end(ap);

	len = strlen(msg);
	if (len + 1 < msglen)
		return;
	/* Possibly truncated: drop an incomplete sequence at the end. */
	i = len;
	while (i > 0 && len - i < 3 &&
	    ((unsigned char)msg[i - 1] & 0xc0) == 0x80)
		i--;
	if (i == 0)
		return;
	lead = (unsigned char)msg[i - 1];
	if (lead >= 0xf0)
		need = 4;
	else if (lead >= 0xe0)
		need = 3;
	else if (lead >= 0xc0)
		need = 2;
	else
		need = 1;
	if (len - (i - 1) < need)
		msg[i - 1] = '\0';
}

/* Decode one UTF-8 character into *cp; its length, or 0 if malformed or at NUL. */
static size_t
u8_decode(const char *s, uint32_t *cp)
{
	const unsigned char	*p = (const unsigned char *)s;
	uint32_t		 c, min;
	size_t			 n, i;

	if (p[0] < 0x80) {
		*cp = p[0];
		return p[0] != 0;
	}
	if ((p[0] & 0xe0) == 0xc0) {
		n = 2;
		c = p[0] & 0x1fU;
		min = 0x80;
	} else if ((p[0] & 0xf0) == 0xe0) {
		n = 3;
		c = p[0] & 0x0fU;
		min = 0x800;
	} else if ((p[0] & 0xf8) == 0xf0) {
		n = 4;
		c = p[0] & 0x07U;
		min = 0x10000;
	} else
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3fU);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

/* Whether a code point is a space a clerk may type around a number. */
static int
is_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == 0xa0 || cp == 0x3000;
}

/* Fold a code point to '0'..'9' or 'X', or '\0' if it is neither. */
static char
fold(uint32_t cp)
{
	if (cp >= 0xff10 && cp <= 0xff19)
		cp -= 0xfee0;
	else if (cp == 0xff38 || cp == 0xff58 || cp == 'x')
		cp = 'X';
	if ((cp >= '0' && cp <= '9') || cp == 'X')
		return (char)cp;
	return '\0';
}

/* Trim and fold the input into *n; -1 if it is not valid UTF-8. */
static int
normalise(const char *in, struct norm *n)
{
	const char	*p = in != NULL ? in : "", *end;
	uint32_t	 cp = 0;
	size_t		 k, total = 0;

	memset(n, 0, sizeof(*n));
	while (*p != '\0') {
		if ((k = u8_decode(p, &cp)) == 0)
			return -1;
		if (!is_space(cp))
			break;
		p += k;
	}
	n->s = end = p;
	while (*p != '\0') {
		if ((k = u8_decode(p, &cp)) == 0)
			return -1;
		if (total < IDNUM_LEN) {
			n->c[total] = fold(cp);
			n->off[total] = (size_t)(p - n->s);
		}
		total++;
		p += k;
		if (!is_space(cp)) {
			end = p;
			n->nchars = total;
		}
	}
	n->bytes = (size_t)(end - n->s);
	if (n->nchars <= IDNUM_LEN) {
		n->c[n->nchars] = '\0';
		n->off[n->nchars] = n->bytes;
	}
	return 0;
}

/* Copy the trimmed input into q for a message, cut with "…" if long. */
static void
quote_input(const struct norm *n, char *q, size_t qlen)
{
	const char	*p = n->s;
	uint32_t	 cp;
	size_t		 i, k;

	for (i = 0; i < QUOTE_CHARS && (size_t)(p - n->s) < n->bytes; i++) {
		if ((k = u8_decode(p, &cp)) == 0)
			break;
		p += k;
	}
	snprintf(q, qlen, "%.*s%s", (int)(p - n->s), n->s,
	    (size_t)(p - n->s) < n->bytes ? "…" : "");
}

/* Copy character i of the trimmed input, as typed, into q. */
static void
quote_char(const struct norm *n, size_t i, char *q, size_t qlen)
{
	snprintf(q, qlen, "%.*s", (int)(n->off[i + 1] - n->off[i]),
	    n->s + n->off[i]);
}

/* Index of the first of the first count characters that is not a digit, or -1. */
static int
first_nondigit(const struct norm *n, size_t count)
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
		setmsg(msg, msglen, _("\"%.3s\" is not a plausible start; a "
		    "permanent residence ID is 9 and a province code such as "
		    "11"), c);
		return -1;
	}
	if (province_ok(two(c)))
		return 0;
	setmsg(msg, msglen, _("\"%.2s\" is not a province code; an ID number "
	    "starts with one, such as 11 for Beijing"), c);
	return -1;
}

/* Days in month m of year y, Gregorian calendar. */
static int
days_in_month(int y, int m)
{
	static const int	 mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return mdays[m - 1];
}

/* Check 8 digits as a date of birth; YYYYMMDD, or -1 with msg. */
static int
check_birth(const char *d8, int today, char *msg, size_t msglen)
{
	int	y, m, d, ymd;

	y = two(d8) * 100 + two(d8 + 2);
	m = two(d8 + 4);
	d = two(d8 + 6);
	if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) {
		setmsg(msg, msglen, _("date of birth \"%.8s\" is not a calendar "
		    "date"), d8);
		return -1;
	}
	if (y < YEAR_MIN) {
		setmsg(msg, msglen, _("date of birth \"%.8s\" is before %d; "
		    "re-read the year"), d8, YEAR_MIN);
		return -1;
	}
	ymd = y * 10000 + m * 100 + d;
	if (today > 0 && ymd > today) {
		setmsg(msg, msglen, _("date of birth \"%.8s\" is in the future"),
		    d8);
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
	struct norm	 n;
	char		 q[QUOTE_SIZE], check;
	int		 bad, ymd;

	if (normalise(in, &n) == -1) {
		setmsg(msg, msglen, _("the ID number is not valid UTF-8 "
		    "text"));
		return -1;
	}
	if (n.nchars == 0) {
		setmsg(msg, msglen, _("the ID number is empty; it has 18 "
		    "characters"));
		return -1;
	}
	if (n.nchars != IDNUM_LEN) {
		quote_input(&n, q, sizeof(q));
		if (n.nchars == 15 && first_nondigit(&n, 15) == -1)
			setmsg(msg, msglen, _("\"%s\" is an old 15-digit "
			    "number; an ID number has 18 characters"), q);
		else
			setmsg(msg, msglen, _("an ID number has 18 characters, "
			    "\"%s\" has %zu"), q, n.nchars);
		return -1;
	}
	if ((bad = first_nondigit(&n, IDNUM_LEN - 1)) != -1) {
		quote_char(&n, (size_t)bad, q, sizeof(q));
		setmsg(msg, msglen, _("\"%s\" is not a digit; an ID number is "
		    "17 digits and a digit or X"), q);
		return -1;
	}
	if (n.c[IDNUM_LEN - 1] == '\0') {
		quote_char(&n, IDNUM_LEN - 1, q, sizeof(q));
		setmsg(msg, msglen, _("last character \"%s\" is not a digit or "
		    "X; an ID number is 17 digits and a digit or X"), q);
		return -1;
	}
	if (check_province(n.c, msg, msglen) == -1)
		return -1;
	if ((ymd = check_birth(n.c + 6, today, msg, msglen)) == -1)
		return -1;
	check = idnum_check_char(n.c);
	if (check != n.c[IDNUM_LEN - 1]) {
		quote_char(&n, IDNUM_LEN - 1, q, sizeof(q));
		setmsg(msg, msglen, _("check character is \"%s\" but should be "
		    "\"%c\"; re-read the number"), q, check);
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
	struct norm	 n;
	char		 q[QUOTE_SIZE], d8[9], buf[IDNUM_LEN + 1];
	int		 bad;

	if (normalise(in, &n) == -1) {
		setmsg(msg, msglen, _("the ID number is not valid UTF-8 "
		    "text"));
		return -1;
	}
	if (n.nchars != 15) {
		quote_input(&n, q, sizeof(q));
		setmsg(msg, msglen, _("an old ID number has 15 digits, \"%s\" "
		    "has %zu characters"), q, n.nchars);
		return -1;
	}
	if ((bad = first_nondigit(&n, 15)) != -1) {
		quote_char(&n, (size_t)bad, q, sizeof(q));
		setmsg(msg, msglen, _("\"%s\" is not a digit; an old ID number "
		    "is 15 digits"), q);
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
