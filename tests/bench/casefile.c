/*
 * Benchmark: the due list of the hardship case files (一人一档) on the
 * district data set, through the store's own function (casefile_due_list):
 * the office's, as a supervisor asks it (the district's office and its
 * streets, with the hardship persons who have no case file yet), and one
 * clerk's.
 *
 *	casefile [-n runs] DB
 *
 * Figures, one per line as "name value unit": the median and the 99th
 * percentile of each list (target: the district's under 200 ms), and the
 * rows each gives. The list reads the due day the store keeps on each
 * plan, by its index, never the contacts, and the persons without a file
 * from the index of the hardship persons, never the whole seeker table.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/xalloc.h"
#include "core/check.h"
#include "store/casefile.h"
#include "store/store.h"

#include "benchlib.h"

#define CASEFILE_WARM	3
#define CASEFILE_MAX	2000	/* the due list's length, as its screen asks */

/* Say how to call the program and exit. */
static void
usage(void)
{
	fprintf(stderr, "usage: casefile [-n runs] DB\n");
	exit(2);
}

/* The due list of clerk (NULL: the office's) n times after a warm-up; the rows it gives. */
static size_t
bench_list(struct store *st, const char *name, const char *clerk, size_t n)
{
	struct casefile_due *hits = xcalloc(CASEFILE_MAX, sizeof *hits);
	double *ms = xcalloc(n, sizeof *ms);
	size_t i, got = 0;

	for (i = 0; i < n + CASEFILE_WARM; i++) {
		double t0 = now_ms();

		if (casefile_due_list(st, clerk, store_office(st), store_today(), hits,
		    CASEFILE_MAX, &got) != 0)
			fatalx("casefile: the due list: %s", store_errmsg(st));
		if (i >= CASEFILE_WARM)
			ms[i - CASEFILE_WARM] = now_ms() - t0;
	}
	report_ms(name, ms, n);
	free(ms);
	free(hits);
	return got;
}

int
main(int argc, char **argv)
{
	struct store *st;
	size_t n = 50, office, mine;
	char err[1024];
	int ch;

	while ((ch = getopt(argc, argv, "n:")) != -1) {
		switch (ch) {
		case 'n':
			n = parse_count("casefile", optarg, "runs", 1, 100000);
			break;
		default:
			usage();
		}
	}
	if (optind + 1 != argc)
		usage();
	if (access(argv[optind], R_OK) != 0)
		fatalx("casefile: %s: %s", argv[optind], strerror(errno));
	if ((st = store_open(argv[optind], err, sizeof err)) == NULL)
		fatalx("casefile: %s", err);
	store_set_actor(st, "bench", "110105");
	office = bench_list(st, "casefile_due_list_office", NULL, n);
	printf("casefile_due_list_office_rows %zu rows\n", office);
	/* One of the twelve clerks gen made caseworkers. */
	mine = bench_list(st, "casefile_due_list_clerk", "clerk01", n);
	printf("casefile_due_list_clerk_rows %zu rows\n", mine);
	store_close(st);
	if (office == 0)
		fprintf(stderr, "casefile: no case file is due in the data set: the figure "
		    "measures an empty list\n");
	return 0;
}
