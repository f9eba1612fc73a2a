#!/bin/sh
# Sync over a poor link, as a field worker's weak mobile connection in a
# community centre gives it: through tests/sync/linksim at 256 kbit/s,
# 300 ms each way, a connection cut around every 200 KB (seed 14, so a
# failure replays), a terminal's first sync of a district of 3,000 seekers
# and then a day's push of 200 changes each complete in one jobdesk sync,
# with no help, and every terminal ends up with the same records.
#
# Around it: the bytes jobdesk sync reports are the bytes the link carried,
# and far fewer than uncompressed; a first sync cut for good at 60 % of its
# bytes (the plug pulled, the program killed) continues where it stopped
# (the next sync pulls only the records it had not applied, never one of
# those it holds); a push cut in the middle of its body changes nothing on
# the server and goes whole, once, with the next sync; and a server from
# before compressed pushes (cutproxy plays one) still takes a terminal's
# changes, sent again uncompressed.
# Usage: sh tests/sync/poorlink.sh BINARY [TOOLS_DIR]
set -u
. "$(dirname "$0")/lib.sh"
sync_init "$@"
[ -x "$TOOLS/linksim" ] || bail "no test tool $TOOLS/linksim; run make tests"
pg_start
server_setup

NSEEK=3000

# start_link NAME [LINKSIM OPTIONS...]: a linksim to the server; its
# address in LINK_URL, its process id in LINK_PID, its log in $tmp/link-NAME.log.
start_link() {
	_n=$1
	shift
	rm -f "$tmp/link-$_n.port"
	"$TOOLS/linksim" --listen 0 --port-file "$tmp/link-$_n.port" --to "127.0.0.1:$PORT" \
	    "$@" 2>"$tmp/link-$_n.log" &
	LINK_PID=$!
	track "$LINK_PID"
	_w=100
	while [ ! -s "$tmp/link-$_n.port" ] && [ "$_w" -gt 0 ]; do
		sleep 0.1
		_w=$((_w - 1))
	done
	[ -s "$tmp/link-$_n.port" ] || bail "linksim did not start" "$tmp/link-$_n.log"
	LINK_URL=http://127.0.0.1:$(cat "$tmp/link-$_n.port")
}

# stop_link: end the linksim started last (it logs its totals).
stop_link() {
	kill "$LINK_PID" 2>/dev/null
	reap "$LINK_PID" 2>/dev/null
}

# link_bytes NAME: the bytes that link carried, both ways, as it last said.
link_bytes() {
	awk '$2 == "in" && $3 == "all" { t = $4 + $6 } END { print t + 0 }' "$tmp/link-$1.log"
}

# link_cuts NAME: the connections that link cut.
link_cuts() {
	awk '$2 == "in" && $3 == "all" { c = $8 } END { print c + 0 }' "$tmp/link-$1.log"
}

# wait_text FILE TEXT SECONDS: wait until FILE holds TEXT; 0, or 1 in time.
wait_text() {
	_w=$(($3 * 10))
	until grep -q -- "$2" "$1" 2>/dev/null; do
		[ "$_w" -gt 0 ] || return 1
		sleep 0.1
		_w=$((_w - 1))
	done
}

# summary_bytes NAME WHICH: from terminal NAME's last jobdesk sync summary
# ("...; 562 KiB on the wire (4.07 MiB uncompressed)"), the bytes on the
# wire (WHICH = wire) or uncompressed (plain), as a number.
summary_bytes() {
	case $2 in
	wire) _re='.*; \([0-9.]*\) \([KMGT]*i*B\) on the wire.*' ;;
	*) _re='.* on the wire (\([0-9.]*\) \([KMGT]*i*B\) uncompressed).*' ;;
	esac
	sed -n "s/$_re/\\1 \\2/p" "$tmp/t/$1/sync.out" | awk '{
		m = 1
		if ($2 == "KiB") m = 1024
		if ($2 == "MiB") m = 1048576
		if ($2 == "GiB") m = 1073741824
		printf "%.0f\n", $1 * m
	}'
}

# pulled NAME: the records terminal NAME's last jobdesk sync says it pulled.
pulled() {
	sed -n 's/.*pulled \([0-9]*\),.*/\1/p' "$tmp/t/$1/sync.out"
}

# near A B PERMILLE: A is within PERMILLE thousandths of B (the summary's
# three significant digits are that precise).
near() {
	awk -v a="$1" -v b="$2" -v p="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d * 1000 <= b * p) }' &&
	    return 0
	printf '     %s is not within %s/1000 of %s\n' "$1" "$3" "$2"
	return 1
}

# The district: 3,000 seekers with the free text real records carry
# (each with its registration: 6,000 changes), from terminal A.
new_terminal A 110105-01
seekers_rich_csv "$NSEEK" 0 14 >"$tmp/district.csv"
t_import A seekers "$tmp/district.csv"
sync_ok A "A sends the district's $NSEEK seekers"

# --- the bytes reported are the bytes carried ----------------------------------
echo "-- a first sync over a good link: the bytes jobdesk sync reports"
new_terminal R 110105-01
start_link clean
terminal_ini R "url = $LINK_URL"
sync_ok R "R's first sync through a link that loses nothing"
stop_link
direct R
T=$(link_bytes clean)
W=$(summary_bytes R wire)
P=$(summary_bytes R plain)
PR=$(pulled R)
check "R pulled the district ($PR records)" test "${PR:-0}" -gt "$((2 * NSEEK))"
check "the bytes jobdesk sync reports ($W) are the bytes the link carried ($T)" \
    near "${W:-0}" "$T" 6
check "compressed, a first sync carries under a third of its bytes ($W of $P)" \
    test "$((${W:-0} * 3))" -lt "${P:-0}"

# --- a first sync over the poor link -------------------------------------------
echo "-- a first sync at 256 kbit/s, 300 ms each way, a cut every ~200 KB (seed 14)"
new_terminal F 110105-01
start_link poor --rate 256000 --delay 300 --cut-every 200000 --seed 14
terminal_ini F "url = $LINK_URL"
sync_ok F "F's first sync over the poor link, in one jobdesk sync"
cuts=$(link_cuts poor)
check "the link cut F's first sync ($cuts times), and F went on by itself" test "$cuts" -ge 1
# (Each terminal enrolled since R's first sync is one record more to pull.)
check "F pulled the district as R did ($(pulled F) records, R $PR)" test "$(pulled F)" -ge "$PR"
check "F holds the district's seekers" is "$(tsql F 'SELECT count(*) FROM seeker')" "$NSEEK"
check "F's summary gives the bytes on the wire" test -n "$(summary_bytes F wire)"

# --- a day's push over the poor link ------------------------------------------
echo "-- a day's push of 200 changes over the same link"
seekers_rich_csv 100 5000 15 >"$tmp/day.csv"
t_import F seekers "$tmp/day.csv"
check "F has 200 changes waiting" is "$(tsql F 'SELECT count(*) FROM outbox')" 200
cuts0=$(link_cuts poor)
tidF=$(tid F)
sync_ok F "F's day's push over the poor link, in one jobdesk sync"
echo "   the link cut $(($(link_cuts poor) - cuts0)) more connections ($(link_cuts poor) in all)"
check "F has nothing waiting" is "$(tsql F 'SELECT count(*) FROM outbox')" 0
check "the server applied F's 200 changes" is "$(pq "SELECT last_seq FROM terminal
    WHERE id = '$tidF'")" 200
grep " POST /v1/push 200 .* terminal $tidF in " "$tmp/server.log" | tail -n 1 >"$tmp/fpush.txt"
check "F's push went compressed" grep -q ' in [0-9]* B gzip ' "$tmp/fpush.txt"
FPUSH=$(sed -n 's/.* in \([0-9]*\) B gzip .*/\1/p' "$tmp/fpush.txt")
stop_link
direct F
quiet_sync A R
for t in A R F; do
	export_all "$t"
done
same_data A R F

# --- a first sync cut for good at 60 % -------------------------------------------
echo "-- a first sync cut for good at 60 % of its bytes ($((T * 6 / 10)) of $T)"
new_terminal G 110105-01
start_link down --down-at "$((T * 6 / 10))"
terminal_ini G "url = $LINK_URL"
start_bg G sync
if wait_text "$tmp/link-down.log" "goes down" 120; then
	ok "the link went down under G's first sync"
else
	fail "the link went down under G's first sync" "$(tail -n 5 "$tmp/link-down.log")"
fi
# The laptop closed: the program ends where it stands.
kill -9 "$BG_PID" 2>/dev/null
reap "$BG_PID" 2>/dev/null
stop_link
S1=$(tsql G 'SELECT count(*) FROM seeker')
check "G holds part of the district after the cut ($S1 of $NSEEK seekers)" \
    test "$S1" -gt 0 -a "$S1" -lt "$NSEEK"
start_link again
terminal_ini G "url = $LINK_URL"
sync_ok G "G's next sync, the link back"
stop_link
direct G
P2=$(pulled G)
T2=$(link_bytes again)
check "G's next sync pulled only the rest ($P2 records of $PR, none of the $S1 seekers it held)" \
    test "$((P2 + S1))" -le "$PR"
# A sync from the beginning carries at least a whole first sync (T, of a
# district smaller than G's by F's day); one that resumes saves at least
# half of the share G already held. (Not against the 60 % the cut link
# carried: much of it was still in buffers, never applied, when it went.)
SAVED=$((T - T * S1 / NSEEK / 2))
check "... and carried less than a first sync less half of what G held ($T2 bytes, against $SAVED)" \
    test "$T2" -lt "$SAVED"
check "G holds the whole district" is "$(tsql G 'SELECT count(*) FROM seeker')" \
    "$(tsql R 'SELECT count(*) FROM seeker')"
integrity G

# --- a push cut in the middle of its body ----------------------------------------
echo "-- a push cut in the middle of its body (half of F's $FPUSH bytes)"
seekers_rich_csv 100 6000 16 >"$tmp/g.csv"
t_import G seekers "$tmp/g.csv"
tidG=$(tid G)
seqG=$(pq "SELECT last_seq FROM terminal WHERE id = '$tidG'")
records0=$(pq "SELECT count(*) FROM record")
# The round's first request is the push: its head, then half its body.
start_link mid --down-at "$((${FPUSH:-60000} / 2))"
terminal_ini G "url = $LINK_URL"
start_bg G sync
if wait_text "$tmp/link-mid.log" "goes down" 60; then
	ok "the link went down under G's push"
else
	fail "the link went down under G's push" "$(tail -n 5 "$tmp/link-mid.log")"
fi
kill -9 "$BG_PID" 2>/dev/null
reap "$BG_PID" 2>/dev/null
stop_link
check "the link cut it in the middle of the body (it carried $(link_bytes mid) bytes up)" \
    grep -q 'sending to the server' "$tmp/link-mid.log"
check "the server took nothing of the cut push" is "$(pq "SELECT last_seq FROM terminal
    WHERE id = '$tidG'")/$(pq "SELECT count(*) FROM record")" "$seqG/$records0"
check "G still has its 200 changes waiting" is "$(tsql G 'SELECT count(*) FROM outbox')" 200
direct G
sync_ok G "G's next sync sends them"
check "the server applied each of them once" is "$(pq "SELECT last_seq FROM terminal
    WHERE id = '$tidG'")/$(pq "SELECT count(*) FROM record")" "$((seqG + 200))/$((records0 + 200))"
check "no record has a change twice in the change log" is "$(pq "SELECT count(*) FROM
    (SELECT tbl, key FROM change_log GROUP BY tbl, key HAVING count(*) > 1) d")" 0

# --- a server from before compressed pushes -------------------------------------------
echo "-- a server that does not take compressed pushes"
new_terminal H 110105-02
sync_ok H "H's first sync"
seekers_rich_csv 5 7000 17 >"$tmp/h.csv"
t_import H seekers "$tmp/h.csv"
start_proxy /v1/push old 100
via_proxy H
sync_ok H "H syncs through a server that refuses compressed pushes"
stop_proxy
check "the compressed push was refused as such a server refuses it" \
    grep -q ' POST /v1/push 415 old ' "$tmp/proxy.log"
check "then sent uncompressed, and applied" is "$(pq "SELECT last_seq FROM terminal
    WHERE id = '$(tid H)'")" 10
grep " POST /v1/push 200 .* terminal $(tid H) in " "$tmp/server.log" >"$tmp/hpush.txt"
check "the push the server took was not compressed" hasnt "$tmp/hpush.txt" ' B gzip out'
direct H

# --- every terminal converges ------------------------------------------------------
quiet_sync A R F G H
quiet_sync A R F G H
for t in A R F G H; do
	export_all "$t"
done
same_data A R F G H
integrity A R F G H
finish
