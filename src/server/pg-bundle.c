/*
 * The database side of sync by file (jobdesk-sync(7), BUNDLES): the keys
 * a terminal registers for its bundles, the district's own keys in meta,
 * and the terminal as a bundle import looks it up. The import itself
 * (server/bundle.c) applies a bundle's pushes and pulls through pg_push
 * and pg_pull, as the HTTP routes do.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "common/log.h"
#include "server/pg-int.h"

/* A meta value of hex into len bytes: 0, 1 when absent, -1 on failure or bad hex. */
static int
pg_meta_key(struct pg *pg, const char *key, unsigned char *out, size_t len)
{
	char hex[2 * SIGN_SECRET_LEN + 8];
	int rc;

	if ((rc = pg_meta(pg, key, hex, sizeof hex)) != 0 || hex[0] == '\0') {
		sodium_memzero(hex, sizeof hex);
		return rc < 0 ? -1 : 1;
	}
	rc = sign_from_hex(hex, out, len);
	sodium_memzero(hex, sizeof hex);
	if (rc != 0)
		log_error("meta %s is not a key of %zu bytes", key, len);
	return rc;
}

/* The district's keys from meta, with their public halves. */
int
pg_district_keys(struct pg *pg, struct pg_district_keys *k)
{
	int rc;

	memset(k, 0, sizeof *k);
	if ((rc = pg_meta_key(pg, "bundle_sign_key", k->sign_sk, sizeof k->sign_sk)) != 0 ||
	    (rc = pg_meta_key(pg, "bundle_box_key", k->box_sk, sizeof k->box_sk)) != 0) {
		sodium_memzero(k, sizeof *k);
		return rc;
	}
	sign_public_of(k->sign_sk, k->sign_pk);
	bundle_box_public_of(k->box_sk, k->box_pk);
	return 0;
}

/* The terminal a bundle names. */
int
pg_bundle_terminal(struct pg *pg, const char *id, struct pg_bundle_terminal *out)
{
	const char *p[] = { id };
	PGresult *res;

	memset(out, 0, sizeof *out);
	if (!ident_valid(id))
		return 0;
	if ((res = pg_run(pg, S_TERM_BUNDLE, p)) == NULL)
		return -1;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return 0;
	}
	snprintf(out->t.id, sizeof out->t.id, "%s", id);
	snprintf(out->t.office, sizeof out->t.office, "%s", PQgetvalue(res, 0, 0));
	out->revoked = strcmp(PQgetvalue(res, 0, 1), "t") == 0;
	out->has_keys = sign_from_hex(PQgetvalue(res, 0, 2), out->sign_pk,
	    sizeof out->sign_pk) == 0 && sign_from_hex(PQgetvalue(res, 0, 3), out->box_pk,
	    sizeof out->box_pk) == 0;
	out->last_bundle = strtoll(PQgetvalue(res, 0, 4), NULL, 10);
	/* A scoped terminal's pull by file holds its scope, as its pull online does. */
	snprintf(out->t.scope, sizeof out->t.scope, "%s", PQgetvalue(res, 0, 5));
	out->t.scope_gen = strtol(PQgetvalue(res, 0, 6), NULL, 10);
	PQclear(res);
	return 1;
}

/* Whether two offices are of one district. */
int
pg_same_district(struct pg *pg, const char *a, const char *b)
{
	const char *p[] = { a, b };
	PGresult *res;
	int rc;

	if ((res = pg_run(pg, S_SAME_DISTRICT, p)) == NULL)
		return -1;
	rc = PQntuples(res) == 1 && strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	return rc;
}

/* Note the newest bundle imported. */
int
pg_bundle_done(struct pg *pg, const char *id, uint64_t number)
{
	char n[24];
	const char *p[] = { id, n };
	PGresult *res;

	snprintf(n, sizeof n, "%llu", (unsigned long long)number);
	if ((res = pg_run(pg, S_TERM_BUNDLE_DONE, p)) == NULL)
		return -1;
	PQclear(res);
	return 0;
}

/* Register a terminal's keys, one try. */
static enum pg_outcome
pg_keys_once(struct pg *pg, const struct pg_terminal *t, const struct wire_keys *in,
    struct wire_keys *out, struct wire_error *e)
{
	struct pg_district_keys k;
	const char *p[] = { t->id, in->sign_key, in->box_key };
	PGresult *res;
	enum pg_outcome rc;
	int replaced, have;

	if ((rc = pg_ready(pg, e)) != PG_OK)
		return rc;
	if ((have = pg_district_keys(pg, &k)) < 0)
		return pg_failed(pg, "read the district's keys", e);
	if (have > 0)
		return pg_error(e, PG_UNAVAILABLE, "the district has no keys for sync by file; "
		    "the administrator runs jobdeskd migrate");
	sign_to_hex(k.sign_pk, sizeof k.sign_pk, out->sign_key);
	sign_to_hex(k.box_pk, sizeof k.box_pk, out->box_key);
	sodium_memzero(&k, sizeof k);
	if ((res = pg_run(pg, S_TERM_KEYS_SET, p)) == NULL)
		return pg_failed(pg, "register the terminal's keys", e);
	if (PQntuples(res) != 1) {
		PQclear(res);
		return pg_error(e, PG_REVOKED, "this terminal was revoked; enroll it again");
	}
	replaced = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	if (replaced)
		log_warn("terminal %s registered new keys for sync by file: bundles signed with "
		    "its old key are refused from now on", t->id);
	else
		log_info("terminal %s registered its keys for sync by file", t->id);
	return PG_OK;
}

/* Register a terminal's keys, tried again once on a new connection. */
enum pg_outcome
pg_keys(struct pg *pg, const struct pg_terminal *t, const struct wire_keys *in,
    struct wire_keys *out, struct wire_error *e)
{
	enum pg_outcome rc;

	memset(out, 0, sizeof *out);
	if (strcmp(in->terminal, t->id) != 0)
		return pg_error(e, PG_WRONG_TERMINAL,
		    "the keys name another terminal than the token's");
	rc = pg_keys_once(pg, t, in, out, e);
	if (rc == PG_UNAVAILABLE && pg_lost(pg) && pg_revive(pg))
		rc = pg_keys_once(pg, t, in, out, e);
	return rc;
}
