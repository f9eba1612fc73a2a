/*
 * The seekers' name index (seeker_name_gram): every one- and two-character
 * piece of each live seeker's name, so that a search for any part of a
 * Chinese name is an index lookup. Kept in step by every write of a name,
 * gathered and written in the index's order for a pulled page, built
 * anew at the end of a first sync's bulk load.
 */
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "store/store-int.h"

/* One piece of a name in the name index (seeker_grams and the batches). */
static const char insert_gram[] =
    "INSERT OR IGNORE INTO seeker_name_gram (gram, name, rid) VALUES (?, ?, ?)";

/*
 * Add (or, with add == 0, remove) the index rows of every one- and
 * two-character piece of a name, each keyed by the full name.
 */
static int
seeker_grams(struct store *st, long long rid, const char *name, int add)
{
	static const char delete_gram[] =
	    "DELETE FROM seeker_name_gram WHERE gram = ? AND name = ? AND rid = ?";
	sqlite3_stmt *stmt = st_cached(st, add ? insert_gram : delete_gram);
	const char *p = name, *prev = NULL;
	int rc = 0;

	/* The pieces point into name, which outlives every step: nothing is copied. */
	sqlite3_bind_text(stmt, 2, name, -1, SQLITE_STATIC);
	st_bind_int(stmt, 3, rid);
	while (*p != '\0' && rc == 0) {
		const char *next = p + 1;
		int pass;

		while ((*next & 0xc0) == 0x80)
			next++;
		for (pass = 0; pass < 2 && rc == 0; pass++) {
			const char *from = pass == 0 ? p : prev;

			if (from == NULL)
				continue;
			sqlite3_bind_text(stmt, 1, from, (int)(next - from), SQLITE_STATIC);
			rc = sqlite3_step(stmt) == SQLITE_DONE ? 0 : -1;
			sqlite3_reset(stmt);
		}
		prev = p;
		p = next;
	}
	sqlite3_clear_bindings(stmt);
	return rc;
}

/* Index a seeker's name for substring search, replacing the old name's rows (NULL: none). */
int
seeker_index_name(struct store *st, const char *id, const char *old_name, const char *name)
{
	static const char find_rid[] = "SELECT rid FROM seeker WHERE id = ?";
	sqlite3_stmt *stmt = st_cached(st, find_rid);
	long long rid;
	int rc;

	st_bind_text(stmt, 1, id);
	rc = sqlite3_step(stmt);
	rid = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	if (rc != SQLITE_ROW)
		return -1;
	return seeker_index_name_rid(st, rid, old_name, name);
}

/*
 * In a batch (an import), a new seeker's pieces wait for the batch's
 * commit, to be written in the index's order with the others; a change of
 * a name writes those waiting first, so that what it removes is there.
 */
int
seeker_index_name_rid(struct store *st, long long rid, const char *old_name, const char *name)
{
	if (st->batch && old_name == NULL && name != NULL) {
		seeker_gram_batch_add(st->batch_grams, rid, name);
		return 0;
	}
	if (st->batch && seeker_gram_batch_write(st, st->batch_grams) != 0)
		return -1;
	if (old_name != NULL && seeker_grams(st, rid, old_name, 0) != 0)
		return -1;
	return name != NULL ? seeker_grams(st, rid, name, 1) : 0;
}

/* The rows of a gram batch sort as the index keeps them: gram, name, rid. */
static int
seeker_gram_cmp(const void *a, const void *b)
{
	const struct gram_row *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->gram, y->gram, n);

	if (c == 0 && x->len != y->len)
		c = x->len < y->len ? -1 : 1;
	if (c == 0)
		c = strcmp(x->name, y->name);
	if (c == 0 && x->rid != y->rid)
		c = x->rid < y->rid ? -1 : 1;
	return c;
}

/*
 * The names are copied one after the other into the batch's text, and
 * rows hold offsets into it until the batch is written (the text may
 * move as it grows). Both are kept for the next batch: a whole district's
 * names go through one batch a chunk at a time, and memory freed and
 * asked for again chunk after chunk would be scattered among the
 * database's own pages and never given back.
 */
void
seeker_gram_batch_add(struct gram_batch *b, long long rid, const char *name)
{
	size_t at = b->text.len, i, k, prev = 0;
	int first = 1;

	if (*name == '\0')
		return;
	buf_add(&b->text, name, strlen(name) + 1);
	for (i = 0; name[i] != '\0'; first = 0, prev = i, i += k) {
		int pass;

		for (k = 1; (name[i + k] & 0xc0) == 0x80; k++)
			;
		for (pass = 0; pass < 2; pass++) {
			size_t from = pass == 0 ? i : prev;

			if (pass == 1 && first)
				continue;
			if (b->n == b->cap) {
				b->cap = b->cap ? 2 * b->cap : 1024;
				b->rows = xreallocarray(b->rows, b->cap, sizeof *b->rows);
			}
			b->rows[b->n++] = (struct gram_row){ .gram_at = at + from,
			    .len = i + k - from, .name_at = at, .rid = rid };
		}
	}
}

/*
 * Written in key order, each insert lands next to the one before in the
 * index, on a page already in the cache: a first sync adds some 4,000
 * pieces a page, which scattered would each reach for a page of their own.
 */
int
seeker_gram_batch_write(struct store *st, struct gram_batch *b)
{
	sqlite3_stmt *stmt;
	size_t i;
	int rc = 0;

	if (b->n == 0)
		return 0;
	for (i = 0; i < b->n; i++) {
		b->rows[i].gram = b->text.data + b->rows[i].gram_at;
		b->rows[i].name = b->text.data + b->rows[i].name_at;
	}
	qsort(b->rows, b->n, sizeof *b->rows, seeker_gram_cmp);
	stmt = st_cached(st, insert_gram);
	for (i = 0; i < b->n && rc == 0; i++) {
		sqlite3_bind_text(stmt, 1, b->rows[i].gram, (int)b->rows[i].len, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, b->rows[i].name, -1, SQLITE_STATIC);
		st_bind_int(stmt, 3, b->rows[i].rid);
		rc = sqlite3_step(stmt) == SQLITE_DONE ? 0 : -1;
		sqlite3_reset(stmt);
	}
	sqlite3_clear_bindings(stmt);
	b->n = 0;
	buf_reset(&b->text);
	return rc;
}

/*
 * Seekers whose name pieces are gathered and written at a time by
 * seeker_names_reindex: some 90,000 pieces, 8 MB with the sort's own.
 * 50,000 took 17 MB at the end of a first sync, over the low-spec
 * terminal's 32 MB with the rest, and were no faster on a district.
 */
#define REINDEX_CHUNK	20000

/*
 * Build the name index of every live seeker anew, chunk by chunk, each
 * chunk's pieces written in the index's order: memory stays that of one
 * chunk (a few megabytes), and each chunk passes over the index once
 * instead of reaching for a page per piece.
 */
int
seeker_names_reindex(struct store *st)
{
	struct gram_batch b = GRAM_BATCH_INIT;
	sqlite3_stmt *stmt;
	long long last = 0;
	int n, rc;

	if (st_exec(st, "DELETE FROM seeker_name_gram") != 0)
		return -1;
	stmt = st_prepare(st, "SELECT rid, name FROM seeker WHERE deleted = 0 AND rid > ? "
	    "ORDER BY rid LIMIT ?");
	do {
		st_bind_int(stmt, 1, last);
		st_bind_int(stmt, 2, REINDEX_CHUNK);
		for (n = 0; (rc = sqlite3_step(stmt)) == SQLITE_ROW; n++) {
			last = sqlite3_column_int64(stmt, 0);
			seeker_gram_batch_add(&b, last, st_column_text(stmt, 1));
		}
		sqlite3_reset(stmt);
		if (rc != SQLITE_DONE || seeker_gram_batch_write(st, &b) != 0)
			rc = -1;
	} while (rc != -1 && n == REINDEX_CHUNK);
	sqlite3_finalize(stmt);
	seeker_gram_batch_free(&b);
	return rc == -1 ? -1 : 0;
}

void
seeker_gram_batch_free(struct gram_batch *b)
{
	free(b->rows);
	buf_free(&b->text);
	memset(b, 0, sizeof *b);
}

