/* Helpers of the fuzz targets: see fuzz.h. */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"
#include "common/log.h"
#include "common/utf8.h"

static char fuzz_dirpath[256];

/* Report a broken property and abort, so that libFuzzer keeps the input. */
void
fuzz_fail(const char *file, int line, const char *cond, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "\n%s:%d: property failed: %s: ", file, line, cond);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

char *
fuzz_strndup(const uint8_t *data, size_t n)
{
	char *s = malloc(n + 1);

	if (s == NULL)
		abort();
	if (n > 0)
		memcpy(s, data, n);
	s[n] = '\0';
	return s;
}

int
fuzz_utf8(const char *s, size_t n)
{
	return utf8_valid(s, n);
}

/* Remove the run's folder and what the targets leave in it: files and empty folders. */
static void
fuzz_dir_remove(void)
{
	char path[512];
	struct dirent *e;
	DIR *d;

	if (fuzz_dirpath[0] == '\0' || (d = opendir(fuzz_dirpath)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", fuzz_dirpath, e->d_name);
		if (unlink(path) != 0)
			rmdir(path);
	}
	closedir(d);
	rmdir(fuzz_dirpath);
}

const char *
fuzz_dir(void)
{
	const char *base = getenv("TMPDIR");
	struct stat st;

	if (fuzz_dirpath[0] != '\0')
		return fuzz_dirpath;
	if (stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) && access("/dev/shm", W_OK) == 0)
		base = "/dev/shm";
	else if (base == NULL || *base == '\0')
		base = "/tmp";
	snprintf(fuzz_dirpath, sizeof fuzz_dirpath, "%s/jobdesk-fuzz.XXXXXX", base);
	if (mkdtemp(fuzz_dirpath) == NULL) {
		fprintf(stderr, "%s: cannot make a folder: %s\n", fuzz_dirpath, strerror(errno));
		abort();
	}
	atexit(fuzz_dir_remove);
	return fuzz_dirpath;
}

void
fuzz_write_file(const char *path, const void *data, size_t n)
{
	FILE *fp = fopen(path, "wb");

	if (fp == NULL || (n > 0 && fwrite(data, 1, n, fp) != n) || fclose(fp) != 0) {
		fprintf(stderr, "%s: cannot write: %s\n", path, strerror(errno));
		abort();
	}
}

void
fuzz_quiet_log(void)
{
	log_set_file(NULL);
}
