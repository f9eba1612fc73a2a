/*
 * UTF-8 decoding by hand, so that no result depends on the process locale.
 * The lead byte alone rules out 0x80-0xc1 and 0xf5-0xff; what it cannot
 * rule out (overlong 3- and 4-byte forms, surrogates, U+110000 and above
 * after 0xf4) the decoded value does.
 */
#include <stddef.h>
#include <stdint.h>

#include "common/utf8.h"

/* Decode one character of at most avail bytes; its length, or 0 if invalid. */
size_t
utf8_decode(const char *s, size_t avail, uint32_t *cp)
{
	const unsigned char	*p = (const unsigned char *)s;
	uint32_t		 c, min;
	size_t			 len, i;

	if (avail == 0)
		return 0;
	c = p[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		c &= 0x1fU;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		c &= 0x0fU;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		c &= 0x07U;
		min = 0x10000;
	} else
		return 0;
	if (avail < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3fU);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/* Whether n bytes at s are valid UTF-8. */
int
utf8_valid(const char *s, size_t n)
{
	uint32_t	cp;
	size_t		i, k;

	for (i = 0; i < n; i += k) {
		if ((k = utf8_decode(s + i, n - i, &cp)) == 0)
			return 0;
	}
	return 1;
}
