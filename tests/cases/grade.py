#!/usr/bin/env python3
"""Reading grade of every text a patient reads in a tree, with `style`
from Debian's diction package (Flesch-Kincaid grade, "Kincaid:").

    grade.py [TREE] [--max N] [-v]

A text is what a patient reads at once: the disclaimer; a question (its
ask, why, label and option texts); a result (the outcome's condition,
summary, self-care items and booking). Each part ends a sentence (a part
without a full stop gets one), so a one-word option is a one-word
sentence. "overall" is `style` run on every text at once. -v also lists
each text's grade. Prints the texts above --max (default 6) and exits 1
if there are any. Python 3 with PyYAML; needs `style` on the PATH.
"""

import argparse
import re
import subprocess
import sys

import yaml


def kincaid(text):
    out = subprocess.run(["style"], input=text + "\n", capture_output=True,
                         text=True).stdout
    m = re.search(r"Kincaid:\s*(-?[0-9.]+)", out)
    return float(m.group(1)) if m else 0.0


def sentence(t):
    t = " ".join(str(t).split())
    return t if t.endswith((".", "?", "!")) else t + "."


def texts(tree):
    yield "disclaimer", sentence(tree["disclaimer"])
    for qid, q in tree["questions"].items():
        parts = [q[k] for k in ("ask", "label", "why") if q.get(k)]
        parts += [o["text"] for o in q.get("options", [])]
        yield "question " + qid, " ".join(sentence(p) for p in parts)
    for oid, o in tree["outcomes"].items():
        parts = [o[k] for k in ("condition", "summary") if o.get(k)]
        parts += o.get("self_care", [])
        parts += [o["booking"]] if o.get("booking") else []
        yield "outcome " + oid, " ".join(sentence(p) for p in parts)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tree", nargs="?", default="questions/runner-injuries.yaml")
    ap.add_argument("--max", type=float, default=6.0)
    ap.add_argument("-v", action="store_true")
    args = ap.parse_args()
    tree = yaml.safe_load(open(args.tree, encoding="utf-8"))
    items = list(texts(tree))
    over = []
    worst = (None, -99)
    for name, t in items:
        g = kincaid(t)
        if args.v:
            print("%5.1f  %s" % (g, name))
        if g > worst[1]:
            worst = (name, g)
        if g > args.max:
            over.append((g, name, " ".join(str(t).split())))
    overall = kincaid("\n".join(t for _, t in items))
    print("texts: %d; overall grade %.1f; highest %.1f (%s); above %.1f: %d"
          % (len(items), overall, worst[1], worst[0], args.max, len(over)))
    for g, name, t in sorted(over, reverse=True):
        print("%5.1f  %s: %s" % (g, name, t))
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
