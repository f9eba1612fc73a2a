/*
 * The sync protocol's messages with jansson, but for the decoding of a
 * pull page (see "Pull pages" below). Decoding is strict: the whole
 * shape is checked (types, members, limits, ids, tables, sequence) before a
 * caller sees any of it, so the server refuses a bad body before it writes
 * and the client refuses a bad reply before it applies. A reason names the
 * place in the message ("changes[3].seq") and never quotes a field value:
 * values are personal data and reasons end up in logs.
 *
 * Encoding builds a jansson tree and dumps it compact. jansson arrays and
 * output buffers grow by doubling and objects are hash tables, so a full
 * pull page (5000 records of 25 fields) costs time in proportion to its
 * size in both directions.
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

static const char *const push_tables[] = {
	"seeker", "employer", "vacancy", "service_event", NULL
};
static const char *const pull_tables[] = {
	"seeker", "employer", "vacancy", "service_event", "conflict", "account", "office",
	"code", "code_list", "form", NULL
};
/* Pulled tables whose keys are record ids. */
static const char *const uuid_tables[] = {
	"seeker", "employer", "vacancy", "service_event", "conflict", NULL
};
/* Pulled tables whose values may be whole files. */
static const char *const document_tables[] = { "form", "code_list", NULL };
static const char *const ops[] = { "insert", "update", "delete", NULL };

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

/* Whether s is one of the NULL-terminated names. */
static int
in_list(const char *s, const char *const *list)
{
	return list_index(s, list) >= 0;
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

/* Whether v has type t; JSON_TRUE stands for either boolean. */
static int
has_type(const json_t *v, json_type t)
{
	if (t == JSON_TRUE)
		return json_is_boolean(v);
	return json_typeof(v) == t;
}

/* The member name of obj, of type t; NULL with a reason when missing or of another type. */
static json_t *
member(struct wctx *c, const json_t *obj, const char *path, const char *name, json_type t)
{
	json_t *v = json_object_get(obj, name);

	if (v == NULL) {
		fail(c, path, name, "missing");
		return NULL;
	}
	if (!has_type(v, t)) {
		fail(c, path, name, "expected %s", type_name(t));
		return NULL;
	}
	return v;
}

/*
 * Refuse members of obj not in allowed: a newer peer's additions are a
 * version change, not something to drop silently.
 */
static int
only_members(struct wctx *c, const json_t *obj, const char *path, const char *const *allowed)
{
	const char *key;
	json_t *v;
	char q[QUOTE_MAX + 4];

	json_object_foreach((json_t *)obj, key, v) {
		if (!in_list(key, allowed))
			return fail(c, path, NULL, "unknown member \"%s\"", quote(key, q));
	}
	return 0;
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

/* An integer member in [min, max] into *out; 0 or -1. */
static int
get_int(struct wctx *c, const json_t *obj, const char *path, const char *name, long long min,
    long long max, long long *out)
{
	json_t *v = member(c, obj, path, name, JSON_INTEGER);
	long long n;

	if (v == NULL)
		return -1;
	n = json_integer_value(v);
	if (int_in_range(c, path, name, n, min, max) != 0)
		return -1;
	*out = n;
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

/* A string member of minlen or more bytes that fits in size (with its NUL) into dst. */
static int
get_str(struct wctx *c, const json_t *obj, const char *path, const char *name, char *dst,
    size_t size, size_t minlen)
{
	json_t *v = member(c, obj, path, name, JSON_STRING);

	if (v == NULL)
		return -1;
	return str_into(c, path, name, json_string_value(v), json_string_length(v), dst, size,
	    minlen);
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

/* A string member that must be a canonical UUID, into dst. */
static int
get_uuid(struct wctx *c, const json_t *obj, const char *path, const char *name,
    char dst[IDENT_LEN + 1])
{
	json_t *v = member(c, obj, path, name, JSON_STRING);

	if (v == NULL)
		return -1;
	return uuid_into(c, path, name, json_string_value(v), json_string_length(v), dst);
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

/*
 * The object of member name as a field set: at most WIRE_MAX_FIELDS keys
 * of field-key form, each a string of at most maxvalue bytes (a stamp or
 * "" when stamps). jansson refused duplicate keys, so the set is filled
 * directly, in the message's order.
 */
static int
get_fields(struct wctx *c, const json_t *obj, const char *path, const char *name,
    size_t maxvalue, int stamps, struct fields *out)
{
	json_t *o = member(c, obj, path, name, JSON_OBJECT), *v;
	const char *key;
	size_t n, len;

	if (o == NULL)
		return -1;
	n = json_object_size(o);
	if (n > WIRE_MAX_FIELDS)
		return fail(c, path, name, "%zu fields, at most %d", n, WIRE_MAX_FIELDS);
	if (n == 0)
		return 0;
	out->keys = xcalloc(n, sizeof *out->keys);
	out->values = xcalloc(n, sizeof *out->values);
	json_object_foreach(o, key, v) {
		if (check_field_key(c, path, name, key, strlen(key)) != 0)
			return -1;
		if (!json_is_string(v))
			return fail_in(c, path, name, key, "expected a string");
		len = json_string_length(v);
		if (check_field_value(c, path, name, key, json_string_value(v), len, maxvalue,
		    stamps) != 0)
			return -1;
		out->keys[out->n] = xstrdup(key);
		out->values[out->n] = xstrndup(json_string_value(v), len);
		out->n++;
	}
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

/*
 * Parse a message: a JSON object, no duplicate keys, "v" the protocol
 * version, no members but those in members. jansson's own reason is kept
 * without its "near '...'" part, which can quote a value. The root, which
 * the caller frees with json_decref(), or NULL with a reason.
 */
static json_t *
load(struct wctx *c, const char *buf, size_t len, const char *const *members)
{
	json_error_t je;
	json_t *root;
	char *near;
	const char *nul;
	long long v;

	/* jansson drops a NUL byte after a number or a literal (akheron/jansson#331). */
	if (len > 0 && (nul = memchr(buf, '\0', len)) != NULL) {
		fail(c, "", NULL, "invalid JSON at byte %td: a NUL byte", nul - buf);
		return NULL;
	}
	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL) {
		near = strstr(je.text, " near ");
		switch (json_error_code(&je)) {
		case json_error_duplicate_key:
			/* Here "near" is the key itself, which may be named. */
			if (near != NULL && strlen(near) >= sizeof " near '\"\"'" - 1) {
				char q[QUOTE_MAX + 4];

				near[strlen(near) - 2] = '\0';
				fail(c, "", NULL, "invalid JSON at byte %d: duplicate key \"%s\"",
				    je.position, quote(near + sizeof " near '\"" - 1, q));
				return NULL;
			}
			break;
		case json_error_null_character:
			fail(c, "", NULL, "invalid JSON at byte %d: \\u0000 in a string",
			    je.position);
			return NULL;
		default:
			break;
		}
		if (near != NULL)
			*near = '\0';
		fail(c, "", NULL, "invalid JSON at byte %d: %s", je.position, je.text);
		return NULL;
	}
	if (!json_is_object(root)) {
		fail(c, "", NULL, "expected a JSON object");
		json_decref(root);
		return NULL;
	}
	if (get_int(c, root, "", "v", LLONG_MIN, LLONG_MAX, &v) != 0) {
		json_decref(root);
		return NULL;
	}
	if (check_version(c, v) != 0) {
		json_decref(root);
		return NULL;
	}
	if (only_members(c, root, "", members) != 0) {
		json_decref(root);
		return NULL;
	}
	return root;
}

/*
 * The array member name of the message root, of at most max elements
 * (called noun in the reason); *n its size. NULL with a reason. The array
 * belongs to root.
 */
static json_t *
load_array(struct wctx *c, const json_t *root, const char *name, size_t max, const char *noun,
    size_t *n)
{
	json_t *arr = member(c, root, "", name, JSON_ARRAY);

	if (arr == NULL)
		return NULL;
	*n = json_array_size(arr);
	if (*n > max) {
		fail(c, "", name, "%zu %s, at most %zu", *n, noun, max);
		return NULL;
	}
	return arr;
}

/* Start a decode: out zeroed, so that a refused message leaves nothing to free. */
static void
clear(void *out, size_t size)
{
	memset(out, 0, size);
}

/* One outbox entry of a push; prev is the previous entry's seq, 0 for the first. */
static int
decode_change(struct wctx *c, const json_t *o, size_t i, int64_t prev, struct wire_change *ch)
{
	static const char *const members[] = { "seq", "tbl", "id", "op", "hlc", "fields", "base",
		NULL };
	char path[32], q[QUOTE_MAX + 4];
	const char *tbl, *op;
	json_t *v;
	long long n;

	snprintf(path, sizeof path, "changes[%zu]", i);
	if (!json_is_object(o))
		return fail(c, path, NULL, "expected an object");
	if (only_members(c, o, path, members) != 0 ||
	    get_int(c, o, path, "seq", 1, LLONG_MAX, &n) != 0)
		return -1;
	if (prev == LLONG_MAX)
		return fail(c, path, "seq", "nothing can follow %lld", (long long)prev);
	if (prev != 0 && n - 1 != prev)
		return fail(c, path, "seq", "expected %lld, got %lld (seqs must be consecutive)",
		    (long long)prev + 1, n);
	ch->seq = n;
	if ((v = member(c, o, path, "tbl", JSON_STRING)) == NULL)
		return -1;
	tbl = json_string_value(v);
	if (!in_list(tbl, push_tables)) {
		if (in_list(tbl, pull_tables))
			return fail(c, path, "tbl", "table \"%s\" cannot be pushed", tbl);
		return fail(c, path, "tbl", "unknown table \"%s\"", quote(tbl, q));
	}
	snprintf(ch->tbl, sizeof ch->tbl, "%s", tbl);
	if (get_uuid(c, o, path, "id", ch->id) != 0)
		return -1;
	if ((v = member(c, o, path, "op", JSON_STRING)) == NULL)
		return -1;
	op = json_string_value(v);
	if (!in_list(op, ops))
		return fail(c, path, "op", "unknown op \"%s\" (insert, update or delete)",
		    quote(op, q));
	if (wire_append_only_table(tbl) && strcmp(op, "insert") != 0)
		return fail(c, path, "op", "%s is append-only: only insert, not %s", tbl, op);
	snprintf(ch->op, sizeof ch->op, "%s", op);
	if (get_int(c, o, path, "hlc", 1, LLONG_MAX, &n) != 0)
		return -1;
	ch->hlc = (uint64_t)n;
	if (get_fields(c, o, path, "fields", WIRE_MAX_VALUE, 0, &ch->fields) != 0)
		return -1;
	if (json_object_get(o, "base") != NULL) {
		size_t k;
		char where[PATH_MAX_LEN];

		if (get_fields(c, o, path, "base", WIRE_STAMP_LEN, 1, &ch->base) != 0)
			return -1;
		join(where, sizeof where, path, "base");
		for (k = 0; k < ch->base.n; k++)
			if (fields_get(&ch->fields, ch->base.keys[k]) == NULL)
				return fail(c, where, ch->base.keys[k], "not a changed field");
	}
	/* A delete is a supervisor's merge: at most the survivor's id. */
	if (strcmp(op, "delete") == 0) {
		const char *survivor = fields_get(&ch->fields, "replaced_by");
		char where[PATH_MAX_LEN];

		join(where, sizeof where, path, "fields");
		if (ch->fields.n > (survivor != NULL ? 1U : 0U))
			return fail(c, where, NULL, "a delete carries replaced_by only");
		if (survivor != NULL && (!ident_valid(survivor) || strcmp(survivor, ch->id) == 0))
			return fail(c, where, "replaced_by",
			    "not a canonical UUID of another record");
	}
	return 0;
}

int
wire_push_decode(const char *buf, size_t len, struct wire_push *out, char *err, size_t errlen)
{
	static const char *const members[] = { "v", "terminal", "changes", NULL };
	struct wctx c = { err, errlen };
	struct wire_push p;
	json_t *root, *arr;
	size_t i, n;
	int rc = -1;

	clear(out, sizeof *out);
	clear(&p, sizeof p);
	if ((root = load(&c, buf, len, members)) == NULL)
		return -1;
	if (get_uuid(&c, root, "", "terminal", p.terminal) != 0 ||
	    (arr = load_array(&c, root, "changes", WIRE_MAX_CHANGES, "changes", &n)) == NULL)
		goto out;
	if (n == 0) {
		fail(&c, "", "changes", "empty: a push carries 1 to %d changes", WIRE_MAX_CHANGES);
		goto out;
	}
	p.changes = xcalloc(n, sizeof *p.changes);
	for (i = 0; i < n; i++) {
		p.n = i + 1;	/* what to free if this one is refused */
		if (decode_change(&c, json_array_get(arr, i), i, i > 0 ? p.changes[i - 1].seq : 0,
		    &p.changes[i]) != 0)
			goto out;
	}
	*out = p;
	clear(&p, sizeof p);
	rc = 0;
out:
	wire_push_free(&p);
	json_decref(root);
	return rc;
}

/* One refusal in a push reply; seqs are at most applied_through. */
static int
decode_rejection(struct wctx *c, const json_t *o, size_t i, long long through,
    struct wire_rejection *r)
{
	static const char *const members[] = { "seq", "tbl", "id", "reason", NULL };
	char path[32], q[QUOTE_MAX + 4];
	json_t *v;
	long long n;

	snprintf(path, sizeof path, "rejected[%zu]", i);
	if (!json_is_object(o))
		return fail(c, path, NULL, "expected an object");
	if (only_members(c, o, path, members) != 0 ||
	    get_int(c, o, path, "seq", 1, LLONG_MAX, &n) != 0)
		return -1;
	if (n > through)
		return fail(c, path, "seq", "%lld is after applied_through %lld", n, through);
	r->seq = n;
	if ((v = member(c, o, path, "tbl", JSON_STRING)) == NULL)
		return -1;
	if (!in_list(json_string_value(v), push_tables))
		return fail(c, path, "tbl", "unknown table \"%s\"",
		    quote(json_string_value(v), q));
	snprintf(r->tbl, sizeof r->tbl, "%s", json_string_value(v));
	if (get_uuid(c, o, path, "id", r->id) != 0 ||
	    get_str(c, o, path, "reason", r->reason, sizeof r->reason, 1) != 0)
		return -1;
	return 0;
}

int
wire_push_reply_decode(const char *buf, size_t len, struct wire_push_reply *out, char *err,
    size_t errlen)
{
	static const char *const members[] = { "v", "applied_through", "hlc", "rejected", NULL };
	struct wctx c = { err, errlen };
	struct wire_push_reply r;
	json_t *root, *arr;
	long long through, hlc;
	size_t i, n;
	int rc = -1;

	clear(out, sizeof *out);
	clear(&r, sizeof r);
	if ((root = load(&c, buf, len, members)) == NULL)
		return -1;
	if (get_int(&c, root, "", "applied_through", 0, LLONG_MAX, &through) != 0 ||
	    get_int(&c, root, "", "hlc", 1, LLONG_MAX, &hlc) != 0 ||
	    (arr = load_array(&c, root, "rejected", WIRE_MAX_CHANGES, "refusals", &n)) == NULL)
		goto out;
	r.applied_through = through;
	r.hlc = (uint64_t)hlc;
	if (n > 0)
		r.rejected = xcalloc(n, sizeof *r.rejected);
	for (i = 0; i < n; i++) {
		if (decode_rejection(&c, json_array_get(arr, i), i, through, &r.rejected[i]) != 0)
			goto out;
		r.nrejected = i + 1;
	}
	*out = r;
	clear(&r, sizeof r);
	rc = 0;
out:
	wire_push_reply_free(&r);
	json_decref(root);
	return rc;
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

/* A cursor member, "" allowed. */
static int
get_cursor(struct wctx *c, const json_t *obj, char dst[WIRE_CURSOR_LEN])
{
	json_t *v = member(c, obj, "", "cursor", JSON_STRING);

	if (v == NULL)
		return -1;
	return cursor_into(c, json_string_value(v), json_string_length(v), dst);
}

int
wire_pull_decode(const char *buf, size_t len, struct wire_pull *out, char *err, size_t errlen)
{
	static const char *const members[] = { "v", "cursor", "limit", NULL };
	struct wctx c = { err, errlen };
	struct wire_pull p;
	json_t *root;
	long long limit;
	int rc = -1;

	clear(out, sizeof *out);
	clear(&p, sizeof p);
	if ((root = load(&c, buf, len, members)) == NULL)
		return -1;
	if (get_cursor(&c, root, p.cursor) != 0 ||
	    get_int(&c, root, "", "limit", 1, WIRE_MAX_RECORDS, &limit) != 0)
		goto out;
	p.limit = (long)limit;
	*out = p;
	rc = 0;
out:
	json_decref(root);
	return rc;
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
			maxvalue = in_list(tbl, document_tables) ? WIRE_MAX_DOCUMENT :
			    WIRE_MAX_VALUE;
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
	if (!in_list(tbl, pull_tables))
		return fail(pg->c, path, "tbl", "unknown table \"%s\"", quote(tbl, q));
	snprintf(r->tbl, sizeof r->tbl, "%s", tbl);
	if (key == NULL)
		return fail(pg->c, path, "key", "missing");
	if (in_list(tbl, uuid_tables)) {
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
	maxvalue = in_list(tbl, document_tables) ? WIRE_MAX_DOCUMENT : WIRE_MAX_VALUE;
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

int
wire_enroll_decode(const char *buf, size_t len, struct wire_enroll *out, char *err,
    size_t errlen)
{
	static const char *const members[] = { "v", "code", "terminal", NULL };
	struct wctx c = { err, errlen };
	struct wire_enroll e;
	json_t *root;
	int rc = -1;

	clear(out, sizeof *out);
	clear(&e, sizeof e);
	if ((root = load(&c, buf, len, members)) == NULL)
		return -1;
	if (get_str(&c, root, "", "code", e.code, sizeof e.code, 1) != 0)
		goto out;
	if (!all_in_class(e.code, strlen(e.code), 'k')) {
		fail(&c, "", "code", "not a code (letters, digits and '-')");
		goto out;
	}
	if (get_uuid(&c, root, "", "terminal", e.terminal) != 0)
		goto out;
	*out = e;
	rc = 0;
out:
	explicit_bzero(&e, sizeof e);
	json_decref(root);
	return rc;
}

/* A text member without control characters, of minlen or more bytes, into dst. */
static int
get_text(struct wctx *c, const json_t *obj, const char *path, const char *name, char *dst,
    size_t size, size_t minlen)
{
	if (get_str(c, obj, path, name, dst, size, minlen) != 0)
		return -1;
	if (!no_controls(dst, strlen(dst)))
		return fail(c, path, name, "holds a control character");
	return 0;
}

int
wire_enroll_reply_decode(const char *buf, size_t len, struct wire_enroll_reply *out,
    char *err, size_t errlen)
{
	static const char *const members[] = { "v", "token", "office", "identity_key", NULL };
	static const char *const office_members[] = { "code", "name", "level", "parent", NULL };
	struct wctx c = { err, errlen };
	struct wire_enroll_reply e;
	json_t *root, *office;
	int rc = -1;

	clear(out, sizeof *out);
	clear(&e, sizeof e);
	if ((root = load(&c, buf, len, members)) == NULL)
		return -1;
	if (get_str(&c, root, "", "token", e.token, sizeof e.token, 1) != 0)
		goto out;
	if (!all_in_class(e.token, strlen(e.token), 't')) {
		fail(&c, "", "token", "not base64url");
		goto out;
	}
	if ((office = member(&c, root, "", "office", JSON_OBJECT)) == NULL ||
	    only_members(&c, office, "office", office_members) != 0 ||
	    get_text(&c, office, "office", "code", e.office_code, sizeof e.office_code, 1) != 0 ||
	    get_text(&c, office, "office", "name", e.office_name, sizeof e.office_name, 1) != 0 ||
	    get_text(&c, office, "office", "level", e.office_level, sizeof e.office_level,
	    1) != 0 ||
	    get_text(&c, office, "office", "parent", e.office_parent, sizeof e.office_parent,
	    0) != 0 ||
	    get_str(&c, root, "", "identity_key", e.identity_key, sizeof e.identity_key, 0) != 0)
		goto out;
	if (strlen(e.identity_key) != 2 * IDENT_KEYLEN ||
	    !all_in_class(e.identity_key, 2 * IDENT_KEYLEN, 'h')) {
		fail(&c, "", "identity_key", "not %d lower-case hex digits", 2 * IDENT_KEYLEN);
		goto out;
	}
	*out = e;
	rc = 0;
out:
	explicit_bzero(&e, sizeof e);
	json_decref(root);
	return rc;
}

int
wire_error_decode(const char *buf, size_t len, struct wire_error *out, char *err,
    size_t errlen)
{
	static const char *const members[] = { "v", "error", "message", "expected", "replayed",
		NULL };
	struct wctx c = { err, errlen };
	struct wire_error e;
	json_t *root;
	long long expected, replayed;
	int rc = -1;

	clear(out, sizeof *out);
	clear(&e, sizeof e);
	if ((root = load(&c, buf, len, members)) == NULL)
		return -1;
	if (get_str(&c, root, "", "error", e.error, sizeof e.error, 1) != 0)
		goto out;
	if (!all_in_class(e.error, strlen(e.error), 'w')) {
		fail(&c, "", "error", "not a word ([a-z_]+)");
		goto out;
	}
	if (get_str(&c, root, "", "message", e.message, sizeof e.message, 0) != 0)
		goto out;
	if (json_object_get(root, "expected") != NULL) {
		if (get_int(&c, root, "", "expected", 1, LLONG_MAX, &expected) != 0)
			goto out;
		e.expected = expected;
	}
	if (json_object_get(root, "replayed") != NULL) {
		if (get_int(&c, root, "", "replayed", 0, LLONG_MAX, &replayed) != 0)
			goto out;
		e.replayed = replayed;
	}
	*out = e;
	rc = 0;
out:
	json_decref(root);
	return rc;
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

/* --- Encoding --- */

/* Add member name = v to obj; a value jansson refuses is a bug of the caller. */
static void
put(json_t *obj, const char *name, json_t *v)
{
	if (v == NULL || json_object_set_new(obj, name, v) != 0)
		fatalx("wire: member %s cannot be encoded (not UTF-8?)", name);
}

/* A string from the program: ids, tables, codes, field values (checked as UTF-8). */
static void
put_str(json_t *obj, const char *name, const char *s)
{
	put(obj, name, json_string(s));
}

/*
 * Free text the server makes up (a reason, a message, a name) that a
 * fixed buffer may have cut inside a character: only its valid UTF-8
 * prefix goes out, so the message still decodes.
 */
static void
put_text(json_t *obj, const char *name, const char *s)
{
	uint32_t cp;
	size_t len = strlen(s), i, k;

	for (i = 0; i < len; i += k)
		if ((k = utf8_decode(s + i, len - i, &cp)) == 0)
			break;
	put(obj, name, json_stringn(s, i));
}

static void
put_int(json_t *obj, const char *name, long long n)
{
	put(obj, name, json_integer(n));
}

/* A field set as an object of strings. */
static json_t *
fields_json(const struct fields *f)
{
	json_t *o = json_object();
	size_t i;

	if (o == NULL)
		fatalx("wire: out of memory");
	for (i = 0; i < f->n; i++)
		put_str(o, f->keys[i], f->values[i]);
	return o;
}

/* A new message object with "v" first. */
static json_t *
message(void)
{
	json_t *o = json_object();

	if (o == NULL)
		fatalx("wire: out of memory");
	put_int(o, "v", WIRE_VERSION);
	return o;
}

/* Append v to the array a. */
static void
append(json_t *a, json_t *v)
{
	if (v == NULL || json_array_append_new(a, v) != 0)
		fatalx("wire: out of memory");
}

/* A new array. */
static json_t *
array(void)
{
	json_t *a = json_array();

	if (a == NULL)
		fatalx("wire: out of memory");
	return a;
}

/* Dump root compact, free the tree, return the text (caller frees) and its length. */
static char *
dump(json_t *root, size_t *len)
{
	char *s = json_dumps(root, JSON_COMPACT);

	json_decref(root);
	if (s == NULL)
		fatalx("wire: cannot encode a message");
	if (len != NULL)
		*len = strlen(s);
	return s;
}

char *
wire_push_encode(const struct wire_push *p, size_t *len)
{
	json_t *root = message(), *changes = array(), *o;
	size_t i;

	put_str(root, "terminal", p->terminal);
	for (i = 0; i < p->n; i++) {
		const struct wire_change *ch = &p->changes[i];

		o = json_object();
		append(changes, o);
		put_int(o, "seq", ch->seq);
		put_str(o, "tbl", ch->tbl);
		put_str(o, "id", ch->id);
		put_str(o, "op", ch->op);
		put_int(o, "hlc", (long long)ch->hlc);
		put(o, "fields", fields_json(&ch->fields));
		if (ch->base.n > 0)
			put(o, "base", fields_json(&ch->base));
	}
	put(root, "changes", changes);
	return dump(root, len);
}

char *
wire_push_reply_encode(const struct wire_push_reply *r, size_t *len)
{
	json_t *root = message(), *rejected = array(), *o;
	size_t i;

	put_int(root, "applied_through", r->applied_through);
	put_int(root, "hlc", (long long)r->hlc);
	for (i = 0; i < r->nrejected; i++) {
		o = json_object();
		append(rejected, o);
		put_int(o, "seq", r->rejected[i].seq);
		put_str(o, "tbl", r->rejected[i].tbl);
		put_str(o, "id", r->rejected[i].id);
		put_text(o, "reason", r->rejected[i].reason);
	}
	put(root, "rejected", rejected);
	return dump(root, len);
}

char *
wire_pull_encode(const struct wire_pull *p, size_t *len)
{
	json_t *root = message();

	put_str(root, "cursor", p->cursor);
	put_int(root, "limit", p->limit);
	return dump(root, len);
}

/* A record's members before its fields, as an object (the caller adds the rest). */
static json_t *
record_head(const struct wire_record *r)
{
	json_t *o = json_object();

	put_str(o, "tbl", r->tbl);
	put_str(o, "key", r->key);
	put(o, "deleted", json_boolean(r->deleted));
	put_str(o, "replaced_by", r->replaced_by);
	return o;
}

/* Add a field set: its JSON text when there is one, else encoded. */
static void
paste(struct buf *b, const char *text, const struct fields *f)
{
	char *s;

	if (text != NULL) {
		buf_adds(b, text);
		return;
	}
	s = dump(fields_json(f), NULL);
	buf_adds(b, s);
	free(s);
}

/*
 * The records of a page whose fields and stamps come as JSON texts: each
 * record's head is encoded and the two texts pasted after it, so that a
 * page of thousands of records is never taken apart and built again.
 */
static void
records_pasted(const struct wire_pull_reply *p, struct buf *b)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		const struct wire_record *r = &p->records[i];
		char *head = dump(record_head(r), NULL);

		if (i > 0)
			buf_addc(b, ',');
		/* The head without its closing brace, then the two members. */
		buf_add(b, head, strlen(head) - 1);
		free(head);
		buf_adds(b, ",\"fields\":");
		paste(b, r->fields_text, &r->fields);
		buf_adds(b, ",\"stamps\":");
		paste(b, r->stamps_text, &r->stamps);
		buf_addc(b, '}');
	}
}

char *
wire_pull_reply_encode(const struct wire_pull_reply *p, size_t *len)
{
	json_t *root = message(), *records = array(), *o;
	struct buf b = BUF_INIT;
	size_t i, hlen;
	char *head;

	put_str(root, "cursor", p->cursor);
	put(root, "more", json_boolean(p->more));
	put(root, "reset", json_boolean(p->reset));
	put_int(root, "remaining", p->remaining);
	put_int(root, "hlc", (long long)p->hlc);
	if (p->n == 0 || p->records[0].fields_text == NULL) {
		for (i = 0; i < p->n; i++) {
			const struct wire_record *r = &p->records[i];

			o = record_head(r);
			append(records, o);
			put(o, "fields", fields_json(&r->fields));
			put(o, "stamps", fields_json(&r->stamps));
		}
		put(root, "records", records);
		return dump(root, len);
	}
	/* Members keep their order: the message ends in "records":[]}. */
	put(root, "records", records);
	head = dump(root, &hlen);
	if (hlen < 2 || strcmp(head + hlen - 2, "]}") != 0)
		fatalx("wire: a pull reply does not end in its records");
	buf_add(&b, head, hlen - 2);
	free(head);
	records_pasted(p, &b);
	buf_adds(&b, "]}");
	if (len != NULL)
		*len = b.len;
	return buf_detach(&b);
}

char *
wire_enroll_encode(const struct wire_enroll *e, size_t *len)
{
	json_t *root = message();

	put_str(root, "code", e->code);
	put_str(root, "terminal", e->terminal);
	return dump(root, len);
}

char *
wire_enroll_reply_encode(const struct wire_enroll_reply *e, size_t *len)
{
	json_t *root = message(), *office = json_object();

	put_str(root, "token", e->token);
	if (office == NULL)
		fatalx("wire: out of memory");
	put_text(office, "code", e->office_code);
	put_text(office, "name", e->office_name);
	put_text(office, "level", e->office_level);
	put_text(office, "parent", e->office_parent);
	put(root, "office", office);
	put_str(root, "identity_key", e->identity_key);
	return dump(root, len);
}

char *
wire_error_encode(const struct wire_error *e, size_t *len)
{
	json_t *root = message();

	put_str(root, "error", e->error);
	put_text(root, "message", e->message);
	if (e->expected > 0)
		put_int(root, "expected", e->expected);
	if (e->replayed > 0)
		put_int(root, "replayed", e->replayed);
	return dump(root, len);
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

int
wire_pushable_table(const char *tbl)
{
	return in_list(tbl, push_tables);
}

int
wire_append_only_table(const char *tbl)
{
	return strcmp(tbl, "service_event") == 0;
}
