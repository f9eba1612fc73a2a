/*
 * Finding a job seeker over a form: a box with a search line (ID number,
 * name or phone, as the seeker search finds them), the people found with
 * their ID numbers masked, Up/Down to choose and Enter to take one. The
 * merge of a seeker's record and the participants of a group workshop
 * both pick through it; what Enter does is the caller's.
 */
#ifndef JOBDESK_WIDGET_SEEKERPICK_H
#define JOBDESK_WIDGET_SEEKERPICK_H

#include "ui/ui.h"

struct seeker_hit;
struct seekerpick;

/* What the box does once the caller has taken (or refused) the seeker chosen. */
enum seekerpick_next {
	SEEKERPICK_STAY,	/* stays as it is: the seeker was refused, the clerk said no */
	SEEKERPICK_NEXT,	/* empties the search line for the next one */
	SEEKERPICK_CLOSE,	/* closes */
};

/* Enter on a seeker found: what to do with it (h is valid during the call only). */
typedef enum seekerpick_next (*seekerpick_enter_cb)(void *ctx, struct ui *,
    const struct seeker_hit *h);

struct seekerpick_def {
	const char		*title;		/* the box's heading, in the clerk's language */
	const char		*none;		/* in the list when a search finds nobody */
	const char		*first;		/* the error of Enter before anyone is found */
	const char		*legend;	/* the keys, under 80 cells */
	int			 phone;		/* a column of phone numbers (masked) */
	const char		*leave_out;	/* a seeker's id never listed, or NULL */
	seekerpick_enter_cb	 enter;
	void			*ctx;
};

/* A box with an empty search line; def's strings are copied. Free with seekerpick_free(). */
struct seekerpick	*seekerpick_new(const struct seekerpick_def *);
void			 seekerpick_free(struct seekerpick *);
/* Draws the box over rows 3 to 18 of the screen, and its legend. */
void			 seekerpick_draw(struct seekerpick *, struct ui *);
/*
 * Offers a key: the box takes every key but those the line editor leaves
 * (redraw, quit); nothing reaches the form below. Esc, or an Enter the
 * callback answers with SEEKERPICK_CLOSE, frees the box and sets *pp to
 * NULL.
 */
enum ui_key_result	 seekerpick_key(struct seekerpick **pp, struct ui *, const struct ui_key *);

#endif
