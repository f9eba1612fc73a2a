/* Employers in the local database. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/log.h"
#include "common/xalloc.h"
#include "core/kind.h"
#include "store/aggregate.h"
#include "store/employer.h"
#include "store/row.h"

#define EMPLOYER	(&kind_table[KIND_EMPLOYER])

/* Find an employer by USCC. */
int
employer_find_uscc(struct store *st, const char *uscc, char id[IDENT_LEN + 1])
{
	return row_find_natural(st, EMPLOYER, uscc, id);
}

/* An employer needs a name, and a new one its USCC. */
static int
employer_prepare(struct store *st, struct fields *f, int fresh, char *err, size_t errlen)
{
	(void)st;
	if (*fields_str(f, "name") == '\0' || (fresh && *fields_str(f, "uscc") == '\0')) {
		snprintf(err, errlen, _("an employer needs a name and a USCC"));
		return -1;
	}
	return 0;
}

/* The employer's refusals about a USCC. */
static void
employer_say(enum aggregate_refusal what, const char *uscc, char *err, size_t errlen)
{
	switch (what) {
	case AGGREGATE_REGISTERED:
		snprintf(err, errlen, _("USCC %s is already registered"), uscc);
		break;
	case AGGREGATE_KEY_FIXED:
		snprintf(err, errlen, _("the USCC of a registered employer cannot be changed; "
		    "a supervisor merges the two records"));
		break;
	case AGGREGATE_KEY_TAKEN:
		snprintf(err, errlen, _("USCC %s belongs to another employer"), uscc);
		break;
	}
}

static const struct aggregate_rules employer_rules = {
	.kind = &kind_table[KIND_EMPLOYER],
	.prepare = employer_prepare,
	.say = employer_say,
};

/* Register or change an employer; a USCC already there changes that record. */
int
employer_save(struct store *st, const char *id, const struct fields *f, struct fields *saved,
    char out_id[IDENT_LEN + 1], char *err, size_t errlen)
{
	return aggregate_save(st, &employer_rules, id, f, 1, saved, out_id, err, errlen);
}

/* Register a new employer: 0, 2 if the USCC is registered (out_id is that one), -1. */
int
employer_register(struct store *st, const struct fields *f, struct fields *saved,
    char out_id[IDENT_LEN + 1], char *err, size_t errlen)
{
	return aggregate_save(st, &employer_rules, NULL, f, 0, saved, out_id, err, errlen);
}

/* The live record an employer id stands for now. */
int
employer_resolve(struct store *st, const char *id, char out[IDENT_LEN + 1])
{
	return row_resolve(st, EMPLOYER, id, out);
}

/* Load a whole employer record (following a merge), audited. */
int
employer_open(struct store *st, const char *id, struct fields *out)
{
	return aggregate_open(st, EMPLOYER, id, out);
}

/*
 * Search employers by USCC prefix or name part. The employers found are
 * read from the name index alone (migration 0008), in name order, and
 * counted on past the hits shown up to STORE_FOUND_MAX + 1 in the same
 * pass; only the hits shown are read whole.
 */
int
employer_search(struct store *st, const char *query, struct employer_hit *hits, size_t max,
    size_t *n, size_t *found)
{
	sqlite3_stmt *stmt = st_prepare(st, "SELECT e.rid FROM employer e WHERE e.deleted = 0 AND "
	    "((e.uscc >= upper(?1) AND e.uscc < upper(?1) || 'Z') OR instr(e.name, ?1) > 0) "
	    "ORDER BY e.name LIMIT ?2");
	sqlite3_stmt *one = st_prepare(st, "SELECT e.id, e.uscc, e.name, e.district, e.status, "
	    "(SELECT count(*) FROM vacancy v WHERE v.status = 'open' AND v.deleted = 0 AND "
	    "(v.employer_id = e.id OR v.employer_id IN "
	    "(SELECT m.id FROM employer m WHERE m.replaced_by = e.id))) "
	    "FROM employer e WHERE e.rid = ?");
	size_t all = 0;

	*n = 0;
	st_bind_text(stmt, 1, query);
	st_bind_int(stmt, 2, (int64_t)(found != NULL ? STORE_FOUND_MAX + 1 : max));
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		struct employer_hit *h = &hits[*n];

		if (all++ >= max)
			continue;
		st_bind_int(one, 1, sqlite3_column_int64(stmt, 0));
		if (sqlite3_step(one) == SQLITE_ROW) {
			snprintf(h->id, sizeof h->id, "%s", st_column_text(one, 0));
			snprintf(h->uscc, sizeof h->uscc, "%s", st_column_text(one, 1));
			snprintf(h->name, sizeof h->name, "%s", st_column_text(one, 2));
			snprintf(h->district, sizeof h->district, "%s", st_column_text(one, 3));
			snprintf(h->status, sizeof h->status, "%s", st_column_text(one, 4));
			h->open_vacancies = (long)sqlite3_column_int64(one, 5);
			(*n)++;
		}
		sqlite3_reset(one);
	}
	sqlite3_finalize(stmt);
	sqlite3_finalize(one);
	if (found != NULL)
		*found = all > *n ? all : *n;
	return 0;
}

/*
 * Withdraw an employer's registration, and with it every vacancy still
 * open (reason "cancelled"), in one transaction.
 */
int
employer_withdraw(struct store *st, const char *id, const char *reason, char *err, size_t errlen)
{
	sqlite3_stmt *stmt;
	char **open = NULL, live[IDENT_LEN + 1];
	size_t n = 0, i;
	int rc = -1;

	if (reason_check(st, EMPLOYER, reason, err, errlen) != 0)
		return -1;
	if (st_begin(st) != 0) {
		snprintf(err, errlen, _("the database is busy: %s"), store_errmsg(st));
		return -1;
	}
	if (employer_resolve(st, id, live) != 1) {
		snprintf(err, errlen, _("the record was not found"));
		goto out;
	}
	if (aggregate_status(st, EMPLOYER, live, "withdrawn", reason, "withdraw", err,
	    errlen) != 0)
		goto out;
	/* Its vacancies, and those of the records merged into it. */
	stmt = st_prepare(st, "SELECT id FROM vacancy WHERE status = 'open' AND deleted = 0 AND "
	    "(employer_id = ?1 OR employer_id IN (SELECT id FROM employer WHERE replaced_by = ?1))");
	st_bind_text(stmt, 1, live);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		open = xreallocarray(open, n + 1, sizeof *open);
		open[n++] = xstrdup(st_column_text(stmt, 0));
	}
	sqlite3_finalize(stmt);
	for (i = 0; i < n; i++)
		if (aggregate_status(st, &kind_table[KIND_VACANCY], open[i], "withdrawn",
		    "employer_withdrawn", "withdraw", err, errlen) != 0)
			goto out;
	if (st_commit(st) != 0) {
		snprintf(err, errlen, _("cannot save the record: %s"), store_errmsg(st));
		goto out;
	}
	rc = 0;
out:
	if (rc != 0)
		st_rollback(st);
	for (i = 0; i < n; i++)
		free(open[i]);
	free(open);
	return rc;
}

