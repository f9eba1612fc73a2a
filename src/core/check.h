/*
 * Field checks for forms and imports: phone numbers, dates, integers, wage
 * and age ranges, free text; and the date arithmetic they need. Each check
 * returns 0, or -1 with a translated message in msg (msg may be NULL when
 * msglen is 0). Pure functions: no I/O, no locale.
 *
 * Dates are ints YYYYMMDD in the proleptic Gregorian calendar.
 */
#ifndef JOBDESK_CHECK_H
#define JOBDESK_CHECK_H

#include <stddef.h>

/*
 * Phone number: a mainland mobile, 1[3-9] and 9 more digits (optional +86 or
 * 86 before it), or a Beijing landline, 8 digits starting 2-9, optionally
 * after 010 (or +86 10). Spaces and hyphens are ignored, full-width folded.
 * Parentheses around an area code are ignored too. out gets a mobile as 11
 * digits, a landline as "010-XXXXXXXX"; it must hold at least 13 bytes.
 */
int	check_phone(const char *in, char *out, size_t outlen, char *msg,
	    size_t msglen);

/* A phone number for lists: the four digits before the last four hidden. */
void	mask_phone(const char *phone, char *out, size_t outlen);

/*
 * Date "YYYY-MM-DD", "YYYY/MM/DD" (month and day may have one digit) or
 * "YYYYMMDD", full-width folded, spaces trimmed; a real date with a year
 * in 1900..2199. Sets *ymd.
 */
int	check_date(const char *in, int *ymd, char *msg, size_t msglen);

/* Days in month (1..12) of year, proleptic Gregorian: 28 to 31. */
int	date_days_in_month(int year, int month);

/*
 * Whether ymd is a real YYYYMMDD date with a year from 0 to 9999: month 1
 * to 12, day 1 to the month's last. 1 if so, 0 if not.
 */
int	date_valid(int ymd);

/* Format YYYYMMDD as "YYYY-MM-DD". */
void	date_format(int ymd, char out[11]);

/* Days since 1970-01-01 for a valid YYYYMMDD date (negative before). */
long	date_to_days(int ymd);

/* The YYYYMMDD date that is days after 1970-01-01, clamped to years 1..9999. */
int	date_from_days(long days);

/* Add n days (n may be negative) to a valid YYYYMMDD date; clamped likewise. */
int	date_add_days(int ymd, long n);

/*
 * Whole years of age at today for a birth date; someone born on 29 February
 * has a birthday on 1 March in other years. Negative if birth is after today.
 */
int	date_age(int birth, int today);

/*
 * Whole months of age at today for a birth date, by the same rule: a
 * month is complete on the day of the month one was born on, or on the
 * 1st of the next month when the month is shorter. Negative if birth is
 * after today.
 */
int	date_age_months(int birth, int today);

/*
 * Integer in [min, max]: optional sign, decimal digits only (leading zeros
 * are decimal), full-width folded, spaces trimmed, nothing else. Sets *out.
 */
int	check_long(const char *in, long min, long max, long *out, char *msg,
	    size_t msglen);

/*
 * Monthly wage range in yuan: each 0..1000000, and min <= max when both are
 * above 0 (0 means "negotiable").
 */
int	check_wage_range(long min, long max, char *msg, size_t msglen);

/* A job seeker's age on a day: 16 at least (the youngest a person may be employed). */
int	check_seeker_age(int birth, int today, char *msg, size_t msglen);
/* Age range for a vacancy: 16 <= min <= max <= 70. */
int	check_age_range(long min, long max, char *msg, size_t msglen);

/* Length of UTF-8 text in characters, not bytes; -1 if it is not valid UTF-8. */
long	utf8_length(const char *s);

/*
 * Text: valid UTF-8, no control characters (C0, DEL, C1, so no newlines or
 * tabs either), at most maxchars characters.
 */
int	check_text(const char *in, long maxchars, char *msg, size_t msglen);

#endif
