/* Levelled diagnostic log lines with a UTC time stamp. */
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "common/log.h"

static FILE		*log_fp;
static int		 log_fp_set;
static enum log_level	 log_threshold = LOG_INFO;

/* Choose where log lines go. */
void
log_set_file(FILE *fp)
{
	log_fp = fp;
	log_fp_set = 1;
}

/* Choose the most detailed level written. */
void
log_set_level(enum log_level level)
{
	log_threshold = level;
}

/* Write one log line. */
void
log_msg(enum log_level level, const char *fmt, ...)
{
	static const char *const names[] = { "error", "warning", "info", "debug" };
	FILE *fp = log_fp_set ? log_fp : stderr;
	char stamp[32];
	struct tm tm;
	time_t now;
	va_list ap;

	if (fp == NULL || level > log_threshold)
		return;
	now = time(NULL);
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
	fprintf(fp, "%s %s: ", stamp, names[level]);
	va_start(ap, fmt);
	vfprintf(fp, fmt, ap);
	va_end(ap);
	fputc('\n', fp);
	fflush(fp);
}
