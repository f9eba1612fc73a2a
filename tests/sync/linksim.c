/*
 * A poor link for the sync tests: a loopback TCP proxy that carries each
 * connection to a target at a limited rate, with a delay each way, and
 * cuts connections at random points, the way a weak mobile link in a
 * community centre does.
 *
 *	linksim --listen PORT --to HOST:PORT [--rate BITS_PER_S] [--delay MS]
 *	    [--cut-every BYTES] [--seed N] [--down-at BYTES] [--port-file FILE]
 *
 * --listen PORT    the port of 127.0.0.1 to listen on; 0 for any free one
 *                  (then --port-file says which)
 * --to HOST:PORT   where every connection goes
 * --rate B         bits a second each way (full duplex); 0 (default): no limit
 * --delay MS       milliseconds each byte takes to cross, each way, on top
 *                  of the rate (a round trip is twice that)
 * --cut-every N    cut a connection around every N bytes carried (both ways,
 *                  all connections together): each cut falls between half
 *                  and one and a half N after the last, drawn from the
 *                  seed; 0 (default): never
 * --seed N         the seed of those draws (default 1): the same seed cuts
 *                  at the same byte counts, so a failure replays
 * --down-at N      after N bytes carried the link goes down for good: the
 *                  connections are cut and new ones are reset at once (a
 *                  pulled plug)
 * --port-file F    write the port listened on to F once listening (written
 *                  whole, then renamed)
 *
 * A cut delivers exactly up to its byte and resets both sides of the
 * connection (RST), so the client sees its answer or its request end
 * short. What it did goes to stderr, one line each: the start, each
 * connection opened, cut and closed, with the bytes it carried, and the
 * totals so far ("in all U up, D down, C cuts") after each close or cut
 * and when it ends (SIGTERM or SIGINT).
 *
 * One thread, one poll() loop. Each direction queues what it read as
 * segments of at most SEG bytes, each due when the link has sent it at
 * the rate and the delay has passed; a direction reads no more while
 * QUEUE_MAX bytes wait (the sender then waits, as on a real link).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define SEG		1448		/* bytes of one segment: a TCP segment's payload */
#define QUEUE_MAX	(32 * 1024)	/* bytes a direction holds before it stops reading */
#define READ_MAX	16384		/* bytes read at once */
#define MAX_CONNS	256

/* What one direction carries, in order, with the time each segment arrives. */
struct seg {
	struct seg	*next;
	uint64_t	 due;		/* monotonic microseconds */
	size_t		 len, off;
	char		 data[SEG];
};

/* One way of a connection: read from `from`, delivered to `to`. */
struct dir {
	int		 from, to;
	struct seg	*head, *tail;
	size_t		 queued;
	uint64_t	 tx_free;	/* when the link is free to send the next segment */
	int		 eof;		/* `from` said it has no more */
	int		 shut;		/* and `to` was told so */
	uint64_t	 bytes;		/* delivered */
};

struct conn {
	long		 id;
	int		 used;
	int		 pi;		/* its first descriptor in the poll set; -1: not in it */
	struct dir	 up;		/* client to server */
	struct dir	 down;		/* server to client */
};

static struct conn conns[MAX_CONNS];
static long nconn_made;
static uint64_t rate;			/* bits a second; 0: no limit */
static uint64_t delay_us;
static uint64_t cut_every;		/* 0: never */
static uint64_t down_at;		/* 0: never */
static uint64_t carried;		/* bytes delivered, both ways, all connections */
static uint64_t total_up, total_down;
static uint64_t next_cut;		/* UINT64_MAX: none */
static uint64_t rng;
static long ncuts;
static int down;
static volatile sig_atomic_t stopping;

/* Print a message and exit. */
static void __attribute__((format(printf, 1, 2), noreturn))
die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("linksim: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(2);
}

/* One line on stderr. */
static void __attribute__((format(printf, 1, 2)))
say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("linksim: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	fflush(stderr);
}

/* The totals so far, on a line of their own. */
static void
say_totals(void)
{
	say("in all %llu up, %llu down, %ld cuts", (unsigned long long)total_up,
	    (unsigned long long)total_down, ncuts);
}

/* Monotonic microseconds. */
static uint64_t
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/* The next number of the seed's sequence (splitmix64). */
static uint64_t
rng_next(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Draw the byte count of the next cut: half to one and a half cut_every further on. */
static void
draw_cut(void)
{
	if (cut_every == 0) {
		next_cut = UINT64_MAX;
		return;
	}
	next_cut = carried + cut_every / 2 + rng_next() % (cut_every + 1);
	if (next_cut <= carried)
		next_cut = carried + 1;
}

/* A whole number option in [min, max], or die naming it. */
static uint64_t
number(const char *opt, const char *v, uint64_t min, uint64_t max)
{
	unsigned long long n;
	char *end;

	errno = 0;
	n = strtoull(v, &end, 10);
	if (errno != 0 || end == v || *end != '\0' || v[0] == '-' || n < min || n > max)
		die("%s: \"%s\" is not a number from %llu to %llu", opt, v,
		    (unsigned long long)min, (unsigned long long)max);
	return n;
}

/* Make a descriptor non-blocking. */
static void
nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) != 0)
		die("fcntl: %s", strerror(errno));
}

/* Close a socket with a reset rather than a polite end. */
static void
close_rst(int fd)
{
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };

	if (fd < 0)
		return;
	(void)setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
	close(fd);
}

/* Drop what a direction still holds. */
static void
dir_clear(struct dir *d)
{
	struct seg *s, *next;

	for (s = d->head; s != NULL; s = next) {
		next = s->next;
		free(s);
	}
	d->head = d->tail = NULL;
	d->queued = 0;
}

/* End a connection: reset both sides when cut, else close them. */
static void
conn_end(struct conn *c, const char *why, int reset)
{
	if (reset) {
		close_rst(c->up.from);
		close_rst(c->down.from);
	} else {
		close(c->up.from);
		close(c->down.from);
	}
	dir_clear(&c->up);
	dir_clear(&c->down);
	say("#%ld %s: %llu bytes up, %llu down", c->id, why, (unsigned long long)c->up.bytes,
	    (unsigned long long)c->down.bytes);
	say_totals();
	memset(c, 0, sizeof *c);
}

/* The link goes down for good while sending one way: every connection is cut. */
static void
link_down(const char *sending)
{
	int i;

	down = 1;
	say("the link goes down after %llu bytes, %s: connections are cut and new ones reset",
	    (unsigned long long)carried, sending);
	for (i = 0; i < MAX_CONNS; i++)
		if (conns[i].used) {
			ncuts++;
			conn_end(&conns[i], "cut by the link going down", 1);
		}
}

/* Connect to the target; the socket (non-blocking, connected) or -1. */
static int
connect_target(const struct addrinfo *ai)
{
	int fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);

	if (fd < 0)
		return -1;
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
		close(fd);
		return -1;
	}
	nonblock(fd);
	return fd;
}

/* A new client connection: joined to a new connection to the target. */
static void
conn_accept(int lfd, const struct addrinfo *target)
{
	int cfd = accept(lfd, NULL, NULL), sfd, i, on = 1;
	struct conn *c = NULL;

	if (cfd < 0)
		return;
	if (down) {
		close_rst(cfd);
		say("a connection reset: the link is down");
		return;
	}
	for (i = 0; i < MAX_CONNS && c == NULL; i++)
		if (!conns[i].used)
			c = &conns[i];
	if (c == NULL || (sfd = connect_target(target)) < 0) {
		say("a connection refused: %s", c == NULL ? "too many at once" :
		    "the target does not answer");
		close_rst(cfd);
		return;
	}
	nonblock(cfd);
	(void)setsockopt(cfd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
	(void)setsockopt(sfd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
	memset(c, 0, sizeof *c);
	c->used = 1;
	c->id = ++nconn_made;
	c->up.from = cfd;
	c->up.to = sfd;
	c->down.from = sfd;
	c->down.to = cfd;
	say("#%ld open", c->id);
}

/* Queue what was read, segment by segment, each due when the link has carried it. */
static void
dir_queue(struct dir *d, const char *p, size_t n, uint64_t now)
{
	while (n > 0) {
		struct seg *s = calloc(1, sizeof *s);
		uint64_t start;

		if (s == NULL)
			die("out of memory");
		s->len = n < SEG ? n : SEG;
		memcpy(s->data, p, s->len);
		start = d->tx_free > now ? d->tx_free : now;
		d->tx_free = start + (rate > 0 ? (uint64_t)s->len * 8u * 1000000u / rate : 0);
		s->due = d->tx_free + delay_us;
		if (d->tail != NULL)
			d->tail->next = s;
		else
			d->head = s;
		d->tail = s;
		d->queued += s->len;
		p += s->len;
		n -= s->len;
	}
}

/* Read what the sender has, as much as the queue has room for. 0, or -1: the connection is gone. */
static int
dir_read(struct dir *d, uint64_t now)
{
	char buf[READ_MAX];
	size_t room = QUEUE_MAX - d->queued;
	ssize_t n = recv(d->from, buf, room < sizeof buf ? room : sizeof buf, 0);

	if (n < 0)
		return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? 0 : -1;
	if (n == 0) {
		d->eof = 1;
		return 0;
	}
	dir_queue(d, buf, (size_t)n, now);
	return 0;
}

/*
 * Deliver the segments that are due, stopping at a cut. 0, 1 when the
 * connection was cut here, -1 when the receiver is gone.
 */
static int
dir_deliver(struct conn *c, struct dir *d, int is_up, uint64_t now)
{
	while (d->head != NULL && d->head->due <= now) {
		struct seg *s = d->head;
		size_t n = s->len - s->off;
		uint64_t stop = next_cut < (down_at > 0 ? down_at : UINT64_MAX) ? next_cut :
		    (down_at > 0 ? down_at : UINT64_MAX);
		ssize_t w;

		if (stop - carried < n)
			n = (size_t)(stop - carried);
		w = n > 0 ? send(d->to, s->data + s->off, n, MSG_NOSIGNAL) : 0;
		if (w < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? 0 : -1;
		s->off += (size_t)w;
		d->bytes += (uint64_t)w;
		carried += (uint64_t)w;
		if (is_up)
			total_up += (uint64_t)w;
		else
			total_down += (uint64_t)w;
		if (down_at > 0 && carried >= down_at) {
			link_down(is_up ? "sending to the server" : "sending to the client");
			return 1;
		}
		if (carried >= next_cut) {
			ncuts++;
			say("#%ld cut %s after %llu bytes carried in all (cut %ld)", c->id,
			    is_up ? "sending to the server" : "sending to the client",
			    (unsigned long long)carried, ncuts);
			draw_cut();
			conn_end(c, "cut", 1);
			return 1;
		}
		if (s->off < s->len)
			return 0;	/* a short write: the receiver's buffer is full, wait for POLLOUT */
		d->head = s->next;
		if (d->head == NULL)
			d->tail = NULL;
		d->queued -= s->len;
		free(s);
	}
	if (d->eof && d->head == NULL && !d->shut) {
		(void)shutdown(d->to, SHUT_WR);
		d->shut = 1;
	}
	return 0;
}

/* Signals end the loop; the totals are printed on the way out. */
static void
on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

/* Listen on 127.0.0.1:port; the socket, and the port in *portp. */
static int
listen_on(unsigned port, unsigned *portp)
{
	struct sockaddr_in sa;
	socklen_t salen = sizeof sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0), on = 1;

	if (fd < 0)
		die("socket: %s", strerror(errno));
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(fd, 64) != 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &salen) != 0)
		die("cannot listen on 127.0.0.1:%u: %s", port, strerror(errno));
	nonblock(fd);
	*portp = ntohs(sa.sin_port);
	return fd;
}

/* Write the port to path, whole, then renamed, so a waiting test never reads half. */
static void
write_port(const char *path, unsigned port)
{
	char tmp[PATH_MAX];
	FILE *fp;

	if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp", path) >= sizeof tmp)
		die("%s: the path is too long", path);
	if ((fp = fopen(tmp, "w")) == NULL)
		die("%s: %s", tmp, strerror(errno));
	fprintf(fp, "%u\n", port);
	if (fclose(fp) != 0 || rename(tmp, path) != 0)
		die("%s: %s", path, strerror(errno));
}

/* Resolve HOST:PORT. */
static struct addrinfo *
resolve(const char *to)
{
	struct addrinfo hints, *ai = NULL;
	char host[256];
	const char *colon = strrchr(to, ':');
	int rc;

	if (colon == NULL || colon == to || (size_t)(colon - to) >= sizeof host)
		die("--to: \"%s\" is not HOST:PORT", to);
	memcpy(host, to, (size_t)(colon - to));
	host[colon - to] = '\0';
	(void)number("--to", colon + 1, 1, 65535);
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	if ((rc = getaddrinfo(host, colon + 1, &hints, &ai)) != 0)
		die("--to: \"%s\": %s", to, gai_strerror(rc));
	return ai;
}

static const char usage[] = "usage: linksim --listen PORT --to HOST:PORT [--rate BITS_PER_S] "
    "[--delay MS] [--cut-every BYTES] [--seed N] [--down-at BYTES] [--port-file FILE]";

/* Read the options, listen, and carry connections until SIGTERM or SIGINT. */
int
main(int argc, char **argv)
{
	static struct pollfd pfd[1 + 4 * MAX_CONNS];
	struct addrinfo *target;
	struct sigaction sa;
	const char *to = NULL, *portfile = NULL;
	unsigned port = 0, listen_port = 0;
	uint64_t seed = 1;
	int lfd, i, have_listen = 0;

	for (i = 1; i < argc; i++) {
		const char *opt = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (v == NULL)
			die("%s", usage);
		if (strcmp(opt, "--listen") == 0) {
			listen_port = (unsigned)number(opt, v, 0, 65535);
			have_listen = 1;
		} else if (strcmp(opt, "--to") == 0)
			to = v;
		else if (strcmp(opt, "--rate") == 0)
			rate = number(opt, v, 0, UINT64_MAX / 1000000u);
		else if (strcmp(opt, "--delay") == 0)
			delay_us = number(opt, v, 0, 600000) * 1000u;
		else if (strcmp(opt, "--cut-every") == 0)
			cut_every = number(opt, v, 0, UINT64_MAX / 4);
		else if (strcmp(opt, "--seed") == 0)
			seed = number(opt, v, 0, UINT64_MAX);
		else if (strcmp(opt, "--down-at") == 0)
			down_at = number(opt, v, 1, UINT64_MAX / 4);
		else if (strcmp(opt, "--port-file") == 0)
			portfile = v;
		else
			die("%s", usage);
		i++;
	}
	if (!have_listen || to == NULL)
		die("%s", usage);
	target = resolve(to);
	rng = seed;
	draw_cut();
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	lfd = listen_on(listen_port, &port);
	if (portfile != NULL)
		write_port(portfile, port);
	say("listening on 127.0.0.1:%u for %s: %llu bit/s, %llu ms each way, a cut every "
	    "~%llu bytes (seed %llu), down at %llu bytes", port, to, (unsigned long long)rate,
	    (unsigned long long)(delay_us / 1000u), (unsigned long long)cut_every,
	    (unsigned long long)seed, (unsigned long long)down_at);
	while (!stopping) {
		uint64_t now = now_us(), wake = UINT64_MAX;
		int n = 0, timeout, rc;

		pfd[n++] = (struct pollfd){ .fd = lfd, .events = POLLIN };
		for (i = 0; i < MAX_CONNS; i++) {
			struct conn *c = &conns[i];
			struct dir *ds[2] = { &c->up, &c->down };
			int k;

			c->pi = -1;
			if (!c->used)
				continue;
			c->pi = n;
			for (k = 0; k < 2; k++) {
				struct dir *d = ds[k];

				pfd[n++] = (struct pollfd){ .fd = !d->eof && d->queued < QUEUE_MAX ?
				    d->from : -1, .events = POLLIN };
				pfd[n++] = (struct pollfd){ .fd = d->head != NULL &&
				    d->head->due <= now ? d->to : -1, .events = POLLOUT };
				if (d->head != NULL && d->head->due > now && d->head->due < wake)
					wake = d->head->due;
			}
		}
		timeout = wake == UINT64_MAX ? 1000 : (int)((wake - now + 999) / 1000);
		rc = poll(pfd, (nfds_t)n, timeout);
		if (rc < 0 && errno != EINTR)
			die("poll: %s", strerror(errno));
		if (rc < 0)
			continue;
		now = now_us();
		for (i = 0; i < MAX_CONNS; i++) {
			struct conn *c = &conns[i];
			struct dir *ds[2] = { &c->up, &c->down };
			int k;

			/* Read first, then deliver what is due; a connection may end on the way. */
			for (k = 0; k < 2 && c->used && c->pi >= 0; k++)
				if ((pfd[c->pi + 2 * k].revents & (POLLIN | POLLHUP | POLLERR)) != 0 &&
				    dir_read(ds[k], now) != 0)
					conn_end(c, "reset by an end", 1);
			for (k = 0; k < 2 && c->used && c->pi >= 0; k++)
				if (dir_deliver(c, ds[k], k == 0, now) < 0)
					conn_end(c, "reset by an end", 1);
			if (c->used && c->up.shut && c->down.shut)
				conn_end(c, "closed", 0);
		}
		/* Last, so that a new connection is not mistaken for one in the poll set. */
		if (pfd[0].revents & POLLIN)
			conn_accept(lfd, target);
	}
	say("stopping");
	say_totals();
	freeaddrinfo(target);
	return 0;
}
