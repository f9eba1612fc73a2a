#!/bin/sh
# Run every test against one build: the unit tests, the import tests, the
# end-to-end terminal tests and the sync suites (server, PostgreSQL and
# terminals; they take the directory of the test tools too).
# Usage: tests/run.sh BINARY UNIT_TEST_DIR
#
# This is how make check runs the tests, so every case must run: with
# JOBDESK_CHECK_ALL=1 a suite that lacks a prerequisite of some of its cases
# (PostgreSQL, script(1), the zh_CN catalogue...) fails and says what is
# missing, where a suite run by hand would skip those cases with a note.
# make check-deps installs the packages; make all builds the catalogue.
set -u
JOBDESK_CHECK_ALL=1
export JOBDESK_CHECK_ALL
bin=${1:-bin/jobdesk}
unitdir=${2:-build/tests}
passed=0
failed=0
failures=""

run() {
	name=$1
	shift
	if "$@"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		failures="$failures $name"
	fi
}

# The shipped code lists, by the rules an office's own list must follow.
run db/codes/check.sh sh db/codes/check.sh
for t in "$unitdir"/test_*; do
	[ -x "$t" ] || continue
	# test_pg needs a PostgreSQL: tests/sync/pgunit.sh runs it against one.
	[ "$(basename "$t")" = test_pg ] && continue
	run "$(basename "$t")" "$t"
done
for t in tests/import/*.sh tests/e2e/*.sh; do
	[ -f "$t" ] || continue
	case "$t" in */lib.sh) continue ;; esac
	run "$t" sh "$t" "$bin"
done
for t in tests/sync/*.sh; do
	[ -f "$t" ] || continue
	case "$t" in */lib.sh) continue ;; esac
	run "$t" sh "$t" "$bin" "$unitdir"
done
echo "suites: $passed passed, $failed failed"
[ "$failed" -eq 0 ] || { echo "failed suites:$failures"; exit 1; }
