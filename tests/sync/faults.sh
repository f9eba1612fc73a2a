#!/bin/sh
# Sync survives what networks, machines and databases do: a push answer
# lost after the server committed (no change applied twice), a pull page
# cut in the middle (the terminal keeps its place), a pulled page that
# cannot be applied while the next one is already asked for (the cursor
# stays with the last page applied), kill -9 of the client
# and of the server at random points while clerks keep working (sound
# databases, nothing acknowledged lost, everything converges), PostgreSQL
# stopped and started again under load (503, retries, nothing lost), and a
# server transaction that commits after later ones (a pull never skips it),
# and a terminal whose database was restored from a backup (its new
# changes reuse numbers the server applied: sent again, none dropped).
# Usage: sh tests/sync/faults.sh BINARY [TOOLS_DIR]
set -u
. "$(dirname "$0")/lib.sh"
sync_init "$@"
pg_start
# Long enough for the held transaction of the late-commit case.
server_setup database.statement_timeout=60000

new_terminal A 110105-01
new_terminal B 110105-01
new_terminal C 110105-02

# counts: seekers, service events and change_log rows on the server, and
# the records that have more than one change_log row (there must be none).
counts() {
	pq "SELECT (SELECT count(*) FROM record WHERE tbl = 'seeker') || ' ' ||
	    (SELECT count(*) FROM record WHERE tbl = 'service_event') || ' ' ||
	    (SELECT count(*) FROM (SELECT tbl, key FROM change_log GROUP BY tbl, key
		HAVING count(*) > 1) d)"
}

# local_counts NAME: seekers and service events on a terminal.
local_counts() {
	tsql "$1" "SELECT (SELECT count(*) FROM seeker) || ' ' || (SELECT count(*) FROM service_event)"
}

seekers_csv 10 0 >"$tmp/s0.csv"
t_import A seekers "$tmp/s0.csv"
sync_all A B C

# --- a lost push answer -------------------------------------------------------
echo "-- the answer to a push is lost after the server committed"
start_proxy /v1/push drop 1000
via_proxy A
seekers_csv 3 100 >"$tmp/s1.csv"
t_import A seekers "$tmp/s1.csv"
# The round sends the push again after a pause; that answer is lost too.
# Then the terminal is switched off (a round that fails whole retries for
# some 15 s; its exit status is tested in badreq.sh and tls.sh).
start_bg A sync
n=100
until [ "$(grep -c ' POST /v1/push 200 drop ' "$tmp/proxy.log")" -ge 2 ] || [ "$n" -eq 0 ]; do
	sleep 0.1
	n=$((n - 1))
done
kill -9 "$BG_PID" 2>/dev/null
reap "$BG_PID" 2>/dev/null
check "the proxy dropped two answers the server gave with 200" \
    test "$(grep -c '^[0-9]* POST /v1/push 200 drop ' "$tmp/proxy.log")" -ge 2
check "the server applied the push once: 13 seekers, 13 events" is "$(counts)" "13 13 0"
check "A noted the failed attempt" test -n "$(tsql A "SELECT value FROM setting
    WHERE key = 'last_sync_error'")"
check "the terminal still holds the 6 entries it has no answer for" \
    is "$(tsql A 'SELECT count(*) FROM outbox')" 6
# The clerk works on; the next push carries the old entries and new ones.
seekers_csv 2 200 >"$tmp/s2.csv"
t_import A seekers "$tmp/s2.csv"
stop_proxy
start_proxy
via_proxy A
sync_ok A "the next sync goes through"
check "replayed entries not applied again, new ones applied: 15 seekers, 15 events" \
    is "$(counts)" "15 15 0"
check "A's outbox is empty" is "$(tsql A 'SELECT count(*) FROM outbox')" 0
check "the server's last seq for A is A's last outbox seq" \
    is "$(pq "SELECT last_seq FROM terminal WHERE id = '$(tsql A "SELECT value FROM setting
	WHERE key = 'terminal_id'")'")" "$(tsql A "SELECT value FROM setting WHERE key = 'outbox_seq'")"
check "nothing parked" is "$(pq 'SELECT count(*) FROM parked')" 0
sync_ok B
check "B has each seeker and event once" is "$(local_counts B)" "15 15"

# A push answer lost once: the round's own retry must not double anything.
stop_proxy
start_proxy /v1/push drop 1
via_proxy A
seekers_csv 2 300 >"$tmp/s3.csv"
t_import A seekers "$tmp/s3.csv"
t_sync A
check "one lost answer: the server still has each change once" is "$(counts)" "17 17 0"
t_sync A
check "one lost answer: after the next round A's outbox is empty" \
    is "$(tsql A 'SELECT count(*) FROM outbox')" 0
check "one lost answer: still each change once" is "$(counts)" "17 17 0"

# --- a pull cut in the middle of a page ---------------------------------------
echo "-- a pull answer cut in the middle"
sync_ok C
c0=$(local_counts C)
cur0=$(tsql C "SELECT value FROM setting WHERE key = 'pull_cursor'")
seekers_csv 20 400 >"$tmp/s4.csv"
t_import A seekers "$tmp/s4.csv"
direct A
sync_ok A "A pushes 20 seekers (40 records)"
stop_proxy
# sync_until_cut: C syncs in the background until the proxy has cut an
# answer and C has noted the failed attempt, then C is killed (a failing
# round would go on retrying for some 15 s; the round that fails whole is
# tested above with the lost push answers).
sync_until_cut() {
	: >"$tmp/proxy.log"
	tsql C "UPDATE setting SET value = '' WHERE key = 'last_sync_error'"
	start_bg C sync
	_n=200
	until grep -q ' POST /v1/pull 200 cut ' "$tmp/proxy.log" &&
	    [ -n "$(tsql C "SELECT value FROM setting WHERE key = 'last_sync_error'")" ] ||
	    [ "$_n" -eq 0 ]; do
		sleep 0.1
		_n=$((_n - 1))
	done
	kill -9 "$BG_PID" 2>/dev/null
	reap "$BG_PID" 2>/dev/null
	check "the proxy cut a pull answer of 200" \
	    grep -q '^[0-9]* POST /v1/pull 200 cut ' "$tmp/proxy.log"
	check "C noted the failed attempt" test -n "$(tsql C "SELECT value FROM setting
	    WHERE key = 'last_sync_error'")"
}
# Every pull answer cut after its headers and 200 bytes.
start_proxy /v1/pull cut:200 1000
via_proxy C 'page_size = 5'
sync_until_cut
check "a cut first page: the cursor did not move" \
    is "$(tsql C "SELECT value FROM setting WHERE key = 'pull_cursor'")" "$cur0"
check "a cut first page: nothing of it applied" is "$(local_counts C)" "$c0"
integrity C
stop_proxy
# The first page whole, every later one cut in the middle of its body.
start_proxy /v1/pull pass 1 /v1/pull cut:half 1000
via_proxy C 'page_size = 5'
sync_until_cut
cur1=$(tsql C "SELECT value FROM setting WHERE key = 'pull_cursor'")
check "the first page moved the cursor" test "$cur1" != "$cur0"
n0=$(echo "$c0" | awk '{ print $1 + $2 }')
n1=$(local_counts C | awk '{ print $1 + $2 }')
check "the first page applied whole (5 records), nothing of the cut one ($n1 - $n0)" \
    is "$((n1 - n0))" 5
integrity C
stop_proxy
# One page cut once in the middle of the round: its retry completes the round.
start_proxy /v1/pull pass 2 /v1/pull cut:half 1
via_proxy C 'page_size = 5'
sync_ok C "a round with one page cut once completes"
check "the proxy cut that page" grep -q ' POST /v1/pull 200 cut ' "$tmp/proxy.log"
check "C has all 20 new seekers and their events" is "$(local_counts C)" "37 37"
direct C
export_all A
export_all C
same_data A C

# --- the next page asked for before this one is applied ------------------------
# While a pulled page is applied the request for the next one is already
# out (the server builds it meanwhile). The page's cursor is stored only
# with the page: a page that cannot be applied leaves the cursor where it
# was, the request already sent is abandoned, and the next round starts
# from the stored cursor; a prefetched request that is lost is handled as
# any failed pull.
echo "-- a page that cannot be applied while the next one is on its way"
stop_proxy
# pulls_logged: the pull requests the proxy passed to the server.
pulls_logged() {
	grep -c ' POST /v1/pull ' "$tmp/proxy.log"
}
# cursor_xp NAME: "xid pos" of the terminal's stored pull cursor (1.EPOCH.XID.POS).
cursor_xp() {
	tsql "$1" "SELECT value FROM setting WHERE key = 'pull_cursor'" |
	    awk -F. '{ print $3, $4 }'
}
# logged_between X0 P0 X1 P1: change_log rows after the first position up to the second.
logged_between() {
	pq "SELECT count(*) FROM change_log WHERE (xid, pos) > ('$1'::xid8, $2)
	    AND (xid, pos) <= ('$3'::xid8, $4)"
}
sync_ok C
c0=$(local_counts C)
xp0=$(cursor_xp C)
seekers_csv 20 500 >"$tmp/s5.csv"
t_import A seekers "$tmp/s5.csv"
sync_ok A "A pushes 20 seekers (40 records)"
# C's database refuses the 11th of them, in the middle of the pull: a
# trigger stands in for a full disk or a damaged table.
bad=$(sed -n 12p "$tmp/s5.csv" | cut -d, -f1)
tsql C "CREATE TRIGGER test_refuse BEFORE INSERT ON seeker WHEN NEW.id_number = '$bad'
    BEGIN SELECT RAISE(ABORT, 'test: the disk refuses'); END"
: >"$tmp/proxy.log"
start_proxy
via_proxy C 'page_size = 5'
t_sync C
check "a page that cannot be applied fails the round" test "$?" -ne 0
check "the round says why" has "$tmp/t/C/sync.err" "the disk refuses"
n0=$(echo "$c0" | awk '{ print $1 + $2 }')
applied=$(($(local_counts C | awk '{ print $1 + $2 }') - n0))
check "the pages before it were applied whole, nothing after ($applied of 40 records)" \
    test "$applied" -gt 0 -a "$applied" -lt 40 -a $((applied % 5)) -eq 0
check "the refused seeker is not there" is "$(tsql C "SELECT count(*) FROM seeker
    WHERE id_number = '$bad'")" 0
check "the stored cursor is the end of the last page applied" \
    is "$(logged_between $xp0 $(cursor_xp C))" "$applied"
# The proxy logs a request once the server has answered it.
n=50
while [ "$(pulls_logged)" -lt $((applied / 5 + 2)) ] && [ "$n" -gt 0 ]; do
	sleep 0.1
	n=$((n - 1))
done
check "the page after the refused one had been asked for ($(pulls_logged) pulls for $((applied / 5)) pages applied)" \
    is "$(pulls_logged)" $((applied / 5 + 2))
integrity C
tsql C "DROP TRIGGER test_refuse"
sync_ok C "the next round goes on from the stored cursor"
check "C has the 20 new seekers and their events" is "$(local_counts C)" \
    "$(echo "$c0" | awk '{ print $1 + 20, $2 + 20 }')"
stop_proxy
direct C

# A prefetched request whose answer is cut, then one whose answer is lost:
# each is retried from the stored cursor and the round completes.
sync_ok C
c0=$(local_counts C)
seekers_csv 20 600 >"$tmp/s6.csv"
t_import A seekers "$tmp/s6.csv"
sync_ok A "A pushes 20 more seekers"
: >"$tmp/proxy.log"
start_proxy /v1/pull pass 1 /v1/pull cut:half 1 /v1/pull pass 2 /v1/pull drop 1
via_proxy C 'page_size = 5'
sync_ok C "a round whose prefetched pages are cut and lost completes"
check "the proxy cut a prefetched page" grep -q '^2 POST /v1/pull 200 cut ' "$tmp/proxy.log"
check "the proxy lost a prefetched page" grep -q '^5 POST /v1/pull 200 drop ' "$tmp/proxy.log"
check "C has the 20 new seekers and their events once" is "$(local_counts C)" \
    "$(echo "$c0" | awk '{ print $1 + 20, $2 + 20 }')"
integrity C
stop_proxy
direct C
export_all A
export_all C
same_data A C

# --- kill -9 of the client in a loop of syncs while edits go on ---------------
echo "-- kill -9 of the client at random points"
stop_proxy
# Pages of one change or record make a round many requests long: many
# points to be killed at (between a push and its ack, a pull and its apply).
direct A 'page_size = 1'
direct B 'page_size = 1'
direct C
sync_all B
per=10
ms() {
	date +%s%3N
}
# How long a round of this loop takes here, to kill at a point inside one:
# the fastest of three rounds (on a busy machine, or under the sanitizers,
# rounds vary by half: a slower one made the kills come after most rounds
# had ended).
: >"$tmp/spans"
for r in 0 1 2; do
	seekers_csv "$per" $((970 + per * r)) >"$tmp/k.csv"
	t_import A seekers "$tmp/k.csv"
	t0=$(ms)
	sync_ok A "a round of $per seekers in pages of 1"
	echo $(($(ms) - t0)) >>"$tmp/spans"
done
span=$(sort -n "$tmp/spans" | sed -n 1p)
echo "     (a round takes $span ms here: $(sort -n "$tmp/spans" | tr '\n' ' ')ms)"
loops=12
i=0
hits=0
while [ "$i" -lt "$loops" ]; do
	seekers_csv "$per" $((1000 + per * i)) >"$tmp/k.csv"
	t_import A seekers "$tmp/k.csv"
	seeker_set B "$(sed -n 2p "$tmp/s0.csv" | cut -d, -f1)" phone=$((13910000000 + i))
	start_bg A sync
	pa=$BG_PID
	start_bg B sync
	pb=$BG_PID
	msleep "$(rand $((span * 4 / 5 + 1)))"
	kill -0 "$pa" 2>/dev/null && hits=$((hits + 1))
	kill -9 "$pa" 2>/dev/null
	msleep "$(rand $((span / 2 + 1)))"
	kill -0 "$pb" 2>/dev/null && hits=$((hits + 1))
	kill -9 "$pb" 2>/dev/null
	reap "$pa" 2>/dev/null
	reap "$pb" 2>/dev/null
	i=$((i + 1))
done
check "most kills hit a round that was still running ($hits of $((2 * loops)))" \
    test "$hits" -ge "$loops"
integrity A B
quiet_sync A B A B C
want=$((77 + 3 * per + per * loops))
check "after the kills: every seeker on the server once ($want)" is "$(counts)" "$want $want 0"
for t in A B C; do
	check "after the kills: $t has every seeker and event once" is "$(local_counts "$t")" \
	    "$want $want"
	export_all "$t"
done
same_data A B C
check "after the kills: B's last phone everywhere" is \
    "$(seeker_field C "$(sed -n 2p "$tmp/s0.csv" | cut -d, -f1)" phone)" $((13910000000 + loops - 1))
for t in A B; do
	check "after the kills: the server's last seq for $t is its last outbox seq" \
	    is "$(pq "SELECT last_seq FROM terminal WHERE id = '$(tsql "$t" "SELECT value
		FROM setting WHERE key = 'terminal_id'")'")" \
	    "$(tsql "$t" "SELECT value FROM setting WHERE key = 'outbox_seq'")"
done

# --- kill -9 of the server while terminals sync -------------------------------
# worker NAME FIRST: import a seeker and sync, over and over, until
# $tmp/stop exists; the number of seekers made is in $tmp/NAME.made.
worker() {
	_w=0
	while [ ! -e "$tmp/stop" ]; do
		seekers_csv 1 $(($2 + _w)) >"$tmp/w$1.csv"
		if jd "$1" import seekers "$tmp/w$1.csv" >/dev/null 2>"$tmp/w$1.err"; then
			_w=$((_w + 1))
			echo "$_w" >"$tmp/$1.made"
		fi
		jd_sync "$1" >/dev/null 2>&1
	done
}

echo "-- kill -9 of the server at random points"
rm -f "$tmp/stop"
echo 0 >"$tmp/A.made"
echo 0 >"$tmp/B.made"
worker A 5000 &
wa=$!
track "$wa"
worker B 6000 &
wb=$!
track "$wb"
k=0
while [ "$k" -lt 5 ]; do
	msleep $((200 + $(rand 600)))
	kill_server
	msleep "$(rand 300)"
	restart_server || bail "jobdeskd did not start again after kill -9" "$tmp/server.log"
	k=$((k + 1))
done
msleep 500
touch "$tmp/stop"
reap "$wa"
reap "$wb"
ma=$(cat "$tmp/A.made")
mb=$(cat "$tmp/B.made")
check "the workers kept working through the kills ($ma + $mb seekers)" test "$ma" -gt 0 -a "$mb" -gt 0
integrity A B
quiet_sync A B C A B C
want=$((want + ma + mb))
check "after the server kills: every seeker on the server once ($want)" is "$(counts)" "$want $want 0"
for t in A B C; do
	check "after the server kills: $t has every seeker and event once" \
	    is "$(local_counts "$t")" "$want $want"
	export_all "$t"
done
same_data A B C

# --- PostgreSQL stopped and started again under load --------------------------
echo "-- PostgreSQL stopped and started again while terminals sync"
rm -f "$tmp/stop"
echo 0 >"$tmp/A.made"
echo 0 >"$tmp/B.made"
worker A 7000 &
wa=$!
track "$wa"
worker B 8000 &
wb=$!
track "$wb"
msleep 700
stop_pg || bail "pg_ctl stop failed" "$PGDIR/log"
check "with the database down /health answers 503" is "$(curl_health)" 503
check "and says the database is down" is "$(json "$tmp/health.out" '$.database')" down
# C syncs during the outage: its round waits (Retry-After) and goes through
# once the database is back.
seekers_csv 1 9000 >"$tmp/c.csv"
t_import C seekers "$tmp/c.csv"
start_bg C sync
pc=$BG_PID
msleep 1500
check "C's sync is still trying while the database is down" kill -0 "$pc"
start_pg || bail "PostgreSQL did not start again" "$PGDIR/log"
# Each worker thread finds its connection broken at its first request and
# connects again (at most once a second): /health may say 503 a few times
# before every worker is back. Wait for 8 answers of 200 in a row.
n=150
good=0
while [ "$good" -lt 8 ] && [ "$n" -gt 0 ]; do
	if [ "$(curl_health)" = 200 ]; then
		good=$((good + 1))
	else
		good=0
		sleep 0.1
	fi
	n=$((n - 1))
done
check "with the database back /health answers 200 (8 times in a row)" test "$good" -ge 8
wait_pid "$pc" 60
check "C's sync went through once the database was back" is "$?" 0
check "C's seeker made during the outage is on the server" is "$(pq "SELECT count(*) FROM record
    WHERE tbl = 'seeker' AND fields->>'phone' = '13800009000'")" 1
msleep 700
touch "$tmp/stop"
reap "$wa"
reap "$wb"
ma=$(cat "$tmp/A.made")
mb=$(cat "$tmp/B.made")
quiet_sync A B C A B C
want=$((want + ma + mb + 1))
check "after the database restart: every seeker on the server once ($want)" \
    is "$(counts)" "$want $want 0"
for t in A B C; do
	check "after the database restart: $t has every seeker and event once" \
	    is "$(local_counts "$t")" "$want $want"
	export_all "$t"
done
same_data A B C
integrity A B C

# --- a transaction that commits late -------------------------------------------
# A's push of seeker Z is held inside its transaction (a trigger waits for
# an advisory lock this script holds) after Z's change_log row is written.
# Meanwhile B pushes and C pulls. Then A's transaction commits: C's next
# pull must bring Z, although B's later change was committed first.
echo "-- a server transaction that commits late"
z=$(idnum 11010519700101999)
printf 'id_number,name,phone,household,education,category\n%s,迟到者,13912345678,urban,21,unemployed\n' \
    "$z" >"$tmp/z.csv"
t_import A seekers "$tmp/z.csv"
zid=$(seeker_id A "$z")
pq "CREATE FUNCTION test_hold() RETURNS trigger LANGUAGE plpgsql AS
    \$\$ BEGIN PERFORM pg_advisory_xact_lock_shared(4242); RETURN NULL; END \$\$;
    CREATE TRIGGER test_hold AFTER INSERT ON change_log FOR EACH ROW
    WHEN (NEW.key = '$zid') EXECUTE FUNCTION test_hold();" ||
    bail "cannot install the test trigger"
mkfifo "$tmp/hold"
psql -X -q "$JOBDESK_PG" <"$tmp/hold" >"$tmp/hold.out" 2>&1 &
hp=$!
track "$hp"
exec 7>"$tmp/hold"
echo "SELECT pg_advisory_lock(4242);" >&7
n=100
until [ "$(pq "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted")" = 1 ] ||
    [ "$n" -eq 0 ]; do
	sleep 0.1
	n=$((n - 1))
done
start_bg A sync
pa=$BG_PID
n=200
until [ "$(pq "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'advisory'")" = 1 ] ||
    [ "$n" -eq 0 ]; do
	sleep 0.1
	n=$((n - 1))
done
check "A's push is held inside its transaction, Z written" \
    is "$(pq "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'advisory'")" 1
seeker_set B "$(sed -n 3p "$tmp/s0.csv" | cut -d, -f1)" phone=13987654321
start_bg B sync
pb=$BG_PID
wait_pid "$pb" 8
st=$?
# Else nothing commits after a later change and the case tests nothing.
check "B's push committed while A's transaction was open" is "$st" 0
sync_ok C "C pulls while A's transaction is open"
check "C does not have Z yet" is "$(tsql C "SELECT count(*) FROM seeker WHERE id = '$zid'")" 0
echo "SELECT pg_advisory_unlock(4242);" >&7
exec 7>&-
reap "$hp"
wait_pid "$pa" 30
check "A's held sync finishes once its transaction commits" is "$?" 0
[ "$st" = 0 ] || sync_ok B "B pushes again"
sync_ok C "C pulls again"
check "C got the late change (Z)" is "$(tsql C "SELECT name FROM seeker WHERE id = '$zid'")" 迟到者
check "C got B's change" is "$(seeker_field C "$(sed -n 3p "$tmp/s0.csv" | cut -d, -f1)" phone)" \
    13987654321
pq "DROP TRIGGER test_hold ON change_log; DROP FUNCTION test_hold();"
quiet_sync A B C

# --- a terminal restored from a backup ------------------------------------------
# A terminal's database is copied away with changes still waiting, the
# terminal sends them and works on, and the copy is put back (a disk
# replaced, a backup restored). The waiting changes of the copy are true
# replays; what the clerk registers next takes numbers the server applied
# already, from the changes made after the copy. The server tells the two
# apart by what they are (it keeps a digest of each change it applied, by
# number), not by their clocks: the restored terminal's clock is a day
# behind. It acknowledges the replays and refuses the rest
# as "diverged", and the terminal sends those again under new numbers, in
# pages of 3 so that replays and new ones meet in one page. Nothing is
# dropped unseen, nothing is applied twice, no conflict is journaled.
echo "-- a terminal restored from a backup"
sync_all A B C
seekers_csv 2 910 >"$tmp/r0.csv"
t_import A seekers "$tmp/r0.csv"
tsql A "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
cp "$(tdb A)" "$tmp/a-backup.db"
waiting=$(tsql A "SELECT count(*) FROM outbox")
sync_ok A "A sends what waited when it was copied"
seekers_csv 2 900 >"$tmp/r1.csv"
t_import A seekers "$tmp/r1.csv"
sync_ok A "A syncs what it registered after the copy"
conflicts=$(pq "SELECT count(*) FROM record WHERE tbl = 'conflict'")
rm -f "$(tdb A)-wal" "$(tdb A)-shm"
cp "$tmp/a-backup.db" "$(tdb A)"
# Its clock a day behind: the new changes carry older clocks than the
# ones it sent before it was restored, and only their content tells them
# from replays.
seekers_csv 3 920 >"$tmp/r2.csv"
FAKE=-1d t_import A seekers "$tmp/r2.csv"
tid_a=$(tsql A "SELECT value FROM setting WHERE key = 'terminal_id'")
check "A, restored, has the copy's $waiting waiting changes and numbers its new ones after them" \
    is "$(tsql A "SELECT min(seq) + $waiting FROM outbox")" \
    "$(($(pq "SELECT last_seq FROM terminal WHERE id = '$tid_a'") - 3))"
direct A 'page_size = 3'
sync_ok A "A, restored, syncs"
direct A
check "the server refused the reused numbers, as diverged" \
    test "$(grep -c 'is another change than the one applied under its number' \
    "$tmp/server.log")" -ge 1
for i in 910 911 900 901 920 921 922; do
	check "the server has seeker 测试${i}号 once" is "$(pq "SELECT count(*) FROM record
	    WHERE tbl = 'seeker' AND fields->>'name' = '测试${i}号'")" 1
done
check "no conflict journaled by the replays" \
    is "$(pq "SELECT count(*) FROM record WHERE tbl = 'conflict'")" "$conflicts"
check "nothing parked" is "$(pq "SELECT count(*) FROM parked WHERE terminal = '$tid_a'")" 0
check "A's outbox is empty" is "$(tsql A "SELECT count(*) FROM outbox")" 0
sync_all B C A
for t in A B C; do
	export_all "$t"
done
same_data A B C
check "A has what it registered after the copy, back from the server" \
    is "$(tsql A "SELECT count(*) FROM seeker WHERE name IN ('测试900号', '测试901号')")" 2

# --- a restored server that lost acknowledged changes -----------------------------
# The district's database is restored from a dump taken before B's last
# push: the server had acknowledged those changes, and B dropped them
# from its outbox. B has nothing waiting, so a plain sync sends nothing;
# the administrator's path is jobdesk sync --resend (jobdesk-sync(7)):
# B sends again what it keeps of its acknowledged changes, under their
# numbers; the server takes the ones it has as replays and applies the
# rest. Nothing lost, nothing twice.
echo "-- a restored server: what it had acknowledged is sent again"
sync_all A B C
"$PGBIN/pg_dump" -Fc -f "$tmp/district.dump" "$JOBDESK_PG" 2>"$tmp/dump.err" ||
    bail "pg_dump failed" "$tmp/dump.err"
seekers_csv 3 940 >"$tmp/r3.csv"
t_import B seekers "$tmp/r3.csv"
sync_ok B "B's three new seekers are acknowledged"
check "B has nothing waiting" is "$(tsql B "SELECT count(*) FROM outbox")" 0
stop_server || fail "jobdeskd did not stop cleanly on SIGTERM"
psql -X -q -v ON_ERROR_STOP=1 "host=$PGDIR user=$PGSU dbname=postgres" \
    -c "DROP DATABASE jobdesk" -c "CREATE DATABASE jobdesk" >"$tmp/restore.log" 2>&1 &&
    "$PGBIN/pg_restore" -d "$JOBDESK_PG" "$tmp/district.dump" >>"$tmp/restore.log" 2>&1 ||
    bail "the district's database cannot be restored" "$tmp/restore.log"
jdd new-epoch >"$tmp/epoch.out" 2>&1 || fail "jobdeskd new-epoch" "$(cat "$tmp/epoch.out")"
restart_server || bail "jobdeskd did not start after the restore" "$tmp/server.log"
lost() {
	pq "SELECT count(*) FROM record WHERE tbl = 'seeker' AND fields->>'name' IN
	    ('测试940号', '测试941号', '测试942号')"
}
check "the restored server lacks B's three seekers" is "$(lost)" 0
sync_ok B "B syncs after the restore"
check "a plain sync sends nothing: the server still lacks them" is "$(lost)" 0
tid_b=$(tsql B "SELECT value FROM setting WHERE key = 'terminal_id'")
kept=$(tsql B "SELECT count(*) FROM outbox_sent")
if jd_sync B --resend >"$tmp/t/B/sync.out" 2>"$tmp/t/B/sync.err"; then
	ok "jobdesk sync --resend on B"
else
	fail "jobdesk sync --resend on B" "$(cat "$tmp/t/B/sync.err")"
fi
check "--resend says how many changes go again" has "$tmp/t/B/sync.err" \
    "$kept changes the server acknowledged are sent again"
for i in 940 941 942; do
	check "the server has seeker 测试${i}号 once again" is "$(pq "SELECT count(*) FROM record
	    WHERE tbl = 'seeker' AND fields->>'name' = '测试${i}号'")" 1
done
check "nothing of B parked" is "$(pq "SELECT count(*) FROM parked WHERE terminal = '$tid_b'")" 0
check "B's outbox is empty" is "$(tsql B "SELECT count(*) FROM outbox")" 0
sync_all A C
check "A has B's seekers back from the server" \
    is "$(tsql A "SELECT count(*) FROM seeker WHERE name LIKE '测试94_号'")" 3
for t in A B C; do
	export_all "$t"
done
same_data A B C

# --- a restored server: a new epoch ------------------------------------------------
# The administrator restored the database and gave it a new epoch: every
# terminal's cursor is stale, its next pull starts from the beginning.
echo "-- a new epoch: every terminal pulls again from the start"
before_c=$(local_counts C)
stop_server || fail "jobdeskd did not stop cleanly on SIGTERM"
jdd new-epoch >"$tmp/epoch.out" 2>&1 || fail "jobdeskd new-epoch" "$(cat "$tmp/epoch.out")"
restart_server || bail "jobdeskd did not start after new-epoch" "$tmp/server.log"
sync_ok C "C syncs after the new epoch"
pulled=$(sed -n 's/.*pulled \([0-9]*\).*/\1/p' "$tmp/t/C/sync.out")
check "C pulled the whole district again (${pulled:-?} records)" \
    test "${pulled:-0}" -ge "$(pq "SELECT count(*) FROM record WHERE tbl = 'seeker'")"
check "C has nothing twice" is "$(local_counts C)" "$before_c"
for t in A B C; do
	export_all "$t"
done
same_data A B C
finish
