/* Who may change what: see authority.h. */
#include <stdio.h>
#include <string.h>

#include "common/i18n.h"
#include "core/account_rules.h"
#include "core/authority.h"

/* Where an act may come from, beyond the district's walls every act keeps. */
enum authority_scope {
	SCOPE_DISTRICT,		/* any account of the record's district */
	SCOPE_OFFICE_ABOVE,	/* an account of the record's office or an office above it */
};

/*
 * The rules, checked in order; the first whose kind (NULL: any) and act
 * match decides. A kind whose records need the author's certificate on
 * the day (KF_CERTIFIED: referrals) is checked besides, by
 * authority_certified(), which needs the record's date; one whose records
 * are a counsellor's (KF_GRADED: guidance sessions) by authority_graded().
 */
static const struct authority_rule {
	const char		*kind;
	enum authority_act	 act;
	int			 managers_only;	/* supervisors and administrators */
	enum authority_scope	 scope;
} authority_rules[] = {
	/* An office's day is closed (日结) by a supervisor of the office or one above it. */
	{ .kind = "closing", .act = AUTHORITY_CREATE, .managers_only = 1,
	  .scope = SCOPE_OFFICE_ABOVE },
	{ .kind = NULL, .act = AUTHORITY_CREATE, .scope = SCOPE_DISTRICT },
	{ .kind = NULL, .act = AUTHORITY_EDIT, .scope = SCOPE_DISTRICT },
	{ .kind = NULL, .act = AUTHORITY_TRANSFER, .managers_only = 1,
	  .scope = SCOPE_OFFICE_ABOVE },
	{ .kind = NULL, .act = AUTHORITY_MERGE, .managers_only = 1, .scope = SCOPE_OFFICE_ABOVE },
};

int
authority_district(const struct authority_offices *o, const char *office, char *out,
    size_t outlen)
{
	const char *cur = office, *parent, *level;
	int depth;

	for (depth = 0; cur != NULL && depth < AUTHORITY_DEPTH; depth++) {
		if (o->lookup(o->ctx, cur, &parent, &level) != 1)
			return -1;
		if (strcmp(level, "district") == 0) {
			snprintf(out, outlen, "%s", cur);
			return 0;
		}
		cur = parent;
	}
	return -1;
}

int
authority_within(const struct authority_offices *o, const char *office, const char *above)
{
	const char *cur = office, *parent, *level;
	int depth;

	for (depth = 0; cur != NULL && depth < AUTHORITY_DEPTH; depth++) {
		if (strcmp(cur, above) == 0)
			return 1;
		if (o->lookup(o->ctx, cur, &parent, &level) != 1)
			return 0;
		cur = parent;
	}
	return 0;
}

int
authority_certified(const char *login, const char *cert_no, const char *valid_until,
    const char *on, char *why, size_t whylen)
{
	if (*cert_no == '\0') {
		snprintf(why, whylen, _("only a clerk with a 上岗证 (certificate) may refer; "
		    "%s has none on record"), login);
		return -1;
	}
	/* YYYY-MM-DD dates compare as text. */
	if (*valid_until == '\0' || strcmp(valid_until, on) < 0) {
		snprintf(why, whylen, _("the 上岗证 (certificate) %s of %s was not valid on %s "
		    "(valid until %s)"), cert_no, login, on, *valid_until != '\0' ? valid_until : "-");
		return -1;
	}
	return 0;
}

int
authority_graded(const struct kind *k, const char *login, const char *grade, char *why,
    size_t whylen)
{
	if (*grade == '\0') {
		/* TRANSLATORS: the kind's name (a guidance session, an interest inventory), a login. */
		snprintf(why, whylen, _("%s: only an account with a career guidance grade may "
		    "record one; account %s has no grade"), _(k->label), login);
		return -1;
	}
	return 0;
}

/* A refusal for an act only managers do: whose act it is, who tried. */
static void
authority_managers_only(const struct kind *k, enum authority_act act,
    const struct authority_actor *a, char *why, size_t whylen)
{
	if (act == AUTHORITY_TRANSFER)
		snprintf(why, whylen, _("moving a record to another office is a supervisor's act; "
		    "%s is a %s"), a->login, a->role);
	else if (act == AUTHORITY_MERGE)
		snprintf(why, whylen, _("merging or removing a record is a supervisor's act; "
		    "%s is a %s"), a->login, a->role);
	else if (act == AUTHORITY_CREATE)
		/* TRANSLATORS: the kind's name (a close of day), a login, a role. */
		snprintf(why, whylen, _("%s: only a supervisor may make one; %s is a %s"),
		    _(k->label), a->login, a->role);
	else
		snprintf(why, whylen, _("only a supervisor may do this; %s is a %s"), a->login,
		    a->role);
}

/* A refusal for an act outside the actor's offices. */
static void
authority_not_above(enum authority_act act, const struct authority_actor *a,
    const char *record_office, char *why, size_t whylen)
{
	if (act == AUTHORITY_TRANSFER)
		snprintf(why, whylen, _("a record of office %s is moved by a supervisor of that "
		    "office or one above it; %s is of office %s"), record_office, a->login,
		    a->office);
	else if (act == AUTHORITY_CREATE)
		snprintf(why, whylen, _("this record of office %s is made by a supervisor of that "
		    "office or one above it; %s is of office %s"), record_office, a->login,
		    a->office);
	else
		snprintf(why, whylen, _("a record of office %s is merged or removed by a supervisor "
		    "of that office or one above it; %s is of office %s"), record_office, a->login,
		    a->office);
}

int
authority_may(const struct authority_offices *o, const struct authority_actor *a,
    const struct kind *k, enum authority_act act, const char *record_office,
    const char *to_office, const char *terminal_office, char *why, size_t whylen)
{
	char district[32], theirs[32];
	size_t i;

	if (authority_district(o, terminal_office, district, sizeof district) != 0) {
		snprintf(why, whylen, _("the terminal's office %s belongs to no district"),
		    terminal_office);
		return -1;
	}
	if (authority_district(o, a->office, theirs, sizeof theirs) != 0 ||
	    strcmp(theirs, district) != 0) {
		snprintf(why, whylen, _("account %s is not an account of district %s"), a->login,
		    district);
		return -1;
	}
	if (authority_district(o, record_office, theirs, sizeof theirs) != 0 ||
	    strcmp(theirs, district) != 0) {
		snprintf(why, whylen, _("the record belongs to office %s, outside district %s"),
		    record_office, district);
		return -1;
	}
	/* A district centre may register for its streets (a legacy register loaded there). */
	if (act == AUTHORITY_CREATE && !authority_within(o, record_office, terminal_office)) {
		snprintf(why, whylen, _("a new record belongs to the office of its window (%s) "
		    "or an office under it, not to %s"), terminal_office, record_office);
		return -1;
	}
	if (act == AUTHORITY_TRANSFER && (to_office == NULL ||
	    authority_district(o, to_office, theirs, sizeof theirs) != 0 ||
	    strcmp(theirs, district) != 0)) {
		snprintf(why, whylen, _("a record moves only to an office of district %s"), district);
		return -1;
	}
	for (i = 0; i < sizeof authority_rules / sizeof authority_rules[0]; i++) {
		const struct authority_rule *r = &authority_rules[i];

		if (r->act != act || (r->kind != NULL && strcmp(r->kind, k->name) != 0))
			continue;
		if (r->managers_only && !account_role_manages(a->role)) {
			authority_managers_only(k, act, a, why, whylen);
			return -1;
		}
		if (r->scope == SCOPE_OFFICE_ABOVE && !authority_within(o, record_office, a->office)) {
			authority_not_above(act, a, record_office, why, whylen);
			return -1;
		}
		return 0;
	}
	/* A kind's rows end the table with the acts it allows: anything else is refused. */
	snprintf(why, whylen, _("no rule allows this on a record of kind %s"), k->name);
	return -1;
}

/* Whether a terminal may hold a scope: see authority.h. */
int
authority_scope_ok(const struct authority_offices *o, const char *terminal_office,
    const char *scope, char *why, size_t whylen)
{
	char have[64], want[64];
	const char *parent, *level;

	if (*scope == '\0')
		return 0;
	if (o->lookup(o->ctx, scope, &parent, &level) != 1) {
		snprintf(why, whylen, _("unknown office \"%s\""), scope);
		return -1;
	}
	if (authority_district(o, terminal_office, have, sizeof have) != 0 ||
	    authority_district(o, scope, want, sizeof want) != 0 || strcmp(have, want) != 0) {
		snprintf(why, whylen, _("office \"%s\" is not of the district of the terminal's "
		    "office %s"), scope, terminal_office);
		return -1;
	}
	if (!authority_within(o, terminal_office, scope)) {
		snprintf(why, whylen, _("office \"%s\" does not hold the terminal's own office %s, "
		    "where what it registers belongs; enroll the terminal for an office under %s "
		    "instead"), scope, terminal_office, scope);
		return -1;
	}
	return 0;
}

/* Whether an account may set a terminal's scope: see authority.h. */
int
authority_scope_may(const struct authority_offices *o, const struct authority_actor *a,
    const char *terminal_office, const char *scope, char *why, size_t whylen)
{
	char district[64];

	if (strcmp(a->role, "administrator") != 0) {
		snprintf(why, whylen, _("a terminal's scope is set by a district administrator; "
		    "%s is a %s"), a->login, a->role);
		return -1;
	}
	if (authority_district(o, terminal_office, district, sizeof district) != 0 ||
	    !authority_within(o, district, a->office)) {
		snprintf(why, whylen, _("%s is an administrator of office %s, not of the district "
		    "of the terminal's office %s"), a->login, a->office, terminal_office);
		return -1;
	}
	return authority_scope_ok(o, terminal_office, scope, why, whylen);
}
