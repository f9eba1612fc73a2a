#!/bin/sh
# A scoped terminal's registration window, in English, in Chinese and on a
# monochrome vt100: an ID number that the district's identity index holds
# (a person registered in another street) is recognised when the clerk
# leaves the ID number field, offline: the message line says where the
# person is registered and in what state, the number masked, and saving
# the form registers nothing, saying the same. The terminal is made
# scoped here as a pull would leave it (its scope, the other street's
# office, the person's index entry under the id the terminal derives).
#
# Usage: sh tests/e2e/scope.sh BINARY
. "$(dirname "$0")/lib.sh"
e2e_init "$@"

need_catalogue

IDNUM=$(idnum 11010519830404104)
MASKED=$(printf '%s' "$IDNUM" | sed 's/^\(......\)........\(....\)$/\1********\2/')
OTHER=110105-002
OTHER_NAME=呼家楼街道社区就业服务站
COMMUNITY_NAME=建外街道永安里社区工作站
STREET_NAME=朝阳区职业介绍服务中心

set_mode() {
	mode=$1
	case $mode in
	en) E2E_LANG=en SAVE=C-s ;;
	zh) E2E_LANG=zh SAVE=F2 ;;
	mono) E2E_LANG=en SAVE=F2 ;;
	esac
}

# log_in: the supervisor at the login screen; waits for the main menu.
log_in() {
	start_mode
	wait_title "$(ui_text "jobdesk - log in")"
	text wangfang
	keys Tab
	text "$PASSWORD"
	keys Enter
	wait_title "$(ui_text "jobdesk - main menu")"
}

# scoped MODE [NAME]: a database (its own for each NAME) after its first start, scoped to its street,
# whose identity index holds the person IDNUM at the street OTHER. The id
# is the one this terminal derives: the person is registered here first
# (an import), then removed as the sweep removes a person who left.
scoped() {
	set_mode "$1"
	DB=$tmp/t-$1${2:-}.db
	start_mode
	first_start
	keys C-q
	wait_for "$(ui_text "Quit jobdesk?")"
	keys y
	wait_for "EXITED-"
	printf 'id_number,name,phone,education,category\n%s,刘晓东,13900000004,21,graduate\n' \
	    "$IDNUM" >"$tmp/seeker.csv"
	given "the person's derived id" cli import seekers "$tmp/seeker.csv"
	given "the scope and the index entry" sqlite3 "$DB" "BEGIN;
	    INSERT INTO office (code, name, level, parent) VALUES ('$OTHER', '$OTHER_NAME',
		'street', (SELECT parent FROM office WHERE code = '110105-001'));
	    INSERT INTO identity_index (id, office, status, valid_until)
		SELECT id, '$OTHER', 'registered', '2099-12-31' FROM seeker;
	    DELETE FROM seeker_name_gram;
	    DELETE FROM service_event;
	    DELETE FROM outbox;
	    DELETE FROM seeker;
	    INSERT INTO setting (key, value) VALUES ('scope', '110105-001');
	    COMMIT;"
	log_in
}

# --- Recognised when the ID number field is left; saving registers nothing.
elsewhere_case() {
	scoped "$1"
	keys 1
	wait_for "$(ui_text "ID number, name or phone:")"
	text "$IDNUM"
	wait_for "$(ui_text "no one found; F2 registers a new job seeker")"
	keys Enter
	wait_title "$(ui_text "jobdesk - register a job seeker")"
	wait_for "$(ui_text "Note: ")"
	msg=$(ui_text "Note: ")$(ui_textf "ID number %s is registered at %s, status %s: not registered again; online, fetch the record" \
	    "$MASKED" "$OTHER $OTHER_NAME" "$(ui_text registered)")
	assert_msg "$msg" "the person registered in another street is recognised offline"
	check "the message masks the ID number" eval \
	    '! screen | sed -n "21,22p" | tr -d " \n" | grep -qF "$IDNUM"'
	# The form filled as the clerk would go on: the required fields.
	text 刘晓东
	keys Tab
	text 13900000004
	keys Tab Tab Tab Tab Tab
	text 21
	keys Tab Tab Tab Tab Tab Tab Tab Tab Tab
	text unemployed
	keys "$SAVE"
	wait_for "$(ui_text "Note: ")"
	settle
	assert_msg "$msg" "saving says the same"
	assert_title "$(ui_text "jobdesk - register a job seeker")" "the form stays, unsaved"
	check "nothing was registered: no record, no change waiting" \
	    [ "$(sqlite3 "$DB" "SELECT (SELECT count(*) FROM seeker) || ' ' ||
	    (SELECT count(*) FROM outbox)")" = "0 0" ]
	if [ "$mode" = mono ]; then
		check "vt100: no colour on the screen" eval '! screen_e | grep -q "$(printf "\033")\[3[0-8]"'
	fi
}

# --- The sync screen says what the terminal holds: its street, by name.
held_case() {
	scoped "$1" -held
	keys 4
	wait_title "$(ui_text "jobdesk - sync")"
	assert_row_has 8 "$(ui_text "Records held:")" "the sync screen says what the terminal holds"
	assert_row_has 8 "$(ui_textf "%s only" "$STREET_NAME")" "... its street, by name"
	given "an office under the scope's" sqlite3 "$DB" "INSERT INTO office (code, name,
	    level, parent) VALUES ('110105-001-01', '$COMMUNITY_NAME', 'township', '110105-001')"
	keys Escape
	wait_title "$(ui_text "jobdesk - main menu")"
	keys 4
	wait_title "$(ui_text "jobdesk - sync")"
	assert_row_has 8 "$(ui_textf "%s and the %ld office under it" "$STREET_NAME" 1)" \
	    "... and the offices under it"
	check "the line fits 80 cells" [ "$(cells "$(row 8)")" -le 80 ]
}

for m in en zh mono; do
	run_case "$m: a person registered in another street" elsewhere_case "$m"
	run_case "$m: the sync screen names the scope" held_case "$m"
done
finish
