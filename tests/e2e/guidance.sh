#!/bin/sh
# Career guidance at the window, each case run three times: in English, in
# Chinese, and on a monochrome vt100 with only Ctrl keys and F1-F4. A
# counsellor (an account with a guidance grade) records a session with a
# plan of two steps from the seeker's F8 list; the session list and the
# seeker's record show it, and it gave one guidance service; a line of its
# notes that lost to another window's is in the supervisor's conflict
# journal, but not its words until Enter asks (audited). A clerk
# without a grade is refused with the reason, and nothing is written. A
# group workshop with two participants, the second found by name, shows in
# both people's records and gives two services.
#
# Usage: sh tests/e2e/guidance.sh BINARY
. "$(dirname "$0")/lib.sh"
e2e_init "$@"

need_catalogue

IDNUM=$(idnum 11010519900307123)
NAME=王小明
IDNUM2=$(idnum 11010519850101002)
NAME2=李红梅
COUNSELLOR=zhoujie
CLERK=lihua
today=$(date +%Y-%m-%d)
due=$(date -d "+14 days" +%Y-%m-%d)
next=$(date -d "+30 days" +%Y-%m-%d)

# The mode of a run: its language and the keys it uses.
set_mode() {
	mode=$1
	case $mode in
	en) E2E_LANG=en SAVE=C-s NEW=C-n MORE=C-x ADD=C-t ;;
	zh) E2E_LANG=zh SAVE=F2 NEW=F2 MORE=F8 ADD=F5 ;;
	mono) E2E_LANG=en SAVE=F2 NEW=F2 MORE=C-x ADD=C-t ;;
	esac
}

# begin MODE CASE: a new database after its first start, a counsellor of
# grade 3, a clerk without a grade, two registered seekers; at no screen.
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
	given "the counsellor $COUNSELLOR" cli_from "$tmp/pw" user add "$COUNSELLOR" 周洁 \
	    counsellor --office 110105-001 --grade 3
	given "the clerk $CLERK" cli_from "$tmp/pw" user add "$CLERK" 李华 clerk \
	    --office 110105-001
	printf 'id_number,name,phone,education,category\n%s,%s,13800138000,31,unemployed\n%s,%s,13900139000,21,unemployed\n' \
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

# From the main menu: the seeker with ID number $1, then the list of their sessions.
to_sessions() {
	keys 1
	text "$1"
	wait_for "$(ui_textf "%zu found" 1)"
	keys Enter
	wait_title "$(ui_text "jobdesk - job seeker")"
	keys "$MORE"
	wait_for "$(ui_text "More on this job seeker")"
	take_action "$(ui_text "Career guidance sessions")" || exit 1
	wait_title "$(ui_text "jobdesk - guidance sessions")"
}

# Names of the code lists as the run shows them: workshop, open step, list separator.
workshop_name() {
	if [ "$E2E_LANG" = zh ]; then echo 团体辅导; else echo "Group workshop"; fi
}
open_name() {
	if [ "$E2E_LANG" = zh ]; then echo 待办; else echo open; fi
}
sep() {
	if [ "$E2E_LANG" = zh ]; then printf '、'; else printf ', '; fi
}

# The count of a query's rows in the client's database.
rows() {
	sqlite3 "$DB" "$1"
}

# --- A counsellor records a session with a plan of two steps.
session_case() {
	begin "$1" session
	log_in_as "$COUNSELLOR"
	to_sessions "$IDNUM"
	assert_screen "$(ui_text "no guidance sessions yet; F2 records one")" "no session yet"
	keys "$NEW"
	wait_title "$(ui_text "jobdesk - record a guidance session")"
	assert_screen "$(ui_textf "Participants (%zu): " 1)$NAME" "the session is the seeker's"
	assert_screen "$today" "the day is today's"
	assert_screen "$(ui_text "Action plan")" "the plan's rows are headed"
	# Date, kind (individual), then topics and the first line of notes.
	keys Tab Tab
	text "简历修改、面试准备"
	keys Tab
	text "求职意向收银员，担心年龄偏大，缺少面试经验。"
	keys Tab
	text "建议先参加面试技巧培训，再推荐岗位。"
	keys Tab Tab Tab
	# A whole date moves on to the next field by itself.
	text "$next"
	text "修改简历"
	keys Tab
	text "$due"
	keys Tab
	text "参加面试技巧培训"
	keys "$SAVE"
	wait_for "$(ui_textf "saved: the session of %s" "$NAME")"
	ok "the session is saved"
	wait_title "$(ui_text "jobdesk - guidance session")"
	assert_screen "$(ui_textf "Counsellor: %s | recorded %s" "$COUNSELLOR" "$today")" \
	    "the saved session names its counsellor"
	assert_screen "$(open_name)" "a step without a status is open"
	check "one session, its two steps open, in the database" \
	    test "$(rows "SELECT count(*) FROM guidance WHERE step_1 = '修改简历' AND step_1_due = '$due' AND step_1_status = 'open' AND step_2_status = 'open' AND created_by = '$COUNSELLOR'")" = 1
	check "one guidance service given" \
	    test "$(rows "SELECT count(*) FROM service_event WHERE type = 'guidance'")" = 1
	keys Escape
	wait_title "$(ui_text "jobdesk - guidance sessions")"
	assert_screen "$(ui_textf "%d of %d open" 2 2)" "the list shows the plan's open steps"
	assert_screen "$next" "and the next appointment"
	assert_not "担心年龄" "the list never shows the notes"
	keys Escape
	wait_title "$(ui_text "jobdesk - job seeker")"
	assert_screen "$(ui_textf "Guidance: %zu | next %s" 1 "$next")" \
	    "the seeker's record lists the session"
	keys Escape Escape
	wait_title "$(ui_text "jobdesk - main menu")"
	to_sessions "$IDNUM"
	keys Enter
	wait_title "$(ui_text "jobdesk - guidance session")"
	assert_screen "求职意向收银员" "the session opens with its notes"
	check "each opening is audited" \
	    test "$(rows "SELECT count(*) FROM audit WHERE tbl = 'guidance' AND action = 'view'")" -ge 2
	keys Escape Escape Escape Escape
	wait_title "$(ui_text "jobdesk - main menu")"
	keys C-q
	wait_for "$(ui_text "Quit jobdesk?")"
	keys y
	wait_for "EXITED-"

	# A line of the notes that lost to another window's: the supervisor's
	# conflict journal lists the entry, not the notes; Enter shows them, audited.
	_gid=$(rows "SELECT id FROM guidance")
	_t=0190b3c4-5d6e-7f80-9a1b-2c3d4e5f6a7b
	given "a line of notes that lost" sqlite3 "$DB" "INSERT INTO conflict (key, tbl,
	    row_id, field, lost_value, lost_stamp, won_value, won_stamp, at) VALUES ('k1',
	    'guidance', '$_gid', 'notes', '曾患抑郁症，正在服药。', '0000018f6a1b2c3d:$_t',
	    '求职意向收银员，担心年龄偏大，缺少面试经验。', '0000018f6a1b2c3e:$_t',
	    '2024-05-12T06:40:00Z')"
	log_in_as wangfang
	keys 5
	wait_for "$(ui_text "End of day")"
	take_action "$(ui_text "Conflicts: values that lost in sync")" || exit 1
	wait_title "$(ui_text "jobdesk - conflicts")"
	assert_row_has 4 "$(form_label guidance notes)" "the journal lists the notes' entry"
	assert_row_has 4 "$(ui_text "(personal)")" "as personal"
	assert_not "抑郁症" "the lost note is not shown"
	assert_not "担心年龄" "nor the kept one"
	keys Enter
	wait_for "抑郁症"
	assert_screen "$(ui_textf "Kept: %s" "求职意向收银员，担心年龄偏大，缺少面试经验。")" \
	    "Enter shows the chosen entry's notes under the list"
	assert_row_has 4 "$(ui_text "(personal)")" "the list still does not"
	check "and that view is audited" \
	    test "$(rows "SELECT count(*) FROM audit WHERE tbl = 'guidance' AND action = 'view' AND clerk = 'wangfang'")" = 1
}

# --- A clerk without a grade is refused with the reason; nothing is written.
no_grade_case() {
	begin "$1" nograde
	log_in_as "$CLERK"
	to_sessions "$IDNUM"
	keys "$NEW"
	# The message line wraps a long refusal: its start, then its end.
	_refusal=$(ui_textf "%s: only an account with a career guidance grade may record one; account %s has no grade" \
	    "$(ui_text "guidance session")" "$CLERK")
	wait_for "$(printf '%s' "$_refusal" | cut -c1-20)"
	if [ "$E2E_LANG" = zh ]; then
		_end=$_refusal
	else
		_end="account $CLERK has no grade"
	fi
	assert_screen "$_end" "the refusal names the account and the reason"
	check "no session was recorded" test "$(rows "SELECT count(*) FROM guidance")" = 0
	check "no guidance service was given" \
	    test "$(rows "SELECT count(*) FROM service_event WHERE type = 'guidance'")" = 0
}

# --- A group workshop with two participants: in both records, two services.
workshop_case() {
	begin "$1" workshop
	log_in_as "$COUNSELLOR"
	to_sessions "$IDNUM"
	keys "$NEW"
	wait_title "$(ui_text "jobdesk - record a guidance session")"
	keys "$ADD"
	wait_for "$(ui_text "Add a participant to the group workshop: find them")"
	text "$NAME2"
	wait_for "$(printf '%s' "$IDNUM2" | cut -c1-6)"
	keys Enter
	wait_for "$(ui_textf "%s added; find the next, or Esc" "$NAME2")"
	keys Escape
	wait_gone "$(ui_text "Add a participant to the group workshop: find them")"
	assert_screen "$(ui_textf "Participants (%zu): " 2)$NAME$(sep)$NAME2" \
	    "both participants are listed"
	assert_screen "$(workshop_name)" "several participants make the session a group workshop"
	keys Tab Tab
	text "求职心态与简历"
	keys "$SAVE"
	wait_for "$(ui_textf "saved: a session for each of the %zu participants" 2)"
	ok "the workshop is saved"
	check "one session each, one workshop" \
	    test "$(rows "SELECT count(*) || '/' || count(DISTINCT workshop) FROM guidance WHERE kind = 'workshop' AND workshop <> ''")" = 2/1
	check "one guidance service each" \
	    test "$(rows "SELECT count(DISTINCT seeker_id) FROM service_event WHERE type = 'guidance'")" = 2
	keys Escape Escape Escape Escape
	wait_title "$(ui_text "jobdesk - main menu")"
	to_sessions "$IDNUM2"
	assert_screen "$(ui_textf "%s (%d people)" "$(workshop_name)" 2)" \
	    "the second participant's list holds the workshop"
	keys Escape Escape Escape
	wait_title "$(ui_text "jobdesk - main menu")"
	to_sessions "$IDNUM"
	assert_screen "$(ui_textf "%s (%d people)" "$(workshop_name)" 2)" \
	    "and the first participant's"
}

for m in en zh mono; do
	case $m in
	en) label="English, tmux-256color" ;;
	zh) label="Chinese (LANGUAGE=zh_CN), tmux-256color" ;;
	mono) label="monochrome vt100, Ctrl keys and F1-F4" ;;
	esac
	run_case "$label: a counsellor records a session with a plan" session_case "$m"
	run_case "$label: a clerk without a grade is refused" no_grade_case "$m"
	run_case "$label: a group workshop of two" workshop_case "$m"
done
finish
