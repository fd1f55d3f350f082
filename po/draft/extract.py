#!/usr/bin/env python3
"""List every text a patient sees in the shipped tree and clinic file.

Usage: extract.py [TREE [CLINIC [OUT]]]
  defaults: questions/runner-injuries.yaml, questions/clinic.yaml,
            po/draft/texts.json (relative to the repository root)

Writes OUT as a JSON list [{"en": TEXT, "places": [PLACE, ...]}, ...]:
each English text once, in file order (tree first, then clinic file), with
every place it stands, such as "question age ask" or
"outcome shin_splints self_care 2".

Patient-visible fields, as runcheck-tree(5) and src/render/result.c show
them: the tree's title and disclaimer; each question's ask, why, label and
option texts (scale bands have no text); each outcome's condition, summary,
self_care lines and booking text; the clinic's booking, booking_kiosk and
booking_home. Not shown or not translated: ids, sources, triage levels,
keys starting with x-, comments, the clinic's name, phone, url and
emergency number.

Scalars are read with PyYAML's BaseLoader, as runcheck reads them (no
YAML 1.1 typing: yes/no stay text); a folded (>) block is one paragraph,
exactly as the loader gives it.
"""
import json
import os
import sys

import yaml

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                     "..", ".."))
QUESTION_TEXT = ("ask", "why", "label")
OUTCOME_TEXT = ("condition", "summary", "booking")
CLINIC_TEXT = ("booking", "booking_kiosk", "booking_home")


def load(path):
    with open(path, encoding="utf-8-sig") as f:
        return yaml.load(f, Loader=yaml.BaseLoader)


def tree_texts(tree):
    """Yield (place, text) pairs of a tree in file order."""
    for key, value in tree.items():
        if key in ("title", "disclaimer"):
            yield key, value
        elif key == "questions":
            for qid, q in value.items():
                yield from question_texts(qid, q)
        elif key == "outcomes":
            for oid, o in value.items():
                yield from outcome_texts(oid, o)


def question_texts(qid, q):
    for key, value in q.items():
        if key in QUESTION_TEXT:
            yield f"question {qid} {key}", value
        elif key == "options":
            for i, option in enumerate(value, 1):
                name = option.get("id", str(i))
                yield f"question {qid} option {name} text", option["text"]


def outcome_texts(oid, o):
    for key, value in o.items():
        if key in OUTCOME_TEXT:
            yield f"outcome {oid} {key}", value
        elif key == "self_care":
            for i, line in enumerate(value, 1):
                yield f"outcome {oid} self_care {i}", line


def clinic_texts(clinic):
    for key, value in clinic.items():
        if key in CLINIC_TEXT and value:
            yield f"clinic {key}", value


def collect(pairs):
    entries = {}
    for place, text in pairs:
        if not isinstance(text, str) or not text.strip():
            raise SystemExit(f"extract.py: {place}: not a text: {text!r}")
        entries.setdefault(text, []).append(place)
    return [{"en": en, "places": places} for en, places in entries.items()]


def main(argv):
    tree = argv[1] if len(argv) > 1 else os.path.join(ROOT, "questions", "runner-injuries.yaml")
    clinic = argv[2] if len(argv) > 2 else os.path.join(ROOT, "questions", "clinic.yaml")
    out = argv[3] if len(argv) > 3 else os.path.join(ROOT, "po", "draft", "texts.json")
    pairs = list(tree_texts(load(tree))) + list(clinic_texts(load(clinic)))
    entries = collect(pairs)
    with open(out, "w", encoding="utf-8") as f:
        json.dump(entries, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"{out}: {len(entries)} texts from {len(pairs)} places")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
