/*
 * Unit tests for the daily report's rules (core/daily.h): the figures of
 * a hand-made day, whose expected values are counted by hand below; the
 * placement rate; the corrections of a closed day after a late service
 * and a changed outcome; the figures through a closing record's fields
 * and back; the digest of the events, the same in any order; the days a
 * close refuses.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "common/fields.h"
#include "core/daily.h"

#include "testlib.h"

/* The hand-made day: what three clerks did, and what else happened to the office's registrations. */
static const struct daily_event day_events[] = {
	{ DAILY_SERVICE, "registration", "wang", 1, "hardship", 0 },
	{ DAILY_SERVICE, "registration", "wang", 0, "", 0 },
	{ DAILY_SERVICE, "renewal", "wang", 1, "laid_off", 0 },
	{ DAILY_SERVICE, "referral", "wang", 1, "hardship", 0 },
	{ DAILY_SERVICE, "guidance", "wang", 1, "hardship", 0 },
	{ DAILY_SERVICE, "employer_registration", "li", 1, "hard_to_recruit", 0 },
	{ DAILY_SERVICE, "vacancy_registration", "li", 1, "hard_to_recruit", 5 },
	{ DAILY_SERVICE, "vacancy_registration", "li", 0, "", 3 },
	{ DAILY_SERVICE, "job_query", "zhao", 1, "", 0 },
	{ DAILY_SERVICE, "policy", "zhao", 1, "", 0 },
	{ DAILY_OUTCOME, "hired", "wang", 0, NULL, 0 },
	{ DAILY_OUTCOME, "hired", "wang", 0, NULL, 0 },
	{ DAILY_OUTCOME, "not_hired", "wang", 0, NULL, 0 },
	{ DAILY_OUTCOME, "no_show", "li", 0, NULL, 0 },
	{ DAILY_OUTCOME, "declined", "li", 0, NULL, 0 },
	/* No outcome yet: nothing, and no clerk row for it. */
	{ DAILY_OUTCOME, "issued", "sun", 0, NULL, 0 },
	{ DAILY_WITHDRAWAL, NULL, NULL, 0, "moved", 0 },
	{ DAILY_WITHDRAWAL, NULL, NULL, 0, "request", 0 },
	{ DAILY_WITHDRAWAL, NULL, NULL, 0, "moved", 0 },
	{ DAILY_EXPIRY, NULL, NULL, 0, NULL, 0 },
	{ DAILY_EXPIRY, NULL, NULL, 0, NULL, 0 },
};

#define NDAY	(sizeof day_events / sizeof day_events[0])

/* The figures of the first n events of the day, and then of more (NULL none). */
static void
day_figures(struct daily_figures *f, size_t n, const struct daily_event *more, size_t nmore)
{
	size_t i;

	daily_init(f);
	for (i = 0; i < n; i++)
		daily_add(f, &day_events[i]);
	for (i = 0; i < nmore; i++)
		daily_add(f, &more[i]);
	daily_sort(f);
}

/* The office's figures of the day, counted by hand. */
static void
test_day(void **state)
{
	static const long want[DAILY_NFIG] = {
		[DAILY_REGISTERED] = 2, [DAILY_RENEWED] = 1, [DAILY_WITHDRAWN] = 3,
		[DAILY_EXPIRED] = 2, [DAILY_EMPLOYERS] = 1, [DAILY_VACANCIES] = 2,
		[DAILY_HEADCOUNT] = 8, [DAILY_REFERRALS] = 1, [DAILY_OUTCOMES] = 5,
		[DAILY_HIRED] = 2, [DAILY_NOT_HIRED] = 1, [DAILY_NO_SHOW] = 1,
		[DAILY_OTHER_OUTCOME] = 1, [DAILY_GUIDANCE] = 1, [DAILY_SERVICES] = 10,
		[DAILY_FREE] = 8,
	};
	struct daily_figures f;
	long free_n;
	int fig;

	(void)state;
	day_figures(&f, NDAY, NULL, 0);
	for (fig = 0; fig < DAILY_NFIG; fig++)
		if (f.v[fig] != want[fig])
			fail_msg("%s is %ld, counted by hand %ld", daily_figs[fig].key, f.v[fig],
			    want[fig]);
	/* Withdrawals by reason, in the order of the reasons. */
	assert_int_equal(f.reasons.n, 2);
	assert_string_equal(f.reasons.c[0].key, "moved");
	assert_int_equal(f.reasons.c[0].count, 2);
	assert_string_equal(f.reasons.c[1].key, "request");
	assert_int_equal(f.reasons.c[1].count, 1);
	/* Services by type, the seekers' types first in the list's order. */
	assert_int_equal(f.types.n, 8);
	assert_string_equal(f.types.c[0].key, "registration");
	assert_int_equal(f.types.c[0].count, 2);
	assert_int_equal(f.types.c[0].free_count, 1);
	assert_string_equal(f.types.c[2].key, "job_query");
	assert_string_equal(f.types.c[7].key, "vacancy_registration");
	assert_int_equal(daily_count_get(&f.types, "vacancy_registration", &free_n), 2);
	assert_int_equal(free_n, 1);
	/* Bases most first, the services without one last. */
	assert_int_equal(f.bases.n, 4);
	assert_string_equal(f.bases.c[0].key, "hardship");
	assert_int_equal(f.bases.c[0].count, 3);
	assert_string_equal(f.bases.c[1].key, "hard_to_recruit");
	assert_string_equal(f.bases.c[2].key, "laid_off");
	assert_string_equal(f.bases.c[3].key, "");
	assert_int_equal(f.bases.c[3].count, 4);
	assert_int_equal(f.bases.c[3].free_count, 2);
	/* Each clerk's own, by login; the one whose referral awaits its outcome is not there. */
	assert_int_equal(f.nclerks, 3);
	assert_string_equal(f.clerks[0].login, "li");
	assert_int_equal(f.clerks[0].v[DAILY_VACANCIES], 2);
	assert_int_equal(f.clerks[0].v[DAILY_HEADCOUNT], 8);
	assert_int_equal(f.clerks[0].v[DAILY_OUTCOMES], 2);
	assert_int_equal(f.clerks[0].v[DAILY_OTHER_OUTCOME], 1);
	assert_int_equal(f.clerks[0].v[DAILY_SERVICES], 3);
	assert_int_equal(f.clerks[0].v[DAILY_FREE], 2);
	assert_string_equal(f.clerks[1].login, "wang");
	assert_int_equal(f.clerks[1].v[DAILY_REGISTERED], 2);
	assert_int_equal(f.clerks[1].v[DAILY_HIRED], 2);
	assert_int_equal(f.clerks[1].v[DAILY_SERVICES], 5);
	assert_int_equal(f.clerks[1].v[DAILY_FREE], 4);
	/* A withdrawal and an expiry are the office's, no clerk's. */
	assert_int_equal(f.clerks[1].v[DAILY_WITHDRAWN], 0);
	assert_string_equal(f.clerks[2].login, "zhao");
	assert_int_equal(f.clerks[2].v[DAILY_SERVICES], 2);
	assert_null(daily_clerk_get(&f, "sun"));
	daily_free(&f);
}

/* Hires out of the outcomes recorded, rounded half up to a tenth. */
static void
test_rate(void **state)
{
	char r[16];

	(void)state;
	daily_rate(2, 5, r, sizeof r);
	assert_string_equal(r, "40.0%");
	daily_rate(1, 3, r, sizeof r);
	assert_string_equal(r, "33.3%");
	daily_rate(2, 3, r, sizeof r);
	assert_string_equal(r, "66.7%");
	daily_rate(1, 8, r, sizeof r);
	assert_string_equal(r, "12.5%");
	daily_rate(0, 4, r, sizeof r);
	assert_string_equal(r, "0.0%");
	daily_rate(7, 7, r, sizeof r);
	assert_string_equal(r, "100.0%");
	/* No outcome recorded: no rate, not 0%. */
	daily_rate(0, 0, r, sizeof r);
	assert_string_equal(r, "-");
}

/* A registration valid until the day before expired on the day; a period's range. */
static void
test_expiry(void **state)
{
	int lo, hi;

	(void)state;
	daily_expiry_range(20270301, 20270301, &lo, &hi);
	assert_int_equal(lo, 20270228);
	assert_int_equal(hi, 20270228);
	daily_expiry_range(20280101, 20280107, &lo, &hi);
	assert_int_equal(lo, 20271231);
	assert_int_equal(hi, 20280106);
}

/*
 * After the day was closed: a registration pushed late from another
 * window, and a not-hired outcome corrected to a hire. Every figure that
 * moved is a correction with the closed value and the value now; the
 * others are not.
 */
static void
test_corrections(void **state)
{
	static const struct daily_event late[] = {
		{ DAILY_SERVICE, "registration", "zhao", 1, "hardship", 0 },
		{ DAILY_OUTCOME, "hired", "wang", 0, NULL, 0 },
	};
	static const struct {
		enum daily_diff_of	of;
		int			fig;
		int			free_count;
		const char		*key;
		long			closed, now;
	} want[] = {
		{ DAILY_DIFF_FIGURE, DAILY_REGISTERED, 0, "", 2, 3 },
		{ DAILY_DIFF_FIGURE, DAILY_HIRED, 0, "", 2, 3 },
		{ DAILY_DIFF_FIGURE, DAILY_NOT_HIRED, 0, "", 1, 0 },
		{ DAILY_DIFF_FIGURE, DAILY_SERVICES, 0, "", 10, 11 },
		{ DAILY_DIFF_FIGURE, DAILY_FREE, 0, "", 8, 9 },
		{ DAILY_DIFF_TYPE, 0, 0, "registration", 2, 3 },
		{ DAILY_DIFF_TYPE, 0, 1, "registration", 1, 2 },
		{ DAILY_DIFF_BASIS, 0, 0, "hardship", 3, 4 },
		{ DAILY_DIFF_BASIS, 0, 1, "hardship", 3, 4 },
		{ DAILY_DIFF_CLERK, DAILY_HIRED, 0, "wang", 2, 3 },
		{ DAILY_DIFF_CLERK, DAILY_NOT_HIRED, 0, "wang", 1, 0 },
		{ DAILY_DIFF_CLERK, DAILY_REGISTERED, 0, "zhao", 0, 1 },
		{ DAILY_DIFF_CLERK, DAILY_SERVICES, 0, "zhao", 2, 3 },
		{ DAILY_DIFF_CLERK, DAILY_FREE, 0, "zhao", 2, 3 },
	};
	struct daily_figures closed, now;
	struct daily_event ev[NDAY];
	struct daily_diff *d;
	size_t n, i, k = 0;

	(void)state;
	day_figures(&closed, NDAY, NULL, 0);
	/* The day now: the not-hired outcome is no longer one, a hire and a service came. */
	for (i = 0; i < NDAY; i++)
		if (!(day_events[i].source == DAILY_OUTCOME &&
		    strcmp(day_events[i].what, "not_hired") == 0))
			ev[k++] = day_events[i];
	daily_init(&now);
	for (i = 0; i < k; i++)
		daily_add(&now, &ev[i]);
	for (i = 0; i < sizeof late / sizeof late[0]; i++)
		daily_add(&now, &late[i]);
	daily_diffs(&closed, &now, &d, &n);
	assert_int_equal(n, sizeof want / sizeof want[0]);
	for (i = 0; i < n; i++) {
		assert_int_equal(d[i].of, want[i].of);
		if (want[i].of == DAILY_DIFF_FIGURE || want[i].of == DAILY_DIFF_CLERK)
			assert_int_equal(d[i].fig, want[i].fig);
		assert_int_equal(d[i].free_count, want[i].free_count);
		assert_string_equal(d[i].key, want[i].key);
		assert_int_equal(d[i].closed, want[i].closed);
		assert_int_equal(d[i].now, want[i].now);
	}
	free(d);
	/* A day that did not change has no correction. */
	daily_diffs(&closed, &closed, &d, &n);
	assert_int_equal(n, 0);
	free(d);
	daily_free(&closed);
	daily_free(&now);
}

/* A clerk, a reason or a type that is gone since the closing counts 0 now. */
static void
test_corrections_gone(void **state)
{
	struct daily_figures closed, now;
	struct daily_diff *d;
	size_t n;

	(void)state;
	day_figures(&closed, NDAY, NULL, 0);
	/* Now without zhao's two services and the last withdrawal ("moved"): drop events 8, 9, 18. */
	daily_init(&now);
	for (n = 0; n < NDAY; n++)
		if (n != 8 && n != 9 && n != 18)
			daily_add(&now, &day_events[n]);
	daily_diffs(&closed, &now, &d, &n);
	/* services, free, withdrawn; withdrawn:moved; job_query and policy (count, free); the "" basis (count, free); zhao's services and free. */
	assert_int_equal(n, 3 + 1 + 4 + 2 + 2);
	assert_int_equal(d[0].fig, DAILY_WITHDRAWN);
	assert_int_equal(d[3].of, DAILY_DIFF_REASON);
	assert_string_equal(d[3].key, "moved");
	assert_int_equal(d[3].closed, 2);
	assert_int_equal(d[3].now, 1);
	assert_int_equal(d[n - 1].of, DAILY_DIFF_CLERK);
	assert_string_equal(d[n - 1].key, "zhao");
	assert_int_equal(d[n - 1].now, 0);
	free(d);
	daily_free(&closed);
	daily_free(&now);
}

/* Through a closing's two field sets and back, the figures are the same. */
static void
test_fields(void **state)
{
	struct fields figures = FIELDS_INIT, clerks = FIELDS_INIT;
	struct daily_figures f, back;
	struct daily_diff *d;
	char err[256];
	size_t n;

	(void)state;
	day_figures(&f, NDAY, NULL, 0);
	daily_to_fields(&f, &figures, &clerks);
	assert_string_equal(fields_str(&figures, "registered"), "2");
	assert_string_equal(fields_str(&figures, "headcount"), "8");
	assert_string_equal(fields_str(&figures, "withdrawn:moved"), "2");
	assert_string_equal(fields_str(&figures, "service:registration"), "2,1");
	assert_string_equal(fields_str(&figures, "basis:"), "4,2");
	/* A clerk's figures in daily_figs' order: li registered nothing, renewed nothing... */
	assert_string_equal(fields_str(&clerks, "li"), "0,0,0,0,1,2,8,0,2,0,0,1,1,0,3,2");
	daily_init(&back);
	assert_int_equal(daily_from_fields(&figures, &clerks, &back, err, sizeof err), 0);
	daily_diffs(&f, &back, &d, &n);
	assert_int_equal(n, 0);
	free(d);
	/* A figure of a newer program is left out; a value that is no count is refused. */
	fields_set(&figures, "interviews", "4");
	assert_int_equal(daily_from_fields(&figures, &clerks, &back, err, sizeof err), 0);
	fields_set(&figures, "service:renewal", "1,x");
	assert_int_equal(daily_from_fields(&figures, &clerks, &back, err, sizeof err), -1);
	assert_mentions(err, "service:renewal");
	assert_true(daily_counts_valid("12"));
	assert_true(daily_counts_valid("3,1,0"));
	assert_false(daily_counts_valid(""));
	assert_false(daily_counts_valid("-1"));
	assert_false(daily_counts_valid("3,"));
	assert_false(daily_counts_valid("3 1"));
	fields_free(&figures);
	fields_free(&clerks);
	daily_free(&f);
	daily_free(&back);
}

/* The digest is BLAKE2b-256 of the sorted lines: the same in any order, another for other events. */
static void
test_digest(void **state)
{
	const char *a[] = { "service_event 01", "referral 02 hired", "seeker 03 expired" };
	const char *b[] = { "seeker 03 expired", "service_event 01", "referral 02 hired" };
	const char *c[] = { "seeker 03 expired", "service_event 01", "referral 02 not_hired" };
	char da[65], db[65], dc[65], none[65];

	(void)state;
	daily_digest(a, 3, da);
	daily_digest(b, 3, db);
	daily_digest(c, 3, dc);
	assert_string_equal(da, db);
	assert_string_not_equal(da, dc);
	assert_int_equal(strlen(da), 64);
	/* No event: the hash of nothing, as BLAKE2b-256 defines it. */
	daily_digest(NULL, 0, none);
	assert_string_equal(none, "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
}

/* A day is closed on it or after it; the id's text names the office and the day. */
static void
test_close_rules(void **state)
{
	char err[256], key[64];

	(void)state;
	assert_int_equal(daily_close_allowed(20270310, 20270310, err, sizeof err), 0);
	assert_int_equal(daily_close_allowed(20270301, 20270310, err, sizeof err), 0);
	assert_int_equal(daily_close_allowed(20270311, 20270310, err, sizeof err), -1);
	assert_mentions(err, "2027-03-11");
	daily_closing_key("110105-01", 20270310, key, sizeof key);
	assert_string_equal(key, "110105-01:2027-03-10");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_day),
		cmocka_unit_test(test_rate),
		cmocka_unit_test(test_expiry),
		cmocka_unit_test(test_corrections),
		cmocka_unit_test(test_corrections_gone),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_digest),
		cmocka_unit_test(test_close_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
