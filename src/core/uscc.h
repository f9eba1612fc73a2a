/*
 * Unified Social Credit Codes (GB 32100-2015, 统一社会信用代码) of employers:
 * normalise, validate, and check the embedded organisation code (GB 11714).
 * Pure functions: no I/O, no locale.
 */
#ifndef JOBDESK_USCC_H
#define JOBDESK_USCC_H

#include <stddef.h>

#define USCC_LEN	18

/*
 * Normalise (trim, fold full-width, upper-case) and validate a code: 18
 * characters of 0-9A-HJ-NPQRTUWXY, positions 3-8 digits, the weighted check
 * character. On success copies the canonical code into out and returns 0;
 * warn gets "" or, when the embedded organisation code (positions 9-17)
 * fails its own check, a translated warning. On error returns -1 with a
 * translated message in msg. warn and msg may be NULL when their length is 0.
 */
int	uscc_parse(const char *in, char out[USCC_LEN + 1], char *warn,
	    size_t warnlen, char *msg, size_t msglen);

/* Check character for the first 17 characters; '\0' if one is outside the alphabet. */
char	uscc_check_char(const char *first17);

#endif
