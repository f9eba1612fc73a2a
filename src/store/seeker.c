/* Job seekers in the local database. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/i18n.h"
#include "common/log.h"
#include "common/xalloc.h"
#include "core/check.h"
#include "core/idnum.h"
#include "core/kind.h"
#include "store/aggregate.h"
#include "store/row.h"
#include "store/scope.h"
#include "store/seeker.h"

#define SEEKER	(&kind_table[KIND_SEEKER])

/* Find a seeker by ID number. */
int
seeker_find_idnum(struct store *st, const char *idnum, char id[IDENT_LEN + 1])
{
	return row_find_natural(st, SEEKER, idnum, id);
}

/*
 * A seeker's fields before a save: the ID number in its canonical form,
 * and the sex and birth date it carries (parsed once, here); a seeker
 * needs a name.
 */
static int
seeker_prepare(struct store *st, struct fields *f, int fresh, char *err, size_t errlen)
{
	struct idnum idn;
	char msg[128], birth[11];
	const char *v = fields_get(f, "id_number");

	(void)st;
	(void)fresh;
	if (*fields_str(f, "name") == '\0') {
		snprintf(err, errlen, _("a seeker needs a name"));
		return -1;
	}
	if (v == NULL || *v == '\0') {
		fields_set(f, "id_number", NULL);
		return 0;
	}
	if (idnum_parse(v, 99991231, &idn, msg, sizeof msg) != 0)
		return 0;
	fields_set(f, "id_number", idn.number);
	fields_set(f, "sex", idn.sex == 1 ? "1" : "2");
	date_format(idn.year * 10000 + idn.month * 100 + idn.day, birth);
	fields_set(f, "birth_date", birth);
	return 0;
}

/* A new registration is valid for the store's number of days; it is the first. */
static void
seeker_fill_new(struct store *st, struct fields *all)
{
	char until[11];

	date_format(date_add_days(store_today(), store_registration_days(st)), until);
	fields_set(all, "valid_until", until);
	fields_set(all, "first_registered_on", fields_str(all, "registered_on"));
}

/* The name index follows the name. */
static int
seeker_written(struct store *st, const char *id, const struct fields *old,
    const struct fields *now)
{
	const char *was = old != NULL ? fields_str(old, "name") : NULL;

	if (was != NULL && strcmp(was, fields_str(now, "name")) == 0)
		return 0;
	return seeker_index_name(st, id, was, fields_str(now, "name"));
}

/* The seeker's refusals about an ID number. */
static void
seeker_say(enum aggregate_refusal what, const char *idnum, char *err, size_t errlen)
{
	switch (what) {
	case AGGREGATE_REGISTERED:
		snprintf(err, errlen, _("ID number %s is already registered"), idnum);
		break;
	case AGGREGATE_KEY_FIXED:
		snprintf(err, errlen, _("the ID number of a registered seeker cannot be changed; "
		    "a supervisor merges the two records"));
		break;
	case AGGREGATE_KEY_TAKEN:
		snprintf(err, errlen, _("ID number %s belongs to another registered seeker"), idnum);
		break;
	}
}

/*
 * A person registered outside this terminal's scope (the identity index):
 * refused with where and in what state, so that the clerk handles one
 * person (fetching the record) rather than registering a second.
 */
static int
seeker_elsewhere(struct store *st, const char *idnum, char id[IDENT_LEN + 1], char *err,
    size_t errlen)
{
	struct scope_elsewhere w;
	const char *label;
	int rc;

	if ((rc = store_scope_elsewhere(st, idnum, &w)) != 1)
		return rc;
	label = kind_status_label(w.status);
	snprintf(id, IDENT_LEN + 1, "%s", w.id);
	/* TRANSLATORS: the ID number, the office's code and name, the registration's status. */
	snprintf(err, errlen, _("ID number %s is registered at %s %s, status %s: the same "
	    "person, not registered again here; fetch the record from the district when online"),
	    idnum, w.office, w.office_name, label != NULL ? _(label) : w.status);
	return 1;
}

static const struct aggregate_rules seeker_rules = {
	.kind = &kind_table[KIND_SEEKER],
	.prepare = seeker_prepare,
	.fill_new = seeker_fill_new,
	.written = seeker_written,
	.say = seeker_say,
	.elsewhere = seeker_elsewhere,
};

/* Register or change a seeker; an ID number already there changes that record. */
int
seeker_save(struct store *st, const char *id, const struct fields *in, struct fields *saved,
    char out_id[IDENT_LEN + 1], char *err, size_t errlen)
{
	return aggregate_save(st, &seeker_rules, id, in, 1, saved, out_id, err, errlen);
}

/* Register a new seeker: 0, 2 if the ID number is registered (out_id is that record), -1. */
int
seeker_register(struct store *st, const struct fields *in, struct fields *saved,
    char out_id[IDENT_LEN + 1], char *err, size_t errlen)
{
	return aggregate_save(st, &seeker_rules, NULL, in, 0, saved, out_id, err, errlen);
}

/* The live record a seeker id stands for now. */
int
seeker_resolve(struct store *st, const char *id, char out[IDENT_LEN + 1])
{
	return row_resolve(st, SEEKER, id, out);
}

/* Load a whole record (following a merge) and audit the view. */
int
seeker_open(struct store *st, const char *id, struct fields *out)
{
	return aggregate_open(st, SEEKER, id, out);
}

/* Fills a search hit from a row of SEEKER_HIT_COLS, its status as of today. */
static void
seeker_hit_fill(sqlite3_stmt *stmt, struct seeker_hit *h, int today)
{
	snprintf(h->id, sizeof h->id, "%s", st_column_text(stmt, 0));
	snprintf(h->id_number, sizeof h->id_number, "%s", st_column_text(stmt, 1));
	snprintf(h->name, sizeof h->name, "%s", st_column_text(stmt, 2));
	snprintf(h->phone, sizeof h->phone, "%s", st_column_text(stmt, 3));
	snprintf(h->birth_date, sizeof h->birth_date, "%s", st_column_text(stmt, 4));
	snprintf(h->valid_until, sizeof h->valid_until, "%s", st_column_text(stmt, 6));
	snprintf(h->status, sizeof h->status, "%s",
	    kind_effective_status(SEEKER, st_column_text(stmt, 5), h->valid_until, today));
}

#define SEEKER_HIT_COLS "s.id, s.id_number, s.name, s.phone, s.birth_date, s.status, s.valid_until"

/*
 * Adds the statement's rows to hits up to max, skipping any already
 * there, and finalizes it; the number of rows read.
 */
static size_t
seeker_collect(sqlite3_stmt *stmt, struct seeker_hit *hits, size_t max, size_t *n)
{
	int today = store_today();
	size_t read = 0;

	while (*n < max && sqlite3_step(stmt) == SQLITE_ROW) {
		size_t i;
		int dup = 0;

		read++;
		for (i = 0; i < *n; i++)
			if (strcmp(hits[i].id, st_column_text(stmt, 0)) == 0)
				dup = 1;
		if (!dup)
			seeker_hit_fill(stmt, &hits[(*n)++], today);
	}
	sqlite3_finalize(stmt);
	return read;
}

/*
 * Where a seeker search looks: the seekers of one index range (or, while
 * a first sync's bulk load has left the indexes out, a scan), as FROM
 * and WHERE over seeker s, in the order the index keeps them. The named
 * parameters: :q the query, :tail its last four characters, :len its
 * length, :land the query as a stored landline ("010-XXXXXXXX"), :gram
 * the first one or two characters of a name, :limit the most rows read.
 */
struct seeker_source {
	const char	*from;
	const char	*order;
	const char	*count;		/* the rids it holds, for a count; NULL: those of from */
	size_t		 min_len;	/* the shortest query it is for */
	size_t		 max_len;	/* the longest; 0: any */
	int		 digits;	/* for digits only, not an X (a phone) */
};

/*
 * A query of digits: the last 4 to 8 digits of an ID number or of a phone
 * first (尾号: a few hits, where a prefix that short matches thousands;
 * 8 is a landline without its area code), then the ID numbers, the
 * mobiles and the landlines that begin with them: index ranges each
 * (migration 0008 for the last digits), never one OR that sorts.
 */
static const struct seeker_source seeker_by_number[] = {
	{
		.from = "seeker s WHERE substr(s.id_number, -4) = :tail AND "
		    "substr(s.id_number, -:len) = :q",
		.order = "s.id_number",
		.min_len = 4,
		.max_len = 8,
	},
	{
		.from = "seeker s WHERE substr(s.phone, -4) = :tail AND substr(s.phone, -:len) = :q",
		.order = "s.phone",
		.min_len = 4,
		.max_len = 8,
		.digits = 1,
	},
	{
		.from = "seeker s WHERE s.id_number >= :q AND s.id_number < :q || 'Y'",
		.order = "s.id_number",
		/* A tombstone gives up its number (migration 0002): counted from the index. */
		.count = "SELECT s.rid FROM seeker s WHERE s.id_number >= :q AND "
		    "s.id_number < :q || 'Y'",
	},
	{
		.from = "seeker s WHERE s.phone >= :q AND s.phone < :q || ':'",
		.order = "s.phone",
		.digits = 1,
	},
	{
		.from = "seeker s WHERE s.phone >= :land AND s.phone < :land || ':'",
		.order = "s.phone",
		.digits = 1,
	},
};

/*
 * Any part of a name: the name index holds every one- and two-character
 * piece in name order, so only the rows shown are read, and of live
 * seekers only (seeker-names.c), so a count reads no row at all. A first
 * sync's bulk load builds it at its end (sync-pull.c): until then every
 * name is read, slower but complete.
 */
static const struct seeker_source seeker_by_name = {
	.from = "seeker_name_gram g JOIN seeker s ON s.rid = g.rid WHERE g.gram = :gram AND "
	    "instr(g.name, :q) > 0",
	.order = "g.name, g.rid",
	.count = "SELECT g.rid FROM seeker_name_gram g WHERE g.gram = :gram AND "
	    "instr(g.name, :q) > 0",
};
static const struct seeker_source seeker_by_name_scan = {
	.from = "seeker s WHERE instr(s.name, :q) > 0",
	.order = "s.name, s.rid",
};

/* The values of a search's named parameters. */
struct seeker_params {
	const char	*q;
	char		 tail[8];
	char		 land[80];
	char		 gram[16];
	size_t		 len;
	int		 digits;	/* q is digits only */
};

/* Binds the parameters that stmt names, with :limit. */
static void
seeker_bind(sqlite3_stmt *stmt, const struct seeker_params *p, size_t limit)
{
	int i;

	if ((i = sqlite3_bind_parameter_index(stmt, ":q")) > 0)
		st_bind_text(stmt, i, p->q);
	if ((i = sqlite3_bind_parameter_index(stmt, ":tail")) > 0)
		st_bind_text(stmt, i, p->tail);
	if ((i = sqlite3_bind_parameter_index(stmt, ":len")) > 0)
		st_bind_int(stmt, i, (int64_t)p->len);
	if ((i = sqlite3_bind_parameter_index(stmt, ":land")) > 0)
		st_bind_text(stmt, i, p->land);
	if ((i = sqlite3_bind_parameter_index(stmt, ":gram")) > 0)
		st_bind_text(stmt, i, p->gram);
	if ((i = sqlite3_bind_parameter_index(stmt, ":limit")) > 0)
		st_bind_int(stmt, i, (int64_t)limit);
}

/* Whether a source is for this query. */
static int
seeker_source_for(const struct seeker_source *src, const struct seeker_params *p)
{
	return p->len >= src->min_len && (src->max_len == 0 || p->len <= src->max_len) &&
	    (!src->digits || p->digits);
}

/*
 * Lists the hits of every source in turn (one already listed is not
 * listed again) up to max, and into *found (unless NULL) how many
 * seekers the sources hold in all, counted up to STORE_FOUND_MAX + 1:
 * only when the list is cut, over the same indexes, each read no further
 * than the count needs.
 */
static int
seeker_search_in(struct store *st, const struct seeker_source *src, size_t nsrc,
    const struct seeker_params *p, struct seeker_hit *hits, size_t max, size_t *n,
    size_t *found)
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt *stmt;
	size_t i, k, read;
	int cut = 0;

	for (i = 0; i < nsrc; i++) {
		if (!seeker_source_for(&src[i], p))
			continue;
		buf_reset(&sql);
		buf_addf(&sql, "SELECT " SEEKER_HIT_COLS " FROM %s AND s.deleted = 0 "
		    "ORDER BY %s LIMIT :limit", src[i].from, src[i].order);
		stmt = st_prepare(st, buf_str(&sql));
		seeker_bind(stmt, p, max);
		read = seeker_collect(stmt, hits, max, n);
		if (read == max)
			cut = 1;
	}
	if (found == NULL)
		goto out;
	*found = *n;
	if (!cut && *n < max)
		goto out;
	buf_reset(&sql);
	buf_adds(&sql, "SELECT count(*) FROM (");
	for (i = 0, k = 0; i < nsrc; i++) {
		if (!seeker_source_for(&src[i], p))
			continue;
		buf_addf(&sql, "%sSELECT rid FROM (", k++ > 0 ? " UNION " : "");
		if (src[i].count != NULL)
			buf_adds(&sql, src[i].count);
		else
			buf_addf(&sql, "SELECT s.rid FROM %s AND s.deleted = 0", src[i].from);
		buf_adds(&sql, " LIMIT :limit)");
	}
	buf_addc(&sql, ')');
	stmt = st_prepare(st, buf_str(&sql));
	seeker_bind(stmt, p, STORE_FOUND_MAX + 1);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		sqlite3_int64 c = sqlite3_column_int64(stmt, 0);

		*found = c > STORE_FOUND_MAX ? STORE_FOUND_MAX + 1 : (size_t)c;
		if (*found < *n)
			*found = *n;
	}
	sqlite3_finalize(stmt);
out:
	buf_free(&sql);
	return 0;
}

/* Search by the digits of a number (its beginning or its last digits) or a part of the name. */
int
seeker_search(struct store *st, const char *query, struct seeker_hit *hits, size_t max,
    size_t *n, size_t *found)
{
	struct seeker_params p;
	char q[64];
	size_t i, len;
	int chars;

	*n = 0;
	if (found != NULL)
		*found = 0;
	memset(&p, 0, sizeof p);
	snprintf(q, sizeof q, "%s", query);
	len = strlen(q);
	while (len > 0 && q[len - 1] == ' ')
		q[--len] = '\0';
	if (len == 0)
		return 0;
	p.q = q;
	p.len = len;
	if (idnum_like(q)) {
		p.digits = 1;
		for (i = 0; i < len; i++)
			if (q[i] == 'x' || q[i] == 'X') {
				q[i] = 'X';
				p.digits = 0;
			}
		/* The last four characters, what the tail index holds. */
		snprintf(p.tail, sizeof p.tail, "%.4s", len > 4 ? q + len - 4 : q);
		snprintf(p.land, sizeof p.land, "010-%s", strncmp(q, "010", 3) == 0 ? q + 3 : q);
		return seeker_search_in(st, seeker_by_number,
		    sizeof seeker_by_number / sizeof seeker_by_number[0], &p, hits, max, n, found);
	}
	/* The first one or two characters select the candidates by index. */
	for (i = 0, chars = 0; q[i] != '\0' && chars < 2; chars++)
		for (i++; (q[i] & 0xc0) == 0x80; i++)
			;
	snprintf(p.gram, sizeof p.gram, "%.*s", (int)i, q);
	return seeker_search_in(st, st_count(st, "SELECT EXISTS (SELECT 1 FROM setting "
	    "WHERE key = 'bulk_load')") == 1 ? &seeker_by_name_scan : &seeker_by_name, 1, &p,
	    hits, max, n, found);
}

/* The search hit of one live seeker by id. */
int
seeker_hit_get(struct store *st, const char *id, struct seeker_hit *hit)
{
	sqlite3_stmt *stmt = st_prepare(st, "SELECT " SEEKER_HIT_COLS " FROM seeker s "
	    "WHERE s.id = ? AND s.deleted = 0");
	size_t n = 0;

	st_bind_text(stmt, 1, id);
	seeker_collect(stmt, hit, 1, &n);
	return n == 1 ? 1 : 0;
}

/* Same name and birth date: a possible second registration of one person. */
int
seeker_similar(struct store *st, const char *name, const char *birth_date, const char *except_id,
    struct seeker_hit *hits, size_t max, size_t *n)
{
	sqlite3_stmt *stmt = st_prepare(st, "SELECT " SEEKER_HIT_COLS " FROM seeker s "
	    "WHERE s.name = ? AND s.birth_date = ? AND s.id <> ? AND s.deleted = 0 LIMIT ?");

	*n = 0;
	st_bind_text(stmt, 1, name);
	st_bind_text(stmt, 2, birth_date);
	st_bind_text(stmt, 3, except_id != NULL ? except_id : "");
	st_bind_int(stmt, 4, (int64_t)max);
	seeker_collect(stmt, hits, max, n);
	return 0;
}

/* Apply a lifecycle change to a seeker in one transaction. */
static int
seeker_lifecycle(struct store *st, const char *id, const struct fields *change_in,
    const char *action, const char *service, int reopen, char *err, size_t errlen)
{
	struct fields have = FIELDS_INIT, change = FIELDS_INIT;
	const struct kind_status *now;
	char live[IDENT_LEN + 1];
	uint64_t hlc;
	int rc = -1;

	if (st_begin(st) != 0) {
		snprintf(err, errlen, _("the database is busy: %s"), store_errmsg(st));
		return -1;
	}
	fields_copy(&change, change_in);
	/* A record merged away: the change is the survivor's. */
	if (row_resolve(st, SEEKER, id, live) != 1 || row_load(st, SEEKER, 0, live, &have) != 1) {
		snprintf(err, errlen, _("the record was not found"));
		goto out;
	}
	id = live;
	if (st_may(st, SEEKER, AUTHORITY_EDIT, fields_str(&have, "office"), NULL, err,
	    errlen) != 0)
		goto out;
	now = kind_status(SEEKER, fields_str(&have, "status"));
	if (now != NULL && now->closed) {
		char today[11];

		if (!reopen) {
			snprintf(err, errlen, _("the registration is already closed (%s)"),
			    fields_str(&have, "status"));
			goto out;
		}
		/*
		 * Someone placed or withdrawn who comes back registers anew; the
		 * first registration's day stays (taken from the one closed if
		 * the record never had it: one the district sent without it).
		 */
		date_format(store_today(), today);
		fields_set(&change, "status", kind_initial_status(SEEKER));
		fields_set(&change, "registered_on", today);
		fields_set(&change, "withdraw_reason", "");
		fields_set(&change, "closed_on", "");
		if (*fields_str(&have, "first_registered_on") == '\0')
			fields_set(&change, "first_registered_on",
			    fields_str(&have, "registered_on"));
		service = SEEKER->service;
		action = "reregister";
	}
	hlc = st_hlc_next(st);
	if (row_apply_update(st, SEEKER, id, &change, hlc) != 0 ||
	    st_audit(st, SEEKER->name, id, action) != 0 ||
	    (service != NULL && aggregate_service(st, SEEKER, service, id, &have, hlc) != 0) ||
	    st_commit(st) != 0) {
		snprintf(err, errlen, _("cannot save the record: %s"), store_errmsg(st));
		goto out;
	}
	rc = 0;
out:
	if (rc != 0)
		st_rollback(st);
	fields_free(&have);
	fields_free(&change);
	return rc;
}

/* Renew a registration. */
int
seeker_renew(struct store *st, const char *id, char *err, size_t errlen)
{
	struct fields f = FIELDS_INIT, have = FIELDS_INIT;
	const struct kind_status *now;
	char until[11], live[IDENT_LEN + 1];
	int rc;

	date_format(date_add_days(store_today(), store_registration_days(st)), until);
	/* Registered or renewed today: a renewal would change nothing, so it writes nothing. */
	if (row_resolve(st, SEEKER, id, live) == 1 && row_load(st, SEEKER, KC_LIFE, live,
	    &have) == 1 && (now = kind_status(SEEKER, fields_str(&have, "status"))) != NULL &&
	    !now->closed && strcmp(fields_str(&have, "valid_until"), until) >= 0) {
		fields_free(&have);
		return 1;
	}
	fields_free(&have);
	fields_set(&f, "status", "renewed");
	fields_set(&f, "valid_until", until);
	rc = seeker_lifecycle(st, id, &f, "renew", "renewal", 1, err, errlen);
	fields_free(&f);
	return rc;
}

/* Withdraw a registration with a reason. */
int
seeker_withdraw(struct store *st, const char *id, const char *reason, char *err, size_t errlen)
{
	struct fields f = FIELDS_INIT;
	char today[11];
	int rc;

	if (reason_check(st, SEEKER, reason, err, errlen) != 0)
		return -1;
	/* Only a hire recorded on a referral closes with its reason (referral_outcome). */
	if (strcmp(reason, KIND_SEEKER_PLACED_REFERRAL) == 0) {
		snprintf(err, errlen, _("\"%s\" is given by a hire recorded on a referral, not by "
		    "hand; a person who found work on their own is withdrawn as \"%s\""), reason,
		    KIND_SEEKER_PLACED);
		return -1;
	}
	fields_set(&f, "status", strcmp(reason, KIND_SEEKER_PLACED) == 0 ? KIND_SEEKER_PLACED :
	    "withdrawn");
	fields_set(&f, "withdraw_reason", reason);
	/* The registration counts in supply and demand up to this day (store/report-supply.c). */
	date_format(store_today(), today);
	fields_set(&f, "closed_on", today);
	rc = seeker_lifecycle(st, id, &f, "withdraw", NULL, 0, err, errlen);
	fields_free(&f);
	return rc;
}

/* Loads a seeker for a merge: its form columns, whether it is deleted and where it points. */
static int
seeker_merge_load(struct store *st, const char *id, struct fields *out, int *deleted,
    char replaced_by[IDENT_LEN + 1])
{
	sqlite3_stmt *stmt;
	int rc;

	if ((rc = row_load(st, SEEKER, KC_FORM | KC_LIFE, id, out)) != 1)
		return rc;
	stmt = st_prepare(st, "SELECT deleted, coalesce(replaced_by, '') FROM seeker WHERE id = ?");
	st_bind_text(stmt, 1, id);
	rc = sqlite3_step(stmt) == SQLITE_ROW ? 1 : -1;
	if (rc == 1) {
		*deleted = sqlite3_column_int(stmt, 0);
		snprintf(replaced_by, IDENT_LEN + 1, "%s", st_column_text(stmt, 1));
	}
	sqlite3_finalize(stmt);
	return rc;
}

/*
 * Merge two registrations of one person: the survivor takes each field of
 * the loser that it lacks (and the earlier first registration), the loser becomes a tombstone pointing at the
 * survivor. Two outbox entries (an update of the survivor when it took
 * anything, a delete of the loser with {"replaced_by": survivor}) and two
 * audit records, in one transaction.
 */
int
seeker_merge(struct store *st, const char *loser_id, const char *survivor_id, char *err,
    size_t errlen)
{
	struct fields loser = FIELDS_INIT, survivor = FIELDS_INIT, take = FIELDS_INIT;
	struct fields del = FIELDS_INIT;
	char lost_to[IDENT_LEN + 1], surv_to[IDENT_LEN + 1], loser_copy[IDENT_LEN + 1];
	char survivor_copy[IDENT_LEN + 1];
	const char *first;
	int ldel = 0, sdel = 0, rc = -1, found;
	uint64_t hlc;
	size_t i;

	/* The ids may point into a screen's buffers: copy them before anything is written. */
	snprintf(loser_copy, sizeof loser_copy, "%s", loser_id);
	snprintf(survivor_copy, sizeof survivor_copy, "%s", survivor_id);
	if (strcmp(loser_copy, survivor_copy) == 0) {
		snprintf(err, errlen, _("a record cannot be merged into itself"));
		return -1;
	}
	if (st_begin(st) != 0) {
		snprintf(err, errlen, _("the database is busy: %s"), store_errmsg(st));
		return -1;
	}
	if ((found = seeker_merge_load(st, loser_copy, &loser, &ldel, lost_to)) != 1 ||
	    seeker_merge_load(st, survivor_copy, &survivor, &sdel, surv_to) != 1) {
		snprintf(err, errlen, _("the %s record was not found"),
		    found != 1 ? _("merged") : _("surviving"));
		goto out;
	}
	if (sdel) {
		if (*surv_to != '\0')
			snprintf(err, errlen, _("the surviving record was itself merged into %s; "
			    "merge into that one"), surv_to);
		else
			snprintf(err, errlen, _("the surviving record was removed"));
		goto out;
	}
	if (ldel) {
		snprintf(err, errlen, _("the record was already merged or removed"));
		goto out;
	}
	/* A merge is a supervisor's act, of the loser's office or one above it. */
	if (st_may(st, SEEKER, AUTHORITY_MERGE, fields_str(&loser, "office"), NULL, err,
	    errlen) != 0)
		goto out;
	/* The id derives from the ID number: the record that has one survives. */
	if (*fields_str(&loser, "id_number") != '\0' &&
	    *fields_str(&survivor, "id_number") == '\0') {
		snprintf(err, errlen, _("the record with the ID number must survive: merge the "
		    "other way round"));
		goto out;
	}
	for (i = 0; i < loser.n; i++) {
		const struct kind_column *c = kind_column(SEEKER, loser.keys[i]);

		if (c == NULL || !(c->flags & KC_FORM) || (c->flags & KC_NATURAL) ||
		    *loser.values[i] == '\0')
			continue;
		if (*fields_str(&survivor, loser.keys[i]) == '\0')
			fields_set(&take, loser.keys[i], loser.values[i]);
	}
	/* The person registered first on the earlier of the two records' first days. */
	first = fields_str(&loser, "first_registered_on");
	if (*first != '\0' && (*fields_str(&survivor, "first_registered_on") == '\0' ||
	    strcmp(first, fields_str(&survivor, "first_registered_on")) < 0))
		fields_set(&take, "first_registered_on", first);
	hlc = st_hlc_next(st);
	if (take.n > 0 &&
	    (row_apply_update(st, SEEKER, survivor_copy, &take, hlc) != 0 ||
	    (fields_get(&take, "name") != NULL &&
	    seeker_index_name(st, survivor_copy, fields_str(&survivor, "name"),
		fields_str(&take, "name")) != 0)))
		goto dberr;
	/* The tombstone leaves the name index, gives up its number and keeps nothing personal. */
	fields_set(&del, "replaced_by", survivor_copy);
	if (row_tombstone(st, SEEKER, loser_copy, survivor_copy, hlc) != 0 ||
	    seeker_index_name(st, loser_copy, fields_str(&loser, "name"), NULL) != 0 ||
	    st_outbox_append(st, SEEKER, loser_copy, "delete", &del, hlc) != 0 ||
	    st_audit(st, SEEKER->name, survivor_copy, "merge") != 0 ||
	    st_audit(st, SEEKER->name, loser_copy, "merge") != 0 ||
	    st_commit(st) != 0)
		goto dberr;
	log_info("seeker %s merged into %s", loser_copy, survivor_copy);
	rc = 0;
	goto out;
dberr:
	snprintf(err, errlen, _("cannot merge the records: %s"), store_errmsg(st));
out:
	if (rc != 0)
		st_rollback(st);
	fields_free(&loser);
	fields_free(&survivor);
	fields_free(&take);
	fields_free(&del);
	return rc;
}

/*
 * The services given to a seeker, newest first: those of every record
 * merged into it count as its own.
 */
int
seeker_services(struct store *st, const char *id, struct seeker_service *out, size_t max,
    size_t *n)
{
	char live[IDENT_LEN + 1];
	sqlite3_stmt *stmt;
	int rc;

	*n = 0;
	if ((rc = row_resolve(st, SEEKER, id, live)) != 1)
		return rc < 0 ? -1 : 0;
	stmt = st_prepare(st,
	    "WITH RECURSIVE alias(id, depth) AS (SELECT ?1, 0 UNION "
	    "SELECT s.id, a.depth + 1 FROM seeker s JOIN alias a ON s.replaced_by = a.id "
	    "WHERE a.depth < ?3) "
	    "SELECT e.id, e.type, e.at, e.clerk, e.office, e.free, e.basis, e.seeker_id "
	    "FROM service_event e WHERE e.seeker_id IN (SELECT id FROM alias) "
	    "ORDER BY e.at DESC, e.id DESC LIMIT ?2");
	st_bind_text(stmt, 1, live);
	st_bind_int(stmt, 2, (int64_t)max);
	st_bind_int(stmt, 3, ROW_REDIRECT_MAX);
	while (*n < max && sqlite3_step(stmt) == SQLITE_ROW) {
		struct seeker_service *e = &out[(*n)++];

		snprintf(e->id, sizeof e->id, "%s", st_column_text(stmt, 0));
		snprintf(e->type, sizeof e->type, "%s", st_column_text(stmt, 1));
		snprintf(e->at, sizeof e->at, "%s", st_column_text(stmt, 2));
		snprintf(e->clerk, sizeof e->clerk, "%s", st_column_text(stmt, 3));
		snprintf(e->office, sizeof e->office, "%s", st_column_text(stmt, 4));
		e->free_service = sqlite3_column_int(stmt, 5);
		snprintf(e->basis, sizeof e->basis, "%s", st_column_text(stmt, 6));
		snprintf(e->seeker_id, sizeof e->seeker_id, "%s", st_column_text(stmt, 7));
	}
	sqlite3_finalize(stmt);
	return 0;
}
