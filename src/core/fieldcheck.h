/*
 * Checking one value of a form field, and one whole record, by the same
 * rules at the window and in a CSV import (and later on the server).
 */
#ifndef JOBDESK_FIELDCHECK_H
#define JOBDESK_FIELDCHECK_H

#include <stddef.h>

#include "common/fields.h"
#include "common/formdef.h"

/* Is code in list? 1 yes, 0 no, -1 the list is unknown. */
typedef int (*fieldcheck_code_cb)(void *ctx, const char *list, const char *code);
/* The name of a code of list into out, for messages: 0, or -1 if there is none. */
typedef int (*fieldcheck_name_cb)(void *ctx, const char *list, const char *code, char *out,
    size_t outlen);

/*
 * The one code that text stands for in list (an alias, a whole name, the
 * only code it matches: store/codes.h, codes_resolve): 1 with it in out,
 * 2 when several codes match, 0 when none does.
 */
typedef int (*fieldcheck_resolve_cb)(void *ctx, const char *list, const char *text, char *out,
    size_t outlen);

/* What fieldcheck_codes_resolve() made of a code field's text. */
enum fieldcheck_resolved {
	FIELDCHECK_RESOLVED,	/* every part is a code now */
	FIELDCHECK_UNKNOWN,	/* a part matches no code */
	FIELDCHECK_AMBIGUOUS,	/* a part matches several codes */
};

/*
 * Split the value of a codes field into its non-empty parts: separators
 * are ",", the full-width "，", blanks, tabs and the ideographic space.
 * Returns the count; *parts is an array of that many new strings (NULL
 * when there are none), which the caller frees with fieldcheck_codes_free().
 */
size_t	fieldcheck_codes_split(const char *in, char ***parts);
/* Free what fieldcheck_codes_split() returned; NULL is allowed. */
void	fieldcheck_codes_free(char **parts, size_t n);
/*
 * The codes that the text of code field f (FIELD_CODE: the whole text;
 * FIELD_CODES: each part) stands for, the one rule of the form and the
 * imports: a part that is a code of the list (valid) stays as it is, one
 * that names exactly one code (resolve) becomes that code.
 * FIELDCHECK_RESOLVED with the codes, joined by "," on a codes field, in
 * *out; else FIELDCHECK_UNKNOWN or FIELDCHECK_AMBIGUOUS with the first
 * part at fault in *out. *out is a new string the caller frees; an empty
 * text is resolved as "".
 */
enum fieldcheck_resolved fieldcheck_codes_resolve(const struct formfield *f, const char *text,
	    fieldcheck_code_cb valid, fieldcheck_resolve_cb resolve, void *ctx, char **out);

struct retire_rule;

/*
 * Check and normalise a value typed or imported for field f: 0 with the
 * canonical value in out; 1 the same but with a warning in msg (e.g. a
 * USCC whose embedded organisation code fails); -1 with the problem in
 * msg. An empty value is an error only for a required field. today is
 * YYYYMMDD. A codes field's canonical value is its codes sorted by code
 * (the order the code picker lists them) and joined by "," without blanks.
 * An ID number is a job seeker's: refused under 16, and, when retire is
 * not NULL, warned about once the person is of that rule's retirement age
 * (core/retire.h); NULL where nobody reads warnings (the server).
 */
int	fieldcheck_value(const struct formfield *f, const char *in, int today,
	    const struct retire_rule *retire, fieldcheck_code_cb codes, void *ctx, char *out,
	    size_t outlen, char *msg, size_t msglen);
/*
 * The rule of a region field (f->region): a district field refuses the
 * code of a street or township (core/region.h). 0 if code fits, -1 with
 * msg naming the code and its district, with their names when names is
 * not NULL. fieldcheck_value() applies it with the codes alone.
 */
int	fieldcheck_region(const struct formfield *f, const char *code, fieldcheck_name_cb names,
	    void *ctx, char *msg, size_t msglen);
/*
 * Whether a street field's code (f->within) lies in the district its
 * form's district field holds: 0 if so, or if either is empty or not a
 * region code of that shape; 1 with a warning in msg naming both
 * districts. A warning, never a refusal: the clerk may know better.
 */
int	fieldcheck_within(const struct formfield *f, const char *street, const char *district,
	    fieldcheck_name_cb names, void *ctx, char *msg, size_t msglen);
/*
 * Rules across fields of one record (wage and age ranges, a validity date
 * in the past): 0, or -1 with msg and the key of the field to fix in *bad.
 */
int	fieldcheck_record(const struct fields *, int today, char *msg, size_t msglen,
	    const char **bad);
/*
 * Check and normalise every form field of a record in place, then the
 * rules across fields: 0; 1 with the fields' warnings in msg ("label:
 * warning", several joined by "; "); -1 with "label: problem" and *bad.
 * retire as for fieldcheck_value().
 */
int	fieldcheck_all(const struct formdef *, struct fields *, int today,
	    const struct retire_rule *retire, fieldcheck_code_cb, void *ctx, char *msg,
	    size_t msglen, const char **bad);

#endif
