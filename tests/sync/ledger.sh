#!/bin/sh
# The free-service ledger through the district: two terminals give
# services offline, the same job seeker's 信息查询 and policy consultation
# on both on one day among them, and a referral (推荐面试 to the seeker,
# 推荐人选 to the employer); they sync in one order, then the other, then
# again, and a push is replayed: every total, on the server and on both
# terminals, is exactly what the windows gave, nothing counted twice, and
# each event keeps what the person was when it was given.
# Usage: sh tests/sync/ledger.sh BINARY [TOOLS_DIR]
set -u
. "$(dirname "$0")/lib.sh"
sync_init "$@"
pg_start
server_setup

printf '%s\n' "$PASSWORD" | jdd account add lihua --name 李华 --office 110105 --role clerk \
    --cert-no CZ-2024-001 --cert-valid-until 2099-12-31 >"$tmp/account.out" 2>&1 ||
    fail "jobdeskd account add lihua" "$(cat "$tmp/account.out")"

new_terminal A 110105-01
new_terminal B 110105-02

# has_out OUTPUT TEXT: the output holds TEXT.
has_out() {
	case $1 in *"$2"*) return 0 ;; esac
	printf '     got: %s\n' "$1"
	return 1
}

# give NAME TYPE KEY: a service given at terminal NAME by lihua; its output.
give() {
	printf '%s\n' "$PASSWORD" | jd "$1" give --user lihua "$2" "$3" 2>"$tmp/t/$1/give.err"
}

s1=$(idnum 11010519850101101)
s2=$(idnum 11010519860202102)
e1=$(uscc 91110105MA01ABCD1)
{
	printf 'id_number,name,phone,education,category,hardship,desired_occupation\n'
	printf '%s,张伟,13800000001,21,laid_off,long_term,4-01-02\n' "$s1"
	printf '%s,李娜,13800000002,21,graduate,,4-01-02\n' "$s2"
} >"$tmp/seekers.csv"
printf 'uscc,name,type,industry,district,contact,phone,hard_to_recruit\n%s,华联超市有限公司,private,52,110105,刘经理,13700001111,yes\n' \
    "$e1" >"$tmp/emp.csv"
printf 'employer_uscc,occupation,title,headcount,wage_min,wage_max,valid_until\n%s,4-01-02,收银员,3,4000,5000,2099-12-31\n' \
    "$e1" >"$tmp/vac.csv"
t_import A seekers "$tmp/seekers.csv"
t_import A employers "$tmp/emp.csv"
t_import A vacancies "$tmp/vac.csv"
sync_all A B
v1=$(tsql A "SELECT id FROM vacancy WHERE title = '收银员'")

# --- offline: services at both windows --------------------------------------
check "A: 张伟's query of the day" has_out "$(give A job_query "$s1")" "job_query: given"
check "A: 张伟's policy consultation" has_out "$(give A policy "$s1")" "policy: given"
check "A: a recruitment talk with the employer" has_out "$(give A recruitment_talk "$e1")" \
    "recruitment_talk: given"
printf '%s\n' "$PASSWORD" | jd A refer --user lihua "$s2" "$v1" >"$tmp/refer.out" 2>&1 ||
    fail "A: the referral of 李娜" "$(cat "$tmp/refer.out")"
check "B: 张伟's query of the day too, offline" has_out "$(give B job_query "$s1")" "job_query: given"
check "B: pressed again: not recorded twice" has_out "$(give B job_query "$s1")" \
    "given today already"
check "B: 张伟's policy consultation too" has_out "$(give B policy "$s1")" "policy: given"
check "B: 李娜's query" has_out "$(give B job_query "$s2")" "job_query: given"
check "give refuses a service that comes with a record" sh -c \
    'printf "%s\n" "$1" | "$2" --config "$3" --db "$4" give --user lihua referral "$5" 2>&1; test $? -eq 2' \
    sh "$PASSWORD" "$BIN" "$tmp/t/A/jobdesk.ini" "$(tdb A)" "$s1"
# 张伟 is no longer long-term unemployed after the services: they keep the old.
tsql A "UPDATE seeker SET hardship = '' WHERE id_number = '$s1'"

# What the windows gave, each once: two registrations, the employer's and
# its vacancy's, 张伟's and 李娜's queries (the same query on A and B is
# one), 张伟's policy consultation (one), the referral and its candidates,
# the talk.
expected="candidates 1
employer_registration 1
job_query 2
policy 1
recruitment_talk 1
referral 1
registration 2
vacancy_registration 1"

terminal_totals() {
	tsql "$1" "SELECT type || ' ' || count(*) FROM service_event GROUP BY type ORDER BY type"
}
server_totals() {
	pq "SELECT t || ' ' || count(*) FROM (SELECT fields->>'type' AS t FROM record WHERE tbl = 'service_event') x GROUP BY t ORDER BY t"
}

# --- sync in one order, the other, and again --------------------------------
sync_all B A B A
check "the server's totals are exact" is "$(server_totals)" "$expected"
check "A's totals are exact" is "$(terminal_totals A)" "$expected"
check "B's totals are exact" is "$(terminal_totals B)" "$expected"
sync_all A B A B
check "synced again: the server's totals unchanged" is "$(server_totals)" "$expected"
check "synced again: A's unchanged" is "$(terminal_totals A)" "$expected"
check "synced again: B's unchanged" is "$(terminal_totals B)" "$expected"
# A push replayed whole (as after a lost reply): applied never.
if jd_sync A --resend >"$tmp/t/A/resend.out" 2>&1; then
	ok "A's changes sent again (--resend)"
else
	fail "A's changes sent again (--resend)" "$(cat "$tmp/t/A/resend.out")"
fi
sync_all B A
check "after a replay: the server's totals unchanged" is "$(server_totals)" "$expected"
check "after a replay: B's unchanged" is "$(terminal_totals B)" "$expected"
check "the two terminals hold the same events" is \
    "$(tsql A "SELECT group_concat(id) FROM (SELECT id FROM service_event ORDER BY id)")" \
    "$(tsql B "SELECT group_concat(id) FROM (SELECT id FROM service_event ORDER BY id)")"

# --- what each event says, everywhere ---------------------------------------
check "B: the referral is 李娜's, its candidates the employer's" is \
    "$(tsql B "SELECT e.type || ':' || coalesce(s.name, '') || ':' || coalesce(m.name, '') FROM service_event e LEFT JOIN seeker s ON s.id = e.seeker_id LEFT JOIN employer m ON m.id = e.employer_id WHERE e.type IN ('referral', 'candidates') ORDER BY e.type")" \
    "candidates::华联超市有限公司
referral:李娜:"
check "B: 张伟's consultation kept the hardship of its day" is \
    "$(tsql B "SELECT e.hardship || ':' || e.basis || ':' || e.free FROM service_event e JOIN seeker s ON s.id = e.seeker_id WHERE e.type = 'policy'")" \
    "long_term:hardship:1"
check "B: the talk kept the employer's flag as the basis" is \
    "$(tsql B "SELECT hard_to_recruit || ':' || basis FROM service_event WHERE type = 'recruitment_talk'")" \
    "1:hard_to_recruit"
check "the server checked the type against the code list" is \
    "$(pq "SELECT count(*) FROM record r WHERE tbl = 'service_event' AND NOT EXISTS (SELECT 1 FROM record c WHERE c.tbl = 'code' AND c.key = 'service_type:' || (r.fields->>'type'))")" 0
check "nothing was parked" is "$(pq "SELECT count(*) FROM parked" 2>/dev/null || echo 0)" 0

finish
