#!/bin/sh
# The free-service ledger at the window, in English, in Chinese and on a
# monochrome vt100, at 80x24: a policy consultation recorded from a job
# seeker's More list (F8), once a day however often the key is pressed;
# the person's timeline of services with what they were then, the ID
# number masked; the clerk's day (menu 8); the office's totals for a
# period by type and basis with the total row, for supervisors only, and a
# bad date refused. The employer's More list (F8, Ctrl-X on a vt100):
# its actions numbered, a recruitment talk chosen by its label recorded
# once a day, the employer's timeline of services.
#
# Usage: sh tests/e2e/ledger.sh BINARY
. "$(dirname "$0")/lib.sh"
e2e_init "$@"

need_catalogue

IDNUM=$(idnum 11010519900307123)
NAME=欧阳小明
USCC=9111010855138508R0
EMPLOYER=北京宏达物业有限公司
MASKED=$(printf '%s' "$IDNUM" | sed 's/^\(......\)........\(....\)$/\1********\2/')

# The mode of a run: its language and the keys it uses (a vt100 has F1-F4).
set_mode() {
	mode=$1
	case $mode in
	en) E2E_LANG=en MORE=C-x OFFICE=C-t ;;
	zh) E2E_LANG=zh MORE=F8 OFFICE=F5 ;;
	mono) E2E_LANG=en MORE=C-x OFFICE=C-t ;;
	esac
}

# begin MODE CASE: a database after its first start, the seeker imported
# (laid off, long-term unemployed: its registration is a service of the
# import), the clerk lisi added; the client started again at the login.
begin() {
	set_mode "$1"
	DB=$tmp/t-$1-$2.db
	start_mode
	first_start
	quit
	printf 'id_number,name,phone,education,category,hardship\n%s,%s,13800138000,31,laid_off,long_term\n' \
	    "$IDNUM" "$NAME" >"$tmp/seeker.csv"
	given "the seeker" cli import seekers "$tmp/seeker.csv"
	given "the clerk lisi" sh -c "printf 'Window-2024x\n' | \"\$0\" --db \"\$1\" user add lisi 李四 clerk" "$BIN" "$DB"
	start_mode
}

# Open the seeker's record from the main menu.
open_seeker() {
	keys 1
	wait_for "$(ui_text "ID number, name or phone:")"
	keys C-u
	text "$IDNUM"
	wait_for "$(ui_textf "%zu found" 1)"
	keys Enter
	wait_title "$(ui_text "jobdesk - job seeker")"
}

# more LABEL: take the action LABEL from the More list, by its number.
more() {
	keys "$MORE"
	wait_for "$1"
	take_action "$1" || exit 3
}

# No row of the screen is wider than 80 cells, and the full ID number is on none.
fits() {
	_wide=$(screen | sed 's/^ *[0-9]*|//' | LC_ALL=C.UTF-8 wc -L)
	check "$1: every row fits 80 columns ($_wide)" test "$_wide" -le 80
	assert_not "$IDNUM" "$1: the ID number is never shown whole"
}

# --- A policy consultation, once a day; the timeline; the clerk's day. -----
timeline_case() {
	begin "$1" timeline
	log_in wangfang "$PASSWORD"
	open_seeker
	more "$(ui_text "Record a policy consultation (given now)")"
	wait_for "$(ui_textf "policy consultation recorded for %s" "$NAME")"
	ok "F8 records a policy consultation"
	# The key again the same day: not a second service.
	more "$(ui_text "Record a policy consultation (given now)")"
	wait_for "$(ui_textf "a policy consultation of %s is recorded today already" "$NAME")"
	ok "a second press the same day is refused"
	check "one policy consultation in the database" \
	    test "$(sqlite3 "$DB" "SELECT count(*) FROM service_event WHERE type = 'policy'")" = 1
	more "$(ui_text "Services given to this person")"
	wait_title "$(ui_text "jobdesk - services given")"
	assert_screen "$NAME  $MASKED" "the person, the ID number masked"
	assert_screen "$(ui_textf "%zu services, %zu free" 2 2)" "two services, both free"
	if [ "$E2E_LANG" = zh ]; then
		policy=政策咨询 registration=求职登记 basis=就业困难人员 laid=下岗职工 long=长期失业
	else
		policy="Policy consultation" registration="Seeker registration"
		basis=hardship laid="Laid-off worker" long="Long-term unemployed"
	fi
	# Newest first: the consultation on row 5, the registration under it.
	assert_row_has 5 "$policy" "the consultation first"
	assert_row_has 6 "$registration" "the registration after it"
	assert_row_has 5 "$basis" "free on the basis of the hardship"
	assert_row_has 3 "$laid" "what the person was then: the category"
	assert_row_has 3 "$long" "and the hardship kind"
	fits "the timeline"
	keys Escape
	wait_title "$(ui_text "jobdesk - job seeker")"
	keys Escape
	wait_title "$(ui_text "jobdesk - job seekers")"
	keys Escape
	wait_title "$(ui_text "jobdesk - main menu")"
	keys 8
	wait_title "$(ui_text "jobdesk - your services today")"
	# The import's registration is the script's, not the clerk's.
	assert_screen "$(ui_textf "Services you gave today: %zu, %zu free" 1 1)" \
	    "the clerk's day: the consultation only"
	assert_row_has 4 "$NAME" "to whom"
	assert_row_has 4 "$MASKED" "the ID number masked"
	fits "the clerk's day"
}

# The two numbers after TEXT in the first row that shows it (given, free).
total_of() {
	screen | awk -v t="$1" '{ i = index($0, t); if (i) { print substr($0, i + length(t)); exit } }' |
	    awk '{ n = 0; for (j = 1; j <= NF && n < 2; j++) if ($j ~ /^[0-9]+$/) { printf "%s%s", n ? " " : "", $j; n++ } }'
}

# The services report of the command line for FROM TO as CSV, in the run's
# language, into $tmp/services.csv: services_report FROM TO.
services_report() {
	_lang=
	[ "$E2E_LANG" = zh ] && _lang=LANGUAGE=zh_CN
	# shellcheck disable=SC2086
	env -i PATH="$PATH" HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config" \
	    XDG_DATA_HOME="$tmp/data" XDG_STATE_HOME="$tmp/state" LANG=C.UTF-8 $_lang \
	    ASAN_OPTIONS="log_path=$tmp/asan:abort_on_error=0" \
	    UBSAN_OPTIONS="log_path=$tmp/asan.ubsan:print_stacktrace=1" \
	    "$BIN" --db "$DB" report services --from "$1" --to "$2" --format csv |
	    tr -d '\r' >"$tmp/services.csv"
}

# The office's totals on the screen are those of the services report of
# the same period, row by row (name, given, free) and as many rows:
# agrees WHAT FROM TO.
agrees() {
	services_report "$2" "$3"
	_rows=0 _bad=0
	while IFS=, read -r _code _name _given _free; do
		case $_code in type | basis) continue ;; esac
		[ -n "$_given" ] || continue
		_rows=$((_rows + 1))
		_got=$(total_of "$_name")
		if [ "$_got" != "$_given $_free" ]; then
			echo "	$_name: the report says $_given $_free, the screen ${_got:-nothing}"
			_bad=$((_bad + 1))
		fi
	done <"$tmp/services.csv"
	# Two tables, each with its total row: more than the rows of one.
	check "$1: the screen's totals are the services report's ($_rows rows)" \
	    test "$_rows" -ge 4 -a "$_bad" -eq 0
}

# --- The office's totals for a period; a bad date; a clerk refused. --------
office_case() {
	begin "$1" office
	log_in wangfang "$PASSWORD"
	open_seeker
	more "$(ui_text "Record a policy consultation (given now)")"
	wait_for "$(ui_textf "policy consultation recorded for %s" "$NAME")"
	keys Escape
	wait_title "$(ui_text "jobdesk - job seekers")"
	keys Escape
	wait_title "$(ui_text "jobdesk - main menu")"
	keys 8
	wait_title "$(ui_text "jobdesk - your services today")"
	keys "$OFFICE"
	wait_title "$(ui_text "jobdesk - services of the office")"
	# The month so far at first: the registration and the consultation.
	total=$(ui_text "Total")
	wait_for "$total"
	if [ "$E2E_LANG" = zh ]; then
		policy=政策咨询 registration=求职登记 basis=就业困难人员
	else
		policy="Policy consultation" registration="Seeker registration" basis=hardship
	fi
	row=$(total_of "$total")
	check "the total row: 2 given, 2 free ($row)" test "$row" = "2 2"
	assert_row_has 1 "$(date +%Y-%m-01)" "the period's first day is shown whole"
	assert_row_has 1 "$(date +%Y-%m-%d)" "and its last, today"
	row=$(total_of "$registration")
	check "registrations: 1 ($row)" test "$row" = "1 1"
	row=$(total_of "$policy")
	check "policy consultations: 1 ($row)" test "$row" = "1 1"
	row=$(total_of "$basis")
	check "by basis: hardship 2 ($row)" test "$row" = "2 2"
	agrees "the month so far" "$(date +%Y-%m-01)" "$(date +%Y-%m-%d)"
	fits "the office's totals"
	# Another period: nothing then.
	keys C-u
	text 2020-01-01
	keys Tab C-u
	text 2020-01-31
	keys Enter
	wait_for "$total"
	row=$(total_of "$total")
	check "January 2020: 0 given ($row)" test "$row" = "0 0"
	assert_row_has 1 "2020-01-01" "the dates typed are shown whole: the first"
	assert_row_has 1 "2020-01-31" "and the last"
	assert_not "$policy" "no consultation then"
	# A day that is not one: said, and nothing totalled.
	keys Tab C-u
	text 2020-13-01
	keys Enter
	wait_for "$(ui_text "Error: ")"
	assert_screen "2020-13-01" "the bad date stays to be corrected"
	assert_screen "$(ui_text "type the dates and press Enter")" "no totals for it"
	quit
	# A clerk sees their own day, not the office's.
	start_mode
	log_in lisi Window-2024x
	keys 8
	wait_title "$(ui_text "jobdesk - your services today")"
	assert_screen "$(ui_text "no service given today yet")" "lisi gave nothing today"
	keys "$OFFICE"
	wait_for "$(ui_text "only a supervisor sees the office's services")"
	assert_title "$(ui_text "jobdesk - your services today")" "the clerk stays on their day"
}

# --- The employer's More list: its actions, one chosen by its label. ------
employer_case() {
	begin "$1" employer
	printf 'uscc,name,type,industry,district,contact,phone\n%s,%s,llc,65,110105,李四,01065001234\n' \
	    "$USCC" "$EMPLOYER" >"$tmp/employer.csv"
	given "the employer" cli import employers "$tmp/employer.csv"
	log_in wangfang "$PASSWORD"
	keys 2
	wait_for "$(ui_text "USCC or name:")"
	text "$USCC"
	wait_for "$EMPLOYER"
	keys Enter
	wait_title "$(ui_text "jobdesk - employer")"
	assert_screen "F8/^X" "the legend shows the key for more"
	keys "$MORE"
	wait_for "$(ui_text "More on this employer")"
	assert_screen "1  $(ui_text "Services given to this employer")" \
	    "the list numbers the employer's services"
	assert_screen "2  $(ui_text "Record a recruitment talk (given now)")" \
	    "and the recruitment talk"
	take_action "$(ui_text "Record a recruitment talk (given now)")" || exit 3
	wait_for "$(ui_textf "recruitment talk recorded for %s" "$EMPLOYER")"
	ok "the action chosen by its label runs: the talk is recorded"
	assert_title "$(ui_text "jobdesk - employer")" "the employer stays on the screen"
	check "one recruitment talk in the database" \
	    test "$(sqlite3 "$DB" "SELECT count(*) FROM service_event WHERE type = 'recruitment_talk'")" = 1
	more "$(ui_text "Record a recruitment talk (given now)")"
	wait_for "$(ui_textf "a recruitment talk of %s is recorded today already" "$EMPLOYER")"
	ok "a second talk the same day is refused"
	check "still one recruitment talk" \
	    test "$(sqlite3 "$DB" "SELECT count(*) FROM service_event WHERE type = 'recruitment_talk'")" = 1
	more "$(ui_text "Services given to this employer")"
	wait_title "$(ui_text "jobdesk - services given")"
	assert_screen "$EMPLOYER" "the employer's timeline"
	if [ "$E2E_LANG" = zh ]; then
		talk=招聘洽谈 registration=招聘登记
	else
		talk="Recruitment talk" registration="Employer registration"
	fi
	assert_row_has 5 "$talk" "the talk first"
	assert_row_has 6 "$registration" "the registration after it"
	fits "the employer's services"
	keys Escape
	wait_title "$(ui_text "jobdesk - employer")"
	# Esc closes the list and runs nothing.
	keys "$MORE"
	wait_for "$(ui_text "More on this employer")"
	keys Escape
	wait_gone "$(ui_text "More on this employer")"
	assert_title "$(ui_text "jobdesk - employer")" "Esc leaves the list, nothing run"
	check "and still one recruitment talk" \
	    test "$(sqlite3 "$DB" "SELECT count(*) FROM service_event WHERE type = 'recruitment_talk'")" = 1
}

for m in en zh mono; do
	case $m in
	en) label=English ;;
	zh) label=Chinese ;;
	mono) label="vt100, monochrome" ;;
	esac
	run_case "$label: a policy consultation, the timeline, the clerk's day" timeline_case "$m"
	run_case "$label: the office's totals for a period" office_case "$m"
	run_case "$label: the employer's More list" employer_case "$m"
done
finish
