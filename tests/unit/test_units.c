/*
 * Unit tests for src/common/units.c: byte counts as people read them on
 * the sync screen and in `jobdesk sync`'s summary: bytes below 1 KiB,
 * then three significant digits, the unit changing before the number
 * reaches 1000.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "common/units.h"

/* One count and how it reads. */
static void
expect_bytes(long long n, const char *want)
{
	char out[32];

	assert_string_equal(units_bytes(n, out, sizeof out), want);
}

/* Each unit at its bounds. */
static void
test_bytes(void **state)
{
	(void)state;
	expect_bytes(0, "0 B");
	expect_bytes(679, "679 B");
	expect_bytes(1023, "1023 B");
	expect_bytes(1024, "1.00 KiB");
	expect_bytes(1536, "1.50 KiB");
	expect_bytes(10234, "9.99 KiB");
	expect_bytes(10235, "10.0 KiB");
	expect_bytes(102348, "99.9 KiB");
	expect_bytes(102349, "100 KiB");
	expect_bytes(575517, "562 KiB");
	expect_bytes(999LL * 1024, "999 KiB");
	/* Not "1000 KiB": the next unit first. */
	expect_bytes(1000LL * 1024, "0.98 MiB");
	expect_bytes(4268000, "4.07 MiB");
	expect_bytes(1310LL << 20, "1.28 GiB");
	expect_bytes(3LL << 40, "3.00 TiB");
	expect_bytes(5000LL << 40, "5000 TiB");
}

/* A buffer too small is cut, never overrun. */
static void
test_small_buffer(void **state)
{
	char out[4] = "xxx";

	(void)state;
	units_bytes(4268000, out, sizeof out);
	assert_string_equal(out, "4.0");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bytes),
		cmocka_unit_test(test_small_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
