/*
 * What the fuzz targets share: a check of a property that stops the run
 * with a message (libFuzzer then saves the input that broke it), copies of
 * the input with the NUL the readers need, and a private folder for the
 * readers that take a file.
 */
#ifndef JOBDESK_FUZZ_H
#define JOBDESK_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* libFuzzer's entry points, which every target defines. */
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);
int	LLVMFuzzerInitialize(int *, char ***);

/* Stop the run when a property does not hold: the message on stderr, then abort(). */
#define FUZZ_CHECK(cond, ...) do {					\
	if (!(cond))							\
		fuzz_fail(__FILE__, __LINE__, #cond, __VA_ARGS__);	\
} while (0)

_Noreturn void	fuzz_fail(const char *file, int line, const char *cond, const char *fmt, ...)
		    __attribute__((format(printf, 4, 5)));

/* A copy of the n bytes at data with a NUL after them (caller frees). */
char	*fuzz_strndup(const uint8_t *data, size_t n);
/* Whether the n bytes at s are valid UTF-8 (no NUL checks). */
int	fuzz_utf8(const char *s, size_t n);
/*
 * A private folder for the run, made on first use and removed at exit:
 * under /dev/shm when there is one (files there cost no disk), else TMPDIR.
 * The string is static.
 */
const char	*fuzz_dir(void);
/* Write n bytes to path (created or truncated); aborts when it cannot. */
void	fuzz_write_file(const char *path, const void *data, size_t n);
/* Keep the log quiet: a run makes thousands of the lines a server would log. */
void	fuzz_quiet_log(void);

#endif
