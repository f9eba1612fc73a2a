/* Levelled diagnostic log lines with a UTC time stamp. */
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "common/log.h"

static FILE		*log_fp;
static int		 log_fp_set;
static enum log_level	 log_threshold = LOG_INFO;
static int		 log_prefix;
static int		 log_stamp = 1;

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

/* Choose whether lines carry a journald priority prefix. */
void
log_set_priority_prefix(int on)
{
	log_prefix = on;
}

/* Choose whether lines carry a time stamp. */
void
log_set_stamp(int on)
{
	log_stamp = on;
}

/* Write one log line, in one piece under the stream's lock. */
void
log_msg(enum log_level level, const char *fmt, ...)
{
	static const char *const names[] = { "error", "warning", "info", "debug" };
	static const char *const priorities[] = { "<3>", "<4>", "<6>", "<7>" };
	FILE *fp = log_fp_set ? log_fp : stderr;
	char stamp[32];
	struct tm tm;
	time_t now;
	va_list ap;

	if (fp == NULL || level > log_threshold)
		return;
	flockfile(fp);
	if (log_prefix)
		fputs(priorities[level], fp);
	if (log_stamp) {
		now = time(NULL);
		gmtime_r(&now, &tm);
		strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
		fprintf(fp, "%s ", stamp);
	}
	fprintf(fp, "%s: ", names[level]);
	va_start(ap, fmt);
	vfprintf(fp, fmt, ap);
	va_end(ap);
	fputc('\n', fp);
	fflush(fp);
	funlockfile(fp);
}
