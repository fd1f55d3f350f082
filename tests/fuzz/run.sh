#!/bin/sh
# run.sh - runs libFuzzer targets built by `make fuzz`.
#
#   tests/fuzz/run.sh BUILD_DIR SECONDS TARGET...
#
# Each TARGET (tree, clinic, answer, line) runs for SECONDS on a corpus in
# BUILD_DIR/corpus/TARGET, seeded from the repository: the shipped files,
# the test data and the small seed folders beside this script. A crash is
# saved as BUILD_DIR/artifacts/TARGET-crash-* and fails the run; the last
# lines of each log (executions per second, coverage) are printed.
set -eu

build=$1
seconds=$2
shift 2
here=$(dirname "$0")
root=$here/../..
status=0

seed() {
	# Copies seed files into a corpus folder; a missing glob is fine.
	dest=$1
	shift
	for f in "$@"; do
		[ -f "$f" ] && cp "$f" "$dest/" || true
	done
}

for target in "$@"; do
	corpus=$build/corpus/$target
	mkdir -p "$corpus" "$build/artifacts"
	dict=
	case $target in
	tree)
		max_len=131072
		dict=-dict=$here/yaml.dict
		seed "$corpus" "$root"/questions/runner-injuries.yaml \
			"$root"/tests/data/e2e-basic.yaml \
			"$root"/tests/data/e2e-invalid.yaml \
			"$root"/tests/data/e2e-warning.yaml \
			"$root"/tests/data/tools-small.yaml \
			"$root"/tests/data/hostile/*.yaml \
			"$root"/tests/data/yaml-test-suite/*.yaml \
			"$here"/corpus_tree/*
		;;
	clinic)
		max_len=16384
		dict=-dict=$here/yaml.dict
		seed "$corpus" "$root"/questions/clinic.yaml \
			"$root"/tests/data/e2e-clinic*.yaml \
			"$root"/tests/data/yaml-test-suite/*.yaml \
			"$here"/corpus_clinic/*
		;;
	line)
		# Within a pipe's buffer even when markers are added.
		max_len=4096
		seed "$corpus" "$here"/corpus_line/*
		# readline's own small leak: see the file.
		LSAN_OPTIONS=suppressions=$here/readline.supp
		export LSAN_OPTIONS
		;;
	answer)
		max_len=8192
		for v in "$root"/tests/vignettes/*.txt; do
			[ -f "$v" ] || continue
			sed '1,/^---$/d' "$v" > "$corpus/$(basename "$v")"
		done
		seed "$corpus" "$here"/corpus_answer/*
		;;
	*)
		echo "run.sh: unknown target '$target'" >&2
		exit 64
		;;
	esac
	log=$build/$target.log
	echo "== fuzz_$target for ${seconds}s (log: $log)"
	# $dict is empty or one word.
	# shellcheck disable=SC2086
	if ! "$build/fuzz_$target" -max_total_time="$seconds" \
		-rss_limit_mb=2048 -max_len="$max_len" -timeout=10 \
		-print_final_stats=1 $dict \
		-artifact_prefix="$build/artifacts/$target-" \
		"$corpus" > "$log" 2>&1; then
		echo "fuzz_$target FAILED: see $log and $build/artifacts/" >&2
		status=1
	fi
	grep -E '^#[0-9]+[[:space:]]+DONE|^Done|^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' \
		"$log" || tail -n 20 "$log"
done
exit $status
