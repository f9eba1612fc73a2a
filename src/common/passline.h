/*
 * Reading a password line: from a file descriptor without stdio (which
 * would keep a copy and read ahead past the line), and on a terminal after
 * a prompt on stderr with echo off, put back on a signal too. Used by
 * jobdesk user and by jobdeskd's account commands. One read at a time, in
 * the main thread: the terminal's settings are kept in this module.
 */
#ifndef JOBDESK_PASSLINE_H
#define JOBDESK_PASSLINE_H

#include <stddef.h>

/*
 * Read one line from fd into the caller's pw (pwlen bytes, CR LF or LF
 * stripped), prompting with prompt on stderr and echo off where fd is a
 * terminal: 0, or -1 with err (translated where translate is not 0) and pw
 * wiped. Nothing is allocated; the caller wipes pw when done with it.
 */
int	passline_read(int fd, const char *prompt, char *pw, size_t pwlen, int translate,
	    char *err, size_t errlen);

#endif
