/*
 * The subsidy roster (花名册): the placements of a period through a free
 * referral by an office and the offices under it, with the evidence a
 * 职业介绍补贴 claim needs, and apart the ones a rule holds back
 * (core/roster.h). It reads only what every terminal of the district
 * holds alike after a sync (referrals, placement checks, the services'
 * ledger, the people and employers they name), never a terminal's own
 * state, so that any terminal gives the same roster; and it decides the
 * rules over the whole district's referrals of the people placed, so that
 * a street office's roster is exactly its part of the district's.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/report.h"
#include "common/xalloc.h"
#include "core/check.h"
#include "core/roster.h"
#include "core/service.h"
#include "store/referral.h"
#include "store/report.h"
#include "store/row.h"
#include "store/service.h"
#include "store/store-int.h"

/* A referral of a person placed in the period, as read; r->... point into it. */
struct roster_item {
	char	id[IDENT_LEN + 1];
	char	seeker[IDENT_LEN + 1];		/* the person as the referral names them */
	char	person[IDENT_LEN + 1];		/* the person's record after merges */
	char	employer[IDENT_LEN + 1];	/* the employer's, after merges */
	char	number[REFERRAL_NUMBER_LEN];
	char	office[32];
	char	basis[SERVICE_WORD_LEN];	/* of its referral service, a hire's */
	int	in_scope;			/* referred by the office or one under it */
};

/* The referrals read: items and their rules' view, side by side. */
struct roster_set {
	struct roster_item	*items;
	struct roster_referral	*refs;
	size_t			 n, cap;
};

/* A YYYY-MM-DD text as YYYYMMDD, 0 for none or not a date. */
static int
roster_day(const char *s)
{
	int ymd;

	return *s != '\0' && check_date(s, &ymd, NULL, 0) == 0 ? ymd : 0;
}

/* A day as YYYY-MM-DD into out, "" for 0. */
static void
roster_day_text(int ymd, char out[11])
{
	if (ymd > 0)
		date_format(ymd, out);
	else
		out[0] = '\0';
}

/*
 * Fill temp.roster_person(id, person) with every record of the people
 * placed in the period by an office of the scope: the records the hires
 * name, each mapped to the record it was merged into (the person), and
 * every record merged into those, so that a person's referrals under an
 * older record count as theirs. 0 or -1.
 */
static int
roster_persons(struct store *st, const struct report_query *q)
{
	const struct kind *seeker = kind_get(KIND_SEEKER);
	char from[11], to[11], live[IDENT_LEN + 1], **gone = NULL;
	size_t ngone = 0, i;
	sqlite3_stmt *stmt;
	int rc = -1;

	if (st_exec(st, "CREATE TEMP TABLE IF NOT EXISTS roster_person (id TEXT PRIMARY KEY, "
	    "person TEXT NOT NULL) WITHOUT ROWID") != 0 ||
	    st_exec(st, "DELETE FROM temp.roster_person") != 0)
		return -1;
	date_format(q->from, from);
	date_format(q->to, to);
	stmt = st_prepare(st, "INSERT OR IGNORE INTO temp.roster_person (id, person) "
	    "SELECT r.seeker_id, r.seeker_id FROM referral r WHERE r.status = 'hired' "
	    "AND r.deleted = 0 AND r.outcome_on >= ?1 AND r.outcome_on <= ?2 "
	    "AND r.office IN (SELECT office FROM temp.report_scope)");
	st_bind_text(stmt, 1, from);
	st_bind_text(stmt, 2, to);
	if (st_step_done(st, stmt) != 0)
		return -1;
	/* Records merged away (few): the person is the record at the end of the redirects. */
	stmt = st_prepare(st, "SELECT p.id FROM temp.roster_person p JOIN seeker s ON s.id = p.id "
	    "WHERE s.replaced_by IS NOT NULL");
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		gone = xreallocarray(gone, ngone + 1, sizeof *gone);
		gone[ngone++] = xstrdup(st_column_text(stmt, 0));
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		goto out;
	rc = -1;
	for (i = 0; i < ngone; i++) {
		int found = row_resolve(st, seeker, gone[i], live);

		if (found < 0)
			goto out;
		if (found == 0)
			continue;
		stmt = st_stmt(st, "UPDATE temp.roster_person SET person = ?2 WHERE id = ?1");
		st_bind_text(stmt, 1, gone[i]);
		st_bind_text(stmt, 2, live);
		if (st_stmt_step_done(st, stmt) != 0)
			goto out;
	}
	/* Each person's own record, and the records merged into it, as far as redirects go. */
	stmt = st_prepare(st, "INSERT OR IGNORE INTO temp.roster_person (id, person) "
	    "WITH RECURSIVE down(id, person, depth) AS ("
	    "SELECT DISTINCT person, person, 0 FROM temp.roster_person UNION "
	    "SELECT s.id, d.person, d.depth + 1 FROM down d JOIN seeker s ON s.replaced_by = d.id "
	    "WHERE d.depth < ?1) SELECT id, person FROM down");
	st_bind_int(stmt, 1, ROW_REDIRECT_MAX);
	rc = st_step_done(st, stmt);
out:
	for (i = 0; i < ngone; i++)
		free(gone[i]);
	free(gone);
	return rc;
}

/* Room for one more referral in s; the new item, zeroed. */
static struct roster_item *
roster_add(struct roster_set *s)
{
	if (s->n == s->cap) {
		s->cap = s->cap > 0 ? 2 * s->cap : 256;
		s->items = xreallocarray(s->items, s->cap, sizeof *s->items);
		s->refs = xreallocarray(s->refs, s->cap, sizeof *s->refs);
	}
	memset(&s->items[s->n], 0, sizeof s->items[s->n]);
	memset(&s->refs[s->n], 0, sizeof s->refs[s->n]);
	return &s->items[s->n++];
}

/*
 * Read every referral of the people in temp.roster_person made up to the
 * period's end (the later ones decide nothing the period shows), with
 * the ledger's word on each hire: free, paid, or not there. 0 or -1.
 */
static int
roster_load(struct store *st, const struct report_query *q, struct roster_set *s)
{
	const struct kind *employer = kind_get(KIND_EMPLOYER);
	char to[11], event[IDENT_LEN + 1], live[IDENT_LEN + 1];
	sqlite3_stmt *stmt, *ledger;
	size_t i;
	int rc;

	date_format(q->to, to);
	stmt = st_prepare(st, "SELECT r.id, r.number, r.seeker_id, p.person, r.employer_id, "
	    "m.replaced_by IS NOT NULL, r.office, r.status, r.registered_on, r.outcome_on, "
	    "r.office IN (SELECT office FROM temp.report_scope) "
	    "FROM temp.roster_person p JOIN referral r ON r.seeker_id = p.id "
	    "LEFT JOIN employer m ON m.id = r.employer_id "
	    "WHERE r.deleted = 0 AND r.registered_on <= ?1");
	st_bind_text(stmt, 1, to);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct roster_item *it = roster_add(s);
		const char *status = st_column_text(stmt, 7);

		snprintf(it->id, sizeof it->id, "%s", st_column_text(stmt, 0));
		snprintf(it->number, sizeof it->number, "%s", st_column_text(stmt, 1));
		snprintf(it->seeker, sizeof it->seeker, "%s", st_column_text(stmt, 2));
		snprintf(it->person, sizeof it->person, "%s", st_column_text(stmt, 3));
		snprintf(it->employer, sizeof it->employer, "%s", st_column_text(stmt, 4));
		/* An employer merged away: its survivor (rare, so one lookup each). */
		if (sqlite3_column_int(stmt, 5) != 0 &&
		    row_resolve(st, employer, st_column_text(stmt, 4), live) == 1)
			snprintf(it->employer, sizeof it->employer, "%s", live);
		snprintf(it->office, sizeof it->office, "%s", st_column_text(stmt, 6));
		it->in_scope = sqlite3_column_int(stmt, 10);
		s->refs[s->n - 1].referred = roster_day(st_column_text(stmt, 8));
		if (strcmp(status, "hired") == 0) {
			s->refs[s->n - 1].state = ROSTER_HIRED;
			s->refs[s->n - 1].hired = roster_day(st_column_text(stmt, 9));
		} else
			s->refs[s->n - 1].state = strcmp(status, "issued") == 0 ? ROSTER_OPEN :
			    ROSTER_CLOSED;
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return -1;
	/* A hire's referral service, found by the id every terminal derives for it. */
	ledger = st_stmt(st, "SELECT free, basis FROM service_event WHERE id = ?1");
	for (i = 0, rc = SQLITE_DONE; i < s->n && rc != -1; i++) {
		struct roster_referral *r = &s->refs[i];
		struct roster_item *it = &s->items[i];

		r->number = it->number;
		r->person = it->person;
		r->employer = it->employer;
		r->office = it->office;
		if (r->state != ROSTER_HIRED)
			continue;
		st_service_id(st, "referral", it->seeker, it->id, event);
		st_bind_text(ledger, 1, event);
		if ((rc = sqlite3_step(ledger)) == SQLITE_ROW) {
			r->ledger = sqlite3_column_int(ledger, 0) ? ROSTER_FREE : ROSTER_PAID;
			snprintf(it->basis, sizeof it->basis, "%s", st_column_text(ledger, 1));
		} else if (rc == SQLITE_DONE)
			r->ledger = ROSTER_UNKNOWN;
		else
			rc = -1;
		sqlite3_reset(ledger);
	}
	st_stmt_done(st, ledger);
	return rc == -1 ? -1 : 0;
}

/* The roster's columns (the same keys in both tables, so that CSV has one header row). */
static void
roster_columns(struct report_table *t, int apart)
{
	static const char *const checks[ROSTER_NCHECKS][2] = {
		{ "check1", "check1_on" }, { "check3", "check3_on" }, { "check6", "check6_on" },
	};
	size_t m;

	/* TRANSLATORS: the roster's column of referral letter numbers. */
	report_column(t, "number", _("Letter"), REPORT_LEFT);
	report_column_flags(t, REPORT_COL_WHOLE);
	report_column(t, "name", _("Name"), REPORT_LEFT);
	/* The ID number and the credit code whole: the claim's file, not the screen's. */
	report_column(t, "id_number", NULL, REPORT_LEFT);
	report_column(t, "employer_uscc", NULL, REPORT_LEFT);
	report_column(t, "employer", apart ? NULL : _("Employer"), REPORT_LEFT);
	report_column(t, "referred_on", NULL, REPORT_LEFT);
	/* TRANSLATORS: the roster's column of hire dates. */
	report_column(t, "hired_on", apart ? NULL : _("Hired"), REPORT_LEFT);
	report_column_flags(t, REPORT_COL_WHOLE);
	for (m = 0; m < ROSTER_NCHECKS; m++) {
		report_column(t, checks[m][0], NULL, REPORT_LEFT);
		report_column(t, checks[m][1], NULL, REPORT_LEFT);
	}
	if (!apart) {
		/* TRANSLATORS: the roster's short column of the 1-, 3- and 6-month checks. */
		report_column(t, "checks", _("Checks 1/3/6"), REPORT_LEFT);
		report_column_flags(t, REPORT_COL_TEXT | REPORT_COL_WHOLE);
	}
	report_column(t, "basis", NULL, REPORT_LEFT);
	report_column(t, "office", NULL, REPORT_LEFT);
	report_column(t, "rule", NULL, REPORT_LEFT);
	/* TRANSLATORS: the column of the rule a placement held back from the roster fails. */
	report_column(t, "reason", apart ? _("Rule") : NULL, REPORT_LEFT);
	/* TRANSLATORS: the letter that holds a placement back (an earlier claim, the first referral). */
	report_column(t, "before", apart ? _("Letter before") : NULL, REPORT_LEFT);
	report_column_flags(t, REPORT_COL_WHOLE);
}

/* The number of the roster's columns (roster_columns of the roster; one fewer apart). */
#define ROSTER_NCOLS	19

/* A check's words: the CSV's, and the short one of the text's column. */
static const char *
roster_check_words(enum roster_check c, int brief)
{
	switch (c) {
	case ROSTER_CHECK_INSURED:
		/* TRANSLATORS: the roster's short word for a check: employed and insured. */
		return brief ? _("ins") : _("employed, insured");
	case ROSTER_CHECK_EMPLOYED:
		/* TRANSLATORS: the roster's short word for a check: employed, not insured. */
		return brief ? _("emp") : _("employed, not insured");
	case ROSTER_CHECK_LEFT:
		/* TRANSLATORS: the roster's short word for a check: no longer employed. */
		return brief ? _("left") : _("not employed");
	case ROSTER_CHECK_DUE:
		/* TRANSLATORS: the roster's short word for a check whose day has come, not made. */
		return brief ? _("due") : _("due, not made");
	case ROSTER_CHECK_LATER:
		break;
	}
	return brief ? "-" : "";
}

/* The code and the words of a rule a placement fails. */
static void
roster_rule(enum roster_verdict v, const char **code, const char **words)
{
	switch (v) {
	case ROSTER_EMPLOYER_AGAIN:
		*code = "employer_once";
		/* TRANSLATORS: held back: the person was on the roster with this employer before. */
		*words = _("same employer before");
		break;
	case ROSTER_YEAR_AGAIN:
		*code = "once_a_year";
		/* TRANSLATORS: held back: the person was on the roster earlier this year. */
		*words = _("already this year");
		break;
	case ROSTER_NOT_FIRST:
		*code = "first_office";
		/* TRANSLATORS: held back: another office referred the person to the employer first. */
		*words = _("referred first by");
		break;
	default:
		*code = "no_ledger";
		/* TRANSLATORS: held back: the hire's referral service is not in the services' ledger. */
		*words = _("not in the ledger");
		break;
	}
}

/*
 * One row of the roster or of the placements held back: the person and
 * the employer as their records say now, the checks made on the
 * referral (the latest of each month) or when they are due. 0 or -1.
 */
static int
roster_row(struct store *st, const struct report_query *q, struct report_table *t,
    const struct roster_set *s, size_t i)
{
	const struct roster_item *it = &s->items[i];
	const struct roster_referral *r = &s->refs[i];
	char name[128] = "", idnum[32] = "", uscc[32] = "", emp[256] = "", referred[11],
	    hired[11], on[ROSTER_NCHECKS][11], checks[64] = "", basis[128] = "";
	int made[ROSTER_NCHECKS] = { 0 }, employed[ROSTER_NCHECKS] = { 0 },
	    insured[ROSTER_NCHECKS] = { 0 };
	const char *cells[ROSTER_NCOLS], *rule = "", *words = "";
	sqlite3_stmt *stmt;
	size_t m, c = 0;
	int rc;

	stmt = st_stmt(st, "SELECT name, coalesce(id_number, '') FROM seeker WHERE id = ?1");
	st_bind_text(stmt, 1, it->person);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		snprintf(name, sizeof name, "%s", st_column_text(stmt, 0));
		snprintf(idnum, sizeof idnum, "%s", st_column_text(stmt, 1));
	}
	st_stmt_done(st, stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -1;
	stmt = st_stmt(st, "SELECT coalesce(uscc, ''), name FROM employer WHERE id = ?1");
	st_bind_text(stmt, 1, it->employer);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		snprintf(uscc, sizeof uscc, "%s", st_column_text(stmt, 0));
		snprintf(emp, sizeof emp, "%s", st_column_text(stmt, 1));
	}
	st_stmt_done(st, stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -1;
	/* A later check of a month stands over an earlier one. */
	stmt = st_stmt(st, "SELECT month, checked_on, employed, insured FROM placement_check "
	    "WHERE referral_id = ?1 ORDER BY at, id");
	st_bind_text(stmt, 1, it->id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		long month = strtol(st_column_text(stmt, 0), NULL, 10);

		for (m = 0; m < ROSTER_NCHECKS; m++)
			if (roster_check_months[m] == month) {
				made[m] = 1;
				snprintf(on[m], sizeof on[m], "%s", st_column_text(stmt, 1));
				employed[m] = sqlite3_column_int(stmt, 2);
				insured[m] = sqlite3_column_int(stmt, 3);
			}
	}
	st_stmt_done(st, stmt);
	if (rc != SQLITE_DONE)
		return -1;
	roster_day_text(r->referred, referred);
	roster_day_text(r->hired, hired);
	if (r->ledger == ROSTER_FREE)
		service_basis_name(st, it->basis, q->chinese, basis, sizeof basis);
	if (r->verdict != ROSTER_CLAIM)
		roster_rule(r->verdict, &rule, &words);
	cells[c++] = it->number;
	cells[c++] = name;
	cells[c++] = idnum;
	cells[c++] = uscc;
	cells[c++] = emp;
	cells[c++] = referred;
	cells[c++] = hired;
	for (m = 0; m < ROSTER_NCHECKS; m++) {
		int due = roster_check_due(r->hired, roster_check_months[m]);
		enum roster_check state = roster_check_state(made[m], employed[m], insured[m],
		    due, q->today);
		size_t len = strlen(checks);

		if (!made[m])
			roster_day_text(due, on[m]);
		cells[c++] = roster_check_words(state, 0);
		cells[c++] = on[m];
		snprintf(checks + len, sizeof checks - len, "%s%s", m > 0 ? " " : "",
		    roster_check_words(state, 1));
	}
	if (r->verdict == ROSTER_CLAIM)
		cells[c++] = checks;
	cells[c++] = basis;
	cells[c++] = it->office;
	cells[c++] = rule;
	cells[c++] = words;
	cells[c++] = r->verdict >= ROSTER_EMPLOYER_AGAIN ? s->items[r->because].number : "";
	if (c != t->ncols)
		fatalx("roster_row: %zu cells for %zu columns", c, t->ncols);
	report_row(t, REPORT_ROW, cells);
	return 0;
}

/* qsort: shown referrals (pointers into a set's refs) by hire date, referral date, letter. */
static int
roster_shown_cmp(const void *a, const void *b)
{
	const struct roster_referral *x = *(const struct roster_referral *const *)a;
	const struct roster_referral *y = *(const struct roster_referral *const *)b;

	if (x->hired != y->hired)
		return x->hired < y->hired ? -1 : 1;
	if (x->referred != y->referred)
		return x->referred < y->referred ? -1 : 1;
	return strcmp(x->number, y->number);
}

/* qsort of C strings. */
static int
roster_str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * Audit the roster as a view of each person it names, once each: it is
 * an export of personal data (their ID numbers whole in CSV and JSON).
 */
static int
roster_audit(struct store *st, const struct roster_set *s, struct roster_referral *const *shown,
    size_t n)
{
	const char **ids = xcalloc(n > 0 ? n : 1, sizeof *ids);
	size_t i;
	int rc = 0;

	for (i = 0; i < n; i++)
		ids[i] = s->items[shown[i] - s->refs].person;
	qsort(ids, n, sizeof *ids, roster_str_cmp);
	for (i = 0; i < n && rc == 0; i++)
		if (i == 0 || strcmp(ids[i], ids[i - 1]) != 0)
			rc = st_audit(st, kind_get(KIND_SEEKER)->name, ids[i], "roster");
	free(ids);
	return rc;
}

int
report_roster(struct store *st, const struct report_query *q, struct report *r, char *err,
    size_t errlen)
{
	struct roster_set s;
	struct report_table *claims, *apart;
	struct roster_referral **shown = NULL;
	size_t nshown = 0, nclaims = 0, i;
	int rc = -1;

	memset(&s, 0, sizeof s);
	/* TRANSLATORS: the title of the subsidy roster (花名册). */
	report_init(r, "roster", _("Subsidy roster: placements through a free referral"));
	if (st_begin(st) != 0) {
		snprintf(err, errlen, _("the database is busy: %s"), store_errmsg(st));
		return -1;
	}
	if (report_scope(st, q->office, err, errlen) != 0)
		goto fail;
	if (roster_persons(st, q) != 0 || roster_load(st, q, &s) != 0)
		goto dberr;
	roster_decide(s.refs, s.n);
	/* The period's placements by the offices asked for, on either list. */
	shown = xcalloc(s.n > 0 ? s.n : 1, sizeof *shown);
	for (i = 0; i < s.n; i++)
		if (s.refs[i].verdict != ROSTER_NONE && s.items[i].in_scope &&
		    s.refs[i].hired >= q->from && s.refs[i].hired <= q->to) {
			shown[nshown++] = &s.refs[i];
			nclaims += s.refs[i].verdict == ROSTER_CLAIM;
		}
	qsort(shown, nshown, sizeof *shown, roster_shown_cmp);

	report_note_query(st, r, q);
	report_note(r, _("Hired in the period through a free referral: %zu on the roster, "
	    "%zu held back by a rule."), nclaims, nshown - nclaims);
	report_note(r, "%s", _("Checks after 1, 3 and 6 months: ins employed and insured, emp "
	    "employed, left no longer employed, due not made, - not due yet."));
	claims = report_table_add(r, "roster", _("On the roster"));
	roster_columns(claims, 0);
	apart = report_table_add(r, "held_back", _("Held back by a rule"));
	roster_columns(apart, 1);
	for (i = 0; i < nshown; i++)
		if (roster_row(st, q, shown[i]->verdict == ROSTER_CLAIM ? claims : apart, &s,
		    (size_t)(shown[i] - s.refs)) != 0)
			goto dberr;
	if (roster_audit(st, &s, shown, nshown) != 0 || st_commit(st) != 0)
		goto dberr;
	rc = 0;
	goto out;
dberr:
	snprintf(err, errlen, _("cannot read the roster: %s"), store_errmsg(st));
fail:
	st_rollback(st);
out:
	free(shown);
	free(s.items);
	free(s.refs);
	return rc;
}
