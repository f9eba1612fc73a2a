/*
 * One HTTP exchange at a time with the district server over libcurl's
 * multi interface: one multi handle and one easy handle for the life of
 * the engine, so connections, DNS and TLS sessions are reused. Private to
 * src/sync.
 */
#ifndef JOBDESK_SYNC_HTTP_H
#define JOBDESK_SYNC_HTTP_H

#include <stddef.h>

#include <curl/curl.h>

#include "common/buf.h"

#define SYNC_HTTP_MAX_BODY	((size_t)64 << 20)	/* a bigger answer is an error */
#define SYNC_HTTP_TIMEOUT_S	300L			/* a whole exchange, at most */
#define SYNC_HTTP_GZIP_MIN	1024			/* smaller request bodies go as they are */

struct sync_options;

/* How an exchange ended. */
struct sync_http_result {
	CURLcode	 code;		/* CURLE_OK: an HTTP answer arrived */
	long		 status;	/* its status, 0 without one */
	long		 retry_after;	/* seconds from Retry-After, 0 when none */
	int		 too_big;	/* the answer passed SYNC_HTTP_MAX_BODY */
	const char	*body;		/* the answer, NUL-terminated; the handle's */
	size_t		 len;
	char		 detail[CURL_ERROR_SIZE];	/* curl's words when code != CURLE_OK */
};

/*
 * What exchanges carried: the bytes of requests and answers, headers and
 * bodies, as they went over the connection (compressed, before TLS), and
 * as many as they would have been uncompressed.
 */
struct sync_http_bytes {
	long long	sent, received;
	long long	sent_plain, received_plain;
};

struct sync_http;

/* A handle with the options of every exchange set; NULL with err. Free with sync_http_free. */
struct sync_http *sync_http_new(const struct sync_options *, char *err, size_t errlen);
void		 sync_http_free(struct sync_http *);
/*
 * Start POST url with body (taken over, freed by the handle) and, unless
 * token is NULL, "Authorization: Bearer token". A body of
 * SYNC_HTTP_GZIP_MIN bytes or more goes compressed with gzip
 * ("Content-Encoding: gzip"), unless sync_http_plain said not to.
 * 0, or -1 with err.
 */
int		 sync_http_post(struct sync_http *, const char *url, const char *token,
		     char *body, size_t len, char *err, size_t errlen);
/*
 * Right after sync_http_post: send the request now rather than at the
 * next sync_http_step. Waits (up to 50 ms) only while a new connection is
 * being made; returns at once on a connection kept open.
 */
void		 sync_http_send_now(struct sync_http *);
/* Abandon the exchange under way, if any; its answer is never reported. */
void		 sync_http_cancel(struct sync_http *);
/* Whether an exchange is under way. */
int		 sync_http_busy(const struct sync_http *);
/*
 * Wait at most timeout_ms (also no longer than curl asks) for the network
 * or fd (-1: none); 1 when fd is readable.
 */
int		 sync_http_wait(struct sync_http *, int fd, long timeout_ms);
/*
 * Move the exchange on without blocking; 1 when it has ended, with *res
 * filled (its body valid until the next sync_http_post, sync_http_cancel
 * or sync_http_done), else 0.
 */
int		 sync_http_step(struct sync_http *, struct sync_http_result *res);
/*
 * Forget the last answer (and its memory when it was big); nothing when
 * the next exchange has already started (its post forgot it).
 */
void		 sync_http_done(struct sync_http *);
/* Run an exchange to its end, blocking; fills *res as sync_http_step. */
void		 sync_http_run(struct sync_http *, struct sync_http_result *res);
/*
 * One blocking request outside a round (a fetch, a relay, a bundle's
 * keys): body (taken over) posted to path on the server at base, with
 * the token, run to its end into *res. The handle, which holds the
 * answer, is the caller's to free; NULL with err if the request could
 * not be made. A connection that failed is in res->code, to describe.
 */
struct sync_http *sync_http_request(const struct sync_options *, const char *base,
		     const char *path, const char *token, char *body, size_t len,
		     struct sync_http_result *res, char *err, size_t errlen);
/* Send request bodies uncompressed from now on: for a server that cannot decode them. */
void		 sync_http_plain(struct sync_http *);
/* Whether the last request started went compressed. */
int		 sync_http_compressed(const struct sync_http *);
/* What every exchange since the handle was made carried, ended or abandoned. */
void		 sync_http_bytes(const struct sync_http *, struct sync_http_bytes *);

#endif
