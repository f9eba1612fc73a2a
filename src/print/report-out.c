/*
 * A report as text, CSV and JSON: see report-out.h. The text layout
 * measures every cell in display cells (a Chinese character is two) so
 * that columns line up on a terminal and on paper alike.
 */
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/csv.h"
#include "common/report.h"
#include "common/wtext.h"
#include "common/xalloc.h"
#include "print/report-out.h"

#define REPORT_GAP		2	/* blanks between two columns */
#define REPORT_MIN_TEXT		6	/* a text column is cut no narrower than this */
#define REPORT_MIN_CELLS	3	/* nor any column, when text columns are not enough */
#define REPORT_CHART_LABEL	24	/* the most cells a bar's label takes */
/*
 * The significant digits of a decimal in JSON: a double holds 15 of them
 * exactly (DBL_DIG), so 1.33 is written 1.33, not 1.3300000000000001.
 */
#define REPORT_JSON_DIGITS	15

/* The format named word. */
int
report_format_parse(const char *word, enum report_format *f)
{
	if (strcmp(word, "text") == 0)
		*f = REPORT_TEXT;
	else if (strcmp(word, "csv") == 0)
		*f = REPORT_CSV;
	else if (strcmp(word, "json") == 0)
		*f = REPORT_JSON;
	else
		return -1;
	return 0;
}

/* Appends n copies of c. */
static void
report_out_repeat(struct buf *out, char c, int n)
{
	while (n-- > 0)
		buf_addc(out, c);
}

/* Appends s in exactly w cells, cut with '>' if need be, to the left or to the right. */
static void
report_out_cell(struct buf *out, const char *s, int w, enum report_align align)
{
	char fit[1024];
	int used = wtext_fit(s, w, 0, '>', fit, sizeof fit);

	if (align == REPORT_RIGHT)
		report_out_repeat(out, ' ', w - used);
	buf_adds(out, fit);
	if (align == REPORT_LEFT)
		report_out_repeat(out, ' ', w - used);
}

/* Appends a line with its trailing blanks taken off and a newline. */
static void
report_out_end_line(struct buf *out, size_t start)
{
	while (out->len > start && out->data[out->len - 1] == ' ')
		out->len--;
	buf_addc(out, '\n');
}

/*
 * Cuts the line begun at start to width cells with '>' where it is wider:
 * columns that cannot be made narrow enough (many numbers on a narrow page)
 * must still not run past the paper's edge.
 */
static void
report_out_cut(struct buf *out, size_t start, int width)
{
	char *line;
	size_t len = out->len - start;

	if (wtext_width(buf_str(out) + start) <= width)
		return;
	line = xmalloc(len + 2);
	wtext_fit(buf_str(out) + start, width, 0, '>', line, len + 2);
	out->len = start;
	buf_adds(out, line);
	free(line);
}

/* Appends s wrapped at width cells, each line ending with a newline. */
static void
report_out_wrapped(struct buf *out, const char *s, int width)
{
	char line[1024];
	size_t took;

	if (*s == '\0') {
		buf_addc(out, '\n');
		return;
	}
	while ((took = wtext_wrap(s, width, line, sizeof line)) > 0) {
		size_t start = out->len;

		buf_adds(out, line);
		report_out_end_line(out, start);
		s += took;
	}
}

/*
 * The width of each column: the widest of its heading and cells, then, while
 * the line is wider than width, the widest text column made narrower (down to
 * REPORT_MIN_TEXT), and only then any column (down to REPORT_MIN_CELLS) if
 * that makes the line fit: figures cut to "12>" for nothing would only hide
 * them, so a table that cannot fit keeps its numbers whole and its lines are
 * cut at the page's edge instead (report_out_cut). A column to be shown
 * whole (REPORT_COL_WHOLE: a letter number, a date) is never made narrower.
 */
static int *
report_out_widths(const struct report_table *t, int width)
{
	int *w = xcalloc(t->ncols ? t->ncols : 1, sizeof *w);
	int total = 0, least = 0, shown = 0;
	size_t i, j;

	for (j = 0; j < t->ncols; j++) {
		if (t->cols[j].label == NULL)
			continue;	/* not shown: width 0 */
		w[j] = wtext_width(t->cols[j].label);
		for (i = 0; i < t->nrows; i++) {
			int cw;

			if (t->rows[i].kind == REPORT_SECTION)
				continue;
			cw = wtext_width(t->rows[i].cells[j]);
			if (cw > w[j])
				w[j] = cw;
		}
		total += w[j] + (shown > 0 ? REPORT_GAP : 0);
		least += (w[j] < REPORT_MIN_CELLS || (t->cols[j].flags & REPORT_COL_WHOLE) ?
		    w[j] : REPORT_MIN_CELLS) + (shown > 0 ? REPORT_GAP : 0);
		shown++;
	}
	while (total > width) {
		size_t widest = t->ncols;

		for (j = 0; j < t->ncols; j++)
			if (t->cols[j].label != NULL && !(t->cols[j].flags & REPORT_COL_WHOLE) &&
			    t->cols[j].align == REPORT_LEFT && w[j] > REPORT_MIN_TEXT &&
			    (widest == t->ncols || w[j] > w[widest]))
				widest = j;
		if (widest == t->ncols && least <= width)
			for (j = 0; j < t->ncols; j++)
				if (t->cols[j].label != NULL &&
				    !(t->cols[j].flags & REPORT_COL_WHOLE) && w[j] > REPORT_MIN_CELLS &&
				    (widest == t->ncols || w[j] > w[widest]))
					widest = j;
		if (widest == t->ncols)
			break;
		w[widest]--;
		total--;
	}
	return w;
}

/* Appends one row of cells (or the headings when cells is NULL) in the widths w. */
static void
report_out_row(struct buf *out, const struct report_table *t, char *const *cells,
    const int *w, int width)
{
	size_t start = out->len, j;
	int first = 1;

	for (j = 0; j < t->ncols; j++) {
		if (t->cols[j].label == NULL)
			continue;
		if (!first)
			report_out_repeat(out, ' ', REPORT_GAP);
		first = 0;
		report_out_cell(out, cells != NULL ? cells[j] : t->cols[j].label, w[j],
		    t->cols[j].align);
	}
	report_out_cut(out, start, width);
	report_out_end_line(out, start);
}

/*
 * Whether s is a number as a builder writes one (digits, a sign, a point, a
 * %): its value. Only such: strtod alone would take "inf", "1e400" or
 * "0x1F", and a bar as long as infinity is no length at all.
 */
static int
report_out_number(const char *s, double *v)
{
	const char *p = s + (*s == '-');
	size_t n = strspn(p, "0123456789");

	if (n == 0)
		return 0;
	p += n;
	if (*p == '.')
		p += 1 + strspn(p + 1, "0123456789");
	if (*p != '\0' && strcmp(p, "%") != 0)
		return 0;
	*v = strtod(s, NULL);
	return isfinite(*v);
}

/* The first column text shows (a row's label), or 0. */
static size_t
report_out_first_shown(const struct report_table *t)
{
	size_t j;

	for (j = 0; j < t->ncols; j++)
		if (t->cols[j].label != NULL)
			return j;
	return 0;
}

/*
 * Appends the bar chart of a table's chart column: one line per plain row,
 * its first cell as the label, a bar of '#' as long as the value is to the
 * largest, and the value. ASCII only, so that vt100 and printers show it.
 */
static void
report_out_chart(struct buf *out, const struct report_table *t, int width)
{
	double max = 0, v;
	int labelw = 0, valuew = 0, barw;
	size_t i, c = (size_t)t->chart_col, l = report_out_first_shown(t);

	for (i = 0; i < t->nrows; i++) {
		int lw;

		if (t->rows[i].kind != REPORT_ROW || !report_out_number(t->rows[i].cells[c], &v))
			continue;
		if (v > max)
			max = v;
		lw = wtext_width(t->rows[i].cells[l]);
		if (lw > labelw)
			labelw = lw;
		lw = wtext_width(t->rows[i].cells[c]);
		if (lw > valuew)
			valuew = lw;
	}
	if (labelw == 0)
		return;
	if (labelw > REPORT_CHART_LABEL)
		labelw = REPORT_CHART_LABEL;
	barw = width - labelw - valuew - 4;
	if (barw < 4)
		return;
	buf_addc(out, '\n');
	report_out_wrapped(out, t->cols[c].label, width);
	for (i = 0; i < t->nrows; i++) {
		size_t start = out->len;
		int n;

		if (t->rows[i].kind != REPORT_ROW || !report_out_number(t->rows[i].cells[c], &v))
			continue;
		n = max > 0 && v > 0 ? (int)(v / max * barw + 0.5) : 0;
		if (n == 0 && v > 0)
			n = 1;	/* a value above nothing shows as something */
		report_out_cell(out, t->rows[i].cells[l], labelw, REPORT_LEFT);
		buf_adds(out, " |");
		report_out_repeat(out, '#', n);
		report_out_repeat(out, ' ', barw - n);
		buf_addc(out, ' ');
		report_out_cell(out, t->rows[i].cells[c], valuew, REPORT_RIGHT);
		report_out_end_line(out, start);
	}
}

/* Appends one table as text: title, headings, a rule, rows, the chart. */
static void
report_out_table(struct buf *out, const struct report_table *t, int width)
{
	int *w = report_out_widths(t, width);
	int line = 0, shown = 0;
	size_t i, j;

	for (j = 0; j < t->ncols; j++)
		if (t->cols[j].label != NULL)
			line += w[j] + (shown++ > 0 ? REPORT_GAP : 0);
	if (line > width)
		line = width;	/* the rows are cut to the page too (report_out_cut) */
	buf_addc(out, '\n');
	if (*t->title != '\0')
		report_out_wrapped(out, t->title, width);
	report_out_row(out, t, NULL, w, width);
	report_out_repeat(out, '-', line);
	buf_addc(out, '\n');
	for (i = 0; i < t->nrows; i++) {
		const struct report_row *row = &t->rows[i];

		if (row->kind == REPORT_SECTION) {
			size_t start = out->len;

			report_out_cell(out, row->cells[report_out_first_shown(t)], width,
			    REPORT_LEFT);
			report_out_end_line(out, start);
			continue;
		}
		if (row->kind == REPORT_TOTAL) {
			report_out_repeat(out, '-', line);
			buf_addc(out, '\n');
		}
		report_out_row(out, t, row->cells, w, width);
	}
	if (t->nrows == 0)
		buf_addc(out, '\n');
	if (t->chart_col >= 0 && (size_t)t->chart_col < t->ncols)
		report_out_chart(out, t, width);
	free(w);
}

/* The report as text of at most width cells a line. */
void
report_text(const struct report *r, int width, struct buf *out)
{
	size_t i;

	if (width < 40)
		width = 40;
	report_out_wrapped(out, r->title, width);
	for (i = 0; i < r->nnotes; i++)
		report_out_wrapped(out, r->notes[i], width);
	for (i = 0; i < r->ntables; i++)
		report_out_table(out, r->tables[i], width);
}

/* Whether CSV and JSON carry column j of t (all but the text-only ones). */
static int
report_out_data(const struct report_table *t, size_t j)
{
	return !(t->cols[j].flags & REPORT_COL_TEXT);
}

/* Whether every table has the columns of the first that CSV carries, key for key. */
static int
report_out_same_columns(const struct report *r)
{
	const struct report_table *a = r->tables[0];
	size_t i, j, k;

	for (i = 1; i < r->ntables; i++) {
		const struct report_table *b = r->tables[i];

		for (j = k = 0; j < a->ncols || k < b->ncols; j++, k++) {
			while (j < a->ncols && !report_out_data(a, j))
				j++;
			while (k < b->ncols && !report_out_data(b, k))
				k++;
			if (j == a->ncols || k == b->ncols) {
				if (j != a->ncols || k != b->ncols)
					return 0;
				break;
			}
			if (strcmp(a->cols[j].key, b->cols[k].key) != 0)
				return 0;
		}
	}
	return 1;
}

/* Writes a table's header row or one of its rows, with the table's key first if keyed. */
static int
report_out_csv_row(FILE *fp, const struct report_table *t, char *const *cells, int keyed)
{
	const char **f = xcalloc(t->ncols + 1, sizeof *f);
	size_t n = 0, j;
	int rc;

	if (keyed)
		f[n++] = cells != NULL ? t->key : "table";
	for (j = 0; j < t->ncols; j++)
		if (report_out_data(t, j))
			f[n++] = cells != NULL ? cells[j] : t->cols[j].key;
	rc = csv_write(fp, f, n);
	free(f);
	return rc;
}

/* The report as CSV on fp. */
int
report_csv(const struct report *r, FILE *fp)
{
	int keyed = r->ntables > 1 && report_out_same_columns(r);
	size_t i, k;

	for (i = 0; i < r->ntables; i++) {
		const struct report_table *t = r->tables[i];

		if (!keyed && i > 0 && fputs("\r\n", fp) == EOF)
			return -1;
		if ((i == 0 || !keyed) && report_out_csv_row(fp, t, NULL, keyed) != 0)
			return -1;
		for (k = 0; k < t->nrows; k++)
			if (t->rows[k].kind != REPORT_SECTION &&
			    report_out_csv_row(fp, t, t->rows[k].cells, keyed) != 0)
				return -1;
	}
	return ferror(fp) ? -1 : 0;
}

/*
 * A cell as JSON: a number where its column holds numbers (REPORT_RIGHT)
 * and the cell is one whole, else a string. A code in a text column stays
 * text even when it is digits (a region 110105, an education 21, an ID
 * number), so that a column never mixes numbers and strings; so does a
 * number a reader could not hold as written (too many digits).
 */
static json_t *
report_out_json_cell(const char *s, enum report_align align)
{
	const char *p = s;
	int digits = 0, point = 0;
	long long v;
	char *end;

	if (align != REPORT_RIGHT)
		return json_string(s);
	if (strcmp(s, "-") == 0)
		return json_null();	/* a figure there is none of (a ratio over 0) */
	if (*p == '-')
		p++;
	for (; *p != '\0'; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (*p == '.' && !point)
			point = 1;
		else
			return json_string(s);
	}
	/* A leading zero (a code such as 01) stays text; so does an empty cell. */
	if (digits == 0 || (s[s[0] == '-'] == '0' && s[(s[0] == '-') + 1] >= '0' &&
	    s[(s[0] == '-') + 1] <= '9'))
		return json_string(s);
	if (point)
		/* Written back with REPORT_JSON_DIGITS: the same digits as the cell. */
		return digits <= REPORT_JSON_DIGITS ? json_real(strtod(s, NULL)) : json_string(s);
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno == ERANGE || *end != '\0')
		return json_string(s);
	return json_integer(v);
}

/* The report as a JSON object, appended to out. */
void
report_json(const struct report *r, struct buf *out)
{
	static const char *const kinds[] = {
		[REPORT_ROW] = "row", [REPORT_SECTION] = "section", [REPORT_TOTAL] = "total",
	};
	json_t *root = json_object(), *notes = json_array(), *tables = json_array();
	char *text;
	size_t i, k, j;

	json_object_set_new(root, "report", json_string(r->key));
	json_object_set_new(root, "title", json_string(r->title));
	for (i = 0; i < r->nnotes; i++)
		json_array_append_new(notes, json_string(r->notes[i]));
	json_object_set_new(root, "notes", notes);
	for (i = 0; i < r->ntables; i++) {
		const struct report_table *t = r->tables[i];
		json_t *table = json_object(), *rows = json_array();

		json_object_set_new(table, "table", json_string(t->key));
		json_object_set_new(table, "title", json_string(t->title));
		for (k = 0; k < t->nrows; k++) {
			json_t *row = json_object();

			json_object_set_new(row, "kind", json_string(kinds[t->rows[k].kind]));
			for (j = 0; j < t->ncols; j++)
				if (report_out_data(t, j))
					json_object_set_new(row, t->cols[j].key,
					    report_out_json_cell(t->rows[k].cells[j],
					    t->cols[j].align));
			json_array_append_new(rows, row);
		}
		json_object_set_new(table, "rows", rows);
		json_array_append_new(tables, table);
	}
	json_object_set_new(root, "tables", tables);
	text = json_dumps(root, JSON_INDENT(1) | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(REPORT_JSON_DIGITS));
	if (text == NULL)
		fatalx("report_json: out of memory");
	buf_adds(out, text);
	buf_addc(out, '\n');
	free(text);
	json_decref(root);
}
