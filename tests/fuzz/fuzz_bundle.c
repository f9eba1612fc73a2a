/*
 * The bundle file of sync by file (src/wire/bundle.h): its signed message
 * taken apart by bundle_parse, and the whole input as a file by
 * bundle_peek and bundle_open (which refuse it: the fuzzer cannot seal).
 * Properties: a refusal says why and leaves nothing behind; an accepted
 * message accounts for every byte: written again from what was parsed,
 * signed and sealed with the target's keys and opened, it is byte for byte
 * the input, with the same kind, terminal, receiver, number and sections;
 * a header accepted by bundle_peek gives exactly the input's length.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "common/buf.h"
#include "fuzz.h"
#include "wire/bundle.h"

/* The keys the target seals and opens with, made once. */
static unsigned char bundle_fuzz_sign_pk[SIGN_PUBLIC_LEN], bundle_fuzz_sign_sk[SIGN_SECRET_LEN];
static struct bundle_keys bundle_fuzz_keys;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (sodium_init() < 0)
		abort();
	sign_keypair(bundle_fuzz_sign_pk, bundle_fuzz_sign_sk);
	bundle_box_keypair(bundle_fuzz_keys.box_pk, bundle_fuzz_keys.box_sk);
	return 0;
}

/* An accepted message, written again, sealed and opened: the same bytes and parts. */
static void
bundle_fuzz_again(const uint8_t *data, size_t size, const struct bundle *b)
{
	struct bundle_writer w;
	struct bundle again;
	struct buf file;
	char err[256] = "";
	size_t i;

	bundle_begin(&w, b->kind, b->terminal, b->receiver, b->number, b->made);
	for (i = 0; i < b->n; i++)
		bundle_add(&w, b->sections[i].type, b->sections[i].data, b->sections[i].len);
	FUZZ_CHECK(bundle_seal(&w, bundle_fuzz_sign_sk, bundle_fuzz_keys.box_pk, &file, err,
	    sizeof err) == 0, "sealing what was parsed: %s", err);
	/* It names its own receiver: the keys it is opened with must name that one. */
	memcpy(bundle_fuzz_keys.sign_pk, b->receiver, SIGN_PUBLIC_LEN);
	FUZZ_CHECK(bundle_open((const unsigned char *)file.data, file.len, &bundle_fuzz_keys,
	    bundle_fuzz_sign_pk, &again, err, sizeof err) == 0, "opening it again: %s", err);
	FUZZ_CHECK(again.msg_len == size && memcmp(again.msg, data, size) == 0,
	    "written again, the message is not the input (%zu bytes, %zu)", again.msg_len, size);
	FUZZ_CHECK(again.kind == b->kind && strcmp(again.terminal, b->terminal) == 0 &&
	    again.number == b->number && again.made == b->made && again.n == b->n,
	    "written again, the message's head differs");
	for (i = 0; i < b->n; i++)
		FUZZ_CHECK(again.sections[i].type == b->sections[i].type &&
		    again.sections[i].len == b->sections[i].len &&
		    memcmp(again.sections[i].data, b->sections[i].data, b->sections[i].len) == 0,
		    "section %zu differs written again", i + 1);
	bundle_free(&again);
	buf_free(&file);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bundle b;
	struct bundle_head h;
	char err[256] = "";

	if (bundle_parse(data, size, &b, err, sizeof err) == 0) {
		bundle_fuzz_again(data, size, &b);
		bundle_free(&b);
	} else {
		FUZZ_CHECK(err[0] != '\0', "a message refused without a reason");
		FUZZ_CHECK(b.mem == NULL && b.sections == NULL && b.n == 0,
		    "a refused message left parts behind");
	}
	err[0] = '\0';
	if (bundle_peek(data, size, &h, err, sizeof err) == 0)
		FUZZ_CHECK(h.sealed_len + BUNDLE_HEAD_LEN == size, "a header of %zu bytes in %zu",
		    h.sealed_len, size);
	else
		FUZZ_CHECK(err[0] != '\0', "a file refused without a reason");
	err[0] = '\0';
	FUZZ_CHECK(bundle_open(data, size, &bundle_fuzz_keys, bundle_fuzz_sign_pk, &b, err,
	    sizeof err) != 0 && err[0] != '\0', "a file the fuzzer made was opened");
	return 0;
}
