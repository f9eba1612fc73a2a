/*
 * The sync client's HTTP exchanges: libcurl's multi interface around one
 * reused easy handle, with the safe defaults of every request set once
 * (https only, verification on, timeouts for connecting and for a stalled
 * transfer, a hard cap on the answer's size). The engine in sync.c drives
 * it without blocking; sync_http_run blocks for the commands.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <sodium.h>

#include "common/buf.h"
#include "common/gzip.h"
#include "common/i18n.h"
#include "common/xalloc.h"
#include "sync/sync-http.h"
#include "sync/sync-policy.h"
#include "sync/sync.h"
#include "wire/wire.h"

/* How long sync_http_send_now waits for a new connection at most. */
#define SYNC_HTTP_SEND_WAIT_MS	50L

/* Keep a big answer's memory no longer than the page that needed it. */
#define SYNC_HTTP_KEEP	((size_t)1 << 20)

/* The bytes of one exchange, as curl's debug callback saw them pass. */
struct sync_http_count {
	long long	head_out, data_out;	/* request head, body as sent */
	long long	head_in, data_in;	/* answer heads, body as received */
	long long	decoded;		/* the answer's body once decoded */
};

struct sync_http {
	CURLM			*multi;
	CURL			*easy;
	struct curl_slist	*headers;
	char			*auth;		/* the Authorization line, wiped when done */
	char			*body;		/* the request being sent */
	size_t			 body_len;	/* its bytes as sent */
	size_t			 plain_len;	/* and before compression */
	int			 plain;		/* never compress requests */
	int			 compressed;	/* the last request went compressed */
	struct sync_http_count	 cur;		/* of the exchange under way */
	struct sync_http_bytes	 total;		/* of the exchanges that ended */
	struct buf		 resp;
	int			 too_big;
	int			 busy;
	int			 ended;		/* the exchange ended in sync_http_send_now */
	char			 errbuf[CURL_ERROR_SIZE];
};

/* curl hands over part of the answer: keep it unless it passes the cap. */
static size_t
sync_http_write(char *p, size_t size, size_t nmemb, void *arg)
{
	struct sync_http *h = arg;
	size_t n = size * nmemb;

	h->cur.decoded += (long long)n;
	if (n > SYNC_HTTP_MAX_BODY - h->resp.len) {
		h->too_big = 1;
		return 0;	/* curl stops with CURLE_WRITE_ERROR */
	}
	buf_add(&h->resp, p, n);
	return n;
}

/*
 * curl's debug callback: the bytes of heads and bodies as they pass the
 * connection (the body received still compressed, the one sent already
 * so), counted for the exchange under way. Only their number is kept:
 * the text is never looked at (the request's head holds the token).
 */
static int
sync_http_debug(CURL *easy, curl_infotype type, char *p, size_t n, void *arg)
{
	struct sync_http *h = arg;

	(void)easy;
	(void)p;
	switch (type) {
	case CURLINFO_HEADER_OUT:
		h->cur.head_out += (long long)n;
		break;
	case CURLINFO_DATA_OUT:
		h->cur.data_out += (long long)n;
		break;
	case CURLINFO_HEADER_IN:
		h->cur.head_in += (long long)n;
		break;
	case CURLINFO_DATA_IN:
		h->cur.data_in += (long long)n;
		break;
	default:
		break;
	}
	return 0;
}

/*
 * Add the exchange that ended (or was abandoned) to the totals. Its
 * uncompressed size: the heads, the request body before compression (in
 * proportion to what of it went, if it was cut), the answer as decoded.
 */
static void
sync_http_tally(struct sync_http *h)
{
	struct sync_http_count *c = &h->cur;
	long long body_plain = c->data_out;

	if (h->compressed && h->body_len > 0)
		body_plain = (long long)((double)c->data_out * (double)h->plain_len /
		    (double)h->body_len);
	h->total.sent += c->head_out + c->data_out;
	h->total.received += c->head_in + c->data_in;
	h->total.sent_plain += c->head_out + body_plain;
	h->total.received_plain += c->head_in + (c->decoded > c->data_in ? c->decoded :
	    c->data_in);
	memset(c, 0, sizeof *c);
}

/* A file named by an option must be readable now, not at the first request. */
static int
sync_http_readable(const char *path, const char *key, char *err, size_t errlen)
{
	if (access(path, R_OK) != 0) {
		snprintf(err, errlen, _("%s: cannot read the file of %s in [sync]: %s"), path, key,
		    strerror(errno));
		return -1;
	}
	return 0;
}

/* Set up the handles and every option that does not change between requests. */
struct sync_http *
sync_http_new(const struct sync_options *o, char *err, size_t errlen)
{
	struct sync_http *h;
	CURLcode rc = CURLE_OK;
	const char *what = "";

	if (o->ca_file != NULL && *o->ca_file != '\0' &&
	    sync_http_readable(o->ca_file, "ca_file", err, errlen) != 0)
		return NULL;
	if (o->pinned_key != NULL && *o->pinned_key != '\0' &&
	    strncmp(o->pinned_key, "sha256//", 8) != 0 &&
	    sync_http_readable(o->pinned_key, "pinned_public_key", err, errlen) != 0)
		return NULL;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		snprintf(err, errlen, _("cannot start libcurl"));
		return NULL;
	}
	h = xcalloc(1, sizeof *h);
	buf_init(&h->resp);
	if ((h->multi = curl_multi_init()) == NULL || (h->easy = curl_easy_init()) == NULL)
		fatalx("out of memory");

#define SET(opt, val) do {					\
	if (rc == CURLE_OK) {					\
		rc = curl_easy_setopt(h->easy, opt, val);	\
		what = #opt;					\
	}							\
} while (0)
	SET(CURLOPT_PROTOCOLS_STR, o->allow_http ? "http,https" : "https");
	SET(CURLOPT_REDIR_PROTOCOLS_STR, "https");
	SET(CURLOPT_FOLLOWLOCATION, 0L);
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_CONNECTTIMEOUT, o->connect_timeout > 0 ? o->connect_timeout : 10L);
	/* Below 100 bytes a second for stall_timeout seconds: CURLE_OPERATION_TIMEDOUT. */
	SET(CURLOPT_LOW_SPEED_LIMIT, 100L);
	SET(CURLOPT_LOW_SPEED_TIME, o->stall_timeout > 0 ? o->stall_timeout : 30L);
	SET(CURLOPT_TIMEOUT, SYNC_HTTP_TIMEOUT_S);
	SET(CURLOPT_TCP_KEEPALIVE, 1L);
	/* Every encoding this libcurl decodes; the cap applies to the decoded answer. */
	SET(CURLOPT_ACCEPT_ENCODING, "");
	SET(CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
	SET(CURLOPT_USERAGENT, o->user_agent != NULL ? o->user_agent : "jobdesk");
	SET(CURLOPT_ERRORBUFFER, h->errbuf);
	SET(CURLOPT_WRITEFUNCTION, sync_http_write);
	SET(CURLOPT_WRITEDATA, h);
	/* The debug callback counts the bytes; verbose is what makes curl call it. */
	SET(CURLOPT_DEBUGFUNCTION, sync_http_debug);
	SET(CURLOPT_DEBUGDATA, h);
	SET(CURLOPT_VERBOSE, 1L);
	SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)SYNC_HTTP_MAX_BODY);
	SET(CURLOPT_POST, 1L);
	/*
	 * The server is trusted through a CA (the system's or ca_file), or
	 * through its pinned public key: a district with its own self-signed
	 * certificate configures only the pin, and then the pin alone decides
	 * (with a CA file as well, both must agree). The host name is always
	 * checked.
	 */
	if (o->ca_file != NULL && *o->ca_file != '\0')
		SET(CURLOPT_CAINFO, o->ca_file);
	if (o->pinned_key != NULL && *o->pinned_key != '\0') {
		SET(CURLOPT_PINNEDPUBLICKEY, o->pinned_key);
		if (o->ca_file == NULL || *o->ca_file == '\0')
			SET(CURLOPT_SSL_VERIFYPEER, 0L);
	}
#undef SET
	if (rc != CURLE_OK) {
		snprintf(err, errlen, _("libcurl refused the option %s: %s"), what,
		    curl_easy_strerror(rc));
		sync_http_free(h);
		return NULL;
	}
	return h;
}

/* Drop the request's headers, wiping the token first. */
static void
sync_http_clear_headers(struct sync_http *h)
{
	curl_slist_free_all(h->headers);
	h->headers = NULL;
	if (h->auth != NULL) {
		sodium_memzero(h->auth, strlen(h->auth));
		free(h->auth);
		h->auth = NULL;
	}
}

/* Let go of everything, an exchange under way too. */
void
sync_http_free(struct sync_http *h)
{
	if (h == NULL)
		return;
	if (h->busy)
		curl_multi_remove_handle(h->multi, h->easy);
	curl_easy_cleanup(h->easy);
	curl_multi_cleanup(h->multi);
	sync_http_clear_headers(h);
	free(h->body);
	buf_free(&h->resp);
	free(h);
	curl_global_cleanup();
}

/* Drop the last answer, and its memory when it was big. */
static void
sync_http_forget(struct sync_http *h)
{
	if (h->resp.cap > SYNC_HTTP_KEEP)
		buf_free(&h->resp);
	else
		buf_reset(&h->resp);
}

/* Append one header line; libcurl only fails to when memory runs out. */
static void
sync_http_header(struct sync_http *h, const char *line)
{
	struct curl_slist *l = curl_slist_append(h->headers, line);

	if (l == NULL)
		fatalx("out of memory");
	h->headers = l;
}

/* Start one POST of a JSON body. */
int
sync_http_post(struct sync_http *h, const char *url, const char *token, char *body,
    size_t len, char *err, size_t errlen)
{
	CURLcode rc;
	CURLMcode mrc;

	if (h->busy)
		fatalx("sync: a request started while another runs");
	free(h->body);
	h->plain_len = len;
	h->compressed = 0;
	if (!h->plain && len >= SYNC_HTTP_GZIP_MIN) {
		char *z;
		size_t zlen;

		/* zlib's default level: a push is small beside a pull, its bytes matter more. */
		if ((z = gzip_compress(body, len, GZIP_DEFAULT, &zlen)) != NULL && zlen < len) {
			free(body);
			body = z;
			len = zlen;
			h->compressed = 1;
		} else
			free(z);
	}
	h->body = body;
	h->body_len = len;
	sync_http_clear_headers(h);
	sync_http_header(h, "Content-Type: application/json");
	if (h->compressed)
		sync_http_header(h, "Content-Encoding: gzip");
	sync_http_header(h, "Accept: application/json");
	/* Pull pages with compact identity index entries: a fifth of their bytes as objects. */
	sync_http_header(h, WIRE_PAGE_HEADER ": " WIRE_PAGE_COMPACT);
	/* No "Expect: 100-continue" wait for big pushes: the server reads what it gets. */
	sync_http_header(h, "Expect:");
	if (token != NULL) {
		h->auth = xasprintf("Authorization: Bearer %s", token);
		sync_http_header(h, h->auth);
	}
	sync_http_forget(h);
	h->too_big = 0;
	h->errbuf[0] = '\0';
	memset(&h->cur, 0, sizeof h->cur);
	if ((rc = curl_easy_setopt(h->easy, CURLOPT_URL, url)) != CURLE_OK ||
	    (rc = curl_easy_setopt(h->easy, CURLOPT_HTTPHEADER, h->headers)) != CURLE_OK ||
	    (rc = curl_easy_setopt(h->easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len)) !=
	    CURLE_OK ||
	    (rc = curl_easy_setopt(h->easy, CURLOPT_POSTFIELDS, h->body)) != CURLE_OK) {
		snprintf(err, errlen, _("cannot prepare the request to \"%s\": %s"), url,
		    curl_easy_strerror(rc));
		return -1;
	}
	if ((mrc = curl_multi_add_handle(h->multi, h->easy)) != CURLM_OK) {
		snprintf(err, errlen, _("cannot start the request to \"%s\": %s"), url,
		    curl_multi_strerror(mrc));
		return -1;
	}
	h->busy = 1;
	h->ended = 0;
	return 0;
}

/*
 * Push the request just started onto the wire, so the server works on it
 * while the caller is busy with something else: one turn of curl sends
 * it on a connection kept open; a new connection (the server or a proxy
 * closed the last one) is first given up to SYNC_HTTP_SEND_WAIT_MS to be
 * made, which on a loopback or a LAN takes well under a millisecond. A
 * slower link is not waited for longer: the request goes at the next step.
 */
void
sync_http_send_now(struct sync_http *h)
{
	struct timespec t0, t;
	long sent = 0, left;
	int running;

	if (!h->busy)
		return;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		if (curl_multi_perform(h->multi, &running) != CURLM_OK || running == 0) {
			/* It ended already (a page the server had ready): sync_http_step says how. */
			h->ended = 1;
			return;
		}
		if (curl_easy_getinfo(h->easy, CURLINFO_REQUEST_SIZE, &sent) != CURLE_OK ||
		    sent > 0)
			return;
		clock_gettime(CLOCK_MONOTONIC, &t);
		left = SYNC_HTTP_SEND_WAIT_MS - ((t.tv_sec - t0.tv_sec) * 1000 +
		    (t.tv_nsec - t0.tv_nsec) / 1000000);
		if (left <= 0 || curl_multi_poll(h->multi, NULL, 0, (int)left, NULL) != CURLM_OK)
			return;
	}
}

/* Abandon the exchange under way: its answer, if any comes, is never read. */
void
sync_http_cancel(struct sync_http *h)
{
	if (!h->busy)
		return;
	/* A transfer removed unfinished closes its connection: nothing of it is reused. */
	curl_multi_remove_handle(h->multi, h->easy);
	h->busy = 0;
	sync_http_tally(h);
	free(h->body);
	h->body = NULL;
	sync_http_clear_headers(h);
	sync_http_forget(h);
}

/* Whether a request is out. */
int
sync_http_busy(const struct sync_http *h)
{
	return h->busy;
}

/* One poll over curl's sockets and fd, for no longer than either timer allows. */
int
sync_http_wait(struct sync_http *h, int fd, long timeout_ms)
{
	struct curl_waitfd wfd = { .fd = fd, .events = CURL_WAIT_POLLIN, .revents = 0 };
	long curl_ms = -1;

	/* Its sockets will say nothing more of an exchange that has ended: no wait. */
	if (timeout_ms < 0 || (h->busy && h->ended))
		timeout_ms = 0;
	if (h->busy && curl_multi_timeout(h->multi, &curl_ms) == CURLM_OK && curl_ms >= 0 &&
	    curl_ms < timeout_ms)
		timeout_ms = curl_ms;
	if (timeout_ms > 3600000L)
		timeout_ms = 3600000L;
	if (curl_multi_poll(h->multi, fd >= 0 ? &wfd : NULL, fd >= 0 ? 1 : 0, (int)timeout_ms,
	    NULL) != CURLM_OK)
		return 0;
	return fd >= 0 && (wfd.revents & CURL_WAIT_POLLIN) != 0;
}

/* Drive the transfer; report its end once. */
int
sync_http_step(struct sync_http *h, struct sync_http_result *res)
{
	CURLMsg *msg;
	CURLcode code = CURLE_OK;
	curl_off_t after = 0;
	int running, left, done = 0;

	if (!h->busy)
		return 0;
	curl_multi_perform(h->multi, &running);
	while ((msg = curl_multi_info_read(h->multi, &left)) != NULL) {
		if (msg->msg == CURLMSG_DONE && msg->easy_handle == h->easy) {
			code = msg->data.result;
			done = 1;
		}
	}
	if (!done)
		return 0;
	memset(res, 0, sizeof *res);
	res->code = code;
	if (curl_easy_getinfo(h->easy, CURLINFO_RESPONSE_CODE, &res->status) != CURLE_OK)
		res->status = 0;
	if (curl_easy_getinfo(h->easy, CURLINFO_RETRY_AFTER, &after) == CURLE_OK && after > 0)
		res->retry_after = after > 86400 ? 86400L : (long)after;
	curl_multi_remove_handle(h->multi, h->easy);
	h->busy = 0;
	sync_http_tally(h);
	free(h->body);
	h->body = NULL;
	sync_http_clear_headers(h);
	res->too_big = h->too_big;
	res->body = buf_str(&h->resp);
	res->len = h->resp.len;
	if (code != CURLE_OK)
		snprintf(res->detail, sizeof res->detail, "%s", h->errbuf[0] != '\0' ?
		    h->errbuf : curl_easy_strerror(code));
	return 1;
}

/* Release the answer of the last exchange, unless the next one has started and owns the buffer. */
void
sync_http_done(struct sync_http *h)
{
	if (!h->busy)
		sync_http_forget(h);
}

/* The blocking form, for enrollment and tests. */
void
sync_http_run(struct sync_http *h, struct sync_http_result *res)
{
	if (!h->busy)
		fatalx("sync: waiting for a request that was not started");
	while (!sync_http_step(h, res))
		sync_http_wait(h, -1, 1000);
}

/* No more compressed requests on this handle. */
void
sync_http_plain(struct sync_http *h)
{
	h->plain = 1;
}

/* Whether the last request started went with Content-Encoding: gzip. */
int
sync_http_compressed(const struct sync_http *h)
{
	return h->compressed;
}

/* The totals of every exchange that has ended. */
void
sync_http_bytes(const struct sync_http *h, struct sync_http_bytes *b)
{
	*b = h->total;
}

struct sync_http *
sync_http_request(const struct sync_options *o, const char *base, const char *path,
    const char *token, char *body, size_t len, struct sync_http_result *res, char *err,
    size_t errlen)
{
	struct sync_http *h;
	char *url;
	int rc;

	if ((h = sync_http_new(o, err, errlen)) == NULL) {
		free(body);
		return NULL;
	}
	url = sync_url_join(base, path);
	if ((rc = sync_http_post(h, url, token, body, len, err, errlen)) == 0)
		sync_http_run(h, res);
	free(url);
	if (rc != 0) {
		sync_http_free(h);
		return NULL;
	}
	return h;
}
