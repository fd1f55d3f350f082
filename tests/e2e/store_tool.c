/*
 * store_tool.c - writes to a runcheck database through the store module,
 * for the end-to-end tests (tests/e2e/bookings.sh):
 *
 *   store_tool DB request NAME CONTACT TRIAGE [CREATED_AT]
 *	adds a request (test_request's: outcome plantar, tree version 1.0)
 *	and prints its id
 *   store_tool DB kiosk-request NAME CONTACT TRIAGE
 *	adds a request as a kiosk does, asking no id back (on PostgreSQL a
 *	kiosk's role may not read one), and prints nothing
 *   store_tool DB session DAY OUTCOME|- QUESTION|- TRIAGE|- ANSWERS
 *	       SECONDS HAS_REQUEST [KIOSK]
 *	adds one session's figures (KIOSK: its kiosk's name, PostgreSQL)
 *   store_tool URI save NAME [KIOSK]
 *	saves a request (consult) as the kiosk does, through its outbox
 *	($OUTBOX): committed there, then forwarded; prints nothing
 *   store_tool URI alert TRIAGE [KIOSK]
 *	records an alert as the kiosk does, through its outbox ($OUTBOX)
 *   store_tool URI forward
 *	forwards the outbox ($OUTBOX), as a kiosk does at start, and prints
 *	what still waits: "REQUESTS SESSIONS ALERTS"
 *   store_tool DB loop
 *	adds requests for ever, printing each id once its COMMIT returned:
 *	the crash test kills it at random and then looks for every id
 *
 * Exits 0, or 1 with the store's message on standard error.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store.h"
#include "../unit/store_request.h"

static const char *dash_null(const char *s)
{
	return strcmp(s, "-") == 0 ? NULL : s;
}

static int fail(const char *path, const char *message)
{
	fprintf(stderr, "store_tool: database '%s': %s\n", path, message);
	return 1;
}

/* The modes that go through the kiosk's outbox. */
static int outbox(const char *path, int argc, char **argv)
{
	char *message = NULL;
	int rc = 0;

	store_outbox_setup(argc == 5 ? argv[4] : NULL, getenv("OUTBOX"), false);
	if (strcmp(argv[2], "save") == 0 && (argc == 4 || argc == 5)) {
		struct store_request req =
			test_request(argv[3], "+44 20 7946 0000", "consult",
				     (int64_t)time(NULL));

		if (store_save_request(path, &req, NULL, &message) != 0)
			rc = fail(path, message);
	} else if (strcmp(argv[2], "alert") == 0 && (argc == 4 || argc == 5)) {
		if (store_save_alert(path, argv[3], (int64_t)time(NULL),
				     &message) != 0)
			rc = fail(path, message);
	} else if (strcmp(argv[2], "forward") == 0 && argc == 3) {
		struct store_waiting left;

		if (store_outbox_forward(path, &left, &message) != 0)
			rc = fail(path, message);
		printf("%" PRId64 " %" PRId64 " %" PRId64 "\n", left.requests,
		       left.sessions, left.alerts);
	} else {
		fputs("store_tool: bad arguments\n", stderr);
		rc = 2;
	}
	free(message);
	return rc;
}

int main(int argc, char **argv)
{
	struct store *store = NULL;
	char *message = NULL;
	const char *path;
	int rc = 0;

	if (argc < 3) {
		fputs("usage: store_tool DB request|session|loop ...\n",
		      stderr);
		return 2;
	}
	path = argv[1];
	if (strcmp(argv[2], "save") == 0 || strcmp(argv[2], "alert") == 0 ||
	    strcmp(argv[2], "forward") == 0)
		return outbox(path, argc, argv);
	if (store_open(path, STORE_CREATE, &store, &message) != STORE_OK) {
		rc = fail(path, message);
		free(message);
		return rc;
	}
	if ((strcmp(argv[2], "request") == 0 && (argc == 6 || argc == 7)) ||
	    (strcmp(argv[2], "kiosk-request") == 0 && argc == 6)) {
		struct store_request req =
			test_request(argv[3], argv[4], argv[5],
				     argc == 7 ? strtoll(argv[6], NULL, 10)
					       : (int64_t)time(NULL));
		bool is_kiosk = strcmp(argv[2], "kiosk-request") == 0;
		int64_t id;

		if (store_add_request(store, &req, is_kiosk ? NULL : &id) != 0)
			rc = fail(path, store_errmsg(store));
		else if (!is_kiosk)
			printf("%" PRId64 "\n", id);
	} else if (strcmp(argv[2], "session") == 0 &&
		   (argc == 10 || argc == 11)) {
		struct store_session s = {
			.outcome = dash_null(argv[4]),
			.abandoned_at = dash_null(argv[5]),
			.triage = dash_null(argv[6]),
			.tree_version = "1.0",
			.answers = strtoll(argv[7], NULL, 10),
			.duration = strtoll(argv[8], NULL, 10),
			.has_request = strcmp(argv[9], "1") == 0,
			.kiosk = argc == 11 ? argv[10] : NULL,
		};

		snprintf(s.day, sizeof(s.day), "%s", argv[3]);
		if (store_add_session(store, &s) != 0)
			rc = fail(path, store_errmsg(store));
	} else if (strcmp(argv[2], "loop") == 0) {
		setvbuf(stdout, NULL, _IONBF, 0);
		for (long i = 0;; i++) {
			char name[32];
			struct store_request req =
				test_request(name, "+44 20 7946 0000",
					     "consult", (int64_t)time(NULL));
			int64_t id;

			snprintf(name, sizeof(name), "Writer %ld", i);
			if (store_add_request(store, &req, &id) != 0) {
				rc = fail(path, store_errmsg(store));
				break;
			}
			printf("%" PRId64 " %s\n", id, name);
		}
	} else {
		fputs("store_tool: bad arguments\n", stderr);
		rc = 2;
	}
	store_free(store);
	return rc;
}
