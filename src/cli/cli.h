/*
 * The commands for scripts: each takes the program's context (src/app)
 * and its arguments after the command word, and returns the process's
 * exit status. Messages go to stderr, results to stdout or a file.
 */
#ifndef JOBDESK_CLI_H
#define JOBDESK_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "store/account.h"

struct app;

int	cli_init(struct app *, int argc, char **argv);
int	cli_user(struct app *, int argc, char **argv);
int	cli_import(struct app *, int argc, char **argv);
int	cli_export(struct app *, int argc, char **argv);
int	cli_match(struct app *, int argc, char **argv);
int	cli_refer(struct app *, int argc, char **argv);
int	cli_outcome(struct app *, int argc, char **argv);
int	cli_check(struct app *, int argc, char **argv);
int	cli_give(struct app *, int argc, char **argv);
int	cli_enroll(struct app *, int argc, char **argv);
int	cli_sync(struct app *, int argc, char **argv);
int	cli_report(struct app *, int argc, char **argv);

/*
 * Act as "cli:" and the Unix user who ran the command, for the given
 * office, in the audit trail and the outbox.
 */
void	cli_set_actor(struct app *, const char *office);
/*
 * What cli_write_file calls to write the file's content to fp (its name
 * for messages is name): 0, or non-zero after a message on stderr.
 */
typedef int (*cli_writer)(FILE *fp, const char *name, void *ctx);
/*
 * Write a file as a command's output: through PATH.tmp (mode 0600, as it
 * may hold personal data, never through a symbolic link), synced, then
 * renamed over path, so that a reader never sees half a file and a failed
 * write leaves the old one. 0, or -1 after a message on stderr.
 */
int	cli_write_file(const char *path, cli_writer, void *ctx);
/* Say on stderr that there is no office yet, and how to set one up. */
void	cli_no_office(void);
/* Bytes of a password line: 128 characters of up to 4 bytes, and some slack. */
#define CLI_PW_MAX	1024

/* Read an account's password from standard input (a prompt, echo off, on a terminal); 0 or -1. */
int	cli_read_password(char *pw, size_t pwlen);
/*
 * Read a new password from standard input into pw (at least CLI_PW_MAX
 * bytes): one line from a file or a pipe; on a terminal a prompt, echo
 * off, twice, and the two must match; its rules checked
 * (account_password_ok). 0, or -1 with err (pw wiped).
 */
int	cli_read_new_password(char *pw, size_t pwlen, char *err, size_t errlen);
/*
 * Act as the account login instead, with its password: what the command
 * writes is signed with the account's key. The login's result; a
 * message on stderr unless it is LOGIN_OK (or LOGIN_BAD when quiet).
 */
enum login_result cli_log_in(struct app *, const char *login, const char *pw, int quiet);

#endif
