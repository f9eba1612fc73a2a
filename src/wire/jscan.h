/*
 * A strict pull scanner over one JSON text (RFC 8259), for a decoder that
 * knows the shape it expects and asks for each token in turn: it peeks
 * at the kind of the next value, then takes it as what it wants. The
 * scanner checks the grammar, UTF-8 and escapes; the decoder checks the
 * shape (members, types, limits).
 *
 * Strings are decoded in place, so the text must be writable and have a
 * NUL byte after its last one (text[len] == '\0'): a decoded string ends
 * in a NUL where its closing quote, or an earlier byte, was. A string
 * taken keeps pointing into the text.
 */
#ifndef JOBDESK_JSCAN_H
#define JOBDESK_JSCAN_H

#include <stddef.h>

#define JSCAN_MAX_DEPTH	2048	/* nested arrays and objects jscan_skip takes */
#define JSCAN_ERR_LEN	64

enum jscan_kind {
	JSCAN_BAD,		/* no value can start here: the error is set */
	JSCAN_OBJECT,
	JSCAN_ARRAY,
	JSCAN_STRING,
	JSCAN_NUMBER,
	JSCAN_BOOL,
	JSCAN_NULL
};

struct jscan {
	char	*start;
	char	*p;			/* the next byte */
	char	*end;			/* the NUL after the text */
	size_t	 errpos;		/* byte of the error, from start */
	char	 err[JSCAN_ERR_LEN];	/* what is wrong there, "" while nothing is */
};

/* Start scanning the len bytes at text, which text[len] == '\0' ends. */
void	jscan_init(struct jscan *, char *text, size_t len);
/* The byte offset of the next token. */
size_t	jscan_pos(const struct jscan *);

/* The kind of the next value, whitespace skipped; nothing is taken. */
enum jscan_kind	jscan_peek(struct jscan *);

/*
 * Members of the object that starts at the next value ('{' taken on the
 * first call, when *n is 0): 1 with the next member's key (decoded, NUL
 * ended) and its ':' taken, *n counted; 0 when the object has ended; -1
 * on an error.
 */
int	jscan_member(struct jscan *, size_t *n, char **key, size_t *len);
/*
 * Elements of the array that starts at the next value ('[' taken on the
 * first call, when *n is 0): 1 when another element follows, *n counted;
 * 0 when the array has ended; -1 on an error.
 */
int	jscan_element(struct jscan *, size_t *n);

/* Take a string: 0 with *s (decoded, NUL ended) and its length, or -1. */
int	jscan_string(struct jscan *, char **s, size_t *len);
/*
 * Take a number: 0 with *n when it is an integer (no fraction, no
 * exponent), 1 when it is a valid number of another form, -1 when it is
 * not a number or an integer out of the range of long long.
 */
int	jscan_integer(struct jscan *, long long *n);
/* Take true or false into *b as 1 or 0; 0, or -1. */
int	jscan_bool(struct jscan *, int *b);
/* Take one value of any kind, at most JSCAN_MAX_DEPTH deep; 0 or -1. */
int	jscan_skip(struct jscan *);
/* 0 when only whitespace is left, else -1. */
int	jscan_end(struct jscan *);

#endif
