/*
 * Unit tests for supply and demand (供求分析): the valid-count rule at the
 * edges of a period (registered on its last day, lapsed on its first,
 * renewed across its start, closed the day before or on its first day),
 * the day a closed record closed, 求人倍率 with no seekers and its
 * rounding, the periods compared (whole months, days, 29 February a year
 * on), the age bands; then the report on a small district written by
 * hand with its figures worked out by hand, a seeker's closing by hand
 * recording its day, and the reconciliation: the streets' figures add up
 * to the district's in every row of every breakdown.
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

#include "common/buf.h"
#include "common/fields.h"
#include "common/report.h"
#include "core/check.h"
#include "core/hlc.h"
#include "core/supply.h"
#include "print/report-out.h"
#include "store/codes.h"
#include "store/report.h"
#include "store/seeker.h"
#include "store/store.h"
#include "store/vacancy.h"

#include "testlib.h"

/* The period of the hand-made district: March 2027, February before it, March 2026. */
#define MAR_FROM	20270301
#define MAR_TO		20270331

/* A record's validity in one period. */
static enum supply_count
valid(int start, int until, int closed, int from, int to)
{
	struct supply_life l = { .start = start, .until = until, .closed = closed };

	return supply_valid(&l, from, to);
}

/* The rule at the edges of March 2027. */
static void
test_valid_edges(void **state)
{
	(void)state;
	/* Registered on the last day: new in the period; the day after: not in it. */
	assert_int_equal(valid(20270331, 20270629, 0, MAR_FROM, MAR_TO), SUPPLY_NEW);
	assert_int_equal(valid(20270401, 20270630, 0, MAR_FROM, MAR_TO), SUPPLY_OUT);
	/* Registered on the first day: new, not carried over. */
	assert_int_equal(valid(20270301, 20270529, 0, MAR_FROM, MAR_TO), SUPPLY_NEW);
	/* Valid until the first day (lapses on the 2nd): still valid in the period. */
	assert_int_equal(valid(20261201, 20270301, 0, MAR_FROM, MAR_TO), SUPPLY_CARRIED);
	/* Valid until the day before (lapsed on the first): not. */
	assert_int_equal(valid(20261201, 20270228, 0, MAR_FROM, MAR_TO), SUPPLY_OUT);
	/* Renewed across the start: registered in November, valid into May. */
	assert_int_equal(valid(20261120, 20270518, 0, MAR_FROM, MAR_TO), SUPPLY_CARRIED);
	/* Withdrawn the day before the period: not; on its first day: carried over. */
	assert_int_equal(valid(20270105, 20270405, 20270228, MAR_FROM, MAR_TO), SUPPLY_OUT);
	assert_int_equal(valid(20270105, 20270405, 20270301, MAR_FROM, MAR_TO),
	    SUPPLY_CARRIED);
	/* Registered and withdrawn inside the period: new. */
	assert_int_equal(valid(20270310, 20270608, 20270312, MAR_FROM, MAR_TO), SUPPLY_NEW);
	/* Closed after it had lapsed: its validity ended first. */
	{
		struct supply_life l = { .start = 20261201, .until = 20270228,
		    .closed = 20270310 };

		assert_int_equal(supply_last_day(&l), 20270228);
		assert_int_equal(supply_valid(&l, MAR_FROM, MAR_TO), SUPPLY_OUT);
	}
	/* No day it opened, no validity, or closed before it opened: in no period. */
	assert_int_equal(valid(0, 20270518, 0, MAR_FROM, MAR_TO), SUPPLY_OUT);
	assert_int_equal(valid(20270101, 0, 0, MAR_FROM, MAR_TO), SUPPLY_OUT);
	assert_int_equal(valid(20270305, 20270603, 20270201, MAR_FROM, MAR_TO), SUPPLY_OUT);
	/* A one-day period. */
	assert_int_equal(valid(20270315, 20270315, 0, 20270315, 20270315), SUPPLY_NEW);
	assert_int_equal(valid(20270101, 20270315, 0, 20270315, 20270315), SUPPLY_CARRIED);
}

/* What a closed record's day is taken from, in order. */
static void
test_closed_day(void **state)
{
	(void)state;
	assert_int_equal(supply_closed_day(20270301, 20270215, 20270320), 20270301);
	assert_int_equal(supply_closed_day(0, 20270215, 20270320), 20270215);
	assert_int_equal(supply_closed_day(0, 0, 20270320), 20270320);
	assert_int_equal(supply_closed_day(0, 0, 0), 0);
}

/* 求人倍率: two decimals half up, "-" with no seekers, never a division by zero. */
static void
test_ratio(void **state)
{
	char out[32];

	(void)state;
	supply_ratio(5, 0, out, sizeof out);
	assert_string_equal(out, "-");
	supply_ratio(0, 0, out, sizeof out);
	assert_string_equal(out, "-");
	supply_ratio(0, 7, out, sizeof out);
	assert_string_equal(out, "0.00");
	supply_ratio(3, 2, out, sizeof out);
	assert_string_equal(out, "1.50");
	supply_ratio(8, 6, out, sizeof out);
	assert_string_equal(out, "1.33");
	supply_ratio(11, 8, out, sizeof out);		/* 1.375 */
	assert_string_equal(out, "1.38");
	supply_ratio(1, 8, out, sizeof out);		/* 0.125 */
	assert_string_equal(out, "0.13");
	supply_ratio(2, 3, out, sizeof out);
	assert_string_equal(out, "0.67");
	supply_ratio(123456, 1, out, sizeof out);
	assert_string_equal(out, "123456.00");
	supply_ratio(300000, 499999, out, sizeof out);
	assert_string_equal(out, "0.60");
}

/* The period before: whole months as months, any other as days. */
static void
test_last_period(void **state)
{
	int f, t;

	(void)state;
	supply_last_period(20270301, 20270331, &f, &t);
	assert_int_equal(f, 20270201);
	assert_int_equal(t, 20270228);
	supply_last_period(20270401, 20270630, &f, &t);		/* a quarter */
	assert_int_equal(f, 20270101);
	assert_int_equal(t, 20270331);
	supply_last_period(20270101, 20270131, &f, &t);		/* across the year */
	assert_int_equal(f, 20261201);
	assert_int_equal(t, 20261231);
	supply_last_period(20280301, 20280331, &f, &t);		/* a leap February */
	assert_int_equal(f, 20280201);
	assert_int_equal(t, 20280229);
	supply_last_period(20270101, 20271231, &f, &t);		/* a year */
	assert_int_equal(f, 20260101);
	assert_int_equal(t, 20261231);
	supply_last_period(20270301, 20270315, &f, &t);		/* a month to date: 15 days */
	assert_int_equal(f, 20270214);
	assert_int_equal(t, 20270228);
	supply_last_period(20270310, 20270310, &f, &t);		/* a day */
	assert_int_equal(f, 20270309);
	assert_int_equal(t, 20270309);
	supply_last_period(20270115, 20270214, &f, &t);		/* 31 days, not months */
	assert_int_equal(f, 20261215);
	assert_int_equal(t, 20270114);
}

/* The same period a year earlier, 29 February on either side. */
static void
test_last_year(void **state)
{
	int f, t;

	(void)state;
	supply_last_year(20270301, 20270331, &f, &t);
	assert_int_equal(f, 20260301);
	assert_int_equal(t, 20260331);
	supply_last_year(20280229, 20280229, &f, &t);		/* leap day: 28 February */
	assert_int_equal(f, 20270228);
	assert_int_equal(t, 20270228);
	supply_last_year(20280201, 20280229, &f, &t);		/* a leap February whole */
	assert_int_equal(f, 20270201);
	assert_int_equal(t, 20270228);
	supply_last_year(20290201, 20290228, &f, &t);		/* February before a leap one */
	assert_int_equal(f, 20280201);
	assert_int_equal(t, 20280229);
	supply_last_year(20290210, 20290228, &f, &t);		/* ends on the month's last day */
	assert_int_equal(f, 20280210);
	assert_int_equal(t, 20280229);
	supply_last_year(20280215, 20280310, &f, &t);
	assert_int_equal(f, 20270215);
	assert_int_equal(t, 20270310);
	supply_last_year(20270101, 20270331, &f, &t);		/* a quarter */
	assert_int_equal(f, 20260101);
	assert_int_equal(t, 20260331);
}

/* The age bands, and a vacancy's band from its range. */
static void
test_age_bands(void **state)
{
	(void)state;
	assert_int_equal(supply_age_band(15), SUPPLY_AGE_16_24);
	assert_int_equal(supply_age_band(16), SUPPLY_AGE_16_24);
	assert_int_equal(supply_age_band(24), SUPPLY_AGE_16_24);
	assert_int_equal(supply_age_band(25), SUPPLY_AGE_25_34);
	assert_int_equal(supply_age_band(34), SUPPLY_AGE_25_34);
	assert_int_equal(supply_age_band(35), SUPPLY_AGE_35_44);
	assert_int_equal(supply_age_band(44), SUPPLY_AGE_35_44);
	assert_int_equal(supply_age_band(45), SUPPLY_AGE_45_54);
	assert_int_equal(supply_age_band(54), SUPPLY_AGE_45_54);
	assert_int_equal(supply_age_band(55), SUPPLY_AGE_55_UP);
	assert_int_equal(supply_age_band(70), SUPPLY_AGE_55_UP);
	assert_string_equal(supply_age_key(SUPPLY_AGE_16_24), "16-24");
	assert_string_equal(supply_age_key(SUPPLY_AGE_55_UP), "55+");
	assert_int_equal(supply_vacancy_age_band(-1, -1), SUPPLY_AGE_ANY);
	assert_int_equal(supply_vacancy_age_band(18, 35), SUPPLY_AGE_25_34);	/* 26 */
	assert_int_equal(supply_vacancy_age_band(-1, 35), SUPPLY_AGE_25_34);	/* 16-35: 25 */
	assert_int_equal(supply_vacancy_age_band(-1, 30), SUPPLY_AGE_16_24);	/* 16-30: 23 */
	assert_int_equal(supply_vacancy_age_band(40, -1), SUPPLY_AGE_45_54);	/* 40-60: 50 */
	assert_int_equal(supply_vacancy_age_band(62, -1), SUPPLY_AGE_55_UP);
	assert_int_equal(supply_vacancy_age_band(30, 20), SUPPLY_AGE_25_34);	/* max < min */
}

/* --- the report on a district written by hand ------------------------------------- */

/* The clock stamp of noon on a day, local time, as a record's last change. */
static long long
noon_hlc(int ymd)
{
	struct tm tm = { .tm_year = ymd / 10000 - 1900, .tm_mon = ymd / 100 % 100 - 1,
	    .tm_mday = ymd % 100, .tm_hour = 12, .tm_isdst = -1 };

	return (long long)hlc_pack((uint64_t)mktime(&tm) * 1000, 0);
}

/*
 * Add a seeker: id, office, registered_on, valid_until, status, withdraw
 * reason, closed_on, education, birth date, sex, categories, hardship,
 * first wish, the day of its last change (0: a fixed stamp), deleted.
 */
static void
add_seeker(struct store *st, const char *id, const char *office, const char *reg,
    const char *until, const char *status, const char *reason, const char *closed,
    const char *edu, const char *birth, const char *sex, const char *cat, const char *hard,
    const char *occ, int changed, int deleted)
{
	char sql[1024];

	snprintf(sql, sizeof sql, "INSERT INTO seeker (id, name, office, created_by, hlc, "
	    "registered_on, valid_until, status, withdraw_reason, closed_on, education, "
	    "birth_date, sex, category, hardship, desired_occupation, deleted) VALUES ('%s', "
	    "'n', '%s', 'wang.li', %lld, '%s', '%s', '%s', '%s', '%s', '%s', '%s', '%s', '%s', "
	    "'%s', '%s', %d)", id, office, changed != 0 ? noon_hlc(changed) : 1LL, reg, until,
	    status, reason, closed, edu, birth, sex, cat, hard, occ, deleted);
	exec_sql(st, sql);
}

/* Add a vacancy: id, office, employer, registered_on, valid_until, status, closed_on, occupation, education, ages, headcount. */
static void
add_vacancy(struct store *st, const char *id, const char *office, const char *employer,
    const char *reg, const char *until, const char *status, const char *closed, const char *occ,
    const char *edu, const char *age_min, const char *age_max, const char *headcount)
{
	char sql[1024];

	snprintf(sql, sizeof sql, "INSERT INTO vacancy (id, employer_id, office, created_by, hlc, "
	    "title, registered_on, valid_until, status, closed_on, occupation, education, "
	    "age_min, age_max, headcount) VALUES ('%s', '%s', '%s', 'wang.li', 1, 't', '%s', "
	    "'%s', '%s', '%s', '%s', '%s', '%s', '%s', '%s')", id, employer, office, reg, until,
	    status, closed, occ, edu, age_min, age_max, headcount);
	exec_sql(st, sql);
}

/* Add a referral of seeker to vacancy, registered on reg, with its status and outcome day. */
static void
add_referral(struct store *st, const char *id, const char *seeker, const char *vacancy,
    const char *reg, const char *status, const char *outcome)
{
	char sql[1024];

	snprintf(sql, sizeof sql, "INSERT INTO referral (id, number, seeker_id, vacancy_id, "
	    "employer_id, office, created_by, registered_on, hlc, status, outcome_on) VALUES "
	    "('%s', '%s', '%s', '%s', 'e1', '110105001', 'wang.li', '%s', 1, '%s', '%s')", id, id,
	    seeker, vacancy, reg, status, outcome);
	exec_sql(st, sql);
}

/* The offices: district 110105 with two streets, and a district that is not in scope. */
static void
add_offices(struct store *st)
{
	exec_sql(st, "INSERT OR REPLACE INTO office (code, name, level, parent) VALUES "
	    "('110105', '朝阳区公共就业服务中心', 'district', NULL), "
	    "('110105001', '建外街道社保所', 'street', '110105'), "
	    "('110105002', '朝外街道社保所', 'street', '110105'), "
	    "('110105003', '呼家楼街道社保所', 'street', '110105'), "
	    "('110108', '海淀区公共就业服务中心', 'district', NULL), "
	    "('110108001', '万寿路街道社保所', 'street', '110108')");
}

/* The code lists that name the rows and group the codes. */
static void
load_codes(struct store *st)
{
	char dir[512], err[512];

	snprintf(dir, sizeof dir, "%s/db/codes", top());
	if (codes_load_dir(st, dir, err, sizeof err) != 0)
		fail_msg("%s", err);
}

/*
 * The hand-made district (street A 110105001, street B 110105002, the
 * district's own window D 110105; 110108 is another district). Each
 * record's validity in March 2027 / February 2027 / March 2026 (C carried
 * over, N new, - not valid), worked out by hand:
 *
 * S1  A reg 01-10 to 04-10                          C C -
 * S2  A registered on 03-31, the period's last day   N - -
 * S3  A valid until 02-28 (lapsed on the first)      - C -
 * S4  B expired, valid until 03-01 (the first)       C C -
 * S5  B renewed across the start, to 05-18          C C -
 * S6  B withdrawn 02-28, the day before              - C -
 * S7  A withdrawn 03-01, the first day (reg 02-10)   C N -
 * S8  D placed by the hire of 02-15 (an older hire   - C -
 *       of an earlier registration ignored)
 * S9  D registered 2026-02-10 to 05-11               - - C
 * S10 A 2026-03-15, withdrawn 2026-04-01             - - N
 * S11 A merged away (deleted)                        - - -
 * S12 D registered 03-10, nothing stated             N - -
 * S13 110108, another district                       - - -
 * S14 A placed by hand before closed_on was kept:    - C -
 *       its last change on 02-20
 *
 * Vacancies (headcount):
 * V1 A 3  02-15 to 04-15                             C N -
 * V2 B 2  03-20, no education or age asked           N - -
 * V3 A 2  01-10 to 03-10, filled by its second       C C -
 *       person hired on 03-05 (S8 hired twice: once)
 * V4 B 1  withdrawn on 03-01, the first day          C N -
 * V5 D 5  withdrawn on 02-28, the day before         - C -
 * V6 A 4  2026-03-01 to 04-30, expired               - - N
 * V7 D 2  2026-01-15 to 03-15                        - - C
 * V8 110108 1                                        - - -
 */
static void
add_district(struct store *st)
{
	add_offices(st);
	load_codes(st);
	exec_sql(st, "INSERT INTO employer (id, uscc, name, industry, office, created_by, "
	    "registered_on, hlc) VALUES ('e1', 'U1', '甲', '51', '110105001', 'wang.li', "
	    "'2026-01-01', 1), ('e2', 'U2', '乙', '65', '110105002', 'wang.li', '2026-01-01', 1)");
	add_seeker(st, "s1", "110105001", "2027-01-10", "2027-04-10", "registered", "", "",
	    "21", "1990-05-01", "1", "unemployed", "", "4-01-02", 0, 0);
	add_seeker(st, "s2", "110105001", "2027-03-31", "2027-06-29", "registered", "", "",
	    "31", "2005-01-15", "2", "graduate", "", "2-02-01", 0, 0);
	add_seeker(st, "s3", "110105001", "2026-12-01", "2027-02-28", "registered", "", "",
	    "61", "1970-07-01", "1", "laid_off", "older", "4-01-02", 0, 0);
	add_seeker(st, "s4", "110105002", "2026-12-15", "2027-03-01", "expired", "", "",
	    "21", "1988-03-01", "2", "graduate,migrant", "", "4-02", 0, 0);
	add_seeker(st, "s5", "110105002", "2026-11-20", "2027-05-18", "renewed", "", "",
	    "71", "1992-03-15", "1", "rural", "", "", 0, 0);
	add_seeker(st, "s6", "110105002", "2027-01-05", "2027-04-05", "withdrawn", "moved",
	    "2027-02-28", "21", "1995-06-01", "2", "unemployed", "", "2-02-01", 0, 0);
	add_seeker(st, "s7", "110105001", "2027-02-10", "2027-05-10", "withdrawn", "moved",
	    "2027-03-01", "31", "1999-12-31", "1", "graduate", "", "4-01-02", 0, 0);
	add_seeker(st, "s8", "110105", "2027-01-20", "2027-04-20", "placed", "referral", "",
	    "21", "1992-01-01", "1", "unemployed", "", "4-01-02", 0, 0);
	add_seeker(st, "s9", "110105", "2026-02-10", "2026-05-11", "registered", "", "",
	    "21", "1990-05-01", "2", "unemployed", "", "2-02-01", 0, 0);
	add_seeker(st, "s10", "110105001", "2026-03-15", "2026-06-13", "withdrawn", "moved",
	    "2026-04-01", "61", "2001-02-28", "1", "rural", "", "4-02", 0, 0);
	add_seeker(st, "s11", "110105001", "2027-03-05", "2027-06-03", "registered", "", "",
	    "21", "1990-05-01", "1", "unemployed", "", "4-01-02", 0, 1);
	add_seeker(st, "s12", "110105", "2027-03-10", "2027-06-08", "registered", "", "",
	    "", "", "", "disabled", "disabled", "4-01-05", 0, 0);
	add_seeker(st, "s13", "110108001", "2027-01-10", "2027-04-10", "registered", "", "",
	    "21", "1990-05-01", "1", "unemployed", "", "4-01-02", 0, 0);
	add_seeker(st, "s14", "110105001", "2027-01-02", "2027-04-02", "placed", "placed", "",
	    "21", "1990-05-01", "1", "unemployed", "", "4-01-02", 20270220, 0);

	add_vacancy(st, "v1", "110105001", "e1", "2027-02-15", "2027-04-15", "open", "",
	    "4-01-02", "31", "18", "35", "3");
	add_vacancy(st, "v2", "110105002", "e2", "2027-03-20", "2027-05-20", "open", "",
	    "2-02-01", "", "", "", "2");
	add_vacancy(st, "v3", "110105001", "e1", "2027-01-10", "2027-03-10", "open", "",
	    "4-01-02", "21", "20", "40", "2");
	add_vacancy(st, "v4", "110105002", "e2", "2027-02-01", "2027-04-01", "withdrawn",
	    "2027-03-01", "4-02-01", "61", "40", "", "1");
	add_vacancy(st, "v5", "110105", "e1", "2027-01-15", "2027-04-15", "withdrawn",
	    "2027-02-28", "4-01-02", "", "", "30", "5");
	add_vacancy(st, "v6", "110105001", "e2", "2026-03-01", "2026-04-30", "expired", "",
	    "2-02-01", "21", "", "", "4");
	add_vacancy(st, "v7", "110105", "e1", "2026-01-15", "2026-03-15", "open", "",
	    "4-01-02", "31", "18", "25", "2");
	add_vacancy(st, "v8", "110108001", "e1", "2027-03-01", "2027-04-30", "open", "",
	    "4-01-02", "31", "18", "25", "1");

	/* S8 hired into V3 on 02-15 and again on 02-20; S13 on 03-05 fills it. */
	add_referral(st, "r1", "s8", "v3", "2027-02-01", "hired", "2027-02-15");
	add_referral(st, "r2", "s8", "v3", "2027-02-18", "hired", "2027-02-20");
	add_referral(st, "r3", "s13", "v3", "2027-02-25", "hired", "2027-03-05");
	/* A hire of S8's earlier registration does not close this one. */
	add_referral(st, "r4", "s8", "v7", "2026-01-20", "hired", "2026-02-01");
	/* Outcomes that are no hire do not close anything. */
	add_referral(st, "r5", "s1", "v1", "2027-02-20", "not_hired", "2027-02-25");
}

/* Build the report of office for March 2027 (by: NULL for every breakdown). */
static void
build(struct store *st, const char *office, const char *by, struct report *r)
{
	struct report_query q = { .office = office, .from = MAR_FROM, .to = MAR_TO, .by = by,
	    .today = 20270401, .chinese = 0 };
	char err[256] = "";

	if (report_supply_demand(st, &q, r, err, sizeof err) != 0)
		fail_msg("report_supply_demand: %s", err);
}

/* The table of key, which must be there. */
static const struct report_table *
table(const struct report *r, const char *key)
{
	size_t i;

	for (i = 0; i < r->ntables; i++)
		if (strcmp(r->tables[i]->key, key) == 0)
			return r->tables[i];
	fail_msg("no table %s", key);
	return NULL;
}

/* The row of code in a table ("TOTAL": its total row), or NULL. */
static const struct report_row *
row(const struct report_table *t, const char *code)
{
	size_t i;

	for (i = 0; i < t->nrows; i++) {
		const struct report_row *rw = &t->rows[i];

		if (strcmp(code, "TOTAL") == 0 ? rw->kind == REPORT_TOTAL :
		    rw->kind == REPORT_ROW && strcmp(rw->cells[1], code) == 0)
			return rw;
	}
	return NULL;
}

/*
 * Assert a row's figures: demand, seekers, ratio of March 2027, of
 * February 2027 and of March 2026, as one line ("8 6 1.33 11 8 1.38 6 2 3.00").
 */
static void
expect(const struct report *r, const char *key, const char *code, const char *figures)
{
	const struct report_row *rw = row(table(r, key), code);
	char got[256];
	size_t j, n = 0;

	if (rw == NULL)
		fail_msg("%s: no row %s", key, code);
	got[0] = '\0';
	for (j = 2; j < 11; j++)
		n += (size_t)snprintf(got + n, sizeof got - n, "%s%s", j > 2 ? " " : "",
		    rw->cells[j]);
	if (strcmp(got, figures) != 0)
		fail_msg("%s %s: got \"%s\", expected \"%s\"", key, code, got, figures);
}

/* The number of plain rows of a table. */
static size_t
nrows(const struct report *r, const char *key)
{
	const struct report_table *t = table(r, key);
	size_t i, n = 0;

	for (i = 0; i < t->nrows; i++)
		n += t->rows[i].kind == REPORT_ROW;
	return n;
}

/* The district's report against the figures worked out by hand above. */
static void
test_district_by_hand(void **state)
{
	struct store *st = *state;
	struct report r;

	add_district(st);
	build(st, "110105", NULL, &r);
	/* Demand: March V1 3 + V2 2 + V3 2 + V4 1; February V1 V3 V4 V5; March 2026 V6 V7. */
	expect(&r, "overall", "carried", "6 4 1.50 7 7 1.00 2 1 2.00");
	expect(&r, "overall", "new", "2 2 1.00 4 1 4.00 4 1 4.00");
	expect(&r, "overall", "TOTAL", "8 6 1.33 11 8 1.38 6 2 3.00");
	/* Education by its group: a vacancy's least, "no requirement", a seeker not saying. */
	expect(&r, "by_education", "20", "2 2 1.00 2 5 0.40 4 1 4.00");
	expect(&r, "by_education", "30", "3 2 1.50 3 1 3.00 2 0 -");
	expect(&r, "by_education", "60", "1 0 - 1 1 1.00 0 1 0.00");
	expect(&r, "by_education", "70", "0 1 0.00 0 1 0.00 0 0 -");
	expect(&r, "by_education", "none", "2 0 - 5 0 - 0 0 -");
	expect(&r, "by_education", "unstated", "0 1 0.00 0 0 - 0 0 -");
	expect(&r, "by_education", "TOTAL", "8 6 1.33 11 8 1.38 6 2 3.00");
	assert_int_equal(nrows(&r, "by_education"), 6);
	/* Age at each period's end: S5 (born 1992-03-15) is 34 in February, 35 in March. */
	expect(&r, "by_age", "16-24", "0 1 0.00 5 0 - 2 0 -");
	expect(&r, "by_age", "25-34", "5 1 5.00 5 3 1.67 0 1 0.00");
	expect(&r, "by_age", "35-44", "0 3 0.00 0 4 0.00 0 1 0.00");
	expect(&r, "by_age", "45-54", "1 0 - 1 0 - 0 0 -");
	expect(&r, "by_age", "55+", "0 0 - 0 1 0.00 0 0 -");
	expect(&r, "by_age", "none", "2 0 - 0 0 - 4 0 -");
	expect(&r, "by_age", "unstated", "0 1 0.00 0 0 - 0 0 -");
	expect(&r, "by_age", "TOTAL", "8 6 1.33 11 8 1.38 6 2 3.00");
	/* The offices that hold the records; the district is all of them. */
	expect(&r, "by_street", "110105", "0 1 0.00 5 1 5.00 2 1 2.00");
	expect(&r, "by_street", "110105001", "5 3 1.67 5 4 1.25 4 1 4.00");
	expect(&r, "by_street", "110105002", "3 2 1.50 1 3 0.33 0 0 -");
	assert_int_equal(nrows(&r, "by_street"), 3);
	expect(&r, "by_district", "110105", "8 6 1.33 11 8 1.38 6 2 3.00");
	assert_int_equal(nrows(&r, "by_district"), 1);
	/* A person of two categories is in both; the total counts people. */
	expect(&r, "by_category", "graduate", "0 3 0.00 0 2 0.00 0 0 -");
	expect(&r, "by_category", "migrant", "0 1 0.00 0 1 0.00 0 0 -");
	expect(&r, "by_category", "unemployed", "0 1 0.00 0 4 0.00 0 1 0.00");
	expect(&r, "by_category", "none", "8 0 - 11 0 - 6 0 -");
	expect(&r, "by_category", "TOTAL", "8 6 1.33 11 8 1.38 6 2 3.00");
	/* Occupation by the first wish; a vacancy by its occupation. */
	expect(&r, "by_occupation", "2", "2 1 2.00 0 1 0.00 4 1 4.00");
	expect(&r, "by_occupation", "4", "6 4 1.50 11 6 1.83 2 1 2.00");
	expect(&r, "by_occupation", "unstated", "0 1 0.00 0 1 0.00 0 0 -");
	expect(&r, "by_occupation_medium", "4-01", "5 3 1.67 10 5 2.00 2 0 -");
	expect(&r, "by_occupation_medium", "4-02", "1 1 1.00 1 1 1.00 0 1 0.00");
	/* Sex: vacancies ask none; hardship; the employer's industry by its section. */
	expect(&r, "by_sex", "1", "0 3 0.00 0 6 0.00 0 1 0.00");
	expect(&r, "by_sex", "2", "0 2 0.00 0 2 0.00 0 1 0.00");
	expect(&r, "by_sex", "none", "8 0 - 11 0 - 6 0 -");
	expect(&r, "by_sex", "unstated", "0 1 0.00 0 0 - 0 0 -");
	expect(&r, "by_hardship", "no", "0 5 0.00 0 7 0.00 0 2 0.00");
	expect(&r, "by_hardship", "older", "0 0 - 0 1 0.00 0 0 -");
	expect(&r, "by_hardship", "disabled", "0 1 0.00 0 0 - 0 0 -");
	expect(&r, "by_industry", "F", "5 0 - 10 0 - 2 0 -");
	expect(&r, "by_industry", "I", "3 0 - 1 0 - 4 0 -");
	expect(&r, "by_industry", "unstated", "0 6 0.00 0 8 0.00 0 2 0.00");
	/* Rows are named in the clerk's language; the total last. */
	assert_string_equal(row(table(&r, "by_education"), "20")->cells[0],
	    "Undergraduate education");
	assert_string_equal(row(table(&r, "by_street"), "110105001")->cells[0], "建外街道社保所");
	assert_string_equal(row(table(&r, "by_sex"), "none")->cells[0], "no requirement");
	{
		const struct report_table *t = table(&r, "by_education");

		assert_int_equal(t->rows[t->nrows - 1].kind, REPORT_TOTAL);
	}
	report_free(&r);

	/* A street counts its own records only; one breakdown alone with --by. */
	build(st, "110105002", "education", &r);
	assert_int_equal(r.ntables, 1);
	expect(&r, "by_education", "TOTAL", "3 2 1.50 1 3 0.33 0 0 -");
	/* No seekers a year ago: the ratio is null in JSON, never a number. */
	{
		struct buf json = BUF_INIT;

		report_json(&r, &json);
		assert_mentions(buf_str(&json), "\"ratio_year\": null");
		assert_mentions(buf_str(&json), "\"ratio\": 1.5");
		assert_null(strstr(buf_str(&json), "inf"));
		buf_free(&json);
	}
	report_free(&r);
}

/* A bad breakdown is refused with a message naming it and the ones there are. */
static void
test_bad_by(void **state)
{
	struct store *st = *state;
	struct report_query q = { .office = "110105", .from = MAR_FROM, .to = MAR_TO,
	    .by = "colour", .today = 20270401 };
	struct report r;
	char err[512] = "";

	assert_int_equal(report_supply_demand(st, &q, &r, err, sizeof err), -1);
	assert_mentions(err, "\"colour\"");
	assert_mentions(err, "occupation-medium");
	report_free(&r);
}

/*
 * Each breakdown the client lists has a name of its own to show (its
 * label, translated on screen) besides the word --by takes, and that word
 * asks for the one table of the breakdown: the list is one table.
 */
static void
test_breakdown_labels(void **state)
{
	struct store *st = *state;
	const struct report_kind *k = report_kind_find("supply-demand");
	struct report r;
	char err[512] = "";
	size_t i, j;

	assert_non_null(k);
	assert_ptr_equal(k->by, report_supply_by);
	for (i = 0; k->by[i].name != NULL; i++) {
		struct report_query q = { .office = "110105", .from = MAR_FROM, .to = MAR_TO,
		    .by = k->by[i].name, .today = 20270401 };

		assert_non_null(k->by[i].label);
		assert_true(k->by[i].label[0] != '\0');
		for (j = 0; j < i; j++)
			assert_string_not_equal(k->by[i].label, k->by[j].label);
		if (report_supply_demand(st, &q, &r, err, sizeof err) != 0)
			fail_msg("--by %s: %s", k->by[i].name, err);
		assert_int_equal(r.ntables, 1);
		report_free(&r);
	}
	assert_int_equal(i, 10);
}

/* Withdrawing a seeker or closing a vacancy keeps the day; registering again clears it. */
static void
test_closed_on_kept(void **state)
{
	struct store *st = *state;
	struct fields f = FIELDS_INIT;
	char id[64], vid[64], err[256], today[11], sql[512];
	int rc;

	fields_set(&f, "id_number", idnum("11010519900307123"));
	fields_set(&f, "name", "王小明");
	fields_set(&f, "phone", "13812345678");
	fields_set(&f, "education", "21");
	fields_set(&f, "category", "unemployed");
	rc = seeker_save(st, NULL, &f, NULL, id, err, sizeof err);
	if (rc != 0)
		fail_msg("seeker_save: %s", err);
	fields_free(&f);
	date_format(store_today(), today);
	assert_int_equal(count(st, "SELECT count(*) FROM seeker WHERE id = '%s' AND "
	    "closed_on = ''", id), 1);
	assert_int_equal(seeker_withdraw(st, id, "moved", err, sizeof err), 0);
	assert_int_equal(count(st, "SELECT count(*) FROM seeker WHERE id = '%s' AND "
	    "closed_on = '%s'", id, today), 1);
	/* The day goes to the district with the change. */
	assert_int_equal(count(st, "SELECT count(*) FROM outbox WHERE row_id = '%s' AND "
	    "fields LIKE '%%closed_on%%%s%%'", id, today), 1);
	/* Registering again opens a new registration: no closing day. */
	assert_int_equal(seeker_renew(st, id, err, sizeof err), 0);
	assert_int_equal(count(st, "SELECT count(*) FROM seeker WHERE id = '%s' AND "
	    "closed_on = '' AND status = 'registered'", id), 1);

	exec_sql(st, "INSERT INTO employer (id, uscc, name, industry, office, created_by, "
	    "registered_on, hlc) VALUES ('e9', 'U9', '丙', '51', '110105', 'wang.li', "
	    "'2026-01-01', 1)");
	snprintf(vid, sizeof vid, "v9");
	snprintf(sql, sizeof sql, "INSERT INTO vacancy (id, employer_id, office, created_by, hlc, "
	    "title, registered_on, valid_until, occupation, headcount) VALUES ('%s', 'e9', "
	    "'110105', 'wang.li', 1, 't', '%s', '%s', '4-01-02', '1')", vid, today, today);
	exec_sql(st, sql);
	assert_int_equal(vacancy_set_status(st, vid, "filled", NULL, err, sizeof err), 0);
	assert_int_equal(count(st, "SELECT count(*) FROM vacancy WHERE id = '%s' AND "
	    "closed_on = '%s'", vid, today), 1);
}

/* A small generator of test data: the same numbers on every run. */
static unsigned long rng_state = 12345;

/* The next number below n. */
static unsigned
rng(unsigned n)
{
	rng_state = rng_state * 6364136223846793005ul + 1442695040888963407ul;
	return (unsigned)((rng_state >> 33) % n);
}

/* A random day from 2025-07-01 on, within span days, as "YYYY-MM-DD". */
static void
rday(int base, unsigned span, char out[11])
{
	date_format(date_add_days(base, (long)rng(span)), out);
}

/*
 * Every figure of every row of every breakdown in each street's report,
 * summed over the streets, is the district's figure of that row; the
 * district's office rows are the streets' totals. On 600 seekers and 200
 * vacancies drawn at random over three streets (and another district's,
 * which neither counts), with every lifecycle.
 */
static void
test_streets_add_up(void **state)
{
	static const char *const streets[] = { "110105001", "110105002", "110105003" };
	static const char *const statuses[] = { "registered", "renewed", "placed", "withdrawn",
		"expired" };
	static const char *const vstatuses[] = { "open", "filled", "withdrawn", "expired",
		"closed" };
	static const char *const edus[] = { "21", "31", "41", "61", "71", "" };
	static const char *const cats[] = { "unemployed", "graduate", "graduate,migrant",
		"rural", "laid_off,unemployed" };
	static const char *const hards[] = { "", "", "", "older", "disabled" };
	static const char *const occs[] = { "4-01-02", "2-02-01", "4-02", "6-01-01", "" };
	static const char *const ages[] = { "", "18", "25", "40" };
	struct store *st = *state;
	struct report district, part[3];
	size_t i, s, j, k;
	int ok_rows = 0;

	add_offices(st);
	load_codes(st);
	exec_sql(st, "INSERT INTO employer (id, uscc, name, industry, office, created_by, "
	    "registered_on, hlc) VALUES ('e1', 'U1', '甲', '51', '110105001', 'wang.li', "
	    "'2026-01-01', 1), ('e2', 'U2', '乙', '65', '110105002', 'wang.li', '2026-01-01', 1)");
	for (i = 0; i < 600; i++) {
		char id[16], reg[11], until[11], closed[11], birth[11];
		const char *status = statuses[rng(5)];
		const char *office = rng(10) == 0 ? "110108001" : streets[rng(3)];
		int start = date_add_days(20250701, (long)rng(700));

		snprintf(id, sizeof id, "x%zu", i);
		date_format(start, reg);
		date_format(date_add_days(start, 90 + (long)rng(2) * 90), until);
		rday(start, 200, closed);
		rday(19600101, 15000, birth);
		add_seeker(st, id, office, reg, until, status,
		    strcmp(status, "placed") == 0 ? (rng(2) ? "referral" : "placed") : "",
		    strcmp(status, "placed") == 0 || strcmp(status, "withdrawn") == 0 ?
		    (rng(3) == 0 ? "" : closed) : "", edus[rng(6)], rng(8) == 0 ? "" : birth,
		    rng(2) ? "1" : "2", cats[rng(5)], hards[rng(5)], occs[rng(5)],
		    date_add_days(start, (long)rng(100)), rng(30) == 0);
	}
	for (i = 0; i < 200; i++) {
		char id[16], reg[11], until[11], closed[11], hc[8], sql[256];
		const char *status = vstatuses[rng(5)];
		const char *office = rng(10) == 0 ? "110108001" : streets[rng(3)];
		int start = date_add_days(20250701, (long)rng(700));

		snprintf(id, sizeof id, "w%zu", i);
		date_format(start, reg);
		date_format(date_add_days(start, 30 + (long)rng(90)), until);
		rday(start, 100, closed);
		snprintf(hc, sizeof hc, "%u", 1 + rng(5));
		add_vacancy(st, id, office, rng(2) ? "e1" : "e2", reg, until, status,
		    strcmp(status, "open") != 0 && strcmp(status, "expired") != 0 && rng(4) != 0 ?
		    closed : "", occs[rng(4)], edus[rng(6)], ages[rng(4)], ages[rng(4)], hc);
		/* Hires: some fill the vacancy, one person hired twice counts once. */
		for (j = 0; j < 3; j++) {
			char rid[32], day[11];
			unsigned who = rng(600);

			snprintf(rid, sizeof rid, "h%zu-%zu", i, j);
			rday(start, 60, day);
			snprintf(sql, sizeof sql, "x%u", who);
			add_referral(st, rid, sql, id, reg, rng(3) ? "hired" : "not_hired", day);
		}
	}
	/* A quarter and a month: every row of both. */
	for (k = 0; k < 2; k++) {
		struct report_query q = { .office = "110105", .from = k ? 20270101 : 20260401,
		    .to = k ? 20270331 : 20260430, .today = 20270401 };
		char err[256] = "";

		assert_int_equal(report_supply_demand(st, &q, &district, err, sizeof err), 0);
		for (s = 0; s < 3; s++) {
			q.office = streets[s];
			assert_int_equal(report_supply_demand(st, &q, &part[s], err, sizeof err), 0);
		}
		for (i = 0; i < district.ntables; i++) {
			const struct report_table *t = district.tables[i];

			for (j = 0; j < t->nrows; j++) {
				const struct report_row *rw = &t->rows[j];
				size_t c;

				for (c = 2; c < 11; c++) {
					long sum = 0;

					if (c % 3 == 1)
						continue;	/* a ratio */
					for (s = 0; s < 3; s++) {
						const struct report_row *pr = row(part[s].tables[i],
						    rw->kind == REPORT_TOTAL ? "TOTAL" : rw->cells[1]);

						if (pr != NULL)
							sum += strtol(pr->cells[c], NULL, 10);
					}
					if (sum != strtol(rw->cells[c], NULL, 10))
						fail_msg("%s %s column %zu: streets %ld, district %s",
						    t->key, rw->cells[1], c, sum, rw->cells[c]);
				}
				ok_rows++;
			}
		}
		/* The district's office rows are the streets' totals, all nine figures. */
		for (s = 0; s < 3; s++) {
			const struct report_row *mine = row(table(&part[s], "by_street"), "TOTAL");
			const struct report_row *theirs = row(table(&district, "by_street"),
			    streets[s]);

			assert_non_null(theirs);
			for (j = 2; j < 11; j++)
				assert_string_equal(mine->cells[j], theirs->cells[j]);
			report_free(&part[s]);
		}
		/* Records of every kind were counted: the test is not of empty tables. */
		assert_true(strtol(row(table(&district, "overall"), "TOTAL")->cells[3], NULL,
		    10) > 20);
		assert_true(strtol(row(table(&district, "overall"), "TOTAL")->cells[2], NULL,
		    10) > 20);
		report_free(&district);
	}
	assert_true(ok_rows > 100);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_edges),
		cmocka_unit_test(test_closed_day),
		cmocka_unit_test(test_ratio),
		cmocka_unit_test(test_last_period),
		cmocka_unit_test(test_last_year),
		cmocka_unit_test(test_age_bands),
		cmocka_unit_test_setup_teardown(test_district_by_hand, store_setup, store_teardown),
		cmocka_unit_test_setup_teardown(test_bad_by, store_setup, store_teardown),
		cmocka_unit_test_setup_teardown(test_breakdown_labels, store_setup,
		    store_teardown),
		cmocka_unit_test_setup_teardown(test_closed_on_kept, store_setup, store_teardown),
		cmocka_unit_test_setup_teardown(test_streets_add_up, store_setup, store_teardown),
	};

	return cmocka_run_group_tests(tests, store_group_setup, store_group_teardown);
}
