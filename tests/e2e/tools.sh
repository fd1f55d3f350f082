#!/usr/bin/env bash
# tools.sh - end-to-end tests of runcheck graph, paths and report, and of
# the manual pages, driving the real binary.
#
#   RUNCHECK=build/runcheck tests/e2e/tools.sh
#
# Run from the repository root. Every line that `paths` prints is replayed
# through `runcheck quiz --json` and must reach the outcome it names. Big
# trees are generated in a temporary folder, not kept in the repository.
# The last line says "N passed, M failed"; the exit status is 1 on failure.
# shellcheck disable=SC2016 # backquotes in the expected texts are Markdown
set -u

RUNCHECK=${RUNCHECK:-build/runcheck}
SHIPPED=questions/runner-injuries.yaml
SMALL=tests/data/tools-small.yaml
ROUTED=questions/examples/swim-shoulder.yaml
TAB=$'\t'

# The tests must not depend on the caller's environment.
unset RUNCHECK_TREE RUNCHECK_CLINIC NO_COLOR ACCESSIBLE
export LC_ALL=C.UTF-8

tmp=$(mktemp -d "${TMPDIR:-/tmp}/runcheck-tools.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

passed=0
failed=0

pass() { passed=$((passed + 1)); }
fail() {
	failed=$((failed + 1))
	printf 'FAIL: %s\n' "$*"
}
# check DESCRIPTION COMMAND...: passes when the command succeeds.
check() {
	local what=$1
	shift
	if "$@"; then pass; else fail "$what"; fi
}
# contains FILE TEXT: the file holds the text, as is.
contains() { grep -qF -- "$2" "$1"; }

# replay TREE LINE: the line's answers, one per line, reach its outcome.
replay() {
	local tree=$1 line=$2 want got
	want=${line%%"$TAB"*}
	got=$(printf '%s\n' "${line#*"$TAB"}" | tr '\t' '\n' |
		"$RUNCHECK" quiz --tree "$tree" --json 2>/dev/null |
		sed -n 's/.*"outcome": *"\([^"]*\)".*/\1/p')
	[ "$got" = "$want" ] || {
		printf '  %s: wanted %s, got %s\n' "$line" "$want" "${got:-nothing}"
		return 1
	}
}

# replay_all NAME TREE FILE: every line of FILE replays; there is one.
replay_all() {
	local name=$1 tree=$2 file=$3 line bad=0 n=0
	while IFS= read -r line; do
		n=$((n + 1))
		replay "$tree" "$line" || bad=$((bad + 1))
	done <"$file"
	if [ "$n" -gt 0 ] && [ "$bad" -eq 0 ]; then
		pass
	else
		fail "$name: $bad of $n lines of paths do not replay"
	fi
}

# chain FILE N KIND: a chain of N yes/no questions, q0 first.
#   three: yes, no and not sure all lead on (3^N walks)
#   two:   yes and no both lead on (2^N walks)
#   exit:  yes leads on, no ends at "other" (N + 1 walks)
chain() {
	local file=$1 n=$2 kind=$3 i next
	{
		printf 'format: runcheck/1\nid: chain\ntitle: Chain\n'
		printf 'version: "1"\nstart: q0\ndisclaimer: Test only.\n'
		printf 'questions:\n'
		for ((i = 0; i < n; i++)); do
			next=q$((i + 1))
			[ $((i + 1)) -eq "$n" ] && next="done"
			printf '  q%d:\n    type: yesno\n    ask: Step %d?\n' "$i" "$i"
			printf '    yes: %s\n' "$next"
			case $kind in
			three) printf '    no: %s\n    unsure: %s\n' "$next" "$next" ;;
			two) printf '    no: %s\n' "$next" ;;
			exit) printf '    no: other\n' ;;
			esac
		done
		printf 'outcomes:\n'
		printf '  done: {condition: Done, triage: self_care, summary: End.}\n'
		printf '  other: {condition: Other, triage: gp, summary: End.}\n'
	} >"$file"
}

echo "== graph"
for tree in "$SHIPPED" "$SMALL" "$ROUTED"; do
	name=$(basename "$tree")
	if "$RUNCHECK" graph --tree "$tree" >"$tmp/g.dot" 2>"$tmp/g.err"; then
		pass
	else
		fail "graph $name exits 0"
	fi
	check "graph $name: standard error empty" test ! -s "$tmp/g.err"
	check "graph $name: dot -Tsvg accepts it" \
		sh -c "dot -Tsvg '$tmp/g.dot' >'$tmp/g.svg' 2>'$tmp/dot.err' &&
			grep -q '<svg' '$tmp/g.svg' && ! test -s '$tmp/dot.err'"
done
"$RUNCHECK" graph >"$tmp/builtin.dot" 2>/dev/null
check "graph of the built-in tree is the shipped tree's" \
	cmp -s "$tmp/builtin.dot" <("$RUNCHECK" graph --tree "$SHIPPED")
"$RUNCHECK" graph --tree "$SMALL" >"$tmp/g.dot"
dot -Tsvg "$tmp/g.dot" >"$tmp/g.svg" 2>/dev/null
check "graph: start marked" contains "$tmp/g.dot" '"@start" -> "where"'
check "graph: emergency outcome red" contains "$tmp/g.dot" \
	'"emergency_now" [shape=doubleoctagon, style="filled", fillcolor="#d32f2f"'
check "graph: self_care outcome green" contains "$tmp/g.dot" \
	'"sore_knee" [shape=ellipse, style="filled", fillcolor="#a5d6a7"'
check "graph: edges labelled with answers" contains "$tmp/g.dot" \
	'"swelling" -> "see_gp" [label="not sure"]'
check "graph: one edge for answers that lead to one place" contains \
	"$tmp/g.dot" '"flags" -> "knee_night" [label="otherwise"'
check "graph: band labels" contains "$tmp/g.dot" \
	'"pain_now" -> "sore_knee" [label="-5–0"]'
check "graph: quotes and backslashes escaped, text wrapped" \
	contains "$tmp/g.dot" 'label="The \"other\" leg |\na_path\\with\\backslashes"'
check "graph: the picture shows the text" contains "$tmp/g.svg" \
	'a_path\with\backslashes'
check "graph: unreachable drawn dashed" contains "$tmp/g.dot" \
	'"orphan_question" [shape=box, style="rounded,filled,dashed"'
check "graph: a legend" contains "$tmp/g.dot" 'subgraph cluster_legend'
# A full disk is said in the same words as every other command's.
if [ -w /dev/full ]; then
	for tool in graph paths report; do
		"$RUNCHECK" "$tool" >/dev/full 2>"$tmp/full.err"
		check "$tool to a full disk: exits 74" test $? -eq 74
		check "$tool to a full disk: says write error" contains \
			"$tmp/full.err" 'runcheck: write error: No space left on device'
	done
fi

echo "== paths"
"$RUNCHECK" paths --tree "$SHIPPED" >"$tmp/shipped.paths" 2>"$tmp/shipped.err"
check "paths shipped: exits 0" test $? -eq 0
n=$(wc -l <"$tmp/shipped.paths")
# With age and sex asked of everyone the shipped tree has more than 10,000
# walks, so paths lists a set that takes every edge (runcheck(1)); --count
# gives them all.
total=$("$RUNCHECK" paths --tree "$SHIPPED" --count)
check "paths shipped: standard error gives the count ($total) and the cover ($n)" \
	test "$(head -n 1 "$tmp/shipped.err")" = "runcheck: $total walks" -a \
	"$(sed -n 2p "$tmp/shipped.err")" = "runcheck: note: more than 10000 walks, so these $n together take every edge at least once; they are not all the walks"
check "paths shipped: more than 10000 walks, a covering set listed" \
	test "$total" -gt 10000 -a "$n" -lt 10000
check "paths shipped: no walk twice" \
	test "$(sort -u "$tmp/shipped.paths" | wc -l)" -eq "$n"
# The shipped tree's house rule: no walk longer than 12 questions.
longest=$(awk -F'\t' '{ if (NF - 1 > m) m = NF - 1 } END { print m }' \
	"$tmp/shipped.paths")
over7=$(awk -F'\t' 'NF - 1 > 7' "$tmp/shipped.paths" | wc -l)
echo "    shipped tree: longest walk $longest questions; $over7 of $n walks over 7" >&2
check "paths shipped: longest walk $longest questions ($over7 of $n over 7)" \
	test "$longest" -le 12
replay_all "paths shipped" "$SHIPPED" "$tmp/shipped.paths"
# The shipped tree lints with no error and no warning, and its replayed
# walks reach every one of its outcomes.
check "lint shipped: no error, no warning, nothing printed" sh -c \
	"test -z \"\$('$RUNCHECK' lint '$SHIPPED' questions/clinic.yaml 2>&1)\""
# The YAML test suite's inputs, linted by the real binary (under ASan in
# make asan): each is a tree, a clinic file or refused, never a crash.
yts_status() {
	local f rc
	for f in tests/data/yaml-test-suite/*.yaml; do
		timeout 20 "$RUNCHECK" lint "$f" >/dev/null 2>&1
		rc=$?
		case $rc in 0 | 65) ;; *) echo "$f: exit $rc" >&2; return 1 ;; esac
	done
}
check "lint: the YAML test suite's inputs exit 0 or 65" yts_status
outcomes=$("$RUNCHECK" report --tree "$SHIPPED" |
	sed -n 's/^- \*\*Outcomes:\*\* \([0-9]*\).*/\1/p')
reached=$(cut -f1 "$tmp/shipped.paths" | sort -u | wc -l)
check "paths shipped: walks reach all $outcomes outcomes ($reached)" \
	test "$reached" -eq "$outcomes"

"$RUNCHECK" paths --tree "$SMALL" >"$tmp/small.paths" 2>"$tmp/small.err"
check "paths small: 21 walks, as counted by hand" \
	test "$(wc -l <"$tmp/small.paths")" -eq 21
check "paths small: count on standard error" \
	test "$(cat "$tmp/small.err")" = "runcheck: 21 walks"
check "paths small: a band walk" contains "$tmp/small.paths" \
	"see_gp${TAB}Help me choose${TAB}1${TAB}yes"
check "paths small: a multi walk with none" contains "$tmp/small.paths" \
	"sore_knee${TAB}The \"other\" leg | a_path\\with\\backslashes${TAB}none${TAB}no"
replay_all "paths small" "$SMALL" "$tmp/small.paths"

# runcheck/2: walks follow the routes (20 walks, counted by hand in
# runcheck-tree(5)'s example); each line still replays.
"$RUNCHECK" paths --tree "$ROUTED" >"$tmp/routed.paths" 2>"$tmp/routed.err"
check "paths routed: 20 walks, as counted by hand" \
	test "$(wc -l <"$tmp/routed.paths")" -eq 20
check "paths routed: --count says 20" \
	test "$("$RUNCHECK" paths --count --tree "$ROUTED")" = 20
check "paths routed: no walk twice" \
	test "$(sort -u "$tmp/routed.paths" | wc -l)" -eq 20
check "paths routed: an under-16 knee goes to the growth plate" \
	contains "$tmp/routed.paths" \
	"growth_plate${TAB}none${TAB}Under 16${TAB}Front or top of the shoulder"
replay_all "paths routed" "$ROUTED" "$tmp/routed.paths"

chain "$tmp/three50.yaml" 50 three
"$RUNCHECK" paths --tree "$tmp/three50.yaml" >"$tmp/three50.paths" \
	2>"$tmp/three50.err"
check "paths 3^50: exits 0" test $? -eq 0
check "paths 3^50: exact count" contains "$tmp/three50.err" \
	"runcheck: 717897987691852588770249 walks"
check "paths --count 3^50: the number alone on standard output" test \
	"$("$RUNCHECK" paths --count --tree "$tmp/three50.yaml" 2>/dev/null)" \
	= 717897987691852588770249
check "paths --count small: 21" test \
	"$("$RUNCHECK" paths --count --tree "$SMALL")" = 21
check "paths 3^50: says the list is a covering set" contains \
	"$tmp/three50.err" "take every edge at least once"
n=$(wc -l <"$tmp/three50.paths")
check "paths 3^50: three walks cover it: all yes, all no, all not sure ($n)" \
	test "$n" -eq 3
for answer in yes no "not sure"; do
	check "paths 3^50: '$answer' taken at the last question" \
		grep -q "${TAB}${answer}\$" "$tmp/three50.paths"
done
replay_all "paths 3^50" "$tmp/three50.yaml" "$tmp/three50.paths"

chain "$tmp/exit300.yaml" 300 exit
"$RUNCHECK" paths --tree "$tmp/exit300.yaml" >"$tmp/exit300.paths" 2>/dev/null
check "paths chain of 300: every walk listed" \
	test "$(wc -l <"$tmp/exit300.paths")" -eq 301

chain "$tmp/two13.yaml" 13 two
"$RUNCHECK" paths --tree "$tmp/two13.yaml" 2>"$tmp/head.err" |
	head -n 1 >"$tmp/head.out"
status=${PIPESTATUS[0]}
check "paths | head -n 1: one line" test "$(wc -l <"$tmp/head.out")" -eq 1
check "paths | head -n 1: standard error empty" test ! -s "$tmp/head.err"
check "paths | head -n 1: no crash (status $status)" \
	test "$status" -eq 0 -o "$status" -eq 74

# A route's alternatives are drawn one by one, each with its when.
"$RUNCHECK" graph --tree "$ROUTED" >"$tmp/routed.dot"
check "graph routed: an alternative labelled with its when" \
	contains "$tmp/routed.dot" \
	'"where" -> "growth_plate" [label="Front or top of the\nshoulder\nage: under_16"];'
check "graph routed: the last alternative labelled else" \
	contains "$tmp/routed.dot" \
	'"pain" -> "swimmers_shoulder" [label="0–6\nelse"];'

echo "== report"
"$RUNCHECK" report --tree "$ROUTED" >"$tmp/routed.md" 2>"$tmp/routed.err"
check "report routed: exits 0, nothing on standard error" \
	test $? -eq 0 -a ! -s "$tmp/routed.err"
check "report routed: a route in words" contains "$tmp/routed.md" \
	'if the answer to Age was Under 16: outcome [`growth_plate`](#o-growth_plate)'
check "report routed: reached by an alternative, in words" \
	contains "$tmp/routed.md" \
	'[`pain`](#q-pain) → 0–6 (if the answer to Age was 50 or over)'
check "report routed: the label and the booking" sh -c \
	"grep -qF -- '- **Label:** Age' '$tmp/routed.md' &&
	 grep -qF -- '- **Booking:** An assessment checks how' '$tmp/routed.md'"
"$RUNCHECK" report --tree "$SHIPPED" >"$tmp/shipped.md" 2>"$tmp/shipped.err"
check "report shipped: growing pains offers no booking, in the result's words" \
	sh -c "sed -n '/^### <a id=\"o-growing_pains\"/,/^### /p' '$tmp/shipped.md' |
	 grep -qxF -- '- **Booking:** No booking is offered.' &&
	 grep -qF -- 'for an outcome that offers no booking:** You can likely look after this yourself. See a doctor if it is not better within two weeks.' '$tmp/shipped.md'"
"$RUNCHECK" report --tree "$SMALL" >"$tmp/r.md" 2>"$tmp/r.err"
check "report markdown: exits 0" test $? -eq 0
check "report markdown: standard error empty" test ! -s "$tmp/r.err"
"$RUNCHECK" report --tree "$SMALL" --format markdown >"$tmp/r2.md"
check "report: markdown is the default" cmp -s "$tmp/r.md" "$tmp/r2.md"
"$RUNCHECK" report --tree "$SMALL" --format html >"$tmp/r.html" 2>"$tmp/r.err"
check "report html: exits 0" test $? -eq 0

# What each format must show of the small tree, as it escapes it.
md_expect=(
	'# Tools "test" tree \<small\> \& plain'
	'0.9-test'
	'Only for testing the tools.'
	'It is not a diagnosis.'
	'Question `where`' 'Where does it hurt \*most\*? (pick one)'
	'The place of the pain splits the conditions apart.'
	'Question `swelling`' 'Is the knee swollen?'
	'Question `knee_night`' 'Does it wake you at night?'
	'Night pain can mean a bone problem.'
	'Question `flags`' 'Any of these?'
	'Question `pain_now`' 'How bad is it, from -5 (better than ever) to 5?'
	'Question `orphan_question`' 'Nobody ever asks this?'
	'Left knee' 'Right knee' 'Both \<knees\> \& more' 'Help me choose'
	'The "other" leg \| a\_path\\with\\backslashes'
	'Fever' 'Tired legs' 'Numb foot' '| yes |' '| no |' '| not sure |'
	'| -5–0 |' '| 1–3 |' '| 4–5 |' 'otherwise'
	'Outcome `sore_knee`: Sore knee (runner'"'"'s knee)'
	'Outcome `see_gp`: See a GP \<soon\>'
	'Outcome `emergency_now`: Emergency \& fever'
	'Outcome `orphan_outcome`: Orphaned outcome'
	'**self_care**' '**gp**' '**emergency**' '**consult**'
	'Pain around the kneecap that builds with running is common'
	'Run less for two weeks.' 'Ice for 15 minutes after runs.'
	'Crossley KM et al. 2016 Patellofemoral pain consensus statement. Br J Sports Med.'
	'https://example.org/knee?a=1\&b=2'
	'Warden SJ. Bone stress injuries (2021).'
	'**Walks from start to an outcome:** 21'
	'**Walks that reach it:** 10 of 21'
	'**Walks that reach it:** 9 of 21'
	'**Walks that reach it:** 2 of 21'
	'**Walks that reach it:** 0 of 21'
	"$SMALL:66:3: warning: question 'orphan\\_question' is not reached"
	"$SMALL:96:3: warning: outcome 'orphan\\_outcome' is not reached"
)
missing=0
for want in "${md_expect[@]}"; do
	contains "$tmp/r.md" "$want" || {
		printf '  markdown lacks: %s\n' "$want"
		missing=$((missing + 1))
	}
done
check "report markdown: names every question, answer, outcome, source" \
	test "$missing" -eq 0

html_expect=(
	'<!DOCTYPE html>' '<html lang="en-AU">' '@media print'
	'Tools &quot;test&quot; tree &lt;small&gt; &amp; plain'
	'id="q-where"' 'Where does it hurt *most*? (pick one)'
	'id="q-swelling"' 'Is the knee swollen?'
	'id="q-knee_night"' 'Does it wake you at night?'
	'id="q-flags"' 'Any of these?' 'id="q-pain_now"'
	'id="q-orphan_question"' 'Nobody ever asks this?'
	'Both &lt;knees&gt; &amp; more'
	'The &quot;other&quot; leg | a_path\with\backslashes'
	'Fever' 'Tired legs' 'Numb foot' '-5–0' 'not sure'
	'id="o-sore_knee"' 'Sore knee (runner&#39;s knee)'
	'id="o-see_gp"' 'See a GP &lt;soon&gt;'
	'id="o-emergency_now"' 'Emergency &amp; fever'
	'id="o-orphan_outcome"' 'Orphaned outcome'
	'<span class="triage emergency">emergency</span>'
	'Only for testing the tools.<br>'
	'Run less for two weeks.' 'Ice for 15 minutes after runs.'
	'Crossley KM et al. 2016 Patellofemoral pain consensus statement.'
	'https://example.org/knee?a=1&amp;b=2'
	'Warden SJ. Bone stress injuries (2021).'
	'<a href="#q-swelling"><code>swelling</code></a>'
	"$SMALL:66:3: warning: question &#39;orphan_question&#39; is not"
)
missing=0
for want in "${html_expect[@]}"; do
	contains "$tmp/r.html" "$want" || {
		printf '  html lacks: %s\n' "$want"
		missing=$((missing + 1))
	}
done
check "report html: names every question, answer, outcome, source" \
	test "$missing" -eq 0
check "report html: no raw < or & from the tree" \
	sh -c "! grep -qE '<knees>|<soon>|& fever|a=1&b' '$tmp/r.html'"
check "report html: tags balanced" python3 - "$tmp/r.html" <<'EOF'
import sys
from html.parser import HTMLParser
VOID = {"meta", "br", "hr", "img", "link", "input"}
class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack = []
        self.bad = 0
    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)
    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.bad += 1
p = P()
p.feed(open(sys.argv[1], encoding="utf-8").read())
sys.exit(1 if p.bad or p.stack else 0)
EOF

"$RUNCHECK" report --tree "$SHIPPED" >"$tmp/shipped.md"
check "report shipped: every question and outcome" sh -c "
	for id in \$(sed -n 's/^  \([a-z][a-z0-9_]*\):\$/\1/p' '$SHIPPED'); do
		grep -q \"\\\`\$id\\\`\" '$tmp/shipped.md' || { echo \"  lacks \$id\"; exit 1; }
	done"
check "report shipped: walk count agrees with paths --count" \
	contains "$tmp/shipped.md" "**Walks from start to an outcome:** $total"

echo "== usage and errors"
"$RUNCHECK" report --format pdf >/dev/null 2>"$tmp/e.err"
check "report --format pdf: usage error 64" test $? -eq 64
check "report --format pdf: says why" contains "$tmp/e.err" "'pdf'"
"$RUNCHECK" graph extra >/dev/null 2>&1
check "graph with an extra argument: 64" test $? -eq 64
"$RUNCHECK" paths --tree >/dev/null 2>&1
check "paths --tree without a file: 64" test $? -eq 64
"$RUNCHECK" paths --tree "$tmp/none.yaml" >"$tmp/e.out" 2>/dev/null
check "paths of a missing file: 66" test $? -eq 66
check "paths of a missing file: nothing on standard output" test ! -s "$tmp/e.out"
printf 'format: runcheck/1\nid: bad\ntitle: B\nversion: "1"\nstart: a\ndisclaimer: D\nquestions:\n  a: {type: yesno, ask: A?, yes: b, no: x}\n  b: {type: yesno, ask: B?, yes: a, no: x}\noutcomes:\n  x: {condition: X, triage: gp, summary: S.}\n' >"$tmp/cycle.yaml"
for cmd in graph paths report; do
	"$RUNCHECK" $cmd --tree "$tmp/cycle.yaml" >"$tmp/e.out" 2>"$tmp/e.err"
	check "$cmd of a tree with a cycle: 65" test $? -eq 65
	check "$cmd of a tree with a cycle: says where" \
		grep -q "cycle.yaml:[0-9]*:[0-9]*: error: cycle" "$tmp/e.err"
done
# graph draws a tree with errors as far as it was read, what leads
# nowhere marked, and still exits 65; paths and report print nothing.
"$RUNCHECK" graph --tree "$tmp/cycle.yaml" >"$tmp/cycle.dot" 2>/dev/null
check "graph of a tree with a cycle: drawn, dot accepts it" sh -c \
	"grep -qF '\"a\" -> \"b\" [label=\"yes\"];' '$tmp/cycle.dot' &&
	 dot -Tsvg '$tmp/cycle.dot' >/dev/null 2>&1"
for cmd in paths report; do
	"$RUNCHECK" $cmd --tree "$tmp/cycle.yaml" >"$tmp/e.out" 2>/dev/null
	check "$cmd of a tree with a cycle: nothing on standard output" \
		test ! -s "$tmp/e.out"
done
printf 'format: runcheck/2\nid: bad\ntitle: B\nversion: "1"\nstart: a\ndisclaimer: D\nquestions:\n  a:\n    type: yesno\n    ask: A?\n    yes:\n      - {when: {a: yes}, go: nowhere}\n      - go: x\n    no: b\n  b: {type: yesno, ask: "B?, yes: x\n' >"$tmp/broken.yaml"
"$RUNCHECK" graph --tree "$tmp/broken.yaml" >"$tmp/broken.dot" 2>"$tmp/broken.err"
check "graph of a broken tree: 65" test $? -eq 65
check "graph of a broken tree: the YAML error on standard error" \
	grep -q "broken.yaml:16:1: error: invalid YAML" "$tmp/broken.err"
check "graph of a broken tree: the unknown id marked" \
	contains "$tmp/broken.dot" 'label="unknown id\nnowhere"'
check "graph of a broken tree: what was read before the error drawn" \
	sh -c "grep -qF '\"a\" -> \"b\" [label=\"no\"];' '$tmp/broken.dot' &&
	 grep -qF 'label=\"yes\\na: yes\"' '$tmp/broken.dot'"
check "graph of a broken tree: dot accepts it" \
	sh -c "dot -Tsvg '$tmp/broken.dot' >/dev/null 2>&1"
RUNCHECK_TREE=$SMALL "$RUNCHECK" paths 2>/dev/null >"$tmp/env.paths"
check "paths honours RUNCHECK_TREE" cmp -s "$tmp/env.paths" "$tmp/small.paths"

echo "== manual pages"
for page in src/man/runcheck.1 src/man/runcheck-tree.5; do
	check "$page renders with groff -ww, no warnings" sh -c \
		"groff -ww -man -Tutf8 '$page' 2>&1 >/dev/null | grep . >&2; test \$? -eq 1"
	if command -v mandoc >/dev/null 2>&1; then
		check "$page passes mandoc -Tlint" sh -c \
			"test -z \"\$(mandoc -Tlint '$page' 2>&1)\""
	fi
done
# The format 2 example of runcheck-tree(5) is the example file, word for
# word; that file lints clean and its walks replay (under == paths).
sed -n '/^\.\\" example: /,/^\.\\" end of example/p' src/man/runcheck-tree.5 |
	sed '1,2d;$d' | sed '$d' |
	sed -e 's/\\-/-/g' -e 's/\\(aq/'"'"'/g' -e 's/\\e/\\/g' >"$tmp/example.yaml"
check "runcheck-tree.5: the format 2 example is $ROUTED" \
	cmp -s "$tmp/example.yaml" "$ROUTED"
check "runcheck-tree.5: the format 2 example lints clean" \
	sh -c "'$RUNCHECK' lint '$ROUTED' >/dev/null 2>'$tmp/lint.err' && ! test -s '$tmp/lint.err'"
for word in quiz lint graph paths report '\-\-help' '\-\-version' \
	'\-\-tree' '\-\-clinic' '\-\-json' '\-\-no\-color' '\-\-format' \
	'\-\-max\-errors' \
	RUNCHECK_TREE RUNCHECK_CLINIC NO_COLOR TERM ACCESSIBLE COLUMNS \
	back restart why help quit none 'not sure' 64 65 66 70 74; do
	check "runcheck.1 documents $word" contains src/man/runcheck.1 "$word"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
