#!/usr/bin/env python3
"""screens.py - what a person sees on the screen, captured from tmux
(capture-pane), for the quiz at home and the kiosk's visit.

    python3 tests/e2e/screens.py build/runcheck     (from the repository root)

Checks that a refused answer's reason stays in view with the prompt at
80x24 (the question is not printed again, a one-line reminder is);
that a long result at home is paged and ends with its headline in view,
and keeps to 80 columns on a wide terminal (80x24, 60x40, 120x30); that
Ctrl-C under `make run` ends without make's "Interrupt"; that the kiosk,
for two patients in a row, does not repeat the title after its welcome,
leaves no pager prompt above the booking question, takes B there back
to the result, clears "Are you still there?" after the key, never ends
a result on a page of the disclaimer alone, and never rings the bell;
that ACCESSIBLE=1 at the kiosk hard-wraps nothing; and that the QR code
stays whole on one page of a 120x33 Linux console. Prints "screens: N
passed, M failed" and exits 1 when anything failed.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

from ptyterm import TIMEOUT, PtyProgram, Tally

ROOT = os.getcwd()
RUNCHECK = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/runcheck")
SHIPPED_CONSULT = ["18 to 44", "Male", "none", "The heel", "Under the heel",
                   "no", "It eases", "no"]
E2E_TREE = os.path.join(ROOT, "tests/data/e2e-basic.yaml")
E2E_CLINIC = os.path.join(ROOT, "tests/data/e2e-clinic.yaml")

tally = Tally("screens")


class Pane:
    """A command in a detached tmux session of cols by rows; screen() is
    what the pane shows now, as text."""

    made = 0

    def __init__(self, home, argv, cols, rows, env=None):
        Pane.made += 1
        self.sock = os.path.join(home, "tmux%d.sock" % Pane.made)
        self.home = home
        environ = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"),
                   "HOME": home, "TERM": "xterm", "LC_ALL": "C.UTF-8",
                   "INPUTRC": "/dev/null"}
        environ.update(env or {})
        words = ["env", "-i"] + ["%s=%s" % kv for kv in environ.items()]
        # The pane stays after the program ends, so that its last screen
        # can be read.
        command = " ".join("'%s'" % w for w in words + argv) + \
            "; echo '[ended]'; sleep 60"
        self.tmux("-f", "/dev/null", "new-session", "-d", "-x", str(cols),
                  "-y", str(rows), "-s", "t", command)
        self.tmux("set-option", "-t", "t", "status", "off")

    def tmux(self, *args):
        return subprocess.run(["tmux", "-S", self.sock] + list(args),
                              capture_output=True, timeout=TIMEOUT)

    def screen(self):
        out = self.tmux("capture-pane", "-p", "-t", "t").stdout
        return out.decode("utf-8", "replace")

    def lines(self):
        return self.screen().rstrip("\n").split("\n")

    def keys(self, *keys):
        self.tmux("send-keys", "-t", "t", *keys)

    def line(self, text):
        self.keys("-l", text)
        self.keys("Enter")

    def wait(self, found):
        """Waits until found(screen) is true; False after TIMEOUT."""
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            if found(self.screen()):
                return True
            time.sleep(0.05)
        return found(self.screen())

    def settle(self, quiet=0.3):
        """Waits until the screen has not changed for quiet seconds."""
        before = self.screen()
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            time.sleep(quiet)
            now = self.screen()
            if now == before:
                return now
            before = now
        return before

    def close(self):
        self.tmux("kill-server")


def check(name, ok, pane=None):
    tally.check(name, ok)
    if not ok and pane is not None:
        shown = pane.lines() if hasattr(pane, "lines") else \
            pane.text().splitlines()[-20:]
        for line in shown:
            print("    | " + line, file=sys.stderr)


def last_lines(screen, n):
    lines = [l for l in screen.rstrip("\n").split("\n")]
    while lines and not lines[-1].strip():
        lines.pop()
    return lines[-n:]


def test_refusal_in_view(home):
    """At 80x24, a wrong answer at the long warning-signs question: the
    reason, a one-line reminder and the prompt are the screen's last
    lines, and the question's options are not printed again."""
    p = Pane(home, [RUNCHECK], 80, 24)
    try:
        check("refusal: the first question", p.wait(lambda s: "How old" in s), p)
        p.line("18 to 44")
        p.wait(lambda s: "What sex" in s)
        p.line("Male")
        check("refusal: the long question",
              p.wait(lambda s: "17. Pain that wakes you" in s), p)
        p.line("maybe")
        p.wait(lambda s: "maybe'" in s)
        screen = p.settle()
        tail = last_lines(screen, 3)
        check("refusal: the reason, the reminder and the prompt end the screen",
              len(tail) == 3 and "'maybe'" in tail[0]
              and tail[1].startswith("Warning signs: type the numbers")
              and tail[2].rstrip() == ">", p)
        options = [l for l in screen.split("\n") if "Sudden shortness" in l]
        check("refusal: the options are not printed again", len(options) <= 1, p)
        p.line("none")
        check("refusal: the quiz goes on", p.wait(lambda s: "Where is the pain worst?" in s), p)
    finally:
        p.close()


STILL = "Are you still there? Press any key."
DISCLAIMER = "It is not a diagnosis"


def page_body(screen):
    """The lines of a result page above its prompt, blank ones left out."""
    lines = [l for l in screen.split("\n") if l.strip()]
    return [l for l in lines if not l.startswith("Page ")
            and not l.startswith("Press Enter")]


def test_home_result(home):
    """The quiz at home at 80x24, 60x40 and 120x30: a result taller than
    the screen is paged, every line keeps to 80 columns, and the last
    screen ends with the headline (the likely condition and what to do)
    in view."""
    for cols, rows in ((80, 24), (60, 40), (120, 30)):
        name = "home %dx%d: " % (cols, rows)
        p = Pane(home, [RUNCHECK], cols, rows)
        try:
            p.wait(lambda s: "How old" in s)
            widest = 0
            for answer in SHIPPED_CONSULT:
                p.line(answer)
                time.sleep(0.15)
            check(name + "the result is paged", p.wait(lambda s: "Page 1 of" in s), p)
            for _ in range(8):
                screen = p.settle()
                widest = max([widest] + [len(l.rstrip()) for l in screen.split("\n")])
                if "[ended]" in screen:
                    break
                p.keys("Enter")
            tail = last_lines(screen, 3)
            check(name + "it ends with the headline in view",
                  len(tail) == 3 and tail[0].startswith("Likely: Plantar fasciitis")
                  and tail[1].startswith("Book an assessment")
                  and tail[2] == "[ended]", p)
            check(name + "no line over 80 columns (%d)" % widest, widest <= 80, p)
        finally:
            p.close()


def test_make_run_ctrl_c(home):
    """Ctrl-C at a question under `make run` ends the quiz, and make
    with it, normally: no "make: *** [Makefile:NN: run] Interrupt"."""
    if not shutil.which("make"):
        check("make is installed", False)
        return
    p = Pane(home, ["sh", "-c", "make --no-print-directory -C '%s' run; "
                    "echo rc=$?" % ROOT], 80, 24)
    try:
        check("make run: the first question",
              p.wait(lambda s: "How old" in s), p)
        p.wait(lambda s: s.rstrip().endswith(">"))
        p.keys("C-c")
        check("make run: ends with status 0 after Ctrl-C",
              p.wait(lambda s: "rc=0" in s), p)
        check("make run: no Interrupt", "Interrupt" not in p.screen(), p)
    finally:
        p.close()


def test_kiosk_screens(home):
    """Two patients in a row at an 80x24 kiosk, as tmux shows it."""
    p = Pane(home, [RUNCHECK, "kiosk", "--idle", "2", "--grace", "60"], 80, 24,
             {"RUNCHECK_DB": os.path.join(home, "kiosk.db")})
    try:
        for patient in ("first", "second"):
            name = "kiosk (%s patient): " % patient
            check(name + "the welcome", p.wait(lambda s: "Press Enter to start" in s), p)
            p.keys("Enter")
            check(name + "the quiz", p.wait(lambda s: "How old" in s), p)
            screen = p.screen()
            check(name + "no title or disclaimer again after the welcome",
                  "Running injury self-check" not in screen
                  and DISCLAIMER not in screen and "=====" not in screen, p)
            if patient == "first":
                p.keys("-l", "ab")
                check(name + "still there?", p.wait(lambda s: STILL in s), p)
                p.keys("x")
                check(name + "the question is cleared after the key",
                      p.wait(lambda s: STILL not in s and "> ab" in s), p)
                check(name + "still there? a second time",
                      p.wait(lambda s: STILL in s), p)
                check(name + "never twice on the screen",
                      p.screen().count(STILL) == 1, p)
                p.keys("x")
                p.wait(lambda s: STILL not in s)
                p.keys("C-u")
            for answer in SHIPPED_CONSULT:
                p.line(answer)
                time.sleep(0.15)
            check(name + "the result", p.wait(lambda s: "Page 1 of" in s), p)
            lone = []
            pages = 0
            while True:
                screen = p.settle()
                pages += 1
                body = page_body(screen)
                if all(DISCLAIMER in l or "doctor" in l or "medical help" in l
                       for l in body):
                    lone.append(pages)
                if "Press Enter when you have finished reading" in screen or pages > 8:
                    break
                p.keys("Enter")
                p.wait(lambda s, n=pages: "Page %d of" % (n + 1) in s)
            check(name + "no page holds only the disclaimer (pages %s)" % lone,
                  not lone, p)
            p.keys("Enter")
            check(name + "the offer", p.wait(lambda s: "contact you to book?" in s), p)
            screen = p.settle()
            check(name + "no pager prompt above the offer",
                  "Page " not in screen and "finished reading" not in screen, p)
            p.line("b")
            check(name + "B at the offer shows the result again",
                  p.wait(lambda s: "finished reading, or B to go back" in s), p)
            check(name + "B is not refused", "Please answer y or n" not in p.screen(), p)
            p.keys("Enter")
            check(name + "the offer again", p.wait(lambda s: "contact you to book?" in s), p)
            p.line("n")
            check(name + "no", p.wait(lambda s: "Press Enter to finish" in s), p)
            p.keys("Enter")
    finally:
        p.close()


def test_kiosk_no_bell(home):
    """readline rings no bell at the kiosk: not for Ctrl-G, an unbound
    key, or a Tab that completes nothing."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home,
           "TERM": "xterm", "LC_ALL": "C.UTF-8",
           "RUNCHECK_DB": os.path.join(home, "kiosk.db")}
    k = PtyProgram([RUNCHECK, "kiosk"], home, env, 24, 80)
    try:
        check("bell: the welcome", k.expect("Press Enter to start"), k)
        os.write(k.fd, b"\r")
        check("bell: the quiz", k.expect("How old"), k)
        k.settle()
        mark = len(k.raw)
        os.write(k.fd, b"\x07zzz\t\t\x1b[24~\x1b\x1b")
        k.settle(0.5)
        check("bell: none rang", b"\x07" not in k.raw[mark:], k)
    finally:
        os.kill(k.pid, 15)
        k.wait()


def test_kiosk_accessible(home):
    """ACCESSIBLE=1 at the kiosk: the welcome's sentences and the quiz's
    are not hard-wrapped, and options have no indent."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home,
           "TERM": "xterm", "LC_ALL": "C.UTF-8", "ACCESSIBLE": "1",
           "RUNCHECK_DB": os.path.join(home, "kiosk.db")}
    k = PtyProgram([RUNCHECK, "kiosk"], home, env, 24, 80)
    try:
        check("accessible kiosk: the welcome", k.expect("Press Enter to start"), k)
        check("accessible kiosk: the disclaimer on one line",
              "It is not a diagnosis and it does not replace a doctor. If you "
              "feel very unwell" in k.text(), k)
        os.write(k.fd, b"\r")
        check("accessible kiosk: the question on one line",
              k.expect("How old is the person with the pain? If this check is "
                       "for your child, answer for them.\n1. Under 10"), k)
    finally:
        os.kill(k.pid, 15)
        k.wait()


def test_qr_one_page(home):
    """On a 120x33 Linux console the QR code (full blocks, 33 lines with
    its quiet zone) is drawn whole on one page, with the prompt beside
    it; no other page holds any of it."""
    p = Pane(home, [RUNCHECK, "kiosk", "--tree", E2E_TREE, "--clinic",
                    E2E_CLINIC], 120, 33,
             {"TERM": "linux", "NO_COLOR": "1",
              "RUNCHECK_DB": os.path.join(home, "kiosk.db")})
    try:
        check("qr: the welcome", p.wait(lambda s: "Press Enter to start" in s), p)
        p.keys("Enter")
        for answer, expected in (("none", "Where is the pain worst?"),
                                 ("Heel", "first steps in the morning"),
                                 ("yes", "Page 1 of")):
            p.wait(lambda s: "> " in s)
            p.line(answer)
            check("qr: " + answer, p.wait(lambda s, e=expected: e in s), p)
        counts = []
        while True:
            screen = p.settle()
            lines = screen.rstrip("\n").split("\n")
            rows = [i for i, l in enumerate(lines) if "\u2588" in l]
            counts.append(len(rows))
            if rows:
                check("qr: its lines are together",
                      rows == list(range(rows[0], rows[0] + len(rows))), p)
                check("qr: the prompt beside it", "Press Enter" in screen
                      and "Press Enter" in lines[rows[-1]], p)
            if "finished reading" in screen or len(counts) > 6:
                break
            p.keys("Enter")
            p.wait(lambda s, n=len(counts): "Page %d of" % (n + 1) in s)
        drawn = [c for c in counts if c]
        check("qr: on one page, whole, 33 lines (%s)" % counts,
              len(drawn) == 1 and drawn[0] >= 33, p)
    finally:
        p.close()


def main():
    if not os.path.exists(RUNCHECK):
        print("screens.py: no binary at " + RUNCHECK, file=sys.stderr)
        return 1
    if not shutil.which("tmux"):
        check("tmux is installed", False)
        return tally.summary()
    for test in (test_refusal_in_view, test_home_result, test_make_run_ctrl_c,
                 test_kiosk_screens, test_kiosk_accessible, test_kiosk_no_bell,
                 test_qr_one_page):
        # A program tmux ended may still be closing its database.
        with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as home:
            test(home)
    return tally.summary()


if __name__ == "__main__":
    sys.exit(main())
