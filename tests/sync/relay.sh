#!/bin/sh
# A bundle relayed by an office terminal that is online (jobdesk-sync(7),
# BUNDLES): a field terminal with no network writes a bundle (jobdesk
# sync --to-file), an enrolled terminal of its district takes it to the
# district over its own channel (jobdesk sync --relay BUNDLE --reply
# REPLY, POST /v1/bundle) and writes the reply, which the field terminal
# applies (jobdesk sync --from-file). Cases: the round trip converges with
# the relaying terminal, which changes nothing of its own and cannot open
# the reply; a bundle relayed twice changes nothing on the district, and
# its second reply nothing on the field terminal; a bundle tampered with,
# cut short, a reply passed off as a bundle, a bundle of a revoked field
# terminal, a relay by a terminal of another district, a relay by a
# revoked terminal: each refused with its reason for the relaying clerk
# (in Chinese too), nothing changed on the district and no reply written;
# and requests a client would not send to POST /v1/bundle (no token, the
# wrong media type, another terminal's id, a body over the limit, not
# base64, bytes that are no bundle), each refused with its status and
# error word, writing nothing.
# Usage: sh tests/sync/relay.sh BINARY [TOOLS_DIR]
set -u
. "$(dirname "$0")/lib.sh"
sync_init "$@"
pg_start
# A limit the hostile requests pass cheaply; the bundles here are far smaller.
server_setup limits.max_body=262144

# relay NAME BUNDLE REPLY: jobdesk sync --relay BUNDLE --reply REPLY on
# terminal NAME; output in $tmp/t/NAME/relay.out and relay.err, its status.
relay() {
	jd "$1" sync --relay "$2" --reply "$3" >"$tmp/t/$1/relay.out" 2>"$tmp/t/$1/relay.err"
}

# district_state: the server's state (server_state) and the bundles noted
# as imported: what a refused or repeated relay must leave as it was.
district_state() {
	printf '%s %s\n' "$(server_state)" "$(pq "SELECT string_agg(last_bundle::text, ','
	    ORDER BY id) FROM terminal")"
}

# refused_relay WHAT NAME BUNDLE TEXT...: relaying BUNDLE on terminal NAME
# fails, says each TEXT, writes no reply, and neither the district nor
# the relaying terminal changes.
refused_relay() {
	_what=$1
	_t=$2
	_in=$3
	shift 3
	_before=$(district_state)
	_mine=$(client_state "$_t")
	rm -f "$tmp/refused.reply"
	if relay "$_t" "$_in" "$tmp/refused.reply"; then
		fail "$_what: refused" "$(cat "$tmp/t/$_t/relay.out")"
		return
	fi
	for _text in "$@"; do
		check "$_what: says \"$_text\"" has "$tmp/t/$_t/relay.err" "$_text"
	done
	check "$_what: no reply written" test ! -e "$tmp/refused.reply"
	check "$_what: the district unchanged" is "$(district_state)" "$_before"
	check "$_what: $_t unchanged" is "$(client_state "$_t")" "$_mine"
}

new_terminal F 110105-01
new_terminal O 110105-02
new_terminal X 110105
new_terminal G 110105-01
new_terminal H 110108
idF=$(tid F)
idO=$(tid O)
idX=$(tid X)
idG=$(tid G)
quiet_sync F O X G

# --- the round trip ---------------------------------------------------------
# F works in the field: its server address leads nowhere from now on.
terminal_ini F "url = http://127.0.0.1:9"
seekers_csv 3 1 >"$tmp/f1.csv"
t_import F seekers "$tmp/f1.csv"
# Meanwhile the office registers a person online.
seekers_csv 1 500 13900000000 >"$tmp/o1.csv"
t_import O seekers "$tmp/o1.csv"
sync_ok O "O syncs its registration online"
sO=$(sed -n 2p "$tmp/o1.csv" | cut -d, -f1)
waiting=$(tsql F "SELECT count(*) FROM outbox")
check "F writes bundle 1 offline" to_file F "$tmp/b1"
before_O=$(client_state O)
if relay O "$tmp/b1" "$tmp/r1"; then
	ok "O relays F's bundle 1"
else
	fail "O relays F's bundle 1" "$(cat "$tmp/t/O/relay.err")"
fi
check "the relay says whose bundle it took and what the district did" has \
    "$tmp/t/O/relay.out" "relayed bundle 1 of terminal $idF (office 110105-01 建外街道社区就业服务站): $waiting changes, through $waiting acknowledged, 0 rejected"
check "... and where the reply is, and where it goes" has "$tmp/t/O/relay.out" \
    "reply written to $tmp/r1:"
check "the reply is for its owner's eyes only (mode 0600)" is "$(stat -c %a "$tmp/r1")" 600
check "the reply holds no personal data in clear" sh -c "! grep -a -q -e 测试 -e \
    '$sO' '$tmp/r1'"
check "no temporary file is left beside the reply" sh -c "! ls '$tmp' | grep -q '^r1.'"
check "the relaying terminal changed nothing of its own" is "$(client_state O)" "$before_O"
check "the district holds F's three and O's one" is \
    "$(pq "SELECT count(*) FROM record WHERE tbl = 'seeker' AND NOT deleted")" 4
check "F's changes are in the district's trail as F's" is \
    "$(pq "SELECT count(DISTINCT seq) FROM change_history WHERE terminal = '$idF'")" \
    "$waiting"
check "the district's log names the relaying terminal" has "$tmp/server.log" \
    "bundle 1 relayed by terminal $idO"
# The relaying terminal cannot open the reply: it is sealed to F.
if from_file O "$tmp/r1"; then
	fail "O cannot apply F's reply"
else
	check "O cannot apply F's reply" has "$tmp/t/O/from.err" \
	    "this reply is for terminal $idF, not for this one ($idO)"
fi
if from_file F "$tmp/r1"; then
	ok "F applies the relayed reply"
else
	fail "F applies the relayed reply" "$(cat "$tmp/t/F/from.err")"
fi
check "F's outbox is empty: every change acknowledged" is \
    "$(tsql F "SELECT count(*) FROM outbox")" 0
check "F holds the office's registration from the reply" is \
    "$(seeker_field F "$sO" name)" 测试500号
sync_ok O "O syncs online"
export_all F
export_all O
same_data F O

# --- relayed twice ------------------------------------------------------------
before=$(district_state)
check "bundle 1 relayed again is taken" relay O "$tmp/b1" "$tmp/r1b"
check "... and applied never: nothing doubled on the district" is "$(district_state)" "$before"
before=$(client_state F)
check "F applies the second reply" from_file F "$tmp/r1b"
check "... nothing changed on F" is "$(client_state F)" "$before"

# --- refused bundles ------------------------------------------------------------
seekers_csv 1 30 >"$tmp/f2.csv"
t_import F seekers "$tmp/f2.csv"
check "F writes bundle 2" to_file F "$tmp/b2"
size=$(wc -c <"$tmp/b2")
cp "$tmp/b2" "$tmp/t1"
flip "$tmp/t1" 300
refused_relay "a byte flipped in the sealed part" O "$tmp/t1" \
    "the district refused the bundle $tmp/t1: " "cannot be opened: it was altered" \
    "nothing was changed"
head -c $((size - 1)) "$tmp/b2" >"$tmp/t2"
refused_relay "a bundle one byte short" O "$tmp/t2" "truncated: $((size - 1)) bytes of $size"
refused_relay "a reply given to relay" O "$tmp/r1" "is a reply for terminal $idF, not a bundle"
refused_relay "a file that is no bundle" O "$tmp/f2.csv" "not a jobdesk bundle"
refused_relay "a bundle relayed by a terminal of another district" H "$tmp/b2" \
    "the district refused the bundle" "not of the district of this terminal's office 110108" \
    "nothing was changed"
# Refused in Chinese, the clerks' language.
sed 's/^language = en$/language = zh_CN/' "$tmp/t/O/jobdesk.ini" >"$tmp/t/O/zh.ini"
if "$BIN" --config "$tmp/t/O/zh.ini" --db "$(tdb O)" sync --relay "$tmp/t1" \
    --reply "$tmp/zh.reply" >/dev/null 2>"$tmp/t/O/zh.err"; then
	fail "a tampered bundle, in Chinese: refused"
else
	check "a tampered bundle, in Chinese: refused in Chinese" has "$tmp/t/O/zh.err" \
	    "区服务器拒收了同步包 $tmp/t1"
fi

# A revoked field terminal.
seekers_csv 1 40 >"$tmp/g.csv"
t_import G seekers "$tmp/g.csv"
check "G writes a bundle" to_file G "$tmp/bG"
jdd terminal revoke "$idG" >"$tmp/revoke.out" 2>&1 || fail "jobdeskd terminal revoke G" \
    "$(cat "$tmp/revoke.out")"
refused_relay "a bundle of a revoked terminal" O "$tmp/bG" "terminal $idG was revoked" \
    "nothing was changed"

# A revoked relaying terminal.
jdd terminal revoke "$idX" >"$tmp/revoke.out" 2>&1 || fail "jobdeskd terminal revoke X" \
    "$(cat "$tmp/revoke.out")"
refused_relay "a relay by a revoked terminal" X "$tmp/b2" \
    "the district refused this terminal (HTTP 401)"

# The intact bundle 2, relayed by the district's own office (a terminal of office 110105).
check "bundle 2 intact is taken through O" relay O "$tmp/b2" "$tmp/r2"
check "F applies its reply" from_file F "$tmp/r2"
check "F's outbox is empty again" is "$(tsql F "SELECT count(*) FROM outbox")" 0

# --- hostile requests to POST /v1/bundle -------------------------------------------
TOKEN=$(tsql O "SELECT value FROM setting WHERE key = 'sync_token'")
# req METHOD [CURL ARGS...]: a request to /v1/bundle; STATUS and $tmp/resp.
req() {
	_m=$1
	shift
	STATUS=$(curl -s -o "$tmp/resp" -w '%{http_code}' --max-time 30 -X "$_m" "$@" \
	    "$URL/v1/bundle")
}
# post FILE [CURL ARGS...]: POST FILE as JSON with O's token.
post() {
	_f=$1
	shift
	req POST -H 'Content-Type: application/json' -H "Authorization: Bearer $TOKEN" \
	    --data-binary "@$_f" "$@"
}
# refused WHAT STATUS ERROR: the last request got STATUS and error word
# ERROR, with a message, and nothing was written since $before.
refused() {
	check "$1: $2" is "$STATUS" "$2"
	check "$1: error \"$3\"" is "$(json "$tmp/resp" '$.error')" "$3"
	check "$1: a message for people" test -n "$(json "$tmp/resp" '$.message')"
	check "$1: nothing written" is "$(district_state)" "$before"
}
# wrap FILE TERMINAL: a relay request of the bytes of FILE from TERMINAL.
wrap() {
	printf '{"v":1,"terminal":"%s","bundle":"%s"}' "$2" "$(base64 -w0 "$1")"
}
seekers_csv 1 50 >"$tmp/f3.csv"
t_import F seekers "$tmp/f3.csv"
check "F writes bundle 3" to_file F "$tmp/b3"
wrap "$tmp/b3" "$idO" >"$tmp/ok.json"
before=$(district_state)
req GET
refused "GET" 405 method_not_allowed
req POST -H 'Content-Type: application/json' --data-binary "@$tmp/ok.json"
refused "no token" 401 unauthorized
req POST -H 'Content-Type: application/json' -H 'Authorization: Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' \
    --data-binary "@$tmp/ok.json"
refused "a token no terminal holds" 401 unauthorized
req POST -H 'Content-Type: application/octet-stream' -H "Authorization: Bearer $TOKEN" \
    --data-binary "@$tmp/b3"
refused "the bundle's bytes as they are" 415 unsupported_media_type
wrap "$tmp/b3" "$idF" >"$tmp/other.json"
post "$tmp/other.json"
refused "another terminal's id than the token's" 403 wrong_terminal
printf '{"v":1,"terminal":"%s","bundle":"not base64!"}' "$idO" >"$tmp/nb.json"
post "$tmp/nb.json"
refused "a bundle that is not base64" 400 bad_request
wrap "$tmp/f3.csv" "$idO" >"$tmp/csv.json"
post "$tmp/csv.json"
refused "bytes that are no bundle" 400 bad_bundle
check "... saying so" has "$tmp/resp" "not a jobdesk bundle"
printf '{"v":1,"terminal":"%s","bundle":"","extra":1}' "$idO" >"$tmp/extra.json"
post "$tmp/extra.json"
refused "an unknown member" 400 bad_request
printf '{"v":1,"terminal":"%s","bundle":"%s"}' "$idO" \
    "$(head -c 300000 /dev/zero | base64 -w0)" >"$tmp/big.json"
post "$tmp/big.json"
refused "a body over max_body" 413 too_large
post "$tmp/ok.json" -H 'Content-Encoding: gzip'
refused "a body that is not the gzip it says" 400 bad_request
post "$tmp/ok.json"
check "the well-formed request is taken: 200" is "$STATUS" 200
check "... answering with F's id" is "$(json "$tmp/resp" '$.terminal')" "$idF"
check "... and a reply of base64" sh -c "sqlite3 :memory: \"SELECT json_extract(readfile('$tmp/resp'), '\$.reply')\" | base64 -d >'$tmp/r3' && test -s '$tmp/r3'"
check "F applies the reply that came through curl" from_file F "$tmp/r3"

# --- convergence -----------------------------------------------------------------------
terminal_ini F
sync_ok F "F back online"
sync_ok O "O syncs online"
export_all F
export_all O
same_data F O
integrity F O

finish
