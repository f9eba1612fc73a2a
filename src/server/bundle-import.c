/*
 * Importing a terminal's bundle (jobdesk-sync(7), BUNDLES). Nothing of
 * the bundle is acted on before all of it is checked: the clear header
 * names the terminal, whose registered key must have signed what the
 * district's key opens, and every push and the pull request must decode.
 * Then the pushes go through pg_push, the very path of POST /v1/push
 * (its authority checks, its idempotence: a bundle imported twice, or an
 * older one after a newer one, is acknowledged again and applied never),
 * and the pull through pg_pull as POST /v1/pull would page it. The reply
 * is signed with the district's key, sealed to the terminal's, and
 * written whole or not at all.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "common/file.h"
#include "common/log.h"
#include "common/xalloc.h"
#include "server/bundle-import.h"
#include "server/pg-int.h"
#include "wire/bundle.h"
#include "wire/wire.h"

/*
 * A reply stops taking pages at this size: a terminal holds the file and
 * its opened copy in memory while it applies it, and may be a small one.
 */
#define BUNDLE_IMPORT_REPLY_BYTES	((size_t)32 << 20)

/* One import under way. */
struct bundle_import {
	struct pg			*pg;
	struct pg_bundle_terminal	 bt;
	struct pg_district_keys		 keys;
	struct bundle			 b;
	struct wire_push		*pushes;
	size_t				 npushes;
	struct wire_pull		 pull;
	struct bundle_writer		 w;
	/* What was done, for the summary. */
	int64_t				 acked;		/* the last change acknowledged, 0 none */
	size_t				 refused;	/* changes parked */
	char				 push_error[WIRE_REASON_LEN];
	int64_t				 refused_from;	/* the first change of the push refused */
	long				 records;
	size_t				 pages;
	int				 more;
	char				 pull_error[WIRE_REASON_LEN];
};

/* Free everything an import holds. */
static void
bundle_import_free(struct bundle_import *im)
{
	size_t i;

	for (i = 0; i < im->npushes; i++)
		wire_push_free(&im->pushes[i]);
	free(im->pushes);
	bundle_free(&im->b);
	bundle_writer_free(&im->w);
	sodium_memzero(&im->keys, sizeof im->keys);
}

/*
 * Check the file and who sent it (and, relayed, that the relaying
 * terminal is of its district), and decode every section: PG_OK, or
 * another outcome with err. Nothing is written to the database here.
 */
static enum pg_outcome
bundle_import_open(struct bundle_import *im, const unsigned char *file, size_t len,
    const struct pg_terminal *relay, char *err, size_t errlen)
{
	struct bundle_head h;
	struct bundle_keys mine;
	char why[WIRE_REASON_LEN];
	size_t i;
	int rc;

	if (bundle_peek(file, len, &h, err, errlen) != 0)
		return PG_BAD_REQUEST;
	if (h.kind != BUNDLE_REQUEST) {
		snprintf(err, errlen, "this is a reply for terminal %s, not a bundle: it goes "
		    "back to the terminal (jobdesk sync --from-file)", h.terminal);
		return PG_BAD_REQUEST;
	}
	if ((rc = pg_bundle_terminal(im->pg, h.terminal, &im->bt)) < 0) {
		snprintf(err, errlen, "cannot look up terminal %s: %s", h.terminal,
		    im->pg->errmsg);
		return PG_UNAVAILABLE;
	}
	if (rc == 0) {
		snprintf(err, errlen, "the bundle comes from terminal %s, which this district "
		    "does not know", h.terminal);
		return PG_BAD_REQUEST;
	}
	/*
	 * A server may hold more than one district's offices: a terminal
	 * relays the bundles of its own district only, as it pulls its own
	 * district only.
	 */
	if (relay != NULL && (rc = pg_same_district(im->pg, im->bt.t.office,
	    relay->office)) != 1) {
		if (rc < 0) {
			snprintf(err, errlen, "cannot look up the district of office %s: %s",
			    im->bt.t.office, im->pg->errmsg);
			return PG_UNAVAILABLE;
		}
		snprintf(err, errlen, "the bundle comes from terminal %s of office %s, which is "
		    "not of the district of this terminal's office %s: it is relayed by a "
		    "terminal of its own district", h.terminal, im->bt.t.office, relay->office);
		return PG_WRONG_OFFICE;
	}
	if (im->bt.revoked) {
		snprintf(err, errlen, "terminal %s was revoked: its bundles are refused",
		    h.terminal);
		return PG_BAD_REQUEST;
	}
	if (!im->bt.has_keys) {
		snprintf(err, errlen, "terminal %s has registered no keys for sync by file: it "
		    "syncs online once (jobdesk sync) before it sends bundles", h.terminal);
		return PG_BAD_REQUEST;
	}
	if ((rc = pg_district_keys(im->pg, &im->keys)) != 0) {
		snprintf(err, errlen, rc > 0 ? "the district has no keys for sync by file: run "
		    "jobdeskd migrate" : "cannot read the district's keys: %s", im->pg->errmsg);
		return PG_UNAVAILABLE;
	}
	memcpy(mine.sign_pk, im->keys.sign_pk, sizeof mine.sign_pk);
	memcpy(mine.box_pk, im->keys.box_pk, sizeof mine.box_pk);
	memcpy(mine.box_sk, im->keys.box_sk, sizeof mine.box_sk);
	rc = bundle_open(file, len, &mine, im->bt.sign_pk, &im->b, err, errlen);
	sodium_memzero(&mine, sizeof mine);
	if (rc != 0)
		return PG_BAD_REQUEST;
	im->pushes = xcalloc(im->b.n, sizeof *im->pushes);
	for (i = 0; i < im->b.n; i++) {
		const struct bundle_section *s = &im->b.sections[i];

		if (s->type == BP_PULL) {
			if (wire_pull_decode(s->data, s->len, &im->pull, why, sizeof why) != 0)
				goto bad;
			continue;
		}
		if (wire_push_decode(s->data, s->len, &im->pushes[im->npushes], why,
		    sizeof why) != 0)
			goto bad;
		im->npushes++;
		if (strcmp(im->pushes[im->npushes - 1].terminal, im->b.terminal) != 0) {
			snprintf(why, sizeof why, "the push names another terminal");
			goto bad;
		}
		/* The pushes of a bundle are one run of numbers, as one outbox holds them. */
		if (im->npushes > 1 && im->pushes[im->npushes - 1].changes[0].seq !=
		    im->pushes[im->npushes - 2].changes[im->pushes[im->npushes - 2].n - 1].seq + 1) {
			snprintf(why, sizeof why, "its changes do not follow the section before");
			goto bad;
		}
	}
	return PG_OK;
bad:
	snprintf(err, errlen, "bundle %llu of terminal %s: section %zu: %s",
	    (unsigned long long)im->b.number, im->b.terminal, i + 1, why);
	return PG_BAD_REQUEST;
}

/* Whether a refusal is the database's trouble (no reply then) rather than the push's. */
static int
bundle_import_failure(enum pg_outcome rc)
{
	return rc == PG_UNAVAILABLE || rc == PG_BUSY || rc == PG_INTERNAL ||
	    rc == PG_NO_REFERENCE;
}

/* Add an error section to the reply. */
static void
bundle_import_error(struct bundle_import *im, enum bundle_part type, const struct wire_error *e)
{
	size_t len;
	char *text = wire_error_encode(e, &len);

	bundle_add(&im->w, type, text, len);
	free(text);
}

/*
 * The pushes, in order, until one is refused (the rest wait on the
 * terminal for its next bundle). PG_OK, or the database's failure with err.
 */
static enum pg_outcome
bundle_import_push(struct bundle_import *im, char *err, size_t errlen)
{
	struct wire_push_reply out;
	struct wire_error e;
	enum pg_outcome rc;
	size_t i, len;
	char *text;

	for (i = 0; i < im->npushes; i++) {
		memset(&e, 0, sizeof e);
		rc = pg_push(im->pg, &im->bt.t, &im->pushes[i], &out, &e);
		if (bundle_import_failure(rc)) {
			snprintf(err, errlen, "cannot apply changes %lld to %lld: %s",
			    (long long)im->pushes[i].changes[0].seq,
			    (long long)im->pushes[i].changes[im->pushes[i].n - 1].seq, e.message);
			return rc;
		}
		if (rc != PG_OK) {
			bundle_import_error(im, BP_PUSH_ERROR, &e);
			snprintf(im->push_error, sizeof im->push_error, "%s", e.message);
			im->refused_from = im->pushes[i].changes[0].seq;
			return PG_OK;
		}
		text = wire_push_reply_encode(&out, &len);
		bundle_add(&im->w, BP_PUSH_REPLY, text, len);
		free(text);
		im->acked = out.applied_through;
		im->refused += out.nrejected;
		wire_push_reply_free(&out);
	}
	return PG_OK;
}

/*
 * The pull: pages from the bundle's cursor until the district has no
 * more, or the reply is full. PG_OK, or the database's failure with err.
 */
static enum pg_outcome
bundle_import_pull(struct bundle_import *im, long max_records, char *err, size_t errlen)
{
	struct wire_pull req = im->pull;
	struct wire_pull_reply page;
	struct wire_error e;
	enum pg_outcome rc;
	size_t len;
	char *text;
	int empty;

	for (;;) {
		long room = max_records - im->records;

		if (req.limit > room)
			req.limit = room;
		memset(&e, 0, sizeof e);
		if ((rc = pg_pull(im->pg, &im->bt.t, &req, &page, &e)) != PG_OK) {
			if (bundle_import_failure(rc)) {
				snprintf(err, errlen, "cannot read the changes for the reply: %s",
				    e.message);
				return rc;
			}
			bundle_import_error(im, BP_PULL_ERROR, &e);
			snprintf(im->pull_error, sizeof im->pull_error, "%s", e.message);
			return PG_OK;
		}
		text = wire_pull_reply_encode(&page, &len);
		bundle_add(&im->w, BP_PULL_PAGE, text, len);
		free(text);
		im->records += (long)page.n;
		im->pages++;
		im->more = page.more;
		empty = page.n == 0;
		snprintf(req.cursor, sizeof req.cursor, "%s", page.cursor);
		wire_pull_reply_free(&page);
		/* A page without records that says "more" would ask for ever. */
		if (!im->more || im->records >= max_records || empty ||
		    im->w.msg.len >= BUNDLE_IMPORT_REPLY_BYTES)
			return PG_OK;
	}
}

/* Append text to the message in err. */
static void
bundle_import_also(char *err, size_t errlen, const char *text)
{
	size_t n = strlen(err);

	if (n < errlen)
		snprintf(err + n, errlen - n, "%s", text);
}

/* What an import did, into the answer's terms. */
static void
bundle_import_result(const struct bundle_import *im, struct bundle_import_result *r)
{
	struct wire_relay_reply *w = &r->w;
	size_t i;

	snprintf(w->terminal, sizeof w->terminal, "%s", im->b.terminal);
	snprintf(w->office, sizeof w->office, "%s", im->bt.t.office);
	w->number = (int64_t)im->b.number;
	for (i = 0; i < im->npushes; i++)
		w->changes += (int64_t)im->pushes[i].n;
	w->acknowledged = im->acked;
	w->rejected = (int64_t)im->refused;
	snprintf(w->push_error, sizeof w->push_error, "%s", im->push_error);
	w->refused_from = im->push_error[0] != '\0' ? im->refused_from : 0;
	w->records = im->records;
	w->more = im->more;
	snprintf(w->pull_error, sizeof w->pull_error, "%s", im->pull_error);
	w->newer = im->bt.last_bundle > 0 && im->b.number < (uint64_t)im->bt.last_bundle ?
	    im->bt.last_bundle : 0;
	r->pages = im->pages;
}

/* Import a bundle's bytes into the district and seal its reply. */
enum pg_outcome
bundle_import_data(struct pg *pg, const unsigned char *data, size_t len, long max_records,
    const struct pg_terminal *relay, struct buf *reply, struct bundle_import_result *r,
    char *err, size_t errlen)
{
	struct bundle_import im;
	struct wire_error e;
	enum pg_outcome rc;

	memset(&im, 0, sizeof im);
	memset(r, 0, sizeof *r);
	im.pg = pg;
	if (max_records < 1 || max_records > BUNDLE_IMPORT_MAX_RECORDS)
		max_records = BUNDLE_IMPORT_RECORDS;
	memset(&e, 0, sizeof e);
	if ((rc = pg_ready(pg, &e)) != PG_OK) {
		snprintf(err, errlen, "%s", e.message);
		return rc;
	}
	if ((rc = bundle_import_open(&im, data, len, relay, err, errlen)) != PG_OK) {
		bundle_import_also(err, errlen, "; nothing was changed");
		goto out;
	}
	bundle_begin(&im.w, BUNDLE_REPLY, im.b.terminal, im.bt.sign_pk, im.b.number,
	    (uint64_t)time(NULL));
	/* The request again: the terminal applies the pages only from where they start. */
	{
		size_t tlen;
		char *text = wire_pull_encode(&im.pull, &tlen);

		bundle_add(&im.w, BP_PULL, text, tlen);
		free(text);
	}
	if ((rc = bundle_import_push(&im, err, errlen)) != PG_OK ||
	    (rc = bundle_import_pull(&im, max_records, err, errlen)) != PG_OK) {
		bundle_import_also(err, errlen, "; what was applied stays (the same bundle "
		    "again replays it), and no reply was written");
		goto out;
	}
	if (pg_bundle_done(pg, im.b.terminal, im.b.number) != 0)
		log_warn("terminal %s: cannot note bundle %llu as imported (SQLSTATE %s)",
		    im.b.terminal, (unsigned long long)im.b.number, pg->sqlstate);
	if (bundle_seal(&im.w, im.keys.sign_sk, im.bt.box_pk, reply, err, errlen) != 0) {
		bundle_import_also(err, errlen, "; what was applied stays (the same bundle again "
		    "replays it)");
		rc = PG_INTERNAL;
		goto out;
	}
	bundle_import_result(&im, r);
	if (relay != NULL)
		log_info("terminal %s: bundle %llu relayed by terminal %s: through %lld, %zu "
		    "refused, %ld records in the reply", im.b.terminal,
		    (unsigned long long)im.b.number, relay->id, (long long)im.acked, im.refused,
		    im.records);
	else
		log_info("terminal %s: bundle %llu imported: through %lld, %zu refused, %ld "
		    "records in the reply", im.b.terminal, (unsigned long long)im.b.number,
		    (long long)im.acked, im.refused, im.records);
	rc = PG_OK;
out:
	bundle_import_free(&im);
	return rc;
}

/* Import a bundle and write its reply. */
int
bundle_import(struct pg *pg, const char *path, const char *reply, long max_records, FILE *out,
    char *err, size_t errlen)
{
	struct bundle_import_result r;
	struct buf file = BUF_INIT;
	unsigned char *data = NULL;
	size_t len;
	int rc = 1;

	if (file_read_all(path, BUNDLE_HEAD_LEN + BUNDLE_MAX_SEALED, &data, &len, err,
	    errlen) != 0)
		goto out;
	if (bundle_import_data(pg, data, len, max_records, NULL, &file, &r, err, errlen) !=
	    PG_OK)
		goto out;
	if (file_write_all(reply, file.data, file.len, 0600, err, errlen) != 0) {
		bundle_import_also(err, errlen, "; what was applied stays (importing the bundle "
		    "again replays it)");
		goto out;
	}
	fprintf(out, "bundle %lld of terminal %s (office %s): ", (long long)r.w.number,
	    r.w.terminal, r.w.office);
	if (r.w.changes == 0)
		fprintf(out, "no changes");
	else if (r.w.acknowledged > 0)
		fprintf(out, "changes through %lld acknowledged, %lld refused",
		    (long long)r.w.acknowledged, (long long)r.w.rejected);
	else
		fprintf(out, "no changes acknowledged");
	if (r.w.push_error[0] != '\0')
		fprintf(out, "; the changes from %lld on were refused: %s",
		    (long long)r.w.refused_from, r.w.push_error);
	fprintf(out, "\nreply %s: %lld records in %zu pages%s\n", reply, (long long)r.w.records,
	    r.pages, r.w.more ? "; more wait: the terminal's next bundle continues from there" :
	    "");
	if (r.w.pull_error[0] != '\0')
		fprintf(out, "the pull was refused: %s\n", r.w.pull_error);
	if (r.w.newer > 0)
		fprintf(out, "note: a newer bundle of this terminal (%lld) was imported before: "
		    "this one's changes were replays, and the terminal ignores this reply if it "
		    "applied the newer one's\n", (long long)r.w.newer);
	rc = 0;
out:
	buf_free(&file);
	free(data);
	return rc;
}
