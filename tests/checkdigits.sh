# Valid ID numbers and credit codes for the test scripts: the check
# characters of GB 11643 (ID number, MOD 11-2) and GB 32100 (USCC).
# Sourced by the suites' lib.sh files.

# idnum FIRST17: the ID number with its MOD 11-2 check character.
idnum() {
	printf '%s\n' "$1" | awk '{
		split("7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2", w, " ")
		s = 0
		for (i = 1; i <= 17; i++)
			s += substr($0, i, 1) * w[i]
		print $0 substr("10X98765432", s % 11 + 1, 1)
	}'
}

# uscc FIRST17: the credit code with its GB 32100 check character.
uscc() {
	printf '%s\n' "$1" | awk '{
		a = "0123456789ABCDEFGHJKLMNPQRTUWXY"
		s = 0; w = 1
		for (i = 1; i <= 17; i++) {
			s += (index(a, substr($0, i, 1)) - 1) * w
			w = w * 3 % 31
		}
		c = 31 - s % 31
		if (c == 31)
			c = 0
		print $0 substr(a, c + 1, 1)
	}'
}
