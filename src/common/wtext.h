/*
 * Text width in display cells, and UTF-8 <-> wchar_t conversion that does
 * not depend on the locale. Width is measured in terminal cells (a Chinese
 * character takes two), length in characters, never in bytes.
 */
#ifndef JOBDESK_WTEXT_H
#define JOBDESK_WTEXT_H

#include <stddef.h>
#include <wchar.h>

/*
 * Display cells of one character: wcwidth() with fallbacks: -1 for a code
 * point in a CJK block (U+1100-115F, U+2E80-A4CF, U+AC00-D7A3, U+F900-FAFF,
 * U+FE30-FE4F, U+FF00-FF60, U+FFE0-FFE6, U+20000-3FFFD) counts 2, other -1
 * counts 1; 0 stays 0 (combining marks).
 */
int	 wtext_cwidth(wchar_t c);

/* Cells of a wide string of n chars. */
int	 wtext_wwidth(const wchar_t *s, size_t n);

/* Cells of a UTF-8 string (invalid bytes count 1 cell each). */
int	 wtext_width(const char *utf8);

/*
 * Non-zero if c can be shown and typed: not a C0 or C1 control character,
 * not DEL, not a surrogate, not beyond U+10FFFF. Does not use the locale.
 */
int	 wtext_isprint(wchar_t c);

/*
 * Decode UTF-8 into a new wchar_t array, NUL-terminated, that the caller
 * frees with free(); *n (if n is not NULL) gets the count. Invalid sequences
 * (overlong, surrogates, > U+10FFFF, truncated) -> returns NULL and leaves *n
 * alone. Does not depend on the locale.
 */
wchar_t	*wtext_from_utf8(const char *s, size_t *n);

/*
 * Like wtext_from_utf8, but each invalid byte becomes U+FFFD instead of
 * failing: for text that must be shown whatever it holds. Never returns
 * NULL; the caller frees the result with free().
 */
wchar_t	*wtext_from_utf8_lossy(const char *s, size_t *n);

/*
 * Encode n wide chars as a new UTF-8 string that the caller frees with
 * free(). A value that is not a Unicode scalar value (a surrogate, negative
 * or > U+10FFFF) is written as U+FFFD.
 */
char	*wtext_to_utf8(const wchar_t *s, size_t n);

/*
 * Copy into out (outlen bytes) the longest prefix of s that fits in `cells`
 * display cells without splitting a character; if pad, pad with spaces to
 * exactly `cells` cells (a double-width char that would straddle the edge
 * is replaced by a space). If s was cut and mark is non-zero (an ASCII
 * character such as '>'), the last cell of the `cells` shows mark, so the
 * clerk sees the text goes on; a cell left over before it is a space.
 * Invalid bytes and control characters are copied as '?' (one cell each).
 * Returns the number of cells written. out is always NUL-terminated (if
 * outlen > 0); if outlen is too small it stops early, before a character
 * that would not fit whole.
 */
int	 wtext_fit(const char *s, int cells, int pad, char mark, char *out,
	    size_t outlen);
/*
 * The next line of s wrapped at `cells` cells, into out (outlen bytes):
 * the longest prefix that fits, ending at a newline if one comes first,
 * else broken at the last space of its second half when the text goes
 * on (English words stay whole; Chinese breaks between any two
 * characters). Returns how many bytes of s the line took, the newline or
 * space at the break included; 0 at the end of s.
 */
size_t	 wtext_wrap(const char *s, int cells, char *out, size_t outlen);

#endif
