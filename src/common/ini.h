/*
 * INI files (configuration and form definitions) read with iniparser 4.1,
 * guarded against its quirks: a BOM, a line over its 1024-byte limit or a
 * syntax error is reported with file and line before iniparser sees the
 * file; duplicate keys are refused instead of silently overridden; every
 * key remembers its line so that a bad value can be reported precisely.
 * Only iniparser's string getter is used (CVE-2023-33461 is unpatched in
 * Debian 12's 4.1). Sections and keys are case-insensitive.
 */
#ifndef JOBDESK_INI_H
#define JOBDESK_INI_H

#include <stddef.h>

/* iniparser's line buffer; a longer line makes it reject the whole file. */
#define INI_LINE_MAX	1024

struct ini;

/* Load path; NULL with "FILE:LINE: problem" in err when it cannot be used. Free with ini_free(). */
struct ini	*ini_load(const char *path, char *err, size_t errlen);
void		 ini_free(struct ini *);
const char	*ini_path(const struct ini *);
/* Value of section:key, NULL when absent. Points into the ini. */
const char	*ini_get(const struct ini *, const char *section, const char *key);
/* Line of section:key in the file (key NULL: the section's own line), 0 when absent. */
int		 ini_line(const struct ini *, const char *section, const char *key);
/* Sections in file order, and keys of a section in file order. */
size_t		 ini_nsections(const struct ini *);
const char	*ini_section(const struct ini *, size_t);
int		 ini_section_line(const struct ini *, size_t);
size_t		 ini_nkeys(const struct ini *, const char *section);
const char	*ini_key(const struct ini *, const char *section, size_t);
/* The first key of section that is not one of known (NULL-terminated), or NULL if none. */
const char	*ini_unknown_key(const struct ini *, const char *section, const char *const *known);
/* A decimal whole number from min to max into *out: 0, or -1 when v (NULL, empty) is not one. */
int		 ini_number(const char *v, long min, long max, long *out);

#endif
