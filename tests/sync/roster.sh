#!/bin/sh
# The subsidy roster (花名册) through the district: two terminals of two
# street offices refer and record hires offline, both to one person for
# one employer; after they have synced, each gives the district's roster
# byte for byte the same (CSV), with the second office's hire held back
# for the first office's letter; and each street's roster, from either
# terminal, is exactly its part of the district's, decided by the same
# rules (the held-back hire stays held back in its own street's roster).
# Usage: sh tests/sync/roster.sh BINARY [TOOLS_DIR]
set -u
. "$(dirname "$0")/lib.sh"
sync_init "$@"
pg_start
server_setup

# A clerk with a certificate at each street office.
for _who in "lihua 李华 110105-01" "zhaomin 赵敏 110105-02"; do
	set -- $_who
	printf '%s\n' "$PASSWORD" | jdd account add "$1" --name "$2" --office "$3" --role clerk \
	    --cert-no "CZ-$1" --cert-valid-until 2099-12-31 >>"$tmp/account.out" 2>&1 ||
	    fail "jobdeskd account add $1" "$(cat "$tmp/account.out")"
done

new_terminal A 110105-01
new_terminal B 110105-02

# refer NAME LOGIN ID_NUMBER VACANCY_ID: a referral on terminal NAME; its letter's number.
refer() {
	printf '%s\n' "$PASSWORD" | jd "$1" refer --user "$2" "$3" "$4" 2>"$tmp/t/$1/refer.err"
}

# hired NAME LOGIN NUMBER: the hire recorded today on terminal NAME (a check of its own).
hired() {
	if printf '%s\n' "$PASSWORD" | jd "$1" outcome --user "$2" "$3" hired >/dev/null \
	    2>"$tmp/t/$1/outcome.err"; then
		ok "$1: $3 hired"
	else
		fail "$1: $3 hired" "$(cat "$tmp/t/$1/outcome.err")"
	fi
}

# roster NAME OFFICE FILE [ARGS...]: the roster of OFFICE from terminal NAME into FILE.
roster() {
	_t=$1
	_o=$2
	_f=$3
	shift 3
	jd "$_t" report roster --office "$_o" "$@" "$_f" 2>"$tmp/t/$_t/report.err"
}

# rows FILE: a roster CSV's rows without its header (nor their CRs), sorted.
rows() {
	sed 1d "$1" | tr -d '\r' | sort
}

s1=$(idnum 11010519850101101)
s2=$(idnum 11010519860202102)
s3=$(idnum 11010519870303103)
e1=$(uscc 91110105MA01ABCD1)
{
	printf 'id_number,name,phone,education,category,hardship,desired_occupation\n'
	printf '%s,张伟,13800000001,21,unemployed,long_term,4-01-02\n' "$s1"
	printf '%s,李娜,13800000002,21,unemployed,,4-01-02\n' "$s2"
	printf '%s,王芳,13800000003,31,graduate,,4-01-02\n' "$s3"
} >"$tmp/seekers.csv"
printf 'uscc,name,type,industry,district,contact,phone\n%s,华联超市有限公司,private,52,110105,刘经理,13700001111\n' \
    "$e1" >"$tmp/emp.csv"
{
	printf 'employer_uscc,occupation,title,headcount,wage_min,wage_max,valid_until\n'
	printf '%s,4-01-02,收银员,3,4000,5000,2099-12-31\n' "$e1"
	printf '%s,4-01-02,理货员,2,4000,5000,2099-12-31\n' "$e1"
} >"$tmp/vac.csv"
t_import A seekers "$tmp/seekers.csv"
t_import A employers "$tmp/emp.csv"
t_import A vacancies "$tmp/vac.csv"
sync_all A B
v1=$(tsql A "SELECT id FROM vacancy WHERE title = '收银员'")
v2=$(tsql A "SELECT id FROM vacancy WHERE title = '理货员'")

# --- offline: both offices refer 张伟 to the same employer ---------------------
ra1=$(refer A lihua "$s1" "$v1")
check "A referred 张伟" sh -c '[ -n "$1" ]' sh "$ra1"
ra2=$(refer A lihua "$s2" "$v1")
rb1=$(refer B zhaomin "$s1" "$v1")
check "B referred 张伟 too, not knowing A's letter" sh -c '[ -n "$1" ]' sh "$rb1"
rb2=$(refer B zhaomin "$s3" "$v2")
# The letters of one day: A's come first by number, as its office code sorts first.
check "A's letter sorts before B's" sh -c '[ "$1" \< "$2" ]' sh "$ra1" "$rb1"
hired A lihua "$ra2"
hired B zhaomin "$rb1"
hired B zhaomin "$rb2"
quiet_sync A B A B

# --- the district's roster, from either terminal ----------------------------
roster A 110105 "$tmp/a-district.csv" --format csv ||
    fail "A: the district's roster" "$(cat "$tmp/t/A/report.err")"
roster B 110105 "$tmp/b-district.csv" --format csv ||
    fail "B: the district's roster" "$(cat "$tmp/t/B/report.err")"
check "A and B give the district's roster byte for byte the same" \
    same "$tmp/a-district.csv" "$tmp/b-district.csv"
check "on the roster: 李娜 by A, 王芳 by B" is \
    "$(grep '^roster,' "$tmp/a-district.csv" | cut -d, -f2,3,4,16 | sort)" \
    "$(printf '%s,李娜,%s,110105-01\n%s,王芳,%s,110105-02' "$ra2" "$s2" "$rb2" "$s3" | sort)"
check "held back: B's hire of 张伟, for A's letter before it" is \
    "$(grep '^held_back,' "$tmp/a-district.csv" | tr -d '\r' | cut -d, -f2,3,16,17,19)" \
    "$rb1,张伟,110105-02,first_office,$ra1"
check "the ID numbers are whole in the CSV" has "$tmp/a-district.csv" "$s1"

# --- each street's roster is its part of the district's ---------------------
roster A 110105-01 "$tmp/a-street.csv" --format csv ||
    fail "A: its street's roster" "$(cat "$tmp/t/A/report.err")"
roster B 110105-02 "$tmp/b-street.csv" --format csv ||
    fail "B: its street's roster" "$(cat "$tmp/t/B/report.err")"
roster B 110105-01 "$tmp/b-street-a.csv" --format csv ||
    fail "B: A's street's roster" "$(cat "$tmp/t/B/report.err")"
check "A's street roster is the same from B" same "$tmp/a-street.csv" "$tmp/b-street-a.csv"
check "A's street: its own hire only" is "$(rows "$tmp/a-street.csv" | cut -d, -f1,2)" \
    "roster,$ra2"
check "B's street: its hire on the roster, the other held back there too" is \
    "$(rows "$tmp/b-street.csv" | cut -d, -f1,2)" \
    "$(printf 'held_back,%s\nroster,%s' "$rb1" "$rb2" | sort)"
check "the two streets' rows are the district's" is \
    "$( (sed 1d "$tmp/a-street.csv"; sed 1d "$tmp/b-street.csv") | tr -d '\r' | sort)" \
    "$(rows "$tmp/a-district.csv")"
check "the streets' CSV has the district's header" is "$(head -n 1 "$tmp/a-street.csv")" \
    "$(head -n 1 "$tmp/a-district.csv")"

# --- printed: 80 columns, no ID number; audited -----------------------------
roster A 110105 "$tmp/a-district.txt" || fail "A: the roster as text" \
    "$(cat "$tmp/t/A/report.err")"
check "the printed roster is at most 80 columns wide" sh -c \
    '[ "$(wc -L <"$1")" -le 80 ]' sh "$tmp/a-district.txt"
check "the printed roster names the letters" has "$tmp/a-district.txt" "$rb1"
check "the printed roster shows no ID number" hasnt "$tmp/a-district.txt" "$s1"
check "A audited each roster it made as an export" is \
    "$(tsql A "SELECT count(*) FROM audit WHERE action = 'roster' AND record_id = '*'")" 3
check "nothing was parked" is "$(pq "SELECT count(*) FROM parked" 2>/dev/null || echo 0)" 0

finish
