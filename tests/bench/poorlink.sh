#!/bin/sh
# make bench, poor-link part (issue 14): the sync suite's poor link
# (tests/sync/poorlink.sh) for longer and with a seed of its own: a
# throwaway PostgreSQL and jobdeskd (tests/sync/lib.sh), a street's worth
# of job seekers sent by one terminal, then an empty terminal's first sync
# and a day's push of 200 changes through tests/sync/linksim at 256 kbit/s,
# 300 ms each way, a connection cut around every 300 KB. The seed comes
# from the clock and is printed (link_seed), so that a run that
# breaks replays with BENCH_LINK_SEED=N.
#
# Figures on standard output, "name value unit": the first sync's time,
# records, bytes on the wire (as the link counted them) and uncompressed
# (as jobdesk sync counted them), the cuts it went through, and the same
# for the day's push. Everything else goes to standard error. Nothing
# passes or fails on a time; the run fails only if a sync fails or the
# terminal does not end up with what the server holds.
#
#	sh tests/bench/poorlink.sh
#
#	BENCH_LINK_SEEKERS=N  job seekers on the server (default 10000; each
#	                      comes with its registration: 2 records)
#	BENCH_LINK_SEED=N     the link's seed (default: from the clock)
#	JOBDESK=FILE          the client (default bin/jobdesk; jobdeskd beside it)
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
B=${B:-build}
jobdesk=${JOBDESK:-bin/jobdesk}
nseek=${BENCH_LINK_SEEKERS:-10000}
seed=${BENCH_LINK_SEED:-$(date +%s)}
rate=256000
delay=300
cut=300000

# Figures on the original standard output (fd 3), everything else on standard error.
exec 3>&1 1>&2

${MAKE:-make} --no-print-directory "$B/tests/freeport" "$B/tests/cutproxy" \
    "$B/tests/peakrss" "$B/tests/signpush" "$B/tests/linksim" || exit 1
. "$top/tests/sync/lib.sh"
sync_init "$jobdesk" "$B/tests"

# fig NAME VALUE UNIT: one figure on standard output.
fig() {
	printf '%s %s %s\n' "$1" "$2" "$3" >&3
}

# say TEXT: a progress line.
say() {
	echo "bench: poorlink: $*"
}

# now: seconds since the epoch, to the nanosecond.
now() {
	date +%s.%N
}

# calc EXPR [FORMAT]: EXPR evaluated by awk.
calc() {
	awk "BEGIN { printf \"${2:-%.3f}\", $1 }"
}

# link_stat NAME FIELD: from the link's last "in all U up, D down, C cuts"
# line, the bytes both ways (bytes) or the cuts (cuts).
link_stat() {
	awk -v f="$2" '$2 == "in" && $3 == "all" { b = $4 + $6; c = $8 }
	    END { print (f == "cuts" ? c : b) + 0 }' "$tmp/link-$1.log"
}

# plain_bytes NAME: the uncompressed bytes of terminal NAME's last jobdesk
# sync, from its summary ("... (4.07 MiB uncompressed)"), as a number.
plain_bytes() {
	sed -n 's/.* on the wire (\([0-9.]*\) \([KMGT]*i*B\) uncompressed).*/\1 \2/p' \
	    "$tmp/t/$1/sync.out" | awk '{ m = 1
		if ($2 == "KiB") m = 1024
		if ($2 == "MiB") m = 1048576
		if ($2 == "GiB") m = 1073741824
		printf "%.0f\n", $1 * m }'
}

pg_start
server_setup
say "jobdeskd on $URL; load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
say "link seed $seed (BENCH_LINK_SEED=$seed replays it)"
fig link_seed "$seed" seed

new_terminal S 110105-01
seekers_rich_csv "$nseek" 0 "$seed" >"$tmp/street.csv"
t_import S seekers "$tmp/street.csv" || bail "import of the street's seekers failed"
t_sync S || bail "the street's push failed" "$tmp/t/S/sync.err"
say "$nseek seekers on the server ($(cat "$tmp/t/S/sync.out"))"

rm -f "$tmp/link-L.port"
"$TOOLS/linksim" --listen 0 --port-file "$tmp/link-L.port" --to "127.0.0.1:$PORT" \
    --rate "$rate" --delay "$delay" --cut-every "$cut" --seed "$seed" 2>"$tmp/link-L.log" &
lpid=$!
track "$lpid"
n=100
while [ ! -s "$tmp/link-L.port" ] && [ "$n" -gt 0 ]; do
	sleep 0.1
	n=$((n - 1))
done
[ -s "$tmp/link-L.port" ] || bail "linksim did not start" "$tmp/link-L.log"

# The field terminal's first sync, as its clerk runs it (signing in).
new_terminal F 110105-01 "url = http://127.0.0.1:$(cat "$tmp/link-L.port")"
b0=$(link_stat L bytes)
t0=$(now)
t_sync F || bail "the first sync over the link failed" "$tmp/t/F/sync.err"
t1=$(now)
wire=$(($(link_stat L bytes) - b0))
cuts=$(link_stat L cuts)
plain=$(plain_bytes F)
recs=$(sed -n 's/.*pulled \([0-9]*\),.*/\1/p' "$tmp/t/F/sync.out")
secs=$(calc "$t1 - $t0")
say "first sync: $secs s, $recs records, $wire bytes on the link, $cuts cuts" \
    "($(cat "$tmp/t/F/sync.out"))"
nf=$(tsql F "SELECT count(*) FROM seeker")
check "the field terminal holds the street's seekers" is "$nf" "$nseek"
fig link_rate "$((rate / 1000))" kbit/s
fig link_delay "$delay" ms
fig link_first_sync_records "$recs" records
fig link_first_sync_seconds "$(calc "$secs" %.1f)" s
fig link_first_sync_records_per_s "$(calc "$recs / $secs" %.0f)" records/s
fig link_first_sync_wire "$(calc "$wire / 1048576" %.2f)" MiB
fig link_first_sync_uncompressed "$(calc "$plain / 1048576" %.2f)" MiB
fig link_first_sync_compression "$(calc "$plain / $wire" %.1f)" x
fig link_first_sync_cuts "$cuts" cuts

# A day's push: 100 registrations (200 changes) over the same link.
seekers_rich_csv 100 "$((nseek + 1000))" "$((seed + 1))" >"$tmp/day.csv"
t_import F seekers "$tmp/day.csv" || bail "the day's import failed" "$tmp/t/F/import.err"
nchg=$(tsql F "SELECT count(*) FROM outbox")
b0=$(link_stat L bytes)
c0=$(link_stat L cuts)
t0=$(now)
t_sync F || bail "the day's push over the link failed" "$tmp/t/F/sync.err"
t1=$(now)
wire=$(($(link_stat L bytes) - b0))
plain=$(plain_bytes F)
say "day's push: $nchg changes in $(calc "$t1 - $t0") s, $wire bytes on the link," \
    "$(($(link_stat L cuts) - c0)) cuts ($(cat "$tmp/t/F/sync.out"))"
check "the day's changes all went" is "$(tsql F "SELECT count(*) FROM outbox")" 0
fig link_push_changes "$nchg" changes
fig link_push_seconds "$(calc "$t1 - $t0" %.1f)" s
fig link_push_wire "$(calc "$wire / 1024" %.1f)" KiB
fig link_push_uncompressed "$(calc "$plain / 1024" %.1f)" KiB
fig link_push_cuts "$(($(link_stat L cuts) - c0))" cuts
say "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
finish
