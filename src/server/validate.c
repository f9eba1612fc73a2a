/* Checking pushed changes against the forms and code lists the server holds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/xalloc.h"
#include "core/account_rules.h"
#include "core/check.h"
#include "core/fieldcheck.h"
#include "core/ident.h"
#include "server/validate.h"

#define VALIDATE_MAX_FORMS	8

struct validate_ref {
	char		**lists;	/* sorted after seal */
	size_t		  nlists;
	char		**codes;	/* "list\tcode", sorted after seal */
	size_t		  ncodes;
	struct formdef	 *forms[VALIDATE_MAX_FORMS];
	size_t		  nforms;
};

/* How a lifecycle field (one the program fills, not the form) is checked. */
enum validate_kind {
	VK_CHOICE,	/* one of the "|"-separated words in arg */
	VK_DATE,	/* YYYY-MM-DD */
	VK_CODE,	/* "" or a code of the list arg */
	VK_OFFICE,	/* an office code */
	VK_ACTOR,	/* who acted: a login, or "cli:..." for a script */
	VK_ID,		/* a record id */
	VK_IDOPT,	/* a record id or "" */
	VK_TEXT,	/* up to 255 characters of text */
	VK_FLAG,	/* 0 or 1 */
};

struct validate_extra {
	const char		*tbl;
	const char		*key;
	enum validate_kind	 kind;
	const char		*arg;
};

/* The fields of each table that are not on its form: the record's lifecycle. */
static const struct validate_extra validate_extras[] = {
	{ "seeker", "status", VK_CHOICE, "registered|renewed|placed|withdrawn|expired" },
	{ "seeker", "registered_on", VK_DATE, NULL },
	{ "seeker", "valid_until", VK_DATE, NULL },
	{ "seeker", "withdraw_reason", VK_CODE, "withdraw_reason" },
	{ "seeker", "office", VK_OFFICE, NULL },
	{ "seeker", "created_by", VK_ACTOR, NULL },
	{ "employer", "status", VK_CHOICE, "active|withdrawn" },
	{ "employer", "withdraw_reason", VK_CODE, "employer_withdraw_reason" },
	{ "employer", "registered_on", VK_DATE, NULL },
	{ "employer", "office", VK_OFFICE, NULL },
	{ "employer", "created_by", VK_ACTOR, NULL },
	{ "vacancy", "employer_id", VK_ID, NULL },
	{ "vacancy", "status", VK_CHOICE, "open|filled|withdrawn|expired|closed" },
	{ "vacancy", "withdraw_reason", VK_CODE, "vacancy_withdraw_reason" },
	{ "vacancy", "registered_on", VK_DATE, NULL },
	{ "vacancy", "office", VK_OFFICE, NULL },
	{ "vacancy", "created_by", VK_ACTOR, NULL },
	{ "service_event", "type", VK_TEXT, NULL },
	{ "service_event", "seeker_id", VK_IDOPT, NULL },
	{ "service_event", "employer_id", VK_IDOPT, NULL },
	{ "service_event", "vacancy_id", VK_IDOPT, NULL },
	{ "service_event", "clerk", VK_ACTOR, NULL },
	{ "service_event", "office", VK_OFFICE, NULL },
	{ "service_event", "at", VK_TEXT, NULL },
	{ "service_event", "free", VK_FLAG, NULL },
	{ "service_event", "basis", VK_TEXT, NULL },
};

/* The natural key field of a table. */
const char *
validate_natural_key(const char *tbl)
{
	if (strcmp(tbl, "seeker") == 0)
		return "id_number";
	if (strcmp(tbl, "employer") == 0)
		return "uscc";
	return NULL;
}

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

/* Whether word is one of the "|"-separated words of list. */
static int
validate_choice(const char *word, const char *list)
{
	size_t len = strlen(word);
	const char *p = list;

	if (len == 0)
		return 0;
	while (*p != '\0') {
		const char *bar = strchr(p, '|');
		size_t n = bar != NULL ? (size_t)(bar - p) : strlen(p);

		if (n == len && strncmp(p, word, len) == 0)
			return 1;
		p += n + (bar != NULL);
	}
	return 0;
}

/* Check one lifecycle field; VALIDATE_OK, or BAD / NOREF with reason. */
static int
validate_extra(const struct validate_extra *x, struct fields *f, const char *value,
    struct validate_ctx *ctx, char *reason, size_t reasonlen)
{
	char msg[256] = "", out[16];
	int ymd, rc;

	switch (x->kind) {
	case VK_CHOICE:
		if (!validate_choice(value, x->arg)) {
			snprintf(reason, reasonlen, "%s: not one of %s", x->key, x->arg);
			return VALIDATE_BAD;
		}
		return VALIDATE_OK;
	case VK_DATE:
		if (check_date(value, &ymd, msg, sizeof msg) != 0) {
			validate_reason(reason, reasonlen, x->key, msg, value);
			return VALIDATE_BAD;
		}
		date_format(ymd, out);
		fields_set(f, x->key, out);
		return VALIDATE_OK;
	case VK_CODE:
		if (*value == '\0')
			return VALIDATE_OK;
		rc = validate_code_cb(ctx, x->arg, value);
		if (rc < 0) {
			snprintf(reason, reasonlen, "%s: the server has no code list %s", x->key,
			    x->arg);
			return VALIDATE_NOREF;
		}
		if (rc == 0) {
			snprintf(reason, reasonlen, "%s: not a code of the %s list", x->key, x->arg);
			return VALIDATE_BAD;
		}
		return VALIDATE_OK;
	case VK_OFFICE:
		if (office_code_ok(value, NULL, 0) != 0) {
			snprintf(reason, reasonlen, "%s: not an office code", x->key);
			return VALIDATE_BAD;
		}
		return VALIDATE_OK;
	case VK_ACTOR:
		if (*value == '\0' || strlen(value) > 64 || check_text(value, 64, msg,
		    sizeof msg) != 0) {
			snprintf(reason, reasonlen, "%s: not a login", x->key);
			return VALIDATE_BAD;
		}
		return VALIDATE_OK;
	case VK_IDOPT:
		if (*value == '\0')
			return VALIDATE_OK;
		/* FALLTHROUGH */
	case VK_ID:
		if (!ident_valid(value)) {
			snprintf(reason, reasonlen, "%s: not a record id", x->key);
			return VALIDATE_BAD;
		}
		return VALIDATE_OK;
	case VK_TEXT:
		if (check_text(value, FORM_MAXLEN, msg, sizeof msg) != 0) {
			validate_reason(reason, reasonlen, x->key, msg, value);
			return VALIDATE_BAD;
		}
		return VALIDATE_OK;
	case VK_FLAG:
		if (strcmp(value, "0") != 0 && strcmp(value, "1") != 0) {
			snprintf(reason, reasonlen, "%s: not 0 or 1", x->key);
			return VALIDATE_BAD;
		}
		return VALIDATE_OK;
	}
	return VALIDATE_BAD;
}

/* Check and normalise the fields of a pushed insert or update. */
int
validate_change(const struct validate_ref *ref, const char *tbl, struct fields *f, int today,
    char *reason, size_t reasonlen)
{
	struct validate_ctx ctx = { ref, 0 };
	struct fields onform = FIELDS_INIT;
	const struct formdef *def = NULL;
	char out[1024], msg[256];
	const char *bad = NULL;
	size_t i, j;
	int rc = VALIDATE_OK;

	if (strcmp(tbl, "service_event") != 0 && (def = validate_ref_formdef(ref, tbl)) == NULL) {
		snprintf(reason, reasonlen, "the server has no form for %s", tbl);
		return VALIDATE_NOREF;
	}
	for (i = 0; i < f->n && rc == VALIDATE_OK; i++) {
		const char *key = f->keys[i], *value = f->values[i];
		const struct formfield *ff = def != NULL ? formdef_field(def, key) : NULL;

		if (ff != NULL) {
			ctx.unknown_list = 0;
			if (fieldcheck_value(ff, value, today, validate_code_cb, &ctx, out, sizeof out,
			    msg, sizeof msg) < 0) {
				validate_reason(reason, reasonlen, key, msg, value);
				rc = ctx.unknown_list ? VALIDATE_NOREF : VALIDATE_BAD;
				break;
			}
			fields_set(f, key, out);
			fields_set(&onform, key, out);
			continue;
		}
		for (j = 0; j < sizeof validate_extras / sizeof validate_extras[0]; j++)
			if (strcmp(validate_extras[j].tbl, tbl) == 0 &&
			    strcmp(validate_extras[j].key, key) == 0)
				break;
		if (j == sizeof validate_extras / sizeof validate_extras[0]) {
			snprintf(reason, reasonlen, "%s: unknown field", key);
			rc = VALIDATE_BAD;
			break;
		}
		rc = validate_extra(&validate_extras[j], f, value, &ctx, reason, reasonlen);
	}
	/* Ranges and dates across the form's fields of this change. */
	if (rc == VALIDATE_OK && fieldcheck_record(&onform, today, msg, sizeof msg, &bad) != 0) {
		validate_reason(reason, reasonlen, bad, msg, fields_str(&onform, bad));
		rc = VALIDATE_BAD;
	}
	fields_free(&onform);
	return rc;
}
