/*
 * Benchmark: the supervisor's end of day on the district data set,
 * through the store's own reports (store/report-daily.h) as the screen
 * and "jobdesk report" ask them, each laid out as text at 80 columns
 * the way it is shown and printed:
 *
 *	daily [-n runs] DB
 *
 *   - the daily report of the district centre with its streets (every
 *     service of the district that day) on the busiest day of the last
 *     month, beside the week before (target: under 1 s);
 *   - the daily report of the busiest street office on that day;
 *   - the daily report of the district for the whole of last month;
 *   - the lists that need action of the district.
 *
 * Figures, one per line as "name value unit": the median and the 99th
 * percentile of each, and the services the day's report counted. The
 * close of day reads what the daily report reads and writes one record;
 * it is not timed here, so the data set stays as it was made.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "common/buf.h"
#include "common/report.h"
#include "common/xalloc.h"
#include "core/check.h"
#include "print/report-out.h"
#include "store/report-daily.h"
#include "store/report.h"
#include "store/store.h"
/* Only for the connection handle: the day and the offices are found on it. */
#include "store/store-int.h"

#include "benchlib.h"

#define DAILY_WARM	3	/* untimed runs before the timed ones */
#define DAILY_WIDTH	80	/* the report as shown and printed */

/* Say how to call the program and exit. */
static void
usage(void)
{
	fprintf(stderr, "usage: daily [-n runs] DB\n");
	exit(2);
}

/* The first column of the first row of sql (its ?1 bound to arg) into out; fatal when none. */
static void
first_text(sqlite3 *db, const char *what, const char *sql, const char *arg, char *out,
    size_t outlen)
{
	sqlite3_stmt *stmt;

	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		fatalx("daily: %s: %s", what, sqlite3_errmsg(db));
	if (arg != NULL)
		sqlite3_bind_text(stmt, 1, arg, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_ROW)
		fatalx("daily: the data set has no %s", what);
	snprintf(out, outlen, "%s", (const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
}

/* The value cell of the figure key in the report's figures table, or "". */
static const char *
figure(const struct report *r, const char *key)
{
	size_t i, j;

	for (i = 0; i < r->ntables; i++) {
		const struct report_table *t = r->tables[i];

		if (strcmp(t->key, "figures") != 0)
			continue;
		for (j = 0; j < t->nrows; j++)
			if (t->rows[j].kind == REPORT_ROW && strcmp(t->rows[j].cells[0], key) == 0)
				return t->rows[j].cells[2];
	}
	return "";
}

/*
 * Build the report of kind build for q, and its text, runs times after a
 * warm-up; the figures under name. The last report is kept in last
 * (freed by the caller).
 */
static void
bench_report(struct store *st, const char *name, report_build_fn build,
    const struct report_query *q, size_t runs, struct report *last)
{
	double *ms = xcalloc(runs, sizeof *ms);
	char err[512];
	size_t i;

	memset(last, 0, sizeof *last);
	for (i = 0; i < DAILY_WARM + runs; i++) {
		struct buf text = BUF_INIT;
		double t0 = now_ms();

		report_free(last);
		if (build(st, q, last, err, sizeof err) != 0)
			fatalx("daily: %s: %s", name, err);
		report_text(last, DAILY_WIDTH, &text);
		if (i >= DAILY_WARM)
			ms[i - DAILY_WARM] = now_ms() - t0;
		buf_free(&text);
	}
	report_ms(name, ms, runs);
	free(ms);
}

int
main(int argc, char **argv)
{
	struct report_query q;
	struct report r;
	char err[1024], district[64], street[64], day[16], since[16], lo[32], hi[32];
	size_t runs = 20;
	struct store *st;
	int ch, today, busiest;

	while ((ch = getopt(argc, argv, "n:")) != -1) {
		switch (ch) {
		case 'n':
			runs = parse_count("daily", optarg, "runs", 1, 100000);
			break;
		default:
			usage();
		}
	}
	if (optind + 1 != argc)
		usage();
	if (access(argv[optind], R_OK) != 0)
		fatalx("daily: %s: %s", argv[optind], strerror(errno));
	if ((st = store_open(argv[optind], err, sizeof err)) == NULL)
		fatalx("daily: %s", err);
	store_set_actor(st, "bench", "110105");
	today = store_today();

	/* The busiest day of the last month (by the day of its services' stamps). */
	date_format(date_add_days(today, -30), since);
	first_text(st->db, "services in the last month", "SELECT substr(at, 1, 10) FROM "
	    "service_event WHERE at >= ?1 GROUP BY 1 ORDER BY count(*) DESC LIMIT 1", since, day,
	    sizeof day);
	if (check_date(day, &busiest, err, sizeof err) != 0)
		fatalx("daily: %s: %s", day, err);
	first_text(st->db, "district office", "SELECT code FROM office WHERE level = 'district' "
	    "ORDER BY code LIMIT 1", NULL, district, sizeof district);
	date_format(busiest, day);
	snprintf(lo, sizeof lo, "%sT00:00:00Z", day);
	snprintf(hi, sizeof hi, "%sT23:59:59Z", day);
	{
		sqlite3_stmt *stmt;

		if (sqlite3_prepare_v2(st->db, "SELECT e.office FROM service_event e JOIN office o "
		    "ON o.code = e.office WHERE o.level = 'street' AND e.at >= ?1 AND e.at <= ?2 "
		    "GROUP BY 1 ORDER BY count(*) DESC LIMIT 1", -1, &stmt, NULL) != SQLITE_OK)
			fatalx("daily: %s", sqlite3_errmsg(st->db));
		sqlite3_bind_text(stmt, 1, lo, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, hi, -1, SQLITE_STATIC);
		if (sqlite3_step(stmt) != SQLITE_ROW)
			fatalx("daily: no street office gave services on %s", day);
		snprintf(street, sizeof street, "%s", (const char *)sqlite3_column_text(stmt, 0));
		sqlite3_finalize(stmt);
	}
	fprintf(stderr, "daily: %s, district %s, street %s\n", day, district, street);

	memset(&q, 0, sizeof q);
	q.today = today;
	q.office = district;
	q.from = q.to = busiest;
	bench_report(st, "daily_report_district", report_daily, &q, runs, &r);
	printf("daily_report_district_services %s services\n", figure(&r, "services"));
	printf("daily_report_district_outcomes %s outcomes\n", figure(&r, "outcomes"));
	report_free(&r);

	q.office = street;
	bench_report(st, "daily_report_street", report_daily, &q, runs, &r);
	printf("daily_report_street_services %s services\n", figure(&r, "services"));
	report_free(&r);

	/* Last month, whole, for the district: what a month's daily report totals. */
	q.office = district;
	q.to = date_add_days(today / 100 * 100 + 1, -1);
	q.from = q.to / 100 * 100 + 1;
	bench_report(st, "daily_report_district_month", report_daily, &q, runs < 5 ? runs : 5,
	    &r);
	printf("daily_report_district_month_services %s services\n", figure(&r, "services"));
	report_free(&r);

	q.from = q.to = today;
	bench_report(st, "end_of_day_actions_district", report_actions, &q, runs, &r);
	report_free(&r);
	store_close(st);
	return 0;
}
