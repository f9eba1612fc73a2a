/*
 * The login screen, also used as the lock screen after the idle time:
 * a wrong password waits longer each time before the next try, and the
 * account locks after several failures (store/account.c). The wait grows
 * with the login's failures as the database counts them, so quitting and
 * starting again does not shorten it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "store/account.h"
#include "store/store.h"
#include "store/sync.h"
#include "ui/ui.h"
#include "ui/widget-form.h"

struct login_screen {
	struct formdef	 def;
	struct form	*form;
	int		 lock;		/* unlocking a session, not starting one */
	time_t		 wait_until;
};

/*
 * Wrong tries at logins that do not exist, which have no row to count
 * them: they wait as long as real ones, so the wait does not tell which
 * logins exist. Kept for the life of the program.
 */
static int login_screen_unknown_failures;

static struct formfield login_fields[] = {
	{ .key = "login", .label_zh = "登录名", .label_en = "Login", .row = 8, .col = 20,
	  .width = 20, .maxlen = 32, .required = 1, .type = FIELD_TEXT,
	  .help_zh = "您的登录名。", .help_en = "Your login name." },
	{ .key = "password", .label_zh = "密码", .label_en = "Password", .row = 10, .col = 20,
	  .width = 20, .maxlen = 128, .required = 1, .type = FIELD_PASSWORD,
	  .help_zh = "您的密码。连续输错多次将锁定账号。",
	  .help_en = "Your password. Several wrong tries lock the account." },
};

/* Creates the login screen, or with arg the lock screen for the current clerk. */
static void *
login_screen_init(struct ui *ui, void *arg)
{
	struct login_screen *l = xcalloc(1, sizeof *l);
	struct fields f = FIELDS_INIT;

	l->lock = arg != NULL;
	if (l->lock)
		fields_set(&f, "login", ui_clerk_login(ui));
	l->form = form_new_builtin(ui, &l->def, "登录", "Log in", 12, login_fields,
	    sizeof login_fields / sizeof login_fields[0], l->lock ? &f : NULL);
	if (l->lock)
		form_focus(l->form, "password");
	fields_free(&f);
	return l;
}

/* Frees the login screen. */
static void
login_screen_free(void *p)
{
	struct login_screen *l = p;

	form_free(l->form);
	free(l);
}

/* Draws the login or lock screen. */
static void
login_screen_draw(void *p, struct ui *ui)
{
	struct login_screen *l = p;

	ui_set_title(ui, l->lock ? _("jobdesk - screen locked") : _("jobdesk - log in"));
	ui_put(4, 20, 50, l->lock ? _("The screen is locked. Enter your password.") :
	    _("Public employment service counter"));
	form_draw(l->form, ui);
	/* TRANSLATORS: legend of the login screen. */
	ui_set_legend(ui, l->lock ? _("Enter Unlock  ^Q Quit") : _("Enter Log in  F1 Help  ^Q Quit"));
}

/* Seconds to wait after the nth wrong try in a row: 1, 2, 4 ... 30. */
static long
login_screen_wait(int n)
{
	if (n < 1)
		n = 1;
	return n >= 6 ? 30 : 1L << (n - 1);
}

/*
 * A supervisor who logs in where changes made before enrollment wait
 * unsigned takes them over: they go out signed, under the supervisor's
 * name (jobdesk-sync(7), "Changes made before enrollment").
 */
static void
login_screen_adopt(struct ui *ui, const struct account *a)
{
	struct store *st = ui_store(ui);
	char err[256];
	long n = store_outbox_unsigned(st);

	if (n <= 0 || !account_role_manages(a->role) || !store_actor_signs(st))
		return;
	if (store_outbox_adopt(st, &n, err, sizeof err) != 0) {
		ui_error(ui, "%s", err);
		return;
	}
	ui_info(ui, ngettext("%ld change made before this terminal was enrolled goes out "
	    "under your name", "%ld changes made before this terminal was enrolled go out "
	    "under your name", (unsigned long)n), n);
	ui_status_changed(ui);
}

/* Try the login and password typed. */
static void
login_screen_try(struct login_screen *l, struct ui *ui)
{
	struct store *st = ui_store(ui);
	struct fields v = FIELDS_INIT;
	struct account a;
	enum login_result r;
	char when[32];

	form_values(l->form, &v);
	memset(&a, 0, sizeof a);
	r = account_login(st, fields_str(&v, "login"), fields_str(&v, "password"), &a);
	form_set(l->form, "password", "");
	switch (r) {
	case LOGIN_OK:
		login_screen_unknown_failures = 0;
		if (l->lock && strcmp(a.login, ui_clerk_login(ui)) == 0) {
			/* The role or name may have changed while the screen was locked. */
			ui_set_clerk(ui, a.login, a.name, a.role, a.office);
			ui_pop(ui);
			break;
		}
		/* Another clerk at a locked screen starts afresh: nothing of the last one stays. */
		ui_set_clerk(ui, a.login, a.name, a.role, a.office);
		ui_reset(ui, &screen_menu);
		login_screen_adopt(ui, &a);
		break;
	case LOGIN_LOCKED: {
		time_t t = (time_t)a.locked_until;
		struct tm tm;

		localtime_r(&t, &tm);
		strftime(when, sizeof when, "%H:%M", &tm);
		ui_error(ui, _("the account is locked after too many wrong passwords until %s; a "
		    "supervisor can unlock it"), when);
		form_focus(l->form, "login");
		break;
	}
	case LOGIN_DISABLED:
		ui_error(ui, _("the account \"%s\" is disabled; ask a supervisor"), a.login);
		break;
	case LOGIN_BAD: {
		long wait;

		/* The same answer whether the account is unknown, locked or disabled. */
		wait = login_screen_wait(a.login[0] != '\0' ? a.failed_logins :
		    ++login_screen_unknown_failures);
		l->wait_until = time(NULL) + wait;
		ui_error(ui, _("wrong login or password, or the account is locked; try again in "
		    "%ld s"), wait);
		form_focus(l->form, "password");
		break;
	}
	case LOGIN_ERROR:
		ui_error(ui, _("cannot check the login: database error"));
		break;
	}
	if (v.n > 0) {
		const char *pw = fields_get(&v, "password");

		if (pw != NULL)
			sodium_memzero((char *)pw, strlen(pw));
	}
	fields_free(&v);
}

/* Handles a key on the login screen; until a wrong try's wait is over, only quitting works. */
static enum ui_key_result
login_screen_key(void *p, struct ui *ui, const struct ui_key *k)
{
	struct login_screen *l = p;
	const char *left;
	enum ui_key_result r;

	if (ui_key_is(k, 10, 'Q'))
		return UI_KEY_UNUSED;
	if (time(NULL) < l->wait_until) {
		ui_error(ui, _("wait %ld s before the next try"), (long)(l->wait_until - time(NULL)));
		return UI_KEY_USED;
	}
	if (ui_key_char(k, UI_KEY_ESC))
		return UI_KEY_USED;
	if ((ui_key_char(k, '\r') || ui_key_char(k, '\n')) &&
	    strcmp(form_value(l->form, "password"), "") != 0 &&
	    strcmp(form_value(l->form, "login"), "") != 0) {
		login_screen_try(l, ui);
		return UI_KEY_USED;
	}
	r = form_key(l->form, ui, k, &left);
	return r;
}

const struct screen screen_login = {
	.name = "login",
	.init = login_screen_init,
	.free = login_screen_free,
	.draw = login_screen_draw,
	.key = login_screen_key,
};
