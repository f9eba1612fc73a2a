/* What the unit tests share (see testlib.h). */
#include "testlib.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "common/log.h"
#include "core/idnum.h"
#include "core/match.h"
#include "core/sign.h"
#include "store/account.h"
#include "store/codes.h"
#include "store/store-int.h"
#include "store/store.h"

char tmpdir[64], dbpath[128];

/* Make a new folder /tmp/jobdesk-test-NAME.XXXXXX into tmpdir, and dbpath; 0 or -1. */
int
tmpdir_make(const char *name)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/jobdesk-test-%s.XXXXXX", name);
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	snprintf(dbpath, sizeof dbpath, "%s/jobdesk.db", tmpdir);
	return 0;
}

/* Remove the named files and empty folders of the temporary folder, then the folder. */
int
tmpdir_remove(const char *const *names)
{
	for (; names != NULL && *names != NULL; names++)
		rm_db(tmp(*names));
	return rmdir(tmpdir);
}

/* The path of name in the temporary folder (static, four in turn). */
const char *
tmp(const char *name)
{
	static char path[4][160];
	static int which;

	which = (which + 1) % 4;
	snprintf(path[which], sizeof path[which], "%s/%s", tmpdir, name);
	return path[which];
}

/* Write len bytes of content to name in the temporary folder; the path. */
const char *
put_bytes(const char *name, const char *content, size_t len)
{
	const char *path = tmp(name);
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(content, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
	return path;
}

/* Write the string content to name in the temporary folder; the path. */
const char *
put(const char *name, const char *content)
{
	return put_bytes(name, content, strlen(content));
}

/* Remove a database (or a file, or an empty folder) with its -wal, -shm and -journal. */
void
rm_db(const char *path)
{
	static const char *const suffixes[] = { "-wal", "-shm", "-journal" };
	char p[200];
	size_t i;

	remove(path);
	for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		snprintf(p, sizeof p, "%s%s", path, suffixes[i]);
		unlink(p);
	}
}

/* The top of the source tree: $JOBDESK_TOP, or "." when it is unset or empty. */
const char *
top(void)
{
	const char *t = getenv("JOBDESK_TOP");

	return t != NULL && *t != '\0' ? t : ".";
}

/* A valid ID number for 17 digits (rotating static buffers). */
const char *
idnum(const char *first17)
{
	static char buf[8][IDNUM_LEN + 1];
	static int which;

	which = (which + 1) % 8;
	snprintf(buf[which], sizeof buf[which], "%s%c", first17, idnum_check_char(first17));
	return buf[which];
}

/* Fill an account of office 110105 named 王丽 with a login and a role. */
void
make_account(struct account *a, const char *login, const char *role)
{
	memset(a, 0, sizeof *a);
	snprintf(a->login, sizeof a->login, "%s", login);
	snprintf(a->name, sizeof a->name, "王丽");
	snprintf(a->office, sizeof a->office, "110105");
	snprintf(a->role, sizeof a->role, "%s", role);
}

/* Open the store at path, failing the test if refused; clerk (unless NULL) acts for office. */
struct store *
open_store(const char *path, const char *clerk, const char *office)
{
	char err[512] = "";
	struct store *st = store_open(path, err, sizeof err);

	if (st == NULL)
		fail_msg("%s", err);
	if (clerk != NULL)
		store_set_actor(st, clerk, office);
	return st;
}

/*
 * The store at path as a terminal after its first start: the office (a
 * district office) and clerk, its supervisor, with a signing key of its
 * own open, as a district account's is after a login.
 */
struct store *
open_store_as(const char *path, const char *clerk, const char *office)
{
	struct store *st = open_store(path, clerk, office);
	unsigned char pk[SIGN_PUBLIC_LEN], sk[SIGN_SECRET_LEN];
	struct account a;
	char err[512] = "";

	if (account_count(st) == 0) {
		make_account(&a, clerk, "supervisor");
		snprintf(a.office, sizeof a.office, "%s", office);
		if (account_first_setup(st, office, "测试就业服务中心", "district", &a,
		    "a long enough password", err, sizeof err) != 0)
			fail_msg("first setup: %s", err);
	}
	sign_keypair(pk, sk);
	store_set_signer(st, clerk, sk);
	store_set_actor(st, clerk, office);
	return st;
}

/* Load the code lists a withdrawal or a transfer checks its reason against, from the source tree. */
int
load_reason_lists(struct store *st)
{
	static const char *const lists[] = { "withdraw_reason", "vacancy_withdraw_reason",
		"employer_withdraw_reason", "transfer_reason" };
	char path[512], err[512];
	size_t i;

	for (i = 0; i < sizeof lists / sizeof lists[0]; i++) {
		snprintf(path, sizeof path, "%s/db/codes/%s.tsv", top(), lists[i]);
		if (codes_load_file(st, path, err, sizeof err) < 0) {
			fprintf(stderr, "%s\n", err);
			return -1;
		}
	}
	return 0;
}

/* The log silenced and a new temporary folder for the tests of a store. */
int
store_group_setup(void **state)
{
	(void)state;
	log_set_file(NULL);
	return tmpdir_make("store");
}

/* Remove jobdesk.db and the temporary folder of store_group_setup. */
int
store_group_teardown(void **state)
{
	static const char *const files[] = { "jobdesk.db", NULL };

	(void)state;
	return tmpdir_remove(files);
}

/* A fresh database for one test, with a clerk acting and the reason lists loaded. */
int
store_setup(void **state)
{
	rm_db(dbpath);
	*state = open_store_as(dbpath, "wang.li", "110105");
	return load_reason_lists(*state);
}

/* Close the store of store_setup. */
int
store_teardown(void **state)
{
	store_close(*state);
	return 0;
}

static long long
vquery_int(sqlite3 *, const char *fmt, va_list) __attribute__((format(printf, 2, 0)));

/* One number from a query built with printf, the format's arguments in ap. */
static long long
vquery_int(sqlite3 *db, const char *fmt, va_list ap)
{
	sqlite3_stmt *stmt;
	char sql[512];
	long long n;

	vsnprintf(sql, sizeof sql, fmt, ap);
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	n = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return n;
}

/* One number from a query built with printf (test values only, no input) on a connection. */
long long
query_int(sqlite3 *db, const char *fmt, ...)
{
	long long n;
	va_list ap;

	va_start(ap, fmt);
	n = vquery_int(db, fmt, ap);
	va_end(ap);
	return n;
}

/* One number from a query built with printf on the store's own connection. */
long long
count(struct store *st, const char *fmt, ...)
{
	long long n;
	va_list ap;

	va_start(ap, fmt);
	n = vquery_int(st->db, fmt, ap);
	va_end(ap);
	return n;
}

/* Run SQL the test needs on the store's connection, failing the test if it fails. */
void
exec_sql(struct store *st, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg != NULL ? msg : "?");
}

/* Set the C.UTF-8 locale the tests need; 0, or -1 with a line on stderr naming prog. */
int
utf8_locale(const char *prog)
{
	if (setlocale(LC_ALL, "C.UTF-8") != NULL)
		return 0;
	fprintf(stderr, "%s: the C.UTF-8 locale is missing\n", prog);
	return -1;
}

/* The [match] defaults that jobdesk.ini(5) documents. */
void
match_defaults(struct match_config *c)
{
	memset(c, 0, sizeof *c);
	c->weight[MATCH_OCCUPATION] = 50;
	c->weight[MATCH_WAGE] = 20;
	c->weight[MATCH_PLACE] = 20;
	c->weight[MATCH_FRESHNESS] = 10;
	c->occupation_same = 100;
	c->occupation_minor = 80;
	c->occupation_medium = 50;
	c->occupation_major = 20;
	c->wage_meets = 100;
	c->wage_near = 50;
	c->wage_near_percent = 20;
	c->wage_unknown = 60;
	c->place_street = 100;
	c->place_district = 70;
	c->place_elsewhere = 20;
	c->place_unknown = 50;
	c->freshness_days = 90;
	c->points_hardship = 5;
	c->points_priority = 3;
	c->points_hard_to_recruit = 5;
	c->referral_days = 30;
	c->list_size = 100;
	c->referral_due_days = 7;
	snprintf(c->priority_categories, sizeof c->priority_categories, "%s",
	    "laid_off unemployed disabled veteran graduate");
}
