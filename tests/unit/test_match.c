/*
 * Unit tests for src/core/match.c: each hard filter, each part of the
 * score, the weights taken from the configuration, and a table of
 * seeker/vacancy pairs with whether each is listed, why not, and the order
 * of those listed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "core/match.h"

#include "testlib.h"

#define TODAY	20261207

/*
 * A seeker of 36, 大专, wanting a cashier's job (4-01-02) at 5000 in 朝阳,
 * registered today, of a category without priority (农村劳动力).
 */
static void
seeker(struct match_seeker *s)
{
	memset(s, 0, sizeof *s);
	s->status = "registered";
	s->valid_until = 20270307;
	s->birth_date = 19900307;
	s->registered_on = TODAY;
	s->education = "31";
	s->education_rank = 50;
	s->occupations[0] = "4-01-02";
	s->occupations[1] = s->occupations[2] = "";
	s->desired_wage = 5000;
	s->desired_district = "110105";
	s->district = "110105";
	s->street = "110105001";
	s->category = "rural";
	s->hardship = "";
}

/* An open cashier's vacancy in 朝阳 paying 4500-5500, 2 wanted, asking 高中 and 18-45. */
static void
vacancy(struct match_vacancy *v)
{
	memset(v, 0, sizeof *v);
	v->status = "open";
	v->valid_until = 20270101;
	v->registered_on = TODAY;
	v->headcount = 2;
	v->age_min = 18;
	v->age_max = 45;
	v->education = "61";
	v->education_rank = 40;
	v->occupation = "4-01-02";
	v->wage_min = 4500;
	v->wage_max = 5500;
	v->district = "110105";
}

/* Judge a pair for the seeker's list (the vacancy's freshness). */
static struct match_result
judge(const struct match_config *c, const struct match_seeker *s,
    const struct match_vacancy *v, int days_since_referral)
{
	struct match_result r;

	match_eval(c, s, v, TODAY, days_since_referral, 1, &r);
	return r;
}

/* A pair that fits in every way passes every filter and scores the full 100. */
static void
test_full_fit(void **state)
{
	struct match_config c;
	struct match_seeker s;
	struct match_vacancy v;
	struct match_result r;

	(void)state;
	match_defaults(&c);
	seeker(&s);
	vacancy(&v);
	v.district = "110105001";
	r = judge(&c, &s, &v, -1);
	assert_int_equal(r.misses, 0);
	assert_int_equal(r.level[MATCH_OCCUPATION], 100);
	assert_int_equal(r.level[MATCH_WAGE], 100);
	assert_int_equal(r.level[MATCH_PLACE], 100);
	assert_int_equal(r.level[MATCH_FRESHNESS], 100);
	assert_int_equal(r.points, 0);
	assert_int_equal(r.score, 100);
	assert_int_equal(r.age, 36);
}

/* Each hard filter, alone, with the bit that names it. */
static void
test_filters(void **state)
{
	struct match_config c;
	struct match_seeker s;
	struct match_vacancy v;

	(void)state;
	match_defaults(&c);
#define MISS(bit, change) do {						\
		seeker(&s);						\
		vacancy(&v);						\
		change;							\
		assert_int_equal(judge(&c, &s, &v, -1).misses, (bit));	\
	} while (0)
	MISS(MATCH_MISS_VACANCY_CLOSED, v.status = "filled");
	MISS(MATCH_MISS_VACANCY_EXPIRED, v.valid_until = TODAY - 1);
	MISS(0, v.valid_until = TODAY);
	MISS(MATCH_MISS_VACANCY_FULL, v.filled = 2);
	MISS(0, v.filled = 1);
	MISS(MATCH_MISS_SEEKER_CLOSED, s.status = "placed");
	MISS(MATCH_MISS_SEEKER_EXPIRED, s.valid_until = TODAY - 1);
	MISS(0, s.status = "renewed");
	/* Age on the day: 36 today; 35 the day before the birthday. */
	MISS(MATCH_MISS_AGE, v.age_max = 35);
	MISS(0, (v.age_max = 35, s.birth_date = 19901208));
	MISS(MATCH_MISS_AGE, v.age_min = 37);
	MISS(MATCH_MISS_AGE, s.birth_date = 0);
	MISS(0, (s.birth_date = 0, v.age_min = -1, v.age_max = -1));
	/* Education by rank: 大专 (50) meets 高中 (40), not 本科 (60); an unranked one meets none. */
	MISS(MATCH_MISS_EDUCATION, v.education_rank = 60);
	MISS(0, v.education_rank = 50);
	MISS(MATCH_MISS_EDUCATION, s.education_rank = -1);
	MISS(0, (s.education_rank = -1, v.education_rank = -1));
	/* Public-welfare posts: only for people recognised as hard to employ. */
	MISS(MATCH_MISS_WELFARE, v.public_welfare = 1);
	MISS(0, (v.public_welfare = 1, s.hardship = "long_term"));
	MISS(MATCH_MISS_AGE | MATCH_MISS_EDUCATION, (v.age_min = 40, v.education_rank = 60));
#undef MISS
	/* A referral to the vacancy within referral_days. */
	seeker(&s);
	vacancy(&v);
	assert_int_equal(judge(&c, &s, &v, 0).misses, MATCH_MISS_REFERRED);
	assert_int_equal(judge(&c, &s, &v, 29).misses, MATCH_MISS_REFERRED);
	assert_int_equal(judge(&c, &s, &v, 30).misses, 0);
	c.referral_days = 0;
	assert_int_equal(judge(&c, &s, &v, 0).misses, 0);
}

/* The occupation part on the GB/T 6565 hierarchy, the best of the seeker's three. */
static void
test_occupation(void **state)
{
	static const struct {
		const char	*wanted, *offered;
		int		 depth, level;
	} cases[] = {
		{ "4-01-02", "4-01-02", 4, 100 },
		{ "4-01-02-01", "4-01-02-01", 4, 100 },
		{ "4-01-02-01", "4-01-02-03", 3, 80 },
		{ "4-01-02", "4-01-02-03", 3, 80 },
		{ "4-01-02", "4-01-05", 2, 50 },
		{ "4-01", "4-01-05", 2, 50 },
		{ "4-01-02", "4-07-05", 1, 20 },
		{ "4-01-02", "2-01-02", 0, 0 },
		/* 4-1 is not 4-10: segments, not characters. */
		{ "4-1", "4-10-01", 1, 20 },
		{ "", "4-01-02", -1, 0 },
	};
	struct match_config c;
	struct match_seeker s;
	struct match_vacancy v;
	struct match_result r;
	size_t i;

	(void)state;
	match_defaults(&c);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		seeker(&s);
		vacancy(&v);
		s.occupations[0] = cases[i].wanted;
		v.occupation = cases[i].offered;
		r = judge(&c, &s, &v, -1);
		assert_int_equal(r.occupation_depth, cases[i].depth);
		assert_int_equal(r.level[MATCH_OCCUPATION], cases[i].level);
	}
	/* The second or third wish counts when it is closer. */
	seeker(&s);
	vacancy(&v);
	s.occupations[0] = "2-01";
	s.occupations[2] = "4-01-02";
	r = judge(&c, &s, &v, -1);
	assert_int_equal(r.occupation_index, 2);
	assert_int_equal(r.level[MATCH_OCCUPATION], 100);
}

/* Wage, place and freshness levels. */
static void
test_wage_place_freshness(void **state)
{
	struct match_config c;
	struct match_seeker s;
	struct match_vacancy v;

	(void)state;
	match_defaults(&c);
	seeker(&s);
	vacancy(&v);
	v.wage_max = 5000;
	assert_int_equal(judge(&c, &s, &v, -1).level[MATCH_WAGE], 100);
	v.wage_max = 4000;	/* 20 % below 5000: still near */
	assert_int_equal(judge(&c, &s, &v, -1).level[MATCH_WAGE], 50);
	v.wage_max = 3999;
	assert_int_equal(judge(&c, &s, &v, -1).level[MATCH_WAGE], 0);
	v.wage_min = v.wage_max = 0;	/* negotiable */
	assert_int_equal(judge(&c, &s, &v, -1).level[MATCH_WAGE], 60);
	vacancy(&v);
	s.desired_wage = 0;
	assert_int_equal(judge(&c, &s, &v, -1).level[MATCH_WAGE], 60);

	seeker(&s);
	v.district = "110105001";
	assert_int_equal(judge(&c, &s, &v, -1).level[MATCH_PLACE], 100);
	v.district = "110105002";
	assert_int_equal(judge(&c, &s, &v, -1).level[MATCH_PLACE], 70);
	v.district = "110108";
	assert_int_equal(judge(&c, &s, &v, -1).level[MATCH_PLACE], 20);
	/* Wanting to work in 海淀 while living in 朝阳: a 海淀 vacancy is in the wished district. */
	s.desired_district = "110108";
	assert_int_equal(judge(&c, &s, &v, -1).level[MATCH_PLACE], 70);
	v.district = "";
	assert_int_equal(judge(&c, &s, &v, -1).level[MATCH_PLACE], 50);

	vacancy(&v);
	seeker(&s);
	v.registered_on = 20261107;	/* 30 of 90 days ago */
	assert_int_equal(judge(&c, &s, &v, -1).level[MATCH_FRESHNESS], 67);
	v.registered_on = 20260908;	/* 90 days */
	assert_int_equal(judge(&c, &s, &v, -1).level[MATCH_FRESHNESS], 0);
	/* For a vacancy's list, the seeker's registration counts. */
	{
		struct match_result r;

		s.registered_on = 20261107;
		match_eval(&c, &s, &v, TODAY, -1, 0, &r);
		assert_int_equal(r.level[MATCH_FRESHNESS], 67);
	}
}

/* Priority points: hardship before a priority category; the employer's flag for fits only. */
static void
test_priority(void **state)
{
	struct match_config c;
	struct match_seeker s;
	struct match_vacancy v;

	(void)state;
	match_defaults(&c);
	seeker(&s);
	vacancy(&v);
	assert_int_equal(judge(&c, &s, &v, -1).points, 0);
	s.category = "rural,laid_off";
	assert_int_equal(judge(&c, &s, &v, -1).points, 3);
	s.hardship = "older";
	assert_int_equal(judge(&c, &s, &v, -1).points, 5);
	v.hard_to_recruit = 1;
	assert_int_equal(judge(&c, &s, &v, -1).points, 10);
	v.age_max = 20;
	assert_int_equal(judge(&c, &s, &v, -1).points, 5);
	/* "laid" is not "laid_off". */
	seeker(&s);
	vacancy(&v);
	s.category = "laid";
	assert_int_equal(judge(&c, &s, &v, -1).points, 0);
}

/* The weights and levels are the configuration's: changing one changes the order. */
static void
test_weights_from_config(void **state)
{
	struct match_config c;
	struct match_seeker s;
	struct match_vacancy near_job, right_job;
	struct match_result a, b;

	(void)state;
	match_defaults(&c);
	seeker(&s);
	/* The right occupation far away, against a related one in the seeker's street. */
	vacancy(&right_job);
	right_job.district = "110108";
	vacancy(&near_job);
	near_job.occupation = "4-01-05";
	near_job.district = "110105001";
	a = judge(&c, &s, &right_job, -1);
	b = judge(&c, &s, &near_job, -1);
	assert_int_equal(a.score, 50 + 20 + 4 + 10);
	assert_int_equal(b.score, 25 + 20 + 20 + 10);
	assert_true(match_result_cmp(&a, &b) < 0);
	c.weight[MATCH_OCCUPATION] = 20;
	c.weight[MATCH_PLACE] = 50;
	a = judge(&c, &s, &right_job, -1);
	b = judge(&c, &s, &near_job, -1);
	assert_true(match_result_cmp(&b, &a) < 0);
	c.place_elsewhere = 100;
	a = judge(&c, &s, &right_job, -1);
	assert_int_equal(a.level[MATCH_PLACE], 100);
}

/* A table of pairs: listed or not, why, and the order of the listed ones. */
static void
test_ranking_table(void **state)
{
	static const struct {
		const char	*name;
		const char	*occupation, *district;
		long		 wage_max;
		int		 age_max, welfare;
		unsigned	 misses;
		int		 order;		/* place in the list, 0 not listed */
	} cases[] = {
		{ "exact, own street", "4-01-02", "110105001", 5500, 45, 0, 0, 1 },
		{ "exact, own district", "4-01-02", "110105", 5500, 45, 0, 0, 2 },
		{ "same minor group, low pay", "4-01-02-01", "110105", 4200, 45, 0, 0, 3 },
		{ "other major group", "2-01-02", "110105001", 9000, 45, 0, 0, 4 },
		{ "too old", "4-01-02", "110105001", 5500, 30, 0, MATCH_MISS_AGE, 0 },
		{ "welfare post", "4-01-02", "110105001", 5500, 45, 1, MATCH_MISS_WELFARE, 0 },
	};
	struct match_config c;
	struct match_seeker s;
	struct match_vacancy v;
	struct match_result r[sizeof cases / sizeof cases[0]];
	size_t i, j;

	(void)state;
	match_defaults(&c);
	seeker(&s);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		vacancy(&v);
		v.occupation = cases[i].occupation;
		v.district = cases[i].district;
		v.wage_max = cases[i].wage_max;
		v.age_max = cases[i].age_max;
		v.public_welfare = cases[i].welfare;
		r[i] = judge(&c, &s, &v, -1);
		if (r[i].misses != cases[i].misses)
			fail_msg("%s: misses %#x, expected %#x", cases[i].name, r[i].misses,
			    cases[i].misses);
	}
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		for (j = 0; j < sizeof cases / sizeof cases[0]; j++)
			if (cases[i].order != 0 && cases[j].order != 0 &&
			    cases[i].order < cases[j].order && match_result_cmp(&r[i], &r[j]) >= 0)
				fail_msg("\"%s\" should rank before \"%s\" (%d, %d)", cases[i].name,
				    cases[j].name, r[i].score, r[j].score);
}

/* The names of codes in explanations. */
static const char *
name(void *ctx, const char *list, const char *code)
{
	(void)ctx;
	if (strcmp(list, "occupation") == 0 && strcmp(code, "4-01-02") == 0)
		return "收银员";
	return NULL;
}

/* The breakdown and the explanation say what was compared, in every part. */
static void
test_explanation(void **state)
{
	struct match_config c;
	struct match_seeker s;
	struct match_vacancy v;
	struct match_result r;
	struct buf out;
	char line[256];

	(void)state;
	match_defaults(&c);
	seeker(&s);
	vacancy(&v);
	v.age_max = 30;
	r = judge(&c, &s, &v, -1);
	match_breakdown(&c, &r, line, sizeof line);
	assert_string_equal(line, "misses: age");
	v.age_max = 45;
	v.hard_to_recruit = 1;
	r = judge(&c, &s, &v, -1);
	match_breakdown(&c, &r, line, sizeof line);
	assert_string_equal(line, "occ50 wage20 place14 new10 +5");
	buf_init(&out);
	match_explain(&c, &s, &v, &r, name, NULL, &out);
	assert_mentions(buf_str(&out), "age: 36; the vacancy takes 18 to 45");
	assert_mentions(buf_str(&out), "education: 31; the vacancy asks at least 61");
	assert_mentions(buf_str(&out), "wanted 1: 4-01-02 收银员; vacancy: 4-01-02 收银员; "
	    "the same occupation");
	assert_mentions(buf_str(&out), "wanted 5000; the vacancy pays 4500 to 5500");
	assert_mentions(buf_str(&out), "Place       14 =  20 x  70%");
	assert_mentions(buf_str(&out), "employer takes on people hard to employ");
	assert_mentions(buf_str(&out), "Total: 99");
	buf_free(&out);
}


/*
 * A list judges candidates from their facts and skips scoring those that
 * cannot beat its last: over pairs varied in every part, the bound is
 * never below the score, match_misses is match_judge's misses, and facts
 * taken apart per text (match_place_flags, match_place_of,
 * match_occupation_best) give match_eval's judgement.
 */
static void
test_facts_bound(void **state)
{
	static const char *const occ[] = { "4-01-02", "4-01-02-01", "4-01-03", "4-02-01", "2-01",
		"" };
	static const char *const place[] = { "110105", "110105001", "110105002", "110108",
		"110108003", "" };
	static const char *const status[] = { "registered", "placed", "open", "filled" };
	static const long wage[] = { 0, 3000, 4400, 5000, 9000 };
	struct match_config c;
	struct match_seeker s;
	struct match_vacancy v;
	struct match_facts f;
	struct match_result r, q;
	unsigned i, seed = 7, street, desired, district;
	int depth[MATCH_OCCUPATIONS], k, index;

	(void)state;
	match_defaults(&c);
	snprintf(c.priority_categories, sizeof c.priority_categories, "disabled");
	for (i = 0; i < 20000; i++) {
		seeker(&s);
		vacancy(&v);
		seed = seed * 1103515245u + 12345u;
		s.occupations[0] = occ[(seed >> 16) % 6];
		s.occupations[1] = occ[(seed >> 8) % 6];
		seed = seed * 1103515245u + 12345u;
		v.occupation = occ[(seed >> 16) % 6];
		s.street = place[(seed >> 8) % 6];
		seed = seed * 1103515245u + 12345u;
		s.desired_district = place[(seed >> 16) % 6];
		v.district = place[(seed >> 8) % 6];
		seed = seed * 1103515245u + 12345u;
		s.district = place[(seed >> 16) % 6];
		s.desired_wage = wage[(seed >> 8) % 5];
		seed = seed * 1103515245u + 12345u;
		v.wage_max = wage[(seed >> 16) % 5];
		v.wage_min = v.wage_max / 2;
		s.status = status[(seed >> 8) % 2];
		v.status = status[2 + (seed >> 12) % 2];
		seed = seed * 1103515245u + 12345u;
		s.hardship = (seed >> 16) % 5 == 0 ? "disabled" : "";
		s.category = (seed >> 8) % 3 == 0 ? "rural disabled" : "rural";
		v.hard_to_recruit = (seed >> 20) % 2;
		v.public_welfare = (seed >> 22) % 4 == 0;
		s.birth_date = 19500101 + (int)((seed >> 4) % 60) * 10000;
		s.registered_on = (seed >> 24) % 2 ? TODAY : 20260601;
		match_facts_of(&c, &s, &v, TODAY, (int)(seed % 40) - 5, (int)(i % 2), &f);
		match_judge(&c, &f, TODAY, &r);
		match_eval(&c, &s, &v, TODAY, (int)(seed % 40) - 5, (int)(i % 2), &q);
		assert_memory_equal(&r, &q, sizeof r);
		assert_true(match_score_bound(&c, &f) >= r.score);
		assert_int_equal(match_misses(&c, &f, TODAY), r.misses);
		/* The parts a list works out per text. */
		street = match_place_flags(v.district, s.street);
		desired = match_place_flags(v.district, s.desired_district);
		district = match_place_flags(v.district, s.district);
		assert_int_equal(match_place_of(&c, v.district, street, desired, district),
		    r.level[MATCH_PLACE]);
		for (k = 0; k < MATCH_OCCUPATIONS; k++)
			depth[k] = match_occupation_depth(s.occupations[k], v.occupation);
		assert_int_equal(match_occupation_best(depth, &index), r.occupation_depth);
		if (r.occupation_depth >= 0)
			assert_int_equal(index, r.occupation_index);
	}
}

/* The next number of a test's own generator, below n. */
static unsigned
next_below(unsigned *seed, unsigned n)
{
	*seed = *seed * 1103515245u + 12345u;
	return (*seed >> 12) % n;
}

/*
 * A vacancy's list compares each seeker with numbers worked out once
 * (match_sieve_of, match_bound_of): over pairs varied where the filters
 * and the bound turn (ages on and about the day of a limit, no birth
 * date, born after today, education with no rank, registrations expired
 * or ended, a welfare post, every place and occupation), and weights and
 * levels drawn at random (a level of a nearer occupation may be lower),
 * the sieve gives match_misses but the referral, the bound's parts sum to
 * match_score_bound, the occupation's cut is never below them, and the
 * bound made exact in wage and freshness is still never below the score.
 */
static void
test_sieve_bound(void **state)
{
	static const char *const occ[] = { "4-01-02", "4-01-02-01", "4-01-03", "4-02-01", "2-01",
		"" };
	static const char *const place[] = { "110105", "110105001", "110105002", "110108",
		"110108003", "" };
	static const char *const status[] = { "registered", "placed", "open", "filled" };
	/* Month and day of a birth date: today's, the days either side, others. */
	static const int md[] = { 1207, 1206, 1208, 229, 101, 1231 };
	static const int ages[] = { -1, -1, 18, 20, 25, 45, 50, 0 };
	struct match_config c;
	struct match_seeker s;
	struct match_vacancy v;
	struct match_facts f;
	struct match_result r;
	struct match_sieve sv;
	struct match_bound b;
	unsigned i, seed = 11, near;
	int k, bound;

	(void)state;
	for (i = 0; i < 40000; i++) {
		if (i % 1000 == 0) {
			match_defaults(&c);
			if (i > 0) {
				for (k = 0; k < MATCH_NPARTS; k++)
					c.weight[k] = (int)next_below(&seed, 101);
				c.occupation_same = (int)next_below(&seed, 101);
				c.occupation_minor = (int)next_below(&seed, 101);
				c.occupation_medium = (int)next_below(&seed, 101);
				c.occupation_major = (int)next_below(&seed, 101);
				c.wage_meets = (int)next_below(&seed, 101);
				c.wage_near = (int)next_below(&seed, 101);
				c.wage_unknown = (int)next_below(&seed, 101);
				c.place_street = (int)next_below(&seed, 101);
				c.place_district = (int)next_below(&seed, 101);
				c.place_elsewhere = (int)next_below(&seed, 101);
				c.place_unknown = (int)next_below(&seed, 101);
				c.points_hardship = (int)next_below(&seed, 11);
				c.points_priority = (int)next_below(&seed, 11);
				c.points_hard_to_recruit = (int)next_below(&seed, 11);
			}
			snprintf(c.priority_categories, sizeof c.priority_categories, "disabled");
		}
		seeker(&s);
		vacancy(&v);
		s.occupations[0] = occ[next_below(&seed, 6)];
		s.occupations[1] = occ[next_below(&seed, 6)];
		s.occupations[2] = occ[next_below(&seed, 6)];
		v.occupation = occ[next_below(&seed, 6)];
		s.street = place[next_below(&seed, 6)];
		s.desired_district = place[next_below(&seed, 6)];
		s.district = place[next_below(&seed, 6)];
		v.district = place[next_below(&seed, 6)];
		s.status = status[next_below(&seed, 2)];
		v.status = status[2 + next_below(&seed, 2)];
		s.valid_until = next_below(&seed, 4) == 0 ? 20261206 : next_below(&seed, 2) ?
		    TODAY : 0;
		v.valid_until = next_below(&seed, 6) == 0 ? 20261206 : 20270101;
		v.headcount = next_below(&seed, 6) == 0 ? 0 : 2;
		/* Born 15 to 55 years ago about today, or not known, or after today. */
		s.birth_date = next_below(&seed, 10) == 0 ? 0 : next_below(&seed, 10) == 0 ?
		    20270101 : (2026 - 15 - (int)next_below(&seed, 41)) * 10000 +
		    md[next_below(&seed, sizeof md / sizeof md[0])];
		v.age_min = ages[next_below(&seed, sizeof ages / sizeof ages[0])];
		v.age_max = ages[next_below(&seed, sizeof ages / sizeof ages[0])];
		s.education_rank = (int)next_below(&seed, 5) * 20 - 1;
		v.education_rank = (int)next_below(&seed, 5) * 20 - 1;
		v.public_welfare = next_below(&seed, 4) == 0;
		v.hard_to_recruit = (int)next_below(&seed, 2);
		s.hardship = next_below(&seed, 5) == 0 ? "disabled" : "";
		s.category = next_below(&seed, 3) == 0 ? "rural disabled" : "rural";
		s.desired_wage = (long)next_below(&seed, 5) * 2000;
		v.wage_max = (long)next_below(&seed, 5) * 2000;
		v.wage_min = v.wage_max / 2;
		s.registered_on = next_below(&seed, 3) == 0 ? 0 : next_below(&seed, 2) ? TODAY :
		    20261001;
		match_facts_of(&c, &s, &v, TODAY, -1, 0, &f);
		match_judge(&c, &f, TODAY, &r);
		match_sieve_of(&c, &f, TODAY, &sv);
		match_bound_of(&c, &f, v.district, &b);
		assert_int_equal(match_sieve_seeker(&sv, f.seeker_open, f.seeker_valid_day,
		    f.birth_date, f.education_rank, f.hardship), r.misses);
		near = match_place_flags(v.district, s.street) |
		    match_place_flags(v.district, s.desired_district);
		bound = match_bound_seeker(&b, f.occupation_depth, match_place_combo(near,
		    match_place_flags(v.district, s.district)), f.hardship, f.priority);
		assert_int_equal(bound, match_score_bound(&c, &f));
		assert_true(match_bound_occupation(&b, f.occupation_depth) >= bound);
		assert_true(match_bound_short(&c, &b, f.desired_wage, f.fresh_days) <= 0);
		assert_true(bound + match_bound_short(&c, &b, f.desired_wage, f.fresh_days) >=
		    r.score);
		assert_int_equal(match_listed(r.misses, 0), r.misses == 0);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_fit),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_occupation),
		cmocka_unit_test(test_wage_place_freshness),
		cmocka_unit_test(test_priority),
		cmocka_unit_test(test_weights_from_config),
		cmocka_unit_test(test_ranking_table),
		cmocka_unit_test(test_explanation),
		cmocka_unit_test(test_facts_bound),
		cmocka_unit_test(test_sieve_bound),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
