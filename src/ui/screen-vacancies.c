/*
 * The vacancies of one employer: Enter edits one, F2 or Ctrl-N adds one,
 * F8 or Ctrl-X marks it filled, F6 or Ctrl-W withdraws it with a reason.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "store/codes.h"
#include "store/employer.h"
#include "store/vacancy.h"
#include "ui/screen-employer.h"
#include "ui/ui.h"
#include "ui/widget-list.h"

#define VACANCIES_MAX	200
#define VACANCIES_TOP	4

struct vacancies_screen {
	char			 employer_id[IDENT_LEN + 1];
	char			 employer_name[160];
	struct vacancy_hit	 hits[VACANCIES_MAX];
	struct list		 list;
	struct ui		*ui;
};

/* Reads the employer's vacancies into the list. */
static void
vacancies_screen_load(struct vacancies_screen *v)
{
	size_t n = 0;

	vacancy_list(ui_store(v->ui), v->employer_id, v->hits, VACANCIES_MAX, &n);
	list_init(&v->list, n);
}

/* Creates the vacancy list of an employer, with the employer's name. */
static void *
vacancies_screen_init(struct ui *ui, void *arg)
{
	struct vacancies_screen *v = xcalloc(1, sizeof *v);
	const struct vacancy_arg *a = arg;
	struct fields f = FIELDS_INIT;

	v->ui = ui;
	snprintf(v->employer_id, sizeof v->employer_id, "%s", a->employer_id);
	if (employer_open(ui_store(ui), v->employer_id, &f) == 1)
		snprintf(v->employer_name, sizeof v->employer_name, "%s", fields_str(&f, "name"));
	fields_free(&f);
	vacancies_screen_load(v);
	return v;
}

/* Frees the vacancy list. */
static void
vacancies_screen_free(void *p)
{
	free(p);
}

/* Draws one vacancy's row: title, occupation, count, wage, end date and status. */
static void
vacancies_screen_row(void *ctx, size_t i, int y, int width)
{
	struct vacancies_screen *v = ctx;
	const struct vacancy_hit *h = &v->hits[i];
	const char *name;
	char wage[40];

	(void)width;
	snprintf(wage, sizeof wage, "%s-%s", h->wage_min, h->wage_max);
	mvhline(y, 0, ' ', COLS);
	ui_put(y, 1, 26, h->title);
	/* The occupation's name, which a clerk reads; its code where the list has none. */
	name = ui_chinese(v->ui) ? h->occupation_zh : h->occupation_en;
	ui_put(y, 28, 12, *name != '\0' ? name : h->occupation);
	ui_put(y, 41, 5, h->headcount);
	ui_put(y, 47, 13, wage);
	ui_put(y, 61, 10, h->valid_until);
	ui_put(y, 72, 8, ui_status_name(h->status));
}

/* Draws the employer's name, the vacancy list and the legend. */
static void
vacancies_screen_draw(void *p, struct ui *ui)
{
	struct vacancies_screen *v = p;

	ui_set_title(ui, _("jobdesk - vacancies"));
	attrset(A_BOLD);
	ui_put(1, 1, 78, v->employer_name);
	ui_put(3, 1, 26, _("Job title"));
	ui_put(3, 28, 12, _("Occupation"));
	ui_put(3, 41, 5, _("Count"));
	ui_put(3, 47, 13, _("Wage"));
	ui_put(3, 61, 10, _("Valid to"));
	ui_put(3, 72, 8, _("Status"));
	attrset(A_NORMAL);
	if (v->list.n == 0)
		ui_put(5, 1, 78, _("no vacancies yet; F2 adds one"));
	list_draw(&v->list, VACANCIES_TOP, UI_BODY_ROWS - VACANCIES_TOP, COLS, vacancies_screen_row,
	    v);
	/* TRANSLATORS: legend of the vacancy list; under 80 cells. */
	ui_set_legend(ui, _("Enter Edit  F2/^N New  F8/^X Filled  F6/^W Withdraw  Esc Back"));
}

/* Marks the selected vacancy filled once confirmed, or withdraws it with a reason. */
static void
vacancies_screen_close(struct vacancies_screen *v, struct ui *ui, int withdraw)
{
	const struct vacancy_hit *h = &v->hits[v->list.sel];
	char reason[32] = "", err[400], what[200];

	snprintf(what, sizeof what, _("the vacancy %s"), h->title);
	if (withdraw && ui_withdraw_ask(ui, "vacancy_withdraw_reason", NULL,
	    _("Reason for withdrawing the vacancy"), what, reason, sizeof reason) != 0)
		return;
	if (!withdraw && !ui_confirm(ui, _("Mark this vacancy as filled?")))
		return;
	if (vacancy_set_status(ui_store(ui), h->id, withdraw ? "withdrawn" : "filled",
	    reason, err, sizeof err) != 0) {
		ui_error(ui, "%s", err);
		return;
	}
	ui_info(ui, withdraw ? _("the vacancy is withdrawn") : _("the vacancy is marked filled"));
	vacancies_screen_load(v);
}

/* Handles a key on the vacancy list: new, edit, filled, withdraw or moving. */
static enum ui_key_result
vacancies_screen_key(void *p, struct ui *ui, const struct ui_key *k)
{
	struct vacancies_screen *v = p;
	struct vacancy_arg arg;

	memset(&arg, 0, sizeof arg);
	snprintf(arg.employer_id, sizeof arg.employer_id, "%s", v->employer_id);
	if (ui_key_is(k, 2, 'N')) {
		ui_push(ui, &screen_vacancy, &arg);
		return UI_KEY_USED;
	}
	if (v->list.n > 0 && (ui_key_char(k, '\r') || ui_key_char(k, '\n') ||
	    (k->is_key && k->ch == KEY_ENTER))) {
		snprintf(arg.id, sizeof arg.id, "%s", v->hits[v->list.sel].id);
		ui_push(ui, &screen_vacancy, &arg);
		return UI_KEY_USED;
	}
	if (v->list.n > 0 && ui_key_is(k, 8, 'X')) {
		vacancies_screen_close(v, ui, 0);
		return UI_KEY_USED;
	}
	if (v->list.n > 0 && ui_key_is(k, 6, 'W')) {
		vacancies_screen_close(v, ui, 1);
		return UI_KEY_USED;
	}
	return list_key(&v->list, UI_BODY_ROWS - VACANCIES_TOP, k);
}

/* Reads the vacancies again when the list is back on top. */
static void
vacancies_screen_resume(void *p, struct ui *ui)
{
	struct vacancies_screen *v = p;

	(void)ui;
	vacancies_screen_load(v);
}

const struct screen screen_vacancies = {
	.name = "vacancies",
	.init = vacancies_screen_init,
	.free = vacancies_screen_free,
	.draw = vacancies_screen_draw,
	.key = vacancies_screen_key,
	.resume = vacancies_screen_resume,
	.help = N_(
	    "The vacancies of one employer. Enter opens the chosen one to edit "
	    "it; F2 or Ctrl-N registers a new one.\nF8 or Ctrl-X marks the "
	    "chosen vacancy filled, after asking; F6 or Ctrl-W withdraws it "
	    "with a reason, after asking. A vacancy whose hires reach its "
	    "headcount is filled by itself. Esc goes back."),
};
