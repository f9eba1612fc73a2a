#!/bin/sh
# An import killed with SIGKILL while it runs leaves a sound database: each
# row is all there (seeker, outbox entry, audit record) or not at all, the
# outbox sequence has no gap, and running the import again completes it.
# The import commits its rows a thousand at a time, in one transaction:
# the file is long enough for several, so that the kill falls while rows
# are still coming.
# Usage: sh tests/import/kill.sh [BINARY] (default bin/jobdesk). Needs sqlite3(1).
set -u
bin=${1:-bin/jobdesk}
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
rows=20000
tmp=$(mktemp -d "${TMPDIR:-/tmp}/jobdesk-kill.XXXXXX") || exit 1
pid=
trap '[ -z "$pid" ] || kill -9 "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM HUP

export LC_ALL=C.UTF-8
unset LANGUAGE LANG
export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" XDG_STATE_HOME="$tmp/state"
printf '[client]\nlanguage = en\n' >"$tmp/jobdesk.ini"
db=$tmp/k.db

. "$(dirname "$0")/lib.sh"

# sql QUERY: one value, waiting for a writer's lock if need be.
sql() {
	sqlite3 -cmd '.timeout 5000' "$db" "$1"
}

jd() {
	"$bin" --config "$tmp/jobdesk.ini" --db "$db" "$@"
}

# invariants LABEL: what must hold of the database whenever no import runs.
invariants() {
	check "$1: integrity check ok" is "$(sql 'PRAGMA integrity_check')" ok
	check "$1: every seeker has exactly one outbox insert" is "$(sql "
	    SELECT count(*) FROM seeker s WHERE (SELECT count(*) FROM outbox o
	    WHERE o.tbl = 'seeker' AND o.op = 'insert' AND o.row_id = s.id) <> 1")" 0
	check "$1: no outbox insert without its seeker" is "$(sql "
	    SELECT count(*) FROM outbox o WHERE o.tbl = 'seeker' AND o.op = 'insert'
	    AND NOT EXISTS (SELECT 1 FROM seeker s WHERE s.id = o.row_id)")" 0
	check "$1: outbox sequence gap-free and matching outbox_seq" is "$(sql "
	    SELECT count(*) || ' ' || coalesce(min(seq), 1) || ' ' || coalesce(max(seq), 0) || ' ' ||
	    (SELECT value FROM setting WHERE key = 'outbox_seq') FROM outbox")" \
	    "$(sql "SELECT count(*) || ' 1 ' || count(*) || ' ' || count(*) FROM outbox")"
	check "$1: one create audit record per seeker" is \
	    "$(sql "SELECT count(*) FROM audit WHERE tbl = 'seeker' AND action = 'create'")" \
	    "$(sql 'SELECT count(*) FROM seeker')"
	check "$1: one registration service event per seeker" is \
	    "$(sql "SELECT count(*) FROM service_event WHERE type = 'registration'")" \
	    "$(sql 'SELECT count(*) FROM seeker')"
}

[ -x "$bin" ] || { echo "no binary $bin"; exit 1; }

# Valid, distinct ID numbers (MOD 11-2 check character) and phone numbers.
awk -v n="$rows" 'BEGIN {
	split("7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2", w, " ")
	print "id_number,name,phone,household,education,category"
	for (i = 0; i < n; i++) {
		d = sprintf("110105%04d%02d%02d%03d", 1960 + i % 40, 1 + int(i / 40) % 12,
		    1 + int(i / 480) % 28, 100 + i % 900)
		s = 0
		for (k = 1; k <= 17; k++)
			s += substr(d, k, 1) * w[k]
		printf "%s%s,测试%d号,138%08d,urban,21,unemployed\n", d,
		    substr("10X98765432", s % 11 + 1, 1), i, i
	}
}' >"$tmp/big.csv"

printf 'first-start-1\n' | jd init --office 110105-01 朝阳区公共就业服务中心 district \
    --supervisor wangfang 王芳 >/dev/null

# Kill once a random number of rows (1 to a third of the file) is in.
target=$(awk -v n="$rows" 'BEGIN { srand(); print 1 + int(rand() * n / 3) }')
# Not through jd: $! must be the program itself, not a subshell.
"$bin" --config "$tmp/jobdesk.ini" --db "$db" import seekers "$tmp/big.csv" \
    >"$tmp/out1" 2>"$tmp/err1" &
pid=$!
have=0
while kill -0 "$pid" 2>/dev/null; do
	have=$(sql 'SELECT count(*) FROM seeker' 2>/dev/null || echo 0)
	[ "$have" -ge "$target" ] && break
done
running=no
kill -0 "$pid" 2>/dev/null && running=yes
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
pid=
check "the import was still running when killed (after $target rows)" is "$running" yes
check "nothing printed by the killed import" is "$(cat "$tmp/out1")" ""
n=$(sql 'SELECT count(*) FROM seeker')
check "some rows in, not all ($n of $rows)" test "$n" -gt 0 -a "$n" -lt "$rows"
invariants "after the kill"

jd import seekers "$tmp/big.csv" >"$tmp/out2" 2>"$tmp/err2"
check "the import run again: exit status 0" is "$?" 0
# People born from 1960 on: those of retirement age go in with a warning, counted after ";".
check "the import run again: the rest imported, the rest unchanged" is \
    "$(sed 's/; [0-9]* with .*//' "$tmp/out2")" \
    "seekers: $((rows - n)) imported, 0 updated, $n unchanged, 0 rejected"
check "the import run again: all $rows rows there" is "$(sql 'SELECT count(*) FROM seeker')" "$rows"
invariants "after the second run"

printf '%d passed, %d failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ]
