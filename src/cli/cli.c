/* What every command shares: who it acts as, how it writes a file. */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "app/app.h"
#include "cli/cli.h"
#include "common/i18n.h"
#include "common/passline.h"
#include "common/xalloc.h"
#include "core/account_rules.h"
#include "store/account.h"
#include "store/store.h"

/*
 * Commands act as "cli:" and the Unix user who ran them, for the given
 * office: the colon cannot occur in a clerk's login, so the audit trail
 * tells scripts from clerks.
 */
void
cli_set_actor(struct app *app, const char *office)
{
	struct passwd *pw = getpwuid(getuid());
	char actor[64];

	if (pw != NULL)
		snprintf(actor, sizeof actor, "cli:%s", pw->pw_name);
	else
		snprintf(actor, sizeof actor, "cli:%lu", (unsigned long)getuid());
	store_set_actor(app->store, actor, office);
}

/* Say that the database has no office yet, and how to set one up. */
void
cli_no_office(void)
{
	fprintf(stderr, _("jobdesk: there is no office yet; set it up and its first supervisor "
	    "with \"jobdesk init\", or start jobdesk once without a command\n"));
}

/*
 * Read an account's password from standard input (or ask for it, echo off,
 * on a terminal) into pw: 0, or -1 after a message on stderr.
 */
int
cli_read_password(char *pw, size_t pwlen)
{
	char err[256];

	if (passline_read(STDIN_FILENO, _("Password: "), pw, pwlen, 1, err, sizeof err) != 0) {
		fprintf(stderr, "jobdesk: %s\n", err);
		return -1;
	}
	return 0;
}

/*
 * Read a new password into pw: once from a file or pipe, twice on a
 * terminal, where the two must match. 0, or -1 with err.
 */
int
cli_read_new_password(char *pw, size_t pwlen, char *err, size_t errlen)
{
	char again[CLI_PW_MAX];
	int rc = -1;

	if (passline_read(STDIN_FILENO, _("New password: "), pw, pwlen, 1, err, errlen) != 0)
		return -1;
	if (account_password_ok(pw, err, errlen) != 0)
		goto out;
	if (!isatty(STDIN_FILENO))
		return 0;
	if (passline_read(STDIN_FILENO, _("Same password again: "), again, sizeof again, 1,
	    err, errlen) != 0)
		goto out;
	if (strcmp(pw, again) != 0) {
		snprintf(err, errlen, _("the two passwords differ; nothing was changed"));
		goto out;
	}
	rc = 0;
out:
	sodium_memzero(again, sizeof again);
	if (rc != 0)
		sodium_memzero(pw, pwlen);
	return rc;
}

/*
 * Act as the account login with its password pw: what the command writes
 * is then signed by the account's key, as a clerk's changes at the window
 * are. The login's result: LOGIN_OK, or another after a message on stderr
 * (quiet: none for LOGIN_BAD, which the caller may try again).
 */
enum login_result
cli_log_in(struct app *app, const char *login, const char *pw, int quiet)
{
	struct account a;
	enum login_result r = account_login(app->store, login, pw, &a);

	switch (r) {
	case LOGIN_OK:
		store_set_actor(app->store, a.login, a.office);
		if (!store_actor_signs(app->store))
			fprintf(stderr, _("jobdesk: note: account %s has no signing key from the "
			    "district here; what it writes is not signed\n"), login);
		break;
	case LOGIN_LOCKED:
		fprintf(stderr, _("jobdesk: account %s is locked after too many wrong passwords\n"),
		    login);
		break;
	case LOGIN_DISABLED:
		fprintf(stderr, _("jobdesk: account %s is disabled\n"), login);
		break;
	case LOGIN_ERROR:
		fprintf(stderr, _("jobdesk: cannot check the password: %s\n"),
		    store_errmsg(app->store));
		break;
	case LOGIN_BAD:
		if (!quiet)
			fprintf(stderr, _("jobdesk: wrong login or password\n"));
		break;
	}
	return r;
}

int
cli_write_file(const char *path, cli_writer write, void *ctx)
{
	char *tmp;
	FILE *fp;
	int fd, rc = -1;
	struct stat sb;

	/* The rename would replace a device or a pipe (as root, even /dev/null) with a file. */
	if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		fprintf(stderr, _("jobdesk: %s: not a regular file; name a file, or leave it out "
		    "to write to standard output\n"), path);
		return -1;
	}
	tmp = xasprintf("%s.tmp", path);
	/* Personal data: the owner only; never through a link someone planted. */
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		fprintf(stderr, _("jobdesk: %s: cannot create: %s\n"), tmp, strerror(errno));
		free(tmp);
		return -1;
	}
	if ((fp = fdopen(fd, "w")) == NULL)
		fatal("fdopen");
	if (write(fp, tmp, ctx) != 0) {
		fclose(fp);
		goto fail;
	}
	if (fflush(fp) != 0 || ferror(fp) || fsync(fileno(fp)) != 0) {
		fprintf(stderr, _("jobdesk: %s: cannot write: %s\n"), tmp, strerror(errno));
		fclose(fp);
		goto fail;
	}
	if (fclose(fp) != 0) {
		fprintf(stderr, _("jobdesk: %s: cannot write: %s\n"), tmp, strerror(errno));
		goto fail;
	}
	if (rename(tmp, path) != 0) {
		fprintf(stderr, _("jobdesk: cannot rename %s to %s: %s\n"), tmp, path,
		    strerror(errno));
		goto fail;
	}
	rc = 0;
	goto out;
fail:
	unlink(tmp);
out:
	free(tmp);
	return rc;
}
