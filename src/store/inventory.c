/* Interest inventories in the local database: see inventory.h. */
#include <stdio.h>
#include <string.h>

#include "common/i18n.h"
#include "common/log.h"
#include "core/check.h"
#include "core/kind.h"
#include "store/account.h"
#include "store/aggregate.h"
#include "store/inventory.h"
#include "store/row.h"
#include "store/seeker.h"

#define INVENTORY	(&kind_table[KIND_INVENTORY])
#define SEEKER		(&kind_table[KIND_SEEKER])

/* The desired occupations of a seeker, in the order they are filled. */
static const char *const inventory_desired[] = {
	"desired_occupation", "desired_occupation_2", "desired_occupation_3",
};

int
inventory_may_give(struct store *st, char *err, size_t errlen)
{
	struct account acct;

	if (account_get(st, store_actor(st), &acct) != 1) {
		snprintf(err, errlen, "%s", _("only a counsellor's account may give an inventory; "
		    "log in first"));
		return -1;
	}
	/* One rule for every counsellor's record, the server's too (KF_GRADED). */
	return authority_graded(&kind_table[KIND_INVENTORY], acct.login, acct.guidance_grade,
	    err, errlen);
}

/* Copy a stored inventory's fields into rec. */
static void
inventory_fill(const struct fields *f, struct inventory_rec *rec)
{
	memset(rec, 0, sizeof *rec);
	snprintf(rec->id, sizeof rec->id, "%s", fields_str(f, "id"));
	snprintf(rec->seeker_id, sizeof rec->seeker_id, "%s", fields_str(f, "seeker_id"));
	snprintf(rec->instrument, sizeof rec->instrument, "%s", fields_str(f, "instrument"));
	snprintf(rec->answers, sizeof rec->answers, "%s", fields_str(f, "answers"));
	snprintf(rec->status, sizeof rec->status, "%s", fields_str(f, "status"));
	snprintf(rec->scores, sizeof rec->scores, "%s", fields_str(f, "scores"));
	snprintf(rec->code, sizeof rec->code, "%s", fields_str(f, "code"));
	snprintf(rec->done_on, sizeof rec->done_on, "%s", fields_str(f, "done_on"));
	snprintf(rec->created_by, sizeof rec->created_by, "%s", fields_str(f, "created_by"));
	snprintf(rec->registered_on, sizeof rec->registered_on, "%s",
	    fields_str(f, "registered_on"));
}

int
inventory_find(struct store *st, const char *seeker_id, const char *instrument, int done,
    struct inventory_rec *rec)
{
	sqlite3_stmt *stmt;
	struct fields f = FIELDS_INIT;
	char live[IDENT_LEN + 1], id[IDENT_LEN + 1] = "";
	int rc;

	/* A seeker merged away: the inventories are the survivor's (re-keyed at the merge). */
	if (row_resolve(st, SEEKER, seeker_id, live) == 1)
		seeker_id = live;
	stmt = st_prepare(st, "SELECT id FROM inventory WHERE seeker_id = ?1 AND deleted = 0 "
	    "AND ((status = 'in_progress' AND instrument = ?2) OR (?3 AND status = 'done')) "
	    "ORDER BY status = 'in_progress' DESC, done_on DESC, rid DESC LIMIT 1");
	st_bind_text(stmt, 1, seeker_id);
	st_bind_text(stmt, 2, instrument);
	st_bind_int(stmt, 3, done);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		snprintf(id, sizeof id, "%s", st_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? 0 : -1;
	if ((rc = aggregate_open(st, INVENTORY, id, &f)) == 1)
		inventory_fill(&f, rec);
	fields_free(&f);
	return rc;
}

/* Inside the transaction: the counsellor's grade and the seeker. */
static int
inventory_check(struct store *st, struct fields *f, char *err, size_t errlen)
{
	if (inventory_may_give(st, err, errlen) != 0)
		return -1;
	if (row_exists(st, SEEKER, fields_str(f, "seeker_id")) != 1) {
		snprintf(err, errlen, "%s", _("the job seeker is not registered"));
		return -1;
	}
	return 0;
}

static const struct aggregate_rules inventory_rules = {
	.kind = &kind_table[KIND_INVENTORY],
	.check = inventory_check,
};

int
inventory_begin(struct store *st, const char *seeker_id, const char *instrument,
    size_t nitems, struct inventory_rec *rec, char *err, size_t errlen)
{
	struct fields in = FIELDS_INIT, saved = FIELDS_INIT;
	char live[IDENT_LEN + 1], id[IDENT_LEN + 1], answers[256];
	int rc;

	if (nitems >= sizeof answers)
		nitems = sizeof answers - 1;
	memset(answers, '-', nitems);
	answers[nitems] = '\0';
	if (row_resolve(st, SEEKER, seeker_id, live) == 1)
		seeker_id = live;
	fields_set(&in, "seeker_id", seeker_id);
	fields_set(&in, "instrument", instrument);
	fields_set(&in, "answers", answers);
	rc = aggregate_save(st, &inventory_rules, NULL, &in, 0, &saved, id, err, errlen);
	if (rc == 0)
		inventory_fill(&saved, rec);
	fields_free(&in);
	fields_free(&saved);
	return rc == 0 ? 0 : -1;
}

/*
 * Inside a transaction: the inventory id, in progress, into have; 0, or
 * -1 with err.
 */
static int
inventory_open_progress(struct store *st, const char *id, struct fields *have, char *err,
    size_t errlen)
{
	if (row_load(st, INVENTORY, KC_LIFE, id, have) != 1) {
		snprintf(err, errlen, "%s", _("the inventory was not found"));
		return -1;
	}
	if (strcmp(fields_str(have, "status"), "in_progress") != 0) {
		snprintf(err, errlen, "%s", _("the inventory is done already"));
		return -1;
	}
	return inventory_may_give(st, err, errlen);
}

int
inventory_save_answers(struct store *st, const char *id, const char *answers, char *err,
    size_t errlen)
{
	struct fields have = FIELDS_INIT, change = FIELDS_INIT;
	int rc = -1;

	if (st_begin(st) != 0) {
		snprintf(err, errlen, _("the database is busy: %s"), store_errmsg(st));
		goto out;
	}
	if (inventory_open_progress(st, id, &have, err, errlen) != 0)
		goto rollback;
	if (strcmp(fields_str(&have, "answers"), answers) == 0) {
		rc = 1;
		goto rollback;
	}
	fields_set(&change, "answers", answers);
	if (row_apply_update(st, INVENTORY, id, &change, st_hlc_next(st)) != 0 ||
	    st_audit(st, INVENTORY->name, id, "answer") != 0 || st_commit(st) != 0) {
		snprintf(err, errlen, _("cannot save the record: %s"), store_errmsg(st));
		goto rollback;
	}
	rc = 0;
	goto out;
rollback:
	st_rollback(st);
out:
	fields_free(&have);
	fields_free(&change);
	return rc;
}

int
inventory_finish(struct store *st, const char *id, const char *answers, const char *scores,
    const char *code, char *err, size_t errlen)
{
	struct fields have = FIELDS_INIT, change = FIELDS_INIT, about = FIELDS_INIT;
	char today[11];
	uint64_t hlc;
	int rc = -1;

	date_format(store_today(), today);
	if (st_begin(st) != 0) {
		snprintf(err, errlen, _("the database is busy: %s"), store_errmsg(st));
		goto out;
	}
	if (inventory_open_progress(st, id, &have, err, errlen) != 0)
		goto rollback;
	fields_set(&change, "answers", answers);
	fields_set(&change, "status", "done");
	fields_set(&change, "scores", scores);
	fields_set(&change, "code", code);
	fields_set(&change, "done_on", today);
	/* One guidance service per inventory, decided by the office's rules on the seeker. */
	fields_set(&about, "seeker_id", fields_str(&have, "seeker_id"));
	hlc = st_hlc_next(st);
	if (row_apply_update(st, INVENTORY, id, &change, hlc) != 0 ||
	    st_service_event(st, "guidance", &about, id, hlc) < 0 ||
	    st_audit(st, INVENTORY->name, id, "finish") != 0 || st_commit(st) != 0)
		goto failed;
	log_info("inventory %s done", id);
	rc = 0;
	goto out;
failed:
	snprintf(err, errlen, _("cannot save the record: %s"), store_errmsg(st));
rollback:
	st_rollback(st);
out:
	fields_free(&have);
	fields_free(&change);
	fields_free(&about);
	return rc;
}

int
inventory_printed(struct store *st, const char *id)
{
	return st_audit(st, INVENTORY->name, id, "print");
}

int
inventory_add_occupation(struct store *st, const char *seeker_id, const char *code, int *slot,
    char *err, size_t errlen)
{
	struct fields have = FIELDS_INIT, change = FIELDS_INIT;
	char live[IDENT_LEN + 1], out_id[IDENT_LEN + 1];
	size_t i, n = sizeof inventory_desired / sizeof inventory_desired[0];
	int rc = -1;

	*slot = 0;
	if (row_resolve(st, SEEKER, seeker_id, live) != 1 ||
	    row_load(st, SEEKER, KC_FORM, live, &have) != 1) {
		snprintf(err, errlen, "%s", _("the job seeker is not registered"));
		goto out;
	}
	for (i = 0; i < n; i++)
		if (strcmp(fields_str(&have, inventory_desired[i]), code) == 0) {
			*slot = (int)i + 1;
			rc = 1;
			goto out;
		}
	for (i = 0; i < n && *fields_str(&have, inventory_desired[i]) != '\0'; i++)
		;
	if (i == n) {
		/* TRANSLATORS: the three occupation codes the seeker wants already. */
		snprintf(err, errlen, _("the three desired occupations are set already (%s, %s, %s); "
		    "empty one on the record first"), fields_str(&have, inventory_desired[0]),
		    fields_str(&have, inventory_desired[1]), fields_str(&have, inventory_desired[2]));
		goto out;
	}
	/* The whole record: the seeker's rules read its name and ID number. */
	fields_copy(&change, &have);
	fields_set(&change, inventory_desired[i], code);
	if (seeker_save(st, live, &change, NULL, out_id, err, errlen) < 0)
		goto out;
	*slot = (int)i + 1;
	rc = 0;
out:
	fields_free(&have);
	fields_free(&change);
	return rc;
}
