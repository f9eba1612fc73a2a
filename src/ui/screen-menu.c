/*
 * The main menu: numbered choices, each also reachable with the arrows.
 * Items for supervisors show to everyone, marked, and say to a clerk why
 * they do not open.
 */
#include <stdio.h>
#include <stdlib.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "ui/ui.h"

enum menu_who {
	MENU_ALL,
	MENU_SUPERVISOR,	/* shown to all, marked; opens for supervisors and administrators */
};

struct menu_item {
	wint_t			 key;
	const char		*label;
	const struct screen	*screen;
	enum menu_who		 who;
	const char		*refusal;	/* said to a clerk who may not open it */
};

static const struct menu_item menu_items[] = {
	{ L'1', N_("Job seekers: search and register"), &screen_seekers, MENU_ALL, NULL },
	{ L'2', N_("Employers and vacancies"), &screen_employers, MENU_ALL, NULL },
	{ L'3', N_("Accounts of this office"), &screen_accounts, MENU_SUPERVISOR,
	    N_("only a supervisor or administrator can manage accounts") },
	{ L'4', N_("Sync with the district server"), &screen_sync, MENU_ALL, NULL },
	/* The reports and the conflict journal, chosen in a list (ui_open_end_of_day). */
	{ L'5', N_("End of day and reports"), NULL, MENU_SUPERVISOR,
	    N_("only a supervisor or administrator can run the end of day") },
	/* Two lists of what is due, chosen in a small list (menu_follow_ups). */
	{ L'6', N_("Follow-ups due: referrals, hardship case files"), NULL, MENU_ALL, NULL },
	{ L'7', N_("Vacancies of all employers: search"), &screen_vacancy_search, MENU_ALL, NULL },
	{ L'8', N_("Services given: yours today, the office's"), &screen_ledger, MENU_ALL,
	    NULL },
	{ L'9', N_("Lock the screen"), NULL, MENU_ALL, NULL },
	{ L'0', N_("Quit"), NULL, MENU_ALL, NULL },
};
#define MENU_N	(sizeof menu_items / sizeof menu_items[0])

struct menu {
	size_t	sel;
};

/* Creates the main menu with the first item selected. */
static void *
menu_init(struct ui *ui, void *arg)
{
	(void)ui;
	(void)arg;
	return xcalloc(1, sizeof(struct menu));
}

/* Frees the main menu. */
static void
menu_free(void *p)
{
	free(p);
}

/* Draws the menu items, the selected one highlighted. */
static void
menu_draw(void *p, struct ui *ui)
{
	struct menu *m = p;
	size_t i;
	/* Ten items two rows apart fill the body from its second row. */
	int row = 2;

	ui_set_title(ui, _("jobdesk - main menu"));
	for (i = 0; i < MENU_N; i++) {
		char line[200];

		snprintf(line, sizeof line, "%c  %s", (char)menu_items[i].key,
		    _(menu_items[i].label));
		if (menu_items[i].who == MENU_SUPERVISOR && !ui_clerk_is_supervisor(ui))
			snprintf(line, sizeof line, "%c  %s %s", (char)menu_items[i].key,
			    _(menu_items[i].label), _("(supervisors only)"));
		attrset(i == m->sel ? ui_attr_focus() : (int)A_NORMAL);
		ui_put(row, 20, 58, line);
		attrset(A_NORMAL);
		row += 2;
	}
	/* TRANSLATORS: legend of the main menu; under 80 cells. */
	ui_set_legend(ui, _("1-9 or Up/Down and Enter choose  F9/^Y Sync now  0 or ^Q Quit"));
}

/*
 * The follow-ups due, of referrals (outcomes from receipts, placement
 * checks) or of hardship case files (contacts and plan steps): a list of
 * two rather than two items, since the menu's ten keys are all taken.
 */
static void
menu_follow_ups(struct ui *ui)
{
	static const char *const labels[] = {
		N_("Referrals: outcomes from receipts, follow-ups due"),
		N_("Hardship case files: contacts and plan steps due"),
	};
	const char *shown[2];
	long chosen;

	shown[0] = _(labels[0]);
	shown[1] = _(labels[1]);
	/* TRANSLATORS: title of the choice under the main menu's follow-ups item. */
	chosen = ui_choose(ui, _("Follow-ups due"), shown, 2);
	if (chosen == 0)
		ui_push(ui, &screen_referrals, NULL);
	else if (chosen == 1)
		ui_push(ui, &screen_casefile_due, NULL);
}

/* Carries out item i: quit, lock, or open its screen if the clerk may. */
static void
menu_choose(struct ui *ui, size_t i)
{
	const struct menu_item *it = &menu_items[i];

	if (it->key == L'0') {
		if (ui_confirm(ui, _("Quit jobdesk?")))
			ui_quit(ui);
		return;
	}
	if (it->key == L'6') {
		menu_follow_ups(ui);
		return;
	}
	if (it->key == L'5') {
		ui_open_end_of_day(ui);
		return;
	}
	if (it->key == L'9') {
		ui_push(ui, &screen_login, "lock");
		return;
	}
	if (it->who != MENU_ALL && !ui_clerk_is_supervisor(ui)) {
		ui_error(ui, "%s", _(it->refusal));
		return;
	}
	ui_push(ui, it->screen, NULL);
}

/* Handles a key on the menu: arrows move, Enter or an item's key chooses, Esc or q quits. */
static enum ui_key_result
menu_key(void *p, struct ui *ui, const struct ui_key *k)
{
	struct menu *m = p;
	size_t i;

	if (k->is_key && k->ch == KEY_UP) {
		m->sel = m->sel > 0 ? m->sel - 1 : MENU_N - 1;
		return UI_KEY_USED;
	}
	if (k->is_key && k->ch == KEY_DOWN) {
		m->sel = (m->sel + 1) % MENU_N;
		return UI_KEY_USED;
	}
	if (ui_key_char(k, '\r') || ui_key_char(k, '\n') || (k->is_key && k->ch == KEY_ENTER)) {
		menu_choose(ui, m->sel);
		return UI_KEY_USED;
	}
	if (ui_key_char(k, UI_KEY_ESC) || ui_key_char(k, 'q')) {
		if (ui_confirm(ui, _("Quit jobdesk?")))
			ui_quit(ui);
		return UI_KEY_USED;
	}
	for (i = 0; i < MENU_N; i++)
		if (ui_key_char(k, menu_items[i].key)) {
			m->sel = i;
			menu_choose(ui, i);
			return UI_KEY_USED;
		}
	return UI_KEY_UNUSED;
}

const struct screen screen_menu = {
	.name = "menu",
	.init = menu_init,
	.free = menu_free,
	.draw = menu_draw,
	.key = menu_key,
	.help = N_(
	    "The main menu: what this window does. Type the item's number, or "
	    "choose it with Up and Down and press Enter.\n1 finds a job seeker "
	    "by ID number, name or phone and registers a new one; 2 does the "
	    "same for employers and their vacancies; 7 finds vacancies of all "
	    "employers by title, occupation or district; 6 lists the referrals "
	    "whose outcome or placement check is due and records the outcome "
	    "from a returned receipt's number; 8 lists the services you gave "
	    "today and shows a supervisor the office's totals over a period.\n3 and 5 are for supervisors: "
	    "the accounts of this office; the end of day: the daily report, closing the day, "
	    "supply and demand, the subsidy roster, the services given, and the values that "
	    "lost in a sync.\n4 shows the sync with the district server; F9 or Ctrl-Y "
	    "starts a round from any screen. 9 locks the screen while you are "
	    "away; 0, F10 or Ctrl-Q quits."),
};
