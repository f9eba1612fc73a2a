#!/bin/sh
# Run every fuzz target built in BUILD/fuzz for SECONDS each, one after the
# other, from its seed corpus (tests/fuzz/corpus/NAME) and its dictionary
# (tests/fuzz/NAME.dict), and print per target the executions, the coverage
# reached and the crashes. With "keep" (make fuzz) the corpus grows in
# BUILD/fuzz-out/corpus/NAME from run to run; without it (make check) each
# run starts from the seeds alone in a fresh BUILD/check-out. Crashing
# inputs are written to OUT/crashes/NAME/, the full output to OUT/logs/.
# FUZZ_TARGETS=jscan,wire runs only those.
# Usage: tests/fuzz/run.sh BUILD SECONDS [keep]
set -u
build=${1:-build-fuzz}
secs=${2:-60}
mode=${3:-}
here=$(dirname "$0")
if [ "$mode" = keep ]; then
	out=$build/fuzz-out
else
	out=$build/check-out
	rm -rf "$out"
fi
mkdir -p "$out/logs"
failed=""
printf '%-6s %6s %10s %8s %7s %7s %6s  %s\n' target secs execs exec/s cov feat corpus result
for bin in "$build"/fuzz/fuzz_*; do
	[ -x "$bin" ] || continue
	name=${bin##*/fuzz_}
	case ",${FUZZ_TARGETS:-$name}," in *",$name,"*) ;; *) continue ;; esac
	corpus=$out/corpus/$name
	crashes=$out/crashes/$name
	log=$out/logs/$name.log
	mkdir -p "$corpus" "$crashes"
	set -- -max_total_time="$secs" -print_final_stats=1 -timeout=20 -rss_limit_mb=2048 \
	    -artifact_prefix="$crashes/"
	case $name in
	jscan|wire) dict=$here/json.dict ;;
	*) dict=$here/$name.dict ;;
	esac
	[ -f "$dict" ] && set -- "$@" -dict="$dict"
	# The HTTP target's inputs are whole requests: room for a body over
	# its max_body, and a wait on each; the others take the default.
	[ "$name" = http ] && set -- "$@" -max_len=8192
	before=$(ls "$crashes" | wc -l)
	set -- "$@" "$corpus"
	[ -d "$here/corpus/$name" ] && set -- "$@" "$here/corpus/$name"
	start=$(date +%s)
	"$bin" "$@" >"$log" 2>&1
	rc=$?
	took=$(($(date +%s) - start))
	after=$(ls "$crashes" | wc -l)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
	last=$(grep -a -E '^#[0-9]+.*cov: ' "$log" | tail -n 1)
	cov=$(printf '%s\n' "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
	ft=$(printf '%s\n' "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
	corp=$(printf '%s\n' "$last" | sed -n 's/.* corp: \([0-9]*\).*/\1/p')
	if [ "$rc" -eq 0 ]; then
		result=ok
	else
		result="CRASH ($((after - before)) new in $crashes)"
		failed="$failed $name"
	fi
	printf '%-6s %6s %10s %8s %7s %7s %6s  %s\n' "$name" "$took" "${execs:-?}" \
	    "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$result"
	if [ "$rc" -ne 0 ]; then
		grep -a -E 'ERROR: |property failed|SUMMARY|Test unit written|DEADLY|timeout' "$log" |
		    head -n 12 | sed 's/^/    /'
		echo "    full output: $log; reproduce: $bin CRASH_FILE"
	fi
done
if [ -n "$failed" ]; then
	echo "fuzz: crashes in:$failed"
	exit 1
fi
echo "fuzz: no crashes"
