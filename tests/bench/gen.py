#!/usr/bin/env python3
"""Writes a valid runcheck/1 tree of N questions, for `make bench`.

    tests/bench/gen.py [--routes] N [DEPTH] > tree.yaml

The same N and DEPTH always give the same bytes (a fixed xorshift, not
Python's random). The questions stand in DEPTH layers (50 unless told):
layer 0 is the start alone, each layer is at most twice as wide as the one
before, and question j of a layer leads to questions 2j, 2j+1, ... of the
next (modulo its width), so every question is reached, most have two or
more parents (shared subtrees), edges only go down (no cycle), and every
walk from the start has at least 2^DEPTH continuations: with the default
depth, more than 10^15 walks. The last layer leads to the outcomes.

All four question types appear (choice, yesno, multi, scale), with `why`
texts, folded and quoted scalars, flow-mapping bands, extension keys and
some non-ASCII text, so that the loader's paths are all exercised.

With --routes the tree is runcheck/2: two questions come first, age (3
options) and sex (2), then the layers as above, and one question in four
routes one of its edges on them: when {age: [..]} one place, when {sex:
..} another, else where it went. 6 combinations of answers are live at
every question, every consult and self_care outcome has sources, and the
tree still lints clean (N counts the two first questions).
"""
import sys

WORDS = (
    "pain ache sharp dull heel arch shin calf knee hip thigh ankle foot toe "
    "morning evening run jog long easy tempo hills track road trail grass "
    "stairs steps first after before during swelling stiff sore tender warm "
    "cold night rest week month sudden gradual worse better mileage shoes "
    "stretch load strength pace cadence stride landing outside inside front "
    "back side lower upper spot area bone tendon muscle joint ligament "
    "café naïve 10 °C – ½ mile"
).split()

STARTS = ("Mostly", "Only", "Both", "Neither", "Sometimes", "Always")


class Rng:
    """xorshift64*: fixed, so the files never change between Pythons."""

    def __init__(self, seed):
        self.s = seed or 1

    def next(self):
        s = self.s
        s ^= (s >> 12)
        s ^= (s << 25) & 0xFFFFFFFFFFFFFFFF
        s ^= (s >> 27)
        self.s = s
        return (s * 0x2545F4914F6CDD1D) & 0xFFFFFFFFFFFFFFFF

    def below(self, n):
        return (self.next() >> 33) % n


def words(rng, lo, hi):
    n = lo + rng.below(hi - lo + 1)
    return " ".join(WORDS[rng.below(len(WORDS))] for _ in range(n))


def sentence(rng, lo, hi):
    s = words(rng, lo, hi)
    return s[0].upper() + s[1:]


def folded(out, indent, text):
    """A folded block scalar, wrapped at about 70 columns."""
    out.append(">\n")
    line = ""
    for w in text.split():
        if line and len(line) + 1 + len(w) > 70:
            out.append(" " * indent + line + "\n")
            line = w
        else:
            line = w if not line else line + " " + w
    out.append(" " * indent + line + "\n")


def layer_widths(n, depth):
    """Widths min(2^i, W), the largest W whose sum is at most n, then the
    remainder spread one each over the first capped layers."""
    def total(w):
        return sum(min(1 << i, w) for i in range(depth))

    lo, hi = 1, n
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if total(mid) <= n:
            lo = mid
        else:
            hi = mid - 1
    widths = [min(1 << i, lo) for i in range(depth)]
    rest = n - sum(widths)
    for i in range(depth):
        if rest == 0:
            break
        if (1 << i) > lo:
            widths[i] += 1
            rest -= 1
    assert rest == 0 and sum(widths) == n
    return widths


AGES = ("child", "adult", "older")
SEXES = ("female", "male")


def route(rng, edge, alt_a, alt_b):
    """A route in flow style: edge taken unless age or sex says else."""
    age = AGES[rng.below(len(AGES))]
    sex = SEXES[rng.below(len(SEXES))]
    return ("[{when: {age: [%s]}, go: %s}, {when: {sex: %s}, go: %s}, "
            "{go: %s}]" % (age, alt_a, sex, alt_b, edge))


def generate(n, depth, routes=False):
    if routes:
        n -= 2  # age and sex
    depth = min(depth, n)
    widths = layer_widths(n, depth)
    outcome_count = max(2, min(max(8, n // 25), 2 * widths[-1]))
    rng = Rng(0x9E3779B97F4A7C15 ^ n)
    out = []
    w = out.append

    def qid(layer, j):
        return "q%d_%d" % (layer, j)

    def oid(k):
        return "o%d" % k

    w("# A generated benchmark tree: %d questions in %d layers, "
      "%d outcomes%s.\n" % (n, depth, outcome_count,
                             ", after age and sex, with routes" if routes
                             else ""))
    w("format: runcheck/%d\n" % (2 if routes else 1))
    w("id: bench-%d\n" % n)
    w("title: Benchmark tree of %d questions\n" % n)
    w('version: "1.%d"\n' % n)
    w("language: en-AU\n")
    w("start: %s\n" % ("age" if routes else qid(0, 0)))
    w("disclaimer: ")
    folded(out, 2, "This tree is generated for timing the loader. " +
           sentence(rng, 20, 30) + ".")
    w("\nquestions:\n")
    if routes:
        w("  age:\n    ask: How old are you?\n    label: Age\n"
          "    options:\n")
        for a in AGES:
            w("      - {id: %s, text: %s, next: sex}\n" % (a, a.title()))
        w("  sex:\n    ask: What is your sex?\n    label: Sex\n"
          "    options:\n")
        for x in SEXES:
            w("      - {id: %s, text: %s, next: %s}\n"
              % (x, x.title(), qid(0, 0)))
    index = 0
    for layer, width in enumerate(widths):
        last = layer + 1 == len(widths)
        next_width = outcome_count if last else widths[layer + 1]

        for j in range(width):
            def target(t, j=j, last=last, next_width=next_width,
                       layer=layer):
                k = (2 * j + t) % next_width
                return oid(k) if last else qid(layer + 1, k)

            def outcome_edge(index=index):
                return oid((index * 7) % outcome_count)

            def edge(t, target=target):
                """Edge t's target, or in one question in four (for its
                first edge) a route on age and sex."""
                if not routed or t != 0:
                    return target(t)
                return route(rng, target(0), target(1), target(2))

            routed = routes and rng.below(4) == 0
            kind = rng.below(20)
            w("  %s:\n" % qid(layer, j))
            if kind < 8:
                qtype = "choice"
            elif kind < 14:
                qtype = "yesno"
            elif kind < 17:
                qtype = "multi"
            else:
                qtype = "scale"
            if qtype != "choice" or rng.below(3) == 0:
                w("    type: %s\n" % qtype)
            if rng.below(4) == 0:
                w('    ask: "%s?"\n' % sentence(rng, 6, 14))
            else:
                w("    ask: %s?\n" % sentence(rng, 6, 14))
            if rng.below(2) == 0:
                w("    why: ")
                folded(out, 6, sentence(rng, 12, 30) + ".")
            if rng.below(20) == 0:
                w("    x-review: 'checked %d'\n" % index)
            if qtype == "choice":
                forward = 2 + rng.below(3)
                w("    options:\n")
                for t in range(forward):
                    w("      - text: %s %s\n" % (STARTS[t],
                                               words(rng, 2, 7)))
                    w("        next: %s\n" % edge(t))
                if rng.below(3) == 0:
                    w("      - text: %s %s\n" % (STARTS[forward],
                                               words(rng, 2, 7)))
                    w("        next: %s\n" % outcome_edge())
            elif qtype == "yesno":
                w("    yes: %s\n" % edge(0))
                w("    no: %s\n" % target(1))
                if rng.below(10) < 7:
                    w("    unsure: %s\n" % target(2))
            elif qtype == "multi":
                w("    options:\n")
                w("      - text: %s %s\n" % (STARTS[0], words(rng, 3, 8)))
                w("        next: %s\n" % outcome_edge())
                w("      - text: %s %s\n" % (STARTS[1], words(rng, 3, 8)))
                w("        next: %s\n" % edge(0))
                w("      - text: %s %s\n" % (STARTS[2], words(rng, 3, 8)))
                w("    otherwise: %s\n" % target(1))
            else:
                w("    min: 0\n")
                w("    max: 10\n")
                w("    bands:\n")
                if rng.below(2) == 0:
                    w("      - {from: 0, to: 4, next: %s}\n" % edge(0))
                    w("      - {from: 5, to: 10, next: %s}\n" % target(1))
                else:
                    w("      - {from: 0, to: 3, next: %s}\n" % edge(0))
                    w("      - {from: 4, to: 7, next: %s}\n" % target(1))
                    w("      - {from: 8, to: 10, next: %s}\n" % target(2))
            index += 1

    triages = ("emergency", "urgent", "gp", "consult", "self_care")
    w("\noutcomes:\n")
    for k in range(outcome_count):
        w("  %s:\n" % oid(k))
        w("    condition: %s\n" % sentence(rng, 3, 6))
        triage = triages[rng.below(len(triages))]
        w("    triage: %s\n" % triage)
        w("    summary: ")
        folded(out, 6, sentence(rng, 20, 40) + ".")
        w("    self_care:\n")
        for _ in range(1 + rng.below(3)):
            w("      - %s.\n" % sentence(rng, 4, 10))
        if outcome_count > 1 and rng.below(2) == 0:
            w("    also_consider: [%s]\n" % oid((k + 1) % outcome_count))
        if rng.below(3) == 0 or (routes and triage in ("consult",
                                                       "self_care")):
            w('    sources:\n      - "%s. J Run Med %d."\n'
              % (sentence(rng, 4, 8), 2000 + rng.below(26)))
    return "".join(out)


def main():
    args = sys.argv[1:]
    routes = bool(args) and args[0] == "--routes"
    if routes:
        args = args[1:]
    if len(args) not in (1, 2):
        sys.exit("usage: gen.py [--routes] QUESTIONS [DEPTH]")
    n = int(args[0])
    depth = int(args[1]) if len(args) == 2 else 50
    if n < (3 if routes else 1) or depth < 1:
        sys.exit("gen.py: QUESTIONS must be at least 1 (3 with --routes) "
                 "and DEPTH at least 1")
    sys.stdout.buffer.write(generate(n, depth, routes).encode("utf-8"))


if __name__ == "__main__":
    main()
