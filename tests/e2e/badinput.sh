#!/bin/sh
# What the client refuses before it starts: a configuration file it cannot
# read (named with its line, on stderr) or that prints to no file, a
# database from a newer jobdesk or one that is not a jobdesk database
# (left untouched), no terminal, a locale that is not UTF-8 and one the
# machine does not have (the message says how to install it). Each
# exits with status 1 and starts nothing.
#
# Usage: sh tests/e2e/badinput.sh BINARY
. "$(dirname "$0")/lib.sh"
e2e_init "$@"

# Run the client outside tmux with the test's environment; extra VAR=VALUE
# words come first: run_bin [VAR=VALUE ...] -- ARG ... Standard input is
# /dev/null; stdout and stderr go to $tmp/out and $tmp/err; the exit
# status is in $status.
run_bin() {
	_e=
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		_e="$_e $(q "$1")"
		shift
	done
	[ $# -gt 0 ] && shift
	_a=
	for _x in "$@"; do
		_a="$_a $(q "$_x")"
	done
	eval "env -i PATH=$(q "$PATH") HOME=$(q "$tmp/home") \
	    XDG_CONFIG_HOME=$(q "$tmp/config") XDG_DATA_HOME=$(q "$tmp/data") \
	    XDG_STATE_HOME=$(q "$tmp/state") LANG=C.UTF-8 \
	    ASAN_OPTIONS=$(q "log_path=$tmp/asan:abort_on_error=0") \
	    UBSAN_OPTIONS=$(q "log_path=$tmp/asan.ubsan:print_stacktrace=1") \
	    $_e $(q "$BIN") $_a" </dev/null >"$tmp/out" 2>"$tmp/err"
	status=$?
}

# The last run exited with status 1, printed nothing on stdout, and its
# stderr holds each of the given texts.
refused() {
	check "$1: exit status 1 (got $status)" [ "$status" -eq 1 ]
	check "$1: nothing on standard output" [ ! -s "$tmp/out" ]
	_w=$1
	shift
	for _t in "$@"; do
		if grep -qF -- "$_t" "$tmp/err"; then
			ok "$_w: stderr says \"$_t\""
		else
			fail "$_w: stderr says \"$_t\""
			sed 's/^/	stderr: /' "$tmp/err"
		fi
	done
}

bad_config() {
	printf '[client]\nlanguage = en\noops\n' >"$tmp/oops.ini"
	printf '\357\273\277[client]\nlanguage = en\n' >"$tmp/bom.ini"
	printf '[client]\nlanguage = en\ncolour = yes\n' >"$tmp/unknown.ini"
	run_bin -- --config "$tmp/oops.ini" --db "$tmp/c.db"
	refused "a line without \"=\"" "$tmp/oops.ini:3:" '"oops"'
	run_bin -- --config "$tmp/bom.ini" --db "$tmp/c.db"
	refused "a byte-order mark" "$tmp/bom.ini:1:" "byte-order mark"
	run_bin -- --config "$tmp/unknown.ini" --db "$tmp/c.db"
	refused "an unknown key" "$tmp/unknown.ini:3:" '"colour"'
	printf '[print]\ntarget = file\n' >"$tmp/nofile.ini"
	run_bin -- --config "$tmp/nofile.ini" --db "$tmp/c.db"
	refused "printing to a file without a file" "$tmp/nofile.ini: [print] target = file" \
	    '"file = PATH"'
	check "a bad configuration creates no database" [ ! -e "$tmp/c.db" ]
	# In a terminal: the message, and no screen is started.
	DB=$tmp/c.db
	start -- --config "$tmp/oops.ini"
	wait_for "EXITED-"
	assert_screen "EXITED-1" "in a terminal too the exit status is 1"
	assert_screen "$tmp/oops.ini:3:" "the message names the file and the line"
	assert_not "jobdesk - first start" "the full-screen client did not start"
	check "the terminal is left in canonical mode" \
	    [ "$(screen | sed -n '/EXITED-/{n;p;}')" = icanon ]
}

newer_database() {
	if ! command -v sqlite3 >/dev/null 2>&1; then
		fail "sqlite3 is not installed (make deps)"
		return
	fi
	sqlite3 "$tmp/newer.db" 'PRAGMA user_version = 99;'
	cp "$tmp/newer.db" "$tmp/newer.copy"
	run_bin -- --db "$tmp/newer.db" export seekers
	refused "a database from a newer jobdesk" "$tmp/newer.db" "newer"
	check "the newer database is unchanged" cmp -s "$tmp/newer.db" "$tmp/newer.copy"
	check "no journal or WAL file is left" \
	    eval '[ ! -e "$tmp/newer.db-wal" ] && [ ! -e "$tmp/newer.db-journal" ]'

	sqlite3 "$tmp/other.db" 'CREATE TABLE things (x);'
	cp "$tmp/other.db" "$tmp/other.copy"
	run_bin -- --db "$tmp/other.db" export seekers
	refused "an SQLite database of another program" "$tmp/other.db" "not a jobdesk database"
	check "the other program's database is unchanged" cmp -s "$tmp/other.db" "$tmp/other.copy"
}

text_database() {
	printf 'id_number,name\n11010519491231002X,张三丰\n' >"$tmp/seekers.csv"
	cp "$tmp/seekers.csv" "$tmp/seekers.copy"
	run_bin -- --db "$tmp/seekers.csv" export seekers
	refused "a text file as database" "$tmp/seekers.csv" "not a jobdesk database"
	check "the text file is unchanged" cmp -s "$tmp/seekers.csv" "$tmp/seekers.copy"
}

no_terminal() {
	run_bin -- --db "$tmp/tty.db"
	refused "no terminal" "needs a terminal"
	check "no terminal: no database is created" [ ! -e "$tmp/tty.db" ]
}

not_utf8() {
	run_bin LANG=C -- --db "$tmp/c-locale.db"
	refused "LANG=C" "not UTF-8"
	check "LANG=C: no database is created" [ ! -e "$tmp/c-locale.db" ]
	run_bin LANG=C.UTF-8 LC_ALL=POSIX -- --db "$tmp/c-locale.db"
	refused "LC_ALL=POSIX" "UTF-8"
	# A locale the environment names but the machine never generated (often
	# zh_CN.UTF-8): the message says so, how to install it, and what works now.
	run_bin LANG=xx_XX.UTF-8 -- --db "$tmp/c-locale.db"
	refused "a locale that is not installed" 'the locale "xx_XX.UTF-8" (from LANG) is not installed' \
	    "locale-gen" "LANG=C.UTF-8 LANGUAGE=zh_CN"
	check "a locale that is not installed: no database is created" [ ! -e "$tmp/c-locale.db" ]
}

run_case "config" bad_config
run_case "database" newer_database
run_case "database" text_database
run_case "terminal" no_terminal
run_case "locale" not_utf8
finish
