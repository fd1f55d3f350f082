#!/usr/bin/env bash
# install.sh - make install and make uninstall into a DESTDIR: every file
# where it belongs (the program, the kiosk shell, the systemd units, the
# drop-ins, the terminal's foot.ini, the manual pages), @BINDIR@ and
# @SHAREDIR@ replaced by the PREFIX's folders in every command line,
# systemd accepting the units, foot its settings, and nothing of
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

# check NAME COMMAND...: passes when COMMAND exits 0.
check() {
	local name=$1
	shift
	if "$@"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL: install: $name" >&2
	fi
}

# nowhere PATTERN: no installed file has a line matching PATTERN.
nowhere() {
	! grep -rIn "$1" "$dest" >&2
}

# both_remote_dropins_run PROGRAM: each PostgreSQL drop-in starts PROGRAM.
both_remote_dropins_run() {
	[ "$(cat "$dest$PREFIX"/share/runcheck/systemd/*-remote.conf |
		grep -c "^ExecStart=$1 ")" -eq 2 ]
}

# verify_units UNIT...: systemd checks the units as installed, their
# command moved into DESTDIR (where it is until a real install) and run as
# root (no kiosk user here): "is not executable" would mean a wrong or
# unsubstituted path.
verify_units() {
	local u
	mkdir -p "$tmp/units"
	for u in "$@"; do
		sed -e "s|=$PREFIX/bin/|=$dest$PREFIX/bin/|" \
			-e 's/^User=kiosk/User=root/; s/^Group=kiosk/Group=root/' \
			"$dest$PREFIX/lib/systemd/system/$u" >"$tmp/units/$u"
	done
	# A warning (an unknown key, say) fails it too.
	if ! (cd "$tmp/units" && systemd-analyze verify --man=no "$@" \
		>"$tmp/verify" 2>&1) || [ -s "$tmp/verify" ]; then
		cat "$tmp/verify" >&2
		return 1
	fi
}

# foot_accepts_config: foot reads the installed foot.ini without an error.
foot_accepts_config() {
	foot --check-config --config="$dest$PREFIX/share/runcheck/systemd/foot.ini" \
		>"$tmp/foot" 2>&1 || { cat "$tmp/foot" >&2; return 1; }
}

want="$PREFIX/bin/runcheck
$PREFIX/bin/runcheck-kiosk-shell
$PREFIX/lib/systemd/system/runcheck-kiosk-cage.service
$PREFIX/lib/systemd/system/runcheck-kiosk.service
$PREFIX/lib/systemd/system/runcheck-purge.service
$PREFIX/lib/systemd/system/runcheck-purge.timer
$PREFIX/share/man/man1/runcheck.1
$PREFIX/share/man/man5/runcheck-tree.5
$PREFIX/share/runcheck/systemd/foot.ini
$PREFIX/share/runcheck/systemd/getty-autologin.conf
$PREFIX/share/runcheck/systemd/runcheck-kiosk-remote.conf
$PREFIX/share/runcheck/systemd/runcheck-purge-remote.conf"
# Each catalog of po/DOMAIN/LANG.po (po/draft holds none), built.
for po in po/*/*.po; do
	case $po in po/draft/*) continue ;; esac
	domain=${po#po/}
	domain=${domain%%/*}
	lang=$(basename "$po" .po)
	want="$want
$PREFIX/share/locale/$lang/LC_MESSAGES/$domain.mo"
done
want=$(printf '%s\n' "$want" | sort)
bin=$PREFIX/bin
units=$dest$PREFIX/lib/systemd/system

# MAKEFLAGS from make e2e carries its BUILD (build/asan under make asan).
# shellcheck disable=SC2086 # $MAKE may hold arguments too
check "make install succeeds" $MAKE --no-print-directory -s install \
	DESTDIR="$dest" PREFIX=$PREFIX
got=$(cd "$dest" && find . -type f | sed 's|^\.||' | sort)
check "make install puts exactly these files: $(printf '\n%s' "$got")" \
	test "$got" = "$want"
check "the program is executable" test -x "$dest$bin/runcheck"
check "the kiosk shell is executable" test -x "$dest$bin/runcheck-kiosk-shell"
check "the installed program runs" "$dest$bin/runcheck" lint \
	questions/runner-injuries.yaml
# speaks_vi: the installed program finds the catalogs beside its bin/,
# with nothing of the environment (the C locale).
speaks_vi() {
	env -i "$dest$bin/runcheck" --lang vi </dev/null 2>&1 |
		grep -q 'Tự kiểm tra chấn thương'
}
check "the installed program finds its catalogs" speaks_vi
check "no @BINDIR@ is left outside comments" nowhere "^[^#]*@BINDIR@"
check "no @SHAREDIR@ is left outside comments" nowhere "^[^#]*@SHAREDIR@"
check "no /usr/local is left in what was installed to $PREFIX" nowhere /usr/local
check "the kiosk unit starts $bin/runcheck" grep -qx \
	"ExecStart=$bin/runcheck kiosk --db /var/lib/runcheck/runcheck.db" \
	"$units/runcheck-kiosk.service"
check "the cage unit runs $bin/runcheck in foot with the installed foot.ini" \
	grep -qx "ExecStart=/usr/bin/cage -- /usr/bin/foot --config=$PREFIX/share/runcheck/systemd/foot.ini -- $bin/runcheck kiosk --db /var/lib/runcheck/runcheck.db" \
	"$units/runcheck-kiosk-cage.service"
check "the purge unit runs $bin/runcheck" grep -qx \
	"ExecStart=$bin/runcheck requests purge --yes --db /var/lib/runcheck/runcheck.db" \
	"$units/runcheck-purge.service"
check "the kiosk shell execs $bin/runcheck" grep -q \
	"^exec $bin/runcheck kiosk " "$dest$bin/runcheck-kiosk-shell"
check "the kiosk shell is a valid shell script" sh -n "$dest$bin/runcheck-kiosk-shell"
check "both PostgreSQL drop-ins run $bin/runcheck" both_remote_dropins_run "$bin/runcheck"
if command -v systemd-analyze >/dev/null; then
	check "systemd-analyze verify accepts the units" verify_units \
		runcheck-kiosk.service runcheck-purge.service runcheck-purge.timer
	# Its command is cage's, which only a kiosk that draws other scripts
	# needs (make check-deps installs it).
	if [ -x /usr/bin/cage ]; then
		check "systemd-analyze verify accepts the cage unit" verify_units \
			runcheck-kiosk-cage.service
	else
		echo "SKIP: install: cage is not installed: the cage unit not verified" >&2
	fi
else
	echo "SKIP: install: no systemd-analyze to verify the units" >&2
fi
if command -v foot >/dev/null; then
	check "foot accepts the installed foot.ini" foot_accepts_config
else
	echo "SKIP: install: foot is not installed: foot.ini not checked" >&2
fi

# shellcheck disable=SC2086 # $MAKE may hold arguments too
check "make uninstall succeeds" $MAKE --no-print-directory -s uninstall \
	DESTDIR="$dest" PREFIX=$PREFIX
left=$(cd "$dest" && find . -type f | sort)
check "make uninstall leaves no file: $left" test -z "$left"
check "make uninstall removes runcheck's own folder" \
	test ! -e "$dest$PREFIX/share/runcheck"

echo "install: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
