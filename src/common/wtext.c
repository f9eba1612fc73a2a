/*
 * Display width and UTF-8 conversion. Decoding goes through common/utf8.c
 * so that text from the database or the server is checked the same way
 * whatever the locale; only the width of a single character asks
 * wcwidth(), with fallbacks for the characters glibc does not know (see
 * wtext_cwidth).
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "common/utf8.h"
#include "common/wtext.h"
#include "common/xalloc.h"

#define REPLACEMENT	0xfffdU

/*
 * Blocks whose characters are double width even when wcwidth() does not
 * know them: an old glibc table (CJK Ext-H is -1 in glibc 2.36) or the C
 * locale, where every non-ASCII character is -1.
 */
static const struct {
	uint32_t	lo;
	uint32_t	hi;
} cjk_blocks[] = {
	{ 0x1100, 0x115f },	/* Hangul Jamo initial consonants */
	{ 0x2e80, 0xa4cf },	/* CJK radicals .. Yi */
	{ 0xac00, 0xd7a3 },	/* Hangul syllables */
	{ 0xf900, 0xfaff },	/* CJK compatibility ideographs */
	{ 0xfe30, 0xfe4f },	/* CJK compatibility forms */
	{ 0xff00, 0xff60 },	/* fullwidth forms */
	{ 0xffe0, 0xffe6 },	/* fullwidth signs */
	{ 0x20000, 0x3fffd },	/* planes 2 and 3: CJK Ext-B and later */
};

/* Return non-zero if code point c lies in one of the double-width blocks. */
static int
in_cjk_block(uint32_t c)
{
	size_t i;

	for (i = 0; i < sizeof cjk_blocks / sizeof cjk_blocks[0]; i++) {
		if (c >= cjk_blocks[i].lo && c <= cjk_blocks[i].hi)
			return 1;
	}
	return 0;
}

/* Encode scalar value c (already checked) into out; return the length. */
static size_t
utf8_encode(uint32_t c, char *out)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xc0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xe0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		out[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3f));
	out[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

/* Map a wchar_t to a Unicode scalar value, U+FFFD for anything else. */
static uint32_t
scalar(wchar_t wc)
{
	uint32_t c;

	if (wc < 0)
		return REPLACEMENT;
	c = (uint32_t)wc;
	if (c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return REPLACEMENT;
	return c;
}

/* Display cells of one character, never -1. */
int
wtext_cwidth(wchar_t c)
{
	int w;

	w = wcwidth(c);
	if (w >= 0)
		return w;
	if (c > 0 && in_cjk_block((uint32_t)c))
		return 2;
	return 1;
}

/* Cells of a wide string of n chars. */
int
wtext_wwidth(const wchar_t *s, size_t n)
{
	size_t i;
	int w = 0;

	for (i = 0; i < n; i++) {
		if (w > INT_MAX - 2)
			return INT_MAX;
		w += wtext_cwidth(s[i]);
	}
	return w;
}

/* Cells of a UTF-8 string; each invalid byte counts one cell. */
int
wtext_width(const char *utf8)
{
	const char *p = utf8, *end = utf8 + strlen(utf8);
	uint32_t c;
	size_t len;
	int w = 0;

	while (p < end) {
		if (w > INT_MAX - 2)
			return INT_MAX;
		len = utf8_decode(p, (size_t)(end - p), &c);
		if (len == 0) {
			w++;
			p++;
			continue;
		}
		w += wtext_cwidth((wchar_t)c);
		p += len;
	}
	return w;
}

/* Non-zero if c is a character that can be shown, not a control. */
int
wtext_isprint(wchar_t c)
{
	if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
		return 0;
	if ((c >= 0xd800 && c <= 0xdfff) || (uint32_t)c > 0x10ffff)
		return 0;
	return 1;
}

/*
 * Decode s into a new array; invalid bytes fail (lossy == 0) or become
 * U+FFFD (lossy != 0).
 */
static wchar_t *
decode(const char *s, size_t *n, int lossy)
{
	const char *p = s, *end = s + strlen(s);
	wchar_t *out;
	uint32_t c;
	size_t i = 0, len;

	/* Never more characters than bytes. */
	out = xreallocarray(NULL, (size_t)(end - s) + 1, sizeof *out);
	while (p < end) {
		len = utf8_decode(p, (size_t)(end - p), &c);
		if (len == 0) {
			if (!lossy) {
				free(out);
				return NULL;
			}
			c = REPLACEMENT;
			len = 1;
		}
		out[i++] = (wchar_t)c;
		p += len;
	}
	out[i] = L'\0';
	if (n != NULL)
		*n = i;
	return out;
}

/* Decode UTF-8 into a new wchar_t array; NULL if s is not valid UTF-8. */
wchar_t *
wtext_from_utf8(const char *s, size_t *n)
{
	return decode(s, n, 0);
}

/* Decode UTF-8 into a new wchar_t array, U+FFFD for each invalid byte. */
wchar_t *
wtext_from_utf8_lossy(const char *s, size_t *n)
{
	return decode(s, n, 1);
}

/* Encode n wide chars as a new UTF-8 string. */
char *
wtext_to_utf8(const wchar_t *s, size_t n)
{
	char *out;
	size_t i, o = 0;

	/* At most 4 bytes a character, plus the NUL. */
	out = xreallocarray(NULL, n + 1, 4);
	for (i = 0; i < n; i++)
		o += utf8_encode(scalar(s[i]), out + o);
	out[o] = '\0';
	return out;
}

/* Copy the prefix of s that fits in cells display cells into out. */
int
wtext_fit(const char *s, int cells, int pad, char mark, char *out,
    size_t outlen)
{
	const char *p = s, *end = s + strlen(s), *src;
	size_t len, o = 0, srclen;
	uint32_t c;
	int avail, cut, target, used = 0, w;

	if (outlen == 0)
		return 0;
	out[0] = '\0';
	if (cells <= 0)
		return 0;

	/*
	 * When the text is cut and marked, the mark takes the last cell, so
	 * the text gets one cell less.
	 */
	cut = wtext_width(s) > cells;
	avail = (cut && mark != '\0') ? cells - 1 : cells;

	while (p < end) {
		len = utf8_decode(p, (size_t)(end - p), &c);
		if (len == 0 || !wtext_isprint((wchar_t)c)) {
			src = "?";
			srclen = 1;
			w = 1;
			if (len == 0)
				len = 1;
		} else {
			src = p;
			srclen = len;
			w = wtext_cwidth((wchar_t)c);
		}
		if (used + w > avail || o + srclen >= outlen)
			break;
		memcpy(out + o, src, srclen);
		o += srclen;
		used += w;
		p += len;
	}

	if (cut && mark != '\0')
		target = cells - 1;
	else if (pad)
		target = cells;
	else
		target = used;
	while (used < target && o + 1 < outlen) {
		out[o++] = ' ';
		used++;
	}
	if (cut && mark != '\0' && used == cells - 1 && o + 1 < outlen) {
		out[o++] = mark;
		used++;
	}
	out[o] = '\0';
	return used;
}

/* The next wrapped line of s. */
size_t
wtext_wrap(const char *s, int cells, char *out, size_t outlen)
{
	char seg[1024];
	size_t n = strcspn(s, "\n"), len;
	char *space;

	if (*s == '\0') {
		if (outlen > 0)
			*out = '\0';
		return 0;
	}
	/* One line of the text at most; fitting turns a newline into '?'. */
	if (n >= sizeof seg)
		n = sizeof seg - 1;
	memcpy(seg, s, n);
	seg[n] = '\0';
	wtext_fit(seg, cells, 0, 0, out, outlen);
	len = strlen(out);
	if (len == n)
		return s[n] == '\n' ? n + 1 : n;
	if (s[len] == ' ')
		return len + 1;
	if ((space = strrchr(out, ' ')) != NULL && (size_t)(space - out) > len / 2) {
		*space = '\0';
		return (size_t)(space - out) + 1;
	}
	return len;
}
