/*
 * The case file (一人一档) of a hardship person: who they are and their
 * hardship kind, the state of the file (in hardship status, the case
 * worker, what is due next; or when and why they left it), the plan in
 * one line, and the whole timeline newest first, one line each:
 * registrations, services, referrals and outcomes, guidance sessions,
 * contacts. The selected contact's note shows under the list (personal:
 * the view is audited). Enter opens the record of a line where there is
 * one; F2 records a contact, F3 opens the plan (一人一策), F4 ends
 * hardship status.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "core/check.h"
#include "core/idnum.h"
#include "store/casefile.h"
#include "store/codes.h"
#include "store/seeker.h"
#include "store/store.h"
#include "ui/ui.h"
#include "ui/widget-list.h"

#define CASEFILE_TOP	6
#define CASEFILE_ROWS	13	/* rows 6-18; the note of a contact on row 19 */
#define CASEFILE_MAX	2000

struct casefile_screen {
	struct record_arg	 of;
	struct fields		 plan;		/* the plan, every column; empty when none */
	struct seeker_hit	 who;
	char			 hardship[200];	/* the person's hardship kinds, named */
	struct casefile_timeline t;
	struct list		 view;
	struct ui		*ui;
};

/* A code's name in the clerk's language, or the code. */
static void
casefile_screen_name(struct ui *ui, const char *list, const char *code, char *out,
    size_t outlen)
{
	if (codes_name(ui_store(ui), list, code, ui_chinese(ui), out, outlen) != 0)
		snprintf(out, outlen, "%s", code);
}

/* The hardship kinds "a,b" named, joined as the clerk's language joins a list. */
static void
casefile_screen_kinds(struct ui *ui, const char *codes, char *out, size_t outlen)
{
	*out = '\0';
	while (*codes != '\0') {
		char code[64], name[96];
		size_t len = strcspn(codes, ",");

		snprintf(code, sizeof code, "%.*s", (int)len, codes);
		casefile_screen_name(ui, "hardship", code, name, sizeof name);
		snprintf(out + strlen(out), outlen - strlen(out), "%s%s",
		    *out != '\0' ? (ui_chinese(ui) ? "、" : ", ") : "", name);
		codes += len;
		if (*codes == ',')
			codes++;
	}
}

/* Reads the person, the plan and the timeline again (an audited view). */
static void
casefile_screen_load(struct casefile_screen *s)
{
	struct ui *ui = s->ui;
	size_t sel = s->view.sel;

	fields_free(&s->plan);
	casefile_timeline_free(&s->t);
	if (seeker_hit_get(ui_store(ui), s->of.id, &s->who) != 1)
		memset(&s->who, 0, sizeof s->who);
	if (casefile_plan(ui_store(ui), s->of.id, &s->plan) < 0 ||
	    casefile_timeline(ui_store(ui), s->of.id, CASEFILE_MAX, &s->t) != 0)
		ui_error(ui, _("cannot read the database: %s"), store_errmsg(ui_store(ui)));
	casefile_screen_kinds(ui, s->t.hardship, s->hardship, sizeof s->hardship);
	list_init(&s->view, s->t.n);
	s->view.sel = sel < s->t.n ? sel : 0;
}

/* The words of a timeline line: what happened, and its detail. */
static void
casefile_screen_line(struct casefile_screen *s, const struct casefile_line *l, char *what,
    size_t whatlen, char *detail, size_t detlen)
{
	struct ui *ui = s->ui;
	char a[128], b[128];

	*detail = '\0';
	switch (l->what) {
	case CASEFILE_FIRST_REGISTERED:
		snprintf(what, whatlen, "%s", _("first registered"));
		break;
	case CASEFILE_SERVICE:
		ui_service_type_name(ui, l->code, what, whatlen);
		ui_service_basis_name(ui, l->code2, a, sizeof a);
		/* TRANSLATORS: a service in a case file's timeline: its basis. */
		snprintf(detail, detlen, _("basis: %s"), a);
		break;
	case CASEFILE_REFERRAL:
		/* TRANSLATORS: a referral in a case file's timeline, then its outcome. */
		snprintf(what, whatlen, _("referral: %s"), ui_status_name(l->code));
		snprintf(detail, detlen, "%s", l->text);
		break;
	case CASEFILE_GUIDANCE:
		casefile_screen_name(ui, "guidance_kind", l->code, a, sizeof a);
		/* TRANSLATORS: a guidance session in a case file's timeline, then its kind. */
		snprintf(what, whatlen, _("guidance: %s"), a);
		break;
	case CASEFILE_CONTACT:
		casefile_screen_name(ui, "contact_way", l->code, a, sizeof a);
		casefile_screen_name(ui, "contact_result", l->code2, b, sizeof b);
		/* TRANSLATORS: a contact in a case file's timeline: how it was made. */
		snprintf(what, whatlen, _("contact: %s"), a);
		snprintf(detail, detlen, "%s", b);
		break;
	case CASEFILE_OPENED:
		snprintf(what, whatlen, "%s", _("case file opened"));
		break;
	case CASEFILE_LEFT:
		casefile_screen_name(ui, "hardship_exit_reason", l->code, a, sizeof a);
		snprintf(what, whatlen, "%s", _("left hardship status"));
		casefile_screen_kinds(ui, l->code2, b, sizeof b);
		snprintf(detail, detlen, "%s (%s)", a, *b != '\0' ? b : "-");
		break;
	}
}

/* Draws one line of the timeline: day, what, detail, who. */
static void
casefile_screen_row(void *ctx, size_t i, int y, int width)
{
	struct casefile_screen *s = ctx;
	const struct casefile_line *l = &s->t.lines[i];
	char what[160], detail[300];

	(void)width;
	casefile_screen_line(s, l, what, sizeof what, detail, sizeof detail);
	mvhline(y, 0, ' ', COLS);
	ui_put(y, 1, 10, l->day);
	ui_put(y, 12, 24, what);
	ui_put(y, 37, 30, detail);
	ui_put(y, 68, 11, l->who);
}

/* Creates the case file of the seeker in arg (a struct record_arg, taken over). */
static void *
casefile_screen_init(struct ui *ui, void *arg)
{
	struct casefile_screen *s = xcalloc(1, sizeof *s);

	s->ui = ui;
	s->of = *(struct record_arg *)arg;
	free(arg);
	fields_init(&s->plan);
	casefile_screen_load(s);
	return s;
}

static void
casefile_screen_free(void *p)
{
	struct casefile_screen *s = p;

	fields_free(&s->plan);
	casefile_timeline_free(&s->t);
	free(s);
}

/* The plan in a line: its steps open, the next one due. */
static void
casefile_screen_plan_line(struct casefile_screen *s, char *out, size_t outlen)
{
	int i, steps = 0, open = 0;

	for (i = 1; i <= CASEFILE_STEPS; i++) {
		char key[32];
		const char *st;

		snprintf(key, sizeof key, "step_%d", i);
		if (*fields_str(&s->plan, key) == '\0')
			continue;
		steps++;
		snprintf(key, sizeof key, "step_%d_status", i);
		st = fields_str(&s->plan, key);
		open += *st == '\0' || strcmp(st, "open") == 0;
	}
	if (steps == 0)
		snprintf(out, outlen, "%s", _("Plan: no steps yet; F3 writes them"));
	else
		/* TRANSLATORS: a case file's plan in a line: steps open of all, then its goal. */
		snprintf(out, outlen, _("Plan: %d of %d steps open | %s"), open, steps,
		    fields_str(&s->plan, "goal"));
}

static void
casefile_screen_draw(void *p, struct ui *ui)
{
	struct casefile_screen *s = p;
	char line[600], masked[24] = "", day[11];
	const char *due;

	ui_set_title(ui, _("jobdesk - hardship case file"));
	if (*s->who.id_number != '\0')
		idnum_mask(s->who.id_number, masked, sizeof masked);
	/* TRANSLATORS: head of a case file: the name, the masked ID number, the hardship kinds. */
	snprintf(line, sizeof line, _("%s  %s  hardship: %s"), s->who.name, masked,
	    *s->hardship != '\0' ? s->hardship : "-");
	attrset(A_BOLD);
	ui_put(1, 1, 78, line);
	attrset(A_NORMAL);
	if (strcmp(fields_str(&s->plan, "status"), "closed") == 0) {
		char reason[128];

		casefile_screen_name(ui, "hardship_exit_reason", fields_str(&s->plan,
		    "leave_reason"), reason, sizeof reason);
		/* TRANSLATORS: a closed case file: the day the person left the status, the reason. */
		snprintf(line, sizeof line, _("Left hardship status on %s: %s"),
		    fields_str(&s->plan, "left_on"), reason);
	} else {
		due = fields_str(&s->plan, "next_due");
		date_format(store_today(), day);
		if (*due == '\0')
			snprintf(line, sizeof line, _("Caseworker: %s | nothing due"),
			    fields_str(&s->plan, "caseworker"));
		else if (strcmp(fields_str(&s->plan, "next_step"), "0") == 0)
			/* TRANSLATORS: an open case file: who is in charge, when the next contact is due. */
			snprintf(line, sizeof line, _("Caseworker: %s | next contact %s%s"),
			    fields_str(&s->plan, "caseworker"), due,
			    strcmp(due, day) <= 0 ? _(" (due)") : "");
		else
			/* TRANSLATORS: an open case file: who is in charge, the step due first. */
			snprintf(line, sizeof line, _("Caseworker: %s | step %s due %s%s"),
			    fields_str(&s->plan, "caseworker"), fields_str(&s->plan, "next_step"),
			    due, strcmp(due, day) <= 0 ? _(" (due)") : "");
	}
	ui_put(2, 1, 78, line);
	casefile_screen_plan_line(s, line, sizeof line);
	ui_put(3, 1, 78, line);
	attrset(A_BOLD);
	ui_put(5, 1, 10, _("Date"));
	ui_put(5, 12, 24, _("What"));
	ui_put(5, 37, 30, _("Detail"));
	ui_put(5, 68, 11, _("By"));
	attrset(A_NORMAL);
	list_draw(&s->view, CASEFILE_TOP, CASEFILE_ROWS, COLS, casefile_screen_row, s);
	mvhline(CASEFILE_TOP + CASEFILE_ROWS, 0, ' ', COLS);
	if (s->t.n > 0 && s->t.lines[s->view.sel].what == CASEFILE_CONTACT &&
	    *s->t.lines[s->view.sel].text != '\0') {
		/* TRANSLATORS: the note of the contact selected in a case file. */
		snprintf(line, sizeof line, _("Note: %s"), s->t.lines[s->view.sel].text);
		ui_put(CASEFILE_TOP + CASEFILE_ROWS, 1, 78, line);
	}
	if (strcmp(fields_str(&s->plan, "status"), "closed") == 0)
		/* TRANSLATORS: legend of a closed case file; under 80 cells. */
		ui_set_legend(ui, _("Enter Open  F3/^E Plan  Esc Back"));
	else
		/* TRANSLATORS: legend of a case file; under 80 cells. */
		ui_set_legend(ui, _("Enter Open  F2/^N Contact  F3/^E Plan  F4/^R Leave status  "
		    "Esc Back"));
}

/* Opens the record of the selected line, where it has one. */
static void
casefile_screen_enter(struct casefile_screen *s, struct ui *ui)
{
	const struct casefile_line *l = &s->t.lines[s->view.sel];
	struct guidance_arg *g;

	switch (l->what) {
	case CASEFILE_REFERRAL:
		ui_push(ui, &screen_referral, xstrdup(l->id));
		break;
	case CASEFILE_GUIDANCE:
		g = xcalloc(1, sizeof *g);
		snprintf(g->id, sizeof g->id, "%s", l->id);
		ui_push(ui, &screen_guidance, g);
		break;
	case CASEFILE_OPENED:
	case CASEFILE_LEFT:
		ui_push(ui, &screen_casefile_plan, xstrdup(s->of.id));
		break;
	case CASEFILE_CONTACT:
		ui_info(ui, "%s", _("a contact is shown whole here: its note is under the list"));
		break;
	default:
		ui_info(ui, "%s", _("this line has no record of its own to open"));
	}
}

static enum ui_key_result
casefile_screen_key(void *p, struct ui *ui, const struct ui_key *k)
{
	struct casefile_screen *s = p;
	int closed = strcmp(fields_str(&s->plan, "status"), "closed") == 0;

	if (s->t.n > 0 && (ui_key_char(k, '\r') || ui_key_char(k, '\n') ||
	    (k->is_key && k->ch == KEY_ENTER))) {
		casefile_screen_enter(s, ui);
		return UI_KEY_USED;
	}
	if (ui_key_is(k, 2, 'N') || ui_key_is(k, 4, 'R')) {
		if (closed)
			ui_error(ui, _("%s left hardship status on %s: the case file is closed"),
			    s->who.name, fields_str(&s->plan, "left_on"));
		else
			ui_push(ui, ui_key_is(k, 2, 'N') ? &screen_casefile_contact :
			    &screen_casefile_leave, xstrdup(s->of.id));
		return UI_KEY_USED;
	}
	if (ui_key_is(k, 3, 'E')) {
		ui_push(ui, &screen_casefile_plan, xstrdup(s->of.id));
		return UI_KEY_USED;
	}
	return list_key(&s->view, CASEFILE_ROWS, k);
}

/* Back from a contact, the plan or leaving the status: read everything again. */
static void
casefile_screen_resume(void *p, struct ui *ui)
{
	(void)ui;
	casefile_screen_load(p);
}

const struct screen screen_casefile = {
	.name = "casefile",
	.init = casefile_screen_init,
	.free = casefile_screen_free,
	.draw = casefile_screen_draw,
	.key = casefile_screen_key,
	.resume = casefile_screen_resume,
	.help = N_(
	    "The case file of a person recognised as hard to employ (一人一档): the "
	    "state of the file (the caseworker and what is due next: a contact, "
	    "or a step of the plan), the plan in one line, and everything given to "
	    "the person, newest first: the first registration, services, "
	    "referrals and their outcomes, guidance sessions, contacts, and the "
	    "end of hardship status. The note of the selected contact shows under "
	    "the list; every opening of the file is recorded in the audit.\nEnter "
	    "opens the record of a line (a referral, a session, the plan). F2 or "
	    "Ctrl-N records a contact: a contact that reached the person moves "
	    "the next one on by the months of the schedule. F3 or Ctrl-E opens "
	    "the assistance plan (一人一策). F4 or Ctrl-R ends hardship status: "
	    "employed long enough, retirement age reached, or at the person's "
	    "request. Esc goes back."),
};

void
ui_open_casefile(struct ui *ui, const char *seeker_id, const char *name)
{
	struct fields plan = FIELDS_INIT;
	struct record_arg *a;
	char err[400], id[IDENT_LEN + 1], q[300];
	int have;

	if ((have = casefile_plan(ui_store(ui), seeker_id, &plan)) < 0) {
		ui_error(ui, _("cannot read the database: %s"), store_errmsg(ui_store(ui)));
		goto out;
	}
	/* A closed file is shown as it was; a person without one must be in hardship status. */
	if (have == 0) {
		if (casefile_eligible(ui_store(ui), seeker_id, err, sizeof err) != 1) {
			ui_error(ui, "%s", err);
			goto out;
		}
		/* TRANSLATORS: asked before a hardship person's first case file is made. */
		snprintf(q, sizeof q, _("%s has no case file yet: open one, with you in charge?"),
		    name);
		if (!ui_confirm(ui, q))
			goto out;
		if (casefile_open(ui_store(ui), seeker_id, id, err, sizeof err) < 0) {
			ui_error(ui, "%s", err);
			goto out;
		}
		ui_info(ui, _("case file of %s opened"), name);
	}
	a = xcalloc(1, sizeof *a);
	a->kind = KIND_SEEKER;
	snprintf(a->id, sizeof a->id, "%s", seeker_id);
	ui_push(ui, &screen_casefile, a);
out:
	fields_free(&plan);
}
