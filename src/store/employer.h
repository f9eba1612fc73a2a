/*
 * Employers (用人单位), unique by their Unified Social Credit Code, and
 * their vacancies (岗位). Values come checked by core/fieldcheck.
 */
#ifndef JOBDESK_EMPLOYER_H
#define JOBDESK_EMPLOYER_H

#include <stddef.h>

#include "common/fields.h"
#include "core/columns.h"
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

struct vacancy_hit {
	char	id[IDENT_LEN + 1];
	char	title[160];
	char	occupation[24];
	char	headcount[12];
	char	wage_min[12], wage_max[12];
	char	valid_until[11];
	char	status[16];	/* effective: "expired" once valid_until has passed */
};

/* employer_columns and vacancy_columns are in core/columns.h. */

/* The id of the employer with this USCC: 1, 0 not found, -1 error. */
int	employer_find_uscc(struct store *, const char *uscc, char id[IDENT_LEN + 1]);
/* Register (id NULL; an existing USCC changes that record) or change an employer: 0, 1 unchanged, -1. */
int	employer_save(struct store *, const char *id, const struct fields *,
	    char out_id[IDENT_LEN + 1], char *err, size_t errlen);
/* Register a new employer: a USCC already registered writes nothing and returns 2 with its id. */
int	employer_register(struct store *, const struct fields *, char out_id[IDENT_LEN + 1],
	    char *err, size_t errlen);
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
/* Search by USCC prefix or any part of the name; merged or removed records are never listed. */
int	employer_search(struct store *, const char *query, struct employer_hit *, size_t max,
	    size_t *n);
int	employer_withdraw(struct store *, const char *id, const char *reason, char *err,
	    size_t errlen);

/*
 * Register (id NULL) or change a vacancy of an employer: 0, 1 unchanged,
 * -1. A new vacancy whose employer, title, occupation, district and
 * validity match an open one is that one (so importing a file twice
 * changes nothing).
 */
int	vacancy_save(struct store *, const char *id, const char *employer_id,
	    const struct fields *, char out_id[IDENT_LEN + 1], char *err, size_t errlen);
/* Register a new vacancy from the window: never merged into another one. */
int	vacancy_register(struct store *, const char *employer_id, const struct fields *,
	    char out_id[IDENT_LEN + 1], char *err, size_t errlen);
/* The live record a vacancy id stands for now, like employer_resolve. */
int	vacancy_resolve(struct store *, const char *id, char out_id[IDENT_LEN + 1]);
/* Load a whole vacancy, audited; out's "id" is the record loaded (see employer_open). */
int	vacancy_open(struct store *, const char *id, struct fields *out);
/*
 * An employer's vacancies, open ones first, with those of every employer
 * merged into it; removed vacancies are not listed.
 */
int	vacancy_list(struct store *, const char *employer_id, struct vacancy_hit *, size_t max,
	    size_t *n);
/* Close (filled or closed) or withdraw (with a reason) a vacancy. */
int	vacancy_set_status(struct store *, const char *id, const char *status,
	    const char *reason, char *err, size_t errlen);

#endif
