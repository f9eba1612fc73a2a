/*
 * A program on a pseudo-terminal, for the benchmarks that drive the client
 * as a clerk would (startup.c, keys.c, lowspec.c): started on a new 80x24
 * pty with a clean environment, its output read with poll, waited on for
 * a word, typed to a key at a time with the CPU time it spent on each.
 * Errors that are the harness's own are fatal; what the child does wrong
 * is reported to the caller. Messages start with the name given to
 * pty_setup.
 */
#ifndef JOBDESK_BENCH_PTY_H
#define JOBDESK_BENCH_PTY_H

#include <sys/types.h>

#define PTY_TAIL	256	/* bytes of output kept to show when a run fails */

/* One child; the caller reaps pid (wait4) and closes fd, or calls pty_kill. */
struct pty {
	pid_t	 pid;
	int	 fd;		/* the master side */
	char	 tail[PTY_TAIL];	/* the last bytes read, for pty_show_tail */
	size_t	 tlen;
};

/* What pty_wait saw. */
enum pty_wait {
	PTY_FOUND,		/* the word went by */
	PTY_REJECTED,		/* the word to reject went by (first, or in the same read) */
	PTY_ENDED,		/* the child closed the pty */
	PTY_TIMEOUT,
};

/*
 * Name the caller for messages and make the children's environment:
 * PATH, LANG=C.UTF-8, TERM=xterm-256color, and HOME and the XDG folders
 * made under tmp. Call once before pty_start.
 */
void		pty_setup(const char *who, const char *tmp);

/* The children's TERM from now on (pty_setup makes it xterm-256color). */
void		pty_term(const char *term);

/*
 * From the arguments TMPDIR JOBDESK DB CONFIG: pty_setup(who, TMPDIR), and
 * "JOBDESK --db DB --config CONFIG" into argv; fatal if JOBDESK cannot run.
 */
void		pty_client(const char *who, char *const args[4], char *argv[6]);

/* Whether word occurs in the len bytes at s. */
int		pty_contains(const char *s, size_t len, const char *word);

/* Start argv (a path, not searched for) on a new 80x24 pty. */
void		pty_start(struct pty *, char *const argv[]);

/*
 * Read what the child wrote within timeout_ms into buf and keep its tail:
 * the bytes read, 0 if none came, -1 once the child has closed the pty.
 */
ssize_t		pty_read(struct pty *, char *buf, size_t len, int timeout_ms);

/*
 * Read until word has gone by (only output read from now on counts), or
 * reject, or the end; with word and reject NULL, until the end.
 */
enum pty_wait	pty_wait(struct pty *, const char *word, const char *reject, int timeout_ms);

/* Type len bytes; fatal if the pty will not take them. */
void		pty_type(struct pty *, const char *s, size_t len);

/* What pty_key saw. */
enum pty_key {
	PTY_KEY_DRAWN,		/* output came, then the child waited for the next key */
	PTY_KEY_MISSING,	/* drawn, but without the text expected */
	PTY_KEY_ENDED,		/* the child closed the pty */
	PTY_KEY_SILENT,		/* nothing came within the time */
	PTY_KEY_UNSETTLED,	/* output came but did not stop within the time */
};

/*
 * Type the key k (its bytes) and read until the child has drawn it and
 * waits for the next: output has come, no more comes for a millisecond
 * and the process sleeps. The pty hands keys over asynchronously, so a
 * sleeping child that has drawn nothing yet may not have seen the key.
 * With expect, that text must be in the output. The first outlen bytes
 * of the output go to out (may be NULL) and *bytes says how many there
 * were in all.
 */
enum pty_key	pty_key(struct pty *, const char *k, const char *expect, int timeout_ms,
		    char *out, size_t outlen, size_t *bytes);

/* The child's time on a CPU so far in nanoseconds (/proc/PID/schedstat); fatal if unreadable. */
unsigned long long pty_cpu_ns(const struct pty *);

/*
 * The child's state letter (R, S...) from /proc/PID/stat and, when ticks
 * is not NULL, its utime + stime in clock ticks; fatal if unreadable.
 */
char		pty_proc_state(const struct pty *, unsigned long long *ticks);

/* The child's peak resident memory so far in KiB (VmHWM); fatal if unreadable. */
long		pty_peak_rss_kb(const struct pty *);

/* Show the bytes at s on stderr after a label, escapes made visible. */
void		pty_show_bytes(const char *label, const char *s, size_t len);

/* Show the last bytes the child wrote on stderr, escapes made visible. */
void		pty_show_tail(const struct pty *);

/* Kill the child, reap it and close the pty. */
void		pty_kill(struct pty *);

/*
 * Say what went wrong (after the caller's name, as pty_setup gave it),
 * show the child's last output, kill it and exit 1.
 */
void		pty_fail(struct pty *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3), noreturn));

#endif
