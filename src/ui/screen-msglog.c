/*
 * The session's messages: every message the message line showed, newest
 * first, each whole (wrapped over as many rows as it takes, never cut),
 * after its local time and the word the message line began it with
 * ("Error: ", "Note: "), so that the kind shows on a monochrome vt100 too.
 * Ctrl-Z opens it over any screen and closes it again, as Esc does; the
 * screen below is left exactly as it was. Up, Down, the page keys (or
 * Ctrl-B and Ctrl-F), Home and End scroll it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/i18n.h"
#include "common/msglog.h"
#include "common/wtext.h"
#include "common/xalloc.h"
#include "ui/ui.h"

/* Rows 3 to the body's last: row 1 says how many, row 2 is left blank. */
#define MSGLOG_TOP	3
#define MSGLOG_ROWS	(UI_BODY_TOP + UI_BODY_ROWS - MSGLOG_TOP)
/* The time (HH:MM:SS) at column 1, the message from column 10. */
#define MSGLOG_TIME_X	1
#define MSGLOG_TEXT_X	10

struct msglog_screen {
	int	top;		/* the first row of text shown */
	int	nlines;		/* rows of text at the last draw */
};

/* Opens at the newest message. */
static void *
msglog_screen_init(struct ui *ui, void *arg)
{
	(void)ui;
	(void)arg;
	return xcalloc(1, sizeof(struct msglog_screen));
}

static void
msglog_screen_free(void *p)
{
	free(p);
}

/* One message as shown: its kind's word, the text, how many times in a row. */
static void
msglog_screen_text(const struct msglog_entry *e, char *out, size_t outlen)
{
	char times[64] = "";

	if (e->count > 1)
		/* TRANSLATORS: after a message of the log shown that many times in a row. */
		snprintf(times, sizeof times, ngettext(" (%u time)", " (%u times)", e->count),
		    e->count);
	snprintf(out, outlen, "%s%s%s", ui_msg_mark((enum ui_msg_level)e->kind), e->text, times);
}

/*
 * Lays the messages out in rows of `width` cells from row 0 and draws
 * those from row top on, MSGLOG_ROWS of them, if draw; the rows they
 * take in all.
 */
static int
msglog_screen_lay(const struct msglog *log, int width, int top, int draw)
{
	char text[MSGLOG_TEXT_MAX + 128], row[MSGLOG_TEXT_MAX + 128], when[16];
	const struct msglog_entry *e;
	const char *s;
	struct tm tm;
	size_t i, len;
	int line = 0, y;

	for (i = 0; (e = msglog_get(log, i)) != NULL; i++) {
		msglog_screen_text(e, text, sizeof text);
		if (draw && localtime_r(&e->when, &tm) != NULL)
			strftime(when, sizeof when, "%H:%M:%S", &tm);
		else
			*when = '\0';
		/* One row at least, the time on the first; the text wrapped under itself. */
		s = text;
		do {
			len = wtext_wrap(s, width, row, sizeof row);
			if (draw && line >= top && line < top + MSGLOG_ROWS) {
				y = MSGLOG_TOP + line - top;
				if (s == text)
					ui_put(y, MSGLOG_TIME_X, 8, when);
				if (e->kind == UI_MSG_ERROR)
					attrset(ui_attr_error());
				ui_put(y, MSGLOG_TEXT_X, width, len > 0 ? row : "");
				attrset(A_NORMAL);
			}
			s += len;
			line++;
		} while (len > 0 && *s != '\0');
	}
	return line;
}

/* Draws the count and the rows from the top one. */
static void
msglog_screen_draw(void *p, struct ui *ui)
{
	struct msglog_screen *m = p;
	const struct msglog *log = ui_msglog(ui);
	size_t n = msglog_count(log);
	int width = COLS - MSGLOG_TEXT_X - 1, last;
	char head[200], shown[100];

	ui_set_title(ui, _("jobdesk - messages"));
	/* TRANSLATORS: legend of the message log (Ctrl-Z); under 80 cells. */
	ui_set_legend(ui, _("Up/Down/PgUp/PgDn scroll  Esc or Ctrl-Z Back"));
	if (n == 0) {
		m->top = m->nlines = 0;
		ui_put(1, 1, COLS - 2, _("no messages yet since you logged in"));
		return;
	}
	/* The layout follows the width of the day and the messages come in meanwhile. */
	m->nlines = msglog_screen_lay(log, width, 0, 0);
	last = m->nlines > MSGLOG_ROWS ? m->nlines - MSGLOG_ROWS : 0;
	m->top = m->top < 0 ? 0 : m->top > last ? last : m->top;
	snprintf(head, sizeof head, ngettext("%zu message, newest first",
	    "%zu messages, newest first", n), n);
	if (m->nlines > MSGLOG_ROWS) {
		/* TRANSLATORS: the message log's rows on the screen, of how many it has. */
		snprintf(shown, sizeof shown, _("rows %d-%d of %d"), m->top + 1,
		    m->top + MSGLOG_ROWS, m->nlines);
		snprintf(head + strlen(head), sizeof head - strlen(head), "  %s", shown);
	}
	ui_put(1, 1, COLS - 2, head);
	msglog_screen_lay(log, width, m->top, 1);
}

/* Scrolls, or closes on Esc (Ctrl-Z closes it before the screen sees it). */
static enum ui_key_result
msglog_screen_key(void *p, struct ui *ui, const struct ui_key *k)
{
	struct msglog_screen *m = p;
	int page = MSGLOG_ROWS - 1;

	if (ui_key_char(k, UI_KEY_ESC)) {
		ui_pop(ui);
		return UI_KEY_USED;
	}
	if (ui_key_is(k, 0, 'B') || (k->is_key && k->ch == KEY_PPAGE))
		m->top -= page;
	else if (ui_key_is(k, 0, 'F') || (k->is_key && k->ch == KEY_NPAGE))
		m->top += page;
	else if (k->is_key && k->ch == KEY_UP)
		m->top--;
	else if (k->is_key && k->ch == KEY_DOWN)
		m->top++;
	else if (k->is_key && k->ch == KEY_HOME)
		m->top = 0;
	else if (k->is_key && k->ch == KEY_END)
		m->top = m->nlines;
	else
		return UI_KEY_UNUSED;
	/* Kept in range here for Up at the top; the draw keeps it off the end. */
	if (m->top < 0)
		m->top = 0;
	if (m->top > m->nlines - MSGLOG_ROWS)
		m->top = m->nlines > MSGLOG_ROWS ? m->nlines - MSGLOG_ROWS : 0;
	return UI_KEY_USED;
}

const struct screen screen_msglog = {
	.name = "msglog",
	.init = msglog_screen_init,
	.free = msglog_screen_free,
	.draw = msglog_screen_draw,
	.key = msglog_screen_key,
	.overlay = 1,
};
