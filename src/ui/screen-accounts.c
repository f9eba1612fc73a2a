/*
 * Accounts of this office, for supervisors: add (F2 or Ctrl-N), edit
 * (Enter), disable or enable (Ctrl-D), set a new password (Ctrl-O),
 * unlock after too many wrong passwords (F5 or Ctrl-T). The store decides
 * who may change which account (core/account_rules.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "store/account.h"
#include "store/codes.h"
#include "ui/ui.h"
#include "ui/widget-list.h"

#define ACCOUNTS_MAX	200
#define ACCOUNTS_TOP	4

struct accounts_screen {
	struct account	 rows[ACCOUNTS_MAX];
	struct list	 list;
	struct ui	*ui;
};

/* Read the accounts again, keeping the selected one selected. */
static void
accounts_screen_load(struct accounts_screen *a)
{
	char keep[sizeof a->rows[0].login] = "";
	size_t n = 0, i, top = a->list.top;

	if (a->list.n > 0)
		snprintf(keep, sizeof keep, "%s", a->rows[a->list.sel].login);
	account_list(ui_store(a->ui), a->rows, ACCOUNTS_MAX, &n);
	list_init(&a->list, n);
	for (i = 0; i < n && *keep != '\0'; i++)
		if (strcmp(a->rows[i].login, keep) == 0) {
			a->list.sel = i;
			a->list.top = top;	/* list_draw brings the row into view */
			break;
		}
}

/* Creates the account list and reads the accounts. */
static void *
accounts_screen_init(struct ui *ui, void *arg)
{
	struct accounts_screen *a = xcalloc(1, sizeof *a);

	(void)arg;
	a->ui = ui;
	accounts_screen_load(a);
	return a;
}

/* Frees the account list. */
static void
accounts_screen_free(void *p)
{
	free(p);
}

/* Draws one account's row: login, name, role, certificate and state. */
static void
accounts_screen_row(void *ctx, size_t i, int y, int width)
{
	struct accounts_screen *a = ctx;
	const struct account *r = &a->rows[i];
	char role[64] = "", state[64];

	(void)width;
	codes_name(ui_store(a->ui), "role", r->role, ui_chinese(a->ui), role, sizeof role);
	if (r->disabled)
		snprintf(state, sizeof state, "%s", _("disabled"));
	else if (r->locked_until > (long)time(NULL))
		snprintf(state, sizeof state, "%s", _("locked"));
	else
		snprintf(state, sizeof state, "%s", _("active"));
	mvhline(y, 0, ' ', COLS);
	ui_put(y, 1, 14, r->login);
	ui_put(y, 16, 14, r->name);
	ui_put(y, 31, 14, role);
	ui_put(y, 46, 16, r->cert_no);
	ui_put(y, 63, 10, r->cert_valid_until);
	ui_put(y, 74, 6, state);
}

/* Draws the account list under its column headings. */
static void
accounts_screen_draw(void *p, struct ui *ui)
{
	struct accounts_screen *a = p;

	ui_set_title(ui, _("jobdesk - accounts"));
	attrset(A_BOLD);
	ui_put(3, 1, 14, _("Login"));
	ui_put(3, 16, 14, _("Name"));
	ui_put(3, 31, 14, _("Role"));
	ui_put(3, 46, 16, _("Certificate"));
	ui_put(3, 63, 10, _("Valid to"));
	ui_put(3, 74, 6, _("State"));
	attrset(A_NORMAL);
	list_draw(&a->list, ACCOUNTS_TOP, UI_BODY_ROWS - ACCOUNTS_TOP, COLS, accounts_screen_row,
	    a);
	/* TRANSLATORS: legend of the account list; under 80 cells. */
	ui_set_legend(ui, _("Enter Edit  F2/^N New  ^D Disable/enable  ^O Password  F5/^T Unlock  "
	    "Esc Back"));
}

/* Handles a key on the account list: new, edit, disable, unlock, password or moving. */
static enum ui_key_result
accounts_screen_key(void *p, struct ui *ui, const struct ui_key *k)
{
	struct accounts_screen *a = p;
	struct account *sel = a->list.n > 0 ? &a->rows[a->list.sel] : NULL;
	struct account_actor me = { ui_clerk_login(ui), ui_clerk_role(ui) };
	char err[400];

	if (ui_key_is(k, 2, 'N')) {
		ui_push(ui, &screen_account, NULL);
		return UI_KEY_USED;
	}
	if (sel == NULL)
		return UI_KEY_UNUSED;
	if (ui_key_char(k, '\r') || ui_key_char(k, '\n') || (k->is_key && k->ch == KEY_ENTER)) {
		ui_push(ui, &screen_account, sel->login);
		return UI_KEY_USED;
	}
	if (ui_key_is(k, 0, 'D')) {
		if (account_set_disabled(ui_store(ui), &me, sel->login, !sel->disabled, err,
		    sizeof err) != 0)
			ui_error(ui, "%s", err);
		else
			ui_info(ui, sel->disabled ? _("%s is enabled") : _("%s is disabled"),
			    sel->login);
		accounts_screen_load(a);
		return UI_KEY_USED;
	}
	if (ui_key_is(k, 5, 'T')) {
		if (sel->failed_logins == 0 && sel->locked_until == 0)
			ui_info(ui, _("%s is not locked"), sel->login);
		else if (account_unlock(ui_store(ui), &me, sel->login, err, sizeof err) != 0)
			ui_error(ui, "%s", err);
		else
			ui_info(ui, _("%s is unlocked"), sel->login);
		accounts_screen_load(a);
		return UI_KEY_USED;
	}
	if (ui_key_is(k, 0, 'O')) {
		char arg[80];

		snprintf(arg, sizeof arg, "passwd:%s", sel->login);
		ui_push(ui, &screen_account, arg);
		return UI_KEY_USED;
	}
	return list_key(&a->list, UI_BODY_ROWS - ACCOUNTS_TOP, k);
}

/* Reads the accounts again when the list is back on top. */
static void
accounts_screen_resume(void *p, struct ui *ui)
{
	(void)ui;
	accounts_screen_load(p);
}

const struct screen screen_accounts = {
	.name = "accounts",
	.init = accounts_screen_init,
	.free = accounts_screen_free,
	.draw = accounts_screen_draw,
	.key = accounts_screen_key,
	.resume = accounts_screen_resume,
	.help = N_(
	    "The accounts of this office, for supervisors and administrators. "
	    "Enter edits the chosen account; F2 or Ctrl-N adds one.\nCtrl-D "
	    "disables or enables it, Ctrl-O gives it a new password, F5 or "
	    "Ctrl-T unlocks it after too many wrong passwords. A supervisor "
	    "manages clerks and counsellors only. Esc goes back."),
};
