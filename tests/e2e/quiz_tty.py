#!/usr/bin/env python3
"""quiz_tty.py - the quiz at a real pseudo-terminal, as a person meets it.

    python3 tests/e2e/quiz_tty.py build/runcheck     (from the repository root)

Checks that the first question shows, that Tab completes the option texts
and commands of the question and never file names (a file whose name starts
like an option sits in the working directory to prove it), that back works,
that a walk reaches a result with exit status 0, that Ctrl-D, Ctrl-C and
Ctrl-\\ end with 1 and put the terminal back, that no process that has seen
an answer writes a core file, that Ctrl-Z and fg in a shell leave readline
in charge of the line, that a 10 MB paste is refused at once, that NO_COLOR
and ACCESSIBLE=1 turn colour off, and that no history file is written.
Prints "tty: N passed, M failed" and exits 1 when anything failed.
"""
import os
import re
import resource
import shutil
import signal
import sys
import tempfile
import time

import ptyterm
from ptyterm import TIMEOUT, PtyProgram, Tally, base_env, set_size, strip

ROOT = os.getcwd()
RUNCHECK = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/runcheck")
TREE = os.path.join(ROOT, "tests/data/e2e-basic.yaml")
CLINIC = os.path.join(ROOT, "tests/data/e2e-clinic.yaml")


class Term(PtyProgram):
    """argv at a pseudo-terminal of 80 by 24, in cwd."""

    def __init__(self, argv, cwd, env_extra=None, **kwargs):
        env = base_env(cwd)
        env.update(env_extra or {})
        super().__init__(argv, cwd, env, 24, 80, **kwargs)

    def send(self, data):
        os.write(self.fd, data.encode() if isinstance(data, str) else data)


class Session(Term):
    """The binary at a pseudo-terminal of 80 by 24, in its own directory."""

    def __init__(self, cwd, env_extra=None, args=None, **kwargs):
        argv = [RUNCHECK, "--tree", TREE, "--clinic", CLINIC] + (args or [])
        super().__init__(argv, cwd, env_extra, **kwargs)


tally = Tally("tty")
check = tally.check


def page_through(s):
    """A result taller than the screen is paged: presses Enter at each
    page's prompt until the last one is left."""
    for _ in range(12):
        s.settle(0.3)
        tail = s.text()[-200:]
        if "Press Enter" not in tail or "Likely:" in tail.split("Press Enter")[-1]:
            break
        s.send("\r")


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
    # Completion agrees with the answer words: a word in one option
    # completes to it, a word in several lists them and changes nothing.
    mark = len(s.text())
    s.send("arch\t")
    s.settle()
    check("Tab completes the one option a word is in",
          "Heel or arch of the foot" in s.text()[mark:], s)
    s.send("\x15")
    s.settle()
    mark = len(s.text())
    s.send("or\t\t")
    s.settle()
    listed = s.text()[mark:]
    check("Tab lists the options a word is in",
          "Heel or arch of the foot" in listed and "Hip or groin" in listed
          and "Knee" not in listed, s)
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
    page_through(s)
    # The clinic's own booking sentence, short enough never to wrap at 80.
    check("the booking shows", s.expect("Ring the front desk to make a time.", mark), s)
    check("a result exits 0", s.wait() == 0, s)
    check("the question is in bold at a colour terminal", b"\x1b[1m" in s.raw, s)


def ctrl_d_ends(cwd):
    s = Session(cwd)
    s.expect("> ")
    s.send("\x04")
    check("Ctrl-D exits 1", s.wait() == 1, s)


def vi_mode_switch_is_off(cwd):
    # ESC Ctrl-J would switch readline to vi mode, in which fuzz_line found
    # keys that kept it busy for seconds; it is unbound, so Ctrl-A and
    # Ctrl-D still move to the start and delete the stray "x".
    s = Session(cwd)
    s.expect("> ")
    mark = len(s.text())
    s.send("\x1b\x0axnone\x01\x04\r")
    check("ESC Ctrl-J leaves emacs editing on",
          s.expect("Where is the pain worst?", mark), s)
    s.send("quit\r")
    s.wait()


def ctrl_c_ends(cwd):
    s = Session(cwd)
    s.expect("> ")
    s.send("half an answer")
    s.settle()
    s.send("\x03")
    check("Ctrl-C exits 1", s.wait() == 1, s)
    check("Ctrl-C shows no result", "Likely" not in s.text(), s)


BRACKETED_PASTE_OFF = b"\x1b[?2004l"


def ctrl_backslash_ends(cwd):
    # Ctrl-\ sends SIGQUIT, whose default is to dump core: with the
    # person's answer in it, under `ulimit -c unlimited`.
    s = Session(cwd, keep_slave=True, core_limit=resource.RLIM_INFINITY)
    s.expect("> ")
    s.send("Heel secret answer")
    s.settle()
    mark = len(s.raw)
    s.send("\x1c")
    check("Ctrl-\\ exits 1, as Ctrl-C does", s.wait() == 1, s)
    check("Ctrl-\\ shows no result", "Likely" not in s.text(), s)
    check("Ctrl-\\ writes no core file: %s" % ptyterm.cores_in(cwd),
          not ptyterm.cores_in(cwd), s)
    check("Ctrl-\\ puts the terminal's settings back as they were",
          s.tio_after == s.tio_before, s)
    check("Ctrl-\\ turns bracketed paste off", BRACKETED_PASTE_OFF in s.raw[mark:], s)


def no_core_file(cwd, writes_cores):
    # Killed at a question with an answer typed, under `ulimit -c
    # unlimited`: the limit is put to 0 at once, and even with it raised
    # again from outside (as root) no core is written.
    s = Session(cwd, core_limit=resource.RLIM_INFINITY)
    s.expect("> ")
    s.send("Heel secret answer")
    s.settle()
    limit = ptyterm.core_limit_of(s.pid)
    check("the quiz sets its core limit to 0 (%s)" % limit, limit == "0", s)
    ptyterm.crash(s.pid)
    s.wait()
    # The sanitizer build catches SIGSEGV itself, reports and exits 1.
    check("a quiz killed by SIGSEGV ends so (%s)" % s.status,
          s.status == -11 or "AddressSanitizer: SEGV" in s.text(), s)
    if not writes_cores:
        print("SKIP: tty: this machine writes no core files in the working "
              "directory, so their absence proves nothing", file=sys.stderr)
        return
    check("a crashed quiz dumps no core (wait status %s)" % s.wait_status,
          not os.WCOREDUMP(s.wait_status), s)
    check("a crashed quiz leaves no core file: %s" % ptyterm.cores_in(cwd),
          not ptyterm.cores_in(cwd), s)


def suspend_and_resume(cwd):
    # Ctrl-Z and fg in an interactive shell, as at home.
    bash = shutil.which("bash")
    if not bash:
        check("bash is installed", False)
        return
    sh = Term([bash, "--norc", "--noprofile", "-i"], cwd,
              {"PS1": "$ ", "HISTFILE": "/dev/null"}, keep_slave=True)
    check("job control: the shell's prompt", sh.expect("$ "), sh)
    sh.send("%s --tree %s --clinic %s\r" % (RUNCHECK, TREE, CLINIC))
    check("job control: the quiz asks", sh.expect("> ", len(sh.text()) - 1), sh)
    sh.send("no")
    sh.settle()
    mark = len(sh.raw)
    sh.send("\x1a")
    check("Ctrl-Z stops the quiz", sh.expect("Stopped", len(strip(sh.raw[:mark]))), sh)
    sh.settle()
    check("Ctrl-Z turns bracketed paste off", BRACKETED_PASTE_OFF in sh.raw[mark:], sh)
    mark = len(sh.raw)
    sh.send("fg\r")
    sh.settle()
    check("after fg the prompt and the line so far are drawn again",
          "> no" in strip(sh.raw[mark:]), sh)
    mark = len(sh.raw)
    # The rest of the word, then Ctrl-B four times and Ctrl-K: readline
    # moves to the start and kills the line; a terminal in its own line
    # mode would echo ^B^K and the line a second time.
    sh.send("ne\x02\x02\x02\x02\x0bnone\r")
    check("after fg the answer is taken", sh.expect("Where is the pain worst?",
                                                   len(strip(sh.raw[:mark]))), sh)
    typed = strip(sh.raw[mark:]).split("Where is the pain worst?")[0]
    check("after fg the terminal echoes nothing itself (%r)" % typed,
          "^" not in typed and typed.count("none") == 1, sh)
    sh.send("quit\r")
    sh.expect("$ ", len(sh.text()) - 1)
    sh.send("exit 0\r")
    check("the shell ends", sh.wait() == 0, sh)


def paste_10mb(cwd, bracketed):
    # A 10 MB line is refused as soon as it passes 4,096 bytes, and the
    # rest of it is read and dropped, not taken as answers.
    name = "a bracketed" if bracketed else "a plain"
    s = Session(cwd)
    s.expect("> ")
    s.settle(0.1)
    data = b"7" * (10 * 1024 * 1024)
    if bracketed:
        data = b"\x1b[200~" + data + b"\x1b[201~"
    data += b"\r"

    mark = len(s.text())
    refused, took, writer = ptyterm.paste(
        s, data, lambda: "That answer is too long" in s.text()[mark:])
    check("%s 10 MB paste is refused" % name, refused, s)
    if not refused:
        os.kill(s.pid, signal.SIGKILL)
        s.wait()
        return
    writer.join()
    check("%s 10 MB paste is refused in under 1 s (%.2f s)" % (name, took),
          took < 1.0, s)
    # The question again, once the rest of the paste has been dropped
    # (unechoed).
    refusal = s.text().rindex("That answer is too long")
    check("after %s 10 MB paste the question is asked again" % name,
          s.expect("> ", refusal), s)
    check("the rest of %s 10 MB paste is not echoed" % name,
          "7" not in s.text()[refusal:], s)
    mark = len(s.text())
    s.send("none\r")
    check("after %s 10 MB paste the next answer is taken" % name,
          s.expect("Where is the pain worst?", mark), s)
    check("after %s 10 MB paste it was refused once" % name,
          s.text().count("That answer is too long") == 1, s)
    s.send("quit\r")
    check("quit after %s 10 MB paste exits 1" % name, s.wait() == 1, s)


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
    page_through(s)
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
        vi_mode_switch_is_off(cwd)
        ctrl_backslash_ends(cwd)
        no_core_file(cwd, ptyterm.machine_writes_cores(cwd))
        suspend_and_resume(cwd)
        paste_10mb(cwd, False)
        paste_10mb(cwd, True)
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
    return tally.summary()


if __name__ == "__main__":
    sys.exit(main())
