/*
 * The due list of the hardship case files: the persons whose next contact
 * or plan step is due today or overdue, most overdue first. A clerk sees
 * their own (the persons whose caseworker they are, or who have a step of
 * theirs); a supervisor sees the office's (the persons of the office and
 * the offices under it, with those in hardship status who have no case
 * file yet), and F3 turns to their own and back. Enter opens the person's
 * case file, or offers to make it, and coming back reads the list again:
 * a contact recorded takes the person off it, or moves their day.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "core/check.h"
#include "store/casefile.h"
#include "store/store.h"
#include "ui/ui.h"
#include "ui/widget-list.h"

#define DUE_MAX		2000
#define DUE_TOP		4
#define DUE_ROWS	(UI_BODY_ROWS - DUE_TOP + 1)

struct due_screen {
	struct casefile_due	*hits;
	size_t			 n;
	int			 office;	/* the office's list, not the clerk's own */
	struct list		 list;
	struct ui		*ui;
};

/* Reads the list again. */
static void
due_screen_load(struct due_screen *d)
{
	size_t sel = d->list.sel;

	if (casefile_due_list(ui_store(d->ui), d->office ? NULL : ui_clerk_login(d->ui),
	    store_office(ui_store(d->ui)), store_today(), d->hits, DUE_MAX, &d->n) != 0)
		ui_error(d->ui, _("cannot read the database: %s"), store_errmsg(ui_store(d->ui)));
	list_init(&d->list, d->n);
	d->list.sel = sel < d->n ? sel : 0;
}

/* Draws one person: due day, days overdue, name, ID number masked, what is due, caseworker. */
static void
due_screen_row(void *ctx, size_t i, int y, int width)
{
	struct due_screen *d = ctx;
	const struct casefile_due *h = &d->hits[i];
	char what[64], late[32] = "";
	int due = 0, yy, mm, dd;
	long days;

	(void)width;
	if (sscanf(h->due, "%4d-%2d-%2d", &yy, &mm, &dd) == 3)
		due = yy * 10000 + mm * 100 + dd;
	days = date_valid(due) ? date_to_days(store_today()) - date_to_days(due) : 0;
	if (days > 0)
		/* TRANSLATORS: how long a contact or step is overdue; at most 8 cells. */
		snprintf(late, sizeof late, ngettext("%ld day", "%ld days", (unsigned long)days),
		    days);
	else
		snprintf(late, sizeof late, "%s", _("today"));
	if (h->step > 0)
		/* TRANSLATORS: what is due in the due list: a step of the plan. */
		snprintf(what, sizeof what, _("step %d"), h->step);
	else
		/* TRANSLATORS: what is due in the due list: the next contact. */
		snprintf(what, sizeof what, "%s", _("contact"));
	mvhline(y, 0, ' ', COLS);
	ui_put(y, 1, 10, h->due);
	ui_put(y, 12, 8, late);
	ui_put(y, 21, 14, h->name);
	ui_put(y, 36, 18, h->id_masked);
	if (h->nofile)
		/* TRANSLATORS: a hardship person without a case file; at most 24 cells. */
		ui_put(y, 55, 24, _("no case file yet"));
	else {
		ui_put(y, 55, 10, what);
		ui_put(y, 66, 13, h->caseworker);
	}
}

/* Creates the due list: the office's for a supervisor, else the clerk's own. */
static void *
due_screen_init(struct ui *ui, void *arg)
{
	struct due_screen *d = xcalloc(1, sizeof *d);

	(void)arg;
	d->ui = ui;
	d->office = ui_clerk_is_supervisor(ui);
	d->hits = xcalloc(DUE_MAX, sizeof d->hits[0]);
	due_screen_load(d);
	return d;
}

static void
due_screen_free(void *p)
{
	struct due_screen *d = p;

	free(d->hits);
	free(d);
}

static void
due_screen_draw(void *p, struct ui *ui)
{
	struct due_screen *d = p;
	char line[200];

	ui_set_title(ui, _("jobdesk - case files due"));
	if (d->office)
		/* TRANSLATORS: head of the office's due list of case files: how many. */
		snprintf(line, sizeof line, _("Hardship case files due, the office's: %zu"), d->n);
	else
		/* TRANSLATORS: head of a clerk's due list of case files: how many. */
		snprintf(line, sizeof line, _("Hardship case files due, yours: %zu"), d->n);
	attrset(A_BOLD);
	ui_put(1, 1, 78, line);
	ui_put(3, 1, 10, _("Due"));
	ui_put(3, 12, 8, _("Overdue"));
	ui_put(3, 21, 14, _("Name"));
	ui_put(3, 36, 18, _("ID number"));
	ui_put(3, 55, 10, _("What"));
	ui_put(3, 66, 13, _("Caseworker"));
	attrset(A_NORMAL);
	if (d->n == 0)
		ui_put(DUE_TOP, 1, 78, _("nothing due"));
	else
		list_draw(&d->list, DUE_TOP, DUE_ROWS, COLS, due_screen_row, d);
	if (ui_clerk_is_supervisor(ui))
		/* TRANSLATORS: legend of a supervisor's due list; under 80 cells. */
		ui_set_legend(ui, d->office ? _("Enter Open case file  F3/^E Yours only  Esc Back") :
		    _("Enter Open case file  F3/^E The office's  Esc Back"));
	else
		/* TRANSLATORS: legend of a clerk's due list; under 80 cells. */
		ui_set_legend(ui, _("Enter Open case file  Esc Back"));
}

static enum ui_key_result
due_screen_key(void *p, struct ui *ui, const struct ui_key *k)
{
	struct due_screen *d = p;

	if (d->n > 0 && (ui_key_char(k, '\r') || ui_key_char(k, '\n') ||
	    (k->is_key && k->ch == KEY_ENTER))) {
		/* A person without a file yet is asked about: making it is the next step. */
		ui_open_casefile(ui, d->hits[d->list.sel].seeker_id, d->hits[d->list.sel].name);
		/* Made, or not: the person's line changes or stays. */
		due_screen_load(d);
		return UI_KEY_USED;
	}
	if (ui_key_is(k, 3, 'E')) {
		if (!ui_clerk_is_supervisor(ui))
			ui_error(ui, "%s", _("only a supervisor or administrator sees the office's "
			    "due list"));
		else {
			d->office = !d->office;
			d->list.sel = 0;
			due_screen_load(d);
		}
		return UI_KEY_USED;
	}
	return list_key(&d->list, DUE_ROWS, k);
}

/* Back from a case file: a contact may have taken the person off the list. */
static void
due_screen_resume(void *p, struct ui *ui)
{
	(void)ui;
	due_screen_load(p);
}

const struct screen screen_casefile_due = {
	.name = "casefile-due",
	.init = due_screen_init,
	.free = due_screen_free,
	.draw = due_screen_draw,
	.key = due_screen_key,
	.resume = due_screen_resume,
	.help = N_(
	    "Hardship case files due: the persons whose next contact, or a step of "
	    "whose plan, is due today or overdue, most overdue first, with what is "
	    "due and their caseworker. A clerk sees their own: the persons whose "
	    "caseworker they are, or who have a plan step of theirs. A supervisor "
	    "sees the office's: the persons of the office and of the offices under "
	    "it, and with them everyone in hardship status who has no case file "
	    "yet, due from the day of their registration; F3 or Ctrl-E turns to "
	    "their own and back.\nEnter opens the person's case file, or offers to "
	    "make it; a contact recorded there moves the next one on and the list "
	    "follows. Esc goes back."),
};
