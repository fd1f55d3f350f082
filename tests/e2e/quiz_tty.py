#!/usr/bin/env python3
"""quiz_tty.py - the quiz at a real pseudo-terminal, as a person meets it.

    python3 tests/e2e/quiz_tty.py build/runcheck     (from the repository root)

Checks that the first question shows, that Tab completes the option texts
and commands of the question and never file names (a file whose name starts
like an option sits in the working directory to prove it), that back works,
that a walk reaches a result with exit status 0, that Ctrl-D and Ctrl-C end
with 1 and put the terminal back, that NO_COLOR and ACCESSIBLE=1 turn colour
off, and that no history file is written. Prints "N passed, M failed" and
exits 1 when anything failed.
"""
import os
import re
import shutil
import sys
import tempfile
import time

from ptyterm import TIMEOUT, PtyProgram, base_env, set_size

ROOT = os.getcwd()
RUNCHECK = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/runcheck")
TREE = os.path.join(ROOT, "tests/data/e2e-basic.yaml")
CLINIC = os.path.join(ROOT, "tests/data/e2e-clinic.yaml")


class Session(PtyProgram):
    """The binary at a pseudo-terminal of 80 by 24, in its own directory."""

    def __init__(self, cwd, env_extra=None, args=None):
        env = base_env(cwd)
        env.update(env_extra or {})
        argv = [RUNCHECK, "--tree", TREE, "--clinic", CLINIC] + (args or [])
        super().__init__(argv, cwd, env, 24, 80)

    def send(self, data):
        os.write(self.fd, data.encode() if isinstance(data, str) else data)


passed = 0
failed = 0


def check(name, ok, session=None):
    global passed, failed
    if ok:
        passed += 1
        return
    failed += 1
    print("FAIL: tty: " + name, file=sys.stderr)
    if session is not None:
        for line in session.text().splitlines()[-20:]:
            print("    | " + line, file=sys.stderr)


def walk_with_completion(cwd):
    s = Session(cwd)
    check("the first question shows", s.expect("Do any of these apply to you right now?"), s)
    check("a prompt shows", s.expect("> "), s)
    s.send("no\t")
    check("Tab completes none", s.expect("none"), s)
    s.send("\r")
    check("the second question shows", s.expect("Where is the pain worst?"), s)
    s.settle()
    mark = len(s.text())
    s.send("H\t\t")
    s.settle()
    listed = s.text()[mark:]
    check("Tab lists the matching option texts",
          "Heel or arch of the foot" in listed and "Hip or groin" in listed, s)
    check("Tab lists the matching commands", "help" in listed, s)
    check("Tab never lists file names", "Heel-notes" not in listed
          and "Hip-file" not in listed, s)
    s.send("\x15")  # Ctrl-U: the line is empty again
    s.settle()
    mark = len(s.text())
    # Nothing the question takes starts so; readline's fallback would
    # complete the file name.
    s.send("Knee-f\t\t")
    s.settle()
    check("Tab never completes a file name", "Knee-fi" not in s.text()[mark:], s)
    s.send("\x15")
    s.settle()
    mark = len(s.text())
    s.send("Kn\t")
    s.settle()
    check("Tab completes a unique option", "Knee" in s.text()[mark:], s)
    s.send("\r")
    check("the scale question shows", s.expect("How bad is the pain right now", mark), s)
    mark = len(s.text())
    s.send("back\r")
    check("back goes back", s.expect("Back to the previous question.", mark)
          and s.expect("Where is the pain worst?", mark), s)
    mark = len(s.text())
    s.send("1\r")
    check("the yes/no question shows", s.expect("yes / no / not sure", mark), s)
    s.send("y\r")
    check("the result shows", s.expect("Likely: Plantar fasciitis", mark), s)
    # The clinic's own booking sentence, short enough never to wrap at 80.
    check("the booking shows", s.expect("Ring the front desk to make a time.", mark), s)
    check("a result exits 0", s.wait() == 0, s)
    check("the question is in bold at a colour terminal", b"\x1b[1m" in s.raw, s)


def ctrl_d_ends(cwd):
    s = Session(cwd)
    s.expect("> ")
    s.send("\x04")
    check("Ctrl-D exits 1", s.wait() == 1, s)


def ctrl_c_ends(cwd):
    s = Session(cwd)
    s.expect("> ")
    s.send("half an answer")
    s.settle()
    s.send("\x03")
    check("Ctrl-C exits 1", s.wait() == 1, s)
    check("Ctrl-C shows no result", "Likely" not in s.text(), s)


def typed_ahead_keys_reach_readline(cwd):
    # An answer and a key typed straight after it, before the next prompt:
    # the key must wait for readline, not be handled by the terminal
    # (which echoes Ctrl-R as "^R" and reprints the line).
    s = Session(cwd)
    s.expect("> ")
    s.send("none\r\x12")
    check("a key typed ahead reaches readline (reverse search)",
          s.expect("reverse-i-search"), s)
    check("a key typed ahead is not echoed by the terminal", "^R" not in s.text(), s)
    s.send("\x07quit\r")
    check("quit after a typed-ahead search exits 1", s.wait() == 1, s)


def hangup_mid_question(cwd):
    s = Session(cwd)
    s.expect("> ")
    s.send("Hee")
    s.settle(0.2)
    os.close(s.fd)  # the terminal goes away, as when a window is closed
    deadline = time.monotonic() + TIMEOUT
    status, usage = "hung", None
    while time.monotonic() < deadline:
        pid, st, usage = os.wait4(s.pid, os.WNOHANG)
        if pid:
            status = os.waitstatus_to_exitcode(st)
            break
        time.sleep(0.05)
    else:
        os.kill(s.pid, 9)
        os.waitpid(s.pid, 0)
    check("a hang-up mid-question ends the quiz (status %s)" % status,
          status in (1, 74))
    check("a hang-up is not spun on (%.2f s of CPU)" %
          (usage.ru_utime + usage.ru_stime if usage else -1),
          usage is not None and usage.ru_utime + usage.ru_stime < 1.0)


def resize_mid_question(cwd):
    shipped = os.path.join(ROOT, "questions/runner-injuries.yaml")
    s = Session(cwd, args=["--tree", shipped])
    s.expect("> ")
    # The kernel tells the program with SIGWINCH.
    set_size(s.fd, 24, 40)
    s.settle(0.2)
    mark = len(s.text())
    # The shipped tree asks age first, then sex.
    s.send("18 to 44\r")
    check("after a resize the next question shows", s.expect("What sex was the person", mark), s)
    s.expect("> ", mark + 10)
    lines = [l for l in s.text()[mark:].split("\n") if "18 to 44" not in l]
    longest = max(len(l) for l in lines)
    check("after a resize to 40 columns, text wraps to it (longest %d)" % longest,
          longest <= 40, s)
    s.send("quit\r")
    check("quit after a resize exits 1", s.wait() == 1, s)


def odd_term(cwd, term, name):
    s = Session(cwd, env_extra={"TERM": term})
    check("%s: the first question shows" % name,
          s.expect("Do any of these apply"), s)
    s.send("none\r")
    s.send("1\r")
    s.send("yes\r")
    check("%s: the result shows" % name, s.expect("Likely:"), s)
    check("%s: exits 0" % name, s.wait() == 0, s)


def json_at_terminal(cwd):
    s = Session(cwd, args=["--json"])
    check("--json asks at the terminal", s.expect("Do any of these apply"), s)
    s.send("2\r")
    s.expect("}")
    check("--json exits 0", s.wait() == 0, s)
    check("--json prints the object", '"outcome": "infection"' in s.text(), s)
    check("--json prints no readable result", "Likely" not in s.text(), s)


def no_color(cwd, env, name):
    s = Session(cwd, env_extra=env)
    s.expect("> ")
    s.send("2\r")
    s.expect("Likely")
    check(name + " exits 0", s.wait() == 0, s)
    check(name + " has no colour", re.search(rb"\x1b\[[0-9;]*m", s.raw) is None, s)
    return s


def main():
    if not os.access(RUNCHECK, os.X_OK):
        print("quiz_tty.py: no binary at " + RUNCHECK, file=sys.stderr)
        return 1
    cwd = tempfile.mkdtemp(prefix="runcheck-tty-")
    try:
        for name in ("Heel-notes.txt", "Hip-file.txt", "Knee-file.txt"):
            open(os.path.join(cwd, name), "w").close()
        walk_with_completion(cwd)
        ctrl_d_ends(cwd)
        ctrl_c_ends(cwd)
        typed_ahead_keys_reach_readline(cwd)
        hangup_mid_question(cwd)
        resize_mid_question(cwd)
        odd_term(cwd, None, "TERM unset")
        odd_term(cwd, "xterm-no-such-terminal", "TERM unknown")
        json_at_terminal(cwd)
        no_color(cwd, {"NO_COLOR": "1"}, "NO_COLOR")
        no_color(cwd, {"TERM": "dumb"}, "TERM=dumb")
        s = no_color(cwd, {"ACCESSIBLE": "1"}, "ACCESSIBLE=1")
        check("ACCESSIBLE=1 has no rules", "====" not in s.text()
              and "----" not in s.text(), s)
        s = Session(cwd, args=["--no-color"])
        s.expect("> ")
        s.send("quit\r")
        check("quit exits 1", s.wait() == 1, s)
        check("--no-color has no colour", re.search(rb"\x1b\[[0-9;]*m", s.raw) is None, s)
        left = sorted(set(os.listdir(cwd)) - {"Heel-notes.txt", "Hip-file.txt", "Knee-file.txt"})
        check("no history or other file is written: %s" % left, not left)
    finally:
        shutil.rmtree(cwd, ignore_errors=True)
    print("tty: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
