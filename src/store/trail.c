/*
 * A record's custody (store/trail.h): a supervisor's transfer to another
 * office, and the record's history.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "core/hlc.h"
#include "store/account.h"
#include "store/row.h"
#include "store/store.h"
#include "store/trail.h"
#include "wire/stamps.h"

/* The reasons a transfer gives (db/codes/transfer_reason.tsv). */
#define TRANSFER_REASONS	"transfer_reason"

int
store_transfer(struct store *st, enum kind_id kind, const char *id, const char *to,
    const char *reason, char *err, size_t errlen)
{
	const struct kind *k = kind_get(kind);
	const struct kind_column *col = kind_office(k);
	struct fields have = FIELDS_INIT, moved = FIELDS_INIT, sent = FIELDS_INIT;
	char live[IDENT_LEN + 1], name[128];
	const char *from;
	uint64_t hlc;
	int rc = -1;

	if (col == NULL) {
		snprintf(err, errlen, _("records of this kind belong to no office"));
		return -1;
	}
	if (reason == NULL || codes_valid(st, TRANSFER_REASONS, reason) != 1) {
		snprintf(err, errlen, _("a transfer needs a reason of the %s list"), TRANSFER_REASONS);
		return -1;
	}
	if (to == NULL || office_name(st, to, name, sizeof name) != 0) {
		snprintf(err, errlen, _("there is no office %s"), to != NULL ? to : "");
		return -1;
	}
	if (st_begin(st) != 0) {
		snprintf(err, errlen, _("the database is busy: %s"), store_errmsg(st));
		return -1;
	}
	if (row_resolve(st, k, id, live) != 1 || row_load(st, k, 0, live, &have) != 1) {
		snprintf(err, errlen, _("the record was not found"));
		goto out;
	}
	from = fields_str(&have, col->name);
	if (strcmp(from, to) == 0) {
		snprintf(err, errlen, _("the record already belongs to office %s"), to);
		goto out;
	}
	if (st_may(st, k, AUTHORITY_TRANSFER, from, to, err, errlen) != 0)
		goto out;
	/* Here the office changes; the district hears of a transfer, which its rules judge. */
	hlc = st_hlc_next(st);
	fields_set(&moved, col->name, to);
	fields_set(&sent, "office", to);
	fields_set(&sent, "reason", reason);
	if (row_write(st, k, live, &moved, hlc) != 0 ||
	    st_outbox_append(st, k, live, "transfer", &sent, hlc) != 0 ||
	    st_audit(st, k->name, live, "transfer") != 0 || st_commit(st) != 0) {
		snprintf(err, errlen, _("cannot save the record: %s"), store_errmsg(st));
		goto out;
	}
	rc = 0;
out:
	if (rc != 0)
		st_rollback(st);
	fields_free(&have);
	fields_free(&moved);
	fields_free(&sent);
	return rc;
}

int
store_transfer_offices(struct store *st, const char *office, struct code_hit *out, size_t max,
    size_t *n)
{
	sqlite3_stmt *stmt;
	char district[32], theirs[32];
	int rc;

	*n = 0;
	if (st_office_district(st, office, district, sizeof district) != 0)
		return 0;
	stmt = st_prepare(st, "SELECT code, name FROM office ORDER BY code");
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW && *n < max) {
		const char *code = st_column_text(stmt, 0);
		struct code_hit *h = &out[*n];

		if (strcmp(code, office) == 0 ||
		    st_office_district(st, code, theirs, sizeof theirs) != 0 ||
		    strcmp(theirs, district) != 0)
			continue;
		memset(h, 0, sizeof *h);
		snprintf(h->code, sizeof h->code, "%s", code);
		snprintf(h->name_zh, sizeof h->name_zh, "%s", st_column_text(stmt, 1));
		snprintf(h->name_en, sizeof h->name_en, "%s", st_column_text(stmt, 1));
		(*n)++;
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* A stamp "hlc:terminal" into the time it names and its terminal. */
static void
trail_stamp(const char *stamp, struct trail_field *f)
{
	const char *colon = stamp != NULL ? strchr(stamp, ':') : NULL;
	uint64_t hlc;
	time_t t;
	struct tm tm;

	if (colon == NULL || sscanf(stamp, "%16" SCNx64, &hlc) != 1)
		return;
	t = (time_t)(hlc_ms(hlc) / 1000);
	if (gmtime_r(&t, &tm) != NULL)
		strftime(f->at, sizeof f->at, "%Y-%m-%dT%H:%M:%SZ", &tm);
	snprintf(f->terminal, sizeof f->terminal, "%s", colon + 1);
}

/* The record's audit at this terminal, newest first. */
static int
trail_events(struct store *st, const struct kind *k, const char *id, struct record_trail *out)
{
	sqlite3_stmt *stmt = st_prepare(st, "SELECT at, clerk, action FROM audit "
	    "WHERE tbl = ? AND record_id = ? ORDER BY id DESC LIMIT ?");
	int rc;

	st_bind_text(stmt, 1, k->name);
	st_bind_text(stmt, 2, id);
	st_bind_int(stmt, 3, TRAIL_EVENTS_MAX);
	out->events = xcalloc(TRAIL_EVENTS_MAX, sizeof *out->events);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct trail_event *e = &out->events[out->nevents++];

		snprintf(e->at, sizeof e->at, "%s", st_column_text(stmt, 0));
		snprintf(e->clerk, sizeof e->clerk, "%s", st_column_text(stmt, 1));
		snprintf(e->action, sizeof e->action, "%s", st_column_text(stmt, 2));
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

int
store_record_trail(struct store *st, enum kind_id kind, const char *id, struct record_trail *out)
{
	const struct kind *k = kind_get(kind);
	struct fields stamps = FIELDS_INIT, authors = FIELDS_INIT, life = FIELDS_INIT;
	char live[IDENT_LEN + 1];
	size_t i;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = row_resolve(st, k, id, live)) != 1)
		return rc;
	if ((rc = row_trail(st, k, live, &stamps, &authors)) != 1)
		goto done;
	if ((rc = row_load(st, k, KC_LIFE, live, &life)) != 1)
		goto done;
	/* A record without the first day (an employer, an older record) has only this one. */
	snprintf(out->registered_on, sizeof out->registered_on, "%s",
	    fields_str(&life, "registered_on"));
	snprintf(out->first_registered_on, sizeof out->first_registered_on, "%s",
	    *fields_str(&life, "first_registered_on") != '\0' ?
	    fields_str(&life, "first_registered_on") : out->registered_on);
	out->fields = xcalloc(k->ncols, sizeof *out->fields);
	for (i = 0; i < k->ncols; i++) {
		const struct kind_column *c = &k->cols[i];
		struct trail_field *f;
		const char *author;

		if (!(c->flags & KC_FORM))
			continue;
		f = &out->fields[out->nfields++];
		snprintf(f->field, sizeof f->field, "%s", c->name);
		author = wire_stamp_of(&authors, c->name);
		snprintf(f->author, sizeof f->author, "%s", author != NULL ? author : "");
		trail_stamp(wire_stamp_of(&stamps, c->name), f);
	}
	/* Seeing who changed what is a view of the record too. */
	if (trail_events(st, k, live, out) != 0 || st_audit(st, k->name, live, "history") != 0) {
		store_record_trail_free(out);
		rc = -1;
	}
done:
	fields_free(&stamps);
	fields_free(&authors);
	fields_free(&life);
	return rc;
}

void
store_record_trail_free(struct record_trail *t)
{
	free(t->fields);
	free(t->events);
	memset(t, 0, sizeof *t);
}
