/* Allocation wrappers and the fatal exit path. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"

static void (*fatal_hook)(void);

/* Set the function that restores the terminal before a fatal exit. */
void
fatal_set_hook(void (*hook)(void))
{
	fatal_hook = hook;
}

/* Restores the terminal, prints the fatal message (with errno's text if asked) and exits. */
static void __attribute__((noreturn))
fatal_exit(const char *fmt, va_list ap, int with_errno)
{
	int saved = errno;

	if (fatal_hook != NULL) {
		void (*hook)(void) = fatal_hook;

		fatal_hook = NULL;
		hook();
	}
	fputs("jobdesk: fatal: ", stderr);
	vfprintf(stderr, fmt, ap);
	if (with_errno)
		fprintf(stderr, ": %s", strerror(saved));
	fputc('\n', stderr);
	exit(70);
}

/* Exit after a broken invariant, with errno's text. */
void
fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fatal_exit(fmt, ap, 1);
}

/* Exit after a broken invariant. */
void
fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fatal_exit(fmt, ap, 0);
}

/* Allocate n bytes or die. */
void *
xmalloc(size_t n)
{
	void *p = malloc(n == 0 ? 1 : n);

	if (p == NULL)
		fatal("out of memory allocating %zu bytes", n);
	return p;
}

/* Allocate a zeroed array or die. */
void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n == 0 ? 1 : n, size == 0 ? 1 : size);

	if (p == NULL)
		fatal("out of memory allocating %zu x %zu bytes", n, size);
	return p;
}

/* Resize an array, checking n * size for overflow, or die. */
void *
xreallocarray(void *old, size_t n, size_t size)
{
	void *p;

	if (size != 0 && n > (size_t)-1 / size)
		fatalx("array of %zu x %zu bytes overflows", n, size);
	p = realloc(old, n * size == 0 ? 1 : n * size);
	if (p == NULL)
		fatal("out of memory allocating %zu x %zu bytes", n, size);
	return p;
}

/* Copy a string or die. */
char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

/* Copy at most n bytes of a string, always terminated, or die. */
char *
xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

/* Format into a new string or die. */
char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		fatalx("bad format \"%s\"", fmt);
	p = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}
