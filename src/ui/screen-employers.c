/*
 * Employers: search by USCC or any part of the name, saying how many were
 * found when the list cannot show them all; Enter opens one, F2 or
 * Ctrl-N registers a new employer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "store/codes.h"
#include "store/employer.h"
#include "ui/lineedit.h"
#include "ui/screen-employer.h"
#include "ui/ui.h"
#include "ui/widget-list.h"

#define EMPLOYERS_MAX	200
#define EMPLOYERS_TOP	5

struct employers_screen {
	struct lineedit		*query;
	struct employer_hit	 hits[EMPLOYERS_MAX];
	struct list		 list;
	size_t			 found;		/* as employer_search counts them */
	struct ui		*ui;
};

/* Searches the employers for what is typed and refills the list. */
static void
employers_screen_search(struct employers_screen *e)
{
	char *q = lineedit_text(e->query);
	size_t n = 0;

	if (*q != '\0')
		employer_search(ui_store(e->ui), q, e->hits, EMPLOYERS_MAX, &n, &e->found);
	list_init(&e->list, n);
	free(q);
}

/* Creates the employer search with an empty query. */
static void *
employers_screen_init(struct ui *ui, void *arg)
{
	struct employers_screen *e = xcalloc(1, sizeof *e);

	(void)arg;
	e->query = lineedit_new(30, 60, 0);
	e->ui = ui;
	return e;
}

/* Frees the employer search. */
static void
employers_screen_free(void *p)
{
	struct employers_screen *e = p;

	lineedit_free(e->query);
	free(e);
}

/* Draws one employer's row: USCC, name, district, and open vacancies or status. */
static void
employers_screen_row(void *ctx, size_t i, int y, int width)
{
	struct employers_screen *e = ctx;
	const struct employer_hit *h = &e->hits[i];
	char district[80] = "", open[32];

	(void)width;
	codes_name(ui_store(e->ui), "region", h->district, ui_chinese(e->ui), district,
	    sizeof district);
	snprintf(open, sizeof open, "%ld", h->open_vacancies);
	mvhline(y, 0, ' ', COLS);
	ui_put(y, 1, 19, h->uscc);
	ui_put(y, 21, 34, h->name);
	ui_put(y, 56, 12, district);
	ui_put(y, 69, 10, strcmp(h->status, "active") == 0 ? open : ui_status_name(h->status));
}

/* Draws the search field, the employers found and the legend. */
static void
employers_screen_draw(void *p, struct ui *ui)
{
	struct employers_screen *e = p;
	char count[120];
	int cy, cx;

	ui_set_title(ui, _("jobdesk - employers"));
	ui_put(2, 1, 30, _("USCC or name:"));
	attrset(ui_attr_focus());
	lineedit_draw(e->query, stdscr, 2, 32, 1);
	getyx(stdscr, cy, cx);
	attrset(A_BOLD);
	ui_put(4, 1, 19, _("USCC"));
	ui_put(4, 21, 34, _("Employer name"));
	ui_put(4, 56, 12, _("District"));
	ui_put(4, 69, 10, _("Vacancies"));
	attrset(A_NORMAL);
	list_draw(&e->list, EMPLOYERS_TOP, UI_BODY_ROWS - EMPLOYERS_TOP, COLS, employers_screen_row,
	    e);
	if (lineedit_length(e->query) > 0 && e->list.n == 0)
		ui_put(3, 1, 78, _("no employer found; F2 registers a new one"));
	else if (lineedit_length(e->query) > 0) {
		if (!list_found_cut(e->list.n, e->found, count, sizeof count))
			snprintf(count, sizeof count, _("employers found: %zu"), e->list.n);
		ui_put(3, 1, 78, count);
	}
	ui_cursor(ui, cy, cx);
	ui_set_legend(ui, _("type to search  Up/Down choose  Enter open  F2/^N New  Esc Back"));
}

/* Handles a key on the employer search: new, open, move in the list, or type. */
static enum ui_key_result
employers_screen_key(void *p, struct ui *ui, const struct ui_key *k)
{
	struct employers_screen *e = p;
	struct employer_arg arg;
	enum lineedit_result r;

	memset(&arg, 0, sizeof arg);
	if (ui_key_is(k, 2, 'N')) {
		ui_push(ui, &screen_employer, &arg);
		return UI_KEY_USED;
	}
	if (ui_key_char(k, '\r') || ui_key_char(k, '\n') || (k->is_key && k->ch == KEY_ENTER)) {
		if (e->list.n == 0) {
			char *q = lineedit_text(e->query);
			size_t i;

			/* What was typed becomes the new employer's USCC when it looks like one. */
			for (i = 0; q[i] != '\0' && ((q[i] >= '0' && q[i] <= '9') ||
			    (q[i] >= 'A' && q[i] <= 'Z') || (q[i] >= 'a' && q[i] <= 'z')); i++)
				;
			if (q[i] == '\0' && i == 18)
				snprintf(arg.uscc, sizeof arg.uscc, "%s", q);
			free(q);
			ui_push(ui, &screen_employer, &arg);
			return UI_KEY_USED;
		}
		snprintf(arg.id, sizeof arg.id, "%s", e->hits[e->list.sel].id);
		ui_push(ui, &screen_employer, &arg);
		return UI_KEY_USED;
	}
	if (list_key(&e->list, UI_BODY_ROWS - EMPLOYERS_TOP, k) == UI_KEY_USED)
		return UI_KEY_USED;
	r = lineedit_key(e->query, k->ch, k->is_key);
	if (r == LE_REFUSED) {
		ui_error(ui, "%s", lineedit_refusal(e->query));
		return UI_KEY_USED;
	}
	if (r == LE_IGNORED)
		return UI_KEY_UNUSED;
	employers_screen_search(e);
	return UI_KEY_USED;
}

/* Searches again when the search is back on top, keeping the selection where it still fits. */
static void
employers_screen_resume(void *p, struct ui *ui)
{
	struct employers_screen *e = p;
	size_t sel = e->list.sel;

	(void)ui;
	employers_screen_search(e);
	if (sel < e->list.n)
		e->list.sel = sel;
}

const struct screen screen_employers = {
	.name = "employers",
	.init = employers_screen_init,
	.free = employers_screen_free,
	.draw = employers_screen_draw,
	.key = employers_screen_key,
	.resume = employers_screen_resume,
	.help = N_(
	    "Find an employer: type its unified social credit code (USCC), a "
	    "part of its name or a phone number. Up and Down choose, Enter "
	    "opens it with its vacancies.\nF2 or Ctrl-N registers a new "
	    "employer. Esc goes back."),
};
