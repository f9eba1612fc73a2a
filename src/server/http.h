/*
 * jobdeskd's HTTP side: a libmicrohttpd daemon with a pool of worker
 * threads, each with its own PostgreSQL connection, serving the routes of
 * protocol v1 (jobdesk-sync(7)) under explicit limits. One log line per
 * request: method, path, status, duration, terminal id; never a token or
 * a body.
 */
#ifndef JOBDESK_SERVER_HTTP_H
#define JOBDESK_SERVER_HTTP_H

#include <stddef.h>

#include "server/pg.h"

struct http_settings {
	const char		*listen;	/* IPv4 or IPv6 address */
	unsigned		 port;		/* 0: any free port */
	unsigned		 threads;
	const char		*tls_cert;	/* PEM files; NULL or "" for plain HTTP */
	const char		*tls_key;
	int			 allow_http;	/* plain HTTP is refused without it */
	unsigned		 max_connections;
	unsigned		 per_address;	/* 0: no limit */
	unsigned		 timeout;	/* seconds a connection may stay idle */
	unsigned		 header_deadline;	/* seconds for a request's head */
	unsigned		 request_deadline;	/* seconds for a whole request */
	size_t			 max_body;	/* bytes */
	struct pg_settings	 pg;		/* each worker's connection */
};

struct http;

/*
 * Check the settings and read the TLS files, without listening yet; NULL
 * with err when they cannot be used. The strings of the settings must
 * outlive the daemon. Free with http_stop().
 */
struct http	*http_new(const struct http_settings *, char *err, size_t errlen);
/* Listen and start the worker threads; -1 with err (libmicrohttpd logs the cause). */
int		 http_start(struct http *, char *err, size_t errlen);
/* The port the daemon listens on (the chosen one when the setting was 0). */
unsigned	 http_port(const struct http *);
/*
 * Close every connection, wait for the workers (a request being handled
 * finishes first), close their database connections and free everything.
 */
void		 http_stop(struct http *);

#endif
