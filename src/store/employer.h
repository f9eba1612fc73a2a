/*
 * Employers (用人单位), unique by their Unified Social Credit Code, and
 * their vacancies (岗位). Values come checked by core/fieldcheck.
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

struct vacancy_hit {
	char	id[IDENT_LEN + 1];
	char	title[160];
	char	occupation[24];
	char	headcount[12];
	char	wage_min[12], wage_max[12];
	char	valid_until[11];
	char	status[16];	/* effective: "expired" once valid_until has passed */
};

extern const char *const employer_columns[];
extern const char *const vacancy_columns[];

/* The id of the employer with this USCC: 1, 0 not found, -1 error. */
int	employer_find_uscc(struct store *, const char *uscc, char id[IDENT_LEN + 1]);
/* Register (id NULL; an existing USCC changes that record) or change an employer: 0, 1 unchanged, -1. */
int	employer_save(struct store *, const char *id, const struct fields *,
	    char out_id[IDENT_LEN + 1], char *err, size_t errlen);
/* Register a new employer: a USCC already registered writes nothing and returns 2 with its id. */
int	employer_register(struct store *, const struct fields *, char out_id[IDENT_LEN + 1],
	    char *err, size_t errlen);
int	employer_open(struct store *, const char *id, struct fields *out);
/* Search by USCC prefix or any part of the name. */
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
int	vacancy_open(struct store *, const char *id, struct fields *out);
int	vacancy_list(struct store *, const char *employer_id, struct vacancy_hit *, size_t max,
	    size_t *n);
/* Close (filled or closed) or withdraw (with a reason) a vacancy. */
int	vacancy_set_status(struct store *, const char *id, const char *status,
	    const char *reason, char *err, size_t errlen);

#endif
