/*
 * The services clerks gave (免费服务台账): the clerk's own day, and for a
 * supervisor the office's period, totalled by service type and by the
 * basis of free services, with a total row (合计). The ledger is read from
 * the service events as they are; nothing here is a copy of them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "core/check.h"
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
	struct service_totals	 totals;
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

/* Reads the office's totals for the dates typed; a bad date is said, nothing is read. */
static void
ledger_screen_load_totals(struct ledger_screen *l)
{
	char *a = lineedit_text(l->from), *b = lineedit_text(l->to), msg[200];
	int from, to;

	service_totals_free(&l->totals);
	l->shown = 0;
	if (check_date(a, &from, msg, sizeof msg) != 0) {
		ui_error(l->ui, _("from: %s"), msg);
		l->on_to = 0;
	} else if (check_date(b, &to, msg, sizeof msg) != 0) {
		ui_error(l->ui, _("to: %s"), msg);
		l->on_to = 1;
	} else if (to < from)
		ui_error(l->ui, _("the period ends (%s) before it begins (%s)"), b, a);
	else if (service_office_totals(ui_store(l->ui), store_office(ui_store(l->ui)), from, to,
	    &l->totals) != 0)
		ui_error(l->ui, _("the services cannot be read: %s"), store_errmsg(ui_store(l->ui)));
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
	service_totals_free(&l->totals);
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

/* Draws a table of totals at column x: a heading, its lines, the total row. */
static void
ledger_screen_table(struct ledger_screen *l, int x, const char *heading,
    const struct service_total *t, size_t n, int types)
{
	char name[64], num[32];
	size_t i;
	int y = LEDGER_TOTALS_TOP;

	attrset(A_BOLD);
	ui_put(4, x, 21, heading);
	ui_put(4, x + 22, 7, _("Given"));
	ui_put(4, x + 30, 7, _("Free"));
	attrset(A_NORMAL);
	for (i = 0; i < n && i < LEDGER_TOTALS_ROWS; i++, y++) {
		if (types)
			ui_service_type_name(l->ui, t[i].key, name, sizeof name);
		else
			ui_service_basis_name(l->ui, t[i].key, name, sizeof name);
		ui_put(y, x, 21, name);
		snprintf(num, sizeof num, "%7ld", t[i].count);
		ui_put(y, x + 22, 7, num);
		snprintf(num, sizeof num, "%7ld", t[i].free_count);
		ui_put(y, x + 30, 7, num);
	}
	attrset(A_BOLD);
	/* TRANSLATORS: the total row of a ledger (合计). */
	ui_put(LEDGER_TOTALS_TOP + LEDGER_TOTALS_ROWS, x, 21, _("Total"));
	snprintf(num, sizeof num, "%7ld", l->totals.count);
	ui_put(LEDGER_TOTALS_TOP + LEDGER_TOTALS_ROWS, x + 22, 7, num);
	snprintf(num, sizeof num, "%7ld", l->totals.free_count);
	ui_put(LEDGER_TOTALS_TOP + LEDGER_TOTALS_ROWS, x + 30, 7, num);
	attrset(A_NORMAL);
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
		ledger_screen_table(l, 1, _("Service"), l->totals.by_type, l->totals.ntype, 1);
		ledger_screen_table(l, 41, _("Basis"), l->totals.by_basis, l->totals.nbasis, 0);
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
