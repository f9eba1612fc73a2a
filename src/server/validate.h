/*
 * The server's checks of a pushed change, by the rules the client's forms
 * use (core/fieldcheck) against the forms and code lists the server holds.
 * Pure: the caller loads the reference data (src/server/pg-ref.c) and
 * hands it over. A reason names the field and the problem, never the
 * value: it is stored, sent back and may be logged.
 */
#ifndef JOBDESK_SERVER_VALIDATE_H
#define JOBDESK_SERVER_VALIDATE_H

#include <stddef.h>

#include "common/fields.h"
#include "common/formdef.h"

/* The most bytes of one part of a form's text in a "form" record. */
#define VALIDATE_FORM_PART	4000

/* Results of validate_change(). */
#define VALIDATE_OK		0
#define VALIDATE_BAD		(-1)	/* the change breaks a rule: park it */
#define VALIDATE_NOREF		(-2)	/* the server lacks a form or list: not the change's fault */

struct kind;
struct validate_ref;

/* Empty reference data; free with validate_ref_free(). */
struct validate_ref	*validate_ref_new(void);
void			 validate_ref_free(struct validate_ref *);
/* A code list the server holds (a "code_list" record). */
void			 validate_ref_list(struct validate_ref *, const char *list);
/*
 * A code of a list. Deprecated codes count too: a change made offline
 * before a list was replaced must not be refused for it.
 */
void			 validate_ref_code(struct validate_ref *, const char *list, const char *code);
/* The form of def->table; the reference data takes def over (and frees one it replaces). */
void			 validate_ref_form(struct validate_ref *, struct formdef *def);
/* Sort what was added; call once after the last add, before checking. */
void			 validate_ref_seal(struct validate_ref *);
/* The form for a table, or NULL. */
const struct formdef	*validate_ref_formdef(const struct validate_ref *, const char *tbl);
/* 1 if list holds code, 0 if not, -1 if the list is unknown (a fieldcheck_code_cb). */
int			 validate_ref_has(void *ref, const char *list, const char *code);

/* Whether checking a change of this kind reads the forms or code lists (core/kind.h). */
int			 validate_needs_ref(const struct kind *);

/*
 * Check and normalise in place the fields of an insert or update of a
 * record of kind k as of the day today (YYYYMMDD, the day the change was
 * made): every key must be a field of the kind's form as the server holds
 * it, checked by the form's rules, or one of the kind's other columns (its
 * lifecycle), checked by the column's type. VALIDATE_OK, or VALIDATE_BAD /
 * VALIDATE_NOREF with "KEY: problem" in reason.
 */
int	validate_change(const struct validate_ref *, const struct kind *k, struct fields *f,
	    int today, char *reason, size_t reasonlen);

/* Drop a UTF-8 sequence that snprintf() cut short at the end of s. */
void	validate_trim_utf8(char *s);

#endif
