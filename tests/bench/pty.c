/* A program on a pseudo-terminal, for the benchmarks (see pty.h). */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/xalloc.h"

#include "benchlib.h"
#include "pty.h"

#define PTY_SETTLE_MS	1	/* a pause with no output after which the child is looked at */

static const char *pty_who = "pty";
static char *child_env[8];

/* Name the caller and make the children's environment under tmp. */
void
pty_setup(const char *who, const char *tmp)
{
	const char *dirs[] = { "home", "config", "data", "state" };
	size_t i;

	pty_who = who;
	for (i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		char *d = xasprintf("%s/%s", tmp, dirs[i]);

		if (mkdir(d, 0700) != 0 && errno != EEXIST)
			fatal("%s: %s", pty_who, d);
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

/* The children's TERM from now on. */
void
pty_term(const char *term)
{
	if (child_env[2] == NULL)
		fatalx("%s: pty_term before pty_setup", pty_who);
	free(child_env[2]);
	child_env[2] = xasprintf("TERM=%s", term);
}

/* pty_setup from TMPDIR JOBDESK DB CONFIG, and the client's command line into argv. */
void
pty_client(const char *who, char *const args[4], char *argv[6])
{
	pty_setup(who, args[0]);
	argv[0] = args[1];
	argv[1] = "--db";
	argv[2] = args[2];
	argv[3] = "--config";
	argv[4] = args[3];
	argv[5] = NULL;
	if (access(argv[0], X_OK) != 0)
		fatal("%s: %s", who, argv[0]);
}

/* Whether word occurs in the len bytes at s. */
int
pty_contains(const char *s, size_t len, const char *word)
{
	size_t wlen = strlen(word), i;

	for (i = 0; i + wlen <= len; i++)
		if (memcmp(s + i, word, wlen) == 0)
			return 1;
	return 0;
}

/* Start argv on a new 80x24 pty with the environment from pty_setup. */
void
pty_start(struct pty *p, char *const argv[])
{
	struct winsize ws = { .ws_row = 24, .ws_col = 80 };

	if (child_env[0] == NULL)
		fatalx("%s: pty_start before pty_setup", pty_who);
	memset(p, 0, sizeof *p);
	p->pid = forkpty(&p->fd, NULL, NULL, &ws);
	if (p->pid < 0)
		fatal("%s: forkpty", pty_who);
	if (p->pid == 0) {
		execve(argv[0], argv, child_env);
		_exit(127);
	}
}

/* Keep the last PTY_TAIL bytes of the output. */
static void
pty_keep(struct pty *p, const char *buf, size_t n)
{
	size_t take = n < PTY_TAIL ? n : PTY_TAIL;

	if (p->tlen + take > PTY_TAIL) {
		memmove(p->tail, p->tail + (p->tlen + take - PTY_TAIL), PTY_TAIL - take);
		p->tlen = PTY_TAIL - take;
	}
	memcpy(p->tail + p->tlen, buf + n - take, take);
	p->tlen += take;
}

/* Read what is there; -1 at the end (EIO once the child has closed the pty). */
ssize_t
pty_read(struct pty *p, char *buf, size_t len, int timeout_ms)
{
	struct pollfd pfd = { .fd = p->fd, .events = POLLIN };
	ssize_t n;

	if (poll(&pfd, 1, timeout_ms) <= 0)
		return 0;
	n = read(p->fd, buf, len);
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	if (n <= 0)
		return -1;
	pty_keep(p, buf, (size_t)n);
	return n;
}

/* Read until word, reject or the end has come, or timeout_ms has gone by. */
enum pty_wait
pty_wait(struct pty *p, const char *word, const char *reject, int timeout_ms)
{
	size_t wlen = word != NULL ? strlen(word) : 0, rlen = reject != NULL ? strlen(reject) : 0;
	size_t carry = (wlen > rlen ? wlen : rlen), slen = 0;
	char buf[4096], *scan = xmalloc(carry + sizeof buf);
	double deadline = now_ms() + timeout_ms;
	enum pty_wait rc;

	/* scan holds the new bytes after the last few of the read before: a word may be split. */
	carry = carry > 0 ? carry - 1 : 0;
	for (;;) {
		double left = deadline - now_ms();
		ssize_t n;

		if (left <= 0) {
			rc = PTY_TIMEOUT;
			break;
		}
		n = pty_read(p, buf, sizeof buf, left < 100 ? (int)left + 1 : 100);
		if (n < 0) {
			rc = PTY_ENDED;
			break;
		}
		if (n == 0)
			continue;
		memcpy(scan + slen, buf, (size_t)n);
		slen += (size_t)n;
		if (reject != NULL && pty_contains(scan, slen, reject)) {
			rc = PTY_REJECTED;
			break;
		}
		if (word != NULL && pty_contains(scan, slen, word)) {
			rc = PTY_FOUND;
			break;
		}
		if (slen > carry) {
			memmove(scan, scan + slen - carry, carry);
			slen = carry;
		}
	}
	free(scan);
	return rc;
}

/* Type len bytes. */
void
pty_type(struct pty *p, const char *s, size_t len)
{
	while (len > 0) {
		ssize_t n = write(p->fd, s, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			fatal("%s: cannot type on the pty", pty_who);
		s += n;
		len -= (size_t)n;
	}
}

/* Type k and read until the child has drawn it and waits for the next key. */
enum pty_key
pty_key(struct pty *p, const char *k, const char *expect, int timeout_ms, char *out,
    size_t outlen, size_t *bytes)
{
	double deadline = now_ms() + timeout_ms;
	size_t len = 0, total = 0;
	char buf[4096];

	pty_type(p, k, strlen(k));
	for (;;) {
		ssize_t n = pty_read(p, buf, sizeof buf, total == 0 ? 10 : PTY_SETTLE_MS);

		if (n == 0 && total > 0 && pty_proc_state(p, NULL) == 'S') {
			/* Anything drawn while we looked belongs to this key too. */
			n = pty_read(p, buf, sizeof buf, 0);
			if (n == 0)
				break;
		}
		if (n < 0) {
			*bytes = total;
			return PTY_KEY_ENDED;
		}
		if (n > 0) {
			size_t take = out == NULL ? 0 : (size_t)n < outlen - len ? (size_t)n :
			    outlen - len;

			if (take > 0)
				memcpy(out + len, buf, take);
			len += take;
			total += (size_t)n;
			continue;
		}
		if (now_ms() > deadline) {
			*bytes = total;
			return total == 0 ? PTY_KEY_SILENT : PTY_KEY_UNSETTLED;
		}
	}
	*bytes = total;
	if (expect != NULL && (out == NULL || !pty_contains(out, len, expect)))
		return PTY_KEY_MISSING;
	return PTY_KEY_DRAWN;
}

/* The child's time on a CPU so far in nanoseconds, from /proc/PID/schedstat. */
unsigned long long
pty_cpu_ns(const struct pty *p)
{
	char path[64];
	unsigned long long ns;
	FILE *fp;

	snprintf(path, sizeof path, "/proc/%ld/schedstat", (long)p->pid);
	if ((fp = fopen(path, "r")) == NULL)
		fatal("%s: cannot read %s", pty_who, path);
	if (fscanf(fp, "%llu", &ns) != 1)
		fatalx("%s: %s does not start with a number", pty_who, path);
	fclose(fp);
	return ns;
}

/* The child's state letter and utime + stime in clock ticks, from /proc/PID/stat. */
char
pty_proc_state(const struct pty *p, unsigned long long *ticks)
{
	char path[64], buf[1024], *s, *end;
	unsigned long long v[12];
	size_t n, i;
	FILE *fp;

	snprintf(path, sizeof path, "/proc/%ld/stat", (long)p->pid);
	if ((fp = fopen(path, "r")) == NULL)
		fatal("%s: cannot read %s", pty_who, path);
	n = fread(buf, 1, sizeof buf - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	/* The command name may hold anything: the fields start after its last ')'. */
	if ((s = strrchr(buf, ')')) == NULL || s[1] != ' ' || s[2] == '\0')
		fatalx("%s: cannot make out %s", pty_who, path);
	s += 2;
	end = s + 1;
	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		/* Fields 4 to 15 of proc(5); the last two are utime and stime. */
		v[i] = strtoull(end, &end, 10);
	}
	if (ticks != NULL)
		*ticks = v[10] + v[11];
	return *s;
}

/* The child's peak resident memory so far in KiB, from VmHWM in /proc/PID/status. */
long
pty_peak_rss_kb(const struct pty *p)
{
	char path[64], line[256];
	long kb = -1;
	FILE *fp;

	snprintf(path, sizeof path, "/proc/%ld/status", (long)p->pid);
	if ((fp = fopen(path, "r")) == NULL)
		fatal("%s: cannot read %s", pty_who, path);
	while (fgets(line, sizeof line, fp) != NULL)
		if (strncmp(line, "VmHWM:", 6) == 0) {
			kb = strtol(line + 6, NULL, 10);
			break;
		}
	fclose(fp);
	if (kb < 0)
		fatalx("%s: %s has no VmHWM", pty_who, path);
	return kb;
}

/* Show the bytes at s on stderr after a label, escapes made visible. */
void
pty_show_bytes(const char *label, const char *s, size_t len)
{
	size_t i;

	fprintf(stderr, "%s: %s", pty_who, label);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == 0x1b)
			fputs("\\e", stderr);
		else if (c < 0x20 || c == 0x7f)
			fprintf(stderr, "\\x%02x", c);
		else
			fputc(c, stderr);
	}
	fputc('\n', stderr);
}

/* Show the last bytes the child wrote, escapes made visible. */
void
pty_show_tail(const struct pty *p)
{
	pty_show_bytes("the last output was: ", p->tail, p->tlen);
}

/* Kill the child, reap it and close the pty. */
void
pty_kill(struct pty *p)
{
	kill(p->pid, SIGKILL);
	waitpid(p->pid, NULL, 0);
	close(p->fd);
	p->fd = -1;
}

/* Give up on the child: the message, its last output, and exit 1. */
void
pty_fail(struct pty *p, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", pty_who);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	pty_show_tail(p);
	pty_kill(p);
	exit(1);
}
