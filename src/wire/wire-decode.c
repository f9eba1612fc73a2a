/*
 * Decoding the small messages (a push, its reply, a pull request, an
 * enrollment and its reply, an error): each is described member by member
 * in a table below, and one walker checks a message against its tables
 * before a caller sees any of it, so the server refuses a bad body before
 * it writes and the client refuses a bad reply before it acts.
 *
 * These are parsed whole by jansson first, then walked; a pull page is
 * scanned by jscan (wire-page.c) with tables of the same kind. Why two
 * engines: what a peer is told about a broken message is part of the
 * protocol's behaviour, and for these messages it is jansson's: the whole
 * text is judged as JSON before any member (every cut of a push says
 * "invalid JSON", a duplicate key anywhere is found before a wrong
 * member), with jansson's words and byte positions, and the members are
 * then checked in the tables' order whatever the text's. A pull scanner
 * meets errors in the text's order, so it would need a tree of its own to
 * keep those reasons, and jansson's wording besides. A page has no such
 * history to keep (it never went through jansson's reasons), and is the
 * one message big enough for a tree to cost.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "common/fields.h"
#include "common/xalloc.h"
#include "core/kind.h"
#include "wire/wire-int.h"
#include "wire/wire.h"

static int	decode_object(struct wctx *, const json_t *, const char *path,
		    const struct member_object *, void *obj, const void *up, size_t index);

/* --- The messages --- */

static const char *const decode_ops[] = { "insert", "update", "delete", "transfer", NULL };

/* A change's seq follows the one before it in the push. */
static int
decode_seq_follows(const struct member_walk *w, const struct member *m, const char *s,
    size_t len, long long n)
{
	const struct wire_change *ch = w->obj;
	long long prev = w->index > 0 ? ch[-1].seq : 0;

	(void)s;
	(void)len;
	if (prev == LLONG_MAX)
		return member_fail(w->c, w->path, m->name, "nothing can follow %lld", prev);
	if (prev != 0 && n - 1 != prev)
		return member_fail(w->c, w->path, m->name,
		    "expected %lld, got %lld (seqs must be consecutive)", prev + 1, n);
	return 0;
}

/* An append-only kind's changes are inserts. */
static int
decode_op_allowed(const struct member_walk *w, const struct member *m, const char *s,
    size_t len, long long n)
{
	(void)len;
	(void)n;
	if (w->kind->merge == KIND_MERGE_APPEND && strcmp(s, "insert") != 0)
		return member_fail(w->c, w->path, m->name, "%s is append-only: only insert, not %s",
		    w->kind->name, s);
	return 0;
}

/*
 * What a change carries as a whole: a base only for fields it changes; a
 * delete (a supervisor's merge) at most the survivor's id.
 */
static int
decode_change_rules(const struct member_walk *w)
{
	const struct wire_change *ch = w->obj;
	const char *survivor;
	char where[PATH_MAX_LEN];
	size_t k;

	member_join(where, sizeof where, w->path, "base");
	for (k = 0; k < ch->base.n; k++)
		if (fields_get(&ch->fields, ch->base.keys[k]) == NULL)
			return member_fail(w->c, where, ch->base.keys[k], "not a changed field");
	if (strcmp(ch->op, "transfer") == 0) {
		member_join(where, sizeof where, w->path, "fields");
		if (ch->fields.n != 2 || *fields_str(&ch->fields, "office") == '\0' ||
		    *fields_str(&ch->fields, "reason") == '\0')
			return member_fail(w->c, where, NULL, "a transfer carries office and reason only");
		return 0;
	}
	if (strcmp(ch->op, "delete") != 0)
		return 0;
	survivor = fields_get(&ch->fields, "replaced_by");
	member_join(where, sizeof where, w->path, "fields");
	if (ch->fields.n > (survivor != NULL ? 1U : 0U))
		return member_fail(w->c, where, NULL, "a delete carries replaced_by only");
	if (survivor != NULL && (!ident_valid(survivor) || strcmp(survivor, ch->id) == 0))
		return member_fail(w->c, where, "replaced_by",
		    "not a canonical UUID of another record");
	return 0;
}

/* One outbox entry of a push. */
static const struct member decode_change_members[] = {
	{ .name = "seq", .type = MT_INT, AT(struct wire_change, seq), .min = 1, .max = LLONG_MAX,
	  .check = decode_seq_follows },
	{ .name = "tbl", .type = MT_TABLE, AT(struct wire_change, tbl), .kind_flags = KF_PUSH,
	  .refusal = "cannot be pushed" },
	{ .name = "id", .type = MT_ID, AT(struct wire_change, id) },
	{ .name = "op", .type = MT_NAME, AT(struct wire_change, op), .names = decode_ops,
	  .hint = "insert, update, delete or transfer", .check = decode_op_allowed },
	{ .name = "hlc", .type = MT_INT, AT(struct wire_change, hlc), .min = 1, .max = LLONG_MAX },
	{ .name = "fields", .type = MT_FIELDS, AT(struct wire_change, fields),
	  .limit = WIRE_MAX_VALUE },
	{ .name = "base", .type = MT_STAMPS, AT(struct wire_change, base), .optional = 1 },
	{ .name = "author", .type = MT_TEXT, AT(struct wire_change, author), .optional = 1,
	  .minlen = 1 },
	{ .name = "sig", .type = MT_HEX, AT(struct wire_change, sig), .optional = 1 },
};
static const struct member_object decode_change = {
	MEMBERS(decode_change_members), .finish = decode_change_rules,
};

/* POST /v1/push. */
static const struct member decode_push_members[] = {
	{ .name = "v", .type = MT_VERSION },
	{ .name = "terminal", .type = MT_ID, AT(struct wire_push, terminal) },
	{ .name = "changes", .type = MT_ARRAY, .at = offsetof(struct wire_push, changes),
	  .count_at = offsetof(struct wire_push, n), .elem_size = sizeof(struct wire_change),
	  .max = WIRE_MAX_CHANGES, .noun = "changes",
	  .empty = "empty: a push carries 1 to " STR(WIRE_MAX_CHANGES) " changes",
	  .sub = &decode_change },
};
static const struct member_object decode_push = { MEMBERS(decode_push_members) };

/* A refusal is of a change the push applied (or skipped): not after applied_through. */
static int
decode_seq_applied(const struct member_walk *w, const struct member *m, const char *s,
    size_t len, long long n)
{
	const struct wire_push_reply *r = w->up;

	(void)s;
	(void)len;
	if (n > r->applied_through)
		return member_fail(w->c, w->path, m->name, "%lld is after applied_through %lld", n,
		    (long long)r->applied_through);
	return 0;
}

/* One refusal in a push reply. */
static const struct member decode_rejection_members[] = {
	{ .name = "seq", .type = MT_INT, AT(struct wire_rejection, seq), .min = 1,
	  .max = LLONG_MAX, .check = decode_seq_applied },
	{ .name = "tbl", .type = MT_TABLE, AT(struct wire_rejection, tbl), .kind_flags = KF_PUSH },
	{ .name = "id", .type = MT_ID, AT(struct wire_rejection, id) },
	{ .name = "reason", .type = MT_STRING, AT(struct wire_rejection, reason), .minlen = 1 },
};
static const struct member_object decode_rejection = { MEMBERS(decode_rejection_members) };

/* The answer to a push. */
static const struct member decode_push_reply_members[] = {
	{ .name = "v", .type = MT_VERSION },
	{ .name = "applied_through", .type = MT_INT, AT(struct wire_push_reply, applied_through),
	  .min = 0, .max = LLONG_MAX },
	{ .name = "hlc", .type = MT_INT, AT(struct wire_push_reply, hlc), .min = 1,
	  .max = LLONG_MAX },
	{ .name = "rejected", .type = MT_ARRAY, .at = offsetof(struct wire_push_reply, rejected),
	  .count_at = offsetof(struct wire_push_reply, nrejected),
	  .elem_size = sizeof(struct wire_rejection), .max = WIRE_MAX_CHANGES, .noun = "refusals",
	  .sub = &decode_rejection },
};
static const struct member_object decode_push_reply = { MEMBERS(decode_push_reply_members) };

/* POST /v1/pull. */
static const struct member decode_pull_members[] = {
	{ .name = "v", .type = MT_VERSION },
	{ .name = "cursor", .type = MT_STRING, AT(struct wire_pull, cursor),
	  .chars = MC_PRINTABLE },
	{ .name = "limit", .type = MT_INT, AT(struct wire_pull, limit), .min = 1,
	  .max = WIRE_MAX_RECORDS },
};
static const struct member_object decode_pull = { MEMBERS(decode_pull_members) };

/* POST /v1/enroll. */
static const struct member decode_enroll_members[] = {
	{ .name = "v", .type = MT_VERSION },
	{ .name = "code", .type = MT_STRING, AT(struct wire_enroll, code), .minlen = 1,
	  .chars = MC_CODE },
	{ .name = "terminal", .type = MT_ID, AT(struct wire_enroll, terminal) },
};
static const struct member_object decode_enroll = { MEMBERS(decode_enroll_members) };

/* The office of an enrollment reply, its members flat in struct wire_enroll_reply. */
static const struct member decode_office_members[] = {
	{ .name = "code", .type = MT_TEXT, AT(struct wire_enroll_reply, office_code), .minlen = 1 },
	{ .name = "name", .type = MT_TEXT, AT(struct wire_enroll_reply, office_name), .minlen = 1 },
	{ .name = "level", .type = MT_TEXT, AT(struct wire_enroll_reply, office_level),
	  .minlen = 1 },
	{ .name = "parent", .type = MT_TEXT, AT(struct wire_enroll_reply, office_parent) },
};
static const struct member_object decode_office = { MEMBERS(decode_office_members) };

/* The answer to an enrollment. */
static const struct member decode_enroll_reply_members[] = {
	{ .name = "v", .type = MT_VERSION },
	{ .name = "token", .type = MT_STRING, AT(struct wire_enroll_reply, token), .minlen = 1,
	  .chars = MC_TOKEN },
	{ .name = "office", .type = MT_OBJECT, .sub = &decode_office },
	{ .name = "identity_key", .type = MT_HEX, AT(struct wire_enroll_reply, identity_key) },
	/* Optional: a server before it did not say, and the terminal kept its id. */
	{ .name = "terminal", .type = MT_ID, AT(struct wire_enroll_reply, terminal),
	  .optional = 1 },
	{ .name = "number", .type = MT_INT, AT(struct wire_enroll_reply, number), .optional = 1,
	  .min = 1, .max = 999999 },
};
static const struct member_object decode_enroll_reply = {
	MEMBERS(decode_enroll_reply_members),
};

/* POST /v1/keys. */
static const struct member decode_keys_members[] = {
	{ .name = "v", .type = MT_VERSION },
	{ .name = "terminal", .type = MT_ID, AT(struct wire_keys, terminal) },
	{ .name = "sign_key", .type = MT_HEX, AT(struct wire_keys, sign_key) },
	{ .name = "box_key", .type = MT_HEX, AT(struct wire_keys, box_key) },
};
static const struct member_object decode_keys = { MEMBERS(decode_keys_members) };

/* The answer to POST /v1/keys: the district's keys. */
static const struct member decode_keys_reply_members[] = {
	{ .name = "v", .type = MT_VERSION },
	{ .name = "sign_key", .type = MT_HEX, AT(struct wire_keys, sign_key) },
	{ .name = "box_key", .type = MT_HEX, AT(struct wire_keys, box_key) },
};
static const struct member_object decode_keys_reply = { MEMBERS(decode_keys_reply_members) };

/* POST /v1/fetch: a seeker's id, signed by the account that asks. */
static const struct member decode_fetch_members[] = {
	{ .name = "v", .type = MT_VERSION },
	{ .name = "id", .type = MT_ID, AT(struct wire_fetch, id) },
	{ .name = "hlc", .type = MT_INT, AT(struct wire_fetch, hlc), .min = 1, .max = LLONG_MAX },
	{ .name = "author", .type = MT_TEXT, AT(struct wire_fetch, author), .minlen = 1 },
	{ .name = "sig", .type = MT_HEX, AT(struct wire_fetch, sig) },
};
static const struct member_object decode_fetch = { MEMBERS(decode_fetch_members) };

/* POST /v1/bundle: a field terminal's bundle, relayed. */
static const struct member decode_relay_members[] = {
	{ .name = "v", .type = MT_VERSION },
	{ .name = "terminal", .type = MT_ID, AT(struct wire_relay, terminal) },
	{ .name = "bundle", .type = MT_BASE64, .at = offsetof(struct wire_relay, bundle),
	  .count_at = offsetof(struct wire_relay, len), .max = (long long)WIRE_MAX_RELAYED },
};
static const struct member_object decode_relay = { MEMBERS(decode_relay_members) };

/* The answer to POST /v1/bundle: what was done, and the reply. */
static const struct member decode_relay_reply_members[] = {
	{ .name = "v", .type = MT_VERSION },
	{ .name = "terminal", .type = MT_ID, AT(struct wire_relay_reply, terminal) },
	{ .name = "office", .type = MT_TEXT, AT(struct wire_relay_reply, office), .minlen = 1 },
	{ .name = "number", .type = MT_INT, AT(struct wire_relay_reply, number), .min = 1,
	  .max = LLONG_MAX },
	{ .name = "changes", .type = MT_INT, AT(struct wire_relay_reply, changes), .min = 0,
	  .max = LLONG_MAX },
	{ .name = "acknowledged", .type = MT_INT, AT(struct wire_relay_reply, acknowledged),
	  .min = 0, .max = LLONG_MAX },
	{ .name = "rejected", .type = MT_INT, AT(struct wire_relay_reply, rejected), .min = 0,
	  .max = LLONG_MAX },
	{ .name = "push_error", .type = MT_TEXT, AT(struct wire_relay_reply, push_error),
	  .optional = 1 },
	{ .name = "refused_from", .type = MT_INT, AT(struct wire_relay_reply, refused_from),
	  .optional = 1, .min = 1, .max = LLONG_MAX },
	{ .name = "records", .type = MT_INT, AT(struct wire_relay_reply, records), .min = 0,
	  .max = LLONG_MAX },
	{ .name = "more", .type = MT_BOOL, AT(struct wire_relay_reply, more) },
	{ .name = "pull_error", .type = MT_TEXT, AT(struct wire_relay_reply, pull_error),
	  .optional = 1 },
	{ .name = "newer", .type = MT_INT, AT(struct wire_relay_reply, newer), .optional = 1,
	  .min = 1, .max = LLONG_MAX },
	{ .name = "reply", .type = MT_BASE64, .at = offsetof(struct wire_relay_reply, reply),
	  .count_at = offsetof(struct wire_relay_reply, len),
	  .max = (long long)WIRE_MAX_RELAYED },
};
static const struct member_object decode_relay_reply = {
	MEMBERS(decode_relay_reply_members),
};

/* Any 4xx or 5xx. */
static const struct member decode_error_members[] = {
	{ .name = "v", .type = MT_VERSION },
	{ .name = "error", .type = MT_STRING, AT(struct wire_error, error), .minlen = 1,
	  .chars = MC_WORD },
	{ .name = "message", .type = MT_STRING, AT(struct wire_error, message) },
	{ .name = "expected", .type = MT_INT, AT(struct wire_error, expected), .optional = 1,
	  .min = 1, .max = LLONG_MAX },
	{ .name = "replayed", .type = MT_INT, AT(struct wire_error, replayed), .optional = 1,
	  .min = 0, .max = LLONG_MAX },
};
static const struct member_object decode_error = { MEMBERS(decode_error_members) };

/* --- The walker --- */

/* Whether v is of the JSON type member type t is. */
static int
decode_has_type(const json_t *v, enum member_type t)
{
	switch (t) {
	case MT_VERSION:
	case MT_INT:
		return json_is_integer(v);
	case MT_BOOL:
		return json_is_boolean(v);
	case MT_FIELDS:
	case MT_STAMPS:
	case MT_OBJECT:
		return json_is_object(v);
	case MT_ARRAY:
		return json_is_array(v);
	default:
		return json_is_string(v);
	}
}

/*
 * The object o as the field set of member m: at most WIRE_MAX_FIELDS keys
 * of field-key form, each a string within the member's limit. jansson
 * refused duplicate keys, so the set is filled directly, in the message's
 * order.
 */
static int
decode_fields(struct member_walk *w, const json_t *o, const struct member *m)
{
	struct fields *f = (struct fields *)(void *)((char *)w->obj + m->at);
	size_t n = json_object_size(o), limit = member_value_limit(m, w->kind), len;
	const char *key;
	json_t *v;

	if (n > WIRE_MAX_FIELDS)
		return member_fail(w->c, w->path, m->name, "%zu fields, at most %d", n,
		    WIRE_MAX_FIELDS);
	if (n == 0)
		return 0;
	f->keys = xcalloc(n, sizeof *f->keys);
	f->values = xcalloc(n, sizeof *f->values);
	f->cap = 0;
	json_object_foreach((json_t *)o, key, v) {
		if (member_field_key(w->c, w->path, m, key, strlen(key)) != 0)
			return -1;
		if (!json_is_string(v))
			return member_fail_in(w->c, w->path, m->name, key, "expected a string");
		len = json_string_length(v);
		if (member_field_value(w->c, w->path, m, key, json_string_value(v), len,
		    limit) != 0)
			return -1;
		f->keys[f->n] = xstrdup(key);
		f->values[f->n] = xstrndup(json_string_value(v), len);
		f->n++;
	}
	return 0;
}

/*
 * The array a as the elements of member m: at most m->max objects, each
 * walked into an element of a new array of the struct; its count is kept
 * up to date, so that what is decoded can be freed when one is refused.
 */
static int
decode_array(struct member_walk *w, const json_t *a, const struct member *m)
{
	char where[PATH_MAX_LEN], path[PATH_MAX_LEN + 24];
	size_t n = json_array_size(a), i;
	char *elems;
	json_t *e;

	if (n > (size_t)m->max)
		return member_fail(w->c, w->path, m->name, "%zu %s, at most %lld", n, m->noun,
		    m->max);
	if (n == 0 && m->empty != NULL)
		return member_fail(w->c, w->path, m->name, "%s", m->empty);
	if (n == 0)
		return 0;
	elems = xcalloc(n, m->elem_size);
	memcpy((char *)w->obj + m->at, &elems, sizeof elems);
	member_join(where, sizeof where, w->path, m->name);
	for (i = 0; i < n; i++) {
		size_t count = i + 1;

		memcpy((char *)w->obj + m->count_at, &count, sizeof count);
		snprintf(path, sizeof path, "%s[%zu]", where, i);
		e = json_array_get(a, i);
		if (!json_is_object(e))
			return member_fail(w->c, path, NULL, "expected an object");
		if (decode_object(w->c, e, path, m->sub, elems + i * m->elem_size, w->obj, i) != 0)
			return -1;
	}
	return 0;
}

/*
 * The string v as the bytes of base64 member m: at most m->max of them,
 * into a new buffer at m->at with their count at m->count_at; 0 or -1.
 */
static int
decode_base64(struct member_walk *w, const json_t *v, const struct member *m)
{
	const char *s = json_string_value(v);
	size_t len = json_string_length(v), room = len / 4 * 3, n = 0;
	unsigned char *bytes;

	if (len % 4 != 0)
		return member_fail(w->c, w->path, m->name, "not base64");
	if (room > (size_t)m->max + 2)
		return member_fail(w->c, w->path, m->name, "more than %lld bytes", m->max);
	bytes = xmalloc(room > 0 ? room : 1);
	if (sodium_base642bin(bytes, room, s, len, NULL, &n, NULL,
	    sodium_base64_VARIANT_ORIGINAL) != 0) {
		free(bytes);
		return member_fail(w->c, w->path, m->name, "not base64");
	}
	if (n > (size_t)m->max) {
		free(bytes);
		return member_fail(w->c, w->path, m->name, "more than %lld bytes", m->max);
	}
	memcpy((char *)w->obj + m->at, &bytes, sizeof bytes);
	memcpy((char *)w->obj + m->count_at, &n, sizeof n);
	return 0;
}

/* Member m of the object o: present (unless optional), of its type, then taken; 0 or -1. */
static int
decode_member(struct member_walk *w, const json_t *o, const struct member *m)
{
	json_t *v = json_object_get(o, m->name);
	char path[PATH_MAX_LEN];

	if (v == NULL)
		return m->optional ? 0 : member_fail(w->c, w->path, m->name, "missing");
	if (!decode_has_type(v, m->type))
		return member_fail(w->c, w->path, m->name, "expected %s",
		    member_type_name(m->type));
	switch (m->type) {
	case MT_VERSION:
	case MT_INT:
		return member_take_int(w, m, json_integer_value(v));
	case MT_BOOL:
		member_take_bool(w, m, json_is_true(v));
		return 0;
	case MT_FIELDS:
	case MT_STAMPS:
		return decode_fields(w, v, m);
	case MT_OBJECT:
		member_join(path, sizeof path, w->path, m->name);
		return decode_object(w->c, v, path, m->sub, w->obj, w->up, w->index);
	case MT_ARRAY:
		return decode_array(w, v, m);
	case MT_BASE64:
		return decode_base64(w, v, m);
	default:
		return member_take_string(w, m, json_string_value(v), json_string_length(v));
	}
}

/*
 * The object o along its table, into obj: the version first (a newer peer
 * is told that its version is not spoken, not that a member it added is
 * unknown), then no member the table does not name (a newer peer's
 * additions are a version change, not something to drop silently), then
 * each member in the table's order, then the rule across them.
 */
static int
decode_object(struct wctx *c, const json_t *o, const char *path, const struct member_object *spec,
    void *obj, const void *up, size_t index)
{
	struct member_walk w = { .c = c, .path = path, .obj = obj, .up = up, .index = index };
	char q[QUOTE_MAX + 4];
	const char *key;
	json_t *v;
	size_t i;

	for (i = 0; i < spec->n; i++)
		if (spec->members[i].type == MT_VERSION &&
		    decode_member(&w, o, &spec->members[i]) != 0)
			return -1;
	json_object_foreach((json_t *)o, key, v)
		if (member_find(spec, key) < 0)
			return member_fail(c, path, NULL, "unknown member \"%s\"",
			    member_quote(key, q));
	for (i = 0; i < spec->n; i++)
		if (spec->members[i].type != MT_VERSION &&
		    decode_member(&w, o, &spec->members[i]) != 0)
			return -1;
	return spec->finish != NULL ? spec->finish(&w) : 0;
}

/*
 * Parse a message: a JSON object without duplicate keys. jansson's own
 * reason is kept without its "near '...'" part, which can quote a value.
 * The root, which the caller frees with json_decref(), or NULL with a
 * reason.
 */
static json_t *
decode_load(struct wctx *c, const char *buf, size_t len)
{
	char q[QUOTE_MAX + 4], *near;
	const char *nul;
	json_error_t je;
	json_t *root;

	/* jansson passes over a NUL byte right after a number or a literal. */
	if (len > 0 && (nul = memchr(buf, '\0', len)) != NULL) {
		member_fail(c, "", NULL, "invalid JSON at byte %td: a NUL byte", nul - buf);
		return NULL;
	}
	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL) {
		near = strstr(je.text, " near ");
		switch (json_error_code(&je)) {
		case json_error_duplicate_key:
			/* Here "near" is the key itself, which may be named. */
			if (near != NULL && strlen(near) >= sizeof " near '\"\"'" - 1) {
				near[strlen(near) - 2] = '\0';
				member_fail(c, "", NULL, "invalid JSON at byte %d: duplicate key \"%s\"",
				    je.position, member_quote(near + sizeof " near '\"" - 1, q));
				return NULL;
			}
			break;
		case json_error_null_character:
			member_fail(c, "", NULL, "invalid JSON at byte %d: \\u0000 in a string",
			    je.position);
			return NULL;
		default:
			break;
		}
		if (near != NULL)
			*near = '\0';
		member_fail(c, "", NULL, "invalid JSON at byte %d: %s", je.position, je.text);
		return NULL;
	}
	if (!json_is_object(root)) {
		member_fail(c, "", NULL, "expected a JSON object");
		json_decref(root);
		return NULL;
	}
	return root;
}

/*
 * Free what decoding obj along spec allocated (field sets, arrays and
 * what their elements hold): a refused message leaves nothing behind.
 */
static void
decode_free(const struct member_object *spec, void *obj)
{
	const struct member *m;
	size_t i, k, count;
	char *elems;

	for (i = 0; i < spec->n; i++) {
		m = &spec->members[i];
		switch (m->type) {
		case MT_FIELDS:
		case MT_STAMPS:
			fields_free((struct fields *)(void *)((char *)obj + m->at));
			break;
		case MT_OBJECT:
			decode_free(m->sub, obj);
			break;
		case MT_ARRAY:
			memcpy(&elems, (char *)obj + m->at, sizeof elems);
			memcpy(&count, (char *)obj + m->count_at, sizeof count);
			for (k = 0; elems != NULL && k < count; k++)
				decode_free(m->sub, elems + k * m->elem_size);
			free(elems);
			break;
		case MT_BASE64:
			memcpy(&elems, (char *)obj + m->at, sizeof elems);
			free(elems);
			break;
		default:
			break;
		}
	}
}

/*
 * Decode the message in buf along spec into out, zeroed first: 0, or -1
 * with a reason and out zeroed again, wiped (an enrollment code or a
 * token is a secret), with nothing to free.
 */
static int
decode_message(const char *buf, size_t len, const struct member_object *spec, void *out,
    size_t size, char *err, size_t errlen)
{
	struct wctx c = { err, errlen };
	json_t *root;
	int rc = -1;

	memset(out, 0, size);
	if ((root = decode_load(&c, buf, len)) != NULL) {
		rc = decode_object(&c, root, "", spec, out, NULL, 0);
		json_decref(root);
	}
	if (rc != 0) {
		decode_free(spec, out);
		explicit_bzero(out, size);
	}
	return rc;
}

int
wire_push_decode(const char *buf, size_t len, struct wire_push *out, char *err, size_t errlen)
{
	return decode_message(buf, len, &decode_push, out, sizeof *out, err, errlen);
}

int
wire_push_reply_decode(const char *buf, size_t len, struct wire_push_reply *out, char *err,
    size_t errlen)
{
	return decode_message(buf, len, &decode_push_reply, out, sizeof *out, err, errlen);
}

int
wire_pull_decode(const char *buf, size_t len, struct wire_pull *out, char *err, size_t errlen)
{
	return decode_message(buf, len, &decode_pull, out, sizeof *out, err, errlen);
}

int
wire_enroll_decode(const char *buf, size_t len, struct wire_enroll *out, char *err,
    size_t errlen)
{
	return decode_message(buf, len, &decode_enroll, out, sizeof *out, err, errlen);
}

int
wire_enroll_reply_decode(const char *buf, size_t len, struct wire_enroll_reply *out,
    char *err, size_t errlen)
{
	return decode_message(buf, len, &decode_enroll_reply, out, sizeof *out, err, errlen);
}

int
wire_error_decode(const char *buf, size_t len, struct wire_error *out, char *err,
    size_t errlen)
{
	return decode_message(buf, len, &decode_error, out, sizeof *out, err, errlen);
}

int
wire_keys_decode(const char *buf, size_t len, struct wire_keys *out, char *err, size_t errlen)
{
	return decode_message(buf, len, &decode_keys, out, sizeof *out, err, errlen);
}

int
wire_keys_reply_decode(const char *buf, size_t len, struct wire_keys *out, char *err,
    size_t errlen)
{
	return decode_message(buf, len, &decode_keys_reply, out, sizeof *out, err, errlen);
}

/* Decode a fetch request (POST /v1/fetch). */
int
wire_fetch_decode(const char *buf, size_t len, struct wire_fetch *out, char *err,
    size_t errlen)
{
	return decode_message(buf, len, &decode_fetch, out, sizeof *out, err, errlen);
}

/* Decode a relayed bundle (POST /v1/bundle). */
int
wire_relay_decode(const char *buf, size_t len, struct wire_relay *out, char *err, size_t errlen)
{
	return decode_message(buf, len, &decode_relay, out, sizeof *out, err, errlen);
}

/* Decode the answer to a relayed bundle. */
int
wire_relay_reply_decode(const char *buf, size_t len, struct wire_relay_reply *out, char *err,
    size_t errlen)
{
	return decode_message(buf, len, &decode_relay_reply, out, sizeof *out, err, errlen);
}

/* Free a relay request's bundle. */
void
wire_relay_free(struct wire_relay *r)
{
	free(r->bundle);
	r->bundle = NULL;
	r->len = 0;
}

/* Free a relay answer's reply. */
void
wire_relay_reply_free(struct wire_relay_reply *r)
{
	free(r->reply);
	r->reply = NULL;
	r->len = 0;
}
