/*
 * Encoding the sync protocol's messages: written straight into a buffer,
 * members in the protocol's order, field sets through the one codec of
 * field sets (fields-json.h). The text is byte for byte the one jansson's
 * compact dump of a tree built in that order gave before, which
 * test_wire keeps checking against such a tree; there is no tree to
 * build, hash and free any more. A pull page and its records are
 * written in wire-page.c with the same writers.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "common/buf.h"
#include "common/fields.h"
#include "common/utf8.h"
#include "common/xalloc.h"
#include "wire/fields-json.h"
#include "wire/wire-int.h"
#include "wire/wire.h"

/* The bytes of the valid UTF-8 prefix of the len bytes at s. */
static size_t
encode_utf8_prefix(const char *s, size_t len)
{
	uint32_t cp;
	size_t i = 0, k;

	while (i < len) {
		/* ASCII a byte at a time, the rest a character at a time. */
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		if ((k = utf8_decode(s + i, len - i, &cp)) == 0)
			break;
		i += k;
	}
	return i;
}

/* Fail on text that is not UTF-8: the caller's bug, which jansson refused as well. */
static void
encode_check_utf8(const char *what, const char *s)
{
	size_t len = strlen(s);

	if (encode_utf8_prefix(s, len) != len)
		fatalx("wire: member %s cannot be encoded (not UTF-8)", what);
}

void
encode_head(struct buf *b)
{
	buf_addc(b, '{');
	encode_int(b, "v", WIRE_VERSION);
}

void
encode_sep(struct buf *b)
{
	if (b->len > 0 && b->data[b->len - 1] != '{' && b->data[b->len - 1] != '[')
		buf_addc(b, ',');
}

void
encode_name(struct buf *b, const char *name)
{
	encode_sep(b);
	wire_json_string(b, name);
	buf_addc(b, ':');
}

void
encode_str(struct buf *b, const char *name, const char *s)
{
	encode_check_utf8(name, s);
	encode_name(b, name);
	wire_json_string(b, s);
}

void
encode_text(struct buf *b, const char *name, const char *s)
{
	encode_name(b, name);
	wire_json_stringn(b, s, encode_utf8_prefix(s, strlen(s)));
}

void
encode_int(struct buf *b, const char *name, long long n)
{
	encode_name(b, name);
	buf_addf(b, "%lld", n);
}

void
encode_bool(struct buf *b, const char *name, int v)
{
	encode_name(b, name);
	buf_adds(b, v ? "true" : "false");
}

void
encode_fields(struct buf *b, const char *name, const char *text, const struct fields *f)
{
	size_t i;

	encode_name(b, name);
	if (text != NULL) {
		buf_adds(b, text);
		return;
	}
	for (i = 0; i < f->n; i++) {
		encode_check_utf8(name, f->keys[i]);
		encode_check_utf8(name, f->values[i]);
	}
	wire_fields_encode(f, 0, b);
}

char *
encode_end(struct buf *b, size_t *len)
{
	buf_addc(b, '}');
	if (len != NULL)
		*len = b->len;
	return buf_detach(b);
}

int
encode_empty_object(const char *text)
{
	text += strspn(text, " \t\n\r");
	if (*text++ != '{')
		return 0;
	text += strspn(text, " \t\n\r");
	return *text == '}';
}

char *
wire_push_encode(const struct wire_push *p, size_t *len)
{
	struct buf b = BUF_INIT;
	size_t i;

	encode_head(&b);
	encode_str(&b, "terminal", p->terminal);
	encode_name(&b, "changes");
	buf_addc(&b, '[');
	for (i = 0; i < p->n; i++) {
		const struct wire_change *ch = &p->changes[i];

		encode_sep(&b);
		buf_addc(&b, '{');
		encode_int(&b, "seq", ch->seq);
		encode_str(&b, "tbl", ch->tbl);
		encode_str(&b, "id", ch->id);
		encode_str(&b, "op", ch->op);
		encode_int(&b, "hlc", (long long)ch->hlc);
		encode_fields(&b, "fields", ch->fields_text, &ch->fields);
		/* No base at all rather than an empty one. */
		if (ch->base_text != NULL ? !encode_empty_object(ch->base_text) : ch->base.n > 0)
			encode_fields(&b, "base", ch->base_text, &ch->base);
		if (ch->author[0] != '\0')
			encode_str(&b, "author", ch->author);
		if (ch->sig[0] != '\0')
			encode_str(&b, "sig", ch->sig);
		buf_addc(&b, '}');
	}
	buf_addc(&b, ']');
	return encode_end(&b, len);
}

char *
wire_push_reply_encode(const struct wire_push_reply *r, size_t *len)
{
	struct buf b = BUF_INIT;
	size_t i;

	encode_head(&b);
	encode_int(&b, "applied_through", r->applied_through);
	encode_int(&b, "hlc", (long long)r->hlc);
	encode_name(&b, "rejected");
	buf_addc(&b, '[');
	for (i = 0; i < r->nrejected; i++) {
		encode_sep(&b);
		buf_addc(&b, '{');
		encode_int(&b, "seq", r->rejected[i].seq);
		encode_str(&b, "tbl", r->rejected[i].tbl);
		encode_str(&b, "id", r->rejected[i].id);
		encode_text(&b, "reason", r->rejected[i].reason);
		buf_addc(&b, '}');
	}
	buf_addc(&b, ']');
	return encode_end(&b, len);
}

char *
wire_pull_encode(const struct wire_pull *p, size_t *len)
{
	struct buf b = BUF_INIT;

	encode_head(&b);
	encode_str(&b, "cursor", p->cursor);
	encode_int(&b, "limit", p->limit);
	return encode_end(&b, len);
}

char *
wire_enroll_encode(const struct wire_enroll *e, size_t *len)
{
	struct buf b = BUF_INIT;

	encode_head(&b);
	encode_str(&b, "code", e->code);
	encode_str(&b, "terminal", e->terminal);
	return encode_end(&b, len);
}

char *
wire_enroll_reply_encode(const struct wire_enroll_reply *e, size_t *len)
{
	struct buf b = BUF_INIT;

	encode_head(&b);
	encode_str(&b, "token", e->token);
	encode_name(&b, "office");
	buf_addc(&b, '{');
	encode_text(&b, "code", e->office_code);
	encode_text(&b, "name", e->office_name);
	encode_text(&b, "level", e->office_level);
	encode_text(&b, "parent", e->office_parent);
	buf_addc(&b, '}');
	encode_str(&b, "identity_key", e->identity_key);
	if (e->terminal[0] != '\0')
		encode_str(&b, "terminal", e->terminal);
	if (e->number > 0)
		encode_int(&b, "number", e->number);
	return encode_end(&b, len);
}

char *
wire_error_encode(const struct wire_error *e, size_t *len)
{
	struct buf b = BUF_INIT;

	encode_head(&b);
	encode_str(&b, "error", e->error);
	encode_text(&b, "message", e->message);
	if (e->expected > 0)
		encode_int(&b, "expected", e->expected);
	if (e->replayed > 0)
		encode_int(&b, "replayed", e->replayed);
	return encode_end(&b, len);
}

char *
wire_keys_encode(const struct wire_keys *k, size_t *len)
{
	struct buf b = BUF_INIT;

	encode_head(&b);
	encode_str(&b, "terminal", k->terminal);
	encode_str(&b, "sign_key", k->sign_key);
	encode_str(&b, "box_key", k->box_key);
	return encode_end(&b, len);
}

char *
wire_keys_reply_encode(const struct wire_keys *k, size_t *len)
{
	struct buf b = BUF_INIT;

	encode_head(&b);
	encode_str(&b, "sign_key", k->sign_key);
	encode_str(&b, "box_key", k->box_key);
	return encode_end(&b, len);
}

/* Encode a fetch request (POST /v1/fetch). */
char *
wire_fetch_encode(const struct wire_fetch *f, size_t *len)
{
	struct buf b = BUF_INIT;

	encode_head(&b);
	encode_str(&b, "id", f->id);
	encode_int(&b, "hlc", (long long)f->hlc);
	encode_text(&b, "author", f->author);
	encode_str(&b, "sig", f->sig);
	return encode_end(&b, len);
}

/* A member of bytes as base64 (RFC 4648, padded), as the decoder's MT_BASE64 takes it. */
static void
encode_base64(struct buf *b, const char *name, const unsigned char *data, size_t len)
{
	size_t room = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);
	char *text = xmalloc(room);

	sodium_bin2base64(text, room, data, len, sodium_base64_VARIANT_ORIGINAL);
	encode_name(b, name);
	buf_addc(b, '"');
	buf_add(b, text, room - 1);
	buf_addc(b, '"');
	free(text);
}

/* Encode a relayed bundle (POST /v1/bundle). */
char *
wire_relay_encode(const struct wire_relay *r, size_t *len)
{
	struct buf b = BUF_INIT;

	encode_head(&b);
	encode_str(&b, "terminal", r->terminal);
	encode_base64(&b, "bundle", r->bundle, r->len);
	return encode_end(&b, len);
}

/* Encode the answer to a relayed bundle. */
char *
wire_relay_reply_encode(const struct wire_relay_reply *r, size_t *len)
{
	struct buf b = BUF_INIT;

	encode_head(&b);
	encode_str(&b, "terminal", r->terminal);
	encode_text(&b, "office", r->office);
	encode_int(&b, "number", r->number);
	encode_int(&b, "changes", r->changes);
	encode_int(&b, "acknowledged", r->acknowledged);
	encode_int(&b, "rejected", r->rejected);
	if (r->push_error[0] != '\0') {
		encode_text(&b, "push_error", r->push_error);
		encode_int(&b, "refused_from", r->refused_from);
	}
	encode_int(&b, "records", r->records);
	encode_bool(&b, "more", r->more);
	if (r->pull_error[0] != '\0')
		encode_text(&b, "pull_error", r->pull_error);
	if (r->newer > 0)
		encode_int(&b, "newer", r->newer);
	encode_base64(&b, "reply", r->reply, r->len);
	return encode_end(&b, len);
}
