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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/xalloc.h"

#include "benchlib.h"
#include "pty.h"

#define WAIT_MS		20000	/* give up on a run after this long */

struct run {
	double	ms;		/* fork to the word, or to exit for /bin/true */
	long	maxrss_kb;
};

static const char *reject = "Office";

/*
 * One run of argv on a fresh pty. With a word, the time is taken when the
 * word has been read and then Ctrl-Q is typed; without one, when the child
 * has exited. 0, or -1 with the reason on stderr.
 */
static int
run_once(char *const argv[], const char *word, struct run *r)
{
	struct rusage ru;
	struct pty p;
	double t0, left;
	int status;

	t0 = now_ms();
	pty_start(&p, argv);
	if (word != NULL) {
		switch (pty_wait(&p, word, reject, WAIT_MS)) {
		case PTY_FOUND:
			break;
		case PTY_REJECTED:
			fprintf(stderr, "startup: %s shows its first-start setup, not the "
			    "login screen: the database has no account\n", argv[0]);
			pty_kill(&p);
			return -1;
		case PTY_ENDED:
			fprintf(stderr, "startup: %s ended before \"%s\" appeared\n", argv[0], word);
			pty_show_tail(&p);
			pty_kill(&p);
			return -1;
		case PTY_TIMEOUT:
			fprintf(stderr, "startup: %s did not show its login screen within %d ms\n",
			    argv[0], WAIT_MS);
			pty_show_tail(&p);
			pty_kill(&p);
			return -1;
		}
		r->ms = now_ms() - t0;
		pty_type(&p, "\x11", 1);
	}
	left = WAIT_MS - (now_ms() - t0);
	if (pty_wait(&p, NULL, NULL, left > 1 ? (int)left : 1) != PTY_ENDED) {
		fprintf(stderr, "startup: %s did not %s within %d ms\n", argv[0],
		    word != NULL ? "quit" : "end", WAIT_MS);
		pty_show_tail(&p);
		pty_kill(&p);
		return -1;
	}
	if (wait4(p.pid, &status, 0, &ru) != p.pid)
		fatal("startup: wait4");
	if (word == NULL)
		r->ms = now_ms() - t0;
	close(p.fd);
	r->maxrss_kb = ru.ru_maxrss;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "startup: %s exited with status %d\n", argv[0],
		    WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
		pty_show_tail(&p);
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
	sort_doubles(ms, n);
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
	pty_client("startup", argv + optind, client_argv);
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
