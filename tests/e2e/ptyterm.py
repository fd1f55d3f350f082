"""ptyterm.py - what the terminal tests (quiz_tty.py, kiosk.py,
bookings_tty.py) share: starting the binary at a pseudo-terminal, reading
what it writes, its text without terminal control sequences, and waiting
for it to end."""
import fcntl
import os
import pty
import re
import select
import struct
import sys
import termios
import time

TIMEOUT = 10.0

ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]|\x1b[=>]|\r|\x07")


def strip(raw):
    """Bytes written to a terminal, as text without control sequences."""
    return ANSI.sub(b"", raw).decode("utf-8", "replace")


def base_env(home, inputrc="/dev/null"):
    """A small, fixed environment; inputrc=None leaves INPUTRC unset."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": home,
        "TERM": "xterm",
        "LC_ALL": "C.UTF-8",
    }
    if inputrc is not None:
        env["INPUTRC"] = inputrc
    return env


def set_size(fd, rows, cols):
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))


class PtyOutput:
    """Collects in self.raw what a program writes to the master end of
    its pseudo-terminal, self.fd."""

    raw = b""

    def text(self):
        return strip(self.raw)

    def read_some(self, timeout):
        """True when it read something, False when nothing came within
        timeout, None at the end of the output."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return False
        try:
            data = os.read(self.fd, 65536)
        except OSError:
            data = b""
        if not data:
            return None
        self.raw += data
        return True

    def settle(self, quiet=0.3):
        """Reads until the program has been quiet for a moment."""
        while self.read_some(quiet):
            pass


class Tally:
    """Counts checks; a failed one is said on standard error with the tail
    of the session's screen."""

    def __init__(self, prefix):
        self.prefix = prefix
        self.passed = 0
        self.failed = 0

    def check(self, name, ok, session=None):
        if ok:
            self.passed += 1
            return
        self.failed += 1
        print("FAIL: %s: %s" % (self.prefix, name), file=sys.stderr)
        if session is not None:
            for line in session.text().splitlines()[-20:]:
                print("    | " + line, file=sys.stderr)

    def summary(self):
        """Prints "PREFIX: N passed, M failed"; returns the exit status."""
        print("%s: %d passed, %d failed" % (self.prefix, self.passed, self.failed))
        return 1 if self.failed else 0


class PtyProgram(PtyOutput):
    """argv run at a pseudo-terminal of rows by cols in cwd, with env (a
    value of None leaves that variable unset)."""

    def __init__(self, argv, cwd, env, rows, cols):
        env = {k: v for k, v in env.items() if v is not None}
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.chdir(cwd)
            os.execve(argv[0], argv, env)
        set_size(self.fd, rows, cols)
        self.raw = b""
        self.status = None

    def expect(self, pattern, since=0):
        """Waits until pattern appears in the text after offset since;
        False when it has not within TIMEOUT or the output ended."""
        deadline = time.monotonic() + TIMEOUT
        while True:
            if pattern in self.text()[since:]:
                return True
            left = deadline - time.monotonic()
            if left <= 0 or self.read_some(left) is None:
                return pattern in self.text()[since:]

    def wait(self):
        """Waits for the program to end, reading what it writes, and
        returns its exit status ("hung" when it was killed after
        TIMEOUT)."""
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = os.waitstatus_to_exitcode(status)
                break
            self.read_some(0.05)
        else:
            os.kill(self.pid, 9)
            os.waitpid(self.pid, 0)
            self.status = "hung"
        # What it wrote before it ended is still to be read.
        self.settle(0.1)
        os.close(self.fd)
        return self.status
