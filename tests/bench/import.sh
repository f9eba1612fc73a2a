#!/bin/sh
# make bench, import part (issue 11): jobdesk import of job seekers from a
# CSV file, whose rate per record is set beside the first full sync's
# (sync_full_pull_records_per_s, tests/bench/sync.sh): the target is half
# of it or better. The file is the first BENCH_IMPORT_ROWS seekers of the
# data set as jobdesk export writes them (every column, the order of ID
# numbers); each run imports it into a new database that jobdesk init set
# up, so every row is a new registration with its outbox entries, service
# event, audit record and name index, checked by the form's rules. Then
# the same file once more into the same database: every row found and
# unchanged.
#
#	sh tests/bench/import.sh [DATA_SET_DB]
#
#	BENCH_IMPORT_ROWS=N   seekers in the file (default 20000)
#	BENCH_IMPORT_RUNS=N   imports to take the median of (default 3)
#	JOBDESK=FILE          the client (default bin/jobdesk)
#
# Figures go to standard output as "name value unit", everything else to
# standard error. Nothing passes or fails on a time; the run fails only if
# the import itself does (a row rejected, a count that does not add up).
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
B=${B:-build}
size=${BENCH_SIZE:-full}
data=${1:-$B/bench/data-$size/district.db}
jobdesk=${JOBDESK:-bin/jobdesk}
rows=${BENCH_IMPORT_ROWS:-20000}
runs=${BENCH_IMPORT_RUNS:-3}

if [ ! -f "$data" ]; then
	echo "bench: import: no data set at $data; run tests/bench/run.sh (make bench) first" >&2
	exit 1
fi
case $jobdesk in /*) ;; *) jobdesk=$top/$jobdesk ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/jobdesk-bench-import.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
cat >"$tmp/jobdesk.ini" <<EOF
[client]
language = en
forms_dir = $top/forms
codes_dir = $top/db/codes
EOF
export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" XDG_STATE_HOME="$tmp/state"

# jd DB ARGS...: jobdesk on database DB.
jd() {
	_db=$1
	shift
	"$jobdesk" --config "$tmp/jobdesk.ini" --db "$_db" "$@"
}

# The import's summary without the count of rows warned about, which
# the data set's births from 1960 on make vary with the day.
summary() {
	sed 's/; [0-9]* with .*//' "$tmp/out"
}

# bail WHY [FILE]: the benchmark broke.
bail() {
	echo "bench: import: $1" >&2
	[ -z "${2:-}" ] || sed -n '1,20p' "$2" >&2
	exit 1
}

# now: seconds since the epoch, to the nanosecond.
now() {
	date +%s.%N
}

# The export adds its audit record to the data set (as the keys benchmark adds a login).
jd "$data" export seekers "$tmp/all.csv" >/dev/null 2>"$tmp/err" ||
    bail "the export of the data set failed" "$tmp/err"
head -n "$((rows + 1))" "$tmp/all.csv" >"$tmp/seekers.csv"
rm -f "$tmp/all.csv"
have=$(($(wc -l <"$tmp/seekers.csv") - 1))
[ "$have" -eq "$rows" ] || bail "the data set has $have seekers, not $rows"

i=0
: >"$tmp/times"
while [ "$i" -lt "$runs" ]; do
	i=$((i + 1))
	db=$tmp/import-$i.db
	printf 'bench-import-1\n' | jd "$db" init --office 110105-01 朝阳区公共就业服务中心 \
	    district --supervisor wangfang 王芳 >/dev/null 2>"$tmp/err" ||
	    bail "jobdesk init failed" "$tmp/err"
	t0=$(now)
	jd "$db" import seekers "$tmp/seekers.csv" >"$tmp/out" 2>"$tmp/err" ||
	    bail "the import failed" "$tmp/err"
	t1=$(now)
	# Seekers of retirement age go in with a warning, counted after ";" (summary).
	[ "$(summary)" = "seekers: $rows imported, 0 updated, 0 unchanged, 0 rejected" ] ||
	    bail "the import did not take every row: $(cat "$tmp/out")" "$tmp/err"
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }' >>"$tmp/times"
	echo "bench: import: run $i: $(tail -n 1 "$tmp/times") s" >&2
	[ "$i" -lt "$runs" ] || break
	rm -f "$db" "$db-wal" "$db-shm"
done
t2=$(now)
jd "$db" import seekers "$tmp/seekers.csv" >"$tmp/out" 2>"$tmp/err" ||
    bail "the import again failed" "$tmp/err"
t3=$(now)
[ "$(summary)" = "seekers: 0 imported, 0 updated, $rows unchanged, 0 rejected" ] ||
    bail "the import again changed something: $(cat "$tmp/out")" "$tmp/err"

secs=$(sort -g "$tmp/times" | awk '{ a[NR] = $1 } END {
	print NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }')
echo "import_seekers_rows $rows rows"
echo "import_seekers_runs $runs runs"
awk -v s="$secs" -v n="$rows" 'BEGIN {
	printf "import_seekers_seconds %.2f s\n", s
	printf "import_seekers_per_s %.0f rows/s\n", n / s
}'
awk -v a="$t2" -v b="$t3" -v n="$rows" 'BEGIN {
	printf "import_seekers_unchanged_seconds %.2f s\n", b - a
	printf "import_seekers_unchanged_per_s %.0f rows/s\n", n / (b - a)
}'
echo "import_db_size $(cat "$db" "$db-wal" 2>/dev/null | wc -c |
    awk '{ printf "%.0f", $1 / 1048576 }') MB"
