/*
 * jobdesk report NAME: a supervisor's report (store/report.h) from the
 * local database, for cron and spreadsheets, as text, CSV or JSON, on
 * standard output or into a file. The reports read what the terminal
 * holds, as an export does; one that writes (close of day) acts as the
 * account --user names, with its password on standard input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "cli/cli.h"
#include "common/buf.h"
#include "common/i18n.h"
#include "common/log.h"
#include "common/report.h"
#include "core/check.h"
#include "print/report-out.h"
#include "store/account.h"
#include "store/report.h"
#include "store/store.h"

#define REPORT_TEXT_WIDTH	80	/* a page and a terminal */

/* What the command line asked for. */
struct report_args {
	const struct report_kind	*kind;
	struct report_query		 query;
	enum report_format		 format;
	const char			*user;
	const char			*file;
};

/* Prints the usage with the reports' names on stderr; the exit status of a usage error. */
static int
report_usage(void)
{
	struct buf names = BUF_INIT;
	size_t i;

	for (i = 0; i < n_report_kinds; i++)
		buf_addf(&names, "%s%s", i > 0 ? "|" : "", report_kinds[i].name);
	fprintf(stderr, _("usage: jobdesk report %s [--office CODE] [--from DATE] [--to DATE]\n"
	    "           [--by DIMENSION] [--format text|csv|json] [--user LOGIN] [FILE]\n"),
	    buf_str(&names));
	buf_free(&names);
	return 2;
}

/* The value of option argv[*i] into *value; 0, or 2 after a message when it has none. */
static int
report_value(int argc, char **argv, int *i, const char **value)
{
	if (*i + 1 >= argc || argv[*i + 1][0] == '\0') {
		fprintf(stderr, _("jobdesk: report: %s needs a value\n"), argv[*i]);
		return 2;
	}
	*value = argv[++*i];
	return 0;
}

/* A date option's value into *ymd; 0, or 2 after a message. */
static int
report_date(const char *opt, const char *value, int *ymd)
{
	char msg[200];

	if (check_date(value, ymd, msg, sizeof msg) != 0) {
		fprintf(stderr, _("jobdesk: report: %s \"%s\": %s\n"), opt, value, msg);
		return 2;
	}
	return 0;
}

/* Whether word is one of the kind's breakdowns; a message listing them when not. */
static int
report_by_ok(const struct report_kind *k, const char *word)
{
	struct buf list = BUF_INIT;
	size_t i;

	for (i = 0; k->by != NULL && k->by[i].name != NULL; i++) {
		if (strcmp(k->by[i].name, word) == 0) {
			buf_free(&list);
			return 1;
		}
		buf_addf(&list, "%s%s", i > 0 ? ", " : "", k->by[i].name);
	}
	if (list.len == 0)
		fprintf(stderr, _("jobdesk: report: %s has no breakdowns; leave --by out\n"),
		    k->name);
	else
		fprintf(stderr, _("jobdesk: report: %s has no breakdown \"%s\"; it has %s\n"),
		    k->name, word, buf_str(&list));
	buf_free(&list);
	return 0;
}

/* Reads the command line into a; 0, or 2 after a message. */
static int
report_parse(int argc, char **argv, struct report_args *a)
{
	const char *value, *office = NULL;
	int i, rc;

	if (argc < 1)
		return report_usage();
	if ((a->kind = report_kind_find(argv[0])) == NULL) {
		fprintf(stderr, _("jobdesk: report: no report \"%s\"\n"), argv[0]);
		return report_usage();
	}
	for (i = 1; i < argc; i++) {
		const char *opt = argv[i];

		if (strcmp(opt, "--office") == 0 || strcmp(opt, "--from") == 0 ||
		    strcmp(opt, "--to") == 0 || strcmp(opt, "--by") == 0 ||
		    strcmp(opt, "--format") == 0 || strcmp(opt, "--user") == 0) {
			if ((rc = report_value(argc, argv, &i, &value)) != 0)
				return rc;
		} else if (opt[0] == '-' && opt[1] != '\0') {
			fprintf(stderr, _("jobdesk: report: unknown option \"%s\"\n"), opt);
			return report_usage();
		} else {
			if (a->file != NULL) {
				fprintf(stderr, _("jobdesk: report: one file only, not \"%s\" and "
				    "\"%s\"\n"), a->file, opt);
				return report_usage();
			}
			a->file = opt;
			continue;
		}
		if (strcmp(opt, "--office") == 0)
			office = value;
		else if (strcmp(opt, "--from") == 0 &&
		    (rc = report_date(opt, value, &a->query.from)) != 0)
			return rc;
		else if (strcmp(opt, "--to") == 0 &&
		    (rc = report_date(opt, value, &a->query.to)) != 0)
			return rc;
		else if (strcmp(opt, "--by") == 0) {
			if (!report_by_ok(a->kind, value))
				return 2;
			a->query.by = value;
		} else if (strcmp(opt, "--format") == 0 &&
		    report_format_parse(value, &a->format) != 0) {
			fprintf(stderr, _("jobdesk: report: no format \"%s\"; text, csv or json\n"),
			    value);
			return 2;
		} else if (strcmp(opt, "--user") == 0)
			a->user = value;
	}
	if (a->query.from != 0 && a->query.to != 0 && a->query.to < a->query.from) {
		fprintf(stderr, _("jobdesk: report: the period ends (--to) before it begins "
		    "(--from)\n"));
		return 2;
	}
	if (a->kind->acts && a->user == NULL) {
		fprintf(stderr, _("jobdesk: report: %s writes; name the account with --user "
		    "LOGIN\n"), a->kind->name);
		return 2;
	}
	a->query.office = office;
	return 0;
}

/* A report and the format it is written in. */
struct report_output {
	const struct report	*report;
	enum report_format	 format;
};

/* Writes the report in its format to fp (a cli_write_file writer). */
static int
report_write(FILE *fp, const char *name, void *ctx)
{
	const struct report_output *o = ctx;
	struct buf out = BUF_INIT;
	int rc = 0;

	switch (o->format) {
	case REPORT_TEXT:
		report_text(o->report, REPORT_TEXT_WIDTH, &out);
		break;
	case REPORT_JSON:
		report_json(o->report, &out);
		break;
	case REPORT_CSV:
		rc = report_csv(o->report, fp);
		break;
	}
	if (out.len > 0 && fwrite(out.data, 1, out.len, fp) != out.len)
		rc = -1;
	if (rc == 0 && fflush(fp) != 0)
		rc = -1;
	if (rc != 0)
		fprintf(stderr, _("jobdesk: report: %s: cannot write\n"), name);
	buf_free(&out);
	return rc;
}

/* The "report" command. */
int
cli_report(struct app *app, int argc, char **argv)
{
	struct report_args a;
	struct report_output o;
	struct report r;
	char office[32] = "", err[512], pw[256];
	int rc;

	log_set_level(LOG_WARN);
	memset(&a, 0, sizeof a);
	a.format = REPORT_TEXT;
	if ((rc = report_parse(argc, argv, &a)) != 0)
		return rc;
	if (office_first(app->store, office, sizeof office) != 0) {
		cli_no_office();
		return 1;
	}
	if (a.query.office != NULL && office_name(app->store, a.query.office, err,
	    sizeof err) != 0) {
		fprintf(stderr, _("jobdesk: report: no office \"%s\" in this terminal's "
		    "database\n"), a.query.office);
		return 1;
	}
	if (a.query.office == NULL)
		a.query.office = office;
	if (a.user != NULL) {
		rc = cli_read_password(pw, sizeof pw) != 0 ? LOGIN_ERROR :
		    (int)cli_log_in(app, a.user, pw, 0);
		memset(pw, 0, sizeof pw);
		if (rc != LOGIN_OK)
			return 1;
	} else
		cli_set_actor(app, office);
	a.query.today = store_today();
	a.query.chinese = app->chinese;
	report_query_period(&a.query, a.kind->period);
	memset(&r, 0, sizeof r);
	if (a.kind->build(app->store, &a.query, &r, err, sizeof err) != 0) {
		fprintf(stderr, _("jobdesk: report %s: %s\n"), a.kind->name, err);
		report_free(&r);
		return 1;
	}
	o.report = &r;
	o.format = a.format;
	if (a.file != NULL)
		rc = cli_write_file(a.file, report_write, &o) == 0 ? 0 : 1;
	else
		rc = report_write(stdout, _("standard output"), &o) == 0 ? 0 : 1;
	report_free(&r);
	return rc;
}
