#!/bin/sh
# The session's message log, in English, in Chinese and on a monochrome
# vt100: Ctrl-Z on a form shows the messages given so far, newest first,
# each whole with its time and kind, and Esc or Ctrl-Z goes back to the
# form as it was, its unsaved text and its cursor kept; Ctrl-Z works over
# a picker and a question too, as sync now does; the lock screen does not
# open the log, the screen locking closes it, and after another clerk
# logs in at the lock screen the log is empty; a message repeated is
# counted; F1 names the key.
#
# Usage: sh tests/e2e/msglog.sh BINARY
. "$(dirname "$0")/lib.sh"
e2e_init "$@"

need_catalogue

# A seeker on file, and a new person born the same day with the same name.
IDNUM=$(idnum 11010519900307123)
IDNEW=$(idnum 11010519900307456)
NAME=欧阳小明

# The mode of a run: its language and the keys it uses.
set_mode() {
	mode=$1
	case $mode in
	en) E2E_LANG=en SAVE=C-s WITHDRAW=C-w SYNC=C-y ;;
	zh) E2E_LANG=zh SAVE=F2 WITHDRAW=F6 SYNC=F9 ;;
	mono) E2E_LANG=en SAVE=F2 WITHDRAW=C-w SYNC=C-y ;;
	esac
}

# begin MODE CASE: a new database after its first start with the seeker
# imported and the clerk lisi added; the client started again and the
# supervisor logged in, at the main menu.
begin() {
	set_mode "$1"
	DB=$tmp/t-$1-$2.db
	start_mode
	first_start
	keys C-q
	wait_for "$(ui_text "Quit jobdesk?")"
	keys y
	wait_for "EXITED-"
	printf 'id_number,name,phone,education,category,desired_occupation,district\n%s,%s,13800138000,31,unemployed,4-01-02,110105\n' \
	    "$IDNUM" "$NAME" >"$tmp/seeker.csv"
	given "the seeker" cli import seekers "$tmp/seeker.csv"
	given "the clerk lisi" add_clerk
	log_in wangfang "$PASSWORD" "$(ui_text "jobdesk - log in")"
}

# Add the clerk lisi with the command line.
add_clerk() {
	printf 'Window-2024x\n' | cli user add lisi 李四 clerk
}

# log_in LOGIN PASSWORD TITLE: log in at the login or lock screen titled TITLE
# (the client started for the login screen).
log_in() {
	[ "$3" = "$(ui_text "jobdesk - log in")" ] && start_mode
	wait_title "$3"
	# The lock screen waits on the password, the last clerk's login above it.
	[ "$3" = "$(ui_text "jobdesk - screen locked")" ] && keys Up C-u
	text "$1"
	keys Tab
	text "$2"
	keys Enter
	wait_title "$(ui_text "jobdesk - main menu")"
}

# The message log's rows of text (3 to 20) without the time and the
# blanks: what the clerk reads, however the rows wrap.
log_text() {
	screen | sed -n '4,21p' | sed 's/^ [0-2][0-9]:[0-5][0-9]:[0-5][0-9] //' | tr -d ' \n'
}

# The row (0-based) of the first line of the log holding TEXT, or 99.
log_row() {
	screen | awk -v t="$1" 'NR >= 4 && index($0, t) { print NR - 1; found = 1; exit }
	    END { if (!found) print 99 }'
}

# --- The log of a form, newest first, each whole; back to the form as it was.
form_case() {
	begin "$1" form
	keys 1
	text "$IDNUM"
	wait_for "$(ui_textf "%zu found" 1)"
	keys Enter
	wait_title "$(ui_text "jobdesk - job seeker")"
	# Saved from the search, the record goes back to it, ready for the next person.
	keys "$SAVE"
	first=$(ui_text "nothing changed")
	wait_for "$first"
	wait_title "$(ui_text "jobdesk - job seekers")"
	keys C-u
	text "$IDNEW"
	wait_for "$(ui_text "no one found; F2 registers a new job seeker")"
	keys Enter
	wait_title "$(ui_text "jobdesk - register a job seeker")"
	# The ID number typed gives sex and birth, the cursor is on the name; the
	# name then finds the seeker on file.
	text "$NAME"
	keys Tab
	masked=$(printf '%s' "$IDNUM" | sed 's/^\(......\)........\(....\)$/\1********\2/')
	second=$(ui_text "Note: ")$(ui_textf "a person with the same name and birth date is registered: %s %s (%s); check it is not the same person" \
	    "$NAME" "$masked" 1990-03-07)
	wait_for "$(ui_text "Note: ")"
	# Half a phone number, then a save: an error, and text the form must keep.
	text 1380013
	keys "$SAVE"
	wait_for "$(ui_text "Error: ")"
	# The error as the message line shows it, on one row or two (the form leaves row 20 blank).
	third=$(screen | sed -n '21,22p' | tr -d ' \n')
	form=$(screen | sed -n '1,20p')
	at=$(cursor)
	keys C-z
	wait_title "$(ui_text "jobdesk - messages")"
	ok "Ctrl-Z opens the message log on a form"
	# A plural: the catalogue has it under the singular, and Chinese has one form.
	if [ "$E2E_LANG" = zh ]; then
		head=$(ui_textf "%zu message, newest first" 3)
	else
		head="3 messages, newest first"
	fi
	assert_row 1 " $head" "it counts the three messages"
	r1=$(log_row "$(ui_text "Error: ")") r2=$(log_row "$(ui_text "Note: ")")
	r3=$(log_row "$first")
	check "newest first: the error ($r1), the note ($r2), the first save ($r3)" \
	    test "$r1" = 3 -a "$r2" -gt 3 -a "$r2" -lt "$r3" -a "$r3" -lt 99
	case $(log_text) in
	"$third"*) ok "the error first, whole" ;;
	*) fail "the error first, whole"; dump ;;
	esac
	check "each begins with its time" sh -c 'row=$(echo "$1" | sed -n "$(($2 + 1))p");
	    echo "$row" | grep -Eq "^ [0-2][0-9]:[0-5][0-9]:[0-5][0-9] "' sh "$(screen)" "$r2"
	case $(log_text) in
	*"$(printf '%s' "$second" | tr -d ' ')"*) ok "the long note is whole, with its kind" ;;
	*) fail "the long note is whole, with its kind"; dump ;;
	esac
	assert_not ">" "no message is cut"
	keys Escape
	wait_title "$(ui_text "jobdesk - register a job seeker")"
	check "Esc goes back to the form as it was, its text unsaved" \
	    test "$(screen | sed -n '1,20p')" = "$form"
	assert_screen 1380013 "the half-typed phone number is still there"
	check "the cursor is where it was ($at)" test "$(cursor)" = "$at"
	keys C-z
	wait_title "$(ui_text "jobdesk - messages")"
	keys C-z
	wait_title "$(ui_text "jobdesk - register a job seeker")"
	ok "Ctrl-Z closes it too"
	# A question: the log opens over it, shows it, and the question waits on.
	keys Escape
	question=$(ui_textf "%s (y/n)" "$(ui_text "Leave without saving the changes?")")
	wait_for "$question"
	keys C-z
	wait_title "$(ui_text "jobdesk - messages")"
	check "the question is the newest message" test "$(log_row "$question")" = 3
	keys Escape
	wait_title "$(ui_text "jobdesk - register a job seeker")"
	assert_msg "$question" "the question is asked again"
	keys y
	wait_title "$(ui_text "jobdesk - job seekers")"
	ok "and answered"
	# Locked: the log is the clerk's, not for whoever is at the counter.
	keys Escape
	wait_title "$(ui_text "jobdesk - main menu")"
	keys 9
	wait_title "$(ui_text "jobdesk - screen locked")"
	keys C-z
	wait_for "$(ui_text "the message log opens once a clerk has logged in")"
	assert_title "$(ui_text "jobdesk - screen locked")" "the lock screen does not open the log"
	assert_not "$NAME" "nor shows a name"
	log_in lisi Window-2024x "$(ui_text "jobdesk - screen locked")"
	keys C-z
	wait_title "$(ui_text "jobdesk - messages")"
	assert_screen "$(ui_text "no messages yet since you logged in")" \
	    "another clerk at the lock screen starts with an empty log"
	assert_not "$NAME" "the last clerk's messages and the names in them are gone"
	assert_not "$first" "all of them"
}

# --- Ctrl-Z over a picker; F1 names the key; a repeat is counted. ----------
picker_case() {
	begin "$1" picker
	keys F1
	wait_title "$(ui_text "jobdesk - help")"
	assert_screen "Ctrl-Z" "the help of the menu names the key"
	keys Escape
	wait_title "$(ui_text "jobdesk - main menu")"
	# The same message twice in a row is one, counted.
	keys 1
	wait_title "$(ui_text "jobdesk - job seekers")"
	empty=$(ui_text "type an ID number, a name or a phone number first")
	keys Enter
	wait_for "$empty"
	keys Enter
	keys C-z
	wait_title "$(ui_text "jobdesk - messages")"
	if [ "$E2E_LANG" = zh ]; then
		times=$(ui_textf " (%u time)" 2)
	else
		times=" (2 times)"
	fi
	assert_row 3 "$(row 3 | cut -c1-10)$(ui_text "Error: ")$empty$times" \
	    "a repeated message is counted, not listed twice"
	assert_row 4 "" "and listed once"
	keys Escape
	wait_title "$(ui_text "jobdesk - job seekers")"
	text "$IDNUM"
	wait_for "$(ui_textf "%zu found" 1)"
	keys Enter
	wait_title "$(ui_text "jobdesk - job seeker")"
	keys "$WITHDRAW"
	reason=$(ui_text "Reason for withdrawing the registration")
	wait_for "$reason"
	keys C-z
	wait_title "$(ui_text "jobdesk - messages")"
	assert_not "$reason" "the log opens over the picker"
	keys Escape
	wait_for "$reason"
	assert_title "$(ui_text "jobdesk - job seeker")" "Esc goes back to the picker"
	# Sync now, the other key of every screen, works over the picker as well.
	keys "$SYNC"
	wait_for "$(ui_text "this terminal is not enrolled with a district server: nothing to sync")"
	assert_screen "$reason" "sync now answers over the picker, which stays open"
	keys Escape
	wait_gone "$reason"
	ok "which still takes its keys"
	check "nothing was withdrawn" test "$(sqlite3 "$DB" \
	    "SELECT status FROM seeker WHERE id_number = '$IDNUM'")" = registered
}

# --- The screen locking closes the log; the same clerk keeps it. -----------
# The clock runs thirty times as fast (libfaketime), so that a minute of
# idle_lock_minutes passes in two seconds.
idle_case() {
	set_mode "$1"
	fake=
	for _f in /usr/lib/*/faketime/libfaketime.so.1 /usr/lib/faketime/libfaketime.so.1; do
		[ -f "$_f" ] && fake=$_f
	done
	if [ -z "$fake" ]; then
		missing "libfaketime (package faketime)"
		return
	fi
	DB=$tmp/t-$1-idle.db
	printf '[client]\nidle_lock_minutes = 1\n' >"$tmp/idle.ini"
	[ "$mode" = zh ] && printf 'language = zh_CN\n' >>"$tmp/idle.ini"
	case $mode in
	mono) term=vt100 ;;
	*) term=tmux-256color ;;
	esac
	# libfaketime goes before a sanitizer's runtime, which must not mind.
	start LANGUAGE=$([ "$mode" = zh ] && echo zh_CN) TERM=$term LD_PRELOAD="$fake" \
	    FAKETIME="+0 x30" \
	    ASAN_OPTIONS="log_path=$tmp/asan:abort_on_error=0:verify_asan_link_order=0" \
	    -- --config "$tmp/idle.ini"
	first_start
	welcome=$(ui_text "office and supervisor saved; welcome")
	keys C-z
	wait_title "$(ui_text "jobdesk - messages")"
	wait_title "$(ui_text "jobdesk - screen locked")"
	ok "the screen locks over the log"
	assert_not "$welcome" "which shows nothing of the clerk's"
	text "$PASSWORD"
	keys Enter
	wait_title "$(ui_text "jobdesk - main menu")"
	ok "the clerk's password goes back to the screen under the log: the lock closed it"
	keys C-z
	wait_title "$(ui_text "jobdesk - messages")"
	assert_screen "$welcome" "the same clerk's log is kept"
}

for m in en zh mono; do
	case $m in
	en) label="English, tmux-256color" ;;
	zh) label="Chinese (LANGUAGE=zh_CN), tmux-256color" ;;
	mono) label="monochrome vt100" ;;
	esac
	run_case "$label: the log of a form, a question, the lock" form_case "$m"
	run_case "$label: over a picker, in the help, a repeat" picker_case "$m"
	run_case "$label: the screen locking closes the log" idle_case "$m"
done
finish
