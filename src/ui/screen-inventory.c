/*
 * The interest inventory (兴趣测评) at the guidance desk, opened from a job
 * seeker's "More" list (ui_open_inventory). Answering: one item per line,
 * the current one marked ">" (and reversed where the terminal can), one
 * digit key per answer, saved at once; Backspace or Up goes back to
 * change an answer, Down forward over those answered. Esc leaves: the
 * answers so far are kept and the next opening goes on at the first item
 * not answered. The last answer scores it: the result, a bar chart of
 * '#' per theme (monochrome and vt100 alike), the three-letter code and
 * the occupation groups its themes suggest, which a digit adds to the
 * seeker's desired occupations; F3 prints it. Guidance only: nothing of
 * it reaches an employer or matching but an occupation the counsellor adds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/i18n.h"
#include "common/inventorydef.h"
#include "common/wtext.h"
#include "common/xalloc.h"
#include "core/check.h"
#include "core/inventory.h"
#include "print/print.h"
#include "store/codes.h"
#include "store/inventory.h"
#include "store/store.h"
#include "ui/ui.h"

#define INV_ITEM_TOP	5
#define INV_ITEM_ROWS	(UI_BODY_ROWS - INV_ITEM_TOP + 1)
#define INV_BAR_CELLS	40		/* a score of 100 */
#define INV_LABEL_CELLS	(INVDEF_LABEL_CELLS + 3)	/* "现实型 R" padded */
/* Occupations offered from the code's themes: one digit key each. */
#define INV_SUGGEST_MAX	9

struct inv_suggest {
	char	code[32];
	size_t	theme;
};

struct inventory_screen {
	struct invdef		*def;
	struct inventory_rec	 rec;
	char			 seeker_name[128];
	char			 answers[INVDEF_MAX_ITEMS + 1];
	size_t			 cur, top;
	int			 done;
	struct inventory_result	 result;
	struct inv_suggest	 suggest[INV_SUGGEST_MAX];
	size_t			 nsuggest;
};

struct inventory_arg {
	struct invdef		*def;
	struct inventory_rec	 rec;
	char			 seeker_name[128];
};

/* Checks an occupation code of an inventory file against the code list (invdef_code_cb). */
static int
inventory_screen_code_ok(void *ctx, const char *code)
{
	return codes_valid(ctx, "occupation", code) == 1;
}

/* A theme's label in the clerk's language. */
static const char *
inventory_screen_label(struct ui *ui, const struct invtheme *t)
{
	return ui_chinese(ui) ? t->label_zh : t->label_en;
}

/* The occupations the code's themes suggest, best theme first, each once. */
static void
inventory_screen_suggest(struct inventory_screen *s)
{
	size_t i, j, k, len = strlen(s->result.code);

	s->nsuggest = 0;
	for (i = 0; i < len; i++) {
		size_t t = s->result.order[i];

		for (j = 0; j < s->def->themes[t].noccupations && s->nsuggest < INV_SUGGEST_MAX;
		    j++) {
			const char *code = s->def->themes[t].occupations[j];

			for (k = 0; k < s->nsuggest && strcmp(s->suggest[k].code, code) != 0; k++)
				;
			if (k < s->nsuggest)
				continue;
			/* Three from each theme, so that the third theme gets its say too. */
			if (j >= 3)
				break;
			snprintf(s->suggest[s->nsuggest].code, sizeof s->suggest[0].code, "%s", code);
			s->suggest[s->nsuggest++].theme = t;
		}
	}
}

/* Enter the result view from the record's scores (a done inventory). */
static int
inventory_screen_show_result(struct inventory_screen *s)
{
	if (inventory_scores_parse(s->def, s->rec.scores, &s->result) != 0)
		return -1;
	s->done = 1;
	inventory_screen_suggest(s);
	return 0;
}

/*
 * Open the inventory of a seeker: the file's checks, the counsellor's
 * grade, then the one in progress on this instrument, or the last one
 * done, or a new one; refusals on the message line.
 */
void
ui_open_inventory(struct ui *ui, const char *seeker_id, const char *seeker_name)
{
	struct inventory_arg *a;
	struct invdef *def;
	char err[512], instrument[128];
	int rc;

	if (inventory_may_give(ui_store(ui), err, sizeof err) != 0) {
		ui_error(ui, "%s", err);
		return;
	}
	if ((def = invdef_load(ui_inventory_path(ui), inventory_screen_code_ok, ui_store(ui), err,
	    sizeof err)) == NULL) {
		ui_error(ui, _("the interest inventory cannot be used: %s"), err);
		return;
	}
	a = xcalloc(1, sizeof *a);
	a->def = def;
	snprintf(a->seeker_name, sizeof a->seeker_name, "%s", seeker_name);
	invdef_instrument(def, instrument, sizeof instrument);
	rc = inventory_find(ui_store(ui), seeker_id, instrument, 1, &a->rec);
	if (rc == 0)
		rc = inventory_begin(ui_store(ui), seeker_id, instrument, def->nitems, &a->rec, err,
		    sizeof err) == 0 ? 1 : -2;
	else if (rc < 0)
		snprintf(err, sizeof err, _("cannot read the record: %s"),
		    store_errmsg(ui_store(ui)));
	if (rc != 1) {
		ui_error(ui, "%s", err);
		invdef_free(def);
		free(a);
		return;
	}
	ui_push(ui, &screen_inventory, a);
}

static void *
inventory_screen_init(struct ui *ui, void *arg)
{
	struct inventory_arg *a = arg;
	struct inventory_screen *s = xcalloc(1, sizeof *s);

	s->def = a->def;
	s->rec = a->rec;
	snprintf(s->seeker_name, sizeof s->seeker_name, "%s", a->seeker_name);
	free(a);
	inventory_answers_norm(s->def, s->rec.answers, s->answers);
	if (strcmp(s->rec.status, "done") == 0 && inventory_screen_show_result(s) != 0)
		ui_error(ui, "%s", _("the inventory's scores do not fit the inventory file; "
		    "begin a new one with F5"));
	s->cur = inventory_first_open(s->def, s->answers);
	if (s->cur >= s->def->nitems)
		s->cur = s->def->nitems - 1;
	return s;
}

static void
inventory_screen_free(void *p)
{
	struct inventory_screen *s = p;

	invdef_free(s->def);
	free(s);
}

/* A theme's row of the chart: label and letter, the bar, the score; into out. */
static void
inventory_screen_bar(struct ui *ui, const struct inventory_screen *s, size_t t, char *out,
    size_t outlen)
{
	char label[INV_LABEL_CELLS * 4 + 8], bar[INV_BAR_CELLS + 1], both[64];
	int n = (s->result.score[t] * INV_BAR_CELLS + 50) / 100;

	snprintf(both, sizeof both, "%s %c", inventory_screen_label(ui, &s->def->themes[t]),
	    s->def->themes[t].letter);
	wtext_fit(both, INV_LABEL_CELLS, 1, 0, label, sizeof label);
	memset(bar, '#', (size_t)n);
	memset(bar + n, '.', (size_t)(INV_BAR_CELLS - n));
	bar[INV_BAR_CELLS] = '\0';
	snprintf(out, outlen, "%s %s %3d", label, bar, s->result.score[t]);
}

/* An occupation's line: its code and name in the clerk's language. */
static void
inventory_screen_occupation(struct ui *ui, const char *code, char *out, size_t outlen)
{
	char name[256];

	if (codes_name(ui_store(ui), "occupation", code, ui_chinese(ui), name, sizeof name) != 0)
		snprintf(name, sizeof name, "?");
	snprintf(out, outlen, "%s %s", code, name);
}

static void
inventory_screen_draw_items(struct inventory_screen *s, struct ui *ui)
{
	char line[512], text[INVDEF_ITEM_CELLS * 4 + 8];
	size_t i, n = s->def->nitems;
	int y;

	attrset(A_BOLD);
	snprintf(line, sizeof line, "%s - %s", ui_chinese(ui) ? s->def->name_zh : s->def->name_en,
	    s->seeker_name);
	ui_put(1, 1, 78, line);
	attrset(A_NORMAL);
	ui_put(2, 1, 78, ui_chinese(ui) ? s->def->scale_zh : s->def->scale_en);
	/* TRANSLATORS: progress of an inventory: items answered of all. */
	snprintf(line, sizeof line, _("answered %zu of %zu"), inventory_answered(s->def, s->answers),
	    n);
	ui_put(3, 1, 78, line);
	mvhline(4, 0, '-', COLS);
	/* The current item stays in view, a few lines of context above it. */
	if (s->cur < s->top + 2)
		s->top = s->cur >= 2 ? s->cur - 2 : 0;
	if (s->cur >= s->top + INV_ITEM_ROWS - 2)
		s->top = s->cur + 3 > n ? (n > INV_ITEM_ROWS ? n - INV_ITEM_ROWS : 0) :
		    s->cur + 3 - INV_ITEM_ROWS;
	if (s->top + INV_ITEM_ROWS > n)
		s->top = n > INV_ITEM_ROWS ? n - INV_ITEM_ROWS : 0;
	for (y = 0; y < INV_ITEM_ROWS; y++) {
		mvhline(INV_ITEM_TOP + y, 0, ' ', COLS);
		i = s->top + (size_t)y;
		if (i >= n)
			continue;
		wtext_fit(ui_chinese(ui) ? s->def->items[i].text_zh : s->def->items[i].text_en,
		    INVDEF_ITEM_CELLS, 1, 0, text, sizeof text);
		snprintf(line, sizeof line, "%c %2zu. %s  [%c]", i == s->cur ? '>' : ' ', i + 1, text,
		    s->answers[i] == INVENTORY_UNANSWERED ? ' ' : s->answers[i]);
		if (i == s->cur)
			attrset(A_REVERSE);
		ui_put(INV_ITEM_TOP + y, 1, 78, line);
		attrset(A_NORMAL);
	}
	ui_cursor(ui, INV_ITEM_TOP + (int)(s->cur - s->top), 4 + INVDEF_ITEM_CELLS + 4);
	/* TRANSLATORS: legend while answering an inventory; N-M is the scale; under 80 cells. */
	snprintf(line, sizeof line, _("%d-%d answer  Up/Backspace back  Down next  Esc keep and leave"),
	    s->def->scale_min, s->def->scale_max);
	ui_set_legend(ui, line);
}

static void
inventory_screen_draw_result(struct inventory_screen *s, struct ui *ui)
{
	char line[512], occ[300];
	size_t i;
	int y;

	for (y = UI_BODY_TOP; y < UI_BODY_TOP + UI_BODY_ROWS; y++)
		mvhline(y, 0, ' ', COLS);
	attrset(A_BOLD);
	/* TRANSLATORS: the result's heading: the seeker, the code, the day it was done. */
	snprintf(line, sizeof line, _("%s - interest code %s (%s)"), s->seeker_name,
	    s->result.code, s->rec.done_on);
	ui_put(1, 1, 78, line);
	attrset(A_NORMAL);
	for (i = 0; i < s->def->nthemes; i++) {
		inventory_screen_bar(ui, s, i, line, sizeof line);
		ui_put(3 + (int)i, 1, 78, line);
	}
	y = 4 + (int)s->def->nthemes;
	ui_put(y++, 1, 78, _("Occupations to suggest (a digit adds one to the desired occupations):"));
	for (i = 0; i < s->nsuggest && y < UI_BODY_TOP + UI_BODY_ROWS - 1; i++) {
		inventory_screen_occupation(ui, s->suggest[i].code, occ, sizeof occ);
		snprintf(line, sizeof line, "%zu. %s (%s)", i + 1, occ,
		    inventory_screen_label(ui, &s->def->themes[s->suggest[i].theme]));
		ui_put(y++, 3, 76, line);
	}
	ui_put(UI_BODY_TOP + UI_BODY_ROWS - 1, 1, 78, _("Guidance only: never shown to employers, "
	    "never a matching filter."));
	/* TRANSLATORS: legend of an inventory's result; under 80 cells. */
	ui_set_legend(ui, _("1-9 add occupation  F3/^R Print  F5/^N New inventory  Esc Back"));
}

static void
inventory_screen_draw(void *p, struct ui *ui)
{
	struct inventory_screen *s = p;

	ui_set_title(ui, _("jobdesk - interest inventory"));
	if (s->done)
		inventory_screen_draw_result(s, ui);
	else
		inventory_screen_draw_items(s, ui);
}

/* The result as text for the printer: heading, chart, code, suggestions, note. */
static void
inventory_screen_text(struct inventory_screen *s, struct ui *ui, struct buf *out)
{
	char line[512], occ[300];
	size_t i;

	buf_addf(out, "%s\n\n", ui_chinese(ui) ? s->def->name_zh : s->def->name_en);
	/* TRANSLATORS: printed result: the seeker's name, the day, the counsellor's login. */
	buf_addf(out, _("Name: %s   Date: %s   Counsellor: %s\n"), s->seeker_name, s->rec.done_on,
	    s->rec.created_by);
	buf_addf(out, _("Interest code: %s\n\n"), s->result.code);
	for (i = 0; i < s->def->nthemes; i++) {
		inventory_screen_bar(ui, s, i, line, sizeof line);
		buf_addf(out, "%s\n", line);
	}
	buf_addf(out, "\n%s\n", _("Occupations to consider (GB/T 6565):"));
	for (i = 0; i < s->nsuggest; i++) {
		inventory_screen_occupation(ui, s->suggest[i].code, occ, sizeof occ);
		buf_addf(out, "  %s (%s)\n", occ,
		    inventory_screen_label(ui, &s->def->themes[s->suggest[i].theme]));
	}
	buf_addf(out, "\n%s\n", _("This result is for career guidance only; it is not a "
	    "condition of any job."));
}

/* Print the result as [print] says, audited. */
static void
inventory_screen_print(struct inventory_screen *s, struct ui *ui)
{
	struct buf text;
	char err[512];

	buf_init(&text);
	inventory_screen_text(s, ui, &text);
	if (ui_print(ui, buf_str(&text), text.len, err, sizeof err) != 0)
		ui_error(ui, _("the result was not printed: %s"), err);
	else {
		if (inventory_printed(ui_store(ui), s->rec.id) != 0)
			ui_error(ui, _("cannot record the print: %s"), store_errmsg(ui_store(ui)));
		else
			ui_info(ui, "%s", _("the result was printed"));
	}
	buf_free(&text);
}

/* Add the n-th suggestion to the seeker's desired occupations, saying where. */
static void
inventory_screen_add(struct inventory_screen *s, struct ui *ui, size_t n)
{
	char err[512], occ[300];
	int slot, rc;

	inventory_screen_occupation(ui, s->suggest[n].code, occ, sizeof occ);
	rc = inventory_add_occupation(ui_store(ui), s->rec.seeker_id, s->suggest[n].code, &slot,
	    err, sizeof err);
	if (rc < 0)
		ui_error(ui, "%s", err);
	else if (rc == 1)
		/* TRANSLATORS: an occupation, then which desired occupation (1-3) holds it. */
		ui_info(ui, _("%s is desired occupation %d already"), occ, slot);
	else
		/* TRANSLATORS: an occupation, then which desired occupation (1-3) it became. */
		ui_info(ui, _("%s added as desired occupation %d"), occ, slot);
}

/* Record an answer of the current item and go on; the last one scores the inventory. */
static void
inventory_screen_answer(struct inventory_screen *s, struct ui *ui, char digit)
{
	char err[512], scores[128];
	size_t next;

	s->answers[s->cur] = digit;
	if (inventory_first_open(s->def, s->answers) < s->def->nitems) {
		if (inventory_save_answers(ui_store(ui), s->rec.id, s->answers, err, sizeof err) < 0) {
			/* Not kept: shown unanswered again, so the screen says what is saved. */
			s->answers[s->cur] = s->rec.answers[s->cur];
			ui_error(ui, "%s", err);
			return;
		}
		snprintf(s->rec.answers, sizeof s->rec.answers, "%s", s->answers);
		/* On to the next item not answered, after this one if there is one. */
		for (next = s->cur + 1; next < s->def->nitems &&
		    s->answers[next] != INVENTORY_UNANSWERED; next++)
			;
		s->cur = next < s->def->nitems ? next : inventory_first_open(s->def, s->answers);
		return;
	}
	if (inventory_score(s->def, s->answers, &s->result) != 0)
		return;
	inventory_scores_text(s->def, &s->result, scores, sizeof scores);
	if (inventory_finish(ui_store(ui), s->rec.id, s->answers, scores, s->result.code, err,
	    sizeof err) != 0) {
		s->answers[s->cur] = s->rec.answers[s->cur];
		ui_error(ui, "%s", err);
		return;
	}
	snprintf(s->rec.answers, sizeof s->rec.answers, "%s", s->answers);
	snprintf(s->rec.scores, sizeof s->rec.scores, "%s", scores);
	snprintf(s->rec.code, sizeof s->rec.code, "%s", s->result.code);
	snprintf(s->rec.status, sizeof s->rec.status, "done");
	date_format(store_today(), s->rec.done_on);
	s->done = 1;
	inventory_screen_suggest(s);
	ui_info(ui, _("inventory done: interest code %s"), s->result.code);
}

/* F5 on a result: a new inventory of the same seeker. */
static void
inventory_screen_again(struct inventory_screen *s, struct ui *ui)
{
	char err[512], instrument[128];
	struct inventory_rec rec;

	if (!ui_confirm(ui, _("Begin a new inventory for this job seeker?")))
		return;
	invdef_instrument(s->def, instrument, sizeof instrument);
	if (inventory_begin(ui_store(ui), s->rec.seeker_id, instrument, s->def->nitems, &rec, err,
	    sizeof err) != 0) {
		ui_error(ui, "%s", err);
		return;
	}
	s->rec = rec;
	inventory_answers_norm(s->def, s->rec.answers, s->answers);
	s->cur = s->top = 0;
	s->done = 0;
}

static enum ui_key_result
inventory_screen_key(void *p, struct ui *ui, const struct ui_key *k)
{
	struct inventory_screen *s = p;

	if (s->done) {
		if (!k->is_key && k->ch >= '1' && k->ch <= '9') {
			if ((size_t)(k->ch - '1') < s->nsuggest)
				inventory_screen_add(s, ui, (size_t)(k->ch - '1'));
			return UI_KEY_USED;
		}
		if (ui_key_is(k, 3, 'R')) {
			inventory_screen_print(s, ui);
			return UI_KEY_USED;
		}
		if (ui_key_is(k, 5, 'N')) {
			inventory_screen_again(s, ui);
			return UI_KEY_USED;
		}
		return UI_KEY_UNUSED;
	}
	if (!k->is_key && k->ch >= (wint_t)('0' + s->def->scale_min) &&
	    k->ch <= (wint_t)('0' + s->def->scale_max)) {
		inventory_screen_answer(s, ui, (char)k->ch);
		return UI_KEY_USED;
	}
	if ((k->is_key && (k->ch == KEY_UP || k->ch == KEY_BACKSPACE)) ||
	    (!k->is_key && (k->ch == 127 || k->ch == '\b'))) {
		if (s->cur > 0)
			s->cur--;
		return UI_KEY_USED;
	}
	/* Forward over answered items only: an item is not skipped. */
	if (k->is_key && k->ch == KEY_DOWN) {
		if (s->cur + 1 < s->def->nitems && s->answers[s->cur] != INVENTORY_UNANSWERED)
			s->cur++;
		return UI_KEY_USED;
	}
	if (!k->is_key && k->ch >= '0' && k->ch <= '9') {
		ui_error(ui, _("answer with a digit from %d to %d"), s->def->scale_min,
		    s->def->scale_max);
		return UI_KEY_USED;
	}
	return UI_KEY_UNUSED;
}

const struct screen screen_inventory = {
	.name = "inventory",
	.init = inventory_screen_init,
	.free = inventory_screen_free,
	.draw = inventory_screen_draw,
	.key = inventory_screen_key,
	/* TRANSLATORS: help of the interest inventory screen. */
	.help = N_("The interest inventory: answer each statement with one digit of the scale; "
	    "every answer is saved at once, so Esc (or a lock) keeps them and the next opening "
	    "goes on at the first item not answered. Up or Backspace goes back to change an "
	    "answer. The last answer shows the result: a bar per theme and the code of the best "
	    "three. A digit then adds a suggested occupation to the seeker's desired "
	    "occupations (the first empty one), F3 prints the result, F5 begins a new "
	    "inventory. The result is guidance: employers never see it and matching never "
	    "filters by it."),
};
