#!/bin/sh
# Supply and demand from the command line: "jobdesk report supply-demand"
# on a district of two streets written by hand (imported, then dated with
# sqlite3), its CSV by education cell for cell as worked out by hand, the
# streets' totals adding up to the district's, JSON's null for a ratio
# with no seekers, a bad --by refused with status 2, the text at 80
# columns in English and in Chinese. Usage: sh tests/import/supply.sh
# [BINARY] (default bin/jobdesk). Needs sqlite3(1).
set -u
bin=${1:-bin/jobdesk}
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/jobdesk-supply.XXXXXX") || exit 1
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM HUP

export LC_ALL=C.UTF-8
unset LANGUAGE LANG
export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" XDG_STATE_HOME="$tmp/state"
printf '[client]\nlanguage = en\n' >"$tmp/jobdesk.ini"
printf '[client]\nlanguage = zh_CN\n' >"$tmp/zh.ini"

. "$(dirname "$0")/lib.sh"

D=$tmp/d.db
jd() {
	"$bin" --config "$tmp/jobdesk.ini" --db "$D" "$@"
}
sql() {
	sqlite3 "$D" "$1"
}
# report ARGS...: the report of March 2027 (February before it, March 2026 a year ago).
report() {
	jd report supply-demand --from 2027-03-01 --to 2027-03-31 "$@"
}
# has FILE TEXT, hasnt FILE TEXT: whether the file holds the text.
has() {
	grep -F -q -- "$2" "$1"
}
hasnt() {
	! grep -F -q -- "$2" "$1"
}
# The widest line of a file in display cells (a Chinese character is two).
widest() {
	wc -L <"$1" | tr -d ' '
}

[ -x "$bin" ] || { echo "no binary $bin"; exit 1; }
command -v sqlite3 >/dev/null 2>&1 || { missing "sqlite3"; echo "$passed passed, $failed failed"; exit 0; }

printf 'first-start-1\n' | jd init --office 110105 朝阳区公共就业服务中心 district \
    --supervisor wangfang 王芳 >/dev/null || echo "jobdesk init failed"
sql "INSERT INTO office (code, name, level, parent) VALUES
    ('110105001', '建外街道社保所', 'street', '110105'),
    ('110105002', '朝外街道社保所', 'street', '110105')"
a=$(idnum 11010519900307123)
b=$(idnum 11010819851201002)
c=$(idnum 11010519920101003)
d=$(idnum 11010519800505004)
{
	printf 'id_number,name,phone,household,education,category\n'
	printf '%s,王小明,13812345678,urban,21,unemployed\n' "$a"
	printf '%s,李娜,13912345678,urban,21,graduate\n' "$b"
	printf '%s,张强,13712345678,urban,31,unemployed\n' "$c"
	printf '%s,赵红,13612345678,urban,71,rural\n' "$d"
} >"$tmp/s.csv"
e1=$(uscc 91110105MA01ABCD1)
printf 'uscc,name,industry,district,contact,phone\n%s,华联超市,F,110105,张经理,01065001234\n' \
    "$e1" >"$tmp/e.csv"
{
	printf 'employer_uscc,occupation,title,headcount,wage_min,wage_max,valid_until,education\n'
	printf '%s,4-01-02,收银员,3,5000,6000,2027-04-30,31\n' "$e1"
	printf '%s,4-01-02,理货员,2,5000,6000,2027-03-01,\n' "$e1"
} >"$tmp/v.csv"
jd import seekers "$tmp/s.csv" >/dev/null 2>"$tmp/err" || cat "$tmp/err"
jd import employers "$tmp/e.csv" >/dev/null 2>"$tmp/err" || cat "$tmp/err"
jd import vacancies "$tmp/v.csv" >/dev/null 2>"$tmp/err" || cat "$tmp/err"
# By hand, in March 2027 / February 2027 / March 2026:
#   A street 1, registered 03-05: new in March.
#   B street 2, 01-10 to 04-10: in March and in February.
#   C street 1, valid until 02-20: in February only.
#   D street 2, withdrawn on 02-28: in February only.
#   V1 street 1, headcount 3, college (31) at least, from 03-02: March.
#   V2 street 2, headcount 2, no education asked, 02-01 to 03-01 (the
#      first day of March): March and February.
sql "UPDATE seeker SET office = '110105001', registered_on = '2027-03-05',
    valid_until = '2027-06-03' WHERE id_number = '$a';
    UPDATE seeker SET office = '110105002', registered_on = '2027-01-10',
    valid_until = '2027-04-10' WHERE id_number = '$b';
    UPDATE seeker SET office = '110105001', registered_on = '2026-12-01',
    valid_until = '2027-02-20' WHERE id_number = '$c';
    UPDATE seeker SET office = '110105002', registered_on = '2027-01-15',
    valid_until = '2027-04-15', status = 'withdrawn', withdraw_reason = 'moved',
    closed_on = '2027-02-28' WHERE id_number = '$d';
    UPDATE vacancy SET office = '110105001', registered_on = '2027-03-02' WHERE title = '收银员';
    UPDATE vacancy SET office = '110105002', registered_on = '2027-02-01' WHERE title = '理货员'"

# --- the district by education, as CSV ---------------------------------------------
report --by education --format csv >"$tmp/out" 2>"$tmp/err"
check "csv: exit status 0" is "$?" 0
check "csv: nothing on stderr" test ! -s "$tmp/err"
printf '%s\r\n' \
    'name,code,demand,seekers,ratio,demand_last,seekers_last,ratio_last,demand_year,seekers_year,ratio_year' \
    'Undergraduate education,20,0,2,0.00,0,1,0.00,0,0,-' \
    'Junior college education,30,3,0,-,0,1,0.00,0,0,-' \
    'Junior secondary education,70,0,0,-,0,1,0.00,0,0,-' \
    'no requirement,none,2,0,-,2,0,-,0,0,-' \
    'Total,,5,2,2.50,2,3,0.67,0,0,-' >"$tmp/want"
check "csv: every cell as worked out by hand" cmp -s "$tmp/out" "$tmp/want"
cmp -s "$tmp/out" "$tmp/want" || diff "$tmp/want" "$tmp/out" | head -20

# --- the streets add up to the district -------------------------------------------
report --by education --format csv --office 110105001 >"$tmp/s1" 2>&1
report --by education --format csv --office 110105002 >"$tmp/s2" 2>&1
check "street 1: its total" has "$tmp/s1" 'Total,,3,1,3.00,0,1,0.00,0,0,-'
check "street 2: its total" has "$tmp/s2" 'Total,,2,1,2.00,2,2,1.00,0,0,-'
report --by street --format csv >"$tmp/st" 2>&1
check "by street: street 1's row is its total" has "$tmp/st" \
    '建外街道社保所,110105001,3,1,3.00,0,1,0.00,0,0,-'
check "by street: street 2's row is its total" has "$tmp/st" \
    '朝外街道社保所,110105002,2,1,2.00,2,2,1.00,0,0,-'
check "by street: the district's total" has "$tmp/st" 'Total,,5,2,2.50,2,3,0.67,0,0,-'

# --- a file, JSON, bad options -------------------------------------------------------
report --by education --format csv "$tmp/file.csv" >/dev/null 2>&1
check "into a file: the same CSV" cmp -s "$tmp/file.csv" "$tmp/want"
report --by education --format json >"$tmp/json" 2>&1
check "json: a ratio with no seekers is null" has "$tmp/json" '"ratio_year": null'
check "json: a figure is a number" has "$tmp/json" '"demand": 5'
report --by colour >"$tmp/out" 2>"$tmp/err"
check "a bad --by: exit status 2" is "$?" 2
check "a bad --by: named, with the breakdowns there are" has "$tmp/err" '"colour"'
check "a bad --by: the list names occupation-medium" has "$tmp/err" 'occupation-medium'
check "a bad --by: nothing on stdout" test ! -s "$tmp/out"

# --- text at 80 columns, in English and in Chinese ----------------------------------------
report >"$tmp/text" 2>&1
check "text: exit status 0" is "$?" 0
check "text: no line wider than 80" test "$(widest "$tmp/text")" -le 80
check "text: every breakdown" is "$(grep -c '^Total' "$tmp/text")" 11
check "text: a bar chart of the ratio" has "$tmp/text" '|#'
check "text: ASCII besides the names" hasnt "$tmp/text" '─'
TEXTDOMAINDIR=$root/build/locale LANGUAGE=zh_CN "$bin" --config "$tmp/zh.ini" --db "$D" \
    report supply-demand --from 2027-03-01 --to 2027-03-31 >"$tmp/zh" 2>&1
check "Chinese: exit status 0" is "$?" 0
check "Chinese: no line wider than 80 cells" test "$(widest "$tmp/zh")" -le 80
if [ -f "$root/build/locale/zh_CN/LC_MESSAGES/jobdesk.mo" ]; then
	check "Chinese: the headings" has "$tmp/zh" '求人倍率'
	check "Chinese: no requirement" has "$tmp/zh" '无要求'
	check "Chinese: the total rows" is "$(grep -c '^合计' "$tmp/zh")" 11
else
	missing "the zh_CN catalogue (make all builds it)"
fi
check "Chinese: the code names" has "$tmp/zh" '大学本科教育'

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
