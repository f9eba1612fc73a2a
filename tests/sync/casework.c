/*
 * casework: a caseworker's work on a hardship case file at a terminal
 * without the full-screen client, for the sync suites: the file opened,
 * its plan changed, a contact recorded, through the same store functions
 * the screens call (store/casefile.h), as an account logged in with its
 * password (standard input), so that what it writes is signed as the
 * window's changes are. Values are given as the forms store them.
 *
 *	casework --config INI --db DB LOGIN open ID_NUMBER
 *		the person's case file opened; prints its plan's id
 *	casework --config INI --db DB LOGIN plan ID_NUMBER KEY=VALUE...
 *		a change of the plan's form fields; prints "saved" or "unchanged"
 *	casework --config INI --db DB LOGIN contact ID_NUMBER DAY WAY RESULT NOTE
 *		a contact recorded; prints "recorded"
 *
 * Exit status 0, 1 when the store refused (its message on stderr), 2 usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "app/app.h"
#include "cli/cli.h"
#include "common/fields.h"
#include "common/i18n.h"
#include "core/idnum.h"
#include "store/casefile.h"
#include "store/seeker.h"
#include "store/store.h"

/* Print the usage; the exit status 2. */
static int
casework_usage(void)
{
	fputs("usage: casework --config INI --db DB LOGIN open ID_NUMBER\n"
	    "       casework --config INI --db DB LOGIN plan ID_NUMBER KEY=VALUE...\n"
	    "       casework --config INI --db DB LOGIN contact ID_NUMBER DAY WAY RESULT "
	    "NOTE\n", stderr);
	return 2;
}

/* The record id of the seeker with this ID number into id: 0, or -1 after a message. */
static int
casework_seeker(struct app *app, const char *number, char id[IDENT_LEN + 1])
{
	struct idnum idn;
	char err[256];

	if (idnum_parse(number, store_today(), &idn, err, sizeof err) != 0) {
		fprintf(stderr, "casework: %s\n", err);
		return -1;
	}
	if (seeker_find_idnum(app->store, idn.number, id) != 1) {
		fprintf(stderr, "casework: no job seeker has the ID number %s\n", number);
		return -1;
	}
	return 0;
}

/* A change of the plan as its screen's F2 saves it: the whole form, some fields new. */
static int
casework_plan(struct app *app, const char *seeker, int argc, char **argv)
{
	struct fields have = FIELDS_INIT, f = FIELDS_INIT;
	char err[512];
	size_t i;
	int rc = 1, saved;

	if (casefile_plan(app->store, seeker, &have) != 1) {
		fprintf(stderr, "casework: the person has no case file\n");
		goto out;
	}
	for (i = 0; i < have.n; i++) {
		const struct kind_column *c = kind_column(&kind_table[KIND_ASSISTANCE_PLAN],
		    have.keys[i]);

		if (c != NULL && (c->flags & KC_FORM))
			fields_set(&f, have.keys[i], have.values[i]);
	}
	for (i = 0; i < (size_t)argc; i++) {
		char *eq = strchr(argv[i], '=');

		if (eq == NULL || eq == argv[i]) {
			fprintf(stderr, "casework: \"%s\" is not KEY=VALUE\n", argv[i]);
			goto out;
		}
		*eq = '\0';
		fields_set(&f, argv[i], eq + 1);
		*eq = '=';
	}
	if ((saved = casefile_plan_save(app->store, fields_str(&have, "id"), &f, NULL, err,
	    sizeof err)) < 0) {
		fprintf(stderr, "casework: %s\n", err);
		goto out;
	}
	printf("%s\n", saved == 0 ? "saved" : "unchanged");
	rc = 0;
out:
	fields_free(&have);
	fields_free(&f);
	return rc;
}

/* One command on the seeker argv[0]. */
static int
casework_run(struct app *app, const char *cmd, int argc, char **argv)
{
	char seeker[IDENT_LEN + 1], id[IDENT_LEN + 1], err[512];

	if (argc < 1)
		return casework_usage();
	if (casework_seeker(app, argv[0], seeker) != 0)
		return 1;
	if (strcmp(cmd, "open") == 0 && argc == 1) {
		if (casefile_open(app->store, seeker, id, err, sizeof err) < 0) {
			fprintf(stderr, "casework: %s\n", err);
			return 1;
		}
		printf("%s\n", id);
		return 0;
	}
	if (strcmp(cmd, "plan") == 0)
		return casework_plan(app, seeker, argc - 1, argv + 1);
	if (strcmp(cmd, "contact") == 0 && argc == 5) {
		if (casefile_contact(app->store, seeker, argv[1], argv[2], argv[3], argv[4], err,
		    sizeof err) != 0) {
			fprintf(stderr, "casework: %s\n", err);
			return 1;
		}
		printf("recorded\n");
		return 0;
	}
	return casework_usage();
}

int
main(int argc, char **argv)
{
	struct app app;
	const char *config = NULL, *db = NULL;
	char pw[CLI_PW_MAX], err[512];
	int i = 1, rc = 1;

	memset(&app, 0, sizeof app);
	if (i18n_init() != 0 || sodium_init() < 0) {
		fprintf(stderr, "casework: the locale or libsodium cannot be set up\n");
		return 1;
	}
	for (; i + 1 < argc && argv[i][0] == '-'; i += 2) {
		if (strcmp(argv[i], "--config") == 0)
			config = argv[i + 1];
		else if (strcmp(argv[i], "--db") == 0)
			db = argv[i + 1];
		else
			return casework_usage();
	}
	if (config == NULL || db == NULL || argc - i < 2)
		return casework_usage();
	app_open_log(&app);
	if (app_load_config(&app, config, err, sizeof err) != 0 ||
	    app_open(&app, db, err, sizeof err) != 0) {
		fprintf(stderr, "casework: %s\n", err);
		goto out;
	}
	if (cli_read_password(pw, sizeof pw) != 0)
		goto out;
	rc = cli_log_in(&app, argv[i], pw, 0) == LOGIN_OK ? 0 : 1;
	sodium_memzero(pw, sizeof pw);
	if (rc == 0)
		rc = casework_run(&app, argv[i + 1], argc - i - 2, argv + i + 2);
out:
	app_close(&app);
	return rc;
}
