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
