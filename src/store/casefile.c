/* The hardship case file in the local database: see casefile.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "core/check.h"
#include "core/idnum.h"
#include "core/retire.h"
#include "store/account.h"
#include "store/aggregate.h"
#include "store/casefile.h"
#include "store/codes.h"
#include "store/guidance.h"
#include "store/referral.h"
#include "store/report.h"
#include "store/row.h"
#include "store/service.h"
#include "store/store-int.h"

#define PLAN		(&kind_table[KIND_ASSISTANCE_PLAN])
#define CONTACT		(&kind_table[KIND_CASE_CONTACT])
#define SEEKER		(&kind_table[KIND_SEEKER])

/* The most referrals and sessions of a person the timeline reads. */
#define CASEFILE_RECORDS_MAX	500

void
store_set_casefile_rules(struct store *st, const struct casefile_rules *r)
{
	st->casefile_rules = *r;
}

/* A stored day "YYYY-MM-DD" as YYYYMMDD, or 0 when it is none. */
static int
casefile_day(const char *s)
{
	int y, m, d;

	if (s == NULL || sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return 0;
	return date_valid(y * 10000 + m * 100 + d) ? y * 10000 + m * 100 + d : 0;
}

/* The id of seeker_id's plan: derived from the person's with the district's key. */
static void
casefile_plan_key(struct store *st, const char *seeker_id, char id[IDENT_LEN + 1])
{
	ident_derive(st->idkey, PLAN->name, seeker_id, id);
}

/* aggregate_rules' derive_id of a plan. */
static void
casefile_derive_id(struct store *st, const struct fields *f, char id[IDENT_LEN + 1])
{
	casefile_plan_key(st, fields_str(f, "seeker_id"), id);
}

int
st_casefile_refresh(struct store *st, const char *seeker_id)
{
	sqlite3_stmt *stmt, *upd;
	int last = 0, rc;

	/* The last contact that counts: results are few, the newest usually counts. */
	if ((stmt = st_stmt(st, "SELECT contacted_on, result FROM case_contact "
	    "WHERE seeker_id = ? ORDER BY contacted_on DESC")) == NULL)
		return -1;
	st_bind_text(stmt, 1, seeker_id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		if (casefile_contact_counts(st_column_text(stmt, 1))) {
			last = casefile_day(st_column_text(stmt, 0));
			rc = SQLITE_DONE;
			break;
		}
	st_stmt_done(st, stmt);
	if (rc != SQLITE_DONE)
		return -1;
	if ((stmt = st_prepare(st, "SELECT id, status, deleted, registered_on, "
	    "step_1, step_1_due, step_1_status, step_2, step_2_due, step_2_status, "
	    "step_3, step_3_due, step_3_status, step_4, step_4_due, step_4_status "
	    "FROM assistance_plan WHERE seeker_id = ?")) == NULL)
		return -1;
	if ((upd = st_stmt(st, "UPDATE assistance_plan SET next_due = ?, next_step = ? "
	    "WHERE id = ?")) == NULL) {
		sqlite3_finalize(stmt);
		return -1;
	}
	st_bind_text(stmt, 1, seeker_id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int steps[CASEFILE_STEPS], step = 0, due = 0, i;
		char day[11] = "";

		if (strcmp(st_column_text(stmt, 1), "open") == 0 &&
		    sqlite3_column_int(stmt, 2) == 0) {
			for (i = 0; i < CASEFILE_STEPS; i++) {
				const char *what = st_column_text(stmt, 4 + 3 * i);
				const char *status = st_column_text(stmt, 6 + 3 * i);

				steps[i] = *what != '\0' && (*status == '\0' ||
				    strcmp(status, "open") == 0) ?
				    casefile_day(st_column_text(stmt, 5 + 3 * i)) : 0;
			}
			due = casefile_next_due(casefile_next_contact(&st->casefile_rules,
			    casefile_day(st_column_text(stmt, 3)), last), steps, CASEFILE_STEPS,
			    &step);
		}
		if (due > 0)
			date_format(due, day);
		st_bind_text(upd, 1, day);
		st_bind_int(upd, 2, step);
		st_bind_text(upd, 3, st_column_text(stmt, 0));
		if (sqlite3_step(upd) != SQLITE_DONE) {
			sqlite3_reset(upd);
			break;
		}
		sqlite3_reset(upd);
	}
	st_stmt_done(st, upd);
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* aggregate_rules' written of a plan or a contact: what is due moves. */
static int
casefile_written(struct store *st, const char *id, const struct fields *old,
    const struct fields *now)
{
	(void)id;
	(void)old;
	return st_casefile_refresh(st, fields_str(now, "seeker_id"));
}

int
casefile_eligible(struct store *st, const char *seeker_id, char *err, size_t errlen)
{
	struct fields s = FIELDS_INIT, p = FIELDS_INIT;
	int rc, plan;

	if ((rc = row_load(st, SEEKER, 0, seeker_id, &s)) != 1) {
		snprintf(err, errlen, "%s", rc < 0 ? store_errmsg(st) :
		    _("the job seeker is not registered"));
		fields_free(&s);
		return rc < 0 ? -1 : 0;
	}
	if ((plan = casefile_plan(st, seeker_id, &p)) < 0) {
		snprintf(err, errlen, "%s", store_errmsg(st));
		rc = -1;
	} else if (plan == 1 && strcmp(fields_str(&p, "status"), "open") == 0)
		rc = 1;
	else if (*fields_str(&s, "hardship") != '\0')
		rc = 1;
	else if (plan == 1) {
		snprintf(err, errlen, _("left hardship status on %s: the case file is closed"),
		    fields_str(&p, "left_on"));
		rc = 0;
	} else {
		snprintf(err, errlen, "%s", _("a case file is for a person recognised as hard to "
		    "employ (就业困难人员): set the hardship field of the record first"));
		rc = 0;
	}
	fields_free(&s);
	fields_free(&p);
	return rc;
}

/* A plan's "say": the one refusal a derived id can meet. */
static void
casefile_say(enum aggregate_refusal what, const char *key, char *err, size_t errlen)
{
	(void)what;
	(void)key;
	snprintf(err, errlen, "%s", _("the case file is open already"));
}

/*
 * Outside the transaction: a step written without a status is open; a
 * status, an owner or a due day without the step's words is refused,
 * naming the step.
 */
static int
casefile_plan_prepare(struct store *st, struct fields *f, int fresh, char *err,
    size_t errlen)
{
	char key[32], skey[32], wkey[32], dkey[32];
	int i;

	(void)st;
	(void)fresh;
	for (i = 1; i <= CASEFILE_STEPS; i++) {
		snprintf(key, sizeof key, "step_%d", i);
		snprintf(skey, sizeof skey, "step_%d_status", i);
		snprintf(wkey, sizeof wkey, "step_%d_who", i);
		snprintf(dkey, sizeof dkey, "step_%d_due", i);
		if (fields_get(f, key) == NULL)
			continue;
		if (*fields_str(f, key) != '\0' && *fields_str(f, skey) == '\0')
			fields_set(f, skey, "open");
		else if (*fields_str(f, key) == '\0' && (*fields_str(f, skey) != '\0' ||
		    *fields_str(f, wkey) != '\0' || *fields_str(f, dkey) != '\0')) {
			snprintf(err, errlen, _("step %d of the plan has no words: write the step "
			    "or clear its other fields"), i);
			return -1;
		}
	}
	return 0;
}

/* Inside the transaction: the case worker and each step's owner are accounts here. */
static int
casefile_plan_check(struct store *st, struct fields *f, char *err, size_t errlen)
{
	static const char *const cols[] = { "caseworker", "step_1_who", "step_2_who",
	    "step_3_who", "step_4_who" };
	struct account acct;
	size_t i;

	for (i = 0; i < sizeof cols / sizeof cols[0]; i++) {
		const char *login = fields_get(f, cols[i]);

		if (login == NULL || *login == '\0')
			continue;
		if (account_get(st, login, &acct) != 1) {
			if (i == 0)
				snprintf(err, errlen, _("caseworker: \"%s\" is not an account"), login);
			else
				snprintf(err, errlen, _("step %zu: \"%s\" is not an account"), i,
				    login);
			return -1;
		}
	}
	return 0;
}

static const struct aggregate_rules casefile_plan_rules = {
	.kind = &kind_table[KIND_ASSISTANCE_PLAN],
	.prepare = casefile_plan_prepare,
	.check = casefile_plan_check,
	.derive_id = casefile_derive_id,
	.written = casefile_written,
	.say = casefile_say,
};

int
casefile_plan(struct store *st, const char *seeker_id, struct fields *out)
{
	char id[IDENT_LEN + 1];
	int rc;

	sqlite3_stmt *stmt;

	casefile_plan_key(st, seeker_id, id);
	if ((rc = row_load(st, PLAN, 0, id, out)) != 1)
		return rc;
	fields_set(out, "id", id);
	/* This terminal's own columns, which the kind does not describe. */
	if ((stmt = st_stmt(st, "SELECT next_due, next_step FROM assistance_plan "
	    "WHERE id = ?")) == NULL)
		return -1;
	st_bind_text(stmt, 1, id);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		fields_set(out, "next_due", st_column_text(stmt, 0));
		fields_set(out, "next_step", st_column_text(stmt, 1));
	}
	st_stmt_done(st, stmt);
	return rc == SQLITE_ROW ? 1 : -1;
}

int
casefile_open(struct store *st, const char *seeker_id, char plan_id[IDENT_LEN + 1],
    char *err, size_t errlen)
{
	struct fields f = FIELDS_INIT, have = FIELDS_INIT;
	int rc;

	casefile_plan_key(st, seeker_id, plan_id);
	if ((rc = row_exists(st, PLAN, plan_id)) != 0) {
		if (rc < 0)
			snprintf(err, errlen, _("cannot read the database: %s"), store_errmsg(st));
		return rc;
	}
	if ((rc = casefile_eligible(st, seeker_id, err, errlen)) != 1)
		return -1;
	fields_set(&f, "seeker_id", seeker_id);
	fields_set(&f, "caseworker", store_actor(st));
	rc = aggregate_save(st, &casefile_plan_rules, NULL, &f, 0, NULL, plan_id, err, errlen);
	fields_free(&f);
	fields_free(&have);
	/* Opened at another window and pulled meanwhile: open already. */
	return rc == 2 ? 1 : rc;
}

int
casefile_plan_save(struct store *st, const char *plan_id, const struct fields *in,
    struct fields *saved, char *err, size_t errlen)
{
	struct fields f = FIELDS_INIT;
	char out_id[IDENT_LEN + 1];
	size_t i;
	int rc;

	/* Only the form's fields: the lifecycle of a plan is casefile_leave's. */
	for (i = 0; i < in->n; i++) {
		const struct kind_column *c = kind_column(PLAN, in->keys[i]);

		if (c != NULL && (c->flags & KC_FORM))
			fields_set(&f, in->keys[i], in->values[i]);
	}
	if (*fields_str(&f, "caseworker") == '\0' && fields_get(&f, "caseworker") != NULL) {
		snprintf(err, errlen, "%s", _("the case file needs a caseworker"));
		fields_free(&f);
		return -1;
	}
	rc = aggregate_save(st, &casefile_plan_rules, plan_id, &f, 0, saved, out_id, err,
	    errlen);
	fields_free(&f);
	return rc;
}

/* Outside the transaction: the contact's day, way and result. */
static int
casefile_contact_prepare(struct store *st, struct fields *f, int fresh, char *err,
    size_t errlen)
{
	char msg[200], day[11];
	int on;

	(void)fresh;
	if (check_date(fields_str(f, "contacted_on"), &on, msg, sizeof msg) != 0) {
		snprintf(err, errlen, _("day of the contact: %s"), msg);
		return -1;
	}
	if (on > store_today()) {
		snprintf(err, errlen, "%s", _("the day of the contact is after today"));
		return -1;
	}
	date_format(on, day);
	fields_set(f, "contacted_on", day);
	if (codes_valid(st, "contact_way", fields_str(f, "way")) != 1) {
		snprintf(err, errlen, _("\"%s\" is not a way of contact"), fields_str(f, "way"));
		return -1;
	}
	if (codes_valid(st, "contact_result", fields_str(f, "result")) != 1) {
		snprintf(err, errlen, _("\"%s\" is not a result of a contact"),
		    fields_str(f, "result"));
		return -1;
	}
	return 0;
}

/* Inside the transaction: a contact belongs to an open case file. */
static int
casefile_contact_check(struct store *st, struct fields *f, char *err, size_t errlen)
{
	struct fields p = FIELDS_INIT;
	int rc = casefile_plan(st, fields_str(f, "seeker_id"), &p);

	if (rc == 1 && strcmp(fields_str(&p, "status"), "open") != 0) {
		snprintf(err, errlen, "%s", _("the person left hardship status: the case file "
		    "is closed"));
		rc = 0;
	} else if (rc == 0)
		snprintf(err, errlen, "%s", _("the person has no case file: open it first"));
	else if (rc < 0)
		snprintf(err, errlen, _("cannot read the database: %s"), store_errmsg(st));
	fields_free(&p);
	return rc == 1 ? 0 : -1;
}

static const struct aggregate_rules casefile_contact_rules = {
	.kind = &kind_table[KIND_CASE_CONTACT],
	.prepare = casefile_contact_prepare,
	.check = casefile_contact_check,
	.written = casefile_written,
};

int
casefile_contact(struct store *st, const char *seeker_id, const char *on, const char *way,
    const char *result, const char *note, char *err, size_t errlen)
{
	struct fields f = FIELDS_INIT;
	char id[IDENT_LEN + 1];
	int rc;

	fields_set(&f, "seeker_id", seeker_id);
	fields_set(&f, "contacted_on", on);
	fields_set(&f, "way", way);
	fields_set(&f, "result", result);
	fields_set(&f, "note", note);
	rc = aggregate_save(st, &casefile_contact_rules, NULL, &f, 0, NULL, id, err, errlen);
	fields_free(&f);
	return rc == 0 ? 0 : -1;
}

int
casefile_may_leave(struct store *st, const struct retire_rule *rule, const char *seeker_id,
    const char *reason, int employed_since, char *msg, size_t msglen)
{
	struct fields s = FIELDS_INIT;
	int rc;

	if ((rc = row_load(st, SEEKER, 0, seeker_id, &s)) != 1) {
		snprintf(msg, msglen, "%s", rc < 0 ? store_errmsg(st) :
		    _("the job seeker is not registered"));
		fields_free(&s);
		return -1;
	}
	rc = casefile_leave_allowed(&st->casefile_rules, rule, reason,
	    (int)strtol(fields_str(&s, "sex"), NULL, 10), casefile_day(fields_str(&s, "birth_date")),
	    employed_since, store_today(), msg, msglen);
	fields_free(&s);
	return rc;
}

int
casefile_leave(struct store *st, const struct retire_rule *rule, const char *seeker_id,
    const char *reason, int employed_since, char *err, size_t errlen)
{
	struct fields p = FIELDS_INIT, s = FIELDS_INIT, plan = FIELDS_INIT,
	    person = FIELDS_INIT;
	char today[11], why[300];
	int rc;

	if (codes_valid(st, "hardship_exit_reason", reason) != 1) {
		snprintf(err, errlen, _("\"%s\" is not a reason to leave hardship status"), reason);
		return -1;
	}
	if ((rc = casefile_may_leave(st, rule, seeker_id, reason, employed_since, why,
	    sizeof why)) != 1) {
		snprintf(err, errlen, "%s", why);
		return -1;
	}
	if (st_begin(st) != 0) {
		snprintf(err, errlen, _("the database is busy: %s"), store_errmsg(st));
		return -1;
	}
	rc = -1;
	if (casefile_plan(st, seeker_id, &p) != 1 || row_load(st, SEEKER, 0, seeker_id, &s) != 1) {
		snprintf(err, errlen, "%s", _("the person has no case file: open it first"));
		goto rollback;
	}
	if (strcmp(fields_str(&p, "status"), "open") != 0) {
		snprintf(err, errlen, _("the person left hardship status on %s already"),
		    fields_str(&p, "left_on"));
		goto rollback;
	}
	if (st_may(st, PLAN, AUTHORITY_EDIT, fields_str(&p, "office"), NULL, err, errlen) != 0 ||
	    st_may(st, SEEKER, AUTHORITY_EDIT, fields_str(&s, "office"), NULL, err, errlen) != 0)
		goto rollback;
	date_format(store_today(), today);
	/* The hardship kind and basis as they were stay in the case file's history. */
	fields_set(&plan, "status", "closed");
	fields_set(&plan, "left_on", today);
	fields_set(&plan, "leave_reason", reason);
	fields_set(&plan, "left_hardship", fields_str(&s, "hardship"));
	fields_set(&plan, "left_basis", fields_str(&s, "hardship_basis"));
	fields_set(&person, "hardship", "");
	fields_set(&person, "hardship_basis", "");
	if (row_apply_update(st, PLAN, fields_str(&p, "id"), &plan, st_hlc_next(st)) != 0 ||
	    row_apply_update(st, SEEKER, seeker_id, &person, st_hlc_next(st)) != 0 ||
	    st_casefile_refresh(st, seeker_id) != 0 ||
	    st_audit(st, PLAN->name, fields_str(&p, "id"), "leave") != 0 ||
	    st_audit(st, SEEKER->name, seeker_id, "update") != 0 || st_commit(st) != 0) {
		snprintf(err, errlen, _("cannot save the record: %s"), store_errmsg(st));
		goto rollback;
	}
	rc = 0;
	goto out;
rollback:
	st_rollback(st);
out:
	fields_free(&p);
	fields_free(&s);
	fields_free(&plan);
	fields_free(&person);
	return rc;
}

/* A new line at the end of t. */
static struct casefile_line *
casefile_line_add(struct casefile_timeline *t, size_t *cap, enum casefile_what what,
    const char *day)
{
	struct casefile_line *l;

	if (t->n == *cap) {
		*cap = *cap > 0 ? 2 * *cap : 64;
		t->lines = xreallocarray(t->lines, *cap, sizeof *t->lines);
	}
	l = &t->lines[t->n++];
	memset(l, 0, sizeof *l);
	l->what = what;
	snprintf(l->day, sizeof l->day, "%s", day);
	snprintf(l->at, sizeof l->at, "%s", day);
	return l;
}

/* A stored UTC stamp's local day into day ("" when it cannot be read). */
static void
casefile_stamp_day(const char *stamp, char day[11])
{
	struct tm tm;
	time_t t;

	memset(&tm, 0, sizeof tm);
	*day = '\0';
	if (strptime(stamp, "%Y-%m-%dT%H:%M:%SZ", &tm) == NULL)
		return;
	t = timegm(&tm);
	localtime_r(&t, &tm);
	strftime(day, 11, "%Y-%m-%d", &tm);
}

/* Newest first: by day, then by the stamp within a day. */
static int
casefile_line_cmp(const void *a, const void *b)
{
	const struct casefile_line *x = a, *y = b;
	int c = strcmp(y->day, x->day);

	return c != 0 ? c : strcmp(y->at, x->at);
}

/* The service a line of the timeline gave the person, or NULL for none of its own. */
static const char *
casefile_line_service(const struct casefile_line *l)
{
	switch (l->what) {
	case CASEFILE_REFERRAL:
		return kind_table[KIND_REFERRAL].service;
	case CASEFILE_GUIDANCE:
		return kind_table[KIND_GUIDANCE].service;
	case CASEFILE_CONTACT:
		return kind_table[KIND_CASE_CONTACT].service;
	default:
		return NULL;
	}
}

/* Order of service ids for bsearch. */
static int
casefile_id_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

/*
 * The services of the person that no line of t stands for: a referral's,
 * a session's, a contact's service is that record's line (found by the id
 * the record gives it); any other, an interest inventory's guidance
 * among them, is a line of its own.
 */
static int
casefile_services(struct store *st, const char *seeker_id, size_t max,
    struct casefile_timeline *t, size_t *cap)
{
	struct service_list l;
	char (*have)[IDENT_LEN + 1] = xcalloc(t->n + 1, sizeof *have);
	size_t i, nhave = 0, n = t->n;

	for (i = 0; i < n; i++) {
		const char *type = casefile_line_service(&t->lines[i]);

		if (type != NULL)
			st_service_id(st, type, seeker_id, t->lines[i].id, have[nhave++]);
	}
	qsort(have, nhave, sizeof *have, casefile_id_cmp);
	if (service_timeline(st, KIND_SEEKER, seeker_id, max, &l) != 0) {
		free(have);
		return -1;
	}
	for (i = 0; i < l.n; i++) {
		struct casefile_line *c;
		char day[11];

		if (bsearch(l.rows[i].id, have, nhave, sizeof *have, casefile_id_cmp) != NULL)
			continue;
		casefile_stamp_day(l.rows[i].at, day);
		c = casefile_line_add(t, cap, CASEFILE_SERVICE, day);
		snprintf(c->at, sizeof c->at, "%s", l.rows[i].at);
		snprintf(c->code, sizeof c->code, "%s", l.rows[i].type);
		snprintf(c->code2, sizeof c->code2, "%s", l.rows[i].basis);
		snprintf(c->who, sizeof c->who, "%s", l.rows[i].clerk);
	}
	service_list_free(&l);
	free(have);
	return 0;
}

/* The person's referrals, with their outcomes, and guidance sessions. */
static int
casefile_records(struct store *st, const char *seeker_id, struct casefile_timeline *t,
    size_t *cap)
{
	struct referral_hit *r = xcalloc(CASEFILE_RECORDS_MAX, sizeof *r);
	struct guidance_hit *g = xcalloc(CASEFILE_RECORDS_MAX, sizeof *g);
	size_t i, n = 0;
	int rc = -1;

	if (referral_list(st, REFERRAL_OF_SEEKER, seeker_id, 0, r, CASEFILE_RECORDS_MAX,
	    &n) != 0)
		goto out;
	for (i = 0; i < n; i++) {
		struct casefile_line *c = casefile_line_add(t, cap, CASEFILE_REFERRAL,
		    r[i].registered_on);

		snprintf(c->id, sizeof c->id, "%s", r[i].id);
		snprintf(c->code, sizeof c->code, "%s", r[i].status);
		snprintf(c->code2, sizeof c->code2, "%s", r[i].outcome_on);
		snprintf(c->text, sizeof c->text, "%s - %s", r[i].vacancy_title,
		    r[i].employer_name);
	}
	if (guidance_list(st, seeker_id, g, CASEFILE_RECORDS_MAX, &n) != 0)
		goto out;
	for (i = 0; i < n; i++) {
		struct casefile_line *c = casefile_line_add(t, cap, CASEFILE_GUIDANCE,
		    g[i].held_on);

		snprintf(c->id, sizeof c->id, "%s", g[i].id);
		snprintf(c->code, sizeof c->code, "%s", g[i].kind);
		snprintf(c->who, sizeof c->who, "%s", g[i].counsellor);
	}
	rc = 0;
out:
	free(r);
	free(g);
	return rc;
}

int
casefile_timeline(struct store *st, const char *seeker_id, size_t max,
    struct casefile_timeline *t)
{
	struct fields s = FIELDS_INIT, p = FIELDS_INIT;
	sqlite3_stmt *stmt = NULL;
	size_t cap = 0;
	int rc = -1, plan;
	const char *first;

	memset(t, 0, sizeof *t);
	if (row_load(st, SEEKER, 0, seeker_id, &s) != 1 ||
	    (plan = casefile_plan(st, seeker_id, &p)) < 0)
		goto out;
	snprintf(t->hardship, sizeof t->hardship, "%s", fields_str(&s, "hardship"));
	first = fields_str(&s, "first_registered_on");
	if (*first == '\0')
		first = fields_str(&s, "registered_on");
	if (*first != '\0')
		casefile_line_add(t, &cap, CASEFILE_FIRST_REGISTERED, first);
	if (plan == 1) {
		struct casefile_line *c = casefile_line_add(t, &cap, CASEFILE_OPENED,
		    fields_str(&p, "registered_on"));

		snprintf(c->who, sizeof c->who, "%s", fields_str(&p, "created_by"));
		if (strcmp(fields_str(&p, "status"), "closed") == 0) {
			c = casefile_line_add(t, &cap, CASEFILE_LEFT, fields_str(&p, "left_on"));
			snprintf(c->code, sizeof c->code, "%s", fields_str(&p, "leave_reason"));
			snprintf(c->code2, sizeof c->code2, "%s", fields_str(&p, "left_hardship"));
			snprintf(c->text, sizeof c->text, "%s", fields_str(&p, "left_basis"));
			/* The last line of the file: after anything else of its day. */
			snprintf(c->at, sizeof c->at, "%s~", fields_str(&p, "left_on"));
		}
	}
	if (casefile_records(st, seeker_id, t, &cap) != 0)
		goto out;
	if ((stmt = st_prepare(st, "SELECT id, contacted_on, way, result, note, created_by, "
	    "registered_on FROM case_contact WHERE seeker_id = ? ORDER BY contacted_on DESC "
	    "LIMIT ?")) == NULL)
		goto out;
	st_bind_text(stmt, 1, seeker_id);
	st_bind_int(stmt, 2, (int64_t)max);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct casefile_line *c = casefile_line_add(t, &cap, CASEFILE_CONTACT,
		    st_column_text(stmt, 1));

		snprintf(c->id, sizeof c->id, "%s", st_column_text(stmt, 0));
		snprintf(c->code, sizeof c->code, "%s", st_column_text(stmt, 2));
		snprintf(c->code2, sizeof c->code2, "%s", st_column_text(stmt, 3));
		snprintf(c->text, sizeof c->text, "%s", st_column_text(stmt, 4));
		snprintf(c->who, sizeof c->who, "%s", st_column_text(stmt, 5));
	}
	if (rc != SQLITE_DONE) {
		rc = -1;
		goto out;
	}
	/* Last: the services the records read above stand for are theirs. */
	if ((rc = casefile_services(st, seeker_id, max, t, &cap)) != 0)
		goto out;
	if (t->n > 1)	/* an empty timeline has no array, which qsort may not take */
		qsort(t->lines, t->n, sizeof *t->lines, casefile_line_cmp);
	if (t->n > max)
		t->n = max;
	/* The notes of the contacts are personal: every view of them is audited. */
	rc = st_audit(st, SEEKER->name, seeker_id, "casefile");
out:
	if (stmt != NULL)
		sqlite3_finalize(stmt);
	if (rc != 0)
		casefile_timeline_free(t);
	fields_free(&s);
	fields_free(&p);
	return rc;
}

void
casefile_timeline_free(struct casefile_timeline *t)
{
	free(t->lines);
	memset(t, 0, sizeof *t);
}

/*
 * The office's list. A person's office decides: the office and the
 * offices under it, as a report counts them (report_scope). The persons
 * without a case file are read from the index of the seekers in hardship
 * status (seeker_hardship), which answers every term here but the row's
 * name and number: a plan, open or closed, is what "a case file" means,
 * as for casefile_open. A merged-away person is deleted.
 */
#define CASEFILE_DUE_OFFICE \
	"SELECT p.seeker_id, s.name, s.id_number, p.next_due AS due, p.next_step, " \
	"p.caseworker, 0 FROM assistance_plan p JOIN seeker s ON s.id = p.seeker_id " \
	"WHERE p.next_due <> '' AND p.deleted = 0 AND p.next_due <= ?1 AND " \
	"s.office IN (SELECT office FROM temp.report_scope) " \
	"UNION ALL " \
	"SELECT s.id, s.name, s.id_number, s.registered_on, 0, '', 1 FROM seeker s " \
	"WHERE s.hardship <> '' AND s.deleted = 0 AND " \
	"s.office IN (SELECT office FROM temp.report_scope) AND " \
	"s.registered_on <= ?1 AND NOT EXISTS (SELECT 1 FROM " \
	"assistance_plan p WHERE p.seeker_id = s.id) " \
	"ORDER BY 4, 2 LIMIT ?2"

/* A clerk's own list: the plans they are in charge of or have a step of. */
#define CASEFILE_DUE_CLERK \
	"SELECT p.seeker_id, s.name, s.id_number, p.next_due, p.next_step, p.caseworker, 0 " \
	"FROM assistance_plan p JOIN seeker s ON s.id = p.seeker_id " \
	"WHERE p.next_due <> '' AND p.deleted = 0 AND p.next_due <= ?1 AND " \
	"(p.caseworker = ?3 OR p.step_1_who = ?3 OR p.step_2_who = ?3 OR " \
	"p.step_3_who = ?3 OR p.step_4_who = ?3) " \
	"ORDER BY p.next_due, s.name LIMIT ?2"

int
casefile_due_list(struct store *st, const char *clerk, const char *office, int today,
    struct casefile_due *hits, size_t max, size_t *n)
{
	sqlite3_stmt *stmt;
	char day[11], err[256];
	int rc;

	*n = 0;
	date_format(today, day);
	/*
	 * The due day is kept on the plan (st_casefile_refresh), so the list
	 * reads the partial index of due days and never the contacts.
	 */
	if (clerk == NULL && report_scope(st, office, err, sizeof err) != 0)
		return -1;
	if ((stmt = st_prepare(st, clerk == NULL ? CASEFILE_DUE_OFFICE :
	    CASEFILE_DUE_CLERK)) == NULL)
		return -1;
	st_bind_text(stmt, 1, day);
	st_bind_int(stmt, 2, (int64_t)max);
	if (clerk != NULL)
		st_bind_text(stmt, 3, clerk);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct casefile_due *h = &hits[(*n)++];
		const char *idn = st_column_text(stmt, 2);

		snprintf(h->seeker_id, sizeof h->seeker_id, "%s", st_column_text(stmt, 0));
		snprintf(h->name, sizeof h->name, "%s", st_column_text(stmt, 1));
		if (*idn != '\0')
			idnum_mask(idn, h->id_masked, sizeof h->id_masked);
		else
			*h->id_masked = '\0';
		snprintf(h->due, sizeof h->due, "%s", st_column_text(stmt, 3));
		h->step = sqlite3_column_int(stmt, 4);
		snprintf(h->caseworker, sizeof h->caseworker, "%s", st_column_text(stmt, 5));
		h->nofile = sqlite3_column_int(stmt, 6);
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}
