/*
 * The subsidy roster (花名册): the placements of a period through a free
 * referral by an office and the offices under it, with the evidence a
 * 职业介绍补贴 claim needs, and apart the ones a rule holds back
 * (core/roster.h). It reads only what every terminal of the district
 * holds alike after a sync (referrals, placement checks, the services'
 * ledger, the people and employers they name), never a terminal's own
 * state, so that any terminal gives the same roster; and it decides the
 * rules over the whole district's referrals of the people placed, so that
 * a street office's roster is exactly its part of the district's.
 *
 * A quarter's roster of a busy district reads tens of thousands of rows
 * scattered over large tables; each is read once, and in the order of
 * its table or index where it can be, so that a page is read once rather
 * than once a row.
 */
#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/i18n.h"
#include "common/report.h"
#include "common/xalloc.h"
#include "core/check.h"
#include "core/roster.h"
#include "core/service.h"
#include "store/referral.h"
#include "store/report.h"
#include "store/row.h"
#include "store/service.h"
#include "store/store-int.h"

/* A referral of a person placed in the period, as read; the rules' view points into it. */
struct roster_item {
	char	id[IDENT_LEN + 1];
	char	seeker[IDENT_LEN + 1];		/* the person as the referral names them */
	char	person[IDENT_LEN + 1];		/* the person's record after merges */
	char	employer[IDENT_LEN + 1];	/* the employer's, after merges */
	char	number[REFERRAL_NUMBER_LEN];
	char	office[32];
	char	basis[SERVICE_WORD_LEN];	/* of its referral service, a hire's */
	size_t	name, idnum;			/* the person's, in the set's text (shown rows) */
	size_t	uscc, employer_name;		/* the employer's, likewise */
	int	in_scope;			/* a hire of the period by the offices asked for */
};

/* A record merged away and the one it now stands for. */
struct roster_redirect {
	char	id[IDENT_LEN + 1];
	char	live[IDENT_LEN + 1];
};

/* A free basis and its name, as the roster names it. */
struct roster_basis {
	char	code[SERVICE_WORD_LEN];
	char	name[128];
};

/* The referrals read: items and their rules' view, side by side; what naming them needs. */
struct roster_set {
	struct roster_item	*items;
	struct roster_referral	*refs;
	size_t			 n, cap;
	struct roster_redirect	*seekers;	/* people's records merged away, by id */
	size_t			 nseekers;
	sqlite3_int64		*hired;		/* the rowids of the period's hires read, sorted */
	size_t			 nhired;
	struct roster_redirect	*merged;	/* employers merged away, by id */
	size_t			 nmerged;
	struct roster_basis	*bases;		/* the bases named so far */
	size_t			 nbases;
	struct buf		 text;		/* names and numbers, NUL after each */
	sqlite3_stmt		*checks;	/* a row's checks (prepared once) */
};

/* Copy src into dst of len bytes, cut if need be (ids, codes, numbers: ASCII). */
static void
roster_copy(char *dst, size_t len, const char *src)
{
	size_t n = strlen(src);

	if (n >= len)
		n = len - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* Keep a string in the set's text; its offset there. */
static size_t
roster_keep(struct roster_set *s, const char *text)
{
	size_t at = s->text.len;

	buf_add(&s->text, text, strlen(text) + 1);
	return at;
}

/* A string kept by roster_keep. */
static const char *
roster_text(const struct roster_set *s, size_t at)
{
	return s->text.data + at;
}

/*
 * The first eight bytes of s as a number that orders as strcmp orders
 * them (short strings padded with zeros): sorts compare these in their
 * own arrays and strcmp only on a tie, rather than chase every string.
 */
static uint64_t
roster_prefix(const char *s)
{
	uint64_t k = 0;
	size_t i;

	for (i = 0; i < 8; i++) {
		k = k << 8 | (unsigned char)*s;
		if (*s != '\0')
			s++;
	}
	return k;
}

/* A stored YYYY-MM-DD as YYYYMMDD, 0 for none or not a date (read for every referral). */
static int
roster_day(const char *s)
{
	static const int place[8] = { 0, 1, 2, 3, 5, 6, 8, 9 };
	int ymd = 0, i;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (i = 0; i < 8; i++) {
		if (s[place[i]] < '0' || s[place[i]] > '9')
			return 0;
		ymd = ymd * 10 + (s[place[i]] - '0');
	}
	return date_valid(ymd) ? ymd : 0;
}

/* A day as YYYY-MM-DD into out, "" for 0. */
static void
roster_day_text(int ymd, char out[11])
{
	if (ymd > 0)
		date_format(ymd, out);
	else
		out[0] = '\0';
}

/* qsort and bsearch: redirects by the id merged away. */
static int
roster_redirect_cmp(const void *a, const void *b)
{
	return strcmp(((const struct roster_redirect *)a)->id,
	    ((const struct roster_redirect *)b)->id);
}

/*
 * The records of kind k that sql (one column: ids) names and that were
 * merged away, each with the record it now stands for, sorted by id into
 * *out: a record removed with no survivor stands for itself. 0 or -1.
 */
static int
roster_redirects(struct store *st, const struct kind *k, const char *sql,
    struct roster_redirect **out, size_t *nout)
{
	sqlite3_stmt *stmt = st_prepare(st, sql);
	struct roster_redirect *r = NULL;
	size_t n = 0, i, kept = 0;
	int rc;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		r = xreallocarray(r, n + 1, sizeof *r);
		roster_copy(r[n++].id, sizeof r->id, st_column_text(stmt, 0));
	}
	sqlite3_finalize(stmt);
	for (i = 0; i < n && rc == SQLITE_DONE; i++) {
		int found = row_resolve(st, k, r[i].id, r[i].live);

		if (found < 0)
			rc = SQLITE_ERROR;
		else if (found == 1)
			r[kept++] = r[i];
	}
	if (kept > 1)
		qsort(r, kept, sizeof *r, roster_redirect_cmp);
	*out = r;
	*nout = kept;
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The id a record stands for now: its survivor when it was merged away (in r), else id. */
static const char *
roster_live(const struct roster_redirect *r, size_t n, const char *id)
{
	struct roster_redirect key, *hit;

	if (n == 0)
		return id;
	roster_copy(key.id, sizeof key.id, id);
	hit = bsearch(&key, r, n, sizeof *r, roster_redirect_cmp);
	return hit != NULL ? hit->live : id;
}

/* Room for one more referral in s; the new item, zeroed. */
static struct roster_item *
roster_add(struct roster_set *s)
{
	if (s->n == s->cap) {
		s->cap = s->cap > 0 ? 2 * s->cap : 256;
		s->items = xreallocarray(s->items, s->cap, sizeof *s->items);
		s->refs = xreallocarray(s->refs, s->cap, sizeof *s->refs);
	}
	memset(&s->items[s->n], 0, sizeof s->items[s->n]);
	memset(&s->refs[s->n], 0, sizeof s->refs[s->n]);
	return &s->items[s->n++];
}

/*
 * Add the referral of the current row of stmt to s: id, number, seeker,
 * employer, office, status, referral and outcome days in the columns from
 * col on.
 */
static void
roster_read(struct roster_set *s, sqlite3_stmt *stmt, int col)
{
	struct roster_item *it = roster_add(s);
	struct roster_referral *r = &s->refs[s->n - 1];
	const char *status = st_column_text(stmt, col + 5);

	roster_copy(it->id, sizeof it->id, st_column_text(stmt, col));
	roster_copy(it->number, sizeof it->number, st_column_text(stmt, col + 1));
	roster_copy(it->seeker, sizeof it->seeker, st_column_text(stmt, col + 2));
	roster_copy(it->employer, sizeof it->employer,
	    roster_live(s->merged, s->nmerged, st_column_text(stmt, col + 3)));
	roster_copy(it->office, sizeof it->office, st_column_text(stmt, col + 4));
	r->referred = roster_day(st_column_text(stmt, col + 6));
	if (strcmp(status, "hired") == 0) {
		r->state = ROSTER_HIRED;
		r->hired = roster_day(st_column_text(stmt, col + 7));
	} else
		r->state = strcmp(status, "issued") == 0 ? ROSTER_OPEN : ROSTER_CLOSED;
}

/* The columns roster_read reads, from r. */
#define ROSTER_READ_COLS "r.id, r.number, r.seeker_id, r.employer_id, r.office, r.status, " \
	"r.registered_on, r.outcome_on"

/* qsort: rowids. */
static int
roster_rowid_cmp(const void *a, const void *b)
{
	sqlite3_int64 x = *(const sqlite3_int64 *)a, y = *(const sqlite3_int64 *)b;

	return x < y ? -1 : x > y;
}

/* An item and the id it is looked up by (and its prefix), for sorting. */
struct roster_keyed {
	uint64_t		 prefix;
	const char		*id;
	struct roster_item	*item;
};

/* qsort: keyed items by their id. */
static int
roster_keyed_cmp(const void *a, const void *b)
{
	const struct roster_keyed *x = a, *y = b;

	if (x->prefix != y->prefix)
		return x->prefix < y->prefix ? -1 : 1;
	return strcmp(x->id, y->id);
}

/*
 * Put the people of the n hires read (their items from first on), each
 * once, into temp.roster_person in the order of their keys: inserts in
 * key order append to the table's tree, where inserts in the order the
 * hires are read land all over it. 0 or -1.
 */
static int
roster_hires_keep(struct store *st, struct roster_set *s, size_t first, size_t n)
{
	struct roster_keyed *by = xcalloc(n > 0 ? n : 1, sizeof *by);
	sqlite3_stmt *person;
	size_t i;
	int rc = 0;

	for (i = 0; i < n; i++) {
		by[i].item = &s->items[first + i];
		by[i].id = by[i].item->seeker;
		by[i].prefix = roster_prefix(by[i].id);
	}
	if (n > 1)
		qsort(by, n, sizeof *by, roster_keyed_cmp);
	person = st_prepare(st, "INSERT INTO temp.roster_person (id, person) VALUES (?1, ?1)");
	for (i = 0; i < n && rc == 0; i++) {
		if (i > 0 && by[i].prefix == by[i - 1].prefix && strcmp(by[i].id, by[i - 1].id) == 0)
			continue;
		st_bind_text(person, 1, by[i].id);
		if (sqlite3_step(person) != SQLITE_DONE)
			rc = -1;
		sqlite3_reset(person);
	}
	sqlite3_finalize(person);
	free(by);
	return rc;
}

/* A referral to read by its rowid, and where it stands in the order its index gave it. */
struct roster_rowref {
	sqlite3_int64	rid;
	size_t		seq;
	char		person[IDENT_LEN + 1];	/* the person it counts for, "" for its own */
};

/* qsort: rowrefs by rowid. */
static int
roster_rowref_cmp(const void *a, const void *b)
{
	const struct roster_rowref *x = a, *y = b;

	return x->rid < y->rid ? -1 : x->rid > y->rid;
}

/*
 * Add to s the referrals of the n rowrefs that stmt returns, in_scope as
 * given, each counted for its rowref's person if it names one; their
 * rowids into *kept (sorted) when kept is not NULL. With each, stmt is
 * run for each rowref (?1 its rowid; the columns roster_read reads);
 * else it is run once and returns the rows with their rowid first, those
 * of no rowref passed over. Either way the table is read in the order of
 * the rowids, so that each of its pages is read once however an index
 * scatters the rows over it, and the referrals are then put in the order
 * the index gave them, as a search of the index would have read them.
 * 0 or -1.
 */
static int
roster_fetch(struct roster_set *s, sqlite3_stmt *stmt, int each, struct roster_rowref *ref,
    size_t n, int in_scope, sqlite3_int64 **kept, size_t *nkept)
{
	size_t *at = xcalloc(n > 0 ? n : 1, sizeof *at);	/* by seq: the place in s, plus 1 */
	struct roster_item *items;
	struct roster_referral *refs;
	size_t first = s->n, m = 0, i = 0;
	int rc = SQLITE_DONE;

	if (n > 1)
		qsort(ref, n, sizeof *ref, roster_rowref_cmp);
	if (kept != NULL)
		*kept = xcalloc(n > 0 ? n : 1, sizeof **kept);
	for (;;) {
		struct roster_rowref key, *r = NULL;

		if (each) {
			if (i == n)
				break;
			r = &ref[i++];
			sqlite3_reset(stmt);
			st_bind_int(stmt, 1, r->rid);
		}
		if ((rc = sqlite3_step(stmt)) != SQLITE_ROW) {
			if (rc != SQLITE_DONE) {
				rc = SQLITE_ERROR;
				break;
			}
			if (each)
				continue;
			break;
		}
		if (!each) {
			key.rid = sqlite3_column_int64(stmt, 0);
			if ((r = bsearch(&key, ref, n, sizeof *ref, roster_rowref_cmp)) == NULL)
				continue;
		}
		roster_read(s, stmt, !each);
		s->items[s->n - 1].in_scope = in_scope;
		if (r->person[0] != '\0')
			roster_copy(s->items[s->n - 1].person, sizeof s->items[s->n - 1].person,
			    r->person);
		if (kept != NULL)
			(*kept)[m] = r->rid;
		m++;
		at[r->seq] = s->n;
	}
	sqlite3_reset(stmt);
	if (nkept != NULL) {
		*nkept = m;
		for (i = 1; i < m && (*kept)[i - 1] < (*kept)[i]; i++)
			;
		if (i < m)
			qsort(*kept, m, sizeof **kept, roster_rowid_cmp);
	}
	/* Back in the index's order: the places by seq, the ones not read passed over. */
	items = xcalloc(m > 0 ? m : 1, sizeof *items);
	refs = xcalloc(m > 0 ? m : 1, sizeof *refs);
	for (i = 0, m = 0; i < n; i++)
		if (at[i] > 0) {
			items[m] = s->items[at[i] - 1];
			refs[m++] = s->refs[at[i] - 1];
		}
	if (m > 0) {
		memcpy(&s->items[first], items, m * sizeof *items);
		memcpy(&s->refs[first], refs, m * sizeof *refs);
	}
	free(items);
	free(refs);
	free(at);
	return rc == SQLITE_ERROR ? -1 : 0;
}

/* Room for one more rowref in *ref (of *cap); the new one, zeroed. */
static struct roster_rowref *
roster_rowref_add(struct roster_rowref **ref, size_t *n, size_t *cap)
{
	if (*n == *cap) {
		*cap = *cap > 0 ? 2 * *cap : 256;
		*ref = xreallocarray(*ref, *cap, sizeof **ref);
	}
	memset(&(*ref)[*n], 0, sizeof **ref);
	(*ref)[*n].seq = *n;
	return &(*ref)[(*n)++];
}

/*
 * Read the hires of the period by an office of the scope into s (the
 * rows the roster may show), their rowids into s->hired and their
 * records into temp.roster_person. The index finds them (it holds their
 * rowids); the table is read in its own order. 0 or -1.
 */
static int
roster_hires(struct store *st, const struct report_query *q, struct roster_set *s)
{
	struct roster_rowref *ref = NULL;
	sqlite3_stmt *stmt;
	char from[11], to[11];
	size_t first = s->n, n = 0, cap = 0;
	int rc;

	if (st_exec(st, "CREATE TEMP TABLE IF NOT EXISTS roster_person (id TEXT PRIMARY KEY, "
	    "person TEXT NOT NULL) WITHOUT ROWID") != 0 ||
	    st_exec(st, "DELETE FROM temp.roster_person") != 0)
		return -1;
	date_format(q->from, from);
	date_format(q->to, to);
	stmt = st_prepare(st, "SELECT rowid FROM referral "
	    "WHERE status = 'hired' AND outcome_on >= ?1 AND outcome_on <= ?2");
	st_bind_text(stmt, 1, from);
	st_bind_text(stmt, 2, to);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		roster_rowref_add(&ref, &n, &cap)->rid = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		free(ref);
		return -1;
	}
	/* The same search again, its rowids in order: the rows in the table's order. */
	stmt = st_prepare(st, "SELECT r.rowid, " ROSTER_READ_COLS " FROM referral r, "
	    "temp.report_scope o WHERE r.rowid IN (SELECT rowid FROM referral "
	    "WHERE status = 'hired' AND outcome_on >= ?1 AND outcome_on <= ?2) "
	    "AND r.deleted = 0 AND o.office = r.office");
	st_bind_text(stmt, 1, from);
	st_bind_text(stmt, 2, to);
	rc = roster_fetch(s, stmt, 0, ref, n, 1, &s->hired, &s->nhired);
	sqlite3_finalize(stmt);
	if (rc == 0)
		rc = roster_hires_keep(st, s, first, s->nhired);
	free(ref);
	return rc;
}

/*
 * Map the people of temp.roster_person to their records after merges (a
 * merged record's hire is its survivor's), and add every record merged
 * into them, as far as redirects go, so that a person's referrals under
 * an older record count as theirs; from the (few) records merged away,
 * never a lookup for each person. 0 or -1.
 */
static int
roster_merges(struct store *st, struct roster_set *s)
{
	sqlite3_stmt *stmt;
	size_t i;

	if (roster_redirects(st, kind_get(KIND_SEEKER), "SELECT id FROM temp.roster_person "
	    "WHERE id IN (SELECT id FROM seeker WHERE replaced_by IS NOT NULL)", &s->seekers,
	    &s->nseekers) != 0)
		return -1;
	for (i = 0; i < s->nseekers; i++) {
		stmt = st_stmt(st, "UPDATE temp.roster_person SET person = ?2 WHERE id = ?1");
		st_bind_text(stmt, 1, s->seekers[i].id);
		st_bind_text(stmt, 2, s->seekers[i].live);
		if (st_stmt_step_done(st, stmt) != 0)
			return -1;
	}
	for (i = 0; i < s->n; i++)
		roster_copy(s->items[i].person, sizeof s->items[i].person,
		    roster_live(s->seekers, s->nseekers, s->items[i].seeker));
	stmt = st_prepare(st, "INSERT OR IGNORE INTO temp.roster_person (id, person) "
	    "WITH RECURSIVE down(id, person, depth) AS ("
	    "SELECT person, person, 0 FROM temp.roster_person WHERE id <> person UNION "
	    "SELECT s.id, p.person, 1 FROM seeker s JOIN temp.roster_person p "
	    "ON p.id = s.replaced_by UNION "
	    "SELECT s.id, d.person, d.depth + 1 FROM down d JOIN seeker s ON s.replaced_by = d.id "
	    "WHERE d.depth < ?1) SELECT id, person FROM down");
	st_bind_int(stmt, 1, ROW_REDIRECT_MAX);
	return st_step_done(st, stmt);
}

/*
 * Read the other referrals of the people placed, made up to the period's
 * end (the later ones decide nothing the period shows): those the rules
 * weigh the hires against, never shown. Their rowids come person by
 * person from the index (CROSS JOIN keeps that order: its pages in turn);
 * the table is read in its own order. 0 or -1.
 */
static int
roster_history(struct store *st, const struct report_query *q, struct roster_set *s)
{
	struct roster_rowref *ref = NULL;
	sqlite3_stmt *stmt;
	char to[11];
	size_t n = 0, cap = 0;
	int rc;

	date_format(q->to, to);
	stmt = st_prepare(st, "SELECT p.person, r.rowid FROM temp.roster_person p "
	    "CROSS JOIN referral r ON r.seeker_id = p.id");
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		sqlite3_int64 rid = sqlite3_column_int64(stmt, 1);
		struct roster_rowref *r;

		/* The hires read already. */
		if (bsearch(&rid, s->hired, s->nhired, sizeof *s->hired, roster_rowid_cmp) != NULL)
			continue;
		r = roster_rowref_add(&ref, &n, &cap);
		roster_copy(r->person, sizeof r->person, st_column_text(stmt, 0));
		r->rid = rid;
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		free(ref);
		return -1;
	}
	stmt = st_prepare(st, "SELECT " ROSTER_READ_COLS " FROM referral r "
	    "WHERE r.rowid = ?1 AND r.deleted = 0 AND r.registered_on <= ?2");
	st_bind_text(stmt, 2, to);
	rc = roster_fetch(s, stmt, 1, ref, n, 0, NULL, NULL);
	sqlite3_finalize(stmt);
	free(ref);
	return rc;
}

/* A hire's referral service to look up, by the id it derives. */
struct roster_event {
	char	id[IDENT_LEN + 1];
	size_t	i;		/* the referral's index in the set */
};

/* qsort: events by id. */
static int
roster_event_cmp(const void *a, const void *b)
{
	return strcmp(((const struct roster_event *)a)->id, ((const struct roster_event *)b)->id);
}

/*
 * The ledger's word on each hire of s: free (and its basis), paid, or not
 * there. The services are found by the id every terminal derives for a
 * referral's, looked up in the order of the ids in the index of the
 * referrals' services alone (migration 0021); an id not there is looked
 * up in the whole ledger, as the row a sync brought is the ledger's word
 * whatever its type says. 0 or -1.
 */
static int
roster_ledger(struct store *st, struct roster_set *s)
{
	struct roster_event *ev = xcalloc(s->n > 0 ? s->n : 1, sizeof *ev);
	sqlite3_stmt *ledger, *anywhere;
	size_t i, n = 0;
	int rc = SQLITE_DONE;

	for (i = 0; i < s->n; i++)
		if (s->refs[i].state == ROSTER_HIRED) {
			st_service_id(st, "referral", s->items[i].seeker, s->items[i].id, ev[n].id);
			ev[n++].i = i;
		}
	qsort(ev, n, sizeof *ev, roster_event_cmp);
	ledger = st_prepare(st, "SELECT free, basis FROM service_event "
	    "INDEXED BY service_event_referral WHERE id = ?1 AND type = 'referral'");
	anywhere = st_prepare(st, "SELECT free, basis FROM service_event WHERE id = ?1");
	for (i = 0; i < n && rc != SQLITE_ERROR; i++) {
		struct roster_referral *r = &s->refs[ev[i].i];
		sqlite3_stmt *stmt = ledger;

		st_bind_text(ledger, 1, ev[i].id);
		if ((rc = sqlite3_step(ledger)) == SQLITE_DONE) {
			stmt = anywhere;
			st_bind_text(anywhere, 1, ev[i].id);
			rc = sqlite3_step(anywhere);
		}
		if (rc == SQLITE_ROW) {
			r->ledger = sqlite3_column_int(stmt, 0) ? ROSTER_FREE : ROSTER_PAID;
			roster_copy(s->items[ev[i].i].basis, sizeof s->items[ev[i].i].basis,
			    st_column_text(stmt, 1));
		} else if (rc == SQLITE_DONE)
			r->ledger = ROSTER_UNKNOWN;
		else
			rc = SQLITE_ERROR;
		sqlite3_reset(ledger);
		sqlite3_reset(anywhere);
	}
	sqlite3_finalize(ledger);
	sqlite3_finalize(anywhere);
	free(ev);
	return rc == SQLITE_ERROR ? -1 : 0;
}

/*
 * Read every referral the roster weighs: the period's hires by the
 * offices asked for, the people's other referrals, merges followed, the
 * ledger's word on each hire; then point the rules' view at them. 0 or -1.
 */
static int
roster_load(struct store *st, const struct report_query *q, struct roster_set *s)
{
	size_t i;

	if (roster_redirects(st, kind_get(KIND_EMPLOYER), "SELECT id FROM employer "
	    "WHERE replaced_by IS NOT NULL", &s->merged, &s->nmerged) != 0 ||
	    roster_hires(st, q, s) != 0 || roster_merges(st, s) != 0 ||
	    roster_history(st, q, s) != 0 || roster_ledger(st, s) != 0)
		return -1;
	/* The items stay where they are from here on. */
	for (i = 0; i < s->n; i++) {
		s->refs[i].number = s->items[i].number;
		s->refs[i].person = s->items[i].person;
		s->refs[i].employer = s->items[i].employer;
		s->refs[i].office = s->items[i].office;
	}
	return 0;
}

/*
 * What roster_names reads for the rows shown: the record an item names by
 * its id (the person's or the employer's) and the two texts of it that the
 * roster prints, from an index that holds them (migration 0021), kept in
 * the item's two text offsets.
 */
struct roster_lookup {
	size_t		 id;		/* offsetof the id in struct roster_item */
	const char	*sql;		/* the two texts of the record with id ?1 */
	size_t		 first, second;	/* offsetof where they are kept */
};

static const struct roster_lookup roster_person_lookup = {
	.id = offsetof(struct roster_item, person),
	.sql = "SELECT name, coalesce(id_number, '') FROM seeker INDEXED BY seeker_roster "
	    "WHERE id = ?1",
	.first = offsetof(struct roster_item, name),
	.second = offsetof(struct roster_item, idnum),
};

static const struct roster_lookup roster_employer_lookup = {
	.id = offsetof(struct roster_item, employer),
	.sql = "SELECT coalesce(uscc, ''), name FROM employer INDEXED BY employer_roster "
	    "WHERE id = ?1",
	.first = offsetof(struct roster_item, uscc),
	.second = offsetof(struct roster_item, employer_name),
};

/* An item's text offset at offsetof off. */
static size_t *
roster_slot(struct roster_item *it, size_t off)
{
	return (size_t *)(void *)((char *)it + off);
}

/*
 * The two texts of the record each of the n rows shown names (its person's
 * name and ID number, or its employer's credit code and name), as the
 * records say now, each record read once and in the order of the ids. 0 or -1.
 */
static int
roster_names(struct store *st, struct roster_set *s, struct roster_referral *const *shown,
    size_t n, const struct roster_lookup *l)
{
	struct roster_keyed *k = xcalloc(n > 0 ? n : 1, sizeof *k);
	sqlite3_stmt *stmt;
	size_t i;
	int rc = SQLITE_DONE;

	for (i = 0; i < n; i++) {
		k[i].item = &s->items[shown[i] - s->refs];
		k[i].id = (const char *)k[i].item + l->id;
		k[i].prefix = roster_prefix(k[i].id);
	}
	if (n > 1)
		qsort(k, n, sizeof *k, roster_keyed_cmp);
	stmt = st_prepare(st, l->sql);
	for (i = 0; i < n && rc != SQLITE_ERROR; i++) {
		size_t *first = roster_slot(k[i].item, l->first);
		size_t *second = roster_slot(k[i].item, l->second);

		if (i > 0 && k[i].prefix == k[i - 1].prefix && strcmp(k[i].id, k[i - 1].id) == 0) {
			*first = *roster_slot(k[i - 1].item, l->first);
			*second = *roster_slot(k[i - 1].item, l->second);
			continue;
		}
		st_bind_text(stmt, 1, k[i].id);
		if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
			*first = roster_keep(s, st_column_text(stmt, 0));
			*second = roster_keep(s, st_column_text(stmt, 1));
		} else if (rc == SQLITE_DONE)
			*first = *second = roster_keep(s, "");
		else
			rc = SQLITE_ERROR;
		sqlite3_reset(stmt);
	}
	sqlite3_finalize(stmt);
	free(k);
	return rc == SQLITE_ERROR ? -1 : 0;
}

/* A free basis's name in the report's language, named once per roster. */
static const char *
roster_basis_name(struct store *st, struct roster_set *s, const char *code, int chinese)
{
	size_t i;

	for (i = 0; i < s->nbases; i++)
		if (strcmp(s->bases[i].code, code) == 0)
			return s->bases[i].name;
	s->bases = xreallocarray(s->bases, s->nbases + 1, sizeof *s->bases);
	roster_copy(s->bases[s->nbases].code, sizeof s->bases[s->nbases].code, code);
	service_basis_name(st, code, chinese, s->bases[s->nbases].name,
	    sizeof s->bases[s->nbases].name);
	return s->bases[s->nbases++].name;
}

/* The roster's columns (the same keys in both tables, so that CSV has one header row). */
static void
roster_columns(struct report_table *t, int apart)
{
	static const char *const checks[ROSTER_NCHECKS][2] = {
		{ "check1", "check1_on" }, { "check3", "check3_on" }, { "check6", "check6_on" },
	};
	size_t m;

	/* TRANSLATORS: the roster's column of referral letter numbers. */
	report_column(t, "number", _("Letter"), REPORT_LEFT);
	report_column_flags(t, REPORT_COL_WHOLE);
	report_column(t, "name", _("Name"), REPORT_LEFT);
	/* The ID number and the credit code whole: the claim's file, not the screen's. */
	report_column(t, "id_number", NULL, REPORT_LEFT);
	report_column(t, "employer_uscc", NULL, REPORT_LEFT);
	report_column(t, "employer", apart ? NULL : _("Employer"), REPORT_LEFT);
	report_column(t, "referred_on", NULL, REPORT_LEFT);
	/* TRANSLATORS: the roster's column of hire dates. */
	report_column(t, "hired_on", apart ? NULL : _("Hired"), REPORT_LEFT);
	report_column_flags(t, REPORT_COL_WHOLE);
	for (m = 0; m < ROSTER_NCHECKS; m++) {
		report_column(t, checks[m][0], NULL, REPORT_LEFT);
		report_column(t, checks[m][1], NULL, REPORT_LEFT);
	}
	if (!apart) {
		/* TRANSLATORS: the roster's short column of the 1-, 3- and 6-month checks. */
		report_column(t, "checks", _("Checks 1/3/6"), REPORT_LEFT);
		report_column_flags(t, REPORT_COL_TEXT | REPORT_COL_WHOLE);
	}
	report_column(t, "basis", NULL, REPORT_LEFT);
	report_column(t, "office", NULL, REPORT_LEFT);
	report_column(t, "rule", NULL, REPORT_LEFT);
	/* TRANSLATORS: the column of the rule a placement held back from the roster fails. */
	report_column(t, "reason", apart ? _("Rule") : NULL, REPORT_LEFT);
	/* TRANSLATORS: the letter that holds a placement back (an earlier claim, the first referral). */
	report_column(t, "before", apart ? _("Letter before") : NULL, REPORT_LEFT);
	report_column_flags(t, REPORT_COL_WHOLE);
}

/* The number of the roster's columns (roster_columns of the roster; one fewer apart). */
#define ROSTER_NCOLS	19

/* A check's words: the CSV's, and the short one of the text's column. */
static const char *
roster_check_words(enum roster_check c, int brief)
{
	switch (c) {
	case ROSTER_CHECK_INSURED:
		/* TRANSLATORS: the roster's short word for a check: employed and insured. */
		return brief ? _("ins") : _("employed, insured");
	case ROSTER_CHECK_EMPLOYED:
		/* TRANSLATORS: the roster's short word for a check: employed, not insured. */
		return brief ? _("emp") : _("employed, not insured");
	case ROSTER_CHECK_LEFT:
		/* TRANSLATORS: the roster's short word for a check: no longer employed. */
		return brief ? _("left") : _("not employed");
	case ROSTER_CHECK_DUE:
		/* TRANSLATORS: the roster's short word for a check whose day has come, not made. */
		return brief ? _("due") : _("due, not made");
	case ROSTER_CHECK_LATER:
		break;
	}
	return brief ? "-" : "";
}

/* The code and the words of a rule a placement fails. */
static void
roster_rule(enum roster_verdict v, const char **code, const char **words)
{
	switch (v) {
	case ROSTER_EMPLOYER_AGAIN:
		*code = "employer_once";
		/* TRANSLATORS: held back: the person was on the roster with this employer before. */
		*words = _("same employer before");
		break;
	case ROSTER_YEAR_AGAIN:
		*code = "once_a_year";
		/* TRANSLATORS: held back: the person was on the roster earlier this year. */
		*words = _("already this year");
		break;
	case ROSTER_NOT_FIRST:
		*code = "first_office";
		/* TRANSLATORS: held back: another office referred the person to the employer first. */
		*words = _("referred first by");
		break;
	default:
		*code = "no_ledger";
		/* TRANSLATORS: held back: the hire's referral service is not in the services' ledger. */
		*words = _("not in the ledger");
		break;
	}
}

/* Append text to the string out of size bytes, cut where it is full (as snprintf cuts). */
static void
roster_append(char *out, size_t size, const char *text)
{
	size_t have = strlen(out), n = strlen(text);

	if (have + 1 >= size)
		return;
	if (n > size - have - 1)
		n = size - have - 1;
	memcpy(out + have, text, n);
	out[have + n] = '\0';
}

/*
 * Whether a check of a month (stamp, id) stands over the one kept (made,
 * at, id): the latest stamp, then the greatest id, as SQL orders them.
 */
static int
roster_check_later(int made, const char *at, const char *id, const char *stamp,
    const char *check)
{
	int c;

	if (!made)
		return 1;
	c = strcmp(stamp, at);
	return c > 0 || (c == 0 && strcmp(check, id) > 0);
}

/*
 * One row of the roster or of the placements held back: the person and
 * the employer as their records say now, the checks made on the
 * referral (the latest of each month) or when they are due. 0 or -1.
 */
static int
roster_row(struct store *st, const struct report_query *q, struct report_table *t,
    struct roster_set *s, size_t i)
{
	const struct roster_item *it = &s->items[i];
	const struct roster_referral *r = &s->refs[i];
	char referred[11], hired[11], on[ROSTER_NCHECKS][11], checks[64] = "";
	char *at[ROSTER_NCHECKS] = { NULL }, *id[ROSTER_NCHECKS] = { NULL };
	int made[ROSTER_NCHECKS] = { 0 }, employed[ROSTER_NCHECKS] = { 0 },
	    insured[ROSTER_NCHECKS] = { 0 };
	const char *cells[ROSTER_NCOLS], *rule = "", *words = "", *basis = "";
	sqlite3_stmt *stmt;
	size_t m, c = 0;
	int rc;

	/* A later check of a month (by its stamp, then its id) stands over an earlier one. */
	stmt = s->checks;
	st_bind_text(stmt, 1, it->id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		long month = strtol(st_column_text(stmt, 0), NULL, 10);
		const char *stamp = st_column_text(stmt, 4), *check = st_column_text(stmt, 5);

		for (m = 0; m < ROSTER_NCHECKS; m++)
			if (roster_check_months[m] == month && roster_check_later(made[m], at[m],
			    id[m], stamp, check)) {
				made[m] = 1;
				roster_copy(on[m], sizeof on[m], st_column_text(stmt, 1));
				employed[m] = sqlite3_column_int(stmt, 2);
				insured[m] = sqlite3_column_int(stmt, 3);
				free(at[m]);
				free(id[m]);
				at[m] = xstrdup(stamp);
				id[m] = xstrdup(check);
			}
	}
	for (m = 0; m < ROSTER_NCHECKS; m++) {
		free(at[m]);
		free(id[m]);
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return -1;
	roster_day_text(r->referred, referred);
	roster_day_text(r->hired, hired);
	if (r->ledger == ROSTER_FREE)
		basis = roster_basis_name(st, s, it->basis, q->chinese);
	if (r->verdict != ROSTER_CLAIM)
		roster_rule(r->verdict, &rule, &words);
	cells[c++] = it->number;
	cells[c++] = roster_text(s, it->name);
	cells[c++] = roster_text(s, it->idnum);
	cells[c++] = roster_text(s, it->uscc);
	cells[c++] = roster_text(s, it->employer_name);
	cells[c++] = referred;
	cells[c++] = hired;
	for (m = 0; m < ROSTER_NCHECKS; m++) {
		int due = roster_check_due(r->hired, roster_check_months[m]);
		enum roster_check state = roster_check_state(made[m], employed[m], insured[m],
		    due, q->today);

		if (!made[m])
			roster_day_text(due, on[m]);
		cells[c++] = roster_check_words(state, 0);
		cells[c++] = on[m];
		if (m > 0)
			roster_append(checks, sizeof checks, " ");
		roster_append(checks, sizeof checks, roster_check_words(state, 1));
	}
	if (r->verdict == ROSTER_CLAIM)
		cells[c++] = checks;
	cells[c++] = basis;
	cells[c++] = it->office;
	cells[c++] = rule;
	cells[c++] = words;
	cells[c++] = r->verdict >= ROSTER_EMPLOYER_AGAIN ? s->items[r->because].number : "";
	if (c != t->ncols)
		fatalx("roster_row: %zu cells for %zu columns", c, t->ncols);
	report_row(t, REPORT_ROW, cells);
	return 0;
}

/* qsort: shown referrals (pointers into a set's refs) by hire date, referral date, letter. */
static int
roster_shown_cmp(const void *a, const void *b)
{
	const struct roster_referral *x = *(const struct roster_referral *const *)a;
	const struct roster_referral *y = *(const struct roster_referral *const *)b;

	if (x->hired != y->hired)
		return x->hired < y->hired ? -1 : 1;
	if (x->referred != y->referred)
		return x->referred < y->referred ? -1 : 1;
	return strcmp(x->number, y->number);
}

/* The roster of q, read in one transaction with the audit record it leaves. */
int
report_roster(struct store *st, const struct report_query *q, struct report *r, char *err,
    size_t errlen)
{
	struct roster_set s;
	struct report_table *claims, *apart;
	struct roster_referral **shown = NULL;
	size_t nshown = 0, nclaims = 0, i;
	int rc = -1;

	memset(&s, 0, sizeof s);
	/* TRANSLATORS: the title of the subsidy roster (花名册). */
	report_init(r, "roster", _("Subsidy roster: placements through a free referral"));
	if (st_begin(st) != 0) {
		snprintf(err, errlen, _("the database is busy: %s"), store_errmsg(st));
		return -1;
	}
	if (report_scope(st, q->office, err, errlen) != 0)
		goto fail;
	if (roster_load(st, q, &s) != 0)
		goto dberr;
	roster_decide(s.refs, s.n);
	/* The period's placements by the offices asked for, on either list. */
	shown = xcalloc(s.n > 0 ? s.n : 1, sizeof *shown);
	for (i = 0; i < s.n; i++)
		if (s.refs[i].verdict != ROSTER_NONE && s.items[i].in_scope &&
		    s.refs[i].hired >= q->from && s.refs[i].hired <= q->to) {
			shown[nshown++] = &s.refs[i];
			nclaims += s.refs[i].verdict == ROSTER_CLAIM;
		}
	qsort(shown, nshown, sizeof *shown, roster_shown_cmp);

	report_note_query(st, r, q);
	report_note(r, _("Hired in the period through a free referral: %zu on the roster, "
	    "%zu held back by a rule."), nclaims, nshown - nclaims);
	report_note(r, "%s", _("Checks after 1, 3 and 6 months: ins employed and insured, emp "
	    "employed, left no longer employed, due not made, - not due yet."));
	claims = report_table_add(r, "roster", _("On the roster"));
	roster_columns(claims, 0);
	apart = report_table_add(r, "held_back", _("Held back by a rule"));
	roster_columns(apart, 1);
	if (roster_names(st, &s, shown, nshown, &roster_person_lookup) != 0 ||
	    roster_names(st, &s, shown, nshown, &roster_employer_lookup) != 0)
		goto dberr;
	/* Each referral's checks, in no order: roster_row keeps the latest of a month. */
	s.checks = st_prepare(st, "SELECT month, checked_on, employed, insured, at, id "
	    "FROM placement_check WHERE referral_id = ?1");
	for (i = 0; i < nshown; i++)
		if (roster_row(st, q, shown[i]->verdict == ROSTER_CLAIM ? claims : apart, &s,
		    (size_t)(shown[i] - s.refs)) != 0)
			goto dberr;
	/*
	 * An export of personal data (ID numbers whole in CSV and JSON), audited
	 * as the exports are: one record, whatever it names.
	 */
	if (st_audit(st, kind_get(KIND_SEEKER)->name, "*", "roster") != 0 ||
	    st_commit(st) != 0)
		goto dberr;
	rc = 0;
	goto out;
dberr:
	snprintf(err, errlen, _("cannot read the roster: %s"), store_errmsg(st));
fail:
	st_rollback(st);
out:
	free(shown);
	free(s.items);
	free(s.refs);
	free(s.seekers);
	free(s.hired);
	free(s.merged);
	free(s.bases);
	buf_free(&s.text);
	sqlite3_finalize(s.checks);
	return rc;
}
