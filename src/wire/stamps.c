/*
 * Compact stamps: the choice of the stamp written once, and reading a
 * field's stamp back. The encoders of each end (the terminal's stored
 * rows, the server's records) build the objects; the rule is here once.
 */
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/xalloc.h"
#include "wire/stamps.h"

size_t
wire_stamps_common(const char *const *stamps, size_t n)
{
	size_t i, j, best = n, most = 1, ndistinct = 0, *first, *count;

	/* The usual case first: one stamp on every field. */
	for (i = 1; i < n && stamps[0] != NULL && stamps[i] != NULL &&
	    strcmp(stamps[i], stamps[0]) == 0; i++)
		;
	if (n > 1 && i == n)
		return 0;
	/* Each distinct stamp counted once, by its first field: a record has few. */
	first = xcalloc(n + 1, sizeof *first);
	count = xcalloc(n + 1, sizeof *count);
	for (i = 0; i < n; i++) {
		if (stamps[i] == NULL)
			continue;
		for (j = 0; j < ndistinct && strcmp(stamps[first[j]], stamps[i]) != 0; j++)
			;
		if (j == ndistinct)
			first[ndistinct++] = i;
		count[j]++;
	}
	for (j = 0; j < ndistinct; j++)
		if (count[j] > most || (count[j] == most && best < n &&
		    strcmp(stamps[first[j]], stamps[best]) < 0)) {
			most = count[j];
			best = first[j];
		}
	free(first);
	free(count);
	return best;
}

const char *
wire_stamp_of(const struct fields *stamps, const char *field)
{
	const char *s = fields_get(stamps, field);

	if (s == NULL)
		s = fields_get(stamps, WIRE_STAMP_ANY);
	return s != NULL && *s != '\0' ? s : NULL;
}

/* Append s to b as a JSON string. */
static void
json_string_to(struct buf *b, const char *s)
{
	buf_addc(b, '"');
	for (; *s != '\0'; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch < 0x20)
			buf_addf(b, "\\u%04x", ch);
		else {
			if (ch == '"' || ch == '\\')
				buf_addc(b, '\\');
			buf_addc(b, (char)ch);
		}
	}
	buf_addc(b, '"');
}

void
wire_stamps_text(const char *const *names, const char *const *stamps, size_t n, struct buf *b)
{
	size_t i, at = wire_stamps_common(stamps, n);
	const char *common = at < n ? stamps[at] : NULL;
	int first = 1;

	buf_addc(b, '{');
	if (common != NULL) {
		json_string_to(b, WIRE_STAMP_ANY);
		buf_addc(b, ':');
		json_string_to(b, common);
		first = 0;
	}
	for (i = 0; i < n; i++) {
		if (stamps[i] == NULL ? common == NULL : common != NULL &&
		    strcmp(stamps[i], common) == 0)
			continue;
		if (!first)
			buf_addc(b, ',');
		first = 0;
		json_string_to(b, names[i]);
		buf_addc(b, ':');
		json_string_to(b, stamps[i] != NULL ? stamps[i] : "");
	}
	buf_addc(b, '}');
}
