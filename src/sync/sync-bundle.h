/*
 * Sync by file on the terminal (jobdesk-sync(7), BUNDLES): writing a
 * bundle of what it has to push and where its pull stands, applying the
 * district's reply, and registering the keys both are made with. The
 * bundle and reply hold the same messages as an online round; a reply is
 * applied by the same store functions (acknowledgements, then pages with
 * their cursors), under the same lock as a round.
 */
#ifndef JOBDESK_SYNC_BUNDLE_H
#define JOBDESK_SYNC_BUNDLE_H

#include <stddef.h>
#include <stdint.h>

#include "wire/wire.h"

struct store;
struct sync_options;

/* Changes a bundle carries at most; the rest wait for the next one. */
#define SYNC_BUNDLE_MAX_CHANGES	100000

/* What writing a bundle or applying a reply did. */
struct sync_bundle_result {
	uint64_t	number;		/* the bundle's, or the one the reply answers */
	int		again;		/* the reply was applied before: nothing done */
	int		partly;		/* apply: some of it was applied (also on failure) */
	long		changes;	/* carried (write), acknowledged (apply) */
	long		left;		/* write: waiting changes the bundle could not carry */
	long		unsigned_n;	/* write: changes waiting to be signed (not carried) */
	long		pulled;		/* apply: records applied */
	long		rejected;	/* apply: changes the district refused */
	int		more;		/* apply: the district has more to send */
	int		stale;		/* apply: pages left out, this terminal is past them */
	long		waiting;	/* outbox entries after */
	char		push_error[WIRE_REASON_LEN];	/* apply: the push was refused */
	char		pull_error[WIRE_REASON_LEN];	/* apply: the pull was refused */
};

/*
 * Write a bundle to path: every change waiting (up to
 * SYNC_BUNDLE_MAX_CHANGES) and the pull cursor, signed with this
 * terminal's key and sealed to the district's. 0 with *r, or -1 with err
 * (not enrolled, keys not registered, another sync running, the file
 * cannot be written). Nothing in the database changes but the bundle's
 * number.
 */
int	sync_bundle_write(struct store *, const char *path, struct sync_bundle_result *r,
	    char *err, size_t errlen);
/*
 * Apply the reply at path: 0 with *r, also when it was applied before
 * (r->again, nothing done); -1 with err, nothing changed, when it is no
 * reply, altered or cut short, for another terminal, not signed by the
 * district, older than the reply applied last, or answers a bundle this
 * terminal never wrote. Pages apply only from the cursor this terminal
 * holds: each in one transaction with its cursor, never out of order. A
 * database failure halfway is -1 with r->partly set: what was applied
 * stays, and applying the reply again goes on from there.
 */
int	sync_bundle_apply(struct store *, const char *path, struct sync_bundle_result *r,
	    char *err, size_t errlen);
/*
 * Make this terminal's key pairs if it has none (or new when fresh is
 * set: a new enrollment) and register them with the district online (POST
 * /v1/keys), keeping the district's keys it answers with. 0, or -1 with
 * err (the next call tries again).
 */
int	sync_keys_register(struct store *, const struct sync_options *, int fresh, char *err,
	    size_t errlen);
/* Whether this terminal's keys are registered with the district. */
int	sync_keys_registered(struct store *);

#endif
