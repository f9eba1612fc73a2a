/*
 * A scrolling list with a selected row: Up/Down, PgUp/PgDn, Ctrl-B/Ctrl-F
 * (for terminals without paging keys), Home/End. Rows are drawn by the
 * screen through a callback, so each list shows its own columns.
 */
#ifndef JOBDESK_WIDGET_LIST_H
#define JOBDESK_WIDGET_LIST_H

#include <stddef.h>

#include "ui/ui.h"

/* Draw row i at screen row y, `width` cells wide; selected rows are highlighted by the list. */
typedef void (*list_row_cb)(void *ctx, size_t i, int y, int width);

struct list {
	size_t	n;	/* rows */
	size_t	sel;	/* selected row */
	size_t	top;	/* first row shown */
};

void			list_init(struct list *, size_t n);
/* Draw rows in [y, y + rows). */
void			list_draw(struct list *, int y, int rows, int width, list_row_cb, void *ctx);
/* Offer a navigation key. */
enum ui_key_result	list_key(struct list *, int rows, const struct ui_key *);
/*
 * The count over a search's list when the list does not hold every
 * record found: "200 shown of 790", or "200 shown of more than 1000" when
 * found is past the store's count (STORE_FOUND_MAX). 1 with the text in
 * out; 0, out untouched, when the list shows all found (the screen says
 * that in its own words).
 */
int			list_found_cut(size_t shown, size_t found, char *out, size_t outlen);

#endif
