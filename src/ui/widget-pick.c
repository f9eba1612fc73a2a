/*
 * A modal choice from a code list (e.g. the reason for withdrawing a
 * registration), another short list (the offices a record may move to)
 * or a numbered list of actions (what else can be done on a record): a
 * list on top of the screen, Up/Down and Enter, Esc to cancel. It runs
 * its own small key loop.
 */
#include <stdio.h>
#include <string.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "store/codes.h"
#include "ui/ui.h"
#include "ui/widget-list.h"

#define PICK_MAX	16

struct pick_ctx {
	struct code_hit	*hits;
	int		 chinese;
};

/* Draws one code of the list with its name. */
static void
pick_row(void *ctx, size_t i, int y, int width)
{
	struct pick_ctx *pc = ctx;
	char line[200];

	snprintf(line, sizeof line, " %-14s %s", pc->hits[i].code,
	    pc->chinese ? pc->hits[i].name_zh : pc->hits[i].name_en);
	ui_put(y, 12, width, line);
}

/*
 * The key loop of a modal list of n rows drawn by row: the index chosen
 * with Enter (or, numbered, with its digit 1-9), or -1 when cancelled.
 */
static long
pick_loop(struct ui *ui, const char *title, size_t n, list_row_cb row, void *ctx, int numbered)
{
	struct list l;
	int y, rc;

	list_init(&l, n);
	for (;;) {
		struct ui_key k;
		int rows = (int)n < 14 ? (int)n : 14;

		ui_redraw(ui);
		if (LINES < UI_MIN_LINES || COLS < UI_MIN_COLS) {
			rc = ui_wait_key(ui, &k);
			if (rc == -2 || (rc == 0 && ui_key_char(&k, UI_KEY_ESC)))
				return -1;
			continue;
		}
		for (y = 3; y < 3 + rows + 3; y++)
			mvhline(y, 10, ' ', 60);
		mvhline(3, 10, '-', 60);
		mvhline(3 + rows + 2, 10, '-', 60);
		attrset(A_BOLD);
		ui_put(4, 12, 56, title);
		attrset(A_NORMAL);
		list_draw(&l, 5, rows, 56, row, ctx);
		move(UI_LEGEND_ROW, 0);
		clrtoeol();
		ui_put(UI_LEGEND_ROW, 0, COLS - 1, numbered ?
		    _("1-9 or Up/Down and Enter choose  Esc cancel") :
		    _("Up/Down choose  Enter take  Esc cancel"));
		curs_set(0);
		refresh();
		rc = ui_wait_key(ui, &k);
		if (rc == -2)
			return -1;	/* away too long: cancelled, and the screen locks */
		if (rc != 0)
			continue;
		if (ui_key_char(&k, UI_KEY_ESC))
			return -1;
		if (ui_key_char(&k, '\r') || ui_key_char(&k, '\n') ||
		    (k.is_key && k.ch == KEY_ENTER))
			return (long)l.sel;
		if (numbered && !k.is_key && k.ch >= L'1' && k.ch <= L'9' &&
		    (size_t)(k.ch - L'1') < n)
			return (long)(k.ch - L'1');
		list_key(&l, rows, &k);
	}
}

/* Let the clerk pick one of n choices; 0 with its code in out, -1 if cancelled. */
int
ui_pick_list(struct ui *ui, const char *title, struct code_hit *hits, size_t n, char *out,
    size_t outlen)
{
	struct pick_ctx pc = { hits, ui_chinese(ui) };
	long i = pick_loop(ui, title, n, pick_row, &pc, 0);

	if (i < 0)
		return -1;
	snprintf(out, outlen, "%s", hits[i].code);
	return 0;
}

/* Draws one numbered action. */
static void
choose_row(void *ctx, size_t i, int y, int width)
{
	const char *const *labels = ctx;
	char line[200];

	snprintf(line, sizeof line, " %zu  %s", i + 1, labels[i]);
	ui_put(y, 12, width, line);
}

/* Let the clerk choose one of n actions (labels in the clerk's language); its index, or -1. */
long
ui_choose(struct ui *ui, const char *title, const char *const *labels, size_t n)
{
	return pick_loop(ui, title, n, choose_row, (void *)labels, 1);
}

/* Lists the actions the clerk may take on a record, and takes the one chosen. */
void
ui_choose_action(struct ui *ui, const char *title, const struct ui_action *actions, size_t n,
    void *screen)
{
	const char *labels[PICK_MAX];
	size_t index[PICK_MAX], i, shown = 0;
	long chosen;

	if (n > PICK_MAX)
		fatalx("%zu actions: at most %d fit a list", n, PICK_MAX);
	for (i = 0; i < n; i++) {
		if (actions[i].supervisor && !ui_clerk_is_supervisor(ui))
			continue;
		labels[shown] = _(actions[i].label);
		index[shown++] = i;
	}
	if (shown == 0) {
		ui_info(ui, "%s", _("nothing more to do on this record"));
		return;
	}
	if ((chosen = ui_choose(ui, title, labels, shown)) >= 0)
		actions[index[chosen]].run(screen, ui);
}

/* Let the clerk pick a code of a list; 0 with the code in out, -1 if cancelled. */
int
ui_pick_code(struct ui *ui, const char *list, const char *title, char *out, size_t outlen)
{
	struct code_hit hits[PICK_MAX];
	size_t n;

	codes_search(ui_store(ui), list, "", hits, PICK_MAX, &n);
	if (n == 0) {
		ui_error(ui, _("the code list \"%s\" is empty"), list);
		return -1;
	}
	return ui_pick_list(ui, title, hits, n, out, outlen);
}
