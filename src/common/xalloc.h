/*
 * Allocation that never returns NULL, and the fatal path. Running out of
 * memory or a broken invariant is a bug, not a clerk's mistake: the program
 * restores the terminal (through the hook set with fatal_set_hook) and exits.
 */
#ifndef JOBDESK_XALLOC_H
#define JOBDESK_XALLOC_H

#include <stddef.h>

/* Each returns memory the caller frees with free(). */
void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
char	*xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));

/* Called once before a fatal exit, e.g. to run endwin(). */
void	 fatal_set_hook(void (*)(void));
/* Report a broken invariant and exit(70); fatal() appends strerror(errno). */
void	 fatal(const char *, ...) __attribute__((format(printf, 1, 2), noreturn));
void	 fatalx(const char *, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
