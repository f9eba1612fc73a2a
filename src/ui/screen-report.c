/*
 * The supervisors' reports on screen: the end of day's list (every report
 * of store/report.h, and the conflict journal), a small screen that asks
 * the period (and the breakdown, where a report has them), and the viewer
 * that shows the report as it prints, scrolls it, and prints it. The text
 * is the printed text (print/report-out.h), so the screen and the paper
 * never disagree.
 */
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/i18n.h"
#include "common/report.h"
#include "common/wtext.h"
#include "common/xalloc.h"
#include "core/check.h"
#include "print/report-out.h"
#include "store/account.h"
#include "store/report.h"
#include "store/store.h"
#include "ui/lineedit.h"
#include "ui/ui.h"

#define REPORT_PRINT_WIDTH	80	/* a page, whatever the terminal's width */
#define REPORT_VIEW_TOP		1
#define REPORT_VIEW_ROWS	UI_BODY_ROWS

/* The viewer: the report and its text as drawn at the last width. */
struct report_view {
	struct report	 report;
	char		**lines;
	size_t		 nlines;
	int		 width;		/* the width lines were made for */
	size_t		 top;
};

/* Splits the report's text at width into the viewer's lines. */
static void
report_view_layout(struct report_view *v, int width)
{
	struct buf text = BUF_INIT;
	char *s, *nl;
	size_t i;

	for (i = 0; i < v->nlines; i++)
		free(v->lines[i]);
	free(v->lines);
	v->lines = NULL;
	v->nlines = 0;
	report_text(&v->report, width, &text);
	for (s = text.data; s != NULL && *s != '\0'; s = nl + 1) {
		if ((nl = strchr(s, '\n')) == NULL)
			nl = s + strlen(s) - 1;
		v->lines = xreallocarray(v->lines, v->nlines + 1, sizeof *v->lines);
		v->lines[v->nlines++] = xstrndup(s, (size_t)(nl - s) + (*nl != '\n'));
	}
	buf_free(&text);
	v->width = width;
}

/* Takes over the report (arg: an allocated struct report, freed here). */
static void *
report_view_init(struct ui *ui, void *arg)
{
	struct report_view *v = xcalloc(1, sizeof *v);
	struct report *r = arg;

	(void)ui;
	v->report = *r;
	free(r);
	return v;
}

static void
report_view_free(void *p)
{
	struct report_view *v = p;
	size_t i;

	for (i = 0; i < v->nlines; i++)
		free(v->lines[i]);
	free(v->lines);
	report_free(&v->report);
	free(v);
}

/* Draws the lines from the top one, and in the legend which lines of how many. */
static void
report_view_draw(void *p, struct ui *ui)
{
	struct report_view *v = p;
	char title[256], legend[200];
	size_t i;

	if (v->width != COLS - 2)
		report_view_layout(v, COLS - 2);
	if (v->top + REPORT_VIEW_ROWS > v->nlines)
		v->top = v->nlines > REPORT_VIEW_ROWS ? v->nlines - REPORT_VIEW_ROWS : 0;
	/* TRANSLATORS: the title of a report on screen: the report's own title after it. */
	snprintf(title, sizeof title, _("jobdesk - %s"), v->report.title);
	ui_set_title(ui, title);
	for (i = 0; i < REPORT_VIEW_ROWS && v->top + i < v->nlines; i++)
		ui_put(REPORT_VIEW_TOP + (int)i, 1, COLS - 2, v->lines[v->top + i]);
	/* TRANSLATORS: legend of a report; %zu-%zu/%zu: the lines shown, of how many; under 80 cells. */
	snprintf(legend, sizeof legend, _("%zu-%zu/%zu  Up/Down ^B/^F Page  F3/^R Print  Esc Back"),
	    v->nlines > 0 ? v->top + 1 : 0, v->top + i, v->nlines);
	ui_set_legend(ui, legend);
}

/* Prints the report at the width of a page, saying how it went. */
static void
report_view_print(struct report_view *v, struct ui *ui)
{
	struct buf text = BUF_INIT;
	char err[512];

	report_text(&v->report, REPORT_PRINT_WIDTH, &text);
	if (ui_print(ui, buf_str(&text), text.len, err, sizeof err) != 0)
		ui_error(ui, _("the report was not printed: %s"), err);
	else
		ui_info(ui, "%s", _("the report was printed"));
	buf_free(&text);
}

/* Scrolls (arrows, pages: PgUp/PgDn or ^B/^F on a vt100, Home, End) or prints. */
static enum ui_key_result
report_view_key(void *p, struct ui *ui, const struct ui_key *k)
{
	struct report_view *v = p;
	size_t page = REPORT_VIEW_ROWS - 1;

	if (ui_key_is(k, 3, 'R')) {
		report_view_print(v, ui);
		return UI_KEY_USED;
	}
	if ((k->is_key && k->ch == KEY_PPAGE) || ui_key_is(k, 0, 'B'))
		v->top = v->top > page ? v->top - page : 0;
	else if ((k->is_key && k->ch == KEY_NPAGE) || ui_key_is(k, 0, 'F'))
		v->top += page;
	else if (k->is_key && k->ch == KEY_UP)
		v->top = v->top > 0 ? v->top - 1 : 0;
	else if (k->is_key && k->ch == KEY_DOWN)
		v->top++;
	else if (k->is_key && k->ch == KEY_HOME)
		v->top = 0;
	else if (k->is_key && k->ch == KEY_END)
		v->top = v->nlines;
	else
		return UI_KEY_UNUSED;
	/* Too far down is brought back by the next draw, which knows the lines. */
	return UI_KEY_USED;
}

/* A report as it prints, scrolled; takes an allocated struct report. */
const struct screen screen_report = {
	.name = "report",
	.init = report_view_init,
	.free = report_view_free,
	.draw = report_view_draw,
	.key = report_view_key,
	.help = N_(
	    "A report as it prints: its office and period under the title, then its "
	    "tables, each ending with a total row, and a bar chart where the figures "
	    "compare.\nUp and Down scroll a line, PgUp and PgDn (Ctrl-B and Ctrl-F on "
	    "a terminal without them) a page, Home and End go to the start and the "
	    "end. F3 or Ctrl-R prints it on the printer of [print] in jobdesk.ini, "
	    "80 columns wide. The same report is written by \"jobdesk report\" as "
	    "text, CSV or JSON."),
};

/* The ask screen: a report's period (first and last day) and its breakdown. */
struct report_ask {
	const struct report_kind	*kind;
	struct lineedit			*from, *to;
	int				 on_to;
	size_t				 by;	/* 0: every breakdown, else kind->by[by - 1] */
	size_t				 nby;
};

/* Opens on a report kind (arg) with its default period filled in. */
static void *
report_ask_init(struct ui *ui, void *arg)
{
	struct report_ask *a = xcalloc(1, sizeof *a);
	struct report_query q;
	char day[11];

	(void)ui;
	a->kind = arg;
	memset(&q, 0, sizeof q);
	q.today = store_today();
	report_query_period(&q, a->kind->period);
	/* A cell past the ten of a date, for the cursor at its end. */
	a->from = lineedit_new(11, 10, 1);
	a->to = lineedit_new(11, 10, 1);
	date_format(q.from, day);
	lineedit_set_text(a->from, day);
	date_format(q.to, day);
	lineedit_set_text(a->to, day);
	while (a->kind->by != NULL && a->kind->by[a->nby].name != NULL)
		a->nby++;
	return a;
}

static void
report_ask_free(void *p)
{
	struct report_ask *a = p;

	lineedit_free(a->from);
	lineedit_free(a->to);
	free(a);
}

/* The breakdown chosen, in the clerk's language: "all" or its label. */
static const char *
report_ask_by(const struct report_ask *a)
{
	/* TRANSLATORS: a report's breakdown when none is chosen: every one of them. */
	return a->by == 0 ? _("all") : _(a->kind->by[a->by - 1].label);
}

/* Draws the two days, the breakdown, and what Enter does. */
static void
report_ask_draw(void *p, struct ui *ui)
{
	struct report_ask *a = p;
	char title[256], office[256];
	int cy = 3, cx = 14;

	snprintf(title, sizeof title, _("jobdesk - %s"), _(a->kind->label));
	ui_set_title(ui, title);
	ui_put(3, 2, 11, _("From:"));
	attrset(a->on_to ? ui_attr_input() : ui_attr_focus());
	lineedit_draw(a->from, stdscr, 3, 14, !a->on_to);
	if (!a->on_to)
		getyx(stdscr, cy, cx);
	attrset(A_NORMAL);
	ui_put(5, 2, 11, _("To:"));
	attrset(a->on_to ? ui_attr_focus() : ui_attr_input());
	lineedit_draw(a->to, stdscr, 5, 14, a->on_to);
	if (a->on_to)
		getyx(stdscr, cy, cx);
	attrset(A_NORMAL);
	ui_put(7, 2, 11, _("Office:"));
	if (office_name(ui_store(ui), store_office(ui_store(ui)), office, sizeof office) != 0)
		office[0] = '\0';
	/* TRANSLATORS: a report's office on screen: its name and code; the offices under it count. */
	snprintf(title, sizeof title, _("%s %s, with the offices under it"), office,
	    store_office(ui_store(ui)));
	ui_put(7, 14, 64, title);
	if (a->nby > 0) {
		ui_put(9, 2, 11, _("By:"));
		ui_put(9, 14, 40, report_ask_by(a));
	}
	if (a->kind->acts)
		ui_put(11, 2, 76, _("Enter closes the day of the last date: its figures are frozen."));
	ui_cursor(ui, cy, cx);
	if (a->nby > 0)
		/* TRANSLATORS: legend of a report's period with breakdowns; under 80 cells. */
		ui_set_legend(ui, _("Tab other date  F4/^P Breakdown  Enter Show  Esc Back"));
	else
		/* TRANSLATORS: legend of a report's period; under 80 cells. */
		ui_set_legend(ui, _("Tab other date  Enter Show  Esc Back"));
}

/* Lets the supervisor choose the breakdown from a numbered list. */
static void
report_ask_choose_by(struct report_ask *a, struct ui *ui)
{
	const char **labels = xcalloc(a->nby + 1, sizeof *labels);
	long chosen;
	size_t i;

	labels[0] = _("all");
	for (i = 0; i < a->nby; i++)
		labels[i + 1] = _(a->kind->by[i].label);
	chosen = ui_choose(ui, _("Breakdown"), labels, a->nby + 1);
	if (chosen >= 0)
		a->by = (size_t)chosen;
	free(labels);
}

/* Reads the days typed; 0 with q's days, or -1 after saying which is wrong. */
static int
report_ask_days(struct report_ask *a, struct ui *ui, struct report_query *q)
{
	char *from = lineedit_text(a->from), *to = lineedit_text(a->to), msg[200];
	int rc = -1;

	if (check_date(from, &q->from, msg, sizeof msg) != 0) {
		ui_error(ui, _("from: %s"), msg);
		a->on_to = 0;
	} else if (check_date(to, &q->to, msg, sizeof msg) != 0) {
		ui_error(ui, _("to: %s"), msg);
		a->on_to = 1;
	} else if (q->to < q->from)
		ui_error(ui, _("the period ends (%s) before it begins (%s)"), to, from);
	else
		rc = 0;
	free(from);
	free(to);
	return rc;
}

/* Builds the report for the days typed and shows it in place of this screen. */
static void
report_ask_run(struct report_ask *a, struct ui *ui)
{
	struct report_query q;
	struct report *r;
	char err[512], day[11];

	memset(&q, 0, sizeof q);
	if (report_ask_days(a, ui, &q) != 0)
		return;
	q.office = store_office(ui_store(ui));
	q.today = store_today();
	q.chinese = ui_chinese(ui);
	q.by = a->by > 0 ? a->kind->by[a->by - 1].name : NULL;
	if (a->kind->acts) {
		char question[256];

		date_format(q.to, day);
		snprintf(question, sizeof question, _("Close the day %s? Its figures are then "
		    "frozen."), day);
		if (!ui_confirm(ui, question))
			return;
	}
	r = xcalloc(1, sizeof *r);
	if (a->kind->build(ui_store(ui), &q, r, err, sizeof err) != 0) {
		ui_error(ui, "%s", err);
		report_free(r);
		free(r);
		return;
	}
	ui_replace(ui, &screen_report, r);
}

static enum ui_key_result
report_ask_key(void *p, struct ui *ui, const struct ui_key *k)
{
	struct report_ask *a = p;
	struct lineedit *e = a->on_to ? a->to : a->from;
	enum lineedit_result r;

	/* F4's Ctrl key is ^P on every screen; ^K deletes to the end of the date typed. */
	if (a->nby > 0 && ui_key_is(k, 4, 'P')) {
		report_ask_choose_by(a, ui);
		return UI_KEY_USED;
	}
	if (ui_key_char(k, '\t') || (k->is_key && (k->ch == KEY_UP || k->ch == KEY_DOWN ||
	    k->ch == KEY_BTAB))) {
		a->on_to = !a->on_to;
		return UI_KEY_USED;
	}
	if (ui_key_char(k, '\r') || ui_key_char(k, '\n') || (k->is_key && k->ch == KEY_ENTER)) {
		report_ask_run(a, ui);
		return UI_KEY_USED;
	}
	r = lineedit_key(e, k->ch, k->is_key);
	if (r == LE_REFUSED) {
		ui_error(ui, "%s", lineedit_refusal(e));
		return UI_KEY_USED;
	}
	return r == LE_IGNORED ? UI_KEY_UNUSED : UI_KEY_USED;
}

/* The period of a report (arg: its const struct report_kind), then the report. */
const struct screen screen_report_ask = {
	.name = "report-ask",
	.init = report_ask_init,
	.free = report_ask_free,
	.draw = report_ask_draw,
	.key = report_ask_key,
	.help = N_(
	    "The period of a report: its first and its last day (YYYY-MM-DD; Tab "
	    "moves between them), today or this month to today at first, so that "
	    "Enter alone shows today's figures. A report with breakdowns (supply and "
	    "demand) asks which: F4 or Ctrl-P lists them; \"all\" shows every one. "
	    "The office is this terminal's, with the offices under it."),
};

void
ui_open_end_of_day(struct ui *ui)
{
	const char **labels = xcalloc(n_report_kinds + 1, sizeof *labels);
	long chosen;
	size_t i;

	if (!ui_clerk_is_supervisor(ui)) {
		ui_error(ui, "%s", _("only a supervisor or administrator can run the end of day"));
		free(labels);
		return;
	}
	for (i = 0; i < n_report_kinds; i++)
		labels[i] = _(report_kinds[i].label);
	labels[n_report_kinds] = _("Conflicts: values that lost in sync");
	/* TRANSLATORS: title of the end of day's list of reports. */
	chosen = ui_choose(ui, _("End of day"), labels, n_report_kinds + 1);
	free(labels);
	if (chosen < 0)
		return;
	if ((size_t)chosen == n_report_kinds)
		ui_push(ui, &screen_conflicts, NULL);
	else
		ui_push(ui, &screen_report_ask, (void *)&report_kinds[chosen]);
}
