/*
 * Career guidance sessions (职业指导) in the local database: a counsellor's
 * session with a job seeker, its notes, its action plan and the next
 * appointment; a group workshop is one session per participant with one
 * workshop id. Only an account with a 职业指导人员 grade records or
 * changes one (core/authority.c, authority_graded; the server checks it
 * again). The notes are personal: they are read only by guidance_open,
 * which is audited, never by a list.
 */
#ifndef JOBDESK_GUIDANCE_H
#define JOBDESK_GUIDANCE_H

#include <stddef.h>

#include "common/fields.h"
#include "core/ident.h"

struct store;

/* The steps of a session's action plan: columns step_N, step_N_due, step_N_status. */
#define GUIDANCE_STEPS		4
/* The most participants of one group workshop. */
#define GUIDANCE_MAX_GROUP	60
/* The kind of session that has many participants (guidance_kind list). */
#define GUIDANCE_WORKSHOP	"workshop"

/* A session as a list shows it: never its notes, topics or steps' words. */
struct guidance_hit {
	char	id[IDENT_LEN + 1];
	char	held_on[11];
	char	kind[32];		/* a guidance_kind code */
	char	counsellor[64];		/* the account that recorded it */
	char	next_appointment[11];
	int	steps;			/* steps of its plan */
	int	steps_open;		/* of them still open */
	int	participants;		/* of its workshop; 1 for a session with one person */
};

/*
 * Whether the acting account may record a guidance session: 0, or -1
 * with the refusal (no grade, or not logged in) in err.
 */
int	guidance_may_record(struct store *, char *err, size_t errlen);
/*
 * Record one session with each of the n job seekers (their ids), from the
 * form's fields in: one session record each, all in one transaction (all
 * or none), each giving its seeker a "guidance" service event. More than
 * one seeker is a group workshop: the kind must be GUIDANCE_WORKSHOP, and
 * the sessions share a workshop id. A step written without a status is
 * open. 0 with the first session's id in first_id, or -1 with err.
 */
int	guidance_record(struct store *, const char *const *seeker_ids, size_t n,
	    const struct fields *in, char first_id[IDENT_LEN + 1], char *err, size_t errlen);
/*
 * Change a session's form fields (its notes, plan, next appointment).
 * saved (may be NULL) gets the record as stored. 0 saved, 1 nothing
 * changed, -1 with err.
 */
int	guidance_save(struct store *, const char *id, const struct fields *in,
	    struct fields *saved, char *err, size_t errlen);
/* The whole session, notes and all, audited as a view: 1, 0 not found, -1. */
int	guidance_open(struct store *, const char *id, struct fields *out);
/* The sessions of a seeker, newest first, at most max into hits: 0 or -1. */
int	guidance_list(struct store *, const char *seeker_id, struct guidance_hit *hits,
	    size_t max, size_t *n);
/*
 * The names of the participants of a workshop, joined by sep into out (at
 * most outlen bytes, cut at a whole name with "..." when more do not fit),
 * and their count: the count, or -1.
 */
long	guidance_participants(struct store *, const char *workshop, const char *sep,
	    char *out, size_t outlen);

#endif
