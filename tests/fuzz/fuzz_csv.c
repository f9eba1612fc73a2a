/*
 * The CSV reader (src/common/csv.h) over any bytes. Properties: it ends
 * (no more records than bytes), every record it accepts has 1 to
 * CSV_MAX_FIELDS fields of at most CSV_MAX_FIELD bytes of valid UTF-8
 * without NUL, a refused record says why, records start on lines in order
 * within the file; and the records read are written with csv_write and read
 * back as the very same records, in the same order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/csv.h"
#include "fuzz.h"

#define CSV_FUZZ_MAX	(64 * 1024)

struct csv_fuzz_record {
	size_t	 n;
	char	**fields;
};

/* Read every record of the n bytes at data; the good ones into *recs. */
static size_t
csv_fuzz_read(const char *data, size_t size, struct csv_fuzz_record **recs, size_t *nbad)
{
	struct csv_fuzz_record *r = NULL;
	struct csv *csv;
	char err[256], *copy;
	size_t nrecs = 0, rounds = 0, i, lines = 1;
	long line, prev = 0;
	enum csv_result res;
	FILE *fp;

	*nbad = 0;
	for (i = 0; i < size; i++)
		if (data[i] == '\n' || data[i] == '\r')
			lines++;
	copy = malloc(size > 0 ? size : 1);
	if (copy == NULL)
		abort();
	memcpy(copy, data, size);
	if ((fp = fmemopen(copy, size, "r")) == NULL)
		abort();
	csv = csv_new(fp);
	while ((res = csv_read(csv, err, sizeof err)) != CSV_END) {
		FUZZ_CHECK(res != CSV_ERROR, "a memory stream cannot be read");
		FUZZ_CHECK(++rounds <= size, "%zu records from %zu bytes", rounds, size);
		line = csv_line(csv);
		FUZZ_CHECK(line >= 1 && line > prev && (size_t)line <= lines,
		    "a record on line %ld after one on line %ld, of %zu lines", line, prev, lines);
		prev = line;
		if (res == CSV_BAD) {
			FUZZ_CHECK(err[0] != '\0', "a bad record without a reason");
			FUZZ_CHECK(csv_nfields(csv) == 0, "a bad record has fields");
			(*nbad)++;
			continue;
		}
		FUZZ_CHECK(csv_nfields(csv) >= 1 && csv_nfields(csv) <= CSV_MAX_FIELDS,
		    "a record of %zu fields", csv_nfields(csv));
		r = realloc(r, (nrecs + 1) * sizeof *r);
		if (r == NULL)
			abort();
		r[nrecs].n = csv_nfields(csv);
		r[nrecs].fields = calloc(r[nrecs].n, sizeof *r[nrecs].fields);
		if (r[nrecs].fields == NULL)
			abort();
		for (i = 0; i < r[nrecs].n; i++) {
			const char *f = csv_field(csv, i);
			size_t len = strlen(f);

			FUZZ_CHECK(len <= CSV_MAX_FIELD, "a field of %zu bytes", len);
			FUZZ_CHECK(fuzz_utf8(f, len), "field %zu is not UTF-8", i + 1);
			r[nrecs].fields[i] = strdup(f);
		}
		nrecs++;
	}
	csv_free(csv);
	fclose(fp);
	free(copy);
	*recs = r;
	return nrecs;
}

static void
csv_fuzz_free(struct csv_fuzz_record *r, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < r[i].n; j++)
			free(r[i].fields[j]);
		free(r[i].fields);
	}
	free(r);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv_fuzz_record *a, *b;
	size_t na, nb, bad, i, j, outlen = 0;
	char *out = NULL;
	FILE *fp;

	if (size == 0 || size > CSV_FUZZ_MAX)
		return 0;
	na = csv_fuzz_read((const char *)data, size, &a, &bad);

	/* What was read, written and read again, is what was read. */
	if ((fp = open_memstream(&out, &outlen)) == NULL)
		abort();
	for (i = 0; i < na; i++)
		FUZZ_CHECK(csv_write(fp, (const char *const *)a[i].fields, a[i].n) == 0,
		    "csv_write failed");
	fclose(fp);
	if (outlen > 0) {
		nb = csv_fuzz_read(out, outlen, &b, &bad);
		FUZZ_CHECK(bad == 0, "%zu written records read back as bad", bad);
		FUZZ_CHECK(na == nb, "%zu records written, %zu read back", na, nb);
		for (i = 0; i < na; i++) {
			FUZZ_CHECK(a[i].n == b[i].n, "record %zu: %zu fields written, %zu read back",
			    i + 1, a[i].n, b[i].n);
			for (j = 0; j < a[i].n; j++)
				FUZZ_CHECK(strcmp(a[i].fields[j], b[i].fields[j]) == 0,
				    "record %zu field %zu: \"%s\" written, \"%s\" read back", i + 1,
				    j + 1, a[i].fields[j], b[i].fields[j]);
		}
		csv_fuzz_free(b, nb);
	} else
		FUZZ_CHECK(na == 0, "%zu records written as nothing", na);
	free(out);
	csv_fuzz_free(a, na);
	return 0;
}
