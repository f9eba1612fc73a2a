/*
 * The sync engine: a round pushes the outbox in pages until it is empty,
 * then pulls the district's changes in pages until the server has no more,
 * each page applied to the store with its cursor in one transaction.
 * Rounds start every `interval` seconds and when the clerk asks. The
 * engine never blocks: sync_wait polls the keyboard and curl's sockets
 * together, sync_work moves the one transfer on. While a pulled page is
 * applied, the request for the next one is already out (sync_pulled).
 * sync_round runs the same machine to its end for `jobdesk sync`, so both
 * share every rule.
 *
 * Failures fall in three kinds. A network failure or a busy server (408,
 * 429, 502, 503, 504) is retried after a growing, jittered pause, at least
 * as long as the server's Retry-After; a page the link lost (cut off, or
 * stalled) is asked for at half the size, which grows back once pages
 * pass again, so a link that breaks every few hundred kilobytes still
 * carries a whole first sync. A push the server refuses for what
 * it holds (400, 403, 409, 413) is reported, and the round still pulls:
 * the queue is stuck until someone acts, but the terminal keeps receiving
 * the district's records. Everything else (a bad certificate, a revoked
 * token, an answer that cannot be read, a store error) ends the round with
 * the error on the status line; the next interval or "sync now" tries
 * again. A retry re-reads the outbox page or the cursor from the store,
 * so nothing the engine holds in memory can be applied twice or skipped.
 *
 * Pushes go compressed (sync-http.c); a server too old to decode them
 * refuses with 415, and from then on this engine sends them as they are.
 * The bytes every round carries, compressed and not, are counted for the
 * sync screen and `jobdesk sync`.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <sodium.h>

#include "common/file.h"
#include "common/i18n.h"
#include "common/log.h"
#include "common/xalloc.h"
#include "core/kind.h"
#include "store/scope.h"
#include "store/store.h"
#include "store/sync.h"
#include "sync/sync-bundle.h"
#include "sync/sync-http.h"
#include "sync/sync-lock.h"
#include "sync/sync-policy.h"
#include "sync/sync.h"
#include "wire/bundle.h"
#include "wire/wire.h"

#define SYNC_MIN_PAGE		10	/* a page shrunk after timeouts stops here */
#define SYNC_HEADLESS_TRIES	5	/* attempts of one request in sync_round */
#define SYNC_HEADLESS_WAIT_MS	60000L	/* longest pause sync_round accepts */
#define SYNC_SETTLE_AFTER	3	/* failures in a row that end a bulk load (sync_settle) */
#define SYNC_ENROLL_TRIES	3
#define SYNC_MSG		256

struct sync {
	struct store		*store;
	struct sync_http	*http;
	struct sync_options	 o;		/* the strings are copies below */
	char			*url_opt, *ca_opt, *pin_opt, *ua_opt;

	enum sync_state		 state;
	enum sync_state		 resume;	/* what a backoff goes back to */
	int			 active;	/* a round is under way */
	int			 failed;	/* the last round ended with error */
	int			 headless;	/* sync_round: few retries, no new rounds */
	unsigned		 attempt;	/* failed tries of the current request */
	int64_t			 next_round;	/* monotonic ms */
	int64_t			 retry_at;
	long			 push_limit;	/* halved after a cut, a stall or a 413 */
	long			 pull_limit;
	long			 push_cap;	/* what they grow back to: lowered by a 413 */
	long			 pull_cap;
	unsigned		 passed;	/* pages in a row that went through */
	size_t			 page_n;	/* the last pull page's records */
	size_t			 page_entries;	/* identity index entries among them */

	char			 base[512];	/* the server's address for this round */
	char			 token[WIRE_TOKEN_LEN];
	int64_t			 page_first;	/* seqs of the push under way */
	int64_t			 page_last;
	int64_t			 acked;		/* applied_through of the round's last push */
	int			 renumbered;	/* the round numbered the outbox again */
	int			 resent;	/* the round queued lost changes again */
	char			 cursor[WIRE_CURSOR_LEN];	/* of the pull under way */

	int			 online;
	long			 pushed, pulled, remaining, held;
	struct sync_http_bytes	 round_start;	/* the handle's counts when the round began */
	int			 lock_fd;	/* the round's lock (sync_lock), -1 when not held */
	char			 error[SYNC_MSG];
	char			 push_error[SYNC_MSG];	/* a refused push; the pull goes on */
};

static void	sync_push_next(struct sync *);
static void	sync_pull_next(struct sync *);

/* Milliseconds of the monotonic clock: pauses must not jump with the wall clock. */
static int64_t
sync_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* When the next round starts by itself. */
static void
sync_schedule(struct sync *s)
{
	s->next_round = s->headless ? INT64_MAX : sync_now() + s->o.interval * 1000;
}

/*
 * Blank the control characters a server's words might carry (C0, DEL, and
 * C1 encoded in UTF-8) out of a message: on the clerk's terminal they
 * would move the cursor or change colours.
 */
static void
sync_clean(char *msg)
{
	unsigned char *p;

	for (p = (unsigned char *)msg; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			*p = ' ';
		else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			p[0] = ' ';
			p[1] = ' ';
			p++;
		}
	}
}

/* The engine's problem of the moment, cleaned. */
static void
sync_set_error(struct sync *s, const char *msg)
{
	snprintf(s->error, sizeof s->error, "%s", msg);
	sync_clean(s->error);
}

/*
 * A round stopped short, or keeps failing: a first sync's bulk load
 * builds its indexes now, so that the terminal searches what it holds
 * while the network is away (the keys wait for it: seconds, once).
 */
static void
sync_settle(struct sync *s)
{
	char err[SYNC_MSG];

	if (store_pull_settle(s->store, err, sizeof err) != 0)
		log_warn("sync: %s", err);
}

/* Take the round's lock (sync-lock.h): 0 taken, 1 another process has it, -1 failed. */
static int
sync_lock(struct sync *s, char *msg, size_t msglen)
{
	return sync_lock_take(s->store, &s->lock_fd, msg, msglen);
}

/* Let the round's lock go. */
static void
sync_unlock(struct sync *s)
{
	sync_lock_drop(&s->lock_fd);
}

/* End the round with a problem for the status line, the store and (if logit) the log. */
static void
sync_end_failed(struct sync *s, const char *msg, int logit)
{
	sync_set_error(s, msg);
	msg = s->error;
	if (logit)
		log_warn("sync: %s", msg);
	s->failed = 1;
	s->active = 0;
	if (s->state != SYNC_NOT_ENROLLED)
		s->state = SYNC_IDLE;
	sync_schedule(s);
	store_sync_note(s->store, msg);
	sync_settle(s);
	sync_unlock(s);
}

/* End the round with a problem, logged. */
static void
sync_fail(struct sync *s, const char *msg)
{
	sync_end_failed(s, msg, 1);
}

/* End the round: everything pushed (unless a push was refused) and pulled. */
static void
sync_finish_round(struct sync *s)
{
	if (s->push_error[0] != '\0') {
		sync_end_failed(s, s->push_error, 0);	/* logged when it happened */
		return;
	}
	s->error[0] = '\0';
	s->failed = 0;
	s->active = 0;
	s->state = SYNC_IDLE;
	sync_schedule(s);
	store_sync_note(s->store, NULL);
	sync_unlock(s);
	if (s->held > 0)
		log_warn("sync: round done, %ld pushed, %ld pulled; %ld committed change(s) held "
		    "back on the server by a long transaction", s->pushed, s->pulled, s->held);
	else
		log_info("sync: round done, %ld pushed, %ld pulled", s->pushed, s->pulled);
}

/*
 * A request failed in a way that may pass: wait and send it again. The
 * wait grows with each failure; the clerk's "sync now" cuts it short.
 */
static void
sync_backoff(struct sync *s, const char *msg, long retry_after)
{
	long delay = sync_backoff_ms(s->attempt, retry_after, randombytes_random());

	s->attempt++;
	if (s->headless && (s->attempt >= SYNC_HEADLESS_TRIES || delay >
	    SYNC_HEADLESS_WAIT_MS)) {
		sync_fail(s, msg);
		return;
	}
	sync_set_error(s, msg);
	msg = s->error;
	log_info("sync: %s; try %u, again in %ld ms", msg, s->attempt, delay);
	s->resume = s->state;
	s->state = SYNC_BACKOFF;
	s->retry_at = sync_now() + delay;
	store_sync_note(s->store, msg);
	/* A passing refusal (a 503, a dropped request) does not end a first sync's bulk load. */
	if (s->attempt >= SYNC_SETTLE_AFTER)
		sync_settle(s);
}

/* Send the request of the phase (takes body over). */
static void
sync_send(struct sync *s, const char *path, char *body, size_t len, enum sync_state phase)
{
	char err[SYNC_MSG], *url;
	int rc;

	if (body == NULL) {
		sync_fail(s, _("cannot encode the request for the server"));
		return;
	}
	url = sync_url_join(s->base, path);
	rc = sync_http_post(s->http, url, s->token, body, len, err, sizeof err);
	free(url);
	s->state = phase;
	if (rc != 0)
		sync_fail(s, err);
}

/* The next page of the outbox, or the pull when it is empty. */
static void
sync_push_next(struct sync *s)
{
	struct wire_push push;
	char err[SYNC_MSG], *body;
	size_t len;

	memset(&push, 0, sizeof push);
	if (store_outbox_page(s->store, s->push_limit, &push, err, sizeof err) != 0) {
		sync_fail(s, err);
		return;
	}
	if (push.n == 0) {
		long unsigned_n = store_outbox_unsigned(s->store);

		wire_push_free(&push);
		/* Made before enrollment: they go once an account of the district takes them over. */
		if (unsigned_n > 0 && s->push_error[0] == '\0')
			snprintf(s->push_error, sizeof s->push_error, ngettext("%ld change made "
			    "before this terminal was enrolled waits to be signed: a supervisor logs "
			    "in, or runs jobdesk sync --user LOGIN", "%ld changes made before this "
			    "terminal was enrolled wait to be signed: a supervisor logs in, or runs "
			    "jobdesk sync --user LOGIN", (unsigned long)unsigned_n), unsigned_n);
		sync_pull_next(s);
		return;
	}
	if (push.terminal[0] == '\0')
		snprintf(push.terminal, sizeof push.terminal, "%s", store_terminal(s->store));
	s->page_first = push.changes[0].seq;
	s->page_last = push.changes[push.n - 1].seq;
	if (s->page_first <= s->acked) {
		/* The store kept what the server acknowledged: sending it again would loop. */
		wire_push_free(&push);
		sync_fail(s, _("the database still holds changes the server has acknowledged"));
		return;
	}
	body = wire_push_encode(&push, &len);
	wire_push_free(&push);
	sync_send(s, "/v1/push", body, len, SYNC_PUSHING);
}

/* The page after the store's cursor. */
static void
sync_pull_next(struct sync *s)
{
	struct wire_pull req;
	char *body;
	size_t len;

	memset(&req, 0, sizeof req);
	if (store_pull_cursor(s->store, req.cursor) != 0) {
		sync_fail(s, _("cannot read the pull cursor from the database"));
		return;
	}
	req.limit = sync_page_by_weight(s->pull_limit, s->page_n, s->page_entries,
	    WIRE_MAX_RECORDS);
	memcpy(s->cursor, req.cursor, sizeof s->cursor);
	body = wire_pull_encode(&req, &len);
	sync_send(s, "/v1/pull", body, len, SYNC_PULLING);
}

/*
 * Ask for the page after cursor (the end of the page about to be applied)
 * before that page is applied, so the server builds it meanwhile; 0 when
 * the request is on its way, -1 when it could not be started (the caller
 * then asks after the apply, as without prefetching, and meets the same
 * error there). Safe because a pull changes nothing on the server and the
 * page's cursor is stored only with the page: if the apply fails, the
 * request is abandoned and the next round starts from the stored cursor;
 * if it succeeds, the stored cursor is the one this request carries, so
 * a failure of the request is handled exactly as if it had been sent
 * after the apply.
 */
static int
sync_pull_prefetch(struct sync *s, const char *cursor)
{
	struct wire_pull req;
	char err[SYNC_MSG], *body, *url;
	size_t len;
	int rc;

	memset(&req, 0, sizeof req);
	snprintf(req.cursor, sizeof req.cursor, "%s", cursor);
	req.limit = sync_page_by_weight(s->pull_limit, s->page_n, s->page_entries,
	    WIRE_MAX_RECORDS);
	if ((body = wire_pull_encode(&req, &len)) == NULL)
		return -1;
	url = sync_url_join(s->base, "/v1/pull");
	rc = sync_http_post(s->http, url, s->token, body, len, err, sizeof err);
	free(url);
	if (rc != 0)
		return -1;
	memcpy(s->cursor, req.cursor, sizeof s->cursor);
	s->state = SYNC_PULLING;
	/* On the wire before the apply blocks this thread for a while. */
	sync_http_send_now(s->http);
	return 0;
}

/* Start a round: who we are and where the server is may have changed since the last. */
static void
sync_begin(struct sync *s)
{
	struct store_sync_info info;
	const char *url;
	char err[SYNC_MSG];

	memset(&info, 0, sizeof info);
	s->active = 1;
	s->state = SYNC_IDLE;
	switch (sync_lock(s, err, sizeof err)) {
	case 0:
		break;
	case 1:
		/*
		 * Another process runs a round on this database: this round is
		 * left out, and nothing is noted in the store (the other
		 * round's notes are the ones that count).
		 */
		sync_set_error(s, err);
		s->failed = 1;
		s->active = 0;
		sync_schedule(s);
		log_info("sync: %s", s->error);
		return;
	default:
		sync_fail(s, err);
		return;
	}
	if (store_sync_info(s->store, &info) != 0) {
		sync_fail(s, _("cannot read the sync settings from the database"));
		return;
	}
	if (info.token[0] == '\0') {
		s->state = SYNC_NOT_ENROLLED;
		s->active = 0;
		s->error[0] = '\0';
		sync_schedule(s);
		sync_unlock(s);
		return;
	}
	url = *s->o.url != '\0' ? s->o.url : info.url;
	if (sync_url_check(url, s->o.allow_http, err, sizeof err) != 0) {
		sodium_memzero(info.token, sizeof info.token);
		sync_fail(s, err);
		return;
	}
	if (strlen(url) >= sizeof s->base) {
		sodium_memzero(info.token, sizeof info.token);
		sync_fail(s, _("the server address is too long"));
		return;
	}
	snprintf(s->base, sizeof s->base, "%s", url);
	memcpy(s->token, info.token, sizeof s->token);
	sodium_memzero(info.token, sizeof info.token);
	s->failed = 0;
	s->attempt = 0;
	s->pushed = s->pulled = s->held = 0;
	/* A round's first page is of page_size records: nothing to judge by yet. */
	s->page_n = s->page_entries = 0;
	sync_http_bytes(s->http, &s->round_start);
	s->acked = 0;
	s->renumbered = 0;
	s->resent = 0;
	s->remaining = -1;
	s->push_error[0] = '\0';
	sync_push_next(s);
}

/* The server's own words about a refusal as ": sentence" (or ": word"), or "". */
static void
sync_server_words(const struct sync_http_result *res, struct wire_error *we, char *out,
    size_t outlen)
{
	char why[WIRE_REASON_LEN];

	memset(we, 0, sizeof *we);
	out[0] = '\0';
	if (res->len == 0 || wire_error_decode(res->body, res->len, we, why, sizeof why) != 0) {
		memset(we, 0, sizeof *we);
		return;
	}
	if (we->message[0] != '\0')
		snprintf(out, outlen, ": %s", we->message);
	else
		snprintf(out, outlen, ": %s", we->error);
}

/*
 * What went wrong in a transfer that got no usable HTTP answer, for
 * people; 1 when trying again may help.
 */
static int
sync_describe_transport(const struct sync_http_result *res, char *msg, size_t msglen)
{
	if (res->too_big || res->code == CURLE_FILESIZE_EXCEEDED) {
		snprintf(msg, msglen, _("the server's answer is larger than %zu MiB"),
		    SYNC_HTTP_MAX_BODY >> 20);
		return 0;
	}
	if (res->code == CURLE_SSL_PINNEDPUBKEYNOTMATCH) {
		snprintf(msg, msglen, _("the server's key is not the one pinned_public_key in "
		    "[sync] names; nothing was sent"));
		return 0;
	}
	if (sync_curl_tls_failure(res->code)) {
		snprintf(msg, msglen, _("the server's certificate cannot be verified, so nothing "
		    "was sent: %s (a district that signs its own certificates needs ca_file in "
		    "[sync])"), res->detail);
		return 0;
	}
	if (res->code == CURLE_UNSUPPORTED_PROTOCOL) {
		snprintf(msg, msglen, _("the server address must start with https:// "
		    "(http:// needs allow_http = yes in [sync]): %s"), res->detail);
		return 0;
	}
	if (res->code == CURLE_OPERATION_TIMEDOUT) {
		snprintf(msg, msglen, _("the server did not answer in time: %s"), res->detail);
		return 1;
	}
	if (sync_curl_retryable(res->code)) {
		snprintf(msg, msglen, _("cannot reach the server: %s"), res->detail);
		return 1;
	}
	snprintf(msg, msglen, _("the exchange with the server failed: %s"), res->detail);
	return 0;
}

/* Halve a page size, down to a floor; 1 when it shrank. */
static int
sync_shrink(long *limit, long floor)
{
	long was = *limit;

	*limit = sync_page_shrink(*limit, floor);
	return *limit < was;
}

/* A request ended without the 200 it needed. */
static void
sync_trouble(struct sync *s, const struct sync_http_result *res)
{
	char msg[SYNC_MSG], words[WIRE_REASON_LEN + 8];
	struct wire_error we;
	int pushing = s->state == SYNC_PUSHING;

	s->passed = 0;
	if (res->code != CURLE_OK) {
		s->online = res->status != 0;	/* the status line came, the body did not */
		/* A pulled page over the cap is asked for in halves, or sync would stop for good. */
		if ((res->too_big || res->code == CURLE_FILESIZE_EXCEEDED) && !pushing &&
		    sync_shrink(&s->pull_limit, 1)) {
			s->pull_cap = s->pull_limit;
			sync_describe_transport(res, msg, sizeof msg);
			sync_backoff(s, msg, 0);
			return;
		}
		if (!sync_describe_transport(res, msg, sizeof msg)) {
			sync_fail(s, msg);
			return;
		}
		/* A link too slow for a page, or that breaks under one, gets smaller pages for a while. */
		if (res->code == CURLE_OPERATION_TIMEDOUT || sync_curl_cut(res->code))
			sync_shrink(pushing ? &s->push_limit : &s->pull_limit, SYNC_MIN_PAGE);
		sync_backoff(s, msg, 0);
		return;
	}
	s->online = 1;
	sync_server_words(res, &we, words, sizeof words);
	if (sync_http_retryable(res->status)) {
		if (res->retry_after > 0)
			snprintf(msg, sizeof msg, _("the server is busy (HTTP %ld) and asks to wait "
			    "%ld s%s"), res->status, res->retry_after, words);
		else
			snprintf(msg, sizeof msg, _("the server is busy (HTTP %ld)%s"), res->status,
			    words);
		sync_backoff(s, msg, res->retry_after);
		return;
	}
	if (res->status == 401) {
		if (strcmp(we.error, "revoked") == 0)
			snprintf(msg, sizeof msg, _("this terminal was revoked by the district: ask "
			    "for a new code and run \"jobdesk enroll\" again"));
		else
			snprintf(msg, sizeof msg, _("the server does not know this terminal's token"
			    "%s: run \"jobdesk enroll\" again"), words);
		sync_fail(s, msg);
		return;
	}
	if (res->status == 413 && sync_shrink(pushing ? &s->push_limit : &s->pull_limit, 1)) {
		if (pushing) {
			s->push_cap = s->push_limit;
			sync_push_next(s);
		} else {
			s->pull_cap = s->pull_limit;
			sync_pull_next(s);
		}
		return;
	}
	if (pushing && res->status == 415 && sync_http_compressed(s->http)) {
		/* A server older than compressed pushes: they go as they are from now on. */
		log_info("sync: the server does not take compressed pushes (HTTP 415%s); sending "
		    "them uncompressed", words);
		sync_http_plain(s->http);
		sync_push_next(s);
		return;
	}
	if (pushing && res->status == 409 && strcmp(we.error, "diverged") == 0 &&
	    !s->renumbered && we.expected > 0) {
		/* Restored from a backup: the waiting changes go again under new numbers. */
		char err[SYNC_MSG];

		if (store_outbox_renumber(s->store, we.expected, we.replayed < s->page_first ? 0 :
		    we.replayed > s->page_last ? s->page_last : we.replayed, err, sizeof err) != 0) {
			sync_fail(s, err);
			return;
		}
		s->renumbered = 1;
		sync_push_next(s);
		return;
	}
	if (pushing && res->status == 409 && strcmp(we.error, "gap") == 0 && !s->resent &&
	    we.expected > 0 && we.expected < s->page_first) {
		/*
		 * The server lost changes it had acknowledged (restored, or a
		 * commit that never reached its disk): this terminal still keeps
		 * them, and sends them again under their numbers.
		 */
		char err[SYNC_MSG];

		s->resent = 1;
		if (store_outbox_resend(s->store, we.expected, err, sizeof err) == 0) {
			sync_push_next(s);
			return;
		}
		snprintf(s->push_error, sizeof s->push_error, "%s", err);
		log_error("sync: %s", s->push_error);
		sync_pull_next(s);
		return;
	}
	if (pushing && res->status == 409 && strcmp(we.error, "gap") == 0) {
		/*
		 * The server has every change before `expected` and none after;
		 * our oldest waiting change comes later. The ones between left
		 * the outbox without reaching the server, and this terminal no
		 * longer keeps them: no retry can mend that.
		 */
		if (we.expected > 0 && we.expected < s->page_first)
			snprintf(s->push_error, sizeof s->push_error, _("the server expects change "
			    "%lld next but the oldest one waiting here is %lld: changes %lld to %lld "
			    "were lost on this terminal; nothing more can be sent until the "
			    "district's administrator looks into it"), (long long)we.expected,
			    (long long)s->page_first, (long long)we.expected,
			    (long long)s->page_first - 1);
		else
			snprintf(s->push_error, sizeof s->push_error, _("the server refused changes "
			    "%lld to %lld as out of order (it expects %lld next); nothing more can "
			    "be sent until the district's administrator looks into it"),
			    (long long)s->page_first, (long long)s->page_last,
			    (long long)we.expected);
		log_error("sync: %s", s->push_error);
		sync_pull_next(s);
		return;
	}
	if (pushing && res->status >= 400 && res->status < 500) {
		snprintf(s->push_error, sizeof s->push_error, _("the server refused the changes "
		    "%lld to %lld (HTTP %ld)%s"), (long long)s->page_first,
		    (long long)s->page_last, res->status, words);
		sync_clean(s->push_error);
		log_error("sync: %s", s->push_error);
		sync_pull_next(s);
		return;
	}
	snprintf(msg, sizeof msg, _("the server refused the request (HTTP %ld)%s"), res->status,
	    words);
	sync_fail(s, msg);
}

/* The server took a push page: drop what it applied and keep its refusals. */
static void
sync_pushed(struct sync *s, const struct sync_http_result *res)
{
	struct wire_push_reply r;
	char why[WIRE_REASON_LEN], msg[SYNC_MSG];

	if (wire_push_reply_decode(res->body, res->len, &r, why, sizeof why) != 0) {
		snprintf(msg, sizeof msg, _("the server's answer to a push cannot be read: %s"),
		    why);
		sync_fail(s, msg);
		return;
	}
	if (r.applied_through < s->page_first) {
		snprintf(msg, sizeof msg, _("the server took none of the changes %lld to %lld"),
		    (long long)s->page_first, (long long)s->page_last);
		wire_push_reply_free(&r);
		sync_fail(s, msg);
		return;
	}
	if (r.applied_through > s->page_last) {
		/* Never drop an entry this request did not carry. */
		log_warn("sync: the server acknowledged through %lld of a push ending at %lld",
		    (long long)r.applied_through, (long long)s->page_last);
		r.applied_through = s->page_last;
	}
	if (store_outbox_ack(s->store, &r, msg, sizeof msg) != 0) {
		wire_push_reply_free(&r);
		sync_fail(s, msg);
		return;
	}
	s->pushed += (long)(r.applied_through - s->page_first + 1);
	s->acked = r.applied_through;
	wire_push_reply_free(&r);
	s->push_limit = sync_page_grow(s->push_limit, s->push_cap, ++s->passed);
	sync_push_next(s);
}

/* The identity index entries among a pulled page's records. */
static size_t
sync_page_entries(const struct wire_pull_reply *r)
{
	const char *entry = kind_get(KIND_IDENTITY)->name;
	size_t i, n = 0;

	for (i = 0; i < r->n; i++)
		n += strcmp(r->records[i].tbl, entry) == 0;
	return n;
}

/*
 * A pull page arrived whole: ask for the next one (it is built while this
 * one is applied), then apply this one with its cursor.
 */
static void
sync_pulled(struct sync *s, const struct sync_http_result *res)
{
	struct wire_pull_reply r;
	char why[WIRE_REASON_LEN], msg[SYNC_MSG];
	int more, stuck, prefetched;

	if (wire_pull_reply_decode(res->body, res->len, &r, why, sizeof why) != 0) {
		snprintf(msg, sizeof msg, _("the server's answer to a pull cannot be read: %s"),
		    why);
		sync_fail(s, msg);
		return;
	}
	/* r owns its data now: res->body goes with the handle's next request. */
	more = r.more;
	/* "More" with nothing in it and the same cursor would ask for ever. */
	stuck = more && r.n == 0 && strcmp(r.cursor, s->cursor) == 0;
	s->pull_limit = sync_page_grow(s->pull_limit, s->pull_cap, ++s->passed);
	s->page_n = r.n;
	s->page_entries = sync_page_entries(&r);
	prefetched = more && !stuck && sync_pull_prefetch(s, r.cursor) == 0;
	if (store_pull_apply(s->store, &r, msg, sizeof msg) != 0) {
		/* The next page follows a cursor that was not stored: never apply it. */
		sync_http_cancel(s->http);
		wire_pull_reply_free(&r);
		sync_fail(s, msg);
		return;
	}
	s->pulled += (long)r.n;
	s->remaining = r.remaining;
	/* Said on a last page: what the server holds back behind a long transaction. */
	s->held = more ? 0 : r.held;
	wire_pull_reply_free(&r);
	if (stuck)
		sync_fail(s, _("the server sent an empty page and asks to pull it again"));
	else if (more && !prefetched)
		sync_pull_next(s);
	else if (!more) {
		s->remaining = 0;
		sync_finish_round(s);
	}
}

/* A request ended: on to the next step of the round. */
static void
sync_handle(struct sync *s, const struct sync_http_result *res)
{
	if (res->code != CURLE_OK || res->status != 200) {
		sync_trouble(s, res);
		return;
	}
	s->online = 1;
	s->attempt = 0;
	if (s->state == SYNC_PUSHING)
		sync_pushed(s, res);
	else
		sync_pulled(s, res);
}

/* Copy an option string: "" for NULL. */
static char *
sync_opt(const char *v)
{
	return xstrdup(v != NULL ? v : "");
}

/* A new engine: the first round starts at the first sync_work. */
struct sync *
sync_new(struct store *store, const struct sync_options *o, char *err, size_t errlen)
{
	struct store_sync_info info;
	struct sync *s;

	if (sodium_init() < 0) {
		snprintf(err, errlen, _("cannot start libsodium"));
		return NULL;
	}
	if (o->url != NULL && *o->url != '\0' && sync_url_check(o->url, o->allow_http, err,
	    errlen) != 0)
		return NULL;
	s = xcalloc(1, sizeof *s);
	s->lock_fd = -1;
	s->store = store;
	s->o = *o;
	s->o.url = s->url_opt = sync_opt(o->url);
	s->o.ca_file = s->ca_opt = sync_opt(o->ca_file);
	s->o.pinned_key = s->pin_opt = sync_opt(o->pinned_key);
	s->o.user_agent = s->ua_opt = sync_opt(o->user_agent != NULL ? o->user_agent :
	    "jobdesk");
	if (s->o.interval < 1)
		s->o.interval = 60;
	if (s->o.page_size < 1 || s->o.page_size > WIRE_MAX_CHANGES)
		s->o.page_size = WIRE_MAX_CHANGES;
	s->push_limit = s->pull_limit = s->o.page_size;
	s->push_cap = s->pull_cap = s->o.page_size;
	if ((s->http = sync_http_new(&s->o, err, errlen)) == NULL) {
		sync_free(s);
		return NULL;
	}
	s->state = SYNC_IDLE;
	s->remaining = -1;
	s->next_round = sync_now();
	memset(&info, 0, sizeof info);
	if (store_sync_info(store, &info) == 0) {
		if (info.token[0] == '\0')
			s->state = SYNC_NOT_ENROLLED;
		snprintf(s->error, sizeof s->error, "%s", info.last_error);
		sodium_memzero(info.token, sizeof info.token);
	}
	return s;
}

/* Stop any transfer and forget everything. */
void
sync_free(struct sync *s)
{
	if (s == NULL)
		return;
	sync_http_free(s->http);
	sync_unlock(s);
	sodium_memzero(s->token, sizeof s->token);
	free(s->url_opt);
	free(s->ca_opt);
	free(s->pin_opt);
	free(s->ua_opt);
	free(s);
}

/* "Sync now": a round at once, or the pending retry at once. */
void
sync_start(struct sync *s)
{
	if (!s->active)
		sync_begin(s);
	else if (s->state == SYNC_BACKOFF)
		s->retry_at = sync_now();
}

/* Milliseconds until the engine's own next timer, capped at cap. */
static long
sync_due_in(const struct sync *s, long cap)
{
	int64_t at = INT64_MAX, left;

	if (!s->active)
		at = s->next_round;
	else if (s->state == SYNC_BACKOFF)
		at = s->retry_at;
	if (at == INT64_MAX)
		return cap;
	left = at - sync_now();
	if (left < 0)
		return 0;
	return left < cap ? (long)left : cap;
}

/* Keyboard and network in one poll. */
int
sync_wait(struct sync *s, int fd, int timeout_ms)
{
	return sync_http_wait(s->http, fd, sync_due_in(s, timeout_ms < 0 ? 0 : timeout_ms));
}

/* Timers first (a round or a retry may be due), then the transfer. */
void
sync_work(struct sync *s)
{
	struct sync_http_result res;
	int64_t now = sync_now();

	if (!s->active && now >= s->next_round)
		sync_begin(s);
	else if (s->state == SYNC_BACKOFF && now >= s->retry_at) {
		s->state = s->resume;
		if (s->resume == SYNC_PUSHING)
			sync_push_next(s);
		else
			sync_pull_next(s);
	}
	if (sync_http_step(s->http, &res)) {
		sync_handle(s, &res);
		sync_http_done(s->http);
	}
}

/* What the status line shows. */
void
sync_status(struct sync *s, struct sync_status *st)
{
	struct store_sync_info info;

	memset(st, 0, sizeof *st);
	memset(&info, 0, sizeof info);
	st->state = s->state;
	st->online = s->online;
	snprintf(st->error, sizeof st->error, "%s", s->error);
	st->pushed = s->pushed;
	st->pulled = s->pulled;
	{
		struct sync_http_bytes b;

		/* The round's: everything carried since it began (it stays once it ended). */
		sync_http_bytes(s->http, &b);
		st->sent = b.sent - s->round_start.sent;
		st->received = b.received - s->round_start.received;
		st->sent_plain = b.sent_plain - s->round_start.sent_plain;
		st->received_plain = b.received_plain - s->round_start.received_plain;
	}
	st->remaining = s->remaining;
	st->held = s->held;
	st->waiting = store_outbox_pending(s->store);
	if (store_sync_info(s->store, &info) == 0) {
		snprintf(st->last_ok, sizeof st->last_ok, "%s", info.last_ok);
		st->rejected = info.rejected;
		sodium_memzero(info.token, sizeof info.token);
	}
}

/* The headless round: the same machine, run until it stops. */
int
sync_round(struct sync *s, char *err, size_t errlen)
{
	int rc = 0;

	s->headless = 1;
	if (!s->active)
		sync_begin(s);
	else if (s->state == SYNC_BACKOFF)
		s->retry_at = sync_now();
	while (s->active) {
		sync_wait(s, -1, 1000);
		sync_work(s);
	}
	if (s->state == SYNC_NOT_ENROLLED) {
		snprintf(err, errlen, _("this terminal is not enrolled: run \"jobdesk enroll URL "
		    "CODE\" with a code from the district"));
		rc = -1;
	} else if (s->failed) {
		snprintf(err, errlen, "%s", s->error);
		rc = -1;
	}
	s->headless = 0;
	sync_schedule(s);
	return rc;
}

/*
 * For a request outside a round (a fetch, a relay): the terminal's
 * enrollment into *info (its token the caller's to wipe) and the server's
 * address, the configured one before the enrolled one, checked. 0, or -1
 * with err.
 */
static int
sync_enrolled_server(struct store *store, const struct sync_options *o,
    struct store_sync_info *info, const char **url, char *err, size_t errlen)
{
	if (sodium_init() < 0) {
		snprintf(err, errlen, _("cannot start libsodium"));
		return -1;
	}
	if (store_sync_info(store, info) != 0 || info->token[0] == '\0') {
		snprintf(err, errlen, _("this terminal is not enrolled: run \"jobdesk enroll URL "
		    "CODE\" with a code from the district"));
		return -1;
	}
	*url = o->url != NULL && *o->url != '\0' ? o->url : info->url;
	return sync_url_check(*url, o->allow_http, err, errlen);
}

/* One person's record on demand: a signed request, one blocking exchange, the answer applied. */
int
sync_fetch(struct store *store, const struct sync_options *o, const char *seeker_id,
    char *out_id, char *err, size_t errlen)
{
	struct store_sync_info info;
	struct wire_fetch req;
	struct wire_pull_reply reply;
	struct sync_http_result res;
	struct sync_http *h = NULL;
	struct wire_error we;
	char *body, why[WIRE_REASON_LEN], words[WIRE_REASON_LEN + 8];
	const char *url;
	size_t len;
	int rc = -1;

	out_id[0] = '\0';
	memset(&info, 0, sizeof info);
	memset(&reply, 0, sizeof reply);
	if (sync_enrolled_server(store, o, &info, &url, err, errlen) != 0)
		goto out;
	if (store_fetch_request(store, seeker_id, &req, err, errlen) != 0)
		goto out;
	if ((body = wire_fetch_encode(&req, &len)) == NULL) {
		snprintf(err, errlen, _("cannot encode the request for the server"));
		goto out;
	}
	if ((h = sync_http_request(o, url, "/v1/fetch", info.token, body, len, &res, err,
	    errlen)) == NULL)
		goto out;
	if (res.code != CURLE_OK) {
		sync_describe_transport(&res, err, errlen);
		goto out;
	}
	if (res.status != 200) {
		sync_server_words(&res, &we, words, sizeof words);
		snprintf(err, errlen, _("the server refused to hand out the record (HTTP %ld)%s"),
		    res.status, words);
		goto out;
	}
	if (wire_pull_reply_decode(res.body, res.len, &reply, why, sizeof why) != 0) {
		snprintf(err, errlen, _("the server's answer to a fetch cannot be read: %s"), why);
		goto out;
	}
	if (store_fetch_apply(store, &reply, out_id, err, errlen) != 0)
		goto out;
	rc = out_id[0] != '\0';
out:
	if (rc < 0)
		sync_clean(err);
	wire_pull_reply_free(&reply);
	sodium_memzero(info.token, sizeof info.token);
	sync_http_free(h);
	return rc;
}

/* What a relay's refusal by the server says to the clerk, into err. */
static void
sync_relay_refused(const struct sync_http_result *res, const char *bundle, char *err,
    size_t errlen)
{
	struct wire_error we;
	char words[WIRE_REASON_LEN + 8];

	sync_server_words(res, &we, words, sizeof words);
	if (strcmp(we.error, "bad_bundle") == 0 || strcmp(we.error, "wrong_district") == 0)
		/* TRANSLATORS: the file, then the district's reason (": ..."). */
		snprintf(err, errlen, _("the district refused the bundle %s%s"), bundle, words);
	else if (res->status == 413)
		snprintf(err, errlen, _("the bundle %s is larger than the district takes over the "
		    "network%s: the district imports it from the stick (jobdeskd bundle import)"),
		    bundle, words);
	else if (res->status == 401)
		snprintf(err, errlen, _("the district refused this terminal (HTTP 401)%s: only an "
		    "enrolled terminal relays bundles"), words);
	else
		snprintf(err, errlen, _("the district could not take the bundle (HTTP %ld)%s"),
		    res->status, words);
}

/*
 * The server's answer to a relay, decoded into *r, its reply a reply for
 * the bundle's terminal: 0, or -1 with why.
 */
static int
sync_relay_answer(const struct sync_http_result *res, const char *terminal,
    struct wire_relay_reply *r, char *why, size_t whylen)
{
	struct bundle_head rh;

	if (wire_relay_reply_decode(res->body, res->len, r, why, whylen) != 0 ||
	    bundle_peek(r->reply, r->len, &rh, why, whylen) != 0)
		return -1;
	if (rh.kind != BUNDLE_REPLY || strcmp(rh.terminal, terminal) != 0) {
		snprintf(why, whylen, "no reply for terminal %s", terminal);
		return -1;
	}
	return 0;
}

/* Relay a bundle: one blocking exchange, the reply written whole. */
int
sync_relay(struct store *store, const struct sync_options *o, const char *bundle,
    const char *reply, struct wire_relay_reply *r, char *err, size_t errlen)
{
	struct store_sync_info info;
	struct wire_relay req;
	struct bundle_head h;
	struct sync_http_result res;
	struct sync_http *h2 = NULL;
	char *body, why[WIRE_REASON_LEN];
	unsigned char *data = NULL;
	const char *url;
	size_t len;
	int rc = -1;

	memset(r, 0, sizeof *r);
	memset(&info, 0, sizeof info);
	if (sync_enrolled_server(store, o, &info, &url, err, errlen) != 0)
		goto out;
	if (file_read_all(bundle, WIRE_MAX_RELAYED, &data, &len, err, errlen) != 0)
		goto out;
	/* What the file says in clear is enough to stop a mistake before the network. */
	if (bundle_peek(data, len, &h, why, sizeof why) != 0) {
		snprintf(err, errlen, "%s: %s", bundle, why);
		goto out;
	}
	if (h.kind != BUNDLE_REQUEST) {
		snprintf(err, errlen, _("%s is a reply for terminal %s, not a bundle: it goes "
		    "back to that terminal (jobdesk sync --from-file)"), bundle, h.terminal);
		goto out;
	}
	memset(&req, 0, sizeof req);
	snprintf(req.terminal, sizeof req.terminal, "%s", store_terminal(store));
	req.bundle = data;
	req.len = len;
	body = wire_relay_encode(&req, &len);
	free(data);
	data = NULL;
	if (body == NULL) {
		snprintf(err, errlen, _("cannot encode the request for the server"));
		goto out;
	}
	if ((h2 = sync_http_request(o, url, "/v1/bundle", info.token, body, len, &res, err,
	    errlen)) == NULL)
		goto out;
	if (res.code != CURLE_OK) {
		sync_describe_transport(&res, err, errlen);
		goto out;
	}
	if (res.status != 200) {
		sync_relay_refused(&res, bundle, err, errlen);
		goto out;
	}
	if (sync_relay_answer(&res, h.terminal, r, why, sizeof why) != 0) {
		snprintf(err, errlen, _("the server's answer to the bundle cannot be read: %s; "
		    "relaying the bundle again is safe"), why);
		goto out;
	}
	if (file_write_all(reply, r->reply, r->len, 0600, err, errlen) != 0) {
		size_t n = strlen(err);

		snprintf(err + n, errlen - n, _("; the district took the bundle: relaying it "
		    "again writes the reply and changes nothing there"));
		goto out;
	}
	log_info("sync: relayed bundle %lld of terminal %s", (long long)r->number, r->terminal);
	rc = 0;
out:
	if (rc < 0)
		sync_clean(err);
	wire_relay_reply_free(r);
	free(data);
	sodium_memzero(info.token, sizeof info.token);
	sync_http_free(h2);
	return rc;
}

/* Whether an enrollment that failed so can be sent again: only if it never reached the server. */
static int
sync_enroll_retryable(const struct sync_http_result *res)
{
	if (res->code != CURLE_OK)
		return res->code == CURLE_COULDNT_RESOLVE_HOST ||
		    res->code == CURLE_COULDNT_CONNECT;
	return res->status == 429 || res->status == 503;
}

/*
 * Enrollment: the one-time code for a token. A code is spent when the
 * server takes it, so a request that may have reached the server is not
 * sent again: a lost answer costs a new code, never a second terminal.
 */
int
sync_enroll(struct store *store, const struct sync_options *o, const char *url,
    const char *code, char *err, size_t errlen)
{
	struct wire_enroll req;
	struct wire_enroll_reply reply;
	struct sync_http_result res;
	struct sync_http *h = NULL;
	struct wire_error we;
	char *full = NULL, *body, why[WIRE_REASON_LEN], words[WIRE_REASON_LEN + 8];
	size_t len;
	unsigned attempt;
	int rc = -1;

	if (sodium_init() < 0) {
		snprintf(err, errlen, _("cannot start libsodium"));
		return -1;
	}
	if (sync_url_check(url, o->allow_http, err, errlen) != 0)
		return -1;
	memset(&req, 0, sizeof req);
	if (*code == '\0' || strlen(code) >= sizeof req.code) {
		snprintf(err, errlen, _("\"%s\" is not an enrollment code"), code);
		return -1;
	}
	snprintf(req.code, sizeof req.code, "%s", code);
	snprintf(req.terminal, sizeof req.terminal, "%s", store_terminal(store));
	if ((h = sync_http_new(o, err, errlen)) == NULL)
		return -1;
	full = sync_url_join(url, "/v1/enroll");
	for (attempt = 0;; attempt++) {
		if ((body = wire_enroll_encode(&req, &len)) == NULL) {
			snprintf(err, errlen, _("cannot encode the request for the server"));
			goto out;
		}
		if (sync_http_post(h, full, NULL, body, len, err, errlen) != 0)
			goto out;
		sync_http_run(h, &res);
		if (res.code == CURLE_OK && res.status == 200)
			break;
		if (attempt + 1 < SYNC_ENROLL_TRIES && sync_enroll_retryable(&res)) {
			long ms = sync_backoff_ms(attempt, res.retry_after, randombytes_random());
			struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

			log_info("sync: enroll failed (curl %d, HTTP %ld); again in %ld ms",
			    (int)res.code, res.status, ms);
			sync_http_done(h);
			while (nanosleep(&ts, &ts) != 0)
				;
			continue;
		}
		if (res.code != CURLE_OK) {
			sync_describe_transport(&res, err, errlen);
			goto out;
		}
		sync_server_words(&res, &we, words, sizeof words);
		if (res.status == 403 && strcmp(we.error, "bad_code") == 0)
			snprintf(err, errlen, _("the server refused the code \"%s\": it is wrong, "
			    "used or expired; ask the district for a new one"), code);
		else
			snprintf(err, errlen, _("the server refused the enrollment (HTTP %ld)%s"),
			    res.status, words);
		goto out;
	}
	memset(&reply, 0, sizeof reply);
	if (wire_enroll_reply_decode(res.body, res.len, &reply, why, sizeof why) != 0) {
		snprintf(err, errlen, _("the server's answer to the enrollment cannot be read: %s"),
		    why);
		goto out;
	}
	rc = store_enroll(store, url, &reply, err, errlen);
	sodium_memzero(&reply, sizeof reply);
	/* New keys for sync by file: the district forgot any this terminal had. */
	if (rc == 0) {
		char kerr[SYNC_MSG];

		if (sync_keys_register(store, o, 1, kerr, sizeof kerr) != 0)
			log_warn("sync: %s; the next jobdesk sync registers them", kerr);
	}
out:
	if (rc != 0)
		sync_clean(err);
	free(full);
	sync_http_free(h);
	return rc;
}
