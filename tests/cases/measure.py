#!/usr/bin/env python3
"""Walk each patient case through a tree as that patient would answer, and
score what the tree says against what a clinician concluded.

    measure.py CASES ANSWERS [--tree FILE] [--runcheck BIN] [--walks OUT]

CASES is tests/cases/cases.txt (see README.md). ANSWERS holds, per case,
the answer that patient gives to each question the tree may ask them:

    == c01
    red_flags: none
    area: Front of the knee
    kneef_twist: no

A choice answer is an option's text (or the unique start of it), its id or
its number; a yes/no answer is yes, no or not sure; a pick-any answer is
none, or options (text start, id or number) separated by '|'. The script
follows the tree itself (routes and all) to know which question comes next,
pipes the answers to `runcheck quiz --json`, and checks that the quiz asked
exactly those questions. A question the tree asks that the case does not
answer is an error: the patient's answers must be written, not guessed.

With --walks OUT it also writes the walks as a runcheck-walks/1 file
(answers keyed by question id, as typed), expecting the clinician's outcome
and triage; a case whose result differs from the clinician's is left out
and listed.

Scores: top-1 (the result is the expected condition), top-3 (the expected
condition is the result or one of its first two other possibilities, or the
result is one the clinician accepts), triage right, over-triage (more
urgent than the clinician), under-triage (less urgent), and doctor cases
(expected emergency/urgent/gp) that ended in consult or self_care.
Python 3 with PyYAML.
"""

import argparse
import json
import os
import subprocess
import sys

import yaml

LEVELS = ["emergency", "urgent", "gp", "consult", "self_care"]
DOCTOR = LEVELS[:3]


def parse_cases(path):
    cases = []
    cur = None
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("== "):
            parts = line[3:].split()
            cur = {"id": parts[0], "name": parts[1] if len(parts) > 1 else "",
                   "story": [], "also": []}
            cases.append(cur)
        elif cur is None:
            continue
        elif line.split(":")[0] in ("group", "expect", "triage", "also"):
            key, _, val = line.partition(":")
            cur[key] = val.split() if key == "also" else val.strip()
        elif line.startswith("clinician:"):
            cur["clinician"] = line[10:].strip()
        elif line.strip():
            cur["story"].append(line.strip())
    return cases


def parse_answers(path):
    out = {}
    cur = None
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("== "):
            cur = line[3:].split()[0]
            out[cur] = {}
            continue
        key, colon, val = line.partition(":")
        if not colon or cur is None:
            sys.exit("%s:%d: expected 'question: answer'" % (path, n))
        out[cur][key.strip()] = val.strip()
    return out


def option_index(q, ans, qid):
    opts = q["options"]
    a = ans.strip()
    if a.isdigit() and 1 <= int(a) <= len(opts):
        return int(a) - 1
    for i, o in enumerate(opts):
        if o.get("id") == a:
            return i
    hits = [i for i, o in enumerate(opts)
            if o["text"].lower().startswith(a.lower())]
    exact = [i for i, o in enumerate(opts) if o["text"].lower() == a.lower()]
    if exact:
        return exact[0]
    if len(hits) == 1:
        return hits[0]
    raise ValueError("question %s: answer %r matches %d options"
                     % (qid, ans, len(hits)))


def resolve(target, given):
    """A target id, or a list of {when, go}: the first that holds."""
    if isinstance(target, str):
        return target
    for alt in target:
        when = alt.get("when")
        if when is None:
            return alt["go"]
        ok = True
        for qid, want in when.items():
            want = want if isinstance(want, list) else [want]
            want = [{True: "yes", False: "no"}.get(w, w) for w in want]
            if given.get(qid) not in [str(w) for w in want]:
                ok = False
        if ok:
            return alt["go"]
    raise ValueError("no alternative holds")


def walk(tree, answers):
    """Returns (typed answers, asked question ids, outcome id predicted)."""
    qs = tree["questions"]
    node = tree["start"]
    typed, asked, given = [], [], {}
    while node in qs:
        q = qs[node]
        if node not in answers:
            raise ValueError("no answer for %s: %s" % (node, q["ask"]))
        a = answers[node]
        kind = q.get("type", "choice")
        asked.append(node)
        if kind == "yesno":
            low = a.lower()
            key = {"yes": "yes", "y": "yes", "no": "no", "n": "no",
                   "not sure": "unsure", "?": "unsure", "unsure": "unsure"}[low]
            typed.append({"unsure": "not sure"}.get(key, key))
            given[node] = key
            # PyYAML reads the keys yes and no as booleans (YAML 1.1).
            nxt = q.get(key, q.get({"yes": True, "no": False}.get(key)))
        elif kind == "multi":
            if a.lower() == "none":
                idx = []
            else:
                idx = [option_index(q, t, node) for t in a.split("|")]
            typed.append(",".join(str(i + 1) for i in idx) or "none")
            nxt = None
            for i in sorted(idx):
                if q["options"][i].get("next"):
                    nxt = q["options"][i]["next"]
                    break
            if nxt is None:
                nxt = q["otherwise"]
        else:
            i = option_index(q, a, node)
            o = q["options"][i]
            typed.append(o["text"])
            given[node] = o.get("id", str(i))
            nxt = o["next"]
        node = resolve(nxt, given)
    return typed, asked, node


def run(binary, tree_path, typed):
    p = subprocess.run([binary, "quiz", "--tree", tree_path, "--json"],
                       input="\n".join(typed) + "\n", capture_output=True,
                       text=True)
    out = p.stdout
    obj, _ = json.JSONDecoder().raw_decode(out[out.index("{"):])
    return obj


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cases")
    ap.add_argument("answers")
    ap.add_argument("--tree", default="questions/runner-injuries.yaml")
    ap.add_argument("--runcheck", default="./runcheck")
    ap.add_argument("--walks")
    ap.add_argument("-v", action="store_true")
    ap.add_argument("--renamed", help="file of 'case-id = tree-id' lines: "
                    "conditions the cases named before the tree chose its id")
    args = ap.parse_args()
    tree = yaml.safe_load(open(args.tree, encoding="utf-8"))
    cases = parse_cases(args.cases)
    answers = parse_answers(args.answers)
    if args.renamed:
        ren = {}
        for line in open(args.renamed, encoding="utf-8"):
            if "=" in line and not line.startswith("#"):
                a, b = line.split("=")
                ren[a.strip()] = b.strip()
        for c in cases:
            c["expect"] = ren.get(c["expect"], c["expect"])
            c["also"] = [ren.get(x, x) for x in c["also"]]
    n = top1 = top3 = tri = over = under = booked = 0
    doctors = 0
    rows = []
    walks = []
    groups = {}
    for c in cases:
        if c["id"] not in answers:
            sys.exit("no answers for case %s" % c["id"])
        try:
            typed, asked, predicted = walk(tree, answers[c["id"]])
        except (ValueError, KeyError) as e:
            sys.exit("case %s: %s" % (c["id"], e))
        res = run(args.runcheck, args.tree, typed)
        got = [a["question"] for a in res.get("answers", [])]
        if got != asked or res.get("outcome") != predicted:
            sys.exit("case %s: the quiz asked %s and gave %s; expected %s, %s"
                     % (c["id"], got, res.get("outcome"), asked, predicted))
        n += 1
        out, t = res["outcome"], res["triage"]
        first3 = [out] + res.get("also_consider", [])[:2]
        ok1 = out == c["expect"]
        ok3 = c["expect"] in first3 or out in c["also"]
        okt = t == c["triage"]
        d = LEVELS.index(t) - LEVELS.index(c["triage"])
        top1 += ok1
        top3 += ok3
        tri += okt
        over += d < 0
        under += d > 0
        if c["triage"] in DOCTOR:
            doctors += 1
            booked += t not in DOCTOR
        g = groups.setdefault(c["group"], [0, 0, 0, 0])
        g[0] += 1
        g[1] += ok1
        g[2] += ok3
        g[3] += okt
        rows.append("%-4s %-10s %-3s %-3s %-5s %-36s %-10s <- %s %s (%d answers)"
                    % (c["id"], c["group"], "ok" if ok1 else "-",
                       "ok" if ok3 else "-", "ok" if okt else
                       ("OVER" if d < 0 else "UNDER"), out, t, c["expect"],
                       c["triage"], len(typed)))
        if ok1 and okt:
            walks.append((c, asked, typed, out, t))
    if args.v:
        print("\n".join(rows))
    pct = lambda k: "%d/%d (%.0f%%)" % (k, n, 100.0 * k / n)
    print("cases: %d" % n)
    print("right condition first: %s" % pct(top1))
    print("in the top three:      %s" % pct(top3))
    print("triage right:          %s" % pct(tri))
    print("over-triage:           %s" % pct(over))
    print("under-triage:          %s" % pct(under))
    print("doctor cases ending in a booking: %d of %d" % (booked, doctors))
    for g in sorted(groups):
        v = groups[g]
        print("  %-10s %2d cases: first %2d, top three %2d, triage %2d"
              % (g, v[0], v[1], v[2], v[3]))
    if args.walks:
        with open(args.walks, "w", encoding="utf-8") as f:
            f.write("format: runcheck-walks/1\ntree: %s\nwalks:\n" % tree["id"])
            for c, asked, typed, out, t in walks:
                f.write("  - name: %s %s\n    answers:\n" % (c["id"], c["name"]))
                for q, a in zip(asked, typed):
                    f.write("      - %s: %s\n" % (q, json.dumps(a)))
                f.write("    outcome: %s\n    triage: %s\n" % (out, t))
    return 0


if __name__ == "__main__":
    sys.exit(main())
