/*
 * A referral and its outcome (跟踪反馈): opened on a referral from a list,
 * or empty, for the number on a returned receipt (回执), typed or read by
 * a scanner, which finds the referral when the cursor leaves the field.
 * The clerk picks the outcome (hired, not hired, did not attend, seeker
 * declined, employer unreachable; "awaiting" undoes one), its date, the
 * wage of a hire or the reason for not hiring, and F2 records it; an
 * outcome already there is corrected the same way (audited as such).
 * F3 or Ctrl-R prints the letter again, marked 补打. On a hire, F5 or
 * Ctrl-T records the placement check that is due (跟踪回访: still
 * employed? insured?), and the checks made are shown.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "common/buf.h"
#include "common/i18n.h"
#include "common/letterdef.h"
#include "common/xalloc.h"
#include "core/check.h"
#include "core/letter.h"
#include "print/print.h"
#include "store/codes.h"
#include "store/referral.h"
#include "store/store.h"
#include "ui/ui.h"
#include "ui/widget-form.h"

#define REFERRAL_INFO_ROW	5

struct referral_screen {
	struct formdef		 def;
	struct form		*form;
	struct formfield	 fields[5];
	char			 id[IDENT_LEN + 1];	/* "" until a number finds one */
	struct referral_hit	 hit;
	char			 interview[64];
	char			 clerk[64];
	char			 checks[200];	/* a hire's placement checks, as a line */
};

static const struct formfield referral_fields[] = {
	{ .key = "number", .label_zh = "推荐信编号", .label_en = "Letter no.", .row = 3, .col = 1,
	  .width = 30, .maxlen = 40, .required = 1, .type = FIELD_TEXT,
	  .help_zh = "回执上的推荐信编号，可用扫描枪读入。",
	  .help_en = "The letter's number on the receipt; a scanner may read it." },
	{ .key = "outcome", .label_zh = "推荐结果", .label_en = "Outcome", .row = 12, .col = 1,
	  .width = 24, .maxlen = 16, .required = 1, .type = FIELD_CODE,
	  .codes = "referral_outcome",
	  .help_zh = "录用、未录用、未去面试、本人放弃、单位联系不上。",
	  .help_en = "Hired, not hired, did not attend, declined, employer unreachable." },
	{ .key = "outcome_on", .label_zh = "结果日期", .label_en = "Date", .row = 13, .col = 1,
	  .width = 10, .maxlen = 10, .type = FIELD_DATE,
	  .help_zh = "回执或回访的日期，不晚于今天。", .help_en = "Day of the outcome, not after today." },
	{ .key = "hired_wage", .label_zh = "录用月薪", .label_en = "Wage", .row = 14, .col = 1,
	  .width = 8, .maxlen = 7, .type = FIELD_INT, .min = 0, .max = 1000000,
	  .help_zh = "录用时的月工资（元），不知道可空。", .help_en = "Monthly wage of the hire, if known." },
	{ .key = "outcome_reason", .label_zh = "未录用原因", .label_en = "Reason", .row = 15, .col = 1,
	  .width = 24, .maxlen = 16, .type = FIELD_CODE, .codes = "referral_reason",
	  .help_zh = "未录用时填写原因。", .help_en = "Why the seeker was not hired." },
};
#define REFERRAL_NFIELDS	(sizeof referral_fields / sizeof referral_fields[0])

/* The line on a hire's placement checks: each month's, or none yet. */
static void
referral_screen_checks(struct referral_screen *s, struct ui *ui)
{
	struct placement_hit checks[4];
	size_t n = 0, i, len;

	*s->checks = '\0';
	if (strcmp(s->hit.status, "hired") != 0 ||
	    referral_checks(ui_store(ui), s->id, checks, 4, &n) != 0)
		return;
	snprintf(s->checks, sizeof s->checks, "%s", _("Checks:"));
	if (n == 0)
		snprintf(s->checks, sizeof s->checks, "%s", _("Checks: none yet (F5 records one)"));
	for (i = 0; i < n; i++) {
		len = strlen(s->checks);
		/* TRANSLATORS: one placement check: month, day, employed?, insured? */
		snprintf(s->checks + len, sizeof s->checks - len, _(" %d mo. %s %s, %s;"),
		    checks[i].month, checks[i].checked_on,
		    checks[i].employed ? _("employed") : _("not employed"),
		    checks[i].insured ? _("insured") : _("not insured"));
	}
}

/* Reads the referral with this id into the screen and its outcome into the form. */
static void
referral_screen_show(struct referral_screen *s, struct ui *ui, const char *id_in)
{
	struct fields f = FIELDS_INIT;
	struct referral_hit hits[1];
	size_t n = 0;
	char today[11], id[IDENT_LEN + 1];

	/* id_in may be the screen's own id: copy it before anything is written. */
	snprintf(id, sizeof id, "%s", id_in);
	if (referral_open(ui_store(ui), id, &f) != 1) {
		ui_error(ui, _("the referral cannot be read: %s"), store_errmsg(ui_store(ui)));
		goto out;
	}
	snprintf(s->id, sizeof s->id, "%s", id);
	memset(&s->hit, 0, sizeof s->hit);
	if (referral_list(ui_store(ui), REFERRAL_ONE, id, 0, hits, 1, &n) == 0 && n == 1)
		s->hit = hits[0];
	snprintf(s->interview, sizeof s->interview, "%s %s", fields_str(&f, "interview_date"),
	    fields_str(&f, "interview_place"));
	snprintf(s->clerk, sizeof s->clerk, "%s", fields_str(&f, "created_by"));
	form_set(s->form, "number", fields_str(&f, "number"));
	form_set(s->form, "outcome", strcmp(fields_str(&f, "status"), "issued") == 0 ? "" :
	    fields_str(&f, "status"));
	date_format(store_today(), today);
	form_set(s->form, "outcome_on", *fields_str(&f, "outcome_on") != '\0' ?
	    fields_str(&f, "outcome_on") : today);
	form_set(s->form, "hired_wage", fields_str(&f, "hired_wage"));
	form_set(s->form, "outcome_reason", fields_str(&f, "outcome_reason"));
	form_set_fixed(s->form, "number", 1);
	form_focus(s->form, "outcome");
	form_mark_clean(s->form);
	referral_screen_checks(s, ui);
out:
	fields_free(&f);
}

/* Creates the screen on a referral id (arg, a string, may be NULL: a number is typed). */
static void *
referral_screen_init(struct ui *ui, void *arg)
{
	struct referral_screen *s = xcalloc(1, sizeof *s);

	memcpy(s->fields, referral_fields, sizeof referral_fields);
	s->form = form_new_builtin(ui, &s->def, "推荐结果反馈", "Referral outcome", 12, s->fields,
	    REFERRAL_NFIELDS, NULL);
	if (arg != NULL) {
		referral_screen_show(s, ui, arg);
		free(arg);
	}
	return s;
}

static void
referral_screen_free(void *p)
{
	struct referral_screen *s = p;

	form_free(s->form);
	free(s);
}

/* Draws the form with what the referral is: who, where, when, how it stands. */
static void
referral_screen_draw(void *p, struct ui *ui)
{
	struct referral_screen *s = p;
	char line[400];

	ui_set_title(ui, _("jobdesk - referral"));
	form_draw(s->form, ui);
	if (s->id[0] != '\0') {
		snprintf(line, sizeof line, _("Job seeker: %s"), s->hit.seeker_name);
		ui_put(REFERRAL_INFO_ROW, 1, 78, line);
		snprintf(line, sizeof line, _("Vacancy:    %s - %s"), s->hit.vacancy_title,
		    s->hit.employer_name);
		ui_put(REFERRAL_INFO_ROW + 1, 1, 78, line);
		snprintf(line, sizeof line, _("Referred:   %s by %s; interview %s"),
		    s->hit.registered_on, s->clerk, s->interview[0] != ' ' ? s->interview : "-");
		ui_put(REFERRAL_INFO_ROW + 2, 1, 78, line);
		snprintf(line, sizeof line, _("Now:        %s %s"), ui_status_name(s->hit.status),
		    s->hit.outcome_on);
		ui_put(REFERRAL_INFO_ROW + 3, 1, 78, line);
		ui_put(REFERRAL_INFO_ROW + 4, 1, 78, s->checks);
	} else
		ui_put(REFERRAL_INFO_ROW, 1, 78, _("type or scan the number on the receipt, then Tab"));
	if (!form_modal(s->form))
		/* TRANSLATORS: legend of the referral outcome screen; under 80 cells. */
		ui_set_legend(ui, strcmp(s->hit.status, "hired") == 0 ?
		    _("F2/^S Record  F3/^R Reprint  F4/^P Pick  F5/^T Placement check  Esc Back") :
		    _("F2/^S Record  F3/^R Reprint letter  F4/^P Pick  Esc Back"));
}

/* Finds the referral of the number typed. */
static void
referral_screen_find(struct referral_screen *s, struct ui *ui)
{
	char id[IDENT_LEN + 1];
	const char *number = form_value(s->form, "number");
	int rc;

	if (*number == '\0' || s->id[0] != '\0')
		return;
	if ((rc = referral_find_number(ui_store(ui), number, id)) == 1)
		referral_screen_show(s, ui, id);
	else if (rc == 0)
		ui_error(ui, _("no referral has the number %s"), number);
	else
		ui_error(ui, _("cannot read the database: %s"), store_errmsg(ui_store(ui)));
}

/* Records the outcome in the form. */
static void
referral_screen_save(struct referral_screen *s, struct ui *ui)
{
	struct fields v = FIELDS_INIT;
	char err[400];
	int rc;

	if (s->id[0] == '\0') {
		referral_screen_find(s, ui);
		if (s->id[0] == '\0')
			return;
	}
	if (form_check(s->form, ui, &v) != 0)
		goto out;
	rc = referral_outcome(ui_store(ui), s->id, fields_str(&v, "outcome"),
	    fields_str(&v, "outcome_on"), fields_str(&v, "hired_wage"),
	    fields_str(&v, "outcome_reason"), err, sizeof err);
	if (rc < 0) {
		ui_error(ui, "%s", err);
		goto out;
	}
	referral_screen_show(s, ui, s->id);
	if (rc == 1)
		ui_info(ui, "%s", _("nothing changed"));
	else if (strcmp(fields_str(&v, "outcome"), "hired") == 0)
		ui_info(ui, _("recorded: %s hired; the registration is closed as placed"),
		    s->hit.seeker_name);
	else
		ui_info(ui, _("recorded: %s"), ui_status_name(fields_str(&v, "outcome")));
out:
	fields_free(&v);
}

/*
 * Records the placement check that is due: said when none is, else one
 * answer picked from a list (still employed there, with or without social
 * insurance, or not); Esc records nothing.
 */
static void
referral_screen_check(struct referral_screen *s, struct ui *ui)
{
	static const struct {
		const char	*code;
		const char	*name;		/* N_() */
	} answers[] = {
		{ "11", N_("still employed there, social insurance paid") },
		{ "10", N_("still employed there, social insurance not paid") },
		{ "00", N_("no longer employed there") },
	};
	struct code_hit hits[sizeof answers / sizeof answers[0]];
	char err[400], day[11], title[120], answer[24];
	size_t i;
	int month, rc;

	if (s->id[0] == '\0' || strcmp(s->hit.status, "hired") != 0) {
		ui_error(ui, "%s", _("only a hire is checked on"));
		return;
	}
	if ((rc = referral_check_due(ui_store(ui), s->id, &month, day)) != 1) {
		if (rc < 0)
			ui_error(ui, _("cannot read the database: %s"), store_errmsg(ui_store(ui)));
		else if (month == 0)
			ui_error(ui, "%s", _("the 1-, 3- and 6-month checks are all recorded"));
		else
			ui_error(ui, _("the %d-month check is due on %s"), month, day);
		return;
	}
	memset(hits, 0, sizeof hits);
	for (i = 0; i < sizeof answers / sizeof answers[0]; i++) {
		snprintf(hits[i].code, sizeof hits[i].code, "%s", answers[i].code);
		snprintf(hits[i].name_zh, sizeof hits[i].name_zh, "%s", _(answers[i].name));
		snprintf(hits[i].name_en, sizeof hits[i].name_en, "%s", _(answers[i].name));
	}
	/* TRANSLATORS: the title of the list of answers of a placement check. */
	snprintf(title, sizeof title, _("The %d-month placement check"), month);
	if (ui_pick_list(ui, title, hits, sizeof hits / sizeof hits[0], answer,
	    sizeof answer) != 0)
		return;
	if (referral_check_placement(ui_store(ui), s->id, answer[0] == '1', answer[1] == '1',
	    &month, err, sizeof err) != 0) {
		ui_error(ui, "%s", err);
		return;
	}
	referral_screen_checks(s, ui);
	ui_info(ui, _("the %d-month check is recorded"), month);
}

static enum ui_key_result
referral_screen_key(void *p, struct ui *ui, const struct ui_key *k)
{
	struct referral_screen *s = p;
	enum ui_key_result r;
	const char *left;

	if (form_modal(s->form))
		return form_key(s->form, ui, k, &left);
	if (ui_key_is(k, 2, 'S')) {
		referral_screen_save(s, ui);
		return UI_KEY_USED;
	}
	if (ui_key_is(k, 5, 'T')) {
		referral_screen_check(s, ui);
		return UI_KEY_USED;
	}
	if (ui_key_is(k, 3, 'R')) {
		if (s->id[0] == '\0')
			ui_error(ui, "%s", _("find the referral first: its number, then Tab"));
		else
			ui_print_referral(ui, s->id, 1);
		return UI_KEY_USED;
	}
	if (ui_key_char(k, UI_KEY_ESC) && form_modified(s->form) && s->id[0] != '\0' &&
	    !ui_confirm(ui, _("Leave without recording the outcome?")))
		return UI_KEY_USED;
	r = form_key(s->form, ui, k, &left);
	if (left != NULL && strcmp(left, "number") == 0)
		referral_screen_find(s, ui);
	return r;
}

const struct screen screen_referral = {
	.name = "referral",
	.init = referral_screen_init,
	.free = referral_screen_free,
	.draw = referral_screen_draw,
	.key = referral_screen_key,
};

/* Prints a referral's letter; a failure is said and loses nothing. */
int
ui_print_referral(struct ui *ui, const char *id, int reprint)
{
	struct fields values = FIELDS_INIT;
	struct letterdef *def = NULL;
	struct buf text;
	char err[512];
	int rc = -1;

	buf_init(&text);
	if (referral_letter_values(ui_store(ui), id, ui_chinese(ui), &values) != 1) {
		snprintf(err, sizeof err, "%s", _("the referral cannot be read"));
		goto out;
	}
	if ((def = letterdef_load(ui_letter_path(ui), err, sizeof err)) == NULL)
		goto out;
	if (letter_render(def, ui_chinese(ui) ? "zh" : "en", &values, reprint, &text, err,
	    sizeof err) != 0)
		goto out;
	if (ui_print(ui, buf_str(&text), text.len, err, sizeof err) != 0)
		goto out;
	if (referral_printed(ui_store(ui), id, reprint) != 0)
		snprintf(err, sizeof err, _("cannot record the print: %s"), store_errmsg(ui_store(ui)));
	else
		rc = 0;
out:
	if (rc != 0)
		/* TRANSLATORS: the letter's number, then why; the referral itself is saved. */
		ui_error(ui, _("referral %s is kept, but its letter was not printed: %s"),
		    fields_str(&values, "number"), err);
	else if (reprint)
		ui_info(ui, "%s", _("the letter was printed again, marked 补打"));
	letterdef_free(def);
	fields_free(&values);
	buf_free(&text);
	return rc;
}
