/*
 * Matching on the terminal's database. The candidates (the open, valid
 * vacancies; the active, valid registrations) come from the matching
 * index (match-index.c), which holds them in memory as numbers; core/match
 * judges every pair from its facts (match_judge), and the best `limit`
 * of them are kept as they come in a heap, so that a list of the district
 * costs one pass and no sort of every candidate. A vacancy's list of the
 * district's seekers first sifts them by core's sieve and bound of the
 * vacancy (match_index_walk_sift): a seeker that cannot reach the last
 * kept is only counted. Only the rows kept are read from the database, in
 * full, and judged again by match_eval for their explanation; the lines
 * are the same.
 */
#include <limits.h>
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
#include "store/match-index.h"
#include "store/matching.h"
#include "store/store-int.h"
#include "store/store.h"

/*
 * The days since the subject was last referred with each candidate, by
 * the candidate's rid, sorted: read for one list.
 */
struct matching_referred {
	int64_t	*rid;
	int	*days;
	size_t	 n;
};

/* Read the set from sql (?1 the subject's id; rows of a rid and a day, by rid). 0 or -1. */
static int
matching_referred_load(struct store *st, const char *sql, const char *id, int today,
    struct matching_referred *set)
{
	sqlite3_stmt *stmt = st_prepare(st, sql);
	size_t cap = 0;
	int rc, on;

	memset(set, 0, sizeof *set);
	if (stmt == NULL)
		return -1;
	st_bind_text(stmt, 1, id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (set->n == cap) {
			cap = cap ? 2 * cap : 64;
			set->rid = xreallocarray(set->rid, cap, sizeof set->rid[0]);
			set->days = xreallocarray(set->days, cap, sizeof set->days[0]);
		}
		on = match_index_date(st_column_text(stmt, 1));
		set->rid[set->n] = sqlite3_column_int64(stmt, 0);
		set->days[set->n++] = on != 0 ? (int)(date_to_days(today) - date_to_days(on)) : 0;
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Days since the pair with the candidate rid was referred, or -1 if never. */
static int
matching_referred_days(const struct matching_referred *set, int64_t rid)
{
	size_t lo = 0, hi = set->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (set->rid[mid] == rid)
			return set->days[mid];
		if (set->rid[mid] < rid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static void
matching_referred_free(struct matching_referred *set)
{
	free(set->rid);
	free(set->days);
}

/*
 * Order of two candidates: the better result, then the one this terminal
 * had first (rid), so that a list is stable.
 */
static int
matching_cmp(const struct match_candidate *a, const struct match_candidate *b)
{
	int c = match_result_cmp(&a->result, &b->result);

	if (c != 0)
		return c;
	return a->rid < b->rid ? -1 : a->rid > b->rid;
}

/* One candidate kept while a list is judged: its row and its judgement. */
struct matching_kept {
	int64_t			rid;
	struct match_result	result;
};

/* Order of two kept candidates, as matching_cmp orders candidates. */
static int
matching_kept_cmp(const struct matching_kept *a, const struct matching_kept *b)
{
	int c = match_result_cmp(&a->result, &b->result);

	if (c != 0)
		return c;
	return a->rid < b->rid ? -1 : a->rid > b->rid;
}

/* The best limit candidates so far, the worst of them on top of a heap. */
struct matching_heap {
	struct matching_kept	*k;
	size_t			 n, limit;
};

/* Move the kept candidate at i down the heap to its place. */
static void
matching_heap_down(struct matching_heap *h, size_t i)
{
	struct matching_kept t;
	size_t c;

	for (;;) {
		c = 2 * i + 1;
		if (c >= h->n)
			return;
		/* The worse child: the heap's top is the worst kept. */
		if (c + 1 < h->n && matching_kept_cmp(&h->k[c + 1], &h->k[c]) > 0)
			c++;
		if (matching_kept_cmp(&h->k[c], &h->k[i]) <= 0)
			return;
		t = h->k[i];
		h->k[i] = h->k[c];
		h->k[c] = t;
		i = c;
	}
}

/* Offer a judged candidate: kept if the heap has room or it beats the worst kept. */
static void
matching_heap_offer(struct matching_heap *h, int64_t rid, const struct match_result *r)
{
	struct matching_kept c = { rid, *r };
	size_t i, p;

	if (h->limit == 0)
		return;
	if (h->n == h->limit) {
		if (matching_kept_cmp(&c, &h->k[0]) >= 0)
			return;
		h->k[0] = c;
		matching_heap_down(h, 0);
		return;
	}
	/* Up from the end while worse than the parent. */
	for (i = h->n++; i > 0; i = p) {
		p = (i - 1) / 2;
		if (matching_kept_cmp(&c, &h->k[p]) <= 0)
			break;
		h->k[i] = h->k[p];
	}
	h->k[i] = c;
}

/* qsort's order of candidates: best first. */
static int
matching_qsort_cmp(const void *a, const void *b)
{
	return matching_cmp(a, b);
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

/*
 * The kept candidates read in full, judged again for their explanation,
 * named and labelled into the list, best first: a query per line shown,
 * not per candidate judged. c holds the subject. 0 or -1.
 */
static int
matching_fill(struct store *st, const struct match_config *cfg, int for_seeker, int today,
    const struct matching_heap *h, const struct matching_referred *referred,
    struct match_candidate *c, struct match_list *l)
{
	sqlite3_stmt *stmt = st_prepare(st, for_seeker ?
	    "SELECT " MATCH_INDEX_VACANCY_COLS ", v.id, v.title, e.name" MATCH_INDEX_VACANCY_FROM
	    " WHERE v.rid = ?1" :
	    "SELECT " MATCH_INDEX_SEEKER_COLS ", s.id, s.name, s.id_number" MATCH_INDEX_SEEKER_FROM
	    " WHERE s.rid = ?1");
	char masked[24];
	size_t i;
	int rc = 0;

	if (stmt == NULL)
		return -1;
	for (i = 0; i < h->n && rc == 0; i++) {
		sqlite3_bind_int64(stmt, 1, h->k[i].rid);
		if ((rc = sqlite3_step(stmt)) != SQLITE_ROW) {
			rc = rc == SQLITE_DONE ? 0 : -1;
			sqlite3_reset(stmt);
			continue;
		}
		rc = 0;
		c->rid = for_seeker ? match_index_read_vacancy(st, stmt, &c->vacancy) :
		    match_index_read_seeker(st, stmt, &c->seeker);
		match_eval(cfg, &c->seeker, &c->vacancy, today,
		    matching_referred_days(referred, c->rid), for_seeker, &c->result);
		snprintf(c->id, sizeof c->id, "%s", st_column_text(stmt, MATCH_INDEX_NCOLS));
		if (for_seeker)
			matching_set_label(c->label, sizeof c->label,
			    st_column_text(stmt, MATCH_INDEX_NCOLS + 1), " - ",
			    st_column_text(stmt, MATCH_INDEX_NCOLS + 2));
		else {
			idnum_mask(st_column_text(stmt, MATCH_INDEX_NCOLS + 2), masked, sizeof masked);
			matching_set_label(c->label, sizeof c->label,
			    st_column_text(stmt, MATCH_INDEX_NCOLS + 1), "  ", masked);
		}
		l->items[l->n++] = *c;
		sqlite3_reset(stmt);
	}
	sqlite3_finalize(stmt);
	qsort(l->items, l->n, sizeof l->items[0], matching_qsort_cmp);
	return rc;
}

/*
 * Both sides of a candidate with texts "" and no numbers, so that the
 * subject's facts can be taken before any candidate is read.
 */
static void
matching_blank(struct match_candidate *c)
{
	int i;

	memset(c, 0, sizeof *c);
	c->seeker.status = c->seeker.education = c->seeker.desired_district = "";
	c->seeker.district = c->seeker.street = c->seeker.category = c->seeker.hardship = "";
	for (i = 0; i < MATCH_OCCUPATIONS; i++)
		c->seeker.occupations[i] = "";
	c->vacancy.status = c->vacancy.education = c->vacancy.occupation = "";
	c->vacancy.district = "";
}

/* Start a list: room for limit candidates. */
static void
matching_start(struct match_list *l, size_t limit)
{
	memset(l, 0, sizeof *l);
	l->items = xcalloc(limit > 0 ? limit : 1, sizeof l->items[0]);
}

/*
 * Read the subject of a list into c (a seeker when for_seeker, else a
 * vacancy) and its label into l: 0, 1 not there (err says so), -1.
 */
static int
matching_subject(struct store *st, int for_seeker, const char *id, struct match_candidate *c,
    struct match_list *l, char *err, size_t errlen)
{
	sqlite3_stmt *stmt = st_prepare(st, for_seeker ?
	    "SELECT " MATCH_INDEX_SEEKER_COLS ", s.name, ''" MATCH_INDEX_SEEKER_FROM
	    " WHERE s.id = ?1 AND s.deleted = 0" :
	    "SELECT " MATCH_INDEX_VACANCY_COLS ", v.title, ' - ' || e.name"
	    MATCH_INDEX_VACANCY_FROM " WHERE v.id = ?1 AND v.deleted = 0");
	int rc;

	if (stmt == NULL)
		return -1;
	st_bind_text(stmt, 1, id);
	if ((rc = sqlite3_step(stmt)) != SQLITE_ROW) {
		sqlite3_finalize(stmt);
		if (rc != SQLITE_DONE)
			return -1;
		snprintf(err, errlen, for_seeker ? _("no job seeker \"%s\"") :
		    _("no vacancy \"%s\""), id);
		return 1;
	}
	if (for_seeker)
		match_index_read_seeker(st, stmt, &c->seeker);
	else
		match_index_read_vacancy(st, stmt, &c->vacancy);
	/* The label's two columns follow the record's own. */
	matching_set_label(l->subject, sizeof l->subject, st_column_text(stmt, MATCH_INDEX_NCOLS),
	    "", st_column_text(stmt, MATCH_INDEX_NCOLS + 1));
	sqlite3_finalize(stmt);
	return 0;
}

/*
 * One list: the subject (a seeker when for_seeker, else a vacancy), then
 * every open candidate of the other side, from the matching index, judged
 * against it and offered to the list. 0, 1 no such subject (err says
 * so), -1 with err.
 */
static int
matching_run(struct store *st, const struct match_config *cfg, int for_seeker, const char *id,
    int today, int near_misses, size_t limit, struct match_list *l, char *err, size_t errlen)
{
	struct match_candidate c;
	struct matching_referred referred;
	struct matching_heap heap;
	struct match_index_walk walk;
	struct match_facts f;
	struct match_result r;
	const struct match_index *mi = NULL;
	const char *why;
	int64_t rid;
	size_t i, n;
	int rc;

	matching_start(l, limit);
	memset(&referred, 0, sizeof referred);
	memset(&heap, 0, sizeof heap);
	matching_blank(&c);
	if ((mi = match_index_get(st, today, for_seeker)) == NULL)
		goto dberr;
	if ((rc = matching_subject(st, for_seeker, id, &c, l, err, errlen)) != 0) {
		matching_free(l);
		if (rc > 0)
			return 1;
		goto dberr;
	}
	if (matching_referred_load(st, for_seeker ?
	    "SELECT v.rid, max(r.registered_on) FROM referral r JOIN vacancy v "
	    "ON v.id = r.vacancy_id WHERE r.seeker_id = ?1 AND r.deleted = 0 "
	    "GROUP BY v.rid ORDER BY v.rid" :
	    "SELECT s.rid, max(r.registered_on) FROM referral r JOIN seeker s "
	    "ON s.id = r.seeker_id WHERE r.vacancy_id = ?1 AND r.deleted = 0 "
	    "GROUP BY s.rid ORDER BY s.rid", id, today, &referred) != 0)
		goto dberr;
	heap.limit = limit;
	heap.k = xcalloc(limit > 0 ? limit : 1, sizeof heap.k[0]);
	/* The subject's side of every pair, then each candidate's side from the index. */
	match_facts_of(cfg, &c.seeker, &c.vacancy, today, -1, for_seeker, &f);
	match_index_walk_start(&walk, mi, cfg, &c.seeker, &c.vacancy, for_seeker, today);
	n = match_index_slots(mi, for_seeker);
	if (!for_seeker)
		match_index_walk_sieve(&walk, &f, today, near_misses, referred.rid, referred.n);
	for (i = 0; i < n; i++) {
		/* A vacancy's list: the seekers that cannot reach the last kept only counted. */
		if (!for_seeker && !match_index_walk_sift(&walk, &i, heap.n == limit && limit > 0 ?
		    heap.k[0].result.score : INT_MIN, &l->found))
			break;
		if ((rid = match_index_walk_facts(&walk, i, &f)) == 0)
			continue;
		f.days_since_referral = referred.n > 0 ? matching_referred_days(&referred, rid) : -1;
		/* One that cannot reach the last kept is only counted, its score not worked out. */
		if (heap.n == limit && limit > 0 &&
		    match_score_bound(cfg, &f) < heap.k[0].result.score) {
			r.misses = match_misses(cfg, &f, today);
			if (match_listed(r.misses, near_misses))
				l->found++;
			continue;
		}
		match_judge(cfg, &f, today, &r);
		if (match_listed(r.misses, near_misses)) {
			l->found++;
			matching_heap_offer(&heap, rid, &r);
		}
	}
	match_index_walk_end(&walk);
	if (matching_fill(st, cfg, for_seeker, today, &heap, &referred, &c, l) != 0)
		goto dberr;
	free(heap.k);
	matching_referred_free(&referred);
	return 0;
dberr:
	if (mi == NULL && (why = match_index_why(st)) != NULL)
		snprintf(err, errlen, _("cannot match: %s"), why);
	else
		snprintf(err, errlen, _("cannot read the database: %s"), store_errmsg(st));
	free(heap.k);
	matching_referred_free(&referred);
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

/*
 * The job-information service of the day, once: its id derives from the
 * seeker and the day, so two windows that both show the list give one.
 */
int
matching_log_query(struct store *st, const char *seeker_id, char *err, size_t errlen)
{
	struct fields about = FIELDS_INIT;
	char today[11];
	int rc;

	/* Service times are UTC stamps; the day is the clerk's local one. */
	date_format(store_today(), today);
	if (st_begin(st) != 0)
		goto dberr;
	fields_set(&about, "seeker_id", seeker_id);
	rc = st_service_event(st, "job_query", &about, today, st_hlc_next(st));
	fields_free(&about);
	if (rc == 1) {
		st_rollback(st);
		return 0;
	}
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
