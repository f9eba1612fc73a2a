/*
 * The client side of sync: a libcurl multi state machine that pushes the
 * outbox in pages and pulls the district's changes in pages, inside the
 * UI's event loop (keys and sockets in one poll) or headless for
 * `jobdesk sync`. Network failures back off with jitter and honour
 * Retry-After; a page is applied to the store only when it arrived whole.
 */
#ifndef JOBDESK_SYNC_H
#define JOBDESK_SYNC_H

#include <stddef.h>
#include <time.h>

struct store;
struct wire_relay_reply;

struct sync_options {
	const char	*url;		/* NULL: the one enrollment stored */
	const char	*ca_file;	/* "" : the system's CAs */
	const char	*pinned_key;	/* "" : none; else "sha256//...;sha256//..." or a file */
	int		 allow_http;	/* plain http:// only when the configuration says so */
	long		 connect_timeout;	/* seconds */
	long		 stall_timeout;		/* seconds below 100 B/s */
	long		 interval;		/* seconds between rounds in the client */
	long		 page_size;		/* outbox entries per push, records per pull */
	const char	*user_agent;		/* NULL: "jobdesk" */
};

enum sync_state {
	SYNC_NOT_ENROLLED,
	SYNC_IDLE,		/* waiting for the next round */
	SYNC_PUSHING,
	SYNC_PULLING,
	SYNC_BACKOFF,		/* the last attempt failed; retrying later */
};

struct sync_status {
	enum sync_state	state;
	int		online;		/* the last request reached the server */
	char		last_ok[32];
	char		error[256];	/* "" when the last attempt went well */
	long		waiting;	/* outbox entries */
	long		rejected;	/* refused changes to show */
	long		pushed;		/* outbox entries the server took in this round */
	long		pulled;		/* records applied in this round */
	long		remaining;	/* records still to pull, -1 unknown */
	/*
	 * Bytes of this round (or the last one, once it ended): requests and
	 * answers, heads and bodies, as they went over the connection
	 * (compressed, before TLS), and as many as they would have been
	 * without compression. All 0 before the first round.
	 */
	long long	sent, received;
	long long	sent_plain, received_plain;
	/*
	 * After a round that pulled everything it could: changes already
	 * committed on the server that it could not hand out yet, because a
	 * long transaction on its database holds the pull horizon back.
	 */
	long		held;
};

/* A sync engine for an open store; NULL with err (e.g. a bad option). Free with sync_free. */
struct sync	*sync_new(struct store *, const struct sync_options *, char *err, size_t errlen);
void		 sync_free(struct sync *);
/* Start a round now (the clerk's "sync now"); nothing if one is running. */
void		 sync_start(struct sync *);
/*
 * Wait at most timeout_ms for fd (the keyboard) or the network; 1 when fd
 * is readable, 0 otherwise. Never blocks longer than timeout_ms.
 */
int		 sync_wait(struct sync *, int fd, int timeout_ms);
/* Move transfers on and apply what has arrived; never blocks on the network. */
void		 sync_work(struct sync *);
void		 sync_status(struct sync *, struct sync_status *);
/*
 * One whole round without a screen: push everything, pull everything,
 * retrying failed requests a few times. 0 when all was pushed and pulled.
 *
 * A round holds a lock on the file DATABASE.sync-lock beside the store's
 * database, so that two processes (two `jobdesk sync`, or the full-screen
 * client's background rounds and one from cron) never run rounds on one
 * database at once: a headless round that finds it taken fails at once
 * with a message naming the process that holds it; the engine of the
 * full-screen client leaves that round out and tries at the next interval.
 */
int		 sync_round(struct sync *, char *err, size_t errlen);
/*
 * One job seeker's whole record from the district, on demand (a scoped
 * terminal's clerk meets a person registered outside its scope): the
 * request signed by the acting account (store_fetch_request), one
 * exchange, blocking (connect_timeout, then the whole exchange's limit),
 * the answer applied (store_fetch_apply). 1 fetched, with the record's id
 * in out_id; 0 when the district has no such person; -1 with err.
 */
int		 sync_fetch(struct store *, const struct sync_options *, const char *seeker_id,
		     char *out_id, char *err, size_t errlen);
/*
 * Relay a field terminal's bundle (the file at bundle) to the district
 * over this terminal's channel (POST /v1/bundle, one exchange, blocking)
 * and write the district's reply to the file reply, whole or not at all.
 * This terminal opens neither: the bundle is sealed to the district, the
 * reply to the field terminal; nothing of this terminal's database
 * changes. 0 with *r (what the district did; r->reply is freed and NULL),
 * or -1 with err: the file is no bundle, the district refused it (nothing
 * changed there), this terminal is not enrolled or was refused, the
 * network failed (relaying the same bundle again is safe: replays change
 * nothing), or the reply cannot be written.
 */
int		 sync_relay(struct store *, const struct sync_options *, const char *bundle,
		     const char *reply, struct wire_relay_reply *r, char *err, size_t errlen);
/*
 * Exchange a one-time code for a token at url and store the enrollment,
 * then register new keys for sync by file (a failure there is logged:
 * the next jobdesk sync registers them); 0 or -1.
 */
int		 sync_enroll(struct store *, const struct sync_options *, const char *url,
		     const char *code, char *err, size_t errlen);

#endif
