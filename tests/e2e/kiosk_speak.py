#!/usr/bin/env python3
"""kiosk_speak.py - runcheck kiosk --speak at a pseudo-terminal, its speech
written to WAV files (RUNCHECK_SPEAK_WAV) rather than played: a hook of the
test build build/tests/runcheck-hooks (or $RUNCHECK_HOOKS), which the
shipped program has not.

    python3 tests/e2e/kiosk_speak.py build/runcheck   (from the repository root)

Checks that each question is read with its options as it appears, in
seconds that fit its words; that repeat reads it again and is no answer;
that a refusal and what why says are read; that the result is read without
its sources or web address; that nothing is said after the session ends,
whether the result was read, the patient typed quit or the idle and grace
times ran out (with the speech paced as a sound card plays it, so that it
is cut off); that a missing audio device is one warning on standard error
and the kiosk works; that a patient who chooses Chinese hears Chinese; and
that repeat without --speak is an answer like any other.
Prints "N passed, M failed" and exits 1 when anything failed.
"""
import os
import struct
import subprocess
import sys
import tempfile
import time

import kiosk
from kiosk import SECOND, THIRD, STILL_THERE, Kiosk
from ptyterm import Tally

# One count for these checks and those of kiosk.py's steps they use.
tally = Tally("kiosk_speak")
kiosk.check = check = tally.check

QUESTION = ("Do any of these apply to you right now?\n"
            "1. Calf swollen, warm or red.\n"
            "2. Fever or feeling unwell.\n"
            "3. Ran more than usual this week.\n"
            "Type the numbers that apply, separated by commas, or none.")
WHY = "Some problems need a doctor, not a running injury clinic."


def wav_seconds(path):
    """The seconds of 16-bit mono speech in a WAV file, by its header."""
    with open(path, "rb") as f:
        head = f.read(44)
    if len(head) < 44 or head[:4] != b"RIFF" or head[8:16] != b"WAVEfmt ":
        return None
    rate = struct.unpack("<I", head[24:28])[0]
    data = struct.unpack("<I", head[40:44])[0]
    return data / 2.0 / rate


class Speech:
    """The utterances a kiosk wrote to its RUNCHECK_SPEAK_WAV folder."""

    def __init__(self, folder):
        self.folder = folder

    def count(self):
        return len([n for n in os.listdir(self.folder) if n.endswith(".txt")])

    def text(self, n):
        with open(os.path.join(self.folder, "%04d.txt" % n)) as f:
            return f.read().rstrip("\n")

    def wav(self, n):
        return os.path.join(self.folder, "%04d.wav" % n)

    def seconds(self, n):
        """Seconds said; 0 when the utterance was stopped before its
        sound began (its text is written first)."""
        if not os.path.exists(self.wav(n)):
            return 0.0
        return wav_seconds(self.wav(n))

    def sizes(self):
        return {name: os.path.getsize(os.path.join(self.folder, name))
                for name in os.listdir(self.folder)}

    def wait_done(self, n, timeout=10.0):
        """Waits until utterance n is written and has stopped growing."""
        deadline = time.monotonic() + timeout
        sizes = []
        while time.monotonic() < deadline:
            sizes.append(os.path.getsize(self.wav(n)) if os.path.exists(
                self.wav(n)) else -1)
            # The same size for 0.6 s: a busy machine may pause a writer.
            if sizes[-1] > 44 and sizes[-3:] == [sizes[-1]] * 3:
                return True
            time.sleep(0.3)
        return False

    def quiet(self, seconds=1.0):
        """True when no utterance is added or grows for that long."""
        before = self.sizes()
        time.sleep(seconds)
        return self.sizes() == before


def words(text):
    return len(text.split())


def speak_kiosk(home, folder, extra=(), env=None):
    """The test build, its speech written to WAV files in folder."""
    env_extra = {"RUNCHECK_SPEAK_WAV": folder}
    env_extra.update(env or {})
    argv = [kiosk.HOOKS, "kiosk", "--tree", kiosk.TREE, "--clinic",
            kiosk.CLINIC]
    return Kiosk(home, args=["--speak"] + list(extra), env_extra=env_extra,
                 program=argv)


def test_session(home):
    """A patient from the first question to the result, heard."""
    folder = os.path.join(home, "speech")
    os.mkdir(folder)
    speech = Speech(folder)
    k = speak_kiosk(home, folder)
    try:
        check("speak: the welcome shows", k.expect(kiosk.WELCOME), k)
        check("speak: nothing is said at the welcome", speech.count() == 0, k)
        kiosk.start_quiz(k, "speak")
        check("speak: the first question is said", speech.wait_done(1), k)
        check("speak: the question is said with its options",
              speech.text(1) == QUESTION, k)
        seconds = speech.seconds(1)
        n = words(QUESTION)
        check("speak: the question's %d words take %.1f s" % (n, seconds),
              seconds is not None and 0.2 * n < seconds < 0.8 * n, k)

        mark = k.mark()
        k.send("  Repeat \r")
        check("speak: repeat says the question again", speech.wait_done(2), k)
        check("speak: repeat says it whole", speech.text(2) == QUESTION and
              os.path.getsize(speech.wav(2)) ==
              os.path.getsize(speech.wav(1)), k)
        k.settle(0.3)
        check("speak: repeat is no answer",
              "not an option" not in k.text(mark).lower() and
              SECOND not in k.text(mark), k)

        check("speak: a refusal shows", k.answer("7", "7"), k)
        check("speak: the refusal is said", speech.wait_done(3), k)
        k.settle(0.3)
        check("speak: it says what the screen says",
              speech.text(3).rstrip(".").lower()[:20] in k.text(mark).lower(),
              k)

        check("speak: why shows", k.answer("why", WHY), k)
        check("speak: why is said", speech.wait_done(4) and
              speech.text(4) == WHY, k)
        check("speak: none", k.answer("none", SECOND), k)
        check("speak: the next question is said", speech.wait_done(5) and
              speech.text(5).startswith(SECOND + "\n1. Heel"), k)
        check("speak: heel", k.answer("1", THIRD), k)
        check("speak: a yes/no question says what it takes",
              speech.wait_done(6) and speech.text(6) ==
              THIRD + "\nyes, no, not sure.", k)
        check("speak: the result shows",
              k.answer("yes", "Likely: Plantar fasciitis"), k)
        check("speak: the result is said", speech.wait_done(7), k)
        result = speech.text(7)
        check("speak: the result is said from its headline",
              result.startswith("Likely: Plantar fasciitis"), k)
        check("speak: the result's web address and sources are not said",
              "http" not in result and "Sources" not in result, k)
        check("speak: a longer text is a longer sound",
              speech.seconds(7) > speech.seconds(6) * 3, k)
        kiosk.finish_result(k, "speak")
        check("speak: nothing is said after the session",
              speech.quiet() and speech.count() == 7, k)
        check("speak: no warning with a WAV folder", k.stderr() == "", k)
    finally:
        k.close()


def test_cut_off(home):
    """Speech paced as it would play is cut off by quit and by the idle
    and grace times, and nothing is said after either."""
    folder = os.path.join(home, "speech")
    os.mkdir(folder)
    speech = Speech(folder)
    k = speak_kiosk(home, folder, ["--idle", "2", "--grace", "1"],
                    {"RUNCHECK_SPEAK_PACE": "1"})
    try:
        check("cut off: the welcome shows", k.expect(kiosk.WELCOME), k)
        kiosk.start_quiz(k, "cut off")
        time.sleep(0.5)
        mark = k.mark()
        k.send("quit\r")
        check("cut off: quit ends the session", k.expect_welcome(mark), k)
        check("cut off: nothing more is said after quit", speech.quiet(), k)
        seconds = speech.seconds(1)
        check("cut off: the question was cut off (%.1f s said)" % seconds,
              seconds is not None and seconds < 2.5, k)

        kiosk.start_quiz(k, "cut off 2")
        check("cut off: are you still there", k.expect(STILL_THERE, mark), k)
        mark = k.mark()
        check("cut off: the session times out", k.expect_welcome(mark), k)
        check("cut off: nothing more is said after the time-out",
              speech.quiet(), k)
        # The idle question is said only when its speech got going
        # within the grace time (a busy machine may take longer).
        count = speech.count()
        check("cut off: the second question was said, then at most the "
              "idle question", count == 2 or (
                  count == 3 and speech.text(3) == STILL_THERE), k)
        check("cut off: the second question was cut off at the idle time",
              speech.seconds(2) < 2.5, k)
        check("cut off: the idle question was cut off by the time-out",
              count == 2 or speech.seconds(3) < 1.6, k)
    finally:
        k.close()


def test_language(home):
    """A patient who chooses Chinese at the welcome hears the questions in
    Chinese: the ones on the screen, in eSpeak NG's Mandarin voice."""
    folder = os.path.join(home, "speech")
    os.mkdir(folder)
    speech = Speech(folder)
    root = os.getcwd()
    argv = [kiosk.HOOKS, "kiosk", "--tree",
            os.path.join(root, "questions/runner-injuries.yaml"), "--clinic",
            os.path.join(root, "tests/data/l10n/clinic.yaml"),
            "--allow-draft-languages", "--speak"]
    k = Kiosk(home, env_extra={"RUNCHECK_SPEAK_WAV": folder}, program=argv)
    try:
        check("language: the welcome offers Chinese",
              k.expect("2 \u4e2d\u6587"), k)
        k.send("2")
        check("language: the welcome is in Chinese",
              k.expect("[2 \u4e2d\u6587]"), k)
        mark = k.mark()
        k.send("\r")
        check("language: the first question is said", speech.wait_done(1), k)
        said = speech.text(1)
        first = said.split("\n")[0]
        k.settle(0.3)
        check("language: what is said is the Chinese on the screen",
              first in k.text(mark).replace("\n", "") and
              not first.isascii() and
              "How old" not in said, k)
        seconds = speech.seconds(1)
        check("language: in a voice that speaks it (%.1f s)" % seconds,
              seconds is not None and seconds > 2.0, k)
        check("language: no warning", "warning" not in k.stderr(), k)
    finally:
        k.close()


def test_no_audio(home):
    """No sound card: one warning a session on standard error; the kiosk
    works. The shipped program: RUNCHECK_SPEAK_WAV does nothing there."""
    env = {"PULSE_SERVER": "unix:" + os.path.join(home, "no-pulse"),
           "ALSA_CONFIG_PATH": os.path.join(home, "no-alsa.conf")}
    with open(env["ALSA_CONFIG_PATH"], "w"):
        pass
    env["RUNCHECK_SPEAK_WAV"] = home
    k = Kiosk(home, args=["--speak"], env_extra=env)
    try:
        kiosk.walk_to_result(k, "no audio")
        kiosk.finish_result(k, "no audio")
        err = k.stderr()
        check("no audio: one warning for the session",
              err.count("runcheck: warning: speech is not heard: no audio "
                        "device could be opened") == 1, k)
        check("no audio: nothing else on standard error",
              len(err.splitlines()) == 1, k)
        check("no audio: the shipped program writes no WAV file",
              not [n for n in os.listdir(home) if n.endswith(".wav")], k)
    finally:
        k.close()


def test_without_speak(home):
    """repeat is a command only with --speak."""
    k = Kiosk(home)
    try:
        kiosk.start_quiz(k, "no speak")
        mark = k.mark()
        k.send("repeat\r")
        k.settle(0.5)
        check("no speak: repeat is refused as an answer",
              "'repeat' is not" in k.text(mark) and
              SECOND not in k.text(mark), k)
    finally:
        k.close()


def main():
    for program in (kiosk.RUNCHECK, kiosk.HOOKS):
        if not os.path.exists(program):
            print("kiosk_speak.py: no binary at " + program, file=sys.stderr)
            return 1
    # A build without libespeak-ng refuses --speak before it looks for a
    # terminal; make check installs the library, so this is for a build
    # by hand without it.
    probe = subprocess.run([kiosk.RUNCHECK, "kiosk", "--speak"],
                           stdin=subprocess.DEVNULL, capture_output=True,
                           text=True)
    if "--speak is unavailable" in probe.stderr:
        check("unavailable: status 64", probe.returncode == 64)
        check("unavailable: one line", probe.stderr ==
              "runcheck: --speak is unavailable: this runcheck was built "
              "without libespeak-ng\n")
        print("SKIP: kiosk_speak.py: runcheck was built without "
              "libespeak-ng (make deps installs it)", file=sys.stderr)
        return tally.summary()
    started = time.monotonic()
    for test in (test_session, test_cut_off, test_language, test_no_audio,
                 test_without_speak):
        with tempfile.TemporaryDirectory() as home:
            test(home)
    print("kiosk_speak.py: %.1f s" % (time.monotonic() - started),
          file=sys.stderr)
    return tally.summary()


if __name__ == "__main__":
    sys.exit(main())
