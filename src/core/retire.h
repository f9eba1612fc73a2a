/*
 * The statutory retirement age of a job seeker, and the warning a clerk
 * gets for a person who has reached it (who may be retired and drawing a
 * pension, which ends hardship status and usually the registration). A
 * warning, never a refusal. Pure functions: no I/O, no locale.
 *
 * The 2025 schedule is the decision of the NPC Standing Committee of
 * 2024-09-13 (渐进式延迟法定退休年龄): from 2025-01-01 a base age of 60
 * rises by one month for every four months of birth from births in
 * 1965-01 on, up to 63; a base of 55 likewise from births in 1970-01, up
 * to 58; a base of 50 by one month every two months from births in
 * 1975-01, up to 55. Dates are ints YYYYMMDD (core/check.h).
 */
#ifndef JOBDESK_RETIRE_H
#define JOBDESK_RETIRE_H

#include <stddef.h>

/* The delay applied to the base ages (jobdesk.ini [seeker] retirement_delay). */
enum retire_delay {
	RETIRE_DELAY_NONE,	/* the base ages as they are */
	RETIRE_DELAY_2025,	/* the 2025 schedule, for the bases 60, 55 and 50 */
};

/* The rule: a base age in whole years for each sex, and the delay. */
struct retire_rule {
	int			 age_male;
	int			 age_female;
	enum retire_delay	 delay;
};

/* What retire_check found, in whole months of age. */
struct retire_result {
	int	age_months;	/* the person's age on the day */
	int	retire_months;	/* the retirement age that applies to them */
};

/*
 * The retirement age, in months, of a person of sex (1 male, 2 female)
 * born on birth (a valid YYYYMMDD date) under rule: the base age of the
 * sex, plus the months the delay adds for that base and month of birth
 * (none for a base the schedule does not name).
 */
int	retire_age_months(const struct retire_rule *, int sex, int birth);

/*
 * Whether a person of sex born on birth has reached the retirement age of
 * rule on today (on the day they reach it, or later): 1 with the warning
 * in msg, in the clerk's language, naming the sex and the retirement age
 * in years and months; 0 if not (or for an unknown sex). out, when not
 * NULL, gets the age reached and the retirement age either way.
 */
int	retire_check(const struct retire_rule *, int sex, int birth, int today,
	    struct retire_result *out, char *msg, size_t msglen);

/* An age of months in the clerk's words ("60 years 4 months") into out. */
void	retire_age_text(int months, char *out, size_t outlen);

#endif
