/*
 * Vacancies (岗位) of employers: registration, the list of an employer's
 * vacancies, closing and withdrawing. Values come checked by
 * core/fieldcheck.
 */
#ifndef JOBDESK_VACANCY_H
#define JOBDESK_VACANCY_H

#include <stddef.h>

#include "common/fields.h"
#include "core/ident.h"

struct store;

struct vacancy_hit {
	char	id[IDENT_LEN + 1];
	char	title[160];
	char	occupation[24];
	/* The occupation's names, for a list that shows them beside the code; "" if unknown. */
	char	occupation_zh[96], occupation_en[128];
	char	headcount[12];
	char	wage_min[12], wage_max[12];
	char	valid_until[11];
	char	status[16];	/* effective: "expired" once valid_until has passed */
	char	district[16];
	char	employer_id[IDENT_LEN + 1];
	char	employer_name[160];
};

/* What a search of every employer's vacancies looks for; "" or NULL: anything. */
struct vacancy_query {
	const char	*text;		/* a part of the title, or an occupation (codes_search) */
	const char	*district;	/* a region (codes_search): a district includes its streets */
	int		 open_only;	/* open as listed: not expired, not filled by its hires */
};

/*
 * Register (id NULL) or change a vacancy of an employer: 0, 1 unchanged,
 * -1. A new vacancy whose employer, title, occupation, district and
 * validity match an open one is that one (so importing a file twice
 * changes nothing).
 */
int	vacancy_save(struct store *, const char *id, const char *employer_id,
	    const struct fields *, struct fields *saved, char out_id[IDENT_LEN + 1], char *err,
	    size_t errlen);
/* Register a new vacancy from the window: never merged into another one. */
int	vacancy_register(struct store *, const char *employer_id, const struct fields *,
	    struct fields *saved, char out_id[IDENT_LEN + 1], char *err, size_t errlen);
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
/*
 * The vacancies of every employer that a query finds, in title order;
 * removed vacancies are not listed. Up to max hits into *n, and into
 * *found (may be NULL) how many the query finds in all, counted up to
 * STORE_FOUND_MAX + 1 (store.h: "more than").
 */
int	vacancy_search(struct store *, const struct vacancy_query *, struct vacancy_hit *,
	    size_t max, size_t *n, size_t *found);
/* Close (filled or closed) or withdraw (with a reason) a vacancy. */
int	vacancy_set_status(struct store *, const char *id, const char *status,
	    const char *reason, char *err, size_t errlen);

#endif
