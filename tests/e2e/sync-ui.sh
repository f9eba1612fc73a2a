#!/bin/sh
# Sync as a clerk and a supervisor see it: the status line of a terminal
# that is not enrolled (in English, in Chinese and on a vt100), the sync
# screen and the sync-now key, the conflict journal in the end of day of a
# supervisor only, and a supervisor merging a seeker registered twice:
# afterwards the merged record is no longer found, and opening it leads to
# the one it went into. With a district server (PostgreSQL and jobdeskd,
# as tests/sync/lib.sh starts them), an enrolled terminal goes online,
# sends what waits on the sync-now key, and goes offline when the server
# dies while the clerk keeps typing; a street terminal (scoped) fetches,
# on the clerk's yes, a person registered in another street.
#
# Every case starts from a database of its own (the first start, records
# given with the command line; with the server, a terminal enrolled for
# the case), so one that stops at a failed wait does not keep the others
# from running. Without PostgreSQL the server cases cannot run: a failure
# under make check (JOBDESK_CHECK_ALL=1), a note by hand.
#
# Usage: sh tests/e2e/sync-ui.sh BINARY
. "$(dirname "$0")/lib.sh"
e2e_init "$@"
need_catalogue

OFFICE=朝阳区职业介绍服务中心
NAME=张三丰
# One person registered twice: the second time with month and day
# swapped (a number that still passes its check), so the records differ.
IDA=$(idnum 11010519800314002)
IDB=$(idnum 11010519800413002)
# The seekers of the server cases' terminals C and D.
IDC=$(idnum 11010519800515002)
IDD=$(idnum 11010519800616002)
# The person of another street, fetched by a street terminal.
IDE=$(idnum 11010519830404104)

# Start the client in the language of the run (E2E_LANG): start_in [VAR=VALUE ...].
start_in() {
	if [ "$E2E_LANG" = zh ]; then
		start_zh "$@"
	else
		start LANG=C.UTF-8 "$@"
	fi
}

# The status line (row 22) fits 80 cells and shows TEXT.
status_has() {
	assert_row_has 22 "$1" "${2:-the status line shows \"$1\"}"
}

# A terminal with no district server, at the main menu after the first
# start: unenrolled MODE CASE.
unenrolled() {
	mode=$1
	DB=$tmp/s-$mode-$2.db
	case $mode in
	en | zh)
		E2E_LANG=$mode
		start_in
		;;
	mono)
		E2E_LANG=en
		start TERM=vt100
		;;
	esac
	first_start
	wait_title "$(ui_text "jobdesk - main menu")"
}

# The status line says there is no district server; sync now says why nothing happens.
unenrolled_menu() {
	unenrolled "$1" menu
	status_has "$(ui_text "not connected to a district server") | $(ui_textf "%ld waiting" 0)" \
	    "the status line says there is no district server and nothing waits"
	status_has "wangfang" "the status line still names the login"
	check "the status line fits 80 cells" [ "$(cells "$(row 22)")" -le 80 ]
	assert_screen "4  $(ui_text "Sync with the district server")" "the menu offers the sync screen"
	assert_screen "5  $(ui_text "End of day and reports")" \
	    "a supervisor's menu offers the end of day"
	assert_row_has 23 "F9/^Y" "the menu's legend names the sync-now key"
	if [ "$mode" = mono ]; then
		check "vt100: no colour on the status line" eval '! sgr_colour "$(screen_e | sed -n 23p)"'
	fi
	# Sync now (the Ctrl key works everywhere, a vt100 included) says why nothing happens.
	keys C-y
	wait_for "$(ui_text "Error: ")"
	assert_msg "$(ui_text "Error: ")$(ui_text "this terminal is not enrolled with a district server: nothing to sync")" \
	    "sync now on a terminal that is not enrolled says so"
}

# The sync screen says the terminal is not enrolled, and sync now works there too.
unenrolled_sync_screen() {
	unenrolled "$1" sync
	keys 4
	wait_title "$(ui_text "jobdesk - sync")"
	assert_screen "$(ui_text "not enrolled with a district server")" \
	    "the sync screen says the terminal is not enrolled"
	assert_screen "$(ui_text "none (not enrolled)")" "there is no server address"
	assert_screen "$(ui_text "none: the server took every change it was sent")" \
	    "no refused changes"
	assert_row_has 7 "$(ui_text "Network use:")" "the sync screen has a line for the bytes sent"
	assert_row_has 7 "$(ui_text "nothing sent or received yet")" \
	    "nothing went over the network yet"
	check "the network line fits 80 cells" [ "$(cells "$(row 7)")" -le 80 ]
	assert_row_has 8 "$(ui_text "Records held:")" "the sync screen says what the terminal holds"
	assert_row_has 8 "$(ui_text "the whole district")" "... all of it, on a terminal of no district"
	assert_row_has 23 "F9/^Y" "the sync screen's legend names the sync-now key"
	# A vt100 has no F9 (tmux would send a sequence it does not know): ^Y there.
	if [ "$mode" = mono ]; then
		keys C-y
	else
		keys F9
	fi
	wait_for "$(ui_text "this terminal is not enrolled with a district server: nothing to sync")"
	ok "sync now works on the sync screen too"
	keys Escape
	wait_title "$(ui_text "jobdesk - main menu")"
}

# The conflict journal of a terminal that never synced is empty; quitting.
unenrolled_journal() {
	unenrolled "$1" journal
	keys 5
	wait_for "$(ui_text "End of day")"
	take_action "$(ui_text "Conflicts: values that lost in sync")" || exit 1
	wait_title "$(ui_text "jobdesk - conflicts")"
	assert_screen "$(ui_text "no conflicts: no value has lost")" "the journal is empty"
	keys Escape
	wait_title "$(ui_text "jobdesk - main menu")"
	quit
}

# A clerk's menu marks the end of day (the conflict journal is in it) as the
# supervisors', and its key is refused; the sync screen is everyone's.
clerk_menu() {
	E2E_LANG=en
	DB=$tmp/clerk.db
	start
	first_start
	quit
	printf 'Window-2024x\n' | cli user add lisi 李四 clerk
	rc=$?
	check "a clerk account is added ($(head -c 200 "$tmp/cli.out"))" [ "$rc" -eq 0 ]
	start
	log_in lisi Window-2024x
	assert_screen "4  $(ui_text "Sync with the district server")" "a clerk's menu offers the sync screen"
	assert_screen "5  $(ui_text "End of day and reports") $(ui_text "(supervisors only)")" \
	    "a clerk's menu marks the end of day as the supervisors'"
	keys 5
	wait_for "$(ui_text "Error: ")"
	assert_msg "$(ui_text "Error: ")$(ui_text "only a supervisor or administrator can run the end of day")" \
	    "the end of day (and the conflict journal in it) is refused to a clerk"
	assert_not "$(ui_text "Conflicts: values that lost in sync")" \
	    "a clerk sees no conflict journal"
	# The refused key leaves item 5 selected: four Downs (6, 7, 8, 9)
	# select "Lock the screen", in reverse video.
	keys Down Down Down Down
	lock=$(ui_text "Lock the screen")
	n=100
	until sgr_reverse "$(screen_e | grep -F -- "$lock")" || [ "$n" -eq 0 ]; do
		sleep 0.1
		n=$((n - 1))
	done
	if sgr_reverse "$(screen_e | grep -F -- "$lock")"; then
		ok "four Downs from item 5 select \"$lock\""
	else
		fail "four Downs from item 5 select \"$lock\""
		dump
	fi
	keys 4
	wait_title "$(ui_text "jobdesk - sync")"
	ok "a clerk opens the sync screen"
	keys Escape
	wait_title "$(ui_text "jobdesk - main menu")"
	quit
}

# Search for TEXT on the job seekers screen (already open), replacing what was typed.
# The query is seen on its row before anything else is looked at: what the
# screen shows then answers this search, not the one before.
search() {
	keys C-u
	text "$1"
	wait_row 2 " $(pad "$(ui_text "ID number, name or phone:")" 31)$1"
}

# Add the clerk lisi with the command line.
add_clerk() {
	printf 'Window-2024x\n' | cli user add lisi 李四 clerk
}

# A person registered twice (IDA and IDB, one name), and a clerk lisi:
# two_records LANG CASE, the client not running.
two_records() {
	E2E_LANG=$1
	DB=$tmp/merge-$1-$2.db
	start_in
	first_start
	quit
	printf 'id_number,name,phone,household,education,category\n%s,%s,13800000001,urban,21,unemployed\n%s,%s,13800000002,urban,21,unemployed\n' \
	    "$IDA" "$NAME" "$IDB" "$NAME" >"$tmp/two.csv"
	given "two registrations of one person" cli import seekers "$tmp/two.csv"
	given "a clerk account" add_clerk
	maskA="${IDA%????????????}********${IDA#??????????????}"
	maskB="${IDB%????????????}********${IDB#??????????????}"
}

# A clerk may not merge.
merge_refused() {
	two_records "$1" clerk
	start_in
	log_in lisi Window-2024x
	keys 1
	wait_for "$(ui_text "ID number, name or phone:")"
	search "$IDB"
	wait_for "$(ui_textf "%zu found" 1)"
	keys Enter
	wait_title "$(ui_text "jobdesk - job seeker")"
	assert_not "$(ui_text "Merge into the record that stays")" \
	    "the merge is not on the screen"
	keys C-x
	wait_for "$(ui_text "More on this job seeker")"
	assert_screen "$(ui_text "Services given to this person")" \
	    "F8 (Ctrl-X) offers a clerk the person's services"
	assert_screen "$(ui_text "Career guidance sessions")" \
	    "and the person's guidance sessions"
	assert_screen "$(ui_text "Interest inventory")" \
	    "and the interest inventory"
	assert_not "$(ui_text "Merge into the record that stays")" \
	    "F8 (Ctrl-X) offers a clerk no merge"
	keys Escape
	wait_gone "$(ui_text "More on this job seeker")"
	quit
}

# In the list of more actions on a job seeker: take the merge.
merge_action() {
	take_action "$(ui_text "Merge into the record that stays")"
}

# The supervisor merges the mistyped record into the right one.
merge() {
	two_records "$1" merge
	start_in
	log_in wangfang "$PASSWORD"
	waiting=$(sqlite3 "$DB" "SELECT count(*) FROM outbox")
	status_has "$(ui_textf "%ld waiting" "$waiting")" "the imported records wait to be sent"
	keys 1
	wait_for "$(ui_text "ID number, name or phone:")"
	search "$NAME"
	wait_for "$(ui_textf "%zu found" 2)"
	ok "the name finds both records"
	search "$IDB"
	wait_for "$(ui_textf "%zu found" 1)"
	keys Enter
	wait_title "$(ui_text "jobdesk - job seeker")"
	assert_row_has 3 "$IDB" "the mistyped record is open"
	assert_row_has 23 "F8/^X" "a supervisor's legend shows the key for more"
	keys F8
	wait_for "$(ui_text "More on this job seeker")"
	assert_screen "$(ui_text "Merge into the record that stays")" \
	    "F8 offers a supervisor the merge"
	merge_action
	wait_for "$(ui_textf "Merge %s into the record that stays: find it" "$NAME")"
	ok "F8 opens the search for the record that stays"
	text "$NAME"
	wait_for "$maskA"
	assert_not "$maskB" "the record being merged is not offered"
	keys Enter
	q=$(ui_textf "merge %s %s into %s %s?" "$NAME" "$maskB" "$NAME" "$maskA")
	wait_for "$q"
	assert_msg "$(ui_textf "%s (y/n)" "$q")" "the question shows both records"
	keys n
	wait_gone "$q"
	keys Escape
	wait_gone "$(ui_textf "Merge %s into the record that stays: find it" "$NAME")"
	ok "Esc closes the merge search"
	assert_title "$(ui_text "jobdesk - job seeker")" "Esc closes only the search, not the record"
	assert_row_has 3 "$IDB" "no: nothing is merged"
	keys C-x
	wait_for "$(ui_text "More on this job seeker")"
	merge_action
	wait_for "$(ui_textf "Merge %s into the record that stays: find it" "$NAME")"
	text "$IDA"
	wait_for "$maskA"
	keys Enter
	wait_for "$q"
	keys y
	wait_for "$(ui_textf "%s is merged into this record; the old record points here" "$NAME")"
	ok "the merge is done and said so"
	assert_row_has 3 "$IDA" "the screen shows the record that stays"
	status_has "$(ui_textf "%ld waiting" $((waiting + 1)))" "the merge waits to be sent too"
	keys Escape
	wait_title "$(ui_text "jobdesk - job seekers")"
	search "$NAME"
	wait_for "$(ui_textf "%zu found" 1)"
	assert_screen "$maskA" "the name finds the record that stays"
	assert_not "$maskB" "the merged record is no longer found by name"
	search "$IDB"
	wait_for "$(ui_text "no one found; F2 registers a new job seeker")"
	ok "the merged record's ID number finds nothing"
	search 13800000002
	wait_for "$(ui_text "no one found; F2 registers a new job seeker")"
	ok "the merged record's phone finds nothing"
	quit

	idB=$(sqlite3 "$DB" "SELECT id FROM seeker WHERE replaced_by IS NOT NULL")
	idA=$(sqlite3 "$DB" "SELECT id FROM seeker WHERE id_number = '$IDA'")
	check "the merged record is kept as a redirect" [ -n "$idB" ]
	check "the merged record points to the one that stays" \
	    [ "$(sqlite3 "$DB" "SELECT replaced_by FROM seeker WHERE id = '$idB'")" = "$idA" ]
}

# The supervisor moves a record to a street office under the district
# centre (the office, the reason, yes), then opens its history.
transfer() {
	two_records "$1" transfer
	given "a street office under the centre" sqlite3 "$DB" "INSERT INTO office (code, name,
	    level, parent) VALUES ('110105-002', '劲松街道', 'street', '110105-001')"
	start_in
	log_in wangfang "$PASSWORD"
	keys 1
	wait_for "$(ui_text "ID number, name or phone:")"
	search "$IDA"
	wait_for "$(ui_textf "%zu found" 1)"
	keys Enter
	wait_title "$(ui_text "jobdesk - job seeker")"
	assert_row_has 23 "F11/^G" "a supervisor's legend shows the move key"
	assert_row_has 23 "F12/^O" "and the history key"
	keys C-g
	wait_for "$(ui_text "Move the record to which office?")"
	assert_screen "劲松街道" "the picker offers the street office"
	keys Enter
	wait_for "$(ui_text "Reason for the move")"
	keys Escape
	wait_gone "$(ui_text "Reason for the move")"
	check "Esc at the reason: the record stays" [ "$(sqlite3 "$DB" "SELECT office FROM seeker
	    WHERE id_number = '$IDA'")" = 110105-001 ]
	keys F11
	wait_for "$(ui_text "Move the record to which office?")"
	keys Enter
	wait_for "$(ui_text "Reason for the move")"
	keys Enter
	q=$(ui_textf "move this record to %s %s?" 110105-002 "劲松街道")
	wait_for "$q"
	keys y
	wait_for "$(ui_textf "the record now belongs to %s %s" 110105-002 "劲松街道")"
	ok "the move is done and said so"
	check "the record's office is the street's" [ "$(sqlite3 "$DB" "SELECT office FROM seeker
	    WHERE id_number = '$IDA'")" = 110105-002 ]
	check "a transfer waits to be sent" [ "$(sqlite3 "$DB" "SELECT count(*) FROM outbox
	    WHERE op = 'transfer'")" = 1 ]
	keys C-o
	wait_title "$(ui_text "jobdesk - record history")"
	assert_screen "$(ui_text "not yet at the district")" "fields not yet sent say so"
	assert_screen "$(ui_text "moved to another office")" "the move is in the history"
	assert_screen "$(ui_text "registered")" "so is the registration"
	keys Escape
	wait_title "$(ui_text "jobdesk - job seeker")"
	quit
}

# The refusals and the lost values of a server, as the store keeps them, on
# the sync screen and the conflict journal; IDB is merged into IDA first
# (the keys of merge, with no checks of their own).
refusals() {
	two_records "$1" refusals
	start_in
	log_in wangfang "$PASSWORD"
	keys 1
	wait_for "$(ui_text "ID number, name or phone:")"
	search "$IDB"
	wait_for "$(ui_textf "%zu found" 1)"
	keys Enter
	wait_title "$(ui_text "jobdesk - job seeker")"
	keys C-x
	wait_for "$(ui_text "More on this job seeker")"
	merge_action
	wait_for "$(ui_textf "Merge %s into the record that stays: find it" "$NAME")"
	text "$IDA"
	wait_for "$maskA"
	keys Enter
	wait_for "$(ui_textf "merge %s %s into %s %s?" "$NAME" "$maskB" "$NAME" "$maskA")"
	keys y
	wait_for "$(ui_textf "%s is merged into this record; the old record points here" "$NAME")"
	quit
	idB=$(sqlite3 "$DB" "SELECT id FROM seeker WHERE replaced_by IS NOT NULL")
	idA=$(sqlite3 "$DB" "SELECT id FROM seeker WHERE id_number = '$IDA'")

	# What a server would have said, as the store keeps it: a refused change
	# of the merged record and one of a service, two values that lost.
	T=0190b3c4-5d6e-7f80-9a1b-2c3d4e5f6a7b
	given "two refusals and a lost value" sqlite3 "$DB" "INSERT INTO sync_rejected (seq, tbl, row_id, op, label, reason, at) VALUES
	    (901, 'seeker', '$idB', 'update', '$NAME', 'phone: not a phone number', '2024-05-12T06:30:00Z'),
	    (902, 'service_event', '$idB', 'insert', '$NAME', 'unknown record', '2024-05-12T06:31:00Z');
	    INSERT INTO conflict (key, tbl, row_id, field, lost_value, lost_stamp, won_value,
	    won_stamp, at) VALUES
	    ('k1', 'seeker', '$idA', 'name', '张三风', '0000018f6a1b2c3d:$T', '$NAME',
	    '0000018f6a1b2c3e:$T', '2024-05-12T06:40:00Z')"
	start_in TZ=UTC
	log_in wangfang "$PASSWORD"
	status_has "$(ui_textf "%ld refused" 2)" "the status line counts the refused changes"
	keys 4
	wait_title "$(ui_text "jobdesk - sync")"
	assert_row 11 " $(pad "$(ui_text "service")" 10) $(pad "$NAME" 18) $(pad "unknown record" 36) 05-12 06:31" \
	    "a refusal shows kind, record, reason and time in columns, Chinese aligned"
	assert_row 12 " $(pad "$(ui_text "job seeker")" 10) $(pad "$NAME" 18) $(pad "phone: not a phone number" 36) 05-12 06:30"
	assert_screen "$(ui_textf "Reason: %s" "unknown record")" "the chosen refusal's reason is shown whole"
	keys Enter
	wait_for "$(ui_text "Error: ")"
	assert_msg "$(ui_text "Error: ")$(ui_textf "%s: such a record cannot be opened here; dismiss the refusal once noted" "$(ui_text "service")")" \
	    "a refused service cannot be opened, and the clerk is told what to do"
	keys Down Enter
	wait_title "$(ui_text "jobdesk - job seeker")"
	assert_row_has 3 "$IDA" "the merged record's refusal opens the record that stays"
	assert_msg "$(ui_text "Note: ")$(ui_textf "that record was merged into this one (%s)" "$NAME")" \
	    "opening a merged record says where it led"
	keys Escape
	wait_title "$(ui_text "jobdesk - sync")"
	keys C-d
	wait_for "$(ui_textf "refusal dismissed: %s" "$NAME")"
	ok "^D dismisses a refusal"
	wait_for "$(ui_textf "%ld refused" 1)"
	ok "the status line counts one refusal fewer"
	assert_not "phone: not a phone number" "the dismissed refusal has left the list"
	keys Escape
	wait_title "$(ui_text "jobdesk - main menu")"
	keys 5
	wait_for "$(ui_text "End of day")"
	take_action "$(ui_text "Conflicts: values that lost in sync")" || exit 1
	wait_title "$(ui_text "jobdesk - conflicts")"
	assert_row 4 " $(pad "$NAME" 14) $(pad "$(form_label seeker name)" 10) $(pad 张三风 14) $(pad "$NAME" 14) $(pad "${T#????????????????????????????}" 10) 05-12 06:40" \
	    "a lost value shows record, field, lost, kept, terminal and time in columns"
	assert_screen "$(ui_textf "Lost: %s (terminal %s)" 张三风 "$T")" "the chosen entry is shown whole"
	quit
}

# --- With a district server ---------------------------------------------------
# PostgreSQL and jobdeskd as the sync suites start them (tests/sync/lib.sh),
# started once for these cases; each case enrolls a terminal of its own
# and, but for the first, registers a seeker of its own on it, so that no
# case finds another's records.

# with_server: the server cases, or why they cannot run (see missing).
with_server() {
	SYNC_LIB=$(dirname "$0")/../sync/lib.sh
	JDD=$(dirname "$BIN")/jobdeskd
	# The test tools of the same build: build-san/bin -> build-san/tests, bin -> build/tests.
	TOOLS=$(cd "$(dirname "$BIN")/.." && pwd)/tests
	[ -x "$TOOLS/freeport" ] || TOOLS=$ROOT/build/tests
	_why=
	if [ ! -f "$SYNC_LIB" ]; then
		_why="no $SYNC_LIB"
	elif [ ! -x "$JDD" ]; then
		_why="no jobdeskd beside $BIN (make all)"
	elif [ ! -x "$TOOLS/freeport" ]; then
		_why="no test tool $TOOLS/freeport (make tests)"
	elif ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
		_why="PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb)"
	else
		for _p in psql curl sqlite3; do
			command -v "$_p" >/dev/null 2>&1 || _why="$_p is not installed"
		done
	fi
	if [ -n "$_why" ]; then
		missing "$_why: the cases with a district server cannot run"
		return 0
	fi
	# The sync suites' helpers (pg_start, server_setup, new_terminal...);
	# then this suite's own ok, fail, check, summary and finish again,
	# which the sync library defines too.
	# shellcheck disable=SC1090
	. "$SYNC_LIB"
	# shellcheck disable=SC1091
	. "$(dirname "$0")/lib.sh"
	SERVER_PID=
	PGDIR=
	chmod 711 "$tmp"
	mkdir -p "$tmp/t"
	: >"$tmp/pids"
	export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" \
	    XDG_STATE_HOME="$tmp/state"
	export ASAN_OPTIONS="log_path=$tmp/asan:abort_on_error=0"
	export UBSAN_OPTIONS="log_path=$tmp/asan.ubsan:print_stacktrace=1"
	E2E_ATEXIT=server_down
	# A server that cannot be set up fails the suite here (bail).
	pg_start
	server_setup
	run_case "an enrolled terminal opens on the login screen and goes online" online_case
	run_case "sync now sends what waits, and the status line says so" sync_now_case
	run_case "typing answers at once while the server hangs" hang_case
	run_case "the terminal goes offline when the server dies, and keys still answer" offline_case
	run_case "a street terminal fetches a person registered in another street" fetch_case
}

# On exit: the server (its process id as start_server wrote it, if that
# process is still the server of this folder) and PostgreSQL.
server_down() {
	_p=$(cat "$tmp/server.pid" 2>/dev/null)
	if [ -n "$_p" ] && { tr '\0' ' ' <"/proc/$_p/cmdline"; } 2>/dev/null | grep -qF "$tmp/"; then
		kill -9 "$_p" 2>/dev/null
	fi
	if [ -n "${PGDIR:-}" ] && [ -f "$PGDIR/data/postmaster.pid" ]; then
		stop_pg immediate
	fi
}

# server_up: the server is running and answers (started again if a case
# before ended it); SERVER_PID is its process id.
server_up() {
	SERVER_PID=$(cat "$tmp/server.pid" 2>/dev/null)
	[ "$(curl_health)" = 200 ] && return 0
	SERVER_PID=
	if ! restart_server; then
		fail "given a running jobdeskd: it did not start again"
		tail -n 15 "$tmp/server.log" | sed 's/^/	| /'
		exit 3
	fi
}

# at_enrolled_menu NAME: a new terminal NAME enrolled with the running
# server, the client started on it, online after its first round, and the
# district's supervisor logged in.
at_enrolled_menu() {
	server_up
	new_terminal "$1" 110105-01
	DB=$(tdb "$1")
	E2E_LANG=en
	start LANG=C.UTF-8 TERM=tmux-256color -- --config "$tmp/t/$1/jobdesk.ini"
	wait_title "$(ui_text "jobdesk - log in")"
	wait_for "$(ui_text "online") | $(ui_textf "synced %s" "")" 20
	log_in wangfang "$PASSWORD"
}

# cli_as PASSWORD ARGS...: cli with an account's password on standard input.
cli_as() {
	_pw=$1
	shift
	printf '%s\n' "$_pw" | cli "$@"
}

# given_seeker NAME IDNUM PERSON: a seeker imported on terminal NAME by the
# district's supervisor (signed changes, which the terminal sends).
given_seeker() {
	printf 'id_number,name,phone,household,education,category\n%s,%s,13800000001,urban,21,unemployed\n' \
	    "$2" "$3" >"$tmp/$1.csv"
	given "the seeker $3 on terminal $1" cli_as "$PASSWORD" --config "$tmp/t/$1/jobdesk.ini" \
	    import --user wangfang seekers "$tmp/$1.csv"
}

# Enrolled, never synced: no first-start screen; the first round runs in
# the background and brings the district's accounts.
online_case() {
	server_up
	new_terminal A 110105-01
	DB=$(tdb A)
	E2E_LANG=en
	start LANG=C.UTF-8 TERM=tmux-256color -- --config "$tmp/t/A/jobdesk.ini"
	wait_title "$(ui_text "jobdesk - log in")"
	ok "an enrolled terminal opens on the login screen, not the first start"
	wait_for "$(ui_text "online") | $(ui_textf "synced %s" "")" 20
	ok "the first round in the background brings it online"
	log_in wangfang "$PASSWORD"
	assert_row_has 0 "王芳" "the district's supervisor logs in with the pulled account"
	keys 1
	wait_for "$(ui_text "ID number, name or phone:")"
	text "$IDA"
	wait_for "$(ui_text "no one found; F2 registers a new job seeker")"
	ok "the seeker search is open"
	keys Escape
	wait_title "$(ui_text "jobdesk - main menu")"
	quit
}

# A seeker imported on the terminal waits; sync now sends it.
sync_now_case() {
	at_enrolled_menu B
	given_seeker B "$IDA" "$NAME"
	waiting=$(tsql B "SELECT count(*) FROM outbox")
	check "the import left changes to send" [ "$waiting" -gt 0 ]
	# "| N waiting": the count whole (a 10 would hold a 0).
	wait_for "| $(ui_textf "%ld waiting" "$waiting")"
	ok "the status line counts the changes waiting"
	keys C-y
	wait_for "$(ui_text "syncing with the district server")"
	ok "sync now says it syncs"
	wait_for "| $(ui_textf "%ld waiting" 0)" 15
	synced=$(ui_textf "synced %s" "")
	assert_row_has 22 "$(ui_text "online") | ${synced%% }" "the status line shows online and the last sync"
	case $(row 22) in
	*"$(date +%H:%M)"* | *"$(date -d '-1 min' +%H:%M)"*) ok "the last sync is now (HH:MM)" ;;
	*) fail "the last sync is now (HH:MM)"; dump ;;
	esac
	assert_row_has 22 "| $(ui_textf "%ld waiting" 0)" "after sync now the status line shows nothing waiting"
	check "the server holds the seeker" [ "$(pq "SELECT count(*) FROM record WHERE tbl = 'seeker'
	    AND key = '$(tsql B "SELECT id FROM seeker WHERE id_number = '$IDA'")'")" -eq 1 ]
	# The sync screen says what the round carried, compressed and not.
	keys 4
	wait_title "$(ui_text "jobdesk - sync")"
	assert_row_has 7 "$(ui_text "Network use:")" "the sync screen has its network line"
	case $(row 7) in
	*[0-9]" "*"B in the last round ("[0-9]*"B uncompressed)"*)
		ok "the sync screen gives the bytes of the last round, compressed and uncompressed" ;;
	*) fail "the sync screen gives the bytes of the last round, compressed and uncompressed"; dump ;;
	esac
	assert_row_has 8 "$(ui_text "Records held:")" "the sync screen says what the terminal holds"
	assert_row_has 8 "$(ui_textf "the whole district: %s" 朝阳区公共就业服务中心)" \
	    "... the whole district, by name"
	keys Escape
	wait_title "$(ui_text "jobdesk - main menu")"
	quit
}

# A server that takes the connection and never answers: the round hangs in
# the background while the clerk searches.
hang_case() {
	at_enrolled_menu C
	given_seeker C "$IDC" 李四光
	# Whatever happens, the server goes on afterwards.
	trap 'kill -CONT "$SERVER_PID" 2>/dev/null; stop' EXIT
	kill -STOP "$SERVER_PID"
	keys 1
	wait_for "$(ui_text "ID number, name or phone:")"
	keys C-y
	text 李四光
	wait_for "$(ui_textf "%zu found" 1)" 3
	ok "typing answers at once while the server hangs"
}

# The server dies: the round fails, the status line says so, and the keys
# go on answering at once.
offline_case() {
	at_enrolled_menu D
	given_seeker D "$IDD" 王五岳
	keys 1
	wait_for "$(ui_text "ID number, name or phone:")"
	text 王五岳
	wait_for "$(ui_textf "%zu found" 1)" 3
	kill_server
	# The search is emptied first (no count shown), so the count that
	# follows is the answer to the keys typed after the kill.
	keys C-u
	wait_gone "$(ui_textf "%zu found" 1)" 3
	keys C-y
	text 王五岳
	wait_for "$(ui_textf "%zu found" 1)" 3
	ok "typing goes on while sync fails"
	wait_for "$(ui_text "offline") |" 15
	assert_row_has 22 "$(ui_text "offline") |" "the status line shows offline once the server is gone"
	# A character that matches no one, then taken back: each answered at once.
	text 丰
	wait_for "$(ui_text "no one found; F2 registers a new job seeker")" 3
	keys BSpace
	wait_for "$(ui_textf "%zu found" 1)" 3
	ok "keys still answer at once while offline"
	quit
}

# A street terminal (enrolled with its street as scope) holds a person of
# another street only as an identity index entry; online, the clerk who
# types that person's ID number is asked whether to fetch the record, and
# yes opens it on the form, fetched from the district, which audits it.
fetch_case() {
	server_up
	new_terminal E 110105-02
	DB=$(tdb E)
	t_sync E || fail "the other street's terminal's first sync" "$(cat "$tmp/t/E/sync.err")"
	given_seeker E "$IDE" 刘晓东
	t_sync E || fail "the other street's terminal sends its seeker" "$(cat "$tmp/t/E/sync.err")"
	terminal_ini F
	_code=$(jdd enroll --office 110105-01 --scope 110105-01 2>>"$tmp/admin.log" |
	    awk 'NF { last = $NF } END { print last }')
	jd F enroll "$URL" "$_code" >"$tmp/t/F/enroll.out" 2>&1 ||
	    fail "the street terminal enrolls with its street as scope" "$(cat "$tmp/t/F/enroll.out")"
	DB=$(tdb F)
	E2E_LANG=en
	start LANG=C.UTF-8 TERM=tmux-256color -- --config "$tmp/t/F/jobdesk.ini"
	wait_title "$(ui_text "jobdesk - log in")"
	wait_for "$(ui_text "online") | $(ui_textf "synced %s" "")" 20
	log_in wangfang "$PASSWORD"
	check "the street terminal holds the person only as an index entry" [ \
	    "$(tsql F "SELECT (SELECT count(*) FROM seeker WHERE id_number = '$IDE') || ' ' ||
	    (SELECT count(*) FROM identity_index WHERE office = '110105-02')")" = "0 1" ]
	keys 1
	wait_for "$(ui_text "ID number, name or phone:")"
	text "$IDE"
	wait_for "$(ui_text "no one found; F2 registers a new job seeker")"
	keys Enter
	wait_title "$(ui_text "jobdesk - register a job seeker")"
	_masked=$(printf '%s' "$IDE" | sed 's/^\(......\)........\(....\)$/\1********\2/')
	wait_for "$(ui_textf "ID number %s is registered at %s, status %s. Fetch the record from the district?" \
	    "$_masked" "110105-02" "" | sed 's/ at .*//')"
	assert_row_has 21 "$(ui_text "Fetch the record from the district?")" \
	    "online, the clerk is asked whether to fetch the record"
	assert_row_has 21 "(y/n)" "the question shows whole, with its answers"
	keys y
	wait_title "$(ui_text "jobdesk - job seeker")" 20
	assert_row_has 3 "刘晓东" "yes opens the person's record on the form"
	assert_screen "fetched" "the message says the record was fetched from the district"
	check "the record is now on the street terminal" \
	    [ "$(tsql F "SELECT count(*) FROM seeker WHERE id_number = '$IDE'")" = 1 ]
	check "the district audited the fetch, for this terminal and account" [ \
	    "$(pq "SELECT account FROM fetch_audit WHERE terminal = '$(tsql F "SELECT value
	    FROM setting WHERE key = 'terminal_id'")'")" = wangfang ]
	quit
}

for _m in en zh mono; do
	case $_m in
	en) _how="in English" ;;
	zh) _how="in Chinese" ;;
	mono) _how="on a monochrome vt100" ;;
	esac
	run_case "not enrolled, $_how: the status line and sync now" unenrolled_menu "$_m"
	run_case "not enrolled, $_how: the sync screen" unenrolled_sync_screen "$_m"
	run_case "not enrolled, $_how: the conflict journal" unenrolled_journal "$_m"
done
run_case "a clerk's menu and the conflict journal" clerk_menu
for _l in en zh; do
	[ "$_l" = en ] && _how="in English" || _how="in Chinese"
	run_case "a clerk may not merge, $_how" merge_refused "$_l"
	run_case "a supervisor merges a seeker registered twice, $_how" merge "$_l"
	run_case "refusals and lost values on the sync screen and the journal, $_how" refusals "$_l"
	run_case "a supervisor moves a seeker to another office and sees its history, $_how" \
	    transfer "$_l"
done
with_server
finish
