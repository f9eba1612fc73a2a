/*
 * Lists of referrals: a seeker's or a vacancy's (from their match lists),
 * or the follow-ups due (the main menu: referrals issued [match]
 * referral_due_days or more days ago without an outcome, and hires whose
 * 1-, 3- or 6-month placement check has come), soonest due first. Enter opens one to
 * record its outcome; F2 or Ctrl-N opens an empty one for the number on a
 * returned receipt; F3 or Ctrl-R prints the selected letter again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "core/match.h"
#include "store/referral.h"
#include "store/store.h"
#include "ui/ui.h"
#include "ui/widget-list.h"

#define REFERRALS_MAX	500
#define REFERRALS_TOP	4
#define REFERRALS_ROWS	(UI_BODY_ROWS - REFERRALS_TOP + 1)

struct referrals_screen {
	struct record_arg	 of;
	struct referral_hit	*hits;
	size_t			 n;
	struct list		 list;
	struct ui		*ui;
};

/* Reads the list again. */
static void
referrals_screen_load(struct referrals_screen *r)
{
	static const enum referral_of mode[] = {
		[KIND_SEEKER] = REFERRAL_OF_SEEKER,
		[KIND_VACANCY] = REFERRAL_OF_VACANCY,
	};
	size_t sel = r->list.sel;

	r->n = 0;
	if (referral_list(ui_store(r->ui), r->of.kind == KIND_REFERRAL ? REFERRAL_DUE :
	    mode[r->of.kind], r->of.id, ui_match_config(r->ui)->referral_due_days, r->hits,
	    REFERRALS_MAX, &r->n) != 0)
		ui_error(r->ui, _("cannot read the database: %s"), store_errmsg(ui_store(r->ui)));
	list_init(&r->list, r->n);
	r->list.sel = sel < r->n ? sel : 0;
}

/* Draws one referral: number, date, seeker, vacancy, how it stands. */
static void
referrals_screen_row(void *ctx, size_t i, int y, int width)
{
	struct referrals_screen *r = ctx;
	const struct referral_hit *h = &r->hits[i];
	char what[300];

	(void)width;
	mvhline(y, 0, ' ', COLS);
	ui_put(y, 1, 29, h->number);
	ui_put(y, 31, 10, h->registered_on);
	ui_put(y, 42, 8, h->seeker_name);
	snprintf(what, sizeof what, "%s - %s", h->vacancy_title, h->employer_name);
	ui_put(y, 51, 17, what);
	if (h->check_month > 0) {
		/* TRANSLATORS: in the due list, a hire whose placement check is due; 10 cells. */
		snprintf(what, sizeof what, _("%d-mo. check"), h->check_month);
		ui_put(y, 69, 10, what);
	} else
		ui_put(y, 69, 10, ui_status_name(h->status));
}

/* Creates the list of arg (a struct record_arg, taken over), or the due list for NULL. */
static void *
referrals_screen_init(struct ui *ui, void *arg)
{
	struct referrals_screen *r = xcalloc(1, sizeof *r);

	r->ui = ui;
	/* No record: the referrals of every record that await an outcome. */
	r->of.kind = KIND_REFERRAL;
	if (arg != NULL)
		r->of = *(struct record_arg *)arg;
	free(arg);
	r->hits = xcalloc(REFERRALS_MAX, sizeof r->hits[0]);
	referrals_screen_load(r);
	return r;
}

static void
referrals_screen_free(void *p)
{
	struct referrals_screen *r = p;

	free(r->hits);
	free(r);
}

static void
referrals_screen_draw(void *p, struct ui *ui)
{
	struct referrals_screen *r = p;
	char line[200];

	ui_set_title(ui, r->of.kind == KIND_REFERRAL ? _("jobdesk - follow-ups due") :
	    _("jobdesk - referrals"));
	if (r->of.kind == KIND_REFERRAL)
		snprintf(line, sizeof line, _("Due: %zu (outcomes awaited %d days or more, and "
		    "placement checks)"), r->n, ui_match_config(ui)->referral_due_days);
	else
		snprintf(line, sizeof line, _("%zu referrals"), r->n);
	ui_put(1, 1, 78, line);
	attrset(A_BOLD);
	ui_put(3, 1, 29, _("Letter no."));
	ui_put(3, 31, 10, _("Referred"));
	ui_put(3, 42, 8, _("Job seeker"));
	ui_put(3, 51, 17, _("Vacancy - employer"));
	ui_put(3, 69, 10, _("Outcome"));
	attrset(A_NORMAL);
	if (r->n == 0)
		ui_put(REFERRALS_TOP, 1, 78, _("no referrals; F2 finds one by the number on a receipt"));
	else
		list_draw(&r->list, REFERRALS_TOP, REFERRALS_ROWS, COLS, referrals_screen_row, r);
	/* TRANSLATORS: legend of a referral list; under 80 cells. */
	ui_set_legend(ui, _("Enter Outcome  F2/^N By number  F3/^R Reprint letter  Esc Back"));
}

static enum ui_key_result
referrals_screen_key(void *p, struct ui *ui, const struct ui_key *k)
{
	struct referrals_screen *r = p;

	if (ui_key_is(k, 2, 'N')) {
		ui_push(ui, &screen_referral, NULL);
		return UI_KEY_USED;
	}
	if (r->n > 0 && ui_key_is(k, 3, 'R')) {
		ui_print_referral(ui, r->hits[r->list.sel].id, 1);
		return UI_KEY_USED;
	}
	if (r->n > 0 && (ui_key_char(k, '\r') || ui_key_char(k, '\n') ||
	    (k->is_key && k->ch == KEY_ENTER))) {
		ui_push(ui, &screen_referral, xstrdup(r->hits[r->list.sel].id));
		return UI_KEY_USED;
	}
	return list_key(&r->list, REFERRALS_ROWS, k);
}

/* Back from an outcome: it may have left the list of those due. */
static void
referrals_screen_resume(void *p, struct ui *ui)
{
	(void)ui;
	referrals_screen_load(p);
}

const struct screen screen_referrals = {
	.name = "referrals",
	.init = referrals_screen_init,
	.free = referrals_screen_free,
	.draw = referrals_screen_draw,
	.key = referrals_screen_key,
	.resume = referrals_screen_resume,
	.help = N_(
	    "Referrals: of a job seeker or a vacancy, or, from the main menu, "
	    "those awaiting an outcome after the set number of days and the "
	    "hires whose 1-, 3- or 6-month placement check is due, soonest "
	    "first.\nEnter opens the chosen referral to record its outcome; F2 "
	    "or Ctrl-N opens an empty one to type or scan the number on a "
	    "returned receipt (回执). F3 or Ctrl-R prints the letter again, "
	    "marked 补打. Esc goes back."),
};

/* The one-line summary of a record's referrals, for its screen. */
void
ui_referral_summary(struct ui *ui, enum kind_id kind, const char *id, char *out, size_t outlen)
{
	struct referral_hit last[20];
	char head[120] = "";
	size_t n = 0;
	long hired;

	*out = '\0';
	if (*id == '\0' || referral_list(ui_store(ui), kind == KIND_SEEKER ? REFERRAL_OF_SEEKER :
	    REFERRAL_OF_VACANCY, id, 0, last, sizeof last / sizeof last[0], &n) != 0)
		return;
	if (kind == KIND_VACANCY && (hired = referral_hired(ui_store(ui), id)) >= 0)
		snprintf(head, sizeof head, _("Hired: %ld | "), hired);
	if (n == 0)
		snprintf(out, outlen, "%s%s", head, _("no referrals yet"));
	else
		/* TRANSLATORS: a record's referrals: count ("20+" when more), the last one. */
		snprintf(out, outlen, _("%sReferrals: %zu%s | last %s %s %s"), head, n,
		    n == sizeof last / sizeof last[0] ? "+" : "", last[0].registered_on,
		    kind == KIND_SEEKER ? last[0].vacancy_title : last[0].seeker_name,
		    ui_status_name(last[0].status));
}
