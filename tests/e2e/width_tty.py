#!/usr/bin/env python3
"""width_tty.py - Chinese text at a terminal of 40 and 80 columns, in tmux.

    python3 tests/e2e/width_tty.py build/runcheck    (from the repository root)

Walks the quiz on a small tree in Simplified Chinese (tests/data/zh-width.yaml)
in a tmux pane of each width: the title, the disclaimer, the questions with
their why, Tab's list of the answers (in columns), refused answers, and a
result with its self-care lines; the kiosk on the same tree, from the welcome
through every page of the result to the contact offer; and the shipped tree
in its Chinese and Vietnamese translations (--lang) to a result.
Then reads the pane's whole history with the lines tmux wrapped joined again
(capture-pane -J), so that a line the program wrote too wide shows as one
line, and checks, measuring display cells as Python's unicodedata does
(East Asian Wide and Fullwidth take 2 cells, combining marks 0):

- no line is wider than the pane;
- no line begins with closing punctuation (，。、；：！？）」》) nor ends
  with opening punctuation (（「《);
- the texts of the walk are all there.

Prints "width: N passed, M failed" and exits 1 when anything failed.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata

from ptyterm import TIMEOUT, Tally, base_env

ROOT = os.getcwd()
RUNCHECK = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/runcheck")
TREE = os.path.join(ROOT, "tests/data/zh-width.yaml")
CLINIC = os.path.join(ROOT, "tests/data/e2e-clinic.yaml")

NO_LINE_START = "，。、；：！？）」》"
NO_LINE_END = "（「《"

tally = Tally("width")
check = tally.check


def cells(line):
    """Display cells of line: 2 for East Asian Wide and Fullwidth, 0 for
    combining marks and format characters, 1 for the rest."""
    n = 0
    for ch in line:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        n += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return n


def flat(history):
    """The text of history without its line breaks and indents: where a
    text wrapped does not matter to finding it."""
    return "".join(line.strip() for line in history.splitlines())


class Pane:
    """runcheck in a detached tmux session of cols by 24, its own server."""

    def __init__(self, home, cols, argv):
        self.sock = os.path.join(home, "tmux-%d.sock" % cols)
        env = " ".join("%s=%s" % kv for kv in base_env(home).items())
        self.tmux("-f", "/dev/null", "new-session", "-d", "-x", str(cols),
                  "-y", "24", "-s", "w", "env -i %s %s" % (env, " ".join(argv)))
        # The pane stays after the program ends, for its history; a
        # cleared screen is not kept in it, so that only lines scrolled off
        # the top are (history_size).
        self.tmux("set-option", "-t", "w", "remain-on-exit", "on")
        self.tmux("set-option", "-w", "-t", "w", "scroll-on-clear", "off")

    def tmux(self, *args):
        env = dict(os.environ, LC_ALL="C.UTF-8")
        return subprocess.run(["tmux", "-u", "-S", self.sock] + list(args),
                              capture_output=True, timeout=TIMEOUT, env=env)

    def history_size(self):
        out = self.tmux("display-message", "-p", "-t", "w", "#{history_size}")
        return int(out.stdout.decode().strip() or 0)

    def keys(self, *keys):
        self.tmux("send-keys", "-t", "w", *keys)

    def screen(self):
        """What the pane shows now, the lines tmux wrapped joined."""
        out = self.tmux("capture-pane", "-p", "-J", "-t", "w").stdout
        return out.decode("utf-8", "replace")

    def history(self):
        """Every line written, with the lines tmux wrapped joined, less
        the line tmux adds when the program has ended."""
        out = self.tmux("capture-pane", "-p", "-J", "-S", "-", "-E", "-",
                        "-t", "w").stdout.decode("utf-8", "replace")
        return "\n".join(line for line in out.splitlines()
                         if not line.startswith("Pane is dead"))

    def wait_for(self, text):
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            if text in flat(self.history()):
                return True
            time.sleep(0.05)
        return False

    def settle(self, quiet=0.3):
        """Waits until the pane's history has not changed for quiet
        seconds (or TIMEOUT has passed)."""
        deadline = time.monotonic() + TIMEOUT
        before, since = self.history(), time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.05)
            now = self.history()
            if now != before:
                before, since = now, time.monotonic()
            elif time.monotonic() - since >= quiet:
                return

    def wait_for_screen(self, found):
        """Waits until the screen holds found (a text, or a test of the
        screen's text)."""
        if isinstance(found, str):
            text = found
            found = lambda screen: text in flat(screen)  # noqa: E731
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            if found(self.screen()):
                return True
            time.sleep(0.05)
        return False

    def close(self):
        """Ends the session and waits for the program to end, so that
        nothing writes to its home while the test removes it."""
        out = self.tmux("display-message", "-p", "-t", "w", "#{pane_pid}")
        pid = out.stdout.decode().strip()
        self.tmux("kill-server")
        deadline = time.monotonic() + TIMEOUT
        while pid and os.path.exists("/proc/" + pid) and time.monotonic() < deadline:
            time.sleep(0.05)


def check_lines(where, history, cols):
    lines = [line.rstrip() for line in history.splitlines()]
    wide = [line for line in lines if cells(line) > cols]
    check("%s: no line wider than %d cells (%s)" % (where, cols, wide[:2]),
          not wide)
    starts = [line for line in lines if line.lstrip()[:1] in NO_LINE_START
              and line.strip()]
    check("%s: no line begins with closing punctuation (%s)" % (where, starts[:2]),
          not starts)
    ends = [line for line in lines if line[-1:] in NO_LINE_END and line]
    check("%s: no line ends with opening punctuation (%s)" % (where, ends[:2]),
          not ends)


def quiz(home, cols):
    where = "quiz at %d columns" % cols
    p = Pane(home, cols, [RUNCHECK, "--tree", TREE, "--clinic", CLINIC])
    try:
        steps = (
            (None, "您现在是否有以下任何一种情况？"),
            (["why", "Enter"], "有些问题需要尽快看医生"),
            (["3", "Enter"], "疼痛最严重的地方在哪里？"),
            # Tab twice on an empty line lists the answers and commands.
            (["Tab", "Tab"], "髋部或者腹股沟"),
            # Refused answers: the reason, and the question again or a
            # reminder of it.
            (["C-u", "99", "Enter"], None),
            (["xyz", "Enter"], None),
            (["1", "Enter"], "脚跟下面的疼痛是不是最严重？"),
            (["yes", "Enter"], "可能是足底筋膜炎（足跟痛）"),
        )
        for keys, expected in steps:
            if keys:
                p.keys(*keys)
            if expected:
                check("%s: shows %s" % (where, expected), p.wait_for(expected))
            else:
                p.settle()
        # The result is paged at a terminal (runcheck(1)): each page is
        # read as it shows, Enter to the end, then what stays behind.
        seen = []
        for _ in range(12):
            p.settle()
            screen = p.tmux("capture-pane", "-p", "-J", "-t", "w").stdout \
                .decode("utf-8", "replace")
            if "Pane is dead" in screen:
                break
            seen.append(screen)
            p.keys("Enter")
        history = "\n".join(seen + [p.history()])
        for text in ("跑步伤痛自我检查（测试用中文树）",
                     "起床前做小腿和足底筋膜的拉伸，每次保持三十秒，重复三次。",
                     "穿支撑性好的鞋；暂时减少跑量（每周不超过平时的一半）。",
                     "请预约ART评估。"):
            check("%s: the walk shows %s" % (where, text),
                  text in flat(history))
        check_lines(where, history, cols)
    finally:
        p.close()


def shipped(home, cols, lang, result):
    """The shipped tree in a shipped translation (--lang): 18 to 44, the
    first sex, the first red flag, and the emergency result."""
    where = "the shipped tree in %s at %d columns" % (lang, cols)
    p = Pane(home, cols, [RUNCHECK, "--lang", lang])
    try:
        for answer in ("4", "1", "1"):
            p.settle()
            p.keys(answer, "Enter")
        check("%s: reaches its result" % where, p.wait_for(result))
        for _ in range(6):
            p.settle()
            if "Pane is dead" in p.tmux("capture-pane", "-p", "-t", "w").stdout.decode():
                break
            p.keys("Enter")
        check_lines(where, p.history(), cols)
    finally:
        p.close()


def kiosk(home, cols):
    """The kiosk clears the screen and its scrollback between screens:
    each screen is read as it shows, the welcome, every question, every
    page of the result and the contact offer."""
    where = "kiosk at %d columns" % cols
    p = Pane(home, cols, [RUNCHECK, "kiosk", "--tree", TREE, "--clinic", CLINIC,
                          "--db", os.path.join(home, "bookings.db")])
    screens = []

    def step(keys, expected):
        if keys:
            p.keys(*keys)
        ok = p.wait_for_screen(expected)
        check("%s: shows %s" % (where, expected), ok)
        screens.append(p.screen())
        return ok

    try:
        step(None, "跑步伤痛自我检查（测试用中文树）")
        step(["Enter"], "您现在是否有以下任何一种情况？")
        step(["3", "Enter"], "疼痛最严重的地方在哪里？")
        step(["1", "Enter"], "脚跟下面的疼痛是不是最严重？")
        step(["yes", "Enter"], "可能是足底筋膜炎（足跟痛）")
        p.settle()
        top = [line for line in p.screen().splitlines() if line.strip()][:1]
        check("%s: the result's first page keeps its top line (%s)" % (where, top),
              top == ["-" * cols])
        # A page and its prompt fit the screen: nothing scrolls off its top.
        scrolled = p.history_size()
        for _ in range(8):
            if "(y/n)" in p.screen():
                break
            before = p.screen()
            p.keys("Enter")
            p.wait_for_screen(lambda s: s != before)
            p.settle()
            screens.append(p.screen())
            if "(y/n)" not in screens[-1]:
                check("%s: a page fits the screen (%d lines scrolled off)"
                      % (where, p.history_size() - scrolled),
                      p.history_size() == scrolled)
        check("%s: the contact offer shows" % where, "(y/n)" in p.screen())
        # The offer, with a name in Chinese: yes, the name, a phone number,
        # yes to keeping them, no to sharing the answers.
        for keys in (["y", "Enter"], ["王小明", "Enter"], ["0412 345 678", "Enter"],
                     ["y", "Enter"], ["n", "Enter"]):
            p.keys(*keys)
            p.settle()
            screens.append(p.screen())
        check("%s: the offer took the name" % where,
              "王小明" in flat("\n".join(screens)))
        texts = flat("\n".join(screens))
        for text in ("穿支撑性好的鞋；暂时减少跑量（每周不超过平时的一半）。",
                     "请预约ART评估。"):
            check("%s: the result shows %s" % (where, text), text in texts)
        check_lines(where, "\n".join(screens), cols)
    finally:
        p.close()


def main():
    if not os.path.exists(RUNCHECK):
        print("width_tty.py: no binary at " + RUNCHECK, file=sys.stderr)
        return 1
    if not shutil.which("tmux"):
        check("tmux is installed", False)
        return tally.summary()
    for cols in (40, 80):
        with tempfile.TemporaryDirectory() as home:
            quiz(home, cols)
        with tempfile.TemporaryDirectory() as home:
            kiosk(home, cols)
        for lang, result in (("zh-Hans", "可能是肺部血栓（肺栓塞）"),
                             ("vi", "thuyên tắc phổi")):
            with tempfile.TemporaryDirectory() as home:
                shipped(home, cols, lang, result)
    return tally.summary()


if __name__ == "__main__":
    sys.exit(main())
