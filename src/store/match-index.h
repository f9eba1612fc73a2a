/*
 * Inside the store room: the open seekers and vacancies of the district
 * held in memory for matching (store/matching.c), a few dozen bytes each,
 * their texts interned. Built the first time a list asks, then kept up to
 * date from the journal of written rows (migration 0006), so that a list
 * judges every candidate without reading the database. Texts handed out
 * live as long as the store.
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
/* The record in slot i: its rid, and the record in *out; 0 for an empty slot. */
int64_t			 match_index_seeker(const struct match_index *, size_t i,
			     struct match_seeker *out);
int64_t			 match_index_vacancy(const struct match_index *, size_t i,
			     struct match_vacancy *out);
/* Read a row of the columns above into out, its texts interned; the rid. */
int64_t			 match_index_read_seeker(struct store *, sqlite3_stmt *,
			     struct match_seeker *out);
int64_t			 match_index_read_vacancy(struct store *, sqlite3_stmt *,
			     struct match_vacancy *out);
/* A stored YYYY-MM-DD as YYYYMMDD, 0 when empty or not a date. */
int			 match_index_date(const char *text);

#endif
