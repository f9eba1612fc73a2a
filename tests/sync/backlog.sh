#!/bin/sh
# Days offline: a terminal with more than 100,000 changes waiting pushes
# them all in pages with bounded memory, and an empty terminal then pulls
# the whole district in pages and ends up with exactly the same data.
#
# Memory is measured, not time: the peak resident set size the kernel
# counted for the whole `jobdesk sync` process (build/tests/peakrss, from
# wait4's rusage), which does not depend on how fast the machine is. The
# bound asserted is 64 MiB for the plain build: a client that read the
# whole backlog at once would hold well over that (106,000 entries are
# about 15 MB of JSON text alone and several times that as parsed
# objects), while a paged one needs its page (1,000 entries) and SQLite's
# cache. Independent of the absolute figure, the peak for the big backlog
# may exceed the peak for a small one (60 entries, same build) by at most
# 16 MiB: memory must not grow with the backlog. Sanitizer builds carry
# shadow memory and an allocator that holds freed blocks back (measured:
# 20 MB more for 26,000 entries than for 60), so the figures measure the
# sanitizer there, not jobdesk: they are printed, and asserted in the
# plain pass of make check only.
# Usage: sh tests/sync/backlog.sh BINARY [TOOLS_DIR]
set -u
. "$(dirname "$0")/lib.sh"
sync_init "$@"
pg_start
server_setup

nseekers=3000
nupdates=100000
limit_kib=65536
growth_kib=16384
if [ -n "${JOBDESK_SANITIZED:-}" ]; then
	# The sanitizer pass looks for memory errors on the same paths (many
	# pages each way); the server applies some 1,400 updates a second, and
	# three to four times fewer under the sanitizers, so the backlog there
	# is 20,000 updates. The 100,000 and the absolute bound are the plain pass's.
	nupdates=20000
	# ASan's default quarantine of freed blocks (256 MB) makes a peak of
	# some 700 MB here; CI machines need not have that to spare.
	export ASAN_OPTIONS="$ASAN_OPTIONS:quarantine_size_mb=16"
	echo "     (sanitizer build: $nupdates updates instead of 100,000; memory not asserted)"
fi

# rss_sync NAME: jobdesk sync on NAME under peakrss, signing as jd_sync does
# (the imported backlog is signed in the same process); the status, RSS in
# $tmp/t/NAME/rss.
rss_sync() {
	printf '%s\n' "$PASSWORD" | "$TOOLS/peakrss" "$tmp/t/$1/rss" "$BIN" \
	    --config "$tmp/t/$1/jobdesk.ini" --db "$tmp/t/$1/jobdesk.db" sync \
	    --user "${SYNC_USER:-wangfang}" >"$tmp/t/$1/sync.out" 2>"$tmp/t/$1/sync.err"
}

# The yardstick: a terminal with a small backlog (30 seekers, 60 entries).
new_terminal S 110105-02
seekers_csv 30 90000 >"$tmp/small.csv"
t_import S seekers "$tmp/small.csv"
rss_sync S
check "small backlog: sync exit status 0" is "$?" 0
small=$(cat "$tmp/t/S/rss")

# The backlog: 3,000 registrations (seeker and service event each) made
# with jobdesk import, then 100,000 phone changes spread over them, written
# straight into the outbox as the store writes them (jobdesk import makes
# about 1,300 changes a second with a commit each; this takes a second).
new_terminal A 110105-01
seekers_csv "$nseekers" 0 >"$tmp/big.csv"
t_import A seekers "$tmp/big.csv" || bail "the registrations could not be imported"
tsql A "BEGIN IMMEDIATE;
CREATE TEMP TABLE base AS SELECT
    (SELECT CAST(value AS INTEGER) FROM setting WHERE key = 'outbox_seq') AS seq,
    max((SELECT CAST(value AS INTEGER) FROM setting WHERE key = 'hlc'),
	CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) << 16) AS hlc;
CREATE TEMP TABLE s AS SELECT id, row_number() OVER (ORDER BY rid) - 1 AS k FROM seeker;
WITH RECURSIVE i(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM i WHERE n < $nupdates)
INSERT INTO outbox (seq, tbl, row_id, op, fields, hlc, created_at)
SELECT base.seq + n, 'seeker', s.id, 'update', json_object('phone', printf('139%08d', n)),
    base.hlc + n, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
FROM i JOIN s ON s.k = i.n % $nseekers, base;
UPDATE seeker SET phone = (SELECT json_extract(fields, '\$.phone') FROM outbox
    WHERE tbl = 'seeker' AND row_id = seeker.id AND op = 'update' ORDER BY seq DESC LIMIT 1),
    hlc = (SELECT max(hlc) FROM outbox WHERE tbl = 'seeker' AND row_id = seeker.id);
UPDATE setting SET value = (SELECT seq FROM base) + $nupdates WHERE key = 'outbox_seq';
UPDATE setting SET value = (SELECT hlc FROM base) + $nupdates WHERE key = 'hlc';
COMMIT;" || bail "the backlog could not be written"
waiting=$(tsql A 'SELECT count(*) FROM outbox')
check "A has $((2 * nseekers + nupdates)) changes waiting" is "$waiting" $((2 * nseekers + nupdates))
last=$(tsql A "SELECT value FROM setting WHERE key = 'outbox_seq'")
check "the outbox sequence is gap-free" is "$(tsql A 'SELECT min(seq) || " " || max(seq)
    FROM outbox')" "1 $last"

start_proxy
via_proxy A
rss_sync A
st=$?
check "the backlog: sync exit status 0" is "$st" 0
[ "$st" -eq 0 ] || sed 's/^/     | /' "$tmp/t/A/sync.err" | head -20
big=$(cat "$tmp/t/A/rss")
check "the backlog: outbox empty" is "$(tsql A 'SELECT count(*) FROM outbox')" 0
check "the backlog: the server applied every entry (last seq $last)" is "$(pq "SELECT last_seq
    FROM terminal WHERE id = '$(tsql A "SELECT value FROM setting WHERE key = 'terminal_id'")'")" \
    "$last"
check "the backlog: nothing parked" is "$(pq 'SELECT count(*) FROM parked')" 0
pushes=$(grep -c ' POST /v1/push 200 ' "$tmp/proxy.log")
check "the backlog went in pages of at most 1,000 ($pushes pushes)" \
    test "$pushes" -ge $(((2 * nseekers + nupdates + 999) / 1000))
check "the server has A's last phone for every seeker" is "$(pq "SELECT count(*) FROM record
    WHERE tbl = 'seeker' AND fields->>'phone' LIKE '139%'")" "$nseekers"
echo "     peak RSS: small backlog $small KiB, $waiting entries $big KiB"
if [ -z "${JOBDESK_SANITIZED:-}" ]; then
	check "the backlog: peak RSS $big KiB < $limit_kib KiB" test "$big" -lt "$limit_kib"
	check "the backlog: peak RSS grew by $((big - small)) KiB over the small one's (< $growth_kib)" \
	    test "$((big - small))" -lt "$growth_kib"
fi

# An empty terminal pulls the district in pages of 200 records.
: >"$tmp/proxy.log"
new_terminal E 110105-02
via_proxy E 'page_size = 200'
rss_sync E
check "the first pull: sync exit status 0" is "$?" 0
pulled=$(cat "$tmp/t/E/rss")
pulls=$(grep -c ' POST /v1/pull 200 ' "$tmp/proxy.log")
records=$(pq "SELECT count(*) FROM record")
check "the first pull came in pages ($pulls pulls for $records records)" \
    test "$pulls" -ge $((records / 200))
echo "     peak RSS of the first pull: $pulled KiB"
if [ -z "${JOBDESK_SANITIZED:-}" ]; then
	check "the first pull: peak RSS $pulled KiB < $limit_kib KiB" test "$pulled" -lt "$limit_kib"
	check "the first pull: peak RSS grew by $((pulled - small)) KiB over the small sync's (< $growth_kib)" \
	    test "$((pulled - small))" -lt "$growth_kib"
fi
check "E has every seeker" is "$(tsql E 'SELECT count(*) FROM seeker')" $((nseekers + 30))
check "E knows its first sync is done" is "$(tsql E "SELECT value FROM setting
    WHERE key = 'first_sync_done'")" 1
direct A
quiet_sync S A
for t in A E S; do
	export_all "$t"
done
same_data A E S
integrity A E
finish
