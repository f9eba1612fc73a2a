#!/bin/sh
# The close of day (日结) through the district (issue 13): two terminals of
# one street office give services; A's supervisor closes the day while B
# still holds a service of the day not pushed, and B closes the same day
# offline too; after both sync the district has one closing (A's, the
# first it was sent), both terminals hold that one and no other, and the
# late service shows on both in the day's daily report as a correction
# (the closed figure, the figure now, the difference), the closing
# untouched; a day closed already is refused with who closed it; a clerk's
# closing is refused by the server too (it never reaches the district).
# The district hands its terminals' last sync day to the office's
# supervisor: the lists that need action name a terminal silent for days,
# and no more once it is revoked.
# Usage: sh tests/sync/closing.sh BINARY [TOOLS_DIR]
set -u
. "$(dirname "$0")/lib.sh"
sync_init "$@"
pg_start
server_setup

{
	printf '%s\n' "$PASSWORD" | jdd account add zhangli --name 张丽 --office 110105-01 \
	    --role supervisor &&
	printf '%s\n' "$PASSWORD" | jdd account add lihua --name 李华 --office 110105-01 \
	    --role clerk --cert-no CZ-2024-001 --cert-valid-until 2099-12-31
} >"$tmp/account.out" 2>&1 || fail "jobdeskd account add" "$(cat "$tmp/account.out")"
new_terminal A 110105-01
new_terminal B 110105-01

today=$(date +%Y-%m-%d)

# give NAME TYPE ID_NUMBER: a service given at terminal NAME by lihua.
give() {
	printf '%s\n' "$PASSWORD" | jd "$1" give --user lihua "$2" "$3" \
	    >"$tmp/t/$1/give.out" 2>"$tmp/t/$1/give.err" ||
	    fail "$1: $2 given" "$(cat "$tmp/t/$1/give.err")"
}

# report NAME ARGS...: jobdesk report on terminal NAME, as CSV (its line ends taken off).
report() {
	_t=$1
	shift
	jd "$_t" report "$@" --office 110105-01 --format csv 2>"$tmp/t/$_t/report.err" |
	    tr -d '\r'
}

# close NAME [LOGIN]: close today's day on terminal NAME as LOGIN (zhangli); its status.
close_day() {
	printf '%s\n' "$PASSWORD" | jd "$1" report close --office 110105-01 \
	    --user "${2:-zhangli}" >"$tmp/t/$1/close.out" 2>"$tmp/t/$1/close.err"
}

# close_refused NAME [LOGIN]: the close is refused (a check's command).
close_refused() {
	! close_day "$@"
}

# figure CSV KEY: a figure's value in the figures block (figure, name, value...).
figure() {
	printf '%s\n' "$1" | awk -F, -v k="$2" '
	    /^figure,name,value/ { on = 1; next }
	    /^$/ { on = 0 }
	    on && $1 == k { print $3 }'
}

# correction CSV KEY: "closed now difference" of a figure in the corrections block.
correction() {
	printf '%s\n' "$1" | awk -F, -v k="$2" '
	    /^day,figure,/ { on = 1; next }
	    /^$/ { on = 0 }
	    on && $2 == k { print $4, $5, $6 }'
}

# silent CSV: the terminals the lists name, as "T<number> <days>" lines.
silent() {
	printf '%s\n' "$1" | tr -d '\r' | awk -F, '
	    /^terminal,number,/ { on = 1; next }
	    /^$/ { on = 0 }
	    on && $2 ~ /^T[0-9]/ { print $2, $5 }'
}

# has_text TEXT NEEDLE: TEXT holds the fixed string NEEDLE (shown when not).
has_text() {
	case $1 in *"$2"*) return 0 ;; esac
	printf '     got: %s\n' "$1"
	return 1
}

# t_closing NAME: the terminal's closings as "office day digest counted created_by".
t_closing() {
	tsql "$1" "SELECT office || ' ' || day || ' ' || digest || ' ' || counted || ' ' ||
	    created_by FROM closing ORDER BY id"
}

refused() {
	tsql "$1" "SELECT tbl || ' ' || op || ': ' || reason FROM sync_rejected ORDER BY seq"
}

s1=$(idnum 11010519850101101)
s2=$(idnum 11010519860202102)
s3=$(idnum 11010519870303103)
{
	printf 'id_number,name,phone,education,category,hardship\n'
	printf '%s,张伟,13800000001,21,laid_off,long_term\n' "$s1"
	printf '%s,李娜,13800000002,21,graduate,\n' "$s2"
	printf '%s,王强,13800000003,21,unemployed,\n' "$s3"
} >"$tmp/seekers.csv"
t_import A seekers "$tmp/seekers.csv"
sync_all A B B

# ============================================================================
echo "-- the day at two windows; A closes it, B has not pushed its service yet"
give A job_query "$s1"
give A policy "$s2"
sync_all A
give B job_query "$s3"
# The import's three registrations and two services given.
check "A: the day's services before the close" \
    is "$(figure "$(report A daily)" services)" 5
check "A: zhangli closes the day" close_day A
check "A: the close says who closed and how many events" \
    has "$tmp/t/A/close.out" "Closed by 张丽 (zhangli)"
check "A: a second close of the day is refused" close_refused A
check "A: the refusal says by whom it was closed" \
    has "$tmp/t/A/close.err" "closed already: by 张丽 (zhangli)"
a_closing=$(t_closing A)
check "A: one closing of the day, five services counted" \
    is "$(t_closing A | awk '{ print $1, $2, $4, $5 }')" "110105-01 $today 5 zhangli"
# B, offline, counts its own service and not A's (not pulled yet): the first push wins.
check "B: zhangli closes the day offline as well" close_day B
b_digest=$(t_closing B | awk '{ print $3 }')
check "B's closing counted other events than A's" sh -c '[ "$1" != "$2" ]' _ \
    "$(printf '%s\n' "$a_closing" | awk '{ print $3 }')" "$b_digest"

# ============================================================================
echo "-- both sync: one closing everywhere, the late service a correction"
sync_all A B A
check "the district has one closing of the day" \
    is "$(pq "SELECT count(*) FROM record WHERE tbl = 'closing'")" 1
check "the district's closing is A's" \
    is "$(pq "SELECT fields->>'digest' FROM record WHERE tbl = 'closing'")" \
    "$(printf '%s\n' "$a_closing" | awk '{ print $3 }')"
check "A keeps its closing, once" is "$(t_closing A)" "$a_closing"
check "B took the district's closing in place of its own" is "$(t_closing B)" "$a_closing"
check "both terminals hold one closing" is "$(tsql A "SELECT count(*) FROM closing") $(tsql B \
    "SELECT count(*) FROM closing")" "1 1"
check "B's late service reached the district" \
    is "$(pq "SELECT count(*) FROM record WHERE tbl = 'service_event' AND fields->>'type' = 'job_query'")" 2
for t in A B; do
	out=$(report "$t" daily)
	check "$t: the day's services now" is "$(figure "$out" services)" 6
	check "$t: the correction of the services: closed 5, now 6, 1 more" \
	    is "$(correction "$out" services)" "5 6 1"
	check "$t: the correction of the queries" is "$(correction "$out" service:job_query)" "1 2 1"
	check "$t: what did not change is no correction" is "$(correction "$out" registered)" ""
	out=$(report "$t" closed)
	check "$t: the reprint shows the services as closed" is "$(figure "$out" services)" 5
done
check "A: the closing was not rewritten by the correction" is "$(t_closing A)" "$a_closing"
check "B: the refusal of a closed day names A's closing" close_refused B

# ============================================================================
echo "-- a clerk's closing is refused by the district"
# The client refuses it first (a clerk is no supervisor): no closing is written.
check "A: lihua's close is refused at the window" close_refused A lihua
check "A: the refusal says a supervisor closes" has "$tmp/t/A/close.err" "only a supervisor"
# One written past the client's rule, signed by lihua when A syncs as lihua.
yesterday=$(date -d '-1 day' +%Y-%m-%d)
forged=01900000-0000-7000-8000-00000000c105
outbox_add A closing "$forged" insert "{\"office\":\"110105-01\",\"day\":\"$yesterday\",
    \"figures\":\"{}\",\"clerks\":\"{}\",\"counted\":\"0\",\"digest\":\"\",
    \"created_by\":\"lihua\",\"closed_at\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\"}"
SYNC_USER=lihua sync_ok A "A: sync as lihua"
check "the district refused lihua's closing" \
    is "$(pq "SELECT count(*) FROM record WHERE tbl = 'closing' AND key = '$forged'")" 0
check "A was told why" has_text "$(refused A)" "closing insert: close of day: only a supervisor may make one; lihua is a clerk"

# ============================================================================
echo "-- the district's terminals: who has not synced"
a_id=$(tsql A "SELECT value FROM setting WHERE key = 'terminal_id'")
b_id=$(tsql B "SELECT value FROM setting WHERE key = 'terminal_id'")
check "A knows both terminals of the office, synced today" \
    is "$(tsql A "SELECT count(*) FROM terminal WHERE last_sync = '$today' AND id IN ('$a_id', '$b_id')")" 2
pos=$(pq "SELECT pos FROM change_log WHERE tbl = 'terminal' AND key = '$b_id'")
pq "UPDATE terminal SET last_seen = now() - interval '2 minutes' WHERE id = '$b_id'" >/dev/null
sync_all B
check "a visit on the same day is not news" \
    is "$(pq "SELECT pos FROM change_log WHERE tbl = 'terminal' AND key = '$b_id'")" "$pos"
# B as the district last saw it some days ago: its next visit says today again.
pq "UPDATE record SET fields = jsonb_set(fields, '{last_sync}', '\"2000-01-01\"') WHERE tbl = 'terminal' AND key = '$b_id';
    UPDATE terminal SET last_seen = now() - interval '2 minutes' WHERE id = '$b_id'" >/dev/null
sync_all B A
check "B's visit on a new day is news" \
    is "$(pq "SELECT pos > $pos FROM change_log WHERE tbl = 'terminal' AND key = '$b_id'")" t
check "A holds B's last sync: today" \
    is "$(tsql A "SELECT last_sync FROM terminal WHERE id = '$b_id'")" "$today"
out=$(jd A report actions --office 110105-01 --format csv 2>"$tmp/t/A/actions.err")
check "A: no terminal silent today" is "$(silent "$out")" ""
out=$(FAKE=+5d jd A report actions --office 110105-01 --format csv 2>"$tmp/t/A/actions.err")
check "A, five days on: both terminals silent five days" \
    is "$(silent "$out" | awk '{ print $2 }' | tr '\n' ' ')" "5 5 "
jdd terminal revoke "$b_id" >"$tmp/revoke.out" 2>&1 || fail "jobdeskd terminal revoke" "$(cat "$tmp/revoke.out")"
sync_all A
check "A: the revoked terminal left the list" \
    is "$(tsql A "SELECT count(*) FROM terminal WHERE id = '$b_id'")" 0
out=$(FAKE=+5d jd A report actions --office 110105-01 --format csv 2>"$tmp/t/A/actions.err")
check "A, five days on: only A itself silent" \
    is "$(silent "$out" | wc -l | tr -d ' ')" 1

finish
