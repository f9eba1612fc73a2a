/*
 * The services clerks gave (免费服务台账): the clerk's own day, and for a
 * supervisor the office's period, totalled by service type and by the
 * basis of free services, with a total row (合计). The ledger is read from
 * the service events as they are; nothing here is a copy of them. The
 * office's totals are the services report's (store/report.h), laid out
 * in two columns: the screen, the end of day's report and `jobdesk report
 * services` cannot disagree.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/report.h"
#include "common/xalloc.h"
#include "core/check.h"
#include "store/report.h"
#include "store/service.h"
#include "store/store.h"
#include "ui/lineedit.h"
#include "ui/ui.h"
#include "ui/widget-list.h"

#define LEDGER_DAY_TOP		4
#define LEDGER_DAY_ROWS		16	/* rows 4-19 */
#define LEDGER_TOTALS_TOP	5
#define LEDGER_TOTALS_ROWS	14	/* rows 5-18; the total row is 19 */

struct ledger_screen {
	struct ui		*ui;
	int			 office;	/* the office's period, not the clerk's day */
	struct service_list	 day;
	struct list		 view;
	struct lineedit		*from, *to;
	int			 on_to;		/* the field the keys go to */
	struct report		 totals;	/* the services report of the dates shown */
	int			 shown;		/* totals are those of the dates shown */
};

/* Reads the clerk's services of today. */
static void
ledger_screen_load_day(struct ledger_screen *l)
{
	service_list_free(&l->day);
	if (service_clerk_day(ui_store(l->ui), ui_clerk_login(l->ui), store_today(),
	    &l->day) != 0)
		ui_error(l->ui, _("the services cannot be read: %s"), store_errmsg(ui_store(l->ui)));
	list_init(&l->view, l->day.n);
}

/*
 * Builds the services report of the office for the dates typed; a bad
 * date is said, nothing is read.
 */
static void
ledger_screen_load_totals(struct ledger_screen *l)
{
	char *a = lineedit_text(l->from), *b = lineedit_text(l->to), msg[512];
	struct report_query q;

	report_free(&l->totals);
	l->shown = 0;
	memset(&q, 0, sizeof q);
	q.office = store_office(ui_store(l->ui));
	q.today = store_today();
	q.chinese = ui_chinese(l->ui);
	if (check_date(a, &q.from, msg, sizeof msg) != 0) {
		ui_error(l->ui, _("from: %s"), msg);
		l->on_to = 0;
	} else if (check_date(b, &q.to, msg, sizeof msg) != 0) {
		ui_error(l->ui, _("to: %s"), msg);
		l->on_to = 1;
	} else if (q.to < q.from)
		ui_error(l->ui, _("the period ends (%s) before it begins (%s)"), b, a);
	else if (report_services(ui_store(l->ui), &q, &l->totals, msg, sizeof msg) != 0)
		ui_error(l->ui, "%s", msg);
	else
		l->shown = 1;
	free(a);
	free(b);
}

static void *
ledger_screen_init(struct ui *ui, void *arg)
{
	struct ledger_screen *l = xcalloc(1, sizeof *l);
	char today[11], first[11];

	(void)arg;
	l->ui = ui;
	date_format(store_today(), today);
	date_format(store_today() / 100 * 100 + 1, first);
	/* A cell more than a date, for the cursor after it: a whole date never scrolls. */
	l->from = lineedit_new(11, 10, 1);
	l->to = lineedit_new(11, 10, 1);
	lineedit_set_text(l->from, first);
	lineedit_set_text(l->to, today);
	ledger_screen_load_day(l);
	return l;
}

static void
ledger_screen_free(void *p)
{
	struct ledger_screen *l = p;

	service_list_free(&l->day);
	report_free(&l->totals);
	lineedit_free(l->from);
	lineedit_free(l->to);
	free(l);
}

/* Draws one service of the clerk's day: the time, what, to whom, free, basis. */
static void
ledger_screen_day_row(void *ctx, size_t i, int y, int width)
{
	struct ledger_screen *l = ctx;
	const struct service_row *r = &l->day.rows[i];
	char when[32], type[64], basis[64];

	(void)width;
	ui_stamp_local(r->at, 0, when, sizeof when);
	ui_service_type_name(l->ui, r->type, type, sizeof type);
	ui_service_basis_name(l->ui, r->basis, basis, sizeof basis);
	mvhline(y, 0, ' ', COLS);
	/* "MM-DD HH:MM": the time is what tells one service of the day from another. */
	ui_put(y, 1, 5, strlen(when) > 6 ? when + 6 : when);
	ui_put(y, 7, 21, type);
	ui_put(y, 29, 12, r->who);
	ui_put(y, 42, 18, r->who_key);
	ui_put(y, 61, 4, r->free_service ? _("yes") : _("no"));
	ui_put(y, 66, 13, basis);
}

/* Draws the clerk's day. */
static void
ledger_screen_draw_day(struct ledger_screen *l, struct ui *ui)
{
	char line[200];
	size_t i, nfree = 0;

	for (i = 0; i < l->day.n; i++)
		nfree += l->day.rows[i].free_service != 0;
	/* TRANSLATORS: the clerk's day: how many services they gave today, how many free. */
	snprintf(line, sizeof line, _("Services you gave today: %zu, %zu free"), l->day.n,
	    nfree);
	ui_put(1, 1, 78, line);
	attrset(A_BOLD);
	ui_put(3, 1, 5, _("Time"));
	ui_put(3, 7, 21, _("Service"));
	ui_put(3, 29, 12, _("To whom"));
	ui_put(3, 42, 18, _("ID number / USCC"));
	ui_put(3, 61, 4, _("Free"));
	ui_put(3, 66, 13, _("Basis"));
	attrset(A_NORMAL);
	if (l->day.n == 0)
		ui_put(LEDGER_DAY_TOP, 1, 78, _("no service given today yet"));
	else
		list_draw(&l->view, LEDGER_DAY_TOP, LEDGER_DAY_ROWS, COLS, ledger_screen_day_row, l);
	/* TRANSLATORS: legend of the clerk's day; under 80 cells. */
	ui_set_legend(ui, _("Up/Down move  F5/^T Office period (supervisors)  Esc Back"));
}

/* Draws row r's cell of the column of this key at y, x in w cells, numbers to the right. */
static void
ledger_screen_cell(const struct report_table *t, const struct report_row *r, const char *key,
    int y, int x, int w, int right)
{
	int c = report_column_find(t, key);
	char num[32];

	if (c < 0)
		return;
	if (right) {
		snprintf(num, sizeof num, "%*s", w, r->cells[c]);
		ui_put(y, x, w, num);
	} else
		ui_put(y, x, w, r->cells[c]);
}

/*
 * Draws the services report's table of this key at column x: its
 * headings, its lines, and its total row at the foot of the screen.
 */
static void
ledger_screen_table(struct ledger_screen *l, int x, const char *key)
{
	const struct report_table *t = report_table_find(&l->totals, key);
	int c, y = LEDGER_TOTALS_TOP;
	size_t i;

	if (t == NULL)
		return;
	attrset(A_BOLD);
	if ((c = report_column_find(t, "name")) >= 0)
		ui_put(4, x, 21, t->cols[c].label);
	if ((c = report_column_find(t, "given")) >= 0)
		ui_put(4, x + 22, 7, t->cols[c].label);
	if ((c = report_column_find(t, "free")) >= 0)
		ui_put(4, x + 30, 7, t->cols[c].label);
	attrset(A_NORMAL);
	for (i = 0; i < t->nrows; i++) {
		const struct report_row *r = &t->rows[i];

		if (r->kind == REPORT_TOTAL) {
			y = LEDGER_TOTALS_TOP + LEDGER_TOTALS_ROWS;
			attrset(A_BOLD);
		} else if (y >= LEDGER_TOTALS_TOP + LEDGER_TOTALS_ROWS)
			continue;
		ledger_screen_cell(t, r, "name", y, x, 21, 0);
		ledger_screen_cell(t, r, "given", y, x + 22, 7, 1);
		ledger_screen_cell(t, r, "free", y, x + 30, 7, 1);
		attrset(A_NORMAL);
		y++;
	}
}

/* Draws the office's period: the dates and the two tables of totals. */
static void
ledger_screen_draw_office(struct ledger_screen *l, struct ui *ui)
{
	int cy = 1, cx = 10;

	ui_put(1, 1, 8, _("From:"));
	attrset(l->on_to ? ui_attr_input() : ui_attr_focus());
	lineedit_draw(l->from, stdscr, 1, 10, !l->on_to);
	if (!l->on_to)
		getyx(stdscr, cy, cx);
	attrset(A_NORMAL);
	ui_put(1, 22, 6, _("To:"));
	attrset(l->on_to ? ui_attr_focus() : ui_attr_input());
	lineedit_draw(l->to, stdscr, 1, 29, l->on_to);
	if (l->on_to)
		getyx(stdscr, cy, cx);
	attrset(A_NORMAL);
	ui_put(1, 41, 38, store_office(ui_store(ui)));
	if (!l->shown)
		ui_put(3, 1, 78, _("type the dates and press Enter"));
	else {
		ledger_screen_table(l, 1, "by_type");
		ledger_screen_table(l, 41, "by_basis");
	}
	ui_cursor(ui, cy, cx);
	/* TRANSLATORS: legend of the office's period of services; under 80 cells. */
	ui_set_legend(ui, _("Tab other date  Enter total  F5/^T Your day  Esc Back"));
}

static void
ledger_screen_draw(void *p, struct ui *ui)
{
	struct ledger_screen *l = p;

	if (l->office) {
		ui_set_title(ui, _("jobdesk - services of the office"));
		ledger_screen_draw_office(l, ui);
	} else {
		ui_set_title(ui, _("jobdesk - your services today"));
		ledger_screen_draw_day(l, ui);
	}
}

static enum ui_key_result
ledger_screen_key(void *p, struct ui *ui, const struct ui_key *k)
{
	struct ledger_screen *l = p;
	enum lineedit_result r;

	if (ui_key_is(k, 5, 'T')) {
		if (!l->office && !ui_clerk_is_supervisor(ui)) {
			ui_error(ui, _("only a supervisor sees the office's services"));
			return UI_KEY_USED;
		}
		l->office = !l->office;
		if (l->office)
			ledger_screen_load_totals(l);
		else
			ledger_screen_load_day(l);
		return UI_KEY_USED;
	}
	if (!l->office)
		return list_key(&l->view, LEDGER_DAY_ROWS, k);
	if (ui_key_char(k, '\t') || (k->is_key && (k->ch == KEY_UP || k->ch == KEY_DOWN))) {
		l->on_to = !l->on_to;
		return UI_KEY_USED;
	}
	if (ui_key_char(k, '\r') || ui_key_char(k, '\n') || (k->is_key && k->ch == KEY_ENTER)) {
		ledger_screen_load_totals(l);
		return UI_KEY_USED;
	}
	r = lineedit_key(l->on_to ? l->to : l->from, k->ch, k->is_key);
	if (r == LE_REFUSED) {
		ui_error(ui, "%s", lineedit_refusal(l->on_to ? l->to : l->from));
		return UI_KEY_USED;
	}
	if (r == LE_IGNORED)
		return UI_KEY_UNUSED;
	/* The totals shown are those of other dates now. */
	l->shown = 0;
	return UI_KEY_USED;
}

const struct screen screen_ledger = {
	.name = "ledger",
	.init = ledger_screen_init,
	.free = ledger_screen_free,
	.draw = ledger_screen_draw,
	.key = ledger_screen_key,
	.help = N_(
	    "The services you gave today, newest first: the time, the service, to "
	    "whom (ID numbers masked), whether free and on what basis.\nF5 or "
	    "Ctrl-T shows a supervisor the services of the office over a period: "
	    "type the first and the last day (YYYY-MM-DD; Tab moves between them) "
	    "and press Enter. The totals are by service type and by the basis of "
	    "free services, each with a total row."),
};
