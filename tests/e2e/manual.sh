#!/bin/sh
# The manual in Chinese (issue 11): make install-man puts man/zh_CN/jobdesk.1
# where man-db finds it for a Chinese reader, and man shows it, laid out as
# the English page is; both pages are clean under mandoc -T lint; and the
# Chinese page documents the same options, commands, keys, variables and
# files as the English one, with every cross-reference resolved; and
# jobdesk --help names every command and option of the SYNOPSIS.
#
# How a reader gets the Chinese page (say so in the README too):
#   LANG=zh_CN.UTF-8 man jobdesk	where the zh_CN.UTF-8 locale is generated;
#   man -L zh_CN jobdesk		under any UTF-8 locale (C.UTF-8), where it
#					is not. LANG=zh_CN.UTF-8 without the locale
#					gets the English page in ASCII.
#
# Usage: sh tests/e2e/manual.sh BINARY
. "$(dirname "$0")/lib.sh"
e2e_init "$@"

EN=$ROOT/man/jobdesk.1
ZH=$ROOT/man/zh_CN/jobdesk.1
MANTREE=$tmp/dest/man

# Run man on the installed tree as a reader would, in an empty environment
# but for the assignments given: man_as VAR=VALUE ... -- ARG ...
# The page goes to $tmp/man.out, man's and groff's complaints to $tmp/man.err.
man_as() {
	_e=
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		_e="$_e $(q "$1")"
		shift
	done
	[ $# -gt 0 ] && shift
	_a=
	for _x in "$@"; do
		_a="$_a $(q "$_x")"
	done
	eval "env -i PATH=$(q "$PATH") HOME=$(q "$tmp/home") \
	    MANPATH=$(q "$MANTREE") MANPAGER=cat PAGER=cat MANWIDTH=80 \
	    $_e man $_a" >"$tmp/man.out" 2>"$tmp/man.err"
}

# Check the page man showed is the Chinese one, laid out whole: the page
# header, the Chinese sections, one line a SYNOPSIS form, no line groff
# could not break at 80 columns (man-db gives groff zh.tmac for a page under
# zh_CN, which breaks between Chinese characters; a long run of Latin text
# still cannot break).
check_chinese_page() {
	_how=$1
	if grep -q '公共职业介绍机构的窗口客户端' "$tmp/man.out" &&
	    grep -q '^选项' "$tmp/man.out" && grep -q '^屏幕' "$tmp/man.out" &&
	    ! grep -q 'counter client for public employment' "$tmp/man.out"; then
		ok "$_how shows the Chinese page"
	else
		fail "$_how does not show the Chinese page:"
		head -12 "$tmp/man.out" "$tmp/man.err" | sed 's/^/	| /'
		return
	fi
	if head -1 "$tmp/man.out" | grep -q '^JOBDESK(1) .* JOBDESK(1)$'; then
		ok "$_how: the page header is there"
	else
		fail "$_how: no page header (groff's mdoc does not know 名称 as NAME)"
	fi
	# As many as the English page shows in the same layout.
	_forms=$(sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' "$tmp/man.en" | grep -c '^     jobdesk ')
	_lines=$(sed -n '/^概要/,/^描述/p' "$tmp/man.out" | grep -c '^     jobdesk ')
	if [ "$_lines" -eq "$_forms" ]; then
		ok "$_how: each of the $_forms SYNOPSIS forms starts its own line"
	else
		fail "$_how: $_lines SYNOPSIS lines start with jobdesk, not $_forms"
		sed -n '/^概要/,/^描述/p' "$tmp/man.out" | head -8 | sed 's/^/	| /'
	fi
	if grep -q "can't break line" "$tmp/man.err"; then
		fail "$_how: groff found lines it cannot break at 80 columns:"
		grep "can't break line" "$tmp/man.err" | head -5 | sed 's/^/	| /'
	else
		ok "$_how: every line of running text breaks within 80 columns"
	fi
}

# 1. make install-man, then man as a reader runs it; make uninstall.
installed() {
	if ! command -v man >/dev/null 2>&1; then
		missing "man (man-db)"
		return
	fi
	given "make install-man" make -s -C "$ROOT" install-man \
	    DESTDIR="$tmp/dest" MANDIR=/man
	if [ -f "$MANTREE/zh_CN/man1/jobdesk.1" ]; then
		ok "the Chinese page is installed as MANDIR/zh_CN/man1/jobdesk.1"
	else
		fail "make install-man did not install MANDIR/zh_CN/man1/jobdesk.1"
	fi

	man_as LANG=C.UTF-8 -- jobdesk
	cp "$tmp/man.out" "$tmp/man.en"
	if grep -q 'counter client for public employment' "$tmp/man.en" &&
	    ! grep -q '^选项' "$tmp/man.en"; then
		ok "LANG=C.UTF-8 man jobdesk shows the English page"
	else
		fail "LANG=C.UTF-8 man jobdesk does not show the English page"
		head -5 "$tmp/man.en" | sed 's/^/	| /'
	fi

	man_as LANG=C.UTF-8 -- -L zh_CN jobdesk
	check_chinese_page "man -L zh_CN (LANG=C.UTF-8)"

	# The way a machine with the Chinese locale reads it. Where the locale
	# is not generated, compile it into the test's own folder (LOCPATH).
	_loc=
	if locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\{0,1\}8$'; then
		_loc="LANG=zh_CN.UTF-8"
	elif command -v localedef >/dev/null 2>&1 && mkdir "$tmp/locale" &&
	    localedef -i zh_CN -f UTF-8 "$tmp/locale/zh_CN.UTF-8" \
	    >"$tmp/localedef.out" 2>&1; then
		_loc="LANG=zh_CN.UTF-8 LOCPATH=$tmp/locale"
	fi
	if [ -n "$_loc" ]; then
		# shellcheck disable=SC2086 # two assignments on purpose
		man_as $_loc -- jobdesk
		check_chinese_page "LANG=zh_CN.UTF-8 man jobdesk"
	else
		missing "a zh_CN.UTF-8 locale, or localedef and its zh_CN source (locales)"
	fi

	given "make uninstall" make -s -C "$ROOT" uninstall \
	    DESTDIR="$tmp/dest" MANDIR=/man
	if [ -e "$MANTREE/zh_CN/man1/jobdesk.1" ]; then
		fail "make uninstall left MANDIR/zh_CN/man1/jobdesk.1"
	else
		ok "make uninstall removes the Chinese page"
	fi
}

# 2. mandoc -T lint. The bar: no message at the level WARNING or above on
# the English page, and on the Chinese one only the two that its Chinese
# section titles cause, since mandoc knows NAME only by its English title
# ("first section is not NAME" on each .Sh, ".Nd outside NAME"). STYLE
# notes (long input lines, manuals not installed here) are left out on both:
# the English page has them too.
linted() {
	if ! command -v mandoc >/dev/null 2>&1; then
		missing "mandoc"
		return
	fi
	mandoc -T lint -W warning "$EN" >"$tmp/lint.en" 2>&1
	if [ -s "$tmp/lint.en" ]; then
		fail "mandoc -T lint -W warning man/jobdesk.1:"
		sed 's/^/	| /' "$tmp/lint.en" | head -20
	else
		ok "the English page has no warning"
	fi
	mandoc -T lint -W warning "$ZH" 2>&1 |
	    grep -v 'WARNING: first section is not "NAME"' |
	    grep -v 'WARNING: description line outside NAME section' >"$tmp/lint.zh"
	if [ -s "$tmp/lint.zh" ]; then
		fail "mandoc -T lint -W warning man/zh_CN/jobdesk.1:"
		sed 's/^/	| /' "$tmp/lint.zh" | head -20
	else
		ok "the Chinese page has no warning but those of its section titles"
	fi
}

# The mdoc macros that may stand among the arguments of a macro line.
MACROS="Ac Ad An Ao Aq Ar At Bc Bo Bq Brc Bro Brq Bsx Bx Cd Cm Dc Do Dq Dv Dx
Em Eo Er Es Ev Fa Fc Fl Fn Fo Fr Ft Fx Ic In It Lb Li Lk Ms Mt Nm No Ns Nx
Oc Oo Op Ox Pa Pc Pf Po Pq Qc Ql Qo Qq Sc Sm So Sq St Sx Sy Tn Ux Va Vt Xc
Xo Xr"

# Print "Macro argument" for each argument of the macros named in $1 on the
# macro lines of the page $2, once each, sorted: ".It Fl -office Ar code"
# gives "Fl -office", ".Cm city , district" "Cm city" and "Cm district".
# An .Sx's argument is its whole title: ".Sx Job seeker record )" gives
# "Sx Job seeker record".
macro_args() {
	awk -v want=" $1 " -v macros="$MACROS" '
	BEGIN {
		n = split(macros, m, /[ \n]+/)
		for (i = 1; i <= n; i++)
			macro[m[i]] = 1
	}
	/^\.[A-Z][a-z]/ {
		sub(/^\./, "")
		cur = ""
		title = ""
		for (i = 1; i <= NF; i++) {
			if ($i in macro) {
				if (title != "")
					print "Sx " title
				title = ""
				cur = index(want, " " $i " ") ? $i : ""
				if (cur == "Fl" && (i == NF || $(i + 1) in macro))
					print "Fl -"
				continue
			}
			# Delimiters separate the arguments of one macro.
			if ($i ~ /^[.,:;|()\[\]]$/) {
				if (title != "")
					print "Sx " title
				title = ""
				continue
			}
			if (cur == "Sx")
				title = title (title == "" ? "" : " ") $i
			else if (cur != "")
				print cur " " $i
		}
		if (title != "")
			print "Sx " title
	}' "$2" | sort -u
}

# Print the target of each .Sx on the page $1, one a line, sorted.
sx_targets() {
	macro_args Sx "$1" | sed 's/^Sx //' | sort -u
}

# Print the title of each .Sh and .Ss on the page $1, sorted.
headings() {
	sed -n 's/^\.S[hs] //p' "$1" | sort -u
}

# 3. The Chinese page documents what the English one does.
parity() {
	macro_args "Fl Cm Ic Ev Pa" "$EN" >"$tmp/args.en"
	macro_args "Fl Cm Ic Ev Pa" "$ZH" >"$tmp/args.zh"
	if [ "$(wc -l <"$tmp/args.en")" -lt 100 ]; then
		fail "only $(wc -l <"$tmp/args.en") .Fl .Cm .Ic .Ev .Pa arguments read from the English page"
	fi
	comm -23 "$tmp/args.en" "$tmp/args.zh" >"$tmp/lacks"
	comm -13 "$tmp/args.en" "$tmp/args.zh" >"$tmp/extra"
	if [ -s "$tmp/lacks" ]; then
		fail "the Chinese page lacks $(wc -l <"$tmp/lacks") of the English page's .Fl .Cm .Ic .Ev .Pa (translate them):"
		sed 's/^/	| ./' "$tmp/lacks" | head -40
	else
		ok "the Chinese page names each of the English page's $(wc -l <"$tmp/args.en") options, commands, keys, variables and files"
	fi
	if [ -s "$tmp/extra" ]; then
		fail "the Chinese page names what the English one does not:"
		sed 's/^/	| ./' "$tmp/extra" | head -20
	else
		ok "the Chinese page names nothing the English one does not"
	fi

	# A .Sx must name a section of its own page; the only others allowed
	# are those the English page names outside itself too (the sections
	# of jobdesk-sync(7), which has no Chinese translation).
	headings "$EN" >"$tmp/sh.en"
	sx_targets "$EN" | comm -23 - "$tmp/sh.en" >"$tmp/sx.out.en"
	headings "$ZH" >"$tmp/sh.zh"
	sx_targets "$ZH" | comm -23 - "$tmp/sh.zh" |
	    comm -23 - "$tmp/sx.out.en" >"$tmp/sx.bad"
	if [ -s "$tmp/sx.bad" ]; then
		fail "the Chinese page's .Sx name no section of it:"
		sed 's/^/	| .Sx /' "$tmp/sx.bad"
	else
		ok "every .Sx of the Chinese page names one of its sections"
	fi
	# The English page's sections, in order, have a Chinese counterpart each.
	_en=$(grep -c '^\.Sh ' "$EN")
	_zh=$(grep -c '^\.Sh ' "$ZH")
	if [ "$_en" -eq "$_zh" ]; then
		ok "both pages have $_en sections"
	else
		fail "the English page has $_en sections, the Chinese one $_zh"
	fi
}

# 4. jobdesk --help names each command word and option of the SYNOPSIS.
helped() {
	sed -n '/^\.Sh SYNOPSIS/,/^\.Sh DESCRIPTION/p' "$EN" |
	    sed -n 's/^\.Op Fl \(-[a-z-]*\).*/\1/p; s/^\.Fl \(-[a-z-]*\).*/\1/p; s/^\.Cm //p' |
	    sed 's/ Ar [a-z_.]*//g; s/Cm //g' | tr '| ' '\n\n' | sed '/^$/d' | sort -u >"$tmp/syn"
	if [ "$(wc -l <"$tmp/syn")" -lt 40 ]; then
		fail "only $(wc -l <"$tmp/syn") commands and options read from the SYNOPSIS"
	fi
	"$BIN" --help >"$tmp/help" 2>&1
	: >"$tmp/unhelped"
	while read -r _w; do
		case $_w in
		-*) _w=-$_w ;;
		esac
		grep -qw -- "$_w" "$tmp/help" || echo "$_w" >>"$tmp/unhelped"
	done <"$tmp/syn"
	if [ -s "$tmp/unhelped" ]; then
		fail "jobdesk --help lacks what the SYNOPSIS has:"
		sed 's/^/	| /' "$tmp/unhelped"
	else
		ok "jobdesk --help names the SYNOPSIS's $(wc -l <"$tmp/syn") commands and options"
	fi
}

run_case "install and man" installed
run_case "mandoc -T lint" linted
run_case "the same things documented" parity
run_case "the --help and the SYNOPSIS" helped
finish
