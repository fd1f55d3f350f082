#!/usr/bin/env python3
"""glyphs.py - every character the kiosk draws is one the console font the
README recommends can draw.

    python3 tests/e2e/glyphs.py build/runcheck     (from the repository root)

The kiosk's console sets Lat15-TerminusBold32x16 (runcheck-kiosk.service;
the README offers 28x14 and 24x12 for small screens). A character that a
console font lacks shows as a replacement glyph, so a QR code drawn with
half blocks, which those fonts lack, cannot be scanned. This test reads
each font's Unicode table with psfgettable (kbd) from console-setup-linux's
PSF file, then runs a kiosk session at TERM=linux on a 120x33 screen (the
32x16 font at 1920x1080) through every kind of screen: a question, a
refused answer, help, the result with its QR code, the booking offer and
its contact form, and the next welcome; and it reads every text of the
shipped tree a person can be shown (runcheck report). It fails naming
each character a font lacks: U+XXXX, its name, and the line it is on.
Prints "glyphs: N passed, M failed" and exits 1 when anything failed.
"""
import gzip
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata

import ptyterm

ROOT = os.getcwd()
RUNCHECK = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/runcheck")
CLINIC = os.path.join(ROOT, "tests/data/e2e-clinic.yaml")  # one with a URL
FONT_DIR = "/usr/share/consolefonts"
FONTS = ["Lat15-TerminusBold32x16", "Lat15-TerminusBold28x14",
         "Lat15-TerminusBold24x12"]
# Only for showing that the check catches a half block: GLYPHS_TERM=xterm.
TERM = os.environ.get("GLYPHS_TERM", "linux")

# Terminal control: CSI and OSC sequences, charset designations, the other
# two-byte escapes, and the C0 controls that move the cursor.
CONTROL = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
                     rb"|\x1b[()*+][0-9A-Za-z]|\x1b[ -~]|[\x00-\x09\x0b-\x1f\x7f]")

tally = ptyterm.Tally("glyphs")


def font_table(name):
    """The code points the font named has a glyph for, from psfgettable;
    None (and a failure said) when it cannot be read."""
    path = os.path.join(FONT_DIR, name + ".psf.gz")
    if not os.path.exists(path):
        tally.check("the font %s is installed (console-setup-linux; make "
                    "check-deps)" % path, False)
        return None
    if shutil.which("psfgettable") is None:
        tally.check("psfgettable is installed (kbd; make check-deps)", False)
        return None
    with tempfile.NamedTemporaryFile(suffix=".psf") as psf:
        with gzip.open(path) as f:
            psf.write(f.read())
        psf.flush()
        out = subprocess.run(["psfgettable", psf.name], capture_output=True,
                             text=True, check=False)
    table = {int(cp, 16) for cp in re.findall(r"U\+([0-9a-fA-F]{4,6})", out.stdout)}
    tally.check("psfgettable reads %s's Unicode table" % name,
                out.returncode == 0 and len(table) > 200)
    return table


def check_text(what, raw, table, font):
    """Fails once for each character of raw (bytes a terminal is sent) that
    the font lacks, naming it and the first line it is on."""
    text = CONTROL.sub(b"", raw).decode("utf-8", "replace")
    lines = text.split("\n")
    missing = {}
    for number, line in enumerate(lines, 1):
        for ch in line:
            if ord(ch) not in table and ch not in missing:
                missing[ch] = (number, line.strip())
    for ch, (number, line) in sorted(missing.items()):
        name = unicodedata.name(ch, "unnamed")
        tally.check("%s: U+%04X %s is not in %s (line %d: %.70s)"
                    % (what, ord(ch), name, font, number, line), False)
    tally.check("%s: every character is in %s" % (what, font), not missing)


def send(prog, line):
    os.write(prog.fd, (line + "\r").encode())


def expect_any(prog, patterns, since):
    """Waits until one of patterns shows after since (ptyterm's TIMEOUT)."""
    deadline = time.monotonic() + ptyterm.TIMEOUT
    while not any(p in prog.text()[since:] for p in patterns):
        left = deadline - time.monotonic()
        if left <= 0 or prog.read_some(left) is None:
            break


def kiosk_session(home):
    """The bytes a kiosk session writes, from the welcome through a result
    with a QR code and a booking request to the next welcome."""
    env = ptyterm.base_env(home, inputrc=None)
    env["TERM"] = TERM
    env["RUNCHECK_DB"] = os.path.join(home, "kiosk.db")
    # Standard error (the kiosk's log) goes to the journal, not the screen.
    prog = ptyterm.PtyProgram(
        ["/bin/sh", "-c", 'exec "$0" kiosk --clinic "$1" 2>"$2"', RUNCHECK,
         CLINIC, os.path.join(home, "err")], home, env, 33, 120)
    try:
        tally.check("the welcome shows", prog.expect("Press Enter to start"), prog)
        # A refused word, help, then the README's walk to a consult result.
        steps = [("", "> "), ("18 to 44", "> "), ("Male", "> "),
                 ("knee", "> "), ("help", "> "), ("none", "> "),
                 ("The heel", "> "), ("Under the heel", "> "), ("no", "> "),
                 ("It eases", "> "), ("no", "Likely:")]
        for line, expected in steps:
            mark = len(prog.text())
            send(prog, line)
            tally.check("after '%s', '%s' shows" % (line, expected),
                        prog.expect(expected, mark), prog)
            prog.settle(0.1)
        for _ in range(8):
            if prog.text().rstrip().endswith("(y/n)\n>"):
                break
            mark = len(prog.text())
            send(prog, "")
            expect_any(prog, ("Page", "(y/n)"), mark)
            prog.settle(0.1)
        tally.check("the booking offer shows",
                    "Would you like the clinic to contact you" in prog.text(), prog)
        for line, expected in [("y", "Your name:"), ("Sam Lee", "Phone or email:"),
                               ("0400 000 000", "May we keep"),
                               ("y", "May the clinician"),
                               ("y", "Press Enter to finish"),
                               ("", "Press Enter to start")]:
            mark = len(prog.text())
            send(prog, line)
            tally.check("after '%s', '%s' shows" % (line, expected),
                        prog.expect(expected, mark), prog)
    finally:
        os.kill(prog.pid, 15)
        prog.wait()
    return prog.raw


def main():
    tables = {name: font_table(name) for name in FONTS}
    home = tempfile.mkdtemp()
    try:
        raw = kiosk_session(home)
    finally:
        shutil.rmtree(home)
    text = CONTROL.sub(b"", raw).decode("utf-8", "replace")
    blocks = sum(text.count(ch) for ch in "\u2580\u2584\u2588")
    tally.check("a QR code is drawn", blocks > 200)
    report = subprocess.run([RUNCHECK, "report", "--format", "markdown"],
                            capture_output=True, check=False,
                            env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"),
                                 "LC_ALL": "C.UTF-8"})
    tally.check("runcheck report of the shipped tree", report.returncode == 0)
    for name, table in tables.items():
        if table is None:
            continue
        check_text("the kiosk at TERM=%s" % TERM, raw, table, name)
        check_text("the shipped tree's texts", report.stdout, table, name)
    return tally.summary()


if __name__ == "__main__":
    sys.exit(main())
