/*
 * Unit tests for src/core/fieldcheck.c, the field of type codes: a job
 * seeker's categories, several of which may apply to one person (农村劳动力
 * and 外来务工人员). The same check runs when a clerk leaves the field and
 * on every row of an import, so a value typed or imported with full-width
 * commas or blanks is stored the one way the code picker writes it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/fields.h"
#include "common/formdef.h"
#include "core/check.h"
#include "core/fieldcheck.h"
#include "core/retire.h"

#include "testlib.h"

#define TODAY	20240601

/* The current codes of db/codes/person_category.tsv. */
static const char *const categories[] = {
	"unemployed", "laid_off", "rural", "migrant", "graduate", "disabled", "veteran",
	"released", "employed_seeking", "other", NULL
};

static struct formfield category = {
	.key = "category", .label_zh = "人员类别", .label_en = "Category", .row = 15,
	.width = 22, .type = FIELD_CODES, .required = 1, .maxlen = FORMDEF_CODES_MAXLEN,
	.codes = "person_category",
};

/* Some codes of db/codes/region.tsv, with their names: the city, districts, streets. */
static const char *const regions[] = {
	"110000", "北京市", "110101", "东城区", "110105", "朝阳区",
	"110101007", "朝阳门街道", "110105026", "望京街道", NULL
};

/* The code callback: person_category and region are known, every other list is not loaded. */
static int
known(void *ctx, const char *list, const char *code)
{
	const char *const *c;

	(void)ctx;
	if (strcmp(list, "region") == 0) {
		for (c = regions; *c != NULL; c += 2)
			if (strcmp(*c, code) == 0)
				return 1;
		return 0;
	}
	if (strcmp(list, "person_category") != 0)
		return -1;
	for (c = categories; *c != NULL; c++)
		if (strcmp(*c, code) == 0)
			return 1;
	return 0;
}

/* Assert that in is accepted for f and stored as want. */
static void
accepted(const struct formfield *f, const char *in, const char *want)
{
	char out[256], msg[256];

	memset(out, 'z', sizeof out);
	if (fieldcheck_value(f, in, TODAY, NULL, known, NULL, out, sizeof out, msg,
	    sizeof msg) != 0)
		fail_msg("\"%s\" refused: %s", in, msg);
	assert_string_equal(out, want);
	assert_string_equal(msg, "");
}

/* Assert that in is refused for f with a message that mentions needle. */
static void
refused(const struct formfield *f, const char *in, const char *needle)
{
	char out[256], msg[256] = "";

	if (fieldcheck_value(f, in, TODAY, NULL, known, NULL, out, sizeof out, msg,
	    sizeof msg) != -1)
		fail_msg("\"%s\" accepted as \"%s\"", in, out);
	assert_mentions(msg, needle);
}

/* Text that would not fit the caller's buffer is refused, never cut (nor cut mid-character). */
static void
test_text_never_cut(void **state)
{
	struct formfield text = { .key = "description", .label_en = "Details",
	    .type = FIELD_TEXT, .maxlen = 200 };
	char in[700], out[256], msg[256] = "";
	size_t i;

	(void)state;
	/* 100 Chinese characters: within maxlen, but 300 bytes in a 256-byte buffer. */
	for (i = 0; i < 100; i++)
		memcpy(in + 3 * i, "职", 3);
	in[300] = '\0';
	assert_int_equal(fieldcheck_value(&text, in, TODAY, NULL, known, NULL, out, sizeof out, msg,
	    sizeof msg), -1);
	assert_mentions(msg, "too long");
	accepted(&text, "保洁员", "保洁员");
}

/* Codes joined by "," are stored sorted by code, the order the picker lists them. */
static void
test_good(void **state)
{
	(void)state;
	accepted(&category, "unemployed", "unemployed");
	accepted(&category, "migrant,rural", "migrant,rural");
	accepted(&category, "rural,migrant", "migrant,rural");
	accepted(&category, "rural,migrant,graduate", "graduate,migrant,rural");
	/* Every code of the list at once. */
	accepted(&category, "unemployed,laid_off,rural,migrant,graduate,disabled,veteran,"
	    "released,employed_seeking,other", "disabled,employed_seeking,graduate,laid_off,"
	    "migrant,other,released,rural,unemployed,veteran");
}

/* Blanks and the full-width comma of a Chinese input method separate codes too. */
static void
test_separators(void **state)
{
	(void)state;
	accepted(&category, "rural，migrant", "migrant,rural");
	accepted(&category, "rural， migrant", "migrant,rural");
	accepted(&category, "rural, migrant", "migrant,rural");
	accepted(&category, " rural  migrant ", "migrant,rural");
	accepted(&category, "rural\tmigrant", "migrant,rural");
	accepted(&category, "rural\xe3\x80\x80migrant", "migrant,rural");	/* U+3000 */
	/* Empty parts between separators are dropped. */
	accepted(&category, ",rural,,migrant,", "migrant,rural");
}

/* A code given twice is a mistake, however it is written. */
static void
test_duplicate(void **state)
{
	(void)state;
	refused(&category, "rural,rural", "\"rural\" is given twice");
	refused(&category, "rural,migrant，rural", "\"rural\" is given twice");
}

/* A part that is not a code of the list is named, even among good ones. */
static void
test_unknown(void **state)
{
	struct formfield other = category;

	(void)state;
	refused(&category, "farmer", "\"farmer\" is not a code of the person_category list");
	refused(&category, "rural,farmer", "\"farmer\" is not a code");
	/* Codes are compared exactly. */
	refused(&category, "Rural", "\"Rural\" is not a code");
	/* A semicolon is not a separator: the whole is one unknown code. */
	refused(&category, "rural;migrant", "\"rural;migrant\" is not a code");
	other.codes = "nosuch";
	refused(&other, "rural", "the code list \"nosuch\" is not loaded");
}

/* Nothing, or nothing but separators, is empty: refused only when required. */
static void
test_empty(void **state)
{
	struct formfield optional = category;

	(void)state;
	refused(&category, "", "this field is required");
	refused(&category, "  ", "this field is required");
	refused(&category, ",", "this field is required");
	refused(&category, "，，", "this field is required");
	optional.required = 0;
	accepted(&optional, "", "");
	accepted(&optional, " , ", "");
}

/* The joined codes must fit the field's maxlen. */
static void
test_maxlen(void **state)
{
	struct formfield narrow = category;

	(void)state;
	narrow.maxlen = 13;
	accepted(&narrow, "rural,migrant", "migrant,rural");
	refused(&narrow, "rural,migrant,other", "at most 13");
}

/* A whole imported record: the codes column is normalised in place. */
static void
test_record(void **state)
{
	struct formdef def = { .name_zh = "表", .name_en = "Form", .table = "seeker",
	    .label_width = 14, .n = 1, .fields = &category };
	struct fields r;
	const char *bad = NULL;
	char msg[256] = "";

	(void)state;
	fields_init(&r);
	fields_set(&r, "category", "rural，migrant");
	if (fieldcheck_all(&def, &r, TODAY, NULL, known, NULL, msg, sizeof msg, &bad) != 0)
		fail_msg("record refused: %s", msg);
	assert_string_equal(fields_get(&r, "category"), "migrant,rural");
	fields_set(&r, "category", "migrant,farmer");
	assert_int_equal(fieldcheck_all(&def, &r, TODAY, NULL, known, NULL, msg, sizeof msg,
	    &bad), -1);
	assert_string_equal(bad, "category");
	assert_mentions(msg, "Category: \"farmer\" is not a code");
	fields_free(&r);
}

/*
 * A job seeker's rules across fields: 16 or older on the day (the Labour
 * Law), and a hardship status only with its basis; a change that does not
 * name the basis keeps the one the record has.
 */
static void
test_person(void **state)
{
	struct formfield id = { .key = "id_number", .label_zh = "身份证号",
	    .label_en = "ID number", .type = FIELD_IDNUM, .maxlen = 18 };
	struct fields r;
	const char *bad = NULL;
	char msg[256] = "", out[64], first17[18];
	int ymd = TODAY;

	(void)state;
	/* Sixteen today: old enough; a day short of it: refused, with the age. */
	snprintf(first17, sizeof first17, "110105%08d123", ymd - 160000);
	assert_int_equal(fieldcheck_value(&id, idnum(first17), TODAY, NULL, NULL, NULL, out,
	    sizeof out, msg, sizeof msg), 0);
	snprintf(first17, sizeof first17, "110105%08d123", date_add_days(ymd - 160000, 1));
	assert_int_equal(fieldcheck_value(&id, idnum(first17), TODAY, NULL, NULL, NULL, out,
	    sizeof out, msg, sizeof msg), -1);
	assert_mentions(msg, "must be 16 or older");
	assert_mentions(msg, "this person is 15");

	fields_init(&r);
	fields_set(&r, "hardship", "long_term");
	fields_set(&r, "hardship_basis", "");
	assert_int_equal(fieldcheck_record(&r, TODAY, msg, sizeof msg, &bad), -1);
	assert_string_equal(bad, "hardship_basis");
	assert_mentions(msg, "认定依据");
	fields_set(&r, "hardship_basis", "朝人社认〔2026〕12号");
	assert_int_equal(fieldcheck_record(&r, TODAY, msg, sizeof msg, &bad), 0);
	fields_free(&r);
	/* A change that does not name the basis keeps the record's. */
	fields_init(&r);
	fields_set(&r, "hardship", "long_term");
	assert_int_equal(fieldcheck_record(&r, TODAY, msg, sizeof msg, &bad), 0);
	fields_free(&r);
}

/*
 * A job seeker of retirement age: the ID number is taken, with a warning,
 * when a rule is given (the window, an import); without one (the server)
 * it is simply good. A whole record says so too, naming the field, and
 * an under-16 is still refused.
 */
static void
test_retirement(void **state)
{
	static const struct retire_rule rule = {
		.age_male = 60, .age_female = 50, .delay = RETIRE_DELAY_2025,
	};
	struct formfield id = { .key = "id_number", .label_zh = "身份证号",
	    .label_en = "ID number", .type = FIELD_IDNUM, .maxlen = 18 };
	struct formdef def = { .name_zh = "表", .name_en = "Form", .table = "seeker",
	    .label_width = 14, .n = 1, .fields = &id };
	struct fields r;
	const char *bad = NULL, *old = idnum("11010519630520123"), *young;
	char msg[256] = "", out[64], first17[18];

	(void)state;
	/* A man of 61: born before 1965, he retired at 60. */
	assert_int_equal(fieldcheck_value(&id, old, TODAY, &rule, NULL, NULL, out, sizeof out,
	    msg, sizeof msg), 1);
	assert_string_equal(out, old);
	assert_string_equal(msg, "of retirement age (men: 60 years): check if retired");
	assert_int_equal(fieldcheck_value(&id, old, TODAY, NULL, NULL, NULL, out, sizeof out,
	    msg, sizeof msg), 0);
	assert_string_equal(msg, "");
	/* A man of 59 is not warned about. */
	young = idnum("11010519650520123");
	assert_int_equal(fieldcheck_value(&id, young, TODAY, &rule, NULL, NULL, out, sizeof out,
	    msg, sizeof msg), 0);
	/* The refusal under 16 comes first. */
	snprintf(first17, sizeof first17, "110105%08d123", date_add_days(TODAY - 160000, 1));
	assert_int_equal(fieldcheck_value(&id, idnum(first17), TODAY, &rule, NULL, NULL, out,
	    sizeof out, msg, sizeof msg), -1);
	assert_mentions(msg, "must be 16 or older");

	fields_init(&r);
	fields_set(&r, "id_number", old);
	assert_int_equal(fieldcheck_all(&def, &r, TODAY, &rule, known, NULL, msg, sizeof msg,
	    &bad), 1);
	assert_string_equal(msg, "ID number: of retirement age (men: 60 years): check if retired");
	assert_string_equal(fields_get(&r, "id_number"), old);
	fields_set(&r, "id_number", young);
	assert_int_equal(fieldcheck_all(&def, &r, TODAY, &rule, known, NULL, msg, sizeof msg,
	    &bad), 0);
	assert_string_equal(msg, "");
	fields_free(&r);
}

/* The split the form's picker and display share. */
static void
test_split(void **state)
{
	char **parts;
	size_t n;

	(void)state;
	n = fieldcheck_codes_split("rural，migrant, 农村", &parts);
	assert_int_equal(n, 3);
	assert_string_equal(parts[0], "rural");
	assert_string_equal(parts[1], "migrant");
	assert_string_equal(parts[2], "农村");
	fieldcheck_codes_free(parts, n);
	n = fieldcheck_codes_split(" ,， ", &parts);
	assert_int_equal(n, 0);
	assert_null(parts);
	fieldcheck_codes_free(parts, n);
}

/*
 * The resolver callback: 下岗 and 残疾 name one category each (aliases),
 * 人员 is in the names of several, anything else names none.
 */
static int
words(void *ctx, const char *list, const char *text, char *out, size_t outlen)
{
	(void)ctx;
	(void)list;
	if (strcmp(text, "下岗") == 0 || strcmp(text, "残疾") == 0) {
		snprintf(out, outlen, "%s", strcmp(text, "下岗") == 0 ? "laid_off" : "disabled");
		return 1;
	}
	return strcmp(text, "人员") == 0 ? 2 : 0;
}

/*
 * A code field's words become codes by one rule, the form's and the
 * import's: codes stay, a word of one code is that code, and the first
 * word of none or of several is handed back, the text left as it was.
 */
static void
test_codes_resolve(void **state)
{
	static const struct formfield one = { .key = "category", .type = FIELD_CODE,
		.codes = "person_category" };
	char *out;

	(void)state;
	assert_int_equal(fieldcheck_codes_resolve(&category, "下岗，rural 残疾", known, words,
	    NULL, &out), FIELDCHECK_RESOLVED);
	assert_string_equal(out, "laid_off,rural,disabled");
	free(out);
	assert_int_equal(fieldcheck_codes_resolve(&category, "rural,人员,外星", known, words,
	    NULL, &out), FIELDCHECK_AMBIGUOUS);
	assert_string_equal(out, "人员");
	free(out);
	assert_int_equal(fieldcheck_codes_resolve(&category, "下岗,外星", known, words, NULL,
	    &out), FIELDCHECK_UNKNOWN);
	assert_string_equal(out, "外星");
	free(out);
	/* A single code field is not split: its whole text is one word. */
	assert_int_equal(fieldcheck_codes_resolve(&one, "下岗 残疾", known, words, NULL, &out),
	    FIELDCHECK_UNKNOWN);
	assert_string_equal(out, "下岗 残疾");
	free(out);
	assert_int_equal(fieldcheck_codes_resolve(&one, "下岗", known, words, NULL, &out),
	    FIELDCHECK_RESOLVED);
	assert_string_equal(out, "laid_off");
	free(out);
	assert_int_equal(fieldcheck_codes_resolve(&one, "", known, words, NULL, &out),
	    FIELDCHECK_RESOLVED);
	assert_string_equal(out, "");
	free(out);
}

/* The name callback: the Chinese names of the region codes above. */
static int
region_name(void *ctx, const char *list, const char *code, char *out, size_t outlen)
{
	const char *const *c;

	(void)ctx;
	if (strcmp(list, "region") != 0)
		return -1;
	for (c = regions; *c != NULL; c += 2)
		if (strcmp(*c, code) == 0) {
			snprintf(out, outlen, "%s", c[1]);
			return 0;
		}
	return -1;
}

static struct formfield district = {
	.key = "district", .label_zh = "居住区县", .label_en = "District", .row = 5,
	.width = 20, .type = FIELD_CODE, .maxlen = 20, .codes = "region",
	.region = FIELD_REGION_DISTRICT,
};
static struct formfield street = {
	.key = "street", .label_zh = "街道乡镇", .label_en = "Street", .row = 5, .col = 40,
	.width = 25, .type = FIELD_CODE, .maxlen = 25, .codes = "region",
	.region = FIELD_REGION_STREET, .within = "district",
};
static struct formfield area = {
	.key = "desired_district", .label_zh = "求职区域", .label_en = "Work area", .row = 14,
	.width = 20, .type = FIELD_CODE, .maxlen = 20, .codes = "region",
	.region = FIELD_REGION_AREA,
};

/*
 * A district field takes a district (or the city), never a street: the
 * refusal says it is a street and names its district, by name when the
 * caller has names. An area field takes either.
 */
static void
test_region_district(void **state)
{
	char msg[256] = "";

	(void)state;
	accepted(&district, "110105", "110105");
	accepted(&district, "110000", "110000");
	refused(&district, "110101007", "\"110101007\" is a street or township of \"110101\"");
	refused(&district, "110199001", "not a code");
	accepted(&street, "110101007", "110101007");
	accepted(&area, "110105026", "110105026");
	assert_int_equal(fieldcheck_region(&district, "110105026", region_name, NULL, msg,
	    sizeof msg), -1);
	assert_string_equal(msg, "\"110105026 望京街道\" is a street or township of "
	    "\"110105 朝阳区\", not a district");
	assert_int_equal(fieldcheck_region(&district, "110105", region_name, NULL, msg,
	    sizeof msg), 0);
	assert_int_equal(fieldcheck_region(&street, "110105026", region_name, NULL, msg,
	    sizeof msg), 0);
}

/*
 * A street outside the district its form holds is a warning (1), never a
 * refusal; a street of that district, of the city, or with no district
 * given is fine (0).
 */
static void
test_region_within(void **state)
{
	char msg[256] = "";

	(void)state;
	assert_int_equal(fieldcheck_within(&street, "110101007", "110105", region_name, NULL,
	    msg, sizeof msg), 1);
	assert_string_equal(msg, "\"110101007 朝阳门街道\" is in \"110101 东城区\", not in the "
	    "district given, \"110105 朝阳区\"");
	assert_int_equal(fieldcheck_within(&street, "110101007", "110105", NULL, NULL, msg,
	    sizeof msg), 1);
	assert_mentions(msg, "\"110101007\" is in \"110101\"");
	assert_int_equal(fieldcheck_within(&street, "110105026", "110105", region_name, NULL,
	    msg, sizeof msg), 0);
	assert_int_equal(fieldcheck_within(&street, "110105026", "110000", region_name, NULL,
	    msg, sizeof msg), 0);
	assert_int_equal(fieldcheck_within(&street, "110105026", "", region_name, NULL, msg,
	    sizeof msg), 0);
	assert_int_equal(fieldcheck_within(&street, "", "110105", region_name, NULL, msg,
	    sizeof msg), 0);
	/* Only a street field with a district field says anything. */
	assert_int_equal(fieldcheck_within(&area, "110101007", "110105", region_name, NULL, msg,
	    sizeof msg), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_text_never_cut),
		cmocka_unit_test(test_separators),
		cmocka_unit_test(test_duplicate),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_maxlen),
		cmocka_unit_test(test_record),
		cmocka_unit_test(test_person),
		cmocka_unit_test(test_retirement),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_codes_resolve),
		cmocka_unit_test(test_region_district),
		cmocka_unit_test(test_region_within),
	};

	if (utf8_locale("test_fieldcheck") != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
