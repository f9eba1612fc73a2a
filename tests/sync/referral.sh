#!/bin/sh
# Referrals through the district: each terminal gets its own number at
# enrollment, which its letters carry; a referral made on A and its
# outcome recorded on B arrive everywhere, and the seeker is placed
# everywhere; two hires for one vacancy recorded on two terminals offline
# both count once they have synced (hires are counted, never incremented);
# two different outcomes for one referral recorded offline converge on one,
# the other in the conflict journal; a hire undone by a later outcome on
# another terminal opens the registration again everywhere; a referral by a clerk whose 上岗证 had
# expired on the referral's day, by the district's records, is parked with
# that reason, as is one with no certificate at all.
# Usage: sh tests/sync/referral.sh BINARY [TOOLS_DIR]
set -u
. "$(dirname "$0")/lib.sh"
sync_init "$@"
pg_start
server_setup

# A clerk of the district with a certificate, one without.
printf '%s\n' "$PASSWORD" | jdd account add lihua --name 李华 --office 110105 --role clerk \
    --cert-no CZ-2024-001 --cert-valid-until 2099-12-31 >"$tmp/account.out" 2>&1 ||
    fail "jobeskd account add lihua" "$(cat "$tmp/account.out")"
printf '%s\n' "$PASSWORD" | jdd account add zhao --name 赵强 --office 110105 --role clerk \
    >>"$tmp/account.out" 2>&1 || fail "jobdeskd account add zhao" "$(cat "$tmp/account.out")"

new_terminal A 110105-01
new_terminal B 110105-02
na=$(tsql A "SELECT value FROM setting WHERE key = 'terminal_number'")
nb=$(tsql B "SELECT value FROM setting WHERE key = 'terminal_number'")
check "A got a number at enrollment" sh -c 'case $1 in [1-9]*) true ;; *) false ;; esac' sh "$na"
check "B got another number" sh -c '[ -n "$1" ] && [ "$1" != "$2" ]' sh "$nb" "$na"

# refer NAME ID_NUMBER VACANCY_ID [LOGIN]: a referral on terminal NAME; its number on stdout.
refer() {
	printf '%s\n' "$PASSWORD" | jd "$1" refer --user "${4:-lihua}" "$2" "$3" 2>"$tmp/t/$1/refer.err"
}

# outcome NAME NUMBER OUTCOME [ARGS...]: record an outcome on terminal NAME.
outcome() {
	_t=$1
	shift
	printf '%s\n' "$PASSWORD" | jd "$_t" outcome --user lihua "$@" >/dev/null \
	    2>"$tmp/t/$_t/outcome.err"
}

s1=$(idnum 11010519850101101)
s2=$(idnum 11010519860202102)
s3=$(idnum 11010519870303103)
s4=$(idnum 11010519880404104)
s5=$(idnum 11010519890505105)
e1=$(uscc 91110105MA01ABCD1)
{
	printf 'id_number,name,phone,education,category,desired_occupation\n'
	printf '%s,张伟,13800000001,21,unemployed,4-01-02\n' "$s1"
	printf '%s,李娜,13800000002,21,unemployed,4-01-02\n' "$s2"
	printf '%s,王芳,13800000003,31,unemployed,4-01-02\n' "$s3"
	printf '%s,刘洋,13800000004,21,graduate,4-01-02\n' "$s4"
	printf '%s,杨磊,13800000005,21,unemployed,4-01-02\n' "$s5"
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
check "the accounts with their certificates reached B" is \
    "$(tsql B "SELECT cert_no || ' ' || cert_valid_until FROM account WHERE login = 'lihua'")" \
    "CZ-2024-001 2099-12-31"
v1=$(tsql A "SELECT id FROM vacancy WHERE title = '收银员'")
v2=$(tsql A "SELECT id FROM vacancy WHERE title = '理货员'")
year=$(date +%Y)

# --- a referral on A, its outcome on B --------------------------------------
r1=$(refer A "$s1" "$v1")
check "the referral on A has A's number in its letter's number" is "$r1" "110105-01-T$na-$year-00001"
sync_all A B
check "the district took A's referral" is \
    "$(tsql A "SELECT coalesce(group_concat(tbl || ': ' || reason, '; '), '') FROM sync_rejected")" ""
check "the referral reached B" is "$(tsql B "SELECT status FROM referral WHERE number = '$r1'")" issued
check "with its service event" is \
    "$(tsql B "SELECT count(*) FROM service_event WHERE type = 'referral'")" 1
outcome B "$r1" hired --wage 4800 || fail "outcome on B" "$(cat "$tmp/t/B/outcome.err")"
sync_all B A
check "the hire recorded on B reached A" is \
    "$(tsql A "SELECT status || ' ' || hired_wage FROM referral WHERE number = '$r1'")" "hired 4800"
check "the seeker is placed on A" is \
    "$(tsql A "SELECT status || ' ' || withdraw_reason FROM seeker WHERE id_number = '$s1'")" \
    "placed referral"
# B pushed the registration its hire closed, with the reason referral (推荐就业).
check "the district took B's hire and the registration it closed, reason and all" is \
    "$(tsql B "SELECT coalesce(group_concat(tbl || ': ' || reason, '; '), '') FROM sync_rejected")
$(pq "SELECT coalesce(string_agg(tbl || ': ' || reason, '; '), '') FROM parked")" "
"
check "the district holds the referral with its author" is \
    "$(pq "SELECT count(*) FROM record WHERE tbl = 'referral' AND fields->>'status' = 'hired'")" 1

# --- two hires for one vacancy, offline on two terminals ---------------------
ra=$(refer A "$s2" "$v2")
rb=$(refer B "$s3" "$v2")
check "B's letter number is B's own" is "$rb" "110105-02-T$nb-$year-00001"
outcome A "$ra" hired || fail "outcome on A" "$(cat "$tmp/t/A/outcome.err")"
outcome B "$rb" hired || fail "outcome on B" "$(cat "$tmp/t/B/outcome.err")"
sync_all A B A
for t in A B; do
	check "both hires for the vacancy count on $t" is \
	    "$(tsql "$t" "SELECT count(*) FROM referral WHERE vacancy_id = '$v2' AND status = 'hired'")" 2
	jd "$t" match seeker "$s4" >"$tmp/match.$t" 2>&1
	check "on $t the vacancy of two places takes nobody more" hasnt "$tmp/match.$t" 理货员
done

# --- two outcomes for one referral, offline on two terminals -----------------
r4=$(refer A "$s4" "$v1")
sync_all A B
outcome A "$r4" not_hired --reason skills || fail "outcome on A" "$(cat "$tmp/t/A/outcome.err")"
msleep 30
outcome B "$r4" no_show || fail "outcome on B" "$(cat "$tmp/t/B/outcome.err")"
sync_all A B A
sa=$(tsql A "SELECT status FROM referral WHERE number = '$r4'")
sb=$(tsql B "SELECT status FROM referral WHERE number = '$r4'")
check "A and B agree on the outcome" is "$sa" "$sb"
check "the later outcome wins" is "$sa" no_show
check "the other is in the conflict journal" is \
    "$(tsql A "SELECT lost_value FROM conflict WHERE tbl = 'referral' AND field = 'status'")" not_hired

# --- a hire on A, then a later "not hired" for it on B -----------------------
# A closes the registration with its hire; B, which has not seen the hire,
# records the receipt that says otherwise. The district derives the
# registration from the hires left: open again, on both.
r8=$(refer A "$s5" "$v1")
sync_all A B
outcome A "$r8" hired || fail "outcome on A" "$(cat "$tmp/t/A/outcome.err")"
check "A closes the registration with the hire" is \
    "$(tsql A "SELECT status FROM seeker WHERE id_number = '$s5'")" placed
msleep 30
outcome B "$r8" not_hired --reason skills || fail "outcome on B" "$(cat "$tmp/t/B/outcome.err")"
sync_all A B A
for t in A B; do
	check "on $t the later outcome stands" is \
	    "$(tsql "$t" "SELECT status FROM referral WHERE number = '$r8'")" not_hired
	check "on $t the registration is open again: no hire is left" is \
	    "$(tsql "$t" "SELECT status || '/' || withdraw_reason FROM seeker WHERE id_number = '$s5'")" \
	    registered/
done

# --- a placement check on B of a hire made on A ----------------------------
# The check is due a month after the hire: B's copy of the hire is moved
# 40 days back (the district's rules look at the day the check is made,
# not at the hire's).
s6=$(idnum 11010519450505108)
printf 'id_number,name,phone,education,category,desired_occupation\n%s,吴刚,13800000008,21,unemployed,4-01-02\n' \
    "$s6" >"$tmp/s6.csv"
t_import A seekers "$tmp/s6.csv"
r7=$(refer A "$s6" "$v1")
outcome A "$r7" hired || fail "outcome on A" "$(cat "$tmp/t/A/outcome.err")"
sync_all A B
check "the hire reached B" is "$(tsql B "SELECT status FROM referral WHERE number = '$r7'")" hired
tsql B "UPDATE referral SET outcome_on = date('now', 'localtime', '-40 days'),
    registered_on = date('now', 'localtime', '-41 days') WHERE number = '$r7'"
printf '%s\n' "$PASSWORD" | jd B check --user lihua "$r7" yes yes >/dev/null 2>"$tmp/t/B/check.err" ||
    fail "check on B" "$(cat "$tmp/t/B/check.err")"
sync_all B A
check "the check made on B reached A, written once" is \
    "$(tsql A "SELECT month || ' ' || employed || ' ' || insured FROM placement_check")" "1 1 1"

# --- the district's rules: a certificate valid on the day -------------------
# The district's record says lihua's certificate ran out yesterday; A, not
# synced since, still holds the old one and lets the referral be made.
pq "UPDATE account SET cert_valid_until = '$(date -d yesterday +%Y-%m-%d)' WHERE login = 'lihua'" \
    >/dev/null
s5=$(idnum 11010519900606106)
printf 'id_number,name,phone,education,category,desired_occupation\n%s,陈静,13800000006,21,unemployed,4-01-02\n' \
    "$s5" >"$tmp/s5.csv"
t_import A seekers "$tmp/s5.csv"
r5=$(refer A "$s5" "$v1")
check "offline, A makes the referral by what it knows" test -n "$r5"
t_sync A
# The referral and the two services it gives (推荐面试, 推荐人选).
check "the district refuses it and its services, and the round says so" has "$tmp/t/A/sync.err" \
    "3 changes refused by the server"
check "A lists the refusal with the reason" is \
    "$(tsql A "SELECT count(*) FROM sync_rejected WHERE tbl = 'referral' AND reason LIKE '%上岗证%'")" 1
check "A lists the refused services with the reason" is "$(tsql A "SELECT count(*)
    FROM sync_rejected WHERE tbl = 'service_event' AND reason LIKE '%上岗证%'")" 2
check "the district did not apply it" is \
    "$(pq "SELECT count(*) FROM record WHERE tbl = 'referral' AND fields->>'number' = '$r5'")" 0
check "nor count its services" is "$(pq "SELECT count(*) FROM record WHERE tbl = 'service_event'
    AND fields->>'seeker_id' = '$(seeker_id A "$s5")' AND fields->>'type' = 'referral'")" 0
# A terminal's check refuses a clerk without a certificate before anything is written.
r6=$(refer A "$s5" "$v1" zhao)
check "a clerk with no certificate cannot refer on a terminal" is "$r6" ""
check "and is told why" has "$tmp/t/A/refer.err" "上岗证"
finish
