#!/usr/bin/env bash
# golden.sh - end-to-end walks of the real binary from a pipe, checked
# against golden transcripts in tests/golden/:
#
#   NAME.cmd   the arguments, on one line (relative to the repository)
#   NAME.in    what is typed, one answer a line (may be absent)
#   NAME.env   VAR=value words for the environment (may be absent):
#              ACCESSIBLE=1 for a screen reader's transcript
#   NAME.out   what the person sees: standard output, then standard
#              error after a "--- stderr" line, then "--- exit N"
#
#   RUNCHECK=build/runcheck tests/e2e/golden.sh          check them all
#   UPDATE=1 RUNCHECK=build/runcheck tests/e2e/golden.sh write them anew
#
# After UPDATE, read the diff before committing: a transcript is a
# promise about what a person sees.
set -u
RUNCHECK=${RUNCHECK:-build/runcheck}
case $RUNCHECK in /*) ;; *) RUNCHECK=$PWD/$RUNCHECK ;; esac
unset RUNCHECK_TREE RUNCHECK_CLINIC RUNCHECK_DB NO_COLOR ACCESSIBLE
export LC_ALL=C.UTF-8 COLUMNS=80 TERM=dumb
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
for cmd in tests/golden/*.cmd; do
	name=${cmd%.cmd}
	input=$name.in
	[ -f "$input" ] || input=/dev/null
	vars=
	[ -f "$name.env" ] && vars=$(cat "$name.env")
	# shellcheck disable=SC2046,SC2086
	env $vars timeout 20 "$RUNCHECK" $(cat "$cmd") <"$input" >"$tmp/out" 2>"$tmp/err"
	status=$?
	{
		cat "$tmp/out"
		echo "--- stderr"
		cat "$tmp/err"
		echo "--- exit $status"
	} >"$tmp/got"
	if [ -n "${UPDATE:-}" ]; then
		cp "$tmp/got" "$name.out"
	fi
	if diff -u "$name.out" "$tmp/got" >"$tmp/diff" 2>&1; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL: golden ${name##*/}" >&2
		head -n 40 "$tmp/diff" >&2
	fi
done
echo "golden: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
