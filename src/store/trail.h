/*
 * A record's custody: the office it belongs to, which only a supervisor's
 * transfer changes (with a reason), and its history as a supervisor sees
 * it: who wrote each field last, when and from which terminal (as the
 * district says), and what was done to it at this terminal (its audit).
 */
#ifndef JOBDESK_TRAIL_H
#define JOBDESK_TRAIL_H

#include <stddef.h>

#include "core/kind.h"
#include "store/codes.h"

struct store;

/*
 * Move a record of kind (one with an office column) to office to, for a
 * reason of the transfer_reason list: the rules of core/authority first
 * (a supervisor of the record's office or above, inside the district),
 * then the office changed here, sent to the district as a transfer and
 * audited. A record merged away: its survivor. 0, or -1 with err.
 */
int	store_transfer(struct store *, enum kind_id, const char *id, const char *to,
	    const char *reason, char *err, size_t errlen);
/*
 * The offices a record of office may move to: the other offices of its
 * district as this terminal knows them, by code, at most max (code and
 * name_zh, name_en both the office's name). 0, or -1.
 */
int	store_transfer_offices(struct store *, const char *office, struct code_hit *, size_t max,
	    size_t *n);

/* Who wrote a field last, as the district says. */
struct trail_field {
	char	field[48];
	char	author[64];		/* "" before the district has said */
	char	at[24];			/* "YYYY-MM-DDTHH:MM:SSZ", "" without a stamp */
	char	terminal[40];
};

/* One thing done to the record at this terminal (its audit). */
struct trail_event {
	char	at[32];
	char	clerk[64];
	char	action[32];
};

struct record_trail {
	char			 registered_on[11];	/* this registration's day, "" none */
	char			 first_registered_on[11]; /* the first one's, kept when registering again */
	struct trail_field	*fields;	/* the kind's form columns, in its order */
	size_t			 nfields;
	struct trail_event	*events;	/* newest first, at most TRAIL_EVENTS_MAX */
	size_t			 nevents;
};

#define TRAIL_EVENTS_MAX	200

/*
 * The history of a record (the live one it stands for), audited as a
 * "history" view: 1 with out filled (free with store_record_trail_free),
 * 0 not found, -1 error.
 */
int	store_record_trail(struct store *, enum kind_id, const char *id, struct record_trail *out);
void	store_record_trail_free(struct record_trail *);

#endif
