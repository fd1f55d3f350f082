#!/usr/bin/env python3
"""Reading grade of every text a patient reads in a tree, with `style`
from Debian's diction package (Flesch-Kincaid grade, "Kincaid:").

    grade.py [TREE] [--max N] [-v]

A text is what a patient reads at once: the disclaimer; a question (its
ask, why, label and option texts); a result (the outcome's condition,
summary, self-care items and booking). Each part ends a sentence (a part
without a full stop gets one), so a one-word option is a one-word
sentence. "overall" is `style` run on every text at once. -v also lists
each text's grade. --fields measures each field on its own instead (an
ask, a why, a label, an option, a condition, a summary, a self-care item,
a booking); Flesch-Kincaid means little on a text of a few words, so
those of fewer than 8 words are listed apart. Prints the texts above --max (default 6) and exits 1
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


def fields(tree):
    yield "disclaimer", tree["disclaimer"]
    for qid, q in tree["questions"].items():
        for key in ("ask", "label", "why"):
            if q.get(key):
                yield "%s.%s" % (qid, key), q[key]
        for i, o in enumerate(q.get("options", [])):
            yield "%s.option%d" % (qid, i + 1), o["text"]
    for oid, o in tree["outcomes"].items():
        for key in ("condition", "summary", "booking"):
            if o.get(key):
                yield "%s.%s" % (oid, key), o[key]
        for i, item in enumerate(o.get("self_care", [])):
            yield "%s.self_care%d" % (oid, i + 1), item


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tree", nargs="?", default="questions/runner-injuries.yaml")
    ap.add_argument("--max", type=float, default=6.0)
    ap.add_argument("-v", action="store_true")
    ap.add_argument("--fields", action="store_true")
    args = ap.parse_args()
    tree = yaml.safe_load(open(args.tree, encoding="utf-8"))
    if args.fields:
        return field_report(tree, args.max)
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


def field_report(tree, limit):
    short = long_ = 0
    over_long, over_short = [], []
    for name, t in fields(tree):
        words = len(str(t).split())
        g = kincaid(sentence(t))
        if words >= 8:
            long_ += 1
            if g > limit:
                over_long.append((g, name, " ".join(str(t).split())))
        else:
            short += 1
            if g > limit:
                over_short.append((g, name, " ".join(str(t).split())))
    print("fields of 8 words or more: %d, above %.1f: %d" %
          (long_, limit, len(over_long)))
    for g, name, t in sorted(over_long, reverse=True):
        print("%5.1f  %s: %s" % (g, name, t))
    print("fields under 8 words: %d, above %.1f: %d (%s)" %
          (short, limit, len(over_short),
           ", ".join(n for _, n, _ in sorted(over_short, reverse=True))))
    return 1 if over_long else 0


if __name__ == "__main__":
    sys.exit(main())
