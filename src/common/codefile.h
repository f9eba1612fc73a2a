/*
 * Code-list files (the .tsv files in db/codes), read by the client's store and by
 * jobdeskd's admin commands with the same rules. A file starts with
 * "# list: NAME" and "# version: VERSION", then the header line
 * "code<TAB>parent<TAB>name_zh<TAB>name_en<TAB>deprecated", then one code
 * a line: code, parent, Chinese name, English name and 0 or 1, separated
 * by tabs. Two optional columns may follow, in either order, each named
 * in the header and present on every line:
 *   rank     a list whose codes have an order (education levels, lowest
 *            first): a number, higher for a code further up the order, or
 *            empty for a code outside it (a heading);
 *   aliases  the words people say for the code (大专 for 大学专科毕业),
 *            separated by "|", or empty: a picker finds the code by them.
 * Lines starting with "#" and empty lines after the header are comments.
 * Lines end with LF (a CR is refused, naming the line).
 *
 * The reader goes line by line, so that a caller that already holds the
 * file's version can stop after the first two lines. Problems are
 * reported as "FILE:LINE: problem".
 */
#ifndef JOBDESK_CODEFILE_H
#define JOBDESK_CODEFILE_H

#include <stddef.h>

struct codefile;

/* One code of the file; the strings point into the reader, valid until the next call. */
struct codefile_entry {
	const char	*code;
	const char	*parent;	/* "" for none */
	const char	*name_zh;
	const char	*name_en;
	int		 deprecated;
	int		 rank;		/* its place in the list's order, or -1 for none */
	/* Words separated by "|", "" for none; NULL if the file has no aliases column. */
	const char	*aliases;
};

/*
 * Open path and read the list name and version (lines 1 and 2): a reader
 * to close with codefile_close(), or NULL with err.
 */
struct codefile	*codefile_open(const char *path, char *err, size_t errlen);
/* The same over a file's whole text (a list the district sent), named name in messages. */
struct codefile	*codefile_open_text(const char *text, const char *name, char *err,
		     size_t errlen);
void		 codefile_close(struct codefile *);
/* The list's name and version from the file's first lines. */
const char	*codefile_list(const struct codefile *);
const char	*codefile_version(const struct codefile *);
/* The line number of the entry codefile_next() returned last. */
int		 codefile_lineno(const struct codefile *);
/*
 * The next code into *e: 1, 0 at the end of the file, or -1 with err
 * (a bad header line, a bad code line, an empty alias, a line too long, a
 * CR, a file too short to be a code list).
 */
int		 codefile_next(struct codefile *, struct codefile_entry *e, char *err,
		     size_t errlen);

#endif
