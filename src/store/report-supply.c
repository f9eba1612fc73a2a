/*
 * Supply and demand (供求分析): the job seekers' registrations and the
 * vacancies valid in a period (core/supply.h says which), 需求人数 (the
 * headcount of the valid vacancies), 求职人数 (the valid seekers) and
 * 求人倍率, broken down by occupation, education, age, sex, office,
 * industry, person category and hardship, each against the period
 * before and the same period a year earlier.
 *
 * One pass reads every seeker and every vacancy of the offices in scope
 * that could be valid in any of the three periods, decides with
 * supply_valid whether it counts in each, and adds it to one row of each
 * breakdown (a person of several categories to each of theirs). So every
 * row is the same rule applied to records, and the rows of a district are
 * the sums of its streets' rows: each record belongs to the one office
 * that holds it.
 */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/buf.h"
#include "common/i18n.h"
#include "common/report.h"
#include "common/xalloc.h"
#include "core/check.h"
#include "core/hlc.h"
#include "core/kind.h"
#include "core/supply.h"
#include "store/codes.h"
#include "store/report.h"
#include "store/store-int.h"

/* The periods a report counts: the one asked for, the one before, the same a year earlier. */
enum sd_period {
	SD_NOW,
	SD_LAST,
	SD_YEAR,
	SD_PERIODS
};

/* The two sides of the market. */
enum sd_side {
	SD_DEMAND,	/* vacancies, by their headcount */
	SD_SEEKERS,	/* registrations, one each */
	SD_SIDES
};

/*
 * The keys of the rows that are not codes: sorted after every code
 * (codes are digits, letters and '-'), in this order.
 */
#define SD_KEY_NONE	"~1"	/* a seeker who is not in hardship */
#define SD_KEY_ANY	"~2"	/* a vacancy that sets no requirement (无要求) */
#define SD_KEY_UNSTATED	"~3"	/* a record that does not say */

/* How a breakdown's rows are named. */
enum sd_names {
	SD_NAMES_CODES,		/* by the code list of .codes */
	SD_NAMES_OFFICE,	/* by the office table */
	SD_NAMES_AGE,		/* by the age bands of core/supply.h */
};

/* The breakdowns, in the order of the report. */
enum sd_dim {
	SD_OCCUPATION,
	SD_OCCUPATION_MEDIUM,
	SD_EDUCATION,
	SD_AGE,
	SD_SEX,
	SD_DISTRICT,
	SD_STREET,
	SD_INDUSTRY,
	SD_CATEGORY,
	SD_HARDSHIP,
	SD_DIMS
};

/* Each breakdown's table: its key, title and first heading, and how its rows are named. */
static const struct sd_dim_def {
	const char	*key;		/* the table's key */
	const char	*title;		/* N_() */
	const char	*heading;	/* the first column's heading, N_() */
	enum sd_names	 names;
	const char	*codes;		/* the code list naming the rows */
	const char	*unstated;	/* the name of the row of records that do not say, N_() */
} sd_dims[SD_DIMS] = {
	[SD_OCCUPATION] = { .key = "by_occupation",
	    .title = N_("By occupation (major group); a seeker by their first wish"),
	    .heading = N_("Occupation"), .names = SD_NAMES_CODES, .codes = "occupation",
	    .unstated = N_("no wish stated") },
	[SD_OCCUPATION_MEDIUM] = { .key = "by_occupation_medium",
	    .title = N_("By occupation (medium group); a seeker by their first wish"),
	    .heading = N_("Occupation"), .names = SD_NAMES_CODES, .codes = "occupation",
	    .unstated = N_("no wish stated") },
	[SD_EDUCATION] = { .key = "by_education",
	    .title = N_("By education; a vacancy by the least it asks for"),
	    .heading = N_("Education"), .names = SD_NAMES_CODES, .codes = "education",
	    .unstated = N_("not stated") },
	[SD_AGE] = { .key = "by_age",
	    .title = N_("By age at the end of each period; a vacancy by the middle of its range"),
	    .heading = N_("Age"), .names = SD_NAMES_AGE, .unstated = N_("not stated") },
	[SD_SEX] = { .key = "by_sex", .title = N_("By sex"),
	    .heading = N_("Sex"), .names = SD_NAMES_CODES, .codes = "sex",
	    .unstated = N_("not stated") },
	[SD_DISTRICT] = { .key = "by_district",
	    .title = N_("By district office (the district that holds the record)"),
	    .heading = N_("District"), .names = SD_NAMES_OFFICE, .unstated = N_("not stated") },
	[SD_STREET] = { .key = "by_street",
	    .title = N_("By office (the street office, or the district's own window, that "
	    "holds the record)"),
	    .heading = N_("Office"), .names = SD_NAMES_OFFICE, .unstated = N_("not stated") },
	[SD_INDUSTRY] = { .key = "by_industry",
	    .title = N_("By the employer's industry (section)"),
	    .heading = N_("Industry"), .names = SD_NAMES_CODES, .codes = "industry",
	    .unstated = N_("none (job seekers)") },
	[SD_CATEGORY] = { .key = "by_category",
	    .title = N_("By person category; a person of several is in each of theirs, the "
	    "total counts them once"),
	    .heading = N_("Category"), .names = SD_NAMES_CODES, .codes = "person_category",
	    .unstated = N_("not stated") },
	[SD_HARDSHIP] = { .key = "by_hardship",
	    .title = N_("By hardship (就业困难人员)"),
	    .heading = N_("Hardship"), .names = SD_NAMES_CODES, .codes = "hardship",
	    .unstated = N_("not stated") },
};

/*
 * The words --by takes and the names the client shows for them, in the
 * order of the report: a supervisor chooses by name in their language, a
 * script by the word.
 */
const struct report_breakdown report_supply_by[SD_DIMS + 1] = {
	[SD_OCCUPATION] = { .name = "occupation", .label = N_("occupation, major group") },
	[SD_OCCUPATION_MEDIUM] = { .name = "occupation-medium",
	    .label = N_("occupation, medium group") },
	[SD_EDUCATION] = { .name = "education", .label = N_("education") },
	[SD_AGE] = { .name = "age", .label = N_("age") },
	[SD_SEX] = { .name = "sex", .label = N_("sex") },
	[SD_DISTRICT] = { .name = "district", .label = N_("district office") },
	[SD_STREET] = { .name = "street", .label = N_("office holding the record") },
	[SD_INDUSTRY] = { .name = "industry", .label = N_("employer's industry") },
	[SD_CATEGORY] = { .name = "category", .label = N_("person category") },
	[SD_HARDSHIP] = { .name = "hardship", .label = N_("hardship") },
	[SD_DIMS] = { .name = NULL },
};

/* One row of a breakdown: its key and its figures. */
struct sd_row {
	char	*key;
	long	 n[SD_SIDES][SD_PERIODS];
};

/* A breakdown being counted: its rows, found by key through an open-addressed hash. */
struct sd_table {
	struct sd_row	*rows;
	size_t		 nrows;
	size_t		*slots;		/* row index + 1; 0 empty */
	size_t		 nslots;	/* a power of two, more than twice nrows */
};

/* Everything a pass counts. */
struct sd_count {
	int		 from[SD_PERIODS], to[SD_PERIODS];
	int		 earliest;			/* the first day of any period */
	struct sd_table	 dims[SD_DIMS];
	long		 total[SD_SIDES][SD_PERIODS];
	long		 carried[SD_SIDES][SD_PERIODS];	/* of total: opened before the period */
	long		 vacancies[SD_PERIODS];		/* valid vacancies, not their headcount */
	/* The offices in scope: code and the district office at or above it. */
	char		**office, **office_district;
	size_t		 noffices;
	/* The education codes, each with its group (GB/T 4658's first level), by code. */
	char		**edu, **edu_group;
	size_t		 nedu;
};

/* FNV-1a of a key. */
static size_t
sd_hash(const char *s)
{
	uint64_t h = 14695981039346656037u;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211u;
	}
	return (size_t)h;
}

/* The row of key in t, added with zero figures if new. */
static struct sd_row *
sd_row_get(struct sd_table *t, const char *key)
{
	size_t i, mask;

	if (t->nslots == 0 || (t->nrows + 1) * 2 > t->nslots) {
		size_t n = t->nslots ? t->nslots * 2 : 64, k;

		free(t->slots);
		t->slots = xcalloc(n, sizeof *t->slots);
		t->nslots = n;
		for (k = 0; k < t->nrows; k++) {
			for (i = sd_hash(t->rows[k].key) & (n - 1); t->slots[i] != 0;
			    i = (i + 1) & (n - 1))
				;
			t->slots[i] = k + 1;
		}
		t->rows = xreallocarray(t->rows, n / 2, sizeof *t->rows);
	}
	mask = t->nslots - 1;
	for (i = sd_hash(key) & mask; t->slots[i] != 0; i = (i + 1) & mask)
		if (strcmp(t->rows[t->slots[i] - 1].key, key) == 0)
			return &t->rows[t->slots[i] - 1];
	t->slots[i] = ++t->nrows;
	memset(&t->rows[t->nrows - 1], 0, sizeof t->rows[0]);
	t->rows[t->nrows - 1].key = xstrdup(key);
	return &t->rows[t->nrows - 1];
}

/* Adds weight to the row of key on side, in each period where valid says it counts. */
static void
sd_add(struct sd_table *t, const char *key, enum sd_side side,
    const enum supply_count valid[SD_PERIODS], long weight)
{
	struct sd_row *r = sd_row_get(t, key);
	int p;

	for (p = 0; p < SD_PERIODS; p++)
		if (valid[p] != SUPPLY_OUT)
			r->n[side][p] += weight;
}

/* Frees the breakdowns and the offices. */
static void
sd_count_free(struct sd_count *c)
{
	size_t d, i;

	for (d = 0; d < SD_DIMS; d++) {
		for (i = 0; i < c->dims[d].nrows; i++)
			free(c->dims[d].rows[i].key);
		free(c->dims[d].rows);
		free(c->dims[d].slots);
	}
	for (i = 0; i < c->noffices; i++) {
		free(c->office[i]);
		free(c->office_district[i]);
	}
	free(c->office);
	free(c->office_district);
	for (i = 0; i < c->nedu; i++) {
		free(c->edu[i]);
		free(c->edu_group[i]);
	}
	free(c->edu);
	free(c->edu_group);
	memset(c, 0, sizeof *c);
}

/* A stored day "YYYY-MM-DD" as YYYYMMDD, or 0 when the text is not a date. */
static int
sd_day(const char *s)
{
	int y, m, d;
	size_t i;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	return date_valid(y * 10000 + m * 100 + d) ? y * 10000 + m * 100 + d : 0;
}

/* The local day of a record's last change (its clock stamp), or 0. */
static int
sd_hlc_day(int64_t hlc)
{
	time_t t;
	struct tm tm;

	if (hlc <= 0)
		return 0;
	t = (time_t)(hlc_ms((uint64_t)hlc) / 1000);
	if (localtime_r(&t, &tm) == NULL)
		return 0;
	return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

/*
 * The day of a seeker's last change, read by its rowid: only for the rare
 * record closed with no day of its own, so that the report's scan reads
 * the index of migration 0015 and not the table.
 */
static int
sd_seeker_changed(struct store *st, int64_t rid)
{
	sqlite3_stmt *stmt = st_cached(st, "SELECT hlc FROM seeker WHERE rid = ?1");
	int day = 0;

	st_bind_int(stmt, 1, rid);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		day = sd_hlc_day(sqlite3_column_int64(stmt, 0));
	sqlite3_reset(stmt);
	return day;
}

/* A whole number of a text column ("" or not a number: -1). */
static long
sd_number(const char *s)
{
	char *end;
	long v;

	if (*s == '\0')
		return -1;
	v = strtol(s, &end, 10);
	return *end != '\0' || v < 0 ? -1 : v;
}

/* The index of key in a sorted array of n strings, or n. */
static size_t
sd_find(char *const *keys, size_t n, const char *key)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int cmp = strcmp(keys[mid], key);

		if (cmp == 0)
			return mid;
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return n;
}

/* The office's index among those in scope, or noffices. */
static size_t
sd_office(const struct sd_count *c, const char *code)
{
	return sd_find(c->office, c->noffices, code);
}

/* The group of an education code (itself when the list does not know it or it has none). */
static const char *
sd_edu_group(const struct sd_count *c, const char *code)
{
	size_t i = sd_find(c->edu, c->nedu, code);

	return i < c->nedu ? c->edu_group[i] : code;
}

/* Reads the education codes and their groups, by code, for sd_edu_group. */
static int
sd_edu_groups(struct store *st, struct sd_count *c)
{
	sqlite3_stmt *stmt = st_prepare(st, "SELECT code, CASE WHEN parent = '' THEN code "
	    "ELSE parent END FROM code WHERE list = 'education' ORDER BY code");
	int rc;

	if (stmt == NULL)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		c->edu = xreallocarray(c->edu, c->nedu + 1, sizeof *c->edu);
		c->edu_group = xreallocarray(c->edu_group, c->nedu + 1, sizeof *c->edu_group);
		c->edu[c->nedu] = xstrdup(st_column_text(stmt, 0));
		c->edu_group[c->nedu] = xstrdup(st_column_text(stmt, 1));
		c->nedu++;
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * Reads the offices in scope, each with the district office at or above
 * it (itself for a district, a city office or one whose parents the
 * table does not know), in code order for sd_office.
 */
static int
sd_offices(struct store *st, struct sd_count *c)
{
	sqlite3_stmt *stmt = st_prepare(st,
	    "WITH RECURSIVE up(code, at, level, depth) AS ("
	    "SELECT s.office, s.office, coalesce(o.level, ''), 0 FROM temp.report_scope s "
	    "LEFT JOIN office o ON o.code = s.office "
	    "UNION ALL SELECT up.code, o.parent, coalesce(p.level, ''), up.depth + 1 FROM up "
	    "JOIN office o ON o.code = up.at JOIN office p ON p.code = o.parent "
	    "WHERE up.level <> 'district' AND up.depth < 8) "
	    "SELECT s.office, coalesce((SELECT at FROM up WHERE up.code = s.office AND "
	    "up.level = 'district' ORDER BY depth LIMIT 1), s.office) "
	    "FROM temp.report_scope s ORDER BY s.office");
	int rc;

	if (stmt == NULL)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		c->office = xreallocarray(c->office, c->noffices + 1, sizeof *c->office);
		c->office_district = xreallocarray(c->office_district, c->noffices + 1,
		    sizeof *c->office_district);
		c->office[c->noffices] = xstrdup(st_column_text(stmt, 0));
		c->office_district[c->noffices] = xstrdup(st_column_text(stmt, 1));
		c->noffices++;
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* A record's validity in each period. Returns whether it counts in any. */
static int
sd_valid(const struct sd_count *c, const struct supply_life *life,
    enum supply_count valid[SD_PERIODS])
{
	int p, any = 0;

	for (p = 0; p < SD_PERIODS; p++) {
		valid[p] = supply_valid(life, c->from[p], c->to[p]);
		any |= valid[p] != SUPPLY_OUT;
	}
	return any;
}

/* Adds a record of the office of index o to the totals and to its office's rows. */
static void
sd_add_common(struct sd_count *c, enum sd_side side, size_t o,
    const enum supply_count valid[SD_PERIODS], long weight)
{
	int p;

	for (p = 0; p < SD_PERIODS; p++) {
		if (valid[p] == SUPPLY_OUT)
			continue;
		c->total[side][p] += weight;
		if (valid[p] == SUPPLY_CARRIED)
			c->carried[side][p] += weight;
	}
	sd_add(&c->dims[SD_STREET], c->office[o], side, valid, weight);
	sd_add(&c->dims[SD_DISTRICT], c->office_district[o], side, valid, weight);
}

/*
 * Adds to the occupation breakdowns: the major group is the code up to
 * its first '-', the medium group up to its second ("4-01-02": "4",
 * "4-01"), as GB/T 6565 writes them.
 */
static void
sd_add_occupation(struct sd_count *c, const char *code, enum sd_side side,
    const enum supply_count valid[SD_PERIODS], long weight)
{
	char major[24], medium[24];
	const char *dash;

	if (*code == '\0') {
		sd_add(&c->dims[SD_OCCUPATION], SD_KEY_UNSTATED, side, valid, weight);
		sd_add(&c->dims[SD_OCCUPATION_MEDIUM], SD_KEY_UNSTATED, side, valid, weight);
		return;
	}
	dash = strchr(code, '-');
	snprintf(major, sizeof major, "%.*s", dash != NULL ? (int)(dash - code) :
	    (int)strlen(code), code);
	if (dash != NULL && (dash = strchr(dash + 1, '-')) != NULL)
		snprintf(medium, sizeof medium, "%.*s", (int)(dash - code), code);
	else
		snprintf(medium, sizeof medium, "%s", code);
	sd_add(&c->dims[SD_OCCUPATION], major, side, valid, weight);
	sd_add(&c->dims[SD_OCCUPATION_MEDIUM], medium, side, valid, weight);
}

/* The validity of a record in one period only, for the age bands that depend on the period. */
static void
sd_only(const enum supply_count valid[SD_PERIODS], int p, enum supply_count out[SD_PERIODS])
{
	int i;

	for (i = 0; i < SD_PERIODS; i++)
		out[i] = i == p ? valid[i] : SUPPLY_OUT;
}

/* The columns a pass of the seekers reads. */
enum {
	SDS_REGISTERED, SDS_UNTIL, SDS_STATUS, SDS_CLOSED, SDS_HIRED, SDS_RID, SDS_OFFICE,
	SDS_OCCUPATION, SDS_EDUCATION, SDS_BIRTH, SDS_SEX, SDS_CATEGORY, SDS_HARDSHIP
};

/*
 * Counts the seekers. A registration placed through a referral closed on
 * the day of its first hire since it opened (the referrals hold it; a
 * hire of an earlier registration does not close this one). Named index:
 * without statistics the planner takes seeker_valid_until (0014) and reads
 * the table's rows one by one, 1.6 s against 0.2 s for a district's quarter.
 */
static int
sd_seekers(struct store *st, struct sd_count *c)
{
	const struct kind *k = kind_get(KIND_SEEKER);
	sqlite3_stmt *stmt = st_prepare(st,
	    "SELECT s.registered_on, s.valid_until, s.status, s.closed_on, "
	    "CASE WHEN s.status = ?3 AND s.withdraw_reason = ?4 AND s.closed_on = '' THEN "
	    "(SELECT min(r.outcome_on) FROM referral r WHERE r.seeker_id = s.id AND "
	    "+r.status = 'hired' AND r.deleted = 0 AND r.registered_on >= s.registered_on) "
	    "ELSE '' END, s.rid, s.office, s.desired_occupation, "
	    "s.education, s.birth_date, s.sex, s.category, s.hardship "
	    "FROM seeker s INDEXED BY seeker_supply "
	    "WHERE s.deleted = 0 AND s.registered_on <= ?1 AND s.valid_until >= ?2");
	char to[11], earliest[11];
	int rc;

	if (stmt == NULL)
		return -1;
	date_format(c->to[SD_NOW], to);
	date_format(c->earliest, earliest);
	st_bind_text(stmt, 1, to);
	st_bind_text(stmt, 2, earliest);
	st_bind_text(stmt, 3, KIND_SEEKER_PLACED);
	st_bind_text(stmt, 4, KIND_SEEKER_PLACED_REFERRAL);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const struct kind_status *ks = kind_status(k, st_column_text(stmt, SDS_STATUS));
		struct supply_life life = {
			.start = sd_day(st_column_text(stmt, SDS_REGISTERED)),
			.until = sd_day(st_column_text(stmt, SDS_UNTIL)),
		};
		enum supply_count valid[SD_PERIODS], one[SD_PERIODS];
		const char *s, *edu, *sex, *hardship, *cat;
		size_t o = sd_office(c, st_column_text(stmt, SDS_OFFICE));
		int birth, p;

		/* Not an office in scope: the scan reads the district's index, not one office's. */
		if (o == c->noffices)
			continue;

		if (ks != NULL && ks->closed) {
			int recorded = sd_day(st_column_text(stmt, SDS_CLOSED));
			int hired = sd_day(st_column_text(stmt, SDS_HIRED));

			life.closed = supply_closed_day(recorded, hired, recorded == 0 &&
			    hired == 0 ? sd_seeker_changed(st, sqlite3_column_int64(stmt, SDS_RID)) :
			    0);
		}
		if (!sd_valid(c, &life, valid))
			continue;
		sd_add_common(c, SD_SEEKERS, o, valid, 1);
		sd_add_occupation(c, st_column_text(stmt, SDS_OCCUPATION), SD_SEEKERS, valid, 1);
		edu = sd_edu_group(c, st_column_text(stmt, SDS_EDUCATION));
		sd_add(&c->dims[SD_EDUCATION], *edu != '\0' ? edu : SD_KEY_UNSTATED, SD_SEEKERS,
		    valid, 1);
		/* The age at the end of each period: a person is older in this one than last year. */
		birth = sd_day(st_column_text(stmt, SDS_BIRTH));
		for (p = 0; p < SD_PERIODS; p++) {
			if (valid[p] == SUPPLY_OUT)
				continue;
			sd_only(valid, p, one);
			sd_add(&c->dims[SD_AGE], birth != 0 ? supply_age_key(supply_age_band(
			    date_age(birth, c->to[p]))) : SD_KEY_UNSTATED, SD_SEEKERS, one, 1);
		}
		sex = st_column_text(stmt, SDS_SEX);
		sd_add(&c->dims[SD_SEX], *sex != '\0' ? sex : SD_KEY_UNSTATED, SD_SEEKERS, valid, 1);
		sd_add(&c->dims[SD_INDUSTRY], SD_KEY_UNSTATED, SD_SEEKERS, valid, 1);
		/* Categories are codes joined by ",": the person counts in each. */
		cat = st_column_text(stmt, SDS_CATEGORY);
		if (*cat == '\0')
			sd_add(&c->dims[SD_CATEGORY], SD_KEY_UNSTATED, SD_SEEKERS, valid, 1);
		for (s = cat; *s != '\0'; ) {
			char one_cat[64];
			size_t len = strcspn(s, ", ");

			if (len > 0 && len < sizeof one_cat) {
				snprintf(one_cat, sizeof one_cat, "%.*s", (int)len, s);
				sd_add(&c->dims[SD_CATEGORY], one_cat, SD_SEEKERS, valid, 1);
			}
			s += len;
			s += strspn(s, ", ");
		}
		hardship = st_column_text(stmt, SDS_HARDSHIP);
		sd_add(&c->dims[SD_HARDSHIP], *hardship != '\0' ? hardship : SD_KEY_NONE,
		    SD_SEEKERS, valid, 1);
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The columns a pass of the vacancies reads. */
enum {
	SDV_REGISTERED, SDV_UNTIL, SDV_STATUS, SDV_CLOSED, SDV_FULL, SDV_ID, SDV_HLC, SDV_OFFICE,
	SDV_OCCUPATION, SDV_EDUCATION, SDV_AGE_MIN, SDV_AGE_MAX, SDV_HEADCOUNT, SDV_INDUSTRY
};

/*
 * The day a vacancy's hires reached its headcount: the day of the
 * headcount-th person hired into it, each person by their first hire
 * (one person hired twice counts once); 0 if they do not reach it.
 */
static int
sd_filled_day(struct store *st, const char *vacancy_id, long headcount)
{
	sqlite3_stmt *stmt = st_cached(st, "SELECT min(outcome_on) AS day FROM referral "
	    "WHERE vacancy_id = ?1 AND status = 'hired' AND deleted = 0 GROUP BY seeker_id "
	    "ORDER BY day LIMIT 1 OFFSET ?2");
	int day = 0;

	if (headcount <= 0)
		return 0;
	st_bind_text(stmt, 1, vacancy_id);
	st_bind_int(stmt, 2, headcount - 1);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		day = sd_day(st_column_text(stmt, 0));
	sqlite3_reset(stmt);
	return day;
}

/*
 * Counts the vacancies, each by its headcount. An open vacancy whose
 * hires (one person hired twice counts once) reach its headcount closed
 * on the day of the hire that filled it. The industry is the employer's,
 * as its section (门类), the top of GB/T 4754's tree.
 */
static int
sd_vacancies(struct store *st, struct sd_count *c)
{
	const struct kind *k = kind_get(KIND_VACANCY);
	sqlite3_stmt *stmt;
	char to[11], earliest[11];
	int rc;

	stmt = st_prepare(st,
	    "SELECT v.registered_on, v.valid_until, v.status, v.closed_on, "
	    "v.hired > 0 AND v.hired >= CAST(v.headcount AS INTEGER), v.id, "
	    "v.hlc, v.office, v.occupation, v.education, "
	    "v.age_min, v.age_max, v.headcount, "
	    "CASE WHEN i1.code IS NULL THEN coalesce(m.industry, '') "
	    "WHEN i1.parent = '' THEN i1.code "
	    "WHEN i2.code IS NULL OR i2.parent = '' THEN i1.parent ELSE i2.parent END "
	    "FROM vacancy v "
	    "LEFT JOIN employer m ON m.id = v.employer_id "
	    "LEFT JOIN code i1 ON i1.list = 'industry' AND i1.code = m.industry "
	    "LEFT JOIN code i2 ON i2.list = 'industry' AND i2.code = i1.parent "
	    "WHERE v.deleted = 0 AND v.registered_on <= ?1 AND v.valid_until >= ?2");
	if (stmt == NULL)
		return -1;
	date_format(c->to[SD_NOW], to);
	date_format(c->earliest, earliest);
	st_bind_text(stmt, 1, to);
	st_bind_text(stmt, 2, earliest);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const struct kind_status *ks = kind_status(k, st_column_text(stmt, SDV_STATUS));
		struct supply_life life = {
			.start = sd_day(st_column_text(stmt, SDV_REGISTERED)),
			.until = sd_day(st_column_text(stmt, SDV_UNTIL)),
		};
		enum supply_count valid[SD_PERIODS];
		const char *edu, *industry;
		size_t o = sd_office(c, st_column_text(stmt, SDV_OFFICE));
		long headcount;
		int band, p, recorded, filled;

		if (o == c->noffices)
			continue;

		if ((headcount = sd_number(st_column_text(stmt, SDV_HEADCOUNT))) < 0)
			headcount = 0;
		/* Valid in no period even open to its end: no need to ask when it closed. */
		if (!sd_valid(c, &life, valid))
			continue;
		recorded = sd_day(st_column_text(stmt, SDV_CLOSED));
		/* Its hires (the count the store keeps, vacancy.hired) fill it: on which day. */
		filled = recorded == 0 && sqlite3_column_int(stmt, SDV_FULL) ?
		    sd_filled_day(st, st_column_text(stmt, SDV_ID), headcount) : 0;
		if (ks != NULL && ks->closed)
			life.closed = supply_closed_day(recorded, filled, recorded == 0 &&
			    filled == 0 ? sd_hlc_day(sqlite3_column_int64(stmt, SDV_HLC)) : 0);
		else
			life.closed = filled;
		if (life.closed != 0 && !sd_valid(c, &life, valid))
			continue;
		for (p = 0; p < SD_PERIODS; p++)
			if (valid[p] != SUPPLY_OUT)
				c->vacancies[p]++;
		sd_add_common(c, SD_DEMAND, o, valid, headcount);
		sd_add_occupation(c, st_column_text(stmt, SDV_OCCUPATION), SD_DEMAND, valid,
		    headcount);
		edu = sd_edu_group(c, st_column_text(stmt, SDV_EDUCATION));
		sd_add(&c->dims[SD_EDUCATION], *edu != '\0' ? edu : SD_KEY_ANY, SD_DEMAND, valid,
		    headcount);
		band = supply_vacancy_age_band(sd_number(st_column_text(stmt, SDV_AGE_MIN)),
		    sd_number(st_column_text(stmt, SDV_AGE_MAX)));
		sd_add(&c->dims[SD_AGE], band == SUPPLY_AGE_ANY ? SD_KEY_ANY :
		    supply_age_key((enum supply_age_band)band), SD_DEMAND, valid, headcount);
		/* A vacancy asks for no sex, category or hardship: its form has no such field. */
		sd_add(&c->dims[SD_SEX], SD_KEY_ANY, SD_DEMAND, valid, headcount);
		sd_add(&c->dims[SD_CATEGORY], SD_KEY_ANY, SD_DEMAND, valid, headcount);
		sd_add(&c->dims[SD_HARDSHIP], SD_KEY_ANY, SD_DEMAND, valid, headcount);
		industry = st_column_text(stmt, SDV_INDUSTRY);
		sd_add(&c->dims[SD_INDUSTRY], *industry != '\0' ? industry : SD_KEY_UNSTATED,
		    SD_DEMAND, valid, headcount);
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Rows in the order of their keys: codes first, then the rows of SD_KEY_*. */
static int
sd_row_cmp(const void *a, const void *b)
{
	const struct sd_row *x = a, *y = b;

	return strcmp(x->key, y->key);
}

/* The name of a row of breakdown d in the language asked for. */
static void
sd_row_name(struct store *st, const struct report_query *q, enum sd_dim d, const char *key,
    char *out, size_t outlen)
{
	const struct sd_dim_def *def = &sd_dims[d];
	int b;

	if (strcmp(key, SD_KEY_ANY) == 0) {
		/* TRANSLATORS: a vacancy that sets no requirement of this kind (无要求). */
		snprintf(out, outlen, "%s", _("no requirement"));
		return;
	}
	if (strcmp(key, SD_KEY_NONE) == 0) {
		/* TRANSLATORS: a job seeker who is not recognised as hard to employ. */
		snprintf(out, outlen, "%s", _("not in hardship"));
		return;
	}
	if (strcmp(key, SD_KEY_UNSTATED) == 0) {
		snprintf(out, outlen, "%s", _(def->unstated));
		return;
	}
	switch (def->names) {
	case SD_NAMES_AGE:
		for (b = 0; b < SUPPLY_AGE_BANDS; b++)
			if (strcmp(key, supply_age_key((enum supply_age_band)b)) == 0) {
				snprintf(out, outlen, "%s",
				    _(supply_age_label((enum supply_age_band)b)));
				return;
			}
		break;
	case SD_NAMES_OFFICE:
		if (st_first_text(st, "SELECT name FROM office WHERE code = ?1", key, out,
		    outlen) == 0 && *out != '\0')
			return;
		break;
	case SD_NAMES_CODES:
		if (codes_name(st, def->codes, key, q->chinese, out, outlen) == 0)
			return;
		break;
	}
	snprintf(out, outlen, "%s", key);
}

/* The columns of every table, and the row a table's figures make. */
static void
sd_columns(struct report_table *t, const char *heading)
{
	report_column(t, "name", heading, REPORT_LEFT);
	report_column(t, "code", NULL, REPORT_LEFT);
	/* TRANSLATORS: 需求人数: the headcount of the valid vacancies. */
	report_column(t, "demand", _("Demand"), REPORT_RIGHT);
	/* TRANSLATORS: 求职人数: the valid job seekers. */
	report_column(t, "seekers", _("Seekers"), REPORT_RIGHT);
	/* TRANSLATORS: 求人倍率: demand / seekers. */
	report_column(t, "ratio", _("Ratio"), REPORT_RIGHT);
	report_column(t, "demand_last", NULL, REPORT_RIGHT);
	report_column(t, "seekers_last", NULL, REPORT_RIGHT);
	/* TRANSLATORS: the ratio in the period before (上期), a column heading. */
	report_column(t, "ratio_last", _("Last period"), REPORT_RIGHT);
	report_column(t, "demand_year", NULL, REPORT_RIGHT);
	report_column(t, "seekers_year", NULL, REPORT_RIGHT);
	/* TRANSLATORS: the ratio in the same period a year earlier (去年同期), a column heading. */
	report_column(t, "ratio_year", _("A year ago"), REPORT_RIGHT);
	t->chart_col = 4;
}

/* Adds a row: its name and code, demand and seekers of each period, and their ratios. */
static void
sd_row_add(struct report_table *t, enum report_row_kind kind, const char *name,
    const char *code, long n[SD_SIDES][SD_PERIODS])
{
	char num[SD_PERIODS][3][24];
	const char *cells[11];
	int p;

	cells[0] = name;
	cells[1] = code;
	for (p = 0; p < SD_PERIODS; p++) {
		snprintf(num[p][0], sizeof num[p][0], "%ld", n[SD_DEMAND][p]);
		snprintf(num[p][1], sizeof num[p][1], "%ld", n[SD_SEEKERS][p]);
		supply_ratio(n[SD_DEMAND][p], n[SD_SEEKERS][p], num[p][2], sizeof num[p][2]);
		cells[2 + p * 3] = num[p][0];
		cells[3 + p * 3] = num[p][1];
		cells[4 + p * 3] = num[p][2];
	}
	report_row(t, kind, cells);
}

/* Adds the table of breakdown d, its rows in key order and the total last. */
static void
sd_table(struct store *st, const struct report_query *q, struct report *r, struct sd_count *c,
    enum sd_dim d)
{
	struct sd_table *src = &c->dims[d];
	struct report_table *t = report_table_add(r, sd_dims[d].key, _(sd_dims[d].title));
	char name[256];
	size_t i;

	sd_columns(t, _(sd_dims[d].heading));
	if (src->nrows > 1)
		qsort(src->rows, src->nrows, sizeof *src->rows, sd_row_cmp);
	for (i = 0; i < src->nrows; i++) {
		const char *key = src->rows[i].key;

		sd_row_name(st, q, d, key, name, sizeof name);
		/* The rows that are no code have a word for a key in files. */
		sd_row_add(t, REPORT_ROW, name, strcmp(key, SD_KEY_ANY) == 0 ? "none" :
		    strcmp(key, SD_KEY_NONE) == 0 ? "no" : strcmp(key, SD_KEY_UNSTATED) == 0 ?
		    "unstated" : key, src->rows[i].n);
	}
	/* TRANSLATORS: the total row of a report's table (合计). */
	sd_row_add(t, REPORT_TOTAL, _("Total"), "", c->total);
}

/* Adds the first table: the valid counts as carried over and new in the period. */
static void
sd_overview(struct report *r, struct sd_count *c)
{
	struct report_table *t = report_table_add(r, "overall",
	    _("Valid in the period: carried over from before, and new"));
	long n[SD_SIDES][SD_PERIODS];
	int p, s;

	/* TRANSLATORS: the heading of the column that says carried over or new. */
	sd_columns(t, _("Valid"));
	for (s = 0; s < SD_SIDES; s++)
		for (p = 0; p < SD_PERIODS; p++)
			n[s][p] = c->carried[s][p];
	/* TRANSLATORS: registrations and vacancies opened before the period and still valid in it. */
	sd_row_add(t, REPORT_ROW, _("carried over"), "carried", n);
	for (s = 0; s < SD_SIDES; s++)
		for (p = 0; p < SD_PERIODS; p++)
			n[s][p] = c->total[s][p] - c->carried[s][p];
	/* TRANSLATORS: registrations and vacancies opened in the period. */
	sd_row_add(t, REPORT_ROW, _("new in the period"), "new", n);
	sd_row_add(t, REPORT_TOTAL, _("Total"), "", c->total);
}

/* The breakdown --by names, SD_DIMS for every one, or -1 with err. */
static int
sd_by(const char *by, char *err, size_t errlen)
{
	struct buf words = BUF_INIT;
	int d;

	if (by == NULL)
		return SD_DIMS;
	for (d = 0; d < SD_DIMS; d++) {
		if (strcmp(by, report_supply_by[d].name) == 0) {
			buf_free(&words);
			return d;
		}
		buf_addf(&words, "%s%s", d > 0 ? ", " : "", report_supply_by[d].name);
	}
	snprintf(err, errlen, _("\"%s\" is not a breakdown of supply and demand: use one of %s"),
	    by, buf_str(&words));
	buf_free(&words);
	return -1;
}

int
report_supply_demand(struct store *st, const struct report_query *q, struct report *r,
    char *err, size_t errlen)
{
	struct sd_count c;
	char d[4][11];
	int by, p, rc = -1;

	/* TRANSLATORS: the title of the supply and demand report (供求分析). */
	report_init(r, "supply_demand", _("Supply and demand"));
	memset(&c, 0, sizeof c);
	if ((by = sd_by(q->by, err, errlen)) < 0)
		return -1;
	if (q->from == 0 || q->to < q->from) {
		snprintf(err, errlen, _("the period ends before it starts"));
		return -1;
	}
	c.from[SD_NOW] = q->from;
	c.to[SD_NOW] = q->to;
	supply_last_period(q->from, q->to, &c.from[SD_LAST], &c.to[SD_LAST]);
	supply_last_year(q->from, q->to, &c.from[SD_YEAR], &c.to[SD_YEAR]);
	c.earliest = c.from[SD_NOW];
	for (p = 0; p < SD_PERIODS; p++)
		if (c.from[p] < c.earliest)
			c.earliest = c.from[p];
	if (report_scope(st, q->office, err, errlen) != 0)
		goto out;
	if (sd_offices(st, &c) != 0 || sd_edu_groups(st, &c) != 0 || sd_seekers(st, &c) != 0 ||
	    sd_vacancies(st, &c) != 0) {
		snprintf(err, errlen, _("cannot count supply and demand: %s"), store_errmsg(st));
		goto out;
	}
	report_note_query(st, r, q);
	date_format(c.from[SD_LAST], d[0]);
	date_format(c.to[SD_LAST], d[1]);
	date_format(c.from[SD_YEAR], d[2]);
	date_format(c.to[SD_YEAR], d[3]);
	report_note(r, _("Last period: %s to %s; a year ago: %s to %s"), d[0], d[1], d[2], d[3]);
	report_note(r, _("Demand: the headcount of the vacancies valid in the period; seekers: "
	    "the registrations valid in it; ratio: demand / seekers (\"-\": no seekers)"));
	report_note(r, _("Vacancies valid: %ld (last period %ld, a year ago %ld)"),
	    c.vacancies[SD_NOW], c.vacancies[SD_LAST], c.vacancies[SD_YEAR]);
	if (by == SD_DIMS) {
		sd_overview(r, &c);
		for (by = 0; by < SD_DIMS; by++)
			sd_table(st, q, r, &c, (enum sd_dim)by);
	} else
		sd_table(st, q, r, &c, (enum sd_dim)by);
	rc = 0;
out:
	sd_count_free(&c);
	return rc;
}
