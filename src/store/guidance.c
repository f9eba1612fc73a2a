/* Career guidance sessions in the local database: see guidance.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "core/authority.h"
#include "core/check.h"
#include "core/kind.h"
#include "store/account.h"
#include "store/aggregate.h"
#include "store/guidance.h"
#include "store/row.h"
#include "store/store.h"

#define GUIDANCE	(&kind_table[KIND_GUIDANCE])
#define SEEKER		(&kind_table[KIND_SEEKER])

int
guidance_may_record(struct store *st, char *err, size_t errlen)
{
	struct account acct;

	if (account_get(st, store_actor(st), &acct) != 1) {
		snprintf(err, errlen, "%s", _("only a counsellor's account may record a guidance "
		    "session; log in first"));
		return -1;
	}
	return authority_graded(&kind_table[KIND_GUIDANCE], acct.login, acct.guidance_grade, err,
	    errlen);
}

/*
 * Outside the transaction: a step written without a status is open; a
 * status without a step, a session held after today, or a next
 * appointment before the session are refused with the field named.
 */
static int
guidance_prepare(struct store *st, struct fields *f, int fresh, char *err, size_t errlen)
{
	char key[32], skey[32], today[11];
	const char *held = fields_get(f, "held_on"), *next = fields_get(f, "next_appointment");
	int i;

	(void)st;
	(void)fresh;
	for (i = 1; i <= GUIDANCE_STEPS; i++) {
		snprintf(key, sizeof key, "step_%d", i);
		snprintf(skey, sizeof skey, "step_%d_status", i);
		if (fields_get(f, key) == NULL && fields_get(f, skey) == NULL)
			continue;
		if (*fields_str(f, key) != '\0' && *fields_str(f, skey) == '\0')
			fields_set(f, skey, "open");
		else if (*fields_str(f, key) == '\0' && *fields_str(f, skey) != '\0') {
			snprintf(err, errlen, _("step %d of the plan has a status but no words: "
			    "write the step or clear its status"), i);
			return -1;
		}
	}
	date_format(store_today(), today);
	/* Canonical dates (the form's) compare as text. */
	if (held != NULL && strcmp(held, today) > 0) {
		snprintf(err, errlen, _("the session date %s is after today; record a session "
		    "once it is held"), held);
		return -1;
	}
	if (held != NULL && next != NULL && *next != '\0' && strcmp(next, held) < 0) {
		snprintf(err, errlen, _("the next appointment %s is before the session (%s)"), next,
		    held);
		return -1;
	}
	return 0;
}

/*
 * Inside the transaction: the counsellor's grade, and the seeker of a new
 * session, registered (the service it gives is decided on what the seeker
 * is, by st_service_event). A change of a session needs the grade too:
 * its notes are a counsellor's.
 */
static int
guidance_check(struct store *st, struct fields *f, char *err, size_t errlen)
{
	struct fields s = FIELDS_INIT;
	const char *seeker = fields_get(f, "seeker_id");

	if (guidance_may_record(st, err, errlen) != 0)
		return -1;
	if (seeker == NULL)
		return 0;
	if (row_load(st, SEEKER, 0, seeker, &s) != 1 || strcmp(fields_str(&s, "status"), "") == 0) {
		fields_free(&s);
		snprintf(err, errlen, "%s", _("the job seeker is not registered"));
		return -1;
	}
	fields_free(&s);
	return 0;
}

static const struct aggregate_rules guidance_rules = {
	.kind = &kind_table[KIND_GUIDANCE],
	.prepare = guidance_prepare,
	.check = guidance_check,
};

int
guidance_record(struct store *st, const char *const *seeker_ids, size_t n,
    const struct fields *in, char first_id[IDENT_LEN + 1], char *err, size_t errlen)
{
	struct fields f = FIELDS_INIT;
	char workshop[IDENT_LEN + 1] = "", live[IDENT_LEN + 1], id[IDENT_LEN + 1];
	size_t i, j;
	int rc = -1;

	if (n == 0) {
		snprintf(err, errlen, "%s", _("a session needs a job seeker"));
		return -1;
	}
	if (n > GUIDANCE_MAX_GROUP) {
		snprintf(err, errlen, _("a group workshop has at most %d participants"),
		    GUIDANCE_MAX_GROUP);
		return -1;
	}
	if (n > 1 && strcmp(fields_str(in, "kind"), GUIDANCE_WORKSHOP) != 0) {
		snprintf(err, errlen, "%s", _("a session with several participants is a group "
		    "workshop: choose that kind, or leave one participant"));
		return -1;
	}
	for (i = 0; i < n; i++)
		for (j = 0; j < i; j++)
			if (strcmp(seeker_ids[i], seeker_ids[j]) == 0) {
				snprintf(err, errlen, "%s", _("a participant is listed twice"));
				return -1;
			}
	/* Refused early, before the batch, with the reason a counsellor reads. */
	if (guidance_may_record(st, err, errlen) != 0)
		return -1;
	if (strcmp(fields_str(in, "kind"), GUIDANCE_WORKSHOP) == 0)
		store_new_id(workshop);
	if (store_batch_begin(st) != 0) {
		snprintf(err, errlen, _("the database is busy: %s"), store_errmsg(st));
		return -1;
	}
	for (i = 0; i < n; i++) {
		fields_copy(&f, in);
		fields_set(&f, "seeker_id", row_resolve(st, SEEKER, seeker_ids[i], live) == 1 ?
		    live : seeker_ids[i]);
		fields_set(&f, "workshop", workshop);
		rc = aggregate_save(st, &guidance_rules, NULL, &f, 0, NULL, id, err, errlen);
		fields_free(&f);
		if (rc != 0) {
			store_batch_end(st, STORE_BATCH_ROLLBACK);
			return -1;
		}
		if (i == 0)
			snprintf(first_id, IDENT_LEN + 1, "%s", id);
	}
	if (store_batch_end(st, STORE_BATCH_LAST) != 0) {
		snprintf(err, errlen, _("cannot save the record: %s"), store_errmsg(st));
		return -1;
	}
	return 0;
}

int
guidance_save(struct store *st, const char *id, const struct fields *in, struct fields *saved,
    char *err, size_t errlen)
{
	struct fields f = FIELDS_INIT;
	char out[IDENT_LEN + 1];
	size_t i;
	int rc;

	/* Only the form's fields change: who, with whom and when it was recorded stay. */
	for (i = 0; i < in->n; i++) {
		const struct kind_column *c = kind_column(GUIDANCE, in->keys[i]);

		if (c != NULL && (c->flags & KC_FORM))
			fields_set(&f, in->keys[i], in->values[i]);
	}
	rc = aggregate_save(st, &guidance_rules, id, &f, 0, saved, out, err, errlen);
	fields_free(&f);
	return rc < 0 ? -1 : rc;
}

int
guidance_open(struct store *st, const char *id, struct fields *out)
{
	return aggregate_open(st, GUIDANCE, id, out);
}

int
guidance_list(struct store *st, const char *seeker_id, struct guidance_hit *hits, size_t max,
    size_t *n)
{
	/* The steps counted in SQL: the words of a step never leave the database here. */
	sqlite3_stmt *stmt = st_prepare(st, "SELECT g.id, g.held_on, g.kind, g.created_by, "
	    "g.next_appointment, "
	    "(g.step_1 <> '') + (g.step_2 <> '') + (g.step_3 <> '') + (g.step_4 <> ''), "
	    "(g.step_1_status = 'open') + (g.step_2_status = 'open') + "
	    "(g.step_3_status = 'open') + (g.step_4_status = 'open'), "
	    "CASE WHEN g.workshop = '' THEN 1 ELSE (SELECT count(*) FROM guidance w "
	    "WHERE w.workshop = g.workshop AND w.deleted = 0) END "
	    "FROM guidance g WHERE g.seeker_id = ? AND g.deleted = 0 "
	    "ORDER BY g.held_on DESC, g.rid DESC");
	int rc;

	*n = 0;
	if (stmt == NULL)
		return -1;
	st_bind_text(stmt, 1, seeker_id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW && *n < max) {
		struct guidance_hit *h = &hits[(*n)++];

		snprintf(h->id, sizeof h->id, "%s", st_column_text(stmt, 0));
		snprintf(h->held_on, sizeof h->held_on, "%s", st_column_text(stmt, 1));
		snprintf(h->kind, sizeof h->kind, "%s", st_column_text(stmt, 2));
		snprintf(h->counsellor, sizeof h->counsellor, "%s", st_column_text(stmt, 3));
		snprintf(h->next_appointment, sizeof h->next_appointment, "%s",
		    st_column_text(stmt, 4));
		h->steps = sqlite3_column_int(stmt, 5);
		h->steps_open = sqlite3_column_int(stmt, 6);
		h->participants = sqlite3_column_int(stmt, 7);
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

long
guidance_participants(struct store *st, const char *workshop, const char *sep, char *out,
    size_t outlen)
{
	sqlite3_stmt *stmt = st_prepare(st, "SELECT s.name FROM guidance g JOIN seeker s "
	    "ON s.id = g.seeker_id WHERE g.workshop = ? AND g.deleted = 0 ORDER BY g.rid");
	size_t used = 0;
	long count = 0;
	int rc, full = 0;

	if (outlen > 0)
		out[0] = '\0';
	if (stmt == NULL)
		return -1;
	st_bind_text(stmt, 1, workshop);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *name = st_column_text(stmt, 0);
		size_t need = strlen(name) + (count > 0 ? strlen(sep) : 0);

		count++;
		if (full)
			continue;
		/* Room kept for "..." when a later name does not fit. */
		if (used + need + 4 > outlen) {
			if (used + 4 <= outlen)
				snprintf(out + used, outlen - used, "...");
			full = 1;
			continue;
		}
		used += (size_t)snprintf(out + used, outlen - used, "%s%s", count > 1 ? sep : "",
		    name);
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? count : -1;
}
