/*
 * Unit tests for src/wire/bundle.c, the file of sync by file. What must
 * hold: a bundle and a reply come out of bundle_open as they went into
 * bundle_seal; a file with any one byte changed, cut at any length, or
 * with a byte after its end is refused; so is one opened with another
 * receiver's keys, one whose signature is another sender's, one whose
 * signed message names another receiver, one whose clear header says
 * other than its message; and bundle_parse refuses every malformed
 * message with a reason, whatever its lengths claim.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sodium.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "wire/bundle.h"

#include "testlib.h"

#define T1	"01890a5d-ac96-774b-bcce-b302099a8057"
#define T2	"01890a5d-ac96-774b-bcce-b302099a8058"
#define PUSH1	"{\"v\":1,\"terminal\":\"" T1 "\",\"changes\":[]}"
#define PUSH2	"{\"v\":1,\"terminal\":\"" T1 "\",\"changes\":[1]}"
#define PULL	"{\"v\":1,\"cursor\":\"\",\"limit\":1000}"
#define PAGE	"{\"v\":1,\"cursor\":\"1.e.5.9\",\"records\":[]}"

/* A party's keys: signing and sealing. */
struct party {
	unsigned char	sign_pk[SIGN_PUBLIC_LEN];
	unsigned char	sign_sk[SIGN_SECRET_LEN];
	struct bundle_keys box;
};

static struct party terminal, district, stranger;

/* New keys for a party. */
static void
party_make(struct party *p)
{
	sign_keypair(p->sign_pk, p->sign_sk);
	bundle_box_keypair(p->box.box_pk, p->box.box_sk);
	memcpy(p->box.sign_pk, p->sign_pk, SIGN_PUBLIC_LEN);
}

/* cmocka group setup: libsodium and the three parties. */
static int
setup(void **state)
{
	(void)state;
	if (sodium_init() < 0)
		return -1;
	party_make(&terminal);
	party_make(&district);
	party_make(&stranger);
	return 0;
}

/* A bundle of T1 for the district, with two pushes and the pull, sealed into out. */
static void
seal_request(struct buf *out)
{
	struct bundle_writer w;
	char err[256] = "";

	bundle_begin(&w, BUNDLE_REQUEST, T1, district.sign_pk, 7, 1700000000);
	bundle_add(&w, BP_PUSH, PUSH1, strlen(PUSH1));
	bundle_add(&w, BP_PUSH, PUSH2, strlen(PUSH2));
	bundle_add(&w, BP_PULL, PULL, strlen(PULL));
	if (bundle_seal(&w, terminal.sign_sk, district.box.box_pk, out, err, sizeof err) != 0)
		fail_msg("seal: %s", err);
}

/* Whether the file holds the bytes of s anywhere. */
static int
holds(const struct buf *file, const char *s)
{
	size_t i, n = strlen(s);

	for (i = 0; i + n <= file->len; i++)
		if (memcmp(file->data + i, s, n) == 0)
			return 1;
	return 0;
}

/* Open a file as the district opens a bundle of the terminal: 0 or -1 with err. */
static int
open_as_district(const struct buf *file, struct bundle *b, char *err, size_t errlen)
{
	return bundle_open((const unsigned char *)file->data, file->len, &district.box,
	    terminal.sign_pk, b, err, errlen);
}

/* Whether a section holds the text s. */
static void
assert_section(const struct bundle_section *s, enum bundle_part type, const char *text)
{
	assert_int_equal(s->type, type);
	assert_int_equal(s->len, strlen(text));
	assert_memory_equal(s->data, text, s->len);
}

/* A bundle comes out as it went in. */
static void
test_request_round_trip(void **state)
{
	struct buf file;
	struct bundle_head h;
	struct bundle b;
	char err[256] = "";

	(void)state;
	seal_request(&file);
	assert_int_equal(bundle_peek((const unsigned char *)file.data, file.len, &h, err,
	    sizeof err), 0);
	assert_int_equal(h.kind, BUNDLE_REQUEST);
	assert_string_equal(h.terminal, T1);
	assert_int_equal(h.sealed_len + BUNDLE_HEAD_LEN, file.len);
	assert_memory_equal(file.data, "JDBUNDLE\001\001" T1, 10 + 36);
	if (open_as_district(&file, &b, err, sizeof err) != 0)
		fail_msg("open: %s", err);
	assert_int_equal(b.kind, BUNDLE_REQUEST);
	assert_string_equal(b.terminal, T1);
	assert_int_equal(b.number, 7);
	assert_int_equal(b.made, 1700000000);
	assert_memory_equal(b.receiver, district.sign_pk, SIGN_PUBLIC_LEN);
	assert_int_equal(b.n, 3);
	assert_section(&b.sections[0], BP_PUSH, PUSH1);
	assert_section(&b.sections[1], BP_PUSH, PUSH2);
	assert_section(&b.sections[2], BP_PULL, PULL);
	/* Sealed: nothing of the messages shows in the file. */
	assert_false(holds(&file, "terminal"));
	bundle_free(&b);
	buf_free(&file);
}

/* A reply comes out as it went in, and only its terminal opens it. */
static void
test_reply_round_trip(void **state)
{
	struct bundle_writer w;
	struct buf file;
	struct bundle b;
	char err[256] = "";

	(void)state;
	bundle_begin(&w, BUNDLE_REPLY, T1, terminal.sign_pk, 7, 1700000001);
	bundle_add(&w, BP_PULL, PULL, strlen(PULL));
	bundle_add(&w, BP_PUSH_REPLY, "{}", 2);
	bundle_add(&w, BP_PULL_PAGE, PAGE, strlen(PAGE));
	bundle_add(&w, BP_PULL_PAGE, "", 0);
	assert_int_equal(bundle_seal(&w, district.sign_sk, terminal.box.box_pk, &file, err,
	    sizeof err), 0);
	assert_int_equal(bundle_open((const unsigned char *)file.data, file.len, &terminal.box,
	    district.sign_pk, &b, err, sizeof err), 0);
	assert_int_equal(b.kind, BUNDLE_REPLY);
	assert_int_equal(b.n, 4);
	assert_section(&b.sections[0], BP_PULL, PULL);
	assert_section(&b.sections[1], BP_PUSH_REPLY, "{}");
	assert_section(&b.sections[2], BP_PULL_PAGE, PAGE);
	assert_section(&b.sections[3], BP_PULL_PAGE, "");
	bundle_free(&b);
	/* Another terminal's keys cannot open it. */
	assert_int_equal(bundle_open((const unsigned char *)file.data, file.len, &stranger.box,
	    district.sign_pk, &b, err, sizeof err), -1);
	assert_mentions(err, "sealed for another receiver");
	buf_free(&file);
}

/* Every single byte changed, anywhere in the file, makes it refused. */
static void
test_every_byte_changed(void **state)
{
	struct buf file;
	struct bundle b;
	char err[256];
	size_t i;

	(void)state;
	seal_request(&file);
	for (i = 0; i < file.len; i++) {
		file.data[i] = (char)(file.data[i] ^ 0x01);
		err[0] = '\0';
		if (open_as_district(&file, &b, err, sizeof err) == 0)
			fail_msg("byte %zu changed, yet the bundle opened", i);
		assert_true(err[0] != '\0');
		assert_null(b.mem);
		file.data[i] = (char)(file.data[i] ^ 0x01);
	}
	assert_int_equal(open_as_district(&file, &b, err, sizeof err), 0);
	bundle_free(&b);
	buf_free(&file);
}

/* Cut at every length, or one byte longer: refused, saying so. */
static void
test_every_length(void **state)
{
	struct buf file;
	struct bundle b;
	char err[256];
	size_t len;

	(void)state;
	seal_request(&file);
	for (len = 0; len < file.len; len++) {
		err[0] = '\0';
		if (bundle_open((const unsigned char *)file.data, len, &district.box,
		    terminal.sign_pk, &b, err, sizeof err) == 0)
			fail_msg("cut at %zu of %zu bytes, yet the bundle opened", len, file.len);
		if (len < 8)
			assert_mentions(err, "not a jobdesk bundle");
		else
			assert_mentions(err, "truncated");
	}
	buf_add(&file, "x", 1);
	assert_int_equal(open_as_district(&file, &b, err, sizeof err), -1);
	assert_mentions(err, "1 bytes after its end");
	buf_free(&file);
}

/* Another sender's signature, or a message for another receiver: refused. */
static void
test_wrong_parties(void **state)
{
	struct bundle_writer w;
	struct buf file;
	struct bundle b;
	char err[256] = "";

	(void)state;
	/* Signed by a stranger, but named as the terminal's. */
	bundle_begin(&w, BUNDLE_REQUEST, T1, district.sign_pk, 1, 0);
	bundle_add(&w, BP_PULL, PULL, strlen(PULL));
	assert_int_equal(bundle_seal(&w, stranger.sign_sk, district.box.box_pk, &file, err,
	    sizeof err), 0);
	assert_int_equal(open_as_district(&file, &b, err, sizeof err), -1);
	assert_mentions(err, "signature does not hold");
	buf_free(&file);
	/* Sealed to the district, but its signed message names another receiver. */
	bundle_begin(&w, BUNDLE_REQUEST, T1, stranger.sign_pk, 1, 0);
	bundle_add(&w, BP_PULL, PULL, strlen(PULL));
	assert_int_equal(bundle_seal(&w, terminal.sign_sk, district.box.box_pk, &file, err,
	    sizeof err), 0);
	assert_int_equal(open_as_district(&file, &b, err, sizeof err), -1);
	assert_mentions(err, "meant for another receiver");
	buf_free(&file);
}

/* A clear header that says other than the signed message: refused. */
static void
test_header_mismatch(void **state)
{
	struct buf file;
	struct bundle b;
	char err[256] = "";

	(void)state;
	/* The kind byte says "reply": valid in itself, not the message's. */
	seal_request(&file);
	file.data[9] = BUNDLE_REPLY;
	assert_int_equal(open_as_district(&file, &b, err, sizeof err), -1);
	assert_mentions(err, "does not match its signed message");
	buf_free(&file);
	/* Another terminal's id in clear. */
	seal_request(&file);
	memcpy(file.data + 10, T2, 36);
	assert_int_equal(open_as_district(&file, &b, err, sizeof err), -1);
	assert_mentions(err, "does not match its signed message");
	buf_free(&file);
}

/* A message head for bundle_parse: kind, terminal, number, count. */
static void
msg_head(struct buf *m, int kind, const char *term, uint64_t number, uint32_t count)
{
	unsigned char h[BUNDLE_MSG_HEAD_LEN];
	int i;

	memset(h, 0, sizeof h);
	memcpy(h, "JOBDESK-BUNDLE1", 16);
	h[16] = (unsigned char)kind;
	memcpy(h + 17, term, 36);
	for (i = 0; i < 8; i++)
		h[85 + i] = (unsigned char)(number >> (56 - 8 * i));
	for (i = 0; i < 4; i++)
		h[101 + i] = (unsigned char)(count >> (24 - 8 * i));
	buf_init(m);
	buf_add(m, h, sizeof h);
}

/* A section of a message for bundle_parse, with the length it claims. */
static void
msg_section(struct buf *m, int type, const char *data, size_t len, uint32_t claim)
{
	unsigned char h[5] = { (unsigned char)type, (unsigned char)(claim >> 24),
	    (unsigned char)(claim >> 16), (unsigned char)(claim >> 8), (unsigned char)claim };

	buf_add(m, h, sizeof h);
	buf_add(m, data, len);
}

/* bundle_parse of m must refuse it, with a reason mentioning needle. */
static void
parse_refused(struct buf *m, const char *needle)
{
	struct bundle b;
	char err[256] = "";

	if (bundle_parse((const unsigned char *)m->data, m->len, &b, err, sizeof err) == 0)
		fail_msg("accepted a message that should mention \"%s\"", needle);
	assert_mentions(err, needle);
	assert_null(b.mem);
	assert_null(b.sections);
	buf_free(m);
}

/* Malformed messages, whatever their lengths claim. */
static void
test_parse_refuses(void **state)
{
	struct buf m;
	struct bundle b;
	char err[256] = "";

	(void)state;
	/* The well-formed one these vary. */
	msg_head(&m, BUNDLE_REQUEST, T1, 1, 2);
	msg_section(&m, BP_PUSH, "a", 1, 1);
	msg_section(&m, BP_PULL, "b", 1, 1);
	assert_int_equal(bundle_parse((const unsigned char *)m.data, m.len, &b, err,
	    sizeof err), 0);
	assert_int_equal(b.n, 2);
	bundle_free(&b);
	buf_free(&m);

	msg_head(&m, BUNDLE_REQUEST, T1, 1, 0);
	m.data[0] = 'X';
	parse_refused(&m, "no head");
	msg_head(&m, BUNDLE_REQUEST, T1, 1, 0);
	m.len = BUNDLE_MSG_HEAD_LEN - 1;
	parse_refused(&m, "no head");
	msg_head(&m, 3, T1, 1, 0);
	parse_refused(&m, "kind 3");
	msg_head(&m, BUNDLE_REQUEST, "not-a-terminal-id-at-all-no-no-no-no", 1, 0);
	parse_refused(&m, "no terminal");
	msg_head(&m, BUNDLE_REQUEST, T1, 0, 1);
	msg_section(&m, BP_PULL, "b", 1, 1);
	parse_refused(&m, "number 0");
	msg_head(&m, BUNDLE_REQUEST, T1, 1, BUNDLE_MAX_SECTIONS + 1);
	parse_refused(&m, "sections");
	msg_head(&m, BUNDLE_REQUEST, T1, 1, 0xffffffffu);
	parse_refused(&m, "sections");
	/* More sections claimed than there are. */
	msg_head(&m, BUNDLE_REQUEST, T1, 1, 3);
	msg_section(&m, BP_PUSH, "a", 1, 1);
	msg_section(&m, BP_PULL, "b", 1, 1);
	parse_refused(&m, "section 3 is cut short");
	/* A length past the end, however large. */
	msg_head(&m, BUNDLE_REQUEST, T1, 1, 1);
	msg_section(&m, BP_PULL, "b", 1, 2);
	parse_refused(&m, "section 1 runs past the end");
	msg_head(&m, BUNDLE_REQUEST, T1, 1, 1);
	msg_section(&m, BP_PULL, "b", 1, 0xffffffffu);
	parse_refused(&m, "runs past the end");
	/* Bytes after the last section. */
	msg_head(&m, BUNDLE_REQUEST, T1, 1, 1);
	msg_section(&m, BP_PULL, "bc", 2, 1);
	parse_refused(&m, "1 bytes after its last section");
	/* A reply's section in a bundle; a bundle without its pull; two pulls; out of order. */
	msg_head(&m, BUNDLE_REQUEST, T1, 1, 2);
	msg_section(&m, BP_PULL_PAGE, "a", 1, 1);
	msg_section(&m, BP_PULL, "b", 1, 1);
	parse_refused(&m, "section 1 is of type 5");
	msg_head(&m, BUNDLE_REQUEST, T1, 1, 1);
	msg_section(&m, BP_PUSH, "a", 1, 1);
	parse_refused(&m, "no pull request");
	msg_head(&m, BUNDLE_REQUEST, T1, 1, 2);
	msg_section(&m, BP_PULL, "a", 1, 1);
	msg_section(&m, BP_PULL, "b", 1, 1);
	parse_refused(&m, "section 2 is of type 2");
	msg_head(&m, BUNDLE_REQUEST, T1, 1, 2);
	msg_section(&m, BP_PULL, "a", 1, 1);
	msg_section(&m, BP_PUSH, "b", 1, 1);
	parse_refused(&m, "section 2 is of type 1");
	msg_head(&m, BUNDLE_REQUEST, T1, 1, 1);
	msg_section(&m, 0, "a", 1, 1);
	parse_refused(&m, "type 0");
	/* A reply: its request first, one refusal of each kind at most. */
	msg_head(&m, BUNDLE_REPLY, T1, 1, 1);
	msg_section(&m, BP_PULL_PAGE, "a", 1, 1);
	parse_refused(&m, "no pull request");
	msg_head(&m, BUNDLE_REPLY, T1, 1, 3);
	msg_section(&m, BP_PULL, "a", 1, 1);
	msg_section(&m, BP_PUSH_ERROR, "b", 1, 1);
	msg_section(&m, BP_PUSH_ERROR, "c", 1, 1);
	parse_refused(&m, "section 3 is of type 4");
	msg_head(&m, BUNDLE_REPLY, T1, 1, 2);
	msg_section(&m, BP_PULL, "a", 1, 1);
	msg_section(&m, BP_PUSH, "b", 1, 1);
	parse_refused(&m, "section 2 is of type 1");
	msg_head(&m, BUNDLE_REPLY, T1, 1, 2);
	msg_section(&m, BP_PULL, "a", 1, 1);
	msg_section(&m, 7, "b", 1, 1);
	parse_refused(&m, "type 7");
}

/* The sealing key's public half is the one its pair came with. */
static void
test_box_public_of(void **state)
{
	unsigned char pk[BUNDLE_BOX_PUBLIC_LEN];

	(void)state;
	bundle_box_public_of(terminal.box.box_sk, pk);
	assert_memory_equal(pk, terminal.box.box_pk, sizeof pk);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_request_round_trip),
		cmocka_unit_test(test_reply_round_trip),
		cmocka_unit_test(test_every_byte_changed),
		cmocka_unit_test(test_every_length),
		cmocka_unit_test(test_wrong_parties),
		cmocka_unit_test(test_header_mismatch),
		cmocka_unit_test(test_parse_refuses),
		cmocka_unit_test(test_box_public_of),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
