# Shared by the command-line test scripts in this folder: results counted
# and printed one a line, ending in "N passed, M failed". Source it.

# Valid ID numbers and credit codes (idnum, uscc).
. "$(dirname "$0")/../checkdigits.sh"

passed=0
failed=0

# ok NAME: a check that held.
ok() {
	passed=$((passed + 1))
	printf 'ok   %s\n' "$1"
}

# fail NAME [DETAIL]: a check that did not.
fail() {
	failed=$((failed + 1))
	printf 'FAIL %s\n' "$1"
	[ -z "${2:-}" ] || printf '     %s\n' "$2"
}

# check NAME COMMAND...: the command's success is the test's.
check() {
	name=$1
	shift
	if "$@"; then ok "$name"; else fail "$name"; fi
}

# missing WHAT: a prerequisite of some checks is not there, so they cannot
# run. Under make check (tests/run.sh exports JOBDESK_CHECK_ALL=1) that is a
# failure: CI must not pass on checks it never ran. Run by hand without it,
# the checks are skipped with a note.
missing() {
	if [ "${JOBDESK_CHECK_ALL:-}" = 1 ]; then
		fail "cannot run: $1" "make check needs it (make check-deps installs the packages)"
	else
		printf 'skip %s (a failure under JOBDESK_CHECK_ALL=1)\n' "$1"
	fi
}

# is A B: the two strings are equal (shown when not).
is() {
	[ "$1" = "$2" ] && return 0
	printf '     got:      %s\n     expected: %s\n' "$1" "$2"
	return 1
}
