/*
 * Interest inventories (兴趣测评) in the local database: begun, answered a
 * few items at a time (every answer saved at once, so that Esc, a lock or
 * a crash loses nothing and the next opening goes on at the first item
 * not answered), then finished with its scores and code and the 职业指导
 * service it gives. Only an account with a guidance grade gives one.
 * The answers and the result are personal: every view is audited, no
 * list or log shows them, and matching never reads them; the result only
 * reaches a seeker's desired occupations when a counsellor adds one.
 */
#ifndef JOBDESK_STORE_INVENTORY_H
#define JOBDESK_STORE_INVENTORY_H

#include <stddef.h>

#include "core/ident.h"

struct store;

/* An inventory as stored. */
struct inventory_rec {
	char	id[IDENT_LEN + 1];
	char	seeker_id[IDENT_LEN + 1];
	char	instrument[128];	/* "NAME VERSION" (invdef_instrument) */
	char	answers[256];		/* one character per item (core/inventory.h) */
	char	status[16];		/* in_progress, done */
	char	scores[128];
	char	code[8];
	char	done_on[11];
	char	created_by[64];		/* the counsellor */
	char	registered_on[11];
};

/*
 * Whether the acting account may give an inventory: 0, or -1 with the
 * reason in err (no account, or no guidance grade).
 */
int	inventory_may_give(struct store *, char *err, size_t errlen);
/*
 * The seeker's inventory on instrument still in progress, else (when
 * done is set) the latest one done on any instrument: 1 with rec, 0 none,
 * -1. Audited as a view of the inventory found.
 */
int	inventory_find(struct store *, const char *seeker_id, const char *instrument, int done,
	    struct inventory_rec *rec);
/*
 * Begin an inventory of the seeker on instrument with nitems items, none
 * answered, by the acting counsellor today: 0 with rec, -1 with err
 * (no grade, no such seeker).
 */
int	inventory_begin(struct store *, const char *seeker_id, const char *instrument,
	    size_t nitems, struct inventory_rec *rec, char *err, size_t errlen);
/* Save the answers so far of an inventory in progress: 0, 1 unchanged, -1 with err. */
int	inventory_save_answers(struct store *, const char *id, const char *answers, char *err,
	    size_t errlen);
/*
 * Finish an inventory in progress with its complete answers, scores and
 * code (core/inventory.h), done today, and append the guidance service
 * (职业指导) it gives the seeker, in one transaction: 0, or -1 with err.
 */
int	inventory_finish(struct store *, const char *id, const char *answers, const char *scores,
	    const char *code, char *err, size_t errlen);
/* Audit a print of an inventory's result. */
int	inventory_printed(struct store *, const char *id);
/*
 * Add an occupation code to the seeker's desired occupations: the first
 * of desired_occupation, _2, _3 that is empty. 0 with *slot (1-3), 1
 * when one of them holds it already (*slot says which), -1 with err (all
 * three set, naming them; the record cannot be saved).
 */
int	inventory_add_occupation(struct store *, const char *seeker_id, const char *code,
	    int *slot, char *err, size_t errlen);

#endif
