/*
 * Unit tests for referrals and matching on the local store
 * (src/store/referral.c, src/store/matching.c): who may refer, the letter
 * numbers, outcomes that place a seeker and fill a vacancy (counted, never
 * incremented), undoing a hire, the due list, and the match lists over
 * the store with their filters (a recent referral, a filled vacancy) and
 * the job-information service logged once a day.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "common/fields.h"
#include "common/utf8.h"
#include "core/check.h"
#include "core/match.h"
#include "store/account.h"
#include "store/codes.h"
#include "store/employer.h"
#include "store/matching.h"
#include "store/referral.h"
#include "store/seeker.h"
#include "store/store.h"
#include "store/sync.h"
#include "store/vacancy.h"

#include "testlib.h"

#define USCC	"91350100M000100Y43"

/* Today plus n days as "YYYY-MM-DD". */
static void
day(long n, char out[11])
{
	date_format(date_add_days(store_today(), n), out);
}

/* The acting clerk's certificate: a number valid until today plus days (no number: none). */
static void
certify(struct store *st, const char *number, long days)
{
	char sql[256], until[11];

	day(days, until);
	snprintf(sql, sizeof sql, "UPDATE account SET cert_no = '%s', cert_valid_until = '%s'",
	    number, until);
	exec_sql(st, sql);
}

/* A registered seeker wanting occupation 4-01-02, of education 31 (大专). */
static void
seeker(struct store *st, const char *first17, const char *name, char id[IDENT_LEN + 1])
{
	struct fields f = FIELDS_INIT;
	char err[256] = "";

	fields_set(&f, "id_number", idnum(first17));
	fields_set(&f, "name", name);
	fields_set(&f, "phone", "13800138000");
	fields_set(&f, "education", "31");
	fields_set(&f, "desired_occupation", "4-01-02");
	fields_set(&f, "district", "110105");
	if (seeker_save(st, NULL, &f, NULL, id, err, sizeof err) < 0)
		fail_msg("seeker %s: %s", name, err);
	fields_free(&f);
}

/* The employer of the last vacancy() made. */
static char employer[IDENT_LEN + 1];

/* An employer with one open vacancy for a cashier (4-01-02), headcount as given. */
static void
vacancy(struct store *st, const char *headcount, char id[IDENT_LEN + 1])
{
	struct fields f = FIELDS_INIT;
	char err[256] = "", *e = employer, until[11];

	fields_set(&f, "uscc", USCC);
	fields_set(&f, "name", "华联超市");
	fields_set(&f, "district", "110105");
	if (employer_save(st, NULL, &f, NULL, e, err, sizeof err) < 0)
		fail_msg("employer: %s", err);
	fields_free(&f);
	day(60, until);
	fields_set(&f, "title", "收银员");
	fields_set(&f, "occupation", "4-01-02");
	fields_set(&f, "headcount", headcount);
	fields_set(&f, "valid_until", until);
	fields_set(&f, "education", "61");
	if (vacancy_save(st, NULL, e, &f, NULL, id, err, sizeof err) < 0)
		fail_msg("vacancy: %s", err);
	fields_free(&f);
}

/* The lists the tests read: reasons, outcomes, education's order. */
static int
setup(void **state)
{
	static const char *const lists[] = { "referral_reason", "referral_outcome", "education",
		"placement_month" };
	char path[512], err[512];
	size_t i;

	if (store_setup(state) != 0)
		return -1;
	for (i = 0; i < sizeof lists / sizeof lists[0]; i++) {
		snprintf(path, sizeof path, "%s/db/codes/%s.tsv", top(), lists[i]);
		if (codes_load_file(*state, path, err, sizeof err) < 0) {
			fprintf(stderr, "%s\n", err);
			return -1;
		}
	}
	return 0;
}

/* Only a clerk whose certificate is valid today refers; the refusal names the reason. */
static void
test_certificate(void **state)
{
	struct store *st = *state;
	char s[IDENT_LEN + 1], v[IDENT_LEN + 1], r[IDENT_LEN + 1], num[REFERRAL_NUMBER_LEN];
	char err[400] = "";

	seeker(st, "11010519900307123", "王小明", s);
	vacancy(st, "2", v);
	assert_int_equal(referral_create(st, s, v, "", "", r, num, err, sizeof err), -1);
	assert_mentions(err, "上岗证");
	assert_mentions(err, "none on record");
	certify(st, "CZ-001", -1);
	assert_int_equal(referral_create(st, s, v, "", "", r, num, err, sizeof err), -1);
	assert_mentions(err, "was not valid on");
	assert_int_equal(count(st, "SELECT count(*) FROM referral"), 0);
	assert_int_equal(count(st, "SELECT count(*) FROM service_event WHERE type = 'referral'"), 0);
	certify(st, "CZ-001", 0);
	assert_int_equal(referral_create(st, s, v, "", "", r, num, err, sizeof err), 0);
	assert_int_equal(count(st, "SELECT count(*) FROM referral"), 1);
	/* The service given, and both records waiting to be sent, in the same transaction. */
	assert_int_equal(count(st, "SELECT count(*) FROM service_event WHERE type = 'referral' "
	    "AND free = 1"), 1);
	assert_int_equal(count(st, "SELECT count(*) FROM outbox WHERE tbl = 'referral'"), 1);
}

/* Letter numbers: office, terminal, year, a sequence of the terminal's own; found as typed. */
static void
test_numbers(void **state)
{
	struct store *st = *state;
	char s1[IDENT_LEN + 1], s2[IDENT_LEN + 1], v[IDENT_LEN + 1], r1[IDENT_LEN + 1];
	char r2[IDENT_LEN + 1], n1[REFERRAL_NUMBER_LEN], n2[REFERRAL_NUMBER_LEN], want[64];
	char s3[IDENT_LEN + 1], s4[IDENT_LEN + 1];
	char found[IDENT_LEN + 1], typed[80], err[400] = "";

	certify(st, "CZ-001", 30);
	exec_sql(st, "INSERT INTO setting (key, value) VALUES ('terminal_number', '12')");
	seeker(st, "11010519900307123", "王小明", s1);
	seeker(st, "11010819851201002", "李红", s2);
	vacancy(st, "5", v);
	assert_int_equal(referral_create(st, s1, v, "", "", r1, n1, err, sizeof err), 0);
	assert_int_equal(referral_create(st, s2, v, "", "", r2, n2, err, sizeof err), 0);
	snprintf(want, sizeof want, "110105-T12-%04d-00001", store_today() / 10000);
	assert_string_equal(n1, want);
	snprintf(want, sizeof want, "110105-T12-%04d-00002", store_today() / 10000);
	assert_string_equal(n2, want);
	/* A refused referral gives its number back: the sequence has no gap. */
	assert_int_equal(referral_create(st, s2, "no-such-vacancy", "", "", found, typed, err,
	    sizeof err), -1);
	/* A pair referred and awaiting its outcome is not referred again. */
	assert_int_equal(referral_create(st, s1, v, "", "", found, typed, err, sizeof err), -1);
	assert_mentions(err, "already referred to this vacancy: letter");
	seeker(st, "31011519791231004", "欧阳", s3);
	assert_int_equal(referral_create(st, s3, v, "", "", found, typed, err, sizeof err), 0);
	snprintf(want, sizeof want, "110105-T12-%04d-00003", store_today() / 10000);
	assert_string_equal(typed, want);
	/* A database restored from an older copy (its sequence behind) gives no number twice. */
	exec_sql(st, "DELETE FROM setting WHERE key LIKE 'referral_seq_%'");
	seeker(st, "11010519491231002", "张三", s4);
	assert_int_equal(referral_create(st, s4, v, "", "", found, typed, err, sizeof err), 0);
	snprintf(want, sizeof want, "110105-T12-%04d-00004", store_today() / 10000);
	assert_string_equal(typed, want);
	/* Typed from a receipt in lower case with spaces. */
	snprintf(typed, sizeof typed, " 110105-t12-%04d-00002 ", store_today() / 10000);
	assert_int_equal(referral_find_number(st, typed, found), 1);
	assert_string_equal(found, r2);
	assert_int_equal(referral_find_number(st, "110105-T12-1999-00002", found), 0);
}

/* Before enrollment a terminal's numbers carry the end of its own id, not a shared T0. */
static void
test_numbers_before_enrollment(void **state)
{
	struct store *st = *state;
	char s[IDENT_LEN + 1], v[IDENT_LEN + 1], r[IDENT_LEN + 1], num[REFERRAL_NUMBER_LEN];
	char want[64], err[400] = "";
	const char *id = store_terminal(st);
	size_t i;

	certify(st, "CZ-001", 30);
	seeker(st, "11010519900307123", "王小明", s);
	vacancy(st, "5", v);
	assert_int_equal(referral_create(st, s, v, "", "", r, num, err, sizeof err), 0);
	snprintf(want, sizeof want, "110105-U%s-%04d-00001", id + strlen(id) - 6,
	    store_today() / 10000);
	for (i = 0; want[i] != '\0'; i++)
		want[i] = (char)toupper((unsigned char)want[i]);
	assert_string_equal(num, want);
}

/* A public-welfare post takes only people recognised as hard to employ. */
static void
test_welfare_post(void **state)
{
	struct store *st = *state;
	char s[IDENT_LEN + 1], v[IDENT_LEN + 1], r[IDENT_LEN + 1], num[REFERRAL_NUMBER_LEN];
	char err[400] = "";

	certify(st, "CZ-001", 30);
	seeker(st, "11010519900307123", "王小明", s);
	vacancy(st, "5", v);
	exec_sql(st, "UPDATE vacancy SET public_welfare = 'yes'");
	assert_int_equal(referral_create(st, s, v, "", "", r, num, err, sizeof err), -1);
	assert_mentions(err, "public-welfare post");
	exec_sql(st, "UPDATE seeker SET hardship = 'long_term'");
	assert_int_equal(referral_create(st, s, v, "", "", r, num, err, sizeof err), 0);
	/* The free service is given on the basis of the hardship, which the event keeps. */
	assert_int_equal(count(st, "SELECT count(*) FROM service_event WHERE type = 'referral' "
	    "AND basis = 'hardship' AND hardship = 'long_term' AND seeker_id = '%s' "
	    "AND employer_id IS NULL", s), 1);
	/* The employer is given candidates (推荐人选): its service, not the seeker's. */
	assert_int_equal(count(st, "SELECT count(*) FROM service_event WHERE type = 'candidates' "
	    "AND seeker_id IS NULL AND employer_id IS NOT NULL AND vacancy_id = '%s'", v), 1);
}

/* A hire places the seeker and counts for the vacancy; undoing it reopens both. */
static void
test_hire_closes_the_loop(void **state)
{
	struct store *st = *state;
	char a[IDENT_LEN + 1], b[IDENT_LEN + 1], c[IDENT_LEN + 1], v[IDENT_LEN + 1];
	char ra[IDENT_LEN + 1], rb[IDENT_LEN + 1], rc_[IDENT_LEN + 1], num[REFERRAL_NUMBER_LEN];
	char today[11], tomorrow[11], err[400] = "";
	struct fields f = FIELDS_INIT;
	struct vacancy_hit vh[4];
	size_t n;

	certify(st, "CZ-001", 30);
	seeker(st, "11010519900307123", "王小明", a);
	seeker(st, "11010819851201002", "李红", b);
	seeker(st, "31011519791231004", "欧阳", c);
	vacancy(st, "2", v);
	day(0, today);
	day(1, tomorrow);
	assert_int_equal(referral_create(st, a, v, today, "三楼", ra, num, err, sizeof err), 0);
	assert_int_equal(referral_create(st, b, v, "", "", rb, num, err, sizeof err), 0);
	assert_int_equal(referral_create(st, c, v, "", "", rc_, num, err, sizeof err), 0);
	/* Outcomes that cannot be: a day to come, no reason for not hiring. */
	assert_int_equal(referral_outcome(st, ra, "hired", tomorrow, "", "", err, sizeof err), -1);
	assert_mentions(err, "between the referral");
	assert_int_equal(referral_outcome(st, rb, "not_hired", today, "", "", err, sizeof err), -1);
	assert_mentions(err, "reason");
	assert_int_equal(referral_outcome(st, ra, "promoted", today, "", "", err, sizeof err), -1);
	assert_int_equal(count(st, "SELECT count(*) FROM referral WHERE status <> 'issued'"), 0);

	assert_int_equal(referral_outcome(st, ra, "hired", today, "4800", "", err, sizeof err), 0);
	assert_int_equal(referral_hired(st, v), 1);
	assert_int_equal(seeker_open(st, a, &f), 1);
	assert_string_equal(fields_str(&f, "status"), "placed");
	assert_string_equal(fields_str(&f, "withdraw_reason"), "referral");
	fields_free(&f);
	/* The same outcome again changes nothing. */
	assert_int_equal(referral_outcome(st, ra, "hired", today, "4800", "", err, sizeof err), 1);
	assert_int_equal(referral_outcome(st, rb, "hired", today, "", "", err, sizeof err), 0);
	assert_int_equal(referral_hired(st, v), 2);
	/* A second hire of the same person (two windows' referrals of one pair) counts once. */
	exec_sql(st, "INSERT INTO referral (id, number, seeker_id, vacancy_id, employer_id, status, "
	    "office, created_by, registered_on, hlc) SELECT 'twin', number || 'B', seeker_id, "
	    "vacancy_id, employer_id, 'hired', office, created_by, registered_on, hlc "
	    "FROM referral WHERE status = 'hired' LIMIT 1");
	assert_int_equal(referral_hired(st, v), 2);
	exec_sql(st, "DELETE FROM referral WHERE id = 'twin'");
	assert_int_equal(referral_hired(st, v), 2);
	assert_int_equal(vacancy_list(st, employer, vh, 4, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(vh[0].status, "filled");
	/* Both places filled: no more referrals to it. */
	assert_int_equal(referral_create(st, c, v, "", "", rc_, num, err, sizeof err), -1);
	assert_mentions(err, "filled");
	/* A hire recorded by mistake: undone, the seeker is registered again, a place is free. */
	assert_int_equal(referral_outcome(st, rb, "issued", "", "", "", err, sizeof err), 0);
	assert_int_equal(referral_hired(st, v), 1);
	assert_int_equal(vacancy_list(st, employer, vh, 4, &n), 0);
	assert_string_equal(vh[0].status, "open");
	assert_int_equal(seeker_open(st, b, &f), 1);
	assert_string_equal(fields_str(&f, "status"), "registered");
	fields_free(&f);
	/* A correction is audited as one. */
	assert_int_equal(referral_outcome(st, rb, "not_hired", today, "", "skills", err,
	    sizeof err), 0);
	assert_int_equal(referral_outcome(st, rb, "no_show", today, "", "", err, sizeof err), 0);
	assert_int_equal(count(st, "SELECT count(*) FROM audit WHERE tbl = 'referral' AND "
	    "record_id = '%s' AND action = 'correct'", rb), 2);
	assert_int_equal(count(st, "SELECT count(*) FROM referral WHERE id = '%s' AND "
	    "outcome_reason = ''", rb), 1);
}

/* Referrals with no outcome after the days configured are due for a follow-up, oldest first. */
static void
test_due(void **state)
{
	struct store *st = *state;
	char a[IDENT_LEN + 1], b[IDENT_LEN + 1], v[IDENT_LEN + 1], r[IDENT_LEN + 1];
	char num[REFERRAL_NUMBER_LEN], sql[256], old[11], err[400] = "";
	struct referral_hit hits[8];
	size_t n;

	certify(st, "CZ-001", 30);
	seeker(st, "11010519900307123", "王小明", a);
	seeker(st, "11010819851201002", "李红", b);
	vacancy(st, "5", v);
	assert_int_equal(referral_create(st, a, v, "", "", r, num, err, sizeof err), 0);
	day(-8, old);
	snprintf(sql, sizeof sql, "UPDATE referral SET registered_on = '%s' WHERE id = '%s'", old, r);
	exec_sql(st, sql);
	assert_int_equal(referral_create(st, b, v, "", "", r, num, err, sizeof err), 0);
	assert_int_equal(referral_list(st, REFERRAL_DUE, NULL, 7, hits, 8, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(hits[0].seeker_name, "王小明");
	assert_string_equal(hits[0].vacancy_title, "收银员");
	assert_int_equal(referral_list(st, REFERRAL_DUE, NULL, 0, hits, 8, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(hits[0].seeker_name, "王小明");
	/* An outcome takes it off the list. */
	assert_int_equal(referral_outcome(st, hits[0].id, "declined", old, "", "", err,
	    sizeof err), 0);
	assert_int_equal(referral_list(st, REFERRAL_DUE, NULL, 7, hits, 8, &n), 0);
	assert_int_equal(n, 0);
}

/* A hire is checked on at 1, 3 and 6 months, each once its day has come; the due list says which. */
static void
test_placement_checks(void **state)
{
	struct store *st = *state;
	char a[IDENT_LEN + 1], v[IDENT_LEN + 1], r[IDENT_LEN + 1], num[REFERRAL_NUMBER_LEN];
	char today[11], sql[256], err[400] = "";
	struct referral_hit hits[8];
	struct placement_hit checks[4];
	size_t n;
	int month;

	certify(st, "CZ-001", 30);
	seeker(st, "11010519900307123", "王小明", a);
	vacancy(st, "1", v);
	day(0, today);
	assert_int_equal(referral_create(st, a, v, "", "", r, num, err, sizeof err), 0);
	assert_int_equal(referral_check_placement(st, r, 1, 1, &month, err, sizeof err), -1);
	assert_mentions(err, "only a hire");
	assert_int_equal(referral_outcome(st, r, "hired", today, "", "", err, sizeof err), 0);
	assert_int_equal(referral_check_placement(st, r, 1, 1, &month, err, sizeof err), -1);
	assert_mentions(err, "the 1-month check is due on");
	assert_int_equal(referral_list(st, REFERRAL_DUE, NULL, 7, hits, 8, &n), 0);
	assert_int_equal(n, 0);
	/* Hired seven months ago: every check is due, the 1-month one first. */
	snprintf(sql, sizeof sql, "UPDATE referral SET outcome_on = date('now', 'localtime', "
	    "'-7 months'), registered_on = date('now', 'localtime', '-7 months') WHERE id = '%s'", r);
	exec_sql(st, sql);
	assert_int_equal(referral_list(st, REFERRAL_DUE, NULL, 7, hits, 8, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(hits[0].check_month, 1);
	assert_int_equal(hits[2].check_month, 6);
	assert_int_equal(referral_check_placement(st, r, 1, 1, &month, err, sizeof err), 0);
	assert_int_equal(month, 1);
	assert_int_equal(referral_check_placement(st, r, 1, 0, &month, err, sizeof err), 0);
	assert_int_equal(month, 3);
	assert_int_equal(referral_list(st, REFERRAL_DUE, NULL, 7, hits, 8, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(hits[0].check_month, 6);
	assert_int_equal(referral_check_placement(st, r, 0, 0, &month, err, sizeof err), 0);
	assert_int_equal(month, 6);
	assert_int_equal(referral_check_placement(st, r, 1, 1, &month, err, sizeof err), -1);
	assert_mentions(err, "all recorded");
	assert_int_equal(referral_checks(st, r, checks, 4, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(checks[1].month, 3);
	assert_int_equal(checks[1].employed, 1);
	assert_int_equal(checks[1].insured, 0);
	assert_string_equal(checks[2].checked_on, today);
	/* Each check waits to be sent, written once. */
	assert_int_equal(count(st, "SELECT count(*) FROM outbox WHERE tbl = 'placement_check' "
	    "AND op = 'insert'"), 3);
}

/* The match lists over the store: a recent referral and a filled vacancy leave the fits. */
static void
test_match_lists(void **state)
{
	struct store *st = *state;
	struct match_config cfg;
	struct match_list l;
	char a[IDENT_LEN + 1], b[IDENT_LEN + 1], v[IDENT_LEN + 1], r[IDENT_LEN + 1];
	char num[REFERRAL_NUMBER_LEN], today[11], err[400] = "";

	match_defaults(&cfg);
	certify(st, "CZ-001", 30);
	seeker(st, "11010519900307123", "王小明", a);
	seeker(st, "11010819851201002", "李红", b);
	vacancy(st, "1", v);
	day(0, today);
	assert_int_equal(matching_for_seeker(st, &cfg, a, store_today(), 0, 10, &l, err,
	    sizeof err), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.items[0].id, v);
	assert_string_equal(l.items[0].label, "收银员 - 华联超市");
	assert_int_equal(l.items[0].result.level[MATCH_OCCUPATION], 100);
	matching_free(&l);
	assert_int_equal(matching_for_vacancy(st, &cfg, v, store_today(), 0, 10, &l, err,
	    sizeof err), 0);
	assert_int_equal(l.n, 2);
	/* Masked in the list. */
	assert_non_null(strstr(l.items[0].label, "********"));
	matching_free(&l);
	/* Referred today: not a fit again within referral_days, a near miss instead. */
	assert_int_equal(referral_create(st, a, v, "", "", r, num, err, sizeof err), 0);
	assert_int_equal(matching_for_seeker(st, &cfg, a, store_today(), 0, 10, &l, err,
	    sizeof err), 0);
	assert_int_equal(l.n, 0);
	matching_free(&l);
	assert_int_equal(matching_for_seeker(st, &cfg, a, store_today(), 1, 10, &l, err,
	    sizeof err), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.items[0].result.misses, MATCH_MISS_REFERRED);
	matching_free(&l);
	/* Hired: the one place is filled, and nobody else is matched to it. */
	assert_int_equal(referral_outcome(st, r, "hired", today, "", "", err, sizeof err), 0);
	assert_int_equal(matching_for_seeker(st, &cfg, b, store_today(), 0, 10, &l, err,
	    sizeof err), 0);
	assert_int_equal(l.n, 0);
	assert_int_equal(l.found, 0);
	matching_free(&l);
	/* An unknown record is said so. */
	assert_int_equal(matching_for_seeker(st, &cfg, "nobody", store_today(), 0, 10, &l, err,
	    sizeof err), 1);
	assert_mentions(err, "no job seeker");
	/* A name longer than a label's room is cut between characters, never inside one. */
	{
		char longname[400] = "", sql[600];
		size_t i;

		for (i = 0; i < 100; i++)
			snprintf(longname + strlen(longname), sizeof longname - strlen(longname), "华");
		snprintf(sql, sizeof sql, "UPDATE employer SET name = '%s'", longname);
		exec_sql(st, sql);
		exec_sql(st, "UPDATE referral SET status = 'not_hired', outcome_reason = 'skills'");
		exec_sql(st, "UPDATE vacancy SET hired = 0, headcount = '5'");
		assert_int_equal(matching_for_seeker(st, &cfg, b, store_today(), 0, 10, &l, err,
		    sizeof err), 0);
		assert_int_equal(l.n, 1);
		assert_true(strncmp(l.items[0].label, "收银员 - 华华", strlen("收银员 - 华华")) == 0);
		assert_true(strlen(l.items[0].label) > 150);
		assert_true(utf8_valid(l.items[0].label, strlen(l.items[0].label)));
		matching_free(&l);
	}
}

/*
 * A vacancy's list of many seekers varied in every part: a short list is
 * the head of a long one (the short one skips scoring who cannot reach
 * it), both count the same candidates, every line is judged as
 * match_eval judges its records, and the lines are best first, then by
 * the order the terminal had them.
 */
static void
test_match_list_order(void **state)
{
	struct store *st = *state;
	struct match_config cfg;
	struct match_list all, top;
	char id[IDENT_LEN + 1], v[IDENT_LEN + 1], first17[18], name[32], err[400] = "";
	size_t i;
	int cmp;

	match_defaults(&cfg);
	snprintf(cfg.priority_categories, sizeof cfg.priority_categories, "disabled");
	for (i = 0; i < 80; i++) {
		snprintf(first17, sizeof first17, "110105198%01zu0101%03zu", i % 10, i);
		snprintf(name, sizeof name, "求职者%zu", i);
		seeker(st, first17, name, id);
	}
	vacancy(st, "3", v);
	exec_sql(st, "UPDATE seeker SET "
	    "desired_occupation = CASE rid % 5 WHEN 0 THEN '4-01-02' WHEN 1 THEN '4-01-03' "
	    "WHEN 2 THEN '4-02-01' WHEN 3 THEN '' ELSE '2-01-01' END, "
	    "desired_occupation_2 = CASE rid % 3 WHEN 0 THEN '4-01-02-01' ELSE '' END, "
	    "desired_wage = CAST(3000 + rid * 337 % 5000 AS TEXT), "
	    "street = CASE rid % 4 WHEN 0 THEN '110105001' WHEN 1 THEN '110108002' ELSE '' END, "
	    "desired_district = CASE rid % 6 WHEN 0 THEN '110105' WHEN 1 THEN '110101' ELSE '' END, "
	    "registered_on = date('now', 'localtime', '-' || (rid * 7 % 120) || ' days'), "
	    "hardship = CASE rid % 9 WHEN 0 THEN 'disabled' ELSE '' END, "
	    "category = CASE rid % 4 WHEN 1 THEN 'disabled' ELSE 'rural' END, "
	    "education = CASE rid % 8 WHEN 0 THEN '90' ELSE education END");
	exec_sql(st, "UPDATE vacancy SET wage_min = '4000', wage_max = '6000', "
	    "district = '110105001', age_min = '20', age_max = '45'");
	assert_int_equal(matching_for_vacancy(st, &cfg, v, store_today(), 0, 1000, &all, err,
	    sizeof err), 0);
	assert_int_equal(matching_for_vacancy(st, &cfg, v, store_today(), 0, 7, &top, err,
	    sizeof err), 0);
	/* Some fit, some miss (age, education): the list is neither everyone nor nobody. */
	assert_true(all.n > 7 && all.n < 80);
	assert_int_equal(all.found, all.n);
	assert_int_equal(top.found, all.found);
	assert_int_equal(top.n, 7);
	for (i = 0; i < all.n; i++) {
		struct match_result r;

		match_eval(&cfg, &all.items[i].seeker, &all.items[i].vacancy, store_today(), -1, 0,
		    &r);
		assert_int_equal(r.score, all.items[i].result.score);
		assert_int_equal(r.misses, 0);
		if (i < top.n) {
			assert_string_equal(top.items[i].id, all.items[i].id);
			assert_int_equal(top.items[i].result.score, all.items[i].result.score);
		}
		if (i > 0) {
			cmp = match_result_cmp(&all.items[i - 1].result, &all.items[i].result);
			assert_true(cmp < 0 || (cmp == 0 && all.items[i - 1].rid < all.items[i].rid));
		}
	}
	/* The scores differ: the order is the score's, not the rows'. */
	assert_true(all.items[0].result.score > all.items[all.n - 1].result.score);
	matching_free(&all);
	matching_free(&top);
}

/* One line of the lists worked out by hand: the seeker, its row, its judgement. */
struct brute_line {
	char			id[IDENT_LEN + 1];
	long long		rid;
	struct match_result	r;
};

/* The lists' order: the better result, then the row the terminal had first. */
static int
brute_cmp(const void *a, const void *b)
{
	const struct brute_line *x = a, *y = b;
	int c = match_result_cmp(&x->r, &y->r);

	return c != 0 ? c : x->rid < y->rid ? -1 : x->rid > y->rid;
}

/* A column's text, "" for NULL. */
static const char *
brute_text(sqlite3_stmt *stmt, int col)
{
	const unsigned char *t = sqlite3_column_text(stmt, col);

	return t != NULL ? (const char *)t : "";
}

/* A YYYY-MM-DD column as YYYYMMDD, 0 when empty. */
static int
brute_date(sqlite3_stmt *stmt, int col)
{
	char msg[128];
	int ymd = 0;

	if (*brute_text(stmt, col) == '\0' || check_date(brute_text(stmt, col), &ymd, msg,
	    sizeof msg) != 0)
		return 0;
	return ymd;
}

/* A whole-number column, dflt when empty. */
static long
brute_long(sqlite3_stmt *stmt, int col, long dflt)
{
	return *brute_text(stmt, col) != '\0' ? strtol(brute_text(stmt, col), NULL, 10) : dflt;
}

/* A code's rank column, -1 for none. */
static int
brute_rank(sqlite3_stmt *stmt, int col)
{
	return sqlite3_column_type(stmt, col) == SQLITE_NULL ? -1 : sqlite3_column_int(stmt, col);
}

/*
 * The seekers for vacancy vid worked out by hand, without the matching
 * index: every seeker of the database read by SQL and judged by
 * match_eval, those listed sorted. Their number; the lines in *out.
 */
static size_t
brute_for_vacancy(sqlite3 *db, const struct match_config *cfg, const char *vid, int near,
    struct brute_line **out)
{
	sqlite3_stmt *vs, *ss;
	struct match_vacancy v;
	struct match_seeker s;
	struct brute_line *lines = NULL;
	size_t n = 0;
	int today = store_today(), ref;

	assert_int_equal(sqlite3_prepare_v2(db, "SELECT v.status, v.valid_until, v.registered_on, "
	    "v.headcount, v.age_min, v.age_max, v.education, ce.rank, v.occupation, v.wage_min, "
	    "v.wage_max, v.district, v.public_welfare, coalesce(e.hard_to_recruit, ''), v.hired "
	    "FROM vacancy v LEFT JOIN code ce ON ce.list = 'education' AND ce.code = v.education "
	    "LEFT JOIN employer e ON e.id = v.employer_id WHERE v.id = ?1", -1, &vs, NULL),
	    SQLITE_OK);
	sqlite3_bind_text(vs, 1, vid, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(vs), SQLITE_ROW);
	v.status = brute_text(vs, 0);
	v.valid_until = brute_date(vs, 1);
	v.registered_on = brute_date(vs, 2);
	v.headcount = brute_long(vs, 3, 1);
	v.age_min = (int)brute_long(vs, 4, -1);
	v.age_max = (int)brute_long(vs, 5, -1);
	v.education = brute_text(vs, 6);
	v.education_rank = *v.education != '\0' ? brute_rank(vs, 7) : -1;
	v.occupation = brute_text(vs, 8);
	v.wage_min = brute_long(vs, 9, 0);
	v.wage_max = brute_long(vs, 10, 0);
	v.district = brute_text(vs, 11);
	v.public_welfare = strcmp(brute_text(vs, 12), "yes") == 0;
	v.hard_to_recruit = strcmp(brute_text(vs, 13), "yes") == 0;
	v.filled = sqlite3_column_int64(vs, 14);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT s.id, s.rid, s.status, s.valid_until, "
	    "s.birth_date, s.registered_on, s.education, ce.rank, s.desired_occupation, "
	    "s.desired_occupation_2, s.desired_occupation_3, s.desired_wage, s.desired_district, "
	    "s.district, s.street, s.category, s.hardship, (SELECT max(r.registered_on) "
	    "FROM referral r WHERE r.seeker_id = s.id AND r.vacancy_id = ?1 AND r.deleted = 0) "
	    "FROM seeker s LEFT JOIN code ce ON ce.list = 'education' AND ce.code = s.education "
	    "WHERE s.deleted = 0", -1, &ss, NULL), SQLITE_OK);
	sqlite3_bind_text(ss, 1, vid, -1, SQLITE_STATIC);
	while (sqlite3_step(ss) == SQLITE_ROW) {
		struct match_result r;

		s.status = brute_text(ss, 2);
		s.valid_until = brute_date(ss, 3);
		s.birth_date = brute_date(ss, 4);
		s.registered_on = brute_date(ss, 5);
		s.education = brute_text(ss, 6);
		s.education_rank = brute_rank(ss, 7);
		s.occupations[0] = brute_text(ss, 8);
		s.occupations[1] = brute_text(ss, 9);
		s.occupations[2] = brute_text(ss, 10);
		s.desired_wage = brute_long(ss, 11, 0);
		s.desired_district = brute_text(ss, 12);
		s.district = brute_text(ss, 13);
		s.street = brute_text(ss, 14);
		s.category = brute_text(ss, 15);
		s.hardship = brute_text(ss, 16);
		ref = brute_date(ss, 17);
		match_eval(cfg, &s, &v, today, ref != 0 ? (int)(date_to_days(today) -
		    date_to_days(ref)) : -1, 0, &r);
		if (!match_listed(r.misses, near))
			continue;
		lines = realloc(lines, (n + 1) * sizeof *lines);
		assert_non_null(lines);
		snprintf(lines[n].id, sizeof lines[n].id, "%s", brute_text(ss, 0));
		lines[n].rid = sqlite3_column_int64(ss, 1);
		lines[n++].r = r;
	}
	sqlite3_finalize(ss);
	sqlite3_finalize(vs);
	if (n > 0)
		qsort(lines, n, sizeof *lines, brute_cmp);
	*out = lines;
	return n;
}

/*
 * The list of vacancy vid (near misses or not) at limit against the one
 * worked out by hand: the same count, the same seekers in the same
 * order with the same judgement. The lines by hand, and in *ties how
 * many of them score as the one before.
 */
static size_t
brute_check(struct store *st, sqlite3 *db, const struct match_config *cfg, const char *vid,
    int near, size_t limit, size_t *ties)
{
	struct brute_line *b;
	struct match_list l;
	char err[400] = "";
	size_t n, i;

	n = brute_for_vacancy(db, cfg, vid, near, &b);
	if (matching_for_vacancy(st, cfg, vid, store_today(), near, limit, &l, err,
	    sizeof err) != 0)
		fail_msg("matching: %s", err);
	assert_int_equal(l.found, n);
	assert_int_equal(l.n, n < limit ? n : limit);
	for (i = 0; i < l.n; i++) {
		assert_string_equal(l.items[i].id, b[i].id);
		assert_int_equal(l.items[i].result.score, b[i].r.score);
		assert_int_equal(l.items[i].result.points, b[i].r.points);
		assert_int_equal(l.items[i].result.misses, b[i].r.misses);
	}
	for (i = 1; i < n; i++)
		*ties += b[i].r.score == b[i - 1].r.score;
	free(b);
	matching_free(&l);
	return n;
}

/*
 * A vacancy's list skips, counts or judges each seeker by the sieve and
 * the bound (core's match_sieve_seeker, match_bound_seeker): on seekers
 * varied in every part a filter or the score looks at (ages on the day of
 * a vacancy's limits, no birth date, education without a rank, expired
 * and closed registrations, referrals old and recent), for vacancies of
 * every kind of limit, its lists long and short, with near misses and
 * without, are the ones every seeker judged by match_eval gives, count
 * and order and ties; also once seekers are written after the index was
 * built (rows found again by rid, not added twice).
 */
static void
test_match_brute_force(void **state)
{
	static const char *const kinds[] = {
		"age_min = '20', age_max = '45', education = '61', occupation = '4-01-02', "
		"district = '110105001', wage_min = '4000', wage_max = '6000', public_welfare = 'no'",
		"age_min = '', age_max = '', education = '', occupation = '4-01', "
		"district = '110105', wage_min = '', wage_max = '', public_welfare = 'yes'",
		"age_min = '35', age_max = '', education = '31', occupation = '2-01-01', "
		"district = '', wage_min = '3000', wage_max = '', public_welfare = 'no'",
		"age_min = '', age_max = '30', education = '90', occupation = '', "
		"district = '110108002', wage_min = '', wage_max = '3000', public_welfare = 'no'",
		"age_min = '18', age_max = '60', education = '11', occupation = '4-01-02-01', "
		"district = '110108', wage_min = '5000', wage_max = '9000', public_welfare = 'no'",
	};
	static const size_t limits[] = { 1, 3, 10, 1000 };
	struct store *st = *state;
	struct match_config cfg;
	char id[IDENT_LEN + 1], v[IDENT_LEN + 1], r[IDENT_LEN + 1], first17[18], name[32];
	char num[REFERRAL_NUMBER_LEN], sql[512], err[400] = "";
	size_t i, k, near, round, found = 0, ties = 0, nears = 0;
	sqlite3 *db;

	match_defaults(&cfg);
	snprintf(cfg.priority_categories, sizeof cfg.priority_categories, "disabled");
	certify(st, "CZ-001", 30);
	vacancy(st, "3", v);
	for (i = 0; i < 240; i++) {
		snprintf(first17, sizeof first17, "110105198%01zu0101%03zu", i % 10, i);
		snprintf(name, sizeof name, "求职者%zu", i);
		seeker(st, first17, name, id);
		if (i % 30 == 7 && referral_create(st, id, v, "", "", r, num, err, sizeof err) != 0)
			fail_msg("referral: %s", err);
	}
	/* Referred 0 to 59 days ago: some within referral_days, some past it. */
	exec_sql(st, "UPDATE referral SET registered_on = "
	    "date('now', 'localtime', '-' || (rid * 13 % 60) || ' days')");
	/* Valid until days out of step with the rows: the index's query reads them in that order. */
	exec_sql(st, "UPDATE seeker SET "
	    "status = CASE WHEN rid % 13 = 0 THEN 'placed' ELSE status END, "
	    "valid_until = date('now', 'localtime', ((rid * 37) % 400 - 30) || ' days'), "
	    "birth_date = CASE WHEN rid % 17 = 0 THEN '' "
	    "WHEN rid % 5 = 0 THEN date('now', 'localtime', '-' || (15 + rid % 50) || ' years') "
	    "WHEN rid % 5 = 1 THEN date('now', 'localtime', '-' || (15 + rid % 50) || ' years', "
	    "'+1 day') "
	    "ELSE date('now', 'localtime', '-' || (5000 + rid * 97 % 18000) || ' days') END, "
	    "education = CASE rid % 7 WHEN 0 THEN '90' WHEN 1 THEN '' WHEN 2 THEN '61' "
	    "WHEN 3 THEN '71' WHEN 4 THEN '31' WHEN 5 THEN '11' ELSE '21' END, "
	    "desired_occupation = CASE rid % 5 WHEN 0 THEN '4-01-02' WHEN 1 THEN '4-01-03' "
	    "WHEN 2 THEN '4-02-01' WHEN 3 THEN '' ELSE '2-01-01' END, "
	    "desired_occupation_2 = CASE rid % 3 WHEN 0 THEN '4-01-02-01' WHEN 1 THEN '2-01' "
	    "ELSE '' END, "
	    "desired_occupation_3 = CASE rid % 11 WHEN 0 THEN '4-01-02' ELSE '' END, "
	    "desired_wage = CASE rid % 10 WHEN 0 THEN '' "
	    "ELSE CAST(2000 + rid * 337 % 6000 AS TEXT) END, "
	    "street = CASE rid % 4 WHEN 0 THEN '110105001' WHEN 1 THEN '110108002' ELSE '' END, "
	    "district = CASE rid % 3 WHEN 0 THEN '110105' WHEN 1 THEN '110108' ELSE '' END, "
	    "desired_district = CASE rid % 6 WHEN 0 THEN '110105' WHEN 1 THEN '110101' ELSE '' END, "
	    "registered_on = date('now', 'localtime', '-' || (rid * 7 % 120) || ' days'), "
	    "hardship = CASE rid % 9 WHEN 0 THEN 'disabled' ELSE '' END, "
	    "category = CASE rid % 4 WHEN 1 THEN 'disabled' ELSE 'rural' END");
	assert_int_equal(sqlite3_open(store_path(st), &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	for (round = 0; round < 2; round++) {
		for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
			snprintf(sql, sizeof sql, "UPDATE vacancy SET %s", kinds[k]);
			exec_sql(st, sql);
			exec_sql(st, k % 2 ? "UPDATE employer SET hard_to_recruit = 'yes'" :
			    "UPDATE employer SET hard_to_recruit = 'no'");
			for (near = 0; near < 2; near++)
				for (i = 0; i < sizeof limits / sizeof limits[0]; i++) {
					size_t n = brute_check(st, db, &cfg, v, (int)near, limits[i],
					    &ties);

					found += near ? 0 : n;
					nears += near ? n : 0;
				}
		}
		/* Seekers written after the index was built: some closed, some reopened, some changed. */
		exec_sql(st, "UPDATE seeker SET status = CASE status WHEN 'placed' THEN 'registered' "
		    "ELSE 'placed' END WHERE rid % 19 = 3");
		exec_sql(st, "UPDATE seeker SET desired_occupation = '4-01-02', "
		    "registered_on = date('now', 'localtime') WHERE rid % 23 = 5");
	}
	/* The vacancy filled, then withdrawn: nobody, not even as a near miss. */
	exec_sql(st, "UPDATE vacancy SET hired = 3");
	for (near = 0; near < 2; near++)
		assert_int_equal(brute_check(st, db, &cfg, v, (int)near, 10, &ties), 0);
	exec_sql(st, "UPDATE vacancy SET hired = 0, status = 'withdrawn'");
	assert_int_equal(brute_check(st, db, &cfg, v, 1, 10, &ties), 0);
	/* The lists were neither empty nor everyone, with near misses and ties. */
	assert_true(found > 0 && nears > 0 && ties > 0);
	sqlite3_close(db);
}

/* The vacancies listed for seeker a today + shift days: their count (none when not listed). */
static size_t
listed(struct store *st, const char *a, long shift, int *points)
{
	struct match_config cfg;
	struct match_list l;
	char err[400] = "";
	size_t n;

	match_defaults(&cfg);
	if (matching_for_seeker(st, &cfg, a, (int)date_add_days(store_today(), shift), 0, 10, &l,
	    err, sizeof err) != 0)
		fail_msg("matching: %s", err);
	n = l.n;
	if (points != NULL)
		*points = n > 0 ? l.items[0].result.points : -1;
	matching_free(&l);
	return n;
}

/*
 * A list kept in memory between lists follows every write: this
 * connection's, another process's, a first sync's bulk load (whose
 * triggers are quiet), a journal trimmed past what it read, and a day
 * earlier than the one it was built for.
 */
static void
test_match_index_current(void **state)
{
	struct store *st = *state;
	char a[IDENT_LEN + 1], v[IDENT_LEN + 1], w[IDENT_LEN + 1], sql[256], ago[11];
	char err[256] = "";
	sqlite3 *other;
	long long journal;
	int points;

	seeker(st, "11010519900307123", "王小明", a);
	vacancy(st, "1", v);
	assert_int_equal(listed(st, a, 0, &points), 1);
	assert_int_equal(points, 0);
	assert_int_equal(sqlite3_open(store_path(st), &other), SQLITE_OK);
	sqlite3_busy_timeout(other, 5000);
	/* Another process withdraws the vacancy, then opens it again. */
	assert_int_equal(sqlite3_exec(other, "UPDATE vacancy SET status = 'withdrawn'", NULL, NULL,
	    NULL), SQLITE_OK);
	assert_int_equal(listed(st, a, 0, NULL), 0);
	assert_int_equal(sqlite3_exec(other, "UPDATE vacancy SET status = 'open'", NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(listed(st, a, 0, NULL), 1);
	/*
	 * Its employer becomes one that takes on people hard to employ: the
	 * vacancy ranks up. (The employer's row number made unlike the vacancy's.)
	 */
	exec_sql(st, "UPDATE employer SET rid = rid + 7");
	assert_int_equal(sqlite3_exec(other, "UPDATE employer SET hard_to_recruit = 'yes'", NULL,
	    NULL, NULL), SQLITE_OK);
	assert_int_equal(listed(st, a, 0, &points), 1);
	assert_true(points > 0);
	/* A vacancy made here is listed next time (another title: not the same one again). */
	exec_sql(st, "UPDATE vacancy SET title = '理货员'");
	vacancy(st, "3", w);
	assert_int_equal(listed(st, a, 0, NULL), 2);
	/* Written with the journal trimmed past it: everything is read again. */
	assert_int_equal(sqlite3_exec(other, "UPDATE vacancy SET status = 'withdrawn'; "
	    "INSERT INTO match_journal (kind, rid) VALUES ('seeker', 0); "
	    "DELETE FROM match_journal WHERE seq < (SELECT max(seq) FROM match_journal)", NULL,
	    NULL, NULL), SQLITE_OK);
	assert_int_equal(listed(st, a, 0, NULL), 0);
	/* A journal emptied (a database restored from a copy): read again too. */
	assert_int_equal(sqlite3_exec(other, "DELETE FROM match_journal; "
	    "UPDATE vacancy SET status = 'open'", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(listed(st, a, 0, NULL), 2);
	/* A first sync's bulk load writes with the triggers quiet; its end says to read again. */
	exec_sql(st, "INSERT INTO setting (key, value) VALUES ('bulk_load', 'SELECT 1')");
	journal = count(st, "SELECT count(*) FROM match_journal");
	snprintf(sql, sizeof sql, "UPDATE vacancy SET status = 'filled' WHERE id = '%s'", w);
	exec_sql(st, sql);
	assert_int_equal(count(st, "SELECT count(*) FROM match_journal"), journal);
	assert_int_equal(store_pull_settle(st, err, sizeof err), 0);
	assert_int_equal(listed(st, a, 0, NULL), 1);
	/* A vacancy that lapsed five days ago: not listed today, listed for ten days ago. */
	day(-5, ago);
	snprintf(sql, sizeof sql, "UPDATE vacancy SET valid_until = '%s' WHERE id = '%s'", ago, v);
	exec_sql(st, sql);
	assert_int_equal(listed(st, a, 0, NULL), 0);
	assert_int_equal(listed(st, a, -10, NULL), 1);
	assert_int_equal(listed(st, a, 0, NULL), 0);
	sqlite3_close(other);
}

/* Showing a seeker the vacancies is a service once a day, however often the list opens. */
static void
test_query_logged_once(void **state)
{
	struct store *st = *state;
	char a[IDENT_LEN + 1], err[400] = "";

	seeker(st, "11010519900307123", "王小明", a);
	assert_int_equal(matching_log_query(st, a, err, sizeof err), 0);
	assert_int_equal(matching_log_query(st, a, err, sizeof err), 0);
	assert_int_equal(count(st, "SELECT count(*) FROM service_event WHERE type = 'job_query' "
	    "AND seeker_id = '%s'", a), 1);
	/* Yesterday's (its id derived from yesterday) does not count for today. */
	exec_sql(st, "UPDATE service_event SET at = datetime('now', '-1 day') || 'Z', "
	    "id = '01900000-0000-7000-8000-0000000000aa' WHERE type = 'job_query'");
	assert_int_equal(matching_log_query(st, a, err, sizeof err), 0);
	assert_int_equal(count(st, "SELECT count(*) FROM service_event WHERE type = 'job_query'"),
	    2);
}

/*
 * An interview is today or later; the next seeker referred to the vacancy
 * is offered the last referral's interview while it is still to come.
 */
static void
test_interview(void **state)
{
	struct store *st = *state;
	char a[IDENT_LEN + 1], v[IDENT_LEN + 1], r[IDENT_LEN + 1];
	char num[REFERRAL_NUMBER_LEN], yesterday[11], tomorrow[11], date[11], place[128];
	char err[400] = "";

	certify(st, "CZ-001", 30);
	seeker(st, "11010519900307123", "王小明", a);
	vacancy(st, "3", v);
	day(-1, yesterday);
	day(1, tomorrow);
	assert_int_equal(referral_next_interview(st, v, date, place, sizeof place), 0);
	assert_int_equal(referral_create(st, a, v, yesterday, "二楼", r, num, err, sizeof err), -1);
	assert_mentions(err, "is past");
	assert_int_equal(count(st, "SELECT count(*) FROM referral"), 0);
	assert_int_equal(referral_create(st, a, v, tomorrow, "二楼人事部 上午9点", r, num, err,
	    sizeof err), 0);
	assert_int_equal(referral_next_interview(st, v, date, place, sizeof place), 1);
	assert_string_equal(date, tomorrow);
	assert_string_equal(place, "二楼人事部 上午9点");
	/* Once the day has passed it is not offered. */
	exec_sql(st, "UPDATE referral SET interview_date = date('now', 'localtime', '-1 day')");
	assert_int_equal(referral_next_interview(st, v, date, place, sizeof place), 0);
}

/* The letter's values: names of codes, the employer, the whole ID number for the layout to mask. */
static void
test_letter_values(void **state)
{
	struct store *st = *state;
	struct fields f = FIELDS_INIT;
	char a[IDENT_LEN + 1], v[IDENT_LEN + 1], r[IDENT_LEN + 1], num[REFERRAL_NUMBER_LEN];
	char err[400] = "";

	certify(st, "CZ-001", 30);
	seeker(st, "11010519900307123", "王小明", a);
	vacancy(st, "1", v);
	assert_int_equal(referral_create(st, a, v, "", "二楼人事部", r, num, err, sizeof err), 0);
	assert_int_equal(referral_letter_values(st, r, 1, &f), 1);
	assert_string_equal(fields_str(&f, "number"), num);
	assert_string_equal(fields_str(&f, "seeker_name"), "王小明");
	assert_string_equal(fields_str(&f, "seeker_idnum"), idnum("11010519900307123"));
	assert_string_equal(fields_str(&f, "employer_name"), "华联超市");
	assert_string_equal(fields_str(&f, "vacancy_title"), "收银员");
	assert_string_equal(fields_str(&f, "interview_place"), "二楼人事部");
	assert_string_equal(fields_str(&f, "clerk"), "王丽");
	fields_free(&f);
	assert_int_equal(referral_letter_values(st, "nothing", 1, &f), 0);
	fields_free(&f);
}

int
main(void)
{
#define T(f)	cmocka_unit_test_setup_teardown(f, setup, store_teardown)
	const struct CMUnitTest tests[] = {
		T(test_certificate),
		T(test_numbers),
		T(test_numbers_before_enrollment),
		T(test_welfare_post),
		T(test_hire_closes_the_loop),
		T(test_due),
		T(test_placement_checks),
		T(test_match_lists),
		T(test_match_index_current),
		T(test_match_list_order),
		T(test_match_brute_force),
		T(test_interview),
		T(test_query_logged_once),
		T(test_letter_values),
	};

	if (utf8_locale("test_referral") != 0)
		return 1;
	return cmocka_run_group_tests(tests, store_group_setup, store_group_teardown);
}
