/*
 * Text helpers shared by the checks in src/core. Input comes from a clerk's
 * keyboard, often through a Chinese input method, so full-width forms of
 * ASCII and the ideographic space are folded before anything is checked.
 * UTF-8 is decoded by common/utf8.c, so no result depends on the process
 * locale.
 */
#include <assert.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "common/utf8.h"
#include "core/text.h"

/* Write a formatted message into msg without leaving half a UTF-8 character. */
void
text_setmsg(char *msg, size_t msglen, const char *fmt, ...)
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

/* Whether a code point is a space a clerk may type around a value. */
static int
is_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == 0xa0 || cp == 0x3000;
}

/* Fold full-width ASCII and wide spaces to ASCII; '\0' for anything else. */
static char
fold(uint32_t cp, unsigned int flags)
{
	if (cp >= 0xff01 && cp <= 0xff5e)
		cp -= 0xfee0;
	else if (cp == 0x3000 || cp == 0xa0)
		cp = ' ';
	if ((flags & TEXT_UPPER) != 0 && cp >= 'a' && cp <= 'z')
		cp -= 'a' - 'A';
	if (cp >= ' ' && cp < 0x7f)
		return (char)cp;
	return '\0';
}

/* Trim and fold the input into *n; -1 if it is not valid UTF-8. */
int
text_normalise(const char *in, unsigned int flags, struct text_norm *n)
{
	const char	*p = in != NULL ? in : "", *end, *lim;
	uint32_t	 cp = 0;
	size_t		 k, total = 0;

	memset(n, 0, sizeof(*n));
	lim = p + strlen(p);
	while (p < lim) {
		if ((k = utf8_decode(p, (size_t)(lim - p), &cp)) == 0)
			return -1;
		if (!is_space(cp))
			break;
		p += k;
	}
	n->s = end = p;
	while (p < lim) {
		if ((k = utf8_decode(p, (size_t)(lim - p), &cp)) == 0)
			return -1;
		if (total < TEXT_NORM_MAX) {
			n->c[total] = fold(cp, flags);
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
	if (n->nchars <= TEXT_NORM_MAX) {
		n->c[n->nchars] = '\0';
		n->off[n->nchars] = n->bytes;
	}
	return 0;
}

/* Copy the trimmed input into q for a message, cut with "…" if long. */
void
text_quote_input(const struct text_norm *n, char *q, size_t qlen)
{
	const char	*p = n->s;
	uint32_t	 cp;
	size_t		 i, k;

	for (i = 0; i < TEXT_QUOTE_CHARS && (size_t)(p - n->s) < n->bytes;
	    i++) {
		if ((k = utf8_decode(p, n->bytes - (size_t)(p - n->s),
		    &cp)) == 0)
			break;
		p += k;
	}
	snprintf(q, qlen, "%.*s%s", (int)(p - n->s), n->s,
	    (size_t)(p - n->s) < n->bytes ? "…" : "");
}

/* Copy character i of the trimmed input, as typed, into q. */
void
text_quote_char(const struct text_norm *n, size_t i, char *q, size_t qlen)
{
	/* off[i + 1] is known only within the folded characters. */
	assert(i < n->nchars &&
	    (i + 1 < TEXT_NORM_MAX || n->nchars <= TEXT_NORM_MAX));
	snprintf(q, qlen, "%.*s", (int)(n->off[i + 1] - n->off[i]),
	    n->s + n->off[i]);
}
