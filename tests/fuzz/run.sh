#!/bin/sh
# run.sh - runs libFuzzer targets built by `make fuzz`.
#
#   tests/fuzz/run.sh BUILD_DIR SECONDS TARGET...
#
# Each TARGET (tree, clinic, answer) runs for SECONDS on a corpus in
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
			"$here"/corpus_tree/*
		;;
	clinic)
		max_len=16384
		dict=-dict=$here/yaml.dict
		seed "$corpus" "$root"/questions/clinic.yaml \
			"$root"/tests/data/e2e-clinic*.yaml \
			"$here"/corpus_clinic/*
		;;
	answer)
		max_len=8192
		# The answers of each runner's story, one a line.
		awk -v dir="$corpus" '
			/^  - name: / { n++ }
			/^      - [a-z][a-z0-9_]*: / {
				sub(/^      - [a-z][a-z0-9_]*: /, "")
				gsub(/^"|"$/, "")
				print > (dir "/story-" n)
			}' "$root"/tests/vignettes/stories.yaml \
			"$root"/tests/vignettes/independent/stories.yaml
		seed "$corpus" "$here"/corpus_answer/*
		;;
	walks)
		max_len=16384
		dict=-dict=$here/yaml.dict
		seed "$corpus" "$root"/tests/data/walks-*.yaml \
			"$root"/tests/vignettes/stories.yaml
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
