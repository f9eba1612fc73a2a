/*
 * Unit tests for the outbox that carries a terminal's changes to the
 * server (src/store/db.c, row.c, seeker.c, employer.c). The server trusts
 * three things, and a clerk's work is lost if one breaks: the sequence is
 * gap-free (1..N, equal to the "outbox_seq" setting), an update carries
 * exactly the fields that changed, and stamps only go forward. A save that
 * fails leaves nothing behind: no row, no entry, no used-up number.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sqlite3.h>

#include "common/fields.h"
#include "core/check.h"
#include "store/employer.h"
#include "store/vacancy.h"
#include "store/seeker.h"
#include "store/store-int.h"
#include "store/store.h"

#include "testlib.h"

#define USCC_A	"91350100M000100Y43"
#define USCC_B	"91110108551385082Q"

struct entry {
	long		 seq;
	char		 tbl[32];
	char		 row_id[IDENT_LEN + 1];
	char		 op[8];
	json_t		*fields;
	uint64_t	 hlc;
};

/* The outbox entry with this sequence number; its fields are freed with entry_free(). */
static void
entry_get(struct store *st, long seq, struct entry *e)
{
	sqlite3_stmt *stmt;
	json_error_t jerr;

	memset(e, 0, sizeof *e);
	assert_int_equal(sqlite3_prepare_v2(st->db, "SELECT seq, tbl, row_id, op, fields, hlc "
	    "FROM outbox WHERE seq = ?", -1, &stmt, NULL), SQLITE_OK);
	sqlite3_bind_int64(stmt, 1, seq);
	if (sqlite3_step(stmt) != SQLITE_ROW)
		fail_msg("no outbox entry %ld", seq);
	e->seq = (long)sqlite3_column_int64(stmt, 0);
	snprintf(e->tbl, sizeof e->tbl, "%s", (const char *)sqlite3_column_text(stmt, 1));
	snprintf(e->row_id, sizeof e->row_id, "%s", (const char *)sqlite3_column_text(stmt, 2));
	snprintf(e->op, sizeof e->op, "%s", (const char *)sqlite3_column_text(stmt, 3));
	e->fields = json_loads((const char *)sqlite3_column_text(stmt, 4), 0, &jerr);
	if (e->fields == NULL || !json_is_object(e->fields))
		fail_msg("entry %ld: fields are not a JSON object: %s", seq, jerr.text);
	e->hlc = (uint64_t)sqlite3_column_int64(stmt, 5);
	sqlite3_finalize(stmt);
}

static void
entry_free(struct entry *e)
{
	json_decref(e->fields);
	e->fields = NULL;
}

/* A field of an entry as text, or NULL. */
static const char *
entry_field(const struct entry *e, const char *key)
{
	return json_string_value(json_object_get(e->fields, key));
}

/* Assert that the entry's fields are exactly the NULL-terminated keys given. */
static void
assert_exact_fields(const struct entry *e, ...)
{
	va_list ap;
	const char *k;
	size_t n = 0;

	va_start(ap, e);
	while ((k = va_arg(ap, const char *)) != NULL) {
		if (json_object_get(e->fields, k) == NULL) {
			char *dump = json_dumps(e->fields, 0);

			fail_msg("entry %ld lacks \"%s\": %s", e->seq, k, dump);
		}
		n++;
	}
	va_end(ap);
	if (json_object_size(e->fields) != n) {
		char *dump = json_dumps(e->fields, 0);

		fail_msg("entry %ld has %zu fields, expected %zu: %s", e->seq,
		    json_object_size(e->fields), n, dump);
	}
}

/* Assert the sequence is 1..N without a gap, N the setting; returns N. */
static long
assert_gap_free(struct store *st)
{
	long long n = count(st, "SELECT count(*) FROM outbox");

	assert_int_equal(store_outbox_pending(st), n);
	assert_int_equal(store_outbox_last_seq(st), n);
	if (n > 0) {
		assert_int_equal(count(st, "SELECT min(seq) FROM outbox"), 1);
		assert_int_equal(count(st, "SELECT max(seq) FROM outbox"), n);
	}
	return (long)n;
}

/* Register a seeker; the id into id. */
static void
register_seeker(struct store *st, const char *number, const char *name, const char *phone,
    char id[IDENT_LEN + 1])
{
	struct fields f = FIELDS_INIT;
	char err[256] = "";

	fields_set(&f, "id_number", number);
	fields_set(&f, "name", name);
	fields_set(&f, "phone", phone);
	fields_set(&f, "household", "1");
	fields_set(&f, "hardship", "03");
	if (seeker_save(st, NULL, &f, NULL, id, err, sizeof err) != 0)
		fail_msg("seeker %s not saved: %s", name, err);
	fields_free(&f);
}

/* Register an employer; the id into id. */
static void
register_employer(struct store *st, const char *uscc, const char *name, char id[IDENT_LEN + 1])
{
	struct fields f = FIELDS_INIT;
	char err[256] = "";

	fields_set(&f, "uscc", uscc);
	fields_set(&f, "name", name);
	fields_set(&f, "type", "100");
	fields_set(&f, "district", "110105");
	if (employer_save(st, NULL, &f, NULL, id, err, sizeof err) != 0)
		fail_msg("employer %s not saved: %s", name, err);
	fields_free(&f);
}

/* Vacancy fields; free with fields_free(). */
static void
vacancy_fields(struct fields *f, const char *title, const char *until)
{
	fields_set(f, "title", title);
	fields_set(f, "occupation", "4-07-05-02");
	fields_set(f, "headcount", "3");
	fields_set(f, "wage_min", "4000");
	fields_set(f, "wage_max", "6000");
	fields_set(f, "valid_until", until);
}

/* A registration: the seeker row, then its service event, both with one stamp. */
static void
test_seeker_registration(void **state)
{
	struct store *st = *state;
	char id[IDENT_LEN + 1];
	struct entry e;

	register_seeker(st, idnum("11010519900307123"), "张三丰", "13912345678", id);
	assert_int_equal(assert_gap_free(st), 2);
	entry_get(st, 1, &e);
	assert_string_equal(e.tbl, "seeker");
	assert_string_equal(e.op, "insert");
	assert_string_equal(e.row_id, id);
	assert_string_equal(entry_field(&e, "name"), "张三丰");
	assert_string_equal(entry_field(&e, "id_number"), idnum("11010519900307123"));
	/* Derived by the store, so they travel too. */
	assert_string_equal(entry_field(&e, "sex"), "1");
	assert_string_equal(entry_field(&e, "birth_date"), "1990-03-07");
	assert_string_equal(entry_field(&e, "status"), "registered");
	assert_non_null(entry_field(&e, "valid_until"));
	assert_string_equal(entry_field(&e, "office"), "110105");
	assert_string_equal(entry_field(&e, "created_by"), "wang.li");
	/* The stamp is a column of the entry, not one of its fields. */
	assert_null(json_object_get(e.fields, "hlc"));
	assert_true(e.hlc > 0);
	/* The row carries the same stamp as its entry. */
	assert_int_equal((uint64_t)count(st, "SELECT hlc FROM seeker WHERE id = '%s'", id), e.hlc);
	entry_free(&e);

	entry_get(st, 2, &e);
	assert_string_equal(e.tbl, "service_event");
	assert_string_equal(e.op, "insert");
	assert_string_equal(entry_field(&e, "type"), "registration");
	assert_string_equal(entry_field(&e, "seeker_id"), id);
	assert_string_equal(entry_field(&e, "free"), "1");
	/* Free as every service at a public office; hardship first of the bases. */
	assert_string_equal(entry_field(&e, "basis"), "hardship");
	assert_string_equal(entry_field(&e, "hardship"), "03");
	assert_string_equal(entry_field(&e, "clerk"), "wang.li");
	assert_null(json_object_get(e.fields, "employer_id"));
	entry_free(&e);

	/* The service event row itself. */
	assert_int_equal(count(st, "SELECT count(*) FROM service_event WHERE type = 'registration' "
	    "AND free = 1 AND basis = 'hardship' AND hardship = '03' AND office = '110105'"), 1);
}

/* An update carries exactly what changed; an unchanged save carries nothing. */
static void
test_update_exact_fields(void **state)
{
	struct store *st = *state;
	struct fields f = FIELDS_INIT;
	char id[IDENT_LEN + 1], out[IDENT_LEN + 1], err[256] = "";
	struct entry e, prev;

	register_seeker(st, idnum("11010519900307123"), "张三丰", "13912345678", id);
	entry_get(st, 1, &prev);
	/* The form sends every field, changed or not. */
	fields_set(&f, "id_number", idnum("11010519900307123"));
	fields_set(&f, "name", "张三丰");
	fields_set(&f, "phone", "13800001111");
	fields_set(&f, "household", "1");
	fields_set(&f, "hardship", "03");
	fields_set(&f, "address", "朝阳区建国路1号");
	assert_int_equal(seeker_save(st, id, &f, NULL, out, err, sizeof err), 0);
	assert_string_equal(out, id);
	assert_int_equal(assert_gap_free(st), 3);
	entry_get(st, 3, &e);
	assert_string_equal(e.tbl, "seeker");
	assert_string_equal(e.op, "update");
	assert_string_equal(e.row_id, id);
	assert_exact_fields(&e, "phone", "address", NULL);
	assert_string_equal(entry_field(&e, "phone"), "13800001111");
	assert_true(e.hlc > prev.hlc);
	entry_free(&e);
	entry_free(&prev);

	/* The same again: nothing to send. */
	assert_int_equal(seeker_save(st, id, &f, NULL, out, err, sizeof err), 1);
	assert_string_equal(out, id);
	assert_int_equal(assert_gap_free(st), 3);
	/* Registering the same ID number with the same values is no change either. */
	assert_int_equal(seeker_save(st, NULL, &f, NULL, out, err, sizeof err), 1);
	assert_string_equal(out, id);
	assert_int_equal(assert_gap_free(st), 3);
	/* A field the form leaves out is not a change to empty. */
	fields_set(&f, "address", NULL);
	assert_int_equal(seeker_save(st, id, &f, NULL, out, err, sizeof err), 1);
	fields_free(&f);
	assert_int_equal(assert_gap_free(st), 3);
}

/* Employer and vacancy registration, update and status changes. */
static void
test_employer_vacancy(void **state)
{
	struct store *st = *state;
	struct fields f = FIELDS_INIT;
	char eid[IDENT_LEN + 1], vid[IDENT_LEN + 1], out[IDENT_LEN + 1], err[256] = "";
	char today[11];
	struct entry e;

	register_employer(st, USCC_A, "北京市朝阳区某某餐饮有限公司", eid);
	assert_int_equal(assert_gap_free(st), 2);
	entry_get(st, 1, &e);
	assert_string_equal(e.tbl, "employer");
	assert_string_equal(e.op, "insert");
	assert_string_equal(e.row_id, eid);
	assert_string_equal(entry_field(&e, "uscc"), USCC_A);
	assert_string_equal(entry_field(&e, "status"), "active");
	entry_free(&e);
	entry_get(st, 2, &e);
	assert_string_equal(e.tbl, "service_event");
	assert_string_equal(entry_field(&e, "type"), "employer_registration");
	assert_string_equal(entry_field(&e, "employer_id"), eid);
	entry_free(&e);

	/* Rename: one update with the name only. */
	fields_set(&f, "uscc", USCC_A);
	fields_set(&f, "name", "北京市朝阳区某某餐饮管理有限公司");
	fields_set(&f, "type", "100");
	fields_set(&f, "district", "110105");
	assert_int_equal(employer_save(st, eid, &f, NULL, out, err, sizeof err), 0);
	assert_int_equal(employer_save(st, eid, &f, NULL, out, err, sizeof err), 1);
	fields_free(&f);
	assert_int_equal(assert_gap_free(st), 3);
	entry_get(st, 3, &e);
	assert_string_equal(e.op, "update");
	assert_exact_fields(&e, "name", NULL);
	entry_free(&e);

	vacancy_fields(&f, "厨师", "2099-12-31");
	assert_int_equal(vacancy_save(st, NULL, eid, &f, NULL, vid, err, sizeof err), 0);
	assert_int_equal(assert_gap_free(st), 5);
	entry_get(st, 4, &e);
	assert_string_equal(e.tbl, "vacancy");
	assert_string_equal(e.op, "insert");
	assert_string_equal(e.row_id, vid);
	assert_string_equal(entry_field(&e, "employer_id"), eid);
	assert_string_equal(entry_field(&e, "status"), "open");
	entry_free(&e);
	entry_get(st, 5, &e);
	assert_string_equal(entry_field(&e, "type"), "vacancy_registration");
	assert_string_equal(entry_field(&e, "vacancy_id"), vid);
	assert_string_equal(entry_field(&e, "employer_id"), eid);
	entry_free(&e);
	/* The service events themselves: one per registration, free, by this office. */
	assert_int_equal(count(st, "SELECT count(*) FROM service_event WHERE "
	    "type = 'employer_registration' AND seeker_id IS NULL AND vacancy_id IS NULL AND "
	    "free = 1 AND office = '110105' AND clerk = 'wang.li'"), 1);
	assert_int_equal(count(st, "SELECT count(*) FROM service_event WHERE "
	    "type = 'vacancy_registration' AND employer_id IS NOT NULL AND "
	    "vacancy_id IS NOT NULL"), 1);

	fields_set(&f, "headcount", "5");
	assert_int_equal(vacancy_save(st, vid, eid, &f, NULL, out, err, sizeof err), 0);
	assert_int_equal(assert_gap_free(st), 6);
	entry_get(st, 6, &e);
	assert_string_equal(e.op, "update");
	assert_exact_fields(&e, "headcount", NULL);
	assert_string_equal(entry_field(&e, "headcount"), "5");
	entry_free(&e);
	/* The same vacancy registered again (an import run twice): nothing. */
	assert_int_equal(vacancy_save(st, NULL, eid, &f, NULL, out, err, sizeof err), 1);
	assert_string_equal(out, vid);
	fields_free(&f);
	assert_int_equal(assert_gap_free(st), 6);

	assert_int_equal(vacancy_set_status(st, vid, "filled", NULL, err, sizeof err), 0);
	date_format(store_today(), today);
	assert_int_equal(assert_gap_free(st), 7);
	entry_get(st, 7, &e);
	assert_string_equal(e.tbl, "vacancy");
	/* The day it closed goes with it: supply and demand counts it up to then. */
	assert_exact_fields(&e, "status", "withdraw_reason", "closed_on", NULL);
	assert_string_equal(entry_field(&e, "status"), "filled");
	assert_string_equal(entry_field(&e, "closed_on"), today);
	entry_free(&e);
	assert_int_equal(employer_withdraw(st, eid, "closed", err, sizeof err), 0);
	assert_int_equal(assert_gap_free(st), 8);
	entry_get(st, 8, &e);
	assert_string_equal(e.tbl, "employer");
	assert_exact_fields(&e, "status", "withdraw_reason", NULL);
	assert_string_equal(entry_field(&e, "status"), "withdrawn");
	assert_string_equal(entry_field(&e, "withdraw_reason"), "closed");
	entry_free(&e);
}

/* Renewal and withdrawal: the lifecycle fields, and a service event for the renewal. */
static void
test_renew_withdraw(void **state)
{
	struct store *st = *state;
	char id[IDENT_LEN + 1], err[256] = "", today[11];
	struct entry e;

	date_format(store_today(), today);
	register_seeker(st, idnum("11010519900307123"), "张三丰", "13912345678", id);
	/* Registered today: a renewal would change nothing and writes nothing. */
	assert_int_equal(seeker_renew(st, id, err, sizeof err), 1);
	assert_int_equal(assert_gap_free(st), 2);
	/* Due to run out in a week: renewed. */
	exec_sql(st, "UPDATE seeker SET valid_until = date('now', 'localtime', '+7 days')");
	assert_int_equal(seeker_renew(st, id, err, sizeof err), 0);
	assert_int_equal(assert_gap_free(st), 4);
	entry_get(st, 3, &e);
	assert_string_equal(e.tbl, "seeker");
	assert_string_equal(e.op, "update");
	assert_exact_fields(&e, "status", "valid_until", NULL);
	assert_string_equal(entry_field(&e, "status"), "renewed");
	entry_free(&e);
	entry_get(st, 4, &e);
	assert_string_equal(e.tbl, "service_event");
	assert_string_equal(entry_field(&e, "type"), "renewal");
	assert_string_equal(entry_field(&e, "seeker_id"), id);
	entry_free(&e);

	/* No reason, no withdrawal, no entry. */
	assert_int_equal(seeker_withdraw(st, id, "", err, sizeof err), -1);
	assert_int_equal(assert_gap_free(st), 4);
	assert_int_equal(seeker_withdraw(st, id, "moved", err, sizeof err), 0);
	assert_int_equal(assert_gap_free(st), 5);
	entry_get(st, 5, &e);
	assert_exact_fields(&e, "status", "withdraw_reason", "closed_on", NULL);
	assert_string_equal(entry_field(&e, "status"), "withdrawn");
	assert_string_equal(entry_field(&e, "withdraw_reason"), "moved");
	assert_string_equal(entry_field(&e, "closed_on"), today);
	entry_free(&e);
	/* A closed registration cannot be withdrawn again: nothing is written. */
	assert_int_equal(seeker_withdraw(st, id, "moved", err, sizeof err), -1);
	assert_mentions(err, "already closed");
	assert_int_equal(assert_gap_free(st), 5);
	/*
	 * Someone who comes back is registered anew: status and date; the
	 * registration service is one a day, and today's was given already.
	 */
	assert_int_equal(seeker_renew(st, id, err, sizeof err), 0);
	assert_int_equal(assert_gap_free(st), 6);
	entry_get(st, 6, &e);
	assert_string_equal(entry_field(&e, "status"), "registered");
	assert_string_equal(entry_field(&e, "withdraw_reason"), "");
	assert_string_equal(entry_field(&e, "closed_on"), "");
	entry_free(&e);
	assert_int_equal(count(st, "SELECT count(*) FROM service_event WHERE type = "
	    "'registration'"), 1);
	/* Registered again another day: a registration of that day. */
	exec_sql(st, "UPDATE seeker SET status = 'withdrawn'");
	exec_sql(st, "UPDATE service_event SET id = '01900000-0000-7000-8000-00000000000a', "
	    "at = '2000-01-01T00:00:00Z' WHERE type = 'registration'");
	assert_int_equal(seeker_renew(st, id, err, sizeof err), 0);
	assert_int_equal(assert_gap_free(st), 8);
	entry_get(st, 8, &e);
	assert_string_equal(entry_field(&e, "type"), "registration");
	entry_free(&e);
}

/* Stamps go forward from one save to the next; entries of one save share theirs. */
static void
test_hlc_increasing(void **state)
{
	struct store *st = *state;
	char a[IDENT_LEN + 1], b[IDENT_LEN + 1], eid[IDENT_LEN + 1], vid[IDENT_LEN + 1];
	char err[256] = "";
	struct fields f = FIELDS_INIT;
	struct entry e;
	uint64_t last = 0;
	long n, i;
	int k;

	register_seeker(st, idnum("11010519900307123"), "张三丰", "13912345678", a);
	register_seeker(st, idnum("11010519920817234"), "李四", "13700000000", b);
	register_employer(st, USCC_A, "某某公司", eid);
	vacancy_fields(&f, "厨师", "2099-12-31");
	assert_int_equal(vacancy_save(st, NULL, eid, &f, NULL, vid, err, sizeof err), 0);
	fields_free(&f);
	for (k = 0; k < 20; k++) {
		/* Each renewal has something to renew. */
		exec_sql(st, "UPDATE seeker SET valid_until = date('now', 'localtime', '+7 days')");
		assert_int_equal(seeker_renew(st, k % 2 ? a : b, err, sizeof err), 0);
	}
	n = assert_gap_free(st);
	/* Twenty renewals, and a renewal service a day for each of the two. */
	assert_int_equal(n, 8 + 20 + 2);
	for (i = 1; i <= n; i++) {
		entry_get(st, i, &e);
		/* A service event travels with the record that caused it. */
		if (strcmp(e.tbl, "service_event") == 0)
			assert_int_equal(e.hlc, last);
		else if (e.hlc <= last)
			fail_msg("entry %ld: stamp %llu not after %llu", i,
			    (unsigned long long)e.hlc, (unsigned long long)last);
		last = e.hlc;
		entry_free(&e);
	}
	/* The persisted clock is the last stamp given. */
	{
		char *v = st_setting_get(st, "hlc");

		assert_non_null(v);
		assert_int_equal(strtoull(v, NULL, 10), last);
		free(v);
	}
}

/* Failed saves leave no row, no entry and no gap. */
static void
test_failed_saves(void **state)
{
	struct store *st = *state;
	struct fields f = FIELDS_INIT;
	char a[IDENT_LEN + 1], b[IDENT_LEN + 1], ea[IDENT_LEN + 1], eb[IDENT_LEN + 1];
	char out[IDENT_LEN + 1], err[256] = "", missing[IDENT_LEN + 1];
	long n;
	struct entry e;

	register_seeker(st, idnum("11010519900307123"), "张三丰", "13912345678", a);
	register_seeker(st, idnum("11010519920817234"), "李四", "13700000000", b);
	register_employer(st, USCC_A, "甲公司", ea);
	register_employer(st, USCC_B, "乙公司", eb);
	n = assert_gap_free(st);
	assert_int_equal(n, 8);

	/* A vacancy of an employer that is not registered. */
	store_new_id(missing);
	vacancy_fields(&f, "厨师", "2099-12-31");
	assert_int_equal(vacancy_save(st, NULL, missing, &f, NULL, out, err, sizeof err), -1);
	assert_mentions(err, "not registered");
	assert_int_equal(count(st, "SELECT count(*) FROM vacancy"), 0);
	assert_int_equal(assert_gap_free(st), n);
	/* Changing a vacancy that does not exist. */
	assert_int_equal(vacancy_save(st, missing, ea, &f, NULL, out, err, sizeof err), -1);
	assert_int_equal(count(st, "SELECT count(*) FROM vacancy"), 0);
	assert_int_equal(assert_gap_free(st), n);
	fields_free(&f);

	/* Li Si's record given Zhang's ID number. */
	fields_set(&f, "id_number", idnum("11010519900307123"));
	fields_set(&f, "name", "李四");
	fields_set(&f, "phone", "13700000000");
	assert_int_equal(seeker_save(st, b, &f, NULL, out, err, sizeof err), -1);
	assert_mentions(err, "cannot be changed");
	assert_int_equal(assert_gap_free(st), n);
	assert_int_equal(count(st, "SELECT count(*) FROM seeker"), 2);
	assert_int_equal(count(st, "SELECT count(*) FROM seeker WHERE id = '%s' AND "
	    "id_number = '%s'", b, idnum("11010519920817234")), 1);
	/* A seeker id that does not exist. */
	assert_int_equal(seeker_save(st, missing, &f, NULL, out, err, sizeof err), -1);
	assert_int_equal(assert_gap_free(st), n);
	fields_free(&f);

	/* Employer B given A's USCC. */
	fields_set(&f, "uscc", USCC_A);
	fields_set(&f, "name", "乙公司");
	assert_int_equal(employer_save(st, eb, &f, NULL, out, err, sizeof err), -1);
	assert_mentions(err, "cannot be changed");
	assert_int_equal(assert_gap_free(st), n);
	fields_free(&f);

	/* A lifecycle change of a seeker that does not exist. */
	assert_int_equal(seeker_renew(st, missing, err, sizeof err), -1);
	assert_int_equal(assert_gap_free(st), n);

	/* The next good save takes the next number. */
	vacancy_fields(&f, "厨师", "2099-12-31");
	assert_int_equal(vacancy_save(st, NULL, ea, &f, NULL, out, err, sizeof err), 0);
	fields_free(&f);
	assert_int_equal(assert_gap_free(st), n + 2);
	entry_get(st, n + 1, &e);
	assert_string_equal(e.tbl, "vacancy");
	assert_string_equal(e.row_id, out);
	entry_free(&e);
}

/*
 * A save that fails at its last step (here the audit record, made to fail
 * with a trigger) takes back the row and the outbox entries already written.
 */
static void
test_failure_rolls_back(void **state)
{
	struct store *st = *state;
	struct fields f = FIELDS_INIT;
	char id[IDENT_LEN + 1], out[IDENT_LEN + 1], err[256] = "";

	register_seeker(st, idnum("11010519900307123"), "张三丰", "13912345678", id);
	assert_int_equal(assert_gap_free(st), 2);
	exec_sql(st, "CREATE TEMP TRIGGER no_audit BEFORE INSERT ON audit "
	    "BEGIN SELECT RAISE(ABORT, 'audit is full'); END");

	fields_set(&f, "id_number", idnum("11010519920817234"));
	fields_set(&f, "name", "李四");
	assert_int_equal(seeker_save(st, NULL, &f, NULL, out, err, sizeof err), -1);
	assert_mentions(err, "audit is full");
	assert_int_equal(count(st, "SELECT count(*) FROM seeker"), 1);
	assert_int_equal(count(st, "SELECT count(*) FROM service_event"), 1);
	assert_int_equal(count(st, "SELECT count(*) FROM seeker_name_gram g JOIN seeker s "
	    "ON s.rid = g.rid WHERE s.name = '李四'"), 0);
	assert_int_equal(assert_gap_free(st), 2);

	/* An update that fails the same way. */
	fields_set(&f, "id_number", idnum("11010519900307123"));
	fields_set(&f, "name", "张三");
	assert_int_equal(seeker_save(st, id, &f, NULL, out, err, sizeof err), -1);
	assert_int_equal(count(st, "SELECT count(*) FROM seeker WHERE name = '张三丰'"), 1);
	assert_int_equal(assert_gap_free(st), 2);
	/* A renewal with something to renew, failing likewise. */
	exec_sql(st, "UPDATE seeker SET valid_until = date('now', 'localtime', '+7 days')");
	assert_int_equal(seeker_renew(st, id, err, sizeof err), -1);
	assert_int_equal(count(st, "SELECT count(*) FROM seeker WHERE status = 'registered'"), 1);
	assert_int_equal(assert_gap_free(st), 2);
	{
		char eid[IDENT_LEN + 1];
		struct fields g = FIELDS_INIT;

		fields_set(&g, "uscc", USCC_A);
		fields_set(&g, "name", "甲公司");
		assert_int_equal(employer_save(st, NULL, &g, NULL, eid, err, sizeof err), -1);
		fields_free(&g);
		assert_int_equal(count(st, "SELECT count(*) FROM employer"), 0);
		assert_int_equal(assert_gap_free(st), 2);
	}

	assert_int_equal(sqlite3_exec(st->db, "DROP TRIGGER no_audit", NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(seeker_save(st, NULL, &f, NULL, out, err, sizeof err), 0);
	fields_free(&f);
	assert_int_equal(assert_gap_free(st), 3);
}

/* Only the table's columns travel: a stray key (an extra CSV column) is not sent. */
static void
test_insert_only_columns(void **state)
{
	struct store *st = *state;
	struct fields f = FIELDS_INIT;
	char id[IDENT_LEN + 1], eid[IDENT_LEN + 1], err[256] = "";
	struct entry e;

	fields_set(&f, "id_number", idnum("11010519900307123"));
	fields_set(&f, "name", "张三丰");
	fields_set(&f, "remark", "call after 5pm");
	assert_int_equal(seeker_save(st, NULL, &f, NULL, id, err, sizeof err), 0);
	fields_free(&f);
	entry_get(st, 1, &e);
	assert_null(json_object_get(e.fields, "remark"));
	assert_non_null(json_object_get(e.fields, "name"));
	entry_free(&e);

	fields_set(&f, "uscc", USCC_A);
	fields_set(&f, "name", "甲公司");
	fields_set(&f, "remark", "x");
	assert_int_equal(employer_save(st, NULL, &f, NULL, eid, err, sizeof err), 0);
	fields_free(&f);
	entry_get(st, 3, &e);
	assert_string_equal(e.tbl, "employer");
	assert_null(json_object_get(e.fields, "remark"));
	entry_free(&e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_seeker_registration, store_setup, store_teardown),
		cmocka_unit_test_setup_teardown(test_update_exact_fields, store_setup, store_teardown),
		cmocka_unit_test_setup_teardown(test_employer_vacancy, store_setup, store_teardown),
		cmocka_unit_test_setup_teardown(test_renew_withdraw, store_setup, store_teardown),
		cmocka_unit_test_setup_teardown(test_hlc_increasing, store_setup, store_teardown),
		cmocka_unit_test_setup_teardown(test_failed_saves, store_setup, store_teardown),
		cmocka_unit_test_setup_teardown(test_failure_rolls_back, store_setup, store_teardown),
		cmocka_unit_test_setup_teardown(test_insert_only_columns, store_setup, store_teardown),
	};

	if (utf8_locale("test_outbox") != 0)
		return 1;
	return cmocka_run_group_tests(tests, store_group_setup, store_group_teardown);
}
