/*
 * Resident identity numbers (GB 11643-1999, 公民身份号码): normalise what a
 * clerk typed, validate it, derive sex and date of birth, convert legacy
 * 15-digit numbers, mask for lists. Pure functions: no I/O, no locale.
 */
#ifndef JOBDESK_IDNUM_H
#define JOBDESK_IDNUM_H

#include <stddef.h>

#define IDNUM_LEN	18

struct idnum {
	char	number[IDNUM_LEN + 1];	/* canonical: 17 digits and a digit or X */
	int	sex;			/* 1 male, 2 female */
	int	year, month, day;	/* date of birth */
};

/*
 * Normalise and validate an 18-character ID number: trims spaces (ASCII and
 * U+3000), folds full-width digits and X/x and lower-case x to ASCII, then
 * checks length, digits, province prefix, date of birth (a calendar date
 * from 1800 on, not after today, given as YYYYMMDD; today 0 skips that
 * test) and the ISO 7064 MOD 11-2 check character. Returns 0 and fills *out
 * (which may be NULL), or -1 with a translated message in msg (msg may be
 * NULL when msglen is 0).
 */
int	idnum_parse(const char *in, int today, struct idnum *out, char *msg,
	    size_t msglen);

/* Check character ('0'..'9' or 'X') for 17 ASCII digits; '\0' if not. */
char	idnum_check_char(const char *first17);

/*
 * Convert a legacy 15-digit number (GB 11643-1989) to 18 characters: insert
 * "19" before the 2-digit year and append the check character. Input is
 * normalised as for idnum_parse. Returns 0, or -1 with a message in msg.
 */
int	idnum_upgrade15(const char *in, char out[IDNUM_LEN + 1], char *msg,
	    size_t msglen);

/*
 * Mask a number for lists, keeping the first 6 and last 4 characters:
 * "110105********002X". Shorter than 10 characters: all '*'. out should
 * hold strlen(number) + 1 bytes; a smaller out gets a truncated mask.
 */
void	idnum_mask(const char *number, char *out, size_t outlen);

/*
 * Whether q looks like the start of an ID number or a phone number: not
 * empty, and only ASCII digits and X or x.
 */
int	idnum_like(const char *q);

#endif
