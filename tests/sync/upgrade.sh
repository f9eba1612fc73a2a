#!/bin/sh
# A district server upgraded in place takes what terminals of this
# version push. Terminals close a registration with the withdraw reason
# "referral" (推荐就业) when a hire is recorded; the shipped withdraw_reason
# list has that code since its version 2026.1. A server set up before
# holds the list 2024.2 without it, and migrate loads only the lists a
# server does not hold at all, so without server migration 0006 such a
# push would be parked as "not a code of the withdraw_reason list". The
# older server is made here as an older jobdeskd left its database: the
# shipped lists of its day loaded, the schema version of the migrations
# before 0006 (its tables are this version's, so the migrations after 0006
# run again on them: each must be safe to run twice, as IF NOT EXISTS makes
# an index). A server set up fresh is checked as well.
# Usage: sh tests/sync/upgrade.sh BINARY [TOOLS_DIR]
set -u
. "$(dirname "$0")/lib.sh"
sync_init "$@"
pg_start

# reason DATABASE_CONNINFO: the withdraw_reason list as a server holds it:
# its version, then "referral" and whether it is deprecated, if held.
reason() {
	psql -X -At -q -v ON_ERROR_STOP=1 "$1" -c "SELECT coalesce((SELECT fields->>'version'
	    FROM record WHERE tbl = 'code_list' AND key = 'withdraw_reason'), 'none') || ' ' ||
	    coalesce((SELECT fields->>'code' || '/' || (fields->>'deprecated') FROM record
	    WHERE tbl = 'code' AND key = 'withdraw_reason:referral'), 'no referral')"
}

# --- a server set up fresh ----------------------------------------------------
psql -X -q -v ON_ERROR_STOP=1 "${JOBDESK_PG%dbname=*}dbname=postgres" \
    -c "CREATE DATABASE fresh" >"$tmp/fresh.log" 2>&1 || bail "cannot create a database" \
    "$tmp/fresh.log"
PORT=$("$TOOLS/freeport") || bail "no free port"
server_ini "database.conninfo=${JOBDESK_PG%dbname=*}dbname=fresh"
jdd migrate >"$tmp/fresh.log" 2>&1 || bail "jobdeskd migrate of a new database failed" \
    "$tmp/fresh.log"
check "a fresh server holds the shipped list with \"referral\", current" is \
    "$(reason "${JOBDESK_PG%dbname=*}dbname=fresh")" "2026.1 referral/0"

# --- a server set up before "referral" ------------------------------------------
# The shipped files of its day: withdraw_reason 2024.2, without the code.
old=$tmp/old
mkdir -p "$old/codes"
ln -s "$ROOT/forms" "$old/forms"
for f in "$ROOT"/db/codes/*.tsv; do
	ln -s "$f" "$old/codes/$(basename "$f")"
done
rm "$old/codes/withdraw_reason.tsv"
grep -v '^referral	' "$ROOT/db/codes/withdraw_reason.tsv" |
    sed 's/^# version: .*/# version: 2024.2/' >"$old/codes/withdraw_reason.tsv"
server_ini "server.data_dir=$old"
jdd migrate >"$tmp/old.log" 2>&1 || bail "jobdeskd migrate with the old lists failed" \
    "$tmp/old.log"
pq "UPDATE meta SET value = '5' WHERE key = 'schema_version'" >/dev/null
check "the older server holds withdraw_reason 2024.2 without \"referral\" (the premise)" is \
    "$(reason "$JOBDESK_PG")" "2024.2 no referral"

# Upgraded: this jobdeskd migrates it, then serves.
server_setup
check "upgraded, the server holds \"referral\", current, and the list as shipped" is \
    "$(reason "$JOBDESK_PG")" "2026.1 referral/0"
check "the code and its list are noted as changed, for the terminals' pulls" is \
    "$(pq "SELECT count(*) FROM change_log WHERE (tbl, key) IN (('code',
    'withdraw_reason:referral'), ('code_list', 'withdraw_reason'))")" 2
jdd migrate >"$tmp/again.log" 2>&1 || fail "jobdeskd migrate again" "$(cat "$tmp/again.log")"
check "migrating again changes nothing" is "$(reason "$JOBDESK_PG") $(pq "SELECT count(*)
    FROM record WHERE tbl = 'code' AND key = 'withdraw_reason:referral'")" \
    "2026.1 referral/0 1"

# A hire on a terminal closes the registration with reason "referral" and
# pushes it: the upgraded server takes it.
printf '%s\n' "$PASSWORD" | jdd account add lihua --name 李华 --office 110105 --role clerk \
    --cert-no CZ-2024-001 --cert-valid-until 2099-12-31 >"$tmp/account.out" 2>&1 ||
    fail "jobdeskd account add lihua" "$(cat "$tmp/account.out")"
new_terminal A 110105-01
s1=$(idnum 11010519850101101)
e1=$(uscc 91110105MA01ABCD1)
printf 'id_number,name,phone,education,category\n%s,张伟,13800000001,21,unemployed\n' \
    "$s1" >"$tmp/seekers.csv"
printf 'uscc,name,type,industry,district,contact,phone\n%s,华联超市有限公司,private,52,110105,刘经理,13700001111\n' \
    "$e1" >"$tmp/emp.csv"
printf 'employer_uscc,occupation,title,headcount,wage_min,wage_max,valid_until\n%s,4-01-02,收银员,3,4000,5000,2099-12-31\n' \
    "$e1" >"$tmp/vac.csv"
t_import A seekers "$tmp/seekers.csv"
t_import A employers "$tmp/emp.csv"
t_import A vacancies "$tmp/vac.csv"
sync_all A
v1=$(tsql A "SELECT id FROM vacancy WHERE title = '收银员'")
r1=$(printf '%s\n' "$PASSWORD" | jd A refer --user lihua "$s1" "$v1" 2>"$tmp/refer.err")
[ -n "$r1" ] || fail "a referral on A" "$(cat "$tmp/refer.err")"
printf '%s\n' "$PASSWORD" | jd A outcome --user lihua "$r1" hired >/dev/null 2>"$tmp/outcome.err" ||
    fail "the hire on A" "$(cat "$tmp/outcome.err")"
check "on A the hire closed the registration with reason referral" is \
    "$(seeker_field A "$s1" "status || ' ' || withdraw_reason")" "placed referral"
sync_all A
check "the server parked nothing" is "$(pq "SELECT coalesce(string_agg(tbl || ': ' || reason,
    '; '), '') FROM parked")" ""
check "A was refused nothing" is \
    "$(tsql A "SELECT coalesce(group_concat(tbl || ': ' || reason, '; '), '') FROM sync_rejected")" ""
check "the server holds the seeker placed with reason referral" is \
    "$(pq "SELECT fields->>'status' || ' ' || (fields->>'withdraw_reason') FROM record
    WHERE tbl = 'seeker' AND fields->>'id_number' = '$s1'")" "placed referral"

# A server whose notes were made before migration 0012: migrate gives
# each person's note its copy of the person (what a scoped pull sends).
check "a pushed person's note carries its copy" is "$(ident_copies)" \
    "copies 1, stale 0, without 0"
pq "UPDATE change_log SET ident_office = NULL, ident_deleted = NULL, ident_replaced_by = NULL,
    ident_values = NULL; UPDATE meta SET value = '11' WHERE key = 'schema_version';
    DELETE FROM meta WHERE key = 'identity_note_columns'" >/dev/null
check "without it, as before the migration (the premise)" is "$(ident_copies)" \
    "copies 0, stale 0, without 1"
jdd migrate >"$tmp/copy.log" 2>&1 || fail "jobdeskd migrate from schema 11" "$(cat "$tmp/copy.log")"
check "migrated, the note has its copy, as the record has it" is "$(ident_copies)" \
    "copies 1, stale 0, without 0"
check "and the other records' notes none" is \
    "$(pq "SELECT count(*) FROM change_log WHERE tbl <> 'seeker' AND ident_values IS NOT NULL")" 0
# Copies made with other identity columns (a version that had others) are made again.
pq "UPDATE change_log SET ident_values = '[\"x\"]' WHERE tbl = 'seeker';
    UPDATE meta SET value = 'office,status' WHERE key = 'identity_note_columns'" >/dev/null
jdd migrate >"$tmp/cols.log" 2>&1 || fail "jobdeskd migrate, other columns" "$(cat "$tmp/cols.log")"
check "copies of other columns are made again" is "$(ident_copies)" \
    "copies 1, stale 0, without 0"
check "and migrate says so" has "$tmp/cols.log" "each job seeker's note holds office,status,valid_until"
jdd migrate >"$tmp/cols2.log" 2>&1 || fail "jobdeskd migrate again" "$(cat "$tmp/cols2.log")"
check "and not again once they are right" hasnt "$tmp/cols2.log" "note holds"
finish
