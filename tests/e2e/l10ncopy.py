"""l10ncopy.py - what languages.py and kiosk_lang.py share: a copy of the
program beside catalogs of its own, as an installed program finds them
(tmp/bin/runcheck, tmp/share/locale/LANG/LC_MESSAGES/DOMAIN.mo)."""
import os
import shutil
import subprocess


def reviewed_copy(tmp, runcheck, interface_po=None):
    """The program copied to tmp/bin, with the shipped tree's Vietnamese
    catalog marked reviewed beside it, and interface_po (a .po of the
    runcheck domain) as the Vietnamese interface when given. Returns the
    copy's path."""
    bindir = os.path.join(tmp, "bin")
    msgs = os.path.join(tmp, "share", "locale", "vi", "LC_MESSAGES")
    os.makedirs(bindir)
    os.makedirs(msgs)
    program = os.path.join(bindir, "runcheck")
    shutil.copy(runcheck, program)
    if interface_po:
        subprocess.run(["msgfmt", "--check", "-o",
                        os.path.join(msgs, "runcheck.mo"), interface_po],
                       check=True)
    with open("po/runcheck-tree-runner-injuries/vi.po") as f:
        po = f.read().replace("X-Runcheck-Status: draft",
                              "X-Runcheck-Status: reviewed", 1)
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
