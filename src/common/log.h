/*
 * Diagnostic log. Lines carry a level and never personal data (no names, ID
 * numbers or phone numbers: record ids and counts only). The client writes
 * to a file once curses owns the screen; before that, to stderr. The
 * daemon writes to stderr, for journald when that is not a terminal. A
 * line is written whole even when several threads log at once.
 */
#ifndef JOBDESK_LOG_H
#define JOBDESK_LOG_H

#include <stdio.h>

enum log_level { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };

/* Send log lines to fp (not closed by the log); NULL silences the log. */
void	log_set_file(FILE *);
void	log_set_level(enum log_level);
/* Start lines with an sd-daemon(3) priority, "<3>" error to "<7>" debug (default off). */
void	log_set_priority_prefix(int);
/* Whether lines start with a UTC time stamp (default on; journald adds its own). */
void	log_set_stamp(int);
void	log_msg(enum log_level, const char *, ...) __attribute__((format(printf, 2, 3)));

#define log_error(...)	log_msg(LOG_ERROR, __VA_ARGS__)
#define log_warn(...)	log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...)	log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...)	log_msg(LOG_DEBUG, __VA_ARGS__)

#endif
