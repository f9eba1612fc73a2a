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
 * match decides. Kinds that need a certificate (referrals) or a guidance
 * grade (guidance sessions) add their rows here.
 */
static const struct authority_rule {
	const char		*kind;
	enum authority_act	 act;
	int			 managers_only;	/* supervisors and administrators */
	enum authority_scope	 scope;
} authority_rules[] = {
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

/* The act in words, for a refusal. */
static const char *
authority_act_name(enum authority_act act)
{
	switch (act) {
	case AUTHORITY_CREATE:
		return _("registering");
	case AUTHORITY_EDIT:
		return _("changing");
	case AUTHORITY_TRANSFER:
		return _("transferring");
	case AUTHORITY_MERGE:
		return _("merging or removing");
	}
	return "?";
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
	if (act == AUTHORITY_CREATE && strcmp(record_office, terminal_office) != 0) {
		snprintf(why, whylen, _("a new record is the office of its window (%s), not %s"),
		    terminal_office, record_office);
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
			snprintf(why, whylen, _("%s a %s is a supervisor's act; %s is a %s"),
			    authority_act_name(act), k->name, a->login, a->role);
			return -1;
		}
		if (r->scope == SCOPE_OFFICE_ABOVE && !authority_within(o, record_office, a->office)) {
			snprintf(why, whylen, _("%s a record of office %s needs a supervisor of that "
			    "office or one above it; %s is of %s"), authority_act_name(act),
			    record_office, a->login, a->office);
			return -1;
		}
		return 0;
	}
	snprintf(why, whylen, _("%s a %s is nobody's act"), authority_act_name(act), k->name);
	return -1;
}
