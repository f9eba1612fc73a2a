/*
 * Amounts for people: a count of bytes as "812 B", "12.3 KiB", "4.56 MiB"
 * or "0.98 GiB", three significant digits from KiB on (powers of 1024,
 * as the rest of the program and its manuals count).
 */
#ifndef JOBDESK_UNITS_H
#define JOBDESK_UNITS_H

#include <stddef.h>

/* bytes written into out (at most outlen with its NUL); out, for use in a printf. */
char	*units_bytes(long long bytes, char *out, size_t outlen);

#endif
