/*
 * Referrals (推荐): a job seeker sent to an employer's vacancy with a
 * letter (推荐介绍信) whose number is unique in the district without asking
 * the server, and the outcome its receipt (回执) or a follow-up brings.
 * A hire closes the loop: the registration becomes placed, and the
 * vacancy's hires, counted from the referrals, may fill it. Nothing here
 * counts in a field: two windows that record hires offline both count
 * once their referrals meet.
 */
#ifndef JOBDESK_REFERRAL_H
#define JOBDESK_REFERRAL_H

#include <stddef.h>

#include "common/fields.h"
#include "core/ident.h"

struct store;

/* A letter's number: office, terminal, year, sequence ("110105-01-T3-2026-00017"). */
#define REFERRAL_NUMBER_LEN	64

struct referral_hit {
	char	id[IDENT_LEN + 1];
	char	number[REFERRAL_NUMBER_LEN];
	char	seeker_id[IDENT_LEN + 1];
	char	vacancy_id[IDENT_LEN + 1];
	char	seeker_name[128];
	char	vacancy_title[128];
	char	employer_name[160];
	char	status[16];
	char	registered_on[11];	/* the day of the referral */
	char	outcome_on[11];
	char	seeker_office[32];	/* the office holding the seeker, "" when not here */
	int	check_month;		/* in the due list: a hire's check due (1, 3, 6), else 0 */
	char	due[11];		/* in the due list: the day it was due, else "" */
};

/* A check on a placement, as the latest of its month says. */
struct placement_hit {
	int	month;			/* 1, 3 or 6 */
	char	checked_on[11];
	int	employed;
	int	insured;
};

/* Which referrals a list holds. */
enum referral_of {
	REFERRAL_OF_SEEKER,	/* of a seeker (id), newest first */
	REFERRAL_OF_VACANCY,	/* to a vacancy (id), newest first */
	/*
	 * Follow-ups due, soonest due first: referrals issued at least days
	 * ago with no outcome, and hires whose 1-, 3- or 6-month check has
	 * come without being made (check_month says which).
	 */
	REFERRAL_DUE,
	REFERRAL_ONE,		/* the referral id itself */
};

/*
 * Refer the seeker to the vacancy as the acting clerk, on today's date: a
 * referral with the next letter number of this terminal, its service
 * event (推荐面试) and outbox entries, in one transaction. Refused with a
 * message when the clerk has no valid 上岗证 today, the registration is
 * not open and valid, or the vacancy not open, valid and with places
 * left. interview_date (YYYY-MM-DD, not before today) and interview_place
 * may be "".
 * 0 with out_id and number, or -1 with err.
 */
int	referral_create(struct store *, const char *seeker_id, const char *vacancy_id,
	    const char *interview_date, const char *interview_place,
	    char out_id[IDENT_LEN + 1], char number[REFERRAL_NUMBER_LEN], char *err,
	    size_t errlen);
/*
 * The interview of the last referral to the vacancy whose interview is
 * today or later (the employer's next session, which the next seeker
 * referred is likely sent to as well): 1 with its date and place, 0 none, -1.
 */
int	referral_next_interview(struct store *, const char *vacancy_id, char date[11],
	    char *place, size_t placelen);
/* The id of the referral whose letter has this number (spaces ignored): 1, 0 none, -1. */
int	referral_find_number(struct store *, const char *number, char id[IDENT_LEN + 1]);
/* The whole referral, audited as a view: 1, 0 not found, -1. */
int	referral_open(struct store *, const char *id, struct fields *out);
/*
 * Record (or correct) the outcome: status one of the closed statuses
 * (hired, not_hired, no_show, declined, unreachable) or "issued" to undo
 * one, on the day on (YYYY-MM-DD), the wage of a hire (may be ""), the
 * reason (a referral_reason code) of not_hired. A hire places the seeker
 * (registration closed with reason "placed"); undoing the last hire of a
 * placed seeker reopens the registration. Audited: "outcome", or
 * "correct" when an outcome was there. 0, 1 nothing changed, -1 with err.
 */
int	referral_outcome(struct store *, const char *id, const char *status, const char *on,
	    const char *wage, const char *reason, char *err, size_t errlen);
/*
 * A list of referrals: of a seeker or to a vacancy (id), due (id
 * unused: issued at least days ago and still without an outcome), or the
 * one referral id. At most max into hits; 0 or -1.
 */
int	referral_list(struct store *, enum referral_of, const char *id, int days,
	    struct referral_hit *hits, size_t max, size_t *n);
/*
 * Record the next check of a hire (跟踪回访): the first of the 1-, 3- and
 * 6-month checks not made yet, once its day has come, made today by the
 * acting clerk: still employed, social insurance paid. 0 with *month, or
 * -1 with err (not a hire, no check due yet: err says when).
 */
int	referral_check_placement(struct store *, const char *id, int employed, int insured,
	    int *month, char *err, size_t errlen);
/*
 * The first check of a hire not made yet: 1 due (its day has come), 0 not
 * yet, or none left (*month 0), -1 error; *month (1, 3, 6) and day
 * (YYYY-MM-DD) say which and when.
 */
int	referral_check_due(struct store *, const char *id, int *month, char day[11]);
/* The checks of a hire, month by month (the latest of each month): 0 or -1. */
int	referral_checks(struct store *, const char *id, struct placement_hit *hits, size_t max,
	    size_t *n);
/* The people hired into a vacancy (its filled count): the count, or -1. */
long	referral_hired(struct store *, const char *vacancy_id);
/*
 * The values a letter prints for a referral (placeholders of the letter
 * template, common/letterdef.h: number, date, office, clerk, seeker's
 * name, sex, whole ID number (the layout masks it) and phone, employer's name, address, contact and phone, the
 * vacancy's title, occupation and wage, the interview's date and place),
 * names of codes in the clerk's language. Not audited: the caller audits
 * the print. 1, 0 not found, -1.
 */
int	referral_letter_values(struct store *, const char *id, int chinese, struct fields *out);
/* Audit a print of the referral's letter ("print", or "reprint" for a later one). */
int	referral_printed(struct store *, const char *id, int reprint);

#endif
