/*
 * Form files (src/common/formdef.h) from their text, as the server sends
 * them, checked against the kind table's columns (kind_form_column). Of a
 * form that loads: a name in each language, a table with a form, 1 or more
 * fields each a column of that table, labels narrower than the label
 * column, every input inside the 80 columns and the rows a form may use, no
 * two fields overlapping, lengths and bounds in range, a code list exactly
 * on the fields of code types. Of any text: split into parts for sync and
 * joined again it is the same text, every part within its size, cut only
 * after a line's LF or, for a longer line, between characters.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/fields.h"
#include "common/formdef.h"
#include "common/wtext.h"
#include "core/kind.h"
#include "fuzz.h"

#define FORM_FUZZ_MAX	(64 * 1024)

/* The properties of a form that loaded. */
static void
form_fuzz_check(const struct formdef *def)
{
	size_t i, j;

	FUZZ_CHECK(def->name_zh[0] != '\0' && def->name_en[0] != '\0', "a form without a name");
	FUZZ_CHECK(kind_form_column(def->table, NULL) == 0, "table %s has no form", def->table);
	FUZZ_CHECK(def->label_width >= 4 && def->label_width <= 40, "label_width %d",
	    def->label_width);
	FUZZ_CHECK(def->n >= 1, "a form without fields");
	for (i = 0; i < def->n; i++) {
		const struct formfield *f = &def->fields[i];
		int end = f->col + def->label_width + f->width + 1;

		FUZZ_CHECK(kind_form_column(def->table, f->key) == 1, "%s is no column of %s",
		    f->key, def->table);
		FUZZ_CHECK(f->label_zh[0] != '\0' && f->label_en[0] != '\0', "%s has no label",
		    f->key);
		FUZZ_CHECK(wtext_width(f->label_zh) < def->label_width &&
		    wtext_width(f->label_en) < def->label_width, "%s: a label too wide", f->key);
		FUZZ_CHECK(f->row >= FORM_FIRST_ROW && f->row <= FORM_LAST_ROW && f->col >= 0 &&
		    f->width >= 1 && end <= FORM_COLS, "%s at row %d col %d width %d", f->key,
		    f->row, f->col, f->width);
		FUZZ_CHECK(f->maxlen >= 1 && f->maxlen <= FORM_MAXLEN, "%s: maxlen %ld", f->key,
		    f->maxlen);
		FUZZ_CHECK(f->min <= f->max, "%s: min %ld above max %ld", f->key, f->min, f->max);
		FUZZ_CHECK(f->required == 0 || f->required == 1, "%s: required %d", f->key,
		    f->required);
		FUZZ_CHECK((f->type == FIELD_CODE || f->type == FIELD_CODES) ==
		    (f->codes != NULL && f->codes[0] != '\0'), "%s: codes and type %s disagree",
		    f->key, formdef_type_name(f->type));
		FUZZ_CHECK(formdef_field(def, f->key) == f, "%s: formdef_field finds another",
		    f->key);
		for (j = 0; j < i; j++) {
			const struct formfield *g = &def->fields[j];
			int gend = g->col + def->label_width + g->width + 1;

			FUZZ_CHECK(strcmp(f->key, g->key) != 0, "field %s twice", f->key);
			FUZZ_CHECK(f->row != g->row || f->col >= gend || g->col >= end,
			    "%s overlaps %s", f->key, g->key);
		}
	}
}

/* Split for sync and joined again: the same text, every part within maxpart. */
static void
form_fuzz_split(const char *text, size_t maxpart)
{
	struct fields f = FIELDS_INIT;
	char key[32], *joined;
	const char *v;
	size_t i, n, len, whole = strlen(text);
	int utf8 = fuzz_utf8(text, whole);

	formdef_text_split(text, maxpart, &f);
	joined = formdef_text_join(&f);
	FUZZ_CHECK(joined != NULL && strcmp(joined, text) == 0, "split and joined, not the same");
	n = strtoul(fields_str(&f, "parts"), NULL, 10);
	FUZZ_CHECK(f.n == n + 1, "%zu parts in %zu fields", n, f.n);
	for (i = 1; i <= n; i++) {
		snprintf(key, sizeof key, "text_%zu", i);
		v = fields_get(&f, key);
		FUZZ_CHECK(v != NULL && (len = strlen(v)) > 0 && len <= maxpart,
		    "part %zu of %zu bytes, at most %zu", i, v != NULL ? strlen(v) : 0, maxpart);
		/* Parts travel as JSON strings: each must be UTF-8 when the text is. */
		FUZZ_CHECK(!utf8 || fuzz_utf8(v, len), "part %zu is cut inside a character", i);
	}
	free(joined);
	fields_free(&f);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* formdef_load_text writes the text to a temporary file: in memory when it can. */
	setenv("TMPDIR", fuzz_dir(), 1);
	fuzz_quiet_log();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct formdef *def;
	char err[1024], *text;

	if (size < 1 || size > FORM_FUZZ_MAX)
		return 0;
	/* The first byte is the size of a sync part, for the split; the rest is the text. */
	text = fuzz_strndup(data + 1, size - 1);
	if ((def = formdef_load_text(text, "fuzz.form", kind_form_column, err, sizeof err)) != NULL) {
		FUZZ_CHECK(strcmp(def->path, "fuzz.form") == 0, "path %s", def->path);
		form_fuzz_check(def);
		formdef_free(def);
	} else {
		FUZZ_CHECK(strstr(err, "fuzz.form") != NULL, "a refusal without the form: %s", err);
		/* Unless the text itself names it: the fuzzer learns the name from strstr(). */
		FUZZ_CHECK(strstr(err, fuzz_dir()) == NULL || strstr(text, "jobdesk-") != NULL,
		    "a refusal names the temporary file: %s", err);
	}
	form_fuzz_split(text, 4 + (size_t)data[0] * 16);
	free(text);
	return 0;
}
