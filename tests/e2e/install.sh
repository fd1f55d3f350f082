#!/usr/bin/env bash
# install.sh - make install and make uninstall into a DESTDIR: every file
# where it belongs (the program, the kiosk shell, the systemd units, the
# drop-ins, the manual pages), @BINDIR@ replaced by the PREFIX's bin in
# every command line, systemd accepting the units, and nothing of
# runcheck's left after make uninstall.
#
#   MAKE=make tests/e2e/install.sh      (from the repository root; make e2e)
#
# The last line says "install: N passed, M failed"; the exit status is 1
# on failure.
set -u
MAKE=${MAKE:-make}
PREFIX=/opt/runcheck-test
tmp=$(mktemp -d "${TMPDIR:-/tmp}/runcheck-install.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
dest=$tmp/root
passed=0
failed=0

check() {
	if eval "$2"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL: install: $1" >&2
	fi
}

want="$PREFIX/bin/runcheck
$PREFIX/bin/runcheck-kiosk-shell
$PREFIX/lib/systemd/system/runcheck-kiosk.service
$PREFIX/lib/systemd/system/runcheck-purge.service
$PREFIX/lib/systemd/system/runcheck-purge.timer
$PREFIX/share/man/man1/runcheck.1
$PREFIX/share/man/man5/runcheck-tree.5
$PREFIX/share/runcheck/systemd/getty-autologin.conf
$PREFIX/share/runcheck/systemd/runcheck-kiosk-remote.conf
$PREFIX/share/runcheck/systemd/runcheck-purge-remote.conf"

# MAKEFLAGS from make e2e carries its BUILD (build/asan under make asan).
check "make install succeeds" \
	'$MAKE --no-print-directory -s install DESTDIR="$dest" PREFIX=$PREFIX >"$tmp/out" 2>&1'
got=$(cd "$dest" && find . -type f | sed 's|^\.||' | sort)
check "make install puts exactly these files: $(printf '\n%s' "$got")" \
	'[ "$got" = "$want" ]'
check "the program and the kiosk shell are executable" \
	'[ -x "$dest$PREFIX/bin/runcheck" ] && [ -x "$dest$PREFIX/bin/runcheck-kiosk-shell" ]'
check "the installed program runs" \
	'"$dest$PREFIX/bin/runcheck" --version | grep -q "^runcheck "'
check "no @BINDIR@ is left outside comments" \
	'! grep -rn "^[^#]*@BINDIR@" "$dest" >&2'
check "no /usr/local is left in what was installed to $PREFIX" \
	'! grep -rIn "/usr/local" "$dest" >&2'
check "the kiosk unit starts $PREFIX/bin/runcheck" \
	'grep -qx "ExecStart=$PREFIX/bin/runcheck kiosk --db /var/lib/runcheck/runcheck.db" \
		"$dest$PREFIX/lib/systemd/system/runcheck-kiosk.service"'
check "the purge unit runs $PREFIX/bin/runcheck" \
	'grep -qx "ExecStart=$PREFIX/bin/runcheck requests purge --yes --db /var/lib/runcheck/runcheck.db" \
		"$dest$PREFIX/lib/systemd/system/runcheck-purge.service"'
check "the kiosk shell execs $PREFIX/bin/runcheck" \
	'grep -q "^exec $PREFIX/bin/runcheck kiosk " "$dest$PREFIX/bin/runcheck-kiosk-shell"'
check "the kiosk shell is a valid shell script" \
	'sh -n "$dest$PREFIX/bin/runcheck-kiosk-shell"'
check "both PostgreSQL drop-ins run $PREFIX/bin/runcheck" \
	'[ "$(grep -h "^ExecStart=$PREFIX/bin/runcheck " "$dest$PREFIX"/share/runcheck/systemd/*-remote.conf | wc -l)" -eq 2 ]'
# systemd checks the units as installed, their command moved into
# DESTDIR (where it is until a real install) and run as root (no kiosk
# user here): "is not executable" would mean a wrong or unsubstituted path.
if command -v systemd-analyze >/dev/null; then
	mkdir "$tmp/units"
	for u in runcheck-kiosk.service runcheck-purge.service runcheck-purge.timer; do
		sed -e "s|=$PREFIX/bin/|=$dest$PREFIX/bin/|" \
			-e 's/^User=kiosk/User=root/; s/^Group=kiosk/Group=root/' \
			"$dest$PREFIX/lib/systemd/system/$u" >"$tmp/units/$u"
	done
	check "systemd-analyze verify accepts the units" \
		'(cd "$tmp/units" && systemd-analyze verify --man=no \
			runcheck-kiosk.service runcheck-purge.service runcheck-purge.timer \
			>"$tmp/verify" 2>&1) || { cat "$tmp/verify" >&2; false; }'
else
	echo "SKIP: install: no systemd-analyze to verify the units" >&2
fi

check "make uninstall succeeds" \
	'$MAKE --no-print-directory -s uninstall DESTDIR="$dest" PREFIX=$PREFIX >"$tmp/out" 2>&1'
left=$(cd "$dest" && find . -type f | sort)
check "make uninstall leaves no file: $left" '[ -z "$left" ]'
check "make uninstall removes runcheck's own folder" \
	'[ ! -e "$dest$PREFIX/share/runcheck" ]'

echo "install: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
