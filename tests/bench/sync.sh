#!/bin/sh
# make bench, sync part (issue 3): a throwaway PostgreSQL and jobdeskd on
# loopback (the harness of the sync tests, tests/sync/lib.sh), loaded with
# the district data set, then
#
#   backlog push   a terminal holding the whole data set as waiting changes
#                  pushes them all (this is also how the district is loaded)
#   full pull      an empty terminal pulls the district with jobdesk sync,
#                  against sqlite3 .import of the same rows, as CSV, into
#                  the client's schema, in the same run (and a second
#                  baseline that also builds the name-gram index in SQL);
#                  with the bytes it carried, compressed as they went and
#                  uncompressed, as its summary gives them
#   scoped pull    an empty terminal scoped to one street (an eighth of the
#                  people given to it) pulls its street in full and the
#                  rest of the district as its identity index: time and
#                  database size against the full pull
#   round trip     1,000 changed seekers on terminal A, from the start of
#                  A's jobdesk sync to the end of B's that brings them
#   50 terminals   50 terminals with 200 changes each start jobdesk sync at
#                  once: changes per second the server applies
#
# Figures go to standard output as "name value unit", everything else to
# standard error. Nothing passes or fails on a time; the run fails only if
# the benchmark itself breaks (a sync that fails, rows that do not arrive).
#
#	sh tests/bench/sync.sh [DATA_SET_DB]
#
# DATA_SET_DB is gen's database (default build/bench/data-$BENCH_SIZE/
# district.db, made by tests/bench/run.sh). JOBDESK=FILE is the client
# (default bin/jobdesk; jobdeskd is taken from beside it).
# BENCH_SCOPED_KEEP=FILE keeps a copy of the scoped terminal's database there.
#
# How the district gets into the server: a copy of the data set is
# enrolled as a terminal, and its rows become outbox entries (an insert
# of every employer, vacancy and seeker with all their fields, sequence
# numbers 1..N, each stamped with its row's clock) written with SQL, as
# the store would have written them had a clerk registered them all on
# that terminal. Its jobdesk sync, as the district's supervisor, signs
# them (changes made before enrollment: timed on their own, until sync
# says it did) and pushes them; the push is timed by polling the server's
# last_seq, and the terminal is stopped once the server has them all (its
# pull of its own records is not of interest).
# Employer withdrawal reasons that only the seekers' list has
# (self_employed) go up as "other": the server checks them against the
# employers' list. PostgreSQL is then analyzed, as autovacuum would do
# shortly after such a load, so that the pulls see a settled server.
#
# The 50 terminals' databases are not filled with the district: their pull
# cursor is set to the server's last change before they start (a terminal
# in step with the district), so each pulls what the others pushed before
# it, not the whole district. Their changes are 100 new seekers each (a
# seeker and its registration service event: 2 changes) made by jobdesk
# import as the district's supervisor, signed as they are made (the
# district's offices and accounts copied in, as a pull would bring them);
# their syncs, like the round trip's, run with no account, as cron runs
# them, so that no login is timed.
#
#	BENCH_SYNC_RUNS=N   full pulls (and baselines) to take the median of, 2 or more:
#	                    default 3, or 2 when the first pull took over 300 s
#	                    (two synced terminals are needed for the round trip)
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
B=${B:-build}
size=${BENCH_SIZE:-full}
data=${1:-$B/bench/data-$size/district.db}
jobdesk=${JOBDESK:-bin/jobdesk}

# Figures on the original standard output (fd 3); the harness's own lines
# ("ok ...", its summary) and everything else on standard error.
exec 3>&1 1>&2

if [ ! -f "$data" ]; then
	echo "bench: sync: no data set at $data; run tests/bench/run.sh (make bench) first"
	exit 1
fi
case $data in /*) ;; *) data=$top/$data ;; esac
if [ ! -f "$top/tests/sync/lib.sh" ]; then
	echo "bench: sync: the sync tests' harness tests/sync/lib.sh is missing"
	exit 1
fi
# The harness's tools (freeport, cutproxy, peakrss), built as make tests builds them.
${MAKE:-make} --no-print-directory "$B/tests/freeport" "$B/tests/cutproxy" \
    "$B/tests/peakrss" || exit 1

. "$top/tests/sync/lib.sh"
sync_init "$jobdesk" "$B/tests"

# --- figures and clocks -----------------------------------------------------

# fig NAME VALUE UNIT: one figure on standard output.
fig() {
	printf '%s %s %s\n' "$1" "$2" "$3" >&3
}

# say TEXT: a progress line.
say() {
	echo "bench: sync: $*"
}

# now: seconds since the epoch, to the nanosecond.
now() {
	date +%s.%N
}

# calc EXPR: EXPR evaluated by awk (FORMAT is %.3f unless given as $2).
calc() {
	awk "BEGIN { printf \"${2:-%.3f}\", $1 }"
}

# median: the median of the numbers on standard input (mean of the middle two).
median() {
	sort -g | awk '{ a[NR] = $1 } END {
		if (NR == 0) print 0
		else if (NR % 2) print a[(NR + 1) / 2]
		else print (a[NR / 2] + a[NR / 2 + 1]) / 2
	}'
}

# server_ms MARK TERMINAL PATH: requests of a terminal to PATH logged by
# jobdeskd after line MARK of its log: "COUNT SUM_MS" (successful ones).
server_ms() {
	tail -n +"$(($1 + 1))" "$tmp/server.log" | awk -v t="terminal $2" -v p="$3" '
	    index($0, " POST " p " 200 ") && index($0, t) {
		for (i = 1; i < NF; i++)
			if ($(i + 1) == "ms" && $i ~ /^[0-9.]+$/) { sum += $i; n++; break }
	    } END { printf "%d %.1f\n", n, sum }'
}

# log_mark: the number of lines in jobdeskd's log now.
log_mark() {
	wc -l <"$tmp/server.log" | tr -d ' '
}

# terminal_id NAME: the terminal's id, as enrolled.
terminal_id() {
	tsql "$1" "SELECT value FROM setting WHERE key = 'terminal_id'"
}

# summary_mib NAME WHICH: from terminal NAME's last jobdesk sync summary
# ("...; 562 KiB on the wire (4.07 MiB uncompressed)"), the bytes on the
# wire (WHICH = wire) or uncompressed (plain), in MiB.
summary_mib() {
	case $2 in
	wire) _re='.*; \([0-9.]*\) \([KMGT]*i*B\) on the wire.*' ;;
	*) _re='.* on the wire (\([0-9.]*\) \([KMGT]*i*B\) uncompressed).*' ;;
	esac
	sed -n "s/$_re/\\1 \\2/p" "$tmp/t/$1/sync.out" | awk '{
		m = 1
		if ($2 == "KiB") m = 1024
		if ($2 == "MiB") m = 1048576
		if ($2 == "GiB") m = 1073741824
		printf "%.3f\n", $1 * m / 1048576
	}'
}

# db_mb FILE: the size of a database with its WAL, in MB.
db_mb() {
	cat "$1" "$1-wal" 2>/dev/null | wc -c | awk '{ printf "%.0f", $1 / 1048576 }'
}

# plain_sync NAME: a round with no account, as cron runs it on a terminal
# whose clerks sign their changes as they make them; its status.
plain_sync() {
	"$BIN" --config "$tmp/t/$1/jobdesk.ini" --db "$tmp/t/$1/jobdesk.db" sync \
	    >"$tmp/t/$1/sync.out" 2>"$tmp/t/$1/sync.err"
}

# signed_import NAME KIND CSV: jobdesk import as the district's supervisor
# (its password on standard input): each change signed as it is made.
signed_import() {
	printf '%s\n' "$PASSWORD" | "$BIN" --config "$tmp/t/$1/jobdesk.ini" \
	    --db "$tmp/t/$1/jobdesk.db" import --user wangfang "$2" "$3" \
	    >"$tmp/t/$1/import.out" 2>"$tmp/t/$1/import.err" ||
	    { cat "$tmp/t/$1/import.err" >&2; return 1; }
}

# bg_sync NAME [plain]: jobdesk sync of terminal NAME in the background (in
# a subshell, whose process id is $! afterwards; never "wait" for all
# children: jobdeskd is one), as the district's supervisor (jd_sync), or
# plain: with no account, its changes signed already; its status goes to
# $tmp/t/NAME/rc and the time it ended to $tmp/t/NAME/end.
bg_sync() {
	if [ "${2:-}" = plain ]; then
		set -- "$1"
	else
		set -- "$1" --user wangfang
	fi
	(
		_t=$1
		shift
		printf '%s\n' "$PASSWORD" | "$BIN" --config "$tmp/t/$_t/jobdesk.ini" \
		    --db "$tmp/t/$_t/jobdesk.db" sync "$@" \
		    >"$tmp/t/$_t/sync.out" 2>"$tmp/t/$_t/sync.err" &
		echo $! >>"$tmp/pids"
		wait $!
		echo $? >"$tmp/t/$_t/rc"
		now >"$tmp/t/$_t/end"
	) &
	echo $! >>"$tmp/pids"
}

# wait_applied SQL TARGET [PIDS]: poll the server until SQL gives TARGET (or
# more); 0 then, 1 if the processes PIDS (syncs that should get there; a
# list in one word) all ended first.
wait_applied() {
	while :; do
		v=$(pq "$1" 2>/dev/null)
		[ -n "$v" ] && [ "$v" -ge "$2" ] && return 0
		if [ -n "${3:-}" ] && ! bench_alive $3; then
			v=$(pq "$1" 2>/dev/null)
			[ -n "$v" ] && [ "$v" -ge "$2" ] && return 0
			return 1
		fi
		sleep 0.1
	done
}

# bench_alive PID...: whether any of the processes still runs.
bench_alive() {
	for _p in "$@"; do
		kill -0 "$_p" 2>/dev/null && return 0
	done
	return 1
}

# --- the server ---------------------------------------------------------------

pg_start
# 50 terminals on one loopback address: the per-address limit of a real
# district (16, one office's windows behind one NAT) would turn them away.
server_setup limits.per_address=100 limits.max_connections=200
say "jobdeskd on $URL, PostgreSQL in $PGDIR"
# Other work on the machine skews every figure here: say how busy it was.
say "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"

nseek=$(sqlite3 "$data" "SELECT count(*) FROM seeker")
nemp=$(sqlite3 "$data" "SELECT count(*) FROM employer")
nvac=$(sqlite3 "$data" "SELECT count(*) FROM vacancy")
ngram=$(sqlite3 "$data" "SELECT count(*) FROM seeker_name_gram")
nrec=$((nseek + nemp + nvac))
say "data set $data: $nseek seekers, $nemp employers, $nvac vacancies"
fig sync_dataset_records "$nrec" rows

# --- loading the district: the backlog push ------------------------------------

mkdir -p "$tmp/t/L"
cp "$data" "$tmp/t/L/jobdesk.db" || bail "cannot copy the data set"
t0=$(now)
new_terminal L 110105
say "loader enrolled (ids re-derived with the district's key) in $(calc "$(now) - $t0" %.1f) s"
# The district's accounts, so that the loader's sync can log in at once.
t_sync L || bail "the loader's first jobdesk sync failed" "$tmp/t/L/sync.err"

t0=$(now)
tsql L "BEGIN IMMEDIATE;
INSERT INTO outbox (seq, tbl, row_id, op, fields, hlc, created_at)
SELECT row_number() OVER (ORDER BY k, rid), tbl, id, 'insert', fields, hlc,
    strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
FROM (
	SELECT 1 AS k, rid, 'employer' AS tbl, id, hlc, json_object('address', address,
	    'contact', contact, 'created_by', created_by, 'district', district,
	    'hard_to_recruit', hard_to_recruit, 'industry', industry, 'name', name,
	    'office', office, 'phone', phone, 'registered_on', registered_on, 'status', status,
	    'type', type, 'uscc', uscc, 'withdraw_reason',
	    CASE withdraw_reason WHEN 'self_employed' THEN 'other' ELSE withdraw_reason END)
	    AS fields
	FROM employer
	UNION ALL
	SELECT 2, rid, 'vacancy', id, hlc, json_object('age_max', age_max, 'age_min', age_min,
	    'created_by', created_by, 'description', description, 'district', district,
	    'education', education, 'employer_id', employer_id, 'headcount', headcount,
	    'hours', hours, 'occupation', occupation, 'office', office,
	    'registered_on', registered_on, 'status', status, 'title', title,
	    'valid_until', valid_until, 'wage_max', wage_max, 'wage_min', wage_min,
	    'withdraw_reason', withdraw_reason)
	FROM vacancy
	UNION ALL
	SELECT 3, rid, 'seeker', id, hlc, json_object('address', address,
	    'birth_date', birth_date, 'category', category, 'created_by', created_by,
	    'desired_district', desired_district, 'desired_occupation', desired_occupation,
	    'desired_wage', desired_wage, 'district', district, 'education', education,
	    'experience', experience, 'hardship', hardship, 'hardship_basis', hardship_basis,
	    'household', household, 'id_number', id_number, 'major', major, 'name', name,
	    'office', office, 'phone', phone, 'registered_on', registered_on, 'sex', sex,
	    'skills', skills, 'status', status, 'street', street, 'valid_until', valid_until,
	    'withdraw_reason', withdraw_reason)
	FROM seeker
);
UPDATE setting SET value = (SELECT max(seq) FROM outbox) WHERE key = 'outbox_seq';
UPDATE setting SET value = max(CAST(value AS INTEGER), (SELECT max(hlc) FROM outbox))
WHERE key = 'hlc';
COMMIT;" || bail "cannot write the loader's outbox"
nback=$(tsql L "SELECT count(*) FROM outbox")
say "$nback outbox entries written in $(calc "$(now) - $t0" %.1f) s; pushing them"
[ "$nback" -eq "$nrec" ] || bail "the outbox holds $nback entries for $nrec rows"

tidL=$(terminal_id L)
mark=$(log_mark)
t0=$(now)
bg_sync L
lpid=$!
# Signing them all comes first; sync says so once they are signed.
while ! grep -q "go out under" "$tmp/t/L/sync.err" 2>/dev/null; do
	kill -0 "$lpid" 2>/dev/null || bail "the loader's jobdesk sync did not sign the" \
	    "changes" "$tmp/t/L/sync.err"
	msleep 20
done
ts=$(now)
wait_applied "SELECT last_seq FROM terminal WHERE id = '$tidL'" "$nback" "$lpid" ||
    bail "the loader's jobdesk sync ended before the server had everything" \
    "$tmp/t/L/sync.err"
t1=$(now)
# Its pull of its own records is of no interest: stop it (the whole subshell's work).
for p in $(cat "$tmp/pids"); do
	kill "$p" 2>/dev/null
done
wait "$lpid" 2>/dev/null
: >"$tmp/pids"
sign_s=$(calc "$ts - $t0")
push_s=$(calc "$t1 - $ts")
set -- $(server_ms "$mark" "$tidL" /v1/push)
nparked=$(pq "SELECT count(*) FROM parked")
say "backlog signed in $sign_s s (the account's login included)"
say "backlog push: $nback changes in $push_s s ($1 pushes, $2 ms in jobdeskd), $nparked parked"
if [ "$nparked" -gt 0 ]; then
	say "parked, by reason:"
	pq "SELECT tbl, reason, count(*) FROM parked GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 10" |
	    sed 's/^/	/'
fi
fig sync_backlog_push_changes "$nback" changes
fig sync_backlog_sign_seconds "$(calc "$sign_s" %.1f)" s
fig sync_backlog_sign_changes_per_s "$(calc "$nback / $sign_s" %.0f)" changes/s
fig sync_backlog_push_seconds "$(calc "$push_s" %.1f)" s
fig sync_backlog_push_changes_per_s "$(calc "$nback / $push_s" %.0f)" changes/s
fig sync_backlog_push_server_seconds "$(calc "$2 / 1000" %.1f)" s
fig sync_backlog_parked "$nparked" changes
rm -f "$tmp/t/L/jobdesk.db" "$tmp/t/L/jobdesk.db-wal" "$tmp/t/L/jobdesk.db-shm"

t0=$(now)
pq "VACUUM ANALYZE" >/dev/null || bail "VACUUM ANALYZE failed"
say "VACUUM ANALYZE took $(calc "$(now) - $t0" %.1f) s"
nserver=$(pq "SELECT count(*) FROM record WHERE tbl IN ('seeker', 'employer', 'vacancy')
    AND NOT deleted")
check "the server holds the data set ($nserver of $nrec records, $nparked parked)" \
    is "$((nserver + nparked))" "$nrec"

# --- the first full sync against sqlite3 .import ------------------------------

# The same rows as CSV, straight from the data set, in the tables' column order.
mkdir -p "$tmp/base"
for t in employer vacancy seeker; do
	sqlite3 -csv -header "$data" "SELECT * FROM $t" >"$tmp/base/$t.csv" ||
	    bail "cannot export $t from the data set"
done
# An empty database in the client's schema, as jobdesk makes it.
"$BIN" --config "$tmp/t/L/jobdesk.ini" --db "$tmp/base/empty.db" export seekers \
    "$tmp/base/empty.csv" ||
    bail "jobdesk cannot make an empty database"
sqlite3 "$tmp/base/empty.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
say "baseline: $(du -m "$tmp/base"/*.csv | awk '{ s += $1 } END { print s }') MB of CSV," \
    "journal mode $(sqlite3 "$tmp/base/empty.db" "PRAGMA journal_mode")"

# baseline_run I: .import into a copy of the empty database, then the grams.
baseline_run() {
	b=$tmp/base/run$1.db
	rm -f "$b" "$b-wal" "$b-shm"
	cp "$tmp/base/empty.db" "$b"
	t0=$(now)
	sqlite3 -bail "$b" ".import --csv --skip 1 $tmp/base/employer.csv employer" \
	    ".import --csv --skip 1 $tmp/base/vacancy.csv vacancy" \
	    ".import --csv --skip 1 $tmp/base/seeker.csv seeker" || bail "sqlite3 .import failed"
	t1=$(now)
	sqlite3 -bail "$b" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n
	    WHERE i < 64)
	INSERT OR IGNORE INTO seeker_name_gram (gram, name, rid)
	SELECT substr(s.name, n.i, 1), s.name, s.rid FROM seeker s JOIN n ON n.i <= length(s.name)
	UNION ALL
	SELECT substr(s.name, n.i, 2), s.name, s.rid FROM seeker s JOIN n ON n.i < length(s.name)" ||
	    bail "building the name grams failed"
	t2=$(now)
	echo "$(calc "$t1 - $t0") $(calc "$t2 - $t1")" >>"$tmp/base/times"
	nb=$(sqlite3 "$b" "SELECT (SELECT count(*) FROM seeker) + (SELECT count(*) FROM employer) +
	    (SELECT count(*) FROM vacancy)")
	ng=$(sqlite3 "$b" "SELECT count(*) FROM seeker_name_gram")
	say "baseline $1: .import $(calc "$t1 - $t0" %.2f) s, grams $(calc "$t2 - $t1" %.2f) s," \
	    "$nb rows, $ng grams, $(db_mb "$b") MB"
	check "baseline $1 imported every row" is "$nb" "$nrec"
	check "baseline $1 built the data set's name grams" is "$ng" "$ngram"
	base_mb=$(db_mb "$b")
	rm -f "$b" "$b-wal" "$b-shm"
}

# pull_run I: a new empty terminal P<I> enrolled and jobdesk sync timed.
pull_run() {
	p=P$1
	new_terminal "$p" 110105
	tid=$(terminal_id "$p")
	mark=$(log_mark)
	t0=$(now)
	"$TOOLS/peakrss" "$tmp/t/$p/rss" "$BIN" --config "$tmp/t/$p/jobdesk.ini" \
	    --db "$tmp/t/$p/jobdesk.db" sync >"$tmp/t/$p/sync.out" 2>"$tmp/t/$p/sync.err"
	rc=$?
	t1=$(now)
	[ "$rc" -eq 0 ] || bail "jobdesk sync of the empty terminal $p failed ($rc)" \
	    "$tmp/t/$p/sync.err"
	set -- $(server_ms "$mark" "$tid" /v1/pull)
	wall=$(calc "$t1 - $t0")
	rss=$(cat "$tmp/t/$p/rss")
	echo "$wall $(calc "$2 / 1000") $1 $rss $(summary_mib "$p" wire) $(summary_mib "$p" plain)" \
	    >>"$tmp/pull.times"
	nlive=$(tsql "$p" "SELECT (SELECT count(*) FROM seeker WHERE deleted = 0) +
	    (SELECT count(*) FROM employer WHERE deleted = 0) +
	    (SELECT count(*) FROM vacancy WHERE deleted = 0)")
	ng=$(tsql "$p" "SELECT count(*) FROM seeker_name_gram")
	pull_mb=$(db_mb "$tmp/t/$p/jobdesk.db")
	say "pull $p: $wall s, $1 pages, $(calc "$2 / 1000" %.2f) s of it in jobdeskd," \
	    "peak RSS $((rss / 1024)) MiB, $nlive records, $ng grams, $pull_mb MB" \
	    "($(cat "$tmp/t/$p/sync.out"))"
	check "full pull $p holds what the server holds" is "$nlive" "$nserver"
}

runs=${BENCH_SYNC_RUNS:-3}
# The round trip needs the terminals of two full pulls.
[ "$runs" -ge 2 ] 2>/dev/null || runs=2
i=1
: >"$tmp/pull.times"
: >"$tmp/base/times"
while [ "$i" -le "$runs" ]; do
	pull_run "$i"
	baseline_run "$i"
	# A slow machine: two runs (the round trip needs two synced terminals).
	if [ "$i" -eq 1 ] && [ -z "${BENCH_SYNC_RUNS:-}" ] &&
	    [ "$(calc "($(cut -d' ' -f1 "$tmp/pull.times") > 300) ? 1 : 0" %d)" -eq 1 ]; then
		runs=2
		say "the first pull took over 300 s: 2 runs, not 3"
	fi
	# Only P1 and P2 are needed later.
	[ "$i" -le 2 ] || rm -f "$tmp/t/P$i/jobdesk.db" "$tmp/t/P$i/jobdesk.db-wal"
	i=$((i + 1))
done
pull_s=$(cut -d' ' -f1 "$tmp/pull.times" | median)
pull_srv=$(cut -d' ' -f2 "$tmp/pull.times" | median)
pull_cli=$(awk '{ print $1 - $2 }' "$tmp/pull.times" | median)
pages=$(cut -d' ' -f3 "$tmp/pull.times" | median)
rss_max=$(cut -d' ' -f4 "$tmp/pull.times" | sort -n | tail -n 1)
wire_mib=$(cut -d' ' -f5 "$tmp/pull.times" | median)
plain_mib=$(cut -d' ' -f6 "$tmp/pull.times" | median)
imp_s=$(cut -d' ' -f1 "$tmp/base/times" | median)
gram_s=$(cut -d' ' -f2 "$tmp/base/times" | median)
impg_s=$(awk '{ print $1 + $2 }' "$tmp/base/times" | median)
fig sync_full_pull_runs "$runs" runs
fig sync_full_pull_records "$nserver" records
fig sync_full_pull_pages "$pages" pages
fig sync_full_pull_seconds "$(calc "$pull_s" %.1f)" s
fig sync_full_pull_records_per_s "$(calc "$nserver / $pull_s" %.0f)" records/s
fig sync_full_pull_server_seconds "$(calc "$pull_srv" %.1f)" s
fig sync_full_pull_client_seconds "$(calc "$pull_cli" %.1f)" s
fig sync_full_pull_peak_rss "$(calc "$rss_max / 1024" %.1f)" MiB
fig sync_full_pull_wire "$(calc "$wire_mib" %.1f)" MiB
fig sync_full_pull_uncompressed "$(calc "$plain_mib" %.1f)" MiB
fig sync_full_pull_compression "$(calc "$plain_mib / ($wire_mib > 0 ? $wire_mib : 1)" %.1f)" x
fig sync_full_pull_db_size "$pull_mb" MB
fig sync_import_baseline_seconds "$(calc "$imp_s" %.1f)" s
fig sync_import_grams_seconds "$(calc "$gram_s" %.1f)" s
fig sync_import_baseline_with_grams_seconds "$(calc "$impg_s" %.1f)" s
fig sync_import_baseline_db_size "$base_mb" MB
fig sync_full_pull_ratio "$(calc "$pull_s / $imp_s" %.2f)" x
fig sync_full_pull_ratio_with_grams "$(calc "$pull_s / $impg_s" %.2f)" x
rm -rf "$tmp/base"

# --- a scoped first sync: one street ------------------------------------------

# The data set's people all belong to the district's centre: every eighth
# of them (a record id ending in 0 or 1) is given to the street 110105-01,
# about the share a street office holds (gen.c). An empty terminal of the
# street, enrolled with the street as its scope, pulls its people in full,
# the district's others as identity index entries, the employers and the
# open vacancies; timed and measured as the full pulls above.
pq "UPDATE record SET office = '110105-01', fields = jsonb_set(fields, '{office}',
    '\"110105-01\"') WHERE tbl = 'seeker' AND NOT deleted AND right(key, 1) IN ('0', '1')" \
    >/dev/null || bail "cannot give the street its people"
pq "ANALYZE record" >/dev/null
nstreet=$(pq "SELECT count(*) FROM record WHERE tbl = 'seeker' AND NOT deleted
    AND office = '110105-01'")
nopen=$(pq "SELECT count(*) FROM record WHERE tbl = 'vacancy' AND NOT deleted
    AND fields->>'status' = 'open' AND fields->>'valid_until' >= to_char(current_date, 'YYYY-MM-DD')")
terminal_ini Q
code=$(jdd enroll --office 110105-01 --scope 110105-01 2>>"$tmp/admin.log" |
    awk 'NF { last = $NF } END { print last }')
jd Q enroll "$URL" "$code" >"$tmp/t/Q/enroll.out" 2>&1 ||
    bail "the scoped terminal's enrollment failed" "$tmp/t/Q/enroll.out"
tid=$(terminal_id Q)
mark=$(log_mark)
t0=$(now)
"$TOOLS/peakrss" "$tmp/t/Q/rss" "$BIN" --config "$tmp/t/Q/jobdesk.ini" \
    --db "$tmp/t/Q/jobdesk.db" sync >"$tmp/t/Q/sync.out" 2>"$tmp/t/Q/sync.err" ||
    bail "jobdesk sync of the scoped terminal failed" "$tmp/t/Q/sync.err"
t1=$(now)
set -- $(server_ms "$mark" "$tid" /v1/pull)
scoped_s=$(calc "$t1 - $t0")
scoped_mb=$(db_mb "$tmp/t/Q/jobdesk.db")
qseek=$(tsql Q "SELECT count(*) FROM seeker WHERE deleted = 0")
qindex=$(tsql Q "SELECT count(*) FROM identity_index")
qvac=$(tsql Q "SELECT count(*) FROM vacancy")
qemp=$(tsql Q "SELECT count(*) FROM employer")
say "scoped pull of street 110105-01: $scoped_s s, $1 pages, $(calc "$2 / 1000" %.2f) s of it" \
    "in jobdeskd, peak RSS $(($(cat "$tmp/t/Q/rss") / 1024)) MiB, $qseek people in full," \
    "$qindex index entries, $qemp employers, $qvac vacancies, $scoped_mb MB"
check "the scoped terminal holds the street's people in full" is "$qseek" "$nstreet"
check "and every other person of the district as an index entry" is \
    "$((qseek + qindex))" "$(pq "SELECT count(*) FROM record WHERE tbl = 'seeker'")"
check "and the district's open vacancies" is "$qvac" "$nopen"
fig sync_scoped_pull_seconds "$(calc "$scoped_s" %.1f)" s
fig sync_scoped_pull_server_seconds "$(calc "$2 / 1000" %.1f)" s
fig sync_scoped_pull_client_seconds "$(calc "$scoped_s - $2 / 1000" %.1f)" s
fig sync_scoped_pull_pages "$1" pages
fig sync_scoped_pull_seekers "$qseek" rows
fig sync_scoped_pull_identity_entries "$qindex" rows
fig sync_scoped_pull_vacancies "$qvac" rows
fig sync_scoped_pull_employers "$qemp" rows
fig sync_scoped_pull_peak_rss "$(calc "$(cat "$tmp/t/Q/rss") / 1024" %.1f)" MiB
fig sync_scoped_pull_db_size "$scoped_mb" MB
fig sync_scoped_pull_wire "$(calc "$(summary_mib Q wire)" %.1f)" MiB
fig sync_scoped_pull_plain "$(calc "$(summary_mib Q plain)" %.1f)" MiB
fig sync_scoped_vs_full_pull_time "$(calc "$scoped_s / $pull_s" %.2f)" x
fig sync_scoped_vs_full_db_size "$(calc "$scoped_mb / ($pull_mb > 0 ? $pull_mb : 1)" %.2f)" x
# Kept for make bench's low-spec figures on a scoped terminal (tests/bench/run.sh).
if [ -n "${BENCH_SCOPED_KEEP:-}" ]; then
	sqlite3 "$(tdb Q)" ".backup '$BENCH_SCOPED_KEEP'" ||
	    say "cannot keep the scoped terminal's database in $BENCH_SCOPED_KEEP"
fi
rm -f "$(tdb Q)" "$(tdb Q)-wal"

# --- 1,000 changes round trip -------------------------------------------------

# A = P1 and B = P2, both holding the district and in step with the server.
# Each round changes the address of 1,000 other seekers on A (jobdesk
# import of their rows with the new address: 1,000 updates in the outbox).
: >"$tmp/rt.times"
for r in 1 2 3 4 5; do
	addr="往返测试路${r}号"
	sqlite3 -cmd '.timeout 10000' -csv -header "$(tdb P1)" "SELECT id_number, name, phone,
	    household, education, category, '$addr' AS address FROM seeker
	    WHERE deleted = 0 AND status IN ('registered', 'renewed')
	    ORDER BY rid LIMIT 1000 OFFSET $(((r - 1) * 1000))" >"$tmp/rt.csv"
	signed_import P1 seekers "$tmp/rt.csv" || bail "import of the round trip's changes failed"
	nw=$(tsql P1 "SELECT count(*) FROM outbox")
	t0=$(now)
	plain_sync P1 || bail "jobdesk sync of A failed" "$tmp/t/P1/sync.err"
	t1=$(now)
	plain_sync P2 || bail "jobdesk sync of B failed" "$tmp/t/P2/sync.err"
	t2=$(now)
	got=$(tsql P2 "SELECT count(*) FROM seeker WHERE address = '$addr'")
	check "round trip $r: B has the $nw changes of A" is "$got/$nw" "1000/1000"
	echo "$(calc "($t2 - $t0) * 1000") $(calc "($t1 - $t0) * 1000") \
$(calc "($t2 - $t1) * 1000")" >>"$tmp/rt.times"
	say "round trip $r: $(calc "($t2 - $t0) * 1000" %.0f) ms (A $(calc "($t1 - $t0) * 1000" %.0f)" \
	    "ms: $(cat "$tmp/t/P1/sync.out"); B $(calc "($t2 - $t1) * 1000" %.0f) ms:" \
	    "$(cat "$tmp/t/P2/sync.out"))"
done
rt=$tmp/rt.times
fig sync_roundtrip_1000_ms "$(calc "$(cut -d' ' -f1 "$rt" | median)" %.0f)" ms
fig sync_roundtrip_1000_max_ms "$(calc "$(cut -d' ' -f1 "$rt" | sort -g | tail -n 1)" %.0f)" ms
fig sync_roundtrip_1000_push_side_ms "$(calc "$(cut -d' ' -f2 "$rt" | median)" %.0f)" ms
fig sync_roundtrip_1000_pull_side_ms "$(calc "$(cut -d' ' -f3 "$rt" | median)" %.0f)" ms
# The district's offices and accounts as a pull brings them, for the terminals below.
sqlite3 "$(tdb P1)" ".mode insert office" "SELECT * FROM office" ".mode insert account" \
    "SELECT * FROM account" >"$tmp/district.sql" || bail "cannot read the district's accounts"
rm -f "$(tdb P1)" "$(tdb P1)-wal" "$(tdb P2)" "$(tdb P2)-wal"

# --- 50 terminals pushing at once --------------------------------------------

nterm=50
per=100		# new seekers per terminal: 2 changes each
i=1
while [ "$i" -le "$nterm" ]; do
	new_terminal "W$i" "110105-0$((i % 2 + 1))"
	{ echo "BEGIN;"; sed 's/^INSERT INTO/INSERT OR REPLACE INTO/' "$tmp/district.sql"; echo "COMMIT;"; } |
	    sqlite3 "$(tdb "W$i")" || bail "cannot give W$i the district's accounts"
	seekers_csv "$per" $((200000 + i * per)) 13900000000 >"$tmp/t/W$i/new.csv"
	signed_import "W$i" seekers "$tmp/t/W$i/new.csv" || bail "import on W$i failed"
	i=$((i + 1))
done
nchg=0
for i in $(seq "$nterm"); do
	nchg=$((nchg + $(tsql "W$i" "SELECT count(*) FROM outbox")))
done
# In step with the district: each pulls only what arrives after now.
cursor="1.$(pq "SELECT value FROM meta WHERE key = 'epoch'").$(pq "SELECT xid::text || '.' ||
    pos FROM change_log ORDER BY xid DESC, pos DESC LIMIT 1")"
for i in $(seq "$nterm"); do
	tsql "W$i" "UPDATE setting SET value = '$cursor' WHERE key = 'pull_cursor'"
done
say "$nterm terminals with $nchg changes waiting; all of them start jobdesk sync now"
base_seq=$(pq "SELECT coalesce(sum(last_seq), 0) FROM terminal WHERE office LIKE '110105-0_'")
t0=$(now)
wpids=
for i in $(seq "$nterm"); do
	bg_sync "W$i" plain
	wpids="$wpids $!"
done
wait_applied "SELECT coalesce(sum(last_seq), 0) FROM terminal WHERE office LIKE '110105-0_'" \
    $((base_seq + nchg)) "$wpids" || bail "the server did not get every change (W1 said:)" \
    "$tmp/t/W1/sync.err"
t1=$(now)
wait $wpids
: >"$tmp/pids"
bad=
for i in $(seq "$nterm"); do
	[ "$(cat "$tmp/t/W$i/rc")" = 0 ] || bad="$bad W$i"
done
[ -z "$bad" ] || bail "jobdesk sync failed on$bad" "$tmp/t/${bad# }/sync.err"
slow=$(for i in $(seq "$nterm"); do cat "$tmp/t/W$i/end"; done | sort -g | tail -n 1)
say "50 terminals: every change applied after $(calc "$t1 - $t0" %.2f) s, the last" \
    "jobdesk sync ended after $(calc "$slow - $t0" %.2f) s"
fig sync_push_50_terminals_changes "$nchg" changes
fig sync_push_50_terminals_seconds "$(calc "$t1 - $t0" %.2f)" s
fig sync_push_50_terminals_changes_per_s "$(calc "$nchg / ($t1 - $t0)" %.0f)" changes/s
fig sync_push_50_slowest_terminal_seconds "$(calc "$slow - $t0" %.2f)" s
say "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"

finish
