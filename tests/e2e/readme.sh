#!/usr/bin/env bash
# readme.sh - runs every command example of README.md that needs no
# terminal, and checks that each does what the README says.
#
#   RUNCHECK=build/runcheck tests/e2e/readme.sh      (repository root)
#
# The examples are the README's ```console blocks: each line starting
# with "$ " is a command (a line ending in "\" goes on to the next), run
# by bash -o pipefail with runcheck on the PATH and nothing on standard
# input; the lines after it, up to the next command, are what it writes
# to standard output and standard error together (as 2>&1 gets them).
# In those lines "..." stands for any text, and a line of only "..." for
# any number of lines. A command exits 0 unless its comment says
# "exits N". A transcript that cannot run this way (one at a terminal, or
# on a clinic's database) goes in a ```text block instead, so that a new
# ```console example is tested without anything else to do.
#
# The commands run in order in one temporary folder, where questions/ and
# tests/ are the repository's and my-tree.yaml, my-clinic.yaml and
# my-mistakes.yaml are the small test bike tree, its clinic and its file
# of mistakes (tests/data/golden-bike*.yaml, golden-mistakes.yaml).
#
# The last line says "readme: N passed, M failed"; the exit status is 1 on
# failure, or when README.md has no example to run.
set -u

RUNCHECK=${RUNCHECK:-build/runcheck}
case $RUNCHECK in /*) ;; *) RUNCHECK=$PWD/$RUNCHECK ;; esac
ROOT=$PWD
tmp=$(mktemp -d "${TMPDIR:-/tmp}/runcheck-readme.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

mkdir "$tmp/bin" "$tmp/work"
ln -s "$RUNCHECK" "$tmp/bin/runcheck"
ln -s "$ROOT/questions" "$tmp/work/questions"
ln -s "$ROOT/tests" "$tmp/work/tests"
cp tests/data/golden-bike.yaml "$tmp/work/my-tree.yaml"
cp tests/data/golden-bike-clinic.yaml "$tmp/work/my-clinic.yaml"
cp tests/data/golden-mistakes.yaml "$tmp/work/my-mistakes.yaml"

# The tests must not depend on the caller's environment.
unset RUNCHECK_TREE RUNCHECK_CLINIC RUNCHECK_DB NO_COLOR ACCESSIBLE COLUMNS
export LC_ALL=C.UTF-8 PATH="$tmp/bin:$PATH"

cd "$tmp/work" && exec python3 - "$ROOT/README.md" <<'PYTHON'
import re
import subprocess
import sys

sys.setrecursionlimit(100000)

readme = sys.argv[1]


def examples(path):
    """(line number, command, expected lines, expected status) for each
    command of each ```console block."""
    out = []
    lines = open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        m = re.match(r"^( *)```console\s*$", lines[i])
        i += 1
        if not m:
            continue
        indent = len(m.group(1))
        cmd = None
        while i < len(lines) and lines[i].strip() != "```":
            line = lines[i][indent:].rstrip()
            if line.startswith("$ "):
                cmd = [i + 1, line[2:], []]
                while cmd[1].endswith("\\") and i + 1 < len(lines):
                    i += 1
                    cmd[1] += "\n" + lines[i][indent:].rstrip()
                out.append(cmd)
            elif cmd is None:
                out.append([i + 1, None, [line]])
            else:
                cmd[2].append(line)
            i += 1
        i += 1
    result = []
    for number, command, expected in out:
        status = 0
        if command is not None:
            m = re.search(r"#.*\bexits (\d+)", command)
            if m:
                status = int(m.group(1))
        result.append((number, command, expected, status))
    return result


def line_matches(want, got):
    pattern = ".*".join(re.escape(p) for p in want.split("..."))
    return re.fullmatch(pattern, got) is not None


def lines_match(want, got):
    """Whether the lines got are the lines want, where a line "..." in
    want stands for any number of lines."""
    if not want:
        return not got
    if want[0].strip() == "...":
        return any(lines_match(want[1:], got[k:]) for k in range(len(got) + 1))
    return bool(got) and line_matches(want[0], got[0]) and \
        lines_match(want[1:], got[1:])


passed = failed = 0


def fail(number, what):
    global failed
    failed += 1
    print("FAIL: readme: README.md:%d: %s" % (number, what), file=sys.stderr)


found = examples(readme)
for number, command, expected, status in found:
    if command is None:
        fail(number, "a ```console block must start with a \"$ \" command")
        continue
    p = subprocess.run(["bash", "-o", "pipefail", "-c", command],
                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=60)
    got = p.stdout.decode("utf-8", "replace").rstrip("\n")
    got = [l.rstrip() for l in got.split("\n")] if got else []
    want = expected
    while want and not want[-1].strip():
        want = want[:-1]
    if p.returncode != status:
        fail(number, "%s: exit status %d, not %d" % (command, p.returncode, status))
    elif not lines_match(want, got):
        fail(number, "%s: the README shows\n%s\n  but it wrote\n%s" % (
            command, "\n".join("    | " + l for l in want),
            "\n".join("    | " + l for l in got[:40])))
    else:
        passed += 1

if not found:
    fail(1, "no ```console example found")
print("readme: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
PYTHON
