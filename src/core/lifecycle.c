/* Registration lifecycle and display rules without I/O. */
#include <stdio.h>
#include <string.h>

#include "core/check.h"
#include "core/lifecycle.h"

/* The effective status of a registration or a vacancy. */
const char *
lifecycle_status(const char *status, const char *valid_until, int today)
{
	char t[11];

	date_format(today, t);
	if ((strcmp(status, "registered") == 0 || strcmp(status, "renewed") == 0 ||
	    strcmp(status, "open") == 0) && *valid_until != '\0' && strcmp(valid_until, t) < 0)
		return "expired";
	return status;
}

/* Hide the middle digits of a phone number. */
void
mask_phone(const char *phone, char *out, size_t outlen)
{
	size_t len = strlen(phone), i;

	snprintf(out, outlen, "%s", phone);
	if (len < 8 || outlen <= len)
		return;
	for (i = len - 8; i < len - 4; i++)
		out[i] = '*';
}
