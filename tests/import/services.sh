#!/bin/sh
# The free-service ledger from the command line: "jobdesk export services"
# (its columns, the period, bad dates), the [services] rule table of
# jobdesk.ini deciding free and basis, and the snapshot each event keeps.
# Usage: sh tests/import/services.sh [BINARY] (default bin/jobdesk). Needs
# sqlite3(1).
set -u
bin=${1:-bin/jobdesk}
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/jobdesk-services.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM HUP

export LC_ALL=C.UTF-8
unset LANGUAGE LANG
export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" XDG_STATE_HOME="$tmp/state"
printf '[client]\nlanguage = en\n' >"$tmp/jobdesk.ini"

. "$(dirname "$0")/lib.sh"

# jd DB ARGS...: run jobdesk on database DB with the configuration $ini.
ini=$tmp/jobdesk.ini
jd() {
	db=$1
	shift
	"$bin" --config "$ini" --db "$db" "$@"
}

newdb() {
	printf 'first-start-1\n' | jd "$tmp/$1.db" init --office 110105-01 \
	    朝阳区公共就业服务中心 district --supervisor wangfang 王芳 >/dev/null ||
	    echo "newdb $1: jobdesk init failed"
}

sql() {
	sqlite3 "$1" "$2"
}

has() {
	grep -F -q -- "$2" "$1"
}

[ -x "$bin" ] || { echo "no binary $bin"; exit 1; }
command -v sqlite3 >/dev/null 2>&1 || { missing "sqlite3"; echo "$passed passed, $failed failed"; exit 0; }

wang=$(idnum 11010519900307123)
li=$(idnum 11010819851201002)
hdr='id_number,name,phone,household,education,category,hardship'

# --- registrations are services; the rules of the default: all free -----
newdb a
A=$tmp/a.db
{
	printf '%s\n' "$hdr"
	printf '%s,王小明,13812345678,urban,21,laid_off,long_term\n' "$wang"
	printf '%s,李娜,13912345678,urban,21,"graduate,migrant",\n' "$li"
} >"$tmp/s.csv"
jd "$A" import seekers "$tmp/s.csv" >/dev/null 2>"$tmp/err"
check "import: exit status 0" is "$?" 0
check "two registrations, two services" is "$(sql "$A" "SELECT count(*) FROM service_event WHERE type = 'registration'")" 2
check "hardship first: the basis of a hardship person" \
    is "$(sql "$A" "SELECT e.free || e.basis || ':' || e.hardship || ':' || e.category FROM service_event e JOIN seeker s ON s.id = e.seeker_id WHERE s.name = '王小明'")" \
    "1hardship:long_term:laid_off"
check "else the first category of the basis order" \
    is "$(sql "$A" "SELECT free || basis FROM service_event e JOIN seeker s ON s.id = e.seeker_id WHERE s.name = '李娜'")" \
    "1migrant"

# --- the export ------------------------------------------------------------
jd "$A" export services >"$tmp/e1" 2>"$tmp/err"
check "export: exit status 0" is "$?" 0
check "export: header of field keys" is "$(head -n 1 "$tmp/e1" | tr -d '\r')" \
    "type,at,id_number,name,employer_uscc,employer_name,vacancy,clerk,office,free,basis,category,hardship,hard_to_recruit,id"
check "export: header and 2 rows" is "$(wc -l <"$tmp/e1" | tr -d ' ')" 3
check "export: the person by ID number and name, free, basis, snapshot" has "$tmp/e1" \
    "$wang,王小明,,,,"
check "export: the categories then, in one quoted cell" has "$tmp/e1" '1,migrant,"graduate,migrant",,0'
check "export: audited" is "$(sql "$A" "SELECT count(*) FROM audit WHERE tbl = 'service_event' AND action = 'export'")" 1

# The snapshot: a category changed after the service leaves the event as it was.
sql "$A" "UPDATE seeker SET category = 'unemployed', hardship = '' WHERE name = '王小明'"
jd "$A" export services >"$tmp/e2" 2>/dev/null
check "snapshot: the export keeps the categories of that moment" has "$tmp/e2" \
    "1,hardship,laid_off,long_term"

# The period: an event of last year is outside this year's.
sql "$A" "UPDATE service_event SET at = '2020-06-15T03:00:00Z' WHERE seeker_id = (SELECT id FROM seeker WHERE name = '李娜')"
jd "$A" export services --from 2020-06-01 --to 2020-06-30 >"$tmp/e3" 2>/dev/null
check "period: only the service of June 2020" is "$(wc -l <"$tmp/e3" | tr -d ' ')" 2
check "period: it is 李娜's" has "$tmp/e3" "$li,李娜"
jd "$A" export services --from 2021-01-01 >"$tmp/e4" 2>/dev/null
check "from alone: the later service only" is "$(wc -l <"$tmp/e4" | tr -d ' ')" 2
check "from alone: it is 王小明's" has "$tmp/e4" "$wang,王小明"
jd "$A" export services --from 2020-06-01 --to 2020-06-30 "$tmp/june.csv" >"$tmp/out" 2>&1
check "to a file: exit status 0" is "$?" 0
check "to a file: says how many" has "$tmp/out" "services: 1 exported to"
check "to a file: owner only" is "$(stat -c %a "$tmp/june.csv")" 600

# Bad dates: a clear message, exit status 2, nothing written.
jd "$A" export services --from 2020-13-01 >"$tmp/out" 2>"$tmp/err"
check "bad --from: exit status 2" is "$?" 2
check "bad --from: names the option and the value" has "$tmp/err" '--from "2020-13-01"'
check "bad --from: nothing on standard output" is "$(wc -c <"$tmp/out" | tr -d ' ')" 0
jd "$A" export services --to >"$tmp/out" 2>"$tmp/err"
check "--to without a date: exit status 2" is "$?" 2
check "--to without a date: says so" has "$tmp/err" "--to needs a date"
jd "$A" export services --from 2020-06-30 --to 2020-06-01 >"$tmp/out" 2>"$tmp/err"
check "a period backwards: exit status 2" is "$?" 2
check "a period backwards: says so, with the dates" has "$tmp/err" \
    'ends (--to "2020-06-01") before it begins (--from "2020-06-30")'
jd "$A" export services --from 2020-06-01 --to 2020-06-30 --from 2020-07-01 >"$tmp/out" 2>"$tmp/err"
check "--from twice: exit status 2" is "$?" 2
check "--from twice: says so, with both dates" has "$tmp/err" \
    '--from is given twice ("2020-06-01" and "2020-07-01")'
check "--from twice: nothing on standard output" is "$(wc -c <"$tmp/out" | tr -d ' ')" 0
jd "$A" export seekers --from 2020-06-01 >"$tmp/out" 2>"$tmp/err"
check "--from on seekers: exit status 2" is "$?" 2

# --excel: the names beside the codes.
jd "$A" export --excel services >"$tmp/x" 2>/dev/null
check "excel: the type's name beside its code" has "$tmp/x" "registration,Seeker registration"

# --- the rule table of jobdesk.ini -----------------------------------------
ini=$tmp/rules.ini
printf '[client]\nlanguage = en\n[services]\nfree = none\nfree_with_basis = registration\nbasis = hardship graduate\n' >"$ini"
newdb b
B=$tmp/b.db
jd "$B" import seekers "$tmp/s.csv" >/dev/null 2>&1
check "rules: free to whom has a basis (hardship)" \
    is "$(sql "$B" "SELECT free || basis FROM service_event e JOIN seeker s ON s.id = e.seeker_id WHERE s.name = '王小明'")" "1hardship"
check "rules: graduate is a basis now, migrant is not" \
    is "$(sql "$B" "SELECT free || basis FROM service_event e JOIN seeker s ON s.id = e.seeker_id WHERE s.name = '李娜'")" "1graduate"
printf '[client]\nlanguage = en\n[services]\nfree = none\nfree_with_basis = none\nbasis = hardship\n' >"$ini"
newdb c
C=$tmp/c.db
jd "$C" import seekers "$tmp/s.csv" >/dev/null 2>&1
check "rules: nothing free, the basis recorded still" \
    is "$(sql "$C" "SELECT group_concat(free || basis, ' ') FROM (SELECT free, basis FROM service_event ORDER BY basis)")" "0 0hardship"

# Malformed rules stop the program at start, naming file, section and key.
printf '[client]\nlanguage = en\n[services]\nfree = registration, haircut\n' >"$ini"
jd "$A" export services >"$tmp/out" 2>"$tmp/err"
check "bad free: refused" test "$?" -ne 0
check "bad free: names file, section, key and value" has "$tmp/err" \
    "$ini: [services] free: \"haircut\" is not a service type"
printf '[client]\nlanguage = en\n[services]\nbasis = hardship nobody\n' >"$ini"
jd "$A" export services >"$tmp/out" 2>"$tmp/err"
check "bad basis: refused" test "$?" -ne 0
check "bad basis: names file, section, key and value" has "$tmp/err" \
    "$ini: [services] basis: \"nobody\" is not a basis"
printf '[client]\nlanguage = en\n[services]\nfree =\n' >"$ini"
jd "$A" export services >"$tmp/out" 2>"$tmp/err"
check "empty free: refused" test "$?" -ne 0

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
