/*
 * One vacancy: the form 岗位（招聘）登记表 of an employer. Opened from a
 * search of every employer's vacancies, F5 or Ctrl-T opens its employer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "core/kind.h"
#include "store/employer.h"
#include "store/vacancy.h"
#include "ui/screen-employer.h"
#include "ui/ui.h"
#include "ui/widget-form.h"

struct vacancy_screen {
	struct form	*form;
	char		 employer_id[IDENT_LEN + 1];
	char		 id[IDENT_LEN + 1];
	struct fields	 record;
	char		 referrals[300];	/* its hires and referrals */
	int		 employer_key;		/* see struct vacancy_arg */
};

/* Shows v->record (as the store gave it, "id" naming it) in a fresh form, locked unless open. */
static void
vacancy_screen_show(struct vacancy_screen *v, struct ui *ui)
{
	const struct kind *k = kind_get(KIND_VACANCY);

	snprintf(v->id, sizeof v->id, "%s", fields_str(&v->record, "id"));
	form_free(v->form);
	v->form = form_new(ui, ui_form(ui, KIND_VACANCY), &v->record);
	form_set_dup(v->form, ui_dup(ui, KIND_VACANCY));
	form_set_locked(v->form, strcmp(fields_str(&v->record, "status"),
	    kind_initial_status(k)) != 0);
	ui_referral_summary(ui, KIND_VACANCY, v->id, v->referrals, sizeof v->referrals);
}

/* Opens the vacancy with this id (an audited view) and shows it; an error if unreadable. */
static void
vacancy_screen_load(struct vacancy_screen *v, struct ui *ui, const char *id_in)
{
	char id[IDENT_LEN + 1];

	/* id_in may be the screen's own id field: copy it before anything is written. */
	snprintf(id, sizeof id, "%s", id_in);
	fields_free(&v->record);
	if (vacancy_open(ui_store(ui), id, &v->record) != 1) {
		ui_error(ui, _("the record cannot be read"));
		return;
	}
	vacancy_screen_show(v, ui);
}

/* Creates the vacancy screen: an existing vacancy by id, or a new one of the employer. */
static void *
vacancy_screen_init(struct ui *ui, void *arg)
{
	struct vacancy_screen *v = xcalloc(1, sizeof *v);
	const struct vacancy_arg *a = arg;

	fields_init(&v->record);
	snprintf(v->employer_id, sizeof v->employer_id, "%s", a->employer_id);
	v->employer_key = a->employer_key;
	if (a->id[0] != '\0') {
		vacancy_screen_load(v, ui, a->id);
		if (v->form != NULL)
			return v;
	}
	v->form = form_new(ui, ui_form(ui, KIND_VACANCY), NULL);
	form_set_dup(v->form, ui_dup(ui, KIND_VACANCY));
	return v;
}

/* Frees the vacancy screen. */
static void
vacancy_screen_free(void *p)
{
	struct vacancy_screen *v = p;

	form_free(v->form);
	fields_free(&v->record);
	free(v);
}

/* Draws the vacancy form under its title. */
static void
vacancy_screen_draw(void *p, struct ui *ui)
{
	struct vacancy_screen *v = p;

	ui_set_title(ui, v->id[0] != '\0' ? _("jobdesk - vacancy") :
	    _("jobdesk - register a vacancy"));
	attrset(A_BOLD);
	ui_put(1, 1, 60, formdef_name(ui_form(ui, KIND_VACANCY)));
	attrset(A_NORMAL);
	form_draw(v->form, ui);
	if (v->id[0] != '\0')
		ui_put(UI_BODY_TOP + FORM_LAST_ROW + 2, 1, 78, v->referrals);
	if (v->id[0] != '\0' && !form_modal(v->form) && v->employer_key)
		/* TRANSLATORS: legend of a vacancy found in the search of all employers; under 80 cells. */
		ui_set_legend(ui, _("F1 Help F2/^S Save F4/^P Pick F5/^T Employer F7/^V Seekers who fit Esc"));
	else if (v->id[0] != '\0' && !form_modal(v->form))
		/* TRANSLATORS: legend of a saved vacancy; under 80 cells. */
		ui_set_legend(ui, _("F1 Help  F2/^S Save  F4/^P Pick  F7/^V Seekers who fit  Esc Back"));
}

/* Checks the form and saves the vacancy, then shows the stored record. */
static void
vacancy_screen_save(struct vacancy_screen *v, struct ui *ui)
{
	struct fields f = FIELDS_INIT, saved = FIELDS_INIT;
	char id[IDENT_LEN + 1], err[400];
	int rc;

	if (form_check(v->form, ui, &f) != 0)
		goto out;
	rc = v->id[0] != '\0' ?
	    vacancy_save(ui_store(ui), v->id, v->employer_id, &f, &saved, id, err, sizeof err) :
	    vacancy_register(ui_store(ui), v->employer_id, &f, &saved, id, err, sizeof err);
	if (rc < 0) {
		ui_error(ui, "%s", err);
		goto out;
	}
	fields_copy(ui_dup(ui, KIND_VACANCY), &f);
	/* The store handed back what it stored: shown without a second (audited) read. */
	fields_free(&v->record);
	v->record = saved;
	fields_init(&saved);
	vacancy_screen_show(v, ui);
	ui_info(ui, rc == 1 ? _("nothing changed") : _("saved: %s"), fields_str(&f, "title"));
out:
	fields_free(&f);
	fields_free(&saved);
}

/* Handles a key on the vacancy screen: save, leave, or the form. */
static enum ui_key_result
vacancy_screen_key(void *p, struct ui *ui, const struct ui_key *k)
{
	struct vacancy_screen *v = p;
	const char *left;

	/* The picker or the help over the form takes every key. */
	if (form_modal(v->form))
		return form_key(v->form, ui, k, &left);
	if (ui_key_is(k, 2, 'S')) {
		vacancy_screen_save(v, ui);
		return UI_KEY_USED;
	}
	if (v->id[0] != '\0' && ui_key_is(k, UI_KEY_MATCH_F, UI_KEY_MATCH_CTRL)) {
		ui_open_match(ui, KIND_VACANCY, v->id, form_modified(v->form));
		return UI_KEY_USED;
	}
	if (v->id[0] != '\0' && v->employer_key && ui_key_is(k, 5, 'T')) {
		struct employer_arg arg;

		if (form_modified(v->form)) {
			ui_error(ui, _("save or undo the changes first (F2 saves)"));
			return UI_KEY_USED;
		}
		memset(&arg, 0, sizeof arg);
		snprintf(arg.id, sizeof arg.id, "%s", v->employer_id);
		ui_push(ui, &screen_employer, &arg);
		return UI_KEY_USED;
	}
	if (ui_key_char(k, UI_KEY_ESC) && !form_modal(v->form) && form_modified(v->form) &&
	    !ui_confirm(ui, _("Leave without saving the changes?")))
		return UI_KEY_USED;
	return form_key(v->form, ui, k, &left);
}

/* Back from its match list or a referral: its hires and referrals may have changed. */
static void
vacancy_screen_resume(void *p, struct ui *ui)
{
	struct vacancy_screen *v = p;

	ui_referral_summary(ui, KIND_VACANCY, v->id, v->referrals, sizeof v->referrals);
}

const struct screen screen_vacancy = {
	.name = "vacancy",
	.init = vacancy_screen_init,
	.free = vacancy_screen_free,
	.draw = vacancy_screen_draw,
	.key = vacancy_screen_key,
	.resume = vacancy_screen_resume,
};
