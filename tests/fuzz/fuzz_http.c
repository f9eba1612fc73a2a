/*
 * jobdeskd's HTTP request handling up to the database: the server's HTTP
 * layer (src/server/http.h: libmicrohttpd, the routes, the wire decoders)
 * runs in this process on a loopback port, once, with a database that
 * cannot be reached (a unix socket folder with no server in it), so that a
 * request that gets past the headers and the decoding meets an unavailable
 * database. Each input is written as it is, as raw bytes, to a new
 * connection, which is then half-closed; the answer is read until its
 * first whole response, the server's close, or a short silence (a request
 * cut short, whose rest the server waits for).
 *
 * Properties: what the server answers is an HTTP response, status line
 * first, headers ended, Content-Length a number; a JSON answer is a
 * protocol error that decodes (or /health's own), never a 2xx (there is no
 * database to succeed with), never a 500 (a route that failed to answer),
 * and a 503 says "unavailable"; no answer takes more than HTTP_FUZZ_HANG_MS
 * once started, and every HTTP_FUZZ_PROBE_EVERY inputs GET /health must
 * still get its whole 503 (a server that stopped answering is a hang).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "fuzz.h"
#include "server/http.h"
#include "wire/wire.h"

#define HTTP_FUZZ_MAX_BODY	2048	/* the server's max_body: inputs reach past it */
#define HTTP_FUZZ_ANSWER_MAX	(256 * 1024)
#define HTTP_FUZZ_HANG_MS	10000	/* an answer not whole by then: a hang */
#define HTTP_FUZZ_QUIET_MS	50	/* silence that means the server waits for more */
#define HTTP_FUZZ_PROBE_EVERY	64

static int	http_fuzz_complete(const char *, size_t, int);

static struct http *http_fuzz_server;
static unsigned http_fuzz_port;
static char http_fuzz_conninfo[600];
static unsigned long http_fuzz_count;
static int http_fuzz_show;

static const char http_fuzz_health_down[] =
    "{\"v\":1,\"status\":\"unavailable\",\"database\":\"down\"}";

/* Milliseconds on a monotonic clock. */
static long long
http_fuzz_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Send the n bytes at req on a new connection and half-close it; read the
 * answer until its first whole final response (http_fuzz_complete), the
 * server's close, or HTTP_FUZZ_QUIET_MS without a byte once everything is
 * sent (the server waits for the rest of a request cut short; patient
 * waits up to HTTP_FUZZ_HANG_MS). The answer (caller frees) and its
 * length; *closed whether the server closed or reset the connection.
 * Then a reset: libmicrohttpd does not see the half-close of a connection
 * it has read to the end, and would keep it until its timeout.
 */
static char *
http_fuzz_exchange(const uint8_t *req, size_t n, int head, int patient, size_t *lenp,
    int *closed)
{
	struct sockaddr_in sa;
	struct pollfd pfd;
	struct linger lg = { 1, 0 };
	size_t sent = 0, len = 0, cap = 4096;
	long long deadline, quiet;
	char *ans = malloc(cap);
	ssize_t r;
	int fd, writing = 1, wait;

	if (ans == NULL)
		abort();
	*closed = 0;
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)http_fuzz_port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	FUZZ_CHECK(fd >= 0, "socket: %s", strerror(errno));
	FUZZ_CHECK(connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0,
	    "the server takes no connection: %s", strerror(errno));
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	deadline = http_fuzz_now() + HTTP_FUZZ_HANG_MS;
	quiet = http_fuzz_now() + (patient ? HTTP_FUZZ_HANG_MS : HTTP_FUZZ_QUIET_MS);
	if (n == 0) {
		shutdown(fd, SHUT_WR);
		writing = 0;
	}
	for (;;) {
		long long now = http_fuzz_now();

		FUZZ_CHECK(now < deadline, "no whole answer in %d ms (%zu of %zu bytes sent, %zu "
		    "received)", HTTP_FUZZ_HANG_MS, sent, n, len);
		if (!writing && now >= quiet)
			break;	/* a request cut short: the server waits for the rest */
		wait = (int)((!writing ? quiet : deadline) - now);
		pfd.fd = fd;
		pfd.events = POLLIN | (writing ? POLLOUT : 0);
		if (poll(&pfd, 1, wait) < 0) {
			FUZZ_CHECK(errno == EINTR, "poll: %s", strerror(errno));
			continue;
		}
		if (writing && (pfd.revents & (POLLOUT | POLLERR | POLLHUP))) {
			r = send(fd, req + sent, n - sent, MSG_NOSIGNAL);
			if (r > 0)
				sent += (size_t)r;
			/* The server may answer and close before it has read everything. */
			if ((r < 0 && errno != EAGAIN && errno != EINTR) || sent == n) {
				shutdown(fd, SHUT_WR);
				writing = 0;
				quiet = http_fuzz_now() + (patient ? HTTP_FUZZ_HANG_MS :
				    HTTP_FUZZ_QUIET_MS);
			}
		}
		if (pfd.revents & (POLLIN | POLLERR | POLLHUP)) {
			if (len == cap) {
				FUZZ_CHECK(cap < HTTP_FUZZ_ANSWER_MAX, "an answer of more than %d bytes",
				    HTTP_FUZZ_ANSWER_MAX);
				cap *= 2;
				if ((ans = realloc(ans, cap)) == NULL)
					abort();
			}
			r = recv(fd, ans + len, cap - len, 0);
			if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR)) {
				*closed = 1;	/* closed, or reset after answering part of the bytes */
				break;
			}
			if (r > 0) {
				len += (size_t)r;
				quiet = http_fuzz_now() + (patient ? HTTP_FUZZ_HANG_MS :
				    HTTP_FUZZ_QUIET_MS);
			}
			if (http_fuzz_complete(ans, len, head))
				break;
		}
	}
	/* A reset, so that the server lets the connection go at once. */
	if (!*closed)
		setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
	close(fd);
	*lenp = len;
	return ans;
}

/* The value of header name in the header block at h (CRLF lines), or NULL; copied into out. */
static const char *
http_fuzz_header(const char *h, size_t hlen, const char *name, char *out, size_t outlen)
{
	size_t nlen = strlen(name), i = 0, k;

	while (i < hlen) {
		const char *eol = memchr(h + i, '\n', hlen - i);
		size_t llen = eol != NULL ? (size_t)(eol - (h + i)) : hlen - i;

		if (llen > nlen && strncasecmp(h + i, name, nlen) == 0 && h[i + nlen] == ':') {
			k = i + nlen + 1;
			while (k < i + llen && h[k] == ' ')
				k++;
			llen -= k - i;
			if (llen > 0 && h[k + llen - 1] == '\r')
				llen--;
			if (llen >= outlen)
				llen = outlen - 1;
			memcpy(out, h + k, llen);
			out[llen] = '\0';
			return out;
		}
		i += llen + 1;
	}
	return NULL;
}

/*
 * Check one response at a (len bytes): status line, headers, and a JSON
 * body the protocol can read. *status gets the status; the bytes it took
 * (0 when it is cut short by the end of the answer).
 */
static size_t
http_fuzz_response(const char *a, size_t len, int head, int *status)
{
	const char *end, *body;
	char v[64], *e, word[16];
	size_t hlen, blen, clen = 0;
	struct wire_error we;
	char err[WIRE_REASON_LEN];
	int has_len;

	FUZZ_CHECK(len >= 13 && (memcmp(a, "HTTP/1.1 ", 9) == 0 || memcmp(a, "HTTP/1.0 ", 9) == 0) &&
	    a[9] >= '1' && a[9] <= '5' && a[10] >= '0' && a[10] <= '9' && a[11] >= '0' &&
	    a[11] <= '9' && a[12] == ' ', "an answer that is no HTTP response: \"%.40s\"", a);
	*status = (a[9] - '0') * 100 + (a[10] - '0') * 10 + (a[11] - '0');
	for (end = a; end + 4 <= a + len && memcmp(end, "\r\n\r\n", 4) != 0; end++)
		;
	if (end + 4 > a + len)
		return 0;
	hlen = (size_t)(end - a) + 2;
	body = end + 4;
	blen = len - (size_t)(body - a);
	if (*status < 200)
		return (size_t)(body - a);	/* 100 Continue: the real answer follows */
	has_len = http_fuzz_header(a, hlen, "Content-Length", v, sizeof v) != NULL;
	if (has_len) {
		clen = strtoul(v, &e, 10);
		FUZZ_CHECK(*v != '\0' && *e == '\0', "Content-Length \"%s\"", v);
	}
	if (head || *status == 204 || *status == 304)
		return (size_t)(body - a);
	if (!has_len || blen < clen)
		return 0;
	if (http_fuzz_header(a, hlen, "Content-Type", v, sizeof v) != NULL &&
	    strcmp(v, "application/json") == 0 &&
	    http_fuzz_header(a, hlen, "Content-Encoding", word, sizeof word) == NULL) {
		/* Our own answer: a protocol error, or /health's. */
		FUZZ_CHECK(*status >= 400, "status %d without a database", *status);
		FUZZ_CHECK(*status != 500, "status 500: %.*s", (int)clen, body);
		if (!(clen == sizeof http_fuzz_health_down - 1 &&
		    memcmp(body, http_fuzz_health_down, clen) == 0)) {
			FUZZ_CHECK(wire_error_decode(body, clen, &we, err, sizeof err) == 0,
			    "status %d with a body that is no protocol error (%s): %.*s", *status,
			    err, (int)clen, body);
			FUZZ_CHECK(*status != 503 || strcmp(we.error, "unavailable") == 0,
			    "status 503 says \"%s\"", we.error);
		}
	}
	return (size_t)(body - a) + clen;
}

/*
 * Check the responses of an answer up to the first final one; 1 when that
 * one is whole.
 */
static int
http_fuzz_answer(const char *a, size_t len, int head)
{
	size_t at = 0, took;
	int status;

	while (at < len) {
		took = http_fuzz_response(a + at, len - at, head, &status);
		if (took == 0)
			return 0;
		if (status >= 200)
			return 1;
		at += took;
	}
	return 0;
}

/* Whether the answer so far holds a whole final response (checked as it is). */
static int
http_fuzz_complete(const char *a, size_t len, int head)
{
	return len >= 13 && http_fuzz_answer(a, len, head);
}

/* GET /health gets its 503 from a server without a database. */
static void
http_fuzz_probe(void)
{
	static const char req[] = "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
	size_t len;
	int closed;
	char *a = http_fuzz_exchange((const uint8_t *)req, sizeof req - 1, 0, 1, &len, &closed);

	FUZZ_CHECK(len > 12 && memcmp(a, "HTTP/1.1 503 ", 13) == 0 && http_fuzz_answer(a, len, 0),
	    "GET /health answers \"%.*s\"", len > 40 ? 40 : (int)len, a);
	free(a);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct http_settings s;
	char dir[512], err[1024];

	(void)argc;
	(void)argv;
	fuzz_quiet_log();
	signal(SIGPIPE, SIG_IGN);
	if (sodium_init() < 0)
		abort();
	/* A folder where PostgreSQL's socket would be, and is not. */
	snprintf(dir, sizeof dir, "%s/no-postgres", fuzz_dir());
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		abort();
	snprintf(http_fuzz_conninfo, sizeof http_fuzz_conninfo,
	    "host=%s dbname=jobdesk connect_timeout=2", dir);
	memset(&s, 0, sizeof s);
	s.listen = "127.0.0.1";
	s.port = 0;
	s.threads = 2;
	s.allow_http = 1;
	s.tls_cert = "";
	s.tls_key = "";
	s.max_connections = 64;
	s.per_address = 16;
	s.timeout = 5;
	s.header_deadline = 10;
	s.request_deadline = 60;
	s.max_body = HTTP_FUZZ_MAX_BODY;
	s.pg.conninfo = http_fuzz_conninfo;
	s.pg.statement_timeout_ms = 5000;
	s.pg.max_drift_ms = 300000;
	if ((http_fuzz_server = http_new(&s, err, sizeof err)) == NULL ||
	    http_start(http_fuzz_server, err, sizeof err) != 0) {
		fprintf(stderr, "cannot start the HTTP server: %s\n", err);
		abort();
	}
	http_fuzz_port = http_port(http_fuzz_server);
	http_fuzz_show = getenv("JOBDESK_FUZZ_SHOW") != NULL;
	http_fuzz_probe();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t len;
	int head = size >= 5 && memcmp(data, "HEAD ", 5) == 0, closed;
	char *a;

	a = http_fuzz_exchange(data, size, head, 0, &len, &closed);
	/* To see what the server answers to an input: JOBDESK_FUZZ_SHOW=1 fuzz_http FILE. */
	if (http_fuzz_show)
		fprintf(stderr, "--- %zu bytes answered%s:\n%.*s\n---\n", len,
		    closed ? ", then closed" : "", (int)len, a);
	if (len > 0)
		http_fuzz_answer(a, len, head);
	free(a);
	if (++http_fuzz_count % HTTP_FUZZ_PROBE_EVERY == 0)
		http_fuzz_probe();
	return 0;
}
