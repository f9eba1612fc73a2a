#!/bin/sh
# make bench: build the bench programs, make (or reuse) the district data
# set, then measure seeker search, matching both ways, a referral letter
# and the due list (tests/bench/match.c), supply and demand of a quarter
# (tests/bench/supply.c), the subsidy roster of a quarter
# (tests/bench/roster.c), the end of day's daily report
# (tests/bench/daily.c), the client's start and its CPU time per
# keystroke (in a form, in the search, and a key it ignores), the
# free-service ledger and guidance (tests/bench/ledger.c), the low-spec
# terminal's figures (tests/bench/lowspec.c: CPU time per screen action,
# peak memory, bytes written per key typed), a CSV import
# of 20,000 seekers (tests/bench/import.sh), then sync with a district
# server on loopback (tests/bench/sync.sh: first full sync against sqlite3
# .import, with its bytes compressed and not, 1,000 changes round trip, 50
# terminals pushing at once; it starts its own PostgreSQL and jobdeskd),
# the low-spec figures again (scoped_...) on the database of the street
# terminal its scoped first sync made,
# sync over a simulated poor link (tests/bench/poorlink.sh: a first sync
# and a day's push at 256 kbit/s with cuts, a seed from the clock), and
# the import's rate per record against the first full sync's
# (import_vs_full_pull_ratio). Figures go to
# standard output one per line as "name value unit"; everything else goes
# to standard error. Benchmarks are not tests: nothing here passes or fails
# on a time.
#
#   BENCH_SIZE=full   500,000 seekers, 50,000 employers, 100,000 vacancies,
#                     300,000 referrals, 100,000 guidance sessions,
#                     2,000,000 service events (default)
#   BENCH_SIZE=small  a tenth of that, for a quick run
#   BENCH_FRESH=1     make the data set anew even if build/bench/ has a matching one
#   JOBDESK=FILE      the client to start (default bin/jobdesk, built by make bench)
#   BENCH_SCOPED_DB=FILE  the low-spec figures named scoped_... on this database
#                     (a scoped terminal's; it is copied, not changed) rather than
#                     on the one the sync part's scoped first sync leaves
#   BENCH_SCOPED_LOGIN=LOGIN:PASSWORD  the district's account the bench logs in
#                     as there (default: the sync harness's supervisor)
#
# The data set is kept in build/bench/data-SIZE/ and reused while the size,
# the generator and the migrations are unchanged. Nothing leaves the machine.
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
B=${B:-build}
size=${BENCH_SIZE:-full}
case $size in
full)	nseekers=500000 nemployers=50000 nvacancies=100000 nreferrals=300000
	nguidance=100000 nservices=2000000 ;;
small)	nseekers=50000 nemployers=5000 nvacancies=10000 nreferrals=30000
	nguidance=10000 nservices=200000 ;;
*)	echo "bench: BENCH_SIZE \"$size\" is not full or small" >&2
	exit 2 ;;
esac
jobdesk=${JOBDESK:-bin/jobdesk}

# The bench programs, and the tools the sync part runs (signpush, freeport...).
${MAKE:-make} --no-print-directory bench-progs sync-tools >&2
if [ ! -x "$jobdesk" ]; then
	echo "bench: $jobdesk is not built; run make bench" >&2
	exit 1
fi

data=$B/bench/data-$size
db=$data/district.db
stamp="seekers=$nseekers employers=$nemployers vacancies=$nvacancies \
referrals=$nreferrals guidance=$nguidance services=$nservices \
$(cat tests/bench/gen.c tests/bench/benchlib.c db/migrations/*.sql | cksum)"
if [ "${BENCH_FRESH:-0}" != 1 ] && [ -f "$data/stamp" ] &&
    [ "$(cat "$data/stamp")" = "$stamp" ]; then
	echo "bench: reusing the data set in $data (BENCH_FRESH=1 makes it anew);" \
	    "its gen_* figures are from when it was made" >&2
else
	echo "bench: making the $size data set in $data" >&2
	rm -rf "$data"
	mkdir -p "$data"
	"$B/bench/gen" -s "$nseekers" -e "$nemployers" -v "$nvacancies" -f "$nreferrals" \
	    -g "$nguidance" -S "$nservices" -c db/codes "$db" > "$data/gen.out.tmp"
	mv "$data/gen.out.tmp" "$data/gen.out"
	echo "$stamp" > "$data/stamp"
fi
cat "$data/gen.out"

# The counts as the sqlite3 shell sees them, independent of the generator.
for t in seeker seeker_name_gram employer vacancy referral guidance service_event \
    assistance_plan case_contact account; do
	echo "dataset_$t $(sqlite3 "$db" "SELECT count(*) FROM $t") rows"
done
echo "dataset_db_size $(( $(wc -c < "$db") / 1048576 )) MB"
echo "dataset_seekers_open $(sqlite3 "$db" "SELECT count(*) FROM seeker WHERE \
status IN ('registered', 'renewed') AND valid_until >= date('now', 'localtime')") rows"
echo "dataset_vacancies_open $(sqlite3 "$db" "SELECT count(*) FROM vacancy WHERE \
status = 'open' AND valid_until >= date('now', 'localtime')") rows"

"$B/bench/search" -n 1000 -m 200 "$db"
# Matching both ways (200 seekers, 100 vacancies of each kind), 200 letters, the due list.
"$B/bench/match" -n 200 -m 100 -k 200 -l forms/referral.letter "$db"
# The due list of the hardship case files: the district's (a supervisor's) and a clerk's.
"$B/bench/casefile" -n 50 "$db"
# Supply and demand of the last quarter for the whole district by every breakdown.
"$B/bench/supply" -n 5 "$db"
# The subsidy roster of this quarter for the district, built and written as CSV.
"$B/bench/roster" -n 5 "$db"
# The end of day: the daily report of the district and of a street on the
# busiest day, of the district for last month, and the lists that need action.
"$B/bench/daily" -n 20 "$db"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/jobdesk-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
# Forms and code lists from this tree, whichever binary runs; no idle lock.
cat > "$tmp/jobdesk.ini" <<EOF
[client]
language = en
forms_dir = $top/forms
codes_dir = $top/db/codes
idle_lock_minutes = 0
EOF
"$B/bench/startup" -n 10 "$tmp" "$jobdesk" "$db" "$tmp/jobdesk.ini"
# Logs in as the account gen made (this adds a login to the audit table).
"$B/bench/keys" -k 2000 "$tmp" "$jobdesk" "$db" "$tmp/jobdesk.ini"
# The free-service ledger and guidance: timelines, the office's month, a
# clerk's day, a person's sessions (the timelines are audited as views),
# then jobdesk export services of last month, three times.
"$B/bench/ledger" -n 200 -e 3 -x "$tmp" "$jobdesk" "$tmp/jobdesk.ini" "$db"
# The low-spec terminal: screen actions on a copy of the data set (a save
# per run, the audit of every record opened), as a supervisor added to it,
# since the office's report is a supervisor's; and on a scoped database
# (after the sync part, below). A scoped terminal is enrolled: it signs a
# save with the district's key of the account, which an account added
# here has not, so there the bench logs in as the district's supervisor
# its accounts came from (BENCH_SCOPED_LOGIN=LOGIN:PASSWORD; by default
# the sync harness's, tests/sync/lib.sh, whose server the sync part's
# scoped terminal synced with).
lowspec() {
	sqlite3 "$1" ".backup '$tmp/lowspec.db'"
	if [ -z "${3:-}" ]; then
		printf 'bench-password\n' | "$jobdesk" --db "$tmp/lowspec.db" \
		    --config "$tmp/jobdesk.ini" user add benchsup 测试主任 supervisor >&2
	else
		# The district's accounts come hashed at the sync harness's low
		# test cost; a first login renews such a hash at the client's
		# cost, as it does once on a terminal after a change of cost.
		# Done here, so that the session measures an everyday login.
		printf '%s\n' "${3#*:}" | "$jobdesk" --db "$tmp/lowspec.db" \
		    --config "$tmp/jobdesk.ini" report daily --user "${3%%:*}" >/dev/null ||
		    { echo "bench: cannot log in as ${3%%:*} on the scoped database" >&2; exit 1; }
	fi
	"$B/bench/lowspec" -n 50 ${2:+-P "$2"} ${3:+-l "${3%%:*}" -p "${3#*:}"} "$tmp" \
	    "$jobdesk" "$tmp/lowspec.db" "$tmp/jobdesk.ini"
	rm -f "$tmp/lowspec.db" "$tmp/lowspec.db-wal" "$tmp/lowspec.db-shm"
}
lowspec "$db"
if [ -n "${BENCH_SCOPED_DB:-}" ] && [ ! -f "$BENCH_SCOPED_DB" ]; then
	echo "bench: BENCH_SCOPED_DB \"$BENCH_SCOPED_DB\" is not a file" >&2
	exit 1
fi
echo "bench_cpus $(nproc) cores"
# Import: 20,000 seekers of the data set from a CSV file into a new database.
# (Each part's figures are kept for the ratio below; a part that breaks stops the run.)
sh tests/bench/import.sh "$db" >"$tmp/import.out"
cat "$tmp/import.out"
# Sync: its own PostgreSQL and jobdeskd on loopback, on the same data set;
# its scoped terminal's database kept for the low-spec figures below.
if ! BENCH_SCOPED_KEEP=$tmp/scoped.db sh tests/bench/sync.sh "$db" >"$tmp/sync.out"; then
	cat "$tmp/sync.out"
	echo "bench: the sync part failed (PostgreSQL missing? see above): no sync figures," \
	    "no scoped_ low-spec figures, no poor-link figures" >&2
	exit 1
fi
cat "$tmp/sync.out"
# The low-spec terminal on a scoped terminal's database (a street of the
# district): the one given, else the one the sync part's scoped first sync made.
scoped_login=${BENCH_SCOPED_LOGIN:-wangfang:$(sed -n 's/^PASSWORD=//p' tests/sync/lib.sh)}
if [ -n "${BENCH_SCOPED_DB:-}" ]; then
	lowspec "$BENCH_SCOPED_DB" scoped_ "$scoped_login"
elif [ -f "$tmp/scoped.db" ]; then
	lowspec "$tmp/scoped.db" scoped_ "$scoped_login"
	rm -f "$tmp/scoped.db"
else
	echo "bench: no scoped_ low-spec figures: the sync part made no scoped terminal" \
	    "(see its messages above; BENCH_SCOPED_DB=FILE gives one)" >&2
fi
# Sync over a poor link (256 kbit/s, 300 ms, cuts): its own server and a street's
# seekers, the link's seed from the clock (printed as link_seed).
sh tests/bench/poorlink.sh
# The import's rate per record against the first full sync's: 2 x or less is the target.
awk '$1 == "import_seekers_per_s" { imp = $2 } $1 == "sync_full_pull_records_per_s" { pull = $2 }
    END { if (imp > 0 && pull > 0) printf "import_vs_full_pull_ratio %.2f x\n", pull / imp }' \
    "$tmp/import.out" "$tmp/sync.out"
