/*
 * The forms and code lists a push is checked against, as the server holds
 * them (records "form", "code_list" and "code"), cached per connection.
 * The cache is made again when those records changed: every change of one
 * replaces its change_log row by one with a higher position, so the count
 * and sum of their positions move, whatever order transactions commit in.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/fields.h"
#include "common/formdef.h"
#include "common/log.h"
#include "core/kind.h"
#include "server/pg-int.h"
#include "server/validate.h"
#include "wire/fields-json.h"

/* Load the reference data afresh; the new set or NULL. */
static struct validate_ref *
pg_ref_load(struct pg *pg)
{
	struct validate_ref *ref = validate_ref_new();
	PGresult *res;
	int i;

	if ((res = pg_run(pg, S_REF_LISTS, NULL)) == NULL)
		goto fail;
	for (i = 0; i < PQntuples(res); i++)
		validate_ref_list(ref, PQgetvalue(res, i, 0));
	PQclear(res);
	if ((res = pg_run(pg, S_REF_CODES, NULL)) == NULL)
		goto fail;
	for (i = 0; i < PQntuples(res); i++)
		validate_ref_code(ref, PQgetvalue(res, i, 0), PQgetvalue(res, i, 1));
	PQclear(res);
	if ((res = pg_run(pg, S_REF_FORMS, NULL)) == NULL)
		goto fail;
	for (i = 0; i < PQntuples(res); i++) {
		struct fields f = FIELDS_INIT;
		struct formdef *def = NULL;
		const char *parts = PQgetvalue(res, i, 1);
		char name[64], err[512], *text = NULL;

		snprintf(name, sizeof name, "%s.form", PQgetvalue(res, i, 0));
		if (wire_fields_decode(parts, strlen(parts), &f) == 0 &&
		    (text = formdef_text_join(&f)) != NULL)
			def = formdef_load_text(text, name, kind_form_column, err, sizeof err);
		else
			snprintf(err, sizeof err, "%s: the record holds no form text", name);
		/* admin form load checked it: a form that fails now is left out, and said so. */
		if (def != NULL)
			validate_ref_form(ref, def);
		else
			log_error("form %s", err);
		free(text);
		fields_free(&f);
	}
	PQclear(res);
	validate_ref_seal(ref);
	return ref;
fail:
	validate_ref_free(ref);
	return NULL;
}

/* Refresh the cache when the reference records changed. */
int
pg_ref_refresh(struct pg *pg)
{
	struct validate_ref *ref;
	PGresult *res;
	char mark[64];

	if ((res = pg_run(pg, S_REF_MARK, NULL)) == NULL)
		return -1;
	snprintf(mark, sizeof mark, "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	if (pg->ref != NULL && strcmp(mark, pg->ref_mark) == 0)
		return 0;
	if ((ref = pg_ref_load(pg)) == NULL)
		return -1;
	validate_ref_free(pg->ref);
	pg->ref = ref;
	snprintf(pg->ref_mark, sizeof pg->ref_mark, "%s", mark);
	return 0;
}
