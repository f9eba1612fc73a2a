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
 * Input is trimmed and folded (full-width forms, lower case) by core/text.h,
 * so nothing depends on the process locale.
 */
#include <string.h>

#include "common/i18n.h"
#include "core/text.h"
#include "core/uscc.h"

/* The 31 characters of GB 32100: no I, O, S, V, Z. */
static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

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
	struct text_norm	 n;
	char			 q[TEXT_QUOTE_SIZE], check, org;
	size_t			 i;

	if (warn != NULL && warnlen > 0)
		warn[0] = '\0';
	if (text_normalise(in, TEXT_UPPER, &n) == -1) {
		text_setmsg(msg, msglen, _("the credit code is not valid UTF-8 "
		    "text"));
		return -1;
	}
	if (n.nchars == 0) {
		text_setmsg(msg, msglen, _("the credit code is empty; it has "
		    "18 characters"));
		return -1;
	}
	if (n.nchars != USCC_LEN) {
		text_quote_input(&n, q, sizeof(q));
		text_setmsg(msg, msglen, _("a credit code has 18 characters, "
		    "\"%s\" has %zu"), q, n.nchars);
		return -1;
	}
	for (i = 0; i < USCC_LEN; i++) {
		if (i >= 2 && i < 8) {
			if (n.c[i] >= '0' && n.c[i] <= '9')
				continue;
			text_quote_char(&n, i, q, sizeof(q));
			text_setmsg(msg, msglen, _("\"%s\" is not a digit; "
			    "characters 3 to 8 of a credit code are an area "
			    "code"), q);
			return -1;
		}
		if (value(n.c[i]) != -1)
			continue;
		text_quote_char(&n, i, q, sizeof(q));
		if (n.c[i] != '\0' && strchr("IOSVZ", n.c[i]) != NULL)
			text_setmsg(msg, msglen, _("\"%s\" is not used in "
			    "credit codes; they never contain I, O, S, V or Z"),
			    q);
		else
			text_setmsg(msg, msglen, _("\"%s\" is not allowed; a "
			    "credit code has only digits and capital letters"),
			    q);
		return -1;
	}
	check = uscc_check_char(n.c);
	if (check != n.c[USCC_LEN - 1]) {
		text_quote_char(&n, USCC_LEN - 1, q, sizeof(q));
		text_setmsg(msg, msglen, _("check character is \"%s\" but "
		    "should be \"%c\"; re-read the code"), q, check);
		return -1;
	}

	org = org_check_char(n.c + 8);
	if (org != n.c[16])
		text_setmsg(warn, warnlen, _("organisation code \"%.9s\" in "
		    "the credit code ends in \"%c\" but should end in \"%c\"; "
		    "compare with the business licence"), n.c + 8, n.c[16],
		    org);
	memcpy(out, n.c, USCC_LEN);
	out[USCC_LEN] = '\0';
	return 0;
}
