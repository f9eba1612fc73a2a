/*
 * Rules for offices and staff accounts: syntax, and who may change whose
 * account. The store enforces them inside the transaction that writes;
 * the server will run the same code.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common/i18n.h"
#include "core/account_rules.h"
#include "core/check.h"

#define LOGIN_MAXLEN		32
#define NAME_MAXCHARS		30
#define OFFICE_CODE_MAXLEN	24
#define OFFICE_NAME_MAXCHARS	60

/* Format a message into err, which may be NULL when errlen is 0. */
static void __attribute__((format(printf, 3, 4)))
rule_msg(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* Whether c is a-z or 0-9. */
static int
rule_lower_digit(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* Check a login's syntax. */
int
account_login_ok(const char *login, char *err, size_t errlen)
{
	size_t i, n = strlen(login);

	if (n == 0 || n > LOGIN_MAXLEN) {
		rule_msg(err, errlen, _("a login is 1 to %d characters"), LOGIN_MAXLEN);
		return -1;
	}
	for (i = 0; i < n; i++)
		if (!rule_lower_digit(login[i]) && login[i] != '.' && login[i] != '_' &&
		    login[i] != '-') {
			rule_msg(err, errlen, _("login \"%s\" may only hold a-z, 0-9, \".\", \"_\" "
			    "and \"-\""), login);
			return -1;
		}
	return 0;
}

/* Check the name on an account. */
int
account_name_ok(const char *name, char *err, size_t errlen)
{
	if (*name == '\0') {
		rule_msg(err, errlen, _("the account needs a name"));
		return -1;
	}
	return check_text(name, NAME_MAXCHARS, err, errlen);
}

/* Check the password rules: length in characters, not bytes. */
int
account_password_ok(const char *pw, char *err, size_t errlen)
{
	long len = utf8_length(pw);

	if (len < 0) {
		rule_msg(err, errlen, _("the password is not valid UTF-8"));
		return -1;
	}
	if (len < ACCOUNT_PASSWORD_MIN) {
		rule_msg(err, errlen, _("the password is too short: at least %d characters"),
		    ACCOUNT_PASSWORD_MIN);
		return -1;
	}
	if (len > ACCOUNT_PASSWORD_MAX) {
		rule_msg(err, errlen, _("the password is too long: at most %d characters"),
		    ACCOUNT_PASSWORD_MAX);
		return -1;
	}
	return 0;
}

/* Check that a word is a role. */
int
account_role_ok(const char *role, char *err, size_t errlen)
{
	if (strcmp(role, "clerk") == 0 || strcmp(role, "counsellor") == 0 ||
	    account_role_manages(role))
		return 0;
	rule_msg(err, errlen, _("role \"%s\" is not clerk, counsellor, supervisor or "
	    "administrator"), role);
	return -1;
}

/* Whether a role manages accounts. */
int
account_role_manages(const char *role)
{
	return role != NULL &&
	    (strcmp(role, "supervisor") == 0 || strcmp(role, "administrator") == 0);
}

/* Check an office code's syntax. */
int
office_code_ok(const char *code, char *err, size_t errlen)
{
	size_t i, n = strlen(code);

	if (n == 0 || n > OFFICE_CODE_MAXLEN) {
		rule_msg(err, errlen, _("office code \"%s\" must be 1 to %d characters"), code,
		    OFFICE_CODE_MAXLEN);
		return -1;
	}
	for (i = 0; i < n; i++)
		if (!rule_lower_digit(code[i]) && !(code[i] >= 'A' && code[i] <= 'Z') &&
		    code[i] != '-') {
			rule_msg(err, errlen, _("office code \"%s\" may only hold letters, digits "
			    "and \"-\""), code);
			return -1;
		}
	return 0;
}

/* Check an office's name. */
int
office_name_ok(const char *name, char *err, size_t errlen)
{
	if (*name == '\0') {
		rule_msg(err, errlen, _("the office needs a name"));
		return -1;
	}
	return check_text(name, OFFICE_NAME_MAXCHARS, err, errlen);
}

/* Check an office level word. */
int
office_level_ok(const char *level, char *err, size_t errlen)
{
	if (strcmp(level, "city") == 0 || strcmp(level, "district") == 0 ||
	    strcmp(level, "street") == 0 || strcmp(level, "township") == 0)
		return 0;
	rule_msg(err, errlen, _("office level \"%s\" is not city, district, street or township"),
	    level);
	return -1;
}

/* Whether a role may be managed by a supervisor: clerk or counsellor. */
static int
rule_staff(const char *role)
{
	return strcmp(role, "clerk") == 0 || strcmp(role, "counsellor") == 0;
}

/* Decide whether actor may do op to an account. */
int
account_may(const struct account_actor *actor, enum account_op op, const char *target_login,
    const char *target_role, const char *new_role, char *err, size_t errlen)
{
	int self = actor->login != NULL && strcmp(actor->login, target_login) == 0;
	int admin = strcmp(actor->role, "administrator") == 0;

	if (self && op == ACCOUNT_OP_EDIT && new_role != NULL && strcmp(new_role, target_role) != 0) {
		rule_msg(err, errlen, _("you cannot change your own role"));
		return -1;
	}
	if (self && op == ACCOUNT_OP_DISABLE) {
		rule_msg(err, errlen, _("you cannot disable your own account"));
		return -1;
	}
	/* A disabled or locked account is lifted by someone else, never by itself. */
	if (self && (op == ACCOUNT_OP_ENABLE || op == ACCOUNT_OP_UNLOCK)) {
		rule_msg(err, errlen, _("another supervisor or an administrator must do this"));
		return -1;
	}
	/* A new password for oneself gains nothing over the one already known. */
	if (self && op == ACCOUNT_OP_PASSWORD)
		return 0;
	if (!account_role_manages(actor->role)) {
		rule_msg(err, errlen, _("only a supervisor or an administrator may manage accounts"));
		return -1;
	}
	if (admin)
		return 0;
	/* A supervisor: clerks and counsellors only, before and after the change. */
	if (op == ACCOUNT_OP_CREATE && !rule_staff(target_role)) {
		rule_msg(err, errlen, _("only an administrator may create an account of role \"%s\""),
		    target_role);
		return -1;
	}
	if (op != ACCOUNT_OP_CREATE && !rule_staff(target_role)) {
		rule_msg(err, errlen, _("only an administrator may change the supervisor or "
		    "administrator \"%s\""), target_login);
		return -1;
	}
	if (op == ACCOUNT_OP_EDIT && new_role != NULL && !rule_staff(new_role)) {
		rule_msg(err, errlen, _("only an administrator may give the role \"%s\""),
		    new_role);
		return -1;
	}
	return 0;
}

/* Refuse a change that takes an office's last supervisor or administrator away. */
int
account_keeps_manager(int others, int was, int is, const char *login, const char *office,
    char *err, size_t errlen)
{
	if (!was || is || others > 0)
		return 0;
	rule_msg(err, errlen, _("\"%s\" is the last enabled supervisor or administrator of "
	    "office %s"), login, office);
	return -1;
}
