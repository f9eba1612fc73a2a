/*
 * A message's members: the checks both decoders apply to a value, once
 * their engine has found it, and the reasons they give. A reason names
 * the place in the message ("changes[3].seq") and never quotes a field
 * value: values are personal data and reasons end up in logs.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "common/utf8.h"
#include "common/xalloc.h"
#include "core/ident.h"
#include "core/kind.h"
#include "wire/stamps.h"
#include "wire/wire-int.h"
#include "wire/wire.h"

/* What the bytes of each class of MT_STRING are, and the reason when one is not. */
static const char *const member_chars_reason[] = {
	[MC_ANY] = NULL,
	[MC_PRINTABLE] = "not printable ASCII",
	[MC_CODE] = "not a code (letters, digits and '-')",
	[MC_TOKEN] = "not base64url",
	[MC_WORD] = "not a word ([a-z_]+)",
};

/* A member its table describes in a way its type cannot take: a bug of the table. */
static void __attribute__((noreturn))
member_bug(const struct member *m)
{
	fatalx("wire: member %s: its description does not fit its type", m->name);
}

const char *
member_quote(const char *s, char out[QUOTE_MAX + 4])
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

const char *
member_join(char *buf, size_t size, const char *path, const char *member)
{
	char q[QUOTE_MAX + 4];

	if (member == NULL || *member == '\0')
		snprintf(buf, size, "%s", path);
	else if (*path == '\0')
		snprintf(buf, size, "%s", member_quote(member, q));
	else
		snprintf(buf, size, "%s.%s", path, member_quote(member, q));
	return buf;
}

/* The reason at path.member; -1. */
static int
member_vfail(struct wctx *c, const char *path, const char *member, const char *fmt, va_list ap)
{
	char where[PATH_MAX_LEN], what[WIRE_REASON_LEN];

	vsnprintf(what, sizeof what, fmt, ap);
	member_join(where, sizeof where, path, member);
	if (c->errlen == 0)
		return -1;
	if (*where == '\0')
		snprintf(c->err, c->errlen, "%s", what);
	else
		snprintf(c->err, c->errlen, "%s: %s", where, what);
	return -1;
}

int
member_fail(struct wctx *c, const char *path, const char *member, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	member_vfail(c, path, member, fmt, ap);
	va_end(ap);
	return -1;
}

int
member_fail_in(struct wctx *c, const char *path, const char *name, const char *member,
    const char *fmt, ...)
{
	char where[PATH_MAX_LEN];
	va_list ap;

	member_join(where, sizeof where, path, name);
	va_start(ap, fmt);
	member_vfail(c, where, member, fmt, ap);
	va_end(ap);
	return -1;
}

const char *
member_type_name(enum member_type t)
{
	switch (t) {
	case MT_VERSION:
	case MT_INT:
		return "an integer";
	case MT_BOOL:
		return "true or false";
	case MT_FIELDS:
	case MT_STAMPS:
	case MT_OBJECT:
		return "an object";
	case MT_ARRAY:
		return "an array";
	default:
		return "a string";
	}
}

int
member_find(const struct member_object *o, const char *name)
{
	size_t i;

	for (i = 0; i < o->n; i++)
		if (strcmp(o->members[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* Whether the byte ch is of the class. */
static int
member_char_ok(unsigned char ch, enum member_chars class)
{
	int alnum = (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
	    (ch >= 'A' && ch <= 'Z');

	switch (class) {
	case MC_PRINTABLE:
		return ch >= 0x20 && ch < 0x7f;
	case MC_CODE:
		return alnum || ch == '-';
	case MC_TOKEN:
		return alnum || ch == '-' || ch == '_';
	case MC_WORD:
		return (ch >= 'a' && ch <= 'z') || ch == '_';
	default:
		return 1;
	}
}

/* Whether the n bytes at s are all of the class. */
static int
member_all_chars(const char *s, size_t n, enum member_chars class)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!member_char_ok((unsigned char)s[i], class))
			return 0;
	return 1;
}

/* Whether the n bytes at s are lower-case hex digits. */
static int
member_all_hex(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

/* Whether s (len bytes, valid UTF-8) holds no control character, C0, DEL or C1. */
static int
member_no_controls(const char *s, size_t len)
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

/* The bytes of a field key: 1 for [a-z_], 2 for [0-9], which may not come first. */
static const unsigned char member_key_chars[256] = {
	['0'] = 2, ['1'] = 2, ['2'] = 2, ['3'] = 2, ['4'] = 2,
	['5'] = 2, ['6'] = 2, ['7'] = 2, ['8'] = 2, ['9'] = 2,
	['_'] = 1, ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1,
	['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1,
	['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1,
	['x'] = 1, ['y'] = 1, ['z'] = 1,
};

/*
 * Whether key (len bytes) is a field key: [a-z_][a-z0-9_]{0,47}. A page
 * holds a hundred thousand of them: a table, not comparisons.
 */
static int
member_field_key_ok(const char *key, size_t len)
{
	const unsigned char *k = (const unsigned char *)key;
	size_t i;

	if (len == 0 || len > FIELD_KEY_MAX || member_key_chars[k[0]] != 1)
		return 0;
	for (i = 1; i < len; i++)
		if (member_key_chars[k[i]] == 0)
			return 0;
	return 1;
}

/* Whether s (len bytes) is a stamp: 16 lower-case hex digits, ':', a terminal id. */
static int
member_stamp_ok(const char *s, size_t len)
{
	return len == WIRE_STAMP_LEN && member_all_hex(s, 16) && s[16] == ':' &&
	    ident_valid(s + 17);
}

/* Store the integer n in the .size bytes at the member's place. */
static void
member_store_int(void *obj, const struct member *m, long long n)
{
	char *p = (char *)obj + m->at;

	if (m->size == sizeof(int64_t)) {
		int64_t v = n;

		memcpy(p, &v, sizeof v);
	} else if (m->size == sizeof(int32_t) && n >= INT32_MIN && n <= INT32_MAX) {
		int32_t v = (int32_t)n;

		memcpy(p, &v, sizeof v);
	} else
		member_bug(m);
}

/* The protocol version v, refused unless it is WIRE_VERSION; 0 or -1. */
static int
member_version(struct wctx *c, long long v)
{
	if (v != WIRE_VERSION)
		return member_fail(c, "", "v", "expected %d, got %lld (protocol version)",
		    WIRE_VERSION, v);
	return 0;
}

int
member_take_int(struct member_walk *w, const struct member *m, long long n)
{
	if (m->type == MT_VERSION)
		return member_version(w->c, n);
	if (n < m->min || n > m->max) {
		if (m->max == LLONG_MAX)
			return member_fail(w->c, w->path, m->name, "must be at least %lld, got %lld",
			    m->min, n);
		return member_fail(w->c, w->path, m->name, "must be %lld to %lld, got %lld",
		    m->min, m->max, n);
	}
	if (m->check != NULL && m->check(w, m, NULL, 0, n) != 0)
		return -1;
	member_store_int(w->obj, m, n);
	return 0;
}

void
member_take_bool(struct member_walk *w, const struct member *m, int b)
{
	int v = b != 0;

	memcpy((char *)w->obj + m->at, &v, sizeof v);
}

/* The length of a string member: "" refused as empty below minlen, at most size - 1 bytes. */
static int
member_length(struct member_walk *w, const struct member *m, size_t len)
{
	if (len < m->minlen)
		return member_fail(w->c, w->path, m->name, "empty");
	if (len >= m->size)
		return member_fail(w->c, w->path, m->name, "longer than %zu bytes", m->size - 1);
	return 0;
}

/* A record id: a canonical UUID; 0 or -1. */
static int
member_uuid(struct member_walk *w, const struct member *m, const char *s, size_t len)
{
	if (len != IDENT_LEN || !ident_valid(s))
		return member_fail(w->c, w->path, m->name,
		    "not a canonical UUID (36 lower-case characters)");
	return 0;
}

/* The checks of a string member's type; 0 or -1 with a reason. */
static int
member_string_ok(struct member_walk *w, const struct member *m, const char *s, size_t len)
{
	char q[QUOTE_MAX + 4];
	const struct kind *k;
	size_t i;

	switch (m->type) {
	case MT_STRING:
		if (member_length(w, m, len) != 0)
			return -1;
		if (!member_all_chars(s, len, m->chars))
			return member_fail(w->c, w->path, m->name, "%s",
			    member_chars_reason[m->chars]);
		return 0;
	case MT_TEXT:
		if (member_length(w, m, len) != 0)
			return -1;
		if (!member_no_controls(s, len))
			return member_fail(w->c, w->path, m->name, "holds a control character");
		return 0;
	case MT_HEX:
		if (member_length(w, m, len) != 0)
			return -1;
		if (len != m->size - 1 || !member_all_hex(s, len))
			return member_fail(w->c, w->path, m->name, "not %zu lower-case hex digits",
			    m->size - 1);
		return 0;
	case MT_ID:
		return member_uuid(w, m, s, len);
	case MT_IDOPT:
		return len == 0 ? 0 : member_uuid(w, m, s, len);
	case MT_NAME:
		for (i = 0; m->names[i] != NULL; i++)
			if (strcmp(s, m->names[i]) == 0)
				return 0;
		return member_fail(w->c, w->path, m->name, "unknown %s \"%s\" (%s)", m->name,
		    member_quote(s, q), m->hint);
	case MT_TABLE:
		k = kind_find(s);
		if (k != NULL && (k->flags & m->kind_flags) != m->kind_flags) {
			if (m->refusal != NULL)
				return member_fail(w->c, w->path, m->name, "table \"%s\" %s",
				    member_quote(s, q), m->refusal);
			k = NULL;
		}
		if (k == NULL)
			return member_fail(w->c, w->path, m->name, "unknown table \"%s\"",
			    member_quote(s, q));
		w->kind = k;
		return 0;
	case MT_KEY:
		if (w->kind != NULL && (w->kind->flags & KF_UUID_KEY))
			return member_uuid(w, m, s, len);
		if (member_length(w, m, len) != 0)
			return -1;
		if (!member_no_controls(s, len))
			return member_fail(w->c, w->path, m->name, "holds a control character");
		return 0;
	default:
		member_bug(m);
	}
}

int
member_take_string(struct member_walk *w, const struct member *m, const char *s, size_t len)
{
	if (member_string_ok(w, m, s, len) != 0)
		return -1;
	if (m->check != NULL && m->check(w, m, s, len, 0) != 0)
		return -1;
	/* Every type above has kept len within the buffer. */
	if (len >= m->size)
		member_bug(m);
	memcpy((char *)w->obj + m->at, s, len);
	((char *)w->obj)[m->at + len] = '\0';
	return 0;
}

size_t
member_value_limit(const struct member *m, const struct kind *k)
{
	if (m->type == MT_STAMPS)
		return WIRE_STAMP_LEN;
	if (m->documents && k != NULL && (k->flags & KF_DOCUMENT))
		return WIRE_MAX_DOCUMENT;
	return m->limit;
}

int
member_field_key(struct wctx *c, const char *path, const struct member *m, const char *key,
    size_t klen)
{
	char q[QUOTE_MAX + 4];

	/* A pulled record's stamps may name the stamp of every other field (stamps.h). */
	if (m->any && key[0] == WIRE_STAMP_ANY[0] && key[1] == '\0')
		return 0;
	if (!member_field_key_ok(key, klen))
		return member_fail_in(c, path, m->name, NULL, "key \"%s\" is not a field key "
		    "([a-z_][a-z0-9_]*, at most %d bytes)", member_quote(key, q), FIELD_KEY_MAX);
	return 0;
}

int
member_field_value(struct wctx *c, const char *path, const struct member *m, const char *key,
    const char *v, size_t vlen, size_t limit)
{
	if (vlen > limit)
		return member_fail_in(c, path, m->name, key, "longer than %zu bytes", limit);
	if (m->type == MT_STAMPS && vlen > 0 && !member_stamp_ok(v, vlen))
		return member_fail_in(c, path, m->name, key,
		    "not a stamp (16 hex digits, ':', a terminal id)");
	return 0;
}
