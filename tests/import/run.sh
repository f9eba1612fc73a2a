#!/bin/sh
# The "init", "import", "export" and "user" commands end to end, driving
# the real binary on throwaway databases. Usage: sh tests/import/run.sh
# [BINARY] (default bin/jobdesk). Needs sqlite3(1) to look into the
# databases, iconv(1) for the GB18030 files spreadsheets save; script(1)
# for the checks that need a terminal (skipped without it when run by
# hand, a failure under make check: see missing in lib.sh).
set -u
bin=${1:-bin/jobdesk}
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/jobdesk-import.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM HUP

export LC_ALL=C.UTF-8
unset LANGUAGE LANG
# The tester's own configuration and data must not take part.
export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" XDG_STATE_HOME="$tmp/state"
# No forms_dir or codes_dir: the binary finds them in the source tree itself.
printf '[client]\nlanguage = en\n' >"$tmp/jobdesk.ini"

. "$(dirname "$0")/lib.sh"

# jd DB ARGS...: run jobdesk on database DB.
jd() {
	db=$1
	shift
	"$bin" --config "$tmp/jobdesk.ini" --db "$db" "$@"
}

# newdb NAME: a fresh database with one office and its supervisor
# wangfang, as after the first start (jobdesk init).
newdb() {
	printf 'first-start-1\n' | jd "$tmp/$1.db" init --office 110105-01 \
	    朝阳区公共就业服务中心 district --supervisor wangfang 王芳 >/dev/null ||
	    echo "newdb $1: jobdesk init failed"
}

# sql DB QUERY: one value.
sql() {
	sqlite3 "$1" "$2"
}

# has FILE TEXT: FILE holds the fixed string TEXT.
has() {
	grep -F -q -- "$2" "$1"
}

# hasnt FILE TEXT: FILE does not hold TEXT.
hasnt() {
	! grep -F -q -- "$2" "$1"
}

[ -x "$bin" ] || { echo "no binary $bin"; exit 1; }

# Who the commands' audit records name: "cli:" and the Unix user.
me=cli:$(id -un 2>/dev/null || id -u)

wang=$(idnum 11010519900307123)
li=$(idnum 11010819851201002)
ouyang=$(idnum 31011519791231004)
feb31=$(idnum 11010519900231123)
wrong=$(printf '%s' "$wang" | sed 's/.$/0/')
[ "$wrong" != "$wang" ] || wrong=$(printf '%s' "$wang" | sed 's/.$/1/')
short=$(printf '%s' "$li" | cut -c1-17)
legacy15=110102750615231
legacy18=$(idnum 11010219750615231)
hdr='id_number,name,phone,household,education,category,address'

# --- seekers: good rows, bad rows, line numbers, summary -----------------
newdb a
A=$tmp/a.db
{
	printf '%s\n' "$hdr"
	printf '%s,王小明,13812345678,urban,21,unemployed,"北京市朝阳区建国路1号, 3单元"\n' "$wang"
	printf '%s,李娜,010-65001234,rural,31,graduate,\n' "$li"
	printf '%s,"欧阳""小""娜",(010)85001234,outside,21,migrant,\n' "$ouyang"
	printf '%s,错校验,13812345678,urban,21,unemployed,\n' "$wrong"
	printf '%s,二月,13812345678,urban,21,unemployed,\n' "$feb31"
	printf '%s,,13812345678,urban,21,unemployed,\n' "$(idnum 11010519800101002)"
	printf '%s,学历,13812345678,urban,99,unemployed,\n' "$(idnum 11010519800101003)"
	printf '%s,"王"五,13812345678,urban,21,unemployed,\n' "$(idnum 11010519800101004)"
	printf '%s,"两\n行",13812345678,urban,21,unemployed,\n' "$(idnum 11010519800101005)"
	printf '%s,\377\376,13812345678,urban,21,unemployed,\n' "$(idnum 11010519800101006)"
	printf '%s,短号,13812345678,urban,21,unemployed,\n' "$short"
	printf '%s,少一列,13812345678,urban,21\n' "$(idnum 11010519800101007)"
} >"$tmp/s1.csv"
jd "$A" import seekers "$tmp/s1.csv" >"$tmp/out" 2>"$tmp/err"
check "seekers with bad rows: exit status 1" is "$?" 1
check "seekers: summary counts" is "$(cat "$tmp/out")" \
    "seekers: 3 imported, 0 updated, 0 unchanged, 9 rejected"
check "bad check character reported on line 5" has "$tmp/err" \
    "s1.csv:5: ID number: check character is"
check "31 February reported on line 6" has "$tmp/err" \
    "s1.csv:6: ID number: date of birth \"19900231\" is not a calendar date"
check "missing name reported on line 7" has "$tmp/err" "s1.csv:7: Name: this field is required"
check "unknown education code reported on line 8" has "$tmp/err" \
    "s1.csv:8: Education: \"99\" is not a code of the education list"
check "broken quoting reported on line 9" has "$tmp/err" \
    "s1.csv:9: text after the closing quote of field 2"
check "a record over two lines reported on its first line, 10" has "$tmp/err" \
    "s1.csv:10: Name: character 2 is a control character"
check "invalid UTF-8 reported on line 12, after the two-line record" has "$tmp/err" \
    "s1.csv:12: field 2 is not valid UTF-8"
check "short ID number reported on line 13, masked" has "$tmp/err" \
    "s1.csv:13: ID number: an ID number has 18 characters, \"$(printf '%s' "$short" |
    cut -c1-6)*******$(printf '%s' "$short" | cut -c14-17)\" has 17"
check "the ID number itself never in a message" hasnt "$tmp/err" "$short"
check "a row with a missing field reported on line 14" has "$tmp/err" \
    "s1.csv:14: the row has 5 fields; the header has 7"
check "exactly 9 lines on stderr" is "$(wc -l <"$tmp/err" | tr -d ' ')" 9
jd "$A" export seekers >"$tmp/e1" 2>"$tmp/err"
check "export: exit status 0" is "$?" 0
check "export: header and 3 rows" is "$(wc -l <"$tmp/e1" | tr -d ' ')" 4
check "export: header names every column" is "$(head -n 1 "$tmp/e1" | tr -d '\r')" \
    "id_number,name,sex,birth_date,phone,household,district,street,address,education,major,skills,experience,desired_occupation,desired_occupation_2,desired_occupation_3,desired_wage,desired_district,category,hardship,hardship_basis,status,registered_on,valid_until"
check "export: Chinese name, sex and birth date derived" has "$tmp/e1" "$wang,王小明,1,1990-03-07,13812345678,urban"
check "export: quoted comma kept" has "$tmp/e1" '"北京市朝阳区建国路1号, 3单元"'
check "export: doubled quotes kept" has "$tmp/e1" '"欧阳""小""娜"'
check "export: landline normalised" has "$tmp/e1" "$li,李娜,2,1985-12-01,010-65001234"
check "export: lines end in CRLF" is "$(head -n 1 "$tmp/e1" | od -An -c | tr -d ' \n' | tail -c 4)" '\r\n'
outbox1=$(sql "$A" "SELECT count(*) FROM outbox")
# A pipe or a device is not replaced by a file (as root, /dev/null would be).
mkfifo "$tmp/pipe"
jd "$A" export seekers "$tmp/pipe" >"$tmp/out" 2>"$tmp/err"
check "export to a pipe: refused" is "$?" 1
check "export to a pipe: says why" has "$tmp/err" "not a regular file"
check "export to a pipe: the pipe is still a pipe" test -p "$tmp/pipe"

# --- the same file again: nothing changes ---------------------------------
jd "$A" import seekers "$tmp/s1.csv" >"$tmp/out" 2>"$tmp/err"
check "again: exit status still 1 (the bad rows)" is "$?" 1
check "again: 0 imported, all unchanged" is "$(cat "$tmp/out")" \
    "seekers: 0 imported, 0 updated, 3 unchanged, 9 rejected"
jd "$A" export seekers >"$tmp/e2" 2>/dev/null
check "again: export byte for byte the same" cmp -s "$tmp/e1" "$tmp/e2"
check "again: no new outbox entries" is "$(sql "$A" "SELECT count(*) FROM outbox")" "$outbox1"

# --- a changed row is an update -----------------------------------------
{
	printf 'id_number,name,phone,household,education,category\n'
	printf '%s,王小明,13912345678,urban,21,unemployed\n' "$wang"
} >"$tmp/s-upd.csv"
jd "$A" import seekers "$tmp/s-upd.csv" >"$tmp/out" 2>"$tmp/err"
check "update: exit status 0" is "$?" 0
check "update: counted as updated" is "$(cat "$tmp/out")" \
    "seekers: 0 imported, 1 updated, 0 unchanged, 0 rejected"
check "update: address not in the file stays" is \
    "$(sql "$A" "SELECT phone || '|' || address FROM seeker WHERE id_number = '$wang'")" \
    "13912345678|北京市朝阳区建国路1号, 3单元"

# --- a legacy 15-digit number is converted -------------------------------
{
	printf '%s\n' "$hdr"
	printf '%s,张老号,13812345678,urban,21,unemployed,\n' "$legacy15"
} >"$tmp/s-legacy.csv"
jd "$A" import seekers "$tmp/s-legacy.csv" >"$tmp/out" 2>"$tmp/err"
check "legacy: exit status 0" is "$?" 0
check "legacy: imported" is "$(cat "$tmp/out")" \
    "seekers: 1 imported, 0 updated, 0 unchanged, 0 rejected"
check "legacy: stored with 18 characters and its check character" is \
    "$(sql "$A" "SELECT id_number || '|' || birth_date FROM seeker WHERE name = '张老号'")" \
    "$legacy18|1975-06-15"

# --- a byte order mark, CRLF line ends ------------------------------------
{
	printf '\357\273\277%s\n' "$hdr"
	printf '%s,赵BOM,13812345678,urban,21,unemployed,\n' "$(idnum 11010519880808001)"
} >"$tmp/s-bom.csv"
jd "$A" import seekers "$tmp/s-bom.csv" >"$tmp/out" 2>"$tmp/err"
check "BOM: exit status 0" is "$?" 0
check "BOM: the header is read past the mark" is "$(cat "$tmp/out")" \
    "seekers: 1 imported, 0 updated, 0 unchanged, 0 rejected"
{
	printf '%s\r\n' "$hdr"
	printf '%s,钱CRLF,13812345678,urban,21,unemployed,"东"\r\n' "$(idnum 11010519880808002)"
	printf '%s,孙CRLF,13812345678,urban,21,unemployed,末尾\r\n' "$(idnum 11010519880808003)"
} >"$tmp/s-crlf.csv"
jd "$A" import seekers "$tmp/s-crlf.csv" >"$tmp/out" 2>"$tmp/err"
check "CRLF: exit status 0" is "$?" 0
check "CRLF: both rows imported" is "$(cat "$tmp/out")" \
    "seekers: 2 imported, 0 updated, 0 unchanged, 0 rejected"
check "CRLF: no carriage return kept in a value" is \
    "$(sql "$A" "SELECT count(*) FROM seeker WHERE instr(name || address, char(13)) > 0")" 0
check "CRLF: last field read whole" is \
    "$(sql "$A" "SELECT address FROM seeker WHERE name = '孙CRLF'")" "末尾"
# Old Mac files end lines with a lone CR.
{
	printf '%s\r' "$hdr"
	printf '%s,李CR,13812345678,urban,21,unemployed,一\r' "$(idnum 11010519880808004)"
	printf '%s,周CR,13812345678,urban,21,unemployed,二\r' "$(idnum 11010519880808005)"
} >"$tmp/s-cr.csv"
jd "$A" import seekers "$tmp/s-cr.csv" >"$tmp/out" 2>"$tmp/err"
check "CR: exit status 0" is "$?" 0
check "CR: both rows imported" is "$(cat "$tmp/out")" \
    "seekers: 2 imported, 0 updated, 0 unchanged, 0 rejected"
check "CR: rows read apart" is "$(sql "$A" "SELECT address FROM seeker WHERE name = '周CR'")" "二"

# --- limits: a huge field and too many fields are bad rows ----------------
{
	printf '%s\n' "$hdr"
	printf '%s,长字段,13812345678,urban,21,unemployed,"' "$(idnum 11010519880808004)"
	awk 'BEGIN { for (i = 0; i < 5000; i++) printf "a"; printf "\"\n" }'
	printf '%s,多列,13812345678,urban,21,unemployed' "$(idnum 11010519880808005)"
	awk 'BEGIN { for (i = 0; i < 250; i++) printf ",x"; printf "\n" }'
	printf '%s,之后,13812345678,urban,21,unemployed,\n' "$(idnum 11010519880808006)"
} >"$tmp/s-limits.csv"
jd "$A" import seekers "$tmp/s-limits.csv" >"$tmp/out" 2>"$tmp/err"
check "limits: exit status 1" is "$?" 1
check "limits: a field over 4096 bytes is a bad row" has "$tmp/err" \
    "s-limits.csv:2: field 7 is longer than 4096 bytes"
check "limits: more than 200 fields is a bad row" has "$tmp/err" \
    "s-limits.csv:3: the record has more than 200 fields"
check "limits: the row after them is imported" is "$(cat "$tmp/out")" \
    "seekers: 1 imported, 0 updated, 0 unchanged, 2 rejected"

# --- several categories in one cell (a codes field) -----------------------
# The cell is quoted for its comma; blanks and the full-width comma also
# separate codes; the value is stored sorted by code, as the picker writes it.
two=$(idnum 11010519900512004)
twofw=$(idnum 11010519900512015)
{
	printf '%s\n' "$hdr"
	printf '%s,刘两类,13812345678,rural,21,"rural,migrant",\n' "$two"
	printf '%s,全角逗号,13812345678,rural,21,rural，migrant,\n' "$twofw"
	printf '%s,重复类别,13812345678,rural,21,"rural,rural",\n' "$(idnum 11010519900512026)"
	printf '%s,未知类别,13812345678,rural,21,"rural,farmer",\n' "$(idnum 11010519900512037)"
} >"$tmp/s-cats.csv"
jd "$A" import seekers "$tmp/s-cats.csv" >"$tmp/out" 2>"$tmp/err"
check "categories: exit status 1 (two bad rows)" is "$?" 1
check "categories: two imported" is "$(cat "$tmp/out")" \
    "seekers: 2 imported, 0 updated, 0 unchanged, 2 rejected"
check "categories: both stored sorted by code" is \
    "$(sql "$A" "SELECT group_concat(category, '|') FROM seeker WHERE id_number IN ('$two', '$twofw')")" \
    "migrant,rural|migrant,rural"
check "categories: a code given twice reported on line 4" has "$tmp/err" \
    "s-cats.csv:4: Category: \"rural\" is given twice"
check "categories: an unknown code reported on line 5" has "$tmp/err" \
    "s-cats.csv:5: Category: \"farmer\" is not a code of the person_category list"
jd "$A" import seekers "$tmp/s-cats.csv" >"$tmp/out" 2>"$tmp/err"
check "categories again: unchanged" is "$(cat "$tmp/out")" \
    "seekers: 0 imported, 0 updated, 2 unchanged, 2 rejected"
{
	printf 'id_number,name,phone,household,education,category\n'
	printf '%s,刘两类,13812345678,rural,21,migrant rural\n' "$two"
} >"$tmp/s-cats2.csv"
jd "$A" import seekers "$tmp/s-cats2.csv" >"$tmp/out" 2>"$tmp/err"
check "categories in another order and with a blank: unchanged" is "$(cat "$tmp/out")" \
    "seekers: 0 imported, 0 updated, 1 unchanged, 0 rejected"
jd "$A" export seekers >"$tmp/ecats" 2>/dev/null
check "categories: exported joined, in one quoted cell" has "$tmp/ecats" \
    ",\"migrant,rural\",,"

# --- an unknown column stops the import before any row -------------------
before=$(sql "$A" "SELECT count(*) FROM seeker")
{
	printf 'id_number,name,phone,household,education,category,shoe_size\n'
	printf '%s,鞋码,13812345678,urban,21,unemployed,42\n' "$(idnum 11010519880808007)"
} >"$tmp/s-unknown.csv"
jd "$A" import seekers "$tmp/s-unknown.csv" >"$tmp/out" 2>"$tmp/err"
check "unknown column: exit status 1" is "$?" 1
check "unknown column: named on line 1 with the expected ones" has "$tmp/err" \
    "s-unknown.csv:1: unknown column \"shoe_size\"; expected one of id_number, name, phone,"
check "unknown column: no row imported" is "$(sql "$A" "SELECT count(*) FROM seeker")" "$before"
printf 'id_number,name,phone,category\n' >"$tmp/s-noedu.csv"
jd "$A" import seekers "$tmp/s-noedu.csv" >"$tmp/out" 2>"$tmp/err"
check "missing required column: exit status 1" is "$?" 1
check "missing required column: named" has "$tmp/err" "s-noedu.csv:1: missing column \"education\""
: >"$tmp/empty.csv"
jd "$A" import seekers "$tmp/empty.csv" >"$tmp/out" 2>"$tmp/err"
check "empty file: exit status 1" is "$?" 1

# --- employers ------------------------------------------------------------
e1=$(uscc 91110105MA01ABCD1)
e2=$(uscc 91110108MA02EFGH2)
e3=$(uscc 91110101MA03JKLM3)
ebad=$(printf '%s' "$e2" | cut -c1-17)0
[ "$ebad" != "$e2" ] || ebad=$(printf '%s' "$e2" | cut -c1-17)1
{
	printf 'uscc,name,type,industry,district,contact,phone,hard_to_recruit\n'
	printf '%s,北京星辰科技有限公司,private,65,110105,刘经理,13700001111,是\n' "$e1"
	printf '%s,坏代码公司,private,65,110105,周经理,13700002222,no\n' "$ebad"
	printf '%s,北京海淀餐饮有限公司,private,62,110108,吴女士,010-82001234,\n' "$e2"
} >"$tmp/emp.csv"
jd "$A" import employers "$tmp/emp.csv" >"$tmp/out" 2>"$tmp/err"
check "employers: exit status 1" is "$?" 1
check "employers: summary" is "$(cat "$tmp/out")" \
    "employers: 2 imported, 0 updated, 0 unchanged, 1 rejected"
check "employers: bad USCC reported on line 3" has "$tmp/err" "emp.csv:3: USCC: check character is"
jd "$A" import employers "$tmp/emp.csv" >"$tmp/out" 2>"$tmp/err"
check "employers again: all unchanged" is "$(cat "$tmp/out")" \
    "employers: 0 imported, 0 updated, 2 unchanged, 1 rejected"
# A right USCC whose embedded organisation code fails: imported, with a warning.
{
	printf 'uscc,name,type,industry,district,contact,phone\n'
	printf '91310115MA1G4L1WX7,上海某某有限公司,private,65,110105,钱经理,13700003333\n'
} >"$tmp/emp-warn.csv"
jd "$A" import employers "$tmp/emp-warn.csv" >"$tmp/out" 2>"$tmp/err"
check "organisation-code warning: exit status 0" is "$?" 0
check "organisation-code warning: imported" is "$(cat "$tmp/out")" \
    "employers: 1 imported, 0 updated, 0 unchanged, 0 rejected"
check "organisation-code warning: named with file and line" has "$tmp/err" "emp-warn.csv:2: warning: "

# --- vacancies ------------------------------------------------------------
{
	printf 'employer_uscc,occupation,title,headcount,wage_min,wage_max,valid_until,description\n'
	printf '%s,2-02,软件工程师,3,15000,25000,2099-12-31,"熟悉C语言, SQLite"\n' "$e1"
	printf '%s,4-03-02-01,中式烹调师,2,6000,8000,2099-06-30,\n' "$(printf '%s' "$e2" |
	    tr 'A-Z' 'a-z')"
	printf '%s,2-02,测试工程师,1,9000,12000,2099-12-31,\n' "$e3"
	printf '%s,2-02,倒挂工资,1,12000,9000,2099-12-31,\n' "$e1"
} >"$tmp/vac.csv"
jd "$A" import vacancies "$tmp/vac.csv" >"$tmp/out" 2>"$tmp/err"
check "vacancies: exit status 1" is "$?" 1
check "vacancies: summary" is "$(cat "$tmp/out")" \
    "vacancies: 2 imported, 0 updated, 0 unchanged, 2 rejected"
check "vacancies: unknown employer reported on line 4" has "$tmp/err" \
    "vac.csv:4: employer \"$e3\" is not registered; import employers first"
check "vacancies: wage range checked as in the form" has "$tmp/err" "vac.csv:5: "
jd "$A" import vacancies "$tmp/vac.csv" >"$tmp/out" 2>"$tmp/err"
check "vacancies again: all unchanged" is "$(cat "$tmp/out")" \
    "vacancies: 0 imported, 0 updated, 2 unchanged, 2 rejected"
jd "$A" export vacancies >"$tmp/ev" 2>/dev/null
check "vacancies export: employer USCC first" has "$tmp/ev" \
    "$e1,2-02,软件工程师,3,15000,25000,,,,,,\"熟悉C语言, SQLite\",2099-12-31,no,open"

# --- export to a file: written whole, owner only, audited -----------------
exports=$(sql "$A" "SELECT count(*) FROM audit WHERE action = 'export'")
jd "$A" export seekers "$tmp/seekers.csv" >"$tmp/out" 2>"$tmp/err"
check "export FILE: exit status 0" is "$?" 0
check "export FILE: the count" has "$tmp/out" "seekers: 12 exported to $tmp/seekers.csv"
jd "$A" export seekers >"$tmp/e3" 2>/dev/null
check "export FILE: same as standard output" cmp -s "$tmp/seekers.csv" "$tmp/e3"
check "export FILE: no temporary file left" test ! -e "$tmp/seekers.csv.tmp"
check "export FILE: readable by the owner only" is \
    "$(ls -l "$tmp/seekers.csv" | cut -c1-10)" "-rw-------"
check "export: one audit record per export" is \
    "$(sql "$A" "SELECT count(*) FROM audit WHERE action = 'export'")" $((exports + 2))
jd "$A" export seekers "$tmp/nodir/x.csv" >"$tmp/out" 2>"$tmp/err"
check "export into a missing folder: exit status 1" is "$?" 1

# --- export, import into an empty database, export again: the same -------
jd "$A" export employers "$tmp/ra-emp.csv" >/dev/null
jd "$A" export vacancies "$tmp/ra-vac.csv" >/dev/null
jd "$A" export seekers "$tmp/ra-seek.csv" >/dev/null
newdb b
B=$tmp/b.db
jd "$B" import employers "$tmp/ra-emp.csv" >"$tmp/out" 2>"$tmp/err"
check "round trip: employers import cleanly" is "$?" 0
jd "$B" import vacancies "$tmp/ra-vac.csv" >"$tmp/out" 2>"$tmp/err"
check "round trip: vacancies import cleanly" is "$?" 0
jd "$B" import seekers "$tmp/ra-seek.csv" >"$tmp/out" 2>"$tmp/err"
check "round trip: seekers import cleanly" is "$?" 0
check "round trip: set-by-jobdesk columns named, not imported" has "$tmp/err" \
    "ra-seek.csv:1: column \"status\" is set by jobdesk"
for k in seekers employers vacancies; do
	jd "$A" export $k >"$tmp/rt-a" 2>/dev/null
	jd "$B" export $k >"$tmp/rt-b" 2>/dev/null
	check "round trip: $k export identical" cmp -s "$tmp/rt-a" "$tmp/rt-b"
done

# --- spreadsheets: GB18030 (GBK), byte order mark, Chinese headers, names -
newdb gb
G=$tmp/gb.db
gb1=$(idnum 11010519920101101)
gb2=$(idnum 11010519920101202)
gb3=$(idnum 11010519920101303)
# As Excel and WPS save "CSV" on a Chinese system: GBK, the form's labels
# as headers, codes by their Chinese names, text cells as ="...".
{
	printf '公民身份号码,姓名,联系电话,户籍类型,文化程度,人员类别,居住区县,街道乡镇\r\n'
	printf '%s,王小明,13812345678,本市城镇,大学本科毕业,"登记失业人员,外来务工人员",朝阳区,建外街道\r\n' "$gb1"
	printf '"=""%s""",李娜,"=""01065001234""",本市农村,31,graduate,110105,\r\n' "$gb2"
	printf '%s,张三,13812345678,urban,21,unemployed,朝阳区,八里庄街道\r\n' "$gb3"
	printf '%s,赵四,13812345678,城里,21,unemployed,,\r\n' "$(idnum 11010519920101404)"
} >"$tmp/utf8-sheet.csv"
iconv -f UTF-8 -t GB18030 "$tmp/utf8-sheet.csv" >"$tmp/gbk.csv"
check "GBK: the file is not UTF-8 (the test's own premise)" test -n \
    "$(iconv -f UTF-8 -t UTF-8 "$tmp/gbk.csv" >/dev/null 2>&1 || echo invalid)"
jd "$G" import seekers "$tmp/gbk.csv" >"$tmp/out" 2>"$tmp/err"
check "GBK: exit status 1 (two bad rows)" is "$?" 1
check "GBK: two imported" is "$(cat "$tmp/out")" \
    "seekers: 2 imported, 0 updated, 0 unchanged, 2 rejected"
check "GBK: said to be read as GB18030 (GBK)" has "$tmp/err" \
    "gbk.csv: note: the file is in GB18030 (GBK)"
check "GBK: Chinese stored as UTF-8, names given as codes, text cells as their text" is \
    "$(sql "$G" "SELECT name || '|' || phone || '|' || household || '|' || education || '|' ||
    category || '|' || district || '|' || street FROM seeker ORDER BY id_number")" \
    "王小明|13812345678|urban|21|migrant,unemployed|110105|110105001
李娜|010-65001234|rural|31|graduate|110105|"
check "GBK: a name two codes share is refused, with the codes, on its line" has "$tmp/err" \
    "gbk.csv:4: Street: \"八里庄街道\" is the name of several codes of the region list (110105015, 110108005); give the code"
check "GBK: a name of no code is refused as no code" has "$tmp/err" \
    "gbk.csv:5: Household: \"城里\" is not a code of the household list"
# The same rows as UTF-8 with a byte order mark ("CSV UTF-8"): the same records.
newdb bom
{ printf '\357\273\277'; cat "$tmp/utf8-sheet.csv"; } >"$tmp/bom-sheet.csv"
jd "$tmp/bom.db" import seekers "$tmp/bom-sheet.csv" >"$tmp/out" 2>"$tmp/err"
check "BOM and Chinese headers: the same two imported" is "$(cat "$tmp/out")" \
    "seekers: 2 imported, 0 updated, 0 unchanged, 2 rejected"
check "BOM: no note about GB18030" hasnt "$tmp/err" "GB18030"
jd "$G" export seekers >"$tmp/e-gb" 2>/dev/null
jd "$tmp/bom.db" export seekers >"$tmp/e-bom" 2>/dev/null
check "BOM: exported the same as from the GBK file" cmp -s "$tmp/e-gb" "$tmp/e-bom"
# A broken byte in a GBK file: its line named, the other rows read.
{
	printf '姓名,公民身份号码,联系电话,户籍类型,文化程度,人员类别\n'
	printf '钱一,%s,13812345678,本市城镇,21,unemployed\n' "$(idnum 11010519920101505)"
	printf '孙X二,%s,13812345678,本市城镇,21,unemployed\n' "$(idnum 11010519920101606)"
	printf '周三,%s,13812345678,外埠,21,unemployed\n' "$(idnum 11010519920101707)"
} | iconv -f UTF-8 -t GB18030 | sed 's/X/\xff/' >"$tmp/gbk-broken.csv"
jd "$G" import seekers "$tmp/gbk-broken.csv" >"$tmp/out" 2>"$tmp/err"
check "broken GBK byte: exit status 1" is "$?" 1
check "broken GBK byte: its line named, the byte shown" has "$tmp/err" \
    "gbk-broken.csv:3: field 1 is not GB18030 (GBK) text: byte 3 (0xFF) cannot be read"
check "broken GBK byte: the other rows imported" is "$(cat "$tmp/out")" \
    "seekers: 2 imported, 0 updated, 0 unchanged, 1 rejected"
# Lines only GB18030 reads and lines only UTF-8 reads: nothing imported.
before=$(sql "$G" "SELECT count(*) FROM seeker")
{
	printf 'name,id_number,phone,household,education,category\n'
	printf '王,%s,13812345678,urban,21,unemployed\n' "$(idnum 11010519920101808)"
	printf '王,%s,13812345678,urban,21,unemployed\n' "$(idnum 11010519920101909)" |
	    iconv -f UTF-8 -t GB18030
} >"$tmp/mixed.csv"
jd "$G" import seekers "$tmp/mixed.csv" >"$tmp/out" 2>"$tmp/err"
check "mixed encodings: exit status 1" is "$?" 1
check "mixed encodings: both lines named" has "$tmp/err" \
    "mixed.csv: the file mixes two encodings: line 3 reads only as GB18030 (GBK), line 2 only as UTF-8"
check "mixed encodings: nothing imported" is "$(sql "$G" "SELECT count(*) FROM seeker")" "$before"
printf '\377\376i\000d\000' >"$tmp/utf16.csv"
jd "$G" import seekers "$tmp/utf16.csv" >"$tmp/out" 2>"$tmp/err"
check "UTF-16: refused, said so" has "$tmp/err" "utf16.csv: the file is in UTF-16"
# A GBK file from a pipe is read as well as from a file.
iconv -f UTF-8 -t GB18030 "$tmp/utf8-sheet.csv" | jd "$tmp/bom.db" import seekers /dev/stdin \
    >"$tmp/out" 2>"$tmp/err"
check "GBK from a pipe: read, all there already" is "$(cat "$tmp/out")" \
    "seekers: 0 imported, 0 updated, 2 unchanged, 2 rejected"
# Two columns that are one field, by key and by label.
printf 'name,姓名,id_number,phone,education,category\n' >"$tmp/twice.csv"
jd "$G" import seekers "$tmp/twice.csv" >"$tmp/out" 2>"$tmp/err"
check "a label and its key: refused, named" has "$tmp/err" \
    "twice.csv:1: column \"姓名\" is the field \"name\", which an earlier column is already"

# --- export --excel, and read back ------------------------------------------
jd "$A" export --excel seekers "$tmp/x.csv" >"$tmp/out" 2>"$tmp/err"
check "--excel: exit status 0" is "$?" 0
check "--excel: starts with a UTF-8 byte order mark" is \
    "$(head -c 3 "$tmp/x.csv" | od -An -tx1 | tr -d ' ')" efbbbf
check "--excel: names beside the codes in the header" is \
    "$(head -n 1 "$tmp/x.csv" | tr -d '\r' | cut -c4- | cut -d, -f1-8)" \
    "id_number,name,sex,sex_name,birth_date,phone,household,household_name"
check "--excel: ID number and phone kept as text, code names beside codes" has "$tmp/x.csv" \
    "\"=\"\"$wang\"\"\",王小明,\"=\"\"1\"\"\",Male,1990-03-07,\"=\"\"13912345678\"\"\",urban,Beijing urban"
check "--excel: several codes' names together" has "$tmp/x.csv" \
    "\"migrant,rural\",\"Migrant worker, Rural labour\""
printf '[client]\nlanguage = zh_CN\n' >"$tmp/zh.ini"
"$bin" --config "$tmp/zh.ini" --db "$A" export --excel seekers >"$tmp/xzh.csv" 2>/dev/null
check "--excel in Chinese: Chinese names, joined by 、" has "$tmp/xzh.csv" \
    "\"migrant,rural\",外来务工人员、农村劳动力"
check "--excel: the plain export is as it was" is "$(head -c 9 "$tmp/e1" | tr -d '\r')" "id_number"
# Read back as it is: the text cells are their text, the name columns left out.
newdb xl
jd "$tmp/xl.db" import seekers "$tmp/x.csv" >"$tmp/out" 2>"$tmp/err"
check "--excel read back: exit status 0" is "$?" 0
check "--excel read back: no note about the name columns" hasnt "$tmp/err" "_name"
jd "$A" export seekers >"$tmp/rt-a" 2>/dev/null
jd "$tmp/xl.db" export seekers >"$tmp/rt-b" 2>/dev/null
check "--excel read back: the plain export identical" cmp -s "$tmp/rt-a" "$tmp/rt-b"
# Read back after a spreadsheet saved it again as "CSV" (GBK): its cells as
# shown (="..." gone, dates reformatted), the byte order mark gone.
newdb xl2
tail -c +4 "$tmp/x.csv" | sed -e 's/"=""\([^"]*\)"""/\1/g' \
    -e 's/,\([0-9]\{4\}\)-0*\([0-9]*\)-0*\([0-9]*\)/,\1\/\2\/\3/g' |
    iconv -f UTF-8 -t GB18030 >"$tmp/x-saved.csv"
check "the spreadsheet's save: no text cell left (the test's own premise)" hasnt \
    "$tmp/x-saved.csv" '=""'
jd "$tmp/xl2.db" import seekers "$tmp/x-saved.csv" >"$tmp/out" 2>"$tmp/err"
check "--excel saved as GBK by a spreadsheet, read back: exit status 0" is "$?" 0
jd "$tmp/xl2.db" export seekers >"$tmp/rt-c" 2>/dev/null
check "--excel saved by a spreadsheet, read back: the plain export identical" \
    cmp -s "$tmp/rt-a" "$tmp/rt-c"
jd "$A" export --excel vacancies >"$tmp/xv.csv" 2>/dev/null
check "--excel vacancies: an occupation code kept from becoming a date" has "$tmp/xv.csv" \
    "\"=\"\"2-02\"\"\",Engineering and technical personnel,软件工程师"
jd "$A" export --excel --frobnicate seekers >/dev/null 2>&1
check "export with an unknown option: usage error" is "$?" 2

# --- a row the database fails half-way: its batch goes, the import stops ---
newdb half
sqlite3 "$tmp/half.db" "CREATE TRIGGER boom BEFORE INSERT ON audit WHEN NEW.record_id =
    (SELECT id FROM seeker WHERE name = '坏行') BEGIN SELECT RAISE(ABORT, 'disk on fire'); END"
{
	printf 'id_number,name,phone,education,category\n'
	printf '%s,好一,13812345678,21,unemployed\n' "$(idnum 11010519930101111)"
	printf '%s,坏行,13812345678,21,unemployed\n' "$(idnum 11010519930101222)"
	printf '%s,好二,13812345678,21,unemployed\n' "$(idnum 11010519930101333)"
} >"$tmp/half.csv"
jd "$tmp/half.db" import seekers "$tmp/half.csv" >"$tmp/out" 2>"$tmp/err"
check "failed half-way: exit status 1" is "$?" 1
check "failed half-way: the row named with the database's reason" has "$tmp/err" \
    "half.csv:3: cannot save the record: disk on fire"
check "failed half-way: the lines not in named, the import stopped" has "$tmp/err" \
    "half.csv: cannot save the rows of lines 2 to 3: disk on fire; the import stops"
check "failed half-way: nothing of the batch in, not even the row before" is \
    "$(sql "$tmp/half.db" "SELECT count(*) || ' ' || (SELECT count(*) FROM audit WHERE tbl = 'seeker')
    || ' ' || (SELECT count(*) FROM seeker_name_gram) FROM seeker")" "0 0 0"
check "failed half-way: the summary counts no row in" is "$(cat "$tmp/out")" \
    "seekers: 0 imported, 0 updated, 0 unchanged, 1 rejected"

# --- init: the first start by a script --------------------------------------
I=$tmp/init/jobdesk.db
mkdir "$tmp/init"
printf 'supervisor-1\n' | jd "$I" init --office 110105-001 朝阳区职业介绍服务中心 district \
    --supervisor wangfang 王芳 >"$tmp/out" 2>"$tmp/err"
check "init: exit status 0" is "$?" 0
check "init: says what it set up" is "$(cat "$tmp/out")" \
    "office \"110105-001\" (朝阳区职业介绍服务中心) and its supervisor \"wangfang\" set up"
check "init: the office" is "$(sql "$I" "SELECT code || '|' || name || '|' || level FROM office")" \
    "110105-001|朝阳区职业介绍服务中心|district"
check "init: its supervisor" is \
    "$(sql "$I" "SELECT login || '|' || name || '|' || office || '|' || role FROM account")" \
    "wangfang|王芳|110105-001|supervisor"
check "init: audited as the script" is \
    "$(sql "$I" "SELECT clerk || ' ' || tbl || ' ' || record_id || ' ' || action FROM audit ORDER BY id")" \
    "$me office 110105-001 create
$me account wangfang create"
printf 'id_number,name,phone,education,category\n%s,王小明,13812345678,31,unemployed\n' \
    "$wang" >"$tmp/one.csv"
printf 'supervisor-1\n' | jd "$I" import --user wangfang seekers "$tmp/one.csv" >"$tmp/out" 2>"$tmp/err"
check "init: the supervisor's password works" is "$(cat "$tmp/out")" \
    "seekers: 1 imported, 0 updated, 0 unchanged, 0 rejected"
hash_i=$(sql "$I" "SELECT pwhash FROM account")
printf 'another-one\n' | jd "$I" init --office 110105-002 劲松 street --supervisor li 李 \
    >"$tmp/out" 2>"$tmp/err"
check "second init: refused (exit status 1)" is "$?" 1
check "second init: says why, naming the office there" has "$tmp/err" \
    "this database is set up already, for office \"110105-001\" (朝阳区职业介绍服务中心)"
check "second init: nothing changed" is \
    "$(sql "$I" "SELECT count(*) || ' ' || (SELECT count(*) FROM account) || ' ' ||
    (SELECT pwhash FROM account) FROM office")" "1 1 $hash_i"
printf 'supervisor-1\n' | jd "$tmp/init/bad.db" init --office 110105-001 中心 county \
    --supervisor wangfang 王芳 >"$tmp/out" 2>"$tmp/err"
check "init with a bad level: refused" is "$?" 1
check "init with a bad level: named" has "$tmp/err" \
    "office level \"county\" is not city, district, street or township"
printf 'short\n' | jd "$tmp/init/bad.db" init --office 110105-001 中心 district \
    --supervisor wangfang 王芳 >"$tmp/out" 2>"$tmp/err"
check "init with a short password: refused, said so" has "$tmp/err" "too short"
jd "$tmp/init/bad.db" init --office 110105-001 中心 district --supervisor wangfang 王芳 \
    secret-pass >"$tmp/out" 2>"$tmp/err"
check "init with a password argument: usage error" is "$?" 2
check "a refused init on a new path leaves no database" is \
    "$(ls "$tmp/init" | tr '\n' ' ')" "jobdesk.db "

# --- a command that fails where there was no database leaves none -----------
mkdir "$tmp/fresh"
jd "$tmp/fresh/jobdesk.db" import seekers "$tmp/s1.csv" >"$tmp/out" 2>"$tmp/err"
check "import without an office: exit status 1" is "$?" 1
check "import without an office: says to run jobdesk init" has "$tmp/err" "jobdesk init"
check "import without an office: no file left behind" is "$(ls -A "$tmp/fresh")" ""
printf 'correct-horse\n' | jd "$tmp/fresh/jobdesk.db" user add wang 王小明 clerk >/dev/null 2>&1
check "user add without an office: no file left behind" is "$(ls -A "$tmp/fresh")" ""
# The default database, in a data folder the command would have made.
XDG_DATA_HOME=$tmp/fresh/data "$bin" --config "$tmp/jobdesk.ini" import seekers "$tmp/s1.csv" \
    >/dev/null 2>&1
check "import without an office, default database: no folder left behind" is \
    "$(ls -A "$tmp/fresh")" ""
# A database that was there stays, office or not.
jd "$tmp/fresh/kept.db" user list >/dev/null 2>&1
jd "$tmp/fresh/kept.db" import seekers "$tmp/s1.csv" >/dev/null 2>&1
check "import into a database there without an office: the database stays" \
    test -f "$tmp/fresh/kept.db"

# --- usage ------------------------------------------------------------------
jd "$A" import >/dev/null 2>&1
check "import without arguments: exit status 2" is "$?" 2
jd "$A" import pets "$tmp/s1.csv" >/dev/null 2>&1
check "import of an unknown kind: exit status 2" is "$?" 2
jd "$A" export seekers a b >/dev/null 2>&1
check "export with two files: exit status 2" is "$?" 2
jd "$A" import seekers "$tmp/none.csv" >/dev/null 2>"$tmp/err"
check "import of a missing file: exit status 1" is "$?" 1
check "import of a missing file: said so" has "$tmp/err" "none.csv: cannot open"

# --- users ------------------------------------------------------------------
jd "$tmp/nooffice.db" user list >/dev/null 2>&1
printf 'correct-horse\n' | jd "$tmp/nooffice.db" user add wang 王小明 clerk >/dev/null 2>"$tmp/err"
check "user add without an office: exit status 1" is "$?" 1
check "user add without an office: says to start jobdesk" has "$tmp/err" "start jobdesk once"

U=$tmp/a.db
printf 'correct-horse\n' | jd "$U" user add wang 王小明 clerk --cert 2020-0001 \
    --cert-until 2099-12-31 --grade 3 >"$tmp/out" 2>"$tmp/err"
check "user add: exit status 0" is "$?" 0
printf 'battery-staple\n' | jd "$U" user add li 'Li Na' counsellor >/dev/null 2>&1
check "user add second: exit status 0" is "$?" 0
jd "$U" user list >"$tmp/list" 2>"$tmp/err"
check "user list: exit status 0" is "$?" 0
check "user list: shows the new account" has "$tmp/list" "王小明"
check "user list: certificate and valid-until" has "$tmp/list" "2020-0001    2099-12-31"
# The role column starts in the same display column on every line.
cols=$(sed -e 's/ROLE.*//' -e 's/clerk.*//' -e 's/counsellor.*//' -e 's/supervisor.*//' "$tmp/list" | while IFS= read -r l; do
	printf '%s\n' "$l" | wc -L
done | sort -u | wc -l | tr -d ' ')
check "user list: columns aligned by display width" is "$cols" 1
check "user list: the password is not stored as given" is \
    "$(sql "$U" "SELECT count(*) FROM account WHERE pwhash LIKE '\$argon2id\$%'")" 3
printf 'correct-horse\n' | jd "$U" user add zhao 赵 clerk correct-horse >/dev/null 2>"$tmp/err"
check "password on the command line: usage error" is "$?" 2
check "password on the command line: said so" has "$tmp/err" "standard input"
printf 'correct-horse\n' | jd "$U" user add zhao 赵 clerk --password correct-horse \
    >/dev/null 2>&1
check "--password option: usage error" is "$?" 2
check "password on the command line: no account made" is \
    "$(sql "$U" "SELECT count(*) FROM account WHERE login = 'zhao'")" 0
printf 'correct-horse\n' | jd "$U" user add wang 王 clerk >/dev/null 2>"$tmp/err"
check "user add twice: exit status 1" is "$?" 1
printf 'correct-horse\n' | jd "$U" user add qian 钱 boss >/dev/null 2>"$tmp/err"
check "user add with a bad role: exit status 1" is "$?" 1
check "user add with a bad role: named" has "$tmp/err" "role \"boss\""
# Roles by their names: typed in Chinese, listed in the clerk's language.
newdb roles
R=$tmp/roles.db
printf 'correct-horse\n' | jd "$R" user add zhou 周 主管 --grade 职业指导师 >/dev/null \
    2>"$tmp/err"
check "user add with Chinese names of role and grade: exit status 0" is "$?" 0
check "user add with Chinese names of role and grade: their codes are kept" is \
    "$(sql "$R" "SELECT role || ' ' || guidance_grade FROM account WHERE login = 'zhou'")" \
    "supervisor 2"
printf '[client]\nlanguage = zh_CN\n' >"$tmp/zh.ini"
"$bin" --config "$tmp/zh.ini" --db "$R" user list >"$tmp/list" 2>"$tmp/err"
check "user list in Chinese: the role by its Chinese name" \
    test -n "$(grep '^zhou ' "$tmp/list" | grep 主管)"
jd "$R" user list >"$tmp/list" 2>/dev/null
check "user list in English: the role by its word" \
    test -n "$(grep '^zhou ' "$tmp/list" | grep supervisor)"

hash0=$(sql "$U" "SELECT pwhash FROM account WHERE login = 'wang'")
printf 'new-secret-1\nsomething-else\n' | jd "$U" user passwd wang >"$tmp/out" 2>"$tmp/err"
check "passwd from a pipe: reads one line, exit status 0" is "$?" 0
hash1=$(sql "$U" "SELECT pwhash FROM account WHERE login = 'wang'")
check "passwd: the hash changed" test "$hash0" != "$hash1"
printf 'short\n' | jd "$U" user passwd wang >/dev/null 2>"$tmp/err"
check "passwd too short: exit status 1" is "$?" 1
check "passwd too short: said so" has "$tmp/err" "too short"
jd "$U" user passwd wang </dev/null >/dev/null 2>"$tmp/err"
check "passwd with nothing on stdin: exit status 1" is "$?" 1
jd "$U" user passwd wang new-secret-1 </dev/null >/dev/null 2>&1
check "passwd with a password argument: usage error" is "$?" 2
jd "$U" user passwd nobody </dev/null >/dev/null 2>"$tmp/err"
check "passwd of an unknown login: exit status 1" is "$?" 1
check "passwd unchanged by the failures" is \
    "$(sql "$U" "SELECT pwhash FROM account WHERE login = 'wang'")" "$hash1"
if command -v script >/dev/null 2>&1; then
	printf 'first-pass-1\nsecond-pass-2\n' | script -qec \
	    "'$bin' --config '$tmp/jobdesk.ini' --db '$U' user passwd wang" /dev/null \
	    >"$tmp/out" 2>&1
	check "passwd on a terminal, two different entries: exit status 1" is "$?" 1
	check "passwd on a terminal: the mismatch is refused" has "$tmp/out" "differ"
	check "passwd on a terminal: nothing changed" is \
	    "$(sql "$U" "SELECT pwhash FROM account WHERE login = 'wang'")" "$hash1"
	printf 'first-pass-1\nfirst-pass-1\n' | script -qec \
	    "'$bin' --config '$tmp/jobdesk.ini' --db '$U' user passwd wang" /dev/null \
	    >"$tmp/out" 2>&1
	check "passwd on a terminal, the same twice: exit status 0" is "$?" 0
	terminal_passwd=yes
else
	missing "passwd on a terminal: script(1) is not installed (bsdutils)"
	terminal_passwd=no
fi
jd "$U" user disable li >/dev/null 2>&1
check "user disable: exit status 0" is "$?" 0
jd "$U" user list >"$tmp/list" 2>/dev/null
check "user list: shows disabled" test -n "$(grep '^li ' "$tmp/list" | grep disabled)"
jd "$U" user enable li >/dev/null 2>&1
jd "$U" user list >"$tmp/list" 2>/dev/null
check "user enable: active again" test -n "$(grep '^li ' "$tmp/list" | grep active)"
jd "$U" user disable nobody >/dev/null 2>&1
check "user disable of an unknown login: exit status 1" is "$?" 1
jd "$U" user frobnicate >/dev/null 2>&1
check "unknown user command: exit status 2" is "$?" 2
# One audit record for each change the commands above made, in order, as
# "cli:" and the Unix user who ran them; none for the commands that failed.
audited="$me wangfang create
$me wang create
$me li create
$me wang password"
[ "$terminal_passwd" = no ] || audited="$audited
$me wang password"
audited="$audited
$me li disable
$me li enable"
check "user changes audited as cli and the Unix user, one record each" is \
    "$(sql "$U" "SELECT clerk || ' ' || record_id || ' ' || action FROM audit
    WHERE tbl = 'account' ORDER BY id")" "$audited"

# --- jobdesk match and export referrals ------------------------------------
M=$tmp/match.db
newdb match
e1=$(uscc 91110105MA01ABCD1)
printf 'uscc,name,industry,district,contact,phone,hard_to_recruit\n%s,华联超市,F,110105,张经理,01065001234,no\n' \
    "$e1" >"$tmp/me.csv"
# A cashier's post in the seeker's district and a related one elsewhere that pays better.
printf 'employer_uscc,occupation,title,headcount,wage_min,wage_max,district,valid_until,education\n%s,4-01-02,收银员,2,4000,5000,110105,2099-12-31,61\n%s,4-01-05,理货员,2,6000,7000,110108,2099-12-31,\n%s,4-01-02,店长助理,1,8000,9000,110105,2099-12-31,21\n' \
    "$e1" "$e1" "$e1" >"$tmp/mv.csv"
printf 'id_number,name,phone,education,category,desired_occupation,desired_wage,district\n%s,王小明,13812345678,31,unemployed,4-01-02,4500,110105\n' \
    "$wang" >"$tmp/ms.csv"
jd "$M" import employers "$tmp/me.csv" >/dev/null 2>&1 &&
jd "$M" import vacancies "$tmp/mv.csv" >/dev/null 2>&1 &&
jd "$M" import seekers "$tmp/ms.csv" >/dev/null 2>&1
check "match: the data imports" is "$?" 0
jd "$M" match seeker "$wang" >"$tmp/m.txt" 2>"$tmp/err"
check "match: exit status 0" is "$?" 0
check "match: the first line says how many of how many" is "$(head -n 1 "$tmp/m.txt")" "王小明: 2 shown of 2"
check "match: the cashier's post first, the related one elsewhere second" is \
    "$(tail -n +2 "$tmp/m.txt" | awk '{ print $NF }' | tr '\n' ' ')" "华联超市 华联超市 "
check "match: the first row's score and parts" is \
    "$(sed -n 2p "$tmp/m.txt" | awk '{ print $1, $2, $3, $4, $5, $6, $7 }')" "1 97 occ50 wage20 place14 new10 +3"
check "match: the second row is the related post" has "$tmp/m.txt" "理货员 - 华联超市"
check "match: the post asking 本科 is not listed for 大专" hasnt "$tmp/m.txt" "店长助理"
jd "$M" match seeker "$wang" --near >"$tmp/m.txt" 2>&1
check "match --near: the post asking 本科 is a near miss, with what it misses" has "$tmp/m.txt" \
    "misses: education"
jd "$M" match seeker "$wang" --format csv >"$tmp/m.csv" 2>&1
check "match --format csv: header" is "$(head -n 1 "$tmp/m.csv" | tr -d '\r')" \
    "rank,id,label,score,occupation,wage,place,freshness,priority,misses"
check "match --format csv: a row a candidate" is "$(wc -l <"$tmp/m.csv" | tr -d ' ')" 3
# The weights are the configuration's: place weighed over occupation puts the other post first.
printf '[match]\nweight_occupation = 10\nweight_place = 60\nplace_elsewhere = 100\n' >"$tmp/w.ini"
"$bin" --config "$tmp/w.ini" --db "$M" match seeker "$wang" --limit 1 >"$tmp/m.txt" 2>&1
check "match: weights from the configuration change the order" has "$tmp/m.txt" "理货员 - 华联超市"
check "match --limit 1: one shown of two" is "$(head -n 1 "$tmp/m.txt")" "王小明: 1 shown of 2"
jd "$M" match seeker "$wrong" >"$tmp/m.txt" 2>&1
check "match: a wrong ID number is refused (exit status 1)" is "$?" 1
check "match: and says why" has "$tmp/m.txt" "check character"
jd "$M" match seeker "$li" >"$tmp/m.txt" 2>&1
check "match: an unregistered ID number: exit status 1" is "$?" 1
check "match: says so" has "$tmp/m.txt" "no job seeker has this ID number"
jd "$M" match vacancy nosuchid >"$tmp/m.txt" 2>&1
check "match: an unknown vacancy: exit status 1" is "$?" 1
jd "$M" match seeker "$wang" --limit 0 >"$tmp/m.txt" 2>&1
check "match --limit 0: a usage error" is "$?" 2
jd "$M" match employer x >/dev/null 2>&1
check "match of something else: a usage error" is "$?" 2
check "match: nothing written to the database" is "$(sql "$M" "SELECT count(*) FROM service_event WHERE type = 'job_query'")" 0
jd "$M" export referrals >"$tmp/r.csv" 2>&1
check "export referrals: the header row alone" is "$(tr -d '\r' <"$tmp/r.csv")" \
    "number,id_number,vacancy_id,employer_uscc,interview_date,interview_place,status,outcome_on,hired_wage,outcome_reason,created_by,registered_on"
jd "$M" import referrals "$tmp/r.csv" >/dev/null 2>&1
check "import referrals: refused (exit status 2)" is "$?" 2

printf '%d passed, %d failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ]
