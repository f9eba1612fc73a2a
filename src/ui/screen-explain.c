/*
 * Why a match is listed: every filter with the values it compared, every
 * part of the score with its weight, level and rule, and the priority
 * points, in the clerk's language (core/match's explanation), so that a
 * clerk can tell a seeker why a job is listed. Long lines wrap at the
 * screen's width; Up/Down scroll.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/i18n.h"
#include "common/wtext.h"
#include "common/xalloc.h"
#include "core/match.h"
#include "store/matching.h"
#include "store/store.h"
#include "ui/ui.h"

#define EXPLAIN_TOP	3
#define EXPLAIN_ROWS	(UI_BODY_ROWS - EXPLAIN_TOP + 1)
#define EXPLAIN_CELLS	78
#define EXPLAIN_INDENT	6	/* a wrapped line's continuation */

struct explain_screen {
	struct match_candidate	 c;
	char			**lines;	/* screen rows, each fitting EXPLAIN_CELLS */
	size_t			 n;
	size_t			 top;
};

/* Adds one screen row. */
static void
explain_screen_add(struct explain_screen *e, const char *row)
{
	e->lines = xreallocarray(e->lines, e->n + 1, sizeof *e->lines);
	e->lines[e->n++] = xstrdup(row);
}

/* Cuts one line of the explanation into rows of the screen's width, never inside a character. */
static void
explain_screen_wrap(struct explain_screen *e, const char *line)
{
	char row[EXPLAIN_CELLS * 4 + 1], indented[sizeof row + EXPLAIN_INDENT];
	int cells = EXPLAIN_CELLS, first = 1;

	do {
		size_t used;

		wtext_fit(line, cells, 0, 0, row, sizeof row);
		used = strlen(row);
		if (used == 0)		/* a character wider than the row: cannot happen at 78 */
			break;
		/* English words are not cut: the row ends at its last space, if it has one. */
		if (line[used] != '\0' && line[used] != ' ' && strrchr(row, ' ') != NULL &&
		    (unsigned char)line[used] < 0x80 && (unsigned char)row[used - 1] < 0x80) {
			used = (size_t)(strrchr(row, ' ') - row) + 1;
			row[used] = '\0';
		}
		if (first)
			explain_screen_add(e, row);
		else {
			snprintf(indented, sizeof indented, "%*s%s", EXPLAIN_INDENT, "", row);
			explain_screen_add(e, indented);
		}
		line += used;
		first = 0;
		cells = EXPLAIN_CELLS - EXPLAIN_INDENT;
	} while (*line != '\0');
}

/* Creates the explanation of the match in arg (a struct match_candidate, taken over). */
static void *
explain_screen_init(struct ui *ui, void *arg)
{
	struct explain_screen *e = xcalloc(1, sizeof *e);
	struct match_names names;
	struct buf text;
	char *line, *next;

	e->c = *(struct match_candidate *)arg;
	free(arg);
	memset(&names, 0, sizeof names);
	names.st = ui_store(ui);
	names.chinese = ui_chinese(ui);
	buf_init(&text);
	match_explain(ui_match_config(ui), &e->c.seeker, &e->c.vacancy, &e->c.result,
	    matching_code_name, &names, &text);
	line = buf_detach(&text);
	for (next = line; next != NULL && *next != '\0';) {
		char *end = strchr(next, '\n');

		if (end != NULL)
			*end = '\0';
		explain_screen_wrap(e, next);
		next = end != NULL ? end + 1 : NULL;
	}
	free(line);
	return e;
}

static void
explain_screen_free(void *p)
{
	struct explain_screen *e = p;
	size_t i;

	for (i = 0; i < e->n; i++)
		free(e->lines[i]);
	free(e->lines);
	free(e);
}

static void
explain_screen_draw(void *p, struct ui *ui)
{
	struct explain_screen *e = p;
	size_t i;

	ui_set_title(ui, _("jobdesk - why this match"));
	attrset(A_BOLD);
	ui_put(1, 1, EXPLAIN_CELLS, e->c.label);
	attrset(A_NORMAL);
	for (i = 0; i < EXPLAIN_ROWS; i++) {
		mvhline(EXPLAIN_TOP + (int)i, 0, ' ', COLS);
		if (e->top + i < e->n)
			ui_put(EXPLAIN_TOP + (int)i, 1, EXPLAIN_CELLS, e->lines[e->top + i]);
	}
	/* TRANSLATORS: legend of a match's explanation; under 80 cells. */
	ui_set_legend(ui, _("Up/Down scroll  Esc Back"));
}

static enum ui_key_result
explain_screen_key(void *p, struct ui *ui, const struct ui_key *k)
{
	struct explain_screen *e = p;

	(void)ui;
	if (k->is_key && (k->ch == KEY_UP || k->ch == KEY_PPAGE)) {
		e->top = e->top > 0 ? e->top - 1 : 0;
		return UI_KEY_USED;
	}
	if (k->is_key && (k->ch == KEY_DOWN || k->ch == KEY_NPAGE)) {
		if (e->top + EXPLAIN_ROWS < e->n)
			e->top++;
		return UI_KEY_USED;
	}
	return UI_KEY_UNUSED;
}

const struct screen screen_explain = {
	.name = "explain",
	.init = explain_screen_init,
	.free = explain_screen_free,
	.draw = explain_screen_draw,
	.key = explain_screen_key,
};
