#!/bin/sh
# Guidance sessions and interest inventories through the district (issue
# 12, Sync): a session with a two-step plan recorded on A by a counsellor
# with a grade reaches the server and B with the same fields, and its
# guidance service once; a push sent again (jobdesk sync --resend, an
# answer lost on the way) changes nothing and counts no second service;
# two terminals that change one plan offline converge in either order of
# sync, each step's other fields kept and the losing due date in the
# conflict journal; the changes of an account the district has taken the
# grade from are parked with that reason, and nothing of them (nor the
# service they would give) reaches the district; an inventory answered
# in part on A and finished on B comes back to A whole, scored as the
# instrument says. The vacancy's match list is the same before and after
# one of its seekers is given an inventory (guidance, never a filter).
# Sessions and inventories are written by build/tests/counsel, which
# calls the store's functions as the screens do.
# Usage: sh tests/sync/guidance.sh BINARY [TOOLS_DIR]
set -u
. "$(dirname "$0")/lib.sh"
sync_init "$@"
[ -x "$TOOLS/counsel" ] || bail "no test tool $TOOLS/counsel; run make tests"
pg_start
server_setup

# A counsellor of the district (助理职业指导师, grade 3), whose account
# reaches every terminal of the district with its signing key.
printf '%s\n' "$PASSWORD" | jdd account add liming --name 李明 --office 110105 --role clerk \
    --grade 3 >"$tmp/account.out" 2>&1 ||
    fail "jobdeskd account add liming --grade 3" "$(cat "$tmp/account.out")"
new_terminal A 110105-01
new_terminal B 110105-02

# counsel NAME ARGS...: build/tests/counsel on terminal NAME as liming;
# its output on stdout, its messages in $tmp/t/NAME/counsel.err.
counsel() {
	_t=$1
	shift
	printf '%s\n' "$PASSWORD" | "$TOOLS/counsel" --config "$tmp/t/$_t/jobdesk.ini" \
	    --db "$tmp/t/$_t/jobdesk.db" liming "$@" 2>"$tmp/t/$_t/counsel.err"
}

# The columns of a session the tests compare, in this order.
GCOLS="seeker_id workshop held_on kind topics notes notes_2 notes_3 next_appointment step_1 step_1_due
    step_1_status step_2 step_2_due step_2_status step_3 step_3_status office created_by
    registered_on deleted"
ICOLS="seeker_id instrument answers status scores code done_on office created_by registered_on"

# t_rec NAME TABLE ID COLUMNS: a record's columns on a terminal, "|" between them.
t_rec() {
	tsql "$1" "SELECT $(echo $4 | sed 's/ /, /g') FROM $2 WHERE id = '$3'"
}

# s_rec TABLE ID COLUMNS: the same columns of the district's record ("deleted" its tombstone flag).
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

# t_events NAME SEEKER_ID: the seeker's guidance services on a terminal, their ids.
t_events() {
	tsql "$1" "SELECT id FROM service_event WHERE type = 'guidance' AND seeker_id = '$2'
	    ORDER BY id"
}

# s_events SEEKER_ID: the same at the district.
s_events() {
	pq "SELECT key FROM record WHERE tbl = 'service_event' AND fields->>'type' = 'guidance'
	    AND fields->>'seeker_id' = '$1' ORDER BY key"
}

# has_line TEXT LINE: one line of TEXT is LINE (TEXT shown when not).
has_line() {
	printf '%s\n' "$1" | grep -Fqx -- "$2" && return 0
	printf '     no line "%s" in:\n' "$2"
	printf '%s\n' "$1" | sed 's/^/       | /'
	return 1
}

# refused NAME: the refusals a terminal keeps, "TABLE OP: REASON" a line.
refused() {
	tsql "$1" "SELECT tbl || ' ' || op || ': ' || reason FROM sync_rejected ORDER BY seq"
}

today=$(date +%Y-%m-%d)
due1=$(date -d '+7 days' +%Y-%m-%d)
due2=$(date -d '+14 days' +%Y-%m-%d)
next=$(date -d '+21 days' +%Y-%m-%d)

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
printf 'employer_uscc,occupation,title,headcount,wage_min,wage_max,valid_until\n%s,4-01-02,收银员,3,4000,5000,2099-12-31\n' \
    "$e1" >"$tmp/vac.csv"
t_import A seekers "$tmp/seekers.csv"
t_import A employers "$tmp/emp.csv"
t_import A vacancies "$tmp/vac.csv"
sync_all A B
check "the counsellor reached both terminals with the grade" is \
    "$(tsql A "SELECT guidance_grade FROM account WHERE login = 'liming'") $(tsql B \
    "SELECT guidance_grade FROM account WHERE login = 'liming'")" "3 3"
id1=$(seeker_id A "$s1")
id2=$(seeker_id A "$s2")
id3=$(seeker_id A "$s3")
id4=$(seeker_id A "$s4")
id5=$(seeker_id A "$s5")

# ============================================================================
# Its notes hold a quotation mark and backslashes, which JSON escapes: the
# signature made on A must still be the district's reading of the change.
echo "-- a session with a two-step plan, recorded on A"
g1=$(counsel A session "$s1" held_on="$today" kind=individual topics=简历修改、面试准备 \
    notes=求职意向明确，缺少面试经验。 notes_3='简历放在 D:\简历\"新"版 里' next_appointment="$next" \
    step_1=修改简历 step_1_due="$due1" step_2=参加招聘会 step_2_due="$due2")
check "A records the session" test -n "$g1"
[ -n "$g1" ] || bail "no session to go on with" "$tmp/t/A/counsel.err"
check "the session's plan: two steps, both open" is \
    "$(tsql A "SELECT step_1_status || ' ' || step_2_status || ' [' || step_3_status || ']'
    FROM guidance WHERE id = '$g1'")" "open open []"
check "the session and its service wait on A signed by the counsellor" is \
    "$(tsql A "SELECT group_concat(tbl || ' ' || author, ', ') FROM
    (SELECT * FROM outbox ORDER BY seq)")" "guidance liming, service_event liming"
sync_ok A "A pushes the session"
check "the district took it: nothing refused" is "$(refused A)" ""
check "the district holds the session as A does" is "$(s_rec guidance "$g1" "$GCOLS")" \
    "$(t_rec A guidance "$g1" "$GCOLS")"
check "and says who wrote each field of it" is \
    "$(pq "SELECT string_agg(DISTINCT a.value, ',') FROM record r, jsonb_each_text(r.authors) a
    WHERE r.tbl = 'guidance' AND r.key = '$g1'")" liming
ev1=$(t_events A "$id1")
check "A gave the seeker one guidance service" is "$(echo "$ev1" | grep -c .)" 1
check "the district has that service once" is "$(s_events "$id1")" "$ev1"
sync_ok B "B pulls"
check "B holds the session with the same fields" is "$(t_rec B guidance "$g1" "$GCOLS")" \
    "$(t_rec A guidance "$g1" "$GCOLS")"
check "B has the same service, once" is "$(t_events B "$id1")" "$ev1"
check "B's copy of the session is no change of its own" is \
    "$(tsql B "SELECT count(*) FROM outbox")" 0

# ============================================================================
echo "-- a push sent again changes nothing"
before=$(s_rec guidance "$g1" "$GCOLS")
stamps=$(pq "SELECT stamps::text FROM record WHERE tbl = 'guidance' AND key = '$g1'")
nrec=$(pq "SELECT count(*) FROM record")
nconf=$(pq "SELECT count(*) FROM record WHERE tbl = 'conflict'")
kept=$(tsql A "SELECT count(*) FROM outbox_sent")
check "A keeps the session and its service among what it sent" is \
    "$(tsql A "SELECT count(*) FROM outbox_sent WHERE row_id IN ('$g1', '$ev1')")" 2
if jd_sync A --resend >"$tmp/t/A/sync.out" 2>"$tmp/t/A/sync.err"; then
	ok "jobdesk sync --resend on A"
else
	fail "jobdesk sync --resend on A" "$(cat "$tmp/t/A/sync.err")"
fi
check "--resend sent all of them again" has \
    "$tmp/t/A/sync.err" "$kept changes the server acknowledged are sent again"
check "the session at the district is as it was" is "$(s_rec guidance "$g1" "$GCOLS")" "$before"
check "with the same stamps" is \
    "$(pq "SELECT stamps::text FROM record WHERE tbl = 'guidance' AND key = '$g1'")" "$stamps"
check "no record more at the district (no second service)" is "$(pq "SELECT count(*) FROM record")" \
    "$nrec"
check "the service is still there once" is "$(s_events "$id1")" "$ev1"
check "nothing journaled as a conflict" is \
    "$(pq "SELECT count(*) FROM record WHERE tbl = 'conflict'")" "$nconf"
check "nothing refused" is "$(refused A)" ""
# A change whose answer is lost: the round's retry sends the same push.
start_proxy /v1/push drop 1
via_proxy A
r=$(counsel A change "$g1" notes_2=第二次来访前准备一份作品集。)
check "A changes the session's notes" is "$r" saved
t_sync A
check "the proxy lost the answer to A's push" grep -q ' POST /v1/push 200 drop ' "$tmp/proxy.log"
t_sync A
stop_proxy
direct A
check "after the retry A's outbox is empty" is "$(tsql A "SELECT count(*) FROM outbox")" 0
check "the change is at the district" is \
    "$(pq "SELECT fields->>'notes_2' FROM record WHERE tbl = 'guidance' AND key = '$g1'")" \
    第二次来访前准备一份作品集。
check "once: no record more, no conflict" is \
    "$(pq "SELECT count(*) FROM record") $(pq "SELECT count(*) FROM record WHERE tbl = 'conflict'")" \
    "$nrec $nconf"
check "the change gave no second service" is "$(s_events "$id1")" "$ev1"
sync_all B A
check "B has the change, and still one service" is \
    "$(tsql B "SELECT notes_2 FROM guidance WHERE id = '$g1'") $(t_events B "$id1")" \
    "第二次来访前准备一份作品集。 $ev1"

# ============================================================================
# Offline, A marks step 1 done and moves its due date; B, later, rewords
# step 2 and moves step 1's due date elsewhere. Step 1's status and step
# 2's words are different fields: both kept. The due date is one field
# changed on two terminals: the later change (B's) wins everywhere, and
# A's date is journaled. Round 1 syncs A first, round 2 B first.
plan_round() {
	_label=$1 _order1=$2 _order2=$3 _da=$4 _db=$5 _text=$6
	echo "-- one plan changed offline on A and on B, then synced $_label"
	r=$(counsel A change "$g1" step_1_status=done step_1_due="$_da")
	check "$_label: A marks step 1 done, due $_da" is "$r" saved
	msleep 30
	r=$(counsel B change "$g1" step_2="$_text" step_1_due="$_db")
	check "$_label: B rewords step 2, step 1 due $_db" is "$r" saved
	quiet_sync "$_order1" "$_order2" "$_order1" "$_order2"
	_want="done|$_db|$_text|open"
	for _t in A B; do
		check "$_label: $_t holds step 1 done, B's due date, B's step 2" is \
		    "$(tsql "$_t" "SELECT step_1_status, step_1_due, step_2, step_2_status
		    FROM guidance WHERE id = '$g1'")" "$_want"
	done
	check "$_label: the district holds the same" is "$(s_rec guidance "$g1" \
	    "step_1_status step_1_due step_2 step_2_status")" "$_want"
	check "$_label: A and B hold the whole session alike" is \
	    "$(t_rec A guidance "$g1" "$GCOLS")" "$(t_rec B guidance "$g1" "$GCOLS")"
	check "$_label: and as the district does" is "$(s_rec guidance "$g1" "$GCOLS")" \
	    "$(t_rec A guidance "$g1" "$GCOLS")"
	for _t in A B; do
		check "$_label: $_t's conflict journal has A's due date lost to B's" is \
		    "$(tsql "$_t" "SELECT lost_value || ' < ' || won_value FROM conflict
		    WHERE tbl = 'guidance' AND row_id = '$g1' AND field = 'step_1_due'
		    AND lost_value = '$_da'")" "$_da < $_db"
		check "$_label: $_t journals neither step 1's status nor step 2's words" is \
		    "$(tsql "$_t" "SELECT count(*) FROM conflict WHERE tbl = 'guidance'
		    AND field IN ('step_1_status', 'step_2', 'step_2_status')")" 0
	done
	check "$_label: the district journaled it once" is \
	    "$(pq "SELECT count(*) FROM record WHERE tbl = 'conflict' AND fields->>'id' = '$g1'
	    AND fields->>'field' = 'step_1_due' AND fields->>'lost_value' = '$_da'")" 1
	check "$_label: no service came of the changes" is \
	    "$(s_events "$id1") $(t_events A "$id1") $(t_events B "$id1")" "$ev1 $ev1 $ev1"
	# Step 1 open again for the next round, on both.
	r=$(counsel A change "$g1" step_1_status=open)
	quiet_sync A B
}
plan_round "A first" A B "$(date -d '+8 days' +%Y-%m-%d)" "$(date -d '+9 days' +%Y-%m-%d)" \
    参加两场招聘会
plan_round "B first" B A "$(date -d '+10 days' +%Y-%m-%d)" "$(date -d '+11 days' +%Y-%m-%d)" \
    参加三场招聘会并投递简历
check "nothing refused on either terminal" is "$(refused A)$(refused B)" ""

# ============================================================================
# The inventory's items by theme, from the shipped file: S answered 5
# (like a lot), E 4, C 3, R 2, I and A 1, so the instrument's arithmetic
# gives S=100 E=75 C=50 R=25 I=0 A=0 and the code SEC.
answers=$(awk -F' *= *' '/^\[item\./ { item = 1 } item && $1 == "theme" {
	printf "%s", ($2 == "S" ? 5 : $2 == "E" ? 4 : $2 == "C" ? 3 : $2 == "R" ? 2 : 1)
	item = 0 }' "$ROOT/forms/interest.inventory")
nitems=${#answers}
half=$((nitems / 2))
dashes=$(printf '%*s' "$((nitems - half))" '' | tr ' ' -)
first=$(printf '%s' "$answers" | cut -c "1-$half")$dashes
rest=$(printf '%*s' "$half" '' | tr ' ' -)$(printf '%s' "$answers" | cut -c "$((half + 1))-")
check "the shipped inventory has items of every theme ($nitems)" test "$nitems" -ge 12

echo "-- an inventory answered in part on A, finished on B"
r=$(counsel A answer "$s2" "$first")
inv=${r%% *}
check "A begins the inventory and keeps the first $half answers" is "${r#* }" "in_progress -"
sync_ok A "A pushes the inventory in progress"
check "the district holds it in progress as A does" is "$(s_rec inventory "$inv" "$ICOLS")" \
    "$(t_rec A inventory "$inv" "$ICOLS")"
check "no service yet for an inventory in progress" is "$(s_events "$id2")" ""
sync_ok B "B pulls the inventory in progress"
check "B holds it as A does" is "$(t_rec B inventory "$inv" "$ICOLS")" \
    "$(t_rec A inventory "$inv" "$ICOLS")"
# B finishes it; the answer to B's push is lost once, so the push goes twice.
start_proxy /v1/push drop 1
via_proxy B
r=$(counsel B answer "$s2" "$rest")
check "B goes on with the same inventory and finishes it: code SEC" is "$r" "$inv done SEC"
t_sync B
check "the proxy lost the answer to B's push" grep -q ' POST /v1/push 200 drop ' "$tmp/proxy.log"
t_sync B
stop_proxy
direct B
check "after the retry B's outbox is empty" is "$(tsql B "SELECT count(*) FROM outbox")" 0
sync_ok A "A pulls the finished inventory"
check "A has it done, scored S=100 E=75 C=50 R=25 I=0 A=0, code SEC" is \
    "$(tsql A "SELECT status || ' ' || code || ' ' || scores FROM inventory WHERE id = '$inv'")" \
    "done SEC R=25 I=0 A=0 S=100 E=75 C=50"
check "with every answer, A's and B's" is "$(tsql A "SELECT answers FROM inventory
    WHERE id = '$inv'")" "$answers"
check "A and B hold the inventory alike" is "$(t_rec A inventory "$inv" "$ICOLS")" \
    "$(t_rec B inventory "$inv" "$ICOLS")"
check "and as the district does" is "$(s_rec inventory "$inv" "$ICOLS")" \
    "$(t_rec A inventory "$inv" "$ICOLS")"
ev2=$(t_events B "$id2")
check "B gave one guidance service for the inventory" is "$(echo "$ev2" | grep -c .)" 1
check "the district has it once, though the push went twice" is "$(s_events "$id2")" "$ev2"
check "A has it once" is "$(t_events A "$id2")" "$ev2"
check "the inventory's sync refused nothing" is "$(refused A)$(refused B)" ""
inv_before=$(s_rec inventory "$inv" "$ICOLS")
nrec=$(pq "SELECT count(*) FROM record")
if jd_sync B --resend >"$tmp/t/B/sync.out" 2>"$tmp/t/B/sync.err"; then
	ok "jobdesk sync --resend on B"
else
	fail "jobdesk sync --resend on B" "$(cat "$tmp/t/B/sync.err")"
fi
check "B's finishing push sent again: the inventory at the district is as it was" is \
    "$(s_rec inventory "$inv" "$ICOLS")" "$inv_before"
check "no record more at the district, the service still once" is \
    "$(pq "SELECT count(*) FROM record") $(s_events "$id2")" "$nrec $ev2"

# ============================================================================
echo "-- the vacancy's match list is not changed by an inventory"
v1=$(tsql A "SELECT id FROM vacancy WHERE title = '收银员'")
jd A match vacancy "$v1" >"$tmp/match.before" 2>&1 ||
    fail "jobdesk match vacancy on A" "$(cat "$tmp/match.before")"
check "the list has the seekers who want the occupation" has "$tmp/match.before" 刘洋
r=$(counsel A answer "$s4" "$answers")
check "刘洋 is given an inventory on A, code SEC" is "${r#* }" "done SEC"
jd A match vacancy "$v1" >"$tmp/match.after" 2>&1 ||
    fail "jobdesk match vacancy on A" "$(cat "$tmp/match.after")"
check "the list is the same after it, rank for rank" same "$tmp/match.before" "$tmp/match.after"
quiet_sync A B

# ============================================================================
# The district takes liming's grade away; A, not synced since, still holds
# it and lets liming record a session, change the plan of another, begin
# an inventory and answer one in progress. Every one of these is the
# district's to refuse by the grade it knows.
echo "-- the changes of an account the district has taken the grade from"
r=$(counsel A answer "$s5" "$first")
inv5=${r%% *}
check "an inventory of 杨磊 in progress, from before" is "${r#* }" "in_progress -"
quiet_sync A B
pq "UPDATE account SET guidance_grade = '' WHERE login = 'liming'" >/dev/null
nrec=$(pq "SELECT count(*) FROM record")
g1_before=$(s_rec guidance "$g1" "$GCOLS")
inv5_before=$(s_rec inventory "$inv5" "$ICOLS")
g3=$(counsel A session "$s3" held_on="$today" kind=job_search step_1=投递三份简历 \
    step_1_due="$due1")
check "offline, A records a session by the grade it knows" test -n "$g3"
r=$(counsel A change "$g1" step_2_status=done)
check "and changes the plan of another" is "$r" saved
r=$(counsel A answer "$s3" "$first")
check "and begins an inventory" is "${r#* }" "in_progress -"
r=$(counsel A answer "$s5" "$rest")
check "and finishes one in progress" is "${r#* }" "done SEC"
# The district's supervisor, who never had a grade, changes the plan too:
# an entry made by hand (typed with blanks, keys out of order), which the
# sync signs as wangfang's. Refused for the grade, not for its signature.
outbox_add A guidance "$g1" update '{"step_2_status": "dropped", "notes_4": "主管补记"}'
t_sync A
check "the round says what the district refused" has "$tmp/t/A/sync.err" "refused by the server"
check "the supervisor's change is refused for the grade" has_line "$(refused A)" \
    "guidance update: guidance session: only an account with a career guidance grade may record one; account wangfang has no grade"
check "the new session is refused for the grade" has_line "$(refused A)" \
    "guidance insert: guidance session: only an account with a career guidance grade may record one; account liming has no grade"
check "the change of a session is refused for the grade" has_line "$(refused A)" \
    "guidance update: guidance session: only an account with a career guidance grade may record one; account liming has no grade"
check "the new inventory is refused for the grade" has_line "$(refused A)" \
    "inventory insert: interest inventory: only an account with a career guidance grade may record one; account liming has no grade"
check "the answers to an inventory are refused for the grade" has_line "$(refused A)" \
    "inventory update: interest inventory: only an account with a career guidance grade may record one; account liming has no grade"
check "the services they would give are refused with them" is \
    "$(refused A | grep -c '^service_event insert: .*career guidance grade')" 2
check "every refusal names the grade" is "$(refused A | grep -vc 'career guidance grade')" 0
check "the district has no record more" is "$(pq "SELECT count(*) FROM record")" "$nrec"
check "no session of 王芳 at the district" is \
    "$(pq "SELECT count(*) FROM record WHERE tbl = 'guidance' AND fields->>'seeker_id' = '$id3'")" 0
check "the plan at the district is as it was" is "$(s_rec guidance "$g1" "$GCOLS")" "$g1_before"
check "the inventory in progress is as it was" is "$(s_rec inventory "$inv5" "$ICOLS")" \
    "$inv5_before"
check "no service given to 王芳 or 杨磊 at the district" is "$(s_events "$id3")$(s_events "$id5")" ""
check "the refusals are parked at the district with the reason" is \
    "$(pq "SELECT count(*) FROM parked WHERE reason LIKE '%career guidance grade%'")" \
    "$(refused A | grep -c .)"
sync_ok B "B pulls"
check "B has nothing of them" is "$(tsql B "SELECT count(*) FROM guidance WHERE id = '$g3'")
$(tsql B "SELECT step_2_status FROM guidance WHERE id = '$g1'")
$(tsql B "SELECT status FROM inventory WHERE id = '$inv5'")
$(t_events B "$id3")$(t_events B "$id5")" "0
open
in_progress
"
finish
