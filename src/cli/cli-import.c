/*
 * The "import" command: job seekers, employers or vacancies from a CSV
 * file, in UTF-8 or in GB18030 (GBK) as spreadsheets save it, whose first
 * line names the columns by form field key or label. Every row gets the
 * checks the form gives a clerk (core/fieldcheck), a code field its code
 * by the form's rule where the file gives a name or an alias (大专), and
 * is saved by the store with
 * its outbox entry and audit record; rows are committed a thousand to a
 * transaction (a store batch), so a row is either all there or not at
 * all, even if the import is killed. A bad row is reported as FILE:LINE:
 * REASON and left out; the good rows go in. A row a field check warns
 * about (a job seeker of retirement age, a USCC whose organisation code
 * fails) goes in, reported as FILE:LINE: warning: REASON and counted in
 * the summary; like every message about a seeker's row it never holds
 * an ID number whole. The store finds records
 * already there (by ID number, USCC, or a vacancy's employer, title,
 * occupation and validity), so importing a file twice changes nothing the
 * second time.
 *
 * Rows are audited as "cli:" and the invoking Unix user, for the
 * terminal's office (see cli-user.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "app/app.h"
#include "cli/cli.h"
#include "common/buf.h"
#include "common/csv.h"
#include "common/fields.h"
#include "common/formdef.h"
#include "common/i18n.h"
#include "common/log.h"
#include "common/textenc.h"
#include "common/xalloc.h"
#include "core/fieldcheck.h"
#include "core/kind.h"
#include "core/idnum.h"
#include "core/retire.h"
#include "core/uscc.h"
#include "store/account.h"
#include "store/codes.h"
#include "store/employer.h"
#include "store/vacancy.h"
#include "store/export.h"
#include "store/sheet-codes.h"
#include "store/seeker.h"
#include "store/store.h"

/* What a column of the file is for. */
enum import_use {
	COL_FIELD,	/* a form field: checked and saved */
	COL_DERIVED,	/* a read-only form field (sex, birth date): the store derives it */
	COL_SET,	/* set by jobdesk (status, dates of the registration): not imported */
	COL_PARENT,	/* the record it belongs to, by its natural key (a vacancy's employer) */
	COL_NAMES,	/* the names of a code column's codes (an --excel export): not imported */
};

/* One import in progress. */
struct import {
	struct app			*app;
	const struct kind		*kind;
	const struct formdef		*form;
	const char			*path;
	size_t				 ncols;
	char				**keys;		/* column names, trimmed */
	enum import_use			*use;
	long				 created, updated, unchanged, rejected;
	long				 warned;	/* rows in, with a warning */
	long				 batch[3];	/* by import_result, not committed yet */
	long				 batch_warned;
	struct retire_rule		 retire;	/* [seeker], for seekers' ID numbers */
	struct sheet_codes		*codes;		/* codes_check remembered */
	long				 last_rid;	/* the kind's last row number, -1 unknown */
	struct buf			 cell, parent;	/* a value out of its ="..." */
};

enum import_result { ROW_BAD = -1, ROW_CREATED, ROW_UPDATED, ROW_UNCHANGED };

/*
 * Rows saved in one transaction: one sync to the disk for all of them.
 * A batch rewrites the index pages its rows touch once, at its commit;
 * 5,000 rows to a batch import 20,000 seekers about a tenth faster than
 * 1,000 (make bench), and a broken row still costs only its batch.
 */
#define IMPORT_BATCH	5000

/* Print the command's usage on stderr; the exit status for a usage error. */
static int
import_usage(void)
{
	fprintf(stderr, _("usage: jobdesk import [--user LOGIN] seekers|employers|vacancies "
	    "FILE.csv\n"));
	return 2;
}

/*
 * The length in bytes of an ID-number character at s (a digit or X, ASCII
 * or full-width), its ASCII form in *c; 0 if s does not start with one.
 */
static int
import_idchar(const char *s, char *c)
{
	const unsigned char *u = (const unsigned char *)s;

	if ((*u >= '0' && *u <= '9') || *u == 'X' || *u == 'x') {
		*c = (char)(*u == 'x' ? 'X' : *u);
		return 1;
	}
	if (u[0] == 0xef && u[1] == 0xbc && u[2] >= 0x90 && u[2] <= 0x99) {
		*c = (char)('0' + (u[2] - 0x90));
		return 3;
	}
	if (u[0] == 0xef && ((u[1] == 0xbc && u[2] == 0xb8) || (u[1] == 0xbd && u[2] == 0x98))) {
		*c = 'X';
		return 3;
	}
	return 0;
}

/*
 * Mask ID numbers in a message about a seeker row: every run of ten or
 * more digits and X (whole or part of a number) keeps only its first six
 * and last four characters (idnum_mask). Dates and phone numbers are
 * shorter and stay readable, so the operator can still find the mistake.
 */
static void
import_mask(char *msg, size_t msglen)
{
	struct buf out = BUF_INIT;
	const char *p = msg;

	while (*p != '\0') {
		char run[64], masked[64], c;
		const char *q = p;
		size_t units = 0, rl = 0;
		int k;

		while ((k = import_idchar(q, &c)) > 0) {
			if (rl + 1 < sizeof run)
				run[rl++] = c;
			q += k;
			units++;
		}
		run[rl] = '\0';
		if (units >= 10) {
			idnum_mask(run, masked, sizeof masked);
			buf_adds(&out, masked);
			p = q;
		} else if (units > 0) {
			buf_add(&out, p, (size_t)(q - p));
			p = q;
		} else
			buf_addc(&out, *p++);
	}
	snprintf(msg, msglen, "%s", buf_str(&out));
	buf_free(&out);
}

/* Report a bad row on stderr as FILE:LINE: REASON. */
static void
import_bad(struct import *im, long line, const char *why)
{
	fprintf(stderr, "%s:%ld: %s\n", im->path, line, why);
	im->rejected++;
}

/* The columns a file of this kind may have, for a message. */
static void
import_expected(const struct import *im, struct buf *b)
{
	size_t i;

	for (i = 0; i < im->kind->ncols; i++)
		if (im->kind->cols[i].file_key != NULL)
			buf_addf(b, "%s%s", b->len > 0 ? ", " : "", im->kind->cols[i].file_key);
	for (i = 0; i < im->form->n; i++) {
		if (im->form->fields[i].readonly)
			continue;
		buf_addf(b, "%s%s", b->len > 0 ? ", " : "", im->form->fields[i].key);
	}
}

/* Trim ASCII spaces and tabs around a header name into a new string. */
static char *
import_trim(const char *s)
{
	size_t len;

	while (*s == ' ' || *s == '\t')
		s++;
	len = strlen(s);
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	return xstrndup(s, len);
}

/*
 * Whether a column name is key "_name", where key is a code column of the
 * file: the codes' names that an --excel export writes beside them.
 */
static int
import_names_column(const struct import *im, const char *name)
{
	const struct kind_column *c;
	const struct formfield *f;
	size_t len = strlen(name), tail = strlen("_name");
	char key[64];
	int rc = 0;

	if (len <= tail || len - tail >= sizeof key || strcmp(name + len - tail, "_name") != 0)
		return 0;
	snprintf(key, sizeof key, "%.*s", (int)(len - tail), name);
	if ((f = formdef_field(im->form, key)) != NULL)
		rc = f->type == FIELD_CODE || f->type == FIELD_CODES;
	else if ((c = kind_file_column(im->kind, key)) != NULL)
		rc = (c->flags & KC_EXPORT) && (c->type == KT_CODE || c->type == KT_STATUS);
	return rc;
}

/*
 * The field key a column name stands for: the name itself when it is a
 * key, else the key of the form field whose Chinese or English label it
 * is (a spreadsheet's header row in the clerks' words); NULL if neither.
 */
static const char *
import_column_key(const struct import *im, const char *name)
{
	const struct kind_column *c;
	const struct formfield *f;
	size_t i;

	if ((c = kind_file_column(im->kind, name)) != NULL)
		return c->file_key != NULL && strcmp(c->file_key, name) == 0 ? c->file_key : c->name;
	if ((f = formdef_field(im->form, name)) != NULL)
		return f->key;
	for (i = 0; i < im->form->n; i++) {
		f = &im->form->fields[i];
		if ((f->label_zh != NULL && strcmp(f->label_zh, name) == 0) ||
		    (f->label_en != NULL && strcmp(f->label_en, name) == 0))
			return f->key;
	}
	return NULL;
}

/*
 * Take the header record: every column must be a field of the form, by
 * its key or its label (or a column jobdesk writes in an export), none
 * twice, and the required ones there. 0, or -1 after the message;
 * nothing is imported then.
 */
static int
import_header(struct import *im, const struct csv *csv)
{
	long line = csv_line(csv);
	size_t i, j;

	im->ncols = csv_nfields(csv);
	im->keys = xcalloc(im->ncols, sizeof *im->keys);
	im->use = xcalloc(im->ncols, sizeof *im->use);
	for (i = 0; i < im->ncols; i++) {
		const struct kind_column *c;
		const struct formfield *f;
		char *given = import_trim(csv_field(csv, i));
		const char *k = import_column_key(im, given);
		int use = -1;

		if (k == NULL && import_names_column(im, given))
			use = COL_NAMES;
		else if (k == NULL)
			use = -1;
		else if ((c = kind_file_column(im->kind, k)) != NULL && c->file_key != NULL)
			use = COL_PARENT;
		else if ((f = formdef_field(im->form, k)) != NULL)
			use = f->readonly ? COL_DERIVED : COL_FIELD;
		else if (c != NULL && (c->flags & KC_EXPORT))
			use = COL_SET;
		if (use < 0) {
			struct buf b = BUF_INIT;

			import_expected(im, &b);
			fprintf(stderr, _("%s:%ld: unknown column \"%s\"; expected one of %s, or "
			    "the label of one of them on the form\n"), im->path, line, given,
			    buf_str(&b));
			buf_free(&b);
			free(given);
			return -1;
		}
		im->use[i] = (enum import_use)use;
		im->keys[i] = xstrdup(k != NULL ? k : given);
		for (j = 0; j < i; j++)
			if (strcmp(im->keys[j], im->keys[i]) == 0) {
				if (strcmp(given, im->keys[i]) == 0)
					fprintf(stderr, _("%s:%ld: column \"%s\" appears twice\n"),
					    im->path, line, given);
				else
					fprintf(stderr, _("%s:%ld: column \"%s\" is the field \"%s\", "
					    "which an earlier column is already\n"), im->path, line, given,
					    im->keys[i]);
				free(given);
				return -1;
			}
		free(given);
	}
	for (j = 0; j < im->kind->ncols; j++) {
		const struct kind_column *c = &im->kind->cols[j];
		const char *req = c->file_key != NULL ? c->file_key : c->name;

		if (!(c->flags & KC_IMPORT_REQUIRED))
			continue;
		for (i = 0; i < im->ncols && strcmp(im->keys[i], req) != 0; i++)
			;
		if (i == im->ncols) {
			fprintf(stderr, _("%s:%ld: missing column \"%s\"; a %s file needs it\n"),
			    im->path, line, req, im->kind->plural);
			return -1;
		}
	}
	for (j = 0; j < im->form->n; j++) {
		const struct formfield *f = &im->form->fields[j];

		if (!f->required || f->readonly)
			continue;
		for (i = 0; i < im->ncols && strcmp(im->keys[i], f->key) != 0; i++)
			;
		if (i == im->ncols) {
			fprintf(stderr, _("%s:%ld: missing column \"%s\" (%s): the form requires it\n"),
			    im->path, line, f->key, formfield_label(f));
			return -1;
		}
	}
	for (i = 0; i < im->ncols; i++)
		if (im->use[i] == COL_SET)
			fprintf(stderr, _("%s:%ld: column \"%s\" is set by jobdesk; its values are "
			    "not imported\n"), im->path, line, im->keys[i]);
	return 0;
}

/* Whether an ID number as given (spaces aside) has 15 characters: a legacy number. */
static int
import_is_legacy(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++) {
		const unsigned char *u = (const unsigned char *)s;

		if (*s == ' ' || *s == '\t')
			continue;
		if (u[0] == 0xe3 && u[1] == 0x80 && u[2] == 0x80) {	/* U+3000 */
			s += 2;
			continue;
		}
		if ((*u & 0xc0) != 0x80)
			n++;
	}
	return n == 15;
}

/* Save a checked row through the store; which of the results it was. */
static enum import_result
import_save(struct import *im, struct fields *f, const char *employer_id, char *msg,
    size_t msglen)
{
	struct store *st = im->app->store;
	char id[IDENT_LEN + 1];
	long before;
	int exists, rc = -1;

	/*
	 * The store decides whether the row is a record already there: a new
	 * one takes a higher row number. The import holds the write lock, so
	 * the last row's number is the one after the row before.
	 */
	if (im->last_rid < 0)
		im->last_rid = store_last_rowid(st, im->kind);
	before = im->last_rid;
	switch (im->kind->id) {
	case KIND_SEEKER:
		rc = seeker_save(st, NULL, f, NULL, id, msg, msglen);
		break;
	case KIND_EMPLOYER:
		rc = employer_save(st, NULL, f, NULL, id, msg, msglen);
		break;
	case KIND_VACANCY:
		rc = vacancy_save(st, NULL, employer_id, f, NULL, id, msg, msglen);
		break;
	default:
		fatalx("import of %s", im->kind->name);
	}
	im->last_rid = store_last_rowid(st, im->kind);
	exists = im->last_rid == before;
	/* 3: a person registered elsewhere in the district (a scoped terminal's index). */
	if (rc < 0 || rc == 3)
		return ROW_BAD;
	if (rc == 1)
		return ROW_UNCHANGED;
	return exists ? ROW_UPDATED : ROW_CREATED;
}

/* The column number (from 1, as a spreadsheet counts them) of field key; 0 if none. */
static size_t
import_column_of(const struct import *im, const char *key)
{
	size_t i;

	for (i = 0; i < im->ncols; i++)
		if (im->use[i] == COL_FIELD && strcmp(im->keys[i], key) == 0)
			return i + 1;
	return 0;
}

/*
 * Code fields given in the clerks' words, as a spreadsheet has them
 * (本市城镇 for urban, 大专, "下岗,残疾"): each cell of a code field is read
 * by the form's rule (fieldcheck_codes_resolve), a word that names exactly
 * one code becoming that code. A word of no code is left for the field's
 * check to refuse. 0, or -1 with msg when a word matches several codes.
 */
static int
import_code_names(struct import *im, struct fields *f, char *msg, size_t msglen)
{
	size_t i;

	for (i = 0; i < im->form->n; i++) {
		const struct formfield *fd = &im->form->fields[i];
		const char *v = fields_get(f, fd->key);
		char *to, choices[300];

		if (v == NULL || *v == '\0' || fd->codes == NULL ||
		    (fd->type != FIELD_CODE && fd->type != FIELD_CODES))
			continue;
		switch (fieldcheck_codes_resolve(fd, v, sheet_codes_check, sheet_codes_resolve,
		    im->codes, &to)) {
		case FIELDCHECK_RESOLVED:
			if (strcmp(to, v) != 0)
				fields_set(f, fd->key, to);
			break;
		case FIELDCHECK_UNKNOWN:
			break;
		case FIELDCHECK_AMBIGUOUS:
			sheet_codes_choices(im->codes, fd->codes, to, choices, sizeof choices);
			snprintf(msg, msglen, _("column %zu (%s): \"%s\" is ambiguous: it matches "
			    "several codes of the %s list (%s); give the code"),
			    import_column_of(im, fd->key), formfield_label(fd), to, fd->codes,
			    choices);
			free(to);
			return -1;
		}
		free(to);
	}
	return 0;
}

/* Check and save one record of the file. */
static enum import_result
import_row(struct import *im, const struct csv *csv, char *msg, size_t msglen)
{
	struct fields f = FIELDS_INIT;
	char employer_id[IDENT_LEN + 1] = "";
	const char *bad = NULL, *employer = NULL;
	enum import_result res = ROW_BAD;
	char warn[600] = "";
	size_t i;
	int rc;

	if (csv_nfields(csv) != im->ncols) {
		snprintf(msg, msglen, _("the row has %zu fields; the header has %zu"),
		    csv_nfields(csv), im->ncols);
		return ROW_BAD;
	}
	/* A value a spreadsheet was told to keep as text (="...") is that text. */
	for (i = 0; i < im->ncols; i++) {
		/* The header names each field once: no need to look for it in f. */
		if (im->use[i] == COL_FIELD)
			fields_append(&f, im->keys[i], csv_excel_untext(csv_field(csv, i), &im->cell));
		else if (im->use[i] == COL_PARENT)
			employer = csv_excel_untext(csv_field(csv, i), &im->parent);
	}
	if (import_code_names(im, &f, msg, msglen) != 0)
		goto out;
	if (im->kind->id == KIND_SEEKER) {
		const char *v = fields_get(&f, "id_number");
		char num[IDNUM_LEN + 1];

		if (v != NULL && import_is_legacy(v)) {
			if (idnum_upgrade15(v, num, msg, msglen) != 0)
				goto out;
			fields_set(&f, "id_number", num);
		}
	}
	/* A warning lets the row in (a failing organisation code, a seeker of retirement age). */
	rc = fieldcheck_all(im->form, &f, store_today(),
	    im->kind->id == KIND_SEEKER ? &im->retire : NULL, sheet_codes_check, im->codes, warn,
	    sizeof warn, &bad);
	if (rc < 0) {
		snprintf(msg, msglen, "%s", warn);
		goto out;
	}
	if (rc == 0)
		warn[0] = '\0';
	if (im->kind->id == KIND_VACANCY) {
		char uscc[USCC_LEN + 1], why[256];

		if (uscc_parse(employer, uscc, NULL, 0, why, sizeof why) != 0) {
			snprintf(msg, msglen, "employer_uscc: %s", why);
			goto out;
		}
		switch (employer_find_uscc(im->app->store, uscc, employer_id)) {
		case 1:
			break;
		case 0:
			snprintf(msg, msglen, _("employer \"%s\" is not registered; import "
			    "employers first"), uscc);
			goto out;
		default:
			snprintf(msg, msglen, _("cannot look up employer \"%s\": %s"), uscc,
			    store_errmsg(im->app->store));
			goto out;
		}
	}
	res = import_save(im, &f, employer_id, msg, msglen);
	if (res != ROW_BAD && warn[0] != '\0') {
		if (im->kind->id == KIND_SEEKER)
			import_mask(warn, sizeof warn);
		fprintf(stderr, _("%s:%ld: warning: %s\n"), im->path, csv_line(csv), warn);
		im->batch_warned++;
	}
out:
	if (res == ROW_BAD && im->kind->id == KIND_SEEKER)
		import_mask(msg, msglen);
	fields_free(&f);
	return res;
}

/*
 * Commit the batch of rows read since the last one (how: the last one of
 * the import, see store_batch_end), and count them; 0, or -1 after a
 * message naming the lines that are not in.
 */
static int
import_commit(struct import *im, long first, long last, enum store_batch_how how)
{
	if (store_batch_end(im->app->store, how) != 0) {
		fprintf(stderr, _("jobdesk: %s: cannot save the rows of lines %ld to %ld: %s; "
		    "the import stops, and none of those rows is in\n"), im->path, first, last,
		    store_errmsg(im->app->store));
		return -1;
	}
	im->created += im->batch[ROW_CREATED];
	im->updated += im->batch[ROW_UPDATED];
	im->unchanged += im->batch[ROW_UNCHANGED];
	im->warned += im->batch_warned;
	memset(im->batch, 0, sizeof im->batch);
	im->batch_warned = 0;
	return 0;
}

/*
 * Read the records after the header, IMPORT_BATCH rows to a transaction
 * (each row still all there or not at all: see store_batch_begin); 0, or
 * -1 if the file could not be read or a batch not saved.
 */
static int
import_rows(struct import *im, struct csv *csv)
{
	enum import_result res;
	char msg[600];
	long first = 0, n = 0;
	int rc = -1, open = 0;

	for (;;) {
		if (!open) {
			if (store_batch_begin(im->app->store) != 0) {
				fprintf(stderr, _("jobdesk: %s: cannot write to the database: %s\n"),
				    store_path(im->app->store), store_errmsg(im->app->store));
				return -1;
			}
			open = 1;
			first = csv_line(csv) + 1;
		}
		switch (csv_read(csv, msg, sizeof msg)) {
		case CSV_END:
			rc = 0;
			goto out;
		case CSV_ERROR:
			fprintf(stderr, _("jobdesk: %s: cannot read after line %ld: %s\n"), im->path,
			    csv_line(csv), strerror(errno));
			goto out;
		case CSV_BAD:
			import_bad(im, csv_line(csv), msg);
			continue;
		case CSV_RECORD:
			break;
		}
		if ((res = import_row(im, csv, msg, sizeof msg)) == ROW_BAD)
			import_bad(im, csv_line(csv), msg);
		else
			im->batch[res]++;
		/* A row the database failed half-way: its whole batch goes, and the import stops. */
		if (store_batch_broken(im->app->store)) {
			import_commit(im, first, csv_line(csv), STORE_BATCH_LAST);
			return -1;
		}
		if (++n % IMPORT_BATCH == 0) {
			open = 0;
			if (import_commit(im, first, csv_line(csv), STORE_BATCH_COMMIT) != 0)
				return -1;
		}
	}
out:
	/*
	 * What was read before the file failed is in, as it would be row by
	 * row; this commit puts every row of the import on the disk.
	 */
	if (import_commit(im, first, csv_line(csv), STORE_BATCH_LAST) != 0)
		return -1;
	return rc;
}

/*
 * Open the file and tell its encoding (common/textenc.h), reading it once
 * through, then make a reader over it from its start: for GB18030, one
 * that hands out UTF-8. A stream that cannot go back (a pipe) is kept in
 * an unnamed temporary file as it is read. 0, or -1 after a message:
 * nothing is imported from a file in UTF-16 or in two encodings at once.
 */
static int
import_open(struct import *im, FILE **fpp, struct csv **csvp)
{
	struct textenc_scan scan;
	static char piece[65536];
	FILE *fp, *spool = NULL;
	size_t n;

	if ((*fpp = fp = fopen(im->path, "rb")) == NULL) {
		fprintf(stderr, _("jobdesk: %s: cannot open: %s\n"), im->path, strerror(errno));
		return -1;
	}
	if (fseek(fp, 0, SEEK_SET) != 0 && (spool = tmpfile()) == NULL) {
		fprintf(stderr, _("jobdesk: cannot make a temporary file to read %s from: %s\n"),
		    im->path, strerror(errno));
		return -1;
	}
	textenc_scan_init(&scan);
	while ((n = fread(piece, 1, sizeof piece, fp)) > 0) {
		textenc_scan_feed(&scan, piece, n);
		if (spool != NULL && fwrite(piece, 1, n, spool) != n) {
			fprintf(stderr, _("jobdesk: cannot keep %s in a temporary file: %s\n"),
			    im->path, strerror(errno));
			fclose(spool);
			return -1;
		}
	}
	if (ferror(fp)) {
		fprintf(stderr, _("jobdesk: %s: cannot read: %s\n"), im->path, strerror(errno));
		if (spool != NULL)
			fclose(spool);
		return -1;
	}
	if (spool != NULL) {
		fclose(fp);
		*fpp = fp = spool;
	}
	if (fseek(fp, 0, SEEK_SET) != 0) {
		fprintf(stderr, _("jobdesk: %s: cannot read it again: %s\n"), im->path,
		    strerror(errno));
		return -1;
	}
	*csvp = csv_new(fp);
	switch (textenc_scan_end(&scan)) {
	case TEXTENC_UTF8:
		return 0;
	case TEXTENC_UTF16:
		fprintf(stderr, _("jobdesk: %s: the file is in UTF-16 (\"Unicode text\"), which "
		    "import does not read; save it as \"CSV UTF-8\" or \"CSV\"; nothing was "
		    "imported\n"), im->path);
		return -1;
	case TEXTENC_MIXED:
		fprintf(stderr, _("jobdesk: %s: the file mixes two encodings: line %ld reads only "
		    "as GB18030 (GBK), line %ld only as UTF-8; save it again in one of them; "
		    "nothing was imported\n"), im->path, scan.gb_line, scan.utf8_line);
		return -1;
	case TEXTENC_GB18030:
		break;
	}
	if (csv_set_gb18030(*csvp) != 0) {
		fprintf(stderr, _("jobdesk: %s: the file is in GB18030 (GBK), which this system "
		    "cannot convert (%s); save it as \"CSV UTF-8\"; nothing was imported\n"),
		    im->path, strerror(errno));
		return -1;
	}
	fprintf(stderr, _("%s: note: the file is in GB18030 (GBK), as Excel and WPS save "
	    "\"CSV\" on a Chinese system, not UTF-8 (line %ld); it is read as GB18030\n"),
	    im->path, scan.gb_line);
	return 0;
}

/* The "import" command. */
int
cli_import(struct app *app, int argc, char **argv)
{
	struct import im;
	struct csv *csv = NULL;
	FILE *fp = NULL;
	char office[32], msg[600];
	const char *user = NULL;
	size_t i;
	int rc = 1;

	/* Info lines name record ids per row; the summary says enough. */
	log_set_level(LOG_WARN);
	memset(&im, 0, sizeof im);
	if (argc == 4 && strcmp(argv[0], "--user") == 0) {
		user = argv[1];
		argc -= 2;
		argv += 2;
	}
	if (argc != 2)
		return import_usage();
	if ((im.kind = kind_by_plural(argv[0])) == NULL || !(im.kind->flags & KF_FORM)) {
		fprintf(stderr, _("jobdesk: cannot import \"%s\"; expected seekers, employers or "
		    "vacancies\n"), argv[0]);
		return import_usage();
	}
	im.app = app;
	im.form = app_form(app, im.kind->id);
	im.path = argv[1];
	if (office_first(app->store, office, sizeof office) != 0) {
		cli_no_office();
		return 1;
	}
	cli_set_actor(app, office);
	/* As an account, the rows are signed changes of that account. */
	if (user != NULL) {
		char pw[256];
		int r = cli_read_password(pw, sizeof pw) != 0 ? LOGIN_ERROR :
		    (int)cli_log_in(app, user, pw, 0);

		sodium_memzero(pw, sizeof pw);
		if (r != LOGIN_OK)
			return 1;
	}
	if (import_open(&im, &fp, &csv) != 0)
		goto out;
	switch (csv_read(csv, msg, sizeof msg)) {
	case CSV_END:
		fprintf(stderr, _("jobdesk: %s: the file is empty; expected a first line naming "
		    "the columns\n"), im.path);
		goto out;
	case CSV_ERROR:
		fprintf(stderr, _("jobdesk: %s: cannot read: %s\n"), im.path, strerror(errno));
		goto out;
	case CSV_BAD:
		fprintf(stderr, _("%s:%ld: the first line names the columns: %s\n"), im.path,
		    csv_line(csv), msg);
		goto out;
	case CSV_RECORD:
		break;
	}
	if (import_header(&im, csv) != 0)
		goto out;
	im.codes = sheet_codes_new(app->store);
	im.last_rid = -1;
	app_retire_rule(app, &im.retire);
	rc = import_rows(&im, csv) != 0 || im.rejected > 0 ? 1 : 0;
	/* Warnings keep no row out, so they leave the exit status alone. */
	if (im.warned == 0)
		printf(_("%s: %ld imported, %ld updated, %ld unchanged, %ld rejected\n"),
		    im.kind->plural, im.created, im.updated, im.unchanged, im.rejected);
	else
		printf(ngettext("%s: %ld imported, %ld updated, %ld unchanged, %ld rejected; "
		    "%ld with a warning\n", "%s: %ld imported, %ld updated, %ld unchanged, "
		    "%ld rejected; %ld with warnings\n", (unsigned long)im.warned),
		    im.kind->plural, im.created, im.updated, im.unchanged, im.rejected, im.warned);
	if (fflush(stdout) != 0)
		rc = 1;
out:
	csv_free(csv);
	if (fp != NULL)
		fclose(fp);
	sheet_codes_free(im.codes);
	buf_free(&im.cell);
	buf_free(&im.parent);
	for (i = 0; i < im.ncols; i++)
		free(im.keys[i]);
	free(im.keys);
	free(im.use);
	return rc;
}
