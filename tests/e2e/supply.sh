#!/bin/sh
# Supply and demand in the end of day, at 80x24, in English, in Chinese and
# on a monochrome vt100: a supervisor picks it from menu 5, asks for the
# breakdown by education from a list that names each in the screen's
# language (Chinese in Chinese, not the words of --by), and reads the table as worked out by hand (two
# seekers registered today, a bachelor and a college graduate, and a
# vacancy for three that asks no education: demand 3, seekers 2, ratio
# 1.50, nothing in the periods before), each row within 80 cells; then
# every breakdown, scrolled to the last total row.
#
# Usage: sh tests/e2e/supply.sh BINARY
. "$(dirname "$0")/lib.sh"
e2e_init "$@"

need_catalogue

# The mode of a run: its language and the key of the breakdown list (a vt100 has F1-F4).
set_mode() {
	mode=$1
	case $mode in
	en | mono) E2E_LANG=en BREAKDOWN=C-p ;;
	zh) E2E_LANG=zh BREAKDOWN=F4 ;;
	esac
}

# A row of the screen matches the extended regular expression RE now: assert_re RE WHAT.
assert_re() {
	if screen | grep -Eq -- "$1"; then
		ok "$2"
	else
		fail "$2: no row matches /$1/"
		dump
	fi
}

# No row of the screen is wider than 80 cells.
assert_fits() {
	_wide=0
	screen >"$tmp/fit"
	while IFS= read -r _line; do
		[ "$(cells "$_line")" -le 80 ] || _wide=$((_wide + 1))
	done <"$tmp/fit"
	check "$1: no row wider than 80 cells" [ "$_wide" -eq 0 ]
}

# From the main menu, the end of day's supply and demand: the screen that asks the period.
open_ask() {
	keys 5
	wait_for "$(ui_text "End of day")"
	label=$(ui_text "Supply and demand: demand, seekers and their ratio")
	take_action "$label" || exit 3
	wait_title "$(ui_textf "jobdesk - %s" "$label")"
}

supply() {
	set_mode "$1"
	DB=$tmp/s-$1.db
	start_mode
	first_start
	quit
	until=$(date -d '+60 days' +%Y-%m-%d)
	{
		printf 'id_number,name,phone,household,education,category\n'
		printf '%s,王小明,13812345678,urban,21,unemployed\n' "$(idnum 11010519900307123)"
		printf '%s,李娜,13912345678,urban,31,graduate\n' "$(idnum 11010819851201002)"
	} >"$tmp/s.csv"
	printf 'uscc,name,industry,district,contact,phone\n%s,华联超市,F,110105,张经理,01065001234\n' \
	    "$(uscc 91110105MA01ABCD1)" >"$tmp/e.csv"
	printf 'employer_uscc,occupation,title,headcount,wage_min,wage_max,valid_until\n%s,4-01-02,收银员,3,5000,6000,%s\n' \
	    "$(uscc 91110105MA01ABCD1)" "$until" >"$tmp/v.csv"
	given "the seekers" cli import seekers "$tmp/s.csv"
	given "the employer" cli import employers "$tmp/e.csv"
	given "the vacancy" cli import vacancies "$tmp/v.csv"
	start_mode
	log_in wangfang "$PASSWORD"
	open_ask
	assert_fits "the period asked"
	keys "$BREAKDOWN"
	wait_for "$(ui_text "Breakdown")"
	# The list names the breakdowns in the screen's language, not by the words of --by.
	if [ "$mode" = zh ]; then
		assert_screen "职业大类" "the list names a breakdown in Chinese"
		check "the list has no English word of --by" eval \
		    '! screen | grep -Eq "occupation|education|hardship"'
	else
		assert_screen "occupation, major group" "the list names a breakdown"
	fi
	take_action "$(ui_text "education")" || exit 3
	wait_for "$(ui_text "Tab other date  F4/^P Breakdown  Enter Show  Esc Back")"
	if [ "$mode" = zh ]; then
		assert_row_has 9 "文化程度" "the breakdown chosen is shown in Chinese"
	else
		assert_row_has 9 "education" "the breakdown chosen is shown"
	fi
	keys Enter
	wait_title "$(ui_textf "jobdesk - %s" "$(ui_text "Supply and demand")")"
	assert_screen "$(ui_text "By education; a vacancy by the least it asks for")" \
	    "the table of the breakdown asked for"
	assert_screen "$(ui_text "Demand")" "the demand column"
	assert_screen "$(ui_text "Ratio")" "the ratio column"
	# Figures by hand: demand, seekers, ratio; the periods before have no one: "-".
	assert_re "^ *$(ui_text "no requirement") +3 +0 +- +- +-$" "the vacancy asks no education: 3"
	assert_re "^ *$(ui_text "Total") +3 +2 +1\\.50 +- +-$" "the total: demand 3, seekers 2, ratio 1.50"
	assert_fits "the report"
	if [ "$mode" = mono ]; then
		check "vt100: no colour" eval '! sgr_colour "$(screen_e)"'
	fi
	keys Escape
	wait_title "$(ui_text "jobdesk - main menu")"
	# Every breakdown: eleven tables, the last one's total at the end.
	open_ask
	keys "$BREAKDOWN"
	wait_for "$(ui_text "Breakdown")"
	take_action "$(ui_text "all")" || exit 3
	wait_for "$(ui_text "Tab other date  F4/^P Breakdown  Enter Show  Esc Back")"
	keys Enter
	wait_title "$(ui_textf "jobdesk - %s" "$(ui_text "Supply and demand")")"
	assert_screen "$(ui_text "Valid in the period: carried over from before, and new")" \
	    "every breakdown: carried over and new first"
	n=0
	until screen | grep -qF -- "$(ui_text "By hardship (就业困难人员)")" || [ "$n" -ge 40 ]; do
		keys C-f
		n=$((n + 1))
		sleep 0.1
	done
	settle
	assert_screen "$(ui_text "By hardship (就业困难人员)")" "the last breakdown is reached by paging"
	assert_fits "the last page"
	keys Escape
	wait_title "$(ui_text "jobdesk - main menu")"
	quit
}

run_case "supply and demand in English" supply en
run_case "supply and demand in Chinese" supply zh
run_case "supply and demand on a vt100" supply mono
finish
