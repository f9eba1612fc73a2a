/*
 * The "refer", "outcome" and "check" commands: a referral, its outcome
 * and the placement checks of a hire from a script (a job fair's list,
 * receipts keyed in elsewhere, a day's follow-up calls), as the window
 * makes them: as an account, with its password on standard input, whose
 * certificate the referral needs and whose key signs the changes. The
 * letter is not printed here: the client prints it (F3 in a list of
 * referrals).
 */
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "cli/cli.h"
#include "common/i18n.h"
#include "core/check.h"
#include "core/idnum.h"
#include "store/referral.h"
#include "store/seeker.h"
#include "store/store.h"

/* Print the commands' usage on stderr; the exit status for a usage error. */
static int
refer_usage(void)
{
	fprintf(stderr, "%s", _("usage: jobdesk refer --user LOGIN ID_NUMBER VACANCY_ID "
	    "[--interview DATE] [--place TEXT]\n"
	    "       jobdesk outcome --user LOGIN NUMBER OUTCOME [--on DATE] [--wage N] "
	    "[--reason CODE]\n"
	    "       jobdesk check --user LOGIN NUMBER EMPLOYED INSURED\n"));
	return 2;
}

/* Log in as the account of "--user LOGIN" (argv[0..1]); 0, or the exit status. */
static int
refer_log_in(struct app *app, int argc, char **argv)
{
	char pw[256];
	int r;

	if (argc < 2 || strcmp(argv[0], "--user") != 0)
		return refer_usage();
	r = cli_read_password(pw, sizeof pw) != 0 ? LOGIN_ERROR :
	    (int)cli_log_in(app, argv[1], pw, 0);
	memset(pw, 0, sizeof pw);
	return r == LOGIN_OK ? 0 : 1;
}

/* The value of option name at argv[*i] (moving past it), or NULL when it is not that option. */
static const char *
refer_option(int argc, char **argv, int *i, const char *name)
{
	if (strcmp(argv[*i], name) != 0 || *i + 1 >= argc)
		return NULL;
	*i += 1;
	return argv[*i];
}

/* jobdesk refer --user LOGIN ID_NUMBER VACANCY_ID [--interview DATE] [--place TEXT]. */
int
cli_refer(struct app *app, int argc, char **argv)
{
	const char *date = "", *place = "", *v;
	char id[IDENT_LEN + 1], rid[IDENT_LEN + 1], number[REFERRAL_NUMBER_LEN], err[512];
	char day[11];
	struct idnum idn;
	int i, rc, ymd;

	if (argc < 4)
		return refer_usage();
	if ((rc = refer_log_in(app, argc, argv)) != 0)
		return rc;
	for (i = 4; i < argc; i++) {
		if ((v = refer_option(argc, argv, &i, "--interview")) != NULL) {
			if (check_date(v, &ymd, err, sizeof err) != 0) {
				fprintf(stderr, _("jobdesk: refer: --interview: %s\n"), err);
				return 1;
			}
			date_format(ymd, day);
			date = day;
		} else if ((v = refer_option(argc, argv, &i, "--place")) != NULL)
			place = v;
		else
			return refer_usage();
	}
	if (idnum_parse(argv[2], store_today(), &idn, err, sizeof err) != 0) {
		fprintf(stderr, _("jobdesk: refer: %s\n"), err);
		return 1;
	}
	if ((rc = seeker_find_idnum(app->store, idn.number, id)) != 1) {
		fprintf(stderr, "%s\n", rc == 0 ? _("jobdesk: refer: no job seeker has this ID "
		    "number") : store_errmsg(app->store));
		return 1;
	}
	if (referral_create(app->store, id, argv[3], date, place, rid, number, err,
	    sizeof err) != 0) {
		fprintf(stderr, _("jobdesk: refer: %s\n"), err);
		return 1;
	}
	printf("%s\n", number);
	return 0;
}

/* jobdesk outcome --user LOGIN NUMBER OUTCOME [--on DATE] [--wage N] [--reason CODE]. */
int
cli_outcome(struct app *app, int argc, char **argv)
{
	const char *wage = "", *reason = "", *v;
	char id[IDENT_LEN + 1], today[11], on[64], err[512];
	int i, rc;

	if (argc < 4)
		return refer_usage();
	if ((rc = refer_log_in(app, argc, argv)) != 0)
		return rc;
	date_format(store_today(), today);
	snprintf(on, sizeof on, "%s", today);
	for (i = 4; i < argc; i++) {
		if ((v = refer_option(argc, argv, &i, "--on")) != NULL)
			snprintf(on, sizeof on, "%s", v);
		else if ((v = refer_option(argc, argv, &i, "--wage")) != NULL)
			wage = v;
		else if ((v = refer_option(argc, argv, &i, "--reason")) != NULL)
			reason = v;
		else
			return refer_usage();
	}
	if ((rc = referral_find_number(app->store, argv[2], id)) != 1) {
		fprintf(stderr, rc == 0 ? _("jobdesk: outcome: no referral has the number %s\n") :
		    "jobdesk: outcome: %s\n", rc == 0 ? argv[2] : store_errmsg(app->store));
		return 1;
	}
	rc = referral_outcome(app->store, id, argv[3], on, wage, reason, err, sizeof err);
	if (rc < 0) {
		fprintf(stderr, _("jobdesk: outcome: %s\n"), err);
		return 1;
	}
	if (rc == 1)
		fprintf(stderr, "%s\n", _("jobdesk: outcome: nothing changed"));
	return 0;
}

/* A yes or no answer: 1, 0, or -1 for neither. */
static int
refer_yes(const char *s)
{
	if (strcmp(s, "yes") == 0 || strcmp(s, "是") == 0)
		return 1;
	if (strcmp(s, "no") == 0 || strcmp(s, "否") == 0)
		return 0;
	return -1;
}

/* jobdesk check --user LOGIN NUMBER EMPLOYED INSURED (yes or no each). */
int
cli_check(struct app *app, int argc, char **argv)
{
	char id[IDENT_LEN + 1], err[512];
	int rc, employed, insured, month;

	if (argc != 5 || (employed = refer_yes(argv[3])) < 0 || (insured = refer_yes(argv[4])) < 0)
		return refer_usage();
	if ((rc = refer_log_in(app, argc, argv)) != 0)
		return rc;
	if ((rc = referral_find_number(app->store, argv[2], id)) != 1) {
		fprintf(stderr, rc == 0 ? _("jobdesk: check: no referral has the number %s\n") :
		    "jobdesk: check: %s\n", rc == 0 ? argv[2] : store_errmsg(app->store));
		return 1;
	}
	if (referral_check_placement(app->store, id, employed, insured, &month, err,
	    sizeof err) != 0) {
		fprintf(stderr, _("jobdesk: check: %s\n"), err);
		return 1;
	}
	printf(_("the %d-month check is recorded\n"), month);
	return 0;
}
