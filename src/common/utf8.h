/*
 * The one UTF-8 decoder of the project. Pure functions over a byte buffer:
 * no allocation, no I/O, no locale, so text from a clerk, a CSV file, the
 * database or the server is judged the same way everywhere. Valid means
 * well-formed per RFC 3629: no overlong forms, no surrogates (U+D800 to
 * U+DFFF), nothing past U+10FFFF, no sequence cut short.
 */
#ifndef JOBDESK_UTF8_H
#define JOBDESK_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * Decode the character at s, of which avail bytes may be read, into *cp and
 * return its length in bytes (1 to 4); 0 (and *cp untouched) when avail is
 * 0 or the bytes are not a valid sequence. A NUL byte decodes as U+0000 of
 * length 1: callers walking a C string stop at the NUL themselves.
 */
size_t	utf8_decode(const char *s, size_t avail, uint32_t *cp);

/* Whether the n bytes at s are all valid UTF-8: 1 if so, 0 if not. */
int	utf8_valid(const char *s, size_t n);

#endif
