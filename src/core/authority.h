/*
 * Who may change what (jobdesk-sync(7), "Authority"): the rules the
 * district server applies to every change it receives, and the client
 * before it makes one, so that the server's refusal is the exception.
 * They read the account that acts (its role and office, as the district
 * knows them), the office tree, and the record's office. Pure: the
 * caller hands over the office tree as a lookup. Messages are translated
 * (the server runs without a catalogue, in English) and never quote a
 * record's values.
 */
#ifndef JOBDESK_AUTHORITY_H
#define JOBDESK_AUTHORITY_H

#include <stddef.h>

#include "core/kind.h"

/* What is done to a record. */
enum authority_act {
	AUTHORITY_CREATE,	/* a new record (an insert) */
	AUTHORITY_EDIT,		/* its fields, not its office */
	AUTHORITY_TRANSFER,	/* its office: the record moves to another office */
	AUTHORITY_MERGE,	/* its removal, into another record or none (a delete) */
};

/* The account that acts, as the district knows it. */
struct authority_actor {
	const char	*login;
	const char	*role;		/* clerk, counsellor, supervisor, administrator */
	const char	*office;
};

/*
 * The office tree: lookup(ctx, code, &parent, &level) gives an office's
 * parent (NULL at the top) and level; 1, or 0 for an unknown office.
 */
struct authority_offices {
	int	(*lookup)(void *ctx, const char *code, const char **parent, const char **level);
	void	*ctx;
};

/* Offices followed up the tree at most: a longer chain is a loop. */
#define AUTHORITY_DEPTH	16

/*
 * The district an office belongs to (itself for a district office, else
 * its closest ancestor of level "district") into out: 0, or -1 for an
 * unknown office or one that no district holds (a city office).
 */
int	authority_district(const struct authority_offices *, const char *office, char *out,
	    size_t outlen);
/* Whether office is above or itself: 1, 0. */
int	authority_within(const struct authority_offices *, const char *office, const char *above);
/*
 * Whether actor may do act to a record of kind k, sent from a terminal of
 * terminal_office. record_office is the record's office (for a new record
 * the office it is written for); to_office where a transfer moves it
 * (NULL otherwise). The rules: everything stays inside the terminal's
 * district (the actor's office, the record's, the new one); a new record
 * is the terminal's office's or an office's under it; any account of the district edits a
 * record of the district; transfers and merges are acts of a supervisor
 * (or administrator) of the record's office or an office above it. 0, or
 * -1 with the reason in why.
 */
int	authority_may(const struct authority_offices *, const struct authority_actor *,
	    const struct kind *, enum authority_act, const char *record_office,
	    const char *to_office, const char *terminal_office, char *why, size_t whylen);

/*
 * Whether the account login, whose 上岗证 (certificate) has the number
 * cert_no and is valid until valid_until (YYYY-MM-DD, "" for none), may
 * make a record of a kind with KF_CERTIFIED (a referral) on the day on
 * (YYYY-MM-DD): 0, or -1 with the reason in why.
 */
int	authority_certified(const char *login, const char *cert_no, const char *valid_until,
	    const char *on, char *why, size_t whylen);

/*
 * Whether the account login, whose 职业指导人员 grade (a code of the
 * guidance_grade list) is grade ("" for none), may make a record of k, a
 * kind with KF_GRADED (a guidance session, an interest inventory): 0, or
 * -1 with the reason, naming the kind, in why. The grade's code is the
 * caller's to have checked against the list.
 */
int	authority_graded(const struct kind *k, const char *login, const char *grade, char *why,
	    size_t whylen);

/*
 * Whether a terminal of terminal_office may have the scope scope ("": the
 * whole district): an office of the terminal's district that holds the
 * terminal's own office (itself or an office above it), since what the
 * terminal registers belongs to its office and must stay on it. 0, or -1
 * with the reason in why.
 */
int	authority_scope_ok(const struct authority_offices *, const char *terminal_office,
	    const char *scope, char *why, size_t whylen);
/*
 * Whether actor may set the scope of a terminal of terminal_office: a
 * district administrator (role administrator, of the terminal's district
 * office or an office above it), and a scope authority_scope_ok takes.
 * 0, or -1 with the reason in why.
 */
int	authority_scope_may(const struct authority_offices *, const struct authority_actor *,
	    const char *terminal_office, const char *scope, char *why, size_t whylen);

#endif
