/*
 * Matching on the terminal's database. The candidates' own state (an open,
 * valid vacancy; an active, valid registration) is filtered in SQL, on
 * the indexes migration 0004 made; core/match judges every pair that is
 * left, and the best `limit` of them are kept as they come, so that a
 * list of the district costs one pass and no sort of every candidate.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/i18n.h"
#include "common/wtext.h"
#include "common/xalloc.h"
#include "core/check.h"
#include "core/idnum.h"
#include "core/kind.h"
#include "store/codes.h"
#include "store/matching.h"
#include "store/store-int.h"
#include "store/store.h"

/* A seeker as matching reads one: the columns, then the tables (education's rank joined). */
#define MATCHING_SEEKER_COLS	"s.id, s.status, s.valid_until, s.birth_date, s.registered_on, " \
	"s.education, ce.rank, s.desired_occupation, s.desired_occupation_2, " \
	"s.desired_occupation_3, s.desired_wage, s.desired_district, s.district, s.street, " \
	"s.category, s.hardship"
#define MATCHING_SEEKER_FROM	" FROM seeker s LEFT JOIN code ce ON ce.list = 'education' " \
	"AND ce.code = s.education"
/*
 * A vacancy likewise, with its employer and its hires (kept from the
 * referrals by migration 0005's triggers). Whether the employer takes on
 * people hard to employ is looked up in a set read once per list: a join
 * per vacancy costs more than the whole rest of the row.
 */
#define MATCHING_VACANCY_COLS	"v.id, v.status, v.valid_until, v.registered_on, v.headcount, " \
	"v.age_min, v.age_max, v.education, ce.rank, v.occupation, v.wage_min, v.wage_max, " \
	"v.district, v.public_welfare, v.employer_id, v.hired"
#define MATCHING_VACANCY_FROM	" FROM vacancy v LEFT JOIN code ce ON ce.list = 'education' " \
	"AND ce.code = v.education"

/*
 * The candidates of a list: the open records of kind k (alias a), those
 * whose status lapses (core/kind.c) and has not lapsed by ?1, appended to
 * sql as its WHERE clause.
 */
static void
matching_open_where(struct buf *sql, const struct kind *k, const char *a)
{
	size_t i, n = 0;

	buf_addf(sql, " WHERE %s.deleted = 0 AND %s.valid_until >= ?1 AND %s.status IN (", a, a, a);
	/* Status values come from the kind table, never from input. */
	for (i = 0; i < k->nstatuses; i++)
		if (k->statuses[i].lapses)
			buf_addf(sql, "%s'%s'", n++ > 0 ? ", " : "", k->statuses[i].value);
	buf_addc(sql, ')');
}

/*
 * A stored YYYY-MM-DD as YYYYMMDD, 0 when empty or not a date. Stored
 * dates are canonical: they are read straight, a list reads three a row;
 * anything else goes through check_date as typed text would.
 */
static int
matching_date(const char *text)
{
	char msg[8];
	int ymd, i;

	if (*text == '\0')
		return 0;
	for (i = 0, ymd = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (text[i] != '-')
				break;
		} else if (text[i] >= '0' && text[i] <= '9')
			ymd = ymd * 10 + (text[i] - '0');
		else
			break;
	}
	if (i == 10 && text[10] == '\0' && ymd >= 19000101 && ymd <= 21991231 &&
	    date_valid(ymd))
		return ymd;
	return check_date(text, &ymd, msg, sizeof msg) == 0 ? ymd : 0;
}

/* A stored whole number, or dflt when empty or not one. */
static long
matching_long(const char *text, long dflt)
{
	char *end;
	long v;

	if (*text == '\0')
		return dflt;
	v = strtol(text, &end, 10);
	return *end == '\0' ? v : dflt;
}

/* Copy a column's text into a fixed buffer, cut to fit (no printf: a list copies millions). */
static void
matching_copy(char *dst, size_t len, sqlite3_stmt *stmt, int col)
{
	const char *s = st_column_text(stmt, col);
	size_t n = (size_t)sqlite3_column_bytes(stmt, col);

	if (n >= len)
		n = len - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}
#define MATCHING_TEXT(dst, stmt, col)	matching_copy((dst), sizeof (dst), (stmt), (col))
#define MATCHING_TEXT_N(dst, len, stmt, col)	matching_copy((dst), (len), (stmt), (col))

/* A code's rank column: the number, or -1 for none (NULL). */
static int
matching_rank(sqlite3_stmt *stmt, int col)
{
	return sqlite3_column_type(stmt, col) == SQLITE_NULL ? -1 :
	    sqlite3_column_int(stmt, col);
}

/* Read a seeker row of MATCHING_SEEKER_COLS into s and its id. */
static void
matching_read_seeker(sqlite3_stmt *stmt, struct match_seeker *s, char id[IDENT_LEN + 1])
{
	int i;

	memset(s, 0, sizeof *s);
	MATCHING_TEXT_N(id, IDENT_LEN + 1, stmt, 0);
	MATCHING_TEXT(s->status, stmt, 1);
	s->valid_until = matching_date(st_column_text(stmt, 2));
	s->birth_date = matching_date(st_column_text(stmt, 3));
	s->registered_on = matching_date(st_column_text(stmt, 4));
	MATCHING_TEXT(s->education, stmt, 5);
	s->education_rank = matching_rank(stmt, 6);
	for (i = 0; i < MATCH_OCCUPATIONS; i++)
		MATCHING_TEXT(s->occupations[i], stmt, 7 + i);
	s->desired_wage = matching_long(st_column_text(stmt, 10), 0);
	MATCHING_TEXT(s->desired_district, stmt, 11);
	MATCHING_TEXT(s->district, stmt, 12);
	MATCHING_TEXT(s->street, stmt, 13);
	MATCHING_TEXT(s->category, stmt, 14);
	MATCHING_TEXT(s->hardship, stmt, 15);
}

/*
 * A set of record ids read for one list, sorted, each with a number: the
 * days since the subject was last referred with it, or nothing (the
 * employers that take on people hard to employ).
 */
struct matching_idset {
	char	(*ids)[IDENT_LEN + 1];
	int	*days;
	size_t	 n;
};

/*
 * Read a set from sql (its one parameter, if it has one, bound to id;
 * rows of an id and, when the query has one, the day of a referral,
 * sorted by id); the days counted to today. 0 or -1.
 */
static int
matching_idset_load(struct store *st, const char *sql, const char *id, int today,
    struct matching_idset *set)
{
	sqlite3_stmt *stmt = st_prepare(st, sql);
	size_t cap = 0;
	int rc, on;

	memset(set, 0, sizeof *set);
	if (stmt == NULL)
		return -1;
	if (sqlite3_bind_parameter_count(stmt) > 0)
		st_bind_text(stmt, 1, id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (set->n == cap) {
			cap = cap ? 2 * cap : 64;
			set->ids = xreallocarray(set->ids, cap, sizeof set->ids[0]);
			set->days = xreallocarray(set->days, cap, sizeof set->days[0]);
		}
		on = sqlite3_column_count(stmt) > 1 ? matching_date(st_column_text(stmt, 1)) : 0;
		MATCHING_TEXT(set->ids[set->n], stmt, 0);
		set->days[set->n++] = on != 0 ? (int)(date_to_days(today) - date_to_days(on)) : 0;
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The place of id in the set, or -1. */
static long
matching_idset_find(const struct matching_idset *set, const char *id)
{
	size_t lo = 0, hi = set->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(id, set->ids[mid]);

		if (c == 0)
			return (long)mid;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

/* Days since the pair with the record id was referred, or -1 if never. */
static int
matching_referred_days(const struct matching_idset *referred, const char *id)
{
	long i = matching_idset_find(referred, id);

	return i < 0 ? -1 : referred->days[i];
}

static void
matching_idset_free(struct matching_idset *set)
{
	free(set->ids);
	free(set->days);
}

/* Read a vacancy row of MATCHING_VACANCY_COLS into v and its id. */
static void
matching_read_vacancy(sqlite3_stmt *stmt, const struct matching_idset *hard_to_recruit,
    struct match_vacancy *v, char id[IDENT_LEN + 1])
{
	memset(v, 0, sizeof *v);
	MATCHING_TEXT_N(id, IDENT_LEN + 1, stmt, 0);
	MATCHING_TEXT(v->status, stmt, 1);
	v->valid_until = matching_date(st_column_text(stmt, 2));
	v->registered_on = matching_date(st_column_text(stmt, 3));
	v->headcount = matching_long(st_column_text(stmt, 4), 1);
	v->age_min = (int)matching_long(st_column_text(stmt, 5), -1);
	v->age_max = (int)matching_long(st_column_text(stmt, 6), -1);
	MATCHING_TEXT(v->education, stmt, 7);
	v->education_rank = *v->education != '\0' ? matching_rank(stmt, 8) : -1;
	MATCHING_TEXT(v->occupation, stmt, 9);
	v->wage_min = matching_long(st_column_text(stmt, 10), 0);
	v->wage_max = matching_long(st_column_text(stmt, 11), 0);
	MATCHING_TEXT(v->district, stmt, 12);
	v->public_welfare = strcmp(st_column_text(stmt, 13), "yes") == 0;
	v->hard_to_recruit = matching_idset_find(hard_to_recruit, st_column_text(stmt, 14)) >= 0;
	v->filled = sqlite3_column_int64(stmt, 15);
}

/* Whether a judged pair goes on the list: it passes, or it is a near miss. */
static int
matching_listed(const struct match_result *r, int near_misses)
{
	if (!near_misses)
		return r->misses == 0;
	/* One bit set, and not one of the records' own state. */
	return r->misses != 0 && (r->misses & MATCH_MISS_STATE) == 0 &&
	    (r->misses & (r->misses - 1)) == 0;
}

/* Order of two candidates: the better result, then the id, so that a list is stable. */
static int
matching_cmp(const struct match_candidate *a, const struct match_candidate *b)
{
	int c = match_result_cmp(&a->result, &b->result);

	return c != 0 ? c : strcmp(a->id, b->id);
}

/*
 * Offer a candidate to a list that keeps the best limit: it is put in
 * its place (the list stays sorted) or dropped when the list is full of
 * better ones.
 */
static void
matching_offer(struct match_list *l, size_t limit, const struct match_candidate *c)
{
	size_t lo = 0, hi = l->n;

	l->found++;
	if (limit == 0 || (l->n == limit && matching_cmp(c, &l->items[l->n - 1]) >= 0))
		return;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (matching_cmp(c, &l->items[mid]) < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	if (l->n == limit)
		l->n--;
	memmove(&l->items[lo + 1], &l->items[lo], (l->n - lo) * sizeof l->items[0]);
	l->items[lo] = *c;
	l->n++;
}

/* Set a label from two parts and a separator, cut whole characters at a time to fit. */
static void
matching_set_label(char *dst, size_t len, const char *a, const char *sep, const char *b)
{
	char whole[1024];

	snprintf(whole, sizeof whole, "%s%s%s", a, sep, b);
	/* Cells far beyond any label: the buffer's bytes are the limit, never half a character. */
	wtext_fit(whole, (int)sizeof whole, 0, 0, dst, len);
}

/* Label each kept candidate: a query per line shown, not per candidate judged. */
static int
matching_label(struct store *st, struct match_list *l, int vacancies)
{
	sqlite3_stmt *stmt = st_prepare(st, vacancies ?
	    "SELECT v.title, e.name FROM vacancy v JOIN employer e ON e.id = v.employer_id "
	    "WHERE v.id = ?" : "SELECT name, id_number FROM seeker WHERE id = ?");
	char masked[24];
	size_t i;

	if (stmt == NULL)
		return -1;
	for (i = 0; i < l->n; i++) {
		struct match_candidate *c = &l->items[i];

		st_bind_text(stmt, 1, c->id);
		if (sqlite3_step(stmt) == SQLITE_ROW) {
			if (vacancies)
				matching_set_label(c->label, sizeof c->label, st_column_text(stmt, 0),
				    " - ", st_column_text(stmt, 1));
			else {
				idnum_mask(st_column_text(stmt, 1), masked, sizeof masked);
				matching_set_label(c->label, sizeof c->label, st_column_text(stmt, 0),
				    "  ", masked);
			}
		}
		sqlite3_reset(stmt);
	}
	sqlite3_finalize(stmt);
	return 0;
}

/* Start a list: room for limit candidates. */
static void
matching_start(struct match_list *l, size_t limit)
{
	memset(l, 0, sizeof *l);
	l->items = xcalloc(limit > 0 ? limit : 1, sizeof l->items[0]);
}

/*
 * One list: the subject (a seeker when for_seeker, else a vacancy) read
 * by id with how it is labelled, then every open candidate of the other
 * side judged against it and offered to the list. 0, 1 no such subject
 * (err says so), -1 with err.
 */
static int
matching_run(struct store *st, const struct match_config *cfg, int for_seeker, const char *id,
    int today, int near_misses, size_t limit, struct match_list *l, char *err, size_t errlen)
{
	struct match_candidate c;
	struct matching_idset referred, hard_to_recruit;
	struct buf sql = BUF_INIT;
	sqlite3_stmt *stmt;
	char own[IDENT_LEN + 1], day[11];
	int rc;

	matching_start(l, limit);
	memset(&referred, 0, sizeof referred);
	memset(&c, 0, sizeof c);
	if (matching_idset_load(st, "SELECT id FROM employer "
	    "WHERE hard_to_recruit = 'yes' ORDER BY id", NULL, today, &hard_to_recruit) != 0)
		goto dberr;
	stmt = st_prepare(st, for_seeker ?
	    "SELECT " MATCHING_SEEKER_COLS ", s.name, ''" MATCHING_SEEKER_FROM
	    " WHERE s.id = ?1 AND s.deleted = 0" :
	    "SELECT " MATCHING_VACANCY_COLS ", v.title, ' - ' || e.name" MATCHING_VACANCY_FROM
	    " JOIN employer e ON e.id = v.employer_id WHERE v.id = ?1 AND v.deleted = 0");
	if (stmt == NULL)
		goto dberr;
	st_bind_text(stmt, 1, id);
	if ((rc = sqlite3_step(stmt)) != SQLITE_ROW) {
		sqlite3_finalize(stmt);
		if (rc != SQLITE_DONE)
			goto dberr;
		snprintf(err, errlen, for_seeker ? _("no job seeker \"%s\"") : _("no vacancy \"%s\""),
		    id);
		matching_idset_free(&hard_to_recruit);
		matching_free(l);
		return 1;
	}
	if (for_seeker)
		matching_read_seeker(stmt, &c.seeker, own);
	else
		matching_read_vacancy(stmt, &hard_to_recruit, &c.vacancy, own);
	/* The label's two columns follow the record's own. */
	matching_set_label(l->subject, sizeof l->subject,
	    st_column_text(stmt, sqlite3_column_count(stmt) - 2), "",
	    st_column_text(stmt, sqlite3_column_count(stmt) - 1));
	sqlite3_finalize(stmt);
	if (matching_idset_load(st, for_seeker ?
	    "SELECT vacancy_id, max(registered_on) FROM referral WHERE seeker_id = ?1 "
	    "AND deleted = 0 GROUP BY vacancy_id ORDER BY vacancy_id" :
	    "SELECT seeker_id, max(registered_on) FROM referral WHERE vacancy_id = ?1 "
	    "AND deleted = 0 GROUP BY seeker_id ORDER BY seeker_id", id, today, &referred) != 0)
		goto dberr;

	date_format(today, day);
	buf_adds(&sql, for_seeker ? "SELECT " MATCHING_VACANCY_COLS MATCHING_VACANCY_FROM :
	    "SELECT " MATCHING_SEEKER_COLS MATCHING_SEEKER_FROM);
	matching_open_where(&sql, kind_get(for_seeker ? KIND_VACANCY : KIND_SEEKER),
	    for_seeker ? "v" : "s");
	stmt = st_prepare(st, buf_str(&sql));
	buf_free(&sql);
	if (stmt == NULL)
		goto dberr;
	st_bind_text(stmt, 1, day);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (for_seeker)
			matching_read_vacancy(stmt, &hard_to_recruit, &c.vacancy, c.id);
		else
			matching_read_seeker(stmt, &c.seeker, c.id);
		match_eval(cfg, &c.seeker, &c.vacancy, today, matching_referred_days(&referred, c.id),
		    for_seeker, &c.result);
		if (matching_listed(&c.result, near_misses))
			matching_offer(l, limit, &c);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE || matching_label(st, l, for_seeker) != 0)
		goto dberr;
	matching_idset_free(&referred);
	matching_idset_free(&hard_to_recruit);
	return 0;
dberr:
	snprintf(err, errlen, _("cannot read the database: %s"), store_errmsg(st));
	matching_idset_free(&referred);
	matching_idset_free(&hard_to_recruit);
	matching_free(l);
	return -1;
}

/* The list of vacancies for a seeker. */
int
matching_for_seeker(struct store *st, const struct match_config *cfg, const char *seeker_id,
    int today, int near_misses, size_t limit, struct match_list *l, char *err, size_t errlen)
{
	return matching_run(st, cfg, 1, seeker_id, today, near_misses, limit, l, err, errlen);
}

/* The list of seekers for a vacancy. */
int
matching_for_vacancy(struct store *st, const struct match_config *cfg, const char *vacancy_id,
    int today, int near_misses, size_t limit, struct match_list *l, char *err, size_t errlen)
{
	return matching_run(st, cfg, 0, vacancy_id, today, near_misses, limit, l, err, errlen);
}

/* Free a list. */
void
matching_free(struct match_list *l)
{
	free(l->items);
	memset(l, 0, sizeof *l);
}

/* The job-information service of the day, once. */
int
matching_log_query(struct store *st, const char *seeker_id, char *err, size_t errlen)
{
	struct fields about = FIELDS_INIT;
	sqlite3_stmt *stmt;
	char today[11], hardship[64] = "";
	int rc;

	/* Service times are UTC stamps; the day is the clerk's local one. */
	date_format(store_today(), today);
	if (st_begin(st) != 0)
		goto dberr;
	stmt = st_prepare(st, "SELECT 1 FROM service_event WHERE seeker_id = ?1 "
	    "AND type = 'job_query' AND date(at, 'localtime') = ?2");
	if (stmt == NULL) {
		st_rollback(st);
		goto dberr;
	}
	st_bind_text(stmt, 1, seeker_id);
	st_bind_text(stmt, 2, today);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc == SQLITE_ROW) {
		st_rollback(st);
		return 0;
	}
	st_first_text(st, "SELECT hardship FROM seeker WHERE id = ?", seeker_id, hardship,
	    sizeof hardship);
	fields_set(&about, "seeker_id", seeker_id);
	rc = st_service_event(st, "job_query", &about, 1, hardship, st_hlc_next(st));
	fields_free(&about);
	if (rc != 0 || st_commit(st) != 0) {
		st_rollback(st);
		goto dberr;
	}
	return 0;
dberr:
	snprintf(err, errlen, _("cannot record the service: %s"), store_errmsg(st));
	return -1;
}

/* A code's name for explanations. */
const char *
matching_code_name(void *ctx, const char *list, const char *code)
{
	struct match_names *n = ctx;
	char *out = n->buf[n->next++ % (sizeof n->buf / sizeof n->buf[0])];

	if (codes_name(n->st, list, code, n->chinese, out, sizeof n->buf[0]) != 0)
		return NULL;
	return out;
}
