/*
 * The "init" command: the first start from a script, for an administrator
 * who prepares terminals in bulk. It does what the first-start screen
 * does, through the same store function (account_first_start): the
 * office this terminal serves and its first supervisor, in one
 * transaction, so that a refused account leaves no office behind. The
 * password comes from standard input as "jobdesk user add" reads it. A
 * database that has an office or an account already is refused as it
 * is; a new database that could not be set up is not left behind (see
 * app_discard_new).
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "app/app.h"
#include "cli/cli.h"
#include "common/i18n.h"
#include "common/log.h"
#include "store/account.h"
#include "store/store.h"

/* Print the command's usage on stderr; the exit status for a usage error. */
static int
init_usage(void)
{
	fprintf(stderr, _("usage: jobdesk init --office CODE NAME LEVEL --supervisor LOGIN NAME\n"
	    "LEVEL is city, district, street or township; the supervisor's password is read "
	    "from standard input.\n"));
	return 2;
}

/*
 * Whether the database is new: 0, or 1 after a message naming what is
 * there already (its office), or -1 after a message on a database error.
 */
static int
init_set_up_already(struct app *app)
{
	char office[32], name[128];
	int offices = office_count(app->store), accounts = account_count(app->store);

	if (offices < 0 || accounts < 0) {
		fprintf(stderr, _("jobdesk: cannot read the database: %s\n"),
		    store_errmsg(app->store));
		return -1;
	}
	if (offices == 0 && accounts == 0)
		return 0;
	if (office_first(app->store, office, sizeof office) == 0 &&
	    office_name(app->store, office, name, sizeof name) == 0)
		fprintf(stderr, _("jobdesk: %s: this database is set up already, for office "
		    "\"%s\" (%s); init sets up a new database only\n"), store_path(app->store),
		    office, name);
	else
		fprintf(stderr, _("jobdesk: %s: this database is set up already; init sets up a "
		    "new database only\n"), store_path(app->store));
	return 1;
}

/* The "init" command. */
int
cli_init(struct app *app, int argc, char **argv)
{
	const char *office[3] = { NULL, NULL, NULL }, *sup[2] = { NULL, NULL };
	char err[400], pw[CLI_PW_MAX];
	int i, rc;

	log_set_level(LOG_WARN);
	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--office") == 0 && office[0] == NULL && i + 3 < argc) {
			office[0] = argv[++i];
			office[1] = argv[++i];
			office[2] = argv[++i];
		} else if (strcmp(argv[i], "--supervisor") == 0 && sup[0] == NULL &&
		    i + 2 < argc) {
			sup[0] = argv[++i];
			sup[1] = argv[++i];
		} else {
			fprintf(stderr, _("jobdesk: init: unexpected \"%s\"; passwords are read from "
			    "standard input, never from the command line\n"), argv[i]);
			return init_usage();
		}
	}
	if (office[0] == NULL || sup[0] == NULL)
		return init_usage();
	if ((rc = init_set_up_already(app)) != 0)
		return 1;
	/* The script acts, as every command does; the audit trail says so. */
	cli_set_actor(app, office[0]);
	if (cli_read_new_password(pw, sizeof pw, err, sizeof err) != 0) {
		fprintf(stderr, "jobdesk: %s\n", err);
		return 1;
	}
	rc = account_first_start(app->store, office[0], office[1], office[2], sup[0], sup[1], pw,
	    NULL, err, sizeof err);
	sodium_memzero(pw, sizeof pw);
	if (rc != 0) {
		fprintf(stderr, "jobdesk: %s\n", err);
		return 1;
	}
	printf(_("office \"%s\" (%s) and its supervisor \"%s\" set up\n"), office[0], office[1],
	    sup[0]);
	return fflush(stdout) == 0 ? 0 : 1;
}
