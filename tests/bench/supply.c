/*
 * Benchmark: supply and demand (供求分析) of a quarter for the whole
 * district by every breakdown, through the report's own builder
 * (report_supply_demand, as "jobdesk report supply-demand" and the
 * end-of-day menu ask it), on the district data set.
 *
 *	supply [-n runs] DB
 *
 * The quarter is the last whole one before today. Figures, one per line
 * as "name value unit": the median and the 99th percentile of the
 * builder (target: under 2 s), the same with the report written as text
 * at 80 columns (what the screen and the printer get), and the valid
 * seekers and demand it counted.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/report.h"
#include "common/xalloc.h"
#include "print/report-out.h"
#include "store/report.h"
#include "store/store.h"

#include "benchlib.h"

#define SUPPLY_WARM	1	/* untimed runs first, so that the pages are in the caches */
#define SUPPLY_OFFICE	"110105"	/* the district gen makes (tests/bench/gen.c) */

/* Say how to call the program and exit. */
static void
usage(void)
{
	fprintf(stderr, "usage: supply [-n runs] DB\n");
	exit(2);
}

/* The last whole quarter before today into from and to. */
static void
supply_quarter(int today, int *from, int *to)
{
	static const int ends[4] = { 331, 630, 930, 1231 };
	int y = today / 10000, q = (today / 100 % 100 - 1) / 3 - 1;

	if (q < 0) {
		q = 3;
		y--;
	}
	*from = y * 10000 + (q * 3 + 1) * 100 + 1;
	*to = y * 10000 + ends[q];
}

/* A figure of the total row of the report's first table, by column key. */
static const char *
supply_total(const struct report *r, const char *key)
{
	const struct report_table *t = r->tables[0];
	size_t j;

	for (j = 0; j < t->ncols; j++)
		if (strcmp(t->cols[j].key, key) == 0)
			return t->rows[t->nrows - 1].cells[j];
	fatalx("supply: no column %s", key);
}

int
main(int argc, char **argv)
{
	struct report_query q = { .office = SUPPLY_OFFICE };
	struct store *st;
	struct report r;
	double *ms, *text_ms;
	size_t n = 5, i;
	char err[1024];
	int ch;

	while ((ch = getopt(argc, argv, "n:")) != -1) {
		switch (ch) {
		case 'n':
			n = parse_count("supply", optarg, "runs", 1, 1000);
			break;
		default:
			usage();
		}
	}
	if (optind + 1 != argc)
		usage();
	if (access(argv[optind], R_OK) != 0)
		fatalx("supply: %s: %s", argv[optind], strerror(errno));
	if ((st = store_open(argv[optind], err, sizeof err)) == NULL)
		fatalx("supply: %s", err);
	q.today = store_today();
	supply_quarter(q.today, &q.from, &q.to);
	ms = xcalloc(n, sizeof *ms);
	text_ms = xcalloc(n, sizeof *text_ms);
	for (i = 0; i < n + SUPPLY_WARM; i++) {
		struct buf text = BUF_INIT;
		double t0 = now_ms(), t1;

		if (report_supply_demand(st, &q, &r, err, sizeof err) != 0)
			fatalx("supply: %s", err);
		t1 = now_ms();
		report_text(&r, 80, &text);
		if (i >= SUPPLY_WARM) {
			ms[i - SUPPLY_WARM] = t1 - t0;
			text_ms[i - SUPPLY_WARM] = now_ms() - t0;
		}
		buf_free(&text);
		if (i + 1 < n + SUPPLY_WARM)
			report_free(&r);
	}
	report_ms("supply_demand_quarter", ms, n);
	report_ms("supply_demand_quarter_text", text_ms, n);
	printf("supply_demand_quarter_seekers %s rows\n", supply_total(&r, "seekers"));
	printf("supply_demand_quarter_demand %s people\n", supply_total(&r, "demand"));
	printf("supply_demand_quarter_tables %zu tables\n", r.ntables);
	report_free(&r);
	free(ms);
	free(text_ms);
	store_close(st);
	return 0;
}
