/*
 * Search first: find a job seeker by ID number, phone (their first or
 * last digits) or any part of the name as the clerk types; the list masks
 * ID and phone numbers and says how many were found when it cannot show
 * them all. Enter opens the whole record (audited); F2 or Ctrl-N
 * registers a new seeker, taking what was typed as the ID number or name.
 * A save closes the record: the search comes back empty for the next
 * person, listing the one just saved until the clerk types.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/wtext.h"
#include "common/xalloc.h"
#include "core/idnum.h"
#include "core/check.h"
#include "store/seeker.h"
#include "store/store.h"
#include "ui/lineedit.h"
#include "ui/screen-seeker.h"
#include "ui/ui.h"
#include "ui/widget-list.h"

#define SEEKERS_MAX	200
#define SEEKERS_TOP	5

struct seekers_screen {
	struct lineedit		*query;
	struct seeker_hit	 hits[SEEKERS_MAX];
	struct list		 list;
	size_t			 found;		/* as seeker_search counts them */
	char			 saved[IDENT_LEN + 1];	/* the record screen's, once saved */
	int			 chinese;
};

/* Searches the seekers for what is typed and refills the list. */
static void
seekers_screen_search(struct seekers_screen *s, struct ui *ui)
{
	char *q = lineedit_text(s->query);
	size_t n = 0;

	seeker_search(ui_store(ui), q, s->hits, SEEKERS_MAX, &n, &s->found);
	s->saved[0] = '\0';
	list_init(&s->list, n);
	free(q);
}

/* Creates the seeker search with an empty query. */
static void *
seekers_screen_init(struct ui *ui, void *arg)
{
	struct seekers_screen *s = xcalloc(1, sizeof *s);

	(void)arg;
	s->query = lineedit_new(30, 30, 0);
	s->chinese = ui_chinese(ui);
	return s;
}

/* Frees the seeker search. */
static void
seekers_screen_free(void *p)
{
	struct seekers_screen *s = p;

	lineedit_free(s->query);
	free(s);
}

/* Draws one seeker's row, the ID number and phone masked. */
static void
seekers_screen_row(void *ctx, size_t i, int y, int width)
{
	struct seekers_screen *s = ctx;
	const struct seeker_hit *h = &s->hits[i];
	char masked[24], phone[24];

	(void)width;
	idnum_mask(h->id_number, masked, sizeof masked);
	mask_phone(h->phone, phone, sizeof phone);
	mvhline(y, 0, ' ', COLS);
	ui_put(y, 1, 18, *h->id_number != '\0' ? masked : "-");
	ui_put(y, 20, 12, h->name);
	ui_put(y, 33, 10, h->birth_date);
	ui_put(y, 44, 12, phone);
	ui_put(y, 57, 10, ui_status_name(h->status));
	ui_put(y, 68, 10, h->valid_until);
}

/* Draws the search field, the count and list of seekers found, and the legend. */
static void
seekers_screen_draw(void *p, struct ui *ui)
{
	struct seekers_screen *s = p;
	char count[120];
	int cy, cx;

	ui_set_title(ui, _("jobdesk - job seekers"));
	ui_put(2, 1, 30, _("ID number, name or phone:"));
	attrset(ui_attr_focus());
	lineedit_draw(s->query, stdscr, 2, 32, 1);
	getyx(stdscr, cy, cx);
	attrset(A_BOLD);
	ui_put(4, 1, 18, _("ID number"));
	ui_put(4, 20, 12, _("Name"));
	ui_put(4, 33, 10, _("Born"));
	ui_put(4, 44, 12, _("Phone"));
	ui_put(4, 57, 10, _("Status"));
	ui_put(4, 68, 10, _("Valid to"));
	attrset(A_NORMAL);
	list_draw(&s->list, SEEKERS_TOP, UI_BODY_ROWS - SEEKERS_TOP, COLS, seekers_screen_row, s);
	if (lineedit_length(s->query) > 0) {
		if (s->list.n == 0)
			snprintf(count, sizeof count, "%s",
			    _("no one found; F2 registers a new job seeker"));
		else if (!list_found_cut(s->list.n, s->found, count, sizeof count))
			snprintf(count, sizeof count, _("%zu found"), s->list.n);
		ui_put(3, 1, 78, count);
	} else if (s->list.n > 0)
		ui_put(3, 1, 78, _("just saved: Enter opens it again; type to find the next person"));
	ui_cursor(ui, cy, cx);
	/* TRANSLATORS: legend of the seeker search; under 80 cells. */
	ui_set_legend(ui, _("type to search  Up/Down choose  Enter open  F2/^N New  Esc Back"));
}

/* Opens a new seeker record with what is typed as its ID number or name. */
static void
seekers_screen_new(struct seekers_screen *s, struct ui *ui)
{
	struct seeker_arg arg;
	char *q = lineedit_text(s->query);

	memset(&arg, 0, sizeof arg);
	if (idnum_like(q))
		snprintf(arg.idnum, sizeof arg.idnum, "%s", q);
	else
		snprintf(arg.name, sizeof arg.name, "%s", q);
	free(q);
	arg.saved = s->saved;
	ui_push(ui, &screen_seeker, &arg);
}

/* Handles a key on the seeker search: new, open, move in the list, or type. */
static enum ui_key_result
seekers_screen_key(void *p, struct ui *ui, const struct ui_key *k)
{
	struct seekers_screen *s = p;
	enum lineedit_result r;

	if (ui_key_is(k, 2, 'N')) {
		seekers_screen_new(s, ui);
		return UI_KEY_USED;
	}
	if (ui_key_char(k, '\r') || ui_key_char(k, '\n') || (k->is_key && k->ch == KEY_ENTER)) {
		struct seeker_arg arg;

		if (s->list.n == 0) {
			if (lineedit_length(s->query) == 0)
				ui_error(ui, _("type an ID number, a name or a phone number first"));
			else
				seekers_screen_new(s, ui);
			return UI_KEY_USED;
		}
		memset(&arg, 0, sizeof arg);
		snprintf(arg.id, sizeof arg.id, "%s", s->hits[s->list.sel].id);
		arg.saved = s->saved;
		ui_push(ui, &screen_seeker, &arg);
		return UI_KEY_USED;
	}
	if (list_key(&s->list, UI_BODY_ROWS - SEEKERS_TOP, k) == UI_KEY_USED)
		return UI_KEY_USED;
	r = lineedit_key(s->query, k->ch, k->is_key);
	if (r == LE_REFUSED) {
		ui_error(ui, "%s", lineedit_refusal(s->query));
		return UI_KEY_USED;
	}
	if (r == LE_IGNORED)
		return UI_KEY_UNUSED;
	seekers_screen_search(s, ui);
	return UI_KEY_USED;
}

/*
 * Back on top: after a save the query is emptied for the next person and
 * the list holds the one just saved; otherwise the search runs again,
 * keeping the selection where it still fits.
 */
static void
seekers_screen_resume(void *p, struct ui *ui)
{
	struct seekers_screen *s = p;
	size_t sel = s->list.sel;

	if (s->saved[0] != '\0') {
		lineedit_set_text(s->query, "");
		list_init(&s->list, seeker_hit_get(ui_store(ui), s->saved, &s->hits[0]) == 1);
		s->found = s->list.n;
		return;
	}
	seekers_screen_search(s, ui);
	if (sel < s->list.n)
		s->list.sel = sel;
}

const struct screen screen_seekers = {
	.name = "seekers",
	.init = seekers_screen_init,
	.free = seekers_screen_free,
	.draw = seekers_screen_draw,
	.key = seekers_screen_key,
	.resume = seekers_screen_resume,
	.help = N_(
	    "Find a job seeker: type an ID number, a part of the name, or a "
	    "phone number, or the last 4 digits or more of an ID number or a "
	    "phone (尾号); the list follows as "
	    "you type. Up and Down choose, Enter opens the record.\nF2 or "
	    "Ctrl-N registers a new job seeker; an ID number typed here goes "
	    "into the new form. Esc goes back."),
};
