/*
 * The hardship case file (一人一档, 一人一策) of a recognised 就业困难人员:
 * the contact schedule (a contact every so many months while the person
 * is in hardship status), when the next contact or plan step is due, and
 * the rules for leaving hardship status (employed long enough, retirement
 * age reached, by request). Pure functions: no I/O, no locale. Dates are
 * ints YYYYMMDD (core/check.h); 0 stands for "none".
 */
#ifndef JOBDESK_CASEFILE_H
#define JOBDESK_CASEFILE_H

#include <stddef.h>

struct retire_rule;

/* The office's schedule (jobdesk.ini [casefile]). */
struct casefile_rules {
	int	contact_months;		/* a contact every so many months */
	int	employed_months;	/* employed this long: hardship status may end */
};

/* The steps of an assistance plan: columns step_N, step_N_who, step_N_due, step_N_status. */
#define CASEFILE_STEPS		4

/* The reasons hardship status ends (list hardship_exit_reason). */
#define CASEFILE_LEAVE_EMPLOYED	"employed"
#define CASEFILE_LEAVE_RETIRED	"retired"
#define CASEFILE_LEAVE_REQUEST	"request"

/* The shipped schedule: a contact every month; six months employed end the status. */
void	casefile_rules_default(struct casefile_rules *);

/*
 * ymd plus months, the day kept but cut to the last of a shorter month
 * (2027-01-31 plus one month is 2027-02-28): a contact "every month" from
 * the 31st is due on the last day of the months without one, never
 * skipped into the next. ymd must be a valid date.
 */
int	casefile_add_months(int ymd, int months);

/*
 * Whether a contact with this result (list contact_result) counts for
 * the schedule: one that did not reach the person ("unreachable") does
 * not move the next contact's date.
 */
int	casefile_contact_counts(const char *result);

/*
 * The day the next contact is due: the last contact that counted (0 for
 * none) or, with none, the day the case file was opened, plus the
 * schedule's months.
 */
int	casefile_next_contact(const struct casefile_rules *, int opened, int last_contact);

/*
 * What is due first on an open case file: the next contact, or an open
 * step whose due day comes before it (step_due[i] 0 for a step without
 * one or not open). The day; *step gets the step's number (1..n), or 0
 * when the contact is what is due.
 */
int	casefile_next_due(int next_contact, const int *step_due, size_t n, int *step);

/*
 * Whether a person may leave hardship status on today for reason (one of
 * CASEFILE_LEAVE_*): employed needs employed_since (a date, 0 not given)
 * at least the rules' months before today; retired needs the person (sex
 * 1 male, 2 female, born on birth) to have reached the retirement age of
 * rule; by request is always allowed. 1 allowed, with msg saying why (the
 * age reached, the months employed); 0 refused, with msg saying why not,
 * in the clerk's language; -1 an unknown reason.
 */
int	casefile_leave_allowed(const struct casefile_rules *, const struct retire_rule *,
	    const char *reason, int sex, int birth, int employed_since, int today, char *msg,
	    size_t msglen);

#endif
