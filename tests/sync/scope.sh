#!/bin/sh
# The scoped replica (issue 14): a street terminal enrolled with a scope
# pulls the full records of its street only, the identity index of the
# rest of the district (record id, office, status, validity: no name, no
# ID number, no phone) and the district's open vacancies; a person
# registered in another street is recognised there offline and fetched on
# demand (audited at the district); a person who moves out of the street
# leaves the terminal once the terminal's own changes to them are pushed,
# nothing lost; jobdeskd terminal scope changes a terminal's scope at its
# next sync, and refuses an unknown office, an office that does not hold
# the terminal's, and anyone but a district administrator.
# Usage: sh tests/sync/scope.sh BINARY [TOOLS_DIR]
set -u
. "$(dirname "$0")/lib.sh"
sync_init "$@"
[ -x "$TOOLS/casework" ] || bail "no test tool $TOOLS/casework; run make tests"
pg_start
server_setup

{
	printf '%s\n' "$PASSWORD" | jdd account add zhaoli --name 赵丽 --office 110105 \
	    --role administrator &&
	printf '%s\n' "$PASSWORD" | jdd account add qianjin --name 钱进 --office 110105-01 \
	    --role administrator &&
	printf '%s\n' "$PASSWORD" | jdd account add liming --name 李明 --office 110105 \
	    --role clerk
} >"$tmp/accounts.out" 2>&1 || bail "jobdeskd account add failed" "$tmp/accounts.out"

# scode OFFICE SCOPE: a one-time code for a terminal of OFFICE with that scope.
scode() {
	jdd enroll --office "$1" --scope "$2" 2>>"$tmp/admin.log" |
	    awk 'NF { last = $NF } END { print last }'
}

# scoped_terminal NAME OFFICE SCOPE: a new database enrolled with a scope.
scoped_terminal() {
	terminal_ini "$1"
	_code=$(scode "$2" "$3")
	[ -n "$_code" ] || bail "jobdeskd enroll --office $2 --scope $3 printed no code" \
	    "$tmp/admin.log"
	jd "$1" enroll "$URL" "$_code" >"$tmp/t/$1/enroll.out" 2>&1 ||
	    bail "jobdesk enroll of terminal $1 failed" "$tmp/t/$1/enroll.out"
}

# scope_as LOGIN ID SCOPE: jobdeskd terminal scope as LOGIN (its password on stdin).
scope_as() {
	printf '%s\n' "${PW:-$PASSWORD}" | jdd terminal scope "$2" "$3" --by "$1" \
	    >"$tmp/scope.out" 2>"$tmp/scope.err"
}

# counts NAME: seekers (live), identity index entries, vacancies on a terminal.
counts() {
	tsql "$1" "SELECT (SELECT count(*) FROM seeker WHERE deleted = 0) || ' ' ||
	    (SELECT count(*) FROM identity_index) || ' ' || (SELECT count(*) FROM vacancy)"
}

# has_person NAME IDNUM: 1 when the terminal holds the person's whole record, else 0.
has_person() {
	tsql "$1" "SELECT count(*) FROM seeker WHERE id_number = '$2'"
}

# disk_has NAME TEXT: whether TEXT is anywhere in the terminal's database files.
disk_has() {
	cat "$(tdb "$1")" "$(tdb "$1")-wal" 2>/dev/null | grep -a -c -F -- "$2"
}

new_terminal P1 110105-01
new_terminal P2 110105-02
new_terminal D 110105

s1=$(idnum 11010519700101101)
s2=$(idnum 11010519710202102)
s3=$(idnum 11010519720303103)
s4=$(idnum 11010519830404104)
s5=$(idnum 11010519840505105)
e1=$(uscc 91110105MA01ABCD1)
e2=$(uscc 91110105MA01ABCE9)
{
	printf 'id_number,name,phone,education,category,hardship,hardship_basis\n'
	printf '%s,张建国,13800000001,21,unemployed,older,京人社就发2020-12\n' "$s1"
	printf '%s,李秀英,13800000002,21,unemployed,,\n' "$s2"
	printf '%s,王桂兰,13800000003,31,unemployed,,\n' "$s3"
} >"$tmp/street1.csv"
{
	printf 'id_number,name,phone,education,category\n'
	printf '%s,刘晓东,13900000004,21,graduate\n' "$s4"
	printf '%s,陈美玲,13900000005,21,unemployed\n' "$s5"
} >"$tmp/street2.csv"
printf 'uscc,name,type,industry,district,contact,phone\n%s,华联超市有限公司,private,52,110105,刘经理,13700001111\n%s,京客隆商业集团,private,52,110105,孙经理,13700002222\n' \
    "$e1" "$e2" >"$tmp/emp.csv"
{
	printf 'employer_uscc,occupation,title,headcount,wage_min,wage_max,valid_until\n'
	printf '%s,4-01-02,收银员,3,4000,5000,2099-12-31\n' "$e1"
	printf '%s,4-01-02,理货员,2,3800,4500,2099-12-31\n' "$e2"
	printf '%s,4-01-02,促销员,1,3500,4200,2099-12-31\n' "$e2"
} >"$tmp/vac.csv"
t_import P1 seekers "$tmp/street1.csv"
t_import P2 seekers "$tmp/street2.csv"
t_import P2 employers "$tmp/emp.csv"
t_import P2 vacancies "$tmp/vac.csv"
sync_all P1 P2
id1=$(seeker_id P1 "$s1")
id4=$(seeker_id P2 "$s4")
# A case file of the hardship person s1, opened at the street's window.
p1=$(printf '%s\n' "$PASSWORD" | "$TOOLS/casework" --config "$tmp/t/P1/jobdesk.ini" \
    --db "$tmp/t/P1/jobdesk.db" liming open "$s1" 2>"$tmp/casework.err")
check "a case file is opened for s1 on the street's terminal" test -n "$p1"
# One of street 2's vacancies is withdrawn before anyone scoped pulls.
v3=$(tsql P2 "SELECT id FROM vacancy WHERE title = '促销员'")
outbox_add P2 vacancy "$v3" update '{"status":"withdrawn","withdraw_reason":"cancelled"}' \
    "UPDATE vacancy SET status = 'withdrawn', withdraw_reason = 'cancelled' WHERE id = '$v3';"
sync_all P1 P2 D

# ============================================================================
echo "-- a street terminal enrolled with its street as scope"
scoped_terminal S 110105-01 110105-01
check "the code's scope is recorded for the terminal, from enrollment" is \
    "$(pq "SELECT coalesce(scope, '') || ' ' || by_whom FROM terminal t JOIN
    terminal_scope_history h ON h.terminal = t.id WHERE t.id = '$(tid S)'")" \
    "110105-01 enroll"
sync_ok S "the street terminal's first sync"
check "it holds its street's 3 people in full, 2 others in the identity index, the 2 open vacancies" \
    is "$(counts S)" "3 2 2"
check "the district terminal holds everyone, no identity index, every vacancy" \
    is "$(counts D)" "5 0 3"
check "the street terminal keeps its scope" is \
    "$(tsql S "SELECT value FROM setting WHERE key = 'scope'")" 110105-01
check "the identity index says where s4 is registered and how, nothing more" is \
    "$(tsql S "SELECT office || ' ' || status || ' ' || (valid_until <> '') FROM
    identity_index WHERE id = '$id4'")" "110105-02 registered 1"
check "the other street's people are nowhere on the street terminal's disk (names)" is \
    "$(disk_has S 刘晓东)$(disk_has S 陈美玲)" "00"
check "nor their ID numbers or phones" is \
    "$(disk_has S "$s4")$(disk_has S 13900000004)$(disk_has S 13900000005)" "000"
check "but its own people are there" test "$(disk_has S 张建国)" -gt 0
check "the case file of s1 came with s1" is \
    "$(tsql S "SELECT count(*) FROM assistance_plan WHERE seeker_id = '$id1'")" 1
check "only its own people's services: none of street 2's people" is \
    "$(tsql S "SELECT count(*) FROM service_event WHERE seeker_id IN
    (SELECT id FROM identity_index)")" 0
check "the employers of the whole district" is "$(tsql S "SELECT count(*) FROM employer")" 2
check "a district terminal's cursor is as before: epoch, xid, position" is \
    "$(tsql D "SELECT length(value) - length(replace(value, '.', ''))
    FROM setting WHERE key = 'pull_cursor'")" 3

# raw_pull NAME OUT [HEADER]: a first page for terminal NAME, as it stands
# on the server, posted by curl with the terminal's token (and HEADER).
raw_pull() {
	_tok=$(tsql "$1" "SELECT value FROM setting WHERE key = 'sync_token'")
	curl -s -o "$2" --max-time 30 -X POST -H 'Content-Type: application/json' \
	    -H "Authorization: Bearer $_tok" ${3:+-H "$3"} \
	    --data-binary '{"v":1,"cursor":"","limit":5000}' "$URL/v1/pull"
}
raw_pull S "$tmp/compact.json" "Jobdesk-Page: 2"
raw_pull S "$tmp/objects.json"
check "a terminal that asks (Jobdesk-Page: 2) gets s4's entry as a compact array" has \
    "$tmp/compact.json" "[\"$id4\",false,\"\",[\"110105-02\",\"registered\",\""
check "with no identity index entry as an object" hasnt "$tmp/compact.json" \
    '"tbl":"identity_index"'
check "an older terminal, which does not ask, gets the entry as an object" has \
    "$tmp/objects.json" "{\"tbl\":\"identity_index\",\"key\":\"$id4\""
check "and no compact entry" hasnt "$tmp/objects.json" "[\"$id4\""
check "the full records (the street's 3 people) are the same objects either way" is \
    "$(grep -o '"tbl":"seeker","key":"[^"]*"' "$tmp/compact.json" | sort | tr -d '\n')" \
    "$(grep -o '"tbl":"seeker","key":"[^"]*"' "$tmp/objects.json" | sort | tr -d '\n')"
check "which are there" is "$(grep -o '"tbl":"seeker"' "$tmp/compact.json" | wc -l)" 3

# new_street NAME WHAT: a new terminal of street 1, scoped to it, and its
# first sync (a check, named WHAT).
new_street() {
	scoped_terminal "$1" 110105-01 110105-01
	sync_ok "$1" "$2"
}

# entry_status NAME ID: the status terminal NAME's identity index has for ID.
entry_status() {
	tsql "$1" "SELECT status FROM identity_index WHERE id = '$2'"
}

# index NAME: terminal NAME's identity index, a line an entry, in id order.
index() {
	tsql "$1" "SELECT id || ' ' || office || ' ' || status || ' ' || valid_until || ' ' ||
	    deleted || ' ' || coalesce(replaced_by, '-') FROM identity_index ORDER BY id"
}
echo "-- the same street served from the records, as notes made before migration 0012"
check "each person's note carries a copy of the person, as the record has it" is \
    "$(ident_copies)" "copies 5, stale 0, without 0"
pq "CREATE TABLE saved_copy AS SELECT pos, ident_values FROM change_log;
    UPDATE change_log SET ident_values = NULL" >/dev/null
new_street S0 "a street terminal's first sync, the notes without their copy"
check "it holds the same people in full" is \
    "$(tsql S0 "SELECT group_concat(id) FROM (SELECT id FROM seeker ORDER BY id)")" \
    "$(tsql S "SELECT group_concat(id) FROM (SELECT id FROM seeker ORDER BY id)")"
check "and the same identity index, entry for entry" is "$(index S0)" "$(index S)"
pq "UPDATE change_log c SET ident_values = s.ident_values FROM saved_copy s
    WHERE s.pos = c.pos; DROP TABLE saved_copy" >/dev/null
# The copy is what goes: made to differ from s4's record, a new terminal gets it.
pq "UPDATE change_log SET ident_values = replace(ident_values, '\"registered\"', '\"placed\"')
    WHERE tbl = 'seeker' AND key = '$id4'" >/dev/null
new_street S1 "a street terminal's first sync, s4's copy changed on the server"
check "it has s4 as the copy says, not as the record does" is "$(entry_status S1 "$id4")" placed
pq "UPDATE change_log SET ident_values = replace(ident_values, '\"placed\"', '\"registered\"')
    WHERE tbl = 'seeker' AND key = '$id4'" >/dev/null
# A record changed on the server without a push (an administrator's SQL)
# has no new note: its copy goes, and the record is what is sent.
pq "UPDATE record SET fields = jsonb_set(fields, '{status}', '\"placed\"')
    WHERE tbl = 'seeker' AND key = '$id4'" >/dev/null
check "a record changed by SQL loses its note's copy" is "$(ident_copies)" \
    "copies 4, stale 0, without 1"
new_street S2 "a street terminal's first sync, s4 changed by SQL on the server"
check "it has s4 as the record now says" is "$(entry_status S2 "$id4")" placed
pq "UPDATE record SET fields = jsonb_set(fields, '{status}', '\"registered\"')
    WHERE tbl = 'seeker' AND key = '$id4'" >/dev/null

# ============================================================================
echo "-- a person registered in another street, recognised offline"
printf 'id_number,name,phone,education,category\n%s,刘晓东,13900000004,21,graduate\n' "$s4" \
    >"$tmp/again.csv"
before=$(tsql S "SELECT count(*) FROM outbox")
if jd S import seekers "$tmp/again.csv" >"$tmp/again.out" 2>"$tmp/again.err"; then
	fail "importing a person registered in street 2 is refused" "$(cat "$tmp/again.out")"
else
	ok "importing a person registered in street 2 is refused"
fi
check "the refusal says where and in what state" has "$tmp/again.err" \
    "is registered at 110105-02 呼家楼街道社区就业服务站, status registered"
check "nothing was registered: no record, no change waiting" is \
    "$(has_person S "$s4") $(tsql S "SELECT count(*) FROM outbox")" "0 $before"
sed 's/^language = en$/language = zh_CN/' "$tmp/t/S/jobdesk.ini" >"$tmp/t/S/zh.ini"
"$BIN" --config "$tmp/t/S/zh.ini" --db "$(tdb S)" import seekers "$tmp/again.csv" \
    >/dev/null 2>"$tmp/again-zh.err"
check "in Chinese too" has "$tmp/again-zh.err" "呼家楼街道社区就业服务站"
check "in Chinese, with the status in Chinese" has "$tmp/again-zh.err" "已登记"

echo "-- fetched on demand, audited at the district"
if printf '%s\n' "$PASSWORD" | jd S sync --user wangfang --fetch "$s4" >"$tmp/fetch.out" \
    2>"$tmp/fetch.err"; then
	ok "jobdesk sync --fetch of s4 on the street terminal"
else
	fail "jobdesk sync --fetch of s4 on the street terminal" "$(cat "$tmp/fetch.err")"
fi
check "it says so, with the ID number masked" has "$tmp/fetch.out" "registered at 110105-02"
check "the whole record is there now" is "$(has_person S "$s4")" 1
check "with its registration service" is \
    "$(tsql S "SELECT count(*) FROM service_event WHERE seeker_id = '$id4'")" 1
check "the district audited the fetch: terminal, account, record" is \
    "$(pq "SELECT account || ' ' || key FROM fetch_audit WHERE terminal = '$(tid S)'")" \
    "wangfang $id4"
check "and the terminal audited the view" is \
    "$(tsql S "SELECT count(*) FROM audit WHERE record_id = '$id4' AND action = 'fetch'")" 1
sync_ok S "a sync the same day"
check "the fetched record stays the day it was fetched" is "$(has_person S "$s4")" 1
tsql S "UPDATE identity_index SET fetched_on = '2000-01-01' WHERE fetched_on <> ''"
sync_ok S "a sync after the day is over"
check "then it leaves: the person, the services, the index entry back to the district's" is \
    "$(has_person S "$s4") $(tsql S "SELECT count(*) FROM service_event WHERE
    seeker_id = '$id4'") $(tsql S "SELECT office FROM identity_index WHERE id = '$id4'")" \
    "0 0 110105-02"
check "and its name is gone from the name index" is \
    "$(tsql S "SELECT count(*) FROM seeker_name_gram WHERE name = '刘晓东'")" 0
if printf '%s\n' "$PASSWORD" | jd S sync --user wangfang --fetch "$s2" >"$tmp/fetch2.out" \
    2>"$tmp/fetch2.err"; then
	fail "fetching a person the terminal holds is refused" "$(cat "$tmp/fetch2.out")"
else
	ok "fetching a person the terminal holds is refused"
fi
check "saying it is registered here" has "$tmp/fetch2.err" "is registered here"

# ============================================================================
echo "-- a person moves out of the street; the terminal's change goes first"
# On S, offline and unsigned (no account: it waits to be signed), a new phone for s1.
printf 'id_number,name,phone,education,category,hardship,hardship_basis\n%s,张建国,13800009999,21,unemployed,older,京人社就发2020-12\n' \
    "$s1" >"$tmp/phone.csv"
jd S import seekers "$tmp/phone.csv" >"$tmp/phone.out" 2>&1 ||
    fail "the phone change on S" "$(cat "$tmp/phone.out")"
check "the change waits on S, unsigned" is \
    "$(tsql S "SELECT count(*) FROM outbox WHERE row_id = '$id1' AND author = ''")" 1
# The district's supervisor moves s1 to street 2 (a transfer, as the screen sends it).
outbox_add D seeker "$id1" transfer '{"office":"110105-02","reason":"moved"}' \
    "UPDATE seeker SET office = '110105-02' WHERE id = '$id1';"
sync_ok D "the district terminal pushes the transfer"
check "the district holds s1 at street 2" is \
    "$(pq "SELECT office FROM record WHERE tbl = 'seeker' AND key = '$id1'")" 110105-02
# A round without an account: the unsigned change cannot go, the pull comes.
"$BIN" --config "$tmp/t/S/jobdesk.ini" --db "$(tdb S)" sync >"$tmp/plain.out" 2>"$tmp/plain.err"
check "the plain round pulled the move (s1 is in the identity index)" is \
    "$(tsql S "SELECT office FROM identity_index WHERE id = '$id1'")" 110105-02
check "but s1 stays on S while its change waits, with the change" is \
    "$(has_person S "$s1") $(seeker_field S "$s1" phone)" "1 13800009999"
check "and so does s1's case file" is \
    "$(tsql S "SELECT count(*) FROM assistance_plan WHERE seeker_id = '$id1'")" 1
sync_ok S "a round as the supervisor: the change signed and pushed"
check "the change reached the district" is \
    "$(pq "SELECT fields->>'phone' FROM record WHERE tbl = 'seeker' AND key = '$id1'")" \
    13800009999
check "and s1 has left S now, with the case file" is \
    "$(has_person S "$s1") $(tsql S "SELECT count(*) FROM assistance_plan WHERE
    seeker_id = '$id1'")" "0 0"
check "nothing waits on S" is "$(tsql S "SELECT count(*) FROM outbox")" 0
check "S holds 2 people, 3 in the index" is "$(counts S | cut -d' ' -f1-2)" "2 3"
check "street 2's terminal gets s1 with the change and the case file" is \
    "$(t_sync P2; seeker_field P2 "$s1" phone) $(tsql P2 "SELECT count(*) FROM
    assistance_plan WHERE seeker_id = '$id1'")" "13800009999 1"

echo "-- a person moves into the street"
outbox_add D seeker "$id4" transfer '{"office":"110105-01","reason":"moved"}' \
    "UPDATE seeker SET office = '110105-01' WHERE id = '$id4';"
sync_all D S
check "s4 is on S in full, out of the index" is \
    "$(has_person S "$s4") $(tsql S "SELECT count(*) FROM identity_index WHERE id = '$id4'")" \
    "1 0"
check "with the registration service given in street 2 before" is \
    "$(tsql S "SELECT count(*) FROM service_event WHERE seeker_id = '$id4'")" 1

# ============================================================================
echo "-- vacancies: the district's open ones"
v1=$(tsql P2 "SELECT id FROM vacancy WHERE title = '收银员'")
check "the withdrawn vacancy of street 2 never came to S" is \
    "$(tsql S "SELECT count(*) FROM vacancy WHERE id = '$v3'")" 0
outbox_add P2 vacancy "$v1" update '{"status":"withdrawn","withdraw_reason":"cancelled"}' \
    "UPDATE vacancy SET status = 'withdrawn', withdraw_reason = 'cancelled' WHERE id = '$v1';"
sync_all P2 S
check "one withdrawn since leaves S" is "$(tsql S "SELECT count(*) FROM vacancy WHERE id = '$v1'")" 0
check "the district terminal keeps every vacancy" is \
    "$(t_sync D; tsql D "SELECT count(*) FROM vacancy")" 3

# ============================================================================
echo "-- jobdeskd terminal scope"
tT=$(tid P2)
n_hist=$(pq "SELECT count(*) FROM terminal_scope_history")
gen=$(pq "SELECT scope_gen FROM terminal WHERE id = '$tT'")
refused() {
	_what=$1
	shift
	if scope_as "$@"; then
		fail "$_what is refused" "$(cat "$tmp/scope.out")"
	else
		ok "$_what is refused"
	fi
}
refused "an unknown office" zhaoli "$tT" 110105-99
check "naming it" has "$tmp/scope.err" 'unknown office "110105-99"'
refused "a supervisor" wangfang "$tT" 110105-02
check "saying whose act it is" has "$tmp/scope.err" "set by a district administrator; wangfang is a supervisor"
refused "a street's administrator" qianjin "$tT" 110105-02
check "saying it is not the district's" has "$tmp/scope.err" "not of the district"
PW=wrong-password refused "a wrong password" zhaoli "$tT" 110105-02
refused "an office that does not hold the terminal's" zhaoli "$tT" 110105-01
check "saying why" has "$tmp/scope.err" "does not hold the terminal's own office 110105-02"
refused "another district's office" zhaoli "$tT" 110108
refused "an unknown terminal" zhaoli 00000000-0000-4000-8000-000000000000 110105-02
check "nothing was changed or recorded by any of them" is \
    "$(pq "SELECT count(*) FROM terminal_scope_history") $(pq "SELECT scope_gen FROM
    terminal WHERE id = '$tT'")" "$n_hist $gen"

check "the district administrator scopes street 2's terminal to its street" scope_as zhaoli \
    "$tT" 110105-02
check "recorded, by whom, from what to what" is \
    "$(pq "SELECT coalesce(scope_from, 'district') || ' ' || scope_to || ' ' || by_whom FROM
    terminal_scope_history WHERE terminal = '$tT' ORDER BY id DESC LIMIT 1")" \
    "district 110105-02 zhaoli"
jdd terminal list >"$tmp/tlist.out" 2>&1
check "terminal list shows it" has "$tmp/tlist.out" "scope 110105-02"
check "before its next sync the terminal still holds everyone" is "$(counts P2 | cut -d' ' -f1)" 5
sync_ok P2 "the terminal's next sync"
check "then street 2's people in full (s1, s2... moved: s1, s5), the rest in the index" is \
    "$(counts P2 | cut -d' ' -f1-2)" "2 3"
check "the person of street 1 is no longer on it" is "$(has_person P2 "$s2")" 0
check "the scope is kept there" is \
    "$(tsql P2 "SELECT value FROM setting WHERE key = 'scope'")" 110105-02
check "back to the whole district" scope_as zhaoli "$tT" district
sync_ok P2 "the next sync after that"
check "everyone in full again, no identity index" is "$(counts P2 | cut -d' ' -f1-2)" "5 0"
check "with street 1's people's services" is \
    "$(tsql P2 "SELECT count(*) FROM service_event WHERE seeker_id = '$(seeker_id S "$s2")'")" 1

# --- a street's first sync: its pages weigh the index's entries lightly ------
# A street's first sync is mostly entries of the identity index, each a
# twentieth of a whole record: its pages of entries hold up to twenty
# times page_size records (fewer pages, each with its fixed cost), and the
# terminal ends up with every one of them.
seekers_csv 60 9000 >"$tmp/many.csv"
t_import P2 seekers "$tmp/many.csv"
sync_ok P2 "street 2 registers 60 more people"
scoped_terminal W 110105-01 110105-01
printf 'page_size = 10\n' >>"$tmp/t/W/jobdesk.ini"
log=$tmp/state/jobdesk/jobdesk.log
lmark=$(wc -l <"$log" 2>/dev/null || echo 0)
smark=$(wc -l <"$tmp/server.log")
sync_ok W "a new street terminal's first sync, in pages of 10"
# The server builds each next page while the terminal applies one
# (server/pull-ahead.c), and its log says which pages were served so.
wpulls=$(tail -n +"$((smark + 1))" "$tmp/server.log" | grep "POST /v1/pull 200 .* terminal $(tid W) ")
wahead=$(printf '%s\n' "$wpulls" | grep -c ', page built ahead')
check "the server served some of its $(printf '%s\n' "$wpulls" | wc -l) pages built ahead ($wahead)" \
    test "$wahead" -gt 0
biggest=$(tail -n +"$((lmark + 1))" "$log" | sed -n 's/.*sync: pulled \([0-9]*\) record(s).*/\1/p' |
    sort -n | tail -n 1)
check "its pages of entries held more than 10 records ($biggest at most)" \
    test "${biggest:-0}" -gt 10 -a "${biggest:-0}" -le 200
check "it holds every person of the district, in full or as an entry" is \
    "$(tsql W "SELECT (SELECT count(*) FROM seeker) + (SELECT count(*) FROM identity_index)")" \
    "$(pq "SELECT count(*) FROM record WHERE tbl = 'seeker'")"
check "street 2's people among the entries, with their office" is \
    "$(tsql W "SELECT count(*) FROM identity_index WHERE office = '110105-02'")" \
    "$(pq "SELECT count(*) FROM record WHERE tbl = 'seeker' AND office = '110105-02'
    AND NOT deleted")"

check "after moves in and out, each person's note still carries a true copy" is \
    "$(ident_copies | sed 's/copies [0-9]*/copies/')" "copies, stale 0, without 0"

# ============================================================================
integrity S P2 D W
check "nothing refused anywhere" is "$(tsql S "SELECT count(*) FROM sync_rejected")$(tsql P2 \
    "SELECT count(*) FROM sync_rejected")$(tsql D "SELECT count(*) FROM sync_rejected")$(tsql W \
    "SELECT count(*) FROM sync_rejected")" 0000
finish
