#!/usr/bin/env bash
# walks.sh - end-to-end tests of runcheck test and the walks file
# (runcheck-walks/1), and of paths --walks, driving the real binary.
#
#   RUNCHECK=build/runcheck tests/e2e/walks.sh     (from the repository root)
#
# Each test runs in its own subshell under `set -e`. The last line is
# "N passed, M failed"; the exit status is 1 when anything failed.
# shellcheck source=tests/e2e/prelude.sh
. "$(dirname "$0")/prelude.sh"

# last_line TEXT: the last line of standard output is TEXT.
last_line() {
	local got
	got=$(tail -n 1 "$TMP/out")
	[ "$got" = "$1" ] && return 0
	say "last line of standard output is '$got', expected '$1'"
	return 1
}

# walks FILE TEXT: writes a walks file of the bicycle tree.
walks() {
	printf 'format: runcheck-walks/1\ntree: bike-check\nwalks:\n%s' "$2" >"$1"
}

test_passing_walks_exit_0() {
	run test --tree "$BIKE" "$DATA/walks-bike.yaml"
	exits 0
	last_line "5 passed, 0 failed"
	empty err
}

test_failing_walks_exit_1_at_each_name() {
	run test --tree "$BIKE" "$DATA/walks-bike-failing.yaml"
	exits 1
	last_line "1 passed, 6 failed"
	has err "walks-bike-failing.yaml:10:11: error: walk 'another question is asked': answer 2: expected question 'cable' to be asked, but the tree asked 'symptom'"
	has err "walks-bike-failing.yaml:37:11: error: walk 'another triage': expected triage consult, got self_care"
}

test_several_files_add_up() {
	run test --tree "$BIKE" "$DATA/walks-bike.yaml" "$DATA/walks-bike.yaml"
	exits 0
	last_line "10 passed, 0 failed"
}

test_tree_from_the_environment() {
	run_env "RUNCHECK_TREE=$BIKE" test "$DATA/walks-bike.yaml"
	exits 0
	last_line "5 passed, 0 failed"
}

test_walks_for_another_tree_exit_65() {
	walks "$TMP/w.yaml" '  - name: a
    answers: [{safety: none}]
    triage: gp
'
	sed -i 's/^tree: bike-check/tree: runner-injuries/' "$TMP/w.yaml"
	run test --tree "$BIKE" "$TMP/w.yaml"
	exits 65
	has err "w.yaml:2:7: error: these walks are for tree 'runner-injuries', but the tree is 'bike-check'"
}

test_invalid_walks_file_exit_65() {
	walks "$TMP/w.yaml" '  - name: a
    anwsers: [{safety: none}]
    triage: urgnt
'
	run test --tree "$BIKE" "$TMP/w.yaml"
	exits 65
	has err "w.yaml:5:5: error: unknown key 'anwsers' in a walk; did you mean 'answers'?"
	has err "w.yaml:6:13: error: unknown triage level 'urgnt'; did you mean 'urgent'?"
	lacks err "missing"
}

test_a_tree_given_as_walks_exit_65() {
	run test --tree "$BIKE" "$BIKE"
	exits 65
	has err "golden-bike.yaml:4:9: error: unsupported format 'runcheck/1'; a walks file says 'format: runcheck-walks/1'"
}

test_yaml_rules_apply_to_walks() {
	printf 'format: runcheck-walks/1\nwalks:\n\t- name: a\n' >"$TMP/w.yaml"
	run test --tree "$BIKE" "$TMP/w.yaml"
	exits 65
	has err "w.yaml:3:"
}

test_missing_walks_file_exit_66() {
	run test --tree "$BIKE" "$DATA/walks-bike.yaml" "$TMP/none.yaml"
	exits 66
	has err "runcheck: cannot open '$TMP/none.yaml': No such file or directory"
	last_line "5 passed, 0 failed"
}

test_invalid_tree_exit_65() {
	run test --tree "$DATA/e2e-invalid.yaml" "$DATA/walks-bike.yaml"
	exits 65
	empty out
}

test_missing_tree_exit_66() {
	run test --tree "$TMP/none.yaml" "$DATA/walks-bike.yaml"
	exits 66
	empty out
}

test_no_walks_file_exit_64() {
	run test --tree "$BIKE"
	exits 64
	has err "runcheck: test needs at least one walks file"
	has err "usage: runcheck test [--tree FILE] WALKS..."
}

test_unknown_option_exit_64() {
	run test --bogus "$DATA/walks-bike.yaml"
	exits 64
	has err "unknown option '--bogus'"
}

test_help_exit_0() {
	run test --help
	exits 0
	has out "runcheck test"
}

test_stories_catch_a_red_flag_sent_to_booking() {
	# The first emergency outcome made a booking: its stories fail.
	sed '0,/triage: emergency/s//triage: consult/' \
		questions/runner-injuries.yaml >"$TMP/tree.yaml"
	run test --tree "$TMP/tree.yaml" tests/vignettes/stories.yaml
	exits 1
	has err "error: walk '"
	has err "with triage emergency, got"
	grep -q '^[1-9][0-9]* passed, [1-9][0-9]* failed$' "$TMP/out"
}

# keep ARGS...: paths --walks ARGS on the bicycle tree, kept in $TMP/kept.yaml.
keep() {
	timeout 60 "$RUNCHECK" paths --tree "$BIKE" --walks "$@" \
		>"$TMP/kept.yaml" 2>"$TMP/err"
}

test_paths_walks_replay() {
	keep
	has err "runcheck: 9 walks"
	run test --tree "$BIKE" "$TMP/kept.yaml"
	exits 0
	last_line "9 passed, 0 failed"
}

test_paths_walks_boundaries_fail_when_a_band_moves() {
	keep --boundaries
	grep -q '^  - name: walk 6 to puncture, bands at their highest$' \
		"$TMP/kept.yaml"
	grep -q '^      - pressure: 30$' "$TMP/kept.yaml"
	run test --tree "$BIKE" "$TMP/kept.yaml"
	exits 0
	last_line "11 passed, 0 failed"
	# The boundary between a puncture and a slow leak moves down by one:
	# 1 day now counts as a slow leak.
	sed 's/{from: 0, to: 1, next: puncture}/{from: 0, to: 0, next: puncture}/
	     s/{from: 2, to: 30, next: slow_leak}/{from: 1, to: 30, next: slow_leak}/' \
		"$BIKE" >"$TMP/moved.yaml"
	run test --tree "$TMP/moved.yaml" "$TMP/kept.yaml"
	exits 1
	last_line "10 passed, 1 failed"
	has err "kept.yaml:44:11: error: walk 'walk 6 to puncture, bands at their highest': expected outcome 'puncture' with triage self_care, got 'slow_leak' with triage self_care"
	# Without --boundaries each band is taken at its lowest value only,
	# and this move goes unseen.
	keep
	run test --tree "$TMP/moved.yaml" "$TMP/kept.yaml"
	exits 0
}

test_paths_walks_of_the_shipped_tree_replay() {
	timeout 60 "$RUNCHECK" paths --walks --boundaries >"$TMP/kept.yaml" 2>/dev/null
	run test "$TMP/kept.yaml"
	exits 0
	grep -q '^[1-9][0-9]* passed, 0 failed$' "$TMP/out"
}

test_paths_walks_quote_what_yaml_would_misread() {
	cat >"$TMP/odd.yaml" <<'YAML'
format: runcheck/1
id: odd-texts
title: Odd texts
version: "1"
start: pick
disclaimer: Test only.
questions:
  pick:
    ask: Which?
    options:
      - {text: "Yes: always", next: a}
      - {text: "say \"hi\" \\ now", next: a}
      - {text: "#1 pick", next: a}
      - {text: "- dash", next: a}
      - {text: "Üben, café", next: a}
      - {text: "[x]", next: a}
      - {text: "null", next: a}
outcomes:
  a: {condition: A, triage: gp, summary: S.}
YAML
	timeout 20 "$RUNCHECK" paths --tree "$TMP/odd.yaml" --walks \
		>"$TMP/kept.yaml" 2>/dev/null
	grep -qF -- '- pick: "Yes: always"' "$TMP/kept.yaml"
	grep -qF -- '- pick: "say \"hi\" \\ now"' "$TMP/kept.yaml"
	run test --tree "$TMP/odd.yaml" "$TMP/kept.yaml"
	exits 0
	last_line "7 passed, 0 failed"
}

test_paths_walks_of_a_covering_set_replay() {
	local i next
	{
		printf 'format: runcheck/1\nid: chain\ntitle: Chain\n'
		printf 'version: "1"\nstart: q0\ndisclaimer: Test only.\nquestions:\n'
		for ((i = 0; i < 10; i++)); do
			next=q$((i + 1))
			[ "$i" -eq 9 ] && next=end
			printf '  q%d:\n    type: yesno\n    ask: Q%d?\n' "$i" "$i"
			printf '    yes: %s\n    no: %s\n    unsure: %s\n' \
				"$next" "$next" "$next"
		done
		printf 'outcomes:\n  end: {condition: E, triage: gp, summary: S.}\n'
	} >"$TMP/chain.yaml"
	timeout 20 "$RUNCHECK" paths --tree "$TMP/chain.yaml" --walks \
		>"$TMP/kept.yaml" 2>"$TMP/err"
	has err "not all the walks"
	run test --tree "$TMP/chain.yaml" "$TMP/kept.yaml"
	exits 0
	last_line "3 passed, 0 failed"
}

test_paths_walks_options_that_do_not_go_together() {
	run paths --tree "$BIKE" --count --walks
	exits 64
	has err "runcheck: --count and --walks do not go together"
	run paths --tree "$BIKE" --boundaries
	exits 64
	has err "runcheck: --boundaries goes with --walks"
}

for name in $(declare -F | awk '$3 ~ /^test_/ {print $3}'); do
	t "$name"
done
echo "walks: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
