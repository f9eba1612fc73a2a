/*
 * The store's side of sync by file (jobdesk-sync(7), BUNDLES): this
 * terminal's key pairs for bundles, the district's public keys it was
 * given when it registered its own, and the numbers of the bundles it
 * wrote and of the last reply it applied. All kept in the setting table.
 */
#ifndef JOBDESK_STORE_BUNDLE_H
#define JOBDESK_STORE_BUNDLE_H

#include <stddef.h>
#include <stdint.h>

#include "core/sign.h"
#include "wire/bundle.h"

struct store;

/* The terminal's keys and the district's (wipe with sodium_memzero). */
struct store_bundle_keys {
	int		has_own;	/* this terminal has made its key pairs */
	int		registered;	/* the district took them, and gave its own */
	unsigned char	sign_sk[SIGN_SECRET_LEN];
	unsigned char	sign_pk[SIGN_PUBLIC_LEN];
	unsigned char	box_sk[BUNDLE_BOX_SECRET_LEN];
	unsigned char	box_pk[BUNDLE_BOX_PUBLIC_LEN];
	unsigned char	district_sign_pk[SIGN_PUBLIC_LEN];
	unsigned char	district_box_pk[BUNDLE_BOX_PUBLIC_LEN];
};

/* The keys as stored: 0 (flags say what there is), or -1 when a stored key is damaged. */
int	store_bundle_keys(struct store *, struct store_bundle_keys *);
/*
 * New key pairs for this terminal (a new enrollment: the district forgot
 * the old ones), not registered yet: 0 with *k, or -1 with err.
 */
int	store_bundle_keys_new(struct store *, struct store_bundle_keys *k, char *err,
	    size_t errlen);
/*
 * The district took the keys whose signing half is sign_pk (still this
 * terminal's: else nothing is noted) and gave its own: 0, or -1 with err.
 */
int	store_bundle_keys_registered(struct store *, const unsigned char sign_pk[SIGN_PUBLIC_LEN],
	    const unsigned char district_sign_pk[SIGN_PUBLIC_LEN],
	    const unsigned char district_box_pk[BUNDLE_BOX_PUBLIC_LEN], char *err, size_t errlen);
/* The number for a new bundle (one more than the last): 0 with *n, or -1 with err. */
int	store_bundle_next(struct store *, uint64_t *n, char *err, size_t errlen);
/* The number of the last bundle written (0 none). */
uint64_t store_bundle_written(struct store *);
/* The number of the bundle whose reply was applied last (0 none). */
uint64_t store_bundle_applied(struct store *);
/* Note that the reply to bundle n was applied: 0, or -1 with err. */
int	store_bundle_applied_set(struct store *, uint64_t n, char *err, size_t errlen);

#endif
