/*
 * Unit tests for the end of day in the store (store/report-daily.h): the
 * daily report of a hand-made day of a district office and its street,
 * whose figures are written out by hand below (what the ledger, the
 * referrals' outcomes and the registrations say, and what they must not
 * count: another district, the day before and after, a removed record);
 * the close of day (one closing with its outbox entry, refused for a day
 * closed already, a day to come, a clerk and a script), a late service
 * and a changed outcome shown as corrections without touching the
 * closing, the reprint of the frozen figures, and the lists that need
 * action.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/report.h"
#include "core/daily.h"
#include "store/report-daily.h"
#include "store/report.h"
#include "store/store.h"

#include "testlib.h"

/* The day of the report: a Wednesday; the week before is 2027-03-03. */
#define DAY		20270310

/*
 * The district 110105 with its street 110105-01 (counted), and the
 * district 110106 (not counted); what happened on the day, the days
 * around it, and the same day a week before.
 */
static const char *const day_sql[] = {
	"INSERT INTO office (code, name, level, parent) VALUES "
	"('110105-01', '建外街道', 'street', '110105'), ('110106', '丰台区', 'district', NULL)",
	"INSERT INTO employer (id, uscc, name, office, created_by, registered_on, hlc) VALUES "
	"('m1', '91110105MA01ABCD15', '华联超市', '110105-01', 'li', '2027-03-10', 1)",
	"INSERT INTO vacancy (id, employer_id, occupation, title, headcount, valid_until, office, "
	"created_by, registered_on, hlc) VALUES ('v1', 'm1', '4-01-02', '收银员', '4', '2027-12-31', "
	"'110105-01', 'li', '2027-03-10', 1)",
	/* The ledger: seven services of the office and its street on the day. */
	"INSERT INTO service_event (id, type, seeker_id, employer_id, vacancy_id, clerk, office, "
	"at, free, basis, hlc) VALUES "
	"('e1', 'registration', 's8', NULL, NULL, 'wang', '110105', '2027-03-10T01:00:00Z', 1, "
	"'hardship', 1), "
	"('e2', 'registration', 's9', NULL, NULL, 'li', '110105-01', '2027-03-10T02:00:00Z', 0, "
	"'', 1), "
	"('e3', 'renewal', 's8', NULL, NULL, 'wang', '110105', '2027-03-10T03:00:00Z', 1, "
	"'laid_off', 1), "
	"('e4', 'vacancy_registration', NULL, 'm1', 'v1', 'li', '110105-01', "
	"'2027-03-10T04:00:00Z', 1, 'hard_to_recruit', 1), "
	"('e5', 'employer_registration', NULL, 'm1', NULL, 'li', '110105-01', "
	"'2027-03-10T05:00:00Z', 1, 'hard_to_recruit', 1), "
	"('e6', 'referral', 's8', NULL, 'v1', 'wang', '110105', '2027-03-10T06:00:00Z', 1, "
	"'hardship', 1), "
	"('e7', 'guidance', 's8', NULL, NULL, 'wang', '110105', '2027-03-10T23:59:59Z', 1, "
	"'hardship', 1), "
	/* Not the office's, not the day's. */
	"('e8', 'job_query', 's6', NULL, NULL, 'zhao', '110106', '2027-03-10T06:00:00Z', 1, "
	"'', 1), "
	"('e9', 'registration', 's8', NULL, NULL, 'wang', '110105', '2027-03-09T23:59:59Z', 1, "
	"'', 1), "
	"('e10', 'registration', 's8', NULL, NULL, 'wang', '110105', '2027-03-11T00:00:00Z', 1, "
	"'', 1), "
	/* The same day a week before. */
	"('e11', 'registration', 's8', NULL, NULL, 'wang', '110105', '2027-03-03T08:00:00Z', 1, "
	"'hardship', 1), "
	"('e12', 'referral', 's8', NULL, 'v1', 'wang', '110105', '2027-03-03T09:00:00Z', 1, "
	"'hardship', 1)",
	/* Referrals: three outcomes on the day, the rest not counted. */
	"INSERT INTO referral (id, number, seeker_id, vacancy_id, employer_id, status, outcome_on, "
	"office, created_by, registered_on, hlc, deleted) VALUES "
	"('r1', 'N1', 's8', 'v1', 'm1', 'hired', '2027-03-10', '110105', 'wang', '2027-03-01', 1, 0), "
	"('r2', 'N2', 's8', 'v1', 'm1', 'not_hired', '2027-03-10', '110105', 'wang', '2027-03-01', "
	"1, 0), "
	"('r3', 'N3', 's9', 'v1', 'm1', 'no_show', '2027-03-10', '110105-01', 'li', '2027-03-02', "
	"1, 0), "
	"('r4', 'N4', 's7', 'v1', 'm1', 'issued', '', '110105', 'wang', '2026-01-05', 1, 0), "
	"('r5', 'N5', 's6', 'v1', 'm1', 'hired', '2027-03-10', '110106', 'zhao', '2027-03-01', 1, 0), "
	"('r6', 'N6', 's8', 'v1', 'm1', 'hired', '2027-03-09', '110105', 'wang', '2027-03-01', 1, 0), "
	"('r7', 'N7', 's8', 'v1', 'm1', 'hired', '2027-03-10', '110105', 'wang', '2027-03-01', 1, 1)",
	/* Registrations: two withdrawn on the day, two expired on it, others not. */
	"INSERT INTO seeker (id, id_number, name, status, registered_on, valid_until, "
	"withdraw_reason, closed_on, office, created_by, hlc) VALUES "
	"('s1', NULL, '赵一', 'withdrawn', '2027-01-01', '2027-04-01', 'moved', '2027-03-10', "
	"'110105', 'wang', 1), "
	"('s2', NULL, '钱二', 'placed', '2027-01-01', '2027-04-01', 'placed', '2027-03-10', "
	"'110105-01', 'li', 1), "
	"('s3', NULL, '孙三', 'registered', '2026-12-09', '2027-03-09', '', '', '110105', 'wang', 1), "
	"('s4', NULL, '李四', 'renewed', '2026-12-09', '2027-03-09', '', '', '110105', 'wang', 1), "
	"('s5', NULL, '周五', 'placed', '2026-12-09', '2027-03-09', 'referral', '', '110105', "
	"'wang', 1), "
	"('s6', NULL, '吴六', 'registered', '2026-12-09', '2027-03-09', '', '', '110106', 'zhao', 1), "
	"('s7', NULL, '郑七', 'registered', '2026-12-10', '2027-03-10', '', '', '110105', 'wang', 1), "
	"('s8', NULL, '王八', 'registered', '2027-03-10', '2027-06-08', '', '', '110105', 'wang', 1), "
	"('s9', NULL, '冯九', 'registered', '2027-03-10', '2027-06-08', '', '', '110105-01', 'li', 1)",
	NULL,
};

/* A store with the day's records, and its clerks' accounts (wang, li) besides the supervisor. */
static int
setup(void **state)
{
	struct store *st;
	size_t i;

	if (store_setup(state) != 0)
		return -1;
	st = *state;
	for (i = 0; day_sql[i] != NULL; i++)
		exec_sql(st, day_sql[i]);
	exec_sql(st, "INSERT INTO account (login, name, office, role, pwhash, created_at, "
	    "updated_at) VALUES ('wang', '王芳', '110105', 'clerk', 'x', '', ''), "
	    "('li', '李明', '110105-01', 'clerk', 'x', '', ''), "
	    "('zhou', '周强', '110105-01', 'supervisor', 'x', '', '')");
	return 0;
}

/* The query of the day, of the district office, on the day itself. */
static struct report_query
day_query(void)
{
	struct report_query q;

	memset(&q, 0, sizeof q);
	q.office = "110105";
	q.from = q.to = q.today = DAY;
	return q;
}

/* The table of this key, failing the test when the report lacks it. */
static const struct report_table *
table(const struct report *r, const char *key)
{
	size_t i;

	for (i = 0; i < r->ntables; i++)
		if (strcmp(r->tables[i]->key, key) == 0)
			return r->tables[i];
	fail_msg("the report has no table %s", key);
	return NULL;
}

/* The cell of column col of the row whose first cell is key (for totals: kind TOTAL). */
static const char *
cell(const struct report *r, const char *tkey, enum report_row_kind kind, const char *key,
    const char *col)
{
	const struct report_table *t = table(r, tkey);
	size_t i, j;

	for (j = 0; j < t->ncols; j++)
		if (strcmp(t->cols[j].key, col) == 0)
			break;
	if (j == t->ncols)
		fail_msg("table %s has no column %s", tkey, col);
	for (i = 0; i < t->nrows; i++)
		if (t->rows[i].kind == kind && (kind == REPORT_TOTAL ||
		    strcmp(t->rows[i].cells[0], key) == 0))
			return t->rows[i].cells[j];
	fail_msg("table %s has no row %s", tkey, key);
	return NULL;
}

/* Whether a note of the report mentions text. */
static int
noted(const struct report *r, const char *text)
{
	size_t i;

	for (i = 0; i < r->nnotes; i++)
		if (strstr(r->notes[i], text) != NULL)
			return 1;
	return 0;
}

/* The figure key's value on the day, and the week before, as the figures table shows them. */
#define assert_figure(r, key, day, week) do {						\
	assert_string_equal(cell((r), "figures", REPORT_ROW, (key), "value"), (day));		\
	assert_string_equal(cell((r), "figures", REPORT_ROW, (key), "last_week"), (week));	\
} while (0)

/* The day's figures, counted by hand from the rows above. */
static void
test_daily(void **state)
{
	struct store *st = *state;
	struct report_query q = day_query();
	struct report r;
	char err[256];

	assert_int_equal(report_daily(st, &q, &r, err, sizeof err), 0);
	assert_figure(&r, "registered", "2", "1");
	assert_figure(&r, "renewed", "1", "0");
	assert_figure(&r, "withdrawn", "2", "0");
	assert_figure(&r, "expired", "2", "0");
	assert_figure(&r, "employers", "1", "0");
	assert_figure(&r, "vacancies", "1", "0");
	assert_figure(&r, "headcount", "4", "0");
	assert_figure(&r, "referrals", "1", "1");
	assert_figure(&r, "outcomes", "3", "0");
	assert_figure(&r, "hired", "1", "0");
	assert_figure(&r, "not_hired", "1", "0");
	assert_figure(&r, "no_show", "1", "0");
	assert_figure(&r, "other_outcome", "0", "0");
	assert_figure(&r, "guidance", "1", "0");
	assert_figure(&r, "services", "7", "2");
	assert_figure(&r, "free", "6", "2");
	assert_figure(&r, "placement_rate", "33.3%", "-");
	assert_string_equal(cell(&r, "figures", REPORT_ROW, "registered", "change"), "1");
	assert_string_equal(cell(&r, "figures", REPORT_ROW, "renewed", "change"), "1");
	assert_string_equal(cell(&r, "figures", REPORT_ROW, "referrals", "change"), "0");
	/* Withdrawals by reason, services by type and basis, each with its total. */
	assert_string_equal(cell(&r, "withdrawn", REPORT_ROW, "moved", "count"), "1");
	assert_string_equal(cell(&r, "withdrawn", REPORT_ROW, "placed", "count"), "1");
	assert_string_equal(cell(&r, "withdrawn", REPORT_TOTAL, "", "count"), "2");
	/* A total row says so in its code column, for CSV readers. */
	assert_string_equal(cell(&r, "withdrawn", REPORT_TOTAL, "", "reason"), "total");
	assert_string_equal(cell(&r, "clerks", REPORT_TOTAL, "", "clerk"), "total");
	assert_string_equal(cell(&r, "by_type", REPORT_ROW, "registration", "given"), "2");
	assert_string_equal(cell(&r, "by_type", REPORT_ROW, "registration", "free"), "1");
	assert_string_equal(cell(&r, "by_type", REPORT_TOTAL, "", "given"), "7");
	assert_string_equal(cell(&r, "by_basis", REPORT_ROW, "hardship", "given"), "3");
	assert_string_equal(cell(&r, "by_basis", REPORT_ROW, "hard_to_recruit", "given"), "2");
	assert_string_equal(cell(&r, "by_basis", REPORT_TOTAL, "", "free"), "6");
	/* Each clerk: the street's clerk counts in the district's report. */
	assert_string_equal(cell(&r, "clerks", REPORT_ROW, "li", "name"), "李明");
	assert_string_equal(cell(&r, "clerks", REPORT_ROW, "li", "vacancies"), "1");
	assert_string_equal(cell(&r, "clerks", REPORT_ROW, "li", "outcomes"), "1");
	assert_string_equal(cell(&r, "clerks", REPORT_ROW, "li", "services"), "3");
	assert_string_equal(cell(&r, "clerks", REPORT_ROW, "wang", "registered"), "1");
	assert_string_equal(cell(&r, "clerks", REPORT_ROW, "wang", "hired"), "1");
	assert_string_equal(cell(&r, "clerks", REPORT_ROW, "wang", "services"), "4");
	assert_string_equal(cell(&r, "clerks", REPORT_TOTAL, "", "services"), "7");
	assert_true(noted(&r, "not closed"));
	report_free(&r);

	/* The street alone: its clerk's day, none of the district office's. */
	q.office = "110105-01";
	assert_int_equal(report_daily(st, &q, &r, err, sizeof err), 0);
	assert_figure(&r, "registered", "1", "0");
	assert_figure(&r, "withdrawn", "1", "0");
	assert_figure(&r, "expired", "0", "0");
	assert_figure(&r, "services", "3", "0");
	assert_figure(&r, "outcomes", "1", "0");
	report_free(&r);

	/* Two days total them: the day before adds its registration and its hire. */
	q.office = "110105";
	q.from = DAY - 1;
	assert_int_equal(report_daily(st, &q, &r, err, sizeof err), 0);
	assert_figure(&r, "registered", "3", "1");
	assert_figure(&r, "hired", "2", "0");
	report_free(&r);
}

/*
 * The lines naming the events of the day, written by hand: seven
 * services, three outcomes, two withdrawals, two expiries.
 */
static const char *day_lines[] = {
	"service_event e1", "service_event e2", "service_event e3", "service_event e4",
	"service_event e5", "service_event e6", "service_event e7",
	"referral r1 hired", "referral r2 not_hired", "referral r3 no_show",
	"seeker s1 withdrawn moved", "seeker s2 withdrawn placed",
	"seeker s3 expired 2027-03-09", "seeker s4 expired 2027-03-09",
};

/*
 * Closing the day: one record with the day's figures, its events' count
 * and digest, sent to the district; later a late service and a changed
 * outcome show as corrections and the closing stays as it was; the
 * reprint prints it as it was.
 */
static void
test_close(void **state)
{
	struct store *st = *state;
	struct report_query q = day_query();
	struct report r;
	char err[256], digest[65];
	long outbox;

	outbox = (long)count(st, "SELECT count(*) FROM outbox");
	assert_int_equal(report_close(st, &q, &r, err, sizeof err), 0);
	assert_figure(&r, "registered", "2", "1");
	assert_true(noted(&r, "Events counted: 14"));
	report_free(&r);
	assert_int_equal(count(st, "SELECT count(*) FROM closing WHERE office = '110105' "
	    "AND day = '2027-03-10' AND created_by = 'wang.li' AND counted = '14'"), 1);
	assert_int_equal(count(st, "SELECT count(*) FROM outbox WHERE tbl = 'closing'"), 1);
	assert_int_equal(count(st, "SELECT count(*) FROM outbox"), outbox + 1);
	daily_digest(day_lines, sizeof day_lines / sizeof day_lines[0], digest);
	assert_int_equal(count(st, "SELECT count(*) FROM closing WHERE digest = '%s'", digest), 1);
	assert_int_equal(count(st, "SELECT count(*) FROM closing WHERE "
	    "json_extract(figures, '$.registered') = '2' AND "
	    "json_extract(figures, '$.\"withdrawn:moved\"') = '1' AND "
	    "json_extract(clerks, '$.li') IS NOT NULL"), 1);

	/* Closed already: refused, saying by whom; nothing more written. */
	assert_int_equal(report_close(st, &q, &r, err, sizeof err), -1);
	report_free(&r);
	assert_mentions(err, "closed already");
	assert_mentions(err, "wang.li");

	/* A service pushed late from another window, and an outcome corrected to a hire. */
	exec_sql(st, "INSERT INTO service_event (id, type, seeker_id, clerk, office, at, free, "
	    "basis, hlc) VALUES ('e13', 'registration', 's7', 'zhao', '110105', "
	    "'2027-03-10T10:00:00Z', 1, 'hardship', 0)");
	exec_sql(st, "UPDATE referral SET status = 'hired' WHERE id = 'r3'");
	assert_int_equal(report_daily(st, &q, &r, err, sizeof err), 0);
	assert_figure(&r, "registered", "3", "1");
	assert_true(noted(&r, "Closed by"));
	assert_string_equal(cell(&r, "corrections", REPORT_ROW, "2027-03-10", "figure"),
	    "registered");
	{
		const struct report_table *t = table(&r, "corrections");
		size_t i, seen = 0;

		for (i = 0; i < t->nrows; i++) {
			const char *const *c = (const char *const *)t->rows[i].cells;

			if (strcmp(c[1], "registered") == 0 && strcmp(c[3], "2") == 0 &&
			    strcmp(c[4], "3") == 0 && strcmp(c[5], "1") == 0)
				seen |= 1;
			if (strcmp(c[1], "hired") == 0 && strcmp(c[3], "1") == 0 &&
			    strcmp(c[4], "2") == 0 && strcmp(c[5], "1") == 0)
				seen |= 2;
			if (strcmp(c[1], "no_show") == 0 && strcmp(c[3], "1") == 0 &&
			    strcmp(c[4], "0") == 0 && strcmp(c[5], "-1") == 0)
				seen |= 4;
			if (strcmp(c[1], "clerk:zhao:registered") == 0 && strcmp(c[5], "1") == 0)
				seen |= 8;
			/* The outcomes recorded did not change: one changed its kind. */
			if (strcmp(c[1], "outcomes") == 0)
				seen |= 16;
		}
		assert_int_equal(seen, 1 | 2 | 4 | 8);
	}
	report_free(&r);
	/* The closing keeps what it froze. */
	assert_int_equal(count(st, "SELECT count(*) FROM closing WHERE "
	    "json_extract(figures, '$.registered') = '2' AND digest = '%s'", digest), 1);

	/* The reprint: the frozen figures, marked so. */
	assert_int_equal(report_closed(st, &q, &r, err, sizeof err), 0);
	assert_string_equal(cell(&r, "figures", REPORT_ROW, "registered", "value"), "2");
	assert_string_equal(cell(&r, "figures", REPORT_ROW, "hired", "value"), "1");
	assert_string_equal(cell(&r, "clerks", REPORT_ROW, "li", "outcomes"), "1");
	assert_true(noted(&r, "REPRINT"));
	assert_true(noted(&r, digest));
	report_free(&r);

	/* No reprint of a day not closed. */
	q.from = q.to = DAY - 1;
	assert_int_equal(report_closed(st, &q, &r, err, sizeof err), -1);
	report_free(&r);
	assert_mentions(err, "not closed");
}

/* What a close refuses, each writing nothing. */
static void
test_close_refused(void **state)
{
	struct store *st = *state;
	struct report_query q = day_query();
	struct report r;
	char err[256];

	/* A day to come. */
	q.from = q.to = DAY + 1;
	assert_int_equal(report_close(st, &q, &r, err, sizeof err), -1);
	report_free(&r);
	assert_mentions(err, "2027-03-11");
	/* A period. */
	q.from = DAY - 1;
	q.to = DAY;
	assert_int_equal(report_close(st, &q, &r, err, sizeof err), -1);
	report_free(&r);
	assert_mentions(err, "2027-03-09");
	/* A clerk's account. */
	q = day_query();
	store_set_actor(st, "wang", "110105");
	assert_int_equal(report_close(st, &q, &r, err, sizeof err), -1);
	report_free(&r);
	assert_mentions(err, "only a supervisor");
	/* A script without an account. */
	store_set_actor(st, "cli:root", "110105");
	assert_int_equal(report_close(st, &q, &r, err, sizeof err), -1);
	report_free(&r);
	assert_mentions(err, "--user");
	/* A supervisor of the street does not close the district's day. */
	store_set_actor(st, "zhou", "110105");
	assert_int_equal(report_close(st, &q, &r, err, sizeof err), -1);
	report_free(&r);
	assert_mentions(err, "110105");
	assert_int_equal(count(st, "SELECT count(*) FROM closing"), 0);
	assert_int_equal(count(st, "SELECT count(*) FROM outbox WHERE tbl = 'closing'"), 0);
	/* The street's supervisor closes the street's day. */
	q.office = "110105-01";
	assert_int_equal(report_close(st, &q, &r, err, sizeof err), 0);
	report_free(&r);
	assert_int_equal(count(st, "SELECT count(*) FROM closing WHERE office = '110105-01' "
	    "AND counted = '5'"), 1);
}

/* The lists that need action, of the office and its street, on the day. */
static void
test_actions(void **state)
{
	struct store *st = *state;
	struct report_query q = day_query();
	struct report r;
	char err[256];

	exec_sql(st, "INSERT INTO terminal (id, office, number, last_sync) VALUES "
	    "('t1', '110105', '1', '2027-03-05'), ('t2', '110105-01', '2', '2027-03-10'), "
	    "('t3', '110105-01', '3', ''), ('t4', '110106', '4', '2027-01-01'), "
	    "('t5', '110105', '5', '2027-03-08')");
	exec_sql(st, "INSERT INTO conflict (key, tbl, row_id, field, lost_value, won_value, at) "
	    "VALUES ('c1', 'seeker', 's8', 'phone', '1', '2', '2027-03-09T08:00:00Z'), "
	    "('c2', 'seeker', 's8', 'address', '1', '2', '2027-02-01T08:00:00Z')");
	exec_sql(st, "INSERT INTO sync_rejected (seq, tbl, row_id, op, label, reason, at) VALUES "
	    "(9, 'seeker', 's8', 'update', '王八', 'phone: not a phone number', "
	    "'2027-03-10T08:00:00Z')");
	store_set_report_days(st, 7, 3);
	assert_int_equal(report_actions(st, &q, &r, err, sizeof err), 0);
	/* The referral awaiting its outcome since 2026-01-05 (due seven days later). */
	assert_string_equal(cell(&r, "due", REPORT_ROW, "outcome", "due"), "2026-01-12");
	assert_string_equal(cell(&r, "due", REPORT_ROW, "outcome", "name"), "郑七");
	assert_string_equal(cell(&r, "due", REPORT_TOTAL, "", "name"), "1");
	/* Valid until the day: expiring; until the day before: expired already. */
	assert_string_equal(cell(&r, "expiring", REPORT_ROW, "110105", "valid_until"), "2027-03-10");
	assert_string_equal(cell(&r, "expiring", REPORT_ROW, "110105", "name"), "郑七");
	assert_string_equal(cell(&r, "expiring", REPORT_TOTAL, "", "name"), "1");
	/* The week's conflict, not the older one. */
	assert_string_equal(cell(&r, "conflicts", REPORT_ROW, "seeker", "at"), "2027-03-09");
	assert_string_equal(cell(&r, "conflicts", REPORT_ROW, "seeker", "field"), "phone");
	assert_string_equal(cell(&r, "conflicts", REPORT_TOTAL, "", "record"), "1");
	assert_string_equal(cell(&r, "parked", REPORT_ROW, "seeker", "label"), "王八");
	/* Silent three days or more, or never synced; not another district's. */
	assert_string_equal(cell(&r, "terminals", REPORT_ROW, "t1", "number"), "T1");
	assert_string_equal(cell(&r, "terminals", REPORT_ROW, "t1", "days"), "5");
	assert_string_equal(cell(&r, "terminals", REPORT_ROW, "t3", "last_sync"), "never");
	assert_string_equal(cell(&r, "terminals", REPORT_TOTAL, "", "office"), "2");
	report_free(&r);
	/* Five days of silence are allowed: only the one that never synced. */
	store_set_report_days(st, 7, 6);
	assert_int_equal(report_actions(st, &q, &r, err, sizeof err), 0);
	assert_string_equal(cell(&r, "terminals", REPORT_TOTAL, "", "office"), "1");
	report_free(&r);
	/*
	 * Outcomes awaited of a person of the street (in the office's lists) and
	 * of one of another district (not), besides 郑七's, in the order due.
	 */
	exec_sql(st, "INSERT INTO referral (id, number, seeker_id, vacancy_id, employer_id, "
	    "status, outcome_on, office, created_by, registered_on, hlc, deleted) VALUES "
	    "('r8', 'N8', 's6', 'v1', 'm1', 'issued', '', '110106', 'zhao', '2026-01-20', 1, 0), "
	    "('r9', 'N9', 's9', 'v1', 'm1', 'issued', '', '110105-01', 'li', '2026-01-20', 1, 0)");
	assert_int_equal(report_actions(st, &q, &r, err, sizeof err), 0);
	assert_string_equal(cell(&r, "due", REPORT_TOTAL, "", "name"), "2");
	assert_string_equal(table(&r, "due")->rows[0].cells[2], "郑七");
	assert_string_equal(table(&r, "due")->rows[1].cells[2], "冯九");
	assert_string_equal(table(&r, "due")->rows[1].cells[1], "2026-01-27");
	report_free(&r);
	/* The street's supervisor: the street's person only. */
	q.office = "110105-01";
	assert_int_equal(report_actions(st, &q, &r, err, sizeof err), 0);
	assert_string_equal(cell(&r, "due", REPORT_TOTAL, "", "name"), "1");
	assert_string_equal(table(&r, "due")->rows[0].cells[2], "冯九");
	report_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_daily, setup, store_teardown),
		cmocka_unit_test_setup_teardown(test_close, setup, store_teardown),
		cmocka_unit_test_setup_teardown(test_close_refused, setup, store_teardown),
		cmocka_unit_test_setup_teardown(test_actions, setup, store_teardown),
	};

	/* Local days are UTC days here, so that the stamps above fall on the days they name. */
	setenv("TZ", "UTC", 1);
	tzset();
	if (utf8_locale("test_report_daily") != 0)
		return 1;
	return cmocka_run_group_tests(tests, store_group_setup, store_group_teardown);
}
