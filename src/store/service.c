/*
 * The free-service ledger: service events appended once, decided by the
 * office's rules on a snapshot of the person or employer, and the ledgers
 * read from them (see service.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "core/check.h"
#include "core/idnum.h"
#include "core/service.h"
#include "store/codes.h"
#include "store/report.h"
#include "store/row.h"
#include "store/service.h"
#include "store/store-int.h"

void
store_set_service_rules(struct store *st, const struct service_rules *r)
{
	st->service_rules = *r;
}

/*
 * What the subject of a service is now, into snap (its strings in cat
 * and hard, of their sizes): a seeker's categories and hardship, an
 * employer's hard-to-recruit flag. A record not here has nothing.
 */
static int
service_snapshot(struct store *st, enum service_subject subject, const char *id,
    struct service_snapshot *snap, char *cat, size_t catlen, char *hard, size_t hardlen)
{
	sqlite3_stmt *stmt;
	int rc;

	*cat = *hard = '\0';
	snap->category = cat;
	snap->hardship = hard;
	snap->hard_to_recruit = 0;
	if (id == NULL || *id == '\0')
		return 0;
	stmt = st_stmt(st, subject == SERVICE_SEEKER ?
	    "SELECT category, hardship FROM seeker WHERE id = ?" :
	    "SELECT hard_to_recruit, '' FROM employer WHERE id = ?");
	if (stmt == NULL)
		return -1;
	st_bind_text(stmt, 1, id);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (subject == SERVICE_SEEKER) {
			snprintf(cat, catlen, "%s", st_column_text(stmt, 0));
			snprintf(hard, hardlen, "%s", st_column_text(stmt, 1));
		} else
			snap->hard_to_recruit = strcmp(st_column_text(stmt, 0), "yes") == 0 ||
			    strcmp(st_column_text(stmt, 0), "1") == 0;
	}
	st_stmt_done(st, stmt);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

void
st_service_id(struct store *st, const char *type, const char *subject_id, const char *once,
    char id[IDENT_LEN + 1])
{
	char key[160];

	service_once_key(type, subject_id, once, key, sizeof key);
	ident_derive(st->idkey, kind_get(KIND_SERVICE_EVENT)->name, key, id);
}

int
st_service_event(struct store *st, const char *type, const struct fields *about,
    const char *once, uint64_t hlc)
{
	const struct kind *k = kind_get(KIND_SERVICE_EVENT);
	const struct service_type *t = service_type_find(type);
	const char *subject_col, *subject;
	struct service_snapshot snap;
	struct fields f = FIELDS_INIT;
	char id[IDENT_LEN + 1], stamp[32], cat[256], hard[64], basis[SERVICE_WORD_LEN];
	size_t i;
	int rc = -1, free_service;

	if (t == NULL)
		fatalx("service event of unknown type \"%s\"", type);
	subject_col = t->subject == SERVICE_SEEKER ? "seeker_id" : "employer_id";
	subject = fields_str(about, subject_col);
	if (once != NULL) {
		sqlite3_stmt *stmt;
		int there;

		st_service_id(st, type, subject, once, id);
		if ((stmt = st_stmt(st, "SELECT 1 FROM service_event WHERE id = ?")) == NULL)
			return -1;
		st_bind_text(stmt, 1, id);
		there = sqlite3_step(stmt);
		st_stmt_done(st, stmt);
		if (there == SQLITE_ROW)
			return 1;
		if (there != SQLITE_DONE)
			return -1;
	} else
		store_new_id(id);
	if (service_snapshot(st, t->subject, subject, &snap, cat, sizeof cat, hard,
	    sizeof hard) != 0)
		return -1;
	service_decide(&st->service_rules, type, &snap, &free_service, basis, sizeof basis);
	store_timestamp(stamp);
	fields_set(&f, "type", type);
	/* On its subject and the vacancy; a referral's seeker is not its employer's service. */
	for (i = 0; i < about->n; i++)
		if ((strcmp(about->keys[i], subject_col) == 0 ||
		    strcmp(about->keys[i], "vacancy_id") == 0) && *about->values[i] != '\0')
			fields_set(&f, about->keys[i], about->values[i]);
	fields_set(&f, "clerk", st->actor);
	fields_set(&f, "office", st->office);
	fields_set(&f, "at", stamp);
	fields_set(&f, "free", free_service ? "1" : "0");
	fields_set(&f, "basis", basis);
	fields_set(&f, "category", snap.category);
	fields_set(&f, "hardship", snap.hardship);
	fields_set(&f, "hard_to_recruit", snap.hard_to_recruit ? "1" : "0");
	rc = row_create(st, k, id, &f, hlc);
	fields_free(&f);
	return rc;
}

int
service_give(struct store *st, const char *type, const char *id, char *err, size_t errlen)
{
	const struct service_type *t = service_type_find(type);
	struct fields about = FIELDS_INIT;
	char today[11], live[IDENT_LEN + 1];
	const struct kind *k;
	int rc;

	if (t == NULL)
		fatalx("service of unknown type \"%s\"", type);
	k = kind_get(t->subject == SERVICE_SEEKER ? KIND_SEEKER : KIND_EMPLOYER);
	if (st_begin(st) != 0) {
		snprintf(err, errlen, _("the database is busy: %s"), store_errmsg(st));
		return -1;
	}
	/* A record merged away: the service is the survivor's. */
	if (row_resolve(st, k, id, live) != 1) {
		st_rollback(st);
		snprintf(err, errlen, _("the record was not found"));
		return -1;
	}
	date_format(store_today(), today);
	fields_set(&about, t->subject == SERVICE_SEEKER ? "seeker_id" : "employer_id", live);
	rc = st_service_event(st, type, &about, today, st_hlc_next(st));
	fields_free(&about);
	if (rc < 0 || (rc == 0 && st_commit(st) != 0)) {
		st_rollback(st);
		snprintf(err, errlen, _("cannot record the service: %s"), store_errmsg(st));
		return -1;
	}
	if (rc == 1)
		st_rollback(st);
	return rc;
}

/* The moment day (YYYYMMDD) begins in the terminal's time zone. */
static time_t
day_start_time(int day)
{
	struct tm tm;

	memset(&tm, 0, sizeof tm);
	tm.tm_year = day / 10000 - 1900;
	tm.tm_mon = day / 100 % 100 - 1;
	tm.tm_mday = day % 100;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

void
st_day_start(int day, char out[32])
{
	time_t t = day_start_time(day);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The columns every ledger list reads, and where from (e the event). */
#define SERVICE_ROW_COLS \
	"e.id, e.type, e.at, e.clerk, e.office, e.free, e.basis, e.category, e.hardship, " \
	"e.hard_to_recruit, coalesce(s.name, m.name, ''), coalesce(s.id_number, ''), " \
	"coalesce(m.uscc, ''), coalesce(v.title, '') "
#define SERVICE_ROW_JOINS \
	"LEFT JOIN seeker s ON s.id = e.seeker_id " \
	"LEFT JOIN employer m ON m.id = e.employer_id AND e.seeker_id IS NULL " \
	"LEFT JOIN vacancy v ON v.id = e.vacancy_id "

/* Read the rows of a ledger query (SERVICE_ROW_COLS) into l; 0 or -1. */
static int
service_read(sqlite3_stmt *stmt, size_t max, struct service_list *l)
{
	size_t cap = 0;
	int rc = SQLITE_DONE;

	memset(l, 0, sizeof *l);
	while (l->n < max && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct service_row *r;
		const char *key;

		if (l->n == cap) {
			cap = cap > 0 ? 2 * cap : 64;
			l->rows = xreallocarray(l->rows, cap, sizeof *l->rows);
		}
		r = &l->rows[l->n++];
		snprintf(r->id, sizeof r->id, "%s", st_column_text(stmt, 0));
		snprintf(r->type, sizeof r->type, "%s", st_column_text(stmt, 1));
		snprintf(r->at, sizeof r->at, "%s", st_column_text(stmt, 2));
		snprintf(r->clerk, sizeof r->clerk, "%s", st_column_text(stmt, 3));
		snprintf(r->office, sizeof r->office, "%s", st_column_text(stmt, 4));
		r->free_service = sqlite3_column_int(stmt, 5);
		snprintf(r->basis, sizeof r->basis, "%s", st_column_text(stmt, 6));
		snprintf(r->category, sizeof r->category, "%s", st_column_text(stmt, 7));
		snprintf(r->hardship, sizeof r->hardship, "%s", st_column_text(stmt, 8));
		r->hard_to_recruit = sqlite3_column_int(stmt, 9);
		snprintf(r->who, sizeof r->who, "%s", st_column_text(stmt, 10));
		/* Lists never show an ID number whole; a credit code is no person's. */
		if (*(key = st_column_text(stmt, 11)) != '\0')
			idnum_mask(key, r->who_key, sizeof r->who_key);
		else
			snprintf(r->who_key, sizeof r->who_key, "%s", st_column_text(stmt, 12));
		snprintf(r->vacancy, sizeof r->vacancy, "%s", st_column_text(stmt, 13));
	}
	return l->n == max || rc == SQLITE_DONE ? 0 : -1;
}

int
service_timeline(struct store *st, enum kind_id kind, const char *id, size_t max,
    struct service_list *l)
{
	char live[IDENT_LEN + 1];
	sqlite3_stmt *stmt;
	int rc;

	memset(l, 0, sizeof *l);
	if ((rc = row_resolve(st, kind_get(kind), id, live)) != 1)
		return rc < 0 ? -1 : 0;
	if (kind == KIND_SEEKER) {
		/* The services of every record merged into the person count as theirs. */
		stmt = st_prepare(st,
		    "WITH RECURSIVE alias(id, depth) AS (SELECT ?1, 0 UNION "
		    "SELECT s.id, a.depth + 1 FROM seeker s JOIN alias a ON s.replaced_by = a.id "
		    "WHERE a.depth < ?3) "
		    "SELECT " SERVICE_ROW_COLS "FROM service_event e " SERVICE_ROW_JOINS
		    "WHERE e.seeker_id IN (SELECT id FROM alias) "
		    "ORDER BY e.at DESC, e.rowid DESC LIMIT ?2");
		st_bind_int(stmt, 3, ROW_REDIRECT_MAX);
	} else
		stmt = st_prepare(st, "SELECT " SERVICE_ROW_COLS "FROM service_event e "
		    SERVICE_ROW_JOINS "WHERE e.employer_id = ?1 AND e.seeker_id IS NULL "
		    "ORDER BY e.at DESC, e.rowid DESC LIMIT ?2");
	if (stmt == NULL)
		return -1;
	st_bind_text(stmt, 1, live);
	st_bind_int(stmt, 2, (int64_t)max);
	rc = service_read(stmt, max, l);
	sqlite3_finalize(stmt);
	/* A person's services say what they are: a view of personal data. */
	if (rc == 0 && kind == KIND_SEEKER && st_audit(st, "seeker", live, "services") != 0)
		rc = -1;
	if (rc != 0)
		service_list_free(l);
	return rc;
}

int
service_clerk_day(struct store *st, const char *clerk, int day, struct service_list *l)
{
	char from[32], to[32];
	sqlite3_stmt *stmt;
	int rc;

	st_day_start(day, from);
	st_day_start(date_add_days(day, 1), to);
	stmt = st_prepare(st, "SELECT " SERVICE_ROW_COLS "FROM service_event e "
	    SERVICE_ROW_JOINS "WHERE e.clerk = ?1 AND e.at >= ?2 AND e.at < ?3 "
	    "ORDER BY e.at DESC, e.rowid DESC");
	if (stmt == NULL)
		return -1;
	st_bind_text(stmt, 1, clerk);
	st_bind_text(stmt, 2, from);
	st_bind_text(stmt, 3, to);
	rc = service_read(stmt, (size_t)-1, l);
	sqlite3_finalize(stmt);
	if (rc != 0)
		service_list_free(l);
	return rc;
}

void
service_list_free(struct service_list *l)
{
	free(l->rows);
	memset(l, 0, sizeof *l);
}

/* qsort: totals by the place of their type among the types (an unknown one last). */
static int
service_total_cmp(const void *a, const void *b)
{
	const struct service_total *x = a, *y = b;
	unsigned rx = (unsigned)service_type_rank(x->key), ry = (unsigned)service_type_rank(y->key);

	if (rx != ry)
		return rx < ry ? -1 : 1;
	return strcmp(x->key, y->key);
}

/* qsort: totals by basis, the most given first, the services without a basis last. */
static int
service_basis_cmp(const void *a, const void *b)
{
	const struct service_total *x = a, *y = b;

	if ((*x->key == '\0') != (*y->key == '\0'))
		return *x->key == '\0' ? 1 : -1;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->key, y->key);
}

/* Adds count and free_count to key's line of *t (*n lines), a new line if it has none. */
static void
service_total_add(struct service_total **t, size_t *n, size_t *cap, const char *key,
    long count, long free_count)
{
	struct service_total *line = NULL;
	char k[sizeof line->key];
	size_t i;

	/* Compared as the line keeps it: a longer code is the line of its first 31 bytes. */
	snprintf(k, sizeof k, "%s", key);
	for (i = 0; i < *n && line == NULL; i++)
		if (strcmp((*t)[i].key, k) == 0)
			line = &(*t)[i];
	if (line == NULL) {
		if (*n == *cap) {
			*cap = *cap > 0 ? 2 * *cap : 16;
			*t = xreallocarray(*t, *cap, sizeof **t);
		}
		line = &(*t)[(*n)++];
		memset(line, 0, sizeof *line);
		memcpy(line->key, k, sizeof k);
	}
	line->count += count;
	line->free_count += free_count;
}

/*
 * Drops the lines of *t that count nothing (the counts of services since
 * removed stay as zeros), then sorts the others with cmp.
 */
static void
service_totals_settle(struct service_total *t, size_t *n,
    int (*cmp)(const void *, const void *))
{
	size_t i, kept = 0;

	for (i = 0; i < *n; i++)
		if (t[i].count > 0)
			t[kept++] = t[i];
	*n = kept;
	/* A period without services has no array: qsort of NULL is undefined even for none. */
	if (*n > 1)
		qsort(t, *n, sizeof *t, cmp);
}

#define DAY_LEN		10	/* "YYYY-MM-DD", service_day_total's day */
#define HOUR_LEN	13	/* "YYYY-MM-DDTHH", service_hour_total's hour */
#define STAMP_LEN	20	/* "YYYY-MM-DDTHH:MM:SSZ", an event's at */

/*
 * The stamp of moment t as the events write it ("YYYY-MM-DDTHH:MM:SSZ",
 * UTC) into out, cut to its first keep bytes: 10 a day's key, 13 an hour's.
 */
static void
utc_text(time_t t, size_t keep, char out[32])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (keep < strlen(out))
		out[keep] = '\0';
}

/* t rounded down to a multiple of unit seconds (the epoch's days and hours are UTC's). */
static time_t
time_floor(time_t t, time_t unit)
{
	return t - ((t % unit) + unit) % unit;
}

/*
 * A period of UTC cut where each table counts it exactly: its whole UTC
 * days from the daily totals, the whole hours either side of them from
 * the hourly totals, and the minutes of its ends that are no whole hour
 * (a zone whose offset is not whole hours) from the events themselves.
 * A part the period lacks is empty ("" to "").
 */
struct service_period_cut {
	char	days[2][32];		/* "YYYY-MM-DD", from and before */
	char	hours[2][2][32];	/* "YYYY-MM-DDTHH", before and after the days */
	char	stamps[2][2][32];	/* the events' stamps, at each end */
};

/* Cuts the period [lo, hi) into c. */
static void
service_period_cut(time_t lo, time_t hi, struct service_period_cut *c)
{
	const time_t hour = 3600, day = 86400;
	time_t h1 = time_floor(lo + hour - 1, hour), h2 = time_floor(hi, hour), d1, d2;

	memset(c, 0, sizeof *c);
	utc_text(lo, STAMP_LEN, c->stamps[0][0]);
	if (h1 >= h2) {
		/* No whole hour in it: the events of the period are few. */
		utc_text(hi, STAMP_LEN, c->stamps[0][1]);
		return;
	}
	utc_text(h1, STAMP_LEN, c->stamps[0][1]);
	utc_text(h2, STAMP_LEN, c->stamps[1][0]);
	utc_text(hi, STAMP_LEN, c->stamps[1][1]);
	d1 = time_floor(h1 + day - 1, day);
	d2 = time_floor(h2, day);
	utc_text(h1, HOUR_LEN, c->hours[0][0]);
	if (d1 >= d2) {
		/* No whole UTC day in it: a day in Beijing is 24 hours of two. */
		utc_text(h2, HOUR_LEN, c->hours[0][1]);
		return;
	}
	utc_text(d1, HOUR_LEN, c->hours[0][1]);
	utc_text(d1, DAY_LEN, c->days[0]);
	utc_text(d2, DAY_LEN, c->days[1]);
	utc_text(d2, HOUR_LEN, c->hours[1][0]);
	utc_text(h2, HOUR_LEN, c->hours[1][1]);
}

/*
 * The office's totals by type and by basis at once, from one read of the
 * counts by (type, basis) of the period's parts (service_period_cut):
 * a month is some two thousand rows of days, and the two tables are
 * summed from them here rather than grouped twice by SQLite.
 */
int
service_office_totals(struct store *st, const char *office, int from, int to,
    struct service_totals *t)
{
	struct service_period_cut c;
	size_t ctype = 0, cbasis = 0, i;
	sqlite3_stmt *stmt;
	char err[256];
	int rc, k;

	memset(t, 0, sizeof *t);
	if (report_scope(st, office, err, sizeof err) != 0)
		return -1;
	service_period_cut(day_start_time(from), day_start_time(date_add_days(to, 1)), &c);
	stmt = st_stmt(st,
	    "SELECT type, basis, given, free FROM service_day_total "
	    "WHERE office IN (SELECT office FROM temp.report_scope) AND day >= ?1 AND day < ?2 "
	    "UNION ALL SELECT type, basis, given, free FROM service_hour_total "
	    "WHERE office IN (SELECT office FROM temp.report_scope) AND hour >= ?3 AND hour < ?4 "
	    "UNION ALL SELECT type, basis, given, free FROM service_hour_total "
	    "WHERE office IN (SELECT office FROM temp.report_scope) AND hour >= ?5 AND hour < ?6 "
	    "UNION ALL SELECT type, basis, 1, free != 0 FROM service_event "
	    "WHERE office IN (SELECT office FROM temp.report_scope) AND at >= ?7 AND at < ?8 "
	    "UNION ALL SELECT type, basis, 1, free != 0 FROM service_event "
	    "WHERE office IN (SELECT office FROM temp.report_scope) AND at >= ?9 AND at < ?10");
	if (stmt == NULL)
		return -1;
	st_bind_text(stmt, 1, c.days[0]);
	st_bind_text(stmt, 2, c.days[1]);
	for (k = 0; k < 4; k++) {
		st_bind_text(stmt, 3 + 2 * k, k < 2 ? c.hours[k][0] : c.stamps[k - 2][0]);
		st_bind_text(stmt, 4 + 2 * k, k < 2 ? c.hours[k][1] : c.stamps[k - 2][1]);
	}
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		long given = (long)sqlite3_column_int64(stmt, 2);
		long free_count = (long)sqlite3_column_int64(stmt, 3);

		service_total_add(&t->by_type, &t->ntype, &ctype, st_column_text(stmt, 0), given,
		    free_count);
		service_total_add(&t->by_basis, &t->nbasis, &cbasis, st_column_text(stmt, 1), given,
		    free_count);
	}
	st_stmt_done(st, stmt);
	if (rc != SQLITE_DONE) {
		service_totals_free(t);
		return -1;
	}
	/* The seekers' services first, then the employers', in the order of the types. */
	service_totals_settle(t->by_type, &t->ntype, service_total_cmp);
	service_totals_settle(t->by_basis, &t->nbasis, service_basis_cmp);
	for (i = 0; i < t->ntype; i++) {
		t->count += t->by_type[i].count;
		t->free_count += t->by_type[i].free_count;
	}
	return 0;
}

void
service_type_name(struct store *st, const char *type, int chinese, char *out, size_t outlen)
{
	if (codes_name(st, "service_type", type, chinese, out, outlen) != 0)
		snprintf(out, outlen, "%s", type);
}

void
service_basis_name(struct store *st, const char *basis, int chinese, char *out, size_t outlen)
{
	if (*basis == '\0')
		snprintf(out, outlen, "%s", _("no basis"));
	else if (strcmp(basis, "hardship") == 0)
		/* TRANSLATORS: the basis of a free service: a person recognised as hard to employ. */
		snprintf(out, outlen, "%s", _("hardship"));
	else if (strcmp(basis, "hard_to_recruit") == 0)
		/* TRANSLATORS: the basis of a free service: an employer that hires hardship persons. */
		snprintf(out, outlen, "%s", _("hires hardship persons"));
	else if (codes_name(st, "person_category", basis, chinese, out, outlen) != 0 &&
	    codes_name(st, "hardship", basis, chinese, out, outlen) != 0)
		snprintf(out, outlen, "%s", basis);
}

void
service_totals_free(struct service_totals *t)
{
	free(t->by_type);
	free(t->by_basis);
	memset(t, 0, sizeof *t);
}

/*
 * A subsidy claim (花名册) names the person by ID number and name, the
 * employer by its credit code: the export is the office's own file,
 * written for its owner only and audited, as the export of seekers is.
 */
const char *const service_export_columns[] = {
	"type", "at", "id_number", "name", "employer_uscc", "employer_name", "vacancy",
	"clerk", "office", "free", "basis", "category", "hardship", "hard_to_recruit", "id",
	NULL,
};

int
service_export(struct store *st, int from, int to, store_export_cb row_cb, void *ctx)
{
	char lo[32] = "", hi[32] = "~";
	sqlite3_stmt *stmt;

	if (from > 0)
		st_day_start(from, lo);
	if (to > 0)
		st_day_start(date_add_days(to, 1), hi);
	stmt = st_prepare(st, "SELECT e.type, e.at, coalesce(s.id_number, ''), "
	    "coalesce(s.name, ''), coalesce(m.uscc, ''), coalesce(m.name, ''), "
	    "coalesce(v.title, ''), e.clerk, e.office, e.free, e.basis, e.category, e.hardship, "
	    "e.hard_to_recruit, e.id FROM service_event e "
	    "LEFT JOIN seeker s ON s.id = e.seeker_id "
	    "LEFT JOIN employer m ON m.id = e.employer_id "
	    "LEFT JOIN vacancy v ON v.id = e.vacancy_id "
	    "WHERE e.at >= ?1 AND e.at < ?2 ORDER BY e.at, e.id");
	if (stmt == NULL)
		return -1;
	st_bind_text(stmt, 1, lo);
	st_bind_text(stmt, 2, hi);
	return st_export_rows(st, stmt, "service_event", service_export_columns, row_cb, ctx);
}
