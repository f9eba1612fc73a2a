/*
 * Unit tests for src/core/kind.c, the record-kind table every layer reads:
 * its entries agree with each other, with the shipped forms and with the
 * files exports write; statuses lapse as a clerk sees them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "common/codefile.h"
#include "common/formdef.h"
#include "core/kind.h"
#include "core/service.h"

#include "testlib.h"

/*
 * Each kind sits at its id, and is found by its name and, where it has
 * one, its plural and the service its records give: one kind a service,
 * so that the server knows whose rules a service event follows.
 */
static void
test_lookup(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < KIND_COUNT; i++) {
		const struct kind *k = kind_get((enum kind_id)i);

		assert_int_equal(k->id, i);
		assert_ptr_equal(kind_find(k->name), k);
		if (k->plural != NULL)
			assert_ptr_equal(kind_by_plural(k->plural), k);
		if (k->service != NULL)
			assert_ptr_equal(kind_by_service(k->service), k);
	}
	assert_ptr_equal(kind_by_service("guidance"), kind_get(KIND_GUIDANCE));
	assert_true(kind_by_service("guidance")->flags & KF_GRADED);
	assert_null(kind_by_service("no_such_service"));
	assert_null(kind_find("seekers"));
	assert_null(kind_find(""));
	assert_null(kind_by_plural("seeker"));
	assert_ptr_equal(kind_by_plural("vacancies"), kind_get(KIND_VACANCY));
}

/* The parts of an entry name things that exist: columns, kinds, lists. */
static void
test_consistent(void **state)
{
	size_t i, j;

	(void)state;
	for (i = 0; i < KIND_COUNT; i++) {
		const struct kind *k = kind_get((enum kind_id)i);
		size_t naturals = 0;

		assert_true(k->ncols <= KIND_MAX_COLUMNS);
		if (k->natural != NULL)
			assert_non_null(kind_column(k, k->natural));
		if (k->label_column != NULL)
			assert_non_null(kind_column(k, k->label_column));
		if (k->label_parent != NULL) {
			const struct kind_column *c = kind_column(k, k->label_parent);

			assert_non_null(c);
			assert_non_null(c->refers);
			assert_non_null(kind_find(c->refers)->label_column);
			assert_non_null(k->label_sep);
		}
		/* A service a kind gives is a type the ledger knows. */
		if (k->service != NULL)
			assert_non_null(service_type_find(k->service));
		if (k->service_employer != NULL)
			assert_int_equal(service_type_find(k->service_employer)->subject,
			    SERVICE_EMPLOYER);
		if (k->flags & KF_PUSH)
			assert_true(k->flags & KF_UUID_KEY);
		for (j = 0; j < k->ncols; j++) {
			const struct kind_column *c = &k->cols[j];

			/* Every column is the form's or the program's, never both, never neither. */
			assert_true(!!(c->flags & KC_FORM) != !!(c->flags & KC_LIFE));
			assert_int_equal(kind_column_index(k, c->name), j);
			if (c->type == KT_CODE)
				assert_non_null(c->codes);
			if (c->type == KT_STATUS)
				assert_true(k->nstatuses > 0);
			if (c->refers != NULL) {
				assert_true(c->type == KT_ID || c->type == KT_IDOPT);
				assert_non_null(kind_find(c->refers));
				assert_true(kind_find(c->refers)->flags & KF_UUID_KEY);
			}
			if (c->file_key != NULL)
				assert_non_null(kind_find(c->refers)->natural);
			if (c->flags & KC_NATURAL) {
				assert_string_equal(c->name, k->natural);
				assert_null(c->dflt);
				naturals++;
			}
		}
		assert_int_equal(naturals, k->natural != NULL);
	}
}

/* Each kind with a form is described column for column as its shipped form has it. */
static void
test_forms_match(void **state)
{
	size_t i, j;

	(void)state;
	for (i = 0; i < KIND_COUNT; i++) {
		const struct kind *k = kind_get((enum kind_id)i);
		char path[512], err[512] = "";
		struct formdef *def;

		if (!(k->flags & KF_FORM)) {
			assert_int_equal(kind_form_column(k->name, "name"), -1);
			continue;
		}
		snprintf(path, sizeof path, "%s/forms/%s.form", top(), k->name);
		def = formdef_load(path, kind_form_column, err, sizeof err);
		if (def == NULL)
			fail_msg("%s", err);
		assert_string_equal(def->table, k->name);
		for (j = 0; j < k->ncols; j++)
			if (k->cols[j].flags & KC_FORM) {
				if (formdef_field(def, k->cols[j].name) == NULL)
					fail_msg("%s has no field %s", path, k->cols[j].name);
			} else
				assert_int_equal(kind_form_column(k->name, k->cols[j].name), 0);
		formdef_free(def);
	}
}

/* The outcomes clerks pick (db/codes/referral_outcome.tsv) are exactly a referral's statuses. */
static void
test_referral_outcomes(void **state)
{
	const struct kind *k = kind_get(KIND_REFERRAL);
	struct codefile_entry e;
	struct codefile *cf;
	char path[512], err[512] = "";
	size_t n = 0;
	int rc;

	(void)state;
	snprintf(path, sizeof path, "%s/db/codes/referral_outcome.tsv", top());
	cf = codefile_open(path, err, sizeof err);
	if (cf == NULL)
		fail_msg("%s", err);
	while ((rc = codefile_next(cf, &e, err, sizeof err)) == 1) {
		if (kind_status(k, e.code) == NULL)
			fail_msg("outcome %s is not a status of a referral", e.code);
		n++;
	}
	codefile_close(cf);
	assert_int_equal(rc, 0);
	assert_int_equal(n, k->nstatuses);
}

/* The columns of import and export files, in the order exports have always written them. */
static void
test_file_columns(void **state)
{
	const char *cols[KIND_MAX_COLUMNS];
	char line[1024];
	size_t n, i;

	(void)state;
	n = kind_file_columns(kind_get(KIND_VACANCY), cols, KIND_MAX_COLUMNS);
	line[0] = '\0';
	for (i = 0; i < n; i++)
		snprintf(line + strlen(line), sizeof line - strlen(line), "%s%s", i ? "," : "",
		    cols[i]);
	assert_string_equal(line, "employer_uscc,occupation,title,headcount,wage_min,wage_max,"
	    "education,age_min,age_max,district,hours,description,valid_until,public_welfare,status");
	n = kind_file_columns(kind_get(KIND_SEEKER), cols, KIND_MAX_COLUMNS);
	assert_string_equal(cols[0], "id_number");
	assert_string_equal(cols[n - 3], "status");
	assert_string_equal(cols[n - 2], "registered_on");
	assert_string_equal(cols[n - 1], "valid_until");
	assert_ptr_equal(kind_file_column(kind_get(KIND_VACANCY), "employer_uscc"),
	    kind_column(kind_get(KIND_VACANCY), "employer_id"));
	assert_null(kind_file_column(kind_get(KIND_VACANCY), "employer_id"));
	assert_null(kind_file_column(kind_get(KIND_SEEKER), "office"));
	/* A list shorter than the columns is filled up to its end. */
	assert_int_equal(kind_file_columns(kind_get(KIND_SEEKER), cols, 2), 2);
}

/* An open registration or vacancy lapses the day after its validity; a closed one does not. */
static void
test_effective_status(void **state)
{
	const struct kind *s = kind_get(KIND_SEEKER), *v = kind_get(KIND_VACANCY);

	(void)state;
	assert_string_equal(kind_effective_status(s, "registered", "2026-03-01", 20260301),
	    "registered");
	assert_string_equal(kind_effective_status(s, "registered", "2026-03-01", 20260302),
	    "expired");
	assert_string_equal(kind_effective_status(s, "renewed", "2026-03-01", 20260302), "expired");
	assert_string_equal(kind_effective_status(s, "withdrawn", "2026-03-01", 20260302),
	    "withdrawn");
	assert_string_equal(kind_effective_status(s, "registered", "", 20260302), "registered");
	assert_string_equal(kind_effective_status(v, "open", "2025-12-31", 20260101), "expired");
	assert_string_equal(kind_effective_status(v, "filled", "2025-12-31", 20260101), "filled");
	assert_string_equal(kind_effective_status(kind_get(KIND_EMPLOYER), "active", "2000-01-01",
	    20260101), "active");
	assert_string_equal(kind_initial_status(s), "registered");
	assert_string_equal(kind_initial_status(kind_get(KIND_EMPLOYER)), "active");
	assert_string_equal(kind_initial_status(kind_get(KIND_SERVICE_EVENT)), "");
	assert_true(kind_status(s, "placed")->closed);
	assert_false(kind_status(s, "renewed")->closed);
	assert_null(kind_status(s, "open"));
	assert_string_equal(kind_status_label("filled"), "filled");
	assert_null(kind_status_label("nonsense"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_consistent),
		cmocka_unit_test(test_forms_match),
		cmocka_unit_test(test_referral_outcomes),
		cmocka_unit_test(test_file_columns),
		cmocka_unit_test(test_effective_status),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
