/*
 * What the files of the wire room share and nobody else uses: the
 * writers of message members (wire-encode.c). Not for other rooms: they
 * include wire.h.
 */
#ifndef JOBDESK_WIRE_INT_H
#define JOBDESK_WIRE_INT_H

#include <stddef.h>

#include "common/buf.h"
#include "common/fields.h"

/*
 * Writing a message (wire-encode.c). The text is the one jansson's compact
 * dump gave, byte for byte: no spaces, members in the order written,
 * integers in decimal, strings escaped as wire_json_string() does. Each
 * writer puts the comma before its member or element itself, unless it is
 * the first of its object or array.
 */

/* Start a message: '{' and its "v" member. */
void	encode_head(struct buf *);
/* The comma before a member or an element, unless it opens its object or array. */
void	encode_sep(struct buf *);
/* A member's name and its ':' (after the comma encode_sep() puts). */
void	encode_name(struct buf *, const char *name);
/*
 * A string member from the program: ids, tables, codes, field values. Text
 * that is not UTF-8 is a bug of the caller (fatalx), as it was jansson's.
 */
void	encode_str(struct buf *, const char *name, const char *s);
/*
 * A member of free text the server makes up (a reason, a message, a name)
 * that a fixed buffer may have cut inside a character: only its valid
 * UTF-8 prefix goes out, so the message still decodes.
 */
void	encode_text(struct buf *, const char *name, const char *s);
void	encode_int(struct buf *, const char *name, long long n);
void	encode_bool(struct buf *, const char *name, int b);
/*
 * A field set member: text, a JSON object as stored, pasted as it is when
 * not NULL; else f encoded in its order (wire_fields_encode).
 */
void	encode_fields(struct buf *, const char *name, const char *text, const struct fields *f);
/* End the message with '}': its text (caller frees) and its length in *len (if not NULL). */
char	*encode_end(struct buf *, size_t *len);

#endif
