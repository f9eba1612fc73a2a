/*
 * What the sync protocol's messages have in common: stamps, the tables
 * they carry, freeing a push and a push reply. Decoding is in
 * wire-decode.c (and wire-page.c for pull pages), encoding in
 * wire-encode.c (and wire-page.c), the checks and reasons of members in
 * wire-member.c.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/fields.h"
#include "core/kind.h"
#include "wire/wire.h"

/* Free a push's changes, their field sets and texts. */
void
wire_push_free(struct wire_push *p)
{
	size_t i;

	if (p->changes != NULL)
		for (i = 0; i < p->n; i++) {
			fields_free(&p->changes[i].fields);
			fields_free(&p->changes[i].base);
			free(p->changes[i].fields_text);
			free(p->changes[i].base_text);
		}
	free(p->changes);
	p->changes = NULL;
	p->n = 0;
}

/* Free a push reply's refusals. */
void
wire_push_reply_free(struct wire_push_reply *r)
{
	free(r->rejected);
	r->rejected = NULL;
	r->nrejected = 0;
}

/* --- Stamps and tables --- */

/* "%016x:terminal": fixed width, so strcmp orders by clock, then by terminal. */
void
wire_stamp(uint64_t hlc, const char *terminal, char out[WIRE_STAMP_LEN + 1])
{
	snprintf(out, WIRE_STAMP_LEN + 1, "%016" PRIx64 ":%s", hlc, terminal);
}

/* strcmp order; NULL counts as "" (no stamp), which is before every stamp. */
int
wire_stamp_cmp(const char *a, const char *b)
{
	int r = strcmp(a != NULL ? a : "", b != NULL ? b : "");

	return (r > 0) - (r < 0);
}

/* A table of a kind that terminals push (kind.h: KF_PUSH). */
int
wire_pushable_table(const char *tbl)
{
	const struct kind *k = kind_find(tbl);

	return k != NULL && (k->flags & KF_PUSH);
}

/* A table of a kind whose records are inserted once (kind.h: KIND_MERGE_APPEND). */
int
wire_append_only_table(const char *tbl)
{
	const struct kind *k = kind_find(tbl);

	return k != NULL && k->merge == KIND_MERGE_APPEND;
}
