#!/bin/sh
# build-aux/deb.sh - makes a Debian binary package of what make install
# put in ROOT (make deb runs it):
#
#   build-aux/deb.sh ROOT VERSION MAINTAINER OUT.deb
#
# It strips the program, compresses the manual pages, adds the copyright
# file and a changelog, works out the libraries' packages with
# dpkg-shlibdeps, writes DEBIAN/control and DEBIAN/md5sums, and builds the
# package with dpkg-deb, every file owned by root.
set -eu
[ $# -eq 4 ] || { echo "usage: build-aux/deb.sh ROOT VERSION MAINTAINER OUT.deb" >&2; exit 64; }
root=$1 version=$2 maintainer=$3 out=$4
arch=$(dpkg --print-architecture)
doc=$root/usr/share/doc/runcheck

strip --remove-section=.comment --remove-section=.note --strip-unneeded \
	"$root/usr/bin/runcheck"
find "$root/usr/share/man" -type f ! -name '*.gz' -exec gzip -9n {} +

install -d "$doc"
cat > "$doc/copyright" <<COPYRIGHT
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: runcheck

Files: *
Copyright: 2026 the runcheck authors
License: GPL-3+
 runcheck is free software: you can redistribute it and/or modify it
 under the terms of the GNU General Public License as published by the
 Free Software Foundation, either version 3 of the License, or (at your
 option) any later version.
 .
 On Debian systems, the complete text of the GNU General Public License
 version 3 can be found in /usr/share/common-licenses/GPL-3.
COPYRIGHT
date=$(date -R -d "@${SOURCE_DATE_EPOCH:-$(date +%s)}")
printf 'runcheck (%s) unstable; urgency=medium\n\n  * Built with make deb.\n\n -- %s  %s\n' \
	"$version" "$maintainer" "$date" | gzip -9n > "$doc/changelog.gz"
chmod 644 "$doc/copyright" "$doc/changelog.gz"

# dpkg-shlibdeps wants to run in a source tree with a debian/control.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/debian"
printf 'Source: runcheck\n\nPackage: runcheck\nArchitecture: any\n' > "$work/debian/control"
bin=$(cd "$root" && pwd)/usr/bin/runcheck
depends=$(cd "$work" && dpkg-shlibdeps -O "$bin" | sed -n 's/^shlibs:Depends=//p')

install -d "$root/DEBIAN"
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -print | sed 's|^\./||' |
	sort | xargs md5sum) > "$root/DEBIAN/md5sums"
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
cat > "$root/DEBIAN/control" <<CONTROL
Package: runcheck
Version: $version
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $size
Depends: $depends
Recommends: libpq5, libgettextpo0
Suggests: console-setup, cage, foot, fonts-noto-cjk, fonts-dejavu-core
Section: misc
Priority: optional
Description: running-injury self-check for the terminal and a waiting-room kiosk
 runcheck asks a few questions, one at a time, from a decision tree that
 clinicians write in YAML, and names the likely condition with what to do
 next: book an assessment at the clinic, self care, or a doctor or the
 emergency number when a red flag shows. It suggests; it does not diagnose.
 .
 This package holds the program, its manual pages and the systemd units
 for a kiosk on tty1 (on the console, or in a foot terminal under the cage
 Wayland compositor, for languages the console cannot draw) and for the
 daily purge of contact requests past the clinic's retention period (none
 is enabled), with the getty autologin and PostgreSQL drop-ins and the
 terminal's foot.ini in /usr/share/runcheck/systemd.
CONTROL
chmod 644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"
dpkg-deb --root-owner-group --build "$root" "$out"
