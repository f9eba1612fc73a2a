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
/* The header of a list whose codes have an order (education levels). */
#define CODEFILE_HEADER_RANKED	CODEFILE_HEADER "\trank"
/* The highest rank a code may have. */
#define CODEFILE_RANK_MAX	9999

struct codefile {
	char	*path;
	FILE	*fp;
	int	 lineno;
	char	 list[64];
	char	 version[64];
	int	 ranked;	/* the header has the rank column */
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

/* The next code of the file. */
int
codefile_next(struct codefile *cf, struct codefile_entry *e, char *err, size_t errlen)
{
	char *f[7];
	size_t ncols;
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
			cf->ranked = strcmp(cf->line, CODEFILE_HEADER_RANKED) == 0;
			if (!cf->ranked && strcmp(cf->line, CODEFILE_HEADER) != 0) {
				snprintf(err, errlen, _("%s:3: expected the header \"%s\""), cf->path,
				    "code<TAB>parent<TAB>name_zh<TAB>name_en<TAB>deprecated[<TAB>rank]");
				return -1;
			}
			continue;
		}
		if (cf->line[0] == '#' || cf->line[0] == '\0')
			continue;
		ncols = cf->ranked ? 6 : 5;
		if (codefile_split(cf->line, f, ncols) != ncols || *f[0] == '\0' || *f[2] == '\0' ||
		    (strcmp(f[4], "0") != 0 && strcmp(f[4], "1") != 0)) {
			snprintf(err, errlen, cf->ranked ?
			    _("%s:%d: expected code, parent, Chinese name, English name, 0 or 1 "
			    "and a rank, separated by tabs") :
			    _("%s:%d: expected code, parent, Chinese name, English name "
			    "and 0 or 1, separated by tabs"), cf->path, cf->lineno);
			return -1;
		}
		e->code = f[0];
		e->parent = f[1];
		e->name_zh = f[2];
		e->name_en = f[3];
		e->deprecated = f[4][0] - '0';
		e->rank = cf->ranked ? codefile_rank(f[5]) : -1;
		if (e->rank == -2) {
			snprintf(err, errlen, _("%s:%d: the rank must be empty or a number from 0 to %d"),
			    cf->path, cf->lineno, CODEFILE_RANK_MAX);
			return -1;
		}
		return 1;
	}
}
