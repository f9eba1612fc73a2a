/*
 * Inside the store room: the one path by which a record of any kind is
 * registered, changed, opened and closed. A kind file (seeker.c,
 * employer.c, vacancy.c) gives its rules as hooks; the path does the
 * rest the same way for every kind: the transaction, finding the record
 * (its redirects, its natural key, a derived or a new id), the lifecycle
 * fields of a new record, the row, its outbox entry, its audit record,
 * the service event a registration gives, and the saved record handed
 * back.
 */
#ifndef JOBDESK_STORE_AGGREGATE_H
#define JOBDESK_STORE_AGGREGATE_H

#include <stddef.h>
#include <stdint.h>

#include "common/fields.h"
#include "core/kind.h"
#include "store/store-int.h"

/* What aggregate_save refuses about a natural key, for a kind's own words. */
enum aggregate_refusal {
	AGGREGATE_REGISTERED,		/* a new record's key is registered already */
	AGGREGATE_KEY_FIXED,		/* a registered record's key cannot change */
	AGGREGATE_KEY_TAKEN,		/* another record holds the key */
};

/* A kind's rules for aggregate_save; every hook may be NULL but say for a kind with a natural key. */
struct aggregate_rules {
	const struct kind	*kind;
	/*
	 * Outside the transaction, before anything is read: normalise and
	 * derive fields in f (a seeker's sex and birth date from the ID
	 * number), and refuse what lacks what the kind needs. fresh: a new
	 * registration (no id given). 0, or -1 with err.
	 */
	int	(*prepare)(struct store *, struct fields *f, int fresh, char *err, size_t errlen);
	/* Inside the transaction, first: what the record needs there (a vacancy's employer). */
	int	(*check)(struct store *, struct fields *f, char *err, size_t errlen);
	/*
	 * For an import's repeated row without a natural key: the id of the
	 * record it is (a vacancy with the same employer, title...). 1, 0.
	 */
	int	(*find_same)(struct store *, const struct fields *f, char id[IDENT_LEN + 1]);
	/*
	 * The id a new record takes when it derives from its fields (a
	 * person's one case file from the person's id), so that two windows
	 * that make it offline make one record; NULL: a new id.
	 */
	void	(*derive_id)(struct store *, const struct fields *f, char id[IDENT_LEN + 1]);
	/* The lifecycle fields a new record takes besides the kind's own (a validity date). */
	void	(*fill_new)(struct store *, struct fields *all);
	/* After the row is written (old NULL for a new record): indexes. 0 or -1. */
	int	(*written)(struct store *, const char *id, const struct fields *old,
		    const struct fields *now);
	/* The refusal in the kind's words, naming the key's value where it helps. */
	void	(*say)(enum aggregate_refusal, const char *key, char *err, size_t errlen);
	/*
	 * Inside the transaction, for a new record with a natural key that no
	 * record here holds: whether the district holds it outside this
	 * terminal's scope (a person registered at another office, by the
	 * identity index). 1 with the refusal in err and that record's id in
	 * id, 0 not, -1.
	 */
	int	(*elsewhere)(struct store *, const char *key, char id[IDENT_LEN + 1], char *err,
		    size_t errlen);
};

/*
 * Register (id NULL) or change a record in one transaction. A new record
 * whose natural key is there already changes that record when upsert is
 * set (imports), else writes nothing and returns 2 with that record's id
 * in out_id. A new record the district holds outside this terminal's
 * scope (the rules' elsewhere) writes nothing and returns 3 with that
 * record's id in out_id and the refusal in err. A record merged away is
 * written through to the one it became. 0 saved, 1 nothing changed, 2
 * and 3 (see above), -1 with err. saved
 * (may be NULL) gets the record as stored, every column and "id", so
 * that the caller neither reads it again nor audits a second view.
 */
int	aggregate_save(struct store *, const struct aggregate_rules *, const char *id,
	    const struct fields *in, int upsert, struct fields *saved,
	    char out_id[IDENT_LEN + 1], char *err, size_t errlen);
/*
 * The live record id stands for, whole, audited as a view: a record merged
 * away opens the one it became, whose id is out's "id". 1, 0 not found or
 * removed, -1.
 */
int	aggregate_open(struct store *, const struct kind *, const char *id, struct fields *out);
/*
 * Inside the caller's transaction: set an open record's status (and its
 * withdraw_reason to reason, "" for none), audited as action. A record
 * merged away: its survivor. A record no longer in its kind's first
 * status is refused. 0, or -1 with err.
 */
int	aggregate_status(struct store *, const struct kind *, const char *id, const char *status,
	    const char *reason, const char *action, char *err, size_t errlen);
/* The same in a transaction of its own. */
int	aggregate_set_status(struct store *, const struct kind *, const char *id,
	    const char *status, const char *reason, const char *action, char *err,
	    size_t errlen);
/*
 * Append the service event a kind gives for record id (its kind's
 * service or service_employer, given on the record and the records it
 * refers to), once: on the record's day, or with the record; a service
 * there already is no error. Inside a transaction; 0 or -1.
 */
int	aggregate_service(struct store *, const struct kind *, const char *service,
	    const char *id, const struct fields *record, uint64_t hlc);

#endif
