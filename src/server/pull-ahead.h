/*
 * Pull pages built ahead: while a terminal takes a page of a long pull
 * (receives it, applies it, asks for the next), the server builds the page
 * after it on a database connection of its own, so that the next request
 * finds it ready instead of waiting for its query.
 */
#ifndef JOBDESK_SERVER_PULL_AHEAD_H
#define JOBDESK_SERVER_PULL_AHEAD_H

#include "server/pg.h"
#include "wire/wire.h"

struct pull_ahead;

/* Start the builder (its connection is made on first use); NULL if no thread can be made. */
struct pull_ahead	*pull_ahead_new(const struct pg_settings *);
/* Stop the builder, waiting for the page it builds, and free every page kept. */
void			 pull_ahead_free(struct pull_ahead *);
/*
 * The page built ahead for exactly this request of terminal t (the same
 * cursor, limit and form, the terminal's office and scope unchanged since),
 * into *out, waiting for it if it is being built: 1; else 0, out untouched,
 * and a page kept for another request of t dropped.
 */
int			 pull_ahead_take(struct pull_ahead *, const struct pg_terminal *t,
			     const struct wire_pull *in, struct wire_pull_reply *out);
/*
 * Have the page after cursor built for terminal t, with the limit and form
 * of in, if the builder has room; else nothing.
 */
void			 pull_ahead_start(struct pull_ahead *, const struct pg_terminal *t,
			     const struct wire_pull *in, const char *cursor);

#endif
