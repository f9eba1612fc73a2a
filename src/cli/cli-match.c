/*
 * The "match" command: the ranked vacancies for a job seeker (by ID
 * number) or the ranked seekers for a vacancy (by its id), with each
 * candidate's score parts, as text or CSV, for scripts and for checking
 * the ranking against the configuration. Lists mask ID numbers; nothing
 * is written to the database (a script is not a service at the window).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "cli/cli.h"
#include "common/buf.h"
#include "common/csv.h"
#include "common/i18n.h"
#include "core/idnum.h"
#include "core/match.h"
#include "store/matching.h"
#include "store/seeker.h"
#include "store/store.h"

/* Print the command's usage on stderr; the exit status for a usage error. */
static int
match_usage(void)
{
	fprintf(stderr, "%s", _("usage: jobdesk match seeker ID_NUMBER|vacancy VACANCY_ID "
	    "[--limit N] [--near] [--format text|csv]\n"));
	return 2;
}

/* The list as CSV: a header row of keys, a row a candidate. */
static int
match_print_csv(const struct match_config *cfg, const struct match_list *l)
{
	static const char *const header[] = { "rank", "id", "label", "score", "occupation",
		"wage", "place", "freshness", "priority", "misses" };
	char num[MATCH_NPARTS + 3][24], misses[256];
	const char *row[sizeof header / sizeof header[0]];
	size_t i;
	int p;

	if (csv_write(stdout, header, sizeof header / sizeof header[0]) != 0)
		return -1;
	for (i = 0; i < l->n; i++) {
		const struct match_candidate *c = &l->items[i];

		snprintf(num[0], sizeof num[0], "%zu", i + 1);
		snprintf(num[1], sizeof num[1], "%d", c->result.score);
		for (p = 0; p < MATCH_NPARTS; p++)
			snprintf(num[2 + p], sizeof num[0], "%d",
			    match_part_points(cfg, &c->result, (enum match_part)p));
		snprintf(num[2 + MATCH_NPARTS], sizeof num[0], "%d", c->result.points);
		if (c->result.misses != 0)
			match_breakdown(cfg, &c->result, misses, sizeof misses);
		else
			*misses = '\0';
		row[0] = num[0];
		row[1] = c->id;
		row[2] = c->label;
		row[3] = num[1];
		for (p = 0; p <= MATCH_NPARTS; p++)
			row[4 + p] = num[2 + p];
		row[4 + MATCH_NPARTS + 1] = misses;
		if (csv_write(stdout, row, sizeof row / sizeof row[0]) != 0)
			return -1;
	}
	return 0;
}

/* The list as text: a line a candidate, rank, score, breakdown, id and label. */
static void
match_print_text(const struct match_config *cfg, const struct match_list *l)
{
	char parts[256];
	size_t i;

	printf(_("%s: %zu shown of %zu\n"), l->subject, l->n, l->found);
	for (i = 0; i < l->n; i++) {
		const struct match_candidate *c = &l->items[i];

		match_breakdown(cfg, &c->result, parts, sizeof parts);
		printf("%3zu %3d  %s  %s  %s\n", i + 1, c->result.score, parts, c->id, c->label);
	}
}

/* jobdesk match seeker|vacancy KEY [--limit N] [--near] [--format text|csv]. */
int
cli_match(struct app *app, int argc, char **argv)
{
	struct match_config cfg;
	struct match_list l;
	struct idnum idn;
	const char *format = "text";
	char err[512], id[IDENT_LEN + 1], *end;
	long limit;
	int i, near_misses = 0, rc;

	app_match_config(app, &cfg);
	limit = cfg.list_size;
	if (argc < 2 || (strcmp(argv[0], "seeker") != 0 && strcmp(argv[0], "vacancy") != 0))
		return match_usage();
	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--near") == 0)
			near_misses = 1;
		else if (strcmp(argv[i], "--limit") == 0 && i + 1 < argc) {
			limit = strtol(argv[++i], &end, 10);
			if (*end != '\0' || limit < 1 || limit > 100000) {
				fprintf(stderr, _("jobdesk: match: --limit \"%s\" is not a number "
				    "from 1 to 100000\n"), argv[i]);
				return 2;
			}
		} else if (strcmp(argv[i], "--format") == 0 && i + 1 < argc &&
		    (strcmp(argv[i + 1], "text") == 0 || strcmp(argv[i + 1], "csv") == 0))
			format = argv[++i];
		else
			return match_usage();
	}
	if (strcmp(argv[0], "seeker") == 0) {
		if (idnum_parse(argv[1], store_today(), &idn, err, sizeof err) != 0) {
			fprintf(stderr, _("jobdesk: match: %s\n"), err);
			return 1;
		}
		if ((rc = seeker_find_idnum(app->store, idn.number, id)) <= 0) {
			if (rc == 0)
				fprintf(stderr, "%s\n", _("jobdesk: match: no job seeker has this "
				    "ID number"));
			else
				fprintf(stderr, _("jobdesk: match: %s\n"), store_errmsg(app->store));
			return 1;
		}
		rc = matching_for_seeker(app->store, &cfg, id, store_today(), near_misses,
		    (size_t)limit, &l, err, sizeof err);
	} else
		rc = matching_for_vacancy(app->store, &cfg, argv[1], store_today(), near_misses,
		    (size_t)limit, &l, err, sizeof err);
	if (rc != 0) {
		fprintf(stderr, _("jobdesk: match: %s\n"), err);
		return 1;
	}
	if (strcmp(format, "csv") == 0)
		rc = match_print_csv(&cfg, &l);
	else
		match_print_text(&cfg, &l);
	if (fflush(stdout) != 0 || rc != 0) {
		fprintf(stderr, "%s\n", _("jobdesk: match: cannot write the list"));
		rc = 1;
	}
	matching_free(&l);
	return rc;
}
