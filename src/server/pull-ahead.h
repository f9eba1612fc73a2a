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
/* What pull_ahead_take found for a request. */
enum pull_ahead_found {
	PULL_AHEAD_NONE,	/* no page kept for the terminal */
	PULL_AHEAD_MISSED,	/* one for another request of it (dropped), or not begun */
	PULL_AHEAD_SERVED
};

/*
 * The page built ahead for exactly this request of terminal t (the same
 * cursor, limit and form, the terminal's office and scope unchanged since),
 * into *out, waiting for it if it is being built: PULL_AHEAD_SERVED; else
 * out untouched, and a page kept for another request of t dropped.
 */
enum pull_ahead_found	 pull_ahead_take(struct pull_ahead *, const struct pg_terminal *t,
			     const struct wire_pull *in, struct wire_pull_reply *out);
/*
 * Whether the page after sent (the answer to in) is worth building ahead:
 * there is more, and the pull is long. Its first page says so (it counts
 * what remains: many pages of in's limit), or its pages were asked for
 * ahead already (found is not PULL_AHEAD_NONE). A pull of a few pages
 * gains little, and with many terminals pulling at once the builder's
 * work competes with their pushes.
 */
int			 pull_ahead_worth(const struct wire_pull *in,
			     const struct wire_pull_reply *sent, enum pull_ahead_found found);
/*
 * Have the page after cursor built for terminal t, with the limit and form
 * of in, if the builder has room; else nothing.
 */
void			 pull_ahead_start(struct pull_ahead *, const struct pg_terminal *t,
			     const struct wire_pull *in, const char *cursor);

#endif
