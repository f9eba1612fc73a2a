/*
 * The hardship case file (一人一档, 一人一策) in the local database: the
 * assistance plan of a recognised 就业困难人员 (one per person), the
 * contacts with them (each a "follow_up" service event), the whole
 * timeline of the person, the due list, and leaving hardship status.
 * Contacts' notes are personal: read only by casefile_timeline, whose
 * every call is audited as a view of the case file, never by a list.
 */
#ifndef JOBDESK_STORE_CASEFILE_H
#define JOBDESK_STORE_CASEFILE_H

#include <stddef.h>

#include "common/fields.h"
#include "core/casefile.h"
#include "core/ident.h"

struct retire_rule;
struct store;

/* The contact schedule and the months of work that end hardship status (copied). */
void	store_set_casefile_rules(struct store *, const struct casefile_rules *);

/*
 * Whether seeker_id may have a case file: 1 yes (a registered person with
 * a hardship kind, or one whose case file is open already), 0 no with the
 * reason in err (no hardship status, or left it: when and why), -1.
 */
int	casefile_eligible(struct store *, const char *seeker_id, char *err, size_t errlen);

/*
 * Open the case file of seeker_id: its assistance plan, with the acting
 * account as case worker, its first contact due after the schedule's
 * months. The plan's id derives from the person's, so that two windows
 * that open it offline open one. 0 opened, 1 open already, -1 with err;
 * plan_id gets the plan's id either way.
 */
int	casefile_open(struct store *, const char *seeker_id, char plan_id[IDENT_LEN + 1],
	    char *err, size_t errlen);

/*
 * The plan of seeker_id, every column, "id", and what is due first on it
 * here ("next_due", "" for nothing; "next_step", "0" for the next
 * contact), not audited: 1, 0 none, -1.
 */
int	casefile_plan(struct store *, const char *seeker_id, struct fields *out);

/*
 * Change a plan's form fields (case worker, goal, steps): the case
 * worker and every step's owner must be accounts here; a step without a
 * status is open. saved (may be NULL) gets the plan as stored. 0 saved,
 * 1 nothing changed, -1 with err.
 */
int	casefile_plan_save(struct store *, const char *plan_id, const struct fields *in,
	    struct fields *saved, char *err, size_t errlen);

/*
 * Record a contact with seeker_id made on (YYYY-MM-DD, not after today)
 * by the acting account: way (contact_way), result (contact_result), a
 * note (personal, may be ""). The person's case file must be open. It
 * gives the person a "follow_up" service and moves the next contact's
 * date when the result counts. 0, or -1 with err.
 */
int	casefile_contact(struct store *, const char *seeker_id, const char *on, const char *way,
	    const char *result, const char *note, char *err, size_t errlen);

/*
 * Whether seeker_id may leave hardship status for reason today
 * (core/casefile.h), the person's sex and birth date read here: 1 with
 * msg saying why, 0 with msg saying why not, -1 with msg (no such person,
 * a database error).
 */
int	casefile_may_leave(struct store *, const struct retire_rule *, const char *seeker_id,
	    const char *reason, int employed_since, char *msg, size_t msglen);

/*
 * Leave hardship status in one transaction, when casefile_may_leave
 * allows it: the plan closed with the reason and today's date and the
 * person's hardship kind and basis as they were; the person's hardship
 * fields cleared. 0, or -1 with err.
 */
int	casefile_leave(struct store *, const struct retire_rule *, const char *seeker_id,
	    const char *reason, int employed_since, char *err, size_t errlen);

/* What a line of the timeline is. */
enum casefile_what {
	CASEFILE_FIRST_REGISTERED,	/* the day of the first registration */
	CASEFILE_SERVICE,		/* a service given without a record of its own here */
	CASEFILE_REFERRAL,		/* a referral and its outcome */
	CASEFILE_GUIDANCE,		/* a guidance session */
	CASEFILE_CONTACT,		/* a contact of the case file */
	CASEFILE_OPENED,		/* the case file opened */
	CASEFILE_LEFT,			/* hardship status left */
};

/* A line of a person's timeline. */
struct casefile_line {
	enum casefile_what	what;
	char	day[11];		/* YYYY-MM-DD, local */
	char	at[32];			/* what orders lines of a day: a stamp or the day */
	char	id[IDENT_LEN + 1];	/* the record it opens, or "" */
	char	code[32];		/* the service type, referral status, guidance
					   kind, contact way or leave reason */
	char	code2[32];		/* a contact's result, a service's basis */
	char	text[160];		/* a referral's vacancy, a contact's note */
	char	who[64];		/* the account that acted */
};

struct casefile_timeline {
	struct casefile_line	*lines;
	size_t			 n;
	char			 hardship[128];	/* the person's hardship kinds now, "a,b" */
};

/*
 * The whole timeline of seeker_id, newest first, at most max lines:
 * first registration, services, referrals and their outcomes, guidance
 * sessions, contacts (with their notes), the case file's opening and the
 * end of hardship status. A service that comes with a record listed here
 * (a referral's, a session's, a contact's) is that record's line, not a
 * second one. Audited as a view of the case file. 0 or -1; free with
 * casefile_timeline_free.
 */
int	casefile_timeline(struct store *, const char *seeker_id, size_t max,
	    struct casefile_timeline *);
void	casefile_timeline_free(struct casefile_timeline *);

/* A person on the due list. */
struct casefile_due {
	char	seeker_id[IDENT_LEN + 1];
	char	name[128];
	char	id_masked[24];		/* the ID number masked */
	char	due[11];		/* YYYY-MM-DD */
	int	step;			/* the plan's step due, 0 the next contact */
	int	nofile;			/* in hardship status without a case file yet */
	char	caseworker[64];		/* "" when nofile */
};

/*
 * The persons whose next contact or plan step is due on or before today
 * (YYYYMMDD), most overdue first, at most max. With clerk, theirs: the
 * persons whose case worker they are, or who have a step of theirs. With
 * clerk NULL, a supervisor's: the persons of office and of the offices
 * under it, and among them also everyone in hardship status without a
 * case file yet (nofile), due from the day of their registration, so that
 * nobody recognised is forgotten. 0 or -1.
 */
int	casefile_due_list(struct store *, const char *clerk, const char *office, int today,
	    struct casefile_due *, size_t max, size_t *n);

#endif
