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

/* How well a code matched what the clerk typed, closest first. */
enum code_match {
	CODE_MATCH_EXACT,	/* the whole code, a whole name or an alias */
	CODE_MATCH_START,	/* a code, a name or an alias starts with the text */
	CODE_MATCH_PART,	/* a name or an alias holds the text */
	CODE_MATCH_ALL,		/* nothing typed: every code */
};

struct code_hit {
	char	code[24];
	char	parent[24];
	char	name_zh[96];
	char	name_en[128];
	int	deprecated;
	enum code_match match;
	char	aliases[256];	/* "a|b", "" for none */
};

/*
 * Which codes a picker lists first among those that match: the codes of
 * a level of the list's tree, told by the length of their codes as the
 * standards write them (the region list's districts have 6 digits, its
 * streets 9), and among them the codes directly under one code (the
 * streets of the district chosen).
 */
struct code_prefer {
	size_t		 len_max;	/* codes at most this long first; 0 for any */
	size_t		 len_min;	/* codes at least this long first; 0 for any */
	const char	*under;		/* codes whose parent this is first; NULL for none */
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
 * Codes of a list matching what the clerk typed: a code by its start, a
 * Chinese or English name (any case) or an alias by its whole, its start
 * or a part; deprecated codes left out. Up to max hits, the closer
 * matches first: exact, then starting with the text, then holding it;
 * among equals the shorter codes (higher in the standards' trees: 110105
 * 朝阳区 before 110101007 朝阳门街道), then by code. Nothing typed lists
 * the codes in their order.
 */
int	codes_search(struct store *, const char *list, const char *query, struct code_hit *,
	    size_t max, size_t *n);
/* codes_search() with the codes prefer names first (NULL: none), before the closeness. */
int	codes_search_prefer(struct store *, const char *list, const char *query,
	    const struct code_prefer *, struct code_hit *, size_t max, size_t *n);
/*
 * The one code that what the clerk typed stands for: the only code whose
 * code, name or alias it is whole, or else the only code it matches at
 * all. 1 with the code in out, 2 if there is a real choice (several
 * codes match), 0 if nothing matches.
 */
int	codes_resolve(struct store *, const char *list, const char *query, char *out,
	    size_t outlen);
/*
 * codes_resolve() as the resolver of core/fieldcheck (a
 * fieldcheck_resolve_cb): store is the struct store.
 */
int	codes_resolve_cb(void *store, const char *list, const char *query, char *out,
	    size_t outlen);
/* The version of a loaded list into out; -1 if not loaded. */
int	codes_version(struct store *, const char *list, char *out, size_t outlen);

#endif
