/*
 * A match list: the open vacancies of the district that fit a job seeker,
 * or the active registrations that fit a vacancy, best first, each with
 * its score and the points of each part on one line. Enter explains the
 * selected match in full (screen_explain); F5 or Ctrl-T switches between
 * the fits and the near misses (records that miss one filter of the pair,
 * shown with what they miss). F2 or Ctrl-N refers: the seeker to the
 * selected vacancy, or the seekers marked with Space (else the selected
 * one) to the vacancy, each with a printed letter; F3 or Ctrl-R prints the
 * last of them again (marked 补打). F6 or Ctrl-W lists the record's
 * referrals. Opening a seeker's list is the day's
 * job-information service (信息查询), recorded once per seeker a day.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/wtext.h"
#include "common/xalloc.h"
#include "core/match.h"
#include "store/matching.h"
#include "store/referral.h"
#include "store/store.h"
#include "ui/ui.h"
#include "ui/widget-list.h"

#define MATCH_LIST_TOP	4
#define MATCH_LIST_ROWS	(UI_BODY_ROWS - MATCH_LIST_TOP + 1)
/* Columns of a row: rank, score, the candidate, the breakdown. */
#define MATCH_COL_LABEL	10
#define MATCH_LABEL_CELLS	38
#define MATCH_COL_PARTS	(MATCH_COL_LABEL + MATCH_LABEL_CELLS + 1)

struct match_screen {
	struct record_arg	 of;
	struct match_list	 list;
	struct list		 rows;
	unsigned char		*marked;	/* per row: marked for a batch referral */
	int			 near_misses;
	char			 last[IDENT_LEN + 1];	/* the last referral made here */
	struct ui		*ui;
};

/* Reads the list again (after a switch, or back from a screen that may have changed it). */
static void
match_screen_load(struct match_screen *m)
{
	const struct match_config *cfg = ui_match_config(m->ui);
	char err[400];
	int rc;

	matching_free(&m->list);
	if (m->of.kind == KIND_SEEKER)
		rc = matching_for_seeker(ui_store(m->ui), cfg, m->of.id, store_today(),
		    m->near_misses, (size_t)cfg->list_size, &m->list, err, sizeof err);
	else
		rc = matching_for_vacancy(ui_store(m->ui), cfg, m->of.id, store_today(),
		    m->near_misses, (size_t)cfg->list_size, &m->list, err, sizeof err);
	if (rc != 0)
		ui_error(m->ui, "%s", err);
	list_init(&m->rows, m->list.n);
	free(m->marked);
	m->marked = xcalloc(m->list.n + 1, 1);
}

/* Draws one candidate: rank, score, who or what, the parts. */
static void
match_screen_row(void *ctx, size_t i, int y, int width)
{
	struct match_screen *m = ctx;
	const struct match_candidate *c = &m->list.items[i];
	char num[16], parts[160];

	(void)width;
	mvhline(y, 0, ' ', COLS);
	snprintf(num, sizeof num, "%3zu%c%4d", i + 1, m->marked[i] ? '*' : ' ', c->result.score);
	ui_put(y, 0, MATCH_COL_LABEL - 1, num);
	ui_put(y, MATCH_COL_LABEL, MATCH_LABEL_CELLS, c->label);
	match_breakdown(ui_match_config(m->ui), &c->result, parts, sizeof parts);
	ui_put(y, MATCH_COL_PARTS, COLS - MATCH_COL_PARTS, parts);
}

/* Creates the list for the record in arg (a struct record_arg, taken over). */
static void *
match_screen_init(struct ui *ui, void *arg)
{
	struct match_screen *m = xcalloc(1, sizeof *m);
	char err[400];

	m->ui = ui;
	m->of = *(struct record_arg *)arg;
	free(arg);
	match_screen_load(m);
	if (m->of.kind == KIND_SEEKER &&
	    matching_log_query(ui_store(ui), m->of.id, err, sizeof err) != 0)
		ui_error(ui, "%s", err);
	return m;
}

static void
match_screen_free(void *p)
{
	struct match_screen *m = p;

	matching_free(&m->list);
	free(m->marked);
	free(m);
}

static void
match_screen_draw(void *p, struct ui *ui)
{
	struct match_screen *m = p;
	char line[400];

	ui_set_title(ui, m->of.kind == KIND_SEEKER ? _("jobdesk - vacancies that fit") :
	    _("jobdesk - job seekers who fit"));
	attrset(A_BOLD);
	ui_put(1, 1, 78, m->list.subject);
	attrset(A_NORMAL);
	/* TRANSLATORS: above a match list: how many are shown of how many found. */
	snprintf(line, sizeof line, m->near_misses ?
	    _("Near misses (one filter missed): %zu shown of %zu") :
	    _("Fits: %zu shown of %zu, best first"), m->list.n, m->list.found);
	ui_put(2, 1, 78, line);
	attrset(A_BOLD);
	ui_put(3, 0, MATCH_COL_LABEL - 1, _("  # Score"));
	ui_put(3, MATCH_COL_LABEL, MATCH_LABEL_CELLS, m->of.kind == KIND_SEEKER ?
	    _("Vacancy - employer") : _("Job seeker"));
	/* TRANSLATORS: heading of the points column of a match list; keep the short names. */
	ui_put(3, MATCH_COL_PARTS, COLS - MATCH_COL_PARTS, _("occ wage place new +priority"));
	attrset(A_NORMAL);
	if (m->list.n == 0)
		ui_put(MATCH_LIST_TOP, 1, 78, m->near_misses ? _("no near misses") :
		    _("nothing fits; F5 shows the near misses"));
	else
		list_draw(&m->rows, MATCH_LIST_TOP, MATCH_LIST_ROWS, COLS, match_screen_row, m);
	/* TRANSLATORS: legend of a match list; under 80 cells. */
	ui_set_legend(ui, m->of.kind == KIND_VACANCY ?
	    _("Enter Why  Space Mark  F2/^N Refer  F5/^T Near misses  F6/^W Referrals  Esc") :
	    _("Enter Why  F2/^N Refer  F3/^R Reprint  F5/^T Near misses  F6/^W Referrals"));
}

/*
 * Refers the marked rows, or the selected one: the referral screen asks
 * the interview's date and place, refers and comes back.
 */
static void
match_screen_refer(struct match_screen *m, struct ui *ui)
{
	struct refer_arg *a = xcalloc(1, sizeof *a);
	const struct match_candidate *c = &m->list.items[m->rows.sel];
	size_t i, n = 0;

	a->last = m->last;
	for (i = 0; i < m->list.n; i++)
		n += m->marked[i] != 0;
	a->seekers = xcalloc(n > 0 ? n : 1, sizeof a->seekers[0]);
	if (m->of.kind == KIND_SEEKER) {
		snprintf(a->vacancy_id, sizeof a->vacancy_id, "%s", c->id);
		snprintf(a->vacancy_label, sizeof a->vacancy_label, "%s", c->label);
		snprintf(a->seekers[0].id, sizeof a->seekers[0].id, "%.*s", IDENT_LEN, m->of.id);
		snprintf(a->seekers[0].label, sizeof a->seekers[0].label, "%s", m->list.subject);
		a->n = 1;
	} else {
		snprintf(a->vacancy_id, sizeof a->vacancy_id, "%.*s", IDENT_LEN,
		    m->of.id);
		snprintf(a->vacancy_label, sizeof a->vacancy_label, "%s", m->list.subject);
		for (i = 0; i < m->list.n; i++)
			if (n == 0 ? i == m->rows.sel : m->marked[i] != 0) {
				snprintf(a->seekers[a->n].id, sizeof a->seekers[0].id, "%s",
				    m->list.items[i].id);
				snprintf(a->seekers[a->n].label, sizeof a->seekers[0].label, "%s",
				    m->list.items[i].label);
				a->n++;
			}
	}
	/* A near miss is referred knowingly: the screen says what it misses. */
	if (a->n == 1 && c->result.misses != 0)
		match_breakdown(ui_match_config(ui), &c->result, a->misses, sizeof a->misses);
	ui_push(ui, &screen_refer, a);
}

/*
 * Back from a screen that may have changed the list (a referral, an
 * outcome): read it again, keeping the marks and the place.
 */
static void
match_screen_resume(void *p, struct ui *ui)
{
	struct match_screen *m = p;
	char (*marked)[IDENT_LEN + 1] = NULL, sel[IDENT_LEN + 1] = "";
	size_t i, j, n = 0, at = m->rows.sel;

	(void)ui;
	if (m->list.n > 0)
		snprintf(sel, sizeof sel, "%s", m->list.items[m->rows.sel].id);
	marked = xcalloc(m->list.n + 1, sizeof *marked);
	for (i = 0; i < m->list.n; i++)
		if (m->marked[i])
			memcpy(marked[n++], m->list.items[i].id, sizeof marked[0]);
	match_screen_load(m);
	/* Where the selected row was, if it left the list (referred just now). */
	m->rows.sel = m->list.n == 0 ? 0 : at < m->list.n ? at : m->list.n - 1;
	for (i = 0; i < m->list.n; i++) {
		for (j = 0; j < n; j++)
			if (strcmp(m->list.items[i].id, marked[j]) == 0)
				m->marked[i] = 1;
		if (strcmp(m->list.items[i].id, sel) == 0)
			m->rows.sel = i;
	}
	free(marked);
}

static enum ui_key_result
match_screen_key(void *p, struct ui *ui, const struct ui_key *k)
{
	struct match_screen *m = p;

	if (ui_key_is(k, 5, 'T')) {
		m->near_misses = !m->near_misses;
		match_screen_load(m);
		return UI_KEY_USED;
	}
	if (ui_key_is(k, 6, 'W')) {
		struct record_arg *a = xcalloc(1, sizeof *a);

		*a = m->of;
		ui_push(ui, &screen_referrals, a);
		return UI_KEY_USED;
	}
	if (ui_key_is(k, 3, 'R')) {
		if (m->last[0] == '\0')
			ui_error(ui, "%s", _("no letter printed here yet; F6 lists the referrals"));
		else
			ui_print_referral(ui, m->last, 1);
		return UI_KEY_USED;
	}
	if (m->list.n > 0 && ui_key_is(k, 2, 'N')) {
		match_screen_refer(m, ui);
		return UI_KEY_USED;
	}
	if (m->list.n > 0 && m->of.kind == KIND_VACANCY && ui_key_char(k, ' ')) {
		m->marked[m->rows.sel] = !m->marked[m->rows.sel];
		if (m->rows.sel + 1 < m->list.n)
			m->rows.sel++;
		return UI_KEY_USED;
	}
	if ((ui_key_char(k, '\r') || ui_key_char(k, '\n') || (k->is_key && k->ch == KEY_ENTER)) &&
	    m->list.n > 0) {
		struct match_candidate *c = xcalloc(1, sizeof *c);

		*c = m->list.items[m->rows.sel];
		ui_push(ui, &screen_explain, c);
		return UI_KEY_USED;
	}
	return list_key(&m->rows, MATCH_LIST_ROWS, k);
}

const struct screen screen_match = {
	.name = "match",
	.init = match_screen_init,
	.free = match_screen_free,
	.draw = match_screen_draw,
	.key = match_screen_key,
	.resume = match_screen_resume,
	.help = N_(
	    "The vacancies that fit a job seeker, or the job seekers who fit a "
	    "vacancy, best first. Each row shows the score and the points of "
	    "each part: occupation, wage, place, freshness, and the priority "
	    "points.\nEnter explains the chosen match in full. F5 or Ctrl-T "
	    "switches to the near misses (one filter missed) and back. In a "
	    "vacancy's list, Space marks job seekers to refer together.\nF2 or "
	    "Ctrl-N refers: the next screen asks the interview's date and "
	    "place, and prints a letter for each. F3 or Ctrl-R prints the last "
	    "letter again, marked 补打. F6 or Ctrl-W lists the referrals. Esc "
	    "goes back."),
};

/* Opens the match list of a saved record, which must not hold unsaved changes. */
void
ui_open_match(struct ui *ui, enum kind_id kind, const char *id, int modified)
{
	struct record_arg *a;

	if (modified) {
		ui_error(ui, _("save or undo the changes first (F2 saves)"));
		return;
	}
	a = xcalloc(1, sizeof *a);
	a->kind = kind;
	snprintf(a->id, sizeof a->id, "%s", id);
	ui_push(ui, &screen_match, a);
}
