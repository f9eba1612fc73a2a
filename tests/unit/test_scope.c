/*
 * Unit tests for a scoped terminal's store (src/store/scope.c and its
 * hooks in the pull and in registration): pages built by hand as the
 * district sends them to a terminal scoped to a street. What a clerk
 * would notice if it broke: a person registered in another street
 * registered here a second time, or shown with the wrong office or
 * state; a record that left the street still on the terminal (personal
 * data where it has no business), or gone while a change made here to it
 * had not reached the district yet; a closed vacancy of another street
 * still offered.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "common/fields.h"
#include "common/xalloc.h"
#include "core/hlc.h"
#include "core/ident.h"
#include "core/kind.h"
#include "store/scope.h"
#include "store/seeker.h"
#include "store/store-int.h"
#include "store/store.h"
#include "store/sync.h"
#include "wire/wire.h"

#include "testlib.h"

#define DISTRICT	"110105"
#define STREET		"110105-01"
#define OTHER		"110105-02"

/* A terminal id that stands for "another terminal" in stamps. */
static const char other_terminal[] = "01890a5d-ac96-7000-8000-000000000001";

/* An empty page of a terminal scoped to scope ("" the whole district). */
static void
page_init(struct wire_pull_reply *r, const char *cursor, const char *scope)
{
	memset(r, 0, sizeof *r);
	snprintf(r->cursor, sizeof r->cursor, "%s", cursor);
	snprintf(r->scope, sizeof r->scope, "%s", scope);
	r->hlc = hlc_pack(1000000, 0);
}

/* Append a record to a page. */
static struct wire_record *
page_add(struct wire_pull_reply *r, const char *tbl, const char *key)
{
	struct wire_record *rec;

	r->records = xreallocarray(r->records, r->n + 1, sizeof *r->records);
	rec = &r->records[r->n++];
	memset(rec, 0, sizeof *rec);
	snprintf(rec->tbl, sizeof rec->tbl, "%s", tbl);
	snprintf(rec->key, sizeof rec->key, "%s", key);
	fields_init(&rec->fields);
	fields_init(&rec->stamps);
	return rec;
}

/* Set a field with its stamp (another terminal's, at ms). */
static void
rec_set(struct wire_record *rec, const char *key, const char *value, uint64_t ms)
{
	char stamp[WIRE_STAMP_LEN + 1];

	fields_set(&rec->fields, key, value);
	wire_stamp(hlc_pack(ms, 0), other_terminal, stamp);
	fields_set(&rec->stamps, key, stamp);
}

/* The district's two streets. */
static void
page_offices(struct wire_pull_reply *r)
{
	struct wire_record *rec = page_add(r, "office", STREET);

	fields_set(&rec->fields, "name", "建外街道社区就业服务站");
	fields_set(&rec->fields, "level", "street");
	fields_set(&rec->fields, "parent", DISTRICT);
	rec = page_add(r, "office", OTHER);
	fields_set(&rec->fields, "name", "呼家楼街道社区就业服务站");
	fields_set(&rec->fields, "level", "street");
	fields_set(&rec->fields, "parent", DISTRICT);
}

/* A whole seeker of office. */
static void
page_seeker(struct wire_pull_reply *r, const char *id, const char *number, const char *name,
    const char *office, uint64_t ms)
{
	struct wire_record *rec = page_add(r, "seeker", id);

	rec_set(rec, "id_number", number, ms);
	rec_set(rec, "name", name, ms);
	rec_set(rec, "phone", "13800000001", ms);
	rec_set(rec, "status", "registered", ms);
	rec_set(rec, "registered_on", "2024-03-01", ms);
	rec_set(rec, "valid_until", "2099-01-01", ms);
	rec_set(rec, "office", office, ms);
	rec_set(rec, "created_by", "zhao.min", ms);
}

/* An identity index entry: the person's office, status and validity, nothing more. */
static struct wire_record *
page_identity(struct wire_pull_reply *r, const char *id, const char *office,
    const char *status, const char *valid_until)
{
	struct wire_record *rec = page_add(r, "identity_index", id);

	fields_set(&rec->fields, "office", office);
	fields_set(&rec->fields, "status", status);
	fields_set(&rec->fields, "valid_until", valid_until);
	return rec;
}

/* A service given to a seeker by an office. */
static void
page_service(struct wire_pull_reply *r, const char *id, const char *seeker_id,
    const char *office)
{
	struct wire_record *rec = page_add(r, "service_event", id);

	fields_set(&rec->fields, "type", "registration");
	fields_set(&rec->fields, "seeker_id", seeker_id);
	fields_set(&rec->fields, "clerk", "zhao.min");
	fields_set(&rec->fields, "office", office);
	fields_set(&rec->fields, "at", "2024-03-01T02:00:00Z");
	fields_set(&rec->fields, "free", "1");
}

/* An employer of the district. */
static void
page_employer(struct wire_pull_reply *r, const char *id, uint64_t ms)
{
	struct wire_record *rec = page_add(r, "employer", id);

	rec_set(rec, "uscc", "91350100M000100Y43", ms);
	rec_set(rec, "name", "华联超市有限公司", ms);
	rec_set(rec, "status", "active", ms);
	rec_set(rec, "office", DISTRICT, ms);
	rec_set(rec, "created_by", "zhao.min", ms);
	rec_set(rec, "registered_on", "2024-03-01", ms);
}

/* A vacancy of an employer, of office, in a status. */
static void
page_vacancy(struct wire_pull_reply *r, const char *employer, const char *id,
    const char *office, const char *status, uint64_t ms)
{
	struct wire_record *rec = page_add(r, "vacancy", id);

	rec_set(rec, "employer_id", employer, ms);
	rec_set(rec, "title", "收银员", ms);
	rec_set(rec, "occupation", "4-01-02", ms);
	rec_set(rec, "headcount", "2", ms);
	rec_set(rec, "valid_until", "2099-12-31", ms);
	rec_set(rec, "status", status, ms);
	rec_set(rec, "office", office, ms);
	rec_set(rec, "created_by", "zhao.min", ms);
	rec_set(rec, "registered_on", "2024-03-01", ms);
}

/* A referral of a seeker to a vacancy, made at office. */
static void
page_referral(struct wire_pull_reply *r, const char *id, const char *seeker,
    const char *vacancy, const char *employer, const char *office, uint64_t ms)
{
	struct wire_record *rec = page_add(r, "referral", id);

	rec_set(rec, "number", "110105-01-1-2024-000001", ms);
	rec_set(rec, "seeker_id", seeker, ms);
	rec_set(rec, "vacancy_id", vacancy, ms);
	rec_set(rec, "employer_id", employer, ms);
	rec_set(rec, "status", "issued", ms);
	rec_set(rec, "office", office, ms);
	rec_set(rec, "created_by", "zhao.min", ms);
	rec_set(rec, "registered_on", "2024-03-01", ms);
}

/* Apply a page, failing the test if refused; the page is freed. */
static void
apply(struct store *st, struct wire_pull_reply *r)
{
	char err[512] = "";

	if (store_pull_apply(st, r, err, sizeof err) != 0)
		fail_msg("page refused: %s", err);
	wire_pull_reply_free(r);
}

/* A new terminal database, a supervisor of the district acting (and signing). */
static struct store *
terminal(const char *name)
{
	rm_db(tmp(name));
	return open_store_as(tmp(name), "wang.li", DISTRICT);
}

/* The derived id of an ID number on this terminal (the district's key). */
static void
derived(struct store *st, const char *number, char id[IDENT_LEN + 1])
{
	store_natural_id(st, kind_get(KIND_SEEKER), number, id);
}

/*
 * A scoped terminal's first page: its people in full, the district's
 * other people as index entries. A person of another street is
 * recognised from the ID number alone, with the office's name and the
 * status a clerk reads (expired once the validity passed), following a
 * merge's redirect; registering them is refused, nothing written.
 */
static void
test_recognised_elsewhere(void **state)
{
	struct store *st = terminal("a.db");
	struct wire_pull_reply r;
	struct scope_elsewhere w;
	struct fields f = FIELDS_INIT;
	char mine[IDENT_LEN + 1], theirs[IDENT_LEN + 1], old[IDENT_LEN + 1], gone[IDENT_LEN + 1];
	char out[IDENT_LEN + 1], err[512] = "", scope[32];
	const char *n_mine = idnum("11010519700101101"), *n_theirs = idnum("11010519830404104");
	const char *n_old = idnum("11010519600606106"), *n_gone = idnum("11010519650707107");

	(void)state;
	derived(st, n_mine, mine);
	derived(st, n_theirs, theirs);
	derived(st, n_old, old);
	derived(st, n_gone, gone);
	page_init(&r, "c1", STREET);
	page_offices(&r);
	page_seeker(&r, mine, n_mine, "张建国", STREET, 1000);
	page_identity(&r, theirs, OTHER, "registered", "2099-01-01");
	page_identity(&r, old, OTHER, "renewed", "2001-01-01");
	/* Merged into theirs at the district: the tombstone points at the survivor. */
	snprintf(page_identity(&r, gone, "", "", "")->replaced_by, IDENT_LEN + 1, "%s", theirs);
	r.records[r.n - 1].deleted = 1;
	apply(st, &r);

	assert_int_equal(store_scope(st, scope, sizeof scope), 0);
	assert_string_equal(scope, STREET);
	assert_int_equal(count(st, "SELECT count(*) FROM identity_index"), 3);
	/* Nothing of the others but the office, the status, the validity. */
	assert_int_equal(count(st, "SELECT count(*) FROM seeker"), 1);

	assert_int_equal(store_scope_elsewhere(st, n_theirs, &w), 1);
	assert_string_equal(w.id, theirs);
	assert_string_equal(w.office, OTHER);
	assert_string_equal(w.office_name, "呼家楼街道社区就业服务站");
	assert_string_equal(w.status, "registered");
	/* Lapsed: a clerk reads it as expired. */
	assert_int_equal(store_scope_elsewhere(st, n_old, &w), 1);
	assert_string_equal(w.status, "expired");
	/* The merged-away record's number leads to the survivor. */
	assert_int_equal(store_scope_elsewhere(st, n_gone, &w), 1);
	assert_string_equal(w.id, theirs);
	/* Held here in full, or unknown: not elsewhere. */
	assert_int_equal(store_scope_elsewhere(st, n_mine, &w), 0);
	assert_int_equal(store_scope_elsewhere(st, idnum("11010519900909109"), &w), 0);
	assert_int_equal(store_scope_elsewhere(st, "not a number", &w), 0);

	/* The window's registration and an import's row are both refused. */
	fields_set(&f, "id_number", n_theirs);
	fields_set(&f, "name", "刘晓东");
	assert_int_equal(seeker_register(st, &f, NULL, out, err, sizeof err), 3);
	assert_string_equal(out, theirs);
	assert_mentions(err, OTHER);
	assert_mentions(err, "呼家楼街道社区就业服务站");
	assert_int_equal(seeker_save(st, NULL, &f, NULL, out, err, sizeof err), 3);
	assert_int_equal(count(st, "SELECT count(*) FROM seeker"), 1);
	assert_int_equal(count(st, "SELECT count(*) FROM outbox"), 0);
	assert_int_equal(count(st, "SELECT count(*) FROM service_event"), 0);
	fields_free(&f);
	/* Someone unknown to the district registers as ever. */
	fields_set(&f, "id_number", idnum("11010519900909109"));
	fields_set(&f, "name", "新来的");
	assert_int_equal(seeker_register(st, &f, NULL, out, err, sizeof err), 0);
	fields_free(&f);
	store_close(st);
	rm_db(tmp("a.db"));
}

/*
 * A person the district now lists elsewhere (moved to another street)
 * stays while a change made here to them, or to a record of theirs,
 * waits to be pushed; after the push, the round's sweep removes the
 * person, what hangs off them and their name from the search. A service
 * this street gave them stays: it is the street's own ledger.
 */
static void
test_leaves_after_push(void **state)
{
	struct store *st = terminal("b.db");
	struct wire_pull_reply r;
	struct wire_push_reply ack;
	struct fields f = FIELDS_INIT;
	char id[IDENT_LEN + 1], out[IDENT_LEN + 1], s1[IDENT_LEN + 1], s2[IDENT_LEN + 1];
	char err[512];
	const char *n1 = idnum("11010519700101101");

	(void)state;
	derived(st, n1, id);
	store_new_id(s1);
	store_new_id(s2);
	page_init(&r, "c1", STREET);
	page_offices(&r);
	page_seeker(&r, id, n1, "张建国", STREET, 1000);
	page_service(&r, s1, id, STREET);
	page_service(&r, s2, id, OTHER);
	apply(st, &r);
	assert_int_equal(count(st, "SELECT count(*) FROM seeker_name_gram WHERE name = '张建国'"),
	    5);

	/* A new phone here, not pushed yet. */
	fields_set(&f, "name", "张建国");
	fields_set(&f, "phone", "13800009999");
	assert_int_equal(seeker_save(st, id, &f, NULL, out, err, sizeof err), 0);
	fields_free(&f);
	/* The district moves the person to the other street: an index entry comes. */
	page_init(&r, "c2", STREET);
	page_identity(&r, id, OTHER, "registered", "2099-01-01");
	apply(st, &r);
	assert_int_equal(count(st, "SELECT count(*) FROM seeker"), 1);
	assert_int_equal(count(st, "SELECT count(*) FROM service_event"), 2);
	/* Another round, still not pushed: still here. */
	page_init(&r, "c3", STREET);
	apply(st, &r);
	assert_int_equal(count(st, "SELECT count(*) FROM seeker"), 1);

	memset(&ack, 0, sizeof ack);
	ack.applied_through = store_outbox_last_seq(st);
	assert_int_equal(store_outbox_ack(st, &ack, err, sizeof err), 0);
	page_init(&r, "c4", STREET);
	apply(st, &r);
	assert_int_equal(count(st, "SELECT count(*) FROM seeker"), 0);
	assert_int_equal(count(st, "SELECT count(*) FROM seeker_name_gram"), 0);
	/* The other street's service went with the person; this street's stays. */
	assert_int_equal(count(st, "SELECT count(*) FROM service_event"), 1);
	assert_int_equal(count(st, "SELECT count(*) FROM service_event WHERE office = '"
	    STREET "'"), 1);
	assert_int_equal(count(st, "SELECT count(*) FROM identity_index"), 1);
	/* Swept clean: no sweep waits any more. */
	assert_int_equal(count(st, "SELECT count(*) FROM setting WHERE key = 'scope_sweep'"), 0);

	/* The person comes back to the street: the whole record again, out of the index. */
	page_init(&r, "c5", STREET);
	page_seeker(&r, id, n1, "张建国", STREET, 2000);
	apply(st, &r);
	assert_int_equal(count(st, "SELECT count(*) FROM seeker"), 1);
	assert_int_equal(count(st, "SELECT count(*) FROM identity_index"), 0);
	store_close(st);
	rm_db(tmp("b.db"));
}

/*
 * A person of the street merged into a record outside it: the tombstone
 * stays (it redirects), what hung off the person and now hangs off the
 * survivor elsewhere leaves with the round.
 */
static void
test_merged_away(void **state)
{
	struct store *st = terminal("d.db");
	struct wire_pull_reply r;
	struct wire_record *rec;
	char loser[IDENT_LEN + 1], survivor[IDENT_LEN + 1], s1[IDENT_LEN + 1];
	const char *n1 = idnum("11010519700101101");

	(void)state;
	derived(st, n1, loser);
	store_new_id(survivor);
	store_new_id(s1);
	page_init(&r, "c1", STREET);
	page_offices(&r);
	page_seeker(&r, loser, n1, "张建国", STREET, 1000);
	page_service(&r, s1, loser, OTHER);
	apply(st, &r);
	assert_int_equal(count(st, "SELECT count(*) FROM service_event"), 1);
	page_init(&r, "c2", STREET);
	rec = page_add(&r, "seeker", loser);
	rec->deleted = 1;
	snprintf(rec->replaced_by, sizeof rec->replaced_by, "%s", survivor);
	page_identity(&r, survivor, OTHER, "registered", "2099-01-01");
	apply(st, &r);
	assert_int_equal(count(st, "SELECT count(*) FROM seeker WHERE deleted = 1"), 1);
	assert_int_equal(count(st, "SELECT count(*) FROM service_event"), 0);
	store_close(st);
	rm_db(tmp("d.db"));
}

/*
 * Vacancies: a closed one of another street goes at the round's end; an
 * open one, one of the street and one a referral here names stay. A new
 * scope lets go of every vacancy outside it that no waiting referral
 * names (the pull from the beginning brings the open ones back); the
 * whole district again forgets the identity index.
 */
static void
test_vacancies_and_scope_change(void **state)
{
	struct store *st = terminal("c.db");
	struct wire_pull_reply r;
	char e1[IDENT_LEN + 1], v1[IDENT_LEN + 1], v2[IDENT_LEN + 1], v3[IDENT_LEN + 1];
	char v4[IDENT_LEN + 1], rf[IDENT_LEN + 1], id[IDENT_LEN + 1], other[IDENT_LEN + 1];
	char scope[32];
	const char *n1 = idnum("11010519700101101");

	(void)state;
	store_new_id(e1);
	store_new_id(v1);
	store_new_id(v2);
	store_new_id(v3);
	store_new_id(v4);
	store_new_id(rf);
	store_new_id(other);
	derived(st, n1, id);
	page_init(&r, "c1", STREET);
	page_offices(&r);
	page_employer(&r, e1, 1000);
	page_vacancy(&r, e1, v1, OTHER, "open", 1000);
	page_vacancy(&r, e1, v2, OTHER, "open", 1000);
	page_vacancy(&r, e1, v3, STREET, "withdrawn", 1000);
	page_vacancy(&r, e1, v4, OTHER, "open", 1000);
	page_seeker(&r, id, n1, "张建国", STREET, 1000);
	page_referral(&r, rf, id, v4, e1, STREET, 1000);
	apply(st, &r);
	assert_int_equal(count(st, "SELECT count(*) FROM vacancy"), 4);

	/* v1 and v4 close at the district. */
	page_init(&r, "c2", STREET);
	page_vacancy(&r, e1, v1, OTHER, "withdrawn", 2000);
	page_vacancy(&r, e1, v4, OTHER, "filled", 2000);
	apply(st, &r);
	assert_int_equal(count(st, "SELECT count(*) FROM vacancy"), 3);
	assert_int_equal(count(st, "SELECT count(*) FROM vacancy WHERE status = 'withdrawn' "
	    "AND office = '" OTHER "'"), 0);
	assert_int_equal(count(st, "SELECT count(*) FROM vacancy WHERE status = 'filled'"), 1);

	/* The administrator scopes the terminal to the other street: from the beginning. */
	page_init(&r, "1.e.0.0.1.900", OTHER);
	r.reset = 1;
	r.more = 1;
	page_identity(&r, other, STREET, "registered", "2099-01-01");
	apply(st, &r);
	assert_int_equal(store_scope(st, scope, sizeof scope), 0);
	assert_string_equal(scope, OTHER);
	/* The street's own withdrawn vacancy is outside the new scope: gone. */
	assert_int_equal(count(st, "SELECT count(*) FROM vacancy WHERE office = '" STREET "'"), 0);
	assert_int_equal(count(st, "SELECT count(*) FROM identity_index"), 1);

	/* Back to the whole district: the index goes, every person comes in full. */
	page_init(&r, "1.e.0.0.2.0", "");
	r.reset = 1;
	apply(st, &r);
	assert_int_equal(store_scope(st, scope, sizeof scope), 0);
	assert_string_equal(scope, "");
	assert_int_equal(count(st, "SELECT count(*) FROM identity_index"), 0);
	store_close(st);
	rm_db(tmp("c.db"));
}

/* Whether a first sync's stage of identity index entries is still there: 1 or 0. */
static long
staged(struct store *st)
{
	return count(st, "SELECT count(*) FROM sqlite_master WHERE name = 'identity_stage'");
}

/*
 * A scoped terminal's first sync over several pages: the index entries
 * are held back until its last page, then each person's last word counts.
 * A person whose entry came first and whole record later (moved into the
 * street while the sync ran) is held in full and not in the index (were
 * the entry to win, the round's sweep would take the person away); one
 * whose whole record came first and entry later (moved out) leaves with
 * the round; a person with two entries shows the later one.
 */
static void
test_first_sync_staged(void **state)
{
	struct store *st = terminal("e.db");
	struct wire_pull_reply r;
	struct scope_elsewhere w;
	char p1[IDENT_LEN + 1], p2[IDENT_LEN + 1], p3[IDENT_LEN + 1], p4[IDENT_LEN + 1];
	const char *n1 = idnum("11010519700101101"), *n2 = idnum("11010519830404104");
	const char *n3 = idnum("11010519600606106"), *n4 = idnum("11010519650707107");

	(void)state;
	derived(st, n1, p1);
	derived(st, n2, p2);
	derived(st, n3, p3);
	derived(st, n4, p4);
	page_init(&r, "c1", STREET);
	r.more = 1;
	page_offices(&r);
	page_seeker(&r, p1, n1, "张建国", STREET, 1000);
	page_identity(&r, p2, OTHER, "registered", "2099-01-01");
	page_identity(&r, p3, OTHER, "registered", "2099-01-01");
	page_identity(&r, p4, OTHER, "registered", "2099-01-01");
	apply(st, &r);
	assert_int_equal(staged(st), 1);

	page_init(&r, "c2", STREET);
	r.more = 1;
	page_seeker(&r, p3, n3, "李秀英", STREET, 2000);
	page_identity(&r, p2, OTHER, "renewed", "2099-06-01");
	page_identity(&r, p1, OTHER, "registered", "2099-01-01");
	apply(st, &r);

	page_init(&r, "c3", STREET);
	apply(st, &r);
	assert_int_equal(staged(st), 0);
	/* p1 moved out and left; p3 moved in and stays, whole, out of the index. */
	assert_int_equal(count(st, "SELECT count(*) FROM seeker"), 1);
	assert_int_equal(store_scope_elsewhere(st, n3, &w), 0);
	assert_int_equal(count(st, "SELECT count(*) FROM identity_index"), 3);
	assert_int_equal(store_scope_elsewhere(st, n1, &w), 1);
	assert_string_equal(w.office, OTHER);
	/* p2's later entry. */
	assert_int_equal(store_scope_elsewhere(st, n2, &w), 1);
	assert_string_equal(w.status, "renewed");
	assert_int_equal(store_scope_elsewhere(st, n4, &w), 1);
	store_close(st);
	rm_db(tmp("e.db"));
}

/*
 * A first sync that stops short (the link, the laptop closed): the
 * entries its pages brought are in the index at the next start, and the
 * rest of the sync goes on from there.
 */
static void
test_first_sync_cut(void **state)
{
	struct store *st = terminal("f.db");
	struct wire_pull_reply r;
	struct scope_elsewhere w;
	char p1[IDENT_LEN + 1], p2[IDENT_LEN + 1], p3[IDENT_LEN + 1];
	const char *n1 = idnum("11010519700101101"), *n2 = idnum("11010519830404104");
	const char *n3 = idnum("11010519600606106");

	(void)state;
	derived(st, n1, p1);
	derived(st, n2, p2);
	derived(st, n3, p3);
	page_init(&r, "c1", STREET);
	r.more = 1;
	page_offices(&r);
	page_seeker(&r, p1, n1, "张建国", STREET, 1000);
	page_identity(&r, p2, OTHER, "registered", "2099-01-01");
	apply(st, &r);
	assert_int_equal(staged(st), 1);
	store_close(st);

	st = open_store_as(tmp("f.db"), "wang.li", DISTRICT);
	assert_int_equal(staged(st), 0);
	assert_int_equal(store_scope_elsewhere(st, n2, &w), 1);
	assert_string_equal(w.office, OTHER);
	page_init(&r, "c2", STREET);
	page_identity(&r, p3, OTHER, "registered", "2099-01-01");
	apply(st, &r);
	assert_int_equal(staged(st), 0);
	assert_int_equal(store_scope_elsewhere(st, n3, &w), 1);
	assert_int_equal(count(st, "SELECT count(*) FROM identity_index"), 2);
	assert_int_equal(count(st, "SELECT count(*) FROM seeker"), 1);
	store_close(st);
	rm_db(tmp("f.db"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_recognised_elsewhere),
		cmocka_unit_test(test_leaves_after_push),
		cmocka_unit_test(test_merged_away),
		cmocka_unit_test(test_vacancies_and_scope_change),
		cmocka_unit_test(test_first_sync_staged),
		cmocka_unit_test(test_first_sync_cut),
	};

	return cmocka_run_group_tests(tests, store_group_setup, store_group_teardown);
}
