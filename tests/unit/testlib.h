/*
 * What the unit tests share (tests/unit/testlib.c): a temporary folder
 * with files and databases in it, a store opened with a clerk acting,
 * numbers read back with SQL, and assert_mentions. Failures are cmocka
 * failures of the test that called; paths handed out are static.
 */
#ifndef JOBDESK_TESTLIB_H
#define JOBDESK_TESTLIB_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include <sqlite3.h>

struct account;
struct store;

/* Assert that msg contains needle, printing both when it does not. */
#define assert_mentions(msg, needle) do {				\
	if (strstr((msg), (needle)) == NULL)				\
		fail_msg("message \"%s\" does not mention \"%s\"",	\
		    (msg), (needle));					\
} while (0)

/* The temporary folder of tmpdir_make, and jobdesk.db in it. */
extern char	tmpdir[64];
extern char	dbpath[128];

/* Make a new folder /tmp/jobdesk-test-NAME.XXXXXX into tmpdir, and dbpath; 0 or -1. */
int		 tmpdir_make(const char *name);

/*
 * Remove the NULL-terminated names in the temporary folder in order (files
 * with their -wal, -shm and -journal, or empty folders), then the folder
 * itself; rmdir's answer, so a file the test did not expect fails it.
 */
int		 tmpdir_remove(const char *const *names);

/* The path of name in the temporary folder (static, four in turn). */
const char	*tmp(const char *name);

/* Write len bytes of content to name in the temporary folder; the path, as tmp(). */
const char	*put_bytes(const char *name, const char *content, size_t len);

/* Write the string content to name in the temporary folder; the path, as tmp(). */
const char	*put(const char *name, const char *content);

/* Remove a database with its -wal, -shm and -journal files. */
void		 rm_db(const char *path);

/* The top of the source tree: $JOBDESK_TOP, or "." when it is unset or empty. */
const char	*top(void);

/* A valid ID number for 17 digits, with its check character (static, eight in turn). */
const char	*idnum(const char *first17);

/* Fill an account of office 110105 named 王丽 with a login and a role. */
void		 make_account(struct account *, const char *login, const char *role);

/* Open the store at path, failing the test if refused; clerk (unless NULL) acts for office. */
struct store	*open_store(const char *path, const char *clerk, const char *office);
/* The same after the terminal's first start: office and clerk (its supervisor, signing). */
struct store	*open_store_as(const char *path, const char *clerk, const char *office);

/* Load the code lists a withdrawal checks its reason against from $JOBDESK_TOP/db/codes; 0 or -1. */
int		 load_reason_lists(struct store *);

/* cmocka group setup of the store tests: the log silenced, a new temporary folder. */
int		 store_group_setup(void **state);

/* cmocka group teardown of the store tests: jobdesk.db and the temporary folder removed. */
int		 store_group_teardown(void **state);

/* cmocka setup: a fresh store at dbpath, wang.li of 110105 acting, the reason lists loaded. */
int		 store_setup(void **state);

/* cmocka teardown: close the store of store_setup. */
int		 store_teardown(void **state);

/* One number from a query built with printf (test values only, no input) on a connection. */
long long	 query_int(sqlite3 *, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The same on the store's own connection. */
long long	 count(struct store *, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Run SQL the test needs (a broken trigger, an old hash) on the store's connection. */
void		 exec_sql(struct store *, const char *sql);

struct match_config;
/* The [match] defaults that jobdesk.ini(5) documents (and src/app's table holds). */
void		 match_defaults(struct match_config *);

/* Set the C.UTF-8 locale the tests need; 0, or -1 with a line on stderr naming prog. */
int		 utf8_locale(const char *prog);

#endif
