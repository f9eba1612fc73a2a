/*
 * The bundle file (wire/bundle.h): written with a writer that lays out
 * the signed message and seals it, read in three steps that trust
 * nothing before it is checked: the clear header (bundle_peek: which
 * terminal, how long), the sealed part opened with the receiver's keys
 * and its signature checked with the sender's (bundle_open), and only
 * then the message taken apart (bundle_parse), every length against what
 * is left. Signed, then sealed: the signature proves the sender, the
 * seal keeps the records on the stick private, and the message names
 * its receiver and the terminal, so that a signed message taken out of
 * one file and sealed into another for someone else is refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "wire/bundle.h"

static const unsigned char bundle_magic[8] = { 'J', 'D', 'B', 'U', 'N', 'D', 'L', 'E' };
static const unsigned char bundle_tag[16] = { 'J', 'O', 'B', 'D', 'E', 'S', 'K', '-',
    'B', 'U', 'N', 'D', 'L', 'E', '1', '\0' };

/* Where the message's parts lie (wire/bundle.h). */
#define MSG_KIND	16
#define MSG_TERMINAL	17
#define MSG_RECEIVER	53
#define MSG_NUMBER	85
#define MSG_MADE	93
#define MSG_COUNT	101
#define SECTION_HEAD	5

/* Store n big-endian in len bytes at p. */
static void
bundle_put(unsigned char *p, uint64_t n, size_t len)
{
	while (len-- > 0) {
		p[len] = (unsigned char)(n & 0xff);
		n >>= 8;
	}
}

/* The big-endian number of len bytes at p. */
static uint64_t
bundle_get(const unsigned char *p, size_t len)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; i < len; i++)
		n = n << 8 | p[i];
	return n;
}

/* A new sealing key pair. */
void
bundle_box_keypair(unsigned char pk[BUNDLE_BOX_PUBLIC_LEN],
    unsigned char sk[BUNDLE_BOX_SECRET_LEN])
{
	crypto_box_keypair(pk, sk);
}

/* The public half of a sealing secret key. */
void
bundle_box_public_of(const unsigned char sk[BUNDLE_BOX_SECRET_LEN],
    unsigned char pk[BUNDLE_BOX_PUBLIC_LEN])
{
	crypto_scalarmult_base(pk, sk);
}

/* Lay out the message's head; its count of sections is set when it is sealed. */
void
bundle_begin(struct bundle_writer *w, enum bundle_kind kind, const char *terminal,
    const unsigned char receiver[SIGN_PUBLIC_LEN], uint64_t number, uint64_t made)
{
	unsigned char head[BUNDLE_MSG_HEAD_LEN], sig[crypto_sign_BYTES];

	memset(w, 0, sizeof *w);
	memset(head, 0, sizeof head);
	memcpy(head, bundle_tag, sizeof bundle_tag);
	head[MSG_KIND] = (unsigned char)kind;
	memcpy(head + MSG_TERMINAL, terminal, strnlen(terminal, IDENT_LEN));
	memcpy(head + MSG_RECEIVER, receiver, SIGN_PUBLIC_LEN);
	bundle_put(head + MSG_NUMBER, number, 8);
	bundle_put(head + MSG_MADE, made, 8);
	buf_init(&w->msg);
	/* The signature's room first: sealed as it stands, the message is copied nowhere. */
	memset(sig, 0, sizeof sig);
	buf_add(&w->msg, sig, sizeof sig);
	buf_add(&w->msg, head, sizeof head);
	w->kind = kind;
	snprintf(w->terminal, sizeof w->terminal, "%s", terminal);
}

/* Append one section. */
void
bundle_add(struct bundle_writer *w, enum bundle_part type, const char *data, size_t len)
{
	unsigned char head[SECTION_HEAD];

	head[0] = (unsigned char)type;
	bundle_put(head + 1, len, 4);
	buf_add(&w->msg, head, sizeof head);
	buf_add(&w->msg, data, len);
	w->n++;
}

/* Forget the message. */
void
bundle_writer_free(struct bundle_writer *w)
{
	if (w->msg.data != NULL)
		sodium_memzero(w->msg.data, w->msg.len);
	buf_free(&w->msg);
	w->n = 0;
}

/* Sign, seal, and lay out the file. */
int
bundle_seal(struct bundle_writer *w, const unsigned char sign_sk[SIGN_SECRET_LEN],
    const unsigned char box_pk[BUNDLE_BOX_PUBLIC_LEN], struct buf *out, char *err,
    size_t errlen)
{
	unsigned char *inner = (unsigned char *)w->msg.data, *file;
	size_t inner_len = w->msg.len, msg_len = inner_len - crypto_sign_BYTES;
	size_t sealed_len = crypto_box_SEALBYTES + inner_len;
	int rc = -1;

	buf_init(out);
	bundle_put(inner + crypto_sign_BYTES + MSG_COUNT, w->n, 4);
	if (sealed_len > BUNDLE_MAX_SEALED || w->n > BUNDLE_MAX_SECTIONS) {
		snprintf(err, errlen, _("the bundle would be %zu bytes in %u sections, more than "
		    "a bundle may hold (%zu bytes, %d sections)"), sealed_len, (unsigned)w->n,
		    BUNDLE_MAX_SEALED, BUNDLE_MAX_SECTIONS);
		goto out;
	}
	crypto_sign_detached(inner, NULL, inner + crypto_sign_BYTES, msg_len, sign_sk);
	/* The file is made in place and handed over as the buffer's, NUL after it. */
	file = xmalloc(BUNDLE_HEAD_LEN + sealed_len + 1);
	memcpy(file, bundle_magic, sizeof bundle_magic);
	file[8] = BUNDLE_VERSION;
	file[9] = (unsigned char)w->kind;
	memset(file + 10, 0, IDENT_LEN);
	memcpy(file + 10, w->terminal, strnlen(w->terminal, IDENT_LEN));
	bundle_put(file + 46, sealed_len, 4);
	if (crypto_box_seal(file + BUNDLE_HEAD_LEN, inner, inner_len, box_pk) != 0) {
		free(file);
		snprintf(err, errlen, _("cannot seal the bundle: the receiver's key is not a "
		    "key"));
		goto out;
	}
	file[BUNDLE_HEAD_LEN + sealed_len] = '\0';
	out->data = (char *)file;
	out->len = BUNDLE_HEAD_LEN + sealed_len;
	out->cap = out->len + 1;
	rc = 0;
out:
	bundle_writer_free(w);
	return rc;
}

/* Whether the 36 bytes at p are a terminal id (a canonical UUID); the id into out. */
static int
bundle_terminal(const unsigned char *p, char out[IDENT_LEN + 1])
{
	size_t i;

	for (i = 0; i < IDENT_LEN; i++) {
		if (p[i] < 0x20 || p[i] > 0x7e)
			return -1;
		out[i] = (char)p[i];
	}
	out[IDENT_LEN] = '\0';
	return ident_valid(out) ? 0 : -1;
}

/* The kind's name for a message. */
static const char *
bundle_kind_name(enum bundle_kind kind)
{
	return kind == BUNDLE_REQUEST ? _("bundle") : _("reply");
}

/* Read the clear header. */
int
bundle_peek(const unsigned char *file, size_t len, struct bundle_head *h, char *err,
    size_t errlen)
{
	uint64_t sealed;

	memset(h, 0, sizeof *h);
	if (len < sizeof bundle_magic || memcmp(file, bundle_magic, sizeof bundle_magic) != 0) {
		snprintf(err, errlen, _("not a jobdesk bundle (it does not start with "
		    "\"JDBUNDLE\")"));
		return -1;
	}
	if (len < BUNDLE_HEAD_LEN) {
		snprintf(err, errlen, _("the file is truncated: %zu bytes, shorter than a "
		    "bundle's header (%d)"), len, BUNDLE_HEAD_LEN);
		return -1;
	}
	if (file[8] != BUNDLE_VERSION) {
		snprintf(err, errlen, _("bundle format version %u is not one this program reads "
		    "(%d)"), (unsigned)file[8], BUNDLE_VERSION);
		return -1;
	}
	if (file[9] != BUNDLE_REQUEST && file[9] != BUNDLE_REPLY) {
		snprintf(err, errlen, _("unknown kind of bundle %u"), (unsigned)file[9]);
		return -1;
	}
	h->kind = (enum bundle_kind)file[9];
	if (bundle_terminal(file + 10, h->terminal) != 0) {
		snprintf(err, errlen, _("the %s names no terminal in its header"),
		    bundle_kind_name(h->kind));
		return -1;
	}
	sealed = bundle_get(file + 46, 4);
	if (sealed > BUNDLE_MAX_SEALED || sealed < crypto_box_SEALBYTES + crypto_sign_BYTES +
	    BUNDLE_MSG_HEAD_LEN) {
		snprintf(err, errlen, _("the %s's header gives an impossible length (%llu "
		    "bytes)"), bundle_kind_name(h->kind), (unsigned long long)sealed);
		return -1;
	}
	if (len - BUNDLE_HEAD_LEN < sealed) {
		snprintf(err, errlen, _("the %s is truncated: %zu bytes of %llu"),
		    bundle_kind_name(h->kind), len, (unsigned long long)(sealed + BUNDLE_HEAD_LEN));
		return -1;
	}
	if (len - BUNDLE_HEAD_LEN > sealed) {
		snprintf(err, errlen, _("the %s has %zu bytes after its end"),
		    bundle_kind_name(h->kind), (size_t)(len - BUNDLE_HEAD_LEN - sealed));
		return -1;
	}
	h->sealed_len = (size_t)sealed;
	return 0;
}

/* Free what a parse gave. */
void
bundle_free(struct bundle *b)
{
	if (b == NULL)
		return;
	if (b->mem != NULL)
		sodium_memzero(b->mem, b->mem_len);
	free(b->mem);
	free(b->sections);
	memset(b, 0, sizeof *b);
}

/* Whether a section of type may follow one of type prev in a file of kind. */
static int
bundle_part_ok(enum bundle_kind kind, unsigned type, unsigned prev)
{
	if (kind == BUNDLE_REQUEST ? type != BP_PUSH && type != BP_PULL :
	    type < BP_PULL || type > BP_PULL_ERROR)
		return 0;
	if (type < prev)
		return 0;
	/* One pull request, at most one refusal of each kind. */
	return type != prev || (type != BP_PULL && type != BP_PUSH_ERROR &&
	    type != BP_PULL_ERROR);
}

/*
 * Take apart the signed message at buf + off, len bytes: buf (malloc'd,
 * off + len bytes) becomes out's, or is freed when the message is refused.
 */
static int
bundle_parse_owned(unsigned char *buf, size_t off, size_t len, struct bundle *out, char *err,
    size_t errlen)
{
	const unsigned char *p, *msg = buf + off;
	size_t left, i;
	uint64_t count, slen;
	unsigned prev = 0;

	memset(out, 0, sizeof *out);
	out->mem = buf;
	out->mem_len = off + len;
	out->msg = msg;
	out->msg_len = len;
	if (len < BUNDLE_MSG_HEAD_LEN || memcmp(msg, bundle_tag, sizeof bundle_tag) != 0) {
		snprintf(err, errlen, _("the bundle's message is malformed: no head"));
		goto fail;
	}
	if (msg[MSG_KIND] != BUNDLE_REQUEST && msg[MSG_KIND] != BUNDLE_REPLY) {
		snprintf(err, errlen, _("the bundle's message is malformed: kind %u"),
		    (unsigned)msg[MSG_KIND]);
		goto fail;
	}
	out->kind = (enum bundle_kind)msg[MSG_KIND];
	if (bundle_terminal(msg + MSG_TERMINAL, out->terminal) != 0) {
		snprintf(err, errlen, _("the bundle's message is malformed: no terminal"));
		goto fail;
	}
	memcpy(out->receiver, msg + MSG_RECEIVER, SIGN_PUBLIC_LEN);
	out->number = bundle_get(msg + MSG_NUMBER, 8);
	out->made = bundle_get(msg + MSG_MADE, 8);
	count = bundle_get(msg + MSG_COUNT, 4);
	if (count > BUNDLE_MAX_SECTIONS || out->number == 0) {
		snprintf(err, errlen, _("the bundle's message is malformed: %llu sections, "
		    "number %llu"), (unsigned long long)count, (unsigned long long)out->number);
		goto fail;
	}
	out->sections = xcalloc(count > 0 ? (size_t)count : 1, sizeof *out->sections);
	p = msg + BUNDLE_MSG_HEAD_LEN;
	left = len - BUNDLE_MSG_HEAD_LEN;
	for (i = 0; i < count; i++) {
		if (left < SECTION_HEAD) {
			snprintf(err, errlen, _("the bundle's message is malformed: section %zu "
			    "is cut short"), i + 1);
			goto fail;
		}
		if (!bundle_part_ok(out->kind, p[0], prev)) {
			snprintf(err, errlen, _("the bundle's message is malformed: section %zu "
			    "is of type %u, which may not come there in a %s"), i + 1,
			    (unsigned)p[0], bundle_kind_name(out->kind));
			goto fail;
		}
		prev = p[0];
		slen = bundle_get(p + 1, 4);
		if (slen > left - SECTION_HEAD) {
			snprintf(err, errlen, _("the bundle's message is malformed: section %zu "
			    "runs past the end"), i + 1);
			goto fail;
		}
		out->sections[i].type = (enum bundle_part)p[0];
		out->sections[i].data = (const char *)p + SECTION_HEAD;
		out->sections[i].len = (size_t)slen;
		p += SECTION_HEAD + slen;
		left -= SECTION_HEAD + (size_t)slen;
		out->n++;
	}
	if (left != 0) {
		snprintf(err, errlen, _("the bundle's message is malformed: %zu bytes after its "
		    "last section"), left);
		goto fail;
	}
	/* A bundle's pull request comes last; a reply's copy of it first. */
	if (out->n == 0 || out->sections[out->kind == BUNDLE_REQUEST ? out->n - 1 : 0].type !=
	    BP_PULL) {
		snprintf(err, errlen, _("the bundle's message is malformed: it has no pull "
		    "request"));
		goto fail;
	}
	return 0;
fail:
	bundle_free(out);
	return -1;
}

/* Take a signed message apart, from a copy of it. */
int
bundle_parse(const unsigned char *msg, size_t len, struct bundle *out, char *err,
    size_t errlen)
{
	unsigned char *copy = xmalloc(len > 0 ? len : 1);

	memcpy(copy, msg, len);
	return bundle_parse_owned(copy, 0, len, out, err, errlen);
}

/* Open, check and parse a file. */
int
bundle_open(const unsigned char *file, size_t len, const struct bundle_keys *mine,
    const unsigned char sender_pk[SIGN_PUBLIC_LEN], struct bundle *out, char *err,
    size_t errlen)
{
	struct bundle_head h;
	unsigned char *inner;
	size_t inner_len;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (bundle_peek(file, len, &h, err, errlen) != 0)
		return -1;
	inner_len = h.sealed_len - crypto_box_SEALBYTES;
	inner = xmalloc(inner_len);
	if (crypto_box_seal_open(inner, file + BUNDLE_HEAD_LEN, h.sealed_len, mine->box_pk,
	    mine->box_sk) != 0) {
		snprintf(err, errlen, _("the %s cannot be opened: it was altered or damaged, "
		    "or sealed for another receiver"), bundle_kind_name(h.kind));
		goto out;
	}
	if (crypto_sign_verify_detached(inner, inner + crypto_sign_BYTES,
	    inner_len - crypto_sign_BYTES, sender_pk) != 0) {
		snprintf(err, errlen, _("the %s's signature does not hold: it was altered, or "
		    "not made by its sender's key"), bundle_kind_name(h.kind));
		goto out;
	}
	/* The message is parsed where it lies: inner becomes out's. */
	rc = bundle_parse_owned(inner, crypto_sign_BYTES, inner_len - crypto_sign_BYTES, out,
	    err, errlen);
	inner = NULL;
	if (rc != 0)
		goto out;
	rc = -1;
	/* The clear header is the sealed message's word, or the file was put together. */
	if (out->kind != h.kind || strcmp(out->terminal, h.terminal) != 0) {
		snprintf(err, errlen, _("the %s's header does not match its signed message"),
		    bundle_kind_name(h.kind));
		bundle_free(out);
		goto out;
	}
	if (sodium_memcmp(out->receiver, mine->sign_pk, SIGN_PUBLIC_LEN) != 0) {
		snprintf(err, errlen, _("the %s is meant for another receiver"),
		    bundle_kind_name(h.kind));
		bundle_free(out);
		goto out;
	}
	rc = 0;
out:
	if (inner != NULL) {
		sodium_memzero(inner, inner_len);
		free(inner);
	}
	return rc;
}
