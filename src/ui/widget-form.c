/* The form widget: fields from a form definition, edited in place. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/i18n.h"
#include "common/wtext.h"
#include "common/xalloc.h"
#include "core/fieldcheck.h"
#include "core/region.h"
#include "store/codes.h"
#include "store/store.h"
#include "ui/lineedit.h"
#include "ui/widget-form.h"

#define PICKER_MAX	14

struct form_field {
	const struct formfield	*def;
	struct lineedit		*ed;
	int			 fixed;	/* read-only for this record (e.g. its ID number) */
};

struct picker {
	struct lineedit		*query;
	struct code_hit		 hits[PICKER_MAX];
	size_t			 n, sel;
	int			 multi;		/* a codes field: Space marks, Enter takes the marks */
	int			 toggled;	/* the clerk has marked or unmarked something */
	char			**marked;	/* the marked codes, kept while the search narrows */
	size_t			 nmarked;
};

struct form {
	const struct formdef	*def;
	struct form_field	*fields;
	size_t			 n, focus;
	int			 modified;
	int			 locked;
	int			 help_open;
	struct picker		*picker;
	struct fields		 dup;
};

static void	form_move(struct form *, int);

/* Whether c may be typed in an ID number: a digit or X, half- or full-width. */
static int
form_accept_idnum(wchar_t c)
{
	return (c >= L'0' && c <= L'9') || c == L'X' || c == L'x' ||
	    (c >= 0xff10 && c <= 0xff19) || c == 0xff38 || c == 0xff58;
}

/* Whether c is a half- or full-width digit. */
static int
form_accept_digits(wchar_t c)
{
	return (c >= L'0' && c <= L'9') || (c >= 0xff10 && c <= 0xff19);
}

/* Whether c may be typed in a date: a digit, "-" or "/". */
static int
form_accept_date(wchar_t c)
{
	return form_accept_digits(c) || c == L'-' || c == L'/';
}

/* Whether c may be typed in a phone number: a digit, "-", "+", a space or a parenthesis. */
static int
form_accept_phone(wchar_t c)
{
	return form_accept_digits(c) || c == L'-' || c == L'+' || c == L' ' || c == L'(' ||
	    c == L')';
}

/* Whether c may be typed in a USCC: a half- or full-width letter or digit. */
static int
form_accept_uscc(wchar_t c)
{
	return (c >= L'0' && c <= L'9') || (c >= L'A' && c <= L'Z') || (c >= L'a' && c <= L'z') ||
	    (c >= 0xff10 && c <= 0xff19) || (c >= 0xff21 && c <= 0xff3a) ||
	    (c >= 0xff41 && c <= 0xff5a);
}

/* A new line editor with the fill rule and character filter of the field's type; caller frees. */
static struct lineedit *
form_editor(const struct formfield *f)
{
	int fixed = f->type == FIELD_IDNUM || f->type == FIELD_USCC || f->type == FIELD_DATE;
	struct lineedit *ed = lineedit_new(f->width + 1, (size_t)f->maxlen, fixed);

	switch (f->type) {
	case FIELD_IDNUM:
		lineedit_set_filter(ed, form_accept_idnum);
		break;
	case FIELD_USCC:
		lineedit_set_filter(ed, form_accept_uscc);
		break;
	case FIELD_INT:
		lineedit_set_filter(ed, form_accept_digits);
		break;
	case FIELD_DATE:
		lineedit_set_filter(ed, form_accept_date);
		break;
	case FIELD_PHONE:
		lineedit_set_filter(ed, form_accept_phone);
		break;
	default:
		break;
	}
	return ed;
}

/*
 * How a yes-or-no field shows its canonical value ("yes", "no") in the
 * clerk's language (是, 否); any other text as it is.
 */
static const char *
form_bool_word(const char *v)
{
	/* TRANSLATORS: the value of a yes-or-no field (是); typed back, it is taken as yes. */
	if (strcmp(v, "yes") == 0)
		return _("yes");
	/* TRANSLATORS: the value of a yes-or-no field (否); typed back, it is taken as no. */
	if (strcmp(v, "no") == 0)
		return _("no");
	return v;
}

/* Set field i's text from a stored value: a yes or no in the clerk's words. */
static void
form_set_text(struct form *fm, size_t i, const char *value)
{
	if (fm->fields[i].def->type == FIELD_BOOL)
		value = form_bool_word(value);
	lineedit_set_text(fm->fields[i].ed, value);
}

/* Whether field i can take the focus. */
static int
form_focusable(const struct form *fm, size_t i)
{
	return !fm->fields[i].def->readonly && !fm->fields[i].fixed && !fm->locked;
}

/* Create a form. */
struct form *
form_new(struct ui *ui, const struct formdef *def, const struct fields *values)
{
	struct form *fm = xcalloc(1, sizeof *fm);
	size_t i;

	(void)ui;
	fm->def = def;
	fm->n = def->n;
	fm->fields = xcalloc(def->n, sizeof *fm->fields);
	fields_init(&fm->dup);
	for (i = 0; i < def->n; i++) {
		fm->fields[i].def = &def->fields[i];
		fm->fields[i].ed = form_editor(&def->fields[i]);
		if (values != NULL)
			form_set_text(fm, i, fields_str(values, def->fields[i].key));
	}
	for (fm->focus = 0; fm->focus < fm->n && !form_focusable(fm, fm->focus); fm->focus++)
		;
	if (fm->focus == fm->n)
		fm->focus = 0;
	return fm;
}

/* Fill def with the names, label width and fields of a form made in code, and open it. */
struct form *
form_new_builtin(struct ui *ui, struct formdef *def, char *name_zh, char *name_en,
    int label_width, struct formfield *fields, size_t n, const struct fields *values)
{
	def->name_zh = name_zh;
	def->name_en = name_en;
	def->label_width = label_width;
	def->fields = fields;
	def->n = n;
	return form_new(ui, def, values);
}

/* Closes the code picker, if one is open. */
static void
form_picker_close(struct form *fm)
{
	if (fm->picker == NULL)
		return;
	lineedit_free(fm->picker->query);
	fieldcheck_codes_free(fm->picker->marked, fm->picker->nmarked);
	free(fm->picker);
	fm->picker = NULL;
}

/* Free a form. */
void
form_free(struct form *fm)
{
	size_t i;

	if (fm == NULL)
		return;
	form_picker_close(fm);
	for (i = 0; i < fm->n; i++)
		lineedit_free(fm->fields[i].ed);
	free(fm->fields);
	fields_free(&fm->dup);
	free(fm);
}

/* The index of the field with this key, or -1. */
static long
form_index(const struct form *fm, const char *key)
{
	size_t i;

	for (i = 0; i < fm->n; i++)
		if (strcmp(fm->fields[i].def->key, key) == 0)
			return (long)i;
	return -1;
}

/*
 * Field i's text as a value to store, a new string (caller frees): a yes
 * or no shown in the clerk's words goes back to the word of the data.
 */
static char *
form_stored(const struct form *fm, size_t i)
{
	char *v = lineedit_text(fm->fields[i].ed);

	if (fm->fields[i].def->type == FIELD_BOOL && (strcmp(v, form_bool_word("yes")) == 0 ||
	    strcmp(v, form_bool_word("no")) == 0)) {
		const char *word = strcmp(v, form_bool_word("yes")) == 0 ? "yes" : "no";

		free(v);
		v = xstrdup(word);
	}
	return v;
}

/* Current values of all fields. */
void
form_values(const struct form *fm, struct fields *out)
{
	size_t i;

	fields_free(out);
	for (i = 0; i < fm->n; i++) {
		char *v = form_stored(fm, i);

		fields_set(out, fm->fields[i].def->key, v);
		free(v);
	}
}

/* One field's current value (static buffer until the next call). */
const char *
form_value(const struct form *fm, const char *key)
{
	static char *last;
	long i = form_index(fm, key);

	if (last != NULL)
		explicit_bzero(last, strlen(last));
	free(last);
	last = i >= 0 ? form_stored(fm, (size_t)i) : xstrdup("");
	return last;
}

/* Set a field's text. */
void
form_set(struct form *fm, const char *key, const char *value)
{
	long i = form_index(fm, key);

	if (i >= 0)
		form_set_text(fm, (size_t)i, value);
}

/* Move the focus to a field. */
void
form_focus(struct form *fm, const char *key)
{
	long i = form_index(fm, key);

	if (i >= 0)
		fm->focus = (size_t)i;
}

/* Whether a password and its second typing agree; if not, clear both and say so. */
int
form_passwords_match(struct form *fm, struct ui *ui, const struct fields *v, const char *key,
    const char *key2)
{
	if (strcmp(fields_str(v, key), fields_str(v, key2)) == 0)
		return 1;
	ui_error(ui, _("the two passwords differ; type them again"));
	form_set(fm, key, "");
	form_set(fm, key2, "");
	form_focus(fm, key);
	return 0;
}

/* Whether the clerk changed anything. */
int
form_modified(const struct form *fm)
{
	return fm->modified;
}

/* Forget that anything changed. */
void
form_mark_clean(struct form *fm)
{
	fm->modified = 0;
}

/* Remember the previous record for the Dup key. */
void
form_set_dup(struct form *fm, const struct fields *prev)
{
	fields_free(&fm->dup);
	if (prev != NULL)
		fields_copy(&fm->dup, prev);
}

/* Make one field read-only for this record, or editable again. */
void
form_set_fixed(struct form *fm, const char *key, int fixed)
{
	long i = form_index(fm, key);

	if (i < 0)
		return;
	fm->fields[i].fixed = fixed;
	if ((size_t)i == fm->focus && fixed)
		form_move(fm, 1);
}

/* Lock or unlock editing. */
void
form_set_locked(struct form *fm, int locked)
{
	fm->locked = locked;
}

/* Whether a picker or the help covers the form. */
int
form_modal(const struct form *fm)
{
	return fm->picker != NULL || fm->help_open;
}

/* The keys a form understands, for the legend. */
const char *
form_legend(void)
{
	/* TRANSLATORS: the bottom line of a form; keep it under 80 cells. */
	return _("F1 Help  F2/^S Save  F3/^R Dup  F4/^P Pick  Tab Next  Enter To fill  Esc Back");
}

/* What a code field shows when not being edited: its code and name. */
static void
form_code_display(struct ui *ui, const struct formfield *f, const char *code, char *out,
    size_t outlen)
{
	char name[160];

	if (*code != '\0' && codes_name(ui_store(ui), f->codes, code, ui_chinese(ui), name,
	    sizeof name) == 0)
		snprintf(out, outlen, "%s %s", code, name);
	else
		snprintf(out, outlen, "%s", code);
}

/*
 * What a codes field shows when not being edited: the names of its codes,
 * between Chinese items the enumeration comma 、, between English ones ", ".
 */
static void
form_codes_display(struct ui *ui, const struct formfield *f, const char *value, char *out,
    size_t outlen)
{
	struct buf b = BUF_INIT;
	char **parts, name[160];
	size_t n = fieldcheck_codes_split(value, &parts), i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_adds(&b, ui_chinese(ui) ? "、" : ", ");
		if (codes_name(ui_store(ui), f->codes, parts[i], ui_chinese(ui), name,
		    sizeof name) == 0)
			buf_adds(&b, name);
		else
			buf_adds(&b, parts[i]);
	}
	snprintf(out, outlen, "%s", buf_str(&b));
	buf_free(&b);
	fieldcheck_codes_free(parts, n);
}

/* A field's value as the clerk reads it. */
void
form_value_shown(struct ui *ui, const struct formfield *f, const char *value, char *out,
    size_t outlen)
{
	if (f->type == FIELD_CODE)
		form_code_display(ui, f, value, out, outlen);
	else if (f->type == FIELD_CODES)
		form_codes_display(ui, f, value, out, outlen);
	else
		snprintf(out, outlen, "%s", f->type == FIELD_BOOL ? form_bool_word(value) : value);
}

/* The index of code among the picker's marked codes, or -1. */
static long
form_picker_marked(const struct picker *p, const char *code)
{
	size_t i;

	for (i = 0; i < p->nmarked; i++)
		if (strcmp(p->marked[i], code) == 0)
			return (long)i;
	return -1;
}

/* Marks code in the picker, or unmarks it if it is marked. */
static void
form_picker_toggle(struct picker *p, const char *code)
{
	long i = form_picker_marked(p, code);

	if (i >= 0) {
		free(p->marked[i]);
		memmove(&p->marked[i], &p->marked[i + 1],
		    (p->nmarked - (size_t)i - 1) * sizeof *p->marked);
		p->nmarked--;
		return;
	}
	p->marked = xreallocarray(p->marked, p->nmarked + 1, sizeof *p->marked);
	p->marked[p->nmarked++] = xstrdup(code);
}

/*
 * The word a picker's hit was found by, when neither its code nor its
 * names hold what was typed: " (收银员)" after 销售人员, so the clerk sees
 * why it is listed; "" otherwise.
 */
static void
form_picker_word(const struct picker *p, const struct code_hit *h, int chinese, char *out,
    size_t outlen)
{
	char *q = lineedit_text(p->query), alias[256];
	const char *a = h->aliases, *name = chinese ? h->name_zh : h->name_en;
	size_t len;

	*out = '\0';
	if (*q != '\0' && strstr(name, q) == NULL && strncmp(h->code, q, strlen(q)) != 0)
		for (; *a != '\0'; a += len + (a[len] == '|')) {
			len = strcspn(a, "|");
			snprintf(alias, sizeof alias, "%.*s", (int)len, a);
			if (strstr(alias, q) != NULL) {
				/* Full-width brackets beside Chinese, as 、 between Chinese items. */
				snprintf(out, outlen, chinese ? "（%s）" : " (%s)", alias);
				break;
			}
		}
	free(q);
}

/*
 * Draws the code picker over the form: its search field and the codes
 * found, with a box only as tall as they need (at least 5 rows, so the
 * "nothing matches" line has room).
 */
static void
form_draw_picker(struct form *fm, struct ui *ui)
{
	struct picker *p = fm->picker;
	int top = 4, left = 8, width = 64, rows = (int)p->n + 3, y;
	size_t i;

	if (rows < 5)
		rows = 5;
	if (rows > PICKER_MAX + 3)
		rows = PICKER_MAX + 3;
	attrset(A_NORMAL);
	for (y = 0; y < rows; y++)
		mvhline(top + y, left, ' ', width);
	mvhline(top, left, '-', width);
	mvhline(top + rows - 1, left, '-', width);
	mvvline(top, left, '|', rows);
	mvvline(top, left + width - 1, '|', rows);
	ui_put(top + 1, left + 2, 10, _("Find:"));
	attrset(ui_attr_focus());
	lineedit_draw(p->query, stdscr, top + 1, left + 12, 1);
	{
		int cy, cx;

		getyx(stdscr, cy, cx);
		ui_cursor(ui, cy, cx);
	}
	attrset(A_NORMAL);
	if (p->multi) {
		char count[80];

		/* TRANSLATORS: how many codes are marked in the code picker. */
		snprintf(count, sizeof count, _("%zu marked"), p->nmarked);
		ui_put(top + 1, left + width - 2 - wtext_width(count), wtext_width(count), count);
	}
	for (i = 0; i < p->n; i++) {
		char line[300], word[160];

		form_picker_word(p, &p->hits[i], ui_chinese(ui), word, sizeof word);
		/* ASCII marks: a check mark's width differs between terminals. */
		snprintf(line, sizeof line, "%s%-10s %s%s", !p->multi ? "" :
		    form_picker_marked(p, p->hits[i].code) >= 0 ? "[x] " : "[ ] ",
		    p->hits[i].code, ui_chinese(ui) ? p->hits[i].name_zh : p->hits[i].name_en,
		    word);
		if (i == p->sel)
			attrset(A_REVERSE);
		ui_put(top + 2 + (int)i, left + 2, width - 4, line);
		attrset(A_NORMAL);
	}
	if (p->n == 0)
		ui_put(top + 2, left + 2, width - 4, _("nothing matches; type less or other words"));
}

/* Draws the focused field's help in a box, wrapped by display cells. */
static void
form_draw_help(struct form *fm, struct ui *ui)
{
	const struct formfield *f = fm->fields[fm->focus].def;
	const char *text = formfield_help(f);
	wchar_t *w;
	size_t n, i, start = 0;
	int top = 8, left = 6, width = 68, y = top + 1, cells = 0;

	(void)ui;
	attrset(A_NORMAL);
	for (i = 0; i < 8; i++)
		mvhline(top + (int)i, left, ' ', width);
	mvhline(top, left, '-', width);
	mvhline(top + 7, left, '-', width);
	mvvline(top, left, '|', 8);
	mvvline(top, left + width - 1, '|', 8);
	ui_put(top, left + 2, width - 4, formfield_label(f));
	w = wtext_from_utf8_lossy(*text != '\0' ? text : _("No help for this field."), &n);
	/* Wrap by display cells, never inside a double-width character. */
	for (i = 0; i <= n && y < top + 7; i++) {
		int cw = i < n ? wtext_cwidth(w[i]) : 0;

		if (i == n || cells + cw > width - 4) {
			char *line = wtext_to_utf8(w + start, i - start);

			ui_put(y++, left + 2, width - 4, line);
			free(line);
			start = i;
			cells = 0;
		}
		cells += cw;
	}
	free(w);
	ui_set_legend(ui, _("any key closes the help"));
}

/* Draw the form. */
void
form_draw(struct form *fm, struct ui *ui)
{
	int lw = fm->def->label_width;
	size_t i;

	for (i = 0; i < fm->n; i++) {
		const struct formfield *f = fm->fields[i].def;
		int y = UI_BODY_TOP + f->row, x = f->col + lw;
		int focused = i == fm->focus && !fm->locked && fm->picker == NULL;
		char label[200];

		snprintf(label, sizeof label, "%s%s", formfield_label(f), f->required ? "*" : "");
		attrset(A_NORMAL);
		ui_put(y, f->col, lw - 1, label);
		if (f->type == FIELD_PASSWORD) {
			size_t len = lineedit_length(fm->fields[i].ed);
			char stars[81];

			memset(stars, '*', sizeof stars - 1);
			stars[len < sizeof stars - 1 ? len : sizeof stars - 1] = '\0';
			attrset(focused ? ui_attr_focus() : ui_attr_input());
			ui_put(y, x, f->width + 1, stars);
			if (focused)
				ui_cursor(ui, y, x + (int)(lineedit_cursor(fm->fields[i].ed) <
				    (size_t)f->width ? lineedit_cursor(fm->fields[i].ed) :
				    (size_t)f->width - 1));
		} else if (focused) {
			int cy, cx;

			attrset(ui_attr_focus());
			lineedit_draw(fm->fields[i].ed, stdscr, y, x, 1);
			getyx(stdscr, cy, cx);
			ui_cursor(ui, cy, cx);
		} else {
			char *v = lineedit_text(fm->fields[i].ed), shown[300];

			form_value_shown(ui, f, v, shown, sizeof shown);
			attrset(f->readonly || fm->fields[i].fixed || fm->locked ? (int)A_NORMAL :
			    ui_attr_input());
			ui_put(y, x, f->width + 1, shown);
			free(v);
		}
		attrset(A_NORMAL);
	}
	ui_set_legend(ui, form_legend());
	if (fm->picker != NULL) {
		form_draw_picker(fm, ui);
		if (fm->picker->multi)
			/* TRANSLATORS: legend of the code picker of a field that takes several codes. */
			ui_set_legend(ui, _("type to narrow  Up/Down choose  Space mark  Enter take  "
			    "Esc cancel"));
		else
			/* TRANSLATORS: legend of the code picker. */
			ui_set_legend(ui, _("type to narrow  Up/Down choose  Enter take  Esc cancel"));
	} else if (fm->help_open)
		form_draw_help(fm, ui);
}

/* A code's name in the clerk's language, for the messages of core/fieldcheck (ctx: the ui). */
static int
form_code_name(void *ctx, const char *list, const char *code, char *out, size_t outlen)
{
	struct ui *ui = ctx;

	return codes_name(ui_store(ui), list, code, ui_chinese(ui), out, outlen);
}

/*
 * The text of field i as a new string (caller frees); "" for a key the
 * form does not have.
 */
static char *
form_text_of(const struct form *fm, const char *key)
{
	long i = form_index(fm, key);

	return i >= 0 ? lineedit_text(fm->fields[i].ed) : xstrdup("");
}

/*
 * What the picker of field i lists first: a district field's districts, a
 * street field's streets and of those the streets of the district its
 * form holds (in under, which must outlive p).
 */
static void
form_prefer(const struct form *fm, size_t i, struct code_prefer *p, char *under,
    size_t underlen)
{
	const struct formfield *f = fm->fields[i].def;

	p->len_max = p->len_min = 0;
	p->under = NULL;
	switch (f->region) {
	case FIELD_REGION_DISTRICT:
	case FIELD_REGION_AREA:
		p->len_max = REGION_DISTRICT_DIGITS;
		break;
	case FIELD_REGION_STREET:
		p->len_min = REGION_STREET_DIGITS;
		if (f->within != NULL) {
			char *d = form_text_of(fm, f->within);

			snprintf(under, underlen, "%s", d);
			free(d);
			if (*under != '\0')
				p->under = under;
		}
		break;
	case FIELD_REGION_NONE:
		break;
	}
}

/* Searches the focused field's code list for the picker's query. */
static void
form_picker_search(struct form *fm, struct ui *ui)
{
	struct picker *p = fm->picker;
	struct code_prefer prefer;
	char *q = lineedit_text(p->query), under[64];

	form_prefer(fm, fm->focus, &prefer, under, sizeof under);
	codes_search_prefer(ui_store(ui), fm->fields[fm->focus].def->codes, q, &prefer, p->hits,
	    PICKER_MAX, &p->n);
	p->sel = 0;
	free(q);
}

/*
 * The first part of a codes field's text that is not a current code of
 * its list, or NULL if they all are; marks the codes in p unless p is NULL.
 * The caller frees the result.
 */
static char *
form_codes_unknown(struct ui *ui, const struct formfield *f, const char *text, struct picker *p)
{
	char **parts, *unknown = NULL;
	size_t n = fieldcheck_codes_split(text, &parts), i;

	for (i = 0; i < n; i++) {
		if (codes_valid(ui_store(ui), f->codes, parts[i]) != 1) {
			if (unknown == NULL)
				unknown = xstrdup(parts[i]);
		} else if (p != NULL && form_picker_marked(p, parts[i]) < 0)
			form_picker_toggle(p, parts[i]);
	}
	fieldcheck_codes_free(parts, n);
	return unknown;
}

/*
 * Opens the code picker on the focused field, searching for its text or
 * else the whole list. On a codes field the codes already there start
 * marked, and the search is the first part that is not a code.
 */
static void
form_picker_open(struct form *fm, struct ui *ui)
{
	const struct formfield *f = fm->fields[fm->focus].def;
	char *v;

	if (fm->picker != NULL)
		return;
	v = lineedit_text(fm->fields[fm->focus].ed);
	fm->picker = xcalloc(1, sizeof *fm->picker);
	fm->picker->query = lineedit_new(40, 40, 0);
	if (f->type == FIELD_CODES) {
		char *unknown = form_codes_unknown(ui, f, v, fm->picker);

		fm->picker->multi = 1;
		free(v);
		v = unknown != NULL ? unknown : xstrdup("");
	}
	lineedit_set_text(fm->picker->query, v);
	free(v);
	form_picker_search(fm, ui);
	if (fm->picker->n == 0) {
		/* What was typed matches nothing: start from the whole list. */
		lineedit_set_text(fm->picker->query, "");
		form_picker_search(fm, ui);
	}
}

/* Moves the focus to the next focusable field forward or back, wrapping around. */
static void
form_move(struct form *fm, int dir)
{
	size_t i = fm->focus, tries;

	for (tries = 0; tries < fm->n; tries++) {
		if (dir > 0)
			i = (i + 1) % fm->n;
		else
			i = (i + fm->n - 1) % fm->n;
		if (form_focusable(fm, i)) {
			fm->focus = i;
			return;
		}
	}
}

/*
 * Moves the focus on to the next field still to be filled: the first
 * required field after this one that is empty, or, with none left, the
 * next field as Tab does. A clerk who fills only what must be filled
 * presses one key per field, whatever optional fields lie between.
 */
static void
form_move_required(struct form *fm)
{
	size_t i;

	for (i = fm->focus + 1; i < fm->n; i++) {
		char *v;
		int empty;

		if (!fm->fields[i].def->required || !form_focusable(fm, i))
			continue;
		v = lineedit_text(fm->fields[i].ed);
		empty = *v == '\0';
		free(v);
		if (empty) {
			fm->focus = i;
			return;
		}
	}
	form_move(fm, 1);
}

/*
 * Puts the code(s) that the focused code field's text stands for in its
 * place, when it is not a code but names exactly one (an alias, a whole
 * name, the only match), by the rule imports follow too
 * (fieldcheck_codes_resolve): 1 if the text changed, 0 if not.
 */
static int
form_resolve_focused(struct form *fm, struct ui *ui)
{
	const struct formfield *f = fm->fields[fm->focus].def;
	char *v, *to = NULL;
	int changed = 0;

	if (f->type != FIELD_CODE && f->type != FIELD_CODES)
		return 0;
	v = lineedit_text(fm->fields[fm->focus].ed);
	if (fieldcheck_codes_resolve(f, v, codes_check, codes_resolve_cb, ui_store(ui), &to) ==
	    FIELDCHECK_RESOLVED && strcmp(to, v) != 0) {
		lineedit_set_text(fm->fields[fm->focus].ed, to);
		fm->modified = 1;
		changed = 1;
	}
	free(to);
	free(v);
	return changed;
}

/*
 * Warns when a street and its address's district disagree, after the
 * focused field (the street, or the district) checked out as value.
 */
static void
form_check_within(struct form *fm, struct ui *ui, const char *value)
{
	const struct formfield *f = fm->fields[fm->focus].def, *g;
	char msg[600], *other;
	size_t i;

	if (f->within != NULL) {
		other = form_text_of(fm, f->within);
		/* TRANSLATORS: a form field's label, then what is wrong with its value. */
		if (fieldcheck_within(f, value, other, form_code_name, ui, msg, sizeof msg) > 0)
			ui_warn(ui, _("%s: %s"), formfield_label(f), msg);
		free(other);
	}
	if (f->region != FIELD_REGION_DISTRICT)
		return;
	for (i = 0; i < fm->n; i++) {
		g = fm->fields[i].def;
		if (g->within == NULL || strcmp(g->within, f->key) != 0)
			continue;
		other = lineedit_text(fm->fields[i].ed);
		if (fieldcheck_within(g, other, value, form_code_name, ui, msg, sizeof msg) > 0)
			ui_warn(ui, _("%s: %s"), formfield_label(g), msg);
		free(other);
	}
}

/*
 * The retirement rule the ID number of this form is checked by: the job
 * seeker's form only (an ID number on another form is nobody's to warn
 * about retiring).
 */
static const struct retire_rule *
form_retire(const struct form *fm, struct ui *ui)
{
	return fm->def == ui_form(ui, KIND_SEEKER) ? ui_retire_rule(ui) : NULL;
}

/*
 * Check the focused field; on success store the canonical text back.
 * Text that is not a code takes the code it stands for, or else opens
 * the picker on it.
 */
static int
form_check_focused(struct form *fm, struct ui *ui, int quiet_empty)
{
	const struct formfield *f = fm->fields[fm->focus].def;
	char *v, out[1024], msg[600];
	const char *shown;
	int rc;

	form_resolve_focused(fm, ui);
	v = lineedit_text(fm->fields[fm->focus].ed);
	if (*v == '\0' && quiet_empty) {
		free(v);
		return 0;
	}
	rc = fieldcheck_value(f, v, store_today(), form_retire(fm, ui), codes_check, ui_store(ui),
	    out, sizeof out, msg, sizeof msg);
	if (rc < 0) {
		char *unknown = f->type == FIELD_CODES ? form_codes_unknown(ui, f, v, NULL) : NULL;

		if ((f->type == FIELD_CODE && *v != '\0' &&
		    codes_valid(ui_store(ui), f->codes, v) != 1) || unknown != NULL) {
			/* Not a code, nor one code's word: take it as the start of a search. */
			free(unknown);
			form_picker_open(fm, ui);
			free(v);
			return -1;
		}
		/* A code the field does not take: say so with the names the clerk knows. */
		if (f->type == FIELD_CODE)
			fieldcheck_region(f, v, form_code_name, ui, msg, sizeof msg);
		ui_error(ui, _("%s: %s"), formfield_label(f), msg);
		free(v);
		return -1;
	}
	if (rc > 0)
		ui_warn(ui, _("%s: %s"), formfield_label(f), msg);
	/* A yes or no stays in the clerk's words. */
	shown = f->type == FIELD_BOOL ? form_bool_word(out) : out;
	if (strcmp(shown, v) != 0)
		lineedit_set_text(fm->fields[fm->focus].ed, shown);
	if (f->region != FIELD_REGION_NONE)
		form_check_within(fm, ui, out);
	free(v);
	return 0;
}

/*
 * Puts the picker's marked codes into the focused field, in the canonical
 * order of the field check; 0, or -1 with the message shown (e.g. too many
 * codes for the field's maxlen) and the picker left open.
 */
static int
form_picker_take_marked(struct form *fm, struct ui *ui)
{
	const struct formfield *f = fm->fields[fm->focus].def;
	struct picker *p = fm->picker;
	struct buf b = BUF_INIT;
	char out[1024], msg[400];
	size_t i;
	int rc;

	for (i = 0; i < p->nmarked; i++) {
		if (i > 0)
			buf_addc(&b, ',');
		buf_adds(&b, p->marked[i]);
	}
	rc = fieldcheck_value(f, buf_str(&b), store_today(), form_retire(fm, ui), codes_check,
	    ui_store(ui), out, sizeof out, msg, sizeof msg);
	buf_free(&b);
	if (rc < 0) {
		ui_error(ui, _("%s: %s"), formfield_label(f), msg);
		return -1;
	}
	lineedit_set_text(fm->fields[fm->focus].ed, out);
	return 0;
}

/* Handles a key in the code picker: cancel, move, mark or take codes, or narrow the search. */
static enum ui_key_result
form_picker_key(struct form *fm, struct ui *ui, const struct ui_key *k, const char **left)
{
	struct picker *p = fm->picker;
	enum lineedit_result r;

	if (ui_key_char(k, UI_KEY_ESC)) {
		form_picker_close(fm);
		return UI_KEY_USED;
	}
	if (k->is_key && k->ch == KEY_UP) {
		if (p->sel > 0)
			p->sel--;
		return UI_KEY_USED;
	}
	if (k->is_key && k->ch == KEY_DOWN) {
		if (p->sel + 1 < p->n)
			p->sel++;
		return UI_KEY_USED;
	}
	if (p->multi && ui_key_char(k, ' ')) {
		if (p->n == 0)
			ui_error(ui, _("nothing to mark: no code matches"));
		else {
			form_picker_toggle(p, p->hits[p->sel].code);
			p->toggled = 1;
		}
		return UI_KEY_USED;
	}
	if (ui_key_char(k, '\r') || ui_key_char(k, '\n') || (k->is_key && k->ch == KEY_ENTER)) {
		if (p->multi && p->nmarked > 0) {
			if (form_picker_take_marked(fm, ui) != 0)
				return UI_KEY_USED;
		} else if (p->multi && p->toggled) {
			/* Everything was unmarked: the field is emptied, not given the row under the bar. */
			lineedit_set_text(fm->fields[fm->focus].ed, "");
		} else if (p->n == 0) {
			ui_error(ui, _("nothing to take: no code matches"));
			return UI_KEY_USED;
		} else
			lineedit_set_text(fm->fields[fm->focus].ed, p->hits[p->sel].code);
		fm->modified = 1;
		form_picker_close(fm);
		/* Checked as on leaving: a street taken for a district stays to be changed. */
		if (form_check_focused(fm, ui, 1) != 0)
			return UI_KEY_USED;
		*left = fm->fields[fm->focus].def->key;
		form_move(fm, 1);
		return UI_KEY_USED;
	}
	r = lineedit_key(p->query, k->ch, k->is_key);
	if (r == LE_REFUSED)
		ui_error(ui, "%s", lineedit_refusal(p->query));
	else if (r != LE_IGNORED)
		form_picker_search(fm, ui);
	return UI_KEY_USED;
}

/* Offer a key to the form. */
enum ui_key_result
form_key(struct form *fm, struct ui *ui, const struct ui_key *k, const char **left)
{
	struct form_field *cur = &fm->fields[fm->focus];
	enum lineedit_result r;

	*left = NULL;
	if (fm->picker != NULL)
		return form_picker_key(fm, ui, k, left);
	if (fm->help_open) {
		fm->help_open = 0;
		return UI_KEY_USED;
	}
	if (ui_key_is(k, 1, 0)) {
		fm->help_open = 1;
		return UI_KEY_USED;
	}
	if (fm->locked)
		return UI_KEY_UNUSED;
	if (ui_key_is(k, 4, 'P')) {
		if (cur->def->type != FIELD_CODE && cur->def->type != FIELD_CODES) {
			ui_error(ui, _("%s is not a code field: there is nothing to pick"),
			    formfield_label(cur->def));
			return UI_KEY_USED;
		}
		/* Typed text that names exactly one code is taken, as on leaving the field. */
		if (cur->def->type == FIELD_CODE && form_resolve_focused(fm, ui)) {
			if (form_check_focused(fm, ui, 1) == 0) {
				*left = cur->def->key;
				form_move(fm, 1);
			}
			return UI_KEY_USED;
		}
		form_picker_open(fm, ui);
		return UI_KEY_USED;
	}
	if (ui_key_is(k, 3, 'R')) {
		const char *prev = fields_get(&fm->dup, cur->def->key);

		if (cur->def->type == FIELD_IDNUM || cur->def->type == FIELD_USCC) {
			ui_error(ui, _("%s is never copied from the previous record"),
			    formfield_label(cur->def));
			return UI_KEY_USED;
		}
		if (prev == NULL || *prev == '\0') {
			ui_error(ui, _("nothing to copy: the previous record has no %s"),
			    formfield_label(cur->def));
			return UI_KEY_USED;
		}
		form_set_text(fm, fm->focus, prev);
		fm->modified = 1;
		return UI_KEY_USED;
	}
	if (ui_key_char(k, '\t') || (k->is_key && k->ch == KEY_DOWN)) {
		if (form_check_focused(fm, ui, 1) != 0)
			return UI_KEY_USED;
		*left = cur->def->key;
		form_move(fm, 1);
		return UI_KEY_USED;
	}
	if (ui_key_char(k, '\r') || ui_key_char(k, '\n') || (k->is_key && k->ch == KEY_ENTER)) {
		if (form_check_focused(fm, ui, 1) != 0)
			return UI_KEY_USED;
		*left = cur->def->key;
		form_move_required(fm);
		return UI_KEY_USED;
	}
	if (k->is_key && (k->ch == KEY_UP || k->ch == KEY_BTAB)) {
		if (form_check_focused(fm, ui, 1) != 0)
			return UI_KEY_USED;
		*left = cur->def->key;
		form_move(fm, -1);
		return UI_KEY_USED;
	}
	r = lineedit_key(cur->ed, k->ch, k->is_key);
	switch (r) {
	case LE_REFUSED:
		ui_error(ui, _("%s: %s"), formfield_label(cur->def), lineedit_refusal(cur->ed));
		return UI_KEY_USED;
	case LE_IGNORED:
		return UI_KEY_UNUSED;
	case LE_FILLED:
		fm->modified = 1;
		if (form_check_focused(fm, ui, 0) == 0) {
			*left = cur->def->key;
			form_move(fm, 1);
		}
		return UI_KEY_USED;
	case LE_HANDLED:
		if (!(k->is_key && (k->ch == KEY_LEFT || k->ch == KEY_RIGHT || k->ch == KEY_HOME ||
		    k->ch == KEY_END)))
			fm->modified = 1;
		return UI_KEY_USED;
	}
	return UI_KEY_USED;
}

/* Check everything before a save. */
int
form_check(struct form *fm, struct ui *ui, struct fields *out)
{
	const char *bad = NULL;
	char msg[600];

	if (form_check_focused(fm, ui, 1) != 0)
		return -1;
	form_values(fm, out);
	/* A warning was shown as the field was left: a save is not held up by it. */
	if (fieldcheck_all(fm->def, out, store_today(), form_retire(fm, ui), codes_check,
	    ui_store(ui), msg, sizeof msg, &bad) < 0) {
		ui_error(ui, "%s", msg);
		if (bad != NULL)
			form_focus(fm, bad);
		return -1;
	}
	return 0;
}
