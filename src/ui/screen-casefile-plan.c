/*
 * The assistance plan (一人一策) of a hardship person's case file, on
 * forms/assistance_plan.form: the caseworker, the goal and up to four
 * steps, each with who does it, by when and its status. F2 saves; the
 * store checks that the caseworker and each step's owner are accounts.
 * The plan of a person who left hardship status is read only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "store/casefile.h"
#include "store/store.h"
#include "ui/ui.h"
#include "ui/widget-form.h"

struct plan_screen {
	char		*seeker_id;
	struct form	*form;
	struct fields	 record;	/* the plan as last read, "id" naming it */
	int		 closed;
};

/* Shows s->record in a fresh form, locked once the person left hardship status. */
static void
plan_screen_show(struct plan_screen *s, struct ui *ui)
{
	form_free(s->form);
	s->form = form_new(ui, ui_form(ui, KIND_ASSISTANCE_PLAN), &s->record);
	s->closed = strcmp(fields_str(&s->record, "status"), "open") != 0;
	form_set_locked(s->form, s->closed);
}

/* Creates the plan screen of the seeker whose id is arg (an allocated string, taken over). */
static void *
plan_screen_init(struct ui *ui, void *arg)
{
	struct plan_screen *s = xcalloc(1, sizeof *s);

	s->seeker_id = arg;
	fields_init(&s->record);
	if (casefile_plan(ui_store(ui), s->seeker_id, &s->record) != 1)
		ui_error(ui, "%s", _("the person has no case file: open it first"));
	plan_screen_show(s, ui);
	return s;
}

static void
plan_screen_free(void *p)
{
	struct plan_screen *s = p;

	form_free(s->form);
	fields_free(&s->record);
	free(s->seeker_id);
	free(s);
}

static void
plan_screen_draw(void *p, struct ui *ui)
{
	struct plan_screen *s = p;
	char line[300];

	ui_set_title(ui, _("jobdesk - assistance plan"));
	attrset(A_BOLD);
	ui_put(1, 1, 78, formdef_name(ui_form(ui, KIND_ASSISTANCE_PLAN)));
	attrset(A_NORMAL);
	form_draw(s->form, ui);
	/* TRANSLATORS: a plan's line: who opened the case file and when. */
	snprintf(line, sizeof line, _("Opened by %s on %s"), fields_str(&s->record, "created_by"),
	    fields_str(&s->record, "registered_on"));
	ui_put(UI_BODY_TOP + FORM_LAST_ROW + 1, 1, 78, line);
	if (form_modal(s->form))
		return;
	if (s->closed)
		/* TRANSLATORS: legend of the plan of a person who left hardship status. */
		ui_set_legend(ui, _("F1 Help  Esc Back (read only: left hardship status)"));
	else
		/* TRANSLATORS: legend of an assistance plan; under 80 cells. */
		ui_set_legend(ui, _("F1 Help  F2/^S Save  F4/^P Pick  Esc Back"));
}

/* Saves the plan's changes. */
static void
plan_screen_save(struct plan_screen *s, struct ui *ui)
{
	struct fields v = FIELDS_INIT, saved = FIELDS_INIT;
	char err[400];
	int rc;

	if (form_check(s->form, ui, &v) != 0)
		goto out;
	if ((rc = casefile_plan_save(ui_store(ui), fields_str(&s->record, "id"), &v, &saved,
	    err, sizeof err)) < 0) {
		ui_error(ui, "%s", err);
		goto out;
	}
	ui_info(ui, "%s", rc == 1 ? _("nothing changed") : _("saved"));
	if (rc == 0) {
		fields_free(&s->record);
		if (casefile_plan(ui_store(ui), s->seeker_id, &s->record) != 1)
			ui_error(ui, _("the record cannot be read"));
		plan_screen_show(s, ui);
	}
out:
	fields_free(&v);
	fields_free(&saved);
}

static enum ui_key_result
plan_screen_key(void *p, struct ui *ui, const struct ui_key *k)
{
	struct plan_screen *s = p;
	const char *left = NULL;

	if (form_modal(s->form))
		return form_key(s->form, ui, k, &left);
	if (ui_key_is(k, 2, 'S')) {
		if (s->closed)
			ui_error(ui, "%s", _("the person left hardship status: the case file is "
			    "closed"));
		else
			plan_screen_save(s, ui);
		return UI_KEY_USED;
	}
	if (ui_key_char(k, UI_KEY_ESC) && form_modified(s->form) &&
	    !ui_confirm(ui, _("Leave without saving the changes?")))
		return UI_KEY_USED;
	return form_key(s->form, ui, k, &left);
}

const struct screen screen_casefile_plan = {
	.name = "casefile-plan",
	.init = plan_screen_init,
	.free = plan_screen_free,
	.draw = plan_screen_draw,
	.key = plan_screen_key,
	.help = N_(
	    "The assistance plan (一人一策) of a hardship person: the caseworker "
	    "(the account in charge, whose due list shows the person), the goal, "
	    "and up to four steps, each with who does it (an account; empty: the "
	    "caseworker), by when, and its status (open, done, dropped; a step "
	    "written without one is open). An open step past its day puts the "
	    "person on the due list. Steps changed at two windows both stay; one "
	    "field changed at both is settled by the district and the other value "
	    "kept in the conflict journal.\nF2 or Ctrl-S saves. Esc goes back."),
};
