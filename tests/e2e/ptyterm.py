"""ptyterm.py - what the terminal tests (quiz_tty.py, kiosk.py,
bookings_tty.py, routes_tty.py) share: starting the binary at a
pseudo-terminal, reading what it writes, its text without terminal control
sequences, waiting for it to end, and counting checks (each test makes
one Tally, calls its check, and exits with what its summary returns)."""
import fcntl
import os
import pty
import re
import resource
import select
import struct
import sys
import termios
import threading
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
    of the session's screen, and of its standard error when the session
    keeps one apart (a stderr() method, as the kiosk's has)."""

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
            if hasattr(session, "stderr"):
                for line in session.stderr().splitlines()[-5:]:
                    print("    stderr| " + line, file=sys.stderr)

    def summary(self):
        """Prints "PREFIX: N passed, M failed"; returns the exit status."""
        print("%s: %d passed, %d failed" % (self.prefix, self.passed, self.failed))
        return 1 if self.failed else 0


class PtyProgram(PtyOutput):
    """argv run at a pseudo-terminal of rows by cols in cwd, with env (a
    value of None leaves that variable unset). With keep_slave, the test
    keeps the terminal's own end open as self.slave, to read its settings
    (tcgetattr); the program's end of output then never reads as ended.
    core_limit, when given, is the program's RLIMIT_CORE at its start, as
    `ulimit -c` sets it."""

    def __init__(self, argv, cwd, env, rows, cols, keep_slave=False,
                 core_limit=None):
        env = {k: v for k, v in env.items() if v is not None}
        self.slave = None
        self.wait_status = None
        if keep_slave:
            self.fd, self.slave = os.openpty()
            set_size(self.slave, rows, cols)
            self.tio_before = termios.tcgetattr(self.slave)
            self.pid = os.fork()
            if self.pid == 0:
                os.setsid()
                fcntl.ioctl(self.slave, termios.TIOCSCTTY, 0)
                for fd in (0, 1, 2):
                    os.dup2(self.slave, fd)
                os.close(self.fd)
                os.close(self.slave)
        else:
            self.pid, self.fd = pty.fork()
        if self.pid == 0:
            if core_limit is not None:
                resource.setrlimit(resource.RLIMIT_CORE,
                                   (core_limit, core_limit))
            os.chdir(cwd)
            os.execve(argv[0], argv, env)
        set_size(self.fd, rows, cols)
        self.raw = b""
        self.status = None

    def tty_settings(self):
        """The terminal's settings now (with keep_slave)."""
        return termios.tcgetattr(self.slave)

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
        TIMEOUT). The status as waitpid gave it is kept in wait_status,
        and with keep_slave the terminal's settings at the end in
        tio_after."""
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.wait_status = status
                self.status = os.waitstatus_to_exitcode(status)
                break
            self.read_some(0.05)
        else:
            os.kill(self.pid, 9)
            os.waitpid(self.pid, 0)
            self.status = "hung"
        # What it wrote before it ended is still to be read.
        self.settle(0.1)
        if self.slave is not None:
            self.tio_after = termios.tcgetattr(self.slave)
            os.close(self.slave)
            self.slave = None
        os.close(self.fd)
        return self.status


# Core files. runcheck makes itself non-dumpable and sets its core limit
# to 0; the tests start it with `ulimit -c unlimited` and look for a core.

def cores_in(cwd):
    """Core files in cwd, where core_pattern 'core' or 'core.%p' puts
    them."""
    return sorted(f for f in os.listdir(cwd)
                  if f == "core" or f.startswith("core."))


def core_limit_of(pid):
    """The soft RLIMIT_CORE of a running process, as /proc shows it."""
    with open("/proc/%d/limits" % pid) as f:
        for line in f:
            if line.startswith("Max core file size"):
                return line.split()[4]
    return None


def crash(pid):
    """Gives pid an unlimited core limit again where the test may (as
    root), so that only its being non-dumpable can keep a core from being
    written, and kills it with SIGSEGV."""
    try:
        resource.prlimit(pid, resource.RLIMIT_CORE,
                         (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
    except (PermissionError, OSError):
        pass
    os.kill(pid, 11)


def machine_writes_cores(cwd):
    """The control: whether a dumpable process with an unlimited core
    limit, killed with SIGSEGV in cwd, leaves a core there. Where it does
    not (a core_pattern that pipes cores away, or none at all), a missing
    core proves nothing. The control's core is removed."""
    pid = os.fork()
    if pid == 0:
        os.chdir(cwd)
        resource.setrlimit(resource.RLIMIT_CORE,
                           (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
        os.execv("/bin/sleep", ["sleep", "30"])
    time.sleep(0.1)
    os.kill(pid, 11)
    _, status = os.waitpid(pid, 0)
    found = cores_in(cwd)
    for f in found:
        os.unlink(os.path.join(cwd, f))
    return os.WCOREDUMP(status) and bool(found)


def paste(prog, data, found):
    """Writes data to prog's terminal from a second thread (the program
    reads it a piece at a time), reading what it writes until found() is
    true or TIMEOUT passes. Returns whether found() became true, the
    seconds it took, and the writing thread, which ends when all is
    written or, should the program stop reading, by a deadline; when
    found() did not become true it has already ended. The master end
    stays non-blocking, which reads after select and small writes do not
    mind."""
    def write_all():
        # Without blocking, so that the writing gives up by the deadline
        # when the program stopped reading (it is then failing).
        view = memoryview(data)
        deadline = time.monotonic() + 3 * TIMEOUT
        try:
            while view and time.monotonic() < deadline:
                select.select([], [prog.fd], [], 0.1)
                try:
                    view = view[os.write(prog.fd, view[:65536]):]
                except BlockingIOError:
                    pass
        except OSError:
            pass

    fcntl.fcntl(prog.fd, fcntl.F_SETFL,
                fcntl.fcntl(prog.fd, fcntl.F_GETFL) | os.O_NONBLOCK)
    started = time.monotonic()
    writer = threading.Thread(target=write_all)
    writer.start()
    ok = False
    while time.monotonic() - started < TIMEOUT:
        if found():
            ok = True
            break
        if prog.read_some(0.5) is None:
            break
    took = time.monotonic() - started
    if not ok:
        writer.join()
    return ok, took, writer
