/*
 * The subsidy roster (花名册) of placements through a free referral, the
 * evidence of a 职业介绍补贴 claim: which placements an office may claim,
 * and why the others may not. The rules, in the order they are tried on
 * each placement (a hired referral whose referral service was free):
 *
 *  1. a person and an employer only once: not when the person was on
 *     the roster with this employer before, in any year;
 *  2. once per person per year: not when the person was on the roster
 *     earlier in the same calendar year (of the hire dates);
 *  3. only the office that referred first: not when the earliest
 *     referral of the person to this employer (by referral date, then
 *     letter number) is another office's. Referrals closed without a
 *     hire (not hired, no-show, declined, unreachable) did not place the
 *     person and are passed over; one still open is not.
 *
 * "Before" and "earlier" are in the order of the hire date, then the
 * referral date, then the letter number, over the whole district, so that
 * every terminal and every office's part of the district decide alike; a
 * placement that fails a rule is no claim and holds back no later one.
 * Pure: no I/O, no locale. Dates are ints YYYYMMDD (core/check.h).
 */
#ifndef JOBDESK_ROSTER_H
#define JOBDESK_ROSTER_H

#include <stddef.h>

/* Where a referral stands. */
enum roster_state {
	ROSTER_OPEN,		/* issued, the outcome not known yet */
	ROSTER_HIRED,
	ROSTER_CLOSED,		/* closed without a hire */
};

/* What the ledger says of a hire's referral service. */
enum roster_ledger {
	ROSTER_FREE,
	ROSTER_PAID,
	ROSTER_UNKNOWN,		/* no referral service of it in the ledger (yet) */
};

/* What the rules make of a referral. */
enum roster_verdict {
	ROSTER_NONE,		/* no placement through a free referral: not on either list */
	ROSTER_CLAIM,		/* on the roster */
	ROSTER_NO_LEDGER,	/* a hire whose referral service is not in the ledger */
	ROSTER_EMPLOYER_AGAIN,	/* rule 1: with this employer before (because: that claim) */
	ROSTER_YEAR_AGAIN,	/* rule 2: on the roster this year (because: that claim) */
	ROSTER_NOT_FIRST,	/* rule 3: another office referred first (because: that referral) */
};

/*
 * A referral as the rules see it. person and employer are the records'
 * ids after merges (one person, one id); the strings are the caller's.
 */
struct roster_referral {
	const char		*number;	/* the letter's number */
	const char		*person;
	const char		*employer;
	const char		*office;	/* the office that referred */
	int			 referred;	/* the referral's date */
	int			 hired;		/* the hire's date; 0 unless ROSTER_HIRED */
	enum roster_state	 state;
	enum roster_ledger	 ledger;	/* of a hire */
	/* Set by roster_decide. */
	enum roster_verdict	 verdict;
	size_t			 because;	/* the index the verdict points at, for rules 1-3 */
};

/* Decide every referral of r (any order; r is not reordered). */
void	roster_decide(struct roster_referral *r, size_t n);

/* A check on a placement as the roster shows it. */
enum roster_check {
	ROSTER_CHECK_LATER,	/* its day has not come */
	ROSTER_CHECK_DUE,	/* its day has come, not made */
	ROSTER_CHECK_INSURED,	/* made: employed, social insurance paid */
	ROSTER_CHECK_EMPLOYED,	/* made: employed, not insured */
	ROSTER_CHECK_LEFT,	/* made: no longer employed */
};

/* The months after a hire that it is checked in, and their number. */
extern const int	roster_check_months[];
#define ROSTER_NCHECKS	3

/*
 * The day a hire's check of months after it is due: the same day of the
 * month, months on; a day the month lacks runs over into the next month
 * (31 January plus one month is 3 March, or 2 March in a leap year), as
 * the follow-up list counts it.
 */
int			roster_check_due(int hired, int months);

/* A check's state: made (with its result) or not, and its due day against today. */
enum roster_check	roster_check_state(int made, int employed, int insured, int due, int today);

#endif
