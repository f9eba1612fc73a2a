/*
 * The store's side of the authority rules (core/authority.h): the acting
 * account as this terminal holds it, the office tree from its office
 * table, checked before a change is made, so that the server's refusal
 * is the exception.
 */
#include <stdio.h>
#include <string.h>

#include "common/i18n.h"
#include "core/account_rules.h"
#include "core/authority.h"
#include "store/store-int.h"

/* One office as the lookup hands it out: its strings live until the next lookup. */
struct authority_ctx {
	struct store	*st;
	char		 parent[2][32];
	char		 level[2][16];
	int		 which;
	/* Not enrolled, or the district's offices not here yet: the office is its own district. */
	int		 standalone;
};

/* The office tree's lookup over the office table. */
static int
authority_lookup(void *arg, const char *code, const char **parent, const char **level)
{
	struct authority_ctx *c = arg;
	sqlite3_stmt *stmt = st_cached(c->st, "SELECT coalesce(parent, ''), level FROM office "
	    "WHERE code = ?");
	int found;

	st_bind_text(stmt, 1, code);
	found = sqlite3_step(stmt) == SQLITE_ROW;
	if (found) {
		/* Two slots: a caller may hold the last answer while it asks the next. */
		c->which ^= 1;
		snprintf(c->parent[c->which], sizeof c->parent[0], "%s", st_column_text(stmt, 0));
		snprintf(c->level[c->which], sizeof c->level[0], "%s", st_column_text(stmt, 1));
		*parent = c->parent[c->which][0] != '\0' ? c->parent[c->which] : NULL;
		*level = c->level[c->which];
		/* A terminal on its own (never enrolled) is its office's whole world. */
		if (c->standalone && strcmp(code, c->st->office) == 0)
			*level = "district";
	}
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	return found;
}

/*
 * The office tree as this terminal holds it. The district's offices
 * arrive with the first pull: until the tree reaches a district, the
 * terminal's office stands for it here (the server checks the walls again).
 */
static void
authority_tree(struct store *st, struct authority_ctx *ctx, struct authority_offices *tree)
{
	char district[32];

	*ctx = (struct authority_ctx){ .st = st, .standalone = st->terminal_office[0] == '\0' };
	*tree = (struct authority_offices){ authority_lookup, ctx };
	if (!ctx->standalone && authority_district(tree, st->office, district,
	    sizeof district) != 0)
		ctx->standalone = 1;
}

int
st_office_district(struct store *st, const char *office, char *out, size_t outlen)
{
	struct authority_ctx ctx;
	struct authority_offices tree;

	authority_tree(st, &ctx, &tree);
	return authority_district(&tree, office, out, outlen);
}

int
st_may(struct store *st, const struct kind *k, enum authority_act act, const char *record_office,
    const char *to_office, char *err, size_t errlen)
{
	struct authority_ctx ctx;
	struct authority_offices tree;
	struct authority_actor a;
	char role[16] = "", office[32] = "";
	sqlite3_stmt *stmt;
	int script = strncmp(st->actor, "cli:", 4) == 0, rc;

	if (record_office == NULL)
		record_office = "";
	if (st->batch && st->batch_may.valid && st->batch_may.kind == k &&
	    st->batch_may.act == (int)act && strcmp(st->batch_may.actor, st->actor) == 0 &&
	    strcmp(st->batch_may.record_office, record_office) == 0 &&
	    strcmp(st->batch_may.to_office, to_office != NULL ? to_office : "") == 0)
		return 0;
	authority_tree(st, &ctx, &tree);

	/*
	 * A command run without an account (a script) acts as the machine's
	 * administrator of the terminal's office; on an enrolled terminal what
	 * it writes waits unsigned until an account takes it over, and the
	 * server judges that account. A clerk at an enrolled terminal signs.
	 */
	if (script) {
		snprintf(role, sizeof role, "administrator");
		snprintf(office, sizeof office, "%s", st->office);
	} else {
		stmt = st_prepare(st, "SELECT role, office FROM account WHERE login = ?");
		st_bind_text(stmt, 1, st->actor);
		if (sqlite3_step(stmt) == SQLITE_ROW) {
			snprintf(role, sizeof role, "%s", st_column_text(stmt, 0));
			snprintf(office, sizeof office, "%s", st_column_text(stmt, 1));
		}
		sqlite3_finalize(stmt);
		if (*role == '\0') {
			snprintf(err, errlen, _("%s is not an account of this terminal"), st->actor);
			return -1;
		}
		if (st->terminal_office[0] != '\0' && !store_actor_signs(st)) {
			snprintf(err, errlen, _("%s has no signing key from the district here: log in "
			    "with the password the district gave the account"), st->actor);
			return -1;
		}
	}
	a = (struct authority_actor){ st->actor, role, office };
	rc = authority_may(&tree, &a, k, act, record_office, to_office, st->office, err, errlen);
	if (rc == 0 && st->batch) {
		st->batch_may.valid = 1;
		st->batch_may.kind = k;
		st->batch_may.act = (int)act;
		snprintf(st->batch_may.actor, sizeof st->batch_may.actor, "%s", st->actor);
		snprintf(st->batch_may.record_office, sizeof st->batch_may.record_office, "%s",
		    record_office);
		snprintf(st->batch_may.to_office, sizeof st->batch_may.to_office, "%s",
		    to_office != NULL ? to_office : "");
	}
	return rc;
}
