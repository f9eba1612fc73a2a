/*
 * Rows of a record kind (core/kind.h) in the client's tables: load,
 * find, follow redirects, insert and update the columns the kind
 * describes. Column names come only from the kind table, never from
 * input, and every value is a bound parameter.
 */
#ifndef JOBDESK_ROW_H
#define JOBDESK_ROW_H

#include <stdint.h>

#include "common/fields.h"
#include "core/kind.h"
#include "store/store-int.h"

/* Redirects followed at most this far: a longer chain is a broken record. */
#define ROW_REDIRECT_MAX	16

/*
 * Load the columns of k whose flags share a bit with mask (0: every
 * column) of the row with this id into out: 1 found, 0 not, -1 error.
 */
int	row_load(struct store *, const struct kind *, unsigned mask, const char *id,
	    struct fields *out);
/* row_load of every column, then a "view" audit record when the row is there. */
int	row_open(struct store *, const struct kind *, const char *id, struct fields *out);
/*
 * The id of a row of k whose NULL-terminated cols (from a static list or
 * the kind table) equal the values of the same index: 1, 0 not found, -1.
 */
int	row_find(struct store *, const struct kind *, const char *const *cols,
	    const char *const *values, char id[IDENT_LEN + 1]);
/* The id of the row holding a natural key value of k: 1, 0 not found, -1. */
int	row_find_natural(struct store *, const struct kind *, const char *value,
	    char id[IDENT_LEN + 1]);
/* Whether a row of k has this id: 1, 0, -1. */
int	row_exists(struct store *, const struct kind *, const char *id);
/*
 * The live record id of a per-field kind now stands for: id itself, or
 * the end of its chain of replaced_by redirects (a merge). 1 with out
 * filled, 0 when there is none (an unknown id, a record the district
 * removed without a survivor, a broken chain), -1 error.
 */
int	row_resolve(struct store *, const struct kind *, const char *id,
	    char out[IDENT_LEN + 1]);
/* The fields of want that are columns of k in mask and differ from have, into changed. */
void	row_diff(const struct fields *have, const struct fields *want, const struct kind *,
	    unsigned mask, struct fields *changed);
/*
 * Insert a row stamped hlc: id plus every field of f that is a column of
 * k (a key that is none, a stray CSV column, stays out), and append its
 * outbox entry when the kind syncs. Inside a transaction; 0 or -1.
 */
int	row_create(struct store *, const struct kind *, const char *id, const struct fields *,
	    uint64_t hlc);
/* Update the columns of k named in changed and the stamp, and append the outbox entry. */
int	row_apply_update(struct store *, const struct kind *, const char *id,
	    const struct fields *changed, uint64_t hlc);
/*
 * Make a record of a per-field kind a tombstone stamped hlc: deleted,
 * redirected to replaced_by (NULL: removed), its natural key given up and
 * its form's fields emptied, the record it became holding them. Inside a
 * transaction; no outbox entry. 0 or -1.
 */
int	row_tombstone(struct store *, const struct kind *, const char *id, const char *replaced_by,
	    uint64_t hlc);
/* A withdrawal needs a current reason of the kind's reason list: 0, or -1 with err. */
int	reason_check(struct store *, const struct kind *, const char *reason, char *err,
	    size_t errlen);

#endif
