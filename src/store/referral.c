/* Referrals and their outcomes in the local database: see referral.h. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "core/authority.h"
#include "core/check.h"
#include "core/kind.h"
#include "store/account.h"
#include "store/aggregate.h"
#include "store/codes.h"
#include "store/referral.h"
#include "store/row.h"

#define REFERRAL	(&kind_table[KIND_REFERRAL])
#define SEEKER		(&kind_table[KIND_SEEKER])

/*
 * Whether the seeker's registration is open and valid today: 0 with the
 * hardship (就业困难人员 category, "" for none) in hardship, or -1 with err.
 */
static int
referral_seeker_open(struct store *st, const char *seeker_id, const char *today,
    char hardship[32], char *err, size_t errlen)
{
	struct fields s = FIELDS_INIT;
	const struct kind_status *ks;
	int rc = -1;

	if (row_load(st, SEEKER, 0, seeker_id, &s) != 1 ||
	    strcmp(fields_str(&s, "status"), "") == 0) {
		snprintf(err, errlen, _("the job seeker is not registered"));
		goto out;
	}
	ks = kind_status(SEEKER, fields_str(&s, "status"));
	if (ks == NULL || ks->closed)
		snprintf(err, errlen, _("the registration is closed (%s); register again first"),
		    fields_str(&s, "status"));
	else if (strcmp(fields_str(&s, "valid_until"), today) < 0)
		snprintf(err, errlen, _("the registration expired on %s; renew it first"),
		    fields_str(&s, "valid_until"));
	else {
		snprintf(hardship, 32, "%s", fields_str(&s, "hardship"));
		rc = 0;
	}
out:
	fields_free(&s);
	return rc;
}

/*
 * Whether the vacancy takes referrals today (open, valid, places left,
 * and for a public-welfare post a person recognised as hard to employ,
 * hardship not ""): 0 with its employer's id in employer_id, or -1 with err.
 */
static int
referral_vacancy_open(struct store *st, const char *vacancy_id, const char *today,
    const char *hardship, char employer_id[IDENT_LEN + 1], char *err, size_t errlen)
{
	sqlite3_stmt *stmt = st_prepare(st, "SELECT status, valid_until, headcount, employer_id, "
	    "hired, public_welfare FROM vacancy WHERE id = ? AND deleted = 0");
	long headcount, hired;
	char *end;
	int rc = -1;

	st_bind_text(stmt, 1, vacancy_id);
	if (sqlite3_step(stmt) != SQLITE_ROW)
		snprintf(err, errlen, _("the vacancy is not registered"));
	else if (strcmp(st_column_text(stmt, 0), "open") != 0)
		snprintf(err, errlen, _("the vacancy is %s, not open"), st_column_text(stmt, 0));
	else if (strcmp(st_column_text(stmt, 1), today) < 0)
		snprintf(err, errlen, _("the vacancy expired on %s"), st_column_text(stmt, 1));
	else {
		headcount = strtol(st_column_text(stmt, 2), &end, 10);
		snprintf(employer_id, IDENT_LEN + 1, "%s", st_column_text(stmt, 3));
		hired = sqlite3_column_int64(stmt, 4);
		if (hired >= headcount)
			snprintf(err, errlen, _("the vacancy's %ld places are filled"), headcount);
		else if (strcmp(st_column_text(stmt, 5), "yes") == 0 && *hardship == '\0')
			snprintf(err, errlen, "%s", _("a public-welfare post is only for people "
			    "recognised as hard to employ"));
		else
			rc = 0;
	}
	sqlite3_finalize(stmt);
	return rc;
}

/*
 * The next letter number of this terminal, taken in the caller's
 * transaction so that a referral rolled back gives its number back:
 * office, the terminal's number from enrollment (T3; before enrollment U
 * and the end of the terminal's own id, so that two terminals not yet
 * enrolled do not give the same numbers), year, and a sequence of its own
 * per year, past any number of it the database holds (a database
 * restored from an older copy does not give a number twice).
 */
static int
referral_next_number(struct store *st, int today, char number[REFERRAL_NUMBER_LEN])
{
	sqlite3_stmt *stmt;
	char key[32], value[24], prefix[REFERRAL_NUMBER_LEN], *have, *term;
	const char *id = store_terminal(st);
	long seq, held;
	size_t i;

	term = st_setting_get(st, "terminal_number");
	if (term != NULL)
		snprintf(prefix, sizeof prefix, "%s-T%s-%04d-", store_office(st), term, today / 10000);
	else
		snprintf(prefix, sizeof prefix, "%s-U%s-%04d-", store_office(st),
		    strlen(id) > 6 ? id + strlen(id) - 6 : id, today / 10000);
	free(term);
	/* Upper case, as referral_find_number reads what a clerk types from a receipt. */
	for (i = 0; prefix[i] != '\0'; i++)
		prefix[i] = (char)toupper((unsigned char)prefix[i]);
	snprintf(key, sizeof key, "referral_seq_%04d", today / 10000);
	have = st_setting_get(st, key);
	seq = have != NULL ? strtol(have, NULL, 10) + 1 : 1;
	free(have);
	/* Numbers sort as text within a prefix: the sequence has a fixed width. */
	stmt = st_prepare(st, "SELECT max(number) FROM referral WHERE number >= ?1 "
	    "AND number < ?1 || '~'");
	st_bind_text(stmt, 1, prefix);
	if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_type(stmt, 0) != SQLITE_NULL) {
		held = strtol(st_column_text(stmt, 0) + strlen(prefix), NULL, 10);
		if (held >= seq)
			seq = held + 1;
	}
	sqlite3_finalize(stmt);
	snprintf(value, sizeof value, "%ld", seq);
	if (st_setting_set(st, key, value) != 0)
		return -1;
	/* An office code too long for a number's room is a broken setting, not a number cut short. */
	if ((size_t)snprintf(number, REFERRAL_NUMBER_LEN, "%s%05ld", prefix, seq) >=
	    REFERRAL_NUMBER_LEN)
		return -1;
	return 0;
}

/*
 * An open referral of the seeker to the vacancy (awaiting its outcome, or
 * a hire): its number into number and 1, 0 none, -1.
 */
static int
referral_open_pair(struct store *st, const char *seeker_id, const char *vacancy_id,
    char number[REFERRAL_NUMBER_LEN])
{
	sqlite3_stmt *stmt = st_prepare(st, "SELECT number FROM referral WHERE seeker_id = ? "
	    "AND vacancy_id = ? AND status IN ('issued', 'hired') AND deleted = 0");
	int rc;

	st_bind_text(stmt, 1, seeker_id);
	st_bind_text(stmt, 2, vacancy_id);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		snprintf(number, REFERRAL_NUMBER_LEN, "%s", st_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/*
 * Inside the transaction: the clerk's certificate, the seeker and the
 * vacancy (its employer recorded with it), no open referral of the pair,
 * then the letter's number.
 */
static int
referral_create_check(struct store *st, struct fields *f, char *err, size_t errlen)
{
	struct account acct;
	char today[11], employer_id[IDENT_LEN + 1], number[REFERRAL_NUMBER_LEN], hardship[32];
	int rc;

	date_format(store_today(), today);
	/* Canonical dates compare as text; one that is not a date is the form's to refuse. */
	if (*fields_str(f, "interview_date") != '\0' &&
	    strcmp(fields_str(f, "interview_date"), today) < 0) {
		snprintf(err, errlen, _("the interview date %s is past"),
		    fields_str(f, "interview_date"));
		return -1;
	}
	if (account_get(st, store_actor(st), &acct) != 1) {
		snprintf(err, errlen, _("only a clerk's account may refer; log in first"));
		return -1;
	}
	if (authority_certified(acct.login, acct.cert_no, acct.cert_valid_until, today, err,
	    errlen) != 0)
		return -1;
	if (referral_seeker_open(st, fields_str(f, "seeker_id"), today, hardship, err,
	    errlen) != 0 ||
	    referral_vacancy_open(st, fields_str(f, "vacancy_id"), today, hardship, employer_id,
	    err, errlen) != 0)
		return -1;
	if ((rc = referral_open_pair(st, fields_str(f, "seeker_id"), fields_str(f, "vacancy_id"),
	    number)) != 0) {
		if (rc > 0)
			snprintf(err, errlen, _("already referred to this vacancy: letter %s"), number);
		else
			snprintf(err, errlen, _("cannot read the database: %s"), store_errmsg(st));
		return -1;
	}
	fields_set(f, "employer_id", employer_id);
	if (referral_next_number(st, store_today(), number) != 0) {
		snprintf(err, errlen, _("cannot save the record: %s"), store_errmsg(st));
		return -1;
	}
	fields_set(f, "number", number);
	return 0;
}

static const struct aggregate_rules referral_rules = {
	.kind = &kind_table[KIND_REFERRAL],
	.check = referral_create_check,
};

/* Refer a seeker to a vacancy. */
int
referral_create(struct store *st, const char *seeker_id, const char *vacancy_id,
    const char *interview_date, const char *interview_place, char out_id[IDENT_LEN + 1],
    char number[REFERRAL_NUMBER_LEN], char *err, size_t errlen)
{
	struct fields in = FIELDS_INIT, saved = FIELDS_INIT;
	char live[IDENT_LEN + 1];
	int rc;

	if (row_resolve(st, SEEKER, seeker_id, live) == 1)
		seeker_id = live;
	fields_set(&in, "seeker_id", seeker_id);
	fields_set(&in, "vacancy_id", vacancy_id);
	fields_set(&in, "interview_date", interview_date);
	fields_set(&in, "interview_place", interview_place);
	rc = aggregate_save(st, &referral_rules, NULL, &in, 0, &saved, out_id, err, errlen);
	if (rc == 0)
		snprintf(number, REFERRAL_NUMBER_LEN, "%s", fields_str(&saved, "number"));
	fields_free(&in);
	fields_free(&saved);
	return rc == 0 ? 0 : -1;
}

/* The interview still to come of the last referral to a vacancy. */
int
referral_next_interview(struct store *st, const char *vacancy_id, char date[11],
    char *place, size_t placelen)
{
	sqlite3_stmt *stmt = st_prepare(st, "SELECT interview_date, interview_place FROM referral "
	    "WHERE vacancy_id = ?1 AND deleted = 0 AND interview_date >= ?2 "
	    "ORDER BY registered_on DESC, rid DESC LIMIT 1");
	char today[11];
	int rc;

	if (stmt == NULL)
		return -1;
	date_format(store_today(), today);
	st_bind_text(stmt, 1, vacancy_id);
	st_bind_text(stmt, 2, today);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		snprintf(date, 11, "%s", st_column_text(stmt, 0));
		snprintf(place, placelen, "%s", st_column_text(stmt, 1));
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* The referral of a letter number as typed from a receipt. */
int
referral_find_number(struct store *st, const char *typed, char id[IDENT_LEN + 1])
{
	static const char *const cols[] = { "number", "deleted", NULL };
	char number[REFERRAL_NUMBER_LEN];
	const char *values[] = { number, "0" };
	size_t n = 0;

	/* Spaces dropped, letters upper case: "t3" on a receipt is "T3". */
	for (; *typed != '\0' && n + 1 < sizeof number; typed++)
		if (!isspace((unsigned char)*typed))
			number[n++] = (char)toupper((unsigned char)*typed);
	number[n] = '\0';
	return row_find(st, REFERRAL, cols, values, id);
}

/* A whole referral, audited. */
int
referral_open(struct store *st, const char *id, struct fields *out)
{
	return aggregate_open(st, REFERRAL, id, out);
}

/* Whether the seeker has a hire other than the referral except_id: 1, 0, -1. */
static int
referral_other_hire(struct store *st, const char *seeker_id, const char *except_id)
{
	sqlite3_stmt *stmt = st_prepare(st, "SELECT 1 FROM referral WHERE seeker_id = ? "
	    "AND id <> ? AND status = 'hired' AND deleted = 0");
	int rc;

	st_bind_text(stmt, 1, seeker_id);
	st_bind_text(stmt, 2, except_id);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/*
 * Inside the transaction: a hire places an open registration; undoing
 * the last hire of a registration it placed opens it again (with the
 * validity it had). 0 or -1.
 */
static int
referral_place(struct store *st, const char *seeker_id, const char *referral_id, int hired)
{
	struct fields have = FIELDS_INIT, change = FIELDS_INIT;
	const struct kind_status *ks;
	char live[IDENT_LEN + 1];
	int rc = 0, other;

	if (row_resolve(st, SEEKER, seeker_id, live) != 1 ||
	    row_load(st, SEEKER, KC_LIFE, live, &have) != 1)
		goto out;	/* a seeker the district removed: the referral stands alone */
	ks = kind_status(SEEKER, fields_str(&have, "status"));
	if (hired && ks != NULL && !ks->closed) {
		fields_set(&change, "status", KIND_SEEKER_PLACED);
		fields_set(&change, "withdraw_reason", KIND_SEEKER_PLACED_REFERRAL);
	} else if (!hired && strcmp(fields_str(&have, "status"), KIND_SEEKER_PLACED) == 0 &&
	    strcmp(fields_str(&have, "withdraw_reason"), KIND_SEEKER_PLACED_REFERRAL) == 0) {
		if ((other = referral_other_hire(st, live, referral_id)) != 0) {
			rc = other < 0 ? -1 : 0;
			goto out;
		}
		fields_set(&change, "status", kind_initial_status(SEEKER));
		fields_set(&change, "withdraw_reason", "");
	} else
		goto out;
	rc = row_apply_update(st, SEEKER, live, &change, st_hlc_next(st)) != 0 ||
	    st_audit(st, SEEKER->name, live, hired ? "place" : "unplace") != 0 ? -1 : 0;
out:
	fields_free(&have);
	fields_free(&change);
	return rc;
}

/* Check an outcome's values: 0, or -1 with err. */
static int
referral_outcome_check(struct store *st, const struct fields *have, const char *status,
    const char *on, const char *wage, const char *reason, char *err, size_t errlen)
{
	char today[11], msg[200];
	long n;
	int ymd;

	if (kind_status(REFERRAL, status) == NULL) {
		snprintf(err, errlen, _("\"%s\" is not an outcome of a referral"), status);
		return -1;
	}
	if (strcmp(status, kind_initial_status(REFERRAL)) == 0)
		return 0;
	date_format(store_today(), today);
	if (check_date(on, &ymd, msg, sizeof msg) != 0) {
		snprintf(err, errlen, _("date of the outcome: %s"), msg);
		return -1;
	}
	date_format(ymd, msg);
	if (strcmp(msg, today) > 0 || strcmp(msg, fields_str(have, "registered_on")) < 0) {
		snprintf(err, errlen, _("the outcome's date %s is not between the referral (%s) "
		    "and today"), msg, fields_str(have, "registered_on"));
		return -1;
	}
	if (*wage != '\0' && check_long(wage, 0, 1000000, &n, msg, sizeof msg) != 0) {
		snprintf(err, errlen, _("wage: %s"), msg);
		return -1;
	}
	if (strcmp(status, "not_hired") == 0 && codes_valid(st, "referral_reason", reason) != 1) {
		snprintf(err, errlen, _("not hired needs a reason of the referral_reason list"));
		return -1;
	}
	return 0;
}

/* Record or correct an outcome. */
int
referral_outcome(struct store *st, const char *id, const char *status, const char *on,
    const char *wage, const char *reason, char *err, size_t errlen)
{
	struct fields have = FIELDS_INIT, want = FIELDS_INIT, changed = FIELDS_INIT;
	int issued = strcmp(status, kind_initial_status(REFERRAL)) == 0, rc = -1, was_hired;
	char day[11], live[IDENT_LEN + 1];
	int ymd;

	if (st_begin(st) != 0) {
		snprintf(err, errlen, _("the database is busy: %s"), store_errmsg(st));
		return -1;
	}
	/* A referral the district removed (row_resolve: none) takes no outcome. */
	if (row_resolve(st, REFERRAL, id, live) != 1 || row_load(st, REFERRAL, 0, live, &have) != 1) {
		snprintf(err, errlen, _("the record was not found"));
		goto out;
	}
	if (st_may(st, REFERRAL, AUTHORITY_EDIT, fields_str(&have, "office"), NULL, err,
	    errlen) != 0 ||
	    referral_outcome_check(st, &have, status, on, wage, reason, err, errlen) != 0)
		goto out;
	*day = '\0';
	if (!issued && check_date(on, &ymd, NULL, 0) == 0)
		date_format(ymd, day);
	fields_set(&want, "status", status);
	fields_set(&want, "outcome_on", day);
	fields_set(&want, "hired_wage", strcmp(status, "hired") == 0 ? wage : "");
	fields_set(&want, "outcome_reason", strcmp(status, "not_hired") == 0 ? reason : "");
	row_diff(&have, &want, REFERRAL, KC_LIFE, &changed);
	if (changed.n == 0) {
		rc = 1;
		goto out;
	}
	was_hired = strcmp(fields_str(&have, "status"), "hired") == 0;
	if (row_apply_update(st, REFERRAL, id, &changed, st_hlc_next(st)) != 0 ||
	    st_audit(st, REFERRAL->name, id, strcmp(fields_str(&have, "status"),
	    kind_initial_status(REFERRAL)) == 0 ? "outcome" : "correct") != 0 ||
	    (was_hired != (strcmp(status, "hired") == 0) &&
	    referral_place(st, fields_str(&have, "seeker_id"), id, !was_hired) != 0) ||
	    st_commit(st) != 0) {
		snprintf(err, errlen, _("cannot save the record: %s"), store_errmsg(st));
		goto out;
	}
	rc = 0;
out:
	if (rc < 0 || rc == 1)
		st_rollback(st);
	fields_free(&have);
	fields_free(&want);
	fields_free(&changed);
	return rc;
}

/* A referral as lists show it, from r and the records it names. */
#define REFERRAL_HIT_COLS	"r.id, r.number, r.seeker_id, r.vacancy_id, coalesce(s.name, ''), " \
	"coalesce(v.title, ''), coalesce(e.name, ''), r.status, r.registered_on, r.outcome_on, " \
	"coalesce(s.office, '')"
#define REFERRAL_HIT_FROM	" FROM referral r LEFT JOIN seeker s ON s.id = r.seeker_id " \
	"LEFT JOIN vacancy v ON v.id = r.vacancy_id LEFT JOIN employer e ON e.id = r.employer_id "
/* The months after a hire that its placement is checked in: the placement_month list's codes. */
#define REFERRAL_CHECK_MONTHS	"(SELECT code AS month FROM code WHERE list = 'placement_month' " \
	"AND deprecated = 0)"

/* A list of referrals with the names a clerk knows them by. */
int
referral_list(struct store *st, enum referral_of of, const char *id, int days,
    struct referral_hit *hits, size_t max, size_t *n)
{
	static const char *const query[] = {
		[REFERRAL_OF_SEEKER] = "SELECT " REFERRAL_HIT_COLS ", '', ''" REFERRAL_HIT_FROM
		    "WHERE r.deleted = 0 AND r.seeker_id = ?1 "
		    "ORDER BY r.registered_on DESC, r.number DESC LIMIT ?3",
		[REFERRAL_OF_VACANCY] = "SELECT " REFERRAL_HIT_COLS ", '', ''" REFERRAL_HIT_FROM
		    "WHERE r.deleted = 0 AND r.vacancy_id = ?1 "
		    "ORDER BY r.registered_on DESC, r.number DESC LIMIT ?3",
		/*
		 * Outcomes awaited for days, and the checks of hires whose day
		 * has come without a check of that month (a missed one stays).
		 */
		/*
		 * The due ones found and cut to the list first, named after:
		 * naming every one of thousands costs more than finding them.
		 */
		[REFERRAL_DUE] = "SELECT " REFERRAL_HIT_COLS ", d.month, d.due FROM (SELECT r.rid, "
		    "'' AS month, date(r.registered_on, '+' || ?5 || ' days') AS due, r.number "
		    "FROM referral r WHERE r.deleted = 0 AND r.status = 'issued' "
		    "AND r.registered_on <= ?2 UNION ALL SELECT r.rid, m.month, "
		    "date(r.outcome_on, '+' || m.month || ' months'), r.number FROM referral r JOIN "
		    REFERRAL_CHECK_MONTHS " m WHERE r.deleted = 0 AND r.status = 'hired' "
		    "AND r.outcome_on <> '' AND r.outcome_on <= date(?4, '-' || m.month || ' months') "
		    "AND NOT EXISTS (SELECT 1 FROM placement_check c WHERE c.referral_id = r.id "
		    "AND c.month = m.month) ORDER BY due, number LIMIT ?3) d "
		    "JOIN referral r ON r.rid = d.rid LEFT JOIN seeker s ON s.id = r.seeker_id "
		    "LEFT JOIN vacancy v ON v.id = r.vacancy_id "
		    "LEFT JOIN employer e ON e.id = r.employer_id ORDER BY d.due, d.number",
		[REFERRAL_ONE] = "SELECT " REFERRAL_HIT_COLS ", '', ''" REFERRAL_HIT_FROM
		    "WHERE r.deleted = 0 AND r.id = ?1",
	};
	char before[11], today[11];
	sqlite3_stmt *stmt;

	*n = 0;
	if ((stmt = st_prepare(st, query[of])) == NULL)
		return -1;
	date_format(date_add_days(store_today(), -days), before);
	date_format(store_today(), today);
	st_bind_text(stmt, 1, id != NULL ? id : "");
	st_bind_text(stmt, 2, before);
	st_bind_int(stmt, 3, (int64_t)max);
	st_bind_text(stmt, 4, today);
	st_bind_int(stmt, 5, days);
	while (*n < max && sqlite3_step(stmt) == SQLITE_ROW) {
		struct referral_hit *h = &hits[(*n)++];

		snprintf(h->id, sizeof h->id, "%s", st_column_text(stmt, 0));
		snprintf(h->number, sizeof h->number, "%s", st_column_text(stmt, 1));
		snprintf(h->seeker_id, sizeof h->seeker_id, "%s", st_column_text(stmt, 2));
		snprintf(h->vacancy_id, sizeof h->vacancy_id, "%s", st_column_text(stmt, 3));
		snprintf(h->seeker_name, sizeof h->seeker_name, "%s", st_column_text(stmt, 4));
		snprintf(h->vacancy_title, sizeof h->vacancy_title, "%s", st_column_text(stmt, 5));
		snprintf(h->employer_name, sizeof h->employer_name, "%s", st_column_text(stmt, 6));
		snprintf(h->status, sizeof h->status, "%s", st_column_text(stmt, 7));
		snprintf(h->registered_on, sizeof h->registered_on, "%s", st_column_text(stmt, 8));
		snprintf(h->outcome_on, sizeof h->outcome_on, "%s", st_column_text(stmt, 9));
		snprintf(h->seeker_office, sizeof h->seeker_office, "%s", st_column_text(stmt, 10));
		h->check_month = (int)strtol(st_column_text(stmt, 11), NULL, 10);
		snprintf(h->due, sizeof h->due, "%s", st_column_text(stmt, 12));
	}
	sqlite3_finalize(stmt);
	return 0;
}

/*
 * The first check of a hire not made yet: 1 due (its day has come), 0 not
 * yet (or none left: *month 0), -1; *month and day say which and when.
 * Due as the due list says it (REFERRAL_DUE): the hire's day at least the
 * months before today.
 */
int
referral_check_due(struct store *st, const char *id, int *month, char day[11])
{
	sqlite3_stmt *stmt = st_prepare(st, "SELECT m.month, date(r.outcome_on, '+' || m.month || "
	    "' months'), r.outcome_on <= date(?2, '-' || m.month || ' months') FROM referral r "
	    "JOIN " REFERRAL_CHECK_MONTHS " m WHERE r.id = ?1 AND r.status = 'hired' "
	    "AND r.outcome_on <> '' AND NOT EXISTS (SELECT 1 FROM placement_check c "
	    "WHERE c.referral_id = r.id AND c.month = m.month) ORDER BY CAST(m.month AS INTEGER) "
	    "LIMIT 1");
	char today[11];
	int rc, due = 0;

	*month = 0;
	*day = '\0';
	date_format(store_today(), today);
	st_bind_text(stmt, 1, id);
	st_bind_text(stmt, 2, today);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*month = (int)strtol(st_column_text(stmt, 0), NULL, 10);
		snprintf(day, 11, "%s", st_column_text(stmt, 1));
		due = sqlite3_column_int(stmt, 2);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -1;
	return due;
}

/* Record the next check of a hire. */
int
referral_check_placement(struct store *st, const char *id, int employed, int insured,
    int *month, char *err, size_t errlen)
{
	const struct kind *k = kind_get(KIND_PLACEMENT_CHECK);
	struct fields have = FIELDS_INIT, f = FIELDS_INIT;
	char cid[IDENT_LEN + 1], live[IDENT_LEN + 1], day[11], today[11], stamp[32], m[4];
	int rc = -1, due;

	*month = 0;
	if (st_begin(st) != 0) {
		snprintf(err, errlen, _("the database is busy: %s"), store_errmsg(st));
		return -1;
	}
	if (row_resolve(st, REFERRAL, id, live) != 1 ||
	    row_load(st, REFERRAL, KC_LIFE, live, &have) != 1 ||
	    strcmp(fields_str(&have, "status"), "hired") != 0) {
		snprintf(err, errlen, "%s", _("only a hire is checked on"));
		goto out;
	}
	if ((due = referral_check_due(st, id, month, day)) < 0)
		goto dberr;
	if (due == 0) {
		if (*month == 0)
			snprintf(err, errlen, "%s", _("the 1-, 3- and 6-month checks are all recorded"));
		else
			snprintf(err, errlen, _("the %d-month check is due on %s"), *month, day);
		goto out;
	}
	date_format(store_today(), today);
	store_timestamp(stamp);
	snprintf(m, sizeof m, "%d", *month);
	store_new_id(cid);
	fields_set(&f, "referral_id", id);
	fields_set(&f, "seeker_id", fields_str(&have, "seeker_id"));
	fields_set(&f, "month", m);
	fields_set(&f, "checked_on", today);
	fields_set(&f, "employed", employed ? "1" : "0");
	fields_set(&f, "insured", insured ? "1" : "0");
	fields_set(&f, "clerk", store_actor(st));
	fields_set(&f, "office", store_office(st));
	fields_set(&f, "at", stamp);
	if (row_create(st, k, cid, &f, st_hlc_next(st)) != 0 ||
	    st_audit(st, REFERRAL->name, id, "check") != 0 || st_commit(st) != 0)
		goto dberr;
	rc = 0;
	goto out;
dberr:
	snprintf(err, errlen, _("cannot save the record: %s"), store_errmsg(st));
out:
	if (rc != 0)
		st_rollback(st);
	fields_free(&have);
	fields_free(&f);
	return rc;
}

/* The checks of a hire, month by month. */
int
referral_checks(struct store *st, const char *id, struct placement_hit *hits, size_t max,
    size_t *n)
{
	/* A later check of a month stands over an earlier one. */
	sqlite3_stmt *stmt = st_prepare(st, "SELECT month, checked_on, employed, insured "
	    "FROM placement_check c WHERE referral_id = ?1 AND at = (SELECT max(at) FROM "
	    "placement_check d WHERE d.referral_id = c.referral_id AND d.month = c.month) "
	    "ORDER BY CAST(month AS INTEGER)");

	*n = 0;
	if (stmt == NULL)
		return -1;
	st_bind_text(stmt, 1, id);
	while (*n < max && sqlite3_step(stmt) == SQLITE_ROW) {
		struct placement_hit *h = &hits[(*n)++];

		h->month = (int)strtol(st_column_text(stmt, 0), NULL, 10);
		snprintf(h->checked_on, sizeof h->checked_on, "%s", st_column_text(stmt, 1));
		h->employed = sqlite3_column_int(stmt, 2);
		h->insured = sqlite3_column_int(stmt, 3);
	}
	sqlite3_finalize(stmt);
	return 0;
}

/* A vacancy's hires. */
long
referral_hired(struct store *st, const char *vacancy_id)
{
	/* Kept from the referrals by migration 0005's triggers. */
	sqlite3_stmt *stmt = st_prepare(st, "SELECT hired FROM vacancy WHERE id = ?");
	long n = -1;
	int rc;

	st_bind_text(stmt, 1, vacancy_id);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		n = sqlite3_column_int64(stmt, 0);
	else if (rc == SQLITE_DONE)
		n = 0;
	sqlite3_finalize(stmt);
	return n;
}

/* Set key to the name of a code in the clerk's language, or the code itself. */
static void
referral_code_value(struct store *st, struct fields *out, const char *key, const char *list,
    const char *code, int chinese)
{
	char name[160];

	if (*code != '\0' && codes_name(st, list, code, chinese, name, sizeof name) == 0)
		fields_set(out, key, name);
	else
		fields_set(out, key, code);
}

/*
 * The letter's values, each column named as the template's placeholder;
 * the codes among them (sex, occupation) are named in the clerk's language.
 */
int
referral_letter_values(struct store *st, const char *id, int chinese, struct fields *out)
{
	static const struct {
		const char	*column;
		const char	*list;
	} coded[] = {
		{ "seeker_sex", "sex" },
		{ "occupation", "occupation" },
	};
	sqlite3_stmt *stmt = st_prepare(st, "SELECT r.number AS number, "
	    "r.registered_on AS date, r.interview_date AS interview_date, "
	    "r.interview_place AS interview_place, coalesce(o.name, r.office) AS office, "
	    "coalesce(a.name, r.created_by) AS clerk, s.name AS seeker_name, "
	    "s.sex AS seeker_sex, s.id_number AS seeker_idnum, s.phone AS seeker_phone, "
	    "e.name AS employer_name, e.address AS employer_address, "
	    "e.contact AS employer_contact, e.phone AS employer_phone, "
	    "v.title AS vacancy_title, v.occupation AS occupation, "
	    "CASE WHEN v.wage_min = '' AND v.wage_max = '' THEN '' "
	    "ELSE v.wage_min || '-' || v.wage_max END AS wage "
	    "FROM referral r JOIN seeker s ON s.id = r.seeker_id "
	    "JOIN vacancy v ON v.id = r.vacancy_id JOIN employer e ON e.id = r.employer_id "
	    "LEFT JOIN office o ON o.code = r.office LEFT JOIN account a ON a.login = r.created_by "
	    "WHERE r.id = ? AND r.deleted = 0");
	const char *name, *list;
	size_t j;
	int i, rc;

	if (stmt == NULL)
		return -1;
	st_bind_text(stmt, 1, id);
	if ((rc = sqlite3_step(stmt)) != SQLITE_ROW) {
		sqlite3_finalize(stmt);
		return rc == SQLITE_DONE ? 0 : -1;
	}
	/* The ID number goes whole: the letter's layout masks it. */
	for (i = 0; i < sqlite3_column_count(stmt); i++) {
		name = sqlite3_column_name(stmt, i);
		for (j = 0, list = NULL; j < sizeof coded / sizeof coded[0]; j++)
			if (strcmp(coded[j].column, name) == 0)
				list = coded[j].list;
		if (list != NULL)
			referral_code_value(st, out, name, list, st_column_text(stmt, i), chinese);
		else
			fields_set(out, name, st_column_text(stmt, i));
	}
	sqlite3_finalize(stmt);
	return 1;
}

/* A print of the letter, audited. */
int
referral_printed(struct store *st, const char *id, int reprint)
{
	return st_audit(st, REFERRAL->name, id, reprint ? "reprint" : "print");
}
