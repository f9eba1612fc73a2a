/*
 * Telling which encoding a text file a spreadsheet saved is in: UTF-8,
 * with or without a byte order mark ("CSV UTF-8" in Excel), or GB18030,
 * whose subsets GBK and GB2312 are what Excel and WPS write as plain
 * "CSV" on a Chinese Windows. The scan is fed the file in pieces of any
 * size and judges it line by line (a line ends at LF, CR or CRLF, counted
 * as the CSV reader counts them):
 *
 *   a line of ASCII only reads the same either way;
 *   a line that is valid UTF-8 is UTF-8's, whatever GB18030 makes of it
 *     (valid UTF-8 stays UTF-8: Chinese in UTF-8 is often valid GB18030
 *     too, the reverse is rare);
 *   a line that is not valid UTF-8 but is valid GB18030 speaks for GB18030.
 *
 * A file is UTF-8 when it starts with a UTF-8 byte order mark or when no
 * line speaks for GB18030; GB18030 when some do and no line is valid
 * UTF-8 that GB18030 would not read; mixed when lines speak for both.
 * Lines that neither encoding reads are remembered, not judged: the
 * reader reports them as bad rows. Pure: no I/O, no iconv.
 */
#ifndef JOBDESK_TEXTENC_H
#define JOBDESK_TEXTENC_H

#include <stddef.h>

enum textenc {
	TEXTENC_UTF8,
	TEXTENC_GB18030,
	TEXTENC_MIXED,		/* lines of both: no single reading is right */
	TEXTENC_UTF16,		/* a UTF-16 byte order mark (Excel's "Unicode text") */
};

/* A scan in progress; fill with textenc_scan_init. Its fields are the scan's own. */
struct textenc_scan {
	long		 line;		/* the line being read, from 1 */
	unsigned char	 head[3];	/* the file's first bytes, for a byte order mark */
	int		 started;	/* how many of them there are */
	int		 cr;		/* the last byte was a CR */
	unsigned char	 carry[4];	/* a UTF-8 sequence cut by the end of a piece */
	size_t		 ncarry;
	int		 gb;		/* GB18030 bytes still due in the current character */
	int		 gb_at;		/* which byte of it comes next (0: a new character) */
	int		 nonascii, utf8_bad, gb_bad;	/* of the current line */
	/* The first line of each sort (0: none), and how many there were. */
	long		 gb_line, utf8_line, bad_line;
	long		 gb_lines;
};

void		textenc_scan_init(struct textenc_scan *);
/* Feed the next n bytes of the file. */
void		textenc_scan_feed(struct textenc_scan *, const char *s, size_t n);
/*
 * The verdict once the whole file has been fed. The scan's gb_line,
 * utf8_line and bad_line then name the first line speaking for GB18030,
 * the first valid UTF-8 line GB18030 would not read, and the first line
 * neither reads (0 when there is none), for messages.
 */
enum textenc	textenc_scan_end(struct textenc_scan *);

#endif
