#!/bin/sh
# core_symbols.sh ARCHIVE LIBRARY... - the core may call nothing but libc
# and libyaml: fails, naming each symbol and the members that use it, when
# a member of ARCHIVE uses a symbol (nm -u) that neither ARCHIVE nor one
# of the LIBRARY files (shared libraries or archives) defines. Otherwise
# says how many symbols the core takes from outside itself.
set -eu
archive=$1
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

defined_in() {
	case $1 in
	*.a) nm --defined-only -g "$1" 2>/dev/null ;;
	*) nm -D --defined-only "$1" ;;
	esac | awk 'NF >= 3 { sub(/@.*/, "", $3); print $3 }' | sort -u
}

defined_in "$archive" >"$tmp/own"
nm -u "$archive" | awk 'NF == 2 && $1 == "U" { print $2 }' | sort -u |
	comm -23 - "$tmp/own" >"$tmp/outside"
: >"$tmp/libs"
for lib in "$@"; do
	if [ ! -e "$lib" ]; then
		echo "FAIL: core_symbols.sh: no library '$lib'" >&2
		exit 2
	fi
	defined_in "$lib" >>"$tmp/libs"
done
sort -u "$tmp/libs" -o "$tmp/libs"

comm -23 "$tmp/outside" "$tmp/libs" >"$tmp/missing"
if [ -s "$tmp/missing" ]; then
	echo "FAIL: $archive uses symbols that neither libc nor libyaml" \
		"defines (the core is C on libyaml and libc alone):" >&2
	while read -r sym; do
		users=$(nm -A -u "$archive" |
			awk -v s="$sym" '$NF == s { n = split($1, a, ":");
				print a[n - 1] }' | sort -u | tr '\n' ' ')
		echo "  $sym, used by $users" >&2
	done <"$tmp/missing"
	exit 1
fi
echo "check-core: $archive takes $(wc -l <"$tmp/outside") symbols from" \
	"outside itself, all from libc and libyaml"
