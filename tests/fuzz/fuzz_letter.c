/*
 * Letter templates (src/common/letterdef.h) from any text, laid out by
 * src/core/letter.c. Of a template that loads: names in both languages,
 * both bodies; laid out in each language, with every value empty and with
 * every value at a length the input chooses (Chinese and ASCII), first
 * print and reprint, every line ends in LF and is at most LETTER_COLS
 * display cells, and the text is valid UTF-8. Of one that does not: the
 * refusal names the file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/fields.h"
#include "common/letterdef.h"
#include "common/wtext.h"
#include "core/letter.h"
#include "fuzz.h"

#define LETTER_FUZZ_MAX	(64 * 1024)

/* Each line of a laid-out letter: LF-ended, at most LETTER_COLS cells, UTF-8. */
static void
letter_fuzz_lines(const char *text, size_t len)
{
	const char *line = text, *end;
	char *copy;

	FUZZ_CHECK(fuzz_utf8(text, len), "a letter that is not UTF-8");
	FUZZ_CHECK(len == 0 || text[len - 1] == '\n', "a letter whose last line has no LF");
	while (line < text + len) {
		end = memchr(line, '\n', (size_t)(text + len - line));
		if (end == NULL)
			break;
		copy = fuzz_strndup((const uint8_t *)line, (size_t)(end - line));
		FUZZ_CHECK(wtext_width(copy) <= LETTER_COLS, "a line of %d cells: %s",
		    wtext_width(copy), copy);
		free(copy);
		line = end + 1;
	}
}

/* Lay out def in both languages with values of n characters (0: all empty). */
static void
letter_fuzz_render(const struct letterdef *def, size_t n, int chinese)
{
	static const char *const langs[] = { "zh", "en" };
	struct fields values = FIELDS_INIT;
	struct buf out;
	char err[512], value[1024];
	size_t i, len = 0;
	int s, reprint;

	for (i = 0; i < n && len + 4 < sizeof value; i++) {
		const char *c = chinese ? "职" : "x";

		memcpy(value + len, c, strlen(c));
		len += strlen(c);
	}
	value[len] = '\0';
	for (s = 0; s < LETTER_SLOT_COUNT; s++)
		if (s != LETTER_REPRINT)
			fields_set(&values, letterdef_slot_name((enum letter_slot)s), value);
	/* A letter has a number whatever the other values are. */
	fields_set(&values, "number", "110105-T3-2026-00017");
	for (i = 0; i < 2; i++)
		for (reprint = 0; reprint <= 1; reprint++) {
			buf_init(&out);
			if (letter_render(def, langs[i], &values, reprint, &out, err, sizeof err) == 0)
				letter_fuzz_lines(buf_str(&out), out.len);
			buf_free(&out);
		}
	fields_free(&values);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_quiet_log();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct letterdef *def;
	char err[1024], path[4096];

	if (size < 1 || size > LETTER_FUZZ_MAX)
		return 0;
	/* The first byte is the values' length for the layout; the rest is the file. */
	snprintf(path, sizeof path, "%s/fuzz.letter", fuzz_dir());
	fuzz_write_file(path, data + 1, size - 1);
	if ((def = letterdef_load(path, err, sizeof err)) == NULL) {
		FUZZ_CHECK(strstr(err, "fuzz.letter") != NULL, "a refusal without the file: %s",
		    err);
		return 0;
	}
	FUZZ_CHECK(def->name_zh != NULL && def->name_en != NULL, "a letter without a name");
	FUZZ_CHECK(letterdef_body(def, "zh") != NULL && letterdef_body(def, "en") != NULL,
	    "a letter without its bodies");
	letter_fuzz_render(def, 0, 0);
	letter_fuzz_render(def, data[0], data[0] & 1);
	letterdef_free(def);
	return 0;
}
