#!/bin/sh
# Terminals that worked offline converge: after every terminal has synced
# (twice, in an order chosen to make the hard cases happen), each holds
# exactly the same seekers, employers, vacancies, service events, redirects
# and conflict journal. Cases: the same field edited on two terminals (the
# later stamp wins everywhere, the loser is journaled); different fields of
# one record (both kept); the same value written on two terminals (no
# conflict); a merge against an update of the merged-away record (the
# update lands on the survivor); the same ID number registered on two
# terminals (one seeker, fields of both, both registrations); changes the
# server refuses (parked, reported, the queue goes on); a terminal clock a
# day ahead and one at 1970.
# Usage: sh tests/sync/converge.sh BINARY [TOOLS_DIR]
set -u
. "$(dirname "$0")/lib.sh"
sync_init "$@"
pg_start
server_setup

new_terminal A 110105-01
new_terminal B 110105-01
new_terminal C 110105-02

# --- the district's data, made on A, synced everywhere ---------------------
s1=$(idnum 11010519850101101)
s2=$(idnum 11010519860202102)
s3=$(idnum 11010519870303103)
s4=$(idnum 11010519870303115)
s5=$(idnum 11010519880404104)
s6=$(idnum 11010519890505105)
s7=$(idnum 11010519900606106)
s8=$(idnum 11010519450505108)
e1=$(uscc 91110105MA01ABCD1)
{
	printf 'id_number,name,phone,household,education,category\n'
	printf '%s,张伟,13800000001,urban,21,unemployed\n' "$s1"
	printf '%s,李娜,13800000002,urban,21,unemployed\n' "$s2"
	# One person twice: a typing error in the ID number made a second record.
	printf '%s,王芳,13800000003,urban,31,unemployed\n' "$s3"
	printf '%s,王芳,13800000004,urban,31,unemployed\n' "$s4"
	printf '%s,刘洋,13800000005,rural,21,graduate\n' "$s5"
	printf '%s,陈静,13800000006,urban,21,unemployed\n' "$s6"
	printf '%s,杨磊,13800000007,urban,21,unemployed\n' "$s7"
	printf '%s,吴刚,13800000008,urban,21,unemployed\n' "$s8"
} >"$tmp/base.csv"
{
	printf 'uscc,name,type,industry,district,contact,phone\n'
	printf '%s,北京星辰科技有限公司,private,65,110105,刘经理,13700001111\n' "$e1"
} >"$tmp/emp.csv"
{
	printf 'employer_uscc,occupation,title,headcount,wage_min,wage_max,valid_until\n'
	printf '%s,2-02,软件工程师,3,15000,25000,2099-12-31\n' "$e1"
} >"$tmp/vac.csv"
printf '%s\n' "$PASSWORD" | jdd account add lina --name 李娜 --office 110105-01 --role clerk \
    >"$tmp/account.out" 2>&1 || fail "jobdeskd account add" "$(cat "$tmp/account.out")"
t_import A seekers "$tmp/base.csv"
t_import A employers "$tmp/emp.csv"
t_import A vacancies "$tmp/vac.csv"
sync_all A B C
check "the district's 8 seekers reached B" is "$(tsql B 'SELECT count(*) FROM seeker')" 8
check "the district's 8 seekers reached C" is "$(tsql C 'SELECT count(*) FROM seeker')" 8
check "the vacancy reached C" is "$(tsql C 'SELECT title FROM vacancy')" 软件工程师
id1=$(seeker_id A "$s1")
id3=$(seeker_id A "$s3")
id4=$(seeker_id A "$s4")
check "one seeker has the same id on every terminal" is "$(seeker_id C "$s1")" "$id1"
# Accounts go to the terminals of their office and of the offices under
# it, with the hash for logins offline: lina (110105-01) to A and B, the
# district's wangfang (110105) everywhere; C (110105-02) never has lina.
for t in A C; do
	check "the accounts of $t's office and of the district reached $t" is "$(tsql "$t" "SELECT
	    group_concat(login || ' ' || role || ' ' || office || ' ' || disabled, ', ') FROM
	    (SELECT * FROM account WHERE login IN ('lina', 'wangfang') ORDER BY login)")" \
	    "$([ "$t" = A ] && echo 'lina clerk 110105-01 0, ')wangfang supervisor 110105 0"
done
check "with the password hash, for offline logins" test -n "$(tsql A "SELECT pwhash FROM account
    WHERE login = 'lina'")"
check "the district's supervisor with the hash on C too" test -n "$(tsql C "SELECT pwhash
    FROM account WHERE login = 'wangfang'")"

# --- offline: edits on every side --------------------------------------------
# The same field on two terminals: B first, A later (A pushes first, B's
# older value arrives after it and must lose).
seeker_set B "$s1" phone=13911110001
msleep 30
seeker_set A "$s1" phone=13911110002
# Different fields of one record on two terminals: both kept.
seeker_set A "$s2" phone=13922220002
seeker_set C "$s2" address=北京市朝阳区呼家楼1号
# The same value written on two terminals: no conflict to journal.
seeker_set A "$s7" household=rural
seeker_set B "$s7" household=rural
# C changes a value it pulled from A: an edit, not a conflict.
seeker_set C "$s6" household=rural
# A supervisor on A merges the mistyped record into the right one while B,
# offline, still corrects the phone of the mistyped one.
seeker_merge A "$id3" "$id4" || fail "merge on A could not be written"
msleep 30
seeker_set B "$s3" phone=13933330003
# The same person registered at two windows: A first, C later, each with
# fields the other did not fill in.
p=$(idnum 11010519910707107)
{
	printf 'id_number,name,phone,education,category,address\n'
	printf '%s,赵敏,13944440001,21,unemployed,北京市朝阳区建外大街2号\n' "$p"
} >"$tmp/pa.csv"
{
	printf 'id_number,name,phone,household,education,category\n'
	printf '%s,赵敏,13944440002,rural,21,unemployed\n' "$p"
} >"$tmp/pc.csv"
t_import A seekers "$tmp/pa.csv"
msleep 30
t_import C seekers "$tmp/pc.csv"
# Employer and vacancy edited on two terminals.
{
	printf 'uscc,name,type,industry,district,contact,phone\n'
	printf '%s,北京星辰科技有限公司,private,65,110105,孙经理,13700001111\n' "$e1"
} >"$tmp/emp2.csv"
t_import C employers "$tmp/emp2.csv"
{
	printf 'employer_uscc,occupation,title,headcount,wage_min,wage_max,valid_until\n'
	printf '%s,2-02,软件工程师,5,15000,25000,2099-12-31\n' "$e1"
} >"$tmp/vac2.csv"
t_import A vacancies "$tmp/vac2.csv"
# Poison: B changes S5 properly, then three changes the server must refuse
# (a bad phone number, a field no form has, an ID number changed in place),
# then S6 properly; the refused ones must not hold up the last.
seeker_set B "$s5" phone=13955550001
id5=$(seeker_id B "$s5")
id6=$(seeker_id B "$s6")
outbox_add B seeker "$id5" update '{"phone":"12-ab"}'
outbox_add B seeker "$id6" update '{"shoe_size":"42"}'
outbox_add B seeker "$id5" update "{\"id_number\":\"$(idnum 11010519880404203)\"}"
poison_first=$(tsql B "SELECT max(seq) - 2 FROM outbox")
seeker_set B "$s6" phone=13966660001
check "B has its 8 changes waiting (5 good, 3 bad)" is "$(tsql B 'SELECT count(*) FROM outbox')" 8

# --- sync: A first, then B, then C; then all again ---------------------------
sync_all A B C
sync_all A B C

# --- what every terminal holds ----------------------------------------------
for t in A B C; do
	export_all "$t"
done
same_data A B C
for t in A B C; do
	check "$t: outbox empty" is "$(tsql "$t" 'SELECT count(*) FROM outbox')" 0
done

check "same field: the later edit (A's) wins on A" is "$(seeker_field A "$s1" phone)" 13911110002
check "same field: the later edit (A's) wins on B, who wrote the other" \
    is "$(seeker_field B "$s1" phone)" 13911110002
check "same field: B's value is in the conflict journal as lost to A's" is "$(tsql C "
    SELECT count(*) FROM conflict WHERE row_id = '$id1' AND field = 'phone'
    AND lost_value = '13911110001' AND won_value = '13911110002'")" 1
check "same field: A's winning value is not journaled as lost" is "$(tsql C "
    SELECT count(*) FROM conflict WHERE row_id = '$id1' AND lost_value = '13911110002'")" 0
check "different fields: A's phone kept" is "$(seeker_field B "$s2" phone)" 13922220002
check "different fields: C's address kept" is "$(seeker_field B "$s2" address)" 北京市朝阳区呼家楼1号
check "different fields: neither new value journaled as lost" is "$(tsql A "
    SELECT count(*) FROM conflict WHERE row_id = '$(seeker_id A "$s2")'
    AND lost_value IN ('13922220002', '北京市朝阳区呼家楼1号')")" 0
check "an edit of a value pulled from another terminal: C's household on A" \
    is "$(seeker_field A "$s6" household)" rural
check "an edit of a value pulled from another terminal is no conflict" is "$(tsql A "
    SELECT count(*) FROM conflict WHERE row_id = '$(seeker_id A "$s6")'
    AND field = 'household'")" 0
check "same value on two terminals: rural on C" is "$(seeker_field C "$s7" household)" rural
check "same value on two terminals: the value is not journaled as lost" is "$(tsql A "
    SELECT count(*) FROM conflict WHERE row_id = '$(seeker_id A "$s7")'
    AND lost_value = 'rural'")" 0
for t in A B C; do
	check "merge: the mistyped record is a tombstone pointing at the survivor on $t" \
	    is "$(tsql "$t" "SELECT deleted || ' ' || replaced_by FROM seeker WHERE id = '$id3'")" \
	    "1 $id4"
done
check "merge: B's later phone for the merged-away record landed on the survivor" \
    is "$(tsql C "SELECT phone FROM seeker WHERE id = '$id4'")" 13933330003
check "merge: the survivor keeps its ID number" is "$(tsql B "SELECT id_number FROM seeker
    WHERE id = '$id4'")" "$s4"
check "merge: the merged-away ID number leads to no record" \
    is "$(tsql B "SELECT count(*) FROM seeker WHERE id_number = '$s3'")" 0
pid=$(seeker_id A "$p")
check "two registrations: one seeker on every terminal" is "$(tsql B "SELECT count(*) FROM seeker
    WHERE id_number = '$p'") $(tsql C "SELECT count(*) FROM seeker WHERE id_number = '$p'")" "1 1"
check "two registrations: the same record id" is "$(seeker_id C "$p")" "$pid"
check "two registrations: A's address kept" is "$(seeker_field B "$p" address)" 北京市朝阳区建外大街2号
check "two registrations: C's household kept" is "$(seeker_field A "$p" household)" rural
check "two registrations: the later phone (C's) wins" is "$(seeker_field A "$p" phone)" 13944440002
check "two registrations: A's phone journaled" is "$(tsql B "SELECT lost_value FROM conflict
    WHERE row_id = '$pid' AND field = 'phone'")" 13944440001
# One person registered on one day is one registration service in the
# district (the ledger's once rule), whichever window pushed it first.
check "two registrations: one registration service event, on every terminal" \
    is "$(tsql A "SELECT count(*) FROM service_event WHERE seeker_id = '$pid'
    AND type = 'registration'") $(tsql B "SELECT count(*) FROM service_event
    WHERE seeker_id = '$pid' AND type = 'registration'") $(tsql C "SELECT count(*)
    FROM service_event WHERE seeker_id = '$pid' AND type = 'registration'")" "1 1 1"
check "two registrations: the same event, from the same office, on every terminal" \
    is "$(tsql A "SELECT office FROM service_event WHERE seeker_id = '$pid'")" \
    "$(tsql C "SELECT office FROM service_event WHERE seeker_id = '$pid'")"
check "employer: C's new contact on A" is "$(tsql A "SELECT contact FROM employer
    WHERE uscc = '$e1'")" 孙经理
check "vacancy: A's new headcount on C" is "$(tsql C 'SELECT headcount FROM vacancy')" 5
check "poison: the change after the refused ones landed (S6 phone on A)" \
    is "$(seeker_field A "$s6" phone)" 13966660001
check "poison: the change before them landed (S5 phone on C)" \
    is "$(seeker_field C "$s5" phone)" 13955550001
check "poison: S5 keeps its ID number" is "$(seeker_id C "$s5")" "$id5"
check "poison: the three refusals are listed on B" is "$(tsql B "SELECT group_concat(seq, ' ')
    FROM (SELECT seq FROM sync_rejected ORDER BY seq)")" \
    "$poison_first $((poison_first + 1)) $((poison_first + 2))"
check "poison: each refusal names its record" is "$(tsql B "SELECT group_concat(row_id, ' ')
    FROM (SELECT row_id FROM sync_rejected ORDER BY seq)")" "$id5 $id6 $id5"
check "poison: the bad phone refused with a reason about the phone" \
    is "$(tsql B "SELECT reason LIKE '%phone%' FROM sync_rejected WHERE seq = $poison_first")" 1
check "poison: the unknown field refused with a reason naming it" is "$(tsql B "
    SELECT reason LIKE '%shoe_size%' FROM sync_rejected WHERE seq = $((poison_first + 1))")" 1
check "poison: the ID number change refused with a reason" is "$(tsql B "
    SELECT reason <> '' FROM sync_rejected WHERE seq = $((poison_first + 2))")" 1
check "poison: the server parked exactly those three" is "$(pq "SELECT count(*) FROM parked")" 3
check "poison: nothing refused on A or C" \
    is "$(tsql A 'SELECT count(*) FROM sync_rejected') $(tsql C 'SELECT count(*) FROM sync_rejected')" \
    "0 0"
check "poison: the bad phone is nowhere" is "$(tsql A "SELECT count(*) FROM seeker
    WHERE phone = '12-ab'")" 0

# An account disabled at the district is disabled on every terminal.
jdd account disable lina >"$tmp/disable.out" 2>&1 ||
    fail "jobdeskd account disable" "$(cat "$tmp/disable.out")"

# --- clocks: B a day ahead, a new terminal D at 1970 -------------------------
# B's clock is a day fast: its edit is synced, then A corrects the same
# field. A's later correction must win although B's clock says tomorrow.
FAKE=+1d seeker_set B "$s1" name=张伟伟
FAKE=+1d t_sync B || fail "sync of B a day ahead: exit status $?" "$(cat "$tmp/t/B/sync.err")"
msleep 30
seeker_set A "$s1" name=张卫
# D's clock says 1970 (a dead CMOS battery): it registers S8 (born 1945)
# again with other values and a field S8 lacks, and a new person born in 1940.
# D pulls in pages of 3 records: the employer edited on C comes after its
# vacancy in the server's order, so the vacancy arrives before its employer.
FAKE='@1970-01-02 08:00:00' new_terminal D 110105-02 'page_size = 3'
q=$(idnum 11010519400808108)
{
	printf 'id_number,name,phone,household,education,category,skills\n'
	printf '%s,吴刚,13977770002,outside,21,unemployed,电工证\n' "$s8"
	printf '%s,周强,13977770008,urban,21,unemployed,\n' "$q"
} >"$tmp/d.csv"
FAKE='@1970-01-02 08:00:00' t_import D seekers "$tmp/d.csv"
msleep 30
seeker_set C "$s4" household=outside

for round in 1 2; do
	for t in B A D C; do
		case $t in
		B) FAKE=+1d t_sync B ;;
		D) FAKE='@1970-01-02 08:00:00' t_sync D ;;
		*) t_sync "$t" ;;
		esac || fail "clocks round $round: sync of $t: exit status $?" \
		    "$(cat "$tmp/t/$t/sync.err")"
	done
done
for t in A B C D; do
	export_all "$t"
done
same_data A B C D
check "a day ahead: A's later correction wins over B's tomorrow stamp" \
    is "$(seeker_field D "$s1" name)" 张卫
check "a day ahead: B's name journaled as lost" is "$(tsql A "SELECT count(*) FROM conflict
    WHERE row_id = '$id1' AND field = 'name' AND lost_value = '张伟伟'")" 1
check "1970: D's older phone for S8 loses" is "$(seeker_field B "$s8" phone)" 13800000008
check "1970: D's older household for S8 loses" is "$(seeker_field B "$s8" household)" urban
check "1970: D's phone journaled as lost" is "$(tsql C "SELECT count(*) FROM conflict
    WHERE row_id = '$(seeker_id C "$s8")' AND field = 'phone' AND lost_value = '13977770002'
    AND won_value = '13800000008'")" 1
check "1970: the field only D filled in (skills) is kept" is "$(seeker_field A "$s8" skills)" 电工证
check "1970: D's new seeker reached A" is "$(seeker_field A "$q" name)" 周强
check "1970: D's registration of S8 is a service event everywhere" \
    is "$(tsql A "SELECT count(*) FROM service_event WHERE seeker_id = '$(seeker_id A "$s8")'")" 2
check "1970: C's edit after D's is kept" is "$(seeker_field D "$s4" household)" outside
check "1970: D pulled the whole district (10 seekers, one a tombstone)" \
    is "$(tsql D 'SELECT count(*) FROM seeker')" 10
check "D has the vacancy, with its employer" is "$(tsql D "SELECT v.title || ' ' || e.uscc
    FROM vacancy v JOIN employer e ON e.id = v.employer_id")" "软件工程师 $e1"
check "nothing waits for a parent on D" is "$(tsql D 'SELECT count(*) FROM sync_waiting')" 0
for t in A B; do
	check "the disabled account is disabled on $t" is "$(tsql "$t" "SELECT disabled FROM account
	    WHERE login = 'lina'")" 1
done
for t in C D; do
	check "another office's account is not on $t" is "$(tsql "$t" "SELECT count(*) FROM account
	    WHERE login = 'lina'")" 0
done
integrity A B C D
finish
