/*
 * Sync by file on the terminal (sync-bundle.h). A bundle is what a round
 * would send: the outbox from its oldest waiting change, page by page,
 * and the pull cursor. Nothing is taken off the outbox when a bundle is
 * written: a bundle lost on the way is replaced by the next one, which
 * holds everything not yet acknowledged. A reply is checked whole before
 * anything is applied (who made it, for whom, which bundle it answers,
 * every message in it); then the acknowledgements are applied as a
 * round's are, and the pages one transaction each, as a round's are,
 * but only from the cursor this terminal holds: a page is applied only on
 * top of the cursor it follows, so a reply applied twice, or after the
 * terminal moved on, changes nothing, and a page never comes out of order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "common/file.h"
#include "common/i18n.h"
#include "common/log.h"
#include "common/xalloc.h"
#include "store/bundle.h"
#include "store/store.h"
#include "store/sync.h"
#include "sync/sync-bundle.h"
#include "sync/sync-http.h"
#include "sync/sync-lock.h"
#include "sync/sync-policy.h"
#include "sync/sync.h"
#include "wire/bundle.h"

/* Records a bundle asks for in each page of its reply. */
#define SYNC_BUNDLE_PAGE	1000
/* A bundle stops taking changes at this size (the district reads it whole). */
#define SYNC_BUNDLE_BYTES	((size_t)64 << 20)

/* Whether the keys are registered. */
int
sync_keys_registered(struct store *store)
{
	struct store_bundle_keys k;
	int rc = store_bundle_keys(store, &k) == 0 && k.registered;

	sodium_memzero(&k, sizeof k);
	return rc;
}

/* The keys, registered: 0, or -1 with err saying what to do. */
static int
sync_bundle_keys(struct store *store, struct store_bundle_keys *k, char *err, size_t errlen)
{
	struct store_sync_info info;
	int enrolled;

	memset(&info, 0, sizeof info);
	enrolled = store_sync_info(store, &info) == 0 && info.token[0] != '\0';
	sodium_memzero(&info, sizeof info);
	if (!enrolled) {
		snprintf(err, errlen, _("this terminal is not enrolled: run \"jobdesk enroll URL "
		    "CODE\" with a code from the district"));
		return -1;
	}
	if (store_bundle_keys(store, k) != 0) {
		snprintf(err, errlen, _("this terminal's keys for sync by file are damaged: run "
		    "jobdesk sync online to make new ones"));
		return -1;
	}
	if (!k->registered) {
		sodium_memzero(k, sizeof *k);
		snprintf(err, errlen, _("this terminal has not registered its keys for sync by "
		    "file with the district yet: run jobdesk sync once while online"));
		return -1;
	}
	return 0;
}

/* Register the keys online. */
int
sync_keys_register(struct store *store, const struct sync_options *o, int fresh, char *err,
    size_t errlen)
{
	struct store_sync_info info;
	struct store_bundle_keys k;
	struct sync_http_result res;
	struct sync_http *h = NULL;
	struct wire_keys req, reply;
	struct wire_error we;
	unsigned char dsign[SIGN_PUBLIC_LEN], dbox[BUNDLE_BOX_PUBLIC_LEN];
	char why[WIRE_REASON_LEN], *body;
	const char *base;
	size_t len;
	int rc = -1;

	memset(&info, 0, sizeof info);
	memset(&k, 0, sizeof k);
	if (store_sync_info(store, &info) != 0 || info.token[0] == '\0') {
		snprintf(err, errlen, _("this terminal is not enrolled: run \"jobdesk enroll URL "
		    "CODE\" with a code from the district"));
		goto out;
	}
	if (fresh || store_bundle_keys(store, &k) != 0 || !k.has_own) {
		if (store_bundle_keys_new(store, &k, err, errlen) != 0)
			goto out;
	}
	base = o->url != NULL && *o->url != '\0' ? o->url : info.url;
	if (sync_url_check(base, o->allow_http, err, errlen) != 0)
		goto out;
	memset(&req, 0, sizeof req);
	snprintf(req.terminal, sizeof req.terminal, "%s", store_terminal(store));
	sign_to_hex(k.sign_pk, sizeof k.sign_pk, req.sign_key);
	sign_to_hex(k.box_pk, sizeof k.box_pk, req.box_key);
	if ((body = wire_keys_encode(&req, &len)) == NULL) {
		snprintf(err, errlen, _("cannot encode the request for the server"));
		goto out;
	}
	if ((h = sync_http_request(o, base, "/v1/keys", info.token, body, len, &res, err,
	    errlen)) == NULL)
		goto out;
	if (res.code != CURLE_OK) {
		snprintf(err, errlen, _("cannot register the keys for sync by file: %s"),
		    res.detail);
		goto out;
	}
	if (res.status != 200) {
		memset(&we, 0, sizeof we);
		if (wire_error_decode(res.body, res.len, &we, why, sizeof why) != 0)
			snprintf(we.message, sizeof we.message, "HTTP %ld", res.status);
		snprintf(err, errlen, _("the server refused this terminal's keys for sync by "
		    "file (HTTP %ld): %s"), res.status, we.message);
		goto out;
	}
	if (wire_keys_reply_decode(res.body, res.len, &reply, why, sizeof why) != 0 ||
	    sign_from_hex(reply.sign_key, dsign, sizeof dsign) != 0 ||
	    sign_from_hex(reply.box_key, dbox, sizeof dbox) != 0) {
		snprintf(err, errlen, _("the server's answer to the keys cannot be read: %s"),
		    why);
		goto out;
	}
	if (store_bundle_keys_registered(store, k.sign_pk, dsign, dbox, err, errlen) != 0)
		goto out;
	log_info("sync: this terminal's keys for sync by file are registered");
	rc = 0;
out:
	sync_http_free(h);
	sodium_memzero(&info, sizeof info);
	sodium_memzero(&k, sizeof k);
	return rc;
}

/* Write a bundle. */
int
sync_bundle_write(struct store *store, const char *path, struct sync_bundle_result *r,
    char *err, size_t errlen)
{
	struct store_bundle_keys k;
	struct bundle_writer w;
	struct wire_push push;
	struct wire_pull pull;
	struct buf file = BUF_INIT;
	int64_t after = 0;
	size_t len;
	char *text;
	int lock = -1, rc = -1, begun = 0;

	memset(r, 0, sizeof *r);
	memset(&k, 0, sizeof k);
	if (sync_lock_take(store, &lock, err, errlen) != 0)
		return -1;
	if (sync_bundle_keys(store, &k, err, errlen) != 0)
		goto out;
	memset(&pull, 0, sizeof pull);
	if (store_pull_cursor(store, pull.cursor) != 0) {
		snprintf(err, errlen, _("cannot read the pull cursor from the database"));
		goto out;
	}
	pull.limit = SYNC_BUNDLE_PAGE;
	if (store_bundle_next(store, &r->number, err, errlen) != 0)
		goto out;
	bundle_begin(&w, BUNDLE_REQUEST, store_terminal(store), k.district_sign_pk, r->number,
	    (uint64_t)time(NULL));
	begun = 1;
	/* The outbox page by page, as pushes would send it, until it ends or the bundle is full. */
	while (r->changes < SYNC_BUNDLE_MAX_CHANGES && w.msg.len < SYNC_BUNDLE_BYTES) {
		long room = SYNC_BUNDLE_MAX_CHANGES - r->changes;

		if (store_outbox_page_after(store, after, room < WIRE_MAX_CHANGES ? room :
		    WIRE_MAX_CHANGES, &push, err, errlen) != 0)
			goto out;
		/* A hole in the numbers ends the run: the district would refuse what follows. */
		if (push.n == 0 || (after > 0 && push.changes[0].seq != after + 1)) {
			wire_push_free(&push);
			break;
		}
		text = wire_push_encode(&push, &len);
		bundle_add(&w, BP_PUSH, text, len);
		free(text);
		r->changes += (long)push.n;
		after = push.changes[push.n - 1].seq;
		wire_push_free(&push);
	}
	text = wire_pull_encode(&pull, &len);
	bundle_add(&w, BP_PULL, text, len);
	free(text);
	begun = 0;
	if (bundle_seal(&w, k.sign_sk, k.district_box_pk, &file, err, errlen) != 0 ||
	    file_write_all(path, file.data, file.len, 0600, err, errlen) != 0)
		goto out;
	r->waiting = store_outbox_pending(store);
	r->unsigned_n = store_outbox_unsigned(store);
	if (r->unsigned_n < 0)
		r->unsigned_n = 0;
	/* Changes behind an unsigned one wait for it to be signed, not for room. */
	r->left = r->unsigned_n > 0 ? 0 : r->waiting - r->changes;
	if (r->left < 0)
		r->left = 0;
	log_info("sync: bundle %llu written: %ld change(s)", (unsigned long long)r->number,
	    r->changes);
	rc = 0;
out:
	if (begun)
		bundle_writer_free(&w);
	buf_free(&file);
	sodium_memzero(&k, sizeof k);
	sync_lock_drop(&lock);
	return rc;
}

/* A reply taken apart: its messages decoded, checked before any is applied. */
struct sync_reply {
	struct wire_pull	 request;	/* where its pages start */
	struct wire_push_reply	*acks;
	size_t			 nacks;
	int			 push_refused;
	struct wire_error	 push_error;
	int			 pull_refused;
	struct wire_error	 pull_error;
};

/* Free a reply's acknowledgements. */
static void
sync_reply_free(struct sync_reply *sr)
{
	size_t i;

	for (i = 0; i < sr->nacks; i++)
		wire_push_reply_free(&sr->acks[i]);
	free(sr->acks);
	memset(sr, 0, sizeof *sr);
}

/*
 * Decode every section of an opened reply (the pages only checked, each
 * decoded again when it is applied, so that memory holds one page): 0,
 * or -1 with err.
 */
static int
sync_reply_decode(const struct bundle *b, struct sync_reply *sr, char *err, size_t errlen)
{
	struct wire_pull_reply page;
	char why[WIRE_REASON_LEN];
	size_t i;
	int rc = 0;

	memset(sr, 0, sizeof *sr);
	sr->acks = xcalloc(b->n > 0 ? b->n : 1, sizeof *sr->acks);
	for (i = 0; i < b->n && rc == 0; i++) {
		const struct bundle_section *s = &b->sections[i];

		switch (s->type) {
		case BP_PULL:
			rc = wire_pull_decode(s->data, s->len, &sr->request, why, sizeof why);
			break;
		case BP_PUSH_REPLY:
			rc = wire_push_reply_decode(s->data, s->len, &sr->acks[sr->nacks], why,
			    sizeof why);
			if (rc == 0)
				sr->nacks++;
			break;
		case BP_PUSH_ERROR:
			rc = wire_error_decode(s->data, s->len, &sr->push_error, why, sizeof why);
			sr->push_refused = rc == 0;
			break;
		case BP_PULL_PAGE:
			if ((rc = wire_pull_reply_decode(s->data, s->len, &page, why,
			    sizeof why)) == 0)
				wire_pull_reply_free(&page);
			break;
		case BP_PULL_ERROR:
			rc = wire_error_decode(s->data, s->len, &sr->pull_error, why, sizeof why);
			sr->pull_refused = rc == 0;
			break;
		default:
			snprintf(why, sizeof why, "type %d", (int)s->type);
			rc = -1;
			break;
		}
	}
	/* The loop stepped past the section that failed: i counts it from 1. */
	if (rc != 0) {
		snprintf(err, errlen, _("the reply to bundle %llu cannot be read: section %zu: %s"),
		    (unsigned long long)b->number, i, why);
		sync_reply_free(sr);
		return -1;
	}
	return 0;
}

/*
 * The district refused the push: as a round does, a terminal restored
 * from a backup numbers its waiting changes again (diverged), and changes
 * the district lost are queued again (a gap before them); the next bundle
 * carries them. Only for the reply to the newest bundle: an older one's
 * numbers may no longer be the outbox's.
 */
static void
sync_reply_refused(struct store *store, const struct sync_reply *sr, int newest)
{
	struct wire_push push;
	char err[WIRE_REASON_LEN];
	int64_t first, last;

	if (!newest || sr->push_error.expected <= 0)
		return;
	if (store_outbox_page(store, WIRE_MAX_CHANGES, &push, err, sizeof err) != 0)
		return;
	first = push.n > 0 ? push.changes[0].seq : 0;
	last = push.n > 0 ? push.changes[push.n - 1].seq : 0;
	wire_push_free(&push);
	if (first == 0)
		return;
	if (strcmp(sr->push_error.error, "diverged") == 0) {
		int64_t replayed = sr->push_error.replayed;

		if (store_outbox_renumber(store, sr->push_error.expected, replayed < first ? 0 :
		    replayed > last ? last : replayed, err, sizeof err) != 0)
			log_warn("sync: %s", err);
	} else if (strcmp(sr->push_error.error, "gap") == 0 &&
	    sr->push_error.expected < first) {
		if (store_outbox_resend(store, sr->push_error.expected, err, sizeof err) != 0)
			log_warn("sync: %s", err);
	}
}

/*
 * Apply the reply's pages that follow the cursor this terminal holds,
 * each with its cursor in one transaction: 0, or -1 with err (the pages
 * applied before stay, with their cursor: applying the reply again goes
 * on from there).
 */
static int
sync_reply_pages(struct store *store, const struct bundle *b, const struct sync_reply *sr,
    struct sync_bundle_result *r, char *err, size_t errlen)
{
	struct wire_pull_reply page;
	char start[WIRE_CURSOR_LEN], held[WIRE_CURSOR_LEN], why[WIRE_REASON_LEN];
	size_t i;
	int applied = 0, more = 0, pages = 0;

	snprintf(start, sizeof start, "%s", sr->request.cursor);
	for (i = 0; i < b->n; i++) {
		if (b->sections[i].type != BP_PULL_PAGE)
			continue;
		pages++;
		if (wire_pull_reply_decode(b->sections[i].data, b->sections[i].len, &page, why,
		    sizeof why) != 0) {
			snprintf(err, errlen, _("the reply to bundle %llu cannot be read: section "
			    "%zu: %s"), (unsigned long long)b->number, i + 1, why);
			return -1;
		}
		if (store_pull_cursor(store, held) != 0) {
			wire_pull_reply_free(&page);
			snprintf(err, errlen, _("cannot read the pull cursor from the database"));
			return -1;
		}
		/* Only on top of the cursor it follows: never twice, never out of order. */
		if (strcmp(held, start) == 0) {
			if (store_pull_apply(store, &page, err, errlen) != 0) {
				wire_pull_reply_free(&page);
				return -1;
			}
			r->pulled += (long)page.n;
			r->partly = 1;
			applied++;
		}
		more = page.more;
		snprintf(start, sizeof start, "%s", page.cursor);
		wire_pull_reply_free(&page);
	}
	r->more = more;
	r->stale = pages > 0 && applied == 0;
	/* A first sync cut short by the reply's size: its indexes now, so that it searches. */
	if (applied > 0 && more && store_pull_settle(store, err, errlen) != 0)
		log_warn("sync: %s", err);
	return 0;
}

/* Apply a reply. */
int
sync_bundle_apply(struct store *store, const char *path, struct sync_bundle_result *r,
    char *err, size_t errlen)
{
	struct store_bundle_keys k;
	struct bundle_keys mine;
	struct bundle_head h;
	struct bundle b;
	struct sync_reply sr;
	unsigned char *data = NULL;
	uint64_t written, applied;
	size_t len, i;
	long before;
	int lock = -1, rc = -1, opened;

	memset(r, 0, sizeof *r);
	memset(&k, 0, sizeof k);
	memset(&b, 0, sizeof b);
	memset(&sr, 0, sizeof sr);
	if (file_read_all(path, BUNDLE_HEAD_LEN + BUNDLE_MAX_SEALED, &data, &len, err,
	    errlen) != 0)
		return -1;
	if (bundle_peek(data, len, &h, err, errlen) != 0)
		goto out;
	if (h.kind != BUNDLE_REPLY) {
		snprintf(err, errlen, _("this is a bundle for the district, not a reply: it goes "
		    "to the district (jobdeskd bundle import)"));
		goto out;
	}
	if (strcmp(h.terminal, store_terminal(store)) != 0) {
		snprintf(err, errlen, _("this reply is for terminal %s, not for this one (%s)"),
		    h.terminal, store_terminal(store));
		goto out;
	}
	if (sync_lock_take(store, &lock, err, errlen) != 0)
		goto out;
	if (sync_bundle_keys(store, &k, err, errlen) != 0)
		goto out;
	memcpy(mine.sign_pk, k.sign_pk, sizeof mine.sign_pk);
	memcpy(mine.box_pk, k.box_pk, sizeof mine.box_pk);
	memcpy(mine.box_sk, k.box_sk, sizeof mine.box_sk);
	opened = bundle_open(data, len, &mine, k.district_sign_pk, &b, err, errlen);
	sodium_memzero(&mine, sizeof mine);
	if (opened != 0)
		goto out;
	r->number = b.number;
	written = store_bundle_written(store);
	applied = store_bundle_applied(store);
	if (b.number > written) {
		snprintf(err, errlen, _("the reply answers bundle %llu, but this terminal wrote "
		    "bundles only up to %llu (was its database restored?)"),
		    (unsigned long long)b.number, (unsigned long long)written);
		goto out;
	}
	if (b.number == applied) {
		r->again = 1;
		r->waiting = store_outbox_pending(store);
		rc = 0;
		goto out;
	}
	if (b.number < applied) {
		snprintf(err, errlen, _("the reply to bundle %llu is older than the reply to "
		    "bundle %llu applied already: it is not applied (the newer one holds what it "
		    "had)"), (unsigned long long)b.number, (unsigned long long)applied);
		goto out;
	}
	if (sync_reply_decode(&b, &sr, err, errlen) != 0)
		goto out;
	/* Acknowledgements first, as a round pushes before it pulls. */
	before = store_outbox_pending(store);
	for (i = 0; i < sr.nacks; i++) {
		if (store_outbox_ack(store, &sr.acks[i], err, errlen) != 0)
			goto out;
		r->partly = 1;
		r->rejected += (long)sr.acks[i].nrejected;
	}
	r->changes = before - store_outbox_pending(store);
	if (r->changes < 0)
		r->changes = 0;	/* a clerk saved meanwhile */
	if (sr.push_refused) {
		snprintf(r->push_error, sizeof r->push_error, "%s", sr.push_error.message);
		sync_reply_refused(store, &sr, b.number == written);
	}
	if (sr.pull_refused)
		snprintf(r->pull_error, sizeof r->pull_error, "%s", sr.pull_error.message);
	if (sync_reply_pages(store, &b, &sr, r, err, errlen) != 0)
		goto out;
	if (store_bundle_applied_set(store, b.number, err, errlen) != 0)
		goto out;
	store_sync_note(store, r->push_error[0] != '\0' ? r->push_error : r->pull_error[0] !=
	    '\0' ? r->pull_error : NULL);
	r->waiting = store_outbox_pending(store);
	log_info("sync: reply to bundle %llu applied: %ld acknowledged, %ld pulled",
	    (unsigned long long)b.number, r->changes, r->pulled);
	rc = 0;
out:
	sync_reply_free(&sr);
	bundle_free(&b);
	free(data);
	sodium_memzero(&k, sizeof k);
	sync_lock_drop(&lock);
	return rc;
}
