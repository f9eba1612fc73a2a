#!/bin/sh
# Safety at the window, each case in English, in Chinese and on a
# monochrome vt100: withdrawing a registration asks its reason and then
# whether to go on (the reason only a hire gives is not offered), a renewal
# on the day of registration says that nothing changes, a person under 16
# and a hardship status without its basis are refused with the cursor on
# the field at fault, a man of retirement age is warned about on one line
# and registered, an error at the first start puts the cursor on its
# field in Chinese too, an escape sequence the terminal's terminfo does
# not name is neither an Esc nor text, quitting leaves no personal data on
# the screen, a long office name gives way to the screen's name, a phone
# written the long way fits its field, and F1 on a menu or a list explains
# the screen.
#
# Usage: sh tests/e2e/safety.sh BINARY
. "$(dirname "$0")/lib.sh"
e2e_init "$@"

need_catalogue

IDNUM=$(idnum 11010519900307123)
NAME=王小明
today=$(date +%Y-%m-%d)

# The mode of a run: its language and the keys it uses.
set_mode() {
	mode=$1
	case $mode in
	en) E2E_LANG=en SAVE=C-s WITHDRAW=C-w RENEW=C-t QUIT=C-q NEW=C-n HISTORY=C-o ;;
	zh) E2E_LANG=zh SAVE=F2 WITHDRAW=F6 RENEW=F5 QUIT=F10 NEW=F2 HISTORY=F12 ;;
	mono) E2E_LANG=en SAVE=F2 WITHDRAW=C-w RENEW=C-t QUIT=C-q NEW=F2 HISTORY=C-o ;;
	esac
}

# begin MODE CASE: a new database after its first start with one seeker
# registered today by the command line; the client started again and the
# supervisor logged in, at the main menu.
begin() {
	set_up "$1" "$2"
	printf 'id_number,name,phone,education,category,desired_occupation,district\n%s,%s,13800138000,31,"migrant,veteran",4-01-02,110105\n' \
	    "$IDNUM" "$NAME" >"$tmp/seeker.csv"
	given "the seeker" cli import seekers "$tmp/seeker.csv"
	log_in
}

# set_up MODE CASE: a new database after its first start; the client quit.
set_up() {
	set_mode "$1"
	DB=$tmp/t-$1-$2.db
	start_mode
	first_start
	wait_title "$(ui_text "jobdesk - main menu")"
	keys C-q
	wait_for "$(ui_text "Quit jobdesk?")"
	keys y
	wait_for "EXITED-"
}

# Start the client and log in as the supervisor: at the main menu.
log_in() {
	start_mode
	wait_title "$(ui_text "jobdesk - log in")"
	text wangfang
	keys Tab
	text "$PASSWORD"
	keys Enter
	wait_title "$(ui_text "jobdesk - main menu")"
}

# From the main menu, the seeker's record.
open_seeker() {
	keys 1
	text "$IDNUM"
	wait_for "$(ui_textf "%zu found" 1)"
	keys Enter
	wait_title "$(ui_text "jobdesk - job seeker")"
}

# The seeker's status as the database has it.
status_in_db() {
	sqlite3 "$DB" "SELECT status || '/' || withdraw_reason FROM seeker WHERE id_number = '$IDNUM'"
}

# The reason list's line of a code, as the picker shows it.
reason_name() {
	sqlite3 "$DB" "SELECT $( [ "$E2E_LANG" = zh ] && echo name_zh || echo name_en) FROM code
	    WHERE list = 'withdraw_reason' AND code = '$1'"
}

# --- Withdrawing asks the reason, then whether to go on. ---------------------
withdraw_case() {
	begin "$1" withdraw
	open_seeker
	keys "$WITHDRAW"
	wait_for "$(ui_text "Reason for withdrawing the registration")"
	assert_screen "$(reason_name moved)" "the reasons are offered"
	assert_not "$(reason_name referral)" "the reason only a hire gives is not offered"
	keys Enter
	what=$(ui_textf "the registration of %s" "$NAME")
	wait_for "$what"
	# The reason the picker offered first, as the question names it.
	picked= asked=
	for c in $(sqlite3 "$DB" "SELECT code FROM code WHERE list = 'withdraw_reason'"); do
		q=$(ui_textf "withdraw %s (%s)?" "$what" "$(reason_name "$c")")
		if screen | grep -qF -- "$q"; then
			picked=$c asked=$q
		fi
	done
	check "the reason picked is named in the question" test -n "$picked"
	keys n
	wait_gone "$asked"
	check "no: nothing is withdrawn" test "$(status_in_db)" = "registered/"
	keys "$WITHDRAW"
	wait_for "$(ui_text "Reason for withdrawing the registration")"
	keys Enter
	wait_for "$asked"
	keys y
	wait_for "$(ui_text "the registration is withdrawn")"
	if [ "$picked" = placed ]; then want=placed/placed; else want=withdrawn/$picked; fi
	check "yes: withdrawn with the reason" test "$(status_in_db)" = "$want"
}

# --- Registering again keeps the day of the first registration. -----------
reregister_case() {
	begin "$1" reregister
	# Registered in March 2024, withdrawn since: the person comes back.
	given "the seeker registered in 2024, withdrawn" sqlite3 "$DB" "UPDATE seeker SET
	    registered_on = '2024-03-01', first_registered_on = '2024-03-01',
	    status = 'withdrawn', withdraw_reason = 'moved' WHERE id_number = '$IDNUM'"
	open_seeker
	keys "$RENEW"
	wait_for "$(ui_textf "registered again, valid until %s" \
	    "$(sqlite3 "$DB" "SELECT valid_until FROM seeker WHERE id_number = '$IDNUM'")")"
	check "the registration open now is today's, the first one's day kept" test \
	    "$(sqlite3 "$DB" "SELECT status || ' ' || registered_on || ' ' || first_registered_on
	    FROM seeker WHERE id_number = '$IDNUM'")" = "registered $today 2024-03-01"
	keys "$HISTORY"
	wait_title "$(ui_text "jobdesk - record history")"
	assert_screen "$(ui_textf "First registered on %s; registered again on %s" 2024-03-01 \
	    "$today")" "the history shows the first registration's day and today's"
	# The list of what was done at this terminal: rows 15 to 20.
	if screen | sed -n 16,21p | grep -qF -- "$(ui_text "registered again")"; then
		ok "the list of what was done at this terminal names the registration again"
	else
		fail "the list of what was done at this terminal names the registration again"
		dump
	fi
}

# --- A renewal on the day of registration changes nothing. ----------------
renew_case() {
	begin "$1" renew
	open_seeker
	until=$(sqlite3 "$DB" "SELECT valid_until FROM seeker WHERE id_number = '$IDNUM'")
	keys "$RENEW"
	wait_for "$(ui_textf "nothing to renew: the registration is valid until %s already" "$until")"
	ok "renewing on the day of registration says that nothing changes"
	check "the registration is not marked renewed" test "$(status_in_db)" = "registered/"
	check "no renewal service is logged" test "$(sqlite3 "$DB" \
	    "SELECT count(*) FROM service_event WHERE type = 'renewal'")" = 0
	# Two categories: 、 between Chinese names, a comma and a space between English ones.
	if [ "$E2E_LANG" = zh ]; then col=name_zh sep=、; else col=name_en sep=", "; fi
	names=$(sqlite3 "$DB" "SELECT group_concat($col, '$sep') FROM (SELECT $col FROM code
	    WHERE list = 'person_category' AND code IN ('migrant', 'veteran') ORDER BY code)")
	assert_row_has 16 "$names" "the categories are listed as the language writes lists"
}

# --- A person under 16, a hardship without its basis: refused at the field. --
person_case() {
	begin "$1" person
	# Fifteen years old today.
	young=$(idnum "110105$(date -d '-15 years' +%Y%m%d)003")
	keys 1
	text "$young"
	wait_for "$(ui_text "no one found; F2 registers a new job seeker")"
	keys Enter
	wait_title "$(ui_text "jobdesk - register a job seeker")"
	# Leaving the ID number's field says it at once, as a wrong number would.
	keys Tab
	# Wider than a row in English: it takes two, cut at a space, nothing lost.
	wait_for "$(ui_text "Error: ")"
	whole=$(ui_textf "a job seeker must be %ld or older; born %04d-%02d-%02d, this person is %d" \
	    16 "$(date -d '-15 years' +%Y)" "$(date -d '-15 years' +%m | sed 's/^0//')" \
	    "$(date -d '-15 years' +%d | sed 's/^0//')" 15 | tr -d ' ')
	case $(screen | sed -n '21,22p' | tr -d ' \n') in
	*"$whole"*)
		ok "a person under 16 is refused when the ID number is left, with the age, whole" ;;
	*)	fail "a person under 16 is refused when the ID number is left, with the age, whole"
		dump ;;
	esac
	check "the cursor stays on the ID number" sh -c 'set -- $1; [ "$2" = 3 ]' sh "$(cursor)"
	keys "$SAVE"
	wait_for "$(ui_text "Error: ")"
	check "a save is refused too: nothing was written" test "$(sqlite3 "$DB" \
	    "SELECT count(*) FROM seeker WHERE id_number = '$young'")" = 0
	printf 'id_number,name,phone,education,category\n%s,李小龙,13812345678,31,unemployed\n' \
	    "$young" >"$tmp/young.csv"
	if cli import seekers "$tmp/young.csv"; then
		fail "an import of a person under 16 is refused"
	else
		check "an import of a person under 16 is refused, with the age" \
		    grep -q "must be 16 or older" "$tmp/cli.out"
	fi
	check "the import wrote nothing" test "$(sqlite3 "$DB" \
	    "SELECT count(*) FROM seeker WHERE id_number = '$young'")" = 0
	# The registered seeker given a hardship status with no basis.
	printf 'id_number,name,phone,education,category,hardship,hardship_basis\n%s,%s,13800138000,31,unemployed,long_term,\n' \
	    "$IDNUM" "$NAME" >"$tmp/hardship.csv"
	if cli import seekers "$tmp/hardship.csv"; then
		fail "an import of a hardship without its basis is refused"
	else
		check "an import of a hardship without its basis is refused, naming the basis" \
		    grep -q "认定依据" "$tmp/cli.out"
	fi
}

# The warning about a man of retirement age 60 years and 1 month, as the
# message line of the run shows it after leaving the ID number's field.
retire_note() {
	if [ "$E2E_LANG" = zh ] && [ -f "$MO" ]; then
		_age=$(TEXTDOMAINDIR=$ROOT/build/locale LANGUAGE=zh_CN LC_ALL=C.UTF-8 \
		    ngettext -d jobdesk -- "%d years %d month" "%d years %d months" 1)
	else
		_age="%d years %d month"
	fi
	# shellcheck disable=SC2059
	_age=$(printf "$_age" 60 1)
	printf '%s%s' "$(ui_text "Note: ")" "$(ui_textf "%s: %s" "$(form_label seeker id_number)" \
	    "$(ui_textf "of retirement age (men: %s): check if retired" "$_age")")"
}

# Whether the cursor is in the name's field: on the ID number's row, right of it.
on_name() {
	set -- $(cursor)
	[ "$2" = 3 ] && [ "$1" -ge 40 ]
}

# --- A man of retirement age: warned about on one line, and registered. ------
retire_case() {
	begin "$1" retire
	# Born in January 1965: he retired at 60 years and 1 month, in February 2025.
	old=$(idnum 11010519650115011)
	keys 1
	wait_for "$(ui_text "ID number, name or phone:")"
	keys "$NEW"
	wait_title "$(ui_text "jobdesk - register a job seeker")"
	text "$old"
	wait_for "$(ui_text "Note: ")"
	assert_msg "$(retire_note)" "the ID number of a man of 61 is warned about, with his retirement age"
	check "the warning takes one line of 80 columns" test "$(row 21)" = "$(retire_note)"
	check "the warning does not hold the cursor: it is on the name" on_name
	text 张建国
	keys Enter
	text 13812345678
	keys Enter
	text 31
	keys Enter
	text unemployed
	keys "$SAVE"
	wait_for "$(ui_textf "saved: %s" 张建国)"
	check "he is registered" test "$(sqlite3 "$DB" \
	    "SELECT count(*) FROM seeker WHERE id_number = '$old' AND name = '张建国'")" = 1
	# Carried from the search into a new registration: the same check, at once.
	older=$(idnum 11010519650210031)
	keys C-u
	text "$older"
	wait_for "$(ui_text "no one found; F2 registers a new job seeker")"
	keys "$NEW"
	wait_title "$(ui_text "jobdesk - register a job seeker")"
	wait_for "$(ui_text "Note: ")"
	assert_msg "$(retire_note)" "an ID number carried from the search is warned about too"
	check "the cursor is on the name" on_name
	# A young person's number is not warned about.
	keys Escape
	wait_for "$(ui_text "ID number, name or phone:")"
	keys C-u
	text "$(idnum 11010519900307017)"
	wait_for "$(ui_text "no one found; F2 registers a new job seeker")"
	keys "$NEW"
	wait_title "$(ui_text "jobdesk - register a job seeker")"
	# The number was checked before the screen was first drawn: its answer is there.
	settle
	check "the young man's number is taken: the cursor is on the name" on_name
	assert_not "$(ui_text "Note: ")" "a man of 36 is not warned about"
}

# --- The first start's error: the cursor on its field, whatever the language.
setup_case() {
	set_mode "$1"
	DB=$tmp/t-$1-setup.db
	start_mode
	first_start_form "110105 001"
	keys C-s
	wait_for "$(ui_textf "office code \"%s\" may only hold letters, digits and \"-\"" \
	    "110105 001")"
	check "the cursor is on the office code" sh -c 'set -- $1; [ "$2" = 5 ]' sh "$(cursor)"
}

# --- Keys a terminal sends that its terminfo does not name; quitting. --------
keys_case() {
	begin "$1" keys
	keys 1
	wait_for "$(ui_text "ID number, name or phone:")"
	text 王小
	# F5 as an xterm sends it, on a terminal whose terminfo (vt100) lacks it.
	text "$(printf '\033[15~')"
	text 明
	wait_for "$(ui_textf "%zu found" 1)"
	ok "an unknown escape sequence is neither an Esc nor typed: the search found the name"
	assert_not "[15~" "no bytes of the sequence reached the search box"
	assert_title "$(ui_text "jobdesk - job seekers")"
	keys Enter
	wait_title "$(ui_text "jobdesk - job seeker")"
	keys "$QUIT"
	wait_for "$(ui_text "Quit jobdesk?")"
	keys y
	wait_for "EXITED-"
	assert_not "$NAME" "quitting leaves no name on the screen"
	assert_not "$(printf '%s' "$IDNUM" | cut -c1-6)" "nor an ID number"
}

# --- The phone field holds every way of writing a number that its rule takes.
phone_case() {
	begin "$1" phone
	open_seeker
	# The cursor starts on the name (the ID number is fixed); the phone is next.
	keys Tab C-u
	text "+86 138 0013 8000"
	wait_for "0013 8000"
	assert_row_has 5 "0013 8000" "the whole number is in the field, scrolled to its end"
	keys "$SAVE"
	n=0
	until [ "$(sqlite3 "$DB" "SELECT phone FROM seeker WHERE id_number = '$IDNUM'")" = \
	    13800138000 ] || [ $n -ge 50 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	check "saved as the number it is" test "$(sqlite3 "$DB" \
	    "SELECT phone FROM seeker WHERE id_number = '$IDNUM'")" = 13800138000
}

# --- A long office name gives way to the screen's name in the title bar. ---
title_case() {
	set_up "$1" title
	long=北京市朝阳区人力资源和社会保障局职业介绍服务中心第二窗口服务大厅
	sqlite3 "$DB" "UPDATE office SET name = '$long'"
	log_in
	keys 1
	wait_title "$(ui_text "jobdesk - job seekers")"
	ok "the screen's name is whole beside a long office name"
	assert_row_has 0 "北京市朝阳区" "the office name begins"
	assert_row_has 0 ">" "and is cut, marked"
	assert_row_has 0 "王芳" "the clerk's name stays"
	assert_not "$long" "the office name is not whole"
}

# --- F1 on a menu or a list explains the screen and its keys. --------------
help_case() {
	begin "$1" help
	keys F1
	wait_title "$(ui_text "jobdesk - help")"
	if [ "$E2E_LANG" = zh ]; then first=主菜单; else first="The main menu"; fi
	assert_screen "$first" "the main menu's help opens, in the clerk's language"
	assert_screen "Ctrl-Y" "it names the keys as a vt100 has them too"
	keys F1
	wait_title "$(ui_text "jobdesk - main menu")"
	ok "F1 closes it"
	keys 1
	wait_title "$(ui_text "jobdesk - job seekers")"
	keys F1
	wait_title "$(ui_text "jobdesk - help")"
	if [ "$E2E_LANG" = zh ]; then first=查找求职人员; else first="Find a job seeker"; fi
	assert_screen "$first" "the search list has a help of its own"
	keys Escape
	wait_title "$(ui_text "jobdesk - job seekers")"
	ok "Esc closes it too, back where the clerk was"
}

for m in en zh mono; do
	case $m in
	en) label="English, tmux-256color" ;;
	zh) label="Chinese (LANGUAGE=zh_CN), tmux-256color" ;;
	mono) label="monochrome vt100, Ctrl keys and F1-F4" ;;
	esac
	run_case "$label: withdrawing asks the reason, then to confirm" withdraw_case "$m"
	run_case "$label: a renewal on the day of registration" renew_case "$m"
	run_case "$label: registering again keeps the first day" reregister_case "$m"
	run_case "$label: under 16, a hardship without its basis" person_case "$m"
	run_case "$label: a man of retirement age" retire_case "$m"
	run_case "$label: the first start's error and the cursor" setup_case "$m"
	run_case "$label: unknown escape sequences, quitting" keys_case "$m"
	run_case "$label: a long office name in the title bar" title_case "$m"
	run_case "$label: a phone written the long way" phone_case "$m"
	run_case "$label: F1 on a menu and a list" help_case "$m"
done
finish
