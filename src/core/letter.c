/* Laying out the referral letter from its template and the referral's values. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "common/buf.h"
#include "common/fields.h"
#include "common/i18n.h"
#include "common/letterdef.h"
#include "common/wtext.h"
#include "common/xalloc.h"
#include "core/idnum.h"
#include "core/letter.h"

/* The ASCII mark that ends a value cut to its place, as lists mark one. */
#define LETTER_CUT_MARK	'>'

/* Appends a placeholder's value as printed: masked, cut to its width, or the fill-in. */
static void
letter_value(const struct letterbody *b, const struct letterpart *p,
    const struct fields *values, int reprint, struct buf *line)
{
	char masked[64], fit[LETTER_COLS * 4 + 1];
	const char *v;

	if (p->slot == LETTER_REPRINT)
		v = reprint ? b->reprint : "";
	else
		v = fields_str(values, letterdef_slot_name(p->slot));
	if (p->slot == LETTER_SEEKER_IDNUM && *v != '\0') {
		idnum_mask(v, masked, sizeof masked);
		v = masked;
	}
	if (*v == '\0') {
		buf_adds(line, p->fill);
		return;
	}
	/* Also turns a control character of a value into "?", so widths hold. */
	wtext_fit(v, p->width, 0, LETTER_CUT_MARK, fit, sizeof fit);
	buf_adds(line, fit);
}

/* Appends n spaces. */
static void
letter_spaces(struct buf *out, int n)
{
	for (; n > 0; n--)
		buf_addc(out, ' ');
}

/* Appends the n chars at s as UTF-8, without trailing blanks, and a newline. */
static void
letter_emit(struct buf *out, const wchar_t *s, size_t n)
{
	char *u;

	while (n > 0 && s[n - 1] == L' ')
		n--;
	u = wtext_to_utf8(s, n);
	buf_adds(out, u);
	buf_addc(out, '\n');
	free(u);
}

/* Whether c may not begin a line: closing punctuation stays with what it closes. */
static int
letter_closing(wchar_t c)
{
	return c != L'\0' && wcschr(L",.;:!?)]}%，。、；：？！）》」』”’", c) != NULL;
}

/* Whether c may not end a line: opening punctuation stays with what it opens. */
static int
letter_opening(wchar_t c)
{
	return c != L'\0' && wcschr(L"([{（《「『“‘", c) != NULL;
}

/*
 * Whether a line may break before s[i]: after a blank, or beside a double
 * width character (Chinese breaks between any two characters), but not
 * before closing punctuation nor after opening punctuation.
 */
static int
letter_can_break(const wchar_t *s, size_t i)
{
	if (s[i] == L' ' || letter_closing(s[i]) || letter_opening(s[i - 1]))
		return 0;
	return s[i - 1] == L' ' || wtext_cwidth(s[i - 1]) == 2 || wtext_cwidth(s[i]) == 2;
}

/*
 * Wraps a paragraph at LETTER_COLS cells. Its leading blanks indent the
 * first line only; later lines start at the margin, as Chinese letters
 * do. A word longer than a line is cut where it must be.
 */
static void
letter_wrap(struct buf *out, const char *text)
{
	size_t n, start = 0, i, brk;
	wchar_t *s = wtext_from_utf8_lossy(text, &n);
	int used, w;

	/* An empty paragraph keeps its line, as an empty text line does. */
	if (n == 0)
		buf_addc(out, '\n');

	while (start < n) {
		used = 0;
		brk = 0;
		for (i = start; i < n; i++) {
			w = wtext_cwidth(s[i]);
			if (used + w > LETTER_COLS)
				break;
			if (i > start && letter_can_break(s, i))
				brk = i;
			used += w;
		}
		if (i == n) {
			letter_emit(out, s + start, n - start);
			break;
		}
		/* Right before the character that does not fit is a place too. */
		if (i > start && letter_can_break(s, i))
			brk = i;
		if (brk == 0)
			brk = i > start ? i : i + 1;
		letter_emit(out, s + start, brk - start);
		for (start = brk; start < n && s[start] == L' '; start++)
			;
	}
	free(s);
}

/* Appends the cut line: "- - -" across the page with text in its middle. */
static void
letter_cut(struct buf *out, const char *text)
{
	int w = wtext_width(text), left, right, i;

	/* Both runs end in a dash at the page's edge; without text, one run of 79. */
	left = w == 0 ? LETTER_COLS - 1 : (LETTER_COLS - w - 2) / 2;
	right = w == 0 ? 0 : LETTER_COLS - w - 2 - left;
	for (i = 0; i < left; i++)
		buf_addc(out, i % 2 == 0 ? '-' : ' ');
	if (w > 0) {
		buf_addc(out, ' ');
		buf_adds(out, text);
		buf_addc(out, ' ');
	}
	for (i = 0; i < right; i++)
		buf_addc(out, (right - 1 - i) % 2 == 0 ? '-' : ' ');
	buf_addc(out, '\n');
}

/* Appends one line of the template with its values in it. */
static void
letter_line(const struct letterbody *b, const struct letterline *l,
    const struct fields *values, int reprint, struct buf *out)
{
	struct buf text = BUF_INIT;
	char fit[LETTER_COLS * 4 + 1];
	const char *s;
	size_t i;
	int w;

	for (i = 0; i < l->n; i++)
		if (l->parts[i].text != NULL)
			buf_adds(&text, l->parts[i].text);
		else
			letter_value(b, &l->parts[i], values, reprint, &text);
	while (text.len > 0 && text.data[text.len - 1] == ' ')
		text.data[--text.len] = '\0';
	s = buf_str(&text);
	if (l->align == LETTER_CENTER || l->align == LETTER_RIGHT)
		while (*s == ' ')
			s++;
	if (l->align == LETTER_PARA) {
		letter_wrap(out, s);
		goto out;
	}
	if (l->align == LETTER_CUT) {
		letter_cut(out, s);
		goto out;
	}
	/* letterdef_load made sure the line fits; a cut here would be a template bug. */
	w = wtext_fit(s, LETTER_COLS, 0, LETTER_CUT_MARK, fit, sizeof fit);
	if (l->align == LETTER_CENTER)
		letter_spaces(out, (LETTER_COLS - w) / 2);
	else if (l->align == LETTER_RIGHT)
		letter_spaces(out, LETTER_COLS - w);
	buf_adds(out, fit);
	buf_addc(out, '\n');
out:
	buf_free(&text);
}

/* Lay out a letter. */
int
letter_render(const struct letterdef *def, const char *lang, const struct fields *values,
    int reprint, struct buf *out, char *err, size_t errlen)
{
	const struct letterbody *b = letterdef_body(def, lang);
	size_t i;

	if (b == NULL) {
		snprintf(err, errlen, _("no letter in language \"%s\"; expected zh or en"), lang);
		return -1;
	}
	if (*fields_str(values, letterdef_slot_name(LETTER_NUMBER)) == '\0') {
		snprintf(err, errlen, _("the letter has no number: its receipt could not be "
		    "matched to the referral"));
		return -1;
	}
	for (i = 0; i < b->n; i++)
		letter_line(b, &b->lines[i], values, reprint, out);
	return 0;
}
