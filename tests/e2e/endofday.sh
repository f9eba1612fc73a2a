#!/bin/sh
# The supervisor's end of day at the window (issue 13), at 80x24 in
# English, in Chinese and on a monochrome vt100: the supervisor opens the
# end-of-day menu (main menu 5), runs the daily report of the day (the
# registrations the import gave, beside the week before), closes the day
# after saying yes (the closing names who closed it), is refused a second
# close of the same day, and reprints the closed day to the printer (a
# file here), marked as a reprint; no line of the screen or of the paper
# is wider than 80 cells. A clerk cannot reach the menu.
#
# Usage: sh tests/e2e/endofday.sh BINARY
. "$(dirname "$0")/lib.sh"
e2e_init "$@"
need_catalogue

PRINTED=$tmp/printed.txt
TODAY=$(date +%Y-%m-%d)

# The mode of a run: its language and the keys it uses.
set_mode() {
	mode=$1
	case $mode in
	en | mono) E2E_LANG=en ;;
	zh) E2E_LANG=zh ;;
	esac
}

# begin MODE CASE: a database after its first start (supervisor wangfang), two
# job seekers imported today (two registrations of the day), the clerk
# lisi; reports print to a file; the client started again at the login.
begin() {
	set_mode "$1"
	DB=$tmp/t-$1-$2.db
	rm -f "$PRINTED"
	mkdir -p "$tmp/config/jobdesk"
	printf '[print]\ntarget = file\nfile = %s\n' "$PRINTED" >"$tmp/config/jobdesk/jobdesk.ini"
	start_mode
	first_start
	quit
	{
		printf 'id_number,name,phone,education,category,hardship\n'
		printf '%s,欧阳小明,13800138000,31,laid_off,long_term\n' "$(idnum 11010519900307123)"
		printf '%s,李娜,13800138001,31,graduate,\n' "$(idnum 11010519910408124)"
	} >"$tmp/seekers.csv"
	given "two job seekers" cli import seekers "$tmp/seekers.csv"
	given "the clerk lisi" sh -c "printf 'Window-2024x\n' | \"\$0\" --db \"\$1\" user add lisi 李四 clerk" "$BIN" "$DB"
	start_mode
}

# Every row of the screen fits in 80 cells.
fits() {
	_wide=$(screen | while IFS= read -r _l; do
		[ "$(cells "$_l")" -le 80 ] || printf '%s\n' "$_l"
	done)
	check "${1:-no row is wider than 80 cells}" [ -z "$_wide" ]
}

# end_of_day LABEL: main menu 5, then the report LABEL from its list.
end_of_day() {
	keys 5
	wait_for "$(ui_text "End of day")"
	fits "the end-of-day list fits 80 cells"
	take_action "$(ui_text "$1")" || exit 3
	wait_title "$(ui_textf "jobdesk - %s" "$(ui_text "$1")")"
}

# The figure row LABEL on the screen shows THIS, WEEK and CHANGE in that order.
figure_row() {
	if screen | grep -F -- "$(ui_text "$1")" |
	    awk -v a="$2" -v b="$3" -v c="$4" '$(NF - 2) == a && $(NF - 1) == b && $NF == c { f = 1 }
		END { exit !f }'; then
		return 0
	fi
	dump
	return 1
}

# The supervisor's day: the daily report, the close, a second close refused, the reprint printed.
supervisor_day() {
	begin "$1" supervisor
	log_in wangfang "$PASSWORD"
	assert_screen "5  $(ui_text "End of day and reports")" "the menu offers the end of day"

	end_of_day "Daily report: the office and each clerk"
	assert_screen "$TODAY" "the period asked is today"
	keys Enter
	wait_title "$(ui_textf "jobdesk - %s" "$(ui_text "Daily report")")"
	assert_screen "$(ui_text "Figures")" "the daily report shows its figures"
	check "two registrations today, none the week before" \
	    figure_row "Job seekers registered" 2 0 2
	assert_screen "$(ui_text "The day is not closed.")" "the report says the day is open"
	fits "the daily report fits 80 cells"
	keys Escape
	wait_title "$(ui_text "jobdesk - main menu")"

	end_of_day "Close of day: freeze the day's figures"
	keys Enter
	wait_for "$(ui_textf "Close the day %s? Its figures are then frozen." "$TODAY")"
	keys y
	wait_title "$(ui_textf "jobdesk - %s" "$(ui_text "Close of day")")"
	assert_screen "$(ui_textf "Closed by %s (%s) at %s" 王芳 wangfang "$TODAY")" \
	    "the closing names who closed it, and when"
	check "the closing froze the two registrations" \
	    figure_row "Job seekers registered" 2 0 2
	fits "the close fits 80 cells"
	keys Escape
	wait_title "$(ui_text "jobdesk - main menu")"

	end_of_day "Close of day: freeze the day's figures"
	keys Enter
	wait_for "$(ui_textf "Close the day %s? Its figures are then frozen." "$TODAY")"
	keys y
	wait_for "$(ui_text "Error: ")"
	check "a second close of the day is refused, naming the day" sh -c \
	    'printf "%s\n" "$1" | grep -F -- "$2" | grep -qF -- "$3"' _ "$(screen)" \
	    "$(ui_text "Error: ")" "$TODAY"
	check "the refusal names who closed the day" sh -c 'printf "%s" "$1" | grep -qF wangfang' _ \
	    "$(row 20)$(row 21)"
	keys Escape
	wait_title "$(ui_text "jobdesk - main menu")"

	end_of_day "Reprint a closed day"
	keys Enter
	wait_title "$(ui_textf "jobdesk - %s" "$(ui_text "Close of day - REPRINT")")"
	fits "the reprint fits 80 cells"
	keys C-r
	wait_for "$(ui_text "the report was printed")"
	check "the reprint is on the paper" test -s "$PRINTED"
	check "the paper says it is a reprint" grep -qF -- \
	    "$(ui_text "Close of day - REPRINT")" "$PRINTED"
	check "the paper names who closed the day" grep -qF -- "wangfang" "$PRINTED"
	check "the paper has the frozen registrations" sh -c \
	    'grep -F -- "$1" "$2" | grep -Eq " 2\$"' _ "$(ui_text "Job seekers registered")" "$PRINTED"
	wide=$(while IFS= read -r l; do
		[ "$(cells "$l")" -le 80 ] || printf '%s\n' "$l"
	done <"$PRINTED")
	check "no line of the paper is wider than 80 cells" [ -z "$wide" ]
	keys Escape
	wait_title "$(ui_text "jobdesk - main menu")"
	quit
}

# A clerk is refused the end of day, and sees none of its reports.
clerk_refused() {
	begin "$1" clerk
	log_in lisi Window-2024x
	keys 5
	wait_for "$(ui_text "Error: ")"
	assert_msg "$(ui_text "Error: ")$(ui_text "only a supervisor or administrator can run the end of day")" \
	    "the end of day is refused to a clerk"
	assert_not "$(ui_text "Daily report: the office and each clerk")" "a clerk sees no daily report"
	quit
}

for m in en zh mono; do
	run_case "$m: the supervisor's end of day" supervisor_day "$m"
	run_case "$m: a clerk cannot reach the end of day" clerk_refused "$m"
done

finish
