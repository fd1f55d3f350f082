# checks.sh - what run.sh and bookings.sh share: the checks on the last
# run's exit status ($rc) and output ($TMP/out, $TMP/err), and the runner
# of one test. Sourced; the caller sets TMP, rc, passed and failed.

say() { echo "    $*" >&2; }

exits() {
	[ "$rc" -eq "$1" ] && return 0
	say "exit status $rc, expected $1"
	return 1
}

# has STREAM TEXT: the stream (out or err) holds TEXT as a fixed string.
has() {
	grep -qF -- "$2" "$TMP/$1" && return 0
	say "standard $1 lacks '$2'"
	return 1
}

# lacks STREAM TEXT: no line holds TEXT, ignoring case.
lacks() {
	grep -qiF -- "$2" "$TMP/$1" || return 0
	say "standard $1 holds '$2'"
	return 1
}

empty() {
	[ ! -s "$TMP/$1" ] && return 0
	say "standard $1 is not empty"
	return 1
}

# t NAME: runs the test function NAME with set -e in a subshell, counts it,
# and on failure shows the head of the last run's output.
t() {
	local name=$1
	(set -e; "$name")
	if [ $? -eq 0 ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL: $name" >&2
		sed -n '1,15s/^/    out: /p' "$TMP/out" >&2
		sed -n '1,8s/^/    err: /p' "$TMP/err" >&2
	fi
}
