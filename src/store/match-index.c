/*
 * The matching index. Each side is an array of compact rows sorted by
 * rid (a row's INTEGER PRIMARY KEY, which never changes), 32 bytes a
 * seeker and 36 a vacancy: what judging a pair needs and nothing more (a
 * list reads the few rows it shows again in full). A row that stops
 * being open is marked empty and the array is compacted when a quarter
 * of it is. Texts (codes, categories) are interned in one pool of a few
 * thousand strings that only grows, so that a row holds 16-bit numbers
 * of them, whatever is rebuilt; a list judges each distinct text once
 * (match_index_walk_*). Days are 16-bit numbers from 1900-01-01, later
 * ones held as the last such day: exact for a list of a day before 2079.
 *
 * Up to date means: every row written since the build, as the journal
 * (migration 0006) lists them, read again by rid. The journal's seq says
 * how far this process has read; a gap (the journal was trimmed past it,
 * or went back), an 'all' entry, or more entries than an eighth of the
 * rows rebuild the sides from scratch, which costs one read of the open
 * records; so does a list of a day earlier than its side's build.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "core/check.h"
#include "core/kind.h"
#include "store/match-index.h"

/* A side's rows start with this. */
struct mi_key {
	uint32_t	rid;
	uint8_t		flags;		/* MI_* */
};
#define MI_EMPTY	0x01	/* the record is not open any more */
#define MI_HARDSHIP	0x02	/* a seeker recognised as hard to employ */
#define MI_WELFARE	0x04	/* a public-welfare post */
#define MI_HARD_TO_RECRUIT 0x08	/* a vacancy of an employer that takes on such people */

/* A seeker's row: the numbers of struct match_seeker that judging needs, texts as pool numbers. */
struct mi_seeker {
	uint32_t	rid;
	uint8_t		flags;
	uint8_t		education_rank;	/* the rank + 1, 0 for none */
	uint16_t	category;
	int32_t		birth_date, desired_wage;
	uint16_t	valid_day, registered_day;	/* mi_day_of, 0 for none */
	uint16_t	occupations[MATCH_OCCUPATIONS], street, desired_district, district;
};

/* A vacancy's row likewise. */
struct mi_vacancy {
	uint32_t	rid;
	uint8_t		flags;
	uint8_t		education_rank;	/* the minimum's rank + 1, 0 for none */
	uint16_t	occupation;
	uint16_t	district, valid_day, registered_day;
	int16_t		age_min, age_max;
	int32_t		headcount, filled, wage_min, wage_max;
};

/* What a district's seekers cost in memory: keep them small. */
_Static_assert(sizeof(struct mi_seeker) <= 32 && sizeof(struct mi_vacancy) <= 36,
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
	char		why[160];	/* why a row did not fit, for the list's message */
};

/* A text a list's walk has not judged yet (a level, a depth, flags are never this). */
#define MI_UNJUDGED	(-128)

/* A day number's origin, and the most a row holds. */
#define MI_DAY_ORIGIN	19000101
#define MI_DAY_MAX	UINT16_MAX

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

/* A day as a row holds it: 0 for none, later days as the last it holds. */
static uint16_t
mi_day_of(int ymd)
{
	long d;

	if (ymd == 0)
		return 0;
	d = date_to_days(ymd) - date_to_days(MI_DAY_ORIGIN) + 1;
	return (uint16_t)(d < 1 ? 1 : d > MI_DAY_MAX ? MI_DAY_MAX : d);
}

/* A row's day as days from 1970-01-01 (date_to_days, of origin the origin's), none when it has none. */
static long
mi_day(uint16_t d, long origin, long none)
{
	return d == 0 ? none : d - 1 + origin;
}

/* Say why a row does not fit (once); -1. */
static int
mi_unfit(struct match_index *mi, sqlite3_stmt *stmt, const char *what)
{
	if (mi->why[0] == '\0')
		snprintf(mi->why, sizeof mi->why, _("record %lld: %s"),
		    (long long)sqlite3_column_int64(stmt, 0), what);
	return -1;
}

/* A column's text as a row's 16-bit number of it; 0 or -1 when the pool is full. */
static int
mi_text16(struct match_index *mi, sqlite3_stmt *stmt, int col, uint16_t *out)
{
	uint32_t n = mi_column(&mi->pool, stmt, col);

	if (n > UINT16_MAX)
		return mi_unfit(mi, stmt, _("more different codes than the matching index holds"));
	*out = (uint16_t)n;
	return 0;
}

/* The rid and a code's rank (+ 1, 0 for none) as a row holds them; 0 or -1. */
static int
mi_key_of(struct match_index *mi, sqlite3_stmt *stmt, int rank, uint32_t *rid, uint8_t *r)
{
	int64_t id = sqlite3_column_int64(stmt, 0);

	if (id < 1 || id > (int64_t)UINT32_MAX)
		return mi_unfit(mi, stmt, _("a row number beyond the matching index's"));
	if (rank < -1 || rank > UINT8_MAX - 1)
		return mi_unfit(mi, stmt, _("an education rank beyond the matching index's"));
	*rid = (uint32_t)id;
	*r = (uint8_t)(rank + 1);
	return 0;
}

/* Read a seeker row (MATCH_INDEX_SEEKER_COLS) into its compact form: 0, or -1 if it does not fit. */
static int
mi_read_seeker(struct match_index *mi, sqlite3_stmt *stmt, struct mi_seeker *r)
{
	int i;

	memset(r, 0, sizeof *r);
	if (mi_key_of(mi, stmt, mi_rank(stmt, 6), &r->rid, &r->education_rank) != 0)
		return -1;
	if (*st_column_text(stmt, 15) != '\0')
		r->flags |= MI_HARDSHIP;
	r->valid_day = mi_day_of(match_index_date(st_column_text(stmt, 2)));
	r->birth_date = match_index_date(st_column_text(stmt, 3));
	r->registered_day = mi_day_of(match_index_date(st_column_text(stmt, 4)));
	for (i = 0; i < MATCH_OCCUPATIONS; i++)
		if (mi_text16(mi, stmt, 7 + i, &r->occupations[i]) != 0)
			return -1;
	r->desired_wage = (int32_t)mi_long(stmt, 10, 0);
	return mi_text16(mi, stmt, 11, &r->desired_district) != 0 ||
	    mi_text16(mi, stmt, 12, &r->district) != 0 ||
	    mi_text16(mi, stmt, 13, &r->street) != 0 ||
	    mi_text16(mi, stmt, 14, &r->category) != 0 ? -1 : 0;
}

/* Read a vacancy row (MATCH_INDEX_VACANCY_COLS) likewise. */
static int
mi_read_vacancy(struct match_index *mi, sqlite3_stmt *stmt, struct mi_vacancy *r)
{
	int rank = *st_column_text(stmt, 7) != '\0' ? mi_rank(stmt, 8) : -1;
	long age;

	memset(r, 0, sizeof *r);
	if (mi_key_of(mi, stmt, rank, &r->rid, &r->education_rank) != 0)
		return -1;
	r->valid_day = mi_day_of(match_index_date(st_column_text(stmt, 2)));
	r->registered_day = mi_day_of(match_index_date(st_column_text(stmt, 3)));
	r->headcount = (int32_t)mi_long(stmt, 4, 1);
	/* Ages beyond a lifetime are not limits a row can hold: none. */
	age = mi_long(stmt, 5, -1);
	r->age_min = (int16_t)(age >= 0 && age <= 200 ? age : -1);
	age = mi_long(stmt, 6, -1);
	r->age_max = (int16_t)(age >= 0 && age <= 200 ? age : -1);
	r->wage_min = (int32_t)mi_long(stmt, 10, 0);
	r->wage_max = (int32_t)mi_long(stmt, 11, 0);
	if (strcmp(st_column_text(stmt, 13), "yes") == 0)
		r->flags |= MI_WELFARE;
	if (strcmp(st_column_text(stmt, 14), "yes") == 0)
		r->flags |= MI_HARD_TO_RECRUIT;
	r->filled = (int32_t)sqlite3_column_int64(stmt, 15);
	return mi_text16(mi, stmt, 9, &r->occupation) != 0 ||
	    mi_text16(mi, stmt, 12, &r->district) != 0 ? -1 : 0;
}

/* A column's text, interned: it lives as long as the store. */
static const char *
mi_text(struct mi_pool *p, sqlite3_stmt *stmt, int col)
{
	return p->text[mi_column(p, stmt, col)];
}

int64_t
match_index_read_seeker(struct store *st, sqlite3_stmt *stmt, struct match_seeker *out)
{
	struct mi_pool *p = &mi_of(st)->pool;
	int i;

	out->status = mi_text(p, stmt, 1);
	out->valid_until = match_index_date(st_column_text(stmt, 2));
	out->birth_date = match_index_date(st_column_text(stmt, 3));
	out->registered_on = match_index_date(st_column_text(stmt, 4));
	out->education = mi_text(p, stmt, 5);
	out->education_rank = mi_rank(stmt, 6);
	for (i = 0; i < MATCH_OCCUPATIONS; i++)
		out->occupations[i] = mi_text(p, stmt, 7 + i);
	out->desired_wage = (int32_t)mi_long(stmt, 10, 0);
	out->desired_district = mi_text(p, stmt, 11);
	out->district = mi_text(p, stmt, 12);
	out->street = mi_text(p, stmt, 13);
	out->category = mi_text(p, stmt, 14);
	out->hardship = mi_text(p, stmt, 15);
	return sqlite3_column_int64(stmt, 0);
}

int64_t
match_index_read_vacancy(struct store *st, sqlite3_stmt *stmt, struct match_vacancy *out)
{
	struct mi_pool *p = &mi_of(st)->pool;
	long age;

	out->status = mi_text(p, stmt, 1);
	out->valid_until = match_index_date(st_column_text(stmt, 2));
	out->registered_on = match_index_date(st_column_text(stmt, 3));
	out->headcount = (int32_t)mi_long(stmt, 4, 1);
	age = mi_long(stmt, 5, -1);
	out->age_min = age >= 0 && age <= 200 ? (int)age : -1;
	age = mi_long(stmt, 6, -1);
	out->age_max = age >= 0 && age <= 200 ? (int)age : -1;
	out->education = mi_text(p, stmt, 7);
	out->education_rank = *st_column_text(stmt, 7) != '\0' ? mi_rank(stmt, 8) : -1;
	out->occupation = mi_text(p, stmt, 9);
	out->wage_min = (int32_t)mi_long(stmt, 10, 0);
	out->wage_max = (int32_t)mi_long(stmt, 11, 0);
	out->district = mi_text(p, stmt, 12);
	out->public_welfare = strcmp(st_column_text(stmt, 13), "yes") == 0;
	out->hard_to_recruit = strcmp(st_column_text(stmt, 14), "yes") == 0;
	out->filled = (int32_t)sqlite3_column_int64(stmt, 15);
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
		if (mi_row(side, at)->flags & MI_EMPTY)
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
	if (!found || (mi_row(side, at)->flags & MI_EMPTY))
		return;
	mi_row(side, at)->flags |= MI_EMPTY;
	if (++side->empty < side->n / 4)
		return;
	for (i = 0; i < side->n; i++)
		if (!(mi_row(side, i)->flags & MI_EMPTY))
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
	/* In rid order: a scan of the table, no sort, and rows as a side keeps them. */
	if (by_rid)
		buf_addf(&sql, " AND %s.rid = ?2", a);
	else
		buf_addf(&sql, " ORDER BY %s.rid", a);
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
		if ((which == MI_SEEKERS ? mi_read_seeker(mi, stmt, &row.s) :
		    mi_read_vacancy(mi, stmt, &row.v)) != 0) {
			sqlite3_reset(stmt);
			return -1;
		}
		mi_put(side, &row);
	} else if (rc == SQLITE_DONE)
		mi_drop(side, rid);
	sqlite3_reset(stmt);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* qsort's order of rows: by rid, which each row starts with (struct mi_key). */
static int
mi_rid_cmp(const void *a, const void *b)
{
	uint32_t x = ((const struct mi_key *)a)->rid, y = ((const struct mi_key *)b)->rid;

	return x < y ? -1 : x > y;
}

/* Build a side from scratch for the day today: every open record, in rid order. */
static int
mi_build(struct store *st, struct match_index *mi, int which, int today)
{
	struct mi_side *side = mi_side(mi, which);
	sqlite3_stmt *stmt = mi_open_query(st, which, 0);
	char day[11];
	size_t i;
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
		if ((which == MI_SEEKERS ?
		    mi_read_seeker(mi, stmt, (struct mi_seeker *)(void *)mi_row(side, side->n)) :
		    mi_read_vacancy(mi, stmt,
		    (struct mi_vacancy *)(void *)mi_row(side, side->n))) != 0)
			break;
		side->n++;
	}
	sqlite3_finalize(stmt);
	/*
	 * Rows out of rid order (a plan that sorted otherwise) sorted here, or
	 * mi_find would not find them.
	 */
	for (i = 1; i < side->n && mi_row(side, i - 1)->rid < mi_row(side, i)->rid; i++)
		;
	if (i < side->n)
		qsort(side->rows, side->n, side->size, mi_rid_cmp);
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

/* Start a list's walk: the per-text memos, sized for the pool, none judged yet. */
void
match_index_walk_start(struct match_index_walk *w, const struct match_index *mi,
    const struct match_config *cfg, const struct match_seeker *s, const struct match_vacancy *v,
    int for_seeker, int today)
{
	size_t n = mi->pool.n > 0 ? mi->pool.n : 1;

	memset(w, 0, sizeof *w);
	w->mi = mi;
	w->cfg = cfg;
	w->seeker = s;
	w->vacancy = v;
	w->for_seeker = for_seeker;
	w->today_day = date_to_days(today);
	w->origin = date_to_days(MI_DAY_ORIGIN);
	w->depth = xmalloc(n);
	w->index = xmalloc(n);
	w->level = xmalloc(n);
	w->priority = xmalloc(n);
	memset(w->depth, MI_UNJUDGED, n);
	memset(w->level, MI_UNJUDGED, n);
	memset(w->priority, MI_UNJUDGED, n);
}

/* The depth of occupation text t against the subject vacancy's, judged once. */
static int
mi_walk_depth(struct match_index_walk *w, uint16_t t)
{
	if (w->depth[t] == MI_UNJUDGED)
		w->depth[t] = (signed char)match_occupation_depth(w->mi->pool.text[t],
		    w->vacancy->occupation);
	return w->depth[t];
}

/* The MATCH_PLACE_* flags of place text t against the subject vacancy's place, judged once. */
static unsigned
mi_walk_place(struct match_index_walk *w, uint16_t t)
{
	if (w->level[t] == MI_UNJUDGED)
		w->level[t] = (signed char)match_place_flags(w->vacancy->district,
		    w->mi->pool.text[t]);
	return (unsigned)w->level[t];
}

/* Fill the candidate seeker of slot i into f (a vacancy's list); its rid, 0 for an empty slot. */
static int64_t
mi_walk_seeker(struct match_index_walk *w, size_t i, struct match_facts *f)
{
	const struct mi_seeker *r =
	    (const struct mi_seeker *)(void *)mi_row(&w->mi->seekers, i);
	int depth[MATCH_OCCUPATIONS], k;

	if (r->flags & MI_EMPTY)
		return 0;
	/* The index holds open records only. */
	f->seeker_open = 1;
	f->seeker_valid_day = mi_day(r->valid_day, w->origin, LONG_MIN);
	f->birth_date = r->birth_date;
	f->education_rank = r->education_rank - 1;
	f->desired_wage = r->desired_wage;
	f->hardship = (r->flags & MI_HARDSHIP) != 0;
	/* Categories are judged once each, in the priority memo of their own. */
	if (w->priority[r->category] == MI_UNJUDGED)
		w->priority[r->category] = (signed char)match_priority(w->cfg,
		    w->mi->pool.text[r->category]);
	f->priority = w->priority[r->category];
	for (k = 0; k < MATCH_OCCUPATIONS; k++)
		depth[k] = mi_walk_depth(w, r->occupations[k]);
	f->occupation_depth = match_occupation_best(depth, &f->occupation_index);
	f->place_level = match_place_of(w->cfg, w->vacancy->district,
	    mi_walk_place(w, r->street), mi_walk_place(w, r->desired_district),
	    mi_walk_place(w, r->district));
	f->fresh_days = r->registered_day != 0 ?
	    w->today_day - mi_day(r->registered_day, w->origin, 0) : MATCH_NO_DAYS;
	f->fresh_since = 0;
	return r->rid;
}

/* Fill the candidate vacancy of slot i into f (a seeker's list); its rid, 0 for an empty slot. */
static int64_t
mi_walk_vacancy(struct match_index_walk *w, size_t i, struct match_facts *f)
{
	const struct mi_vacancy *r =
	    (const struct mi_vacancy *)(void *)mi_row(&w->mi->vacancies, i);
	const struct match_seeker *s = w->seeker;
	const char *where;
	int depth[MATCH_OCCUPATIONS], k, index;

	if (r->flags & MI_EMPTY)
		return 0;
	f->vacancy_open = 1;
	f->vacancy_valid_day = mi_day(r->valid_day, w->origin, LONG_MIN);
	f->headcount = r->headcount;
	f->filled = r->filled;
	f->age_min = r->age_min;
	f->age_max = r->age_max;
	f->min_education_rank = r->education_rank - 1;
	f->wage_min = r->wage_min;
	f->wage_max = r->wage_max;
	f->public_welfare = (r->flags & MI_WELFARE) != 0;
	f->hard_to_recruit = (r->flags & MI_HARD_TO_RECRUIT) != 0;
	/* The seeker's occupations against the vacancy's, once per occupation of the district. */
	if (w->depth[r->occupation] == MI_UNJUDGED) {
		for (k = 0; k < MATCH_OCCUPATIONS; k++)
			depth[k] = match_occupation_depth(s->occupations[k],
			    w->mi->pool.text[r->occupation]);
		w->depth[r->occupation] = (signed char)match_occupation_best(depth, &index);
		w->index[r->occupation] = (signed char)index;
	}
	f->occupation_depth = w->depth[r->occupation];
	f->occupation_index = w->index[r->occupation];
	if (w->level[r->district] == MI_UNJUDGED) {
		where = w->mi->pool.text[r->district];
		w->level[r->district] = (signed char)match_place_of(w->cfg, where,
		    match_place_flags(where, s->street), match_place_flags(where, s->desired_district),
		    match_place_flags(where, s->district));
	}
	f->place_level = w->level[r->district];
	f->fresh_days = r->registered_day != 0 ?
	    w->today_day - mi_day(r->registered_day, w->origin, 0) : MATCH_NO_DAYS;
	f->fresh_since = 0;
	return r->rid;
}

void
match_index_walk_sieve(struct match_index_walk *w, const struct match_facts *subject, int today,
    int near_misses, const int64_t *judge, size_t njudge)
{
	match_sieve_of(w->cfg, subject, today, &w->sieve);
	match_bound_of(w->cfg, subject, w->vacancy->district, &w->bound);
	w->near_misses = near_misses;
	w->judge = judge;
	w->njudge = njudge;
	w->judge_at = 0;
}

/* The depth of occupation text t, read in line when judged already: a list asks per seeker. */
static inline int
mi_memo_depth(struct match_index_walk *w, uint16_t t)
{
	return w->depth[t] != MI_UNJUDGED ? w->depth[t] : mi_walk_depth(w, t);
}

/* The place flags of text t likewise. */
static inline unsigned
mi_memo_place(struct match_index_walk *w, uint16_t t)
{
	return w->level[t] != MI_UNJUDGED ? (unsigned)w->level[t] : mi_walk_place(w, t);
}

/* Whether rid is one of the walk's rids to judge in full; the walk's rids are passed in order. */
static int
mi_walk_judged(struct match_index_walk *w, int64_t rid)
{
	while (w->judge_at < w->njudge && w->judge[w->judge_at] < rid)
		w->judge_at++;
	return w->judge_at < w->njudge && w->judge[w->judge_at] == rid;
}

int
match_index_walk_sift(struct match_index_walk *w, size_t *at, int threshold, size_t *found)
{
	const struct mi_side *side = &w->mi->seekers;
	const struct mi_seeker *r;
	int64_t next = w->judge_at < w->njudge ? w->judge[w->judge_at] : INT64_MAX;
	size_t i, counted = 0;
	unsigned misses;
	int depth, d, k, hardship, bound;

	/* A vacancy closed, expired or full: no seeker is listed, not even as a near miss. */
	if (w->sieve.fixed & MATCH_MISS_STATE) {
		*at = side->n;
		return 0;
	}
	for (i = *at; i < side->n; i++) {
		r = (const struct mi_seeker *)(void *)mi_row(side, i);
		if (r->flags & MI_EMPTY)
			continue;
		if (r->rid >= next) {
			if (mi_walk_judged(w, r->rid))
				break;
			next = w->judge_at < w->njudge ? w->judge[w->judge_at] : INT64_MAX;
		}
		hardship = (r->flags & MI_HARDSHIP) != 0;
		misses = match_sieve_seeker(&w->sieve, 1, mi_day(r->valid_day, w->origin, LONG_MIN),
		    r->birth_date, r->education_rank - 1, hardship);
		if (!match_listed(misses, w->near_misses))
			continue;
		for (k = 0, depth = -1; k < MATCH_OCCUPATIONS; k++) {
			d = mi_memo_depth(w, r->occupations[k]);
			depth = d > depth ? d : depth;
		}
		/* Most seekers want nothing near the vacancy's occupation: counted here. */
		if (match_bound_occupation(&w->bound, depth) < threshold) {
			counted++;
			continue;
		}
		if (w->priority[r->category] == MI_UNJUDGED)
			w->priority[r->category] = (signed char)match_priority(w->cfg,
			    w->mi->pool.text[r->category]);
		bound = match_bound_seeker(&w->bound, depth, match_place_combo(mi_memo_place(w,
		    r->street) | mi_memo_place(w, r->desired_district), mi_memo_place(w, r->district)),
		    hardship, w->priority[r->category]);
		/* Within reach at best: its wage and freshness, then, before it is judged in full. */
		if (bound >= threshold && bound + match_bound_short(w->cfg, &w->bound,
		    r->desired_wage, r->registered_day != 0 ? w->today_day -
		    mi_day(r->registered_day, w->origin, 0) : MATCH_NO_DAYS) >= threshold)
			break;
		counted++;
	}
	*found += counted;
	*at = i;
	return i < side->n;
}

int64_t
match_index_walk_facts(struct match_index_walk *w, size_t i, struct match_facts *f)
{
	return w->for_seeker ? mi_walk_vacancy(w, i, f) : mi_walk_seeker(w, i, f);
}

void
match_index_walk_end(struct match_index_walk *w)
{
	free(w->depth);
	free(w->index);
	free(w->level);
	free(w->priority);
	memset(w, 0, sizeof *w);
}

const char *
match_index_why(struct store *st)
{
	return st->match_index != NULL && st->match_index->why[0] != '\0' ?
	    st->match_index->why : NULL;
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
