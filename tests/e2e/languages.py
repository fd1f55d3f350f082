#!/usr/bin/env python3
"""languages.py - runcheck in the languages it speaks (issue 18), from a
pipe, with nothing of the environment but what each check sets (env -i:
the C locale, as on a machine with only C.UTF-8 generated).

- Every walk of the shipped walks file (tests/walks/runner-injuries.yaml),
  its choices and multis answered by number, reaches the outcome and
  triage it expects in English, Simplified Chinese and Vietnamese; the
  JSON result names its language and keeps its ids; the clinic's booking
  sentence comes from its catalog.
- --lang takes BCP 47 and POSIX names and refuses an unknown one (64,
  naming the languages); the environment (LANGUAGE, LC_ALL, LANG) chooses
  when --lang is not given; a draft language is labelled a draft.
- A program copied beside a catalog folder of its own (tests/data/l10n:
  an interface catalog with the typed words, and a tree catalog marked
  reviewed) takes yes, no, none and the commands in the language in use
  as well as in English, and labels no draft; at a terminal, Tab
  completes them.
- A catalog reviewed for the tree as it is labels no draft; once one
  English text of the tree is edited (the catalog left as it was, no
  msgmerge), the language is a draft, the edited text shows in English,
  and a warning names the catalog.

usage: languages.py RUNCHECK"""
import json
import os
import subprocess
import sys
import tempfile

import yaml

import ptyterm

from l10ncopy import (DRAFT_NOTICE, PO_TEST_EDITED, answer_words,
                      edit_english, interface_text, po_test_copy,
                      reviewed_copy)

RUNCHECK = os.path.abspath(sys.argv[1])
TREE = "questions/runner-injuries.yaml"
WALKS = "tests/walks/runner-injuries.yaml"
DATA = "tests/data/l10n"
FAILED = []
PASSED = [0]

# Words of the shipped draft tree catalogs that show the texts are theirs.
TITLES = {"zh-Hans": "\u8dd1\u6b65\u635f\u4f24\u81ea\u6211\u68c0\u67e5",
          "vi": "T\u1ef1 ki\u1ec3m tra ch\u1ea5n th\u01b0\u01a1ng"}
DRAFT = "This translation is a draft"


def check(name, ok, detail=""):
    if ok:
        PASSED[0] += 1
    else:
        FAILED.append(name)
        print("FAIL: %s %s" % (name, detail[:2000]), file=sys.stderr)


def run(args, lines=(), env=None, program=RUNCHECK):
    p = subprocess.run([program] + args,
                       input="".join(line + "\n" for line in lines).encode(),
                       capture_output=True, env=env or {}, timeout=30)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def option_number(q, value):
    """The number of the option a walk's answer names: its text, or the
    one option whose text begins with the answer's word ("yes" for "Yes,
    ...", as the engine takes it)."""
    texts = [o["text"] for o in q["options"]]
    if value in texts:
        return texts.index(value) + 1
    v = value.lower()
    starts = [i for i, t in enumerate(texts)
              if t.lower().startswith(v) and
              not t[len(v):len(v) + 1].isalnum()]
    if len(starts) != 1:
        raise ValueError("no one option for %r in %r" % (value, texts))
    return starts[0] + 1


def walk_lines(tree, walk, words=None):
    """The walk's answers as lines a person types: choices by number, the
    words yes, no, not sure and none as words gives them."""
    lines = []
    words = words or {}
    for item in walk["answers"]:
        (qid, value), = item.items()
        q = tree["questions"][qid]
        if q.get("type", "choice") == "choice":
            lines.append(str(option_number(q, value)))
        else:
            lines.append(words.get(value, str(value)))
    return lines


def test_walks():
    tree = yaml.safe_load(open(TREE))
    walks = yaml.safe_load(open(WALKS))["walks"]
    for lang, posix in (("en", "en"), ("zh-Hans", "zh_Hans"), ("vi", "vi")):
        wrong = []
        words = answer_words(RUNCHECK, posix)
        for walk in walks:
            rc, out, err = run(["--lang", lang, "--json", "--tree", TREE],
                               walk_lines(tree, walk, words))
            try:
                got = json.loads(out)
            except ValueError:
                wrong.append("%s: no JSON (%d) %s" % (walk["name"], rc, err))
                continue
            if (rc != 0 or got["outcome"] != walk["outcome"] or
                    got["triage"] != walk["triage"] or
                    got["language"] != lang or got["tree"] != tree["id"]):
                wrong.append("%s: %s %s" % (walk["name"], got["outcome"],
                                            got["triage"]))
        check("%s: the %d shipped walks by number (yes, no and none as %s)"
              " reach their outcomes"
              % (lang, len(walks), "/".join(words.values())),
              not wrong and len(walks) > 200, "\n".join(wrong))


def test_clinic():
    """A walk to a booking in Chinese: the shipped clinic's booking_home
    sentence from its catalog (runcheck-clinic)."""
    tree = yaml.safe_load(open(TREE))
    walk = next(w for w in yaml.safe_load(open(WALKS))["walks"]
                if w["triage"] == "consult")
    rc, out, err = run(["--lang", "zh-Hans"],
                       walk_lines(tree, walk))
    check("the clinic's booking sentence in Chinese",
          rc == 0 and "\u7ed9\u8bca\u6240\u6253\u7535\u8bdd" in out and
          "Call the clinic or book online" not in out, out + err)


def test_choosing():
    first = ["--tree", TREE]
    for name in ("zh-Hans", "zh_Hans", "zh-CN", "zh_CN", "zh", "ZH-hans"):
        rc, out, err = run(first + ["--lang", name])
        check("--lang %s is Simplified Chinese" % name,
              rc == 1 and TITLES["zh-Hans"] in out, out + err)
    for name in ("vi", "vi-VN", "vi_VN"):
        rc, out, err = run(first + ["--lang", name])
        check("--lang %s is Vietnamese" % name,
              rc == 1 and TITLES["vi"] in out, out + err)
    rc, out, err = run(first + ["--lang", "fr"])
    check("--lang fr: status 64, naming the languages",
          rc == 64 and out == "" and
          "unknown language 'fr'" in err and "zh-Hans, vi" in err, err)
    rc, out, err = run(first + ["--lang", "en"], env={"LANGUAGE": "vi"})
    check("--lang en wins over LANGUAGE, and English is no draft",
          rc == 1 and "Running injury" in out and DRAFT not in out,
          out + err)
    for env, lang in (({"LANGUAGE": "vi"}, "vi"),
                      ({"LANGUAGE": "fr:zh_CN"}, "zh-Hans"),
                      ({"LC_ALL": "vi_VN.UTF-8"}, "vi"),
                      ({"LANG": "zh_CN.UTF-8"}, "zh-Hans"),
                      ({"LANG": "C.UTF-8", "LANGUAGE": "zh_CN"}, "zh-Hans")):
        rc, out, err = run(first, env=env)
        check("the environment %s chooses %s" % (env, lang),
              rc == 1 and TITLES[lang] in out, out + err)
    rc, out, _ = run(first, env={"LANG": "fr_FR.UTF-8"})
    check("a language runcheck does not speak: English",
          rc == 1 and "Running injury" in out and DRAFT not in out, out)
    for lang, posix in (("vi", "vi"), ("zh-Hans", "zh_Hans")):
        rc, out, _ = run(first + ["--lang", lang])
        check("the shipped draft catalogs are labelled a draft (%s)" % lang,
              interface_text(RUNCHECK, posix, DRAFT_NOTICE) in out, out)


def test_words(tmp):
    program = reviewed_copy(tmp, RUNCHECK,
                            os.path.join(DATA, "runcheck-vi.po"))
    tree = ["--tree", TREE, "--lang", "vi"]
    rc, out, _ = run(tree, program=program)
    check("the test catalog's interface text is shown",
          rc == 1 and "[vi] Answer one question at a time" in out, out)
    check("a reviewed language is not labelled a draft", DRAFT not in out,
          out)
    # 18 to 44, Female, then the red flags: none in Vietnamese.
    _, english, _ = run(tree, ["4", "1", "none"], program=program)
    for word in ("kh\u00f4ng c\u00f3", "Khong co"):
        _, out, _ = run(tree, ["4", "1", word], program=program)
        check("none as %r is taken at a multi as none is" % word,
              out == english, out)
    # A child's knee: then a yes/no question (kid_unwell).
    shipped = yaml.safe_load(open(TREE))
    knee = str(option_number(shipped["questions"]["area"],
                             "The front of the knee"))
    child = ["2", "2", "none", knee]
    for english_word, words in (("yes", ("c\u00f3", "CO")),
                                ("no", ("kh\u00f4ng", "khong"))):
        _, expected, _ = run(tree, child + [english_word], program=program)
        for word in words:
            _, out, _ = run(tree, child + [word], program=program)
            check("%s as %r at a yes/no question" % (english_word, word),
                  out == expected and "[vi] 'c" not in out, out)
    rc, out, err = run(tree, ["4", "gi\u00fap"], program=program)
    check("a command word in the language in use (help)",
          "[vi] Commands:" in out, out)
    rc, out, err = run(tree, ["4", "help"], program=program)
    check("the command word in English still works",
          "[vi] Commands:" in out, out)
    rc, out, err = run(tree, ["4", "quay l\u1ea1i", "5"], program=program)
    check("back in the language in use",
          "[vi] Back to the previous question." in out, out)
    rc, out, err = run(tree, ["4", "1", "99"], program=program)
    check("a reason that ends in its language's full stop gets no '.'",
          "[vi] 1 \u2013 17, kh\u00f4ng c\u00f3\u3002\n" in out, out)
    rc, out, err = run(tree, ["4", "1", "x"], program=program)
    check("the engine's refusals in the language in use",
          "[vi] 'x' is not an option number" in out, out)


def test_stale_review(tmp):
    """A review holds for the English it was made for: its hash."""
    program, tree = po_test_copy(tmp, RUNCHECK)
    args = ["--tree", tree, "--lang", "vi"]
    # "Kiem tra dau goi": the tree's title in the catalog.
    title = "Ki\u1ec3m tra \u0111\u1ea7u g\u1ed1i"
    rc, out, err = run(args, ["1"], program=program)
    check("reviewed for the tree as it is: in Vietnamese, no draft label",
          rc == 0 and title in out and DRAFT not in out, out + err)
    check("reviewed for the tree as it is: nothing said",
          "warning" not in err, err)
    edit_english(tree)
    rc, out, err = run(args, ["1"], program=program)
    check("the English edited under the review: labelled a draft",
          rc == 0 and DRAFT in out, out + err)
    check("the English edited: the edited text shows in English, the rest "
          "in Vietnamese",
          PO_TEST_EDITED.split(": ", 1)[1] in out and title in out, out)
    mo = os.path.join(tmp, "bin", "..", "share", "locale", "vi",
                      "LC_MESSAGES", "runcheck-tree-po-test.mo")
    check("the English edited: a warning names the catalog and says why",
          err.count("runcheck: warning: " + mo +
                    " was reviewed for other English") == 1 and
          "the English changed since its review, so vi counts as a draft"
          in err, err)


def test_terminal(tmp):
    """At a terminal, Tab completes a command word in the language in use:
    "gi" becomes "giúp" (help), which nothing else begins with."""
    program = reviewed_copy(tmp, RUNCHECK, os.path.join(DATA, "runcheck-vi.po"))
    p = ptyterm.PtyProgram([program, "--tree", os.path.abspath(TREE),
                            "--lang", "vi"], os.getcwd(),
                           {"TERM": "xterm", "INPUTRC": "/dev/null"}, 24, 80)
    try:
        check("terminal: the quiz starts", p.expect("[vi] Answer one"))
        since = len(p.text())
        os.write(p.fd, b"gi\t")
        p.expect("gi\u00fap", since)
        os.write(p.fd, b"\r")
        check("terminal: Tab completes giúp, and it is help",
              p.expect("[vi] Commands:", since), p.text()[since:])
    finally:
        os.write(p.fd, b"\x04")
        p.wait()


def main():
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                          "..", ".."))
    test_choosing()
    test_clinic()
    with tempfile.TemporaryDirectory() as tmp:
        test_words(tmp)
    with tempfile.TemporaryDirectory() as tmp:
        test_terminal(tmp)
    with tempfile.TemporaryDirectory() as tmp:
        test_stale_review(tmp)
    test_walks()
    print("languages: %d passed, %d failed" % (PASSED[0], len(FAILED)))
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
