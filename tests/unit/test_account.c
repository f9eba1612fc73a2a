/*
 * Unit tests for offices and staff accounts: the pure rules of
 * src/core/account_rules.c (syntax, who may change whose account, the last
 * supervisor of an office), and src/store/account.c enforcing them, with
 * logins, locks, the audit trail and password hashes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>
#include <sqlite3.h>

#include "core/account_rules.h"
#include "store/account.h"
#include "store/store.h"

#include "testlib.h"

#define OFFICE	"110105"	/* the office of make_account */

/* The actors of these tests: the command line is the machine's administrator. */
static const struct account_actor cli = { "cli:root", "administrator" };
static const struct account_actor boss = { "boss", "administrator" };
static const struct account_actor sup = { "sup", "supervisor" };
static const struct account_actor clerk = { "wang.li", "clerk" };

/* ---- The rules, without a database ---- */

/* Logins, names, passwords, roles and offices: what is refused, and why. */
static void
test_rules_syntax(void **state)
{
	char err[256] = "";

	(void)state;
	assert_int_equal(account_login_ok("wang.li", err, sizeof err), 0);
	assert_int_equal(account_login_ok("Wang Li", err, sizeof err), -1);
	assert_mentions(err, "may only hold");
	assert_int_equal(account_login_ok("", err, sizeof err), -1);
	assert_int_equal(account_login_ok("a23456789012345678901234567890123", err, sizeof err),
	    -1);
	assert_mentions(err, "1 to 32");
	assert_int_equal(account_name_ok("王丽", err, sizeof err), 0);
	assert_int_equal(account_name_ok("", err, sizeof err), -1);
	assert_mentions(err, "needs a name");
	/* Seven Chinese characters are 21 bytes but only 7 characters. */
	assert_int_equal(account_password_ok("就业服务中心窗", err, sizeof err), -1);
	assert_mentions(err, "too short");
	assert_int_equal(account_password_ok("就业服务中心窗口", err, sizeof err), 0);
	assert_int_equal(account_password_ok("\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8", err, sizeof err),
	    -1);
	assert_mentions(err, "UTF-8");
	assert_int_equal(account_role_ok("counsellor", err, sizeof err), 0);
	assert_int_equal(account_role_ok("boss", err, sizeof err), -1);
	assert_mentions(err, "role \"boss\"");
	assert_int_equal(account_role_manages("supervisor"), 1);
	assert_int_equal(account_role_manages("clerk"), 0);
	assert_int_equal(office_code_ok("110105-01", err, sizeof err), 0);
	assert_int_equal(office_code_ok("110 105", err, sizeof err), -1);
	assert_mentions(err, "110 105");
	assert_int_equal(office_level_ok("district", err, sizeof err), 0);
	assert_int_equal(office_level_ok("county", err, sizeof err), -1);
	assert_mentions(err, "county");
	assert_int_equal(office_name_ok("", err, sizeof err), -1);
	/* No message buffer: the answer alone. */
	assert_int_equal(account_login_ok("Wang", NULL, 0), -1);
}

/* A supervisor manages clerks and counsellors only; an administrator everyone. */
static void
test_rules_supervisor(void **state)
{
	char err[256] = "";

	(void)state;
	assert_int_equal(account_may(&sup, ACCOUNT_OP_CREATE, "zhao", "clerk", NULL, err,
	    sizeof err), 0);
	assert_int_equal(account_may(&sup, ACCOUNT_OP_CREATE, "zhao", "administrator", NULL, err,
	    sizeof err), -1);
	assert_mentions(err, "create an account of role \"administrator\"");
	assert_int_equal(account_may(&sup, ACCOUNT_OP_CREATE, "zhao", "supervisor", NULL, err,
	    sizeof err), -1);
	assert_int_equal(account_may(&sup, ACCOUNT_OP_EDIT, "li", "clerk", "supervisor", err,
	    sizeof err), -1);
	assert_mentions(err, "give the role \"supervisor\"");
	assert_int_equal(account_may(&sup, ACCOUNT_OP_EDIT, "li", "clerk", "counsellor", err,
	    sizeof err), 0);
	assert_int_equal(account_may(&sup, ACCOUNT_OP_DISABLE, "sup2", "supervisor", NULL, err,
	    sizeof err), -1);
	assert_mentions(err, "sup2");
	assert_int_equal(account_may(&sup, ACCOUNT_OP_PASSWORD, "boss", "administrator", NULL,
	    err, sizeof err), -1);
	assert_int_equal(account_may(&sup, ACCOUNT_OP_UNLOCK, "boss", "administrator", NULL, err,
	    sizeof err), -1);
	assert_int_equal(account_may(&sup, ACCOUNT_OP_UNLOCK, "li", "counsellor", NULL, err,
	    sizeof err), 0);
	/* The administrator may. */
	assert_int_equal(account_may(&boss, ACCOUNT_OP_CREATE, "zhao", "administrator", NULL, err,
	    sizeof err), 0);
	assert_int_equal(account_may(&boss, ACCOUNT_OP_EDIT, "sup", "supervisor", "clerk", err,
	    sizeof err), 0);
	assert_int_equal(account_may(&boss, ACCOUNT_OP_DISABLE, "sup", "supervisor", NULL, err,
	    sizeof err), 0);
	assert_int_equal(account_may(&cli, ACCOUNT_OP_PASSWORD, "boss", "administrator", NULL,
	    err, sizeof err), 0);
	/* A clerk manages nobody. */
	assert_int_equal(account_may(&clerk, ACCOUNT_OP_CREATE, "zhao", "clerk", NULL, err,
	    sizeof err), -1);
	assert_mentions(err, "only a supervisor or an administrator");
}

/* Nobody changes their own role or disables themselves; a password they may. */
static void
test_rules_self(void **state)
{
	char err[256] = "";

	(void)state;
	assert_int_equal(account_may(&sup, ACCOUNT_OP_EDIT, "sup", "supervisor", "clerk", err,
	    sizeof err), -1);
	assert_mentions(err, "your own role");
	assert_int_equal(account_may(&boss, ACCOUNT_OP_EDIT, "boss", "administrator", "clerk", err,
	    sizeof err), -1);
	assert_mentions(err, "your own role");
	assert_int_equal(account_may(&boss, ACCOUNT_OP_EDIT, "boss", "administrator",
	    "administrator", err, sizeof err), 0);
	assert_int_equal(account_may(&sup, ACCOUNT_OP_DISABLE, "sup", "supervisor", NULL, err,
	    sizeof err), -1);
	assert_mentions(err, "your own account");
	assert_int_equal(account_may(&boss, ACCOUNT_OP_DISABLE, "boss", "administrator", NULL, err,
	    sizeof err), -1);
	assert_int_equal(account_may(&clerk, ACCOUNT_OP_PASSWORD, "wang.li", "clerk", NULL, err,
	    sizeof err), 0);
	assert_int_equal(account_may(&sup, ACCOUNT_OP_PASSWORD, "sup", "supervisor", NULL, err,
	    sizeof err), 0);
}

/* Only the change that takes the last supervisor or administrator away is refused. */
static void
test_rules_last_manager(void **state)
{
	char err[256] = "";

	(void)state;
	assert_int_equal(account_keeps_manager(0, 1, 0, "sup", OFFICE, err, sizeof err), -1);
	assert_mentions(err, "\"sup\" is the last");
	assert_mentions(err, OFFICE);
	assert_int_equal(account_keeps_manager(1, 1, 0, "sup", OFFICE, err, sizeof err), 0);
	assert_int_equal(account_keeps_manager(0, 1, 1, "sup", OFFICE, err, sizeof err), 0);
	/* An office without one yet can still have its clerks changed. */
	assert_int_equal(account_keeps_manager(0, 0, 0, "li", OFFICE, err, sizeof err), 0);
}

/* ---- The store ---- */

/* Add an account as the command line would, failing the test if refused. */
static void
add(struct store *st, const char *login, const char *role)
{
	struct account a;
	char err[256] = "";

	make_account(&a, login, role);
	if (account_create(st, &cli, &a, "correct horse", err, sizeof err) != 0)
		fail_msg("%s", err);
}

/* A fresh database with an office, and the administrator "boss" as its first account. */
static int
setup(void **state)
{
	struct account a;
	struct store *st;
	char err[512] = "";

	rm_db(dbpath);
	st = open_store(dbpath, "boss", OFFICE);
	if (office_add(st, OFFICE, "朝阳区就业服务中心", "district", NULL, err, sizeof err) != 0)
		fail_msg("%s", err);
	make_account(&a, "boss", "administrator");
	if (account_add(st, &a, "correct horse", err, sizeof err) != 0)
		fail_msg("%s", err);
	*state = st;
	return 0;
}

/* Adding the office and the first account is audited; a second "first" is refused. */
static void
test_first_account(void **state)
{
	struct store *st = *state;
	struct account a;
	char err[256] = "";

	assert_int_equal(count(st, "SELECT count(*) FROM audit WHERE tbl = 'office' AND "
	    "record_id = '" OFFICE "' AND action = 'create'"), 1);
	assert_int_equal(count(st, "SELECT count(*) FROM audit WHERE tbl = 'account' AND "
	    "record_id = 'boss' AND action = 'create'"), 1);
	make_account(&a, "zhao", "clerk");
	assert_int_equal(account_add(st, &a, "correct horse", err, sizeof err), -1);
	assert_mentions(err, "supervisor or an administrator");
	assert_int_equal(account_count(st), 1);
	assert_int_equal(office_add(st, OFFICE, "again", "district", NULL, err, sizeof err), -1);
	assert_mentions(err, "already exists");
	assert_int_equal(count(st, "SELECT count(*) FROM audit WHERE tbl = 'office'"), 1);
}

/* The first start is all or nothing: a refused account leaves no office behind. */
static void
test_first_setup_atomic(void **state)
{
	struct account a;
	struct store *st;
	char err[512] = "";

	(void)state;
	rm_db(dbpath);
	st = open_store(dbpath, NULL, NULL);
	make_account(&a, "Boss", "supervisor");		/* upper case: not a login */
	assert_int_equal(account_first_setup(st, OFFICE, "朝阳区就业服务中心", "district", &a,
	    "correct horse", err, sizeof err), -1);
	assert_int_equal(office_count(st), 0);
	assert_int_equal(account_count(st), 0);
	make_account(&a, "boss", "supervisor");
	assert_int_equal(account_first_setup(st, OFFICE, "朝阳区就业服务中心", "district", &a,
	    "short", err, sizeof err), -1);
	assert_int_equal(office_count(st), 0);
	assert_int_equal(account_first_setup(st, OFFICE, "朝阳区就业服务中心", "district", &a,
	    "correct horse", err, sizeof err), 0);
	assert_int_equal(office_count(st), 1);
	assert_int_equal(account_count(st), 1);
	assert_int_equal(account_first_setup(st, OFFICE, "again", "district", &a,
	    "correct horse", err, sizeof err), -1);
	assert_mentions(err, "set up already");
	store_close(st);
}

/*
 * The first start names the field at fault by its key, the same whatever
 * the language of the message: the screen puts the cursor there.
 */
static void
test_first_start_field(void **state)
{
	struct store *st;
	const char *field = "unset";
	char err[512] = "";

	(void)state;
	rm_db(dbpath);
	st = open_store(dbpath, NULL, NULL);
	assert_int_equal(account_first_start(st, "110105 001", "朝阳区就业服务中心", "district",
	    "boss", "王芳", "correct horse", &field, err, sizeof err), -1);
	assert_string_equal(field, "office_code");
	assert_int_equal(account_first_start(st, OFFICE, "朝阳区就业服务中心", "village",
	    "boss", "王芳", "correct horse", &field, err, sizeof err), -1);
	assert_string_equal(field, "office_level");
	assert_int_equal(account_first_start(st, OFFICE, "朝阳区就业服务中心", "district",
	    "Boss", "王芳", "correct horse", &field, err, sizeof err), -1);
	assert_string_equal(field, "login");
	assert_int_equal(account_first_start(st, OFFICE, "朝阳区就业服务中心", "district",
	    "boss", "王芳", "short", &field, err, sizeof err), -1);
	assert_string_equal(field, "password");
	assert_int_equal(office_count(st), 0);
	assert_int_equal(account_first_start(st, OFFICE, "朝阳区就业服务中心", "district",
	    "boss", "王芳", "correct horse", &field, err, sizeof err), 0);
	assert_int_equal(account_count(st), 1);
	/* Refused by the database, not by a field: no field to put the cursor on. */
	field = "unset";
	assert_int_equal(account_first_start(st, OFFICE, "朝阳区就业服务中心", "district",
	    "boss2", "李强", "correct horse", &field, err, sizeof err), -1);
	assert_null(field);
	assert_mentions(err, "set up already");
	store_close(st);
}

/* A session acts with the account as stored now, not as it was at login. */
static void
test_actor_checked_now(void **state)
{
	struct store *st = *state;
	struct account a;
	char err[256] = "";

	add(st, "sup", "supervisor");
	add(st, "wang.li", "clerk");
	/* Disabled while still logged in: the supervisor can no longer act. */
	assert_int_equal(account_set_disabled(st, &cli, "sup", 1, err, sizeof err), 0);
	make_account(&a, "zhao", "clerk");
	assert_int_equal(account_create(st, &sup, &a, "correct horse", err, sizeof err), -1);
	assert_mentions(err, "disabled");
	assert_int_equal(account_set_disabled(st, &sup, "wang.li", 1, err, sizeof err), -1);
	assert_int_equal(count(st, "SELECT count(*) FROM account WHERE login = 'zhao'"), 0);
	/* Nor can it lift its own disabling. */
	assert_int_equal(account_set_disabled(st, &sup, "sup", 0, err, sizeof err), -1);
	assert_int_equal(count(st, "SELECT disabled FROM account WHERE login = 'sup'"), 1);
	/* Demoted to clerk while logged in as a supervisor: the stored role counts. */
	assert_int_equal(account_set_disabled(st, &cli, "sup", 0, err, sizeof err), 0);
	make_account(&a, "sup", "clerk");
	assert_int_equal(account_update(st, &cli, &a, err, sizeof err), 0);
	make_account(&a, "zhao", "clerk");
	assert_int_equal(account_create(st, &sup, &a, "correct horse", err, sizeof err), -1);
	assert_mentions(err, "only a supervisor or an administrator");
}

/* Passwords are kept only as Argon2id strings; the right one logs in. */
static void
test_account_add_login(void **state)
{
	struct store *st = *state;
	struct account a, got;
	char err[256] = "";

	make_account(&a, "wang.li", "clerk");
	assert_int_equal(account_create(st, &cli, &a, "correct horse", err, sizeof err), 0);
	assert_int_equal(account_count(st), 2);
	assert_int_equal(count(st, "SELECT count(*) FROM account WHERE login = 'wang.li' AND "
	    "substr(pwhash, 1, 10) = '$argon2id$'"), 1);
	assert_int_equal(count(st, "SELECT count(*) FROM account WHERE instr(pwhash, "
	    "'correct horse') > 0"), 0);
	assert_int_equal(account_login(st, "wang.li", "correct horse", &got), LOGIN_OK);
	assert_string_equal(got.login, "wang.li");
	assert_string_equal(got.name, "王丽");
	assert_string_equal(got.role, "clerk");
	assert_int_equal(got.failed_logins, 0);
	assert_int_equal(account_login(st, "nobody", "correct horse", &got), LOGIN_BAD);
	assert_string_equal(got.login, "");
	assert_int_equal(account_login(st, "wang.li", "Correct horse", &got), LOGIN_BAD);
	assert_int_equal(got.failed_logins, 1);

	/* Mistakes in the account itself. */
	assert_int_equal(account_create(st, &cli, &a, "correct horse", err, sizeof err), -1);
	assert_mentions(err, "already exists");
	make_account(&a, "Wang Li", "clerk");
	assert_int_equal(account_create(st, &cli, &a, "correct horse", err, sizeof err), -1);
	assert_mentions(err, "may only hold");
	make_account(&a, "zhao.liu", "boss");
	assert_int_equal(account_create(st, &cli, &a, "correct horse", err, sizeof err), -1);
	assert_mentions(err, "boss");
	make_account(&a, "zhao.liu", "clerk");
	assert_int_equal(account_create(st, &cli, &a, "short", err, sizeof err), -1);
	assert_mentions(err, "too short");
	assert_int_equal(account_count(st), 2);
}

/* A supervisor cannot create an administrator, nor promote, nor touch a supervisor. */
static void
test_supervisor_limits(void **state)
{
	struct store *st = *state;
	struct account a;
	char err[256] = "";
	long long audits;

	add(st, "sup", "supervisor");
	add(st, "sup2", "supervisor");
	add(st, "li", "counsellor");
	audits = count(st, "SELECT count(*) FROM audit");
	make_account(&a, "zhao", "administrator");
	assert_int_equal(account_create(st, &sup, &a, "correct horse", err, sizeof err), -1);
	assert_mentions(err, "only an administrator may create");
	assert_int_equal(count(st, "SELECT count(*) FROM account WHERE login = 'zhao'"), 0);
	make_account(&a, "li", "supervisor");
	assert_int_equal(account_update(st, &sup, &a, err, sizeof err), -1);
	assert_int_equal(account_set_disabled(st, &sup, "sup2", 1, err, sizeof err), -1);
	assert_mentions(err, "only an administrator");
	assert_int_equal(account_set_password(st, &sup, "boss", "new horse staple", err,
	    sizeof err), -1);
	/* Nothing written, nothing audited. */
	assert_int_equal(count(st, "SELECT count(*) FROM audit"), audits);
	assert_int_equal(count(st, "SELECT count(*) FROM account WHERE login = 'li' AND "
	    "role = 'counsellor'"), 1);

	/* What a supervisor may do. */
	make_account(&a, "zhao", "clerk");
	assert_int_equal(account_create(st, &sup, &a, "correct horse", err, sizeof err), 0);
	make_account(&a, "zhao", "counsellor");
	assert_int_equal(account_update(st, &sup, &a, err, sizeof err), 0);
	assert_int_equal(account_set_disabled(st, &sup, "zhao", 1, err, sizeof err), 0);
	/* The administrator may do the rest. */
	make_account(&a, "li", "supervisor");
	assert_int_equal(account_update(st, &boss, &a, err, sizeof err), 0);
	assert_int_equal(account_set_disabled(st, &boss, "sup2", 1, err, sizeof err), 0);
	assert_int_equal(count(st, "SELECT count(*) FROM audit WHERE clerk = 'boss' AND "
	    "record_id = 'sup2' AND action = 'disable'"), 1);
}

/* Nobody demotes or disables themselves, whatever their role. */
static void
test_no_self_demotion(void **state)
{
	struct store *st = *state;
	struct account a;
	char err[256] = "";

	add(st, "sup", "supervisor");
	make_account(&a, "sup", "clerk");
	assert_int_equal(account_update(st, &sup, &a, err, sizeof err), -1);
	assert_mentions(err, "your own role");
	assert_int_equal(account_set_disabled(st, &sup, "sup", 1, err, sizeof err), -1);
	assert_mentions(err, "your own account");
	make_account(&a, "boss", "clerk");
	assert_int_equal(account_update(st, &boss, &a, err, sizeof err), -1);
	assert_mentions(err, "your own role");
	assert_int_equal(count(st, "SELECT count(*) FROM account WHERE role = 'clerk'"), 0);
	assert_int_equal(count(st, "SELECT count(*) FROM account WHERE disabled = 1"), 0);
	/* Their own password they may set. */
	assert_int_equal(account_set_password(st, &sup, "sup", "new horse staple", err,
	    sizeof err), 0);
}

/* The last enabled supervisor or administrator of an office stays. */
static void
test_last_manager(void **state)
{
	struct store *st = *state;
	struct account a;
	char err[256] = "";

	add(st, "sup", "supervisor");
	assert_int_equal(account_set_disabled(st, &cli, "sup", 1, err, sizeof err), 0);
	/* boss is the last one now: neither disabled nor demoted, even by the command line. */
	assert_int_equal(account_set_disabled(st, &cli, "boss", 1, err, sizeof err), -1);
	assert_mentions(err, "\"boss\" is the last enabled");
	make_account(&a, "boss", "counsellor");
	assert_int_equal(account_update(st, &cli, &a, err, sizeof err), -1);
	assert_mentions(err, "the last enabled");
	assert_int_equal(count(st, "SELECT count(*) FROM account WHERE login = 'boss' AND "
	    "disabled = 0 AND role = 'administrator'"), 1);
	/* With another one back, the administrator may go. */
	assert_int_equal(account_set_disabled(st, &cli, "sup", 0, err, sizeof err), 0);
	assert_int_equal(account_set_disabled(st, &cli, "boss", 1, err, sizeof err), 0);
	/* Clerks are changed freely. */
	add(st, "li", "clerk");
	assert_int_equal(account_set_disabled(st, &cli, "li", 1, err, sizeof err), 0);
}

/* A write whose audit record fails is not made; a database error is not "no account". */
static void
test_write_fails_with_audit(void **state)
{
	struct store *st = *state;
	struct account a;
	char err[256] = "";

	add(st, "li", "clerk");
	exec_sql(st, "CREATE TEMP TRIGGER audit_broken BEFORE INSERT ON audit "
	    "BEGIN SELECT RAISE(ABORT, 'audit is broken'); END");
	make_account(&a, "li", "counsellor");
	assert_int_equal(account_update(st, &cli, &a, err, sizeof err), -1);
	assert_mentions(err, "audit");
	assert_int_equal(count(st, "SELECT count(*) FROM account WHERE login = 'li' AND "
	    "role = 'clerk'"), 1);
	assert_int_equal(account_set_disabled(st, &cli, "li", 1, err, sizeof err), -1);
	assert_int_equal(account_set_password(st, &cli, "li", "new horse staple", err,
	    sizeof err), -1);
	make_account(&a, "zhao", "clerk");
	assert_int_equal(account_create(st, &cli, &a, "correct horse", err, sizeof err), -1);
	assert_int_equal(count(st, "SELECT count(*) FROM account WHERE login = 'zhao' OR "
	    "disabled = 1"), 0);
	assert_int_equal(office_add(st, "110106", "丰台区", "district", NULL, err, sizeof err),
	    -1);
	assert_int_equal(office_count(st), 1);
	/* A login that cannot be audited is a database error, and changes nothing. */
	assert_int_equal(account_login(st, "li", "wrong horse", &a), LOGIN_ERROR);
	assert_int_equal(count(st, "SELECT failed_logins FROM account WHERE login = 'li'"), 0);
	exec_sql(st, "DROP TRIGGER audit_broken");
	/* Unknown is unknown, and named. */
	make_account(&a, "nobody", "clerk");
	assert_int_equal(account_update(st, &cli, &a, err, sizeof err), -1);
	assert_mentions(err, "no account \"nobody\"");
}

/* Audit of a login names the login tried, not the clerk of the locked screen. */
static void
test_login_audit_names_login(void **state)
{
	struct store *st = *state;
	struct account got;

	add(st, "li", "clerk");
	/* The last clerk is still the store's actor, as at a lock screen. */
	store_set_actor(st, "boss", OFFICE);
	assert_int_equal(account_login(st, "li", "wrong horse", &got), LOGIN_BAD);
	assert_int_equal(account_login(st, "ghost", "wrong horse", &got), LOGIN_BAD);
	assert_int_equal(account_login(st, "li", "correct horse", &got), LOGIN_OK);
	assert_int_equal(count(st, "SELECT count(*) FROM audit WHERE clerk = 'li' AND "
	    "record_id = 'li' AND action = 'login_failed'"), 1);
	assert_int_equal(count(st, "SELECT count(*) FROM audit WHERE clerk = 'ghost' AND "
	    "record_id = 'ghost' AND action = 'login_failed'"), 1);
	assert_int_equal(count(st, "SELECT count(*) FROM audit WHERE clerk = 'li' AND "
	    "record_id = 'li' AND action = 'login'"), 1);
	assert_int_equal(count(st, "SELECT count(*) FROM audit WHERE clerk = 'boss' AND "
	    "action LIKE 'login%%'"), 0);
}

/*
 * Five wrong passwords lock the account. A wrong password then gets the
 * same answer as any wrong password; only the right one learns of the lock.
 */
static void
test_account_lock(void **state)
{
	struct store *st = *state;
	struct account got;
	char err[256] = "";
	int i;

	add(st, "wang.li", "clerk");
	for (i = 1; i <= LOGIN_MAX_FAILURES; i++) {
		assert_int_equal(account_login(st, "wang.li", "wrong horse", &got), LOGIN_BAD);
		/* The count the login screen's wait grows with, as stored. */
		assert_int_equal(got.failed_logins, i);
		assert_int_equal(account_get(st, "wang.li", &got), 1);
		assert_int_equal(got.failed_logins, i);
	}
	assert_true(got.locked_until > (long)time(NULL));
	assert_int_equal(account_login(st, "wang.li", "wrong horse", &got), LOGIN_BAD);
	assert_int_equal(got.failed_logins, LOGIN_MAX_FAILURES + 1);
	assert_int_equal(account_login(st, "wang.li", "correct horse", &got), LOGIN_LOCKED);
	assert_true(got.locked_until > (long)time(NULL));
	assert_int_equal(count(st, "SELECT count(*) FROM audit WHERE action = 'login_failed' AND "
	    "record_id = 'wang.li'"), LOGIN_MAX_FAILURES + 1);
	assert_int_equal(count(st, "SELECT count(*) FROM audit WHERE action = 'login_refused' AND "
	    "record_id = 'wang.li'"), 1);

	/* A lock that has run out starts the count again. */
	exec_sql(st, "UPDATE account SET locked_until = 1 WHERE login = 'wang.li'");
	assert_int_equal(account_login(st, "wang.li", "wrong horse", &got), LOGIN_BAD);
	assert_int_equal(got.failed_logins, 1);
	assert_int_equal(got.locked_until, 0);

	/* A new password lifts the lock, and a good login clears the count. */
	exec_sql(st, "UPDATE account SET failed_logins = 5, locked_until = 4102444800 "
	    "WHERE login = 'wang.li'");
	assert_int_equal(account_set_password(st, &cli, "wang.li", "new horse staple", err,
	    sizeof err), 0);
	assert_int_equal(account_login(st, "wang.li", "correct horse", &got), LOGIN_BAD);
	assert_int_equal(account_login(st, "wang.li", "new horse staple", &got), LOGIN_OK);
	assert_int_equal(account_get(st, "wang.li", &got), 1);
	assert_int_equal(got.failed_logins, 0);
	assert_int_equal(got.locked_until, 0);
	assert_int_equal(account_set_password(st, &cli, "nobody", "new horse staple", err,
	    sizeof err), -1);
	assert_mentions(err, "no account \"nobody\"");
}

/* A supervisor unlocks a clerk; audited as "unlock". */
static void
test_account_unlock(void **state)
{
	struct store *st = *state;
	struct account got;
	char err[256] = "";

	add(st, "sup", "supervisor");
	add(st, "sup2", "supervisor");
	add(st, "li", "clerk");
	exec_sql(st, "UPDATE account SET failed_logins = 5, locked_until = 4102444800 "
	    "WHERE login IN ('li', 'sup2')");
	assert_int_equal(account_login(st, "li", "correct horse", &got), LOGIN_LOCKED);
	assert_int_equal(account_unlock(st, &sup, "sup2", err, sizeof err), -1);
	assert_mentions(err, "only an administrator");
	assert_int_equal(account_unlock(st, &sup, "li", err, sizeof err), 0);
	assert_int_equal(account_get(st, "li", &got), 1);
	assert_int_equal(got.failed_logins, 0);
	assert_int_equal(got.locked_until, 0);
	assert_int_equal(count(st, "SELECT count(*) FROM audit WHERE clerk = 'boss' AND "
	    "record_id = 'li' AND action = 'unlock'"), 1);
	assert_int_equal(account_login(st, "li", "correct horse", &got), LOGIN_OK);
	assert_int_equal(account_unlock(st, &cli, "sup2", err, sizeof err), 0);
	assert_int_equal(account_unlock(st, &cli, "nobody", err, sizeof err), -1);
	assert_mentions(err, "nobody");
}

/* A disabled account: the right password learns it, a wrong one does not. */
static void
test_account_disabled(void **state)
{
	struct store *st = *state;
	struct account got;
	char err[256] = "";

	add(st, "wang.li", "clerk");
	assert_int_equal(account_set_disabled(st, &cli, "wang.li", 1, err, sizeof err), 0);
	assert_int_equal(account_login(st, "wang.li", "wrong horse", &got), LOGIN_BAD);
	assert_int_equal(account_login(st, "wang.li", "correct horse", &got), LOGIN_DISABLED);
	assert_int_equal(account_set_disabled(st, &cli, "wang.li", 0, err, sizeof err), 0);
	assert_int_equal(account_login(st, "wang.li", "correct horse", &got), LOGIN_OK);
	assert_int_equal(account_set_disabled(st, &cli, "nobody", 1, err, sizeof err), -1);
	assert_mentions(err, "nobody");
}

/* A hash made at another cost is upgraded by the next good login, not by a bad one. */
static void
test_login_rehash(void **state)
{
	struct store *st = *state;
	struct account got;
	char old[crypto_pwhash_STRBYTES], sql[512];

	add(st, "li", "clerk");
	assert_int_equal(crypto_pwhash_str(old, "correct horse", strlen("correct horse"), 3,
	    8U * 1024 * 1024), 0);
	snprintf(sql, sizeof sql, "UPDATE account SET pwhash = '%s' WHERE login = 'li'", old);
	exec_sql(st, sql);
	assert_int_equal(account_login(st, "li", "wrong horse", &got), LOGIN_BAD);
	assert_int_equal(count(st, "SELECT count(*) FROM account WHERE login = 'li' AND "
	    "instr(pwhash, 'm=8192,t=3,') > 0"), 1);
	assert_int_equal(account_login(st, "li", "correct horse", &got), LOGIN_OK);
	/* 12 MiB, three passes: as strong as the OWASP floor, under the client's 32 MB. */
	assert_int_equal(count(st, "SELECT count(*) FROM account WHERE login = 'li' AND "
	    "instr(pwhash, '$m=12288,t=3,p=1$') > 0"), 1);
	assert_int_equal(account_login(st, "li", "correct horse", &got), LOGIN_OK);
	/* New accounts are made at that cost too. */
	assert_int_equal(count(st, "SELECT count(*) FROM account WHERE "
	    "instr(pwhash, '$m=12288,t=3,p=1$') = 0"), 0);
}

int
main(void)
{
#define T(f)	cmocka_unit_test_setup_teardown(f, setup, store_teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules_syntax),
		cmocka_unit_test(test_rules_supervisor),
		cmocka_unit_test(test_rules_self),
		cmocka_unit_test(test_rules_last_manager),
		T(test_first_account),
		cmocka_unit_test(test_first_setup_atomic),
		cmocka_unit_test(test_first_start_field),
		T(test_actor_checked_now),
		T(test_account_add_login),
		T(test_supervisor_limits),
		T(test_no_self_demotion),
		T(test_last_manager),
		T(test_write_fails_with_audit),
		T(test_login_audit_names_login),
		T(test_account_lock),
		T(test_account_unlock),
		T(test_account_disabled),
		T(test_login_rehash),
	};
#undef T

	if (utf8_locale("test_account") != 0)
		return 1;
	if (sodium_init() < 0) {
		fprintf(stderr, "test_account: libsodium cannot start\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, store_group_setup, store_group_teardown);
}
