/*
 * Benchmark: the client's CPU time per keystroke, as the kernel counts it,
 * while keys are typed through a pseudo-terminal.
 *
 *	keys [-k keys] [-l login] [-p password] TMPDIR JOBDESK DB CONFIG
 *
 * Starts JOBDESK --db DB --config CONFIG on an 80x24 pty (pty.h), logs in
 * with the account tests/bench/gen.c makes, and types three series of
 * keys, two keys in turn so that every key changes the screen and the
 * text never fills:
 *
 *	idle_key	Ctrl-G on the main menu: no binding, so a beep and a
 *			redraw of an unchanged screen; the floor under the others
 *	search_key	伟 and Backspace on the seeker search after a 王: each
 *			key searches "王伟" or "王" as the clerk types
 *	form_key	张 and Backspace in the address field of a new seeker
 *			registration
 *
 * Keys go one at a time, as a clerk types: after each, the harness reads
 * until the client has drawn and waits again (output has come, none is
 * pending and the process sleeps), then reads the first field of
 * /proc/PID/schedstat, the nanoseconds the process has spent on a CPU.
 * The kernel brings that count up to date when the process goes to sleep,
 * so the difference from one key to the next is the key's own cost:
 * decoding it, the screen's work (a search, say), the full redraw and the
 * write to the terminal. A few untimed keys go first. utime + stime from
 * /proc/PID/stat are checked against the sum on stderr.
 *
 * Prints figures as "name value unit": the mean and the 99th percentile
 * over the keys of each series, in microseconds.
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

#define START_MS	20000	/* for the login screen, and for a login to be checked */
#define KEY_MS		5000	/* for one key to be drawn */
#define WARMUP		20	/* untimed keys before each series */
#define OUT_MAX		65536	/* output of one key searched for the expected text */

/* One series: keys[0] and keys[1] in turn, on a screen already open. */
struct series {
	const char	*name;
	const char	*keys[2];
	const char	*expect;	/* in what the first key of the series draws */
};

static struct pty child;
static char out[OUT_MAX];

/*
 * Type one key and read until the client has drawn it and waits for the
 * next (pty_key); with expect, that text must be in the output. Returns
 * the bytes of output.
 */
static size_t
key(const char *k, const char *expect, int timeout_ms)
{
	size_t bytes;

	switch (pty_key(&child, k, expect, timeout_ms, out, sizeof out, &bytes)) {
	case PTY_KEY_DRAWN:
		break;
	case PTY_KEY_MISSING:
		pty_fail(&child, "\"%s\" did not show after the key \"%s\"", expect, k);
	case PTY_KEY_ENDED:
		pty_fail(&child, "the client ended after the key \"%s\"", k);
	case PTY_KEY_SILENT:
	case PTY_KEY_UNSETTLED:
		pty_fail(&child, "the client did not %s the key \"%s\" within %d ms",
		    bytes == 0 ? "draw anything after" : "settle after", k, timeout_ms);
	}
	return bytes;
}

/* Type a series of n keys, one at a time; print the mean and p99 of their CPU time. */
static void
series(const struct series *s, size_t n)
{
	double *us = xcalloc(n, sizeof *us), tick_us = 1e6 / (double)sysconf(_SC_CLK_TCK);
	unsigned long long ns0, prev, now, t0, t1;
	size_t i, bytes = 0;

	for (i = 0; i < WARMUP; i++)
		key(s->keys[i % 2], i == 0 ? s->expect : NULL, KEY_MS);
	pty_proc_state(&child, &t0);
	ns0 = prev = pty_cpu_ns(&child);
	for (i = 0; i < n; i++) {
		bytes += key(s->keys[i % 2], NULL, KEY_MS);
		now = pty_cpu_ns(&child);
		us[i] = (double)(now - prev) / 1e3;
		prev = now;
	}
	pty_proc_state(&child, &t1);
	sort_doubles(us, n);
	printf("%s_cpu_mean %.1f us\n", s->name, (double)(prev - ns0) / 1e3 / (double)n);
	printf("%s_cpu_p99 %.1f us\n", s->name, percentile(us, n, 99));
	fflush(stdout);
	fprintf(stderr, "keys: %s: %zu keys, %.1f us each by schedstat, %.1f by utime+stime "
	    "(%.0f us ticks), %.0f bytes of output each\n", s->name, n,
	    (double)(prev - ns0) / 1e3 / (double)n, (double)(t1 - t0) * tick_us / (double)n,
	    tick_us, (double)bytes / (double)n);
	free(us);
}

/* Say how to call the program and exit. */
static void
usage(void)
{
	fprintf(stderr, "usage: keys [-k keys] [-l login] [-p password] TMPDIR JOBDESK DB "
	    "CONFIG\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	static const struct series idle = { "idle_key", { "\x07", "\x07" }, "\a" };
	static const struct series search = { "search_key", { "伟", "\x7f" }, "王伟" };
	static const struct series form = { "form_key", { "张", "\x7f" }, "张" };
	/* The account tests/bench/gen.c adds. */
	const char *login = "bench", *password = "bench-password";
	char *client_argv[6], *creds;
	struct rusage ru;
	size_t n = 2000, i;
	int ch, status;

	while ((ch = getopt(argc, argv, "k:l:p:")) != -1) {
		switch (ch) {
		case 'k': {
			char *end;
			long v = strtol(optarg, &end, 10);

			if (*end != '\0' || v < 2 || v > 100000 || v % 2 != 0)
				fatalx("keys: keys \"%s\" is not an even number from 2 to 100000",
				    optarg);
			n = (size_t)v;
			break;
		}
		case 'l':
			login = optarg;
			break;
		case 'p':
			password = optarg;
			break;
		default:
			usage();
		}
	}
	if (optind + 4 != argc)
		usage();
	pty_client("keys", argv + optind, client_argv);

	pty_start(&child, client_argv);
	switch (pty_wait(&child, "Password", "Office", START_MS)) {
	case PTY_FOUND:
		break;
	case PTY_REJECTED:
		pty_fail(&child, "%s shows its first-start setup: the database has no account",
		    client_argv[0]);
	case PTY_ENDED:
	case PTY_TIMEOUT:
		pty_fail(&child, "%s did not show its login screen", client_argv[0]);
	}
	creds = xasprintf("%s\t%s\r", login, password);
	key(creds, "Job seekers", START_MS);
	free(creds);
	series(&idle, n);

	key("1", "ID number, name or phone", KEY_MS);
	/* Thousands are named 王 in a district: the list is cut, and says so. */
	key("王", "shown of", KEY_MS);
	series(&search, n);

	key("\x7f", NULL, KEY_MS);
	key("\x0e", "register a job seeker", KEY_MS);
	/* ID number, name, phone, household, district, street: then the address. */
	for (i = 0; i < 6; i++)
		key("\t", NULL, KEY_MS);
	key("\033OP", "Street address.", KEY_MS);
	key("\x07", NULL, KEY_MS);
	series(&form, n);

	key("\x11", "Quit jobdesk?", KEY_MS);
	pty_type(&child, "y", 1);
	if (pty_wait(&child, NULL, NULL, KEY_MS) != PTY_ENDED)
		pty_fail(&child, "the client did not quit");
	if (wait4(child.pid, &status, 0, &ru) != child.pid)
		fatal("keys: wait4");
	close(child.fd);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "keys: %s exited with status %d\n", client_argv[0],
		    WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
		return 1;
	}
	/* The whole session: login (Argon2id), searches on the data set, a form. */
	printf("session_peak_rss %.1f MB\n", (double)ru.ru_maxrss / 1024.0);
	return 0;
}
