/*
 * INI loading on top of iniparser. The file is scanned once here to find
 * what iniparser would reject or hide (BOM, long lines, stray text,
 * duplicates) and to index section and key lines; iniparser then holds the
 * values and only iniparser_getstring() is used to read them.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <iniparser.h>

#include "common/i18n.h"
#include "common/ini.h"
#include "common/xalloc.h"

struct ini_entry {
	char	*section;
	char	*key;		/* NULL for the section header itself */
	int	 line;
};

struct ini {
	char			*path;
	dictionary		*dict;
	struct ini_entry	*entries;
	size_t			 n;
};

static char ini_parser_error[256];

/* iniparser's error callback: keep the first message instead of printing it. */
static int
ini_capture_error(const char *fmt, ...)
{
	va_list ap;

	if (ini_parser_error[0] != '\0')
		return 0;
	va_start(ap, fmt);
	vsnprintf(ini_parser_error, sizeof ini_parser_error, fmt, ap);
	va_end(ap);
	return 0;
}

/* A lower-case copy of the n bytes at s without surrounding white space; caller frees. */
static char *
ini_lower_trim(const char *s, size_t n)
{
	char *p;
	size_t i;

	while (n > 0 && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	p = xstrndup(s, n);
	for (i = 0; p[i] != '\0'; i++)
		p[i] = (char)tolower((unsigned char)p[i]);
	return p;
}

/* The index entry of a section (key NULL) or of a key in it, in any case; NULL if none. */
static struct ini_entry *
ini_find(const struct ini *ini, const char *section, const char *key)
{
	size_t i;

	for (i = 0; i < ini->n; i++) {
		const struct ini_entry *e = &ini->entries[i];

		if (strcasecmp(e->section, section) != 0)
			continue;
		if (key == NULL ? e->key == NULL :
		    (e->key != NULL && strcasecmp(e->key, key) == 0))
			return &ini->entries[i];
	}
	return NULL;
}

/* Adds an entry to the index, taking over the section and key strings. */
static void
ini_append(struct ini *ini, char *section, char *key, int line)
{
	ini->entries = xreallocarray(ini->entries, ini->n + 1, sizeof *ini->entries);
	ini->entries[ini->n].section = section;
	ini->entries[ini->n].key = key;
	ini->entries[ini->n].line = line;
	ini->n++;
}

/* Scan the file for what iniparser mishandles, indexing sections and keys. */
static int
ini_scan(struct ini *ini, FILE *fp, char *err, size_t errlen)
{
	char line[INI_LINE_MAX + 2];
	char *section = xstrdup("");
	int lineno = 0, continued = 0;
	size_t last = 0;	/* bytes iniparser holds of a line continued with "\" */
	char tail = '\0';	/* their last one but blanks */
	long pos = ftell(fp), here;

	while (fgets(line, sizeof line, fp) != NULL) {
		size_t len = strlen(line), t, k;
		char *s, *eq, *key;

		lineno++;
		/* fgets() cannot say where a NUL is: compare with the bytes it read. */
		here = ftell(fp);
		if (pos >= 0 && here >= 0 && (size_t)(here - pos) != len) {
			snprintf(err, errlen, _("%s:%d: line contains a NUL byte; this is not a text file"),
			    ini->path, lineno);
			goto fail;
		}
		pos = here;
		/*
		 * iniparser reads at most INI_LINE_MAX - 1 bytes with the newline,
		 * and a continued line shares that buffer with the lines before it.
		 */
		t = len > 0 && line[len - 1] == '\n' ? len - 1 : len;
		if (last + t > INI_LINE_MAX - 2) {
			snprintf(err, errlen, _("%s:%d: line longer than %d bytes; split it or shorten it"),
			    ini->path, lineno, INI_LINE_MAX - 2);
			goto fail;
		}
		if (lineno == 1 && len >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0) {
			snprintf(err, errlen, _("%s:1: file starts with a byte-order mark; save it as UTF-8 without BOM"),
			    ini->path);
			goto fail;
		}
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		/* Like iniparser: a "\" before trailing blanks continues the line. */
		for (t = len; t > 0 && isspace((unsigned char)line[t - 1]); t--)
			;
		/*
		 * iniparser looks for that "\" at the end of the joined lines: after
		 * a blank line, at the end of what came before the last "\".
		 */
		if (last > 0 && t == 0 && tail == '\\') {
			snprintf(err, errlen, _("%s:%d: a blank line after a line continued with "
			    "\"\\\" that ends in \"\\\" before it"), ini->path, lineno);
			goto fail;
		}
		if (t > 0 && line[t - 1] == '\\') {
			for (k = t - 1; k > 0 && isspace((unsigned char)line[k - 1]); k--)
				;
			if (k > 0 || last == 0)
				tail = k > 0 ? line[k - 1] : '\0';
			last += t - 1;
		} else
			last = 0;
		if (continued) {
			continued = last > 0;
			continue;
		}
		for (s = line; isspace((unsigned char)*s); s++)
			;
		if (*s == '\0')
			continue;
		if (*s == ';' || *s == '#') {
			/* iniparser would join the next line to the comment and lose it. */
			if (last > 0) {
				snprintf(err, errlen, _("%s:%d: a comment ends with \"\\\", which hides the next line"),
				    ini->path, lineno);
				goto fail;
			}
			continue;
		}
		continued = last > 0;
		if (*s == '[') {
			char *end = strchr(s, ']');

			if (end == NULL) {
				snprintf(err, errlen, _("%s:%d: section header \"%s\" has no closing \"]\""),
				    ini->path, lineno, s);
				goto fail;
			}
			/* iniparser takes a line as a header only when it ends in "]". */
			if (line[t - 1] != ']') {
				snprintf(err, errlen, _("%s:%d: section header \"%s\" has text after its "
				    "closing \"]\""), ini->path, lineno, s);
				goto fail;
			}
			free(section);
			section = ini_lower_trim(s + 1, (size_t)(end - s - 1));
			/* iniparser keeps the previous section for "[]": refused, not guessed. */
			if (*section == '\0') {
				snprintf(err, errlen, _("%s:%d: section header \"%s\" has no name"),
				    ini->path, lineno, s);
				goto fail;
			}
			if (ini_find(ini, section, NULL) != NULL) {
				snprintf(err, errlen, _("%s:%d: section [%s] appears twice"),
				    ini->path, lineno, section);
				goto fail;
			}
			ini_append(ini, xstrdup(section), NULL, lineno);
			continue;
		}
		if ((eq = strchr(s, '=')) == NULL) {
			snprintf(err, errlen, _("%s:%d: expected \"key = value\", found \"%s\""),
			    ini->path, lineno, s);
			goto fail;
		}
		key = ini_lower_trim(s, (size_t)(eq - s));
		if (*key == '\0') {
			free(key);
			snprintf(err, errlen, _("%s:%d: a value without a key"), ini->path, lineno);
			goto fail;
		}
		if (ini_find(ini, section, key) != NULL) {
			snprintf(err, errlen, _("%s:%d: key \"%s\" appears twice in [%s]"),
			    ini->path, lineno, key, section);
			free(key);
			goto fail;
		}
		ini_append(ini, xstrdup(section), key, lineno);
	}
	if (ferror(fp)) {
		snprintf(err, errlen, _("%s: cannot read: %s"), ini->path, strerror(errno));
		goto fail;
	}
	/* iniparser drops a line that "\" continues past the end of the file. */
	if (last > 0) {
		snprintf(err, errlen, _("%s:%d: the last line ends with \"\\\", which continues it "
		    "past the end of the file"), ini->path, lineno);
		goto fail;
	}
	free(section);
	return 0;
fail:
	free(section);
	return -1;
}

/* Load and check an INI file. */
struct ini *
ini_load(const char *path, char *err, size_t errlen)
{
	struct ini *ini = xcalloc(1, sizeof *ini);
	FILE *fp;

	ini->path = xstrdup(path);
	if ((fp = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, _("%s: cannot open: %s"), path, strerror(errno));
		goto fail;
	}
	if (ini_scan(ini, fp, err, errlen) != 0) {
		fclose(fp);
		goto fail;
	}
	fclose(fp);
	ini_parser_error[0] = '\0';
	iniparser_set_error_callback(ini_capture_error);
	ini->dict = iniparser_load(path);
	if (ini->dict == NULL) {
		size_t len = strlen(ini_parser_error);

		while (len > 0 && isspace((unsigned char)ini_parser_error[len - 1]))
			ini_parser_error[--len] = '\0';
		snprintf(err, errlen, _("%s: cannot parse: %s"), path,
		    len > 0 ? ini_parser_error : _("unknown error"));
		goto fail;
	}
	return ini;
fail:
	ini_free(ini);
	return NULL;
}

/* Free an INI file's contents. */
void
ini_free(struct ini *ini)
{
	size_t i;

	if (ini == NULL)
		return;
	for (i = 0; i < ini->n; i++) {
		free(ini->entries[i].section);
		free(ini->entries[i].key);
	}
	free(ini->entries);
	if (ini->dict != NULL)
		iniparser_freedict(ini->dict);
	free(ini->path);
	free(ini);
}

/* The file the INI was loaded from. */
const char *
ini_path(const struct ini *ini)
{
	return ini->path;
}

/* Value of section:key, or NULL. */
const char *
ini_get(const struct ini *ini, const char *section, const char *key)
{
	char full[512];

	if (ini_find(ini, section, key) == NULL)
		return NULL;
	if ((size_t)snprintf(full, sizeof full, "%s:%s", section, key) >= sizeof full)
		return NULL;
	return iniparser_getstring(ini->dict, full, NULL);
}

/* Line number of section:key, or 0. */
int
ini_line(const struct ini *ini, const char *section, const char *key)
{
	const struct ini_entry *e = ini_find(ini, section, key);

	return e != NULL ? e->line : 0;
}

/* Number of sections. */
size_t
ini_nsections(const struct ini *ini)
{
	size_t i, n = 0;

	for (i = 0; i < ini->n; i++)
		if (ini->entries[i].key == NULL)
			n++;
	return n;
}

/* The index entry of the idx-th section, or NULL. */
static const struct ini_entry *
ini_nth_section(const struct ini *ini, size_t idx)
{
	size_t i, n = 0;

	for (i = 0; i < ini->n; i++)
		if (ini->entries[i].key == NULL && n++ == idx)
			return &ini->entries[i];
	return NULL;
}

/* Name of the idx-th section, or NULL. */
const char *
ini_section(const struct ini *ini, size_t idx)
{
	const struct ini_entry *e = ini_nth_section(ini, idx);

	return e != NULL ? e->section : NULL;
}

/* Line of the idx-th section header, or 0. */
int
ini_section_line(const struct ini *ini, size_t idx)
{
	const struct ini_entry *e = ini_nth_section(ini, idx);

	return e != NULL ? e->line : 0;
}

/* Number of keys in a section. */
size_t
ini_nkeys(const struct ini *ini, const char *section)
{
	size_t i, n = 0;

	for (i = 0; i < ini->n; i++)
		if (ini->entries[i].key != NULL &&
		    strcasecmp(ini->entries[i].section, section) == 0)
			n++;
	return n;
}

/* Name of the idx-th key of a section, or NULL. */
const char *
ini_key(const struct ini *ini, const char *section, size_t idx)
{
	size_t i, n = 0;

	for (i = 0; i < ini->n; i++)
		if (ini->entries[i].key != NULL &&
		    strcasecmp(ini->entries[i].section, section) == 0 && n++ == idx)
			return ini->entries[i].key;
	return NULL;
}

/* The first key of a section missing from the list of known ones. */
const char *
ini_unknown_key(const struct ini *ini, const char *section, const char *const *known)
{
	const char *key;
	const char *const *k;
	size_t i;

	for (i = 0; (key = ini_key(ini, section, i)) != NULL; i++) {
		for (k = known; *k != NULL && strcmp(key, *k) != 0; k++)
			;
		if (*k == NULL)
			return key;
	}
	return NULL;
}

/* Parses a decimal number between min and max. */
int
ini_number(const char *v, long min, long max, long *out)
{
	char *end;
	long n;

	if (v == NULL || *v == '\0')
		return -1;
	errno = 0;
	n = strtol(v, &end, 10);
	if (*end != '\0' || errno != 0 || n < min || n > max)
		return -1;
	*out = n;
	return 0;
}
