/*
 * Ending a person's hardship status (退出就业困难人员认定), from their case
 * file: the reason (employed for the required time, retirement age
 * reached, at the person's request) and, for employed, the day work
 * began. The screen says up front whether the retirement age is reached
 * and at what age, by the rule of [seeker]; the store checks the reason
 * again. F2 asks, then closes the case file and clears the person's
 * hardship fields, their kind and basis kept in the file.
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

struct leave_screen {
	char			*seeker_id;
	char			 name[128];
	char			 retire[300];	/* whether the retirement age is reached */
	struct formdef		 def;
	struct form		*form;
	struct formfield	 fields[2];
};

static const struct formfield leave_fields[] = {
	{ .key = "reason", .label_zh = "退出原因", .label_en = "Reason", .row = 6, .col = 1,
	  .width = 30, .maxlen = 24, .type = FIELD_CODE, .required = 1,
	  .codes = "hardship_exit_reason",
	  .help_zh = "稳定就业满规定期限、达到法定退休年龄或本人申请退出（F4选择）。",
	  .help_en = "Employed for the required time, reached retirement age, or at the "
	  "person's request (F4 picks)." },
	{ .key = "employed_since", .label_zh = "就业日期", .label_en = "Employed on",
	  .row = 7, .col = 1, .width = 10, .maxlen = 10, .type = FIELD_DATE,
	  .help_zh = "因就业退出时：开始工作的日期，格式YYYY-MM-DD。",
	  .help_en = "For employed: the day the person started work, YYYY-MM-DD." },
};
#define LEAVE_NFIELDS	(sizeof leave_fields / sizeof leave_fields[0])

/* Creates the screen for the seeker whose id is arg (an allocated string, taken over). */
static void *
leave_screen_init(struct ui *ui, void *arg)
{
	struct leave_screen *l = xcalloc(1, sizeof *l);
	struct seeker_hit who;
	char msg[300];
	int rc;

	l->seeker_id = arg;
	if (seeker_hit_get(ui_store(ui), l->seeker_id, &who) == 1)
		snprintf(l->name, sizeof l->name, "%s", who.name);
	memcpy(l->fields, leave_fields, sizeof leave_fields);
	l->form = form_new_builtin(ui, &l->def, "退出就业困难人员认定",
	    "Leave hardship status", 12, l->fields, LEAVE_NFIELDS, NULL);
	rc = casefile_may_leave(ui_store(ui), ui_retire_rule(ui), l->seeker_id, "retired", 0,
	    msg, sizeof msg);
	/* Offered first where it applies: the reason the clerk most likely means. */
	if (rc == 1)
		form_set(l->form, "reason", "retired");
	/* TRANSLATORS: the leave screen: whether the person reached the retirement age. */
	snprintf(l->retire, sizeof l->retire, _("Retirement: %s"), msg);
	form_mark_clean(l->form);
	return l;
}

static void
leave_screen_free(void *p)
{
	struct leave_screen *l = p;

	form_free(l->form);
	free(l->seeker_id);
	free(l);
}

static void
leave_screen_draw(void *p, struct ui *ui)
{
	struct leave_screen *l = p;
	char line[300];

	ui_set_title(ui, _("jobdesk - leave hardship status"));
	/* TRANSLATORS: head of the leave screen: whose hardship status ends. */
	snprintf(line, sizeof line, _("End the hardship status of %s"), l->name);
	attrset(A_BOLD);
	ui_put(2, 1, 78, line);
	attrset(A_NORMAL);
	ui_put(4, 1, 78, l->retire);
	form_draw(l->form, ui);
	if (!form_modal(l->form))
		/* TRANSLATORS: legend of the leave screen; under 80 cells. */
		ui_set_legend(ui, _("F1 Help  F2/^S End the status  F4/^P Pick  Esc Back"));
}

/* Asks, then ends the status and goes back to the case file. */
static void
leave_screen_save(struct leave_screen *l, struct ui *ui)
{
	struct fields v = FIELDS_INIT;
	char err[400], q[300], msg[300];
	int since = 0;

	if (form_check(l->form, ui, &v) != 0)
		goto out;
	if (*fields_str(&v, "employed_since") != '\0' &&
	    check_date(fields_str(&v, "employed_since"), &since, msg, sizeof msg) != 0) {
		ui_error(ui, "%s", msg);
		goto out;
	}
	/* Refused with the reason before the question, not after. */
	if (casefile_may_leave(ui_store(ui), ui_retire_rule(ui), l->seeker_id,
	    fields_str(&v, "reason"), since, msg, sizeof msg) != 1) {
		ui_error(ui, "%s", msg);
		goto out;
	}
	/* TRANSLATORS: asked before a person's hardship status ends; their name. */
	snprintf(q, sizeof q, _("End the hardship status of %s? The case file closes"), l->name);
	if (!ui_confirm(ui, q))
		goto out;
	if (casefile_leave(ui_store(ui), ui_retire_rule(ui), l->seeker_id,
	    fields_str(&v, "reason"), since, err, sizeof err) != 0) {
		ui_error(ui, "%s", err);
		goto out;
	}
	ui_info(ui, _("%s left hardship status"), l->name);
	ui_pop(ui);
out:
	fields_free(&v);
}

static enum ui_key_result
leave_screen_key(void *p, struct ui *ui, const struct ui_key *k)
{
	struct leave_screen *l = p;
	const char *left = NULL;

	if (form_modal(l->form))
		return form_key(l->form, ui, k, &left);
	if (ui_key_is(k, 2, 'S')) {
		leave_screen_save(l, ui);
		return UI_KEY_USED;
	}
	return form_key(l->form, ui, k, &left);
}

const struct screen screen_casefile_leave = {
	.name = "casefile-leave",
	.init = leave_screen_init,
	.free = leave_screen_free,
	.draw = leave_screen_draw,
	.key = leave_screen_key,
	.help = N_(
	    "Ending a person's hardship status, with its reason: employed for the "
	    "required time ([casefile] employed_months, counted from the day work "
	    "began), retirement age reached (by the rule of [seeker], which the "
	    "line above the form applies to the person), or at the person's "
	    "request. The case file closes with the reason and the day; the "
	    "person's hardship fields are cleared, and their hardship kind and "
	    "basis stay in the case file.\nF2 or Ctrl-S asks, then ends the status. "
	    "Esc goes back."),
};
