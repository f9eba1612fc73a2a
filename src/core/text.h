/*
 * Text helpers for the checks of what a clerk typed (ID numbers, credit
 * codes, phones, dates, numbers): trimming and folding of the full-width
 * forms a Chinese input method produces (decoding with common/utf8.h),
 * quoting the input back in a message, and writing a message that never
 * ends in half a character. Pure functions: no I/O, no locale.
 *
 * Nothing here allocates, so there is nothing to free: every result goes
 * into a buffer the caller owns, and a struct text_norm points into the
 * input string it was made from, which must outlive it.
 */
#ifndef JOBDESK_TEXT_H
#define JOBDESK_TEXT_H

#include <stddef.h>

/* Characters of the input that text_normalise folds into a text_norm. */
#define TEXT_NORM_MAX		64

/* Characters of the input text_quote_input keeps before it cuts with "…". */
#define TEXT_QUOTE_CHARS	24

/* Bytes that hold any quote: 4 a character, the "…" and the NUL. */
#define TEXT_QUOTE_SIZE		(TEXT_QUOTE_CHARS * 4 + 8)

/* Flag for text_normalise: fold a-z (and their full-width forms) to A-Z. */
#define TEXT_UPPER		0x1U

/*
 * The input after trimming, its first TEXT_NORM_MAX characters folded to
 * ASCII. Not opaque, unlike most structs here: callers keep it on the stack
 * and index c[] and off[] directly, and it owns no memory.
 */
struct text_norm {
	const char	*s;		/* trimmed input, not terminated */
	size_t		 bytes;		/* its length in bytes */
	size_t		 nchars;	/* its length in characters */
	/* Folded characters, '\0' for one that has no ASCII form; c[nchars]
	 * is '\0' when nchars <= TEXT_NORM_MAX. */
	char		 c[TEXT_NORM_MAX + 1];
	/* Byte offset in s of each character; off[nchars] == bytes when
	 * nchars <= TEXT_NORM_MAX. */
	size_t		 off[TEXT_NORM_MAX + 1];
};

/*
 * Write a formatted message into msg (msglen bytes, NUL included) like
 * snprintf, but cut a truncated message before an incomplete UTF-8
 * character. Does nothing when msg is NULL or msglen is 0.
 */
void	text_setmsg(char *msg, size_t msglen, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/*
 * Trim spaces (ASCII space and tab, U+00A0, U+3000) from both ends of in
 * (NULL counts as "") and fold its first TEXT_NORM_MAX characters into *n:
 * full-width forms U+FF01..U+FF5E to ASCII, U+00A0 and U+3000 to ' ', with
 * TEXT_UPPER in flags a-z to A-Z; printable ASCII stays, anything else
 * becomes '\0'. Returns 0, or -1 if in is not valid UTF-8.
 */
int	text_normalise(const char *in, unsigned int flags, struct text_norm *n);

/*
 * Copy the trimmed input, as typed, into q (qlen bytes) for a message, cut
 * after TEXT_QUOTE_CHARS characters with "…". TEXT_QUOTE_SIZE bytes hold
 * any such quote.
 */
void	text_quote_input(const struct text_norm *n, char *q, size_t qlen);

/*
 * Copy character i of the trimmed input, as typed, into q (qlen bytes).
 * i must be below n->nchars, and below TEXT_NORM_MAX - 1 unless the whole
 * input was folded (n->nchars <= TEXT_NORM_MAX).
 */
void	text_quote_char(const struct text_norm *n, size_t i, char *q,
	    size_t qlen);

#endif
