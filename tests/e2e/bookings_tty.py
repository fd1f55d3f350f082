#!/usr/bin/env python3
"""bookings_tty.py - the booking offer, the figures and the QR code at a
real pseudo-terminal, as a patient and the staff meet them.

    python3 tests/e2e/bookings_tty.py build/runcheck    (repository root)

A kiosk session that reaches a consult result asks to be contacted (a bad
contact refused first), and the request is then listed, exported and
counted by the staff commands; a kiosk whose database cannot be written
says so to the patient and goes on to the next one; the quiz at home draws
the booking address as a QR code, and says "Book online:" instead with
ACCESSIBLE=1; a kiosk with a PostgreSQL store (tests/pg.sh) alerts the front
desk after an emergency and delivers through its outbox. Prints
"bookings tty: N passed, M failed" and exits 1 when anything failed.
"""
import csv
import io
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

from ptyterm import TIMEOUT, PtyProgram, Tally, base_env

ROOT = os.getcwd()
RUNCHECK = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/runcheck")
TREE = os.path.join(ROOT, "tests/data/e2e-basic.yaml")
CLINIC = os.path.join(ROOT, "tests/data/e2e-clinic.yaml")
# The same clinic keeping contact details for 30 days, not the default 90.
CLINIC_30 = os.path.join(ROOT, "tests/data/e2e-clinic-retention.yaml")
HALF_BLOCKS = ("\u2580", "\u2584", "\u2588")


class Term(PtyProgram):
    """The binary at a pseudo-terminal of 100 columns by 60 rows."""

    def __init__(self, args, cwd, env_extra=None):
        env = base_env(cwd)
        env.update(env_extra or {})
        super().__init__([RUNCHECK] + args, cwd, env, 60, 100)
        self.mark = 0

    def expect(self, pattern):
        """Waits for pattern after the last match; moves the mark past it.
        A sentence wrapped at the quiz's measure (80 columns) matches
        across its line break."""
        deadline = time.monotonic() + TIMEOUT
        while True:
            at = self.text().replace("\n", " ").find(pattern, self.mark)
            if at >= 0:
                self.mark = at + len(pattern)
                return True
            left = deadline - time.monotonic()
            if left <= 0 or self.read_some(left) is None:
                return False

    def send(self, data):
        time.sleep(0.05)
        os.write(self.fd, data.encode())

    def steps(self, *pairs, ok=True):
        """For each (pattern, reply): waits for pattern (expect), then
        types reply and Enter (nothing when reply is None). True when ok
        and every pattern came; once one has not, the rest are typed
        without waiting."""
        for pattern, reply in pairs:
            ok = ok and self.expect(pattern)
            if reply is not None:
                self.send(reply + "\r")
        return ok

    def stop(self, sig=signal.SIGTERM):
        if sig is not None:
            os.kill(self.pid, sig)
        return self.wait()


tally = Tally("bookings tty")
check = tally.check


def staff(*args, env_extra=None):
    env = dict(os.environ)
    env.update({"LC_ALL": "C.UTF-8", "COLUMNS": "200"})
    env.pop("RUNCHECK_DB", None)
    env.update(env_extra or {})
    return subprocess.run([RUNCHECK] + list(args), capture_output=True, env=env, timeout=20)


# The consult walk from a kiosk's welcome to its result.
CONSULT_WALK = (("Press Enter to start", ""),
                ("Do any of these apply to you right now?", "none"),
                ("Where is the pain worst?", "1"),
                ("first steps in the morning?", "yes"))
OFFER = "Would you like the clinic to contact you to book? (y/n)"
THANKS = "Thank you. The clinic will contact you to book."
SHARE = "May the clinician see your answers before your visit? (y/n)"


def kiosk(db, tmp, tree=TREE, clinic=CLINIC, more=()):
    """The kiosk with its store at db."""
    return Term(["kiosk", "--tree", tree, "--clinic", clinic, "--db", db]
                + list(more), tmp)


def kiosk_to_offer(term):
    """From the welcome to the offer, along a consult walk."""
    return term.steps(*CONSULT_WALK,
                      ("Likely: Plantar fasciitis", None),
                      ("Press Enter when you have finished reading.", ""),
                      (OFFER, None))


def kiosk_to_details(term, name, contact, keep):
    """From the welcome along a consult walk to the offer, taken: name
    and contact given, then keep answered to keeping them."""
    ok = kiosk_to_offer(term)
    term.send("y\r")
    return term.steps(("Your name:", name), ("Phone or email:", contact),
                      ("May we keep these details", keep), ok=ok)


NAME = "Ann Example;=1+2;@SUM(1)"


def kiosk_request_listed(tmp):
    db = os.path.join(tmp, "clinic", "runcheck.db")
    term = kiosk(db, tmp)
    ok = kiosk_to_offer(term)
    check("kiosk: offer under a consult result", ok, term)
    shown = term.text()
    check("kiosk: QR code of the booking address",
          all(b in shown for b in HALF_BLOCKS[:2]), term)
    term.send("maybe\r")
    check("kiosk: y/n asked again", term.expect("Please answer y or n."), term)
    term.send("y\r")
    check("kiosk: name asked", term.expect("Your name:"), term)
    term.send("   \r")
    check("kiosk: empty name refused", term.expect("Please type your name."), term)
    # A name that is live formulas to a spreadsheet splitting on
    # semicolons (issue 19): stored as typed, exported harmless.
    term.send(NAME + "\r")
    check("kiosk: contact asked", term.expect("Phone or email:"), term)
    term.send("12 34\r")
    check("kiosk: bad phone refused", term.expect("does not look like a phone number"), term)
    term.send("ann@example\r")
    check("kiosk: bad email refused", term.expect("does not look like a phone number"), term)
    term.send("ann@example.com\r")
    check("kiosk: consent asked",
          term.expect("May we keep these details for 90 days so the clinic can contact you? "
                      "They are deleted after that.") and term.expect("(y/n)"), term)
    term.send("y\r")
    check("kiosk: the clinician question", term.expect(SHARE), term)
    # This patient keeps their answers to themselves.
    term.send("n\r")
    check("kiosk: thank-you", term.expect(THANKS), term)
    check("kiosk: Enter to finish", term.expect("Press Enter to finish."), term)
    term.send("\r")
    check("kiosk: next session's welcome", term.expect("Press Enter to start"), term)
    check("kiosk: stops on SIGTERM", term.stop() == 0, term)

    mode = os.stat(db).st_mode & 0o777
    dmode = os.stat(os.path.dirname(db)).st_mode & 0o777
    check("kiosk: database 0600 in a 0700 directory", (mode, dmode) == (0o600, 0o700))

    r = staff("requests", "--db", db)
    out = r.stdout.decode()
    check("requests: lists the kiosk's request",
          r.returncode == 0 and NAME in out and "ann@example.com" in out
          and "Plantar fasciitis" in out and "consult" in out)
    r = staff("requests", "export", "--csv", env_extra={"RUNCHECK_DB": db})
    text = r.stdout.decode()
    rows = list(csv.reader(io.StringIO(text, newline="")))
    check("export: header and the request",
          r.returncode == 0 and rows[0][:4] == ["id", "created", "name", "contact"]
          and len(rows) == 2 and rows[1][2] == "Ann Example;'=1+2;'@SUM(1)"
          and rows[1][3] == "ann@example.com" and rows[1][4] == "plantar")
    check("export: CRLF line ends", r.stdout.count(b"\r\n") == 2)
    cells = [c for sep in ",;\t"
             for row in csv.reader(io.StringIO(text, newline=""), delimiter=sep)
             for c in row]
    check("export: no cell is a formula, split on comma, semicolon or tab",
          not [c for c in cells if c.lstrip(" ")[:1] in ("=", "+", "-", "@")])
    r = staff("stats", "--db", db, "--tree", TREE)
    out = r.stdout.decode()
    check("stats: the session and the request counted",
          r.returncode == 0 and "Kiosk sessions: 1" in out and "Completed: 1 of 1 (100%)" in out
          and "Contact requests taken: 1" in out and "Plantar fasciitis" in out)
    # Nothing of the answers is kept: every table of the database.
    dump = subprocess.run(["sqlite3", db, ".dump"], capture_output=True).stdout.decode()
    check("database: no answers kept, in any table",
          "CREATE TABLE requests" in dump and "Ann Example" in dump
          and "Heel or arch" not in dump and "first steps" not in dump
          and "heel_morning" not in dump and "Where is the pain" not in dump)
    r = staff("requests", "show", "1", "--db", db)
    check("show: no answers kept", r.returncode == 0
          and "Answers:   none kept" in r.stdout.decode())
    expiry = subprocess.run(["sqlite3", db, "SELECT expires_at - created_at FROM requests"],
                            capture_output=True).stdout.decode().strip()
    check("database: the request expires after the default 90 days", expiry == "7776000")
    purge_at_a_terminal(tmp, db, lambda: subprocess.run(
        ["sqlite3", db, "UPDATE requests SET expires_at = 1"], check=True))


def show_for_clinician(db, what):
    """requests show of the patient who agreed to both: the walk as they
    saw it, each question and answer, then the result."""
    r = staff("requests", "show", "1", "--db", db)
    out = r.stdout.decode()
    want = ["Answers the patient agreed the clinician may see:",
            "  1. Do any of these apply to you right now?",
            "     Answer: none of these",
            "  2. Where is the pain worst?",
            "     Answer: Heel or arch of the foot",
            "  3. Is it worst with your first steps in the morning?",
            "     Answer: yes",
            "Result:    Plantar fasciitis (plantar heel pain) (consult)",
            "From:      e2e-basic, version 1.0"]
    at = 0
    for line in want:
        found = out.find(line + "\n", at)
        check("%s: show has '%s' in order" % (what, line), found >= 0)
        at = max(at, found)
    if r.returncode != 0:
        print(r.stderr.decode(), file=sys.stderr)


FHIR_DIR = os.path.join(ROOT, "tests/fhir")


def fhir_valid(path, what):
    """Validates the FHIR JSON at path against the official R4 schema
    (tests/fhir/validate.js); SKIP when Node.js or the validator is
    missing (make check installs them where it can)."""
    if not os.path.isdir(os.path.join(FHIR_DIR, "node_modules")) or \
            subprocess.run(["sh", "-c", "command -v node"], capture_output=True).returncode:
        print("SKIP: %s not validated: no Node.js or FHIR validator "
              "(make check-deps)" % what, file=sys.stderr)
        return
    r = subprocess.run(["node", os.path.join(FHIR_DIR, "validate.js"), path],
                       capture_output=True, timeout=60)
    check("%s: valid FHIR R4 (%s)" % (what, r.stdout.decode().strip()[:400]),
          r.returncode == 0)


def fhir_export_checked(tmp, db, what, name, contact):
    """export --fhir of the consenting patient: a valid Bundle whose
    QuestionnaireResponse holds the answers as given."""
    r = staff("requests", "export", "--fhir", "--db", db)
    path = os.path.join(tmp, "bundle-%s.json" % what.replace(" ", "-"))
    with open(path, "wb") as f:
        f.write(r.stdout)
    check("%s: export --fhir" % what, r.returncode == 0)
    fhir_valid(path, what + " export --fhir")
    bundle = json.loads(r.stdout)
    check("%s: a Bundle of one collection" % what,
          bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
          and len(bundle["entry"]) == 1)
    qr = bundle["entry"][0]["resource"]
    items = {i["linkId"]: i for i in qr["item"]}
    check("%s: the QuestionnaireResponse" % what,
          qr["resourceType"] == "QuestionnaireResponse" and qr["status"] == "completed"
          and qr["questionnaire"] == "urn:runcheck:questionnaire:e2e-basic|1.0"
          and re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", qr["authored"]) is not None)
    check("%s: the answers as given" % what,
          list(items) == ["red_flags", "area", "heel_morning"]
          and "answer" not in items["red_flags"]
          and items["area"]["text"] == "Where is the pain worst?"
          and items["area"]["answer"] == [{"valueCoding": {
              "code": "1", "display": "Heel or arch of the foot"}}]
          and items["heel_morning"]["answer"] == [{"valueCoding": {
              "code": "Y", "display": "Yes",
              "system": "http://terminology.hl7.org/CodeSystem/v2-0136"}}])
    patient = qr["contained"][0]
    check("%s: the contained Patient, name and telecom only" % what,
          set(patient) == {"resourceType", "id", "name", "telecom"}
          and patient["name"] == [{"text": name}]
          and patient["telecom"] == [{"system": "email", "value": contact}]
          and qr["subject"] == {"reference": "#patient"})
    r = staff("requests", "export", "--fhir", "1", "--db", db)
    check("%s: export --fhir ID" % what,
          r.returncode == 0 and len(json.loads(r.stdout)["entry"]) == 1)
    r = staff("requests", "export", "--fhir", "99", "--db", db)
    check("%s: export --fhir of no request" % what,
          r.returncode == 65 and b"no request '99'" in r.stderr)


def kiosk_both_consents(tmp):
    """A patient who agrees to both: the request keeps their answers,
    which show prints for the clinician and purge removes with it."""
    db = os.path.join(tmp, "both.db")
    term = kiosk(db, tmp)
    ok = kiosk_to_details(term, "Cleo Both", "cleo@example.com", "y")
    ok = term.steps((SHARE, "y"), (THANKS, None), ("Press Enter to finish.", ""),
                    ("Press Enter to start", None), ok=ok)
    check("kiosk: both consents", ok and term.stop() == 0, term)
    show_for_clinician(db, "kiosk on SQLite")
    fhir_export_checked(tmp, db, "kiosk on SQLite", "Cleo Both", "cleo@example.com")
    r = staff("requests", "export", "--csv", "--db", db)
    check("export --csv: the consenting patient's request",
          r.returncode == 0 and "Cleo Both" in r.stdout.decode())
    r = staff("requests", "purge", "--older-than", "0", "--yes", "--db", db)
    time.sleep(1.1)
    r = staff("requests", "purge", "--older-than", "0", "--yes", "--db", db)
    dump = subprocess.run(["sqlite3", db, ".dump"], capture_output=True).stdout.decode()
    check("purge: the answers go with the request",
          r.returncode == 0 and "Cleo Both" not in dump and "Heel or arch" not in dump)


def purge_at_a_terminal(tmp, db, expire):
    """requests purge asks at a terminal: no keeps, yes deletes; nothing to
    ask about before the request has expired."""
    term = Term(["requests", "purge", "--db", db], tmp)
    check("purge at a terminal: nothing expired yet",
          term.expect("Nothing to delete: no request has expired.") and term.wait() == 0, term)
    expire()
    term = Term(["requests", "purge", "--db", db], tmp)
    ok = term.expect("Found 1 expired request:") and term.expect("Delete 1 expired request? (y/n)")
    term.send("n\r")
    check("purge at a terminal: asks, and no deletes nothing",
          ok and term.expect("Nothing deleted.") and term.wait() == 0, term)
    r = staff("requests", "--db", db)
    check("purge at a terminal: the request is still there",
          r.returncode == 0 and "No open requests." not in r.stdout.decode())
    term = Term(["requests", "purge", "--db", db], tmp)
    ok = term.expect("Delete 1 expired request? (y/n)")
    term.send("y\r")
    check("purge at a terminal: yes deletes it",
          ok and term.expect("Deleted 1 expired request.") and term.wait() == 0, term)
    r = staff("requests", "--all", "--db", db)
    check("purge at a terminal: gone", r.returncode == 0 and "No requests." in r.stdout.decode())


def kiosk_consent_refused(tmp):
    db = os.path.join(tmp, "refused.db")
    term = kiosk(db, tmp)
    ok = kiosk_to_details(term, "Bob", "+44 (20) 7946-0000", "n")
    ok = term.steps(("Your details have not been kept.", None),
                    ("Press Enter to finish.", ""), ("Press Enter to start", None),
                    ok=ok)
    check("kiosk: consent refused", ok and term.stop() == 0, term)
    r = staff("requests", "--db", db)
    check("requests: nothing stored without consent",
          r.returncode == 0 and "Bob" not in r.stdout.decode()
          and "No open requests." in r.stdout.decode())


def kiosk_database_fails(tmp):
    db = os.path.join(tmp, "a-directory")
    os.mkdir(db)
    term = kiosk(db, tmp)
    ok = kiosk_to_details(term, "Cy", "cy@example.org", "yes")
    ok = term.steps(("May the clinician see your answers", "yes"), ok=ok)
    check("kiosk: database error on standard error",
          ok and term.expect("runcheck: database '%s'" % db), term)
    check("kiosk: the patient is told",
          term.expect("Sorry, we could not save your details. Please ask at the front desk."),
          term)
    term.send("\r")
    check("kiosk: goes on after a database error",
          term.expect("Press Enter to start") and term.stop() == 0, term)


def kiosk_no_offer_and_abandoned(tmp):
    """No offer after an emergency; an abandoned session still counts."""
    db = os.path.join(tmp, "figures.db")
    term = kiosk(db, tmp)
    ok = term.steps(("Press Enter to start", ""),
                    ("Do any of these apply to you right now?", "1"),
                    ("Call 999 now (emergency).", None),
                    ("Press Enter when you have finished reading.", ""),
                    ("Press Enter to start", None))
    check("kiosk: no offer after an emergency",
          ok and "Would you like the clinic" not in term.text()
          and not any(b in term.text() for b in HALF_BLOCKS[:2]), term)
    term.send("\r")
    ok = term.steps(("Do any of these apply to you right now?", "none"),
                    ("Where is the pain worst?", "quit"),
                    ("Press Enter to start", None))
    check("kiosk: quit ends the session", ok and term.stop() == 0, term)
    r = staff("stats", "--db", db, "--tree", TREE)
    out = r.stdout.decode()
    check("stats: finished and abandoned sessions counted",
          r.returncode == 0 and "Kiosk sessions: 2" in out
          and "Completed: 1 of 2 (50%)" in out and "Contact requests taken: 0" in out
          and re.search(r"^  Possible blood clot \(deep vein thrombosis\) +1 ", out, re.M)
          is not None
          and re.search(r"^  emergency +1 ", out, re.M) is not None
          and re.search(r"^  Where is the pain worst\? +1 ", out, re.M) is not None)
    if r.returncode != 0 or "Kiosk sessions: 2" not in out:
        print(out, r.stderr.decode(), file=sys.stderr)
    dump = subprocess.run(["sqlite3", db, "SELECT * FROM requests"],
                          capture_output=True).stdout.decode()
    check("database: no request without an offer", dump.strip() == "")


SHIPPED = os.path.join(ROOT, "questions/runner-injuries.yaml")
# The shipped tree's walk to growing pains, an 'offer_booking: no' outcome:
# each question's words, then the answer typed.
GROWING_PAINS = (
    ("How old is the person with the pain?", "Under 10"),
    ("What sex was the person with the pain given at birth?", "Female"),
    ("Do any of these apply to you now?", "none"),
    ("Where is the pain worst?", "Both legs, or several joints"),
    ("Where is the pain on both sides?",
     "Both legs ache, mostly in the evening or at night"),
    ("Has the child had a fever, or seemed unwell?", "no"),
    ("Does the child limp, or stop playing because of the pain?", "no"),
    ("Do the legs hurt in the morning or in the daytime too?", "no"),
)


def kiosk_no_offer_without_booking(tmp):
    """Self care that offers no booking: no contact offer, clinic or QR."""
    db = os.path.join(tmp, "growing.db")
    term = kiosk(db, tmp, tree=SHIPPED)
    ok = term.steps(("Press Enter to start", ""), *GROWING_PAINS,
                    ("Likely: Growing pains", None),
                    ("See a doctor if it is not better within two weeks.", None),
                    ("Press Enter when you have finished reading.", ""),
                    ("Press Enter to start", None))
    text = term.text()
    check("kiosk: no contact offer for an outcome that offers no booking",
          ok and "Would you like the clinic" not in text
          and "Book an assessment" not in text
          and "Ring the front desk" not in text
          and "example.test" not in text
          and not any(b in text for b in HALF_BLOCKS[:2]), term)
    check("kiosk: it ends as it began", term.stop() == 0, term)
    dump = subprocess.run(["sqlite3", db, "SELECT * FROM requests"],
                          capture_output=True).stdout.decode()
    check("database: no request for an outcome that offers no booking",
          dump.strip() == "")


def quiz_qr(tmp):
    args = ["--tree", TREE, "--clinic", CLINIC]

    def quiz(extra_args=(), env_extra=None, walk=CONSULT_WALK[1:]):
        """The quiz along walk (the consult walk by default, without
        the kiosk's welcome), then its end."""
        term = Term(args + list(extra_args), tmp, env_extra)
        term.steps(*walk)
        return term, term.stop(None)

    term, status = quiz()
    text = term.text()
    check("quiz: QR code at a UTF-8 terminal",
          status == 0 and "Online: https://example.test/art" in text
          and all(b in text for b in HALF_BLOCKS[:2]), term)
    check("quiz: QR code in black on white", b"\x1b[30;107m" in term.raw, term)

    term, status = quiz(env_extra={"ACCESSIBLE": "1"})
    text = term.text()
    check("quiz: ACCESSIBLE=1 says Book online instead",
          status == 0 and "Book online: https://example.test/art" in text
          and not any(b in text for b in HALF_BLOCKS), term)

    term, status = quiz(["--json"])
    check("quiz: no QR code with --json",
          status == 0 and '"outcome": "plantar"' in term.text()
          and b"\xe2\x96" not in term.raw, term)

    term, status = quiz(env_extra={"LC_ALL": "C"},
                        walk=(("Do any of these apply", "none"),
                              ("Where is the pain", "knee"),
                              ("How bad", "3"),
                              ("outside of the knee", "no")))
    check("quiz: no QR code without UTF-8",
          status == 0 and "Online: https://example.test/art" in term.text()
          and b"\xe2\x96" not in term.raw, term)


def pg_database(name):
    """A new database with runcheck's schema on the server of tests/pg.sh;
    returns its URI."""
    admin = os.environ["RUNCHECK_TEST_PG"]
    subprocess.run(["psql", "-q", admin, "-c", "CREATE DATABASE " + name],
                   check=True, capture_output=True)
    uri = admin.replace("///postgres?", "///%s?" % name, 1)
    subprocess.run([RUNCHECK, "db", "init", "--db", uri], check=True,
                   capture_output=True)
    return uri


def pg_value(uri, sql, expected):
    """True when sql gives expected within two seconds: the kiosk forwards
    in the background, and the test does not wait for it otherwise."""
    deadline = time.monotonic() + 2
    while True:
        got = subprocess.run(["psql", "-qtA", uri, "-c", sql], capture_output=True,
                             check=True).stdout.decode().strip()
        if got == expected or time.monotonic() > deadline:
            return got == expected
        time.sleep(0.1)


def kiosk_on_postgresql(tmp):
    """A kiosk whose store is a PostgreSQL server: an emergency alerts the
    front desk and says so; a request and the sessions reach the server
    through the outbox, which is left empty."""
    uri = pg_database("rc_tty_%d" % os.getpid())
    outbox = os.path.join(tmp, "pg", "outbox.db")

    def kiosk_pg():
        return kiosk(uri, tmp, clinic=CLINIC_30,
                     more=["--name", "waiting-room", "--outbox", outbox])

    term = kiosk_pg()
    ok = term.steps(("Press Enter to start", ""),
                    ("Do any of these apply to you right now?", "1"),
                    ("Please tell the front desk now: they have been alerted.", None))
    check("kiosk on PostgreSQL: an emergency says to tell the front desk",
          ok and term.expect("Call 999 now (emergency)."), term)
    ok = term.steps(("Press Enter when you have finished reading.", ""),
                    *CONSULT_WALK,
                    ("Press Enter when you have finished reading.", None))
    check("kiosk on PostgreSQL: no alert for a consult",
          ok and term.text().count("Please tell the front desk now") == 1, term)
    term.send("\r")
    ok = term.steps((OFFER, "y"), ("Your name:", "Pat Postgres"),
                    ("Phone or email:", "pat@example.com"),
                    ("May we keep these details for 30 days so the clinic", "y"),
                    (SHARE, "y"))
    check("kiosk on PostgreSQL: the request is saved",
          ok and term.expect(THANKS), term)
    term.send("\r")
    ok = term.expect("Press Enter to start")
    check("kiosk on PostgreSQL: stops on SIGTERM", ok and term.stop() == 0, term)

    check("kiosk on PostgreSQL: both sessions' figures, named",
          pg_value(uri, "SELECT count(*) || ' ' || min(kiosk) FROM sessions",
                   "2 waiting-room"))
    check("kiosk on PostgreSQL: one alert, named, with nothing personal",
          pg_value(uri, "SELECT count(*) || ' ' || min(kiosk) || ' ' || min(triage) "
                        "FROM alerts", "1 waiting-room emergency"))
    r = staff("requests", "--db", uri)
    check("kiosk on PostgreSQL: the front desk lists the request",
          r.returncode == 0 and "Pat Postgres" in r.stdout.decode())
    show_for_clinician(uri, "kiosk on PostgreSQL")
    fhir_export_checked(tmp, uri, "kiosk on PostgreSQL", "Pat Postgres", "pat@example.com")
    r = staff("db", "status", "--db", uri, "--outbox", outbox)
    check("kiosk on PostgreSQL: nothing left in the outbox",
          r.returncode == 0 and "Outbox: 0 requests, 0 sessions and 0 alerts wait"
          in r.stdout.decode())
    mode = os.stat(outbox).st_mode & 0o777
    dmode = os.stat(os.path.dirname(outbox)).st_mode & 0o777
    check("kiosk on PostgreSQL: outbox 0600 in a 0700 directory",
          (mode, dmode) == (0o600, 0o700))
    # A second patient agrees to be contacted only: nothing of their
    # answers reaches any table of the server (pg_dump of every row).
    term = kiosk_pg()
    ok = kiosk_to_details(term, "Quinn Contact", "quinn@example.com", "y")
    ok = term.steps((SHARE, "n"), (THANKS, ""), ("Press Enter to start", None), ok=ok)
    check("kiosk on PostgreSQL: contact only", ok and term.stop() == 0, term)
    check("kiosk on PostgreSQL: the contact-only request arrives",
          pg_value(uri, "SELECT count(*) FROM requests WHERE name = 'Quinn Contact' "
                        "AND answers IS NULL", "1"))
    dump = subprocess.run(["pg_dump", "--data-only", uri], capture_output=True)
    rows = [line for line in dump.stdout.decode().splitlines() if "Quinn Contact" in line]
    if dump.returncode != 0 or len(rows) != 1:
        print(dump.stderr.decode()[:300], rows, file=sys.stderr)
    check("kiosk on PostgreSQL: no answers of the contact-only patient in any table",
          dump.returncode == 0 and len(rows) == 1
          and "Heel or arch" not in rows[0] and "first steps" not in rows[0]
          and "heel_morning" not in rows[0]
          and "Heel or arch of the foot" in dump.stdout.decode())
    subprocess.run(["psql", "-q", uri, "-c", "DELETE FROM requests WHERE name = 'Quinn Contact'"],
                   check=True, capture_output=True)
    check("kiosk on PostgreSQL: the request expires after the clinic's 30 days",
          pg_value(uri, "SELECT expires_at - created_at FROM requests", "2592000"))
    purge_at_a_terminal(tmp, uri, lambda: subprocess.run(
        ["psql", "-q", uri, "-c", "UPDATE requests SET expires_at = 1"],
        check=True, capture_output=True))


def questionnaire(tmp):
    """report --format fhir: the tree as a valid Questionnaire that the
    responses name."""
    path = os.path.join(tmp, "questionnaire.json")
    r = staff("report", "--format", "fhir", "--tree", TREE)
    with open(path, "wb") as f:
        f.write(r.stdout)
    q = json.loads(r.stdout)
    check("report --format fhir: the Questionnaire",
          r.returncode == 0 and q["resourceType"] == "Questionnaire"
          and q["url"] == "urn:runcheck:questionnaire:e2e-basic" and q["version"] == "1.0")
    items = {i["linkId"]: i for i in q["item"]}
    check("report --format fhir: items as the tree asks",
          items["red_flags"]["repeats"] is True
          and items["knee_pain"]["type"] == "integer"
          and [o["valueCoding"]["code"] for o in items["heel_morning"]["answerOption"]]
          == ["Y", "N", "asked-unknown"])
    fhir_valid(path, "report --format fhir")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        questionnaire(tmp)
        kiosk_request_listed(tmp)
        kiosk_consent_refused(tmp)
        kiosk_both_consents(tmp)
        kiosk_database_fails(tmp)
        kiosk_no_offer_and_abandoned(tmp)
        kiosk_no_offer_without_booking(tmp)
        quiz_qr(tmp)
        if os.environ.get("RUNCHECK_TEST_PG"):
            kiosk_on_postgresql(tmp)
        else:
            check("kiosk on PostgreSQL: $RUNCHECK_TEST_PG is set (tests/pg.sh)", False)
    return tally.summary()


if __name__ == "__main__":
    sys.exit(main())
