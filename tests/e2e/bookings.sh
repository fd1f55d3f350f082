#!/usr/bin/env bash
# bookings.sh - end-to-end tests of the staff commands (runcheck requests,
# runcheck stats and runcheck db) on real SQLite files and then, the same
# tests, on PostgreSQL with its roles, the crash test of the store, and,
# at a pseudo-terminal, the kiosk's booking offer (bookings_tty.py).
#
#   RUNCHECK=build/runcheck STORE_TOOL=build/tests/store_tool \
#	tests/pg.sh tests/e2e/bookings.sh     (from the repository root)
#
# store_tool writes requests and sessions through the store module, and in
# its loop mode writes requests until it is killed, printing each id once
# its COMMIT has returned. The last line is "N passed, M failed"; the exit
# status is 1 when anything failed.

# The binary, $TMP, a clean environment, the counters, run and checks.sh.
# shellcheck source=tests/e2e/prelude.sh
. "$(dirname "$0")/prelude.sh"

STORE_TOOL=${STORE_TOOL:-build/tests/store_tool}
case $STORE_TOOL in /*) ;; *) STORE_TOOL=$PWD/$STORE_TOOL ;; esac
unset RUNCHECK_DB
# stats names outcomes and questions from the tree: the test tree's, not
# the built-in one, whose ids may change.
export RUNCHECK_TREE=$DATA/e2e-basic.yaml
export COLUMNS=100

# fails STATUS MESSAGE ARGS...: run ARGS exits STATUS, with MESSAGE on
# standard error.
fails() {
	local status=$1 message=$2
	shift 2
	run "$@"
	exits "$status"
	has err "$message"
}

# request DB NAME CONTACT [TRIAGE [CREATED_AT]]: adds one; prints its id.
request() {
	"$STORE_TOOL" "$1" request "$2" "$3" "${4:-consult}" ${5:+"$5"}
}

# newdb NAME: a new database for one test, on the engine under test: a
# file in $TMP (SQLite), or with ENGINE=pg a new database with runcheck's
# schema on the server of tests/pg.sh.
ENGINE=sqlite
newdb() {
	if [ "$ENGINE" = sqlite ]; then
		echo "$TMP/$1.db"
		return
	fi
	local name="rc_e2e_$$_${1//-/_}"
	pg_create "$name"
	pg_uri "$name"
	"$RUNCHECK" db init --db "$(pg_uri "$name")" >/dev/null
}

# pg_create NAME [ROLE...]: a new, empty database NAME on the test server,
# and for each ROLE a login role NAME_ROLE.
pg_create() {
	local name=$1 role
	local sql=(-c "CREATE DATABASE $name")
	shift
	for role in "$@"; do
		sql+=(-c "CREATE ROLE ${name}_$role LOGIN")
	done
	psql -q "$RUNCHECK_TEST_PG" "${sql[@]}" >/dev/null
}

# pg_uri DB [ROLE]: the URI of database DB on the test server, as ROLE
# (else the superuser).
pg_uri() {
	local query=${RUNCHECK_TEST_PG#*\?}
	echo "postgresql:///$1?${query%%&user=*}&user=${2:-runcheck}"
}

# session DB DAY OUTCOME QUESTION TRIAGE HAS_REQUEST
session() {
	"$STORE_TOOL" "$1" session "$2" "$3" "$4" "$5" 3 60 "$6"
}

# requests

requests_list_newest_first() {
	local db now
	db=$(newdb list)
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
	local db
	db=$(newdb env)
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
	fails 66 "runcheck: database '$TMP/missing/runcheck.db': no such file or directory" \
		requests --db "$TMP/missing/runcheck.db"
	[ ! -e "$TMP/missing" ]
	run stats --db "$TMP/missing.db"
	exits 66
	[ ! -e "$TMP/missing.db" ]
}

requests_control_characters_not_shown() {
	local db
	db=$(newdb ctl)
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
	local db id
	db=$(newdb done)
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

# widest FILE: the widest line's display width (wc -L counts columns).
widest() {
	wc -L <"$1"
}

requests_fit_width() {
	local db id w
	db=$(newdb fit)
	id=$(request "$db" 'Alexandra Konstantinopoulou-Smythe' 'alexandra.konstantinopoulou@example.com')
	request "$db" '李小龍' '+61 2 9999 0000' self_care >/dev/null
	for w in 60 80 120; do
		COLUMNS=$w run requests --db "$db"
		exits 0
		if [ "$(widest "$TMP/out")" -gt "$w" ]; then
			say "the list is wider than $w columns"
			cat "$TMP/out" >&2
			return 1
		fi
		has out "$id  "
		has out '…'
		has out '李小龍'
		has out 'self_care'
	done
	# Wide enough, nothing is shortened.
	COLUMNS=200 run requests --db "$db"
	lacks out '…'
	has out 'alexandra.konstantinopoulou@example.com'
	# Without UTF-8, three dots.
	LC_ALL=C COLUMNS=60 run requests --db "$db"
	has out '...'
	# The whole text is in show.
	COLUMNS=60 run requests show "$id" --db "$db"
	exits 0
	has out "Request $id"
	has out 'Name:      Alexandra Konstantinopoulou-Smythe'
	has out 'Contact:   alexandra.konstantinopoulou@example.com'
	has out 'Condition: Plantar fasciitis'
	has out 'Status:    open'
}

requests_done_all_reopen() {
	local db ann bob who
	db=$(newdb all)
	ann=$(request "$db" 'Ann' 'ann@example.com')
	bob=$(request "$db" 'Bob' 'bob@example.com')
	run requests --all --db "$db"
	has out 'DONE'
	has out 'open'
	run requests done "$ann" --db "$db"
	exits 0
	run requests --db "$db"
	lacks out 'Ann'
	if [ "$ENGINE" = pg ]; then who=runcheck; else who=$(id -un); fi
	COLUMNS=120 run requests --all --db "$db"
	exits 0
	has out 'Ann'
	has out 'Bob'
	grep -qE "^$ann +.* [0-9-]{5,10} [0-9:]{5} by $who\$" "$TMP/out" ||
		{ say "no done time and '$who' on Ann's line"; return 1; }
	run requests show "$ann" --db "$db"
	grep -qE "^Done: +[0-9-]{10} [0-9:]{5} by $who\$" "$TMP/out"
	run requests reopen "$ann" --db "$db"
	exits 0
	has out "Request $ann is open again."
	run requests --db "$db"
	has out 'Ann'
	run requests show "$ann" --db "$db"
	has out 'Status:    open'
	lacks out 'Done:'
	fails 65 "runcheck: no request '99'" requests reopen 99 --db "$db"
	fails 65 "runcheck: no request '99'" requests show 99 --db "$db"
	fails 64 'runcheck: requests show needs a request id' \
		requests show --db "$db"
	fails 64 "runcheck: invalid request id 'x'" requests reopen x --db "$db"
	fails 64 'runcheck: --all is only for the requests list' \
		requests done "$bob" --all --db "$db"
	run requests --all --db "$db"
	has out 'Bob'
}

requests_done_errors() {
	local db
	db=$(newdb done-err)
	request "$db" 'Ann' 'ann@example.com' >/dev/null
	fails 65 "runcheck: no request '99'" requests done 99 --db "$db"
	for bad in abc 0 1x ' 1' 99999999999999999999 ''; do
		fails 64 "runcheck: invalid request id '$bad'" \
			requests done "$bad" --db "$db"
	done
	fails 64 'runcheck: requests done needs a request id' \
		requests done --db "$db"
	fails 64 "runcheck: unexpected argument '2'" \
		requests done 1 2 --db "$db"
}

requests_export_csv() {
	local db
	db=$(newdb export)
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
	fails 64 'runcheck: --csv and --fhir are only for requests export' \
		requests --csv --db "$db"
}

# A name typed at the kiosk that turns into formulas in a spreadsheet that
# splits on semicolons (issue 19): read with a comma, a semicolon or a tab
# as the separator, by Python's csv module (quotes honoured, as
# spreadsheets do) and by a plain split (quotes ignored), no cell begins
# with = + - or @.
requests_export_csv_every_dialect() {
	local db
	db=$(newdb dialect)
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
	local db now
	db=$(newdb purge)
	now=$(date +%s)
	request "$db" 'Ancient' 'a@example.com' consult $((now - 400 * 86400)) >/dev/null
	request "$db" 'Old' 'o@example.com' consult $((now - 31 * 86400)) >/dev/null
	request "$db" 'Recent' 'r@example.com' consult $((now - 29 * 86400)) >/dev/null
	# Off a terminal, nothing without --yes: it says what and exits 64.
	run requests purge --older-than 30 --db "$db"
	exits 64
	has out 'Found 2 requests older than 30 days:'
	has out 'Ancient'
	lacks out 'Recent'
	has err 'runcheck: requests purge would delete 2 requests older than 30 days: add --yes to delete them when not at a terminal'
	run requests export --db "$db"
	has out 'Ancient'
	run requests purge --older-than 30 --yes --db "$db"
	exits 0
	has out 'Deleted 2 requests older than 30 days.'
	run requests export --db "$db"
	has out 'Recent'
	lacks out 'Old'
	lacks out 'Ancient'
	run requests purge --older-than 30 --db "$db"
	exits 0
	has out 'Nothing to delete: no request is that old.'
	fails 64 'would delete 1 request older than 0 days' \
		requests purge --older-than 0 --db "$db"
	run requests purge --older-than 0 --yes --db "$db"
	has out 'Deleted 1 request older than 0 days.'
}

# A staff member who is not the kiosk's user is told who may open the
# store: its directory's owner, or the file's (and group, when the mode
# lets it). As root, the command runs as nobody; otherwise it is skipped.
requests_permission_hint() {
	local dir out
	if [ "$(id -u)" -ne 0 ] || ! command -v runuser >/dev/null; then
		echo "SKIP: requests_permission_hint (needs root and runuser)" >&2
		return 0
	fi
	dir=$(mktemp -d)
	chmod 755 "$dir"
	mkdir "$dir/lib"
	request "$dir/lib/runcheck.db" 'Ann' 'ann@example.com' >/dev/null
	chown -R daemon:daemon "$dir/lib"
	chmod 700 "$dir/lib"
	as_nobody() {
		set +e
		runuser -u nobody -- "$RUNCHECK" "$@" </dev/null >"$TMP/out" 2>"$TMP/err"
		rc=$?
		set -e
	}
	as_nobody requests --db "$dir/lib/runcheck.db"
	exits 74
	has err "runcheck: only user 'daemon' may open '$dir/lib' (mode 0700): run this as that user (sudo -u daemon runcheck ...)"
	chmod 750 "$dir/lib"
	chmod 640 "$dir/lib/runcheck.db"
	as_nobody requests --db "$dir/lib/runcheck.db"
	exits 74
	has err "runcheck: only user 'daemon' and group 'daemon' may open '$dir/lib' (mode 0750)"
	chmod 755 "$dir/lib"
	chmod 600 "$dir/lib/runcheck.db"
	as_nobody requests done 1 --db "$dir/lib/runcheck.db"
	exits 74
	has err "runcheck: only user 'daemon' may open '$dir/lib/runcheck.db' (mode 0600)"
	# The file's own error first, as it was.
	has err "runcheck: database '$dir/lib/runcheck.db': "
	rm -rf "$dir"
}

# By default purge deletes what has expired: a request made 91 days ago
# (kept the default 90) but not one made 89 days ago; --dry-run only
# shows it.
requests_purge_expired_default() {
	local db now
	db=$(newdb expired)
	now=$(date +%s)
	request "$db" 'Expired Person' 'e@example.com' consult $((now - 91 * 86400)) >/dev/null
	request "$db" 'Kept Person' 'k@example.com' self_care $((now - 89 * 86400)) >/dev/null
	COLUMNS=120 run requests purge --dry-run --db "$db"
	exits 0
	has out 'Would delete 1 expired request:'
	has out 'Expired Person'
	lacks out 'Kept Person'
	run requests --db "$db"
	has out 'Expired Person'
	fails 64 'would delete 1 expired request: add --yes' \
		requests purge --db "$db"
	run requests purge --yes --db "$db"
	exits 0
	has out 'Deleted 1 expired request.'
	run requests --all --db "$db"
	lacks out 'Expired Person'
	has out 'Kept Person'
	run requests purge --dry-run --db "$db"
	exits 0
	has out 'Nothing to delete: no request has expired.'
	run requests purge --yes --dry-run --older-than 88 --db "$db"
	exits 0
	has out 'Would delete 1 request older than 88 days:'
	run requests --db "$db"
	has out 'Kept Person'
}

# The units that run purge daily: valid to systemd, and the command they
# run deletes what has expired. (Verified with the command's path given,
# as systemd finds runcheck on its own search path once installed.)
purge_timer_units() {
	local dir=$TMP/units db now cmd
	if ! command -v systemd-analyze >/dev/null; then
		echo "SKIP: purge_timer_units (no systemd-analyze)" >&2
		return 0
	fi
	mkdir -p "$dir"
	db=$(newdb timer)
	now=$(date +%s)
	request "$db" 'Expired' 'e@example.com' consult $((now - 100 * 86400)) >/dev/null
	cp src/systemd/runcheck-purge.timer "$dir/"
	sed -e "s|^ExecStart=@BINDIR@/runcheck |ExecStart=$RUNCHECK |" \
		-e "s|^User=kiosk|User=root|; s|^Group=kiosk|Group=root|" \
		src/systemd/runcheck-purge.service >"$dir/runcheck-purge.service"
	grep -q "^ExecStart=$RUNCHECK requests purge --yes" "$dir/runcheck-purge.service"
	grep -q '^OnCalendar=daily$' "$dir/runcheck-purge.timer"
	(cd "$dir" && systemd-analyze verify --man=no runcheck-purge.timer \
		runcheck-purge.service) >"$TMP/out" 2>"$TMP/err" || {
		say "systemd-analyze verify failed"
		return 1
	}
	cmd=$(sed -n 's|^ExecStart=@BINDIR@/runcheck ||p' src/systemd/runcheck-purge.service)
	# The unit's own command, on this test's database (the last --db
	# given wins).
	# shellcheck disable=SC2086
	run $cmd --db "$db"
	exits 0
	has out 'Deleted 1 expired request.'
}

requests_purge_errors() {
	local db
	db=$(newdb purge-err)
	request "$db" 'Ann' 'ann@example.com' >/dev/null
	for bad in -1 x 1.5 36501 ''; do
		run requests purge --older-than "$bad" --db "$db"
		exits 64
	done
	has err "runcheck: invalid number of days ''"
	fails 64 'runcheck: --older-than, --dry-run and --yes are only for requests purge' \
		requests --older-than 3 --db "$db"
	run requests export --yes --db "$db"
	exits 64
	fails 64 "runcheck: unknown requests command 'frobnicate'" \
		requests frobnicate --db "$db"
	run requests --bogus
	exits 64
	fails 64 "runcheck: option '--db' needs a value" requests --db
	run requests export --db "$db"
	has out 'Ann'
}

database_errors_exit_74() {
	local dir=$TMP/dberr
	mkdir -p "$dir/a-directory.db"
	head -c 8192 /dev/urandom >"$dir/corrupt.db"
	fails 74 "runcheck: database '$dir/a-directory.db': not a regular file" \
		requests --db "$dir/a-directory.db"
	fails 74 "runcheck: database '$dir/corrupt.db': " \
		requests --db "$dir/corrupt.db"
	run stats --db "$dir/corrupt.db"
	exits 74
	sqlite3 "$dir/newer.db" 'PRAGMA user_version = 7;'
	fails 74 'schema version 7 is newer than this runcheck reads (6)' \
		requests --db "$dir/newer.db"
	sqlite3 "$dir/other.db" 'CREATE TABLE accounts (x);'
	fails 74 'not a runcheck database' stats --db "$dir/other.db"
}

# stats

stats_counts_and_bars() {
	local db
	db=$(newdb stats)
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
	# Conditions and questions as the patient saw them; no ids.
	grep -qE '^  Plantar fasciitis \(plantar heel pain\) +2  █+$' "$TMP/out"
	grep -qE '^  Where is the pain worst\? +1  █+$' "$TMP/out"
	lacks out 'heel_other'
	lacks out '  area'
	has out 'By triage:'
	has out 'By condition:'
	has out 'Abandoned at question:'
	# The largest count fills the bar; half of it, half the bar.
	local full half
	full=$(grep -E '^  Plantar fasciitis ' "$TMP/out" | grep -o '█' | wc -l)
	half=$(grep -E '^  Heel fat pad irritation ' "$TMP/out" | grep -o '█' | wc -l)
	[ "$full" -ge 10 ] && [ "$half" -eq $((full / 2)) ]

	run stats --db "$db" --since 2026-11-02
	exits 0
	has out 'Kiosk sessions since 2026-11-02: 3'
	has out 'Completed: 2 of 3 (67%)'
	has out 'Contact requests taken: 1'
	lacks out 'Plantar'
}

# --json keeps the ids, with the names beside them; an id that the tree
# does not have (a session of another version) is shown as it is.
stats_json_ids_and_names() {
	local db
	db=$(newdb stats-json)
	session "$db" 2026-11-01 plantar - consult 1
	session "$db" 2026-11-02 retired_outcome - self_care 0
	session "$db" 2026-11-03 - area - 0
	run stats --db "$db" --json --since 2026-11-01
	exits 0
	python3 - "$TMP/out" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
assert s["sessions"] == 3 and s["completed"] == 2 and s["requests"] == 1, s
assert s["since"] == "2026-11-01" and s["tree"] == {"id": "e2e-basic", "version": "1.0"}, s
assert {"id": "plantar", "condition": "Plantar fasciitis (plantar heel pain)",
        "sessions": 1} in s["outcomes"], s
assert {"id": "retired_outcome", "condition": "retired_outcome", "sessions": 1} in s["outcomes"], s
assert s["abandoned"] == [{"question": "area", "label": "Where is the pain worst?",
                           "sessions": 1}], s
assert s["triage"] == {"emergency": 0, "urgent": 0, "gp": 0, "consult": 1, "self_care": 1}, s
PY
	run stats --db "$db"
	has out 'retired_outcome'
	fails 64 "runcheck: invalid format 'yaml' (text, json or html)" \
		stats --db "$db" --format yaml
}

# The practice manager's report: one HTML page that parses, with its
# charts as inline SVG (a bar a row, the largest the longest), and no
# script and nothing fetched.
stats_html_report() {
	local db
	db=$(newdb stats-html)
	session "$db" 2026-10-30 plantar - consult 1
	session "$db" 2026-11-01 plantar - consult 0
	session "$db" 2026-11-02 heel_other - self_care 1
	session "$db" 2026-11-03 - area - 0
	request "$db" '<script>alert(1)</script>' 'x@example.com' >/dev/null
	run stats --db "$db" --format html
	exits 0
	empty err
	python3 - "$TMP/out" <<'PY'
import sys
from html.parser import HTMLParser

class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.svgs, self.h2, self.tags = [], [], [], []
        self.text = ""
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag not in ("meta", "rect"):
            self.stack.append(tag)
        if tag == "svg":
            assert a.get("xmlns") == "http://www.w3.org/2000/svg", a
            self.svgs.append({"rects": [], "texts": []})
        if tag == "rect":
            self.svgs[-1]["rects"].append(int(a["width"]))
    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in ("meta", "rect"):
            self.stack.pop()
    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (tag, self.stack[-3:])
        self.stack.pop()
    def handle_data(self, data):
        self.text += data
        if self.stack and self.stack[-1] == "h2":
            self.h2.append(data)
        if self.stack and self.stack[-1] == "text" and self.svgs:
            self.svgs[-1]["texts"].append(data)

page = Page()
html = open(sys.argv[1], encoding="utf-8").read()
assert html.startswith("<!DOCTYPE html>"), html[:40]
page.feed(html)
page.close()
assert page.stack == [], page.stack
tags = {t for t, _ in page.tags}
assert "script" not in tags and "img" not in tags and "link" not in tags, tags
assert not any(k.startswith("on") for _, a in page.tags for k in a), "event handler"
assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "") \
    and "https://" not in html, "a link out"
assert page.h2 == ["Sessions by month", "By triage", "By condition",
                   "Abandoned at question"], page.h2
months, triage, cond, abandoned = page.svgs
assert months["texts"] == ["2026-10", "1", "2026-11", "3"], months
assert months["rects"][1] == 340 and abs(3 * months["rects"][0] - 340) <= 3, months
assert triage["texts"][::2] == ["emergency", "urgent", "gp", "consult", "self_care"], triage
assert cond["texts"] == ["Plantar fasciitis (plantar heel pain)", "2",
                         "Heel fat pad irritation", "1"], cond
assert cond["rects"][0] == 340 and abs(2 * cond["rects"][1] - 340) <= 2, cond
assert abandoned["texts"] == ["Where is the pain worst?", "1"], abandoned
assert "Kiosk sessions" in page.text and "Contact requests taken" in page.text
assert "heel_other" not in page.text and "<script>alert" not in html
PY
	# --by still chooses the first chart.
	run stats --db "$db" --format html --by day
	has out '<h2>Sessions by day</h2>'
}

stats_ascii_without_utf8() {
	local db
	db=$(newdb ascii)
	session "$db" 2026-11-01 plantar - consult 0
	session "$db" 2026-11-01 plantar - consult 0
	session "$db" 2026-11-02 heel_other - self_care 0
	LC_ALL=C run stats --db "$db"
	exits 0
	grep -qE '^  Plantar fasciitis \(plantar heel pain\) +2  #+$' "$TMP/out"
	if LC_ALL=C grep -q $'[\x80-\xff]' "$TMP/out"; then
		say "a byte that is not ASCII without UTF-8"
		return 1
	fi
	# A UTF-8 locale that is not installed still means a UTF-8 terminal.
	env -u LC_ALL -u LC_CTYPE LANG=xx_YY.UTF-8 "$RUNCHECK" stats --db "$db" \
		>"$TMP/out" 2>"$TMP/err"
	grep -qE '^  Plantar fasciitis \(plantar heel pain\) +2  █+$' "$TMP/out"
}

stats_by_period() {
	local db
	db=$(newdb by-period)
	session "$db" 2026-10-30 plantar - consult 0
	session "$db" 2026-11-01 plantar - consult 0
	session "$db" 2026-11-02 plantar - consult 0
	session "$db" 2026-11-02 dvt - emergency 0
	session "$db" 2026-11-03 - area - 0
	run stats --db "$db" --by month
	exits 0
	has out 'Sessions by month:'
	grep -qE '^  2026-10 +1  [^ ]+$' "$TMP/out"
	grep -qE '^  2026-11 +4  █+$' "$TMP/out"
	# Weeks from Monday, named by their Monday; oldest first.
	run stats --db "$db" --by week
	exits 0
	has out 'Sessions by week (from Monday):'
	grep -A2 'Sessions by week' "$TMP/out" | sed -n 2p | grep -qE '^  2026-10-26 +2  [^ ]+$'
	grep -A2 'Sessions by week' "$TMP/out" | sed -n 3p | grep -qE '^  2026-11-02 +3  █+$'
	run stats --db "$db" --by day --since 2026-11-02
	exits 0
	[ "$(grep -cE '^  2026-11-0[23] ' "$TMP/out")" -eq 2 ]
	lacks out '2026-11-01'
	fails 64 "runcheck: invalid period 'year' (day, week or month)" \
		stats --db "$db" --by year
	fails 64 "runcheck: invalid kiosk name 'front;left'" \
		stats --db "$db" --kiosk 'front;left'
}

stats_empty_and_errors() {
	local db
	db=$(newdb stats-empty)
	request "$db" 'Ann' 'ann@example.com' >/dev/null
	run stats --db "$db"
	exits 0
	has out 'Kiosk sessions: 0'
	has out 'Completed: 0 of 0'
	for bad in 2026-02-30 2026-1-01 yesterday 2026-11-01x ''; do
		fails 64 "runcheck: invalid date '$bad' (expected YYYY-MM-DD)" \
			stats --db "$db" --since "$bad"
	done
	run stats --db "$db" extra
	exits 64
	run stats --help
	exits 0
	has out 'runcheck stats [--db FILE] [--since YYYY-MM-DD]'
}

stats_full_disk_is_an_error() {
	local db
	db=$(newdb full)
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
	requests_done requests_done_errors requests_fit_width \
	requests_done_all_reopen requests_export_csv \
	requests_export_csv_every_dialect \
	requests_purge requests_purge_expired_default purge_timer_units \
	requests_permission_hint \
	requests_purge_errors database_errors_exit_74 \
	stats_counts_and_bars stats_json_ids_and_names stats_html_report \
	stats_ascii_without_utf8 stats_by_period \
	stats_empty_and_errors \
	stats_full_disk_is_an_error staff_reads_read_only_mount \
	staff_reads_full_disk store_survives_sigkill; do
	t "$test"
done

# The same staff commands on PostgreSQL (tests/pg.sh), and what only
# PostgreSQL has: roles, and a schema made only by db init.
pg_roles_least_privilege() {
	local db name=rc_e2e_$$_roles kiosk staff
	pg_create "$name" kiosk staff
	db=$(pg_uri "$name")
	run db init --db "$db" --kiosk-role "${name}_kiosk" \
		--staff-role "${name}_staff"
	exits 0
	has out 'Schema version 6 made (it was 0).'
	has out "The kiosks' role '${name}_kiosk' may add requests"
	kiosk=$(pg_uri "$name" "${name}_kiosk")
	staff=$(pg_uri "$name" "${name}_staff")
	"$STORE_TOOL" "$kiosk" kiosk-request 'Ann Kiosk' ann@example.com consult
	session "$kiosk" 2026-11-01 plantar - consult 1
	# A stolen kiosk gives away no other patient's name, nor the figures.
	for cmd in requests 'requests export' stats; do
		# shellcheck disable=SC2086
		fails 74 'permission denied' $cmd --db "$kiosk"
		lacks out 'Ann Kiosk'
	done
	run requests --db "$staff"
	exits 0
	has out 'Ann Kiosk'
	run requests done 1 --db "$staff"
	exits 0
	run stats --db "$staff"
	exits 0
	has out 'Kiosk sessions: 1'
	sleep 1 # older than 0 days: made before this second
	run requests purge --older-than 0 --yes --db "$staff"
	exits 0
	has out 'Deleted 1 request older than 0 days.'
	# Run again, db init changes nothing and grants the same.
	run db init --db "$db" --kiosk-role "${name}_kiosk"
	exits 0
	has out 'Schema version 6 is up to date.'
}

pg_schema_only_from_db_init() {
	local name=rc_e2e_$$_empty db
	pg_create "$name"
	db=$(pg_uri "$name")
	fails 74 "no runcheck schema here: run 'runcheck db init' first" \
		requests --db "$db"
	# A kiosk neither makes it nor writes.
	if "$STORE_TOOL" "$db" kiosk-request Ann ann@example.com consult \
		2>"$TMP/err"; then
		say "a kiosk wrote to a database without the schema"
		return 1
	fi
	has err "run 'runcheck db init'"
	run db status --db "$db"
	exits 74
	# Two db init at once on the empty database: both succeed.
	"$RUNCHECK" db init --db "$db" >"$TMP/init1" 2>&1 &
	"$RUNCHECK" db init --db "$db" >"$TMP/init2" 2>&1 &
	wait %1 && wait %2
	cat "$TMP/init1" "$TMP/init2" >"$TMP/out"
	has out 'Schema version 6 made (it was 0).'
	has out 'Schema version 6 is up to date.'
	run db status --db "$db"
	exits 0
	has out 'Engine: PostgreSQL'
	has out 'Schema version: 6'
	# A schema newer than this runcheck's: refused, saying so.
	psql -q "$(pg_uri "$name")" -c 'UPDATE runcheck_schema SET version = 9'
	fails 74 'schema version 9 is newer than this runcheck reads (6)' \
		requests --db "$db"
}

# pg_count URI SQL: one value from the server.
pg_count() {
	psql -qtA "$1" -c "$2"
}

# Nothing lost when the server goes away mid-day: what kiosks save meanwhile
# waits in the outbox and reaches the server, once, when it is back.
pg_outbox_server_stopped_mid_day() {
	local db ob=$TMP/outbox/outbox.db
	db=$(newdb outbox)
	OUTBOX=$ob "$STORE_TOOL" "$db" save 'Before Stop' front-left
	[ "$(pg_count "$db" 'SELECT count(*) FROM requests')" -eq 1 ]
	[ "$(pg_count "$db" 'SELECT kiosk FROM requests')" = front-left ]
	[ "$(OUTBOX=$ob "$STORE_TOOL" "$db" forward)" = "0 0 0" ]
	# The outbox is the kiosk's alone, as the SQLite store is.
	[ "$(stat -c %a "$ob")" = 600 ] && [ "$(stat -c %a "$TMP/outbox")" = 700 ]

	$RUNCHECK_TEST_PG_CTL stop -m fast -w
	OUTBOX=$ob "$STORE_TOOL" "$db" save 'During One' front-left
	OUTBOX=$ob "$STORE_TOOL" "$db" save 'During Two' front-left
	set +e
	OUTBOX=$ob "$STORE_TOOL" "$db" forward >"$TMP/out" 2>"$TMP/err"
	rc=$?
	set -e
	run db status --db "$db" --outbox "$ob"
	cp "$TMP/out" "$TMP/status"
	$RUNCHECK_TEST_PG_CTL start -w
	exits 74
	has status 'Outbox: 2 requests, 0 sessions and 0 alerts wait'

	[ "$(OUTBOX=$ob "$STORE_TOOL" "$db" forward)" = "0 0 0" ]
	[ "$(OUTBOX=$ob "$STORE_TOOL" "$db" forward)" = "0 0 0" ]
	[ "$(pg_count "$db" "SELECT count(*) FROM requests")" -eq 3 ]
	[ "$(pg_count "$db" "SELECT count(DISTINCT name) FROM requests")" -eq 3 ]
	run db status --db "$db" --outbox "$ob"
	exits 0
	has out 'Outbox: 0 requests, 0 sessions and 0 alerts wait'
	# What was forwarded is gone from the outbox's file and log.
	if grep -qa 'During' "$ob" "$ob-wal" 2>/dev/null; then
		say "a forwarded name is still in the outbox's files"
		return 1
	fi
}

# A kiosk killed between its outbox's commit and the forward: the request
# reaches the server at the next forward (the kiosk's start), once.
# An outbox that the previous release left (version 1: no expires_at) is
# brought up to date and forwarded; its request gets the default 90 days.
pg_outbox_version_1_forwarded() {
	local db ob=$TMP/ob1/outbox.db
	db=$(newdb ob1)
	mkdir -m 700 "$TMP/ob1"
	sqlite3 "$ob" "CREATE TABLE requests (uuid TEXT PRIMARY KEY, created_at INTEGER NOT NULL, name TEXT NOT NULL, contact TEXT NOT NULL, outcome TEXT NOT NULL, condition TEXT NOT NULL, triage TEXT NOT NULL, tree_version TEXT NOT NULL, kiosk TEXT);
		INSERT INTO requests VALUES ('6f1c1b8e-3f5e-4f43-9c39-4c7c2b1d0a11', 1000000, 'Old Outbox', 'o@example.com', 'plantar', 'Plantar fasciitis', 'consult', '1.0', 'front');
		PRAGMA user_version = 1;"
	[ "$(OUTBOX=$ob "$STORE_TOOL" "$db" forward)" = "0 0 0" ]
	[ "$(pg_count "$db" "SELECT expires_at - created_at FROM requests WHERE name = 'Old Outbox'")" -eq 7776000 ]
	[ "$(sqlite3 "$ob" 'PRAGMA user_version')" -eq 3 ]
}

pg_outbox_killed_before_forward() {
	local db ob=$TMP/killed/outbox.db
	db=$(newdb killed)
	set +e
	# (In a subshell, so that bash's "Killed" goes nowhere.)
	(RUNCHECK_TEST_KILL_BEFORE_FORWARD=1 OUTBOX=$ob \
		"$STORE_TOOL" "$db" save 'Killed Kiosk'; exit $?) 2>/dev/null
	rc=$?
	set -e
	exits 137
	[ "$(pg_count "$db" 'SELECT count(*) FROM requests')" -eq 0 ]
	[ "$(OUTBOX=$ob "$STORE_TOOL" "$db" forward)" = "0 0 0" ]
	[ "$(OUTBOX=$ob "$STORE_TOOL" "$db" forward)" = "0 0 0" ]
	[ "$(pg_count "$db" "SELECT count(*) FROM requests WHERE name = 'Killed Kiosk'")" -eq 1 ]
}

# The front desk sees a request and an alert made by a kiosk (another
# process, the kiosk's role) within two seconds, one line each.
pg_requests_watch_live() {
	local name=rc_e2e_$$_watch db kiosk staff ob=$TMP/watch/outbox.db
	pg_create "$name" kiosk staff
	db=$(pg_uri "$name")
	"$RUNCHECK" db init --db "$db" --kiosk-role "${name}_kiosk" \
		--staff-role "${name}_staff" >/dev/null
	kiosk=$(pg_uri "$name" "${name}_kiosk")
	staff=$(pg_uri "$name" "${name}_staff")
	OUTBOX=$ob "$STORE_TOOL" "$kiosk" save 'Seen Before' front-left
	watch_start "$staff"
	OUTBOX=$ob "$STORE_TOOL" "$kiosk" alert emergency front-left
	OUTBOX=$ob "$STORE_TOOL" "$kiosk" save $'Wendy\033[2J Watch' front-left
	watch_stop 2
	grep -qE '^[0-9-]{10} [0-9:]{8}  front-left  alert  emergency$' "$TMP/out"
	grep -qE '^[0-9-]{10} [0-9:]{8}  front-left  request  consult  Wendy\?\[2J Watch$' "$TMP/out"
	lacks out 'Seen Before'
}

# watch_start DB: requests watch in the background, once it had a second
# to start listening. watch_stop N: waits up to two seconds for N lines,
# stops it, and checks that it printed N lines, in $TMP/out.
watch_start() {
	"$RUNCHECK" requests watch --db "$1" >"$TMP/watch.out" 2>"$TMP/err" &
	watch_pid=$!
	sleep 1
}
watch_stop() {
	local i
	for i in 1 2 3 4 5 6 7 8 9 10; do
		[ "$(wc -l <"$TMP/watch.out")" -ge "$1" ] && break
		sleep 0.2
	done
	kill "$watch_pid"
	wait "$watch_pid" 2>/dev/null || true
	cp "$TMP/watch.out" "$TMP/out"
	[ "$(wc -l <"$TMP/out")" -eq "$1" ]
}

# On SQLite too: a request made by another process shows within two
# seconds; the requests there before do not.
requests_watch_sqlite() {
	local db=$TMP/watch.db
	request "$db" 'Seen Before' 'a@example.com' >/dev/null
	watch_start "$db"
	request "$db" 'Walter Watch' 'w@example.com' self_care >/dev/null
	watch_stop 1
	grep -qE '^[0-9-]{10} [0-9:]{8}  -  request  self_care  Walter Watch$' "$TMP/out"
}

# stats of one kiosk; SQLite records no kiosk names.
pg_stats_by_kiosk() {
	local db
	db=$(newdb by-kiosk)
	"$STORE_TOOL" "$db" session 2026-11-01 plantar - consult 3 60 1 front-left
	"$STORE_TOOL" "$db" session 2026-11-01 dvt - emergency 3 60 0 back-room
	"$STORE_TOOL" "$db" session 2026-11-02 - area - 3 60 0 back-room
	run stats --db "$db" --kiosk back-room
	exits 0
	has out 'Kiosk sessions at back-room: 2'
	has out 'Completed: 1 of 2 (50%)'
	lacks out 'Plantar'
	run stats --db "$db" --kiosk front-left --since 2026-11-01 --by day
	exits 0
	has out 'Kiosk sessions at front-left since 2026-11-01: 1'
	grep -qE '^  2026-11-01 +1  █+$' "$TMP/out"
	fails 64 'runcheck: --kiosk needs a PostgreSQL store' \
		stats --db "$TMP/no-kiosks.db" --kiosk front-left
}

db_command_errors() {
	fails 64 'runcheck: db needs a command: init or status' db
	fails 64 "runcheck: unknown db command 'frob'" db frob
	fails 64 'only for db init on PostgreSQL' \
		db init --db "$TMP/roles.db" --kiosk-role kiosk
	run db init --db "$TMP/init.db"
	exits 0
	has out 'Schema version 6 is ready.'
	run db status --db "$TMP/init.db"
	exits 0
	has out 'Engine: SQLite'
}
t db_command_errors
t requests_watch_sqlite

if [ -n "${RUNCHECK_TEST_PG:-}" ]; then
	ENGINE=pg
	for test in \
		requests_list_newest_first requests_env_db_and_empty \
		requests_control_characters_not_shown requests_done \
		requests_done_errors requests_fit_width requests_done_all_reopen \
		requests_export_csv \
		requests_export_csv_every_dialect requests_purge \
		requests_purge_expired_default \
		requests_purge_errors stats_counts_and_bars \
		stats_json_ids_and_names stats_html_report \
		stats_ascii_without_utf8 stats_by_period stats_empty_and_errors \
		stats_full_disk_is_an_error; do
		t "$test"
	done
	t pg_roles_least_privilege
	t pg_schema_only_from_db_init
	t pg_outbox_server_stopped_mid_day
	t pg_outbox_killed_before_forward
	t pg_outbox_version_1_forwarded
	t pg_requests_watch_live
	t pg_stats_by_kiosk
else
	echo "bookings.sh: \$RUNCHECK_TEST_PG is not set: the PostgreSQL tests need tests/pg.sh (make e2e)" >&2
	failed=$((failed + 1))
fi

# The kiosk's offer, and the QR code, at a real pseudo-terminal.
bookings_tty() {
	python3 tests/e2e/bookings_tty.py "$RUNCHECK"
}
t bookings_tty

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
