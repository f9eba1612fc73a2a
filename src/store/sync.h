/*
 * The store's side of sync: reading the outbox in pages for a push,
 * acknowledging what the server applied or refused, applying pulled pages
 * with their cursor, the enrollment settings, and the lists the screens
 * show (changes the server refused, the conflict journal). Every function
 * that writes does so in one transaction.
 */
#ifndef JOBDESK_STORE_SYNC_H
#define JOBDESK_STORE_SYNC_H

#include <stddef.h>
#include <stdint.h>

#include "wire/wire.h"

struct store;

/* The oldest waiting outbox entries, at most limit, as a push (free with wire_push_free). */
int	store_outbox_page(struct store *, long limit, struct wire_push *out, char *err,
	    size_t errlen);
/*
 * The waiting entries after seq after (the last of the page before), at
 * most limit, as a push: a bundle carries the whole outbox page by page.
 */
int	store_outbox_page_after(struct store *, int64_t after, long limit,
	    struct wire_push *out, char *err, size_t errlen);
/*
 * The server answered a push: drop every entry up to applied_through,
 * keep each refusal (with its record) for the clerk to see, absorb the
 * server's clock. One transaction; 0 or -1 with err.
 */
int	store_outbox_ack(struct store *, const struct wire_push_reply *, char *err,
	    size_t errlen);
/*
 * The server refused a push as "diverged": changes of this terminal it
 * applied before carry the numbers of the ones waiting here (a database
 * restored from a backup). Those up to `replayed` it has (they waited in
 * the backup and were sent before it was put back): they leave the
 * outbox. The others are numbered again from `from` (the server's next)
 * in their order, to be sent as new ones. 0 (also when nothing waits),
 * or -1 with err.
 */
int	store_outbox_renumber(struct store *, int64_t from, int64_t replayed, char *err,
	    size_t errlen);
/*
 * Where the district's forms go as they are pulled: sink(ctx, name, text,
 * err, errlen) is called inside the page's transaction with the name of
 * the form's table ("seeker") and its text; 0 kept, 1 refused (logged;
 * the form there stays), -1 a failure with err (the page is not applied
 * and comes again). Without a sink, pulled forms are skipped.
 * common/formdef.c's formdef_install is one.
 */
typedef int	(*store_form_sink)(void *ctx, const char *name, const char *text, char *err,
		    size_t errlen);
void	store_set_form_sink(struct store *, store_form_sink, void *ctx);
/*
 * Changes waiting unsigned: made before enrollment (or by an account
 * without a key from the district). A push stops before the first of
 * them until an account takes them over. The count, or -1.
 */
long	store_outbox_unsigned(struct store *);
/*
 * Take the unsigned waiting changes over: each is signed by the acting
 * account (whose key is open: store_actor_signs) and goes out under its
 * name. *n gets how many; 0, or -1 with err.
 */
int	store_outbox_adopt(struct store *, long *n, char *err, size_t errlen);
/*
 * The server lost changes of this terminal it had acknowledged (a restore,
 * a crash before its commit reached the disk): it expects from next, and
 * the outbox starts later. The changes kept since they were acknowledged
 * (the newest 100,000) from `from` on wait again, under their numbers and
 * with their signatures. 0, or -1 with err when some are no longer kept.
 */
int	store_outbox_resend(struct store *, int64_t from, char *err, size_t errlen);
/*
 * The administrator's path after the server was restored (jobdesk sync
 * --resend): the acknowledged changes still kept (the newest unbroken
 * run of numbers) wait again under their numbers; the server takes those
 * it has as replays and applies the rest.
 * *n: how many. 0, or -1 with err.
 */
int	store_outbox_resend_kept(struct store *, long *n, char *err, size_t errlen);
/* The cursor of the last applied page ("" before the first); 0 or -1. */
int	store_pull_cursor(struct store *, char out[WIRE_CURSOR_LEN]);
/*
 * Apply one pulled page and its cursor in one transaction. A field the
 * terminal changed and has not pushed yet keeps the local value (the
 * server decides when it arrives); every other field takes the server's.
 * Re-applying a page changes nothing. Writes no outbox entries.
 */
int	store_pull_apply(struct store *, const struct wire_pull_reply *, char *err,
	    size_t errlen);
/*
 * A first sync into an empty terminal loads the district without its
 * search indexes and builds them with its last page. When it stops short,
 * this builds them now (a no-op otherwise), so that the terminal searches
 * whatever it holds; the rest of the district then comes page by page
 * with its indexes kept. 0, or -1 with err.
 */
int	store_pull_settle(struct store *, char *err, size_t errlen);

/* What enrollment stored, and how the last round went. Strings are "" when unset. */
struct store_sync_info {
	char	url[256];
	char	token[WIRE_TOKEN_LEN];
	char	office[32];
	char	last_ok[32];		/* "YYYY-MM-DDTHH:MM:SSZ" of the last complete round */
	char	last_error[256];	/* the last round's problem, "" when it went well */
	long	waiting;		/* outbox entries */
	long	rejected;		/* refusals not yet dismissed */
	int	first_sync_done;	/* a full pull has completed once */
};

/*
 * Enrollment succeeded: keep the url and token, make the district's office
 * this terminal's office, and take the district's identity key (re-keying
 * what was made under a provisional one). One transaction; 0 or -1.
 */
int	store_enroll(struct store *, const char *url, const struct wire_enroll_reply *,
	    char *err, size_t errlen);
int	store_sync_info(struct store *, struct store_sync_info *);
/* Record the end of a round: ok (error NULL) or the problem. */
int	store_sync_note(struct store *, const char *error);

/* A change the server refused, newest first. */
struct store_rejection {
	int64_t	seq;
	char	tbl[WIRE_TBL_LEN];
	char	id[IDENT_LEN + 1];
	char	label[128];		/* the record as a clerk knows it: a name, a title */
	char	reason[WIRE_REASON_LEN];
	char	at[32];
};
int	store_rejections(struct store *, struct store_rejection *, size_t max, size_t *n);
/* A clerk has seen it: 0, or -1 when there is no such refusal left (or on an error). */
int	store_rejection_dismiss(struct store *, int64_t seq);

/* One losing value from the district's conflict journal, newest first. */
struct store_conflict {
	char	tbl[WIRE_TBL_LEN];
	char	id[IDENT_LEN + 1];
	char	label[128];
	char	field[48];
	char	lost_value[256];
	char	won_value[256];
	char	lost_by[64];		/* the terminal whose value lost */
	char	at[32];
	int	personal;		/* the field is KC_PERSONAL: its values not in a list */
};
int	store_conflicts(struct store *, struct store_conflict *, size_t max, size_t *n);
/*
 * The values of an entry whose field is personal are about to be shown:
 * audited as a view of its record. 0 or -1.
 */
int	store_conflict_view(struct store *, const struct store_conflict *);

#endif
