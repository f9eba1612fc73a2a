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

/* One service given to a seeker (service_event). */
struct seeker_service {
	char	id[IDENT_LEN + 1];
	char	type[32];		/* registration, renewal, referral... */
	char	at[32];			/* "YYYY-MM-DDTHH:MM:SSZ" */
	char	clerk[64];
	char	office[32];
	int	free_service;
	char	basis[32];
	char	seeker_id[IDENT_LEN + 1];	/* the record it was given under */
};

/* The id of the seeker with this ID number: 1 found, 0 not, -1 error. */
int	seeker_find_idnum(struct store *, const char *idnum, char id[IDENT_LEN + 1]);
/*
 * Register (id NULL) or change a seeker. Registering an ID number that is
 * already there changes that record instead (imports rely on it). The ID
 * number of a record is never changed: the id derives from it. A change
 * to a record merged away goes to the record it became (seeker_resolve).
 * 0 saved, 1 nothing changed, -1 error with err. *out_id gets the id of
 * the record written; saved (may be NULL) the record as stored, with its
 * "id", so that the screen neither reads it again nor audits a second view.
 */
int	seeker_save(struct store *, const char *id, const struct fields *, struct fields *saved,
	    char out_id[IDENT_LEN + 1], char *err, size_t errlen);
/*
 * Register a new seeker from the window: like seeker_save with id NULL,
 * but an ID number that is registered already writes nothing and returns
 * 2 with that record's id in out_id, so the clerk sees it instead. Both
 * refuse a person registered elsewhere in the district, outside this
 * terminal's scope (store/scope.h): 3, nothing written, that record's id
 * in out_id and where it is registered in err.
 */
int	seeker_register(struct store *, const struct fields *, struct fields *saved,
	    char out_id[IDENT_LEN + 1], char *err, size_t errlen);
/*
 * The live record a seeker id stands for now: id itself, or the record it
 * was merged into (following replaced_by). 1 with out_id, 0 when there is
 * none (unknown, or removed by the district), -1 error.
 */
int	seeker_resolve(struct store *, const char *id, char out_id[IDENT_LEN + 1]);
/*
 * Load a whole record for display, writing a "view" audit record. A
 * record merged away opens the one it became: out's "id" is the id of the
 * record loaded, which the caller compares with the id it asked for.
 * 1, 0 not found (or removed), -1.
 */
int	seeker_open(struct store *, const char *id, struct fields *out);
/*
 * Search by ID number or phone, or by any part of the name; records
 * merged away or removed are never listed. Digits (X for an ID number's
 * last) find the numbers that end with them when there are 4 to 8 of
 * them (尾号, listed first), then those that begin with them. Up to max hits,
 * ordered by number or by name; *n gets the number of hits, and *found
 * (may be NULL) the number of seekers the search finds in all, counted
 * up to STORE_FOUND_MAX + 1 (store.h: "more than STORE_FOUND_MAX").
 */
int	seeker_search(struct store *, const char *query, struct seeker_hit *hits, size_t max,
	    size_t *n, size_t *found);
/* The search hit of the live seeker with this id, as listed: 1, or 0 when there is none. */
int	seeker_hit_get(struct store *, const char *id, struct seeker_hit *);
/* People with the same name and birth date, other than except_id. */
int	seeker_similar(struct store *, const char *name, const char *birth_date,
	    const char *except_id, struct seeker_hit *hits, size_t max, size_t *n);
/*
 * Renew the registration for another period from today; a placed or
 * withdrawn seeker who comes back is registered again the same way. 0
 * renewed, 1 nothing to renew (open and valid that long already: registered
 * or renewed today), -1 with err.
 */
int	seeker_renew(struct store *, const char *id, char *err, size_t errlen);
/* Withdraw the registration (撤销登记) with a reason code. */
int	seeker_withdraw(struct store *, const char *id, const char *reason, char *err,
	    size_t errlen);
/*
 * Merge two registrations of one person (a supervisor's action: the
 * caller checks the role). In one transaction the survivor takes every
 * non-empty field of the loser that it has empty (an "update" outbox
 * entry), and the loser becomes a tombstone: deleted, replaced_by the
 * survivor, its ID number given up (a "delete" outbox entry with
 * {"replaced_by": survivor}); both are audited. Refused: a record into
 * itself, into a record merged or removed, a loser already merged, and a
 * loser with an ID number into a survivor without one (the record with
 * the number survives). 0, or -1 with err.
 */
int	seeker_merge(struct store *, const char *loser_id, const char *survivor_id, char *err,
	    size_t errlen);
/*
 * The services given to a seeker, newest first, up to max into out; the
 * services of every record merged into it count as its own. 0 (with *n),
 * or -1.
 */
int	seeker_services(struct store *, const char *id, struct seeker_service *out,
	    size_t max, size_t *n);

#endif
