/*
 * Printing a text (a letter, a report) as counters print: through a
 * command such as lp (CUPS), into a file, or to the slip printer of the
 * clerk's terminal by ANSI media copy (ESC [ 5 i ... ESC [ 4 i). The text
 * is UTF-8 with LF line ends; the target says what the printer gets.
 * Nothing here touches the screen: a command's output never reaches it.
 */
#ifndef JOBDESK_PRINT_H
#define JOBDESK_PRINT_H

#include <stddef.h>

struct buf;

enum print_kind {
	PRINT_COMMAND,	/* the text on a command's standard input */
	PRINT_FILE,	/* appended to a file */
	PRINT_TERMINAL,	/* media copy to the terminal's printer */
};

enum print_encoding {
	PRINT_UTF8,
	PRINT_GB18030,	/* what Chinese printers print without a driver */
};

struct print_target {
	enum print_kind		 kind;
	/*
	 * PRINT_COMMAND: a program and its arguments split at blanks (no
	 * shell, no quoting), looked up in PATH; printer, unless NULL or
	 * empty, is added as "-d PRINTER", as lp takes it.
	 */
	const char		*command;
	const char		*printer;
	const char		*path;		/* PRINT_FILE */
	int			 tty_fd;	/* PRINT_TERMINAL: the clerk's terminal */
	enum print_encoding	 encoding;
	int			 crlf;		/* end lines with CR LF instead of LF */
	/* PRINT_COMMAND: seconds it may take before it is stopped; 0 for 30. */
	int			 timeout;
};

/*
 * Print len bytes of UTF-8 text to target: 0, or -1 with err. The text is
 * the caller's and left alone, so a failed print can be tried again.
 * A command fails when it cannot start or exits other than with 0 (err
 * names it with its status and the first line it wrote to stderr); its
 * standard output is thrown away. A file is created mode 0600 if need be
 * (letters carry personal data) and the text is appended with a form feed
 * after it, so that the letters of a day follow one another in it, each on
 * its own page when the file is printed; a failed write leaves the file as
 * it was. The terminal gets ESC [ 5 i, the text, ESC [ 4 i in one go.
 * Text that is not valid UTF-8 is refused for GB18030.
 */
int	print_text(const struct print_target *, const char *text, size_t len, char *err,
	    size_t errlen);

/*
 * The bytes print_text sends for text, before any media copy sequence:
 * line ends and encoding as the target says, appended to out (a struct
 * buf); 0, or -1 with err and out unchanged.
 */
int	print_encode(const struct print_target *, const char *text, size_t len, struct buf *out,
	    char *err, size_t errlen);

#endif
