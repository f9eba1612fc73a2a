# The sync suites' harness: a throwaway PostgreSQL (initdb in a temporary
# folder, listening only on a unix socket there), jobdeskd serving plain
# HTTP on a free port of 127.0.0.1, and terminals, each its own database
# and jobdesk.ini, enrolled with a fresh one-time code. Source it:
#
#	. "$(dirname "$0")/lib.sh"
#	sync_init "$@"			# BINARY [TOOLS_DIR] as tests/run.sh gives them
#	pg_start			# fails the suite loudly if PostgreSQL cannot run
#	server_setup			# jobdeskd.ini, migrate, offices, serve
#	new_terminal A 110105-01	# enrolled terminal "A" of an office
#	...
#	finish				# "NAME: N passed, M failed", exit status
#
# As root (CI) initdb, postgres and pg_ctl run as the user "postgres" that
# the postgresql package creates; the clients connect as that role. Results
# are counted in a file, so checks may run in subshells. Everything started
# here is ended by its process id, and the temporary folder removed, when
# the script exits for whatever reason.

# Valid ID numbers and credit codes (idnum, uscc).
. "$(dirname "$0")/../checkdigits.sh"

# --- results ---------------------------------------------------------------

# ok NAME: a check that held.
ok() {
	echo pass >>"$tmp/results"
	printf 'ok   %s\n' "$1"
}

# fail NAME [DETAIL...]: a check that did not; details are printed indented.
fail() {
	echo fail >>"$tmp/results"
	printf 'FAIL %s\n' "$1"
	shift
	for _d in "$@"; do
		printf '%s\n' "$_d" | sed 's/^/     /'
	done
}

# check NAME COMMAND...: the command's success is the test's.
check() {
	_name=$1
	shift
	if "$@"; then ok "$_name"; else fail "$_name"; fi
}

# is A B: the two strings are equal (both shown when not).
is() {
	[ "$1" = "$2" ] && return 0
	printf '     got:      %s\n     expected: %s\n' "$1" "$2"
	return 1
}

# has FILE TEXT: FILE holds the fixed string TEXT (the file shown when not).
has() {
	grep -F -q -- "$2" "$1" && return 0
	printf '     "%s" not in %s:\n' "$2" "$(basename "$1")"
	head -c 2000 "$1" | sed 's/^/       | /'
	return 1
}

# hasnt FILE TEXT: FILE does not hold TEXT.
hasnt() {
	grep -F -q -- "$2" "$1" || return 0
	printf '     "%s" found in %s\n' "$2" "$(basename "$1")"
	return 1
}

# same FILE1 FILE2: identical files (the differences shown when not).
same() {
	cmp -s "$1" "$2" && return 0
	diff "$1" "$2" | head -20 | sed 's/^/     /'
	return 1
}

# summary: the counts; non-zero if anything failed or nothing was checked.
summary() {
	_np=$(grep -c '^pass$' "$tmp/results")
	_nf=$(grep -c '^fail$' "$tmp/results")
	echo "$SUITE: $_np passed, $_nf failed"
	[ "$_nf" -eq 0 ] && [ "$_np" -gt 0 ]
}

# finish: fail on any sanitizer report, print the counts, exit.
finish() {
	stop_server
	for _f in "$tmp"/asan.*; do
		[ -e "$_f" ] || continue
		fail "sanitizer report $(basename "$_f")"
		sed 's/^/	/' "$_f" | head -60
	done
	finished=1
	summary && exit 0
	exit 1
}

# bail WHY: the suite cannot go on: say why, loudly, and end it failed.
bail() {
	fail "$1"
	[ -n "${2:-}" ] && [ -f "$2" ] && tail -n 30 "$2" | sed 's/^/     | /'
	exit 1
}

# --- set-up and clean-up ---------------------------------------------------

# sync_init BINARY [TOOLS_DIR]: paths, the temporary folder, the traps.
sync_init() {
	SUITE=$(basename "$0" .sh)
	if [ $# -lt 1 ]; then
		echo "usage: sh $0 BINARY [TOOLS_DIR]" >&2
		exit 2
	fi
	case $1 in
	/*) BIN=$1 ;;
	*) BIN=$(pwd)/$1 ;;
	esac
	JDD=$(dirname "$BIN")/jobdeskd
	# The source tree the binary belongs to, found as the program finds it.
	ROOT=$(cd "$(dirname "$BIN")" && pwd -P)
	while [ "$ROOT" != / ] && ! { [ -f "$ROOT/forms/seeker.form" ] &&
	    [ -f "$ROOT/src/jobdesk.c" ]; }; do
		ROOT=$(dirname "$ROOT")
	done
	[ "$ROOT" != / ] || ROOT=$(pwd)
	if [ -n "${2:-}" ]; then
		TOOLS=$2
	elif [ "$(basename "$(dirname "$(dirname "$BIN")")")" = build-san ]; then
		TOOLS=$ROOT/build-san/tests
	else
		TOOLS=$ROOT/build/tests
	fi
	case $TOOLS in /*) ;; *) TOOLS=$(pwd)/$TOOLS ;; esac
	# Under /tmp whatever TMPDIR says: the socket path must stay short.
	tmp=$(mktemp -d /tmp/jobdesk-sync.XXXXXX) || exit 2
	# The postgres user must reach its folder inside when we are root.
	chmod 711 "$tmp"
	finished=0
	SERVER_PID=
	PGDIR=
	: >"$tmp/results"
	: >"$tmp/pids"
	mkdir -p "$tmp/home" "$tmp/config" "$tmp/data" "$tmp/state" "$tmp/t"
	trap sync_cleanup EXIT
	trap 'exit 1' INT TERM HUP
	start_watchdog
	export LC_ALL=C.UTF-8 HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config" \
	    XDG_DATA_HOME="$tmp/data" XDG_STATE_HOME="$tmp/state"
	unset LANGUAGE LANG PGHOST PGUSER PGDATABASE PGPORT PGSERVICE
	# A sanitizer report goes to a file the summary shows; libfaketime is
	# preloaded before the sanitizer runtime in the clock tests.
	export ASAN_OPTIONS="log_path=$tmp/asan:abort_on_error=0:verify_asan_link_order=0"
	export UBSAN_OPTIONS="log_path=$tmp/asan.ubsan:print_stacktrace=1"
	for _p in "$BIN" "$JDD"; do
		[ -x "$_p" ] || bail "\"$_p\" is not a program; run make first"
	done
	for _p in cutproxy freeport peakrss signpush; do
		[ -x "$TOOLS/$_p" ] || bail "no test tool $TOOLS/$_p; run make tests"
	done
	for _p in sqlite3 psql curl; do
		command -v "$_p" >/dev/null 2>&1 || bail "$_p is not installed (make check-deps)"
	done
	echo "== $SUITE (jobdesk $BIN, jobdeskd $JDD)"
}

# track PID: a background process to end (by its id) when the script exits.
track() {
	echo "$1" >>"$tmp/pids"
}

# reap PID: wait for a tracked process and forget it (its id may be reused);
# its exit status.
reap() {
	wait "$1"
	_st=$?
	grep -vx "$1" "$tmp/pids" >"$tmp/pids.new"
	mv "$tmp/pids.new" "$tmp/pids"
	return "$_st"
}

# start_watchdog: a process in a session of its own that waits for this
# script to end and, if it ended without its clean-up (SIGKILL, which a
# timeout may send to the whole process group), ends what the script
# started and removes the temporary folder; after a normal exit it finds
# the folder gone and just ends. A process is ended only if its command
# line still names the folder (its id cannot have been reused).
start_watchdog() {
	setsid sh -c '
		while kill -0 "$1" 2>/dev/null; do
			sleep 1
		done
		[ -d "$2" ] || exit 0
		for p in $(cat "$2/pids" "$2/server.pid" 2>/dev/null); do
			tr "\0" " " <"/proc/$p/cmdline" 2>/dev/null | grep -qF "$2/" &&
			    kill -9 "$p"
		done
		if [ -f "$2/pg/data/postmaster.pid" ] && [ -n "$3" ]; then
			if [ "$(id -u)" -eq 0 ]; then
				runuser -u postgres -- "$3/pg_ctl" -D "$2/pg/data" -m immediate stop
			else
				"$3/pg_ctl" -D "$2/pg/data" -m immediate stop
			fi
		fi
		rm -rf "$2"
	' watchdog "$$" "$tmp" "$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)" \
	    </dev/null >/dev/null 2>&1 &
}

# On EXIT: the summary if finish was not reached, end what was started, remove everything.
sync_cleanup() {
	_rc=$?
	trap - EXIT
	if [ "$finished" = 0 ]; then
		fail "the script ended early (status $_rc)"
		for _f in server.log pg/log; do
			[ -s "$tmp/$_f" ] || continue
			echo "     last lines of $_f:"
			tail -n 15 "$tmp/$_f" | sed 's/^/     | /'
		done
		summary
		_rc=1
	fi
	if [ -n "$SERVER_PID" ]; then
		kill -9 "$SERVER_PID" 2>/dev/null
		wait "$SERVER_PID" 2>/dev/null
	fi
	while read -r _pid; do
		kill -9 "$_pid" 2>/dev/null
	done <"$tmp/pids"
	if [ -n "$PGDIR" ] && [ -f "$PGDIR/data/postmaster.pid" ]; then
		as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate -w stop >/dev/null 2>&1
	fi
	rm -rf "$tmp"
	exit "$_rc"
}

# --- PostgreSQL ------------------------------------------------------------

# as_pg COMMAND...: run a PostgreSQL server program as its owner.
as_pg() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

# pg_start: initdb in $tmp/pg, start it on a socket there, create the
# database jobdesk; JOBDESK_PG is the conninfo. Any failure ends the suite
# as failed: a machine that cannot run PostgreSQL cannot pass these tests.
pg_start() {
	PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
	if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
		bail "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb; make check-deps)"
	fi
	PGDIR=$tmp/pg
	mkdir "$PGDIR"
	if [ "$(id -u)" -eq 0 ]; then
		id postgres >/dev/null 2>&1 ||
		    bail "running as root, but there is no user \"postgres\" to run PostgreSQL"
		chown postgres "$PGDIR"
		PGSU=postgres
	else
		PGSU=$(id -un)
	fi
	chmod 700 "$PGDIR"
	as_pg "$PGBIN/initdb" -D "$PGDIR/data" -U "$PGSU" -A trust -E UTF8 --locale=C.UTF-8 \
	    --no-sync >"$tmp/initdb.log" 2>&1 || bail "initdb failed" "$tmp/initdb.log"
	cat >>"$PGDIR/data/postgresql.conf" <<EOF
listen_addresses = ''
unix_socket_directories = '$PGDIR'
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 32MB
max_connections = 60
log_min_messages = warning
EOF
	start_pg || bail "PostgreSQL did not start" "$PGDIR/log"
	JOBDESK_PG="host=$PGDIR user=$PGSU dbname=jobdesk"
	export JOBDESK_PG
	psql -X -q -v ON_ERROR_STOP=1 "host=$PGDIR user=$PGSU dbname=postgres" \
	    -c "CREATE DATABASE jobdesk" >"$tmp/createdb.log" 2>&1 ||
	    bail "cannot create the database" "$tmp/createdb.log"
}

# start_pg: start the cluster made by pg_start (again); 0 once it answers.
start_pg() {
	as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w -t 60 start >/dev/null 2>&1
}

# stop_pg [MODE]: stop it (pg_ctl -m fast by default).
stop_pg() {
	as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m "${1:-fast}" -w -t 60 stop >/dev/null 2>&1
}

# pq SQL: run SQL on the server's database; the values unaligned, one row a line.
pq() {
	psql -X -At -q -v ON_ERROR_STOP=1 "$JOBDESK_PG" -c "$1"
}

# ident_copies: the notes of job seekers in change_log as "copies N,
# stale N, without N": the copy a note carries of its person (server
# migration 0012) against the record itself, compared as JSON here rather
# than as the server writes it.
ident_copies() {
	pq "SELECT 'copies ' || count(c.ident_values) || ', stale ' ||
	    count(*) FILTER (WHERE c.ident_values IS NOT NULL AND
	    (c.ident_office IS DISTINCT FROM r.office OR c.ident_deleted IS DISTINCT FROM r.deleted
	    OR c.ident_replaced_by IS DISTINCT FROM r.replaced_by OR c.ident_values::jsonb <>
	    jsonb_build_array(r.fields->'office', r.fields->'status', r.fields->'valid_until')))
	    || ', without ' || count(*) FILTER (WHERE c.ident_values IS NULL)
	    FROM change_log c JOIN record r ON r.tbl = c.tbl AND r.key = c.key
	    WHERE c.tbl = 'seeker'"
}

# --- jobdeskd --------------------------------------------------------------

# jdd ARGS...: jobdeskd with the suite's configuration.
jdd() {
	"$JDD" --config "$tmp/jobdeskd.ini" "$@"
}

# server_ini [SECTION.KEY=VALUE...]: write jobdeskd.ini for $PORT; the
# settings given are added or replace the harness's.
server_ini() {
	mkdir -p "$tmp/share"
	# Shipped form files and code lists, laid out as installed.
	ln -sfn "$ROOT/forms" "$tmp/share/forms"
	ln -sfn "$ROOT/db/codes" "$tmp/share/codes"
	{
		echo "server.listen=127.0.0.1"
		echo "server.port=$PORT"
		echo "server.threads=4"
		if [ -n "${TLS_CERT:-}" ]; then
			echo "server.tls_cert=$TLS_CERT"
			echo "server.tls_key=$TLS_KEY"
		else
			echo "server.allow_http=yes"
		fi
		echo "server.data_dir=$tmp/share"
		echo "database.conninfo=$JOBDESK_PG"
		echo "security.pwhash_memory_kib=8192"
		echo "security.pwhash_ops=1"
		for _kv in "$@"; do
			echo "$_kv"
		done
	} | awk '{
		i = index($0, "="); sk = substr($0, 1, i - 1); v = substr($0, i + 1)
		d = index(sk, "."); sec = substr(sk, 1, d - 1); key = substr(sk, d + 1)
		if (!(sec in seen)) { seen[sec] = 1; secs[++ns] = sec }
		if (!((sec, key) in val)) { keys[sec] = keys[sec] SUBSEP key }
		val[sec, key] = v
	} END {
		for (i = 1; i <= ns; i++) {
			printf "%s[%s]\n", (i > 1 ? "\n" : ""), secs[i]
			n = split(substr(keys[secs[i]], 2), ks, SUBSEP)
			for (j = 1; j <= n; j++)
				printf "%s = %s\n", ks[j], val[secs[i], ks[j]]
		}
	}' >"$tmp/jobdeskd.ini"
}

# server_setup [SECTION.KEY=VALUE...]: a free port, jobdeskd.ini, the
# schema, the district's offices (110105 and its street offices 110105-01
# and 110105-02, plus 110108 of another district), a supervisor account,
# and the server running. URL is where terminals find it.
server_setup() {
	PORT=$("$TOOLS/freeport") || bail "no free port"
	server_ini "$@"
	if [ -n "${TLS_CERT:-}" ]; then
		URL=https://127.0.0.1:$PORT
	else
		URL=http://127.0.0.1:$PORT
	fi
	jdd migrate >"$tmp/migrate.log" 2>&1 || bail "jobdeskd migrate failed" "$tmp/migrate.log"
	{
		jdd office add 110105 朝阳区公共就业服务中心 district &&
		jdd office add 110105-01 建外街道社区就业服务站 street 110105 &&
		jdd office add 110105-02 呼家楼街道社区就业服务站 street 110105 &&
		jdd office add 110108 海淀区公共就业服务中心 district &&
		printf '%s\n' "$PASSWORD" | jdd account add wangfang --name 王芳 --office 110105 \
		    --role supervisor
	} >"$tmp/admin.log" 2>&1 || bail "jobdeskd office/account add failed" "$tmp/admin.log"
	_tries=0
	until start_server; do
		_tries=$((_tries + 1))
		# Someone took the port in between: another, before any terminal knows it.
		if [ "$_tries" -ge 3 ] || ! grep -qi 'in use' "$tmp/server.log"; then
			bail "jobdeskd serve did not start" "$tmp/server.log"
		fi
		PORT=$("$TOOLS/freeport")
		server_ini "$@"
		URL=${URL%:*}:$PORT
	done
}
PASSWORD=Counter-2024

# curl_health: the HTTP status of GET /health ("000" when nothing answers).
curl_health() {
	curl -s -o "$tmp/health.out" -w '%{http_code}' --max-time 5 ${CURL_TLS:-} \
	    "$URL/health" 2>/dev/null
}

# start_server: jobdeskd serve in the background; 0 once /health says 200
# (up to 30 s), 1 if it exits or never answers.
start_server() {
	"$JDD" --config "$tmp/jobdeskd.ini" serve >>"$tmp/server.log" 2>&1 &
	SERVER_PID=$!
	echo "$SERVER_PID" >"$tmp/server.pid"
	_n=300
	while [ "$_n" -gt 0 ]; do
		[ "$(curl_health)" = 200 ] && return 0
		if ! kill -0 "$SERVER_PID" 2>/dev/null; then
			wait "$SERVER_PID" 2>/dev/null
			SERVER_PID=
			return 1
		fi
		sleep 0.1
		_n=$((_n - 1))
	done
	kill -9 "$SERVER_PID" 2>/dev/null
	wait "$SERVER_PID" 2>/dev/null
	SERVER_PID=
	return 1
}

# kill_server: SIGKILL, as a crash or a pulled plug would end it.
kill_server() {
	[ -n "$SERVER_PID" ] || return 0
	kill -9 "$SERVER_PID" 2>/dev/null
	wait "$SERVER_PID" 2>/dev/null
	SERVER_PID=
}

# stop_server: SIGTERM, then wait (up to 20 s) for a clean exit; 0 if it was clean.
stop_server() {
	[ -n "$SERVER_PID" ] || return 0
	kill -TERM "$SERVER_PID" 2>/dev/null
	_n=200
	while kill -0 "$SERVER_PID" 2>/dev/null && [ "$_n" -gt 0 ]; do
		sleep 0.1
		_n=$((_n - 1))
	done
	if kill -0 "$SERVER_PID" 2>/dev/null; then
		kill -9 "$SERVER_PID" 2>/dev/null
		wait "$SERVER_PID" 2>/dev/null
		SERVER_PID=
		return 1
	fi
	wait "$SERVER_PID"
	_st=$?
	SERVER_PID=
	return "$_st"
}

# restart_server: start it again on the same port (after kill_server or stop_server).
restart_server() {
	_n=0
	until start_server; do
		_n=$((_n + 1))
		[ "$_n" -lt 20 ] || return 1
		sleep 0.5
	done
}

# enroll_code OFFICE: a fresh one-time code from jobdeskd enroll.
enroll_code() {
	jdd enroll --office "$1" 2>>"$tmp/admin.log" | awk 'NF { last = $NF } END { print last }'
}

# --- terminals -------------------------------------------------------------

# find_libfaketime: FAKETIME_LIB, the preload library of package faketime.
FAKETIME_LIB=
find_libfaketime() {
	for _f in /usr/lib/*/faketime/libfaketime.so.1 /usr/lib/faketime/libfaketime.so.1; do
		[ -f "$_f" ] && FAKETIME_LIB=$_f
	done
	[ -n "$FAKETIME_LIB" ] || bail "libfaketime is not installed (make check-deps)"
}

# jd NAME ARGS...: jobdesk on terminal NAME's database and configuration.
# With FAKE set (a libfaketime time, e.g. "+1d"), its clock is that one.
# The library is preloaded directly: the faketime(1) wrapper names a
# semaphore after its own pid and refuses to run when a wrapper killed
# earlier with that pid left one behind.
jd() {
	_t=$1
	shift
	if [ -n "${FAKE:-}" ]; then
		[ -n "$FAKETIME_LIB" ] || find_libfaketime
		LD_PRELOAD=$FAKETIME_LIB FAKETIME=$FAKE "$BIN" \
		    --config "$tmp/t/$_t/jobdesk.ini" --db "$tmp/t/$_t/jobdesk.db" "$@"
	else
		"$BIN" --config "$tmp/t/$_t/jobdesk.ini" --db "$tmp/t/$_t/jobdesk.db" "$@"
	fi
}

# tdb NAME: terminal NAME's database file.
tdb() {
	printf '%s' "$tmp/t/$1/jobdesk.db"
}

# tsql NAME SQL: query terminal NAME's database (waiting for a writer's lock).
tsql() {
	sqlite3 -bail -cmd '.timeout 10000' "$(tdb "$1")" "$2"
}

# tid NAME: terminal NAME's enrolled id.
tid() {
	tsql "$1" "SELECT value FROM setting WHERE key = 'terminal_id'"
}

# client_state NAME: terminal NAME's whole database, as SQL text, hashed:
# what a refused (or repeated) exchange must leave as it was.
client_state() {
	sqlite3 -cmd '.timeout 10000' "$(tdb "$1")" .dump | md5sum
}

# server_state: what a refused import or relay must leave on the server as
# it was: the records, the change log, each terminal's last change, the
# trail of changes.
server_state() {
	pq "SELECT (SELECT count(*) FROM record) || ' ' || (SELECT coalesce(max(pos), 0)
	    FROM change_log) || ' ' || (SELECT string_agg(last_seq::text, ',' ORDER BY id)
	    FROM terminal) || ' ' || (SELECT count(*) FROM change_history)"
}

# flip FILE OFFSET: change the byte at OFFSET (counted from 0) of FILE.
flip() {
	_b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
	printf "$(printf '\\%03o' $(((_b + 1) % 256)))" |
	    dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}

# to_file NAME FILE: jobdesk sync --to-file FILE on terminal NAME as the
# district's supervisor (who signs the changes made by commands; with
# NOUSER set, no one: a terminal that holds no account yet); output in
# $tmp/t/NAME/to.out and to.err, its status.
to_file() {
	if [ -n "${NOUSER:-}" ]; then
		jd "$1" sync --to-file "$2" --quiet >"$tmp/t/$1/to.out" 2>"$tmp/t/$1/to.err"
	else
		printf '%s\n' "$PASSWORD" | jd "$1" sync --to-file "$2" --user wangfang \
		    >"$tmp/t/$1/to.out" 2>"$tmp/t/$1/to.err"
	fi
}

# from_file NAME FILE: jobdesk sync --from-file FILE on terminal NAME;
# output in $tmp/t/NAME/from.out and from.err, its status.
from_file() {
	jd "$1" sync --from-file "$2" >"$tmp/t/$1/from.out" 2>"$tmp/t/$1/from.err"
}

# terminal_ini NAME [EXTRA_INI_TEXT]: the terminal's jobdesk.ini; [sync]
# allows plain HTTP unless EXTRA has its own [sync] section.
terminal_ini() {
	mkdir -p "$tmp/t/$1"
	{
		printf '[client]\nlanguage = en\n'
		case ${2:-} in
		*'[sync]'*) printf '\n%b\n' "$2" ;;
		*)
			printf '\n[sync]\nallow_http = yes\nconnect_timeout = 5\n'
			[ -z "${2:-}" ] || printf '%b\n' "$2"
			;;
		esac
	} >"$tmp/t/$1/jobdesk.ini"
}

# new_terminal NAME OFFICE [EXTRA_INI_TEXT]: a new database enrolled for
# OFFICE with a fresh code (not synced yet); fails the suite if it cannot.
new_terminal() {
	terminal_ini "$1" "${3:-}"
	_code=$(enroll_code "$2")
	[ -n "$_code" ] || bail "jobdeskd enroll --office $2 printed no code" "$tmp/admin.log"
	if ! jd "$1" enroll "$URL" "$_code" >"$tmp/t/$1/enroll.out" 2>&1; then
		bail "jobdesk enroll of terminal $1 failed" "$tmp/t/$1/enroll.out"
	fi
}

# jd_sync NAME [ARGS...]: jobdesk sync on terminal NAME as the district's
# supervisor wangfang (its password on standard input): the changes made
# by commands there go out signed under that account (jobdesk-sync(7),
# "Changes made before enrollment").
jd_sync() {
	_t=$1
	shift
	printf '%s\n' "$PASSWORD" | jd "$_t" sync --user "${SYNC_USER:-wangfang}" "$@"
}

# signed FILE [AUTHOR [TERMINAL]]: sign the push body in FILE in place as
# AUTHOR (wangfang) would, with that account's key from the server (for
# TERMINAL: by default the push's own). A body that is no push stays.
signed() {
	_who=${2:-wangfang}
	_key=$(pq "SELECT encode(secret_key, 'hex') FROM account WHERE login = '$_who'")
	"$TOOLS/signpush" "${_key:-00}" "$_who" ${3:+"$3"} <"$1" >"$1.signed" &&
	    mv "$1.signed" "$1"
}

# t_sync NAME: one headless round (jobdesk sync); its status. The output
# is in $tmp/t/NAME/sync.out and sync.err.
t_sync() {
	jd_sync "$1" >"$tmp/t/$1/sync.out" 2>"$tmp/t/$1/sync.err"
}

# sync_ok NAME [WHAT]: a round that must succeed (a check of its own).
sync_ok() {
	if t_sync "$1"; then
		ok "${2:-sync of $1}"
	else
		fail "${2:-sync of $1}: exit status $?" "$(cat "$tmp/t/$1/sync.err")"
	fi
}

# sync_all NAME...: a round on each, in that order, each a check.
sync_all() {
	for _t in "$@"; do
		sync_ok "$_t" "sync of $_t"
	done
}

# quiet_sync NAME...: rounds that must succeed, one check for all of them.
quiet_sync() {
	_bad=
	for _t in "$@"; do
		t_sync "$_t" || _bad="$_bad $_t"
	done
	if [ -z "$_bad" ]; then
		ok "sync of $*"
	else
		fail "sync of $*: failed on$_bad" "$(for _t in $_bad; do
			echo "$_t:"; cat "$tmp/t/$_t/sync.err"; done)"
	fi
}

# t_import NAME KIND CSV: import a file on a terminal (must succeed).
t_import() {
	if jd "$1" import "$2" "$3" >"$tmp/t/$1/import.out" 2>"$tmp/t/$1/import.err"; then
		return 0
	fi
	fail "import of $(basename "$3") on $1" "$(cat "$tmp/t/$1/import.out" "$tmp/t/$1/import.err")"
	return 1
}

# export_all NAME: the terminal's seekers, employers and vacancies as
# jobdesk export writes them, into $tmp/t/NAME/{seekers,employers,vacancies}.csv,
# and what export does not show (service events, redirects, the conflict
# journal) as sorted text from its database into $tmp/t/NAME/*.txt.
export_all() {
	for _k in seekers employers vacancies; do
		jd "$1" export "$_k" >"$tmp/t/$1/$_k.csv" 2>"$tmp/t/$1/export.err" ||
		    fail "export of $_k on $1" "$(cat "$tmp/t/$1/export.err")"
	done
	tsql "$1" "SELECT id, type, coalesce(seeker_id, ''), coalesce(employer_id, ''),
	    coalesce(vacancy_id, ''), clerk, office, at, free, basis FROM service_event
	    ORDER BY id" >"$tmp/t/$1/events.txt"
	tsql "$1" "SELECT 'seeker', id, coalesce(id_number, ''), deleted, coalesce(replaced_by, '')
	    FROM seeker UNION ALL SELECT 'employer', id, coalesce(uscc, ''), deleted,
	    coalesce(replaced_by, '') FROM employer ORDER BY 1, 2" >"$tmp/t/$1/ids.txt"
	tsql "$1" "SELECT key, tbl, row_id, field, lost_value, lost_stamp, won_value, won_stamp, at
	    FROM conflict ORDER BY key" >"$tmp/t/$1/conflicts.txt"
}

# same_data A B...: every terminal's export_all output equals A's, byte
# for byte, file by file (exports are in natural-key order, the rest is
# selected in key order).
same_data() {
	_a=$1
	shift
	for _f in seekers.csv employers.csv vacancies.csv events.txt ids.txt conflicts.txt; do
		_bad=
		for _b in "$@"; do
			cmp -s "$tmp/t/$_a/$_f" "$tmp/t/$_b/$_f" || _bad="$_bad $_b"
		done
		if [ -z "$_bad" ]; then
			ok "$_f identical on $_a $* ($(wc -l <"$tmp/t/$_a/$_f" | tr -d ' ') lines)"
		else
			fail "$_f identical on $_a $*: differs on$_bad" "$(for _b in $_bad; do
				echo "diff $_a $_b:"
				diff "$tmp/t/$_a/$_f" "$tmp/t/$_b/$_f" | head -12
			done)"
		fi
	done
}

# integrity NAME...: PRAGMA integrity_check is "ok" on each terminal.
integrity() {
	for _t in "$@"; do
		check "integrity check of $_t" is "$(tsql "$_t" 'PRAGMA integrity_check')" ok
	done
}

# seeker_field NAME IDNUM FIELD: a field of the seeker with that ID number on a terminal.
seeker_field() {
	tsql "$1" "SELECT $3 FROM seeker WHERE id_number = '$2'"
}

# --- data --------------------------------------------------------------------

# seekers_csv N FIRST [PHONE_BASE]: a seekers CSV of N people with distinct
# valid ID numbers (numbered from FIRST) on standard output.
seekers_csv() {
	awk -v n="$1" -v first="$2" -v pb="${3:-13800000000}" 'BEGIN {
		split("7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2", w, " ")
		print "id_number,name,phone,household,education,category"
		for (i = first; i < first + n; i++) {
			d = sprintf("110105%04d%02d%02d%03d", 1960 + i % 40, 1 + int(i / 40) % 12,
			    1 + int(i / 480) % 28, 100 + int(i / 13440) % 900)
			s = 0
			for (k = 1; k <= 17; k++)
				s += substr(d, k, 1) * w[k]
			printf "%s%s,测试%d号,%.0f,urban,21,unemployed\n", d,
			    substr("10X98765432", s % 11 + 1, 1), i, pb + i
		}
	}'
}

# seekers_rich_csv N FIRST [SEED]: like seekers_csv, with the free text
# real registrations carry (names, an address, a major, skills, work
# experience), drawn from SEED, so that what goes over the network
# compresses about as real records do, not as one line repeated.
seekers_rich_csv() {
	awk -v n="$1" -v first="$2" -v seed="${3:-1}" 'BEGIN {
		srand(seed)
		split("7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2", w, " ")
		ns = split("王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐", sn, " ")
		ng = split("伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀 霞 平 刚 桂 英 华 玉 兰 建 国 志 文", gn, " ")
		nr = split("建国路 朝阳路 光华路 东三环中路 西大望路 百子湾路 广渠路 劲松路 双井街 呼家楼北街 金台路 延静里", rd, " ")
		nm = split("会计 机电一体化 计算机应用 护理 烹饪 汽车维修 电子商务 物流管理 市场营销 学前教育 酒店管理 建筑工程", mj, " ")
		nk = split("电工证 焊工证 叉车证 会计从业资格 育婴师 养老护理员 中式烹调师 美容师 保安员 计算机操作员 汽车驾驶 电子商务师", sk, " ")
		nc = split("商贸 物业 餐饮 保洁 快递 制造 建筑 家政 零售 仓储 印刷 运输", co, " ")
		nj = split("收银员 保安 厨师 配送员 装配工 库管员 保洁员 营业员 司机 客服 文员 电工", jb, " ")
		print "id_number,name,phone,household,education,category,address,major,skills,experience"
		for (i = first; i < first + n; i++) {
			d = sprintf("110105%04d%02d%02d%03d", 1960 + i % 40, 1 + int(i / 40) % 12,
			    1 + int(i / 480) % 28, 100 + int(i / 13440) % 900)
			s = 0
			for (k = 1; k <= 17; k++)
				s += substr(d, k, 1) * w[k]
			name = sn[1 + int(rand() * ns)] gn[1 + int(rand() * ng)]
			if (rand() < 0.6)
				name = name gn[1 + int(rand() * ng)]
			addr = sprintf("北京市朝阳区%s%d号院%d号楼%d单元%d室", rd[1 + int(rand() * nr)],
			    1 + int(rand() * 300), 1 + int(rand() * 30), 1 + int(rand() * 6),
			    101 + int(rand() * 20) * 100 + int(rand() * 8))
			k1 = int(rand() * nk)
			skills = sk[1 + k1]
			if (rand() < 0.5)
				skills = skills "、" sk[1 + (k1 + 1 + int(rand() * (nk - 1))) % nk]
			work = sprintf("%d年至%d年在%s%s公司任%s", 2000 + int(rand() * 15),
			    2015 + int(rand() * 9), gn[1 + int(rand() * ng)] gn[1 + int(rand() * ng)],
			    co[1 + int(rand() * nc)], jb[1 + int(rand() * nj)])
			printf "%s%s,%s,%.0f,urban,21,unemployed,%s,%s,%s,%s\n", d,
			    substr("10X98765432", s % 11 + 1, 1), name, 13000000000 + int(rand() * 999999999),
			    addr, mj[1 + int(rand() * nm)], skills, work
		}
	}'
}

# json FILE PATH: a value of a JSON file ("" when absent), read by SQLite's JSON functions.
json() {
	sqlite3 :memory: "SELECT coalesce(json_extract(readfile('$1'), '$2'), '')" 2>/dev/null
}

# rand N: a random number in [0, N).
rand() {
	od -An -N4 -tu4 /dev/urandom | awk -v n="$1" '{ print $1 % n }'
}

# msleep MS: sleep some milliseconds.
msleep() {
	sleep "$(awk -v m="$1" 'BEGIN { printf "%.3f", m / 1000 }')"
}

# sqlq TEXT: TEXT as an SQL string literal.
sqlq() {
	printf "'%s'" "$(printf '%s' "$1" | sed "s/'/''/g")"
}

# seeker_set NAME IDNUM FIELD=VALUE...: change fields of a seeker on a
# terminal the way an office changes them in bulk: jobdesk import of a
# one-row file made from the record as the terminal holds it, with those
# fields changed (other fields keep their values, so only these change).
seeker_set() {
	_t=$1
	_id=$2
	shift 2
	_cols="id_number name phone household education category"
	for _kv in "$@"; do
		case " $_cols " in
		*" ${_kv%%=*} "*) ;;
		*) _cols="$_cols ${_kv%%=*}" ;;
		esac
	done
	_sel=
	for _c in $_cols; do
		_e="\"$_c\""
		for _kv in "$@"; do
			[ "${_kv%%=*}" = "$_c" ] && _e="$(sqlq "${_kv#*=}") AS \"$_c\""
		done
		_sel="${_sel:+$_sel, }$_e"
	done
	sqlite3 -cmd '.timeout 10000' -csv -header "$(tdb "$_t")" \
	    "SELECT $_sel FROM seeker WHERE id_number = $(sqlq "$_id")" >"$tmp/t/$_t/edit.csv"
	if [ "$(wc -l <"$tmp/t/$_t/edit.csv")" -ne 2 ]; then
		fail "seeker_set: no seeker $_id on $_t"
		return 1
	fi
	t_import "$_t" seekers "$tmp/t/$_t/edit.csv"
}

# seeker_id NAME IDNUM: the record id of a seeker on a terminal.
seeker_id() {
	tsql "$1" "SELECT id FROM seeker WHERE id_number = $(sqlq "$2")"
}

# outbox_add NAME TBL ID OP FIELDS_JSON [SQL]: append an outbox entry on a
# terminal directly, as the store would (next seq, next clock stamp), with
# SQL in the same transaction, for changes no command makes: a supervisor's
# merge, a change the server must refuse. The fields are stored as the
# store writes them (keys in order, no blanks): the signature a sync adds
# covers that text, and the server checks it against its own encoding of
# the change, so '{"a": "1"}' as typed would be refused as not the
# signer's.
outbox_add() {
	tsql "$1" "BEGIN IMMEDIATE;
	    UPDATE setting SET value = max(CAST(value AS INTEGER) + 1,
		CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) << 16) WHERE key = 'hlc';
	    UPDATE setting SET value = CAST(value AS INTEGER) + 1 WHERE key = 'outbox_seq';
	    INSERT INTO outbox (seq, tbl, row_id, op, fields, hlc, created_at)
	    VALUES ((SELECT CAST(value AS INTEGER) FROM setting WHERE key = 'outbox_seq'),
		$(sqlq "$2"), $(sqlq "$3"), $(sqlq "$4"),
		(SELECT coalesce(json_group_object(key, value), '{}') FROM
		    (SELECT key, value FROM json_each($(sqlq "$5")) ORDER BY key)),
		(SELECT CAST(value AS INTEGER) FROM setting WHERE key = 'hlc'),
		strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
	    ${6:-}
	    COMMIT;"
}

# seeker_merge NAME LOSER_ID SURVIVOR_ID: a supervisor's merge of two
# records of one person on a terminal, written as the store's seeker_merge
# writes it (the screens have it, no command does): the loser becomes a
# tombstone that points at the survivor, leaves the name index, and the
# delete goes into the outbox. (The survivor's update with the fields it
# lacked is not written: the tests merge records that lack nothing.)
seeker_merge() {
	outbox_add "$1" seeker "$2" delete "{\"replaced_by\":\"$3\"}" \
	    "DELETE FROM seeker_name_gram WHERE rid = (SELECT rid FROM seeker WHERE id = $(sqlq "$2"));
	    UPDATE seeker SET deleted = 1, id_number = NULL, replaced_by = $(sqlq "$3"),
		hlc = (SELECT CAST(value AS INTEGER) FROM setting WHERE key = 'hlc')
	    WHERE id = $(sqlq "$2");"
}

# --- the lossy network (build/tests/cutproxy) -------------------------------

# start_proxy [PATH ACTION COUNT]...: a cutproxy in front of the server with
# these rules; PROXY_URL is its address, $tmp/proxy.log its log (appended).
start_proxy() {
	rm -f "$tmp/proxy.port"
	"$TOOLS/cutproxy" -l "$tmp/proxy.log" -o "$tmp/proxy.port" "$PORT" "$@" \
	    2>>"$tmp/proxy.err" &
	PROXY_PID=$!
	track "$PROXY_PID"
	_n=100
	while [ ! -s "$tmp/proxy.port" ] && [ "$_n" -gt 0 ]; do
		sleep 0.1
		_n=$((_n - 1))
	done
	[ -s "$tmp/proxy.port" ] || bail "cutproxy did not start" "$tmp/proxy.err"
	PROXY_URL=http://127.0.0.1:$(cat "$tmp/proxy.port")
}

# stop_proxy: end the proxy started last.
stop_proxy() {
	[ -n "${PROXY_PID:-}" ] || return 0
	kill "$PROXY_PID" 2>/dev/null
	reap "$PROXY_PID" 2>/dev/null
	PROXY_PID=
}

# via_proxy NAME: terminal NAME reaches the server through the proxy from now on.
via_proxy() {
	terminal_ini "$1" "url = $PROXY_URL${2:+\n$2}"
}

# direct NAME: terminal NAME reaches the server directly again.
direct() {
	terminal_ini "$1" "${2:-}"
}

# start_bg NAME ARGS...: jobdesk on terminal NAME in the background (the
# program itself, so that BG_PID is its process id); output in bg.out/err.
start_bg() {
	_t=$1
	shift
	# A sync signs what commands made as the district's supervisor (jd_sync).
	if [ "$1" = sync ]; then
		set -- "$@" --user "${SYNC_USER:-wangfang}"
	fi
	printf '%s\n' "$PASSWORD" | "$BIN" --config "$tmp/t/$_t/jobdesk.ini" \
	    --db "$tmp/t/$_t/jobdesk.db" "$@" >"$tmp/t/$_t/bg.out" 2>"$tmp/t/$_t/bg.err" &
	BG_PID=$!
	track "$BG_PID"
}

# wait_pid PID SECONDS: wait for a tracked process to end; its status, or
# 124 when it did not end in time (then it is killed).
wait_pid() {
	_n=$(($2 * 10))
	while kill -0 "$1" 2>/dev/null && [ "$_n" -gt 0 ]; do
		sleep 0.1
		_n=$((_n - 1))
	done
	if kill -0 "$1" 2>/dev/null; then
		kill -9 "$1" 2>/dev/null
		reap "$1" 2>/dev/null
		return 124
	fi
	reap "$1"
}
