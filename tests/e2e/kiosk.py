#!/usr/bin/env python3
"""kiosk.py - runcheck kiosk at a real pseudo-terminal and in tmux, as a
run of patients meets it.

    python3 tests/e2e/kiosk.py build/runcheck     (from the repository root)

Checks that a patient reaches a result and that after it the screen and the
scrollback are cleared (the byte stream holds ESC[H ESC[2J ESC[3J, and tmux's
history holds nothing of the patient once the next welcome shows); that the
next patient's Up, Ctrl-R and Ctrl-Y bring back nothing; that an idle session
asks "are you still there?", drops the key that answers and the rest of its
burst, and resets when no key comes; that Ctrl-C, Ctrl-D and quit end only
the session (Ctrl-D on a result page too, with no booking offer) and Ctrl-Z
and Ctrl-\\ do nothing, as the keys or as signals; that a session writes no
core file; that a 10 MB paste is refused at once; that ~/.inputrc is not
read; that a crashed session is replaced and reported on standard error (with
the test build build/tests/runcheck-hooks, or $RUNCHECK_HOOKS; the shipped
program ignores RUNCHECK_KIOSK_TEST_CRASH);
that SIGTERM ends the kiosk with the terminal's settings put back and a
hang-up ends it; and the usage errors.
Prints "kiosk: N passed, M failed" and exits 1 when anything failed.
"""
import fcntl
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import termios
import time

import ptyterm
from ptyterm import TIMEOUT, PtyOutput, Tally, strip

ROOT = os.getcwd()
RUNCHECK = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/runcheck")
# The test build with the crash hook (make e2e names it): beside the
# program, in tests/, when not named.
HOOKS = os.path.abspath(os.environ.get("RUNCHECK_HOOKS") or os.path.join(
    os.path.dirname(RUNCHECK), "tests", "runcheck-hooks"))
TREE = os.path.join(ROOT, "tests/data/e2e-basic.yaml")
CLINIC = os.path.join(ROOT, "tests/data/e2e-clinic.yaml")
PLACES = os.path.join(ROOT, "tests/data/e2e-clinic-places.yaml")
CLEAR_ALL = b"\x1b[H\x1b[2J\x1b[3J"
WELCOME = "Press Enter to start"
FIRST = "Do any of these apply to you right now?"
SECOND = "Where is the pain worst?"
THIRD = "Is it worst with your first steps in the morning?"
STILL_THERE = "Are you still there? Press any key."
OFFER = "Would you like the clinic to contact you"

UP = "\x1b[A"
CTRL = {c: chr(ord(c) - 64) for c in "@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_"}

def base_env(home):
    # INPUTRC is deliberately not set: the kiosk must keep ~/.inputrc out.
    env = ptyterm.base_env(home, inputrc=None)
    # The booking store of the offer after a result, kept in the test's
    # own directory.
    env["RUNCHECK_DB"] = os.path.join(home, "kiosk.db")
    return env


class Kiosk(PtyOutput):
    """runcheck kiosk on a pseudo-terminal of 80 by 24 whose slave is its
    controlling terminal; standard error goes to a file."""

    def __init__(self, home, args=(), env_extra=None, program=None,
                 core_limit=None):
        self.fd, self.slave = os.openpty()
        ptyterm.set_size(self.slave, 24, 80)
        self.tio_before = termios.tcgetattr(self.slave)
        env = base_env(home)
        env.update(env_extra or {})
        self.err = tempfile.TemporaryFile()
        argv = program or [RUNCHECK, "kiosk", "--tree", TREE,
                           "--clinic", CLINIC]

        def preexec():
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)
            if core_limit is not None:
                resource.setrlimit(resource.RLIMIT_CORE,
                                   (core_limit, core_limit))

        self.proc = subprocess.Popen(
            argv + list(args), stdin=self.slave, stdout=self.slave,
            stderr=self.err, env=env, cwd=home, start_new_session=True,
            preexec_fn=preexec)
        self.raw = b""
        self.status = None

    def mark(self):
        return len(self.raw)

    def text(self, since=0):
        return strip(self.raw[since:])

    def stderr(self):
        self.err.seek(0)
        return self.err.read().decode("utf-8", "replace")

    def wait_for(self, found, timeout=TIMEOUT):
        deadline = time.monotonic() + timeout
        while not found():
            left = deadline - time.monotonic()
            if left <= 0 or self.read_some(left) is None:
                return found()
        return True

    def expect(self, pattern, since=0, timeout=TIMEOUT):
        """Waits until pattern shows in the text written after since."""
        return self.wait_for(lambda: pattern in self.text(since), timeout)

    def expect_welcome(self, since):
        """Waits for a new welcome after since: the clear of the screen and
        scrollback, then the welcome's text."""
        def found():
            at = self.raw.find(CLEAR_ALL, since)
            return at >= 0 and WELCOME in self.text(at)
        return self.wait_for(found)

    def send(self, data):
        os.write(self.fd, data.encode())

    def answer(self, line, expected):
        mark = self.mark()
        self.send(line + "\r")
        return self.expect(expected, mark)

    def alive(self):
        return self.proc.poll() is None

    def session_pid(self):
        """The running session's process, or None."""
        with open("/proc/%d/task/%d/children" % (self.proc.pid,
                                                 self.proc.pid)) as f:
            pids = f.read().split()
        return int(pids[0]) if pids else None

    def stop(self, sig=signal.SIGTERM):
        if self.alive():
            self.proc.send_signal(sig)
        return self.wait()

    def wait(self):
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline and self.proc.poll() is None:
            self.read_some(0.05)
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
            self.status = "hung"
        else:
            self.status = self.proc.returncode
        self.settle(0.1)
        return self.status

    def close(self):
        """Ends the kiosk and every process of its group (a session it
        forked, which may still be writing in home), and waits until none
        is left, so that home can be removed."""
        if self.alive():
            self.proc.kill()
            self.proc.wait()
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            try:
                os.killpg(self.proc.pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.02)
        for fd in (self.fd, self.slave):
            try:
                os.close(fd)
            except OSError:
                pass
        self.err.close()


tally = Tally("kiosk")
check = tally.check


def start_quiz(k, name):
    mark = k.mark()
    k.send("\r")
    check(name + ": Enter starts the quiz", k.expect(FIRST, mark), k)
    k.settle(0.1)


def walk_to_result(k, name):
    """From the welcome to the result: Heel, morning pain, plantar."""
    start_quiz(k, name)
    check(name + ": first answer", k.answer("none", SECOND), k)
    check(name + ": second answer", k.answer("Heel", THIRD), k)
    check(name + ": the result shows",
          k.answer("yes", "Likely: Plantar fasciitis"), k)
    check(name + ": the result waits for Enter",
          k.expect("Press Enter"), k)
    k.settle(0.1)


def finish_result(k, name):
    """From the result to the next welcome: Enter through the pages, no to
    the booking offer, Enter to finish."""
    mark = k.mark()
    for _ in range(12):
        step = k.mark()
        screen = k.text(k.raw.rfind(b"\x1b[H\x1b[2J", mark) if
                        k.raw.rfind(b"\x1b[H\x1b[2J", mark) >= 0 else mark)
        k.send("n\r" if screen.rstrip().endswith(("(y/n)", ">")) else "\r")
        if k.wait_for(lambda: k.raw.find(CLEAR_ALL, mark) >= 0, 0.5):
            break
        k.wait_for(lambda: len(k.raw) > step, 2)
        k.settle(0.1)
    check(name + ": Enter after the result brings a new welcome",
          k.expect_welcome(mark), k)
    return mark


def test_patients(home):
    """Two patients in turn; nothing of the first reaches the second."""
    k = Kiosk(home)
    try:
        check("the welcome shows the title", k.expect("E2E test check"), k)
        check("the welcome says to press Enter", k.expect(WELCOME), k)
        check("the welcome shows the disclaimer",
              k.expect("It suggests; it is not a diagnosis."), k)
        tio = termios.tcgetattr(k.slave)
        check("Ctrl-Z is no suspend key at the kiosk",
              tio[6][termios.VSUSP] in (b"\0", 0), k)
        check("Ctrl-\\ is no quit key at the kiosk",
              tio[6][termios.VQUIT] in (b"\0", 0), k)

        # The first patient: a word killed into the kill ring, answers
        # that go into the history, and a result.
        start_quiz(k, "first patient")
        k.send("knee" + CTRL["U"])
        k.settle(0.1)
        check("first patient: none", k.answer("none", SECOND), k)
        check("first patient: Heel", k.answer("Heel", THIRD), k)
        check("first patient: the result",
              k.answer("yes", "Likely: Plantar fasciitis"), k)
        check("first patient: the result is paged",
              k.expect("Page 1 of "), k)
        k.settle(0.1)
        mark = finish_result(k, "first patient")
        after = k.raw.rfind(CLEAR_ALL)
        check("the screen and scrollback are cleared after the result",
              after >= mark, k)
        later = k.text(after)
        check("nothing of the first patient is written after the clear",
              "Plantar" not in later and "Heel" not in later, k)

        # The second patient finds no history, no kill ring.
        start_quiz(k, "second patient")
        mark = k.mark()
        k.send(UP + CTRL["Y"] + "\r")
        check("Up and Ctrl-Y bring back nothing: the line is empty",
              k.expect("Type an answer, or help for help.", mark), k)
        check("Up and Ctrl-Y bring back nothing: the quiz did not move on",
              SECOND not in k.text(mark), k)
        for word in ("Heel", "none", "knee"):
            mark = k.mark()
            k.send(CTRL["R"] + word)
            check("Ctrl-R finds nothing of the first patient: " + word,
                  k.expect("failed reverse-i-search", mark), k)
            k.send(CTRL["G"])
            k.settle(0.1)
        mark = k.mark()
        k.send("\r")
        check("after Ctrl-R the line is still empty",
              k.expect("Type an answer, or help for help.", mark), k)
        check("the kiosk is still running", k.alive(), k)

        # Only the service manager ends it.
        mark = k.mark()
        status = k.stop(signal.SIGTERM)
        check("SIGTERM ends the kiosk with status 0", status == 0, k)
        check("SIGTERM clears the screen", k.raw.find(CLEAR_ALL, mark) >= 0, k)
        check("SIGTERM puts the terminal's settings back",
              termios.tcgetattr(k.slave) == k.tio_before, k)
    finally:
        k.close()


def test_booking_text(home):
    """At the kiosk the clinic's booking_kiosk text, not its home one."""
    k = Kiosk(home, program=[RUNCHECK, "kiosk", "--tree", TREE, "--clinic",
                             PLACES])
    try:
        check("booking text: the welcome", k.expect(WELCOME), k)
        mark = k.mark()
        walk_to_result(k, "booking text")
        finish_result(k, "booking text")
        shown = k.text(mark)
        check("the kiosk shows the clinic's booking_kiosk text",
              "Ask at the desk behind you" in shown, k)
        check("the kiosk shows neither the home text nor the booking",
              "Ring us or book" not in shown and
              "shows nowhere" not in shown, k)
    finally:
        k.close()


def test_keys(home):
    """Ctrl-C, Ctrl-D and quit end the session; Ctrl-Z and Ctrl-\\ do
    nothing; the crash trigger is off; ~/.inputrc is not read."""
    with open(os.path.join(home, ".inputrc"), "w") as f:
        f.write('"\\C-t": "LEAKED"\n')
    k = Kiosk(home)
    try:
        check("keys: the welcome", k.expect(WELCOME), k)
        pid = k.proc.pid
        mark = k.mark()
        k.send(CTRL["Z"] + CTRL["\\"] + "crash!")
        k.settle(0.3)
        check("Ctrl-Z, Ctrl-\\ and crash! do nothing at the welcome",
              k.alive() and CLEAR_ALL not in k.raw[mark:], k)

        start_quiz(k, "keys")
        mark = k.mark()
        k.send(CTRL["Z"] + CTRL["\\"] + CTRL["T"])
        k.settle(0.3)
        check("Ctrl-Z and Ctrl-\\ leave the session running",
              k.alive() and CLEAR_ALL not in k.raw[mark:], k)
        check("~/.inputrc is not read", "LEAKED" not in k.text(mark), k)
        check("Ctrl-Z, Ctrl-\\ and Ctrl-T put nothing in the answer",
              k.answer("none", SECOND), k)

        for name, keys in (("Ctrl-C", CTRL["C"]), ("Ctrl-D", CTRL["D"]),
                           ("quit", "quit\r")):
            mark = k.mark()
            k.send(keys)
            check(name + " ends the session: a new welcome",
                  k.expect_welcome(mark), k)
            check(name + " leaves the kiosk running",
                  k.alive() and k.proc.pid == pid, k)
            start_quiz(k, name)

        mark = k.mark()
        k.send(CTRL["C"])
        check("back at the welcome", k.expect_welcome(mark), k)
        walk_to_result(k, "Ctrl-C at the result")
        mark = k.mark()
        k.send(CTRL["C"])
        check("Ctrl-C at the result ends the session",
              k.expect_welcome(mark), k)
        walk_to_result(k, "Ctrl-D at the result")
        mark = k.mark()
        k.send(CTRL["D"])
        check("Ctrl-D at a result page ends the session",
              k.expect_welcome(mark), k)
        check("Ctrl-D at a result page skips the booking offer",
              OFFER not in k.text(mark), k)

        # The signals themselves, as a program or a stray key in another
        # mode could send them, do nothing to the session either.
        start_quiz(k, "signals")
        session = k.session_pid()
        for sig in (signal.SIGQUIT, signal.SIGTSTP):
            os.kill(session, sig)
        k.settle(0.3)
        check("SIGQUIT and SIGTSTP leave the session running",
              k.session_pid() == session and
              open("/proc/%d/stat" % session).read().split()[2] != "T", k)
        check("after SIGQUIT and SIGTSTP the session answers",
              k.answer("none", SECOND), k)
        check("the kiosk never reported a crash",
              "runcheck:" not in k.stderr(), k)
        check("SIGHUP ends the kiosk with status 0",
              k.stop(signal.SIGHUP) == 0, k)
    finally:
        k.close()

    # The same ~/.inputrc is read by the ordinary quiz: the check above
    # proves something.
    q = Kiosk(home, program=[RUNCHECK, "--tree", TREE, "--clinic", CLINIC])
    try:
        q.expect(FIRST)
        q.send(CTRL["T"])
        check("the test's ~/.inputrc works outside the kiosk",
              q.expect("LEAKED"), q)
    finally:
        q.close()


def test_idle(home):
    """--idle 2 --grace 1: a key keeps the session and lands nowhere; no
    key ends it, in the quiz and at the result. (Two seconds of idle leave
    a loaded machine time to type the next answer.)"""
    k = Kiosk(home, args=["--idle", "2", "--grace", "1"])
    try:
        check("idle: the welcome waits without a timeout",
              k.expect(WELCOME), k)
        mark = k.mark()
        k.settle(3.5)
        check("idle: the welcome stays", CLEAR_ALL not in k.raw[mark:], k)
        start_quiz(k, "idle")
        check("idle: still there? is asked", k.expect(STILL_THERE), k)
        k.send("x" * 100)
        k.settle(0.2)
        check("idle: the burst of 100 keys that answers lands nowhere",
              k.answer("none", SECOND), k)
        mark = k.mark()
        check("idle: asked again", k.expect(STILL_THERE, mark), k)
        check("idle: no key resets the session", k.expect_welcome(mark), k)

        walk_to_result(k, "idle")
        mark = k.mark()
        check("idle at the result: still there? is asked",
              k.expect(STILL_THERE, mark), k)
        # Spaces would turn the pages and finish the result.
        k.send(" " * 100)
        mark = k.mark()
        check("idle at the result: a burst of keys keeps it",
              k.expect("Press Enter", mark), k)
        check("idle at the result: the burst lands nowhere",
              "Page 1 of" in k.text(mark) and OFFER not in k.text(mark), k)
        check("idle at the result: no key resets the session",
              k.expect_welcome(mark), k)
        check("idle: the kiosk keeps running", k.alive(), k)
    finally:
        k.close()


def test_no_core(home):
    """Under `ulimit -c unlimited`, a session that has seen an answer and
    is killed by SIGSEGV writes no core, even with its limit raised again
    from outside."""
    writes_cores = ptyterm.machine_writes_cores(home)
    k = Kiosk(home, core_limit=resource.RLIM_INFINITY)
    try:
        check("no core: the welcome", k.expect(WELCOME), k)
        start_quiz(k, "no core")
        k.send("Heel secret")
        k.settle(0.2)
        session = k.session_pid()
        limit = ptyterm.core_limit_of(session)
        check("a session's core limit is 0 (%s)" % limit, limit == "0", k)
        mark = k.mark()
        ptyterm.crash(session)
        check("no core: the crashed session is replaced",
              k.expect_welcome(mark), k)
        if writes_cores:
            check("a crashed session leaves no core file: %s" %
                  ptyterm.cores_in(home), not ptyterm.cores_in(home), k)
        else:
            print("SKIP: kiosk: this machine writes no core files in the "
                  "working directory", file=sys.stderr)
    finally:
        k.close()


def test_paste(home):
    """A 10 MB paste at the quiz's prompt is refused at once, and none of
    it lands in the next answer."""
    k = Kiosk(home)
    try:
        check("paste: the welcome", k.expect(WELCOME), k)
        start_quiz(k, "paste")
        mark = k.mark()
        refused, took, writer = ptyterm.paste(
            k, b"7" * (10 * 1024 * 1024) + b"\r",
            lambda: "That answer is too long" in k.text(mark))
        check("a 10 MB paste is refused", refused, k)
        if not refused:
            return
        writer.join()
        check("a 10 MB paste is refused in under 1 s (%.2f s)" % took,
              took < 1.0, k)
        check("after a 10 MB paste the question is asked again",
              k.expect("> ", k.raw.rfind(b"That answer is too long")), k)
        check("after a 10 MB paste the next answer is taken",
              k.answer("none", SECOND), k)
        check("a 10 MB paste is refused once",
              k.text(mark).count("That answer is too long") == 1, k)
    finally:
        k.close()


def test_crash(home):
    """The shipped program has no crash hook; the test build's crashes a
    session on demand, which is replaced and reported."""
    crash_env = {"RUNCHECK_KIOSK_TEST_CRASH": "1"}
    k = Kiosk(home, env_extra=crash_env)
    try:
        check("no hook: the welcome", k.expect(WELCOME), k)
        pid = k.session_pid()
        mark = k.mark()
        k.send("crash!")
        check("no hook: crash! does not end the session",
              not k.wait_for(lambda: CLEAR_ALL in k.raw[mark:], timeout=1.0)
              and k.session_pid() == pid, k)
        check("no hook: nothing reported on standard error",
              "session ended" not in k.stderr(), k)
        start_quiz(k, "no hook")
        check("no hook: the same session goes on",
              k.session_pid() == pid and k.answer("none", SECOND), k)
    finally:
        k.close()

    argv = [HOOKS, "kiosk", "--tree", TREE, "--clinic", CLINIC]
    k = Kiosk(home, env_extra=crash_env, program=argv)
    try:
        check("crash: the welcome", k.expect(WELCOME), k)
        mark = k.mark()
        k.send("crash!")
        check("crash: a new welcome replaces the session",
              k.expect_welcome(mark), k)
        check("crash: reported on standard error",
              k.wait_for(lambda: "runcheck: session ended by signal 6; "
                         "starting a new one" in k.stderr()), k)
        check("crash: the kiosk keeps running", k.alive(), k)
        start_quiz(k, "crash")
        check("crash: the new session works", k.answer("none", SECOND), k)
    finally:
        k.close()


def test_hangup(home):
    """The terminal going away ends the kiosk rather than spinning."""
    k = Kiosk(home)
    try:
        check("hang-up: the welcome", k.expect(WELCOME), k)
        os.close(k.slave)
        os.close(k.fd)
        k.slave = k.fd = -1
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline and k.proc.poll() is None:
            time.sleep(0.05)
        check("hang-up ends the kiosk with status 0 or 74",
              k.proc.poll() in (0, 74), k)
    finally:
        k.close()


def test_errors(home):
    def run(args, stdin=subprocess.DEVNULL):
        p = subprocess.run([RUNCHECK, "kiosk"] + args, stdin=stdin,
                           capture_output=True, env=base_env(home),
                           timeout=TIMEOUT)
        return p.returncode, p.stderr.decode()

    rc, err = run([])
    check("no terminal: exit 64", rc == 64, None)
    check("no terminal: the message",
          "runcheck: kiosk needs a terminal" in err, None)
    for option, value in (("--idle", "0"), ("--idle", "1.5"),
                          ("--grace", "-3"), ("--grace", "ten"),
                          ("--idle", "86401")):
        rc, err = run([option, value])
        check("%s %s: exit 64" % (option, value), rc == 64, None)
        check("%s %s: the message" % (option, value),
              "runcheck: %s needs a whole number of seconds from 1 to "
              "86400, not '%s'" % (option, value) in err, None)
    rc, err = run(["--idle"])
    check("--idle without a value: exit 64", rc == 64, None)
    rc, err = run(["--db"])
    check("--db without a value: exit 64", rc == 64, None)

    k = Kiosk(home, program=[RUNCHECK, "kiosk", "--tree",
                             os.path.join(home, "missing.yaml")])
    try:
        check("a missing tree: exit 66", k.wait() == 66, k)
        check("a missing tree: nothing starts", CLEAR_ALL not in k.raw, k)
    finally:
        k.close()
    k = Kiosk(home, program=[RUNCHECK, "kiosk", "--tree",
                             os.path.join(ROOT, "tests/data/e2e-invalid.yaml")])
    try:
        check("an invalid tree: exit 65", k.wait() == 65, k)
    finally:
        k.close()
    k = Kiosk(home, args=["--idle", "30", "--grace", "5", "--db",
                          os.path.join(home, "bookings.db")])
    try:
        check("--idle, --grace and --db are taken", k.expect(WELCOME), k)
    finally:
        k.close()


def tmux(sock, *args):
    return subprocess.run(["tmux", "-S", sock] + list(args),
                          capture_output=True, timeout=TIMEOUT)


def pane(sock, history=False):
    args = ["capture-pane", "-p", "-t", "kiosk"]
    if history:
        args += ["-S", "-"]
    return tmux(sock, *args).stdout.decode("utf-8", "replace")


def pane_wait(sock, found, history=False):
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if found(pane(sock, history)):
            return True
        time.sleep(0.05)
    return False


def test_tmux_scrollback(home):
    """In tmux: once the next welcome shows, the pane's history holds
    nothing of the patient before."""
    if not shutil.which("tmux"):
        check("tmux is installed", False)
        return
    sock = os.path.join(home, "tmux.sock")
    env = " ".join("%s=%s" % kv for kv in base_env(home).items())
    command = "env -i %s %s kiosk --tree %s --clinic %s" % (
        env, RUNCHECK, TREE, CLINIC)
    tmux(sock, "-f", "/dev/null", "new-session", "-d", "-x", "80", "-y",
         "24", "-s", "kiosk", command)
    try:
        def keys(*k):
            tmux(sock, "send-keys", "-t", "kiosk", *k)

        check("tmux: the welcome", pane_wait(sock, lambda s: WELCOME in s))
        keys("Enter")
        check("tmux: the quiz", pane_wait(sock, lambda s: FIRST in s))
        for line, expected in (("none", SECOND), ("Heel", THIRD),
                               ("yes", "Likely: Plantar")):
            keys(line, "Enter")
            check("tmux: " + line, pane_wait(sock, lambda s: expected in s))
        check("tmux: the walk is in the history before the end",
              "Where is the pain worst?" in pane(sock, True))
        for _ in range(12):
            before = pane(sock)
            if WELCOME in before:
                break
            tail = "\n".join(before.rstrip().splitlines()[-2:])
            if "(y/n)" in tail:
                keys("n", "Enter")  # no to the booking offer
            else:
                keys("Enter")
            pane_wait(sock, lambda s: s != before)
        check("tmux: the next welcome", pane_wait(sock, lambda s: WELCOME in s))
        history = pane(sock, True)
        for word in ("Heel", "Plantar", "Likely", "Where is the pain worst",
                     "none"):
            check("tmux: the history holds no '%s'" % word,
                  word not in history)
    finally:
        tmux(sock, "kill-server")


def main():
    if not os.path.exists(RUNCHECK):
        print("kiosk.py: no binary at " + RUNCHECK, file=sys.stderr)
        return 1
    started = time.monotonic()
    for test in (test_errors, test_patients, test_booking_text, test_keys,
                 test_idle, test_no_core, test_paste, test_crash, test_hangup,
                 test_tmux_scrollback):
        with tempfile.TemporaryDirectory() as home:
            test(home)
    print("kiosk.py: %.1f s" % (time.monotonic() - started), file=sys.stderr)
    return tally.summary()


if __name__ == "__main__":
    sys.exit(main())
