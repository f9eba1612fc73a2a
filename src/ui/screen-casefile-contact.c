/*
 * Recording a contact with a hardship person (电话, 走访, 窗口) for their
 * case file: the day, the way, the result and a note (personal: shown
 * only in the case file). F2 saves and goes back to the case file, where
 * the next contact has moved when the contact reached the person.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "core/check.h"
#include "store/casefile.h"
#include "store/seeker.h"
#include "store/store.h"
#include "ui/ui.h"
#include "ui/widget-form.h"

struct contact_screen {
	char			*seeker_id;
	char			 name[128];
	struct formdef		 def;
	struct form		*form;
	struct formfield	 fields[4];
};

static const struct formfield contact_fields[] = {
	{ .key = "contacted_on", .label_zh = "联系日期", .label_en = "Date", .row = 4,
	  .col = 1, .width = 10, .maxlen = 10, .type = FIELD_DATE, .required = 1,
	  .help_zh = "联系的日期，格式YYYY-MM-DD，不晚于今天。",
	  .help_en = "The day of the contact, YYYY-MM-DD, not after today." },
	{ .key = "way", .label_zh = "联系方式", .label_en = "Way", .row = 5, .col = 1,
	  .width = 16, .maxlen = 24, .type = FIELD_CODE, .required = 1, .codes = "contact_way",
	  .help_zh = "电话、走访或窗口（F4选择）。",
	  .help_en = "Phone, visit or at the window (F4 picks)." },
	{ .key = "result", .label_zh = "联系结果", .label_en = "Result", .row = 6, .col = 1,
	  .width = 20, .maxlen = 24, .type = FIELD_CODE, .required = 1,
	  .codes = "contact_result",
	  .help_zh = "联系的结果（F4选择）。未联系上不算一次联系，下次联系仍到期。",
	  .help_en = "What the contact found (F4 picks). Not reached does not count: the "
	  "next contact stays due." },
	{ .key = "note", .label_zh = "情况记录", .label_en = "Note", .row = 7, .col = 1,
	  .width = 60, .maxlen = 100, .type = FIELD_TEXT,
	  .help_zh = "联系情况（个人信息，只在本人的档案中显示）。",
	  .help_en = "What was said (personal: shown only in the person's case file)." },
};
#define CONTACT_NFIELDS	(sizeof contact_fields / sizeof contact_fields[0])

/* Creates the contact form for the seeker whose id is arg (an allocated string, taken over). */
static void *
contact_screen_init(struct ui *ui, void *arg)
{
	struct contact_screen *c = xcalloc(1, sizeof *c);
	struct seeker_hit who;
	struct fields f = FIELDS_INIT;
	char today[11];

	c->seeker_id = arg;
	if (seeker_hit_get(ui_store(ui), c->seeker_id, &who) == 1)
		snprintf(c->name, sizeof c->name, "%s", who.name);
	memcpy(c->fields, contact_fields, sizeof contact_fields);
	date_format(store_today(), today);
	fields_set(&f, "contacted_on", today);
	fields_set(&f, "way", "phone");
	c->form = form_new_builtin(ui, &c->def, "联系记录", "Contact", 12, c->fields,
	    CONTACT_NFIELDS, &f);
	fields_free(&f);
	form_mark_clean(c->form);
	return c;
}

static void
contact_screen_free(void *p)
{
	struct contact_screen *c = p;

	form_free(c->form);
	free(c->seeker_id);
	free(c);
}

static void
contact_screen_draw(void *p, struct ui *ui)
{
	struct contact_screen *c = p;
	char line[300];

	ui_set_title(ui, _("jobdesk - record a contact"));
	/* TRANSLATORS: head of the contact form: whose case file. */
	snprintf(line, sizeof line, _("Contact with %s (case file)"), c->name);
	attrset(A_BOLD);
	ui_put(2, 1, 78, line);
	attrset(A_NORMAL);
	form_draw(c->form, ui);
	if (!form_modal(c->form))
		/* TRANSLATORS: legend of the contact form; under 80 cells. */
		ui_set_legend(ui, _("F1 Help  F2/^S Save  F4/^P Pick  Esc Back"));
}

/* Records the contact and goes back to the case file. */
static void
contact_screen_save(struct contact_screen *c, struct ui *ui)
{
	struct fields v = FIELDS_INIT;
	char err[400];

	if (form_check(c->form, ui, &v) != 0)
		goto out;
	if (casefile_contact(ui_store(ui), c->seeker_id, fields_str(&v, "contacted_on"),
	    fields_str(&v, "way"), fields_str(&v, "result"), fields_str(&v, "note"), err,
	    sizeof err) != 0) {
		ui_error(ui, "%s", err);
		goto out;
	}
	ui_info(ui, _("contact with %s recorded"), c->name);
	ui_pop(ui);
out:
	fields_free(&v);
}

static enum ui_key_result
contact_screen_key(void *p, struct ui *ui, const struct ui_key *k)
{
	struct contact_screen *c = p;
	const char *left = NULL;

	if (form_modal(c->form))
		return form_key(c->form, ui, k, &left);
	if (ui_key_is(k, 2, 'S')) {
		contact_screen_save(c, ui);
		return UI_KEY_USED;
	}
	if (ui_key_char(k, UI_KEY_ESC) && form_modified(c->form) &&
	    !ui_confirm(ui, _("Leave without saving the changes?")))
		return UI_KEY_USED;
	return form_key(c->form, ui, k, &left);
}

const struct screen screen_casefile_contact = {
	.name = "casefile-contact",
	.init = contact_screen_init,
	.free = contact_screen_free,
	.draw = contact_screen_draw,
	.key = contact_screen_key,
	.help = N_(
	    "A contact with a hardship person for their case file: the day, the "
	    "way (phone, visit, at the window), the result and a note. The note is "
	    "personal: it shows only in the person's case file. A contact that "
	    "reached the person moves their next contact on by the months of the "
	    "schedule ([casefile] contact_months); one that did not leaves it due. "
	    "Each contact counts as a follow-up service in the ledger.\nF2 or "
	    "Ctrl-S saves and goes back. Esc goes back without saving."),
};
