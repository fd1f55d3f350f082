#!/usr/bin/env python3
"""kiosk_lang.py - the kiosk's languages at a real pseudo-terminal
(issue 18): the welcome offers the clinic's languages by number, each
named in itself; a number switches the welcome, and the quiz and the
result that follow, to that language; the next patient starts again in the
clinic's default; a draft language is not offered (and the kiosk says so on
standard error) unless --allow-draft-languages, and a reviewed one is,
until the English it was reviewed for is edited.

    python3 tests/e2e/kiosk_lang.py build/runcheck   (from the repository root)

Prints "kiosk_lang: N passed, M failed" and exits 1 when anything failed.
"""
import os
import sys
import tempfile

import kiosk
from kiosk import CLEAR_ALL, Kiosk, finish_result
from l10ncopy import (DRAFT_NOTICE, edit_english, interface_text,
                      po_test_copy, reviewed_copy)

ROOT = os.getcwd()
RUNCHECK = kiosk.RUNCHECK
TREE = os.path.join(ROOT, "questions/runner-injuries.yaml")
CLINIC = os.path.join(ROOT, "tests/data/l10n/clinic.yaml")
EN_TITLE = "Running injury self-check"
ZH_TITLE = "\u8dd1\u6b65\u635f\u4f24\u81ea\u6211\u68c0\u67e5"
ZH_AGE = "\u611f\u5230\u75bc\u75db\u7684\u4eba\u591a\u5927\u5e74\u9f84"
VI = "Ti\u1ebfng Vi\u1ec7t"
ZH = "\u4e2d\u6587"
DRAFT = "This translation is a draft"
# The condition of outcome slipped_epiphysis_suspected, in the shipped
# Chinese catalog.
ZH_RESULT = "\u80a1\u9aa8\u5934\u9aa8\u9aba\u6ed1\u8131"

tally = kiosk.tally
check = tally.check


def start(home, program, args):
    return Kiosk(home, program=[program, "kiosk", "--tree", TREE,
                                "--clinic", CLINIC] + args)


def test_choice(home):
    """A patient chooses Chinese, walks to a result by numbers; the next
    patient's welcome is English again."""
    k = start(home, RUNCHECK, ["--allow-draft-languages"])
    try:
        check("the welcome offers the languages, each named in itself",
              k.wait_for(lambda: all(s in k.text() for s in (
                  "[1 English]", "2 " + ZH, "3 " + VI, EN_TITLE))), k)
        mark = k.mark()
        k.send("2")
        check("2 shows the welcome in Chinese, marked",
              k.expect(ZH_TITLE, mark) and k.expect("[2 " + ZH + "]", mark),
              k)
        mark = k.mark()
        k.send("\r")
        check("the quiz is in Chinese", k.expect(ZH_AGE, mark), k)
        check("a draft language is labelled a draft at the kiosk too",
              k.expect(interface_text(RUNCHECK, "zh_Hans", DRAFT_NOTICE),
                       mark), k)
        # A 13-year-old's knee: an urgent result (no booking offer).
        for line in ("2", "2", "none", "9", "no", "yes", "yes"):
            mark = k.mark()
            k.send(line + "\r")
            k.settle(0.2)
        check("the walk by numbers reaches the result, in Chinese",
              k.expect(ZH_RESULT, mark), k)
        mark = finish_result(k, "chinese")
        at = k.raw.rfind(CLEAR_ALL)
        check("the next patient's welcome is in the clinic's default",
              k.wait_for(lambda: EN_TITLE in k.text(at) and
                         "[1 English]" in k.text(at) and
                         ZH_TITLE not in k.text(at)), k)
        mark = k.mark()
        k.send("\r")
        check("and so is the next patient's quiz",
              k.expect("How old is the person", mark), k)
        check("the kiosk reported nothing", "runcheck:" not in k.stderr(),
              k.stderr())
    finally:
        k.close()


def test_drafts_hidden(home):
    """The shipped catalogs are drafts: without --allow-draft-languages the
    welcome offers none of them and shows no choice."""
    k = start(home, RUNCHECK, [])
    try:
        check("drafts hidden: the welcome shows",
              k.wait_for(lambda: "Press Enter to start" in k.text()), k)
        k.settle(0.3)
        check("drafts hidden: no language is offered",
              ZH not in k.text() and VI not in k.text() and
              "English]" not in k.text(), k)
        k.send("2")
        k.settle(0.3)
        check("drafts hidden: a number does not switch",
              ZH_TITLE not in k.text(), k)
        check("drafts hidden: said on standard error",
              "language zh-Hans is not offered" in k.stderr() and
              "language vi is not offered" in k.stderr(), k.stderr())
    finally:
        k.close()


def test_reviewed_offered(home):
    """A copy of the program beside catalogs of its own, Vietnamese's
    marked reviewed: the welcome offers English and Vietnamese only, and
    the Vietnamese quiz carries no draft label."""
    program = reviewed_copy(home, RUNCHECK)
    k = start(home, program, [])
    try:
        check("reviewed: offered beside English, the draft is not",
              k.wait_for(lambda: "[1 English]" in k.text() and
                         "2 " + VI in k.text()) and ZH not in k.text(), k)
        mark = k.mark()
        k.send("2\r")
        check("reviewed: the quiz in Vietnamese, no draft label",
              k.expect("bao nhi\u00eau tu\u1ed5i", mark) and
              DRAFT not in k.text(mark), k)
    finally:
        k.close()


def test_stale_review_hidden(home):
    """A catalog reviewed for the tree as it is: offered. The same
    catalog after one English text of the tree is edited (no msgmerge,
    no new review): not offered, and the kiosk says which catalog and
    why."""
    program, tree = po_test_copy(home, RUNCHECK)
    args = [program, "kiosk", "--tree", tree, "--clinic", CLINIC]
    k = Kiosk(home, program=args)
    try:
        check("reviewed for this English: offered",
              k.wait_for(lambda: "[1 English]" in k.text() and
                         "2 " + VI in k.text()), k)
        check("reviewed for this English: nothing said of it",
              "language vi is not offered" not in k.stderr() and
              "warning" not in k.stderr(), k.stderr())
    finally:
        k.close()
    edit_english(tree)
    k = Kiosk(home, program=args)
    try:
        check("the English edited under the review: the welcome shows",
              k.wait_for(lambda: "Press Enter to start" in k.text()), k)
        k.settle(0.3)
        check("the English edited under the review: vi is not offered",
              VI not in k.text() and "English]" not in k.text(), k)
        check("the English edited: the stale catalog is named, and why",
              "runcheck-tree-po-test.mo was reviewed for other English"
              in k.stderr() and "the English changed since its review"
              in k.stderr() and "language vi is not offered"
              in k.stderr(), k.stderr())
    finally:
        k.close()


def main():
    for test in (test_choice, test_drafts_hidden, test_reviewed_offered,
                 test_stale_review_hidden):
        with tempfile.TemporaryDirectory() as home:
            test(home)
    return tally.summary()


if __name__ == "__main__":
    sys.exit(main())
