/*
 * A strict pull scanner over a JSON text, for the one message big enough
 * to be worth it: a pull page, megabytes of small strings that a tree
 * parser would put in hash tables only for the decoder to copy them out
 * again. Here the decoder takes each token as it comes and strings stay
 * where they are in the text, decoded in place.
 *
 * Strict means RFC 8259 and what jansson refuses besides: no \u0000, no
 * lone surrogates, no bytes that are not UTF-8, no integer beyond long
 * long. The NUL after the text is a sentinel: every loop stops at it
 * without a length check, and the error at it is the end of the text.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "common/utf8.h"
#include "wire/jscan.h"

/* Bytes a string holds as they are: printable ASCII and DEL, not '"' or '\\'. */
static const unsigned char plain[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* 0x00 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* 0x10 */
	1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,	/* 0x20 '"' */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,	/* 0x30 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,	/* 0x40 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,	/* 0x50 '\\' */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,	/* 0x60 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,	/* 0x70 */
	/* 0x80 to 0xff: UTF-8, checked a character at a time */
};

/*
 * Whether one of the 8 bytes of w is not plain: '"', '\\', a control
 * character or a byte of UTF-8 (the tests for a zero byte and a byte
 * below 0x20 from "Bit Twiddling Hacks").
 */
static int
word_special(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
	uint64_t q = w ^ ones * '"', b = w ^ ones * '\\';

	return ((((q - ones) & ~q) | ((b - ones) & ~b) | ((w - ones * 0x20) & ~w) | w) &
	    highs) != 0;
}

/* Record the first error, at byte at: "what", or the end of the text there. */
static int
jfail(struct jscan *js, const void *at, const char *what)
{
	if (js->err[0] == '\0') {
		js->errpos = (size_t)((const char *)at - js->start);
		snprintf(js->err, sizeof js->err, "%s",
		    (const char *)at == js->end ? "unexpected end of text" : what);
	}
	return -1;
}

/* Past the whitespace at p. */
static char *
ws(char *p)
{
	while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
		p++;
	return p;
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

void
jscan_init(struct jscan *js, char *text, size_t len)
{
	js->start = js->p = text;
	js->end = text + len;
	js->errpos = 0;
	js->err[0] = '\0';
}

size_t
jscan_pos(const struct jscan *js)
{
	return (size_t)(js->p - js->start);
}

enum jscan_kind
jscan_peek(struct jscan *js)
{
	js->p = ws(js->p);
	switch (*js->p) {
	case '{':
		return JSCAN_OBJECT;
	case '[':
		return JSCAN_ARRAY;
	case '"':
		return JSCAN_STRING;
	case '-': case '0': case '1': case '2': case '3': case '4': case '5': case '6':
	case '7': case '8': case '9':
		return JSCAN_NUMBER;
	case 't':
	case 'f':
		return JSCAN_BOOL;
	case 'n':
		return JSCAN_NULL;
	default:
		jfail(js, js->p, "unexpected character");
		return JSCAN_BAD;
	}
}

/* The four hex digits at p into *cp; 0 if they are not that. */
static int
hex4(const unsigned char *p, uint32_t *cp)
{
	uint32_t v = 0;
	int i;

	/* Stops at the first byte that is not hex: at the latest the sentinel. */
	for (i = 0; i < 4; i++) {
		if (p[i] >= '0' && p[i] <= '9')
			v = v << 4 | (uint32_t)(p[i] - '0');
		else if (p[i] >= 'a' && p[i] <= 'f')
			v = v << 4 | (uint32_t)(p[i] - 'a' + 10);
		else if (p[i] >= 'A' && p[i] <= 'F')
			v = v << 4 | (uint32_t)(p[i] - 'A' + 10);
		else
			return 0;
	}
	*cp = v;
	return 1;
}

/*
 * Decode the escape at p (its backslash) to *dp and move *dp on; the
 * bytes of the escape, never fewer than it writes, or 0 after an error.
 */
static size_t
unescape(struct jscan *js, const unsigned char *p, unsigned char **dp)
{
	unsigned char *d = *dp;
	uint32_t cp, lo;
	size_t k = 6;

	switch (p[1]) {
	case '"':
	case '\\':
	case '/':
		*d = p[1];
		break;
	case 'b':
		*d = '\b';
		break;
	case 'f':
		*d = '\f';
		break;
	case 'n':
		*d = '\n';
		break;
	case 'r':
		*d = '\r';
		break;
	case 't':
		*d = '\t';
		break;
	case 'u':
		goto unicode;
	default:
		jfail(js, p + 1, "invalid escape");
		return 0;
	}
	*dp = d + 1;
	return 2;
unicode:
	if (!hex4(p + 2, &cp)) {
		jfail(js, p, "invalid \\u escape");
		return 0;
	}
	if (cp == 0) {
		jfail(js, p, "\\u0000 in a string");
		return 0;
	}
	if (cp >= 0xdc00 && cp <= 0xdfff) {
		jfail(js, p, "lone surrogate in a \\u escape");
		return 0;
	}
	if (cp >= 0xd800 && cp <= 0xdbff) {
		/* The second half must follow at once. */
		if (p[6] != '\\' || p[7] != 'u' || !hex4(p + 8, &lo) || lo < 0xdc00 ||
		    lo > 0xdfff) {
			jfail(js, p, "lone surrogate in a \\u escape");
			return 0;
		}
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		k = 12;
	}
	if (cp < 0x80)
		*d++ = (unsigned char)cp;
	else if (cp < 0x800) {
		*d++ = (unsigned char)(0xc0 | cp >> 6);
		*d++ = (unsigned char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		*d++ = (unsigned char)(0xe0 | cp >> 12);
		*d++ = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		*d++ = (unsigned char)(0x80 | (cp & 0x3f));
	} else {
		*d++ = (unsigned char)(0xf0 | cp >> 18);
		*d++ = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
		*d++ = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		*d++ = (unsigned char)(0x80 | (cp & 0x3f));
	}
	*dp = d;
	return k;
}

/*
 * A string without escapes is only checked and its closing quote made
 * its NUL; from the first escape on, the decoded bytes move back over
 * the escapes, which are never shorter than what they stand for.
 */
int
jscan_string(struct jscan *js, char **s, size_t *len)
{
	unsigned char *p = (unsigned char *)ws(js->p), *d, *start;
	const unsigned char *end = (const unsigned char *)js->end;
	uint64_t w;
	uint32_t cp;
	size_t k;

	if (*p != '"')
		return jfail(js, p, "expected a string");
	start = ++p;
	for (;;) {
		/* Eight bytes at a time, while eight are left. */
		while (end - p >= 8) {
			memcpy(&w, p, sizeof w);
			if (word_special(w))
				break;
			p += 8;
		}
		while (plain[*p])
			p++;
		if (*p == '"') {
			d = p;
			goto done;
		}
		if (*p == '\\')
			break;
		if (*p < 0x80)
			return jfail(js, p, "control character in a string");
		if ((k = utf8_decode((const char *)p, (size_t)(end - p), &cp)) == 0)
			return jfail(js, p, "invalid UTF-8");
		p += k;
	}
	d = p;
	for (;;) {
		if (plain[*p]) {
			*d++ = *p++;
			continue;
		}
		if (*p == '"')
			break;
		if (*p == '\\') {
			if ((k = unescape(js, p, &d)) == 0)
				return -1;
			p += k;
			continue;
		}
		if (*p < 0x80)
			return jfail(js, p, "control character in a string");
		if ((k = utf8_decode((const char *)p, (size_t)(end - p), &cp)) == 0)
			return jfail(js, p, "invalid UTF-8");
		memmove(d, p, k);
		d += k;
		p += k;
	}
done:
	*d = '\0';
	*s = (char *)start;
	*len = (size_t)(d - start);
	js->p = (char *)p + 1;
	return 0;
}

/* A member's key and the ':' after it. */
static int
key_colon(struct jscan *js, char **key, size_t *len)
{
	char *p = ws(js->p);

	if (*p != '"')
		return jfail(js, p, "expected a member name");
	js->p = p;
	if (jscan_string(js, key, len) != 0)
		return -1;
	p = ws(js->p);
	if (*p != ':')
		return jfail(js, p, "expected ':'");
	js->p = p + 1;
	return 0;
}

/*
 * Step to the next item of an object or array whose brackets are open
 * and close (*n items read so far): 1 at an item, 0 past the closing
 * bracket, -1.
 */
static int
next_item(struct jscan *js, size_t *n, char open, char close)
{
	char *p = ws(js->p);

	if (*n == 0) {
		if (*p != open)
			return jfail(js, p, open == '{' ? "expected '{'" : "expected '['");
		p = ws(p + 1);
		if (*p == close) {
			js->p = p + 1;
			return 0;
		}
	} else if (*p == ',')
		p++;
	else if (*p == close) {
		js->p = p + 1;
		return 0;
	} else
		return jfail(js, p, close == '}' ? "expected ',' or '}'" : "expected ',' or ']'");
	js->p = p;
	(*n)++;
	return 1;
}

int
jscan_member(struct jscan *js, size_t *n, char **key, size_t *len)
{
	int r = next_item(js, n, '{', '}');

	if (r == 1 && key_colon(js, key, len) != 0)
		return -1;
	return r;
}

int
jscan_element(struct jscan *js, size_t *n)
{
	return next_item(js, n, '[', ']');
}

/*
 * -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? as RFC 8259 has it. An
 * integer too big for long long is an error, as in jansson; a number
 * with a fraction or an exponent is not looked at further.
 */
int
jscan_integer(struct jscan *js, long long *n)
{
	char *p = ws(js->p), *start = p;
	unsigned long long u = 0, lim = LLONG_MAX, digit;
	int neg = 0, over = 0, real = 0;

	if (*p == '-') {
		neg = 1;
		lim = (unsigned long long)LLONG_MAX + 1;
		p++;
	}
	if (*p == '0') {
		if (is_digit(*++p))
			return jfail(js, p, "leading zero in a number");
	} else if (is_digit(*p)) {
		for (; is_digit(*p); p++) {
			digit = (unsigned long long)(*p - '0');
			if (u > (lim - digit) / 10)
				over = 1;
			else
				u = u * 10 + digit;
		}
	} else
		return jfail(js, p, "expected a digit");
	if (*p == '.') {
		if (!is_digit(*++p))
			return jfail(js, p, "expected a digit");
		while (is_digit(*p))
			p++;
		real = 1;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!is_digit(*p))
			return jfail(js, p, "expected a digit");
		while (is_digit(*p))
			p++;
		real = 1;
	}
	js->p = p;
	if (real)
		return 1;
	if (over)
		return jfail(js, start, "too big integer");
	if (neg)
		*n = u == lim ? LLONG_MIN : -(long long)u;
	else
		*n = (long long)u;
	return 0;
}

int
jscan_bool(struct jscan *js, int *b)
{
	char *p = ws(js->p);

	/* strncmp stops at the sentinel. */
	if (strncmp(p, "true", 4) == 0) {
		*b = 1;
		js->p = p + 4;
	} else if (strncmp(p, "false", 5) == 0) {
		*b = 0;
		js->p = p + 5;
	} else
		return jfail(js, p, "expected true or false");
	return 0;
}

/* Without recursion: a stack of the closing brackets still to come. */
int
jscan_skip(struct jscan *js)
{
	char stack[JSCAN_MAX_DEPTH], *p, *s;
	size_t depth = 0, len;
	long long i;
	int b;

	for (;;) {
		switch (jscan_peek(js)) {
		case JSCAN_BAD:
			return -1;
		case JSCAN_OBJECT:
		case JSCAN_ARRAY:
			if (depth == JSCAN_MAX_DEPTH)
				return jfail(js, js->p, "maximum parsing depth reached");
			stack[depth++] = *js->p == '{' ? '}' : ']';
			p = ws(js->p + 1);
			js->p = p;
			if (*p == stack[depth - 1]) {
				js->p = p + 1;
				depth--;
				break;
			}
			if (stack[depth - 1] == '}' && key_colon(js, &s, &len) != 0)
				return -1;
			continue;
		case JSCAN_STRING:
			if (jscan_string(js, &s, &len) != 0)
				return -1;
			break;
		case JSCAN_NUMBER:
			if (jscan_integer(js, &i) < 0)
				return -1;
			break;
		case JSCAN_BOOL:
			if (jscan_bool(js, &b) != 0)
				return -1;
			break;
		case JSCAN_NULL:
			if (strncmp(js->p, "null", 4) != 0)
				return jfail(js, js->p, "unexpected character");
			js->p += 4;
			break;
		}
		/* After a value: the next one in its container, or the container's end. */
		for (;;) {
			if (depth == 0)
				return 0;
			p = ws(js->p);
			if (*p == ',') {
				js->p = p + 1;
				if (stack[depth - 1] == '}' && key_colon(js, &s, &len) != 0)
					return -1;
				break;
			}
			if (*p != stack[depth - 1])
				return jfail(js, p, stack[depth - 1] == '}' ?
				    "expected ',' or '}'" : "expected ',' or ']'");
			js->p = p + 1;
			depth--;
		}
	}
}

int
jscan_end(struct jscan *js)
{
	js->p = ws(js->p);
	if (js->p != js->end)
		return jfail(js, js->p, "text after the end of the message");
	return 0;
}
