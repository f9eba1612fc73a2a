/*
 * A TCP proxy for the sync tests that loses what a network loses: it
 * forwards each HTTP request to the server whole, reads the server's whole
 * answer (so the server has done and committed its work), and then, for
 * the requests a rule names, either drops the answer (the client gets
 * nothing but a closed connection) or cuts it after the headers and some
 * bytes of the body. Everything else passes unchanged.
 *
 *	cutproxy [-l LOG] -o PORTFILE TARGET_PORT [PATH ACTION COUNT]...
 *
 * It listens on a free port of 127.0.0.1 and writes the number to
 * PORTFILE once it accepts. ACTION is "drop", "cut" followed by a byte
 * count of the body ("cut:200") or "cut:half", "old", or "pass"; the rule
 * applies to the next COUNT requests whose path is PATH, then passes.
 * "old" plays a server from before compressed requests: a request with a
 * Content-Encoding is read and answered 415 here, as such a server
 * answered it, and never reaches the server (a request without one is not
 * counted and passes). Each request
 * is forwarded with "Connection: close" (an "Expect: 100-continue" is
 * answered here), so the server's answer ends where its connection does.
 * LOG gets one line per request: number, method, path, the server's
 * status, what was done and the bytes sent of the total.
 *
 * One connection at a time: the tests sync one client at a time through it.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_HEAD	65536
#define MAX_RULES	16
#define IO_TIMEOUT_MS	60000

struct rule {
	const char	*path;
	int		 action;	/* ACT_* */
	long		 cut;		/* body bytes to send; -1: half */
	long		 count;		/* requests left */
};

enum { ACT_PASS, ACT_DROP, ACT_CUT, ACT_OLD };

static struct rule rules[MAX_RULES];
static int nrules;
static FILE *logfp;

/* A growing byte buffer. */
struct bytes {
	char	*p;
	size_t	 len, cap;
};

/* Print a message and exit. */
static void
die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("cutproxy: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

/* Append n bytes. */
static void
bytes_add(struct bytes *b, const char *p, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap != 0 ? b->cap : 4096;

		while (cap < b->len + n + 1)
			cap *= 2;
		b->p = realloc(b->p, cap);
		if (b->p == NULL)
			die("out of memory");
		b->cap = cap;
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
}

/* Write all of p; 0 or -1. */
static int
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Wait until fd is readable; 1 ready, 0 timeout, -1 error. */
static int
wait_readable(int fd, int timeout_ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int rc;

	do
		rc = poll(&pfd, 1, timeout_ms);
	while (rc < 0 && errno == EINTR);
	return rc;
}

/* Whether a header line (without CRLF) has this name, in any case. */
static int
header_is(const char *line, size_t len, const char *name)
{
	size_t n = strlen(name);

	return len > n && line[n] == ':' && strncasecmp(line, name, n) == 0;
}

/* The rule for a path, or NULL; uses one of its count. ACT_OLD rules are taken by old_take. */
static struct rule *
rule_take(const char *path)
{
	int i;

	for (i = 0; i < nrules; i++)
		if (rules[i].count > 0 && rules[i].action != ACT_OLD &&
		    strcmp(rules[i].path, path) == 0) {
			rules[i].count--;
			return &rules[i];
		}
	return NULL;
}

/* The "old" rule for a path, if one is left; uses one of its count. */
static struct rule *
old_take(const char *path)
{
	int i;

	for (i = 0; i < nrules; i++)
		if (rules[i].count > 0 && rules[i].action == ACT_OLD &&
		    strcmp(rules[i].path, path) == 0) {
			rules[i].count--;
			return &rules[i];
		}
	return NULL;
}

/*
 * Answer as a server from before compressed requests: read the body
 * (Content-Length bytes, some already in head after headlen) and refuse
 * it with the 415 such a server gave. 0, or -1 when the client went away.
 */
static int
answer_old(int cfd, struct bytes *head, size_t headlen, long length, int expect)
{
	static const char body[] = "{\"v\":1,\"error\":\"unsupported_media_type\","
	    "\"message\":\"the body must be sent without Content-Encoding\"}";
	char buf[65536], resp[512];
	long left = length - (long)(head->len - headlen);
	int n;

	if (expect && write_all(cfd, "HTTP/1.1 100 Continue\r\n\r\n", 25) != 0)
		return -1;
	while (left > 0) {
		ssize_t r;

		if (wait_readable(cfd, IO_TIMEOUT_MS) <= 0)
			return -1;
		r = recv(cfd, buf, sizeof buf, 0);
		if (r <= 0)
			return -1;
		left -= r;
	}
	n = snprintf(resp, sizeof resp, "HTTP/1.1 415 Unsupported Media Type\r\n"
	    "Content-Type: application/json\r\nContent-Length: %zu\r\nConnection: close\r\n"
	    "\r\n%s", sizeof body - 1, body);
	return write_all(cfd, resp, (size_t)n);
}

/* Connect to the server on 127.0.0.1:port; the socket or -1. */
static int
connect_target(int port)
{
	struct sockaddr_in sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0)
		return -1;
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * One client connection: read the request head, forward it rewritten and
 * the body after it, collect the whole answer, then act. Returns when the
 * connection is done.
 */
static void
serve(int cfd, int port, long nreq)
{
	struct bytes head = { 0 }, out = { 0 }, resp = { 0 };
	char buf[65536], method[16] = "", path[512] = "", *end, *line;
	struct rule *r;
	size_t headlen, sent;
	int sfd = -1, status = 0, expect = 0, client_open = 1, coded = 0;
	long length = 0;
	const char *what = "pass";

	/* The request head. */
	while ((end = head.p != NULL ? strstr(head.p, "\r\n\r\n") : NULL) == NULL) {
		ssize_t n;

		if (head.len > MAX_HEAD || wait_readable(cfd, IO_TIMEOUT_MS) <= 0)
			goto out;
		n = recv(cfd, buf, sizeof buf, 0);
		if (n <= 0)
			goto out;
		bytes_add(&head, buf, (size_t)n);
	}
	headlen = (size_t)(end - head.p) + 4;
	if (sscanf(head.p, "%15s %511s", method, path) != 2)
		goto out;
	path[strcspn(path, "?")] = '\0';
	/* Rewrite: no keep-alive, no 100-continue towards the server. */
	for (line = head.p; line < head.p + headlen - 2;) {
		char *eol = strstr(line, "\r\n");
		size_t len = (size_t)(eol - line);

		if (header_is(line, len, "Content-Encoding"))
			coded = 1;
		if (header_is(line, len, "Content-Length"))
			length = strtol(line + 15, NULL, 10);
		if (header_is(line, len, "Expect")) {
			expect = 1;
		} else if (!header_is(line, len, "Connection") &&
		    !header_is(line, len, "Keep-Alive") &&
		    !header_is(line, len, "Proxy-Connection")) {
			bytes_add(&out, line, len + 2);
		}
		line = eol + 2;
	}
	if (coded && old_take(path) != NULL) {
		status = 415;
		what = answer_old(cfd, &head, headlen, length, expect) == 0 ? "old" : "broken";
		if (logfp != NULL) {
			fprintf(logfp, "%ld %s %s %d %s 0/0\n", nreq, method, path, status, what);
			fflush(logfp);
		}
		what = NULL;
		goto out;
	}
	bytes_add(&out, "Connection: close\r\n\r\n", 21);
	bytes_add(&out, head.p + headlen, head.len - headlen);
	if ((sfd = connect_target(port)) < 0) {
		what = "no-server";
		goto out;
	}
	if (write_all(sfd, out.p, out.len) != 0)
		goto out;
	if (expect && write_all(cfd, "HTTP/1.1 100 Continue\r\n\r\n", 25) != 0)
		goto out;
	/* The rest of the body goes on as it comes; the answer is kept until the server closes. */
	for (;;) {
		struct pollfd pfd[2] = {
			{ .fd = sfd, .events = POLLIN },
			{ .fd = client_open ? cfd : -1, .events = POLLIN },
		};
		ssize_t n;
		int rc = poll(pfd, 2, IO_TIMEOUT_MS);

		if (rc < 0 && errno == EINTR)
			continue;
		if (rc <= 0)
			goto out;
		if (pfd[1].revents != 0) {
			n = recv(cfd, buf, sizeof buf, 0);
			if (n <= 0)
				client_open = 0;
			else if (write_all(sfd, buf, (size_t)n) != 0)
				goto out;
		}
		if (pfd[0].revents != 0) {
			n = recv(sfd, buf, sizeof buf, 0);
			if (n <= 0)
				break;
			bytes_add(&resp, buf, (size_t)n);
		}
	}
	if (resp.len > 9)
		status = atoi(resp.p + 9);
	r = rule_take(path);
	if (r == NULL || r->action == ACT_PASS) {
		sent = resp.len;
	} else if (r->action == ACT_DROP) {
		what = "drop";
		sent = 0;
	} else {
		char *body = resp.p != NULL ? strstr(resp.p, "\r\n\r\n") : NULL;
		size_t hl = body != NULL ? (size_t)(body - resp.p) + 4 : resp.len;
		size_t bl = resp.len - hl;
		size_t cut = r->cut < 0 ? bl / 2 : (size_t)r->cut;

		what = "cut";
		sent = hl + (cut < bl ? cut : bl);
	}
	(void)write_all(cfd, resp.p, sent);
	if (logfp != NULL) {
		fprintf(logfp, "%ld %s %s %d %s %zu/%zu\n", nreq, method, path, status, what, sent,
		    resp.len);
		fflush(logfp);
	}
	what = NULL;
out:
	if (what != NULL && logfp != NULL) {
		fprintf(logfp, "%ld %s %s %d %s 0/0\n", nreq, method, path, status,
		    strcmp(what, "pass") == 0 ? "broken" : what);
		fflush(logfp);
	}
	if (sfd >= 0)
		close(sfd);
	free(head.p);
	free(out.p);
	free(resp.p);
}

int
main(int argc, char **argv)
{
	const char *portfile = NULL, *logfile = NULL;
	struct sockaddr_in sa;
	socklen_t salen = sizeof sa;
	long nreq = 0;
	int c, lfd, port, on = 1;
	FILE *fp;

	while ((c = getopt(argc, argv, "l:o:")) != -1) {
		switch (c) {
		case 'l':
			logfile = optarg;
			break;
		case 'o':
			portfile = optarg;
			break;
		default:
			die("usage: cutproxy [-l LOG] -o PORTFILE TARGET_PORT [PATH ACTION COUNT]...");
		}
	}
	if (portfile == NULL || optind >= argc || (argc - optind - 1) % 3 != 0)
		die("usage: cutproxy [-l LOG] -o PORTFILE TARGET_PORT [PATH ACTION COUNT]...");
	port = atoi(argv[optind]);
	if (port <= 0 || port > 65535)
		die("bad port \"%s\"", argv[optind]);
	for (c = optind + 1; c < argc; c += 3) {
		struct rule *r;

		if (nrules == MAX_RULES)
			die("too many rules");
		r = &rules[nrules++];
		r->path = argv[c];
		r->count = atol(argv[c + 2]);
		if (strcmp(argv[c + 1], "pass") == 0)
			r->action = ACT_PASS;
		else if (strcmp(argv[c + 1], "drop") == 0)
			r->action = ACT_DROP;
		else if (strcmp(argv[c + 1], "old") == 0)
			r->action = ACT_OLD;
		else if (strcmp(argv[c + 1], "cut:half") == 0) {
			r->action = ACT_CUT;
			r->cut = -1;
		} else if (strncmp(argv[c + 1], "cut:", 4) == 0) {
			r->action = ACT_CUT;
			r->cut = atol(argv[c + 1] + 4);
		} else
			die("unknown action \"%s\"", argv[c + 1]);
	}
	signal(SIGPIPE, SIG_IGN);
	if (logfile != NULL && (logfp = fopen(logfile, "a")) == NULL)
		die("%s: %s", logfile, strerror(errno));
	if ((lfd = socket(AF_INET, SOCK_STREAM, 0)) < 0)
		die("socket: %s", strerror(errno));
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(lfd, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(lfd, 16) != 0 ||
	    getsockname(lfd, (struct sockaddr *)&sa, &salen) != 0)
		die("cannot listen: %s", strerror(errno));
	/* Written whole and renamed, so that a waiting test never reads half a number. */
	{
		char tmp[4096];

		snprintf(tmp, sizeof tmp, "%s.tmp", portfile);
		if ((fp = fopen(tmp, "w")) == NULL)
			die("%s: %s", tmp, strerror(errno));
		fprintf(fp, "%d\n", ntohs(sa.sin_port));
		if (fclose(fp) != 0 || rename(tmp, portfile) != 0)
			die("%s: %s", portfile, strerror(errno));
	}
	for (;;) {
		int cfd = accept(lfd, NULL, NULL);

		if (cfd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			die("accept: %s", strerror(errno));
		}
		serve(cfd, port, ++nreq);
		close(cfd);
	}
}
