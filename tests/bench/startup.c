/*
 * Benchmark: from starting the client to a complete login screen, and the
 * client's peak memory, measured through a pseudo-terminal.
 *
 *	startup [-n runs] [-w word] [-x word] TMPDIR JOBDESK DB CONFIG
 *
 * Each run forks on a new 80x24 pty, starts JOBDESK --db DB --config
 * CONFIG with a clean environment (LANG=C.UTF-8, TERM=xterm-256color,
 * HOME and the XDG folders under TMPDIR), reads what it draws until the
 * word (-w, default "Password", a label of the login screen) has gone by,
 * and takes the time since the fork. One word is enough: the screen is
 * drawn in one refresh, and curses may move the cursor between words. The
 * first-start setup screen has a "Password" too; its "Office" (-x) makes
 * the run fail instead, as the database then has no account. Then it types Ctrl-Q, reads until the
 * client has gone and takes its peak resident memory from wait4. The
 * same harness runs /bin/true first, as the floor under those figures.
 * Prints figures as "name value unit".
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common/xalloc.h"

#define WAIT_MS		20000	/* give up on a run after this long */
#define TAIL		256	/* bytes of output kept to show when a run fails */

struct run {
	double	ms;		/* fork to the word, or to exit for /bin/true */
	long	maxrss_kb;
};

static char *child_env[8];
static const char *reject = "Office";

/* Milliseconds on the monotonic clock. */
static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Whether word occurs in the len bytes at s. */
static int
contains(const char *s, size_t len, const char *word)
{
	size_t wlen = strlen(word), i;

	for (i = 0; i + wlen <= len; i++)
		if (memcmp(s + i, word, wlen) == 0)
			return 1;
	return 0;
}

/* qsort order of doubles. */
static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of sorted samples. */
static double
percentile(const double *sorted, size_t n, double pct)
{
	size_t rank = (size_t)((pct / 100.0) * (double)n + 0.999999);

	if (rank < 1)
		rank = 1;
	return sorted[(rank > n ? n : rank) - 1];
}

/* The environment of every child: nothing from ours but what we set here. */
static void
env_setup(const char *tmp)
{
	const char *dirs[] = { "home", "config", "data", "state" };
	size_t i;

	for (i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		char *d = xasprintf("%s/%s", tmp, dirs[i]);

		if (mkdir(d, 0700) != 0 && errno != EEXIST)
			fatal("startup: %s", d);
		free(d);
	}
	child_env[0] = xstrdup("PATH=/usr/bin:/bin");
	child_env[1] = xstrdup("LANG=C.UTF-8");
	child_env[2] = xstrdup("TERM=xterm-256color");
	child_env[3] = xasprintf("HOME=%s/home", tmp);
	child_env[4] = xasprintf("XDG_CONFIG_HOME=%s/config", tmp);
	child_env[5] = xasprintf("XDG_DATA_HOME=%s/data", tmp);
	child_env[6] = xasprintf("XDG_STATE_HOME=%s/state", tmp);
	child_env[7] = NULL;
}

/* Read what is there; -1 at the end (EIO once the child has closed the pty). */
static ssize_t
read_some(int fd, char *buf, size_t len, int timeout_ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	ssize_t n;

	if (poll(&pfd, 1, timeout_ms) <= 0)
		return 0;
	n = read(fd, buf, len);
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	return n <= 0 ? -1 : n;
}

/* Show the last bytes the child wrote, escapes made visible. */
static void
show_tail(const char *tail, size_t len)
{
	size_t i;

	fputs("startup: the last output was: ", stderr);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)tail[i];

		if (c == 0x1b)
			fputs("\\e", stderr);
		else if (c < 0x20 || c == 0x7f)
			fprintf(stderr, "\\x%02x", c);
		else
			fputc(c, stderr);
	}
	fputc('\n', stderr);
}

/*
 * One run of argv on a fresh pty. With a word, the time is taken when the
 * word has been read and then Ctrl-Q is typed; without one, when the child
 * has exited. 0, or -1 with the reason on stderr.
 */
static int
run_once(char *const argv[], const char *word, struct run *r)
{
	struct winsize ws = { .ws_row = 24, .ws_col = 80 };
	struct rusage ru;
	char buf[4096], tail[TAIL];
	size_t tlen = 0;
	double t0, deadline;
	int fd, status, found = word == NULL, quit_sent = 0;
	pid_t pid;

	t0 = now_ms();
	pid = forkpty(&fd, NULL, NULL, &ws);
	if (pid < 0)
		fatal("startup: forkpty");
	if (pid == 0) {
		execve(argv[0], argv, child_env);
		_exit(127);
	}
	deadline = t0 + WAIT_MS;
	for (;;) {
		ssize_t n = read_some(fd, buf, sizeof buf, 100);

		if (n < 0)
			break;
		if (n > 0 && !found) {
			/* Search the kept tail and the new bytes together: the word may be split. */
			char *scan = xmalloc(tlen + (size_t)n);
			int setup;

			memcpy(scan, tail, tlen);
			memcpy(scan + tlen, buf, (size_t)n);
			found = contains(scan, tlen + (size_t)n, word);
			setup = contains(scan, tlen + (size_t)n, reject);
			free(scan);
			if (setup) {
				fprintf(stderr, "startup: %s shows its first-start setup, not the "
				    "login screen: the database has no account\n", argv[0]);
				kill(pid, SIGKILL);
				waitpid(pid, NULL, 0);
				close(fd);
				return -1;
			}
			if (found) {
				r->ms = now_ms() - t0;
				if (write(fd, "\x11", 1) != 1)
					fatal("startup: cannot type Ctrl-Q");
				quit_sent = 1;
			}
		}
		if (n > 0) {
			/* Keep the last TAIL bytes for the search above and for errors. */
			size_t take = (size_t)n < TAIL ? (size_t)n : TAIL;

			if (tlen + take > TAIL) {
				memmove(tail, tail + (tlen + take - TAIL), TAIL - take);
				tlen = TAIL - take;
			}
			memcpy(tail + tlen, buf + (size_t)n - take, take);
			tlen += take;
		}
		if (now_ms() > deadline) {
			fprintf(stderr, "startup: %s did not %s within %d ms\n", argv[0],
			    found ? "quit" : "show its login screen", WAIT_MS);
			show_tail(tail, tlen);
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
			close(fd);
			return -1;
		}
	}
	if (wait4(pid, &status, 0, &ru) != pid)
		fatal("startup: wait4");
	if (word == NULL)
		r->ms = now_ms() - t0;
	close(fd);
	r->maxrss_kb = ru.ru_maxrss;
	if (!found || (word != NULL && !quit_sent)) {
		fprintf(stderr, "startup: %s ended before \"%s\" appeared\n", argv[0], word);
		show_tail(tail, tlen);
		return -1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "startup: %s exited with status %d\n", argv[0],
		    WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
		show_tail(tail, tlen);
		return -1;
	}
	return 0;
}

/* Run argv n times; print the median, p90 and the largest peak memory. */
static int
series(const char *name, const char *rss_name, char *const argv[], const char *word, size_t n,
    int p90)
{
	struct run r;
	double *ms = xcalloc(n, sizeof *ms);
	long rss = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		memset(&r, 0, sizeof r);
		if (run_once(argv, word, &r) != 0) {
			free(ms);
			return -1;
		}
		ms[i] = r.ms;
		if (r.maxrss_kb > rss)
			rss = r.maxrss_kb;
	}
	qsort(ms, n, sizeof *ms, cmp_double);
	printf("%s_median %.1f ms\n", name, percentile(ms, n, 50));
	if (p90)
		printf("%s_p90 %.1f ms\n", name, percentile(ms, n, 90));
	printf("%s %.1f MB\n", rss_name, (double)rss / 1024.0);
	free(ms);
	return 0;
}

/* Say how to call the program and exit. */
static void
usage(void)
{
	fprintf(stderr, "usage: startup [-n runs] [-w word] [-x word] TMPDIR JOBDESK DB CONFIG\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	const char *word = "Password";
	char *true_argv[] = { "/bin/true", NULL };
	char *client_argv[6];
	size_t runs = 10;
	int ch;

	while ((ch = getopt(argc, argv, "n:w:x:")) != -1) {
		switch (ch) {
		case 'n': {
			char *end;
			long v = strtol(optarg, &end, 10);

			if (*end != '\0' || v < 1 || v > 1000)
				fatalx("startup: runs \"%s\" is not a number from 1 to 1000", optarg);
			runs = (size_t)v;
			break;
		}
		case 'w':
			word = optarg;
			if (*word == '\0')
				usage();
			break;
		case 'x':
			reject = optarg;
			if (*reject == '\0')
				usage();
			break;
		default:
			usage();
		}
	}
	if (optind + 4 != argc)
		usage();
	env_setup(argv[optind]);
	client_argv[0] = argv[optind + 1];
	client_argv[1] = "--db";
	client_argv[2] = argv[optind + 2];
	client_argv[3] = "--config";
	client_argv[4] = argv[optind + 3];
	client_argv[5] = NULL;
	if (access(client_argv[0], X_OK) != 0)
		fatal("startup: %s", client_argv[0]);
	/* One untimed start so that the program and the database are in the page cache. */
	{
		struct run r;

		if (run_once(client_argv, word, &r) != 0)
			return 1;
	}
	if (series("startup_true", "startup_true_peak_rss_max", true_argv, NULL, runs, 0) != 0 ||
	    series("startup_to_login", "client_peak_rss_max", client_argv, word, runs, 1) != 0)
		return 1;
	return 0;
}
