#!/usr/bin/python3
"""The benchmarks behind `make bench`: runcheck's loader against libyaml's
bare event parse and PyYAML's C loader, side by side.

    tests/bench/bench.py RUNCHECK BARE_PARSE WORKDIR RESULTS.md

Generates trees of 1,000, 10,000 and 100,000 questions (gen.py) in WORKDIR,
then times, as the median of several runs each (at least 5):

  - bare_parse FILE (libyaml events read and deleted: the floor);
  - runcheck lint FILE, and its peak memory (max RSS, from wait4);
  - yaml.load(f, Loader=yaml.CSafeLoader), in-process, load only;
  - start-up on the shipped tree: runcheck lint questions/runner-injuries.yaml
    and runcheck quiz to the first question (stdin at end of file), each
    against bare_parse of the same file;
  - runcheck paths --count (walk counting alone) on two generated trees of
    more than 10^15 walks, and runcheck paths (counting and listing a
    covering set of walks) on the same trees, as an extra row;
  - the routes case: runcheck lint and paths --count on trees of the same
    two sizes in format runcheck/2 (gen.py --routes: age and sex first,
    one question in four routed on them), beside the plain trees' times.

BENCH_ONLY=routes runs the routes case alone and puts its rows and its
target into the RESULTS.md that a whole run wrote, in place of the ones
there, leaving the rest as it was.

The loading times of every size are taken in the same rounds (bare parse
and lint of each size, and lint of a 1-question tree, one after another),
and lint/bare is the median of the ratios of neighbouring runs: a slow
spell of the host, which on this machine can last seconds, then falls on
what is compared alike.

Time per question is given raw, t(n)/n, and marginal, (t(n) - t(1))/n,
where t(1) is lint of a generated tree of 1 question in the same rounds:
process start-up, the same for every tree, dominates the raw figure of a
small tree. The flatness target is judged on the marginal figure; the
raw one is in the table beside it.

Everything runs pinned to one CPU (BENCH_CPU=N picks it, BENCH_CPU=none
turns pinning off): left free, runs of the same build varied by half.
Processes are timed by the CPU time (user plus system) that wait4 reports,
standard output and error to /dev/null: on a shared machine, wall-clock time
mostly measures the neighbours. Peak memory is GNU time's %M. Prints one table with PASS or MISS per target and
writes it, with the machine it ran on, to RESULTS.md. Exits 0 on a MISS
(timings on a shared machine are noisy: read the table); exits 1 only when
something does not work (a generated tree fails lint, a tool crashes).
"""
import os
import platform
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SIZES = (1000, 10000, 100000)
PATHS_SIZES = (10000, 100000)
SHIPPED = "questions/runner-injuries.yaml"
RUNS = max(5, int(os.environ.get("BENCH_RUNS", "15")))
# How many times a round the smallest trees run (see main).
SMALL_REPS = 5
STARTUP_RUNS = max(5, int(os.environ.get("BENCH_STARTUP_RUNS", "51")))
PY_RUNS = max(5, int(os.environ.get("BENCH_PY_RUNS", "5")))


def fail(msg):
    sys.exit("bench: " + msg)


def pin_cpu():
    """Runs the bench, and every process it starts, on one CPU (the last
    this process may use; BENCH_CPU=N picks another, BENCH_CPU=none none).
    Left to move between CPUs, a run of runcheck took anywhere from 1.0 to
    1.5 times its best on this 2-core virtual machine; pinned, within a few
    per cent. Returns the CPU, or None."""
    want = os.environ.get("BENCH_CPU", "")
    if want == "none" or not hasattr(os, "sched_setaffinity"):
        return None
    cpu = int(want) if want else max(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return cpu


def spawn(argv, stdin="/dev/null"):
    """Runs argv once: (CPU seconds, user plus system, and exit status)."""
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, stdin, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, "/dev/null", os.O_WRONLY, 0),
        (os.POSIX_SPAWN_OPEN, 2, "/dev/null", os.O_WRONLY, 0),
    ]
    pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=actions)
    _, status, usage = os.wait4(pid, 0)
    return usage.ru_utime + usage.ru_stime, os.waitstatus_to_exitcode(status)


def timed_rounds(cmds, runs):
    """Runs each command in turn, round after round, and returns the CPU
    times of each, in order: the machine's speed drifts on a shared host,
    and alternating lets the drift fall on every command alike. cmds holds
    (argv, want_status, reps) triples; a command runs reps times a round,
    in step with the others (the first time of each, then the second...),
    so that the k-th runs of two commands are neighbours in time."""
    for argv, _, _ in cmds:
        spawn(argv, "/dev/null")  # warm the page cache and the loader
    times = [[] for _ in cmds]
    most = max(reps for _, _, reps in cmds)
    for _ in range(runs):
        for k in range(most):
            for i, (argv, want_status, reps) in enumerate(cmds):
                if k >= reps:
                    continue
                took, status = spawn(argv, "/dev/null")
                if status != want_status:
                    fail("%s exited %d, not %d" % (" ".join(argv), status,
                                                   want_status))
                times[i].append(took)
    return times


def timed_together(cmds, runs):
    """The median CPU time of each command, run in turn (timed_rounds).
    cmds holds (argv, want_status) pairs."""
    times = timed_rounds([(argv, want, 1) for argv, want in cmds], runs)
    return [statistics.median(t) for t in times]


def paired_ratio(slow, fast):
    """The median of slow[k] / fast[k]: runs k of two commands ran one
    after the other, so a slow spell of the host falls on both."""
    return statistics.median(a / b for a, b in zip(slow, fast))


def peak_rss(argv):
    """The largest max RSS, in bytes, of three runs under GNU time. Not
    wait4 from here: the kernel carries the RSS of the process that
    spawned into the child's ru_maxrss, and this one is a Python."""
    best = 0
    for _ in range(3):
        p = subprocess.run(["/usr/bin/time", "-f", "%M"] + argv,
                           stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True)
        best = max(best, int(p.stderr.split()[-1]) * 1024)
    return best


def pyyaml_time(path):
    out = subprocess.run(["/usr/bin/python3", os.path.join(HERE, "pyload.py"),
                          path, str(PY_RUNS)], check=True,
                         capture_output=True, text=True).stdout
    return statistics.median(float(x) for x in out.split())


def check_lint_clean(runcheck, path):
    p = subprocess.run([runcheck, "lint", path], capture_output=True)
    if p.returncode != 0 or p.stdout or p.stderr:
        fail("runcheck lint %s: exit %d, output %r" %
             (path, p.returncode, (p.stdout + p.stderr)[:300]))


def machine():
    def first_line(cmd):
        try:
            out = subprocess.run(cmd, capture_output=True, text=True).stdout
            return out.splitlines()[0] if out else "?"
        except OSError:
            return "?"

    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    import yaml
    return [
        ("uname -a", first_line(["uname", "-a"])),
        ("CPU", cpu),
        ("nproc", str(os.cpu_count())),
        ("date", time.strftime("%Y-%m-%d %H:%M:%S %Z")),
        ("compiler", first_line([os.environ.get("CC", "cc"), "--version"])),
        ("libyaml", first_line(["pkg-config", "--modversion", "yaml-0.1"])),
        ("Python, PyYAML", "%s, %s (C loader: %s)" % (
            platform.python_version(), yaml.__version__,
            yaml.__with_libyaml__)),
    ]


def ms(s):
    return "%.1f ms" % (s * 1000) if s < 10 else "%.2f s" % s


def mib(b):
    return "%.1f MiB" % (b / 1048576)


def paths_available(runcheck, path):
    """The number of walks that runcheck paths --count prints, or None
    when it prints none."""
    try:
        p = subprocess.run([runcheck, "paths", "--count", "--tree", path],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True, timeout=600)
    except subprocess.TimeoutExpired:
        return None
    if p.returncode != 0 or p.stderr or len(p.stdout.split()) != 1:
        return None
    return p.stdout.split()[0] + " walks"


def routes_case(runcheck, work, rows, target):
    """Times lint and paths --count on routed trees (gen.py --routes) and
    on plain ones of the same sizes, all in turn, round after round, and
    adds the rows and the target of walk counting with routes."""
    print("bench: routes ...", flush=True)
    cmds = []
    trees = {}
    for n in PATHS_SIZES:
        for kind in ("plain", "routed"):
            path = os.path.join(work, "%s-%d.yaml" % (kind, n))
            argv = [sys.executable, os.path.join(HERE, "gen.py")]
            argv += ["--routes"] if kind == "routed" else []
            with open(path, "wb") as f:
                subprocess.run(argv + [str(n)], stdout=f, check=True)
            check_lint_clean(runcheck, path)
            trees[kind, n] = path
            cmds.append(([runcheck, "lint", path], 0))
            cmds.append(([runcheck, "paths", "--count", "--tree", path], 0))
    medians = timed_together(cmds, RUNS)
    per_q = {}
    for i, n in enumerate(PATHS_SIZES):
        lint_p, count_p, lint_r, count_r = medians[4 * i:4 * i + 4]
        per_q[n] = count_r / n
        walks = paths_available(runcheck, trees["routed", n])
        rows.append(("routed tree (runcheck/2), %d questions: lint, "
                     "paths --count" % n,
                     "%s, %s (%s)" % (ms(lint_r), ms(count_r), walks),
                     "%.2f and %.2f µs/question; %.2fx and %.2fx the plain "
                     "tree's" % (lint_r / n * 1e6, count_r / n * 1e6,
                                 lint_r / lint_p, count_r / count_p)))
    a, b = PATHS_SIZES
    growth = per_q[b] / per_q[a]
    target("walk counting with routes linear (paths --count, time per "
           "question, %d vs %d)" % (b, a), "%.2f" % growth, growth <= 1.2)


def merge_results(results, rows, targets):
    """Puts the routes case's rows and target into RESULTS.md in place of
    the ones a earlier run wrote (after the walk counting rows, and at
    the end of the targets), leaving the rest as it was."""
    with open(results) as f:
        lines = [l for l in f.read().split("\n")
                 if not l.startswith("| routed tree")
                 and not l.startswith("| walk counting with routes")]
    last_row = max(i for i, l in enumerate(lines)
                   if l.startswith("|   paths (count and list"))
    lines[last_row + 1:last_row + 1] = ["| %s | %s | %s |" % r for r in rows]
    last_target = max(i for i, l in enumerate(lines)
                      if l.startswith("| ") and l.endswith("|"))
    lines[last_target + 1:last_target + 1] = ["| %s | %s | %s |" % t
                                              for t in targets]
    with open(results, "w") as f:
        f.write("\n".join(lines))
    print("\n".join("| %s | %s | %s |" % r for r in rows + targets))
    print("\nbench: updated %s (the routes case)" % results)


def main():
    if len(sys.argv) != 5:
        fail("usage: bench.py RUNCHECK BARE_PARSE WORKDIR RESULTS.md")
    runcheck, bare, work, results = sys.argv[1:]
    runcheck, bare = os.path.abspath(runcheck), os.path.abspath(bare)
    os.makedirs(work, exist_ok=True)
    cpu = pin_cpu()

    rows = []      # (what, figure, ratio)
    targets = []   # (target, measured, PASS/MISS)

    def target(name, measured, ok):
        targets.append((name, measured, "PASS" if ok else "MISS"))

    if os.environ.get("BENCH_ONLY") == "routes":
        routes_case(runcheck, work, rows, target)
        merge_results(results, rows, targets)
        return

    # ---- loading ---------------------------------------------------------
    per_q = {}
    marginal = {}
    at = {}
    # The smallest tree: what lint costs before any question (process
    # start-up, libyaml, the file's head), for the marginal time.
    tiny = os.path.join(work, "tree-1.yaml")
    with open(tiny, "wb") as f:
        subprocess.run([sys.executable, os.path.join(HERE, "gen.py"), "1"],
                       stdout=f, check=True)
    check_lint_clean(runcheck, tiny)
    paths = {}
    for n in SIZES:
        paths[n] = os.path.join(work, "tree-%d.yaml" % n)
        with open(paths[n], "wb") as f:
            subprocess.run([sys.executable, os.path.join(HERE, "gen.py"),
                            str(n)], stdout=f, check=True)
        check_lint_clean(runcheck, paths[n])
    # Every size in every round, so that a slow spell of the host falls on
    # all sizes alike (the flatness target compares them) and on the bare
    # parse and lint of one size alike. A short run feels the noise most:
    # the small trees run several times a round.
    print("bench: lint and the bare parse, %d rounds ..." % RUNS, flush=True)
    cmds = [([runcheck, "lint", tiny], 0, SMALL_REPS)]
    for n in SIZES:
        reps = max(1, min(SMALL_REPS, 20000 // n))
        cmds.append(([bare, paths[n]], 0, reps))
        cmds.append(([runcheck, "lint", paths[n]], 0, reps))
    times = timed_rounds(cmds, RUNS)
    t_tiny = statistics.median(times[0])
    rows.append(("1 question (%d bytes), start-up cost" %
                 os.path.getsize(tiny), "lint %s" % ms(t_tiny),
                 "subtracted for marginal time per question"))
    for i, n in enumerate(SIZES):
        path = paths[n]
        size = os.path.getsize(path)
        bare_times, lint_times = times[1 + 2 * i], times[2 + 2 * i]
        t_bare = statistics.median(bare_times)
        t_lint = statistics.median(lint_times)
        pair = paired_ratio(lint_times, bare_times)
        print("bench: %d questions, %d bytes: PyYAML ..." % (n, size),
              flush=True)
        rss = peak_rss([runcheck, "lint", path])
        t_py = pyyaml_time(path)
        per_q[n] = t_lint / n
        marginal[n] = (t_lint - t_tiny) / n
        at[n] = (size, t_bare, t_lint, t_py, rss, pair)
        rows.append(("%d questions (%s), %d runs each" %
                     (n, mib(size), len(lint_times)),
                     "bare %s, lint %s, PyYAML %s" %
                     (ms(t_bare), ms(t_lint), ms(t_py)),
                     "lint/bare %.2fx (medians %.2fx); PyYAML/lint %.1fx" %
                     (pair, t_lint / t_bare, t_py / t_lint)))
        rows.append(("  lint peak memory, time per question",
                     "%s max RSS; %.2f µs/question raw, %.2f marginal" %
                     (mib(rss), t_lint / n * 1e6, marginal[n] * 1e6),
                     "RSS/file %.2f" % (rss / size)))

    size, t_bare, t_lint, t_py, rss, pair = at[SIZES[-1]]
    target("lint within 1.3x bare parse at 100,000 (median of paired "
           "runs; ratio of the medians beside it)",
           "%.2fx (%.2fx)" % (pair, t_lint / t_bare), pair <= 1.3)
    target("lint at least 30x faster than PyYAML C loader at 100,000",
           "%.1fx" % (t_py / t_lint), t_py >= 30 * t_lint)
    target("lint peak RSS at most the file's size at 100,000",
           "%.2f" % (rss / size), rss <= size)
    spread = max(marginal.values()) / min(marginal.values())
    raw_spread = max(per_q.values()) / min(per_q.values())
    target("lint time per question flat, 1,000 to 100,000 (within 20%; "
           "marginal, start-up subtracted)",
           "max/min %.2f (raw %.2f)" % (spread, raw_spread), spread <= 1.2)

    # ---- start-up on the shipped tree ---------------------------------------
    print("bench: start-up ...", flush=True)
    t_bare_s, t_lint_s, t_quiz_s = timed_together(
        [([bare, SHIPPED], 0), ([runcheck, "lint", SHIPPED], 0),
         ([runcheck, "quiz"], 1)], STARTUP_RUNS)
    rows.append(("shipped tree (%s), start-up" %
                 mib(os.path.getsize(SHIPPED)),
                 "bare %s, lint %s, quiz to first question %s" %
                 (ms(t_bare_s), ms(t_lint_s), ms(t_quiz_s)),
                 "lint/bare %.2fx; quiz/bare %.2fx" %
                 (t_lint_s / t_bare_s, t_quiz_s / t_bare_s)))
    target("start-up within 1.5x bare parse (shipped tree): lint",
           "%.2fx" % (t_lint_s / t_bare_s), t_lint_s <= 1.5 * t_bare_s)
    target("start-up within 1.5x bare parse (shipped tree): quiz",
           "%.2fx" % (t_quiz_s / t_bare_s), t_quiz_s <= 1.5 * t_bare_s)

    # ---- walk counting ------------------------------------------------------
    print("bench: paths ...", flush=True)
    walks = {}
    counts = {}
    for n in PATHS_SIZES:
        counts[n] = paths_available(runcheck,
                                    os.path.join(work, "tree-%d.yaml" % n))
        if counts[n] is None:
            walks = None
    if walks is not None:
        # Both sizes in turn, round after round, like the loading times.
        cmds = []
        for n in PATHS_SIZES:
            path = os.path.join(work, "tree-%d.yaml" % n)
            cmds.append(([runcheck, "paths", "--count", "--tree", path], 0))
            cmds.append(([runcheck, "paths", "--tree", path], 0))
        medians = timed_together(cmds, RUNS)
        for i, n in enumerate(PATHS_SIZES):
            t_count, t_paths = medians[2 * i], medians[2 * i + 1]
            walks[n] = t_count / n
            rows.append(("paths --count, %d questions" % n,
                         "%s (%s)" % (ms(t_count), counts[n]),
                         "%.2f µs/question" % (t_count / n * 1e6)))
            rows.append(("  paths (count and list a covering set)",
                         "%s" % ms(t_paths),
                         "%.2f µs/question" % (t_paths / n * 1e6)))
    if walks is None:
        rows.append(("paths --count", "not available", "-"))
        target("walk counting linear", "not available", False)
    else:
        a, b = PATHS_SIZES
        growth = walks[b] / walks[a]
        target("walk counting linear (paths --count, time per question, "
               "%d vs %d)" % (b, a),
               "%.2f" % growth, growth <= 1.2)
    routes_case(runcheck, work, rows, target)

    # ---- the table ----------------------------------------------------------
    lines = ["| what | figures | ratios |", "| --- | --- | --- |"]
    lines += ["| %s | %s | %s |" % r for r in rows]
    lines += ["", "| target | measured | |", "| --- | --- | --- |"]
    lines += ["| %s | %s | %s |" % t for t in targets]
    table = "\n".join(lines)
    print()
    print(table)

    mach = "\n".join("- %s: `%s`" % (k, v) for k, v in machine())
    doc = """# runcheck benchmark results

Written by `make bench` (tests/bench/bench.py); do not edit by hand.

Trees generated by tests/bench/gen.py (all four question types, shared
subtrees, every question reached, lint-clean). Times are medians of CPU
time (user plus system, from wait4; wall-clock time on a shared machine
mostly measures the neighbours). Processes run with output to /dev/null,
and process start counts for bare_parse and runcheck alike.

Loading: %d rounds; in each, the bare parse and lint of every size run
in turn, with lint of a generated 1-question tree (%d times a round, as
are the 1,000-question tree's; the 10,000-question tree's twice), so that
a slow spell of the host falls on every size and on both programs alike.
lint/bare is the median of the ratios of neighbouring runs (run k of lint
over run k of the bare parse), which a drift of the host's speed cancels
out of; the ratio of the two medians is printed beside it. PyYAML: %d
loads in one interpreter, time.process_time() around yaml.load alone,
interpreter start excluded. Start-up: %d rounds of bare parse, lint and
quiz. %s

Peak memory is runcheck lint's max RSS under GNU time (`/usr/bin/time -f
%%M`). Time per question is shown raw, t(n)/n, and marginal,
(t(n) - t(1))/n, with t(1) the lint time of the 1-question tree: process
start-up, the same for every tree, dominates the raw figure of the
smallest tree. The flatness target is judged on the marginal figure; the
raw spread is printed beside it. Walk counting is timed as `runcheck
paths --count` (loading the tree and counting the walks, the number alone
on standard output); `runcheck paths` is also timed whole, loading,
counting and listing a covering set of walks (more than 10,000 walks),
output to /dev/null: the covering set grows faster than the tree. The
routed trees (gen.py --routes, runcheck/2: age and sex asked first, one
question in four routes an edge on them, 6 combinations live at every
question) are timed with plain trees of the same sizes, all in turn.

A MISS does not fail `make bench`: timings on a shared machine are noisy.
tests/bench/NOTES.md says what the profiles showed.

%s

Machine:

%s
""" % (RUNS, SMALL_REPS, PY_RUNS, STARTUP_RUNS,
       "Everything ran on CPU %d alone (BENCH_CPU): a process left to move "
       "between CPUs varied far more." % cpu if cpu is not None else
       "Processes were not pinned to a CPU (BENCH_CPU=none).",
       table, mach)
    with open(results, "w") as f:
        f.write(doc)
    print("\nbench: wrote %s" % results)


if __name__ == "__main__":
    main()
