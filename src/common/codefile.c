/* Reading code-list files line by line. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/codefile.h"
#include "common/i18n.h"
#include "common/xalloc.h"

#define CODEFILE_HEADER	"code\tparent\tname_zh\tname_en\tdeprecated"
/* The columns every list has, and the most a line may have with the optional ones. */
#define CODEFILE_BASE_COLS	5
#define CODEFILE_MAX_COLS	7
/* The highest rank a code may have. */
#define CODEFILE_RANK_MAX	9999

struct codefile {
	char	*path;
	FILE	*fp;
	int	 lineno;
	char	 list[64];
	char	 version[64];
	size_t	 ncols;		/* columns of every line, as the header names them */
	int	 rank_col;	/* the rank column's index, or -1 */
	int	 aliases_col;	/* the aliases column's index, or -1 */
	char	 columns[128];	/* the header's names joined by ", ", for messages */
	char	 line[1024];
};

/*
 * Read the next line into cf->line without its LF: 1, 0 at the end of the
 * file, -1 with err for a line too long or one ending in CR.
 */
static int
codefile_getline(struct codefile *cf, char *err, size_t errlen)
{
	size_t len;

	if (fgets(cf->line, sizeof cf->line, cf->fp) == NULL)
		return 0;
	cf->lineno++;
	len = strlen(cf->line);
	if (len > 0 && cf->line[len - 1] == '\n')
		cf->line[--len] = '\0';
	else if (!feof(cf->fp)) {
		snprintf(err, errlen, _("%s:%d: line too long"), cf->path, cf->lineno);
		return -1;
	}
	if (len > 0 && cf->line[len - 1] == '\r') {
		snprintf(err, errlen, _("%s:%d: DOS line ending; save the file with LF line endings"),
		    cf->path, cf->lineno);
		return -1;
	}
	return 1;
}

/* Copies the value of a "# name: value" header line into out; -1 if not that header or empty. */
static int
codefile_header_value(const char *line, const char *name, char *out, size_t outlen)
{
	size_t len = strlen(name);

	if (strncmp(line, "# ", 2) != 0 || strncmp(line + 2, name, len) != 0 ||
	    line[2 + len] != ':')
		return -1;
	line += 3 + len;
	while (*line == ' ')
		line++;
	if (*line == '\0')
		return -1;
	snprintf(out, outlen, "%s", line);
	return 0;
}

/* Split a line on tabs into at most max fields; the count, max + 1 if there are more. */
static size_t
codefile_split(char *line, char **f, size_t max)
{
	size_t n = 0;

	f[n++] = line;
	for (; *line != '\0'; line++)
		if (*line == '\t') {
			*line = '\0';
			if (n == max)
				return max + 1;
			f[n++] = line + 1;
		}
	return n;
}

/* Read the name and version of a reader just opened on cf->fp; cf, or NULL (closed) with err. */
static struct codefile *
codefile_start(struct codefile *cf, char *err, size_t errlen)
{
	const char *path = cf->path;
	int rc;

	if ((rc = codefile_getline(cf, err, errlen)) < 0)
		goto fail;
	if (rc == 0)
		goto short_file;
	if (codefile_header_value(cf->line, "list", cf->list, sizeof cf->list) != 0) {
		snprintf(err, errlen, _("%s:1: expected \"# list: NAME\""), path);
		goto fail;
	}
	if ((rc = codefile_getline(cf, err, errlen)) < 0)
		goto fail;
	if (rc == 0)
		goto short_file;
	if (codefile_header_value(cf->line, "version", cf->version, sizeof cf->version) != 0) {
		snprintf(err, errlen, _("%s:2: expected \"# version: VERSION\""), path);
		goto fail;
	}
	return cf;
short_file:
	snprintf(err, errlen, _("%s: not a code list (too short)"), path);
fail:
	codefile_close(cf);
	return NULL;
}

/* Open a code-list file and read its name and version. */
struct codefile *
codefile_open(const char *path, char *err, size_t errlen)
{
	struct codefile *cf = xcalloc(1, sizeof *cf);

	cf->path = xstrdup(path);
	if ((cf->fp = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, _("%s: cannot open: %s"), path, strerror(errno));
		codefile_close(cf);
		return NULL;
	}
	return codefile_start(cf, err, errlen);
}

/* Read a code list from its text, named name in messages. */
struct codefile *
codefile_open_text(const char *text, const char *name, char *err, size_t errlen)
{
	struct codefile *cf = xcalloc(1, sizeof *cf);

	cf->path = xstrdup(name);
	/* Read-only: the stream never writes to the text. */
	if ((cf->fp = fmemopen((void *)(uintptr_t)text, strlen(text), "r")) == NULL) {
		snprintf(err, errlen, _("%s: cannot read: %s"), name, strerror(errno));
		codefile_close(cf);
		return NULL;
	}
	return codefile_start(cf, err, errlen);
}

/* Close a reader. */
void
codefile_close(struct codefile *cf)
{
	if (cf == NULL)
		return;
	if (cf->fp != NULL)
		fclose(cf->fp);
	free(cf->path);
	free(cf);
}

/* The list's name. */
const char *
codefile_list(const struct codefile *cf)
{
	return cf->list;
}

/* The list's version. */
const char *
codefile_version(const struct codefile *cf)
{
	return cf->version;
}

/* The line of the last entry. */
int
codefile_lineno(const struct codefile *cf)
{
	return cf->lineno;
}

/* A rank column's value: -1 for empty, the number, or -2 if it is not one. */
static int
codefile_rank(const char *s)
{
	long v;
	char *end;

	if (*s == '\0')
		return -1;
	if (*s < '0' || *s > '9')
		return -2;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v > CODEFILE_RANK_MAX)
		return -2;
	return (int)v;
}

/*
 * Read the header line (line 3): the five columns every list has, then
 * rank and aliases in any order, each at most once. 0, or -1 with err.
 */
static int
codefile_header(struct codefile *cf, char *err, size_t errlen)
{
	char *f[CODEFILE_MAX_COLS];
	size_t n, i;

	cf->rank_col = cf->aliases_col = -1;
	if (strncmp(cf->line, CODEFILE_HEADER, strlen(CODEFILE_HEADER)) != 0 ||
	    (cf->line[strlen(CODEFILE_HEADER)] != '\0' &&
	    cf->line[strlen(CODEFILE_HEADER)] != '\t'))
		goto bad;
	snprintf(cf->columns, sizeof cf->columns, "%s", "code, parent, name_zh, name_en, deprecated");
	n = codefile_split(cf->line, f, CODEFILE_MAX_COLS);
	if (n > CODEFILE_MAX_COLS)
		goto bad;
	for (i = CODEFILE_BASE_COLS; i < n; i++) {
		int *col = strcmp(f[i], "rank") == 0 ? &cf->rank_col :
		    strcmp(f[i], "aliases") == 0 ? &cf->aliases_col : NULL;

		if (col == NULL || *col >= 0)
			goto bad;
		*col = (int)i;
		snprintf(cf->columns + strlen(cf->columns), sizeof cf->columns - strlen(cf->columns),
		    ", %s", f[i]);
	}
	cf->ncols = n;
	return 0;
bad:
	snprintf(err, errlen, _("%s:3: expected the header \"%s\""), cf->path,
	    "code<TAB>parent<TAB>name_zh<TAB>name_en<TAB>deprecated[<TAB>rank][<TAB>aliases]");
	return -1;
}

/*
 * Check an aliases column: words separated by "|", none empty, none with
 * a blank at either end. 0, or -1 with err.
 */
static int
codefile_aliases(const struct codefile *cf, const char *s, char *err, size_t errlen)
{
	const char *end;
	size_t len;

	if (*s == '\0')
		return 0;
	for (;; s = end + 1) {
		end = strchr(s, '|');
		len = end != NULL ? (size_t)(end - s) : strlen(s);
		if (len == 0) {
			snprintf(err, errlen, _("%s:%d: an empty alias: aliases are words separated "
			    "by \"|\""), cf->path, cf->lineno);
			return -1;
		}
		if (*s == ' ' || s[len - 1] == ' ') {
			snprintf(err, errlen, _("%s:%d: alias \"%.*s\" begins or ends with a space"),
			    cf->path, cf->lineno, (int)len, s);
			return -1;
		}
		if (end == NULL)
			return 0;
	}
}

/* The next code of the file. */
int
codefile_next(struct codefile *cf, struct codefile_entry *e, char *err, size_t errlen)
{
	char *f[CODEFILE_MAX_COLS];
	int rc;

	for (;;) {
		if ((rc = codefile_getline(cf, err, errlen)) < 0)
			return -1;
		if (rc == 0) {
			if (cf->lineno < 3) {
				snprintf(err, errlen, _("%s: not a code list (too short)"), cf->path);
				return -1;
			}
			return 0;
		}
		if (cf->lineno == 3) {
			if (codefile_header(cf, err, errlen) != 0)
				return -1;
			continue;
		}
		if (cf->line[0] == '#' || cf->line[0] == '\0')
			continue;
		if (codefile_split(cf->line, f, cf->ncols) != cf->ncols || *f[0] == '\0' ||
		    *f[2] == '\0' || (strcmp(f[4], "0") != 0 && strcmp(f[4], "1") != 0)) {
			snprintf(err, errlen, _("%s:%d: expected the columns %s, separated by tabs, "
			    "with a code, a Chinese name and deprecated 0 or 1"), cf->path, cf->lineno,
			    cf->columns);
			return -1;
		}
		e->code = f[0];
		e->parent = f[1];
		e->name_zh = f[2];
		e->name_en = f[3];
		e->deprecated = f[4][0] - '0';
		e->rank = cf->rank_col >= 0 ? codefile_rank(f[cf->rank_col]) : -1;
		if (e->rank == -2) {
			snprintf(err, errlen, _("%s:%d: the rank must be empty or a number from 0 to %d"),
			    cf->path, cf->lineno, CODEFILE_RANK_MAX);
			return -1;
		}
		e->aliases = cf->aliases_col >= 0 ? f[cf->aliases_col] : NULL;
		if (e->aliases != NULL && codefile_aliases(cf, e->aliases, err, errlen) != 0)
			return -1;
		return 1;
	}
}
