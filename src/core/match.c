/* Matching a job seeker and a vacancy: the filters, the score, the explanation. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/i18n.h"
#include "common/wtext.h"
#include "core/check.h"
#include "core/kind.h"
#include "core/match.h"
#include "core/region.h"

/* The cells the part names of an explanation take, padded. */
#define MATCH_NAME_CELLS	10
/* The segments of a GB/T 6565 code: 大类, 中类, 小类, 细类 ("4-07-05-01"). */
#define MATCH_OCC_LEVELS	4

/* The filters in the order explanations and breakdowns name them. */
static const struct {
	unsigned	 bit;
	const char	*word;		/* N_() */
} match_filters[] = {
	{ MATCH_MISS_VACANCY_CLOSED, N_("vacancy not open") },
	{ MATCH_MISS_VACANCY_EXPIRED, N_("vacancy expired") },
	{ MATCH_MISS_VACANCY_FULL, N_("headcount filled") },
	{ MATCH_MISS_SEEKER_CLOSED, N_("registration ended") },
	{ MATCH_MISS_SEEKER_EXPIRED, N_("registration expired") },
	{ MATCH_MISS_AGE, N_("age") },
	{ MATCH_MISS_EDUCATION, N_("education") },
	{ MATCH_MISS_REFERRED, N_("referred recently") },
	{ MATCH_MISS_WELFARE, N_("public-welfare post") },
};

/* Short names of the parts for the one-line breakdown, and their names in explanations. */
static const char *const match_part_short[MATCH_NPARTS] = {
	N_("occ"), N_("wage"), N_("place"), N_("new"),
};
static const char *const match_part_name[MATCH_NPARTS] = {
	N_("Occupation"), N_("Wage"), N_("Place"), N_("Freshness"),
};

/*
 * The next word of a list of words separated by spaces or commas: its
 * length (0 at the end), *p moved past it. By hand, not strspn: a list of
 * seekers reads every seeker's categories.
 */
static size_t
match_next_word(const char **p, const char **word)
{
	const char *s = *p;

	while (*s == ' ' || *s == ',')
		s++;
	*word = s;
	while (*s != '\0' && *s != ' ' && *s != ',')
		s++;
	*p = s;
	return (size_t)(s - *word);
}

/* Whether the word of length n is one of the words of list. */
static int
match_word_in(const char *list, const char *word, size_t n)
{
	const char *w;
	size_t len;

	while ((len = match_next_word(&list, &w)) > 0)
		if (len == n && memcmp(w, word, n) == 0)
			return 1;
	return 0;
}

/* Whether one of the stored categories is a priority one. */
int
match_priority(const struct match_config *c, const char *category)
{
	const char *w;
	size_t len;

	while ((len = match_next_word(&category, &w)) > 0)
		if (match_word_in(c->priority_categories, w, len))
			return 1;
	return 0;
}

/* Age in whole years on day, or -1 when the birth date is not known. */
static int
match_age(int born, int day)
{
	int age;

	if (born == 0 || day == 0)
		return -1;
	age = date_age(born, day);
	return age < 0 ? -1 : age;
}

/*
 * How close two occupation codes are. The codes' segments ("4-07-05-01": 大类, 中类, 小类, 细类) are compared
 * as the strings are walked, without splitting them: a list judges a
 * pair per candidate of the district.
 */
int
match_occupation_depth(const char *a, const char *b)
{
	int depth = 0;

	if (*a == '\0' || *b == '\0')
		return -1;
	for (; *a == *b; a++, b++) {
		if (*a == '\0')
			return MATCH_OCC_LEVELS;
		if (*a == '-')
			depth++;
	}
	/* The segment where they differ counts if both ended there ("4-01" and "4-01-02"). */
	if ((*a == '\0' || *a == '-') && (*b == '\0' || *b == '-'))
		depth++;
	return depth < MATCH_OCC_LEVELS ? depth : MATCH_OCC_LEVELS - 1;
}

/* The occupation level of a depth. */
static int
match_occ_level(const struct match_config *c, int depth)
{
	switch (depth) {
	case 4:
		return c->occupation_same;
	case 3:
		return c->occupation_minor;
	case 2:
		return c->occupation_medium;
	case 1:
		return c->occupation_major;
	default:
		return 0;
	}
}

/* The wage level: what the vacancy pays at most against what the seeker wants. */
static int
match_wage_level(const struct match_config *c, long wanted, long wage_min, long wage_max)
{
	long top = wage_max > 0 ? wage_max : wage_min;

	if (wanted <= 0 || top <= 0)
		return c->wage_unknown;
	if (top >= wanted)
		return c->wage_meets;
	if (top * 100 >= wanted * (100L - c->wage_near_percent))
		return c->wage_near;
	return 0;
}

/* Whether two region codes are in the same district (their first six digits). */
static int
match_same_district(const char *a, const char *b)
{
	int i;

	/* Both at least six long and equal that far: no strlen, a list asks per candidate. */
	for (i = 0; i < REGION_DISTRICT_DIGITS; i++)
		if (a[i] == '\0' || a[i] != b[i])
			return 0;
	return 1;
}

/* One of the seeker's places against the vacancy's. */
unsigned
match_place_flags(const char *where, const char *text)
{
	unsigned f = 0;

	if (*text != '\0')
		f |= MATCH_PLACE_GIVEN;
	if (*where != '\0' && strlen(where) == REGION_STREET_DIGITS && strcmp(where, text) == 0)
		f |= MATCH_PLACE_SAME_STREET;
	if (*where != '\0' && match_same_district(where, text))
		f |= MATCH_PLACE_SAME_DISTRICT;
	return f;
}

/*
 * The place level: the vacancy's street against the seeker's street or
 * wish, then its district against any of the seeker's places.
 */
int
match_place_of(const struct match_config *c, const char *where, unsigned street,
    unsigned desired, unsigned district)
{
	if (*where == '\0')
		return c->place_unknown;
	if ((street | desired) & MATCH_PLACE_SAME_STREET)
		return c->place_street;
	if ((street | desired | district) & MATCH_PLACE_SAME_DISTRICT)
		return c->place_district;
	if (((street | desired | district) & MATCH_PLACE_GIVEN) == 0)
		return c->place_unknown;
	return c->place_elsewhere;
}

/* The freshness level of a registration days ago (MATCH_NO_DAYS: not known). */
static int
match_fresh_level(const struct match_config *c, long days)
{
	if (days == MATCH_NO_DAYS || c->freshness_days <= 0)
		return 0;
	if (days <= 0)
		return 100;
	if (days >= c->freshness_days)
		return 0;
	return (int)(100 - days * 100 / c->freshness_days);
}

/* Whether a record of kind id is open: its status is one that lapses (core/kind.c). */
static int
match_open(enum kind_id id, const char *status)
{
	const struct kind_status *ks = kind_status(kind_get(id), status);

	return ks != NULL && ks->lapses;
}

/* The hard filters of a pair. */
static unsigned
match_filter(const struct match_config *c, const struct match_facts *f, long today_day,
    int age)
{
	unsigned m = 0;

	if (!f->vacancy_open)
		m |= MATCH_MISS_VACANCY_CLOSED;
	else if (f->vacancy_valid_day < today_day)
		m |= MATCH_MISS_VACANCY_EXPIRED;
	if (f->filled >= f->headcount)
		m |= MATCH_MISS_VACANCY_FULL;
	if (!f->seeker_open)
		m |= MATCH_MISS_SEEKER_CLOSED;
	else if (f->seeker_valid_day < today_day)
		m |= MATCH_MISS_SEEKER_EXPIRED;
	if ((f->age_min >= 0 || f->age_max >= 0) &&
	    (age < 0 || (f->age_min >= 0 && age < f->age_min) ||
	    (f->age_max >= 0 && age > f->age_max)))
		m |= MATCH_MISS_AGE;
	if (f->min_education_rank >= 0 && f->education_rank < f->min_education_rank)
		m |= MATCH_MISS_EDUCATION;
	if (f->days_since_referral >= 0 && f->days_since_referral < c->referral_days)
		m |= MATCH_MISS_REFERRED;
	if (f->public_welfare && !f->hardship)
		m |= MATCH_MISS_WELFARE;
	return m;
}

/* A part's points in the score: its weighted level. */
int
match_part_points(const struct match_config *c, const struct match_result *r,
    enum match_part part)
{
	return c->weight[part] * r->level[part] / 100;
}

/* The best of the depths: the first that none after it beats. */
int
match_occupation_best(const int depth[MATCH_OCCUPATIONS], int *index)
{
	int i, best = -1;

	*index = -1;
	for (i = 0; i < MATCH_OCCUPATIONS; i++)
		if (depth[i] > best) {
			best = depth[i];
			*index = i;
		}
	return best;
}

/* A stored day (YYYYMMDD, 0 for none) as days; none is long past. */
static long
match_day(int ymd)
{
	return ymd != 0 ? date_to_days(ymd) : LONG_MIN;
}

/* The facts of a pair from its records. */
void
match_facts_of(const struct match_config *c, const struct match_seeker *s,
    const struct match_vacancy *v, int today, int days_since_referral, int for_seeker,
    struct match_facts *f)
{
	int i, depth[MATCH_OCCUPATIONS];

	memset(f, 0, sizeof *f);
	f->vacancy_open = match_open(KIND_VACANCY, v->status);
	f->vacancy_valid_day = match_day(v->valid_until);
	f->headcount = v->headcount;
	f->filled = v->filled;
	f->age_min = v->age_min;
	f->age_max = v->age_max;
	f->min_education_rank = v->education_rank;
	f->wage_min = v->wage_min;
	f->wage_max = v->wage_max;
	f->public_welfare = v->public_welfare;
	f->hard_to_recruit = v->hard_to_recruit;
	f->seeker_open = match_open(KIND_SEEKER, s->status);
	f->seeker_valid_day = match_day(s->valid_until);
	f->birth_date = s->birth_date;
	f->education_rank = s->education_rank;
	f->desired_wage = s->desired_wage;
	f->hardship = *s->hardship != '\0';
	f->priority = match_priority(c, s->category);
	for (i = 0; i < MATCH_OCCUPATIONS; i++)
		depth[i] = match_occupation_depth(s->occupations[i], v->occupation);
	f->occupation_depth = match_occupation_best(depth, &f->occupation_index);
	f->place_level = match_place_of(c, v->district, match_place_flags(v->district, s->street),
	    match_place_flags(v->district, s->desired_district),
	    match_place_flags(v->district, s->district));
	f->days_since_referral = days_since_referral;
	f->fresh_since = for_seeker ? v->registered_on : s->registered_on;
	f->today_day = date_to_days(today);
	f->fresh_days = f->fresh_since != 0 ? f->today_day - date_to_days(f->fresh_since) :
	    MATCH_NO_DAYS;
}

/* Judge a pair from its facts. */
void
match_judge(const struct match_config *c, const struct match_facts *f, int today,
    struct match_result *r)
{
	int i, sum = 0;

	memset(r, 0, sizeof *r);
	r->age = match_age(f->birth_date, today);
	r->days_since_referral = f->days_since_referral;
	r->misses = match_filter(c, f, f->today_day, r->age);
	r->occupation_depth = f->occupation_depth;
	r->occupation_index = f->occupation_depth >= 0 ? f->occupation_index : -1;
	r->level[MATCH_OCCUPATION] = match_occ_level(c, f->occupation_depth);
	r->level[MATCH_WAGE] = match_wage_level(c, f->desired_wage, f->wage_min, f->wage_max);
	r->level[MATCH_PLACE] = f->place_level;
	r->fresh_since = f->fresh_since;
	r->level[MATCH_FRESHNESS] = match_fresh_level(c, f->fresh_days);
	/* The score is the sum of the points each part shows, so that they add up on screen. */
	for (i = 0; i < MATCH_NPARTS; i++)
		sum += match_part_points(c, r, (enum match_part)i);
	if (f->hardship)
		r->points += c->points_hardship;
	else if (f->priority)
		r->points += c->points_priority;
	if (f->hard_to_recruit && r->misses == 0)
		r->points += c->points_hard_to_recruit;
	r->score = sum + r->points;
}

/* The filters alone. */
unsigned
match_misses(const struct match_config *c, const struct match_facts *f, int today)
{
	return match_filter(c, f, f->today_day, match_age(f->birth_date, today));
}

/* The largest of three levels. */
static int
match_max3(int a, int b, int x)
{
	int m = a > b ? a : b;

	return m > x ? m : x;
}

/* The score's bound: the parts known as they are, the others at their best. */
int
match_score_bound(const struct match_config *c, const struct match_facts *f)
{
	int best = 0;

	best += c->weight[MATCH_OCCUPATION] * match_occ_level(c, f->occupation_depth) / 100;
	best += c->weight[MATCH_PLACE] * f->place_level / 100;
	best += c->weight[MATCH_WAGE] * match_max3(c->wage_meets, c->wage_near, c->wage_unknown) /
	    100;
	best += c->weight[MATCH_FRESHNESS];
	if (f->hardship)
		best += c->points_hardship;
	else if (f->priority)
		best += c->points_priority;
	if (f->hard_to_recruit)
		best += c->points_hard_to_recruit;
	return best;
}

/* The sieve: the filters of match_filter that depend on the seeker, as bounds on its numbers. */
void
match_sieve_of(const struct match_config *c, const struct match_facts *f, int today,
    struct match_sieve *s)
{
	long year = today / 10000, md = today % 10000, lo = 1, hi = today;

	(void)c;
	memset(s, 0, sizeof *s);
	if (!f->vacancy_open)
		s->fixed |= MATCH_MISS_VACANCY_CLOSED;
	else if (f->vacancy_valid_day < f->today_day)
		s->fixed |= MATCH_MISS_VACANCY_EXPIRED;
	if (f->filled >= f->headcount)
		s->fixed |= MATCH_MISS_VACANCY_FULL;
	s->today_day = f->today_day;
	/*
	 * Whole years as date_age counts them: at least a years old when born
	 * on or before the same day a years back, YYYYMMDD numbers ordered as
	 * the days are; with a range, an age below 0 (born after today) or
	 * no birth date (0) misses it.
	 */
	if (f->age_min < 0 && f->age_max < 0) {
		s->born_lo = INT_MIN;
		s->born_hi = INT_MAX;
	} else {
			if (f->age_min >= 0 && (year - f->age_min) * 10000 + md < hi)
			hi = (year - f->age_min) * 10000 + md;
		if (f->age_max >= 0 && (year - f->age_max - 1) * 10000 + md + 1 > lo)
			lo = (year - f->age_max - 1) * 10000 + md + 1;
		s->born_lo = lo > INT_MAX ? INT_MAX : (int)lo;
		s->born_hi = hi < 0 ? 0 : (int)hi;
	}
	s->min_education = f->min_education_rank >= 0 ? f->min_education_rank : INT_MIN;
	s->welfare = f->public_welfare != 0;
}

/* The bound's parts: match_score_bound's sum, each part by what it depends on. */
void
match_bound_of(const struct match_config *c, const struct match_facts *f, const char *where,
    struct match_bound *b)
{
	unsigned near, district;
	int depth, best;

	memset(b, 0, sizeof *b);
	b->wage_best = c->weight[MATCH_WAGE] * match_max3(c->wage_meets, c->wage_near,
	    c->wage_unknown) / 100;
	b->fresh_best = c->weight[MATCH_FRESHNESS];
	b->base = b->wage_best + b->fresh_best;
	b->wage_min = f->wage_min;
	b->wage_max = f->wage_max;
	if (f->hard_to_recruit)
		b->base += c->points_hard_to_recruit;
	for (depth = -1; depth < MATCH_OCC_DEPTHS - 1; depth++)
		b->occupation[depth + 1] = c->weight[MATCH_OCCUPATION] * match_occ_level(c, depth) /
		    100;
	for (near = 0; near < 8; near++)
		for (district = 0; district < 8; district++)
			b->place[match_place_combo(near, district)] = c->weight[MATCH_PLACE] *
			    match_place_of(c, where, near, 0, district) / 100;
	b->hardship = c->points_hardship;
	b->priority = c->points_priority;
	for (near = 0, best = 0; near < MATCH_PLACE_COMBOS; near++)
		best = b->place[near] > best ? b->place[near] : best;
	b->rest = b->base + best + match_max3(b->hardship, b->priority, 0);
}

/* The wage's and the freshness's points as match_judge gives them, less their best. */
int
match_bound_short(const struct match_config *c, const struct match_bound *b, long desired_wage,
    long fresh_days)
{
	return c->weight[MATCH_WAGE] * match_wage_level(c, desired_wage, b->wage_min,
	    b->wage_max) / 100 - b->wage_best + c->weight[MATCH_FRESHNESS] *
	    match_fresh_level(c, fresh_days) / 100 - b->fresh_best;
}

/* Judge one pair. */
void
match_eval(const struct match_config *c, const struct match_seeker *s,
    const struct match_vacancy *v, int today, int days_since_referral, int for_seeker,
    struct match_result *r)
{
	struct match_facts f;

	match_facts_of(c, s, v, today, days_since_referral, for_seeker, &f);
	match_judge(c, &f, today, r);
}

/* List order. */
int
match_result_cmp(const struct match_result *a, const struct match_result *b)
{
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->points != b->points)
		return a->points > b->points ? -1 : 1;
	if (a->level[MATCH_FRESHNESS] != b->level[MATCH_FRESHNESS])
		return a->level[MATCH_FRESHNESS] > b->level[MATCH_FRESHNESS] ? -1 : 1;
	return 0;
}


/* The one-line breakdown. */
void
match_breakdown(const struct match_config *c, const struct match_result *r, char *out,
    size_t outlen)
{
	size_t len = 0, i;
	int n;

	if (outlen == 0)
		return;
	*out = '\0';
	if (r->misses != 0) {
		n = snprintf(out, outlen, "%s", _("misses:"));
		for (i = 0; i < sizeof match_filters / sizeof match_filters[0] && n >= 0; i++) {
			len = strlen(out);
			if ((r->misses & match_filters[i].bit) && len < outlen)
				n = snprintf(out + len, outlen - len, " %s", _(match_filters[i].word));
		}
		return;
	}
	for (i = 0; i < MATCH_NPARTS && len < outlen; i++) {
		n = snprintf(out + len, outlen - len, "%s%s%d", i ? " " : "", _(match_part_short[i]),
		    match_part_points(c, r, (enum match_part)i));
		if (n < 0)
			return;
		len = strlen(out);
	}
	if (r->points > 0 && len < outlen)
		snprintf(out + len, outlen - len, " +%d", r->points);
}

/* A code with its name where the callback knows it: "4-07-05 收银员". */
static void
match_code(struct buf *out, match_code_name_cb name, void *ctx, const char *list,
    const char *code)
{
	const char *n = name != NULL && *code != '\0' ? name(ctx, list, code) : NULL;

	if (*code == '\0')
		buf_adds(out, _("(none)"));
	else if (n != NULL && *n != '\0')
		buf_addf(out, "%s %s", code, n);
	else
		buf_adds(out, code);
}

/* A YYYYMMDD date as YYYY-MM-DD. */
static void
match_date_text(struct buf *out, int ymd)
{
	char text[11];

	if (ymd == 0) {
		buf_adds(out, _("(none)"));
		return;
	}
	date_format(ymd, text);
	buf_adds(out, text);
}

/* A status in the clerk's words. */
static const char *
match_status(const char *status)
{
	const char *label = kind_status_label(status);

	return label != NULL ? _(label) : status;
}

/* One filter's line: whether the pair passes it, then what was compared. */
static void
match_filter_line(struct buf *out, const struct match_result *r, unsigned bit)
{
	buf_addf(out, "  %s  ", (r->misses & bit) ? _("MISS") : _("pass"));
}

/* The explanation's filter lines. */
static void
match_explain_filters(const struct match_config *c, const struct match_seeker *s,
    const struct match_vacancy *v, const struct match_result *r, match_code_name_cb name,
    void *ctx, struct buf *out)
{
	buf_addf(out, "%s\n", _("Filters (a candidate that misses one is not listed):"));
	match_filter_line(out, r, MATCH_MISS_VACANCY_CLOSED | MATCH_MISS_VACANCY_EXPIRED |
	    MATCH_MISS_VACANCY_FULL);
	buf_addf(out, _("vacancy: %s, valid until "), match_status(v->status));
	match_date_text(out, v->valid_until);
	buf_addf(out, _(", %ld of %ld hired"), v->filled, v->headcount);
	buf_addc(out, '\n');
	match_filter_line(out, r, MATCH_MISS_SEEKER_CLOSED | MATCH_MISS_SEEKER_EXPIRED);
	buf_addf(out, _("registration: %s, valid until "), match_status(s->status));
	match_date_text(out, s->valid_until);
	buf_addc(out, '\n');
	match_filter_line(out, r, MATCH_MISS_AGE);
	if (r->age < 0)
		buf_adds(out, _("age: not known"));
	else
		buf_addf(out, _("age: %d"), r->age);
	if (v->age_min < 0 && v->age_max < 0)
		buf_adds(out, _("; the vacancy sets no range"));
	else if (v->age_max < 0)
		buf_addf(out, _("; the vacancy takes %d and over"), v->age_min);
	else if (v->age_min < 0)
		buf_addf(out, _("; the vacancy takes up to %d"), v->age_max);
	else
		buf_addf(out, _("; the vacancy takes %d to %d"), v->age_min, v->age_max);
	buf_addc(out, '\n');
	match_filter_line(out, r, MATCH_MISS_EDUCATION);
	buf_adds(out, _("education: "));
	match_code(out, name, ctx, "education", s->education);
	if (v->education_rank < 0)
		buf_addf(out, "%s\n", _("; the vacancy sets no minimum"));
	else {
		buf_adds(out, _("; the vacancy asks at least "));
		match_code(out, name, ctx, "education", v->education);
		buf_addc(out, '\n');
	}
	match_filter_line(out, r, MATCH_MISS_REFERRED);
	if (r->days_since_referral < 0)
		buf_addf(out, "%s\n", _("referral: never referred to this vacancy"));
	else {
		buf_addf(out, _("referral: referred to this vacancy %d days ago (again after %d)"),
		    r->days_since_referral, c->referral_days);
		buf_addc(out, '\n');
	}
	match_filter_line(out, r, MATCH_MISS_WELFARE);
	if (!v->public_welfare)
		buf_addf(out, "%s\n", _("public-welfare post: no"));
	else if (*s->hardship != '\0') {
		buf_adds(out, _("public-welfare post: yes; the seeker is hard to employ: "));
		match_code(out, name, ctx, "hardship", s->hardship);
		buf_addc(out, '\n');
	} else
		buf_addf(out, "%s\n",
		    _("public-welfare post: yes; only for people recognised as hard to employ"));
}

/* The explanation's line of the occupation part. */
static void
match_explain_occupation(const struct match_seeker *s, const struct match_vacancy *v,
    const struct match_result *r, match_code_name_cb name, void *ctx, struct buf *out)
{
	static const char *const depth_words[] = {
		N_("no group in common"), N_("the same major group (大类)"),
		N_("the same medium group (中类)"), N_("the same minor group (小类)"),
		N_("the same occupation"),
	};

	if (r->occupation_depth < 0) {
		buf_adds(out, _("no occupation wanted, or the vacancy has none"));
		return;
	}
	buf_addf(out, _("wanted %d: "), r->occupation_index + 1);
	match_code(out, name, ctx, "occupation", s->occupations[r->occupation_index]);
	buf_adds(out, _("; vacancy: "));
	match_code(out, name, ctx, "occupation", v->occupation);
	buf_addf(out, "; %s", _(depth_words[r->occupation_depth]));
}

/* The explanation. */
void
match_explain(const struct match_config *c, const struct match_seeker *s,
    const struct match_vacancy *v, const struct match_result *r, match_code_name_cb name,
    void *ctx, struct buf *out)
{
	int i, name_cells;

	match_explain_filters(c, s, v, r, name, ctx, out);
	buf_addf(out, "%s\n", _("Score (weight x level / 100):"));
	for (i = 0; i < MATCH_NPARTS; i++) {
		/* The names padded in display cells: a Chinese name is narrower in bytes' terms. */
		name_cells = wtext_width(_(match_part_name[i]));
		buf_addf(out, "  %s%*s %3d = %3d x %3d%%  ", _(match_part_name[i]),
		    name_cells < MATCH_NAME_CELLS ? MATCH_NAME_CELLS - name_cells : 0, "",
		    match_part_points(c, r, (enum match_part)i), c->weight[i], r->level[i]);
		switch (i) {
		case MATCH_OCCUPATION:
			match_explain_occupation(s, v, r, name, ctx, out);
			break;
		case MATCH_WAGE:
			if (s->desired_wage <= 0)
				buf_adds(out, _("no wage wanted"));
			else
				buf_addf(out, _("wanted %ld"), s->desired_wage);
			if (v->wage_min <= 0 && v->wage_max <= 0)
				buf_adds(out, _("; the vacancy's wage is negotiable"));
			else
				buf_addf(out, _("; the vacancy pays %ld to %ld"), v->wage_min, v->wage_max);
			break;
		case MATCH_PLACE:
			buf_adds(out, _("vacancy in "));
			match_code(out, name, ctx, "region", v->district);
			buf_adds(out, _("; wanted "));
			match_code(out, name, ctx, "region", s->desired_district);
			buf_adds(out, _(", lives in "));
			match_code(out, name, ctx, "region", *s->street != '\0' ? s->street : s->district);
			break;
		default:
			buf_adds(out, _("registered "));
			match_date_text(out, r->fresh_since);
			buf_addf(out, _("; falls to 0 over %d days"), c->freshness_days);
			break;
		}
		buf_addc(out, '\n');
	}
	buf_addf(out, _("  Priority   %+3d  "), r->points);
	if (*s->hardship != '\0') {
		buf_adds(out, _("hard to employ: "));
		match_code(out, name, ctx, "hardship", s->hardship);
	} else if (match_priority(c, s->category))
		buf_adds(out, _("a priority category"));
	else
		buf_adds(out, _("no priority category"));
	if (v->hard_to_recruit)
		buf_adds(out, r->misses == 0 ? _("; employer takes on people hard to employ") :
		    _("; employer takes on people hard to employ (fits only)"));
	buf_addc(out, '\n');
	buf_addf(out, _("Total: %d"), r->score);
	buf_addc(out, '\n');
}
