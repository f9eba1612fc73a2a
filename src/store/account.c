/* Offices and clerk accounts in the local database. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "common/i18n.h"
#include "common/log.h"
#include "core/check.h"
#include "core/sign.h"
#include "store/account.h"
#include "store/store-int.h"

/*
 * Argon2id cost: 12 MiB, t=3, one of the settings OWASP gives as equal to
 * its floor of 19 MiB, t=2. The hash's memory comes on top of an enrolled
 * terminal's own (some 14 MB, TLS started), and 19 MiB broke the client's
 * 32 MB peak (DESIGN.md); hashes made with other costs are renewed at the
 * next good login.
 */
#define ACCOUNT_PWHASH_OPS	3
#define ACCOUNT_PWHASH_MEM	(12U * 1024 * 1024)

/* The most Argon2id memory a sealed key may ask for here: the server's largest setting. */
#define ACCOUNT_KEY_MAX_MEM	(1024U * 1024 * 1024)

/* The roles that manage accounts, as SQL (account_role_manages in core). */
#define ACCOUNT_MANAGER_ROLES	"('supervisor', 'administrator')"

/* Start a write transaction, or say why not. */
static int
account_begin(struct store *st, char *err, size_t errlen)
{
	if (st_begin(st) == 0)
		return 0;
	snprintf(err, errlen, _("cannot write to the database: %s"), store_errmsg(st));
	return -1;
}

/* Audit the change and commit; on failure err says why (the caller rolls back). */
static int
account_finish(struct store *st, const char *tbl, const char *record_id, const char *action,
    char *err, size_t errlen)
{
	if (st_audit(st, tbl, record_id, action) != 0) {
		snprintf(err, errlen, _("cannot record the change of \"%s\" in the audit trail: %s"),
		    record_id, store_errmsg(st));
		return -1;
	}
	if (st_commit(st) != 0) {
		snprintf(err, errlen, _("cannot save the change of \"%s\": %s"), record_id,
		    store_errmsg(st));
		return -1;
	}
	return 0;
}

/* Number of offices. */
int
office_count(struct store *st)
{
	return (int)st_count(st, "SELECT count(*) FROM office");
}

/* Add an office, audited. */
/* Insert an office row inside the open transaction; 0, or -1 with err. */
static int
office_insert(struct store *st, const char *code, const char *name, const char *level,
    const char *parent, char *err, size_t errlen)
{
	sqlite3_stmt *stmt;

	stmt = st_prepare(st, "INSERT INTO office (code, name, level, parent) VALUES (?, ?, ?, ?)");
	st_bind_text(stmt, 1, code);
	st_bind_text(stmt, 2, name);
	st_bind_text(stmt, 3, level);
	st_bind_text(stmt, 4, parent != NULL && *parent != '\0' ? parent : NULL);
	if (st_step_done(st, stmt) != 0) {
		if (sqlite3_extended_errcode(st->db) == SQLITE_CONSTRAINT_PRIMARYKEY)
			snprintf(err, errlen, _("office \"%s\" already exists"), code);
		else
			snprintf(err, errlen, _("cannot add office \"%s\": %s"), code,
			    store_errmsg(st));
		return -1;
	}
	return 0;
}

/* Add an office. */
int
office_add(struct store *st, const char *code, const char *name, const char *level,
    const char *parent, char *err, size_t errlen)
{
	if (office_code_ok(code, err, errlen) != 0 || office_name_ok(name, err, errlen) != 0 ||
	    office_level_ok(level, err, errlen) != 0)
		return -1;
	if (account_begin(st, err, errlen) != 0)
		return -1;
	if (office_insert(st, code, name, level, parent, err, errlen) != 0 ||
	    account_finish(st, "office", code, "create", err, errlen) != 0) {
		st_rollback(st);
		return -1;
	}
	return 0;
}

/* An office's name. */
int
office_name(struct store *st, const char *code, char *out, size_t outlen)
{
	return st_first_text(st, "SELECT name FROM office WHERE code = ?", code, out, outlen);
}

/* The terminal's office once enrolled, else the first office's code. */
int
office_first(struct store *st, char *code, size_t codelen)
{
	/* An enrolled terminal holds the district's offices: its own comes first. */
	return st_first_text(st, "SELECT code FROM office ORDER BY code <> coalesce("
	    "(SELECT value FROM setting WHERE key = 'terminal_office'), ''), rowid LIMIT 1", NULL,
	    code, codelen);
}

/* Write an office as the district sends it, inside the caller's transaction. */
int
st_office_upsert(struct store *st, const char *code, const char *name, const char *level,
    const char *parent, char *err, size_t errlen)
{
	sqlite3_stmt *stmt;

	if (office_code_ok(code, err, errlen) != 0 || office_name_ok(name, err, errlen) != 0 ||
	    office_level_ok(level, err, errlen) != 0)
		return 0;
	stmt = st_prepare(st, "INSERT INTO office (code, name, level, parent) VALUES (?, ?, ?, ?) "
	    "ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level, "
	    "parent = excluded.parent");
	st_bind_text(stmt, 1, code);
	st_bind_text(stmt, 2, name);
	st_bind_text(stmt, 3, level);
	st_bind_text(stmt, 4, parent != NULL && *parent != '\0' ? parent : NULL);
	return st_step_done(st, stmt) == 0 ? 1 : -1;
}

/*
 * Write an account as the district sends it, inside the caller's
 * transaction: the fields the record has replace the local ones (the
 * password hash too: a password changed at the district works here at the
 * next login), failed_logins and locked_until stay the terminal's own.
 */
int
st_account_upsert(struct store *st, const char *login, const struct fields *f, char *err,
    size_t errlen)
{
	static const char *const cols[] = {
		"name", "office", "role", "pwhash", "disabled", "cert_no", "cert_valid_until",
		"guidance_grade", "public_key", "sealed_key"
	};
	const char *v[sizeof cols / sizeof cols[0]];
	sqlite3_stmt *stmt;
	char stamp[32];
	size_t i;
	int exists;

	if (account_login_ok(login, err, errlen) != 0)
		return 0;
	for (i = 0; i < sizeof cols / sizeof cols[0]; i++)
		v[i] = fields_get(f, cols[i]);
	if ((v[0] != NULL && account_name_ok(v[0], err, errlen) != 0) ||
	    (v[2] != NULL && account_role_ok(v[2], err, errlen) != 0))
		return 0;
	/* Only an Argon2id string from libsodium can be checked at a login here. */
	if (v[3] != NULL && strncmp(v[3], "$argon2", 7) != 0) {
		snprintf(err, errlen, _("account \"%s\": the password hash is not an Argon2 string"),
		    login);
		return 0;
	}
	if (v[4] != NULL)
		v[4] = st_pulled_flag(v[4]) ? "1" : "0";
	stmt = st_prepare(st, "SELECT 1 FROM account WHERE login = ?");
	st_bind_text(stmt, 1, login);
	exists = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (exists != SQLITE_ROW && exists != SQLITE_DONE)
		return -1;
	/*
	 * The district sends the accounts of other offices disabled and
	 * without their hash: one this terminal never had stays away.
	 */
	if (exists == SQLITE_DONE && v[3] == NULL && v[4] != NULL && strcmp(v[4], "1") == 0)
		return 1;
	store_timestamp(stamp);
	if (exists == SQLITE_ROW) {
		/* Disabled without a hash (the clerk moved to another office): no hash kept here. */
		/* The sealed key goes with the hash: a moved clerk's leaves with it. */
		stmt = st_prepare(st, "UPDATE account SET name = coalesce(?1, name), "
		    "office = coalesce(?2, office), role = coalesce(?3, role), "
		    "pwhash = CASE WHEN ?4 IS NULL AND ?5 = 1 THEN '' ELSE coalesce(?4, pwhash) END, "
		    "disabled = coalesce(?5, disabled), "
		    "cert_no = coalesce(?6, cert_no), "
		    "cert_valid_until = coalesce(?7, cert_valid_until), "
		    "guidance_grade = coalesce(?8, guidance_grade), "
		    "public_key = coalesce(?11, public_key), "
		    "sealed_key = CASE WHEN ?4 IS NULL AND ?5 = 1 THEN '' "
		    "ELSE coalesce(?12, sealed_key) END, updated_at = ?9 "
		    "WHERE login = ?10");
	} else {
		if (v[0] == NULL || v[1] == NULL || v[2] == NULL || v[3] == NULL) {
			snprintf(err, errlen, _("account \"%s\": a new account needs a name, an "
			    "office, a role and a password hash"), login);
			return 0;
		}
		stmt = st_prepare(st, "INSERT INTO account (name, office, role, pwhash, disabled, "
		    "cert_no, cert_valid_until, guidance_grade, created_at, updated_at, login, "
		    "public_key, sealed_key) "
		    "VALUES (?1, ?2, ?3, ?4, coalesce(?5, 0), coalesce(?6, ''), coalesce(?7, ''), "
		    "coalesce(?8, ''), ?9, ?9, ?10, coalesce(?11, ''), coalesce(?12, ''))");
	}
	/* Parameters 1 to 8 and 11, 12 are the columns; 9 the time, 10 the login. */
	for (i = 0; i < sizeof cols / sizeof cols[0]; i++) {
		int at = i < 8 ? (int)i + 1 : (int)i + 3;

		if (i == 4 && v[i] != NULL)
			st_bind_int(stmt, at, v[i][0] - '0');
		else
			st_bind_text(stmt, at, v[i]);
	}
	st_bind_text(stmt, 9, stamp);
	st_bind_text(stmt, 10, login);
	return st_step_done(st, stmt) == 0 ? 1 : -1;
}

/* Number of accounts. */
int
account_count(struct store *st)
{
	return (int)st_count(st, "SELECT count(*) FROM account");
}

/* Check an account's fields (not its password). */
static int
account_fields_ok(const struct account *a, char *err, size_t errlen)
{
	if (account_login_ok(a->login, err, errlen) != 0 ||
	    account_name_ok(a->name, err, errlen) != 0 ||
	    account_role_ok(a->role, err, errlen) != 0)
		return -1;
	if (*a->cert_valid_until != '\0') {
		int ymd;

		if (check_date(a->cert_valid_until, &ymd, err, errlen) != 0)
			return -1;
	}
	return 0;
}

/* Hash a password at the current cost. */
static int
account_hash(const char *pw, char out[crypto_pwhash_STRBYTES], char *err, size_t errlen)
{
	if (crypto_pwhash_str(out, pw, strlen(pw), ACCOUNT_PWHASH_OPS, ACCOUNT_PWHASH_MEM) != 0) {
		snprintf(err, errlen, _("not enough memory to hash the password"));
		return -1;
	}
	return 0;
}

/* Insert an account with its hash, inside the caller's transaction. */
static int
account_insert(struct store *st, const struct account *a, const char *hash, char *err,
    size_t errlen)
{
	sqlite3_stmt *stmt;
	char stamp[32];

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
	if (st_step_done(st, stmt) == 0)
		return 0;
	if (sqlite3_extended_errcode(st->db) == SQLITE_CONSTRAINT_PRIMARYKEY)
		snprintf(err, errlen, _("login \"%s\" already exists"), a->login);
	else if (sqlite3_extended_errcode(st->db) == SQLITE_CONSTRAINT_FOREIGNKEY)
		snprintf(err, errlen, _("office \"%s\" does not exist"), a->office);
	else
		snprintf(err, errlen, _("cannot add the account: %s"), store_errmsg(st));
	return -1;
}

/*
 * Write a checked new account in one audited transaction: the first one
 * when who is NULL, else one made by who; with code (the first start) also
 * its office code, name and level, into an empty database. The hash is
 * made before the transaction, so the write lock is not held for the
 * Argon2id time.
 */
static int
account_write_new(struct store *st, const struct account_actor *who, const char *code,
    const char *name, const char *level, const struct account *a, const char *pw, char *err,
    size_t errlen)
{
	char hash[crypto_pwhash_STRBYTES];
	int rc = -1, n;

	if (account_hash(pw, hash, err, errlen) != 0)
		return -1;
	if (account_begin(st, err, errlen) != 0)
		goto out;
	if (code != NULL) {
		if (account_count(st) != 0 || office_count(st) != 0) {
			snprintf(err, errlen, _("this database is set up already"));
			goto out;
		}
		if (office_insert(st, code, name, level, NULL, err, errlen) != 0 ||
		    st_audit(st, "office", code, "create") != 0)
			goto out;
	} else if (who == NULL && (n = account_count(st)) != 0) {
		if (n < 0)
			snprintf(err, errlen, _("cannot read the accounts: %s"), store_errmsg(st));
		else
			snprintf(err, errlen, _("accounts exist already: a new one needs a supervisor or "
			    "an administrator"));
		goto out;
	}
	if (account_insert(st, a, hash, err, errlen) != 0 ||
	    account_finish(st, "account", a->login, "create", err, errlen) != 0)
		goto out;
	rc = 0;
out:
	if (rc != 0)
		st_rollback(st);
	sodium_memzero(hash, sizeof hash);
	return rc;
}

/*
 * The acting account as the database knows it now: a session opened
 * before its account was disabled or its role changed acts with what is
 * stored, not with what it had at login. Script actors ("cli:...") act as
 * given. 0 with *fresh (its role in role_buf), or -1 with err.
 */
static int
account_actor_now(struct store *st, const struct account_actor *who,
    struct account_actor *fresh, char *role_buf, size_t role_len, char *err, size_t errlen)
{
	struct account me;

	*fresh = *who;
	if (who->login == NULL || strncmp(who->login, "cli:", 4) == 0)
		return 0;
	if (account_get(st, who->login, &me) != 1 || me.disabled) {
		snprintf(err, errlen, _("your account \"%s\" is disabled or gone; log in again"),
		    who->login);
		return -1;
	}
	snprintf(role_buf, role_len, "%s", me.role);
	fresh->role = role_buf;
	return 0;
}

/* Add an account: the first one when who is NULL, else one made by who. */
static int
account_add_as(struct store *st, const struct account_actor *who, const struct account *a,
    const char *pw, char *err, size_t errlen)
{
	struct account_actor now;
	char role[16];

	if (account_fields_ok(a, err, errlen) != 0 || account_password_ok(pw, err, errlen) != 0)
		return -1;
	if (who != NULL && (account_actor_now(st, who, &now, role, sizeof role, err,
	    errlen) != 0 || account_may(&now, ACCOUNT_OP_CREATE, a->login, a->role, NULL, err,
	    errlen) != 0))
		return -1;
	return account_write_new(st, who, NULL, NULL, NULL, a, pw, err, errlen);
}

/* Add the first account of a new database. */
int
account_add(struct store *st, const struct account *a, const char *pw, char *err, size_t errlen)
{
	return account_add_as(st, NULL, a, pw, err, errlen);
}

/*
 * The first start's values checked: NULL when they pass, else the key of
 * the field at fault, by the rules in the order the form asks them, with
 * err saying why.
 */
static const char *
account_first_setup_check(const char *code, const char *name, const char *level,
    const struct account *a, const char *pw, char *err, size_t errlen)
{
	if (office_code_ok(code, err, errlen) != 0)
		return "office_code";
	if (office_name_ok(name, err, errlen) != 0)
		return "office_name";
	if (office_level_ok(level, err, errlen) != 0)
		return "office_level";
	if (account_login_ok(a->login, err, errlen) != 0)
		return "login";
	if (account_name_ok(a->name, err, errlen) != 0)
		return "name";
	if (account_password_ok(pw, err, errlen) != 0)
		return "password";
	if (account_fields_ok(a, err, errlen) != 0)
		return "";
	if (strcmp(a->office, code) != 0) {
		snprintf(err, errlen, _("the first account belongs to the office \"%s\""), code);
		return "office_code";
	}
	return NULL;
}

/*
 * The first start of a new database: its office and first supervisor in
 * one transaction, so that a refused account leaves no office behind.
 */
int
account_first_setup(struct store *st, const char *code, const char *name, const char *level,
    const struct account *a, const char *pw, char *err, size_t errlen)
{
	if (account_first_setup_check(code, name, level, a, pw, err, errlen) != NULL)
		return -1;
	return account_write_new(st, NULL, code, name, level, a, pw, err, errlen);
}

/* The first start's office and supervisor. */
int
account_first_start(struct store *st, const char *code, const char *name, const char *level,
    const char *login, const char *person, const char *pw, const char **field, char *err,
    size_t errlen)
{
	struct account a;
	const char *bad;

	if (field != NULL)
		*field = NULL;
	memset(&a, 0, sizeof a);
	snprintf(a.login, sizeof a.login, "%s", login);
	snprintf(a.name, sizeof a.name, "%s", person);
	snprintf(a.office, sizeof a.office, "%s", code);
	snprintf(a.role, sizeof a.role, "supervisor");
	if ((bad = account_first_setup_check(code, name, level, &a, pw, err, errlen)) != NULL) {
		if (field != NULL)
			*field = bad;
		return -1;
	}
	return account_write_new(st, NULL, code, name, level, &a, pw, err, errlen);
}

/* Add an account made by who. */
int
account_create(struct store *st, const struct account_actor *who, const struct account *a,
    const char *pw, char *err, size_t errlen)
{
	return account_add_as(st, who, a, pw, err, errlen);
}

/* Copies an account row, in the order of ACCOUNT_COLS, into a. */
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

/*
 * Read one account, and its password hash into hash when hash is not NULL:
 * 1, 0 when there is none, -1 on a database error.
 */
static int
account_read(struct store *st, const char *login, struct account *a,
    char hash[crypto_pwhash_STRBYTES])
{
	sqlite3_stmt *stmt = st_prepare(st, "SELECT " ACCOUNT_COLS ", pwhash FROM account "
	    "WHERE login = ?");
	int rc;

	st_bind_text(stmt, 1, login);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		account_fill(stmt, a);
		if (hash != NULL)
			snprintf(hash, crypto_pwhash_STRBYTES, "%s", st_column_text(stmt, 10));
	} else if (rc != SQLITE_DONE)
		log_error("cannot read account \"%s\": %s", login, sqlite3_errmsg(st->db));
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* One account. */
int
account_get(struct store *st, const char *login, struct account *a)
{
	return account_read(st, login, a, NULL);
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

/* Read the account a change is about, inside the transaction; 0, or -1 with err. */
static int
account_target(struct store *st, const char *login, struct account *a, char *err,
    size_t errlen)
{
	switch (account_read(st, login, a, NULL)) {
	case 1:
		return 0;
	case 0:
		snprintf(err, errlen, _("no account \"%s\""), login);
		return -1;
	default:
		snprintf(err, errlen, _("cannot read account \"%s\": %s"), login,
		    store_errmsg(st));
		return -1;
	}
}

/*
 * Refuse a change that leaves cur's office without an enabled supervisor
 * or administrator; is says whether cur is still one after the change.
 */
static int
account_manager_check(struct store *st, const struct account *cur, int is, char *err,
    size_t errlen)
{
	sqlite3_stmt *stmt;
	int was = !cur->disabled && account_role_manages(cur->role), others = -1;

	if (!was || is)
		return 0;
	stmt = st_prepare(st, "SELECT count(*) FROM account WHERE office = ? AND login <> ? AND "
	    "disabled = 0 AND role IN " ACCOUNT_MANAGER_ROLES);
	st_bind_text(stmt, 1, cur->office);
	st_bind_text(stmt, 2, cur->login);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		others = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	if (others < 0) {
		snprintf(err, errlen, _("cannot read the accounts: %s"), store_errmsg(st));
		return -1;
	}
	return account_keeps_manager(others, was, is, cur->login, cur->office, err, errlen);
}

/* Read the account a change is about and check that who may make it; 0, or -1 with err. */
static int
account_target_may(struct store *st, const struct account_actor *who, enum account_op op,
    const char *login, const char *newrole, struct account *cur, char *err, size_t errlen)
{
	struct account_actor now;
	char role[16];

	if (account_actor_now(st, who, &now, role, sizeof role, err, errlen) != 0 ||
	    account_target(st, login, cur, err, errlen) != 0)
		return -1;
	return account_may(&now, op, cur->login, cur->role, newrole, err, errlen);
}

/*
 * Run an account UPDATE whose last two parameters are updated_at and the
 * login (bound here), then audit it as action and commit; 0, or -1 with err.
 */
static int
account_write(struct store *st, sqlite3_stmt *stmt, const char *login, const char *action,
    char *err, size_t errlen)
{
	int n = sqlite3_bind_parameter_count(stmt);
	char stamp[32];

	store_timestamp(stamp);
	st_bind_text(stmt, n - 1, stamp);
	st_bind_text(stmt, n, login);
	if (st_step_done(st, stmt) != 0) {
		snprintf(err, errlen, _("cannot change account \"%s\": %s"), login,
		    store_errmsg(st));
		return -1;
	}
	return account_finish(st, "account", login, action, err, errlen);
}

/* Change an account's details. */
int
account_update(struct store *st, const struct account_actor *who, const struct account *a,
    char *err, size_t errlen)
{
	struct account cur;
	sqlite3_stmt *stmt;

	if (account_fields_ok(a, err, errlen) != 0)
		return -1;
	if (account_begin(st, err, errlen) != 0)
		return -1;
	if (account_target_may(st, who, ACCOUNT_OP_EDIT, a->login, a->role, &cur, err,
	    errlen) != 0 ||
	    account_manager_check(st, &cur, !cur.disabled && account_role_manages(a->role), err,
	    errlen) != 0)
		goto fail;
	stmt = st_prepare(st, "UPDATE account SET name = ?, role = ?, cert_no = ?, "
	    "cert_valid_until = ?, guidance_grade = ?, updated_at = ? WHERE login = ?");
	st_bind_text(stmt, 1, a->name);
	st_bind_text(stmt, 2, a->role);
	st_bind_text(stmt, 3, a->cert_no);
	st_bind_text(stmt, 4, a->cert_valid_until);
	st_bind_text(stmt, 5, a->guidance_grade);
	if (account_write(st, stmt, a->login, "update", err, errlen) != 0)
		goto fail;
	return 0;
fail:
	st_rollback(st);
	return -1;
}

/* Disable or enable an account. */
int
account_set_disabled(struct store *st, const struct account_actor *who, const char *login,
    int disabled, char *err, size_t errlen)
{
	struct account cur;
	sqlite3_stmt *stmt;

	if (account_begin(st, err, errlen) != 0)
		return -1;
	if (account_target_may(st, who, disabled ? ACCOUNT_OP_DISABLE : ACCOUNT_OP_ENABLE, login,
	    NULL, &cur, err, errlen) != 0 ||
	    account_manager_check(st, &cur, !disabled && account_role_manages(cur.role), err,
	    errlen) != 0)
		goto fail;
	stmt = st_prepare(st, "UPDATE account SET disabled = ?, failed_logins = 0, "
	    "locked_until = 0, updated_at = ? WHERE login = ?");
	st_bind_int(stmt, 1, disabled != 0);
	if (account_write(st, stmt, login, disabled ? "disable" : "enable", err, errlen) != 0)
		goto fail;
	return 0;
fail:
	st_rollback(st);
	return -1;
}

/* Set a new password, which also lifts a lock. */
int
account_set_password(struct store *st, const struct account_actor *who, const char *login,
    const char *pw, char *err, size_t errlen)
{
	struct account cur;
	char hash[crypto_pwhash_STRBYTES];
	sqlite3_stmt *stmt;
	int rc = -1;

	if (account_password_ok(pw, err, errlen) != 0 || account_hash(pw, hash, err, errlen) != 0)
		return -1;
	if (account_begin(st, err, errlen) != 0)
		goto out;
	if (account_target_may(st, who, ACCOUNT_OP_PASSWORD, login, NULL, &cur, err, errlen) != 0)
		goto out;
	stmt = st_prepare(st, "UPDATE account SET pwhash = ?, failed_logins = 0, locked_until = 0, "
	    "updated_at = ? WHERE login = ?");
	st_bind_text(stmt, 1, hash);
	if (account_write(st, stmt, login, "password", err, errlen) != 0)
		goto out;
	rc = 0;
out:
	if (rc != 0)
		st_rollback(st);
	sodium_memzero(hash, sizeof hash);
	return rc;
}

/* Clear an account's failed logins and lock. */
int
account_unlock(struct store *st, const struct account_actor *who, const char *login, char *err,
    size_t errlen)
{
	struct account cur;
	sqlite3_stmt *stmt;

	if (account_begin(st, err, errlen) != 0)
		return -1;
	if (account_target_may(st, who, ACCOUNT_OP_UNLOCK, login, NULL, &cur, err, errlen) != 0)
		goto fail;
	stmt = st_prepare(st, "UPDATE account SET failed_logins = 0, locked_until = 0, "
	    "updated_at = ? WHERE login = ?");
	if (account_write(st, stmt, login, "unlock", err, errlen) != 0)
		goto fail;
	return 0;
fail:
	st_rollback(st);
	return -1;
}

/*
 * Audit a login or a failed one under the login tried. st_audit names the
 * store's actor, which at a lock screen is still the last clerk; a login
 * that is not even text is recorded as "?".
 */
static int
account_audit_login(struct store *st, const char *login, const char *action)
{
	sqlite3_stmt *stmt = st_prepare(st, "INSERT INTO audit (at, clerk, terminal, tbl, "
	    "record_id, action) VALUES (?, ?, ?, ?, ?, ?)");
	const char *who = check_text(login, 64, NULL, 0) == 0 && *login != '\0' ? login : "?";
	char stamp[32];

	store_timestamp(stamp);
	st_bind_text(stmt, 1, stamp);
	st_bind_text(stmt, 2, who);
	st_bind_text(stmt, 3, store_terminal(st));
	st_bind_text(stmt, 4, "account");
	st_bind_text(stmt, 5, who);
	st_bind_text(stmt, 6, action);
	return st_step_done(st, stmt);
}

/* Save the failure count and lock, and on a good login an upgraded hash. */
static int
account_save_login(struct store *st, const struct account *a, const char *newhash)
{
	sqlite3_stmt *stmt;

	if (newhash != NULL) {
		stmt = st_prepare(st, "UPDATE account SET pwhash = ? WHERE login = ?");
		st_bind_text(stmt, 1, newhash);
		st_bind_text(stmt, 2, a->login);
		if (st_step_done(st, stmt) != 0)
			return -1;
	}
	stmt = st_prepare(st, "UPDATE account SET failed_logins = ?, locked_until = ? "
	    "WHERE login = ?");
	st_bind_int(stmt, 1, a->failed_logins);
	st_bind_int(stmt, 2, a->locked_until);
	st_bind_text(stmt, 3, a->login);
	return st_step_done(st, stmt);
}

/*
 * After a good login: the account's signing key, sealed under its
 * district password, opened into the store so that what the clerk writes
 * is signed. An account without one (made here, or not yet given a key by
 * the district) signs nothing; one sealed under another password (changed
 * here, not at the district) is said in the log.
 */
static void
account_open_key(struct store *st, const char *login, const char *pw)
{
	unsigned char key[SIGN_SECRET_LEN];
	char sealed[SIGN_SEALED_MAX] = "";

	store_clear_signer(st);
	if (st_first_text(st, "SELECT sealed_key FROM account WHERE login = ?", login, sealed,
	    sizeof sealed) != 0 || *sealed == '\0')
		return;
	if (sign_unseal(sealed, pw, ACCOUNT_KEY_MAX_MEM, key) != 0) {
		log_warn("the signing key of %s does not open with this password; what %s writes "
		    "is not signed until the district's password is used", login, login);
		return;
	}
	store_set_signer(st, login, key);
	sodium_memzero(key, sizeof key);
}

/* Check a login and password, counting failures. */
enum login_result
account_login(struct store *st, const char *login, const char *pw, struct account *a)
{
	char hash[crypto_pwhash_STRBYTES], newhash[crypto_pwhash_STRBYTES];
	enum login_result r = LOGIN_ERROR;
	long now = (long)time(NULL);
	const char *action = "login_failed";
	int found, ok, rehash = 0;

	memset(a, 0, sizeof *a);
	if (st_begin(st) != 0)
		return LOGIN_ERROR;
	if ((found = account_read(st, login, a, hash)) < 0)
		goto out;
	if (!found) {
		/* Spend the time a real check takes, so logins cannot be probed. */
		if (crypto_pwhash_str(hash, pw, strlen(pw), ACCOUNT_PWHASH_OPS,
		    ACCOUNT_PWHASH_MEM) != 0)
			log_warn("password hashing ran out of memory");
		memset(a, 0, sizeof *a);
		if (account_audit_login(st, login, action) == 0 && st_commit(st) == 0)
			r = LOGIN_BAD;
		goto out;
	}
	/* The password first: the account's state is only for who knows it. */
	ok = crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
	if (a->locked_until != 0 && a->locked_until <= now) {
		/* The lock has run out: the count starts again. */
		a->failed_logins = 0;
		a->locked_until = 0;
	}
	if (!ok) {
		a->failed_logins++;
		if (a->failed_logins >= LOGIN_MAX_FAILURES && a->locked_until == 0)
			a->locked_until = now + LOGIN_LOCK_SECONDS;
		r = LOGIN_BAD;
	} else if (a->disabled) {
		action = "login_refused";
		r = LOGIN_DISABLED;
	} else if (a->locked_until > now) {
		action = "login_refused";
		r = LOGIN_LOCKED;
	} else {
		a->failed_logins = 0;
		a->locked_until = 0;
		action = "login";
		r = LOGIN_OK;
		/* A hash made at another cost is upgraded now that the password is known. */
		if (crypto_pwhash_str_needs_rehash(hash, ACCOUNT_PWHASH_OPS,
		    ACCOUNT_PWHASH_MEM) != 0) {
			if (crypto_pwhash_str(newhash, pw, strlen(pw), ACCOUNT_PWHASH_OPS,
			    ACCOUNT_PWHASH_MEM) == 0)
				rehash = 1;
			else
				log_warn("password hashing ran out of memory; hash of \"%s\" kept",
				    a->login);
		}
	}
	if (account_save_login(st, a, rehash ? newhash : NULL) != 0 ||
	    account_audit_login(st, a->login, action) != 0 || st_commit(st) != 0)
		r = LOGIN_ERROR;
	if (r == LOGIN_OK)
		account_open_key(st, a->login, pw);
out:
	if (r == LOGIN_ERROR)
		st_rollback(st);
	sodium_memzero(hash, sizeof hash);
	sodium_memzero(newhash, sizeof newhash);
	return r;
}
