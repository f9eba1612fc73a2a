/*
 * What the HTTP transport (http.c) and the protocol's routes
 * (http-routes.c) share. The transport finds the route, checks the method
 * and the headers, reads the body under the size limit and answers; a
 * route decodes the body, authenticates, calls the database side and fills
 * a reply.
 */
#ifndef JOBDESK_SERVER_HTTP_ROUTE_H
#define JOBDESK_SERVER_HTTP_ROUTE_H

#include <stddef.h>

#include "core/ident.h"
#include "server/pg.h"

struct http;
struct pull_ahead;
struct wire_error;

/* A request as a route sees it; everything points into the transport's memory. */
struct http_req {
	struct http		*http;
	const char		*body;		/* not NUL-terminated */
	size_t			 len;
	const char		*token;		/* bearer token (HTTP_ROUTE_AUTH routes), else NULL */
	char			 terminal[IDENT_LEN + 1];	/* for the log line, once known */
	/* HTTP_ROUTE_AUTH routes: the token's terminal and the worker's connection. */
	struct pg		*pg;
	struct pg_terminal	 auth;
	int			 compact;	/* WIRE_PAGE_HEADER asked for compact entries */
};

/*
 * A route's answer: a status and a JSON body the transport frees; and what
 * the request's log line adds (a constant, nothing personal), or NULL.
 */
struct http_reply {
	int		 status;
	char		*body;
	size_t		 len;
	const char	*note;
};

#define HTTP_ROUTE_JSON	0x1	/* a JSON body is required */
#define HTTP_ROUTE_AUTH	0x2	/* Authorization: Bearer is required */

struct http_route {
	const char	*path;
	const char	*method;	/* GET (HEAD too) or POST */
	const char	*allow;		/* the Allow header of a 405 */
	unsigned	 flags;
	size_t		 max_body;	/* bytes; 0: the configured max_body */
	void		(*handle)(struct http_req *, struct http_reply *);
};

/* The route serving path, or NULL. */
const struct http_route	*http_route_find(const char *path);
/* Whether method is one the route takes (a GET route takes HEAD too). */
int			 http_route_allows(const struct http_route *, const char *method);
/*
 * For an HTTP_ROUTE_AUTH route, from the headers alone, before any of the
 * body is read: the worker's connection and the terminal of req->token
 * into req->pg and req->auth; 0, or -1 with the refusal (401, 503...) in
 * the reply.
 */
int			 http_route_auth(struct http_req *, struct http_reply *);

/*
 * The calling worker thread's database connection, made on first use and
 * kept until the daemon stops; NULL (logged) when it cannot be made.
 */
struct pg	*http_req_pg(struct http_req *);
/* The daemon's pull pages built ahead (pull-ahead.h); NULL when it has none. */
struct pull_ahead	*http_req_ahead(struct http_req *);

/* Fill reply with a protocol error: word for programs, a printf message for people. */
void	http_reply_error(struct http_reply *, int status, const char *word, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));

#endif
