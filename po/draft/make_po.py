#!/usr/bin/env python3
"""make_po.py RUNCHECK LANG - the shipped draft catalogs of one language.

Writes po/runcheck-tree-runner-injuries/POSIX.po and
po/runcheck-clinic/POSIX.po (POSIX: zh_Hans for zh-Hans, vi for vi) from
the templates that `RUNCHECK po` and `RUNCHECK po --clinic
questions/clinic.yaml` write, each msgstr the translation of its msgid in
po/draft/LANG.json ([{"en", "tr"}]). One English text in several places
(booking and booking_kiosk, an option in two questions) gets the one
translation the dictionary has for it; a reviewer may then translate a
place apart, as each has its own msgctxt.

The catalogs are marked X-Runcheck-Status: draft: the dictionaries are
machine-drafted and unreviewed (po/draft/README.md). Their date is the
date of the dictionary's last commit, so that running this again on the
same dictionary and tree gives the same bytes.

Run from the repository's root, after a change to the English or to a
dictionary:  python3 po/draft/make_po.py build/runcheck zh-Hans
It fails, writing nothing, when the dictionary lacks a text.
"""
import json
import os
import re
import subprocess
import sys

LANGS = {
    "zh-Hans": ("zh_Hans", "Simplified Chinese"),
    "vi": ("vi", "Vietnamese"),
}
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def unquote(s):
    """The text of one quoted PO string as runcheck po writes it."""
    s = s.strip()
    assert s[0] == '"' and s[-1] == '"', s
    s, out, i = s[1:-1], [], 0
    while i < len(s):
        if s[i] != "\\":
            out.append(s[i])
            i += 1
        elif s[i + 1] in ESCAPES:
            out.append(ESCAPES[s[i + 1]])
            i += 2
        else:
            digits = re.match(r"[0-7]{1,3}", s[i + 1:]).group(0)
            out.append(chr(int(digits, 8)))
            i += 1 + len(digits)
    return "".join(out)


def quote_lines(keyword, text):
    """keyword and text as PO lines, split at line breaks as gettext does."""
    def q(t):
        t = t.replace("\\", "\\\\").replace('"', '\\"')
        t = t.replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")
        return '"' + t + '"'
    if "\n" not in text[:-1]:
        return [f"{keyword} {q(text)}"]
    pieces = re.findall(r"[^\n]*\n|[^\n]+$", text)
    return [f'{keyword} ""'] + [q(p) for p in pieces]


def fill(template, dictionary, posix, lang_name, date):
    """The catalog: the template's entries, translated, under a header."""
    blocks = template.rstrip("\n").split("\n\n")
    head = blocks[0].split("\n")
    x_fields = [line for line in head if line.startswith('"X-Runcheck-')]
    project = next(line for line in head
                   if line.startswith('"Project-Id-Version:'))
    what = head[0].replace("# The patient-visible texts of ", "").replace(
        ", for translation.", "")
    out = [
        f"# {lang_name} translation of the patient-visible texts of {what}.",
        "# DRAFT: machine-drafted (po/draft/README.md) and not reviewed.",
        "# A qualified medical translator and the clinic's clinician must",
        "# review it before X-Runcheck-Status says reviewed (README,",
        '# "Languages").',
        'msgid ""',
        'msgstr ""',
        project,
        '"Report-Msgid-Bugs-To: \\n"',
        f'"PO-Revision-Date: {date}\\n"',
        '"Last-Translator: runcheck draft (machine translation, not '
        'reviewed)\\n"',
        '"Language-Team: none\\n"',
        f'"Language: {posix}\\n"',
        '"MIME-Version: 1.0\\n"',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        '"Content-Transfer-Encoding: 8bit\\n"',
        '"Plural-Forms: nplurals=1; plural=0;\\n"',
    ] + x_fields
    missing = []
    for block in blocks[1:]:
        lines = block.split("\n")
        msgid, key = [], None
        kept = []
        for line in lines:
            if line.startswith("msgstr "):
                continue
            kept.append(line)
            if line.startswith("msgid "):
                key = "msgid"
                msgid.append(unquote(line[6:]))
            elif line.startswith('"') and key == "msgid":
                msgid.append(unquote(line))
            elif not line.startswith('"'):
                key = None
        en = "".join(msgid)
        if en not in dictionary:
            missing.append(en)
            continue
        out.append("")
        out.extend(kept)
        out.extend(quote_lines("msgstr", dictionary[en]))
    return "\n".join(out) + "\n", missing


def main():
    if len(sys.argv) != 3 or sys.argv[2] not in LANGS:
        sys.exit("usage: make_po.py RUNCHECK zh-Hans|vi")
    runcheck, lang = sys.argv[1], sys.argv[2]
    posix, lang_name = LANGS[lang]
    dict_path = f"po/draft/{lang}.json"
    with open(dict_path, encoding="utf-8") as f:
        dictionary = {e["en"]: e["tr"] for e in json.load(f)}
    date = subprocess.run(
        ["git", "log", "-1", "--format=%cd", "--date=format-local:%Y-%m-%d "
         "%H:%M+0000", "--", dict_path],
        capture_output=True, text=True, check=True,
        env=dict(os.environ, TZ="UTC")).stdout.strip()
    if not date:
        sys.exit(f"make_po.py: {dict_path} has no commit yet")
    outputs = []
    for domain, args in [("runcheck-tree-runner-injuries",
                          ["--tree", "questions/runner-injuries.yaml"]),
                         ("runcheck-clinic",
                          ["--clinic", "questions/clinic.yaml"])]:
        template = subprocess.run([runcheck, "po"] + args, check=True,
                                  capture_output=True, text=True).stdout
        catalog, missing = fill(template, dictionary, posix, lang_name, date)
        if missing:
            for en in missing:
                print(f"make_po.py: {dict_path} has no translation of "
                      f"{en[:60]!r}", file=sys.stderr)
            sys.exit(1)
        outputs.append((f"po/{domain}/{posix}.po", catalog))
    for path, catalog in outputs:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(catalog)
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
