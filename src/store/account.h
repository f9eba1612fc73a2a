/*
 * Offices and clerk accounts. Passwords are stored only as Argon2id
 * strings (libsodium crypto_pwhash_str); failed logins count up and lock
 * the account for a while.
 */
#ifndef JOBDESK_ACCOUNT_H
#define JOBDESK_ACCOUNT_H

#include <stddef.h>
#include <time.h>

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
	LOGIN_BAD,		/* unknown login or wrong password: the same to the clerk */
	LOGIN_LOCKED,		/* too many failures: locked until account.locked_until */
	LOGIN_DISABLED,
	LOGIN_ERROR,
};

/* Accounts after which a lock follows, and for how long. */
#define LOGIN_MAX_FAILURES	5
#define LOGIN_LOCK_SECONDS	(15 * 60)

int	office_count(struct store *);
/* Add an office: level is city, district, street or township. 0 or -1 with err. */
int	office_add(struct store *, const char *code, const char *name, const char *level,
	    const char *parent, char *err, size_t errlen);
/* The office's name into out; 0, or -1. */
int	office_name(struct store *, const char *code, char *out, size_t outlen);
/* The first office (on a terminal there is one); 0, or -1. */
int	office_first(struct store *, char *code, size_t codelen);

int	account_count(struct store *);
/* Check the password rules (length 8 to 128): 0 or -1 with err. */
int	account_password_ok(const char *password, char *err, size_t errlen);
int	account_add(struct store *, const struct account *, const char *password, char *err,
	    size_t errlen);
int	account_get(struct store *, const char *login, struct account *);
/* Accounts ordered by login; up to max. */
int	account_list(struct store *, struct account *, size_t max, size_t *n);
/* Change name, role, certificate and grade (not the password). */
int	account_update(struct store *, const struct account *, char *err, size_t errlen);
int	account_set_disabled(struct store *, const char *login, int disabled, char *err,
	    size_t errlen);
int	account_set_password(struct store *, const char *login, const char *password, char *err,
	    size_t errlen);
/* Check a login, counting failures and locking; *acct filled when known. */
enum login_result account_login(struct store *, const char *login, const char *password,
	    struct account *acct);
/* Valid roles, and whether a word is one. */
int	account_role_valid(const char *);

#endif
