/*
 * First start on an empty database: the office this terminal serves and
 * the first supervisor account.
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

struct setup {
	struct formdef	 def;
	struct form	*form;
};

static struct formfield setup_fields[] = {
	{ .key = "office_code", .label_zh = "机构代码", .label_en = "Office code", .row = 4,
	  .col = 4, .width = 12, .maxlen = 24, .required = 1, .type = FIELD_TEXT,
	  .help_zh = "本职业介绍机构的代码，例如 110105-001（字母、数字和「-」）。",
	  .help_en = "Code of this employment office, e.g. 110105-001 (letters, digits and \"-\")." },
	{ .key = "office_name", .label_zh = "机构名称", .label_en = "Office name", .row = 5,
	  .col = 4, .width = 40, .maxlen = 60, .required = 1, .type = FIELD_TEXT,
	  .help_zh = "例如：朝阳区职业介绍服务中心。", .help_en = "E.g. Chaoyang District job centre." },
	{ .key = "office_level", .label_zh = "机构层级", .label_en = "Level", .row = 6,
	  .col = 4, .width = 16, .maxlen = 16, .required = 1, .type = FIELD_CODE,
	  .codes = "office_level",
	  .help_zh = "市、区县、街道或乡镇：输入名称或代码（city、district、street、township），"
	  "或按F4选择。",
	  .help_en = "City, district, street or township: type the name or the code, or F4 to "
	  "pick." },
	{ .key = "login", .label_zh = "主管登录名", .label_en = "Supervisor", .row = 9,
	  .col = 4, .width = 20, .maxlen = 32, .required = 1, .type = FIELD_TEXT,
	  .help_zh = "第一个主管账号的登录名：小写字母、数字、「.」、「_」、「-」。",
	  .help_en = "Login of the first supervisor: a-z, 0-9, \".\", \"_\", \"-\"." },
	{ .key = "name", .label_zh = "主管姓名", .label_en = "Name", .row = 10, .col = 4,
	  .width = 20, .maxlen = 30, .required = 1, .type = FIELD_TEXT,
	  .help_zh = "主管的姓名。", .help_en = "The supervisor's name." },
	{ .key = "password", .label_zh = "密码", .label_en = "Password", .row = 11, .col = 4,
	  .width = 30, .maxlen = 128, .required = 1, .type = FIELD_PASSWORD,
	  .help_zh = "至少8个字符。", .help_en = "At least 8 characters." },
	{ .key = "password2", .label_zh = "再输一次", .label_en = "Again", .row = 12, .col = 4,
	  .width = 30, .maxlen = 128, .required = 1, .type = FIELD_PASSWORD,
	  .help_zh = "再输入一次密码。", .help_en = "The password once more." },
};

/* Creates the first-start form, the office level set to street. */
static void *
setup_init(struct ui *ui, void *arg)
{
	struct setup *s = xcalloc(1, sizeof *s);
	struct fields f = FIELDS_INIT;

	(void)arg;
	fields_set(&f, "office_level", "street");
	s->form = form_new_builtin(ui, &s->def, "首次设置", "First start", 14, setup_fields,
	    sizeof setup_fields / sizeof setup_fields[0], &f);
	fields_free(&f);
	return s;
}

/* Frees the first-start screen. */
static void
setup_free(void *p)
{
	struct setup *s = p;

	form_free(s->form);
	free(s);
}

/* Draws the first-start form. */
static void
setup_draw(void *p, struct ui *ui)
{
	struct setup *s = p;

	ui_set_title(ui, _("jobdesk - first start"));
	ui_put(2, 4, 72, _("A new database: enter this office and its first supervisor."));
	ui_put(8, 4, 72, _("First supervisor account"));
	form_draw(s->form, ui);
	if (!form_modal(s->form))
		ui_set_legend(ui, _("F2/^S Save  F1 Help  Tab Next  ^Q Quit"));
}

/*
 * Checks the form, creates the office and its first supervisor by the
 * store's first start (the rules and the writing "jobdesk init" uses), and
 * opens the menu as them.
 */
static void
setup_save(struct setup *s, struct ui *ui)
{
	struct store *st = ui_store(ui);
	struct fields v = FIELDS_INIT;
	struct account a;
	const char *login, *bad;
	char err[400];

	if (form_check(s->form, ui, &v) != 0)
		goto out;
	if (!form_passwords_match(s->form, ui, &v, "password", "password2"))
		goto out;
	login = fields_str(&v, "login");
	store_set_actor(st, login, fields_str(&v, "office_code"));
	if (account_first_start(st, fields_str(&v, "office_code"), fields_str(&v, "office_name"),
	    fields_str(&v, "office_level"), login, fields_str(&v, "name"),
	    fields_str(&v, "password"), &bad, err, sizeof err) != 0) {
		ui_error(ui, "%s", err);
		/* The field at fault from the rule's key, never from the words of the message. */
		if (bad != NULL && *bad != '\0')
			form_focus(s->form, bad);
		goto out;
	}
	/* The session opens as the account was stored. */
	if (account_get(st, login, &a) != 1) {
		ui_error(ui, _("cannot read the accounts: %s"), store_errmsg(st));
		goto out;
	}
	ui_set_clerk(ui, a.login, a.name, a.role, a.office);
	ui_replace(ui, &screen_menu, NULL);
	ui_info(ui, _("office and supervisor saved; welcome"));
out:
	fields_free(&v);
}

/* Handles a key on the first-start screen: F2 saves, Esc does nothing, the form takes the rest. */
static enum ui_key_result
setup_key(void *p, struct ui *ui, const struct ui_key *k)
{
	struct setup *s = p;
	const char *left;

	/* The picker or the help over the form takes every key. */
	if (form_modal(s->form))
		return form_key(s->form, ui, k, &left);
	if (ui_key_is(k, 2, 'S')) {
		setup_save(s, ui);
		return UI_KEY_USED;
	}
	if (ui_key_char(k, UI_KEY_ESC))
		return UI_KEY_USED;
	return form_key(s->form, ui, k, &left);
}

const struct screen screen_setup = {
	.name = "setup",
	.init = setup_init,
	.free = setup_free,
	.draw = setup_draw,
	.key = setup_key,
};
