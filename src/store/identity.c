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

#include "common/buf.h"
#include "common/i18n.h"
#include "common/log.h"
#include "core/kind.h"
#include "store/store-int.h"

/* Re-derive the ids of the records of a kind with a natural key into id_map(old, new). */
static int
identity_map(struct store *st, const struct kind *k, const unsigned char key[IDENT_KEYLEN])
{
	struct buf sql = BUF_INIT;
	char newid[IDENT_LEN + 1];
	sqlite3_stmt *sel, *ins;
	int rc = 0;

	buf_addf(&sql, "SELECT id, \"%s\" FROM \"%s\" WHERE \"%s\" IS NOT NULL AND \"%s\" <> ''",
	    k->natural, k->name, k->natural, k->natural);
	sel = st_prepare(st, buf_str(&sql));
	buf_free(&sql);
	ins = st_prepare(st, "INSERT INTO id_map (old, new) VALUES (?, ?)");
	while (rc == 0 && sqlite3_step(sel) == SQLITE_ROW) {
		ident_derive(key, k->name, st_column_text(sel, 1), newid);
		st_bind_text(ins, 1, st_column_text(sel, 0));
		st_bind_text(ins, 2, newid);
		rc = sqlite3_step(ins) == SQLITE_DONE ? 0 : -1;
		sqlite3_reset(ins);
	}
	sqlite3_finalize(sel);
	sqlite3_finalize(ins);
	return rc;
}

/* Run one rewrite of a column through id_map; 0 or -1. */
static int
identity_rewrite(struct store *st, const char *tbl, const char *col)
{
	struct buf sql = BUF_INIT;
	int rc;

	buf_addf(&sql, "UPDATE \"%s\" SET \"%s\" = (SELECT new FROM id_map WHERE old = \"%s\") "
	    "WHERE \"%s\" IN (SELECT old FROM id_map)", tbl, col, col, col);
	rc = st_exec(st, buf_str(&sql));
	buf_free(&sql);
	return rc;
}

/* The same for a field of the changes waiting in the outbox. */
static int
identity_rewrite_outbox(struct store *st, const char *field)
{
	struct buf sql = BUF_INIT;
	int rc;

	buf_addf(&sql, "UPDATE outbox SET fields = json_set(fields, '$.%s', (SELECT new FROM id_map "
	    "WHERE old = json_extract(fields, '$.%s'))) "
	    "WHERE json_extract(fields, '$.%s') IN (SELECT old FROM id_map)", field, field, field);
	rc = st_exec(st, buf_str(&sql));
	buf_free(&sql);
	return rc;
}

/*
 * Every derived id in the database, and every reference to one, through
 * id_map: the records' own ids, the redirects of merged records, the
 * columns that refer to a kind with derived ids (a vacancy's employer, a
 * service's seeker), the outbox entries and what they carry, the audit.
 */
static int
identity_rewrite_all(struct store *st)
{
	size_t i, j;

	for (i = 0; i < KIND_COUNT; i++) {
		const struct kind *k = kind_get((enum kind_id)i);

		if (k->natural != NULL && identity_rewrite(st, k->name, "id") != 0)
			return -1;
	}
	for (i = 0; i < KIND_COUNT; i++) {
		const struct kind *k = kind_get((enum kind_id)i);

		if (k->natural != NULL && (identity_rewrite(st, k->name, "replaced_by") != 0))
			return -1;
		for (j = 0; j < k->ncols; j++) {
			const struct kind *to = k->cols[j].refers != NULL ?
			    kind_find(k->cols[j].refers) : NULL;

			/* In the rows, and in what the outbox carries to the server. */
			if (to != NULL && to->natural != NULL &&
			    (identity_rewrite(st, k->name, k->cols[j].name) != 0 ||
			    identity_rewrite_outbox(st, k->cols[j].name) != 0))
				return -1;
		}
	}
	if (identity_rewrite(st, "outbox", "row_id") != 0 ||
	    identity_rewrite_outbox(st, "replaced_by") != 0)
		return -1;
	return identity_rewrite(st, "audit", "record_id");
}

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
	for (i = 0; i < KIND_COUNT; i++)
		if (kind_get((enum kind_id)i)->natural != NULL &&
		    identity_map(st, kind_get((enum kind_id)i), key) != 0)
			goto fail_map;
	if (identity_rewrite_all(st) != 0)
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
