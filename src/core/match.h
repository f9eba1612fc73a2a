/*
 * Matching (人岗匹配): whether a job seeker and a vacancy may be matched
 * (the hard filters) and how well they fit (a score of visible parts), by
 * rules a clerk can tell a seeker. Both directions use the same pair
 * evaluation; the store finds the candidates, this file judges each pair.
 * No I/O: names of codes come through a callback.
 *
 * The score is the sum of the parts' points, each its weight times its
 * level (0..100: the occupation on the GB/T 6565 hierarchy, the wage, the
 * place, the freshness of the candidate's registration) / 100, plus the
 * policy priority points (a seeker recognised as hard to employ or of a
 * priority category; a vacancy of an employer that takes on such people).
 * Weights, levels and points come from configuration (jobdesk.ini(5),
 * section [match]).
 */
#ifndef JOBDESK_MATCH_H
#define JOBDESK_MATCH_H

#include <stddef.h>

struct buf;

/* The score's parts, in the order lists and explanations show them. */
enum match_part {
	MATCH_OCCUPATION,
	MATCH_WAGE,
	MATCH_PLACE,
	MATCH_FRESHNESS,
	MATCH_NPARTS
};

/* The hard filters a pair may fail (bits of match_result.misses). */
#define MATCH_MISS_VACANCY_CLOSED	0x001	/* not open (filled, withdrawn, closed) */
#define MATCH_MISS_VACANCY_EXPIRED	0x002	/* past its valid_until */
#define MATCH_MISS_VACANCY_FULL		0x004	/* its headcount is filled */
#define MATCH_MISS_SEEKER_CLOSED	0x008	/* registration ended (placed, withdrawn) */
#define MATCH_MISS_SEEKER_EXPIRED	0x010	/* registration past its valid_until */
#define MATCH_MISS_AGE			0x020	/* outside the vacancy's age range (or no birth date) */
#define MATCH_MISS_EDUCATION		0x040	/* below the vacancy's minimum education */
#define MATCH_MISS_REFERRED		0x080	/* referred to this vacancy within referral_days */
#define MATCH_MISS_WELFARE		0x100	/* a public-welfare post, the seeker not hard to employ */
/* The filters on the records' own state: a near miss never fails one of these. */
#define MATCH_MISS_STATE	(MATCH_MISS_VACANCY_CLOSED | MATCH_MISS_VACANCY_EXPIRED | \
				 MATCH_MISS_VACANCY_FULL | MATCH_MISS_SEEKER_CLOSED | \
				 MATCH_MISS_SEEKER_EXPIRED)

/* Weights and level scores: jobdesk.ini [match], where their defaults are (src/app). */
struct match_config {
	int	weight[MATCH_NPARTS];	/* each part's weight; the defaults sum to 100 */
	/* Occupation levels: the same code, the same 小类, 中类, 大类. */
	int	occupation_same, occupation_minor, occupation_medium, occupation_major;
	/* Wage: the vacancy pays what the seeker wants, pays up to near_percent less, unknown. */
	int	wage_meets, wage_near, wage_near_percent, wage_unknown;
	/* Place: the same street, the same district, elsewhere, not given. */
	int	place_street, place_district, place_elsewhere, place_unknown;
	/* Freshness falls from 100 on the day of registration to 0 after this many days. */
	int	freshness_days;
	/* Policy priority points. */
	int	points_hardship, points_priority, points_hard_to_recruit;
	/* A seeker referred to a vacancy is not matched to it again within this many days. */
	int	referral_days;
	/* Person categories (codes, separated by spaces or commas) that rank first. */
	char	priority_categories[256];
	/* The most candidates a list shows. */
	int	list_size;
	/* A referral with no outcome this many days after it is due for a follow-up. */
	int	referral_due_days;
};

#define MATCH_OCCUPATIONS	3
/* Occupation depths -1 (none given) to 4 (the same code). */
#define MATCH_OCC_DEPTHS	6

/*
 * What matching needs of a job seeker. Dates are YYYYMMDD numbers, 0 when
 * not known. Texts are never NULL ("" where none); whoever fills the
 * struct keeps them alive (store/matching's are the store's own).
 */
struct match_seeker {
	const char	*status;
	int		 valid_until;
	int		 birth_date;
	int		 registered_on;
	const char	*education;
	int		 education_rank;	/* the code's rank, or -1 */
	const char	*occupations[MATCH_OCCUPATIONS];	/* "" where none */
	long		 desired_wage;		/* yuan a month, 0 when not given */
	const char	*desired_district;
	const char	*district;
	const char	*street;
	const char	*category;		/* person categories, as stored */
	const char	*hardship;		/* "" for a person not recognised as hard to employ */
};

/* What matching needs of a vacancy; texts as a seeker's. */
struct match_vacancy {
	const char	*status;
	int		 valid_until;
	int		 registered_on;
	long		 headcount;
	long		 filled;		/* hired referrals */
	int		 age_min, age_max;	/* -1 for no limit */
	const char	*education;		/* the minimum, "" for none */
	int		 education_rank;	/* the minimum's rank, or -1 for none */
	const char	*occupation;
	long		 wage_min, wage_max;	/* 0: negotiable */
	const char	*district;
	int		 public_welfare;
	int		 hard_to_recruit;	/* its employer takes on people hard to employ */
};

/* The judgement of one pair. */
struct match_result {
	unsigned	misses;		/* MATCH_MISS_* bits; 0: listed */
	int		level[MATCH_NPARTS];	/* each part's level, 0..100 */
	int		points;		/* policy priority points */
	int		score;		/* the parts' points, plus the priority points */
	/* How each part was reached, for the explanation. */
	int		occupation_depth;	/* 4 same code .. 1 same 大类, 0 none, -1 none given */
	int		occupation_index;	/* which of the seeker's occupations, or -1 */
	int		age;			/* the seeker's age on the day, or -1 */
	int		days_since_referral;	/* as given, -1 for none */
	int		fresh_since;		/* the day freshness counts from (YYYYMMDD) */
};

/*
 * A pair as numbers, its texts judged: what match_judge needs. A list
 * judges every candidate of the district against one subject, so it
 * fills the candidate's side from numbers and from levels it worked out
 * once per distinct text (match_occupation_depth, match_place_flags,
 * match_priority); match_eval is match_facts_of then match_judge, so that
 * both give the same judgement. Days are counted from 1970-01-01
 * (date_to_days).
 */
struct match_facts {
	/* The vacancy. */
	int		vacancy_open;		/* its status one that lapses */
	long		vacancy_valid_day;
	long		headcount, filled;
	int		age_min, age_max;	/* -1 for no limit */
	int		min_education_rank;	/* -1 for none */
	long		wage_min, wage_max;
	int		public_welfare, hard_to_recruit;
	/* The seeker. */
	int		seeker_open;
	long		seeker_valid_day;
	int		birth_date;		/* YYYYMMDD, 0 not known */
	int		education_rank;
	long		desired_wage;
	int		hardship;		/* recognised as hard to employ */
	int		priority;		/* of a priority category (match_priority) */
	/* The pair. */
	int		occupation_depth;	/* as match_result's, from match_occupation_best */
	int		occupation_index;
	int		place_level;		/* match_place_of */
	int		days_since_referral;	/* -1 for never */
	long		fresh_days;		/* since the candidate registered; MATCH_NO_DAYS */
	int		fresh_since;		/* that day as YYYYMMDD, for the explanation */
	long		today_day;		/* the day judged on */
};
#define MATCH_NO_DAYS	(-2147483647L - 1)	/* fresh_days of a registration with no date */

/* What match_place_flags says of one of the seeker's places against the vacancy's. */
#define MATCH_PLACE_SAME_STREET	0x1	/* the vacancy's place is a street, and this one */
#define MATCH_PLACE_SAME_DISTRICT 0x2	/* in the same district as the vacancy's place */
#define MATCH_PLACE_GIVEN	0x4	/* a place at all */

/* The name of a code in the clerk's language, or NULL; for explanations. */
typedef const char *(*match_code_name_cb)(void *ctx, const char *list, const char *code);

/* Whether a seeker's stored categories name one of the priority categories. */
int	match_priority(const struct match_config *, const char *category);
/*
 * Judge the pair on the day today (YYYYMMDD). days_since_referral: days
 * since the seeker was last referred to this vacancy, -1 if never; the
 * candidate's freshness is the vacancy's when for_seeker, else the seeker's.
 */
void	match_eval(const struct match_config *, const struct match_seeker *,
	    const struct match_vacancy *, int today, int days_since_referral, int for_seeker,
	    struct match_result *r);
/*
 * The pair's facts from its records; the list's candidate-side fields
 * are then what a list overwrites for each candidate.
 */
void	match_facts_of(const struct match_config *, const struct match_seeker *,
	    const struct match_vacancy *, int today, int days_since_referral, int for_seeker,
	    struct match_facts *f);
/* Judge a pair from its facts (on f->today_day, today as YYYYMMDD), as match_eval does. */
void	match_judge(const struct match_config *, const struct match_facts *, int today,
	    struct match_result *r);
/* The filters a pair misses (match_result.misses) from its facts, without its score. */
unsigned match_misses(const struct match_config *, const struct match_facts *, int today);
/*
 * The most a pair of these facts can score whatever its wage and
 * freshness: a list skips scoring a candidate that cannot beat its last.
 */
int	match_score_bound(const struct match_config *, const struct match_facts *);

/*
 * A list of seekers for one vacancy walks every open seeker of the
 * district: the filters and the score's bound are worked out once from
 * the vacancy's side of the facts (match_sieve_of, match_bound_of) into
 * numbers that each seeker is then compared with (match_sieve_seeker,
 * match_bound_seeker), a few comparisons and lookups each. They give what
 * match_misses (but the referral, which the list judges in full) and
 * match_score_bound give the same pair, so that a list skips or counts
 * candidates by the same rules as it judges them.
 */
struct match_sieve {
	unsigned	fixed;		/* the vacancy's own misses, every candidate's */
	long		today_day;	/* a seeker valid until before this day has expired */
	int		born_lo, born_hi;	/* YYYYMMDD: born within, of an age in the range */
	int		min_education;	/* a rank below this misses (INT_MIN: no minimum) */
	int		welfare;	/* a public-welfare post: for the hard to employ only */
};
/* The index of place points by the flags of the seeker's street or wish, and district. */
#define MATCH_PLACE_COMBOS	64
struct match_bound {
	int	base;		/* the best of wage and freshness, the employer's points */
	int	occupation[MATCH_OCC_DEPTHS];	/* points by occupation depth + 1 */
	int	place[MATCH_PLACE_COMBOS];	/* points by match_place_combo */
	int	hardship, priority;	/* the seeker's priority points */
	int	wage_best, fresh_best;	/* of base: the wage's and the freshness's points at best */
	int	rest;		/* base with the best place and priority points: all but the occupation */
	long	wage_min, wage_max;	/* the vacancy's */
};
/* The sieve of a list for the vacancy of f (its vacancy side), on the day today (YYYYMMDD). */
void	match_sieve_of(const struct match_config *, const struct match_facts *, int today,
	    struct match_sieve *);
/* The bound's parts for the vacancy of f (its vacancy side), whose place is where. */
void	match_bound_of(const struct match_config *, const struct match_facts *, const char *where,
	    struct match_bound *);

/*
 * How far the bound of a seeker who wants desired_wage and registered
 * fresh_days ago (MATCH_NO_DAYS: not known) falls below it once its wage
 * and freshness are worked out: 0 or less. A list asks it of those
 * match_bound_seeker does not rule out, a few in the district.
 */
int	match_bound_short(const struct match_config *, const struct match_bound *,
	    long desired_wage, long fresh_days);

/*
 * The misses of a seeker against the sieve's vacancy, but the referral:
 * open, valid until valid_day (date_to_days), born on birth_date
 * (YYYYMMDD, 0 not known; never below 0), of that education rank (-1
 * none), hardship when recognised as hard to employ.
 */
static inline unsigned
match_sieve_seeker(const struct match_sieve *s, int open, long valid_day, int birth_date,
    int education_rank, int hardship)
{
	/* Flags of comparisons, not branches: a list asks this of every seeker, half miss. */
	return s->fixed | (unsigned)(open == 0) * MATCH_MISS_SEEKER_CLOSED |
	    (unsigned)((open != 0) & (valid_day < s->today_day)) * MATCH_MISS_SEEKER_EXPIRED |
	    (unsigned)((birth_date < s->born_lo) | (birth_date > s->born_hi)) * MATCH_MISS_AGE |
	    (unsigned)(education_rank < s->min_education) * MATCH_MISS_EDUCATION |
	    (unsigned)((s->welfare != 0) & (hardship == 0)) * MATCH_MISS_WELFARE;
}

/* The place index of the MATCH_PLACE_* flags of the seeker's street or wish (near), and district. */
static inline unsigned
match_place_combo(unsigned near, unsigned district)
{
	return (near & 7u) << 3 | (district & 7u);
}

/* The most match_bound_seeker gives a seeker of this best occupation depth, whatever else. */
static inline int
match_bound_occupation(const struct match_bound *b, int depth)
{
	return b->rest + b->occupation[depth + 1];
}

/* match_score_bound of a seeker of this best occupation depth, place combination and priority. */
static inline int
match_bound_seeker(const struct match_bound *b, int depth, unsigned combo, int hardship,
    int priority)
{
	return b->base + b->occupation[depth + 1] + b->place[combo] +
	    (hardship ? b->hardship : priority ? b->priority : 0);
}

/*
 * Whether a pair of these misses goes on a list: it misses nothing, or
 * with near_misses it misses exactly one filter, never one of the
 * records' own state.
 */
static inline int
match_listed(unsigned misses, int near_misses)
{
	if (!near_misses)
		return misses == 0;
	return (misses != 0) & ((misses & MATCH_MISS_STATE) == 0) & ((misses & (misses - 1)) == 0);
}

/*
 * How close two occupation codes are on the GB/T 6565 hierarchy: 4 the
 * same code, 3 the same 小类, 2 the same 中类, 1 the same 大类, 0 none, -1
 * one of them not given.
 */
int	match_occupation_depth(const char *a, const char *b);
/* The best of a seeker's occupations' depths (the first of equals): the depth, its index in *index. */
int	match_occupation_best(const int depth[MATCH_OCCUPATIONS], int *index);
/* MATCH_PLACE_* of one of the seeker's places (text) against the vacancy's (where). */
unsigned match_place_flags(const char *where, const char *text);
/* The place level from the vacancy's place and the flags of the seeker's street, wish and district. */
int	match_place_of(const struct match_config *, const char *where, unsigned street,
	    unsigned desired, unsigned district);
/* The points a part gives the score: its weight times its level, / 100. */
int	match_part_points(const struct match_config *, const struct match_result *,
	    enum match_part);
/* Order of two results in a list: higher score first, then more points, then fresher. */
int	match_result_cmp(const struct match_result *a, const struct match_result *b);
/*
 * The one-line breakdown for a list, in the clerk's language: each part's
 * points in the score and the priority points ("职50 薪20 地14 新10 +5"),
 * or the filters missed. Writes at most outlen bytes.
 */
void	match_breakdown(const struct match_config *, const struct match_result *, char *out,
	    size_t outlen);
/*
 * The full explanation, line by line (LF-ended) into out: every filter
 * and every part with its rule and the values it compared, in the
 * clerk's language. name (may be NULL) names codes.
 */
void	match_explain(const struct match_config *, const struct match_seeker *,
	    const struct match_vacancy *, const struct match_result *, match_code_name_cb name,
	    void *ctx, struct buf *out);

#endif
