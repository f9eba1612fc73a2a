/*
 * The "export" command: every job seeker, employer, vacancy or referral as
 * CSV, with full values, for the office's own use and (but for referrals)
 * for "jobdesk import" on another terminal. Importing an export carries the registration data; the
 * lifecycle columns (status, registered_on, valid_until) are written for
 * the reader but an import sets them afresh, so re-exporting on the same
 * day gives the same file only for open records. Each export writes one
 * audit record. A file is
 * written as FILE.tmp, readable by its owner only, and renamed when it is
 * complete, so a killed export never leaves half a FILE behind.
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
#include "common/csv.h"
#include "common/i18n.h"
#include "common/log.h"
#include "common/xalloc.h"
#include "core/kind.h"
#include "store/account.h"
#include "store/export.h"
#include "store/store.h"

/* Where the rows go. */
struct export_out {
	FILE			*fp;
	const char *const	*cols;
	size_t			 ncols;
	const char		**values;
	long			 rows;
};

/* Print the command's usage on stderr; the exit status for a usage error. */
static int
export_usage(void)
{
	fprintf(stderr, _("usage: jobdesk export seekers|employers|vacancies|referrals [FILE]\n"));
	return 2;
}

/* Write one row; non-zero stops the export when the output fails. */
static int
export_row(void *ctx, const struct fields *row)
{
	struct export_out *out = ctx;
	size_t i;

	for (i = 0; i < out->ncols; i++)
		out->values[i] = fields_str(row, out->cols[i]);
	if (csv_write(out->fp, out->values, out->ncols) != 0)
		return 1;
	out->rows++;
	return 0;
}

/* Write the header and every row to fp; 0, or -1 after a message. */
static int
export_write(struct app *app, const struct kind *k, FILE *fp, const char *name, long *rows)
{
	struct export_out out;
	const char *cols[KIND_MAX_COLUMNS + 1];
	size_t n;
	int rc = -1;

	/* The kind's file columns: what an import of the file reads back. */
	n = kind_file_columns(k, cols, KIND_MAX_COLUMNS);
	cols[n] = NULL;
	memset(&out, 0, sizeof out);
	out.fp = fp;
	out.cols = cols;
	out.ncols = n;
	out.values = xcalloc(n, sizeof *out.values);
	if (csv_write(fp, cols, n) != 0) {
		fprintf(stderr, _("jobdesk: %s: cannot write: %s\n"), name, strerror(errno));
		goto out;
	}
	switch (store_export(app->store, k, cols, export_row, &out)) {
	case 0:
		break;
	case -1:
		fprintf(stderr, _("jobdesk: cannot read the %s: %s\n"), k->plural,
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
	free(out.values);
	return rc;
}

/* Export into FILE through FILE.tmp and a rename. */
static int
export_file(struct app *app, const struct kind *k, const char *path)
{
	char *tmp;
	FILE *fp;
	long rows = 0;
	int fd, rc = 1;
	struct stat sb;

	/* The rename would replace a device or a pipe (as root, even /dev/null) with a file. */
	if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		fprintf(stderr, _("jobdesk: %s: not a regular file; name a file, or leave it out "
		    "to write to standard output\n"), path);
		return 1;
	}
	tmp = xasprintf("%s.tmp", path);
	/* Personal data: the owner only; never through a link someone planted. */
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		fprintf(stderr, _("jobdesk: %s: cannot create: %s\n"), tmp, strerror(errno));
		free(tmp);
		return 1;
	}
	if ((fp = fdopen(fd, "w")) == NULL)
		fatal("fdopen");
	if (export_write(app, k, fp, tmp, &rows) != 0) {
		fclose(fp);
		goto fail;
	}
	if (fsync(fileno(fp)) != 0) {
		fprintf(stderr, _("jobdesk: %s: cannot write: %s\n"), tmp, strerror(errno));
		fclose(fp);
		goto fail;
	}
	if (fclose(fp) != 0) {
		fprintf(stderr, _("jobdesk: %s: cannot write: %s\n"), tmp, strerror(errno));
		goto fail;
	}
	if (rename(tmp, path) != 0) {
		fprintf(stderr, _("jobdesk: cannot rename %s to %s: %s\n"), tmp, path,
		    strerror(errno));
		goto fail;
	}
	printf(_("%s: %ld exported to %s\n"), k->plural, rows, path);
	rc = 0;
	goto out;
fail:
	unlink(tmp);
out:
	free(tmp);
	return rc;
}

/* The "export" command. */
int
cli_export(struct app *app, int argc, char **argv)
{
	const struct kind *k;
	char office[32] = "";
	long rows = 0;

	log_set_level(LOG_WARN);
	if (argc < 1 || argc > 2)
		return export_usage();
	if ((k = kind_by_plural(argv[0])) == NULL) {
		fprintf(stderr, _("jobdesk: cannot export \"%s\"; expected seekers, employers, "
		    "vacancies or referrals\n"), argv[0]);
		return export_usage();
	}
	office_first(app->store, office, sizeof office);
	cli_set_actor(app, office);
	if (argc == 2)
		return export_file(app, k, argv[1]);
	return export_write(app, k, stdout, _("standard output"), &rows) == 0 ? 0 : 1;
}
