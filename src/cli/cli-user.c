/*
 * The "user" command: clerk accounts from the command line, for an
 * administrator setting up or repairing a terminal. Passwords come only
 * from standard input, never from the command line, where ps(1) and the
 * shell history would show them: one line, and on a terminal a prompt on
 * stderr with echo off, asked twice where a new password is set.
 *
 * Changes are audited as "cli:" and the invoking Unix user, acting for the
 * terminal's office: a Unix name says who ran the command, and the ":"
 * (never in a clerk's login) keeps it apart from clerk accounts. The
 * command acts as the administrator of the machine, so the account rules
 * (core/account_rules.h) that bind administrators bind it too.
 */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "app/app.h"
#include "cli/cli.h"
#include "common/i18n.h"
#include "common/log.h"
#include "common/passline.h"
#include "common/wtext.h"
#include "common/xalloc.h"
#include "core/check.h"
#include "store/account.h"
#include "store/codes.h"
#include "store/store.h"

/* Print the command's usage on stderr; the exit status for a usage error. */
static int
cli_user_usage(void)
{
	fprintf(stderr, _("usage: jobdesk user add LOGIN NAME ROLE [--office CODE] [--cert NO]\n"
	    "                     [--cert-until YYYY-MM-DD] [--grade CODE]\n"
	    "       jobdesk user list\n"
	    "       jobdesk user disable|enable|passwd|unlock LOGIN\n"
	    "Passwords are read from standard input.\n"));
	return 2;
}

/* Act for the office as the administrator of the machine; the result points into the store. */
static struct account_actor
cli_user_actor(struct app *app, const char *office)
{
	struct account_actor who;

	cli_set_actor(app, office);
	who.login = store_actor(app->store);
	who.role = "administrator";
	return who;
}

/* Copy an argument into a fixed field, refusing one that does not fit. */
static int
cli_user_copy(char *dst, size_t dstlen, const char *what, const char *src)
{
	if (strlen(src) >= dstlen) {
		fprintf(stderr, _("jobdesk: %s \"%s\" is too long: at most %zu bytes\n"), what,
		    src, dstlen - 1);
		return -1;
	}
	snprintf(dst, dstlen, "%s", src);
	return 0;
}

/* user add LOGIN NAME ROLE [options]. */
static int
cli_user_add(struct app *app, int argc, char **argv)
{
	struct account a;
	struct account_actor who;
	const char *pos[3], *office = NULL, *cert = "", *until = "", *grade = "";
	char here[32], err[400], pw[CLI_PW_MAX], code[32], gcode[32];
	int i, npos = 0, rc = 1;

	for (i = 1; i < argc; i++) {
		const char **opt = NULL;

		if (strcmp(argv[i], "--office") == 0)
			opt = &office;
		else if (strcmp(argv[i], "--cert") == 0)
			opt = &cert;
		else if (strcmp(argv[i], "--cert-until") == 0)
			opt = &until;
		else if (strcmp(argv[i], "--grade") == 0)
			opt = &grade;
		else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			fprintf(stderr, _("jobdesk: unknown option \"%s\" of user add\n"), argv[i]);
			return cli_user_usage();
		} else if (npos == 3) {
			fprintf(stderr, _("jobdesk: user add takes LOGIN NAME ROLE; passwords are "
			    "read from standard input, never from the command line\n"));
			return cli_user_usage();
		} else {
			pos[npos++] = argv[i];
			continue;
		}
		if (i + 1 >= argc) {
			fprintf(stderr, _("jobdesk: option \"%s\" needs a value\n"), argv[i]);
			return cli_user_usage();
		}
		*opt = argv[++i];
	}
	if (npos != 3)
		return cli_user_usage();

	/* A role or a grade may be given by its name (主管, 职业指导师): the code is kept. */
	if (account_role_ok(pos[2], err, sizeof err) != 0 &&
	    codes_resolve(app->store, "role", pos[2], code, sizeof code) == 1)
		pos[2] = code;
	if (*grade != '\0' && codes_valid(app->store, "guidance_grade", grade) != 1 &&
	    codes_resolve(app->store, "guidance_grade", grade, gcode, sizeof gcode) == 1)
		grade = gcode;
	memset(&a, 0, sizeof a);
	if (cli_user_copy(a.login, sizeof a.login, _("login"), pos[0]) != 0 ||
	    cli_user_copy(a.name, sizeof a.name, _("name"), pos[1]) != 0 ||
	    cli_user_copy(a.role, sizeof a.role, _("role"), pos[2]) != 0 ||
	    cli_user_copy(a.cert_no, sizeof a.cert_no, _("certificate number"), cert) != 0 ||
	    cli_user_copy(a.guidance_grade, sizeof a.guidance_grade, _("guidance grade"),
	    grade) != 0)
		return 1;
	if (account_role_ok(a.role, err, sizeof err) != 0) {
		fprintf(stderr, "jobdesk: %s\n", err);
		return 1;
	}
	if (*until != '\0') {
		int ymd;

		if (check_date(until, &ymd, err, sizeof err) != 0) {
			fprintf(stderr, _("jobdesk: --cert-until \"%s\": %s\n"), until, err);
			return 1;
		}
		date_format(ymd, a.cert_valid_until);
	}
	if (*grade != '\0' && codes_valid(app->store, "guidance_grade", grade) != 1) {
		fprintf(stderr, _("jobdesk: guidance grade \"%s\" is not a code of the "
		    "guidance_grade list\n"), grade);
		return 1;
	}
	if (office_first(app->store, here, sizeof here) != 0) {
		cli_no_office();
		return 1;
	}
	if (office == NULL)
		office = here;
	else if (office_name(app->store, office, err, sizeof err) != 0) {
		fprintf(stderr, _("jobdesk: office \"%s\" does not exist\n"), office);
		return 1;
	}
	if (cli_user_copy(a.office, sizeof a.office, _("office"), office) != 0)
		return 1;
	{
		struct account have;

		if (account_get(app->store, a.login, &have) == 1) {
			fprintf(stderr, _("jobdesk: login \"%s\" already exists\n"), a.login);
			return 1;
		}
	}
	who = cli_user_actor(app, here);
	if (cli_read_new_password(pw, sizeof pw, err, sizeof err) != 0) {
		fprintf(stderr, "jobdesk: %s\n", err);
		return 1;
	}
	if (account_create(app->store, &who, &a, pw, err, sizeof err) != 0) {
		fprintf(stderr, "jobdesk: %s\n", err);
		goto out;
	}
	printf(_("account \"%s\" added (%s, office %s)\n"), a.login, a.role, a.office);
	rc = 0;
out:
	sodium_memzero(pw, sizeof pw);
	return rc;
}

/* The state of an account as the list shows it. */
static void
cli_user_state(const struct account *a, char *out, size_t outlen)
{
	time_t until = (time_t)a->locked_until;
	struct tm tm;
	char when[32];

	if (a->disabled)
		snprintf(out, outlen, "%s", _("disabled"));
	else if (a->locked_until > (long)time(NULL)) {
		localtime_r(&until, &tm);
		strftime(when, sizeof when, "%H:%M", &tm);
		snprintf(out, outlen, _("locked until %s"), when);
	} else
		snprintf(out, outlen, "%s", _("active"));
}

#define USER_NCOLS	7
/* Widest a column may grow, in display cells. */
#define USER_MAXW	24

/* user list: one line per account, columns aligned by display width. */
static int
cli_user_list(struct app *app)
{
	struct account *a;
	const char *head[USER_NCOLS];
	char *cell, today[11];
	size_t n = 0, i, max, width[USER_NCOLS];
	int count = account_count(app->store), c;

	if (count < 0) {
		fprintf(stderr, _("jobdesk: cannot read the accounts: %s\n"),
		    store_errmsg(app->store));
		return 1;
	}
	if (count == 0) {
		fprintf(stderr, _("jobdesk: there are no accounts yet; set up the office and its "
		    "first supervisor with \"jobdesk init\", or start jobdesk once without a "
		    "command\n"));
		return 0;
	}
	max = (size_t)count;
	a = xcalloc(max, sizeof *a);
	account_list(app->store, a, max, &n);
	/* Each cell is at most 95 bytes of text; keep them all for the width pass. */
	cell = xcalloc(n * USER_NCOLS, 128);
	date_format(store_today(), today);
	for (i = 0; i < n; i++) {
		char *row = cell + i * USER_NCOLS * 128;

		snprintf(row + 0 * 128, 128, "%s", a[i].login);
		snprintf(row + 1 * 128, 128, "%s", a[i].name);
		/* The role in the clerk's words: in English its code is the word. */
		if (!app->chinese || codes_name(app->store, "role", a[i].role, 1, row + 2 * 128,
		    128) != 0)
			snprintf(row + 2 * 128, 128, "%s", a[i].role);
		snprintf(row + 3 * 128, 128, "%s", a[i].office);
		cli_user_state(&a[i], row + 4 * 128, 128);
		snprintf(row + 5 * 128, 128, "%s", *a[i].cert_no != '\0' ? a[i].cert_no : "-");
		if (*a[i].cert_valid_until == '\0')
			snprintf(row + 6 * 128, 128, "-");
		else if (strcmp(a[i].cert_valid_until, today) < 0)
			snprintf(row + 6 * 128, 128, _("%s (expired)"), a[i].cert_valid_until);
		else
			snprintf(row + 6 * 128, 128, "%s", a[i].cert_valid_until);
	}
	head[0] = _("LOGIN");
	head[1] = _("NAME");
	head[2] = _("ROLE");
	head[3] = _("OFFICE");
	head[4] = _("STATE");
	head[5] = _("CERTIFICATE");
	head[6] = _("VALID UNTIL");
	for (c = 0; c < USER_NCOLS; c++) {
		width[c] = (size_t)wtext_width(head[c]);
		for (i = 0; i < n; i++) {
			size_t w = (size_t)wtext_width(cell + (i * USER_NCOLS + (size_t)c) * 128);

			if (w > width[c])
				width[c] = w;
		}
		if (width[c] > USER_MAXW)
			width[c] = USER_MAXW;
	}
	for (i = 0; i <= n; i++) {
		char out[4 * USER_MAXW + 8];

		for (c = 0; c < USER_NCOLS; c++) {
			const char *s = i == 0 ? head[c] :
			    cell + ((i - 1) * USER_NCOLS + (size_t)c) * 128;

			/* The last column is not padded, so lines carry no trailing spaces. */
			wtext_fit(s, (int)width[c], c + 1 < USER_NCOLS, '>', out, sizeof out);
			printf("%s%s", c > 0 ? "  " : "", out);
		}
		putchar('\n');
	}
	free(cell);
	free(a);
	return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
}

/* user disable|enable LOGIN. */
static int
cli_user_set_disabled(struct app *app, const char *login, int disabled)
{
	struct account_actor who;
	char office[32] = "", err[400];

	office_first(app->store, office, sizeof office);
	who = cli_user_actor(app, office);
	if (account_set_disabled(app->store, &who, login, disabled, err, sizeof err) != 0) {
		fprintf(stderr, "jobdesk: %s\n", err);
		return 1;
	}
	printf(disabled ? _("account \"%s\" disabled\n") : _("account \"%s\" enabled\n"), login);
	return 0;
}

/* user passwd LOGIN: a new password from standard input. */
static int
cli_user_passwd(struct app *app, const char *login)
{
	struct account have;
	struct account_actor who;
	char office[32] = "", err[400], pw[CLI_PW_MAX];
	int rc = 1;

	if (account_get(app->store, login, &have) != 1) {
		fprintf(stderr, _("jobdesk: no account \"%s\"\n"), login);
		return 1;
	}
	office_first(app->store, office, sizeof office);
	who = cli_user_actor(app, office);
	if (cli_read_new_password(pw, sizeof pw, err, sizeof err) != 0) {
		fprintf(stderr, "jobdesk: %s\n", err);
		return 1;
	}
	if (account_set_password(app->store, &who, login, pw, err, sizeof err) != 0)
		fprintf(stderr, "jobdesk: %s\n", err);
	else {
		printf(_("password of \"%s\" changed\n"), login);
		rc = 0;
	}
	sodium_memzero(pw, sizeof pw);
	return rc;
}

/* user unlock LOGIN: clear the failed logins and the lock. */
static int
cli_user_unlock(struct app *app, const char *login)
{
	struct account_actor who;
	char office[32] = "", err[400];

	office_first(app->store, office, sizeof office);
	who = cli_user_actor(app, office);
	if (account_unlock(app->store, &who, login, err, sizeof err) != 0) {
		fprintf(stderr, "jobdesk: %s\n", err);
		return 1;
	}
	printf(_("account \"%s\" unlocked\n"), login);
	return 0;
}

/* The "user" command. */
int
cli_user(struct app *app, int argc, char **argv)
{
	/* Info lines would only repeat what the command prints. */
	log_set_level(LOG_WARN);
	if (argc < 1)
		return cli_user_usage();
	if (strcmp(argv[0], "add") == 0)
		return cli_user_add(app, argc, argv);
	if (strcmp(argv[0], "list") == 0 && argc == 1)
		return cli_user_list(app);
	if (argc == 2 && strcmp(argv[0], "disable") == 0)
		return cli_user_set_disabled(app, argv[1], 1);
	if (argc == 2 && strcmp(argv[0], "enable") == 0)
		return cli_user_set_disabled(app, argv[1], 0);
	if (argc == 2 && strcmp(argv[0], "passwd") == 0)
		return cli_user_passwd(app, argv[1]);
	if (argc == 2 && strcmp(argv[0], "unlock") == 0)
		return cli_user_unlock(app, argv[1]);
	if (strcmp(argv[0], "passwd") == 0 && argc > 2)
		fprintf(stderr, _("jobdesk: user passwd takes only the login; the password is "
		    "read from standard input, never from the command line\n"));
	else if (strcmp(argv[0], "add") != 0 && strcmp(argv[0], "list") != 0 &&
	    strcmp(argv[0], "disable") != 0 && strcmp(argv[0], "enable") != 0 &&
	    strcmp(argv[0], "passwd") != 0 && strcmp(argv[0], "unlock") != 0)
		fprintf(stderr, _("jobdesk: unknown user command \"%s\"\n"), argv[0]);
	return cli_user_usage();
}
