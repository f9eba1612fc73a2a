/*
 * Unit tests for src/server/validate.c, the server's checks of a pushed
 * change against the forms and code lists it holds: values are checked
 * and normalised as the client's forms do, unknown keys are refused, a
 * missing form or list is the server's problem (not the change's), and a
 * reason never carries the value it refuses.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/codefile.h"
#include "common/fields.h"
#include "common/formdef.h"
#include "common/log.h"
#include "core/kind.h"
#include "server/validate.h"

#include "testlib.h"

#define TODAY	20240601

static struct validate_ref *ref;

/* Load the shipped forms and code lists into the reference data. */
static int
setup(void **state)
{
	static const char *const forms[] = { "seeker", "employer", "vacancy" };
	struct dirent **names;
	char path[512], err[512];
	int n, i;
	size_t f;

	(void)state;
	log_set_file(NULL);
	ref = validate_ref_new();
	for (f = 0; f < 3; f++) {
		struct formdef *def;

		snprintf(path, sizeof path, "%s/forms/%s.form", top(), forms[f]);
		if ((def = formdef_load(path, kind_form_column, err, sizeof err)) == NULL) {
			fprintf(stderr, "%s\n", err);
			return -1;
		}
		validate_ref_form(ref, def);
	}
	snprintf(path, sizeof path, "%s/db/codes", top());
	if ((n = scandir(path, &names, NULL, alphasort)) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		size_t len = strlen(names[i]->d_name);

		if (len > 4 && strcmp(names[i]->d_name + len - 4, ".tsv") == 0) {
			char file[1024];
			struct codefile *cf;
			struct codefile_entry e;

			snprintf(file, sizeof file, "%s/%s", path, names[i]->d_name);
			if ((cf = codefile_open(file, err, sizeof err)) == NULL)
				return -1;
			validate_ref_list(ref, codefile_list(cf));
			while (codefile_next(cf, &e, err, sizeof err) > 0)
				validate_ref_code(ref, codefile_list(cf), e.code);
			codefile_close(cf);
		}
		free(names[i]);
	}
	free(names);
	validate_ref_seal(ref);
	return 0;
}

/* Free the reference data. */
static int
teardown(void **state)
{
	(void)state;
	validate_ref_free(ref);
	return 0;
}

/* Check fields given as NULL-terminated pairs; the result, the reason in reason. */
static int
check(const char *tbl, struct fields *f, char *reason, size_t len, ...)
{
	const char *k;
	va_list ap;

	fields_init(f);
	va_start(ap, len);
	while ((k = va_arg(ap, const char *)) != NULL)
		fields_set(f, k, va_arg(ap, const char *));
	va_end(ap);
	reason[0] = '\0';
	return validate_change(ref, kind_find(tbl), f, TODAY, reason, len);
}

/* Good values pass and come out in their canonical form. */
static void
test_validate_normalises(void **state)
{
	struct fields f;
	char reason[256], number[24];

	(void)state;
	snprintf(number, sizeof number, "%s", idnum("11010519800101001"));
	number[17] = number[17] == 'X' ? 'x' : number[17];
	assert_int_equal(check("seeker", &f, reason, sizeof reason, "id_number", number, "name",
	    "张三", "household", "urban", "status", "registered", "registered_on", "2024-5-1",
	    "office", "110105", "created_by", "cli:root", NULL), VALIDATE_OK);
	assert_string_equal(fields_str(&f, "id_number"), idnum("11010519800101001"));
	assert_string_equal(fields_str(&f, "registered_on"), "2024-05-01");
	fields_free(&f);
	assert_int_equal(check("vacancy", &f, reason, sizeof reason, "employer_id",
	    "01900000-0000-7000-8000-000000000001", "title", "厨师", "status", "open", NULL),
	    VALIDATE_OK);
	fields_free(&f);
	assert_int_equal(check("service_event", &f, reason, sizeof reason, "type", "referral",
	    "seeker_id", "", "free", "1", "at", "2024-06-01T08:00:00Z", NULL), VALIDATE_OK);
	fields_free(&f);
}

/* A refused value is named by its field; the value itself stays out of the reason. */
static void
test_validate_reason_hides_value(void **state)
{
	struct fields f;
	char reason[256];

	(void)state;
	assert_int_equal(check("seeker", &f, reason, sizeof reason, "id_number",
	    "110105198001010010", NULL), VALIDATE_BAD);
	assert_mentions(reason, "id_number: ");
	assert_null(strstr(reason, "110105198001010010"));
	fields_free(&f);
	assert_int_equal(check("seeker", &f, reason, sizeof reason, "id_number",
	    "110105209901010010", NULL), VALIDATE_BAD);
	assert_null(strstr(reason, "20990101"));
	assert_null(strstr(reason, "2099"));
	fields_free(&f);
	assert_int_equal(check("seeker", &f, reason, sizeof reason, "phone", "12345", NULL),
	    VALIDATE_BAD);
	assert_mentions(reason, "phone: ");
	assert_null(strstr(reason, "12345"));
	fields_free(&f);
	assert_int_equal(check("seeker", &f, reason, sizeof reason, "registered_on", "2024-13-45",
	    NULL), VALIDATE_BAD);
	assert_mentions(reason, "registered_on: ");
	assert_null(strstr(reason, "2024-13-45"));
	fields_free(&f);
	/* A year the check prints without quotes is taken out too. */
	assert_int_equal(check("seeker", &f, reason, sizeof reason, "registered_on", "1850-01-01",
	    NULL), VALIDATE_BAD);
	assert_mentions(reason, "registered_on: ");
	assert_null(strstr(reason, "1850"));
	fields_free(&f);
}

/* Keys the table does not have, and lifecycle values out of their sets, are refused. */
static void
test_validate_refuses(void **state)
{
	struct fields f;
	char reason[256];

	(void)state;
	assert_int_equal(check("seeker", &f, reason, sizeof reason, "name", "张三", "salary", "1",
	    NULL), VALIDATE_BAD);
	assert_string_equal(reason, "salary: unknown field");
	fields_free(&f);
	assert_int_equal(check("seeker", &f, reason, sizeof reason, "status", "hired", NULL),
	    VALIDATE_BAD);
	assert_mentions(reason, "status: ");
	fields_free(&f);
	assert_int_equal(check("seeker", &f, reason, sizeof reason, "household", "mars", NULL),
	    VALIDATE_BAD);
	assert_mentions(reason, "household: ");
	assert_null(strstr(reason, "mars"));
	fields_free(&f);
	assert_int_equal(check("seeker", &f, reason, sizeof reason, "withdraw_reason", "bored",
	    NULL), VALIDATE_BAD);
	fields_free(&f);
	assert_int_equal(check("vacancy", &f, reason, sizeof reason, "employer_id", "42", NULL),
	    VALIDATE_BAD);
	fields_free(&f);
	assert_int_equal(check("vacancy", &f, reason, sizeof reason, "wage_min", "9000",
	    "wage_max", "3000", NULL), VALIDATE_BAD);
	assert_mentions(reason, "wage_max: ");
	fields_free(&f);
	assert_int_equal(check("service_event", &f, reason, sizeof reason, "free", "yes", NULL),
	    VALIDATE_BAD);
	fields_free(&f);
	assert_int_equal(check("service_event", &f, reason, sizeof reason, "name", "x", NULL),
	    VALIDATE_BAD);
	fields_free(&f);
}

/*
 * A lifecycle field is checked by its type, and its refusal reads as it
 * always has: terminals show these reasons, and parked changes keep them.
 */
static void
test_validate_lifecycle_reasons(void **state)
{
	static const struct {
		const char	*tbl;
		const char	*key;
		const char	*value;
		const char	*reason;
	} cases[] = {
		{ "seeker", "status", "hired",
		  "status: not one of registered|renewed|placed|withdrawn|expired" },
		{ "seeker", "status", "",
		  "status: not one of registered|renewed|placed|withdrawn|expired" },
		{ "employer", "status", "open", "status: not one of active|withdrawn" },
		{ "vacancy", "status", "active",
		  "status: not one of open|filled|withdrawn|expired|closed" },
		{ "seeker", "withdraw_reason", "bored",
		  "withdraw_reason: not a code of the withdraw_reason list" },
		{ "employer", "withdraw_reason", "bored",
		  "withdraw_reason: not a code of the employer_withdraw_reason list" },
		{ "vacancy", "withdraw_reason", "bored",
		  "withdraw_reason: not a code of the vacancy_withdraw_reason list" },
		{ "seeker", "valid_until", "2024-02-30",
		  "valid_until: \"…\" is not a calendar date; month 2 of … has 29 days" },
		{ "seeker", "office", "朝阳", "office: not an office code" },
		{ "service_event", "office", "", "office: not an office code" },
		{ "employer", "created_by", "", "created_by: not a login" },
		{ "vacancy", "employer_id", "42", "employer_id: not a record id" },
		{ "vacancy", "employer_id", "", "employer_id: not a record id" },
		{ "service_event", "seeker_id", "42", "seeker_id: not a record id" },
		{ "service_event", "clerk", "", "clerk: not a login" },
		{ "service_event", "free", "yes", "free: not 0 or 1" },
		{ "service_event", "name", "x", "name: unknown field" },
		{ "employer", "valid_until", "2024-06-01", "valid_until: unknown field" },
	};
	struct fields f;
	char reason[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int rc = check(cases[i].tbl, &f, reason, sizeof reason, cases[i].key,
		    cases[i].value, NULL);

		if (rc != VALIDATE_BAD)
			fail_msg("%s %s=\"%s\": %d, not refused", cases[i].tbl, cases[i].key,
			    cases[i].value, rc);
		assert_string_equal(reason, cases[i].reason);
		fields_free(&f);
	}
	/* Every status of each kind passes; an empty id where one is optional too. */
	assert_int_equal(check("employer", &f, reason, sizeof reason, "status", "withdrawn",
	    "created_by", "cli:import", NULL), VALIDATE_OK);
	fields_free(&f);
	assert_int_equal(check("vacancy", &f, reason, sizeof reason, "status", "closed",
	    "withdraw_reason", "", NULL), VALIDATE_OK);
	fields_free(&f);
	assert_int_equal(check("service_event", &f, reason, sizeof reason, "vacancy_id", "",
	    "office", "110105", "free", "0", NULL), VALIDATE_OK);
	fields_free(&f);
}

/* Without the form or a list, the server cannot judge: not the change's fault. */
static void
test_validate_noref(void **state)
{
	struct validate_ref *empty = validate_ref_new();
	struct fields f = FIELDS_INIT;
	char reason[256];

	(void)state;
	validate_ref_seal(empty);
	fields_set(&f, "name", "张三");
	assert_int_equal(validate_change(empty, kind_get(KIND_SEEKER), &f, TODAY, reason,
	    sizeof reason), VALIDATE_NOREF);
	assert_string_equal(reason, "the server has no form for seeker");
	fields_free(&f);
	validate_ref_free(empty);
	/* The form, but not the list a field needs. */
	empty = validate_ref_new();
	{
		char path[512], err[512];
		struct formdef *def;

		snprintf(path, sizeof path, "%s/forms/seeker.form", top());
		def = formdef_load(path, kind_form_column, err, sizeof err);
		assert_non_null(def);
		validate_ref_form(empty, def);
	}
	validate_ref_seal(empty);
	fields_set(&f, "household", "urban");
	assert_int_equal(validate_change(empty, kind_get(KIND_SEEKER), &f, TODAY, reason,
	    sizeof reason), VALIDATE_NOREF);
	fields_free(&f);
	/* A lifecycle field's list, likewise. */
	fields_set(&f, "withdraw_reason", "moved");
	assert_int_equal(validate_change(empty, kind_get(KIND_SEEKER), &f, TODAY, reason,
	    sizeof reason), VALIDATE_NOREF);
	assert_string_equal(reason, "withdraw_reason: the server has no code list withdraw_reason");
	fields_free(&f);
	validate_ref_free(empty);
}

/* A reason cut by snprintf keeps whole UTF-8 characters. */
static void
test_validate_trim_utf8(void **state)
{
	char s[16];

	(void)state;
	snprintf(s, sizeof s, "ab名");
	validate_trim_utf8(s);
	assert_string_equal(s, "ab名");
	s[4] = '\0';		/* "ab" and two bytes of 名 */
	validate_trim_utf8(s);
	assert_string_equal(s, "ab");
	snprintf(s, sizeof s, "名");
	s[1] = '\0';
	validate_trim_utf8(s);
	assert_string_equal(s, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_validate_normalises),
		cmocka_unit_test(test_validate_reason_hides_value),
		cmocka_unit_test(test_validate_refuses),
		cmocka_unit_test(test_validate_lifecycle_reasons),
		cmocka_unit_test(test_validate_noref),
		cmocka_unit_test(test_validate_trim_utf8),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
