/*
 * A set of fields as a JSON object of strings: the one codec of field
 * sets both ends use, for outbox entries, stored stamps, the server's
 * records and the messages. The text is the one jansson's compact dump
 * gives, so stored and sent texts stay byte for byte what they were.
 */
#ifndef JOBDESK_WIRE_FIELDS_JSON_H
#define JOBDESK_WIRE_FIELDS_JSON_H

#include <stddef.h>

#include "common/buf.h"
#include "common/fields.h"

/* Append s as a JSON string, quotes included (s is valid UTF-8). */
void	wire_json_string(struct buf *, const char *s);
/* Append the first len bytes of s as a JSON string. */
void	wire_json_stringn(struct buf *, const char *s, size_t len);
/*
 * Append the JSON object of f: {"key":"value",...} in f's order, or with
 * sorted non-zero in the order of the keys' bytes.
 */
void	wire_fields_encode(const struct fields *, int sorted, struct buf *);
/* The same as a new string (caller frees). */
char	*wire_fields_text(const struct fields *, int sorted);
/*
 * Add the members of a JSON object of strings to f, in the text's order:
 * 0, or -1 when the text is not such an object (f may then hold some of
 * them). Whitespace is allowed anywhere JSON allows it.
 */
int	wire_fields_decode(const char *text, size_t len, struct fields *);

#endif
