/*
 * The PostgreSQL connection of one worker: connecting and re-connecting,
 * the prepared statements, the migrations, and the helpers the operations
 * share. SQL text lives in the table below and takes every value as a
 * bound parameter.
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
#include "core/kind.h"
#include "core/sign.h"
#include "server/pg-int.h"
#include "server/validate.h"
#include "wire/bundle.h"

/* Taken by pg_migrate so that two servers starting at once migrate one after the other. */
#define PG_MIGRATE_LOCK	"7598413"

/* An account or time as the client's tables hold it. */
#define PG_UTC(col)	"to_char(" col " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
#define PG_LOCAL(col)	"to_char(" col ", 'YYYY-MM-DD HH24:MI')"
/*
 * The offices of the district of the office in parameter p, as the CTE
 * "district" (for a WITH RECURSIVE): up from the office to the first of
 * level district, then every office under that one.
 */
#define PG_DISTRICT(p) \
	"up (code, parent, level) AS (SELECT code, parent, level FROM office WHERE code = " p \
	" UNION ALL SELECT o.code, o.parent, o.level FROM office o JOIN up u ON o.code = u.parent " \
	"WHERE u.level <> 'district'), " \
	"district (code) AS (SELECT code FROM up WHERE level = 'district' UNION " \
	"SELECT o.code FROM office o JOIN district d ON o.parent = d.code) "
/*
 * A record's note in change_log ($1, $2): its older row goes (PG_RELOG_GONE),
 * a new one comes with this transaction's xid; PG_RELOG_NOTE names the
 * terminal ($11) and account ($12) of a pushed change and gives its place
 * as "note" (at: "xid:pos"), which PG_RELOG_WRITTEN puts in the written
 * object $10 wherever it holds $13. A job seeker's note carries the copy
 * a scoped pull sends of the person (server migration 0012): the office
 * ($8), deleted ($5), replaced_by ($6) and identity values of the fields
 * ($3) being written.
 */
#define PG_RELOG_GONE \
	"gone AS (DELETE FROM change_log WHERE tbl = $1 AND key = $2) "
#define PG_RELOG_NOTE \
	", note AS (INSERT INTO change_log (tbl, key, terminal, account, ident_office, " \
	"ident_deleted, ident_replaced_by, ident_values) " \
	"VALUES ($1, $2, NULLIF($11, '')::uuid, NULLIF($12, ''), " \
	"CASE WHEN $1 = 'seeker' THEN NULLIF($8, '') END, " \
	"CASE WHEN $1 = 'seeker' THEN $5::boolean END, " \
	"CASE WHEN $1 = 'seeker' THEN NULLIF($6, '') END, " \
	"CASE WHEN $1 = 'seeker' THEN " PG_PUSHED_IDENTITY_VALUES " END) " \
	"RETURNING xid::text || ':' || pos::text AS at) "
#define PG_RELOG_WRITTEN \
	"(SELECT coalesce(jsonb_object_agg(w.k, CASE WHEN w.v #>> '{}' = $13 " \
	"THEN to_jsonb(note.at) ELSE w.v END), '{}') FROM jsonb_each($10::jsonb) AS w (k, v))"
/*
 * A record as a push locks it (S_REC_LOCK, S_REC_LOCK_ALL): fields,
 * stamps, deleted, replaced_by, office, authors, where change_log has its
 * last change (xid, pos), written; from record r.
 */
#define PG_REC_LOCKED \
	"r.fields::text, r.stamps::text, r.deleted, coalesce(r.replaced_by, ''), " \
	"coalesce(r.office, ''), r.authors::text, coalesce(c.xid::text, '0'), " \
	"coalesce(c.pos, 0), r.written::text"
#define PG_REC_LOCKED_FROM \
	" FROM record r LEFT JOIN change_log c ON c.tbl = r.tbl AND c.key = r.key "
/*
 * The district's walls on a pull (change_log c, record r): the reference
 * data goes to every terminal, accounts and records of the district's
 * offices only to its terminals.
 */
#define PG_WALLS \
	"(c.tbl IN ('office', 'code', 'code_list', 'form') " \
	"OR (c.tbl = 'account' AND EXISTS (SELECT 1 FROM account a WHERE a.login = c.key)) " \
	"OR r.office IN (SELECT code FROM district))"
/*
 * A scoped terminal's scope, as the CTE "scope" (for a WITH RECURSIVE): the
 * office in parameter p and every office under it.
 */
#define PG_SCOPE(p) \
	"scope (code) AS (SELECT code FROM office WHERE code = " p " UNION " \
	"SELECT o.code FROM office o JOIN scope s ON o.parent = s.code) "
/*
 * The office of a record's seeker, for the records that hang off a person:
 * a subquery asked only of those rows (as a join, the planner hashed every
 * seeker for a first page).
 */
#define PG_SEEKER_OFFICE \
	"(SELECT sk.office FROM record sk WHERE sk.tbl = 'seeker' " \
	"AND sk.key = r.fields->>'seeker_id')"
/*
 * What a scoped terminal is sent of the district (jobdeskd(8), "Scoped
 * terminals"), change_log c and record r: a record that
 * hangs off a person (it names a seeker) when the person's office is in
 * the scope, and a service given by an office of the scope besides; a
 * vacancy when it is open and valid, of the scope, named by a referral of
 * the scope, or changed since the terminal's fill began (the xid in
 * parameter fill: before it, the terminal held none it is not sent; from
 * it on, a vacancy that closes comes down closed); a service given to no
 * person and a conflict journal entry when their office is in the scope;
 * everything else (job seekers, in full or as identity index entries;
 * employers, accounts, offices, codes, forms) always.
 */
#define PG_SCOPE_WALLS(fill) \
	"(CASE WHEN coalesce(r.fields->>'seeker_id', '') <> '' THEN " \
	PG_SEEKER_OFFICE " IN (SELECT code FROM scope) OR (c.tbl = 'service_event' " \
	"AND r.office IN (SELECT code FROM scope)) " \
	"WHEN c.tbl = 'vacancy' THEN c.xid >= " fill "::xid8 OR r.office IN (SELECT code FROM scope) " \
	"OR (r.fields->>'status' = 'open' AND " \
	"r.fields->>'valid_until' >= to_char(current_date, 'YYYY-MM-DD')) " \
	"OR EXISTS (SELECT 1 FROM record rf JOIN record rs ON rs.tbl = 'seeker' " \
	"AND rs.key = rf.fields->>'seeker_id' WHERE rf.tbl = 'referral' " \
	"AND rf.fields->>'vacancy_id' = c.key AND rs.office IN (SELECT code FROM scope)) " \
	"WHEN c.tbl IN ('service_event', 'conflict') THEN r.office IN (SELECT code FROM scope) " \
	"ELSE true END)"
/*
 * A page's record as it goes out (change_log c, record r): accounts and
 * offices from their own tables, with the lineage CTE of the terminal's
 * office for the accounts (S_PULL says why), everything else as stored.
 */
#define PG_PULL_FIELDS \
	"CASE c.tbl " \
	"WHEN 'account' THEN (SELECT CASE WHEN a.office IN (SELECT code FROM lineage) " \
	"THEN json_build_object('name', a.name, 'office', a.office, " \
	"'role', a.role, 'pwhash', a.pwhash, 'disabled', CASE WHEN a.disabled THEN '1' " \
	"ELSE '0' END, 'cert_no', a.cert_no, 'cert_valid_until', a.cert_valid_until, " \
	"'guidance_grade', a.guidance_grade, 'public_key', a.public_key, " \
	"'sealed_key', a.sealed_key, 'updated_at', " PG_UTC("a.updated_at") ") " \
	"ELSE json_build_object('name', a.name, 'office', a.office, 'role', a.role, " \
	"'disabled', '1', 'updated_at', " PG_UTC("a.updated_at") ") END::text " \
	"FROM account a WHERE a.login = c.key) " \
	"WHEN 'office' THEN (SELECT json_build_object('name', o.name, 'level', o.level, " \
	"'parent', coalesce(o.parent, ''))::text FROM office o WHERE o.code = c.key) " \
	"ELSE r.fields::text END"
/*
 * Where a statement takes the fields of an identity index entry, a job
 * seeker's record r as that kind's columns (core/kind.c) hold them: the
 * text pg_identity_fields writes in its place when the statements are
 * prepared. Built per column, not by a subquery over a list of them: the
 * subquery took a quarter of a scoped page's time.
 */
#define PG_IDENTITY_FIELDS	"@identity_fields@"
/*
 * The same columns as a compact entry has them (wire.h, WIRE_PAGE_HEADER):
 * a JSON array of their values in the kind's order, null for a column the
 * record lacks ('["110105-02","registered",null]'); concatenated, since
 * building JSON took more of a page's time than the values themselves.
 */
#define PG_IDENTITY_VALUES	"@identity_values@"
/* The same of the fields a push writes ($3), for the copy in its note. */
#define PG_PUSHED_IDENTITY_VALUES	"@identity_values_pushed@"
/* The lineage CTE of the office in parameter p: itself and the offices above it. */
#define PG_LINEAGE(p) \
	"lineage (code) AS (SELECT " p "::text UNION " \
	"SELECT o.parent FROM office o JOIN lineage l ON o.code = l.code " \
	"WHERE o.parent IS NOT NULL), "

static const struct {
	const char	*sql;
	int		 nparams;
} pg_stmts[PG_NSTMT] = {
	[S_META_GET] = { "SELECT value FROM meta WHERE key = $1", 1 },
	[S_META_SET] = { "INSERT INTO meta (key, value) VALUES ($1, $2) "
	    "ON CONFLICT (key) DO UPDATE SET value = excluded.value", 2 },
	[S_HLC_ADVANCE] = { "UPDATE meta SET value = greatest(value::numeric, $1::numeric)::text "
	    "WHERE key = 'hlc' RETURNING value", 1 },
	[S_LOG] = { "WITH " PG_RELOG_GONE "INSERT INTO change_log (tbl, key) VALUES ($1, $2)", 2 },
	[S_LOG_IF_EXISTS] = { "WITH r AS (SELECT 1 FROM record WHERE tbl = $1 AND key = $2), "
	    "gone AS (DELETE FROM change_log WHERE tbl = $1 AND key = $2 AND EXISTS (SELECT 1 FROM r)) "
	    "INSERT INTO change_log (tbl, key) SELECT $1, $2 WHERE EXISTS (SELECT 1 FROM r)", 2 },
	[S_AUTH] = { "SELECT id::text, office, revoked_at IS NOT NULL, "
	    "last_seen IS NULL OR last_seen < now() - interval '1 minute', "
	    "coalesce(scope, ''), scope_gen "
	    "FROM terminal WHERE token_hash = decode($1, 'hex')", 1 },
	/*
	 * A terminal's visit; when the day of its last sync changes, its
	 * record of table "terminal" too (office, number, that day), which
	 * the terminals of the district pull: a supervisor's list names the
	 * office's terminals that have not synced for days. Once a day at
	 * most, so change_log does not fill with visits.
	 */
	[S_SEEN] = { "WITH t AS (UPDATE terminal SET last_seen = now() WHERE id = $1::uuid "
	    "RETURNING id, office, number, last_seen), "
	    "r AS (INSERT INTO record (tbl, key, fields, office) SELECT 'terminal', id::text, "
	    "jsonb_build_object('office', office, 'number', number::text, 'last_sync', "
	    "to_char(last_seen, 'YYYY-MM-DD')), office FROM t "
	    "ON CONFLICT (tbl, key) DO UPDATE SET fields = excluded.fields, office = excluded.office, "
	    "deleted = false WHERE record.fields IS DISTINCT FROM excluded.fields OR record.deleted "
	    "RETURNING tbl, key), "
	    "gone AS (DELETE FROM change_log c USING r WHERE c.tbl = r.tbl AND c.key = r.key) "
	    "INSERT INTO change_log (tbl, key) SELECT tbl, key FROM r", 1 },
	[S_CODE_TAKE] = { "SELECT office, expires_at > now(), used_at IS NOT NULL, "
	    "coalesce(scope, '') "
	    "FROM enroll_code WHERE code_hash = decode($1, 'hex') FOR UPDATE", 1 },
	[S_CODE_USE] = { "UPDATE enroll_code SET used_at = now(), terminal = $2::uuid "
	    "WHERE code_hash = decode($1, 'hex')", 2 },
	/*
	 * A terminal id is taken by an enrollment only when no terminal has
	 * it, or when the administrator revoked the one that has it (and it
	 * is of the same office): ids are public, a code must not take one
	 * over. No row back: the id is someone else's, the caller picks a new one.
	 */
	[S_TERM_ENROLL] = { "INSERT INTO terminal (id, office, token_hash) "
	    "VALUES ($1::uuid, $2, decode($3, 'hex')) ON CONFLICT (id) DO UPDATE "
	    "SET token_hash = excluded.token_hash, enrolled_at = now(), revoked_at = NULL, "
	    "sign_key = NULL, box_key = NULL, keys_at = NULL "
	    "WHERE terminal.office = excluded.office AND terminal.revoked_at IS NOT NULL "
	    "RETURNING number", 3 },
	/*
	 * A terminal's keys for sync by file, set by the terminal itself; the
	 * row says whether they replaced others.
	 */
	[S_TERM_KEYS_SET] = { "UPDATE terminal t SET sign_key = decode($2, 'hex'), "
	    "box_key = decode($3, 'hex'), keys_at = now() FROM (SELECT id, sign_key FROM terminal "
	    "WHERE id = $1::uuid FOR UPDATE) o WHERE t.id = o.id AND t.revoked_at IS NULL "
	    "RETURNING o.sign_key IS NOT NULL AND o.sign_key <> decode($2, 'hex')", 3 },
	[S_TERM_BUNDLE] = { "SELECT office, revoked_at IS NOT NULL, "
	    "coalesce(encode(sign_key, 'hex'), ''), coalesce(encode(box_key, 'hex'), ''), "
	    "last_bundle, coalesce(scope, ''), scope_gen FROM terminal WHERE id = $1::uuid", 1 },
	[S_TERM_BUNDLE_DONE] = { "UPDATE terminal SET last_bundle = greatest(last_bundle, "
	    "$2::bigint) WHERE id = $1::uuid", 2 },
	/* A relayed bundle's terminal ($1's office) and the relaying one's ($2) meet here. */
	[S_SAME_DISTRICT] = { "WITH RECURSIVE " PG_DISTRICT("$2")
	    "SELECT EXISTS (SELECT 1 FROM district WHERE code = $1)", 2 },
	[S_OFFICE_GET] = { "SELECT name, level, coalesce(parent, '') FROM office WHERE code = $1",
	    1 },
	[S_TERM_LOCK] = { "SELECT last_seq, office, revoked_at IS NOT NULL, last_hlc, "
	    "pulled_xid::text, pulled_pos FROM terminal WHERE id = $1::uuid FOR UPDATE", 1 },
	[S_TERM_SEQ] = { "UPDATE terminal SET last_seq = $2::bigint, "
	    "last_hlc = greatest(last_hlc, $3::bigint) WHERE id = $1::uuid", 3 },
	[S_APPLIED_GET] = { "SELECT seq, digest FROM applied_change WHERE terminal = $1::uuid "
	    "AND seq BETWEEN $2::bigint AND $3::bigint ORDER BY seq", 3 },
	/* A push's numbers and digests as two arrays: one statement for the whole push. */
	[S_APPLIED_ADD] = { "INSERT INTO applied_change (terminal, seq, digest) "
	    "SELECT $1::uuid, s, d FROM unnest($2::bigint[], $3::bigint[]) AS a (s, d) "
	    "ON CONFLICT (terminal, seq) DO UPDATE SET digest = excluded.digest", 3 },
	[S_APPLIED_PRUNE] = { "DELETE FROM applied_change WHERE terminal = $1::uuid "
	    "AND seq <= $2::bigint", 2 },
	[S_PARKED_GET] = { "SELECT seq, tbl, id, reason FROM parked WHERE terminal = $1::uuid "
	    "AND seq BETWEEN $2::bigint AND $3::bigint ORDER BY seq", 3 },
	[S_PARK] = { "INSERT INTO parked (terminal, seq, tbl, id, op, fields, hlc, reason) "
	    "VALUES ($1::uuid, $2::bigint, $3, $4, $5, $6::jsonb, $7::numeric, $8) "
	    "ON CONFLICT (terminal, seq) DO NOTHING", 8 },
	[S_REC_LOCK] = { "SELECT " PG_REC_LOCKED PG_REC_LOCKED_FROM
	    "WHERE r.tbl = $1 AND r.key = $2 FOR UPDATE OF r", 2 },
	/* The records of a push's changes, locked in one go: tables $1, keys $2. */
	[S_REC_LOCK_ALL] = { "SELECT " PG_REC_LOCKED ", r.tbl, r.key" PG_REC_LOCKED_FROM
	    "WHERE (r.tbl, r.key) IN (SELECT t, k FROM unnest($1::text[], $2::text[]) AS u (t, k)) "
	    "ORDER BY r.tbl, r.key FOR UPDATE OF r", 2 },
	[S_REC_NATURAL] = { "SELECT key FROM record WHERE tbl = $1 AND natural_key = $2 "
	    "FOR UPDATE", 2 },
	/*
	 * A pushed change's write of a record and its note in change_log, in
	 * one statement (one round trip a change): fields written by the
	 * change are marked $13 in written ($10) and take the note's place.
	 */
	[S_REC_INSERT] = { "WITH " PG_RELOG_GONE PG_RELOG_NOTE
	    "INSERT INTO record (tbl, key, fields, stamps, deleted, replaced_by, "
	    "natural_key, office, authors, written) SELECT $1, $2, $3::jsonb, $4::jsonb, "
	    "$5::boolean, NULLIF($6, ''), NULLIF($7, ''), NULLIF($8, ''), $9::jsonb, "
	    PG_RELOG_WRITTEN " FROM note "
	    "ON CONFLICT (tbl, key) DO NOTHING RETURNING 1", 13 },
	[S_REC_UPDATE] = { "WITH " PG_RELOG_GONE PG_RELOG_NOTE
	    "UPDATE record SET fields = $3::jsonb, stamps = $4::jsonb, "
	    "deleted = $5::boolean, replaced_by = NULLIF($6, ''), natural_key = NULLIF($7, ''), "
	    "office = NULLIF($8, ''), authors = $9::jsonb, written = " PG_RELOG_WRITTEN
	    " FROM note WHERE tbl = $1 AND key = $2", 13 },
	/*
 * The account a change names, as the server knows it: who may sign, and
 * since when not; its certificate and guidance grade.
 */
	[S_ACCOUNT_AUTH] = { "SELECT role, office, public_key, coalesce((extract(epoch FROM "
	    "disabled_at) * 1000)::bigint::text, ''), cert_no, cert_valid_until, guidance_grade "
	    "FROM account "
	    "WHERE login = $1", 1 },
	[S_OFFICES] = { "SELECT code, coalesce(parent, ''), level FROM office", 0 },
	/* A push's trail as a JSON array of rows ($2), in the order they were applied. */
	[S_HISTORY_ADD] = { "INSERT INTO change_history (tbl, key, op, fields, terminal, seq, "
	    "account, reason) SELECT h.v->>'tbl', h.v->>'key', h.v->>'op', "
	    "(h.v->>'fields')::text[], $1::uuid, (h.v->>'seq')::bigint, h.v->>'account', "
	    "h.v->>'reason' FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS h (v, n) "
	    "ORDER BY h.n", 2 },
	/* How far a terminal has pulled: only forward. */
	[S_TERM_PULLED] = { "UPDATE terminal SET pulled_xid = $2::xid8, pulled_pos = $3::bigint "
	    "WHERE id = $1::uuid AND (pulled_xid, pulled_pos) < ($2::xid8, $3::bigint)", 3 },
	[S_REC_GET] = { "SELECT fields::text, deleted FROM record WHERE tbl = $1 AND key = $2", 2 },
	/*
	 * The hires of a job seeker's registration (referrals made on or after
	 * its day $2), its own and those of the records merged into it
	 * (migration 0005).
	 */
	[S_SEEKER_HIRES] = { "WITH RECURSIVE ids (k) AS (SELECT $1::text UNION "
	    "SELECT r.key FROM record r JOIN ids ON r.tbl = 'seeker' AND r.replaced_by = ids.k) "
	    "SELECT count(*) FROM record WHERE tbl = 'referral' AND NOT deleted "
	    "AND fields->>'seeker_id' IN (SELECT k FROM ids) AND fields->>'status' = 'hired' "
	    "AND coalesce(fields->>'registered_on', '') >= $2", 2 },
	[S_REC_UPSERT] = { "INSERT INTO record (tbl, key, fields, office) "
	    "VALUES ($1, $2, $3::jsonb, NULLIF($4, '')) ON CONFLICT (tbl, key) DO UPDATE "
	    "SET fields = excluded.fields, office = excluded.office", 4 },
	[S_REF_MARK] = { "SELECT count(*)::text || '.' || coalesce(sum(pos), 0)::text "
	    "FROM change_log WHERE tbl IN ('code', 'code_list', 'form')", 0 },
	[S_REF_CODES] = { "SELECT coalesce(fields->>'list', ''), coalesce(fields->>'code', '') "
	    "FROM record WHERE tbl = 'code'", 0 },
	[S_REF_LISTS] = { "SELECT key FROM record WHERE tbl = 'code_list'", 0 },
	[S_REF_FORMS] = { "SELECT key, fields::text FROM record WHERE tbl = 'form' "
	    "AND NOT deleted", 0 },
	/*
	 * The page after (xid, pos), below the horizon: every transaction with
	 * an xid under the snapshot's xmin has ended, so no row can still
	 * appear below it. Accounts and offices come from their own tables.
	 * An account goes whole, with its password hash for logins offline,
	 * only to the terminals of its office and of the offices under it
	 * ($4's lineage: the account's office is $4 or above it); to the
	 * others it goes disabled and without the hash, so that a terminal
	 * that had it (the clerk moved) stops taking it.
	 */
	[S_PULL] = { "WITH RECURSIVE " PG_LINEAGE("$4") PG_DISTRICT("$4")
	    "SELECT c.xid::text, c.pos, c.tbl, c.key, " PG_PULL_FIELDS ", "
	    "coalesce(r.stamps::text, '{}'), coalesce(r.deleted, false), "
	    "coalesce(r.replaced_by, ''), coalesce(r.authors::text, '{}') "
	    "FROM change_log c LEFT JOIN record r ON r.tbl = c.tbl AND r.key = c.key "
	    "WHERE (c.xid, c.pos) > ($1::xid8, $2::bigint) "
	    "AND c.xid < pg_snapshot_xmin(pg_current_snapshot()) AND " PG_WALLS
	    " ORDER BY c.xid, c.pos LIMIT $3::bigint", 4 },
	[S_PULL_COUNT] = { "WITH RECURSIVE " PG_DISTRICT("$3") "SELECT count(*) FROM change_log c "
	    "LEFT JOIN record r ON r.tbl = c.tbl AND r.key = c.key "
	    "WHERE (c.xid, c.pos) > ($1::xid8, $2::bigint) "
	    "AND c.xid < pg_snapshot_xmin(pg_current_snapshot()) AND " PG_WALLS, 3 },
	/*
	 * Committed rows the horizon holds back: visible to this snapshot
	 * (so committed: the pull's transaction writes nothing), yet at or
	 * above its xmin because an older transaction is still running.
	 * Within the walls: another district's rows are not this one's news.
	 */
	[S_PULL_HELD] = { "WITH RECURSIVE " PG_DISTRICT("$1") "SELECT count(*) FROM change_log c "
	    "LEFT JOIN record r ON r.tbl = c.tbl AND r.key = c.key "
	    "WHERE c.xid >= pg_snapshot_xmin(pg_current_snapshot()) AND " PG_WALLS, 1 },
	[S_OFFICE_ADD] = { "INSERT INTO office (code, name, level, parent) "
	    "VALUES ($1, $2, $3, NULLIF($4, '')) ON CONFLICT (code) DO NOTHING RETURNING 1", 4 },
	[S_OFFICE_LIST] = { "SELECT code, name, level, coalesce(parent, '') FROM office "
	    "ORDER BY code", 0 },
	[S_ENROLL_ADD] = { "INSERT INTO enroll_code (code_hash, office, expires_at, scope) "
	    "VALUES (decode($1, 'hex'), $2, now() + interval '24 hours', NULLIF($3, '')) "
	    "RETURNING " PG_LOCAL("expires_at"), 3 },
	[S_TERM_LIST] = { "SELECT id::text, office, " PG_LOCAL("enrolled_at") ", "
	    "coalesce(" PG_LOCAL("revoked_at") ", ''), last_seq, "
	    "coalesce(" PG_LOCAL("last_seen") ", ''), coalesce(scope, '') "
	    "FROM terminal ORDER BY office, enrolled_at", 0 },
	/* A revoked terminal leaves the district's list of terminals (its record a tombstone). */
	[S_TERM_REVOKE] = { "WITH t AS (UPDATE terminal SET revoked_at = coalesce(revoked_at, now()) "
	    "WHERE id = $1::uuid RETURNING id), "
	    "r AS (UPDATE record SET deleted = true, fields = '{}' WHERE tbl = 'terminal' "
	    "AND key IN (SELECT id::text FROM t) AND NOT deleted RETURNING tbl, key), "
	    "gone AS (DELETE FROM change_log c USING r WHERE c.tbl = r.tbl AND c.key = r.key), "
	    "note AS (INSERT INTO change_log (tbl, key) SELECT tbl, key FROM r) "
	    "SELECT 1 FROM t", 1 },
	[S_ACCOUNT_ADD] = { "INSERT INTO account (login, name, office, role, pwhash, cert_no, "
	    "cert_valid_until, guidance_grade, public_key, sealed_key, secret_key) "
	    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, decode($11, 'hex')) "
	    "ON CONFLICT (login) DO NOTHING RETURNING 1", 11 },
	[S_ACCOUNT_LIST] = { "SELECT login, name, office, role, disabled, cert_no, "
	    "cert_valid_until, guidance_grade FROM account ORDER BY office, login", 0 },
	[S_ACCOUNT_GET] = { "SELECT role, office, disabled, coalesce(encode(secret_key, 'hex'), '') "
	    "FROM account WHERE login = $1 FOR UPDATE", 1 },
	[S_ACCOUNT_MANAGERS] = { "SELECT count(*) FROM account WHERE office = $1 AND login <> $2 "
	    "AND NOT disabled AND role IN ('supervisor', 'administrator')", 2 },
	[S_ACCOUNT_DISABLE] = { "UPDATE account SET disabled = true, disabled_at = now(), "
	    "updated_at = now() WHERE login = $1", 1 },
	[S_ACCOUNT_PASSWD] = { "UPDATE account SET pwhash = $2, public_key = $3, sealed_key = $4, "
	    "secret_key = decode($5, 'hex'), updated_at = now() WHERE login = $1", 5 },
	[S_CODES_OF_LIST] = { "SELECT key, fields::text FROM record WHERE tbl = 'code' "
	    "AND fields->>'list' = $1", 1 },
	/*
	 * A scoped terminal's page: S_PULL within its scope's walls as well
	 * ($5 the scope, $6 where its fill began). A job seeker outside the
	 * scope goes as an entry of the identity index: only the columns of
	 * that kind (PG_IDENTITY_FIELDS, or PG_IDENTITY_VALUES when $7, the
	 * terminal takes compact entries), no stamps, no authors. A compact
	 * entry whose note carries the copy of the person (n.noted, migration
	 * 0012) is sent from the note: its record is not looked up at all
	 * (OFFSET 0 keeps the lookup a subquery that n.noted gates): the
	 * server's part of a street's first sync took 40 % less time.
	 */
	[S_PULL_SCOPED] = { "WITH RECURSIVE " PG_LINEAGE("$4") PG_DISTRICT("$4") ", "
	    PG_SCOPE("$5")
	    "SELECT c.xid::text, c.pos, CASE WHEN x.oos THEN 'identity_index' ELSE c.tbl END, "
	    "c.key, CASE WHEN n.noted THEN c.ident_values WHEN x.oos AND $7::boolean THEN "
	    PG_IDENTITY_VALUES " WHEN x.oos THEN " PG_IDENTITY_FIELDS " ELSE "
	    PG_PULL_FIELDS " END, "
	    "CASE WHEN x.oos THEN '{}' ELSE coalesce(r.stamps::text, '{}') END, "
	    "CASE WHEN n.noted THEN coalesce(c.ident_deleted, false) "
	    "ELSE coalesce(r.deleted, false) END, "
	    "CASE WHEN n.noted THEN coalesce(c.ident_replaced_by, '') "
	    "ELSE coalesce(r.replaced_by, '') END, "
	    "CASE WHEN x.oos THEN '{}' ELSE coalesce(r.authors::text, '{}') END "
	    "FROM change_log c "
	    "CROSS JOIN LATERAL (SELECT $7::boolean AND c.tbl = 'seeker' AND "
	    "c.ident_values IS NOT NULL AND "
	    "coalesce(c.ident_office, '') NOT IN (SELECT code FROM scope) AS noted) n "
	    "LEFT JOIN LATERAL (SELECT * FROM record rec WHERE rec.tbl = c.tbl AND rec.key = c.key "
	    "AND NOT n.noted OFFSET 0) r ON true "
	    "CROSS JOIN LATERAL (SELECT n.noted OR (c.tbl = 'seeker' AND "
	    "coalesce(r.office, '') NOT IN (SELECT code FROM scope)) AS oos) x "
	    "WHERE (c.xid, c.pos) > ($1::xid8, $2::bigint) "
	    "AND c.xid < pg_snapshot_xmin(pg_current_snapshot()) AND CASE WHEN n.noted "
	    "THEN c.ident_office IN (SELECT code FROM district) ELSE " PG_WALLS
	    " AND " PG_SCOPE_WALLS("$6") " END ORDER BY c.xid, c.pos LIMIT $3::bigint", 7 },
	/*
	 * How many records at most follow a scoped terminal's first page: the
	 * rows of change_log after it, below the horizon, its walls left out.
	 * Counting within the walls reads every record of the district (two
	 * seconds of a street's first sync on the district data set); this
	 * reads the (xid, pos) index only. The records a scoped terminal is
	 * not sent (closed vacancies, other districts') make it an upper bound.
	 */
	[S_PULL_SCOPED_COUNT] = { "SELECT count(*) FROM change_log c "
	    "WHERE (c.xid, c.pos) > ($1::xid8, $2::bigint) "
	    "AND c.xid < pg_snapshot_xmin(pg_current_snapshot())", 2 },
	[S_PULL_SCOPED_HELD] = { "WITH RECURSIVE " PG_DISTRICT("$1") ", " PG_SCOPE("$2")
	    "SELECT count(*) FROM change_log c "
	    "LEFT JOIN record r ON r.tbl = c.tbl AND r.key = c.key "
	    "WHERE c.xid >= pg_snapshot_xmin(pg_current_snapshot()) AND " PG_WALLS
	    " AND " PG_SCOPE_WALLS("$3"), 3 },
	/* Where a scoped terminal's fill begins: every xid below has ended. */
	[S_SNAPSHOT_XMIN] = { "SELECT pg_snapshot_xmin(pg_current_snapshot())::text", 0 },
	/* A transferred person's records (and their referrals' vacancies) noted again. */
	[S_RELOG_PERSON] = { "WITH d AS (SELECT tbl, key FROM record WHERE fields ? 'seeker_id' "
	    "AND fields->>'seeker_id' = $1 UNION SELECT 'vacancy', fields->>'vacancy_id' "
	    "FROM record WHERE tbl = 'referral' AND fields->>'seeker_id' = $1 "
	    "AND coalesce(fields->>'vacancy_id', '') <> ''), "
	    "gone AS (DELETE FROM change_log c USING d WHERE c.tbl = d.tbl AND c.key = d.key) "
	    "INSERT INTO change_log (tbl, key) SELECT d.tbl, d.key FROM d "
	    "WHERE EXISTS (SELECT 1 FROM record r WHERE r.tbl = d.tbl AND r.key = d.key)", 1 },
	[S_TERM_SCOPE_GET] = { "SELECT office, coalesce(scope, ''), scope_gen FROM terminal "
	    "WHERE id = $1::uuid FOR UPDATE", 1 },
	[S_TERM_SCOPE_SET] = { "UPDATE terminal SET scope = NULLIF($2, ''), "
	    "scope_gen = scope_gen + 1 WHERE id = $1::uuid", 2 },
	[S_SCOPE_HISTORY_ADD] = { "INSERT INTO terminal_scope_history (terminal, scope_from, "
	    "scope_to, by_whom) VALUES ($1::uuid, NULLIF($2, ''), NULLIF($3, ''), $4)", 4 },
	[S_ACCOUNT_ADMIN] = { "SELECT role, office, disabled, pwhash FROM account "
	    "WHERE login = $1", 1 },
	[S_FETCH_SEEKER] = { "SELECT coalesce(office, ''), deleted, coalesce(replaced_by, '') "
	    "FROM record WHERE tbl = 'seeker' AND key = $1", 1 },
	/* A person's whole record: the seeker, what hangs off it, its referrals' vacancies. */
	[S_FETCH_RECORDS] = { "SELECT tbl, key, fields::text, stamps::text, deleted, "
	    "coalesce(replaced_by, ''), authors::text FROM record WHERE tbl = 'seeker' AND key = $1 "
	    "UNION ALL SELECT tbl, key, fields::text, stamps::text, deleted, "
	    "coalesce(replaced_by, ''), authors::text FROM record WHERE fields ? 'seeker_id' "
	    "AND fields->>'seeker_id' = $1 "
	    "UNION ALL SELECT tbl, key, fields::text, stamps::text, deleted, "
	    "coalesce(replaced_by, ''), authors::text FROM record WHERE tbl = 'vacancy' "
	    "AND key IN (SELECT fields->>'vacancy_id' FROM record WHERE tbl = 'referral' "
	    "AND fields->>'seeker_id' = $1)", 1 },
	[S_FETCH_AUDIT] = { "INSERT INTO fetch_audit (terminal, account, tbl, key) "
	    "VALUES ($1::uuid, $2, $3, $4)", 4 },
};

/* Notices (e.g. "relation already exists, skipping") are not for the log. */
static void
pg_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* The protocol's error word of each outcome (jobdesk-sync(7), ERROR WORDS). */
static const char *const pg_outcome_words[PG_NOUTCOMES] = {
	[PG_OK] = "",
	[PG_BAD_REQUEST] = "bad_request",
	[PG_UNAUTHORIZED] = "unauthorized",
	[PG_REVOKED] = "revoked",
	[PG_BAD_CODE] = "bad_code",
	[PG_WRONG_TERMINAL] = "wrong_terminal",
	[PG_WRONG_OFFICE] = "wrong_office",
	[PG_GAP] = "gap",
	[PG_DIVERGED] = "diverged",
	[PG_NO_REFERENCE] = "unavailable",
	[PG_BUSY] = "unavailable",
	[PG_UNAVAILABLE] = "unavailable",
	[PG_INTERNAL] = "internal",
};

/* Fill an error reply with an outcome's word and a message. */
enum pg_outcome
pg_error(struct wire_error *e, enum pg_outcome outcome, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return outcome;
	snprintf(e->error, sizeof e->error, "%s", pg_outcome_words[outcome]);
	va_start(ap, fmt);
	vsnprintf(e->message, sizeof e->message, fmt, ap);
	va_end(ap);
	validate_trim_utf8(e->message);
	return outcome;
}

/* Note why the last statement failed. */
static void
pg_note(struct pg *pg, const PGresult *res)
{
	const char *state = res != NULL ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res != NULL ? PQresultErrorMessage(res) : PQerrorMessage(pg->conn);

	snprintf(pg->sqlstate, sizeof pg->sqlstate, "%s", state != NULL ? state : "08000");
	snprintf(pg->errmsg, sizeof pg->errmsg, "%s", msg != NULL ? msg : "");
	pg->errmsg[strcspn(pg->errmsg, "\n")] = '\0';
}

/* Whether the connection is gone or going. */
int
pg_lost(const struct pg *pg)
{
	return pg->conn == NULL || PQstatus(pg->conn) != CONNECTION_OK ||
	    strncmp(pg->sqlstate, "08", 2) == 0 || strcmp(pg->sqlstate, "57P01") == 0 ||
	    strcmp(pg->sqlstate, "57P02") == 0 || strcmp(pg->sqlstate, "57P03") == 0;
}

int
pg_revive(struct pg *pg)
{
	struct wire_error e;

	if (!pg_lost(pg))
		return 0;
	if (pg_ready(pg, &e) != PG_OK)
		return 0;
	log_info("database: connected again after the connection was lost");
	return 1;
}

/* Whether the failure was a deadlock or a serialization failure. */
int
pg_retryable(const struct pg *pg)
{
	return strcmp(pg->sqlstate, "40001") == 0 || strcmp(pg->sqlstate, "40P01") == 0;
}

/* Run a prepared statement. */
PGresult *
pg_run(struct pg *pg, enum pg_stmt s, const char *const *params)
{
	char name[16];
	PGresult *res;
	ExecStatusType st;

	snprintf(name, sizeof name, "s%d", (int)s);
	res = PQexecPrepared(pg->conn, name, pg_stmts[s].nparams, params, NULL, NULL, 0);
	st = res != NULL ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
		pg->sqlstate[0] = '\0';
		return res;
	}
	pg_note(pg, res);
	PQclear(res);
	return NULL;
}

/* Run commands and then a prepared statement in one round trip. */
PGresult *
pg_run_after(struct pg *pg, const char *const *cmds, enum pg_stmt s, const char *const *params)
{
	char name[16];
	PGresult *res, *out = NULL;
	ExecStatusType st;
	size_t i, n;
	int ok, failed = 0;

	snprintf(name, sizeof name, "s%d", (int)s);
	ok = PQenterPipelineMode(pg->conn);
	for (n = 0; ok && cmds[n] != NULL; n++)
		ok = PQsendQueryParams(pg->conn, cmds[n], 0, NULL, NULL, NULL, NULL, 0);
	ok = ok && PQsendQueryPrepared(pg->conn, name, pg_stmts[s].nparams, params, NULL, NULL,
	    0) && PQpipelineSync(pg->conn);
	/* Each query's results end with a NULL; the pipeline's with its sync. */
	for (i = 0; ok && i <= n; i++) {
		if ((res = PQgetResult(pg->conn)) == NULL) {
			ok = 0;
			break;
		}
		st = PQresultStatus(res);
		if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && !failed) {
			/* The first that failed says why; the ones after it were not run. */
			pg_note(pg, res);
			failed = 1;
		}
		if (i == n && !failed)
			out = res;
		else
			PQclear(res);
		while ((res = PQgetResult(pg->conn)) != NULL)
			PQclear(res);
	}
	if (ok) {
		res = PQgetResult(pg->conn);
		ok = res != NULL && PQresultStatus(res) == PGRES_PIPELINE_SYNC;
		PQclear(res);
	}
	if (!ok || PQexitPipelineMode(pg->conn) != 1) {
		/* A connection left inside a pipeline is of no more use: the next call connects. */
		pg_note(pg, NULL);
		snprintf(pg->sqlstate, sizeof pg->sqlstate, "08000");
		PQclear(out);
		PQfinish(pg->conn);
		pg->conn = NULL;
		return NULL;
	}
	if (failed) {
		PQclear(out);
		return NULL;
	}
	pg->sqlstate[0] = '\0';
	return out;
}

/* Run a statement without parameters. */
int
pg_cmd(struct pg *pg, const char *sql)
{
	PGresult *res = PQexec(pg->conn, sql);
	ExecStatusType st = res != NULL ? PQresultStatus(res) : PGRES_FATAL_ERROR;

	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
		PQclear(res);
		pg->sqlstate[0] = '\0';
		return 0;
	}
	pg_note(pg, res);
	PQclear(res);
	return -1;
}

/* Roll back what a failure left open, keeping the failure's notes. */
void
pg_rollback(struct pg *pg)
{
	char state[sizeof pg->sqlstate], msg[sizeof pg->errmsg];

	if (pg->conn == NULL || PQstatus(pg->conn) != CONNECTION_OK ||
	    PQtransactionStatus(pg->conn) == PQTRANS_IDLE)
		return;
	memcpy(state, pg->sqlstate, sizeof state);
	memcpy(msg, pg->errmsg, sizeof msg);
	(void)pg_cmd(pg, "ROLLBACK");
	memcpy(pg->sqlstate, state, sizeof state);
	memcpy(pg->errmsg, msg, sizeof msg);
}

/* Roll back after a failure and say what happened. */
enum pg_outcome
pg_failed(struct pg *pg, const char *what, struct wire_error *e)
{
	pg_rollback(pg);
	if (pg_lost(pg))
		return pg_error(e, PG_UNAVAILABLE, "the database is unavailable");
	if (strcmp(pg->sqlstate, "57014") == 0)
		return pg_error(e, PG_BUSY, "the database is too busy; try again");
	/* The SQLSTATE only: a message may quote the values of a row. */
	log_error("database: %s failed: SQLSTATE %s", what, pg->sqlstate);
	return pg_error(e, PG_INTERNAL, "the server could not %s", what);
}

/*
 * The text of a statement as it is prepared: PG_IDENTITY_FIELDS made the
 * identity index's columns of record r, as a JSON object of the strings
 * the record has ('{"office": "110105-02", ...}'), PG_IDENTITY_VALUES as
 * a JSON array of their values, PG_PUSHED_IDENTITY_VALUES the same array
 * of the pushed fields $3; a column's name is letters and underscores
 * (core/kind.c), quoted as it is.
 */
static void
pg_identity_fields(const char *sql, struct buf *out)
{
	static const struct {
		const char	*marker;
		const char	*source;
		int		 object;
	} forms[] = {
		{ PG_IDENTITY_FIELDS, "r.fields", 1 },
		{ PG_IDENTITY_VALUES, "r.fields", 0 },
		{ PG_PUSHED_IDENTITY_VALUES, "$3::jsonb", 0 },
	};
	const struct kind *k = kind_get(KIND_IDENTITY);
	const char *at = NULL, *f;
	size_t i, form = 0;

	for (i = 0; i < sizeof forms / sizeof forms[0]; i++)
		if ((f = strstr(sql, forms[i].marker)) != NULL && (at == NULL || f < at)) {
			at = f;
			form = i;
		}
	if (at == NULL) {
		buf_adds(out, sql);
		return;
	}
	buf_add(out, sql, (size_t)(at - sql));
	buf_adds(out, forms[form].object ? "coalesce(json_strip_nulls(json_build_object(" : "('['");
	for (i = 0; i < k->ncols; i++) {
		if (strspn(k->cols[i].name, "abcdefghijklmnopqrstuvwxyz_") != strlen(k->cols[i].name))
			fatalx("identity index column \"%s\" is not a plain name", k->cols[i].name);
		if (forms[form].object)
			buf_addf(out, "%s'%s', %s->'%s'", i > 0 ? ", " : "",
			    k->cols[i].name, forms[form].source, k->cols[i].name);
		else
			buf_addf(out, "%s || coalesce((%s->'%s')::text, 'null')",
			    i > 0 ? " || ','" : "", forms[form].source, k->cols[i].name);
	}
	buf_adds(out, forms[form].object ? "))::text, '{}')" : " || ']')");
	pg_identity_fields(at + strlen(forms[form].marker), out);
}

/* Prepare every statement on a new connection. */
static int
pg_prepare_all(struct pg *pg)
{
	struct buf sql = BUF_INIT;
	char name[16];
	int i;

	if (pg_cmd(pg, "DEALLOCATE ALL") != 0)
		return -1;
	for (i = 0; i < PG_NSTMT; i++) {
		PGresult *res;

		snprintf(name, sizeof name, "s%d", i);
		buf_reset(&sql);
		pg_identity_fields(pg_stmts[i].sql, &sql);
		res = PQprepare(pg->conn, name, buf_str(&sql), pg_stmts[i].nparams, NULL);
		if (res == NULL || PQresultStatus(res) != PGRES_COMMAND_OK) {
			pg_note(pg, res);
			PQclear(res);
			buf_free(&sql);
			return -1;
		}
		PQclear(res);
	}
	buf_free(&sql);
	pg->prepared = 1;
	return 0;
}

/* Open (or re-open) the connection; 0, or -1 with errmsg. */
static int
pg_open(struct pg *pg)
{
	const char *keys[] = { "connect_timeout", "dbname", "client_encoding", "application_name",
	    "options", NULL };
	const char *values[] = { "10", pg->conninfo, "UTF8", "jobdeskd", pg->options, NULL };
	struct timespec ts;
	uint64_t now;

	if (pg->conn != NULL && PQstatus(pg->conn) == CONNECTION_OK)
		return 0;
	/*
	 * While the database is down, a worker tries again at most once a
	 * second: the calls in between answer PG_UNAVAILABLE at once instead
	 * of each waiting for a connect timeout.
	 */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	now = (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
	if (pg->conn != NULL && now < pg->retry_at) {
		snprintf(pg->sqlstate, sizeof pg->sqlstate, "08000");
		return -1;
	}
	pg->retry_at = 0;
	if (pg->conn == NULL)
		pg->conn = PQconnectdbParams(keys, values, 1);
	else
		PQreset(pg->conn);
	pg->prepared = 0;
	if (pg->conn == NULL) {
		pg->retry_at = now + 1000u;
		snprintf(pg->errmsg, sizeof pg->errmsg, "out of memory");
		snprintf(pg->sqlstate, sizeof pg->sqlstate, "08000");
		return -1;
	}
	if (PQstatus(pg->conn) != CONNECTION_OK) {
		pg_note(pg, NULL);
		pg->retry_at = now + 1000u;
		return -1;
	}
	PQsetNoticeProcessor(pg->conn, pg_notice, NULL);
	return 0;
}

/* Connect and prepare. */
struct pg *
pg_connect(const struct pg_settings *set, char *err, size_t errlen)
{
	struct pg *pg = xcalloc(1, sizeof *pg);
	PQconninfoOption *opts, *o;
	const char *user = "";
	char *msg = NULL;

	if (sodium_init() < 0) {
		snprintf(err, errlen, "libsodium cannot start");
		free(pg);
		return NULL;
	}
	pg->conninfo = xstrdup(set->conninfo != NULL ? set->conninfo : "");
	pg->max_drift_ms = set->max_drift_ms;
	/* Our options replace the conninfo's: keep those (a search_path...) in front. */
	if ((opts = PQconninfoParse(pg->conninfo, &msg)) == NULL) {
		snprintf(err, errlen, "the database conninfo is not valid: %s",
		    msg != NULL ? msg : "out of memory");
		PQfreemem(msg);
		pg_close(pg);
		return NULL;
	}
	for (o = opts; o->keyword != NULL; o++)
		if (strcmp(o->keyword, "options") == 0 && o->val != NULL && *o->val != '\0')
			user = o->val;
	/*
	 * synchronous_commit on whatever the server's default: a push is
	 * acknowledged only once its commit is on disk, or a crash of the
	 * database could lose changes the terminal has already dropped.
	 */
	pg->options = xasprintf("%s%s-c statement_timeout=%ld "
	    "-c idle_in_transaction_session_timeout=60000 -c synchronous_commit=on", user,
	    *user != '\0' ? " " : "",
	    set->statement_timeout_ms > 0 ? set->statement_timeout_ms : 0);
	PQconninfoFree(opts);
	if (pg_open(pg) != 0) {
		snprintf(err, errlen, "cannot connect to the database: %s", pg->errmsg);
		pg_close(pg);
		return NULL;
	}
	return pg;
}

/* Close a connection. */
void
pg_close(struct pg *pg)
{
	if (pg == NULL)
		return;
	if (pg->conn != NULL)
		PQfinish(pg->conn);
	validate_ref_free(pg->ref);
	free(pg->options);
	free(pg->conninfo);
	free(pg);
}

/* Make sure the connection is up and prepared. */
enum pg_outcome
pg_ready(struct pg *pg, struct wire_error *e)
{
	if (pg_open(pg) != 0)
		return pg_error(e, PG_UNAVAILABLE, "the database is unavailable");
	if (PQtransactionStatus(pg->conn) != PQTRANS_IDLE && pg_cmd(pg, "ROLLBACK") != 0)
		return pg_error(e, PG_UNAVAILABLE, "the database is unavailable");
	if (!pg->prepared && pg_prepare_all(pg) != 0) {
		if (pg_lost(pg))
			return pg_error(e, PG_UNAVAILABLE, "the database is unavailable");
		log_error("database: cannot prepare the statements (SQLSTATE %s); "
		    "has jobdeskd migrate run?", pg->sqlstate);
		return pg_error(e, PG_UNAVAILABLE, "the database has no jobdesk schema yet");
	}
	return PG_OK;
}

/*
 * Whether the database answers. A connection that died since the last
 * call (the database restarted) is made again at once and asked again,
 * so a health check right after a restart does not report the old
 * connection's death.
 */
enum pg_outcome
pg_health(struct pg *pg, struct wire_error *e)
{
	enum pg_outcome rc;

	if ((rc = pg_ready(pg, e)) != PG_OK)
		return rc;
	if (pg_cmd(pg, "SELECT 1") == 0)
		return PG_OK;
	/* Dead since the last call (the database restarted): connected again, asked again. */
	if (pg_revive(pg) && pg_cmd(pg, "SELECT 1") == 0)
		return PG_OK;
	return pg_error(e, PG_UNAVAILABLE, "the database is unavailable");
}

/* A meta value. */
int
pg_meta(struct pg *pg, const char *key, char *out, size_t outlen)
{
	const char *p[] = { key };
	PGresult *res = pg_run(pg, S_META_GET, p);
	int rc;

	if (res == NULL)
		return -1;
	rc = PQntuples(res) == 1 ? 0 : 1;
	snprintf(out, outlen, "%s", rc == 0 ? PQgetvalue(res, 0, 0) : "");
	PQclear(res);
	return rc;
}

/* Record a change of a record in change_log. */
int
pg_log_change(struct pg *pg, const char *tbl, const char *key)
{
	const char *p[] = { tbl, key };
	PGresult *res = pg_run(pg, S_LOG, p);

	PQclear(res);
	return res != NULL ? 0 : -1;
}

/* BLAKE2b-256 of a text, in hex. */
void
pg_hash_hex(const char *text, char out[65])
{
	unsigned char h[32];

	crypto_generichash(h, sizeof h, (const unsigned char *)text, strlen(text), NULL, 0);
	sodium_bin2hex(out, 65, h, sizeof h);
}

/* The wall clock in milliseconds. */
uint64_t
pg_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* The server's clock from meta. */
uint64_t
pg_server_hlc(struct pg *pg)
{
	char v[32];

	if (pg_meta(pg, "hlc", v, sizeof v) != 0)
		return 0;
	return strtoull(v, NULL, 10);
}

/* Runs a statement of the migration with text parameters; 0 or -1 with errmsg. */
static int
pg_migrate_exec(struct pg *pg, const char *sql, int n, const char *const *params,
    char *out, size_t outlen)
{
	PGresult *res = PQexecParams(pg->conn, sql, n, NULL, params, NULL, NULL, 0);
	ExecStatusType st = res != NULL ? PQresultStatus(res) : PGRES_FATAL_ERROR;

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		pg_note(pg, res);
		PQclear(res);
		return -1;
	}
	if (out != NULL)
		snprintf(out, outlen, "%s", st == PGRES_TUPLES_OK && PQntuples(res) > 0 &&
		    !PQgetisnull(res, 0, 0) ? PQgetvalue(res, 0, 0) : "");
	PQclear(res);
	return 0;
}

/* A random version 4 UUID. */
void
pg_uuid4(char out[IDENT_LEN + 1])
{
	unsigned char b[16];

	randombytes_buf(b, sizeof b);
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	snprintf(out, IDENT_LEN + 1, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8],
	    b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

/* Set a new random epoch: every terminal's cursor becomes stale. 0 or -1 with errmsg. */
int
pg_new_epoch(struct pg *pg)
{
	char epoch[IDENT_LEN + 1];
	const char *p[] = { "epoch", epoch };

	pg_uuid4(epoch);
	return pg_migrate_exec(pg, "INSERT INTO meta (key, value) VALUES ($1, $2) "
	    "ON CONFLICT (key) DO UPDATE SET value = excluded.value", 2, p, NULL, 0);
}

/*
 * The district's keys for sync by file, made once (in migrate's
 * transaction) on a database that has none: a signing key for its
 * replies and a sealing key for the bundles terminals send it. 0 or -1.
 */
static int
pg_bundle_keys_make(struct pg *pg)
{
	unsigned char spk[SIGN_PUBLIC_LEN], ssk[SIGN_SECRET_LEN];
	unsigned char bpk[BUNDLE_BOX_PUBLIC_LEN], bsk[BUNDLE_BOX_SECRET_LEN];
	char shex[2 * SIGN_SECRET_LEN + 1], bhex[2 * BUNDLE_BOX_SECRET_LEN + 1], have[8];
	const char *pk[] = { "bundle_sign_key" };
	const char *ps[] = { "bundle_sign_key", shex }, *pb[] = { "bundle_box_key", bhex };
	int rc;

	/* migrate holds its lock: no other server makes them meanwhile. */
	if (pg_migrate_exec(pg, "SELECT 'yes' FROM meta WHERE key = $1", 1, pk, have,
	    sizeof have) != 0)
		return -1;
	if (have[0] != '\0')
		return 0;
	sign_keypair(spk, ssk);
	bundle_box_keypair(bpk, bsk);
	sodium_bin2hex(shex, sizeof shex, ssk, sizeof ssk);
	sodium_bin2hex(bhex, sizeof bhex, bsk, sizeof bsk);
	rc = pg_migrate_exec(pg, "INSERT INTO meta (key, value) VALUES ($1, $2) "
	    "ON CONFLICT (key) DO NOTHING", 2, ps, NULL, 0) != 0 ||
	    pg_migrate_exec(pg, "INSERT INTO meta (key, value) VALUES ($1, $2) "
	    "ON CONFLICT (key) DO NOTHING", 2, pb, NULL, 0) != 0 ? -1 : 0;
	sodium_memzero(ssk, sizeof ssk);
	sodium_memzero(bsk, sizeof bsk);
	sodium_memzero(shex, sizeof shex);
	sodium_memzero(bhex, sizeof bhex);
	return rc;
}

/*
 * The copy of the person in the notes of job seekers (PG_RELOG_NOTE),
 * made again from their records whenever the identity columns it holds
 * (core/kind.c) are not those it was made with, as meta's
 * identity_note_columns says: on the upgrade to server migration 0012,
 * which added the copy, and should a version change the columns. 0 or -1.
 */
static int
pg_identity_note_fill(struct pg *pg)
{
	const struct kind *k = kind_get(KIND_IDENTITY);
	struct buf sql = BUF_INIT, cols = BUF_INIT;
	const char *p[] = { "identity_note_columns", NULL };
	char have[256];
	size_t i;
	int rc;

	for (i = 0; i < k->ncols; i++)
		buf_addf(&cols, "%s%s", i > 0 ? "," : "", k->cols[i].name);
	p[1] = buf_str(&cols);
	rc = pg_migrate_exec(pg, "SELECT value FROM meta WHERE key = $1", 1, p, have, sizeof have);
	if (rc == 0 && strcmp(have, p[1]) != 0) {
		pg_identity_fields("UPDATE change_log c SET ident_office = r.office, "
		    "ident_deleted = r.deleted, ident_replaced_by = r.replaced_by, "
		    "ident_values = " PG_IDENTITY_VALUES " FROM record r "
		    "WHERE c.tbl = 'seeker' AND r.tbl = c.tbl AND r.key = c.key", &sql);
		rc = pg_cmd(pg, buf_str(&sql)) != 0 || pg_migrate_exec(pg, "INSERT INTO meta "
		    "(key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE "
		    "SET value = excluded.value", 2, p, NULL, 0) != 0 ? -1 : 0;
		if (rc == 0)
			log_info("database: each job seeker's note holds %s", p[1]);
	}
	buf_free(&sql);
	buf_free(&cols);
	return rc;
}

/* Apply the embedded migrations in one transaction. */
int
pg_migrate(struct pg *pg, char *err, size_t errlen)
{
	char have[32], tables[32], version[24], key[2 * IDENT_KEYLEN + 1];
	unsigned char raw[IDENT_KEYLEN];
	const char *pv[] = { "schema_version", version };
	long current = 0, latest = 0;
	size_t i;

	if (pg_open(pg) != 0) {
		snprintf(err, errlen, "cannot connect to the database: %s", pg->errmsg);
		return -1;
	}
	if (PQtransactionStatus(pg->conn) != PQTRANS_IDLE)
		(void)pg_cmd(pg, "ROLLBACK");
	for (i = 0; i < n_server_migrations; i++)
		if (server_migrations[i].version > latest)
			latest = server_migrations[i].version;
	/*
	 * No statement timeout: it guards a terminal's request, and a
	 * migration over a district's records can take longer.
	 */
	if (pg_cmd(pg, "BEGIN") != 0 || pg_cmd(pg, "SET LOCAL statement_timeout = 0") != 0 ||
	    pg_cmd(pg, "SELECT pg_advisory_xact_lock(" PG_MIGRATE_LOCK ")") != 0 ||
	    pg_migrate_exec(pg, "SELECT to_regclass('meta') IS NOT NULL", 0, NULL, have,
	    sizeof have) != 0 ||
	    pg_migrate_exec(pg, "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()",
	    0, NULL, tables, sizeof tables) != 0)
		goto dberr;
	if (strcmp(have, "t") == 0) {
		const char *p[] = { "schema_version" };

		if (pg_migrate_exec(pg, "SELECT value FROM meta WHERE key = $1", 1, p, version,
		    sizeof version) != 0)
			goto dberr;
		current = strtol(version, NULL, 10);
	} else if (strcmp(tables, "0") != 0) {
		snprintf(err, errlen, "the database holds %s tables but no jobdesk schema; "
		    "give jobdeskd a database of its own", tables);
		goto fail;
	}
	if (current > latest) {
		snprintf(err, errlen, "the database has schema version %ld, newer than this "
		    "jobdeskd knows (%ld); run the newer jobdeskd", current, latest);
		goto fail;
	}
	for (i = 0; i < n_server_migrations; i++) {
		const struct migration *m = &server_migrations[i];

		if (m->version <= current)
			continue;
		if (pg_cmd(pg, m->sql) != 0) {
			snprintf(err, errlen, "migration %s failed: %s", m->name, pg->errmsg);
			goto fail;
		}
		log_info("database: applied migration %s", m->name);
	}
	if (pg_identity_note_fill(pg) != 0)
		goto dberr;
	snprintf(version, sizeof version, "%ld", latest);
	if (pg_migrate_exec(pg, "INSERT INTO meta (key, value) VALUES ($1, $2) "
	    "ON CONFLICT (key) DO UPDATE SET value = excluded.value", 2, pv, NULL, 0) != 0)
		goto dberr;
	/* A new database gets its epoch, the district's identity key and a clock. */
	{
		const char *pe[] = { "epoch" };

		if (pg_migrate_exec(pg, "SELECT value FROM meta WHERE key = $1", 1, pe, have,
		    sizeof have) != 0)
			goto dberr;
	}
	if (have[0] == '\0') {
		const char *pk[] = { "identity_key", key }, *ph[] = { "hlc", "0" };

		randombytes_buf(raw, sizeof raw);
		sodium_bin2hex(key, sizeof key, raw, sizeof raw);
		sodium_memzero(raw, sizeof raw);
		if (pg_new_epoch(pg) != 0 ||
		    pg_migrate_exec(pg, "INSERT INTO meta (key, value) VALUES ($1, $2) "
		    "ON CONFLICT (key) DO NOTHING", 2, pk, NULL, 0) != 0 ||
		    pg_migrate_exec(pg, "INSERT INTO meta (key, value) VALUES ($1, $2) "
		    "ON CONFLICT (key) DO NOTHING", 2, ph, NULL, 0) != 0)
			goto dberr;
		sodium_memzero(key, sizeof key);
	}
	if (pg_bundle_keys_make(pg) != 0)
		goto dberr;
	if (pg_cmd(pg, "COMMIT") != 0)
		goto dberr;
	/* Statements prepared before the schema existed (or changed) are made again. */
	pg->prepared = 0;
	return 0;
dberr:
	snprintf(err, errlen, "cannot migrate the database: %s", pg->errmsg);
fail:
	if (PQstatus(pg->conn) == CONNECTION_OK && PQtransactionStatus(pg->conn) != PQTRANS_IDLE)
		(void)pg_cmd(pg, "ROLLBACK");
	return -1;
}

/* An office's details. */
int
pg_office_get(struct pg *pg, const char *code, struct wire_enroll_reply *out)
{
	const char *p[] = { code };
	PGresult *res = pg_run(pg, S_OFFICE_GET, p);
	int rc;

	if (res == NULL)
		return -1;
	rc = PQntuples(res) == 1;
	if (rc) {
		snprintf(out->office_code, sizeof out->office_code, "%s", code);
		snprintf(out->office_name, sizeof out->office_name, "%s", PQgetvalue(res, 0, 0));
		snprintf(out->office_level, sizeof out->office_level, "%s", PQgetvalue(res, 0, 1));
		snprintf(out->office_parent, sizeof out->office_parent, "%s",
		    PQgetvalue(res, 0, 2));
		validate_trim_utf8(out->office_name);
	}
	PQclear(res);
	return rc;
}
