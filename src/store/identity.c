/*
 * The identity key that derives seeker and employer ids, and replacing a
 * terminal's provisional key with the district's (see README, "Record ids
 * and the identity key"). Nothing has left an unenrolled terminal, so
 * every id derived with the provisional key can still be rewritten: rows,
 * references, the outbox and the audit trail, all in one transaction.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "common/i18n.h"
#include "common/log.h"
#include "store/store-int.h"

/* Re-derive the ids of one table into the temporary map id_map(old, new). */
static int
identity_map(struct store *st, const char *tbl, const char *kind, const char *natural,
    const unsigned char key[IDENT_KEYLEN])
{
	char sql[200], newid[IDENT_LEN + 1];
	sqlite3_stmt *sel, *ins;
	int rc = 0;

	snprintf(sql, sizeof sql, "SELECT id, %s FROM %s WHERE %s IS NOT NULL AND %s <> ''",
	    natural, tbl, natural, natural);
	sel = st_prepare(st, sql);
	ins = st_prepare(st, "INSERT INTO id_map (old, new) VALUES (?, ?)");
	while (rc == 0 && sqlite3_step(sel) == SQLITE_ROW) {
		ident_derive(key, kind, st_column_text(sel, 1), newid);
		st_bind_text(ins, 1, st_column_text(sel, 0));
		st_bind_text(ins, 2, newid);
		rc = sqlite3_step(ins) == SQLITE_DONE ? 0 : -1;
		sqlite3_reset(ins);
	}
	sqlite3_finalize(sel);
	sqlite3_finalize(ins);
	return rc;
}

static const char *const identity_rewrites[] = {
	"UPDATE seeker SET id = (SELECT new FROM id_map WHERE old = seeker.id) "
	    "WHERE id IN (SELECT old FROM id_map)",
	"UPDATE employer SET id = (SELECT new FROM id_map WHERE old = employer.id) "
	    "WHERE id IN (SELECT old FROM id_map)",
	"UPDATE seeker SET replaced_by = (SELECT new FROM id_map WHERE old = replaced_by) "
	    "WHERE replaced_by IN (SELECT old FROM id_map)",
	"UPDATE employer SET replaced_by = (SELECT new FROM id_map WHERE old = replaced_by) "
	    "WHERE replaced_by IN (SELECT old FROM id_map)",
	"UPDATE vacancy SET employer_id = (SELECT new FROM id_map WHERE old = employer_id) "
	    "WHERE employer_id IN (SELECT old FROM id_map)",
	"UPDATE service_event SET seeker_id = (SELECT new FROM id_map WHERE old = seeker_id) "
	    "WHERE seeker_id IN (SELECT old FROM id_map)",
	"UPDATE service_event SET employer_id = (SELECT new FROM id_map WHERE old = employer_id) "
	    "WHERE employer_id IN (SELECT old FROM id_map)",
	"UPDATE outbox SET row_id = (SELECT new FROM id_map WHERE old = row_id) "
	    "WHERE row_id IN (SELECT old FROM id_map)",
	"UPDATE outbox SET fields = json_set(fields, '$.seeker_id', (SELECT new FROM id_map "
	    "WHERE old = json_extract(fields, '$.seeker_id'))) "
	    "WHERE json_extract(fields, '$.seeker_id') IN (SELECT old FROM id_map)",
	"UPDATE outbox SET fields = json_set(fields, '$.employer_id', (SELECT new FROM id_map "
	    "WHERE old = json_extract(fields, '$.employer_id'))) "
	    "WHERE json_extract(fields, '$.employer_id') IN (SELECT old FROM id_map)",
	"UPDATE outbox SET fields = json_set(fields, '$.replaced_by', (SELECT new FROM id_map "
	    "WHERE old = json_extract(fields, '$.replaced_by'))) "
	    "WHERE json_extract(fields, '$.replaced_by') IN (SELECT old FROM id_map)",
	"UPDATE audit SET record_id = (SELECT new FROM id_map WHERE old = record_id) "
	    "WHERE record_id IN (SELECT old FROM id_map)",
};

/*
 * Replace the identity key inside the caller's transaction, re-deriving
 * ids if it was provisional; the caller sets st->idkey after COMMIT.
 */
int
st_identity_replace(struct store *st, const unsigned char key[IDENT_KEYLEN],
    const char *source, char *err, size_t errlen)
{
	char have[32], hex[2 * IDENT_KEYLEN + 1];
	size_t i;
	int rc = -1;

	if (strcmp(source, "config") != 0 && strcmp(source, "district") != 0) {
		snprintf(err, errlen, _("identity key source \"%s\" is not config or district"),
		    source);
		return -1;
	}
	if (store_identity_source(st, have, sizeof have) != 0) {
		snprintf(err, errlen, _("cannot read the identity key: %s"), store_errmsg(st));
		return -1;
	}
	if (sodium_memcmp(key, st->idkey, IDENT_KEYLEN) == 0) {
		/* The same key: a config key the district confirms becomes the district's. */
		if (strcmp(have, source) != 0 && strcmp(source, "district") == 0 &&
		    st_setting_set(st, "identity_source", source) != 0)
			goto fail;
		return 0;
	}
	if (strcmp(have, "provisional") != 0) {
		snprintf(err, errlen, _("this terminal already has a %s identity key; only a "
		    "provisional key can be replaced"), have);
		return -1;
	}
	/* Checked at COMMIT: rows and their references change in steps. */
	if (st_exec(st, "PRAGMA defer_foreign_keys = ON") != 0 ||
	    st_exec(st, "CREATE TEMP TABLE id_map (old TEXT PRIMARY KEY, new TEXT NOT NULL)") != 0)
		goto fail;
	if (identity_map(st, "seeker", "seeker", "id_number", key) != 0 ||
	    identity_map(st, "employer", "employer", "uscc", key) != 0)
		goto fail_map;
	for (i = 0; i < sizeof identity_rewrites / sizeof identity_rewrites[0]; i++)
		if (st_exec(st, identity_rewrites[i]) != 0)
			goto fail_map;
	sodium_bin2hex(hex, sizeof hex, key, IDENT_KEYLEN);
	if (st_setting_set(st, "identity_key", hex) != 0 ||
	    st_setting_set(st, "identity_source", source) != 0 ||
	    st_exec(st, "DROP TABLE temp.id_map") != 0)
		goto fail_map;
	log_info("identity key replaced (%s); derived ids rewritten", source);
	rc = 0;
	goto out;
fail_map:
	sqlite3_exec(st->db, "DROP TABLE IF EXISTS temp.id_map", NULL, NULL, NULL);
fail:
	snprintf(err, errlen, _("cannot replace the identity key: %s"), store_errmsg(st));
out:
	sodium_memzero(hex, sizeof hex);
	return rc;
}

/* Replace the identity key in a transaction of its own. */
int
store_set_identity_key(struct store *st, const unsigned char key[IDENT_KEYLEN],
    const char *source, char *err, size_t errlen)
{
	char have[32];

	/* Nothing to write (and no lock to take) when the key is the one in use. */
	if (sodium_memcmp(key, st->idkey, IDENT_KEYLEN) == 0 &&
	    (strcmp(source, "district") != 0 ||
	    (store_identity_source(st, have, sizeof have) == 0 && strcmp(have, source) == 0)))
		return st_identity_replace(st, key, source, err, errlen);
	if (st_begin(st) != 0) {
		snprintf(err, errlen, _("the database is busy: %s"), store_errmsg(st));
		return -1;
	}
	if (st_identity_replace(st, key, source, err, errlen) != 0) {
		st_rollback(st);
		return -1;
	}
	if (st_commit(st) != 0) {
		snprintf(err, errlen, _("cannot replace the identity key: %s"), store_errmsg(st));
		st_rollback(st);
		return -1;
	}
	memcpy(st->idkey, key, IDENT_KEYLEN);
	return 0;
}
