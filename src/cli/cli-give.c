/*
 * The "give" command: a service given at the window recorded from a
 * script (the day's queries and consultations of a counter keyed in from
 * its paper list), as the window records it: as an account, its password
 * on standard input, once a day per person and service, so that a list
 * keyed in twice, or a service also logged at the window, counts once.
 */
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "cli/cli.h"
#include "common/i18n.h"
#include "core/idnum.h"
#include "core/service.h"
#include "core/uscc.h"
#include "store/employer.h"
#include "store/seeker.h"
#include "store/service.h"
#include "store/store.h"

/* Print the command's usage on stderr; the exit status for a usage error. */
static int
give_usage(void)
{
	fprintf(stderr, "%s", _("usage: jobdesk give --user LOGIN job_query|policy ID_NUMBER\n"
	    "       jobdesk give --user LOGIN recruitment_talk USCC\n"));
	return 2;
}

/* jobdesk give --user LOGIN TYPE ID_NUMBER|USCC. */
int
cli_give(struct app *app, int argc, char **argv)
{
	const struct service_type *t;
	char id[IDENT_LEN + 1], err[512], pw[256], code[USCC_LEN + 1];
	struct idnum idn;
	int rc;

	if (argc != 4 || strcmp(argv[0], "--user") != 0)
		return give_usage();
	if ((t = service_type_find(argv[2])) == NULL || !t->by_hand) {
		fprintf(stderr, _("jobdesk: give: \"%s\" is not a service given by itself "
		    "(job_query, policy, recruitment_talk)\n"), argv[2]);
		return 2;
	}
	rc = cli_read_password(pw, sizeof pw) != 0 ? LOGIN_ERROR :
	    (int)cli_log_in(app, argv[1], pw, 0);
	memset(pw, 0, sizeof pw);
	if (rc != LOGIN_OK)
		return 1;
	if (t->subject == SERVICE_SEEKER) {
		if (idnum_parse(argv[3], store_today(), &idn, err, sizeof err) != 0) {
			fprintf(stderr, _("jobdesk: give: %s\n"), err);
			return 1;
		}
		rc = seeker_find_idnum(app->store, idn.number, id);
	} else {
		if (uscc_parse(argv[3], code, NULL, 0, err, sizeof err) != 0) {
			fprintf(stderr, _("jobdesk: give: %s\n"), err);
			return 1;
		}
		rc = employer_find_uscc(app->store, code, id);
	}
	if (rc != 1) {
		fprintf(stderr, "%s\n", rc < 0 ? store_errmsg(app->store) :
		    t->subject == SERVICE_SEEKER ? _("jobdesk: give: no job seeker has this ID "
		    "number") : _("jobdesk: give: no employer has this USCC"));
		return 1;
	}
	switch (service_give(app->store, t->code, id, err, sizeof err)) {
	case 0:
		printf(_("%s: given\n"), t->code);
		return 0;
	case 1:
		printf(_("%s: given today already; not recorded again\n"), t->code);
		return 0;
	default:
		fprintf(stderr, _("jobdesk: give: %s\n"), err);
		return 1;
	}
}
