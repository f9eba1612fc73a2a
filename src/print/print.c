/* Sending a text to a print command, a file or the terminal's printer. */
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/i18n.h"
#include "common/log.h"
#include "common/xalloc.h"
#include "print/print.h"

extern char **environ;

/* ANSI media copy: the terminal passes what is between them to its printer. */
#define PRINT_MC_ON	"\033[5i"
#define PRINT_MC_OFF	"\033[4i"

/* How much of a command's stderr is kept for the message. */
#define PRINT_STDERR_MAX	512
/* The longest a print command may take, as CUPS takes a job: then it is stopped. */
#define PRINT_COMMAND_SECONDS	30

/* Appends text converted from UTF-8 to GB18030; -1 with err if iconv refuses it. */
static int
print_gb18030(const char *text, size_t len, struct buf *out, char *err, size_t errlen)
{
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	char chunk[4096], *in = (char *)text, *o;
	size_t left = len, room, done = out->len;

	if (cd == (iconv_t)-1) {
		snprintf(err, errlen, _("cannot convert to GB18030: %s"), strerror(errno));
		return -1;
	}
	while (left > 0) {
		o = chunk;
		room = sizeof chunk;
		if (iconv(cd, &in, &left, &o, &room) == (size_t)-1 && errno != E2BIG) {
			if (errno == EILSEQ || errno == EINVAL)
				snprintf(err, errlen, _("cannot convert to GB18030: the text is not "
				    "valid UTF-8 at byte %zu"), (size_t)(in - text));
			else
				snprintf(err, errlen, _("cannot convert to GB18030: %s"),
				    strerror(errno));
			iconv_close(cd);
			/* Nothing of a text half converted goes out. */
			out->len = done;
			if (out->data != NULL)
				out->data[done] = '\0';
			return -1;
		}
		buf_add(out, chunk, sizeof chunk - room);
	}
	iconv_close(cd);
	return 0;
}

/* The bytes for the printer: line ends, then encoding. */
int
print_encode(const struct print_target *t, const char *text, size_t len, struct buf *out,
    char *err, size_t errlen)
{
	struct buf lines = BUF_INIT;
	size_t i;
	int rc = 0;

	if (t->crlf) {
		/* A LF that has its CR already keeps it alone. */
		for (i = 0; i < len; i++) {
			if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r'))
				buf_addc(&lines, '\r');
			buf_addc(&lines, text[i]);
		}
		text = lines.data != NULL ? lines.data : "";
		len = lines.len;
	}
	if (t->encoding == PRINT_GB18030)
		rc = print_gb18030(text, len, out, err, errlen);
	else
		buf_add(out, text, len);
	buf_free(&lines);
	return rc;
}

/* Writes all of len bytes to fd, waiting when it would block; 0 or -1 with errno. */
static int
print_write_all(int fd, const char *p, size_t len)
{
	struct pollfd pfd = { .fd = fd, .events = POLLOUT };
	ssize_t w;

	while (len > 0) {
		if ((w = write(fd, p, len)) < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK) {
				if (poll(&pfd, 1, -1) < 0 && errno != EINTR)
					return -1;
				continue;
			}
			return -1;
		}
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

/*
 * Splits a command line at blanks into a NULL-terminated argv pointing
 * into *copyp; the caller frees argv and *copyp with free().
 */
static char **
print_argv(const char *command, const char *printer, char **copyp)
{
	char *p = *copyp = xstrdup(command), **argv;
	size_t n = 0;

	/* At most one argument per two bytes, then "-d PRINTER" and NULL. */
	argv = xcalloc(strlen(command) / 2 + 4, sizeof *argv);
	for (;;) {
		while (*p == ' ' || *p == '\t')
			*p++ = '\0';
		if (*p == '\0')
			break;
		argv[n++] = p;
		while (*p != '\0' && *p != ' ' && *p != '\t')
			p++;
	}
	if (n > 0 && printer != NULL && *printer != '\0') {
		argv[n++] = (char *)"-d";
		argv[n++] = (char *)printer;
	}
	return argv;
}

/* Milliseconds until deadline (CLOCK_MONOTONIC), 0 once it has passed. */
static int
print_ms_left(const struct timespec *deadline)
{
	struct timespec now;
	long long ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (long long)(deadline->tv_sec - now.tv_sec) * 1000 +
	    (deadline->tv_nsec - now.tv_nsec) / 1000000;
	return ms <= 0 ? 0 : ms > INT_MAX ? INT_MAX : (int)ms;
}

/*
 * Feeds data to the child's stdin (in) while keeping the start of its
 * stderr (errfd) in msg, until it has all the data and stderr ends, or
 * the deadline passes. A
 * command that stops reading early leaves *unread set.
 */
static void
print_feed(int in, int errfd, const char *data, size_t len, struct buf *msg, int *unread,
    const struct timespec *deadline)
{
	struct pollfd pfd[2];
	char chunk[1024];
	size_t off = 0;
	ssize_t r;

	*unread = 0;
	if (len == 0) {
		close(in);
		in = -1;
	}
	while (in >= 0 || errfd >= 0) {
		pfd[0].fd = in;
		pfd[0].events = POLLOUT;
		pfd[1].fd = errfd;
		pfd[1].events = POLLIN;
		if (print_ms_left(deadline) == 0)
			break;
		if (poll(pfd, 2, print_ms_left(deadline)) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (in >= 0 && pfd[0].revents != 0) {
			r = write(in, data + off, len - off);
			if (r > 0)
				off += (size_t)r;
			else if (r < 0 && errno != EINTR && errno != EAGAIN) {
				*unread = 1;
				off = len;
			}
			if (off == len) {
				close(in);
				in = -1;
			}
		}
		if (errfd >= 0 && pfd[1].revents != 0) {
			r = read(errfd, chunk, sizeof chunk);
			if (r > 0 && msg->len < PRINT_STDERR_MAX)
				buf_add(msg, chunk, (size_t)r);
			else if (r == 0 || (r < 0 && errno != EINTR && errno != EAGAIN)) {
				close(errfd);
				errfd = -1;
			}
		}
	}
	if (in >= 0)
		close(in);
	if (errfd >= 0)
		close(errfd);
}


/*
 * Wait for the command, at most until deadline, then kill it: a print
 * command stuck on a printer that does not answer must not hold the
 * window. 0 with its status, 1 killed, -1 with errno.
 */
static int
print_wait(pid_t pid, int *status, const struct timespec *deadline)
{
	pid_t r;

	for (;;) {
		if ((r = waitpid(pid, status, WNOHANG)) == pid)
			return 0;
		if (r < 0 && errno != EINTR)
			return -1;
		if (print_ms_left(deadline) == 0) {
			kill(pid, SIGKILL);
			while (waitpid(pid, status, 0) < 0 && errno == EINTR)
				;
			return 1;
		}
		poll(NULL, 0, 20);
	}
}

/* A pipe whose ends are closed on exec; 0 or -1 with errno. */
static int
print_pipe(int fds[2])
{
	if (pipe(fds) != 0)
		return -1;
	if (fcntl(fds[0], F_SETFD, FD_CLOEXEC) != 0 || fcntl(fds[1], F_SETFD, FD_CLOEXEC) != 0) {
		close(fds[0]);
		close(fds[1]);
		fds[0] = fds[1] = -1;
		return -1;
	}
	return 0;
}

/* Runs the target's command with data on its stdin. */
static int
print_command(const struct print_target *t, const char *data, size_t len, char *err,
    size_t errlen)
{
	posix_spawn_file_actions_t fa;
	struct sigaction ign, old;
	struct buf msg = BUF_INIT;
	char *copy, **argv = print_argv(t->command != NULL ? t->command : "", t->printer, &copy);
	int in[2] = { -1, -1 }, errp[2] = { -1, -1 }, status, rc = -1, spawned, unread, waited;
	struct timespec deadline;
	pid_t pid;
	size_t nl;

	if (argv[0] == NULL) {
		snprintf(err, errlen, _("no print command is set"));
		goto out;
	}
	/* Close-on-exec, so that only the child's copies of the pipes stay open in it. */
	if (print_pipe(in) != 0 || print_pipe(errp) != 0) {
		snprintf(err, errlen, _("cannot run \"%s\": %s"), argv[0], strerror(errno));
		if (in[0] >= 0) {
			close(in[0]);
			close(in[1]);
		}
		goto out;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[0], STDIN_FILENO);
	posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, errp[1], STDERR_FILENO);
	spawned = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(in[0]);
	close(errp[1]);
	if (spawned != 0) {
		close(in[1]);
		close(errp[0]);
		snprintf(err, errlen, _("cannot run \"%s\": %s"), argv[0], strerror(spawned));
		goto out;
	}
	/* A command that exits without reading must not kill us with SIGPIPE. */
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &old);
	fcntl(in[1], F_SETFL, fcntl(in[1], F_GETFL) | O_NONBLOCK);
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += t->timeout > 0 ? t->timeout : PRINT_COMMAND_SECONDS;
	print_feed(in[1], errp[0], data, len, &msg, &unread, &deadline);
	sigaction(SIGPIPE, &old, NULL);
	if ((waited = print_wait(pid, &status, &deadline)) != 0) {
		if (waited > 0)
			snprintf(err, errlen, _("\"%s\" did not finish in %d seconds and was stopped"),
			    argv[0], t->timeout > 0 ? t->timeout : PRINT_COMMAND_SECONDS);
		else
			snprintf(err, errlen, _("\"%s\": cannot wait for it: %s"), argv[0],
			    strerror(errno));
		goto out;
	}
	/* The first line of its complaint is enough for a status line. */
	nl = strcspn(buf_str(&msg), "\r\n");
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && !unread)
		rc = 0;
	else if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		snprintf(err, errlen, _("\"%s\" ended before it read the whole text"), argv[0]);
	else if (WIFEXITED(status) && nl > 0)
		snprintf(err, errlen, _("\"%s\" failed with exit status %d: %.*s"), argv[0],
		    WEXITSTATUS(status), (int)nl, buf_str(&msg));
	else if (WIFEXITED(status))
		snprintf(err, errlen, _("\"%s\" failed with exit status %d"), argv[0],
		    WEXITSTATUS(status));
	else
		snprintf(err, errlen, _("\"%s\" was killed by signal %d"), argv[0],
		    WIFSIGNALED(status) ? WTERMSIG(status) : 0);
out:
	buf_free(&msg);
	free(copy);
	free(argv);
	return rc;
}

/* Appends data and a form feed to the target's file, or leaves it as it was. */
static int
print_file(const struct print_target *t, const char *data, size_t len, char *err,
    size_t errlen)
{
	struct buf page = BUF_INIT;
	struct stat sb;
	int fd, rc = -1;

	if (t->path == NULL || *t->path == '\0') {
		snprintf(err, errlen, _("no file to print to is set"));
		return -1;
	}
	if ((fd = open(t->path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600)) < 0 ||
	    fstat(fd, &sb) != 0) {
		snprintf(err, errlen, _("%s: cannot open: %s"), t->path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	/* One write of the whole page, so that two clerks' letters never interleave. */
	buf_add(&page, data, len);
	buf_addc(&page, '\f');
	if (print_write_all(fd, page.data, page.len) != 0 || fsync(fd) != 0) {
		snprintf(err, errlen, _("%s: cannot write: %s"), t->path, strerror(errno));
		/* Take back the part of a page that went in, so that the next page starts clean. */
		if (S_ISREG(sb.st_mode) && ftruncate(fd, sb.st_size) != 0)
			log_warn("%s: cannot take back a page written in part: %s", t->path,
			    strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (close(fd) != 0 && rc == 0) {
		snprintf(err, errlen, _("%s: cannot write: %s"), t->path, strerror(errno));
		rc = -1;
	}
	buf_free(&page);
	return rc;
}

/* Sends data to the terminal's printer between the media copy sequences. */
static int
print_terminal(const struct print_target *t, const char *data, size_t len, char *err,
    size_t errlen)
{
	struct buf mc = BUF_INIT;
	int rc = 0;

	if (t->tty_fd < 0) {
		snprintf(err, errlen, _("no terminal to print on"));
		return -1;
	}
	/* In one go: a redraw between the pieces would be printed too. */
	buf_adds(&mc, PRINT_MC_ON);
	buf_add(&mc, data, len);
	buf_adds(&mc, PRINT_MC_OFF);
	if (print_write_all(t->tty_fd, mc.data, mc.len) != 0) {
		snprintf(err, errlen, _("cannot print on the terminal: %s"), strerror(errno));
		rc = -1;
	}
	buf_free(&mc);
	return rc;
}

/* Print a text. */
int
print_text(const struct print_target *t, const char *text, size_t len, char *err,
    size_t errlen)
{
	struct buf data = BUF_INIT;
	int rc = -1;

	if (print_encode(t, text, len, &data, err, errlen) != 0)
		goto out;
	switch (t->kind) {
	case PRINT_COMMAND:
		rc = print_command(t, data.data != NULL ? data.data : "", data.len, err, errlen);
		break;
	case PRINT_FILE:
		rc = print_file(t, data.data != NULL ? data.data : "", data.len, err, errlen);
		break;
	case PRINT_TERMINAL:
		rc = print_terminal(t, data.data != NULL ? data.data : "", data.len, err, errlen);
		break;
	}
out:
	buf_free(&data);
	return rc;
}
