/*
 * Terminals: enrollment with a one-time code, and the bearer token each
 * request carries. Codes and tokens are stored as BLAKE2b-256 hashes only.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "common/log.h"
#include "server/pg-int.h"

/*
 * A typed code as it was issued: upper case, without the dashes and blanks
 * people put in, and with the letters that look like digits read as digits
 * (the alphabet of admin enroll has no I, L, O or U).
 */
static void
pg_code_normalise(const char *in, char *out, size_t outlen)
{
	size_t n = 0;

	for (; *in != '\0' && n + 1 < outlen; in++) {
		int c = toupper((unsigned char)*in);

		if (c == '-' || c == ' ')
			continue;
		if (c == 'O')
			c = '0';
		else if (c == 'I' || c == 'L')
			c = '1';
		out[n++] = (char)c;
	}
	out[n] = '\0';
}

/* The hash under which a code is stored, from the code as issued or typed. */
void
pg_code_hash(const char *code, char out[65])
{
	char norm[64];

	pg_code_normalise(code, norm, sizeof norm);
	pg_hash_hex(norm, out);
	sodium_memzero(norm, sizeof norm);
}

/* The terminal of a bearer token: one try. */
static enum pg_outcome
pg_auth_once(struct pg *pg, const char *hash, struct pg_terminal *t, struct wire_error *e)
{
	const char *p[] = { hash };
	PGresult *res;
	enum pg_outcome rc;

	if ((rc = pg_ready(pg, e)) != PG_OK)
		return rc;
	if ((res = pg_run(pg, S_AUTH, p)) == NULL)
		return pg_failed(pg, "check the token", e);
	if (PQntuples(res) != 1) {
		PQclear(res);
		return pg_error(e, PG_UNAUTHORIZED, "a valid token is needed");
	}
	/* A revoked terminal is named too, for the log line. */
	snprintf(t->id, sizeof t->id, "%s", PQgetvalue(res, 0, 0));
	snprintf(t->office, sizeof t->office, "%s", PQgetvalue(res, 0, 1));
	snprintf(t->scope, sizeof t->scope, "%s", PQgetvalue(res, 0, 4));
	t->scope_gen = strtol(PQgetvalue(res, 0, 5), NULL, 10);
	if (strcmp(PQgetvalue(res, 0, 2), "t") == 0) {
		PQclear(res);
		return pg_error(e, PG_REVOKED, "this terminal was revoked; enroll it again");
	}
	/* last_seen is for terminal list: once a minute is enough. */
	if (strcmp(PQgetvalue(res, 0, 3), "t") == 0) {
		const char *q[] = { t->id };
		PGresult *up = pg_run(pg, S_SEEN, q);

		if (up == NULL) {
			PQclear(res);
			return pg_failed(pg, "note the terminal's visit", e);
		}
		PQclear(up);
	}
	PQclear(res);
	return PG_OK;
}

/*
 * The terminal of a bearer token, tried again once on a new connection if
 * the old one had died (the database restarted since this worker's last
 * request): the check happens before every push and pull.
 */
enum pg_outcome
pg_auth(struct pg *pg, const char *token, struct pg_terminal *t, struct wire_error *e)
{
	char hash[65];
	enum pg_outcome rc;

	memset(t, 0, sizeof *t);
	if (token == NULL || *token == '\0' || strlen(token) >= WIRE_TOKEN_LEN)
		return pg_error(e, PG_UNAUTHORIZED, "a valid token is needed");
	pg_hash_hex(token, hash);
	rc = pg_auth_once(pg, hash, t, e);
	if (rc == PG_UNAVAILABLE && pg_revive(pg)) {
		memset(t, 0, sizeof *t);
		rc = pg_auth_once(pg, hash, t, e);
	}
	return rc;
}

/* Enrollment tries at most this many ids: the terminal's own, then new ones. */
#define ENROLL_IDS	4

/*
 * One try at an enrollment, in one transaction. The terminal's own id is
 * taken if no terminal has it, or if the administrator revoked the one
 * that has it (of the code's office); otherwise the terminal gets a new
 * id, which the reply tells it. Never does a code take over an enrolled
 * terminal: ids are public (every stamp carries one).
 */
static enum pg_outcome
pg_enroll_once(struct pg *pg, const struct wire_enroll *req, const char *codehash,
    struct wire_enroll_reply *out, struct wire_error *e)
{
	unsigned char raw[32];
	char tokenhash[65], office[32], scope[32], from[32], id[IDENT_LEN + 1];
	const char *pc[] = { codehash }, *pu[] = { codehash, id };
	const char *pt[] = { id, office, tokenhash };
	PGresult *res;
	enum pg_outcome rc;
	int i, taken = 0;

	memset(out, 0, sizeof *out);
	if ((rc = pg_ready(pg, e)) != PG_OK)
		return rc;
	if (pg_cmd(pg, "BEGIN") != 0)
		return pg_failed(pg, "enroll", e);
	if ((res = pg_run(pg, S_CODE_TAKE, pc)) == NULL)
		return pg_failed(pg, "enroll", e);
	if (PQntuples(res) != 1 || strcmp(PQgetvalue(res, 0, 1), "t") != 0 ||
	    strcmp(PQgetvalue(res, 0, 2), "t") == 0) {
		PQclear(res);
		(void)pg_cmd(pg, "ROLLBACK");
		return pg_error(e, PG_BAD_CODE, "the code is unknown, used or expired; "
		    "ask for a new one");
	}
	snprintf(office, sizeof office, "%s", PQgetvalue(res, 0, 0));
	snprintf(scope, sizeof scope, "%s", PQgetvalue(res, 0, 3));
	PQclear(res);
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(out->token, sizeof out->token, raw, sizeof raw,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
	pg_hash_hex(out->token, tokenhash);
	snprintf(id, sizeof id, "%s", req->terminal);
	for (i = 0; i < ENROLL_IDS && !taken; i++) {
		if (i > 0)
			pg_uuid4(id);
		if ((res = pg_run(pg, S_TERM_ENROLL, pt)) == NULL)
			goto dberr;
		taken = PQntuples(res) == 1;
		if (taken)
			out->number = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
		PQclear(res);
	}
	if (!taken) {
		log_error("terminal %s: no free terminal id found in %d tries", req->terminal,
		    ENROLL_IDS);
		goto dberr;
	}
	if ((res = pg_run(pg, S_CODE_USE, pu)) == NULL)
		goto dberr;
	PQclear(res);
	/* Seen as it enrolls: the office's terminals know of it from their next pull. */
	{
		const char *ps[] = { id };

		if ((res = pg_run(pg, S_SEEN, ps)) == NULL)
			goto dberr;
		PQclear(res);
	}
	/* The scope the code names; a terminal enrolled again takes it, and pulls it anew. */
	if (pg_scope_set(pg, id, scope, "enroll", from) < 0)
		goto dberr;
	if (pg_office_get(pg, office, out) != 1 ||
	    pg_meta(pg, "identity_key", out->identity_key, sizeof out->identity_key) != 0)
		goto dberr;
	snprintf(out->terminal, sizeof out->terminal, "%s", id);
	if (pg_cmd(pg, "COMMIT") != 0)
		goto dberr;
	if (strcmp(id, req->terminal) != 0)
		log_warn("terminal %s is enrolled already and was not revoked: the enrollment "
		    "for office %s became terminal %s", req->terminal, office, id);
	else
		log_info("terminal %s enrolled for office %s", id, office);
	return PG_OK;
dberr:
	sodium_memzero(out, sizeof *out);
	return pg_failed(pg, "enroll", e);
}

/* Exchange a one-time code for a token, tried again once on a new connection. */
enum pg_outcome
pg_enroll(struct pg *pg, const struct wire_enroll *req, struct wire_enroll_reply *out,
    struct wire_error *e)
{
	char codehash[65];
	enum pg_outcome rc;

	memset(out, 0, sizeof *out);
	if (!ident_valid(req->terminal))
		return pg_error(e, PG_BAD_REQUEST, "terminal must be a UUID");
	pg_code_hash(req->code, codehash);
	rc = pg_enroll_once(pg, req, codehash, out, e);
	if (rc == PG_UNAVAILABLE && pg_revive(pg))
		rc = pg_enroll_once(pg, req, codehash, out, e);
	return rc;
}
