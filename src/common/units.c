/* Byte counts for people: see units.h. */
#include <stdio.h>

#include "common/units.h"

/*
 * The unit that keeps the number under 1000 (so "0.98 MiB", never "1000
 * KiB"), with two, one or no decimals.
 */
char *
units_bytes(long long bytes, char *out, size_t outlen)
{
	static const char *const unit[] = { "KiB", "MiB", "GiB", "TiB" };
	double v = (double)bytes;
	size_t u = 0;

	if (bytes < 1024) {
		snprintf(out, outlen, "%lld B", bytes);
		return out;
	}
	v /= 1024.0;
	while (v >= 999.5 && u + 1 < sizeof unit / sizeof unit[0]) {
		v /= 1024.0;
		u++;
	}
	/* Three significant digits: 1.23, 12.3, 123; a number that rounds up takes the next width. */
	if (v < 9.995)
		snprintf(out, outlen, "%.2f %s", v, unit[u]);
	else if (v < 99.95)
		snprintf(out, outlen, "%.1f %s", v, unit[u]);
	else
		snprintf(out, outlen, "%.0f %s", v, unit[u]);
	return out;
}
