"""The stats benchmark of `make bench` (issue 16): runcheck stats over five
years of a busy group, 2 million kiosk sessions, on SQLite and, when
tests/pg.sh gave a server ($RUNCHECK_TEST_PG), on PostgreSQL, against the
bare count(*) ... GROUP BY of the same figures from the sessions table.

The sessions go into a database of schema version 2 (what versions 3 to
6 added taken off a fresh `db init`: the roll-ups and three columns of
requests), and `runcheck db init` then migrates it to the current version, rolling them up as it would a clinic's
database: two million rows through the trigger in one transaction would
leave PostgreSQL's roll-ups full of dead row versions that a kiosk's one
session a transaction, with autovacuum, never leaves. They are spread over
1,826 days and three kiosks: 57 outcomes, each with its triage, and one
session in seven abandoned at one of 60 questions.

Times are wall-clock, the median of STATS_RUNS runs of the whole command
(process start and connection included): a PostgreSQL query's work is
done in the server, which the CPU time of the client does not see.
"""
import os
import statistics
import subprocess
import time

SESSIONS = 2000000
DAYS = 1826
STATS_RUNS = 7
TARGET_MS = 100

# The figures stats shows, straight from the sessions: the baseline.
BARE = ("SELECT count(*), count(outcome), sum(has_request::int) FROM sessions;"
        "SELECT triage, count(*) FROM sessions GROUP BY triage;"
        "SELECT outcome, count(*) FROM sessions GROUP BY outcome;"
        "SELECT abandoned_at, count(*) FROM sessions GROUP BY abandoned_at;")

SQLITE_FILL = """
DROP TRIGGER sessions_roll_up; DROP TABLE session_days;
DROP TABLE session_months; ALTER TABLE requests DROP COLUMN answers;
ALTER TABLE requests DROP COLUMN expires_at;
ALTER TABLE requests DROP COLUMN done_by; PRAGMA user_version = 2;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < %d)
INSERT INTO sessions (day, outcome, abandoned_at, triage, tree_version,
                      answers, duration, has_request)
SELECT date('2021-12-01', '+' || (i %% %d) || ' days'),
  CASE WHEN i %% 7 = 0 THEN NULL ELSE 'outcome_' || (i * 7919 %% 57) END,
  CASE WHEN i %% 7 = 0 THEN 'q_' || (i * 104729 %% 60) END,
  CASE WHEN i %% 7 = 0 THEN NULL ELSE
    (CASE (i * 7919 %% 57) %% 5 WHEN 0 THEN 'emergency' WHEN 1 THEN 'urgent'
     WHEN 2 THEN 'gp' WHEN 3 THEN 'consult' ELSE 'self_care' END) END,
  '1.0', 5, 120, i %% 3 = 0
FROM n;
""" % (SESSIONS - 1, DAYS)

PG_FILL = """
DROP TRIGGER sessions_roll_up ON sessions; DROP FUNCTION runcheck_roll_up();
DROP TABLE session_days, session_months;
ALTER TABLE requests DROP COLUMN answers, DROP COLUMN expires_at,
  DROP COLUMN done_by;
UPDATE runcheck_schema SET version = 2;
INSERT INTO sessions (uuid, day, outcome, abandoned_at, triage, tree_version,
                      answers, duration, has_request, kiosk)
SELECT gen_random_uuid(), date '2021-12-01' + (i %% %d)::int,
  CASE WHEN i %% 7 = 0 THEN NULL ELSE 'outcome_' || (i * 7919 %% 57) END,
  CASE WHEN i %% 7 = 0 THEN 'q_' || (i * 104729 %% 60) END,
  CASE WHEN i %% 7 = 0 THEN NULL ELSE
    (ARRAY['emergency', 'urgent', 'gp', 'consult', 'self_care'])
    [1 + (i * 7919 %% 57) %% 5] END,
  '1.0', 5, 120, i %% 3 = 0,
  (ARRAY['front-left', 'front-right', 'back-room'])[1 + i %% 3]
FROM generate_series(0::bigint, %d) i;
""" % (DAYS, SESSIONS - 1)


def wall_ms(argv):
    """The median wall-clock time of STATS_RUNS runs, in milliseconds,
    after one run to warm the caches."""
    times = []
    for k in range(STATS_RUNS + 1):
        start = time.monotonic()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
        if k:
            times.append((time.monotonic() - start) * 1000)
    return statistics.median(times)


def sqlite_db(runcheck, work):
    path = os.path.join(work, "stats-2m.db")
    if os.path.exists(path):
        return path
    part = path + ".part"
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(part + suffix):
            os.remove(part + suffix)
    subprocess.run([runcheck, "db", "init", "--db", part], check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run(["sqlite3", part], input=SQLITE_FILL.encode(), check=True)
    subprocess.run([runcheck, "db", "init", "--db", part], check=True,
                   stdout=subprocess.DEVNULL)
    os.rename(part, path)
    return path


def pg_db(runcheck):
    admin = os.environ["RUNCHECK_TEST_PG"]
    name = "bench_stats_%d" % os.getpid()
    subprocess.run(["psql", "-q", admin, "-c", "CREATE DATABASE " + name],
                   check=True)
    uri = admin.replace("///postgres?", "///%s?" % name, 1)
    subprocess.run([runcheck, "db", "init", "--db", uri], check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run(["psql", "-q", uri], input=PG_FILL.encode(), check=True)
    subprocess.run([runcheck, "db", "init", "--db", uri], check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run(["psql", "-q", uri, "-c", "VACUUM ANALYZE"], check=True)
    return uri


def bench(runcheck, work, rows, target):
    """Adds the table's rows (what, figure, ratio) and its targets."""
    engines = [("SQLite", sqlite_db(runcheck, work),
                ["sqlite3", None, BARE.replace("::int", "")])]
    if os.environ.get("RUNCHECK_TEST_PG"):
        engines.append(("PostgreSQL", pg_db(runcheck),
                        ["psql", "-qtA", None, "-c", BARE]))
    else:
        rows.append(("stats, PostgreSQL", "no server (tests/pg.sh)", "-"))
    for engine, db, bare in engines:
        bare = [db if a is None else a for a in bare]
        t_bare = wall_ms(bare)
        for args in ([], ["--since", "2026-06-15"], ["--by", "month"]):
            t = wall_ms([runcheck, "stats", "--db", db] + args)
            what = " ".join(["stats"] + args + [engine + ", 2M sessions"])
            rows.append((what, "%.1f ms" % t,
                         "%.3fx bare count(*) GROUP BY (%.0f ms)"
                         % (t / t_bare, t_bare)))
            if not args:
                target("stats under %d ms at 2M sessions, %s"
                       % (TARGET_MS, engine), "%.1f ms" % t, t < TARGET_MS)
