/* A scrolling list with a selection. */
#include <stdio.h>

#include "common/i18n.h"
#include "store/store.h"
#include "ui/widget-list.h"

/* Start a list of n rows with the first one selected. */
void
list_init(struct list *l, size_t n)
{
	l->n = n;
	l->sel = 0;
	l->top = 0;
}

/* Draw the visible rows, the selected one in reverse video. */
void
list_draw(struct list *l, int y, int rows, int width, list_row_cb row, void *ctx)
{
	size_t i;

	if (rows <= 0)
		return;
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + (size_t)rows)
		l->top = l->sel - (size_t)rows + 1;
	for (i = l->top; i < l->n && i < l->top + (size_t)rows; i++) {
		attrset(i == l->sel ? ui_attr_focus() : (int)A_NORMAL);
		row(ctx, i, y + (int)(i - l->top), width);
		attrset(A_NORMAL);
	}
}

/* Move the selection. */
enum ui_key_result
list_key(struct list *l, int rows, const struct ui_key *k)
{
	size_t page = rows > 1 ? (size_t)rows - 1 : 1;

	if (l->n == 0)
		return UI_KEY_UNUSED;
	if (k->is_key && k->ch == KEY_UP) {
		if (l->sel > 0)
			l->sel--;
	} else if (k->is_key && k->ch == KEY_DOWN) {
		if (l->sel + 1 < l->n)
			l->sel++;
	} else if ((k->is_key && k->ch == KEY_PPAGE) || ui_key_is(k, 0, 'B')) {
		l->sel = l->sel > page ? l->sel - page : 0;
	} else if ((k->is_key && k->ch == KEY_NPAGE) || ui_key_is(k, 0, 'F')) {
		l->sel = l->sel + page < l->n ? l->sel + page : l->n - 1;
	} else if (k->is_key && k->ch == KEY_HOME) {
		l->sel = 0;
	} else if (k->is_key && k->ch == KEY_END) {
		l->sel = l->n - 1;
	} else
		return UI_KEY_UNUSED;
	return UI_KEY_USED;
}

/* The line that says a search's list is cut, and how much was found. */
int
list_found_cut(size_t shown, size_t found, char *out, size_t outlen)
{
	if (found <= shown)
		return 0;
	if (found > STORE_FOUND_MAX)
		snprintf(out, outlen, _("%zu shown of more than %d"), shown, STORE_FOUND_MAX);
	else
		snprintf(out, outlen, _("%zu shown of %zu"), shown, found);
	return 1;
}
