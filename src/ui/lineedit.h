/*
 * A single-line editor over a wchar_t buffer, for form fields that may hold
 * Chinese. The model (text, cursor, horizontal scroll) works without a
 * terminal; lineedit_draw is the only function that touches curses.
 *
 * Length is counted in characters, width in display cells. The editor never
 * truncates or drops text: a key that cannot be applied is refused, and the
 * caller beeps and shows lineedit_refusal() where the clerk is looking.
 */
#ifndef JOBDESK_LINEEDIT_H
#define JOBDESK_LINEEDIT_H

#include <stddef.h>
#include <wchar.h>
#include <curses.h>

struct lineedit;

enum lineedit_result {
	LE_HANDLED,	/* the key edited the text or moved the cursor */
	LE_REFUSED,	/* caller beeps and shows why: lineedit_refusal() */
	LE_IGNORED,	/* not an editing key: caller handles (Tab, Enter,
			   F-keys, Esc) */
	LE_FILLED	/* handled, and a fixed-length field just became
			   full: caller auto-advances */
};

/*
 * New editor: `cells` = visible width on screen; `maxchars` = limit in
 * characters; `fixed` non-zero for fixed-length fields (ID number, date)
 * that auto-advance when maxchars chars are typed. Caller frees with
 * lineedit_free.
 */
struct lineedit *lineedit_new(int cells, size_t maxchars, int fixed);

/* Free an editor and everything it holds; NULL is allowed. */
void	 lineedit_free(struct lineedit *);

/*
 * Optional filter: accept(c) returns non-zero for characters the field
 * takes (e.g. digits and X for an ID number); others are refused with a
 * message. NULL = any printable char.
 */
void	 lineedit_set_filter(struct lineedit *, int (*accept)(wchar_t));

/*
 * Replace the text, cursor at end; text longer than maxchars is kept whole
 * (it came from the database) but further input is refused. Invalid UTF-8
 * bytes become U+FFFD; NULL is the empty text.
 */
void	 lineedit_set_text(struct lineedit *, const char *utf8);

/* The text as a new UTF-8 string; the caller frees it with free(). */
char	*lineedit_text(const struct lineedit *);

/* Length of the text in characters. */
size_t	 lineedit_length(const struct lineedit *);

/* Cursor index in characters, 0 .. lineedit_length(). */
size_t	 lineedit_cursor(const struct lineedit *);

/* New visible width after a terminal resize (at least 1 cell is kept). */
void	 lineedit_resize(struct lineedit *, int cells);

/*
 * Offer a key from get_wch(): is_key non-zero for KEY_* codes (KEY_LEFT,
 * KEY_RIGHT, KEY_HOME, KEY_END, KEY_BACKSPACE, KEY_DC), otherwise a
 * character. Also: Ctrl-A home, Ctrl-E end, Ctrl-B/Ctrl-F left/right,
 * Backspace as 127 or 8, Ctrl-D delete forward, Ctrl-K kill to end, Ctrl-U
 * kill whole line. Printable characters insert at the cursor; a character
 * that would exceed maxchars is refused (never truncating the text, never
 * dropping another character); a control character or one the filter
 * rejects is refused. Everything else (Tab, Enter as CR or LF, Esc,
 * KEY_F(n), KEY_UP/DOWN, KEY_RESIZE ...) returns LE_IGNORED. Paste arrives
 * as a burst of characters: each is handled on its own, so a paste that
 * does not fit is refused from the first character that does not fit.
 * Backspace at the start or Delete at the end does nothing: LE_HANDLED.
 */
enum lineedit_result lineedit_key(struct lineedit *, wint_t ch, int is_key);

/*
 * Why the last key was refused, translated (e.g. "field is full: at most 18
 * characters"); "" if it was not. Pointer into the editor, valid until the
 * next key.
 */
const char *lineedit_refusal(const struct lineedit *);

/*
 * Horizontal scrolling, measured in cells: index of the first visible
 * character and the cursor's cell column within the visible window (0 ..
 * cells - 1). The window always starts on a character boundary and the
 * cursor is always visible, whole: cursor_col + the width of the character
 * under it (1 at the end of the text) <= cells, for fields of 4 cells or
 * more. When text is scrolled off to the left, cell 0 holds the '<' mark
 * and the first visible character starts in cell 1; when text goes on to
 * the right, the last cell holds '>'; the cursor is never on a mark.
 *
 * The window scrolls only when the cursor would leave it, and then jumps
 * so that the cursor sits half way across it (or as near as it gets
 * without passing the middle): on a slow line a scroll rewrites the
 * field, a character typed without one only itself. After a deletion all
 * the text shows from its start once it fits. New text (set_text) or a
 * new width scrolls by as little as needed and then back to the left as
 * far as the rest of the text still fits.
 */
void	 lineedit_view(const struct lineedit *, size_t *first,
	    int *cursor_col);

/*
 * Draw the visible part at (y, x) of win, exactly `cells` cells wide,
 * padding with spaces (the caller sets the attribute, e.g. A_UNDERLINE or
 * A_REVERSE), with '<' in the first cell if text is scrolled off to the left
 * and '>' in the last cell if it goes on to the right; a double-width char
 * that does not fit before the last cell is not drawn half (a space takes
 * its place). Control characters (from set_text) show as '?'. Leaves the
 * cursor of win at the editing position when `focused`, where it was
 * otherwise. Uses mvwaddnwstr.
 */
void	 lineedit_draw(const struct lineedit *, WINDOW *win, int y, int x,
	    int focused);

#endif
