/*
 * Pull pages: the biggest message by far (a first full sync is dozens of
 * pages of megabytes each, mostly field sets), and the records in them,
 * both ways. A record is written and read the same way in a page and
 * alone (wire_record_encode, wire_record_decode).
 *
 * Writing: the server's field sets come as the JSON texts its database
 * holds and are pasted, never taken apart and built again.
 *
 * Reading: a page is not parsed into a tree and copied out of it again:
 * jscan takes it token by token, and a walker like wire-decode.c's, over
 * member tables like its own, writes straight into the records. The text
 * is copied once and its strings are decoded in place, so the field sets
 * point into that copy (the arena) instead of owning a copy of each key
 * and value. Members come in any order: each is checked as it comes, but
 * for the record's members marked .after (the key's form depends on the
 * table), and what is missing when an object ends is found in the table's
 * order. The checks and the reasons are wire-member.c's, as for the
 * other messages; a page's JSON errors are the scanner's, met in the
 * text's order.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/fields.h"
#include "common/xalloc.h"
#include "core/kind.h"
#include "wire/fields-json.h"
#include "wire/jscan.h"
#include "wire/wire-int.h"
#include "wire/wire.h"

#define PAGE_SLOTS	256	/* key and value pointers an arena has room for at least */
/*
 * Bytes of a page's text per pointer an arena has room for at first: a
 * field of a record takes some 30 bytes of text ("key":"value",) and two
 * pointers, so most pages fit and need no further block.
 */
#define PAGE_TEXT_PER_SLOT	16

/* A further block of pointers, when a page has more fields than its arena had room for. */
struct page_slots {
	struct page_slots	*next;
	char			*slot[];
};

/*
 * A decoded page's strings and the key and value pointers its field sets
 * hold, which never move once handed out. One allocation holds the
 * arena, room for the pointers of a page of that size, and the text: a
 * page costs one allocation of about its size, which the allocator keeps
 * for the next page instead of handing it back and faulting it in again.
 */
struct wire_arena {
	char			*text;		/* the page's text, its strings decoded in place */
	size_t			 len;
	char			**slot;		/* the block being filled: the arena's own, then more */
	size_t			 used, cap;
	struct page_slots	*more;		/* the further blocks, newest first */
};

/* A page or a record being decoded. */
struct page {
	struct wctx		*c;
	struct jscan		 js;
	struct wire_arena	*arena;
};

/* What a member of an object being scanned leaves for the object's end. */
struct page_taken {
	char	*s;		/* an .after string: its value, checked then */
	size_t	 len;
	size_t	 longest;	/* a field set: its longest value */
};

static int	page_object(struct page *, const char *path, const struct member_object *,
		    void *obj, const void *up, size_t index, int root);

/* --- The messages --- */

/* One record: its table first in a page from jobdeskd, but in any order. */
static const struct member page_record_members[] = {
	{ .name = "tbl", .type = MT_TABLE, AT(struct wire_record, tbl), .after = 1 },
	{ .name = "key", .type = MT_KEY, AT(struct wire_record, key), .minlen = 1, .after = 1 },
	{ .name = "deleted", .type = MT_BOOL, AT(struct wire_record, deleted) },
	{ .name = "replaced_by", .type = MT_IDOPT, AT(struct wire_record, replaced_by),
	  .after = 1 },
	{ .name = "fields", .type = MT_FIELDS, AT(struct wire_record, fields),
	  .limit = WIRE_MAX_VALUE, .documents = 1 },
	{ .name = "stamps", .type = MT_STAMPS, AT(struct wire_record, stamps), .any = 1 },
	{ .name = "authors", .type = MT_FIELDS, AT(struct wire_record, authors),
	  .limit = WIRE_LOGIN_LEN - 1, .any = 1, .optional = 1 },
};
static const struct member_object page_record = { MEMBERS(page_record_members) };

/* The answer to a pull. */
static const struct member page_reply_members[] = {
	{ .name = "v", .type = MT_VERSION },
	{ .name = "cursor", .type = MT_STRING, AT(struct wire_pull_reply, cursor),
	  .chars = MC_PRINTABLE },
	{ .name = "more", .type = MT_BOOL, AT(struct wire_pull_reply, more) },
	{ .name = "reset", .type = MT_BOOL, AT(struct wire_pull_reply, reset) },
	{ .name = "remaining", .type = MT_INT, AT(struct wire_pull_reply, remaining), .min = -1,
	  .max = LONG_MAX },
	{ .name = "hlc", .type = MT_INT, AT(struct wire_pull_reply, hlc), .min = 1,
	  .max = LLONG_MAX },
	{ .name = "records", .type = MT_ARRAY, .at = offsetof(struct wire_pull_reply, records),
	  .count_at = offsetof(struct wire_pull_reply, n), .elem_size = sizeof(struct wire_record),
	  .max = WIRE_MAX_RECORDS, .noun = "records", .sub = &page_record },
	{ .name = "held", .type = MT_INT, AT(struct wire_pull_reply, held), .max = LONG_MAX,
	  .optional = 1 },
	{ .name = "scope", .type = MT_TEXT, AT(struct wire_pull_reply, scope), .minlen = 1,
	  .optional = 1 },
};
static const struct member_object page_reply = { MEMBERS(page_reply_members) };

/* --- The arena --- */

/* A new arena holding a copy of the len bytes of text, ended by a NUL. */
static struct wire_arena *
page_arena_new(const char *text, size_t len)
{
	size_t cap = len / PAGE_TEXT_PER_SLOT > PAGE_SLOTS ? len / PAGE_TEXT_PER_SLOT : PAGE_SLOTS;
	struct wire_arena *a;

	/* The pointers first: after the struct they are aligned. */
	a = xmalloc(sizeof *a + cap * sizeof a->slot[0] + len + 1);
	a->slot = (char **)(void *)(a + 1);
	a->used = 0;
	a->cap = cap;
	a->more = NULL;
	a->text = (char *)(a->slot + cap);
	if (len > 0)
		memcpy(a->text, text, len);
	a->text[len] = '\0';
	a->len = len;
	return a;
}

/* Wipe and free an arena; NULL is nothing. */
static void
page_arena_free(struct wire_arena *a)
{
	struct page_slots *s, *next;

	if (a == NULL)
		return;
	/* Values may be passwords, as in fields_free(). */
	explicit_bzero(a->text, a->len);
	for (s = a->more; s != NULL; s = next) {
		next = s->next;
		free(s);
	}
	free(a);
}

/* n pointers in a row from the arena; a further block, twice the last, when it is full. */
static char **
page_slots(struct wire_arena *a, size_t n)
{
	struct page_slots *s;

	if (a->cap - a->used < n) {
		a->cap = 2 * a->cap > n ? 2 * a->cap : n;
		s = xmalloc(sizeof *s + a->cap * sizeof s->slot[0]);
		s->next = a->more;
		a->more = s;
		a->slot = s->slot;
		a->used = 0;
	}
	a->used += n;
	return a->slot + a->used - n;
}

/* Give a field set pointing into an arena copies of its own, for fields_free(). */
static void
page_fields_own(struct fields *f)
{
	char **keys = f->keys, **values = f->values;
	size_t i;

	if (f->n == 0) {
		fields_init(f);
		return;
	}
	f->keys = xcalloc(f->n, sizeof *f->keys);
	f->values = xcalloc(f->n, sizeof *f->values);
	f->cap = 0;
	for (i = 0; i < f->n; i++) {
		f->keys[i] = xstrdup(keys[i]);
		f->values[i] = xstrdup(values[i]);
	}
}

/* --- Tokens --- */

/* The scanner's error as the reason; -1. */
static int
page_json_fail(struct page *pg)
{
	return member_fail(pg->c, "", NULL, "invalid JSON at byte %zu: %s", pg->js.errpos,
	    pg->js.err);
}

/* A member named twice in one object, refused as jansson refuses it elsewhere; -1. */
static int
page_duplicate(struct page *pg, const char *key)
{
	char q[QUOTE_MAX + 4];

	return member_fail(pg->c, "", NULL, "invalid JSON at byte %zu: duplicate key \"%s\"",
	    jscan_pos(&pg->js), member_quote(key, q));
}

/* Whether the next value is of the JSON type of member type t; else -1 with a reason. */
static int
page_want(struct page *pg, const char *path, const char *name, enum member_type t)
{
	enum jscan_kind want, got;

	switch (t) {
	case MT_VERSION:
	case MT_INT:
		want = JSCAN_NUMBER;
		break;
	case MT_BOOL:
		want = JSCAN_BOOL;
		break;
	case MT_FIELDS:
	case MT_STAMPS:
	case MT_OBJECT:
		want = JSCAN_OBJECT;
		break;
	case MT_ARRAY:
		want = JSCAN_ARRAY;
		break;
	default:
		want = JSCAN_STRING;
		break;
	}
	if ((got = jscan_peek(&pg->js)) == JSCAN_BAD)
		return page_json_fail(pg);
	if (got != want)
		return member_fail(pg->c, path, name, "expected %s", member_type_name(t));
	return 0;
}

/*
 * A hash of a field key from its length and four of its bytes, enough to
 * tell most keys of a set apart without comparing every pair.
 */
static uint32_t
page_key_hash(const char *key, size_t len)
{
	const unsigned char *k = (const unsigned char *)key;
	uint64_t x;

	if (len == 0)
		return 0;
	x = (uint64_t)len | (uint64_t)k[0] << 16 | (uint64_t)k[len / 2] << 24 |
	    (uint64_t)k[len > 1 ? len - 2 : 0] << 32 | (uint64_t)k[len - 1] << 40;
	return (uint32_t)(x * 0x9e3779b97f4a7c15ULL >> 32);
}

/* Skip the rest of an object of which n members are counted, counting them; 0 or -1. */
static int
page_count_members(struct page *pg, size_t *n)
{
	char *key;
	size_t len;
	int r;

	if (jscan_skip(&pg->js) != 0)
		return -1;
	while ((r = jscan_member(&pg->js, n, &key, &len)) == 1)
		if (jscan_skip(&pg->js) != 0)
			return -1;
	return r;
}

/* --- The walker --- */

/*
 * The field set of member m at the next value, an object (page_take has
 * seen to that): field keys, string values
 * of at most limit bytes (stamps or "" for MT_STAMPS). Its keys then its
 * values go to slots of the arena; *longest is its longest value.
 */
static int
page_fields(struct page *pg, struct member_walk *w, const struct member *m, size_t limit,
    size_t *longest)
{
	struct fields *f = (struct fields *)(void *)((char *)w->obj + m->at);
	char *keys[WIRE_MAX_FIELDS], *values[WIRE_MAX_FIELDS], *key, *v, **slots;
	uint32_t hashes[WIRE_MAX_FIELDS], h;
	uint64_t seen[4] = { 0, 0, 0, 0 };
	size_t n = 0, count = 0, klen, vlen, k;
	enum jscan_kind kind;
	int r;

	*longest = 0;
	while ((r = jscan_member(&pg->js, &count, &key, &klen)) == 1) {
		/* A bit per hash's top byte: most keys are new at a glance. */
		h = page_key_hash(key, klen);
		if (seen[h >> 30] & (uint64_t)1 << (h >> 24 & 63)) {
			for (k = 0; k < n; k++)
				if (hashes[k] == h && strcmp(keys[k], key) == 0)
					return page_duplicate(pg, key);
		}
		seen[h >> 30] |= (uint64_t)1 << (h >> 24 & 63);
		if (n == WIRE_MAX_FIELDS) {
			if (page_count_members(pg, &count) != 0)
				return page_json_fail(pg);
			return member_fail(pg->c, w->path, m->name, "%zu fields, at most %d", count,
			    WIRE_MAX_FIELDS);
		}
		if (member_field_key(pg->c, w->path, m, key, klen) != 0)
			return -1;
		if ((kind = jscan_peek(&pg->js)) == JSCAN_BAD)
			return page_json_fail(pg);
		if (kind != JSCAN_STRING)
			return member_fail_in(pg->c, w->path, m->name, key, "expected a string");
		if (jscan_string(&pg->js, &v, &vlen) != 0)
			return page_json_fail(pg);
		if (member_field_value(pg->c, w->path, m, key, v, vlen, limit) != 0)
			return -1;
		if (vlen > *longest)
			*longest = vlen;
		keys[n] = key;
		values[n] = v;
		hashes[n] = h;
		n++;
	}
	if (r < 0)
		return page_json_fail(pg);
	f->n = n;
	if (n > 0) {
		slots = page_slots(pg->arena, 2 * n);
		memcpy(slots, keys, n * sizeof *keys);
		memcpy(slots + n, values, n * sizeof *values);
		f->keys = slots;
		f->values = slots + n;
		f->cap = 0;
	}
	return 0;
}

/* Why a record of a page that is neither an object nor an entry is refused. */
static const char page_not_record[] = "expected an object, or an identity index entry "
    "[key, deleted, replaced_by, [values]]";

/*
 * A compact identity index entry at the next value, an array (jobdesk-
 * sync(7), "Compact entries"): [key, deleted, replaced_by, [values]], the
 * values those of the identity kind's columns in their order, a string or
 * null (no such field). Into rec as the object it stands for would be,
 * through the same members' checks; its field set's keys are the kind's
 * column names, which outlive the page.
 */
static int
page_entry(struct page *pg, const char *path, struct wire_record *rec, const void *up,
    size_t index)
{
	static const char *const what[] = { "key", "deleted", "replaced_by", "values" };
	const struct kind *k = kind_get(KIND_IDENTITY);
	const struct member *mfields = &page_record_members[4];
	struct member_walk w = { .c = pg->c, .path = path, .obj = rec, .up = up, .index = index };
	char *keys[WIRE_MAX_FIELDS], *values[WIRE_MAX_FIELDS], *s, **slots;
	size_t count = 0, vcount, len, n = 0, limit;
	enum jscan_kind kind;
	int r, b;

	if (k->ncols > WIRE_MAX_FIELDS)
		fatalx("wire: an identity index of %zu columns", k->ncols);
	if (member_take_string(&w, &page_record_members[0], k->name, strlen(k->name)) != 0)
		return -1;
	limit = member_value_limit(mfields, k);
	while ((r = jscan_element(&pg->js, &count)) == 1) {
		if (count > 4) {
			if (jscan_skip(&pg->js) != 0)
				return page_json_fail(pg);
			continue;
		}
		if ((kind = jscan_peek(&pg->js)) == JSCAN_BAD)
			return page_json_fail(pg);
		if (count == 2) {
			if (kind != JSCAN_BOOL)
				return member_fail(pg->c, path, what[1], "expected a boolean");
			if (jscan_bool(&pg->js, &b) != 0)
				return page_json_fail(pg);
			member_take_bool(&w, &page_record_members[2], b);
			continue;
		}
		if (count == 4) {
			if (kind != JSCAN_ARRAY)
				return member_fail(pg->c, path, what[3], "expected an array");
			vcount = 0;
			while ((r = jscan_element(&pg->js, &vcount)) == 1) {
				if (vcount > k->ncols) {
					if (jscan_skip(&pg->js) != 0)
						return page_json_fail(pg);
					continue;
				}
				if ((kind = jscan_peek(&pg->js)) == JSCAN_BAD)
					return page_json_fail(pg);
				if (kind == JSCAN_NULL) {
					if (jscan_skip(&pg->js) != 0)
						return page_json_fail(pg);
					continue;
				}
				if (kind != JSCAN_STRING)
					return member_fail_in(pg->c, path, "values",
					    k->cols[vcount - 1].name, "expected a string or null");
				if (jscan_string(&pg->js, &s, &len) != 0)
					return page_json_fail(pg);
				if (member_field_value(pg->c, path, mfields, k->cols[vcount - 1].name,
				    s, len, limit) != 0)
					return -1;
				keys[n] = (char *)(uintptr_t)k->cols[vcount - 1].name;
				values[n++] = s;
			}
			if (r < 0)
				return page_json_fail(pg);
			if (vcount != k->ncols)
				return member_fail(pg->c, path, what[3], "%zu values, expected %zu",
				    vcount, k->ncols);
			continue;
		}
		/* The key (count 1) and replaced_by (3): strings, checked as a record's. */
		if (kind != JSCAN_STRING && count == 1)
			return member_fail(pg->c, path, NULL, "%s", page_not_record);
		if (kind != JSCAN_STRING)
			return member_fail(pg->c, path, what[count - 1], "expected a string");
		if (jscan_string(&pg->js, &s, &len) != 0)
			return page_json_fail(pg);
		if (member_take_string(&w, &page_record_members[count == 1 ? 1 : 3], s, len) != 0)
			return -1;
	}
	if (r < 0)
		return page_json_fail(pg);
	if (count == 0)
		return member_fail(pg->c, path, NULL, "%s", page_not_record);
	if (count != 4)
		return member_fail(pg->c, path, NULL, "an identity index entry of %zu items, "
		    "expected 4", count);
	if (n > 0) {
		slots = page_slots(pg->arena, 2 * n);
		memcpy(slots, keys, n * sizeof *keys);
		memcpy(slots + n, values, n * sizeof *values);
		rec->fields.keys = slots;
		rec->fields.values = slots + n;
		rec->fields.cap = 0;
	}
	rec->fields.n = n;
	return 0;
}

/*
 * The array of member m at the next value (page_take has seen that it is
 * one): at most m->max objects, each
 * walked into an element of the struct's array, which grows by doubling;
 * its count is kept up to date.
 */
static int
page_array(struct page *pg, struct member_walk *w, const struct member *m)
{
	char where[PATH_MAX_LEN], path[PATH_MAX_LEN + 24], *elems;
	size_t count = 0, n;
	int r;

	member_join(where, sizeof where, w->path, m->name);
	memcpy(&elems, (char *)w->obj + m->at, sizeof elems);
	while ((r = jscan_element(&pg->js, &count)) == 1) {
		if (count > (size_t)m->max) {
			/* The reason says how many, as for the other messages' arrays. */
			do {
				if (jscan_skip(&pg->js) != 0)
					return page_json_fail(pg);
			} while ((r = jscan_element(&pg->js, &count)) == 1);
			if (r < 0)
				return page_json_fail(pg);
			return member_fail(pg->c, w->path, m->name, "%zu %s, at most %lld", count,
			    m->noun, m->max);
		}
		/* n elements so far: room for 64, then twice as many at each power of two. */
		n = count - 1;
		if (n == 0 || (n >= 64 && (n & (n - 1)) == 0)) {
			elems = xreallocarray(elems, n == 0 ? 64 : 2 * n, m->elem_size);
			memcpy((char *)w->obj + m->at, &elems, sizeof elems);
		}
		memset(elems + n * m->elem_size, 0, m->elem_size);
		memcpy((char *)w->obj + m->count_at, &count, sizeof count);
		snprintf(path, sizeof path, "%s[%zu]", where, n);
		/* A page's record may be a compact identity index entry. */
		if (m->sub == &page_record && jscan_peek(&pg->js) == JSCAN_ARRAY) {
			if (page_entry(pg, path, (struct wire_record *)(void *)(elems +
			    n * m->elem_size), w->obj, n) != 0)
				return -1;
			continue;
		}
		if (page_object(pg, path, m->sub, elems + n * m->elem_size, w->obj, n, 0) != 0)
			return -1;
	}
	if (r < 0)
		return page_json_fail(pg);
	if (count == 0 && m->empty != NULL)
		return member_fail(pg->c, w->path, m->name, "%s", m->empty);
	return 0;
}

/*
 * Take member m at the next value: checked and stored now, but for an
 * .after string, kept in t for the object's end. *table is the value of
 * the object's MT_TABLE member once it has come, *kind its kind (NULL for
 * an unknown table).
 */
static int
page_take(struct page *pg, struct member_walk *w, const struct member *m, struct page_taken *t,
    const char **table, const struct kind **kind)
{
	char path[PATH_MAX_LEN], *s;
	long long n;
	size_t len, limit;
	int b, r;

	if (page_want(pg, w->path, m->name, m->type) != 0)
		return -1;
	switch (m->type) {
	case MT_VERSION:
	case MT_INT:
		if ((r = jscan_integer(&pg->js, &n)) < 0)
			return page_json_fail(pg);
		if (r > 0)
			return member_fail(pg->c, w->path, m->name, "expected an integer");
		return member_take_int(w, m, n);
	case MT_BOOL:
		if (jscan_bool(&pg->js, &b) != 0)
			return page_json_fail(pg);
		member_take_bool(w, m, b);
		return 0;
	case MT_FIELDS:
	case MT_STAMPS:
		/* Until the table is known, values may be as long as a document. */
		if (m->documents && *table == NULL)
			limit = WIRE_MAX_DOCUMENT;
		else
			limit = member_value_limit(m, *kind);
		return page_fields(pg, w, m, limit, &t->longest);
	case MT_ARRAY:
		return page_array(pg, w, m);
	case MT_OBJECT:
		member_join(path, sizeof path, w->path, m->name);
		return page_object(pg, path, m->sub, w->obj, w->up, w->index, 0);
	default:
		if (jscan_string(&pg->js, &s, &len) != 0)
			return page_json_fail(pg);
		if (m->type == MT_TABLE) {
			*table = s;
			*kind = kind_find(s);
		}
		if (!m->after)
			return member_take_string(w, m, s, len);
		t->s = s;
		t->len = len;
		return 0;
	}
}

/*
 * Member m, taken, at its object's end: an .after string checked and
 * stored; a field set whose values' limit depends on the table, which may
 * have come after it, checked against that limit now.
 */
static int
page_after(struct page *pg, struct member_walk *w, const struct member *m,
    const struct page_taken *t)
{
	const struct fields *f;
	size_t limit, k;

	if (m->after)
		return member_take_string(w, m, t->s, t->len);
	if (m->type != MT_FIELDS || !m->documents)
		return 0;
	f = (const struct fields *)(const void *)((char *)w->obj + m->at);
	limit = member_value_limit(m, w->kind);
	if (t->longest > limit)
		for (k = 0; k < f->n; k++)
			if (member_field_value(pg->c, w->path, m, f->keys[k], f->values[k],
			    strlen(f->values[k]), limit) != 0)
				return -1;
	return 0;
}

/*
 * The object at the next value along its table, into obj: each member
 * taken as it comes (an unknown one or one named twice refused there),
 * then, in the table's order, what is missing and what was left for the
 * end. The root's text must end with it before that.
 */
static int
page_object(struct page *pg, const char *path, const struct member_object *spec, void *obj,
    const void *up, size_t index, int root)
{
	struct member_walk w = { .c = pg->c, .path = path, .obj = obj, .up = up, .index = index };
	struct page_taken taken[MEMBER_MAX];
	const struct kind *kind = NULL;
	const char *table = NULL;
	char q[QUOTE_MAX + 4], *name;
	size_t count = 0, len, i;
	unsigned seen = 0;
	int m, r;

	if (spec->n > MEMBER_MAX)
		fatalx("wire: an object of %zu members, at most %d", spec->n, MEMBER_MAX);
	if (!root && page_want(pg, path, NULL, MT_OBJECT) != 0)
		return -1;
	while ((r = jscan_member(&pg->js, &count, &name, &len)) == 1) {
		if ((m = member_find(spec, name)) < 0)
			return member_fail(pg->c, path, NULL, "unknown member \"%s\"",
			    member_quote(name, q));
		if (seen & 1U << m)
			return page_duplicate(pg, name);
		seen |= 1U << m;
		if (page_take(pg, &w, &spec->members[m], &taken[m], &table, &kind) != 0)
			return -1;
	}
	if (r < 0 || (root && jscan_end(&pg->js) != 0))
		return page_json_fail(pg);
	for (i = 0; i < spec->n; i++) {
		const struct member *mb = &spec->members[i];

		if (!(seen & 1U << i)) {
			if (mb->optional)
				continue;
			return member_fail(pg->c, path, mb->name, "missing");
		}
		if (page_after(pg, &w, mb, &taken[i]) != 0)
			return -1;
	}
	return spec->finish != NULL ? spec->finish(&w) : 0;
}

/* The message in pg's arena: a JSON object along spec, into obj; 0 or -1 with a reason. */
static int
page_root(struct page *pg, const struct member_object *spec, void *obj)
{
	enum jscan_kind kind;

	if ((kind = jscan_peek(&pg->js)) == JSCAN_BAD)
		return page_json_fail(pg);
	if (kind != JSCAN_OBJECT) {
		/* As jansson has it: invalid JSON first, then the type. */
		if (jscan_skip(&pg->js) != 0 || jscan_end(&pg->js) != 0)
			return page_json_fail(pg);
		return member_fail(pg->c, "", NULL, "expected a JSON object");
	}
	return page_object(pg, "", spec, obj, NULL, 0, 1);
}

/* Start decoding a copy of the len bytes at text. */
static void
page_start(struct page *pg, struct wctx *c, const char *text, size_t len)
{
	memset(pg, 0, sizeof *pg);
	pg->c = c;
	pg->arena = page_arena_new(text, len);
	jscan_init(&pg->js, pg->arena->text, len);
}

int
wire_pull_reply_decode(const char *buf, size_t len, struct wire_pull_reply *out, char *err,
    size_t errlen)
{
	struct wctx c = { err, errlen };
	struct page pg;

	memset(out, 0, sizeof *out);
	page_start(&pg, &c, buf, len);
	if (page_root(&pg, &page_reply, out) != 0) {
		free(out->records);
		page_arena_free(pg.arena);
		memset(out, 0, sizeof *out);
		return -1;
	}
	out->arena = pg.arena;
	return 0;
}

int
wire_record_decode(const char *text, size_t len, struct wire_record *out, char *err,
    size_t errlen)
{
	struct wctx c = { err, errlen };
	struct page pg;
	int rc;

	memset(out, 0, sizeof *out);
	page_start(&pg, &c, text, len);
	if ((rc = page_root(&pg, &page_record, out)) == 0) {
		page_fields_own(&out->fields);
		page_fields_own(&out->stamps);
		page_fields_own(&out->authors);
	} else
		memset(out, 0, sizeof *out);
	page_arena_free(pg.arena);
	return rc;
}

void
wire_record_free(struct wire_record *r)
{
	fields_free(&r->fields);
	fields_free(&r->stamps);
	fields_free(&r->authors);
	free(r->fields_text);
	free(r->stamps_text);
	free(r->authors_text);
	r->fields_text = r->stamps_text = r->authors_text = NULL;
}

void
wire_pull_reply_free(struct wire_pull_reply *p)
{
	size_t i;

	/* A decoded page's field sets point into its arena, freed whole. */
	if (p->records != NULL && p->arena == NULL)
		for (i = 0; i < p->n; i++)
			wire_record_free(&p->records[i]);
	free(p->records);
	p->records = NULL;
	p->n = 0;
	page_arena_free(p->arena);
	p->arena = NULL;
}

/* --- Writing --- */

void
wire_record_encode(const struct wire_record *r, struct buf *b)
{
	if (r->compact) {
		/* [key, deleted, replaced_by, [values]]: page_entry reads it. */
		buf_addc(b, '[');
		wire_json_string(b, r->key);
		buf_adds(b, r->deleted ? ",true," : ",false,");
		wire_json_string(b, r->replaced_by);
		buf_addc(b, ',');
		buf_adds(b, r->fields_text != NULL ? r->fields_text : "[]");
		buf_addc(b, ']');
		return;
	}
	buf_addc(b, '{');
	encode_str(b, "tbl", r->tbl);
	encode_str(b, "key", r->key);
	encode_bool(b, "deleted", r->deleted);
	encode_str(b, "replaced_by", r->replaced_by);
	encode_fields(b, "fields", r->fields_text, &r->fields);
	encode_fields(b, "stamps", r->stamps_text, &r->stamps);
	/* No authors at all rather than an empty set. */
	if (r->authors_text != NULL ? !encode_empty_object(r->authors_text) : r->authors.n > 0)
		encode_fields(b, "authors", r->authors_text, &r->authors);
	buf_addc(b, '}');
}

char *
wire_pull_reply_encode(const struct wire_pull_reply *p, size_t *len)
{
	struct buf b = BUF_INIT;
	size_t i;

	encode_head(&b);
	encode_str(&b, "cursor", p->cursor);
	encode_bool(&b, "more", p->more);
	encode_bool(&b, "reset", p->reset);
	encode_int(&b, "remaining", p->remaining);
	encode_int(&b, "hlc", (long long)p->hlc);
	if (p->held > 0)
		encode_int(&b, "held", p->held);
	if (p->scope[0] != '\0')
		encode_text(&b, "scope", p->scope);
	encode_name(&b, "records");
	buf_addc(&b, '[');
	for (i = 0; i < p->n; i++) {
		encode_sep(&b);
		wire_record_encode(&p->records[i], &b);
	}
	buf_addc(&b, ']');
	return encode_end(&b, len);
}
