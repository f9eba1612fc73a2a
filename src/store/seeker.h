/*
 * Job seekers (求职人员): registration, search, the registration
 * lifecycle (registered, renewed, placed, withdrawn, expired). Callers
 * pass values already checked with core/fieldcheck; the store derives the
 * id, sex and birth date from the ID number itself.
 */
#ifndef JOBDESK_SEEKER_H
#define JOBDESK_SEEKER_H

#include <stddef.h>

#include "common/fields.h"
#include "core/ident.h"

struct store;

struct seeker_hit {
	char	id[IDENT_LEN + 1];
	char	id_number[19];
	char	name[128];
	char	phone[24];
	char	birth_date[11];
	char	status[16];	/* effective: "expired" once valid_until has passed */
	char	valid_until[11];
};

/* Columns a seeker form may name, NULL-terminated. */
extern const char *const seeker_columns[];

/* The id of the seeker with this ID number: 1 found, 0 not, -1 error. */
int	seeker_find_idnum(struct store *, const char *idnum, char id[IDENT_LEN + 1]);
/*
 * Register (id NULL) or change a seeker. Registering an ID number that is
 * already there changes that record instead (imports rely on it). The ID
 * number of a record is never changed: the id derives from it. 0 saved,
 * 1 nothing changed, -1 error with err. *out_id gets the record's id.
 */
int	seeker_save(struct store *, const char *id, const struct fields *,
	    char out_id[IDENT_LEN + 1], char *err, size_t errlen);
/*
 * Register a new seeker from the window: like seeker_save with id NULL,
 * but an ID number that is registered already writes nothing and returns
 * 2 with that record's id in out_id, so the clerk sees it instead.
 */
int	seeker_register(struct store *, const struct fields *, char out_id[IDENT_LEN + 1],
	    char *err, size_t errlen);
/* Load a whole record for display, writing a "view" audit record. 1, 0 not found, -1. */
int	seeker_open(struct store *, const char *id, struct fields *out);
/*
 * Search by ID number or phone (digits: prefix of either) or by any part
 * of the name. Up to max hits, ordered by number or by name; *n gets the
 * count.
 */
int	seeker_search(struct store *, const char *query, struct seeker_hit *hits, size_t max,
	    size_t *n);
/* People with the same name and birth date, other than except_id. */
int	seeker_similar(struct store *, const char *name, const char *birth_date,
	    const char *except_id, struct seeker_hit *hits, size_t max, size_t *n);
/*
 * Renew the registration for another period from today; a placed or
 * withdrawn seeker who comes back is registered again the same way.
 */
int	seeker_renew(struct store *, const char *id, char *err, size_t errlen);
/* Withdraw the registration (撤销登记) with a reason code. */
int	seeker_withdraw(struct store *, const char *id, const char *reason, char *err,
	    size_t errlen);

#endif
