/*
 * One account, for supervisors: a new clerk with a first password, or an
 * existing one's name, role, certificate (上岗证) and guidance grade; or,
 * opened with "passwd:LOGIN", a new password only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "store/account.h"
#include "store/store.h"
#include "ui/ui.h"
#include "ui/widget-form.h"

enum account_mode { ACCOUNT_NEW, ACCOUNT_EDIT, ACCOUNT_PASSWORD };

struct account_screen {
	enum account_mode	 mode;
	struct formdef		 def;
	struct form		*form;
	struct formfield	 fields[8];
	char			 login[64];
};

static struct formfield account_fields[] = {
	{ .key = "login", .label_zh = "登录名", .label_en = "Login", .row = 3, .col = 4,
	  .width = 20, .maxlen = 32, .required = 1, .type = FIELD_TEXT,
	  .help_zh = "小写字母、数字、「.」、「_」、「-」。", .help_en = "a-z, 0-9, \".\", \"_\", \"-\"." },
	{ .key = "name", .label_zh = "姓名", .label_en = "Name", .row = 4, .col = 4, .width = 20,
	  .maxlen = 30, .required = 1, .type = FIELD_TEXT,
	  .help_zh = "工作人员姓名。", .help_en = "The clerk's name." },
	{ .key = "role", .label_zh = "角色", .label_en = "Role", .row = 5, .col = 4, .width = 20,
	  .maxlen = 16, .required = 1, .type = FIELD_CODE, .codes = "role",
	  .help_zh = "职介员、职业指导人员、主管或系统管理员。",
	  .help_en = "Clerk, counsellor, supervisor or administrator." },
	{ .key = "cert_no", .label_zh = "上岗证号", .label_en = "Certificate", .row = 7, .col = 4,
	  .width = 20, .maxlen = 30, .type = FIELD_TEXT,
	  .help_zh = "职业介绍上岗证编号；推荐需要有效的上岗证。",
	  .help_en = "Number of the placement work certificate; referrals need a valid one." },
	{ .key = "cert_valid_until", .label_zh = "有效期至", .label_en = "Valid until", .row = 8,
	  .col = 4, .width = 10, .maxlen = 10, .type = FIELD_DATE,
	  .help_zh = "上岗证有效期。", .help_en = "Last day the certificate is valid." },
	{ .key = "guidance_grade", .label_zh = "指导等级", .label_en = "Guidance", .row = 9,
	  .col = 4, .width = 22, .maxlen = 8, .type = FIELD_CODE, .codes = "guidance_grade",
	  .help_zh = "职业指导人员的资格等级；职业指导需要等级。",
	  .help_en = "Career guidance qualification; guidance sessions need one." },
	{ .key = "password", .label_zh = "密码", .label_en = "Password", .row = 11, .col = 4,
	  .width = 30, .maxlen = 128, .required = 1, .type = FIELD_PASSWORD,
	  .help_zh = "至少8个字符。", .help_en = "At least 8 characters." },
	{ .key = "password2", .label_zh = "再输一次", .label_en = "Again", .row = 12, .col = 4,
	  .width = 30, .maxlen = 128, .required = 1, .type = FIELD_PASSWORD,
	  .help_zh = "再输入一次密码。", .help_en = "The password once more." },
};
#define ACCOUNT_NFIELDS		(sizeof account_fields / sizeof account_fields[0])
#define ACCOUNT_NDETAILS	6	/* the fields before the two passwords */

/* Creates the account screen: new, an existing login, or "passwd:LOGIN" for a password. */
static void *
account_screen_init(struct ui *ui, void *arg)
{
	struct account_screen *s = xcalloc(1, sizeof *s);
	const char *a = arg;
	struct fields f = FIELDS_INIT;
	struct formfield *fields = s->fields;
	size_t n = ACCOUNT_NFIELDS;
	struct account acct;

	memcpy(s->fields, account_fields, sizeof account_fields);
	s->mode = a == NULL ? ACCOUNT_NEW : strncmp(a, "passwd:", 7) == 0 ? ACCOUNT_PASSWORD :
	    ACCOUNT_EDIT;
	if (a != NULL)
		snprintf(s->login, sizeof s->login, "%s", s->mode == ACCOUNT_PASSWORD ? a + 7 : a);
	switch (s->mode) {
	case ACCOUNT_NEW:
		fields_set(&f, "role", "clerk");
		break;
	case ACCOUNT_EDIT:
		n = ACCOUNT_NDETAILS;
		s->fields[0].readonly = 1;	/* a login never changes */
		break;
	case ACCOUNT_PASSWORD:
		fields = s->fields + ACCOUNT_NDETAILS;
		n = 2;
		break;
	}
	if (s->mode == ACCOUNT_EDIT && account_get(ui_store(ui), s->login, &acct) == 1) {
		fields_set(&f, "login", acct.login);
		fields_set(&f, "name", acct.name);
		fields_set(&f, "role", acct.role);
		fields_set(&f, "cert_no", acct.cert_no);
		fields_set(&f, "cert_valid_until", acct.cert_valid_until);
		fields_set(&f, "guidance_grade", acct.guidance_grade);
	}
	s->form = form_new_builtin(ui, &s->def, "工作人员账号", "Account", 14, fields, n, &f);
	if (s->mode == ACCOUNT_EDIT)
		form_focus(s->form, "name");
	fields_free(&f);
	return s;
}

/* Frees the account screen. */
static void
account_screen_free(void *p)
{
	struct account_screen *s = p;

	form_free(s->form);
	free(s);
}

/* Draws the account form. */
static void
account_screen_draw(void *p, struct ui *ui)
{
	struct account_screen *s = p;
	char line[200];

	ui_set_title(ui, _("jobdesk - account"));
	if (s->mode == ACCOUNT_PASSWORD) {
		snprintf(line, sizeof line, _("New password for %s"), s->login);
		ui_put(2, 4, 70, line);
	}
	form_draw(s->form, ui);
	if (!form_modal(s->form))
		ui_set_legend(ui, _("F2/^S Save  F1 Help  F4/^P Pick  Tab Next  Esc Back"));
}

/* Checks the form and saves the account or its password, leaving the screen when done. */
static void
account_screen_save(struct account_screen *s, struct ui *ui)
{
	struct store *st = ui_store(ui);
	struct account_actor me = { ui_clerk_login(ui), ui_clerk_role(ui) };
	struct fields v = FIELDS_INIT;
	struct account a;
	char err[400];
	int rc;

	if (form_check(s->form, ui, &v) != 0)
		goto out;
	if (s->mode != ACCOUNT_EDIT &&
	    !form_passwords_match(s->form, ui, &v, "password", "password2"))
		goto out;
	memset(&a, 0, sizeof a);
	if (s->mode == ACCOUNT_PASSWORD)
		rc = account_set_password(st, &me, s->login, fields_str(&v, "password"),
		    err, sizeof err);
	else {
		if (s->mode == ACCOUNT_EDIT)
			snprintf(a.login, sizeof a.login, "%s", s->login);
		else
			snprintf(a.login, sizeof a.login, "%s", fields_str(&v, "login"));
		snprintf(a.name, sizeof a.name, "%s", fields_str(&v, "name"));
		snprintf(a.role, sizeof a.role, "%s", fields_str(&v, "role"));
		snprintf(a.office, sizeof a.office, "%s", store_office(st));
		snprintf(a.cert_no, sizeof a.cert_no, "%s", fields_str(&v, "cert_no"));
		snprintf(a.cert_valid_until, sizeof a.cert_valid_until, "%s",
		    fields_str(&v, "cert_valid_until"));
		snprintf(a.guidance_grade, sizeof a.guidance_grade, "%s",
		    fields_str(&v, "guidance_grade"));
		/* The store checks who may do this (core/account_rules.h). */
		rc = s->mode == ACCOUNT_NEW ?
		    account_create(st, &me, &a, fields_str(&v, "password"), err,
		    sizeof err) :
		    account_update(st, &me, &a, err, sizeof err);
	}
	if (rc != 0) {
		ui_error(ui, "%s", err);
		goto out;
	}
	ui_info(ui, _("account %s saved"), s->mode == ACCOUNT_NEW ? a.login : s->login);
	fields_free(&v);
	ui_pop(ui);
	return;
out:
	fields_free(&v);
}

/* Handles a key on the account screen: F2 saves, the form takes the rest. */
static enum ui_key_result
account_screen_key(void *p, struct ui *ui, const struct ui_key *k)
{
	struct account_screen *s = p;
	const char *left;

	/* The picker or the help over the form takes every key. */
	if (form_modal(s->form))
		return form_key(s->form, ui, k, &left);
	if (ui_key_is(k, 2, 'S')) {
		account_screen_save(s, ui);
		return UI_KEY_USED;
	}
	return form_key(s->form, ui, k, &left);
}

const struct screen screen_account = {
	.name = "account",
	.init = account_screen_init,
	.free = account_screen_free,
	.draw = account_screen_draw,
	.key = account_screen_key,
};
