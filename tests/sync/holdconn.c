/*
 * Hold connections open to a server, as an attacker (or a broken
 * client) would: idle, or trickling a request head one byte at a time.
 * For the tests of jobdeskd under hostile load.
 *
 *	holdconn [-b ADDR] [-t SECONDS] [-o STATUSFILE] PORT COUNT
 *
 * Opens COUNT connections to 127.0.0.1:PORT (from the local address ADDR
 * when given: any 127.x.y.z reaches the loopback), then keeps them: with
 * -t, each still open connection gets the next byte of a POST request
 * head every SECONDS seconds; without it, nothing is sent. A connection
 * the server ends (or answers: what it says is read and counted, and the
 * connection is dropped here) counts as closed. STATUSFILE is rewritten
 * on every change with "open N closed M answered K", N being the
 * connections established so far. Ends with status 0 once every
 * connection is closed, or when killed.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONN	1024

static const char head[] = "POST /v1/push HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";

static const char *statusfile;
static int nopen, nclosed, nanswered;

/* Rewrite the status file. */
static void
note(void)
{
	char tmp[4096];
	FILE *fp;

	if (statusfile == NULL)
		return;
	snprintf(tmp, sizeof tmp, "%s.tmp", statusfile);
	if ((fp = fopen(tmp, "w")) == NULL)
		return;
	fprintf(fp, "open %d closed %d answered %d\n", nopen, nclosed, nanswered);
	fclose(fp);
	rename(tmp, statusfile);
}

/* Milliseconds of the monotonic clock. */
static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
main(int argc, char **argv)
{
	struct pollfd pfd[MAX_CONN];
	size_t sent[MAX_CONN];
	struct sockaddr_in to, from;
	const char *bind_addr = NULL;
	long trickle = 0, count, port;
	long long next;
	int c, i, n;

	signal(SIGPIPE, SIG_IGN);
	while ((c = getopt(argc, argv, "b:t:o:")) != -1) {
		switch (c) {
		case 'b':
			bind_addr = optarg;
			break;
		case 't':
			trickle = strtol(optarg, NULL, 10);
			break;
		case 'o':
			statusfile = optarg;
			break;
		default:
			goto usage;
		}
	}
	if (argc - optind != 2)
		goto usage;
	port = strtol(argv[optind], NULL, 10);
	count = strtol(argv[optind + 1], NULL, 10);
	if (port < 1 || port > 65535 || count < 1 || count > MAX_CONN || trickle < 0)
		goto usage;
	memset(&to, 0, sizeof to);
	to.sin_family = AF_INET;
	to.sin_port = htons((uint16_t)port);
	to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	memset(&from, 0, sizeof from);
	from.sin_family = AF_INET;
	if (bind_addr != NULL && inet_pton(AF_INET, bind_addr, &from.sin_addr) != 1)
		goto usage;
	n = (int)count;
	for (i = 0; i < n; i++) {
		sent[i] = 0;
		pfd[i].events = POLLIN;
		pfd[i].revents = 0;
		if ((pfd[i].fd = socket(AF_INET, SOCK_STREAM, 0)) < 0) {
			perror("holdconn: socket");
			return 2;
		}
		if (bind_addr != NULL && bind(pfd[i].fd, (struct sockaddr *)&from,
		    sizeof from) != 0) {
			perror("holdconn: bind");
			return 2;
		}
		if (connect(pfd[i].fd, (struct sockaddr *)&to, sizeof to) != 0) {
			/* Refused: as good as closed by the server. */
			close(pfd[i].fd);
			pfd[i].fd = -1;
			nclosed++;
		} else
			nopen++;
		note();
	}
	next = now_ms() + trickle * 1000;
	while (nclosed < n) {
		long long wait = trickle > 0 ? next - now_ms() : 1000;

		if (wait < 0)
			wait = 0;
		if (poll(pfd, (nfds_t)n, (int)wait) < 0 && errno != EINTR) {
			perror("holdconn: poll");
			return 2;
		}
		for (i = 0; i < n; i++) {
			char buf[4096];
			ssize_t r;

			if (pfd[i].fd < 0 || pfd[i].revents == 0)
				continue;
			r = read(pfd[i].fd, buf, sizeof buf);
			if (r > 0)
				nanswered++;
			close(pfd[i].fd);
			pfd[i].fd = -1;
			nclosed++;
			note();
		}
		if (trickle > 0 && now_ms() >= next) {
			for (i = 0; i < n; i++) {
				if (pfd[i].fd < 0 || sent[i] >= sizeof head - 1)
					continue;
				if (write(pfd[i].fd, head + sent[i], 1) == 1)
					sent[i]++;
			}
			next += trickle * 1000;
		}
	}
	return 0;
usage:
	fputs("usage: holdconn [-b ADDR] [-t SECONDS] [-o STATUSFILE] PORT COUNT\n", stderr);
	return 2;
}
