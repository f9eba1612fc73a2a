/*
 * A report as data: see report.h. Everything is copied in, so a builder
 * may hand over its stack buffers.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/report.h"
#include "common/xalloc.h"

/* An empty report with this key and title. */
void
report_init(struct report *r, const char *key, const char *title)
{
	memset(r, 0, sizeof *r);
	r->key = xstrdup(key);
	r->title = xstrdup(title);
}

/* Frees a table's columns and rows, and the table. */
static void
report_table_free(struct report_table *t)
{
	size_t i, j;

	for (i = 0; i < t->nrows; i++)
		free(t->rows[i].cells);
	free(t->rows);
	for (j = 0; j < t->ncols; j++) {
		free(t->cols[j].key);
		free(t->cols[j].label);
	}
	free(t->cols);
	free(t->key);
	free(t->title);
	free(t);
}

/* Frees everything the report holds and leaves it empty (safe twice). */
void
report_free(struct report *r)
{
	size_t i;

	for (i = 0; i < r->nnotes; i++)
		free(r->notes[i]);
	free(r->notes);
	for (i = 0; i < r->ntables; i++)
		report_table_free(r->tables[i]);
	free(r->tables);
	free(r->key);
	free(r->title);
	memset(r, 0, sizeof *r);
}

/* Adds a line under the title. */
void
report_note(struct report *r, const char *fmt, ...)
{
	va_list ap;
	char *line;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		fatalx("report_note: bad format");
	line = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(line, (size_t)n + 1, fmt, ap);
	va_end(ap);
	r->notes = xreallocarray(r->notes, r->nnotes + 1, sizeof *r->notes);
	r->notes[r->nnotes++] = line;
}

/* Adds an empty table with no chart. */
struct report_table *
report_table_add(struct report *r, const char *key, const char *title)
{
	struct report_table *t = xcalloc(1, sizeof *t);

	t->key = xstrdup(key);
	t->title = xstrdup(title);
	t->chart_col = -1;
	r->tables = xreallocarray(r->tables, r->ntables + 1, sizeof *r->tables);
	r->tables[r->ntables++] = t;
	return t;
}

/* Finds a table by its key, for a screen that lays out a report's tables itself. */
const struct report_table *
report_table_find(const struct report *r, const char *key)
{
	size_t i;

	for (i = 0; i < r->ntables; i++)
		if (strcmp(r->tables[i]->key, key) == 0)
			return r->tables[i];
	return NULL;
}

/* Finds a column by its key, so that a reader does not count on the columns' order. */
int
report_column_find(const struct report_table *t, const char *key)
{
	size_t i;

	for (i = 0; i < t->ncols; i++)
		if (strcmp(t->cols[i].key, key) == 0)
			return (int)i;
	return -1;
}

/* Adds a column; a column after the first row would leave rows short, a bug. */
void
report_column(struct report_table *t, const char *key, const char *label,
    enum report_align align)
{
	if (t->nrows > 0)
		fatalx("report_column: table \"%s\" has rows already", t->key);
	t->cols = xreallocarray(t->cols, t->ncols + 1, sizeof *t->cols);
	t->cols[t->ncols].key = xstrdup(key);
	t->cols[t->ncols].label = label != NULL ? xstrdup(label) : NULL;
	t->cols[t->ncols].align = align;
	t->cols[t->ncols].flags = 0;
	t->ncols++;
}

/* Sets the flags of the last column. */
void
report_column_flags(struct report_table *t, unsigned flags)
{
	if (t->ncols == 0)
		fatalx("report_column_flags: table \"%s\" has no column", t->key);
	t->cols[t->ncols - 1].flags = flags;
}

/*
 * Adds a row of ncols cells, each copied: the cells' pointers and their
 * texts in one allocation (a roster has tens of thousands of rows of
 * nineteen cells), freed as one.
 */
void
report_row(struct report_table *t, enum report_row_kind kind, const char *const *cells)
{
	struct report_row *row;
	size_t j, ptrs = (t->ncols ? t->ncols : 1) * sizeof *row->cells, len[64], size = ptrs;
	size_t *lens = t->ncols <= 64 ? len : xcalloc(t->ncols, sizeof *lens);
	char *text;

	if (t->nrows == t->caprows) {
		t->caprows = t->caprows ? t->caprows * 2 : 16;
		t->rows = xreallocarray(t->rows, t->caprows, sizeof *t->rows);
	}
	row = &t->rows[t->nrows++];
	row->kind = kind;
	for (j = 0; j < t->ncols; j++) {
		lens[j] = strlen(cells[j] != NULL ? cells[j] : "") + 1;
		size += lens[j];
	}
	row->cells = xmalloc(size);
	text = (char *)row->cells + ptrs;
	for (j = 0; j < t->ncols; j++) {
		memcpy(text, cells[j] != NULL ? cells[j] : "", lens[j]);
		row->cells[j] = text;
		text += lens[j];
	}
	if (lens != len)
		free(lens);
}
