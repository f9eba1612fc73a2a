#!/bin/sh
# Turn the numbered migrations into a C array so the binary carries its
# schema: the number is the file name's leading digits.
set -eu
echo '/* Generated from db/migrations by db/embed.sh; do not edit. */'
echo '#include <stddef.h>'
echo '#include "store/migrations.h"'
echo 'const struct migration migrations[] = {'
for f in "$@"; do
	base=$(basename "$f")
	num=$(printf '%s' "$base" | sed 's/^\([0-9]*\).*/\1/' | sed 's/^0*//')
	[ -n "$num" ] || { echo "embed.sh: $f: name must start with its number" >&2; exit 1; }
	printf '\t{ %s, "%s",\n' "$num" "$base"
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/\t    "/' -e 's/$/\\n"/' "$f"
	printf '\t},\n'
done
echo '};'
echo 'const size_t nmigrations = sizeof migrations / sizeof migrations[0];'
