/* Field sets as JSON objects of strings: see fields-json.h. */
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "wire/fields-json.h"
#include "wire/jscan.h"

void
wire_json_stringn(struct buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i, run = 0;

	buf_addc(b, '"');
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[7] = "\\u00";

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		buf_add(b, s + run, i - run);
		run = i + 1;
		switch (c) {
		case '"': buf_adds(b, "\\\""); break;
		case '\\': buf_adds(b, "\\\\"); break;
		case '\b': buf_adds(b, "\\b"); break;
		case '\f': buf_adds(b, "\\f"); break;
		case '\n': buf_adds(b, "\\n"); break;
		case '\r': buf_adds(b, "\\r"); break;
		case '\t': buf_adds(b, "\\t"); break;
		default:
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			buf_add(b, esc, 6);
		}
	}
	buf_add(b, s + run, len - run);
	buf_addc(b, '"');
}

void
wire_json_string(struct buf *b, const char *s)
{
	wire_json_stringn(b, s, strlen(s));
}

void
wire_fields_encode(const struct fields *f, int sorted, struct buf *b)
{
	size_t i, *order = NULL;

	if (sorted && f->n > 1) {
		/* Keys are few (a record's fields): an insertion sort, no shared state. */
		order = xcalloc(f->n, sizeof *order);
		for (i = 0; i < f->n; i++) {
			size_t j = i;

			while (j > 0 && strcmp(f->keys[order[j - 1]], f->keys[i]) > 0) {
				order[j] = order[j - 1];
				j--;
			}
			order[j] = i;
		}
	}
	buf_addc(b, '{');
	for (i = 0; i < f->n; i++) {
		size_t k = order != NULL ? order[i] : i;

		if (i > 0)
			buf_addc(b, ',');
		wire_json_string(b, f->keys[k]);
		buf_addc(b, ':');
		wire_json_string(b, f->values[k]);
	}
	buf_addc(b, '}');
	free(order);
}

char *
wire_fields_text(const struct fields *f, int sorted)
{
	struct buf b = BUF_INIT;

	wire_fields_encode(f, sorted, &b);
	return buf_detach(&b);
}

int
wire_fields_decode(const char *text, size_t len, struct fields *f)
{
	char *copy = xmalloc(len + 1), *key, *value;
	struct jscan js;
	size_t n = 0, klen, vlen;
	int r, rc = -1;

	/* The scanner decodes strings in place: it works on a copy. */
	memcpy(copy, text, len);
	copy[len] = '\0';
	jscan_init(&js, copy, len);
	if (jscan_peek(&js) != JSCAN_OBJECT)
		goto out;
	while ((r = jscan_member(&js, &n, &key, &klen)) == 1) {
		if (jscan_peek(&js) != JSCAN_STRING || jscan_string(&js, &value, &vlen) != 0)
			goto out;
		fields_set(f, key, value);
	}
	if (r == 0 && jscan_end(&js) == 0)
		rc = 0;
out:
	free(copy);
	return rc;
}
