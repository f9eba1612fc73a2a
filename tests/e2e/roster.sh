#!/bin/sh
# The subsidy roster (花名册) in the end of day, at 80x24, in English, in
# Chinese and on a monochrome vt100: people referred and hired today
# through free referrals, their letters made on the command line by a
# certified clerk (see roster(): what each row shows is written out by
# hand): a supervisor picks the roster from menu 5 and reads three
# placements on it and one held back with its rule and the letter before
# it; a letter closed without a hire is on neither list. No ID number is
# on the screen or on the printed roster, every row fits 80 cells, and
# what prints is what "jobdesk report roster" writes.
#
# Usage: sh tests/e2e/roster.sh BINARY
. "$(dirname "$0")/lib.sh"
e2e_init "$@"

need_catalogue

OUT=$tmp/printed.txt
A_ID=$(idnum 11010519900307123)
B_ID=$(idnum 11010819851201002)
C_ID=$(idnum 11010519870303103)
E_USCC=$(uscc 91110105MA01ABCD1)

# The mode of a run: its language and the print key (a vt100 has F1-F4).
set_mode() {
	mode=$1
	case $mode in
	en) E2E_LANG=en PRINT=F3 ;;
	zh) E2E_LANG=zh PRINT=F3 ;;
	mono) E2E_LANG=en PRINT=C-r ;;
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

# The screen's rows, each without its margin, joined by spaces, hold TEXT: joined TEXT.
joined() {
	screen | sed 's/^ *//; s/ *$//' | tr '\n' ' ' | grep -qF -- "$1" && return 0
	dump
	return 1
}

# No row of the screen is wider than 80 cells, and no ID number is on it.
assert_fits() {
	_wide=0
	screen >"$tmp/fit"
	while IFS= read -r _line; do
		[ "$(cells "$_line")" -le 80 ] || _wide=$((_wide + 1))
	done <"$tmp/fit"
	check "$1: no row wider than 80 cells" [ "$_wide" -eq 0 ]
	check "$1: no ID number on the screen" eval '! grep -qE "$A_ID|$B_ID|$C_ID" "$tmp/fit"'
}

# refer ID: a letter for the job seeker ID to the vacancy, by the clerk lihua; its number in $NUMBER.
refer() {
	given "a referral" cli_from "$tmp/pw2" refer --user lihua "$1" "$VACANCY"
	NUMBER=$(grep -E '^[0-9A-Z-]+-[0-9]{4}-[0-9]{5}$' "$tmp/cli.out")
}

# roster MODE: the roster of this month in MODE. 王小明 and 李娜 are referred
# and hired by letters 1 and 2; 张伟 is referred by letter 3, not hired
# (no-show), then by letter 4, hired: the office's own earlier letter was
# closed without a hire, so letter 4 is on the roster too. Then 李娜 is
# referred again to the same employer's other vacancy (letter 5) and hired
# again: held back, the same employer before, letter 2.
roster() {
	set_mode "$1"
	DB=$tmp/r-$1.db
	rm -f "$OUT"
	mkdir -p "$tmp/config/jobdesk"
	printf '[print]\ntarget = file\nfile = %s\n' "$OUT" >"$tmp/config/jobdesk/jobdesk.ini"
	start_mode
	first_start
	quit
	{
		printf 'id_number,name,phone,household,education,category,hardship\n'
		printf '%s,王小明,13812345678,urban,21,laid_off,long_term\n' "$A_ID"
		printf '%s,李娜,13912345678,urban,21,graduate,\n' "$B_ID"
		printf '%s,张伟,13912345679,urban,21,unemployed,\n' "$C_ID"
	} >"$tmp/seekers.csv"
	given "three job seekers" cli import seekers "$tmp/seekers.csv"
	printf 'uscc,name,type,industry,district,contact,phone\n%s,北京星辰科技有限公司,private,65,110105,刘经理,13700001111\n' \
	    "$E_USCC" >"$tmp/employers.csv"
	given "an employer" cli import employers "$tmp/employers.csv"
	{
		printf 'employer_uscc,occupation,title,headcount,wage_min,wage_max,valid_until\n'
		printf '%s,4-01-02,收银员,5,5000,6000,2099-12-31\n' "$E_USCC"
		printf '%s,4-01-02,理货员,2,4000,5000,2099-12-31\n' "$E_USCC"
	} >"$tmp/vacancies.csv"
	given "two vacancies of the employer" cli import vacancies "$tmp/vacancies.csv"
	VACANCY=$(sqlite3 "$DB" "SELECT id FROM vacancy WHERE title = '收银员'")
	printf 'Window-2024x\nWindow-2024x\n' >"$tmp/pw2"
	given "the certified clerk lihua" cli_from "$tmp/pw2" user add lihua 李华 clerk \
	    --cert CZ-2024-001 --cert-until 2099-12-31
	refer "$A_ID"
	L1=$NUMBER
	given "letter 1 hired" cli_from "$tmp/pw2" outcome --user lihua "$L1" hired
	refer "$B_ID"
	L2=$NUMBER
	given "letter 2 hired" cli_from "$tmp/pw2" outcome --user lihua "$L2" hired
	refer "$C_ID"
	L3=$NUMBER
	given "letter 3 a no-show" cli_from "$tmp/pw2" outcome --user lihua "$L3" no_show
	refer "$C_ID"
	L4=$NUMBER
	given "letter 4 hired" cli_from "$tmp/pw2" outcome --user lihua "$L4" hired
	# 李娜 is placed: open her registration again as a clerk would for a new search.
	given "李娜 looking again" sqlite3 "$DB" \
	    "UPDATE seeker SET status = 'registered' WHERE id_number = '$B_ID'"
	VACANCY=$(sqlite3 "$DB" "SELECT id FROM vacancy WHERE title = '理货员'")
	refer "$B_ID"
	L5=$NUMBER
	given "letter 5 hired" cli_from "$tmp/pw2" outcome --user lihua "$L5" hired
	start_mode
	log_in wangfang "$PASSWORD"
	keys 5
	wait_for "$(ui_text "End of day")"
	label=$(ui_text "Subsidy roster (placements through a free referral)")
	take_action "$label" || exit 3
	wait_title "$(ui_textf "jobdesk - %s" "$label")"
	assert_fits "the period asked"
	keys Enter
	title=$(ui_text "Subsidy roster: placements through a free referral")
	wait_title "$(ui_textf "jobdesk - %s" "$title")"
	# The note may wrap: the screen's rows are read as one line.
	check "three on the roster, one held back" joined \
	    "$(ui_textf "Hired in the period through a free referral: %zu on the roster, %zu held back by a rule." 3 1)"
	today=$(date +%Y-%m-%d)
	# On the roster: the letter, the name, the employer (cut), the day, checks not due yet.
	assert_re "^ *$L1 +王小明 +北京星辰.* +$today +- - -$" "letter 1: 王小明, hired today"
	assert_re "^ *$L2 +李娜 +北京星辰.* +$today +- - -$" "letter 2: 李娜"
	assert_re "^ *$L4 +张伟 +北京星辰.* +$today +- - -$" \
	    "letter 4: 张伟 (letter 3 before it was a no-show)"
	check "letter 3, closed without a hire, is on neither list" eval '! screen | grep -qF -- "$L3"'
	# The rule's words are cut when the letters are as long as an unenrolled terminal's.
	assert_re "^ *$L5 +李娜 +[^ ].* +$L2$" "letter 5 held back for letter 2"
	cli report roster --format csv
	check "held back as the same employer before (CSV, whole)" grep -qF -- \
	    "employer_once,same employer before,$L2" "$tmp/cli.out"
	assert_fits "the roster"
	if [ "$mode" = mono ]; then
		check "vt100: no colour" eval '! sgr_colour "$(screen_e)"'
	fi
	keys "$PRINT"
	wait_for "$(ui_text "the report was printed")"
	tr -d '\f' <"$OUT" >"$tmp/printed"
	_wide=$(LC_ALL=C.UTF-8 wc -L <"$tmp/printed")
	check "printed: no line wider than 80 cells ($_wide)" test "$_wide" -le 80
	check "printed: no ID number" eval '! grep -qE "$A_ID|$B_ID|$C_ID" "$tmp/printed"'
	check "printed: the letter held back" grep -qF -- "$L5" "$tmp/printed"
	if [ "$E2E_LANG" = en ]; then
		cli report roster
		check "printed as jobdesk report writes it" cmp -s "$tmp/cli.out" "$tmp/printed"
	fi
	keys Escape
	wait_title "$(ui_text "jobdesk - main menu")"
	quit
	check "each roster made is audited as an export" test \
	    "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action = 'roster'")" -ge 1
}

run_case "the roster in English" roster en
run_case "the roster in Chinese" roster zh
run_case "the roster on a vt100" roster mono
finish
