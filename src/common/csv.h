/*
 * CSV as RFC 4180 describes it, for imports and exports: fields separated
 * by commas, records by CRLF or LF, quoted fields that may hold commas,
 * line breaks and doubled quotes. The reader skips a UTF-8 byte order mark
 * at the start and empty lines, tells the physical line each record starts
 * on, and turns anything it cannot read (broken quoting, a field over
 * CSV_MAX_FIELD bytes, more than CSV_MAX_FIELDS fields, invalid UTF-8, a
 * NUL byte) into one bad record instead of failing the whole file.
 */
#ifndef JOBDESK_CSV_H
#define JOBDESK_CSV_H

#include <stddef.h>
#include <stdio.h>

#include "common/buf.h"

#define CSV_MAX_FIELD	4096	/* bytes of one field */
#define CSV_MAX_FIELDS	200	/* fields of one record */

enum csv_result {
	CSV_ERROR = -2,		/* the stream could not be read (errno is set) */
	CSV_BAD = -1,		/* a bad record, skipped; the reason is in err */
	CSV_END = 0,		/* no more records */
	CSV_RECORD = 1,		/* a record: see csv_nfields and csv_field */
};

struct csv;

/* A reader of records from fp, which stays the caller's. Free with csv_free(). */
struct csv	*csv_new(FILE *fp);
void		 csv_free(struct csv *);
/*
 * Read the stream as GB18030 (which GBK and GB2312 are subsets of) and
 * hand the fields out as UTF-8; a field iconv cannot convert makes its
 * record a bad one, and no byte order mark is skipped. Call before the
 * first csv_read. 0, or -1 (errno set) if the system cannot convert.
 */
int		 csv_set_gb18030(struct csv *);
/*
 * Read the next record. After CSV_RECORD the fields are valid until the
 * next call; after CSV_BAD the reader has moved past that record (to the
 * end of its last line when the quoting was broken) and err holds the
 * reason. csv_line gives the record's first line in both cases.
 */
enum csv_result	 csv_read(struct csv *, char *err, size_t errlen);
size_t		 csv_nfields(const struct csv *);
/* Field i of the current record, NUL-terminated valid UTF-8; points into the reader. */
const char	*csv_field(const struct csv *, size_t i);
/* The physical line (from 1) the last record read starts on. */
long		 csv_line(const struct csv *);

/*
 * Write one record of n fields and a CRLF. A field is quoted when it holds
 * a comma, a quote, CR or LF, starts with U+FEFF (a byte order mark that a
 * reader would skip), or starts or ends with a space or a tab, and when it
 * is the record's only field and empty (an empty line is no record).
 * (Writing "\xef\xbb\xbf" before the first record gives a file with a
 * byte order mark, which the reader skips.)
 * Returns 0, or -1 if fp has an error.
 */
int		 csv_write(FILE *fp, const char *const *fields, size_t n);

/*
 * A spreadsheet's text cell: ="..." with any quote inside doubled, the
 * formula that Excel and WPS evaluate to the text itself when they open a
 * CSV file, so that a value they would take for a number or a date (an ID
 * number of 18 digits, a phone number's leading 0, an occupation code
 * such as 2-02) or for a formula (a text starting with =, +, - or @) is
 * shown and saved as it is. Appends s so written to out (still to be
 * quoted by csv_write, as it holds quotes).
 */
void		 csv_excel_text(const char *s, struct buf *out);
/*
 * The text of a field written by csv_excel_text, into out (reset first),
 * returned; s itself when it is not of that form.
 */
const char	*csv_excel_untext(const char *s, struct buf *out);

#endif
