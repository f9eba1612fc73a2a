/*
 * One job seeker: the registration form (个人求职登记表). A new record
 * fills sex and birth date from the ID number; an ID number that is
 * already registered opens that record instead; a person with the same
 * name and birth date is pointed out while typing. An open record can be
 * renewed or withdrawn, and shows when its registration expires.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/app.h"
#include "common/i18n.h"
#include "common/xalloc.h"
#include "core/check.h"
#include "core/idnum.h"
#include "core/lifecycle.h"
#include "store/codes.h"
#include "store/seeker.h"
#include "store/store.h"
#include "ui/screen-seeker.h"
#include "ui/ui.h"
#include "ui/widget-form.h"

struct seeker {
	struct form	*form;
	char		 id[IDENT_LEN + 1];	/* empty until saved */
	struct fields	 record;		/* the whole record as last loaded */
	char		 similar_shown[IDENT_LEN + 1];
};

/* Whether the registration is closed: placed or withdrawn. */
static int
seeker_closed(const struct seeker *s)
{
	const char *status = fields_str(&s->record, "status");

	return strcmp(status, "withdrawn") == 0 || strcmp(status, "placed") == 0;
}

/* Shows the seeker with this id in a fresh form, locked if closed; an error if unreadable. */
static void
seeker_load(struct seeker *s, struct ui *ui, const char *id_in)
{
	char id[IDENT_LEN + 1];

	/* id_in may be the screen's own id field: copy it before anything is written. */
	snprintf(id, sizeof id, "%s", id_in);
	fields_free(&s->record);
	if (seeker_open(ui_app(ui)->store, id, &s->record) != 1) {
		ui_error(ui, _("the record cannot be read"));
		return;
	}
	snprintf(s->id, sizeof s->id, "%s", id);
	form_free(s->form);
	s->form = form_new(ui, ui_app(ui)->forms[FORM_SEEKER], &s->record);
	form_set_dup(s->form, ui_dup(ui, FORM_SEEKER));
	form_set_fixed(s->form, "id_number", 1);
	form_set_locked(s->form, seeker_closed(s));
}

/* Creates the seeker screen: a record by id, or a new one with the ID number or name given. */
static void *
seeker_init(struct ui *ui, void *arg)
{
	struct seeker *s = xcalloc(1, sizeof *s);
	const struct seeker_arg *a = arg;

	fields_init(&s->record);
	if (a != NULL && a->id[0] != '\0') {
		seeker_load(s, ui, a->id);
		if (s->form != NULL)
			return s;
	}
	s->form = form_new(ui, ui_app(ui)->forms[FORM_SEEKER], NULL);
	form_set_dup(s->form, ui_dup(ui, FORM_SEEKER));
	if (a != NULL) {
		form_set(s->form, "id_number", a->idnum);
		form_set(s->form, "name", a->name);
	}
	return s;
}

/* Frees the seeker screen. */
static void
seeker_free(void *p)
{
	struct seeker *s = p;

	form_free(s->form);
	fields_free(&s->record);
	free(s);
}

/* Draws the seeker form and, once registered, its registration line and legend. */
static void
seeker_draw(void *p, struct ui *ui)
{
	struct seeker *s = p;
	char line[400];

	ui_set_title(ui, s->id[0] != '\0' ? _("jobdesk - job seeker") :
	    _("jobdesk - register a job seeker"));
	attrset(A_BOLD);
	ui_put(1, 1, 60, formdef_name(ui_app(ui)->forms[FORM_SEEKER]));
	attrset(A_NORMAL);
	form_draw(s->form, ui);
	if (s->id[0] != '\0') {
		const char *status = lifecycle_status(fields_str(&s->record, "status"),
		    fields_str(&s->record, "valid_until"), store_today());
		char reason[120] = "";

		if (*fields_str(&s->record, "withdraw_reason") != '\0')
			codes_name(ui_app(ui)->store, "withdraw_reason",
			    fields_str(&s->record, "withdraw_reason"), ui_chinese(ui), reason,
			    sizeof reason);
		snprintf(line, sizeof line, _("Registration: %s%s%s | registered %s | valid until %s"),
		    ui_status_name(status), *reason != '\0' ? " - " : "", reason,
		    fields_str(&s->record, "registered_on"), fields_str(&s->record, "valid_until"));
		if (strcmp(status, "expired") == 0)
			attrset(A_BOLD);
		ui_put(UI_BODY_TOP + FORM_LAST_ROW + 1, 1, 78, line);
		attrset(A_NORMAL);
		/* TRANSLATORS: legend of a placed or withdrawn seeker; under 80 cells. */
		const char *closed = _("F1 Help  F5/^T Register again  Esc Back");
		/* TRANSLATORS: legend of an open seeker record; under 80 cells. */
		const char *open = _("F1 Help F2/^S Save F3/^R Dup F4/^P Pick F5/^T Renew F6/^W Withdraw Esc");

		if (!form_modal(s->form))
			ui_set_legend(ui, seeker_closed(s) ? closed : open);
	}
}

/* Sex and birth date follow from a valid ID number. */
static void
seeker_fill_from_idnum(struct seeker *s, const char *number)
{
	struct idnum idn;
	char birth[11];

	if (idnum_parse(number, store_today(), &idn, NULL, 0) != 0)
		return;
	form_set(s->form, "sex", idn.sex == 1 ? "1" : "2");
	date_format(idn.year * 10000 + idn.month * 100 + idn.day, birth);
	form_set(s->form, "birth_date", birth);
}

/* Warns once about another registered seeker with the same name and birth date. */
static void
seeker_check_similar(struct seeker *s, struct ui *ui)
{
	struct seeker_hit hits[3];
	char name[128], birth[16], masked[24];
	size_t n = 0;

	snprintf(name, sizeof name, "%s", form_value(s->form, "name"));
	snprintf(birth, sizeof birth, "%s", form_value(s->form, "birth_date"));
	if (*name == '\0' || *birth == '\0')
		return;
	seeker_similar(ui_app(ui)->store, name, birth, s->id, hits, 3, &n);
	if (n == 0 || strcmp(s->similar_shown, hits[0].id) == 0)
		return;
	snprintf(s->similar_shown, sizeof s->similar_shown, "%s", hits[0].id);
	idnum_mask(hits[0].id_number, masked, sizeof masked);
	ui_warn(ui, _("a person with the same name and birth date is registered: %s %s (%s); "
	    "check it is not the same person"), hits[0].name, masked, hits[0].birth_date);
}

/* After the ID number field: open an existing record, or derive sex and birth. */
static void
seeker_after_idnum(struct seeker *s, struct ui *ui)
{
	char number[32], other[IDENT_LEN + 1], masked[24];

	snprintf(number, sizeof number, "%s", form_value(s->form, "id_number"));
	if (*number == '\0')
		return;
	if (seeker_find_idnum(ui_app(ui)->store, number, other) == 1 &&
	    strcmp(other, s->id) != 0) {
		if (s->id[0] != '\0') {
			ui_error(ui, _("ID number %s belongs to another registered seeker"), number);
			return;
		}
		seeker_load(s, ui, other);
		idnum_mask(number, masked, sizeof masked);
		ui_warn(ui, _("ID number %s is already registered: this is the existing record"),
		    masked);
		return;
	}
	seeker_fill_from_idnum(s, number);
	seeker_check_similar(s, ui);
}

/* Checks the form and registers or saves the seeker, then shows the stored record. */
static void
seeker_save_form(struct seeker *s, struct ui *ui)
{
	struct fields v = FIELDS_INIT;
	char id[IDENT_LEN + 1], err[400];
	int rc;

	if (form_check(s->form, ui, &v) != 0)
		goto out;
	rc = s->id[0] != '\0' ?
	    seeker_save(ui_app(ui)->store, s->id, &v, id, err, sizeof err) :
	    seeker_register(ui_app(ui)->store, &v, id, err, sizeof err);
	if (rc < 0) {
		ui_error(ui, "%s", err);
		goto out;
	}
	if (rc == 2) {
		/* Registered meanwhile (another window): show that record, typed values not saved. */
		seeker_load(s, ui, id);
		ui_warn(ui, _("%s: this is the registered record; nothing was saved"), err);
		goto out;
	}
	fields_copy(ui_dup(ui, FORM_SEEKER), &v);
	seeker_load(s, ui, id);
	ui_info(ui, rc == 1 ? _("nothing changed") : _("saved: %s"), fields_str(&v, "name"));
out:
	fields_free(&v);
}

/* Asks for a reason and withdraws the seeker's registration. */
static void
seeker_withdraw_ask(struct seeker *s, struct ui *ui)
{
	char reason[32], err[400];

	if (ui_pick_code(ui, "withdraw_reason", _("Reason for withdrawing the registration"),
	    reason, sizeof reason) != 0)
		return;
	if (seeker_withdraw(ui_app(ui)->store, s->id, reason, err, sizeof err) != 0) {
		ui_error(ui, "%s", err);
		return;
	}
	seeker_load(s, ui, s->id);
	ui_info(ui, _("the registration is withdrawn"));
}

/* Handles a key on the seeker screen: save, renew, withdraw, leave, or the form. */
static enum ui_key_result
seeker_key(void *p, struct ui *ui, const struct ui_key *k)
{
	struct seeker *s = p;
	const char *left = NULL;
	enum ui_key_result r;
	int was_closed;
	char err[400];

	/* The picker or the help over the form takes every key. */
	if (form_modal(s->form))
		return form_key(s->form, ui, k, &left);
	if (ui_key_is(k, 2, 'S')) {
		seeker_save_form(s, ui);
		return UI_KEY_USED;
	}
	if (s->id[0] != '\0' && ui_key_is(k, 5, 'T')) {
		if (form_modified(s->form)) {
			ui_error(ui, _("save or undo the changes first (F2 saves)"));
			return UI_KEY_USED;
		}
		was_closed = seeker_closed(s);
		if (seeker_renew(ui_app(ui)->store, s->id, err, sizeof err) != 0)
			ui_error(ui, "%s", err);
		else {
			seeker_load(s, ui, s->id);
			ui_info(ui, was_closed ? _("registered again, valid until %s") :
			    _("the registration is renewed until %s"),
			    fields_str(&s->record, "valid_until"));
		}
		return UI_KEY_USED;
	}
	if (s->id[0] != '\0' && ui_key_is(k, 6, 'W')) {
		if (form_modified(s->form)) {
			ui_error(ui, _("save or undo the changes first (F2 saves)"));
			return UI_KEY_USED;
		}
		seeker_withdraw_ask(s, ui);
		return UI_KEY_USED;
	}
	if (ui_key_char(k, UI_KEY_ESC) && !form_modal(s->form) && form_modified(s->form) &&
	    !ui_confirm(ui, _("Leave without saving the changes?")))
		return UI_KEY_USED;
	r = form_key(s->form, ui, k, &left);
	if (left != NULL && strcmp(left, "id_number") == 0)
		seeker_after_idnum(s, ui);
	else if (left != NULL && strcmp(left, "name") == 0)
		seeker_check_similar(s, ui);
	return r;
}

const struct screen screen_seeker = {
	.name = "seeker",
	.init = seeker_init,
	.free = seeker_free,
	.draw = seeker_draw,
	.key = seeker_key,
};
