#!/usr/bin/env python3
"""routes_tty.py - a format 2 tree whose routes depend on an earlier answer,
walked at a real pseudo-terminal, as a person meets it.

    python3 tests/e2e/routes_tty.py build/runcheck   (from the repository root)

tests/data/golden-bike2.yaml sends weak brakes to a different question for
each kind of bike. The walk answers electric, sees the electric bike's
question, goes back twice with `back`, answers mountain bike and must now
see the mountain bike's question (the route is taken from the walk as it
stands), then reaches the result, whose "Because you said" list uses the
questions' labels and shows the outcome's own booking text. A second
session restarts mid-walk and must route on the new answer alone. Prints
"N passed, M failed" and exits 1 when anything failed.
"""
import os
import shutil
import sys
import tempfile

from ptyterm import PtyProgram, Tally, base_env

ROOT = os.getcwd()
RUNCHECK = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/runcheck")
TREE = os.path.join(ROOT, "tests/data/golden-bike2.yaml")
CLINIC = os.path.join(ROOT, "tests/data/golden-bike-clinic.yaml")

ELECTRIC_Q = "Do you ride it loaded, or up steep hills?"
MOUNTAIN_Q = "Does the brake lever pull all the way to the bar?"

tally = Tally("routes tty")
check = tally.check


class Session(PtyProgram):
    def __init__(self, cwd):
        argv = [RUNCHECK, "--tree", TREE, "--clinic", CLINIC]
        super().__init__(argv, cwd, base_env(cwd), 24, 80)

    def answer(self, line):
        """Types a line after the program has settled; returns the offset
        of what comes after it."""
        self.settle()
        mark = len(self.text())
        os.write(self.fd, (line + "\r").encode())
        return mark


def back_changes_the_route(cwd):
    s = Session(cwd)
    check("the first question shows", s.expect("What kind of bike is it?"), s)
    s.answer("Electric bike")
    mark = s.answer("The brakes")
    check("electric: weak brakes ask about the load", s.expect(ELECTRIC_Q, mark), s)
    mark = s.answer("back")
    check("back goes back", s.expect("What is wrong?", mark), s)
    mark = s.answer("back")
    check("back again: the kind of bike", s.expect("What kind of bike is it?", mark), s)
    s.answer("Mountain bike")
    mark = s.answer("The brakes")
    check("mountain: weak brakes ask about the lever", s.expect(MOUNTAIN_Q, mark), s)
    check("the electric bike's question is not asked again",
          ELECTRIC_Q not in s.text()[mark:], s)
    mark = s.answer("yes")
    check("the result", s.expect("Likely: Air in the hydraulic brakes", mark), s)
    check("labels in Because you said", s.expect("Bike \u2014 Mountain bike", mark)
          and s.expect("Lever to the bar \u2014 yes", mark), s)
    check("the outcome's own booking text",
          s.expect("A mechanic can bleed the brakes while you wait", mark), s)
    check("not the generic booking text", "Active Release" not in s.text(), s)
    check("a result exits 0", s.wait() == 0, s)


def restart_routes_on_the_new_answer(cwd):
    s = Session(cwd)
    s.expect("What kind of bike is it?")
    s.answer("Road bike")
    mark = s.answer("A click")
    check("a clicking noise: the chain's age",
          s.expect("How many thousand kilometres", mark), s)
    mark = s.answer("restart")
    check("restart asks the kind again", s.expect("What kind of bike is it?", mark), s)
    s.answer("3")
    s.answer("2")
    mark = s.answer("12")
    check("electric, worn chain: the motor drive",
          s.expect("Likely: Worn chain on a motor drive", mark), s)
    check("a result exits 0", s.wait() == 0, s)


def main():
    cwd = tempfile.mkdtemp(prefix="runcheck-routes-tty.")
    try:
        back_changes_the_route(cwd)
        restart_routes_on_the_new_answer(cwd)
    finally:
        shutil.rmtree(cwd, ignore_errors=True)
    return tally.summary()


if __name__ == "__main__":
    sys.exit(main())
