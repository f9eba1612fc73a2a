#!/bin/sh
# The hardship case file through the district (issue 12, Sync): a case
# file opened on A (its plan, one per person under an id derived from the
# person's) reaches the district and B alike, B working out the same day
# for the next contact; a contact recorded on A is pushed once, with its
# follow-up service once, however the push is replayed (sent again with
# --resend, or its answer lost on the way), and B's next contact moves
# when it pulls it; the same person's file opened offline on B is the same
# record, not a second one; two terminals that change one plan offline
# converge in either order of sync, each step's other fields kept and the
# losing due date in the conflict journal. The records are written by
# build/tests/casework, which calls the store's functions as the screens do.
# Usage: sh tests/sync/casefile.sh BINARY [TOOLS_DIR]
set -u
. "$(dirname "$0")/lib.sh"
sync_init "$@"
[ -x "$TOOLS/casework" ] || bail "no test tool $TOOLS/casework; run make tests"
pg_start
server_setup

printf '%s\n' "$PASSWORD" | jdd account add liming --name 李明 --office 110105 --role clerk \
    >"$tmp/account.out" 2>&1 ||
    fail "jobdeskd account add liming" "$(cat "$tmp/account.out")"
new_terminal A 110105-01
new_terminal B 110105-02

# casework NAME ARGS...: build/tests/casework on terminal NAME as liming.
casework() {
	_t=$1
	shift
	printf '%s\n' "$PASSWORD" | "$TOOLS/casework" --config "$tmp/t/$_t/jobdesk.ini" \
	    --db "$tmp/t/$_t/jobdesk.db" liming "$@" 2>"$tmp/t/$_t/casework.err"
}

# The columns of a plan the tests compare, in this order.
PCOLS="seeker_id caseworker goal step_1 step_1_who step_1_due step_1_status step_2
    step_2_status status office created_by registered_on deleted"

t_rec() {
	tsql "$1" "SELECT $(echo $4 | sed 's/ /, /g') FROM $2 WHERE id = '$3'"
}

s_rec() {
	_sel=
	for _c in $3; do
		if [ "$_c" = deleted ]; then
			_e="CASE WHEN deleted THEN '1' ELSE '0' END"
		else
			_e="coalesce(fields->>'$_c', '')"
		fi
		_sel="${_sel:+$_sel, }$_e"
	done
	pq "SELECT concat_ws('|', $_sel) FROM record WHERE tbl = '$1' AND key = '$2'"
}

refused() {
	tsql "$1" "SELECT tbl || ' ' || op || ': ' || reason FROM sync_rejected ORDER BY seq"
}

# s_count TABLE: the district's records of a table.
s_count() {
	pq "SELECT count(*) FROM record WHERE tbl = '$1'"
}

# t_due NAME: the next due day a terminal keeps on the plan.
t_due() {
	tsql "$1" "SELECT next_due FROM assistance_plan WHERE id = '$p1'"
}

today=$(date +%Y-%m-%d)
earlier=$(date -d '-45 days' +%Y-%m-%d)
s1=$(idnum 11010519700101101)
printf 'id_number,name,phone,education,category,hardship,hardship_basis\n%s,张伟,13800000001,21,unemployed,older,京人社就发2020-12\n' \
    "$s1" >"$tmp/seekers.csv"
t_import A seekers "$tmp/seekers.csv"
sync_all A B

# ============================================================================
echo "-- a case file opened on A"
p1=$(casework A open "$s1")
check "A opens the case file" test -n "$p1"
[ -n "$p1" ] || bail "no case file to go on with" "$tmp/t/A/casework.err"
r=$(casework A plan "$s1" goal=三个月内稳定就业 step_1=参加保洁技能培训 step_1_due=2099-03-31 \
    step_2=推荐公益性岗位)
check "A writes the plan's goal and two steps" is "$r" saved
sync_ok A "A pushes the case file"
check "the district took it: nothing refused" is "$(refused A)" ""
check "the district holds the plan as A does" is "$(s_rec assistance_plan "$p1" "$PCOLS")" \
    "$(t_rec A assistance_plan "$p1" "$PCOLS")"
sync_ok B "B pulls"
check "B holds the plan with the same fields" is "$(t_rec B assistance_plan "$p1" "$PCOLS")" \
    "$(t_rec A assistance_plan "$p1" "$PCOLS")"
check "B works out the same next due day" is "$(t_due B)" "$(t_due A)"
r=$(casework B open "$s1")
check "opened again on B, the file is the same record" is "$r" "$p1"
check "and nothing new waits on B" is "$(tsql B "SELECT count(*) FROM outbox")" 0

# ============================================================================
echo "-- a contact recorded on A, pushed once"
due_before=$(t_due B)
r=$(casework A contact "$s1" "$earlier" phone seeking 电话联系，仍在找保洁类工作。)
check "A records a contact six weeks ago" is "$r" recorded
due_a=$(t_due A)
check "A's next contact moved from the contact's day" test "$due_a" != "$due_before"
sync_ok A "A pushes the contact"
check "the district holds the contact once, with its note" is \
    "$(pq "SELECT count(*) || ' ' || min(fields->>'note') FROM record WHERE tbl = 'case_contact'")" \
    "1 电话联系，仍在找保洁类工作。"
check "and its follow-up service once" is \
    "$(pq "SELECT count(*) FROM record WHERE tbl = 'service_event' AND fields->>'type' = 'follow_up'")" 1
sync_ok B "B pulls the first contact"
check "B's next contact moved to a month after it, as A's did" is "$(t_due B)" "$due_a"
check "which is overdue now, not the day before the contact" test "$due_a" != "$due_before"
nrec=$(pq "SELECT count(*) FROM record")
if jd_sync A --resend >"$tmp/t/A/sync.out" 2>"$tmp/t/A/sync.err"; then
	ok "jobdesk sync --resend on A"
else
	fail "jobdesk sync --resend on A" "$(cat "$tmp/t/A/sync.err")"
fi
check "sent again, no record more at the district" is "$(pq "SELECT count(*) FROM record")" "$nrec"
# A second contact whose answer is lost: the retry sends the same push.
start_proxy /v1/push drop 1
via_proxy A
r=$(casework A contact "$s1" "$today" window seeking 来窗口了解培训。)
check "A records today's contact" is "$r" recorded
t_sync A
check "the proxy lost the answer to A's push" grep -q ' POST /v1/push 200 drop ' "$tmp/proxy.log"
t_sync A
stop_proxy
direct A
check "after the retry A's outbox is empty" is "$(tsql A "SELECT count(*) FROM outbox")" 0
check "the district holds two contacts and two follow-up services, none twice" is \
    "$(s_count case_contact) $(pq "SELECT count(*) FROM record WHERE tbl = 'service_event' AND fields->>'type' = 'follow_up'")" \
    "2 2"
sync_ok B "B pulls the contacts"
check "B holds both contacts" is "$(tsql B "SELECT count(*) FROM case_contact")" 2
check "B's next contact moved as A's did" is "$(t_due B)" "$(t_due A)"
sync_ok B "B pulls again"
check "pulled again, still two" is "$(tsql B "SELECT count(*) FROM case_contact")" 2

# ============================================================================
# Offline, A marks step 1 done and moves its due date; B, later, rewords
# step 2 and moves step 1's due date elsewhere: both steps' changes stay,
# the due date changed at both is B's everywhere and A's is journaled.
plan_round() {
	_label=$1 _order1=$2 _order2=$3 _da=$4 _db=$5 _text=$6
	echo "-- one plan changed offline on A and on B, then synced $_label"
	r=$(casework A plan "$s1" step_1_status=done step_1_due="$_da")
	check "$_label: A marks step 1 done, due $_da" is "$r" saved
	msleep 30
	r=$(casework B plan "$s1" step_2="$_text" step_1_due="$_db")
	check "$_label: B rewords step 2, step 1 due $_db" is "$r" saved
	quiet_sync "$_order1" "$_order2" "$_order1" "$_order2"
	_want="done|$_db|$_text|open"
	for _t in A B; do
		check "$_label: $_t holds step 1 done, B's due date, B's step 2" is \
		    "$(tsql "$_t" "SELECT step_1_status, step_1_due, step_2, step_2_status
		    FROM assistance_plan WHERE id = '$p1'")" "$_want"
		check "$_label: $_t's conflict journal has A's due date lost to B's" is \
		    "$(tsql "$_t" "SELECT lost_value || ' < ' || won_value FROM conflict
		    WHERE tbl = 'assistance_plan' AND row_id = '$p1' AND field = 'step_1_due'
		    AND lost_value = '$_da'")" "$_da < $_db"
		check "$_label: $_t journals neither step 1's status nor step 2's words" is \
		    "$(tsql "$_t" "SELECT count(*) FROM conflict WHERE tbl = 'assistance_plan'
		    AND field IN ('step_1_status', 'step_2', 'step_2_status')")" 0
	done
	check "$_label: A and B hold the whole plan alike" is \
	    "$(t_rec A assistance_plan "$p1" "$PCOLS")" "$(t_rec B assistance_plan "$p1" "$PCOLS")"
	check "$_label: and as the district does" is "$(s_rec assistance_plan "$p1" "$PCOLS")" \
	    "$(t_rec A assistance_plan "$p1" "$PCOLS")"
	check "$_label: the district journaled it once" is \
	    "$(pq "SELECT count(*) FROM record WHERE tbl = 'conflict' AND fields->>'id' = '$p1'
	    AND fields->>'field' = 'step_1_due' AND fields->>'lost_value' = '$_da'")" 1
	r=$(casework A plan "$s1" step_1_status=open)
	quiet_sync A B
}
plan_round "A first" A B "$(date -d '+8 days' +%Y-%m-%d)" "$(date -d '+9 days' +%Y-%m-%d)" \
    推荐两个公益性岗位
plan_round "B first" B A "$(date -d '+10 days' +%Y-%m-%d)" "$(date -d '+11 days' +%Y-%m-%d)" \
    推荐三个公益性岗位并跟进面试
check "nothing refused on either terminal" is "$(refused A)$(refused B)" ""
finish
