/*
 * The one path of every record kind's writes and views: see aggregate.h.
 */
#include <stdio.h>
#include <string.h>

#include "common/i18n.h"
#include "common/log.h"
#include "core/check.h"
#include "store/aggregate.h"
#include "store/row.h"

/* The database's failure to read, in err; -1. */
static int
aggregate_read_failed(struct store *st, char *err, size_t errlen)
{
	snprintf(err, errlen, _("cannot read the record: %s"), store_errmsg(st));
	return -1;
}

/* The database's failure to write, in err; -1. */
static int
aggregate_save_failed(struct store *st, char *err, size_t errlen)
{
	snprintf(err, errlen, _("cannot save the record: %s"), store_errmsg(st));
	return -1;
}

/* The database's lock not taken, in err; -1. */
static int
aggregate_busy(struct store *st, char *err, size_t errlen)
{
	snprintf(err, errlen, _("the database is busy: %s"), store_errmsg(st));
	return -1;
}

/* The office a record belongs to, as its fields say ("" for none). */
static const char *
aggregate_office(const struct kind *k, const struct fields *record)
{
	const struct kind_column *c = kind_office(k);

	return c != NULL ? fields_str(record, c->name) : "";
}

/*
 * The id a new record (no id given) is written under: the record holding
 * its natural key, else the id derived from that key, else (an import's
 * repeated row) the record it is the same as, else a new id. *found: a
 * record is there under it.
 */
static int
aggregate_locate(struct store *st, const struct aggregate_rules *r, const struct fields *f,
    int upsert, char rid[IDENT_LEN + 1], int *found)
{
	const struct kind *k = r->kind;
	const char *nat = k->natural != NULL ? fields_get(f, k->natural) : NULL;
	int rc;

	*found = 0;
	if (nat != NULL && *nat != '\0') {
		if ((rc = row_find_natural(st, k, nat, rid)) != 0) {
			*found = rc == 1;
			return rc < 0 ? -1 : 0;
		}
		store_natural_id(st, k, nat, rid);
		/* That id can be a record whose key was corrected since: someone else. */
		if ((rc = row_exists(st, k, rid)) < 0)
			return -1;
		if (rc == 1)
			store_new_id(rid);
		return 0;
	}
	if (r->derive_id != NULL) {
		r->derive_id(st, f, rid);
		if ((rc = row_exists(st, k, rid)) < 0)
			return -1;
		*found = rc == 1;
		return 0;
	}
	if (upsert && r->find_same != NULL && r->find_same(st, f, rid) == 1) {
		*found = 1;
		return 0;
	}
	store_new_id(rid);
	return 0;
}

/*
 * Write a new record: the fields given, to which the kind's lifecycle
 * fields are added (first status, today, the office, who), its service
 * event and audit.
 */
static int
aggregate_insert(struct store *st, const struct aggregate_rules *r, const char *rid,
    struct fields *all)
{
	const struct kind *k = r->kind;
	char today[11];
	uint64_t hlc = st_hlc_next(st);

	date_format(store_today(), today);
	if (k->nstatuses > 0)
		fields_set(all, "status", kind_initial_status(k));
	fields_set(all, "registered_on", today);
	fields_set(all, "office", store_office(st));
	fields_set(all, "created_by", store_actor(st));
	if (r->fill_new != NULL)
		r->fill_new(st, all);
	if (row_create(st, k, rid, all, hlc) != 0 ||
	    (r->written != NULL && r->written(st, rid, NULL, all) != 0) ||
	    (k->service != NULL && aggregate_service(st, k, k->service, rid, all, hlc) != 0) ||
	    (k->service_employer != NULL &&
	    aggregate_service(st, k, k->service_employer, rid, all, hlc) != 0) ||
	    st_audit(st, k->name, rid, "create") != 0)
		return -1;
	return 0;
}

/* Write the fields of f that differ from the record (have): 0 written, 1 none differ, -1. */
static int
aggregate_update(struct store *st, const struct aggregate_rules *r, const char *rid,
    const struct fields *have, const struct fields *f)
{
	const struct kind *k = r->kind;
	struct fields changed = FIELDS_INIT, now = FIELDS_INIT;
	int rc = -1;

	row_diff(have, f, k, KC_FORM, &changed);
	if (changed.n == 0) {
		rc = 1;
		goto out;
	}
	fields_copy(&now, have);
	fields_merge(&now, &changed);
	if (row_apply_update(st, k, rid, &changed, st_hlc_next(st)) != 0 ||
	    (r->written != NULL && r->written(st, rid, have, &now) != 0) ||
	    st_audit(st, k->name, rid, "update") != 0)
		goto out;
	rc = 0;
out:
	fields_free(&changed);
	fields_free(&now);
	return rc;
}

int
aggregate_save(struct store *st, const struct aggregate_rules *r, const char *id,
    const struct fields *in, int upsert, struct fields *saved, char out_id[IDENT_LEN + 1],
    char *err, size_t errlen)
{
	const struct kind *k = r->kind;
	struct fields f = FIELDS_INIT, have = FIELDS_INIT;
	char rid[IDENT_LEN + 1], other[IDENT_LEN + 1];
	const char *nat, *had;
	int rc = -1, found;

	fields_copy(&f, in);
	if (r->prepare != NULL && r->prepare(st, &f, id == NULL, err, errlen) != 0)
		goto out;
	if (st_begin(st) != 0) {
		aggregate_busy(st, err, errlen);
		goto out;
	}
	if (r->check != NULL && r->check(st, &f, err, errlen) != 0)
		goto rollback;
	if (id != NULL) {
		/* A record merged away is written through to the one it became. */
		if ((found = row_resolve(st, k, id, rid)) != 1) {
			if (found < 0)
				aggregate_read_failed(st, err, errlen);
			else
				snprintf(err, errlen, _("the record was not found"));
			goto rollback;
		}
	} else if (aggregate_locate(st, r, &f, upsert, rid, &found) != 0) {
		aggregate_read_failed(st, err, errlen);
		goto rollback;
	}
	nat = k->natural != NULL ? fields_get(&f, k->natural) : NULL;
	if (id == NULL && found && !upsert) {
		snprintf(out_id, IDENT_LEN + 1, "%s", rid);
		r->say(AGGREGATE_REGISTERED, nat, err, errlen);
		rc = 2;
		goto rollback;
	}
	/* One person, one record: the district's, even when it is not held here. */
	if (id == NULL && !found && nat != NULL && *nat != '\0' && r->elsewhere != NULL &&
	    (rc = r->elsewhere(st, nat, other, err, errlen)) != 0) {
		if (rc < 0)
			aggregate_read_failed(st, err, errlen);
		else {
			snprintf(out_id, IDENT_LEN + 1, "%s", other);
			rc = 3;
		}
		goto rollback;
	}
	/* A new record's id is one no row holds: nothing to read. */
	if (found && (found = row_load(st, k, KC_FORM | KC_LIFE, rid, &have)) < 0) {
		aggregate_read_failed(st, err, errlen);
		goto rollback;
	}
	if (found == 0 && id != NULL) {
		snprintf(err, errlen, _("the record was not found"));
		goto rollback;
	}
	if (found == 1 && nat != NULL && *nat != '\0') {
		/* The id derives from the natural key: a correction is a merge, not an edit. */
		had = fields_str(&have, k->natural);
		if (*had != '\0' && strcmp(had, nat) != 0) {
			r->say(AGGREGATE_KEY_FIXED, nat, err, errlen);
			goto rollback;
		}
		if (row_find_natural(st, k, nat, other) == 1 && strcmp(other, rid) != 0) {
			r->say(AGGREGATE_KEY_TAKEN, nat, err, errlen);
			goto rollback;
		}
	}
	/* The rules the server applies, checked before anything is written. */
	if (st_may(st, k, found ? AUTHORITY_EDIT : AUTHORITY_CREATE, found ?
	    aggregate_office(k, &have) : store_office(st), NULL, err, errlen) != 0)
		goto rollback;
	/* A new record's lifecycle fields go into f, the caller's copy of in. */
	rc = found ? aggregate_update(st, r, rid, &have, &f) :
	    aggregate_insert(st, r, rid, &f);
	if (rc < 0) {
		aggregate_save_failed(st, err, errlen);
		goto rollback;
	}
	if (rc == 1) {
		st_rollback(st);
		if (saved != NULL)
			fields_copy(saved, &have);
	} else {
		if (saved != NULL)
			fields_free(saved);
		if (saved != NULL && row_load(st, k, KC_FORM | KC_LIFE, rid, saved) != 1) {
			rc = aggregate_save_failed(st, err, errlen);
			goto rollback;
		}
		if (st_commit(st) != 0) {
			rc = aggregate_save_failed(st, err, errlen);
			goto rollback;
		}
		log_info("%s %s %s", k->name, rid, found ? "updated" : "registered");
	}
	if (saved != NULL)
		fields_set(saved, "id", rid);
	snprintf(out_id, IDENT_LEN + 1, "%s", rid);
	goto out;
rollback:
	st_rollback(st);
out:
	fields_free(&f);
	fields_free(&have);
	return rc;
}

int
aggregate_open(struct store *st, const struct kind *k, const char *id, struct fields *out)
{
	char live[IDENT_LEN + 1];
	int rc = row_resolve(st, k, id, live);

	if (rc != 1)
		return rc;
	if ((rc = row_open(st, k, live, out)) == 1)
		fields_set(out, "id", live);
	return rc;
}

int
aggregate_status(struct store *st, const struct kind *k, const char *id, const char *status,
    const char *reason, const char *action, char *err, size_t errlen)
{
	struct fields have = FIELDS_INIT, change = FIELDS_INIT;
	char live[IDENT_LEN + 1];
	const char *now;
	int rc = -1;

	/* A record merged away: the change is the survivor's. */
	if (row_resolve(st, k, id, live) != 1 || row_load(st, k, KC_LIFE, live, &have) != 1) {
		snprintf(err, errlen, _("the record was not found"));
		goto out;
	}
	now = fields_str(&have, "status");
	if (strcmp(now, kind_initial_status(k)) != 0) {
		snprintf(err, errlen, _("the record is already closed (%s)"), now);
		goto out;
	}
	if (st_may(st, k, AUTHORITY_EDIT, aggregate_office(k, &have), NULL, err, errlen) != 0)
		goto out;
	fields_set(&change, "status", status);
	fields_set(&change, "withdraw_reason", reason != NULL ? reason : "");
	/* A vacancy counts in supply and demand up to the day it closed (store/report-supply.c). */
	if (kind_column(k, "closed_on") != NULL) {
		char today[11];

		date_format(store_today(), today);
		fields_set(&change, "closed_on", today);
	}
	if (row_apply_update(st, k, live, &change, st_hlc_next(st)) != 0 ||
	    st_audit(st, k->name, live, action) != 0) {
		aggregate_save_failed(st, err, errlen);
		goto out;
	}
	rc = 0;
out:
	fields_free(&have);
	fields_free(&change);
	return rc;
}

int
aggregate_set_status(struct store *st, const struct kind *k, const char *id,
    const char *status, const char *reason, const char *action, char *err, size_t errlen)
{
	if (st_begin(st) != 0)
		return aggregate_busy(st, err, errlen);
	if (aggregate_status(st, k, id, status, reason, action, err, errlen) != 0) {
		st_rollback(st);
		return -1;
	}
	if (st_commit(st) != 0) {
		aggregate_save_failed(st, err, errlen);
		st_rollback(st);
		return -1;
	}
	return 0;
}

int
aggregate_service(struct store *st, const struct kind *k, const char *service, const char *id,
    const struct fields *record, uint64_t hlc)
{
	const struct service_type *t = service_type_find(service);
	struct fields about = FIELDS_INIT;
	char own[64], today[11];
	size_t i;
	int rc;

	/* Given on the record itself, and on the records it refers to (a vacancy's employer). */
	snprintf(own, sizeof own, "%s_id", k->name);
	fields_set(&about, own, id);
	for (i = 0; i < k->ncols; i++)
		if (k->cols[i].refers != NULL && fields_get(record, k->cols[i].name) != NULL)
			fields_set(&about, k->cols[i].name, fields_str(record, k->cols[i].name));
	/*
	 * Once: a registration of the record on its day (two windows that
	 * register one person offline give one), a service that comes with
	 * another record (a referral's) with that record.
	 */
	date_format(store_today(), today);
	rc = st_service_event(st, service, &about,
	    t != NULL && strcmp(own, t->subject == SERVICE_SEEKER ? "seeker_id" :
	    "employer_id") == 0 ? today : id, hlc);
	fields_free(&about);
	return rc < 0 ? -1 : 0;
}
