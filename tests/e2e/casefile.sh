#!/bin/sh
# The hardship case file (一人一档) at the window, each case run three
# times: in English, in Chinese, and on a monochrome vt100 with only Ctrl
# keys and F1-F4. A clerk opens the case file of a person in hardship
# status from the seeker's F8 list (a person without the status is refused
# with the reason), records a contact made six weeks ago, finds the person
# on their due list, opens the file from there and records today's
# contact: the person leaves the due list and the next contact moves a
# month on. Then the person leaves hardship status at their request (not
# for retirement, which the screen refuses at their age): the file closes
# with the reason, the person's hardship fields are cleared and their
# hardship kind stays in the file. A supervisor's due list is the
# office's: the persons of the office and of the offices under it (not
# another district's), with those in hardship status who have no case
# file yet marked so; Enter on one offers to make the file.
#
# Usage: sh tests/e2e/casefile.sh BINARY
. "$(dirname "$0")/lib.sh"
e2e_init "$@"

need_catalogue

IDNUM=$(idnum 11010519800307123)
NAME=王小明
IDNUM2=$(idnum 11010519850101002)
NAME2=李红梅
IDNUM3=$(idnum 11010519700101003)
NAME3=张建国
IDNUM4=$(idnum 11010819750101004)
NAME4=赵海
CLERK=lihua
today=$(date +%Y-%m-%d)
earlier=$(date -d "-45 days" +%Y-%m-%d)

# YYYY-MM-DD plus one month, the day cut to the month's last (core/casefile.c).
plus_month() {
	echo "$1" | awk -F- '{
		y = $1 + 0; m = $2 + 1; d = $3 + 0
		if (m > 12) { m = 1; y++ }
		last = 31
		if (m == 4 || m == 6 || m == 9 || m == 11) last = 30
		if (m == 2) last = (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28
		if (d > last) d = last
		printf "%04d-%02d-%02d\n", y, m, d
	}'
}

# The mode of a run: its language and the keys it uses.
set_mode() {
	mode=$1
	case $mode in
	en) E2E_LANG=en SAVE=C-s CONTACT=C-n MORE=C-x PLAN=C-e LEAVE=C-r ;;
	zh) E2E_LANG=zh SAVE=F2 CONTACT=F2 MORE=F8 PLAN=F3 LEAVE=F4 ;;
	mono) E2E_LANG=en SAVE=F2 CONTACT=F2 MORE=C-x PLAN=F3 LEAVE=F4 ;;
	esac
}

# begin MODE CASE: a new database after its first start, a clerk, a seeker
# in hardship status (大龄, older) and one without; at no screen.
begin() {
	set_mode "$1"
	DB=$tmp/t-$1-$2.db
	start_mode
	first_start
	wait_title "$(ui_text "jobdesk - main menu")"
	keys C-q
	wait_for "$(ui_text "Quit jobdesk?")"
	keys y
	wait_for "EXITED-"
	printf '%s\n%s\n' "$PASSWORD" "$PASSWORD" >"$tmp/pw"
	given "the clerk $CLERK" cli_from "$tmp/pw" user add "$CLERK" 李华 clerk \
	    --office 110105-001
	printf 'id_number,name,phone,education,category,hardship,hardship_basis\n%s,%s,13800138000,31,unemployed,older,京人社就发2020-12\n%s,%s,13900139000,21,unemployed,,\n' \
	    "$IDNUM" "$NAME" "$IDNUM2" "$NAME2" >"$tmp/seeker.csv"
	given "the seekers" cli import seekers "$tmp/seeker.csv"
}

# Start the client and log in as $1: at the main menu.
log_in_as() {
	start_mode
	wait_title "$(ui_text "jobdesk - log in")"
	text "$1"
	keys Tab
	text "$PASSWORD"
	keys Enter
	wait_title "$(ui_text "jobdesk - main menu")"
}

# From the main menu: the seeker with ID number $1, then their F8 list's case file.
to_casefile() {
	keys 1
	text "$1"
	wait_for "$(ui_textf "%zu found" 1)"
	keys Enter
	wait_title "$(ui_text "jobdesk - job seeker")"
	keys "$MORE"
	wait_for "$(ui_text "More on this job seeker")"
	take_action "$(ui_text "Hardship case file and plan")" || exit 1
}

# From the main menu: the clerk's due list of case files.
to_due() {
	keys 6
	wait_for "$(ui_text "Follow-ups due")"
	take_action "$(ui_text "Hardship case files: contacts and plan steps due")" || exit 1
	wait_title "$(ui_text "jobdesk - case files due")"
}

# Record a contact on the open case file: day $1, result $2 (a code typed).
record_contact() {
	keys "$CONTACT"
	wait_title "$(ui_text "jobdesk - record a contact")"
	assert_screen "$(ui_textf "Contact with %s (case file)" "$NAME")" "the contact is the person's"
	# The day is focused, today's; a whole date moves on by itself, to the
	# way (phone), then on to the result and the note.
	keys C-u
	text "$1"
	keys Tab
	text "$2"
	keys Tab
	text "电话联系，仍在找保洁类工作。"
	keys "$SAVE"
	wait_for "$(ui_textf "contact with %s recorded" "$NAME")"
	wait_title "$(ui_text "jobdesk - hardship case file")"
}

rows() {
	sqlite3 "$DB" "$1"
}

# --- A contact recorded: the due list follows.
contact_case() {
	begin "$1" contact
	log_in_as "$CLERK"
	to_casefile "$IDNUM2"
	wait_for "$(ui_text "a case file is for a person recognised as hard to employ (就业困难人员): set the hardship field of the record first" | cut -c1-20)"
	ok "a person without hardship status is refused, with the reason"
	check "and no case file is opened" test "$(rows "SELECT count(*) FROM assistance_plan")" = 0
	keys Escape Escape
	wait_title "$(ui_text "jobdesk - main menu")"
	to_casefile "$IDNUM"
	wait_for "$(ui_textf "%s has no case file yet: open one, with you in charge?" "$NAME")"
	keys y
	wait_title "$(ui_text "jobdesk - hardship case file")"
	assert_screen "$(ui_textf "Caseworker: %s | next contact %s%s" "$CLERK" "$(plus_month "$today")" "")" \
	    "a new file's first contact is due a month on"
	assert_screen "$(ui_text "case file opened")" "the timeline shows the opening"
	assert_screen "$(ui_text "first registered")" "and the first registration"
	record_contact "$earlier" seeking
	_due1=$(plus_month "$earlier")
	assert_screen "$(ui_textf "Caseworker: %s | next contact %s%s" "$CLERK" "$_due1" "$(ui_text " (due)")")" \
	    "a contact six weeks ago makes the next one overdue"
	assert_not "电话联系，仍在找保洁" "a note shows only for its own line"
	# The contact is the oldest line: the last.
	keys Down Down Down
	wait_for "电话联系，仍在找保洁"
	ok "the selected contact's note shows in the file"
	check "one contact, one follow-up service" \
	    test "$(rows "SELECT count(*) FROM case_contact")/$(rows "SELECT count(*) FROM service_event WHERE type = 'follow_up'")" = 1/1
	keys Escape Escape Escape
	wait_title "$(ui_text "jobdesk - main menu")"
	to_due
	assert_screen "$(ui_textf "Hardship case files due, yours: %zu" 1)" "the clerk's due list has the person"
	assert_screen "$NAME" "by name"
	assert_screen "$_due1" "with the day the contact was due"
	assert_not "$IDNUM" "the ID number is masked in the list"
	keys Enter
	wait_title "$(ui_text "jobdesk - hardship case file")"
	record_contact "$today" seeking
	assert_screen "$(ui_textf "Caseworker: %s | next contact %s%s" "$CLERK" "$(plus_month "$today")" "")" \
	    "today's contact moves the next one a month on"
	keys Escape
	wait_title "$(ui_text "jobdesk - case files due")"
	assert_screen "$(ui_textf "Hardship case files due, yours: %zu" 0)" "the person left the due list"
	assert_screen "$(ui_text "nothing due")" "nothing is due"
	check "the file was viewed in the audit" \
	    test "$(rows "SELECT count(*) FROM audit WHERE tbl = 'seeker' AND action = 'casefile'")" -ge 3
}

# --- Leaving hardship status at the person's request.
leave_case() {
	begin "$1" leave
	log_in_as "$CLERK"
	to_casefile "$IDNUM"
	wait_for "$(ui_textf "%s has no case file yet: open one, with you in charge?" "$NAME")"
	keys y
	wait_title "$(ui_text "jobdesk - hardship case file")"
	keys "$LEAVE"
	wait_title "$(ui_text "jobdesk - leave hardship status")"
	assert_screen "$(ui_textf "End the hardship status of %s" "$NAME")" "the person is named"
	# A man born 1980-03-07: 60 plus the 2025 schedule's 36 months.
	assert_screen "$(ui_textf "Retirement: %s" "$(ui_textf "not of retirement age (%s) until %s" \
	    "$(ui_textf "%d years" 63)" 2043-03-07)")" \
	    "the retirement age and the day it is reached are said up front"
	# Retirement is refused at 46, with the age and the day it is reached.
	text retired
	keys "$SAVE"
	wait_for "$(ui_text "not of retirement age (%s) until %s" | cut -c1-10)"
	ok "retirement age not reached: refused with the reason"
	check "nothing is written" test "$(rows "SELECT status FROM assistance_plan")" = open
	keys C-u
	text request
	keys "$SAVE"
	wait_for "$(ui_textf "End the hardship status of %s? The case file closes" "$NAME")"
	keys y
	wait_title "$(ui_text "jobdesk - hardship case file")"
	wait_for "$(ui_textf "%s left hardship status" "$NAME")"
	if [ "$E2E_LANG" = zh ]; then _reason=本人申请退出; else _reason="At the person's request"; fi
	assert_screen "$(ui_textf "Left hardship status on %s: %s" "$today" "$_reason")" \
	    "the file says when and why the status ended"
	assert_screen "$(ui_text "left hardship status")" "the timeline has the end of the status"
	check "the person's hardship fields are cleared" \
	    test "$(rows "SELECT hardship || '/' || hardship_basis FROM seeker WHERE name = '$NAME'")" = /
	check "the file keeps the hardship kind and basis, the reason and the day" \
	    test "$(rows "SELECT left_hardship || '/' || left_basis || '/' || leave_reason || '/' || left_on FROM assistance_plan")" = "older/京人社就发2020-12/request/$today"
	keys "$CONTACT"
	wait_for "$(ui_textf "%s left hardship status on %s: the case file is closed" "$NAME" "$today")"
	ok "a closed file takes no contact"
}

# --- The supervisor's due list: the office's and its streets', files or none.
office_case() {
	begin "$1" office
	given "a street under the centre and another district" sqlite3 "$DB" "INSERT INTO office
	    (code, name, level, parent) VALUES ('110105-002', '劲松街道', 'street', '110105-001'),
	    ('110108', '海淀区职业介绍服务中心', 'district', NULL)"
	printf 'id_number,name,phone,education,category,hardship\n%s,%s,13700137000,31,unemployed,long_term\n%s,%s,13600136000,31,unemployed,older\n' \
	    "$IDNUM3" "$NAME3" "$IDNUM4" "$NAME4" >"$tmp/more.csv"
	given "two more persons in hardship status" cli import seekers "$tmp/more.csv"
	given "one of the street's, one of the other district's" sqlite3 "$DB" "UPDATE seeker
	    SET office = '110105-002' WHERE name = '$NAME3'; UPDATE seeker SET office = '110108'
	    WHERE name = '$NAME4'"
	log_in_as wangfang
	to_due
	assert_screen "$(ui_textf "Hardship case files due, the office's: %zu" 2)" \
	    "the office's list: two persons without a file"
	assert_screen "$NAME" "the office's person in hardship status"
	assert_screen "$NAME3" "and the street's"
	assert_not "$NAME4" "never another district's"
	assert_not "$NAME2" "nor a person without hardship status"
	assert_not "$IDNUM3" "the ID number is masked"
	check "both are marked: no case file yet" \
	    test "$(screen | grep -cF "$(ui_text "no case file yet")")" = 2
	# Due since their registration, today: by name, $NAME3 first.
	assert_row_has 4 "$NAME3" "the street's person on the first row"
	assert_row_has 4 "$today" "due from the day of registration"
	keys Enter
	wait_for "$(ui_textf "%s has no case file yet: open one, with you in charge?" "$NAME3")"
	keys n
	wait_gone "$(ui_textf "%s has no case file yet: open one, with you in charge?" "$NAME3")"
	assert_title "$(ui_text "jobdesk - case files due")" "no: the list stays"
	check "and no file is made" test "$(rows "SELECT count(*) FROM assistance_plan")" = 0
	keys Enter
	wait_for "$(ui_textf "%s has no case file yet: open one, with you in charge?" "$NAME3")"
	keys y
	wait_title "$(ui_text "jobdesk - hardship case file")"
	assert_screen "$(ui_textf "Caseworker: %s | next contact %s%s" wangfang "$(plus_month "$today")" "")" \
	    "the file is made from the list, the supervisor in charge"
	keys Escape
	wait_title "$(ui_text "jobdesk - case files due")"
	assert_screen "$(ui_textf "Hardship case files due, the office's: %zu" 1)" \
	    "the person with a file now leaves the list"
	assert_not "$NAME3" "until the first contact is due"
	keys "$PLAN"
	wait_for "$(ui_textf "Hardship case files due, yours: %zu" 0)"
	ok "F3 (Ctrl-E) turns to the supervisor's own: nothing due"
}

for m in en zh mono; do
	case $m in
	en) label="English, tmux-256color" ;;
	zh) label="Chinese (LANGUAGE=zh_CN), tmux-256color" ;;
	mono) label="monochrome vt100, Ctrl keys and F1-F4" ;;
	esac
	run_case "$label: a contact recorded, the due list updated" contact_case "$m"
	run_case "$label: leaving hardship status at the person's request" leave_case "$m"
	run_case "$label: the office's due list, persons without a file" office_case "$m"
done
finish
