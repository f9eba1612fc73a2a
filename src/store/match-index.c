/*
 * The matching index. Each side is an array of compact rows sorted by
 * rid (a row's INTEGER PRIMARY KEY, which never changes), 72 bytes a
 * seeker and 64 a vacancy; a row that stops being open is marked empty
 * and the array is compacted when a quarter of it is. Texts (codes,
 * statuses, categories) are interned in one pool of a few thousand
 * strings that only grows, so that a row holds numbers and a judged pair
 * points at the pool, whatever is rebuilt.
 *
 * Up to date means: every row written since the build, as the journal
 * (migration 0006) lists them, read again by rid. The journal's seq says
 * how far this process has read; a gap (the journal was trimmed past it,
 * or went back), an 'all' entry, or more entries than an eighth of the
 * rows rebuild the sides from scratch, which costs one read of the open
 * records; so does a list of a day earlier than its side's build.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "core/check.h"
#include "core/kind.h"
#include "store/match-index.h"

/* A side's rows start with this. */
struct mi_key {
	int64_t		rid;
	uint32_t	status;		/* the status text, MI_EMPTY for a record not open any more */
};
#define MI_EMPTY	UINT32_MAX

/* A seeker's row: the numbers of struct match_seeker, texts as pool numbers. */
struct mi_seeker {
	struct mi_key	key;
	int32_t		valid_until, birth_date, registered_on, desired_wage, education_rank;
	uint32_t	education, occupations[MATCH_OCCUPATIONS], desired_district, district,
			street, category, hardship;
};

/* A vacancy's row likewise. */
struct mi_vacancy {
	struct mi_key	key;
	int32_t		valid_until, registered_on, headcount, filled, wage_min, wage_max;
	int16_t		age_min, age_max, education_rank;
	uint8_t		public_welfare, hard_to_recruit;
	uint32_t	education, occupation, district;
};

/* What a district's seekers cost in memory: keep them small. */
_Static_assert(sizeof(struct mi_seeker) <= 72 && sizeof(struct mi_vacancy) <= 64,
    "a matching row grew");

/* One side: n rows of size bytes, sorted by rid, built for a day (YYYYMMDD). */
struct mi_side {
	unsigned char	*rows;
	size_t		 size, n, cap, empty;
	int		 built, day;
};

/* Interned texts: each once, at a number that never changes. */
struct mi_pool {
	char		**text;
	size_t		  n, cap;
	uint32_t	 *slot;		/* open addressing: number + 1, 0 free */
	size_t		  nslots;
	size_t		  bytes;
};

struct match_index {
	struct mi_pool	pool;
	struct mi_side	seekers, vacancies;
	int64_t		seq;		/* the last journal entry read */
};

enum { MI_SEEKERS, MI_VACANCIES };

/* More journal entries than rows / MI_REBUILD_SHARE: reading everything is cheaper. */
#define MI_REBUILD_SHARE	8

static uint32_t
mi_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;

	while (n-- > 0)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/* The number of the text s (n bytes), interned if new. */
static uint32_t
mi_intern(struct mi_pool *p, const char *s, size_t n)
{
	size_t i;

	if (p->n + 1 > p->nslots / 2) {
		size_t nslots = p->nslots ? 2 * p->nslots : 1024, k;
		uint32_t *slot = xcalloc(nslots, sizeof *slot);

		for (k = 0; k < p->n; k++) {
			i = mi_hash(p->text[k], strlen(p->text[k])) & (nslots - 1);
			while (slot[i] != 0)
				i = (i + 1) & (nslots - 1);
			slot[i] = (uint32_t)k + 1;
		}
		free(p->slot);
		p->slot = slot;
		p->nslots = nslots;
	}
	for (i = mi_hash(s, n) & (p->nslots - 1); p->slot[i] != 0; i = (i + 1) & (p->nslots - 1)) {
		const char *t = p->text[p->slot[i] - 1];

		if (strncmp(t, s, n) == 0 && t[n] == '\0')
			return p->slot[i] - 1;
	}
	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 256;
		p->text = xreallocarray(p->text, p->cap, sizeof p->text[0]);
	}
	p->text[p->n] = xmalloc(n + 1);
	memcpy(p->text[p->n], s, n);
	p->text[p->n][n] = '\0';
	p->bytes += n + 1;
	p->slot[i] = (uint32_t)++p->n;
	return (uint32_t)(p->n - 1);
}

/* A column's text interned. */
static uint32_t
mi_column(struct mi_pool *p, sqlite3_stmt *stmt, int col)
{
	return mi_intern(p, st_column_text(stmt, col), (size_t)sqlite3_column_bytes(stmt, col));
}

static struct match_index *
mi_of(struct store *st)
{
	if (st->match_index == NULL)
		st->match_index = xcalloc(1, sizeof *st->match_index);
	return st->match_index;
}

int
match_index_date(const char *text)
{
	char msg[8];
	int ymd, i;

	if (*text == '\0')
		return 0;
	/* Stored dates are canonical: read straight, a build reads three a row. */
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

/* A stored whole number, or dflt when empty, not one, or beyond a row's room. */
static long
mi_long(sqlite3_stmt *stmt, int col, long dflt)
{
	const char *text = st_column_text(stmt, col);
	char *end;
	long v;

	if (*text == '\0')
		return dflt;
	v = strtol(text, &end, 10);
	return *end == '\0' && v >= INT32_MIN && v <= INT32_MAX ? v : dflt;
}

/* A code's rank column: the number, or -1 for none (NULL). */
static int
mi_rank(sqlite3_stmt *stmt, int col)
{
	return sqlite3_column_type(stmt, col) == SQLITE_NULL ? -1 :
	    sqlite3_column_int(stmt, col);
}

/* Read a seeker row into its compact form. */
static void
mi_read_seeker(struct mi_pool *p, sqlite3_stmt *stmt, struct mi_seeker *r)
{
	int i;

	memset(r, 0, sizeof *r);
	r->key.rid = sqlite3_column_int64(stmt, 0);
	r->key.status = mi_column(p, stmt, 1);
	r->valid_until = match_index_date(st_column_text(stmt, 2));
	r->birth_date = match_index_date(st_column_text(stmt, 3));
	r->registered_on = match_index_date(st_column_text(stmt, 4));
	r->education = mi_column(p, stmt, 5);
	r->education_rank = mi_rank(stmt, 6);
	for (i = 0; i < MATCH_OCCUPATIONS; i++)
		r->occupations[i] = mi_column(p, stmt, 7 + i);
	r->desired_wage = (int32_t)mi_long(stmt, 10, 0);
	r->desired_district = mi_column(p, stmt, 11);
	r->district = mi_column(p, stmt, 12);
	r->street = mi_column(p, stmt, 13);
	r->category = mi_column(p, stmt, 14);
	r->hardship = mi_column(p, stmt, 15);
}

static void
mi_seeker_out(const struct mi_pool *p, const struct mi_seeker *r, struct match_seeker *s)
{
	int i;

	s->status = p->text[r->key.status];
	s->valid_until = r->valid_until;
	s->birth_date = r->birth_date;
	s->registered_on = r->registered_on;
	s->education = p->text[r->education];
	s->education_rank = r->education_rank;
	for (i = 0; i < MATCH_OCCUPATIONS; i++)
		s->occupations[i] = p->text[r->occupations[i]];
	s->desired_wage = r->desired_wage;
	s->desired_district = p->text[r->desired_district];
	s->district = p->text[r->district];
	s->street = p->text[r->street];
	s->category = p->text[r->category];
	s->hardship = p->text[r->hardship];
}

static void
mi_read_vacancy(struct mi_pool *p, sqlite3_stmt *stmt, struct mi_vacancy *r)
{
	long age;

	memset(r, 0, sizeof *r);
	r->key.rid = sqlite3_column_int64(stmt, 0);
	r->key.status = mi_column(p, stmt, 1);
	r->valid_until = match_index_date(st_column_text(stmt, 2));
	r->registered_on = match_index_date(st_column_text(stmt, 3));
	r->headcount = (int32_t)mi_long(stmt, 4, 1);
	/* Ages beyond a lifetime are not limits a row can hold: none. */
	age = mi_long(stmt, 5, -1);
	r->age_min = (int16_t)(age >= 0 && age <= 200 ? age : -1);
	age = mi_long(stmt, 6, -1);
	r->age_max = (int16_t)(age >= 0 && age <= 200 ? age : -1);
	r->education = mi_column(p, stmt, 7);
	r->education_rank = (int16_t)(*st_column_text(stmt, 7) != '\0' ? mi_rank(stmt, 8) : -1);
	r->occupation = mi_column(p, stmt, 9);
	r->wage_min = (int32_t)mi_long(stmt, 10, 0);
	r->wage_max = (int32_t)mi_long(stmt, 11, 0);
	r->district = mi_column(p, stmt, 12);
	r->public_welfare = strcmp(st_column_text(stmt, 13), "yes") == 0;
	r->hard_to_recruit = strcmp(st_column_text(stmt, 14), "yes") == 0;
	r->filled = (int32_t)sqlite3_column_int64(stmt, 15);
}

static void
mi_vacancy_out(const struct mi_pool *p, const struct mi_vacancy *r, struct match_vacancy *v)
{
	v->status = p->text[r->key.status];
	v->valid_until = r->valid_until;
	v->registered_on = r->registered_on;
	v->headcount = r->headcount;
	v->filled = r->filled;
	v->age_min = r->age_min;
	v->age_max = r->age_max;
	v->education = p->text[r->education];
	v->education_rank = r->education_rank;
	v->occupation = p->text[r->occupation];
	v->wage_min = r->wage_min;
	v->wage_max = r->wage_max;
	v->district = p->text[r->district];
	v->public_welfare = r->public_welfare;
	v->hard_to_recruit = r->hard_to_recruit;
}

int64_t
match_index_read_seeker(struct store *st, sqlite3_stmt *stmt, struct match_seeker *out)
{
	struct match_index *mi = mi_of(st);
	struct mi_seeker r;

	mi_read_seeker(&mi->pool, stmt, &r);
	mi_seeker_out(&mi->pool, &r, out);
	return sqlite3_column_int64(stmt, 0);
}

int64_t
match_index_read_vacancy(struct store *st, sqlite3_stmt *stmt, struct match_vacancy *out)
{
	struct match_index *mi = mi_of(st);
	struct mi_vacancy r;

	mi_read_vacancy(&mi->pool, stmt, &r);
	mi_vacancy_out(&mi->pool, &r, out);
	return sqlite3_column_int64(stmt, 0);
}

static struct mi_key *
mi_row(const struct mi_side *side, size_t i)
{
	return (struct mi_key *)(void *)(side->rows + i * side->size);
}

/* The slot of rid, or where it would go (*found 0). */
static size_t
mi_find(const struct mi_side *side, int64_t rid, int *found)
{
	size_t lo = 0, hi = side->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int64_t at = mi_row(side, mid)->rid;

		if (at == rid) {
			*found = 1;
			return mid;
		}
		if (at < rid)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = 0;
	return lo;
}

/* Put a row in its place by rid, over the one there if any. */
static void
mi_put(struct mi_side *side, const void *row)
{
	int64_t rid = ((const struct mi_key *)row)->rid;
	int found;
	size_t at = mi_find(side, rid, &found);

	if (found) {
		if (mi_row(side, at)->status == MI_EMPTY)
			side->empty--;
		memcpy(mi_row(side, at), row, side->size);
		return;
	}
	if (side->n == side->cap) {
		side->cap = side->cap ? 2 * side->cap : 1024;
		side->rows = xreallocarray(side->rows, side->cap, side->size);
	}
	/* A new record has the highest rid: its row goes at the end, nothing moves. */
	memmove(mi_row(side, at + 1), mi_row(side, at), (side->n - at) * side->size);
	memcpy(mi_row(side, at), row, side->size);
	side->n++;
}

/* Mark rid's row empty, if it has one; compact when a quarter is empty. */
static void
mi_drop(struct mi_side *side, int64_t rid)
{
	size_t at, i, kept = 0;
	int found;

	at = mi_find(side, rid, &found);
	if (!found || mi_row(side, at)->status == MI_EMPTY)
		return;
	mi_row(side, at)->status = MI_EMPTY;
	if (++side->empty < side->n / 4)
		return;
	for (i = 0; i < side->n; i++)
		if (mi_row(side, i)->status != MI_EMPTY)
			memmove(mi_row(side, kept++), mi_row(side, i), side->size);
	side->n = kept;
	side->empty = 0;
}

/*
 * The query of a side's open records, on the day ?1, and by rid (?2)
 * when one: the records of a kind whose status lapses (core/kind.c) and
 * has not lapsed. Status values come from the kind table, never from input.
 */
static sqlite3_stmt *
mi_open_query(struct store *st, int which, int by_rid)
{
	const struct kind *k = kind_get(which == MI_SEEKERS ? KIND_SEEKER : KIND_VACANCY);
	const char *a = which == MI_SEEKERS ? "s" : "v";
	struct buf sql = BUF_INIT;
	sqlite3_stmt *stmt;
	size_t i, n = 0;

	buf_adds(&sql, which == MI_SEEKERS ?
	    "SELECT " MATCH_INDEX_SEEKER_COLS MATCH_INDEX_SEEKER_FROM :
	    "SELECT " MATCH_INDEX_VACANCY_COLS MATCH_INDEX_VACANCY_FROM);
	buf_addf(&sql, " WHERE %s.deleted = 0 AND %s.valid_until >= ?1 AND %s.status IN (", a, a,
	    a);
	for (i = 0; i < k->nstatuses; i++)
		if (k->statuses[i].lapses)
			buf_addf(&sql, "%s'%s'", n++ > 0 ? ", " : "", k->statuses[i].value);
	buf_addc(&sql, ')');
	if (by_rid)
		buf_addf(&sql, " AND %s.rid = ?2", a);
	stmt = st_prepare(st, buf_str(&sql));
	buf_free(&sql);
	return stmt;
}

static struct mi_side *
mi_side(struct match_index *mi, int which)
{
	return which == MI_SEEKERS ? &mi->seekers : &mi->vacancies;
}

/* Read the open record rid of a side (a prepared mi_open_query by rid) into its row. */
static int
mi_refresh_row(struct match_index *mi, int which, sqlite3_stmt *stmt, int64_t rid)
{
	struct mi_side *side = mi_side(mi, which);
	union {
		struct mi_seeker	s;
		struct mi_vacancy	v;
	} row;
	int rc;

	sqlite3_bind_int64(stmt, 2, rid);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		if (which == MI_SEEKERS)
			mi_read_seeker(&mi->pool, stmt, &row.s);
		else
			mi_read_vacancy(&mi->pool, stmt, &row.v);
		mi_put(side, &row);
	} else if (rc == SQLITE_DONE)
		mi_drop(side, rid);
	sqlite3_reset(stmt);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* Build a side from scratch for the day today: every open record, in rid order. */
static int
mi_build(struct store *st, struct match_index *mi, int which, int today)
{
	struct mi_side *side = mi_side(mi, which);
	sqlite3_stmt *stmt = mi_open_query(st, which, 0);
	char day[11];
	int rc;

	side->n = side->empty = 0;
	side->built = 0;
	side->day = today;
	if (stmt == NULL)
		return -1;
	date_format(today, day);
	st_bind_text(stmt, 1, day);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (side->n == side->cap) {
			side->cap = side->cap ? 2 * side->cap : 1024;
			side->rows = xreallocarray(side->rows, side->cap, side->size);
		}
		if (which == MI_SEEKERS)
			mi_read_seeker(&mi->pool, stmt, (struct mi_seeker *)(void *)mi_row(side, side->n));
		else
			mi_read_vacancy(&mi->pool, stmt,
			    (struct mi_vacancy *)(void *)mi_row(side, side->n));
		side->n++;
	}
	sqlite3_finalize(stmt);
	/* Room for a day's new records, not for as many again as the district's. */
	if (side->cap > side->n + side->n / 16 + 1024) {
		side->cap = side->n + side->n / 16 + 1024;
		side->rows = xreallocarray(side->rows, side->cap, side->size);
	}
	side->built = rc == SQLITE_DONE;
	return side->built ? 0 : -1;
}

/* The journal's last entry, or -1 on an error. */
static int64_t
mi_journal_last(struct store *st, int64_t *first)
{
	sqlite3_stmt *stmt = st_prepare(st, "SELECT coalesce((SELECT max(seq) "
	    "FROM match_journal), 0), coalesce((SELECT min(seq) FROM match_journal), 0)");
	int64_t last = -1;

	if (stmt == NULL)
		return -1;
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		last = sqlite3_column_int64(stmt, 0);
		*first = sqlite3_column_int64(stmt, 1);
	}
	sqlite3_finalize(stmt);
	return last;
}

/*
 * Read the journal's entries after mi->seq up to last into the sides
 * built: 0, 1 when they ask for a rebuild (an 'all' entry, or too many),
 * -1 on an error.
 */
static int
mi_follow(struct store *st, struct match_index *mi, int64_t last)
{
	sqlite3_stmt *entries, *by_rid[2] = { NULL, NULL }, *of_employer = NULL;
	size_t rows = mi->seekers.n + mi->vacancies.n;
	int rc = -1, step;

	entries = st_prepare(st, "SELECT kind, rid FROM match_journal WHERE seq > ?1 AND seq <= ?2 "
	    "ORDER BY seq");
	if (entries == NULL)
		return -1;
	sqlite3_bind_int64(entries, 1, mi->seq);
	sqlite3_bind_int64(entries, 2, last);
	if ((uint64_t)(last - mi->seq) > rows / MI_REBUILD_SHARE + 64) {
		rc = 1;
		goto out;
	}
	while ((step = sqlite3_step(entries)) == SQLITE_ROW) {
		const char *kind = st_column_text(entries, 0);
		int64_t rid = sqlite3_column_int64(entries, 1);
		int which = strcmp(kind, "seeker") == 0 ? MI_SEEKERS : MI_VACANCIES;

		if (strcmp(kind, "all") == 0) {
			rc = 1;
			goto out;
		}
		if (!mi_side(mi, which)->built)
			continue;
		if (by_rid[which] == NULL) {
			char day[11];

			if ((by_rid[which] = mi_open_query(st, which, 1)) == NULL)
				goto out;
			date_format(mi_side(mi, which)->day, day);
			st_bind_text(by_rid[which], 1, day);
		}
		if (strcmp(kind, "employer") != 0) {
			if (mi_refresh_row(mi, which, by_rid[which], rid) != 0)
				goto out;
			continue;
		}
		/* An employer's flag: its vacancies read again. */
		if (of_employer == NULL && (of_employer = st_prepare(st, "SELECT v.rid FROM vacancy v "
		    "JOIN employer e ON e.id = v.employer_id WHERE e.rid = ?1")) == NULL)
			goto out;
		sqlite3_bind_int64(of_employer, 1, rid);
		while ((step = sqlite3_step(of_employer)) == SQLITE_ROW)
			if (mi_refresh_row(mi, MI_VACANCIES, by_rid[which],
			    sqlite3_column_int64(of_employer, 0)) != 0)
				goto out;
		sqlite3_reset(of_employer);
		if (step != SQLITE_DONE)
			goto out;
	}
	rc = step == SQLITE_DONE ? 0 : -1;
out:
	sqlite3_finalize(entries);
	sqlite3_finalize(by_rid[0]);
	sqlite3_finalize(by_rid[1]);
	sqlite3_finalize(of_employer);
	return rc;
}

struct match_index *
match_index_get(struct store *st, int today, int vacancies)
{
	struct match_index *mi = mi_of(st);
	struct mi_side *side = mi_side(mi, vacancies ? MI_VACANCIES : MI_SEEKERS);
	int64_t first = 0, last;
	int rc = 0;

	mi->seekers.size = sizeof(struct mi_seeker);
	mi->vacancies.size = sizeof(struct mi_vacancy);
	if ((last = mi_journal_last(st, &first)) < 0)
		return NULL;
	if (last != mi->seq) {
		/*
		 * Entries trimmed before they were read, or a journal gone back
		 * (a database restored from a copy): nothing tells what changed.
		 */
		if (first > mi->seq + 1 || last < mi->seq)
			rc = 1;
		else if ((rc = mi_follow(st, mi, last)) < 0)
			return NULL;
		if (rc == 1)
			mi->seekers.built = mi->vacancies.built = 0;
		mi->seq = last;
	}
	/*
	 * Rows are kept from the day of the build on: a list of a later day
	 * skips those that lapsed since (match_eval), one of an earlier day
	 * (a clock set back) needs those the build left out.
	 */
	if (side->built && today < side->day)
		side->built = 0;
	if (!side->built && mi_build(st, mi, vacancies ? MI_VACANCIES : MI_SEEKERS, today) != 0)
		return NULL;
	return mi;
}

size_t
match_index_slots(const struct match_index *mi, int vacancies)
{
	return vacancies ? mi->vacancies.n : mi->seekers.n;
}

size_t
match_index_bytes(const struct match_index *mi)
{
	return mi->seekers.cap * mi->seekers.size + mi->vacancies.cap * mi->vacancies.size +
	    mi->pool.bytes + mi->pool.cap * sizeof(char *) + mi->pool.nslots * sizeof(uint32_t);
}

int64_t
match_index_seeker(const struct match_index *mi, size_t i, struct match_seeker *out)
{
	const struct mi_seeker *r = (const struct mi_seeker *)(void *)mi_row(&mi->seekers, i);

	if (r->key.status == MI_EMPTY)
		return 0;
	mi_seeker_out(&mi->pool, r, out);
	return r->key.rid;
}

int64_t
match_index_vacancy(const struct match_index *mi, size_t i, struct match_vacancy *out)
{
	const struct mi_vacancy *r = (const struct mi_vacancy *)(void *)mi_row(&mi->vacancies, i);

	if (r->key.status == MI_EMPTY)
		return 0;
	mi_vacancy_out(&mi->pool, r, out);
	return r->key.rid;
}

void
match_index_free(struct match_index *mi)
{
	size_t i;

	if (mi == NULL)
		return;
	for (i = 0; i < mi->pool.n; i++)
		free(mi->pool.text[i]);
	free(mi->pool.text);
	free(mi->pool.slot);
	free(mi->seekers.rows);
	free(mi->vacancies.rows);
	free(mi);
}
