/*
 * Offices and clerk accounts. Passwords are stored only as Argon2id
 * strings (libsodium crypto_pwhash_str); failed logins count up and lock
 * the account for a while.
 */
#ifndef JOBDESK_ACCOUNT_H
#define JOBDESK_ACCOUNT_H

#include <stddef.h>
#include <time.h>

#include "core/account_rules.h"

struct store;

struct account {
	char	login[64];
	char	name[96];
	char	office[32];
	char	role[16];	/* clerk, counsellor, supervisor, administrator */
	int	disabled;
	char	cert_no[32];
	char	cert_valid_until[11];
	char	guidance_grade[16];
	int	failed_logins;
	long	locked_until;	/* seconds since the epoch; 0 when not locked */
};

enum login_result {
	LOGIN_OK,
	LOGIN_BAD,		/* unknown login or wrong password, whatever the account's state */
	LOGIN_LOCKED,		/* right password, but locked until account.locked_until */
	LOGIN_DISABLED,		/* right password, but the account is disabled */
	LOGIN_ERROR,		/* a database error: nothing was decided */
};

/* Failures after which a lock follows, and for how long. */
#define LOGIN_MAX_FAILURES	5
#define LOGIN_LOCK_SECONDS	(15 * 60)

int	office_count(struct store *);
/*
 * Add an office (rules in core/account_rules.h), audited in the same
 * transaction. 0, or -1 with err.
 */
int	office_add(struct store *, const char *code, const char *name, const char *level,
	    const char *parent, char *err, size_t errlen);
/* The office's name into out; 0, or -1. */
int	office_name(struct store *, const char *code, char *out, size_t outlen);
/*
 * The terminal's own office: the one enrollment made it (an enrolled
 * terminal holds every office of the district), else the first one. 0, or -1.
 */
int	office_first(struct store *, char *code, size_t codelen);

/* Number of accounts; -1 on a database error. */
int	account_count(struct store *);
/*
 * Every change to an account below is checked against the rules of
 * core/account_rules.h for the acting account `who` (account_may, and
 * account_keeps_manager for the office), then written with its audit
 * record in one transaction: all of it or nothing. 0, or -1 with err.
 * (account_password_ok and the other syntax checks come from that header.)
 */
/*
 * The first account of a new database, made at the first start (and by
 * tests) when there is nobody yet to act: refused once any account exists.
 */
int	account_add(struct store *, const struct account *, const char *password, char *err,
	    size_t errlen);
/*
 * The first start: the office and its first account (a supervisor) in one
 * transaction; refused once either exists. 0, or -1 with err.
 */
int	account_first_setup(struct store *, const char *code, const char *name,
	    const char *level, const struct account *, const char *password, char *err,
	    size_t errlen);
/*
 * The first start as the screen and "jobdesk init" make it: the office
 * (code, name, level) and its first account, login with the person's
 * name, a supervisor of that office, by account_first_setup. 0, or -1
 * with err and, when field is not NULL, *field set to the key of the
 * field at fault (office_code, office_name, office_level, login, name,
 * password; "" for none of them), so that a form can put the cursor there
 * whatever the language of the message; or to NULL when the values
 * passed and the database refused them.
 */
int	account_first_start(struct store *, const char *code, const char *name,
	    const char *level, const char *login, const char *person, const char *password,
	    const char **field, char *err, size_t errlen);
/* A new account, made by `who`. */
int	account_create(struct store *, const struct account_actor *who, const struct account *,
	    const char *password, char *err, size_t errlen);
/* One account into *acct: 1, 0 when there is none, -1 on a database error. */
int	account_get(struct store *, const char *login, struct account *acct);
/* Accounts ordered by login; up to max. */
int	account_list(struct store *, struct account *, size_t max, size_t *n);
/* Change name, role, certificate and grade (not the login, office or password). */
int	account_update(struct store *, const struct account_actor *who, const struct account *,
	    char *err, size_t errlen);
/* Disable or enable an account; either also clears failed logins and a lock. */
int	account_set_disabled(struct store *, const struct account_actor *who, const char *login,
	    int disabled, char *err, size_t errlen);
/* Set a new password, which also lifts a lock. */
int	account_set_password(struct store *, const struct account_actor *who, const char *login,
	    const char *password, char *err, size_t errlen);
/* Clear the failed logins and the lock, audited as "unlock". */
int	account_unlock(struct store *, const struct account_actor *who, const char *login,
	    char *err, size_t errlen);
/*
 * Check a login and password. The password is checked (or, for an unknown
 * login, the same Argon2id time spent) before anything else, so that only
 * someone with the right password learns that an account is locked or
 * disabled: a wrong password is LOGIN_BAD whatever the account's state.
 * Counts failures and locks; a good login clears them and upgrades an old
 * hash. Audited under the login tried, not the store's actor (at a lock
 * screen that is the last clerk). *acct is filled when the login is known,
 * failed_logins then counting this try (persisted: it survives a restart);
 * acct->login is "" for an unknown login.
 */
enum login_result account_login(struct store *, const char *login, const char *password,
	    struct account *acct);

#endif
