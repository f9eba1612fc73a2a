/*
 * Benchmark: the free-service ledger and career guidance on a generated
 * data set, through the store's own calls, as the screens make them.
 *
 *	ledger [-n runs] [-e exports] [-r seed] [-x TMPDIR JOBDESK CONFIG] DB
 *
 * Times, each kind a few times untimed first so that the pages are in
 * the caches, then runs times:
 *
 *   - a person's timeline (service_timeline, as screen-services.c asks
 *     it, audited as a view) of the seekers with 1,000 services (gen
 *     makes a few), and of seekers drawn at random;
 *   - the busiest employer's timeline;
 *   - the office's ledger for last month, by type and by basis
 *     (service_office_totals, under the services report that
 *     screen-ledger.c shows), for the office with the
 *     most services;
 *   - a clerk's day (service_clerk_day) for clerks and working days of
 *     last month drawn at random;
 *   - a person's guidance sessions (guidance_list, screen-guidances.c),
 *     of the seekers with 40 sessions (gen's with a long timeline) and
 *     of seekers drawn from those with one;
 *
 * and, with -x, the whole command "jobdesk export services --from --to
 * FILE" for last month, exports times (a fresh process each: start, open,
 * read, write, exit), in seconds. A "SELECT 1" on the same connection is
 * the floor under the store's calls. Prints figures as "name value unit";
 * exits 1 only if a call fails or a list comes back empty where it cannot.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "common/xalloc.h"
#include "core/check.h"
#include "core/kind.h"
#include "store/guidance.h"
#include "store/service.h"
#include "store/store.h"
/*
 * Only for the connection handle: the draws and the baseline run on the
 * very connection the ledgers use, and the store does not hand it out.
 */
#include "store/store-int.h"

#include "benchlib.h"

#define LEDGER_WARM	5	/* untimed calls of each kind before the timed ones */
#define TIMELINE_MAX	2000	/* services a timeline asks for (ui/screen-services.c) */
#define GUIDANCES_MAX	200	/* sessions the seeker's list asks for (ui/screen-guidances.c) */
#define LONG_TIMELINE	1000	/* services of the long timelines gen makes (GEN_HEAVY_EVENTS) */

/* Keys drawn for one kind of call: record ids, or a clerk and a day. */
struct draws {
	char	(*key)[IDENT_LEN + 1];
	int	 *day;		/* for a clerk's day, YYYYMMDD */
	size_t	  n;
};

/*
 * All rows of sql (?1 and ?2 bound to from and to when given), its first
 * column a key and, with days, its second a date "YYYY-MM-DD"; fatal when
 * it selects nothing.
 */
static void
draw_all(sqlite3 *db, const char *what, const char *sql, const char *from, const char *to,
    int days, struct draws *out)
{
	sqlite3_stmt *stmt;
	size_t cap = 0;

	memset(out, 0, sizeof *out);
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		fatalx("ledger: %s: %s", what, sqlite3_errmsg(db));
	if (from != NULL)
		sqlite3_bind_text(stmt, 1, from, -1, SQLITE_STATIC);
	if (to != NULL)
		sqlite3_bind_text(stmt, 2, to, -1, SQLITE_STATIC);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		if (out->n == cap) {
			cap = cap > 0 ? 2 * cap : 1024;
			out->key = xreallocarray(out->key, cap, sizeof *out->key);
			out->day = xreallocarray(out->day, cap, sizeof *out->day);
		}
		snprintf(out->key[out->n], sizeof *out->key, "%s",
		    (const char *)sqlite3_column_text(stmt, 0));
		out->day[out->n] = 0;
		if (days) {
			char msg[128];

			if (check_date((const char *)sqlite3_column_text(stmt, 1), &out->day[out->n],
			    msg, sizeof msg) != 0)
				fatalx("ledger: %s: %s", what, msg);
		}
		out->n++;
	}
	sqlite3_finalize(stmt);
	if (out->n == 0)
		fatalx("ledger: the data set has no %s", what);
	fprintf(stderr, "ledger: %zu %s to draw from\n", out->n, what);
}

/* n draws from all, with repeats when all has fewer. */
static void
draw_some(const struct draws *all, size_t n, struct draws *out)
{
	size_t i;

	out->key = xcalloc(n, sizeof *out->key);
	out->day = xcalloc(n, sizeof *out->day);
	out->n = n;
	for (i = 0; i < n; i++) {
		size_t k = rng_below(all->n);

		memcpy(out->key[i], all->key[k], sizeof *out->key);
		out->day[i] = all->day[k];
	}
}

/* Free what draw_all or draw_some made. */
static void
draws_free(struct draws *d)
{
	free(d->key);
	free(d->day);
	memset(d, 0, sizeof *d);
}

/*
 * Time a timeline of kind for each key of d (warmed up first) into ms;
 * the figures under name, and the mean of the rows shown. Fatal on a
 * failure, or when want > 0 and a timeline has fewer rows.
 */
static void
bench_timelines(struct store *st, const char *name, enum kind_id kind, const struct draws *d,
    size_t want, double *ms)
{
	struct service_list l;
	size_t i, rows = 0;
	char fig[64];

	for (i = 0; i < LEDGER_WARM + d->n; i++) {
		const char *id = d->key[i % d->n];
		double t0 = now_ms();

		if (service_timeline(st, kind, id, TIMELINE_MAX, &l) != 0)
			fatalx("ledger: the timeline of %s: %s", id, store_errmsg(st));
		if (i >= LEDGER_WARM) {
			ms[i - LEDGER_WARM] = now_ms() - t0;
			rows += l.n;
		}
		if (l.n < want)
			fatalx("ledger: the timeline of %s has %zu services, not %zu", id, l.n, want);
		service_list_free(&l);
	}
	report_ms(name, ms, d->n);
	snprintf(fig, sizeof fig, "%s_rows", name);
	printf("%s %.1f services\n", fig, (double)rows / (double)d->n);
}

/*
 * The office's ledger from day from to day to, runs times after a
 * warm-up; its figures and the services it counted. Fatal if it
 * counts none.
 */
static void
bench_office(struct store *st, const char *office, int from, int to, size_t runs, double *ms)
{
	struct service_totals t;
	size_t i;
	long count = 0, free_count = 0;

	for (i = 0; i < LEDGER_WARM + runs; i++) {
		double t0 = now_ms();

		if (service_office_totals(st, office, from, to, &t) != 0)
			fatalx("ledger: the office's ledger: %s", store_errmsg(st));
		if (i >= LEDGER_WARM)
			ms[i - LEDGER_WARM] = now_ms() - t0;
		count = t.count;
		free_count = t.free_count;
		service_totals_free(&t);
	}
	if (count == 0)
		fatalx("ledger: office %s gave no services from %d to %d", office, from, to);
	report_ms("ledger_office_month", ms, runs);
	printf("ledger_office_month_services %ld services\n", count);
	printf("ledger_office_month_free %ld services\n", free_count);
}

/* Clerks' days of d, after a warm-up; the figures and the mean of the rows. */
static void
bench_clerk_days(struct store *st, const struct draws *d, double *ms)
{
	struct service_list l;
	size_t i, rows = 0;

	for (i = 0; i < LEDGER_WARM + d->n; i++) {
		size_t k = i % d->n;
		double t0 = now_ms();

		if (service_clerk_day(st, d->key[k], d->day[k], &l) != 0)
			fatalx("ledger: the day of %s: %s", d->key[k], store_errmsg(st));
		if (i >= LEDGER_WARM) {
			ms[i - LEDGER_WARM] = now_ms() - t0;
			rows += l.n;
		}
		if (l.n == 0)
			fatalx("ledger: %s gave no services on %d", d->key[k], d->day[k]);
		service_list_free(&l);
	}
	report_ms("ledger_clerk_day", ms, d->n);
	printf("ledger_clerk_day_rows %.1f services\n", (double)rows / (double)d->n);
}

/* The guidance sessions of the seekers of d, after a warm-up; the figures and the mean found. */
static void
bench_guidance(struct store *st, const char *name, const struct draws *d, double *ms)
{
	struct guidance_hit *hits = xcalloc(GUIDANCES_MAX, sizeof *hits);
	size_t i, n, rows = 0;
	char fig[64];

	for (i = 0; i < LEDGER_WARM + d->n; i++) {
		double t0 = now_ms();

		if (guidance_list(st, d->key[i % d->n], hits, GUIDANCES_MAX, &n) != 0)
			fatalx("ledger: the sessions of %s: %s", d->key[i % d->n], store_errmsg(st));
		if (i >= LEDGER_WARM) {
			ms[i - LEDGER_WARM] = now_ms() - t0;
			rows += n;
		}
		if (n == 0)
			fatalx("ledger: %s has no guidance sessions", d->key[i % d->n]);
	}
	report_ms(name, ms, d->n);
	snprintf(fig, sizeof fig, "%s_rows", name);
	printf("%s %.1f sessions\n", fig, (double)rows / (double)d->n);
	free(hits);
}

/*
 * Run "JOBDESK --config CONFIG --db DB export services --from FROM --to
 * TO FILE" with HOME and the XDG folders under tmp; the seconds it took.
 * Fatal if it fails (its messages are in tmp/export.err).
 */
static double
export_once(const char *tmp, const char *jobdesk, const char *config, const char *db,
    const char *from, const char *to, const char *file)
{
	char *env[] = {
		"PATH=/usr/bin:/bin", "LANG=C.UTF-8",
		xasprintf("HOME=%s/home", tmp), xasprintf("XDG_CONFIG_HOME=%s/config", tmp),
		xasprintf("XDG_DATA_HOME=%s/data", tmp), xasprintf("XDG_STATE_HOME=%s/state", tmp),
		NULL,
	};
	char *argv[] = {
		(char *)jobdesk, "--config", (char *)config, "--db", (char *)db, "export",
		"services", "--from", (char *)from, "--to", (char *)to, (char *)file, NULL,
	};
	char *errpath = xasprintf("%s/export.err", tmp);
	double t0 = now_ms(), secs;
	int status;
	pid_t pid;
	size_t i;

	unlink(file);
	/* The child must not write out what the parent has not printed yet. */
	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) < 0)
		fatal("ledger: fork");
	if (pid == 0) {
		FILE *fp = freopen(errpath, "w", stderr);

		if (fp == NULL || freopen("/dev/null", "w", stdout) == NULL)
			_exit(126);
		execve(jobdesk, argv, env);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid)
		fatal("ledger: waitpid");
	secs = (now_ms() - t0) / 1e3;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fatalx("ledger: %s export services failed (status %d); see %s", jobdesk, status,
		    errpath);
	for (i = 2; env[i] != NULL; i++)
		free(env[i]);
	free(errpath);
	return secs;
}

/* The lines of a file less its header: the rows a CSV export wrote (no newline in a value). */
static long
count_rows(const char *file, long *bytes)
{
	FILE *fp = fopen(file, "r");
	long lines = 0;
	int c;

	if (fp == NULL)
		fatal("ledger: %s", file);
	*bytes = 0;
	while ((c = getc(fp)) != EOF) {
		(*bytes)++;
		lines += c == '\n';
	}
	fclose(fp);
	return lines - 1;
}

/* The export of last month, n times; its median and slowest run, rows and size. */
static void
bench_export(const char *tmp, const char *jobdesk, const char *config, const char *db,
    int from, int to, size_t n)
{
	const char *dirs[] = { "home", "config", "data", "state" };
	char a[11], b[11];
	double *secs = xcalloc(n, sizeof *secs);
	char *file = xasprintf("%s/services.csv", tmp);
	long rows, bytes;
	size_t i;

	for (i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		char *d = xasprintf("%s/%s", tmp, dirs[i]);

		if (mkdir(d, 0700) != 0 && errno != EEXIST)
			fatal("ledger: %s", d);
		free(d);
	}
	date_format(from, a);
	date_format(to, b);
	for (i = 0; i < n; i++)
		secs[i] = export_once(tmp, jobdesk, config, db, a, b, file);
	rows = count_rows(file, &bytes);
	unlink(file);
	sort_doubles(secs, n);
	printf("export_services_month_median %.2f s\n", percentile(secs, n, 50));
	printf("export_services_month_max %.2f s\n", secs[n - 1]);
	printf("export_services_month_rows %ld rows\n", rows);
	printf("export_services_month_size %.1f MB\n", (double)bytes / 1048576.0);
	if (rows <= 0)
		fatalx("ledger: the export of %s to %s has no rows", a, b);
	free(secs);
	free(file);
}

/* Prepare, step and finalize "SELECT 1": the floor under any call here. */
static void
run_select1(sqlite3 *db, double *ms, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		sqlite3_stmt *stmt;
		double t0 = now_ms();

		if (sqlite3_prepare_v2(db, "SELECT 1", -1, &stmt, NULL) != SQLITE_OK ||
		    sqlite3_step(stmt) != SQLITE_ROW)
			fatalx("ledger: SELECT 1: %s", sqlite3_errmsg(db));
		sqlite3_finalize(stmt);
		ms[i] = now_ms() - t0;
	}
}

/* Say how to call the program and exit. */
static void
usage(void)
{
	fprintf(stderr, "usage: ledger [-n runs] [-e exports] [-r seed] "
	    "[-x TMPDIR JOBDESK CONFIG] DB\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	struct draws heavy, some, all, employers, days, with_sessions, most_sessions;
	const char *xtmp = NULL, *xjobdesk = NULL, *xconfig = NULL, *dbpath;
	char err[1024], office[64], lo[11], hi[11];
	size_t runs = 200, exports = 3;
	struct store *st;
	sqlite3_stmt *stmt;
	double *ms;
	int ch, today, from, to;

	rng_seed(12);
	while ((ch = getopt(argc, argv, "n:e:r:x")) != -1) {
		switch (ch) {
		case 'n':
			runs = parse_count("ledger", optarg, "runs", 1, 100000);
			break;
		case 'e':
			exports = parse_count("ledger", optarg, "exports", 1, 100);
			break;
		case 'r':
			rng_seed(parse_count("ledger", optarg, "seed", 1, 1000000));
			break;
		case 'x':
			xtmp = "";
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (xtmp != NULL) {
		if (argc != 4)
			usage();
		xtmp = argv[0];
		xjobdesk = argv[1];
		xconfig = argv[2];
		dbpath = argv[3];
	} else if (argc == 1)
		dbpath = argv[0];
	else
		usage();
	if (access(dbpath, R_OK) != 0)
		fatalx("ledger: %s: %s", dbpath, strerror(errno));
	if ((st = store_open(dbpath, err, sizeof err)) == NULL)
		fatalx("ledger: %s", err);
	/* The views are audited as the clerk gen made. */
	store_set_actor(st, "bench", "110105");

	/* Last month, whole: the period a supervisor totals at the start of a month. */
	today = store_today();
	to = date_add_days(today / 100 * 100 + 1, -1);
	from = to / 100 * 100 + 1;
	date_format(from, lo);
	date_format(date_add_days(to, 1), hi);

	draw_all(st->db, "seekers with 1,000 services", "SELECT seeker_id FROM service_event "
	    "WHERE seeker_id IS NOT NULL GROUP BY seeker_id HAVING count(*) >= 1000", NULL, NULL,
	    0, &all);
	draw_some(&all, runs, &heavy);
	draws_free(&all);
	draw_all(st->db, "seekers", "SELECT id FROM seeker WHERE deleted = 0", NULL, NULL, 0, &all);
	draw_some(&all, runs, &some);
	draws_free(&all);
	draw_all(st->db, "employers with the longest timelines", "SELECT employer_id FROM "
	    "service_event WHERE employer_id IS NOT NULL AND seeker_id IS NULL "
	    "GROUP BY employer_id ORDER BY count(*) DESC LIMIT 10", NULL, NULL, 0, &all);
	draw_some(&all, runs, &employers);
	draws_free(&all);
	draw_all(st->db, "clerks' days of last month", "SELECT clerk, substr(at, 1, 10) FROM "
	    "service_event WHERE at >= ?1 AND at < ?2 AND strftime('%w', at) NOT IN ('0', '6') "
	    "GROUP BY 1, 2", lo, hi, 1, &all);
	draw_some(&all, runs, &days);
	draws_free(&all);
	draw_all(st->db, "seekers with 40 guidance sessions", "SELECT seeker_id FROM guidance "
	    "WHERE deleted = 0 GROUP BY seeker_id HAVING count(*) >= 40", NULL, NULL, 0, &all);
	draw_some(&all, runs, &most_sessions);
	draws_free(&all);
	draw_all(st->db, "seekers with guidance sessions", "SELECT DISTINCT seeker_id FROM "
	    "guidance WHERE deleted = 0", NULL, NULL, 0, &all);
	draw_some(&all, runs, &with_sessions);
	draws_free(&all);
	/* The office whose month is the largest: the centre of the district. */
	if (sqlite3_prepare_v2(st->db, "SELECT office FROM service_event WHERE at >= ?1 AND "
	    "at < ?2 GROUP BY office ORDER BY count(*) DESC LIMIT 1", -1, &stmt, NULL) != SQLITE_OK)
		fatalx("ledger: %s", sqlite3_errmsg(st->db));
	sqlite3_bind_text(stmt, 1, lo, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, hi, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_ROW)
		fatalx("ledger: the data set has no services last month");
	snprintf(office, sizeof office, "%s", (const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);

	ms = xcalloc(runs > 1000 ? runs : 1000, sizeof *ms);
	run_select1(st->db, ms, 1000);
	run_select1(st->db, ms, 1000);
	report_ms("ledger_sqlite_select1", ms, 1000);
	bench_timelines(st, "ledger_timeline_1000", KIND_SEEKER, &heavy, LONG_TIMELINE, ms);
	bench_timelines(st, "ledger_timeline_any", KIND_SEEKER, &some, 0, ms);
	bench_timelines(st, "ledger_timeline_employer", KIND_EMPLOYER, &employers, 1, ms);
	bench_office(st, office, from, to, runs < 50 ? runs : 50, ms);
	bench_clerk_days(st, &days, ms);
	bench_guidance(st, "guidance_list_40", &most_sessions, ms);
	bench_guidance(st, "guidance_list_any", &with_sessions, ms);
	printf("ledger_runs %zu runs\n", runs);
	store_close(st);

	if (xtmp != NULL)
		bench_export(xtmp, xjobdesk, xconfig, dbpath, from, to, exports);

	draws_free(&heavy);
	draws_free(&some);
	draws_free(&employers);
	draws_free(&days);
	draws_free(&most_sessions);
	draws_free(&with_sessions);
	free(ms);
	return 0;
}
