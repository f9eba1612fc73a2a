/* Checking pushed changes against the forms and code lists the server holds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/xalloc.h"
#include "core/account_rules.h"
#include "core/check.h"
#include "core/daily.h"
#include "core/fieldcheck.h"
#include "core/ident.h"
#include "core/kind.h"
#include "server/validate.h"
#include "wire/fields-json.h"

#define VALIDATE_MAX_FORMS	8

struct validate_ref {
	char		**lists;	/* sorted after seal */
	size_t		  nlists;
	char		**codes;	/* "list\tcode", sorted after seal */
	size_t		  ncodes;
	struct formdef	 *forms[VALIDATE_MAX_FORMS];
	size_t		  nforms;
};

/* New empty reference data. */
struct validate_ref *
validate_ref_new(void)
{
	return xcalloc(1, sizeof(struct validate_ref));
}

/* Free reference data. */
void
validate_ref_free(struct validate_ref *ref)
{
	size_t i;

	if (ref == NULL)
		return;
	for (i = 0; i < ref->nlists; i++)
		free(ref->lists[i]);
	for (i = 0; i < ref->ncodes; i++)
		free(ref->codes[i]);
	for (i = 0; i < ref->nforms; i++)
		formdef_free(ref->forms[i]);
	free(ref->lists);
	free(ref->codes);
	free(ref);
}

/* Add a list name. */
void
validate_ref_list(struct validate_ref *ref, const char *list)
{
	ref->lists = xreallocarray(ref->lists, ref->nlists + 1, sizeof *ref->lists);
	ref->lists[ref->nlists++] = xstrdup(list);
}

/* Add a code of a list. */
void
validate_ref_code(struct validate_ref *ref, const char *list, const char *code)
{
	ref->codes = xreallocarray(ref->codes, ref->ncodes + 1, sizeof *ref->codes);
	ref->codes[ref->ncodes++] = xasprintf("%s\t%s", list, code);
}

/* Add a form, replacing one of the same table. */
void
validate_ref_form(struct validate_ref *ref, struct formdef *def)
{
	size_t i;

	for (i = 0; i < ref->nforms; i++)
		if (strcmp(ref->forms[i]->table, def->table) == 0) {
			formdef_free(ref->forms[i]);
			ref->forms[i] = def;
			return;
		}
	if (ref->nforms == VALIDATE_MAX_FORMS) {
		formdef_free(def);
		return;
	}
	ref->forms[ref->nforms++] = def;
}

/* qsort and bsearch comparison of two strings by pointer. */
static int
validate_strcmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sort the lists and codes. */
void
validate_ref_seal(struct validate_ref *ref)
{
	if (ref->nlists > 0)
		qsort(ref->lists, ref->nlists, sizeof *ref->lists, validate_strcmp);
	if (ref->ncodes > 0)
		qsort(ref->codes, ref->ncodes, sizeof *ref->codes, validate_strcmp);
}

/* The form of a table. */
const struct formdef *
validate_ref_formdef(const struct validate_ref *ref, const char *tbl)
{
	size_t i;

	for (i = 0; ref != NULL && i < ref->nforms; i++)
		if (strcmp(ref->forms[i]->table, tbl) == 0)
			return ref->forms[i];
	return NULL;
}

/* Whether a list holds a code. */
int
validate_ref_has(void *ctx, const char *list, const char *code)
{
	const struct validate_ref *ref = ctx;
	char *probe;
	int found;

	if (ref == NULL || ref->nlists == 0 || bsearch(&list, ref->lists, ref->nlists, sizeof *ref->lists,
	    validate_strcmp) == NULL)
		return -1;
	if (ref->ncodes == 0)
		return 0;
	probe = xasprintf("%s\t%s", list, code);
	found = bsearch(&probe, ref->codes, ref->ncodes, sizeof *ref->codes,
	    validate_strcmp) != NULL;
	free(probe);
	return found;
}

/* What a check sees: the reference data, and whether it lacked a list. */
struct validate_ctx {
	const struct validate_ref	*ref;
	int				 unknown_list;
};

/* The fieldcheck callback: notes a list the server does not hold. */
static int
validate_code_cb(void *arg, const char *list, const char *code)
{
	struct validate_ctx *ctx = arg;
	int rc = validate_ref_has((void *)ctx->ref, list, code);

	if (rc < 0)
		ctx->unknown_list = 1;
	return rc;
}

/*
 * Take the value out of a check's message into out: the checks quote what
 * they refuse ("\"1385\" is not a ..."), and a reason is stored and sent
 * where personal data must not go. Quoted text, the value itself and
 * runs of four or more digits (a year or a date out of it) become "…".
 */
static void
validate_scrub(const char *msg, const char *value, char *out, size_t outlen)
{
	static const char dots[] = "\xe2\x80\xa6";
	struct buf b = BUF_INIT;
	size_t vlen = strlen(value);
	const char *close;

	while (*msg != '\0') {
		if (*msg == '"' && (close = strchr(msg + 1, '"')) != NULL) {
			buf_addc(&b, '"');
			buf_adds(&b, dots);
			buf_addc(&b, '"');
			msg = close + 1;
		} else if (vlen > 0 && strncmp(msg, value, vlen) == 0) {
			buf_adds(&b, dots);
			msg += vlen;
		} else if (strspn(msg, "0123456789") >= 4) {
			/* A year, a date or a number taken from the value, printed unquoted. */
			buf_adds(&b, dots);
			msg += strspn(msg, "0123456789");
		} else
			buf_addc(&b, *msg++);
	}
	snprintf(out, outlen, "%s", buf_str(&b));
	buf_free(&b);
}

/* The problem into reason as "KEY: problem", the value kept out. */
static void
validate_reason(char *reason, size_t reasonlen, const char *key, const char *msg,
    const char *value)
{
	char why[256];

	validate_scrub(msg, value, why, sizeof why);
	snprintf(reason, reasonlen, "%s: %s", key, why);
	validate_trim_utf8(reason);
}

/* Drop a UTF-8 sequence that a cut left incomplete at the end of s. */
void
validate_trim_utf8(char *s)
{
	size_t len = strlen(s), start = len, need;
	unsigned char c;

	while (start > 0 && ((unsigned char)s[start - 1] & 0xc0) == 0x80 && len - start < 3)
		start--;
	if (start == 0)
		return;
	c = (unsigned char)s[start - 1];
	if (c < 0x80)
		return;
	need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
	if (len - (start - 1) < need)
		s[start - 1] = '\0';
}

/* Refuse a status that is not one of the kind's, naming them all ("a|b|c"). */
static int
validate_status(const struct kind *k, const struct kind_column *c, const char *value,
    char *reason, size_t reasonlen)
{
	struct buf b = BUF_INIT;
	size_t i;

	if (kind_status(k, value) != NULL)
		return VALIDATE_OK;
	for (i = 0; i < k->nstatuses; i++) {
		if (i > 0)
			buf_addc(&b, '|');
		buf_adds(&b, k->statuses[i].value);
	}
	snprintf(reason, reasonlen, "%s: not one of %s", c->name, buf_str(&b));
	buf_free(&b);
	return VALIDATE_BAD;
}

/*
 * A column of counts by name (a closing's figures): a JSON object of
 * names, each a count or counts separated by commas. VALIDATE_OK or BAD.
 */
static int
validate_figures(const struct kind_column *c, const char *value, char *reason,
    size_t reasonlen)
{
	struct fields f = FIELDS_INIT;
	size_t i;
	int rc = VALIDATE_OK;

	if (wire_fields_decode(value, strlen(value), &f) != 0) {
		snprintf(reason, reasonlen, "%s: not an object of counts", c->name);
		return VALIDATE_BAD;
	}
	for (i = 0; i < f.n && rc == VALIDATE_OK; i++)
		if (*f.keys[i] == '\0' || strlen(f.keys[i]) > 64 ||
		    !daily_counts_valid(f.values[i])) {
			snprintf(reason, reasonlen, "%s: a figure that is not a count", c->name);
			rc = VALIDATE_BAD;
		}
	fields_free(&f);
	return rc;
}

/*
 * Check one field that is not on the kind's form (its lifecycle) by its
 * column's type; VALIDATE_OK, or BAD / NOREF with reason.
 */
static int
validate_column(const struct kind *k, const struct kind_column *c, struct fields *f,
    const char *value, struct validate_ctx *ctx, char *reason, size_t reasonlen)
{
	char msg[256] = "", out[16];
	int ymd, rc;

	switch (c->type) {
	case KT_STATUS:
		return validate_status(k, c, value, reason, reasonlen);
	case KT_DATEOPT:
		if (*value == '\0')
			return VALIDATE_OK;
		/* FALLTHROUGH */
	case KT_DATE:
		if (check_date(value, &ymd, msg, sizeof msg) != 0) {
			validate_reason(reason, reasonlen, c->name, msg, value);
			return VALIDATE_BAD;
		}
		date_format(ymd, out);
		fields_set(f, c->name, out);
		return VALIDATE_OK;
	case KT_CODE:
		if (*value == '\0')
			return VALIDATE_OK;
		rc = validate_code_cb(ctx, c->codes, value);
		if (rc < 0) {
			snprintf(reason, reasonlen, "%s: the server has no code list %s", c->name,
			    c->codes);
			return VALIDATE_NOREF;
		}
		if (rc == 0) {
			snprintf(reason, reasonlen, "%s: not a code of the %s list", c->name,
			    c->codes);
			return VALIDATE_BAD;
		}
		return VALIDATE_OK;
	case KT_OFFICE:
		if (office_code_ok(value, NULL, 0) != 0) {
			snprintf(reason, reasonlen, "%s: not an office code", c->name);
			return VALIDATE_BAD;
		}
		return VALIDATE_OK;
	case KT_ACTOR:
		if (*value == '\0' || strlen(value) > 64 || check_text(value, 64, msg,
		    sizeof msg) != 0) {
			snprintf(reason, reasonlen, "%s: not a login", c->name);
			return VALIDATE_BAD;
		}
		return VALIDATE_OK;
	case KT_IDOPT:
		if (*value == '\0')
			return VALIDATE_OK;
		/* FALLTHROUGH */
	case KT_ID:
		if (!ident_valid(value)) {
			snprintf(reason, reasonlen, "%s: not a record id", c->name);
			return VALIDATE_BAD;
		}
		return VALIDATE_OK;
	case KT_TEXT:
		if (check_text(value, FORM_MAXLEN, msg, sizeof msg) != 0) {
			validate_reason(reason, reasonlen, c->name, msg, value);
			return VALIDATE_BAD;
		}
		return VALIDATE_OK;
	case KT_FLAG:
		if (strcmp(value, "0") != 0 && strcmp(value, "1") != 0) {
			snprintf(reason, reasonlen, "%s: not 0 or 1", c->name);
			return VALIDATE_BAD;
		}
		return VALIDATE_OK;
	case KT_FIGURES:
		return validate_figures(c, value, reason, reasonlen);
	}
	return VALIDATE_BAD;
}

/* Whether checking a change of kind k reads the forms or code lists. */
int
validate_needs_ref(const struct kind *k)
{
	size_t i;

	if (k->flags & KF_FORM)
		return 1;
	for (i = 0; i < k->ncols; i++)
		if (k->cols[i].type == KT_CODE)
			return 1;
	return 0;
}

/* Check and normalise the fields of a pushed insert or update. */
int
validate_change(const struct validate_ref *ref, const struct kind *k, struct fields *f,
    int today, char *reason, size_t reasonlen)
{
	struct validate_ctx ctx = { ref, 0 };
	struct fields onform = FIELDS_INIT;
	const struct formdef *def = NULL;
	char out[1024], msg[256];
	const char *bad = NULL;
	size_t i;
	int rc = VALIDATE_OK;

	if ((k->flags & KF_FORM) && (def = validate_ref_formdef(ref, k->name)) == NULL) {
		snprintf(reason, reasonlen, "the server has no form for %s", k->name);
		return VALIDATE_NOREF;
	}
	for (i = 0; i < f->n && rc == VALIDATE_OK; i++) {
		const char *key = f->keys[i], *value = f->values[i];
		const struct formfield *ff = def != NULL ? formdef_field(def, key) : NULL;
		const struct kind_column *c;

		if (ff != NULL) {
			ctx.unknown_list = 0;
			/* Warnings are the window's (the retirement age): here a value is good or not. */
			if (fieldcheck_value(ff, value, today, NULL, validate_code_cb, &ctx, out,
			    sizeof out, msg, sizeof msg) < 0) {
				validate_reason(reason, reasonlen, key, msg, value);
				rc = ctx.unknown_list ? VALIDATE_NOREF : VALIDATE_BAD;
				break;
			}
			fields_set(f, key, out);
			fields_set(&onform, key, out);
			continue;
		}
		/* A field of the form that the server's form lacks is as unknown as any other. */
		if ((c = kind_column(k, key)) == NULL || (c->flags & KC_FORM)) {
			snprintf(reason, reasonlen, "%s: unknown field", key);
			rc = VALIDATE_BAD;
			break;
		}
		rc = validate_column(k, c, f, value, &ctx, reason, reasonlen);
	}
	/* Ranges and dates across the form's fields of this change. */
	if (rc == VALIDATE_OK && fieldcheck_record(&onform, today, msg, sizeof msg, &bad) != 0) {
		validate_reason(reason, reasonlen, bad, msg, fields_str(&onform, bad));
		rc = VALIDATE_BAD;
	}
	fields_free(&onform);
	return rc;
}
