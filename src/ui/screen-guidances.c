/*
 * A job seeker's career guidance sessions (职业指导), newest first: the
 * day, the kind (a group workshop with its number of participants), the
 * counsellor, the plan's open steps and the next appointment. Never the
 * notes or the words of a step: those are seen only by opening a session,
 * which is audited. Enter opens the chosen one; F2 or Ctrl-N starts a new
 * one, refused here at once, with the reason, for an account without a
 * guidance grade.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "store/codes.h"
#include "store/guidance.h"
#include "store/seeker.h"
#include "store/store.h"
#include "ui/ui.h"
#include "ui/widget-list.h"

#define GUIDANCES_MAX	200
#define GUIDANCES_TOP	4
#define GUIDANCES_ROWS	(UI_BODY_ROWS - GUIDANCES_TOP + 1)

struct guidances_screen {
	struct record_arg	 of;
	char			 name[128];	/* the seeker's, as listed */
	struct guidance_hit	*hits;
	size_t			 n;
	struct list		 list;
	struct ui		*ui;
};

/* Reads the list again. */
static void
guidances_screen_load(struct guidances_screen *g)
{
	size_t sel = g->list.sel;

	g->n = 0;
	if (guidance_list(ui_store(g->ui), g->of.id, g->hits, GUIDANCES_MAX, &g->n) != 0)
		ui_error(g->ui, _("cannot read the database: %s"), store_errmsg(ui_store(g->ui)));
	list_init(&g->list, g->n);
	g->list.sel = sel < g->n ? sel : 0;
}

/* Draws one session: day, kind, counsellor, open steps, next appointment. */
static void
guidances_screen_row(void *ctx, size_t i, int y, int width)
{
	struct guidances_screen *g = ctx;
	const struct guidance_hit *h = &g->hits[i];
	char kind[120] = "", what[160], steps[40];

	(void)width;
	mvhline(y, 0, ' ', COLS);
	ui_put(y, 1, 10, h->held_on);
	if (codes_name(ui_store(g->ui), "guidance_kind", h->kind, ui_chinese(g->ui), kind,
	    sizeof kind) != 0)
		snprintf(kind, sizeof kind, "%s", h->kind);
	if (h->participants > 1)
		/* TRANSLATORS: a group workshop in a seeker's list of sessions: its participants. */
		snprintf(what, sizeof what, _("%s (%d people)"), kind, h->participants);
	else
		snprintf(what, sizeof what, "%s", kind);
	ui_put(y, 12, 26, what);
	ui_put(y, 39, 10, h->counsellor);
	/* TRANSLATORS: a session's plan in a list: steps still open of all steps; 12 cells. */
	snprintf(steps, sizeof steps, _("%d of %d open"), h->steps_open, h->steps);
	ui_put(y, 50, 14, h->steps > 0 ? steps : "-");
	ui_put(y, 65, 10, *h->next_appointment != '\0' ? h->next_appointment : "-");
}

/* Creates the list of the seeker in arg (a struct record_arg, taken over). */
static void *
guidances_screen_init(struct ui *ui, void *arg)
{
	struct guidances_screen *g = xcalloc(1, sizeof *g);
	struct seeker_hit who;

	g->ui = ui;
	g->of = *(struct record_arg *)arg;
	free(arg);
	if (seeker_hit_get(ui_store(ui), g->of.id, &who) == 1)
		snprintf(g->name, sizeof g->name, "%s", who.name);
	g->hits = xcalloc(GUIDANCES_MAX, sizeof g->hits[0]);
	guidances_screen_load(g);
	return g;
}

static void
guidances_screen_free(void *p)
{
	struct guidances_screen *g = p;

	free(g->hits);
	free(g);
}

static void
guidances_screen_draw(void *p, struct ui *ui)
{
	struct guidances_screen *g = p;
	char line[300];

	ui_set_title(ui, _("jobdesk - guidance sessions"));
	/* TRANSLATORS: head of a seeker's list of guidance sessions: the name, the count. */
	snprintf(line, sizeof line, _("Career guidance of %s (sessions: %zu)"), g->name, g->n);
	ui_put(1, 1, 78, line);
	attrset(A_BOLD);
	ui_put(3, 1, 10, _("Held on"));
	ui_put(3, 12, 26, _("Kind"));
	ui_put(3, 39, 10, _("Counsellor"));
	ui_put(3, 50, 14, _("Plan"));
	ui_put(3, 65, 10, _("Next"));
	attrset(A_NORMAL);
	if (g->n == 0)
		ui_put(GUIDANCES_TOP, 1, 78, _("no guidance sessions yet; F2 records one"));
	else
		list_draw(&g->list, GUIDANCES_TOP, GUIDANCES_ROWS, COLS, guidances_screen_row, g);
	/* TRANSLATORS: legend of a seeker's list of guidance sessions; under 80 cells. */
	ui_set_legend(ui, _("Enter Open  F2/^N New session  Esc Back"));
}

static enum ui_key_result
guidances_screen_key(void *p, struct ui *ui, const struct ui_key *k)
{
	struct guidances_screen *g = p;
	struct guidance_arg *a;
	char err[400];

	if (ui_key_is(k, 2, 'N')) {
		/* Refused before the form is filled in, not after. */
		if (guidance_may_record(ui_store(ui), err, sizeof err) != 0) {
			ui_error(ui, "%s", err);
			return UI_KEY_USED;
		}
		a = xcalloc(1, sizeof *a);
		snprintf(a->seeker_id, sizeof a->seeker_id, "%s", g->of.id);
		ui_push(ui, &screen_guidance, a);
		return UI_KEY_USED;
	}
	if (g->n > 0 && (ui_key_char(k, '\r') || ui_key_char(k, '\n') ||
	    (k->is_key && k->ch == KEY_ENTER))) {
		a = xcalloc(1, sizeof *a);
		snprintf(a->id, sizeof a->id, "%s", g->hits[g->list.sel].id);
		ui_push(ui, &screen_guidance, a);
		return UI_KEY_USED;
	}
	return list_key(&g->list, GUIDANCES_ROWS, k);
}

/* Back from a session: it may be new or changed. */
static void
guidances_screen_resume(void *p, struct ui *ui)
{
	(void)ui;
	guidances_screen_load(p);
}

const struct screen screen_guidances = {
	.name = "guidances",
	.init = guidances_screen_init,
	.free = guidances_screen_free,
	.draw = guidances_screen_draw,
	.key = guidances_screen_key,
	.resume = guidances_screen_resume,
	.help = N_(
	    "Career guidance sessions of a job seeker, newest first: the day, "
	    "the kind (a group workshop with its number of participants), the "
	    "counsellor, the steps of the plan still open and the next "
	    "appointment. The notes are never listed.\nEnter opens the chosen "
	    "session (the view is recorded in the audit). F2 or Ctrl-N records "
	    "a new one: only an account with a career guidance grade may. Esc "
	    "goes back."),
};

void
ui_guidance_summary(struct ui *ui, const char *seeker_id, char *out, size_t outlen)
{
	struct guidance_hit hits[GUIDANCES_MAX];
	size_t n = 0;

	*out = '\0';
	if (*seeker_id == '\0' ||
	    guidance_list(ui_store(ui), seeker_id, hits, GUIDANCES_MAX, &n) != 0 || n == 0)
		return;
	if (*hits[0].next_appointment != '\0')
		/* TRANSLATORS: a seeker's guidance on the record's screen; at most 30 cells. */
		snprintf(out, outlen, _("Guidance: %zu | next %s"), n, hits[0].next_appointment);
	else
		/* TRANSLATORS: a seeker's guidance on the record's screen; at most 30 cells. */
		snprintf(out, outlen, _("Guidance: %zu | last %s"), n, hits[0].held_on);
}
