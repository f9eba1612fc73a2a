/*
 * Terminals: enrollment with a one-time code, and the bearer token each
 * request carries. Codes and tokens are stored as BLAKE2b-256 hashes only.
 */
#include <ctype.h>
#include <stdio.h>
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

/* The terminal of a bearer token. */
enum pg_outcome
pg_auth(struct pg *pg, const char *token, struct pg_terminal *t, struct wire_error *e)
{
	char hash[65];
	const char *p[] = { hash };
	PGresult *res;
	enum pg_outcome rc;

	if ((rc = pg_ready(pg, e)) != PG_OK)
		return rc;
	if (token == NULL || *token == '\0' || strlen(token) >= WIRE_TOKEN_LEN)
		return pg_error(e, PG_UNAUTHORIZED, "a valid token is needed");
	pg_hash_hex(token, hash);
	if ((res = pg_run(pg, S_AUTH, p)) == NULL)
		return pg_failed(pg, "check the token", e);
	if (PQntuples(res) != 1) {
		PQclear(res);
		return pg_error(e, PG_UNAUTHORIZED, "a valid token is needed");
	}
	if (strcmp(PQgetvalue(res, 0, 2), "t") == 0) {
		PQclear(res);
		return pg_error(e, PG_REVOKED, "this terminal was revoked; enroll it again");
	}
	snprintf(t->id, sizeof t->id, "%s", PQgetvalue(res, 0, 0));
	snprintf(t->office, sizeof t->office, "%s", PQgetvalue(res, 0, 1));
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

/* Exchange a one-time code for a token. */
enum pg_outcome
pg_enroll(struct pg *pg, const struct wire_enroll *req, struct wire_enroll_reply *out,
    struct wire_error *e)
{
	unsigned char raw[32];
	char codehash[65], tokenhash[65], office[32];
	const char *pc[] = { codehash }, *pu[] = { codehash, req->terminal };
	const char *pt[] = { req->terminal, office, tokenhash };
	PGresult *res;
	enum pg_outcome rc;

	memset(out, 0, sizeof *out);
	if ((rc = pg_ready(pg, e)) != PG_OK)
		return rc;
	if (!ident_valid(req->terminal))
		return pg_error(e, PG_BAD_REQUEST, "terminal must be a UUID");
	pg_code_hash(req->code, codehash);
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
	PQclear(res);
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(out->token, sizeof out->token, raw, sizeof raw,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
	pg_hash_hex(out->token, tokenhash);
	if ((res = pg_run(pg, S_CODE_USE, pu)) == NULL)
		goto dberr;
	PQclear(res);
	if ((res = pg_run(pg, S_TERM_ENROLL, pt)) == NULL)
		goto dberr;
	/* A terminal id enrolled for another office is not taken over by a code of this one. */
	if (PQntuples(res) != 1) {
		PQclear(res);
		(void)pg_cmd(pg, "ROLLBACK");
		sodium_memzero(out, sizeof *out);
		log_warn("terminal %s: enrollment refused, it belongs to another office",
		    req->terminal);
		return pg_error(e, PG_BAD_CODE, "this terminal is enrolled for another office; "
		    "the administrator must revoke it there first");
	}
	PQclear(res);
	if (pg_office_get(pg, office, out) != 1 ||
	    pg_meta(pg, "identity_key", out->identity_key, sizeof out->identity_key) != 0)
		goto dberr;
	if (pg_cmd(pg, "COMMIT") != 0)
		goto dberr;
	log_info("terminal %s enrolled for office %s", req->terminal, office);
	return PG_OK;
dberr:
	sodium_memzero(out, sizeof *out);
	return pg_failed(pg, "enroll", e);
}
