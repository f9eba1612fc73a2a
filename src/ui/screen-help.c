/*
 * Help on a screen: F1 where the screen itself does not take it (a menu,
 * a list) opens what that screen is for and what its keys do, from the
 * screen's own table (struct screen's help), in the clerk's language,
 * wrapped to the terminal's width, and then the keys every screen has
 * that are easy to miss. Up, Down and the page keys scroll it; F1 or Esc
 * closes it.
 */
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/wtext.h"
#include "common/xalloc.h"
#include "ui/ui.h"

#define HELP_TOP	2
#define HELP_ROWS	(UI_BODY_ROWS - HELP_TOP + 1)

struct help_screen {
	char		*text;		/* the screen's help and the keys of every screen */
	int		 top;		/* the first line shown */
	int		 nlines;	/* as wrapped at the last draw */
};

/* Opens on the help of a screen (arg: its N_() text). */
static void *
help_screen_init(struct ui *ui, void *arg)
{
	struct help_screen *h = xcalloc(1, sizeof *h);

	(void)ui;
	/* The same on every screen, so written once here rather than in each screen's help. */
	h->text = xasprintf("%s\n%s", _((const char *)arg),
	    _("Ctrl-Z, on any screen, shows the messages since you logged in, newest first."));
	return h;
}

static void
help_screen_free(void *p)
{
	struct help_screen *h = p;

	free(h->text);
	free(h);
}

/* Draws the lines from the top one, wrapped to the width of the day. */
static void
help_screen_draw(void *p, struct ui *ui)
{
	struct help_screen *h = p;
	const char *s = h->text;
	char line[1024];
	size_t n;
	int i;

	ui_set_title(ui, _("jobdesk - help"));
	for (i = 0; (n = wtext_wrap(s, COLS - 2, line, sizeof line)) > 0; i++, s += n)
		if (i >= h->top && i < h->top + HELP_ROWS)
			ui_put(HELP_TOP + i - h->top, 1, COLS - 2, line);
	h->nlines = i;
	/* TRANSLATORS: legend of the help on a screen; under 80 cells. */
	ui_set_legend(ui, _("Up/Down/PgUp/PgDn scroll  F1 or Esc Back"));
}

/* Scrolls, or closes on F1 (Esc closes it as every screen). */
static enum ui_key_result
help_screen_key(void *p, struct ui *ui, const struct ui_key *k)
{
	struct help_screen *h = p;
	int last = h->nlines > HELP_ROWS ? h->nlines - HELP_ROWS : 0;

	if (ui_key_is(k, 1, 0)) {
		ui_pop(ui);
		return UI_KEY_USED;
	}
	if (!k->is_key)
		return UI_KEY_UNUSED;
	if (k->ch == KEY_UP)
		h->top--;
	else if (k->ch == KEY_DOWN)
		h->top++;
	else if (k->ch == KEY_PPAGE)
		h->top -= HELP_ROWS - 1;
	else if (k->ch == KEY_NPAGE)
		h->top += HELP_ROWS - 1;
	else
		return UI_KEY_UNUSED;
	h->top = h->top < 0 ? 0 : h->top > last ? last : h->top;
	return UI_KEY_USED;
}

const struct screen screen_help = {
	.name = "help",
	.init = help_screen_init,
	.free = help_screen_free,
	.draw = help_screen_draw,
	.key = help_screen_key,
};
