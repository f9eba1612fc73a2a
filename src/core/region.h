/*
 * Beijing's region codes (db/codes/region.tsv): a district (区) has its
 * GB/T 2260 county code of 6 digits; a street or township (街道, 乡镇) has
 * the statistical division code, its district's 6 digits and 3 more. No I/O.
 */
#ifndef JOBDESK_REGION_H
#define JOBDESK_REGION_H

#define REGION_DISTRICT_DIGITS	6
#define REGION_STREET_DIGITS	9

/*
 * Whether code has the shape of a street's or township's code: 1 with
 * its district's code in district, else 0 (district is then "").
 */
int	region_street(const char *code, char district[REGION_DISTRICT_DIGITS + 1]);

#endif
