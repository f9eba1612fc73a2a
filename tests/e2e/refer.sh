#!/bin/sh
# Matching and referral at the window, each case run three times: in
# English, in Chinese, and on a monochrome vt100 with only Ctrl keys and
# F1-F4. A seeker's record lists the vacancies that fit (the public-welfare
# post only among the near misses), a match is explained, the seeker is
# referred and the letter printed to a file (widths checked, the ID number
# masked, the receipt below the cut line with the same number), printed
# again marked 补打, and the hire recorded from the number on the receipt:
# the registration shows placed, the vacancy filled. A clerk without a
# valid 上岗证 is refused; a print command that fails loses nothing.
#
# Usage: sh tests/e2e/refer.sh BINARY
. "$(dirname "$0")/lib.sh"
e2e_init "$@"

need_catalogue

IDNUM=$(idnum 11010519900307123)
NAME=王小明
USCC=9111010855138508R0
EMPLOYER=华联超市有限公司
JOB=收银员
WELFARE=社区保洁员
CLERK=lihua
year=$(date +%Y)
vdate=$(date -d "+60 days" +%Y-%m-%d)
LETTERS=$tmp/letters.txt

# The mode of a run: its language and the keys it uses.
set_mode() {
	mode=$1
	case $mode in
	en) E2E_LANG=en SAVE=C-s NEW=C-n MATCH=C-v NEAR=C-t LIST=C-w REPRINT=C-r CHECK=C-t ;;
	zh) E2E_LANG=zh SAVE=F2 NEW=F2 MATCH=F7 NEAR=F5 LIST=F6 REPRINT=F3 CHECK=F5 ;;
	mono) E2E_LANG=en SAVE=F2 NEW=C-n MATCH=C-v NEAR=C-t LIST=C-w REPRINT=F3 CHECK=C-t ;;
	esac
}

# The configuration every run reads: where letters print.
print_to() {
	mkdir -p "$tmp/config/jobdesk"
	printf '[print]\n%s\n' "$1" >"$tmp/config/jobdesk/jobdesk.ini"
}

# begin MODE CASE [CERT]: a new database after its first start, a clerk
# (with the certificate CERT valid until 2099, or none), an employer with
# two vacancies (a cashier's that fits and a public-welfare post) and a
# seeker who wants a cashier's job; the client started and the clerk
# logged in, at the main menu.
begin() {
	set_mode "$1"
	DB=$tmp/t-$1-$2.db
	rm -f "$LETTERS"
	print_to "target = file
file = $LETTERS"
	start_mode
	first_start
	wait_title "$(ui_text "jobdesk - main menu")"
	keys C-q
	wait_for "$(ui_text "Quit jobdesk?")"
	keys y
	wait_for "EXITED-"
	if [ -n "${3:-}" ]; then
		set -- "$1" "$2" --cert "$3" --cert-until 2099-12-31
	else
		set -- "$1" "$2"
	fi
	shift 2
	printf '%s\n%s\n' "$PASSWORD" "$PASSWORD" >"$tmp/pw"
	given "the clerk $CLERK" cli_from "$tmp/pw" user add "$CLERK" 李华 clerk \
	    --office 110105-001 "$@"
	printf 'uscc,name,type,industry,district,contact,phone\n%s,%s,llc,65,110105,李四,01065001234\n' \
	    "$USCC" "$EMPLOYER" >"$tmp/employer.csv"
	printf 'employer_uscc,occupation,title,headcount,wage_min,wage_max,district,valid_until,public_welfare\n%s,4-01-02,%s,1,4000,5500,110105,%s,no\n%s,4-01-02,%s,2,3000,3500,110105,%s,yes\n' \
	    "$USCC" "$JOB" "$vdate" "$USCC" "$WELFARE" "$vdate" >"$tmp/vacancy.csv"
	printf 'id_number,name,phone,education,category,desired_occupation,desired_wage,district\n%s,%s,13800138000,31,unemployed,4-01-02,5000,110105\n' \
	    "$IDNUM" "$NAME" >"$tmp/seeker.csv"
	given "the employer" cli import employers "$tmp/employer.csv"
	given "the vacancies" cli import vacancies "$tmp/vacancy.csv"
	given "the seeker" cli import seekers "$tmp/seeker.csv"
	start_logged_in
}

# Start the client and log in as the clerk: at the main menu.
start_logged_in() {
	start_mode
	wait_title "$(ui_text "jobdesk - log in")"
	text "$CLERK"
	keys Tab
	text "$PASSWORD"
	keys Enter
	wait_title "$(ui_text "jobdesk - main menu")"
}

# From the main menu: the seeker's record, then the vacancies that fit.
to_matches() {
	keys 1
	text "$IDNUM"
	wait_for "$(ui_textf "%zu found" 1)"
	keys Enter
	wait_title "$(ui_text "jobdesk - job seeker")"
	keys "$MATCH"
	wait_title "$(ui_text "jobdesk - vacancies that fit")"
}

# From the main menu: the referrals whose outcome is awaited (menu 6 holds
# them beside the case files due).
to_referral_follow_ups() {
	keys 6
	wait_for "$(ui_text "Follow-ups due")"
	take_action "$(ui_text "Referrals: outcomes from receipts, follow-ups due")" || exit 1
	wait_title "$(ui_text "jobdesk - follow-ups due")"
}

# The number of the terminal's first letter of the year: a terminal not
# enrolled numbers its letters with U and the end of its own id.
first_number() {
	printf '110105-001-U%s-%s-00001' \
	    "$(sqlite3 "$DB" "SELECT upper(substr(value, -6)) FROM setting WHERE key = 'terminal_id'")" \
	    "$year"
}

# --- Matching, explaining, referring, printing, the outcome.
refer_case() {
	begin "$1" refer CZ-2024-001
	to_matches
	assert_row 1 " $NAME" "the list names the seeker"
	assert_screen "$(ui_textf "Fits: %zu shown of %zu, best first" 1 1)" \
	    "one vacancy fits; the public-welfare post does not"
	# Columns: rank 0-2, mark 3, score 4-7, the vacancy 10-47, the points 49-.
	assert_row 4 "  1   97  $(pad "$JOB - $EMPLOYER" 38) $(ui_text occ)50 $(ui_text wage)20 $(ui_text place)14 $(ui_text new)10 +3" \
	    "the fit's row: score, the Chinese title and name lined up, the points of each part"
	keys Enter
	wait_title "$(ui_text "jobdesk - why this match")"
	assert_screen "$(ui_textf "Total: %d" 97)" "the explanation ends with the total"
	md=$(date +%m%d | sed 's/^0//')
	assert_screen "$(ui_textf "age: %d" "$(($(date +%Y) - 1990 - (md < 307 ? 1 : 0)))")" \
	    "the explanation shows the age it compared"
	keys Escape
	wait_title "$(ui_text "jobdesk - vacancies that fit")"
	keys "$NEAR"
	wait_for "$(ui_textf "Near misses (one filter missed): %zu shown of %zu" 1 1)"
	assert_screen "$WELFARE - $EMPLOYER" "the public-welfare post is a near miss"
	assert_screen "$(ui_text "misses:") $(ui_text "public-welfare post")" "with what it misses"
	keys "$NEAR"
	wait_for "$(ui_textf "Fits: %zu shown of %zu, best first" 1 1)"
	keys "$NEW"
	wait_title "$(ui_text "jobdesk - refer to an interview")"
	assert_screen "$(ui_textf "Vacancy:     %s" "$JOB - $EMPLOYER")" "the referral names the vacancy"
	assert_screen "$(ui_textf "Job seeker:  %s" "$NAME")" "and the seeker"
	# The date fills its field and moves on to the place.
	text "$(date -d "+1 day" +%Y-%m-%d)"
	text "二楼人事部 上午9点"
	keys "$SAVE"
	number=$(first_number)
	wait_for "$(ui_textf "referred: letter %s" "$number")"
	ok "the referral has its number"
	check "the letter gives the interview's date and place" \
	    sh -c 'grep -q "$1" "$3" && grep -q "$2" "$3"' sh "$(date -d "+1 day" +%Y-%m-%d)" \
	    "二楼人事部 上午9点" "$LETTERS"
	check "the letter is printed to the file" test -s "$LETTERS"
	check "the letter and its receipt carry the number" \
	    test "$(grep -c -- "$number" "$LETTERS")" = 2
	check "no line of the letter is wider than 80 columns" \
	    test "$(LC_ALL=C.UTF-8 wc -L <"$LETTERS")" -le 80
	check "the letter names the seeker and the employer" \
	    sh -c 'grep -q "$1" "$3" && grep -q "$2" "$3"' sh "$NAME" "$EMPLOYER" "$LETTERS"
	check "the ID number is masked on the letter" \
	    sh -c '! grep -q "$1" "$2" && grep -q "110105\*\*\*\*\*\*\*\*" "$2"' sh "$IDNUM" "$LETTERS"
	check "the receipt is below a cut line" grep -q -- "- - - -" "$LETTERS"
	check "the first print is not marked as a reprint" \
	    sh -c '! grep -q "补打\|REPRINT" "$1"' sh "$LETTERS"
	assert_screen "$(ui_textf "Fits: %zu shown of %zu, best first" 0 0)" \
	    "a seeker just referred is not a fit for the vacancy again"
	# The last letter again, with one key.
	keys "$REPRINT"
	wait_for "$(ui_text "the letter was printed again, marked 补打")"
	check "the reprint is marked on the paper" grep -q "补打\|REPRINT" "$LETTERS"
	check "the file holds both prints" test "$(grep -c "$number" "$LETTERS")" = 4
	keys "$LIST"
	wait_title "$(ui_text "jobdesk - referrals")"
	assert_screen "$number" "the seeker's referrals list it"
	# The receipt comes back: the hire recorded from its number.
	keys Escape Escape Escape Escape
	wait_title "$(ui_text "jobdesk - main menu")"
	to_referral_follow_ups
	keys "$NEW"
	wait_title "$(ui_text "jobdesk - referral")"
	text "$(printf '%s' "$number" | tr 'T' 't')"
	keys Tab
	wait_for "$(ui_textf "Vacancy:    %s - %s" "$JOB" "$EMPLOYER")"
	ok "the lower-case number typed from the receipt finds the referral"
	text hired
	keys Tab Tab
	text 4800
	keys "$SAVE"
	wait_for "$(ui_textf "recorded: %s hired; the registration is closed as placed" "$NAME")"
	ok "the hire is recorded"
	assert_screen "$(ui_text "Checks: none yet (F5 records one)")" "a hire's placement checks are shown"
	keys "$CHECK"
	wait_for "$(ui_textf "the %d-month check is due on %s" 1 "$(date -d "+1 month" +%Y-%m-%d)")"
	ok "a placement check before its day is refused with the day, before anything is asked"
	keys Escape Escape
	wait_title "$(ui_text "jobdesk - main menu")"
	keys 1
	text "$IDNUM"
	wait_for "$(ui_textf "%zu found" 1)"
	keys Enter
	wait_title "$(ui_text "jobdesk - job seeker")"
	assert_screen "$(ui_text "placed")" "the registration shows placed"
	assert_screen "$(ui_textf "%sReferrals: %zu%s | last %s %s %s" "" 1 "" "$(date +%Y-%m-%d)" "$JOB" "$(ui_text hired)")" \
	    "the seeker's record shows the referral and its outcome"
	keys Escape Escape
	wait_title "$(ui_text "jobdesk - main menu")"
	keys 2
	text "$USCC"
	wait_for "$EMPLOYER"
	keys Enter
	wait_title "$(ui_text "jobdesk - employer")"
	keys C-v
	wait_for "$JOB"
	assert_screen "$(ui_text filled)" "the vacancy of one place is filled by the hire"
}

# --- A clerk without a certificate: the referral is refused, nothing is written.
no_certificate_case() {
	begin "$1" nocert
	to_matches
	keys "$NEW"
	wait_title "$(ui_text "jobdesk - refer to an interview")"
	keys "$SAVE"
	wait_for "上岗证"
	ok "the refusal names the certificate"
	check "nothing was printed" test ! -e "$LETTERS"
	given "the referrals exported" cli export referrals
	check "no referral was recorded: the export is its header alone" \
	    sh -c 'test "$(wc -l <"$1")" = 1 && head -n 1 "$1" | grep -q "^number,id_number,"' sh \
	    "$tmp/cli.out"
}

# --- A print command that fails: the referral stays, and prints later.
printer_fails_case() {
	begin "$1" printer CZ-2024-001
	print_to "command = false"
	start_logged_in
	to_matches
	keys "$NEW"
	wait_title "$(ui_text "jobdesk - refer to an interview")"
	keys "$SAVE"
	number=$(first_number)
	wait_for "$(ui_text "referral %s is kept, but its letter was not printed: %s" | sed "s/%s.*//")$number"
	ok "the failed print is said"
	given "the referrals exported" cli export referrals
	check "the referral is recorded all the same" grep -q "$number" "$tmp/cli.out"
	print_to "target = file
file = $LETTERS"
	start_logged_in
	to_referral_follow_ups
	keys "$NEW"
	wait_title "$(ui_text "jobdesk - referral")"
	text "$number"
	keys Tab
	wait_for "$(ui_textf "Vacancy:    %s - %s" "$JOB" "$EMPLOYER")"
	keys "$REPRINT"
	wait_for "$(ui_text "the letter was printed again, marked 补打")"
	check "the letter printed once the printer works" grep -q "$number" "$LETTERS"
}

for m in en zh mono; do
	case $m in
	en) label="English, tmux-256color" ;;
	zh) label="Chinese (LANGUAGE=zh_CN), tmux-256color" ;;
	mono) label="monochrome vt100, Ctrl keys and F1-F4" ;;
	esac
	run_case "$label: matching, referral, letter, outcome" refer_case "$m"
	run_case "$label: no certificate" no_certificate_case "$m"
	run_case "$label: the printer fails" printer_fails_case "$m"
done
finish
