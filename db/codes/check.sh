#!/bin/sh
# check.sh - validate the code list files (db/codes/*.tsv).
#
# Usage: sh db/codes/check.sh [FILE.tsv ...]
# With no arguments every *.tsv beside this script is checked.
#
# Format (see the first lines of any list):
#   line 1   "# list: NAME"     NAME = file name without .tsv
#   line 2   "# version: YYYY.N"
#   line 3   "code<TAB>parent<TAB>name_zh<TAB>name_en<TAB>deprecated", then
#            optionally "<TAB>rank" (a list whose codes have an order) and
#            "<TAB>aliases" (the words people say for a code), in either
#            order, each at most once
#   then     data rows of exactly as many tab-separated fields as the header
#            names, or comment lines starting with '#'. No empty lines.
#   code     printable ASCII, no spaces, unique in the file
#   parent   empty, or the code of an earlier row of the same file
#   name_zh  non-empty, no leading/trailing space
#   name_en  non-empty printable ASCII, no leading/trailing space
#   deprecated  0 or 1
#   rank     empty (a code outside the order) or a number 0-9999, higher
#            further up the order
#   aliases  empty, or words separated by "|": none empty, none with a
#            space at either end, none twice in a row, none the Chinese
#            name of its own code
#   The file is UTF-8 without BOM, LF line endings, ends with a newline.
#
# Prints "file:line: reason" to standard error for each problem and exits 1
# if there was any; exits 0 and prints a one-line summary otherwise.

LC_ALL=C
export LC_ALL

dir=$(dirname "$0")
if [ $# -eq 0 ]; then
	set -- "$dir"/*.tsv
	if [ ! -e "$1" ]; then
		echo "$dir: no *.tsv files" >&2
		exit 1
	fi
fi

status=0
count=0
for f in "$@"; do
	count=$((count + 1))
	if [ ! -f "$f" ] || [ ! -r "$f" ]; then
		echo "$f:0: cannot read file" >&2
		status=1
		continue
	fi
	if [ ! -s "$f" ]; then
		echo "$f:0: empty file" >&2
		status=1
		continue
	fi

	# Byte-level checks awk cannot see: BOM and final newline.
	bom=$(od -An -tx1 -N3 "$f" | tr -d ' \n')
	if [ "$bom" = "efbbbf" ]; then
		echo "$f:1: starts with a UTF-8 byte order mark" >&2
		status=1
	fi
	last=$(tail -c 1 "$f" | od -An -tx1 | tr -d ' \n')
	if [ "$last" != "0a" ]; then
		n=$(($(wc -l < "$f") + 1))
		echo "$f:$n: last line does not end with a newline" >&2
		status=1
	fi

	base=$(basename "$f" .tsv)
	awk -v file="$f" -v list="$base" '
	function bad(msg) {
		printf "%s:%d: %s\n", file, NR, msg > "/dev/stderr"
		errors++
	}
	BEGIN {
		FS = "\t"
		header = "code\tparent\tname_zh\tname_en\tdeprecated"
		ncols = 5
		rankcol = 0
		aliascol = 0
		# Well-formed UTF-8 (overlong forms and surrogates not rejected).
		cont = "[\200-\277]"
		utf8 = "^([\001-\177]|[\302-\337]" cont "|[\340-\357]" cont cont \
		    "|[\360-\364]" cont cont cont ")*$"
		errors = 0
	}
	{
		line = $0
		if (index(line, "\r")) {
			bad("carriage return (CR) in line; use LF line endings")
			sub(/\r+$/, "", line)
			$0 = line
		}
		if (line !~ utf8) {
			bad("not valid UTF-8")
		}
	}
	NR == 1 {
		sub(/^\357\273\277/, "", line)	# BOM already reported
		if (line != "# list: " list)
			bad("first line must be \"# list: " list "\"")
		next
	}
	NR == 2 {
		if (line !~ /^# version: [0-9][0-9][0-9][0-9]\.[0-9]+$/)
			bad("second line must be \"# version: YYYY.N\"")
		next
	}
	NR == 3 {
		ok = substr(line, 1, length(header)) == header
		rest = substr(line, length(header) + 1)
		while (ok && rest != "") {
			if (rest ~ /^\trank(\t|$)/ && !rankcol) {
				rankcol = ++ncols
				rest = substr(rest, 6)
			} else if (rest ~ /^\taliases(\t|$)/ && !aliascol) {
				aliascol = ++ncols
				rest = substr(rest, 9)
			} else
				ok = 0
		}
		if (!ok)
			bad("third line must be the header \"code<TAB>parent<TAB>name_zh<TAB>name_en<TAB>deprecated\" (then \"<TAB>rank\" and \"<TAB>aliases\" if used)")
		next
	}
	line == "" { bad("empty line"); next }
	substr(line, 1, 1) == "#" { next }
	{
		rows++
		if (NF != ncols) {
			bad("expected " ncols " tab-separated fields, found " NF)
			next
		}
		code = $1; parent = $2; zh = $3; en = $4; dep = $5
		if (rankcol && $rankcol != "" && $rankcol !~ /^[0-9]([0-9]?[0-9]?[0-9]?)$/)
			bad("rank must be empty or a number from 0 to 9999, found \"" $rankcol "\"")
		if (aliascol && $aliascol != "") {
			na = split($aliascol, al, "|")
			delete given
			for (a = 1; a <= na; a++) {
				if (al[a] == "")
					bad("empty alias in \"" $aliascol "\"")
				else if (al[a] ~ /^ / || al[a] ~ / $/)
					bad("alias \"" al[a] "\" has leading or trailing spaces")
				else if (al[a] == zh)
					bad("alias \"" al[a] "\" is the Chinese name of its own code")
				else if (al[a] in given)
					bad("alias \"" al[a] "\" given twice")
				given[al[a]] = 1
			}
		}
		if (code == "")
			bad("empty code")
		else if (code !~ /^[!-~]+$/)
			bad("code \"" code "\" must be printable ASCII without spaces")
		else if (code in seen)
			bad("duplicate code \"" code "\" (first on line " seen[code] ")")
		if (parent != "") {
			if (parent == code)
				bad("code \"" code "\" is its own parent")
			else if (!(parent in seen))
				bad("parent \"" parent "\" is not the code of an earlier row")
		}
		if (zh == "")
			bad("empty name_zh")
		else if (zh ~ /^ / || zh ~ / $/)
			bad("name_zh has leading or trailing spaces")
		if (en == "")
			bad("empty name_en")
		else if (en !~ /^[ -~]+$/)
			bad("name_en must be printable ASCII")
		else if (en ~ /^ / || en ~ / $/)
			bad("name_en has leading or trailing spaces")
		if (dep != "0" && dep != "1")
			bad("deprecated must be 0 or 1, found \"" dep "\"")
		if (code != "" && !(code in seen))
			seen[code] = NR
	}
	END {
		if (NR < 3) {
			NR = NR + 1
			bad("missing \"# list\", \"# version\" or header line")
		}
		if (rows == 0 && NR >= 3) {
			printf "%s:%d: no data rows\n", file, NR > "/dev/stderr"
			errors++
		}
		exit errors ? 1 : 0
	}' "$f" || status=1
done

if [ $status -eq 0 ]; then
	echo "check.sh: $count code list(s) OK"
fi
exit $status
