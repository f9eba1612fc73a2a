/* Unit tests for the single-line editor (src/ui/lineedit.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <curses.h>

#include "common/wtext.h"
#include "ui/lineedit.h"

#include "testlib.h"

#define CTRL(c)	((wint_t)((c) & 0x1f))

/* Offer each character of utf8 to the editor; return the last result. */
static enum lineedit_result
type(struct lineedit *le, const char *utf8)
{
	enum lineedit_result r = LE_IGNORED;
	wchar_t *w;
	size_t i, n;

	w = wtext_from_utf8(utf8, &n);
	assert_non_null(w);
	for (i = 0; i < n; i++)
		r = lineedit_key(le, (wint_t)w[i], 0);
	free(w);
	return r;
}

/* Offer a KEY_* code. */
static enum lineedit_result
key(struct lineedit *le, int code)
{
	return lineedit_key(le, (wint_t)code, 1);
}

/* Assert that the editor holds exactly the UTF-8 text want. */
static void
assert_text(const struct lineedit *le, const char *want)
{
	char *s;

	s = lineedit_text(le);
	assert_string_equal(s, want);
	free(s);
}

/*
 * The oracle for the window: starting at character first, is the cursor
 * wholly visible, and does text go on past the right edge? Written from
 * the header's description: '<' takes cell 0 when first > 0, '>' the last
 * cell when the text (plus one cell for a cursor at the end) does not fit.
 */
static int
oracle_visible(const wchar_t *w, size_t n, size_t cur, size_t first,
    int cells, int *rightp)
{
	int col, cw, need, right;

	col = (first > 0) + wtext_wwidth(w + first, cur - first);
	need = col + wtext_wwidth(w + cur, n - cur) + (cur == n);
	right = need > cells;
	cw = cur == n ? 1 : wtext_cwidth(w[cur]);
	if (cw < 1)
		cw = 1;
	if (rightp != NULL)
		*rightp = right;
	return col + cw <= cells - right;
}

/*
 * Check the view against the text: the window starts on a character at or
 * before the cursor, cursor_col is the width of what lies between (plus
 * the '<' cell), and the cursor with the character under it fits.
 */
static void
check_view(const struct lineedit *le, int cells)
{
	size_t cur, first, n;
	wchar_t *w;
	char *s;
	int col, cw;

	lineedit_view(le, &first, &col);
	s = lineedit_text(le);
	w = wtext_from_utf8(s, &n);
	assert_non_null(w);
	cur = lineedit_cursor(le);
	assert_int_equal(n, lineedit_length(le));
	assert_true(first <= cur);
	assert_int_equal(col, (first > 0) + wtext_wwidth(w + first, cur - first));
	cw = cur < n ? wtext_cwidth(w[cur]) : 1;
	if (cw < 1)
		cw = 1;
	assert_true(col + cw <= cells);
	assert_true(col >= 0);
	if (first > 0)
		assert_true(col >= 1);	/* never on the '<' mark */
	assert_true(oracle_visible(w, n, cur, first, cells, NULL));
	free(w);
	free(s);
}

/* Return the first visible character. */
static size_t
view_first(const struct lineedit *le)
{
	size_t first;
	int col;

	lineedit_view(le, &first, &col);
	return first;
}

/* Return the cursor's column in the window. */
static int
view_col(const struct lineedit *le)
{
	size_t first;
	int col;

	lineedit_view(le, &first, &col);
	return col;
}

/* Typing 张三 and moving over it goes one whole character at a time. */
static void
test_chinese_cursor(void **state)
{
	struct lineedit *le;

	(void)state;
	le = lineedit_new(20, 10, 0);
	assert_int_equal(type(le, "张三"), LE_HANDLED);
	assert_text(le, "张三");
	assert_int_equal(lineedit_length(le), 2);
	assert_int_equal(lineedit_cursor(le), 2);
	assert_int_equal(view_col(le), 4);

	assert_int_equal(key(le, KEY_LEFT), LE_HANDLED);
	assert_int_equal(lineedit_cursor(le), 1);
	assert_int_equal(view_col(le), 2);
	assert_int_equal(key(le, KEY_LEFT), LE_HANDLED);
	assert_int_equal(lineedit_cursor(le), 0);
	assert_int_equal(view_col(le), 0);
	assert_int_equal(key(le, KEY_LEFT), LE_HANDLED);
	assert_int_equal(lineedit_cursor(le), 0);
	assert_int_equal(key(le, KEY_RIGHT), LE_HANDLED);
	assert_int_equal(lineedit_cursor(le), 1);
	assert_int_equal(view_col(le), 2);
	assert_int_equal(key(le, KEY_RIGHT), LE_HANDLED);
	assert_int_equal(key(le, KEY_RIGHT), LE_HANDLED);
	assert_int_equal(lineedit_cursor(le), 2);
	assert_int_equal(view_col(le), 4);

	/* The Ctrl equivalents. */
	assert_int_equal(lineedit_key(le, CTRL('A'), 0), LE_HANDLED);
	assert_int_equal(lineedit_cursor(le), 0);
	assert_int_equal(lineedit_key(le, CTRL('F'), 0), LE_HANDLED);
	assert_int_equal(lineedit_cursor(le), 1);
	assert_int_equal(lineedit_key(le, CTRL('E'), 0), LE_HANDLED);
	assert_int_equal(lineedit_cursor(le), 2);
	assert_int_equal(lineedit_key(le, CTRL('B'), 0), LE_HANDLED);
	assert_int_equal(lineedit_cursor(le), 1);
	assert_int_equal(key(le, KEY_HOME), LE_HANDLED);
	assert_int_equal(lineedit_cursor(le), 0);
	assert_int_equal(key(le, KEY_END), LE_HANDLED);
	assert_int_equal(lineedit_cursor(le), 2);
	lineedit_free(le);
}

/* Backspace and Delete remove one whole character, in every spelling. */
static void
test_backspace_whole_char(void **state)
{
	struct lineedit *le;

	(void)state;
	le = lineedit_new(20, 10, 0);
	type(le, "张三丰");
	assert_int_equal(key(le, KEY_BACKSPACE), LE_HANDLED);
	assert_text(le, "张三");
	assert_int_equal(lineedit_cursor(le), 2);
	assert_int_equal(lineedit_key(le, 127, 0), LE_HANDLED);
	assert_text(le, "张");
	assert_int_equal(lineedit_key(le, 8, 0), LE_HANDLED);
	assert_text(le, "");
	assert_int_equal(lineedit_key(le, 127, 0), LE_HANDLED);	/* no-op */
	assert_text(le, "");

	/* In the middle: Left then Backspace deletes the one before. */
	type(le, "张三丰");
	key(le, KEY_LEFT);
	assert_int_equal(lineedit_key(le, 127, 0), LE_HANDLED);
	assert_text(le, "张丰");
	assert_int_equal(lineedit_cursor(le), 1);
	assert_int_equal(view_col(le), 2);

	/* Delete forward: KEY_DC and Ctrl-D. */
	assert_int_equal(key(le, KEY_DC), LE_HANDLED);
	assert_text(le, "张");
	assert_int_equal(lineedit_cursor(le), 1);
	assert_int_equal(lineedit_key(le, CTRL('D'), 0), LE_HANDLED);
	assert_text(le, "张");
	key(le, KEY_HOME);
	assert_int_equal(lineedit_key(le, CTRL('D'), 0), LE_HANDLED);
	assert_text(le, "");
	lineedit_free(le);
}

/* A character beyond maxchars is refused, the text stays, a reason is set. */
static void
test_maxchars_refused(void **state)
{
	struct lineedit *le;

	(void)state;
	le = lineedit_new(20, 3, 0);
	assert_int_equal(type(le, "张三丰"), LE_HANDLED);
	assert_string_equal(lineedit_refusal(le), "");
	assert_int_equal(type(le, "李"), LE_REFUSED);
	assert_text(le, "张三丰");
	assert_int_equal(lineedit_cursor(le), 3);
	assert_non_null(strstr(lineedit_refusal(le), "full"));
	assert_non_null(strstr(lineedit_refusal(le), "3"));

	/* Also at the start: nothing is pushed out at the end. */
	key(le, KEY_HOME);
	assert_string_equal(lineedit_refusal(le), "");
	assert_int_equal(type(le, "李"), LE_REFUSED);
	assert_text(le, "张三丰");
	assert_int_equal(lineedit_cursor(le), 0);

	/* Once there is room again, typing works. */
	key(le, KEY_DC);
	assert_int_equal(type(le, "李"), LE_HANDLED);
	assert_text(le, "李三丰");
	lineedit_free(le);
}

/*
 * 13 Chinese characters in a 10-cell window: always visible, never split,
 * and the window jumps when the cursor would leave it, so that the cursor
 * sits at the middle, column 5 (on a slow line a scroll rewrites the
 * field; a character typed without one writes only itself).
 */
static void
test_scroll_chinese(void **state)
{
	static const char chars[] = "一二三四五六七八九十百千万";
	/* After each character typed: the window's first character. */
	static const size_t firsts[] = { 0, 0, 0, 0, 3, 3, 3, 6, 6, 6, 9, 9, 9 };
	struct lineedit *le;
	wchar_t *w;
	size_t i, n;

	(void)state;
	le = lineedit_new(10, 20, 0);
	w = wtext_from_utf8(chars, &n);
	assert_int_equal(n, 13);
	for (i = 0; i < n; i++) {
		assert_int_equal(lineedit_key(le, (wint_t)w[i], 0), LE_HANDLED);
		check_view(le, 10);
		assert_int_equal(view_first(le), firsts[i]);
	}
	free(w);
	assert_text(le, chars);
	/* '<', four characters, the cursor cell: 1 + 8 + 1. */
	assert_int_equal(view_first(le), 9);
	assert_int_equal(view_col(le), 9);

	key(le, KEY_HOME);
	check_view(le, 10);
	assert_int_equal(view_first(le), 0);
	assert_int_equal(view_col(le), 0);

	/*
	 * Right: the window holds still until the cursor's character would
	 * reach the '>' cell, then jumps: '<', 三四, and the cursor on 五.
	 */
	for (i = 1; i <= 3; i++) {
		key(le, KEY_RIGHT);
		check_view(le, 10);
		assert_int_equal(view_first(le), 0);
		assert_int_equal(view_col(le), 2 * (int)i);
	}
	key(le, KEY_RIGHT);
	check_view(le, 10);
	assert_int_equal(view_first(le), 2);
	assert_int_equal(view_col(le), 5);
	/* One more holds still; the next jumps again. */
	key(le, KEY_RIGHT);
	assert_int_equal(view_first(le), 2);
	assert_int_equal(view_col(le), 7);
	key(le, KEY_RIGHT);
	assert_int_equal(view_first(le), 4);
	assert_int_equal(view_col(le), 5);
	for (i = 7; i <= 13; i++) {
		key(le, KEY_RIGHT);
		check_view(le, 10);
	}
	assert_int_equal(lineedit_cursor(le), 13);
	assert_int_equal(view_first(le), 10);
	assert_int_equal(view_col(le), 7);

	/* Left: holds still until the cursor would reach the '<' cell, then jumps. */
	for (i = 12; i >= 10; i--) {
		key(le, KEY_LEFT);
		check_view(le, 10);
		assert_int_equal(view_first(le), 10);
		assert_int_equal(view_col(le), 1 + 2 * (int)(i - 10));
	}
	key(le, KEY_LEFT);
	check_view(le, 10);
	assert_int_equal(lineedit_cursor(le), 9);
	assert_int_equal(view_first(le), 7);
	assert_int_equal(view_col(le), 5);
	while (lineedit_cursor(le) > 0) {
		key(le, KEY_LEFT);
		check_view(le, 10);
	}
	assert_int_equal(view_first(le), 0);

	/* End from Home jumps straight to the window with the cursor at its middle. */
	key(le, KEY_END);
	check_view(le, 10);
	assert_int_equal(view_first(le), 11);
	assert_int_equal(view_col(le), 5);
	lineedit_free(le);
}

/* abcdefghi then 李 in 10 cells: 李 scrolls into view whole. */
static void
test_scroll_ascii_then_wide(void **state)
{
	struct lineedit *le;

	(void)state;
	le = lineedit_new(10, 20, 0);
	assert_int_equal(type(le, "abcdefghi"), LE_HANDLED);
	check_view(le, 10);
	assert_int_equal(view_first(le), 0);
	assert_int_equal(view_col(le), 9);

	assert_int_equal(type(le, "李"), LE_HANDLED);
	assert_text(le, "abcdefghi李");
	check_view(le, 10);
	/* A jump: "<hi李" and the cursor in the middle cell. */
	assert_int_equal(view_first(le), 7);
	assert_int_equal(view_col(le), 5);

	/* Onto 李: no scroll needed. */
	key(le, KEY_LEFT);
	check_view(le, 10);
	assert_int_equal(view_first(le), 7);
	assert_int_equal(view_col(le), 3);

	key(le, KEY_HOME);
	check_view(le, 10);
	assert_int_equal(view_first(le), 0);
	/* Up to i the window holds: "abcdefghi" + '>'. */
	while (lineedit_cursor(le) < 8) {
		key(le, KEY_RIGHT);
		check_view(le, 10);
		assert_int_equal(view_first(le), 0);
	}
	/*
	 * Onto 李: in column 9 it would be cut in half, so the window jumps
	 * and 李 is whole in the middle: "<fghi李", no '>' since nothing follows.
	 */
	key(le, KEY_RIGHT);
	check_view(le, 10);
	assert_int_equal(lineedit_cursor(le), 9);
	assert_int_equal(view_first(le), 5);
	assert_int_equal(view_col(le), 5);
	lineedit_free(le);
}

/* Insert in the middle keeps every character (libformw drops the last). */
static void
test_insert_middle_keeps_rest(void **state)
{
	struct lineedit *le;

	(void)state;
	le = lineedit_new(10, 10, 0);
	type(le, "abcdefg");
	key(le, KEY_HOME);
	assert_int_equal(type(le, "李李"), LE_HANDLED);
	assert_text(le, "李李abcdefg");
	assert_int_equal(lineedit_cursor(le), 2);
	check_view(le, 10);
	lineedit_free(le);

	/* At the limit the insertion is refused instead of pushing g out. */
	le = lineedit_new(10, 8, 0);
	type(le, "abcdefg");
	key(le, KEY_HOME);
	assert_int_equal(type(le, "李"), LE_HANDLED);
	assert_int_equal(type(le, "李"), LE_REFUSED);
	assert_text(le, "李abcdefg");
	key(le, KEY_RIGHT);
	key(le, KEY_RIGHT);
	assert_int_equal(type(le, "x"), LE_REFUSED);
	assert_text(le, "李abcdefg");
	lineedit_free(le);
}

/* Accept digits and X, as for a resident ID number. */
static int
id_char(wchar_t c)
{
	return (c >= L'0' && c <= L'9') || c == L'X';
}

/* A fixed 18-character field reports LE_FILLED on the 18th character. */
static void
test_fixed_filled(void **state)
{
	static const char id[] = "11010519491231002X";
	struct lineedit *le;
	size_t i;

	(void)state;
	le = lineedit_new(19, 18, 1);
	lineedit_set_filter(le, id_char);
	for (i = 0; i < 17; i++) {
		assert_int_equal(lineedit_key(le, (wint_t)id[i], 0),
		    LE_HANDLED);
	}
	assert_int_equal(lineedit_key(le, (wint_t)id[17], 0), LE_FILLED);
	assert_text(le, id);
	assert_int_equal(lineedit_key(le, '1', 0), LE_REFUSED);
	assert_text(le, id);
	/* Fixed again after a correction. */
	key(le, KEY_BACKSPACE);
	assert_int_equal(lineedit_key(le, 'X', 0), LE_FILLED);
	lineedit_free(le);

	/* Not fixed: the same length is just handled. */
	le = lineedit_new(19, 18, 0);
	type(le, "11010519491231002");
	assert_int_equal(lineedit_key(le, 'X', 0), LE_HANDLED);
	lineedit_free(le);
}

/* The filter refuses a character with a message naming it. */
static void
test_filter_refused(void **state)
{
	struct lineedit *le;

	(void)state;
	le = lineedit_new(19, 18, 1);
	lineedit_set_filter(le, id_char);
	type(le, "1101");
	assert_int_equal(lineedit_key(le, 'a', 0), LE_REFUSED);
	assert_text(le, "1101");
	assert_non_null(strstr(lineedit_refusal(le), "\"a\""));
	assert_int_equal(type(le, "张"), LE_REFUSED);
	assert_non_null(strstr(lineedit_refusal(le), "\"张\""));
	assert_text(le, "1101");
	assert_int_equal(lineedit_cursor(le), 4);
	assert_int_equal(lineedit_key(le, '0', 0), LE_HANDLED);
	assert_string_equal(lineedit_refusal(le), "");
	assert_text(le, "11010");
	lineedit_free(le);
}

/* Ctrl-K kills to the end, Ctrl-U the whole line. */
static void
test_kill(void **state)
{
	struct lineedit *le;

	(void)state;
	le = lineedit_new(10, 20, 0);
	type(le, "张三丰abc");
	key(le, KEY_LEFT);
	key(le, KEY_LEFT);
	key(le, KEY_LEFT);
	assert_int_equal(lineedit_key(le, CTRL('K'), 0), LE_HANDLED);
	assert_text(le, "张三丰");
	assert_int_equal(lineedit_cursor(le), 3);
	check_view(le, 10);
	assert_int_equal(lineedit_key(le, CTRL('K'), 0), LE_HANDLED);
	assert_text(le, "张三丰");
	key(le, KEY_HOME);
	key(le, KEY_RIGHT);
	lineedit_key(le, CTRL('K'), 0);
	assert_text(le, "张");
	assert_int_equal(lineedit_cursor(le), 1);

	type(le, "三丰李四王五赵六");
	assert_int_equal(view_first(le) > 0, 1);
	key(le, KEY_LEFT);
	key(le, KEY_LEFT);
	assert_int_equal(lineedit_key(le, CTRL('U'), 0), LE_HANDLED);
	assert_text(le, "");
	assert_int_equal(lineedit_cursor(le), 0);
	assert_int_equal(view_first(le), 0);
	assert_int_equal(view_col(le), 0);
	lineedit_free(le);
}

/* A paste that does not fit is refused from the first char that does not. */
static void
test_paste_burst(void **state)
{
	static const char paste[] = "张三丰李四王五";
	enum lineedit_result r;
	struct lineedit *le;
	wchar_t *w;
	size_t i, n;

	(void)state;
	le = lineedit_new(10, 5, 0);
	w = wtext_from_utf8(paste, &n);
	for (i = 0; i < n; i++) {
		r = lineedit_key(le, (wint_t)w[i], 0);
		assert_int_equal(r, i < 5 ? LE_HANDLED : LE_REFUSED);
		check_view(le, 10);
	}
	free(w);
	assert_text(le, "张三丰李四");
	lineedit_free(le);

	/* Into the middle: the text after the cursor is never lost. */
	le = lineedit_new(10, 5, 0);
	type(le, "ab");
	key(le, KEY_HOME);
	assert_int_equal(lineedit_key(le, '1', 0), LE_HANDLED);
	assert_int_equal(lineedit_key(le, '2', 0), LE_HANDLED);
	assert_int_equal(lineedit_key(le, '3', 0), LE_HANDLED);
	assert_int_equal(lineedit_key(le, '4', 0), LE_REFUSED);
	assert_int_equal(lineedit_key(le, '5', 0), LE_REFUSED);
	assert_text(le, "123ab");
	assert_int_equal(lineedit_cursor(le), 3);
	lineedit_free(le);
}

/* Ctrl keys the editor does not use go to the screen; other control characters are refused. */
static void
test_control_and_ignored(void **state)
{
	struct lineedit *le;

	(void)state;
	le = lineedit_new(10, 20, 0);
	type(le, "张三");
	assert_int_equal(lineedit_key(le, CTRL('G'), 0), LE_IGNORED);
	assert_int_equal(lineedit_key(le, CTRL('S'), 0), LE_IGNORED);
	assert_int_equal(lineedit_key(le, 0x85, 0), LE_REFUSED);	/* NEL */
	assert_non_null(strstr(lineedit_refusal(le), "U+0085"));
	assert_int_equal(lineedit_key(le, 0xd800, 0), LE_REFUSED);
	assert_int_equal(lineedit_key(le, 0x110000, 0), LE_REFUSED);
	assert_text(le, "张三");

	assert_int_equal(lineedit_key(le, '\t', 0), LE_IGNORED);
	assert_int_equal(lineedit_key(le, '\r', 0), LE_IGNORED);
	assert_int_equal(lineedit_key(le, '\n', 0), LE_IGNORED);
	assert_int_equal(lineedit_key(le, 27, 0), LE_IGNORED);
	assert_string_equal(lineedit_refusal(le), "");
	assert_int_equal(key(le, KEY_F(1)), LE_IGNORED);
	assert_int_equal(key(le, KEY_F(10)), LE_IGNORED);
	assert_int_equal(key(le, KEY_UP), LE_IGNORED);
	assert_int_equal(key(le, KEY_DOWN), LE_IGNORED);
	assert_int_equal(key(le, KEY_RESIZE), LE_IGNORED);
	assert_int_equal(key(le, KEY_BTAB), LE_IGNORED);
	assert_int_equal(key(le, KEY_ENTER), LE_IGNORED);
	assert_text(le, "张三");
	assert_int_equal(lineedit_cursor(le), 2);
	lineedit_free(le);
}

/* Text from the database longer than maxchars is kept, typing refused. */
static void
test_set_text(void **state)
{
	struct lineedit *le;
	char *s;

	(void)state;
	le = lineedit_new(10, 3, 0);
	lineedit_set_text(le, "张三丰李");
	assert_text(le, "张三丰李");
	assert_int_equal(lineedit_length(le), 4);
	assert_int_equal(lineedit_cursor(le), 4);
	check_view(le, 10);
	assert_int_equal(type(le, "a"), LE_REFUSED);
	assert_text(le, "张三丰李");
	key(le, KEY_BACKSPACE);
	assert_text(le, "张三丰");
	assert_int_equal(type(le, "a"), LE_REFUSED);
	key(le, KEY_BACKSPACE);
	assert_int_equal(type(le, "a"), LE_HANDLED);
	assert_text(le, "张三a");

	/* Replacing resets cursor and window. */
	lineedit_set_text(le, "");
	assert_text(le, "");
	assert_int_equal(lineedit_cursor(le), 0);
	lineedit_set_text(le, NULL);
	assert_text(le, "");
	lineedit_free(le);

	/* A long text in a narrow field: the end is in view. */
	le = lineedit_new(10, 50, 0);
	lineedit_set_text(le, "北京市朝阳区建国门外大街1号");
	check_view(le, 10);
	assert_int_equal(lineedit_cursor(le), 14);
	key(le, KEY_HOME);
	check_view(le, 10);
	assert_int_equal(view_first(le), 0);

	/* Invalid bytes are kept visible as U+FFFD, not dropped. */
	lineedit_set_text(le, "a\xffz");
	s = lineedit_text(le);
	assert_string_equal(s, "a\xef\xbf\xbdz");
	free(s);
	lineedit_free(le);
}

/* Deleting at the end of scrolled text shows it all once it fits. */
static void
test_delete_scrolls_back(void **state)
{
	struct lineedit *le;

	(void)state;
	le = lineedit_new(10, 20, 0);
	type(le, "abcdefghij");
	assert_int_equal(view_first(le), 6);	/* "<ghij" + cursor, a jump */
	key(le, KEY_BACKSPACE);
	check_view(le, 10);
	assert_int_equal(view_first(le), 0);	/* "abcdefghi" + cursor */
	assert_int_equal(view_col(le), 9);

	/* Moving alone never scrolls back while the cursor is visible. */
	type(le, "j");
	key(le, KEY_LEFT);
	assert_int_equal(view_first(le), 6);

	/*
	 * Text that does not fit stays where it is while the cursor is in
	 * view: a deletion at the end rewrites one cell, not the field.
	 */
	lineedit_set_text(le, "abcdefghijklmnop");
	key(le, KEY_HOME);
	key(le, KEY_END);
	assert_int_equal(view_first(le), 12);	/* "<mnop" + cursor */
	key(le, KEY_BACKSPACE);
	check_view(le, 10);
	assert_int_equal(view_first(le), 12);
	assert_int_equal(view_col(le), 4);
	lineedit_free(le);
}

/* A resize keeps the cursor visible and shows more text when wider. */
static void
test_resize(void **state)
{
	struct lineedit *le;

	(void)state;
	le = lineedit_new(10, 20, 0);
	type(le, "一二三四五六七八九十百千万");
	assert_int_equal(view_first(le), 9);
	lineedit_resize(le, 30);
	check_view(le, 30);
	assert_int_equal(view_first(le), 0);
	assert_int_equal(view_col(le), 26);
	lineedit_resize(le, 6);
	check_view(le, 6);
	assert_int_equal(view_first(le), 11);	/* '<', 2 chars, cursor */
	key(le, KEY_HOME);
	check_view(le, 6);
	lineedit_resize(le, 4);
	check_view(le, 4);
	while (lineedit_cursor(le) < lineedit_length(le)) {
		key(le, KEY_RIGHT);
		check_view(le, 4);
	}
	lineedit_resize(le, 10);
	check_view(le, 10);
	assert_int_equal(view_first(le), 9);
	lineedit_free(le);
}

/* A combining mark is a character of width 0: the view copes. */
static void
test_combining(void **state)
{
	struct lineedit *le;

	(void)state;
	le = lineedit_new(6, 20, 0);
	assert_int_equal(type(le, "e\xcc\x81" "张三e\xcc\x81"), LE_HANDLED);
	assert_int_equal(lineedit_length(le), 6);
	check_view(le, 6);
	while (lineedit_cursor(le) > 0) {
		key(le, KEY_LEFT);
		check_view(le, 6);
	}
	lineedit_free(le);
}

/* A small deterministic generator for the random walk. */
static unsigned int
next_rand(unsigned int *seed)
{
	*seed = *seed * 1103515245U + 12345U;
	return (*seed >> 16) & 0x7fff;
}

/*
 * Whether a window starting at first is where a jump puts it (the
 * header's rule): the cursor visible at the middle column or before it,
 * and a window one character further left would hide the cursor or put it
 * past the middle.
 */
static int
oracle_jumped(const wchar_t *w, size_t n, size_t cur, size_t first, int cells)
{
	if (!oracle_visible(w, n, cur, first, cells, NULL) ||
	    (first > 0) + wtext_wwidth(w + first, cur - first) > cells / 2)
		return 0;
	return first == 0 || !oracle_visible(w, n, cur, first - 1, cells, NULL) ||
	    (first > 1) + wtext_wwidth(w + first - 1, cur - first + 1) > cells / 2;
}

/*
 * Random keys against a plain model of the text: the editor never loses
 * or invents a character, and the window obeys its rules after every key:
 * the cursor visible and whole, a key that leaves the cursor inside the
 * window does not scroll, a key that would take it out makes the window
 * jump to put it at the middle, a deletion shows all the text from its
 * start once it fits, and after a resize no hidden text sits to the left
 * of room that could show it.
 */
static void
test_random_walk(void **state)
{
	static const wchar_t pool[] = { L'a', L'b', L'1', 0x5f20, 0x4e09,
	    0x674e, 0xff0c, 0x20000, L'Z', 0x0301 };
	wchar_t model[32], *w;
	struct lineedit *le;
	enum lineedit_result r;
	unsigned int seed = 20240611;
	size_t cur = 0, len = 0, first, old, maxchars = 12, n;
	int cells = 10, op, moved, deleted, inserted, resized, right, step;
	char *s, *want;

	(void)state;
	le = lineedit_new(cells, maxchars, 0);
	for (step = 0; step < 20000; step++) {
		old = view_first(le);
		moved = deleted = inserted = resized = 0;
		op = (int)(next_rand(&seed) % 20);
		if (op < 8) {
			wchar_t c = pool[next_rand(&seed) %
			    (sizeof pool / sizeof pool[0])];

			r = lineedit_key(le, (wint_t)c, 0);
			inserted = 1;
			if (len < maxchars) {
				assert_int_equal(r, LE_HANDLED);
				memmove(model + cur + 1, model + cur,
				    (len - cur) * sizeof *model);
				model[cur++] = c;
				len++;
			} else
				assert_int_equal(r, LE_REFUSED);
		} else if (op < 11) {
			key(le, KEY_LEFT);
			if (cur > 0)
				cur--;
			moved = 1;
		} else if (op < 14) {
			key(le, KEY_RIGHT);
			if (cur < len)
				cur++;
			moved = 1;
		} else if (op == 14) {
			key(le, KEY_HOME);
			cur = 0;
			moved = 1;
		} else if (op == 15) {
			key(le, KEY_END);
			cur = len;
			moved = 1;
		} else if (op == 16) {
			lineedit_key(le, 127, 0);
			if (cur > 0) {
				memmove(model + cur - 1, model + cur,
				    (len - cur) * sizeof *model);
				cur--;
				len--;
			}
			deleted = 1;
		} else if (op == 17) {
			key(le, KEY_DC);
			if (cur < len) {
				memmove(model + cur, model + cur + 1,
				    (len - cur - 1) * sizeof *model);
				len--;
			}
			deleted = 1;
		} else if (op == 18 && next_rand(&seed) % 4 == 0) {
			lineedit_key(le, CTRL('K'), 0);
			len = cur;
			deleted = 1;
		} else if (op == 19 && next_rand(&seed) % 4 == 0) {
			cells = 4 + (int)(next_rand(&seed) % 20);
			lineedit_resize(le, cells);
			resized = 1;
		}

		want = wtext_to_utf8(model, len);
		s = lineedit_text(le);
		assert_string_equal(s, want);
		free(s);
		free(want);
		assert_int_equal(lineedit_cursor(le), cur);
		check_view(le, cells);

		first = view_first(le);
		s = lineedit_text(le);
		w = wtext_from_utf8(s, &n);
		free(s);
		if (deleted && oracle_visible(w, n, cur, 0, cells, &right) && !right)
			/* All the text fits: all of it shows. */
			assert_int_equal(first, 0);
		else if (inserted || moved || deleted) {
			/* A key scrolls only if the cursor would leave, and then jumps. */
			if (old <= cur && oracle_visible(w, n, cur, old, cells, NULL))
				assert_int_equal(first, old);
			else
				assert_true(oracle_jumped(w, n, cur, first, cells));
		}
		if (resized && first > 0) {
			assert_false(oracle_visible(w, n, cur, first - 1,
			    cells, &right) && !right);
		}
		free(w);
	}
	lineedit_free(le);
}

/* Read `cells` cells of row y back from win as UTF-8, one char per cell. */
static void
read_cells(WINDOW *win, int y, int x, int cells, char *out, size_t outlen)
{
	wchar_t line[64], wc[CCHARW_MAX + 1];
	cchar_t cc;
	attr_t attr;
	short pair;
	size_t n = 0;
	int c;
	char *s;

	for (c = 0; c < cells && n < 63; c++) {
		mvwin_wch(win, y, x + c, &cc);
		getcchar(&cc, wc, &attr, &pair, NULL);
		line[n++] = wc[0];
		if (wtext_cwidth(wc[0]) == 2)
			c++;		/* the second half of the same char */
	}
	s = wtext_to_utf8(line, n);
	snprintf(out, outlen, "%s", s);
	free(s);
}

/* Drawing: marks, padding, no half character, cursor placement. */
static void
test_draw(void **state)
{
	struct lineedit *le;
	SCREEN *sp;
	WINDOW *win;
	FILE *in, *out;
	char got[256];
	int y, x;

	(void)state;
	in = fopen("/dev/null", "r");
	out = fopen("/dev/null", "w");
	assert_non_null(in);
	assert_non_null(out);
	sp = newterm("xterm", out, in);
	if (sp == NULL) {
		fclose(in);
		fclose(out);
		skip();
	}
	win = newwin(3, 30, 0, 0);
	assert_non_null(win);

	le = lineedit_new(10, 20, 0);
	type(le, "abcdefghi李");
	lineedit_draw(le, win, 1, 5, 1);
	getyx(win, y, x);
	read_cells(win, 1, 5, 10, got, sizeof got);
	assert_string_equal(got, "<hi李     ");
	assert_int_equal(y, 1);
	assert_int_equal(x, 5 + 5);
	read_cells(win, 1, 15, 1, got, sizeof got);
	assert_string_equal(got, " ");		/* nothing past the field */

	/* Home: 李 would straddle the '>' cell, so a space stands in. */
	key(le, KEY_HOME);
	lineedit_draw(le, win, 1, 5, 1);
	getyx(win, y, x);
	read_cells(win, 1, 5, 10, got, sizeof got);
	assert_string_equal(got, "abcdefghi>");
	assert_int_equal(x, 5);
	lineedit_set_text(le, "abcdefgh李张");
	key(le, KEY_HOME);
	lineedit_draw(le, win, 1, 5, 1);
	read_cells(win, 1, 5, 10, got, sizeof got);
	assert_string_equal(got, "abcdefgh >");

	/* Short text is padded; unfocused drawing leaves the cursor alone. */
	lineedit_set_text(le, "张三");
	wmove(win, 0, 0);
	lineedit_draw(le, win, 1, 5, 0);
	getyx(win, y, x);
	read_cells(win, 1, 5, 10, got, sizeof got);
	assert_string_equal(got, "张三      ");
	assert_int_equal(y, 0);
	assert_int_equal(x, 0);

	/* Scrolled in the middle: both marks. */
	lineedit_set_text(le, "一二三四五六七八九十");
	key(le, KEY_HOME);
	while (lineedit_cursor(le) < 6)
		key(le, KEY_RIGHT);
	lineedit_draw(le, win, 1, 5, 1);
	getyx(win, y, x);
	read_cells(win, 1, 5, 10, got, sizeof got);
	assert_string_equal(got, "<五六七八>");
	assert_int_equal(x, 5 + 5);		/* on 七 */
	lineedit_free(le);

	delwin(win);
	endwin();
	delscreen(sp);
	fclose(in);
	fclose(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chinese_cursor),
		cmocka_unit_test(test_backspace_whole_char),
		cmocka_unit_test(test_maxchars_refused),
		cmocka_unit_test(test_scroll_chinese),
		cmocka_unit_test(test_scroll_ascii_then_wide),
		cmocka_unit_test(test_insert_middle_keeps_rest),
		cmocka_unit_test(test_fixed_filled),
		cmocka_unit_test(test_filter_refused),
		cmocka_unit_test(test_kill),
		cmocka_unit_test(test_paste_burst),
		cmocka_unit_test(test_control_and_ignored),
		cmocka_unit_test(test_set_text),
		cmocka_unit_test(test_delete_scrolls_back),
		cmocka_unit_test(test_resize),
		cmocka_unit_test(test_combining),
		cmocka_unit_test(test_random_walk),
		cmocka_unit_test(test_draw),
	};

	if (utf8_locale("test_lineedit") != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
