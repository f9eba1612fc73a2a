#!/bin/sh
# The server under hostile load and faults, as an audit reproduced them:
# a wrong token with a bad body (401, not 400); 64 parallel 8 MB uploads
# with a wrong token (the server's peak memory stays near its idle size:
# bodies are not read before the token is known); requests trickling one
# header byte every 10 s (their slots are freed within the deadline and
# the other terminals of the address are served); idle connections over
# max_connections (a health check gets 503 at once); bodies framed in
# ways libmicrohttpd would misread; a re-enrollment that presents an
# enrolled terminal's id (no takeover: a new id); PostgreSQL restarted
# (every path connects again); PostgreSQL stopped with -m immediate right
# after a large push (nothing acknowledged is lost); two `jobdesk sync`
# on one database (the second refused, saying why); a long transaction
# holding the pull horizon (jobdesk sync says so).
# Usage: sh tests/sync/hostile.sh BINARY [TOOLS_DIR]
#
# HOSTILE_OLD_SERVER=1 leaves out the [limits] keys that older servers do
# not know (header_deadline), to show what a jobdeskd from before them does.
set -u
. "$(dirname "$0")/lib.sh"
sync_init "$@"
[ -x "$TOOLS/holdconn" ] || bail "no test tool $TOOLS/holdconn; run make tests"
pg_start
# Asynchronous commits stay in PostgreSQL's memory up to 10 s (the
# harness runs it with synchronous_commit = off): a crash loses them
# unless the server asks for synchronous commits.
echo "wal_writer_delay = 10000" >>"$PGDIR/data/postgresql.conf"
stop_pg && start_pg || bail "PostgreSQL did not restart" "$PGDIR/log"
server_setup

# req METHOD PATH [CURL ARGS...]: a request; STATUS and $tmp/resp (the body).
req() {
	_m=$1
	_p=$2
	shift 2
	STATUS=$(curl -s -o "$tmp/resp" -D "$tmp/resp.head" -w '%{http_code}' --max-time 30 \
	    -X "$_m" "$@" "$URL$_p")
}

# token NAME: terminal NAME's token.
token() {
	tsql "$1" "SELECT value FROM setting WHERE key = 'sync_token'"
}

# wait_for SECONDS COMMAND...: poll until COMMAND succeeds; 0, or 1 after SECONDS.
wait_for() {
	_n=$(($1 * 10))
	shift
	while [ "$_n" -gt 0 ]; do
		"$@" && return 0
		sleep 0.1
		_n=$((_n - 1))
	done
	return 1
}

# healthy: GET /health answers 200.
healthy() {
	[ "$(curl_health)" = 200 ]
}

# status_is FILE FIELD N: holdconn's STATUSFILE says FIELD N.
status_is() {
	[ -f "$1" ] && grep -q " $2 $3\b\|^$2 $3\b" "$1"
}

# serve [KEY=VALUE...]: restart jobdeskd on the same port with these settings.
serve() {
	stop_server
	server_ini "$@"
	restart_server || bail "jobdeskd did not start again" "$tmp/server.log"
}

new_terminal A 110105-01
new_terminal B 110105-01
seekers_csv 3 1 >"$tmp/three.csv"
t_import A seekers "$tmp/three.csv"
sync_all A B

# --- the token is checked before the body -------------------------------------
printf '{"v":1,"terminal":' >"$tmp/bad.json"
req POST /v1/push -H 'Content-Type: application/json' -H 'Authorization: Bearer nosuchtoken' \
    --data-binary "@$tmp/bad.json"
check "a wrong token with a bad body: 401 (the body is never read)" is "$STATUS" 401
check "a wrong token with a bad body: error \"unauthorized\"" \
    is "$(json "$tmp/resp" '$.error')" unauthorized
req POST /v1/pull -H 'Content-Type: application/json' -H 'Authorization: Bearer nosuchtoken' \
    --data-binary "@$tmp/bad.json"
check "a pull with a wrong token and a bad body: 401" is "$STATUS" 401
req POST /v1/push -H 'Content-Type: application/json' -H "Authorization: Bearer $(token A)" \
    --data-binary "@$tmp/bad.json"
check "the right token with a bad body: 400" is "$STATUS" 400

# --- bodies framed in ways libmicrohttpd would misread ------------------------
printf '{}' >"$tmp/empty.json"
req POST /v1/push -H 'Content-Type: application/json' -H "Authorization: Bearer $(token A)" \
    -H 'Transfer-Encoding: gzip' --data-binary "@$tmp/empty.json"
check "Transfer-Encoding other than chunked: 400 at once (not read to the end)" \
    is "$STATUS" 400
check "Transfer-Encoding other than chunked: our JSON error" \
    is "$(json "$tmp/resp" '$.error')" bad_request
req GET /health --data-binary "@$tmp/three.csv"
check "a health check with a body: 413" is "$STATUS" 413
check "a health check with a body: our JSON error" is "$(json "$tmp/resp" '$.error')" too_large
# What libmicrohttpd 0.9.75 answers itself (jobdeskd(8), BUGS): a status, its own text.
req POST /v1/push -H 'Content-Type: application/json' -H 'Content-Length: -1' \
    -H "Authorization: Bearer $(token A)"
check "a negative Content-Length: 400 from libmicrohttpd" is "$STATUS" 400

# --- 64 parallel 8 MB uploads with a wrong token --------------------------------
# The server runs under peakrss: once idle (a sync and health checks), once
# under the uploads, from 4 loopback addresses (16 each, per_address).
head -c 8388000 /dev/zero | tr '\0' ' ' >"$tmp/big.json"

# rss_serve FILE: jobdeskd serve under peakrss (FILE gets its peak RSS in KiB).
rss_serve() {
	stop_server
	"$TOOLS/peakrss" "$1" "$JDD" --config "$tmp/jobdeskd.ini" serve >>"$tmp/server.log" 2>&1 &
	RSS_PID=$!
	track "$RSS_PID"
	wait_for 30 healthy || bail "jobdeskd did not start under peakrss"
	SERVER_PID=$(ps -o pid= --ppid "$RSS_PID" | tr -d ' ')
}

# rss_stop: stop it; its peak in the file.
rss_stop() {
	stop_server
	reap "$RSS_PID"
}

rss_serve "$tmp/rss.idle"
sync_all A B
for _i in 1 2 3 4 5 6 7 8; do curl_health >/dev/null; done
rss_stop
rss_serve "$tmp/rss.attack"
: >"$tmp/uploads"
_pids=
for _a in 2 3 4 5; do
	for _i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do
		curl -s -o /dev/null -w '%{http_code}\n' --max-time 120 --interface "127.0.0.$_a" \
		    -H 'Content-Type: application/json' -H 'Authorization: Bearer stolen-or-guessed' \
		    -H 'Expect:' --data-binary "@$tmp/big.json" "$URL/v1/push" >>"$tmp/uploads" \
		    2>/dev/null &
		_pids="$_pids $!"
	done
done
for _p in $_pids; do
	wait "$_p"
done
check "under the uploads the server still answers" is "$(curl_health)" 200
rss_stop
idle=$(cat "$tmp/rss.idle")
attack=$(cat "$tmp/rss.attack")
echo "     peak RSS: idle $idle KiB, under 64 wrong-token uploads of 8 MB $attack KiB"
check "64 wrong-token uploads of 8 MB: peak RSS within 48 MiB of idle ($idle -> $attack KiB)" \
    test "$attack" -le $((idle + 49152))
check "the uploads got 401 (or a closed connection, their bodies unread)" \
    test "$(grep -c -v '^401$\|^000$' "$tmp/uploads")" -eq 0
restart_server || bail "jobdeskd did not start again" "$tmp/server.log"

# --- requests trickling one header byte every 10 s ------------------------------
# 20 connections from the terminals' address: 16 fill per_address, 4 more
# are answered 503 (or refused). None sends its head whole: the deadline
# (10 s by default) frees every slot while the trickle goes on.
"$TOOLS/holdconn" -t 10 -o "$tmp/trickle" "$PORT" 20 2>>"$tmp/holdconn.err" &
TRICKLE=$!
track "$TRICKLE"
wait_for 30 status_is "$tmp/trickle" open 20 ||
    fail "holdconn opened 20 connections" "$(cat "$tmp/trickle" "$tmp/holdconn.err" 2>/dev/null)"
if wait_for 60 status_is "$tmp/trickle" closed 20; then
	ok "20 trickling connections: every one closed by the server within the deadline"
else
	fail "20 trickling connections: every one closed by the server within the deadline" \
	    "$(cat "$tmp/trickle")"
fi
seekers_csv 1 100 >"$tmp/one.csv"
t_import A seekers "$tmp/one.csv"
sync_ok A "a terminal of the same address syncs once the slots are free"
check "the log says why the connections were closed" \
    grep -q 'did not come whole in time' "$tmp/server.log"
# holdconn never closes a connection itself: it ends once the server closed every one.
wait_pid "$TRICKLE" 30
check "the trickler ended because the server closed its connections (status $?)" test "$?" -eq 0

# --- idle connections over max_connections ------------------------------------
# 224 idle connections from 14 loopback addresses (16 each, per_address)
# fill max_connections (200): a health check must get 503 at once.
if [ -n "${HOSTILE_OLD_SERVER:-}" ]; then
	serve
else
	# Long enough that the idle ones are still there when the check comes.
	serve limits.header_deadline=60 limits.request_deadline=60
fi
_pids=
for _a in 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do
	"$TOOLS/holdconn" -b "127.0.0.$_a" -o "$tmp/idle.$_a" "$PORT" 16 2>>"$tmp/holdconn.err" &
	track $!
	_pids="$_pids $!"
done
for _a in 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do
	wait_for 30 status_is "$tmp/idle.$_a" open 16 ||
	    fail "holdconn from 127.0.0.$_a opened 16 connections" "$(cat "$tmp/idle.$_a")"
done
STATUS=$(curl -s -o "$tmp/resp" -D "$tmp/resp.head" -w '%{http_code}' --max-time 10 \
    "$URL/health")
check "a health check over max_connections: 503 (not silence)" is "$STATUS" 503
check "its body is our JSON error" is "$(json "$tmp/resp" '$.error')" unavailable
check "it says when to come back" grep -qi '^Retry-After:' "$tmp/resp.head"
for _p in $_pids; do
	kill "$_p" 2>/dev/null
	reap "$_p" 2>/dev/null
done
check "the connections gone, the server answers 200 again" wait_for 30 healthy
serve

# --- a re-enrollment presenting an enrolled terminal's id -----------------------
# Ids are public (every stamp names its terminal). A fresh code of A's
# office with A's id must not take A over.
aid=$(tid A)
atoken=$(token A)
ahash=$(pq "SELECT encode(token_hash, 'hex') FROM terminal WHERE id = '$aid'")
terminal_ini X
jd X user list >/dev/null 2>&1	# makes X's database (a command that fails would not keep it)
tsql X "UPDATE setting SET value = '$aid' WHERE key = 'terminal_id'"
code=$(enroll_code 110105-01)
if jd X enroll "$URL" "$code" >"$tmp/t/X/enroll.out" 2>&1; then
	ok "enrollment with A's id: done (as a new terminal)"
else
	fail "enrollment with A's id: done (as a new terminal)" "$(cat "$tmp/t/X/enroll.out")"
fi
xid=$(tid X)
check "X got an id of its own" test -n "$xid" -a "$xid" != "$aid"
check "X was told its new id" has "$tmp/t/X/enroll.out" "$xid"
check "A's token is unchanged on the server" \
    is "$(pq "SELECT encode(token_hash, 'hex') FROM terminal WHERE id = '$aid'")" "$ahash"
t_import A seekers "$(seekers_csv 1 200 >"$tmp/a1.csv"; echo "$tmp/a1.csv")"
sync_ok A "A still syncs after the attempted takeover"
check "A's token still works" is "$(token A)" "$atoken"
t_import X seekers "$(seekers_csv 1 300 >"$tmp/x1.csv"; echo "$tmp/x1.csv")"
sync_ok X "X syncs under its new id"
check "X's change is on the server under X's id" is "$(pq "SELECT count(*) FROM terminal
    WHERE id = '$xid' AND last_seq > 0")" 1
# The same by hand: the reply names the new id.
code=$(enroll_code 110105-01)
printf '{"v":1,"code":"%s","terminal":"%s"}' "$code" "$aid" >"$tmp/enroll.json"
req POST /v1/enroll -H 'Content-Type: application/json' --data-binary "@$tmp/enroll.json"
check "POST /v1/enroll with A's id: 200" is "$STATUS" 200
check "the reply names a new terminal id" test -n "$(json "$tmp/resp" '$.terminal')" -a \
    "$(json "$tmp/resp" '$.terminal')" != "$aid"
sync_ok A "A syncs after the second attempt"

# --- PostgreSQL restarted: every path connects again ----------------------------
# One worker, so that the first request after a restart surely meets a
# connection that died with the old server.
serve server.threads=1
atoken=$(token A)
printf '{"v":1,"cursor":"","limit":10}' >"$tmp/pull.json"
for _path in health pull enroll push; do
	curl_health >/dev/null
	stop_pg fast && start_pg || bail "PostgreSQL did not restart" "$PGDIR/log"
	_mark=$(wc -l <"$tmp/server.log")
	_bad=0
	case $_path in
	health)
		for _i in 1 2 3 4 5 6 7 8 9 10 11 12; do
			[ "$(curl_health)" = 200 ] || _bad=$((_bad + 1))
		done
		;;
	pull)
		for _i in 1 2 3 4 5 6 7 8 9 10 11 12; do
			req POST /v1/pull -H 'Content-Type: application/json' \
			    -H "Authorization: Bearer $atoken" --data-binary "@$tmp/pull.json"
			[ "$STATUS" = 200 ] || _bad=$((_bad + 1))
		done
		;;
	enroll)
		for _i in 1 2 3 4 5 6 7 8 9 10 11 12; do
			printf '{"v":1,"code":"AAAAA-BBBBB","terminal":"%s"}' "$aid" >"$tmp/enroll.json"
			req POST /v1/enroll -H 'Content-Type: application/json' \
			    --data-binary "@$tmp/enroll.json"
			[ "$STATUS" = 403 ] || _bad=$((_bad + 1))
		done
		;;
	push)
		t_import A seekers "$(seekers_csv 1 400 >"$tmp/a2.csv"; echo "$tmp/a2.csv")"
		t_sync A || _bad=1
		;;
	esac
	check "after PostgreSQL restarted, $_path: no request refused ($_bad refused)" \
	    is "$_bad" 0
	# A client that retries hides a 503; the server's log does not.
	check "after PostgreSQL restarted, $_path: no 503 in the server's log" \
	    is "$(tail -n "+$((_mark + 1))" "$tmp/server.log" | grep -c ' 503 ')" 0
done

# --- PostgreSQL stopped -m immediate right after a large push -------------------
serve
seekers_csv 5000 1000 >"$tmp/5000.csv"
t_import A seekers "$tmp/5000.csv"
sync_ok A "A pushes 5000 changes"
check "A's outbox is empty: the server acknowledged all" is "$(tsql A 'SELECT count(*) FROM outbox')" 0
acked=$(pq "SELECT last_seq FROM terminal WHERE id = '$aid'")
stop_pg immediate || bail "PostgreSQL did not stop" "$PGDIR/log"
start_pg || bail "PostgreSQL did not start after -m immediate" "$PGDIR/log"
check "after -m immediate the server still has every change it acknowledged" \
    is "$(pq "SELECT last_seq FROM terminal WHERE id = '$aid'")" "$acked"
check "... and all 5000 pushed seekers" \
    test "$(pq "SELECT count(*) FROM record WHERE tbl = 'seeker'
    AND (fields->>'name') ~ '^测试([0-9]+)号$' AND substring(fields->>'name' from '[0-9]+')::int
    BETWEEN 1000 AND 5999")" -eq 5000
t_import A seekers "$(seekers_csv 1 7000 >"$tmp/a3.csv"; echo "$tmp/a3.csv")"
sync_ok A "A syncs on after the crash (no change lost, no gap)"

# --- two jobdesk sync on one database -------------------------------------------
# The first one cannot reach its server and keeps retrying, holding the lock.
dead=$("$TOOLS/freeport")
terminal_ini A "url = http://127.0.0.1:$dead"
start_bg A sync
first=$BG_PID
if wait_for 30 grep -qx "$first" "$(tdb A).sync-lock"; then
	ok "the first sync holds the lock"
else
	fail "the first sync holds the lock" "$(cat "$(tdb A).sync-lock" 2>/dev/null)"
fi
terminal_ini A
t_sync A
_st=$?
check "a second sync of the same database is refused (status $_st)" test "$_st" -ne 0
check "... saying another sync is running, and which" \
    has "$tmp/t/A/sync.err" "another sync of this database is running (process $first)"
wait_pid "$first" 120
sync_ok A "once the first ended, a sync runs"

# --- a long transaction holds the pull horizon ---------------------------------
# A session takes a transaction id and keeps it; B's change commits after
# it: A's sync succeeds but must say a change is held back.
# holding: the long transaction has its transaction id.
holding() {
	[ "$(pq "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(600)%'
	    AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()")" = 1 ]
}
psql -X -q "$JOBDESK_PG" -c "BEGIN; SELECT pg_current_xact_id(); SELECT pg_sleep(600);" \
    >/dev/null 2>&1 &
HOLDER=$!
track "$HOLDER"
wait_for 30 holding ||
    fail "the long transaction started"
t_import B seekers "$(seekers_csv 1 8000 >"$tmp/b1.csv"; echo "$tmp/b1.csv")"
sync_ok B "B pushes a change while the long transaction runs"
sync_ok A "A's round succeeds while the horizon is held"
check "A's sync says a committed change is held back" \
    has "$tmp/t/A/sync.err" "committed on the server could not be received yet"
check "... and A does not have it yet" \
    is "$(tsql A "SELECT count(*) FROM seeker WHERE name = '测试8000号'")" 0
pq "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(600)%'
    AND pid <> pg_backend_pid()" >/dev/null
reap "$HOLDER" 2>/dev/null
sync_ok A "A syncs once the long transaction ended"
check "... without the note" hasnt "$tmp/t/A/sync.err" "could not be received yet"
check "... and has B's change" is "$(tsql A "SELECT count(*) FROM seeker WHERE name = '测试8000号'")" 1

finish
