/* Generic row helpers for the aggregate files of the store room. */
#ifndef JOBDESK_ROW_H
#define JOBDESK_ROW_H

#include <stdio.h>

#include "common/fields.h"
#include "store/store-int.h"

int	row_load(struct store *, const char *tbl, const char *const *cols, const char *id,
	    struct fields *out);
/*
 * The id of a row of tbl whose NULL-terminated cols (from a static list)
 * equal the values of the same index: 1 found, 0 not, -1 error.
 */
int	row_find(struct store *, const char *tbl, const char *const *cols,
	    const char *const *values, char id[IDENT_LEN + 1]);
/* Redirects followed at most this far: a longer chain is a broken record. */
#define ROW_REDIRECT_MAX	16
/*
 * The live record id of tbl (seeker, employer, vacancy) now stands for:
 * id itself, or the end of its chain of replaced_by redirects (a merge).
 * 1 with out filled, 0 when there is none (an unknown id, a record the
 * district removed without a survivor, a broken chain), -1 error.
 */
int	row_resolve(struct store *, const char *tbl, const char *id, char out[IDENT_LEN + 1]);
/* row_load, then a "view" audit record when the row is there: 1, 0 not found, -1. */
int	row_open(struct store *, const char *tbl, const char *const *cols, const char *id,
	    struct fields *out);
int	row_insert(struct store *, const char *tbl, const char *const *cols, const char *id,
	    const struct fields *);
int	row_update(struct store *, const char *tbl, const char *const *cols, const char *id,
	    const struct fields *);
void	row_diff(const struct fields *have, const struct fields *want, const char *const *cols,
	    struct fields *changed);
int	row_create(struct store *, const char *tbl, const char *const *cols, const char *id,
	    const struct fields *, uint64_t hlc);
/* A withdrawal needs a current reason of the given code list: 0, or -1 with err. */
int	reason_check(struct store *, const char *list, const char *reason, char *err, size_t errlen);
int	row_apply_update(struct store *, const char *tbl, const char *const *cols, const char *id,
	    const struct fields *changed, uint64_t hlc);

#endif
