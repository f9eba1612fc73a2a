/*
 * Inside the store room: the open seekers and vacancies of the district
 * held in memory for matching (store/matching.c), a few dozen bytes each,
 * their texts interned. Built the first time a list asks, then kept up to
 * date from the journal of written rows (migration 0006), so that a list
 * judges every candidate without reading the database (and reads in full
 * only the rows it keeps). Texts handed out live as long as the store.
 */
#ifndef JOBDESK_STORE_MATCH_INDEX_H
#define JOBDESK_STORE_MATCH_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "core/match.h"
#include "store/store-int.h"

struct match_index;

/*
 * What a list reads of the subject: a seeker's columns (the education's
 * rank joined; alias s), or a vacancy's (alias v) with its employer's
 * flag and name (alias e); read a row with match_index_read_*, col 0 the rid.
 */
#define MATCH_INDEX_SEEKER_COLS	"s.rid, s.status, s.valid_until, s.birth_date, " \
	"s.registered_on, s.education, ce.rank, s.desired_occupation, s.desired_occupation_2, " \
	"s.desired_occupation_3, s.desired_wage, s.desired_district, s.district, s.street, " \
	"s.category, s.hardship"
#define MATCH_INDEX_SEEKER_FROM	" FROM seeker s LEFT JOIN code ce ON ce.list = 'education' " \
	"AND ce.code = s.education"
#define MATCH_INDEX_VACANCY_COLS	"v.rid, v.status, v.valid_until, v.registered_on, " \
	"v.headcount, v.age_min, v.age_max, v.education, ce.rank, v.occupation, v.wage_min, " \
	"v.wage_max, v.district, v.public_welfare, coalesce(e.hard_to_recruit, ''), v.hired"
#define MATCH_INDEX_VACANCY_FROM	" FROM vacancy v LEFT JOIN code ce " \
	"ON ce.list = 'education' AND ce.code = v.education " \
	"LEFT JOIN employer e ON e.id = v.employer_id"
/* The columns each reads; the subject's query adds its label after them. */
#define MATCH_INDEX_NCOLS	16

/*
 * The store's index, brought up to date for the day today (YYYYMMDD),
 * with its side of vacancies (or of seekers) built; NULL on a database
 * error (store_errmsg says which).
 */
struct match_index	*match_index_get(struct store *, int today, int vacancies);
void			 match_index_free(struct match_index *);
/* The slots of a side (some may be empty), and the memory the index holds. */
size_t			 match_index_slots(const struct match_index *, int vacancies);
size_t			 match_index_bytes(const struct match_index *);
/* Why the index could not be built (a record it cannot hold), or NULL. */
const char		*match_index_why(struct store *);

/*
 * A list's walk over the candidates' side: each slot's facts of a pair
 * with the subject (a seeker when for_seeker, the candidates then
 * vacancies), from the row's numbers and from core's judgement of each
 * distinct text, made once per list.
 */
struct match_index_walk {
	const struct match_index	*mi;
	const struct match_config	*cfg;
	const struct match_seeker	*seeker;	/* the subject, when for_seeker */
	const struct match_vacancy	*vacancy;	/* the subject, when not */
	int				 for_seeker;
	long				 today_day, origin;	/* date_to_days of today, of day 1 */
	/* By text number: occupation depth (and index), place level or flags, priority. */
	signed char			*depth, *index, *level, *priority;
	/* A vacancy's list (match_index_walk_sieve): core's sieve and bound of the vacancy. */
	struct match_sieve		 sieve;
	struct match_bound		 bound;
	int				 near_misses;
	const int64_t			*judge;		/* rids always judged in full, ascending */
	size_t				 njudge, judge_at;
};
void	match_index_walk_start(struct match_index_walk *, const struct match_index *,
	    const struct match_config *, const struct match_seeker *,
	    const struct match_vacancy *, int for_seeker, int today);
/*
 * Fill the candidate's side of f and the pair's parts (all but
 * days_since_referral) from slot i: its rid, 0 for an empty slot. f
 * holds the subject's side (match_facts_of) when the walk starts;
 * fresh_since is left 0 (a list judges the rows it keeps again in full).
 */
int64_t	match_index_walk_facts(struct match_index_walk *, size_t i, struct match_facts *f);
/*
 * A vacancy's list: the sieve and the bound from the vacancy's side of
 * the facts (subject), for lists of the candidates that pass (or with
 * near_misses, miss one filter), and the rids (ascending) of the
 * seekers to judge in full whatever the sieve says (those referred to it).
 */
void	match_index_walk_sieve(struct match_index_walk *, const struct match_facts *subject,
	    int today, int near_misses, const int64_t *judge, size_t njudge);
/*
 * From slot *i on, over the seekers of a vacancy's list: count in *found
 * those the list takes whose score's bound is below threshold, pass
 * over those it does not take, and stop at the next to judge in full (it
 * may reach threshold, or its rid is one to judge): 1 with *i its slot,
 * not counted; 0 at the end.
 */
int	match_index_walk_sift(struct match_index_walk *, size_t *i, int threshold,
	    size_t *found);
void	match_index_walk_end(struct match_index_walk *);
/* Read a row of the columns above into out in full, its texts interned; the rid. */
int64_t			 match_index_read_seeker(struct store *, sqlite3_stmt *,
			     struct match_seeker *out);
int64_t			 match_index_read_vacancy(struct store *, sqlite3_stmt *,
			     struct match_vacancy *out);
/* A stored YYYY-MM-DD as YYYYMMDD, 0 when empty or not a date. */
int			 match_index_date(const char *text);

#endif
