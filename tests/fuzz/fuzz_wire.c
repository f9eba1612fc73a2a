/*
 * The sync protocol's decoders (src/wire/wire.h), the field-set codec
 * (fields-json.h) and compact stamps (stamps.h). The first byte of an
 * input chooses what the rest is ('0' to '9' in the seeds):
 *
 *   0 push   1 push reply   2 pull   3 pull reply (page)   4 enroll
 *   5 enroll reply   6 error   7 a field set   8 an error the server makes up
 *   9 a terminal's keys for sync by file (and, as such, the district's answer)
 *
 * Properties: a decoder that refuses leaves nothing to free and says why in
 * printable ASCII; what a decoder accepts encodes, decodes again to the same
 * message and encodes to the same text; no message holding a NUL byte is
 * accepted; a page that jscan accepts, jansson accepts too; a page encoded
 * from pasted field texts is the page encoded from field sets; a field
 * set's text is jansson's compact dump of it, sorted or not; compact stamps
 * give every field its stamp back; an error with any message text encodes
 * into one that decodes.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/fields.h"
#include "common/utf8.h"
#include "fuzz.h"
#include "wire/fields-json.h"
#include "wire/stamps.h"
#include "wire/wire.h"

#define WIRE_FUZZ_MAX	(1024 * 1024)

enum wire_fuzz_kind {
	WF_PUSH, WF_PUSH_REPLY, WF_PULL, WF_PULL_REPLY, WF_ENROLL, WF_ENROLL_REPLY, WF_ERROR,
	WF_FIELDS, WF_MADE_ERROR, WF_KEYS, WF_KINDS
};

/* Whether two strings are equal, NULL equal only to NULL. */
static int
wire_fuzz_same(const char *a, const char *b)
{
	return a == NULL || b == NULL ? a == b : strcmp(a, b) == 0;
}

/* Whether two field sets hold the same keys and values in the same order. */
static int
wire_fuzz_fields_equal(const struct fields *a, const struct fields *b)
{
	size_t i;

	if (a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++)
		if (strcmp(a->keys[i], b->keys[i]) != 0 || strcmp(a->values[i], b->values[i]) != 0)
			return 0;
	return 1;
}

/* A refusal's reason: there, and printable ASCII (it goes to logs and to JSON). */
static void
wire_fuzz_reason(const char *err)
{
	const char *p;

	FUZZ_CHECK(err[0] != '\0', "a refusal without a reason");
	for (p = err; *p != '\0'; p++)
		FUZZ_CHECK(*p >= 0x20 && *p < 0x7f, "reason \"%s\" holds byte 0x%02x", err,
		    (unsigned char)*p);
}

/* A field set's text is jansson's compact dump of the same set, in order and sorted. */
static void
wire_fuzz_fields_text(const struct fields *f)
{
	json_t *o = json_object();
	char *ours, *theirs;
	size_t i;

	for (i = 0; i < f->n; i++)
		FUZZ_CHECK(json_object_set_new(o, f->keys[i], json_string(f->values[i])) == 0,
		    "jansson refuses field %s", f->keys[i]);
	ours = wire_fields_text(f, 0);
	theirs = json_dumps(o, JSON_COMPACT);
	FUZZ_CHECK(strcmp(ours, theirs) == 0, "field text %s, jansson %s", ours, theirs);
	free(ours);
	free(theirs);
	ours = wire_fields_text(f, 1);
	theirs = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	FUZZ_CHECK(strcmp(ours, theirs) == 0, "sorted field text %s, jansson %s", ours, theirs);
	free(ours);
	free(theirs);
	json_decref(o);
}

/*
 * Compact stamps of a record's fields give each field its stamp back, and
 * the stamp written once does not depend on the order of the fields.
 */
static void
wire_fuzz_stamps(const struct fields *f, const struct fields *stamps)
{
	const char **names, **st, **rev_st;
	struct fields back = FIELDS_INIT;
	struct buf b = BUF_INIT;
	size_t i, n = f->n, at, rev;

	if (n == 0)
		return;
	names = calloc(n, sizeof *names);
	st = calloc(n, sizeof *st);
	rev_st = calloc(n, sizeof *rev_st);
	if (names == NULL || st == NULL || rev_st == NULL)
		abort();
	for (i = 0; i < n; i++) {
		names[i] = f->keys[i];
		st[i] = wire_stamp_of(stamps, f->keys[i]);
		rev_st[n - 1 - i] = st[i];
	}
	wire_stamps_text(names, st, n, &b);
	FUZZ_CHECK(wire_fields_decode(b.data, b.len, &back) == 0, "stamps text %s does not decode",
	    b.data);
	for (i = 0; i < n; i++)
		FUZZ_CHECK(wire_fuzz_same(wire_stamp_of(&back, names[i]), st[i]),
		    "field %s stamped %s comes back %s", names[i], st[i] != NULL ? st[i] : "none",
		    wire_stamp_of(&back, names[i]) != NULL ? wire_stamp_of(&back, names[i]) :
		    "none");
	at = wire_stamps_common(st, n);
	rev = wire_stamps_common(rev_st, n);
	FUZZ_CHECK((at == n) == (rev == n) && (at == n || strcmp(st[at], rev_st[rev]) == 0),
	    "the common stamp depends on the order of the fields");
	fields_free(&back);
	buf_free(&b);
	free(names);
	free(st);
	free(rev_st);
}

/* Push: decode, encode, decode, encode. */
static int
wire_fuzz_push(const char *buf, size_t len)
{
	struct wire_push a, b;
	char err[WIRE_REASON_LEN], *t1, *t2;
	size_t l1, l2, i;

	if (wire_push_decode(buf, len, &a, err, sizeof err) != 0) {
		FUZZ_CHECK(a.n == 0 && a.changes == NULL, "a refused push left changes");
		wire_fuzz_reason(err);
		return -1;
	}
	t1 = wire_push_encode(&a, &l1);
	FUZZ_CHECK(wire_push_decode(t1, l1, &b, err, sizeof err) == 0, "re-encoded push refused: %s",
	    err);
	FUZZ_CHECK(strcmp(a.terminal, b.terminal) == 0 && a.n == b.n, "push head differs");
	for (i = 0; i < a.n; i++) {
		const struct wire_change *x = &a.changes[i], *y = &b.changes[i];

		FUZZ_CHECK(x->seq == y->seq && strcmp(x->tbl, y->tbl) == 0 &&
		    strcmp(x->id, y->id) == 0 && strcmp(x->op, y->op) == 0 && x->hlc == y->hlc &&
		    wire_fuzz_fields_equal(&x->fields, &y->fields) &&
		    wire_fuzz_fields_equal(&x->base, &y->base), "change %zu differs", i);
		wire_fuzz_fields_text(&x->fields);
		wire_fuzz_fields_text(&x->base);
	}
	t2 = wire_push_encode(&b, &l2);
	FUZZ_CHECK(l1 == l2 && memcmp(t1, t2, l1) == 0, "push encodes differently");
	free(t1);
	free(t2);
	wire_push_free(&a);
	wire_push_free(&b);
	return 0;
}

static int
wire_fuzz_push_reply(const char *buf, size_t len)
{
	struct wire_push_reply a, b;
	char err[WIRE_REASON_LEN], *t1, *t2;
	size_t l1, l2, i;

	if (wire_push_reply_decode(buf, len, &a, err, sizeof err) != 0) {
		FUZZ_CHECK(a.nrejected == 0 && a.rejected == NULL, "a refused reply left refusals");
		wire_fuzz_reason(err);
		return -1;
	}
	t1 = wire_push_reply_encode(&a, &l1);
	FUZZ_CHECK(wire_push_reply_decode(t1, l1, &b, err, sizeof err) == 0,
	    "re-encoded push reply refused: %s", err);
	FUZZ_CHECK(a.applied_through == b.applied_through && a.hlc == b.hlc &&
	    a.nrejected == b.nrejected, "push reply head differs");
	for (i = 0; i < a.nrejected; i++)
		FUZZ_CHECK(a.rejected[i].seq == b.rejected[i].seq &&
		    strcmp(a.rejected[i].tbl, b.rejected[i].tbl) == 0 &&
		    strcmp(a.rejected[i].id, b.rejected[i].id) == 0 &&
		    strcmp(a.rejected[i].reason, b.rejected[i].reason) == 0,
		    "refusal %zu differs", i);
	t2 = wire_push_reply_encode(&b, &l2);
	FUZZ_CHECK(l1 == l2 && memcmp(t1, t2, l1) == 0, "push reply encodes differently");
	free(t1);
	free(t2);
	wire_push_reply_free(&a);
	wire_push_reply_free(&b);
	return 0;
}

static int
wire_fuzz_pull(const char *buf, size_t len)
{
	struct wire_pull a, b;
	char err[WIRE_REASON_LEN], *t1, *t2;
	size_t l1, l2;

	if (wire_pull_decode(buf, len, &a, err, sizeof err) != 0) {
		wire_fuzz_reason(err);
		return -1;
	}
	t1 = wire_pull_encode(&a, &l1);
	FUZZ_CHECK(wire_pull_decode(t1, l1, &b, err, sizeof err) == 0, "re-encoded pull refused: %s",
	    err);
	FUZZ_CHECK(strcmp(a.cursor, b.cursor) == 0 && a.limit == b.limit, "pull differs");
	t2 = wire_pull_encode(&b, &l2);
	FUZZ_CHECK(l1 == l2 && memcmp(t1, t2, l1) == 0, "pull encodes differently");
	free(t1);
	free(t2);
	return 0;
}

/* Whether two pages hold the same records. */
static int
wire_fuzz_pages_equal(const struct wire_pull_reply *a, const struct wire_pull_reply *b)
{
	size_t i;

	if (strcmp(a->cursor, b->cursor) != 0 || a->more != b->more || a->reset != b->reset ||
	    a->remaining != b->remaining || a->hlc != b->hlc || a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++) {
		const struct wire_record *x = &a->records[i], *y = &b->records[i];

		if (strcmp(x->tbl, y->tbl) != 0 || strcmp(x->key, y->key) != 0 ||
		    x->deleted != y->deleted || strcmp(x->replaced_by, y->replaced_by) != 0 ||
		    !wire_fuzz_fields_equal(&x->fields, &y->fields) ||
		    !wire_fuzz_fields_equal(&x->stamps, &y->stamps))
			return 0;
	}
	return 1;
}

static int
wire_fuzz_pull_reply(const char *buf, size_t len)
{
	struct wire_pull_reply a, b, pasted;
	json_error_t je;
	json_t *root;
	char err[WIRE_REASON_LEN], *t1, *t2, *t3;
	size_t l1, l2, l3, i;

	if (wire_pull_reply_decode(buf, len, &a, err, sizeof err) != 0) {
		FUZZ_CHECK(a.n == 0 && a.records == NULL && a.arena == NULL,
		    "a refused page left records");
		wire_fuzz_reason(err);
		return -1;
	}
	/* jscan decodes pages to the rules jansson applies to the other messages. */
	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
	FUZZ_CHECK(root != NULL && json_is_object(root), "a page jscan accepts, jansson refuses: %s",
	    root == NULL ? je.text : "not an object");
	json_decref(root);

	t1 = wire_pull_reply_encode(&a, &l1);
	FUZZ_CHECK(wire_pull_reply_decode(t1, l1, &b, err, sizeof err) == 0,
	    "re-encoded page refused: %s", err);
	FUZZ_CHECK(wire_fuzz_pages_equal(&a, &b), "page differs after encoding");
	t2 = wire_pull_reply_encode(&b, &l2);
	FUZZ_CHECK(l1 == l2 && memcmp(t1, t2, l1) == 0, "page encodes differently");

	/* The server's way: field sets pasted as texts, the same page byte for byte. */
	pasted = a;
	pasted.arena = NULL;
	pasted.records = calloc(a.n > 0 ? a.n : 1, sizeof *pasted.records);
	if (pasted.records == NULL)
		abort();
	for (i = 0; i < a.n; i++) {
		pasted.records[i] = a.records[i];
		pasted.records[i].fields_text = wire_fields_text(&a.records[i].fields, 0);
		pasted.records[i].stamps_text = wire_fields_text(&a.records[i].stamps, 0);
		wire_fuzz_fields_text(&a.records[i].fields);
		wire_fuzz_fields_text(&a.records[i].stamps);
		wire_fuzz_stamps(&a.records[i].fields, &a.records[i].stamps);
	}
	t3 = wire_pull_reply_encode(&pasted, &l3);
	FUZZ_CHECK(l1 == l3 && memcmp(t1, t3, l1) == 0, "pasted page encodes differently");
	for (i = 0; i < a.n; i++) {
		free(pasted.records[i].fields_text);
		free(pasted.records[i].stamps_text);
	}
	free(pasted.records);
	free(t1);
	free(t2);
	free(t3);
	wire_pull_reply_free(&a);
	wire_pull_reply_free(&b);
	return 0;
}

static int
wire_fuzz_enroll(const char *buf, size_t len)
{
	struct wire_enroll a, b;
	char err[WIRE_REASON_LEN], *t1, *t2;
	size_t l1, l2;

	if (wire_enroll_decode(buf, len, &a, err, sizeof err) != 0) {
		wire_fuzz_reason(err);
		return -1;
	}
	t1 = wire_enroll_encode(&a, &l1);
	FUZZ_CHECK(wire_enroll_decode(t1, l1, &b, err, sizeof err) == 0,
	    "re-encoded enroll refused: %s", err);
	FUZZ_CHECK(strcmp(a.code, b.code) == 0 && strcmp(a.terminal, b.terminal) == 0,
	    "enroll differs");
	t2 = wire_enroll_encode(&b, &l2);
	FUZZ_CHECK(l1 == l2 && memcmp(t1, t2, l1) == 0, "enroll encodes differently");
	free(t1);
	free(t2);
	return 0;
}

static int
wire_fuzz_enroll_reply(const char *buf, size_t len)
{
	struct wire_enroll_reply a, b;
	char err[WIRE_REASON_LEN], *t1, *t2;
	size_t l1, l2;

	if (wire_enroll_reply_decode(buf, len, &a, err, sizeof err) != 0) {
		wire_fuzz_reason(err);
		return -1;
	}
	t1 = wire_enroll_reply_encode(&a, &l1);
	FUZZ_CHECK(wire_enroll_reply_decode(t1, l1, &b, err, sizeof err) == 0,
	    "re-encoded enroll reply refused: %s", err);
	FUZZ_CHECK(strcmp(a.token, b.token) == 0 && strcmp(a.office_code, b.office_code) == 0 &&
	    strcmp(a.office_name, b.office_name) == 0 &&
	    strcmp(a.office_level, b.office_level) == 0 &&
	    strcmp(a.office_parent, b.office_parent) == 0 &&
	    strcmp(a.identity_key, b.identity_key) == 0, "enroll reply differs");
	t2 = wire_enroll_reply_encode(&b, &l2);
	FUZZ_CHECK(l1 == l2 && memcmp(t1, t2, l1) == 0, "enroll reply encodes differently");
	free(t1);
	free(t2);
	return 0;
}

/*
 * A terminal's keys: what decodes encodes to a text that decodes to the
 * same; the answer without the terminal decodes as the district's answer.
 */
static int
wire_fuzz_keys(const char *buf, size_t len)
{
	struct wire_keys a, b;
	char err[WIRE_REASON_LEN], *t1, *t2;
	size_t l1, l2;

	if (wire_keys_decode(buf, len, &a, err, sizeof err) != 0) {
		wire_fuzz_reason(err);
		if (wire_keys_reply_decode(buf, len, &a, err, sizeof err) != 0)
			wire_fuzz_reason(err);
		return -1;
	}
	t1 = wire_keys_encode(&a, &l1);
	FUZZ_CHECK(wire_keys_decode(t1, l1, &b, err, sizeof err) == 0,
	    "re-encoded keys refused: %s", err);
	FUZZ_CHECK(memcmp(&a, &b, sizeof a) == 0, "keys differ");
	t2 = wire_keys_reply_encode(&a, &l2);
	FUZZ_CHECK(wire_keys_reply_decode(t2, l2, &b, err, sizeof err) == 0,
	    "keys as an answer refused: %s", err);
	FUZZ_CHECK(strcmp(a.sign_key, b.sign_key) == 0 && strcmp(a.box_key, b.box_key) == 0,
	    "keys as an answer differ");
	free(t1);
	free(t2);
	return 0;
}

/* Whether two errors are the same. */
static int
wire_fuzz_errors_equal(const struct wire_error *a, const struct wire_error *b)
{
	return strcmp(a->error, b->error) == 0 && strcmp(a->message, b->message) == 0 &&
	    a->expected == b->expected && a->replayed == b->replayed;
}

static int
wire_fuzz_error(const char *buf, size_t len)
{
	struct wire_error a, b;
	char err[WIRE_REASON_LEN], *t1, *t2;
	size_t l1, l2;

	if (wire_error_decode(buf, len, &a, err, sizeof err) != 0) {
		wire_fuzz_reason(err);
		return -1;
	}
	t1 = wire_error_encode(&a, &l1);
	FUZZ_CHECK(wire_error_decode(t1, l1, &b, err, sizeof err) == 0,
	    "re-encoded error refused: %s", err);
	FUZZ_CHECK(wire_fuzz_errors_equal(&a, &b), "error differs");
	t2 = wire_error_encode(&b, &l2);
	FUZZ_CHECK(l1 == l2 && memcmp(t1, t2, l1) == 0, "error encodes differently");
	free(t1);
	free(t2);
	return 0;
}

/* A field set: jscan's decoding is jansson's, and the text encodes back to jansson's dump. */
static int
wire_fuzz_fields(const char *buf, size_t len)
{
	struct fields f = FIELDS_INIT, g = FIELDS_INIT;
	json_t *root, *v;
	const char *key;
	char *text;
	int ours, theirs;

	ours = wire_fields_decode(buf, len, &f);
	root = json_loadb(buf, len, 0, NULL);
	theirs = root != NULL && json_is_object(root);
	if (root != NULL)
		json_object_foreach(root, key, v)
			if (!json_is_string(v) || strlen(json_string_value(v)) !=
			    json_string_length(v))
				theirs = 0;
	/* jansson drops a NUL byte after a number or literal (akheron/jansson#331). */
	if (!(len > 0 && memchr(buf, '\0', len) != NULL))
		FUZZ_CHECK(ours == 0 ? theirs : !theirs, "field set %s by jscan, %s by jansson",
		    ours == 0 ? "accepted" : "refused", theirs ? "accepted" : "refused");
	if (ours == 0) {
		wire_fuzz_fields_text(&f);
		text = wire_fields_text(&f, 0);
		FUZZ_CHECK(wire_fields_decode(text, strlen(text), &g) == 0 &&
		    wire_fuzz_fields_equal(&f, &g), "field set does not come back from %s", text);
		if (root != NULL) {
			char *dump = json_dumps(root, JSON_COMPACT);

			FUZZ_CHECK(strcmp(dump, text) == 0, "field set %s, jansson %s", text, dump);
			free(dump);
		}
		free(text);
	}
	json_decref(root);
	fields_free(&f);
	fields_free(&g);
	return ours;
}

/*
 * An error the server makes up (a word, any message text cut anywhere, a
 * seq): what it encodes decodes, with the message's valid UTF-8 prefix.
 */
static void
wire_fuzz_made_error(const uint8_t *data, size_t size)
{
	struct wire_error e, back;
	char err[WIRE_REASON_LEN], *t;
	size_t len, i, n, k;
	uint32_t cp;

	memset(&e, 0, sizeof e);
	n = size > 0 ? (size_t)data[0] % sizeof e.error : 0;
	for (i = 0; i < n && i + 1 < size; i++)
		e.error[i] = "abcdefghijklmnopqrstuvwxyz_"[data[i + 1] % 27];
	if (e.error[0] == '\0')
		snprintf(e.error, sizeof e.error, "internal");
	data += i + (size > 0);
	size -= i + (size > 0);
	for (i = 0; i < size && i + 1 < sizeof e.message && data[i] != '\0'; i++)
		e.message[i] = (char)data[i];
	e.expected = size > 0 ? (int64_t)data[0] - 100 : 0;
	e.replayed = size > 1 ? (int64_t)data[1] - 100 : 0;
	t = wire_error_encode(&e, &len);
	FUZZ_CHECK(wire_error_decode(t, len, &back, err, sizeof err) == 0,
	    "a made-up error does not decode: %s", err);
	k = strlen(back.message);
	FUZZ_CHECK(strncmp(back.message, e.message, k) == 0 && fuzz_utf8(back.message, k) &&
	    (e.message[k] == '\0' || utf8_decode(e.message + k, strlen(e.message + k), &cp) == 0),
	    "the message is cut at byte %zu of %zu", k, strlen(e.message));
	FUZZ_CHECK(back.expected == (e.expected > 0 ? e.expected : 0) &&
	    back.replayed == (e.replayed > 0 ? e.replayed : 0), "seqs differ");
	free(t);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_quiet_log();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data + 1;
	size_t len = size - 1;
	int rc = -1;

	if (size < 1 || size > WIRE_FUZZ_MAX)
		return 0;
	switch ((data[0] & 0x0f) % WF_KINDS) {
	case WF_PUSH:
		rc = wire_fuzz_push(buf, len);
		break;
	case WF_PUSH_REPLY:
		rc = wire_fuzz_push_reply(buf, len);
		break;
	case WF_PULL:
		rc = wire_fuzz_pull(buf, len);
		break;
	case WF_PULL_REPLY:
		rc = wire_fuzz_pull_reply(buf, len);
		break;
	case WF_ENROLL:
		rc = wire_fuzz_enroll(buf, len);
		break;
	case WF_ENROLL_REPLY:
		rc = wire_fuzz_enroll_reply(buf, len);
		break;
	case WF_ERROR:
		rc = wire_fuzz_error(buf, len);
		break;
	case WF_KEYS:
		rc = wire_fuzz_keys(buf, len);
		break;
	case WF_FIELDS:
		wire_fuzz_fields(buf, len);
		return 0;
	default:
		wire_fuzz_made_error(data + 1, size - 1);
		return 0;
	}
	FUZZ_CHECK(rc != 0 || memchr(buf, '\0', len) == NULL,
	    "a message holding a NUL byte is accepted");
	return 0;
}
