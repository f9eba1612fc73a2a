/*
 * The form widget: a unified business form (a formdef) on screen, each
 * field edited with the line editor. It moves between fields (Tab, Enter,
 * arrows), checks a field when it is left, auto-advances out of full
 * fixed-length fields, copies a field from the previous record (Dup), shows
 * a field's help (F1) and opens the code picker on code fields (F4); on a
 * field of several codes (FIELD_CODES) the picker marks codes with Space.
 */
#ifndef JOBDESK_WIDGET_FORM_H
#define JOBDESK_WIDGET_FORM_H

#include "common/fields.h"
#include "common/formdef.h"
#include "ui/ui.h"

struct form;

/* A form for def, filled from values (may be NULL). Free with form_free(). */
struct form	*form_new(struct ui *, const struct formdef *def, const struct fields *values);
/*
 * A form whose fields are defined in code: fills def (which, like fields,
 * must outlive the form) with the names, label width and the n fields,
 * then as form_new. Free with form_free().
 */
struct form	*form_new_builtin(struct ui *, struct formdef *def, char *name_zh, char *name_en,
		    int label_width, struct formfield *fields, size_t n,
		    const struct fields *values);
void		 form_free(struct form *);
/* Draw the fields at their rows under the title bar. */
void		 form_draw(struct form *, struct ui *);
/*
 * Offer a key. When the clerk leaves a field whose value checked out,
 * *left is set to that field's key (else NULL) so the screen can react,
 * e.g. look up an ID number.
 */
enum ui_key_result form_key(struct form *, struct ui *, const struct ui_key *, const char **left);
/* The current values of all fields into out (replacing it). */
void		 form_values(const struct form *, struct fields *out);
const char	*form_value(const struct form *, const char *key);
void		 form_set(struct form *, const char *key, const char *value);
void		 form_focus(struct form *, const char *key);
/*
 * Whether the checked values v hold the same text under key and key2 (a
 * password typed twice); if not, says so, clears both and focuses key.
 */
int		 form_passwords_match(struct form *, struct ui *, const struct fields *v,
		    const char *key, const char *key2);
/* Whether anything was typed since the form was made or form_mark_clean(). */
int		 form_modified(const struct form *);
void		 form_mark_clean(struct form *);
/* Values the Dup key copies from (the previous record); NULL for none. */
void		 form_set_dup(struct form *, const struct fields *);
/* Make one field read-only for this record (its ID number), or editable again. */
void		 form_set_fixed(struct form *, const char *key, int fixed);
/* Make every field read-only (a closed record) or editable again. */
void		 form_set_locked(struct form *, int);
/*
 * Check the field being edited and then the whole form with the same
 * rules as an import; on a problem, focus the field, show the message and
 * return -1. The checked, normalised values go into out.
 */
int		 form_check(struct form *, struct ui *, struct fields *out);
/*
 * A field's stored value as the clerk reads it, into out: a code with its
 * name, several codes by their names, a yes or no in the clerk's words.
 */
void		 form_value_shown(struct ui *, const struct formfield *, const char *value,
		    char *out, size_t outlen);
/* Whether the code picker or the help is open over the form. */
int		 form_modal(const struct form *);
/* Legend text for the form's keys. */
const char	*form_legend(void);

#endif
