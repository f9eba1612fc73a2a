/*
 * Applying a terminal's push (jobdesk-sync(7), "Rules when applying a
 * pushed change"). One transaction per push: the terminal's row is locked
 * first, so two pushes of one terminal queue behind each other and
 * last_seq moves with the changes it covers. Every new change is applied
 * in its own savepoint: a change that breaks a rule, or that the database
 * refuses, is parked and reported, and the changes after it go on.
 *
 * Conflicts are settled per field by stamp ("%016x:<terminal>", compared
 * as text: clock first, terminal id on a tie). Every value that loses is
 * kept as a "conflict" record, which flows down like any record, so no
 * write disappears without a trace.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "common/buf.h"
#include "common/log.h"
#include "common/xalloc.h"
#include "core/authority.h"
#include "core/check.h"
#include "core/hlc.h"
#include "core/ident.h"
#include "core/kind.h"
#include "core/sign.h"
#include "server/pg-int.h"
#include "server/validate.h"
#include "wire/fields-json.h"
#include "wire/stamps.h"
#include "wire/wire.h"

/* How applying one change ends (push_apply_change and the steps it takes). */
#define PUSH_APPLIED	0
#define PUSH_PARKED	1	/* a rule refused it: reason says which */
#define PUSH_DBFAIL	(-1)	/* a statement failed: pg->sqlstate says why */
#define PUSH_NOREF	(-2)	/* the server lacks a form or list: the push must wait */
#define PUSH_AGAIN	(-3)	/* another transaction got there first: try the change again */
#define PUSH_NOOP	(-4)	/* nothing to write (an append-only record already there) */

/* Redirects followed from a tombstone before the chain counts as a loop. */
#define PUSH_MAX_HOPS	16
/* Tries of one change that lost a race for a key. */
#define PUSH_MAX_TRIES	4
/* Tries of a whole push that lost a deadlock or serialization race. */
#define PUSH_MAX_ROUNDS	3

/*
 * A record row as locked for a change; stamps holds one stamp per field
 * (none: no stamp), authors the login that wrote each field last.
 */
struct push_rec {
	int		 exists;
	struct fields	 fields;
	struct fields	 stamps;
	struct fields	 authors;
	/* Where each field was written in change_log, "xid:pos"; PUSH_NOW: by this change. */
	struct fields	 written;
	int		 deleted;
	char		 replaced_by[WIRE_KEY_LEN];
	char		 office[32];
	/* Where change_log has the record's last change, for the base check. */
	unsigned long long log_xid;
	long long	 log_pos;
};

/* A field of a record written by the change being applied: its place comes when it is logged. */
#define PUSH_NOW	"now"

/* The account a change names, as the server knows it. */
struct push_author {
	char		 login[WIRE_LOGIN_LEN];
	int		 known;
	char		 role[16];
	char		 office[32];
	int		 has_key;
	unsigned char	 key[SIGN_PUBLIC_LEN];
	uint64_t	 disabled_ms;	/* when the account was disabled; 0 never */
	char		 cert_no[32];	/* its 上岗证, and the day it is valid until */
	char		 cert_valid_until[11];
	char		 guidance_grade[16];	/* its 职业指导人员 grade, "" none */
};

/* An office of the district's tree, for the authority rules. */
struct push_office {
	char	code[32];
	char	parent[32];
	char	level[16];
};

/*
 * A record of the push's changes locked before the first is applied
 * (push_lock_ahead): the first lock of it takes this row instead of a
 * round trip. Every write of a record follows a lock of it, so until
 * that first lock the row is as the database holds it; later locks read
 * it again.
 */
struct push_ahead {
	const char	*tbl;	/* the change's */
	const char	*key;
	int		 row;	/* in the push's ahead_res; -1: no such record */
	int		 taken;
};

/* One push in progress. */
struct push {
	struct pg			*pg;
	const char			*terminal;
	char				 office[32];	/* the terminal's */
	const struct wire_change	*c;
	const struct kind		*k;		/* c's kind */
	char				 stamp[WIRE_STAMP_LEN + 1];
	int				 today;		/* YYYYMMDD of the change, for checks */
	char				 at[32];	/* now, for the journal */
	char				 reason[WIRE_REASON_LEN];
	struct wire_rejection		*rejected;
	size_t				 nrejected;
	/* How far the terminal has pulled: a base counts only for what it had. */
	unsigned long long		 pulled_xid;
	long long			 pulled_pos;
	struct push_author		 author;	/* of the last change that named one */
	struct push_office		*offices;	/* loaded with the first change */
	size_t				 noffices;
	/* The records locked ahead, sorted by table and key, and their rows. */
	struct push_ahead		*ahead;
	size_t				 nahead;
	PGresult			*ahead_res;
	/* The trail of the changes applied so far, written once for the push (push_history). */
	struct buf			 history;
	/*
	 * Savepoints: whether the last change's is still open (the next
	 * change's releases it), and whether the change being applied has yet
	 * to make its own (with its first statement: push_run).
	 */
	int				 in_savepoint;
	int				 savepoint_due;
	/*
	 * The seeker whose placement the change being applied may move (a
	 * referral's hire made or undone, a seeker's status changed), or "".
	 */
	char				 placement_of[WIRE_KEY_LEN];
};

/*
 * The office a record of kind k belongs to, as its fields f name it: the
 * kind's office column (KT_OFFICE), or NULL when f or the kind has none.
 */
static const char *
push_office_of(const struct kind *k, const struct fields *f)
{
	const struct kind_column *c = k != NULL ? kind_office(k) : NULL;

	return c != NULL ? fields_get(f, c->name) : NULL;
}

/* Free a record's fields, stamps and authors; it is then empty. */
static void
push_rec_clear(struct push_rec *r)
{
	fields_free(&r->fields);
	fields_free(&r->stamps);
	fields_free(&r->authors);
	fields_free(&r->written);
	memset(r, 0, sizeof *r);
}

/* Set the reason a change is parked for. */
static int
push_park(struct push *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int
push_park(struct push *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->reason, sizeof p->reason, fmt, ap);
	va_end(ap);
	validate_trim_utf8(p->reason);
	return PUSH_PARKED;
}

/*
 * Records keep their stamps compact (wire/stamps.h), as they are pulled;
 * a change works on one stamp per field. push_stamps_expand gives each
 * field of r the stamp it has, in r's order of fields; push_stamps_compact
 * is the object to write back.
 */
static void
push_stamps_expand(const struct push_rec *r, struct fields *set)
{
	const char *any = fields_get(set, WIRE_STAMP_ANY), *v;
	struct fields out = FIELDS_INIT;
	size_t i;

	/* A field named with "" has none. */
	for (i = 0; i < r->fields.n; i++)
		if (((v = fields_get(set, r->fields.keys[i])) != NULL || (v = any) != NULL) &&
		    *v != '\0')
			fields_append(&out, r->fields.keys[i], v);
	/* A set may name a field the record lacks: it keeps it. */
	for (i = 0; i < set->n; i++)
		if (strcmp(set->keys[i], WIRE_STAMP_ANY) != 0 && *set->values[i] != '\0' &&
		    fields_get(&r->fields, set->keys[i]) == NULL)
			fields_append(&out, set->keys[i], set->values[i]);
	fields_free(set);
	*set = out;
}

/*
 * The compact text of a per-field set of r (its stamps or its authors),
 * as the record keeps it (the caller frees it). The set is mostly in r's
 * order of fields (push_stamps_expand, and fields added to both at once):
 * each field is looked for at its own place first.
 */
static char *
push_stamps_compact(const struct push_rec *r, const struct fields *set)
{
	size_t n = r->fields.n, i;
	const char **stamp = xcalloc(n + 1, sizeof *stamp);
	struct buf b = BUF_INIT;

	for (i = 0; i < n; i++)
		stamp[i] = i < set->n && strcmp(set->keys[i], r->fields.keys[i]) == 0 ?
		    set->values[i] : fields_get(set, r->fields.keys[i]);
	wire_stamps_text((const char *const *)r->fields.keys, stamp, n, &b);
	free(stamp);
	return buf_detach(&b);
}

/* The commands that make a change's savepoint, releasing the last change's if open. */
static const char *const *
push_savepoint_cmds(const struct push *p)
{
	static const char *const first[] = { "SAVEPOINT change", NULL };
	static const char *const next[] = { "RELEASE SAVEPOINT change", "SAVEPOINT change", NULL };

	return p->in_savepoint ? next : first;
}

/*
 * Run a statement for the change being applied (pg_run): its first one
 * makes the change's savepoint in the same round trip, so that a change
 * costs no round trip for it.
 */
static PGresult *
push_run(struct push *p, enum pg_stmt s, const char *const *params)
{
	const char *const *cmds;

	if (!p->savepoint_due)
		return pg_run(p->pg, s, params);
	cmds = push_savepoint_cmds(p);
	p->savepoint_due = 0;
	p->in_savepoint = 1;
	return pg_run_after(p->pg, cmds, s, params);
}

/* Make the change's savepoint now, if it is still to be made (before other work); 0 or -1. */
static int
push_savepoint(struct push *p)
{
	const char *const *cmds;
	size_t i;

	if (!p->savepoint_due)
		return 0;
	cmds = push_savepoint_cmds(p);
	p->savepoint_due = 0;
	p->in_savepoint = 1;
	for (i = 0; cmds[i] != NULL; i++)
		if (pg_cmd(p->pg, cmds[i]) != 0)
			return -1;
	return 0;
}

/* Order of records locked ahead: by table, then key. */
static int
push_ahead_cmp(const void *a, const void *b)
{
	const struct push_ahead *x = a, *y = b;
	int c = strcmp(x->tbl, y->tbl);

	return c != 0 ? c : strcmp(x->key, y->key);
}

/*
 * Lock the records the push's new changes (after last) name, in one
 * statement, for their first locks (struct push_ahead); 0 or PUSH_DBFAIL.
 */
static int
push_lock_ahead(struct push *p, const struct wire_push *in, int64_t last)
{
	struct buf tbls = BUF_INIT, keys = BUF_INIT;
	const char *params[2];
	struct push_ahead find, *a;
	size_t i, n = 0;
	int row;

	p->ahead = xcalloc(in->n + 1, sizeof *p->ahead);
	for (i = 0; i < in->n; i++) {
		const struct wire_change *c = &in->changes[i];
		const struct kind *k = kind_find(c->tbl);

		/* Records merged field by field only; ids and table names need no quoting. */
		if (c->seq <= last || k == NULL || !(k->flags & KF_PUSH) ||
		    k->merge != KIND_MERGE_FIELDS || !ident_valid(c->id))
			continue;
		p->ahead[n].tbl = c->tbl;
		p->ahead[n].key = c->id;
		p->ahead[n].row = -1;
		n++;
	}
	if (n == 0)
		return 0;
	qsort(p->ahead, n, sizeof *p->ahead, push_ahead_cmp);
	buf_addc(&tbls, '{');
	buf_addc(&keys, '{');
	for (i = 0; i < n; i++) {
		if (p->nahead > 0 && push_ahead_cmp(&p->ahead[i], &p->ahead[p->nahead - 1]) == 0)
			continue;
		p->ahead[p->nahead++] = p->ahead[i];
		buf_addf(&tbls, "%s%s", tbls.len > 1 ? "," : "", p->ahead[i].tbl);
		buf_addf(&keys, "%s%s", keys.len > 1 ? "," : "", p->ahead[i].key);
	}
	buf_addc(&tbls, '}');
	buf_addc(&keys, '}');
	params[0] = buf_str(&tbls);
	params[1] = buf_str(&keys);
	p->ahead_res = pg_run(p->pg, S_REC_LOCK_ALL, params);
	buf_free(&tbls);
	buf_free(&keys);
	if (p->ahead_res == NULL)
		return PUSH_DBFAIL;
	for (row = 0; row < PQntuples(p->ahead_res); row++) {
		find.tbl = PQgetvalue(p->ahead_res, row, 9);
		find.key = PQgetvalue(p->ahead_res, row, 10);
		if ((a = bsearch(&find, p->ahead, p->nahead, sizeof *p->ahead,
		    push_ahead_cmp)) != NULL)
			a->row = row;
	}
	return 0;
}

/* The record locked ahead as tbl/key if no lock has taken it yet (it is taken then), or NULL. */
static const struct push_ahead *
push_ahead_take(struct push *p, const char *tbl, const char *key)
{
	struct push_ahead find = { .tbl = tbl, .key = key }, *a;

	if (p->nahead == 0 || (a = bsearch(&find, p->ahead, p->nahead, sizeof *p->ahead,
	    push_ahead_cmp)) == NULL || a->taken)
		return NULL;
	a->taken = 1;
	return a;
}

/*
 * Lock a record's row and read it into *r (the row locked ahead, if it
 * is the first lock of the record); 0 or PUSH_DBFAIL.
 */
static int
push_rec_lock(struct push *p, const char *tbl, const char *key, struct push_rec *r)
{
	const char *params[] = { tbl, key };
	const struct push_ahead *a = push_ahead_take(p, tbl, key);
	PGresult *res;
	int row;

	push_rec_clear(r);
	if (a != NULL) {
		res = p->ahead_res;
		row = a->row;
	} else {
		if ((res = push_run(p, S_REC_LOCK, params)) == NULL)
			return PUSH_DBFAIL;
		row = PQntuples(res) == 1 ? 0 : -1;
	}
	if (row >= 0) {
		const char *fields = PQgetvalue(res, row, 0), *stamps = PQgetvalue(res, row, 1);
		const char *authors = PQgetvalue(res, row, 5), *written = PQgetvalue(res, row, 8);

		r->exists = 1;
		/* Only this file and admin write records, always as objects of strings. */
		if (wire_fields_decode(fields, strlen(fields), &r->fields) != 0 ||
		    wire_fields_decode(stamps, strlen(stamps), &r->stamps) != 0 ||
		    wire_fields_decode(authors, strlen(authors), &r->authors) != 0 ||
		    wire_fields_decode(written, strlen(written), &r->written) != 0) {
			log_error("record %s %s: its stored fields or stamps are not an object of "
			    "strings", tbl, key);
			if (a == NULL)
				PQclear(res);
			push_rec_clear(r);
			return PUSH_DBFAIL;
		}
		r->deleted = strcmp(PQgetvalue(res, row, 2), "t") == 0;
		snprintf(r->replaced_by, sizeof r->replaced_by, "%s", PQgetvalue(res, row, 3));
		snprintf(r->office, sizeof r->office, "%s", PQgetvalue(res, row, 4));
		r->log_xid = strtoull(PQgetvalue(res, row, 6), NULL, 10);
		r->log_pos = strtoll(PQgetvalue(res, row, 7), NULL, 10);
	}
	if (a == NULL)
		PQclear(res);
	push_stamps_expand(r, &r->stamps);
	push_stamps_expand(r, &r->authors);
	push_stamps_expand(r, &r->written);
	return 0;
}

/*
 * Note a record in change_log and write it (a new row when insert, else
 * the existing one) with the place of that note as where its fields just
 * written (PUSH_NOW) stand, in one statement: PUSH_APPLIED, PUSH_AGAIN
 * when a new row's key appeared meanwhile (the savepoint undoes the
 * note), or PUSH_DBFAIL.
 */
static int
push_rec_write(struct push *p, const struct kind *k, const char *key, struct push_rec *r,
    int insert)
{
	const char *nkf = k->natural, *nk = NULL, *office;
	char *fields, *stamps, *authors, *written;
	const char *params[13];
	PGresult *res;
	int rc = PUSH_APPLIED;

	fields = wire_fields_text(&r->fields, 1);
	stamps = push_stamps_compact(r, &r->stamps);
	authors = push_stamps_compact(r, &r->authors);
	written = push_stamps_compact(r, &r->written);
	if (!r->deleted && nkf != NULL)
		nk = fields_get(&r->fields, nkf);
	office = push_office_of(k, &r->fields);
	params[0] = k->name;
	params[1] = key;
	params[2] = fields;
	params[3] = stamps;
	params[4] = r->deleted ? "true" : "false";
	params[5] = r->replaced_by;
	params[6] = nk != NULL ? nk : "";
	params[7] = office != NULL ? office : r->office;
	params[8] = authors;
	params[9] = written;
	params[10] = p->terminal;
	params[11] = p->c != NULL ? p->c->author : "";
	params[12] = PUSH_NOW;
	res = push_run(p, insert ? S_REC_INSERT : S_REC_UPDATE, params);
	free(fields);
	free(stamps);
	free(authors);
	free(written);
	if (res == NULL)
		return PUSH_DBFAIL;
	if (insert && PQntuples(res) == 0)
		rc = PUSH_AGAIN;
	PQclear(res);
	return rc;
}

/* Keep a losing value in the conflict journal (a "conflict" record); 0 or PUSH_DBFAIL. */
static int
push_journal(struct push *p, const char *tbl, const char *id, const char *office,
    const char *field, const char *lost_value, const char *lost_stamp, const char *won_value,
    const char *won_stamp)
{
	struct push_rec j = { 0 };
	unsigned char rnd[10];
	char key[IDENT_LEN + 1];
	int rc;

	randombytes_buf(rnd, sizeof rnd);
	ident_uuid7(pg_now_ms(), rnd, key);
	fields_set(&j.fields, "tbl", tbl);
	fields_set(&j.fields, "id", id);
	fields_set(&j.fields, "field", field);
	fields_set(&j.fields, "lost_value", lost_value);
	fields_set(&j.fields, "lost_stamp", lost_stamp);
	fields_set(&j.fields, "won_value", won_value);
	fields_set(&j.fields, "won_stamp", won_stamp);
	fields_set(&j.fields, "at", p->at);
	snprintf(j.office, sizeof j.office, "%s", office);
	rc = push_rec_write(p, kind_get(KIND_CONFLICT), key, &j, 1);
	push_rec_clear(&j);
	/* A uuid7 key taken already is as likely as a lottery win: say so rather than loop. */
	return rc == PUSH_APPLIED ? 0 : PUSH_DBFAIL;
}

/*
 * Whether two stamps come from the same terminal: a terminal that replaces
 * its own earlier value saw it, so that is an edit, not a conflict.
 */
static int
push_same_writer(const char *a, const char *b)
{
	const char *ta = strchr(a, ':'), *tb = strchr(b, ':');

	return ta != NULL && tb != NULL && strcmp(ta, tb) == 0;
}

/*
 * Whether the clerk saw the value they replace: the change's base (the
 * district's stamp of the field when their terminal last pulled it) is
 * the stamp the field still has, and the terminal has pulled the record
 * as it stands (its last change lies within what the server sent it). A
 * base the terminal cannot have seen (the stamps are in every pull, a
 * forged base copies them) counts as none. A change without a base (an
 * insert, an older client) saw nothing.
 */
static int
push_seen(const struct push *p, const struct push_rec *r, const char *field,
    const char *cur_stamp)
{
	const char *base = fields_get(&p->c->base, field);

	const char *at = fields_get(&r->written, field), *colon;
	unsigned long long xid = r->log_xid;
	long long pos = r->log_pos;

	if (base == NULL || *base == '\0' || strcmp(base, cur_stamp) != 0)
		return 0;
	/* Where the value was written; a record from before that was kept: its last change. */
	if (at != NULL && (colon = strchr(at, ':')) != NULL) {
		xid = strtoull(at, NULL, 10);
		pos = strtoll(colon + 1, NULL, 10);
	}
	return xid < p->pulled_xid || (xid == p->pulled_xid && pos <= p->pulled_pos);
}

/*
 * Apply incoming fields to a live record by the per-field rules: a later
 * stamp takes the field (the value it replaces is journaled if it
 * differed, another terminal wrote it and the clerk had not seen it); an
 * earlier one loses (journaled
 * if it differed); equal values keep the later stamp. *changed tells
 * whether the row must be written.
 */
static int
push_merge(struct push *p, const char *tbl, const char *key, struct push_rec *r,
    const struct fields *in, int *changed)
{
	size_t i;

	for (i = 0; i < in->n; i++) {
		const char *k = in->keys[i], *v = in->values[i];
		const char *cur = fields_get(&r->fields, k), *cur_stamp = fields_get(&r->stamps, k);
		int cmp;

		if (cur_stamp == NULL)
			cur_stamp = "";
		cmp = wire_stamp_cmp(p->stamp, cur_stamp);
		if (cmp > 0) {
			if (cur != NULL && strcmp(cur, v) != 0 && *cur_stamp != '\0' &&
			    !push_same_writer(cur_stamp, p->stamp) && !push_seen(p, r, k, cur_stamp) &&
			    push_journal(p, tbl, key, r->office, k, cur, cur_stamp, v,
			    p->stamp) != 0)
				return PUSH_DBFAIL;
			fields_set(&r->fields, k, v);
			fields_set(&r->stamps, k, p->stamp);
			fields_set(&r->authors, k, p->c->author);
			fields_set(&r->written, k, PUSH_NOW);
			*changed = 1;
		} else if (cmp < 0 && (cur == NULL || strcmp(cur, v) != 0)) {
			if (push_journal(p, tbl, key, r->office, k, v, p->stamp,
			    cur != NULL ? cur : "", cur_stamp) != 0)
				return PUSH_DBFAIL;
		}
		/* cmp == 0: this very change was applied already (a retried merge). */
	}
	return 0;
}

/*
 * Follow the redirects of tombstones from *r (the row of key) to the
 * record that replaced them, locking each; key gets the last one's key.
 */
static int
push_follow(struct push *p, const char *tbl, char key[WIRE_KEY_LEN], struct push_rec *r)
{
	int hops = 0;

	while (r->exists && r->deleted && r->replaced_by[0] != '\0') {
		if (++hops > PUSH_MAX_HOPS)
			return push_park(p, "replaced_by: the chain of merged records loops");
		snprintf(key, WIRE_KEY_LEN, "%s", r->replaced_by);
		if (push_rec_lock(p, tbl, key, r) != 0)
			return PUSH_DBFAIL;
	}
	return PUSH_APPLIED;
}

/* A record's new row from a first change: every field stamped with it. */
static void
push_rec_new(struct push *p, struct push_rec *r, const struct fields *f)
{
	size_t i;

	push_rec_clear(r);
	fields_copy(&r->fields, f);
	for (i = 0; i < f->n; i++) {
		fields_set(&r->stamps, f->keys[i], p->stamp);
		fields_set(&r->authors, f->keys[i], p->c->author);
		fields_set(&r->written, f->keys[i], PUSH_NOW);
	}
}

/* --- Authority: who made a change, and whether they may --- */

/* The office tree for the rules: every office, loaded once a push. 0 or PUSH_DBFAIL. */
static int
push_offices_load(struct push *p)
{
	PGresult *res;
	int i;

	if (p->offices != NULL)
		return 0;
	if ((res = push_run(p, S_OFFICES, NULL)) == NULL)
		return PUSH_DBFAIL;
	p->noffices = (size_t)PQntuples(res);
	p->offices = xcalloc(p->noffices + 1, sizeof *p->offices);
	for (i = 0; i < PQntuples(res); i++) {
		snprintf(p->offices[i].code, sizeof p->offices[i].code, "%s", PQgetvalue(res, i, 0));
		snprintf(p->offices[i].parent, sizeof p->offices[i].parent, "%s",
		    PQgetvalue(res, i, 1));
		snprintf(p->offices[i].level, sizeof p->offices[i].level, "%s",
		    PQgetvalue(res, i, 2));
	}
	PQclear(res);
	return 0;
}

/* The office tree's lookup for core/authority. */
static int
push_office_lookup(void *ctx, const char *code, const char **parent, const char **level)
{
	const struct push *p = ctx;
	size_t i;

	for (i = 0; i < p->noffices; i++)
		if (strcmp(p->offices[i].code, code) == 0) {
			*parent = p->offices[i].parent[0] != '\0' ? p->offices[i].parent : NULL;
			*level = p->offices[i].level;
			return 1;
		}
	return 0;
}

/* The account a change names into p->author (kept for the changes after it); 0 or PUSH_DBFAIL. */
static int
push_author_load(struct push *p, const char *login)
{
	struct push_author *a = &p->author;
	const char *params[] = { login };
	PGresult *res;

	if (a->login[0] != '\0' && strcmp(a->login, login) == 0)
		return 0;
	memset(a, 0, sizeof *a);
	if ((res = push_run(p, S_ACCOUNT_AUTH, params)) == NULL)
		return PUSH_DBFAIL;
	snprintf(a->login, sizeof a->login, "%s", login);
	if (PQntuples(res) == 1) {
		a->known = 1;
		snprintf(a->role, sizeof a->role, "%s", PQgetvalue(res, 0, 0));
		snprintf(a->office, sizeof a->office, "%s", PQgetvalue(res, 0, 1));
		a->has_key = sign_from_hex(PQgetvalue(res, 0, 2), a->key, sizeof a->key) == 0;
		a->disabled_ms = strtoull(PQgetvalue(res, 0, 3), NULL, 10);
		snprintf(a->cert_no, sizeof a->cert_no, "%s", PQgetvalue(res, 0, 4));
		snprintf(a->cert_valid_until, sizeof a->cert_valid_until, "%s",
		    PQgetvalue(res, 0, 5));
		snprintf(a->guidance_grade, sizeof a->guidance_grade, "%s",
		    PQgetvalue(res, 0, 6));
	}
	PQclear(res);
	return 0;
}

/*
 * Whether the change was made by the account it names: an account of the
 * server with a key, not disabled when the change was made (by its own
 * clock: a disabled account's earlier changes stand), whose key signed
 * the change as the terminal sent it. PUSH_APPLIED, PUSH_PARKED with the
 * reason, or PUSH_DBFAIL.
 */
static int
push_verify(struct push *p)
{
	const struct wire_change *c = p->c;
	char *fields, *base;
	struct sign_change sc;
	int rc;

	if (c->author[0] == '\0' || c->sig[0] == '\0')
		return push_park(p, "sig: the change is not signed by an account");
	if (push_author_load(p, c->author) != 0)
		return PUSH_DBFAIL;
	if (!p->author.known)
		return push_park(p, "author: %s is not an account of the district", c->author);
	if (!p->author.has_key)
		return push_park(p, "author: %s has no signing key yet (a new password gives it one)",
		    c->author);
	if (p->author.disabled_ms != 0 && hlc_ms(c->hlc) >= p->author.disabled_ms)
		return push_park(p, "author: %s was disabled before this change was made",
		    c->author);
	fields = wire_fields_text(&c->fields, 1);
	base = wire_fields_text(&c->base, 1);
	sc = (struct sign_change){ p->terminal, c->tbl, c->id, c->op, c->hlc, c->author, fields,
	    base };
	rc = sign_verify(p->author.key, &sc, c->sig);
	free(fields);
	free(base);
	if (rc != 0)
		return push_park(p, "sig: not %s's signature of this change", c->author);
	return PUSH_APPLIED;
}

/*
 * Whether the change's account may do act to a record of record_office
 * (to_office: where a transfer moves it), by core/authority's rules from
 * the account's role and office as the server knows them. PUSH_APPLIED,
 * PUSH_PARKED with the reason, or PUSH_DBFAIL.
 */
static int
push_authorize(struct push *p, enum authority_act act, const char *record_office,
    const char *to_office)
{
	struct authority_offices tree = { push_office_lookup, p };
	struct authority_actor a = { p->author.login, p->author.role, p->author.office };
	char why[WIRE_REASON_LEN];

	if (push_offices_load(p) != 0)
		return PUSH_DBFAIL;
	if (authority_may(&tree, &a, p->k, act, record_office != NULL ? record_office : "",
	    to_office, p->office, why, sizeof why) != 0)
		return push_park(p, "%s", why);
	return PUSH_APPLIED;
}

/*
 * A record of a kind that needs a certificate (a referral) is made only by
 * an account whose 上岗证 was valid on the day the record says it was
 * made; so are the services such a record gives (a "referral" and a
 * "candidates" service event, on the day of the event), so that a
 * referral refused counts no service. PUSH_APPLIED, or PUSH_PARKED with
 * the reason.
 */
static int
push_certified(struct push *p, const struct fields *f)
{
	const struct kind *k = p->k->id == KIND_SERVICE_EVENT ?
	    kind_by_service(fields_str(f, "type")) : p->k;
	char why[WIRE_REASON_LEN], day[11];

	if (k == NULL || !(k->flags & KF_CERTIFIED))
		return PUSH_APPLIED;
	/* A service's stamp ("YYYY-MM-DDTHH:MM:SSZ") names its day. */
	snprintf(day, sizeof day, "%s", fields_str(f, p->k == k ? "registered_on" : "at"));
	if (authority_certified(p->author.login, p->author.cert_no, p->author.cert_valid_until,
	    day, why, sizeof why) != 0)
		return push_park(p, "%s", why);
	return PUSH_APPLIED;
}

/*
 * A counsellor's record (KF_GRADED: a guidance session, an inventory) is
 * made and changed only by an account with a 职业指导人员 grade, as the
 * district knows the account; so is the service such a record gives (a
 * "guidance" service event), so that a session refused counts no service.
 * PUSH_APPLIED, or PUSH_PARKED with the reason.
 */
static int
push_graded(struct push *p, const struct fields *f)
{
	const struct kind *k = p->k->id == KIND_SERVICE_EVENT ?
	    kind_by_service(fields_str(f, "type")) : p->k;
	char why[WIRE_REASON_LEN];

	if (k == NULL || !(k->flags & KF_GRADED))
		return PUSH_APPLIED;
	if (authority_graded(k, p->author.login, p->author.guidance_grade, why,
	    sizeof why) != 0)
		return push_park(p, "%s", why);
	return PUSH_APPLIED;
}

/*
 * The accounts an assistance plan names (its case worker, who does each
 * step) must be accounts of the district, as the terminal checked: a
 * step given to a login nobody has would be due to no one. PUSH_APPLIED,
 * PUSH_PARKED with the reason, or PUSH_DBFAIL.
 */
static int
push_plan_accounts(struct push *p, const struct fields *f)
{
	static const char *const cols[] = { "caseworker", "step_1_who", "step_2_who",
	    "step_3_who", "step_4_who" };
	size_t i;

	if (p->k->id != KIND_ASSISTANCE_PLAN)
		return PUSH_APPLIED;
	for (i = 0; i < sizeof cols / sizeof cols[0]; i++) {
		const char *login = fields_get(f, cols[i]), *params[1];
		PGresult *res;
		int known;

		if (login == NULL || *login == '\0')
			continue;
		params[0] = login;
		if ((res = push_run(p, S_ACCOUNT_AUTH, params)) == NULL)
			return PUSH_DBFAIL;
		known = PQntuples(res) == 1;
		PQclear(res);
		if (!known)
			return push_park(p, "%s: not an account of the district", cols[i]);
	}
	return PUSH_APPLIED;
}

/*
 * The fields the district holds of record tbl:key into out: 1, 0 when it
 * has none (or only a tombstone), or PUSH_DBFAIL.
 */
static int
push_record_fields(struct push *p, const char *tbl, const char *key, struct fields *out)
{
	const char *params[] = { tbl, key };
	PGresult *res;
	int rc = 0;

	if ((res = push_run(p, S_REC_GET, params)) == NULL)
		return PUSH_DBFAIL;
	if (PQntuples(res) == 1 && strcmp(PQgetvalue(res, 0, 1), "f") == 0) {
		const char *text = PQgetvalue(res, 0, 0);

		rc = wire_fields_decode(text, strlen(text), out) == 0 ? 1 : PUSH_DBFAIL;
	}
	PQclear(res);
	return rc;
}

/* Whether a day (YYYY-MM-DD) a record says it was made is the change's, a day either side. */
static int
push_made_on(const struct push *p, const char *day)
{
	char d[11];
	long i;

	for (i = -1; i <= 1; i++) {
		date_format(date_add_days(p->today, i), d);
		if (strcmp(day, d) == 0)
			return 1;
	}
	return 0;
}

/*
 * What a terminal could forge in a new referral, placement check or
 * guidance session, as the district knows it: a referral is new (issued),
 * made by the change's author on the change's day, of a seeker and a
 * vacancy the district has, and of that vacancy's employer; a placement
 * check is made by its author on its day, of a hire the district has; a
 * counsellor's record (KF_GRADED: a guidance session, an inventory) is
 * made by its author on its day, with a seeker the district has; a
 * closing by its author on its day, of a day that has come. PUSH_APPLIED,
 * PUSH_PARKED with the reason, or PUSH_DBFAIL.
 */
static int
push_follow_up_made(struct push *p, const struct fields *f)
{
	struct fields rec = FIELDS_INIT;
	int rc = PUSH_APPLIED, have;

	if (p->k->id == KIND_REFERRAL) {
		if (strcmp(fields_str(f, "status"), kind_initial_status(p->k)) != 0)
			return push_park(p, "status: a new referral awaits its outcome");
		if (strcmp(fields_str(f, "created_by"), p->c->author) != 0)
			return push_park(p, "created_by: a referral is made by the account that signs it");
		if (!push_made_on(p, fields_str(f, "registered_on")))
			return push_park(p, "registered_on: not the day the referral was made");
		if ((have = push_record_fields(p, "seeker", fields_str(f, "seeker_id"), &rec)) != 1) {
			fields_free(&rec);
			return have < 0 ? have : push_park(p, "seeker_id: not a job seeker of the district");
		}
		fields_free(&rec);
		if ((have = push_record_fields(p, "vacancy", fields_str(f, "vacancy_id"), &rec)) != 1)
			rc = have < 0 ? have : push_park(p, "vacancy_id: not a vacancy of the district");
		else if (strcmp(fields_str(&rec, "employer_id"), fields_str(f, "employer_id")) != 0)
			rc = push_park(p, "employer_id: not the vacancy's employer");
	} else if (p->k->flags & KF_GRADED) {
		if (strcmp(fields_str(f, "created_by"), p->c->author) != 0)
			return push_park(p, "created_by: a counsellor's record is made by the account "
			    "that signs it");
		if (!push_made_on(p, fields_str(f, "registered_on")))
			return push_park(p, "registered_on: not the day the record was made");
		if ((have = push_record_fields(p, "seeker", fields_str(f, "seeker_id"), &rec)) != 1)
			rc = have < 0 ? have : push_park(p, "seeker_id: not a job seeker of the "
			    "district");
	} else if (p->k->id == KIND_CASE_CONTACT) {
		if (strcmp(fields_str(f, "created_by"), p->c->author) != 0)
			return push_park(p, "created_by: a contact is recorded by the account that "
			    "signs it");
		if (!push_made_on(p, fields_str(f, "registered_on")))
			return push_park(p, "registered_on: not the day the contact was recorded");
		if (strcmp(fields_str(f, "contacted_on"), fields_str(f, "registered_on")) > 0)
			return push_park(p, "contacted_on: after the day it was recorded");
		if ((have = push_record_fields(p, "seeker", fields_str(f, "seeker_id"), &rec)) != 1)
			rc = have < 0 ? have : push_park(p, "seeker_id: not a job seeker of the "
			    "district");
	} else if (p->k->id == KIND_ASSISTANCE_PLAN) {
		if (strcmp(fields_str(f, "created_by"), p->c->author) != 0)
			return push_park(p, "created_by: a case file is opened by the account that "
			    "signs it");
		if ((have = push_record_fields(p, "seeker", fields_str(f, "seeker_id"), &rec)) != 1)
			rc = have < 0 ? have : push_park(p, "seeker_id: not a job seeker of the "
			    "district");
	} else if (p->k->id == KIND_CLOSING) {
		char today[11];

		date_format(p->today, today);
		if (strcmp(fields_str(f, "created_by"), p->c->author) != 0)
			return push_park(p, "created_by: a day is closed by the account that signs it");
		if (strlen(fields_str(f, "closed_at")) < 10) {
			rc = push_park(p, "closed_at: not a time");
		} else {
			char on[11];

			snprintf(on, sizeof on, "%.10s", fields_str(f, "closed_at"));
			if (!push_made_on(p, on))
				return push_park(p, "closed_at: not the day the closing was made");
		}
		if (rc == PUSH_APPLIED && strcmp(fields_str(f, "day"), today) > 0)
			rc = push_park(p, "day: a day is closed on it or after it, not before");
	} else if (p->k->id == KIND_PLACEMENT_CHECK) {
		if (strcmp(fields_str(f, "clerk"), p->c->author) != 0)
			return push_park(p, "clerk: a check is made by the account that signs it");
		if (!push_made_on(p, fields_str(f, "checked_on")))
			return push_park(p, "checked_on: not the day the check was made");
		if ((have = push_record_fields(p, "referral", fields_str(f, "referral_id"), &rec)) != 1)
			rc = have < 0 ? have : push_park(p, "referral_id: not a referral of the district");
		else if (strcmp(fields_str(&rec, "status"), "hired") != 0)
			rc = push_park(p, "referral_id: only a hire is checked on");
	}
	fields_free(&rec);
	return rc;
}

/*
 * Note an applied change for the district's trail of authors: which
 * record, what was done to which fields, from which terminal, by whom.
 * The push's notes are written together, by push_history_write, so that
 * a change costs no statement of its own for them.
 */
static void
push_history(struct push *p, const char *reason)
{
	const struct wire_change *c = p->c;
	struct buf names = BUF_INIT;
	size_t i;

	/* Field keys are [a-z_0-9]: an array literal needs no quoting. */
	buf_addc(&names, '{');
	for (i = 0; i < c->fields.n; i++)
		buf_addf(&names, "%s%s", i > 0 ? "," : "", c->fields.keys[i]);
	buf_addc(&names, '}');
	buf_addc(&p->history, p->history.len == 0 ? '[' : ',');
	buf_adds(&p->history, "{\"tbl\":");
	wire_json_string(&p->history, c->tbl);
	buf_adds(&p->history, ",\"key\":");
	wire_json_string(&p->history, c->id);
	buf_adds(&p->history, ",\"op\":");
	wire_json_string(&p->history, c->op);
	buf_adds(&p->history, ",\"fields\":");
	wire_json_string(&p->history, buf_str(&names));
	buf_addf(&p->history, ",\"seq\":\"%lld\",\"account\":", (long long)c->seq);
	wire_json_string(&p->history, c->author);
	buf_adds(&p->history, ",\"reason\":");
	wire_json_string(&p->history, reason != NULL ? reason : "");
	buf_addc(&p->history, '}');
	buf_free(&names);
}

/* Write the push's trail (push_history), in the order its changes were applied; 0 or -1. */
static int
push_history_write(struct push *p)
{
	const char *params[2];
	PGresult *res;

	if (p->history.len == 0)
		return 0;
	buf_addc(&p->history, ']');
	params[0] = p->terminal;
	params[1] = buf_str(&p->history);
	res = pg_run(p->pg, S_HISTORY_ADD, params);
	PQclear(res);
	return res != NULL ? 0 : -1;
}


/*
 * Note in p->placement_of the seeker whose placement a merged change may
 * have moved (push_derive_placement): a seeker's status that changed, or
 * a referral's outcome that became or stopped being a hire. was: the
 * status before the merge; r: the record after it.
 */
static void
push_placement_moved(struct push *p, const char *key, const struct push_rec *r,
    const char *was)
{
	const char *now = fields_str(&r->fields, "status");

	if (p->k == kind_get(KIND_SEEKER) && strcmp(was, now) != 0)
		snprintf(p->placement_of, sizeof p->placement_of, "%s", key);
	else if (p->k == kind_get(KIND_REFERRAL) &&
	    (strcmp(was, "hired") == 0) != (strcmp(now, "hired") == 0))
		snprintf(p->placement_of, sizeof p->placement_of, "%s",
		    fields_str(&r->fields, "seeker_id"));
}
/* Insert or update of a record of a kind merged field by field (seeker, employer, vacancy). */
static int
push_apply_fields(struct push *p, struct fields *f)
{
	const struct wire_change *c = p->c;
	const char *nkf = p->k->natural, *nk;
	int insert = strcmp(c->op, "insert") == 0, rc, changed = 0;
	char key[WIRE_KEY_LEN], was[32];
	struct push_rec r = { 0 };
	size_t i;

	rc = validate_change(p->pg->ref, p->k, f, p->today, p->reason, sizeof p->reason);
	if (rc == VALIDATE_BAD)
		return PUSH_PARKED;
	if (rc == VALIDATE_NOREF)
		return PUSH_NOREF;
	/*
	 * Before the record is looked at: answers to an inventory whose
	 * beginning was refused are refused for the grade too, not as unknown.
	 */
	if ((rc = push_graded(p, f)) != PUSH_APPLIED || (rc = push_plan_accounts(p, f)) !=
	    PUSH_APPLIED)
		return rc;
	nk = nkf != NULL ? fields_get(f, nkf) : NULL;
	snprintf(key, sizeof key, "%s", c->id);
	if ((rc = push_rec_lock(p, c->tbl, key, &r)) != 0)
		goto out;
	/*
	 * A new record whose natural key another record holds (the same person
	 * registered twice under different ids): it becomes a tombstone that
	 * points at the holder, written first, and its fields go to the holder.
	 */
	if (!r.exists && insert && nk != NULL && *nk != '\0') {
		const char *params[] = { c->tbl, nk };
		PGresult *res = push_run(p, S_REC_NATURAL, params);

		if (res == NULL) {
			rc = PUSH_DBFAIL;
			goto out;
		}
		if (PQntuples(res) == 1) {
			struct push_rec t = { 0 };
			const char *office = push_office_of(p->k, f);

			t.deleted = 1;
			snprintf(t.replaced_by, sizeof t.replaced_by, "%s", PQgetvalue(res, 0, 0));
			snprintf(t.office, sizeof t.office, "%s", office != NULL ? office : "");
			PQclear(res);
			rc = push_rec_write(p, p->k, key, &t, 1);
			snprintf(key, sizeof key, "%s", t.replaced_by);
			push_rec_clear(&t);
			if (rc != PUSH_APPLIED || (rc = push_rec_lock(p, c->tbl, key, &r)) != 0)
				goto out;
		} else
			PQclear(res);
	}
	if ((rc = push_follow(p, c->tbl, key, &r)) != PUSH_APPLIED)
		goto out;
	if (!r.exists) {
		if (!insert) {
			rc = push_park(p, "unknown record: an update of a record the server does "
			    "not have");
			goto out;
		}
		if ((rc = push_authorize(p, AUTHORITY_CREATE, push_office_of(p->k, f), NULL)) !=
		    PUSH_APPLIED || (rc = push_certified(p, f)) != PUSH_APPLIED ||
		    (rc = push_follow_up_made(p, f)) != PUSH_APPLIED)
			goto out;
		push_rec_new(p, &r, f);
		rc = push_rec_write(p, p->k, key, &r, 1);
		goto out;
	}
	/* Any account of the district edits a record of it; its office moves by a transfer. */
	if ((rc = push_authorize(p, AUTHORITY_EDIT, r.office, NULL)) != PUSH_APPLIED)
		goto out;
	/* What a referral or a session was made of, by whom and when, never changes after. */
	if (p->k->flags & (KF_CERTIFIED | KF_GRADED))
		for (i = 0; i < f->n; i++) {
			const struct kind_column *col = kind_column(p->k, f->keys[i]);

			if (col != NULL && (col->flags & KC_FIXED) &&
			    strcmp(f->values[i], fields_str(&r.fields, f->keys[i])) != 0) {
				rc = push_park(p, "%s: set when the record was made, never changed",
				    f->keys[i]);
				goto out;
			}
		}
	{
		const char *office = push_office_of(p->k, f);

		/*
		 * A registration of a record the district has (the same person
		 * registered at another window) adds its fields to it; the
		 * record stays with its office, the registration's service
		 * names the other one.
		 */
		if (office != NULL && strcmp(office, r.office) != 0 && insert)
			fields_set(f, kind_office(p->k)->name, NULL);
		else if (office != NULL && strcmp(office, r.office) != 0) {
			rc = push_park(p, "office: a record moves to another office by a "
			    "supervisor's transfer only");
			goto out;
		}
	}
	if (r.deleted) {
		/* Deleted without a successor: deletes win, the values are journaled as lost. */
		for (i = 0; i < f->n; i++)
			if (push_journal(p, c->tbl, key, r.office, f->keys[i], f->values[i],
			    p->stamp, "", "") != 0) {
				rc = PUSH_DBFAIL;
				goto out;
			}
		rc = PUSH_APPLIED;
		goto out;
	}
	if (nk != NULL) {
		const char *have = fields_get(&r.fields, nkf);

		if (strcmp(have != NULL ? have : "", nk) != 0) {
			rc = push_park(p, "%s: may not change on a registered record; use a merge",
			    nkf);
			goto out;
		}
	}
	snprintf(was, sizeof was, "%s", fields_str(&r.fields, "status"));
	if ((rc = push_merge(p, c->tbl, key, &r, f, &changed)) != 0)
		goto out;
	rc = changed ? push_rec_write(p, p->k, key, &r, 0) : PUSH_APPLIED;
	/* A new record cannot have moved a placement: no referral names it yet. */
	push_placement_moved(p, key, &r, was);
out:
	push_rec_clear(&r);
	return rc;
}

/* A delete: the record becomes a tombstone, pointing at its survivor if one is named. */
static int
push_apply_delete(struct push *p)
{
	const struct wire_change *c = p->c;
	const char *rb = fields_get(&c->fields, "replaced_by");
	char survivor[WIRE_KEY_LEN] = "";
	struct push_rec r = { 0 }, s = { 0 };
	size_t i;
	int rc;

	for (i = 0; i < c->fields.n; i++)
		if (strcmp(c->fields.keys[i], "replaced_by") != 0)
			return push_park(p, "%s: unknown field of a delete", c->fields.keys[i]);
	if ((rc = push_rec_lock(p, c->tbl, c->id, &r)) != 0)
		goto out;
	if (!r.exists) {
		rc = push_park(p, "unknown record: a delete of a record the server does not have");
		goto out;
	}
	if ((rc = push_authorize(p, AUTHORITY_MERGE, r.office, NULL)) != PUSH_APPLIED)
		goto out;
	if (rb != NULL && *rb != '\0') {
		if (!ident_valid(rb)) {
			rc = push_park(p, "replaced_by: not a record id");
			goto out;
		}
		snprintf(survivor, sizeof survivor, "%s", rb);
		if (strcmp(survivor, c->id) != 0 &&
		    ((rc = push_rec_lock(p, c->tbl, survivor, &s)) != 0 ||
		    (rc = push_follow(p, c->tbl, survivor, &s)) != 0))
			goto out;
		if (strcmp(survivor, c->id) == 0) {
			rc = push_park(p, "replaced_by: a record cannot replace itself");
			goto out;
		}
		if (!s.exists || s.deleted) {
			rc = push_park(p, "replaced_by: the surviving record is unknown or "
			    "deleted");
			goto out;
		}
	}
	if (r.deleted) {
		/* Deletes win and stay; a first successor named later is kept. */
		if (r.replaced_by[0] != '\0' || survivor[0] == '\0') {
			rc = PUSH_APPLIED;
			goto out;
		}
	}
	/* A hire deleted, or a seeker merged into another: its hires count there now. */
	if (p->k == kind_get(KIND_SEEKER) && survivor[0] != '\0')
		snprintf(p->placement_of, sizeof p->placement_of, "%s", survivor);
	else if (p->k == kind_get(KIND_REFERRAL) &&
	    strcmp(fields_str(&r.fields, "status"), "hired") == 0)
		snprintf(p->placement_of, sizeof p->placement_of, "%s",
		    fields_str(&r.fields, "seeker_id"));
	r.deleted = 1;
	snprintf(r.replaced_by, sizeof r.replaced_by, "%s", survivor);
	/* A tombstone keeps no personal data: its survivor holds what it had. */
	fields_free(&r.fields);
	fields_free(&r.stamps);
	fields_free(&r.authors);
	fields_free(&r.written);
	rc = push_rec_write(p, p->k, c->id, &r, 0);
out:
	push_rec_clear(&r);
	push_rec_clear(&s);
	return rc;
}

/* An append-only record (a service event, a placement check): a key that exists already is a no-op. */
static int
push_apply_append(struct push *p, struct fields *f)
{
	struct push_rec r = { 0 };
	int rc;

	if (strcmp(p->c->op, "insert") != 0)
		return push_park(p, "%s: only ever inserted", p->k->name);
	rc = validate_change(p->pg->ref, p->k, f, p->today, p->reason, sizeof p->reason);
	if (rc == VALIDATE_BAD)
		return PUSH_PARKED;
	if (rc == VALIDATE_NOREF)
		return PUSH_NOREF;
	if ((rc = push_graded(p, f)) != PUSH_APPLIED || (rc = push_certified(p, f)) != PUSH_APPLIED ||
	    (rc = push_authorize(p, AUTHORITY_CREATE, push_office_of(p->k, f), NULL)) !=
	    PUSH_APPLIED || (rc = push_follow_up_made(p, f)) != PUSH_APPLIED)
		return rc;
	fields_copy(&r.fields, f);
	rc = push_rec_write(p, p->k, p->c->id, &r, 1);
	push_rec_clear(&r);
	return rc == PUSH_AGAIN ? PUSH_NOOP : rc;
}

/*
 * A transfer: a supervisor moves a record (and its office column) to
 * another office of the district, with a reason from the transfer_reason
 * list, which the trail of authors keeps.
 */
static int
push_apply_transfer(struct push *p)
{
	const struct wire_change *c = p->c;
	const char *to = fields_str(&c->fields, "office"), *reason = fields_str(&c->fields, "reason");
	const struct kind_column *col = kind_office(p->k);
	struct push_rec r = { 0 };
	char key[WIRE_KEY_LEN];
	int rc, known;

	if (col == NULL)
		return push_park(p, "%s: records of this kind belong to no office", c->tbl);
	if (push_savepoint(p) != 0 || pg_ref_refresh(p->pg) != 0)
		return PUSH_DBFAIL;
	if ((known = validate_ref_has(p->pg->ref, "transfer_reason", reason)) <= 0) {
		if (known < 0) {
			push_park(p, "reason: the server has no code list transfer_reason");
			return PUSH_NOREF;
		}
		return push_park(p, "reason: not a code of the transfer_reason list");
	}
	snprintf(key, sizeof key, "%s", c->id);
	if ((rc = push_rec_lock(p, c->tbl, key, &r)) != 0 ||
	    (rc = push_follow(p, c->tbl, key, &r)) != PUSH_APPLIED)
		goto out;
	if (!r.exists || r.deleted) {
		rc = push_park(p, "unknown record: a transfer of a record the server does not have");
		goto out;
	}
	if ((rc = push_authorize(p, AUTHORITY_TRANSFER, r.office, to)) != PUSH_APPLIED)
		goto out;
	fields_set(&r.fields, col->name, to);
	fields_set(&r.stamps, col->name, p->stamp);
	fields_set(&r.authors, col->name, c->author);
	fields_set(&r.written, col->name, PUSH_NOW);
	rc = push_rec_write(p, p->k, key, &r, 0);
	/*
	 * A person moves with all that hangs off them: the terminals whose
	 * scope the person enters pull those records, which changed nowhere.
	 */
	if (rc == PUSH_APPLIED && p->k->id == KIND_SEEKER && pg_relog_person(p->pg, key) != 0)
		rc = PUSH_DBFAIL;
out:
	push_rec_clear(&r);
	return rc;
}

/*
 * A registration's placement follows its hires, whatever order the
 * terminals' changes came in (two windows record outcomes offline; one
 * undoes a hire while another's is on its way): after a change to a
 * referral's outcome or a seeker's status, an open registration with a
 * hire is placed (withdraw_reason referral), and one placed by a referral
 * with no hire left is open again. Written under a stamp just after the
 * newest of the two fields, so that every terminal takes it; the value it
 * replaces goes to the conflict journal. PUSH_APPLIED or PUSH_DBFAIL.
 */
static int
push_derive_placement(struct push *p, const char *seeker_key)
{
	const struct kind *k = kind_get(KIND_SEEKER);
	const struct kind_status *ks;
	const char *want[2][2] = { { "status", NULL }, { "withdraw_reason", NULL } };
	char key[WIRE_KEY_LEN], stamp[WIRE_STAMP_LEN + 1];
	struct push_rec r = { 0 };
	const char *params[2], *status, *newest;
	uint64_t hlc;
	PGresult *res;
	long hires;
	int rc, i;

	snprintf(key, sizeof key, "%s", seeker_key);
	if ((rc = push_rec_lock(p, k->name, key, &r)) != 0)
		goto out;
	/* A seeker the district does not have (yet), or a broken chain: nothing to follow. */
	for (i = 0; r.exists && r.deleted && r.replaced_by[0] != '\0' && i < PUSH_MAX_HOPS; i++) {
		snprintf(key, sizeof key, "%s", r.replaced_by);
		if ((rc = push_rec_lock(p, k->name, key, &r)) != 0)
			goto out;
	}
	if (!r.exists || r.deleted)
		goto out;
	/* A hire of an earlier registration (the person came back) does not close this one. */
	params[0] = key;
	params[1] = fields_str(&r.fields, "registered_on");
	if ((res = push_run(p, S_SEEKER_HIRES, params)) == NULL) {
		rc = PUSH_DBFAIL;
		goto out;
	}
	hires = strtol(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	/* A status never pushed is the one every terminal starts a record with. */
	if ((status = fields_get(&r.fields, "status")) == NULL)
		status = kind_initial_status(k);
	ks = kind_status(k, status);
	if (hires > 0 && ks != NULL && ks->lapses) {
		want[0][1] = KIND_SEEKER_PLACED;
		want[1][1] = KIND_SEEKER_PLACED_REFERRAL;
	} else if (hires == 0 && strcmp(status, KIND_SEEKER_PLACED) == 0 &&
	    strcmp(fields_str(&r.fields, "withdraw_reason"), KIND_SEEKER_PLACED_REFERRAL) == 0) {
		want[0][1] = kind_initial_status(k);
		want[1][1] = "";
	} else
		goto out;
	newest = p->stamp;
	for (i = 0; i < 2; i++) {
		const char *st = fields_get(&r.stamps, want[i][0]);

		if (st != NULL && wire_stamp_cmp(st, newest) > 0)
			newest = st;
	}
	hlc = strtoull(newest, NULL, 16);
	wire_stamp(hlc + 1, p->terminal, stamp);
	for (i = 0; i < 2; i++) {
		const char *f = want[i][0], *cur = fields_str(&r.fields, f);
		const char *cur_stamp = fields_get(&r.stamps, f);

		if (strcmp(cur, want[i][1]) == 0)
			continue;
		if (push_journal(p, k->name, key, r.office, f, cur, cur_stamp != NULL ? cur_stamp : "",
		    want[i][1], stamp) != 0) {
			rc = PUSH_DBFAIL;
			goto out;
		}
		fields_set(&r.fields, f, want[i][1]);
		fields_set(&r.stamps, f, stamp);
		fields_set(&r.authors, f, p->c->author);
		fields_set(&r.written, f, PUSH_NOW);
	}
	rc = push_rec_write(p, k, key, &r, 0);
out:
	push_rec_clear(&r);
	return rc;
}

/*
 * Apply one change by the merge rule of its kind and its op. Terminals
 * change only the kinds marked KF_PUSH; the district's own kinds come from
 * it alone.
 */
static int
push_apply_change(struct push *p)
{
	const struct wire_change *c = p->c;
	struct fields f = FIELDS_INIT;
	int rc;

	if (!ident_valid(c->id))
		return push_park(p, "id: not a record id");
	if (p->k == NULL || !(p->k->flags & KF_PUSH))
		return push_park(p, "%s: not a table a terminal may change", c->tbl);
	/* A terminal's token alone is no clerk: the change carries its author's signature. */
	if ((rc = push_verify(p)) != PUSH_APPLIED)
		return rc;
	fields_copy(&f, &c->fields);
	p->placement_of[0] = '\0';
	switch (p->k->merge) {
	case KIND_MERGE_APPEND:
		rc = push_apply_append(p, &f);
		break;
	case KIND_MERGE_FIELDS:
		if (strcmp(c->op, "insert") == 0 || strcmp(c->op, "update") == 0)
			rc = push_apply_fields(p, &f);
		else if (strcmp(c->op, "delete") == 0)
			rc = push_apply_delete(p);
		else if (strcmp(c->op, "transfer") == 0)
			rc = push_apply_transfer(p);
		else
			rc = push_park(p, "%s: not an operation on %s", c->op, c->tbl);
		break;
	default:
		rc = push_park(p, "%s: not a table a terminal may change", c->tbl);
		break;
	}
	fields_free(&f);
	if (rc == PUSH_APPLIED && p->placement_of[0] != '\0')
		rc = push_derive_placement(p, p->placement_of);
	return rc;
}

/* Add a rejection to the reply. */
static void
push_reject(struct push *p, int64_t seq, const char *tbl, const char *id, const char *reason)
{
	struct wire_rejection *r;

	p->rejected = xreallocarray(p->rejected, p->nrejected + 1, sizeof *p->rejected);
	r = &p->rejected[p->nrejected++];
	memset(r, 0, sizeof *r);
	r->seq = seq;
	snprintf(r->tbl, sizeof r->tbl, "%s", tbl);
	snprintf(r->id, sizeof r->id, "%s", id);
	snprintf(r->reason, sizeof r->reason, "%s", reason);
	validate_trim_utf8(r->reason);
}

/* Keep a refused change in parked, and in the reply; 0 or PUSH_DBFAIL. */
static int
push_park_change(struct push *p)
{
	const struct wire_change *c = p->c;
	char seq[24], hlc[24], *fields = wire_fields_text(&c->fields, 1);
	const char *params[] = { p->terminal, seq, c->tbl, c->id, c->op, fields, hlc, p->reason };
	PGresult *res;

	snprintf(seq, sizeof seq, "%lld", (long long)c->seq);
	snprintf(hlc, sizeof hlc, "%llu", (unsigned long long)c->hlc);
	res = pg_run(p->pg, S_PARK, params);
	free(fields);
	if (res == NULL)
		return PUSH_DBFAIL;
	PQclear(res);
	/*
	 * The terminal keeps the refused values in its row once the change
	 * leaves its outbox: the record goes into the log again, so that its
	 * next pull brings back what the district holds.
	 */
	if (p->k == NULL || p->k->merge != KIND_MERGE_APPEND) {
		const char *lp[] = { c->tbl, c->id };

		if ((res = pg_run(p->pg, S_LOG_IF_EXISTS, lp)) == NULL)
			return PUSH_DBFAIL;
		PQclear(res);
	}
	push_reject(p, c->seq, c->tbl, c->id, p->reason);
	log_info("terminal %s: change %lld to %s %s parked", p->terminal, (long long)c->seq,
	    c->tbl, c->id);
	return 0;
}

/* The day (YYYYMMDD, local time) of a clock value in milliseconds. */
static int
push_day_of(uint64_t ms)
{
	time_t t = (time_t)(ms / 1000u);
	struct tm tm;

	localtime_r(&t, &tm);
	return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

/* Undo what the change wrote (nothing if its savepoint is still due); 0 or PUSH_DBFAIL. */
static int
push_undo_change(struct push *p)
{
	if (p->savepoint_due)
		p->savepoint_due = 0;
	else if (pg_cmd(p->pg, "ROLLBACK TO SAVEPOINT change; RELEASE SAVEPOINT change") != 0)
		return PUSH_DBFAIL;
	else
		p->in_savepoint = 0;
	return 0;
}

/*
 * Apply one new change in a savepoint, parking it when a rule or the
 * database refuses it: 0, PUSH_NOREF, or PUSH_DBFAIL for a failure that
 * ends the whole push (connection lost, deadlock, timeout).
 */
static int
push_apply_one(struct push *p)
{
	int tries, rc, again;

	for (tries = 1;; tries++) {
		p->reason[0] = '\0';
		/* Made with the change's first statement (push_run). */
		p->savepoint_due = 1;
		rc = push_apply_change(p);
		if (rc == PUSH_APPLIED) {
			p->savepoint_due = 0;
			push_history(p, strcmp(p->c->op, "transfer") == 0 ?
			    fields_str(&p->c->fields, "reason") : NULL);
			return 0;
		}
		if (rc == PUSH_NOREF)
			return PUSH_NOREF;
		/* Done already: its note in change_log would send it to every terminal again. */
		if (rc == PUSH_NOOP)
			return push_undo_change(p);
		if (rc == PUSH_DBFAIL && (pg_lost(p->pg) || pg_retryable(p->pg) ||
		    strcmp(p->pg->sqlstate, "57014") == 0))
			return PUSH_DBFAIL;
		/* A key or natural key another push took meanwhile: look again. */
		again = (rc == PUSH_AGAIN || (rc == PUSH_DBFAIL &&
		    strcmp(p->pg->sqlstate, "23505") == 0)) && tries < PUSH_MAX_TRIES;
		if (!again && rc != PUSH_PARKED) {
			log_error("terminal %s: change %lld to %s %s failed: SQLSTATE %s; parked",
			    p->terminal, (long long)p->c->seq, p->c->tbl, p->c->id,
			    p->pg->sqlstate[0] != '\0' ? p->pg->sqlstate : "none");
			push_park(p, "the server could not apply this change (SQLSTATE %s)",
			    p->pg->sqlstate[0] != '\0' ? p->pg->sqlstate : "none");
		}
		if (push_undo_change(p) != 0)
			return PUSH_DBFAIL;
		if (!again)
			return push_park_change(p);
	}
}

/* Repeat the rejections of replayed changes from first to last. */
static int
push_replay_rejections(struct push *p, int64_t first, int64_t last)
{
	char a[24], b[24];
	const char *params[] = { p->terminal, a, b };
	PGresult *res;
	int i;

	snprintf(a, sizeof a, "%lld", (long long)first);
	snprintf(b, sizeof b, "%lld", (long long)last);
	if ((res = pg_run(p->pg, S_PARKED_GET, params)) == NULL)
		return PUSH_DBFAIL;
	for (i = 0; i < PQntuples(res); i++)
		push_reject(p, strtoll(PQgetvalue(res, i, 0), NULL, 10), PQgetvalue(res, i, 1),
		    PQgetvalue(res, i, 2), PQgetvalue(res, i, 3));
	PQclear(res);
	return 0;
}

/* Numbers of each terminal whose changes are kept for the replay check (applied_change). */
#define PUSH_APPLIED_KEPT	100000

/* Add a string and its NUL to a digest. */
static void
push_digest_add(crypto_generichash_state *st, const char *s)
{
	crypto_generichash_update(st, (const unsigned char *)s, strlen(s) + 1);
}

/*
 * A digest of a change as the terminal sent it: table, id, operation,
 * clock and fields in the message's order. A replay is the same outbox
 * entry sent again, so the same digest; another change under its number
 * has another id, clock or fields.
 */
static long long
push_digest(const struct wire_change *c)
{
	crypto_generichash_state st;
	unsigned char out[8];
	char hlc[24];
	long long d;
	size_t i;

	crypto_generichash_init(&st, NULL, 0, sizeof out);
	push_digest_add(&st, c->tbl);
	push_digest_add(&st, c->id);
	push_digest_add(&st, c->op);
	snprintf(hlc, sizeof hlc, "%llu", (unsigned long long)c->hlc);
	push_digest_add(&st, hlc);
	for (i = 0; i < c->fields.n; i++) {
		push_digest_add(&st, c->fields.keys[i]);
		push_digest_add(&st, c->fields.values[i]);
	}
	crypto_generichash_final(&st, out, sizeof out);
	memcpy(&d, out, sizeof d);
	return d;
}

/*
 * Whether the replayed part of a push (its numbers up to last) carries
 * another change than the one applied under a number: a terminal restored
 * from a backup. The digest kept of each applied change decides; for a
 * number older than those kept, the clock: a replay carries the clock it
 * had, never a later one than every change applied from the terminal.
 * *at: the first such change. 1, 0, or PUSH_DBFAIL.
 */
static int
push_replay_diverges(struct push *p, const struct wire_push *in, int64_t last, uint64_t last_hlc,
    size_t *at)
{
	int64_t first = in->changes[0].seq, upto = in->changes[in->n - 1].seq;
	char from[24], to[24];
	const char *params[3] = { p->terminal, from, to };
	long long *digest;
	char *kept;
	size_t i, n;
	PGresult *res;
	int rc = 0;

	if (upto > last)
		upto = last;
	n = (size_t)(upto - first + 1);
	snprintf(from, sizeof from, "%lld", (long long)first);
	snprintf(to, sizeof to, "%lld", (long long)upto);
	if ((res = pg_run(p->pg, S_APPLIED_GET, params)) == NULL)
		return PUSH_DBFAIL;
	digest = xcalloc(n, sizeof *digest);
	kept = xcalloc(n, 1);
	for (i = 0; i < (size_t)PQntuples(res); i++) {
		int64_t seq = strtoll(PQgetvalue(res, (int)i, 0), NULL, 10);

		if (seq >= first && seq <= upto) {
			kept[seq - first] = 1;
			digest[seq - first] = strtoll(PQgetvalue(res, (int)i, 1), NULL, 10);
		}
	}
	PQclear(res);
	/* The numbers of a push are consecutive: change i has number first + i. */
	for (i = 0; i < n; i++) {
		const struct wire_change *c = &in->changes[i];

		if (kept[i] ? digest[i] != push_digest(c) : last_hlc > 0 && c->hlc > last_hlc) {
			*at = i;
			rc = 1;
			break;
		}
	}
	free(digest);
	free(kept);
	return rc;
}

/* Keep the numbers and digests of a push's new changes, and forget the oldest. */
static int
push_applied_keep(struct push *p, const struct wire_push *in, int64_t last)
{
	struct buf seqs = BUF_INIT, digests = BUF_INIT;
	const char *params[3] = { p->terminal, NULL, NULL };
	char prune[24];
	int64_t end = in->changes[in->n - 1].seq;
	PGresult *res;
	size_t i;
	int rc = 0;

	buf_addc(&seqs, '{');
	buf_addc(&digests, '{');
	for (i = 0; i < in->n; i++) {
		if (in->changes[i].seq <= last)
			continue;
		buf_addf(&seqs, "%s%lld", seqs.len > 1 ? "," : "", (long long)in->changes[i].seq);
		buf_addf(&digests, "%s%lld", digests.len > 1 ? "," : "",
		    push_digest(&in->changes[i]));
	}
	buf_addc(&seqs, '}');
	buf_addc(&digests, '}');
	params[1] = buf_str(&seqs);
	params[2] = buf_str(&digests);
	if ((res = pg_run(p->pg, S_APPLIED_ADD, params)) == NULL)
		rc = PUSH_DBFAIL;
	PQclear(res);
	if (rc == 0 && end > PUSH_APPLIED_KEPT) {
		snprintf(prune, sizeof prune, "%lld", (long long)(end - PUSH_APPLIED_KEPT));
		params[1] = prune;
		if ((res = pg_run(p->pg, S_APPLIED_PRUNE, params)) == NULL)
			rc = PUSH_DBFAIL;
		PQclear(res);
	}
	buf_free(&seqs);
	buf_free(&digests);
	return rc;
}

/*
 * Lock the terminal's row and decide whether the push may be applied at
 * all: the terminal is enrolled, the push starts where the server expects
 * or replays what it applied, and writes only the terminal's office or
 * offices under it. *last
 * and *last_hlc: the last number applied and the newest clock among them.
 * PG_OK, a refusal, or PG_INTERNAL when a statement failed. Never rolls
 * back: push_once does.
 */
static enum pg_outcome
push_admit(struct push *p, const struct wire_push *in, int64_t *last, uint64_t *last_hlc,
    struct wire_error *e)
{
	const char *params[] = { p->terminal };
	struct authority_offices tree = { push_office_lookup, p };
	int64_t first = in->changes[0].seq;
	PGresult *res;
	size_t i, at = 0;
	int rc;

	if ((res = pg_run(p->pg, S_TERM_LOCK, params)) == NULL)
		return PG_INTERNAL;
	if (PQntuples(res) != 1 || strcmp(PQgetvalue(res, 0, 2), "t") == 0) {
		int revoked = PQntuples(res) == 1;

		PQclear(res);
		if (revoked)
			return pg_error(e, PG_REVOKED,
			    "this terminal was revoked; enroll it again");
		return pg_error(e, PG_UNAUTHORIZED, "a valid token is needed");
	}
	*last = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	snprintf(p->office, sizeof p->office, "%s", PQgetvalue(res, 0, 1));
	*last_hlc = strtoull(PQgetvalue(res, 0, 3), NULL, 10);
	p->pulled_xid = strtoull(PQgetvalue(res, 0, 4), NULL, 10);
	p->pulled_pos = strtoll(PQgetvalue(res, 0, 5), NULL, 10);
	PQclear(res);
	if (first > *last + 1) {
		pg_error(e, PG_GAP, "the server expects change %lld next", (long long)(*last + 1));
		e->expected = *last + 1;
		return PG_GAP;
	}
	/* A restored terminal's new change taken for a replay would be dropped unseen. */
	if (first <= *last && (rc = push_replay_diverges(p, in, *last, *last_hlc, &at)) != 0) {
		if (rc == PUSH_DBFAIL)
			return PG_INTERNAL;
		log_warn("terminal %s: change %lld is another change than the one applied under "
		    "its number: its database was restored", p->terminal,
		    (long long)in->changes[at].seq);
		pg_error(e, PG_DIVERGED, "change %lld was applied before as another change; "
		    "send the waiting changes again from %lld", (long long)in->changes[at].seq,
		    (long long)(*last + 1));
		e->expected = *last + 1;
		/* The ones before it were waiting in the backup: true replays. */
		e->replayed = in->changes[at].seq - 1;
		return PG_DIVERGED;
	}
	/*
	 * A terminal writes into a record its own office or one under it (a
	 * district centre registering for its streets): check all before
	 * writing any.
	 */
	for (i = 0; i < in->n; i++) {
		const struct wire_change *c = &in->changes[i];
		const char *o = push_office_of(kind_find(c->tbl), &c->fields);

		/* A transfer names the office it moves the record to: the rules decide there. */
		if (c->seq <= *last || o == NULL || strcmp(o, p->office) == 0 ||
		    strcmp(c->op, "transfer") == 0)
			continue;
		if (push_offices_load(p) != 0)
			return PG_INTERNAL;
		if (!authority_within(&tree, o, p->office))
			return pg_error(e, PG_WRONG_OFFICE, "change %lld writes an office outside "
			    "the terminal's (%s)", (long long)c->seq, p->office);
	}
	return PG_OK;
}

/*
 * Apply the push's changes after last (those up to it are replays: their
 * rejections are repeated), then move the terminal's number and the
 * server's clock. PG_OK, PG_NO_REFERENCE, or PG_INTERNAL when a statement
 * failed. Never rolls back: push_once does.
 */
static enum pg_outcome
push_apply_all(struct push *p, const struct wire_push *in, int64_t last,
    struct wire_push_reply *out, struct wire_error *e)
{
	struct pg *pg = p->pg;
	const char *params[3];
	char seqbuf[24], hlcbuf[24];
	int64_t first = in->changes[0].seq, end = in->changes[in->n - 1].seq;
	uint64_t now = pg_now_ms(), clock, seen, newest = 0;
	time_t t = (time_t)(now / 1000u);
	struct tm tm;
	PGresult *res;
	size_t i;
	int ref_ready = 0;

	gmtime_r(&t, &tm);
	strftime(p->at, sizeof p->at, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (first <= last && push_replay_rejections(p, first, end < last ? end : last) != 0)
		return PG_INTERNAL;
	if (push_lock_ahead(p, in, last) != 0)
		return PG_INTERNAL;
	clock = pg_server_hlc(pg);
	if (clock < hlc_pack(now, 0))
		clock = hlc_pack(now, 0);
	seen = clock;
	for (i = 0; i < in->n; i++) {
		const struct wire_change *c = &in->changes[i];
		uint64_t hlc = c->hlc;
		int rc;

		if (c->seq <= last)
			continue;
		if (c->hlc > newest)
			newest = c->hlc;	/* as the terminal stamped it: the replay check's */
		p->c = c;
		p->k = kind_find(c->tbl);
		if (!ref_ready && p->k != NULL && validate_needs_ref(p->k)) {
			if (pg_ref_refresh(pg) != 0)
				return PG_INTERNAL;
			ref_ready = 1;
		}
		/*
		 * Drift guard: a clock far ahead would win every conflict until the
		 * world caught up; such a change takes the server's clock instead.
		 */
		if (hlc_ms(hlc) > now + (uint64_t)pg->max_drift_ms) {
			log_warn("terminal %s: change %lld is stamped %llu s ahead of the server's "
			    "clock; stamped again", p->terminal, (long long)c->seq,
			    (unsigned long long)((hlc_ms(hlc) - now) / 1000u));
			clock = hlc_next(clock, now);
			hlc = clock;
		}
		if (hlc > seen)
			seen = hlc;
		wire_stamp(hlc, p->terminal, p->stamp);
		p->today = push_day_of(hlc_ms(hlc) < now ? hlc_ms(hlc) : now);
		if ((rc = push_apply_one(p)) == PUSH_NOREF) {
			log_error("push refused for now: %s", p->reason);
			return pg_error(e, PG_NO_REFERENCE, "%s; the administrator must load it",
			    p->reason);
		}
		if (rc != 0)
			return PG_INTERNAL;
	}
	out->applied_through = end;
	out->hlc = seen;
	if (end <= last)
		return PG_OK;
	if ((p->in_savepoint && pg_cmd(pg, "RELEASE SAVEPOINT change") != 0) ||
	    push_history_write(p) != 0 || push_applied_keep(p, in, last) != 0)
		return PG_INTERNAL;
	p->in_savepoint = 0;
	snprintf(seqbuf, sizeof seqbuf, "%lld", (long long)end);
	snprintf(hlcbuf, sizeof hlcbuf, "%llu", (unsigned long long)newest);
	params[0] = p->terminal;
	params[1] = seqbuf;
	params[2] = hlcbuf;
	if ((res = pg_run(pg, S_TERM_SEQ, params)) == NULL)
		return PG_INTERNAL;
	PQclear(res);
	/*
	 * The server's clock moves to the latest stamp it took, last of all:
	 * the meta row's lock is held only while this transaction commits, so
	 * concurrent pushes queue on it for no longer than a commit. (An
	 * in-process mutex would not hold across jobdeskd processes and would
	 * need a global.)
	 */
	snprintf(hlcbuf, sizeof hlcbuf, "%llu", (unsigned long long)seen);
	params[0] = hlcbuf;
	if ((res = pg_run(pg, S_HLC_ADVANCE, params)) == NULL)
		return PG_INTERNAL;
	if (PQntuples(res) == 1)
		out->hlc = strtoull(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return PG_OK;
}

/*
 * One try at a push, in one transaction: PG_OK once committed, a refusal,
 * or PG_INTERNAL with pg->sqlstate when a statement failed. Every end but
 * a commit goes through one rollback.
 */
static enum pg_outcome
push_once(struct push *p, const struct wire_push *in, struct wire_push_reply *out,
    struct wire_error *e)
{
	enum pg_outcome rc = PG_INTERNAL;
	uint64_t last_hlc = 0;
	int64_t last = 0;

	if (pg_cmd(p->pg, "BEGIN") != 0)
		goto out;
	if ((rc = push_admit(p, in, &last, &last_hlc, e)) != PG_OK ||
	    (rc = push_apply_all(p, in, last, out, e)) != PG_OK)
		goto out;
	rc = pg_cmd(p->pg, "COMMIT") == 0 ? PG_OK : PG_INTERNAL;
out:
	if (rc != PG_OK)
		pg_rollback(p->pg);
	return rc;
}

/* Apply a push. */
enum pg_outcome
pg_push(struct pg *pg, const struct pg_terminal *t, const struct wire_push *in,
    struct wire_push_reply *out, struct wire_error *e)
{
	struct push p;
	enum pg_outcome rc;
	int tries;

	memset(out, 0, sizeof *out);
	if ((rc = pg_ready(pg, e)) != PG_OK)
		return rc;
	if (strcmp(in->terminal, t->id) != 0)
		return pg_error(e, PG_WRONG_TERMINAL,
		    "the push names another terminal than the token's");
	if (in->n == 0)
		return pg_error(e, PG_BAD_REQUEST, "a push has at least one change");
	for (tries = 1;; tries++) {
		memset(out, 0, sizeof *out);
		memset(&p, 0, sizeof p);
		p.pg = pg;
		p.terminal = t->id;
		rc = push_once(&p, in, out, e);
		free(p.offices);
		p.offices = NULL;
		p.noffices = 0;
		buf_free(&p.history);
		free(p.ahead);
		PQclear(p.ahead_res);
		if (rc != PG_INTERNAL)
			break;
		free(p.rejected);
		p.rejected = NULL;
		p.nrejected = 0;
		if (tries == 1 && pg_revive(pg))
			continue;
		if (!pg_retryable(pg) || tries == PUSH_MAX_ROUNDS)
			return pg_failed(pg, "apply the push", e);
	}
	if (rc != PG_OK) {
		free(p.rejected);
		return rc;
	}
	out->rejected = p.rejected;
	out->nrejected = p.nrejected;
	return PG_OK;
}
