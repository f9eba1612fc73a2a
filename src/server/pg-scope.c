/*
 * Scoped terminals (jobdeskd(8), "Scoped terminals"): a terminal's scope
 * set and recorded, the records of a person noted again when a transfer
 * moves the person into another scope, and one person's whole record
 * fetched on demand by a terminal whose scope does not hold it. What a
 * scoped pull sends is pg-pull.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/xalloc.h"
#include "core/authority.h"
#include "core/hlc.h"
#include "core/sign.h"
#include "server/pg-int.h"

/* How far a fetch's clock may be from the server's: a signed request is not kept for later. */
#define FETCH_MAX_SKEW_MS	(10L * 60 * 1000)
/* Redirects followed from a merged record to the one it became. */
#define FETCH_MAX_HOPS		16

/* Set a terminal's scope inside the caller's transaction, recorded. */
int
pg_scope_set(struct pg *pg, const char *terminal, const char *scope, const char *by, char *from)
{
	const char *pg_[] = { terminal }, *ps[] = { terminal, scope };
	const char *ph[] = { terminal, from, scope, by };
	PGresult *res;

	from[0] = '\0';
	if ((res = pg_run(pg, S_TERM_SCOPE_GET, pg_)) == NULL)
		return -1;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return -2;
	}
	snprintf(from, 32, "%s", PQgetvalue(res, 0, 1));
	PQclear(res);
	if (strcmp(from, scope) == 0)
		return 0;
	if ((res = pg_run(pg, S_TERM_SCOPE_SET, ps)) == NULL)
		return -1;
	PQclear(res);
	if ((res = pg_run(pg, S_SCOPE_HISTORY_ADD, ph)) == NULL)
		return -1;
	PQclear(res);
	log_info("terminal %s: scope %s (was %s), set by %s", terminal,
	    *scope != '\0' ? scope : "district", *from != '\0' ? from : "district", by);
	return 1;
}

/* A transferred person's records, noted again in change_log. */
int
pg_relog_person(struct pg *pg, const char *seeker_key)
{
	const char *p[] = { seeker_key };
	PGresult *res = pg_run(pg, S_RELOG_PERSON, p);

	PQclear(res);
	return res != NULL ? 0 : -1;
}

/* core/authority's lookup over the rows of S_OFFICES. */
int
pg_offices_lookup(void *ctx, const char *code, const char **parent, const char **level)
{
	const PGresult *res = ctx;
	int i;

	for (i = 0; i < PQntuples(res); i++)
		if (strcmp(PQgetvalue(res, i, 0), code) == 0) {
			*parent = *PQgetvalue(res, i, 1) != '\0' ? PQgetvalue(res, i, 1) : NULL;
			*level = PQgetvalue(res, i, 2);
			return 1;
		}
	return 0;
}

/*
 * Whether the request's author may fetch: an account of the terminal's
 * district, enabled, whose key signed the request, within minutes of the
 * server's clock. PG_OK, PG_BAD_REQUEST with e, or PG_INTERNAL (failed).
 */
static enum pg_outcome
fetch_check_author(struct pg *pg, const struct pg_terminal *t, const struct wire_fetch *in,
    const struct authority_offices *tree, struct wire_error *e)
{
	const char *p[] = { in->author };
	unsigned char pk[SIGN_PUBLIC_LEN];
	char mine[32], theirs[32];
	struct sign_change c = { t->id, "seeker", in->id, "fetch", in->hlc, in->author, "{}",
		"{}" };
	uint64_t now = pg_now_ms(), at = hlc_ms(in->hlc);
	PGresult *res;
	int ok;

	if ((res = pg_run(pg, S_ACCOUNT_AUTH, p)) == NULL)
		return PG_INTERNAL;
	ok = PQntuples(res) == 1 && *PQgetvalue(res, 0, 3) == '\0' &&
	    sign_from_hex(PQgetvalue(res, 0, 2), pk, sizeof pk) == 0 &&
	    sign_verify(pk, &c, in->sig) == 0;
	if (ok && (authority_district(tree, t->office, mine, sizeof mine) != 0 ||
	    authority_district(tree, PQgetvalue(res, 0, 1), theirs, sizeof theirs) != 0 ||
	    strcmp(mine, theirs) != 0))
		ok = 0;
	PQclear(res);
	if (!ok)
		return pg_error(e, PG_BAD_REQUEST, "the fetch is not signed by an enabled account "
		    "of the terminal's district (\"%s\")", in->author);
	if ((at > now ? at - now : now - at) > (uint64_t)FETCH_MAX_SKEW_MS)
		return pg_error(e, PG_BAD_REQUEST, "the fetch is stamped more than 10 minutes from "
		    "the server's clock; check the terminal's clock");
	return PG_OK;
}

/* A fetch: one try. */
static enum pg_outcome
fetch_once(struct pg *pg, const struct pg_terminal *t, const struct wire_fetch *in,
    struct wire_pull_reply *out, struct wire_error *e)
{
	PGresult *offices = NULL;
	struct authority_offices tree = { pg_offices_lookup, NULL };
	char key[IDENT_LEN + 1], mine[32], theirs[32];
	const char *p[4];
	PGresult *res = NULL;
	enum pg_outcome rc;
	uint64_t hlc, now;
	int i, hops;

	memset(out, 0, sizeof *out);
	if ((rc = pg_ready(pg, e)) != PG_OK)
		return rc;
	if (pg_cmd(pg, "BEGIN") != 0 || (offices = pg_run(pg, S_OFFICES, NULL)) == NULL)
		goto fail;
	tree.ctx = offices;
	if ((rc = fetch_check_author(pg, t, in, &tree, e)) != PG_OK) {
		PQclear(offices);
		pg_rollback(pg);
		return rc == PG_INTERNAL ? pg_failed(pg, "fetch a record", e) : rc;
	}
	/* A record merged away: the one it became. */
	snprintf(key, sizeof key, "%s", in->id);
	for (hops = 0;; hops++) {
		p[0] = key;
		if ((res = pg_run(pg, S_FETCH_SEEKER, p)) == NULL)
			goto fail;
		if (PQntuples(res) == 0 || strcmp(PQgetvalue(res, 0, 1), "t") != 0 ||
		    *PQgetvalue(res, 0, 2) == '\0' || hops >= FETCH_MAX_HOPS)
			break;
		snprintf(key, sizeof key, "%s", PQgetvalue(res, 0, 2));
		PQclear(res);
	}
	if (PQntuples(res) == 0 || strcmp(PQgetvalue(res, 0, 1), "t") == 0) {
		/* Unknown here, or removed: an empty page says so. */
		PQclear(res);
		PQclear(offices);
		if (pg_cmd(pg, "COMMIT") != 0)
			return pg_failed(pg, "fetch a record", e);
		goto answer;
	}
	if (authority_district(&tree, t->office, mine, sizeof mine) != 0 ||
	    authority_district(&tree, PQgetvalue(res, 0, 0), theirs, sizeof theirs) != 0 ||
	    strcmp(mine, theirs) != 0) {
		PQclear(res);
		PQclear(offices);
		pg_rollback(pg);
		return pg_error(e, PG_WRONG_OFFICE, "the person is not of the terminal's district");
	}
	PQclear(res);
	PQclear(offices);
	offices = NULL;
	p[0] = key;
	if ((res = pg_run(pg, S_FETCH_RECORDS, p)) == NULL)
		goto fail;
	out->records = xcalloc((size_t)PQntuples(res) + 1, sizeof *out->records);
	for (i = 0; i < PQntuples(res) && i < WIRE_MAX_RECORDS; i++) {
		struct wire_record *r = &out->records[out->n++];

		snprintf(r->tbl, sizeof r->tbl, "%s", PQgetvalue(res, i, 0));
		snprintf(r->key, sizeof r->key, "%s", PQgetvalue(res, i, 1));
		r->fields_text = xstrdup(PQgetvalue(res, i, 2));
		r->stamps_text = xstrdup(PQgetvalue(res, i, 3));
		r->deleted = strcmp(PQgetvalue(res, i, 4), "t") == 0;
		snprintf(r->replaced_by, sizeof r->replaced_by, "%s", PQgetvalue(res, i, 5));
		r->authors_text = xstrdup(PQgetvalue(res, i, 6));
	}
	PQclear(res);
	res = NULL;
	/* Who saw the person's record outside the scope that holds it. */
	p[0] = t->id;
	p[1] = in->author;
	p[2] = "seeker";
	p[3] = key;
	if ((res = pg_run(pg, S_FETCH_AUDIT, p)) == NULL)
		goto fail;
	PQclear(res);
	res = NULL;
	if (pg_cmd(pg, "COMMIT") != 0)
		goto fail;
	log_info("terminal %s: %s fetched seeker %s (%zu records)", t->id, in->author, key, out->n);
answer:
	hlc = pg_server_hlc(pg);
	now = hlc_pack(pg_now_ms(), 0);
	out->hlc = hlc > now ? hlc : now;
	snprintf(out->scope, sizeof out->scope, "%s", t->scope);
	return PG_OK;
fail:
	PQclear(res);
	PQclear(offices);
	wire_pull_reply_free(out);
	memset(out, 0, sizeof *out);
	return pg_failed(pg, "fetch a record", e);
}

/* One person's record on demand, tried again once on a new connection. */
enum pg_outcome
pg_fetch(struct pg *pg, const struct pg_terminal *t, const struct wire_fetch *in,
    struct wire_pull_reply *out, struct wire_error *e)
{
	enum pg_outcome rc = fetch_once(pg, t, in, out, e);

	if (rc == PG_UNAVAILABLE && pg_revive(pg))
		rc = fetch_once(pg, t, in, out, e);
	return rc;
}
