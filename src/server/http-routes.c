/*
 * The routes of protocol v1 (jobdesk-sync(7)): GET /health and POST
 * /v1/enroll, /v1/push, /v1/pull, /v1/keys, /v1/fetch, /v1/bundle. A push,
 * a pull, a terminal's keys for sync by file, a fetch or a relayed bundle
 * is authenticated from its
 * headers before its body is read (http_route_auth, called by the
 * transport); each route decodes its body as a whole before anything
 * reaches the database, and turns the database side's outcome into a reply: its HTTP
 * status from http_pg_status[], the one place outcomes meet statuses.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "common/log.h"
#include "common/xalloc.h"
#include "server/bundle-import.h"
#include "server/http-route.h"
#include "server/pg.h"
#include "server/pull-ahead.h"
#include "wire/wire.h"

static void	http_health(struct http_req *, struct http_reply *);
static void	http_enroll(struct http_req *, struct http_reply *);
static void	http_push(struct http_req *, struct http_reply *);
static void	http_pull(struct http_req *, struct http_reply *);
static void	http_keys(struct http_req *, struct http_reply *);
static void	http_fetch(struct http_req *, struct http_reply *);
static void	http_bundle(struct http_req *, struct http_reply *);

/*
 * A health check has no body; an enrollment's is a code and an id; a
 * push and a pull may take the configured max_body, and are read only
 * after their token is known (http_route_auth).
 */
static const struct http_route http_routes[] = {
	{ .path = "/health", .method = "GET", .allow = "GET, HEAD", .flags = 0,
	  .max_body = 64, .handle = http_health },
	{ .path = "/v1/enroll", .method = "POST", .allow = "POST", .flags = HTTP_ROUTE_JSON,
	  .max_body = 4096, .handle = http_enroll },
	{ .path = "/v1/push", .method = "POST", .allow = "POST",
	  .flags = HTTP_ROUTE_JSON | HTTP_ROUTE_AUTH, .handle = http_push },
	{ .path = "/v1/pull", .method = "POST", .allow = "POST",
	  .flags = HTTP_ROUTE_JSON | HTTP_ROUTE_AUTH, .handle = http_pull },
	{ .path = "/v1/keys", .method = "POST", .allow = "POST",
	  .flags = HTTP_ROUTE_JSON | HTTP_ROUTE_AUTH, .max_body = 4096, .handle = http_keys },
	{ .path = "/v1/fetch", .method = "POST", .allow = "POST",
	  .flags = HTTP_ROUTE_JSON | HTTP_ROUTE_AUTH, .max_body = 4096, .handle = http_fetch },
	/* A relayed bundle is a push: the configured max_body holds for it too. */
	{ .path = "/v1/bundle", .method = "POST", .allow = "POST",
	  .flags = HTTP_ROUTE_JSON | HTTP_ROUTE_AUTH, .handle = http_bundle },
};

/* The route serving a path. */
const struct http_route *
http_route_find(const char *path)
{
	size_t i;

	for (i = 0; i < sizeof http_routes / sizeof http_routes[0]; i++)
		if (strcmp(http_routes[i].path, path) == 0)
			return &http_routes[i];
	return NULL;
}

/* Whether a route takes a method; HEAD is GET without the body. */
int
http_route_allows(const struct http_route *route, const char *method)
{
	if (strcmp(route->method, method) == 0)
		return 1;
	return strcmp(route->method, "GET") == 0 && strcmp(method, "HEAD") == 0;
}

/* Fill a reply with an encoded wire error. */
static void
http_reply_wire_error(struct http_reply *rp, int status, const struct wire_error *e)
{
	free(rp->body);
	rp->status = status;
	rp->body = wire_error_encode(e, &rp->len);
}

/* Fill a reply with an error made here. */
void
http_reply_error(struct http_reply *rp, int status, const char *word, const char *fmt, ...)
{
	struct wire_error e;
	va_list ap;

	memset(&e, 0, sizeof e);
	snprintf(e.error, sizeof e.error, "%s", word);
	va_start(ap, fmt);
	vsnprintf(e.message, sizeof e.message, fmt, ap);
	va_end(ap);
	http_reply_wire_error(rp, status, &e);
}

/* The HTTP status of each outcome of the database side (server/pg.h). */
static const int http_pg_status[PG_NOUTCOMES] = {
	[PG_OK] = 200,
	[PG_BAD_REQUEST] = 400,
	[PG_UNAUTHORIZED] = 401,
	[PG_REVOKED] = 401,
	[PG_BAD_CODE] = 403,
	[PG_WRONG_TERMINAL] = 403,
	[PG_WRONG_OFFICE] = 403,
	[PG_GAP] = 409,
	[PG_DIVERGED] = 409,
	[PG_NO_REFERENCE] = 503,
	[PG_BUSY] = 503,
	[PG_UNAVAILABLE] = 503,
	[PG_INTERNAL] = 500,
};

/*
 * Fill a reply with the database side's refusal (its word and message in
 * e). An outcome that is no refusal, or one without its word, is a bug
 * there: the client gets a plain 500.
 */
static void
http_reply_pg_error(struct http_reply *rp, enum pg_outcome outcome, struct wire_error *e)
{
	if (outcome <= PG_OK || outcome >= PG_NOUTCOMES || e->error[0] == '\0') {
		log_error("database side returned outcome %d without an error", (int)outcome);
		http_reply_error(rp, 500, "internal", "internal server error");
		return;
	}
	if (e->message[0] == '\0')
		snprintf(e->message, sizeof e->message, "%s", e->error);
	http_reply_wire_error(rp, http_pg_status[outcome], e);
}

/* Fill a reply with 503 because this worker has no database connection. */
static void
http_reply_no_db(struct http_reply *rp)
{
	http_reply_error(rp, 503, "unavailable", "the database cannot be reached; try again later");
}

/* The worker's connection and the terminal of the request's token: 0, or -1 with rp filled. */
int
http_route_auth(struct http_req *req, struct http_reply *rp)
{
	struct wire_error e;
	struct pg *pg;
	enum pg_outcome rc;

	if ((pg = http_req_pg(req)) == NULL) {
		http_reply_no_db(rp);
		return -1;
	}
	memset(&e, 0, sizeof e);
	rc = pg_auth(pg, req->token, &req->auth, &e);
	if (req->auth.id[0] != '\0')	/* a revoked terminal is named too */
		snprintf(req->terminal, sizeof req->terminal, "%s", req->auth.id);
	if (rc != PG_OK) {
		http_reply_pg_error(rp, rc, &e);
		return -1;
	}
	req->pg = pg;
	return 0;
}

/* GET /health: whether this worker reaches the database. */
static void
http_health(struct http_req *req, struct http_reply *rp)
{
	static const char ok[] = "{\"v\":1,\"status\":\"ok\",\"database\":\"ok\"}";
	static const char down[] = "{\"v\":1,\"status\":\"unavailable\",\"database\":\"down\"}";
	struct wire_error e;
	struct pg *pg = http_req_pg(req);

	memset(&e, 0, sizeof e);
	if (pg != NULL && pg_health(pg, &e) == PG_OK) {
		rp->status = 200;
		rp->body = xstrdup(ok);
		rp->len = sizeof ok - 1;
	} else {
		rp->status = 503;
		rp->body = xstrdup(down);
		rp->len = sizeof down - 1;
	}
}

/* POST /v1/enroll: exchange a one-time code for a token (no token needed). */
static void
http_enroll(struct http_req *req, struct http_reply *rp)
{
	struct wire_enroll in;
	struct wire_enroll_reply out;
	struct wire_error e;
	char why[WIRE_REASON_LEN];
	struct pg *pg;
	enum pg_outcome rc;

	memset(&in, 0, sizeof in);
	memset(&out, 0, sizeof out);
	memset(&e, 0, sizeof e);
	if (wire_enroll_decode(req->body, req->len, &in, why, sizeof why) != 0) {
		http_reply_error(rp, 400, "bad_request", "%s", why);
		goto out;
	}
	snprintf(req->terminal, sizeof req->terminal, "%s", in.terminal);
	if ((pg = http_req_pg(req)) == NULL) {
		http_reply_no_db(rp);
		goto out;
	}
	if ((rc = pg_enroll(pg, &in, &out, &e)) != PG_OK) {
		http_reply_pg_error(rp, rc, &e);
		goto out;
	}
	rp->status = 200;
	rp->body = wire_enroll_reply_encode(&out, &rp->len);
out:
	sodium_memzero(&in, sizeof in);
	sodium_memzero(&out, sizeof out);
}

/* POST /v1/push: a terminal's outbox entries, applied in one transaction. */
static void
http_push(struct http_req *req, struct http_reply *rp)
{
	struct wire_push in;
	struct wire_push_reply out;
	struct pg_terminal t;
	struct wire_error e;
	char why[WIRE_REASON_LEN];
	struct pg *pg;
	enum pg_outcome rc;

	memset(&in, 0, sizeof in);
	memset(&out, 0, sizeof out);
	memset(&e, 0, sizeof e);
	if (wire_push_decode(req->body, req->len, &in, why, sizeof why) != 0) {
		http_reply_error(rp, 400, "bad_request", "%s", why);
		return;
	}
	/* Authenticated from the headers, before the body was read. */
	pg = req->pg;
	t = req->auth;
	/* Checked by the database side too; here it costs nothing and touches nothing. */
	if (strcmp(in.terminal, t.id) != 0) {
		http_reply_error(rp, 403, "wrong_terminal",
		    "the push names another terminal than the token's");
		goto out;
	}
	if ((rc = pg_push(pg, &t, &in, &out, &e)) != PG_OK) {
		http_reply_pg_error(rp, rc, &e);
		goto out;
	}
	rp->status = 200;
	rp->body = wire_push_reply_encode(&out, &rp->len);
out:
	wire_push_reply_free(&out);
	wire_push_free(&in);
}

/* POST /v1/pull: the page of records after the terminal's cursor. */
static void
http_pull(struct http_req *req, struct http_reply *rp)
{
	struct wire_pull in;
	struct wire_pull_reply out;
	struct pg_terminal t;
	struct wire_error e;
	char why[WIRE_REASON_LEN];
	struct pg *pg;
	enum pg_outcome rc;
	enum pull_ahead_found found;

	memset(&in, 0, sizeof in);
	memset(&out, 0, sizeof out);
	memset(&e, 0, sizeof e);
	if (wire_pull_decode(req->body, req->len, &in, why, sizeof why) != 0) {
		http_reply_error(rp, 400, "bad_request", "%s", why);
		return;
	}
	pg = req->pg;
	t = req->auth;
	in.compact = req->compact;
	found = pull_ahead_take(http_req_ahead(req), &t, &in, &out);
	if (found == PULL_AHEAD_SERVED) {
		rc = PG_OK;
		pg_pull_sent(pg, &t, out.cursor);
		rp->note = "page built ahead";
	} else
		rc = pg_pull(pg, &t, &in, &out, &e);
	if (rc != PG_OK)
		http_reply_pg_error(rp, rc, &e);
	else {
		/* The next page is built while this one is encoded, sent and applied. */
		if (pull_ahead_worth(&in, &out, found))
			pull_ahead_start(http_req_ahead(req), &t, &in, out.cursor);
		rp->status = 200;
		rp->body = wire_pull_reply_encode(&out, &rp->len);
	}
	wire_pull_reply_free(&out);
}

/* POST /v1/keys: the terminal's keys for sync by file, answered with the district's. */
static void
http_keys(struct http_req *req, struct http_reply *rp)
{
	struct wire_keys in, out;
	struct wire_error e;
	char why[WIRE_REASON_LEN];
	enum pg_outcome rc;

	memset(&in, 0, sizeof in);
	memset(&out, 0, sizeof out);
	memset(&e, 0, sizeof e);
	if (wire_keys_decode(req->body, req->len, &in, why, sizeof why) != 0) {
		http_reply_error(rp, 400, "bad_request", "%s", why);
		return;
	}
	if ((rc = pg_keys(req->pg, &req->auth, &in, &out, &e)) != PG_OK) {
		http_reply_pg_error(rp, rc, &e);
		return;
	}
	rp->status = 200;
	rp->body = wire_keys_reply_encode(&out, &rp->len);
}

/* POST /v1/fetch: one person's whole record, for a terminal whose scope does not hold it. */
static void
http_fetch(struct http_req *req, struct http_reply *rp)
{
	struct wire_fetch in;
	struct wire_pull_reply out;
	struct pg_terminal t;
	struct wire_error e;
	char why[WIRE_REASON_LEN];
	enum pg_outcome rc;

	memset(&out, 0, sizeof out);
	memset(&e, 0, sizeof e);
	if (wire_fetch_decode(req->body, req->len, &in, why, sizeof why) != 0) {
		http_reply_error(rp, 400, "bad_request", "%s", why);
		return;
	}
	t = req->auth;
	if ((rc = pg_fetch(req->pg, &t, &in, &out, &e)) != PG_OK)
		http_reply_pg_error(rp, rc, &e);
	else {
		rp->status = 200;
		rp->body = wire_pull_reply_encode(&out, &rp->len);
	}
	wire_pull_reply_free(&out);
}

/*
 * POST /v1/bundle: a field terminal's bundle, relayed by the token's
 * terminal, imported as jobdeskd bundle import does; the answer says what
 * was done and carries the reply, which only the field terminal can open.
 */
static void
http_bundle(struct http_req *req, struct http_reply *rp)
{
	struct wire_relay in;
	struct bundle_import_result r;
	struct buf reply = BUF_INIT;
	char why[WIRE_REASON_LEN], err[1024];
	enum pg_outcome rc;

	memset(&in, 0, sizeof in);
	if (wire_relay_decode(req->body, req->len, &in, why, sizeof why) != 0) {
		http_reply_error(rp, 400, "bad_request", "%s", why);
		return;
	}
	if (strcmp(in.terminal, req->auth.id) != 0) {
		http_reply_error(rp, 403, "wrong_terminal",
		    "the request names another terminal than the token's");
		goto out;
	}
	err[0] = '\0';
	rc = bundle_import_data(req->pg, in.bundle, in.len, 0, &req->auth, &reply, &r, err,
	    sizeof err);
	if (rc != PG_OK) {
		if (rc == PG_BAD_REQUEST)
			http_reply_error(rp, 400, "bad_bundle", "%s", err);
		else if (rc == PG_WRONG_OFFICE)
			http_reply_error(rp, 403, "wrong_district", "%s", err);
		else {
			/* The database's trouble: its words are not for the terminal. */
			log_error("terminal %s: a relayed bundle: %s", req->auth.id, err);
			http_reply_error(rp, http_pg_status[rc] >= 500 ? http_pg_status[rc] : 503,
			    "unavailable", "the bundle cannot be imported now: what was applied "
			    "stays, and relaying it again replays it; try again later");
		}
		goto out;
	}
	r.w.reply = (unsigned char *)reply.data;
	r.w.len = reply.len;
	rp->status = 200;
	rp->body = wire_relay_reply_encode(&r.w, &rp->len);
out:
	buf_free(&reply);
	wire_relay_free(&in);
}
