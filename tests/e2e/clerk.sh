#!/bin/sh
# A clerk's day at the counter, in short cases, each run three times: in
# English, in Chinese, and on a monochrome vt100 with only Ctrl keys and
# F1-F4. First start (office and supervisor); a job seeker with a Chinese
# name registered from the search screen (a wrong ID number carried from
# the search refused first; in English two categories marked in the
# picker; the save back at the search); the same ID number found again
# (masked in the list); codes found by the words people say (大专 taken at
# once, 朝阳 listing 朝阳区 first, a street refused in the district field
# and warned about outside it, counted in keys); an employer (是/否) and a
# vacancy; resizing (too small, then whole again); Ctrl-L; quitting with
# the terminal restored.
#
# Every case starts from a new database that it sets up itself (the first
# start, records given with the command line), so one that stops at a
# failed wait does not keep the others from running.
#
# Usage: sh tests/e2e/clerk.sh BINARY
. "$(dirname "$0")/lib.sh"
e2e_init "$@"

today=$(date +%Y-%m-%d)
until=$(date -d "+90 days" +%Y-%m-%d)		# registration_days defaults to 90
vdate=$(date -d "+60 days" +%Y-%m-%d)		# the vacancy's last day

IDNUM=11010519491231002X
IDBAD=110105194912310021
MASKED='110105********002X'
NAME=张三丰
OFFICE=朝阳区职业介绍服务中心
USCC=9111010855138508R0
EMPLOYER=北京朝阳软件有限公司
JOB=软件测试工程师

need_catalogue

# A label of the seeker form as this run shows it, with the required mark.
sl() {
	form_label seeker "$1"
}

# The mode of a run: its language and the keys it uses.
set_mode() {
	mode=$1
	case $mode in
	en) E2E_LANG=en SAVE=C-s PICK=C-p NEW=C-n QUIT=C-q ;;
	zh) E2E_LANG=zh SAVE=F2 PICK=F4 NEW=F2 QUIT=C-q ;;
	mono) E2E_LANG=en SAVE=F2 PICK=F4 NEW=C-n QUIT=C-q ;;
	esac
}

# begin MODE CASE: the mode, a new database for the case, the client started.
begin() {
	set_mode "$1"
	DB=$tmp/t-$1-$2.db
	start_mode
}

# at_menu MODE CASE: begin, and the first start done (lib.sh's first_start:
# the same office and supervisor): the main menu.
at_menu() {
	begin "$1" "$2"
	first_start
	wait_title "$(ui_text "jobdesk - main menu")"
}

# Quit the client, start it again on the same database and log in: the
# records given with the command line meanwhile are there from the start.
restart_logged_in() {
	keys "$QUIT"
	wait_for "$(ui_text "Quit jobdesk?")"
	keys y
	wait_for "EXITED-"
	start_mode
	wait_title "$(ui_text "jobdesk - log in")"
	text wangfang
	keys Tab
	text "$PASSWORD"
	keys Enter
	wait_title "$(ui_text "jobdesk - main menu")"
}

# The registration line of the seeker registered today.
regline() {
	printf ' %s' "$(ui_textf "Registration: %s%s%s | registered %s | valid until %s" \
	    "$(ui_text registered)" "" "" "$today" "$until")"
}

# The seeker's row in the search list. Columns: masked ID 1-18, name 20-31,
# born 33-42, phone 44-55, status 57-66, valid until 68-77; 张三丰 takes 6
# cells and is padded to 12.
listrow() {
	printf ' %s %s 1949-12-31 138****5678  %s %s' "$MASKED" "$(pad "$NAME" 12)" \
	    "$(pad "$(ui_text registered)" 10)" "$until"
}

# --- First start: the office and its first supervisor.
first_start_case() {
	begin "$1" setup
	wait_title "$(ui_text "jobdesk - first start")"
	if [ "$E2E_LANG" = zh ]; then
		assert_screen "机构代码*" "setup labels are Chinese"
		assert_screen "主管登录名*"
	else
		assert_screen "Office code*" "setup labels are English"
		assert_screen "Supervisor*"
	fi
	# The level is a code shown with its name; its name typed is taken as the code.
	if [ "$E2E_LANG" = zh ]; then level="street 街道" word=街道; else level="street Street" word=Street; fi
	assert_row_has 7 "$level" "the office level defaults to street, shown with its name"
	text 110105-001
	keys Tab
	text "$OFFICE"
	keys Tab C-u
	text "$word"
	keys Tab
	# Taken once the cursor has left for the supervisor's login (row 10).
	_w=50
	until [ "$(cursor | cut -d' ' -f2)" = 10 ] || [ "$_w" -le 0 ]; do
		sleep 0.1
		_w=$((_w - 1))
	done
	settle
	assert_row_has 7 "$level" "the level typed as its name is taken as its code"
	text wangfang
	keys Tab
	text 王芳
	keys Tab
	text "$PASSWORD"
	keys Tab
	text "$PASSWORD"
	keys "$SAVE"
	wait_for "$(ui_text "office and supervisor saved; welcome")"
	assert_title "$(ui_text "jobdesk - main menu")" "the main menu follows the setup"
	check "the office level is stored as its code" \
	    [ "$(sqlite3 "$DB" "SELECT level FROM office")" = street ]
	assert_row_has 0 "$OFFICE 王芳" "the title bar names the office and the clerk"
	assert_row_has 22 "wangfang" "the status line names the login"
	assert_screen "1  $(ui_text "Job seekers: search and register")"
	# Without the catalogue need_catalogue has said so (a failure under make check).
	if [ "$mode" = zh ] && zh_catalogue; then
		msgid="Job seekers: search and register"
		zh=$(ui_text "$msgid")
		check "the catalogue translates \"$msgid\"" [ "$zh" != "$msgid" ]
		assert_screen "1  $zh" "the menu is in Chinese"
	fi
	if [ "$mode" = mono ]; then
		# vt100: reverse video, and no colour at all.
		title=$(screen_e | head -1)
		check "vt100: the title bar is in reverse video" sgr_reverse "$title"
		check "vt100: no colour in the title bar" eval '! sgr_colour "$title"'
	fi
}

# --- A job seeker: search first; no hit, so Enter registers the typed number.
register_case() {
	at_menu "$1" register
	keys 1
	wait_for "$(ui_text "ID number, name or phone:")"
	text "$IDBAD"
	wait_for "$(ui_text "no one found; F2 registers a new job seeker")"
	keys Enter
	wait_title "$(ui_text "jobdesk - register a job seeker")"
	assert_row_has 1 "$(form_label seeker form)" "the form's name comes from seeker.form"
	assert_row 3 "$(pad "$(sl id_number)*" 14)$(pad "$IDBAD" 26)$(sl name)*" \
	    "labels from seeker.form, the typed number in the ID field"
	# The number carried from the search is checked as if typed in the
	# form: a wrong check character is refused at once, where the clerk is looking.
	wait_for "$(ui_text "Error: ")"
	assert_msg "$(ui_text "Error: ")$(ui_textf "%s: %s" "$(sl id_number)" "$(ui_textf 'check character is "%s" but should be "%c"; re-read the number' 1 X)")" \
	    "a wrong ID number is refused, naming the check character"
	assert_not "1949-12-31" "nothing is derived from a refused number"
	check "the cursor stays in the ID field" \
	    sh -c 'set -- $1; [ "$2" = 3 ] && [ "$1" -ge 14 ] && [ "$1" -le 32 ]' sh "$(cursor)"
	if [ "$mode" = mono ]; then
		keys F1
		wait_for "The 18-character citizen ID number"
		ok "F1 shows the field's help on a vt100"
		keys F1
		wait_gone "The 18-character citizen ID number"
	fi
	# The field stays: typing changes it; a full, valid number leaves it.
	keys BSpace
	text X
	wait_for "1949-12-31"
	assert_row_has 3 "$IDNUM" "typing after the refusal changed the ID field"
	if [ "$E2E_LANG" = zh ]; then sex="2 女"; else sex="2 Female"; fi
	assert_row_has 4 "$sex" "sex follows from the ID number"
	assert_row_has 4 "1949-12-31" "the birth date follows from the ID number"
	# The error is gone; born in 1949, she is of retirement age, which a note says.
	assert_msg "$(ui_text "Note: ")$(ui_textf "%s: %s" "$(sl id_number)" "$(ui_textf "of retirement age (women: %s): check if retired" "$(ui_textf "%d years" 50)")")" \
	    "the error gives way to the note that she is of retirement age"
	check "the cursor moved on to the name" \
	    sh -c 'set -- $1; [ "$2" = 3 ] && [ "$1" -ge 54 ]' sh "$(cursor)"
	text "$NAME"
	keys Tab
	text 13812345678
	keys Tab
	# Household through the picker: text that matches more than one code opens it.
	if [ "$E2E_LANG" = zh ]; then
		text 本市
		pick_line="urban      本市城镇"
		household="本市农村"		# rural sorts before urban
	else
		text Beijing
		pick_line="urban      Beijing urban"
		household="rural Beijing"	# rural sorts before urban
	fi
	keys Tab
	wait_for "$(ui_text "Find:")"
	assert_screen "$pick_line" "the picker lists the households matching the text"
	# Esc cancels the picker, as its legend says; it does not ask to leave the form.
	leave=$(ui_textf "%s (y/n)" "$(ui_text "Leave without saving the changes?")")
	keys Escape
	if poll_gone "$(ui_text "Find:")" 2; then
		ok "Esc closes the code picker"
		assert_not "$leave" "Esc in the picker asks nothing"
	else
		fail "Esc closes the code picker (the form asks to leave instead)"
		dump
		if screen | grep -qF -- "$leave"; then
			keys n
			wait_gone "$leave"
		fi
	fi
	if ! screen | grep -qF "$(ui_text "Find:")"; then
		keys "$PICK"
		wait_for "$(ui_text "Find:")"
	fi
	wait_for "$pick_line"
	keys Enter
	wait_gone "$(ui_text "Find:")"
	assert_row_has 5 "$household" "the picked household is shown with its name"
	keys Tab Tab Tab
	# Education by typing its code.
	text 21
	keys Tab
	if [ "$E2E_LANG" = zh ]; then edu="21 大学本科毕业"; else edu="21 Undergraduate"; fi
	wait_for "$edu"
	ok "education typed as a code shows its name"
	# Major, skills, experience, three occupations wanted, wage, area: to the category.
	keys Tab Tab Tab Tab Tab Tab Tab Tab
	if [ "$mode" = en ]; then
		# Categories (several may apply): the pick key on the empty field
		# lists them all; Space marks one, and marks stay while the search
		# narrows to another.
		keys "$PICK"
		wait_for "$(ui_text "Find:")"
		wait_for "[ ] veteran"
		assert_screen "$(ui_textf "%zu marked" 0)" "the picker counts the marked categories"
		text mig
		wait_gone "[ ] veteran"
		keys Space
		wait_for "[x] migrant    Migrant worker"
		keys C-u
		wait_for "[ ] veteran"
		assert_screen "[x] migrant" "the mark stays when the search changes"
		text vet
		wait_gone "migrant"
		keys Space
		wait_for "[x] veteran"
		assert_screen "$(ui_textf "%zu marked" 2)" "two categories marked"
		cat_line="Migrant worker, Veteran"
	else
		# Category: part of a name, then the pick key; Enter takes the row.
		if [ "$E2E_LANG" = zh ]; then
			text 失业
			cat_line="登记失业人员"
		else
			text unem
			cat_line="Registered unemployed"
		fi
		keys "$PICK"
		wait_for "$(ui_text "Find:")"
		wait_for "unemployed"
	fi
	# Save pressed while picking: nothing is saved half, the picker still works.
	keys "$SAVE"
	keys Enter
	wait_gone "$(ui_text "Find:")"
	wait_row 16 "$(pad "$(sl category)*" 14)$(pad "$cat_line" 26)$(sl hardship)"
	ok "the category is picked and shown by its name"
	assert_title "$(ui_text "jobdesk - register a job seeker")" "nothing was saved while picking"
	keys "$SAVE"
	wait_for "$(ui_textf "saved: %s" "$NAME")"
	assert_msg "$(ui_textf "saved: %s" "$NAME")" "the save is confirmed"
	assert_title "$(ui_text "jobdesk - job seekers")" "the save goes back to the search"
	assert_row 5 "$(listrow)" "the search lists the one just saved, masked"
	keys Enter
	wait_title "$(ui_text "jobdesk - job seeker")"
	assert_screen "$(regline)" "the registration line shows the date and valid until"
}

# The screen row (0 = title) that first shows TEXT, or 99 if none does.
row_of() {
	_r=$(screen | grep -nF -- "$1" | head -1 | cut -d: -f1)
	echo $((${_r:-100} - 1))
}

# Whether the cursor is on screen row $1 at column $2 or right of it.
cursor_at() {
	set -- "$1" "$2" $(cursor)
	[ "$4" = "$1" ] && [ "$3" -ge "$2" ]
}

# --- Codes clerks can find: the words people say, the closer match first,
# no list when there is no choice, and an address whose parts agree. Each
# step counts its keys: a word that names one code is taken by the one key
# that leaves the field, and the cursor is on the next field after it.
codes_case() {
	at_menu "$1" codes
	keys 1
	wait_for "$(ui_text "ID number, name or phone:")"
	text "$IDNUM"
	wait_for "$(ui_text "no one found; F2 registers a new job seeker")"
	keys Enter
	wait_title "$(ui_text "jobdesk - register a job seeker")"
	# The carried ID number is checked at once: the cursor is on the name.
	text "$NAME"
	keys Tab
	text 13812345678
	keys Tab Tab
	if [ "$E2E_LANG" = zh ]; then
		wangjing="110105026 望京街道" chaoyang="110105 朝阳区"
		chaoyangmen="110101007 朝阳门街道" dongcheng="110101 东城区"
		edu="31 大学专科毕业" laidoff="下岗职工" shown=$chaoyang
	else
		wangjing="110105026 Wangjing Subdistrict" chaoyang="110105 Chaoyang District"
		chaoyangmen="110101007 Chaoyangmen Subdistrict" dongcheng="110101 Dongcheng District"
		# A field shows as much of a long English name as fits.
		edu="31 Junior college" laidoff="Laid-off worker" shown="110105 Chaoyang"
	fi
	# A street typed into the district: taken as the one code it names, and refused.
	text 望京
	keys Tab
	wait_for "$(ui_text "Error: ")"
	assert_msg "$(ui_text "Error: ")$(ui_textf "%s: %s" "$(sl district)" "$(ui_textf '"%s" is a street or township of "%s", not a district' "$wangjing" "$chaoyang")")" \
	    "a street in the district field is refused, naming its district"
	check "the cursor stays in the district field" cursor_at 6 14
	assert_not "$(ui_text "Find:")" "no list for a word that names one code"
	# 朝阳 is a choice: the list opens, the district before 朝阳门街道 of 东城区.
	keys C-u
	text 朝阳
	keys Tab
	wait_for "$(ui_text "Find:")"
	first=$(row_of "110105     ")
	other=$(row_of "110101007  ")
	check "typing 朝阳 lists 朝阳区 first (row $first), before 朝阳门街道 (row $other)" \
	    [ "$first" = 6 -a "$other" -gt "$first" -a "$other" -lt 99 ]
	keys Enter
	wait_gone "$(ui_text "Find:")"
	assert_row_has 6 "$shown" "the district taken from the list"
	# A street of another district: taken, warned about, and the cursor moves on.
	text 朝阳门
	keys Tab
	wait_for "$(ui_text "Note: ")"
	assert_msg "$(ui_text "Note: ")$(ui_textf "%s: %s" "$(sl street)" "$(ui_textf '"%s" is in "%s", not in the district given, "%s"' "$chaoyangmen" "$dongcheng" "$chaoyang")")" \
	    "a street outside the district is warned about"
	check "the warning does not hold the cursor: it is on the address" cursor_at 7 14
	# 大专 and one Tab: the education is taken and the cursor is on the major.
	keys Tab
	text 大专
	keys Tab
	wait_for "$edu"
	assert_not "$(ui_text "Find:")" "大专 is taken without a list"
	check "one key after 大专 and the cursor is on the major" cursor_at 9 54
	# Major, skills, experience: to the occupation wanted. 护理 is a choice; a
	# code found by an everyday name shows that name beside its own.
	keys Tab Tab Tab
	text 护理
	keys Tab
	wait_for "$(ui_text "Find:")"
	if [ "$E2E_LANG" = zh ]; then
		assert_screen "4-14-01    医疗辅助服务人员（医疗护理员）" "the list shows the word a code was found by"
	else
		assert_screen "4-14-01    Medical auxiliary service workers (医疗护理员)" \
		    "the list shows the word a code was found by"
	fi
	keys Escape
	wait_gone "$(ui_text "Find:")"
	keys C-u
	text 外卖
	keys Tab
	wait_for "4-02-07"
	assert_not "$(ui_text "Find:")" "外卖 is taken as its occupation without a list"
	check "one key after 外卖 and the cursor is on the second occupation" cursor_at 13 54
	# Two more occupations, wage, area: to the category.
	keys Tab Tab Tab Tab
	text 下岗
	keys Tab
	wait_for "$laidoff"
	assert_not "$(ui_text "Find:")" "下岗 is taken as the category without a list"
	keys "$SAVE"
	wait_for "$(ui_textf "saved: %s" "$NAME")"
	stored=$(sqlite3 "$DB" "SELECT district, street, education, desired_occupation, category
	    FROM seeker")
	check "stored as codes: district, street, education, occupation, category ($stored)" \
	    [ "$stored" = "110105|110101007|31|4-02-07|laid_off" ]
}

# --- A registered person found again: the list masks the ID number.
find_case() {
	at_menu "$1" find
	printf 'id_number,name,phone,household,education,category\n%s,%s,13812345678,urban,21,unemployed\n' \
	    "$IDNUM" "$NAME" >"$tmp/seeker.csv"
	given "the seeker $NAME registered" cli import seekers "$tmp/seeker.csv"
	restart_logged_in
	keys 1
	wait_for "$(ui_text "ID number, name or phone:")"
	query=" $(pad "$(ui_text "ID number, name or phone:")" 31)"
	text 110105
	wait_row 2 "${query}110105"
	wait_for "$(ui_textf "%zu found" 1)"
	assert_row 5 "$(listrow)" "the list row lines up the masked ID, the Chinese name and the other columns"
	assert_not "$IDNUM" "the list does not show the whole ID number"
	text 19491231002X
	wait_row 2 "$query$IDNUM"
	wait_for "$(ui_textf "%zu found" 1)"
	assert_row 5 "$(listrow)" "typing the whole number still lists it masked"
	keys Enter
	wait_title "$(ui_text "jobdesk - job seeker")"
	assert_row_has 3 "$IDNUM" "the opened record shows the whole ID number"
	assert_row_has 3 "$NAME"
	assert_screen "$(regline)" "the opened record is the registered one"
	keys Escape
	wait_for "$(ui_text "ID number, name or phone:")"
	# Registering the number again opens the existing record instead, at once.
	keys "$NEW"
	wait_for "$(ui_text "Note: ")"
	assert_msg "$(ui_text "Note: ")$(ui_textf "ID number %s is already registered: this is the existing record" "$MASKED")" \
	    "a number already registered opens that record"
	assert_title "$(ui_text "jobdesk - job seeker")"
	assert_row_has 3 "$NAME"
	keys Escape
	wait_for "$(ui_text "ID number, name or phone:")"
	# Search by part of the Chinese name.
	keys C-u
	text 三丰
	wait_row 2 "${query}三丰"
	wait_for "$(ui_textf "%zu found" 1)"
	assert_row 5 "$(listrow)" "part of the Chinese name finds the person"
	keys Escape
	wait_title "$(ui_text "jobdesk - main menu")"
}

# --- An employer and a vacancy.
employer_case() {
	at_menu "$1" employer
	keys 2
	wait_for "$(ui_text "USCC or name:")"
	text "$USCC"
	wait_for "$(ui_text "no employer found; F2 registers a new one")"
	keys Enter
	wait_title "$(ui_text "jobdesk - register an employer")"
	assert_row_has 1 "$(form_label employer form)"
	assert_row_has 3 "$USCC" "the USCC typed in the search is carried into the new form"
	keys Tab
	text "$EMPLOYER"
	keys Tab
	text llc
	keys Tab
	text 65
	keys Tab
	text 110105
	keys Tab
	if [ "$E2E_LANG" = zh ]; then text 否; else text no; fi
	keys Tab
	text 朝阳路1号
	keys Tab
	text 李四
	keys Tab
	text 01065001234
	keys "$SAVE"
	wait_for "$(ui_textf "saved: %s" "$EMPLOYER")"
	ok "the employer is saved"
	assert_row_has 6 "$(pad "$(form_label employer hard_to_recruit)" 14)$(ui_text no)" \
	    "a yes-or-no field shows its answer in the clerk's language"
	check "the answer is stored as no" \
	    [ "$(sqlite3 "$DB" "SELECT hard_to_recruit FROM employer")" = no ]
	assert_row_has 3 "$USCC" "the valid USCC is kept"
	assert_screen "010-65001234" "the landline is normalised"
	assert_screen " $(ui_textf "Registered %s | %s" "$today" "$(ui_text active)")" \
	    "the employer's registration line"
	keys C-v
	wait_for "$(ui_text "no vacancies yet; F2 adds one")"
	assert_row 1 " $EMPLOYER" "the vacancy list names the employer"
	keys "$NEW"
	wait_title "$(ui_text "jobdesk - register a vacancy")"
	assert_row_has 1 "$(form_label vacancy form)"
	text "$JOB"
	keys Tab
	text 4-04
	keys Tab
	text 3
	keys Tab
	text 8000
	keys Tab
	text 15000
	keys Tab Tab Tab Tab Tab Tab
	text "$vdate"
	keys "$SAVE"
	wait_for "$(ui_textf "saved: %s" "$JOB")"
	ok "the vacancy is saved"
	keys Escape
	wait_for "8000-15000"
	# Columns: title 1-26 (软件测试工程师 is 14 cells), occupation 28-39 (its
	# name, cut to the column: a double-width character that would straddle
	# the mark's cell leaves a space), count 41-45, wage 47-59, valid until
	# 61-70, status 72-79.
	if [ "$E2E_LANG" = zh ]; then occ="信息传输、 >"; else occ="Information>"; fi
	assert_row 4 " $(pad "$JOB" 26) $occ $(pad 3 5) $(pad 8000-15000 13) $vdate $(ui_text open)" \
	    "the vacancy row lines up after the Chinese title, the occupation by its name"
}

# at_vacancies MODE CASE: the employer and its vacancy given with the
# command line, their vacancy list open.
at_vacancies() {
	at_menu "$1" "$2"
	printf 'uscc,name,type,industry,district,contact,phone\n%s,%s,llc,65,110105,李四,01065001234\n' \
	    "$USCC" "$EMPLOYER" >"$tmp/employer.csv"
	printf 'employer_uscc,occupation,title,headcount,wage_min,wage_max,valid_until\n%s,4-04,%s,3,8000,15000,%s\n' \
	    "$USCC" "$JOB" "$vdate" >"$tmp/vacancy.csv"
	given "the employer $EMPLOYER" cli import employers "$tmp/employer.csv"
	given "the vacancy $JOB" cli import vacancies "$tmp/vacancy.csv"
	restart_logged_in
	keys 2
	wait_for "$(ui_text "USCC or name:")"
	text "$USCC"
	wait_for "$EMPLOYER"
	keys Enter
	wait_title "$(ui_text "jobdesk - employer")"
	keys C-v
	wait_for "8000-15000"
}

# --- Resizing: bigger, too small, and back.
resize_case() {
	at_vacancies "$1" resize
	before=$(screen)
	t resize-window -t "$S" -x 100 -y 30
	wait_row 29 "$(ui_text "Enter Edit  F2/^N New  F8/^X Filled  F6/^W Withdraw  Esc Back")"
	ok "at 100x30 the legend is on the last row"
	assert_row_has 28 "wangfang" "at 100x30 the status line is above it"
	check "at 100x30 the title bar reaches the right edge" \
	    sh -c 'case $1 in *"$2") true ;; *) false ;; esac' sh "$(row 0)" "$OFFICE 王芳"
	t resize-window -t "$S" -x 60 -y 20
	wait_for "$(ui_textf "terminal too small: jobdesk needs %dx%d, this one is %dx%d" 80 24 60 20)"
	ok "60x20 shows the terminal-too-small message"
	assert_not "$JOB" "nothing else is drawn when too small"
	t resize-window -t "$S" -x 80 -y 24
	n=100
	while [ "$(screen)" != "$before" ] && [ "$n" -gt 0 ]; do
		sleep 0.1
		n=$((n - 1))
	done
	if [ "$(screen)" = "$before" ]; then
		ok "back at 80x24 the screen is whole again"
	else
		fail "back at 80x24 the screen is whole again"
		echo "	before:"
		printf '%s\n' "$before" | sed 's/^/	|/'
		dump
	fi
}

# --- Ctrl-L repaints a screen that something else wrote over.
repaint_case() {
	at_vacancies "$1" repaint
	before=$(screen)
	printf '\033[5;10HSOMETHING ELSE WROTE HERE' >"$(t display-message -p -t "$S" '#{pane_tty}')"
	wait_for "SOMETHING ELSE WROTE HERE"
	keys C-l
	n=100
	while [ "$(screen)" != "$before" ] && [ "$n" -gt 0 ]; do
		sleep 0.1
		n=$((n - 1))
	done
	check "Ctrl-L repaints the whole screen" [ "$(screen)" = "$before" ]
}

# --- Quit, and the terminal is restored.
quit_case() {
	at_menu "$1" quit
	keys "$QUIT"
	wait_for "$(ui_text "Quit jobdesk?")"
	assert_msg "$(ui_textf "%s (y/n)" "$(ui_text "Quit jobdesk?")")" "quitting asks first"
	keys y
	wait_for "EXITED-"
	assert_screen "EXITED-0" "the client exits with status 0 ($(screen | grep -o 'EXITED-[0-9]*'))"
	mode_line=$(screen | sed -n '/EXITED-/{n;p;}')
	check "the terminal is back in canonical mode (stty shows \"$mode_line\")" [ "$mode_line" = icanon ]
}

for m in en zh mono; do
	case $m in
	en) how="English, tmux-256color" ;;
	zh) how="Chinese (LANGUAGE=zh_CN), tmux-256color" ;;
	mono) how="monochrome vt100, Ctrl keys and F1-F4" ;;
	esac
	run_case "$how: first start" first_start_case "$m"
	run_case "$how: a job seeker registered" register_case "$m"
	run_case "$how: codes found by the words people say" codes_case "$m"
	run_case "$how: the seeker found again" find_case "$m"
	run_case "$how: an employer and a vacancy" employer_case "$m"
	run_case "$how: resizing" resize_case "$m"
	run_case "$how: Ctrl-L" repaint_case "$m"
	run_case "$how: quitting" quit_case "$m"
done
finish
