/* Vacancies (岗位) of employers in the local database. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/i18n.h"
#include "common/log.h"
#include "common/xalloc.h"
#include "core/check.h"
#include "core/kind.h"
#include "store/aggregate.h"
#include "store/codes.h"
#include "store/employer.h"
#include "store/row.h"
#include "store/vacancy.h"
#include "wire/fields-json.h"

#define VACANCY	(&kind_table[KIND_VACANCY])

/*
 * A vacancy belongs to a registered employer: one merged away hands it
 * its survivor (employer_id becomes that one), one withdrawn takes none.
 */
static int
vacancy_check(struct store *st, struct fields *f, char *err, size_t errlen)
{
	sqlite3_stmt *stmt;
	char live[IDENT_LEN + 1];
	int rc;

	if (employer_resolve(st, fields_str(f, "employer_id"), live) == 1)
		fields_set(f, "employer_id", live);
	stmt = st_prepare(st, "SELECT status FROM employer WHERE id = ? AND deleted = 0");
	st_bind_text(stmt, 1, fields_str(f, "employer_id"));
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW &&
	    strcmp(st_column_text(stmt, 0), kind_initial_status(&kind_table[KIND_EMPLOYER])) == 0)
		rc = 0;
	else {
		snprintf(err, errlen, rc == SQLITE_ROW ? _("the employer's registration is withdrawn") :
		    _("the employer is not registered"));
		rc = -1;
	}
	sqlite3_finalize(stmt);
	return rc;
}

/*
 * An import's repeated row: an open vacancy of the employer with the same
 * title, occupation, district and validity is the one it describes.
 */
static int
vacancy_find_same(struct store *st, const struct fields *f, char id[IDENT_LEN + 1])
{
	static const char *const cols[] = {
		"employer_id", "title", "occupation", "district", "valid_until", "status", "deleted",
		NULL
	};
	const char *values[] = {
		fields_str(f, "employer_id"), fields_str(f, "title"), fields_str(f, "occupation"),
		fields_str(f, "district"), fields_str(f, "valid_until"), kind_initial_status(VACANCY),
		"0"
	};

	return row_find(st, VACANCY, cols, values, id) == 1;
}

static const struct aggregate_rules vacancy_rules = {
	.kind = &kind_table[KIND_VACANCY],
	.check = vacancy_check,
	.find_same = vacancy_find_same,
};

/* Register or change a vacancy of an employer, as aggregate_save. */
static int
vacancy_write(struct store *st, const char *id, const char *employer_id, const struct fields *f,
    int upsert, struct fields *saved, char out_id[IDENT_LEN + 1], char *err, size_t errlen)
{
	struct fields in = FIELDS_INIT;
	int rc;

	fields_copy(&in, f);
	fields_set(&in, "employer_id", employer_id);
	rc = aggregate_save(st, &vacancy_rules, id, &in, upsert, saved, out_id, err, errlen);
	fields_free(&in);
	return rc;
}

/* Register or change a vacancy; an import's repeated row changes the open one it matches. */
int
vacancy_save(struct store *st, const char *id, const char *employer_id, const struct fields *f,
    struct fields *saved, char out_id[IDENT_LEN + 1], char *err, size_t errlen)
{
	return vacancy_write(st, id, employer_id, f, 1, saved, out_id, err, errlen);
}

/* Register a new vacancy from the window: always a record of its own. */
int
vacancy_register(struct store *st, const char *employer_id, const struct fields *f,
    struct fields *saved, char out_id[IDENT_LEN + 1], char *err, size_t errlen)
{
	return vacancy_write(st, NULL, employer_id, f, 0, saved, out_id, err, errlen);
}

/* The live record a vacancy id stands for now. */
int
vacancy_resolve(struct store *st, const char *id, char out[IDENT_LEN + 1])
{
	return row_resolve(st, VACANCY, id, out);
}

/* Load a whole vacancy (following a redirect), audited. */
int
vacancy_open(struct store *st, const char *id, struct fields *out)
{
	return aggregate_open(st, VACANCY, id, out);
}

/*
 * What a vacancy list shows of a vacancy (vacancy v), with its employer's
 * name (employer e; an employer merged away names the one it became).
 */
#define VACANCY_HIT_COLS "v.id, v.title, v.occupation, v.headcount, v.wage_min, v.wage_max, " \
	"v.valid_until, v.status, v.hired, v.employer_id, v.district, " \
	"coalesce(nullif(e.name, ''), (SELECT r.name FROM employer r WHERE r.id = e.replaced_by), ''), " \
	"coalesce(c.name_zh, ''), coalesce(c.name_en, '')"
#define VACANCY_HIT_FROM "vacancy v LEFT JOIN employer e ON e.id = v.employer_id " \
	"LEFT JOIN code c ON c.list = 'occupation' AND c.code = v.occupation"

/* Fills a hit from a row of VACANCY_HIT_COLS, its status as of today. */
static void
vacancy_hit_fill(sqlite3_stmt *stmt, struct vacancy_hit *h, int today)
{
	snprintf(h->id, sizeof h->id, "%s", st_column_text(stmt, 0));
	snprintf(h->title, sizeof h->title, "%s", st_column_text(stmt, 1));
	snprintf(h->occupation, sizeof h->occupation, "%s", st_column_text(stmt, 2));
	snprintf(h->headcount, sizeof h->headcount, "%s", st_column_text(stmt, 3));
	snprintf(h->wage_min, sizeof h->wage_min, "%s", st_column_text(stmt, 4));
	snprintf(h->wage_max, sizeof h->wage_max, "%s", st_column_text(stmt, 5));
	snprintf(h->valid_until, sizeof h->valid_until, "%s", st_column_text(stmt, 6));
	snprintf(h->status, sizeof h->status, "%s",
	    kind_effective_status(VACANCY, st_column_text(stmt, 7), h->valid_until, today));
	/* Filled is what its hires say, not a counter: two windows' hires both count. */
	if (strcmp(h->status, "open") == 0 &&
	    sqlite3_column_int64(stmt, 8) >= strtol(h->headcount, NULL, 10))
		snprintf(h->status, sizeof h->status, "filled");
	snprintf(h->employer_id, sizeof h->employer_id, "%s", st_column_text(stmt, 9));
	snprintf(h->district, sizeof h->district, "%s", st_column_text(stmt, 10));
	snprintf(h->employer_name, sizeof h->employer_name, "%s", st_column_text(stmt, 11));
	snprintf(h->occupation_zh, sizeof h->occupation_zh, "%s", st_column_text(stmt, 12));
	snprintf(h->occupation_en, sizeof h->occupation_en, "%s", st_column_text(stmt, 13));
}

/* An employer's vacancies, open ones first. */
int
vacancy_list(struct store *st, const char *employer_id, struct vacancy_hit *hits, size_t max,
    size_t *n)
{
	/* The employer's own vacancies and those of every record merged into it. */
	sqlite3_stmt *stmt = st_prepare(st,
	    "WITH RECURSIVE alias(id, depth) AS (SELECT ?1, 0 UNION "
	    "SELECT e.id, a.depth + 1 FROM employer e JOIN alias a ON e.replaced_by = a.id "
	    "WHERE a.depth < ?3) "
	    "SELECT " VACANCY_HIT_COLS " FROM " VACANCY_HIT_FROM " "
	    "WHERE v.employer_id IN (SELECT id FROM alias) AND v.deleted = 0 "
	    "ORDER BY v.status <> 'open', v.valid_until DESC LIMIT ?2");
	char live[IDENT_LEN + 1];
	int today = store_today();

	*n = 0;
	if (employer_resolve(st, employer_id, live) == 1)
		employer_id = live;
	st_bind_text(stmt, 1, employer_id);
	st_bind_int(stmt, 2, (int64_t)max);
	st_bind_int(stmt, 3, ROW_REDIRECT_MAX);
	while (*n < max && sqlite3_step(stmt) == SQLITE_ROW)
		vacancy_hit_fill(stmt, &hits[(*n)++], today);
	sqlite3_finalize(stmt);
	return 0;
}

/* Codes of a code list that a search term finds, at most this many. */
#define VACANCY_CODES_MAX	1000

/*
 * The codes of list that what the clerk typed finds (codes_search: a
 * code's beginning or a part of its name) as JSON arrays of strings:
 * into six those of six characters (a district: every vacancy in it and
 * its streets), into other the rest; six NULL: all into other.
 */
static void
vacancy_codes(struct store *st, const char *list, const char *query, struct buf *six,
    struct buf *other)
{
	struct code_hit *hits = xcalloc(VACANCY_CODES_MAX, sizeof *hits);
	size_t n = 0, i;

	codes_search(st, list, query, hits, VACANCY_CODES_MAX, &n);
	if (six != NULL)
		buf_addc(six, '[');
	buf_addc(other, '[');
	for (i = 0; i < n; i++) {
		struct buf *to = six != NULL && strlen(hits[i].code) == 6 ? six : other;

		if (to->len > 1)
			buf_addc(to, ',');
		wire_json_string(to, hits[i].code);
	}
	if (six != NULL)
		buf_addc(six, ']');
	buf_addc(other, ']');
	free(hits);
}

/* Binds the named parameters a vacancy search statement has. */
static void
vacancy_search_bind(sqlite3_stmt *stmt, const struct vacancy_query *q, const struct buf *occ,
    const struct buf *counties, const struct buf *streets, size_t limit)
{
	char today[11];
	int i;

	date_format(store_today(), today);
	if ((i = sqlite3_bind_parameter_index(stmt, ":text")) > 0)
		st_bind_text(stmt, i, q->text);
	if ((i = sqlite3_bind_parameter_index(stmt, ":occupations")) > 0)
		st_bind_text(stmt, i, buf_str(occ));
	if ((i = sqlite3_bind_parameter_index(stmt, ":counties")) > 0)
		st_bind_text(stmt, i, buf_str(counties));
	if ((i = sqlite3_bind_parameter_index(stmt, ":streets")) > 0)
		st_bind_text(stmt, i, buf_str(streets));
	if ((i = sqlite3_bind_parameter_index(stmt, ":today")) > 0)
		st_bind_text(stmt, i, today);
	if ((i = sqlite3_bind_parameter_index(stmt, ":limit")) > 0)
		st_bind_int(stmt, i, (int64_t)limit);
}

/* What a search asks of a vacancy (or of a row of vacancy_title) under alias a. */
static void
vacancy_search_where(struct buf *sql, const char *a, const struct vacancy_query *q)
{
	if (q->text != NULL && *q->text != '\0')
		buf_addf(sql, " AND (instr(%s.title, :text) > 0 OR "
		    "%s.occupation IN (SELECT value FROM json_each(:occupations)))", a, a);
	if (q->district != NULL && *q->district != '\0')
		buf_addf(sql, " AND (substr(%s.district, 1, 6) IN "
		    "(SELECT value FROM json_each(:counties)) OR "
		    "%s.district IN (SELECT value FROM json_each(:streets)))", a, a);
}

/*
 * The vacancies of every employer that a search finds, in title order.
 * The titles come first from vacancy_title, each title once with its
 * occupations and regions (migration 0008: a few thousand rows where the
 * vacancies are a hundred thousand); then the vacancies of those titles
 * from an index that holds what the filters look at, in title order, no
 * row read. They are counted on past the hits shown up to
 * STORE_FOUND_MAX + 1 in the same pass; only the hits shown are read
 * whole. Open means open as the lists show it: not past its date, nor
 * filled by its hires.
 */
int
vacancy_search(struct store *st, const struct vacancy_query *q, struct vacancy_hit *hits,
    size_t max, size_t *n, size_t *found)
{
	struct buf sql = BUF_INIT, occ = BUF_INIT, counties = BUF_INIT, streets = BUF_INIT;
	sqlite3_stmt *stmt, *one;
	size_t all = 0;
	int today = store_today();

	*n = 0;
	if (q->text != NULL && *q->text != '\0')
		vacancy_codes(st, "occupation", q->text, NULL, &occ);
	if (q->district != NULL && *q->district != '\0')
		vacancy_codes(st, "region", q->district, &counties, &streets);
	buf_adds(&sql, "SELECT v.rid FROM vacancy v WHERE v.title IN "
	    "(SELECT t.title FROM vacancy_title t WHERE 1");
	vacancy_search_where(&sql, "t", q);
	buf_adds(&sql, ") AND v.deleted = 0");
	vacancy_search_where(&sql, "v", q);
	if (q->open_only)
		buf_adds(&sql, " AND v.status = 'open' AND v.valid_until >= :today AND "
		    "v.hired < CAST(v.headcount AS INTEGER)");
	buf_adds(&sql, " ORDER BY v.title LIMIT :limit");
	stmt = st_prepare(st, buf_str(&sql));
	vacancy_search_bind(stmt, q, &occ, &counties, &streets,
	    found != NULL ? STORE_FOUND_MAX + 1 : max);
	one = st_prepare(st, "SELECT " VACANCY_HIT_COLS " FROM " VACANCY_HIT_FROM
	    " WHERE v.rid = ?");
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		if (all++ >= max)
			continue;
		st_bind_int(one, 1, sqlite3_column_int64(stmt, 0));
		if (sqlite3_step(one) == SQLITE_ROW)
			vacancy_hit_fill(one, &hits[(*n)++], today);
		sqlite3_reset(one);
	}
	sqlite3_finalize(stmt);
	sqlite3_finalize(one);
	if (found != NULL)
		*found = all > *n ? all : *n;
	buf_free(&sql);
	buf_free(&occ);
	buf_free(&counties);
	buf_free(&streets);
	return 0;
}

/* Close or withdraw a vacancy. */
int
vacancy_set_status(struct store *st, const char *id, const char *status, const char *reason,
    char *err, size_t errlen)
{
	const struct kind_status *s = kind_status(VACANCY, status);
	int withdraw = strcmp(status, "withdrawn") == 0;

	if (s == NULL || !s->closed)
		fatalx("bad vacancy status %s", status);
	if (withdraw && reason_check(st, VACANCY, reason, err, errlen) != 0)
		return -1;
	return aggregate_set_status(st, VACANCY, id, status, reason,
	    withdraw ? "withdraw" : "close", err, errlen);
}
