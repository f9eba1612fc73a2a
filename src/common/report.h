/*
 * A report as data: a title, a few lines under it (the office, the
 * period), and tables of text cells with named columns, some rows marked
 * as a section heading or a total (合计). The same data is printed as text
 * at 80 columns, written as CSV or JSON (src/print/report-out.h) and shown
 * on screen (src/ui/screen-report.c), so that what a supervisor reads, prints
 * and exports is one thing. Cells are text, already formatted by whoever
 * builds the report (numbers as digits, names in the clerk's language);
 * nothing here knows the domain.
 */
#ifndef JOBDESK_REPORT_H
#define JOBDESK_REPORT_H

#include <stddef.h>

enum report_align {
	REPORT_LEFT,
	REPORT_RIGHT,		/* numbers */
};

enum report_row_kind {
	REPORT_ROW,
	REPORT_SECTION,		/* a heading inside a table: only its first shown cell, alone */
	REPORT_TOTAL,		/* a total row (合计), ruled off in text */
};

struct report_column {
	char			*key;	/* CSV header and JSON name: "demand" */
	/* The heading in text, in the clerk's language; NULL: only in CSV and JSON (a code). */
	char			*label;
	enum report_align	 align;
	unsigned		 flags;	/* REPORT_COL_*, set by report_column_flags */
};

/*
 * Column flags. A text-only column is a short form, for the screen and
 * the printer, of what other columns carry whole in CSV and JSON (whose
 * labels are NULL): an ID number masked, three checks in one cell. Text
 * cuts the other columns before a whole one (a letter number, a date).
 */
#define REPORT_COL_TEXT		0x01	/* only in text: not in CSV nor JSON */
#define REPORT_COL_WHOLE	0x02	/* never cut in text */

struct report_row {
	enum report_row_kind	 kind;
	char			**cells;	/* ncols strings, "" for none */
};

struct report_table {
	char			*key;	/* a JSON name and the CSV "table" column: "by_education" */
	char			*title;	/* the heading in text */
	struct report_column	*cols;
	size_t			 ncols;
	struct report_row	*rows;
	size_t			 nrows, caprows;
	/*
	 * Text draws a bar chart of this column's numbers under the table,
	 * one bar per plain row labelled with its first column shown in text;
	 * -1 for none.
	 */
	int			 chart_col;
};

struct report {
	char			*key;	/* "daily", "supply_demand", "roster" */
	char			*title;
	char			**notes;	/* lines under the title */
	size_t			 nnotes;
	struct report_table	**tables;
	size_t			 ntables;
};

/* An empty report; free with report_free. */
void			 report_init(struct report *, const char *key, const char *title);
void			 report_free(struct report *);
/* Add a line under the title (printf-like). */
void			 report_note(struct report *, const char *fmt, ...)
			    __attribute__((format(printf, 2, 3)));
/* Add an empty table; the report owns it, the pointer stays valid until report_free. */
struct report_table	*report_table_add(struct report *, const char *key, const char *title);
/* Add a column; every column comes before the first row. */
void			 report_column(struct report_table *, const char *key, const char *label,
			    enum report_align);
/* Set the flags (REPORT_COL_*) of the column added last. */
void			 report_column_flags(struct report_table *, unsigned flags);
/* Add a row of ncols cells (copied; NULL is ""). */
void			 report_row(struct report_table *, enum report_row_kind,
			    const char *const *cells);
/* The table of this key, or NULL; the report owns it. */
const struct report_table *report_table_find(const struct report *, const char *key);
/* The index of the column of this key in t, or -1. */
int			 report_column_find(const struct report_table *t, const char *key);

#endif
