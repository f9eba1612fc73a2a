/*
 * The lists that need action at the end of the day (report-daily.h):
 * what is due of the persons of the office (referral outcomes, placement
 * checks, case-file contacts and steps, from the due lists the screens
 * read), registrations about to expire, the week's conflicts, the parked
 * changes, and the office's terminals that have not synced. Persons are
 * named as lists name them: by name, their ID number masked.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/report.h"
#include "common/xalloc.h"
#include "core/check.h"
#include "core/idnum.h"
#include "core/kind.h"
#include "store/casefile.h"
#include "store/referral.h"
#include "store/report-daily.h"
#include "store/report.h"
#include "store/store-int.h"
#include "store/sync.h"

/* The most lines of one list: beyond, the list says how many more there are. */
#define ACTIONS_MAX	500

/* Registrations that expire within this many days are listed. */
#define ACTIONS_EXPIRING_DAYS	7

/* Conflicts of this many days are listed. */
#define ACTIONS_CONFLICT_DAYS	7

/* The offices of temp.report_scope, in code order, read once for a list's every line. */
struct actions_scope {
	char	**office;
	size_t	 n;
};

/* Reads the offices in scope into s (freed with actions_scope_free): 0, or -1. */
static int
actions_scope_read(struct store *st, struct actions_scope *s)
{
	/* BINARY collation orders as strcmp does, which bsearch in actions_in_scope needs. */
	sqlite3_stmt *stmt = st_prepare(st, "SELECT office FROM temp.report_scope "
	    "ORDER BY office");
	int rc;

	memset(s, 0, sizeof *s);
	if (stmt == NULL)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		s->office = xreallocarray(s->office, s->n + 1, sizeof *s->office);
		s->office[s->n++] = xstrdup(st_column_text(stmt, 0));
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Frees the offices read by actions_scope_read. */
static void
actions_scope_free(struct actions_scope *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->office[i]);
	free(s->office);
	memset(s, 0, sizeof *s);
}

/* Compares an office code with an entry of the scope's array, for bsearch. */
static int
actions_scope_cmp(const void *key, const void *entry)
{
	return strcmp(key, *(char *const *)entry);
}

/* Whether office (a seeker's; "" for one not here) is in the scope. */
static int
actions_in_scope(const struct actions_scope *s, const char *office)
{
	return *office != '\0' && s->n > 0 &&
	    bsearch(office, s->office, s->n, sizeof *s->office, actions_scope_cmp) != NULL;
}

/*
 * A list's total row (合计): "total" in its code column, as report-out.h
 * promises CSV readers, the word in its first shown column and how many
 * lines in the next.
 */
static void
actions_total(struct report_table *t, size_t n)
{
	const char *cells[8] = { NULL };
	char v[24];

	snprintf(v, sizeof v, "%zu", n);
	cells[0] = "total";
	cells[1] = _("Total");
	cells[2] = v;
	report_row(t, REPORT_TOTAL, cells);
}

/* The referral outcomes and placement checks due, and the case-file contacts and steps due. */
static int
actions_due(struct store *st, struct report *r, const struct report_query *q)
{
	struct report_table *t = report_table_add(r, "due", _("Follow-ups due"));
	struct referral_hit *hits = xcalloc(ACTIONS_MAX, sizeof *hits);
	struct casefile_due *due = xcalloc(ACTIONS_MAX, sizeof *due);
	char what[160], step[24];
	const char *cells[5];
	struct actions_scope scope;
	size_t n, i, listed = 0;
	int rc = -1;

	/* What is due, as a code for scripts: outcome, check, contact, step. */
	report_column(t, "kind", NULL, REPORT_LEFT);
	report_column(t, "due", _("Due"), REPORT_LEFT);
	report_column(t, "name", _("Person"), REPORT_LEFT);
	report_column(t, "what", _("What is due"), REPORT_LEFT);
	report_column(t, "who", _("Clerk"), REPORT_LEFT);
	/*
	 * The referrals due are the terminal's; a person is the office's when
	 * registered in scope: the hit says where, the scope is read once.
	 */
	if (actions_scope_read(st, &scope) != 0 || referral_list(st, REFERRAL_DUE, NULL,
	    st->referral_due_days, hits, ACTIONS_MAX, &n) != 0)
		goto out;
	for (i = 0; i < n; i++) {
		if (!actions_in_scope(&scope, hits[i].seeker_office))
			continue;
		if (hits[i].check_month > 0)
			/* TRANSLATORS: a hire's placement check due: months, the letter's number. */
			snprintf(what, sizeof what, _("%d-month check of hire %s"),
			    hits[i].check_month, hits[i].number);
		else
			/* TRANSLATORS: a referral's outcome awaited: the letter's number, the vacancy. */
			snprintf(what, sizeof what, _("outcome of referral %s (%s)"), hits[i].number,
			    hits[i].vacancy_title);
		cells[0] = hits[i].check_month > 0 ? "check" : "outcome";
		cells[1] = hits[i].due;
		cells[2] = hits[i].seeker_name;
		cells[3] = what;
		cells[4] = "";
		report_row(t, REPORT_ROW, cells);
		listed++;
	}
	/* The supervisor's due list: the office's persons and its offices' already. */
	if (casefile_due_list(st, NULL, q->office, q->today, due, ACTIONS_MAX, &n) != 0)
		goto out;
	for (i = 0; i < n; i++) {
		if (due[i].nofile)
			/* TRANSLATORS: a person in hardship status whose case file is not made yet. */
			snprintf(what, sizeof what, "%s", _("case file: not made yet"));
		else if (due[i].step > 0) {
			snprintf(step, sizeof step, "%d", due[i].step);
			/* TRANSLATORS: a step of a hardship person's assistance plan is due. */
			snprintf(what, sizeof what, _("case file: step %s of the plan"), step);
		} else
			snprintf(what, sizeof what, "%s", _("case file: contact"));
		cells[0] = due[i].nofile ? "no_case_file" : due[i].step > 0 ? "step" : "contact";
		cells[1] = due[i].due;
		cells[2] = due[i].name;
		cells[3] = what;
		cells[4] = due[i].caseworker;
		report_row(t, REPORT_ROW, cells);
		listed++;
	}
	actions_total(t, listed);
	rc = 0;
out:
	actions_scope_free(&scope);
	free(hits);
	free(due);
	return rc;
}

/* The registrations of the office that stop being valid within the next days. */
static int
actions_expiring(struct store *st, struct report *r, const struct report_query *q)
{
	struct report_table *t = report_table_add(r, "expiring",
	    _("Registrations expiring in the next 7 days"));
	const struct kind *k = kind_get(KIND_SEEKER);
	char from[11], to[11], masked[24];
	const char *cells[5];
	sqlite3_stmt *stmt;
	size_t i, listed = 0;
	int rc, param = 3;

	report_column(t, "office", NULL, REPORT_LEFT);
	report_column(t, "valid_until", _("Valid until"), REPORT_LEFT);
	report_column(t, "name", _("Person"), REPORT_LEFT);
	report_column(t, "id_number", _("ID number"), REPORT_LEFT);
	date_format(q->today, from);
	date_format(date_add_days(q->today, ACTIONS_EXPIRING_DAYS - 1), to);
	/* The statuses that lapse are the kind's: registered and renewed. */
	stmt = st_prepare(st, "SELECT valid_until, name, coalesce(id_number, ''), office FROM seeker "
	    "WHERE valid_until >= ?1 AND valid_until <= ?2 AND deleted = 0 "
	    "AND status IN (?3, ?4) AND office IN (SELECT office FROM temp.report_scope) "
	    "ORDER BY valid_until, name LIMIT ?5");
	if (stmt == NULL)
		return -1;
	st_bind_text(stmt, 1, from);
	st_bind_text(stmt, 2, to);
	for (i = 0; i < k->nstatuses && param <= 4; i++)
		if (k->statuses[i].lapses)
			st_bind_text(stmt, param++, k->statuses[i].value);
	st_bind_int(stmt, 5, ACTIONS_MAX);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *idn = st_column_text(stmt, 2);

		/* A list never shows an ID number whole. */
		if (*idn != '\0')
			idnum_mask(idn, masked, sizeof masked);
		else
			masked[0] = '\0';
		cells[0] = st_column_text(stmt, 3);
		cells[1] = st_column_text(stmt, 0);
		cells[2] = st_column_text(stmt, 1);
		cells[3] = masked;
		report_row(t, REPORT_ROW, cells);
		listed++;
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return -1;
	actions_total(t, listed);
	return 0;
}

/* The conflicts of the last days: which record's field lost a value, not the values. */
static int
actions_conflicts(struct store *st, struct report *r, const struct report_query *q)
{
	struct report_table *t = report_table_add(r, "conflicts",
	    _("Conflicts of the last 7 days to review"));
	struct store_conflict *c = xcalloc(ACTIONS_MAX, sizeof *c);
	char since[32], day[11];
	const char *cells[5];
	size_t n, i, listed = 0;
	const struct kind *k;

	report_column(t, "tbl", NULL, REPORT_LEFT);
	report_column(t, "at", _("When"), REPORT_LEFT);
	report_column(t, "record", _("Record"), REPORT_LEFT);
	report_column(t, "label", _("Name"), REPORT_LEFT);
	report_column(t, "field", _("Field"), REPORT_LEFT);
	st_day_start(date_add_days(q->today, -(ACTIONS_CONFLICT_DAYS - 1)), since);
	if (store_conflicts(st, c, ACTIONS_MAX, &n) != 0) {
		free(c);
		return -1;
	}
	/* Newest first: the list ends at the first older than the week. */
	for (i = 0; i < n && strcmp(c[i].at, since) >= 0; i++) {
		snprintf(day, sizeof day, "%.10s", c[i].at);
		k = kind_find(c[i].tbl);
		cells[0] = c[i].tbl;
		cells[1] = day;
		cells[2] = k != NULL && k->label != NULL ? _(k->label) : c[i].tbl;
		cells[3] = c[i].label;
		cells[4] = c[i].field;
		report_row(t, REPORT_ROW, cells);
		listed++;
	}
	actions_total(t, listed);
	free(c);
	return 0;
}

/* The changes the district refused (parked) that no one has dismissed yet. */
static int
actions_parked(struct store *st, struct report *r)
{
	struct report_table *t = report_table_add(r, "parked", _("Changes the district parked"));
	struct store_rejection *p = xcalloc(ACTIONS_MAX, sizeof *p);
	const char *cells[5];
	char day[11];
	size_t n, i;
	const struct kind *k;

	report_column(t, "tbl", NULL, REPORT_LEFT);
	report_column(t, "at", _("When"), REPORT_LEFT);
	report_column(t, "record", _("Record"), REPORT_LEFT);
	report_column(t, "label", _("Name"), REPORT_LEFT);
	report_column(t, "reason", _("Why"), REPORT_LEFT);
	if (store_rejections(st, p, ACTIONS_MAX, &n) != 0) {
		free(p);
		return -1;
	}
	for (i = 0; i < n; i++) {
		snprintf(day, sizeof day, "%.10s", p[i].at);
		k = kind_find(p[i].tbl);
		cells[0] = p[i].tbl;
		cells[1] = day;
		cells[2] = k != NULL && k->label != NULL ? _(k->label) : p[i].tbl;
		cells[3] = p[i].label;
		cells[4] = p[i].reason;
		report_row(t, REPORT_ROW, cells);
	}
	actions_total(t, n);
	free(p);
	return 0;
}

/* The office's terminals whose last sync is the configured days ago or more, or never. */
static int
actions_terminals(struct store *st, struct report *r, const struct report_query *q)
{
	struct report_table *t;
	char title[160], cutoff[11], days[24], number[32];
	const char *cells[5];
	sqlite3_stmt *stmt;
	size_t listed = 0;
	int rc, last;

	/* TRANSLATORS: the list of terminals; the configured days ([report] terminal_silent_days). */
	snprintf(title, sizeof title, _("Terminals not synced for %d days or more"),
	    st->terminal_silent_days);
	t = report_table_add(r, "terminals", title);
	report_column(t, "terminal", NULL, REPORT_LEFT);
	report_column(t, "number", _("Terminal"), REPORT_LEFT);
	report_column(t, "office", _("Office"), REPORT_LEFT);
	report_column(t, "last_sync", _("Last sync"), REPORT_LEFT);
	report_column(t, "days", _("Days"), REPORT_RIGHT);
	date_format(date_add_days(q->today, -st->terminal_silent_days), cutoff);
	stmt = st_prepare(st, "SELECT number, office, last_sync, id FROM terminal "
	    "WHERE office IN (SELECT office FROM temp.report_scope) AND last_sync <= ?1 "
	    "ORDER BY last_sync, office, CAST(number AS INTEGER) LIMIT ?2");
	if (stmt == NULL)
		return -1;
	st_bind_text(stmt, 1, cutoff);
	st_bind_int(stmt, 2, ACTIONS_MAX);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *on = st_column_text(stmt, 2);

		/* A terminal's short number, as its referral letters carry it. */
		snprintf(number, sizeof number, "T%s", st_column_text(stmt, 0));
		if (check_date(on, &last, NULL, 0) == 0)
			snprintf(days, sizeof days, "%ld",
			    date_to_days(q->today) - date_to_days(last));
		else
			days[0] = '\0';
		cells[0] = st_column_text(stmt, 3);
		cells[1] = number;
		cells[2] = st_column_text(stmt, 1);
		cells[3] = *on != '\0' ? on : _("never");
		cells[4] = days;
		report_row(t, REPORT_ROW, cells);
		listed++;
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return -1;
	actions_total(t, listed);
	return 0;
}

int
report_actions(struct store *st, const struct report_query *q, struct report *r, char *err,
    size_t errlen)
{
	/* TRANSLATORS: the title of the end of day's lists that need action. */
	report_init(r, "actions", _("Lists that need action"));
	if (report_scope(st, q->office, err, errlen) != 0)
		return -1;
	report_note_query(st, r, q);
	if (actions_due(st, r, q) != 0 || actions_expiring(st, r, q) != 0 ||
	    actions_conflicts(st, r, q) != 0 || actions_parked(st, r) != 0 ||
	    actions_terminals(st, r, q) != 0) {
		snprintf(err, errlen, _("cannot read the database: %s"), store_errmsg(st));
		return -1;
	}
	return 0;
}
