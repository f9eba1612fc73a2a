/*
 * Sync by file, the store's side (store/bundle.h). The keys are settings
 * like the token: the secret halves in hex, the public ones derived when
 * read. A bundle's number moves in its own transaction before the file is
 * written (a file that then fails to be written leaves a number unused,
 * which harms nothing); the number of the reply applied last is what
 * refuses an older reply afterwards.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "common/i18n.h"
#include "store/bundle.h"
#include "store/store-int.h"

#define BUNDLE_SIGN_KEY		"bundle_sign_key"
#define BUNDLE_BOX_KEY		"bundle_box_key"
#define BUNDLE_REGISTERED	"bundle_keys_registered"
#define DISTRICT_SIGN_KEY	"district_sign_key"
#define DISTRICT_BOX_KEY	"district_box_key"
#define BUNDLE_WRITTEN		"bundle_written"
#define BUNDLE_APPLIED		"bundle_applied"

/* A key setting into out: 1 read, 0 unset, -1 not len bytes of hex. */
static int
bundle_key_get(struct store *st, const char *key, unsigned char *out, size_t len)
{
	char *v = st_setting_get(st, key);
	int rc;

	if (v == NULL || *v == '\0') {
		free(v);
		return 0;
	}
	rc = sign_from_hex(v, out, len) == 0 ? 1 : -1;
	sodium_memzero(v, strlen(v));
	free(v);
	return rc;
}

/* A key setting from bytes; 0 or -1. */
static int
bundle_key_set(struct store *st, const char *key, const unsigned char *in, size_t len)
{
	char hex[2 * SIGN_SECRET_LEN + 1];
	int rc;

	sign_to_hex(in, len, hex);
	rc = st_setting_set(st, key, hex);
	sodium_memzero(hex, sizeof hex);
	return rc;
}

/* A number setting (0 when unset). */
static uint64_t
bundle_number(struct store *st, const char *key)
{
	char *v = st_setting_get(st, key);
	uint64_t n = v != NULL ? strtoull(v, NULL, 10) : 0;

	free(v);
	return n;
}

/* The keys as stored. */
int
store_bundle_keys(struct store *st, struct store_bundle_keys *k)
{
	int a, b, c, d;
	char *reg;

	memset(k, 0, sizeof *k);
	a = bundle_key_get(st, BUNDLE_SIGN_KEY, k->sign_sk, sizeof k->sign_sk);
	b = bundle_key_get(st, BUNDLE_BOX_KEY, k->box_sk, sizeof k->box_sk);
	c = bundle_key_get(st, DISTRICT_SIGN_KEY, k->district_sign_pk,
	    sizeof k->district_sign_pk);
	d = bundle_key_get(st, DISTRICT_BOX_KEY, k->district_box_pk, sizeof k->district_box_pk);
	if (a < 0 || b < 0 || c < 0 || d < 0) {
		sodium_memzero(k, sizeof *k);
		return -1;
	}
	k->has_own = a == 1 && b == 1;
	if (k->has_own) {
		sign_public_of(k->sign_sk, k->sign_pk);
		bundle_box_public_of(k->box_sk, k->box_pk);
	}
	reg = st_setting_get(st, BUNDLE_REGISTERED);
	k->registered = k->has_own && c == 1 && d == 1 && reg != NULL && strcmp(reg, "1") == 0;
	free(reg);
	return 0;
}

/* New key pairs, not registered yet. */
int
store_bundle_keys_new(struct store *st, struct store_bundle_keys *k, char *err, size_t errlen)
{
	memset(k, 0, sizeof *k);
	sign_keypair(k->sign_pk, k->sign_sk);
	bundle_box_keypair(k->box_pk, k->box_sk);
	k->has_own = 1;
	if (st_begin(st) != 0)
		goto fail;
	if (bundle_key_set(st, BUNDLE_SIGN_KEY, k->sign_sk, sizeof k->sign_sk) != 0 ||
	    bundle_key_set(st, BUNDLE_BOX_KEY, k->box_sk, sizeof k->box_sk) != 0 ||
	    st_setting_set(st, BUNDLE_REGISTERED, "0") != 0 || st_commit(st) != 0) {
		st_rollback(st);
		goto fail;
	}
	return 0;
fail:
	snprintf(err, errlen, _("cannot store this terminal's keys for sync by file: %s"),
	    store_errmsg(st));
	sodium_memzero(k, sizeof *k);
	return -1;
}

/* The district took this terminal's keys. */
int
store_bundle_keys_registered(struct store *st, const unsigned char sign_pk[SIGN_PUBLIC_LEN],
    const unsigned char district_sign_pk[SIGN_PUBLIC_LEN],
    const unsigned char district_box_pk[BUNDLE_BOX_PUBLIC_LEN], char *err, size_t errlen)
{
	struct store_bundle_keys k;
	int same;

	if (st_begin(st) != 0)
		goto fail;
	/* Keys made again meanwhile (another enrollment) are not the ones registered. */
	same = store_bundle_keys(st, &k) == 0 && k.has_own &&
	    sodium_memcmp(k.sign_pk, sign_pk, SIGN_PUBLIC_LEN) == 0;
	sodium_memzero(&k, sizeof k);
	if (!same) {
		st_rollback(st);
		snprintf(err, errlen, _("this terminal's keys for sync by file changed while "
		    "they were registered; they are registered at the next sync"));
		return -1;
	}
	if (bundle_key_set(st, DISTRICT_SIGN_KEY, district_sign_pk, SIGN_PUBLIC_LEN) != 0 ||
	    bundle_key_set(st, DISTRICT_BOX_KEY, district_box_pk, BUNDLE_BOX_PUBLIC_LEN) != 0 ||
	    st_setting_set(st, BUNDLE_REGISTERED, "1") != 0 || st_commit(st) != 0) {
		st_rollback(st);
		goto fail;
	}
	return 0;
fail:
	snprintf(err, errlen, _("cannot store the district's keys for sync by file: %s"),
	    store_errmsg(st));
	return -1;
}

/* The number of a new bundle. */
int
store_bundle_next(struct store *st, uint64_t *n, char *err, size_t errlen)
{
	char num[24];

	if (st_begin(st) != 0)
		goto fail;
	*n = bundle_number(st, BUNDLE_WRITTEN) + 1;
	snprintf(num, sizeof num, "%llu", (unsigned long long)*n);
	if (st_setting_set(st, BUNDLE_WRITTEN, num) != 0 || st_commit(st) != 0) {
		st_rollback(st);
		goto fail;
	}
	return 0;
fail:
	snprintf(err, errlen, _("cannot number the bundle: %s"), store_errmsg(st));
	return -1;
}

/* The last bundle written. */
uint64_t
store_bundle_written(struct store *st)
{
	return bundle_number(st, BUNDLE_WRITTEN);
}

/* The bundle whose reply was applied last. */
uint64_t
store_bundle_applied(struct store *st)
{
	return bundle_number(st, BUNDLE_APPLIED);
}

/* Note a reply applied. */
int
store_bundle_applied_set(struct store *st, uint64_t n, char *err, size_t errlen)
{
	char num[24];

	snprintf(num, sizeof num, "%llu", (unsigned long long)n);
	if (st_setting_set(st, BUNDLE_APPLIED, num) != 0) {
		snprintf(err, errlen, _("cannot note the reply as applied: %s"), store_errmsg(st));
		return -1;
	}
	return 0;
}
