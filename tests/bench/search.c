/*
 * Benchmark: seeker search on a generated data set, through the real code
 * path (store_open, seeker_search), as a clerk's search box calls it.
 *
 *	search [-n queries] [-m max_hits] [-r seed] DB
 *
 * Draws real ID numbers, phones and pieces of names (one, two and three
 * characters) from random seekers, runs every query once to warm the
 * caches, then times each query with CLOCK_MONOTONIC. Also times a
 * trivial "SELECT 1" (prepare, step, finalize, as seeker_search prepares
 * its statements) on the same connection, so that a reader can tell the
 * machine's noise from the search's cost. Prints figures as
 * "name value unit"; exits 1 if a search misses the seeker it was drawn from.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "common/xalloc.h"
#include "store/seeker.h"
/*
 * Only for the connection handle: the baseline must run on the very
 * connection the searches use, and the store does not hand it out.
 */
#include "store/store-int.h"

#include "benchlib.h"

#define SEARCH_MAX	200	/* hits the seeker list asks for (ui/screen-seekers.c) */

struct query {
	char	text[64];
	char	want[24];	/* ID number or phone that must be among the hits */
};

/* Number of characters in UTF-8 text. */
static size_t
u8_chars(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if ((*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* Copy characters [from, from + count) of UTF-8 text. */
static void
u8_piece(const char *s, size_t from, size_t count, char *out, size_t outlen)
{
	const char *start = NULL, *p = s;
	size_t i = 0;

	for (;; p++) {
		if (*p == '\0' || (*p & 0xc0) != 0x80) {
			if (i == from)
				start = p;
			if (i == from + count || *p == '\0')
				break;
			i++;
		}
	}
	snprintf(out, outlen, "%.*s", (int)(p - start), start);
}

/* Draw the queries from random seekers. */
static void
draw(sqlite3 *db, size_t nseekers, struct query *idq, struct query *phq, struct query *nmq,
    size_t n)
{
	sqlite3_stmt *stmt;
	size_t i;

	if (sqlite3_prepare_v2(db, "SELECT id_number, phone, name FROM seeker WHERE rid = ?",
	    -1, &stmt, NULL) != SQLITE_OK)
		fatalx("search: %s", sqlite3_errmsg(db));
	for (i = 0; i < n; i++) {
		/* One, two and three characters in turn; a three needs a longer name. */
		size_t want = i % 3 + 1, len;
		const char *idnum, *phone, *name;

		do {
			sqlite3_bind_int64(stmt, 1, (sqlite3_int64)rng_below(nseekers) + 1);
			if (sqlite3_step(stmt) != SQLITE_ROW)
				fatalx("search: seeker rows are not numbered 1..%zu", nseekers);
			idnum = (const char *)sqlite3_column_text(stmt, 0);
			phone = (const char *)sqlite3_column_text(stmt, 1);
			name = (const char *)sqlite3_column_text(stmt, 2);
			len = u8_chars(name);
			if (len >= want)
				break;
			sqlite3_reset(stmt);
		} while (1);
		snprintf(idq[i].text, sizeof idq[i].text, "%s", idnum);
		snprintf(idq[i].want, sizeof idq[i].want, "%s", idnum);
		snprintf(phq[i].text, sizeof phq[i].text, "%s", phone);
		snprintf(phq[i].want, sizeof phq[i].want, "%s", phone);
		u8_piece(name, rng_below(len - want + 1), want, nmq[i].text, sizeof nmq[i].text);
		sqlite3_reset(stmt);
	}
	sqlite3_finalize(stmt);
}

enum query_kind { K_IDNUM, K_PHONE, K_NAME };

/* Run one query; 0 if the hits are right, -1 if not. */
static int
run_one(struct store *st, const struct query *q, enum query_kind k, struct seeker_hit *hits,
    size_t max, size_t *n)
{
	size_t i;

	if (seeker_search(st, q->text, hits, max, n) != 0)
		return -1;
	for (i = 0; i < *n; i++) {
		if (k == K_IDNUM && strcmp(hits[i].id_number, q->want) == 0)
			return 0;
		if (k == K_PHONE && strcmp(hits[i].phone, q->want) == 0)
			return 0;
		if (k == K_NAME && strstr(hits[i].name, q->text) == NULL)
			return -1;
	}
	return k == K_NAME && *n > 0 ? 0 : -1;
}

/* Time every query of one kind; the count of wrong answers. */
static size_t
run_kind(struct store *st, const struct query *qs, size_t n, enum query_kind k, size_t max,
    double *ms, double *mean_hits)
{
	struct seeker_hit *hits = xcalloc(max, sizeof *hits);
	size_t i, bad = 0, total = 0, got;

	for (i = 0; i < n; i++) {
		double t0 = now_ms();
		int rc = run_one(st, &qs[i], k, hits, max, &got);

		ms[i] = now_ms() - t0;
		total += got;
		if (rc != 0) {
			if (bad < 5)
				fprintf(stderr, "search: \"%s\" gave %zu hits, not the expected one\n",
				    qs[i].text, got);
			bad++;
		}
	}
	*mean_hits = (double)total / (double)n;
	free(hits);
	return bad;
}

/*
 * The name queries split by the length of the piece (query i has i % 3 + 1
 * characters): times from ms, taken in query order, and the mean hits.
 */
static void
report_by_length(struct store *st, const struct query *nmq, const double *ms, size_t n,
    size_t max)
{
	struct seeker_hit *h = xcalloc(max, sizeof *h);
	double *by = xcalloc(n, sizeof *by), sum;
	size_t len, i, nby, got;
	char name[32];

	for (len = 1; len <= 3; len++) {
		nby = 0;
		sum = 0;
		for (i = len - 1; i < n; i += 3) {
			by[nby++] = ms[i];
			if (seeker_search(st, nmq[i].text, h, max, &got) == 0)
				sum += (double)got;
		}
		if (nby == 0)
			continue;
		snprintf(name, sizeof name, "search_name%zu", len);
		report_ms(name, by, nby);
		printf("%s_hits_mean %.1f rows\n", name, sum / (double)nby);
	}
	free(by);
	free(h);
}

/* Prepare, step and finalize "SELECT 1": the floor under any query here. */
static void
run_select1(sqlite3 *db, double *ms, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		sqlite3_stmt *stmt;
		double t0 = now_ms();

		if (sqlite3_prepare_v2(db, "SELECT 1", -1, &stmt, NULL) != SQLITE_OK ||
		    sqlite3_step(stmt) != SQLITE_ROW)
			fatalx("search: SELECT 1: %s", sqlite3_errmsg(db));
		sqlite3_finalize(stmt);
		ms[i] = now_ms() - t0;
	}
}

int
main(int argc, char **argv)
{
	struct query *idq, *phq, *nmq;
	struct store *st;
	sqlite3_stmt *stmt;
	size_t n = 1000, max = SEARCH_MAX, nseekers = 0, bad = 0;
	double *ms, hits;
	char err[1024];
	int ch;

	rng_seed(7);
	while ((ch = getopt(argc, argv, "n:m:r:")) != -1) {
		switch (ch) {
		case 'n':
			n = parse_count("search", optarg, "queries", 1, 1000000);
			break;
		case 'm':
			max = parse_count("search", optarg, "max hits", 1, 1000000);
			break;
		case 'r':
			rng_seed(parse_count("search", optarg, "seed", 1, 1000000));
			break;
		default:
			fprintf(stderr, "usage: search [-n queries] [-m max_hits] [-r seed] DB\n");
			return 2;
		}
	}
	if (optind + 1 != argc) {
		fprintf(stderr, "usage: search [-n queries] [-m max_hits] [-r seed] DB\n");
		return 2;
	}
	if (access(argv[optind], R_OK) != 0)
		fatalx("search: %s: %s", argv[optind], strerror(errno));
	if ((st = store_open(argv[optind], err, sizeof err)) == NULL)
		fatalx("search: %s", err);
	if (sqlite3_prepare_v2(st->db, "SELECT max(rid) FROM seeker", -1, &stmt, NULL) !=
	    SQLITE_OK || sqlite3_step(stmt) != SQLITE_ROW)
		fatalx("search: %s", sqlite3_errmsg(st->db));
	nseekers = (size_t)sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	if (nseekers == 0)
		fatalx("search: %s has no seekers", argv[optind]);

	idq = xcalloc(n, sizeof *idq);
	phq = xcalloc(n, sizeof *phq);
	nmq = xcalloc(n, sizeof *nmq);
	ms = xcalloc(n, sizeof *ms);
	draw(st->db, nseekers, idq, phq, nmq, n);

	/* Warm up: every query once, untimed, so that the pages are in the caches. */
	run_select1(st->db, ms, n);
	run_kind(st, idq, n, K_IDNUM, max, ms, &hits);
	run_kind(st, phq, n, K_PHONE, max, ms, &hits);
	run_kind(st, nmq, n, K_NAME, max, ms, &hits);

	run_select1(st->db, ms, n);
	report_ms("sqlite_select1", ms, n);
	bad += run_kind(st, idq, n, K_IDNUM, max, ms, &hits);
	report_ms("search_idnum", ms, n);
	bad += run_kind(st, phq, n, K_PHONE, max, ms, &hits);
	report_ms("search_phone", ms, n);
	bad += run_kind(st, nmq, n, K_NAME, max, ms, &hits);
	report_ms("search_name", ms, n);
	printf("search_name_hits_mean %.1f rows\n", hits);
	report_by_length(st, nmq, ms, n, max);
	printf("search_queries_per_kind %zu queries\n", n);
	free(idq);
	free(phq);
	free(nmq);
	free(ms);
	store_close(st);
	if (bad > 0) {
		fprintf(stderr, "search: %zu searches missed the seeker they were drawn from\n", bad);
		return 1;
	}
	return 0;
}
