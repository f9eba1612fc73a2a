/*
 * Whole files in and out (common/file.h). A file written goes first to a
 * temporary file in the same folder, which is synced and renamed over the
 * old one, so that a crash or a stick pulled out leaves the old file or
 * the new one, never half of one.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/file.h"
#include "common/i18n.h"
#include "common/xalloc.h"

/* Read a whole file under a limit. */
int
file_read_all(const char *path, size_t max, unsigned char **out, size_t *len, char *err,
    size_t errlen)
{
	struct stat sb;
	unsigned char *data = NULL;
	size_t got = 0, size;
	ssize_t n;
	int fd;

	*out = NULL;
	*len = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		snprintf(err, errlen, _("%s: cannot open: %s"), path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &sb) != 0) {
		snprintf(err, errlen, _("%s: cannot read: %s"), path, strerror(errno));
		goto fail;
	}
	if (!S_ISREG(sb.st_mode)) {
		snprintf(err, errlen, _("%s: not a file"), path);
		goto fail;
	}
	if ((unsigned long long)sb.st_size > max) {
		snprintf(err, errlen, _("%s: %lld bytes, more than the %zu this file may have"),
		    path, (long long)sb.st_size, max);
		goto fail;
	}
	size = (size_t)sb.st_size;
	data = xmalloc(size + 1);
	/* Read to the end, not to the size: a file that grows is caught below. */
	while ((n = read(fd, data + got, size + 1 - got)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			snprintf(err, errlen, _("%s: cannot read: %s"), path, strerror(errno));
			goto fail;
		}
		got += (size_t)n;
		if (got > size) {
			snprintf(err, errlen, _("%s: the file changed while it was read"), path);
			goto fail;
		}
	}
	close(fd);
	*out = data;
	*len = got;
	return 0;
fail:
	free(data);
	close(fd);
	return -1;
}

/* Write all of len bytes to fd; 0 or -1 with errno. */
static int
file_write_fd(int fd, const unsigned char *p, size_t len)
{
	ssize_t n;

	while (len > 0) {
		if ((n = write(fd, p, len)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Write a whole file by a temporary one renamed over it. */
int
file_write_all(const char *path, const void *data, size_t len, mode_t mode, char *err,
    size_t errlen)
{
	const char *slash = strrchr(path, '/');
	char *tmp = xasprintf("%s.XXXXXX", path), *dir;
	int fd, dfd, rc = -1;

	if ((fd = mkstemp(tmp)) < 0) {
		snprintf(err, errlen, _("%s: cannot write: %s"), path, strerror(errno));
		free(tmp);
		return -1;
	}
	if (fchmod(fd, mode) != 0 || file_write_fd(fd, data, len) != 0 || fsync(fd) != 0) {
		snprintf(err, errlen, _("%s: cannot write: %s"), path, strerror(errno));
		close(fd);
		goto out;
	}
	if (close(fd) != 0) {
		snprintf(err, errlen, _("%s: cannot write: %s"), path, strerror(errno));
		goto out;
	}
	if (rename(tmp, path) != 0) {
		snprintf(err, errlen, _("%s: cannot replace: %s"), path, strerror(errno));
		goto out;
	}
	free(tmp);
	tmp = NULL;
	/* The rename is durable once its folder is synced (not every file system can). */
	dir = slash == NULL ? xstrdup(".") : slash == path ? xstrdup("/") :
	    xasprintf("%.*s", (int)(slash - path), path);
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		(void)fsync(dfd);
		close(dfd);
	}
	free(dir);
	rc = 0;
out:
	if (tmp != NULL) {
		unlink(tmp);
		free(tmp);
	}
	return rc;
}
