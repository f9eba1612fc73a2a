/*
 * Unit tests for src/core/hlc.c and src/core/ident.c: the clock stamps that
 * order changes between terminals, and the record ids. What must hold for
 * sync to be right: stamps only go forward whatever the wall clock does, a
 * remote clock far in the future is refused, a UUIDv7 sorts by time, and a
 * derived id is the same for the same number under the same key only.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/hlc.h"
#include "core/ident.h"

#include "testlib.h"

#define DAY_MS		(24ULL * 60 * 60 * 1000)
#define DRIFT_MS	(10ULL * 60 * 1000)
/* 2024-06-01T08:00:00Z */
#define NOW_MS		1717228800000ULL

/* Packing keeps milliseconds and counter apart, and stamps compare as numbers. */
static void
test_pack(void **state)
{
	uint64_t s = hlc_pack(NOW_MS, 7);

	(void)state;
	assert_int_equal(hlc_ms(s), NOW_MS);
	assert_int_equal(hlc_counter(s), 7);
	assert_true(hlc_pack(NOW_MS, HLC_COUNTER_MAX) < hlc_pack(NOW_MS + 1, 0));
	assert_true(hlc_pack(NOW_MS, 1) > hlc_pack(NOW_MS, 0));
}

/* A wall clock ahead of the last stamp gives that time with counter 0. */
static void
test_next_follows_wall(void **state)
{
	uint64_t s;

	(void)state;
	s = hlc_next(hlc_pack(NOW_MS, 42), NOW_MS + 5);
	assert_int_equal(hlc_ms(s), NOW_MS + 5);
	assert_int_equal(hlc_counter(s), 0);
	/* The same millisecond again counts up. */
	s = hlc_next(s, NOW_MS + 5);
	assert_int_equal(hlc_ms(s), NOW_MS + 5);
	assert_int_equal(hlc_counter(s), 1);
}

/* NTP steps the clock back an hour: stamps keep going forward. */
static void
test_next_clock_backwards(void **state)
{
	uint64_t last = hlc_pack(NOW_MS, 3), s;
	uint64_t wall[] = { NOW_MS - 3600000, NOW_MS - 3599999, NOW_MS - 1, NOW_MS, NOW_MS + 1 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof wall / sizeof wall[0]; i++) {
		s = hlc_next(last, wall[i]);
		if (s <= last)
			fail_msg("wall %llu: stamp %llu not after %llu", (unsigned long long)wall[i],
			    (unsigned long long)s, (unsigned long long)last);
		last = s;
	}
	/* While the wall is behind, the last time is kept and the counter counts. */
	s = hlc_next(hlc_pack(NOW_MS, 3), NOW_MS - 3600000);
	assert_int_equal(hlc_ms(s), NOW_MS);
	assert_int_equal(hlc_counter(s), 4);
	/* Once the wall passes the last stamp, it is followed again. */
	assert_int_equal(hlc_ms(last), NOW_MS + 1);
	assert_int_equal(hlc_counter(last), 0);
}

/* 65536 events in one millisecond move the clock one millisecond on, never back. */
static void
test_next_counter_overflow(void **state)
{
	uint64_t last = hlc_pack(NOW_MS, 0), s;
	uint32_t i;

	(void)state;
	for (i = 0; i < HLC_COUNTER_MAX + 3; i++) {
		s = hlc_next(last, NOW_MS);
		if (s <= last)
			fail_msg("event %u: stamp went back", i);
		last = s;
	}
	assert_int_equal(hlc_ms(last), NOW_MS + 1);
	assert_int_equal(hlc_counter(last), 2);
	s = hlc_next(hlc_pack(NOW_MS, HLC_COUNTER_MAX), NOW_MS);
	assert_int_equal(hlc_ms(s), NOW_MS + 1);
	assert_int_equal(hlc_counter(s), 0);
}

/*
 * A terminal whose battery died wakes up in 1970: its stamps still follow
 * the last one it gave, so its edits do not lose to older ones.
 */
static void
test_next_1970(void **state)
{
	uint64_t last = hlc_pack(NOW_MS, 9), s;

	(void)state;
	s = hlc_next(last, 0);
	assert_true(s > last);
	assert_int_equal(hlc_ms(s), NOW_MS);
	s = hlc_next(s, 86400000);	/* 1970-01-02 */
	assert_true(s > hlc_pack(NOW_MS, 10));
	/* A brand-new terminal in 1970 still gives increasing stamps. */
	s = hlc_next(0, 0);
	assert_true(s > 0);
	assert_true(hlc_next(s, 0) > s);
}

/* A received stamp: the result is after both the local and the remote one. */
static void
test_receive_merge(void **state)
{
	static const uint64_t ms[] = { NOW_MS - 1000, NOW_MS - 1, NOW_MS, NOW_MS + 1,
		NOW_MS + DRIFT_MS };
	static const uint32_t ctr[] = { 0, 1, 500, HLC_COUNTER_MAX };
	uint64_t out;
	size_t a, b, c, d;

	(void)state;
	for (a = 0; a < sizeof ms / sizeof ms[0]; a++)
		for (b = 0; b < sizeof ctr / sizeof ctr[0]; b++)
			for (c = 0; c < sizeof ms / sizeof ms[0]; c++)
				for (d = 0; d < sizeof ctr / sizeof ctr[0]; d++) {
					uint64_t last = hlc_pack(ms[a], ctr[b]);
					uint64_t remote = hlc_pack(ms[c], ctr[d]);

					out = 0;
					assert_int_equal(hlc_receive(last, remote, NOW_MS, DRIFT_MS,
					    &out), 0);
					if (out <= last || out <= remote)
						fail_msg("last %llu remote %llu gave %llu",
						    (unsigned long long)last,
						    (unsigned long long)remote,
						    (unsigned long long)out);
				}
	/* The remote clock is ahead (within the drift allowed): follow it. */
	assert_int_equal(hlc_receive(hlc_pack(NOW_MS, 4), hlc_pack(NOW_MS + 300, 2), NOW_MS,
	    DRIFT_MS, &out), 0);
	assert_int_equal(hlc_ms(out), NOW_MS + 300);
	assert_int_equal(hlc_counter(out), 3);
	/* Same millisecond: one more than the larger counter. */
	assert_int_equal(hlc_receive(hlc_pack(NOW_MS, 4), hlc_pack(NOW_MS, 9), NOW_MS - 5,
	    DRIFT_MS, &out), 0);
	assert_int_equal(out, hlc_pack(NOW_MS, 10));
	/* Our wall clock is ahead of both: it wins with counter 0. */
	assert_int_equal(hlc_receive(hlc_pack(NOW_MS, 4), hlc_pack(NOW_MS - 7, 9), NOW_MS + 1,
	    DRIFT_MS, &out), 0);
	assert_int_equal(out, hlc_pack(NOW_MS + 1, 0));
	/* The local next stamp after a merge is after the remote one. */
	assert_true(hlc_next(out, NOW_MS) > hlc_pack(NOW_MS - 7, 9));
}

/* A stamp a day ahead of our clock is refused and changes nothing. */
static void
test_receive_drift_guard(void **state)
{
	uint64_t out = 12345;

	(void)state;
	assert_int_equal(hlc_receive(hlc_pack(NOW_MS, 0), hlc_pack(NOW_MS + DAY_MS, 0), NOW_MS,
	    DRIFT_MS, &out), -1);
	assert_int_equal(out, 12345);
	/* Just past the allowed drift is refused; exactly at it is taken. */
	assert_int_equal(hlc_receive(hlc_pack(NOW_MS, 0), hlc_pack(NOW_MS + DRIFT_MS + 1, 0),
	    NOW_MS, DRIFT_MS, &out), -1);
	assert_int_equal(out, 12345);
	assert_int_equal(hlc_receive(hlc_pack(NOW_MS, 0), hlc_pack(NOW_MS + DRIFT_MS, 0),
	    NOW_MS, DRIFT_MS, &out), 0);
	assert_int_equal(hlc_ms(out), NOW_MS + DRIFT_MS);
	/* A stamp from the past is always taken. */
	assert_int_equal(hlc_receive(hlc_pack(NOW_MS, 0), hlc_pack(NOW_MS - DAY_MS, 0), NOW_MS,
	    DRIFT_MS, &out), 0);
	assert_true(out > hlc_pack(NOW_MS, 0));
}

/* Character c of a canonical UUID as a hex digit value. */
static int
hexval(const char *uuid, size_t c)
{
	char ch = uuid[c];

	return ch >= 'a' ? ch - 'a' + 10 : ch - '0';
}

/* Version and RFC 9562 variant of a canonical UUID. */
static void
assert_version(const char *uuid, int version)
{
	assert_true(ident_valid(uuid));
	assert_int_equal(strlen(uuid), IDENT_LEN);
	assert_int_equal(hexval(uuid, 14), version);
	assert_int_equal(hexval(uuid, 19) & 0xc, 0x8);
}

/* UUIDv7: the time in front, version 7, the variant bits, random bits kept. */
static void
test_uuid7_form(void **state)
{
	unsigned char ones[10], zeros[10];
	char a[IDENT_LEN + 1], b[IDENT_LEN + 1];

	(void)state;
	memset(ones, 0xff, sizeof ones);
	memset(zeros, 0, sizeof zeros);
	ident_uuid7(0x0123456789abULL, ones, a);
	assert_version(a, 7);
	assert_memory_equal(a, "01234567-89ab-7fff-bfff-ffffffffffff", IDENT_LEN);
	ident_uuid7(0x0123456789abULL, zeros, b);
	assert_version(b, 7);
	assert_string_equal(b, "01234567-89ab-7000-8000-000000000000");
}

/* Later ids sort after earlier ones whatever their random bits. */
static void
test_uuid7_order(void **state)
{
	unsigned char ones[10], zeros[10];
	char prev[IDENT_LEN + 1], cur[IDENT_LEN + 1];
	uint64_t ms;

	(void)state;
	memset(ones, 0xff, sizeof ones);
	memset(zeros, 0, sizeof zeros);
	ident_uuid7(0, ones, prev);
	for (ms = 1; ms < (1ULL << 48); ms = ms * 3 + 1) {
		ident_uuid7(ms, zeros, cur);
		if (strcmp(prev, cur) >= 0)
			fail_msg("%s does not sort before %s", prev, cur);
		ident_uuid7(ms, ones, prev);
	}
	ident_uuid7(NOW_MS, ones, prev);
	ident_uuid7(NOW_MS + 1, zeros, cur);
	assert_true(strcmp(prev, cur) < 0);
}

/* Derived ids: deterministic per key, different across keys, kinds and numbers. */
static void
test_derive(void **state)
{
	unsigned char k1[IDENT_KEYLEN], k2[IDENT_KEYLEN];
	char a[IDENT_LEN + 1], b[IDENT_LEN + 1], c[IDENT_LEN + 1];

	(void)state;
	memset(k1, 0x11, sizeof k1);
	memset(k2, 0x11, sizeof k2);
	k2[IDENT_KEYLEN - 1] = 0x12;
	ident_derive(k1, "seeker", "11010519491231002X", a);
	assert_version(a, 8);
	ident_derive(k1, "seeker", "11010519491231002X", b);
	assert_string_equal(a, b);
	/* Another deployment's key: another id, so the id does not reveal the number. */
	ident_derive(k2, "seeker", "11010519491231002X", c);
	assert_version(c, 8);
	assert_string_not_equal(a, c);
	/* A seeker and an employer with the same natural key are different records. */
	ident_derive(k1, "employer", "11010519491231002X", c);
	assert_string_not_equal(a, c);
	/* One character apart. */
	ident_derive(k1, "seeker", "110105194912310029", c);
	assert_string_not_equal(a, c);
	assert_version(c, 8);
}

/* ident_valid: canonical lower-case only. */
static void
test_valid(void **state)
{
	(void)state;
	assert_true(ident_valid("01234567-89ab-7def-8123-456789abcdef"));
	assert_false(ident_valid("01234567-89AB-7DEF-8123-456789ABCDEF"));
	assert_false(ident_valid("0123456789ab7def8123456789abcdef"));
	assert_false(ident_valid("01234567-89ab-7def-8123-456789abcde"));
	assert_false(ident_valid("01234567-89ab-7def-8123-456789abcdef0"));
	assert_false(ident_valid("01234567_89ab-7def-8123-456789abcdef"));
	assert_false(ident_valid("0123456g-89ab-7def-8123-456789abcdef"));
	assert_false(ident_valid(""));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pack),
		cmocka_unit_test(test_next_follows_wall),
		cmocka_unit_test(test_next_clock_backwards),
		cmocka_unit_test(test_next_counter_overflow),
		cmocka_unit_test(test_next_1970),
		cmocka_unit_test(test_receive_merge),
		cmocka_unit_test(test_receive_drift_guard),
		cmocka_unit_test(test_uuid7_form),
		cmocka_unit_test(test_uuid7_order),
		cmocka_unit_test(test_derive),
		cmocka_unit_test(test_valid),
	};

	if (utf8_locale("test_hlc") != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
