/*
 * A report (common/report.h) as what people read or load elsewhere:
 * text for the screen and the printer, no line wider than the width asked
 * for (double-width Chinese measured in cells); CSV with a header row of
 * column keys for spreadsheets; JSON for scripts.
 */
#ifndef JOBDESK_REPORT_OUT_H
#define JOBDESK_REPORT_OUT_H

#include <stdio.h>

struct buf;
struct report;

enum report_format {
	REPORT_TEXT,
	REPORT_CSV,
	REPORT_JSON,
};

/* The format named "text", "csv" or "json": 0, or -1 for another word. */
int	report_format_parse(const char *word, enum report_format *);

/*
 * The report as text of at most width cells a line (at least 40), appended
 * to out: title, notes, each table with its title, a heading row, its rows
 * (cells cut with '>' where a column cannot hold them, numbers aligned
 * right, a rule above a total row), then the table's bar chart if it has
 * one. Only ASCII besides the report's own text, so that vt100 and any
 * printer show it.
 */
void	report_text(const struct report *, int width, struct buf *out);

/*
 * The report as CSV (UTF-8, CRLF as RFC 4180 says, cells quoted where
 * needed), written to fp: 0, or -1 when fp has an error. When every table has the same columns, one
 * header row "table,<keys>" and every table's rows with the table's key
 * first; otherwise each table is a block of its own header row and rows,
 * the blocks apart by an empty line. Section rows are left out; total rows
 * are kept (their first cell says so). Text-only columns (REPORT_COL_TEXT)
 * are left out, and so are they when columns are compared.
 */
int	report_csv(const struct report *, FILE *fp);

/*
 * The report as one JSON object, appended to out: {"report": key, "title",
 * "notes": [...], "tables": [{"table": key, "title", "rows": [{"kind":
 * "row"|"section"|"total", column key: cell, ...}]}]}. A cell of a
 * number column (REPORT_RIGHT) written as digits (with a sign or a
 * decimal point, no leading zero, at most 15 digits if a decimal, as much
 * as a 64-bit integer holds if not) is a JSON number, written with the
 * cell's digits; a cell of "-" alone (a figure there is none of: a ratio
 * with nothing to divide by) is null; any other cell, a code of digits in a
 * text column included, is a string. Text-only columns (REPORT_COL_TEXT)
 * are left out, as in CSV.
 */
void	report_json(const struct report *, struct buf *out);

#endif
