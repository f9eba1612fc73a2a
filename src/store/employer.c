/* Employers and their vacancies in the local database. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/log.h"
#include "common/xalloc.h"
#include "core/check.h"
#include "core/lifecycle.h"
#include "store/employer.h"
#include "store/row.h"

static const char *const employer_insert_columns[] = {
	"uscc", "name", "type", "industry", "district", "address", "contact", "phone",
	"hard_to_recruit", "status", "office", "created_by", "registered_on", "hlc", NULL
};
static const char *const employer_all_columns[] = {
	"uscc", "name", "type", "industry", "district", "address", "contact", "phone",
	"hard_to_recruit", "status", "withdraw_reason", "office", "created_by", "registered_on",
	NULL
};
static const char *const employer_status_columns[] = { "status", "withdraw_reason", NULL };

static const char *const vacancy_insert_columns[] = {
	"employer_id", "occupation", "title", "headcount", "wage_min", "wage_max", "education",
	"age_min", "age_max", "district", "hours", "description", "valid_until", "status",
	"office", "created_by", "registered_on", "hlc", NULL
};
static const char *const vacancy_all_columns[] = {
	"employer_id", "occupation", "title", "headcount", "wage_min", "wage_max", "education",
	"age_min", "age_max", "district", "hours", "description", "valid_until", "status",
	"withdraw_reason", "office", "created_by", "registered_on", NULL
};
static const char *const vacancy_status_columns[] = { "status", "withdraw_reason", NULL };

/* Find an employer by USCC. */
int
employer_find_uscc(struct store *st, const char *uscc, char id[IDENT_LEN + 1])
{
	static const char *const cols[] = { "uscc", NULL };

	return row_find(st, "employer", cols, &uscc, id);
}

/* Whether an employer with this id exists. */
static int
employer_exists(struct store *st, const char *id)
{
	static const char *const cols[] = { "id", NULL };
	char found[IDENT_LEN + 1];

	return row_find(st, "employer", cols, &id, found) == 1;
}

/*
 * Create or update a row of an aggregate in one transaction, with its
 * outbox entry, its audit record and (for a new record) its service event.
 */
static int
aggregate_save(struct store *st, const char *tbl, const char *const *cols,
    const char *const *insert_cols, const char *rid, int must_exist, struct fields *extra,
    const struct fields *f, const char *service, char *err, size_t errlen)
{
	struct fields have = FIELDS_INIT, changed = FIELDS_INIT, all = FIELDS_INIT;
	char today[11];
	int found, rc = -1;

	found = row_load(st, tbl, cols, rid, &have);
	if (found < 0 || (found == 0 && must_exist)) {
		snprintf(err, errlen, found < 0 ? _("cannot read the record: %s") :
		    _("the record was not found"), store_errmsg(st));
		goto out;
	}
	if (found == 0) {
		uint64_t hlc = st_hlc_next(st);

		date_format(store_today(), today);
		fields_copy(&all, f);
		if (extra != NULL) {
			size_t i;

			for (i = 0; i < extra->n; i++)
				fields_set(&all, extra->keys[i], extra->values[i]);
		}
		fields_set(&all, "office", store_office(st));
		fields_set(&all, "created_by", store_actor(st));
		fields_set(&all, "registered_on", today);
		if (row_create(st, tbl, insert_cols, rid, &all, hlc) != 0 ||
		    st_service_event(st, service,  NULL,
			strcmp(tbl, "employer") == 0 ? rid : fields_get(&all, "employer_id"),
			strcmp(tbl, "vacancy") == 0 ? rid : NULL, 1, "", hlc) != 0 ||
		    st_audit(st, tbl, rid, "create") != 0)
			goto dberr;
		rc = 0;
		goto out;
	}
	row_diff(&have, f, cols, &changed);
	if (changed.n == 0) {
		rc = 1;
		goto out;
	}
	if (row_apply_update(st, tbl, cols, rid, &changed, st_hlc_next(st)) != 0 ||
	    st_audit(st, tbl, rid, "update") != 0)
		goto dberr;
	rc = 0;
	goto out;
dberr:
	snprintf(err, errlen, _("cannot save the record: %s"), store_errmsg(st));
out:
	fields_free(&have);
	fields_free(&changed);
	fields_free(&all);
	return rc;
}

/* Finish a save transaction: commit on 0, roll back otherwise. */
static int
aggregate_finish(struct store *st, int rc, const char *rid, char out_id[IDENT_LEN + 1],
    char *err, size_t errlen)
{
	if (rc == 0 && st_commit(st) != 0) {
		snprintf(err, errlen, _("cannot save the record: %s"), store_errmsg(st));
		rc = -1;
	}
	if (rc != 0)
		st_rollback(st);
	if (rc >= 0)
		snprintf(out_id, IDENT_LEN + 1, "%s", rid);
	return rc;
}

/* Register or change an employer; without upsert a known USCC writes nothing and gives 2. */
static int
employer_write(struct store *st, const char *id, const struct fields *f, int upsert,
    char out_id[IDENT_LEN + 1], char *err, size_t errlen)
{
	struct fields extra = FIELDS_INIT;
	char rid[IDENT_LEN + 1];
	const char *uscc = fields_str(f, "uscc");
	int rc;

	if (*fields_str(f, "name") == '\0' || (id == NULL && *uscc == '\0')) {
		snprintf(err, errlen, _("an employer needs a name and a USCC"));
		return -1;
	}
	if (st_begin(st) != 0) {
		snprintf(err, errlen, _("the database is busy: %s"), store_errmsg(st));
		return -1;
	}
	if (id != NULL) {
		struct fields have = FIELDS_INIT;
		static const char *const uscc_col[] = { "uscc", NULL };
		int changed;

		/* A record merged away is written through to the one it became. */
		if ((rc = row_resolve(st, "employer", id, rid)) != 1) {
			snprintf(err, errlen, rc < 0 ? _("cannot read the record: %s") :
			    _("the record was not found"), store_errmsg(st));
			st_rollback(st);
			return -1;
		}
		/* The id derives from the USCC: a correction is a merge, not an edit. */
		changed = row_load(st, "employer", uscc_col, rid, &have) == 1 && *uscc != '\0' &&
		    strcmp(fields_str(&have, "uscc"), uscc) != 0;
		fields_free(&have);
		if (changed) {
			snprintf(err, errlen, _("the USCC of a registered employer cannot be changed; "
			    "a supervisor merges the two records"));
			st_rollback(st);
			return -1;
		}
	} else if (employer_find_uscc(st, uscc, rid) == 1) {
		if (!upsert) {
			st_rollback(st);
			snprintf(out_id, IDENT_LEN + 1, "%s", rid);
			snprintf(err, errlen, _("USCC %s is already registered"), uscc);
			return 2;
		}
	} else {
		store_employer_id(st, uscc, rid);
		/* That id can be an employer whose USCC was corrected since: another one. */
		if (employer_exists(st, rid))
			store_new_id(rid);
	}
	if (*uscc != '\0') {
		char other[IDENT_LEN + 1];

		if (employer_find_uscc(st, uscc, other) == 1 && strcmp(other, rid) != 0) {
			snprintf(err, errlen, _("USCC %s belongs to another employer"), uscc);
			st_rollback(st);
			return -1;
		}
	}
	fields_set(&extra, "status", "active");
	rc = aggregate_save(st, "employer", employer_columns, employer_insert_columns, rid,
	    id != NULL, &extra, f, "employer_registration", err, errlen);
	fields_free(&extra);
	return aggregate_finish(st, rc, rid, out_id, err, errlen);
}

/* Register or change an employer; a USCC already there changes that record. */
int
employer_save(struct store *st, const char *id, const struct fields *f,
    char out_id[IDENT_LEN + 1], char *err, size_t errlen)
{
	return employer_write(st, id, f, 1, out_id, err, errlen);
}

/* Register a new employer: 0, 2 if the USCC is registered (out_id is that one), -1. */
int
employer_register(struct store *st, const struct fields *f, char out_id[IDENT_LEN + 1],
    char *err, size_t errlen)
{
	return employer_write(st, NULL, f, 0, out_id, err, errlen);
}

/* The live record an employer id stands for now. */
int
employer_resolve(struct store *st, const char *id, char out[IDENT_LEN + 1])
{
	return row_resolve(st, "employer", id, out);
}

/* Opens the live record of tbl that id stands for, audited; "id" in out names it. */
static int
aggregate_open(struct store *st, const char *tbl, const char *const *cols, const char *id,
    struct fields *out)
{
	char live[IDENT_LEN + 1];
	int rc = row_resolve(st, tbl, id, live);

	if (rc != 1)
		return rc;
	if ((rc = row_open(st, tbl, cols, live, out)) == 1)
		fields_set(out, "id", live);
	return rc;
}

/* Load a whole employer record (following a merge), audited. */
int
employer_open(struct store *st, const char *id, struct fields *out)
{
	return aggregate_open(st, "employer", employer_all_columns, id, out);
}

/* Search employers by USCC prefix or name part. */
int
employer_search(struct store *st, const char *query, struct employer_hit *hits, size_t max,
    size_t *n)
{
	sqlite3_stmt *stmt = st_prepare(st,
	    "SELECT e.id, e.uscc, e.name, e.district, e.status, "
	    "(SELECT count(*) FROM vacancy v WHERE v.status = 'open' AND v.deleted = 0 AND "
	    "(v.employer_id = e.id OR v.employer_id IN "
	    "(SELECT m.id FROM employer m WHERE m.replaced_by = e.id))) "
	    "FROM employer e WHERE e.deleted = 0 AND ((e.uscc >= upper(?1) AND "
	    "e.uscc < upper(?1) || 'Z') OR instr(e.name, ?1) > 0) ORDER BY e.name LIMIT ?2");

	*n = 0;
	st_bind_text(stmt, 1, query);
	st_bind_int(stmt, 2, (int64_t)max);
	while (*n < max && sqlite3_step(stmt) == SQLITE_ROW) {
		struct employer_hit *h = &hits[(*n)++];

		snprintf(h->id, sizeof h->id, "%s", st_column_text(stmt, 0));
		snprintf(h->uscc, sizeof h->uscc, "%s", st_column_text(stmt, 1));
		snprintf(h->name, sizeof h->name, "%s", st_column_text(stmt, 2));
		snprintf(h->district, sizeof h->district, "%s", st_column_text(stmt, 3));
		snprintf(h->status, sizeof h->status, "%s", st_column_text(stmt, 4));
		h->open_vacancies = (long)sqlite3_column_int64(stmt, 5);
	}
	sqlite3_finalize(stmt);
	return 0;
}

/* Change an open record's status columns, audited; inside a transaction. */
static int
status_change(struct store *st, const char *tbl, const char *const *cols, const char *id,
    const char *status, const char *reason, const char *action, char *err, size_t errlen)
{
	struct fields have = FIELDS_INIT, change = FIELDS_INIT;
	char live[IDENT_LEN + 1];
	int rc = -1;

	/* A record merged away: the change is the survivor's. */
	if (row_resolve(st, tbl, id, live) != 1 || row_load(st, tbl, cols, live, &have) != 1) {
		snprintf(err, errlen, _("the record was not found"));
		goto out;
	}
	id = live;
	if (strcmp(fields_str(&have, "status"), "open") != 0 &&
	    strcmp(fields_str(&have, "status"), "active") != 0) {
		snprintf(err, errlen, _("the record is already closed (%s)"),
		    fields_str(&have, "status"));
		goto out;
	}
	fields_set(&change, "status", status);
	fields_set(&change, "withdraw_reason", reason != NULL ? reason : "");
	if (row_apply_update(st, tbl, cols, id, &change, st_hlc_next(st)) != 0 ||
	    st_audit(st, tbl, id, action) != 0) {
		snprintf(err, errlen, _("cannot save the record: %s"), store_errmsg(st));
		goto out;
	}
	rc = 0;
out:
	fields_free(&have);
	fields_free(&change);
	return rc;
}

/* Change a record's status in a transaction of its own. */
static int
aggregate_set_status(struct store *st, const char *tbl, const char *const *cols, const char *id,
    const char *status, const char *reason, const char *action, char *err, size_t errlen)
{
	if (st_begin(st) != 0) {
		snprintf(err, errlen, _("the database is busy: %s"), store_errmsg(st));
		return -1;
	}
	if (status_change(st, tbl, cols, id, status, reason, action, err, errlen) != 0) {
		st_rollback(st);
		return -1;
	}
	if (st_commit(st) != 0) {
		snprintf(err, errlen, _("cannot save the record: %s"), store_errmsg(st));
		st_rollback(st);
		return -1;
	}
	return 0;
}

/*
 * Withdraw an employer's registration, and with it every vacancy still
 * open (reason "cancelled"), in one transaction.
 */
int
employer_withdraw(struct store *st, const char *id, const char *reason, char *err, size_t errlen)
{
	sqlite3_stmt *stmt;
	char **open = NULL, live[IDENT_LEN + 1];
	size_t n = 0, i;
	int rc = -1;

	if (reason_check(st, "employer_withdraw_reason", reason, err, errlen) != 0)
		return -1;
	if (st_begin(st) != 0) {
		snprintf(err, errlen, _("the database is busy: %s"), store_errmsg(st));
		return -1;
	}
	if (employer_resolve(st, id, live) != 1) {
		snprintf(err, errlen, _("the record was not found"));
		goto out;
	}
	if (status_change(st, "employer", employer_status_columns, live, "withdrawn", reason,
	    "withdraw", err, errlen) != 0)
		goto out;
	/* Its vacancies, and those of the records merged into it. */
	stmt = st_prepare(st, "SELECT id FROM vacancy WHERE status = 'open' AND deleted = 0 AND "
	    "(employer_id = ?1 OR employer_id IN (SELECT id FROM employer WHERE replaced_by = ?1))");
	st_bind_text(stmt, 1, live);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		open = xreallocarray(open, n + 1, sizeof *open);
		open[n++] = xstrdup(st_column_text(stmt, 0));
	}
	sqlite3_finalize(stmt);
	for (i = 0; i < n; i++)
		if (status_change(st, "vacancy", vacancy_status_columns, open[i], "withdrawn",
		    "employer_withdrawn", "withdraw", err, errlen) != 0)
			goto out;
	if (st_commit(st) != 0) {
		snprintf(err, errlen, _("cannot save the record: %s"), store_errmsg(st));
		goto out;
	}
	rc = 0;
out:
	if (rc != 0)
		st_rollback(st);
	for (i = 0; i < n; i++)
		free(open[i]);
	free(open);
	return rc;
}

/* An open vacancy of this employer with the same title, occupation and validity. */
static int
vacancy_find_same(struct store *st, const char *employer_id, const struct fields *f,
    char id[IDENT_LEN + 1])
{
	static const char *const cols[] = {
		"employer_id", "title", "occupation", "district", "valid_until", "status", "deleted",
		NULL
	};
	const char *values[] = {
		employer_id, fields_str(f, "title"), fields_str(f, "occupation"),
		fields_str(f, "district"), fields_str(f, "valid_until"), "open", "0"
	};

	return row_find(st, "vacancy", cols, values, id) == 1;
}

/*
 * Register or change a vacancy; with upsert, a new one matching an open
 * vacancy of the employer (vacancy_find_same) changes that one instead.
 */
static int
vacancy_write(struct store *st, const char *id, const char *employer_id, const struct fields *f,
    int upsert, char out_id[IDENT_LEN + 1], char *err, size_t errlen)
{
	struct fields extra = FIELDS_INIT;
	char rid[IDENT_LEN + 1], eid[IDENT_LEN + 1], emp[IDENT_LEN + 1];
	int rc;

	if (st_begin(st) != 0) {
		snprintf(err, errlen, _("the database is busy: %s"), store_errmsg(st));
		return -1;
	}
	/* An employer merged away: the vacancy is the survivor's. */
	if (employer_resolve(st, employer_id, emp) == 1)
		employer_id = emp;
	{
		sqlite3_stmt *stmt = st_prepare(st, "SELECT status FROM employer WHERE id = ? "
		    "AND deleted = 0");

		st_bind_text(stmt, 1, employer_id);
		rc = sqlite3_step(stmt);
		if (rc != SQLITE_ROW || strcmp(st_column_text(stmt, 0), "active") != 0) {
			snprintf(err, errlen, rc == SQLITE_ROW ?
			    _("the employer's registration is withdrawn") :
			    _("the employer is not registered"));
			sqlite3_finalize(stmt);
			st_rollback(st);
			return -1;
		}
		sqlite3_finalize(stmt);
	}
	snprintf(eid, sizeof eid, "%s", employer_id);
	if (id != NULL) {
		if ((rc = row_resolve(st, "vacancy", id, rid)) != 1) {
			snprintf(err, errlen, rc < 0 ? _("cannot read the record: %s") :
			    _("the record was not found"), store_errmsg(st));
			st_rollback(st);
			return -1;
		}
	} else if (!upsert || vacancy_find_same(st, eid, f, rid) != 1)
		store_new_id(rid);
	fields_set(&extra, "employer_id", eid);
	fields_set(&extra, "status", "open");
	rc = aggregate_save(st, "vacancy", vacancy_columns, vacancy_insert_columns, rid,
	    id != NULL, &extra, f, "vacancy_registration", err, errlen);
	fields_free(&extra);
	return aggregate_finish(st, rc, rid, out_id, err, errlen);
}

/* Register or change a vacancy; an import's repeated row changes the open one it matches. */
int
vacancy_save(struct store *st, const char *id, const char *employer_id, const struct fields *f,
    char out_id[IDENT_LEN + 1], char *err, size_t errlen)
{
	return vacancy_write(st, id, employer_id, f, 1, out_id, err, errlen);
}

/* Register a new vacancy from the window: always a record of its own. */
int
vacancy_register(struct store *st, const char *employer_id, const struct fields *f,
    char out_id[IDENT_LEN + 1], char *err, size_t errlen)
{
	return vacancy_write(st, NULL, employer_id, f, 0, out_id, err, errlen);
}

/* The live record a vacancy id stands for now. */
int
vacancy_resolve(struct store *st, const char *id, char out[IDENT_LEN + 1])
{
	return row_resolve(st, "vacancy", id, out);
}

/* Load a whole vacancy (following a redirect), audited. */
int
vacancy_open(struct store *st, const char *id, struct fields *out)
{
	return aggregate_open(st, "vacancy", vacancy_all_columns, id, out);
}

/* An employer's vacancies, open ones first. */
int
vacancy_list(struct store *st, const char *employer_id, struct vacancy_hit *hits, size_t max,
    size_t *n)
{
	/* The employer's own vacancies and those of every record merged into it. */
	sqlite3_stmt *stmt = st_prepare(st,
	    "WITH RECURSIVE alias(id, depth) AS (SELECT ?1, 0 UNION "
	    "SELECT e.id, a.depth + 1 FROM employer e JOIN alias a ON e.replaced_by = a.id "
	    "WHERE a.depth < ?3) "
	    "SELECT id, title, occupation, headcount, wage_min, wage_max, valid_until, status "
	    "FROM vacancy WHERE employer_id IN (SELECT id FROM alias) AND deleted = 0 "
	    "ORDER BY status <> 'open', valid_until DESC LIMIT ?2");
	char today[11], live[IDENT_LEN + 1];

	*n = 0;
	date_format(store_today(), today);
	if (employer_resolve(st, employer_id, live) == 1)
		employer_id = live;
	st_bind_text(stmt, 1, employer_id);
	st_bind_int(stmt, 2, (int64_t)max);
	st_bind_int(stmt, 3, ROW_REDIRECT_MAX);
	while (*n < max && sqlite3_step(stmt) == SQLITE_ROW) {
		struct vacancy_hit *h = &hits[(*n)++];

		snprintf(h->id, sizeof h->id, "%s", st_column_text(stmt, 0));
		snprintf(h->title, sizeof h->title, "%s", st_column_text(stmt, 1));
		snprintf(h->occupation, sizeof h->occupation, "%s", st_column_text(stmt, 2));
		snprintf(h->headcount, sizeof h->headcount, "%s", st_column_text(stmt, 3));
		snprintf(h->wage_min, sizeof h->wage_min, "%s", st_column_text(stmt, 4));
		snprintf(h->wage_max, sizeof h->wage_max, "%s", st_column_text(stmt, 5));
		snprintf(h->valid_until, sizeof h->valid_until, "%s", st_column_text(stmt, 6));
		snprintf(h->status, sizeof h->status, "%s",
		    lifecycle_status(st_column_text(stmt, 7), h->valid_until, store_today()));
	}
	sqlite3_finalize(stmt);
	return 0;
}

/* Close or withdraw a vacancy. */
int
vacancy_set_status(struct store *st, const char *id, const char *status, const char *reason,
    char *err, size_t errlen)
{
	if (strcmp(status, "filled") != 0 && strcmp(status, "closed") != 0 &&
	    strcmp(status, "withdrawn") != 0)
		fatalx("bad vacancy status %s", status);
	if (strcmp(status, "withdrawn") == 0 &&
	    reason_check(st, "vacancy_withdraw_reason", reason, err, errlen) != 0)
		return -1;
	return aggregate_set_status(st, "vacancy", vacancy_status_columns, id, status, reason,
	    strcmp(status, "withdrawn") == 0 ? "withdraw" : "close", err, errlen);
}
