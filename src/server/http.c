/*
 * jobdeskd's HTTP transport on libmicrohttpd 0.9.75: a pool of worker
 * threads polling with epoll, each with its own PostgreSQL connection made
 * on first use and closed when the thread ends. A request is refused as
 * early as its headers allow: unknown path (404), wrong method (405), a
 * body framed both ways or by an unknown transfer coding (400), declared
 * body too large (413), not JSON or in a content coding other than gzip
 * and deflate (415), no bearer token or one that no terminal holds (401);
 * only then is the body read, never more of it kept than the route's
 * limit. A compressed body (a terminal on a slow link sends its pushes so)
 * is decoded as it arrives, and the limit holds for it twice: for the
 * bytes sent and for the bytes they decode to, so a small body that would
 * decode to gigabytes is refused with 413 once it passes the limit.
 *
 * libmicrohttpd times out idle connections only. A connection that
 * trickles its request a byte at a time is never idle, so every
 * connection is also noted here (MHD_OPTION_NOTIFY_CONNECTION) with its
 * socket and when it began to wait for its request, and a watchdog thread
 * shuts down the socket of one whose request head has not come whole
 * within header_deadline, or whose body has not within request_deadline:
 * libmicrohttpd then reads the end of the stream and closes it as any
 * other. The socket is shut down, never closed, under the lock that
 * libmicrohttpd's close notice takes before it closes the socket, so the
 * number cannot belong to another connection by then.
 *
 * libmicrohttpd stops accepting at its connection limit: a client then
 * waits in the kernel's queue and gets no answer at all. So libmicrohttpd
 * is given a reserve above max_connections (and above per_address), and a
 * connection beyond the configured limits is answered 503 at once after
 * its request head and closed; it has a short deadline, so the reserve
 * empties quickly.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>
#include <sodium.h>

#include "common/buf.h"
#include "common/gzip.h"
#include "common/log.h"
#include "common/xalloc.h"
#include "server/http-route.h"
#include "server/http.h"
#include "server/pg.h"
#include "server/pull-ahead.h"
#include "wire/wire.h"

#define HTTP_PEM_MAX		(1024 * 1024)	/* bytes of a certificate or key file */
#define HTTP_MEMORY_LIMIT	(64 * 1024)	/* per connection: request line, headers, buffers */
#define HTTP_GZIP_MIN		1024		/* smaller replies are sent as they are */
#define HTTP_DISCARD_MAX	(32 * 1024 * 1024)	/* bytes over max_body read and dropped */
#define HTTP_RETRY_AFTER	"5"		/* seconds, on every 503 */
#define HTTP_TLS_PRIORITIES	"NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2"
#define HTTP_WATCH_MS		250		/* how often the watchdog looks */
#define HTTP_OVER_DEADLINE_MS	2000		/* a request head beyond the limits */
#define HTTP_OVER_MIN		16		/* connections beyond max_connections */
#define HTTP_OVER_PER_ADDRESS	4		/* connections beyond per_address */

/* Where a connection is in its request. */
enum http_phase {
	HTTP_WAIT_HEAD,		/* since it opened, or since its last answer */
	HTTP_WAIT_BODY,		/* the head came; the body is being read */
	HTTP_ANSWERING,		/* the request is whole: handled, answered */
};

/* One TCP connection, from libmicrohttpd's start notice to its close notice. */
struct http_sock {
	struct http_sock	*prev, *next;
	int			 fd;
	unsigned char		 addr[16];	/* IPv4 as IPv4-mapped IPv6 */
	char			 peer[INET6_ADDRSTRLEN];
	uint64_t		 since;		/* monotonic ms: waiting for this request */
	enum http_phase		 phase;
	int			 over;		/* beyond a limit: answered 503 */
	int			 cut;		/* shut down by the watchdog */
};

struct http {
	struct MHD_Daemon	*daemon;
	struct http_settings	 s;
	union {
		struct sockaddr		sa;
		struct sockaddr_in	in;
		struct sockaddr_in6	in6;
	}			 addr;
	unsigned		 flags;		/* of MHD_start_daemon */
	int			 tls;
	char			*cert;		/* PEM text, as libmicrohttpd wants it */
	char			*key;
	size_t			 keylen;
	pthread_key_t		 pg_key;	/* each worker's struct pg */
	int			 pg_key_made;
	unsigned		 port;
	/* The connections, for the limits and the watchdog. */
	pthread_mutex_t		 lock;
	pthread_cond_t		 wake;		/* the watchdog's sleep; signalled to stop */
	int			 sync_made;
	struct http_sock	*socks;
	unsigned		 nsocks;
	int			 stopping;
	pthread_t		 watchdog;
	int			 watchdog_made;
	struct pull_ahead	*ahead;		/* pull pages built ahead; NULL: none */
};

/* One request, from its headers to its log line. */
struct http_conn {
	struct http_req		 req;
	const struct http_route	*route;
	struct http_sock	*sock;		/* its connection; NULL if unknown */
	struct buf		 body;
	size_t			 max_body;	/* the route's limit */
	size_t			 seen;		/* body bytes received, kept or not */
	int			 too_big;
	int			 close;		/* answer with Connection: close */
	int			 status;	/* 0 until a response is queued */
	int			 gzip;		/* the client takes gzip */
	struct gunzip		*gunzip;	/* the body is compressed: its decoder */
	const char		*coding;	/* its Content-Encoding, for messages */
	size_t			 sent;		/* bytes of the reply's body, as sent */
	int			 sent_gzip;	/* and whether they were compressed */
	const char		*note;		/* the reply's note for the log line */
	struct timespec		 start;
	char			 token[WIRE_TOKEN_LEN];
	char			 method[16];
	char			 path[96];
	char			 peer[INET6_ADDRSTRLEN];
};

/* Milliseconds of the monotonic clock. */
static uint64_t
http_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* Copy text for a log line: printable ASCII kept, anything else "?", cut to fit. */
static void
http_clean(char *dst, size_t dstlen, const char *src)
{
	size_t i;

	for (i = 0; src[i] != '\0' && i + 1 < dstlen; i++)
		dst[i] = src[i] > 0x20 && src[i] < 0x7f ? src[i] : '?';
	dst[i] = '\0';
	if (src[i] != '\0' && dstlen > 4)
		memcpy(dst + dstlen - 4, "...", 4);
}

/*
 * The client's address as text ("-" when unknown) and, if addr is not
 * NULL, as 16 bytes (IPv4 mapped into IPv6; zeros when unknown).
 */
static void
http_peer(struct MHD_Connection *c, char *out, size_t outlen, unsigned char *addr)
{
	const union MHD_ConnectionInfo *ci;
	const struct sockaddr *sa;

	snprintf(out, outlen, "-");
	if (addr != NULL)
		memset(addr, 0, 16);
	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci == NULL || (sa = ci->client_addr) == NULL)
		return;
	if (sa->sa_family == AF_INET) {
		const struct in_addr *in = &((const struct sockaddr_in *)(const void *)sa)->sin_addr;

		inet_ntop(AF_INET, in, out, (socklen_t)outlen);
		if (addr != NULL) {
			addr[10] = addr[11] = 0xff;
			memcpy(addr + 12, &in->s_addr, 4);
		}
	} else if (sa->sa_family == AF_INET6) {
		const struct in6_addr *in6 =
		    &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;

		inet_ntop(AF_INET6, in6, out, (socklen_t)outlen);
		if (addr != NULL)
			memcpy(addr, in6->s6_addr, 16);
	}
}

/*
 * libmicrohttpd's notice of a connection opened or closed: note it with
 * its socket, and whether it is beyond max_connections or per_address
 * (then it is answered 503); forget it before libmicrohttpd closes it.
 */
static void
http_notify(void *cls, struct MHD_Connection *c, void **socket_context,
    enum MHD_ConnectionNotificationCode toe)
{
	struct http *h = cls;
	struct http_sock *sk = *socket_context, *o;
	const union MHD_ConnectionInfo *ci;
	unsigned same = 0;

	if (toe == MHD_CONNECTION_NOTIFY_CLOSED) {
		if (sk == NULL)
			return;
		pthread_mutex_lock(&h->lock);
		if (sk->prev != NULL)
			sk->prev->next = sk->next;
		else
			h->socks = sk->next;
		if (sk->next != NULL)
			sk->next->prev = sk->prev;
		h->nsocks--;
		pthread_mutex_unlock(&h->lock);
		free(sk);
		*socket_context = NULL;
		return;
	}
	if (toe != MHD_CONNECTION_NOTIFY_STARTED)
		return;
	sk = xcalloc(1, sizeof *sk);
	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
	sk->fd = ci != NULL ? ci->connect_fd : -1;
	http_peer(c, sk->peer, sizeof sk->peer, sk->addr);
	sk->since = http_now_ms();
	sk->phase = HTTP_WAIT_HEAD;
	pthread_mutex_lock(&h->lock);
	if (h->s.per_address > 0)
		for (o = h->socks; o != NULL; o = o->next)
			same += memcmp(o->addr, sk->addr, sizeof sk->addr) == 0;
	sk->over = h->nsocks >= h->s.max_connections ||
	    (h->s.per_address > 0 && same >= h->s.per_address);
	sk->next = h->socks;
	if (h->socks != NULL)
		h->socks->prev = sk;
	h->socks = sk;
	h->nsocks++;
	pthread_mutex_unlock(&h->lock);
	*socket_context = sk;
}

/* The noted connection of c, or NULL. */
static struct http_sock *
http_sock_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c,
	    MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return ci != NULL ? ci->socket_context : NULL;
}

/* Move a connection on to another phase; HTTP_WAIT_HEAD waits from now. */
static void
http_sock_phase(struct http *h, struct http_sock *sk, enum http_phase phase)
{
	if (sk == NULL)
		return;
	pthread_mutex_lock(&h->lock);
	sk->phase = phase;
	if (phase == HTTP_WAIT_HEAD)
		sk->since = http_now_ms();
	pthread_mutex_unlock(&h->lock);
}

/* Whether the watchdog cut a connection off. */
static int
http_sock_cut(struct http *h, struct http_sock *sk)
{
	int cut;

	if (sk == NULL)
		return 0;
	pthread_mutex_lock(&h->lock);
	cut = sk->cut;
	pthread_mutex_unlock(&h->lock);
	return cut;
}

/*
 * The watchdog: shut down the socket of every connection whose request
 * has not come whole in time. libmicrohttpd's close notice takes the lock
 * before it closes a socket, so every fd seen under the lock is still the
 * connection's own.
 */
static void *
http_watchdog(void *arg)
{
	struct http *h = arg;
	struct http_sock *sk;
	struct timespec until;
	char first[INET6_ADDRSTRLEN];
	uint64_t now, limit;
	unsigned n;

	pthread_mutex_lock(&h->lock);
	while (!h->stopping) {
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_nsec += HTTP_WATCH_MS * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		(void)pthread_cond_timedwait(&h->wake, &h->lock, &until);
		if (h->stopping)
			break;
		now = http_now_ms();
		n = 0;
		first[0] = '\0';
		for (sk = h->socks; sk != NULL; sk = sk->next) {
			if (sk->cut || sk->fd < 0 || sk->phase == HTTP_ANSWERING)
				continue;
			if (sk->phase == HTTP_WAIT_BODY)
				limit = (uint64_t)h->s.request_deadline * 1000u;
			else if (sk->over)
				limit = HTTP_OVER_DEADLINE_MS;
			else
				limit = (uint64_t)h->s.header_deadline * 1000u;
			if (now - sk->since < limit)
				continue;
			(void)shutdown(sk->fd, SHUT_RDWR);
			sk->cut = 1;
			if (n++ == 0)
				snprintf(first, sizeof first, "%s", sk->peer);
		}
		if (n > 0) {
			pthread_mutex_unlock(&h->lock);
			log_warn("closed %u connection%s (the first from %s) whose request did not "
			    "come whole in time", n, n == 1 ? "" : "s", first);
			pthread_mutex_lock(&h->lock);
		}
	}
	pthread_mutex_unlock(&h->lock);
	return NULL;
}


/* Skip blanks. */
static const char *
http_ows(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/*
 * Whether an Accept-Encoding value takes gzip: "gzip" (or "x-gzip"), else
 * "*", listed with a q-value above zero (RFC 9110, 12.5.3). The q-value is
 * read digit by digit, without strtod and its locale.
 */
static int
http_takes_gzip(const char *v)
{
	int gzip = -1, star = -1;

	while (v != NULL && *v != '\0') {
		const char *name, *p;
		size_t n;
		int q = 1;

		v = http_ows(v);
		name = v;
		n = strcspn(v, ",; \t");
		p = http_ows(v + n);
		while (*p == ';') {
			p = http_ows(p + 1);
			if ((p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
				p += 2;
				for (q = 0; (*p >= '0' && *p <= '9') || *p == '.'; p++)
					if (*p >= '1' && *p <= '9')
						q = 1;
			}
			p += strcspn(p, ",;");
		}
		if ((n == 4 && strncasecmp(name, "gzip", 4) == 0) ||
		    (n == 6 && strncasecmp(name, "x-gzip", 6) == 0))
			gzip = q;
		else if (n == 1 && name[0] == '*')
			star = q;
		v = strchr(p, ',');
		if (v != NULL)
			v++;
	}
	return gzip >= 0 ? gzip : star > 0;
}

/* Whether a Content-Type is application/json, with at most "; charset=utf-8". */
static int
http_json_type(const char *v)
{
	static const char json[] = "application/json";

	if (v == NULL)
		return 0;
	v = http_ows(v);
	if (strncasecmp(v, json, sizeof json - 1) != 0)
		return 0;
	v = http_ows(v + sizeof json - 1);
	if (*v == '\0')
		return 1;
	if (*v != ';')
		return 0;
	v = http_ows(v + 1);
	if (strncasecmp(v, "charset", 7) != 0)
		return 0;
	v = http_ows(v + 7);
	if (*v++ != '=')
		return 0;
	v = http_ows(v);
	if (strncasecmp(v, "utf-8", 5) == 0)
		v += 5;
	else if (strncasecmp(v, "\"utf-8\"", 7) == 0)
		v += 7;
	else
		return 0;
	return *http_ows(v) == '\0';
}

/*
 * What a request's Content-Encoding asks: 0 nothing ("identity"), 1 a
 * coding the server decodes (gzip, x-gzip, deflate), -1 anything else,
 * several codings among them.
 */
static int
http_coded(const char *v)
{
	size_t n;

	v = http_ows(v);
	n = strcspn(v, " \t,");
	if (*http_ows(v + n) != '\0')
		return -1;
	if (n == 8 && strncasecmp(v, "identity", n) == 0)
		return 0;
	if ((n == 4 && strncasecmp(v, "gzip", n) == 0) ||
	    (n == 6 && strncasecmp(v, "x-gzip", n) == 0) ||
	    (n == 7 && strncasecmp(v, "deflate", n) == 0))
		return 1;
	return -1;
}

/* The bearer token of the Authorization header copied into out; -1 if there is none. */
static int
http_bearer(struct MHD_Connection *c, char *out, size_t outlen)
{
	static const char token68[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789-._~+/";
	const char *v = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_AUTHORIZATION);
	size_t n;

	if (v == NULL || strncasecmp(v, "Bearer", 6) != 0 || (v[6] != ' ' && v[6] != '\t'))
		return -1;
	v = http_ows(v + 6);
	n = strspn(v, token68);
	n += strspn(v + n, "=");
	if (n == 0 || n >= outlen || *http_ows(v + n) != '\0')
		return -1;
	memcpy(out, v, n);
	out[n] = '\0';
	return 0;
}

/* Queue a reply (its body becomes libmicrohttpd's) with the headers its status needs. */
static enum MHD_Result
http_send(struct MHD_Connection *c, struct http_conn *hc, struct http_reply *rp)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;
	char *z;
	size_t zlen;
	int gz = 0;

	if (rp->body == NULL) {
		log_error("%s %s: no reply body for status %d", hc->method, hc->path, rp->status);
		http_reply_error(rp, 500, "internal", "internal server error");
	}
	/*
	 * The fastest level: a pull page of JSON still shrinks several times,
	 * and the default level cost a fifth of the server's CPU on a first
	 * full sync, for a few percent fewer bytes.
	 */
	if (hc->gzip && rp->len > HTTP_GZIP_MIN &&
	    (z = gzip_compress(rp->body, rp->len, GZIP_FAST, &zlen)) != NULL) {
		if (zlen < rp->len) {
			free(rp->body);
			rp->body = z;
			rp->len = zlen;
			gz = 1;
		} else
			free(z);
	}
	resp = MHD_create_response_from_buffer(rp->len, rp->body, MHD_RESPMEM_MUST_FREE);
	if (resp == NULL) {
		free(rp->body);
		rp->body = NULL;
		return MHD_NO;
	}
	rp->body = NULL;
	hc->sent = rp->len;
	hc->sent_gzip = gz;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY, "Accept-Encoding, " WIRE_PAGE_HEADER);
	if (gz)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
	if (rp->status == 405 && hc->route != NULL)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, hc->route->allow);
	if (rp->status == 401)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer");
	if (rp->status == 503)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, HTTP_RETRY_AFTER);
	if (hc->close)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
	ret = MHD_queue_response(c, (unsigned)rp->status, resp);
	MHD_destroy_response(resp);
	hc->status = rp->status;
	hc->note = rp->note;
	return ret;
}

/*
 * What the headers alone decide, in this order: path, method, framing,
 * declared length, media type, token (its presence, then whom it belongs
 * to). 0 to go on and read the body, or -1 with the refusal in rp.
 */
static int
http_check_headers(struct http *h, struct MHD_Connection *c, struct http_conn *hc,
    const char *method, struct http_reply *rp)
{
	const struct http_route *route = hc->route;
	const char *v, *te;
	char *end;
	unsigned long long n;

	if (route == NULL) {
		http_reply_error(rp, 404, "not_found", "no such path");
		return -1;
	}
	if (!http_route_allows(route, method)) {
		http_reply_error(rp, 405, "method_not_allowed", "%s takes %s", route->path,
		    route->allow);
		return -1;
	}
	hc->max_body = route->max_body > 0 && route->max_body < h->s.max_body ? route->max_body :
	    h->s.max_body;
	te = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING);
	v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	/*
	 * libmicrohttpd reads a body of any other coding until the connection
	 * ends, and takes Transfer-Encoding over Content-Length when both come
	 * (a proxy in front may have framed it the other way): neither is read.
	 */
	if (te != NULL && strcasecmp(te, "chunked") != 0) {
		http_reply_error(rp, 400, "bad_request", "Transfer-Encoding must be chunked");
		hc->close = 1;
		return -1;
	}
	if (te != NULL && v != NULL) {
		http_reply_error(rp, 400, "bad_request",
		    "a request has Content-Length or Transfer-Encoding, not both");
		hc->close = 1;
		return -1;
	}
	if (v != NULL) {
		errno = 0;
		n = strtoull(v, &end, 10);
		if (errno != 0 || end == v || n > hc->max_body) {
			http_reply_error(rp, 413, "too_large", "the body is larger than %zu bytes",
			    hc->max_body);
			return -1;
		}
	}
	if (route->flags & HTTP_ROUTE_JSON) {
		v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
		if (!http_json_type(v)) {
			http_reply_error(rp, 415, "unsupported_media_type",
			    "the body must be sent as application/json");
			return -1;
		}
		v = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		    MHD_HTTP_HEADER_CONTENT_ENCODING);
		if (v != NULL && http_coded(v) < 0) {
			char coding[40];

			http_clean(coding, sizeof coding, v);
			http_reply_error(rp, 415, "unsupported_media_type",
			    "Content-Encoding \"%s\" is not one the server decodes (gzip, deflate)",
			    coding);
			return -1;
		}
		if (v != NULL && http_coded(v) == 1) {
			/* Decoded as it comes, into the body, within the route's limit. */
			hc->gunzip = gunzip_new(&hc->body, hc->max_body);
			hc->coding = strncasecmp(http_ows(v), "deflate", 7) == 0 ? "deflate" : "gzip";
		}
	}
	if (route->flags & HTTP_ROUTE_AUTH) {
		if (http_bearer(c, hc->token, sizeof hc->token) != 0) {
			http_reply_error(rp, 401, "unauthorized",
			    "an Authorization: Bearer token is required");
			return -1;
		}
		hc->req.token = hc->token;
		/* A wrong token is refused before a byte of the body is read. */
		if (http_route_auth(&hc->req, rp) != 0)
			return -1;
	}
	return 0;
}

/* Whether a Jobdesk-Page value asks for compact entries: exactly WIRE_PAGE_COMPACT. */
static int
http_page_compact(const char *v)
{
	return v != NULL && strcmp(v, WIRE_PAGE_COMPACT) == 0;
}

/* A new request's state. */
static struct http_conn *
http_conn_new(struct http *h, struct MHD_Connection *c, const char *url, const char *method)
{
	struct http_conn *hc = xcalloc(1, sizeof *hc);

	clock_gettime(CLOCK_MONOTONIC, &hc->start);
	hc->req.http = h;
	buf_init(&hc->body);
	hc->route = http_route_find(url);
	hc->gzip = http_takes_gzip(MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_ACCEPT_ENCODING));
	hc->req.compact = http_page_compact(MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    WIRE_PAGE_HEADER));
	http_clean(hc->method, sizeof hc->method, method);
	http_clean(hc->path, sizeof hc->path, url);
	http_peer(c, hc->peer, sizeof hc->peer, NULL);
	hc->sock = http_sock_of(c);
	return hc;
}

/*
 * libmicrohttpd's access handler: called once with the headers, once per
 * piece of body, and once more when the body is complete.
 */
static enum MHD_Result
http_access(void *cls, struct MHD_Connection *c, const char *url, const char *method,
    const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
	struct http *h = cls;
	struct http_conn *hc = *con_cls;
	struct http_reply rp = { 0, NULL, 0, NULL };
	size_t n;

	(void)version;
	if (hc == NULL) {
		hc = http_conn_new(h, c, url, method);
		*con_cls = hc;
		/* over is set before libmicrohttpd hands the connection to a worker: read as is. */
		if (hc->sock != NULL && hc->sock->over) {
			http_reply_error(&rp, 503, "unavailable", "the server is at its connection "
			    "limit; try again later");
			hc->close = 1;
			http_sock_phase(h, hc->sock, HTTP_ANSWERING);
			return http_send(c, hc, &rp);
		}
		if (http_check_headers(h, c, hc, method, &rp) != 0) {
			http_sock_phase(h, hc->sock, HTTP_ANSWERING);
			return http_send(c, hc, &rp);
		}
		http_sock_phase(h, hc->sock, HTTP_WAIT_BODY);
		return MHD_YES;
	}
	if (*upload_size > 0) {
		n = *upload_size;
		*upload_size = 0;
		if (hc->status != 0)	/* refused already: nothing of it is kept */
			return MHD_YES;
		hc->seen += n;
		if (hc->seen > hc->max_body)
			hc->too_big = 1;
		/* Decoded past the limit: too big; not gzip at all: refused once the body is in. */
		if (!hc->too_big && hc->gunzip != NULL)
			hc->too_big = gunzip_feed(hc->gunzip, upload, n) == GUNZIP_TOO_BIG;
		else if (!hc->too_big)
			buf_add(&hc->body, upload, n);
		if (hc->too_big)
			buf_free(&hc->body);
		/*
		 * A chunked body has no declared length: what is over the limit
		 * is read and dropped so that the client gets its 413 (an answer
		 * cannot be sent before the body is read), but one that goes on
		 * for HTTP_DISCARD_MAX more is cut off.
		 */
		if (hc->too_big && hc->seen > hc->max_body + HTTP_DISCARD_MAX)
			return MHD_NO;
		return MHD_YES;
	}
	if (hc->status != 0)
		return MHD_YES;
	http_sock_phase(h, hc->sock, HTTP_ANSWERING);
	if (hc->too_big) {
		if (hc->seen <= hc->max_body)
			http_reply_error(&rp, 413, "too_large", "the body decodes from %s to more "
			    "than %zu bytes", hc->coding, hc->max_body);
		else
			http_reply_error(&rp, 413, "too_large", "the body is larger than %zu bytes",
			    hc->max_body);
		return http_send(c, hc, &rp);
	}
	if (hc->gunzip != NULL && gunzip_result(hc->gunzip) != GUNZIP_DONE) {
		buf_free(&hc->body);
		if (gunzip_result(hc->gunzip) == GUNZIP_BAD)
			http_reply_error(&rp, 400, "bad_request", "the body is not valid %s data",
			    hc->coding);
		else
			http_reply_error(&rp, 400, "bad_request", "the %s body is cut short",
			    hc->coding);
		return http_send(c, hc, &rp);
	}
	hc->req.body = hc->body.data != NULL ? hc->body.data : "";
	hc->req.len = hc->body.len;
	hc->route->handle(&hc->req, &rp);
	return http_send(c, hc, &rp);
}

/* Why a request ended, for its log line. */
static const char *
http_ending(enum MHD_RequestTerminationCode toe)
{
	switch (toe) {
	case MHD_REQUEST_TERMINATED_COMPLETED_OK:
		return "";
	case MHD_REQUEST_TERMINATED_TIMEOUT_REACHED:
		return " (timed out)";
	case MHD_REQUEST_TERMINATED_DAEMON_SHUTDOWN:
		return " (server stopping)";
	case MHD_REQUEST_TERMINATED_CLIENT_ABORT:
		return " (client went away)";
	case MHD_REQUEST_TERMINATED_READ_ERROR:
		return " (read error)";
	default:
		return " (connection error)";
	}
}

/* libmicrohttpd's completion callback: log the request and free its state. */
static void
http_completed(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct http *h = cls;
	struct http_conn *hc = *con_cls;
	struct timespec now;
	double ms;
	int cut;

	(void)c;
	if (hc == NULL)
		return;
	*con_cls = NULL;
	cut = http_sock_cut(h, hc->sock);
	/* The next request on the connection has its own deadline, from now. */
	http_sock_phase(h, hc->sock, HTTP_WAIT_HEAD);
	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (double)(now.tv_sec - hc->start.tv_sec) * 1e3 +
	    (double)(now.tv_nsec - hc->start.tv_nsec) / 1e6;
	if (hc->status != 0)
		log_info("%s %s %d %.1f ms client %s terminal %s in %zu B%s%s out %zu B%s%s%s%s",
		    hc->method, hc->path, hc->status, ms, hc->peer, hc->req.terminal[0] != '\0' ?
		    hc->req.terminal : "-", hc->seen, hc->coding != NULL ? " " : "",
		    hc->coding != NULL ? hc->coding : "", hc->sent, hc->sent_gzip ? " gzip" : "",
		    hc->note != NULL ? ", " : "", hc->note != NULL ? hc->note : "",
		    http_ending(toe));
	else
		log_info("%s %s - %.1f ms client %s terminal %s in %zu B%s%s%s", hc->method,
		    hc->path, ms, hc->peer, hc->req.terminal[0] != '\0' ? hc->req.terminal : "-",
		    hc->seen, hc->coding != NULL ? " " : "", hc->coding != NULL ? hc->coding : "",
		    hc->too_big ? " (body over the limit, cut off)" :
		    cut ? " (the request did not come whole in time: cut off)" :
		    toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? " (no reply)" : http_ending(toe));
	buf_free(&hc->body);
	gunzip_free(hc->gunzip);
	sodium_memzero(hc->token, sizeof hc->token);
	free(hc);
}

/* libmicrohttpd's messages, into our log as warnings. */
static void __attribute__((format(printf, 2, 0)))
http_mhd_log(void *cls, const char *fmt, va_list ap)
{
	char line[512], clean[512];
	size_t n;

	(void)cls;
	vsnprintf(line, sizeof line, fmt, ap);
	n = strlen(line);
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' '))
		line[--n] = '\0';
	for (n = 0; line[n] != '\0'; n++)
		clean[n] = (unsigned char)line[n] < 0x20 || line[n] == 0x7f ? '?' : line[n];
	clean[n] = '\0';
	log_warn("libmicrohttpd: %s", clean);
}

/* A worker's connection, closed when its thread ends. */
static void
http_pg_free(void *pg)
{
	pg_close(pg);
}

/* The pages built ahead of their pulls. */
struct pull_ahead *
http_req_ahead(struct http_req *req)
{
	return req->http->ahead;
}

/* The calling worker's connection, made on first use. */
struct pg *
http_req_pg(struct http_req *req)
{
	struct http *h = req->http;
	struct pg *pg = pthread_getspecific(h->pg_key);
	char err[512];

	if (pg != NULL)
		return pg;
	if ((pg = pg_connect(&h->s.pg, err, sizeof err)) == NULL) {
		log_error("%s", err);
		return NULL;
	}
	if (pthread_setspecific(h->pg_key, pg) != 0) {
		log_error("cannot keep the database connection of a worker thread");
		pg_close(pg);
		return NULL;
	}
	return pg;
}

/*
 * Read a PEM file whole, NUL-terminated (caller frees; a key is wiped
 * first); NULL with err naming the file when it cannot be used.
 */
static char *
http_read_pem(const char *path, const char *what, int secret, size_t *lenp, char *err,
    size_t errlen)
{
	struct stat st;
	size_t len = 0, size;
	ssize_t r;
	char *p;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		snprintf(err, errlen, "%s: cannot open the TLS %s: %s", path, what,
		    strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
	    st.st_size > HTTP_PEM_MAX) {
		snprintf(err, errlen, "%s: the TLS %s is not a file of 1 to %d bytes", path, what,
		    HTTP_PEM_MAX);
		close(fd);
		return NULL;
	}
	size = (size_t)st.st_size;
	p = xmalloc(size + 1);
	while (len < size && (r = read(fd, p + len, size - len)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			snprintf(err, errlen, "%s: cannot read the TLS %s: %s", path, what,
			    strerror(errno));
			close(fd);
			sodium_memzero(p, size + 1);
			free(p);
			return NULL;
		}
		len += (size_t)r;
	}
	close(fd);
	p[len] = '\0';
	if (strstr(p, "-----BEGIN ") == NULL) {
		snprintf(err, errlen, "%s: the TLS %s is not in PEM format", path, what);
		sodium_memzero(p, size + 1);
		free(p);
		return NULL;
	}
	if (secret && (st.st_mode & S_IROTH))
		log_warn("%s: the TLS %s is readable by every user of the machine", path, what);
	*lenp = size + 1;
	return p;
}

/* Whether an address reaches this machine only. */
static int
http_loopback(const struct http *h)
{
	const unsigned char *b;

	if (h->addr.sa.sa_family == AF_INET)
		return (ntohl(h->addr.in.sin_addr.s_addr) >> 24) == 127;
	b = h->addr.in6.sin6_addr.s6_addr;
	if (IN6_IS_ADDR_LOOPBACK(&h->addr.in6.sin6_addr))
		return 1;
	return IN6_IS_ADDR_V4MAPPED(&h->addr.in6.sin6_addr) && b[12] == 127;
}

/* Fill the listening address and the flags it needs; -1 with err. */
static int
http_address(struct http *h, unsigned *flags, char *err, size_t errlen)
{
	memset(&h->addr, 0, sizeof h->addr);
	if (inet_pton(AF_INET, h->s.listen, &h->addr.in.sin_addr) == 1) {
		h->addr.in.sin_family = AF_INET;
		h->addr.in.sin_port = htons((uint16_t)h->s.port);
		return 0;
	}
	if (inet_pton(AF_INET6, h->s.listen, &h->addr.in6.sin6_addr) == 1) {
		h->addr.in6.sin6_family = AF_INET6;
		h->addr.in6.sin6_port = htons((uint16_t)h->s.port);
		/* "::" is every address, IPv4 ones too; any other IPv6 address is IPv6 only. */
		*flags |= IN6_IS_ADDR_UNSPECIFIED(&h->addr.in6.sin6_addr) ? MHD_USE_DUAL_STACK :
		    MHD_USE_IPv6;
		return 0;
	}
	snprintf(err, errlen, "listen address \"%s\" is not an IPv4 or IPv6 address",
	    h->s.listen);
	return -1;
}

/* Check the settings and read the TLS files; nothing listens yet. */
struct http *
http_new(const struct http_settings *s, char *err, size_t errlen)
{
	struct http *h = xcalloc(1, sizeof *h);
	size_t certlen;

	h->s = *s;
	h->flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG;
	h->tls = s->tls_cert != NULL && *s->tls_cert != '\0';
	if (!h->tls && !s->allow_http) {
		snprintf(err, errlen, "no TLS certificate is set ([server] tls_cert and tls_key); "
		    "plain HTTP needs [server] allow_http = yes");
		goto fail;
	}
	if (h->tls && (s->tls_key == NULL || *s->tls_key == '\0')) {
		snprintf(err, errlen, "[server] tls_cert is set but tls_key is not");
		goto fail;
	}
	if (s->port > 65535 || s->threads < 1 || s->max_body < 1) {
		snprintf(err, errlen, "bad server settings");
		goto fail;
	}
	if (http_address(h, &h->flags, err, errlen) != 0)
		goto fail;
	if (h->tls) {
		if ((h->cert = http_read_pem(s->tls_cert, "certificate", 0, &certlen, err,
		    errlen)) == NULL)
			goto fail;
		if ((h->key = http_read_pem(s->tls_key, "key", 1, &h->keylen, err, errlen)) == NULL)
			goto fail;
		h->flags |= MHD_USE_TLS;
	}
	if (s->header_deadline < 1 || s->request_deadline < s->header_deadline) {
		snprintf(err, errlen, "bad server settings: deadlines");
		goto fail;
	}
	if (pthread_key_create(&h->pg_key, http_pg_free) != 0) {
		snprintf(err, errlen, "cannot create the worker threads' key");
		goto fail;
	}
	h->pg_key_made = 1;
	{
		pthread_condattr_t ca;

		if (pthread_condattr_init(&ca) != 0 ||
		    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC) != 0 ||
		    pthread_cond_init(&h->wake, &ca) != 0) {
			snprintf(err, errlen, "cannot create the watchdog's condition");
			goto fail;
		}
		pthread_condattr_destroy(&ca);
		if (pthread_mutex_init(&h->lock, NULL) != 0) {
			pthread_cond_destroy(&h->wake);
			snprintf(err, errlen, "cannot create the connections' lock");
			goto fail;
		}
		h->sync_made = 1;
	}
	return h;
fail:
	http_stop(h);
	return NULL;
}

/* Start listening and the worker threads. */
int
http_start(struct http *h, char *err, size_t errlen)
{
	const struct http_settings *s = &h->s;
	struct MHD_OptionItem opts[16];
	const union MHD_DaemonInfo *info;
	unsigned over;
	size_t n = 0;

	if (!h->tls && !http_loopback(h))
		log_warn("serving plain HTTP on %s, which is not a loopback address: tokens "
		    "and personal data cross the network unencrypted", s->listen);
	/*
	 * libmicrohttpd's own limits lie above ours, by a reserve: a
	 * connection in the reserve is answered 503 by us (http_notify)
	 * instead of waiting unanswered in the kernel's queue.
	 */
	over = s->max_connections / 4 > HTTP_OVER_MIN ? s->max_connections / 4 : HTTP_OVER_MIN;
	opts[n++] = (struct MHD_OptionItem){ MHD_OPTION_THREAD_POOL_SIZE, s->threads, NULL };
	opts[n++] = (struct MHD_OptionItem){ MHD_OPTION_CONNECTION_LIMIT,
	    (intptr_t)(s->max_connections + over), NULL };
	opts[n++] = (struct MHD_OptionItem){ MHD_OPTION_PER_IP_CONNECTION_LIMIT,
	    s->per_address > 0 ? (intptr_t)(s->per_address + HTTP_OVER_PER_ADDRESS) : 0, NULL };
	opts[n++] = (struct MHD_OptionItem){ MHD_OPTION_CONNECTION_TIMEOUT, s->timeout, NULL };
	opts[n++] = (struct MHD_OptionItem){ MHD_OPTION_CONNECTION_MEMORY_LIMIT,
	    HTTP_MEMORY_LIMIT, NULL };
	opts[n++] = (struct MHD_OptionItem){ MHD_OPTION_SOCK_ADDR, 0, &h->addr.sa };
	if (h->tls) {
		opts[n++] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_MEM_CERT, 0, h->cert };
		opts[n++] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_MEM_KEY, 0, h->key };
		opts[n++] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_PRIORITIES, 0,
		    (void *)(uintptr_t)HTTP_TLS_PRIORITIES };
	}
	opts[n++] = (struct MHD_OptionItem){ MHD_OPTION_END, 0, NULL };

	h->ahead = pull_ahead_new(&s->pg);
	h->daemon = MHD_start_daemon(h->flags, (uint16_t)s->port, NULL, NULL, http_access, h,
	    MHD_OPTION_EXTERNAL_LOGGER, http_mhd_log, NULL,
	    MHD_OPTION_NOTIFY_COMPLETED, http_completed, h,
	    MHD_OPTION_NOTIFY_CONNECTION, http_notify, h,
	    MHD_OPTION_ARRAY, opts,
	    MHD_OPTION_END);
	if (h->daemon == NULL) {
		snprintf(err, errlen, "cannot serve on %s port %u (the reason is logged above)",
		    s->listen, s->port);
		return -1;
	}
	if (pthread_create(&h->watchdog, NULL, http_watchdog, h) != 0) {
		snprintf(err, errlen, "cannot start the connections' watchdog");
		return -1;
	}
	h->watchdog_made = 1;
	info = MHD_get_daemon_info(h->daemon, MHD_DAEMON_INFO_BIND_PORT);
	h->port = info != NULL && info->port != 0 ? info->port : s->port;
	return 0;
}

/* The port listened on. */
unsigned
http_port(const struct http *h)
{
	return h->port;
}

/* Stop the daemon if it runs, and free everything. */
void
http_stop(struct http *h)
{
	if (h == NULL)
		return;
	if (h->watchdog_made) {
		pthread_mutex_lock(&h->lock);
		h->stopping = 1;
		pthread_cond_signal(&h->wake);
		pthread_mutex_unlock(&h->lock);
		pthread_join(h->watchdog, NULL);
	}
	/* Closes every connection and joins the workers: their connections close as they end. */
	if (h->daemon != NULL)
		MHD_stop_daemon(h->daemon);
	pull_ahead_free(h->ahead);
	if (h->sync_made) {
		pthread_mutex_destroy(&h->lock);
		pthread_cond_destroy(&h->wake);
	}
	if (h->pg_key_made)
		pthread_key_delete(h->pg_key);
	if (h->key != NULL)
		sodium_memzero(h->key, h->keylen);
	free(h->key);
	free(h->cert);
	free(h);
}
