#!/usr/bin/env bash
# bookings.sh - end-to-end tests of the staff commands (runcheck requests
# and runcheck stats) on real SQLite files, the crash test of the store,
# and, at a pseudo-terminal, the kiosk's booking offer (bookings_tty.py).
#
#   RUNCHECK=build/runcheck STORE_TOOL=build/tests/store_tool \
#	tests/e2e/bookings.sh                 (from the repository root)
#
# store_tool writes requests and sessions through the store module, and in
# its loop mode writes requests until it is killed, printing each id once
# its COMMIT has returned. The last line is "N passed, M failed"; the exit
# status is 1 when anything failed.
set -u

RUNCHECK=${RUNCHECK:-build/runcheck}
STORE_TOOL=${STORE_TOOL:-build/tests/store_tool}
case $RUNCHECK in /*) ;; *) RUNCHECK=$PWD/$RUNCHECK ;; esac
case $STORE_TOOL in /*) ;; *) STORE_TOOL=$PWD/$STORE_TOOL ;; esac
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

unset RUNCHECK_TREE RUNCHECK_CLINIC RUNCHECK_DB NO_COLOR ACCESSIBLE
export LC_ALL=C.UTF-8 COLUMNS=100

passed=0
failed=0
rc=0

# run ARGS...: the binary, output in $TMP/out and $TMP/err, status in rc.
run() {
	set +e
	timeout 20 "$RUNCHECK" "$@" </dev/null >"$TMP/out" 2>"$TMP/err"
	rc=$?
	set -e
}

. "$(dirname "$0")/checks.sh"

# request DB NAME CONTACT [TRIAGE [CREATED_AT]]: adds one; prints its id.
request() {
	"$STORE_TOOL" "$1" request "$2" "$3" "${4:-consult}" ${5:+"$5"}
}

# session DB DAY OUTCOME QUESTION TRIAGE HAS_REQUEST
session() {
	"$STORE_TOOL" "$1" session "$2" "$3" "$4" "$5" 3 60 "$6"
}

# requests

requests_list_newest_first() {
	local db=$TMP/list.db now
	now=$(date +%s)
	request "$db" 'Old Person' 'old@example.com' consult $((now - 7200)) >/dev/null
	request "$db" 'New Person' '+44 20 7946 0000' self_care "$now" >/dev/null
	run requests --db "$db"
	exits 0
	empty err
	head -n 1 "$TMP/out" | grep -qE '^ID +TIME +NAME +CONTACT +CONDITION +TRIAGE$'
	sed -n 2p "$TMP/out" | grep -qE '^2 +[0-9-]+ [0-9:]+ +New Person +\+44 20 7946 0000 +Plantar fasciitis \(plantar heel pain\) +self_care$'
	sed -n 3p "$TMP/out" | grep -qE '^1 .*Old Person +old@example.com '
	[ "$(wc -l <"$TMP/out")" -eq 3 ]
}

requests_env_db_and_empty() {
	local db=$TMP/env.db
	session "$db" 2026-11-01 - area - 0
	RUNCHECK_DB=$db run requests
	exits 0
	has out 'No open requests.'
	# --db wins over the environment.
	RUNCHECK_DB=$TMP/elsewhere.db run requests --db "$db"
	exits 0
	[ ! -e "$TMP/elsewhere.db" ]
}

requests_missing_db_not_created() {
	run requests --db "$TMP/missing/runcheck.db"
	exits 66
	has err "runcheck: database '$TMP/missing/runcheck.db': no such file or directory"
	[ ! -e "$TMP/missing" ]
	run stats --db "$TMP/missing.db"
	exits 66
	[ ! -e "$TMP/missing.db" ]
}

requests_control_characters_not_shown() {
	local db=$TMP/ctl.db
	request "$db" $'Eve\033[2J\033]0;pwned\007' 'eve@example.com' >/dev/null
	run requests --db "$db"
	exits 0
	if LC_ALL=C grep -q $'[\033\007]' "$TMP/out"; then
		say "a control character reached the terminal"
		return 1
	fi
	has out 'Eve?[2J?]0;pwned?'
}

requests_done() {
	local db=$TMP/done.db id
	id=$(request "$db" 'Ann' 'ann@example.com')
	request "$db" 'Bob' 'bob@example.com' >/dev/null
	run requests done "$id" --db "$db"
	exits 0
	has out "Request $id is done."
	run requests --db "$db"
	lacks out 'Ann'
	has out 'Bob'
	# Done again is no error; the export still holds it, with the time.
	run requests --db "$db" done "$id"
	exits 0
	run requests export --csv --db "$db"
	grep -qE "^\"$id\",.*,\"Ann\",.*,\"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8}\""$'\r'"\$" "$TMP/out"
}

requests_done_errors() {
	local db=$TMP/done-err.db
	request "$db" 'Ann' 'ann@example.com' >/dev/null
	run requests done 99 --db "$db"
	exits 65
	has err "runcheck: no request '99'"
	for bad in abc 0 1x ' 1' 99999999999999999999 ''; do
		run requests done "$bad" --db "$db"
		exits 64
		has err "runcheck: invalid request id '$bad'"
	done
	run requests done --db "$db"
	exits 64
	has err 'runcheck: requests done needs a request id'
	run requests done 1 2 --db "$db"
	exits 64
	has err "runcheck: unexpected argument '2'"
}

requests_export_csv() {
	local db=$TMP/export.db
	request "$db" 'Smith, "Jo"' 'jo@example.com' >/dev/null
	request "$db" '=HYPERLINK("http://evil.example")' '+44 20 7946 0000' self_care >/dev/null
	request "$db" $'Two\nLines' 'two@example.com' >/dev/null
	RUNCHECK_DB=$db run requests export --csv
	exits 0
	empty err
	python3 - "$TMP/out" <<-'EOF'
	import csv, io, sys
	raw = open(sys.argv[1], "rb").read()
	# Every record ends with CRLF and is one line: no control character
	# inside a field (the LF typed in a name is a blank).
	assert raw.endswith(b"\r\n"), raw[-20:]
	assert raw.count(b"\n") == 4 and raw.count(b"\r") == 4, raw
	# Every field quoted, the header too.
	assert raw.startswith(b'"id","created","name","contact","outcome","condition","triage","tree_version","done"\r\n')
	assert b'"Smith, ""Jo"""' in raw, raw
	assert b'"Two Lines"' in raw, raw
	rows = list(csv.reader(io.StringIO(raw.decode(), newline="")))
	assert len(rows) == 4, rows
	by_name = {r[2]: r for r in rows[1:]}
	assert 'Smith, "Jo"' in by_name, rows
	assert "Two Lines" in by_name, rows
	# The formula and the phone number are text to a spreadsheet.
	evil = [r for r in rows[1:] if "HYPERLINK" in r[2]][0]
	assert evil[2] == "'=HYPERLINK(\"http://evil.example\")", evil
	assert evil[3] == "'+44 20 7946 0000", evil
	assert evil[4] == "plantar" and evil[6] == "self_care" and evil[8] == "", evil
	EOF
	# export takes --csv, and --csv is for nothing else.
	run requests export --db "$db"
	exits 0
	run requests --csv --db "$db"
	exits 64
	has err 'runcheck: --csv is only for requests export'
}

# A name typed at the kiosk that turns into formulas in a spreadsheet that
# splits on semicolons (issue 19): read with a comma, a semicolon or a tab
# as the separator, by Python's csv module (quotes honoured, as
# spreadsheets do) and by a plain split (quotes ignored), no cell begins
# with = + - or @.
requests_export_csv_every_dialect() {
	local db=$TMP/dialect.db
	request "$db" 'Ann;=1+2;@SUM(1)' 'ann@example.com' >/dev/null
	request "$db" $'Bob\t=1+1' '+61 2 9999 0000' self_care >/dev/null
	request "$db" 'Cy;"=HYPERLINK(""http://x"")' 'c@example.com' >/dev/null
	run requests export --csv --db "$db"
	exits 0
	python3 - "$TMP/out" <<-'EOF'
	import csv, io, sys
	text = open(sys.argv[1], "rb").read().decode()
	lines = text.split("\r\n")[:-1]
	assert len(lines) == 4, lines
	for sep in ",;\t":
	    cells = [c for r in csv.reader(io.StringIO(text, newline=""),
	                                   delimiter=sep) for c in r]
	    cells += [c for line in lines for c in line.split(sep)]
	    for c in cells:
	        assert c.lstrip(" ")[:1] not in ("=", "+", "-", "@"), (sep, c, text)
	# With the comma, the fields come back whole, guard quotes and all.
	rows = list(csv.reader(io.StringIO(text, newline="")))
	names = [r[2] for r in rows[1:]]
	assert "Ann;'=1+2;'@SUM(1)" in names, names
	assert "Bob =1+1" in names, names
	EOF
}

requests_purge() {
	local db=$TMP/purge.db now
	now=$(date +%s)
	request "$db" 'Ancient' 'a@example.com' consult $((now - 400 * 86400)) >/dev/null
	request "$db" 'Old' 'o@example.com' consult $((now - 31 * 86400)) >/dev/null
	request "$db" 'Recent' 'r@example.com' consult $((now - 29 * 86400)) >/dev/null
	run requests purge --older-than 30 --db "$db"
	exits 0
	has out 'Deleted 2 requests older than 30 days.'
	run requests export --db "$db"
	has out 'Recent'
	lacks out 'Old'
	lacks out 'Ancient'
	run requests purge --older-than 30 --db "$db"
	has out 'Deleted 0 requests older than 30 days.'
	run requests purge --older-than 0 --db "$db"
	has out 'Deleted 1 request older than 0 days.'
}

requests_purge_errors() {
	local db=$TMP/purge-err.db
	request "$db" 'Ann' 'ann@example.com' >/dev/null
	for bad in -1 x 1.5 36501 ''; do
		run requests purge --older-than "$bad" --db "$db"
		exits 64
	done
	has err "runcheck: invalid number of days ''"
	run requests purge --db "$db"
	exits 64
	has err 'runcheck: requests purge needs --older-than DAYS'
	run requests --older-than 3 --db "$db"
	exits 64
	run requests frobnicate --db "$db"
	exits 64
	has err "runcheck: unknown requests command 'frobnicate'"
	run requests --bogus
	exits 64
	run requests --db
	exits 64
	has err "runcheck: option '--db' needs a value"
	run requests export --db "$db"
	has out 'Ann'
}

database_errors_exit_74() {
	local dir=$TMP/dberr
	mkdir -p "$dir/a-directory.db"
	head -c 8192 /dev/urandom >"$dir/corrupt.db"
	run requests --db "$dir/a-directory.db"
	exits 74
	has err "runcheck: database '$dir/a-directory.db': not a regular file"
	run requests --db "$dir/corrupt.db"
	exits 74
	has err "runcheck: database '$dir/corrupt.db': "
	run stats --db "$dir/corrupt.db"
	exits 74
	sqlite3 "$dir/newer.db" 'PRAGMA user_version = 7;'
	run requests --db "$dir/newer.db"
	exits 74
	has err 'schema version 7 is newer than this runcheck reads (2)'
	sqlite3 "$dir/other.db" 'CREATE TABLE accounts (x);'
	run stats --db "$dir/other.db"
	exits 74
	has err 'not a runcheck database'
}

# stats

stats_counts_and_bars() {
	local db=$TMP/stats.db
	session "$db" 2026-10-30 plantar - consult 1
	session "$db" 2026-11-01 plantar - consult 0
	session "$db" 2026-11-02 heel_other - self_care 1
	session "$db" 2026-11-02 dvt - emergency 0
	session "$db" 2026-11-03 - area - 0
	run stats --db "$db"
	exits 0
	empty err
	has out 'Kiosk sessions: 5'
	has out 'Completed: 4 of 5 (80%)'
	has out 'Contact requests taken: 2'
	grep -qE '^  consult +2  █+$' "$TMP/out"
	grep -qE '^  emergency +1  █+$' "$TMP/out"
	grep -qE '^  urgent +0$' "$TMP/out"
	grep -qE '^  plantar +2  █+$' "$TMP/out"
	grep -qE '^  area +1  █+$' "$TMP/out"
	has out 'By triage:'
	has out 'By outcome:'
	has out 'Abandoned at question:'
	# The largest count fills the bar; half of it, half the bar.
	local full half
	full=$(grep -E '^  plantar ' "$TMP/out" | grep -o '█' | wc -l)
	half=$(grep -E '^  heel_other ' "$TMP/out" | grep -o '█' | wc -l)
	[ "$full" -ge 10 ] && [ "$half" -eq $((full / 2)) ]

	run stats --db "$db" --since 2026-11-02
	exits 0
	has out 'Kiosk sessions since 2026-11-02: 3'
	has out 'Completed: 2 of 3 (67%)'
	has out 'Contact requests taken: 1'
	lacks out 'plantar'
}

stats_ascii_without_utf8() {
	local db=$TMP/ascii.db
	session "$db" 2026-11-01 plantar - consult 0
	session "$db" 2026-11-01 plantar - consult 0
	session "$db" 2026-11-02 heel_other - self_care 0
	LC_ALL=C run stats --db "$db"
	exits 0
	grep -qE '^  plantar +2  #+$' "$TMP/out"
	if LC_ALL=C grep -q $'[\x80-\xff]' "$TMP/out"; then
		say "a byte that is not ASCII without UTF-8"
		return 1
	fi
	# A UTF-8 locale that is not installed still means a UTF-8 terminal.
	env -u LC_ALL -u LC_CTYPE LANG=xx_YY.UTF-8 "$RUNCHECK" stats --db "$db" \
		>"$TMP/out" 2>"$TMP/err"
	grep -qE '^  plantar +2  █+$' "$TMP/out"
}

stats_empty_and_errors() {
	local db=$TMP/stats-empty.db
	request "$db" 'Ann' 'ann@example.com' >/dev/null
	run stats --db "$db"
	exits 0
	has out 'Kiosk sessions: 0'
	has out 'Completed: 0 of 0'
	for bad in 2026-02-30 2026-1-01 yesterday 2026-11-01x ''; do
		run stats --db "$db" --since "$bad"
		exits 64
		has err "runcheck: invalid date '$bad' (expected YYYY-MM-DD)"
	done
	run stats --db "$db" extra
	exits 64
	run stats --help
	exits 0
	has out 'runcheck stats [--db FILE] [--since YYYY-MM-DD]'
}

stats_full_disk_is_an_error() {
	local db=$TMP/full.db
	[ -w /dev/full ] || return 0
	session "$db" 2026-11-01 plantar - consult 0
	set +e
	"$RUNCHECK" stats --db "$db" >/dev/full 2>"$TMP/err"
	rc=$?
	"$RUNCHECK" requests export --db "$db" >/dev/full 2>>"$TMP/err"
	local rc2=$?
	set -e
	exits 74
	rc=$rc2
	exits 74
	has err 'runcheck: write error'
}

# Staff reads when nothing can be written (issue 19): on a read-only mount
# and on a full disk, requests, export and stats still show the requests;
# what writes says why it cannot. The disk is a real one: a 256 KiB tmpfs
# filled to the last block, and a read-only bind mount, so that the kernel
# says ENOSPC and EROFS and SQLite takes its own paths for them (a file
# size limit, RLIMIT_FSIZE, gives EFBIG and SIGXFSZ instead, and a VFS shim
# would test our idea of SQLite, not SQLite; chmod does not stop root). A
# mount needs a private mount namespace: as root, unshare -m; otherwise a
# user namespace too (unshare -rm), which Debian 12 allows. Where neither
# is allowed (a container without CAP_SYS_ADMIN), the test says so and
# passes.

# in_namespace SCRIPT: runs the sh script in a private mount namespace,
# with RUNCHECK, STORE_TOOL and TMP set; status 77 when none can be made.
in_namespace() {
	local how=-rm
	[ "$(id -u)" -eq 0 ] && how=-m
	if ! unshare $how true 2>/dev/null; then
		say "skipped: no mount namespace here (unshare $how)"
		return 77
	fi
	RUNCHECK=$RUNCHECK STORE_TOOL=$STORE_TOOL TMP=$TMP \
		unshare $how sh -c "$1"
}

# staff_reads SUFFIX: requests, export and stats, each to $TMP/*-SUFFIX
# with its status in $TMP/rc-*-SUFFIX (in the namespace's script).
STAFF_READS='
reads() {
	"$RUNCHECK" requests --db "$1" >"$TMP/list-$2" 2>&1; echo $? >"$TMP/rc-list-$2"
	"$RUNCHECK" requests export --db "$1" >"$TMP/csv-$2" 2>&1; echo $? >"$TMP/rc-csv-$2"
	"$RUNCHECK" stats --db "$1" >"$TMP/stats-$2" 2>&1; echo $? >"$TMP/rc-stats-$2"
	"$RUNCHECK" requests done 1 --db "$1" >"$TMP/done-$2" 2>&1; echo $? >"$TMP/rc-done-$2"
}
'

# check_reads SUFFIX WHY: the three reads showed Ann; done said WHY.
check_reads() {
	local what
	for what in list csv stats; do
		if [ "$(cat "$TMP/rc-$what-$1")" != 0 ]; then
			say "$what: exit $(cat "$TMP/rc-$what-$1"): $(cat "$TMP/$what-$1")"
			return 1
		fi
	done
	grep -q 'Ann' "$TMP/list-$1"
	grep -q '"Ann"' "$TMP/csv-$1"
	grep -q 'Kiosk sessions: 1' "$TMP/stats-$1"
	[ "$(cat "$TMP/rc-done-$1")" = 74 ]
	grep -qF "$2" "$TMP/done-$1" || { say "done: $(cat "$TMP/done-$1")"; return 1; }
}

staff_reads_read_only_mount() {
	local dir=$TMP/romount db
	db=$dir/runcheck.db
	request "$db" 'Ann' 'ann@example.com' >/dev/null
	session "$db" 2026-11-01 plantar - consult 1
	# Closed cleanly: no -wal and no -shm file is left to read through.
	[ ! -e "$db-shm" ]
	set +e
	in_namespace "$STAFF_READS"'
		mount --bind "$TMP/romount" "$TMP/romount" &&
		mount -o remount,bind,ro "$TMP/romount" || exit 1
		reads "$TMP/romount/runcheck.db" ro'
	rc=$?
	set -e
	[ "$rc" -eq 77 ] && return 0
	exits 0
	check_reads ro 'the file system is read-only'
}

staff_reads_full_disk() {
	local dir=$TMP/full
	mkdir -p "$dir"
	set +e
	in_namespace "$STAFF_READS"'
		mount -t tmpfs -o size=256k none "$TMP/full" || exit 1
		db=$TMP/full/runcheck.db
		"$STORE_TOOL" "$db" request Ann ann@example.com consult >/dev/null &&
		"$STORE_TOOL" "$db" session 2026-11-01 plantar - consult 3 60 1 || exit 1
		# Fill the disk to the last block.
		dd if=/dev/zero of="$TMP/full/fill" bs=4k 2>/dev/null
		[ "$(df -k "$TMP/full" | awk "NR == 2 { print \$4 }")" = 0 ] || exit 1
		reads "$db" full
		"$STORE_TOOL" "$db" request Bob bob@example.com consult >"$TMP/add-full" 2>&1
		echo $? >"$TMP/rc-add-full"'
	rc=$?
	set -e
	[ "$rc" -eq 77 ] && return 0
	exits 0
	check_reads full 'the disk is full'
	# The kiosk's write says so too.
	[ "$(cat "$TMP/rc-add-full")" != 0 ]
	grep -qF 'the disk is full' "$TMP/add-full"
}

# The crash test: a writer killed with SIGKILL at random moments, 25 times
# over; every id it printed (after its COMMIT returned) must be there, with
# its name, and the file must pass SQLite's integrity check.
store_survives_sigkill() {
	local db=$TMP/crash/runcheck.db i pid printed stored missing
	for i in $(seq 1 25); do
		"$STORE_TOOL" "$db" loop >"$TMP/crash-$i.ids" 2>"$TMP/crash-$i.err" &
		pid=$!
		sleep "0.$(printf '%03d' $((RANDOM % 120 + 5)))"
		kill -KILL "$pid"
		wait "$pid" 2>/dev/null || true
		if [ -s "$TMP/crash-$i.err" ]; then
			say "writer $i: $(cat "$TMP/crash-$i.err")"
			return 1
		fi
	done
	# Only whole lines: the kill may cut the last one short.
	cat "$TMP"/crash-*.ids | grep -aE '^[0-9]+ Writer [0-9]+$' | sort -u >"$TMP/printed"
	printed=$(wc -l <"$TMP/printed")
	if [ "$printed" -lt 25 ]; then
		say "only $printed commits were printed"
		return 1
	fi
	sqlite3 "$db" "SELECT id || ' ' || name FROM requests" | sort -u >"$TMP/stored"
	missing=$(comm -23 "$TMP/printed" "$TMP/stored" | wc -l)
	if [ "$missing" -ne 0 ]; then
		say "$missing committed requests are missing"
		comm -23 "$TMP/printed" "$TMP/stored" | head -5 >&2
		return 1
	fi
	[ "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok ]
	# The staff see them all.
	run requests --db "$db"
	exits 0
	[ "$(($(wc -l <"$TMP/out") - 1))" -eq "$(wc -l <"$TMP/stored")" ]
}

for test in \
	requests_list_newest_first requests_env_db_and_empty \
	requests_missing_db_not_created requests_control_characters_not_shown \
	requests_done requests_done_errors requests_export_csv \
	requests_export_csv_every_dialect \
	requests_purge requests_purge_errors database_errors_exit_74 \
	stats_counts_and_bars stats_ascii_without_utf8 stats_empty_and_errors \
	stats_full_disk_is_an_error staff_reads_read_only_mount \
	staff_reads_full_disk store_survives_sigkill; do
	t "$test"
done

# The kiosk's offer, and the QR code, at a real pseudo-terminal.
if python3 tests/e2e/bookings_tty.py "$RUNCHECK"; then
	passed=$((passed + 1))
else
	failed=$((failed + 1))
	echo "FAIL: tests/e2e/bookings_tty.py" >&2
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
