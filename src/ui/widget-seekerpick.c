/* Finding a job seeker over a form: see widget-seekerpick.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "core/check.h"
#include "core/idnum.h"
#include "store/seeker.h"
#include "ui/lineedit.h"
#include "ui/widget-list.h"
#include "ui/widget-seekerpick.h"

#define SEEKERPICK_MAX	50
#define SEEKERPICK_TOP	7	/* first row of the list */
#define SEEKERPICK_ROWS	10

struct seekerpick {
	struct seekerpick_def	 def;
	char			*title;
	char			 leave_out[IDENT_LEN + 1];
	struct lineedit		*query;
	struct seeker_hit	 hits[SEEKERPICK_MAX];
	struct list		 list;
};

struct seekerpick *
seekerpick_new(const struct seekerpick_def *def)
{
	struct seekerpick *p = xcalloc(1, sizeof *p);

	p->def = *def;
	p->title = xstrdup(def->title);
	p->def.title = p->title;
	snprintf(p->leave_out, sizeof p->leave_out, "%s",
	    def->leave_out != NULL ? def->leave_out : "");
	p->def.leave_out = p->leave_out;
	p->query = lineedit_new(30, 30, 0);
	list_init(&p->list, 0);
	return p;
}

void
seekerpick_free(struct seekerpick *p)
{
	if (p == NULL)
		return;
	lineedit_free(p->query);
	free(p->title);
	free(p);
}

/* Draws one seeker found, the ID number (and the phone) masked. */
static void
seekerpick_row(void *ctx, size_t i, int y, int width)
{
	struct seekerpick *p = ctx;
	const struct seeker_hit *h = &p->hits[i];
	char masked[24], phone[24];

	(void)width;
	idnum_mask(h->id_number, masked, sizeof masked);
	mvhline(y, 2, ' ', 76);
	ui_put(y, 3, 18, *h->id_number != '\0' ? masked : "-");
	ui_put(y, 22, 14, h->name);
	ui_put(y, 37, 10, h->birth_date);
	if (p->def.phone) {
		mask_phone(h->phone, phone, sizeof phone);
		ui_put(y, 48, 12, phone);
	}
	ui_put(y, p->def.phone ? 61 : 48, 16, ui_status_name(h->status));
}

void
seekerpick_draw(struct seekerpick *p, struct ui *ui)
{
	int y, cy, cx;

	/* Whole rows: a label of the form peeking out beside the box would read as part of it. */
	for (y = 3; y <= SEEKERPICK_TOP + SEEKERPICK_ROWS + 1; y++)
		mvhline(y, 0, ' ', COLS);
	mvhline(3, 0, '-', COLS);
	mvhline(SEEKERPICK_TOP + SEEKERPICK_ROWS + 1, 0, '-', COLS);
	attrset(A_BOLD);
	ui_put(4, 3, 74, p->def.title);
	attrset(A_NORMAL);
	ui_put(5, 3, 26, _("ID number, name or phone:"));
	attrset(ui_attr_focus());
	lineedit_draw(p->query, stdscr, 5, 30, 1);
	getyx(stdscr, cy, cx);
	attrset(A_BOLD);
	ui_put(6, 3, 18, _("ID number"));
	ui_put(6, 22, 14, _("Name"));
	ui_put(6, 37, 10, _("Born"));
	if (p->def.phone)
		ui_put(6, 48, 12, _("Phone"));
	ui_put(6, p->def.phone ? 61 : 48, 16, _("Status"));
	attrset(A_NORMAL);
	list_draw(&p->list, SEEKERPICK_TOP, SEEKERPICK_ROWS, 76, seekerpick_row, p);
	if (lineedit_length(p->query) > 0 && p->list.n == 0)
		ui_put(SEEKERPICK_TOP, 3, 74, p->def.none);
	ui_cursor(ui, cy, cx);
	ui_set_legend(ui, p->def.legend);
}

/* Searches for what is typed, leaving out the seeker the caller named. */
static void
seekerpick_search(struct seekerpick *p, struct ui *ui)
{
	char *q = lineedit_text(p->query);
	size_t n = 0, i, kept = 0;

	if (*q != '\0')
		seeker_search(ui_store(ui), q, p->hits, SEEKERPICK_MAX, &n, NULL);
	for (i = 0; i < n; i++)
		if (strcmp(p->hits[i].id, p->leave_out) != 0)
			p->hits[kept++] = p->hits[i];
	list_init(&p->list, kept);
	free(q);
}

enum ui_key_result
seekerpick_key(struct seekerpick **pp, struct ui *ui, const struct ui_key *k)
{
	struct seekerpick *p = *pp;
	enum lineedit_result r;

	if (ui_key_char(k, UI_KEY_ESC)) {
		seekerpick_free(p);
		*pp = NULL;
		return UI_KEY_USED;
	}
	if (ui_key_char(k, '\r') || ui_key_char(k, '\n') || (k->is_key && k->ch == KEY_ENTER)) {
		if (p->list.n == 0) {
			ui_error(ui, "%s", p->def.first);
			return UI_KEY_USED;
		}
		switch (p->def.enter(p->def.ctx, ui, &p->hits[p->list.sel])) {
		case SEEKERPICK_STAY:
			break;
		case SEEKERPICK_NEXT:
			lineedit_free(p->query);
			p->query = lineedit_new(30, 30, 0);
			list_init(&p->list, 0);
			break;
		case SEEKERPICK_CLOSE:
			seekerpick_free(p);
			*pp = NULL;
			break;
		}
		return UI_KEY_USED;
	}
	if (list_key(&p->list, SEEKERPICK_ROWS, k) == UI_KEY_USED)
		return UI_KEY_USED;
	r = lineedit_key(p->query, k->ch, k->is_key);
	if (r == LE_REFUSED) {
		ui_error(ui, "%s", lineedit_refusal(p->query));
		return UI_KEY_USED;
	}
	/* Redraw, quit and the like still work; nothing reaches the form. */
	if (r == LE_IGNORED)
		return k->is_key || k->ch < 0x20 ? UI_KEY_UNUSED : UI_KEY_USED;
	seekerpick_search(p, ui);
	return UI_KEY_USED;
}
