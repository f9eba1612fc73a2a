/*
 * Referring from a match list (推荐面试): who is sent to which vacancy,
 * and the interview's date and place when the employer has given them,
 * filled in from the last referral to the same vacancy whose interview is
 * still to come (the employer's next session). F2 or Ctrl-S refers each
 * job seeker with a letter of their own, printed at once, and goes back
 * to the list; Esc goes back without referring. Both fields may stay
 * empty: the letter then leaves the interview to the employer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "store/referral.h"
#include "store/store.h"
#include "ui/ui.h"
#include "ui/widget-form.h"

#define REFER_INFO_ROW	2

struct refer_screen {
	struct refer_arg	*arg;
	struct formdef		 def;
	struct form		*form;
	struct formfield	 fields[2];
};

static const struct formfield refer_fields[] = {
	{ .key = "interview_date", .label_zh = "面试日期", .label_en = "Interview on", .row = 8,
	  .col = 1, .width = 10, .maxlen = 10, .type = FIELD_DATE,
	  .help_zh = "单位约定的面试日期，不早于今天；不知道可空。",
	  .help_en = "The day the employer interviews, not before today; empty if not known." },
	{ .key = "interview_place", .label_zh = "面试地点", .label_en = "Place", .row = 9,
	  .col = 1, .width = 50, .maxlen = 60, .type = FIELD_TEXT,
	  .help_zh = "面试的地点和时间，如“二楼人事部 上午9点”；不知道可空。",
	  .help_en = "Where and at what time, e.g. \"HR office, 2nd floor, 9 am\"; may be empty." },
};
#define REFER_NFIELDS	(sizeof refer_fields / sizeof refer_fields[0])

static void
refer_arg_free(struct refer_arg *a)
{
	if (a == NULL)
		return;
	free(a->seekers);
	free(a);
}

/* Creates the screen on a struct refer_arg (taken over). */
static void *
refer_screen_init(struct ui *ui, void *arg)
{
	struct refer_screen *r = xcalloc(1, sizeof *r);
	char date[11], place[256];

	r->arg = arg;
	memcpy(r->fields, refer_fields, sizeof refer_fields);
	r->form = form_new_builtin(ui, &r->def, "推荐面试", "Referral", 14, r->fields,
	    REFER_NFIELDS, NULL);
	if (referral_next_interview(ui_store(ui), r->arg->vacancy_id, date, place,
	    sizeof place) == 1) {
		form_set(r->form, "interview_date", date);
		form_set(r->form, "interview_place", place);
	}
	form_focus(r->form, "interview_date");
	form_mark_clean(r->form);
	return r;
}

static void
refer_screen_free(void *p)
{
	struct refer_screen *r = p;

	form_free(r->form);
	refer_arg_free(r->arg);
	free(r);
}

/* Draws who goes where, what a near miss misses, and the interview's fields. */
static void
refer_screen_draw(void *p, struct ui *ui)
{
	struct refer_screen *r = p;
	const struct refer_arg *a = r->arg;
	char line[1024];
	size_t i, len;

	ui_set_title(ui, _("jobdesk - refer to an interview"));
	snprintf(line, sizeof line, _("Vacancy:     %s"), a->vacancy_label);
	ui_put(REFER_INFO_ROW, 1, 78, line);
	if (a->n == 1)
		snprintf(line, sizeof line, _("Job seeker:  %s"), a->seekers[0].label);
	else {
		/* TRANSLATORS: before the names of the job seekers marked in a list. */
		snprintf(line, sizeof line, _("Job seekers: %zu marked:"), a->n);
		for (i = 0; i < a->n && (len = strlen(line)) + 2 < sizeof line; i++)
			snprintf(line + len, sizeof line - len, "%s%s", i ? ", " : " ",
			    a->seekers[i].label);
	}
	ui_put(REFER_INFO_ROW + 1, 1, 78, line);
	if (a->misses[0] != '\0') {
		attrset(ui_attr_error());
		snprintf(line, sizeof line, _("Near miss — %s"), a->misses);
		ui_put(REFER_INFO_ROW + 2, 1, 78, line);
		attrset(A_NORMAL);
	}
	ui_put(REFER_INFO_ROW + 4, 1, 78, _("Each gets a letter; the interview goes on it when "
	    "given."));
	form_draw(r->form, ui);
	if (!form_modal(r->form))
		/* TRANSLATORS: legend of the referral screen; under 80 cells. */
		ui_set_legend(ui, _("F2/^S Refer and print  F1 Help  Esc Back, not referred"));
}

/*
 * Refers every seeker of the screen with the interview of the form, each
 * letter printed; goes back to the list when one or more were referred.
 */
static void
refer_screen_refer(struct refer_screen *r, struct ui *ui)
{
	struct refer_arg *a = r->arg;
	struct fields v = FIELDS_INIT;
	char id[IDENT_LEN + 1], num[REFERRAL_NUMBER_LEN], number[REFERRAL_NUMBER_LEN] = "";
	char err[400] = "", failed_err[400] = "";
	size_t i, done = 0, failed = 0, unprinted = 0;

	if (form_check(r->form, ui, &v) != 0)
		goto out;
	for (i = 0; i < a->n; i++) {
		if (referral_create(ui_store(ui), a->seekers[i].id, a->vacancy_id,
		    fields_str(&v, "interview_date"), fields_str(&v, "interview_place"), id, num,
		    err, sizeof err) != 0) {
			failed++;
			if (a->n == 1)
				snprintf(failed_err, sizeof failed_err, "%s", err);
			else
				/* TRANSLATORS: a job seeker, then why they were not referred. */
				snprintf(failed_err, sizeof failed_err, _("%s: %s"),
				    a->seekers[i].label, err);
			continue;
		}
		done++;
		snprintf(number, sizeof number, "%s", num);
		snprintf(a->last, IDENT_LEN + 1, "%s", id);
		/* A letter that does not print says so, naming the referral; it stays recorded. */
		unprinted += ui_print_referral(ui, id, 0) != 0;
	}
	if (done == 0) {
		ui_error(ui, "%s", failed_err);
		goto out;
	}
	ui_pop(ui);	/* frees r: only locals below */
	/* A letter that did not print has said so: that message stays. */
	if (failed > 0)
		ui_error(ui, _("%zu referred, %zu not: %s"), done, failed, failed_err);
	else if (unprinted == 0 && done == 1)
		ui_info(ui, _("referred: letter %s"), number);
	else if (unprinted == 0)
		ui_info(ui, _("%zu referred, each with a letter; the last is %s"), done, number);
out:
	fields_free(&v);
}

static enum ui_key_result
refer_screen_key(void *p, struct ui *ui, const struct ui_key *k)
{
	struct refer_screen *r = p;
	const char *left;

	if (form_modal(r->form))
		return form_key(r->form, ui, k, &left);
	if (ui_key_is(k, 2, 'S')) {
		refer_screen_refer(r, ui);
		return UI_KEY_USED;
	}
	return form_key(r->form, ui, k, &left);
}

const struct screen screen_refer = {
	.name = "refer",
	.init = refer_screen_init,
	.free = refer_screen_free,
	.draw = refer_screen_draw,
	.key = refer_screen_key,
};
