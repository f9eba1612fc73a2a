/*
 * Unit tests for src/core/authority.c and src/core/sign.c: who may change
 * what, inside a district's walls; signatures that tell a clerk's change
 * from a forged one; account keys sealed under passwords.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "core/authority.h"
#include "core/sign.h"

#include "testlib.h"

/* A city, two districts, streets under them. */
static const struct {
	const char	*code, *parent, *level;
} offices[] = {
	{ "110000", NULL, "city" },
	{ "110105", "110000", "district" },
	{ "110105-01", "110105", "street" },
	{ "110105-02", "110105", "street" },
	{ "110108", "110000", "district" },
	{ "110108-01", "110108", "street" },
	{ "loop-a", "loop-b", "street" },
	{ "loop-b", "loop-a", "street" },
};

static int
lookup(void *ctx, const char *code, const char **parent, const char **level)
{
	size_t i;

	(void)ctx;
	for (i = 0; i < sizeof offices / sizeof offices[0]; i++)
		if (strcmp(offices[i].code, code) == 0) {
			*parent = offices[i].parent;
			*level = offices[i].level;
			return 1;
		}
	return 0;
}

static const struct authority_offices tree = { lookup, NULL };

/* 0 when actor may, -1 with the reason in why. */
static int
may(const char *login, const char *role, const char *office, enum authority_act act,
    const char *record_office, const char *to, const char *terminal, char *why)
{
	struct authority_actor a = { login, role, office };

	why[0] = '\0';
	return authority_may(&tree, &a, kind_get(KIND_SEEKER), act, record_office, to, terminal,
	    why, 256);
}

static void
test_districts(void **state)
{
	char d[32];

	(void)state;
	assert_int_equal(authority_district(&tree, "110105-02", d, sizeof d), 0);
	assert_string_equal(d, "110105");
	assert_int_equal(authority_district(&tree, "110105", d, sizeof d), 0);
	assert_string_equal(d, "110105");
	assert_int_equal(authority_district(&tree, "110000", d, sizeof d), -1);
	assert_int_equal(authority_district(&tree, "nowhere", d, sizeof d), -1);
	assert_int_equal(authority_district(&tree, "loop-a", d, sizeof d), -1);
	assert_int_equal(authority_within(&tree, "110105-01", "110105"), 1);
	assert_int_equal(authority_within(&tree, "110105-01", "110105-01"), 1);
	assert_int_equal(authority_within(&tree, "110105", "110105-01"), 0);
	assert_int_equal(authority_within(&tree, "110105-01", "110108"), 0);
	assert_int_equal(authority_within(&tree, "loop-a", "110105"), 0);
}

/* Any clerk of the district registers and edits; nothing crosses the district's wall. */
static void
test_clerks(void **state)
{
	char why[256];

	(void)state;
	assert_int_equal(may("wang", "clerk", "110105-01", AUTHORITY_CREATE, "110105-01", NULL,
	    "110105-01", why), 0);
	assert_int_equal(may("wang", "clerk", "110105-01", AUTHORITY_EDIT, "110105-02", NULL,
	    "110105-01", why), 0);
	/* Another district's record, or the terminal's district not the account's. */
	assert_int_equal(may("wang", "clerk", "110105-01", AUTHORITY_EDIT, "110108-01", NULL,
	    "110105-01", why), -1);
	assert_non_null(strstr(why, "outside district 110105"));
	assert_int_equal(may("li", "clerk", "110108-01", AUTHORITY_EDIT, "110105-01", NULL,
	    "110105-01", why), -1);
	assert_non_null(strstr(why, "li is not an account of district 110105"));
	/* A new record belongs to the window's office, or one under it. */
	assert_int_equal(may("wang", "clerk", "110105-01", AUTHORITY_CREATE, "110105-02", NULL,
	    "110105-01", why), -1);
	assert_non_null(strstr(why, "not to 110105-02"));
	assert_int_equal(may("wang", "clerk", "110105", AUTHORITY_CREATE, "110105-02", NULL,
	    "110105", why), 0);
	assert_int_equal(may("wang", "clerk", "110105-01", AUTHORITY_CREATE, "110105", NULL,
	    "110105-01", why), -1);
	/* A clerk neither merges nor transfers. */
	assert_int_equal(may("wang", "clerk", "110105-01", AUTHORITY_MERGE, "110105-01", NULL,
	    "110105-01", why), -1);
	assert_non_null(strstr(why, "supervisor"));
	assert_int_equal(may("wang", "counsellor", "110105-01", AUTHORITY_TRANSFER, "110105-01",
	    "110105-02", "110105-01", why), -1);
	/* Unknown offices are outside every district. */
	assert_int_equal(may("wang", "clerk", "110105-01", AUTHORITY_EDIT, "nowhere", NULL,
	    "110105-01", why), -1);
	assert_int_equal(may("wang", "clerk", "110105-01", AUTHORITY_EDIT, "110105-01", NULL,
	    "110000", why), -1);
}

/*
 * Only an account with a guidance grade records a guidance session: the
 * refusal names the account and the reason; the kind says the rule holds.
 */
static void
test_guidance_grade(void **state)
{
	char why[256] = "";

	(void)state;
	assert_true(kind_get(KIND_GUIDANCE)->flags & KF_GRADED);
	assert_false(kind_get(KIND_REFERRAL)->flags & KF_GRADED);
	assert_true(kind_get(KIND_INVENTORY)->flags & KF_GRADED);
	assert_int_equal(authority_graded(kind_get(KIND_GUIDANCE), "zhou", "", why, sizeof why),
	    -1);
	assert_non_null(strstr(why, "guidance session: only an account with a career guidance "
	    "grade"));
	assert_non_null(strstr(why, "account zhou has no grade"));
	assert_int_equal(authority_graded(kind_get(KIND_INVENTORY), "zhou", "", why, sizeof why),
	    -1);
	assert_non_null(strstr(why, "interest inventory: only an account"));
	assert_int_equal(authority_graded(kind_get(KIND_GUIDANCE), "zhou", "3", why, sizeof why),
	    0);
}

/* Supervisors merge and transfer the records of their office and the offices under it. */
static void
test_supervisors(void **state)
{
	char why[256];

	(void)state;
	assert_int_equal(may("zhao", "supervisor", "110105-01", AUTHORITY_MERGE, "110105-01",
	    NULL, "110105-01", why), 0);
	assert_int_equal(may("zhao", "supervisor", "110105-01", AUTHORITY_MERGE, "110105-02",
	    NULL, "110105-01", why), -1);
	assert_non_null(strstr(why, "office 110105-02"));
	assert_int_equal(may("chen", "supervisor", "110105", AUTHORITY_MERGE, "110105-02",
	    NULL, "110105-01", why), 0);
	assert_int_equal(may("chen", "administrator", "110105", AUTHORITY_TRANSFER, "110105-02",
	    "110105-01", "110105-01", why), 0);
	assert_int_equal(may("chen", "supervisor", "110105", AUTHORITY_TRANSFER, "110105-02",
	    "110108-01", "110105-01", why), -1);
	assert_int_equal(may("chen", "supervisor", "110105", AUTHORITY_TRANSFER, "110105-02",
	    NULL, "110105-01", why), -1);
	assert_int_equal(may("chen", "supervisor", "110105", AUTHORITY_MERGE, "110108-01",
	    NULL, "110105-01", why), -1);
}

static void
test_signatures(void **state)
{
	unsigned char pk[SIGN_PUBLIC_LEN], sk[SIGN_SECRET_LEN], other_pk[SIGN_PUBLIC_LEN];
	unsigned char other_sk[SIGN_SECRET_LEN], back[SIGN_PUBLIC_LEN];
	struct sign_change c = { "0190d4f8-0000-7000-8000-000000000001", "seeker",
		"0190d4f8-0000-7000-8000-0000000000aa", "update", 1234567, "wang",
		"{\"phone\":\"13800000000\"}", "{}" };
	struct sign_change d;
	char sig[SIGN_HEX];

	(void)state;
	sign_keypair(pk, sk);
	sign_keypair(other_pk, other_sk);
	sign_public_of(sk, back);
	assert_memory_equal(pk, back, sizeof pk);
	sign_change(sk, &c, sig);
	assert_int_equal(strlen(sig), 2 * SIGN_LEN);
	assert_int_equal(sign_verify(pk, &c, sig), 0);
	assert_int_equal(sign_verify(other_pk, &c, sig), -1);
	assert_int_equal(sign_verify(pk, &c, ""), -1);
	assert_int_equal(sign_verify(pk, &c, NULL), -1);
	/* Every part is covered: each altered alone breaks the signature. */
	d = c;
	d.terminal = "0190d4f8-0000-7000-8000-000000000002";
	assert_int_equal(sign_verify(pk, &d, sig), -1);
	d = c;
	d.tbl = "employer";
	assert_int_equal(sign_verify(pk, &d, sig), -1);
	d = c;
	d.op = "delete";
	assert_int_equal(sign_verify(pk, &d, sig), -1);
	d = c;
	d.hlc++;
	assert_int_equal(sign_verify(pk, &d, sig), -1);
	d = c;
	d.author = "li";
	assert_int_equal(sign_verify(pk, &d, sig), -1);
	d = c;
	d.fields = "{\"phone\":\"13800000001\"}";
	assert_int_equal(sign_verify(pk, &d, sig), -1);
	d = c;
	d.base = "{\"phone\":\"0000000000000001:x\"}";
	assert_int_equal(sign_verify(pk, &d, sig), -1);
	/* Parts cannot slide into each other. */
	d = c;
	d.tbl = "seekerx";
	d.id = c.id + 1;
	assert_int_equal(sign_verify(pk, &d, sig), -1);
}

static void
test_sealed_keys(void **state)
{
	unsigned char pk[SIGN_PUBLIC_LEN], sk[SIGN_SECRET_LEN], out[SIGN_SECRET_LEN];
	char sealed[SIGN_SEALED_MAX], other[SIGN_SEALED_MAX], bad[SIGN_SEALED_MAX];
	const size_t mem = crypto_pwhash_MEMLIMIT_MIN;

	(void)state;
	sign_keypair(pk, sk);
	assert_int_equal(sign_seal(sk, "正确的密码 horse", 1, mem, sealed), 0);
	assert_int_equal(sign_unseal(sealed, "正确的密码 horse", 1U << 30, out), 0);
	assert_memory_equal(out, sk, sizeof sk);
	assert_int_equal(sign_unseal(sealed, "正确的密码 horsE", 1U << 30, out), -1);
	assert_int_equal(sign_unseal(sealed, "", 1U << 30, out), -1);
	/* Sealed again, the same key looks different (salt and nonce are new). */
	assert_int_equal(sign_seal(sk, "正确的密码 horse", 1, mem, other), 0);
	assert_string_not_equal(other, sealed);
	/* A sealed text asking for more memory than allowed is not run. */
	assert_int_equal(sign_unseal(sealed, "正确的密码 horse", mem - 1, out), -1);
	/* Tampered or cut texts open to nothing. */
	snprintf(bad, sizeof bad, "%s", sealed);
	bad[strlen(bad) - 1] = bad[strlen(bad) - 1] == '0' ? '1' : '0';
	assert_int_equal(sign_unseal(bad, "正确的密码 horse", 1U << 30, out), -1);
	bad[strlen(bad) - 2] = '\0';
	assert_int_equal(sign_unseal(bad, "正确的密码 horse", 1U << 30, out), -1);
	assert_int_equal(sign_unseal("2$1$8192$00$00$00", "x", 1U << 30, out), -1);
	assert_int_equal(sign_unseal("", "x", 1U << 30, out), -1);
	assert_int_equal(sign_unseal(NULL, "x", 1U << 30, out), -1);
}

/* 0 when actor may set the scope of a terminal of terminal to scope, -1 with why. */
static int
scope_may(const char *login, const char *role, const char *office, const char *terminal,
    const char *scope, char *why)
{
	struct authority_actor a = { login, role, office };

	why[0] = '\0';
	return authority_scope_may(&tree, &a, terminal, scope, why, 256);
}

/*
 * A terminal's scope: set by an administrator of the district (or of the
 * city above it), to the whole district or an office of the district that
 * holds the terminal's own office; the refusals name what is wrong.
 */
static void
test_scope(void **state)
{
	char why[256];

	(void)state;
	/* The district's administrator: the terminal's own street, the district, "" (all). */
	assert_int_equal(scope_may("zhaoli", "administrator", "110105", "110105-01", "110105-01",
	    why), 0);
	assert_int_equal(scope_may("zhaoli", "administrator", "110105", "110105-01", "110105",
	    why), 0);
	assert_int_equal(scope_may("zhaoli", "administrator", "110105", "110105-01", "", why), 0);
	/* The city's administrator is above the district. */
	assert_int_equal(scope_may("root", "administrator", "110000", "110105-01", "110105-01",
	    why), 0);
	/* A supervisor, a clerk: not theirs to set. */
	assert_int_equal(scope_may("wangfang", "supervisor", "110105", "110105-01", "110105-01",
	    why), -1);
	assert_mentions(why, "district administrator");
	assert_mentions(why, "wangfang is a supervisor");
	assert_int_equal(scope_may("liming", "clerk", "110105", "110105-01", "", why), -1);
	/* A street's administrator, another district's. */
	assert_int_equal(scope_may("qianjin", "administrator", "110105-01", "110105-01",
	    "110105-01", why), -1);
	assert_mentions(why, "not of the district");
	assert_int_equal(scope_may("sun", "administrator", "110108", "110105-01", "110105-01",
	    why), -1);
	/* Offices: unknown, of another district, one that does not hold the terminal's. */
	assert_int_equal(scope_may("zhaoli", "administrator", "110105", "110105-01", "110105-99",
	    why), -1);
	assert_mentions(why, "unknown office \"110105-99\"");
	assert_int_equal(scope_may("zhaoli", "administrator", "110105", "110105-01", "110108-01",
	    why), -1);
	assert_mentions(why, "not of the district");
	assert_int_equal(scope_may("zhaoli", "administrator", "110105", "110105-01", "110105-02",
	    why), -1);
	assert_mentions(why, "does not hold the terminal's own office 110105-01");
	/* An enrollment code's scope is checked the same way, without an actor. */
	assert_int_equal(authority_scope_ok(&tree, "110105-02", "110105-02", why, sizeof why), 0);
	assert_int_equal(authority_scope_ok(&tree, "110105", "110105-02", why, sizeof why), -1);
	assert_int_equal(authority_scope_ok(&tree, "110105", "", why, sizeof why), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_districts),
		cmocka_unit_test(test_clerks),
		cmocka_unit_test(test_guidance_grade),
		cmocka_unit_test(test_supervisors),
		cmocka_unit_test(test_signatures),
		cmocka_unit_test(test_sealed_keys),
		cmocka_unit_test(test_scope),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
