/*
 * One employer: the registration form (用人单位登记表). F7 or Ctrl-V lists
 * its vacancies; F6 or Ctrl-W withdraws the registration; F8 or Ctrl-X
 * lists what more can be done on it (its services, a recruitment talk).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "core/kind.h"
#include "store/employer.h"
#include "store/service.h"
#include "store/vacancy.h"
#include "ui/screen-employer.h"
#include "ui/ui.h"
#include "ui/widget-form.h"

struct employer_screen {
	struct form	*form;
	char		 id[IDENT_LEN + 1];
	struct fields	 record;
};

/* Shows e->record (as the store gave it, "id" naming it) in a fresh form, locked if withdrawn. */
static void
employer_screen_show(struct employer_screen *e, struct ui *ui)
{
	const struct kind_status *status = kind_status(kind_get(KIND_EMPLOYER),
	    fields_str(&e->record, "status"));

	snprintf(e->id, sizeof e->id, "%s", fields_str(&e->record, "id"));
	form_free(e->form);
	e->form = form_new(ui, ui_form(ui, KIND_EMPLOYER), &e->record);
	form_set_dup(e->form, ui_dup(ui, KIND_EMPLOYER));
	form_set_fixed(e->form, "uscc", 1);
	form_set_locked(e->form, status != NULL && status->closed);
}

/* Opens the employer with this id (an audited view) and shows it; an error if unreadable. */
static void
employer_screen_load(struct employer_screen *e, struct ui *ui, const char *id_in)
{
	char id[IDENT_LEN + 1];

	/* id_in may be the screen's own id field: copy it before anything is written. */
	snprintf(id, sizeof id, "%s", id_in);
	fields_free(&e->record);
	if (employer_open(ui_store(ui), id, &e->record) != 1) {
		ui_error(ui, _("the record cannot be read"));
		return;
	}
	employer_screen_show(e, ui);
}

/* Creates the employer screen: an existing employer by id, or a new one with the given USCC. */
static void *
employer_screen_init(struct ui *ui, void *arg)
{
	struct employer_screen *e = xcalloc(1, sizeof *e);
	const struct employer_arg *a = arg;

	fields_init(&e->record);
	if (a != NULL && a->id[0] != '\0') {
		employer_screen_load(e, ui, a->id);
		if (e->form != NULL)
			return e;
	}
	e->form = form_new(ui, ui_form(ui, KIND_EMPLOYER), NULL);
	form_set_dup(e->form, ui_dup(ui, KIND_EMPLOYER));
	if (a != NULL)
		form_set(e->form, "uscc", a->uscc);
	return e;
}

/* Frees the employer screen. */
static void
employer_screen_free(void *p)
{
	struct employer_screen *e = p;

	form_free(e->form);
	fields_free(&e->record);
	free(e);
}

/* Draws the employer form and, once registered, its status line and legend. */
static void
employer_screen_draw(void *p, struct ui *ui)
{
	struct employer_screen *e = p;

	ui_set_title(ui, e->id[0] != '\0' ? _("jobdesk - employer") :
	    _("jobdesk - register an employer"));
	attrset(A_BOLD);
	ui_put(1, 1, 60, formdef_name(ui_form(ui, KIND_EMPLOYER)));
	attrset(A_NORMAL);
	form_draw(e->form, ui);
	if (e->id[0] != '\0') {
		char line[200];

		snprintf(line, sizeof line, _("Registered %s | %s"),
		    fields_str(&e->record, "registered_on"),
		    ui_status_name(fields_str(&e->record, "status")));
		ui_put(UI_BODY_TOP + FORM_LAST_ROW + 1, 1, 78, line);
		if (form_modal(e->form))
			return;
		if (ui_clerk_is_supervisor(ui))
			/* TRANSLATORS: legend of an open employer for a supervisor; at most 80 cells. */
			ui_set_legend(ui, _("F2/^S Save F6/^W Withdraw F7/^V Vacancies F8/^X More F11/^G Move F12/^O History"));
		else
			/* TRANSLATORS: legend of an open employer; under 80 cells. */
			ui_set_legend(ui, _("F1 Help F2/^S Save F4/^P Pick F6/^W Withdraw F7/^V Vacancies F8/^X More Esc"));
	}
}

/* Checks the form and registers or saves the employer, then shows the stored record. */
static void
employer_screen_save(struct employer_screen *e, struct ui *ui)
{
	struct fields v = FIELDS_INIT, saved = FIELDS_INIT;
	char id[IDENT_LEN + 1], err[400];
	int rc;

	if (form_check(e->form, ui, &v) != 0)
		goto out;
	rc = e->id[0] != '\0' ?
	    employer_save(ui_store(ui), e->id, &v, &saved, id, err, sizeof err) :
	    employer_register(ui_store(ui), &v, &saved, id, err, sizeof err);
	if (rc < 0) {
		ui_error(ui, "%s", err);
		goto out;
	}
	if (rc == 2) {
		employer_screen_load(e, ui, id);
		ui_warn(ui, _("%s: this is the registered record; nothing was saved"), err);
		goto out;
	}
	fields_copy(ui_dup(ui, KIND_EMPLOYER), &v);
	/* The store handed back what it stored: shown without a second (audited) read. */
	fields_free(&e->record);
	e->record = saved;
	fields_init(&saved);
	employer_screen_show(e, ui);
	ui_info(ui, rc == 1 ? _("nothing changed") : _("saved: %s"), fields_str(&v, "name"));
out:
	fields_free(&v);
	fields_free(&saved);
}

/* A USCC that is registered already opens that employer instead of a second one. */
static void
employer_screen_after_uscc(struct employer_screen *e, struct ui *ui)
{
	char uscc[32], other[IDENT_LEN + 1];

	snprintf(uscc, sizeof uscc, "%s", form_value(e->form, "uscc"));
	if (*uscc == '\0' || employer_find_uscc(ui_store(ui), uscc, other) != 1)
		return;
	employer_screen_load(e, ui, other);
	ui_warn(ui, _("USCC %s is already registered: this is the existing record"), uscc);
}

/* Opens the timeline of the services given to the employer. */
static void
employer_screen_services(void *p, struct ui *ui)
{
	struct employer_screen *e = p;
	struct record_arg *a = xcalloc(1, sizeof *a);

	a->kind = KIND_EMPLOYER;
	snprintf(a->id, sizeof a->id, "%s", e->id);
	ui_push(ui, &screen_services, a);
}

/* Records a recruitment talk (招聘洽谈) given now; once a day, a second press says so. */
static void
employer_screen_talk(void *p, struct ui *ui)
{
	struct employer_screen *e = p;
	char err[400];

	switch (service_give(ui_store(ui), "recruitment_talk", e->id, err, sizeof err)) {
	case 0:
		ui_info(ui, _("recruitment talk recorded for %s"), fields_str(&e->record, "name"));
		break;
	case 1:
		ui_warn(ui, _("a recruitment talk of %s is recorded today already"),
		    fields_str(&e->record, "name"));
		break;
	default:
		ui_error(ui, "%s", err);
	}
}

/* What else can be done on a saved employer, which F8 (Ctrl-X) lists. */
static const struct ui_action employer_actions[] = {
	{ N_("Services given to this employer"), 0, employer_screen_services },
	{ N_("Record a recruitment talk (given now)"), 0, employer_screen_talk },
};

/* Handles a key on the employer screen: save, vacancies, withdraw, leave, or the form. */
static enum ui_key_result
employer_screen_key(void *p, struct ui *ui, const struct ui_key *k)
{
	struct employer_screen *e = p;
	enum ui_key_result r;
	const char *left;
	char reason[32], err[400], what[200];
	int moved;

	/* The picker or the help over the form takes every key. */
	if (form_modal(e->form))
		return form_key(e->form, ui, k, &left);
	if (e->id[0] != '\0' && ui_key_is(k, 8, 'X')) {
		/* TRANSLATORS: the title of the list of what else can be done on an employer. */
		ui_choose_action(ui, _("More on this employer"), employer_actions,
		    sizeof employer_actions / sizeof employer_actions[0], e);
		return UI_KEY_USED;
	}
	if (ui_key_is(k, 2, 'S')) {
		employer_screen_save(e, ui);
		return UI_KEY_USED;
	}
	if (ui_key_is(k, 7, 'V')) {
		struct vacancy_arg arg;

		if (e->id[0] == '\0') {
			ui_error(ui, _("save the employer first (F2), then add vacancies"));
			return UI_KEY_USED;
		}
		memset(&arg, 0, sizeof arg);
		snprintf(arg.employer_id, sizeof arg.employer_id, "%s", e->id);
		ui_push(ui, &screen_vacancies, &arg);
		return UI_KEY_USED;
	}
	if (ui_record_keys(ui, k, KIND_EMPLOYER, e->id, fields_str(&e->record, "office"),
	    form_modified(e->form), &moved) == UI_KEY_USED) {
		if (moved)
			employer_screen_load(e, ui, e->id);
		return UI_KEY_USED;
	}
	if (e->id[0] != '\0' && ui_key_is(k, 6, 'W')) {
		if (form_modified(e->form)) {
			ui_error(ui, _("save or undo the changes first (F2 saves)"));
			return UI_KEY_USED;
		}
		snprintf(what, sizeof what, _("the registration of %s"),
		    fields_str(&e->record, "name"));
		if (ui_withdraw_ask(ui, "employer_withdraw_reason", NULL,
		    _("Reason for withdrawing the registration"), what, reason, sizeof reason) != 0)
			return UI_KEY_USED;
		if (employer_withdraw(ui_store(ui), e->id, reason, err, sizeof err) != 0)
			ui_error(ui, "%s", err);
		else {
			employer_screen_load(e, ui, e->id);
			ui_info(ui, _("the registration is withdrawn"));
		}
		return UI_KEY_USED;
	}
	if (ui_key_char(k, UI_KEY_ESC) && !form_modal(e->form) && form_modified(e->form) &&
	    !ui_confirm(ui, _("Leave without saving the changes?")))
		return UI_KEY_USED;
	r = form_key(e->form, ui, k, &left);
	if (left != NULL && strcmp(left, "uscc") == 0 && e->id[0] == '\0')
		employer_screen_after_uscc(e, ui);
	return r;
}

const struct screen screen_employer = {
	.name = "employer",
	.init = employer_screen_init,
	.free = employer_screen_free,
	.draw = employer_screen_draw,
	.key = employer_screen_key,
};
