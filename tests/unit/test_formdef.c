/*
 * Unit tests for src/common/formdef.c: the three real forms load against
 * the store's column lists, as the application loads them; a broken form
 * file is reported with the file, the line and the field's key, so that
 * whoever edits forms/ can find the mistake.
 *
 * The real files are read from $JOBDESK_TOP/forms and $JOBDESK_TOP/db/codes
 * (JOBDESK_TOP defaults to ".", the top of the source tree).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/formdef.h"
#include "common/wtext.h"
#include "core/kind.h"

#include "testlib.h"

static char fixture[128];

/* The 1-based number of the first line of s that contains marker. */
static int
line_of(const char *s, const char *marker)
{
	const char *hit = strstr(s, marker), *p;
	int line = 1;

	if (hit == NULL)
		fail_msg("fixture has no \"%s\"", marker);
	for (p = s; p < hit; p++)
		if (*p == '\n')
			line++;
	return line;
}

/*
 * Assert that the form content is refused with "FILE:LINE: field "KEY":"
 * where LINE is the line holding marker, and with needle in the message.
 */
static void
refused(const char *content, const char *marker, const char *key, const char *needle)
{
	char err[512] = "", want[256];
	struct formdef *def;

	put("test.form", content);
	def = formdef_load(fixture, kind_form_column, err, sizeof err);
	if (def != NULL) {
		formdef_free(def);
		fail_msg("form accepted:\n%s", content);
	}
	snprintf(want, sizeof want, "%s:%d: field \"%s\":", fixture, line_of(content, marker),
	    key);
	assert_mentions(err, want);
	assert_mentions(err, needle);
}

/* A form head for the seeker table followed by text; a new string to free. */
static char *
form(const char *fields)
{
	static const char head[] =
	    "; a test form\n"
	    "[form]\n"
	    "name_zh = 测试表\n"
	    "name_en = Test form\n"
	    "table = seeker\n"
	    "label_width = 14\n"
	    "\n"
	    "[name]\n"
	    "label_zh = 姓名\n"
	    "label_en = Name\n"
	    "row = 2\n"
	    "col = 0\n"
	    "width = 20\n"
	    "\n";
	size_t n = sizeof head + strlen(fields);
	char *s = malloc(n);

	assert_non_null(s);
	snprintf(s, n, "%s%s", head, fields);
	return s;
}

/* Refuse the seeker head followed by fields. */
static void
refused_field(const char *fields, const char *marker, const char *key, const char *needle)
{
	char *s = form(fields);

	refused(s, marker, key, needle);
	free(s);
}

static int
setup(void **state)
{
	(void)state;
	if (tmpdir_make("formdef") != 0)
		return -1;
	snprintf(fixture, sizeof fixture, "%s/test.form", tmpdir);
	return 0;
}

static int
teardown(void **state)
{
	static const char *const names[] = { "test.form", NULL };

	(void)state;
	return tmpdir_remove(names);
}

/* Load a real form file; the caller frees it. */
static struct formdef *
real_form(const char *name)
{
	char path[512], err[512] = "";
	struct formdef *def;

	snprintf(path, sizeof path, "%s/forms/%s", top(), name);
	def = formdef_load(path, kind_form_column, err, sizeof err);
	if (def == NULL)
		fail_msg("%s refused: %s", path, err);
	return def;
}

/* What every real form must keep beyond what the loader checks: its code lists exist. */
static void
check_layout(const struct formdef *def)
{
	size_t i;

	assert_true(def->n > 0);
	for (i = 0; i < def->n; i++) {
		const struct formfield *f = &def->fields[i];
		char path[512];

		assert_true(f->row >= FORM_FIRST_ROW && f->row <= FORM_LAST_ROW);
		assert_true(wtext_width(f->label_zh) < def->label_width);
		assert_true(wtext_width(f->label_en) < def->label_width);
		/* A code or codes field's list must be one that db/codes provides. */
		if (f->type == FIELD_CODE || f->type == FIELD_CODES) {
			assert_non_null(f->codes);
			snprintf(path, sizeof path, "%s/db/codes/%s.tsv", top(), f->codes);
			if (access(path, R_OK) != 0)
				fail_msg("%s: field %s uses code list %s, but %s is missing",
				    def->path, f->key, f->codes, path);
		} else
			assert_null(f->codes);
		assert_non_null(formfield_help(f));
	}
}

/* The seeker form: ID number first, sex and birth date filled by the program. */
static void
test_seeker_form(void **state)
{
	struct formdef *def = real_form("seeker.form");
	const struct formfield *f;

	(void)state;
	assert_string_equal(def->table, "seeker");
	assert_string_equal(def->name_zh, "个人求职登记表");
	assert_int_equal(def->label_width, 14);
	check_layout(def);
	/* Tab order is file order, and the clerk starts with the ID number. */
	assert_string_equal(def->fields[0].key, "id_number");
	f = formdef_field(def, "id_number");
	assert_int_equal(f->type, FIELD_IDNUM);
	assert_true(f->required);
	assert_int_equal(f->maxlen, 18);
	f = formdef_field(def, "sex");
	assert_non_null(f);
	assert_int_equal(f->type, FIELD_CODE);
	assert_string_equal(f->codes, "sex");
	assert_true(f->readonly);
	f = formdef_field(def, "birth_date");
	assert_int_equal(f->type, FIELD_DATE);
	assert_true(f->readonly);
	f = formdef_field(def, "phone");
	assert_int_equal(f->type, FIELD_PHONE);
	/* Room for "+86 138 0013 8000" and "(010) 6500 1234", which the rule accepts. */
	assert_int_equal(f->maxlen, 24);
	assert_true(f->maxlen >= (long)strlen("+86 138 0013 8000"));
	/* Several categories apply to one person (农村劳动力 and 外来务工人员). */
	f = formdef_field(def, "category");
	assert_int_equal(f->type, FIELD_CODES);
	assert_string_equal(f->codes, "person_category");
	assert_true(f->required);
	assert_int_equal(f->maxlen, FORMDEF_CODES_MAXLEN);
	assert_null(formdef_field(def, "nosuch"));
	/* Labels and names follow the chosen language. */
	formdef_set_chinese(1);
	assert_string_equal(formfield_label(formdef_field(def, "name")), "姓名");
	assert_string_equal(formdef_name(def), "个人求职登记表");
	formdef_set_chinese(0);
	assert_string_equal(formfield_label(formdef_field(def, "name")), "Name");
	assert_string_equal(formdef_name(def), "Job seeker registration");
	formdef_free(def);
}

/* The employer form: USCC first. */
static void
test_employer_form(void **state)
{
	struct formdef *def = real_form("employer.form");

	(void)state;
	assert_string_equal(def->table, "employer");
	check_layout(def);
	assert_string_equal(def->fields[0].key, "uscc");
	assert_int_equal(def->fields[0].type, FIELD_USCC);
	assert_true(def->fields[0].required);
	assert_int_equal(formdef_field(def, "hard_to_recruit")->type, FIELD_BOOL);
	formdef_free(def);
}

/* The vacancy form: wages and ages are bounded numbers, validity a date. */
static void
test_vacancy_form(void **state)
{
	struct formdef *def = real_form("vacancy.form");
	const struct formfield *f;

	(void)state;
	assert_string_equal(def->table, "vacancy");
	check_layout(def);
	f = formdef_field(def, "headcount");
	assert_int_equal(f->type, FIELD_INT);
	assert_int_equal(f->min, 1);
	assert_true(f->max >= f->min);
	assert_int_equal(formdef_field(def, "valid_until")->type, FIELD_DATE);
	assert_int_equal(formdef_field(def, "occupation")->type, FIELD_CODE);
	formdef_free(def);
}

/* Every table's columns are the employer's: a mix-up the loader must catch. */
static int
employer_columns_only(const char *table, const char *column)
{
	(void)table;
	return kind_form_column("employer", column);
}

/* Checked against the wrong columns, a real form is refused at its first field. */
static void
test_real_form_wrong_columns(void **state)
{
	char path[512], err[512] = "", want[600];
	struct formdef *def;

	(void)state;
	snprintf(path, sizeof path, "%s/forms/seeker.form", top());
	assert_null(formdef_load(path, employer_columns_only, err, sizeof err));
	/* [id_number] is the first field; the file says so on line 13. */
	snprintf(want, sizeof want, "%s:13: field \"id_number\": table \"seeker\" has no column",
	    path);
	assert_mentions(err, want);
	/* Without a column check the same file loads. */
	def = formdef_load(path, NULL, err, sizeof err);
	if (def == NULL)
		fail_msg("without a column check: %s", err);
	formdef_free(def);
}

/* The smallest good form, and the defaults a field gets. */
static void
test_minimal_form(void **state)
{
	char err[512] = "";
	char *s = form("[phone]\nlabel_zh = 电话\nlabel_en = Phone\nrow = 2\ncol = 40\n"
	    "width = 13\ntype = phone\nrequired = yes\n");
	struct formdef *def;
	const struct formfield *f;

	(void)state;
	put("test.form", s);
	free(s);
	def = formdef_load(fixture, kind_form_column, err, sizeof err);
	if (def == NULL)
		fail_msg("minimal form refused: %s", err);
	assert_int_equal(def->n, 2);
	f = &def->fields[0];
	assert_string_equal(f->key, "name");
	assert_int_equal(f->type, FIELD_TEXT);
	assert_int_equal(f->maxlen, 20);	/* a text field holds what its width shows */
	assert_false(f->required);
	assert_false(f->readonly);
	f = &def->fields[1];
	assert_int_equal(f->row, 2);
	assert_int_equal(f->col, 40);
	assert_true(f->required);
	/* Help falls back to the other language, or is empty. */
	assert_string_equal(formfield_help(f), "");
	formdef_free(def);
}

/* The broken form files a person might write, each named with file, line and field. */
static void
test_unknown_type(void **state)
{
	(void)state;
	refused_field("[desired_wage]\nlabel_zh = 期望工资\nlabel_en = Wage\nrow = 3\ncol = 0\n"
	    "width = 8\ntype = number\n", "type = number", "desired_wage", "unknown type \"number\"");
}

static void
test_missing_label(void **state)
{
	(void)state;
	refused_field("[phone]\nlabel_en = Phone\nrow = 3\ncol = 0\nwidth = 13\n", "[phone]",
	    "phone", "label_zh is missing");
	refused_field("[phone]\nlabel_zh = 电话\nlabel_en =\nrow = 3\ncol = 0\nwidth = 13\n",
	    "[phone]", "phone", "label_en is missing");
}

static void
test_row_out_of_range(void **state)
{
	(void)state;
	/* Screen rows 19 to 23 hold the record's status and referrals, message, status and keys. */
	refused_field("[phone]\nlabel_zh = 电话\nlabel_en = Phone\nrow = 18\ncol = 0\nwidth = 13\n",
	    "row = 18", "phone", "row must be a number from 1 to 17");
	refused_field("[phone]\nlabel_zh = 电话\nlabel_en = Phone\nrow = 0\ncol = 0\nwidth = 13\n",
	    "row = 0", "phone", "row must be");
	refused_field("[phone]\nlabel_zh = 电话\nlabel_en = Phone\nrow = three\ncol = 0\n"
	    "width = 13\n", "row = three", "phone", "row must be");
	/* A missing row is reported at the field's header. */
	refused_field("[phone]\nlabel_zh = 电话\nlabel_en = Phone\ncol = 0\nwidth = 13\n",
	    "[phone]", "phone", "row must be");
}

/* Accept the seeker head followed by fields. */
static void
accepted_field(const char *fields)
{
	char err[512] = "";
	char *s = form(fields);
	struct formdef *def;

	put("test.form", s);
	free(s);
	def = formdef_load(fixture, kind_form_column, err, sizeof err);
	if (def == NULL)
		fail_msg("refused: %s\n%s", err, fields);
	formdef_free(def);
}

/*
 * A field takes its label column, its input and one cell for the cursor:
 * name (row 2, col 0, width 20) takes columns 0 to 34.
 */
static void
test_overlap(void **state)
{
	(void)state;
	refused_field("[phone]\nlabel_zh = 电话\nlabel_en = Phone\nrow = 2\ncol = 30\nwidth = 13\n",
	    "[phone]", "phone", "overlaps field \"name\" on row 2");
	refused_field("[phone]\nlabel_zh = 电话\nlabel_en = Phone\nrow = 2\ncol = 34\nwidth = 13\n",
	    "[phone]", "phone", "overlaps field \"name\" on row 2");
	/* Touching is not overlapping. */
	accepted_field("[phone]\nlabel_zh = 电话\nlabel_en = Phone\nrow = 2\ncol = 35\n"
	    "width = 13\n");
	/* A later field that ends where an earlier one starts, and one cell past it. */
	accepted_field("[phone]\nlabel_zh = 电话\nlabel_en = Phone\nrow = 5\ncol = 40\n"
	    "width = 13\n[address]\nlabel_zh = 地址\nlabel_en = Address\nrow = 5\n"
	    "col = 0\nwidth = 25\n");
	refused_field("[phone]\nlabel_zh = 电话\nlabel_en = Phone\nrow = 5\ncol = 40\n"
	    "width = 13\n[address]\nlabel_zh = 地址\nlabel_en = Address\nrow = 5\n"
	    "col = 0\nwidth = 26\n", "[address]", "address", "overlaps field \"phone\" on row 5");
	/* Other rows do not collide. */
	accepted_field("[phone]\nlabel_zh = 电话\nlabel_en = Phone\nrow = 3\ncol = 0\nwidth = 13\n");
}

static void
test_past_column_80(void **state)
{
	(void)state;
	/* 50 + 14 + 16 + 1 = 81 */
	refused_field("[address]\nlabel_zh = 地址\nlabel_en = Address\nrow = 3\ncol = 50\n"
	    "width = 16\n", "width = 16", "address", "past the screen's 80 columns");
	accepted_field("[address]\nlabel_zh = 地址\nlabel_en = Address\nrow = 3\ncol = 50\n"
	    "width = 15\n");
	refused_field("[address]\nlabel_zh = 地址\nlabel_en = Address\nrow = 3\ncol = 80\n"
	    "width = 1\n", "col = 80", "address", "col must be");
	refused_field("[address]\nlabel_zh = 地址\nlabel_en = Address\nrow = 3\ncol = 0\n"
	    "width = 0\n", "width = 0", "address", "width must be");
}

static void
test_unknown_key(void **state)
{
	(void)state;
	refused_field("[phone]\nlabel_zh = 电话\nlabel_en = Phone\nrow = 3\ncol = 0\nwidth = 13\n"
	    "colour = red\n", "colour = red", "phone", "unknown key \"colour\"");
	/* In the [form] section too. */
	refused("[form]\nname_zh = 表\nname_en = Form\ntable = seeker\ntitle = x\n"
	    "[name]\nlabel_zh = 姓名\nlabel_en = Name\nrow = 2\ncol = 0\nwidth = 20\n",
	    "title = x", "form", "unknown key \"title\"");
}

static void
test_code_without_codes(void **state)
{
	(void)state;
	refused_field("[education]\nlabel_zh = 文化程度\nlabel_en = Education\nrow = 3\ncol = 0\n"
	    "width = 20\ntype = code\n", "[education]", "education", "codes = LIST");
	refused_field("[education]\nlabel_zh = 文化程度\nlabel_en = Education\nrow = 3\ncol = 0\n"
	    "width = 20\ncodes = education\n", "codes = education", "education",
	    "only for fields of type code or codes");
}

/* A codes field (several codes of one list) needs its list like a code field. */
static void
test_codes_type(void **state)
{
	char err[512] = "";
	char *s = form("[category]\nlabel_zh = 人员类别\nlabel_en = Category\nrow = 3\ncol = 0\n"
	    "width = 22\ntype = codes\ncodes = person_category\nrequired = yes\n");
	struct formdef *def;
	const struct formfield *f;

	(void)state;
	put("test.form", s);
	free(s);
	def = formdef_load(fixture, kind_form_column, err, sizeof err);
	if (def == NULL)
		fail_msg("a codes field refused: %s", err);
	f = formdef_field(def, "category");
	assert_int_equal(f->type, FIELD_CODES);
	assert_string_equal(formdef_type_name(f->type), "codes");
	assert_string_equal(f->codes, "person_category");
	assert_true(f->required);
	/* The joined codes may be longer than the field is wide: it scrolls. */
	assert_int_equal(f->maxlen, FORMDEF_CODES_MAXLEN);
	formdef_free(def);
	/* An explicit maxlen still wins. */
	accepted_field("[category]\nlabel_zh = 人员类别\nlabel_en = Category\nrow = 3\ncol = 0\n"
	    "width = 22\ntype = codes\ncodes = person_category\nmaxlen = 40\n");
	refused_field("[category]\nlabel_zh = 人员类别\nlabel_en = Category\nrow = 3\ncol = 0\n"
	    "width = 22\ntype = codes\n", "[category]", "category",
	    "a field of type codes needs \"codes = LIST\"");
	refused_field("[category]\nlabel_zh = 人员类别\nlabel_en = Category\nrow = 3\ncol = 0\n"
	    "width = 22\ntype = codes\ncodes =\n", "[category]", "category", "codes = LIST");
}

/*
 * region and within: a district field, a street field that names its
 * district field; anything else is refused at its line. The real seeker
 * form pairs its address this way.
 */
static void
test_region_keys(void **state)
{
	static const char district[] = "[district]\nlabel_zh = 居住区县\nlabel_en = District\n"
	    "row = 3\ncol = 0\nwidth = 20\ntype = code\ncodes = region\nregion = district\n";
	char err[512] = "", *s, fields[1024];
	struct formdef *def;

	(void)state;
	snprintf(fields, sizeof fields, "%s[street]\nlabel_zh = 街道乡镇\nlabel_en = Street\n"
	    "row = 3\ncol = 40\nwidth = 25\ntype = code\ncodes = region\nregion = street\n"
	    "within = district\n", district);
	s = form(fields);
	put("test.form", s);
	free(s);
	def = formdef_load(fixture, kind_form_column, err, sizeof err);
	if (def == NULL)
		fail_msg("region fields refused: %s", err);
	assert_int_equal(formdef_field(def, "district")->region, FIELD_REGION_DISTRICT);
	assert_null(formdef_field(def, "district")->within);
	assert_int_equal(formdef_field(def, "street")->region, FIELD_REGION_STREET);
	assert_string_equal(formdef_field(def, "street")->within, "district");
	assert_int_equal(formdef_field(def, "name")->region, FIELD_REGION_NONE);
	formdef_free(def);

	refused_field("[district]\nlabel_zh = 居住区县\nlabel_en = District\nrow = 3\ncol = 0\n"
	    "width = 20\ntype = code\ncodes = region\nregion = county\n", "region = county",
	    "district", "region must be district, street or area, not \"county\"");
	refused_field("[education]\nlabel_zh = 文化程度\nlabel_en = Education\nrow = 3\ncol = 0\n"
	    "width = 20\ntype = code\ncodes = education\nregion = district\n", "region = district",
	    "education", "only for fields of type code with \"codes = region\"");
	refused_field("[district]\nlabel_zh = 居住区县\nlabel_en = District\nrow = 3\ncol = 0\n"
	    "width = 20\ntype = code\ncodes = region\nwithin = street\n", "within = street",
	    "district", "only for fields with \"region = street\"");
	/* within names a district field of the form, wherever it is. */
	snprintf(fields, sizeof fields, "[street]\nlabel_zh = 街道乡镇\nlabel_en = Street\n"
	    "row = 3\ncol = 40\nwidth = 25\ntype = code\ncodes = region\nregion = street\n"
	    "within = desired_district\n%s", district);
	refused_field(fields, "within = desired_district", "street",
	    "no field \"desired_district\" with \"region = district\"");

	def = real_form("seeker.form");
	assert_int_equal(formdef_field(def, "district")->region, FIELD_REGION_DISTRICT);
	assert_string_equal(formdef_field(def, "street")->within, "district");
	assert_int_equal(formdef_field(def, "desired_district")->region, FIELD_REGION_AREA);
	formdef_free(def);
}

static void
test_unknown_column(void **state)
{
	(void)state;
	refused_field("[nickname]\nlabel_zh = 昵称\nlabel_en = Nickname\nrow = 3\ncol = 0\n"
	    "width = 13\n", "[nickname]", "nickname", "table \"seeker\" has no column \"nickname\"");
	/* A column of another table is not one of this table. */
	refused_field("[uscc]\nlabel_zh = 信用代码\nlabel_en = USCC\nrow = 3\ncol = 0\n"
	    "width = 18\ntype = uscc\n", "[uscc]", "uscc", "has no column \"uscc\"");
	refused("[form]\nname_zh = 表\nname_en = Form\ntable = people\n"
	    "[name]\nlabel_zh = 姓名\nlabel_en = Name\nrow = 2\ncol = 0\nwidth = 20\n",
	    "table = people", "form", "unknown table \"people\"");
}

/*
 * Labels are measured in cells: with label_width 14 a label may take 13
 * cells, so six Chinese characters (12 cells, 18 bytes) fit and seven (14
 * cells, 7 characters) do not.
 */
static void
test_label_width(void **state)
{
	char err[512] = "";
	char *s;
	struct formdef *def;

	(void)state;
	refused_field("[category]\nlabel_zh = 人员类别代码名\nlabel_en = Category\nrow = 3\n"
	    "col = 0\nwidth = 13\n", "label_zh = 人员类别代码名", "category", "wider than");
	refused_field("[category]\nlabel_zh = 类别\nlabel_en = Person category\nrow = 3\n"
	    "col = 0\nwidth = 13\n", "label_en = Person category", "category", "wider than");
	s = form("[category]\nlabel_zh = 人员类别代码\nlabel_en = The category\nrow = 3\n"
	    "col = 0\nwidth = 13\n");
	put("test.form", s);
	free(s);
	def = formdef_load(fixture, kind_form_column, err, sizeof err);
	if (def == NULL)
		fail_msg("a label of 12 cells refused: %s", err);
	assert_int_equal(wtext_width(formdef_field(def, "category")->label_zh), 12);
	formdef_free(def);
}

/* Other values a person can get wrong. */
static void
test_bad_values(void **state)
{
	(void)state;
	refused_field("[phone]\nlabel_zh = 电话\nlabel_en = Phone\nrow = 3\ncol = 0\nwidth = 13\n"
	    "required = maybe\n", "required = maybe", "phone", "required must be yes or no");
	refused_field("[desired_wage]\nlabel_zh = 期望工资\nlabel_en = Wage\nrow = 3\ncol = 0\n"
	    "width = 8\ntype = int\nmin = 100\nmax = 50\n", "max = 50", "desired_wage",
	    "not below min");
	refused_field("[desired_wage]\nlabel_zh = 期望工资\nlabel_en = Wage\nrow = 3\ncol = 0\n"
	    "width = 8\nmaxlen = 0\n", "maxlen = 0", "desired_wage", "maxlen must be");
}

/* The file as a whole. */
static void
test_bad_file(void **state)
{
	char err[512] = "", want[256];

	(void)state;
	/* Fields before [form]. */
	put("test.form", "[name]\nlabel_zh = 姓名\nlabel_en = Name\nrow = 2\ncol = 0\nwidth = 20\n"
	    "[form]\nname_zh = 表\nname_en = Form\ntable = seeker\n");
	assert_null(formdef_load(fixture, kind_form_column, err, sizeof err));
	snprintf(want, sizeof want, "%s:1:", fixture);
	assert_mentions(err, want);
	assert_mentions(err, "[form]");
	/* No fields at all. */
	put("test.form", "[form]\nname_zh = 表\nname_en = Form\ntable = seeker\n");
	assert_null(formdef_load(fixture, kind_form_column, err, sizeof err));
	assert_mentions(err, fixture);
	assert_mentions(err, "no fields");
	/* A syntax error is the INI reader's, still with file and line. */
	put("test.form", "[form]\nname_zh = 表\nname_en = Form\ntable seeker\n");
	assert_null(formdef_load(fixture, kind_form_column, err, sizeof err));
	snprintf(want, sizeof want, "%s:4:", fixture);
	assert_mentions(err, want);
	refused("[form]\nname_en = Form\ntable = seeker\n"
	    "[name]\nlabel_zh = 姓名\nlabel_en = Name\nrow = 2\ncol = 0\nwidth = 20\n",
	    "[form]", "form", "name_zh is missing");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seeker_form),
		cmocka_unit_test(test_employer_form),
		cmocka_unit_test(test_vacancy_form),
		cmocka_unit_test(test_real_form_wrong_columns),
		cmocka_unit_test(test_minimal_form),
		cmocka_unit_test(test_unknown_type),
		cmocka_unit_test(test_missing_label),
		cmocka_unit_test(test_row_out_of_range),
		cmocka_unit_test(test_overlap),
		cmocka_unit_test(test_past_column_80),
		cmocka_unit_test(test_unknown_key),
		cmocka_unit_test(test_code_without_codes),
		cmocka_unit_test(test_codes_type),
		cmocka_unit_test(test_region_keys),
		cmocka_unit_test(test_unknown_column),
		cmocka_unit_test(test_label_width),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_bad_file),
	};

	if (utf8_locale("test_formdef") != 0)
		return 1;
	return cmocka_run_group_tests(tests, setup, teardown);
}
