/*
 * The free-service ledger: the rule table (free or not, on what basis),
 * the snapshot each service keeps, the services unique by nature (one a
 * day, one id on every terminal), and the ledgers read from them.
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

#include "core/check.h"
#include "core/service.h"
#include "store/employer.h"
#include "store/matching.h"
#include "store/seeker.h"
#include "store/service.h"
#include "store/store-int.h"
#include "store/store.h"
#include "testlib.h"

/* Decide type for a snapshot under r: "1:basis" or "0:basis". */
static const char *
decide(const struct service_rules *r, const char *type, const char *cat, const char *hard,
    int htr)
{
	static char out[64];
	struct service_snapshot snap = { .category = cat, .hardship = hard,
	    .hard_to_recruit = htr };
	char basis[SERVICE_WORD_LEN];
	int free_service;

	service_decide(r, type, &snap, &free_service, basis, sizeof basis);
	snprintf(out, sizeof out, "%d:%s", free_service, basis);
	return out;
}

/* A public office's default: every service free; the basis the first of the order. */
static void
test_default_rules(void **state)
{
	struct service_rules r;

	(void)state;
	service_rules_default(&r);
	assert_string_equal(decide(&r, "registration", "laid_off,rural", "older", 0), "1:hardship");
	assert_string_equal(decide(&r, "job_query", "rural,laid_off", "", 0), "1:laid_off");
	assert_string_equal(decide(&r, "policy", "graduate", "", 0), "1:graduate");
	/* A code that merely begins like a basis is not it. */
	assert_string_equal(decide(&r, "policy", "graduate_x", "", 0), "1:");
	assert_string_equal(decide(&r, "referral", "", "", 0), "1:");
	assert_string_equal(decide(&r, "candidates", "", "", 1), "1:hard_to_recruit");
	assert_string_equal(decide(&r, "recruitment_talk", "", "", 0), "1:");
	/* A type the program does not give is nobody's free service. */
	assert_string_equal(decide(&r, "haircut", "", "older", 0), "0:hardship");
}

/* A rule table that makes services free only on a basis, and only some types. */
static void
test_rules_set(void **state)
{
	struct service_rules r;
	char err[256];

	(void)state;
	service_rules_default(&r);
	assert_int_equal(service_rules_set(&r, "free", "none", err, sizeof err), 0);
	assert_int_equal(service_rules_set(&r, "free_with_basis", "registration, referral", err,
	    sizeof err), 0);
	assert_int_equal(service_rules_set(&r, "basis", "hardship  unemployed", err, sizeof err), 0);
	assert_string_equal(decide(&r, "registration", "unemployed", "", 0), "1:unemployed");
	assert_string_equal(decide(&r, "registration", "graduate", "", 0), "0:");
	assert_string_equal(decide(&r, "job_query", "unemployed", "older", 0), "0:hardship");
	assert_string_equal(decide(&r, "referral", "", "older", 0), "1:hardship");
	/* hard_to_recruit is no longer a basis: the employer's service is not free. */
	assert_string_equal(decide(&r, "candidates", "", "", 1), "0:");
	assert_int_equal(service_rules_set(&r, "free", "policy", err, sizeof err), 0);
	assert_string_equal(decide(&r, "policy", "", "", 0), "1:");
	assert_string_equal(decide(&r, "registration", "", "", 0), "0:");

	/* Bad values are refused whole, quoting the word; the rules stay as they were. */
	assert_int_equal(service_rules_set(&r, "free", "registration haircut", err, sizeof err),
	    -1);
	assert_non_null(strstr(err, "\"haircut\" is not a service type"));
	assert_string_equal(decide(&r, "policy", "", "", 0), "1:");
	assert_int_equal(service_rules_set(&r, "free_with_basis", " , ", err, sizeof err), -1);
	assert_non_null(strstr(err, "no service type"));
	assert_int_equal(service_rules_set(&r, "basis", "hardship Rural", err, sizeof err), -1);
	assert_non_null(strstr(err, "\"Rural\""));
	assert_int_equal(service_rules_set(&r, "basis", "rural rural", err, sizeof err), -1);
	assert_non_null(strstr(err, "named twice"));
	assert_string_equal(decide(&r, "referral", "", "older", 0), "1:hardship");
	/* An empty basis list: no basis is ever recorded. */
	assert_int_equal(service_rules_set(&r, "basis", "", err, sizeof err), 0);
	assert_string_equal(decide(&r, "referral", "", "older", 0), "0:");
}

/* The text an id derives from: type, subject and once, so one service has one. */
static void
test_once_key(void **state)
{
	char a[128], b[128];

	(void)state;
	service_once_key("job_query", "s1", "2026-01-02", a, sizeof a);
	service_once_key("job_query", "s1", "2026-01-02", b, sizeof b);
	assert_string_equal(a, b);
	service_once_key("policy", "s1", "2026-01-02", b, sizeof b);
	assert_string_not_equal(a, b);
	service_once_key("job_query", "s1", "2026-01-03", b, sizeof b);
	assert_string_not_equal(a, b);
}

/* Register a seeker with categories and hardship; the id into id. */
static void
seeker(struct store *st, const char *first17, const char *name, const char *cat,
    const char *hard, char id[IDENT_LEN + 1])
{
	struct fields f = FIELDS_INIT;
	char err[256] = "";

	fields_set(&f, "id_number", idnum(first17));
	fields_set(&f, "name", name);
	fields_set(&f, "phone", "13912345678");
	fields_set(&f, "category", cat);
	fields_set(&f, "hardship", hard);
	if (seeker_save(st, NULL, &f, NULL, id, err, sizeof err) != 0)
		fail_msg("seeker %s not saved: %s", name, err);
	fields_free(&f);
}

/* The event keeps what the person was then; a later change leaves it so. */
static void
test_snapshot(void **state)
{
	struct store *st = *state;
	struct service_list l;
	char id[IDENT_LEN + 1], err[256];

	seeker(st, "11010519900307123", "王小明", "laid_off", "older", id);
	assert_int_equal(count(st, "SELECT count(*) FROM service_event WHERE seeker_id = '%s' "
	    "AND category = 'laid_off' AND hardship = 'older' AND basis = 'hardship' "
	    "AND free = 1", id), 1);
	/* Found work, no longer hardship: the policy consultation after says so. */
	exec_sql(st, "UPDATE seeker SET category = 'graduate', hardship = ''");
	assert_int_equal(service_give(st, "policy", id, err, sizeof err), 0);
	assert_int_equal(service_timeline(st, KIND_SEEKER, id, 10, &l), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.rows[0].type, "policy");
	assert_string_equal(l.rows[0].category, "graduate");
	assert_string_equal(l.rows[0].hardship, "");
	assert_string_equal(l.rows[0].basis, "graduate");
	assert_string_equal(l.rows[1].type, "registration");
	assert_string_equal(l.rows[1].category, "laid_off");
	assert_string_equal(l.rows[1].hardship, "older");
	assert_string_equal(l.rows[1].basis, "hardship");
	/* Lists never show the ID number whole. */
	assert_string_equal(l.rows[0].who, "王小明");
	assert_null(strstr(l.rows[0].who_key, idnum("11010519900307123")));
	assert_non_null(strchr(l.rows[0].who_key, '*'));
	service_list_free(&l);
	/* Seeing a person's services is audited. */
	assert_int_equal(count(st, "SELECT count(*) FROM audit WHERE tbl = 'seeker' AND "
	    "record_id = '%s' AND action = 'services'", id), 1);
}

/* A key pressed twice, a list shown twice: one service a day. */
static void
test_once_a_day(void **state)
{
	struct store *st = *state;
	char id[IDENT_LEN + 1], err[256];
	long before;

	seeker(st, "11010519900307123", "王小明", "laid_off", "", id);
	before = (long)count(st, "SELECT count(*) FROM outbox");
	assert_int_equal(service_give(st, "policy", id, err, sizeof err), 0);
	assert_int_equal(service_give(st, "policy", id, err, sizeof err), 1);
	assert_int_equal(matching_log_query(st, id, err, sizeof err), 0);
	assert_int_equal(matching_log_query(st, id, err, sizeof err), 0);
	assert_int_equal(count(st, "SELECT count(*) FROM service_event WHERE type = 'policy'"), 1);
	assert_int_equal(count(st, "SELECT count(*) FROM service_event WHERE type = 'job_query'"),
	    1);
	/* Nothing is sent twice either. */
	assert_int_equal(count(st, "SELECT count(*) FROM outbox") - before, 2);
	/* A record that is not there is told, and nothing is given. */
	assert_int_equal(service_give(st, "policy", "01900000-0000-7000-8000-0000000000ff", err,
	    sizeof err), -1);
	assert_non_null(strstr(err, "not found"));
}

/* Two terminals with the district's key give the day's query one id. */
static void
test_same_id_on_two_terminals(void **state)
{
	struct store *a = *state, *b;
	unsigned char key[IDENT_KEYLEN];
	char ida[IDENT_LEN + 1], idb[IDENT_LEN + 1], err[256];

	memset(key, 7, sizeof key);
	b = open_store_as(tmp("other.db"), "wang.li", "110105");
	assert_int_equal(store_set_identity_key(a, key, "district", err, sizeof err), 0);
	assert_int_equal(store_set_identity_key(b, key, "district", err, sizeof err), 0);
	seeker(a, "11010519900307123", "王小明", "laid_off", "", ida);
	seeker(b, "11010519900307123", "王小明", "laid_off", "", idb);
	assert_string_equal(ida, idb);
	assert_int_equal(matching_log_query(a, ida, err, sizeof err), 0);
	assert_int_equal(matching_log_query(b, idb, err, sizeof err), 0);
	/* The registrations of one person on one day: one id too. */
	{
		sqlite3 *db;
		char q[256];
		long same;

		assert_int_equal(sqlite3_open(tmp("other.db"), &db), SQLITE_OK);
		snprintf(q, sizeof q, "ATTACH '%s' AS a", tmp("jobdesk.db"));
		assert_int_equal(sqlite3_exec(db, q, NULL, NULL, NULL), SQLITE_OK);
		same = (long)query_int(db, "SELECT count(*) FROM service_event e JOIN "
		    "a.service_event f ON f.id = e.id WHERE e.type IN ('job_query', "
		    "'registration')");
		assert_int_equal(same, 2);
		sqlite3_close(db);
	}
	store_close(b);
	rm_db(tmp("other.db"));
}

/* The clerk's day and the office's totals, by type and basis, with the total. */
static void
test_ledgers(void **state)
{
	struct store *st = *state;
	struct service_list l;
	struct service_totals t;
	char a[IDENT_LEN + 1], b[IDENT_LEN + 1], err[256];
	int today = store_today();

	seeker(st, "11010519900307123", "王小明", "laid_off", "older", a);
	seeker(st, "11010819851201002", "李娜", "graduate", "", b);
	assert_int_equal(service_give(st, "policy", b, err, sizeof err), 0);
	assert_int_equal(service_clerk_day(st, "wang.li", today, &l), 0);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.rows[0].type, "policy");
	service_list_free(&l);
	assert_int_equal(service_clerk_day(st, "li.na", today, &l), 0);
	assert_int_equal(l.n, 0);
	service_list_free(&l);
	/* One of them is not free: the totals count it, and not as free. */
	exec_sql(st, "UPDATE service_event SET free = 0 WHERE type = 'policy'");
	assert_int_equal(service_office_totals(st, "110105", today, today, &t), 0);
	assert_int_equal(t.count, 3);
	assert_int_equal(t.free_count, 2);
	assert_int_equal(t.ntype, 2);
	assert_string_equal(t.by_type[0].key, "registration");
	assert_int_equal(t.by_type[0].count, 2);
	assert_string_equal(t.by_type[1].key, "policy");
	assert_int_equal(t.by_type[1].free_count, 0);
	assert_int_equal(t.nbasis, 2);
	assert_string_equal(t.by_basis[0].key, "graduate");
	assert_int_equal(t.by_basis[0].count, 2);
	assert_string_equal(t.by_basis[1].key, "hardship");
	service_totals_free(&t);
	/* Another office's, or another period's, are not this one's. */
	assert_int_equal(service_office_totals(st, "110108", today, today, &t), 0);
	assert_int_equal(t.count, 0);
	service_totals_free(&t);
	assert_int_equal(service_office_totals(st, "110105", 20000101, 20001231, &t), 0);
	assert_int_equal(t.count, 0);
	service_totals_free(&t);
}

/* Run a statement about one seeker: head ends with "seeker_id = ", id is put after it. */
static void
exec_about(struct store *st, const char *head, const char *id)
{
	char sql[512];

	snprintf(sql, sizeof sql, "%s'%s'", head, id);
	exec_sql(st, sql);
}

/* The totals of a period, "given/free" by type, as the office reads them. */
static const char *
totals_of(struct store *st, const char *office, int from, int to)
{
	static char out[256];
	struct service_totals t;
	size_t i, n = 0;

	assert_int_equal(service_office_totals(st, office, from, to, &t), 0);
	out[0] = '\0';
	for (i = 0; i < t.ntype; i++)
		n += (size_t)snprintf(out + n, sizeof out - n, "%s%s %ld/%ld", i > 0 ? ", " : "",
		    t.by_type[i].key, t.by_type[i].count, t.by_type[i].free_count);
	service_totals_free(&t);
	return out;
}

/*
 * The hourly totals follow the events whatever writes them: a service
 * given, one changed (as a pulled version does) or removed (a record out
 * of scope); and a time zone whose days are not whole hours of UTC reads
 * the events themselves, with the same result.
 */
static void
test_totals_kept(void **state)
{
	struct store *st = *state;
	char a[IDENT_LEN + 1], b[IDENT_LEN + 1], err[256];
	const char *tz = getenv("TZ");
	char *saved = tz != NULL ? strdup(tz) : NULL;

	seeker(st, "11010519900307123", "王小明", "laid_off", "older", a);
	seeker(st, "11010819851201002", "李娜", "graduate", "", b);
	assert_int_equal(service_give(st, "policy", a, err, sizeof err), 0);
	assert_int_equal(service_give(st, "policy", b, err, sizeof err), 0);
	exec_sql(st, "UPDATE service_event SET at = '2026-03-02T01:30:00Z', free = 1");
	assert_string_equal(totals_of(st, "110105", 20260302, 20260302),
	    "registration 2/2, policy 2/2");
	exec_about(st, "UPDATE service_event SET free = 0 WHERE type = 'policy' "
	    "AND seeker_id = ", a);
	exec_about(st, "UPDATE service_event SET office = '110108' WHERE type = 'registration' "
	    "AND seeker_id = ", b);
	exec_about(st, "DELETE FROM service_event WHERE type = 'registration' "
	    "AND seeker_id = ", a);
	assert_string_equal(totals_of(st, "110105", 20260302, 20260302), "policy 2/1");
	assert_string_equal(totals_of(st, "110108", 20260302, 20260302), "registration 1/1");
	assert_string_equal(totals_of(st, "110105", 20260303, 20260331), "");
	/* Kolkata is 5:30 ahead: its day of 2 March began at 18:30 UTC the day before. */
	setenv("TZ", "Asia/Kolkata", 1);
	tzset();
	assert_string_equal(totals_of(st, "110105", 20260302, 20260302), "policy 2/1");
	exec_about(st, "UPDATE service_event SET at = '2026-03-01T18:29:00Z' WHERE type = 'policy' "
	    "AND seeker_id = ", a);
	assert_string_equal(totals_of(st, "110105", 20260302, 20260302), "policy 1/1");
	assert_string_equal(totals_of(st, "110105", 20260301, 20260301), "policy 1/0");
	if (saved != NULL)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	free(saved);
	tzset();
}

/* Sets the time zone TZ to zone, NULL the one saved; returns the one it replaces. */
static char *
zone_set(const char *zone)
{
	const char *was = getenv("TZ");
	char *saved = was != NULL ? strdup(was) : NULL;

	if (zone != NULL)
		setenv("TZ", zone, 1);
	else
		unsetenv("TZ");
	tzset();
	return saved;
}

/*
 * Services at every kind of edge of a period: n of them 19 minutes 53
 * seconds apart from the stamp start (so three in most hours, at every
 * minute in turn), ids prefix and a number, on the district office, a
 * street under it and another district, of four types and three bases,
 * one in five not free.
 */
static void
totals_events(struct store *st, const char *prefix, const char *start, int n)
{
	char sql[1024];

	snprintf(sql, sizeof sql,
	    "WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < %d) "
	    "INSERT INTO service_event (id, type, clerk, office, at, free, basis, hlc) "
	    "SELECT '%s' || i, CASE i %% 4 WHEN 0 THEN 'registration' WHEN 1 THEN 'policy' "
	    "WHEN 2 THEN 'referral' ELSE 'candidates' END, 'wang.li', CASE i %% 3 "
	    "WHEN 0 THEN '110105' WHEN 1 THEN '110105001' ELSE '110108' END, "
	    "strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ', '%s', '+' || (i * 1193) || ' seconds'), "
	    "i %% 5 != 0, CASE i %% 7 %% 3 WHEN 0 THEN '' WHEN 1 THEN 'hardship' ELSE 'graduate' END, "
	    "i FROM k", n - 1, prefix, start);
	exec_sql(st, sql);
}

/* qsort: lines of totals by their key. */
static int
total_key_cmp(const void *a, const void *b)
{
	return strcmp(((const struct service_total *)a)->key,
	    ((const struct service_total *)b)->key);
}

/* Appends lines of totals to out, tagged, in the order of their keys. */
static size_t
totals_lines(char *out, size_t len, size_t n, const char *tag, struct service_total *t,
    size_t nt)
{
	size_t i;

	if (nt > 1)
		qsort(t, nt, sizeof *t, total_key_cmp);
	for (i = 0; i < nt && n < len; i++)
		n += (size_t)snprintf(out + n, len - n, "%s %s %ld/%ld; ", tag, t[i].key, t[i].count,
		    t[i].free_count);
	return n;
}

/* What service_office_totals says of the period, each table in the order of its keys. */
static void
totals_said(struct store *st, const char *office, int from, int to, char *out, size_t len)
{
	struct service_totals t;
	size_t n;

	assert_int_equal(service_office_totals(st, office, from, to, &t), 0);
	n = (size_t)snprintf(out, len, "%ld/%ld: ", t.count, t.free_count);
	n = totals_lines(out, len, n, "T", t.by_type, t.ntype);
	totals_lines(out, len, n, "B", t.by_basis, t.nbasis);
	service_totals_free(&t);
}

/* The stamp (UTC) at which day (YYYYMMDD) begins in the zone in force. */
static void
zone_midnight(int day, char out[32])
{
	struct tm tm;
	time_t t;

	memset(&tm, 0, sizeof tm);
	tm.tm_year = day / 10000 - 1900;
	tm.tm_mon = day / 100 % 100 - 1;
	tm.tm_mday = day % 100;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The same counted from the events one by one, as totals_said writes it. */
static void
totals_counted(struct store *st, const char *office, int from, int to, char *out, size_t len)
{
	static const char *const tail[] = {
		"SELECT count(*), coalesce(sum(free != 0), 0), '' FROM e",
		"SELECT count(*), sum(free != 0), type FROM e GROUP BY type ORDER BY type",
		"SELECT count(*), sum(free != 0), basis FROM e GROUP BY basis ORDER BY basis",
	};
	char lo[32], hi[32], sql[512];
	sqlite3_stmt *stmt;
	size_t i, n = 0;

	zone_midnight(from, lo);
	zone_midnight(date_add_days(to, 1), hi);
	for (i = 0; i < 3; i++) {
		snprintf(sql, sizeof sql, "WITH RECURSIVE under(code) AS (SELECT ?1 UNION "
		    "SELECT o.code FROM office o JOIN under ON o.parent = under.code), "
		    "e AS (SELECT * FROM service_event WHERE office IN under AND at >= ?2 "
		    "AND at < ?3) %s", tail[i]);
		assert_int_equal(sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL), SQLITE_OK);
		sqlite3_bind_text(stmt, 1, office, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, lo, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 3, hi, -1, SQLITE_STATIC);
		while (sqlite3_step(stmt) == SQLITE_ROW && n < len) {
			long long given = sqlite3_column_int64(stmt, 0);
			long long free_n = sqlite3_column_int64(stmt, 1);

			if (i == 0)
				n += (size_t)snprintf(out + n, len - n, "%lld/%lld: ", given, free_n);
			else
				n += (size_t)snprintf(out + n, len - n, "%s %s %lld/%lld; ",
				    i == 1 ? "T" : "B", (const char *)sqlite3_column_text(stmt, 2),
				    given, free_n);
		}
		sqlite3_finalize(stmt);
	}
}

/*
 * The office's totals equal the events counted one by one over periods
 * of one day, of days across the end of a month, of whole months, in
 * zones whose days are UTC's, whole hours off it (Beijing), half an hour
 * or three quarters off it (Kolkata, Kathmandu), or an hour shorter once
 * (New York on 8 March 2026).
 */
static void
totals_match(struct store *st, const char *when)
{
	static const char *const zones[] = {
		"UTC", "Asia/Shanghai", "Asia/Kolkata", "Asia/Kathmandu", "America/New_York",
	};
	static const int periods[][2] = {
		{ 20260301, 20260301 }, { 20260228, 20260301 }, { 20260201, 20260228 },
		{ 20260301, 20260331 }, { 20260216, 20260313 }, { 20260308, 20260308 },
		{ 20260214, 20260315 }, { 20260101, 20261231 },
	};
	static const char *const offices[] = { "110105", "110105001", "110108" };
	char said[1024], counted[1024], *saved = zone_set(NULL);
	size_t z, p, o;

	for (z = 0; z < sizeof zones / sizeof zones[0]; z++) {
		free(zone_set(zones[z]));
		for (p = 0; p < sizeof periods / sizeof periods[0]; p++)
			for (o = 0; o < sizeof offices / sizeof offices[0]; o++) {
				totals_said(st, offices[o], periods[p][0], periods[p][1], said,
				    sizeof said);
				totals_counted(st, offices[o], periods[p][0], periods[p][1],
				    counted, sizeof counted);
				if (strcmp(said, counted) != 0)
					fail_msg("%s, %s, office %s, %d to %d: the totals say \"%s\", "
					    "the events \"%s\"", when, zones[z], offices[o],
					    periods[p][0], periods[p][1], said, counted);
				/* Every period has services: a match of nothing proves nothing. */
				assert_true(strncmp(counted, "0/", 2) != 0);
			}
	}
	free(zone_set(saved));
	free(saved);
}

/*
 * The lines of the office's totals as the report lays them out: the types
 * in the order of the type list, the bases the most given first and the
 * services without a basis last.
 */
static void
totals_order(struct store *st)
{
	struct service_totals t;
	size_t i;

	assert_int_equal(service_office_totals(st, "110105", 20260216, 20260313, &t), 0);
	assert_int_equal(t.ntype, 4);
	assert_int_equal(t.nbasis, 3);
	for (i = 1; i < t.ntype; i++)
		assert_true(service_type_rank(t.by_type[i - 1].key) <
		    service_type_rank(t.by_type[i].key));
	assert_true(t.by_basis[0].count >= t.by_basis[1].count);
	assert_true(*t.by_basis[0].key != '\0' && *t.by_basis[1].key != '\0');
	assert_string_equal(t.by_basis[2].key, "");
	/* The services without a basis are the most, and still last. */
	assert_true(t.by_basis[2].count > t.by_basis[0].count);
	service_totals_free(&t);
}

/* The offices of the totals' tests: a street under the district office, another district. */
static void
totals_offices(struct store *st)
{
	exec_sql(st, "INSERT INTO office (code, name, level, parent) VALUES "
	    "('110105001', '建外街道', 'street', '110105'), ('110108', '海淀区', 'district', NULL)");
}

/*
 * The daily and hourly totals stay exact whatever writes the events after
 * them: new services, services changed (their time, office, type, basis,
 * whether free), a pulled version replacing one, services removed with a
 * record that left the scope.
 */
static void
test_totals_exact(void **state)
{
	struct store *st = *state;

	totals_offices(st);
	totals_events(st, "a", "2026-02-15T00:07:00Z", 2200);
	totals_match(st, "written");
	totals_order(st);
	totals_events(st, "b", "2026-02-27T23:47:10Z", 600);
	exec_sql(st, "UPDATE service_event SET at = strftime('%Y-%m-%dT%H:%M:%SZ', at, "
	    "'+47 minutes') WHERE rowid % 7 = 0");
	exec_sql(st, "UPDATE service_event SET office = '110108' WHERE rowid % 11 = 0");
	exec_sql(st, "UPDATE service_event SET free = 1 - free WHERE rowid % 13 = 0");
	exec_sql(st, "UPDATE service_event SET type = 'guidance', basis = 'migrant' "
	    "WHERE rowid % 17 = 0");
	/* A pulled version: the district's fields over the terminal's. */
	exec_sql(st, "INSERT INTO service_event (id, type, clerk, office, at, free, basis, hlc) "
	    "SELECT id, 'policy', clerk, '110105001', strftime('%Y-%m-%dT%H:%M:%SZ', at, "
	    "'-2 hours', '-5 minutes'), 0, 'graduate', hlc + 1 FROM service_event "
	    "WHERE rowid % 19 = 0 ON CONFLICT (id) DO UPDATE SET type = excluded.type, "
	    "office = excluded.office, at = excluded.at, free = excluded.free, "
	    "basis = excluded.basis, hlc = excluded.hlc");
	exec_sql(st, "DELETE FROM service_event WHERE rowid % 23 = 0");
	totals_match(st, "changed");
}

/*
 * A terminal whose services were written before the daily totals (schema
 * 19) has them made from its hourly ones when it opens.
 */
static void
test_totals_migrated(void **state)
{
	struct store *st = *state;
	char path[1024];

	totals_offices(st);
	totals_events(st, "a", "2026-02-15T00:07:00Z", 2200);
	exec_sql(st, "DELETE FROM service_event WHERE rowid % 23 = 0");
	exec_sql(st, "DROP TRIGGER service_day_total_insert; DROP TRIGGER service_day_total_delete; "
	    "DROP TRIGGER service_day_total_update; DROP TABLE service_day_total; "
	    "PRAGMA user_version = 19");
	snprintf(path, sizeof path, "%s", st->path);
	store_close(st);
	*state = st = open_store(path, "wang.li", "110105");
	assert_true(count(st, "SELECT count(*) FROM service_day_total") > 0);
	totals_match(st, "migrated");
}

/* An employer's timeline: its own services, not its candidates' as seekers. */
static void
test_employer_timeline(void **state)
{
	struct store *st = *state;
	struct fields f = FIELDS_INIT;
	struct service_list l;
	char eid[IDENT_LEN + 1], err[256] = "";

	fields_set(&f, "uscc", "91110105MA01ABCD2X");
	fields_set(&f, "name", "甲公司");
	fields_set(&f, "hard_to_recruit", "yes");
	if (employer_save(st, NULL, &f, NULL, eid, err, sizeof err) != 0)
		fail_msg("employer not saved: %s", err);
	fields_free(&f);
	assert_int_equal(service_give(st, "recruitment_talk", eid, err, sizeof err), 0);
	assert_int_equal(service_give(st, "recruitment_talk", eid, err, sizeof err), 1);
	assert_int_equal(service_timeline(st, KIND_EMPLOYER, eid, 10, &l), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.rows[0].type, "recruitment_talk");
	assert_int_equal(l.rows[0].hard_to_recruit, 1);
	assert_string_equal(l.rows[0].basis, "hard_to_recruit");
	assert_string_equal(l.rows[1].type, "employer_registration");
	assert_string_equal(l.rows[1].who, "甲公司");
	service_list_free(&l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_rules),
		cmocka_unit_test(test_rules_set),
		cmocka_unit_test(test_once_key),
		cmocka_unit_test_setup_teardown(test_snapshot, store_setup, store_teardown),
		cmocka_unit_test_setup_teardown(test_once_a_day, store_setup, store_teardown),
		cmocka_unit_test_setup_teardown(test_same_id_on_two_terminals, store_setup,
		    store_teardown),
		cmocka_unit_test_setup_teardown(test_ledgers, store_setup, store_teardown),
		cmocka_unit_test_setup_teardown(test_totals_kept, store_setup, store_teardown),
		cmocka_unit_test_setup_teardown(test_totals_exact, store_setup, store_teardown),
		cmocka_unit_test_setup_teardown(test_totals_migrated, store_setup, store_teardown),
		cmocka_unit_test_setup_teardown(test_employer_timeline, store_setup,
		    store_teardown),
	};

	if (utf8_locale("test_service") != 0)
		return 1;
	return cmocka_run_group_tests(tests, store_group_setup, store_group_teardown);
}
