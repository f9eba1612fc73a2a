/*
 * counsel: a counsellor's work at a terminal without the full-screen
 * client, for the sync suites: a guidance session recorded or changed and
 * an interest inventory answered, through the same store functions the
 * screens call (store/guidance.h, store/inventory.h), as an account
 * logged in with its password (standard input), so that what it writes
 * is signed by that account as a counsellor's changes at the window are.
 * Values are given as the form stores them (dates YYYY-MM-DD, codes);
 * the form's own checks are the screens' and are not repeated here.
 *
 *	counsel --config INI --db DB LOGIN session ID_NUMBER KEY=VALUE...
 *		a new session with the seeker; prints its id
 *	counsel --config INI --db DB LOGIN change SESSION_ID KEY=VALUE...
 *		a change of a session's form fields; prints "saved" or "unchanged"
 *	counsel --config INI --db DB LOGIN answer ID_NUMBER ANSWERS
 *		answers to the seeker's inventory on the shipped instrument,
 *		begun when none is in progress: one character per item, a digit
 *		answers it, "-" keeps what the record holds; saved, or finished
 *		with its scores and code once every item is answered. Prints
 *		"ID STATUS CODE".
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
#include "common/inventorydef.h"
#include "core/check.h"
#include "core/idnum.h"
#include "core/inventory.h"
#include "store/guidance.h"
#include "store/inventory.h"
#include "store/seeker.h"
#include "store/store.h"

/* Print the usage; the exit status 2. */
static int
counsel_usage(void)
{
	fputs("usage: counsel --config INI --db DB LOGIN session ID_NUMBER KEY=VALUE...\n"
	    "       counsel --config INI --db DB LOGIN change SESSION_ID KEY=VALUE...\n"
	    "       counsel --config INI --db DB LOGIN answer ID_NUMBER ANSWERS\n", stderr);
	return 2;
}

/* KEY=VALUE arguments into f: 0, or -1 after a message when one has no "=". */
static int
counsel_fields(int argc, char **argv, struct fields *f)
{
	int i;

	for (i = 0; i < argc; i++) {
		char *eq = strchr(argv[i], '=');

		if (eq == NULL || eq == argv[i]) {
			fprintf(stderr, "counsel: \"%s\" is not KEY=VALUE\n", argv[i]);
			return -1;
		}
		*eq = '\0';
		fields_set(f, argv[i], eq + 1);
		*eq = '=';
	}
	return 0;
}

/* The record id of the seeker with this ID number into id: 0, or -1 after a message. */
static int
counsel_seeker(struct app *app, const char *number, char id[IDENT_LEN + 1])
{
	struct idnum idn;
	char err[256];

	if (idnum_parse(number, store_today(), &idn, err, sizeof err) != 0) {
		fprintf(stderr, "counsel: %s\n", err);
		return -1;
	}
	if (seeker_find_idnum(app->store, idn.number, id) != 1) {
		fprintf(stderr, "counsel: no job seeker has the ID number %s\n", number);
		return -1;
	}
	return 0;
}

/* A new session with one seeker, as the session screen's F2 records it. */
static int
counsel_session(struct app *app, int argc, char **argv)
{
	struct fields f = FIELDS_INIT;
	char seeker[IDENT_LEN + 1], id[IDENT_LEN + 1], err[512];
	const char *who[1] = { seeker };
	int rc = 1;

	if (argc < 1)
		return counsel_usage();
	if (counsel_seeker(app, argv[0], seeker) != 0 ||
	    counsel_fields(argc - 1, argv + 1, &f) != 0)
		goto out;
	if (guidance_record(app->store, who, 1, &f, id, err, sizeof err) != 0) {
		fprintf(stderr, "counsel: %s\n", err);
		goto out;
	}
	printf("%s\n", id);
	rc = 0;
out:
	fields_free(&f);
	return rc;
}

/* A change of a session, as the session screen's F2 saves it. */
static int
counsel_change(struct app *app, int argc, char **argv)
{
	struct fields f = FIELDS_INIT, have = FIELDS_INIT;
	char err[512];
	size_t i;
	int rc = 1, saved;

	if (argc < 2)
		return counsel_usage();
	/* The screen saves the whole form: the fields not given keep their values. */
	if (guidance_open(app->store, argv[0], &have) != 1) {
		fprintf(stderr, "counsel: no guidance session %s\n", argv[0]);
		goto out;
	}
	for (i = 0; i < have.n; i++) {
		const struct kind_column *c = kind_column(&kind_table[KIND_GUIDANCE], have.keys[i]);

		if (c != NULL && (c->flags & KC_FORM))
			fields_set(&f, have.keys[i], have.values[i]);
	}
	if (counsel_fields(argc - 1, argv + 1, &f) != 0)
		goto out;
	if ((saved = guidance_save(app->store, argv[0], &f, NULL, err, sizeof err)) < 0) {
		fprintf(stderr, "counsel: %s\n", err);
		goto out;
	}
	printf("%s\n", saved == 0 ? "saved" : "unchanged");
	rc = 0;
out:
	fields_free(&f);
	fields_free(&have);
	return rc;
}

/*
 * Answers to the seeker's inventory, as the inventory screen takes them
 * key by key: begun when none is in progress, saved, finished once whole.
 */
static int
counsel_answer(struct app *app, int argc, char **argv)
{
	struct invdef *def = NULL;
	struct inventory_rec rec;
	struct inventory_result res;
	char seeker[IDENT_LEN + 1], instrument[128], answers[INVDEF_MAX_ITEMS + 1];
	char scores[128], err[512], *path = app_inventory_path(app);
	size_t i;
	int rc = 1, found;

	if (argc != 2) {
		free(path);
		return counsel_usage();
	}
	if (counsel_seeker(app, argv[0], seeker) != 0)
		goto out;
	if ((def = invdef_load(path, NULL, NULL, err, sizeof err)) == NULL) {
		fprintf(stderr, "counsel: %s\n", err);
		goto out;
	}
	if (strlen(argv[1]) != def->nitems) {
		fprintf(stderr, "counsel: %zu answers given, the inventory has %zu items\n",
		    strlen(argv[1]), def->nitems);
		goto out;
	}
	invdef_instrument(def, instrument, sizeof instrument);
	if ((found = inventory_find(app->store, seeker, instrument, 0, &rec)) < 0) {
		fprintf(stderr, "counsel: %s\n", store_errmsg(app->store));
		goto out;
	}
	if (found == 0 && inventory_begin(app->store, seeker, instrument, def->nitems, &rec, err,
	    sizeof err) != 0) {
		fprintf(stderr, "counsel: %s\n", err);
		goto out;
	}
	inventory_answers_norm(def, rec.answers, answers);
	for (i = 0; i < def->nitems; i++)
		if (argv[1][i] != INVENTORY_UNANSWERED)
			answers[i] = argv[1][i];
	if (inventory_first_open(def, answers) < def->nitems) {
		if (inventory_save_answers(app->store, rec.id, answers, err, sizeof err) < 0) {
			fprintf(stderr, "counsel: %s\n", err);
			goto out;
		}
		printf("%s in_progress -\n", rec.id);
		rc = 0;
		goto out;
	}
	if (inventory_score(def, answers, &res) != 0) {
		fprintf(stderr, "counsel: an answer is not on the scale %d-%d\n", def->scale_min,
		    def->scale_max);
		goto out;
	}
	inventory_scores_text(def, &res, scores, sizeof scores);
	if (inventory_finish(app->store, rec.id, answers, scores, res.code, err, sizeof err) != 0) {
		fprintf(stderr, "counsel: %s\n", err);
		goto out;
	}
	printf("%s done %s\n", rec.id, res.code);
	rc = 0;
out:
	invdef_free(def);
	free(path);
	return rc;
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
		fprintf(stderr, "counsel: the locale or libsodium cannot be set up\n");
		return 1;
	}
	for (; i + 1 < argc && argv[i][0] == '-'; i += 2) {
		if (strcmp(argv[i], "--config") == 0)
			config = argv[i + 1];
		else if (strcmp(argv[i], "--db") == 0)
			db = argv[i + 1];
		else
			return counsel_usage();
	}
	if (config == NULL || db == NULL || argc - i < 2)
		return counsel_usage();
	app_open_log(&app);
	if (app_load_config(&app, config, err, sizeof err) != 0 ||
	    app_open(&app, db, err, sizeof err) != 0) {
		fprintf(stderr, "counsel: %s\n", err);
		goto out;
	}
	if (cli_read_password(pw, sizeof pw) != 0)
		goto out;
	rc = cli_log_in(&app, argv[i], pw, 0) == LOGIN_OK ? 0 : 1;
	sodium_memzero(pw, sizeof pw);
	if (rc != 0)
		goto out;
	if (strcmp(argv[i + 1], "session") == 0)
		rc = counsel_session(&app, argc - i - 2, argv + i + 2);
	else if (strcmp(argv[i + 1], "change") == 0)
		rc = counsel_change(&app, argc - i - 2, argv + i + 2);
	else if (strcmp(argv[i + 1], "answer") == 0)
		rc = counsel_answer(&app, argc - i - 2, argv + i + 2);
	else
		rc = counsel_usage();
out:
	app_close(&app);
	return rc;
}
