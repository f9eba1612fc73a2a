/*
 * The vacancies of every employer: found by a part of the title or an
 * occupation (a code's beginning or a part of its name), a region (a
 * district takes in its streets), open ones only or all, as the clerk
 * types; the list says how many were found when it cannot show them all.
 * Tab moves between the boxes and the open-only mark (Space turns it);
 * Enter opens the vacancy, F5 or Ctrl-T its employer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "store/codes.h"
#include "store/vacancy.h"
#include "ui/lineedit.h"
#include "ui/screen-employer.h"
#include "ui/ui.h"
#include "ui/widget-list.h"

#define VSEARCH_MAX	200
#define VSEARCH_TOP	6	/* first row of the list */

/* Where the clerk is typing: a box, or the open-only mark. */
enum vacancy_search_focus {
	VSEARCH_TEXT,
	VSEARCH_DISTRICT,
	VSEARCH_OPEN,
	VSEARCH_FOCI
};

struct vacancy_search_screen {
	struct lineedit		*text;
	struct lineedit		*district;
	int			 open_only;
	enum vacancy_search_focus focus;
	struct vacancy_hit	 hits[VSEARCH_MAX];
	struct list		 list;
	size_t			 found;		/* as vacancy_search counts them */
	struct ui		*ui;
};

/* Searches for what the boxes and the mark say and refills the list. */
static void
vacancy_search_screen_search(struct vacancy_search_screen *v)
{
	char *text = lineedit_text(v->text), *district = lineedit_text(v->district);
	struct vacancy_query q = {
		.text = text,
		.district = district,
		.open_only = v->open_only,
	};
	size_t n = 0;

	vacancy_search(ui_store(v->ui), &q, v->hits, VSEARCH_MAX, &n, &v->found);
	list_init(&v->list, n);
	free(text);
	free(district);
}

/* Creates the search, open vacancies of every employer listed at once. */
static void *
vacancy_search_screen_init(struct ui *ui, void *arg)
{
	struct vacancy_search_screen *v = xcalloc(1, sizeof *v);

	(void)arg;
	v->ui = ui;
	v->text = lineedit_new(24, 40, 0);
	v->district = lineedit_new(14, 20, 0);
	v->open_only = 1;
	vacancy_search_screen_search(v);
	return v;
}

/* Frees the search. */
static void
vacancy_search_screen_free(void *p)
{
	struct vacancy_search_screen *v = p;

	lineedit_free(v->text);
	lineedit_free(v->district);
	free(v);
}

/* Draws one vacancy: title, employer, region, wage and status. */
static void
vacancy_search_screen_row(void *ctx, size_t i, int y, int width)
{
	struct vacancy_search_screen *v = ctx;
	const struct vacancy_hit *h = &v->hits[i];
	char district[80] = "", wage[40];

	(void)width;
	codes_name(ui_store(v->ui), "region", h->district, ui_chinese(v->ui), district,
	    sizeof district);
	snprintf(wage, sizeof wage, "%s-%s", h->wage_min, h->wage_max);
	mvhline(y, 0, ' ', COLS);
	ui_put(y, 1, 22, h->title);
	ui_put(y, 24, 22, h->employer_name);
	ui_put(y, 47, 10, district);
	ui_put(y, 58, 11, wage);
	ui_put(y, 70, 9, ui_status_name(h->status));
}

/* Draws the boxes, the mark, the count, the list and the legend; the cursor in the focus. */
static void
vacancy_search_screen_draw(void *p, struct ui *ui)
{
	struct vacancy_search_screen *v = p;
	char count[120], mark[80];
	int cy = -1, cx = -1;

	ui_set_title(ui, _("jobdesk - vacancies of all employers"));
	ui_put(2, 1, 22, _("Title or occupation:"));
	attrset(v->focus == VSEARCH_TEXT ? ui_attr_focus() : ui_attr_input());
	lineedit_draw(v->text, stdscr, 2, 24, v->focus == VSEARCH_TEXT);
	if (v->focus == VSEARCH_TEXT)
		getyx(stdscr, cy, cx);
	attrset(A_NORMAL);
	ui_put(3, 1, 22, _("District:"));
	attrset(v->focus == VSEARCH_DISTRICT ? ui_attr_focus() : ui_attr_input());
	lineedit_draw(v->district, stdscr, 3, 24, v->focus == VSEARCH_DISTRICT);
	if (v->focus == VSEARCH_DISTRICT)
		getyx(stdscr, cy, cx);
	attrset(A_NORMAL);
	snprintf(mark, sizeof mark, "[%c] %s", v->open_only ? 'x' : ' ', _("open only"));
	attrset(v->focus == VSEARCH_OPEN ? ui_attr_focus() : (int)A_NORMAL);
	ui_put(3, 42, 36, mark);
	attrset(A_NORMAL);
	if (v->focus == VSEARCH_OPEN) {
		cy = 3;
		cx = 43;
	}
	if (v->list.n == 0)
		snprintf(count, sizeof count, "%s", _("no vacancy found"));
	else if (!list_found_cut(v->list.n, v->found, count, sizeof count))
		snprintf(count, sizeof count, _("vacancies found: %zu"), v->list.n);
	ui_put(4, 1, 78, count);
	attrset(A_BOLD);
	ui_put(5, 1, 22, _("Job title"));
	ui_put(5, 24, 22, _("Employer"));
	ui_put(5, 47, 10, _("District"));
	ui_put(5, 58, 11, _("Wage"));
	ui_put(5, 70, 9, _("Status"));
	attrset(A_NORMAL);
	list_draw(&v->list, VSEARCH_TOP, UI_BODY_ROWS - VSEARCH_TOP, COLS,
	    vacancy_search_screen_row, v);
	if (cy >= 0)
		ui_cursor(ui, cy, cx);
	/* TRANSLATORS: legend of the search of all employers' vacancies; under 80 cells. */
	ui_set_legend(ui, _("Tab next box  Up/Down choose  Enter open  F5/^T Employer  Esc Back"));
}

/* Opens the selected vacancy, or its employer. */
static void
vacancy_search_screen_open(struct vacancy_search_screen *v, struct ui *ui, int employer)
{
	const struct vacancy_hit *h = &v->hits[v->list.sel];

	if (employer) {
		struct employer_arg arg;

		memset(&arg, 0, sizeof arg);
		snprintf(arg.id, sizeof arg.id, "%s", h->employer_id);
		ui_push(ui, &screen_employer, &arg);
	} else {
		struct vacancy_arg arg;

		memset(&arg, 0, sizeof arg);
		snprintf(arg.id, sizeof arg.id, "%s", h->id);
		snprintf(arg.employer_id, sizeof arg.employer_id, "%s", h->employer_id);
		arg.employer_key = 1;
		ui_push(ui, &screen_vacancy, &arg);
	}
}

/* Handles a key: move between the boxes, open, turn the mark, move in the list, or type. */
static enum ui_key_result
vacancy_search_screen_key(void *p, struct ui *ui, const struct ui_key *k)
{
	struct vacancy_search_screen *v = p;
	struct lineedit *box;
	enum lineedit_result r;

	if (ui_key_char(k, '\t') || (k->is_key && k->ch == KEY_BTAB)) {
		v->focus = (v->focus + (ui_key_char(k, '\t') ? 1 : VSEARCH_FOCI - 1)) % VSEARCH_FOCI;
		return UI_KEY_USED;
	}
	if (ui_key_char(k, '\r') || ui_key_char(k, '\n') || (k->is_key && k->ch == KEY_ENTER) ||
	    ui_key_is(k, 5, 'T')) {
		if (v->list.n == 0)
			ui_error(ui, _("no vacancy found: change the search first"));
		else
			vacancy_search_screen_open(v, ui, ui_key_is(k, 5, 'T'));
		return UI_KEY_USED;
	}
	if (list_key(&v->list, UI_BODY_ROWS - VSEARCH_TOP, k) == UI_KEY_USED)
		return UI_KEY_USED;
	if (v->focus == VSEARCH_OPEN) {
		if (!ui_key_char(k, ' '))
			return UI_KEY_UNUSED;
		v->open_only = !v->open_only;
		vacancy_search_screen_search(v);
		return UI_KEY_USED;
	}
	box = v->focus == VSEARCH_TEXT ? v->text : v->district;
	r = lineedit_key(box, k->ch, k->is_key);
	if (r == LE_REFUSED) {
		ui_error(ui, "%s", lineedit_refusal(box));
		return UI_KEY_USED;
	}
	if (r == LE_IGNORED)
		return UI_KEY_UNUSED;
	vacancy_search_screen_search(v);
	return UI_KEY_USED;
}

/* Searches again when back on top (a vacancy may have been filled), keeping the selection. */
static void
vacancy_search_screen_resume(void *p, struct ui *ui)
{
	struct vacancy_search_screen *v = p;
	size_t sel = v->list.sel;

	(void)ui;
	vacancy_search_screen_search(v);
	if (sel < v->list.n)
		v->list.sel = sel;
}

const struct screen screen_vacancy_search = {
	.name = "vacancy_search",
	.init = vacancy_search_screen_init,
	.free = vacancy_search_screen_free,
	.draw = vacancy_search_screen_draw,
	.key = vacancy_search_screen_key,
	.resume = vacancy_search_screen_resume,
};
