/*
 * The "export" command: every job seeker, employer, vacancy or referral as
 * CSV, with full values, for the office's own use and (but for referrals)
 * for "jobdesk import" on another terminal. Importing an export carries the registration data; the
 * lifecycle columns (status, registered_on, valid_until) are written for
 * the reader but an import sets them afresh, so re-exporting on the same
 * day gives the same file only for open records. Each export writes one
 * audit record. A file is
 * written as FILE.tmp, readable by its owner only, and renamed when it is
 * complete, so a killed export never leaves half a FILE behind. The
 * free-service ledger ("services", between two days) has columns of its
 * own (store/service.h) and no import.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/app.h"
#include "cli/cli.h"
#include "common/buf.h"
#include "common/csv.h"
#include "common/formdef.h"
#include "common/i18n.h"
#include "common/log.h"
#include "common/xalloc.h"
#include "core/check.h"
#include "core/kind.h"
#include "store/account.h"
#include "store/export.h"
#include "store/service.h"
#include "store/sheet-codes.h"
#include "store/store.h"

/* How a column of an --excel export is written. */
enum export_keep {
	KEEP_PLAIN,	/* as it is: a number or a date, which the spreadsheet may take as such */
	KEEP_TEXT,	/* always as text (="..."): ID numbers, credit codes, phone numbers */
	KEEP_AUTO,	/* as text when a spreadsheet would take it for a number, a date or a formula */
};

/* A column of an --excel export. */
struct export_col {
	const char		*key;
	enum export_keep	 keep;
	const char		*list;		/* the code list whose names go beside it, or NULL */
	int			 several;	/* several codes joined by "," */
	int			 status;	/* the kind's statuses: their labels go beside it */
};

/* Where the rows go. */
struct export_out {
	FILE			*fp;
	const struct kind	*kind;
	const char *const	*cols;
	size_t			 ncols;
	const char		**values;
	long			 rows;
	/* --excel: the columns, the values of a row (two per column at most), the names. */
	struct export_col	*xcols;
	struct buf		*cells;
	size_t			 nout;
	struct sheet_codes	*codes;
	int			 chinese;
};

/* Print the command's usage on stderr; the exit status for a usage error. */
static int
export_usage(void)
{
	fprintf(stderr, _("usage: jobdesk export [--excel] seekers|employers|vacancies|referrals "
	    "[FILE]\n       jobdesk export [--excel] services [--from DATE] [--to DATE] [FILE]\n"));
	return 2;
}

/* Whether a spreadsheet opening the text would take it for a number, a date or a formula. */
static int
export_looks_like_number(const char *s)
{
	int digit = 0;

	if (strchr("=+-@", *s) != NULL)
		return *s != '\0';
	for (; *s != '\0'; s++) {
		if (*s >= '0' && *s <= '9')
			digit = 1;
		else if (strchr(".-/: ,()eE%", *s) == NULL)
			return 0;
	}
	return digit;
}

/* How a column is written for spreadsheets, from its form field or its kind column. */
static void
export_col_init(const struct kind *k, const struct formdef *form, const char *key,
    struct export_col *x)
{
	const struct formfield *f = form != NULL ? formdef_field(form, key) : NULL;
	/* The ledger's columns are not a file of the kind's: its own columns by name. */
	const struct kind_column *c = k->id == KIND_SERVICE_EVENT ? kind_column(k, key) :
	    kind_file_column(k, key);

	memset(x, 0, sizeof *x);
	x->key = key;
	x->keep = KEEP_AUTO;
	if (f != NULL) {
		switch (f->type) {
		case FIELD_INT:
		case FIELD_DATE:
			x->keep = KEEP_PLAIN;
			break;
		case FIELD_CODE:
		case FIELD_CODES:
			x->list = f->codes;
			x->several = f->type == FIELD_CODES;
			break;
		case FIELD_IDNUM:
		case FIELD_USCC:
		case FIELD_PHONE:
			x->keep = KEEP_TEXT;
			break;
		default:
			break;
		}
		return;
	}
	if (c == NULL)
		return;
	if (c->file_key != NULL)
		x->keep = KEEP_TEXT;
	else if (c->type == KT_DATE || c->type == KT_DATEOPT)
		x->keep = KEEP_PLAIN;
	else if (c->type == KT_CODE)
		x->list = c->codes;
	else if (c->type == KT_STATUS)
		x->status = 1;
}

/* The names of the codes of value (one, or several joined by ","), into out. */
static void
export_names(struct export_out *out, const struct export_col *x, const char *value,
    struct buf *b)
{
	const char *p = value, *name;
	char code[128];

	buf_reset(b);
	if (x->status) {
		const struct kind_status *ks = kind_status(out->kind, value);

		buf_adds(b, ks != NULL ? _(ks->label) : value);
		return;
	}
	while (*p != '\0') {
		size_t len = x->several ? strcspn(p, ",") : strlen(p);

		snprintf(code, sizeof code, "%.*s", (int)len, p);
		name = sheet_codes_name(out->codes, x->list, code, out->chinese);
		/* Between Chinese names the enumeration comma, as a clerk writes them. */
		if (b->len > 0)
			buf_adds(b, out->chinese ? "、" : ", ");
		buf_adds(b, name != NULL ? name : code);
		p += len;
		if (*p == ',')
			p++;
	}
}

/* Write one row as a spreadsheet opens it: text kept as text, names beside codes. */
static int
export_row_excel(struct export_out *out, const struct fields *row)
{
	size_t i, n = 0;

	for (i = 0; i < out->ncols; i++) {
		const struct export_col *x = &out->xcols[i];
		const char *v = fields_str(row, x->key);
		struct buf *b = &out->cells[n];

		buf_reset(b);
		if (*v != '\0' && (x->keep == KEEP_TEXT ||
		    (x->keep == KEEP_AUTO && export_looks_like_number(v))))
			csv_excel_text(v, b);
		else
			buf_adds(b, v);
		out->values[n++] = buf_str(b);
		if (x->list != NULL || x->status) {
			b = &out->cells[n];
			export_names(out, x, v, b);
			out->values[n++] = buf_str(b);
		}
	}
	return csv_write(out->fp, out->values, n);
}

/* Write one row; non-zero stops the export when the output fails. */
static int
export_row(void *ctx, const struct fields *row)
{
	struct export_out *out = ctx;
	size_t i;

	if (out->xcols != NULL) {
		if (export_row_excel(out, row) != 0)
			return 1;
		out->rows++;
		return 0;
	}
	for (i = 0; i < out->ncols; i++)
		out->values[i] = fields_str(row, out->cols[i]);
	if (csv_write(out->fp, out->values, out->ncols) != 0)
		return 1;
	out->rows++;
	return 0;
}

/*
 * For --excel: the columns' ways, and the header with a "KEY_name" column
 * after each code column, after a UTF-8 byte order mark (without which
 * Excel reads the file in the system's code page). 0, or -1 if fp fails.
 */
static int
export_excel_header(struct app *app, const struct kind *k, struct export_out *out)
{
	const char **head = xcalloc(2 * out->ncols, sizeof *head);
	size_t i, n = 0;
	int rc;

	out->xcols = xcalloc(out->ncols, sizeof *out->xcols);
	out->cells = xcalloc(2 * out->ncols, sizeof *out->cells);
	out->codes = sheet_codes_new(app->store);
	out->chinese = app->chinese;
	for (i = 0; i < out->ncols; i++) {
		export_col_init(k, app_form(app, k->id), out->cols[i], &out->xcols[i]);
		head[n++] = out->cols[i];
		if (out->xcols[i].list != NULL || out->xcols[i].status) {
			buf_addf(&out->cells[n], "%s_name", out->cols[i]);
			head[n] = buf_str(&out->cells[n]);
			n++;
		}
	}
	out->nout = n;
	fputs("\xef\xbb\xbf", out->fp);
	rc = csv_write(out->fp, head, n);
	free(head);
	return rc;
}

/* Free what export_excel_header made. */
static void
export_excel_free(struct export_out *out)
{
	size_t i;

	if (out->xcols == NULL)
		return;
	for (i = 0; i < 2 * out->ncols; i++)
		buf_free(&out->cells[i]);
	free(out->cells);
	free(out->xcols);
	sheet_codes_free(out->codes);
}

/* The days of an export of services (YYYYMMDD, 0 for no bound). */
struct export_period {
	int	from, to;
};

/* What an export is called in its messages: the kind's plural, or "services". */
static const char *
export_name(const struct kind *k)
{
	return k->id == KIND_SERVICE_EVENT ? "services" : k->plural;
}

/* Write the header and every row to fp; 0, or -1 after a message. */
static int
export_write(struct app *app, const struct kind *k, const struct export_period *period,
    FILE *fp, const char *name, int excel, long *rows)
{
	struct export_out out;
	const char *cols[KIND_MAX_COLUMNS + 1];
	size_t n;
	int rc = -1;

	if (k->id == KIND_SERVICE_EVENT) {
		/* The ledger's columns (store/service.h): no import reads them back. */
		for (n = 0; service_export_columns[n] != NULL && n < KIND_MAX_COLUMNS; n++)
			cols[n] = service_export_columns[n];
	} else
		/* The kind's file columns: what an import of the file reads back. */
		n = kind_file_columns(k, cols, KIND_MAX_COLUMNS);
	cols[n] = NULL;
	memset(&out, 0, sizeof out);
	out.fp = fp;
	out.kind = k;
	out.cols = cols;
	out.ncols = n;
	out.values = xcalloc(2 * n, sizeof *out.values);
	if ((excel ? export_excel_header(app, k, &out) : csv_write(fp, cols, n)) != 0) {
		fprintf(stderr, _("jobdesk: %s: cannot write: %s\n"), name, strerror(errno));
		goto out;
	}
	switch (k->id == KIND_SERVICE_EVENT ?
	    service_export(app->store, period->from, period->to, export_row, &out) :
	    store_export(app->store, k, cols, export_row, &out)) {
	case 0:
		break;
	case -1:
		fprintf(stderr, _("jobdesk: cannot read the %s: %s\n"), export_name(k),
		    store_errmsg(app->store));
		goto out;
	default:
		fprintf(stderr, _("jobdesk: %s: cannot write: %s\n"), name, strerror(errno));
		goto out;
	}
	if (fflush(fp) != 0 || ferror(fp)) {
		fprintf(stderr, _("jobdesk: %s: cannot write: %s\n"), name, strerror(errno));
		goto out;
	}
	*rows = out.rows;
	rc = 0;
out:
	export_excel_free(&out);
	free(out.values);
	return rc;
}

/* What export_file's writer needs. */
struct export_job {
	struct app			*app;
	const struct kind		*kind;
	const struct export_period	*period;
	int				 excel;
	long				 rows;
};

/* Writes the export to fp (a cli_write_file writer). */
static int
export_job_write(FILE *fp, const char *name, void *ctx)
{
	struct export_job *job = ctx;

	return export_write(job->app, job->kind, job->period, fp, name, job->excel, &job->rows);
}

/* Export into FILE through FILE.tmp and a rename. */
static int
export_file(struct app *app, const struct kind *k, const struct export_period *period,
    const char *path, int excel)
{
	struct export_job job = { .app = app, .kind = k, .period = period, .excel = excel };

	if (cli_write_file(path, export_job_write, &job) != 0)
		return 1;
	printf(_("%s: %ld exported to %s\n"), export_name(k), job.rows, path);
	return 0;
}

/* A date of --from or --to into *ymd; 0, or 2 (a usage error) after a message. */
static int
export_date(const char *opt, const char *value, int *ymd)
{
	char msg[200];

	if (value == NULL) {
		fprintf(stderr, _("jobdesk: %s needs a date (YYYY-MM-DD)\n"), opt);
		return 2;
	}
	if (check_date(value, ymd, msg, sizeof msg) != 0) {
		fprintf(stderr, _("jobdesk: %s \"%s\": %s\n"), opt, value, msg);
		return 2;
	}
	return 0;
}

/* The "export" command. */
int
cli_export(struct app *app, int argc, char **argv)
{
	const struct kind *k;
	struct export_period period = { 0, 0 };
	const char *from = NULL, *to = NULL, **given;
	char office[32] = "";
	long rows = 0;
	int i, n = 0, excel = 0;

	log_set_level(LOG_WARN);
	/* --excel, --from and --to may come anywhere; the rest are the kind and the file. */
	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--excel") == 0)
			excel = 1;
		else if (strcmp(argv[i], "--from") == 0 || strcmp(argv[i], "--to") == 0) {
			given = argv[i][2] == 'f' ? &from : &to;
			/* A second day for one end is a mistake in the script, not a choice. */
			if (*given != NULL && i + 1 < argc) {
				fprintf(stderr, _("jobdesk: %s is given twice (\"%s\" and \"%s\")\n"),
				    argv[i], *given, argv[i + 1]);
				return 2;
			}
			if (export_date(argv[i], i + 1 < argc ? argv[i + 1] : NULL,
			    given == &from ? &period.from : &period.to) != 0)
				return 2;
			*given = argv[++i];
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			fprintf(stderr, _("jobdesk: unknown option \"%s\" of export\n"), argv[i]);
			return export_usage();
		} else
			argv[n++] = argv[i];
	}
	argc = n;
	if (argc < 1 || argc > 2)
		return export_usage();
	if (strcmp(argv[0], "services") == 0)
		k = kind_get(KIND_SERVICE_EVENT);
	else if ((k = kind_by_plural(argv[0])) == NULL) {
		fprintf(stderr, _("jobdesk: cannot export \"%s\"; expected seekers, employers, "
		    "vacancies, referrals or services\n"), argv[0]);
		return export_usage();
	}
	if ((from != NULL || to != NULL) && k->id != KIND_SERVICE_EVENT) {
		fprintf(stderr, _("jobdesk: --from and --to are for an export of services\n"));
		return export_usage();
	}
	if (period.from > 0 && period.to > 0 && period.to < period.from) {
		fprintf(stderr, _("jobdesk: the period ends (--to \"%s\") before it begins "
		    "(--from \"%s\")\n"), to, from);
		return 2;
	}
	office_first(app->store, office, sizeof office);
	cli_set_actor(app, office);
	if (argc == 2)
		return export_file(app, k, &period, argv[1], excel);
	return export_write(app, k, &period, stdout, _("standard output"), excel, &rows) == 0 ?
	    0 : 1;
}
