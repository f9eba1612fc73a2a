/*
 * Code lists (统一标准): regions, occupations, industries, education,
 * categories... loaded from the .tsv files in db/codes into the database on first use
 * and whenever a file's version changes. A code is never deleted: one
 * missing from a newer file is marked deprecated.
 */
#ifndef JOBDESK_CODES_H
#define JOBDESK_CODES_H

#include <stddef.h>

struct store;

struct code_hit {
	char	code[24];
	char	parent[24];
	char	name_zh[96];
	char	name_en[128];
	int	deprecated;
};

/* Load every list file in dir whose version is new; 0, or -1 with "FILE:LINE: problem". */
int	codes_load_dir(struct store *, const char *dir, char *err, size_t errlen);
/* Load one list file; 1 if loaded, 0 if that version was already there, -1 with err. */
int	codes_load_file(struct store *, const char *path, char *err, size_t errlen);
/* 1 if the code is in the list and not deprecated, 0 if not, -1 if the list is unknown. */
int	codes_valid(struct store *, const char *list, const char *code);
/*
 * codes_valid() as the code-list check of core/fieldcheck (a
 * fieldcheck_code_cb): store is the struct store.
 */
int	codes_check(void *store, const char *list, const char *code);
/* The name of a code in the clerk's language into out; 0, or -1 if unknown. */
int	codes_name(struct store *, const char *list, const char *code, int chinese, char *out,
	    size_t outlen);
/*
 * Codes of a list matching what the clerk typed: a code prefix or a part of
 * the Chinese or English name; deprecated codes left out. Up to max hits.
 */
int	codes_search(struct store *, const char *list, const char *query, struct code_hit *,
	    size_t max, size_t *n);
/* The version of a loaded list into out; -1 if not loaded. */
int	codes_version(struct store *, const char *list, char *out, size_t outlen);

#endif
