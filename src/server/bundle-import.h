/*
 * jobdeskd bundle import (jobdeskd(8)): a terminal's bundle, brought on a
 * stick, applied as its push and pull would be over HTTP, and the reply
 * written for the terminal to take back.
 */
#ifndef JOBDESK_SERVER_BUNDLE_IMPORT_H
#define JOBDESK_SERVER_BUNDLE_IMPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "common/buf.h"
#include "server/pg.h"
#include "wire/wire.h"

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

/* What an import did: as the answer to a relayed bundle tells it, and its pages. */
struct bundle_import_result {
	struct wire_relay_reply	w;
	size_t			pages;
};

/*
 * The import itself, of the len bytes of a bundle, shared by the command
 * above and POST /v1/bundle (a bundle relayed by relay, an enrolled
 * terminal online; NULL from the command line, where the administrator
 * stands for the district): the reply's bytes into reply (the caller
 * frees it with buf_free) and what was done into *r (r->w.reply left
 * NULL). PG_OK; else err says why: PG_BAD_REQUEST a bundle refused,
 * PG_WRONG_OFFICE one of a terminal outside the relaying terminal's
 * district (nothing changed for either), or a database failure
 * (PG_UNAVAILABLE, PG_INTERNAL...: what was applied stays, and the same
 * bundle again replays it).
 */
enum pg_outcome	bundle_import_data(struct pg *, const unsigned char *data, size_t len,
		    long max_records, const struct pg_terminal *relay, struct buf *reply,
		    struct bundle_import_result *r, char *err, size_t errlen);

#endif
