#!/bin/sh
# build-aux/deps.sh - checks that what a make target needs is there, and
# installs from Debian only what is missing:
#
#   build-aux/deps.sh KIND:NAME=PACKAGE ...
#
# KIND:NAME says how to tell that it is there, PACKAGE is the Debian
# package that provides it:
#   lib:NAME    pkg-config --exists NAME (a library with its headers)
#   cmd:NAME    command -v NAME (a program on the PATH)
#   py:NAME     python3 -c 'import NAME' (a Python module)
#   path:GLOB   a file matching GLOB exists
# With everything there it does nothing, whether or not apt-get exists.
# When something is missing and apt-get is on the PATH, it installs the
# missing packages (with sudo unless run as root); otherwise it names
# them and exits 1. Used by make run, check, lint, bench and deb.
set -eu

PKG_CONFIG=${PKG_CONFIG:-pkg-config}

present() {
	kind=${1%%:*}
	name=${1#*:}
	case $kind in
	lib) command -v "$PKG_CONFIG" >/dev/null 2>&1 &&
		"$PKG_CONFIG" --exists "$name" ;;
	cmd) command -v "$name" >/dev/null 2>&1 ;;
	py) command -v python3 >/dev/null 2>&1 &&
		python3 -c "import $name" 2>/dev/null ;;
	path) for f in $name; do [ -e "$f" ] && return 0; done; return 1 ;;
	*) echo "build-aux/deps.sh: $1: the kind must be lib, cmd, py or path" >&2
		exit 64 ;;
	esac
}

missing=""
for need in "$@"; do
	case $need in
	*:*=*) ;;
	*) echo "build-aux/deps.sh: $need: not KIND:NAME=PACKAGE" >&2; exit 64 ;;
	esac
	package=${need##*=}
	if ! present "${need%=*}"; then
		case " $missing " in
		*" $package "*) ;;
		*) missing="$missing $package" ;;
		esac
	fi
done
[ -z "$missing" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
	echo "build-aux/deps.sh: missing, and no apt-get to install them: please install the Debian packages$missing (or their equivalents)" >&2
	exit 1
fi
echo "installing Debian packages:$missing"
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing
