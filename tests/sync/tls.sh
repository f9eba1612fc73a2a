#!/bin/sh
# HTTPS between terminal and server: jobdeskd with a self-signed
# certificate; a terminal that trusts it (ca_file) enrolls and syncs; one
# that does not refuses the server and says it is the certificate; a pinned
# public key works when right and refuses when wrong; a plain http:// URL
# is refused unless the configuration allows it.
# Usage: sh tests/sync/tls.sh BINARY [TOOLS_DIR]
set -u
. "$(dirname "$0")/lib.sh"
sync_init "$@"
command -v openssl >/dev/null 2>&1 || bail "openssl is not installed (make check-deps)"

# A self-signed certificate for 127.0.0.1 and localhost, and another one
# (a stranger's) for the wrong pin.
mkdir -p "$tmp/tls"
for n in server other; do
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
	    -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
	    -keyout "$tmp/tls/$n.key" -out "$tmp/tls/$n.pem" >"$tmp/tls/$n.log" 2>&1 ||
	    bail "openssl could not make a certificate" "$tmp/tls/$n.log"
done
# pin CERT: its public key as libcurl pins it, sha256//BASE64.
pin() {
	printf 'sha256//%s' "$(openssl x509 -in "$1" -pubkey -noout |
	    openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64)"
}
good_pin=$(pin "$tmp/tls/server.pem")
wrong_pin=$(pin "$tmp/tls/other.pem")
TLS_CERT=$tmp/tls/server.pem
TLS_KEY=$tmp/tls/server.key
CURL_TLS="--cacert $TLS_CERT"

pg_start
server_setup
check "the server speaks HTTPS: /health with the certificate trusted" is "$(curl_health)" 200
check "plain HTTP to the HTTPS port gets no answer" test "$(curl -s -o /dev/null \
    -w '%{http_code}' --max-time 5 "http://127.0.0.1:$PORT/health")" != 200

# A terminal that trusts the certificate (no allow_http anywhere).
new_terminal A 110105-01 "[sync]\nca_file = $TLS_CERT"
check "enrolled over HTTPS with ca_file" is "$(tsql A "SELECT value FROM setting
    WHERE key = 'sync_url'")" "$URL"
seekers_csv 3 0 >"$tmp/s.csv"
t_import A seekers "$tmp/s.csv"
sync_ok A "sync over HTTPS with ca_file"
check "A's seekers reached the server" is "$(pq "SELECT count(*) FROM record
    WHERE tbl = 'seeker'")" 3

# A terminal with no ca_file: the system's CAs do not know the server.
terminal_ini B "[sync]\nconnect_timeout = 5"
code=$(enroll_code 110105-01)
jd B enroll "$URL" "$code" >"$tmp/t/B/enroll.out" 2>&1
st=$?
check "enroll without ca_file: refused (status $st)" test "$st" -ne 0
check "enroll without ca_file: the message says it is the certificate" \
    grep -qi 'certificate' "$tmp/t/B/enroll.out"
check "enroll without ca_file: no token kept" is "$(tsql B "SELECT value FROM setting
    WHERE key = 'sync_token'" 2>/dev/null)" ""
check "enroll without ca_file: the code was not used up" \
    is "$(pq "SELECT count(*) FROM enroll_code WHERE used_at IS NULL")" 1
# The same terminal enrolled (with the certificate), then the certificate forgotten.
terminal_ini B "[sync]\nca_file = $TLS_CERT"
jd B enroll "$URL" "$code" >"$tmp/t/B/enroll.out" 2>&1
check "enroll with the same code once ca_file is set" is "$?" 0
terminal_ini B "[sync]\nconnect_timeout = 5"
t_sync B
st=$?
check "sync without ca_file: refused (status $st)" test "$st" -ne 0
check "sync without ca_file: says it is the certificate" \
    grep -qi 'certificate' "$tmp/t/B/sync.err" "$tmp/t/B/sync.out"
check "sync without ca_file: B has nothing of the district" \
    is "$(tsql B 'SELECT count(*) FROM seeker')" 0

# Pinned public keys.
terminal_ini B "[sync]\nca_file = $TLS_CERT\npinned_public_key = $wrong_pin"
t_sync B
st=$?
check "a wrong pin (with ca_file): refused (status $st)" test "$st" -ne 0
check "a wrong pin: the message says so" \
    grep -Eqi 'pin|public key' "$tmp/t/B/sync.err" "$tmp/t/B/sync.out"
check "a wrong pin: B has nothing of the district" is "$(tsql B 'SELECT count(*) FROM seeker')" 0
terminal_ini B "[sync]\npinned_public_key = $wrong_pin"
t_sync B
check "a wrong pin (without ca_file): refused" test "$?" -ne 0
terminal_ini B "[sync]\nca_file = $TLS_CERT\npinned_public_key = $good_pin"
sync_ok B "the right pin with ca_file: sync works"
check "the right pin: B has A's seekers" is "$(tsql B 'SELECT count(*) FROM seeker')" 3
terminal_ini B "[sync]\npinned_public_key = $good_pin"
seekers_csv 1 10 >"$tmp/s2.csv"
t_import B seekers "$tmp/s2.csv"
sync_ok B "the right pin alone (a self-signed server, no ca_file): sync works"
check "the right pin alone: B's seeker reached the server" is "$(pq "SELECT count(*) FROM record
    WHERE tbl = 'seeker'")" 4

# Plain HTTP without allow_http: refused before anything is sent.
terminal_ini C "[sync]\nconnect_timeout = 5"
code=$(enroll_code 110105-01)
jd C enroll "http://127.0.0.1:$PORT" "$code" >"$tmp/t/C/enroll.out" 2>&1
st=$?
check "enroll at an http:// URL without allow_http: refused (status $st)" test "$st" -ne 0
check "enroll at an http:// URL: the message names allow_http" \
    grep -q 'allow_http' "$tmp/t/C/enroll.out"
check "enroll at an http:// URL: the code was not used up" \
    is "$(pq "SELECT count(*) FROM enroll_code WHERE used_at IS NULL")" 1
terminal_ini A "[sync]\nca_file = $TLS_CERT\nurl = http://127.0.0.1:$PORT"
seekers_csv 1 20 >"$tmp/s3.csv"
t_import A seekers "$tmp/s3.csv"
t_sync A
st=$?
check "sync at an http:// URL without allow_http: refused (status $st)" test "$st" -ne 0
check "sync at an http:// URL: the message names allow_http" \
    grep -q 'allow_http' "$tmp/t/A/sync.err" "$tmp/t/A/sync.out"
check "sync at an http:// URL: the change still waits" \
    test "$(tsql A 'SELECT count(*) FROM outbox')" -gt 0
terminal_ini A "[sync]\nca_file = $TLS_CERT"
sync_ok A "back to HTTPS: sync works"
check "A has B's seeker and its own new one" is "$(tsql A 'SELECT count(*) FROM seeker')" 5
finish
