/*
 * A scoped terminal's store: see scope.h. The pull's side is here too
 * (declared in sync-pull-int.h): the identity index's entries as pages
 * bring them, what a change of scope sets off, and the sweep at the end
 * of a round that removes what left the scope.
 *
 * What leaves: a job seeker the district now lists in the identity index
 * (moved to an office outside the scope), with every record that hangs
 * off the person (a kind with a seeker_id that refers to seekers, from
 * core/kind.c); a record that hangs off a person this terminal does not
 * hold (made here for someone fetched, say); a service given to nobody
 * held here by an office outside the scope; a vacancy outside the scope
 * that is no longer open and that no referral here names; the conflict
 * journal's entries about records that left. Never anything a change
 * waiting in the outbox touches, nor the person's own records while one
 * of them waits: they go at the first sweep after the push. A person
 * fetched on demand stays the day it was fetched.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "common/buf.h"
#include "common/i18n.h"
#include "common/log.h"
#include "core/check.h"
#include "core/hlc.h"
#include "core/idnum.h"
#include "core/kind.h"
#include "core/sign.h"
#include "store/account.h"
#include "store/scope.h"
#include "store/sync-pull-int.h"

/* Redirects followed in the identity index. */
#define SCOPE_MAX_HOPS	16

/*
 * The offices of a scope as a CTE "scope" of an SQL text, the scope's
 * office bound to the parameter named :scope.
 */
#define SCOPE_CTE \
	"WITH RECURSIVE scope (code) AS (SELECT :scope UNION " \
	"SELECT o.code FROM office o JOIN scope s ON o.parent = s.code) "

/* Whether a kind's records hang off a person: a seeker_id column that refers to seekers. */
static int
scope_hangs_off(const struct kind *k)
{
	const struct kind_column *c = kind_column(k, "seeker_id");

	return c != NULL && c->refers != NULL && strcmp(c->refers, "seeker") == 0 &&
	    k->merge != KIND_MERGE_DISTRICT;
}

/* This terminal's scope, as the last pulled page gave it. */
int
store_scope(struct store *st, char *out, size_t outlen)
{
	char *v = st_setting_get(st, "scope");

	snprintf(out, outlen, "%s", v != NULL ? v : "");
	free(v);
	return 0;
}

/* What this terminal holds: its scope and the offices under it, or its whole district. */
int
store_scope_view(struct store *st, struct scope_view *v)
{
	/* Up from this terminal's office to the first office of level district. */
	static const char district[] = "WITH RECURSIVE up (code, level, parent, depth) AS ("
	    "SELECT code, level, parent, 0 FROM office WHERE code = (SELECT value FROM setting "
	    "WHERE key = 'terminal_office') UNION ALL SELECT o.code, o.level, o.parent, "
	    "u.depth + 1 FROM office o JOIN up u ON o.code = u.parent "
	    "WHERE u.level <> 'district' AND u.depth < 8) "
	    "SELECT code FROM up WHERE level = 'district' ORDER BY depth LIMIT 1";
	static const char under[] = "WITH RECURSIVE scope (code, depth) AS (SELECT ?, 0 UNION "
	    "SELECT o.code, s.depth + 1 FROM office o JOIN scope s ON o.parent = s.code "
	    "WHERE s.depth < 8) SELECT count(*) - 1 FROM scope";
	sqlite3_stmt *stmt;

	memset(v, 0, sizeof *v);
	if (store_scope(st, v->office, sizeof v->office) != 0)
		return -1;
	if (v->office[0] == '\0') {
		v->whole = 1;
		if (st_first_text(st, district, NULL, v->office, sizeof v->office) != 0)
			v->office[0] = '\0';
	} else {
		stmt = st_prepare(st, under);
		st_bind_text(stmt, 1, v->office);
		if (sqlite3_step(stmt) == SQLITE_ROW)
			v->under = sqlite3_column_int64(stmt, 0);
		sqlite3_finalize(stmt);
	}
	if (v->office[0] != '\0' && office_name(st, v->office, v->office_name,
	    sizeof v->office_name) != 0)
		v->office_name[0] = '\0';
	return 0;
}

/* The identity index's entry of id, a merge's redirect followed: 1, 0 none, -1. */
int
st_scope_elsewhere_id(struct store *st, const char *id, struct scope_elsewhere *where)
{
	/* Looked up for every new seeker (an import's every row): prepared once. */
	static const char sql[] = "SELECT i.office, i.status, i.valid_until, i.deleted, "
	    "coalesce(i.replaced_by, ''), coalesce(o.name, ''), "
	    "EXISTS (SELECT 1 FROM seeker s WHERE s.id = i.id) "
	    "FROM identity_index i LEFT JOIN office o ON o.code = i.office WHERE i.id = ?";
	sqlite3_stmt *stmt = st_cached(st, sql);
	char key[IDENT_LEN + 1];
	int hops, rc = 0, step;

	memset(where, 0, sizeof *where);
	snprintf(key, sizeof key, "%s", id);
	for (hops = 0; hops < SCOPE_MAX_HOPS; hops++) {
		st_bind_text(stmt, 1, key);
		if ((step = sqlite3_step(stmt)) != SQLITE_ROW) {
			rc = step == SQLITE_DONE ? 0 : -1;
			break;
		}
		/* Held here in full (fetched today): the record itself answers. */
		if (sqlite3_column_int(stmt, 6) != 0)
			break;
		if (sqlite3_column_int(stmt, 3) != 0) {
			if (*st_column_text(stmt, 4) == '\0' || !ident_valid(st_column_text(stmt, 4)))
				break;
			snprintf(key, sizeof key, "%s", st_column_text(stmt, 4));
			sqlite3_reset(stmt);
			continue;
		}
		snprintf(where->id, sizeof where->id, "%s", key);
		snprintf(where->office, sizeof where->office, "%s", st_column_text(stmt, 0));
		snprintf(where->office_name, sizeof where->office_name, "%s", st_column_text(stmt, 5));
		snprintf(where->status, sizeof where->status, "%s",
		    kind_effective_status(kind_get(KIND_SEEKER), st_column_text(stmt, 1),
		    st_column_text(stmt, 2), store_today()));
		snprintf(where->valid_until, sizeof where->valid_until, "%s", st_column_text(stmt, 2));
		rc = 1;
		break;
	}
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	return rc;
}

/* A person registered outside the scope, by the id this terminal derives from the number. */
int
store_scope_elsewhere(struct store *st, const char *idnum, struct scope_elsewhere *where)
{
	struct idnum idn;
	char id[IDENT_LEN + 1];

	memset(where, 0, sizeof *where);
	if (idnum_parse(idnum, 99991231, &idn, NULL, 0) != 0)
		return 0;
	store_natural_id(st, kind_get(KIND_SEEKER), idn.number, id);
	return st_scope_elsewhere_id(st, id, where);
}

/* A fetch of one seeker's record, signed by the acting account. */
int
store_fetch_request(struct store *st, const char *seeker_id, struct wire_fetch *out,
    char *err, size_t errlen)
{
	struct sign_change c;

	memset(out, 0, sizeof *out);
	if (!store_actor_signs(st)) {
		snprintf(err, errlen, _("fetching a record needs an account that signs its acts: "
		    "log in with a password (jobdesk sync --user LOGIN from a script)"));
		return -1;
	}
	snprintf(out->id, sizeof out->id, "%s", seeker_id);
	/* Not a change: a stamp of now, which the server checks is near its own clock. */
	out->hlc = hlc_pack(st_wall_ms(), 0);
	snprintf(out->author, sizeof out->author, "%s", store_actor(st));
	c.terminal = store_terminal(st);
	c.tbl = "seeker";
	c.id = out->id;
	c.op = "fetch";
	c.hlc = out->hlc;
	c.author = out->author;
	c.fields = "{}";
	c.base = "{}";
	st_sign(st, &c, out->sig);
	return 0;
}

/* --- The pull's side --- */

/* Mark the sweep due at the end of the round (setting scope_sweep); 0 or -1. */
static int
scope_sweep_due(struct store *st)
{
	return st_setting_set(st, "scope_sweep", "1");
}

/*
 * The stage of a first sync (a bulk load, sync-pull.c): the identity
 * index's entries as pages bring them, appended in arrival order (seq),
 * each page's at the end of the table. Written straight into the index,
 * keyed by record id, the entries of a page land all over its b-tree: a
 * page of 1,000 touched about as many of its pages, each written to the
 * log again at every commit, several times the index's size for a
 * street's first sync. The load's end (pull_identity_fold) folds the
 * stage into the index once, in id order. gone marks a person whose whole
 * record arrived after the entries before it (the entry goes). Until the
 * fold, a person of the stage is not recognised: the index fills at the
 * end of the first sync, as the name index does.
 */
static int
identity_stage_create(struct store *st, const struct kind *k)
{
	struct buf sql = BUF_INIT;
	size_t i;
	int rc;

	buf_adds(&sql, "CREATE TABLE IF NOT EXISTS identity_stage (seq INTEGER PRIMARY KEY, "
	    "id TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, replaced_by TEXT, "
	    "gone INTEGER NOT NULL DEFAULT 0");
	for (i = 0; i < k->ncols; i++)
		buf_addf(&sql, ", \"%s\" TEXT NOT NULL DEFAULT ''", k->cols[i].name);
	buf_adds(&sql, ")");
	rc = st_exec(st, buf_str(&sql));
	buf_free(&sql);
	return rc;
}

/* Whether the stage of a first sync is there: 1, 0, -1. */
static int
identity_stage_exists(struct store *st)
{
	return (int)st_count(st, "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
	    "AND name = 'identity_stage'");
}

/* An entry appended to the stage (gone: the person's whole record came); 0 or -1. */
static int
identity_stage_add(struct pull *p, const struct kind *k, const struct wire_record *rec, int gone)
{
	sqlite3_stmt *stmt = p->identity_stage;
	size_t i;

	if (stmt == NULL) {
		struct buf sql = BUF_INIT, vals = BUF_INIT;

		if (identity_stage_create(p->st, k) != 0)
			return -1;
		buf_adds(&sql, "INSERT INTO identity_stage (id, gone, deleted, replaced_by");
		for (i = 0; i < k->ncols; i++) {
			buf_addf(&sql, ", \"%s\"", k->cols[i].name);
			buf_adds(&vals, ", ?");
		}
		buf_addf(&sql, ") VALUES (?, ?, ?, ?%s)", buf_str(&vals));
		stmt = pull_stmt(p, &p->identity_stage, buf_str(&sql));
		buf_free(&sql);
		buf_free(&vals);
	}
	st_bind_text(stmt, 1, rec->key);
	st_bind_int(stmt, 2, gone);
	st_bind_int(stmt, 3, !gone && rec->deleted != 0);
	st_bind_text(stmt, 4, !gone && *rec->replaced_by != '\0' ? rec->replaced_by : NULL);
	for (i = 0; i < k->ncols; i++) {
		const char *v = gone ? NULL : fields_get(&rec->fields, k->cols[i].name);

		st_bind_text(stmt, (int)i + 5, v != NULL ? v : k->cols[i].dflt);
	}
	return pull_step_done(p, stmt);
}

/*
 * The end of a first sync, inside its transaction: the stage folded into
 * the identity index and dropped. Its entries go in id order (so that the
 * index is written in its own order), each person's in arrival order,
 * the last one staying; then the people whose last word was their whole
 * record (gone after their last entry) leave the index again: few, only
 * people whose record changed during the first sync, looked up through
 * the index. A person this terminal holds in full who is in the index
 * then has left the scope (a whole record that arrives takes its person
 * out of the index): a sweep is due. 0 or -1.
 */
int
pull_identity_fold(struct store *st)
{
	const struct kind *k = kind_get(KIND_IDENTITY);
	struct buf sql = BUF_INIT, cols = BUF_INIT, set = BUF_INIT;
	size_t i;
	long held;
	int rc;

	if ((rc = identity_stage_exists(st)) <= 0)
		return rc;
	for (i = 0; i < k->ncols; i++) {
		buf_addf(&cols, ", \"%s\"", k->cols[i].name);
		buf_addf(&set, ", \"%s\" = excluded.\"%s\"", k->cols[i].name, k->cols[i].name);
	}
	buf_addf(&sql, "INSERT INTO identity_index (id, deleted, replaced_by%s) "
	    "SELECT id, deleted, replaced_by%s FROM identity_stage WHERE gone = 0 ORDER BY id, seq "
	    "ON CONFLICT (id) DO UPDATE SET deleted = excluded.deleted, "
	    "replaced_by = excluded.replaced_by%s", buf_str(&cols), buf_str(&cols), buf_str(&set));
	rc = st_exec(st, buf_str(&sql));
	buf_free(&sql);
	buf_free(&cols);
	buf_free(&set);
	if (rc != 0 || st_exec(st, "DELETE FROM identity_index WHERE id IN (SELECT g.id "
	    "FROM identity_stage g WHERE g.gone = 1 AND EXISTS (SELECT 1 FROM identity_index i "
	    "WHERE i.id = g.id) AND g.seq > (SELECT max(e.seq) FROM identity_stage e "
	    "WHERE e.id = g.id AND e.gone = 0))") != 0)
		return -1;
	held = st_count(st, "SELECT EXISTS (SELECT 1 FROM seeker k "
	    "WHERE EXISTS (SELECT 1 FROM identity_index i WHERE i.id = k.id))");
	if (held < 0 || (held > 0 && scope_sweep_due(st) != 0) ||
	    st_exec(st, "DROP TABLE identity_stage") != 0)
		return -1;
	return 0;
}

/*
 * An entry of the identity index: stored (its columns from the kind
 * table), and when this terminal holds the person's whole record, the
 * person has left the scope: the sweep at the round's end removes it.
 * In a first sync, staged (identity_stage_create says why).
 */
int
pull_identity(struct pull *p, const struct kind *k, const struct wire_record *rec)
{
	sqlite3_stmt *stmt = p->identity_put;
	size_t i;
	int held;

	if (!ident_valid(rec->key) || (*rec->replaced_by != '\0' && !ident_valid(rec->replaced_by))) {
		p->skipped++;
		return 0;
	}
	if (p->bulk) {
		if (identity_stage_add(p, k, rec, 0) != 0)
			return pull_dberr(p, k->name, rec->key);
		p->applied++;
		return 0;
	}
	if (stmt == NULL) {
		struct buf sql = BUF_INIT, vals = BUF_INIT;

		buf_adds(&sql, "INSERT INTO identity_index (id, deleted, replaced_by");
		for (i = 0; i < k->ncols; i++) {
			buf_addf(&sql, ", \"%s\"", k->cols[i].name);
			buf_adds(&vals, ", ?");
		}
		buf_addf(&sql, ") VALUES (?, ?, ?%s) ON CONFLICT (id) DO UPDATE SET "
		    "deleted = excluded.deleted, replaced_by = excluded.replaced_by", buf_str(&vals));
		for (i = 0; i < k->ncols; i++)
			buf_addf(&sql, ", \"%s\" = excluded.\"%s\"", k->cols[i].name, k->cols[i].name);
		stmt = pull_stmt(p, &p->identity_put, buf_str(&sql));
		buf_free(&sql);
		buf_free(&vals);
	}
	st_bind_text(stmt, 1, rec->key);
	st_bind_int(stmt, 2, rec->deleted != 0);
	st_bind_text(stmt, 3, *rec->replaced_by != '\0' ? rec->replaced_by : NULL);
	for (i = 0; i < k->ncols; i++) {
		const char *v = fields_get(&rec->fields, k->cols[i].name);

		st_bind_text(stmt, (int)i + 4, v != NULL ? v : k->cols[i].dflt);
	}
	if (pull_step_done(p, stmt) != 0)
		return pull_dberr(p, k->name, rec->key);
	if ((held = pull_exists(p, kind_get(KIND_SEEKER), rec->key)) < 0)
		return pull_dberr(p, k->name, rec->key);
	if (held && scope_sweep_due(p->st) != 0)
		return pull_dberr(p, k->name, rec->key);
	p->applied++;
	return 0;
}

/*
 * A job seeker's whole record arrived: the person is in the scope, the
 * index entry goes. A tombstone (a merge into a record that may be
 * outside the scope) has the sweep look at what hung off it.
 */
int
pull_scope_seeker(struct pull *p, const char *key, int deleted)
{
	sqlite3_stmt *stmt;

	if (!p->scoped)
		return 0;
	if (deleted && scope_sweep_due(p->st) != 0)
		return -1;
	stmt = pull_stmt(p, &p->identity_drop, "DELETE FROM identity_index WHERE id = ?");
	st_bind_text(stmt, 1, key);
	if (pull_step_done(p, stmt) != 0)
		return -1;
	/* Entries staged before it are the past: the person's last word is this record. */
	if (p->bulk) {
		struct wire_record gone;

		memset(&gone, 0, sizeof gone);
		snprintf(gone.key, sizeof gone.key, "%s", key);
		return identity_stage_add(p, kind_get(KIND_IDENTITY), &gone, 1);
	}
	return 0;
}

/* Run a statement of the sweep with :scope and :today bound; 0 or -1. */
static int
scope_run(struct store *st, const char *sql, const char *scope, const char *today)
{
	sqlite3_stmt *stmt = st_prepare(st, sql);
	int i;

	if ((i = sqlite3_bind_parameter_index(stmt, ":scope")) > 0)
		st_bind_text(stmt, i, scope);
	if ((i = sqlite3_bind_parameter_index(stmt, ":today")) > 0)
		st_bind_text(stmt, i, today);
	return st_step_done(st, stmt);
}

/* The same for a count; the count, or -1. */
static long
scope_count(struct store *st, const char *sql, const char *scope, const char *today)
{
	sqlite3_stmt *stmt = st_prepare(st, sql);
	long n = -1;
	int i;

	if ((i = sqlite3_bind_parameter_index(stmt, ":scope")) > 0)
		st_bind_text(stmt, i, scope);
	if ((i = sqlite3_bind_parameter_index(stmt, ":today")) > 0)
		st_bind_text(stmt, i, today);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return n;
}

/* " AND NOT EXISTS (a change of tbl's row <alias>.id waits)" into b. */
static void
scope_not_pending(struct buf *b, const char *tbl, const char *alias)
{
	buf_addf(b, " AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.tbl = '%s' "
	    "AND o.row_id = %s.id)", tbl, alias);
}

/*
 * Where a record of kind k (alias x) that hangs off a person is out of
 * the scope here: its person is not held; a service given also by an
 * office outside the scope (the office's own services stay).
 */
static void
scope_orphan_where(struct buf *b, const struct kind *k)
{
	/* A person merged away counts as held when the record they became is. */
	buf_adds(b, "NOT EXISTS (SELECT 1 FROM seeker s WHERE s.id = x.seeker_id AND "
	    "(s.deleted = 0 OR EXISTS (SELECT 1 FROM seeker v WHERE v.id = s.replaced_by "
	    "AND v.deleted = 0)))");
	if (kind_office(k) != NULL && k->id == KIND_SERVICE_EVENT)
		buf_addf(b, " AND x.\"%s\" NOT IN (SELECT code FROM scope)", kind_office(k)->name);
}

/*
 * The people who left the scope (an entry in the identity index, not
 * fetched today, nothing of theirs waiting) with their records, then the
 * records that hang off no one held here. 1 when something out of the
 * scope had to stay (it waits to be pushed, or was fetched today), 0 when
 * nothing did, -1.
 */
static int
scope_sweep_people(struct store *st, const char *scope, const char *today)
{
	struct buf sql = BUF_INIT;
	size_t i;
	long left = 0, n;
	int rc = -1;

	if (st_exec(st, "CREATE TEMP TABLE IF NOT EXISTS scope_gone (id TEXT PRIMARY KEY)") != 0 ||
	    st_exec(st, "DELETE FROM temp.scope_gone") != 0)
		goto out;
	buf_adds(&sql, "INSERT INTO temp.scope_gone SELECT s.id FROM seeker s JOIN identity_index i "
	    "ON i.id = s.id WHERE i.fetched_on <> :today");
	scope_not_pending(&sql, "seeker", "s");
	for (i = 0; i < KIND_COUNT; i++) {
		const struct kind *k = kind_get((enum kind_id)i);

		if (!scope_hangs_off(k))
			continue;
		buf_addf(&sql, " AND NOT EXISTS (SELECT 1 FROM outbox o JOIN \"%s\" d ON d.id = "
		    "o.row_id WHERE o.tbl = '%s' AND d.seeker_id = s.id)", k->name, k->name);
	}
	if (scope_run(st, buf_str(&sql), scope, today) != 0)
		goto out;
	/* The name index first: its rows are found by the seeker's rowid. */
	if (st_exec(st, "DELETE FROM seeker_name_gram WHERE rid IN (SELECT rid FROM seeker "
	    "WHERE id IN (SELECT id FROM temp.scope_gone))") != 0)
		goto out;
	/* What hangs off them goes below, with what hangs off no one held here. */
	if (st_exec(st, "DELETE FROM conflict WHERE tbl = 'seeker' AND row_id IN "
	    "(SELECT id FROM temp.scope_gone)") != 0 ||
	    st_exec(st, "DELETE FROM seeker WHERE id IN (SELECT id FROM temp.scope_gone)") != 0)
		goto out;
	n = st_count(st, "SELECT count(*) FROM temp.scope_gone");
	if (n > 0)
		log_info("sync: %ld job seeker(s) left this terminal's scope and were removed", n);
	/* What hangs off no one held here. */
	for (i = 0; i < KIND_COUNT; i++) {
		const struct kind *k = kind_get((enum kind_id)i);

		if (!scope_hangs_off(k))
			continue;
		buf_reset(&sql);
		buf_addf(&sql, SCOPE_CTE "DELETE FROM \"%s\" AS x WHERE ", k->name);
		scope_orphan_where(&sql, k);
		scope_not_pending(&sql, k->name, "x");
		if (scope_run(st, buf_str(&sql), scope, today) != 0)
			goto out;
		if (k->merge == KIND_MERGE_FIELDS) {
			buf_reset(&sql);
			buf_addf(&sql, "DELETE FROM conflict WHERE tbl = '%s' AND NOT EXISTS "
			    "(SELECT 1 FROM \"%s\" d WHERE d.id = conflict.row_id)", k->name, k->name);
			if (st_exec(st, buf_str(&sql)) != 0)
				goto out;
		}
		buf_reset(&sql);
		buf_addf(&sql, SCOPE_CTE "SELECT count(*) FROM \"%s\" AS x WHERE ", k->name);
		scope_orphan_where(&sql, k);
		if ((n = scope_count(st, buf_str(&sql), scope, today)) < 0)
			goto out;
		left += n;
	}
	/* A record waiting for a person who is not coming. */
	if (st_exec(st, "DELETE FROM sync_waiting WHERE needs_tbl = 'seeker' AND needs_key IN "
	    "(SELECT id FROM identity_index)") != 0)
		goto out;
	if ((n = st_count(st, "SELECT count(*) FROM seeker s JOIN identity_index i ON i.id = s.id")) < 0)
		goto out;
	left += n;
	rc = left > 0;
out:
	buf_free(&sql);
	return rc;
}

/*
 * Vacancies outside the scope that are no longer open (and valid), that
 * no referral here names and no waiting change touches; all of them
 * outside the scope, open or not, when all is true (a pull from the
 * beginning brings the open ones back). 0 or -1.
 */
static int
scope_sweep_vacancies(struct store *st, const char *scope, const char *today, int all)
{
	struct buf sql = BUF_INIT;
	int rc;

	buf_addf(&sql, SCOPE_CTE "DELETE FROM vacancy AS x WHERE x.office NOT IN "
	    "(SELECT code FROM scope)%s AND NOT EXISTS (SELECT 1 FROM referral r "
	    "WHERE r.vacancy_id = x.id%s)", all ? "" : " AND NOT (x.status = 'open' AND "
	    "x.valid_until >= :today AND x.deleted = 0)", all ? " AND EXISTS (SELECT 1 FROM "
	    "outbox o WHERE o.tbl = 'referral' AND o.row_id = r.id)" : "");
	scope_not_pending(&sql, "vacancy", "x");
	rc = scope_run(st, buf_str(&sql), scope, today) != 0 ||
	    st_exec(st, "DELETE FROM conflict WHERE tbl = 'vacancy' AND NOT EXISTS "
	    "(SELECT 1 FROM vacancy v WHERE v.id = conflict.row_id)") != 0 ? -1 : 0;
	buf_free(&sql);
	return rc;
}

/*
 * Before a page is applied: the scope it was built for. A new scope is
 * kept (setting scope); a terminal of the whole district again forgets
 * the identity index (every person comes in full); a scoped terminal
 * that pulls from the beginning (a new scope, a restored server) lets go
 * of the vacancies outside the scope that it may hold stale, and sweeps
 * at the round's end. 0 or -1.
 */
int
pull_scope_begin(struct pull *p, const struct wire_pull_reply *reply)
{
	char today[11], *v = st_setting_get(p->st, "scope");
	int changed = strcmp(v != NULL ? v : "", reply->scope) != 0;

	free(v);
	snprintf(p->scope, sizeof p->scope, "%s", reply->scope);
	p->scoped = p->scope[0] != '\0';
	if (changed) {
		log_info("sync: this terminal's scope is now %s", p->scoped ? p->scope :
		    "the whole district");
		if (st_setting_set(p->st, "scope", p->scope) != 0 ||
		    (!p->scoped && (st_exec(p->st, "DELETE FROM identity_index") != 0 ||
		    st_exec(p->st, "DROP TABLE IF EXISTS identity_stage") != 0 ||
		    st_exec(p->st, "DELETE FROM setting WHERE key = 'scope_sweep'") != 0)))
			return -1;
	}
	if (p->scoped && (reply->reset || changed)) {
		date_format(store_today(), today);
		if (scope_sweep_vacancies(p->st, p->scope, today, 1) != 0 ||
		    scope_sweep_due(p->st) != 0)
			return -1;
	}
	return 0;
}

/*
 * After the last page of a round, on a scoped terminal: the vacancies
 * that closed outside the scope go, and the people who left it when a
 * sweep is due (kept due while anything out of the scope had to stay). 0
 * or -1.
 */
int
pull_scope_end(struct pull *p, int last)
{
	char today[11], *due;
	int rc;

	if (!p->scoped || !last)
		return 0;
	date_format(store_today(), today);
	if (scope_sweep_vacancies(p->st, p->scope, today, 0) != 0)
		return -1;
	if ((due = st_setting_get(p->st, "scope_sweep")) == NULL)
		return 0;
	free(due);
	if ((rc = scope_sweep_people(p->st, p->scope, today)) < 0)
		return -1;
	if (rc == 0 && st_exec(p->st, "DELETE FROM setting WHERE key = 'scope_sweep'") != 0)
		return -1;
	return 0;
}

/*
 * After a fetch is applied: the person's entry in the identity index as
 * the fetched record has it, marked fetched today, and a sweep due (the
 * record goes once the day is over). 0 or -1.
 */
int
st_scope_fetched(struct store *st, const char *id)
{
	sqlite3_stmt *stmt = st_prepare(st, "INSERT INTO identity_index (id, office, status, "
	    "valid_until, fetched_on) SELECT id, office, status, valid_until, ? FROM seeker "
	    "WHERE id = ? ON CONFLICT (id) DO UPDATE SET office = excluded.office, "
	    "status = excluded.status, valid_until = excluded.valid_until, deleted = 0, "
	    "replaced_by = NULL, fetched_on = excluded.fetched_on");
	char today[11];

	date_format(store_today(), today);
	st_bind_text(stmt, 1, today);
	st_bind_text(stmt, 2, id);
	if (st_step_done(st, stmt) != 0)
		return -1;
	return scope_sweep_due(st);
}
