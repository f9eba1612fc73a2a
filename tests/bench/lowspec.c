/*
 * Benchmark: the low-spec terminal (the FIELD TERMINALS section of
 * jobdesk(1)): the client's CPU time per screen action, its peak memory
 * over a session of them, and the bytes it writes to the terminal for a
 * key typed into a form field, driven through a pseudo-terminal (pty.h)
 * as a clerk drives it.
 *
 *	lowspec [-n runs] [-N reports] [-l login] [-p password] [-P prefix]
 *	    [-r seed] [-v] TMPDIR JOBDESK DB CONFIG
 *
 * DB is written to (a save per run, the audit of every record opened), so
 * make bench hands it a copy of the data set with a supervisor account
 * added (tests/bench/run.sh). Job seekers with an open registration and
 * an ID number are drawn from DB with a seeded generator (-r), runs of
 * them, after a few untimed ones; for each, from the seeker search:
 *
 *	search_id	the last character of the ID number typed: the
 *			search for the whole number, the list drawn
 *	open_record	Enter on the hit: the record read (an audited
 *			view) and its form drawn
 *	match_list	Ctrl-V on the record: the vacancies that fit
 *	save_form	Ctrl-S after a new address is typed: the form
 *			checked, the record, its outbox entry and audit
 *			written in one transaction, the search drawn again
 *	search_name	the last character of the person's name typed:
 *			every seeker of that name, the list drawn
 *
 * the peak memory so far (VmHWM) as
 *
 *	lowspec_peak_rss_seekers	a clerk's work on job seekers
 *
 * then on the office's services (main menu 8, Ctrl-T), runs times
 *
 *	office_totals	Enter after a period is typed (last month, and the
 *			two months up to its end, in turn): the office's
 *			totals by service type and by basis
 *			(service_office_totals), their page drawn
 *
 * then the end of day's reports (main menu 5) over last month, reports
 * times each (-N) after an untimed one, and the pages of the last
 *
 *	report_services	Enter on the period: the services report built
 *			and its first page drawn
 *	report_supply	likewise supply and demand, every breakdown
 *	report_page	Ctrl-F in supply and demand: its next page drawn
 *			(runs times, Ctrl-B back between them, untimed)
 *
 * then for vacancies drawn likewise, found by their title in the search
 * of all employers' vacancies (main menu 7) and opened, runs times
 *
 *	match_vacancy	Ctrl-V on the vacancy: the job seekers who fit
 *			(the first one builds the district's seekers into
 *			the matching index, untimed)
 *
 * Each action is one key; its CPU time is the difference of the client's
 * /proc/PID/schedstat before the key and once the client has drawn it and
 * sleeps (as keys.c measures a key). Then Ctrl-Q: the peak resident
 * memory of the whole session (login with its Argon2id included) from
 * wait4, as lowspec_session_peak_rss.
 *
 * Then, on TERM=xterm-256color and on TERM=vt100 (a serial terminal), a
 * session each on the address field of a new registration: the bytes
 * the client writes (key_bytes_KIND[_vt100], mean and largest) for "a",
 * for 张 (two cells), for Backspace after each, for a move to the next
 * field and back (Down, Up), for a whole redraw (Ctrl-L) as the
 * yardstick, and for ten characters typed past the edge of an address
 * that fills the field's 60 cells (scrolled_wide_char: the first of them
 * makes the text jump, the others write themselves). -v shows on stderr
 * what was written for the first key of each kind.
 *
 * Prints figures as "name value unit", each name after the prefix (-P,
 * say "scoped_" for a scoped terminal's database).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "common/xalloc.h"

#include "benchlib.h"
#include "pty.h"

#define START_MS	20000	/* for the login screen, and a login to be checked */
#define KEY_MS		20000	/* for one key to be drawn (a report on a slow disk) */
#define WARMUP		3	/* untimed runs before the timed ones */
#define OUT_MAX		65536	/* output of a key kept to look for the text expected */
#define ADDRESS_TABS_NEW 6	/* ID number, name, phone, household, district, street */
#define ADDRESS_TABS_OPEN 5	/* the same but the ID number, fixed once registered */

/* 30 characters of two cells: the address field's 60 cells full. */
#define LONG_ADDRESS	"北京市朝阳区建国门外大街甲八十八号院三号楼二单元五零一室东侧"

/* A job seeker drawn from the database. */
struct person {
	char	idnum[24];
	char	name[128];
};

/* The actions timed, in the order their figures are printed. */
enum action_id {
	SEARCH_ID, OPEN_RECORD, MATCH_LIST, SAVE_FORM, SEARCH_NAME, OFFICE_TOTALS,
	REPORT_SERVICES, REPORT_SUPPLY, REPORT_PAGE, MATCH_VACANCY,
};

/* The CPU times of one action over the runs. */
struct action {
	const char	*name;
	double		*ms;
	size_t		 n;
};

/* Bytes written for one kind of key over the runs. */
struct bytes {
	const char	*name;
	size_t		 total, max, n;
};

static struct pty child;
static char out[OUT_MAX];
static const char *prefix = "";
static int verbose;

/*
 * Type one key and read until the client has drawn it and waits for the
 * next; with expect, that text must be in the output. The bytes of output.
 */
static size_t
key(const char *k, const char *expect)
{
	size_t n;

	switch (pty_key(&child, k, expect, KEY_MS, out, sizeof out, &n)) {
	case PTY_KEY_DRAWN:
		break;
	case PTY_KEY_MISSING:
		pty_fail(&child, "\"%s\" did not show after the key \"%s\"", expect, k);
	case PTY_KEY_ENDED:
		pty_fail(&child, "the client ended after the key \"%s\"", k);
	case PTY_KEY_SILENT:
	case PTY_KEY_UNSETTLED:
		pty_fail(&child, "the client did not %s the key \"%s\" within %d ms",
		    n == 0 ? "draw anything after" : "settle after", k, KEY_MS);
	}
	return n;
}

/* Type one key as key() does and add its CPU time to a (NULL: untimed). */
static void
timed(struct action *a, const char *k, const char *expect)
{
	unsigned long long before = pty_cpu_ns(&child);

	key(k, expect);
	if (a != NULL)
		a->ms[a->n++] = (double)(pty_cpu_ns(&child) - before) / 1e6;
}

/* Type one key as key() does and count its bytes in b, showing them with -v the first time. */
static void
counted(struct bytes *b, const char *k, const char *expect)
{
	size_t n = key(k, expect);

	if (verbose && b->n == 0) {
		char label[64];

		snprintf(label, sizeof label, "%s (%zu bytes): ", b->name, n);
		pty_show_bytes(label, out, n < sizeof out ? n : sizeof out);
	}
	b->total += n;
	if (n > b->max)
		b->max = n;
	b->n++;
}

/* Type the text a character at a time, untimed. */
static void
type_text(const char *s)
{
	char one[8];

	while (*s != '\0') {
		size_t len = 1;

		/* One UTF-8 character: its lead byte and the continuation bytes after it. */
		while ((s[len] & 0xc0) == 0x80)
			len++;
		memcpy(one, s, len);
		one[len] = '\0';
		key(one, NULL);
		s += len;
	}
}

/*
 * Draw n + WARMUP different job seekers with an open registration and an
 * ID number (and a name of two characters or more): from a random row
 * on, the first that qualifies.
 */
static struct person *
draw_people(const char *path, size_t n)
{
	struct person *p = xcalloc(n, sizeof *p);
	sqlite3_stmt *max, *pick;
	sqlite3 *db;
	long long top;
	size_t got = 0, tries = 0;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		fatalx("lowspec: %s: %s", path, sqlite3_errmsg(db));
	if (sqlite3_prepare_v2(db, "SELECT max(rid) FROM seeker", -1, &max, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT id_number, name FROM seeker WHERE rid >= ?1 AND "
	    "id_number IS NOT NULL AND length(id_number) = 18 AND length(name) >= 2 AND "
	    "status IN ('registered', 'renewed') AND "
	    "valid_until >= date('now', 'localtime') AND replaced_by IS NULL "
	    "ORDER BY rid LIMIT 1", -1, &pick, NULL) != SQLITE_OK)
		fatalx("lowspec: %s: %s", path, sqlite3_errmsg(db));
	if (sqlite3_step(max) != SQLITE_ROW || (top = sqlite3_column_int64(max, 0)) < 1)
		fatalx("lowspec: %s has no job seekers", path);
	while (got < n) {
		size_t i;

		if (++tries > 100 * n)
			fatalx("lowspec: %s has fewer than %zu job seekers with an open "
			    "registration and an ID number", path, n);
		sqlite3_reset(pick);
		sqlite3_bind_int64(pick, 1, 1 + (long long)rng_below((size_t)top));
		if (sqlite3_step(pick) != SQLITE_ROW)
			continue;
		snprintf(p[got].idnum, sizeof p[got].idnum, "%s",
		    (const char *)sqlite3_column_text(pick, 0));
		snprintf(p[got].name, sizeof p[got].name, "%s",
		    (const char *)sqlite3_column_text(pick, 1));
		for (i = 0; i < got && strcmp(p[i].idnum, p[got].idnum) != 0; i++)
			;
		if (i == got)
			got++;
	}
	sqlite3_finalize(max);
	sqlite3_finalize(pick);
	sqlite3_close(db);
	return p;
}

/*
 * The titles of n + WARMUP open vacancies drawn as draw_people draws
 * people (titles repeat: the search opens the first vacancy of the title).
 */
static char (*draw_titles(const char *path, size_t n))[128]
{
	char (*t)[128] = xcalloc(n, sizeof *t);
	sqlite3_stmt *max, *pick;
	sqlite3 *db;
	long long top;
	size_t got = 0, tries = 0;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		fatalx("lowspec: %s: %s", path, sqlite3_errmsg(db));
	if (sqlite3_prepare_v2(db, "SELECT max(rid) FROM vacancy", -1, &max, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT title FROM vacancy WHERE rid >= ?1 AND "
	    "status = 'open' AND valid_until >= date('now', 'localtime') AND "
	    "length(title) >= 1 AND replaced_by IS NULL ORDER BY rid LIMIT 1", -1, &pick,
	    NULL) != SQLITE_OK)
		fatalx("lowspec: %s: %s", path, sqlite3_errmsg(db));
	if (sqlite3_step(max) != SQLITE_ROW || (top = sqlite3_column_int64(max, 0)) < 1)
		fatalx("lowspec: %s has no vacancies", path);
	while (got < n) {
		if (++tries > 100 * n)
			fatalx("lowspec: %s has too few open vacancies", path);
		sqlite3_reset(pick);
		sqlite3_bind_int64(pick, 1, 1 + (long long)rng_below((size_t)top));
		if (sqlite3_step(pick) != SQLITE_ROW)
			continue;
		snprintf(t[got++], sizeof *t, "%s", (const char *)sqlite3_column_text(pick, 0));
	}
	sqlite3_finalize(max);
	sqlite3_finalize(pick);
	sqlite3_close(db);
	return t;
}

/* Start the client and log in; at the main menu when it returns. */
static void
log_in(char *const argv[], const char *login, const char *password)
{
	char *creds;

	pty_start(&child, argv);
	switch (pty_wait(&child, "Password", "Office", START_MS)) {
	case PTY_FOUND:
		break;
	case PTY_REJECTED:
		pty_fail(&child, "%s shows its first-start setup: the database has no account",
		    argv[0]);
	case PTY_ENDED:
	case PTY_TIMEOUT:
		pty_fail(&child, "%s did not show its login screen", argv[0]);
	}
	creds = xasprintf("%s\t%s\r", login, password);
	key(creds, "Job seekers");
	free(creds);
}

/* Quit the client; its peak resident memory in KiB. */
static long
quit(void)
{
	struct rusage ru;
	int status;

	key("\x11", "Quit jobdesk?");
	pty_type(&child, "y", 1);
	if (pty_wait(&child, NULL, NULL, KEY_MS) != PTY_ENDED)
		pty_fail(&child, "the client did not quit");
	if (wait4(child.pid, &status, 0, &ru) != child.pid)
		fatal("lowspec: wait4");
	close(child.fd);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fatalx("lowspec: the client exited with status %d",
		    WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	return ru.ru_maxrss;
}

/* One person's run from the seeker search, back at the search with the query empty. */
static void
person_run(const struct person *p, struct action *a, int timing)
{
	char last[8], head[128], saved[160];
	size_t len = strlen(p->idnum), nlen = strlen(p->name), i;
	/* A new address, also on a database an earlier run saved addresses in. */
	char *address = xasprintf("朝阳路%s号%ld", p->idnum + len - 4,
	    (long)(time(NULL) % 100000));

	/* The ID number but its last character, then the last one: the search. */
	snprintf(head, sizeof head, "%.*s", (int)len - 1, p->idnum);
	key(head, NULL);
	snprintf(last, sizeof last, "%s", p->idnum + len - 1);
	timed(timing ? &a[SEARCH_ID] : NULL, last, NULL);
	timed(timing ? &a[OPEN_RECORD] : NULL, "\r", "Registration:");
	timed(timing ? &a[MATCH_LIST] : NULL, "\x16", "vacancies that fit");
	key("\033", "Registration:");
	/* To the address (its help names it), then a new one typed over it. */
	for (i = 0; i < ADDRESS_TABS_OPEN; i++)
		key("\t", NULL);
	key("\033OP", "Street address.");
	key("\x07", NULL);
	key("\x15", NULL);
	type_text(address);
	snprintf(saved, sizeof saved, "saved: %s", p->name);
	timed(timing ? &a[SAVE_FORM] : NULL, "\x13", saved);
	/* The name but its last character (UTF-8), then the last one: the search. */
	for (i = nlen - 1; i > 0 && (p->name[i] & 0xc0) == 0x80; i--)
		;
	snprintf(head, sizeof head, "%.*s", (int)i, p->name);
	type_text(head);
	timed(timing ? &a[SEARCH_NAME] : NULL, p->name + i, NULL);
	key("\x15", NULL);
	free(address);
}

/* Print the median and the largest of an action's CPU times. */
static void
action_report(struct action *a)
{
	sort_doubles(a->ms, a->n);
	printf("%saction_%s_cpu_median %.2f ms\n", prefix, a->name, percentile(a->ms, a->n, 50));
	printf("%saction_%s_cpu_max %.2f ms\n", prefix, a->name, a->ms[a->n - 1]);
}

/*
 * From the main menu, a report of the end of day (menu 5, the item'th of
 * its list) over the days from and to: the period typed, then Enter,
 * timed in a when it is not NULL; the report's viewer is up when it
 * returns, showing the text shows (a line of that report's first page, so that a
 * menu in another order fails here instead of timing another report).
 */
static void
report_build(struct action *a, const char *item, const char *shows, const char *from,
    const char *to)
{
	key("5", "End of day");
	key(item, "Tab other date");
	key("\x15", NULL);
	type_text(from);
	key("\t", NULL);
	key("\x15", NULL);
	type_text(to);
	timed(a, "\r", shows);
}

/*
 * The actions' session: the person's runs, the office's totals, the
 * reports, the vacancies' match lists; the peak memory.
 */
static void
actions(char *const argv[], const char *dbpath, const char *login, const char *password,
    size_t runs, size_t reports)
{
	struct action a[] = {
		[SEARCH_ID] = { .name = "search_id" },
		[OPEN_RECORD] = { .name = "open_record" },
		[MATCH_LIST] = { .name = "match_list" },
		[SAVE_FORM] = { .name = "save_form" },
		[SEARCH_NAME] = { .name = "search_name" },
		[OFFICE_TOTALS] = { .name = "office_totals" },
		[REPORT_SERVICES] = { .name = "report_services" },
		[REPORT_SUPPLY] = { .name = "report_supply" },
		[REPORT_PAGE] = { .name = "report_page" },
		[MATCH_VACANCY] = { .name = "match_vacancy" },
	};
	size_t na = sizeof a / sizeof a[0], i;
	struct person *people = draw_people(dbpath, runs + WARMUP);
	char (*titles)[128] = draw_titles(dbpath, runs + WARMUP);
	char from[2][16], to[16];
	time_t now = time(NULL);
	struct tm tm;
	long rss, rss_seekers;

	for (i = 0; i < na; i++)
		a[i].ms = xcalloc(runs > reports ? runs : reports, sizeof *a[i].ms);
	log_in(argv, login, password);
	key("1", "ID number, name or phone");
	for (i = 0; i < runs + WARMUP; i++)
		person_run(&people[i], a, i >= WARMUP);
	rss_seekers = pty_peak_rss_kb(&child);

	/*
	 * Last month, from its first day to its last, and the two months up to
	 * then, in turn: every Enter draws a page of other totals.
	 */
	localtime_r(&now, &tm);
	tm.tm_mday = 0;
	tm.tm_hour = 12;
	mktime(&tm);
	strftime(to, sizeof to, "%Y-%m-%d", &tm);
	tm.tm_mday = 1;
	mktime(&tm);
	strftime(from[0], sizeof from[0], "%Y-%m-%d", &tm);
	tm.tm_mon--;
	mktime(&tm);
	strftime(from[1], sizeof from[1], "%Y-%m-%d", &tm);
	key("\033", "Job seekers");
	key("8", "Services you gave today");
	key("\x14", "From:");
	key("\t", NULL);
	key("\x15", NULL);
	type_text(to);
	for (i = 0; i < runs + WARMUP; i++) {
		/* To the first day, typed anew, back to the last, and Enter. */
		key("\t", NULL);
		key("\x15", NULL);
		type_text(from[i % 2]);
		key("\t", NULL);
		timed(i >= WARMUP ? &a[OFFICE_TOTALS] : NULL, "\r", "Total");
	}
	key("\033", "Job seekers");

	/* The end of day's reports over last month: services, supply and demand. */
	for (i = 0; i < reports + 1; i++) {
		report_build(i > 0 ? &a[REPORT_SERVICES] : NULL, "5", "By service type",
		    from[0], to);
		key("\033", "Job seekers");
	}
	for (i = 0; i < reports + 1; i++) {
		report_build(i > 0 ? &a[REPORT_SUPPLY] : NULL, "6", "Vacancies valid",
		    from[0], to);
		if (i < reports)
			key("\033", "Job seekers");
	}
	/* Its pages: on to the next (timed), back to the first. */
	for (i = 0; i < runs; i++) {
		timed(&a[REPORT_PAGE], "\x06", NULL);
		key("\x02", NULL);
	}
	key("\033", "Job seekers");

	/* Vacancies by title: opened, and the job seekers who fit. */
	key("7", "Title or occupation:");
	for (i = 0; i < runs + WARMUP; i++) {
		/* The title searched before is cleared (Ctrl-U on an empty box draws nothing). */
		if (i > 0)
			key("\x15", NULL);
		type_text(titles[i]);
		key("\r", "Vacancy registration");
		timed(i >= WARMUP ? &a[MATCH_VACANCY] : NULL, "\x16", "job seekers who fit");
		key("\033", "Vacancy registration");
		key("\033", "Title or occupation:");
	}
	key("\033", "Job seekers");
	rss = quit();

	for (i = 0; i < na; i++) {
		action_report(&a[i]);
		free(a[i].ms);
	}
	printf("%slowspec_peak_rss_seekers %.1f MB\n", prefix, (double)rss_seekers / 1024.0);
	printf("%slowspec_session_peak_rss %.1f MB\n", prefix, (double)rss / 1024.0);
	fflush(stdout);
	free(people);
	free(titles);
}

/* The bytes' session on one terminal type: a field of a new registration. */
static void
keystroke_bytes(char *const argv[], const char *term, const char *login, const char *password,
    size_t runs)
{
	struct bytes b[] = {
		{ .name = "char" }, { .name = "char_backspace" }, { .name = "wide_char" },
		{ .name = "wide_char_backspace" }, { .name = "field_move" },
		{ .name = "full_redraw" }, { .name = "scrolled_wide_char" },
	};
	size_t nb = sizeof b / sizeof b[0], i;
	char suffix[32];

	pty_term(term);
	log_in(argv, login, password);
	key("1", "ID number, name or phone");
	key("\x0e", "register a job seeker");
	for (i = 0; i < ADDRESS_TABS_NEW; i++)
		key("\t", NULL);
	key("\033OP", "Street address.");
	key("\x07", NULL);
	for (i = 0; i < runs; i++) {
		counted(&b[0], "a", "a");
		counted(&b[1], "\x7f", NULL);
		counted(&b[2], "张", "张");
		counted(&b[3], "\x7f", NULL);
		/* To the education field and back: Down and Up, each a field move. */
		counted(&b[4], "\033OB", NULL);
		counted(&b[4], "\033OA", NULL);
		if (i < 3)
			counted(&b[5], "\x0c", NULL);
	}
	/*
	 * A long address: past 30 characters of two cells the text scrolls
	 * sideways in its 60 cells; the next ten are counted, then it is
	 * cleared.
	 */
	type_text(LONG_ADDRESS);
	for (i = 0; i < 10; i++)
		counted(&b[6], "王", NULL);
	key("\x15", NULL);
	/* Ctrl-Q works from the form; the typing there is left unsaved. */
	quit();
	/* The first terminal is the default one; others name themselves. */
	snprintf(suffix, sizeof suffix, "%s%s", strcmp(term, "xterm-256color") == 0 ? "" : "_",
	    strcmp(term, "xterm-256color") == 0 ? "" : term);
	for (i = 0; i < nb; i++) {
		printf("%skey_bytes_%s%s_mean %.1f bytes\n", prefix, b[i].name, suffix,
		    (double)b[i].total / (double)b[i].n);
		printf("%skey_bytes_%s%s_max %zu bytes\n", prefix, b[i].name, suffix, b[i].max);
	}
	fflush(stdout);
}

/* Say how to call the program and exit. */
static void
usage(void)
{
	fprintf(stderr, "usage: lowspec [-n runs] [-N reports] [-l login] [-p password] "
	    "[-P prefix] [-r seed] [-v] TMPDIR JOBDESK DB CONFIG\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	const char *login = "benchsup", *password = "bench-password";
	char *client_argv[6];
	size_t runs = 50, reports = 10;
	uint64_t seed = 14;
	int ch;

	while ((ch = getopt(argc, argv, "l:n:N:p:P:r:v")) != -1) {
		switch (ch) {
		case 'l':
			login = optarg;
			break;
		case 'n':
			runs = parse_count("lowspec", optarg, "runs", 1, 10000);
			break;
		case 'N':
			reports = parse_count("lowspec", optarg, "reports", 1, 1000);
			break;
		case 'p':
			password = optarg;
			break;
		case 'P':
			prefix = optarg;
			break;
		case 'r':
			seed = parse_count("lowspec", optarg, "seed", 0, 1000000);
			break;
		case 'v':
			verbose = 1;
			break;
		default:
			usage();
		}
	}
	if (optind + 4 != argc)
		usage();
	pty_client("lowspec", argv + optind, client_argv);
	rng_seed(seed);
	actions(client_argv, argv[optind + 2], login, password, runs, reports);
	keystroke_bytes(client_argv, "xterm-256color", login, password, runs);
	keystroke_bytes(client_argv, "vt100", login, password, runs);
	return 0;
}
