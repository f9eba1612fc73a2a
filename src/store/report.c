/*
 * The supervisors' reports by name, the period they default to, the
 * offices a report counts, and the services report. Each other report
 * has a file of its own (report-<name>.c) and a row in report_kinds.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "common/i18n.h"
#include "common/report.h"
#include "core/check.h"
#include "store/report-daily.h"
#include "store/report.h"
#include "store/service.h"
#include "store/store-int.h"

/* In the order a supervisor works through the end of the day. */
const struct report_kind report_kinds[] = {
	{ .name = "daily", .label = N_("Daily report: the office and each clerk"),
	  .build = report_daily, .period = REPORT_PERIOD_DAY },
	{ .name = "actions", .label = N_("Lists that need action"),
	  .build = report_actions, .period = REPORT_PERIOD_DAY },
	{ .name = "close", .label = N_("Close of day: freeze the day's figures"),
	  .build = report_close, .period = REPORT_PERIOD_DAY, .acts = 1 },
	{ .name = "closed", .label = N_("Reprint a closed day"),
	  .build = report_closed, .period = REPORT_PERIOD_DAY },
	{ .name = "services", .label = N_("Services given: by type and by free basis"),
	  .build = report_services, .period = REPORT_PERIOD_DAY },
	{ .name = "supply-demand",
	  .label = N_("Supply and demand: demand, seekers and their ratio"),
	  .build = report_supply_demand,
	  .period = REPORT_PERIOD_MONTH, .by = report_supply_by },
	{ .name = "roster", .label = N_("Subsidy roster (placements through a free referral)"),
	  .build = report_roster, .period = REPORT_PERIOD_MONTH },
};
const size_t n_report_kinds = sizeof report_kinds / sizeof report_kinds[0];

const struct report_kind *
report_kind_find(const char *name)
{
	size_t i;

	for (i = 0; i < n_report_kinds; i++)
		if (strcmp(report_kinds[i].name, name) == 0)
			return &report_kinds[i];
	return NULL;
}

void
report_query_period(struct report_query *q, enum report_period period)
{
	if (q->to == 0)
		q->to = q->from != 0 && q->from > q->today ? q->from : q->today;
	if (q->from != 0)
		return;
	switch (period) {
	case REPORT_PERIOD_DAY:
		q->from = q->to;
		break;
	case REPORT_PERIOD_MONTH:
		q->from = q->to / 100 * 100 + 1;
		break;
	}
}

/*
 * The offices under root are found by following parents down from it, in
 * one recursive query; a cycle in a hand-edited office table cannot loop
 * since UNION keeps each office once.
 */
int
report_scope(struct store *st, const char *root, char *err, size_t errlen)
{
	sqlite3_stmt *stmt;

	if (st_exec(st, "CREATE TEMP TABLE IF NOT EXISTS report_scope "
	    "(office TEXT PRIMARY KEY) WITHOUT ROWID") != 0 ||
	    st_exec(st, "DELETE FROM temp.report_scope") != 0)
		goto fail;
	stmt = st_prepare(st, "INSERT INTO temp.report_scope (office) "
	    "WITH RECURSIVE under(code) AS (SELECT ?1 UNION "
	    "SELECT office.code FROM office JOIN under ON office.parent = under.code) "
	    "SELECT code FROM under");
	if (stmt == NULL)
		goto fail;
	st_bind_text(stmt, 1, root);
	if (st_step_done(st, stmt) != 0)
		goto fail;
	return 0;
fail:
	snprintf(err, errlen, _("cannot find the offices under %s: %s"), root, store_errmsg(st));
	return -1;
}

void
report_note_query(struct store *st, struct report *r, const struct report_query *q)
{
	char name[256], from[11], to[11];

	if (st_first_text(st, "SELECT name FROM office WHERE code = ?1", q->office, name,
	    sizeof name) != 0)
		name[0] = '\0';
	/* TRANSLATORS: a report's office: its name, its code; the offices under it count too. */
	report_note(r, _("Office: %s %s, with the offices under it"), name, q->office);
	date_format(q->from, from);
	date_format(q->to, to);
	if (q->from == q->to)
		report_note(r, _("Day: %s"), from);
	else
		report_note(r, _("Period: %s to %s"), from, to);
}

/* Adds a table of service totals (by type or by basis) with its total row. */
static void
report_services_table(struct store *st, struct report *r, const char *key, const char *title,
    const char *label, const struct service_total *t, size_t n, int types, int chinese,
    long count, long free_count)
{
	struct report_table *tab = report_table_add(r, key, title);
	char name[128], given[24], free_n[24];
	const char *cells[4];
	size_t i;

	report_column(tab, types ? "type" : "basis", NULL, REPORT_LEFT);
	report_column(tab, "name", label, REPORT_LEFT);
	report_column(tab, "given", _("Given"), REPORT_RIGHT);
	report_column(tab, "free", _("Free"), REPORT_RIGHT);
	tab->chart_col = 2;
	for (i = 0; i < n; i++) {
		if (types)
			service_type_name(st, t[i].key, chinese, name, sizeof name);
		else
			service_basis_name(st, t[i].key, chinese, name, sizeof name);
		snprintf(given, sizeof given, "%ld", t[i].count);
		snprintf(free_n, sizeof free_n, "%ld", t[i].free_count);
		cells[0] = t[i].key;
		cells[1] = name;
		cells[2] = given;
		cells[3] = free_n;
		report_row(tab, REPORT_ROW, cells);
	}
	snprintf(given, sizeof given, "%ld", count);
	snprintf(free_n, sizeof free_n, "%ld", free_count);
	/*
	 * The code column says "total", as report-out.h promises CSV readers: the
	 * name is translated, and the services without a basis have the code "".
	 */
	cells[0] = "total";
	/* TRANSLATORS: the total row of a report's table (合计). */
	cells[1] = _("Total");
	cells[2] = given;
	cells[3] = free_n;
	report_row(tab, REPORT_TOTAL, cells);
}

int
report_services(struct store *st, const struct report_query *q, struct report *r, char *err,
    size_t errlen)
{
	struct service_totals t;

	/* TRANSLATORS: the title of the services report. */
	report_init(r, "services", _("Services given"));
	if (service_office_totals(st, q->office, q->from, q->to, &t) != 0) {
		snprintf(err, errlen, _("cannot total the services: %s"), store_errmsg(st));
		return -1;
	}
	report_note_query(st, r, q);
	report_services_table(st, r, "by_type", _("By service type"), _("Service"), t.by_type,
	    t.ntype, 1, q->chinese, t.count, t.free_count);
	report_services_table(st, r, "by_basis", _("By free basis"), _("Basis"), t.by_basis,
	    t.nbasis, 0, q->chinese, t.count, t.free_count);
	service_totals_free(&t);
	return 0;
}
