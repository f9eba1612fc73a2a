/*
 * Benchmark: matching and referrals on a generated data set, through the
 * real code paths, as the match screens and the referral screens call them.
 *
 *	match [-n seekers] [-m vacancies] [-k letters] [-r seed] [-l letter] DB
 *
 * Draws open, valid seekers who want the most wanted occupation of the
 * district and seekers who want one of the rarest, and open, valid
 * vacancies of the most and of the least offered occupations. Times
 * the first list of each way (it builds the matching index), then
 * matching_for_seeker and matching_for_vacancy for each (the list size
 * and weights are jobdesk.ini's defaults, from the configuration's own
 * table), a list after each write of a candidate, the letter of a referral from its values to a file (template
 * loaded, laid out, printed, as ui_print_referral does it; then with its
 * audit record) and the list of referrals due for a follow-up. Every kind
 * is run a few times untimed first, so that the pages are in the caches.
 * A "SELECT 1" on the same connection is the floor under all of it.
 * Prints figures as "name value unit"; exits 1 only if a call fails or a
 * list comes back empty where it cannot be.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "app/app.h"
#include "common/buf.h"
#include "common/config.h"
#include "common/fields.h"
#include "common/letterdef.h"
#include "common/xalloc.h"
#include "core/check.h"
#include "core/letter.h"
#include "core/match.h"
#include "print/print.h"
#include "store/match-index.h"
#include "store/matching.h"
#include "store/referral.h"
#include "store/store.h"
/*
 * Only for the connection handle: the draws and the baseline run on the
 * very connection the lists use, and the store does not hand it out.
 */
#include "store/store-int.h"

#include "benchlib.h"

#define MATCH_WARM	5	/* untimed calls of each kind before the timed ones */
#define DUE_MAX		500	/* the due list's length, as the referrals screen asks */

/* Record ids drawn for one kind of list. */
struct subjects {
	char	(*id)[IDENT_LEN + 1];
	size_t	  n;
};

/*
 * Draw n ids (with repeats when there are fewer) from what sql selects,
 * ?1 bound to today's date; fatal when it selects nothing.
 */
static void
draw(sqlite3 *db, const char *what, const char *sql, const char *today, size_t n,
    struct subjects *out)
{
	char (*all)[IDENT_LEN + 1] = NULL;
	sqlite3_stmt *stmt;
	size_t nall = 0, cap = 0, i;

	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		fatalx("match: %s: %s", what, sqlite3_errmsg(db));
	sqlite3_bind_text(stmt, 1, today, -1, SQLITE_STATIC);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		if (nall == cap) {
			cap = cap ? 2 * cap : 1024;
			all = xreallocarray(all, cap, sizeof *all);
		}
		snprintf(all[nall++], sizeof *all, "%s", (const char *)sqlite3_column_text(stmt, 0));
	}
	sqlite3_finalize(stmt);
	if (nall == 0)
		fatalx("match: the data set has no %s", what);
	out->id = xcalloc(n, sizeof *out->id);
	out->n = n;
	for (i = 0; i < n; i++)
		memcpy(out->id[i], all[rng_below(nall)], sizeof *all);
	fprintf(stderr, "match: %zu %s to draw from\n", nall, what);
	free(all);
}

/* The seekers who may be matched today (matching.c's filter), wanting occupations of sel. */
#define SEEKERS_OPEN "SELECT id FROM seeker WHERE deleted = 0 AND status IN ('registered', " \
	"'renewed') AND valid_until >= ?1 AND desired_occupation IN "
/* The vacancies likewise, with places left (a full one matches nobody). */
#define VACANCIES_OPEN "SELECT id FROM vacancy v WHERE deleted = 0 AND status = 'open' " \
	"AND valid_until >= ?1 AND CAST(headcount AS INTEGER) > (SELECT count(*) FROM " \
	"referral r WHERE r.vacancy_id = v.id AND r.status = 'hired' AND r.deleted = 0) " \
	"AND occupation IN "
#define MOST(col, table) "(SELECT " col " FROM " table " WHERE " col " <> '' GROUP BY " col \
	" ORDER BY count(*) DESC, " col " LIMIT 1) ORDER BY id"
/* Rare: the 60 least wanted or offered occupations (of about 440). */
#define LEAST(col, table) "(SELECT " col " FROM " table " WHERE " col " <> '' GROUP BY " col \
	" ORDER BY count(*), " col " LIMIT 60) ORDER BY id"

/* Time one kind of list for every subject; the mean found. Fatal if a call fails. */
static double
run_lists(struct store *st, const struct match_config *cfg, int for_seeker,
    const struct subjects *s, size_t n, int today, double *ms, size_t *empty)
{
	struct match_list l;
	size_t i, found = 0;
	char err[512];

	*empty = 0;
	for (i = 0; i < n; i++) {
		const char *id = s->id[i % s->n];
		double t0 = now_ms();
		int rc = for_seeker ?
		    matching_for_seeker(st, cfg, id, today, 0, (size_t)cfg->list_size, &l, err,
		    sizeof err) :
		    matching_for_vacancy(st, cfg, id, today, 0, (size_t)cfg->list_size, &l, err,
		    sizeof err);

		if (ms != NULL)
			ms[i] = now_ms() - t0;
		if (rc != 0)
			fatalx("match: %s", err);
		found += l.found;
		if (l.found == 0)
			(*empty)++;
		matching_free(&l);
	}
	return (double)found / (double)n;
}

/*
 * The first list of each way, which builds the matching index's side of
 * its candidates (a read of every open record), then the memory the
 * index holds.
 */
static void
bench_first_lists(struct store *st, const struct match_config *cfg,
    const struct subjects *seekers, const struct subjects *vacancies, int today)
{
	struct subjects one;
	double ms;
	size_t empty;

	one.n = 1;
	one.id = seekers->id;
	run_lists(st, cfg, 1, &one, 1, today, &ms, &empty);
	printf("match_seeker_first %.3f ms\n", ms);
	one.id = vacancies->id;
	run_lists(st, cfg, 0, &one, 1, today, &ms, &empty);
	printf("match_vacancy_first %.3f ms\n", ms);
	printf("match_index_memory %.1f MB\n",
	    (double)match_index_bytes(st->match_index) / 1048576.0);
}

/*
 * A list after a write that matching reads (a candidate's wage or
 * headcount changed on this connection, as the window changes one), n
 * times: the index reads the changed row again, not the district.
 */
static void
bench_after_change(struct store *st, const struct match_config *cfg, const char *name,
    int for_seeker, const struct subjects *s, int today, double *ms)
{
	const char *sql = for_seeker ?
	    "UPDATE vacancy SET wage_max = wage_max WHERE rid = (SELECT rid FROM vacancy "
	    "WHERE status = 'open' ORDER BY random() LIMIT 1)" :
	    "UPDATE seeker SET desired_wage = desired_wage WHERE rid = (SELECT rid FROM seeker "
	    "WHERE status = 'registered' ORDER BY random() LIMIT 1)";
	struct subjects one;
	size_t i, empty;

	one.n = 1;
	for (i = 0; i < s->n; i++) {
		if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
			fatalx("match: %s", sqlite3_errmsg(st->db));
		one.id = &s->id[i];
		run_lists(st, cfg, for_seeker, &one, 1, today, &ms[i], &empty);
	}
	report_ms(name, ms, s->n);
}

/* Time one kind of list, after a warm-up, and print its figures. */
static size_t
bench_lists(struct store *st, const struct match_config *cfg, const char *name,
    int for_seeker, const struct subjects *s, int today, double *ms)
{
	size_t empty;
	double found;

	run_lists(st, cfg, for_seeker, s, s->n < MATCH_WARM ? s->n : MATCH_WARM, today, NULL,
	    &empty);
	found = run_lists(st, cfg, for_seeker, s, s->n, today, ms, &empty);
	report_ms(name, ms, s->n);
	printf("%s_found %.1f candidates\n", name, found);
	if (empty > 0)
		fprintf(stderr, "match: %s: %zu of %zu lists were empty\n", name, empty, s->n);
	return empty;
}

/*
 * Print one referral's letter as ui_print_referral does: its values, the
 * template, the layout, the file; then (audit) its audit record. Times
 * the print in *print_ms and all of it in *all_ms. Fatal on a failure.
 */
static void
letter_once(struct store *st, const char *letter_path, const struct print_target *t,
    const char *id, int audit, double *print_ms, double *all_ms)
{
	struct fields values = FIELDS_INIT;
	struct letterdef *def;
	struct buf text;
	char err[512];
	double t0 = now_ms();

	buf_init(&text);
	if (referral_letter_values(st, id, 1, &values) != 1)
		fatalx("match: referral %s cannot be read", id);
	if ((def = letterdef_load(letter_path, err, sizeof err)) == NULL)
		fatalx("match: %s", err);
	if (letter_render(def, "zh", &values, 0, &text, err, sizeof err) != 0 ||
	    print_text(t, buf_str(&text), text.len, err, sizeof err) != 0)
		fatalx("match: referral %s: %s", id, err);
	*print_ms = now_ms() - t0;
	if (audit && referral_printed(st, id, 0) != 0)
		fatalx("match: cannot record the print: %s", store_errmsg(st));
	*all_ms = now_ms() - t0;
	letterdef_free(def);
	fields_free(&values);
	buf_free(&text);
}

/* Letters of n referrals drawn from s, printed into a file in a folder of its own. */
static void
bench_letters(struct store *st, const char *letter_path, const struct subjects *s,
    double *ms, double *all)
{
	struct print_target t;
	const char *tmpdir = getenv("TMPDIR");
	char *tdir;
	size_t i;
	double p, a;

	tdir = xasprintf("%s/jobdesk-bench-letters.XXXXXX",
	    tmpdir != NULL && *tmpdir != '\0' ? tmpdir : "/tmp");
	if (mkdtemp(tdir) == NULL)
		fatalx("match: cannot make a folder for the letters: %s", strerror(errno));
	memset(&t, 0, sizeof t);
	t.kind = PRINT_FILE;
	t.tty_fd = -1;
	t.encoding = PRINT_UTF8;
	t.path = xasprintf("%s/letters.txt", tdir);
	for (i = 0; i < s->n && i < MATCH_WARM; i++)
		letter_once(st, letter_path, &t, s->id[i], 0, &p, &a);
	for (i = 0; i < s->n; i++)
		letter_once(st, letter_path, &t, s->id[i], 0, &ms[i], &a);
	report_ms("letter_print", ms, s->n);
	for (i = 0; i < s->n; i++)
		letter_once(st, letter_path, &t, s->id[i], 1, &p, &all[i]);
	report_ms("letter_print_audited", all, s->n);
	unlink(t.path);
	rmdir(tdir);
	free((char *)t.path);
	free(tdir);
}

/* The due list (referral_list REFERRAL_DUE) n times after a warm-up; the rows it gives. */
static size_t
bench_due(struct store *st, int days, size_t n, double *ms)
{
	struct referral_hit *hits = xcalloc(DUE_MAX, sizeof *hits);
	size_t i, got = 0;

	for (i = 0; i < n + MATCH_WARM; i++) {
		double t0 = now_ms();

		if (referral_list(st, REFERRAL_DUE, NULL, days, hits, DUE_MAX, &got) != 0)
			fatalx("match: the due list: %s", store_errmsg(st));
		if (i >= MATCH_WARM)
			ms[i - MATCH_WARM] = now_ms() - t0;
	}
	report_ms("due_list", ms, n);
	free(hits);
	return got;
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
			fatalx("match: SELECT 1: %s", sqlite3_errmsg(db));
		sqlite3_finalize(stmt);
		ms[i] = now_ms() - t0;
	}
}

/* Say how to call the program and exit. */
static void
usage(void)
{
	fprintf(stderr, "usage: match [-n seekers] [-m vacancies] [-k letters] [-r seed] "
	    "[-l letter] DB\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	struct subjects common_s, rare_s, common_v, rare_v, letters;
	struct match_config cfg;
	struct app app;
	struct store *st;
	sqlite3_stmt *stmt;
	size_t nseekers = 200, nvacancies = 100, nletters = 200, empty = 0, n, due;
	const char *letter_path = "forms/referral.letter";
	double *ms, *ms2;
	char err[1024], today[11];
	int ch, day;

	rng_seed(11);
	while ((ch = getopt(argc, argv, "n:m:k:r:l:")) != -1) {
		switch (ch) {
		case 'n':
			nseekers = parse_count("match", optarg, "seekers", 1, 100000);
			break;
		case 'm':
			nvacancies = parse_count("match", optarg, "vacancies", 1, 100000);
			break;
		case 'k':
			nletters = parse_count("match", optarg, "letters", 1, 100000);
			break;
		case 'r':
			rng_seed(parse_count("match", optarg, "seed", 1, 1000000));
			break;
		case 'l':
			letter_path = optarg;
			break;
		default:
			usage();
		}
	}
	if (optind + 1 != argc)
		usage();
	if (access(argv[optind], R_OK) != 0)
		fatalx("match: %s: %s", argv[optind], strerror(errno));
	if ((st = store_open(argv[optind], err, sizeof err)) == NULL)
		fatalx("match: %s", err);
	/* The prints are audited as the clerk gen made. */
	store_set_actor(st, "bench", "110105");

	/* The [match] defaults, from the table jobdesk.ini(5) documents. */
	memset(&app, 0, sizeof app);
	app.cfg = config_new(app_config_keys, app_nconfig_keys);
	app_match_config(&app, &cfg);
	config_free(app.cfg);

	day = store_today();
	date_format(day, today);
	draw(st->db, "open seekers wanting the most wanted occupation",
	    SEEKERS_OPEN MOST("desired_occupation", "seeker"), today, nseekers, &common_s);
	draw(st->db, "open seekers wanting one of the least wanted occupations",
	    SEEKERS_OPEN LEAST("desired_occupation", "seeker"), today, nseekers, &rare_s);
	draw(st->db, "open vacancies of the most offered occupation",
	    VACANCIES_OPEN MOST("occupation", "vacancy"), today, nvacancies, &common_v);
	draw(st->db, "open vacancies of one of the least offered occupations",
	    VACANCIES_OPEN LEAST("occupation", "vacancy"), today, nvacancies, &rare_v);
	draw(st->db, "referrals", "SELECT id FROM referral WHERE ?1 <> '' ORDER BY id", today,
	    nletters, &letters);

	n = nseekers > nvacancies ? nseekers : nvacancies;
	n = n > nletters ? n : nletters;
	n = n > 1000 ? n : 1000;
	ms = xcalloc(n, sizeof *ms);
	ms2 = xcalloc(n, sizeof *ms2);

	run_select1(st->db, ms, 1000);
	run_select1(st->db, ms, 1000);
	report_ms("match_sqlite_select1", ms, 1000);
	bench_first_lists(st, &cfg, &common_s, &common_v, day);
	empty += bench_lists(st, &cfg, "match_seeker_common", 1, &common_s, day, ms);
	empty += bench_lists(st, &cfg, "match_seeker_rare", 1, &rare_s, day, ms);
	empty += bench_lists(st, &cfg, "match_vacancy_common", 0, &common_v, day, ms);
	empty += bench_lists(st, &cfg, "match_vacancy_rare", 0, &rare_v, day, ms);
	bench_after_change(st, &cfg, "match_seeker_after_change", 1, &common_s, day, ms);
	bench_after_change(st, &cfg, "match_vacancy_after_change", 0, &common_v, day, ms);
	printf("match_list_size %d candidates\n", cfg.list_size);
	bench_letters(st, letter_path, &letters, ms, ms2);
	due = bench_due(st, cfg.referral_due_days, 100, ms);
	printf("due_list_rows %zu rows\n", due);
	if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM referral WHERE deleted = 0 AND "
	    "status = 'issued' AND registered_on <= date(?1, '-' || ?2 || ' days')", -1, &stmt,
	    NULL) != SQLITE_OK)
		fatalx("match: %s", sqlite3_errmsg(st->db));
	sqlite3_bind_text(stmt, 1, today, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 2, cfg.referral_due_days);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		printf("due_list_total %lld referrals\n", (long long)sqlite3_column_int64(stmt, 0));
	sqlite3_finalize(stmt);
	printf("match_lists_seeker %zu lists\n", nseekers);
	printf("match_lists_vacancy %zu lists\n", nvacancies);

	free(common_s.id);
	free(rare_s.id);
	free(common_v.id);
	free(rare_v.id);
	free(letters.id);
	free(ms);
	free(ms2);
	store_close(st);
	if (empty > 0 || due == 0) {
		fprintf(stderr, "match: %zu lists were empty, the due list had %zu rows\n", empty,
		    due);
		return 1;
	}
	return 0;
}
