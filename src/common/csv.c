/*
 * A small RFC 4180 reader and writer. The reader is a state machine over
 * bytes; the fields of a record are kept NUL-separated in one buffer. A
 * problem in a record is remembered and the record is read to its end, so
 * that the next record starts where the file says it does: only when the
 * quoting itself is broken does the reader give up on the record and skip
 * to the end of that physical line, the best place to find the next one.
 */
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/csv.h"
#include "common/i18n.h"
#include "common/utf8.h"
#include "common/xalloc.h"

struct csv {
	FILE		*fp;
	int		 push[4];	/* bytes read ahead, last pushed first out */
	int		 npush;
	int		 started;	/* the byte order mark has been looked for */
	long		 line;		/* physical line of the next byte */
	long		 rec_line;	/* first line of the current record */
	struct buf	 data;		/* the record's fields, each NUL-terminated */
	size_t		 off[CSV_MAX_FIELDS];
	size_t		 nall;		/* fields seen, stored or not */
	size_t		 start;		/* offset of the field being read */
	size_t		 flen;		/* its length so far */
	char		 why[200];	/* the record's first problem, or "" */
	iconv_t		 gb;		/* GB18030 to UTF-8, or (iconv_t)-1 for UTF-8 input */
	struct buf	 conv;		/* the record's fields converted, when gb is open */
};

/* Make a reader over fp. */
struct csv *
csv_new(FILE *fp)
{
	struct csv *r = xcalloc(1, sizeof *r);

	r->fp = fp;
	r->line = 1;
	buf_init(&r->data);
	buf_init(&r->conv);
	r->gb = (iconv_t)-1;
	return r;
}

/* Read GB18030 from here on. */
int
csv_set_gb18030(struct csv *r)
{
	if (r->gb == (iconv_t)-1 && (r->gb = iconv_open("UTF-8", "GB18030")) == (iconv_t)-1)
		return -1;
	/* A byte order mark is UTF-8's; in GB18030 those bytes are text. */
	r->started = 1;
	return 0;
}

/* Free a reader (not its stream). */
void
csv_free(struct csv *r)
{
	if (r == NULL)
		return;
	if (r->gb != (iconv_t)-1)
		iconv_close(r->gb);
	buf_free(&r->data);
	buf_free(&r->conv);
	free(r);
}

/* Next byte, from the read-ahead first. */
static int
csv_getc(struct csv *r)
{
	if (r->npush > 0)
		return r->push[--r->npush];
	/* The stream is the reader's alone while it reads: no lock per byte. */
	return getc_unlocked(r->fp);
}

/* Give a byte back to be read again. */
static void
csv_ungetc(struct csv *r, int c)
{
	if (c != EOF && r->npush < (int)(sizeof r->push / sizeof r->push[0]))
		r->push[r->npush++] = c;
}

/* Remember the record's first problem. */
static void __attribute__((format(printf, 2, 3)))
csv_fail(struct csv *r, const char *fmt, ...)
{
	va_list ap;

	if (r->why[0] != '\0')
		return;
	va_start(ap, fmt);
	vsnprintf(r->why, sizeof r->why, fmt, ap);
	va_end(ap);
}

/* Skip a UTF-8 byte order mark at the very start of the stream. */
static void
csv_skip_bom(struct csv *r)
{
	int c1, c2, c3;

	r->started = 1;
	if ((c1 = csv_getc(r)) != 0xef) {
		csv_ungetc(r, c1);
		return;
	}
	if ((c2 = csv_getc(r)) != 0xbb) {
		csv_ungetc(r, c2);
		csv_ungetc(r, c1);
		return;
	}
	if ((c3 = csv_getc(r)) != 0xbf) {
		csv_ungetc(r, c3);
		csv_ungetc(r, c2);
		csv_ungetc(r, c1);
	}
}

/* Add a byte to the field being read, within the limits. */
static void
csv_addc(struct csv *r, int c)
{
	if (r->nall >= CSV_MAX_FIELDS)
		return;
	if (c == '\0') {
		csv_fail(r, _("field %zu holds a NUL byte"), r->nall + 1);
		return;
	}
	if (r->flen >= CSV_MAX_FIELD) {
		csv_fail(r, _("field %zu is longer than %d bytes"), r->nall + 1, CSV_MAX_FIELD);
		return;
	}
	buf_addc(&r->data, (char)c);
	r->flen++;
}

/* Close the field being read and start the next. */
static void
csv_end_field(struct csv *r)
{
	if (r->nall < CSV_MAX_FIELDS) {
		buf_addc(&r->data, '\0');
		r->off[r->nall] = r->start;
	} else if (r->nall == CSV_MAX_FIELDS)
		csv_fail(r, _("the record has more than %d fields"), CSV_MAX_FIELDS);
	r->nall++;
	r->start = r->data.len;
	r->flen = 0;
}

/*
 * Convert the record's fields from GB18030 into UTF-8, in place of the
 * bytes read; a field that does not convert fails the record. A field is
 * at most CSV_MAX_FIELD bytes, and no GB18030 character grows by more
 * than half in UTF-8.
 */
static void
csv_convert(struct csv *r)
{
	char out[CSV_MAX_FIELD * 2];
	size_t i;

	buf_reset(&r->conv);
	for (i = 0; i < r->nall && r->why[0] == '\0'; i++) {
		char *in = r->data.data + r->off[i], *o = out;
		const char *start = in;
		size_t left = strlen(in), room = sizeof out;

		r->off[i] = r->conv.len;
		if (iconv(r->gb, &in, &left, &o, &room) == (size_t)-1)
			csv_fail(r, _("field %zu is not GB18030 (GBK) text: byte %zu (0x%02X) "
			    "cannot be read"), i + 1, (size_t)(in - start) + 1,
			    (unsigned)(unsigned char)*in);
		/* Back to the first state for the next field. */
		iconv(r->gb, NULL, NULL, NULL, NULL);
		buf_add(&r->conv, out, (size_t)(o - out));
		buf_addc(&r->conv, '\0');
	}
	if (r->why[0] == '\0') {
		struct buf t = r->data;

		r->data = r->conv;
		r->conv = t;
	}
}

/* Read the next record. */
enum csv_result
csv_read(struct csv *r, char *err, size_t errlen)
{
	enum { START, PLAIN, QUOTED, QUOTE, SKIP } state = START;
	long open_line = 0;
	size_t i;
	int c, any = 0;

	buf_reset(&r->data);
	r->nall = r->start = r->flen = 0;
	r->why[0] = '\0';
	if (errlen > 0)
		err[0] = '\0';
	if (!r->started)
		csv_skip_bom(r);
	r->rec_line = r->line;
	for (;;) {
		c = csv_getc(r);
		if (c == EOF) {
			if (ferror(r->fp))
				return CSV_ERROR;
			if (!any)
				return CSV_END;
			if (state == QUOTED)
				csv_fail(r, _("the quote that opens field %zu on line %ld is never "
				    "closed"), r->nall + 1, open_line);
			break;
		}
		/* CRLF, LF and a lone CR (old Mac files) all end a line. */
		if (c == '\r' && state != QUOTED) {
			int next = csv_getc(r);

			if (next != '\n')
				csv_ungetc(r, next);
			c = '\n';
		}
		if (c == '\n' && state != QUOTED) {
			r->line++;
			if (!any) {
				/* An empty line is no record. */
				r->rec_line = r->line;
				continue;
			}
			break;
		}
		any = 1;
		switch (state) {
		case SKIP:
			break;
		case START:
			if (c == '"') {
				state = QUOTED;
				open_line = r->line;
			} else if (c == ',')
				csv_end_field(r);
			else {
				csv_addc(r, c);
				state = PLAIN;
			}
			break;
		case PLAIN:
			if (c == ',') {
				csv_end_field(r);
				state = START;
			} else if (c == '"') {
				csv_fail(r, _("a quote inside unquoted field %zu; quote the whole "
				    "field and double the quote"), r->nall + 1);
				state = SKIP;
			} else
				csv_addc(r, c);
			break;
		case QUOTED:
			if (c == '"')
				state = QUOTE;
			else {
				if (c == '\n')
					r->line++;
				csv_addc(r, c);
			}
			break;
		case QUOTE:
			if (c == '"') {
				csv_addc(r, '"');
				state = QUOTED;
			} else if (c == ',') {
				csv_end_field(r);
				state = START;
			} else {
				csv_fail(r, _("text after the closing quote of field %zu"),
				    r->nall + 1);
				state = SKIP;
			}
			break;
		}
	}
	csv_end_field(r);
	if (r->gb != (iconv_t)-1 && r->why[0] == '\0' && r->nall <= CSV_MAX_FIELDS)
		csv_convert(r);
	for (i = 0; r->why[0] == '\0' && i < r->nall; i++) {
		const char *f = r->data.data + r->off[i];

		if (!utf8_valid(f, strlen(f)))
			csv_fail(r, _("field %zu is not valid UTF-8"), i + 1);
	}
	if (r->why[0] != '\0') {
		snprintf(err, errlen, "%s", r->why);
		r->nall = 0;
		return CSV_BAD;
	}
	return CSV_RECORD;
}

/* Number of fields of the current record. */
size_t
csv_nfields(const struct csv *r)
{
	return r->nall;
}

/* Field i of the current record. */
const char *
csv_field(const struct csv *r, size_t i)
{
	if (i >= r->nall)
		fatalx("csv field %zu of %zu", i, r->nall);
	return r->data.data + r->off[i];
}

/* First line of the last record. */
long
csv_line(const struct csv *r)
{
	return r->rec_line;
}

/* Whether a field must be quoted to read back the same. */
static int
csv_needs_quotes(const char *s)
{
	size_t len = strlen(s);

	if (len == 0)
		return 0;
	if (strpbrk(s, ",\"\r\n") != NULL)
		return 1;
	/* A byte order mark at the start of a file is skipped: keep the field's own. */
	if (strncmp(s, "\xef\xbb\xbf", 3) == 0)
		return 1;
	return s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' ' || s[len - 1] == '\t';
}

/* Write one record. */
int
csv_write(FILE *fp, const char *const *fields, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *s = fields[i] != NULL ? fields[i] : "";

		if (i > 0)
			putc(',', fp);
		/* A record of one empty field would be an empty line, which readers skip. */
		if (!csv_needs_quotes(s) && !(n == 1 && *s == '\0')) {
			fputs(s, fp);
			continue;
		}
		putc('"', fp);
		for (; *s != '\0'; s++) {
			if (*s == '"')
				putc('"', fp);
			putc(*s, fp);
		}
		putc('"', fp);
	}
	fputs("\r\n", fp);
	return ferror(fp) ? -1 : 0;
}

/* A text cell for spreadsheets. */
void
csv_excel_text(const char *s, struct buf *out)
{
	buf_adds(out, "=\"");
	for (; *s != '\0'; s++) {
		if (*s == '"')
			buf_addc(out, '"');
		buf_addc(out, *s);
	}
	buf_addc(out, '"');
}

/* The text of a spreadsheet's text cell, or s. */
const char *
csv_excel_untext(const char *s, struct buf *out)
{
	size_t len = strlen(s), i;

	if (len < 3 || s[0] != '=' || s[1] != '"' || s[len - 1] != '"')
		return s;
	buf_reset(out);
	for (i = 2; i < len - 1; i++) {
		if (s[i] == '"') {
			/* Inside, a quote is doubled; a lone one means this is some other formula. */
			if (i + 1 >= len - 1 || s[i + 1] != '"')
				return s;
			i++;
		}
		buf_addc(out, s[i]);
	}
	return buf_str(out);
}
