#!/bin/sh
# Sync by file (jobdesk-sync(7), BUNDLES): a terminal with no network
# writes a bundle (jobdesk sync --to-file), the district imports it
# (jobdeskd bundle import) and writes a reply, the terminal applies the
# reply (jobdesk sync --from-file). Cases: the round trip converges with a
# terminal that syncs online; a bundle imported twice and a reply applied
# twice change nothing; bundles out of order (the newer imported first:
# the older one's changes are replays, and its reply is refused on the
# terminal as older than the one applied); a lost bundle is replaced by
# the next; a byte flipped in a bundle or a reply, a file cut short or
# lengthened, a reply for another terminal, a bundle passed off as
# another terminal's, one from a terminal the district does not know or
# has revoked: each refused with its reason (in Chinese too), nothing
# changed on either side; a change the rules refuse is parked and
# reported, a push refused whole is reported and stays queued; a reply
# bounded in records is continued by the next bundle; a terminal whose
# keys are not registered is told to sync online once, and that sync
# registers them.
# Usage: sh tests/sync/bundle.sh BINARY [TOOLS_DIR]
set -u
. "$(dirname "$0")/lib.sh"
sync_init "$@"
pg_start
server_setup

# put_id FILE ID: write a terminal id into the clear header of a bundle or reply.
put_id() {
	printf '%s' "$2" | dd of="$1" bs=1 seek=10 conv=notrunc 2>/dev/null
}

# import FILE REPLY [ARGS...]: jobdeskd bundle import; output in
# $tmp/import.out and import.err, its status.
import() {
	_in=$1
	_re=$2
	shift 2
	jdd bundle import "$_in" --reply "$_re" "$@" >"$tmp/import.out" 2>"$tmp/import.err"
}

# refused_import WHAT FILE TEXT: importing FILE fails, says TEXT and
# "nothing was changed", writes no reply, and the district holds what it held.
refused_import() {
	_before=$(server_state)
	rm -f "$tmp/refused.reply"
	if import "$2" "$tmp/refused.reply"; then
		fail "$1: refused" "$(cat "$tmp/import.out")"
		return
	fi
	check "$1: refused, saying why" has "$tmp/import.err" "$3"
	check "$1: ... and that nothing was changed" has "$tmp/import.err" "nothing was changed"
	check "$1: no reply written" test ! -e "$tmp/refused.reply"
	check "$1: the district unchanged" is "$(server_state)" "$_before"
}

# refused_reply WHAT NAME FILE TEXT: applying FILE on terminal NAME fails,
# says TEXT, and leaves the terminal's database as it was.
refused_reply() {
	_before=$(client_state "$2")
	if from_file "$2" "$3"; then
		fail "$1: refused" "$(cat "$tmp/t/$2/from.out" "$tmp/t/$2/from.err")"
		return
	fi
	check "$1: refused, saying why" has "$tmp/t/$2/from.err" "$4"
	check "$1: ... and that nothing was changed" has "$tmp/t/$2/from.err" \
	    "nothing was changed"
	check "$1: $2's database unchanged" is "$(client_state "$2")" "$_before"
}

new_terminal A 110105-01
new_terminal B 110105-02
new_terminal R 110105-01
new_terminal F 110105-01
idA=$(tid A)
idB=$(tid B)
idR=$(tid R)

# --- keys, made and registered at enrollment --------------------------------
check "enrollment registered A's keys for sync by file" is \
    "$(tsql A "SELECT value FROM setting WHERE key = 'bundle_keys_registered'")" 1
check "the district holds the keys of the four terminals" is \
    "$(pq "SELECT count(*) FROM terminal WHERE sign_key IS NOT NULL AND box_key IS NOT NULL")" 4
check "the district's keys are made once, and kept by migrate" is \
    "$(pq "SELECT value FROM meta WHERE key = 'bundle_sign_key'" >"$tmp/k1"; jdd migrate \
    >/dev/null 2>&1; pq "SELECT value FROM meta WHERE key = 'bundle_sign_key'" | cmp - "$tmp/k1" &&
    echo same)" same
quiet_sync A B R

# --- the round trip ---------------------------------------------------------
# A works offline: its server address leads nowhere from now on.
terminal_ini A "url = http://127.0.0.1:9"
seekers_csv 5 1 >"$tmp/a1.csv"
t_import A seekers "$tmp/a1.csv"
# Meanwhile B registers a person online.
seekers_csv 1 500 13900000000 >"$tmp/b1.csv"
t_import B seekers "$tmp/b1.csv"
sync_ok B "B syncs its registration online"
sB=$(sed -n 2p "$tmp/b1.csv" | cut -d, -f1)
waiting=$(tsql A "SELECT count(*) FROM outbox")
if to_file A "$tmp/b1"; then
	ok "A writes bundle 1 offline"
else
	fail "A writes bundle 1 offline" "$(cat "$tmp/t/A/to.err")"
fi
check "it says what it carries" has "$tmp/t/A/to.out" "bundle 1 written to $tmp/b1: $waiting changes to push"
check "the bundle holds no personal data in clear" sh -c "! grep -a -q -e 测试 -e \
    '$(sed -n 2p "$tmp/a1.csv" | cut -d, -f1)' '$tmp/b1'"
check "the bundle is for its owner's eyes only (mode 0600)" is \
    "$(stat -c %a "$tmp/b1")" 600
check "writing a bundle takes nothing off the outbox" is \
    "$(tsql A "SELECT count(*) FROM outbox")" "$waiting"
if import "$tmp/b1" "$tmp/r1"; then
	ok "the district imports bundle 1"
else
	fail "the district imports bundle 1" "$(cat "$tmp/import.err")"
fi
check "the import says what it acknowledged" has "$tmp/import.out" \
    "changes through $waiting acknowledged, 0 refused"
check "the district holds A's five and B's one" is \
    "$(pq "SELECT count(*) FROM record WHERE tbl = 'seeker' AND NOT deleted")" 6
check "A's changes are in the district's trail as A's" is \
    "$(pq "SELECT count(DISTINCT seq) FROM change_history WHERE terminal = '$idA'")" \
    "$waiting"
if from_file A "$tmp/r1"; then
	ok "A applies the reply"
else
	fail "A applies the reply" "$(cat "$tmp/t/A/from.err")"
fi
check "the reply's summary" has "$tmp/t/A/from.out" "reply to bundle 1: pushed $waiting,"
check "A's outbox is empty: every change acknowledged" is \
    "$(tsql A "SELECT count(*) FROM outbox")" 0
check "A holds B's registration from the reply" is "$(seeker_field A "$sB" name)" 测试500号
sync_ok B "B syncs online"
export_all A
export_all B
same_data A B

# --- replays ----------------------------------------------------------------
before=$(server_state)
if import "$tmp/b1" "$tmp/r1b"; then
	ok "bundle 1 imported again is acknowledged again"
else
	fail "bundle 1 imported again is acknowledged again" "$(cat "$tmp/import.err")"
fi
check "... and applied never: nothing doubled on the district" is "$(server_state)" "$before"
before=$(client_state A)
check "the reply applied twice: accepted" from_file A "$tmp/r1"
check "... saying it was applied before" has "$tmp/t/A/from.err" \
    "the reply to bundle 1 was applied before: nothing was changed"
check "... and nothing changed on A" is "$(client_state A)" "$before"
check "the second import's reply: also the same bundle's, nothing to do" from_file A "$tmp/r1b"
check "... nothing changed on A" is "$(client_state A)" "$before"

# --- out of order, and a lost bundle ------------------------------------------
seekers_csv 2 10 >"$tmp/a2.csv"
t_import A seekers "$tmp/a2.csv"
check "A writes bundle 2" to_file A "$tmp/b2"
seekers_csv 1 20 >"$tmp/a3.csv"
t_import A seekers "$tmp/a3.csv"
check "A writes bundle 3, which holds bundle 2's changes too" to_file A "$tmp/b3"
check "bundle 3 carries everything not acknowledged" has "$tmp/t/A/to.out" "6 changes to push"
check "the district imports bundle 3 first" import "$tmp/b3" "$tmp/r3"
check "... and holds A's three new registrations" is \
    "$(pq "SELECT count(*) FROM record WHERE tbl = 'seeker' AND NOT deleted")" 9
before=$(server_state)
check "bundle 2 imported after bundle 3 is taken" import "$tmp/b2" "$tmp/r2"
check "... its changes were replays: nothing applied twice" is "$(server_state)" "$before"
check "... and the import says the newer bundle came first" has "$tmp/import.out" \
    "a newer bundle of this terminal (3) was imported before"
check "A applies the reply to bundle 3" from_file A "$tmp/r3"
check "A's outbox is empty (bundle 2 lost would have cost nothing)" is \
    "$(tsql A "SELECT count(*) FROM outbox")" 0
refused_reply "the older reply to bundle 2 after bundle 3's" A "$tmp/r2" \
    "the reply to bundle 2 is older than the reply to bundle 3 applied already"

# --- tampered, cut short, lengthened ------------------------------------------
seekers_csv 1 30 >"$tmp/a4.csv"
t_import A seekers "$tmp/a4.csv"
# And a change the district's rules refuse: parked there, reported back.
s30=$(sed -n 2p "$tmp/a4.csv" | cut -d, -f1)
outbox_add A seeker "$(seeker_id A "$s30")" update '{"phone":"12-ab"}'
check "A writes bundle 4" to_file A "$tmp/b4"
size=$(wc -c <"$tmp/b4")
cp "$tmp/b4" "$tmp/t1"
flip "$tmp/t1" 300
refused_import "a byte flipped in the sealed part" "$tmp/t1" "cannot be opened: it was altered"
cp "$tmp/b4" "$tmp/t2"
flip "$tmp/t2" $((size - 1))
refused_import "the last byte flipped" "$tmp/t2" "cannot be opened"
cp "$tmp/b4" "$tmp/t3"
flip "$tmp/t3" 8
refused_import "the version flipped" "$tmp/t3" "bundle format version 2 is not one this program reads"
cp "$tmp/b4" "$tmp/t4"
put_id "$tmp/t4" "$idR"
refused_import "A's bundle passed off as R's" "$tmp/t4" "signature does not hold"
cp "$tmp/b4" "$tmp/t5"
put_id "$tmp/t5" 01234567-89ab-7def-8123-456789abcdef
refused_import "a bundle of a terminal the district does not know" "$tmp/t5" \
    "from terminal 01234567-89ab-7def-8123-456789abcdef, which this district does not know"
head -c $((size - 1)) "$tmp/b4" >"$tmp/t6"
refused_import "a bundle one byte short" "$tmp/t6" "truncated: $((size - 1)) bytes of $size"
head -c 30 "$tmp/b4" >"$tmp/t7"
refused_import "a bundle cut in its header" "$tmp/t7" "truncated: 30 bytes"
: >"$tmp/t8"
refused_import "an empty file" "$tmp/t8" "not a jobdesk bundle"
cp "$tmp/b4" "$tmp/t9"
printf x >>"$tmp/t9"
refused_import "a bundle with a byte after its end" "$tmp/t9" "1 bytes after its end"
refused_import "a reply given to the district" "$tmp/r3" "this is a reply for terminal $idA"
check "the intact bundle 4 is taken" import "$tmp/b4" "$tmp/r4"
rsize=$(wc -c <"$tmp/r4")
cp "$tmp/r4" "$tmp/u1"
flip "$tmp/u1" 200
refused_reply "a byte flipped in the reply" A "$tmp/u1" "cannot be opened: it was altered"
head -c $((rsize - 10)) "$tmp/r4" >"$tmp/u2"
refused_reply "a reply cut short" A "$tmp/u2" "truncated"
refused_reply "a bundle given to the terminal as a reply" A "$tmp/b4" \
    "this is a bundle for the district, not a reply"

# --- another terminal's reply ---------------------------------------------------
refused_reply "A's reply on B" B "$tmp/r4" "this reply is for terminal $idA, not for this one ($idB)"
# The same in Chinese, the clerks' language.
sed 's/^language = en$/language = zh_CN/' "$tmp/t/B/jobdesk.ini" >"$tmp/t/B/zh.ini"
if "$BIN" --config "$tmp/t/B/zh.ini" --db "$(tdb B)" sync --from-file "$tmp/r4" >/dev/null \
    2>"$tmp/t/B/zh.err"; then
	fail "A's reply on B, in Chinese: refused"
else
	check "A's reply on B, in Chinese: refused in Chinese" has "$tmp/t/B/zh.err" \
	    "该回复是发给终端 $idA 的，不是本终端（$idB）；没有做任何更改"
fi
cp "$tmp/r4" "$tmp/u3"
put_id "$tmp/u3" "$idB"
refused_reply "A's reply with B's id written over A's" B "$tmp/u3" \
    "cannot be opened: it was altered or damaged, or sealed for another receiver"
check "A applies its own reply to bundle 4" from_file A "$tmp/r4"
check "... which reports the change the district refused" has "$tmp/t/A/from.out" "1 rejected"
check "the refusal waits on A with its reason" is \
    "$(tsql A "SELECT reason LIKE '%phone%' FROM sync_rejected")" 1
check "the district parked it, as a push over HTTP would" is \
    "$(pq "SELECT count(*) FROM parked WHERE terminal = '$idA'")" 1
check "A's outbox is empty again" is "$(tsql A "SELECT count(*) FROM outbox")" 0

# --- a revoked terminal -----------------------------------------------------------
seekers_csv 1 40 >"$tmp/r.csv"
t_import R seekers "$tmp/r.csv"
check "R writes a bundle" to_file R "$tmp/bR"
jdd terminal revoke "$idR" >"$tmp/revoke.out" 2>&1 || fail "jobdeskd terminal revoke" \
    "$(cat "$tmp/revoke.out")"
refused_import "a bundle of a revoked terminal" "$tmp/bR" "terminal $idR was revoked"

# --- keys not registered yet -------------------------------------------------------
tsql B "UPDATE setting SET value = '0' WHERE key = 'bundle_keys_registered'"
if to_file B "$tmp/bB"; then
	fail "B without registered keys writes no bundle"
else
	check "B without registered keys writes no bundle: it is told to sync online" has \
	    "$tmp/t/B/to.err" "run jobdesk sync once while online"
fi
sync_ok B "B syncs online"
check "... which registers its keys" is \
    "$(tsql B "SELECT value FROM setting WHERE key = 'bundle_keys_registered'")" 1
check "B writes a bundle now" to_file B "$tmp/bB"
check "the district takes it" import "$tmp/bB" "$tmp/rB"
check "B applies its reply" from_file B "$tmp/rB"

# --- a first sync by file, in replies bounded in records ----------------------------
check "F, never synced, holds no account" is "$(tsql F "SELECT count(*) FROM account")" 0
NOUSER=1
check "F, never synced, writes a bundle" to_file F "$tmp/bF1"
check "... quietly with --quiet" is "$(cat "$tmp/t/F/to.out")" ""
check "the district answers with 10 records" import "$tmp/bF1" "$tmp/rF1" --records 10
check "... and says that more wait" has "$tmp/import.out" "10 records in 1 pages; more wait"
check "F applies the first part" from_file F "$tmp/rF1"
check "... and is told that the next bundle goes on" has "$tmp/t/F/from.err" \
    "the next bundle (jobdesk sync --to-file) goes on from here"
check "F writes its next bundle from where the reply ended" to_file F "$tmp/bF2"
NOUSER=
check "the district answers with the rest" import "$tmp/bF2" "$tmp/rF2"
check "F applies the rest" from_file F "$tmp/rF2"
hasnt "$tmp/t/F/from.err" "goes on from here" && ok "... with nothing more to come" ||
    fail "... with nothing more to come"
terminal_ini A
sync_ok A "A back online"
export_all A
export_all F
same_data A F

# --- a push the district refuses whole ------------------------------------------------
# B (office 110105-02) writes its registration into an office outside its own.
outbox_add B seeker "$(seeker_id B "$sB")" update '{"office":"110105-01"}'
check "B writes a bundle with a change outside its office" to_file B "$tmp/bB2"
before=$(server_state)
check "the district imports it and writes a reply" import "$tmp/bB2" "$tmp/rB2"
check "... saying that the push was refused, and why" has "$tmp/import.out" \
    "were refused: change"
check "... having applied nothing of it" is "$(server_state)" "$before"
if from_file B "$tmp/rB2"; then
	fail "B applies the reply and fails: the push was refused"
else
	check "B applies the reply and fails: the push was refused" has "$tmp/t/B/from.err" \
	    "the district refused the changes: change"
fi
check "... and the change still waits on B" is "$(tsql B "SELECT count(*) FROM outbox")" 1
check "... and the problem is noted for the status line" is \
    "$(tsql B "SELECT value LIKE '%office%' FROM setting WHERE key = 'last_sync_error'")" 1
integrity A B F

finish
