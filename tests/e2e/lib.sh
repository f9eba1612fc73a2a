# Helpers for the end-to-end tests of the full-screen client: the real
# binary runs in a detached tmux on a private socket, 80x24, keys go in
# with send-keys and the screen is read with capture-pane. Every wait polls
# the screen every 0.1 s (up to 10 s); only a test of the client's own
# waiting sleeps longer.
#
# A test script does:
#	. tests/e2e/lib.sh
#	e2e_init "$@"			# BINARY as given by tests/run.sh
#	run_case "what" some_function	# in a subshell; a failed wait ends it
#	finish				# "N passed, M failed", exit status
#
# A failed wait ends its case, so a case is short and starts from a state
# it makes itself (a new database, first_start, data given with cli):
# whatever an earlier case did or failed to do, every case runs and reports.
# Results are counted in a file, so cases may run in subshells. This file
# is sourced, not run: tests/run.sh skips it.

# Valid ID numbers and credit codes (idnum, uscc).
. "$(dirname "$0")/../checkdigits.sh"

# Quote one word for sh.
q() {
	printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

# tmux on this test's own server, with no configuration file.
t() {
	tmux -L "$SOCK" -f /dev/null "$@"
}

# Set up: the binary, a temporary folder, the tmux server, the EXIT trap.
e2e_init() {
	if [ $# -lt 1 ]; then
		echo "usage: sh $0 BINARY" >&2
		exit 2
	fi
	case $1 in
	/*) BIN=$1 ;;
	*) BIN=$(pwd)/$1 ;;
	esac
	if [ ! -x "$BIN" ]; then
		echo "$0: \"$BIN\" is not a program; run make first" >&2
		exit 2
	fi
	if ! command -v tmux >/dev/null 2>&1; then
		echo "$0: tmux is not installed (make deps)" >&2
		exit 2
	fi
	# The source tree the binary belongs to, found as the program finds it.
	ROOT=$(cd "$(dirname "$BIN")" && pwd -P)
	while [ "$ROOT" != / ] && ! { [ -f "$ROOT/forms/seeker.form" ] &&
	    [ -f "$ROOT/src/jobdesk.c" ]; }; do
		ROOT=$(dirname "$ROOT")
	done
	[ "$ROOT" != / ] || ROOT=$(pwd)
	MO=$ROOT/build/locale/zh_CN/LC_MESSAGES/jobdesk.mo
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/jobdesk-e2e.XXXXXX") || exit 2
	SOCK=jobdesk-e2e-$$
	SOCKPATH=
	S=
	finished=0
	mkdir -p "$tmp/home" "$tmp/config" "$tmp/data" "$tmp/state" "$tmp/cache"
	: >"$tmp/results"
	echo 0 >"$tmp/nsession"
	DB=$tmp/t.db
	E2E_LANG=en
	unset TMUX
	trap e2e_cleanup EXIT
	trap 'exit 1' INT TERM HUP
	# A session that only keeps the server alive between the client's runs.
	t new-session -d -s keep -x 80 -y 24 "exec sleep 3600" || exit 2
	SOCKPATH=$(t display-message -p -t keep '#{socket_path}')
}

# On EXIT: the summary if finish was not reached, then what the script
# asks for in E2E_ATEXIT (ending the servers it started), then remove everything.
e2e_cleanup() {
	_rc=$?
	if [ "$finished" = 0 ]; then
		fail "the script ended early (status $_rc)"
		summary
		_rc=1
	fi
	[ -z "${E2E_ATEXIT:-}" ] || eval "$E2E_ATEXIT"
	t kill-server >/dev/null 2>&1
	# tmux leaves its socket behind.
	[ -n "${SOCKPATH:-}" ] && rm -f "$SOCKPATH"
	rm -rf "$tmp"
	exit "$_rc"
}

# Record a passed check.
ok() {
	echo "ok   - ${RUN:+$RUN: }$*"
	echo pass >>"$tmp/results"
}

# Record a failed check.
fail() {
	echo "FAIL - ${RUN:+$RUN: }$*"
	echo fail >>"$tmp/results"
}

# missing WHAT: a prerequisite of some cases is not there, so they cannot
# run as written. Under make check (tests/run.sh exports JOBDESK_CHECK_ALL=1)
# that is a failure: CI must not pass on cases it never ran. Run by hand
# without it, the suite goes on with a note; the caller skips what it must.
missing() {
	if [ "${JOBDESK_CHECK_ALL:-}" = 1 ]; then
		fail "cannot run: $1 (make check needs it: make check-deps, make all)"
	else
		echo "     skip: $1 (a failure under JOBDESK_CHECK_ALL=1)"
	fi
}

# Print the counts; non-zero if anything failed.
summary() {
	npass=$(grep -c '^pass$' "$tmp/results")
	nfail=$(grep -c '^fail$' "$tmp/results")
	echo "$(basename "$0" .sh): $npass passed, $nfail failed"
	[ "$nfail" -eq 0 ] && [ "$npass" -gt 0 ]
}

# Fail on any sanitizer report, print the counts and exit.
finish() {
	for _f in "$tmp"/asan.*; do
		[ -e "$_f" ] || continue
		fail "sanitizer report $(basename "$_f"):"
		sed 's/^/	/' "$_f" | head -60
	done
	finished=1
	if summary; then
		exit 0
	fi
	exit 1
}

# Run one case in a subshell: a wait that fails ends the case, not the script.
run_case() {
	_name=$1
	shift
	echo "== $_name"
	(
		RUN=$_name
		trap stop EXIT
		"$@"
	)
	case $? in
	0) ;;
	3) echo "     $_name: the case stopped at the failed step" ;;
	*) fail "$_name: the case stopped early" ;;
	esac
}

# The client's command line on the case's database (import, user...): cli
# ARG ...; the output in $tmp/cli.out, the exit status returned.
cli() {
	env -i PATH="$PATH" HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config" \
	    XDG_DATA_HOME="$tmp/data" XDG_STATE_HOME="$tmp/state" LANG=C.UTF-8 \
	    ASAN_OPTIONS="log_path=$tmp/asan:abort_on_error=0" \
	    UBSAN_OPTIONS="log_path=$tmp/asan.ubsan:print_stacktrace=1" \
	    "$BIN" --db "$DB" "$@" >"$tmp/cli.out" 2>&1
}

# cli_from FILE ARG ...: cli with its standard input from FILE.
cli_from() {
	_in=$1
	shift
	cli "$@" <"$_in"
}

# log_in LOGIN PASSWORD: log in on the login screen and wait for the main menu.
log_in() {
	wait_title "$(ui_text "jobdesk - log in")"
	text "$1"
	keys Tab
	text "$2"
	keys Enter
	wait_title "$(ui_text "jobdesk - main menu")"
}

# quit: quit from wherever the client is (Ctrl-Q, yes), and check that
# it exits with status 0.
quit() {
	keys C-q
	wait_for "$(ui_text "Quit jobdesk?")"
	keys y
	wait_for "EXITED-"
	assert_screen "EXITED-0" "the client exits with status 0"
}

# A step that makes a case's starting state (with cli, sqlite3...): given
# WHAT COMMAND ... On failure it fails with the output and ends the case.
given() {
	_what=$1
	shift
	: >"$tmp/cli.out"
	if ! "$@" >"$tmp/given.out" 2>&1; then
		fail "given $_what: $* failed"
		cat "$tmp/given.out" "$tmp/cli.out" | sed 's/^/	| /' | head -20
		exit 3
	fi
}

# Start the client in a new session of 80x24: start [VAR=VALUE ...] [-- ARG ...].
# The environment is empty but for PATH, HOME and XDG folders in the temporary
# folder, LANG=C.UTF-8, TERM=tmux-256color and the assignments given. After
# the client ends the pane shows "EXITED-<status>" and whether the terminal is
# back in canonical mode ("icanon" or "-icanon").
start() {
	_envs=
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		_envs="$_envs $(q "$1")"
		shift
	done
	[ $# -gt 0 ] && shift
	_args=
	for _a in "$@"; do
		_args="$_args $(q "$_a")"
	done
	stop
	_ns=$(($(cat "$tmp/nsession") + 1))
	echo "$_ns" >"$tmp/nsession"
	S=jd$_ns
	cat >"$tmp/run-$S.sh" <<EOF
env -i PATH=$(q "$PATH") HOME=$(q "$tmp/home") \\
    XDG_CONFIG_HOME=$(q "$tmp/config") XDG_DATA_HOME=$(q "$tmp/data") \\
    XDG_STATE_HOME=$(q "$tmp/state") XDG_CACHE_HOME=$(q "$tmp/cache") \\
    ${TZ:+TZ=$(q "$TZ")} LANG=C.UTF-8 TERM=tmux-256color \\
    ASAN_OPTIONS=$(q "log_path=$tmp/asan:abort_on_error=0") \\
    UBSAN_OPTIONS=$(q "log_path=$tmp/asan.ubsan:print_stacktrace=1") \\
    $_envs $(q "$BIN") --db $(q "$DB") $_args
echo "EXITED-\$?"
stty -a | grep -o 'icanon\|-icanon' | head -1
exec sleep 3600
EOF
	t new-session -d -s "$S" -x 80 -y 24 "sh $(q "$tmp/run-$S.sh")"
}

# End the current session, if any; first what the script asks for in
# E2E_STOP (ending a program the client runs under that would outlive it).
stop() {
	if [ -n "$S" ]; then
		[ -z "${E2E_STOP:-}" ] || eval "$E2E_STOP"
		t kill-session -t "$S" >/dev/null 2>&1
		S=
	fi
}

# Send keys by tmux name (Tab, Enter, BSpace, Escape, C-s, F2 ...).
keys() {
	t send-keys -t "$S" "$@"
}

# Type text literally, Chinese included.
text() {
	t send-keys -t "$S" -l -- "$1"
}

# The screen as text (double-width characters appear once).
screen() {
	t capture-pane -p -t "$S"
}

# The screen with attributes as escape sequences.
screen_e() {
	t capture-pane -e -p -t "$S"
}

# Row N (0 = title) of the screen.
row() {
	screen | sed -n "$(($1 + 1))p"
}

# Where the terminal cursor is: "X Y".
cursor() {
	t display-message -p -t "$S" '#{cursor_x} #{cursor_y}'
}

# Print the screen for a failure report.
dump() {
	echo "	screen of $S:"
	screen | awk '{ printf "\t%2d|%s\n", NR - 1, $0 }'
}

# Poll until TEXT is on the screen; non-zero after TIMEOUT seconds (10), or
# at once when the client has exited and TEXT did not appear.
poll_for() {
	_n=$(((${2:-10}) * 10))
	while :; do
		screen >"$tmp/screen" 2>/dev/null
		grep -qF -- "$1" "$tmp/screen" && return 0
		grep -q 'EXITED-' "$tmp/screen" && return 1
		_n=$((_n - 1))
		[ "$_n" -gt 0 ] || return 1
		sleep 0.1
	done
}

# Poll until TEXT is gone from the screen; non-zero after TIMEOUT seconds (10).
poll_gone() {
	_n=$(((${2:-10}) * 10))
	while :; do
		screen >"$tmp/screen" 2>/dev/null
		grep -qF -- "$1" "$tmp/screen" || return 0
		_n=$((_n - 1))
		[ "$_n" -gt 0 ] || return 1
		sleep 0.1
	done
}

# The screen as the client drew it whole: a frame reaches the terminal in
# more than one write, and a capture between them shows the new title over
# the old body. Once two captures 0.02 s apart are the same (or after 1 s,
# for a screen that keeps changing) what follows a wait looks at one frame.
settle() {
	_prev=$(screen)
	_k=50
	while [ "$_k" -gt 0 ]; do
		sleep 0.02
		_cur=$(screen)
		[ "$_cur" = "$_prev" ] && return 0
		_prev=$_cur
		_k=$((_k - 1))
	done
}

# Wait for TEXT; on a timeout fail with the screen and end the case (status 3).
wait_for() {
	if ! poll_for "$@"; then
		fail "waited ${2:-10} s for \"$1\""
		dump
		exit 3
	fi
	settle
}

# Wait until row N is exactly TEXT; on a timeout fail with the screen and end the case.
wait_row() {
	_n=$(((${3:-10}) * 10))
	while [ "$(row "$1")" != "$2" ]; do
		_n=$((_n - 1))
		if [ "$_n" -le 0 ]; then
			fail "waited ${3:-10} s for row $1 to be \"$2\""
			dump
			exit 3
		fi
		sleep 0.1
	done
	settle
}

# Wait until TEXT is gone; on a timeout fail with the screen and end the case.
wait_gone() {
	if ! poll_gone "$@"; then
		fail "waited ${2:-10} s for \"$1\" to go"
		dump
		exit 3
	fi
	settle
}

# The screen shows TEXT now.
assert_screen() {
	if screen | grep -qF -- "$1"; then
		ok "${2:-screen shows \"$1\"}"
	else
		fail "${2:-screen shows \"$1\"}: not found"
		dump
	fi
}

# The screen does not show TEXT now.
assert_not() {
	if screen | grep -qF -- "$1"; then
		fail "${2:-screen does not show \"$1\"}: it does"
		dump
	else
		ok "${2:-screen does not show \"$1\"}"
	fi
}

# In a numbered list of actions on the screen (ui_choose: "N  LABEL"), take
# the one named LABEL by its digit; 1 (after a failure) when none is.
take_action() {
	_n=$(screen | sed -n "s/.* \([1-9]\)  $1.*/\1/p" | head -n 1)
	if [ -z "$_n" ]; then
		fail "the list offers \"$1\": not found"
		dump
		return 1
	fi
	keys "$_n"
}

# Row N is exactly TEXT (trailing blanks are not captured).
assert_row() {
	_got=$(row "$1")
	if [ "$_got" = "$2" ]; then
		ok "${3:-row $1 is \"$2\"}"
	else
		fail "${3:-row $1 is \"$2\"}"
		echo "	expected: |$2|"
		echo "	got:      |$_got|"
		dump
	fi
}

# Row N contains TEXT.
assert_row_has() {
	if row "$1" | grep -qF -- "$2"; then
		ok "${3:-row $1 shows \"$2\"}"
	else
		fail "${3:-row $1 shows \"$2\"}"
		dump
	fi
}

# Check a shell condition: check "what" command ...
check() {
	_what=$1
	shift
	if "$@"; then
		ok "$_what"
	else
		fail "$_what"
	fi
}

# A message of the client as the current run shows it: the zh_CN catalogue's
# translation in a Chinese run when the catalogue is built, else the msgid.
ui_text() {
	if [ "$E2E_LANG" = zh ] && [ -f "$MO" ]; then
		TEXTDOMAINDIR=$ROOT/build/locale LANGUAGE=zh_CN LC_ALL=C.UTF-8 \
		    gettext -d jobdesk -- "$1"
	else
		printf '%s' "$1"
	fi
}

# A formatted message: ui_textf FORMAT ARG ... (%s, %c and integers; sh's
# printf has no %ld or %zu, so they become %d).
ui_textf() {
	_fmt=$(ui_text "$1" | sed 's/%[lz]\([diu]\)/%\1/g')
	shift
	# shellcheck disable=SC2059
	printf "$_fmt" "$@"
}

# A label of a form file as the current run shows it: form_label FORM KEY
# (KEY "form" gives the form's name).
form_label() {
	if [ "$E2E_LANG" = zh ]; then
		_lk=label_zh _nk=name_zh
	else
		_lk=label_en _nk=name_en
	fi
	awk -v sec="[$2]" -v lk="$_lk" -v nk="$_nk" '
		$0 == sec { on = 1; next }
		/^\[/ { on = 0 }
		on && ($1 == lk || $1 == nk) {
			sub(/^[^=]*=[ \t]*/, ""); print; exit
		}' "$ROOT/forms/$1.form"
}

# Display width of a text in cells.
cells() {
	printf '%s' "$1" | LC_ALL=C.UTF-8 wc -L
}

# A text padded with blanks to CELLS display cells: pad TEXT CELLS.
pad() {
	_w=$(cells "$1")
	printf '%s%*s' "$1" $(($2 > _w ? $2 - _w : 0)) ''
}

# Whether a line of capture-pane -e output sets reverse video.
sgr_reverse() {
	printf '%s' "$1" | grep -Eq "$(printf '\033')\\[([0-9;]*;)?7[;m]"
}

# Whether a line of capture-pane -e output sets a colour (not the default
# colours 39 and 49, which tmux writes even on a monochrome screen).
sgr_colour() {
	printf '%s' "$1" | grep -Eq "$(printf '\033')\\[([0-9;]*;)?(3[0-8]|4[0-8]|9[0-7]|10[0-7])[;m]"
}

# The message line (row 21) shows TEXT; a TEXT wider than 80 cells may take
# row 20 as well, and what does not fit in both ends with the ">" mark the
# client puts where it cuts a text.
assert_msg() {
	_got=$(row 21)
	_what=${2:-message line shows \"$1\"}
	if [ "$_got" = "$1" ]; then
		ok "$_what"
		return
	fi
	# Wider than the line, a message takes the line above as well, broken at a
	# space where it can be, else where the line is full (src/ui/ui.c); what is
	# wider still is cut, marked.
	_above=$(row 20)
	if [ "$(cells "$1")" -gt 80 ] && [ -n "$_above" ]; then
		if [ "$_above $_got" = "$1" ] || [ "$_above$_got" = "$1" ]; then
			ok "$_what (on two lines)"
			return
		fi
		_got="$_above $_got"
	fi
	_cut=${_got%>}
	_cut=${_cut%"${_cut##*[! ]}"}
	if [ "$(cells "$1")" -gt 80 ] && [ "$_cut" != "$_got" ] && [ -n "$_cut" ]; then
		case $1 in
		"$_cut"*)
			ok "$_what (cut to the line)"
			return
			;;
		esac
	fi
	fail "$_what"
	echo "	expected: |$1|"
	echo "	got:      |$_got|"
	dump
}

# Whether the zh_CN catalogue is built and translates the message the client
# probes to find that gettext chose Chinese (src/jobdesk.c).
zh_catalogue() {
	[ -f "$MO" ] && [ "$(TEXTDOMAINDIR=$ROOT/build/locale LANGUAGE=zh_CN LC_ALL=C.UTF-8 \
	    gettext -d jobdesk -- "Job seekers")" != "Job seekers" ]
}

# For a suite with Chinese cases, once: without the catalogue they cannot
# show Chinese (see missing).
need_catalogue() {
	zh_catalogue || missing "no zh_CN catalogue that translates \"Job seekers\" ($MO; make all builds it): the Chinese cases run with language = zh_CN in a --config file and English texts"
}

# Start the client in Chinese: start_zh [VAR=VALUE ...]. Chinese comes from
# LANGUAGE=zh_CN when the catalogue translates (the client takes it from the
# locale only then: src/jobdesk.c choose_chinese); without one, from the
# configuration's language = zh_CN in a --config file.
start_zh() {
	if zh_catalogue; then
		start LANG=C.UTF-8 LANGUAGE=zh_CN "$@"
	else
		printf '[client]\nlanguage = zh_CN\n' >"$tmp/zh.ini"
		start LANG=C.UTF-8 LANGUAGE=zh_CN "$@" -- --config "$tmp/zh.ini"
	fi
}

# Start the client on the case's database as the run's mode ($mode) says:
# en (English, colour), zh (Chinese, colour) or mono (English, vt100).
start_mode() {
	case $mode in
	en) start LANG=C.UTF-8 TERM=tmux-256color ;;
	zh) start_zh TERM=tmux-256color ;;
	mono) start LANG=C.UTF-8 TERM=vt100 ;;
	esac
}

# On the first-start screen: office 110105-001 and supervisor wangfang with
# password $PASSWORD, saved with Ctrl-S; waits for the main menu.
PASSWORD=Counter-2024
first_start() {
	first_start_form 110105-001
	keys C-s
	wait_for "$(ui_text "office and supervisor saved; welcome")"
}

# Fill the first-start form as first_start does, with the office code CODE,
# without saving it.
first_start_form() {
	wait_title "$(ui_text "jobdesk - first start")"
	text "$1"
	keys Tab
	text 朝阳区职业介绍服务中心
	keys Tab Tab
	text wangfang
	keys Tab
	text 王芳
	keys Tab
	text "$PASSWORD"
	keys Tab
	text "$PASSWORD"
}

# Whether the title bar shows exactly TITLE (not a longer title it begins).
is_title() {
	case $(row 0) in
	"$1" | "$1 "*) return 0 ;;
	esac
	return 1
}

# Wait for the title bar to show TITLE; on a timeout fail and end the case.
wait_title() {
	_n=$(((${2:-10}) * 10))
	until is_title "$1"; do
		_n=$((_n - 1))
		if [ "$_n" -le 0 ]; then
			fail "waited ${2:-10} s for the title \"$1\""
			dump
			exit 3
		fi
		sleep 0.1
	done
	settle
}

# The title bar shows TITLE now.
assert_title() {
	if is_title "$1"; then
		ok "${2:-the title is \"$1\"}"
	else
		fail "${2:-the title is \"$1\"}"
		dump
	fi
}
