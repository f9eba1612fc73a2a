/*
 * Reading a password line with echo off: see passline.h.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "common/i18n.h"
#include "common/passline.h"

/* The terminal's settings while echo is off, to put back on a signal too. */
static struct termios		passline_tio;
static volatile sig_atomic_t	passline_tio_changed;
static volatile sig_atomic_t	passline_fd;

/* Put the terminal's echo back if it was turned off. */
static void
passline_restore_tty(void)
{
	if (passline_tio_changed) {
		tcsetattr(passline_fd, TCSANOW, &passline_tio);
		passline_tio_changed = 0;
	}
}

/* On a signal while echo is off: put echo back, then die of the signal. */
static void
passline_on_signal(int sig)
{
	passline_restore_tty();
	signal(sig, SIG_DFL);
	raise(sig);
}

/*
 * Read one line from fd into buf without stdio. 1 a line, 0 end of file
 * before any byte, -1 a read error, -2 a line longer than the buffer (read
 * to its end).
 */
static int
passline_read_line(int fd, char *buf, size_t len)
{
	size_t n = 0;
	int toolong = 0;
	char c;

	for (;;) {
		ssize_t r = read(fd, &c, 1);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0) {
			if (n == 0 && !toolong)
				return 0;
			break;
		}
		if (c == '\n')
			break;
		if (n + 1 < len)
			buf[n++] = c;
		else
			toolong = 1;
	}
	if (n > 0 && buf[n - 1] == '\r')
		n--;
	buf[n] = '\0';
	return toolong ? -2 : 1;
}

/* Read a password line, prompted and unechoed on a terminal; see passline.h. */
int
passline_read(int fd, const char *prompt, char *pw, size_t pwlen, int translate, char *err,
    size_t errlen)
{
	static const int sigs[4] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	struct sigaction sa, old[4];
	int tty = isatty(fd), rc, caught = 0;
	size_t i;

	if (tty) {
		fputs(prompt, stderr);
		fflush(stderr);
		if (tcgetattr(fd, &passline_tio) == 0) {
			struct termios t = passline_tio;

			passline_fd = fd;
			memset(&sa, 0, sizeof sa);
			sa.sa_handler = passline_on_signal;
			sigemptyset(&sa.sa_mask);
			for (i = 0; i < 4; i++)
				sigaction(sigs[i], &sa, &old[i]);
			caught = 1;
			t.c_lflag &= ~(tcflag_t)(ECHO | ECHOE | ECHOK);
			/* TCSANOW, not TCSAFLUSH: keep what was typed ahead. */
			if (tcsetattr(fd, TCSANOW, &t) == 0)
				passline_tio_changed = 1;
		}
	}
	rc = passline_read_line(fd, pw, pwlen);
	if (tty) {
		passline_restore_tty();
		if (caught)
			for (i = 0; i < 4; i++)
				sigaction(sigs[i], &old[i], NULL);
		fputc('\n', stderr);
	}
	if (rc == 1)
		return 0;
	/* jobdeskd's administration messages stay in English, the client's are translated. */
	if (rc == 0)
		snprintf(err, errlen, "%s", translate ?
		    _("no password on standard input; give it on one line") :
		    "no password on standard input; give it on one line");
	else if (rc == -2)
		snprintf(err, errlen, translate ? _("the password line is longer than %d bytes") :
		    "the password line is longer than %d bytes", (int)pwlen - 1);
	else
		snprintf(err, errlen, "%s", translate ?
		    _("cannot read the password from standard input") :
		    "cannot read the password from standard input");
	sodium_memzero(pw, pwlen);
	return -1;
}
