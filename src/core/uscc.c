/*
 * Unified Social Credit Codes, GB 32100-2015: 1 character of registration
 * authority, 1 of organisation category, 6 digits of area code, the 9
 * characters of the organisation code (GB 11714) and a check character.
 *
 * The code's own check character is a hard error. The organisation code
 * carries a check of its own, computed with a different alphabet (A=10 ..
 * Z=35, all 26 letters); early codes exist that fail it, so it is only a
 * warning for the clerk to look at the licence.
 *
 * UTF-8 is decoded by hand so that nothing depends on the process locale.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "common/i18n.h"
#include "core/uscc.h"

/* Characters of the input shown in a message before it is cut with "…". */
#define QUOTE_CHARS	24
#define QUOTE_SIZE	(QUOTE_CHARS * 4 + 8)

/* The 31 characters of GB 32100: no I, O, S, V, Z. */
static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* The input after trimming, with the first USCC_LEN characters folded. */
struct norm {
	const char	*s;			/* trimmed input, not terminated */
	size_t		 bytes;			/* its length in bytes */
	size_t		 nchars;		/* its length in characters */
	char		 c[USCC_LEN + 1];	/* ASCII, '\0' if not foldable */
	size_t		 off[USCC_LEN + 1];	/* byte offset of each character */
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

/* Whether a code point is a space a clerk may type around a code. */
static int
is_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == 0xa0 || cp == 0x3000;
}

/* Fold full-width ASCII to ASCII and upper-case; '\0' for anything else. */
static char
fold(uint32_t cp)
{
	if (cp >= 0xff01 && cp <= 0xff5e)
		cp -= 0xfee0;
	if (cp >= 'a' && cp <= 'z')
		cp -= 'a' - 'A';
	if (cp > ' ' && cp < 0x7f)
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
		if (total < USCC_LEN) {
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
	if (n->nchars <= USCC_LEN) {
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

/* Value of c in the GB 32100 alphabet, or -1. */
static int
value(char c)
{
	const char	*p;

	if (c == '\0' || (p = strchr(alphabet, c)) == NULL)
		return -1;
	return (int)(p - alphabet);
}

/*
 * Check character of a 9-character GB 11714 organisation code: weights
 * 3 7 9 10 5 8 4 2 over values 0-9 and A=10 .. Z=35. '\0' if a character
 * is neither a digit nor a capital letter.
 */
static char
org_check_char(const char *code)
{
	static const int	 w[8] = { 3, 7, 9, 10, 5, 8, 4, 2 };
	int			 i, v, sum = 0, c9;

	for (i = 0; i < 8; i++) {
		if (code[i] >= '0' && code[i] <= '9')
			v = code[i] - '0';
		else if (code[i] >= 'A' && code[i] <= 'Z')
			v = code[i] - 'A' + 10;
		else
			return '\0';
		sum += v * w[i];
	}
	c9 = 11 - sum % 11;
	if (c9 == 10)
		return 'X';
	if (c9 == 11)
		return '0';
	return (char)('0' + c9);
}

/* Check character for the first 17 characters; '\0' if one is outside the alphabet. */
char
uscc_check_char(const char *first17)
{
	int	i, v, w = 1, sum = 0, c18;

	if (first17 == NULL)
		return '\0';
	for (i = 0; i < 17; i++) {
		if ((v = value(first17[i])) == -1)
			return '\0';
		sum += v * w;
		w = w * 3 % 31;
	}
	c18 = 31 - sum % 31;
	return alphabet[c18 == 31 ? 0 : c18];
}

/* Normalise and validate a credit code; warn about a bad organisation code. */
int
uscc_parse(const char *in, char out[USCC_LEN + 1], char *warn,
    size_t warnlen, char *msg, size_t msglen)
{
	struct norm	 n;
	char		 q[QUOTE_SIZE], check, org;
	size_t		 i;

	if (warn != NULL && warnlen > 0)
		warn[0] = '\0';
	if (normalise(in, &n) == -1) {
		setmsg(msg, msglen, _("the credit code is not valid UTF-8 "
		    "text"));
		return -1;
	}
	if (n.nchars == 0) {
		setmsg(msg, msglen, _("the credit code is empty; it has 18 "
		    "characters"));
		return -1;
	}
	if (n.nchars != USCC_LEN) {
		quote_input(&n, q, sizeof(q));
		setmsg(msg, msglen, _("a credit code has 18 characters, \"%s\" "
		    "has %zu"), q, n.nchars);
		return -1;
	}
	for (i = 0; i < USCC_LEN; i++) {
		if (i >= 2 && i < 8) {
			if (n.c[i] >= '0' && n.c[i] <= '9')
				continue;
			quote_char(&n, i, q, sizeof(q));
			setmsg(msg, msglen, _("\"%s\" is not a digit; characters "
			    "3 to 8 of a credit code are an area code"), q);
			return -1;
		}
		if (value(n.c[i]) != -1)
			continue;
		quote_char(&n, i, q, sizeof(q));
		if (n.c[i] != '\0' && strchr("IOSVZ", n.c[i]) != NULL)
			setmsg(msg, msglen, _("\"%s\" is not used in credit codes; "
			    "they never contain I, O, S, V or Z"), q);
		else
			setmsg(msg, msglen, _("\"%s\" is not allowed; a credit "
			    "code has only digits and capital letters"), q);
		return -1;
	}
	check = uscc_check_char(n.c);
	if (check != n.c[USCC_LEN - 1]) {
		quote_char(&n, USCC_LEN - 1, q, sizeof(q));
		setmsg(msg, msglen, _("check character is \"%s\" but should be "
		    "\"%c\"; re-read the code"), q, check);
		return -1;
	}

	org = org_check_char(n.c + 8);
	if (org != n.c[16])
		setmsg(warn, warnlen, _("organisation code \"%.9s\" in the "
		    "credit code ends in \"%c\" but should end in \"%c\"; "
		    "compare with the business licence"), n.c + 8, n.c[16],
		    org);
	memcpy(out, n.c, USCC_LEN);
	out[USCC_LEN] = '\0';
	return 0;
}
