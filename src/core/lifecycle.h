/*
 * Registration lifecycle rules shared by every side: a seeker's
 * registration or a vacancy that is still open lapses once its validity
 * date has passed, without anyone writing "expired" anywhere.
 */
#ifndef JOBDESK_LIFECYCLE_H
#define JOBDESK_LIFECYCLE_H

#include <stddef.h>

/*
 * The status a person sees: the stored one, or "expired" for a
 * registered, renewed or open record whose valid_until (YYYY-MM-DD) is
 * before today (YYYYMMDD). Returns status itself or a static string.
 */
const char	*lifecycle_status(const char *status, const char *valid_until, int today);
/* A phone number for lists: the four digits before the last four hidden. */
void		 mask_phone(const char *phone, char *out, size_t outlen);

#endif
