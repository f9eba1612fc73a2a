/*
 * Whole files in and out, for what travels as one file (a sync bundle and
 * its reply): read whole under a size limit, written whole or not at all.
 */
#ifndef JOBDESK_FILE_H
#define JOBDESK_FILE_H

#include <stddef.h>
#include <sys/types.h>

/*
 * The bytes of the file at path, at most max of them: 0 with *out (the
 * caller frees it) and *len, or -1 with "path: why" in err (it cannot be
 * read, it is no regular file, it is bigger than max).
 */
int	file_read_all(const char *path, size_t max, unsigned char **out, size_t *len, char *err,
	    size_t errlen);
/*
 * Write len bytes to path whole or not at all: into a new file beside it,
 * synced, with the given mode, then renamed over path, and the folder
 * synced. 0, or -1 with "path: why" in err (the old file, if any, stays).
 */
int	file_write_all(const char *path, const void *data, size_t len, mode_t mode, char *err,
	    size_t errlen);

#endif
