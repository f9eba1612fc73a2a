/* Field and record checks shared by forms and imports. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/i18n.h"
#include "common/xalloc.h"
#include "core/check.h"
#include "core/fieldcheck.h"
#include "core/idnum.h"
#include "core/region.h"
#include "core/retire.h"
#include "core/uscc.h"

/* Whether s holds nothing but spaces and tabs. */
static int
fieldcheck_empty(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s != ' ' && *s != '\t')
			return 0;
	return 1;
}

/* Normalises a yes or no in either language to "yes" or "no"; -1 with msg if neither. */
static int
fieldcheck_bool(const char *in, char *out, size_t outlen, char *msg, size_t msglen)
{
	static const char *const yes[] = { "yes", "y", "1", "true", "是", NULL };
	static const char *const no[] = { "no", "n", "0", "false", "否", NULL };
	size_t i;

	for (i = 0; yes[i] != NULL; i++) {
		if (strcasecmp(in, yes[i]) == 0) {
			snprintf(out, outlen, "yes");
			return 0;
		}
		if (strcasecmp(in, no[i]) == 0) {
			snprintf(out, outlen, "no");
			return 0;
		}
	}
	snprintf(msg, msglen, _("\"%s\" is not yes or no"), in);
	return -1;
}

/*
 * The length in bytes of the separator between codes that s starts with
 * (",", "，" U+FF0C, a blank, a tab or the ideographic space U+3000), or 0.
 * Lead bytes only: a UTF-8 continuation byte never matches.
 */
static size_t
fieldcheck_codes_sep(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	if (*u == ',' || *u == ' ' || *u == '\t')
		return 1;
	if ((u[0] == 0xef && u[1] == 0xbc && u[2] == 0x8c) ||
	    (u[0] == 0xe3 && u[1] == 0x80 && u[2] == 0x80))
		return 3;
	return 0;
}

/* Split a codes value into its non-empty parts. */
size_t
fieldcheck_codes_split(const char *in, char ***partsp)
{
	char **parts = NULL;
	const char *start;
	size_t n = 0, sep;

	while (*in != '\0') {
		if ((sep = fieldcheck_codes_sep(in)) > 0) {
			in += sep;
			continue;
		}
		for (start = in; *in != '\0' && fieldcheck_codes_sep(in) == 0; in++)
			;
		parts = xreallocarray(parts, n + 1, sizeof *parts);
		parts[n++] = xstrndup(start, (size_t)(in - start));
	}
	*partsp = parts;
	return n;
}

/* Free the parts of a codes value. */
void
fieldcheck_codes_free(char **parts, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(parts[i]);
	free(parts);
}

/* The codes a code field's text stands for, part by part. */
enum fieldcheck_resolved
fieldcheck_codes_resolve(const struct formfield *f, const char *text, fieldcheck_code_cb valid,
    fieldcheck_resolve_cb resolve, void *ctx, char **out)
{
	enum fieldcheck_resolved res = FIELDCHECK_RESOLVED;
	struct buf b = BUF_INIT;
	char **parts, code[64];
	size_t n, i;

	/* A single code field's text is one part, blanks and commas and all. */
	if (f->type == FIELD_CODES)
		n = fieldcheck_codes_split(text, &parts);
	else {
		n = 0;
		parts = xcalloc(1, sizeof *parts);
		if (*text != '\0')
			parts[n++] = xstrdup(text);
	}
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_addc(&b, ',');
		if (valid(ctx, f->codes, parts[i]) == 1) {
			buf_adds(&b, parts[i]);
			continue;
		}
		switch (resolve(ctx, f->codes, parts[i], code, sizeof code)) {
		case 1:
			buf_adds(&b, code);
			continue;
		case 0:
			res = FIELDCHECK_UNKNOWN;
			break;
		default:
			res = FIELDCHECK_AMBIGUOUS;
			break;
		}
		*out = xstrdup(parts[i]);
		goto out;
	}
	*out = xstrdup(buf_str(&b));
out:
	buf_free(&b);
	fieldcheck_codes_free(parts, n);
	return res;
}

/* qsort comparison of two codes by their bytes, as SQLite orders the code column. */
static int
fieldcheck_codes_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Number of characters (not bytes) of a UTF-8 string. */
static size_t
fieldcheck_chars(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/*
 * Check a codes value: every part a current code of the list, none given
 * twice; the canonical value (sorted by code, joined by ",") into out.
 */
static int
fieldcheck_codes(const struct formfield *f, const char *in, fieldcheck_code_cb codes,
    void *ctx, char *out, size_t outlen, char *msg, size_t msglen)
{
	struct buf b = BUF_INIT;
	char **parts;
	size_t n = fieldcheck_codes_split(in, &parts), i, j;
	int rc = -1, valid;

	snprintf(out, outlen, "%s", "");
	if (n == 0) {
		/* Only separators: as good as empty. */
		if (f->required) {
			snprintf(msg, msglen, _("this field is required"));
			goto out;
		}
		rc = 0;
		goto out;
	}
	for (i = 0; i < n; i++) {
		valid = codes != NULL ? codes(ctx, f->codes, parts[i]) : 1;
		if (valid == 0) {
			snprintf(msg, msglen, _("\"%s\" is not a code of the %s list"), parts[i],
			    f->codes);
			goto out;
		}
		if (valid < 0) {
			snprintf(msg, msglen, _("the code list \"%s\" is not loaded"), f->codes);
			goto out;
		}
		for (j = 0; j < i; j++)
			if (strcmp(parts[i], parts[j]) == 0) {
				snprintf(msg, msglen, _("\"%s\" is given twice"), parts[i]);
				goto out;
			}
	}
	qsort(parts, n, sizeof *parts, fieldcheck_codes_cmp);
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_addc(&b, ',');
		buf_adds(&b, parts[i]);
	}
	if (fieldcheck_chars(buf_str(&b)) > (size_t)f->maxlen) {
		snprintf(msg, msglen, _("too many codes: joined they take %zu characters, at "
		    "most %ld fit"), fieldcheck_chars(buf_str(&b)), f->maxlen);
		goto out;
	}
	if (b.len >= outlen) {
		snprintf(msg, msglen, _("internal: buffer too small"));
		goto out;
	}
	snprintf(out, outlen, "%s", buf_str(&b));
	rc = 0;
out:
	buf_free(&b);
	fieldcheck_codes_free(parts, n);
	return rc;
}

/* A region code for a message: the code, and its name when names has one. */
static void
fieldcheck_region_label(const char *code, fieldcheck_name_cb names, void *ctx, char *out,
    size_t outlen)
{
	char name[160];

	if (names != NULL && names(ctx, "region", code, name, sizeof name) == 0)
		snprintf(out, outlen, "%s %s", code, name);
	else
		snprintf(out, outlen, "%s", code);
}

/* A district field refuses a street's code. */
int
fieldcheck_region(const struct formfield *f, const char *code, fieldcheck_name_cb names,
    void *ctx, char *msg, size_t msglen)
{
	char district[REGION_DISTRICT_DIGITS + 1], what[200], where[200];

	if (f->region != FIELD_REGION_DISTRICT || !region_street(code, district))
		return 0;
	fieldcheck_region_label(code, names, ctx, what, sizeof what);
	fieldcheck_region_label(district, names, ctx, where, sizeof where);
	/* TRANSLATORS: "110101007 朝阳门街道" is a street or township of "110101 东城区", ... */
	snprintf(msg, msglen, _("\"%s\" is a street or township of \"%s\", not a district"),
	    what, where);
	return -1;
}

/* A street outside the district of its address is warned about. */
int
fieldcheck_within(const struct formfield *f, const char *street, const char *district,
    fieldcheck_name_cb names, void *ctx, char *msg, size_t msglen)
{
	char own[REGION_DISTRICT_DIGITS + 1], what[200], in[200], chosen[200];
	size_t len = strlen(district);

	if (f->within == NULL || !region_street(street, own) || len != REGION_DISTRICT_DIGITS)
		return 0;
	/* A city or province (GB/T 2260: 110000, 110100) holds what starts like it. */
	while (len > 2 && strncmp(district + len - 2, "00", 2) == 0)
		len -= 2;
	if (strncmp(own, district, len) == 0)
		return 0;
	fieldcheck_region_label(street, names, ctx, what, sizeof what);
	fieldcheck_region_label(own, names, ctx, in, sizeof in);
	fieldcheck_region_label(district, names, ctx, chosen, sizeof chosen);
	snprintf(msg, msglen, _("\"%s\" is in \"%s\", not in the district given, \"%s\""),
	    what, in, chosen);
	return 1;
}

/* Check and normalise one value. */
int
fieldcheck_value(const struct formfield *f, const char *in, int today,
    const struct retire_rule *retire, fieldcheck_code_cb codes, void *ctx, char *out,
    size_t outlen, char *msg, size_t msglen)
{
	struct idnum idn;
	long n;
	int ymd, rc;

	if (msglen > 0)
		msg[0] = '\0';
	if (f->type == FIELD_PASSWORD) {
		if (*in == '\0' && f->required) {
			snprintf(msg, msglen, _("this field is required"));
			return -1;
		}
		snprintf(out, outlen, "%s", in);
		return 0;
	}
	if (fieldcheck_empty(in)) {
		snprintf(out, outlen, "%s", "");
		if (f->required) {
			snprintf(msg, msglen, _("this field is required"));
			return -1;
		}
		return 0;
	}
	switch (f->type) {
	case FIELD_TEXT:
	case FIELD_PASSWORD:
		if (check_text(in, f->maxlen, msg, msglen) != 0)
			return -1;
		/* Never cut a value to fit: a cut could even split a character. */
		if (strlen(in) >= outlen) {
			snprintf(msg, msglen, _("the text is too long: at most %zu bytes"), outlen - 1);
			return -1;
		}
		snprintf(out, outlen, "%s", in);
		return 0;
	case FIELD_IDNUM:
		if (idnum_parse(in, today, &idn, msg, msglen) != 0)
			return -1;
		ymd = idn.year * 10000 + idn.month * 100 + idn.day;
		/* An ID number field registers a job seeker: old enough to work, said at once. */
		if (today != 0 && check_seeker_age(ymd, today, msg, msglen) != 0)
			return -1;
		snprintf(out, outlen, "%s", idn.number);
		/* Perhaps retired, on a pension: the clerk checks, the number is taken. */
		if (today != 0 && retire != NULL &&
		    retire_check(retire, idn.sex, ymd, today, NULL, msg, msglen) == 1)
			return 1;
		return 0;
	case FIELD_USCC:
		if (outlen < USCC_LEN + 1) {
			snprintf(msg, msglen, _("internal: buffer too small"));
			return -1;
		}
		if (uscc_parse(in, out, msg, msglen, msg, msglen) != 0)
			return -1;
		return msg[0] != '\0' ? 1 : 0;
	case FIELD_PHONE:
		return check_phone(in, out, outlen, msg, msglen) == 0 ? 0 : -1;
	case FIELD_DATE:
		if (check_date(in, &ymd, msg, msglen) != 0)
			return -1;
		if (outlen >= 11)
			date_format(ymd, out);
		return 0;
	case FIELD_INT:
		if (check_long(in, f->min, f->max, &n, msg, msglen) != 0)
			return -1;
		snprintf(out, outlen, "%ld", n);
		return 0;
	case FIELD_BOOL:
		return fieldcheck_bool(in, out, outlen, msg, msglen);
	case FIELD_CODE:
		rc = codes != NULL ? codes(ctx, f->codes, in) : 1;
		if (rc == 0) {
			snprintf(msg, msglen, _("\"%s\" is not a code of the %s list"),
			    in, f->codes);
			return -1;
		}
		if (rc < 0) {
			snprintf(msg, msglen, _("the code list \"%s\" is not loaded"), f->codes);
			return -1;
		}
		if (fieldcheck_region(f, in, NULL, NULL, msg, msglen) != 0)
			return -1;
		snprintf(out, outlen, "%s", in);
		return 0;
	case FIELD_CODES:
		return fieldcheck_codes(f, in, codes, ctx, out, outlen, msg, msglen);
	}
	snprintf(msg, msglen, _("unknown field type"));
	return -1;
}

/* Whether both ends of a range are filled and numeric, their values in *min and *max. */
static int
fieldcheck_pair(const struct fields *r, const char *kmin, const char *kmax, long *min, long *max)
{
	const char *a = fields_get(r, kmin), *b = fields_get(r, kmax);
	char m[8];

	if (a == NULL || b == NULL || *a == '\0' || *b == '\0')
		return 0;
	if (check_long(a, -1000000000L, 1000000000L, min, m, 0) != 0 ||
	    check_long(b, -1000000000L, 1000000000L, max, m, 0) != 0)
		return 0;
	return 1;
}

/*
 * The rules of a job seeker's record across fields: a hardship status only
 * with what its recognition rests on (认定依据). (Old enough to work is the
 * ID number field's own rule.) r may be a whole record or the fields of
 * one change.
 */
static int
fieldcheck_person(const struct fields *r, char *msg, size_t msglen, const char **bad)
{
	const char *hardship = fields_get(r, "hardship");
	const char *basis = fields_get(r, "hardship_basis");

	/* A change that does not name the basis (a pushed update of other fields) keeps it. */
	if (hardship != NULL && *hardship != '\0' && basis != NULL && *basis == '\0') {
		snprintf(msg, msglen, _("a hardship status needs its basis (认定依据): the "
		    "document or file number it was recognised on"));
		*bad = "hardship_basis";
		return -1;
	}
	return 0;
}

/* Rules across fields. */
int
fieldcheck_record(const struct fields *r, int today, char *msg, size_t msglen, const char **bad)
{
	const char *until = fields_get(r, "valid_until");
	long min, max;
	int ymd;

	if (fieldcheck_pair(r, "wage_min", "wage_max", &min, &max) &&
	    check_wage_range(min, max, msg, msglen) != 0) {
		*bad = "wage_max";
		return -1;
	}
	if (fieldcheck_pair(r, "age_min", "age_max", &min, &max) &&
	    check_age_range(min, max, msg, msglen) != 0) {
		*bad = "age_max";
		return -1;
	}
	if (fieldcheck_person(r, msg, msglen, bad) != 0)
		return -1;
	if (until != NULL && *until != '\0' && check_date(until, &ymd, msg, msglen) == 0 &&
	    ymd < today) {
		char t[11];

		date_format(today, t);
		snprintf(msg, msglen, _("valid until %s is in the past; expected %s or later"), until, t);
		*bad = "valid_until";
		return -1;
	}
	return 0;
}

/* Check every form field of a record, then the cross-field rules. */
int
fieldcheck_all(const struct formdef *def, struct fields *r, int today,
    const struct retire_rule *retire, fieldcheck_code_cb codes, void *ctx, char *msg,
    size_t msglen, const char **bad)
{
	struct buf warn = BUF_INIT;
	char out[1024], why[256];
	size_t i;
	int rc = -1;

	for (i = 0; i < def->n; i++) {
		const struct formfield *f = &def->fields[i];
		const char *v = fields_get(r, f->key);

		if (f->readonly)
			continue;
		switch (fieldcheck_value(f, v != NULL ? v : "", today, retire, codes, ctx, out,
		    sizeof out, why, sizeof why)) {
		case -1:
			snprintf(msg, msglen, "%s: %s", formfield_label(f), why);
			*bad = f->key;
			goto out;
		case 1:
			buf_addf(&warn, "%s%s: %s", warn.len > 0 ? "; " : "", formfield_label(f),
			    why);
			break;
		}
		if (v != NULL || *out != '\0')
			fields_set(r, f->key, out);
	}
	if (fieldcheck_record(r, today, why, sizeof why, bad) != 0) {
		const struct formfield *f = formdef_field(def, *bad);

		snprintf(msg, msglen, "%s: %s", f != NULL ? formfield_label(f) : *bad, why);
		goto out;
	}
	/* The record is good: what the fields warned about is all there is to say. */
	snprintf(msg, msglen, "%s", buf_str(&warn));
	rc = warn.len > 0 ? 1 : 0;
out:
	buf_free(&warn);
	return rc;
}
