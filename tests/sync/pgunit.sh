#!/bin/sh
# The server's PostgreSQL unit tests (tests/unit/test_pg.c) against a
# throwaway PostgreSQL: tests/run.sh leaves test_pg to this suite, since
# without a database it can only say that it was skipped.
. "$(dirname "$0")/lib.sh"
sync_init "$@"
pg_start
# test_pg makes (and drops) its own database; the role needs CREATEDB,
# which the cluster's owner has.
if "$TOOLS/test_pg" >"$tmp/test_pg.out" 2>&1; then
	ok "test_pg: every case passed against PostgreSQL"
	if grep -q -E '^\[  SKIPPED|test_pg: skipped' "$tmp/test_pg.out"; then
		fail "test_pg skipped cases although it had a database" \
		    "$(grep -E '^\[  SKIPPED|test_pg: skipped' "$tmp/test_pg.out")"
	fi
else
	fail "test_pg failed" "$(grep -E -B2 -A3 "ERROR" "$tmp/test_pg.out" | head -n 40; tail -n 20 "$tmp/test_pg.out")"
fi
grep -E '^\[  (PASSED|FAILED)' "$tmp/test_pg.out"
finish
