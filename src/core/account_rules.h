/*
 * Rules for offices and staff accounts, shared by the client's store and
 * the server: the syntax of logins, names, passwords and office codes,
 * and who may do what to whose account. Pure functions: no I/O, no locale.
 * Each check returns 0, or -1 with a translated message in err (err may be
 * NULL when errlen is 0).
 *
 * Roles, from least to most trusted: clerk, counsellor, supervisor,
 * administrator. Supervisors and administrators manage accounts; a
 * supervisor only those of clerks and counsellors.
 */
#ifndef JOBDESK_ACCOUNT_RULES_H
#define JOBDESK_ACCOUNT_RULES_H

#include <stddef.h>

/* Shortest and longest password, in characters. */
#define ACCOUNT_PASSWORD_MIN	8
#define ACCOUNT_PASSWORD_MAX	128

/*
 * Who acts on an account: the logged-in clerk's login and role, or for the
 * command line a name that is never a login ("cli:root") with the role
 * "administrator" (the administrator of the machine).
 */
struct account_actor {
	const char	*login;
	const char	*role;
};

/* What is done to an account. */
enum account_op {
	ACCOUNT_OP_CREATE,
	ACCOUNT_OP_EDIT,	/* name, role, certificate, grade */
	ACCOUNT_OP_DISABLE,
	ACCOUNT_OP_ENABLE,
	ACCOUNT_OP_PASSWORD,	/* set a new password */
	ACCOUNT_OP_UNLOCK,	/* clear the failed logins and the lock */
};

/* A login: 1 to 32 of a-z, 0-9, ".", "_" and "-". */
int	account_login_ok(const char *login, char *err, size_t errlen);
/* A person's name on an account: 1 to 30 characters of text. */
int	account_name_ok(const char *name, char *err, size_t errlen);
/* A password: valid UTF-8, ACCOUNT_PASSWORD_MIN to _MAX characters (not bytes). */
int	account_password_ok(const char *password, char *err, size_t errlen);
/* A role: clerk, counsellor, supervisor or administrator. */
int	account_role_ok(const char *role, char *err, size_t errlen);
/* Whether a role manages accounts (supervisor or administrator): 1 or 0. */
int	account_role_manages(const char *role);

/* An office code: 1 to 24 of A-Z, a-z, 0-9 and "-". */
int	office_code_ok(const char *code, char *err, size_t errlen);
/* An office's name: 1 to 60 characters of text. */
int	office_name_ok(const char *name, char *err, size_t errlen);
/* An office level: city, district, street or township. */
int	office_level_ok(const char *level, char *err, size_t errlen);

/*
 * Whether actor may do op to the account target_login, whose role is
 * target_role (for ACCOUNT_OP_CREATE the new account's role); new_role is
 * the role an ACCOUNT_OP_EDIT gives it (NULL for the other ops). Anyone may
 * set their own password; nobody may change their own role or disable
 * themselves; otherwise only supervisors and administrators act, and only
 * an administrator on supervisor and administrator accounts.
 */
int	account_may(const struct account_actor *actor, enum account_op op,
	    const char *target_login, const char *target_role, const char *new_role,
	    char *err, size_t errlen);

/*
 * Whether a change leaves the office an enabled supervisor or
 * administrator. others is how many the office has besides the changed
 * account; was and is say whether that account is one before and after
 * the change. Refuses only a change that takes the last one away, so an
 * office that has none yet can still be worked on.
 */
int	account_keeps_manager(int others, int was, int is, const char *login,
	    const char *office, char *err, size_t errlen);

#endif
