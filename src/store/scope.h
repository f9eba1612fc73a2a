/*
 * A scoped terminal's store (jobdesk(1), SCOPED TERMINALS): the district
 * gives it the full records of its scope (an office and the offices under
 * it) and, for every other job seeker of the district, an entry of the
 * identity index: the record id, the office that holds the registration,
 * its status and validity. A person registered elsewhere is recognised
 * here offline from the ID number typed at the window, and one person's
 * whole record can be fetched from the district on demand; records that
 * leave the scope leave the terminal once nothing of theirs waits to be
 * pushed. On a terminal of the whole district all this is idle.
 */
#ifndef JOBDESK_STORE_SCOPE_H
#define JOBDESK_STORE_SCOPE_H

#include <stddef.h>

#include "core/ident.h"
#include "wire/wire.h"

struct store;

/* A job seeker registered outside this terminal's scope, as the identity index knows them. */
struct scope_elsewhere {
	char	id[IDENT_LEN + 1];	/* the record (a merge's redirect followed) */
	char	office[32];
	char	office_name[128];	/* "" when this terminal does not know the office */
	char	status[16];		/* as a clerk sees it: "expired" once valid_until has passed */
	char	valid_until[11];
};

/*
 * What this terminal holds, for people: the whole district (whole set,
 * office its district's office: the one of level district above this
 * terminal's office), or its scope's office and the offices under it
 * (under: how many). office_name is "" when this terminal does not know
 * the office, office "" when it knows no district office at all.
 */
struct scope_view {
	int	whole;
	char	office[32];
	char	office_name[128];
	long	under;
};

/* This terminal's scope into out: an office code, or "" for the whole district; 0 or -1. */
int	store_scope(struct store *, char *out, size_t outlen);
/* What this terminal holds, into *v; 0 or -1. */
int	store_scope_view(struct store *, struct scope_view *v);
/*
 * Whether the person with this ID number (as typed: it is put in its
 * canonical form) is registered elsewhere in the district, by the
 * identity index: 1 with *where filled, 0 when the index does not have
 * the person (or holds the whole record here), -1 on a database error.
 */
int	store_scope_elsewhere(struct store *, const char *idnum, struct scope_elsewhere *where);
/*
 * The request for one seeker's whole record (POST /v1/fetch), signed by
 * the acting account: 0, or -1 with err when no account's key is open
 * here (nobody logged in with a password, or a script without --user).
 */
int	store_fetch_request(struct store *, const char *seeker_id, struct wire_fetch *out,
	    char *err, size_t errlen);
/*
 * Apply the district's answer to a fetch in one transaction: the records
 * land as a pulled page's do (the cursor stays), the person's entry in the
 * identity index is marked fetched today (the record stays here until the
 * day is over and nothing of it waits to be pushed), and the view is
 * audited. out_id gets the id of the person's record, "" when the
 * district has no such person. 0, or -1 with err.
 */
int	store_fetch_apply(struct store *, const struct wire_pull_reply *, char out_id[IDENT_LEN + 1],
	    char *err, size_t errlen);

#endif
