"""l10ncopy.py - what languages.py and kiosk_lang.py share: a copy of the
program beside catalogs of its own, as an installed program finds them
(tmp/bin/runcheck, tmp/share/locale/LANG/LC_MESSAGES/DOMAIN.mo)."""
import hashlib
import os
import shutil
import subprocess

# The small tree of the catalog tests and its Vietnamese catalog, reviewed
# for it as it is (X-Runcheck-Tree-Hash: the tree file's SHA-256).
PO_TEST_TREE = "tests/data/po/tree.yaml"
PO_TEST_REVIEWED = "tests/data/po/reviewed.po"
# An English text of PO_TEST_TREE, and the same edited.
PO_TEST_TEXT = "disclaimer: Not a diagnosis."
PO_TEST_EDITED = "disclaimer: Not a diagnosis, only a first guide."


def sha256_of(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def program_copy(tmp, runcheck):
    """The program copied to tmp/bin, and the folder of its Vietnamese
    catalogs (tmp/share/locale/vi/LC_MESSAGES), made."""
    bindir = os.path.join(tmp, "bin")
    msgs = os.path.join(tmp, "share", "locale", "vi", "LC_MESSAGES")
    os.makedirs(bindir)
    os.makedirs(msgs)
    program = os.path.join(bindir, "runcheck")
    shutil.copy(runcheck, program)
    return program, msgs


def po_test_copy(tmp, runcheck):
    """The program copied to tmp/bin beside the Vietnamese catalog of
    PO_TEST_TREE reviewed for it, built as is (msgfmt), and the tree
    copied to tmp/tree.yaml. Returns the program's and the tree's
    paths."""
    program, msgs = program_copy(tmp, runcheck)
    subprocess.run(["msgfmt", "--check", "-o", os.path.join(
        msgs, "runcheck-tree-po-test.mo"), PO_TEST_REVIEWED], check=True)
    tree = os.path.join(tmp, "tree.yaml")
    shutil.copy(PO_TEST_TREE, tree)
    return program, tree


def edit_english(tree):
    """Edits one English text of the tree at tree (PO_TEST_TEXT), as a
    clinician would, without msgmerge or a new review."""
    with open(tree) as f:
        text = f.read()
    assert PO_TEST_TEXT in text
    with open(tree, "w") as f:
        f.write(text.replace(PO_TEST_TEXT, PO_TEST_EDITED, 1))


def reviewed_copy(tmp, runcheck, interface_po=None):
    """The program copied to tmp/bin, with the shipped tree's Vietnamese
    catalog marked reviewed for the shipped tree as it is beside it, and
    interface_po (a .po of the runcheck domain) as the Vietnamese
    interface when given. Returns the copy's path."""
    program, msgs = program_copy(tmp, runcheck)
    if interface_po:
        subprocess.run(["msgfmt", "--check", "-o",
                        os.path.join(msgs, "runcheck.mo"), interface_po],
                       check=True)
    with open("po/runcheck-tree-runner-injuries/vi.po") as f:
        po = f.read()
        assert "X-Runcheck-Status: draft\\n" in po
        po = po.replace(
            "X-Runcheck-Status: draft\\n",
            "X-Runcheck-Status: reviewed\\n\"\n"
            "\"X-Runcheck-Tree-Hash: %s\\n"
            % sha256_of("questions/runner-injuries.yaml"), 1)
    reviewed = os.path.join(tmp, "tree-vi.po")
    with open(reviewed, "w") as f:
        f.write(po)
    subprocess.run(["msgfmt", "-o", os.path.join(
        msgs, "runcheck-tree-runner-injuries.mo"), reviewed], check=True)
    return program


DRAFT_NOTICE = ("This translation is a draft: a qualified medical translator "
                "and the clinic's clinician have not yet checked it. If "
                "anything is unclear, use the English.")


def interface_text(runcheck, posix, msgid, chars=8):
    """The start of msgid in the interface catalog that the program at
    runcheck finds beside it (build/locale) for the language posix, or of
    the English when there is none: short enough not to be wrapped."""
    import gettext
    t = gettext.translation("runcheck", os.path.join(
        os.path.dirname(runcheck), "locale"), [posix], fallback=True)
    return t.gettext(msgid)[:chars]


def answer_words(runcheck, posix):
    """yes, no, not sure and none as the interface catalog beside the
    program has them for the language posix (the first of a translation's
    |-separated words), each its English where it has none."""
    import gettext
    t = gettext.translation("runcheck", os.path.join(
        os.path.dirname(runcheck), "locale"), [posix], fallback=True)
    return {w: t.pgettext("answer word", w).split("|")[0].strip()
            for w in ("yes", "no", "not sure", "none")}
