#!/usr/bin/env python3
"""Replay the clinical vignettes through the real quiz and score the tree.

Each tests/vignettes/NN-name.txt holds a runner's own story, the answers
that runner would give, and what a clinician would conclude:

    # expect: plantar_fasciitis      outcome id a clinician expects (required)
    # triage: consult                that outcome's triage level (required)
    # also: heel_fat_pad ...         other acceptable ids for top-3 (optional)
    story, in the runner's words
    ---
    one answer per line, exactly as typed at the quiz

For each vignette this runs, from the repository root,

    $RUNCHECK quiz --tree questions/runner-injuries.yaml --json

(RUNCHECK defaults to build/runcheck) with the answers on standard input,
and reads the one JSON object the quiz prints on standard output.

Scores:
  top-1      the quiz's outcome is the expected outcome.
  top-3      the expected outcome is among the first three things the result
             names, that is [outcome] + also_consider[:2]; or the quiz's
             outcome is one of the vignette's own "# also" ids (a result a
             clinician would accept as well).
  red flags  of the vignettes whose expected triage is emergency, urgent or
             gp, how many the quiz sent to a doctor (a result whose triage
             is emergency, urgent or gp, never consult or self_care).

Exits 1 when top-1 is below 90%, when any red-flag vignette is not sent to
a doctor, or when any vignette does not reach a result; 2 when a vignette
file is malformed or the binary cannot be run. Python 3 standard library
only.
"""

import argparse
import glob
import json
import os
import subprocess
import sys

DOCTOR = ("emergency", "urgent", "gp")
TRIAGES = DOCTOR + ("consult", "self_care")
TOP1_MIN = 0.90

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


class VignetteError(Exception):
    pass


def parse(path):
    """Returns (headers, story, answers) of one vignette file."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    lines = text.splitlines()
    try:
        sep = lines.index("---")
    except ValueError:
        raise VignetteError("no '---' line between story and answers")
    headers = {}
    story = []
    for line in lines[:sep]:
        if line.startswith("# "):
            key, colon, value = line[2:].partition(":")
            if not colon or not key.strip():
                raise VignetteError("bad header line %r" % line)
            key = key.strip()
            if key in headers:
                raise VignetteError("header %r given twice" % key)
            headers[key] = value.strip()
        elif line.strip():
            story.append(line)
    for key in ("expect", "triage"):
        if not headers.get(key):
            raise VignetteError("missing '# %s:' header" % key)
    if headers["triage"] not in TRIAGES:
        raise VignetteError("unknown triage %r" % headers["triage"])
    if not story:
        raise VignetteError("no story")
    answers = [a for a in lines[sep + 1:] if a.strip()]
    if not answers:
        raise VignetteError("no answers")
    headers["also"] = headers.get("also", "").split()
    return headers, " ".join(story), answers


def run_quiz(binary, tree, answers):
    """Returns (exit status, parsed JSON or None, stderr tail)."""
    proc = subprocess.run(
        [binary, "quiz", "--tree", tree, "--json"],
        input="\n".join(answers) + "\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=20,
        env=dict(os.environ, NO_COLOR="1"),
    )
    result = None
    if proc.stdout.strip():
        try:
            result = json.loads(proc.stdout)
        except json.JSONDecodeError:
            result = None
    tail = proc.stderr.strip().splitlines()[-3:]
    return proc.returncode, result, " / ".join(tail)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="*", help="vignettes (default: all)")
    ap.add_argument("--tree", default="questions/runner-injuries.yaml")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="print a line for every vignette, not just misses")
    args = ap.parse_args()

    binary = os.environ.get("RUNCHECK", "build/runcheck")
    if not os.path.isabs(binary):
        binary = os.path.join(ROOT, binary)
    if not os.access(binary, os.X_OK):
        print("check.py: cannot run %r (set RUNCHECK, or build it first)"
              % binary, file=sys.stderr)
        return 2

    files = args.files or sorted(glob.glob(os.path.join(HERE, "[0-9]*.txt")))
    if not files:
        print("check.py: no vignettes found", file=sys.stderr)
        return 2

    total = top1 = top3 = 0
    flags = flags_ok = 0
    no_result = []
    under_triaged = []
    for path in files:
        name = os.path.basename(path)
        try:
            hdr, _story, answers = parse(path)
        except (OSError, VignetteError) as e:
            print("%s: %s" % (name, e), file=sys.stderr)
            return 2
        total += 1
        want = hdr["expect"]
        is_flag = hdr["triage"] in DOCTOR
        flags += is_flag

        status, res, err = run_quiz(binary, args.tree, answers)
        if status != 0 or not isinstance(res, dict) or "outcome" not in res:
            no_result.append(name)
            print("NO RESULT %s: exit %d, want %s (%s)%s"
                  % (name, status, want, hdr["triage"],
                     "; " + err if err else ""))
            continue

        got = res.get("outcome")
        triage = res.get("triage")
        also = [a for a in res.get("also_consider") or [] if isinstance(a, str)]
        hit1 = got == want
        hit3 = want in [got] + also[:2] or got in hdr["also"]
        top1 += hit1
        top3 += hit3
        if is_flag:
            if triage in DOCTOR:
                flags_ok += 1
            else:
                under_triaged.append(name)

        mark = "ok" if hit1 else ("top-3" if hit3 else "MISS")
        if is_flag and triage not in DOCTOR:
            mark = "UNDER-TRIAGED"
        elif not hit1 and triage != hdr["triage"]:
            mark += " (triage %s, want %s)" % (triage, hdr["triage"])
        if args.verbose or not hit1 or mark != "ok":
            print("%-14s %s: got %s (%s), want %s (%s)"
                  % (mark, name, got, triage, want, hdr["triage"]))

    def pct(k):
        return 100.0 * k / total if total else 0.0

    print("top-1: %d/%d (%.0f%%)" % (top1, total, pct(top1)))
    print("top-3: %d/%d (%.0f%%)" % (top3, total, pct(top3)))
    print("red flags: %d/%d sent to a doctor" % (flags_ok, flags))

    failed = False
    if total == 0 or top1 < TOP1_MIN * total:
        print("FAIL: top-1 below %.0f%%" % (100 * TOP1_MIN))
        failed = True
    if under_triaged:
        print("FAIL: red flags not sent to a doctor: "
              + ", ".join(under_triaged))
        failed = True
    if no_result:
        print("FAIL: no result for: " + ", ".join(no_result))
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except subprocess.TimeoutExpired as e:
        print("check.py: the quiz hung: %s" % e, file=sys.stderr)
        sys.exit(2)
