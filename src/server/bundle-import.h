/*
 * jobdeskd bundle import (jobdeskd(8)): a terminal's bundle, brought on a
 * stick, applied as its push and pull would be over HTTP, and the reply
 * written for the terminal to take back.
 */
#ifndef JOBDESK_SERVER_BUNDLE_IMPORT_H
#define JOBDESK_SERVER_BUNDLE_IMPORT_H

#include <stddef.h>
#include <stdio.h>

struct pg;

#define BUNDLE_IMPORT_RECORDS	20000	/* records a reply holds unless told */
#define BUNDLE_IMPORT_MAX_RECORDS 1000000

/*
 * Import the bundle at path and write its reply to reply: the bundle's
 * pushes go through pg_push in order (replays acknowledged and not
 * applied, a gap or another refusal answered in the reply), then its pull
 * through pg_pull, page after page until the district has no more or the
 * reply holds max_records records (the terminal's next bundle goes on
 * from there). A line of what was done goes to out. Exit status: 0, or 1
 * with the reason in err: a file that is no bundle, altered, cut short,
 * sealed for another district, from a terminal the district does not
 * know or revoked (nothing changed then), or a database failure (what
 * was applied stays: the same bundle imported again replays it).
 */
int	bundle_import(struct pg *, const char *path, const char *reply, long max_records,
	    FILE *out, char *err, size_t errlen);

#endif
