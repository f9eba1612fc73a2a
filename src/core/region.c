/* The shape of Beijing's region codes. */
#include <stdio.h>
#include <string.h>

#include "core/region.h"

/* Whether code is a street's or township's code, and its district's. */
int
region_street(const char *code, char district[REGION_DISTRICT_DIGITS + 1])
{
	size_t i;

	district[0] = '\0';
	for (i = 0; code[i] != '\0'; i++)
		if (code[i] < '0' || code[i] > '9')
			return 0;
	if (i != REGION_STREET_DIGITS)
		return 0;
	snprintf(district, REGION_DISTRICT_DIGITS + 1, "%.*s", REGION_DISTRICT_DIGITS, code);
	return 1;
}
