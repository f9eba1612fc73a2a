/*
 * The daily report (日报) and the close of day (日结): which figures an
 * office's day counts and from what, the placement rate, how a closed
 * day's frozen figures compare with the figures now (the corrections),
 * the digest of the events a closing counts, and the figures as the text
 * a closing record keeps. Pure: the store hands over the day's events one
 * by one (services given, referral outcomes, withdrawals, expiries) and
 * reads the figures back; no I/O, no SQL. Dates are ints YYYYMMDD.
 */
#ifndef JOBDESK_DAILY_H
#define JOBDESK_DAILY_H

#include <stddef.h>

#include "common/fields.h"

/* The figures of a day, in the order the report shows them. */
enum daily_fig {
	DAILY_REGISTERED,	/* registrations (求职登记), new or again: "registration" services */
	DAILY_RENEWED,		/* registrations renewed: "renewal" services */
	DAILY_WITHDRAWN,	/* registrations withdrawn by hand (any reason) */
	DAILY_EXPIRED,		/* registrations whose validity ended, not renewed */
	DAILY_EMPLOYERS,	/* employers registered: "employer_registration" services */
	DAILY_VACANCIES,	/* vacancies registered: "vacancy_registration" services */
	DAILY_HEADCOUNT,	/* the places those vacancies offer */
	DAILY_REFERRALS,	/* referrals issued: "referral" services */
	DAILY_OUTCOMES,		/* referral outcomes recorded, of any kind */
	DAILY_HIRED,
	DAILY_NOT_HIRED,
	DAILY_NO_SHOW,
	DAILY_OTHER_OUTCOME,	/* the seeker declined, the employer was unreachable */
	DAILY_GUIDANCE,		/* guidance sessions: "guidance" services */
	DAILY_SERVICES,		/* services given, of every type */
	DAILY_FREE,		/* of them free */
	DAILY_NFIG
};

/* A figure's name in closing records, CSV and JSON, and its label (N_()). */
struct daily_fig_def {
	const char	*key;
	const char	*label;
	int		 per_clerk;	/* a clerk's act: counted per clerk too */
};

extern const struct daily_fig_def	daily_figs[DAILY_NFIG];

/* The service whose vacancy's places count as the headcount (岗位登记). */
extern const char			daily_headcount_service[];

/* A count under a key: a withdraw reason, a service type, a free basis. */
struct daily_count {
	char	key[48];
	long	count;
	long	free_count;	/* services: how many of them were free */
};

struct daily_counts {
	struct daily_count	*c;
	size_t			 n, cap;
};

/* What one clerk did: the figures marked per_clerk (the others stay 0). */
struct daily_clerk {
	char	login[64];
	long	v[DAILY_NFIG];
};

struct daily_figures {
	long			 v[DAILY_NFIG];
	struct daily_counts	 reasons;	/* withdrawals by reason */
	struct daily_counts	 types;		/* services by type */
	struct daily_counts	 bases;		/* services by free basis ("" none) */
	struct daily_clerk	*clerks;
	size_t			 nclerks, capclerks;
};

/* Where a counted event comes from. */
enum daily_source {
	DAILY_SERVICE,		/* a service given (the ledger) */
	DAILY_OUTCOME,		/* a referral's outcome, on its day */
	DAILY_WITHDRAWAL,	/* a registration withdrawn by hand, on its day */
	DAILY_EXPIRY,		/* a registration whose last valid day was the day before */
};

/* One event of the day as the store reads it; NULL strings are "". */
struct daily_event {
	enum daily_source	 source;
	const char		*what;		/* a service's type, an outcome's status */
	const char		*clerk;		/* who gave the service, who made the referral */
	int			 free_service;
	const char		*basis;		/* a service's free basis, a withdrawal's reason */
	long			 headcount;	/* a vacancy registration's places */
};

void	daily_init(struct daily_figures *);
void	daily_free(struct daily_figures *);

/*
 * Count one event: a service counts as a service (by type, by basis,
 * free or not) and, by its type, as a registration, renewal, employer,
 * vacancy (with its headcount), referral or guidance session; an outcome
 * by its status (an outcome "issued", none yet, counts nothing); every
 * per-clerk figure for its clerk too.
 */
void	daily_add(struct daily_figures *, const struct daily_event *);

/* The count under key in a list, 0 when absent. */
long	daily_count_get(const struct daily_counts *, const char *key, long *free_count);

/* A clerk's figures, or NULL when they did nothing counted. */
const struct daily_clerk *daily_clerk_get(const struct daily_figures *, const char *login);

/*
 * Put the lists in the order the report shows: reasons by key, services
 * by the place of their type among the types, bases most first, clerks
 * by login.
 */
void	daily_sort(struct daily_figures *);

/*
 * The day a registration that expires on day has its last valid day:
 * the day before (valid_until is the last day it is valid). The
 * registrations expired from from to to are those valid until a day from
 * *lo to *hi, both included.
 */
void	daily_expiry_range(int from, int to, int *lo, int *hi);

/*
 * The placement rate: hires out of the outcomes recorded (not out of the
 * referrals issued, whose outcomes may come later), as "37.5%" rounded
 * half up to a tenth; "-" when no outcome was recorded.
 */
void	daily_rate(long hired, long outcomes, char *out, size_t outlen);

/* What a correction is of. */
enum daily_diff_of {
	DAILY_DIFF_FIGURE,	/* fig */
	DAILY_DIFF_REASON,	/* withdrawals with reason key */
	DAILY_DIFF_TYPE,	/* services of type key (free: the free ones) */
	DAILY_DIFF_BASIS,	/* services on basis key (free: the free ones) */
	DAILY_DIFF_CLERK,	/* figure fig of clerk key */
};

/* One figure of a closed day that is not what it was when the day was closed. */
struct daily_diff {
	enum daily_diff_of	 of;
	int			 fig;
	int			 free_count;
	char			 key[64];
	long			 closed, now;	/* the difference is now - closed */
};

/*
 * The corrections of a closed day: every figure (and every count of a
 * list, every clerk's figure) whose value now differs from the closed
 * one, office figures first, in the report's order; a key only one side
 * has counts 0 on the other. *out is allocated (free it), *n set; both
 * sides sorted (daily_sort) first.
 */
void	daily_diffs(struct daily_figures *closed, struct daily_figures *now,
	    struct daily_diff **out, size_t *n);

/*
 * The digest of the events a closing counts: BLAKE2b (libsodium's
 * generichash, 32 bytes as 64 hex digits) of the lines that name them,
 * one per event
 * ("service_event ID", "referral ID STATUS"...), sorted first so that the
 * order they were read in does not matter. lines is sorted in place.
 */
void	daily_digest(const char **lines, size_t n, char out[65]);

/*
 * The figures as a closing record keeps them: figures (every figure by
 * its key; "withdrawn:REASON" a count, "service:TYPE" and "basis:BASIS"
 * "count,free") and clerks (each login: its figures by daily_figs' order,
 * comma-separated). Both are added to, not emptied.
 */
void	daily_to_fields(const struct daily_figures *, struct fields *figures,
	    struct fields *clerks);

/*
 * The figures back from the two sets of daily_to_fields into f (emptied
 * first, then sorted); a key this version does not know is left out (a
 * newer program's figure), a value that is not a count is refused: 0, or
 * -1 with err naming the key.
 */
int	daily_from_fields(const struct fields *figures, const struct fields *clerks,
	    struct daily_figures *f, char *err, size_t errlen);

/* Whether value is a count or counts separated by commas ("3", "3,1"): 1 or 0. */
int	daily_counts_valid(const char *value);

/*
 * Whether day may be closed on today: a day not yet ended (after today)
 * may not. 0, or -1 with the reason in err.
 */
int	daily_close_allowed(int day, int today, char *err, size_t errlen);

/*
 * The text a closing's id derives from: the office and the day, so that
 * two windows that close the office's day make one record.
 */
void	daily_closing_key(const char *office, int day, char *out, size_t outlen);

#endif
