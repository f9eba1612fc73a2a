/*
 * Tests of jobdeskd's PostgreSQL side (src/server/pg-*.c, admin.c) against
 * a real server: $JOBDESK_PG is the conninfo of a throwaway PostgreSQL
 * (tests/sync/lib.sh starts one for make check) whose user may create
 * databases; the test makes its own database, jobdesk_test_pg, afresh.
 * Without $JOBDESK_PG the test says so and is skipped.
 *
 * Covered: migrations (twice, and a newer schema refused), enrollment
 * (one use, expiry, revocation), the push rules (replay, gap, wrong
 * office, parked changes, per-field LWW in both orders, the tie-break,
 * the conflict journal, natural-key merges, deletes, the drift guard),
 * pulls (cursor, reset, the late commit, the page built ahead), a lost
 * connection, and the admin commands' refusals.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "common/log.h"
#include "core/hlc.h"
#include "core/sign.h"
#include "server/admin.h"
#include "server/pg.h"
#include "server/pg-int.h"
#include "server/pull-ahead.h"
#include "wire/fields-json.h"
#include "wire/stamps.h"
#include "wire/wire.h"

#include "testlib.h"

#define TESTDB		"jobdesk_test_pg"
#define OFFICE_A	"110105"
#define OFFICE_B	"110108"
#define TERM_A		"0000000a-0000-4000-8000-00000000000a"
#define TERM_B		"0000000b-0000-4000-8000-00000000000b"
#define TERM_C		"0000000c-0000-4000-8000-00000000000c"
#define DRIFT_MS	300000L
/* The forms migrate loads: seeker, employer, vacancy, guidance, assistance_plan. */
#define SHIPPED_FORMS	5

static char		 conninfo[1024];
static struct pg_settings settings;	/* the test database's */
static struct pg	*pg;		/* the worker connection under test */
static PGconn		*raw;		/* a plain connection for checks */
static struct pg_terminal ta, tb, tc;
static char		 ta_token[64];		/* terminal A's token */
static int64_t		 seq_a, seq_b, seq_c;	/* the last seq each terminal pushed */
static int		 idseq;

/* ---- Helpers ---- */

/* Run SQL on the plain connection and fail the test if it fails. */
static void
sql(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
sql(const char *fmt, ...)
{
	char q[2048];
	va_list ap;
	PGresult *res;

	va_start(ap, fmt);
	vsnprintf(q, sizeof q, fmt, ap);
	va_end(ap);
	res = PQexec(raw, q);
	if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK)
		fail_msg("%s: %s", q, PQerrorMessage(raw));
	PQclear(res);
}

/* The first value of a query on the plain connection ("" for none), static. */
static const char *
val(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static const char *
val(const char *fmt, ...)
{
	static char out[4][1024];
	static int which;
	char q[2048];
	va_list ap;
	PGresult *res;

	va_start(ap, fmt);
	vsnprintf(q, sizeof q, fmt, ap);
	va_end(ap);
	which = (which + 1) % 4;
	res = PQexec(raw, q);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		fail_msg("%s: %s", q, PQerrorMessage(raw));
	snprintf(out[which], sizeof out[which], "%s", PQntuples(res) > 0 &&
	    !PQgetisnull(res, 0, 0) ? PQgetvalue(res, 0, 0) : "");
	PQclear(res);
	return out[which];
}

/* A number from a query. */
static long long
num(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static long long
num(const char *fmt, ...)
{
	char q[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(q, sizeof q, fmt, ap);
	va_end(ap);
	return strtoll(val("%s", q), NULL, 10);
}

/* A new record id, different in every call. */
static const char *
newid(void)
{
	static char out[4][IDENT_LEN + 1];
	static int which;

	which = (which + 1) % 4;
	snprintf(out[which], sizeof out[which], "%08x-0000-4000-8000-%012x", (unsigned)getpid(),
	    (unsigned)++idseq);
	return out[which];
}

/* Now on the hybrid logical clock, plus ms. */
static uint64_t
clock_at(long long ms)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return hlc_pack((uint64_t)((long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 + ms), 0);
}

/* Fill change c; the fields are NULL-terminated key, value pairs. */
static void
change(struct wire_change *c, int64_t seq, const char *tbl, const char *id, const char *op,
    uint64_t hlc, ...)
{
	const char *k, *v;
	va_list ap;

	memset(c, 0, sizeof *c);
	c->seq = seq;
	snprintf(c->tbl, sizeof c->tbl, "%s", tbl);
	snprintf(c->id, sizeof c->id, "%s", id);
	snprintf(c->op, sizeof c->op, "%s", op);
	c->hlc = hlc;
	fields_init(&c->fields);
	va_start(ap, hlc);
	while ((k = va_arg(ap, const char *)) != NULL) {
		v = va_arg(ap, const char *);
		fields_set(&c->fields, k, v);
	}
	va_end(ap);
}

/* The test accounts' signing keys, as the server keeps them (group_setup). */
static unsigned char key_a[SIGN_SECRET_LEN], key_b[SIGN_SECRET_LEN];
#define ACCOUNT_A	"wang.a"	/* a supervisor of OFFICE_A's district */
#define ACCOUNT_B	"li.b"		/* a supervisor of OFFICE_B's */

/* Sign change c, sent from terminal, as login with key. */
static void
sign_as(struct wire_change *c, const char *terminal, const char *login, const unsigned char *key)
{
	char *fields = wire_fields_text(&c->fields, 1), *base = wire_fields_text(&c->base, 1);
	struct sign_change sc = { terminal, c->tbl, c->id, c->op, c->hlc, login, fields, base };

	snprintf(c->author, sizeof c->author, "%s", login);
	sign_change(key, &sc, c->sig);
	free(fields);
	free(base);
}

/* Push n changes for terminal t; the outcome. reply and e are filled. */
static enum pg_outcome
push(const struct pg_terminal *t, struct wire_change *c, size_t n, struct wire_push_reply *reply,
    struct wire_error *e)
{
	struct wire_push p;
	size_t i;

	/* A change without an author is made by the supervisor of the terminal's district. */
	for (i = 0; i < n; i++)
		if (c[i].author[0] == '\0') {
			int b = strcmp(t->office, OFFICE_B) == 0;

			sign_as(&c[i], t->id, b ? ACCOUNT_B : ACCOUNT_A, b ? key_b : key_a);
		}
	memset(&p, 0, sizeof p);
	memset(e, 0, sizeof *e);
	snprintf(p.terminal, sizeof p.terminal, "%s", t->id);
	p.n = n;
	p.changes = c;
	return pg_push(pg, t, &p, reply, e);
}

/* Push one change as the next of terminal t and expect it applied (no rejection). */
static void
push_ok(const struct pg_terminal *t, int64_t *seq, struct wire_change *c)
{
	struct wire_push_reply r;
	struct wire_error e;
	enum pg_outcome rc;

	c->seq = ++*seq;
	rc = push(t, c, 1, &r, &e);
	if (rc != PG_OK)
		fail_msg("push: %d %s %s", (int)rc, e.error, e.message);
	if (r.nrejected != 0)
		fail_msg("push: change %lld rejected: %s", (long long)c->seq, r.rejected[0].reason);
	assert_int_equal(r.applied_through, *seq);
	wire_push_reply_free(&r);
	fields_free(&c->fields);
	fields_free(&c->base);
}

/* Push one change and expect it parked; the reason into out. */
static void
push_parked(const struct pg_terminal *t, int64_t *seq, struct wire_change *c, char *out,
    size_t outlen)
{
	struct wire_push_reply r;
	struct wire_error e;
	enum pg_outcome rc;

	c->seq = ++*seq;
	rc = push(t, c, 1, &r, &e);
	if (rc != PG_OK)
		fail_msg("push: %d %s %s", (int)rc, e.error, e.message);
	assert_int_equal(r.nrejected, 1);
	assert_int_equal(r.rejected[0].seq, *seq);
	snprintf(out, outlen, "%s", r.rejected[0].reason);
	wire_push_reply_free(&r);
	fields_free(&c->fields);
	fields_free(&c->base);
}

/* Run an admin command with argv words; the exit status, output and messages in out/err. */
static int
admin(char *out, size_t outlen, char *err, size_t errlen, const char *password, ...)
{
	struct admin_settings set;
	char *argv[16];
	int argc = 0, rc, fds[2] = { -1, -1 };
	FILE *fo = tmpfile(), *fe = tmpfile();
	const char *a;
	size_t n;
	va_list ap;

	va_start(ap, password);
	while ((a = va_arg(ap, const char *)) != NULL && argc < 15)
		argv[argc++] = (char *)a;
	va_end(ap);
	argv[argc] = NULL;
	memset(&set, 0, sizeof set);
	set.data_dir = top();
	set.pwhash_ops = 1;
	set.pwhash_memory_kib = 8;
	set.out = fo;
	set.err = fe;
	if (password != NULL) {
		assert_int_equal(pipe(fds), 0);
		assert_true(write(fds[1], password, strlen(password)) == (ssize_t)strlen(password));
		close(fds[1]);
		set.password_fd = fds[0];
	} else
		set.password_fd = -1;
	rc = admin_main(pg, &set, argc, argv);
	if (fds[0] >= 0)
		close(fds[0]);
	rewind(fo);
	n = fread(out, 1, outlen - 1, fo);
	out[n] = '\0';
	rewind(fe);
	n = fread(err, 1, errlen - 1, fe);
	err[n] = '\0';
	fclose(fo);
	fclose(fe);
	return rc;
}

/* Enroll terminal id for office with a fresh code; t filled, the token into token. */
static void
enroll(const char *id, const char *office, struct pg_terminal *t, char *token, size_t toklen)
{
	char out[256], err[512];
	struct wire_enroll req;
	struct wire_enroll_reply rep;
	struct wire_error e;

	assert_int_equal(admin(out, sizeof out, err, sizeof err, NULL, "enroll", "--office",
	    office, NULL), 0);
	out[strcspn(out, "\n")] = '\0';
	memset(&req, 0, sizeof req);
	snprintf(req.code, sizeof req.code, "%.63s", out);
	snprintf(req.terminal, sizeof req.terminal, "%s", id);
	memset(&e, 0, sizeof e);
	if (pg_enroll(pg, &req, &rep, &e) != PG_OK)
		fail_msg("enroll: %s %s", e.error, e.message);
	assert_int_equal(strlen(rep.token), 43);
	assert_string_equal(rep.office_code, office);
	assert_int_equal(strlen(rep.identity_key), 64);
	assert_string_equal(rep.terminal, id);
	snprintf(token, toklen, "%s", rep.token);
	assert_int_equal(pg_auth(pg, token, t, &e), PG_OK);
	assert_string_equal(t->id, id);
	assert_string_equal(t->office, office);
}

/*
 * Pull the page after cursor into reply r as terminal t receives it: the
 * server's reply encoded and decoded again; the outcome.
 */
static enum pg_outcome
pull_for(const struct pg_terminal *t, const char *cursor, long limit, struct wire_pull_reply *r,
    struct wire_error *e)
{
	struct wire_pull p;
	struct wire_pull_reply sent;
	char err[WIRE_REASON_LEN], *json;
	size_t len;
	enum pg_outcome rc;

	memset(&p, 0, sizeof p);
	memset(e, 0, sizeof *e);
	snprintf(p.cursor, sizeof p.cursor, "%s", cursor);
	p.limit = limit;
	if ((rc = pg_pull(pg, t, &p, &sent, e)) != PG_OK)
		return rc;
	json = wire_pull_reply_encode(&sent, &len);
	wire_pull_reply_free(&sent);
	if (wire_pull_reply_decode(json, len, r, err, sizeof err) != 0)
		fail_msg("the pull reply does not decode: %s", err);
	free(json);
	return rc;
}

/* The same as terminal A (office A) receives it. */
static enum pg_outcome
pull(const char *cursor, long limit, struct wire_pull_reply *r, struct wire_error *e)
{
	return pull_for(&ta, cursor, limit, r, e);
}

/* Pull until nothing more is ready; the final cursor into cursor. */
static void
pull_all(char cursor[WIRE_CURSOR_LEN])
{
	struct wire_pull_reply r;
	struct wire_error e;

	do {
		assert_int_equal(pull(cursor, WIRE_MAX_RECORDS, &r, &e), PG_OK);
		snprintf(cursor, WIRE_CURSOR_LEN, "%s", r.cursor);
		wire_pull_reply_free(&r);
	} while (r.more);
}

/* Whether a pull reply holds the record tbl/key. */
static const struct wire_record *
has_record(const struct wire_pull_reply *r, const char *tbl, const char *key)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->records[i].tbl, tbl) == 0 && strcmp(r->records[i].key, key) == 0)
			return &r->records[i];
	return NULL;
}

/* A field of a record as the server holds it. */
static const char *
field(const char *tbl, const char *key, const char *name)
{
	return val("SELECT fields->>'%s' FROM record WHERE tbl = '%s' AND key = '%s'", name, tbl,
	    key);
}

/* A field's stamp. */
static const char *
stamp(const char *tbl, const char *key, const char *name)
{
	/* Kept compact: a field not named has the stamp named "*" (wire/stamps.h). */
	return val("SELECT CASE WHEN stamps ? '%s' THEN stamps->>'%s' ELSE stamps->>'*' END "
	    "FROM record WHERE tbl = '%s' AND key = '%s'", name, name, tbl, key);
}

/* ---- Setup ---- */

/* PostgreSQL's notices ("does not exist, skipping") are not test output. */
static void
quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* Make the test database afresh, connect, migrate, add offices and terminals. */
static int
group_setup(void **state)
{
	char err[1024], out[512], token[64];
	PGconn *admin_conn;
	PGresult *res;

	(void)state;
	log_set_file(NULL);
	admin_conn = PQconnectdb(getenv("JOBDESK_PG"));
	if (PQstatus(admin_conn) != CONNECTION_OK) {
		fprintf(stderr, "test_pg: cannot connect to JOBDESK_PG: %s",
		    PQerrorMessage(admin_conn));
		PQfinish(admin_conn);
		return -1;
	}
	PQsetNoticeProcessor(admin_conn, quiet, NULL);
	res = PQexec(admin_conn, "DROP DATABASE IF EXISTS " TESTDB " WITH (FORCE)");
	PQclear(res);
	res = PQexec(admin_conn, "CREATE DATABASE " TESTDB);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		fprintf(stderr, "test_pg: cannot create %s: %s", TESTDB,
		    PQerrorMessage(admin_conn));
		PQclear(res);
		PQfinish(admin_conn);
		return -1;
	}
	PQclear(res);
	PQfinish(admin_conn);
	snprintf(conninfo, sizeof conninfo, "%s dbname=%s", getenv("JOBDESK_PG"), TESTDB);
	memset(&settings, 0, sizeof settings);
	settings.conninfo = conninfo;
	settings.max_drift_ms = DRIFT_MS;
	settings.statement_timeout_ms = 5000;
	if ((pg = pg_connect(&settings, err, sizeof err)) == NULL) {
		fprintf(stderr, "test_pg: %s\n", err);
		return -1;
	}
	raw = PQconnectdb(conninfo);
	if (PQstatus(raw) != CONNECTION_OK)
		return -1;
	if (admin(out, sizeof out, err, sizeof err, NULL, "migrate", NULL) != 0) {
		fprintf(stderr, "test_pg: migrate: %s\n", err);
		return -1;
	}
	if (admin(out, sizeof out, err, sizeof err, NULL, "office", "add", "1101", "北京市",
	    "city", NULL) != 0 ||
	    admin(out, sizeof out, err, sizeof err, NULL, "office", "add", OFFICE_A, "朝阳区",
	    "district", "1101", NULL) != 0 ||
	    admin(out, sizeof out, err, sizeof err, NULL, "office", "add", OFFICE_A "-01",
	    "建外街道", "street", OFFICE_A, NULL) != 0 ||
	    admin(out, sizeof out, err, sizeof err, NULL, "office", "add", OFFICE_B, "海淀区",
	    "district", "1101", NULL) != 0) {
		fprintf(stderr, "test_pg: office add: %s\n", err);
		return -1;
	}
	enroll(TERM_A, OFFICE_A, &ta, ta_token, sizeof ta_token);
	enroll(TERM_B, OFFICE_A, &tb, token, sizeof token);
	enroll(TERM_C, OFFICE_B, &tc, token, sizeof token);
	if (admin(out, sizeof out, err, sizeof err, "test-password-1\n", "account", "add",
	    ACCOUNT_A, "--name", "王安", "--office", OFFICE_A, "--role", "supervisor", NULL) != 0 ||
	    admin(out, sizeof out, err, sizeof err, "test-password-1\n", "account", "add",
	    ACCOUNT_B, "--name", "李白", "--office", OFFICE_B, "--role", "supervisor", NULL) != 0) {
		fprintf(stderr, "test_pg: account add: %s\n", err);
		return -1;
	}
	/* The server keeps each account's secret key to seal it again: the tests sign with it. */
	if (sign_from_hex(val("SELECT encode(secret_key, 'hex') FROM account WHERE login = '"
	    ACCOUNT_A "'"), key_a, sizeof key_a) != 0 ||
	    sign_from_hex(val("SELECT encode(secret_key, 'hex') FROM account WHERE login = '"
	    ACCOUNT_B "'"), key_b, sizeof key_b) != 0) {
		fprintf(stderr, "test_pg: the accounts have no signing keys\n");
		return -1;
	}
	return 0;
}

/* Close the connections; the database stays for a look after a failure. */
static int
group_teardown(void **state)
{
	(void)state;
	pg_close(pg);
	PQfinish(raw);
	return 0;
}

/* ---- Migrations ---- */

/* Migrating again changes nothing; a newer schema is refused and left alone. */
static void
test_migrate_twice(void **state)
{
	char err[512], epoch[64], key[80], latest[16];
	long long tables = num("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'");
	long long codes = num("SELECT count(*) FROM record WHERE tbl = 'code'");

	(void)state;
	snprintf(epoch, sizeof epoch, "%s", val("SELECT value FROM meta WHERE key = 'epoch'"));
	snprintf(key, sizeof key, "%s", val("SELECT value FROM meta WHERE key = 'identity_key'"));
	assert_int_equal(strlen(key), 64);
	assert_true(codes > 100);
	assert_int_equal(num("SELECT count(*) FROM record WHERE tbl = 'form'"), SHIPPED_FORMS);
	assert_int_equal(pg_migrate(pg, err, sizeof err), 0);
	assert_int_equal(pg_migrate(pg, err, sizeof err), 0);
	assert_string_equal(val("SELECT value FROM meta WHERE key = 'epoch'"), epoch);
	assert_string_equal(val("SELECT value FROM meta WHERE key = 'identity_key'"), key);
	assert_int_equal(num("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"),
	    tables);
	assert_int_equal(num("SELECT count(*) FROM record WHERE tbl = 'code'"), codes);
	/* The schema is the last migration's. */
	snprintf(latest, sizeof latest, "%d", server_migrations[n_server_migrations - 1].version);
	assert_string_equal(val("SELECT value FROM meta WHERE key = 'schema_version'"), latest);

	sql("UPDATE meta SET value = '99' WHERE key = 'schema_version'");
	assert_int_equal(pg_migrate(pg, err, sizeof err), -1);
	assert_mentions(err, "newer");
	assert_string_equal(val("SELECT value FROM meta WHERE key = 'schema_version'"), "99");
	sql("UPDATE meta SET value = '3' WHERE key = 'schema_version'");
}

/* ---- Enrollment ---- */

/* A code works once; an expired code not at all; a revoked terminal's token stops working. */
static void
test_enroll_code_once(void **state)
{
	char out[256], err[512], code[256], token[WIRE_TOKEN_LEN];
	struct wire_enroll req;
	struct wire_enroll_reply rep;
	struct wire_error e;
	struct pg_terminal t;
	const char *id = "0000000d-0000-4000-8000-00000000000d";

	(void)state;
	assert_int_equal(admin(out, sizeof out, err, sizeof err, NULL, "enroll", "--office",
	    OFFICE_B, NULL), 0);
	out[strcspn(out, "\n")] = '\0';
	snprintf(code, sizeof code, "%s", out);
	assert_int_equal(strlen(code), 23);
	/* Stored hashed only. */
	assert_int_equal(num("SELECT count(*) FROM enroll_code WHERE "
	    "position(convert_to('%s', 'UTF8') in code_hash) > 0", code), 0);
	memset(&req, 0, sizeof req);
	/* Typed in lower case without dashes, it is the same code. */
	for (size_t i = 0, n = 0; code[i] != '\0'; i++)
		if (code[i] != '-')
			req.code[n++] = (char)(code[i] >= 'A' && code[i] <= 'Z' ? code[i] + 32 :
			    code[i]);
	snprintf(req.terminal, sizeof req.terminal, "%s", id);
	assert_int_equal(pg_enroll(pg, &req, &rep, &e), PG_OK);
	assert_string_equal(rep.office_name, "海淀区");
	assert_string_equal(rep.office_parent, "1101");
	assert_int_equal(pg_auth(pg, rep.token, &t, &e), PG_OK);
	/* Kept: a refused enrollment clears the reply. */
	snprintf(token, sizeof token, "%s", rep.token);
	/* Once only. */
	assert_int_equal(pg_enroll(pg, &req, &rep, &e), PG_BAD_CODE);
	assert_string_equal(e.error, "bad_code");

	/* Expired. */
	assert_int_equal(admin(out, sizeof out, err, sizeof err, NULL, "enroll", "--office",
	    OFFICE_B, NULL), 0);
	out[strcspn(out, "\n")] = '\0';
	snprintf(req.code, sizeof req.code, "%.63s", out);
	sql("UPDATE enroll_code SET expires_at = now() - interval '1 minute' WHERE used_at IS NULL");
	assert_int_equal(pg_enroll(pg, &req, &rep, &e), PG_BAD_CODE);
	assert_string_equal(e.error, "bad_code");
	/* Unknown. */
	snprintf(req.code, sizeof req.code, "AAAAA-BBBBB");
	assert_int_equal(pg_enroll(pg, &req, &rep, &e), PG_BAD_CODE);

	/* Revoked: the token is refused as revoked, an unknown token as unauthorized. */
	assert_int_equal(admin(out, sizeof out, err, sizeof err, NULL, "terminal", "revoke", id,
	    NULL), 0);
	assert_int_equal(pg_auth(pg, token, &t, &e), PG_REVOKED);
	assert_string_equal(e.error, "revoked");
	assert_int_equal(pg_auth(pg, "nosuchtoken", &t, &e), PG_UNAUTHORIZED);
	assert_string_equal(e.error, "unauthorized");
	{
		char list[4096];

		assert_int_equal(admin(list, sizeof list, err, sizeof err, NULL, "terminal", "list",
		    NULL), 0);
		assert_mentions(list, id);
		assert_mentions(list, "REVOKED");
	}
	assert_int_equal(admin(out, sizeof out, err, sizeof err, NULL, "terminal", "revoke",
	    "0000000e-0000-4000-8000-00000000000e", NULL), 1);
	assert_mentions(err, "unknown terminal");
}

/* Enroll id for office with a fresh code; the outcome, the reply in rep. */
static enum pg_outcome
enroll_as(const char *id, const char *office, struct wire_enroll_reply *rep, struct wire_error *e)
{
	char out[256], err[512];
	struct wire_enroll req;

	assert_int_equal(admin(out, sizeof out, err, sizeof err, NULL, "enroll", "--office",
	    office, NULL), 0);
	out[strcspn(out, "\n")] = '\0';
	memset(&req, 0, sizeof req);
	snprintf(req.code, sizeof req.code, "%.63s", out);
	snprintf(req.terminal, sizeof req.terminal, "%s", id);
	memset(e, 0, sizeof *e);
	return pg_enroll(pg, &req, rep, e);
}

/*
 * A fresh code presented with an enrolled terminal's id (ids are public)
 * does not take the terminal over: the enrollment gets a new id, the
 * terminal keeps its token. After the administrator revokes it, the same
 * id enrolls again, with a new token and its place in the sequence.
 */
static void
test_enroll_again_keeps_seq(void **state)
{
	struct wire_change c;
	struct wire_enroll_reply rep;
	struct pg_terminal t;
	struct wire_error e;
	char token[64], old[80], out[256], err[512];
	const char *id = newid();

	(void)state;
	change(&c, 0, "seeker", id, "insert", clock_at(0), "name", "张三", "office", OFFICE_B,
	    NULL);
	push_ok(&tc, &seq_c, &c);
	snprintf(old, sizeof old, "%s", val("SELECT encode(token_hash, 'hex') FROM terminal "
	    "WHERE id = '%s'", TERM_C));
	/* The takeover: refused, a new terminal instead. */
	assert_int_equal(enroll_as(TERM_C, OFFICE_B, &rep, &e), PG_OK);
	assert_string_not_equal(rep.terminal, TERM_C);
	assert_int_equal(strlen(rep.terminal), IDENT_LEN);
	assert_string_equal(val("SELECT encode(token_hash, 'hex') FROM terminal WHERE id = '%s'",
	    TERM_C), old);
	assert_int_equal(pg_auth(pg, rep.token, &t, &e), PG_OK);
	assert_string_equal(t.id, rep.terminal);
	assert_string_equal(t.office, OFFICE_B);
	assert_int_equal(num("SELECT last_seq FROM terminal WHERE id = '%s'", rep.terminal), 0);
	assert_int_equal(num("SELECT count(*) FROM enroll_code WHERE terminal = '%s'",
	    rep.terminal), 1);
	/* The real terminal still pushes. */
	change(&c, 0, "seeker", newid(), "insert", clock_at(0), "name", "李四", "office", OFFICE_B,
	    NULL);
	push_ok(&tc, &seq_c, &c);
	/* Revoked by the administrator: now the id enrolls again. */
	assert_int_equal(admin(out, sizeof out, err, sizeof err, NULL, "terminal", "revoke",
	    TERM_C, NULL), 0);
	enroll(TERM_C, OFFICE_B, &t, token, sizeof token);
	assert_string_not_equal(val("SELECT encode(token_hash, 'hex') FROM terminal WHERE id = '%s'",
	    TERM_C), old);
	assert_int_equal(num("SELECT last_seq FROM terminal WHERE id = '%s'", TERM_C), seq_c);
	assert_int_equal(pg_auth(pg, token, &t, &e), PG_OK);
}

/*
 * A code of one office cannot take over a terminal enrolled for another,
 * revoked or not: the enrollment becomes a new terminal of the code's
 * office, and the terminal keeps its office and token.
 */
static void
test_enroll_other_office_refused(void **state)
{
	char old[80], out[256], err[512];
	struct wire_enroll_reply rep;
	struct wire_error e;
	struct pg_terminal t;
	int revoked;

	(void)state;
	for (revoked = 0; revoked <= 1; revoked++) {
		snprintf(old, sizeof old, "%s", val("SELECT encode(token_hash, 'hex') FROM terminal "
		    "WHERE id = '%s'", TERM_C));
		assert_int_equal(enroll_as(TERM_C, OFFICE_A, &rep, &e), PG_OK);
		assert_string_not_equal(rep.terminal, TERM_C);
		assert_string_equal(rep.office_code, OFFICE_A);
		assert_string_equal(val("SELECT office FROM terminal WHERE id = '%s'", TERM_C),
		    OFFICE_B);
		assert_string_equal(val("SELECT encode(token_hash, 'hex') FROM terminal "
		    "WHERE id = '%s'", TERM_C), old);
		assert_int_equal(pg_auth(pg, rep.token, &t, &e), PG_OK);
		assert_string_equal(t.office, OFFICE_A);
		if (!revoked)
			assert_int_equal(admin(out, sizeof out, err, sizeof err, NULL, "terminal",
			    "revoke", TERM_C, NULL), 0);
	}
	/* Revoked for good here: the tests after this one need TERM_C, so enroll it again. */
	enroll(TERM_C, OFFICE_B, &tc, old, sizeof old);
}

/* ---- Push ---- */

/* A replayed push applies nothing and gets the same answer, rejections included. */
static void
test_push_replay(void **state)
{
	struct wire_change c[3];
	struct wire_push_reply r1, r2;
	struct wire_error e;
	const char *good = newid(), *bad = newid(), *ev = newid();
	long long logs, records, parked;
	size_t i;

	(void)state;
	change(&c[0], seq_a + 1, "seeker", good, "insert", clock_at(0), "name", "李四",
	    "id_number", idnum("11010519800101001"), "office", OFFICE_A, NULL);
	change(&c[1], seq_a + 2, "seeker", bad, "insert", clock_at(0), "name", "王五",
	    "id_number", "110105198001010010", "office", OFFICE_A, NULL);
	change(&c[2], seq_a + 3, "service_event", ev, "insert", clock_at(0), "type",
	    "registration", "seeker_id", good, "clerk", "wang.li", "office", OFFICE_A, "at",
	    "2024-05-01T08:00:00Z", "free", "1", "basis", "", NULL);
	assert_int_equal(push(&ta, c, 3, &r1, &e), PG_OK);
	seq_a += 3;
	assert_int_equal(r1.applied_through, seq_a);
	assert_int_equal(r1.nrejected, 1);
	assert_int_equal(r1.rejected[0].seq, seq_a - 1);
	assert_string_equal(r1.rejected[0].id, bad);
	assert_true(r1.hlc >= clock_at(-1000));
	logs = num("SELECT count(*) FROM change_log");
	records = num("SELECT count(*) FROM record");
	parked = num("SELECT count(*) FROM parked");

	assert_int_equal(push(&ta, c, 3, &r2, &e), PG_OK);
	assert_int_equal(r2.applied_through, r1.applied_through);
	assert_int_equal(r2.nrejected, r1.nrejected);
	assert_int_equal(r2.rejected[0].seq, r1.rejected[0].seq);
	assert_string_equal(r2.rejected[0].tbl, r1.rejected[0].tbl);
	assert_string_equal(r2.rejected[0].id, r1.rejected[0].id);
	assert_string_equal(r2.rejected[0].reason, r1.rejected[0].reason);
	assert_int_equal(num("SELECT count(*) FROM change_log"), logs);
	assert_int_equal(num("SELECT count(*) FROM record"), records);
	assert_int_equal(num("SELECT count(*) FROM parked"), parked);
	/* An append-only event inserted again is a no-op. */
	assert_int_equal(num("SELECT count(*) FROM record WHERE tbl = 'service_event' AND "
	    "key = '%s'", ev), 1);
	/*
	 * Sent again as a new change (an outbox rebuilt): applied as done,
	 * without a new note in change_log that every terminal would pull.
	 */
	logs = num("SELECT max(pos) FROM change_log WHERE tbl = 'service_event' AND key = '%s'",
	    ev);
	c[2].seq = ++seq_a;
	wire_push_reply_free(&r2);
	assert_int_equal(push(&ta, &c[2], 1, &r2, &e), PG_OK);
	assert_int_equal(r2.applied_through, seq_a);
	assert_int_equal(r2.nrejected, 0);
	assert_int_equal(num("SELECT max(pos) FROM change_log WHERE tbl = 'service_event' AND "
	    "key = '%s'", ev), logs);
	assert_int_equal(num("SELECT count(*) FROM change_history WHERE key = '%s'", ev), 1);
	wire_push_reply_free(&r1);
	wire_push_reply_free(&r2);
	for (i = 0; i < 3; i++)
		fields_free(&c[i].fields);
}

/* A push that skips a seq is refused with the one expected. */
static void
test_push_gap(void **state)
{
	struct wire_change c;
	struct wire_push_reply r;
	struct wire_error e;

	(void)state;
	change(&c, seq_a + 2, "seeker", newid(), "insert", clock_at(0), "name", "赵六", "office",
	    OFFICE_A, NULL);
	assert_int_equal(push(&ta, &c, 1, &r, &e), PG_GAP);
	assert_string_equal(e.error, "gap");
	assert_int_equal(e.expected, seq_a + 1);
	assert_int_equal(num("SELECT last_seq FROM terminal WHERE id = '%s'", TERM_A), seq_a);
	fields_free(&c.fields);
}

/*
 * A number applied before, sent again with a later clock than every
 * change of the terminal, is another change (a restored database):
 * PG_DIVERGED ("diverged") with the next number, and nothing written. A true replay
 * (the same clock) is still acknowledged.
 */
static void
test_push_diverged(void **state)
{
	struct wire_change c;
	struct wire_push_reply r;
	struct wire_error e;
	const char *first = newid();
	long long records;
	uint64_t h = clock_at(1000);	/* later than every change before */

	(void)state;
	change(&c, 0, "seeker", first, "insert", h, "name", "钱七", "office", OFFICE_A, NULL);
	push_ok(&ta, &seq_a, &c);
	records = num("SELECT count(*) FROM record");
	change(&c, seq_a, "seeker", first, "insert", h, "name", "钱七", "office", OFFICE_A, NULL);
	assert_int_equal(push(&ta, &c, 1, &r, &e), PG_OK);
	assert_int_equal(r.applied_through, seq_a);
	wire_push_reply_free(&r);
	fields_free(&c.fields);

	change(&c, seq_a, "seeker", newid(), "insert", h + 1, "name", "孙八", "office", OFFICE_A,
	    NULL);
	assert_int_equal(push(&ta, &c, 1, &r, &e), PG_DIVERGED);
	assert_string_equal(e.error, "diverged");
	assert_int_equal(e.expected, seq_a + 1);
	assert_int_equal(num("SELECT count(*) FROM record"), records);
	assert_int_equal(num("SELECT last_seq FROM terminal WHERE id = '%s'", TERM_A), seq_a);
	/* Under the number the server expects, the same change is applied. */
	push_ok(&ta, &seq_a, &c);
	assert_int_equal(num("SELECT count(*) FROM record WHERE tbl = 'seeker' AND "
	    "fields->>'name' = '孙八'"), 1);

	/* Another change under a number, with the same clock as the one applied: diverged too. */
	change(&c, seq_a, "seeker", newid(), "insert", h + 1, "name", "李九", "office", OFFICE_A,
	    NULL);
	assert_int_equal(push(&ta, &c, 1, &r, &e), PG_DIVERGED);
	assert_string_equal(e.error, "diverged");
	fields_free(&c.fields);
	/* And with an older clock: the kept digest decides, not the clock. */
	change(&c, seq_a, "seeker", newid(), "insert", clock_at(-60000), "name", "李九", "office",
	    OFFICE_A, NULL);
	assert_int_equal(push(&ta, &c, 1, &r, &e), PG_DIVERGED);
	assert_string_equal(e.error, "diverged");
	assert_int_equal(e.expected, seq_a + 1);
	fields_free(&c.fields);
	assert_int_equal(num("SELECT count(*) FROM record WHERE tbl = 'seeker' AND "
	    "fields->>'name' = '李九'"), 0);
}

/* A change writing another office refuses the whole batch; nothing is written. */
static void
test_push_wrong_office(void **state)
{
	struct wire_change c[2];
	struct wire_push_reply r;
	struct wire_error e;
	const char *one = newid(), *two = newid();
	long long logs = num("SELECT count(*) FROM change_log");

	(void)state;
	change(&c[0], seq_a + 1, "seeker", one, "insert", clock_at(0), "name", "孙七", "office",
	    OFFICE_A, NULL);
	change(&c[1], seq_a + 2, "seeker", two, "insert", clock_at(0), "name", "周八", "office",
	    OFFICE_B, NULL);
	assert_int_equal(push(&ta, c, 2, &r, &e), PG_WRONG_OFFICE);
	assert_string_equal(e.error, "wrong_office");
	assert_int_equal(num("SELECT count(*) FROM record WHERE key IN ('%s', '%s')", one, two), 0);
	assert_int_equal(num("SELECT count(*) FROM change_log"), logs);
	assert_int_equal(num("SELECT last_seq FROM terminal WHERE id = '%s'", TERM_A), seq_a);
	/* A push naming another terminal than the token's: refused too. */
	{
		struct wire_push p;

		memset(&p, 0, sizeof p);
		snprintf(p.terminal, sizeof p.terminal, "%s", TERM_A);
		p.n = 2;
		p.changes = c;
		assert_int_equal(pg_push(pg, &tb, &p, &r, &e), PG_WRONG_TERMINAL);
		assert_string_equal(e.error, "wrong_terminal");
	}
	fields_free(&c[0].fields);
	fields_free(&c[1].fields);
	/* The district centre registers for a street under it: applied. */
	change(&c[0], seq_a + 1, "seeker", one, "insert", clock_at(0), "name", "孙七", "office",
	    OFFICE_A "-01", NULL);
	assert_int_equal(push(&ta, c, 1, &r, &e), PG_OK);
	assert_int_equal(r.applied_through, seq_a + 1);
	assert_int_equal(r.nrejected, 0);
	seq_a += 1;
	assert_int_equal(num("SELECT count(*) FROM record WHERE key = '%s' AND "
	    "fields->>'office' = '%s'", one, OFFICE_A "-01"), 1);
	wire_push_reply_free(&r);
	fields_free(&c[0].fields);
}

/* A change that breaks a rule is parked with a reason naming the field, not the value. */
static void
test_push_parked(void **state)
{
	struct wire_change c[3];
	struct wire_push_reply r;
	struct wire_error e;
	const char *poison = newid(), *next = newid(), *other = newid();
	char reason[WIRE_REASON_LEN];

	(void)state;
	change(&c[0], seq_a + 1, "seeker", poison, "insert", clock_at(0), "name", "吴九",
	    "id_number", "11010519800101002X", "office", OFFICE_A, NULL);
	change(&c[1], seq_a + 2, "seeker", next, "insert", clock_at(0), "name", "郑十", "office",
	    OFFICE_A, NULL);
	change(&c[2], seq_a + 3, "seeker", other, "insert", clock_at(0), "name", "冯一",
	    "nosuch", "x", "office", OFFICE_A, NULL);
	assert_int_equal(push(&ta, c, 3, &r, &e), PG_OK);
	seq_a += 3;
	assert_int_equal(r.applied_through, seq_a);
	assert_int_equal(r.nrejected, 2);
	assert_int_equal(r.rejected[0].seq, seq_a - 2);
	assert_mentions(r.rejected[0].reason, "id_number: ");
	assert_null(strstr(r.rejected[0].reason, "11010519800101002X"));
	assert_null(strstr(r.rejected[0].reason, "19800101"));
	assert_int_equal(r.rejected[1].seq, seq_a);
	assert_string_equal(r.rejected[1].reason, "nosuch: unknown field");
	assert_string_equal(field("seeker", next, "name"), "郑十");
	assert_int_equal(num("SELECT count(*) FROM record WHERE key = '%s'", poison), 0);
	assert_int_equal(num("SELECT count(*) FROM parked WHERE terminal = '%s' AND id = '%s'",
	    TERM_A, poison), 1);
	wire_push_reply_free(&r);
	fields_free(&c[0].fields);

	/* An update of a record the server never saw; a bad code; a table not pushed. */
	change(&c[0], 0, "seeker", newid(), "update", clock_at(0), "name", "x", NULL);
	push_parked(&ta, &seq_a, &c[0], reason, sizeof reason);
	assert_mentions(reason, "unknown record");
	{
		long long before = num("SELECT max(pos) FROM change_log WHERE key = '%s'", next);

		change(&c[0], 0, "seeker", next, "update", clock_at(0), "household", "99", NULL);
		push_parked(&ta, &seq_a, &c[0], reason, sizeof reason);
		assert_mentions(reason, "household: ");
		/* Logged again, so the terminal's next pull brings back the district's values. */
		assert_true(num("SELECT max(pos) FROM change_log WHERE key = '%s'", next) > before);
		assert_int_equal(num("SELECT count(*) FROM change_log WHERE key = '%s'", next), 1);
	}
	change(&c[0], 0, "account", next, "update", clock_at(0), "name", "x", NULL);
	push_parked(&ta, &seq_a, &c[0], reason, sizeof reason);
	change(&c[0], 0, "service_event", newid(), "update", clock_at(0), "type", "x", NULL);
	push_parked(&ta, &seq_a, &c[0], reason, sizeof reason);
	fields_free(&c[1].fields);
	fields_free(&c[2].fields);
}

/* An ID number may not change on a registered record: that takes a merge. */
static void
test_push_natural_key_fixed(void **state)
{
	struct wire_change c;
	const char *id = newid();
	char reason[WIRE_REASON_LEN], num1[24], num2[24];

	(void)state;
	snprintf(num1, sizeof num1, "%s", idnum("11010519900202003"));
	snprintf(num2, sizeof num2, "%s", idnum("11010519900202004"));
	change(&c, 0, "seeker", id, "insert", clock_at(0), "name", "陈二", "id_number", num1,
	    "office", OFFICE_A, NULL);
	push_ok(&ta, &seq_a, &c);
	change(&c, 0, "seeker", id, "update", clock_at(0), "id_number", num2, NULL);
	push_parked(&ta, &seq_a, &c, reason, sizeof reason);
	assert_mentions(reason, "id_number: ");
	assert_mentions(reason, "merge");
	assert_string_equal(field("seeker", id, "id_number"), num1);
	/* The same number again is no change. */
	change(&c, 0, "seeker", id, "update", clock_at(0), "id_number", num1, "phone",
	    "13800138000", NULL);
	push_ok(&ta, &seq_a, &c);
	assert_string_equal(field("seeker", id, "phone"), "13800138000");
}

/*
 * Apply the updates of two terminals to a new record in the given order
 * (a_first): A's name stamped at ha, B's at hb. The record's key.
 */
static const char *
lww_case(int a_first, uint64_t ha, uint64_t hb)
{
	static char key[2][IDENT_LEN + 1];
	static int which;
	struct wire_change c;
	uint64_t base = clock_at(-60000);

	which = !which;
	snprintf(key[which], sizeof key[which], "%s", newid());
	change(&c, 0, "seeker", key[which], "insert", base, "name", "原名", "phone", "13900139000",
	    "office", OFFICE_A, NULL);
	push_ok(&ta, &seq_a, &c);
	if (a_first) {
		change(&c, 0, "seeker", key[which], "update", ha, "name", "甲改", NULL);
		push_ok(&ta, &seq_a, &c);
		change(&c, 0, "seeker", key[which], "update", hb, "name", "乙改", "phone",
		    "13700137000", NULL);
		push_ok(&tb, &seq_b, &c);
	} else {
		change(&c, 0, "seeker", key[which], "update", hb, "name", "乙改", "phone",
		    "13700137000", NULL);
		push_ok(&tb, &seq_b, &c);
		change(&c, 0, "seeker", key[which], "update", ha, "name", "甲改", NULL);
		push_ok(&ta, &seq_a, &c);
	}
	return key[which];
}

/* Per-field LWW: both orders of two concurrent edits end in the same state and journal. */
static void
test_push_lww_converges(void **state)
{
	uint64_t ha = clock_at(-20000), hb = clock_at(-10000);
	const char *k1, *k2;
	char s1[WIRE_STAMP_LEN + 1], s2[WIRE_STAMP_LEN + 1], want[WIRE_STAMP_LEN + 1];

	(void)state;
	k1 = lww_case(1, ha, hb);
	k2 = lww_case(0, ha, hb);
	assert_string_equal(field("seeker", k1, "name"), "乙改");
	assert_string_equal(field("seeker", k2, "name"), "乙改");
	assert_string_equal(field("seeker", k1, "phone"), "13700137000");
	assert_string_equal(field("seeker", k2, "phone"), "13700137000");
	snprintf(s1, sizeof s1, "%s", stamp("seeker", k1, "name"));
	snprintf(s2, sizeof s2, "%s", stamp("seeker", k2, "name"));
	wire_stamp(hb, TERM_B, want);
	assert_string_equal(s1, want);
	assert_string_equal(s2, want);
	assert_string_equal(stamp("seeker", k1, "phone"), stamp("seeker", k2, "phone"));
	/* The journal: in order A-B the original and A's name lost; in order B-A A's lost to B. */
	assert_int_equal(num("SELECT count(*) FROM record WHERE tbl = 'conflict' AND "
	    "fields->>'id' = '%s' AND fields->>'lost_value' = '甲改' AND "
	    "fields->>'won_value' = '乙改'", k1), 1);
	assert_int_equal(num("SELECT count(*) FROM record WHERE tbl = 'conflict' AND "
	    "fields->>'id' = '%s' AND fields->>'lost_value' = '甲改' AND "
	    "fields->>'won_value' = '乙改'", k2), 1);
	assert_int_equal(num("SELECT count(*) FROM record WHERE tbl = 'conflict' AND "
	    "fields->>'id' = '%s' AND fields->>'field' = 'name' AND "
	    "fields->>'lost_value' = '甲改' AND fields->>'lost_stamp' LIKE '%%:%s'", k2, TERM_A), 1);
	/* Every journal entry flows down: it has its change_log row. */
	assert_int_equal(num("SELECT count(*) FROM record r WHERE tbl = 'conflict' AND NOT EXISTS "
	    "(SELECT 1 FROM change_log c WHERE c.tbl = r.tbl AND c.key = r.key)"), 0);
}

/*
 * Stamps are kept and pulled compact: one stamp on every field is named
 * once, as "*"; a field changed later is named with its own.
 */
static void
test_push_stamps_compact(void **state)
{
	struct wire_change c;
	struct wire_pull_reply r;
	struct wire_error e;
	const struct wire_record *rec;
	char cursor[WIRE_CURSOR_LEN] = "", x[IDENT_LEN + 1];
	char s0[WIRE_STAMP_LEN + 1], s1[WIRE_STAMP_LEN + 1];
	uint64_t h0 = clock_at(-3000), h1 = clock_at(-2000);

	(void)state;
	pull_all(cursor);
	snprintf(x, sizeof x, "%s", newid());
	wire_stamp(h0, TERM_A, s0);
	wire_stamp(h1, TERM_A, s1);
	change(&c, 0, "seeker", x, "insert", h0, "name", "令狐冲", "phone", "13900000001",
	    "office", OFFICE_A, NULL);
	push_ok(&ta, &seq_a, &c);
	assert_int_equal(num("SELECT count(*) FROM record, jsonb_object_keys(stamps) "
	    "WHERE tbl = 'seeker' AND key = '%s'", x), 1);
	assert_string_equal(val("SELECT stamps->>'*' FROM record WHERE tbl = 'seeker' AND "
	    "key = '%s'", x), s0);
	change(&c, 0, "seeker", x, "update", h1, "phone", "13900000002", NULL);
	push_ok(&ta, &seq_a, &c);
	assert_int_equal(num("SELECT count(*) FROM record, jsonb_object_keys(stamps) "
	    "WHERE tbl = 'seeker' AND key = '%s'", x), 2);
	assert_string_equal(stamp("seeker", x, "name"), s0);
	assert_string_equal(stamp("seeker", x, "phone"), s1);

	assert_int_equal(pull(cursor, 100, &r, &e), PG_OK);
	rec = has_record(&r, "seeker", x);
	assert_non_null(rec);
	assert_string_equal(fields_str(&rec->stamps, "*"), s0);
	assert_string_equal(wire_stamp_of(&rec->stamps, "name"), s0);
	assert_string_equal(wire_stamp_of(&rec->stamps, "office"), s0);
	assert_string_equal(wire_stamp_of(&rec->stamps, "phone"), s1);
	wire_pull_reply_free(&r);
}

/* Two edits stamped with the same clock: the larger terminal id wins, in either order. */
static void
test_push_tie_break(void **state)
{
	uint64_t h = clock_at(-5000);
	const char *k1, *k2;

	(void)state;
	k1 = lww_case(1, h, h);
	k2 = lww_case(0, h, h);
	/* TERM_B > TERM_A as text. */
	assert_string_equal(field("seeker", k1, "name"), "乙改");
	assert_string_equal(field("seeker", k2, "name"), "乙改");
	assert_int_equal(num("SELECT count(*) FROM record WHERE tbl = 'conflict' AND "
	    "fields->>'id' IN ('%s', '%s') AND fields->>'lost_value' = '甲改'", k1, k2), 2);
}

/* Equal values: the later stamp stays, no journal entry. */
static void
test_push_equal_values(void **state)
{
	struct wire_change c;
	const char *id = newid();
	char want[WIRE_STAMP_LEN + 1];
	uint64_t h1 = clock_at(-3000), h2 = clock_at(-2000);

	(void)state;
	change(&c, 0, "seeker", id, "insert", clock_at(-4000), "name", "原", "office", OFFICE_A,
	    NULL);
	push_ok(&ta, &seq_a, &c);
	change(&c, 0, "seeker", id, "update", h2, "name", "同", NULL);
	push_ok(&tb, &seq_b, &c);
	change(&c, 0, "seeker", id, "update", h1, "name", "同", NULL);
	push_ok(&ta, &seq_a, &c);
	wire_stamp(h2, TERM_B, want);
	assert_string_equal(stamp("seeker", id, "name"), want);
	assert_int_equal(num("SELECT count(*) FROM record WHERE tbl = 'conflict' AND "
	    "fields->>'id' = '%s' AND fields->>'lost_value' = '同'", id), 0);
}

/* A terminal changing its own value again is an edit: nothing in the journal. */
static void
test_push_own_edit_not_conflict(void **state)
{
	struct wire_change c;
	const char *id = newid();

	(void)state;
	change(&c, 0, "seeker", id, "insert", clock_at(-4000), "name", "原", "office", OFFICE_A,
	    NULL);
	push_ok(&ta, &seq_a, &c);
	change(&c, 0, "seeker", id, "update", clock_at(-3000), "name", "改一", NULL);
	push_ok(&ta, &seq_a, &c);
	change(&c, 0, "seeker", id, "update", clock_at(-2000), "name", "改二", NULL);
	push_ok(&ta, &seq_a, &c);
	assert_string_equal(field("seeker", id, "name"), "改二");
	assert_int_equal(num("SELECT count(*) FROM record WHERE tbl = 'conflict' AND "
	    "fields->>'id' = '%s'", id), 0);
	/* Another terminal's later value replaces it: that one is kept in the journal. */
	change(&c, 0, "seeker", id, "update", clock_at(-1000), "name", "乙的", NULL);
	push_ok(&tb, &seq_b, &c);
	assert_int_equal(num("SELECT count(*) FROM record WHERE tbl = 'conflict' AND "
	    "fields->>'id' = '%s' AND fields->>'lost_value' = '改二'", id), 1);
}

/* An account of OFFICE_A's district with its key, for the authority tests. */
static void
make_account_key(const char *login, const char *office, const char *role, unsigned char *key)
{
	char out[1024], err[1024];

	if (num("SELECT count(*) FROM account WHERE login = '%s'", login) == 0)
		assert_int_equal(admin(out, sizeof out, err, sizeof err, "test-password-1\n",
		    "account", "add", login, "--name", "某人", "--office", office, "--role", role,
		    NULL), 0);
	assert_int_equal(sign_from_hex(val("SELECT encode(secret_key, 'hex') FROM account "
	    "WHERE login = '%s'", login), key, SIGN_SECRET_LEN), 0);
}

/* Today as YYYY-MM-DD, plus n days. */
static const char *
today_plus(long n)
{
	static char out[2][11];
	static int which;
	time_t t = time(NULL) + n * 86400;
	struct tm tm;

	which = !which;
	localtime_r(&t, &tm);
	strftime(out[which], sizeof out[which], "%Y-%m-%d", &tm);
	return out[which];
}

/*
 * What a hostile terminal could forge in a referral or a placement check
 * is refused: a new referral already hired, made by someone else than its
 * signer or on another day, of a seeker or a vacancy the district does not
 * have or of another employer; a referral's making changed later; a check
 * of no hire, by someone else or on another day. A certificate that ran
 * out by the referral's day parks it too.
 */
static void
test_push_referral_forged(void **state)
{
	struct wire_change c;
	char why[WIRE_REASON_LEN], s[IDENT_LEN + 1], e[IDENT_LEN + 1], v[IDENT_LEN + 1];
	char r[IDENT_LEN + 1], pc[IDENT_LEN + 1], today[11];

	(void)state;
	/* newid() reuses four buffers: the ids kept here are copies. */
	snprintf(s, sizeof s, "%s", newid());
	snprintf(e, sizeof e, "%s", newid());
	snprintf(v, sizeof v, "%s", newid());
	snprintf(r, sizeof r, "%s", newid());
	snprintf(pc, sizeof pc, "%s", newid());
	snprintf(today, sizeof today, "%s", today_plus(0));
	sql("UPDATE account SET cert_no = 'CZ-1', cert_valid_until = '2099-12-31' "
	    "WHERE login = '%s'", ACCOUNT_A);
	change(&c, 0, "seeker", s, "insert", clock_at(0), "name", "甲", "phone", "13800000001",
	    "office", OFFICE_A, NULL);
	push_ok(&ta, &seq_a, &c);
	change(&c, 0, "employer", e, "insert", clock_at(0), "name", "华联超市", "office", OFFICE_A,
	    NULL);
	push_ok(&ta, &seq_a, &c);
	change(&c, 0, "vacancy", v, "insert", clock_at(0), "employer_id", e, "title", "收银员",
	    "occupation", "4-01-02", "headcount", "1", "valid_until", "2099-12-31", "office",
	    OFFICE_A, NULL);
	push_ok(&ta, &seq_a, &c);
#define REFERRAL(status, by, on, seeker, employer)					\
	change(&c, 0, "referral", r, "insert", clock_at(0), "number", "110105-T1-2026-00001",	\
	    "seeker_id", (seeker), "vacancy_id", v, "employer_id", (employer), "status",	\
	    (status), "office", OFFICE_A, "created_by", (by), "registered_on", (on), NULL)
	REFERRAL("hired", ACCOUNT_A, today, s, e);
	push_parked(&ta, &seq_a, &c, why, sizeof why);
	assert_mentions(why, "a new referral awaits its outcome");
	REFERRAL("issued", "someone.else", today, s, e);
	push_parked(&ta, &seq_a, &c, why, sizeof why);
	assert_mentions(why, "made by the account that signs it");
	REFERRAL("issued", ACCOUNT_A, today_plus(-7), s, e);
	push_parked(&ta, &seq_a, &c, why, sizeof why);
	assert_mentions(why, "not the day the referral was made");
	REFERRAL("issued", ACCOUNT_A, today, newid(), e);
	push_parked(&ta, &seq_a, &c, why, sizeof why);
	assert_mentions(why, "not a job seeker of the district");
	REFERRAL("issued", ACCOUNT_A, today, s, newid());
	push_parked(&ta, &seq_a, &c, why, sizeof why);
	assert_mentions(why, "not the vacancy's employer");
	sql("UPDATE account SET cert_valid_until = '%s' WHERE login = '%s'", today_plus(-1),
	    ACCOUNT_A);
	REFERRAL("issued", ACCOUNT_A, today, s, e);
	push_parked(&ta, &seq_a, &c, why, sizeof why);
	assert_mentions(why, "上岗证");
	assert_int_equal(num("SELECT count(*) FROM record WHERE tbl = 'referral'"), 0);
	/* Nor do the services a referral gives count, without the certificate. */
	{
		char at[32];

		snprintf(at, sizeof at, "%sT08:00:00Z", today);
		change(&c, 0, "service_event", newid(), "insert", clock_at(0), "type", "referral",
		    "seeker_id", s, "clerk", ACCOUNT_A, "office", OFFICE_A, "at", at, "free", "1",
		    "basis", "", NULL);
		push_parked(&ta, &seq_a, &c, why, sizeof why);
		assert_mentions(why, "上岗证");
		change(&c, 0, "service_event", newid(), "insert", clock_at(0), "type",
		    "candidates", "employer_id", e, "clerk", ACCOUNT_A, "office", OFFICE_A, "at", at,
		    "free", "1", "basis", "", NULL);
		push_parked(&ta, &seq_a, &c, why, sizeof why);
		assert_mentions(why, "上岗证");
		assert_int_equal(num("SELECT count(*) FROM record WHERE tbl = 'service_event' AND "
		    "fields->>'type' IN ('referral', 'candidates')"), 0);
	}
	sql("UPDATE account SET cert_valid_until = '2099-12-31' WHERE login = '%s'", ACCOUNT_A);
	REFERRAL("issued", ACCOUNT_A, today, s, e);
	push_ok(&ta, &seq_a, &c);
#undef REFERRAL
	/* What it was made of stays; its outcome changes. */
	change(&c, 0, "referral", r, "update", clock_at(1), "vacancy_id", newid(), NULL);
	push_parked(&ta, &seq_a, &c, why, sizeof why);
	assert_mentions(why, "vacancy_id: set when the record was made, never changed");
	change(&c, 0, "placement_check", pc, "insert", clock_at(1), "referral_id", r, "seeker_id",
	    s, "month", "1", "checked_on", today, "employed", "1", "insured", "1", "clerk",
	    ACCOUNT_A, "office", OFFICE_A, "at", "2026-01-01T00:00:00Z", NULL);
	push_parked(&ta, &seq_a, &c, why, sizeof why);
	assert_mentions(why, "only a hire is checked on");
	change(&c, 0, "referral", r, "update", clock_at(2), "status", "hired", "outcome_on", today,
	    NULL);
	push_ok(&ta, &seq_a, &c);
	change(&c, 0, "placement_check", pc, "insert", clock_at(3), "referral_id", r, "seeker_id",
	    s, "month", "1", "checked_on", today, "employed", "1", "insured", "1", "clerk",
	    "someone.else", "office", OFFICE_A, "at", "2026-01-01T00:00:00Z", NULL);
	push_parked(&ta, &seq_a, &c, why, sizeof why);
	assert_mentions(why, "made by the account that signs it");
	change(&c, 0, "placement_check", pc, "insert", clock_at(3), "referral_id", r, "seeker_id",
	    s, "month", "1", "checked_on", today_plus(30), "employed", "1", "insured", "1",
	    "clerk", ACCOUNT_A, "office", OFFICE_A, "at", "2026-01-01T00:00:00Z", NULL);
	push_parked(&ta, &seq_a, &c, why, sizeof why);
	assert_mentions(why, "not the day the check was made");
	change(&c, 0, "placement_check", pc, "insert", clock_at(3), "referral_id", r, "seeker_id",
	    s, "month", "1", "checked_on", today, "employed", "1", "insured", "1", "clerk",
	    ACCOUNT_A, "office", OFFICE_A, "at", "2026-01-01T00:00:00Z", NULL);
	push_ok(&ta, &seq_a, &c);
	assert_int_equal(num("SELECT count(*) FROM record WHERE tbl = 'placement_check'"), 1);
}

/*
 * A guidance session is recorded only by an account with a guidance grade
 * as the district knows it, whatever the terminal says: a forged session
 * of an ungraded account is parked with the reason, and so is one signed
 * by another account than its counsellor, dated another day, or of a
 * seeker the district does not have. With a grade it is applied, and who
 * recorded it and with whom never changes afterwards. Without the grade
 * any more, a change of it and the guidance service are parked as well.
 */
static void
test_push_guidance_graded(void **state)
{
	struct wire_change c;
	char why[WIRE_REASON_LEN], s[IDENT_LEN + 1], g[IDENT_LEN + 1], today[11];

	(void)state;
	snprintf(s, sizeof s, "%s", newid());
	snprintf(g, sizeof g, "%s", newid());
	snprintf(today, sizeof today, "%s", today_plus(0));
	sql("UPDATE account SET guidance_grade = '' WHERE login = '%s'", ACCOUNT_A);
	change(&c, 0, "seeker", s, "insert", clock_at(0), "name", "乙", "phone", "13800000002",
	    "office", OFFICE_A, NULL);
	push_ok(&ta, &seq_a, &c);
#define SESSION(by, on, seeker)								\
	change(&c, 0, "guidance", g, "insert", clock_at(0), "seeker_id", (seeker),		\
	    "held_on", today, "kind", "individual", "notes", "担心年龄", "step_1", "改简历",	\
	    "step_1_status", "open", "office", OFFICE_A, "created_by", (by),			\
	    "registered_on", (on), NULL)
	SESSION(ACCOUNT_A, today, s);
	push_parked(&ta, &seq_a, &c, why, sizeof why);
	assert_mentions(why, "only an account with a career guidance grade");
	assert_mentions(why, ACCOUNT_A " has no grade");
	assert_int_equal(num("SELECT count(*) FROM record WHERE tbl = 'guidance'"), 0);
	/* An interest inventory is a counsellor's record too. */
	change(&c, 0, "inventory", newid(), "insert", clock_at(0), "seeker_id", s,
	    "instrument", "riasec-1", "answers", "5---", "status", "in_progress",
	    "office", OFFICE_A, "created_by", ACCOUNT_A, "registered_on", today, NULL);
	push_parked(&ta, &seq_a, &c, why, sizeof why);
	assert_mentions(why, "interest inventory: only an account with a career guidance grade");
	assert_int_equal(num("SELECT count(*) FROM record WHERE tbl = 'inventory'"), 0);
	sql("UPDATE account SET guidance_grade = '3' WHERE login = '%s'", ACCOUNT_A);
	SESSION("someone.else", today, s);
	push_parked(&ta, &seq_a, &c, why, sizeof why);
	assert_mentions(why, "made by the account that signs it");
	SESSION(ACCOUNT_A, today_plus(-7), s);
	push_parked(&ta, &seq_a, &c, why, sizeof why);
	assert_mentions(why, "not the day the record was made");
	SESSION(ACCOUNT_A, today, newid());
	push_parked(&ta, &seq_a, &c, why, sizeof why);
	assert_mentions(why, "not a job seeker of the district");
	SESSION(ACCOUNT_A, today, s);
	push_ok(&ta, &seq_a, &c);
#undef SESSION
	assert_int_equal(num("SELECT count(*) FROM record WHERE tbl = 'guidance'"), 1);
	change(&c, 0, "guidance", g, "update", clock_at(1), "seeker_id", newid(), NULL);
	push_parked(&ta, &seq_a, &c, why, sizeof why);
	assert_mentions(why, "seeker_id: set when the record was made, never changed");
	change(&c, 0, "guidance", g, "update", clock_at(2), "step_1_status", "done", NULL);
	push_ok(&ta, &seq_a, &c);
	sql("UPDATE account SET guidance_grade = '' WHERE login = '%s'", ACCOUNT_A);
	/* Once the grade is gone, a change of the session is refused too. */
	change(&c, 0, "guidance", g, "update", clock_at(3), "step_1_status", "dropped", NULL);
	push_parked(&ta, &seq_a, &c, why, sizeof why);
	assert_mentions(why, "guidance session: only an account with a career guidance grade");
	assert_string_equal(field("guidance", g, "step_1_status"), "done");
	/* And so is the guidance service it would give: a refused session counts none. */
#define SERVICE(type)									\
	change(&c, 0, "service_event", newid(), "insert", clock_at(4), "type", (type),	\
	    "seeker_id", s, "clerk", ACCOUNT_A, "office", OFFICE_A, "at",			\
	    "2026-01-01T00:00:00Z", "free", "1", "basis", "", NULL)
	SERVICE("guidance");
	push_parked(&ta, &seq_a, &c, why, sizeof why);
	assert_mentions(why, "guidance session: only an account with a career guidance grade");
	assert_int_equal(num("SELECT count(*) FROM record WHERE tbl = 'service_event' AND "
	    "fields->>'type' = 'guidance'"), 0);
	/* The grade is a counsellor's rule: the account's other services stand. */
	SERVICE("registration");
	push_ok(&ta, &seq_a, &c);
#undef SERVICE
}

/* The status of a seeker as the district has it ("" when it has none). */
static const char *
seeker_status(const char *s)
{
	static char out[32];
	PGresult *res = PQexecParams(raw, "SELECT coalesce(fields->>'status', '') FROM record "
	    "WHERE tbl = 'seeker' AND key = $1", 1, NULL, &s, NULL, NULL, 0);

	assert_int_equal(PQntuples(res), 1);
	snprintf(out, sizeof out, "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	return out;
}

/*
 * A registration's placement follows its hires on the server, in
 * whatever order the windows' changes arrive: an outcome corrected on
 * another window opens it again, a renewal made offline after a hire
 * does not open it (the renewal is journaled as lost), and undoing one
 * hire leaves it placed while another hire stands.
 */
static void
test_push_placement_follows_hires(void **state)
{
	struct wire_change c;
	char s[IDENT_LEN + 1], e[IDENT_LEN + 1], v[IDENT_LEN + 1], w[IDENT_LEN + 1];
	char r1[IDENT_LEN + 1], r2[IDENT_LEN + 1], today[11];

	(void)state;
	snprintf(s, sizeof s, "%s", newid());
	snprintf(e, sizeof e, "%s", newid());
	snprintf(v, sizeof v, "%s", newid());
	snprintf(w, sizeof w, "%s", newid());
	snprintf(r1, sizeof r1, "%s", newid());
	snprintf(r2, sizeof r2, "%s", newid());
	snprintf(today, sizeof today, "%s", today_plus(0));
	sql("UPDATE account SET cert_no = 'CZ-1', cert_valid_until = '2099-12-31' "
	    "WHERE login = '%s'", ACCOUNT_A);
	change(&c, 0, "seeker", s, "insert", clock_at(0), "name", "乙", "phone", "13800000002",
	    "status", "registered", "office", OFFICE_A, NULL);
	push_ok(&ta, &seq_a, &c);
	change(&c, 0, "employer", e, "insert", clock_at(0), "name", "物美超市", "office", OFFICE_A,
	    NULL);
	push_ok(&ta, &seq_a, &c);
	change(&c, 0, "vacancy", v, "insert", clock_at(0), "employer_id", e, "title", "收银员",
	    "occupation", "4-01-02", "headcount", "2", "valid_until", "2099-12-31", "office",
	    OFFICE_A, NULL);
	push_ok(&ta, &seq_a, &c);
	change(&c, 0, "vacancy", w, "insert", clock_at(0), "employer_id", e, "title", "理货员",
	    "occupation", "4-01-02", "headcount", "2", "valid_until", "2099-12-31", "office",
	    OFFICE_A, NULL);
	push_ok(&ta, &seq_a, &c);
	change(&c, 0, "referral", r1, "insert", clock_at(1), "number", "110105-T1-2026-00011",
	    "seeker_id", s, "vacancy_id", v, "employer_id", e, "status", "issued", "office",
	    OFFICE_A, "created_by", ACCOUNT_A, "registered_on", today, NULL);
	push_ok(&ta, &seq_a, &c);
	change(&c, 0, "referral", r2, "insert", clock_at(1), "number", "110105-T1-2026-00012",
	    "seeker_id", s, "vacancy_id", w, "employer_id", e, "status", "issued", "office",
	    OFFICE_A, "created_by", ACCOUNT_A, "registered_on", today, NULL);
	push_ok(&ta, &seq_a, &c);

	/* Hired at one window, which closes the registration. */
	change(&c, 0, "referral", r1, "update", clock_at(2), "status", "hired", "outcome_on",
	    today, NULL);
	push_ok(&ta, &seq_a, &c);
	assert_string_equal(seeker_status(s), "placed");
	/* Another window records a later receipt for it: not hired. Open again. */
	change(&c, 0, "referral", r1, "update", clock_at(5), "status", "not_hired", NULL);
	push_ok(&ta, &seq_a, &c);
	assert_string_equal(seeker_status(s), "registered");
	assert_int_equal(num("SELECT count(*) FROM record WHERE tbl = 'seeker' AND key = '%s' "
	    "AND fields->>'withdraw_reason' = ''", s), 1);
	/* Hired after all; a window that renewed the registration offline comes later. */
	change(&c, 0, "referral", r1, "update", clock_at(7), "status", "hired", NULL);
	push_ok(&ta, &seq_a, &c);
	change(&c, 0, "seeker", s, "update", clock_at(9), "status", "renewed", NULL);
	push_ok(&ta, &seq_a, &c);
	assert_string_equal(seeker_status(s), "placed");
	assert_int_equal(num("SELECT count(*) FROM record WHERE tbl = 'conflict' AND "
	    "fields->>'id' = '%s' AND fields->>'lost_value' = 'renewed' AND "
	    "fields->>'won_value' = 'placed'", s), 1);
	/* A second hire; the first undone by a window that knows only of it. */
	change(&c, 0, "referral", r2, "update", clock_at(11), "status", "hired", NULL);
	push_ok(&ta, &seq_a, &c);
	change(&c, 0, "referral", r1, "update", clock_at(13), "status", "issued", NULL);
	push_ok(&ta, &seq_a, &c);
	change(&c, 0, "seeker", s, "update", clock_at(14), "status", "registered",
	    "withdraw_reason", "", NULL);
	push_ok(&ta, &seq_a, &c);
	assert_string_equal(seeker_status(s), "placed");
	/* The last hire undone: open again, with nothing left to close it. */
	change(&c, 0, "referral", r2, "update", clock_at(16), "status", "not_hired", NULL);
	push_ok(&ta, &seq_a, &c);
	assert_string_equal(seeker_status(s), "registered");
	/*
	 * The person comes back after a job found a month ago: the new
	 * registration is not closed by the old hire.
	 */
	change(&c, 0, "referral", r2, "update", clock_at(17), "status", "hired", NULL);
	push_ok(&ta, &seq_a, &c);
	assert_string_equal(seeker_status(s), "placed");
	sql("UPDATE record SET fields = jsonb_set(fields, '{registered_on}', to_jsonb('%s'::text)) "
	    "WHERE tbl = 'referral' AND key IN ('%s', '%s')", today_plus(-30), r1, r2);
	change(&c, 0, "seeker", s, "update", clock_at(17) + 1, "status", "registered",
	    "withdraw_reason", "", "registered_on", today, NULL);
	push_ok(&ta, &seq_a, &c);
	assert_string_equal(seeker_status(s), "registered");
	change(&c, 0, "referral", r2, "update", clock_at(17) + 2, "status", "not_hired", NULL);
	push_ok(&ta, &seq_a, &c);
	/* A registration a clerk withdrew for another reason stays so, a hire or not. */
	sql("UPDATE record SET fields = jsonb_set(fields, '{registered_on}', to_jsonb('%s'::text)) "
	    "WHERE tbl = 'referral' AND key = '%s'", today, r2);
	change(&c, 0, "seeker", s, "update", clock_at(18), "status", "withdrawn",
	    "withdraw_reason", "moved", NULL);
	push_ok(&ta, &seq_a, &c);
	change(&c, 0, "referral", r2, "update", clock_at(20), "status", "hired", NULL);
	push_ok(&ta, &seq_a, &c);
	assert_string_equal(seeker_status(s), "withdrawn");
}

/*
 * A terminal's token alone is no clerk: hand-made pushes with a stolen
 * token are refused (parked) unless an account of the district signed
 * them, and then only what that account may do (issue 9's reproductions).
 */
static void
test_push_authority(void **state)
{
	unsigned char clerk[SIGN_SECRET_LEN], other[SIGN_SECRET_LEN];
	struct wire_change c;
	char why[WIRE_REASON_LEN];
	const char *a = newid(), *b = newid();

	(void)state;
	make_account_key("zhang.clerk", OFFICE_A, "clerk", clerk);
	make_account_key("zhao.street", OFFICE_A "-01", "supervisor", other);
	change(&c, 0, "seeker", a, "insert", clock_at(-9000), "name", "甲", "phone", "13800000001",
	    "office", OFFICE_A, NULL);
	push_ok(&ta, &seq_a, &c);
	change(&c, 0, "seeker", b, "insert", clock_at(-9000), "name", "乙", "phone", "13800000002",
	    "office", OFFICE_B, NULL);
	push_ok(&tc, &seq_c, &c);

	/* Unsigned, or signed by another account than the one it names: refused. */
	change(&c, 0, "seeker", a, "update", clock_at(-8000), "phone", "13900000000", NULL);
	snprintf(c.author, sizeof c.author, "%s", ACCOUNT_A);
	push_parked(&ta, &seq_a, &c, why, sizeof why);
	assert_mentions(why, "not signed");
	change(&c, 0, "seeker", a, "update", clock_at(-8000), "phone", "13900000000", NULL);
	sign_as(&c, ta.id, "zhang.clerk", key_a);
	push_parked(&ta, &seq_a, &c, why, sizeof why);
	assert_mentions(why, "not zhang.clerk's signature");
	/* A signature made for another terminal is not this one's. */
	change(&c, 0, "seeker", a, "update", clock_at(-8000), "phone", "13900000000", NULL);
	sign_as(&c, tb.id, ACCOUNT_A, key_a);
	push_parked(&ta, &seq_a, &c, why, sizeof why);
	assert_mentions(why, "signature");
	change(&c, 0, "seeker", a, "update", clock_at(-8000), "phone", "13900000000", NULL);
	sign_as(&c, ta.id, "nobody.here", key_a);
	push_parked(&ta, &seq_a, &c, why, sizeof why);
	assert_mentions(why, "not an account of the district");
	assert_string_equal(field("seeker", a, "phone"), "13800000001");

	/* Another district's record: neither changed nor merged, even by a supervisor. */
	change(&c, 0, "seeker", b, "update", clock_at(-8000), "name", "改名", NULL);
	push_parked(&ta, &seq_a, &c, why, sizeof why);
	assert_mentions(why, "outside district " OFFICE_A);
	change(&c, 0, "seeker", b, "delete", clock_at(-8000), NULL);
	push_parked(&ta, &seq_a, &c, why, sizeof why);
	assert_mentions(why, "outside district");
	assert_string_equal(field("seeker", b, "name"), "乙");
	assert_string_equal(val("SELECT deleted FROM record WHERE tbl = 'seeker' AND key = '%s'",
	    b), "f");

	/* A clerk edits a record of the district, but merges none. */
	change(&c, 0, "seeker", a, "update", clock_at(-7000), "phone", "13900000009", NULL);
	sign_as(&c, ta.id, "zhang.clerk", clerk);
	push_ok(&ta, &seq_a, &c);
	assert_string_equal(field("seeker", a, "phone"), "13900000009");
	change(&c, 0, "seeker", a, "delete", clock_at(-7000), NULL);
	sign_as(&c, ta.id, "zhang.clerk", clerk);
	push_parked(&ta, &seq_a, &c, why, sizeof why);
	assert_mentions(why, "supervisor");
	/* A supervisor of a street office does not merge a record of the district's office. */
	change(&c, 0, "seeker", a, "delete", clock_at(-7000), NULL);
	sign_as(&c, ta.id, "zhao.street", other);
	push_parked(&ta, &seq_a, &c, why, sizeof why);
	assert_mentions(why, "office " OFFICE_A);

	/* A record moves to another office by a transfer only, a supervisor's, with a reason. */
	change(&c, 0, "seeker", a, "transfer", clock_at(-6000), "office", OFFICE_A "-01",
	    "reason", "moved", NULL);
	sign_as(&c, ta.id, "zhang.clerk", clerk);
	push_parked(&ta, &seq_a, &c, why, sizeof why);
	assert_mentions(why, "supervisor");
	change(&c, 0, "seeker", a, "transfer", clock_at(-6000), "office", OFFICE_B,
	    "reason", "moved", NULL);
	push_parked(&ta, &seq_a, &c, why, sizeof why);
	assert_mentions(why, "district " OFFICE_A);
	assert_string_equal(val("SELECT office FROM record WHERE tbl = 'seeker' AND key = '%s'",
	    a), OFFICE_A);
	change(&c, 0, "seeker", a, "transfer", clock_at(-6000), "office", OFFICE_A "-01",
	    "reason", "moved", NULL);
	push_ok(&ta, &seq_a, &c);
	assert_string_equal(val("SELECT office FROM record WHERE tbl = 'seeker' AND key = '%s'",
	    a), OFFICE_A "-01");
	assert_string_equal(field("seeker", a, "office"), OFFICE_A "-01");
	assert_string_equal(val("SELECT account FROM change_log WHERE tbl = 'seeker' AND "
	    "key = '%s'", a), ACCOUNT_A);
	assert_string_equal(val("SELECT terminal::text FROM change_log WHERE tbl = 'seeker' AND "
	    "key = '%s'", a), ta.id);
	/* Moved back into the terminal's own office by an update: refused, it stays. */
	change(&c, 0, "seeker", a, "update", clock_at(-5500), "office", OFFICE_A, NULL);
	push_parked(&ta, &seq_a, &c, why, sizeof why);
	assert_mentions(why, "transfer");
	assert_string_equal(val("SELECT office FROM record WHERE tbl = 'seeker' AND key = '%s'",
	    a), OFFICE_A "-01");

	/* Authors kept: the record, change_log and the trail name the account and terminal. */
	assert_string_equal(val("SELECT CASE WHEN authors ? 'phone' THEN authors->>'phone' ELSE "
	    "authors->>'*' END FROM record WHERE tbl = 'seeker' AND key = '%s'", a), "zhang.clerk");
	assert_string_equal(val("SELECT string_agg(op || ':' || account, ',' ORDER BY id) FROM "
	    "change_history WHERE key = '%s' AND terminal = '%s'", a, ta.id),
	    "insert:" ACCOUNT_A ",update:zhang.clerk,transfer:" ACCOUNT_A);
	assert_string_equal(val("SELECT reason FROM change_history WHERE key = '%s' AND "
	    "op = 'transfer'", a), "moved");

	/* A disabled account's later changes are refused; what it signed before stands. */
	assert_int_equal(admin(why, sizeof why, why, sizeof why, NULL, "account", "disable",
	    "zhang.clerk", NULL), 0);
	change(&c, 0, "seeker", a, "update", clock_at(300), "phone", "13900000010", NULL);
	sign_as(&c, ta.id, "zhang.clerk", clerk);
	push_parked(&ta, &seq_a, &c, why, sizeof why);
	assert_mentions(why, "disabled");
	change(&c, 0, "seeker", a, "update", clock_at(-60000), "name", "甲早", NULL);
	sign_as(&c, ta.id, "zhang.clerk", clerk);
	push_ok(&ta, &seq_a, &c);

	/* A merge by a supervisor: the tombstone keeps no personal data. */
	change(&c, 0, "seeker", a, "delete", clock_at(-5000), NULL);
	push_ok(&ta, &seq_a, &c);
	assert_string_equal(val("SELECT fields::text FROM record WHERE tbl = 'seeker' AND "
	    "key = '%s'", a), "{}");
}

/*
 * Several changes to one record in one push: each applied one leaves its
 * row in the trail, in the order applied, a parked one none; the record
 * keeps who wrote each field and where in change_log it was written.
 */
static void
test_push_same_record_trail(void **state)
{
	struct wire_change c[4];
	struct wire_push_reply r;
	struct wire_error e;
	const char *id = newid();
	char at[64], trail[256];
	size_t i;

	(void)state;
	change(&c[0], seq_a + 1, "seeker", id, "insert", clock_at(-4000), "name", "赵一",
	    "phone", "13800000011", "office", OFFICE_A, NULL);
	change(&c[1], seq_a + 2, "seeker", id, "update", clock_at(-3000), "phone",
	    "13800000012", NULL);
	change(&c[2], seq_a + 3, "seeker", id, "update", clock_at(-2500), "household", "99",
	    NULL);
	change(&c[3], seq_a + 4, "seeker", id, "transfer", clock_at(-2000), "office",
	    OFFICE_A "-01", "reason", "moved", NULL);
	assert_int_equal(push(&ta, c, 4, &r, &e), PG_OK);
	seq_a += 4;
	assert_int_equal(r.applied_through, seq_a);
	assert_int_equal(r.nrejected, 1);
	assert_int_equal(r.rejected[0].seq, seq_a - 1);
	snprintf(trail, sizeof trail, "insert:%lld:name+phone+office:" ACCOUNT_A ":,"
	    "update:%lld:phone:" ACCOUNT_A ":,transfer:%lld:office+reason:" ACCOUNT_A ":moved",
	    (long long)seq_a - 3, (long long)seq_a - 2, (long long)seq_a);
	assert_string_equal(val("SELECT string_agg(op || ':' || seq || ':' || array_to_string("
	    "fields, '+') || ':' || account || ':' || reason, ',' ORDER BY id) FROM change_history "
	    "WHERE key = '%s'", id), trail);
	assert_string_equal(field("seeker", id, "phone"), "13800000012");
	assert_string_equal(val("SELECT office FROM record WHERE tbl = 'seeker' AND key = '%s'",
	    id), OFFICE_A "-01");
	/* The transfer wrote the office last: at the record's note in change_log. */
	snprintf(at, sizeof at, "%s", val("SELECT xid::text || ':' || pos FROM change_log "
	    "WHERE tbl = 'seeker' AND key = '%s'", id));
	assert_int_equal(num("SELECT count(*) FROM change_log WHERE key = '%s'", id), 1);
	assert_string_equal(val("SELECT CASE WHEN written ? 'office' THEN written->>'office' "
	    "ELSE written->>'*' END FROM record WHERE tbl = 'seeker' AND key = '%s'", id), at);
	/* The name was written by the insert, at an earlier note of the same transaction. */
	assert_true(strcmp(val("SELECT CASE WHEN written ? 'name' THEN written->>'name' "
	    "ELSE written->>'*' END FROM record WHERE tbl = 'seeker' AND key = '%s'", id), at) != 0);
	assert_string_equal(val("SELECT split_part(CASE WHEN written ? 'name' THEN "
	    "written->>'name' ELSE written->>'*' END, ':', 1) FROM record WHERE tbl = 'seeker' "
	    "AND key = '%s'", id), val("SELECT xid::text FROM change_log WHERE key = '%s'", id));
	assert_string_equal(val("SELECT CASE WHEN authors ? 'phone' THEN authors->>'phone' ELSE "
	    "authors->>'*' END FROM record WHERE tbl = 'seeker' AND key = '%s'", id), ACCOUNT_A);
	wire_push_reply_free(&r);
	for (i = 0; i < 4; i++)
		fields_free(&c[i].fields);
}

/*
 * A merge and edits of both records in one push: each change sees the
 * records as the changes before it left them (the survivor edited first,
 * then the merged record's edit follows the new redirect to it).
 */
static void
test_push_merge_and_edits_in_one_push(void **state)
{
	struct wire_change c[3];
	struct wire_push_reply r;
	struct wire_error e;
	char x[IDENT_LEN + 1], y[IDENT_LEN + 1];
	size_t i;

	(void)state;
	snprintf(x, sizeof x, "%s", newid());
	snprintf(y, sizeof y, "%s", newid());
	change(&c[0], 0, "seeker", x, "insert", clock_at(-9000), "name", "甲", "office", OFFICE_A,
	    NULL);
	push_ok(&ta, &seq_a, &c[0]);
	change(&c[0], 0, "seeker", y, "insert", clock_at(-9000), "name", "乙", "office", OFFICE_A,
	    NULL);
	push_ok(&ta, &seq_a, &c[0]);
	change(&c[0], seq_a + 1, "seeker", y, "update", clock_at(-3000), "phone", "13800000021",
	    NULL);
	change(&c[1], seq_a + 2, "seeker", x, "delete", clock_at(-2000), "replaced_by", y, NULL);
	change(&c[2], seq_a + 3, "seeker", x, "update", clock_at(-1000), "skills", "焊工", NULL);
	assert_int_equal(push(&ta, c, 3, &r, &e), PG_OK);
	seq_a += 3;
	assert_int_equal(r.applied_through, seq_a);
	assert_int_equal(r.nrejected, 0);
	assert_string_equal(val("SELECT deleted FROM record WHERE tbl = 'seeker' AND key = '%s'", x),
	    "t");
	assert_string_equal(field("seeker", y, "phone"), "13800000021");
	assert_string_equal(field("seeker", y, "skills"), "焊工");
	assert_string_equal(field("seeker", y, "name"), "乙");
	wire_push_reply_free(&r);
	for (i = 0; i < 3; i++)
		fields_free(&c[i].fields);
}

/* Pull everything there is as terminal t; the server notes how far t has pulled. */
static void
pull_all_for(const struct pg_terminal *t)
{
	struct wire_pull_reply r;
	struct wire_error e;
	char cursor[WIRE_CURSOR_LEN] = "";

	do {
		assert_int_equal(pull_for(t, cursor, WIRE_MAX_RECORDS, &r, &e), PG_OK);
		snprintf(cursor, sizeof cursor, "%s", r.cursor);
		wire_pull_reply_free(&r);
	} while (r.more);
}

/*
 * A base the terminal cannot have seen (the record changed after its last
 * pull) counts as none: copying the stamps every pull carries does not
 * overwrite a value without a trace in the conflict journal.
 */
static void
test_push_base_forged(void **state)
{
	struct wire_change c;
	const char *id = newid();
	char cur[WIRE_STAMP_LEN + 1];

	(void)state;
	change(&c, 0, "seeker", id, "insert", clock_at(-5000), "name", "原名", "phone",
	    "13800000000", "office", OFFICE_A, NULL);
	push_ok(&ta, &seq_a, &c);
	pull_all_for(&tb);
	change(&c, 0, "seeker", id, "update", clock_at(-4000), "phone", "13900000000", NULL);
	push_ok(&ta, &seq_a, &c);
	/* B has not pulled A's new phone, but names its stamp as the base it saw. */
	snprintf(cur, sizeof cur, "%s", stamp("seeker", id, "phone"));
	change(&c, 0, "seeker", id, "update", clock_at(-3000), "phone", "13700000000", NULL);
	fields_set(&c.base, "phone", cur);
	push_ok(&tb, &seq_b, &c);
	assert_string_equal(field("seeker", id, "phone"), "13700000000");
	assert_int_equal(num("SELECT count(*) FROM record WHERE tbl = 'conflict' AND "
	    "fields->>'id' = '%s' AND fields->>'lost_value' = '13900000000'", id), 1);
	/* Once B has pulled A's next phone, the same kind of base is an edit of what it saw. */
	change(&c, 0, "seeker", id, "update", clock_at(-2500), "phone", "13500000000", NULL);
	push_ok(&ta, &seq_a, &c);
	pull_all_for(&tb);
	snprintf(cur, sizeof cur, "%s", stamp("seeker", id, "phone"));
	change(&c, 0, "seeker", id, "update", clock_at(-2000), "phone", "13600000000", NULL);
	fields_set(&c.base, "phone", cur);
	push_ok(&tb, &seq_b, &c);
	assert_string_equal(field("seeker", id, "phone"), "13600000000");
	assert_int_equal(num("SELECT count(*) FROM record WHERE tbl = 'conflict' AND "
	    "fields->>'id' = '%s' AND fields->>'lost_value' = '13500000000'", id), 0);
}

/* An edit of a value the clerk saw (its base) is no conflict; one they did not see is. */
static void
test_push_base_seen(void **state)
{
	struct wire_change c;
	const char *id = newid();
	char seen_stamp[WIRE_STAMP_LEN + 1], old_stamp[WIRE_STAMP_LEN + 1];

	(void)state;
	change(&c, 0, "seeker", id, "insert", clock_at(-5000), "name", "原", "office", OFFICE_A,
	    NULL);
	push_ok(&ta, &seq_a, &c);
	snprintf(old_stamp, sizeof old_stamp, "%s", stamp("seeker", id, "name"));
	/* B pulled A's value and changes it: an edit. */
	pull_all_for(&tb);
	change(&c, 0, "seeker", id, "update", clock_at(-4000), "name", "乙改", NULL);
	fields_set(&c.base, "name", old_stamp);
	push_ok(&tb, &seq_b, &c);
	assert_string_equal(field("seeker", id, "name"), "乙改");
	assert_int_equal(num("SELECT count(*) FROM record WHERE tbl = 'conflict' AND "
	    "fields->>'id' = '%s'", id), 0);
	snprintf(seen_stamp, sizeof seen_stamp, "%s", stamp("seeker", id, "name"));
	/* A changes it again from its old copy (it never pulled B's): a conflict. */
	change(&c, 0, "seeker", id, "update", clock_at(-3000), "name", "甲又改", NULL);
	fields_set(&c.base, "name", old_stamp);
	push_ok(&ta, &seq_a, &c);
	assert_string_equal(field("seeker", id, "name"), "甲又改");
	assert_int_equal(num("SELECT count(*) FROM record WHERE tbl = 'conflict' AND "
	    "fields->>'id' = '%s' AND fields->>'lost_value' = '乙改' AND "
	    "fields->>'lost_stamp' = '%s'", id, seen_stamp), 1);
}

/* The same person from two terminals under two ids: one record, one redirecting tombstone. */
static void
test_push_natural_key_merge(void **state)
{
	struct wire_change c;
	const char *first = newid(), *second = newid();
	char number[24], a[IDENT_LEN + 1], b[IDENT_LEN + 1];

	(void)state;
	snprintf(a, sizeof a, "%s", first);
	snprintf(b, sizeof b, "%s", second);
	snprintf(number, sizeof number, "%s", idnum("11010519751231005"));
	change(&c, 0, "seeker", a, "insert", clock_at(-2000), "name", "刘三", "id_number", number,
	    "phone", "13600136000", "office", OFFICE_A, NULL);
	push_ok(&ta, &seq_a, &c);
	change(&c, 0, "seeker", b, "insert", clock_at(-1000), "name", "刘三", "id_number", number,
	    "address", "朝阳路1号", "office", OFFICE_A, NULL);
	push_ok(&tb, &seq_b, &c);
	assert_int_equal(num("SELECT count(*) FROM record WHERE tbl = 'seeker' AND "
	    "natural_key = '%s'", number), 1);
	assert_string_equal(val("SELECT deleted FROM record WHERE tbl = 'seeker' AND key = '%s'", b),
	    "t");
	assert_string_equal(val("SELECT replaced_by FROM record WHERE tbl = 'seeker' AND "
	    "key = '%s'", b), a);
	assert_string_equal(field("seeker", a, "address"), "朝阳路1号");
	assert_string_equal(field("seeker", a, "phone"), "13600136000");
	/* The tombstone's change_log row comes before the holder's. */
	assert_true(num("SELECT pos FROM change_log WHERE tbl = 'seeker' AND key = '%s'", b) <
	    num("SELECT pos FROM change_log WHERE tbl = 'seeker' AND key = '%s'", a));
	/* A later update to the loser's id lands on the survivor. */
	change(&c, 0, "seeker", b, "update", clock_at(0), "phone", "13500135000", NULL);
	push_ok(&tb, &seq_b, &c);
	assert_string_equal(field("seeker", a, "phone"), "13500135000");
	assert_string_equal(field("seeker", b, "phone"), "");
}

/* Deletes win: updates after a merge go to the survivor, after a plain delete to the journal. */
static void
test_push_delete_vs_update(void **state)
{
	struct wire_change c;
	char x[IDENT_LEN + 1], y[IDENT_LEN + 1], z[IDENT_LEN + 1], reason[WIRE_REASON_LEN];

	(void)state;
	snprintf(x, sizeof x, "%s", newid());
	snprintf(y, sizeof y, "%s", newid());
	snprintf(z, sizeof z, "%s", newid());
	change(&c, 0, "seeker", x, "insert", clock_at(-9000), "name", "甲", "office", OFFICE_A,
	    NULL);
	push_ok(&ta, &seq_a, &c);
	change(&c, 0, "seeker", y, "insert", clock_at(-9000), "name", "乙", "office", OFFICE_A,
	    NULL);
	push_ok(&ta, &seq_a, &c);
	change(&c, 0, "seeker", z, "insert", clock_at(-9000), "name", "丙", "office", OFFICE_A,
	    NULL);
	push_ok(&ta, &seq_a, &c);

	/* x merged into y by a supervisor; a clerk's older edit of x arrives after. */
	change(&c, 0, "seeker", x, "delete", clock_at(-1000), "replaced_by", y, NULL);
	push_ok(&ta, &seq_a, &c);
	change(&c, 0, "seeker", x, "update", clock_at(-5000), "skills", "焊工", NULL);
	push_ok(&tb, &seq_b, &c);
	assert_string_equal(val("SELECT deleted FROM record WHERE tbl = 'seeker' AND key = '%s'", x),
	    "t");
	assert_string_equal(field("seeker", y, "skills"), "焊工");
	/* z deleted outright; an update afterwards is journaled as lost, z stays deleted. */
	change(&c, 0, "seeker", z, "delete", clock_at(-1000), NULL);
	push_ok(&ta, &seq_a, &c);
	change(&c, 0, "seeker", z, "update", clock_at(0), "skills", "电工", NULL);
	push_ok(&tb, &seq_b, &c);
	assert_string_equal(val("SELECT deleted FROM record WHERE tbl = 'seeker' AND key = '%s'", z),
	    "t");
	assert_string_equal(field("seeker", z, "skills"), "");
	assert_int_equal(num("SELECT count(*) FROM record WHERE tbl = 'conflict' AND "
	    "fields->>'id' = '%s' AND fields->>'lost_value' = '电工'", z), 1);
	/* A delete naming itself, or an unknown survivor, is parked. */
	change(&c, 0, "seeker", y, "delete", clock_at(0), "replaced_by", y, NULL);
	push_parked(&ta, &seq_a, &c, reason, sizeof reason);
	assert_mentions(reason, "replaced_by");
	change(&c, 0, "seeker", y, "delete", clock_at(0), "replaced_by", newid(), NULL);
	push_parked(&ta, &seq_a, &c, reason, sizeof reason);
	/* A loop through a tombstone: y replaced by x, which points at y. */
	change(&c, 0, "seeker", y, "delete", clock_at(0), "replaced_by", x, NULL);
	push_parked(&ta, &seq_a, &c, reason, sizeof reason);
	assert_string_equal(val("SELECT deleted FROM record WHERE tbl = 'seeker' AND key = '%s'", y),
	    "f");
}

/* A clock far ahead is stamped again with the server's; the terminal's id stays. */
static void
test_push_drift(void **state)
{
	struct wire_change c;
	struct wire_push_reply r;
	struct wire_error e;
	const char *id = newid();
	uint64_t ahead = clock_at(3600 * 1000), got;
	char s[WIRE_STAMP_LEN + 1];

	(void)state;
	change(&c, ++seq_a, "seeker", id, "insert", ahead, "name", "未来", "office", OFFICE_A,
	    NULL);
	assert_int_equal(push(&ta, &c, 1, &r, &e), PG_OK);
	assert_int_equal(r.nrejected, 0);
	snprintf(s, sizeof s, "%s", stamp("seeker", id, "name"));
	got = strtoull(s, NULL, 16);
	assert_true(got < ahead);
	assert_true(hlc_ms(got) <= hlc_ms(clock_at(1000)));
	assert_mentions(s, TERM_A);
	assert_true(r.hlc >= got);
	/* The server's clock never went to the future. */
	assert_true(hlc_ms(strtoull(val("SELECT value FROM meta WHERE key = 'hlc'"), NULL, 10)) <=
	    hlc_ms(clock_at(1000)));
	wire_push_reply_free(&r);
	fields_free(&c.fields);
	/* A clock in 1970 is taken as it is: it simply loses. */
	change(&c, 0, "seeker", id, "update", hlc_pack(1000, 0), "name", "过去", NULL);
	push_ok(&tb, &seq_b, &c);
	assert_string_equal(field("seeker", id, "name"), "未来");
}

/* ---- Pull ---- */

/* Pages, cursors, a malformed cursor, another epoch. */
static void
test_pull_pages(void **state)
{
	struct wire_pull_reply r;
	struct wire_error e;
	char cursor[WIRE_CURSOR_LEN] = "", epoch[64];
	/* Everything but the records of the other district (OFFICE_B's): see test_pull_walls. */
	long total = (long)num("SELECT count(*) FROM change_log c LEFT JOIN record r "
	    "ON r.tbl = c.tbl AND r.key = c.key WHERE coalesce(r.office, '') <> '" OFFICE_B "'");
	long seen = 0;
	int pages = 0;
	const struct wire_record *rec;

	(void)state;
	snprintf(epoch, sizeof epoch, "%s", val("SELECT value FROM meta WHERE key = 'epoch'"));
	assert_int_equal(pull("", 50, &r, &e), PG_OK);
	assert_true(r.more);
	assert_int_equal(r.n, 50);
	assert_int_equal(r.remaining, total - 50);
	assert_false(r.reset);
	assert_true(strncmp(r.cursor, "1.", 2) == 0 && strstr(r.cursor, epoch) != NULL);
	wire_pull_reply_free(&r);
	do {
		assert_int_equal(pull(cursor, 500, &r, &e), PG_OK);
		seen += (long)r.n;
		pages++;
		snprintf(cursor, sizeof cursor, "%s", r.cursor);
		if ((rec = has_record(&r, "office", OFFICE_A)) != NULL) {
			assert_string_equal(fields_str(&rec->fields, "name"), "朝阳区");
			assert_string_equal(fields_str(&rec->fields, "parent"), "1101");
		}
		if ((rec = has_record(&r, "form", "seeker")) != NULL)
			assert_non_null(fields_get(&rec->fields, "text_1"));
		wire_pull_reply_free(&r);
	} while (r.more);
	assert_int_equal(seen, total);
	assert_int_equal(r.remaining, 0);
	/* Nothing new: the same cursor, nothing more. */
	assert_int_equal(pull(cursor, 500, &r, &e), PG_OK);
	assert_int_equal(r.n, 0);
	assert_string_equal(r.cursor, cursor);
	wire_pull_reply_free(&r);

	assert_int_equal(pull("2.x.1.1", 10, &r, &e), PG_BAD_REQUEST);
	assert_int_equal(pull("1.abc.1", 10, &r, &e), PG_BAD_REQUEST);
	assert_int_equal(pull("1.abc.1.x", 10, &r, &e), PG_BAD_REQUEST);
	assert_int_equal(pull("1.abc.99999999999999999999999.1", 10, &r, &e), PG_BAD_REQUEST);
	assert_string_equal(e.error, "bad_request");
	/* Another epoch: from the beginning, with reset. */
	assert_int_equal(pull("1.00000000-0000-4000-8000-000000000000.5.5", 10, &r, &e), PG_OK);
	assert_true(r.reset);
	assert_int_equal(r.n, 10);
	assert_int_equal(r.remaining, total - 10);
	wire_pull_reply_free(&r);
}

/*
 * A terminal receives the records of its own district only: a terminal of
 * OFFICE_A never sees a seeker, service or conflict of OFFICE_B, and the
 * other way round; both see the offices, the code lists and the forms.
 */
static void
test_pull_walls(void **state)
{
	struct wire_change c;
	struct wire_pull_reply r;
	struct wire_error e;
	char cursor[WIRE_CURSOR_LEN] = "", a_id[IDENT_LEN + 1], b_id[IDENT_LEN + 1];
	int saw_a = 0, saw_b = 0, saw_form = 0, saw_office_b = 0, round;

	(void)state;
	snprintf(a_id, sizeof a_id, "%s", newid());
	snprintf(b_id, sizeof b_id, "%s", newid());
	change(&c, 0, "seeker", a_id, "insert", clock_at(0), "name", "朝阳人",
	    "office", OFFICE_A, NULL);
	push_ok(&ta, &seq_a, &c);
	change(&c, 0, "seeker", b_id, "insert", clock_at(0), "name", "海淀人",
	    "office", OFFICE_B, NULL);
	push_ok(&tc, &seq_c, &c);
	for (round = 0; round < 2; round++) {
		const struct pg_terminal *t = round == 0 ? &ta : &tc;

		cursor[0] = '\0';
		saw_a = saw_b = saw_form = saw_office_b = 0;
		do {
			size_t i;

			assert_int_equal(pull_for(t, cursor, 500, &r, &e), PG_OK);
			snprintf(cursor, sizeof cursor, "%s", r.cursor);
			for (i = 0; i < r.n; i++) {
				const struct wire_record *rec = &r.records[i];

				saw_a += strcmp(rec->key, a_id) == 0;
				saw_b += strcmp(rec->key, b_id) == 0;
				saw_form += strcmp(rec->tbl, "form") == 0;
				saw_office_b += strcmp(rec->tbl, "office") == 0 &&
				    strcmp(rec->key, OFFICE_B) == 0;
				/* Nothing of the other district: no record, no service, no journal. */
				if (strcmp(rec->tbl, "seeker") == 0 || strcmp(rec->tbl, "employer") == 0 ||
				    strcmp(rec->tbl, "vacancy") == 0 || strcmp(rec->tbl, "conflict") == 0 ||
				    strcmp(rec->tbl, "service_event") == 0)
					assert_int_equal(strncmp(val("SELECT coalesce(office, '') "
					    "FROM record WHERE tbl = '%s' AND key = '%s'", rec->tbl,
					    rec->key), round == 0 ? OFFICE_A : OFFICE_B,
					    strlen(OFFICE_A)), 0);
			}
			wire_pull_reply_free(&r);
		} while (r.more);
		assert_int_equal(saw_a, round == 0);
		assert_int_equal(saw_b, round == 1);
		assert_int_equal(saw_form, SHIPPED_FORMS);
		assert_int_equal(saw_office_b, 1);
	}
}

/* The records a pull hands out: current state, stamps, tombstones, accounts with hashes. */
static void
test_pull_content(void **state)
{
	struct wire_change c;
	struct wire_pull_reply r;
	struct wire_error e;
	char cursor[WIRE_CURSOR_LEN] = "", out[256], err[512];
	char x[IDENT_LEN + 1], y[IDENT_LEN + 1];
	const struct wire_record *rec;
	int found = 0, more;

	(void)state;
	pull_all(cursor);
	snprintf(x, sizeof x, "%s", newid());
	snprintf(y, sizeof y, "%s", newid());
	change(&c, 0, "seeker", x, "insert", clock_at(0), "name", "马五", "office", OFFICE_A, NULL);
	push_ok(&ta, &seq_a, &c);
	change(&c, 0, "seeker", y, "insert", clock_at(0), "name", "马六", "office", OFFICE_A, NULL);
	push_ok(&ta, &seq_a, &c);
	change(&c, 0, "seeker", x, "delete", clock_at(0), "replaced_by", y, NULL);
	push_ok(&ta, &seq_a, &c);
	assert_int_equal(admin(out, sizeof out, err, sizeof err, "a-good-password\n", "account",
	    "add", "ma.wu", "--name", "马五", "--office", OFFICE_A, "--role", "clerk", NULL), 0);
	assert_int_equal(pull(cursor, 100, &r, &e), PG_OK);
	assert_int_equal(r.n, 3);
	assert_false(r.more);
	rec = has_record(&r, "seeker", x);
	assert_non_null(rec);
	assert_true(rec->deleted);
	assert_string_equal(rec->replaced_by, y);
	rec = has_record(&r, "seeker", y);
	assert_non_null(rec);
	assert_false(rec->deleted);
	assert_string_equal(fields_str(&rec->fields, "name"), "马六");
	assert_mentions(wire_stamp_of(&rec->stamps, "name"), TERM_A);
	rec = has_record(&r, "account", "ma.wu");
	assert_non_null(rec);
	assert_string_equal(fields_str(&rec->fields, "office"), OFFICE_A);
	assert_string_equal(fields_str(&rec->fields, "disabled"), "0");
	assert_true(strncmp(fields_str(&rec->fields, "pwhash"), "$argon2id$", 10) == 0);
	/* The record order is the log's: x's tombstone after y's insert. */
	assert_string_equal(r.records[0].key, y);
	wire_pull_reply_free(&r);

	/* Another office's terminal has the account disabled, without its hash. */
	cursor[0] = '\0';
	do {
		assert_int_equal(pull_for(&tc, cursor, WIRE_MAX_RECORDS, &r, &e), PG_OK);
		snprintf(cursor, sizeof cursor, "%s", r.cursor);
		if ((rec = has_record(&r, "account", "ma.wu")) != NULL) {
			found = 1;
			assert_string_equal(fields_str(&rec->fields, "disabled"), "1");
			assert_null(fields_get(&rec->fields, "pwhash"));
			assert_string_equal(fields_str(&rec->fields, "name"), "马五");
		}
		more = r.more;
		wire_pull_reply_free(&r);
	} while (more);
	assert_true(found);
}

/*
 * The late commit: a transaction that began writing before another one and
 * commits after it must not be passed over. A second session holds a
 * change_log row uncommitted while a push commits; a pull stops below the
 * open transaction; once it commits, the next pull delivers both.
 */
static void
test_pull_late_commit(void **state)
{
	struct wire_change c;
	struct wire_pull_reply r;
	struct wire_error e;
	char cursor[WIRE_CURSOR_LEN] = "", late[IDENT_LEN + 1], early[IDENT_LEN + 1];
	PGconn *slow = PQconnectdb(conninfo);
	PGresult *res;

	(void)state;
	assert_int_equal(PQstatus(slow), CONNECTION_OK);
	pull_all(cursor);
	snprintf(late, sizeof late, "%s", newid());
	snprintf(early, sizeof early, "%s", newid());
	/* The slow session takes its xid first and writes a record with its log row. */
	res = PQexec(slow, "BEGIN");
	PQclear(res);
	{
		char q[1024];

		snprintf(q, sizeof q, "INSERT INTO record (tbl, key, fields, office) VALUES "
		    "('seeker', '%s', '{\"name\": \"迟到\", \"office\": \"%s\"}', '%s'); "
		    "WITH gone AS (DELETE FROM change_log WHERE tbl = 'seeker' AND key = '%s') "
		    "INSERT INTO change_log (tbl, key) VALUES ('seeker', '%s')", late, OFFICE_A,
		    OFFICE_A, late, late);
		res = PQexec(slow, q);
		assert_int_equal(PQresultStatus(res), PGRES_COMMAND_OK);
		PQclear(res);
	}
	/* A push commits meanwhile: its row has a later xid and a later position. */
	change(&c, 0, "seeker", early, "insert", clock_at(0), "name", "准时", "office", OFFICE_A,
	    NULL);
	push_ok(&ta, &seq_a, &c);
	/* The pull must not pass the open transaction: neither row comes yet. */
	assert_int_equal(pull(cursor, 100, &r, &e), PG_OK);
	assert_null(has_record(&r, "seeker", late));
	assert_null(has_record(&r, "seeker", early));
	assert_false(r.more);
	/* The last page says the push's committed row is held back (the late one is not yet committed). */
	assert_int_equal(r.held, 1);
	snprintf(cursor, sizeof cursor, "%s", r.cursor);
	wire_pull_reply_free(&r);
	/* The slow one commits: the next pull from the same cursor delivers both. */
	res = PQexec(slow, "COMMIT");
	assert_int_equal(PQresultStatus(res), PGRES_COMMAND_OK);
	PQclear(res);
	PQfinish(slow);
	assert_int_equal(pull(cursor, 100, &r, &e), PG_OK);
	assert_non_null(has_record(&r, "seeker", late));
	assert_non_null(has_record(&r, "seeker", early));
	assert_false(r.more);
	assert_int_equal(r.held, 0);
	wire_pull_reply_free(&r);
	/* It was a late commit indeed: its row lies before the push's. */
	assert_true(num("SELECT pos FROM change_log WHERE key = '%s'", late) <
	    num("SELECT pos FROM change_log WHERE key = '%s'", early));
}

/*
 * Page in of terminal t, built ahead and taken by the same request. A take
 * does not wait for a page the builder has not begun (the worker builds it
 * itself then), so the builder is given a moment, longer at each try.
 */
static void
take_ahead(struct pull_ahead *a, const struct pg_terminal *t, const struct wire_pull *in,
    struct wire_pull_reply *out)
{
	useconds_t pause;

	for (pause = 1000; pause < 2000000; pause *= 2) {
		pull_ahead_start(a, t, in, in->cursor);
		usleep(pause);
		if (pull_ahead_take(a, t, in, out) == PULL_AHEAD_SERVED)
			return;
	}
	fail_msg("terminal %s: no page was served built ahead", t->id);
}

/*
 * Whether a page built ahead for request in of terminal t was refused to
 * request asked of terminal who, and then to in itself. The builder takes
 * pages in the order asked: once terminal B's later page is served, t's is
 * built, so the refusal is the rule's and not the page's absence.
 */
static int
ahead_refused(struct pull_ahead *a, const struct pg_terminal *t, const struct wire_pull *in,
    const struct pg_terminal *who, const struct wire_pull *asked)
{
	struct wire_pull_reply r;
	int served;

	pull_ahead_start(a, t, in, in->cursor);
	take_ahead(a, &tb, in, &r);
	wire_pull_reply_free(&r);
	if ((served = pull_ahead_take(a, who, asked, &r) == PULL_AHEAD_SERVED) != 0)
		wire_pull_reply_free(&r);
	if (!served && pull_ahead_take(a, t, in, &r) == PULL_AHEAD_SERVED) {
		wire_pull_reply_free(&r);
		served = 1;
	}
	return !served;
}

/* A page's encoding but for the server's clock, which each build reads anew. */
static char *
page_text(struct wire_pull_reply *r)
{
	size_t len;

	r->hlc = 0;
	return wire_pull_reply_encode(r, &len);
}

/*
 * A page built ahead (server/pull-ahead.c) is the page its request would
 * get, and a snapshot: a change committed after it comes with the next
 * page. It is served to that request alone, the same terminal, cursor,
 * limit, form of entries, office and scope; and a page built but not sent
 * does not count as seen by the terminal (a change's base is checked
 * against what it was sent). Only long pulls are built ahead.
 */
static void
test_pull_ahead(void **state)
{
	struct pull_ahead *a = pull_ahead_new(&settings);
	struct wire_pull in, asked;
	struct wire_pull_reply first, direct, ahead, r;
	struct wire_change c;
	struct wire_error e;
	struct pg_terminal moved;
	char cursor[WIRE_CURSOR_LEN], pulled[64], *want, *got, late[IDENT_LEN + 1];
	int seen = 0;

	(void)state;
	assert_non_null(a);
	/* As far as a terminal that has pulled nothing: the pulls here move it. */
	sql("UPDATE terminal SET pulled_xid = '0', pulled_pos = 0 WHERE id = '" TERM_A "'");
	memset(&in, 0, sizeof in);
	in.limit = 20;
	assert_int_equal(pg_pull(pg, &ta, &in, &first, &e), PG_OK);
	assert_true(first.more);
	snprintf(in.cursor, sizeof in.cursor, "%s", first.cursor);
	wire_pull_reply_free(&first);
	snprintf(pulled, sizeof pulled, "%s", val("SELECT pulled_xid || '.' || pulled_pos "
	    "FROM terminal WHERE id = '" TERM_A "'"));

	/* The same page as a request gets, the same cursor to go on from. */
	assert_int_equal(pg_pull_build(pg, &ta, &in, &direct, &e), PG_OK);
	take_ahead(a, &ta, &in, &ahead);
	want = page_text(&direct);
	got = page_text(&ahead);
	assert_string_equal(got, want);
	assert_true(ahead.more);
	free(want);
	free(got);
	wire_pull_reply_free(&direct);
	/* Built and taken, it is not noted as sent: http_pull notes it as it goes out. */
	assert_string_equal(val("SELECT pulled_xid || '.' || pulled_pos FROM terminal "
	    "WHERE id = '" TERM_A "'"), pulled);
	pg_pull_sent(pg, &ta, ahead.cursor);
	assert_string_not_equal(val("SELECT pulled_xid || '.' || pulled_pos FROM terminal "
	    "WHERE id = '" TERM_A "'"), pulled);
	/* Taken once: the same request again is built as it comes. */
	assert_int_equal(pull_ahead_take(a, &ta, &in, &r), PULL_AHEAD_NONE);

	/*
	 * A snapshot: the last page, built before a change commits, does not
	 * have it (a page built on request would); the page after it has.
	 */
	snprintf(cursor, sizeof cursor, "%s", ahead.cursor);
	wire_pull_reply_free(&ahead);
	pull_all(cursor);
	snprintf(late, sizeof late, "%s", newid());
	memset(&asked, 0, sizeof asked);
	snprintf(asked.cursor, sizeof asked.cursor, "%s", cursor);
	asked.limit = in.limit;
	pull_ahead_start(a, &ta, &asked, asked.cursor);
	take_ahead(a, &tb, &in, &r);	/* terminal A's page is built by now */
	wire_pull_reply_free(&r);
	change(&c, 0, "seeker", late, "insert", clock_at(0), "name", "后来", "office", OFFICE_A,
	    NULL);
	push_ok(&tb, &seq_b, &c);
	assert_int_equal(pull_ahead_take(a, &ta, &asked, &r), PULL_AHEAD_SERVED);
	assert_null(has_record(&r, "seeker", late));
	snprintf(cursor, sizeof cursor, "%s", r.cursor);
	wire_pull_reply_free(&r);
	do {
		assert_int_equal(pull(cursor, 500, &r, &e), PG_OK);
		seen += has_record(&r, "seeker", late) != NULL;
		snprintf(cursor, sizeof cursor, "%s", r.cursor);
		wire_pull_reply_free(&r);
	} while (r.more);
	assert_int_equal(seen, 1);

	/*
	 * Any other request of the terminal is refused the page, which is then
	 * dropped; another terminal is refused it too, and the page kept. The
	 * same request served first: the premise that the check can see a page.
	 */
	assert_false(ahead_refused(a, &ta, &in, &ta, &in));
	asked = in;
	snprintf(asked.cursor, sizeof asked.cursor, "%s", cursor);
	assert_true(ahead_refused(a, &ta, &in, &ta, &asked));
	asked = in;
	asked.limit = in.limit + 1;
	assert_true(ahead_refused(a, &ta, &in, &ta, &asked));
	asked = in;
	asked.compact = 1;
	assert_true(ahead_refused(a, &ta, &in, &ta, &asked));
	moved = ta;
	moved.scope_gen++;
	assert_true(ahead_refused(a, &ta, &in, &moved, &in));
	moved = ta;
	snprintf(moved.scope, sizeof moved.scope, "%s", OFFICE_A "-01");
	assert_true(ahead_refused(a, &ta, &in, &moved, &in));
	moved = ta;
	snprintf(moved.office, sizeof moved.office, "%s", OFFICE_A "-01");
	assert_true(ahead_refused(a, &ta, &in, &moved, &in));
	pull_ahead_start(a, &ta, &in, in.cursor);
	take_ahead(a, &tb, &in, &r);
	wire_pull_reply_free(&r);
	assert_int_equal(pull_ahead_take(a, &tc, &in, &r), PULL_AHEAD_NONE);
	assert_int_equal(pull_ahead_take(a, &ta, &in, &r), PULL_AHEAD_SERVED);
	wire_pull_reply_free(&r);
	/* Another request of the terminal is told that one was kept for it. */
	pull_ahead_start(a, &ta, &in, in.cursor);
	take_ahead(a, &tb, &in, &r);
	wire_pull_reply_free(&r);
	asked = in;
	asked.limit = in.limit + 1;
	assert_int_equal(pull_ahead_take(a, &ta, &asked, &r), PULL_AHEAD_MISSED);
	pull_ahead_free(a);

	/*
	 * Worth building ahead: the page after one of a long pull, which its
	 * first page counts (ten pages of the limit), or whose pages were
	 * asked for ahead already; never after the last page.
	 */
	memset(&r, 0, sizeof r);
	r.more = 1;
	r.remaining = 10 * in.limit;
	assert_true(pull_ahead_worth(&in, &r, PULL_AHEAD_NONE));
	r.remaining = 10 * in.limit - 1;
	assert_false(pull_ahead_worth(&in, &r, PULL_AHEAD_NONE));
	r.remaining = -1;
	assert_false(pull_ahead_worth(&in, &r, PULL_AHEAD_NONE));
	assert_true(pull_ahead_worth(&in, &r, PULL_AHEAD_MISSED));
	assert_true(pull_ahead_worth(&in, &r, PULL_AHEAD_SERVED));
	r.more = 0;
	r.remaining = 0;
	assert_false(pull_ahead_worth(&in, &r, PULL_AHEAD_SERVED));
}

/* After new-epoch every cursor starts again from the beginning. */
static void
test_pull_new_epoch(void **state)
{
	struct wire_pull_reply r;
	struct wire_error e;
	char cursor[WIRE_CURSOR_LEN] = "", out[256], err[256];

	(void)state;
	pull_all(cursor);
	assert_int_equal(admin(out, sizeof out, err, sizeof err, NULL, "new-epoch", NULL), 0);
	assert_int_equal(pull(cursor, 10, &r, &e), PG_OK);
	assert_true(r.reset);
	assert_int_equal(r.n, 10);
	assert_null(strstr(r.cursor, cursor + 2));
	wire_pull_reply_free(&r);
}

/* ---- Connection ---- */

/*
 * A lost connection (the database restarted since the worker's last
 * request) costs no path a refusal: a health check, a token check, an
 * enrollment, a pull and a push each connect again and answer.
 */
static void
test_connection_lost(void **state)
{
	struct wire_error e;
	struct wire_pull_reply r;
	struct wire_change c;
	struct pg_terminal t;
	char token[64];

	(void)state;
	/*
	 * The backend handles the signal before it reads another command
	 * (it is pending by the time pg_terminate_backend returns), so the
	 * check's statement always meets a dead connection.
	 */
	sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
	    "application_name = 'jobdeskd' AND datname = '%s'", TESTDB);
	memset(&e, 0, sizeof e);
	assert_int_equal(pg_health(pg, &e), PG_OK);
	assert_string_equal(e.error, "");
	/* A token check, then an enrollment (the statements were prepared again). */
	sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
	    "application_name = 'jobdeskd' AND datname = '%s'", TESTDB);
	assert_int_equal(pg_auth(pg, ta_token, &t, &e), PG_OK);
	assert_string_equal(t.id, TERM_A);
	{
		char out[256], err[512];
		struct wire_enroll req;
		struct wire_enroll_reply rep;

		assert_int_equal(admin(out, sizeof out, err, sizeof err, NULL, "enroll", "--office",
		    OFFICE_B, NULL), 0);
		out[strcspn(out, "\n")] = '\0';
		memset(&req, 0, sizeof req);
		snprintf(req.code, sizeof req.code, "%.63s", out);
		snprintf(req.terminal, sizeof req.terminal, "0000000f-0000-4000-8000-00000000000f");
		sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
		    "application_name = 'jobdeskd' AND datname = '%s'", TESTDB);
		assert_int_equal(pg_enroll(pg, &req, &rep, &e), PG_OK);
		assert_string_equal(rep.terminal, req.terminal);
		snprintf(token, sizeof token, "%s", rep.token);
	}
	/* While the database is gone, a health check says so: it does not pretend. */
	sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
	    "application_name = 'jobdeskd' AND datname = '%s'", TESTDB);
	{
		/* The test database's connections barred from another database's session. */
		PGconn *other = PQconnectdb(getenv("JOBDESK_PG"));
		PGresult *res;

		assert_int_equal(PQstatus(other), CONNECTION_OK);
		res = PQexec(other, "ALTER DATABASE " TESTDB " ALLOW_CONNECTIONS false");
		assert_int_equal(PQresultStatus(res), PGRES_COMMAND_OK);
		PQclear(res);
		memset(&e, 0, sizeof e);
		assert_int_equal(pg_health(pg, &e), PG_UNAVAILABLE);
		assert_string_equal(e.error, "unavailable");
		assert_string_equal(e.message, "the database is unavailable");
		res = PQexec(other, "ALTER DATABASE " TESTDB " ALLOW_CONNECTIONS true");
		assert_int_equal(PQresultStatus(res), PGRES_COMMAND_OK);
		PQclear(res);
		PQfinish(other);
	}
	/* Connections are tried again at most once a second. */
	sleep(1);
	memset(&e, 0, sizeof e);
	assert_int_equal(pg_health(pg, &e), PG_OK);

	/* A connection that died while idle costs a pull and a push nothing: connected again. */
	sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
	    "application_name = 'jobdeskd' AND datname = '%s'", TESTDB);
	assert_int_equal(pull("", 10, &r, &e), PG_OK);
	wire_pull_reply_free(&r);
	sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
	    "application_name = 'jobdeskd' AND datname = '%s'", TESTDB);
	change(&c, 0, "seeker", newid(), "insert", clock_at(0), "name", "周九", "office", OFFICE_A,
	    NULL);
	push_ok(&ta, &seq_a, &c);
}

/*
 * The server's connections commit synchronously whatever the database's
 * default: an acknowledged push is on disk (the harness runs PostgreSQL
 * with synchronous_commit = off, as some sites do for speed).
 */
static void
test_synchronous_commit(void **state)
{
	struct wire_error e;
	PGconn *other;
	PGresult *res;

	(void)state;
	sql("ALTER DATABASE %s SET synchronous_commit = off", TESTDB);
	other = PQconnectdb(conninfo);
	assert_int_equal(PQstatus(other), CONNECTION_OK);
	res = PQexec(other, "SHOW synchronous_commit");
	assert_string_equal(PQgetvalue(res, 0, 0), "off");
	PQclear(res);
	PQfinish(other);
	/* The worker's connection made again, under the new default. */
	sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
	    "application_name = 'jobdeskd' AND datname = '%s'", TESTDB);
	assert_int_equal(pg_health(pg, &e), PG_OK);
	res = PQexec(pg->conn, "SHOW synchronous_commit");
	assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
	assert_string_equal(PQgetvalue(res, 0, 0), "on");
	PQclear(res);
	sql("ALTER DATABASE %s RESET synchronous_commit", TESTDB);
}

/* ---- Admin ---- */

/* The admin commands refuse bad input clearly and change nothing. */
static void
test_admin_refusals(void **state)
{
	char out[4096], err[1024];
	long long offices = num("SELECT count(*) FROM office");
	long long accounts = num("SELECT count(*) FROM account");
	const char *bad;

	(void)state;
	assert_int_equal(admin(out, sizeof out, err, sizeof err, NULL, "office", "add", OFFICE_A,
	    "重复", "district", NULL), 1);
	assert_mentions(err, "exists already");
	assert_int_equal(admin(out, sizeof out, err, sizeof err, NULL, "office", "add", "9999",
	    "某处", "county", NULL), 1);
	assert_mentions(err, "county");
	assert_int_equal(admin(out, sizeof out, err, sizeof err, NULL, "office", "add", "9999",
	    "某处", "street", "nosuch", NULL), 1);
	assert_mentions(err, "unknown parent office");
	assert_int_equal(num("SELECT count(*) FROM office"), offices);
	assert_int_equal(admin(out, sizeof out, err, sizeof err, NULL, "enroll", "--office",
	    "nosuch", NULL), 1);
	assert_mentions(err, "unknown office");

	/* A street office whose only manager li.si will be. */
	assert_int_equal(admin(out, sizeof out, err, sizeof err, NULL, "office", "add",
	    OFFICE_A "-09", "某街道", "street", OFFICE_A, NULL), 0);
	offices++;
	assert_int_equal(admin(out, sizeof out, err, sizeof err, "good-password-1\n", "account",
	    "add", "li.si", "--name", "李四", "--office", OFFICE_A "-09", "--role", "supervisor",
	    "--grade", "2", NULL), 0);
	assert_int_equal(admin(out, sizeof out, err, sizeof err, "good-password-1\n", "account",
	    "add", "li.si", "--name", "李四", "--office", OFFICE_A, "--role", "clerk", NULL), 1);
	assert_mentions(err, "exists already");
	assert_int_equal(admin(out, sizeof out, err, sizeof err, "good-password-1\n", "account",
	    "add", "zhou.ba", "--name", "周八", "--office", "nosuch", "--role", "clerk", NULL), 1);
	assert_mentions(err, "unknown office");
	assert_int_equal(admin(out, sizeof out, err, sizeof err, "good-password-1\n", "account",
	    "add", "zhou.ba", "--name", "周八", "--office", OFFICE_A, "--role", "boss", NULL), 1);
	assert_mentions(err, "boss");
	assert_int_equal(admin(out, sizeof out, err, sizeof err, "short\n", "account", "add",
	    "zhou.ba", "--name", "周八", "--office", OFFICE_A, "--role", "clerk", NULL), 1);
	assert_int_equal(admin(out, sizeof out, err, sizeof err, "", "account", "add", "zhou.ba",
	    "--name", "周八", "--office", OFFICE_A, "--role", "clerk", NULL), 1);
	assert_mentions(err, "no password");
	assert_int_equal(admin(out, sizeof out, err, sizeof err, "good-password-1\n", "account",
	    "add", "zhou.ba", "--name", "周八", "--office", OFFICE_A, "--role", "clerk",
	    "--grade", "nosuch", NULL), 1);
	assert_int_equal(admin(out, sizeof out, err, sizeof err, NULL, "account", "add", "zhou.ba",
	    NULL), 2);
	assert_int_equal(num("SELECT count(*) FROM account"), accounts + 1);
	/* The last manager of an office is not disabled; a clerk is. */
	assert_int_equal(admin(out, sizeof out, err, sizeof err, NULL, "account", "disable",
	    "li.si", NULL), 1);
	assert_string_equal(val("SELECT disabled FROM account WHERE login = 'li.si'"), "f");
	assert_int_equal(admin(out, sizeof out, err, sizeof err, NULL, "account", "disable",
	    "ma.wu", NULL), 0);
	assert_string_equal(val("SELECT disabled FROM account WHERE login = 'ma.wu'"), "t");
	assert_int_equal(admin(out, sizeof out, err, sizeof err, NULL, "account", "disable",
	    "nosuch", NULL), 1);
	assert_mentions(err, "unknown account");
	/* Disabled now: the changes it made before stand, later ones are refused. */
	assert_string_equal(val("SELECT disabled_at IS NOT NULL FROM account WHERE login = 'ma.wu'"),
	    "t");
	bad = val("SELECT pwhash FROM account WHERE login = 'li.si'");
	{
		char before[256], key[SIGN_PUBLIC_HEX], sealed[SIGN_SEALED_MAX];
		unsigned char sk[SIGN_SECRET_LEN], pk[SIGN_PUBLIC_LEN], want[SIGN_PUBLIC_LEN];

		snprintf(before, sizeof before, "%s", bad);
		snprintf(key, sizeof key, "%s", val("SELECT public_key FROM account "
		    "WHERE login = 'li.si'"));
		snprintf(sealed, sizeof sealed, "%s", val("SELECT sealed_key FROM account "
		    "WHERE login = 'li.si'"));
		assert_int_equal(strlen(key), 2 * SIGN_PUBLIC_LEN);
		/* The key is sealed under the account's password, and opens with it only. */
		assert_int_equal(sign_unseal(sealed, "good-password-1", 1U << 30, sk), 0);
		sign_public_of(sk, pk);
		assert_int_equal(sign_from_hex(key, want, sizeof want), 0);
		assert_memory_equal(pk, want, sizeof pk);
		assert_int_equal(sign_unseal(sealed, "another-password", 1U << 30, sk), -1);
		assert_int_equal(admin(out, sizeof out, err, sizeof err, "another-password\n",
		    "account", "passwd", "li.si", NULL), 0);
		assert_string_not_equal(val("SELECT pwhash FROM account WHERE login = 'li.si'"),
		    before);
		/* A new password seals the same key again: signatures made before stay good. */
		assert_string_equal(val("SELECT public_key FROM account WHERE login = 'li.si'"),
		    key);
		assert_string_not_equal(val("SELECT sealed_key FROM account WHERE login = 'li.si'"),
		    sealed);
		assert_int_equal(sign_unseal(val("SELECT sealed_key FROM account WHERE "
		    "login = 'li.si'"), "another-password", 1U << 30, sk), 0);
		sign_public_of(sk, pk);
		assert_memory_equal(pk, want, sizeof pk);
		assert_int_equal(sign_unseal(val("SELECT sealed_key FROM account WHERE "
		    "login = 'li.si'"), "good-password-1", 1U << 30, sk), -1);
	}
	assert_int_equal(admin(out, sizeof out, err, sizeof err, NULL, "account", "list", NULL), 0);
	assert_mentions(out, "li.si");
	assert_mentions(out, "disabled");
	assert_int_equal(admin(out, sizeof out, err, sizeof err, NULL, "nosuch", NULL), 2);
}

/* codes load: a new version writes what changed and deprecates what went; bad files change nothing. */
static void
test_admin_codes_and_forms(void **state)
{
	char out[1024], err[1024], path[512];
	const char *v2 = "# list: household\n# version: 2099.1\n"
	    "code\tparent\tname_zh\tname_en\tdeprecated\taliases\n"
	    "urban\t\t本市城镇\tBeijing urban\t0\t城镇|城镇户口\n"
	    "newkind\t\t新类别\tNew kind\t0\t\n";
	long long logs;
	struct wire_change c;
	char reason[WIRE_REASON_LEN];
	const char *id = newid();

	(void)state;
	assert_int_equal(tmpdir_make("pg"), 0);
	put("household.tsv", v2);
	put("broken.tsv", "# list: sex\n# version: 2099.1\ncode\tparent\tname_zh\tname_en\t"
	    "deprecated\n1\t\t男\n");
	/* All or nothing: a good file with a broken one loads neither. */
	logs = num("SELECT count(*) FROM change_log");
	assert_int_equal(admin(out, sizeof out, err, sizeof err, NULL, "codes", "load",
	    tmp("household.tsv"), tmp("broken.tsv"), NULL), 1);
	assert_mentions(err, "broken.tsv:4:");
	assert_int_equal(num("SELECT count(*) FROM change_log"), logs);
	assert_int_equal(num("SELECT count(*) FROM record WHERE key = 'household:newkind'"), 0);

	assert_int_equal(admin(out, sizeof out, err, sizeof err, NULL, "codes", "load",
	    tmp("household.tsv"), NULL), 0);
	assert_string_equal(field("code", "household:newkind", "name_zh"), "新类别");
	assert_string_equal(field("code", "household:rural", "deprecated"), "1");
	/* The words people say travel with the codes, none as none. */
	assert_string_equal(field("code", "household:urban", "aliases"), "城镇|城镇户口");
	assert_int_equal(num("SELECT count(*) FROM record WHERE tbl = 'code' AND "
	    "key = 'household:newkind' AND fields->>'aliases' = ''"), 1);
	assert_string_equal(field("code_list", "household", "version"), "2099.1");
	/* The checks of the next push see the new list. */
	change(&c, 0, "seeker", id, "insert", clock_at(0), "name", "新", "household", "newkind",
	    "office", OFFICE_A, NULL);
	push_ok(&ta, &seq_a, &c);
	/* A deprecated code still passes: the change may have been made before. */
	change(&c, 0, "seeker", id, "update", clock_at(0), "household", "rural", NULL);
	push_ok(&ta, &seq_a, &c);
	change(&c, 0, "seeker", id, "update", clock_at(0), "household", "nosuch", NULL);
	push_parked(&ta, &seq_a, &c, reason, sizeof reason);
	assert_mentions(reason, "household: ");
	/* The same version again writes nothing. */
	logs = num("SELECT count(*) FROM change_log");
	assert_int_equal(admin(out, sizeof out, err, sizeof err, NULL, "codes", "load",
	    tmp("household.tsv"), NULL), 0);
	assert_int_equal(num("SELECT count(*) FROM change_log"), logs);

	/* form load: a good form is stored in parts; a broken one is refused. */
	snprintf(path, sizeof path, "%s/forms/seeker.form", top());
	assert_int_equal(admin(out, sizeof out, err, sizeof err, NULL, "form", "load", path, NULL),
	    0);
	assert_string_equal(field("form", "seeker", "parts"), "2");
	put("bad.form", "[form]\nname_zh = 表\nname_en = Form\ntable = seeker\n\n[nosuch]\n"
	    "label_zh = 某\nlabel_en = X\nrow = 2\ncol = 0\nwidth = 10\n");
	assert_int_equal(admin(out, sizeof out, err, sizeof err, NULL, "form", "load",
	    tmp("bad.form"), NULL), 1);
	assert_mentions(err, "bad.form:6:");
	{
		static const char *const names[] = { "household.tsv", "broken.tsv", "bad.form",
		    NULL };

		assert_int_equal(tmpdir_remove(names), 0);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_migrate_twice),
		cmocka_unit_test(test_enroll_code_once),
		cmocka_unit_test(test_enroll_again_keeps_seq),
		cmocka_unit_test(test_enroll_other_office_refused),
		cmocka_unit_test(test_push_replay),
		cmocka_unit_test(test_push_gap),
		cmocka_unit_test(test_push_diverged),
		cmocka_unit_test(test_push_wrong_office),
		cmocka_unit_test(test_push_parked),
		cmocka_unit_test(test_push_natural_key_fixed),
		cmocka_unit_test(test_push_lww_converges),
		cmocka_unit_test(test_push_stamps_compact),
		cmocka_unit_test(test_push_tie_break),
		cmocka_unit_test(test_push_equal_values),
		cmocka_unit_test(test_push_own_edit_not_conflict),
		cmocka_unit_test(test_push_base_seen),
		cmocka_unit_test(test_push_base_forged),
		cmocka_unit_test(test_push_authority),
		cmocka_unit_test(test_push_referral_forged),
		cmocka_unit_test(test_push_guidance_graded),
		cmocka_unit_test(test_push_placement_follows_hires),
		cmocka_unit_test(test_push_same_record_trail),
		cmocka_unit_test(test_push_merge_and_edits_in_one_push),
		cmocka_unit_test(test_push_natural_key_merge),
		cmocka_unit_test(test_push_delete_vs_update),
		cmocka_unit_test(test_push_drift),
		cmocka_unit_test(test_pull_pages),
		cmocka_unit_test(test_pull_walls),
		cmocka_unit_test(test_pull_content),
		cmocka_unit_test(test_pull_late_commit),
		cmocka_unit_test(test_pull_ahead),
		cmocka_unit_test(test_admin_refusals),
		cmocka_unit_test(test_admin_codes_and_forms),
		cmocka_unit_test(test_connection_lost),
		cmocka_unit_test(test_synchronous_commit),
		cmocka_unit_test(test_pull_new_epoch),
	};
	const char *pgenv = getenv("JOBDESK_PG");

	if (pgenv == NULL || *pgenv == '\0') {
		printf("test_pg: skipped: JOBDESK_PG is not set (the conninfo of a throwaway "
		    "PostgreSQL; make check sets it)\n");
		return 0;
	}
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
