/*
 * Supply and demand (供求分析): which job seekers' registrations and which
 * vacancies count in a period (有效数), the ratio of demand to supply
 * (求人倍率), the periods a report compares with, and the age bands. The
 * same rule for every office, so that the figures of the streets add up
 * to the district's. Pure functions: no I/O, no locale. Dates are ints
 * YYYYMMDD (core/check.h); 0 stands for "none".
 */
#ifndef JOBDESK_SUPPLY_H
#define JOBDESK_SUPPLY_H

#include <stddef.h>

/* A registration's or a vacancy's life, as its record gives it. */
struct supply_life {
	int	start;		/* the day it opened (registered_on) */
	int	until;		/* its last valid day (valid_until), unless it closed before */
	int	closed;		/* the day it closed (withdrawn, placed, filled), 0 while open */
};

/* How a record counts in a period. */
enum supply_count {
	SUPPLY_OUT,		/* not valid on any day of the period */
	SUPPLY_CARRIED,		/* valid, opened before the period (carried over) */
	SUPPLY_NEW,		/* valid, opened in the period */
};

/*
 * The last day a record is valid: the day it closed if that comes before
 * its valid_until, else its valid_until; 0 when it has no valid_until or
 * no start (a record counted in no period).
 */
int			 supply_last_day(const struct supply_life *);

/*
 * Whether a record is valid during from..to (both included): it opened on
 * or before to, and its last valid day (supply_last_day) is on or after
 * from. A record closed or lapsed on the first day of the period still
 * counts; one closed the day before does not.
 */
enum supply_count	 supply_valid(const struct supply_life *, int from, int to);

/*
 * The day a closed record closed, from what is known, the first known of:
 * the day a clerk closed it (closed_on), the day of the hire that placed
 * the person or filled the vacancy, the day of the record's last change.
 * 0 when none is known.
 */
int			 supply_closed_day(int recorded, int hired, int last_change);

/*
 * 求人倍率 (demand / seekers) as text into out: two decimals, rounded
 * half up ("1.25"), or "-" when there are no seekers.
 */
void			 supply_ratio(long demand, long seekers, char *out, size_t outlen);

/*
 * The period a report compares with, just before from..to: the same
 * number of whole months when from..to is whole calendar months (a
 * quarter is compared with the quarter before), else the same number of
 * days.
 */
void			 supply_last_period(int from, int to, int *pfrom, int *pto);

/*
 * The same period a year earlier: each day a year back, 29 February as
 * 28 February, and a period that ends on a month's last day ends on the
 * last day of that month a year earlier (February of a leap year whole).
 */
void			 supply_last_year(int from, int to, int *pfrom, int *pto);

/*
 * Age bands of the district's statistics: 16-24 (with anyone younger),
 * 25-34, 35-44, 45-54, 55 and over. The national quarterly report's
 * "45 and over" is the sum of the last two.
 */
enum supply_age_band {
	SUPPLY_AGE_16_24,
	SUPPLY_AGE_25_34,
	SUPPLY_AGE_35_44,
	SUPPLY_AGE_45_54,
	SUPPLY_AGE_55_UP,
	SUPPLY_AGE_BANDS
};

/* The band of an age in whole years. */
enum supply_age_band	 supply_age_band(int age);
/* A band's key for files ("16-24", "55+"). */
const char		*supply_age_key(enum supply_age_band);
/* A band's label (N_() text, translated where shown). */
const char		*supply_age_label(enum supply_age_band);

/* A vacancy's age range says no age: no bound is set. */
#define SUPPLY_AGE_ANY		(-1)
/*
 * The band of a vacancy's age range (min and max in years, -1 for a bound
 * not set): the band of the middle of the range, a missing lower bound
 * taken as 16 and a missing upper one as 60; SUPPLY_AGE_ANY when neither
 * is set (no requirement).
 */
int			 supply_vacancy_age_band(long min, long max);

#endif
