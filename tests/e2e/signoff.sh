#!/usr/bin/env bash
# signoff.sh - end-to-end tests of what runcheck report adds for sign-off:
# the hash of the tree file's content, the texts of each triage level and
# the clinic file's texts, all as a result shows them.
#
#   RUNCHECK=build/runcheck tests/e2e/signoff.sh   (from the repository root)
#
# Each test runs in its own subshell under `set -e`. The last line is
# "N passed, M failed"; the exit status is 1 when anything failed.
# shellcheck source=tests/e2e/prelude.sh
. "$(dirname "$0")/prelude.sh"

sum() { sha256sum "$1" | cut -d' ' -f1; }

test_hash_of_the_tree_file() {
	run report --tree "$BIKE"
	exits 0
	has out "- **Version:** 1.0"
	has out "- **Content (SHA-256 of the file):** \`$(sum "$BIKE")\`"
}

test_hash_of_the_built_in_tree_is_the_shipped_file() {
	run report
	exits 0
	has out "\`$(sum questions/runner-injuries.yaml)\`"
	run_env "RUNCHECK_TREE=$BIKE" report
	exits 0
	has out "\`$(sum "$BIKE")\`"
}

test_hash_changes_with_one_byte() {
	sed 's/A puncture/A punctures/' "$BIKE" >"$TMP/bike.yaml"
	run report --tree "$TMP/bike.yaml" --format html
	exits 0
	has out "<code>$(sum "$TMP/bike.yaml")</code>"
	lacks out "$(sum "$BIKE")"
}

test_triage_texts_with_the_clinic_number() {
	run report --tree "$BIKE" --clinic "$DATA/e2e-clinic-places.yaml"
	exits 0
	has out "## What each triage level tells the person"
	has out "- **Under the condition:** Call 999 now (emergency)."
	has out "- **At the end:** Do not wait and do not run."
	has out "- **Under the condition:** See a doctor today. Stop running until you have been seen."
	has out "- **At the end:** If it suddenly gets much worse, call 999 (emergency)."
	has out "assessment with E2E Places Clinic."
}

test_clinic_texts() {
	run report --tree "$BIKE" --clinic "$DATA/e2e-clinic-places.yaml"
	exits 0
	has out "- **File:** $DATA/e2e-clinic-places.yaml"
	has out "- **Booking:** This text shows nowhere."
	has out "- **How to book at the kiosk:** Ask at the desk behind you for a time."
	has out "- **How to book at home:** Ring us or book online for a time."
	has out "- **Phone:** 555 0199"
	has out "- **Web address:** https://example.test/places"
	has out "- **Emergency number:** 999"
	run report --tree "$BIKE" --clinic "$DATA/e2e-clinic.yaml"
	exits 0
	has out "- **How to book at the kiosk:** *not given: the kiosk shows Booking*"
	has out "- **How to book at home:** *not given: the result shows Booking*"
}

test_clinic_from_the_environment() {
	run_env "RUNCHECK_CLINIC=$DATA/e2e-clinic-places.yaml" report \
		--tree "$BIKE"
	exits 0
	has out "- **Name:** E2E Places Clinic"
}

test_invalid_clinic_exit_65() {
	run report --tree "$BIKE" --clinic "$DATA/e2e-clinic-invalid.yaml"
	exits 65
	empty out
	has err "e2e-clinic-invalid.yaml:"
}

test_missing_clinic_exit_66() {
	run report --tree "$BIKE" --clinic "$TMP/none.yaml"
	exits 66
	empty out
	has err "runcheck: cannot open '$TMP/none.yaml'"
}

for name in $(declare -F | awk '$3 ~ /^test_/ {print $3}'); do
	t "$name"
done
echo "signoff: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
