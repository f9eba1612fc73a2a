/*
 * Employers (用人单位), unique by their Unified Social Credit Code. Values
 * come checked by core/fieldcheck. Their vacancies are in vacancy.h.
 */
#ifndef JOBDESK_EMPLOYER_H
#define JOBDESK_EMPLOYER_H

#include <stddef.h>

#include "common/fields.h"
#include "core/ident.h"

struct store;

struct employer_hit {
	char	id[IDENT_LEN + 1];
	char	uscc[19];
	char	name[160];
	char	district[16];
	char	status[16];
	long	open_vacancies;
};

/* The id of the employer with this USCC: 1, 0 not found, -1 error. */
int	employer_find_uscc(struct store *, const char *uscc, char id[IDENT_LEN + 1]);
/*
 * Register (id NULL; an existing USCC changes that record) or change an
 * employer: 0, 1 unchanged, -1. saved (may be NULL) gets the record as
 * stored, with its "id": no second read, no second audited view.
 */
int	employer_save(struct store *, const char *id, const struct fields *, struct fields *saved,
	    char out_id[IDENT_LEN + 1], char *err, size_t errlen);
/* Register a new employer: a USCC already registered writes nothing and returns 2 with its id. */
int	employer_register(struct store *, const struct fields *, struct fields *saved,
	    char out_id[IDENT_LEN + 1], char *err, size_t errlen);
/*
 * The live record an employer id stands for now: id itself, or the one it
 * was merged into. 1 with out_id, 0 none (unknown or removed), -1.
 */
int	employer_resolve(struct store *, const char *id, char out_id[IDENT_LEN + 1]);
/*
 * Load a whole employer record, audited; a record merged away opens the
 * one it became, whose id is out's "id". 1, 0 not found or removed, -1.
 * Writes (employer_save, employer_withdraw, vacancy_save) given the id of
 * a record merged away go to the record it became, likewise.
 */
int	employer_open(struct store *, const char *id, struct fields *out);
/*
 * Search by USCC prefix or any part of the name; merged or removed
 * records are never listed. Up to max hits in name order into *n, and
 * into *found (may be NULL) how many employers the search finds in all,
 * counted up to STORE_FOUND_MAX + 1 (store.h: "more than").
 */
int	employer_search(struct store *, const char *query, struct employer_hit *, size_t max,
	    size_t *n, size_t *found);
int	employer_withdraw(struct store *, const char *id, const char *reason, char *err,
	    size_t errlen);

#endif
