/*
 * jobdesk: the counter client of a public employment service office.
 * Parses the global options, sets up language and configuration, and runs
 * either a command for scripts or the full-screen client.
 */
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/app.h"
#include "cli/cli.h"
#include "common/config.h"
#include "common/formdef.h"
#include "common/i18n.h"
#include "core/kind.h"
#include "core/match.h"
#include "core/retire.h"
#include "print/print.h"
#include "sync/sync.h"
#include "ui/ui.h"

/* Print how to call the program. */
static void
usage(FILE *fp)
{
	fprintf(fp, _("usage: jobdesk [--config FILE] [--db FILE] [COMMAND ...]\n"
	    "\n"
	    "Without a command, starts the full-screen client.\n"
	    "\n"
	    "commands:\n"
	    "  init --office CODE NAME LEVEL --supervisor LOGIN NAME\n"
	    "                   set up a new database: its office and first supervisor\n"
	    "                   (the password is read from standard input)\n"
	    "  user add LOGIN NAME ROLE [--office CODE] [--cert NO] [--cert-until DATE]\n"
	    "                   [--grade CODE]\n"
	    "  user list | user disable LOGIN | user enable LOGIN | user passwd LOGIN\n"
	    "  user unlock LOGIN\n"
	    "                   (passwords are read from standard input)\n"
	    "  import [--user LOGIN] seekers|employers|vacancies FILE.csv\n"
	    "  export [--excel] seekers|employers|vacancies|referrals [FILE]\n"
	    "                   (--excel: for Excel and WPS, text kept as text and\n"
	    "                   the codes' names beside them)\n"
	    "  export [--excel] services [--from DATE] [--to DATE] [FILE]\n"
	    "                   the services given (the free-service ledger), by day\n"
	    "  match seeker ID_NUMBER|vacancy VACANCY_ID [--limit N] [--near]\n"
	    "                   [--format text|csv]\n"
	    "                   the ranked matches with their score parts\n"
	    "  refer --user LOGIN ID_NUMBER VACANCY_ID [--interview DATE] [--place TEXT]\n"
	    "  outcome --user LOGIN NUMBER OUTCOME [--on DATE] [--wage N] [--reason CODE]\n"
	    "  check --user LOGIN NUMBER yes|no yes|no\n"
	    "                   a referral, the outcome its receipt brings, and a hire's\n"
	    "                   placement check (still employed? insured?)\n"
	    "  give --user LOGIN job_query|policy ID_NUMBER\n"
	    "  give --user LOGIN recruitment_talk USCC\n"
	    "                   a service given at the window, once a day\n"
	    "  report NAME [--office CODE] [--from DATE] [--to DATE] [--by DIMENSION]\n"
	    "                   [--format text|csv|json] [--user LOGIN] [FILE]\n"
	    "                   a supervisor's report (jobdesk report lists them)\n"
	    "  enroll URL CODE  join the district server with a one-time code\n"
	    "  sync [--quiet] [--user LOGIN] [--resend]\n"
	    "                   send waiting changes, receive the district's changes\n"
	    "                   (--user: as that account, its password on standard input;\n"
	    "                   --resend: after a server restore, what it had acknowledged)\n"
	    "  sync --to-file FILE [--quiet] [--user LOGIN] [--resend]\n"
	    "  sync --from-file REPLY [--quiet]\n"
	    "                   the same round by file: a bundle to carry to the\n"
	    "                   district, then the reply it gives\n"
	    "  sync --user LOGIN --fetch ID_NUMBER\n"
	    "                   a scoped terminal: the record of a person registered\n"
	    "                   elsewhere in the district, fetched for today\n"
	    "  sync --relay BUNDLE --reply REPLY [--quiet]\n"
	    "                   a terminal online: another terminal's bundle taken to\n"
	    "                   the district, its reply written (both stay sealed)\n"
	    "\n"
	    "options:\n"
	    "  --config FILE    read FILE after the system and user configuration\n"
	    "  --db FILE        use the database FILE\n"
	    "  --version        print the version and exit\n"
	    "  --help           print this help and exit\n"));
}

/* Decide the language: the configuration's, else the locale's (LANGUAGE included). */
static int
choose_chinese(const struct config *cfg)
{
	const char *lang = config_str(cfg, "client", "language");
	const char *probe;

	if (strcmp(lang, "zh_CN") == 0) {
		setenv("LANGUAGE", "zh_CN", 1);
		return 1;
	}
	if (strcmp(lang, "en") == 0) {
		setenv("LANGUAGE", "en", 1);
		return 0;
	}
	/* A message that the catalogue translates tells which language gettext chose. */
	probe = gettext("Job seekers");
	return strcmp(probe, "Job seekers") != 0;
}

/*
 * Run the full-screen client with what it needs of the program: the
 * store, the forms, the display and lock settings and the sync options
 * (all of them the app's, valid until app_close).
 */
static int
run_ui(struct app *app)
{
	struct ui_options o;
	struct sync_options so;
	struct match_config mc;
	struct retire_rule rr;
	struct print_target pt;
	char *letter, *inventory;
	int rc;
	const char *color = config_str(app->cfg, "display", "color");
	size_t i;

	memset(&o, 0, sizeof o);
	app_sync_options(app, &so);
	o.store = app->store;
	for (i = 0; i < KIND_COUNT; i++)
		o.forms[i] = app_form(app, (enum kind_id)i);
	o.chinese = app->chinese;
	o.idle_lock_minutes = config_int(app->cfg, "client", "idle_lock_minutes");
	o.color = strcmp(color, "yes") == 0 ? UI_COLOR_YES : strcmp(color, "no") == 0 ?
	    UI_COLOR_NO : UI_COLOR_AUTO;
	o.escdelay = (int)config_int(app->cfg, "display", "escdelay");
	o.sync = &so;
	app_match_config(app, &mc);
	o.match = &mc;
	app_retire_rule(app, &rr);
	o.retire = &rr;
	app_print_target(app, &pt);
	o.print = &pt;
	letter = app_letter_path(app);
	o.letter_path = letter;
	inventory = app_inventory_path(app);
	o.inventory_path = inventory;
	rc = ui_main(&o);
	free(letter);
	free(inventory);
	return rc;
}

/* Set up language and configuration, then run a command or the client. */
int
main(int argc, char **argv)
{
	struct app app;
	const char *config_file = NULL, *db = NULL, *codeset;
	char err[1024];
	int i, rc, locale_ok;

	memset(&app, 0, sizeof app);
	/* The database, its WAL, exports and the log hold personal data: owner only. */
	umask(077);
	locale_ok = i18n_init() == 0;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(argv[i], "--version") == 0) {
			printf("jobdesk %s\n", JOBDESK_VERSION);
			return 0;
		} else if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
			config_file = argv[++i];
		else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			db = argv[++i];
		else if (argv[i][0] == '-') {
			fprintf(stderr, _("jobdesk: unknown option \"%s\"\n"), argv[i]);
			usage(stderr);
			return 2;
		} else
			break;
	}
	codeset = nl_langinfo(CODESET);
	if (strcmp(codeset, "UTF-8") != 0) {
		const char *value, *var = i18n_locale_source(&value);

		/* The usual case: zh_CN.UTF-8 asked for, but never generated on this machine. */
		if (!locale_ok && *var != '\0')
			fprintf(stderr, "jobdesk: the locale \"%s\" (from %s) is not installed on "
			    "this machine; install it (as root: dpkg-reconfigure locales, or "
			    "uncomment it in /etc/locale.gen and run locale-gen), or start with "
			    "LANG=C.UTF-8 LANGUAGE=zh_CN for the Chinese screens on the locale "
			    "every system has\n", value, var);
		else
			fprintf(stderr, "jobdesk: the locale's character set is %s, not UTF-8; "
			    "set LANG=zh_CN.UTF-8 or LANG=C.UTF-8 (with LANGUAGE=zh_CN for "
			    "the Chinese screens)\n", codeset);
		return 1;
	}
	app_open_log(&app);
	if (app_load_config(&app, config_file, err, sizeof err) != 0) {
		fprintf(stderr, "jobdesk: %s\n", err);
		app_close(&app);
		return 1;
	}
	/* Before any database is created: the full-screen client needs a terminal. */
	if (i == argc && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))) {
		fprintf(stderr, "%s\n", _("jobdesk: the full-screen client needs a terminal; "
		    "use a command for scripts (see jobdesk --help)"));
		app_close(&app);
		return 1;
	}
	app.chinese = choose_chinese(app.cfg);
	formdef_set_chinese(app.chinese);
	if (app_open(&app, db, err, sizeof err) != 0) {
		fprintf(stderr, "jobdesk: %s\n", err);
		app_discard_new(&app);
		app_close(&app);
		return 1;
	}
	if (i == argc)
		rc = run_ui(&app);
	else if (strcmp(argv[i], "init") == 0)
		rc = cli_init(&app, argc - i - 1, argv + i + 1);
	else if (strcmp(argv[i], "user") == 0)
		rc = cli_user(&app, argc - i - 1, argv + i + 1);
	else if (strcmp(argv[i], "import") == 0)
		rc = cli_import(&app, argc - i - 1, argv + i + 1);
	else if (strcmp(argv[i], "export") == 0)
		rc = cli_export(&app, argc - i - 1, argv + i + 1);
	else if (strcmp(argv[i], "match") == 0)
		rc = cli_match(&app, argc - i - 1, argv + i + 1);
	else if (strcmp(argv[i], "refer") == 0)
		rc = cli_refer(&app, argc - i - 1, argv + i + 1);
	else if (strcmp(argv[i], "outcome") == 0)
		rc = cli_outcome(&app, argc - i - 1, argv + i + 1);
	else if (strcmp(argv[i], "check") == 0)
		rc = cli_check(&app, argc - i - 1, argv + i + 1);
	else if (strcmp(argv[i], "report") == 0)
		rc = cli_report(&app, argc - i - 1, argv + i + 1);
	else if (strcmp(argv[i], "give") == 0)
		rc = cli_give(&app, argc - i - 1, argv + i + 1);
	else if (strcmp(argv[i], "enroll") == 0)
		rc = cli_enroll(&app, argc - i - 1, argv + i + 1);
	else if (strcmp(argv[i], "sync") == 0)
		rc = cli_sync(&app, argc - i - 1, argv + i + 1);
	else {
		fprintf(stderr, _("jobdesk: unknown command \"%s\"\n"), argv[i]);
		usage(stderr);
		rc = 2;
	}
	/* A command that failed on a path where there was no database leaves none behind. */
	if (i < argc && rc != 0)
		app_discard_new(&app);
	app_close(&app);
	return rc;
}
