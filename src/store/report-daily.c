/*
 * The daily report, the close of day and its reprint: see
 * report-daily.h. The day's events are read from the ledger (the
 * services given, whose time is a UTC stamp), the referrals' outcomes by
 * their day, and the registrations' withdrawal and validity days, each
 * of the offices in temp.report_scope, and handed to core/daily.c,
 * which says what they count as.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/buf.h"
#include "common/i18n.h"
#include "common/log.h"
#include "common/report.h"
#include "common/xalloc.h"
#include "core/check.h"
#include "core/daily.h"
#include "core/kind.h"
#include "store/codes.h"
#include "store/report-daily.h"
#include "store/report.h"
#include "store/row.h"
#include "store/service.h"
#include "store/store-int.h"
#include "wire/fields-json.h"
#include "wire/wire.h"

/* The lines that name the events a closing counts, for its digest. */
struct daily_lines {
	char	**v;
	size_t	  n, cap;
};

/* A closed day as its closing record keeps it. */
struct daily_closing {
	char			id[IDENT_LEN + 1];
	char			by[64];
	char			at[32];		/* UTC stamp */
	char			counted[24];
	char			digest[80];
	struct daily_figures	f;
};

/* The sections of the figures table: a heading and the figures under it. */
static const struct {
	const char	*label;
	enum daily_fig	 first, last;
} daily_sections[] = {
	{ N_("Job seekers"), DAILY_REGISTERED, DAILY_EXPIRED },
	{ N_("Employers and vacancies"), DAILY_EMPLOYERS, DAILY_HEADCOUNT },
	{ N_("Referrals"), DAILY_REFERRALS, DAILY_OTHER_OUTCOME },
	{ N_("Guidance and services"), DAILY_GUIDANCE, DAILY_FREE },
};

/* The columns of the clerks' table, with headings short enough for nine of them in 80 columns. */
static const struct {
	enum daily_fig	 fig;
	const char	*label;
} daily_clerk_cols[] = {
	/* TRANSLATORS: short headings of the daily report's clerks table, 5 cells at most. */
	{ DAILY_REGISTERED, N_("Reg.") },
	{ DAILY_RENEWED, N_("Renew") },
	{ DAILY_EMPLOYERS, N_("Empl.") },
	{ DAILY_VACANCIES, N_("Vac.") },
	{ DAILY_REFERRALS, N_("Refer") },
	{ DAILY_OUTCOMES, N_("Outc.") },
	{ DAILY_HIRED, N_("Hired") },
	{ DAILY_GUIDANCE, N_("Guid.") },
	{ DAILY_SERVICES, N_("Serv.") },
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* The configured days of the lists that need action (report-daily.h). */
void
store_set_report_days(struct store *st, int referral_due_days, int silent_days)
{
	st->referral_due_days = referral_due_days;
	st->terminal_silent_days = silent_days;
}

/* Take the line s (allocated) into the list. */
static void
daily_line(struct daily_lines *l, char *s)
{
	if (l->n == l->cap) {
		l->cap = l->cap > 0 ? 2 * l->cap : 256;
		l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
	}
	l->v[l->n++] = s;
}

/* Free the lines. */
static void
daily_lines_free(struct daily_lines *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

/*
 * The statuses of kind k that are closed (want_closed) or that lapse, as
 * "?3, ?4, ..." from parameter first on, into sql; their count.
 */
static int
daily_status_params(const struct kind *k, int want_closed, int first, struct buf *sql)
{
	size_t i;
	int n = 0;

	for (i = 0; i < k->nstatuses; i++)
		if (want_closed ? k->statuses[i].closed : k->statuses[i].lapses) {
			buf_addf(sql, "%s?%d", n > 0 ? ", " : "", first + n);
			n++;
		}
	return n;
}

/* Bind the statuses daily_status_params named, from parameter first on. */
static void
daily_status_bind(sqlite3_stmt *stmt, const struct kind *k, int want_closed, int first)
{
	size_t i;

	for (i = 0; i < k->nstatuses; i++)
		if (want_closed ? k->statuses[i].closed : k->statuses[i].lapses)
			st_bind_text(stmt, first++, k->statuses[i].value);
}

/* The services given in the period: by whom, what, free and on what basis, a vacancy's places. */
static int
daily_read_services(struct store *st, int from, int to, struct daily_figures *f,
    struct daily_lines *lines)
{
	char lo[32], hi[32];
	sqlite3_stmt *stmt;
	int rc;

	st_day_start(from, lo);
	st_day_start(date_add_days(to, 1), hi);
	/* A vacancy is looked up for its registration only: a month has 400,000 services. */
	stmt = st_prepare(st, "SELECT e.id, e.type, e.clerk, e.free, e.basis, "
	    "CASE WHEN e.type = ?3 THEN coalesce((SELECT CAST(headcount AS INTEGER) FROM vacancy "
	    "WHERE id = e.vacancy_id), 0) ELSE 0 END FROM service_event e "
	    "WHERE e.at >= ?1 AND e.at < ?2 AND e.office IN (SELECT office FROM temp.report_scope)");
	if (stmt == NULL)
		return -1;
	st_bind_text(stmt, 1, lo);
	st_bind_text(stmt, 2, hi);
	st_bind_text(stmt, 3, daily_headcount_service);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct daily_event e = {
			.source = DAILY_SERVICE,
			.what = st_column_text(stmt, 1),
			.clerk = st_column_text(stmt, 2),
			.free_service = sqlite3_column_int(stmt, 3),
			.basis = st_column_text(stmt, 4),
			.headcount = (long)sqlite3_column_int64(stmt, 5),
		};

		daily_add(f, &e);
		if (lines != NULL)
			daily_line(lines, xasprintf("service_event %s", st_column_text(stmt, 0)));
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The referrals' outcomes of the period (by the outcome's day), counted for who referred. */
static int
daily_read_outcomes(struct store *st, const char *from, const char *to, struct daily_figures *f,
    struct daily_lines *lines)
{
	const struct kind *k = kind_get(KIND_REFERRAL);
	struct buf sql = BUF_INIT;
	sqlite3_stmt *stmt;
	int rc;

	buf_adds(&sql, "SELECT id, status, created_by FROM referral WHERE status IN (");
	daily_status_params(k, 1, 3, &sql);
	buf_adds(&sql, ") AND outcome_on >= ?1 AND outcome_on <= ?2 AND deleted = 0 "
	    "AND office IN (SELECT office FROM temp.report_scope)");
	stmt = st_prepare(st, buf_str(&sql));
	buf_free(&sql);
	if (stmt == NULL)
		return -1;
	st_bind_text(stmt, 1, from);
	st_bind_text(stmt, 2, to);
	daily_status_bind(stmt, k, 1, 3);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct daily_event e = {
			.source = DAILY_OUTCOME,
			.what = st_column_text(stmt, 1),
			.clerk = st_column_text(stmt, 2),
		};

		daily_add(f, &e);
		if (lines != NULL)
			daily_line(lines, xasprintf("referral %s %s", st_column_text(stmt, 0),
			    e.what));
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * The registrations closed by hand in the period (withdrawn, or placed by
 * a clerk: the day is closed_on, which registering again clears), by
 * their reason; a placement through a referral is a hire, counted there.
 * Read through the supply report's covering index, which holds every
 * column asked for here (deleted = 0 says so), named: the planner would
 * otherwise walk the table in the order of another index, 15 times as
 * slow (500,000 registrations: 0.1 s against 1.5 s).
 */
static int
daily_read_withdrawals(struct store *st, const char *from, const char *to,
    struct daily_figures *f, struct daily_lines *lines)
{
	const struct kind *k = kind_get(KIND_SEEKER);
	struct buf sql = BUF_INIT;
	sqlite3_stmt *stmt;
	int rc, n;

	buf_adds(&sql, "SELECT id, withdraw_reason FROM seeker INDEXED BY seeker_supply "
	    "WHERE closed_on >= ?1 "
	    "AND closed_on <= ?2 AND closed_on <> '' AND deleted = 0 AND withdraw_reason <> ?3 "
	    "AND status IN (");
	n = daily_status_params(k, 1, 4, &sql);
	buf_adds(&sql, ") AND office IN (SELECT office FROM temp.report_scope)");
	stmt = st_prepare(st, buf_str(&sql));
	buf_free(&sql);
	if (stmt == NULL || n == 0)
		return -1;
	st_bind_text(stmt, 1, from);
	st_bind_text(stmt, 2, to);
	st_bind_text(stmt, 3, KIND_SEEKER_PLACED_REFERRAL);
	daily_status_bind(stmt, k, 1, 4);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct daily_event e = {
			.source = DAILY_WITHDRAWAL,
			.basis = st_column_text(stmt, 1),
		};

		daily_add(f, &e);
		if (lines != NULL)
			daily_line(lines, xasprintf("seeker %s withdrawn %s", st_column_text(stmt, 0),
			    e.basis));
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * The registrations that expired in the period: still open (a status
 * that lapses) and last valid the day before one of its days.
 */
static int
daily_read_expiries(struct store *st, int from, int to, struct daily_figures *f,
    struct daily_lines *lines)
{
	const struct kind *k = kind_get(KIND_SEEKER);
	struct buf sql = BUF_INIT;
	char lo[11], hi[11];
	sqlite3_stmt *stmt;
	int rc, dlo, dhi;

	daily_expiry_range(from, to, &dlo, &dhi);
	date_format(dlo, lo);
	date_format(dhi, hi);
	buf_adds(&sql, "SELECT id, valid_until FROM seeker WHERE valid_until >= ?1 "
	    "AND valid_until <= ?2 AND deleted = 0 AND status IN (");
	daily_status_params(k, 0, 3, &sql);
	buf_adds(&sql, ") AND office IN (SELECT office FROM temp.report_scope)");
	stmt = st_prepare(st, buf_str(&sql));
	buf_free(&sql);
	if (stmt == NULL)
		return -1;
	st_bind_text(stmt, 1, lo);
	st_bind_text(stmt, 2, hi);
	daily_status_bind(stmt, k, 0, 3);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct daily_event e = { .source = DAILY_EXPIRY };

		daily_add(f, &e);
		if (lines != NULL)
			daily_line(lines, xasprintf("seeker %s expired %s", st_column_text(stmt, 0),
			    st_column_text(stmt, 1)));
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * The figures of the days from to to of the offices in temp.report_scope
 * into f (initialised here, sorted); lines (may be NULL) gets a line per
 * event counted. 0, or -1 with store_errmsg.
 */
static int
daily_read(struct store *st, int from, int to, struct daily_figures *f,
    struct daily_lines *lines)
{
	char dfrom[11], dto[11];

	daily_init(f);
	date_format(from, dfrom);
	date_format(to, dto);
	if (daily_read_services(st, from, to, f, lines) != 0 ||
	    daily_read_outcomes(st, dfrom, dto, f, lines) != 0 ||
	    daily_read_withdrawals(st, dfrom, dto, f, lines) != 0 ||
	    daily_read_expiries(st, from, to, f, lines) != 0)
		return -1;
	daily_sort(f);
	return 0;
}

/* A count as a cell. */
static void
daily_cell(long v, char out[24])
{
	snprintf(out, 24, "%ld", v);
}

/* A change as a cell: "3", "-1", "0" (a number in JSON too, which "+3" would not be). */
static void
daily_change(long now, long was, char out[24])
{
	snprintf(out, 24, "%ld", now - was);
}

/* A UTC stamp "YYYY-MM-DDTHH:MM:SSZ" as local "YYYY-MM-DD HH:MM", the stamp itself if unreadable. */
static void
daily_local_time(const char *stamp, char *out, size_t outlen)
{
	struct tm tm, local;
	time_t t;

	memset(&tm, 0, sizeof tm);
	if (sscanf(stamp, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
	    &tm.tm_hour, &tm.tm_min, &tm.tm_sec) == 6) {
		tm.tm_year -= 1900;
		tm.tm_mon -= 1;
		t = timegm(&tm);
		if (t != (time_t)-1 && localtime_r(&t, &local) != NULL &&
		    strftime(out, outlen, "%Y-%m-%d %H:%M", &local) > 0)
			return;
	}
	snprintf(out, outlen, "%s", stamp);
}

/* An account's name, or its login when this terminal does not know it. */
static void
daily_clerk_name(struct store *st, const char *login, char *out, size_t outlen)
{
	if (st_first_text(st, "SELECT name FROM account WHERE login = ?", login, out, outlen) != 0 ||
	    *out == '\0')
		snprintf(out, outlen, "%s", login);
}

/* A withdraw reason's name, its code when the list lacks it. */
static void
daily_reason_name(struct store *st, const char *reason, int chinese, char *out, size_t outlen)
{
	if (codes_name(st, "withdraw_reason", reason, chinese, out, outlen) != 0)
		snprintf(out, outlen, "%s", reason);
}

/* The table of the figures: today's (or the period's), and those of the week before when last. */
static void
daily_table_figures(struct report *r, const struct report_query *q,
    const struct daily_figures *f, const struct daily_figures *last)
{
	struct report_table *t = report_table_add(r, "figures", _("Figures"));
	char v[24], w[24], c[24], rate[16], was_rate[16];
	const char *cells[5];
	size_t s;
	int fig;

	report_column(t, "figure", NULL, REPORT_LEFT);
	report_column(t, "name", _("Figure"), REPORT_LEFT);
	report_column(t, "value", q->from == q->to ? _("The day") : _("The period"),
	    REPORT_RIGHT);
	if (last != NULL) {
		report_column(t, "last_week", _("Week before"), REPORT_RIGHT);
		report_column(t, "change", _("Change"), REPORT_RIGHT);
	}
	for (s = 0; s < NELEM(daily_sections); s++) {
		cells[0] = "";
		cells[1] = _(daily_sections[s].label);
		cells[2] = cells[3] = cells[4] = "";
		report_row(t, REPORT_SECTION, cells);
		for (fig = (int)daily_sections[s].first; fig <= (int)daily_sections[s].last; fig++) {
			daily_cell(f->v[fig], v);
			cells[0] = daily_figs[fig].key;
			cells[1] = _(daily_figs[fig].label);
			cells[2] = v;
			if (last != NULL) {
				daily_cell(last->v[fig], w);
				daily_change(f->v[fig], last->v[fig], c);
				cells[3] = w;
				cells[4] = c;
			}
			report_row(t, REPORT_ROW, cells);
		}
		if (daily_sections[s].last == DAILY_OTHER_OUTCOME) {
			daily_rate(f->v[DAILY_HIRED], f->v[DAILY_OUTCOMES], rate, sizeof rate);
			cells[0] = "placement_rate";
			cells[1] = _("Placement rate (hires / outcomes)");
			cells[2] = rate;
			if (last != NULL) {
				daily_rate(last->v[DAILY_HIRED], last->v[DAILY_OUTCOMES], was_rate,
				    sizeof was_rate);
				cells[3] = was_rate;
				cells[4] = "";
			}
			report_row(t, REPORT_ROW, cells);
		}
	}
}

/* The withdrawals by reason, with the week before's, when there were any. */
static void
daily_table_reasons(struct store *st, struct report *r, const struct report_query *q,
    const struct daily_figures *f, const struct daily_figures *last)
{
	struct report_table *t;
	char name[128], v[24], w[24];
	const char *cells[4];
	size_t i;

	if (f->reasons.n == 0 && (last == NULL || last->reasons.n == 0))
		return;
	t = report_table_add(r, "withdrawn", _("Registrations withdrawn by reason"));
	report_column(t, "reason", NULL, REPORT_LEFT);
	report_column(t, "name", _("Reason"), REPORT_LEFT);
	report_column(t, "count", _("Withdrawn"), REPORT_RIGHT);
	if (last != NULL)
		report_column(t, "last_week", _("Week before"), REPORT_RIGHT);
	for (i = 0; i < f->reasons.n; i++) {
		daily_reason_name(st, f->reasons.c[i].key, q->chinese, name, sizeof name);
		daily_cell(f->reasons.c[i].count, v);
		cells[0] = f->reasons.c[i].key;
		cells[1] = name;
		cells[2] = v;
		if (last != NULL) {
			daily_cell(daily_count_get(&last->reasons, f->reasons.c[i].key, NULL), w);
			cells[3] = w;
		}
		report_row(t, REPORT_ROW, cells);
	}
	for (i = 0; last != NULL && i < last->reasons.n; i++) {
		if (daily_count_get(&f->reasons, last->reasons.c[i].key, NULL) != 0)
			continue;
		daily_reason_name(st, last->reasons.c[i].key, q->chinese, name, sizeof name);
		daily_cell(last->reasons.c[i].count, w);
		cells[0] = last->reasons.c[i].key;
		cells[1] = name;
		cells[2] = "0";
		cells[3] = w;
		report_row(t, REPORT_ROW, cells);
	}
	daily_cell(f->v[DAILY_WITHDRAWN], v);
	/* The code column says so, as report-out.h promises CSV readers. */
	cells[0] = "total";
	cells[1] = _("Total");
	cells[2] = v;
	if (last != NULL) {
		daily_cell(last->v[DAILY_WITHDRAWN], w);
		cells[3] = w;
	}
	report_row(t, REPORT_TOTAL, cells);
}

/* The services by type or by free basis (types), with a bar chart of the counts and a total. */
static void
daily_table_services(struct store *st, struct report *r, const struct report_query *q,
    const struct daily_figures *f, int types)
{
	const struct daily_counts *l = types ? &f->types : &f->bases;
	struct report_table *t = types ? report_table_add(r, "by_type", _("Services by type")) :
	    report_table_add(r, "by_basis", _("Services by free basis"));
	char name[128], v[24], w[24];
	const char *cells[4];
	size_t i;

	report_column(t, types ? "type" : "basis", NULL, REPORT_LEFT);
	report_column(t, "name", types ? _("Service") : _("Basis"), REPORT_LEFT);
	report_column(t, "given", _("Given"), REPORT_RIGHT);
	report_column(t, "free", _("Free"), REPORT_RIGHT);
	t->chart_col = 2;
	for (i = 0; i < l->n; i++) {
		if (types)
			service_type_name(st, l->c[i].key, q->chinese, name, sizeof name);
		else
			service_basis_name(st, l->c[i].key, q->chinese, name, sizeof name);
		daily_cell(l->c[i].count, v);
		daily_cell(l->c[i].free_count, w);
		cells[0] = l->c[i].key;
		cells[1] = name;
		cells[2] = v;
		cells[3] = w;
		report_row(t, REPORT_ROW, cells);
	}
	daily_cell(f->v[DAILY_SERVICES], v);
	daily_cell(f->v[DAILY_FREE], w);
	/* The code column says so, as report-out.h promises CSV readers. */
	cells[0] = "total";
	cells[1] = _("Total");
	cells[2] = v;
	cells[3] = w;
	report_row(t, REPORT_TOTAL, cells);
}

/* What each clerk did, and their total. */
static void
daily_table_clerks(struct store *st, struct report *r, const struct daily_figures *f)
{
	struct report_table *t = report_table_add(r, "clerks", _("By clerk"));
	const char *cells[2 + NELEM(daily_clerk_cols)];
	char v[NELEM(daily_clerk_cols)][24], name[128];
	long total[NELEM(daily_clerk_cols)];
	size_t i, j;

	report_column(t, "clerk", NULL, REPORT_LEFT);
	report_column(t, "name", _("Clerk"), REPORT_LEFT);
	for (j = 0; j < NELEM(daily_clerk_cols); j++) {
		report_column(t, daily_figs[daily_clerk_cols[j].fig].key,
		    _(daily_clerk_cols[j].label), REPORT_RIGHT);
		total[j] = 0;
	}
	for (i = 0; i < f->nclerks; i++) {
		daily_clerk_name(st, f->clerks[i].login, name, sizeof name);
		cells[0] = f->clerks[i].login;
		cells[1] = name;
		for (j = 0; j < NELEM(daily_clerk_cols); j++) {
			long n = f->clerks[i].v[daily_clerk_cols[j].fig];

			total[j] += n;
			daily_cell(n, v[j]);
			cells[2 + j] = v[j];
		}
		report_row(t, REPORT_ROW, cells);
	}
	/* The code column says so, as report-out.h promises CSV readers. */
	cells[0] = "total";
	cells[1] = _("Total");
	for (j = 0; j < NELEM(daily_clerk_cols); j++) {
		daily_cell(total[j], v[j]);
		cells[2 + j] = v[j];
	}
	report_row(t, REPORT_TOTAL, cells);
}

/*
 * The figures of a report: the figures table (with the week before when
 * last), withdrawals by reason, services by type and by basis, clerks.
 */
static void
daily_render(struct store *st, struct report *r, const struct report_query *q,
    const struct daily_figures *f, const struct daily_figures *last)
{
	daily_table_figures(r, q, f, last);
	daily_table_reasons(st, r, q, f, last);
	daily_table_services(st, r, q, f, 1);
	daily_table_services(st, r, q, f, 0);
	daily_table_clerks(st, r, f);
}

/*
 * The closing of office's day (the first made, should a day have two)
 * into c: 1, 0 none, or -1 with err.
 */
static int
daily_closing_get(struct store *st, const char *office, int day, struct daily_closing *c,
    char *err, size_t errlen)
{
	struct fields figures = FIELDS_INIT, clerks = FIELDS_INIT;
	sqlite3_stmt *stmt;
	char d[11];
	int rc;

	memset(c, 0, sizeof *c);
	daily_init(&c->f);
	date_format(day, d);
	stmt = st_prepare(st, "SELECT id, created_by, closed_at, counted, digest, figures, clerks "
	    "FROM closing WHERE office = ?1 AND day = ?2 ORDER BY closed_at, id LIMIT 1");
	if (stmt == NULL) {
		snprintf(err, errlen, _("cannot read the database: %s"), store_errmsg(st));
		return -1;
	}
	st_bind_text(stmt, 1, office);
	st_bind_text(stmt, 2, d);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *fig = st_column_text(stmt, 5), *cl = st_column_text(stmt, 6);

		snprintf(c->id, sizeof c->id, "%s", st_column_text(stmt, 0));
		snprintf(c->by, sizeof c->by, "%s", st_column_text(stmt, 1));
		snprintf(c->at, sizeof c->at, "%s", st_column_text(stmt, 2));
		snprintf(c->counted, sizeof c->counted, "%s", st_column_text(stmt, 3));
		snprintf(c->digest, sizeof c->digest, "%s", st_column_text(stmt, 4));
		if (wire_fields_decode(fig, strlen(fig), &figures) != 0 ||
		    wire_fields_decode(cl, strlen(cl), &clerks) != 0) {
			snprintf(err, errlen, _("the closing of %s does not read"), d);
			rc = -1;
		} else if (daily_from_fields(&figures, &clerks, &c->f, err, errlen) != 0)
			rc = -1;
		else
			rc = 1;
	} else if (rc == SQLITE_DONE)
		rc = 0;
	else {
		snprintf(err, errlen, _("cannot read the database: %s"), store_errmsg(st));
		rc = -1;
	}
	sqlite3_finalize(stmt);
	fields_free(&figures);
	fields_free(&clerks);
	return rc;
}

/* Notes who closed a day and when, how many events it counted, their digest. */
static void
daily_note_closing(struct store *st, struct report *r, const struct daily_closing *c)
{
	char name[128], when[32];

	daily_clerk_name(st, c->by, name, sizeof name);
	daily_local_time(c->at, when, sizeof when);
	/* TRANSLATORS: who closed the day (name, login) and when. */
	report_note(r, _("Closed by %s (%s) at %s"), name, c->by, when);
	/* TRANSLATORS: how many events a close of day counted. */
	report_note(r, _("Events counted: %s"), c->counted);
	/* TRANSLATORS: the digest of the events a close of day counted: 64 hex digits. */
	report_note(r, _("Digest: %s"), c->digest);
}

/* The name of what a correction is of, in the clerk's language, and its key for CSV and JSON. */
static void
daily_diff_names(struct store *st, const struct report_query *q, const struct daily_diff *d,
    char *name, size_t namelen, char *key, size_t keylen)
{
	char what[128];

	switch (d->of) {
	case DAILY_DIFF_FIGURE:
		snprintf(name, namelen, "%s", _(daily_figs[d->fig].label));
		snprintf(key, keylen, "%s", daily_figs[d->fig].key);
		break;
	case DAILY_DIFF_REASON:
		daily_reason_name(st, d->key, q->chinese, what, sizeof what);
		/* TRANSLATORS: a correction's figure: withdrawals with a reason. */
		snprintf(name, namelen, _("Withdrawn: %s"), what);
		snprintf(key, keylen, "withdrawn:%s", d->key);
		break;
	case DAILY_DIFF_TYPE:
		service_type_name(st, d->key, q->chinese, what, sizeof what);
		snprintf(name, namelen, d->free_count ? _("Free: %s") : _("Given: %s"), what);
		snprintf(key, keylen, "%s:%s", d->free_count ? "service_free" : "service", d->key);
		break;
	case DAILY_DIFF_BASIS:
		service_basis_name(st, d->key, q->chinese, what, sizeof what);
		/* TRANSLATORS: a correction's figure: the services (free ones) on a basis. */
		snprintf(name, namelen, d->free_count ? _("Free on basis: %s") :
		    _("Given on basis: %s"), what);
		snprintf(key, keylen, "%s:%s", d->free_count ? "basis_free" : "basis", d->key);
		break;
	case DAILY_DIFF_CLERK:
		daily_clerk_name(st, d->key, what, sizeof what);
		snprintf(name, namelen, "%s: %s", what, _(daily_figs[d->fig].label));
		snprintf(key, keylen, "clerk:%s:%s", d->key, daily_figs[d->fig].key);
		break;
	}
}

/*
 * The corrections of the days of the period that q's office closed: for
 * each, the figures now beside the closed ones (now the period's own
 * when it is that one day). 0, or -1 with err.
 */
static int
daily_corrections(struct store *st, struct report *r, const struct report_query *q,
    struct daily_figures *period, int *nclosed, char *err, size_t errlen)
{
	struct report_table *t = NULL;
	struct daily_closing c;
	sqlite3_stmt *stmt;
	char from[11], to[11];
	int rc, day;

	*nclosed = 0;
	date_format(q->from, from);
	date_format(q->to, to);
	stmt = st_prepare(st, "SELECT DISTINCT day FROM closing WHERE office = ?1 AND day >= ?2 "
	    "AND day <= ?3 ORDER BY day");
	if (stmt == NULL)
		goto dberr;
	st_bind_text(stmt, 1, q->office);
	st_bind_text(stmt, 2, from);
	st_bind_text(stmt, 3, to);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct daily_figures now, *nowp = &now;
		struct daily_diff *d;
		size_t n, i;

		if (check_date(st_column_text(stmt, 0), &day, NULL, 0) != 0)
			continue;
		(*nclosed)++;
		if (daily_closing_get(st, q->office, day, &c, err, errlen) < 0) {
			sqlite3_finalize(stmt);
			return -1;
		}
		if (q->from == q->to)
			nowp = period;
		else if (daily_read(st, day, day, &now, NULL) != 0) {
			daily_free(&c.f);
			daily_free(&now);
			sqlite3_finalize(stmt);
			goto dberr;
		}
		if (q->from == q->to)
			daily_note_closing(st, r, &c);
		daily_diffs(&c.f, nowp, &d, &n);
		for (i = 0; i < n; i++) {
			char name[192], key[128], cv[24], nv[24], dv[24];
			const char *cells[6];

			if (t == NULL) {
				t = report_table_add(r, "corrections", _("Corrections of closed days"));
				report_column(t, "day", _("Day"), REPORT_LEFT);
				report_column(t, "figure", NULL, REPORT_LEFT);
				report_column(t, "name", _("Figure"), REPORT_LEFT);
				report_column(t, "closed", _("Closed"), REPORT_RIGHT);
				report_column(t, "now", _("Now"), REPORT_RIGHT);
				report_column(t, "difference", _("Difference"), REPORT_RIGHT);
			}
			daily_diff_names(st, q, &d[i], name, sizeof name, key, sizeof key);
			daily_cell(d[i].closed, cv);
			daily_cell(d[i].now, nv);
			daily_change(d[i].now, d[i].closed, dv);
			cells[0] = st_column_text(stmt, 0);
			cells[1] = key;
			cells[2] = name;
			cells[3] = cv;
			cells[4] = nv;
			cells[5] = dv;
			report_row(t, REPORT_ROW, cells);
		}
		free(d);
		daily_free(&c.f);
		if (nowp == &now)
			daily_free(&now);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		goto dberr;
	if (t != NULL)
		report_note(r, "%s", _("Corrections: changes that reached a closed day after it was "
		    "closed. The closing keeps its figures; the difference is the figure now minus "
		    "the closed one."));
	return 0;
dberr:
	snprintf(err, errlen, _("cannot read the database: %s"), store_errmsg(st));
	return -1;
}

/* Notes the days the week before is, that the figures are compared with. */
static void
daily_note_last_week(struct report *r, const struct report_query *q)
{
	char from[11], to[11];

	date_format(date_add_days(q->from, -7), from);
	date_format(date_add_days(q->to, -7), to);
	if (q->from == q->to)
		/* TRANSLATORS: the day the daily report's figures are compared with. */
		report_note(r, _("Week before: the same weekday, %s"), from);
	else
		report_note(r, _("Week before: the same days a week earlier, %s to %s"), from, to);
}

int
report_daily(struct store *st, const struct report_query *q, struct report *r, char *err,
    size_t errlen)
{
	struct daily_figures f, last;
	int rc = -1, nclosed;

	/* TRANSLATORS: the title of the daily report (日报). */
	report_init(r, "daily", _("Daily report"));
	daily_init(&f);
	daily_init(&last);
	if (report_scope(st, q->office, err, errlen) != 0)
		goto out;
	if (daily_read(st, q->from, q->to, &f, NULL) != 0 ||
	    daily_read(st, date_add_days(q->from, -7), date_add_days(q->to, -7), &last,
	    NULL) != 0) {
		snprintf(err, errlen, _("cannot read the database: %s"), store_errmsg(st));
		goto out;
	}
	report_note_query(st, r, q);
	daily_note_last_week(r, q);
	daily_render(st, r, q, &f, &last);
	/* The corrections go after the figures they correct. */
	if (daily_corrections(st, r, q, &f, &nclosed, err, errlen) != 0)
		goto out;
	if (q->from == q->to && nclosed == 0 && q->to <= q->today)
		report_note(r, "%s", _("The day is not closed."));
	else if (q->from != q->to)
		report_note(r, _("Days of the period closed: %d"), nclosed);
	rc = 0;
out:
	daily_free(&f);
	daily_free(&last);
	return rc;
}

/* A period where one day is asked for, refused: what (a close, a reprint) needs one day. */
static void
daily_period_refused(const struct report_query *q, const char *what, char *err, size_t errlen)
{
	char from[11], to[11];

	date_format(q->from, from);
	date_format(q->to, to);
	/* TRANSLATORS: what needs one day (a close of day, a reprint), the period's days. */
	snprintf(err, errlen, _("%s is of one day, not of a period (%s to %s)"), what, from, to);
}

/*
 * Refuse what a close cannot be: more than one day, a script without an
 * account. 0, or -1 with err.
 */
static int
daily_close_asked(struct store *st, const struct report_query *q, char *err, size_t errlen)
{
	if (q->from != q->to) {
		daily_period_refused(q, _("a close of day"), err, errlen);
		return -1;
	}
	if (strncmp(store_actor(st), "cli:", 4) == 0) {
		snprintf(err, errlen, "%s", _("a day is closed by a supervisor's account: name it "
		    "with --user LOGIN"));
		return -1;
	}
	return daily_close_allowed(q->to, q->today, err, errlen);
}

/*
 * Inside the transaction: the closing's record of the office's day from
 * the figures and lines counted, written with its outbox entry and
 * audited. 0, or -1 with store_errmsg.
 */
static int
daily_close_write(struct store *st, const struct report_query *q, const struct daily_figures *f,
    struct daily_lines *lines, struct daily_closing *c, int *clerks_left_out)
{
	struct fields rec = FIELDS_INIT, figures = FIELDS_INIT, clerks = FIELDS_INIT;
	char key[96], day[11], *ftext, *ctext;
	int rc;

	daily_to_fields(f, &figures, &clerks);
	ftext = wire_fields_text(&figures, 1);
	ctext = wire_fields_text(&clerks, 1);
	/* A value goes to the district whole or not at all: an office of very many clerks keeps its own. */
	*clerks_left_out = strlen(ctext) > WIRE_MAX_VALUE;
	if (*clerks_left_out) {
		log_warn("close of day: the figures of %zu clerks are too long to keep",
		    f->nclerks);
		free(ctext);
		ctext = xstrdup("{}");
	}
	daily_digest((const char **)lines->v, lines->n, c->digest);
	snprintf(c->counted, sizeof c->counted, "%zu", lines->n);
	snprintf(c->by, sizeof c->by, "%s", store_actor(st));
	store_timestamp(c->at);
	daily_closing_key(q->office, q->to, key, sizeof key);
	ident_derive(st->idkey, kind_get(KIND_CLOSING)->name, key, c->id);
	date_format(q->to, day);
	fields_set(&rec, "office", q->office);
	fields_set(&rec, "day", day);
	fields_set(&rec, "figures", ftext);
	fields_set(&rec, "clerks", ctext);
	fields_set(&rec, "counted", c->counted);
	fields_set(&rec, "digest", c->digest);
	fields_set(&rec, "created_by", c->by);
	fields_set(&rec, "closed_at", c->at);
	rc = row_create(st, kind_get(KIND_CLOSING), c->id, &rec, st_hlc_next(st)) != 0 ||
	    st_audit(st, kind_get(KIND_CLOSING)->name, c->id, "close") != 0 ? -1 : 0;
	fields_free(&rec);
	fields_free(&figures);
	fields_free(&clerks);
	free(ftext);
	free(ctext);
	return rc;
}

/* Notes a day too many clerks had to keep their figures in the closing. */
static void
daily_note_clerks_left_out(struct report *r)
{
	report_note(r, "%s", _("The figures by clerk were too many to keep in the closing: it "
	    "keeps the office's."));
}

int
report_close(struct store *st, const struct report_query *q, struct report *r, char *err,
    size_t errlen)
{
	struct daily_figures f, last;
	struct daily_lines lines = { 0 };
	struct daily_closing c, had;
	int rc = -1, found, left_out = 0;

	/* TRANSLATORS: the title of the close of day (日结). */
	report_init(r, "close", _("Close of day"));
	daily_init(&f);
	daily_init(&last);
	daily_init(&had.f);
	if (daily_close_asked(st, q, err, errlen) != 0)
		return -1;
	if (st_begin(st) != 0) {
		snprintf(err, errlen, _("the database is busy: %s"), store_errmsg(st));
		return -1;
	}
	/* Who may close comes first: a clerk is told that, whatever the day. */
	if (st_may(st, kind_get(KIND_CLOSING), AUTHORITY_CREATE, q->office, NULL, err,
	    errlen) != 0)
		goto rollback;
	/* Inside the transaction: a closing pulled or made meanwhile is seen. */
	if ((found = daily_closing_get(st, q->office, q->to, &had, err, errlen)) != 0) {
		if (found > 0) {
			char day[11], name[128], when[32];

			date_format(q->to, day);
			daily_clerk_name(st, had.by, name, sizeof name);
			daily_local_time(had.at, when, sizeof when);
			snprintf(err, errlen, _("the day %s of office %s is closed already: by %s (%s) "
			    "at %s; reprint it instead"), day, q->office, name, had.by, when);
		}
		goto rollback;
	}
	if (report_scope(st, q->office, err, errlen) != 0)
		goto rollback;
	if (daily_read(st, q->to, q->to, &f, &lines) != 0 ||
	    daily_read(st, date_add_days(q->to, -7), date_add_days(q->to, -7), &last, NULL) != 0 ||
	    daily_close_write(st, q, &f, &lines, &c, &left_out) != 0 || st_commit(st) != 0) {
		snprintf(err, errlen, _("cannot close the day: %s"), store_errmsg(st));
		goto rollback;
	}
	log_info("closing %s of office %s made: %s events", c.id, q->office, c.counted);
	report_note_query(st, r, q);
	daily_note_closing(st, r, &c);
	daily_note_last_week(r, q);
	if (left_out)
		daily_note_clerks_left_out(r);
	daily_render(st, r, q, &f, &last);
	rc = 0;
	goto out;
rollback:
	st_rollback(st);
out:
	daily_lines_free(&lines);
	daily_free(&f);
	daily_free(&last);
	daily_free(&had.f);
	return rc;
}

int
report_closed(struct store *st, const struct report_query *q, struct report *r, char *err,
    size_t errlen)
{
	struct daily_closing c;
	char day[11], now[32], when[32];
	int rc;

	/* TRANSLATORS: the title of a closed day printed again (日结, 补打). */
	report_init(r, "closed", _("Close of day - REPRINT"));
	if (q->from != q->to) {
		daily_period_refused(q, _("a reprint"), err, errlen);
		return -1;
	}
	if ((rc = daily_closing_get(st, q->office, q->to, &c, err, errlen)) <= 0) {
		if (rc == 0) {
			date_format(q->to, day);
			snprintf(err, errlen, _("the day %s of office %s is not closed: nothing to "
			    "reprint"), day, q->office);
		}
		daily_free(&c.f);
		return -1;
	}
	report_note_query(st, r, q);
	daily_note_closing(st, r, &c);
	store_timestamp(now);
	daily_local_time(now, when, sizeof when);
	/* TRANSLATORS: a reprint's mark (补打) and when it was printed. */
	report_note(r, _("REPRINT of %s: the figures as they were closed; later changes show in "
	    "the daily report as corrections"), when);
	if (c.f.nclerks == 0 && c.f.v[DAILY_SERVICES] > 0)
		daily_note_clerks_left_out(r);
	daily_render(st, r, q, &c.f, NULL);
	daily_free(&c.f);
	return 0;
}
