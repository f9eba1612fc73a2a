/*
 * jobdeskd's administration commands (jobdeskd(8)): migrate, offices,
 * enrollment codes, terminals, accounts, code lists, forms and a new
 * epoch. Each command writes in one transaction: a refused command
 * changes nothing. Errors go to err with the problem first; nothing
 * personal is logged.
 */
#ifndef JOBDESK_SERVER_ADMIN_H
#define JOBDESK_SERVER_ADMIN_H

#include <stddef.h>
#include <stdio.h>

struct pg;

struct admin_settings {
	/*
	 * The shipped data: forms in DATA_DIR/forms, code lists in
	 * DATA_DIR/codes (or DATA_DIR/db/codes, as in a source tree).
	 */
	const char	*data_dir;
	long		 pwhash_ops;		/* Argon2id passes ([security] pwhash_ops) */
	long		 pwhash_memory_kib;	/* Argon2id memory ([security] pwhash_memory_kib) */
	int		 password_fd;		/* where passwords are read: 0, standard input */
	FILE		*out;			/* listings and codes; NULL: stdout */
	FILE		*err;			/* messages; NULL: stderr */
};

/*
 * Run one command; argv[0] is its name (migrate, office, enroll, terminal,
 * account, codes, form, new-epoch), the rest its arguments. Returns the
 * exit status: 0 done, 1 refused or failed (the reason on err), 2 a usage
 * error.
 */
int	admin_main(struct pg *, const struct admin_settings *, int argc, char **argv);
/* Whether name is one of the commands admin_main runs. */
int	admin_is_command(const char *name);
/*
 * Migrate the database and load the shipped code lists and forms the
 * server does not hold yet (what `jobdeskd migrate` and serve do first);
 * 0, or -1 with err.
 */
int	admin_migrate(struct pg *, const struct admin_settings *, char *err, size_t errlen);

#endif
