/*
 * The encoding scan: see textenc.h. UTF-8 is judged by the project's one
 * decoder (utf8.c), a sequence at a time; GB18030 by its structure alone
 * (one byte 0x00-0x7F; two bytes 0x81-0xFE then 0x40-0x7E or 0x80-0xFE;
 * four bytes 0x81-0xFE, 0x30-0x39, 0x81-0xFE, 0x30-0x39). A few four-byte
 * sequences of that shape map to no character: iconv refuses them when
 * the file is read, and that row is reported then.
 */
#include <string.h>

#include "common/textenc.h"
#include "common/utf8.h"

/* Start a scan. */
void
textenc_scan_init(struct textenc_scan *t)
{
	memset(t, 0, sizeof *t);
	t->line = 1;
}

/* The length of the UTF-8 sequence lead byte b starts, 0 if none. */
static size_t
textenc_utf8_need(unsigned char b)
{
	if (b >= 0xc2 && b <= 0xdf)
		return 2;
	if (b >= 0xe0 && b <= 0xef)
		return 3;
	if (b >= 0xf0 && b <= 0xf4)
		return 4;
	return 0;
}

/* Take a byte of a line (not CR or LF) into the UTF-8 judgement. */
static void
textenc_utf8_byte(struct textenc_scan *t, unsigned char b)
{
	uint32_t cp;
	size_t need;

	if (t->ncarry == 0) {
		if (b < 0x80)
			return;
		if (textenc_utf8_need(b) == 0) {
			t->utf8_bad = 1;
			return;
		}
	} else if (b < 0x80) {
		/* A sequence cut short by a plain character. */
		t->utf8_bad = 1;
		t->ncarry = 0;
		return;
	}
	t->carry[t->ncarry++] = b;
	need = textenc_utf8_need(t->carry[0]);
	if (t->ncarry < need)
		return;
	if (utf8_decode((const char *)t->carry, t->ncarry, &cp) != t->ncarry)
		t->utf8_bad = 1;
	t->ncarry = 0;
}

/* Take a byte of a line into the GB18030 judgement. */
static void
textenc_gb_byte(struct textenc_scan *t, unsigned char b)
{
	switch (t->gb_at) {
	case 0:
		if (b >= 0x81 && b <= 0xfe)
			t->gb_at = 1;
		else if (b >= 0x80)
			t->gb_bad = 1;
		return;
	case 1:
		if ((b >= 0x40 && b <= 0x7e) || (b >= 0x80 && b <= 0xfe))
			t->gb_at = 0;
		else if (b >= 0x30 && b <= 0x39)
			t->gb_at = 2;
		else {
			t->gb_bad = 1;
			t->gb_at = 0;
		}
		return;
	case 2:
		if (b >= 0x81 && b <= 0xfe)
			t->gb_at = 3;
		else {
			t->gb_bad = 1;
			t->gb_at = 0;
		}
		return;
	default:
		if (!(b >= 0x30 && b <= 0x39))
			t->gb_bad = 1;
		t->gb_at = 0;
		return;
	}
}

/* Judge the line that ends here and start the next. */
static void
textenc_line_end(struct textenc_scan *t)
{
	/* A character cannot go on past the end of its line. */
	if (t->ncarry > 0)
		t->utf8_bad = 1;
	if (t->gb_at != 0)
		t->gb_bad = 1;
	if (t->nonascii) {
		if (!t->utf8_bad) {
			if (t->gb_bad && t->utf8_line == 0)
				t->utf8_line = t->line;
		} else if (!t->gb_bad) {
			if (t->gb_line == 0)
				t->gb_line = t->line;
			t->gb_lines++;
		} else if (t->bad_line == 0)
			t->bad_line = t->line;
	}
	t->ncarry = 0;
	t->gb_at = 0;
	t->nonascii = t->utf8_bad = t->gb_bad = 0;
	t->line++;
}

/* Feed bytes. */
void
textenc_scan_feed(struct textenc_scan *t, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char b = u[i];

		/* Plain ASCII between characters, after the first bytes: nothing to judge. */
		if (b >= 0x20 && b < 0x80 && t->ncarry == 0 && t->gb_at == 0 && t->started == 3) {
			t->cr = 0;
			continue;
		}

		/* The byte order marks are in the file's first bytes. */
		if (t->started < 3)
			t->head[t->started++] = b;
		if (b == '\n' && t->cr) {
			t->cr = 0;
			continue;
		}
		t->cr = b == '\r';
		if (b == '\r' || b == '\n') {
			textenc_line_end(t);
			continue;
		}
		if (b >= 0x80)
			t->nonascii = 1;
		textenc_utf8_byte(t, b);
		textenc_gb_byte(t, b);
	}
}

/* The verdict. */
enum textenc
textenc_scan_end(struct textenc_scan *t)
{
	if (t->nonascii || t->ncarry > 0 || t->gb_at != 0)
		textenc_line_end(t);
	if (t->started >= 2 && ((t->head[0] == 0xff && t->head[1] == 0xfe) ||
	    (t->head[0] == 0xfe && t->head[1] == 0xff)))
		return TEXTENC_UTF16;
	if (t->started == 3 && t->head[0] == 0xef && t->head[1] == 0xbb && t->head[2] == 0xbf)
		return TEXTENC_UTF8;
	if (t->gb_lines == 0)
		return TEXTENC_UTF8;
	return t->utf8_line != 0 ? TEXTENC_MIXED : TEXTENC_GB18030;
}
