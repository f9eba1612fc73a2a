#!/bin/sh
# A supervisor's end of day at 80x24, in English, in Chinese and on a
# monochrome vt100, with the report every build has, the services given:
# menu 5 lists the reports (picked here by label, whatever others come),
# the period screen offers today, Enter shows the report as it prints
# (office, day, the figures of the services given before, a total row
# equal to their sum, a bar chart), paged with PgDn/PgUp (^F/^B on the
# vt100) as the legend's line counter says, printed (F3, ^R on the vt100)
# into the [print] file, no line of it wider than 80 cells. A date that is
# none and a period that ends before it begins are refused, naming the
# field, and nothing is shown; another period shows its own services. A
# clerk pressing 5 is refused, in Chinese.
#
# Usage: sh tests/e2e/report.sh BINARY
. "$(dirname "$0")/lib.sh"
e2e_init "$@"

need_catalogue

OUT=$tmp/printed.txt
TODAY=$(date +%Y-%m-%d)
A_ID=$(idnum 11010519900307123)
B_ID=$(idnum 11010819851201002)
C_ID=$(idnum 11010519800101002)
D_ID=$(idnum 11010819950615003)
F_ID=$(idnum 11010519880808004)
E_USCC=$(uscc 91110105MA01ABCD1)

# The mode of a run: its language and the keys it has (a vt100 has neither
# PgUp/PgDn nor Home/End; F3 it has, but ^R is the key it is told of).
set_mode() {
	mode=$1
	case $mode in
	en) E2E_LANG=en NEXT=NPage PREV=PPage PRINT=F3 ;;
	zh) E2E_LANG=zh NEXT=NPage PREV=PPage PRINT=F3 ;;
	mono) E2E_LANG=en NEXT=C-f PREV=C-b PRINT=C-r ;;
	esac
}

# begin MODE CASE: a database after its first start (office 110105-001,
# supervisor wangfang), printing into $OUT; registration free to all, other
# services with a basis (a hardship, a graduate, a disability, an employer
# that hires hardship persons). Five job seekers and an employer registered
# (six services, all free), a policy consultation for 王小明 (hardship: free),
# 李娜 (graduate: free) and 张三 (unemployed, no basis: not free), a job
# information query for 赵六 (migrant, no basis: not free), a recruitment
# talk with the employer (free): eleven services, nine free. The clerk lisi.
# The client started again at the login.
begin() {
	set_mode "$1"
	DB=$tmp/t-$1-$2.db
	rm -f "$OUT"
	mkdir -p "$tmp/config/jobdesk"
	printf '[print]\ntarget = file\nfile = %s\n[services]\nfree = registration\nfree_with_basis = all\nbasis = hardship hard_to_recruit graduate disabled\n' \
	    "$OUT" >"$tmp/config/jobdesk/jobdesk.ini"
	start_mode
	first_start
	quit
	{
		printf 'id_number,name,phone,household,education,category,hardship\n'
		printf '%s,王小明,13812345678,urban,21,laid_off,long_term\n' "$A_ID"
		printf '%s,李娜,13912345678,urban,21,graduate,\n' "$B_ID"
		printf '%s,张三,13912345679,urban,21,unemployed,\n' "$C_ID"
		printf '%s,赵六,13912345670,urban,21,migrant,\n' "$D_ID"
		printf '%s,钱七,13912345671,urban,21,disabled,\n' "$F_ID"
	} >"$tmp/seekers.csv"
	given "five job seekers" cli import seekers "$tmp/seekers.csv"
	printf 'uscc,name,type,industry,district,contact,phone,hard_to_recruit\n%s,北京星辰科技有限公司,private,65,110105,刘经理,13700001111,是\n' \
	    "$E_USCC" >"$tmp/employers.csv"
	given "an employer" cli import employers "$tmp/employers.csv"
	printf '%s\n' "$PASSWORD" >"$tmp/pw"
	for _g in "policy $A_ID" "policy $B_ID" "policy $C_ID" "job_query $D_ID" \
	    "recruitment_talk $E_USCC"; do
		# shellcheck disable=SC2086
		given "$_g" cli_from "$tmp/pw" give --user wangfang $_g
	done
	printf 'Window-2024x\nWindow-2024x\n' >"$tmp/pw2"
	given "the clerk lisi" cli_from "$tmp/pw2" user add lisi 李四 clerk
	start_mode
}

# The report's label in the end of day's list.
LABEL="Services given: by type and by free basis"

# From the main menu, menu 5's list, the services report: its period screen.
open_period() {
	keys 5
	wait_for "$(ui_text "Conflicts: values that lost in sync")"
	take_action "$(ui_text "$LABEL")" || exit 3
	wait_title "$(ui_textf "jobdesk - %s" "$(ui_text "$LABEL")")"
}

# The numbers of the first row on the screen that begins (after the
# viewer's margin) with TEXT, one blank apart: "5 5".
figures() {
	screen | awk -v t=" $1 " 'index($0 " ", t) == 1 {
		s = substr($0, length(t) + 1); n = split(s, f, " "); o = ""
		for (i = 1; i <= n; i++) if (f[i] ~ /^[0-9]+$/) o = o (o == "" ? "" : " ") f[i]
		print o; exit }'
}

# The number of '#' in the bar of the chart line labelled TEXT.
bar() {
	screen | awk -v t=" $1 " 'index($0, t) == 1 && index($0, "|") {
		s = substr($0, index($0, "|") + 1); gsub(/[^#]/, "", s); print length(s); exit }'
}

# No row of the screen is wider than 80 cells.
fits() {
	_wide=$(screen | LC_ALL=C.UTF-8 wc -L)
	check "$1: every row fits 80 columns ($_wide)" test "$_wide" -le 80
}

# The names of the types and bases as the run shows them.
names() {
	if [ "$E2E_LANG" = zh ]; then
		REG=求职登记 QUERY=信息查询 POLICY=政策咨询 EREG=招聘登记 TALK=招聘洽谈
		GRAD=高校毕业生 HTR=招用就业困难人员 HARD=就业困难人员 DIS=残疾人 NONE=无依据
	else
		REG="Seeker registration" QUERY="Job information query" POLICY="Policy consultation"
		EREG="Employer registration" TALK="Recruitment talk"
		GRAD="College graduate" HTR="hires hardship persons" HARD=hardship
		DIS="Person with a disability" NONE="no basis"
	fi
	TOTAL=$(ui_text "Total")
}

# The legend's line counter: LINES shown of the report's N.
counter() {
	assert_row_has 23 "$1  " "${2:-the legend counts lines $1}"
}

# --- Menu 5, today's period, the report, paging, printing. -------------------
report_case() {
	begin "$1" report
	names
	log_in wangfang "$PASSWORD"
	open_period
	assert_row_has 3 "$(ui_text "From:")" "the period screen asks the first day"
	assert_row_has 3 "$TODAY" "today as the first day"
	assert_row_has 5 "$(ui_text "To:")" "and the last day"
	assert_row_has 5 "$TODAY" "today as the last day"
	assert_row_has 7 "$(ui_textf "%s %s, with the offices under it" 朝阳区职业介绍服务中心 110105-001)" \
	    "the office, with the offices under it"
	assert_row 23 "$(ui_text "Tab other date  Enter Show  Esc Back")" \
	    "no breakdown to choose: the legend says Tab, Enter and Esc"
	fits "the period screen"
	keys Enter
	wait_title "$(ui_textf "jobdesk - %s" "$(ui_text "Services given")")"
	assert_row 1 " $(ui_text "Services given")" "the report's title first"
	assert_row_has 2 "110105-001" "the office under it"
	assert_row 3 " $(ui_textf "Day: %s" "$TODAY")" "the day"
	counter "1-20/39" "the legend: lines 1 to 20 of 39"
	check "registrations: 5 given, 5 free" test "$(figures "$REG")" = "5 5"
	check "job queries: 1 given, none free" test "$(figures "$QUERY")" = "1 0"
	check "policy consultations: 3 given, 2 free" test "$(figures "$POLICY")" = "3 2"
	check "employer registrations: 1, free" test "$(figures "$EREG")" = "1 1"
	check "recruitment talks: 1, free" test "$(figures "$TALK")" = "1 1"
	check "the total row: 11 given, 9 free" test "$(figures "$TOTAL")" = "11 9"
	# The total is the sum of the rows above it (between the two rules).
	sum=$(screen | awk '/^ ---/ { r++; next } r == 1 { n = split($0, f, " "); g += f[n - 1]; fr += f[n] }
	    END { print g " " fr }')
	check "the total is the sum of the rows ($sum)" test "$(figures "$TOTAL")" = "$sum"
	# The chart: the largest figure the longest bar, the smallest still one.
	reg=$(bar "$REG") pol=$(bar "$POLICY") qry=$(bar "$QUERY")
	check "a bar chart: registrations (5) the longest bar ($reg), consultations (3) ($pol), a query (1) ($qry)" \
	    test "${reg:-0}" -gt "${pol:-0}" -a "${pol:-0}" -gt "${qry:-0}" -a "${qry:-0}" -gt 0
	fits "the report"
	# Paging: a page on, as far as the end goes (19 lines: one stays).
	keys "$NEXT"
	wait_for "20-39/39"
	ok "$NEXT: the next page, to the report's end"
	check "the title has scrolled away" test "$(row 1)" != " $(ui_text "Services given")"
	check "by basis: graduates 2, free" test "$(figures "$GRAD")" = "2 2"
	check "by basis: employers hiring hardship persons 2, free" test "$(figures "$HTR")" = "2 2"
	check "by basis: hardship 2, free" test "$(figures "$HARD")" = "2 2"
	check "by basis: disability 1, free" test "$(figures "$DIS")" = "1 1"
	check "by basis: no basis 4, 2 free (the registrations)" test "$(figures "$NONE")" = "4 2"
	check "by basis: the same total, 11 and 9" test "$(figures "$TOTAL")" = "11 9"
	check "the last line of the report on the last row: the no-basis bar" \
	    eval 'row 20 | grep -q "^ $NONE  *|#"'
	# Past the end nothing moves: one line up from there is one line up.
	keys "$NEXT" Up
	wait_for "19-38/39"
	ok "$NEXT at the end stays there: Up then shows lines 19 to 38"
	keys "$PREV"
	wait_for "1-20/39"
	assert_row 1 " $(ui_text "Services given")" "$PREV: back to the title"
	if [ "$mode" != mono ]; then
		keys Down
		wait_for "2-21/39"
		ok "Down scrolls a line"
		keys End
		wait_for "20-39/39"
		ok "End goes to the end"
		keys Home
		wait_for "1-20/39"
		ok "Home goes to the start"
	fi
	# Printing into the [print] file, at 80 columns.
	keys "$PRINT"
	wait_for "$(ui_text "the report was printed")"
	ok "$PRINT prints the report"
	check "the file holds the report" test -s "$OUT"
	tr -d '\f' <"$OUT" >"$tmp/printed"
	check "printed: the title first" test "$(sed -n 1p "$tmp/printed")" = "$(ui_text "Services given")"
	check "printed: the two total rows" \
	    test "$(grep -c "^$TOTAL  *11  *9\$" "$tmp/printed")" = 2
	check "printed: 39 lines, as on screen" test "$(wc -l <"$tmp/printed")" -eq 39
	_wide=$(LC_ALL=C.UTF-8 wc -L <"$tmp/printed")
	check "printed: no line wider than 80 cells ($_wide)" test "$_wide" -le 80
	check "printed: a page ends with a form feed" test "$(tail -c 1 "$OUT" | od -An -c | tr -d ' ')" = '\f'
	if [ "$E2E_LANG" = en ]; then
		# What prints is what "jobdesk report" writes.
		cli report services
		check "printed as jobdesk report writes it" cmp -s "$tmp/cli.out" "$tmp/printed"
	fi
	keys Escape
	wait_title "$(ui_text "jobdesk - main menu")"
	ok "Esc goes back to the main menu"
	quit
	assert_screen "EXITED-0" "the client exits with status 0"
}

# --- Dates refused, naming the field; another period. -----------------------
dates_case() {
	begin "$1" dates
	names
	# 钱七's registration was in June 2020 (at 11:00 in Beijing).
	given "a service of June 2020" sqlite3 "$DB" "UPDATE service_event SET at = '2020-06-15T03:00:00Z' WHERE type = 'registration' AND seeker_id = (SELECT id FROM seeker WHERE name = '钱七')"
	log_in wangfang "$PASSWORD"
	open_period
	title=$(row 0)
	# February has no 30th: the first day is named, nothing is shown.
	keys C-u
	text 2026-02-30
	keys Enter
	wait_for "$(ui_text "Error: ")"
	assert_msg "$(ui_text "Error: ")$(ui_textf "from: %s" "$(ui_textf "\"%s\" is not a calendar date; month %d of %d has %d days" 2026-02-30 2 2026 28)")" \
	    "2026-02-30: refused, naming the first day"
	assert_row 0 "$title" "no report: the period screen stays"
	assert_row_has 3 "2026-02-30" "the bad date stays to be corrected"
	# The last day not a date either: named.
	keys C-u
	text 2020-06-01
	keys Tab C-u
	text 2020-13-01
	keys Enter
	wait_for "$(ui_textf "to: %s" "")"
	assert_msg "$(ui_text "Error: ")$(ui_textf "to: %s" "$(ui_textf "month %d in \"%s\" does not exist; expected 1 to 12" 13 2020-13-01)")" \
	    "2020-13-01: refused, naming the last day"
	assert_row 0 "$title" "still no report"
	# A period that ends before it begins.
	keys C-u
	text 2020-05-31
	keys Enter
	wait_for "$(ui_textf "the period ends (%s) before it begins (%s)" 2020-05-31 2020-06-01)"
	assert_msg "$(ui_text "Error: ")$(ui_textf "the period ends (%s) before it begins (%s)" 2020-05-31 2020-06-01)" \
	    "a period that ends before it begins: refused"
	assert_row 0 "$title" "and still no report"
	# June 2020: 钱七's registration only.
	keys C-u
	text 2020-06-30
	keys Enter
	wait_title "$(ui_textf "jobdesk - %s" "$(ui_text "Services given")")"
	assert_row 3 " $(ui_textf "Period: %s to %s" 2020-06-01 2020-06-30)" "the period typed"
	check "June 2020: one registration, free" test "$(figures "$REG")" = "1 1"
	check "June 2020: the total, 1" test "$(figures "$TOTAL")" = "1 1"
	assert_not "$POLICY" "none of today's consultations"
	check "June 2020: the registration's basis, a disability" test "$(figures "$DIS")" = "1 1"
	fits "the report of June 2020"
}

# --- A clerk is refused, in Chinese. -----------------------------------------
clerk_case() {
	begin zh clerk
	log_in lisi Window-2024x
	assert_screen "5  $(ui_text "End of day and reports") $(ui_text "(supervisors only)")" \
	    "a clerk's menu marks the end of day as the supervisors'"
	keys 5
	wait_for "$(ui_text "Error: ")"
	assert_msg "$(ui_text "Error: ")$(ui_text "only a supervisor or administrator can run the end of day")" \
	    "5: refused to a clerk, saying why"
	assert_not "$(ui_text "$LABEL")" "no list of reports"
	assert_title "$(ui_text "jobdesk - main menu")" "the clerk stays on the main menu"
	fits "the main menu of a clerk"
}

for m in en zh mono; do
	case $m in
	en) label=English ;;
	zh) label=Chinese ;;
	mono) label="vt100, monochrome" ;;
	esac
	run_case "$label: the services report from menu 5, paged and printed" report_case "$m"
	run_case "$label: bad dates refused, another period shown" dates_case "$m"
done
run_case "Chinese: a clerk refused the end of day" clerk_case
finish
