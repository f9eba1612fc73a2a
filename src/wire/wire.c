/*
 * The sync protocol's messages with jansson, but for the decoding of a
 * pull page (see "Pull pages" below). Decoding is strict: the whole
 * shape is checked (types, members, limits, ids, tables, sequence) before a
 * caller sees any of it, so the server refuses a bad body before it writes
 * and the client refuses a bad reply before it applies. A reason names the
 * place in the message ("changes[3].seq") and never quotes a field value:
 * values are personal data and reasons end up in logs.
 *
 * The encoders are in wire-encode.c and wire-page.c.
 */
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "common/buf.h"
#include "common/fields.h"
#include "common/utf8.h"
#include "common/xalloc.h"
#include "core/ident.h"
#include "core/kind.h"
#include "wire/jscan.h"
#include "wire/stamps.h"
#include "wire/wire.h"

#define FIELD_KEY_MAX	48	/* [a-z_][a-z0-9_]{0,47} */
#define QUOTE_MAX	40	/* bytes of a name quoted in a reason */
#define PATH_MAX_LEN	128

/* Where a decoder writes its reason. */
struct wctx {
	char	*err;
	size_t	 errlen;
};


/* The index of s among the NULL-terminated names, or -1. */
static int
list_index(const char *s, const char *const *list)
{
	int i;

	for (i = 0; list[i] != NULL; i++)
		if (strcmp(s, list[i]) == 0)
			return i;
	return -1;
}

/* The kind of a pulled table (every kind travels in pull pages), or NULL. */
static const struct kind *
pull_kind(const char *tbl)
{
	return kind_find(tbl);
}

/* Whether a pulled table's keys are record ids (a UUID), not names. */
static int
uuid_table(const char *tbl)
{
	const struct kind *k = kind_find(tbl);

	return k != NULL && (k->flags & KF_UUID_KEY);
}

/* The longest value a field of a record of tbl may have: a whole file for a document kind. */
static size_t
value_limit(const char *tbl)
{
	const struct kind *k = kind_find(tbl);

	return k != NULL && (k->flags & KF_DOCUMENT) ? WIRE_MAX_DOCUMENT : WIRE_MAX_VALUE;
}

/*
 * A name from the message (a member, a table, an op) made safe to quote:
 * printable ASCII, other bytes shown as '?', cut at QUOTE_MAX with "...".
 * Only names are quoted, never values.
 */
static const char *
quote(const char *s, char out[QUOTE_MAX + 4])
{
	size_t i;

	for (i = 0; s[i] != '\0' && i < QUOTE_MAX; i++)
		out[i] = (s[i] >= 0x20 && s[i] < 0x7f && s[i] != '"' && s[i] != '\\') ?
		    s[i] : '?';
	if (s[i] != '\0') {
		memcpy(out + i, "...", 3);
		i += 3;
	}
	out[i] = '\0';
	return out;
}

/* Join a path and a member ("changes[3]" and "seq") into buf. */
static const char *
join(char *buf, size_t size, const char *path, const char *member)
{
	char q[QUOTE_MAX + 4];

	if (member == NULL || *member == '\0')
		snprintf(buf, size, "%s", path);
	else if (*path == '\0')
		snprintf(buf, size, "%s", quote(member, q));
	else
		snprintf(buf, size, "%s.%s", path, quote(member, q));
	return buf;
}

/* Write "path.member: reason" (parts that are empty left out); -1. */
static int
vfail(struct wctx *c, const char *path, const char *member, const char *fmt, va_list ap)
{
	char where[PATH_MAX_LEN], what[WIRE_REASON_LEN];

	vsnprintf(what, sizeof what, fmt, ap);
	join(where, sizeof where, path, member);
	if (c->errlen == 0)
		return -1;
	if (*where == '\0')
		snprintf(c->err, c->errlen, "%s", what);
	else
		snprintf(c->err, c->errlen, "%s: %s", where, what);
	return -1;
}

static int __attribute__((format(printf, 4, 5)))
fail(struct wctx *c, const char *path, const char *member, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(c, path, member, fmt, ap);
	va_end(ap);
	return -1;
}

/* fail() at path.name.member: a member of a set such as a record's fields. */
static int __attribute__((format(printf, 5, 6)))
fail_in(struct wctx *c, const char *path, const char *name, const char *member,
    const char *fmt, ...)
{
	char where[PATH_MAX_LEN];
	va_list ap;

	join(where, sizeof where, path, name);
	va_start(ap, fmt);
	vfail(c, where, member, fmt, ap);
	va_end(ap);
	return -1;
}

/* What a JSON type is called in a reason. */
static const char *
type_name(json_type t)
{
	switch (t) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
		return "an integer";
	case JSON_TRUE:
	case JSON_FALSE:
		return "true or false";
	default:
		return "a value";
	}
}

/* Whether the integer n of member name is in [min, max]; 0, or -1 with a reason. */
static int
int_in_range(struct wctx *c, const char *path, const char *name, long long n, long long min,
    long long max)
{
	if (n < min || n > max) {
		if (max == LLONG_MAX)
			return fail(c, path, name, "must be at least %lld, got %lld", min, n);
		return fail(c, path, name, "must be %lld to %lld, got %lld", min, max, n);
	}
	return 0;
}

/*
 * The string s (len bytes and a NUL) of member name into dst when it has
 * minlen or more bytes and fits in size with its NUL; 0 or -1. The JSON
 * parser has refused NUL bytes and bad UTF-8.
 */
static int
str_into(struct wctx *c, const char *path, const char *name, const char *s, size_t len,
    char *dst, size_t size, size_t minlen)
{
	if (len < minlen)
		return fail(c, path, name, "empty");
	if (len >= size)
		return fail(c, path, name, "longer than %zu bytes", size - 1);
	memcpy(dst, s, len + 1);
	return 0;
}

/* The string s (len bytes) of member name into dst if it is a canonical UUID; 0 or -1. */
static int
uuid_into(struct wctx *c, const char *path, const char *name, const char *s, size_t len,
    char dst[IDENT_LEN + 1])
{
	if (len != IDENT_LEN || !ident_valid(s))
		return fail(c, path, name, "not a canonical UUID (36 lower-case characters)");
	memcpy(dst, s, IDENT_LEN + 1);
	return 0;
}

/* Whether n bytes at s are in a class: c cursor, k code, t token, w word, h hex. */
static int
all_in_class(const char *s, size_t n, char class)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		int alnum = (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
		    (ch >= 'A' && ch <= 'Z');
		int ok;

		switch (class) {
		case 'c':
			ok = ch >= 0x20 && ch < 0x7f;
			break;
		case 'k':
			ok = alnum || ch == '-';
			break;
		case 't':
			ok = alnum || ch == '-' || ch == '_';
			break;
		case 'w':
			ok = (ch >= 'a' && ch <= 'z') || ch == '_';
			break;
		default:
			ok = (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f');
			break;
		}
		if (!ok)
			return 0;
	}
	return 1;
}

/* Whether s (len bytes, valid UTF-8) holds no control character, C0, DEL or C1. */
static int
no_controls(const char *s, size_t len)
{
	uint32_t cp;
	size_t i, k;

	for (i = 0; i < len; i += k) {
		k = utf8_decode(s + i, len - i, &cp);
		if (k == 0 || cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
			return 0;
	}
	return 1;
}

/* Whether key (len bytes) is a field key: [a-z_][a-z0-9_]{0,47}. */
static int
field_key_ok(const char *key, size_t len)
{
	size_t i;

	if (len == 0 || len > FIELD_KEY_MAX || (key[0] >= '0' && key[0] <= '9'))
		return 0;
	for (i = 0; i < len; i++)
		if (!((key[i] >= 'a' && key[i] <= 'z') || (key[i] >= '0' && key[i] <= '9') ||
		    key[i] == '_'))
			return 0;
	return 1;
}

/* Whether s (len bytes) is a stamp: 16 lower-case hex digits, ':', a terminal id. */
static int
stamp_ok(const char *s, size_t len)
{
	return len == WIRE_STAMP_LEN && all_in_class(s, 16, 'h') && s[16] == ':' &&
	    ident_valid(s + 17);
}

/* Whether key (len bytes) may name a member of the field set path.name; 0 or -1. */
static int
check_field_key(struct wctx *c, const char *path, const char *name, const char *key,
    size_t len)
{
	char q[QUOTE_MAX + 4];

	if (!field_key_ok(key, len))
		return fail_in(c, path, name, NULL, "key \"%s\" is not a field key "
		    "([a-z_][a-z0-9_]*, at most %d bytes)", quote(key, q), FIELD_KEY_MAX);
	return 0;
}

/*
 * Whether v (len bytes) may be the value of key in the field set
 * path.name: at most maxvalue bytes, a stamp or "" when stamps; 0 or -1.
 */
static int
check_field_value(struct wctx *c, const char *path, const char *name, const char *key,
    const char *v, size_t len, size_t maxvalue, int stamps)
{
	if (len > maxvalue)
		return fail_in(c, path, name, key, "longer than %zu bytes", maxvalue);
	if (stamps && len > 0 && !stamp_ok(v, len))
		return fail_in(c, path, name, key,
		    "not a stamp (16 hex digits, ':', a terminal id)");
	return 0;
}

/* Whether v is the protocol version; 0, or -1 with a reason. */
static int
check_version(struct wctx *c, long long v)
{
	if (v != WIRE_VERSION)
		return fail(c, "", "v", "expected %d, got %lld (protocol version)", WIRE_VERSION, v);
	return 0;
}

/* Start a decode: out zeroed, so that a refused message leaves nothing to free. */
static void
clear(void *out, size_t size)
{
	memset(out, 0, size);
}

/* The cursor s (len bytes) into dst: at most WIRE_CURSOR_LEN - 1 bytes of printable ASCII. */
static int
cursor_into(struct wctx *c, const char *s, size_t len, char dst[WIRE_CURSOR_LEN])
{
	if (str_into(c, "", "cursor", s, len, dst, WIRE_CURSOR_LEN, 0) != 0)
		return -1;
	if (!all_in_class(dst, len, 'c'))
		return fail(c, "", "cursor", "not printable ASCII");
	return 0;
}

/* --- Pull pages --- */

/*
 * A first full sync is dozens of pages of megabytes each, mostly field
 * sets, so a page is not parsed into a jansson tree and copied out of it
 * again: jscan takes it token by token and the decoder writes straight
 * into the records. The text is copied once and its strings are decoded
 * in place, so the field sets point into that copy (the arena) instead
 * of owning a copy of each key and value. The checks and the reasons are
 * those of the other decoders, members in any order.
 */

/* A decoded page's strings, and the key and value arrays that point to them. */
struct wire_arena {
	char	 *text;		/* the page's text, its strings decoded in place */
	size_t	  len;
	char	**slots;	/* each field set's keys, then its values */
};

/* A pull page being decoded. */
struct page {
	struct wctx		*c;
	struct jscan		 js;
	struct wire_pull_reply	 p;
	size_t			 cap;		/* records allocated */
	size_t			*at;		/* per record: its fields' first slot, its stamps' */
	char			**slots;	/* moves as it grows: records point in at the end */
	size_t			 nslots, slotcap;
};

enum { REC_TBL, REC_KEY, REC_DELETED, REC_REPLACED_BY, REC_FIELDS, REC_STAMPS };

/* Wipe and free an arena; NULL is nothing. */
static void
arena_free(struct wire_arena *a)
{
	if (a == NULL)
		return;
	/* Values may be passwords, as in fields_free(). */
	explicit_bzero(a->text, a->len);
	free(a->text);
	free(a->slots);
	free(a);
}

/* The scanner's error as the reason; -1. */
static int
page_json_fail(struct page *pg)
{
	return fail(pg->c, "", NULL, "invalid JSON at byte %zu: %s", pg->js.errpos, pg->js.err);
}

/* A member named twice in one object, refused as jansson refuses it elsewhere; -1. */
static int
page_duplicate(struct page *pg, const char *key)
{
	char q[QUOTE_MAX + 4];

	return fail(pg->c, "", NULL, "invalid JSON at byte %zu: duplicate key \"%s\"",
	    jscan_pos(&pg->js), quote(key, q));
}

/* Whether the next value has type t (JSON_TRUE: a boolean); else -1 with a reason. */
static int
page_want(struct page *pg, const char *path, const char *name, json_type t)
{
	enum jscan_kind want, got;

	switch (t) {
	case JSON_OBJECT:
		want = JSCAN_OBJECT;
		break;
	case JSON_ARRAY:
		want = JSCAN_ARRAY;
		break;
	case JSON_INTEGER:
		want = JSCAN_NUMBER;
		break;
	case JSON_TRUE:
		want = JSCAN_BOOL;
		break;
	default:
		want = JSCAN_STRING;
		break;
	}
	if ((got = jscan_peek(&pg->js)) == JSCAN_BAD)
		return page_json_fail(pg);
	if (got != want)
		return fail(pg->c, path, name, "expected %s", type_name(t));
	return 0;
}

/* An integer member in [min, max] into *out; 0 or -1. */
static int
page_int(struct page *pg, const char *path, const char *name, long long min, long long max,
    long long *out)
{
	long long n;
	int r;

	if (page_want(pg, path, name, JSON_INTEGER) != 0)
		return -1;
	if ((r = jscan_integer(&pg->js, &n)) < 0)
		return page_json_fail(pg);
	if (r > 0)
		return fail(pg->c, path, name, "expected an integer");
	if (int_in_range(pg->c, path, name, n, min, max) != 0)
		return -1;
	*out = n;
	return 0;
}

/* A boolean member into *out as 0 or 1; 0 or -1. */
static int
page_bool(struct page *pg, const char *path, const char *name, int *out)
{
	if (page_want(pg, path, name, JSON_TRUE) != 0)
		return -1;
	if (jscan_bool(&pg->js, out) != 0)
		return page_json_fail(pg);
	return 0;
}

/* A string member, pointing into the text; 0 or -1. */
static int
page_string(struct page *pg, const char *path, const char *name, char **s, size_t *len)
{
	if (page_want(pg, path, name, JSON_STRING) != 0)
		return -1;
	if (jscan_string(&pg->js, s, len) != 0)
		return page_json_fail(pg);
	return 0;
}

/*
 * A hash of a field key from its length and four of its bytes, enough to
 * tell most keys of a set apart without comparing every pair.
 */
static uint32_t
key_hash(const char *key, size_t len)
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

/*
 * The field set at the next value (member name of path): keys of field
 * key form, string values of at most maxvalue bytes, stamps or "" when
 * stamps. Its keys then its values go to the slots from *at on; f->n is
 * set, f->keys and f->values are when the slots stop moving (page_decode).
 * *longest is its longest value.
 */
static int
page_fields(struct page *pg, const char *path, const char *name, size_t maxvalue, int stamps,
    struct fields *f, size_t *at, size_t *longest)
{
	char *keys[WIRE_MAX_FIELDS], *values[WIRE_MAX_FIELDS], *key, *v;
	uint32_t hashes[WIRE_MAX_FIELDS], h;
	uint64_t seen[4] = { 0, 0, 0, 0 };
	size_t n = 0, count = 0, klen, vlen, k;
	enum jscan_kind kind;
	int r;

	if (page_want(pg, path, name, JSON_OBJECT) != 0)
		return -1;
	*longest = 0;
	while ((r = jscan_member(&pg->js, &count, &key, &klen)) == 1) {
		/* A bit per hash's top byte: most keys are new at a glance. */
		h = key_hash(key, klen);
		if (seen[h >> 30] & (uint64_t)1 << (h >> 24 & 63)) {
			for (k = 0; k < n; k++)
				if (hashes[k] == h && strcmp(keys[k], key) == 0)
					return page_duplicate(pg, key);
		}
		seen[h >> 30] |= (uint64_t)1 << (h >> 24 & 63);
		if (n == WIRE_MAX_FIELDS) {
			if (page_count_members(pg, &count) != 0)
				return page_json_fail(pg);
			return fail(pg->c, path, name, "%zu fields, at most %d", count,
			    WIRE_MAX_FIELDS);
		}
		/* A pulled record's stamps may name the stamp of every other field (stamps.h). */
		if (!(stamps && strcmp(key, WIRE_STAMP_ANY) == 0) &&
		    check_field_key(pg->c, path, name, key, klen) != 0)
			return -1;
		if ((kind = jscan_peek(&pg->js)) == JSCAN_BAD)
			return page_json_fail(pg);
		if (kind != JSCAN_STRING)
			return fail_in(pg->c, path, name, key, "expected a string");
		if (jscan_string(&pg->js, &v, &vlen) != 0)
			return page_json_fail(pg);
		if (check_field_value(pg->c, path, name, key, v, vlen, maxvalue, stamps) != 0)
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
	*at = pg->nslots;
	if (pg->nslots + 2 * n > pg->slotcap) {
		pg->slotcap = pg->slotcap > 0 ? 2 * pg->slotcap : 4096;
		if (pg->slotcap < pg->nslots + 2 * n)
			pg->slotcap = pg->nslots + 2 * n;
		pg->slots = xreallocarray(pg->slots, pg->slotcap, sizeof *pg->slots);
	}
	if (n > 0) {
		memcpy(pg->slots + pg->nslots, keys, n * sizeof *keys);
		memcpy(pg->slots + pg->nslots + n, values, n * sizeof *values);
	}
	pg->nslots += 2 * n;
	return 0;
}

/*
 * Record i at the next value. Its members come in any order, so what
 * depends on another member (the key's form and the longest value on the
 * table) is checked when the record has ended, in the other decoders'
 * order.
 */
static int
page_record(struct page *pg, size_t i, struct wire_record *r)
{
	static const char *const members[] = { "tbl", "key", "deleted", "replaced_by", "fields",
		"stamps", NULL };
	char path[32], q[QUOTE_MAX + 4], *name, *tbl = NULL, *key = NULL, *rb = NULL;
	size_t count = 0, len, keylen = 0, rblen = 0, longest = 0, slongest, maxvalue, k;
	size_t *at = pg->at + 2 * i;
	unsigned seen = 0;
	int m, rc;

	snprintf(path, sizeof path, "records[%zu]", i);
	if (page_want(pg, path, NULL, JSON_OBJECT) != 0)
		return -1;
	/* Until the table is known, values may be as long as a document. */
	maxvalue = WIRE_MAX_DOCUMENT;
	while ((rc = jscan_member(&pg->js, &count, &name, &len)) == 1) {
		if ((m = list_index(name, members)) < 0)
			return fail(pg->c, path, NULL, "unknown member \"%s\"", quote(name, q));
		if (seen & 1U << m)
			return page_duplicate(pg, name);
		seen |= 1U << m;
		switch (m) {
		case REC_TBL:
			if (page_string(pg, path, "tbl", &tbl, &len) != 0)
				return -1;
			maxvalue = value_limit(tbl);
			break;
		case REC_KEY:
			if (page_string(pg, path, "key", &key, &keylen) != 0)
				return -1;
			break;
		case REC_DELETED:
			if (page_bool(pg, path, "deleted", &r->deleted) != 0)
				return -1;
			break;
		case REC_REPLACED_BY:
			if (page_string(pg, path, "replaced_by", &rb, &rblen) != 0)
				return -1;
			break;
		case REC_FIELDS:
			if (page_fields(pg, path, "fields", maxvalue, 0, &r->fields, &at[0],
			    &longest) != 0)
				return -1;
			break;
		default:
			if (page_fields(pg, path, "stamps", WIRE_STAMP_LEN, 1, &r->stamps, &at[1],
			    &slongest) != 0)
				return -1;
			break;
		}
	}
	if (rc < 0)
		return page_json_fail(pg);
	if (tbl == NULL)
		return fail(pg->c, path, "tbl", "missing");
	if (pull_kind(tbl) == NULL)
		return fail(pg->c, path, "tbl", "unknown table \"%s\"", quote(tbl, q));
	snprintf(r->tbl, sizeof r->tbl, "%s", tbl);
	if (key == NULL)
		return fail(pg->c, path, "key", "missing");
	if (uuid_table(tbl)) {
		if (uuid_into(pg->c, path, "key", key, keylen, r->key) != 0)
			return -1;
	} else {
		if (str_into(pg->c, path, "key", key, keylen, r->key, sizeof r->key, 1) != 0)
			return -1;
		if (!no_controls(r->key, keylen))
			return fail(pg->c, path, "key", "holds a control character");
	}
	if (!(seen & 1U << REC_DELETED))
		return fail(pg->c, path, "deleted", "missing");
	if (rb == NULL)
		return fail(pg->c, path, "replaced_by", "missing");
	if (rblen > 0 && uuid_into(pg->c, path, "replaced_by", rb, rblen, r->replaced_by) != 0)
		return -1;
	if (!(seen & 1U << REC_FIELDS))
		return fail(pg->c, path, "fields", "missing");
	/* The fields came before the table: now their values' limit is known. */
	maxvalue = value_limit(tbl);
	if (longest > maxvalue)
		for (k = 0; k < r->fields.n; k++) {
			char *const *f = pg->slots + at[0];

			if (check_field_value(pg->c, path, "fields", f[k], f[r->fields.n + k],
			    strlen(f[r->fields.n + k]), maxvalue, 0) != 0)
				return -1;
		}
	if (!(seen & 1U << REC_STAMPS))
		return fail(pg->c, path, "stamps", "missing");
	return 0;
}

/* The records array at the next value, at most WIRE_MAX_RECORDS records; 0 or -1. */
static int
page_records(struct page *pg)
{
	struct wire_pull_reply *p = &pg->p;
	size_t count = 0;
	int r;

	if (page_want(pg, "", "records", JSON_ARRAY) != 0)
		return -1;
	while ((r = jscan_element(&pg->js, &count)) == 1) {
		if (count > WIRE_MAX_RECORDS) {
			/* The reason says how many, as for the other messages' arrays. */
			do {
				if (jscan_skip(&pg->js) != 0)
					return page_json_fail(pg);
			} while ((r = jscan_element(&pg->js, &count)) == 1);
			if (r < 0)
				return page_json_fail(pg);
			return fail(pg->c, "", "records", "%zu records, at most %d", count,
			    WIRE_MAX_RECORDS);
		}
		if (p->n == pg->cap) {
			pg->cap = pg->cap > 0 ? 2 * pg->cap : 64;
			p->records = xreallocarray(p->records, pg->cap, sizeof *p->records);
			pg->at = xreallocarray(pg->at, pg->cap, 2 * sizeof *pg->at);
		}
		memset(&p->records[p->n], 0, sizeof p->records[p->n]);
		pg->at[2 * p->n] = pg->at[2 * p->n + 1] = 0;
		p->n++;
		if (page_record(pg, p->n - 1, &p->records[p->n - 1]) != 0)
			return -1;
	}
	if (r < 0)
		return page_json_fail(pg);
	return 0;
}

/* The whole page: the root object, then the records' field sets pointed at their slots. */
static int
page_decode(struct page *pg)
{
	static const char *const members[] = { "v", "cursor", "more", "reset", "remaining", "hlc",
		"records", NULL };
	struct wire_pull_reply *p = &pg->p;
	enum jscan_kind kind;
	char q[QUOTE_MAX + 4], *name, *s;
	size_t count = 0, len, i;
	long long n;
	unsigned seen = 0;
	int m, r;

	if ((kind = jscan_peek(&pg->js)) == JSCAN_BAD)
		return page_json_fail(pg);
	if (kind != JSCAN_OBJECT) {
		/* As jansson has it: invalid JSON first, then the type. */
		if (jscan_skip(&pg->js) != 0 || jscan_end(&pg->js) != 0)
			return page_json_fail(pg);
		return fail(pg->c, "", NULL, "expected a JSON object");
	}
	while ((r = jscan_member(&pg->js, &count, &name, &len)) == 1) {
		if ((m = list_index(name, members)) < 0)
			return fail(pg->c, "", NULL, "unknown member \"%s\"", quote(name, q));
		if (seen & 1U << m)
			return page_duplicate(pg, name);
		seen |= 1U << m;
		switch (m) {
		case 0:
			if (page_int(pg, "", "v", LLONG_MIN, LLONG_MAX, &n) != 0 ||
			    check_version(pg->c, n) != 0)
				return -1;
			break;
		case 1:
			if (page_string(pg, "", "cursor", &s, &len) != 0 ||
			    cursor_into(pg->c, s, len, p->cursor) != 0)
				return -1;
			break;
		case 2:
			if (page_bool(pg, "", "more", &p->more) != 0)
				return -1;
			break;
		case 3:
			if (page_bool(pg, "", "reset", &p->reset) != 0)
				return -1;
			break;
		case 4:
			if (page_int(pg, "", "remaining", -1, LONG_MAX, &n) != 0)
				return -1;
			p->remaining = (long)n;
			break;
		case 5:
			if (page_int(pg, "", "hlc", 1, LLONG_MAX, &n) != 0)
				return -1;
			p->hlc = (uint64_t)n;
			break;
		default:
			if (page_records(pg) != 0)
				return -1;
			break;
		}
	}
	if (r < 0 || jscan_end(&pg->js) != 0)
		return page_json_fail(pg);
	for (m = 0; members[m] != NULL; m++)
		if (!(seen & 1U << m))
			return fail(pg->c, "", members[m], "missing");
	for (i = 0; i < p->n; i++) {
		struct wire_record *rec = &p->records[i];

		if (rec->fields.n > 0) {
			rec->fields.keys = pg->slots + pg->at[2 * i];
			rec->fields.values = rec->fields.keys + rec->fields.n;
		}
		if (rec->stamps.n > 0) {
			rec->stamps.keys = pg->slots + pg->at[2 * i + 1];
			rec->stamps.values = rec->stamps.keys + rec->stamps.n;
		}
	}
	return 0;
}

int
wire_pull_reply_decode(const char *buf, size_t len, struct wire_pull_reply *out, char *err,
    size_t errlen)
{
	struct wctx c = { err, errlen };
	struct wire_arena *a;
	struct page pg;
	int rc;

	clear(out, sizeof *out);
	memset(&pg, 0, sizeof pg);
	pg.c = &c;
	a = xcalloc(1, sizeof *a);
	a->text = xmalloc(len + 1);
	if (len > 0)
		memcpy(a->text, buf, len);
	a->text[len] = '\0';
	a->len = len;
	jscan_init(&pg.js, a->text, len);
	rc = page_decode(&pg);
	free(pg.at);
	if (rc != 0) {
		free(pg.p.records);
		free(pg.slots);
		arena_free(a);
		return -1;
	}
	a->slots = pg.slots;
	pg.p.arena = a;
	*out = pg.p;
	return 0;
}

/* Free a push's changes. */
void
wire_push_free(struct wire_push *p)
{
	size_t i;

	if (p->changes != NULL)
		for (i = 0; i < p->n; i++) {
			fields_free(&p->changes[i].fields);
			fields_free(&p->changes[i].base);
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

/* Free a pull page's records. */
void
wire_pull_reply_free(struct wire_pull_reply *p)
{
	size_t i;

	/* A decoded page's field sets point into its arena, freed whole. */
	if (p->records != NULL && p->arena == NULL)
		for (i = 0; i < p->n; i++) {
			fields_free(&p->records[i].fields);
			fields_free(&p->records[i].stamps);
			free(p->records[i].fields_text);
			free(p->records[i].stamps_text);
		}
	free(p->records);
	p->records = NULL;
	p->n = 0;
	arena_free(p->arena);
	p->arena = NULL;
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
