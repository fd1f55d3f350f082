#!/bin/sh
# Runs a command with a throwaway PostgreSQL server of its own, so that the
# store's tests run against PostgreSQL as well as SQLite:
#
#   tests/pg.sh COMMAND [ARG...]
#
# The cluster is made with Debian's initdb in a new temporary folder, runs
# as an unprivileged user (nobody when this runs as root, as CI does),
# listens on a Unix socket in that folder and on no TCP port, trusts local
# connections (nothing else can reach it), and is stopped and removed when
# the command ends, however it ends. The command finds it in
# $RUNCHECK_TEST_PG, a libpq URI of the database "postgres" as the
# superuser "runcheck". When $RUNCHECK_TEST_PG is already set (a make
# inside make check), the command runs with that server: one server for
# the whole check.
set -eu

if [ -n "${RUNCHECK_TEST_PG:-}" ]; then
	exec "$@"
fi

bin=""
for v in 17 16 15 14 13; do
	if [ -x "/usr/lib/postgresql/$v/bin/initdb" ]; then
		bin=/usr/lib/postgresql/$v/bin
		break
	fi
done
if [ -z "$bin" ]; then
	echo "tests/pg.sh: PostgreSQL's initdb not found (apt-get install postgresql)" >&2
	exit 1
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/runcheck-pg-XXXXXX")
if [ "$(id -u)" -eq 0 ]; then
	as="runuser -u nobody --"
	chown nobody "$dir"
else
	as=""
fi

stop() {
	status=$?
	trap - EXIT INT TERM HUP
	if [ -f "$dir/data/postmaster.pid" ]; then
		$as "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop \
			>/dev/null 2>&1 || true
	fi
	rm -rf "$dir"
	exit "$status"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# No fsync: the cluster dies with the test.
$as "$bin/initdb" -D "$dir/data" -U runcheck --auth=trust -E UTF8 \
	--locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 || {
	cat "$dir/initdb.log" >&2
	exit 1
}
# In its configuration, so that a test that stops and starts it again
# gets the same server.
cat >>"$dir/data/postgresql.conf" <<EOF
listen_addresses = ''
unix_socket_directories = '$dir'
fsync = off
full_page_writes = off
EOF
$as "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -s start || {
	cat "$dir/server.log" >&2
	exit 1
}
RUNCHECK_TEST_PG="postgresql:///postgres?host=$dir&user=runcheck"
export RUNCHECK_TEST_PG
# pg_ctl for this server, for tests that stop and start it: append
# "stop -m fast -w" or "start -w".
RUNCHECK_TEST_PG_CTL="$as $bin/pg_ctl -D $dir/data -l $dir/server.log -s"
export RUNCHECK_TEST_PG_CTL
"$@"
