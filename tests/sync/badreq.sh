#!/bin/sh
# Requests a server must refuse, sent with curl as an attacker or a broken
# client would: no token, an unknown or revoked token, another terminal's
# id, another office's record, malformed and wrongly shaped JSON, bodies
# over the limit (by Content-Length and chunked), the wrong content type,
# a content coding it does not know, a body that is not the gzip it says
# or ends short, a small gzip body that decodes past the limit (a zip
# bomb), a gap in the sequence; and a batch sent compressed as the client
# sends it, replayed uncompressed as an older client would, acknowledged
# and applied once. Each refusal has its status and error word, and writes nothing:
# the server's records, change log, parked changes and the terminal's last
# sequence number are the same before and after.
# Usage: sh tests/sync/badreq.sh BINARY [TOOLS_DIR]
set -u
. "$(dirname "$0")/lib.sh"
sync_init "$@"
pg_start
server_setup

# req METHOD PATH [CURL ARGS...]: a request; STATUS and $tmp/resp (the body).
req() {
	_m=$1
	_p=$2
	shift 2
	STATUS=$(curl -s -o "$tmp/resp" -w '%{http_code}' --max-time 30 -X "$_m" "$@" "$URL$_p")
}

# post PATH FILE [CURL ARGS...]: POST FILE as JSON with the terminal's token.
post() {
	_p=$1
	_f=$2
	shift 2
	req POST "$_p" -H 'Content-Type: application/json' -H "Authorization: Bearer $TOKEN" \
	    --data-binary "@$_f" "$@"
}

# state: what a refused request must leave alone.
state() {
	pq "SELECT (SELECT count(*) FROM record) || ' ' || (SELECT count(*) FROM change_log) || ' ' ||
	    (SELECT coalesce(max(pos), 0) FROM change_log) || ' ' ||
	    (SELECT count(*) FROM parked) || ' ' ||
	    (SELECT coalesce(sum(last_seq), 0) FROM terminal) || ' ' ||
	    (SELECT count(*) FROM terminal) || ' ' ||
	    (SELECT count(*) FROM enroll_code WHERE used_at IS NOT NULL)"
}

# refused WHAT STATUS ERROR: the last request got STATUS with error word
# ERROR (and a message), and nothing was written since $before.
refused() {
	check "$1: $2" is "$STATUS" "$2"
	check "$1: error \"$3\"" is "$(json "$tmp/resp" '$.error')" "$3"
	check "$1: a message for people" test -n "$(json "$tmp/resp" '$.message')"
	check "$1: nothing written" is "$(state)" "$before"
}

# body FILE TEXT: write a request body.
body() {
	printf '%s' "$2" >"$tmp/$1"
}

# --- health, enrollment -------------------------------------------------------
req GET /health
check "GET /health: 200" is "$STATUS" 200
check "GET /health: status ok" is "$(json "$tmp/resp" '$.status')" ok
check "GET /health: database ok" is "$(json "$tmp/resp" '$.database')" ok

before=$(state)
tid=$(cat /proc/sys/kernel/random/uuid)
body enroll.json "{\"v\":1,\"code\":\"NOT-A-CODE-123\",\"terminal\":\"$tid\"}"
req POST /v1/enroll -H 'Content-Type: application/json' --data-binary "@$tmp/enroll.json"
refused "enroll with an unknown code" 403 bad_code

code=$(enroll_code 110105-01)
body enroll.json "{\"v\":1,\"code\":\"$code\",\"terminal\":\"$tid\"}"
req POST /v1/enroll -H 'Content-Type: application/json' --data-binary "@$tmp/enroll.json"
check "enroll: 200" is "$STATUS" 200
TOKEN=$(json "$tmp/resp" '$.token')
check "enroll: a token of 43 characters" is "${#TOKEN}" 43
check "enroll: the office" is "$(json "$tmp/resp" '$.office.code')" 110105-01
check "enroll: the identity key, 64 hex digits" \
    is "$(json "$tmp/resp" '$.identity_key' | grep -c '^[0-9a-f]\{64\}$')" 1
check "enroll: the token is not stored" is "$(pq "SELECT count(*) FROM terminal
    WHERE encode(token_hash, 'escape') LIKE '%$TOKEN%' OR encode(token_hash, 'hex') = '$TOKEN'")" 0
before=$(state)
tid2=$(cat /proc/sys/kernel/random/uuid)
body enroll2.json "{\"v\":1,\"code\":\"$code\",\"terminal\":\"$tid2\"}"
req POST /v1/enroll -H 'Content-Type: application/json' --data-binary "@$tmp/enroll2.json"
refused "the same code again" 403 bad_code

# --- changes to push: taken from a real terminal's outbox ---------------------
# A terminal of the district (never synced) registers one seeker: its
# outbox holds the seeker's insert and the registration service event.
new_terminal K 110105-01
idn=$(idnum 11010519850101101)
printf 'id_number,name,phone,household,education,category\n%s,张伟,13800000001,urban,21,unemployed\n' \
    "$idn" >"$tmp/k.csv"
t_import K seekers "$tmp/k.csv"
# change SEQ N [JSON_SET_ARGS]: outbox entry N of K as a change with this seq.
change() {
	tsql K "SELECT json_object('seq', $1, 'tbl', tbl, 'id', row_id, 'op', op, 'hlc', hlc,
	    'fields', json_set(json(fields)${3:+, $3})) FROM outbox WHERE seq = $2"
}
# push FILE CHANGE...: a push body of these changes for terminal $tid.
push() {
	_f=$1
	shift
	_c=$(printf '%s,' "$@")
	body "$_f" "{\"v\":1,\"terminal\":\"$tid\",\"changes\":[${_c%,}]}"
	# Signed by the district's supervisor: the cases here are about the request.
	signed "$tmp/$_f"
}
push good.json "$(change 1 1)" "$(change 2 2)"
check "K's outbox gave a seeker and its registration" \
    is "$(tsql K "SELECT group_concat(tbl || ':' || op, ' ') FROM outbox")" \
    "seeker:insert service_event:insert"

# --- tokens ---------------------------------------------------------------------
before=$(state)
req POST /v1/push -H 'Content-Type: application/json' --data-binary "@$tmp/good.json"
refused "push without a token" 401 unauthorized
req POST /v1/pull -H 'Content-Type: application/json' --data-binary '{"v":1,"cursor":"","limit":10}'
refused "pull without a token" 401 unauthorized
req POST /v1/push -H 'Content-Type: application/json' -H 'Authorization: Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' \
    --data-binary "@$tmp/good.json"
refused "push with an unknown token" 401 unauthorized
req POST /v1/push -H 'Content-Type: application/json' -H "Authorization: Basic $TOKEN" \
    --data-binary "@$tmp/good.json"
refused "push with the token as Basic credentials" 401 unauthorized

# --- another terminal's id, another office ----------------------------------------
other=$(cat /proc/sys/kernel/random/uuid)
sed "s/\"terminal\":\"$tid\"/\"terminal\":\"$other\"/" "$tmp/good.json" >"$tmp/wrongterm.json"
post /v1/push "$tmp/wrongterm.json"
refused "push for another terminal's id" 403 wrong_terminal
# The event is fine; the seeker says it belongs to an office of another district.
push wrongoffice.json "$(change 1 2)" "$(change 2 1 "'\$.office', '110108'")"
post /v1/push "$tmp/wrongoffice.json"
refused "a batch with a record of another office" 403 wrong_office
push wrongoffice2.json "$(change 1 1 "'\$.office', '110105-02'")"
post /v1/push "$tmp/wrongoffice2.json"
refused "a record of a sister office of the same district" 403 wrong_office

# --- content type, size -----------------------------------------------------------
req POST /v1/push -H 'Content-Type: text/plain' -H "Authorization: Bearer $TOKEN" \
    --data-binary "@$tmp/good.json"
refused "push as text/plain" 415 unsupported_media_type
req POST /v1/push -H 'Content-Type:' -H "Authorization: Bearer $TOKEN" \
    --data-binary "@$tmp/good.json"
refused "push without a content type" 415 unsupported_media_type
post /v1/push "$tmp/good.json" -H 'Content-Encoding: br'
refused "push in a content coding the server does not decode" 415 unsupported_media_type
check "... and the message names it" grep -q 'Content-Encoding \\"br\\"' "$tmp/resp"
gzip -c "$tmp/good.json" >"$tmp/good.json.gz"
post /v1/push "$tmp/good.json.gz" -H 'Content-Encoding: gzip, gzip'
refused "push in two content codings" 415 unsupported_media_type
post /v1/push "$tmp/good.json" -H 'Content-Encoding: gzip'
refused "push said to be gzip that is not" 400 bad_request
check "... and the message says so" grep -q 'not valid gzip' "$tmp/resp"
head -c $(($(wc -c <"$tmp/good.json.gz") - 9)) "$tmp/good.json.gz" >"$tmp/short.json.gz"
post /v1/push "$tmp/short.json.gz" -H 'Content-Encoding: gzip'
refused "a gzip push cut short" 400 bad_request
check "... and the message says it is cut short" grep -q 'cut short' "$tmp/resp"
# A zip bomb: some 20 KB on the wire, 20 MB of blanks and a valid push
# once decoded, past max_body (8 MiB): refused without decoding it all.
{
	head -c 20000000 /dev/zero | tr '\0' ' '
	cat "$tmp/good.json"
} | gzip -9 >"$tmp/bomb.json.gz"
check "the bomb is small on the wire ($(wc -c <"$tmp/bomb.json.gz") bytes)" \
    test "$(wc -c <"$tmp/bomb.json.gz")" -lt 100000
post /v1/push "$tmp/bomb.json.gz" -H 'Content-Encoding: gzip'
refused "a gzip push that decodes past max_body" 413 too_large
check "... and the message says it is the decoded size" grep -q 'decodes from gzip' "$tmp/resp"
post /v1/push "$tmp/bomb.json.gz" -H 'Content-Encoding: gzip' -H 'Transfer-Encoding: chunked'
refused "the bomb chunked" 413 too_large
# A valid push padded with blanks past max_body (8 MiB by default).
{
	head -c 8400000 /dev/zero | tr '\0' ' '
	cat "$tmp/good.json"
} >"$tmp/big.json"
post /v1/push "$tmp/big.json"
refused "a body over max_body by Content-Length" 413 too_large
post /v1/push "$tmp/big.json" -H 'Transfer-Encoding: chunked'
refused "a chunked body over max_body" 413 too_large
head -c 20000000 /dev/zero | tr '\0' ' ' >"$tmp/huge.json"
post /v1/push "$tmp/huge.json" -H 'Transfer-Encoding: chunked'
check "a chunked body of 20 MB: refused (413) or cut off" test "$STATUS" = 413 -o "$STATUS" = 000
check "a chunked body of 20 MB: nothing written" is "$(state)" "$before"
rm -f "$tmp/big.json" "$tmp/huge.json"
req GET /health
check "the server still answers after the big bodies" is "$STATUS" 200

# --- malformed and wrongly shaped bodies --------------------------------------------
# bad WHAT BODY: a push body the decoder must refuse with 400.
bad() {
	body bad.json "$2"
	post /v1/push "$tmp/bad.json"
	refused "$1" 400 bad_request
}
c1=$(change 1 1)
c2=$(change 2 2)
bad "not JSON" 'hello'
bad "an empty body" ''
bad "JSON cut short" "{\"v\":1,\"terminal\":\"$tid\",\"changes\":[$c1"
bad "an array, not an object" "[$c1]"
bad "no version" "{\"terminal\":\"$tid\",\"changes\":[$c1]}"
bad "version 2" "{\"v\":2,\"terminal\":\"$tid\",\"changes\":[$c1]}"
bad "the version as text" "{\"v\":\"1\",\"terminal\":\"$tid\",\"changes\":[$c1]}"
bad "no terminal" "{\"v\":1,\"changes\":[$c1]}"
bad "the terminal not a UUID" "{\"v\":1,\"terminal\":\"K\",\"changes\":[$c1]}"
bad "no changes" "{\"v\":1,\"terminal\":\"$tid\",\"changes\":[]}"
bad "changes not an array" "{\"v\":1,\"terminal\":\"$tid\",\"changes\":$c1}"
bad "an unknown member" "{\"v\":1,\"terminal\":\"$tid\",\"changes\":[$c1],\"admin\":true}"
bad "a duplicate member" "{\"v\":1,\"v\":1,\"terminal\":\"$tid\",\"changes\":[$c1]}"
bad "trailing garbage" "{\"v\":1,\"terminal\":\"$tid\",\"changes\":[$c1]}x"
bad "seqs not consecutive" "{\"v\":1,\"terminal\":\"$tid\",\"changes\":[$c1,$(change 3 2)]}"
bad "seq 0" "{\"v\":1,\"terminal\":\"$tid\",\"changes\":[$(change 0 1)]}"
bad "seq as text" "{\"v\":1,\"terminal\":\"$tid\",\"changes\":[$(printf '%s' "$c1" |
    sed 's/"seq":1/"seq":"1"/')]}"
bad "an unknown table" "{\"v\":1,\"terminal\":\"$tid\",\"changes\":[$(printf '%s' "$c1" |
    sed 's/"tbl":"seeker"/"tbl":"shoe"/')]}"
bad "an unknown op" "{\"v\":1,\"terminal\":\"$tid\",\"changes\":[$(printf '%s' "$c1" |
    sed 's/"op":"insert"/"op":"upsert"/')]}"
bad "a record id that is no UUID" "{\"v\":1,\"terminal\":\"$tid\",\"changes\":[$(printf '%s' "$c1" |
    sed 's/"id":"[^"]*"/"id":"1 OR 1=1"/')]}"
bad "a field value that is a number" "{\"v\":1,\"terminal\":\"$tid\",\"changes\":[$(tsql K "
    SELECT json_object('seq', 1, 'tbl', tbl, 'id', row_id, 'op', op, 'hlc', hlc,
    'fields', json_set(json(fields), '\$.phone', 13800000001)) FROM outbox WHERE seq = 1")]}"
bad "hlc 0" "{\"v\":1,\"terminal\":\"$tid\",\"changes\":[$(printf '%s' "$c1" |
    sed 's/"hlc":[0-9]*/"hlc":0/')]}"
bad "invalid UTF-8 in a value" "{\"v\":1,\"terminal\":\"$tid\",\"changes\":[$(printf '%s' "$c1" |
    LC_ALL=C sed "s/\"name\":\"[^\"]*\"/\"name\":\"$(printf '\377\376')\"/")]}"
# More than 1000 changes in one push.
awk -v c="$c1" -v t="$tid" 'BEGIN {
	printf "{\"v\":1,\"terminal\":\"%s\",\"changes\":[", t
	for (i = 1; i <= 1001; i++) {
		d = c
		sub(/"seq":1/, "\"seq\":" i, d)
		printf "%s%s", (i > 1 ? "," : ""), d
	}
	printf "]}"
}' >"$tmp/many.json"
post /v1/push "$tmp/many.json"
refused "1001 changes in one push" 400 bad_request
body pull.json '{"v":1,"cursor":"not-a-cursor","limit":10}'
post /v1/pull "$tmp/pull.json"
refused "pull with a malformed cursor" 400 bad_request
body pull.json '{"v":1,"cursor":"","limit":0}'
post /v1/pull "$tmp/pull.json"
refused "pull with limit 0" 400 bad_request
body pull.json '{"v":1,"cursor":"","limit":10,"all":true}'
post /v1/pull "$tmp/pull.json"
refused "pull with an unknown member" 400 bad_request

# --- paths, methods ---------------------------------------------------------------------
req GET /v1/nothing
check "an unknown path: 404" is "$STATUS" 404
req GET /v1/push -H "Authorization: Bearer $TOKEN"
check "GET on the push route: 405" is "$STATUS" 405
check "GET on the push route: nothing written" is "$(state)" "$before"

# --- a gap, then the batch, then the batch again ----------------------------------------
push gap.json "$(change 2 1)" "$(change 3 2)"
post /v1/push "$tmp/gap.json"
refused "a push that leaves a gap (starts at 2)" 409 gap
check "the gap answer says which seq comes next" is "$(json "$tmp/resp" '$.expected')" 1

# Compressed, as jobdesk sends a push.
post /v1/push "$tmp/good.json.gz" -H 'Content-Encoding: gzip'
check "the batch: 200" is "$STATUS" 200
check "the batch: applied through 2" is "$(json "$tmp/resp" '$.applied_through')" 2
check "the batch: nothing rejected" is "$(json "$tmp/resp" '$.rejected')" '[]'
check "the batch: the seeker is on the server" is "$(pq "SELECT fields->>'name' FROM record
    WHERE tbl = 'seeker' AND key = '$(tsql K 'SELECT id FROM seeker')'")" 张伟
check "the batch: its registration too" is "$(pq "SELECT count(*) FROM record
    WHERE tbl = 'service_event'")" 1
check "the batch: the terminal's last seq is 2" is "$(pq "SELECT last_seq FROM terminal
    WHERE id = '$tid'")" 2
# Uncompressed, as a client from before compressed pushes sends it.
before=$(state)
post /v1/push "$tmp/good.json"
check "the same batch again: 200" is "$STATUS" 200
check "the same batch again: applied through 2" is "$(json "$tmp/resp" '$.applied_through')" 2
check "the same batch again: nothing written" is "$(state)" "$before"
# Replayed and new entries in one batch: only the new one is applied.
seeker_set K "$idn" phone=13800000009
push mixed.json "$(change 2 2)" "$(change 3 3)"
post /v1/push "$tmp/mixed.json"
check "a batch of one replayed and one new change: 200" is "$STATUS" 200
check "... applied through 3" is "$(json "$tmp/resp" '$.applied_through')" 3
check "... the new change applied" is "$(pq "SELECT fields->>'phone' FROM record
    WHERE tbl = 'seeker'")" 13800000009
check "... the event still once" is "$(pq "SELECT count(*) FROM record
    WHERE tbl = 'service_event'")" 1
check "... one change_log row per record" is "$(pq "SELECT count(*) FROM (SELECT tbl, key
    FROM change_log GROUP BY tbl, key HAVING count(*) > 1) d")" 0

# A pull with the token works and brings the seeker, after the district's
# code lists and forms (as many pages as they take).
cursor= seekers=0 pages=0 more=1
while [ "$more" = 1 ] && [ "$pages" -lt 20 ]; do
	body pull.json "{\"v\":1,\"cursor\":\"$cursor\",\"limit\":1000}"
	post /v1/pull "$tmp/pull.json"
	[ "$STATUS" = 200 ] || break
	seekers=$((seekers + $(sqlite3 :memory: "SELECT count(*) FROM
	    json_each(json_extract(readfile('$tmp/resp'), '\$.records'))
	    WHERE json_extract(value, '\$.tbl') = 'seeker'")))
	cursor=$(json "$tmp/resp" '$.cursor')
	more=$(json "$tmp/resp" '$.more')
	pages=$((pages + 1))
done
check "pull: 200" is "$STATUS" 200
check "pull: the seeker is in it" is "$seekers" 1
# The first page (the district's code lists) is large: compressed for a
# client that takes gzip, not for one that does not say it does (an older
# client, or a script).
body pull.json '{"v":1,"cursor":"","limit":1000}'
post /v1/pull "$tmp/pull.json" -D "$tmp/head.txt"
check "pull without Accept-Encoding: 200" is "$STATUS" 200
check "pull without Accept-Encoding: the answer is not compressed" \
    hasnt "$tmp/head.txt" 'Content-Encoding'
check "pull without Accept-Encoding: the answer is JSON" test -n "$(json "$tmp/resp" '$.cursor')"
cp "$tmp/resp" "$tmp/plain.json"
post /v1/pull "$tmp/pull.json" -D "$tmp/head.txt" -H 'Accept-Encoding: gzip'
check "pull with Accept-Encoding: gzip: the answer is compressed" \
    grep -qi '^Content-Encoding: gzip' "$tmp/head.txt"
check "... smaller ($(wc -c <"$tmp/resp") of $(wc -c <"$tmp/plain.json") bytes)" \
    test "$(wc -c <"$tmp/resp")" -lt "$(($(wc -c <"$tmp/plain.json") / 2))"
# The same page but for the server's clock, which moved on between the two.
gzip -dc <"$tmp/resp" | sed 's/"hlc":[0-9]*,//' >"$tmp/unzipped.json"
sed 's/"hlc":[0-9]*,//' "$tmp/plain.json" >"$tmp/plain2.json"
check "... and the same page once decoded" cmp -s "$tmp/plain2.json" "$tmp/unzipped.json"

# --- a revoked token ------------------------------------------------------------------------
jdd terminal revoke "$tid" >"$tmp/revoke.out" 2>&1
check "jobdeskd terminal revoke: exit status 0" is "$?" 0
before=$(state)
seeker_set K "$idn" phone=13800000010
push after.json "$(change 4 4)"
post /v1/push "$tmp/after.json"
refused "push with a revoked token" 401 revoked
post /v1/pull "$tmp/pull.json"
refused "pull with a revoked token" 401 revoked
check "the revoked terminal's change is not on the server" is "$(pq "SELECT fields->>'phone'
    FROM record WHERE tbl = 'seeker'")" 13800000009

# A terminal revoked by the administrator: jobdesk sync fails and says why.
new_terminal R 110105-02
sync_ok R "R syncs before it is revoked"
jdd terminal revoke "$(tsql R "SELECT value FROM setting WHERE key = 'terminal_id'")" \
    >"$tmp/revoke.out" 2>&1
seekers_csv 1 500 >"$tmp/r.csv"
t_import R seekers "$tmp/r.csv"
before=$(state)
t_sync R
st=$?
check "sync of a revoked terminal fails (status $st)" test "$st" -ne 0
check "sync of a revoked terminal says it was revoked" grep -qi 'revoked' "$tmp/t/R/sync.err"
check "the revoked terminal's change waits on it" is "$(tsql R 'SELECT count(*) FROM outbox')" 2
check "the revoked terminal wrote nothing" is "$(state)" "$before"
finish
