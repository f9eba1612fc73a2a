/*
 * Benchmark: seeker search on a generated data set, through the real code
 * path (store_open, seeker_search), as a clerk's search box calls it.
 *
 *	search [-n queries] [-m max_hits] [-r seed] DB
 *
 * Draws real ID numbers, phones, their last digits (four, five and six,
 * from an ID number and a phone in turn: 尾号) and pieces of names (one,
 * two and three characters) from random seekers, runs every query once to
 * warm the caches, then times each query with CLOCK_MONOTONIC. Each
 * search also counts what it found, as the seeker list does ("200 shown
 * of 790"); the share of searches whose list was cut is printed. Then
 * the employer search (two characters of a name) and the search of every
 * employer's vacancies (two characters of a title, open ones only), each
 * counting what it finds as its screen does. Also times a
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
#include "store/employer.h"
#include "store/seeker.h"
#include "store/vacancy.h"
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
draw(sqlite3 *db, size_t nseekers, struct query *idq, struct query *phq, struct query *tlq,
    struct query *nmq, size_t n)
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
		/* The last 4, 5 or 6 digits, of the ID number and of the phone in turn. */
		{
			const char *num = i % 2 == 0 ? idnum : phone;
			size_t nlen = strlen(num), tail = i % 3 + 4;

			snprintf(tlq[i].text, sizeof tlq[i].text, "%s",
			    nlen > tail ? num + nlen - tail : num);
			snprintf(tlq[i].want, sizeof tlq[i].want, "%s", num);
		}
		u8_piece(name, rng_below(len - want + 1), want, nmq[i].text, sizeof nmq[i].text);
		sqlite3_reset(stmt);
	}
	sqlite3_finalize(stmt);
}

enum query_kind { K_IDNUM, K_PHONE, K_TAIL, K_NAME };

/* Run one query, counting what it finds as the list does; 0 if the hits are right, -1 if not. */
static int
run_one(struct store *st, const struct query *q, enum query_kind k, struct seeker_hit *hits,
    size_t max, size_t *n, size_t *found)
{
	size_t i;

	if (seeker_search(st, q->text, hits, max, n, found) != 0 || *found < *n)
		return -1;
	for (i = 0; i < *n; i++) {
		if ((k == K_IDNUM || k == K_TAIL) && strcmp(hits[i].id_number, q->want) == 0)
			return 0;
		if ((k == K_PHONE || k == K_TAIL) && strcmp(hits[i].phone, q->want) == 0)
			return 0;
		if (k == K_NAME && strstr(hits[i].name, q->text) == NULL)
			return -1;
	}
	return k == K_NAME && *n > 0 ? 0 : -1;
}

/* Time every query of one kind; the count of wrong answers. */
static size_t
run_kind(struct store *st, const struct query *qs, size_t n, enum query_kind k, size_t max,
    double *ms, double *mean_hits, double *cut)
{
	struct seeker_hit *hits = xcalloc(max, sizeof *hits);
	size_t i, bad = 0, total = 0, got, found, ncut = 0;

	for (i = 0; i < n; i++) {
		double t0 = now_ms();
		int rc = run_one(st, &qs[i], k, hits, max, &got, &found);

		ms[i] = now_ms() - t0;
		total += got;
		if (found > got)
			ncut++;
		if (rc != 0) {
			if (bad < 5)
				fprintf(stderr, "search: \"%s\" gave %zu hits, not the expected one\n",
				    qs[i].text, got);
			bad++;
		}
	}
	*mean_hits = (double)total / (double)n;
	*cut = 100.0 * (double)ncut / (double)n;
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
			if (seeker_search(st, nmq[i].text, h, max, &got, NULL) == 0)
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

/* Two characters of the text of column col of a random row of table (rows 1..max(rid)). */
static void
draw_piece(sqlite3 *db, const char *table, const char *col, char *out, size_t outlen)
{
	char sql[128];
	sqlite3_stmt *stmt;
	size_t rows, len;

	snprintf(sql, sizeof sql, "SELECT max(rid) FROM %s", table);
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK ||
	    sqlite3_step(stmt) != SQLITE_ROW)
		fatalx("search: %s", sqlite3_errmsg(db));
	rows = (size_t)sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	if (rows == 0)
		fatalx("search: no %s rows", table);
	snprintf(sql, sizeof sql, "SELECT %s FROM %s WHERE rid = ?", col, table);
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		fatalx("search: %s", sqlite3_errmsg(db));
	for (;;) {
		sqlite3_bind_int64(stmt, 1, (sqlite3_int64)rng_below(rows) + 1);
		if (sqlite3_step(stmt) == SQLITE_ROW &&
		    (len = u8_chars((const char *)sqlite3_column_text(stmt, 0))) >= 2)
			break;
		sqlite3_reset(stmt);
	}
	u8_piece((const char *)sqlite3_column_text(stmt, 0), rng_below(len - 1), 2, out, outlen);
	sqlite3_finalize(stmt);
}

/*
 * Time n employer searches and n searches of every employer's open
 * vacancies, for pieces of real names and titles; the employer searches
 * that miss the employer drawn.
 */
static size_t
run_lists(struct store *st, size_t n, size_t max, double *ms)
{
	struct employer_hit *eh = xcalloc(max, sizeof *eh);
	struct vacancy_hit *vh = xcalloc(max, sizeof *vh);
	char (*eq)[64] = xcalloc(n, sizeof *eq), (*vq)[64] = xcalloc(n, sizeof *vq);
	size_t i, got, found, bad = 0, total = 0, pass;

	for (i = 0; i < n; i++) {
		draw_piece(st->db, "employer", "name", eq[i], sizeof eq[i]);
		draw_piece(st->db, "vacancy", "title", vq[i], sizeof vq[i]);
	}
	/* Once to warm the caches, once timed. */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < n; i++) {
			double t0 = now_ms();

			employer_search(st, eq[i], eh, max, &got, &found);
			ms[i] = now_ms() - t0;
			if (pass == 1 && got == 0)
				bad++;
		}
	}
	report_ms("search_employer", ms, n);
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < n; i++) {
			struct vacancy_query q = { .text = vq[i], .district = "", .open_only = 1 };
			double t0 = now_ms();

			vacancy_search(st, &q, vh, max, &got, &found);
			ms[i] = now_ms() - t0;
			if (pass == 1)
				total += got;
		}
	}
	report_ms("search_vacancy", ms, n);
	printf("search_vacancy_hits_mean %.1f rows\n", (double)total / (double)n);
	free(eh);
	free(vh);
	free(eq);
	free(vq);
	return bad;
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
	struct query *idq, *phq, *tlq, *nmq;
	struct store *st;
	sqlite3_stmt *stmt;
	size_t n = 1000, max = SEARCH_MAX, nseekers = 0, bad = 0;
	double *ms, hits, cut;
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
	tlq = xcalloc(n, sizeof *tlq);
	nmq = xcalloc(n, sizeof *nmq);
	ms = xcalloc(n, sizeof *ms);
	draw(st->db, nseekers, idq, phq, tlq, nmq, n);

	/* Warm up: every query once, untimed, so that the pages are in the caches. */
	run_select1(st->db, ms, n);
	run_kind(st, idq, n, K_IDNUM, max, ms, &hits, &cut);
	run_kind(st, phq, n, K_PHONE, max, ms, &hits, &cut);
	run_kind(st, tlq, n, K_TAIL, max, ms, &hits, &cut);
	run_kind(st, nmq, n, K_NAME, max, ms, &hits, &cut);

	run_select1(st->db, ms, n);
	report_ms("sqlite_select1", ms, n);
	bad += run_kind(st, idq, n, K_IDNUM, max, ms, &hits, &cut);
	report_ms("search_idnum", ms, n);
	bad += run_kind(st, phq, n, K_PHONE, max, ms, &hits, &cut);
	report_ms("search_phone", ms, n);
	bad += run_kind(st, tlq, n, K_TAIL, max, ms, &hits, &cut);
	report_ms("search_tail", ms, n);
	printf("search_tail_hits_mean %.1f rows\n", hits);
	bad += run_kind(st, nmq, n, K_NAME, max, ms, &hits, &cut);
	report_ms("search_name", ms, n);
	printf("search_name_hits_mean %.1f rows\n", hits);
	printf("search_name_cut %.1f %%\n", cut);
	report_by_length(st, nmq, ms, n, max);
	bad += run_lists(st, n, max, ms);
	printf("search_queries_per_kind %zu queries\n", n);
	free(idq);
	free(phq);
	free(tlq);
	free(nmq);
	free(ms);
	store_close(st);
	if (bad > 0) {
		fprintf(stderr, "search: %zu searches missed the record they were drawn from\n", bad);
		return 1;
	}
	return 0;
}
