/* Growable, NUL-terminated byte buffer. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/xalloc.h"

/* Start an empty buffer. */
void
buf_init(struct buf *b)
{
	b->data = NULL;
	b->len = b->cap = 0;
}

/* Release the buffer's memory. */
void
buf_free(struct buf *b)
{
	free(b->data);
	buf_init(b);
}

/* Empty the buffer, keeping its memory. */
void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

/* Makes room for more bytes and a terminating NUL. */
static void
buf_grow(struct buf *b, size_t more)
{
	size_t need;

	if (more > (size_t)-1 - b->len - 1)
		fatalx("buffer too large");
	need = b->len + more + 1;
	if (need <= b->cap)
		return;
	if (b->cap == 0)
		b->cap = 64;
	while (b->cap < need)
		b->cap = b->cap > (size_t)-1 / 2 ? need : b->cap * 2;
	b->data = xreallocarray(b->data, b->cap, 1);
}

/* Append n bytes. */
void
buf_add(struct buf *b, const void *p, size_t n)
{
	buf_grow(b, n);
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

/* Append a string. */
void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

/* Append one byte (a CSV field or a JSON text is built a byte at a time: room first). */
void
buf_addc(struct buf *b, char c)
{
	if (b->len + 2 > b->cap) {
		buf_add(b, &c, 1);
		return;
	}
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

/* Append formatted text. */
void
buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		fatalx("bad format \"%s\"", fmt);
	buf_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/* The contents as a string. */
const char *
buf_str(const struct buf *b)
{
	return b->data != NULL ? b->data : "";
}

/* Give the contents to the caller. */
char *
buf_detach(struct buf *b)
{
	char *p = b->data != NULL ? b->data : xstrdup("");

	buf_init(b);
	return p;
}
