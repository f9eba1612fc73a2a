/*
 * The single-line editor. Text is a wchar_t array, the cursor an index into
 * it; everything on screen is computed in cells with wtext_cwidth, so a
 * Chinese character is always moved over, deleted and scrolled as one.
 *
 * This replaces libformw for fields that may hold Chinese: form_driver_w
 * lets a double-width character overflow the field, stores garbage, and
 * drops the last character when inserting into a full field (see
 * reference/ecosystem.md section 2).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <curses.h>

#include "common/i18n.h"
#include "common/wtext.h"
#include "common/xalloc.h"
#include "ui/lineedit.h"

#define LE_CTRL(c)	((c) & 0x1f)	/* the code Ctrl-letter sends */
#define LE_DEL		0x7f
#define LE_ESC		0x1b

struct lineedit {
	wchar_t		*buf;		/* the text, not NUL-terminated */
	size_t		 len;		/* characters in buf */
	size_t		 size;		/* characters allocated */
	size_t		 cur;		/* cursor index, 0 .. len */
	size_t		 first;		/* first visible character */
	int		 cells;		/* visible width, >= 1 */
	size_t		 maxchars;	/* most characters the clerk may type */
	int		 fixed;		/* fixed length: report LE_FILLED */
	int		(*accept)(wchar_t);
	char		*refusal;	/* why the last key was refused */
};

/* Make room for at least n characters. */
static void
le_reserve(struct lineedit *le, size_t n)
{
	wchar_t *grown;
	size_t size;

	if (n <= le->size)
		return;
	size = le->size < 16 ? 16 : le->size;
	while (size < n)
		size *= 2;
	/* Not realloc: the old block may hold a password and is wiped first. */
	grown = xreallocarray(NULL, size, sizeof *le->buf);
	if (le->size > 0) {
		memcpy(grown, le->buf, le->size * sizeof *le->buf);
		explicit_bzero(le->buf, le->size * sizeof *le->buf);
	}
	free(le->buf);
	le->buf = grown;
	le->size = size;
}

/* Display cells of the character under the cursor: 1 at the end. */
static int
le_cursor_width(const struct lineedit *le)
{
	int w;

	if (le->cur == le->len)
		return 1;
	w = wtext_cwidth(le->buf[le->cur]);
	return w < 1 ? 1 : w;
}

/*
 * Lay the window out as if it started at character first: set *colp to the
 * cursor's cell column and *rightp to whether text goes on past the right
 * edge (so the last cell holds '>'); return non-zero if the cursor cell is
 * wholly inside the window.
 *
 * The width math: cell 0 holds '<' when first > 0, so the text starts in
 * cell `left`. The text from first on, plus one cell for the cursor when
 * it sits after the last character, either fits in `cells` or it does not,
 * and then the last cell is the '>' mark and the text must end before it.
 */
static int
le_layout(const struct lineedit *le, size_t first, int *colp, int *rightp)
{
	long long need;
	int col, left, limit, right, tail;

	left = first > 0 ? 1 : 0;
	col = left + wtext_wwidth(le->buf + first, le->cur - first);
	tail = wtext_wwidth(le->buf + le->cur, le->len - le->cur);
	need = (long long)col + tail + (le->cur == le->len ? 1 : 0);
	right = need > le->cells;
	limit = right ? le->cells - 1 : le->cells;
	*colp = col;
	*rightp = right;
	return (long long)col + le_cursor_width(le) <= limit;
}

/*
 * How the window follows the cursor. Keys make it jump: on a terminal
 * at 9600 baud, or over a slow SSH session, a scroll rewrites the whole
 * field, 60 cells of Chinese are over 100 bytes, while a character typed
 * without one writes a few bytes; a window moved by one character on each
 * key would rewrite the field on every key, one moved half a field rewrites
 * it once in so many keys (as vi does with sidescroll=0).
 */
enum le_follow {
	LE_JUMP,	/* a key typed or a move: a jump when the cursor would leave */
	LE_JUMP_FIT,	/* a deletion: a jump, and all the text from its start once it fits */
	LE_FIT,		/* new text or width: as little as needed, then back left */
};

/*
 * The window where the cursor sits half way across it, or as near as it
 * gets without passing the middle (a jump); in a field too narrow for
 * that, the least scroll that shows the cursor.
 */
static void
le_jump(struct lineedit *le)
{
	size_t f = le->cur;
	int col, right;

	while (f > 0 && le_layout(le, f - 1, &col, &right) && col <= le->cells / 2)
		f--;
	if (!le_layout(le, f, &col, &right)) {
		for (f = le->first < le->cur ? le->first : le->cur;
		    f < le->cur && !le_layout(le, f, &col, &right); f++)
			;
	}
	le->first = f;
}

/*
 * Keep the cursor in the window, as how says: a jump when it would leave
 * (LE_JUMP, LE_JUMP_FIT), all the text shown from its start once it fits
 * (LE_JUMP_FIT), or a scroll by as little as possible and then back to
 * the left as long as all the rest of the text still fits, so that no
 * hidden text sits to the left of empty cells (LE_FIT).
 */
static void
le_scroll(struct lineedit *le, enum le_follow how)
{
	int col, right;

	if (how != LE_FIT) {
		if (le->first > le->cur || !le_layout(le, le->first, &col, &right))
			le_jump(le);
		if (how == LE_JUMP_FIT && le->first > 0 && le_layout(le, 0, &col, &right) &&
		    !right)
			le->first = 0;
		return;
	}
	if (le->first > le->cur)
		le->first = le->cur;
	while (le->first < le->cur && !le_layout(le, le->first, &col, &right))
		le->first++;
	while (le->first > 0 && le_layout(le, le->first - 1, &col, &right) &&
	    !right)
		le->first--;
}

/* Remove n characters starting at index at. */
static void
le_delete(struct lineedit *le, size_t at, size_t n)
{
	memmove(le->buf + at, le->buf + at + n,
	    (le->len - at - n) * sizeof *le->buf);
	le->len -= n;
	if (le->cur > at + n)
		le->cur -= n;
	else if (le->cur > at)
		le->cur = at;
	le_scroll(le, LE_JUMP_FIT);
}

/* Set the refusal message for a character that cannot be typed. */
static enum lineedit_result
le_refuse_char(struct lineedit *le, wint_t ch)
{
	char *s;

	if (ch > 0x10ffff || !wtext_isprint((wchar_t)ch)) {
		le->refusal = xasprintf(
		    _("character U+%04lX cannot be typed in this field"),
		    (unsigned long)ch);
	} else {
		/* %s, not %lc: the message must not depend on the locale. */
		s = wtext_to_utf8((const wchar_t[]){ (wchar_t)ch }, 1);
		le->refusal = xasprintf(_("\"%s\" is not allowed in this field"),
		    s);
		free(s);
	}
	return LE_REFUSED;
}

/* Insert a typed character at the cursor, or refuse it and say why. */
static enum lineedit_result
le_insert(struct lineedit *le, wint_t ch)
{
	wchar_t c;

	if (ch > 0x10ffff || !wtext_isprint((wchar_t)ch))
		return le_refuse_char(le, ch);
	c = (wchar_t)ch;
	if (le->accept != NULL && !le->accept(c))
		return le_refuse_char(le, ch);
	if (le->len >= le->maxchars) {
		le->refusal = xasprintf(ngettext(
		    "field is full: at most %zu character",
		    "field is full: at most %zu characters",
		    (unsigned long)le->maxchars), le->maxchars);
		return LE_REFUSED;
	}

	le_reserve(le, le->len + 1);
	memmove(le->buf + le->cur + 1, le->buf + le->cur,
	    (le->len - le->cur) * sizeof *le->buf);
	le->buf[le->cur++] = c;
	le->len++;
	le_scroll(le, LE_JUMP);
	if (le->fixed && le->len == le->maxchars)
		return LE_FILLED;
	return LE_HANDLED;
}

/* Move the cursor to index to. */
static enum lineedit_result
le_move(struct lineedit *le, size_t to)
{
	le->cur = to;
	le_scroll(le, LE_JUMP);
	return LE_HANDLED;
}

/* Create an editor with the given visible width and limits. */
struct lineedit *
lineedit_new(int cells, size_t maxchars, int fixed)
{
	struct lineedit *le;

	le = xcalloc(1, sizeof *le);
	le->cells = cells < 1 ? 1 : cells;
	le->maxchars = maxchars;
	le->fixed = fixed;
	le_reserve(le, 16);
	return le;
}

/* Free an editor. */
void
lineedit_free(struct lineedit *le)
{
	if (le == NULL)
		return;
	/* Whatever was typed (a password too) does not stay in freed memory. */
	if (le->buf != NULL)
		explicit_bzero(le->buf, le->size * sizeof *le->buf);
	free(le->buf);
	free(le->refusal);
	free(le);
}

/* Set the filter that decides which characters the field takes. */
void
lineedit_set_filter(struct lineedit *le, int (*accept)(wchar_t))
{
	le->accept = accept;
}

/* Replace the text with a copy of utf8 and put the cursor at the end. */
void
lineedit_set_text(struct lineedit *le, const char *utf8)
{
	wchar_t *w;
	size_t n;

	w = wtext_from_utf8_lossy(utf8 == NULL ? "" : utf8, &n);
	le_reserve(le, n);
	if (le->len > n)
		explicit_bzero(le->buf + n, (le->len - n) * sizeof *le->buf);
	memcpy(le->buf, w, n * sizeof *w);
	explicit_bzero(w, n * sizeof *w);
	free(w);
	le->len = n;
	le->cur = n;
	le->first = 0;
	le_scroll(le, LE_FIT);
}

/* Return the text as a new UTF-8 string. */
char *
lineedit_text(const struct lineedit *le)
{
	return wtext_to_utf8(le->buf, le->len);
}

/* Return the length of the text in characters. */
size_t
lineedit_length(const struct lineedit *le)
{
	return le->len;
}

/* Return the cursor index in characters. */
size_t
lineedit_cursor(const struct lineedit *le)
{
	return le->cur;
}

/* Change the visible width and scroll to suit it. */
void
lineedit_resize(struct lineedit *le, int cells)
{
	le->cells = cells < 1 ? 1 : cells;
	le_scroll(le, LE_FIT);
}

/* Apply one key to the editor. */
enum lineedit_result
lineedit_key(struct lineedit *le, wint_t ch, int is_key)
{
	free(le->refusal);
	le->refusal = NULL;

	if (is_key) {
		switch (ch) {
		case KEY_LEFT:
			return le_move(le, le->cur > 0 ? le->cur - 1 : 0);
		case KEY_RIGHT:
			return le_move(le,
			    le->cur < le->len ? le->cur + 1 : le->len);
		case KEY_HOME:
			return le_move(le, 0);
		case KEY_END:
			return le_move(le, le->len);
		case KEY_BACKSPACE:
			if (le->cur > 0)
				le_delete(le, le->cur - 1, 1);
			return LE_HANDLED;
		case KEY_DC:
			if (le->cur < le->len)
				le_delete(le, le->cur, 1);
			return LE_HANDLED;
		default:
			return LE_IGNORED;
		}
	}

	switch (ch) {
	case '\t':
	case '\n':
	case '\r':
	case LE_ESC:
		return LE_IGNORED;
	case LE_CTRL('A'):
		return le_move(le, 0);
	case LE_CTRL('E'):
		return le_move(le, le->len);
	case LE_CTRL('B'):
		return le_move(le, le->cur > 0 ? le->cur - 1 : 0);
	case LE_CTRL('F'):
		return le_move(le, le->cur < le->len ? le->cur + 1 : le->len);
	case LE_CTRL('H'):
	case LE_DEL:
		if (le->cur > 0)
			le_delete(le, le->cur - 1, 1);
		return LE_HANDLED;
	case LE_CTRL('D'):
		if (le->cur < le->len)
			le_delete(le, le->cur, 1);
		return LE_HANDLED;
	case LE_CTRL('K'):
		le_delete(le, le->cur, le->len - le->cur);
		return LE_HANDLED;
	case LE_CTRL('U'):
		le_delete(le, 0, le->len);
		return LE_HANDLED;
	default:
		/* Other Ctrl keys belong to the screen (save, pick, quit...). */
		if (ch < 0x20)
			return LE_IGNORED;
		return le_insert(le, ch);
	}
}

/* Return why the last key was refused, or "". */
const char *
lineedit_refusal(const struct lineedit *le)
{
	return le->refusal != NULL ? le->refusal : "";
}

/* Report the first visible character and the cursor's column. */
void
lineedit_view(const struct lineedit *le, size_t *first, int *cursor_col)
{
	int col, right;

	le_layout(le, le->first, &col, &right);
	if (col > le->cells - 1)
		col = le->cells - 1;	/* only in a field too narrow */
	*first = le->first;
	*cursor_col = col;
}

/* Draw the visible part of the text at (y, x) of win. */
void
lineedit_draw(const struct lineedit *le, WINDOW *win, int y, int x,
    int focused)
{
	wchar_t *line, c;
	size_t i, n = 0;
	int col, cursor_col, limit, oldx, oldy, right, w;

	getyx(win, oldy, oldx);
	le_layout(le, le->first, &cursor_col, &right);
	if (cursor_col > le->cells - 1)
		cursor_col = le->cells - 1;
	limit = right ? le->cells - 1 : le->cells;

	/* Every cell, plus width-0 characters that share a cell. */
	line = xreallocarray(NULL,
	    (size_t)le->cells + (le->len - le->first) + 1, sizeof *line);
	col = 0;
	if (le->first > 0 && le->cells > 1) {
		line[n++] = L'<';
		col = 1;
	}
	for (i = le->first; i < le->len; i++) {
		c = le->buf[i];
		if (wtext_isprint(c))
			w = wtext_cwidth(c);
		else {
			c = L'?';
			w = 1;
		}
		if (col + w > limit)
			break;
		/* A width-0 mark cannot start the text: nothing to sit on. */
		if (w == 0 && i == le->first)
			continue;
		line[n++] = c;
		col += w;
	}
	while (col < limit) {
		line[n++] = L' ';
		col++;
	}
	if (right && col < le->cells) {
		line[n++] = L'>';
		col++;
	}
	line[n] = L'\0';
	mvwaddnwstr(win, y, x, line, (int)n);
	if (focused)
		wmove(win, y, x + cursor_col);
	else
		wmove(win, oldy, oldx);
	free(line);
}
