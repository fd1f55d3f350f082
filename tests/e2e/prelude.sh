# shellcheck shell=bash disable=SC2034 # the sourcing script uses them
# prelude.sh - the start that walks.sh and signoff.sh share: the binary,
# the test data, a temporary folder, a clean environment, the counters,
# run (the binary with nothing on standard input) and checks.sh. Sourced
# from the repository root.
set -u

RUNCHECK=${RUNCHECK:-build/runcheck}
case $RUNCHECK in /*) ;; *) RUNCHECK=$PWD/$RUNCHECK ;; esac
DATA=$PWD/tests/data
BIKE=$DATA/golden-bike.yaml
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# The tests must not depend on the caller's environment.
unset RUNCHECK_TREE RUNCHECK_CLINIC NO_COLOR ACCESSIBLE
export LC_ALL=C.UTF-8

passed=0
failed=0
rc=0

# run ARGS...: runs the binary with nothing on standard input.
run() {
	set +e
	timeout 60 "$RUNCHECK" "$@" </dev/null >"$TMP/out" 2>"$TMP/err"
	rc=$?
	set -e
}

# run_env VAR=VALUE ARGS...: run, with one variable set.
run_env() {
	local assignment=$1
	shift
	set +e
	env "$assignment" timeout 60 "$RUNCHECK" "$@" </dev/null \
		>"$TMP/out" 2>"$TMP/err"
	rc=$?
	set -e
}

# shellcheck source=tests/e2e/checks.sh
. "$(dirname "$0")/checks.sh"
