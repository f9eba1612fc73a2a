#!/bin/sh
# The interest inventory (兴趣测评) at the guidance desk, in Chinese and on
# a monochrome vt100 (Ctrl keys and F1-F4 only): a counsellor opens it from
# the seeker's "More" list (F8/Ctrl-X), answers some items, leaves with Esc,
# comes back at the first item not answered, goes back with Backspace to
# change one, finishes; the chart of '#' bars and the code show, the
# result prints to a file, a suggested occupation goes into the first
# empty desired occupation. A clerk without a guidance grade is refused,
# and the vacancy's list of seekers is the same with an inventory done.
#
# Usage: sh tests/e2e/inventory.sh BINARY
. "$(dirname "$0")/lib.sh"
e2e_init "$@"

need_catalogue

IDNUM=$(idnum 11010519900307123)
NAME=王小明
COUNSELLOR=zhaomin
OUT=$tmp/result.txt

set_mode() {
	mode=$1
	case $mode in
	zh) E2E_LANG=zh MORE=F8 PRINT=F3 ;;
	mono) E2E_LANG=en MORE=C-x PRINT=F3 ;;
	esac
}

# begin MODE CASE [GRADE]: a database after its first start, an account
# (a counsellor with guidance grade GRADE, or a clerk without one), a
# seeker who wants a cashier's job; the client at the seeker's record.
begin() {
	set_mode "$1"
	DB=$tmp/t-$1-$2.db
	rm -f "$OUT"
	mkdir -p "$tmp/config/jobdesk"
	printf '[print]\ntarget = file\nfile = %s\n' "$OUT" >"$tmp/config/jobdesk/jobdesk.ini"
	start_mode
	first_start
	wait_title "$(ui_text "jobdesk - main menu")"
	keys C-q
	wait_for "$(ui_text "Quit jobdesk?")"
	keys y
	wait_for "EXITED-"
	printf '%s\n%s\n' "$PASSWORD" "$PASSWORD" >"$tmp/pw"
	if [ -n "${3:-}" ]; then
		given "the counsellor" cli user add "$COUNSELLOR" 赵敏 counsellor \
		    --office 110105-001 --grade "$3" <"$tmp/pw"
	else
		given "the clerk" cli user add "$COUNSELLOR" 赵敏 clerk --office 110105-001 <"$tmp/pw"
	fi
	printf 'id_number,name,phone,education,category,desired_occupation,desired_wage,district\n%s,%s,13800138000,31,unemployed,4-01-02,5000,110105\n' \
	    "$IDNUM" "$NAME" >"$tmp/seeker.csv"
	given "the seeker" cli import seekers "$tmp/seeker.csv"
	start_mode
	wait_title "$(ui_text "jobdesk - log in")"
	text "$COUNSELLOR"
	keys Tab
	text "$PASSWORD"
	keys Enter
	wait_title "$(ui_text "jobdesk - main menu")"
	keys 1
	text "$IDNUM"
	wait_for "$(ui_textf "%zu found" 1)"
	keys Enter
	wait_title "$(ui_text "jobdesk - job seeker")"
}

# From the seeker's record: the inventory, by its number in the "More" list.
open_inventory() {
	keys "$MORE"
	wait_for "$(ui_text "More on this job seeker")"
	take_action "$(ui_text "Interest inventory")" || exit 1
}

# An item's line as the screen shows it: item N (1-based) of the shipped
# file, its mark and its answer.
item_line() {
	_sec=$(awk '/^\[item\./ { n++; if (n == '"$1"') { print; exit } }' "$ROOT/forms/interest.inventory")
	_key=zh
	[ "$E2E_LANG" = zh ] || _key=en
	_text=$(awk -v sec="$_sec" -v k="$_key" '
		$0 == sec { on = 1; next }
		/^\[/ { on = 0 }
		on && $1 == k { sub(/^[^=]*=[ \t]*/, ""); print; exit }' "$ROOT/forms/interest.inventory")
	printf ' %s %2d. %s  [%s]' "$2" "$1" "$(pad "$_text" 60)" "$3"
}

inventory_case() {
	begin "$1" answer 4
	open_inventory
	wait_title "$(ui_text "jobdesk - interest inventory")"
	assert_screen "$(ui_textf "answered %zu of %zu" 0 36)" "a new inventory: nothing answered"
	assert_row_has 5 "$(item_line 1 ">" " ")" "the first item is current, marked, aligned"
	# Items go R I A S E C in turn: R 2, I 3, A 1, S 5, E 4, C 4 in the first round.
	keys 2 3 1 5 4
	wait_for "$(ui_textf "answered %zu of %zu" 5 36)"
	assert_row_has 9 "$(item_line 5 " " 4)" "the fifth answer is shown on its line"
	assert_row_has 10 "$(item_line 6 ">" " ")" "the sixth item is current"
	# Back with Backspace: the fifth again, changed to 5... then to 4 again.
	keys BSpace
	wait_row 9 "$(item_line 5 ">" 4)"
	keys 5
	wait_for "$(ui_textf "answered %zu of %zu" 5 36)"
	check "the changed answer is saved" \
	    test "$(sqlite3 "$DB" "SELECT substr(answers, 1, 6) FROM inventory")" = "23155-"
	keys Up
	wait_row 9 "$(item_line 5 ">" 5)"
	keys 4
	# Interrupted: Esc leaves, the answers kept.
	keys Escape
	wait_title "$(ui_text "jobdesk - job seeker")"
	check "the answers so far are in the database" \
	    test "$(sqlite3 "$DB" "SELECT answers FROM inventory WHERE status = 'in_progress'")" = \
	    "23154$(printf '%031d' 0 | tr 0 -)"
	open_inventory
	wait_title "$(ui_text "jobdesk - interest inventory")"
	assert_screen "$(ui_textf "answered %zu of %zu" 5 36)" "reopened: the answers are there"
	assert_screen "$(item_line 6 ">" " ")" "and it goes on at the first item not answered"
	check "one inventory, not a second" test "$(sqlite3 "$DB" "SELECT count(*) FROM inventory")" = 1
	# The rest: the C item of round 1, then five rounds of 2 3 1 5 4 4.
	keys 4
	for r in 2 3 4 5; do
		keys 2 3 1 5 4 4
		wait_for "$(ui_textf "answered %zu of %zu" $((r * 6)) 36)"
	done
	keys 2 3 1 5 4 4
	# Scores: R 25, I 50, A 0, S 100, E 75, C 75: code S, then E before C (the file's order).
	wait_for "$(ui_textf "inventory done: interest code %s" SEC)"
	ok "the last answer scores it"
	bar_s=$(pad "$(ui_text_label S) S" 17)
	assert_screen "$bar_s ######################################## 100" "S has a full bar"
	assert_screen "$(pad "$(ui_text_label R) R" 17) ##########.............................. " \
	    "R a quarter of one, in '#' and '.'"
	assert_screen "$(pad "$(ui_text_label A) A" 17) ........................................   0" \
	    "A none"
	check "done, with its scores and code" \
	    test "$(sqlite3 "$DB" "SELECT status || ' ' || code || ' ' || scores FROM inventory")" = \
	    "done SEC R=25 I=50 A=0 S=100 E=75 C=75"
	check "the guidance service is given once" \
	    test "$(sqlite3 "$DB" "SELECT count(*) FROM service_event WHERE type = 'guidance'")" = 1
	# Print to the file.
	keys "$PRINT"
	wait_for "$(ui_text "the result was printed")"
	check "the printed result has the code" grep -q "SEC" "$OUT"
	check "and the chart" grep -q "######################################## 100" "$OUT"
	check "no printed line is wider than 80 columns" \
	    test "$(LC_ALL=C.UTF-8 wc -L <"$OUT")" -le 80
	check "the print names the person" grep -q "$NAME" "$OUT"
	# The first suggestion (S: 4-10-01) into the first empty desired occupation.
	keys 1
	wait_for "$(ui_textf "%s added as desired occupation %d" "4-10-01 $(code_name 4-10-01)" 2)"
	ok "a suggested occupation is added as desired occupation 2"
	keys 1
	wait_for "$(ui_textf "%s is desired occupation %d already" "4-10-01 $(code_name 4-10-01)" 2)"
	keys 2
	wait_for "$(ui_textf "%s added as desired occupation %d" "2-08-04 $(code_name 2-08-04)" 3)"
	keys 3
	_msg=$(ui_textf "the three desired occupations are set already (%s, %s, %s); empty one on the record first" 4-01-02 4-10-01 2-08-04)
	wait_for "$(printf '%s' "$_msg" | cut -c1-20)"
	assert_msg "$(ui_text "Error: ")$_msg" "with all three set, the refusal names them"
	check "the seeker's record holds them" \
	    test "$(sqlite3 "$DB" "SELECT desired_occupation_2 || ' ' || desired_occupation_3 FROM seeker")" = \
	    "4-10-01 2-08-04"
	keys Escape
	wait_title "$(ui_text "jobdesk - job seeker")"
	assert_screen "4-10-01" "the seeker's form shows the added occupation"
}

# A theme's label as the run shows it.
ui_text_label() {
	_key=label_zh
	[ "$E2E_LANG" = zh ] || _key=label_en
	awk -v sec="[theme.$1]" -v k="$_key" '
		$0 == sec { on = 1; next }
		/^\[/ { on = 0 }
		on && $1 == k { sub(/^[^=]*=[ \t]*/, ""); print; exit }' "$ROOT/forms/interest.inventory"
}

# An occupation's name in the run's language.
code_name() {
	_col=3
	[ "$E2E_LANG" = zh ] || _col=4
	awk -F '\t' -v c="$1" -v n="$_col" '$1 == c { print $n; exit }' "$ROOT/db/codes/occupation.tsv"
}

no_grade_case() {
	begin "$1" nograde
	open_inventory
	_msg=$(ui_textf "%s: only an account with a career guidance grade may record one; account %s has no grade" \
	    "$(ui_text "interest inventory")" "$COUNSELLOR")
	wait_for "$(printf '%s' "$_msg" | cut -c1-20)"
	assert_msg "$(ui_text "Error: ")$_msg" "a clerk without a guidance grade is refused, with the reason"
	check "nothing is written" test "$(sqlite3 "$DB" "SELECT count(*) FROM inventory")" = 0
}

for m in zh mono; do
	case $m in
	zh) label="Chinese (LANGUAGE=zh_CN), tmux-256color" ;;
	mono) label="monochrome vt100, Ctrl keys and F1-F4" ;;
	esac
	run_case "$label: answered, interrupted, resumed, scored, printed" inventory_case "$m"
	run_case "$label: no guidance grade" no_grade_case "$m"
done
finish
