#!/usr/bin/env python3
"""Check a draft translation against po/draft/texts.json.

Usage: check.py LANG        (checks po/draft/LANG.json, e.g. zh-Hans, vi)

LANG.json is [{"en": ..., "tr": ...}], one entry per entry of texts.json,
in the same order. Each problem is printed as LANG.json:ENTRY: message
(ENTRY counts from 1, as texts.json's entries) and the exit status is 1
if there is any; 0 and a count line when the draft is whole.

Checks, each one a way a draft could reach the .po catalog wrong:
  - the file is a list of {"en", "tr"} and nothing else;
  - it has exactly the entries of texts.json, same English, same order
    (no entry missing, none extra, none out of date);
  - every "tr" is a non-empty text;
  - every translation is in Unicode NFC (precomposed: Vietnamese letters
    such as "ệ" as one code point, as the .po catalog and the terminal's
    width measure expect);
  - no translation is ASCII only (left in English), except a text made
    only of digits, spaces and punctuation, a proper name in
    PROPER_NAMES, which stays as written, or a word in ASCII_WORDS that
    is ASCII in its own language;
  - a translation ends with a newline exactly when its English does
    (msgfmt --check refuses a msgstr that differs from its msgid in this);
  - no control characters other than that final newline, and no printf
    or brace placeholders (%s, {x}), which the English never has;
  - every number written in digits in the English (10, 30, 000) is in
    the translation too, except where NUMBER_EXCEPTIONS says why not;
  - within one question, no two options share a translation, and no
    option's translation begins another's unless the English ones do
    (a patient types an option's text or the start of it).
"""
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
# Names that stay as they are in every language.
PROPER_NAMES = {"Westside Sports Chiro"}
# Translations that are rightly ASCII only, with why.
ASCII_WORDS = {
    "Nam": "Vietnamese for Male: a whole word with no diacritics",
}
# English text -> why a number of it is rightly written otherwise.
NUMBER_EXCEPTIONS = {
    "Knee osteoarthritis is common from the mid-40s.":
        "'the mid-40s' may be said as 'around 45' (the zh-Hans draft does: "
        "Chinese has no short word for the middle of a decade)",
    "Hip osteoarthritis is common from the mid-40s.":
        "'the mid-40s' is said as 'around 45'",
}
NUMBER = re.compile(r"\d+")
PLACEHOLDER = re.compile(r"%[-+ #0-9.]*[a-zA-Z]|\{[^}]*\}")


def number_exception(en):
    return any(en.startswith(start) for start in NUMBER_EXCEPTIONS)


def check_entry(en, tr):
    """Return the problems of one translation, as messages."""
    if not isinstance(tr, str) or not tr.strip():
        return ["no translation"]
    problems = []
    if unicodedata.normalize("NFC", tr) != tr:
        problems.append("not in Unicode NFC (decomposed diacritics?)")
    if tr.isascii() and tr.strip() not in PROPER_NAMES \
            and tr.strip() not in ASCII_WORDS \
            and re.search(r"[A-Za-z]", tr):
        problems.append(f"translation is ASCII only (left in English?): {tr!r}")
    if en.endswith("\n") != tr.endswith("\n"):
        problems.append("ends with a newline where the English does not, "
                        "or the other way round")
    body = tr[:-1] if tr.endswith("\n") else tr
    for ch in body:
        if unicodedata.category(ch) == "Cc":
            problems.append(f"control character U+{ord(ch):04X}")
            break
    if PLACEHOLDER.search(tr) and not PLACEHOLDER.search(en):
        problems.append("a placeholder that the English does not have")
    if not number_exception(en):
        have = set(NUMBER.findall(tr))
        for number in NUMBER.findall(en):
            if number not in have:
                problems.append(f"number {number} of the English is missing")
    return problems


def question_of(place):
    """The question id of an option place, "question Q option X text"."""
    words = place.split()
    if len(words) == 5 and words[0] == "question" and words[2] == "option":
        return words[1]
    return None


def check_options(name, texts, draft):
    """Return the problems of option texts that a patient could not tell
    apart: the same translation twice in one question, or one that begins
    another where the English ones do not."""
    options = {}
    for i, (text, entry) in enumerate(zip(texts, draft), 1):
        for place in text["places"]:
            question = question_of(place)
            if question:
                options.setdefault(question, []).append(
                    (i, text["en"], entry["tr"]))
    problems = []
    for question, opts in options.items():
        for i, en, tr in opts:
            for j, other_en, other_tr in opts:
                if i == j:
                    continue
                if tr == other_tr and i < j:
                    problems.append(f"{name}:{j}: question {question}: same "
                                    f"translation as entry {i}: {tr!r}")
                elif tr != other_tr and other_tr.startswith(tr) \
                        and not other_en.startswith(en):
                    problems.append(f"{name}:{i}: question {question}: "
                                    f"{tr!r} begins entry {j}, {other_tr!r}")
    return problems


def main(argv):
    if len(argv) != 2:
        print("usage: check.py LANG", file=sys.stderr)
        return 64
    lang = argv[1]
    name = f"{lang}.json"
    with open(os.path.join(HERE, "texts.json"), encoding="utf-8") as f:
        texts = json.load(f)
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        draft = json.load(f)
    errors = []
    if not isinstance(draft, list):
        print(f"{name}: not a list", file=sys.stderr)
        return 1
    for i, entry in enumerate(draft, 1):
        if not isinstance(entry, dict) or set(entry) != {"en", "tr"}:
            errors.append(f"{name}:{i}: an entry is exactly {{\"en\", \"tr\"}}")
            continue
        if i > len(texts):
            errors.append(f"{name}:{i}: extra entry, not in texts.json: "
                          f"{entry['en']!r}")
            continue
        want = texts[i - 1]["en"]
        if entry["en"] != want:
            errors.append(f"{name}:{i}: English differs from texts.json "
                          f"entry {i}: {entry['en']!r} is not {want!r}")
            continue
        for problem in check_entry(entry["en"], entry["tr"]):
            errors.append(f"{name}:{i}: {problem}")
    if not errors:
        errors += check_options(name, texts, draft)
    for i in range(len(draft), len(texts)):
        errors.append(f"{name}:{i + 1}: missing: {texts[i]['en']!r}")
    for error in errors:
        print(error, file=sys.stderr)
    done = sum(1 for e in draft[:len(texts)] if isinstance(e, dict)
               and isinstance(e.get("tr"), str) and e["tr"].strip())
    print(f"{name}: {len(texts)} texts, {done} translated, "
          f"{len(errors)} problems")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
