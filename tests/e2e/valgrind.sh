#!/usr/bin/env bash
# valgrind.sh - walks of the real binary under valgrind's memcheck: every
# read of uninitialised memory, every invalid access and every definite or
# indirect leak fails the run.
#
#   RUNCHECK=build/runcheck tests/e2e/valgrind.sh    (from the repository root)
#
# The last line is "N passed, M failed"; the exit status is 1 when anything
# failed.
set -u

RUNCHECK=${RUNCHECK:-build/runcheck}
DATA=tests/data
TREE=$DATA/e2e-basic.yaml
CLINIC=$DATA/e2e-clinic.yaml
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
unset RUNCHECK_TREE RUNCHECK_CLINIC NO_COLOR ACCESSIBLE

if ! command -v valgrind >/dev/null; then
	echo "valgrind.sh: valgrind is not installed" >&2
	echo "0 passed, 1 failed"
	exit 1
fi

passed=0
failed=0

# vg NAME EXPECTED-STATUS INPUT ARGS...: one run under memcheck.
vg() {
	local name=$1 expected=$2 input=$3 rc
	shift 3
	printf '%b' "$input" | valgrind -q --leak-check=full \
		--errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
		--suppressions=tests/valgrind.supp \
		--log-file="$TMP/vg.log" "$RUNCHECK" "$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	if [ "$rc" -eq "$expected" ] && [ ! -s "$TMP/vg.log" ]; then
		passed=$((passed + 1))
		return
	fi
	failed=$((failed + 1))
	echo "FAIL: $name (exit status $rc, expected $expected)" >&2
	sed 's/^/    /' "$TMP/vg.log" | head -n 40 >&2
}

vg walk_text 0 'none\n1\nyes\n' --tree "$TREE" --clinic "$CLINIC"
vg walk_json 0 'none\n3\n5\nyes\n' --tree "$TREE" --clinic "$CLINIC" --json
vg walk_refusals_back_restart 0 \
	'back\n\nnone, 1\n1,2,9\nnone\n7\nwhy\nhelp\n2\nback\nrestart\n3\nknee\n11\n9\n' \
	--tree "$TREE" --clinic "$CLINIC" --json
vg walk_emergency 0 '1\n' --tree "$TREE" --clinic "$CLINIC"
vg quit_json 1 'none\nquit\n' --tree "$TREE" --clinic "$CLINIC" --json
vg end_of_input 1 'none\n1\n' --tree "$TREE" --clinic "$CLINIC"
vg built_in_tree 1 'quit\n'
vg lint_invalid 65 '' lint "$DATA/e2e-invalid.yaml" "$DATA/e2e-clinic-invalid.yaml"
vg lint_valid 0 '' lint "$TREE" "$CLINIC" "$DATA/e2e-warning.yaml"
vg lint_missing 66 '' lint "$TMP/missing.yaml"
# Translation: templates, catalogs (libgettextpo's own leaks are
# suppressed: tests/valgrind.supp) and a language's sign-off.
vg po_tree 0 '' po
vg po_clinic 0 '' po --clinic "$CLINIC"
vg lint_catalogs 65 '' lint --tree "$DATA/po/tree.yaml" \
	--clinic "$DATA/po/clinic.yaml" "$DATA/po/fuzzy.po" "$DATA/po/missing.po" \
	"$DATA/po/wrong.po" "$DATA/po/clinic-vi.po" "$DATA/po/reviewed.po"
vg report_lang 0 '' report --lang zh-Hans
vg quiz_invalid_tree 65 '' --tree "$DATA/e2e-invalid.yaml"
vg usage 64 '' --bogus
vg test_walks 1 '' test --tree "$DATA/golden-bike.yaml" \
	"$DATA/walks-bike.yaml" "$DATA/walks-bike-failing.yaml"
vg test_walks_invalid 65 '' test --tree "$DATA/golden-bike.yaml" \
	"$DATA/golden-bike.yaml"
vg paths_walks_boundaries 0 '' paths --tree "$DATA/golden-bike.yaml" \
	--walks --boundaries
vg report_clinic_texts 0 '' report --tree "$DATA/golden-bike.yaml" \
	--clinic "$DATA/e2e-clinic-places.yaml" --format html

# The staff commands on a real database (an empty file is migrated).
DB=$TMP/bookings.db
: >"$DB"
vg requests_empty 0 '' requests --db "$DB"
sqlite3 "$DB" "INSERT INTO requests (created_at, name, contact, outcome,
	condition, triage, tree_version) VALUES (1700000000, 'Ann, \"A\"',
	'+44 20 7946 0000', 'plantar', 'Plantar fasciitis', 'consult', '1.0');
	INSERT INTO sessions (day, outcome, abandoned_at, triage, tree_version,
	answers, duration, has_request) VALUES ('2026-11-01', 'plantar', NULL,
	'consult', '1.0', 3, 60, 1), ('2026-11-02', NULL, 'area', NULL, '1.0',
	1, 9, 0);"
sqlite3 "$DB" "INSERT INTO requests (created_at, name, contact, outcome,
	condition, triage, tree_version, answers) VALUES (1700000100, 'Bo',
	'bo@example.com', 'plantar', 'Plantar fasciitis', 'consult', '1.0',
	'{\"tree\":\"t\",\"version\":\"1\",\"condition\":\"C\",\"triage\":\"consult\",\"steps\":[{\"question\":\"a\",\"label\":\"A\",\"text\":\"A?\",\"type\":\"yesno\",\"answer\":\"not sure\"},{\"question\":\"b\",\"label\":\"B\",\"text\":\"B?\",\"type\":\"multi\",\"answer\":[\"X\"],\"picked\":[{\"code\":\"1\",\"text\":\"X\"}]}]}');"
vg requests_list 0 '' requests --db "$DB"
vg requests_show_answers 0 '' requests show 2 --db "$DB"
vg requests_export_fhir 0 '' requests export --fhir --db "$DB"
vg report_fhir 0 '' report --format fhir --tree "$TREE"
vg requests_export 0 '' requests export --csv --db "$DB"
vg requests_done 0 '' requests done 1 --db "$DB"
vg requests_all 0 '' requests --all --db "$DB"
vg requests_show 0 '' requests show 1 --db "$DB"
vg requests_reopen 0 '' requests reopen 1 --db "$DB"
vg requests_done_unknown 65 '' requests done 9 --db "$DB"
vg requests_purge_dry_run 0 '' requests purge --dry-run --older-than 0 --db "$DB"
vg requests_purge_refused 64 '' requests purge --older-than 0 --db "$DB"
vg requests_purge 0 '' requests purge --older-than 0 --yes --db "$DB"
vg stats 0 '' stats --db "$DB"
vg stats_json 0 '' stats --json --db "$DB"
vg stats_html 0 '' stats --format html --db "$DB"
vg stats_since 0 '' stats --since 2026-11-02 --db "$DB"
vg stats_bad_date 64 '' stats --since 2026-02-30 --db "$DB"
vg requests_missing_db 66 '' requests --db "$TMP/missing.db"
vg requests_bad_db 74 '' requests --db "$TMP"

python3 -c 'import sys; sys.stdout.write("1" * 1048576 + "\nquit\n")' >"$TMP/long"
if valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
	--error-exitcode=99 --log-file="$TMP/vg.log" "$RUNCHECK" --tree "$TREE" \
	<"$TMP/long" >/dev/null 2>&1; [ $? -eq 1 ] && [ ! -s "$TMP/vg.log" ]; then
	passed=$((passed + 1))
else
	failed=$((failed + 1))
	echo "FAIL: long_line" >&2
	sed 's/^/    /' "$TMP/vg.log" | head -n 40 >&2
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
