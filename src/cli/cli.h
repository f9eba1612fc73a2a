/*
 * The commands for scripts: each takes the program's context (src/app)
 * and its arguments after the command word, and returns the process's
 * exit status. Messages go to stderr, results to stdout or a file.
 */
#ifndef JOBDESK_CLI_H
#define JOBDESK_CLI_H

struct app;

int	cli_user(struct app *, int argc, char **argv);
int	cli_import(struct app *, int argc, char **argv);
int	cli_export(struct app *, int argc, char **argv);
int	cli_enroll(struct app *, int argc, char **argv);
int	cli_sync(struct app *, int argc, char **argv);

/*
 * Act as "cli:" and the Unix user who ran the command, for the given
 * office, in the audit trail and the outbox.
 */
void	cli_set_actor(struct app *, const char *office);

#endif
