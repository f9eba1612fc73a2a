#!/bin/sh
# "jobdesk report" from the command line, with the one report every build
# has, "services" (the services given, by type and by free basis), so that
# what is tested here is the frame all the reports share: the text at 80
# columns (in Chinese too), CSV with a header row of keys and CRLF, JSON,
# a FILE written whole with mode 0600 (an old one replaced, a directory or
# a device refused, never through a planted link), the period (local days:
# Beijing time here), the office and the offices under it, and every
# mistake on the command line refused with a message and exit status 2
# (1 for an office the terminal does not know).
#
# The figures expected are counted by hand from the services given below.
# Usage: sh tests/import/report.sh [BINARY] (default bin/jobdesk). Needs
# sqlite3(1) to date and move services, python3(1) to read the JSON.
set -u
bin=${1:-bin/jobdesk}
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/jobdesk-report.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM HUP

export LC_ALL=C.UTF-8
unset LANGUAGE LANG
# Beijing time without the time zone files: a day begins at 16:00 UTC.
export TZ=CST-8
export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" XDG_STATE_HOME="$tmp/state"
# Registration is free to all; the other services only with a basis, and
# the bases are a hardship and being a graduate.
printf '[client]\nlanguage = en\n[services]\nfree = registration\nfree_with_basis = all\nbasis = hardship graduate\n' \
    >"$tmp/jobdesk.ini"
sed 's/^language = en$/language = zh_CN/' "$tmp/jobdesk.ini" >"$tmp/zh.ini"

. "$(dirname "$0")/lib.sh"

ini=$tmp/jobdesk.ini
# jd DB ARGS...: run jobdesk on database DB with the configuration $ini.
jd() {
	db=$1
	shift
	"$bin" --config "$ini" --db "$db" "$@"
}

has() {
	grep -F -q -- "$2" "$1"
}

hasnt() {
	! grep -F -q -- "$2" "$1"
}

sql() {
	sqlite3 "$1" "$2"
}

# The display width of a text in cells.
cells() {
	printf '%s' "$1" | LC_ALL=C.UTF-8 wc -L | tr -d ' '
}

# The widest line of a file in display cells (a Chinese character is two).
widest() {
	LC_ALL=C.UTF-8 wc -L <"$1" | tr -d ' '
}

# The lines of a file from the one that is exactly FROM to the first empty one after it.
block() {
	awk -v from="$2" '$0 == from { on = 1 } on && $0 == "" { exit } on' "$1"
}

[ -x "$bin" ] || { echo "no binary $bin"; exit 1; }
# The catalogue of the source tree the binary belongs to (build/ or build-san/).
root=$(cd "$(dirname "$bin")" && pwd -P)
while [ "$root" != / ] && [ ! -f "$root/src/jobdesk.c" ]; do
	root=$(dirname "$root")
done
mo=$root/build/locale/zh_CN/LC_MESSAGES/jobdesk.mo
command -v sqlite3 >/dev/null 2>&1 || { missing "sqlite3"; echo "$passed passed, $failed failed"; exit 0; }

PW=first-start-1
A_ID=$(idnum 11010519900307123)
B_ID=$(idnum 11010819851201002)
C_ID=$(idnum 11010519800101002)
TODAY=$(date +%Y-%m-%d)

# newdb NAME: the district office 110105-01 and its supervisor wangfang;
# three job seekers registered (three services, free): 王小明 a hardship
# person, 李娜 a graduate, 张三 registered unemployed (no basis here); a
# policy consultation for the first two (free, on their basis) and a job
# information query for 张三 (no basis: not free). Six services, five free.
newdb() {
	db=$tmp/$1.db
	printf '%s\n' "$PW" | jd "$db" init --office 110105-01 朝阳区公共就业服务中心 district \
	    --supervisor wangfang 王芳 >/dev/null 2>&1 || echo "newdb $1: jobdesk init failed"
	{
		printf 'id_number,name,phone,household,education,category,hardship\n'
		printf '%s,王小明,13812345678,urban,21,laid_off,long_term\n' "$A_ID"
		printf '%s,李娜,13912345678,urban,21,graduate,\n' "$B_ID"
		printf '%s,张三,13912345679,urban,21,unemployed,\n' "$C_ID"
	} >"$tmp/seekers.csv"
	jd "$db" import seekers "$tmp/seekers.csv" >/dev/null 2>&1 ||
	    echo "newdb $1: the import failed"
	for give in "policy $A_ID" "policy $B_ID" "job_query $C_ID"; do
		# shellcheck disable=SC2086
		printf '%s\n' "$PW" | jd "$db" give --user wangfang $give >/dev/null 2>&1 ||
		    echo "newdb $1: give $give failed"
	done
}

newdb a
A=$tmp/a.db
check "the data: six services, five free" \
    is "$(sql "$A" "SELECT count(*) || ' ' || sum(free) FROM service_event")" "6 5"

# --- text -------------------------------------------------------------------
jd "$A" report services >"$tmp/text" 2>"$tmp/err"
check "text: exit status 0" is "$?" 0
check "text: nothing on standard error" is "$(cat "$tmp/err")" ""
check "text: the title first" is "$(sed -n 1p "$tmp/text")" "Services given"
check "text: the office, with the offices under it" is "$(sed -n 2p "$tmp/text")" \
    "Office: 朝阳区公共就业服务中心 110105-01, with the offices under it"
check "text: today by default" is "$(sed -n 3p "$tmp/text")" "Day: $TODAY"
cat >"$tmp/want" <<'EOF'
By service type
Service                Given  Free
----------------------------------
Seeker registration        3     3
Job information query      1     0
Policy consultation        2     2
----------------------------------
Total                      6     5
EOF
block "$tmp/text" "By service type" >"$tmp/got"
check "text: by type, names left and numbers right in columns, a rule over the total" \
    cmp -s "$tmp/want" "$tmp/got" || diff "$tmp/want" "$tmp/got" | sed 's/^/     /'
# The bases: most services first, the services without one last.
cat >"$tmp/want" <<'EOF'
By free basis
Basis             Given  Free
-----------------------------
College graduate      2     2
hardship              2     2
no basis              2     1
-----------------------------
Total                 6     5
EOF
block "$tmp/text" "By free basis" >"$tmp/got"
check "text: by free basis, the total the same" \
    cmp -s "$tmp/want" "$tmp/got" || diff "$tmp/want" "$tmp/got" | sed 's/^/     /'
# The chart of the types: registration (3) the longest bar, a query (1) a third of it.
bars=$(awk '/\|#/ { n = split($0, p, "|"); b = p[2]; gsub(/[^#]/, "", b); print length(b) }' "$tmp/text" |
    head -n 3 | tr '\n' ' ')
# shellcheck disable=SC2086
set -- $bars
check "text: a bar per type ($bars)" is "$#" 3
check "text: the largest value has the longest bar, 3:1:2 ($bars)" \
    test "${1:-0}" -gt "${3:-0}" -a "${3:-0}" -gt "${2:-0}" -a "${2:-0}" -gt 0 -a \
    "$((${1:-0} - 3 * ${2:-0}))" -le 2 -a "$((3 * ${2:-0} - ${1:-0}))" -le 2
check "text: no line wider than 80 cells ($(widest "$tmp/text"))" test "$(widest "$tmp/text")" -le 80
block "$tmp/text" "By service type" | sed 1d >"$tmp/table"
check "text: a table's lines all as wide as its rule" \
    is "$(while IFS= read -r l; do cells "$l"; done <"$tmp/table" | sort -u | tr '\n' ' ')" "34 "

# In Chinese: the same figures, 合计, still no line wider than 80 cells.
if [ -f "$mo" ]; then
	ini=$tmp/zh.ini
	jd "$A" report services >"$tmp/zh" 2>"$tmp/err"
	check "Chinese: exit status 0" is "$?" 0
	check "Chinese: the title" is "$(sed -n 1p "$tmp/zh")" "服务情况"
	check "Chinese: the total row, 合计" is "$(grep -c '^合计  *6  *5$' "$tmp/zh")" 2
	check "Chinese: the types' names" has "$tmp/zh" "求职登记"
	# Numbers right-aligned and names padded in display cells: every line of
	# a table (headings, rows, rules, total) as wide as its rule.
	block "$tmp/zh" "按服务类型" | sed 1d >"$tmp/zhtable"
	check "Chinese: a table's lines all as wide as its rule, in cells" \
	    is "$(while IFS= read -r l; do cells "$l"; done <"$tmp/zhtable" | sort -u | tr '\n' ' ')" \
	    "$(cells "$(sed -n 2p "$tmp/zhtable")") "
	check "Chinese: no line wider than 80 cells ($(widest "$tmp/zh"))" test "$(widest "$tmp/zh")" -le 80
	ini=$tmp/jobdesk.ini
else
	missing "the zh_CN catalogue (make all builds it)"
fi

# --- CSV --------------------------------------------------------------------
jd "$A" report services --format csv >"$tmp/csv" 2>"$tmp/err"
check "csv: exit status 0" is "$?" 0
check "csv: every line ends in CRLF" is "$(grep -c "$(printf '\r')\$" "$tmp/csv")" "$(wc -l <"$tmp/csv" | tr -d ' ')"
printf 'type,name,given,free\r\nregistration,Seeker registration,3,3\r\njob_query,Job information query,1,0\r\npolicy,Policy consultation,2,2\r\ntotal,Total,6,5\r\n\r\nbasis,name,given,free\r\ngraduate,College graduate,2,2\r\nhardship,hardship,2,2\r\n,no basis,2,1\r\ntotal,Total,6,5\r\n' \
    >"$tmp/want"
check "csv: two tables of other columns: two blocks, each a header row of keys, the rows, the total" \
    cmp -s "$tmp/want" "$tmp/csv" || diff "$tmp/want" "$tmp/csv" | sed 's/^/     /'

# --- JSON -------------------------------------------------------------------
if command -v python3 >/dev/null 2>&1; then
	jd "$A" report services --format json >"$tmp/json" 2>"$tmp/err"
	check "json: exit status 0" is "$?" 0
	check "json: valid JSON" python3 -m json.tool "$tmp/json" /dev/null
	check "json: the report, its tables and rows, numbers as numbers" is "$(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
print(r["report"], r["title"], len(r["notes"]))
for t in r["tables"]:
    print(t["table"], t["title"])
    for row in t["rows"]:
        key = row.get("type", row.get("basis"))
        print(" ", row["kind"], repr(key), row["name"], repr(row["given"]), repr(row["free"]))
' "$tmp/json")" "services Services given 2
by_type By service type
  row 'registration' Seeker registration 3 3
  row 'job_query' Job information query 1 0
  row 'policy' Policy consultation 2 2
  total 'total' Total 6 5
by_basis By free basis
  row 'graduate' College graduate 2 2
  row 'hardship' hardship 2 2
  row '' no basis 2 1
  total 'total' Total 6 5"
else
	missing "python3"
fi

# --- into a file ------------------------------------------------------------
jd "$A" report services "$tmp/r.txt" >"$tmp/out" 2>"$tmp/err"
check "file: exit status 0" is "$?" 0
check "file: nothing on standard output" is "$(wc -c <"$tmp/out" | tr -d ' ')" 0
check "file: the report, as on standard output" cmp -s "$tmp/text" "$tmp/r.txt"
check "file: owner only (0600)" is "$(stat -c %a "$tmp/r.txt")" 600
check "file: no FILE.tmp left" test ! -e "$tmp/r.txt.tmp"
# An old file (another mode, other content) is replaced by a new one, whole.
printf 'old\n' >"$tmp/old.csv"
chmod 644 "$tmp/old.csv"
inode=$(stat -c %i "$tmp/old.csv")
jd "$A" report services --format csv "$tmp/old.csv" >/dev/null 2>"$tmp/err"
check "file replaced: exit status 0" is "$?" 0
check "file replaced: the report only" cmp -s "$tmp/csv" "$tmp/old.csv"
check "file replaced: owner only" is "$(stat -c %a "$tmp/old.csv")" 600
check "file replaced: a new file renamed over the old" test "$(stat -c %i "$tmp/old.csv")" != "$inode"
# A directory, a device: refused, left as they were.
mkdir "$tmp/dir"
jd "$A" report services "$tmp/dir" >/dev/null 2>"$tmp/err"
check "a directory: exit status 1" is "$?" 1
check "a directory: says it is not a file" has "$tmp/err" "$tmp/dir: not a regular file"
check "a directory: still one" test -d "$tmp/dir"
jd "$A" report services /dev/null >/dev/null 2>"$tmp/err"
check "a device: exit status 1" is "$?" 1
check "a device: says it is not a file" has "$tmp/err" "/dev/null: not a regular file"
check "a device: still one" test -c /dev/null
# FILE.tmp a link someone planted: not followed, the file it points to untouched.
printf 'victim\n' >"$tmp/victim"
ln -s "$tmp/victim" "$tmp/new.txt.tmp"
jd "$A" report services "$tmp/new.txt" >/dev/null 2>"$tmp/err"
check "a planted link: exit status 1" is "$?" 1
check "a planted link: says it cannot create FILE.tmp" has "$tmp/err" "$tmp/new.txt.tmp: cannot create"
check "a planted link: what it points to is untouched" is "$(cat "$tmp/victim")" victim
check "a planted link: no file" test ! -e "$tmp/new.txt"
# A write that cannot be done leaves the old file as it was.
printf 'old\n' >"$tmp/keep.txt"
mkdir "$tmp/keep.txt.tmp"
jd "$A" report services "$tmp/keep.txt" >/dev/null 2>"$tmp/err"
check "cannot write: exit status 1" is "$?" 1
check "cannot write: the old file as it was" is "$(cat "$tmp/keep.txt")" old

# --- the period -------------------------------------------------------------
# 张三's query dated 2020-06-15 01:00 in Beijing (2020-06-14 17:00 UTC).
sql "$A" "UPDATE service_event SET at = '2020-06-14T17:00:00Z' WHERE type = 'job_query'"
jd "$A" report services >"$tmp/p" 2>"$tmp/err"
check "today: the query of 2020 not counted" is "$(grep -c '^Total  *5  *5$' "$tmp/p")" 2
check "today: no query row" hasnt "$tmp/p" "Job information query"
jd "$A" report services --from 2020-06-15 --to 2020-06-15 >"$tmp/p" 2>"$tmp/err"
check "its day: exit status 0" is "$?" 0
check "its day: the note says the day" is "$(sed -n 3p "$tmp/p")" "Day: 2020-06-15"
check "its day: the query only" is "$(grep -c '^Total  *1  *0$' "$tmp/p")" 2
check "its day: its row" has "$tmp/p" "Job information query      1     0"
jd "$A" report services --from 2020-06-14 --to 2020-06-14 >"$tmp/p" 2>"$tmp/err"
check "the day before in Beijing (its day in UTC): nothing" is "$(grep -c '^Total  *0  *0$' "$tmp/p")" 2
jd "$A" report services --from 2020-06-01 --to 2020-06-30 >"$tmp/p" 2>"$tmp/err"
check "a month: the note says the period" is "$(sed -n 3p "$tmp/p")" "Period: 2020-06-01 to 2020-06-30"
check "a month: the query" is "$(grep -c '^Total  *1  *0$' "$tmp/p")" 2
jd "$A" report services --to 2020-06-15 >"$tmp/p" 2>"$tmp/err"
check "--to alone: that day" is "$(grep -c '^Total  *1  *0$' "$tmp/p")" 2
jd "$A" report services --from 2020-06-16 >"$tmp/p" 2>"$tmp/err"
check "--from alone: from then to today" is "$(sed -n 3p "$tmp/p")" "Period: 2020-06-16 to $TODAY"
check "--from alone: today's five" is "$(grep -c '^Total  *5  *5$' "$tmp/p")" 2
jd "$A" report services --from 2020-01-01 >"$tmp/p" 2>"$tmp/err"
check "--from the year before: all six" is "$(grep -c '^Total  *6  *5$' "$tmp/p")" 2

# --- the office and the offices under it ------------------------------------
# A street office under the district, a community under the street, and
# another district beside it. 李娜's two services move to the street,
# 张三's query to the community, 张三's registration to the other district.
newdb b
B=$tmp/b.db
sql "$B" "INSERT INTO office (code, name, level, parent) VALUES
    ('110105-01-001', '朝外街道', 'street', '110105-01'),
    ('110105-01-001-01', '吉祥里社区', 'township', '110105-01-001'),
    ('110108-01', '海淀区公共就业服务中心', 'district', NULL)"
sql "$B" "UPDATE service_event SET office = '110105-01-001' WHERE seeker_id = (SELECT id FROM seeker WHERE name = '李娜')"
sql "$B" "UPDATE service_event SET office = '110105-01-001-01' WHERE type = 'job_query'"
sql "$B" "UPDATE service_event SET office = '110108-01' WHERE type = 'registration' AND seeker_id = (SELECT id FROM seeker WHERE name = '张三')"
jd "$B" report services >"$tmp/o" 2>"$tmp/err"
check "district: its own two, the street's two, the community's one" \
    is "$(grep -c '^Total  *5  *4$' "$tmp/o")" 2
check "district: not the other district's registration" has "$tmp/o" "Seeker registration        2     2"
jd "$B" report services --office 110105-01-001 >"$tmp/o" 2>"$tmp/err"
check "street: exit status 0" is "$?" 0
check "street: the note names it" is "$(sed -n 2p "$tmp/o")" "Office: 朝外街道 110105-01-001, with the offices under it"
check "street: its two and the community's one" is "$(grep -c '^Total  *3  *2$' "$tmp/o")" 2
check "street: 李娜's registration and consultation, the query" is "$(block "$tmp/o" "By service type" | sed -n '4,6p')" \
"Seeker registration        1     1
Job information query      1     0
Policy consultation        1     1"
jd "$B" report services --office 110105-01-001-01 >"$tmp/o" 2>"$tmp/err"
check "community: its one" is "$(grep -c '^Total  *1  *0$' "$tmp/o")" 2
jd "$B" report services --office 110108-01 >"$tmp/o" 2>"$tmp/err"
check "the other district: its one" is "$(grep -c '^Total  *1  *1$' "$tmp/o")" 2
# A hand-edited table with a cycle (the district under its own community)
# cannot make the report go round forever: every office counts once.
sql "$B" "UPDATE office SET parent = '110105-01-001-01' WHERE code = '110105-01'"
jd "$B" report services --office 110105-01-001 >"$tmp/o" 2>"$tmp/err"
check "a cycle of parents: exit status 0" is "$?" 0
check "a cycle of parents: each office once" is "$(grep -c '^Total  *5  *4$' "$tmp/o")" 2

# --- as an account ----------------------------------------------------------
printf '%s\n' "$PW" | jd "$A" report services --user wangfang >"$tmp/o" 2>"$tmp/err"
check "--user with its password: exit status 0" is "$?" 0
check "--user with its password: the report" has "$tmp/o" "Services given"
printf 'wrong-password\n' | jd "$A" report services --user wangfang >"$tmp/o" 2>"$tmp/err"
check "--user with a wrong password: exit status 1" is "$?" 1
check "--user with a wrong password: no report" is "$(wc -c <"$tmp/o" | tr -d ' ')" 0

# --- mistakes: a message, exit status 2 (1 for an unknown office), nothing out
# refused STATUS WHAT MESSAGE ARGS...: the command fails so, saying MESSAGE.
refused() {
	want=$1 what=$2 msg=$3
	shift 3
	jd "$A" report "$@" >"$tmp/out" 2>"$tmp/err"
	check "$what: exit status $want" is "$?" "$want"
	check "$what: says \"$msg\"" has "$tmp/err" "$msg"
	check "$what: nothing on standard output" is "$(wc -c <"$tmp/out" | tr -d ' ')" 0
}
refused 1 "an unknown office" 'no office "999999" in this terminal'"'"'s database' \
    services --office 999999
refused 2 "a date that is not one" '--from "2026-02-30": "2026-02-30" is not a calendar date' \
    services --from 2026-02-30
refused 2 "a word for a date" '--to "tomorrow": "tomorrow" is not a date; expected YYYY-MM-DD' services --to tomorrow
refused 2 "a period backwards" "the period ends (--to) before it begins (--from)" \
    services --from 2020-06-30 --to 2020-06-01
refused 2 "an unknown format" 'no format "xml"; text, csv or json' services --format xml
refused 2 "a breakdown the report has not" "services has no breakdowns; leave --by out" \
    services --by education
refused 2 "an unknown option" 'unknown option "--bogus"' services --bogus
refused 2 "an option without its value" "--office needs a value" services --office
refused 2 "two files" 'one file only, not "a.txt" and "b.txt"' services a.txt b.txt
refused 2 "an unknown report" 'no report "nosuch"' nosuch
check "an unknown report: the usage lists the reports" has "$tmp/err" "usage: jobdesk report daily|actions|close|closed|services|supply-demand|roster"
jd "$A" report >"$tmp/out" 2>"$tmp/err"
check "no report named: exit status 2" is "$?" 2
check "no report named: the usage lists the reports" has "$tmp/err" "usage: jobdesk report daily|actions|close|closed|services|supply-demand|roster"
check "nothing written for a refused command" test ! -e a.txt -a ! -e b.txt

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
