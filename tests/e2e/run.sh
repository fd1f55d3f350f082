#!/usr/bin/env bash
# run.sh - end-to-end tests of the runcheck binary, driven from a pipe the
# way a script or a transcript would: answers in, questions and result out.
#
#   RUNCHECK=build/runcheck tests/e2e/run.sh     (from the repository root)
#
# Each test runs in its own subshell under `set -e`, so the first check that
# fails ends that test. The last line is "N passed, M failed"; the exit
# status is 1 when anything failed. The terminal is tested by quiz_tty.py.
set -u

RUNCHECK=${RUNCHECK:-build/runcheck}
case $RUNCHECK in /*) ;; *) RUNCHECK=$PWD/$RUNCHECK ;; esac
DATA=$PWD/tests/data
TREE=$DATA/e2e-basic.yaml
CLINIC=$DATA/e2e-clinic.yaml
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# The tests must not depend on the caller's environment.
# COLUMNS is wide so that the phrases looked for are never wrapped apart.
unset RUNCHECK_TREE RUNCHECK_CLINIC NO_COLOR ACCESSIBLE
export LC_ALL=C.UTF-8 COLUMNS=1000

passed=0
failed=0

# rc, and $TMP/out and $TMP/err, are what the last `run` left.
rc=0

# run INPUT ARGS...: runs the binary with INPUT on standard input.
run() {
	local input=$1
	shift
	set +e
	printf '%b' "$input" | timeout 20 "$RUNCHECK" "$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	set -e
}

# quiz INPUT ARGS...: the quiz on the test tree and clinic.
quiz() {
	local input=$1
	shift
	run "$input" --tree "$TREE" --clinic "$CLINIC" "$@"
}

. "$(dirname "$0")/checks.sh"

# count STREAM TEXT N: TEXT is on exactly N lines.
count() {
	local n
	n=$(grep -cF -- "$2" "$TMP/$1" || true)
	[ "$n" -eq "$3" ] && return 0
	say "'$2' is on $n lines of standard $1, expected $3"
	return 1
}

no_escape() {
	if LC_ALL=C grep -q $'\033' "$TMP/$1"; then
		say "standard $1 holds an ESC byte"
		return 1
	fi
}

# json PYTHON-EXPRESSION: standard output is exactly one JSON object, and
# the expression over it (named j) is true.
json() {
	python3 - "$TMP/out" "$1" <<-'EOF' || { say "json check failed: $1"; return 1; }
	import json, sys
	text = open(sys.argv[1], encoding="utf-8").read()
	assert text.endswith("\n") and text.count("\n") == 1, "not one line"
	j = json.loads(text)
	assert isinstance(j, dict), "not an object"
	if not eval("(" + sys.argv[2] + "\n)"):
	    print("    got:", text.strip(), file=sys.stderr)
	    sys.exit(1)
	EOF
}


# Walks

walk_consult_text() {
	quiz 'none\n1\nyes\n'
	exits 0
	empty err
	has out 'E2E test check'
	has out 'This is a test tree.'
	has out 'Do any of these apply to you right now?'
	has out '  1. Calf swollen, warm or red'
	has out 'Type the numbers that apply, separated by commas, or none.'
	has out 'yes / no / not sure'
	has out 'Likely: Plantar fasciitis (plantar heel pain)'
	has out 'Book an assessment at the clinic.'
	has out 'Because you said:'
	has out 'Where is the pain worst? — Heel or arch of the foot'
	has out 'Do any of these apply to you right now? — none of these'
	has out 'What you can do now:'
	has out 'Other possibilities:'
	has out 'Heel fat pad irritation'
	has out 'Active Release Technique (ART) assessment with E2E Test Clinic'
	has out 'Ring the front desk to make a time.'
	has out 'Phone: 555 0100'
	has out 'https://example.test/art'
	# The disclaimer opens the session and closes the result.
	count out 'This is a test tree.' 2
}

# At home the clinic's booking_home text, with its name, phone and address.
booking_at_home() {
	run 'none\n1\nyes\n' --tree "$TREE" --clinic "$DATA/e2e-clinic-places.yaml"
	exits 0
	has out 'Ring us or book online for a time.'
	has out 'Clinic: E2E Places Clinic'
	has out 'Phone: 555 0199'
	has out 'Online: https://example.test/places'
	lacks out 'This text shows nowhere.'
	lacks out 'desk behind you'
}

# Each outcome's sources close the result and fill the JSON's sources.
sources_in_result_and_json() {
	run 'none\n2\n0\n' --tree "$DATA/golden-bike.yaml"
	exits 0
	has out 'Sources:'
	has out '  - Any bicycle repair manual'
	run 'none\n2\n0\n' --tree "$DATA/golden-bike.yaml" --json
	exits 0
	json 'j["outcome"] == "puncture" and
	  j["sources"] == ["Any bicycle repair manual"]'
}

# The questions come in walk order, each before the next is read.
walk_transcript_order() {
	quiz 'none\n3\n4\nno\n'
	exits 0
	grep -E '^(Do any of these apply|Where is the pain|How bad is the pain|Is the pain on the outside|Likely:)' \
		"$TMP/out" >"$TMP/order"
	diff -u - "$TMP/order" <<-'EOF'
	Do any of these apply to you right now?
	Where is the pain worst?
	How bad is the pain right now, from 0 to 10?
	Is the pain on the outside of the knee?
	Likely: Patellofemoral pain
	EOF
	has out 'A number from 0 to 10'
	has out 'You can likely look after this yourself.'
	has out 'E2E Test Clinic'
}

walk_gp_never_books() {
	quiz 'none\nknee\n8\n'
	exits 0
	has out 'Likely: Possible knee joint injury'
	has out 'See a doctor within the next few days.'
	has out '999'
	lacks out 'book'
	lacks out 'E2E Test Clinic'
	lacks out 'Ring the front desk'
	lacks out 'Active Release'
	has out 'This is a test tree.'
}

# The shipped tree's growing pains say 'offer_booking: no' (clinical
# reference A.1.6): self care, a doctor if it does not pass, and no
# booking, clinic or QR code, even with a clinic file that has a url.
walk_self_care_without_booking() {
	run 'Under 10\nFemale\nnone\nBoth legs, or several joints\nBoth legs ache, mostly in the evening or at night\nno\nno\nno\n' \
		--tree "$PWD/questions/runner-injuries.yaml" --clinic "$CLINIC"
	exits 0
	has out 'Likely: Growing pains'
	has out 'You can likely look after this yourself. See a doctor if it is not better within two weeks.'
	# (lacks ignores case, and a source names "no clinic booking")
	lacks out 'Book an assessment'
	lacks out 'We recommend booking'
	lacks out 'Book online'
	lacks out 'E2E Test Clinic'
	lacks out 'Ring the front desk'
	lacks out 'Phone: 555 0100'
	lacks out 'example.test'
	lacks out 'Active Release'
	has out 'This check suggests what may be going on.'
}

walk_urgent_never_books() {
	quiz '2\n'
	exits 0
	has out 'See a doctor today. Stop running until you have been seen.'
	lacks out 'book'
	lacks out 'E2E Test Clinic'
}

walk_emergency_calls() {
	quiz '1, 2\n'
	exits 0
	has out 'Call 999 now (emergency).'
	has out 'Calf swollen, warm or red, Fever or feeling unwell'
	lacks out 'book'
	lacks out 'Phone: 555'
}

walk_json() {
	quiz 'none\n3\n5\nyes\n' --json
	exits 0
	has err 'Do any of these apply to you right now?'
	has err 'How bad is the pain right now'
	lacks out 'Likely'
	json 'j == {"tree": "e2e-basic", "version": "1.0", "outcome": "itbs",
	  "condition": "Iliotibial band syndrome", "triage": "consult",
	  "also_consider": ["pfps"], "sources": [],
	  "answers": [{"question": "red_flags", "answer": []},
	              {"question": "area", "answer": "Knee"},
	              {"question": "knee_pain", "answer": 5},
	              {"question": "knee_outside", "answer": "yes"}],
	  "language": "en"}'
	json 'list(j) == ["tree", "version", "outcome", "condition", "triage",
	  "also_consider", "sources", "answers", "language"]'
}

walk_json_multi_and_unsure() {
	quiz '3\nheel\n?\n' --json
	exits 0
	json 'j["answers"] == [
	  {"question": "red_flags", "answer": ["Ran more than usual this week"]},
	  {"question": "area", "answer": "Heel or arch of the foot"},
	  {"question": "heel_morning", "answer": "not sure"}]
	  and j["triage"] == "self_care" and j["also_consider"] == []'
	quiz '2 1 2\n' --json
	exits 0
	json 'j["outcome"] == "dvt" and j["answers"][0]["answer"] ==
	  ["Calf swollen, warm or red", "Fever or feeling unwell"]'
}

walk_case_and_crlf() {
	quiz 'NONE\r\n  HEEL OR ARCH OF THE FOOT \r\nYes\r\n' --json
	exits 0
	json 'j["outcome"] == "plantar"'
}

# Refusals, commands

refusal_asks_again() {
	quiz 'none\n7\nfoo\n\n1\nyes\n'
	exits 0
	count out 'Where is the pain worst?' 5
	has out 'Likely: Plantar fasciitis'
}

# Natural answers (runcheck(1) ANSWERS): no, nothing and none of these
# mean none at a multi; at a choice a word in one option picks it, and a
# word in several is refused naming them by number.
natural_answers() {
	quiz 'no\n1\nyes\n' --json
	exits 0
	json 'j["answers"][0] == {"question": "red_flags", "answer": []} and
	  j["outcome"] == "plantar"'
	quiz 'None of these\nheel\nyes\n'
	exits 0
	has out 'Do any of these apply to you right now? — none of these'
	has out 'Where is the pain worst? — Heel or arch of the foot'
	# The shipped tree: three options say knee.
	run '18 to 44\nmale\nno\nknee\nfront knee\nnothing\n1\nno\n'
	exits 0
	# The refusal is followed by a reminder, not by the question again.
	count out 'Where is the pain worst?' 1
	has out 'Where it hurts: type a number from 1 to 20.'
	has out "'knee' matches more than one option: did you mean 9. The front of the knee, 10. The inner side of the knee or 11. The outer side of the knee?"
	lacks out 'knee?.'
	has out 'Warning signs — none of these'
	has out 'Where it hurts — The front of the knee'
	has out 'Knee signs — none of these'
}

refusal_none_with_numbers() {
	quiz 'none, 1\nnone\n1\nyes\n' --json
	exits 0
	count err 'Do any of these apply to you right now?' 2
	json 'len(j["answers"]) == 3'
}

refusal_scale_out_of_range() {
	quiz 'none\n3\n11\n-1\n2.5\n6\nno\n' --json
	exits 0
	count err 'How bad is the pain right now' 4
	json 'j["answers"][2]["answer"] == 6 and j["outcome"] == "pfps"'
}

back_and_restart() {
	quiz 'back\nnone\n1\nback\n1\nno\n' --json
	exits 0
	has err 'Back to the previous question.'
	json '[a["question"] for a in j["answers"]] ==
	  ["red_flags", "area", "heel_morning"] and j["outcome"] == "heel_other"'
	quiz 'none\n1\nrestart\nback\n3\n2\n' --json
	exits 0
	has err 'Starting again from the first question.'
	json 'j["outcome"] == "hip_other" and j["answers"] == [
	  {"question": "red_flags", "answer": ["Ran more than usual this week"]},
	  {"question": "area", "answer": "Hip or groin"}]'
}

why_and_help() {
	quiz 'why\nhelp\nnone\nwhy\nquit\n'
	exits 1
	has out 'Some problems need a doctor, not a running injury clinic.'
	has out 'There is nothing more to say about this question.'
	has out 'Commands: back'
	has out 'separated by commas or spaces, or with none (or no, or nothing).'
	count out 'Do any of these apply to you right now?' 1
}

# Ending early

quit_json_prints_nothing() {
	quiz 'none\nquit\n' --json
	exits 1
	empty out
	has err 'Where is the pain worst?'
}

eof_json_prints_nothing() {
	quiz 'none\n1\n' --json
	exits 1
	empty out
	quiz '' --json
	exits 1
	empty out
}

eof_text_exits_1() {
	quiz 'none\n'
	exits 1
	lacks out 'Likely'
}

long_line_refused() {
	python3 -c 'import sys; sys.stdout.write("a" * 1048576 + "\nnone\n1\nyes\n")' >"$TMP/long"
	set +e
	timeout 10 "$RUNCHECK" --tree "$TREE" --clinic "$CLINIC" --json \
		<"$TMP/long" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	set -e
	exits 0
	count err 'Do any of these apply to you right now?' 2
	json 'j["outcome"] == "plantar"'
	[ "$(wc -c <"$TMP/err")" -lt 20000 ] || { say "the line was echoed"; false; }
}

random_bytes_on_stdin() {
	# Bytes of every kind, NULs and escapes among them, from a fixed seed:
	# the quiz refuses what does not fit, reaches no result, never
	# crashes and never writes an escape character of its own input.
	python3 -c 'import random, sys; r = random.Random(7); sys.stdout.buffer.write(bytes(r.randrange(256) for _ in range(200000)))' >"$TMP/random"
	set +e
	timeout 20 "$RUNCHECK" --tree "$TREE" --clinic "$CLINIC" \
		<"$TMP/random" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	set -e
	exits 1
	no_escape out
}

control_characters_not_echoed() {
	quiz '\033[31mred\n\007\nnone\n1\nyes\n'
	exits 0
	no_escape out
	if LC_ALL=C grep -q $'\007' "$TMP/out"; then say "BEL echoed"; false; fi
	# A bidi override in an answer is not quoted back: it could make the
	# refusal read as another answer ("Trojan Source").
	quiz '\342\200\256abc\nnone\n1\nyes\n'
	exits 0
	has out $'\'\xef\xbf\xbdabc\''
	if grep -q $'\xe2\x80\xae' "$TMP/out" "$TMP/err"; then
		say "U+202E quoted back"
		false
	fi
}

# Output that a person or a screen reader reads

no_color_from_pipe() {
	quiz 'none\n1\nyes\n' --no-color
	exits 0
	no_escape out
	NO_COLOR=1 quiz 'none\n1\nyes\n'
	no_escape out
	TERM=dumb quiz 'none\n1\nyes\n'
	no_escape out
}

accessible_output() {
	ACCESSIBLE=1 quiz 'none\n1\nyes\n'
	exits 0
	no_escape out
	lacks out '===='
	lacks out '----'
	# One item a line, with no indent or bullet (tests/golden/*-accessible
	# hold whole transcripts).
	has out '1. Calf swollen, warm or red'
	lacks out '  1. Calf swollen'
	lacks out '  - '
	has out 'Likely: Plantar fasciitis'
	has out 'This is a test tree.'
}

wraps_to_columns() {
	COLUMNS=30 quiz 'none\n1\nyes\n'
	exits 0
	local longest
	longest=$(python3 -c 'import sys
print(max(len(l.rstrip("\n")) for l in open(sys.argv[1], encoding="utf-8")))' "$TMP/out")
	[ "$longest" -le 30 ] || { say "a line is $longest columns wide"; false; }
	COLUMNS=junk quiz 'none\n1\nyes\n'
	exits 0
}

# Which tree, which clinic

tree_option_forms() {
	run 'none\n1\nyes\n' --tree="$TREE" --clinic="$CLINIC" --json
	exits 0
	json 'j["tree"] == "e2e-basic"'
	run 'none\n1\nyes\n' quiz --tree "$TREE" --clinic "$CLINIC"
	exits 0
	has out 'E2E Test Clinic'
}

env_tree_and_clinic() {
	RUNCHECK_TREE=$TREE RUNCHECK_CLINIC=$CLINIC run 'none\n1\nyes\n'
	exits 0
	has out 'E2E test check'
	has out 'E2E Test Clinic'
	# --tree wins over the environment.
	RUNCHECK_TREE=$DATA/e2e-invalid.yaml run 'none\n1\nyes\n' --tree "$TREE" --json
	exits 0
	json 'j["tree"] == "e2e-basic"'
	RUNCHECK_TREE=$TMP/nothing-here.yaml run ''
	exits 66
	empty out
	has err "runcheck: cannot open '$TMP/nothing-here.yaml': No such file or directory"
	RUNCHECK_CLINIC=$DATA/e2e-clinic-invalid.yaml run '' --tree "$TREE"
	exits 65
	empty out
	has err 'e2e-clinic-invalid.yaml:1:1: error:'
	# An empty variable means the built-in one.
	RUNCHECK_TREE= run '' --json
	exits 1
	lacks err 'E2E test check'
	empty out
}

invalid_tree_for_quiz() {
	run 'none\n' --tree "$DATA/e2e-invalid.yaml"
	exits 65
	empty out
	has err "$DATA/e2e-invalid.yaml:10:5: error:"
	run '' --tree "$TMP/missing.yaml"
	exits 66
	has err "runcheck: cannot open '$TMP/missing.yaml'"
	run '' --clinic "$TMP/missing.yaml"
	exits 66
}

# The binary carries its own tree and clinic and needs nothing beside it.
runs_alone() {
	mkdir -p "$TMP/alone"
	cp "$RUNCHECK" "$TMP/alone/runcheck"
	(cd "$TMP/alone" && printf 'quit\n' | env -u RUNCHECK_TREE ./runcheck --json \
		>"$TMP/out" 2>"$TMP/err") && rc=0 || rc=$?
	exits 1
	empty out
	[ -s "$TMP/err" ] || { say "no question shown"; false; }
	# Replay one walk of the built-in tree, when paths can list one.
	if (cd "$TMP/alone" && ./runcheck paths >"$TMP/paths" 2>/dev/null) &&
		[ -s "$TMP/paths" ]; then
		local outcome answers
		outcome=$(head -n 1 "$TMP/paths" | cut -f1)
		answers=$(head -n 1 "$TMP/paths" | cut -f2- | tr '\t' '\n')
		(cd "$TMP/alone" && printf '%s\n' "$answers" | ./runcheck --json \
			>"$TMP/out" 2>"$TMP/err") && rc=0 || rc=$?
		exits 0
		json "j['outcome'] == '$outcome'"
		(cd "$TMP/alone" && printf '%s\n' "$answers" | ./runcheck \
			>"$TMP/out" 2>"$TMP/err") && rc=0 || rc=$?
		exits 0
		has out 'Likely: '
	fi
}

# lint

lint_valid() {
	run '' lint "$TREE" "$CLINIC"
	exits 0
	empty out
	empty err
}

lint_warning_only() {
	run '' lint "$DATA/e2e-warning.yaml"
	exits 0
	empty out
	has err "$DATA/e2e-warning.yaml:13:3: warning:"
}

lint_invalid() {
	run '' lint "$DATA/e2e-invalid.yaml"
	exits 65
	empty out
	# Every problem, in file order, as FILE:LINE:COLUMN: error: MESSAGE,
	# each followed by its source line and a caret, both indented by a
	# space so that no tool takes them for a FILE:LINE:COLUMN: line.
	grep -c '' "$TMP/err" | grep -qx 6
	grep -c '^[^ ]' "$TMP/err" | grep -qx 2
	sed -n 1p "$TMP/err" | grep -q "^$DATA/e2e-invalid.yaml:10:5: error: .*colour"
	sed -n 2p "$TMP/err" | grep -qx '     colour: blue'
	sed -n 3p "$TMP/err" | grep -qx '     ^'
	sed -n 4p "$TMP/err" | grep -q "^$DATA/e2e-invalid.yaml:13:15: error: .*missing_outcome"
	run '' lint "$DATA/e2e-clinic-invalid.yaml"
	exits 65
	has err "$DATA/e2e-clinic-invalid.yaml:1:1: error:"
}

# lint tells a clinic file from a tree by its top-level format key, read
# as YAML, however the key and the value are quoted: never 13 tree errors
# for a clinic file that --clinic loads.
lint_clinic_any_quoting() {
	local form
	for form in '"format": runcheck-clinic/1' "'format': 'runcheck-clinic/1'" \
		'{"format": "runcheck-clinic/1",'; do
		if [ "${form#\{}" != "$form" ]; then
			# The whole file as one flow mapping.
			{ printf '%s\n' "$form"
			  sed '1d; s/$/,/; $s/,$/}/' "$CLINIC"; } >"$TMP/clinic.yaml"
		else
			{ printf '%s\n' "$form"; sed 1d "$CLINIC"; } >"$TMP/clinic.yaml"
		fi
		run '' lint "$TMP/clinic.yaml"
		exits 0
		empty out
		empty err
		run 'none\n1\nyes\n' --tree "$TREE" --clinic "$TMP/clinic.yaml"
		exits 0
		has out 'E2E Test Clinic'
	done
}

lint_unopened_wins() {
	run '' lint "$DATA/e2e-invalid.yaml" "$TMP/missing.yaml" "$TREE"
	exits 66
	empty out
	has err "runcheck: cannot open '$TMP/missing.yaml': No such file or directory"
	has err "e2e-invalid.yaml:10:5: error:"
}

lint_usage() {
	run '' lint
	exits 64
	empty out
	has err 'runcheck: '
	run '' lint --bogus "$TREE"
	exits 64
}

# lint reads each input once, through the loaders' size-limited reader:
# pipes, FIFOs, /dev/stdin and "-" work; endless input ends at 64 MiB.
lint_pipes_and_fifos() {
	set +e
	timeout 20 "$RUNCHECK" lint /dev/stdin <"$TREE" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	set -e
	exits 0
	empty err
	set +e
	cat "$DATA/e2e-invalid.yaml" | timeout 20 "$RUNCHECK" lint - \
		>"$TMP/out" 2>"$TMP/err"
	rc=$?
	set -e
	exits 65
	has err '<stdin>:10:5: error: unknown key'
	# A clinic file through a pipe is still taken for a clinic file, its
	# format key quoted or not.
	set +e
	sed 's/^format:/"format":/' "$CLINIC" |
		timeout 20 "$RUNCHECK" lint /dev/stdin >"$TMP/out" 2>"$TMP/err"
	rc=$?
	set -e
	exits 0
	empty err
	mkfifo "$TMP/fifo"
	cat "$TREE" >"$TMP/fifo" &
	set +e
	timeout 20 "$RUNCHECK" lint "$TMP/fifo" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	set -e
	wait
	rm -f "$TMP/fifo"
	exits 0
	empty err
}

lint_endless_input_refused() {
	local start
	start=$(date +%s)
	set +e
	timeout 20 "$RUNCHECK" lint /dev/zero >"$TMP/out" 2>"$TMP/err"
	rc=$?
	set -e
	exits 65
	has err '/dev/zero:1:1: error: the file is larger than 67108864 bytes'
	set +e
	yes | timeout 20 "$RUNCHECK" lint /dev/stdin >"$TMP/out" 2>"$TMP/err"
	rc=$?
	set -e
	exits 65
	has err 'the file is larger than 67108864 bytes'
	# A sparse file of 20 GB is refused from its size, unread.
	truncate -s 20G "$TMP/sparse.yaml"
	set +e
	timeout 20 "$RUNCHECK" lint "$TMP/sparse.yaml" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	set -e
	rm -f "$TMP/sparse.yaml"
	exits 65
	[ $(($(date +%s) - start)) -lt 15 ] || { say "too slow"; return 1; }
}

# A read error is an input/output error (74), not an invalid file.
lint_read_error_is_74() {
	run '' lint /proc/self/mem
	exits 74
	has err "runcheck: cannot read '/proc/self/mem': Input/output error"
}

# No escape from a file name or an argument reaches the terminal.
names_are_sanitised() {
	local name=$'x\e]0;PWNED\a.yaml'
	run '' lint "$name"
	exits 66
	no_escape err
	has err "runcheck: cannot open 'x"
	cp "$DATA/e2e-invalid.yaml" "$TMP/$name"
	run '' lint "$TMP/$name"
	exits 65
	no_escape err
	has err ']0;PWNED'
	run '' $'bo\e[2Jgus'
	exits 64
	no_escape err
	run '' kiosk --idle $'1\e[2J'
	exits 64
	no_escape err
	run '' stats --since $'\e[31m2024-01-01' --db "$TMP/none.db"
	exits 64
	no_escape err
	run '' lint $'--x\e[2J'
	exits 64
	no_escape err
	run '' report --tree "$TMP/$name"
	exits 65
	no_escape err
	# The report's File field names the file as given, made safe.
	cp "$TREE" "$TMP/$name"
	run '' report --tree "$TMP/$name"
	exits 0
	no_escape out
	has out ']0;PWNED'
}

# At most --max-errors errors (default 100), then how many more there were.
lint_max_errors() {
	{
		printf 'format: runcheck/1\nquestions:\n'
		for i in $(seq 1 150); do printf '  Q%d: 1\n' "$i"; done
	} >"$TMP/many.yaml"
	run '' lint "$TMP/many.yaml"
	exits 65
	[ "$(grep -c ': error: ' "$TMP/err")" -eq 100 ] || { say "not 100"; return 1; }
	has err "$TMP/many.yaml: 206 more errors not shown (--max-errors 0 shows them all)"
	run '' lint --max-errors 3 "$TMP/many.yaml"
	[ "$(grep -c ': error: ' "$TMP/err")" -eq 3 ] || { say "not 3"; return 1; }
	has err '303 more errors not shown'
	run '' lint --max-errors=0 "$TMP/many.yaml"
	[ "$(grep -c ': error: ' "$TMP/err")" -eq 306 ] || { say "not 306"; return 1; }
	run '' --max-errors 2 --tree "$TMP/many.yaml"
	exits 65
	[ "$(grep -c ': error: ' "$TMP/err")" -eq 2 ] || { say "quiz: not 2"; return 1; }
	run '' lint --max-errors x "$TMP/many.yaml"
	exits 64
	has err "runcheck: --max-errors needs a whole number"
}

# The command line

help_and_version() {
	run '' --help
	exits 0
	empty err
	local word
	for word in quiz lint graph paths report --tree --clinic --json \
		--no-color --format --help --version --max-errors; do
		has out "$word"
	done
	run '' --version
	exits 0
	grep -qE '^runcheck [0-9]+\.[0-9]+\.[0-9]+' "$TMP/out"
	run '' quiz --help
	exits 0
	has out 'usage: runcheck'
}

usage_errors() {
	run '' --bogus
	exits 64
	empty out
	has err "runcheck: unknown option '--bogus'"
	has err "runcheck --help"
	run '' bogus
	exits 64
	has err "runcheck: unknown command 'bogus'"
	run '' quiz --tree
	exits 64
	has err "runcheck: option '--tree' needs a value"
	run '' quiz extra
	exits 64
	# Every command reports a bad option the same way.
	for cmd in quiz lint graph paths report kiosk requests stats; do
		run '' $cmd -x
		exits 64
		has err "runcheck: unknown option '-x'"
	done
	for opt in 'paths --tree' 'stats --db' 'kiosk --idle'; do
		run '' $opt
		exits 64
		has err "runcheck: option '${opt#* }' needs a value"
	done
	# Every usage error ends the same way: the command's usage line,
	# where it has one, then the pointer to --help.
	for line in 'quiz -x' 'lint' 'graph extra' 'test' 'requests bogus' \
		'stats --by year' 'db' 'kiosk --idle 0' 'report --format pdf'; do
		run '' $line
		exits 64
		[ "$(tail -n 1 "$TMP/err")" = "Try 'runcheck --help'." ] ||
			{ say "$line: no pointer to --help"; return 1; }
	done
	has err "usage: runcheck report [--tree FILE] [--clinic FILE]"
	# A value given to a flag is named as typed, not by a letter.
	run '' paths --count=1
	exits 64
	has err "runcheck: unknown option '--count=1'"
	has err "usage: runcheck paths [--tree FILE]"
}

# Writing

closed_stdout_ends_quietly() {
	set +e
	yes restart | timeout 10 "$RUNCHECK" --tree "$TREE" 2>"$TMP/err" | head -n 1 >/dev/null
	local statuses=("${PIPESTATUS[@]}")
	set -e
	rc=${statuses[1]}
	[ "$rc" -eq 74 ] || [ "$rc" -eq 1 ] || { say "exit status $rc"; false; }
	lacks err 'write error'
}

full_disk_is_an_error() {
	[ -w /dev/full ] || return 0
	set +e
	"$RUNCHECK" --help >/dev/full 2>"$TMP/err"
	rc=$?
	set -e
	exits 74
	has err 'runcheck: write error'
	set +e
	printf 'none\n1\nyes\n' | "$RUNCHECK" --tree "$TREE" >/dev/full 2>"$TMP/err"
	rc=$?
	set -e
	exits 74
}

for test in \
	walk_consult_text walk_transcript_order walk_gp_never_books \
	walk_self_care_without_booking \
	walk_urgent_never_books walk_emergency_calls walk_json \
	walk_json_multi_and_unsure walk_case_and_crlf \
	refusal_asks_again natural_answers refusal_none_with_numbers refusal_scale_out_of_range \
	back_and_restart why_and_help \
	quit_json_prints_nothing eof_json_prints_nothing eof_text_exits_1 \
	long_line_refused random_bytes_on_stdin control_characters_not_echoed \
	no_color_from_pipe accessible_output wraps_to_columns \
	tree_option_forms env_tree_and_clinic invalid_tree_for_quiz runs_alone \
	lint_valid lint_warning_only lint_invalid lint_clinic_any_quoting \
	lint_unopened_wins lint_usage \
	lint_pipes_and_fifos lint_endless_input_refused lint_read_error_is_74 \
	names_are_sanitised lint_max_errors \
	help_and_version usage_errors \
	closed_stdout_ends_quietly full_disk_is_an_error; do
	t "$test"
done

# The terminal front end, at a real pseudo-terminal.
if python3 tests/e2e/quiz_tty.py "$RUNCHECK"; then
	passed=$((passed + 1))
else
	failed=$((failed + 1))
	echo "FAIL: tests/e2e/quiz_tty.py" >&2
fi

# The kiosk: a run of patients at a pseudo-terminal and in tmux.
if python3 tests/e2e/kiosk.py "$RUNCHECK"; then
	passed=$((passed + 1))
else
	failed=$((failed + 1))
	echo "FAIL: tests/e2e/kiosk.py" >&2
fi

# The kiosk read aloud (--speak), its speech written to WAV files.
if python3 tests/e2e/kiosk_speak.py "$RUNCHECK"; then
	passed=$((passed + 1))
else
	failed=$((failed + 1))
	echo "FAIL: tests/e2e/kiosk_speak.py" >&2
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
