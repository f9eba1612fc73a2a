/* Offices and clerk accounts in the local database. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "common/i18n.h"
#include "common/log.h"
#include "core/check.h"
#include "store/account.h"
#include "store/store-int.h"

/* Argon2id cost: above the OWASP floor (19 MiB, t=2) and fast on a weak terminal. */
#define ACCOUNT_PWHASH_OPS	2
#define ACCOUNT_PWHASH_MEM	(32U * 1024 * 1024)

static int
store_count_sql(struct store *st, const char *sql)
{
	sqlite3_stmt *stmt = st_prepare(st, sql);
	int n = -1;

	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return n;
}

/* Number of offices. */
int
office_count(struct store *st)
{
	return store_count_sql(st, "SELECT count(*) FROM office");
}

/* Add an office. */
int
office_add(struct store *st, const char *code, const char *name, const char *level,
    const char *parent, char *err, size_t errlen)
{
	sqlite3_stmt *stmt;
	size_t i;

	if (*code == '\0' || strlen(code) > 24) {
		snprintf(err, errlen, _("office code \"%s\" must be 1 to 24 characters"), code);
		return -1;
	}
	for (i = 0; code[i] != '\0'; i++)
		if (!((code[i] >= '0' && code[i] <= '9') || (code[i] >= 'A' && code[i] <= 'Z') ||
		    (code[i] >= 'a' && code[i] <= 'z') || code[i] == '-')) {
			snprintf(err, errlen, _("office code \"%s\" may only hold letters, digits and "
			    "\"-\""), code);
			return -1;
		}
	if (check_text(name, 60, err, errlen) != 0 || *name == '\0') {
		if (*name == '\0')
			snprintf(err, errlen, _("the office needs a name"));
		return -1;
	}
	if (strcmp(level, "city") != 0 && strcmp(level, "district") != 0 &&
	    strcmp(level, "street") != 0 && strcmp(level, "township") != 0) {
		snprintf(err, errlen, _("office level \"%s\" is not city, district, street or township"),
		    level);
		return -1;
	}
	stmt = st_prepare(st, "INSERT INTO office (code, name, level, parent) VALUES (?, ?, ?, ?)");
	st_bind_text(stmt, 1, code);
	st_bind_text(stmt, 2, name);
	st_bind_text(stmt, 3, level);
	st_bind_text(stmt, 4, parent != NULL && *parent != '\0' ? parent : NULL);
	if (st_step_done(st, stmt) != 0) {
		snprintf(err, errlen, _("cannot add office \"%s\": %s"), code, store_errmsg(st));
		return -1;
	}
	return 0;
}

/* An office's name. */
int
office_name(struct store *st, const char *code, char *out, size_t outlen)
{
	sqlite3_stmt *stmt = st_prepare(st, "SELECT name FROM office WHERE code = ?");
	int rc = -1;

	st_bind_text(stmt, 1, code);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		snprintf(out, outlen, "%s", st_column_text(stmt, 0));
		rc = 0;
	}
	sqlite3_finalize(stmt);
	return rc;
}

/* The first office's code. */
int
office_first(struct store *st, char *code, size_t codelen)
{
	sqlite3_stmt *stmt = st_prepare(st, "SELECT code FROM office ORDER BY rowid LIMIT 1");
	int rc = -1;

	if (sqlite3_step(stmt) == SQLITE_ROW) {
		snprintf(code, codelen, "%s", st_column_text(stmt, 0));
		rc = 0;
	}
	sqlite3_finalize(stmt);
	return rc;
}

/* Number of accounts. */
int
account_count(struct store *st)
{
	return store_count_sql(st, "SELECT count(*) FROM account");
}

/* Whether a word is a role. */
int
account_role_valid(const char *role)
{
	return strcmp(role, "clerk") == 0 || strcmp(role, "counsellor") == 0 ||
	    strcmp(role, "supervisor") == 0 || strcmp(role, "administrator") == 0;
}

/* Password rules. */
int
account_password_ok(const char *pw, char *err, size_t errlen)
{
	long len = utf8_length(pw);

	if (len < 8) {
		snprintf(err, errlen, _("the password is too short: at least 8 characters"));
		return -1;
	}
	if (len > 128) {
		snprintf(err, errlen, _("the password is too long: at most 128 characters"));
		return -1;
	}
	return 0;
}

static int
account_check_fields(const struct account *a, char *err, size_t errlen)
{
	size_t i;

	if (*a->login == '\0' || strlen(a->login) > 32) {
		snprintf(err, errlen, _("a login is 1 to 32 characters"));
		return -1;
	}
	for (i = 0; a->login[i] != '\0'; i++)
		if (!((a->login[i] >= 'a' && a->login[i] <= 'z') ||
		    (a->login[i] >= '0' && a->login[i] <= '9') || a->login[i] == '.' ||
		    a->login[i] == '_' || a->login[i] == '-')) {
			snprintf(err, errlen, _("login \"%s\" may only hold a-z, 0-9, \".\", \"_\" and \"-\""),
			    a->login);
			return -1;
		}
	if (*a->name == '\0') {
		snprintf(err, errlen, _("the account needs a name"));
		return -1;
	}
	if (check_text(a->name, 30, err, errlen) != 0)
		return -1;
	if (!account_role_valid(a->role)) {
		snprintf(err, errlen, _("role \"%s\" is not clerk, counsellor, supervisor or "
		    "administrator"), a->role);
		return -1;
	}
	if (*a->cert_valid_until != '\0') {
		int ymd;

		if (check_date(a->cert_valid_until, &ymd, err, errlen) != 0)
			return -1;
	}
	return 0;
}

static int
account_hash(const char *pw, char out[crypto_pwhash_STRBYTES], char *err, size_t errlen)
{
	if (crypto_pwhash_str(out, pw, strlen(pw), ACCOUNT_PWHASH_OPS, ACCOUNT_PWHASH_MEM) != 0) {
		snprintf(err, errlen, _("not enough memory to hash the password"));
		return -1;
	}
	return 0;
}

/* Add an account. */
int
account_add(struct store *st, const struct account *a, const char *pw, char *err, size_t errlen)
{
	char hash[crypto_pwhash_STRBYTES], stamp[32];
	sqlite3_stmt *stmt;

	if (account_check_fields(a, err, errlen) != 0 || account_password_ok(pw, err, errlen) != 0)
		return -1;
	if (account_hash(pw, hash, err, errlen) != 0)
		return -1;
	store_timestamp(stamp);
	stmt = st_prepare(st, "INSERT INTO account (login, name, office, role, pwhash, cert_no, "
	    "cert_valid_until, guidance_grade, created_at, updated_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	st_bind_text(stmt, 1, a->login);
	st_bind_text(stmt, 2, a->name);
	st_bind_text(stmt, 3, a->office);
	st_bind_text(stmt, 4, a->role);
	st_bind_text(stmt, 5, hash);
	st_bind_text(stmt, 6, a->cert_no);
	st_bind_text(stmt, 7, a->cert_valid_until);
	st_bind_text(stmt, 8, a->guidance_grade);
	st_bind_text(stmt, 9, stamp);
	st_bind_text(stmt, 10, stamp);
	sodium_memzero(hash, sizeof hash);
	if (st_step_done(st, stmt) != 0) {
		if (sqlite3_extended_errcode(st->db) == SQLITE_CONSTRAINT_PRIMARYKEY)
			snprintf(err, errlen, _("login \"%s\" already exists"), a->login);
		else if (sqlite3_extended_errcode(st->db) == SQLITE_CONSTRAINT_FOREIGNKEY)
			snprintf(err, errlen, _("office \"%s\" does not exist"), a->office);
		else
			snprintf(err, errlen, _("cannot add the account: %s"), store_errmsg(st));
		return -1;
	}
	st_audit(st, "account", a->login, "create");
	return 0;
}

static void
account_fill(sqlite3_stmt *stmt, struct account *a)
{
	snprintf(a->login, sizeof a->login, "%s", st_column_text(stmt, 0));
	snprintf(a->name, sizeof a->name, "%s", st_column_text(stmt, 1));
	snprintf(a->office, sizeof a->office, "%s", st_column_text(stmt, 2));
	snprintf(a->role, sizeof a->role, "%s", st_column_text(stmt, 3));
	a->disabled = sqlite3_column_int(stmt, 4);
	snprintf(a->cert_no, sizeof a->cert_no, "%s", st_column_text(stmt, 5));
	snprintf(a->cert_valid_until, sizeof a->cert_valid_until, "%s", st_column_text(stmt, 6));
	snprintf(a->guidance_grade, sizeof a->guidance_grade, "%s", st_column_text(stmt, 7));
	a->failed_logins = sqlite3_column_int(stmt, 8);
	a->locked_until = (long)sqlite3_column_int64(stmt, 9);
}

#define ACCOUNT_COLS "login, name, office, role, disabled, cert_no, cert_valid_until, " \
	"guidance_grade, failed_logins, locked_until"

/* One account: 1, 0 not found. */
int
account_get(struct store *st, const char *login, struct account *a)
{
	sqlite3_stmt *stmt = st_prepare(st, "SELECT " ACCOUNT_COLS " FROM account WHERE login = ?");
	int rc;

	st_bind_text(stmt, 1, login);
	rc = sqlite3_step(stmt) == SQLITE_ROW;
	if (rc)
		account_fill(stmt, a);
	sqlite3_finalize(stmt);
	return rc;
}

/* All accounts. */
int
account_list(struct store *st, struct account *a, size_t max, size_t *n)
{
	sqlite3_stmt *stmt = st_prepare(st, "SELECT " ACCOUNT_COLS " FROM account ORDER BY login");

	*n = 0;
	while (*n < max && sqlite3_step(stmt) == SQLITE_ROW)
		account_fill(stmt, &a[(*n)++]);
	sqlite3_finalize(stmt);
	return 0;
}

/* Change an account's details. */
int
account_update(struct store *st, const struct account *a, char *err, size_t errlen)
{
	sqlite3_stmt *stmt;
	char stamp[32];

	if (account_check_fields(a, err, errlen) != 0)
		return -1;
	store_timestamp(stamp);
	stmt = st_prepare(st, "UPDATE account SET name = ?, role = ?, cert_no = ?, "
	    "cert_valid_until = ?, guidance_grade = ?, updated_at = ? WHERE login = ?");
	st_bind_text(stmt, 1, a->name);
	st_bind_text(stmt, 2, a->role);
	st_bind_text(stmt, 3, a->cert_no);
	st_bind_text(stmt, 4, a->cert_valid_until);
	st_bind_text(stmt, 5, a->guidance_grade);
	st_bind_text(stmt, 6, stamp);
	st_bind_text(stmt, 7, a->login);
	if (st_step_done(st, stmt) != 0 || sqlite3_changes(st->db) != 1) {
		snprintf(err, errlen, _("no account \"%s\""), a->login);
		return -1;
	}
	st_audit(st, "account", a->login, "update");
	return 0;
}

/* Disable or enable an account. */
int
account_set_disabled(struct store *st, const char *login, int disabled, char *err, size_t errlen)
{
	sqlite3_stmt *stmt = st_prepare(st, "UPDATE account SET disabled = ?, failed_logins = 0, "
	    "locked_until = 0 WHERE login = ?");

	st_bind_int(stmt, 1, disabled);
	st_bind_text(stmt, 2, login);
	if (st_step_done(st, stmt) != 0 || sqlite3_changes(st->db) != 1) {
		snprintf(err, errlen, _("no account \"%s\""), login);
		return -1;
	}
	st_audit(st, "account", login, disabled ? "disable" : "enable");
	return 0;
}

/* Set a new password, which also lifts a lock. */
int
account_set_password(struct store *st, const char *login, const char *pw, char *err,
    size_t errlen)
{
	char hash[crypto_pwhash_STRBYTES], stamp[32];
	sqlite3_stmt *stmt;

	if (account_password_ok(pw, err, errlen) != 0 || account_hash(pw, hash, err, errlen) != 0)
		return -1;
	store_timestamp(stamp);
	stmt = st_prepare(st, "UPDATE account SET pwhash = ?, failed_logins = 0, locked_until = 0, "
	    "updated_at = ? WHERE login = ?");
	st_bind_text(stmt, 1, hash);
	st_bind_text(stmt, 2, stamp);
	st_bind_text(stmt, 3, login);
	sodium_memzero(hash, sizeof hash);
	if (st_step_done(st, stmt) != 0 || sqlite3_changes(st->db) != 1) {
		snprintf(err, errlen, _("no account \"%s\""), login);
		return -1;
	}
	st_audit(st, "account", login, "password");
	return 0;
}

/* Check a login and password, counting failures. */
enum login_result
account_login(struct store *st, const char *login, const char *pw, struct account *a)
{
	sqlite3_stmt *stmt;
	char hash[crypto_pwhash_STRBYTES];
	long now = (long)time(NULL);
	int ok, found;

	stmt = st_prepare(st, "SELECT " ACCOUNT_COLS ", pwhash FROM account WHERE login = ?");
	st_bind_text(stmt, 1, login);
	found = sqlite3_step(stmt) == SQLITE_ROW;
	if (found) {
		account_fill(stmt, a);
		snprintf(hash, sizeof hash, "%s", st_column_text(stmt, 10));
	}
	sqlite3_finalize(stmt);
	if (!found) {
		/* Spend the same time as a real check so logins cannot be probed. */
		if (crypto_pwhash_str(hash, pw, strlen(pw), ACCOUNT_PWHASH_OPS,
		    ACCOUNT_PWHASH_MEM) != 0)
			log_warn("password hashing ran out of memory");
		st_audit(st, "account", "-", "login_failed");
		return LOGIN_BAD;
	}
	if (a->disabled)
		return LOGIN_DISABLED;
	if (a->locked_until > now)
		return LOGIN_LOCKED;
	if (a->locked_until != 0) {
		/* The lock has run out: the count starts again. */
		a->failed_logins = 0;
		a->locked_until = 0;
	}
	ok = crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
	sodium_memzero(hash, sizeof hash);
	if (ok) {
		stmt = st_prepare(st, "UPDATE account SET failed_logins = 0, locked_until = 0 "
		    "WHERE login = ?");
		st_bind_text(stmt, 1, login);
		st_step_done(st, stmt);
		a->failed_logins = 0;
		a->locked_until = 0;
		st_audit(st, "account", login, "login");
		return LOGIN_OK;
	}
	a->failed_logins++;
	if (a->failed_logins >= LOGIN_MAX_FAILURES)
		a->locked_until = now + LOGIN_LOCK_SECONDS;
	stmt = st_prepare(st, "UPDATE account SET failed_logins = ?, locked_until = ? WHERE login = ?");
	st_bind_int(stmt, 1, a->failed_logins);
	st_bind_int(stmt, 2, a->locked_until);
	st_bind_text(stmt, 3, login);
	st_step_done(st, stmt);
	st_audit(st, "account", login, "login_failed");
	if (a->locked_until > now)
		return LOGIN_LOCKED;
	return LOGIN_BAD;
}
