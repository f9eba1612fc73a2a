/*
 * Benchmark: the subsidy roster (花名册) of a quarter for the whole
 * district on the district data set, through the store's own builder
 * (report_roster) and the CSV a claim is filed with: this quarter from
 * its first day to today, which holds most of the placements of the
 * generator's half year of referrals (they crowd towards today).
 *
 *	roster [-n runs] DB
 *
 * Figures, one per line as "name value unit": the median and the 99th
 * percentile of the roster built (target: under 1 s) and of the roster
 * built and written as CSV, the median of the processor time the roster
 * took (which a machine busy with other work does not stretch as it
 * stretches the clock's), and the rows on the roster and held back.
 * The roster audits each person it names; the audit records the runs
 * leave are taken out again, so that the data set stays as it was made.
 */
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/report.h"
#include "common/xalloc.h"
#include "core/check.h"
#include "print/report-out.h"
#include "store/report.h"
#include "store/store.h"

#include "benchlib.h"

#define ROSTER_WARM	1
#define ROSTER_ACTOR	"bench-roster"

/* Say how to call the program and exit. */
static void
usage(void)
{
	fprintf(stderr, "usage: roster [-n runs] DB\n");
	exit(2);
}

/* This calendar quarter, from its first day to today, into q. */
static void
this_quarter(struct report_query *q)
{
	int y = q->today / 10000, m = q->today / 100 % 100;

	q->from = y * 10000 + ((m - 1) / 3 * 3 + 1) * 100 + 1;
	q->to = q->today;
}

/* Milliseconds of processor time this process has used. */
static double
cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Build the roster (and write it as CSV when csv is set) n times after a warm-up. */
static void
bench_roster(struct store *st, const struct report_query *q, const char *name, int csv,
    size_t n, size_t *on, size_t *held)
{
	double *ms = xcalloc(n, sizeof *ms), *cpu = xcalloc(n, sizeof *cpu);
	char err[512];
	size_t i;

	for (i = 0; i < n + ROSTER_WARM; i++) {
		struct report r;
		double t0 = now_ms(), c0 = cpu_ms();
		FILE *fp;

		memset(&r, 0, sizeof r);
		if (report_roster(st, q, &r, err, sizeof err) != 0)
			fatalx("roster: %s", err);
		if (csv) {
			if ((fp = fopen("/dev/null", "w")) == NULL ||
			    report_csv(&r, fp) != 0 || fclose(fp) != 0)
				fatalx("roster: cannot write the CSV to /dev/null");
		}
		if (i >= ROSTER_WARM) {
			ms[i - ROSTER_WARM] = now_ms() - t0;
			cpu[i - ROSTER_WARM] = cpu_ms() - c0;
		}
		*on = r.tables[0]->nrows;
		*held = r.tables[1]->nrows;
		report_free(&r);
	}
	report_ms(name, ms, n);
	if (!csv) {
		sort_doubles(cpu, n);
		printf("%s_cpu_median %.3f ms\n", name, percentile(cpu, n, 50));
	}
	free(ms);
	free(cpu);
}

/* Take the runs' audit records out of the data set (they are the bench's, not a clerk's). */
static void
bench_forget(const char *path)
{
	sqlite3 *db;
	char *msg = NULL;

	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_exec(db, "DELETE FROM audit WHERE clerk = '" ROSTER_ACTOR "' AND "
	    "action = 'roster'", NULL, NULL, &msg) != SQLITE_OK)
		fatalx("roster: cannot take the audit records out: %s",
		    msg != NULL ? msg : sqlite3_errmsg(db));
	sqlite3_close(db);
}

/* Open the data set, build this quarter's roster, print the figures. */
int
main(int argc, char **argv)
{
	struct report_query q;
	struct store *st;
	size_t n = 5, on = 0, held = 0;
	char err[1024];
	int ch;

	while ((ch = getopt(argc, argv, "n:")) != -1) {
		switch (ch) {
		case 'n':
			n = parse_count("roster", optarg, "runs", 1, 1000);
			break;
		default:
			usage();
		}
	}
	if (optind + 1 != argc)
		usage();
	if (access(argv[optind], R_OK) != 0)
		fatalx("roster: %s: %s", argv[optind], strerror(errno));
	if ((st = store_open(argv[optind], err, sizeof err)) == NULL)
		fatalx("roster: %s", err);
	store_set_actor(st, ROSTER_ACTOR, "110105");
	memset(&q, 0, sizeof q);
	q.office = "110105";
	q.today = store_today();
	q.chinese = 1;
	this_quarter(&q);
	bench_roster(st, &q, "roster_quarter", 0, n, &on, &held);
	bench_roster(st, &q, "roster_quarter_csv", 1, n, &on, &held);
	printf("roster_quarter_rows %zu rows\n", on);
	printf("roster_quarter_held_back %zu rows\n", held);
	store_close(st);
	bench_forget(argv[optind]);
	if (on == 0)
		fprintf(stderr, "roster: no placement in the quarter %d-%d: the figure measures an "
		    "empty roster\n", q.from, q.to);
	return 0;
}
