/*
 * Code lists for spreadsheets: see sheet-codes.h. The memo is a binary
 * tree (tsearch) of entries "Q<US>list<US>code", NUL, answer, NUL, where
 * Q says what was asked: 'v' whether the code is valid (the answer is
 * "1", "0" or "-1"), 'z' its Chinese name, 'e' its English one ("" for a
 * code that has none), 'r' the code a text stands for ("1" and the code,
 * "0" for none, "2" for several).
 */
#include <search.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "store/codes.h"
#include "store/sheet-codes.h"
#include "store/store-int.h"

struct sheet_codes {
	struct store	*st;
	void		*tree;		/* the entries */
	char		**keys;		/* the same, to free them */
	size_t		 n, cap;
};

/* Order of the memo's entries: by their key. */
static int
sheet_codes_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* A memo over the store. */
struct sheet_codes *
sheet_codes_new(struct store *st)
{
	struct sheet_codes *sc = xcalloc(1, sizeof *sc);

	sc->st = st;
	return sc;
}

/* Free the memo. */
void
sheet_codes_free(struct sheet_codes *sc)
{
	size_t i;

	if (sc == NULL)
		return;
	for (i = 0; i < sc->n; i++) {
		tdelete(sc->keys[i], &sc->tree, sheet_codes_cmp);
		free(sc->keys[i]);
	}
	free(sc->keys);
	free(sc);
}

/* The memo's key for question q about a code of list, in a new string with room for more. */
static char *
sheet_codes_key(char q, const char *list, const char *code, size_t more)
{
	size_t ll = strlen(list), cl = strlen(code);
	char *key = xmalloc(2 + ll + 1 + cl + 1 + more);

	/* Built by hand: asked for every code of every row, a format costs more than the rest. */
	key[0] = q;
	key[1] = '\x1f';
	memcpy(key + 2, list, ll);
	key[2 + ll] = '\x1f';
	memcpy(key + 3 + ll, code, cl + 1);
	return key;
}

/* The answer remembered for question q about a code, or NULL if it was not asked yet. */
static const char *
sheet_codes_find(struct sheet_codes *sc, char q, const char *list, const char *code)
{
	char *key = sheet_codes_key(q, list, code, 0), **found;

	found = tfind(key, &sc->tree, sheet_codes_cmp);
	free(key);
	return found != NULL ? *found + strlen(*found) + 1 : NULL;
}

/* Remember the answer to question q about a code; the copy kept. */
static const char *
sheet_codes_keep(struct sheet_codes *sc, char q, const char *list, const char *code,
    const char *answer)
{
	char *key = sheet_codes_key(q, list, code, strlen(answer) + 1);
	size_t len = strlen(key);

	memcpy(key + len + 1, answer, strlen(answer) + 1);
	if (tsearch(key, &sc->tree, sheet_codes_cmp) == NULL)
		fatalx("out of memory");
	if (sc->n == sc->cap) {
		sc->cap = sc->cap > 0 ? sc->cap * 2 : 64;
		sc->keys = xreallocarray(sc->keys, sc->cap, sizeof *sc->keys);
	}
	sc->keys[sc->n++] = key;
	return key + len + 1;
}

/* Whether code is in list, asked of the store once per code. */
int
sheet_codes_check(void *ctx, const char *list, const char *code)
{
	struct sheet_codes *sc = ctx;
	const char *v = sheet_codes_find(sc, 'v', list, code);
	char answer[8];
	int rc;

	if (v != NULL)
		return (int)strtol(v, NULL, 10);
	rc = codes_check(sc->st, list, code);
	snprintf(answer, sizeof answer, "%d", rc);
	sheet_codes_keep(sc, 'v', list, code, answer);
	return rc;
}

/* The code a text stands for, asked of the store once per text. */
int
sheet_codes_resolve(void *ctx, const char *list, const char *text, char *out, size_t outlen)
{
	struct sheet_codes *sc = ctx;
	const char *v = sheet_codes_find(sc, 'r', list, text);
	char answer[80], code[64];
	int rc;

	if (v == NULL) {
		rc = codes_resolve(sc->st, list, text, code, sizeof code);
		snprintf(answer, sizeof answer, "%d%s", rc, rc == 1 ? code : "");
		v = sheet_codes_keep(sc, 'r', list, text, answer);
	}
	if (*v == '1')
		snprintf(out, outlen, "%s", v + 1);
	return *v - '0';
}

/* The closest of the codes a text could stand for, for a message. */
void
sheet_codes_choices(struct sheet_codes *sc, const char *list, const char *text, char *out,
    size_t outlen)
{
	struct code_hit hits[5];
	size_t n, i, used = 0;
	int w;

	out[0] = '\0';
	if (codes_search(sc->st, list, text, hits, sizeof hits / sizeof hits[0], &n) != 0)
		return;
	/* As codes_resolve chooses: among the exact matches if there are any, else among all. */
	for (i = 0; i < n && used < outlen; i++) {
		if (hits[0].match == CODE_MATCH_EXACT && hits[i].match != CODE_MATCH_EXACT)
			break;
		/* A fifth one says there are more. */
		if (i == 4)
			w = snprintf(out + used, outlen - used, ", ...");
		else
			w = snprintf(out + used, outlen - used, "%s%s %s", i > 0 ? ", " : "",
			    hits[i].code, hits[i].name_zh);
		used += w > 0 ? (size_t)w : 0;
	}
}

/* A code's name, asked of the store once per code; a code without one is kept as "". */
const char *
sheet_codes_name(struct sheet_codes *sc, const char *list, const char *code, int chinese)
{
	char q = chinese ? 'z' : 'e', name[256];
	const char *v = sheet_codes_find(sc, q, list, code);

	if (v == NULL) {
		if (codes_name(sc->st, list, code, chinese, name, sizeof name) != 0)
			name[0] = '\0';
		v = sheet_codes_keep(sc, q, list, code, name);
	}
	return *v != '\0' ? v : NULL;
}
