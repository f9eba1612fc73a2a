#!/bin/sh
# Logging in: a wrong password is refused and the next try has to wait;
# five wrong passwords lock the account, so that even the right one is
# refused; NO_COLOR leaves only reverse video; menu item 9 locks the
# screen until the clerk's password is typed again. Each case starts from
# a database of its own.
#
# Usage: sh tests/e2e/login.sh BINARY
. "$(dirname "$0")/lib.sh"
e2e_init "$@"

# The login screen of a new run of the client, ready for a login.
login_screen() {
	start
	wait_title "$(ui_text "jobdesk - log in")"
}

# Type a login and a password and press Enter.
log_in() {
	text "$1"
	keys Tab
	text "$2"
	keys Enter
}

# Leave the login screen with Ctrl-Q (no question there) and check the exit.
quit_login() {
	keys C-q
	wait_for "EXITED-"
	assert_screen "EXITED-0" "Ctrl-Q on the login screen quits"
}

wrong_password() {
	DB=$tmp/login.db
	start
	first_start
	keys C-q
	wait_for "$(ui_text "Quit jobdesk?")"
	keys y
	wait_for "EXITED-0"
	ok "the account is set up"

	login_screen
	log_in wangfang wrong-password-1
	wait_for "$(ui_text "Error: ")"
	assert_msg "$(ui_text "Error: ")$(ui_textf "wrong login or password, or the account is locked; try again in %ld s" 1)" \
	    "a wrong password is refused and the next try waits 1 s"
	assert_row 11 "$(pad "" 20)Password*" "the password field is emptied"
	# The wait itself is what is tested here: let the first one pass.
	sleep 1.1
	text wrong-password-2
	keys Enter
	wait_for "$(ui_textf "wrong login or password, or the account is locked; try again in %ld s" 2)"
	ok "the second wrong password waits 2 s"
	# Keys during the wait are refused with the time left, not typed.
	text abc
	if poll_for "$(ui_textf "wait %ld s before the next try" 2)" 1 ||
	    poll_for "$(ui_textf "wait %ld s before the next try" 1)" 1; then
		ok "a key during the wait says how long to wait"
	else
		fail "a key during the wait says how long to wait"
		dump
	fi
	assert_row 11 "$(pad "" 20)Password*" "nothing is typed during the wait"
	quit_login
}

locked_account() {
	# Given: an account with two wrong passwords counted, as wrong_password
	# leaves its own (this case does not depend on that one having run).
	DB=$tmp/locked.db
	start
	first_start
	keys C-q
	wait_for "$(ui_text "Quit jobdesk?")"
	keys y
	wait_for "EXITED-0"
	login_screen
	log_in wangfang wrong-password-1
	wait_for "$(ui_textf "wrong login or password, or the account is locked; try again in %ld s" 1)"
	sleep 1.1
	text wrong-password-2
	keys Enter
	wait_for "$(ui_textf "wrong login or password, or the account is locked; try again in %ld s" 2)"
	keys C-q
	wait_for "EXITED-"
	# The count and its growing wait survive restarts: the third try
	# waits 4 s, the fourth 8 s.
	wrong=$(ui_text "wrong login or password, or the account is locked; try again in %ld s")
	wrong=${wrong%%%ld*}
	for n in 3 4; do
		login_screen
		log_in wangfang "wrong-password-$n"
		wait_for "$(ui_textf "wrong login or password, or the account is locked; try again in %ld s" $((1 << (n - 1))))"
		ok "wrong password $n is refused, and the wait kept growing across restarts"
		quit_login
	done
	login_screen
	log_in wangfang wrong-password-5
	wait_for "$wrong"
	ok "the fifth wrong password is refused without telling whether the account exists"
	quit_login
	login_screen
	log_in wangfang "$PASSWORD"
	locked=$(ui_text "the account is locked after too many wrong passwords until %s; a supervisor can unlock it")
	locked=${locked%%%s*}
	wait_for "$locked"
	ok "the right password is refused while the account is locked, and says so"
	# For 15 minutes: the message says until when (the minute may just have turned).
	t15=$(date -d "+15 min" +%H:%M)
	t14=$(date -d "+14 min" +%H:%M)
	# The message takes two lines (rows 20 and 21): read it whole.
	check "the lock lasts 15 minutes (until $t15)" \
	    eval '{ row 20; row 21; } | tr "\n" " " | grep -qF -e "until $t15" -e "until $t14"'
	assert_not "$(ui_text "jobdesk - main menu")" "a locked account does not reach the menu"
	quit_login
}

no_color() {
	# Colour on a colour terminal: the title bar is coloured (so the check
	# below can fail) ...
	DB=$tmp/colour.db
	start TERM=tmux-256color
	wait_title "$(ui_text "jobdesk - first start")"
	title=$(screen_e | head -1)
	check "without NO_COLOR the title bar has colour" sgr_colour "$title"
	stop
	# ... and with NO_COLOR only reverse video is left.
	DB=$tmp/nocolour.db
	start TERM=tmux-256color NO_COLOR=1
	first_start
	title=$(screen_e | head -1)
	status=$(screen_e | sed -n 23p)
	check "the title bar is in reverse video" sgr_reverse "$title"
	check "no colour in the title bar" eval '! sgr_colour "$title"'
	check "no colour in the status line" eval '! sgr_colour "$status"'
	keys 1
	text 999999
	wait_for "$(ui_text "no one found; F2 registers a new job seeker")"
	check "no colour anywhere on the search screen" eval '! any_colour'
}

# Whether any row of the screen sets a colour.
any_colour() {
	screen_e | while IFS= read -r l; do
		if sgr_colour "$l"; then
			echo colour
		fi
	done | grep -q colour
}

lock_screen() {
	DB=$tmp/lock.db
	printf '[client]\nidle_lock_minutes = 1\n' >"$tmp/lock.ini"
	start -- --config "$tmp/lock.ini"
	first_start
	ok "a configuration with idle_lock_minutes is taken"
	keys 9
	wait_for "$(ui_text "The screen is locked. Enter your password.")"
	assert_title "$(ui_text "jobdesk - screen locked")" "menu item 9 locks the screen"
	assert_not "$(ui_text "Job seekers: search and register")" "the locked screen hides the menu"
	assert_row_has 9 "wangfang" "the clerk's login is filled in"
	text wrong-password
	keys Enter
	wait_for "$(ui_textf "wrong login or password, or the account is locked; try again in %ld s" 1)"
	ok "a wrong password does not unlock"
	assert_title "$(ui_text "jobdesk - screen locked")"
	sleep 1.1
	text "$PASSWORD"
	keys Enter
	wait_title "$(ui_text "jobdesk - main menu")"
	ok "the clerk's password unlocks the screen"
	assert_screen "1  $(ui_text "Job seekers: search and register")" "back to the menu"
	keys F10
	wait_for "$(ui_text "Quit jobdesk?")"
	ok "F10 asks to quit"
	keys y
	wait_for "EXITED-"
	assert_screen "EXITED-0" "the client exits with status 0"
}

run_case "a wrong password waits" wrong_password
run_case "five wrong passwords lock the account" locked_account
run_case "NO_COLOR" no_color
run_case "menu item 9 locks the screen" lock_screen
finish
