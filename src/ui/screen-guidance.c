/*
 * One career guidance session (职业指导记录) on forms/guidance.form: the
 * day, kind and topics, four lines of notes, the next appointment and an
 * action plan of four steps (what, by when, status). Opening one is an
 * audited view: the notes are personal. An account without a guidance
 * grade sees a session but cannot change it.
 *
 * A new session starts with its seeker as the one participant. F5 or
 * Ctrl-T adds participants, found by ID number, name or phone as the
 * merge search finds them: a session with several is a group workshop,
 * saved as one session per participant (each their own notes and plan
 * from then on) and one service event each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "core/check.h"
#include "core/kind.h"
#include "store/guidance.h"
#include "store/seeker.h"
#include "store/store.h"
#include "ui/ui.h"
#include "ui/widget-form.h"
#include "ui/widget-seekerpick.h"

/* Where the screen heads the plan's rows (forms/guidance.form puts the steps below). */
#define PLAN_ROW	9

struct guidance_screen {
	struct form		*form;
	char			 id[IDENT_LEN + 1];	/* empty until saved */
	struct fields		 record;		/* as last loaded */
	/* A new session's participants, the first its seeker; a saved one's workshop. */
	char			 who[GUIDANCE_MAX_GROUP][IDENT_LEN + 1];
	char			 names[GUIDANCE_MAX_GROUP][128];
	size_t			 nwho;
	char			 group[400];		/* a saved workshop's participants */
	long			 ngroup;
	int			 graded;		/* the account may record and change */
	struct seekerpick	*pick;			/* the participant search */
};

/* Shows s->record (as the store gave it, "id" naming it) in a fresh form. */
static void
guidance_screen_show(struct guidance_screen *s, struct ui *ui)
{
	snprintf(s->id, sizeof s->id, "%s", fields_str(&s->record, "id"));
	form_free(s->form);
	s->form = form_new(ui, ui_form(ui, KIND_GUIDANCE), &s->record);
	form_set_locked(s->form, !s->graded);
	s->ngroup = 0;
	s->group[0] = '\0';
	if (*fields_str(&s->record, "workshop") != '\0')
		s->ngroup = guidance_participants(ui_store(ui), fields_str(&s->record, "workshop"),
		    ui_chinese(ui) ? "、" : ", ", s->group, sizeof s->group);
}

/* Adds a participant to a new session: 0, or -1 when listed already or the group is full. */
static int
guidance_screen_add(struct guidance_screen *s, struct ui *ui, const char *id, const char *name)
{
	size_t i;

	for (i = 0; i < s->nwho; i++)
		if (strcmp(s->who[i], id) == 0) {
			ui_error(ui, _("%s takes part already"), name);
			return -1;
		}
	if (s->nwho == GUIDANCE_MAX_GROUP) {
		ui_error(ui, _("a group workshop has at most %d participants"), GUIDANCE_MAX_GROUP);
		return -1;
	}
	snprintf(s->who[s->nwho], sizeof s->who[0], "%s", id);
	snprintf(s->names[s->nwho], sizeof s->names[0], "%s", name);
	s->nwho++;
	return 0;
}

/* Creates the screen of a session (arg: a struct guidance_arg, taken over). */
static void *
guidance_screen_init(struct ui *ui, void *arg)
{
	struct guidance_screen *s = xcalloc(1, sizeof *s);
	struct guidance_arg *a = arg;
	struct seeker_hit who;
	struct fields f = FIELDS_INIT;
	char today[11], err[400];

	fields_init(&s->record);
	s->graded = guidance_may_record(ui_store(ui), err, sizeof err) == 0;
	if (a->id[0] != '\0') {
		if (guidance_open(ui_store(ui), a->id, &s->record) == 1) {
			guidance_screen_show(s, ui);
			free(a);
			return s;
		}
		ui_error(ui, _("the record cannot be read"));
	}
	date_format(store_today(), today);
	fields_set(&f, "held_on", today);
	fields_set(&f, "kind", "individual");
	s->form = form_new(ui, ui_form(ui, KIND_GUIDANCE), &f);
	fields_free(&f);
	if (seeker_hit_get(ui_store(ui), a->seeker_id, &who) == 1)
		guidance_screen_add(s, ui, who.id, who.name);
	free(a);
	return s;
}

static void
guidance_screen_free(void *p)
{
	struct guidance_screen *s = p;

	seekerpick_free(s->pick);
	form_free(s->form);
	fields_free(&s->record);
	free(s);
}

/* The participants of a new session, or of a saved workshop, joined for one line. */
static void
guidance_screen_people(struct guidance_screen *s, struct ui *ui, char *out, size_t outlen)
{
	const char *sep = ui_chinese(ui) ? "、" : ", ";
	size_t i, used = 0;

	*out = '\0';
	if (s->id[0] != '\0') {
		if (s->ngroup > 1)
			snprintf(out, outlen, _("Participants (%ld): %s"), s->ngroup, s->group);
		return;
	}
	used = (size_t)snprintf(out, outlen, _("Participants (%zu): "), s->nwho);
	for (i = 0; i < s->nwho && used < outlen; i++)
		used += (size_t)snprintf(out + used, outlen - used, "%s%s", i > 0 ? sep : "",
		    s->names[i]);
}

static void
guidance_screen_draw(void *p, struct ui *ui)
{
	struct guidance_screen *s = p;
	char line[600];

	ui_set_title(ui, s->id[0] != '\0' ? _("jobdesk - guidance session") :
	    _("jobdesk - record a guidance session"));
	attrset(A_BOLD);
	ui_put(1, 1, 78, formdef_name(ui_form(ui, KIND_GUIDANCE)));
	ui_put(UI_BODY_TOP + PLAN_ROW, 1, 30, _("Action plan"));
	attrset(A_NORMAL);
	form_draw(s->form, ui);
	if (s->id[0] != '\0') {
		/* TRANSLATORS: a saved session's line: the counsellor's account and the day it was recorded. */
		snprintf(line, sizeof line, _("Counsellor: %s | recorded %s"),
		    fields_str(&s->record, "created_by"), fields_str(&s->record, "registered_on"));
		ui_put(UI_BODY_TOP + FORM_LAST_ROW + 1, 1, 78, line);
	}
	guidance_screen_people(s, ui, line, sizeof line);
	ui_put(UI_BODY_TOP + FORM_LAST_ROW + 2, 1, 78, line);
	if (!form_modal(s->form)) {
		if (s->id[0] == '\0')
			/* TRANSLATORS: legend of a new guidance session; under 80 cells. */
			ui_set_legend(ui, _("F1 Help  F2/^S Save  F5/^T Add participant  Esc Back"));
		else if (s->graded)
			/* TRANSLATORS: legend of a saved guidance session; under 80 cells. */
			ui_set_legend(ui, _("F1 Help  F2/^S Save  Esc Back"));
		else
			/* TRANSLATORS: legend of a session an account without a grade reads. */
			ui_set_legend(ui, _("F1 Help  Esc Back (read only: no guidance grade)"));
	}
	if (s->pick != NULL)
		seekerpick_draw(s->pick, ui);
}

/* Saves the session: a new one for each participant, or the changes of one. */
static void
guidance_screen_save(struct guidance_screen *s, struct ui *ui)
{
	struct fields v = FIELDS_INIT, saved = FIELDS_INIT;
	const char *who[GUIDANCE_MAX_GROUP];
	char id[IDENT_LEN + 1], err[400];
	size_t i;
	int rc;

	if (form_check(s->form, ui, &v) != 0)
		goto out;
	if (s->id[0] == '\0') {
		for (i = 0; i < s->nwho; i++)
			who[i] = s->who[i];
		if (guidance_record(ui_store(ui), who, s->nwho, &v, id, err, sizeof err) != 0) {
			ui_error(ui, "%s", err);
			goto out;
		}
		/* What was stored, read back once: this view is the audited one. */
		fields_free(&s->record);
		if (guidance_open(ui_store(ui), id, &s->record) != 1) {
			ui_error(ui, _("the record cannot be read"));
			goto out;
		}
		guidance_screen_show(s, ui);
		if (s->nwho > 1)
			ui_info(ui, _("saved: a session for each of the %zu participants"), s->nwho);
		else
			ui_info(ui, _("saved: the session of %s"), s->names[0]);
		goto out;
	}
	if ((rc = guidance_save(ui_store(ui), s->id, &v, &saved, err, sizeof err)) < 0) {
		ui_error(ui, "%s", err);
		goto out;
	}
	ui_info(ui, "%s", rc == 1 ? _("nothing changed") : _("saved"));
	if (rc == 0) {
		fields_free(&s->record);
		s->record = saved;
		fields_init(&saved);
		guidance_screen_show(s, ui);
	}
out:
	fields_free(&v);
	fields_free(&saved);
}

/* Adds the seeker the participant search chose; the search goes on for the next. */
static enum seekerpick_next
guidance_screen_pick_enter(void *ctx, struct ui *ui, const struct seeker_hit *h)
{
	struct guidance_screen *s = ctx;

	if (guidance_screen_add(s, ui, h->id, h->name) != 0)
		return SEEKERPICK_STAY;
	/* Several people: the session is a workshop. */
	if (s->nwho > 1)
		form_set(s->form, "kind", GUIDANCE_WORKSHOP);
	ui_info(ui, _("%s added; find the next, or Esc"), h->name);
	return SEEKERPICK_NEXT;
}

/* Opens the search for participants to add to a new session. */
static void
guidance_screen_pick_open(struct guidance_screen *s)
{
	const struct seekerpick_def def = {
		.title = _("Add a participant to the group workshop: find them"),
		.none = _("no job seeker found"),
		.first = _("find the participant first: type their ID number, name or "
		    "phone"),
		/* TRANSLATORS: legend of the participant search of a guidance session; under 80 cells. */
		.legend = _("type to search  Up/Down choose  Enter add  Esc done"),
		.enter = guidance_screen_pick_enter,
		.ctx = s,
	};

	s->pick = seekerpick_new(&def);
}

static enum ui_key_result
guidance_screen_key(void *p, struct ui *ui, const struct ui_key *k)
{
	struct guidance_screen *s = p;
	const char *left = NULL;

	if (s->pick != NULL)
		return seekerpick_key(&s->pick, ui, k);
	if (form_modal(s->form))
		return form_key(s->form, ui, k, &left);
	if (ui_key_is(k, 2, 'S')) {
		if (!s->graded) {
			char err[400];

			guidance_may_record(ui_store(ui), err, sizeof err);
			ui_error(ui, "%s", err);
		} else
			guidance_screen_save(s, ui);
		return UI_KEY_USED;
	}
	if (ui_key_is(k, 5, 'T')) {
		if (s->id[0] != '\0')
			ui_error(ui, _("participants are added when a workshop is recorded, not "
			    "after"));
		else
			guidance_screen_pick_open(s);
		return UI_KEY_USED;
	}
	if (ui_key_char(k, UI_KEY_ESC) && form_modified(s->form) &&
	    !ui_confirm(ui, _("Leave without saving the changes?")))
		return UI_KEY_USED;
	return form_key(s->form, ui, k, &left);
}

const struct screen screen_guidance = {
	.name = "guidance",
	.init = guidance_screen_init,
	.free = guidance_screen_free,
	.draw = guidance_screen_draw,
	.key = guidance_screen_key,
	.help = N_(
	    "A career guidance session: the day, the kind, the topics, four "
	    "lines of notes (personal: shown only here, and every opening is "
	    "recorded in the audit), the next appointment and an action plan of "
	    "up to four steps, each with a due date and a status (open, done, "
	    "dropped; a step written without one is open).\nF2 or Ctrl-S saves. "
	    "On a new session F5 or Ctrl-T adds participants, found by ID "
	    "number, name or phone: several participants make a group workshop, "
	    "saved as one session for each, with one service each. Only an "
	    "account with a career guidance grade records or changes a session. "
	    "Esc goes back."),
};
