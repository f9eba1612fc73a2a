#!/bin/sh
# Bytes on the line per key, for a terminal on a 9600-baud serial line or
# a slow SSH session, in English, in Chinese and on a monochrome vt100:
# the client runs under script(1), which keeps everything it writes to
# the terminal, and a key typed into the address field of a new job
# seeker's form writes under 64 bytes: a letter, a Chinese character (two
# cells), Backspace, and a character typed past the edge of a long address
# once the field has scrolled. A move to the next field writes under a
# quarter of what a whole redraw (Ctrl-L) writes. These are counts of
# bytes, not times: the screen only has to stop changing.
#
# Usage: sh tests/e2e/keybytes.sh BINARY
. "$(dirname "$0")/lib.sh"
e2e_init "$@"

need_catalogue
have_script=1
if ! command -v script >/dev/null 2>&1; then
	missing "script(1) is not installed (bsdutils): the bytes the client writes cannot be kept"
	have_script=0
fi

# The most a key typed into a field may write (jobdesk(1), FIELD TERMINALS).
KEY_BYTES_MAX=64
# 30 characters of two cells: the address field's 60 cells, full.
LONG=北京市朝阳区建国门外大街甲八十八号院三号楼二单元五零一室东侧

# The mode of a run: its language, its terminal and the keys it uses.
set_mode() {
	mode=$1
	case $mode in
	en) E2E_LANG=en NEW=C-n ;;
	zh) E2E_LANG=zh NEW=F2 ;;
	mono) E2E_LANG=en NEW=F2 ;;
	esac
}

# A program that runs the client under script(1) with the arguments it is
# given, quoted for script's shell, everything the client writes appended
# to $TYPESCRIPT, flushed at each write; script's process id in
# $TYPESCRIPT.pid (see end_scripts).
make_wrapper() {
	cat >"$tmp/under-script.sh" <<EOF
#!/bin/sh
echo \$\$ >"\$TYPESCRIPT.pid"
set -- $(q "$BIN") "\$@"
cmd=
for a; do
	cmd="\$cmd '\$(printf '%s' "\$a" | sed "s/'/'\\\\\\\\''/g")'"
done
exec script -q -e -f -E never -O "\$TYPESCRIPT" -c "\$cmd"
EOF
	chmod +x "$tmp/under-script.sh"
}

# End every script(1) started, and with it its client: script blocks the
# hangup that ending the tmux session sends, and would wait on for a
# client that waits on for keys. At the end of each case and of the suite.
end_scripts() {
	for _pid in "$tmp"/typescript-*.pid; do
		[ -f "$_pid" ] || continue
		kill "$(cat "$_pid")" 2>/dev/null
		rm -f "$_pid"
	done
}
E2E_STOP=end_scripts
E2E_ATEXIT=end_scripts

# The bytes the client has written so far, once no more come: two counts
# 0.1 s apart the same (script writes the screen and then its file).
written() {
	_a=$(wc -c <"$TYPESCRIPT")
	while :; do
		sleep 0.1
		_b=$(wc -c <"$TYPESCRIPT")
		[ "$_a" = "$_b" ] && break
		_a=$_b
	done
	echo "$_a"
}

# begin MODE CASE: a new database set up at its first start, the client under
# script(1), on the address field of a new job seeker's registration.
begin() {
	set_mode "$1"
	DB=$tmp/t-$1-$2.db
	TYPESCRIPT=$tmp/typescript-$1-$2
	: >"$TYPESCRIPT"
	_real=$BIN
	BIN=$tmp/under-script.sh
	start_mode_typescript
	BIN=$_real
	first_start
	keys 1
	wait_title "$(ui_text "jobdesk - job seekers")"
	keys "$NEW"
	wait_title "$(ui_text "jobdesk - register a job seeker")"
	# ID number, name, phone, household, district, street: then the address.
	keys Tab Tab Tab Tab Tab Tab F1
	wait_for "$(form_help seeker address)"
	keys Escape
	wait_gone "$(form_help seeker address)"
	ADDRESS_ROW=$(screen | awk -v l="$(form_label seeker address)" \
	    'index($0, l) == 1 { print NR - 1; exit }')
	if [ -z "$ADDRESS_ROW" ]; then
		fail "the form shows the address"
		dump
		exit 3
	fi
}

# As start_mode, the TYPESCRIPT variable handed to the wrapper.
start_mode_typescript() {
	case $mode in
	en) start LANG=C.UTF-8 TERM=tmux-256color TYPESCRIPT="$TYPESCRIPT" ;;
	zh) start_zh TERM=tmux-256color TYPESCRIPT="$TYPESCRIPT" ;;
	mono) start LANG=C.UTF-8 TERM=vt100 TYPESCRIPT="$TYPESCRIPT" ;;
	esac
}

# A field's help text in the run's language: form_help FORM KEY.
form_help() {
	if [ "$E2E_LANG" = zh ]; then
		_hk=help_zh
	else
		_hk=help_en
	fi
	awk -v sec="[$2]" -v hk="$_hk" '
		$0 == sec { on = 1; next }
		/^\[/ { on = 0 }
		on && $1 == hk { sub(/^[^=]*=[ \t]*/, ""); gsub(/"/, ""); print; exit }' \
	    "$ROOT/forms/$1.form"
}

# Wait until the address field's text (its row without the label and the
# blanks around) matches the sh pattern PATTERN.
wait_address() {
	_n=100
	while :; do
		_got=$(row "$ADDRESS_ROW" | sed 's/^[^ ]* *//; s/ *$//')
		# shellcheck disable=SC2254
		case $_got in
		$1) break ;;
		esac
		_n=$((_n - 1))
		if [ "$_n" -le 0 ]; then
			fail "waited 10 s for the address field to show \"$1\""
			dump
			exit 3
		fi
		sleep 0.1
	done
	settle
}

# key_bytes WHAT PATTERN KEY...: type the keys (text with -l), wait for
# the address to match PATTERN (wait_address), and set BYTES to what the client wrote for them,
# the new bytes in $tmp/bytes.
key_bytes() {
	_what=$1 _shown=$2
	shift 2
	_before=$(written)
	if [ "$1" = -l ]; then
		text "$2"
	else
		keys "$@"
	fi
	wait_address "$_shown"
	_after=$(written)
	BYTES=$((_after - _before))
	tail -c "$BYTES" "$TYPESCRIPT" >"$tmp/bytes"
	echo "     $_what: $BYTES bytes"
}

# The new bytes hold TEXT as it was sent to the terminal.
bytes_hold() {
	grep -qF -- "$1" "$tmp/bytes"
}

# --- A key in a form field writes what changed only. -------------------------
field_case() {
	begin "$1" field
	key_bytes "a letter" a -l a
	check "a letter typed writes under $KEY_BYTES_MAX bytes ($BYTES)" \
	    test "$BYTES" -lt "$KEY_BYTES_MAX"
	check "and the letter itself" bytes_hold a
	key_bytes "Backspace" "" BSpace
	check "Backspace writes under $KEY_BYTES_MAX bytes ($BYTES)" \
	    test "$BYTES" -lt "$KEY_BYTES_MAX" -a "$BYTES" -gt 0
	key_bytes "a Chinese character" 张 -l 张
	check "a Chinese character (two cells) writes under $KEY_BYTES_MAX bytes ($BYTES)" \
	    test "$BYTES" -lt "$KEY_BYTES_MAX"
	check "and the character itself" bytes_hold 张
	key_bytes "Backspace over it" "" BSpace
	check "Backspace over it writes under $KEY_BYTES_MAX bytes ($BYTES)" \
	    test "$BYTES" -lt "$KEY_BYTES_MAX" -a "$BYTES" -gt 0
}

# --- Past the edge of a long text, the field scrolls once, not every key. ----
long_case() {
	begin "$1" long
	text "$LONG"
	wait_address "$LONG"
	# The 31st character goes past the edge: the field scrolls, the text
	# kept whole, the cursor half way across; the next one does not.
	key_bytes "the first character past the edge" "<*王" -l 王
	key_bytes "the next one" "<*王李" -l 李
	check "the next character writes under $KEY_BYTES_MAX bytes ($BYTES), not the field" \
	    test "$BYTES" -lt "$KEY_BYTES_MAX"
	check "and the character itself" bytes_hold 李
	# '<', the 18th character on (13 of them), then 王李: the cursor at cell 31 of 61.
	tail=$(printf '%s' "$LONG" | LC_ALL=C.UTF-8 sed 's/^.\{17\}//')
	assert_row "$ADDRESS_ROW" "$(pad "$(form_label seeker address)" 14)<${tail}王李" \
	    "the field shows the end of the text, marked as scrolled"
}

# --- A field move redraws the two fields, not the screen. --------------------
move_case() {
	begin "$1" move
	_before=$(written)
	keys C-l
	n=0
	while [ "$(wc -c <"$TYPESCRIPT")" = "$_before" ] && [ $n -lt 100 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	_full=$(($(written) - _before))
	echo "     a whole redraw (Ctrl-L): $_full bytes"
	check "a whole redraw writes the screen ($_full bytes)" test "$_full" -gt 1000
	_row=$(cursor)
	_before=$(written)
	keys Tab
	n=0
	while [ "$(cursor)" = "$_row" ] && [ $n -lt 100 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	settle
	_move=$(($(written) - _before))
	echo "     a move to the next field: $_move bytes"
	check "a move to the next field writes under a quarter of that ($_move bytes)" \
	    test $((_move * 4)) -lt "$_full" -a "$_move" -gt 0
}

if [ "$have_script" = 1 ]; then
	make_wrapper
	for m in en zh mono; do
		case $m in
		en) label="English, tmux-256color" ;;
		zh) label="Chinese (LANGUAGE=zh_CN), tmux-256color" ;;
		mono) label="monochrome vt100" ;;
		esac
		run_case "$label: a key in a form field" field_case "$m"
		run_case "$label: typing past the edge of a long address" long_case "$m"
		run_case "$label: a move to the next field" move_case "$m"
	done
fi
finish
