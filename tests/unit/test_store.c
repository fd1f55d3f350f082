/*
 * test_store.c - the booking and figures database, on real SQLite files
 * in a temporary directory, and the same battery (every test that does not
 * look at SQLite's files) on PostgreSQL, each test in a new database of
 * the server that tests/pg.sh starts ($RUNCHECK_TEST_PG), with the tests
 * that only PostgreSQL has: roles, the schema made only by store_pg_init.
 */
#define _GNU_SOURCE /* nftw's FTW_DEPTH */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <grp.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include "engine.h"
#include "helpers.h"
#include "store.h"
#include "store_request.h"
#include "tree.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Version 1 of the schema, as it was released: frozen here, so that the
 * migration is tested against the real thing, not against today's code. */
static const char schema_v1[] = "CREATE TABLE requests ("
				" id INTEGER PRIMARY KEY,"
				" created_at INTEGER NOT NULL,"
				" name TEXT NOT NULL,"
				" contact TEXT NOT NULL,"
				" outcome TEXT NOT NULL,"
				" condition TEXT NOT NULL,"
				" triage TEXT NOT NULL,"
				" tree_version TEXT NOT NULL);"
				"PRAGMA user_version = 1;";

struct fixture {
	char dir[64];
	char path[128]; /* a file, or a PostgreSQL database's URI */
	char pg_db[32]; /* the PostgreSQL database made for the test */
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	if (!fx)
		return -1;
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/runcheck-store-XXXXXX");
	if (!mkdtemp(fx->dir)) {
		free(fx);
		return -1;
	}
	snprintf(fx->path, sizeof(fx->path), "%s/runcheck.db", fx->dir);
	*state = fx;
	return 0;
}

static int remove_one(const char *path, const struct stat *st, int flag,
		      struct FTW *ftw)
{
	/* A test may have taken write permission away. */
	chmod(path, 0700);
	return remove(path);
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	nftw(fx->dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	free(fx);
	return 0;
}

static struct store *open_ok(const char *path)
{
	struct store *store = NULL;
	char *message = NULL;
	enum store_status status =
		store_open(path, STORE_CREATE, &store, &message);

	if (status != STORE_OK)
		fail_msg("store_open '%s': %s", path, message);
	assert_non_null(store);
	assert_null(message);
	return store;
}

/* A consult request from Ann's address (store_request.h). */
static struct store_request request(const char *name, int64_t created_at)
{
	return test_request(name, "ann@example.com", "consult", created_at);
}

/* The requests a listing gives, copied. */
struct listing {
	size_t count;
	int64_t ids[16];
	int64_t done_at[16];
	int64_t expires_at[16];
	char done_by[16][64];
	char names[16][64];
	struct store_request first; /* strings not kept */
	char first_fields[6][64];
};

static int collect(const struct store_request *req, void *ctx)
{
	struct listing *l = ctx;

	if (l->count == 0) {
		const char *fields[6] = {req->name,    req->contact,
					 req->outcome, req->condition,
					 req->triage,  req->tree_version};

		l->first = *req;
		for (size_t i = 0; i < 6; i++)
			snprintf(l->first_fields[i], 64, "%s", fields[i]);
	}
	if (l->count < 16) {
		l->ids[l->count] = req->id;
		l->done_at[l->count] = req->done_at;
		snprintf(l->done_by[l->count], 64, "%s", req->done_by);
		l->expires_at[l->count] = req->expires_at;
		snprintf(l->names[l->count], 64, "%s", req->name);
	}
	l->count++;
	return 0;
}

static struct listing list(struct store *store, bool include_done)
{
	struct listing l;

	memset(&l, 0, sizeof(l));
	assert_int_equal(store_each_request(store, include_done, collect, &l),
			 0);
	return l;
}

/* store_stats since: its sessions, completed and requests as given;
 * stats kept for more checks (the caller clears it). */
static void expect_totals(struct store *store, const char *since,
			  struct store_stats *stats, int64_t sessions,
			  int64_t completed, int64_t requests)
{
	assert_int_equal(store_stats(store, since, stats), 0);
	assert_int_equal(stats->sessions, sessions);
	assert_int_equal(stats->completed, completed);
	assert_int_equal(stats->requests, requests);
}

/* store_purge (with is_expiry store_purge_expired) at cutoff deletes
 * exactly n requests. */
static void expect_purged(struct store *store, bool is_expiry, int64_t cutoff,
			  int64_t n)
{
	int64_t deleted = -1;

	assert_int_equal(is_expiry
				 ? store_purge_expired(store, cutoff, &deleted)
				 : store_purge(store, cutoff, &deleted),
			 0);
	assert_int_equal(deleted, n);
}

/* The requests, done or not, are those named, newest first. */
static void expect_names(struct store *store, const char *newest,
			 const char *oldest)
{
	struct listing l = list(store, true);

	assert_int_equal(l.count, 2);
	assert_string_equal(l.names[0], newest);
	assert_string_equal(l.names[1], oldest);
}

static mode_t mode_of(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_mode & 07777;
}

static void store_open__missing_dirs__file_0600_in_dir_0700(void **state)
{
	struct fixture *fx = *state;
	char dir[128], path[160], wal[170];
	mode_t old = umask(0);
	struct store *store;
	struct store_request req = request("Ann", 1000);

	snprintf(dir, sizeof(dir), "%s/var/lib", fx->dir);
	snprintf(path, sizeof(path), "%s/runcheck/runcheck.db", dir);
	store = open_ok(path);
	umask(old);
	assert_int_equal(store_add_request(store, &req, NULL), 0);
	assert_int_equal(mode_of(path), 0600);
	snprintf(wal, sizeof(wal), "%s-wal", path);
	assert_int_equal(mode_of(wal), 0600);
	assert_int_equal(mode_of(dir), 0700);
	snprintf(dir, sizeof(dir), "%s/var/lib/runcheck", fx->dir);
	assert_int_equal(mode_of(dir), 0700);
	store_free(store);
}

static void store_open__existing_open_file__tightened_to_0600(void **state)
{
	struct fixture *fx = *state;
	int fd = open(fx->path, O_CREAT | O_WRONLY, 0644);
	struct store *store;

	assert_true(fd >= 0);
	fchmod(fd, 0644);
	close(fd);
	store = open_ok(fx->path);
	assert_int_equal(mode_of(fx->path), 0600);
	store_free(store);
}

static void store_open__new__wal_and_current_schema(void **state)
{
	struct fixture *fx = *state;
	struct store *store = open_ok(fx->path);
	sqlite3 *db;
	sqlite3_stmt *stmt;

	assert_int_equal(store_schema_version(store), STORE_SCHEMA_VERSION);
	store_free(store);
	assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1,
					    &stmt, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(stmt, 0), "wal");
	sqlite3_finalize(stmt);
	sqlite3_close(db);
}

static void store_add_request__round_trip__every_field_back(void **state)
{
	struct fixture *fx = *state;
	struct store *store = open_ok(fx->path);
	struct store_request req = request("Ånn Ëxample", 1700000000);
	struct listing l;
	int64_t id = 0;

	req.contact = "+44 (20) 7946-0000";
	req.triage = "self_care";
	assert_int_equal(store_add_request(store, &req, &id), 0);
	assert_true(id > 0);
	store_free(store);

	/* A new connection sees what the first one committed. */
	store = open_ok(fx->path);
	l = list(store, false);
	assert_int_equal(l.count, 1);
	assert_int_equal(l.first.id, id);
	assert_int_equal(l.first.created_at, 1700000000);
	assert_int_equal(l.first.done_at, 0);
	assert_string_equal(l.first_fields[0], "Ånn Ëxample");
	assert_string_equal(l.first_fields[1], "+44 (20) 7946-0000");
	assert_string_equal(l.first_fields[2], "plantar");
	assert_string_equal(l.first_fields[3],
			    "Plantar fasciitis (plantar heel pain)");
	assert_string_equal(l.first_fields[4], "self_care");
	assert_string_equal(l.first_fields[5], "1.0");
	store_free(store);
}

static void store_add_request__not_bookable__refused(void **state)
{
	struct fixture *fx = *state;
	struct store *store = open_ok(fx->path);
	static const char *const triages[] = {"emergency", "urgent", "gp", "",
					      "CONSULT"};

	for (size_t i = 0; i < COUNT(triages); i++) {
		struct store_request req = request("Ann", 1000);

		req.triage = triages[i];
		assert_int_equal(store_add_request(store, &req, NULL), -1);
		assert_non_null(strstr(store_errmsg(store), "refused"));
	}
	assert_int_equal(list(store, true).count, 0);
	store_free(store);
}

static void store_add_request__empty_or_long_fields__refused(void **state)
{
	struct fixture *fx = *state;
	struct store *store = open_ok(fx->path);
	char long_name[STORE_MAX_NAME + 2];
	struct store_request req = request("", 1000);

	assert_int_equal(store_add_request(store, &req, NULL), -1);
	memset(long_name, 'a', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	req.name = long_name;
	assert_int_equal(store_add_request(store, &req, NULL), -1);
	req.name = "Ann";
	req.contact = NULL;
	assert_int_equal(store_add_request(store, &req, NULL), -1);
	assert_int_equal(list(store, true).count, 0);
	store_free(store);
}

static void store_each_request__several__newest_first_open_only(void **state)
{
	struct fixture *fx = *state;
	struct store *store = open_ok(fx->path);
	const char *names[] = {"Old", "Newest", "Middle", "Same time"};
	int64_t times[] = {100, 300, 200, 200};
	int64_t ids[4];
	struct listing l;

	for (size_t i = 0; i < 4; i++) {
		struct store_request req = request(names[i], times[i]);

		assert_int_equal(store_add_request(store, &req, &ids[i]), 0);
	}
	l = list(store, false);
	assert_int_equal(l.count, 4);
	assert_string_equal(l.names[0], "Newest");
	assert_string_equal(l.names[1], "Same time"); /* later id first */
	assert_string_equal(l.names[2], "Middle");
	assert_string_equal(l.names[3], "Old");

	assert_int_equal(store_mark_done(store, ids[2], 5000, "ann"), STORE_OK);
	l = list(store, false);
	assert_int_equal(l.count, 3);
	for (size_t i = 0; i < l.count; i++)
		assert_string_not_equal(l.names[i], "Middle");
	l = list(store, true);
	assert_int_equal(l.count, 4);
	assert_int_equal(l.done_at[2], 5000);
	store_free(store);
}

static void store_mark_done__twice__keeps_first_time(void **state)
{
	struct fixture *fx = *state;
	struct store *store = open_ok(fx->path);
	struct store_request req = request("Ann", 100);
	int64_t id;

	assert_int_equal(store_add_request(store, &req, &id), 0);
	assert_int_equal(store_mark_done(store, id, 500, "ann"), STORE_OK);
	assert_int_equal(store_mark_done(store, id, 900, "ann"), STORE_OK);
	assert_int_equal(list(store, true).done_at[0], 500);
	store_free(store);
}

/* Who marked it done: the login given on SQLite, the database role (the
 * test server's superuser, runcheck) on PostgreSQL; kept when marked
 * again, cleared by reopen, which a second mark then sets anew. */
static void store_mark_done__by__kept_then_reopened(void **state)
{
	struct fixture *fx = *state;
	struct store *store = open_ok(fx->path);
	struct store_request req = request("Ann", 100);
	const char *first = store_is_uri(fx->path) ? "runcheck" : "ann";
	const char *second = store_is_uri(fx->path) ? "runcheck" : "bob";
	struct listing l;
	int64_t id;

	assert_int_equal(store_add_request(store, &req, &id), 0);
	l = list(store, true);
	assert_string_equal(l.done_by[0], "");
	assert_int_equal(store_mark_done(store, id, 500, "ann"), STORE_OK);
	assert_int_equal(store_mark_done(store, id, 900, "bob"), STORE_OK);
	l = list(store, true);
	assert_string_equal(l.done_by[0], first);
	assert_int_equal(store_reopen(store, id), STORE_OK);
	l = list(store, false);
	assert_int_equal(l.count, 1);
	assert_int_equal(l.done_at[0], 0);
	assert_string_equal(l.done_by[0], "");
	assert_int_equal(store_reopen(store, id), STORE_OK);
	assert_int_equal(store_mark_done(store, id, 1200, "bob"), STORE_OK);
	l = list(store, true);
	assert_int_equal(l.done_at[0], 1200);
	assert_string_equal(l.done_by[0], second);
	assert_int_equal(store_reopen(store, id + 1000), STORE_NOT_FOUND);
	store_free(store);
}

/* Each request keeps its expiry (by default 90 days after it was made),
 * and purge_expired deletes those at or past it, open or done. */
static void store_purge_expired__expiry__deleted_at_or_past(void **state)
{
	struct fixture *fx = *state;
	struct store *store = open_ok(fx->path);
	struct store_request req = request("Default", 1000);
	struct listing l;

	assert_int_equal(store_add_request(store, &req, NULL), 0);
	req = request("Soon", 2000);
	req.expires_at = 5000;
	assert_int_equal(store_add_request(store, &req, NULL), 0);
	req = request("Later", 3000);
	req.expires_at = 9000;
	assert_int_equal(store_add_request(store, &req, NULL), 0);
	req = request("Backwards", 3000);
	req.expires_at = 3000;
	assert_int_equal(store_add_request(store, &req, NULL), -1);
	assert_non_null(strstr(store_errmsg(store), "expires before"));
	l = list(store, true);
	assert_int_equal(l.count, 3);
	assert_int_equal(l.expires_at[0], 9000);
	assert_int_equal(l.expires_at[1], 5000);
	assert_int_equal(l.expires_at[2], 1000 + 90 * 86400);
	assert_int_equal(store_mark_done(store, l.ids[1], 4000, "ann"),
			 STORE_OK);
	expect_purged(store, true, 4999, 0);
	expect_purged(store, true, 5000, 1);
	expect_names(store, "Later", "Default");
	expect_purged(store, true, 1000 + 90 * 86400, 2);
	assert_int_equal(list(store, true).count, 0);
	store_free(store);
}

static void store_mark_done__unknown_id__not_found(void **state)
{
	struct fixture *fx = *state;
	struct store *store = open_ok(fx->path);

	assert_int_equal(store_mark_done(store, 42, 500, "ann"),
			 STORE_NOT_FOUND);
	assert_non_null(strstr(store_errmsg(store), "42"));
	store_free(store);
}

static void store_purge__cutoff__older_deleted_newer_kept(void **state)
{
	struct fixture *fx = *state;
	struct store *store = open_ok(fx->path);
	int64_t times[] = {100, 199, 200, 300};
	int64_t id;
	sqlite3 *db;
	sqlite3_stmt *stmt;

	for (size_t i = 0; i < COUNT(times); i++) {
		char name[16];
		struct store_request req;

		snprintf(name, sizeof(name), "Person %zu", i);
		req = request(name, times[i]);
		assert_int_equal(store_add_request(store, &req, &id), 0);
	}
	/* Done or not, an old request goes. */
	assert_int_equal(store_mark_done(store, 1, 150, "ann"), STORE_OK);
	expect_purged(store, false, 200, 2);
	expect_names(store, "Person 3", "Person 2");
	expect_purged(store, false, 200, 0);
	store_free(store);

	/* The name is gone from the file, not only from the table. */
	if (store_is_uri(fx->path))
		return;
	assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db,
					    "PRAGMA wal_checkpoint(TRUNCATE)",
					    -1, &stmt, NULL),
			 SQLITE_OK);
	sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	{
		FILE *f = fopen(fx->path, "rb");
		char buf[65536];
		size_t n;
		bool found = false;

		assert_non_null(f);
		while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
			if (memmem(buf, n, "Person 0", 8) ||
			    memmem(buf, n, "Person 1", 8))
				found = true;
		fclose(f);
		assert_false(found);
	}
}

/* Makes a database as version 1 of runcheck left it, with one request. */
static void make_v1(const char *path)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, schema_v1, NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(
		sqlite3_exec(db,
			     "INSERT INTO requests (created_at, name, contact, "
			     "outcome, condition, triage, tree_version) VALUES "
			     "(1600000000, 'Vera One', '0123 456 789', "
			     "'heel', 'Heel pain', 'consult', '1.0')",
			     NULL, NULL, NULL),
		SQLITE_OK);
	sqlite3_close(db);
}

static void store_open__schema_v1__migrated_rows_kept(void **state)
{
	struct fixture *fx = *state;
	struct store *store;
	struct store_session session = {
		.day = "2026-11-24",
		.outcome = "heel",
		.triage = "consult",
		.tree_version = "3.1",
		.answers = 2,
		.duration = 30,
	};
	struct store_stats stats;
	struct listing l;

	make_v1(fx->path);
	store = open_ok(fx->path);
	assert_int_equal(store_schema_version(store), STORE_SCHEMA_VERSION);
	l = list(store, false);
	assert_int_equal(l.count, 1);
	assert_string_equal(l.first_fields[0], "Vera One");
	assert_int_equal(l.first.done_at, 0);
	/* Version 5 gave it the default 90 days. */
	assert_int_equal(l.expires_at[0], l.first.created_at + 90 * 86400);
	/* What version 2 added works. */
	assert_int_equal(store_mark_done(store, l.first.id, 1700000000, "ann"),
			 STORE_OK);
	assert_int_equal(store_add_session(store, &session), 0);
	assert_int_equal(store_stats(store, NULL, &stats), 0);
	assert_int_equal(stats.sessions, 1);
	store_stats_clear(&stats);
	store_free(store);

	/* Opening it again migrates nothing more. */
	store = open_ok(fx->path);
	assert_int_equal(store_schema_version(store), STORE_SCHEMA_VERSION);
	assert_int_equal(list(store, true).count, 1);
	store_free(store);
}

static void store_open__newer_schema__refused(void **state)
{
	struct fixture *fx = *state;
	struct store *store = open_ok(fx->path);
	char *message = NULL;
	sqlite3 *db;

	store_free(store);
	assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
	sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL);
	sqlite3_close(db);
	assert_int_equal(store_open(fx->path, STORE_CREATE, &store, &message),
			 STORE_ERROR);
	assert_null(store);
	assert_non_null(strstr(message, "newer"));
	free(message);
}

static void store_open__other_database__refused(void **state)
{
	struct fixture *fx = *state;
	struct store *store = NULL;
	char *message = NULL;
	sqlite3 *db;

	assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
	sqlite3_exec(db, "CREATE TABLE accounts (x)", NULL, NULL, NULL);
	sqlite3_close(db);
	assert_int_equal(store_open(fx->path, STORE_CREATE, &store, &message),
			 STORE_ERROR);
	assert_string_equal(message, "not a runcheck database");
	free(message);
}

/* Every way of failing to open gives a message and no store. */
static void expect_open_error(const char *path, enum store_open_mode mode,
			      const char *part)
{
	struct store *store = (struct store *)1;
	char *message = NULL;

	assert_int_not_equal(store_open(path, mode, &store, &message),
			     STORE_OK);
	assert_null(store);
	assert_non_null(message);
	if (!strstr(message, part))
		fail_msg("message '%s' lacks '%s'", message, part);
	free(message);
}

static void store_open__directory__error(void **state)
{
	struct fixture *fx = *state;

	expect_open_error(fx->dir, STORE_CREATE, "directory");
	expect_open_error(fx->dir, STORE_EXISTING, "not a regular file");
}

static void store_open__parent_is_a_file__error(void **state)
{
	struct fixture *fx = *state;
	char path[192];
	FILE *f = fopen(fx->path, "w");

	assert_non_null(f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/sub/runcheck.db", fx->path);
	expect_open_error(path, STORE_CREATE, "is not a directory");
}

static void store_open__corrupt_file__error(void **state)
{
	struct fixture *fx = *state;
	FILE *f = fopen(fx->path, "w");

	assert_non_null(f);
	for (int i = 0; i < 512; i++)
		fputs("this is not a database at all ", f);
	fclose(f);
	expect_open_error(fx->path, STORE_CREATE, "not a database");
}

static void store_open__read_only_dir__error(void **state)
{
	struct fixture *fx = *state;
	char dir[128], path[160];

	if (geteuid() == 0)
		skip(); /* root writes anywhere */
	snprintf(dir, sizeof(dir), "%s/ro", fx->dir);
	assert_int_equal(mkdir(dir, 0500), 0);
	snprintf(path, sizeof(path), "%s/runcheck.db", dir);
	expect_open_error(path, STORE_CREATE, "ermission");
}

/* A directory that cannot be made whoever runs the test, root too. */
static void store_open__dir_cannot_be_made__error(void **state)
{
#ifdef __linux__
	expect_open_error("/proc/runcheck-test/var/runcheck.db", STORE_CREATE,
			  "cannot create directory '/proc/runcheck-test'");
#else
	skip();
#endif
}

static void
store_open__existing_mode_missing_file__missing_not_made(void **state)
{
	struct fixture *fx = *state;
	struct store *store = NULL;
	char *message = NULL;
	struct stat st;

	assert_int_equal(store_open(fx->path, STORE_EXISTING, &store, &message),
			 STORE_MISSING);
	assert_null(store);
	assert_string_equal(message, "no such file or directory");
	free(message);
	assert_int_equal(stat(fx->path, &st), -1);
}

static void store_save_request__unwritable__error_message(void **state)
{
	struct fixture *fx = *state;
	struct store_request req = request("Ann", 100);
	char *message = NULL;

	assert_int_equal(store_save_request(fx->dir, &req, NULL, &message), -1);
	assert_non_null(message);
	free(message);
	message = NULL;
	assert_int_equal(store_save_request(fx->path, &req, NULL, &message), 0);
	assert_null(message);
}

static void add_session(struct store *store, const char *day,
			const char *outcome, const char *abandoned,
			const char *triage, bool has_request)
{
	struct store_session s = {
		.outcome = outcome,
		.abandoned_at = abandoned,
		.triage = triage,
		.tree_version = "3.1",
		.answers = 3,
		.duration = 60,
		.has_request = has_request,
	};

	snprintf(s.day, sizeof(s.day), "%s", day);
	assert_int_equal(store_add_session(store, &s), 0);
}

/* Version 2's sessions, as it left them: frozen, as schema_v1 is. */
static const char schema_v2_sessions[] =
	"ALTER TABLE requests ADD COLUMN done_at INTEGER;"
	"CREATE INDEX requests_created ON requests (created_at);"
	"CREATE TABLE sessions (id INTEGER PRIMARY KEY, day TEXT NOT NULL, "
	"outcome TEXT, abandoned_at TEXT, triage TEXT, tree_version TEXT NOT "
	"NULL, answers INTEGER NOT NULL, duration INTEGER NOT NULL, "
	"has_request INTEGER NOT NULL DEFAULT 0);"
	"CREATE INDEX sessions_day ON sessions (day);"
	"INSERT INTO sessions (day, outcome, triage, tree_version, answers, "
	"duration, has_request) VALUES ('2026-10-31', 'heel', 'consult', '1.0', "
	"3, 60, 1), ('2026-11-01', 'heel', 'consult', '1.0', 3, 60, 0);"
	"INSERT INTO sessions (day, abandoned_at, tree_version, answers, "
	"duration) VALUES ('2026-11-02', 'area', '1.0', 1, 10);"
	"PRAGMA user_version = 2;";

/* The figures from before the roll-ups (version 3) are rolled up when it
 * is migrated, and counted as before, with or without --since. */
static void store_open__schema_v2__sessions_rolled_up(void **state)
{
	struct fixture *fx = *state;
	struct store_stats stats;
	struct store *store;
	sqlite3 *db;

	make_v1(fx->path);
	assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, schema_v2_sessions, NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	store = open_ok(fx->path);
	assert_int_equal(store_schema_version(store), STORE_SCHEMA_VERSION);
	add_session(store, "2026-11-02", "heel", NULL, "consult", false);
	expect_totals(store, NULL, &stats, 4, 3, 1);
	assert_int_equal(stats.triage[3].count, 3);
	assert_string_equal(stats.outcomes[0].label, "heel");
	assert_int_equal(stats.outcomes[0].count, 3);
	assert_string_equal(stats.abandoned[0].label, "area");
	store_stats_clear(&stats);
	expect_totals(store, "2026-11-01", &stats, 3, 2, 0);
	store_stats_clear(&stats);
	store_free(store);
}

static void store_stats__sessions__counted_by_kind(void **state)
{
	struct fixture *fx = *state;
	struct store *store = open_ok(fx->path);
	struct store_stats stats;

	add_session(store, "2026-10-31", "heel", NULL, "consult", true);
	add_session(store, "2026-11-01", "heel", NULL, "consult", true);
	add_session(store, "2026-11-02", "heel", NULL, "consult", false);
	add_session(store, "2026-11-02", "clot", NULL, "emergency", false);
	add_session(store, "2026-11-03", NULL, "area", NULL, false);
	add_session(store, "2026-11-03", NULL, "area", NULL, false);
	add_session(store, "2026-11-04", NULL, "morning", NULL, false);

	expect_totals(store, NULL, &stats, 7, 4, 2);
	assert_string_equal(stats.triage[0].label, "emergency");
	assert_int_equal(stats.triage[0].count, 1);
	assert_int_equal(stats.triage[1].count, 0);
	assert_int_equal(stats.triage[2].count, 0);
	assert_string_equal(stats.triage[3].label, "consult");
	assert_int_equal(stats.triage[3].count, 3);
	assert_string_equal(stats.triage[4].label, "self_care");
	assert_int_equal(stats.outcome_count, 2);
	assert_string_equal(stats.outcomes[0].label, "heel");
	assert_int_equal(stats.outcomes[0].count, 3);
	assert_string_equal(stats.outcomes[1].label, "clot");
	assert_int_equal(stats.abandoned_count, 2);
	assert_string_equal(stats.abandoned[0].label, "area");
	assert_int_equal(stats.abandoned[0].count, 2);
	store_stats_clear(&stats);

	expect_totals(store, "2026-11-02", &stats, 5, 2, 0);
	store_stats_clear(&stats);

	assert_int_equal(store_stats(store, "2027-01-01", &stats), 0);
	assert_int_equal(stats.sessions, 0);
	assert_int_equal(stats.outcome_count, 0);
	assert_string_equal(stats.triage[3].label, "consult");
	store_stats_clear(&stats);
	store_free(store);
}

static void store_add_session__bad_figures__refused(void **state)
{
	struct fixture *fx = *state;
	struct store *store = open_ok(fx->path);
	struct store_session s = {
		.day = "2026-11-31",
		.outcome = "heel",
		.tree_version = "3.1",
	};

	assert_int_equal(store_add_session(store, &s), -1);
	snprintf(s.day, sizeof(s.day), "2026-11-30");
	s.abandoned_at = "area"; /* both an outcome and a question */
	assert_int_equal(store_add_session(store, &s), -1);
	s.abandoned_at = NULL;
	assert_int_equal(store_add_session(store, &s), 0);
	store_free(store);
}

static void store_is_date__table(void **state)
{
	static const struct {
		const char *text;
		bool is_date;
	} cases[] = {
		{"2026-11-24", true},	{"2024-02-29", true},
		{"2000-02-29", true},	{"1970-01-01", true},
		{"2026-02-29", false},	{"1900-02-29", false},
		{"2026-13-01", false},	{"2026-00-10", false},
		{"2026-04-31", false},	{"2026-4-01", false},
		{"2026/04/01", false},	{"26-04-01", false},
		{"2026-04-01x", false}, {"", false},
		{"1969-12-31", false},	{"20a6-01-01", false},
	};

	for (size_t i = 0; i < COUNT(cases); i++)
		if (store_is_date(cases[i].text) != cases[i].is_date)
			fail_msg("store_is_date('%s') should be %d",
				 cases[i].text, cases[i].is_date);
}

static void store_path__option_env_default(void **state)
{
	unsetenv("RUNCHECK_DB");
	assert_string_equal(store_path(NULL), STORE_DEFAULT_PATH);
	setenv("RUNCHECK_DB", "", 1);
	assert_string_equal(store_path(NULL), STORE_DEFAULT_PATH);
	setenv("RUNCHECK_DB", "/srv/env.db", 1);
	assert_string_equal(store_path(NULL), "/srv/env.db");
	assert_string_equal(store_path("/srv/opt.db"), "/srv/opt.db");
	unsetenv("RUNCHECK_DB");
}

/* A reader in the middle of a read does not stop a writer (WAL). */
static void store_add_request__while_reading__not_blocked(void **state)
{
	struct fixture *fx = *state;
	struct store *writer = open_ok(fx->path);
	struct store_request req = request("Ann", 100);
	sqlite3 *reader;
	sqlite3_stmt *stmt;

	assert_int_equal(store_add_request(writer, &req, NULL), 0);
	assert_int_equal(sqlite3_open(fx->path, &reader), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(reader, "SELECT name FROM requests",
					    -1, &stmt, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	req.name = "Bob";
	assert_int_equal(store_add_request(writer, &req, NULL), 0);
	sqlite3_finalize(stmt);
	sqlite3_close(reader);
	assert_int_equal(list(writer, true).count, 2);
	store_free(writer);
}

/* ---- reading without write access (issue 19) ------------------------------ */

/*
 * Runs fn(path) in a child process that may not write what the test made
 * read-only: as nobody (65534) when the test runs as root, who writes
 * anywhere. Returns fn's exit status (99 when the child could not become
 * nobody).
 */
static int as_reader(int (*fn)(const char *path), const char *path)
{
	pid_t pid;
	int status;

	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (geteuid() == 0 &&
		    (setgroups(0, NULL) != 0 || setgid(65534) != 0 ||
		     setuid(65534) != 0))
			_exit(99);
		_exit(fn(path));
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

/* In the child: opens path STORE_READ, lists the requests, and checks
 * that the store refuses a write. 0 when it all went so. */
static int read_requests(const char *path)
{
	struct store *store = NULL;
	char *message = NULL;
	struct store_request req = request("Eve", 300);
	struct listing l;

	if (store_open(path, STORE_READ, &store, &message) != STORE_OK) {
		fprintf(stderr, "store_open: %s\n", message);
		return 1;
	}
	memset(&l, 0, sizeof(l));
	if (store_each_request(store, true, collect, &l) != 0 || l.count != 2 ||
	    strcmp(l.names[0], "Bob") != 0) {
		fprintf(stderr, "listing: %zu requests\n", l.count);
		return 2;
	}
	if (store_add_request(store, &req, NULL) == 0)
		return 3;
	store_free(store);
	return 0;
}

/* Two requests, Ann then Bob, in a database whose directory and files
 * anyone may read. With hold, the writer stays open (its -wal and -shm
 * files stay) and is returned; else closed, and NULL. */
static struct store *two_requests(struct fixture *fx, bool hold)
{
	struct store *writer = open_ok(fx->path);
	struct store_request ann = request("Ann", 100);
	struct store_request bob = request("Bob", 200);
	static const char *const suffixes[] = {"", "-wal", "-shm"};

	assert_int_equal(store_add_request(writer, &ann, NULL), 0);
	assert_int_equal(store_add_request(writer, &bob, NULL), 0);
	if (!hold) {
		store_free(writer);
		writer = NULL;
	}
	assert_int_equal(chmod(fx->dir, 0755), 0);
	for (size_t i = 0; i < (hold ? COUNT(suffixes) : 1); i++) {
		char path[160];

		snprintf(path, sizeof(path), "%s%s", fx->path, suffixes[i]);
		assert_int_equal(chmod(path, 0644), 0);
	}
	return writer;
}

/* A file the reader may not write, in a directory it may: read. */
static void store_open__read__read_only_file__read(void **state)
{
	struct fixture *fx = *state;

	two_requests(fx, false);
	assert_int_equal(chmod(fx->dir, 0777), 0);
	assert_int_equal(chmod(fx->path, 0444), 0);
	assert_int_equal(as_reader(read_requests, fx->path), 0);
}

/* A directory the reader may not write, while a writer has the database
 * open (a kiosk saving, or after a crash): read through its -shm file,
 * the writer's last request too. */
static void store_open__read__read_only_dir_while_open__read(void **state)
{
	struct fixture *fx = *state;
	struct store *writer = two_requests(fx, true);

	assert_int_equal(chmod(fx->dir, 0555), 0);
	assert_int_equal(as_reader(read_requests, fx->path), 0);
	store_free(writer);
}

/* In the child: STORE_READ must fail saying why. */
static int read_refused_saying_why(const char *path)
{
	struct store *store = NULL;
	char *message = NULL;
	enum store_status status =
		store_open(path, STORE_READ, &store, &message);

	if (status != STORE_ERROR || store != NULL || !message ||
	    !strstr(message, "-shm file") ||
	    !strstr(message, "directory is not writable")) {
		fprintf(stderr, "status %d: %s\n", (int)status,
			message ? message : "(none)");
		return 1;
	}
	free(message);
	return 0;
}

/* A directory the reader may not write, on a file system others may
 * (a kiosk could be writing): not read past the locks, and the message
 * says why. (A read-only file system is read: tests/e2e/bookings.sh.) */
static void store_open__read__read_only_dir_closed__says_why(void **state)
{
	struct fixture *fx = *state;
	char shm[160];

	two_requests(fx, false);
	snprintf(shm, sizeof(shm), "%s-shm", fx->path);
	assert_int_equal(access(shm, F_OK), -1);
	assert_int_equal(chmod(fx->dir, 0555), 0);
	assert_int_equal(as_reader(read_refused_saying_why, fx->path), 0);
}

/* In the child: the file cannot be read at all. */
static int read_refused_denied(const char *path)
{
	struct store *store = NULL;
	char *message = NULL;

	if (store_open(path, STORE_READ, &store, &message) != STORE_ERROR ||
	    !message || strcmp(message, "permission denied") != 0) {
		fprintf(stderr, "%s\n", message ? message : "(opened)");
		return 1;
	}
	free(message);
	return 0;
}

static void store_open__read__unreadable_file__permission_denied(void **state)
{
	struct fixture *fx = *state;

	two_requests(fx, false);
	assert_int_equal(chmod(fx->path, 0200), 0);
	assert_int_equal(as_reader(read_refused_denied, fx->path), 0);
}

/* An older schema is migrated by STORE_READ too, as before. */
static void store_open__read__schema_v1__migrated(void **state)
{
	struct fixture *fx = *state;
	struct store *store = NULL;
	char *message = NULL;

	make_v1(fx->path);
	assert_int_equal(store_open(fx->path, STORE_READ, &store, &message),
			 STORE_OK);
	assert_int_equal(store_schema_version(store), STORE_SCHEMA_VERSION);
	assert_int_equal(list(store, true).count, 1);
	store_free(store);
}

/* ---- PostgreSQL (tests/pg.sh) --------------------------------------------- */

/* Version 1 of the PostgreSQL schema, as it was released, with one
 * request: frozen here, as schema_v1 is for SQLite. */
static const char pg_schema_v1[] =
	"CREATE TABLE runcheck_schema (version integer NOT NULL);"
	"INSERT INTO runcheck_schema VALUES (1);"
	"CREATE TABLE requests (id bigint GENERATED ALWAYS AS IDENTITY "
	"PRIMARY KEY, uuid uuid NOT NULL UNIQUE, created_at bigint NOT NULL, "
	"done_at bigint, name text NOT NULL, contact text NOT NULL, outcome "
	"text NOT NULL, condition text NOT NULL, triage text NOT NULL, "
	"tree_version text NOT NULL, kiosk text NOT NULL, written_by text NOT "
	"NULL DEFAULT current_user);"
	"CREATE INDEX requests_created ON requests (created_at);"
	"CREATE TABLE sessions (id bigint GENERATED ALWAYS AS IDENTITY "
	"PRIMARY KEY, uuid uuid NOT NULL UNIQUE, day date NOT NULL, outcome "
	"text, abandoned_at text, triage text, tree_version text NOT NULL, "
	"answers bigint NOT NULL, duration bigint NOT NULL, has_request "
	"boolean NOT NULL, kiosk text NOT NULL, written_by text NOT NULL "
	"DEFAULT current_user);"
	"CREATE INDEX sessions_day ON sessions (day);"
	"CREATE TABLE alerts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY "
	"KEY, uuid uuid NOT NULL UNIQUE, created_at bigint NOT NULL, triage "
	"text NOT NULL, kiosk text NOT NULL, written_by text NOT NULL DEFAULT "
	"current_user);"
	"INSERT INTO requests (uuid, created_at, name, contact, outcome, "
	"condition, triage, tree_version, kiosk) VALUES "
	"('9f1c7d3e-2b4a-4c6d-8e0f-1a2b3c4d5e6f', 1600000000, 'Vera One', "
	"'0123 456 789', 'heel', 'Heel pain', 'consult', '1.0', 'front');"
	"INSERT INTO sessions (uuid, day, outcome, triage, tree_version, "
	"answers, duration, has_request, kiosk) VALUES "
	"('2a1c7d3e-2b4a-4c6d-8e0f-1a2b3c4d5e6f', '2026-10-01', 'heel', "
	"'consult', '1.0', 3, 60, true, 'front');";

/* The server's admin URI, or NULL when this runs outside tests/pg.sh. */
static const char *pg_admin(void)
{
	const char *uri = getenv("RUNCHECK_TEST_PG");

	return uri && *uri ? uri : NULL;
}

/* Runs sql as the server's superuser on database db (NULL: the admin
 * database); fails the test when it fails. */
static void pg_admin_exec(const char *db, const char *sql)
{
	char uri[384];
	PGconn *conn;
	PGresult *res;

	snprintf(uri, sizeof(uri), "%s", pg_admin());
	if (db) {
		const char *query = strchr(pg_admin(), '?');

		snprintf(uri, sizeof(uri), "postgresql:///%s%s", db,
			 query ? query : "");
	}
	conn = PQconnectdb(uri);
	if (PQstatus(conn) != CONNECTION_OK)
		fail_msg("connect '%s': %s", uri, PQerrorMessage(conn));
	res = PQexec(conn, sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK &&
	    PQresultStatus(res) != PGRES_TUPLES_OK)
		fail_msg("%s: %s", sql, PQerrorMessage(conn));
	PQclear(res);
	PQfinish(conn);
}

/* The URI of database db as role user (NULL: the superuser). */
static void pg_uri(char *out, size_t size, const char *db, const char *user)
{
	const char *query = strchr(pg_admin(), '?');
	const char *host = strstr(query, "host=");
	size_t host_len = strcspn(host, "&");

	if ((size_t)snprintf(out, size, "postgresql:///%s?%.*s&user=%s", db,
			     (int)host_len, host,
			     user ? user : "runcheck") >= size)
		fail_msg("the server's folder has too long a path: %s", host);
}

/* A new empty database; fx->path is its URI. */
static int setup_pg_empty(void **state)
{
	static int serial;
	struct fixture *fx = calloc(1, sizeof(*fx));
	char sql[64];

	if (!fx)
		return -1;
	snprintf(fx->pg_db, sizeof(fx->pg_db), "rc_test_%ld_%d", (long)getpid(),
		 serial++);
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", fx->pg_db);
	pg_admin_exec(NULL, sql);
	pg_uri(fx->path, sizeof(fx->path), fx->pg_db, NULL);
	*state = fx;
	return 0;
}

/* A new database with runcheck's schema. */
static int setup_pg(void **state)
{
	struct fixture *fx;
	char *message = NULL;
	int from;

	if (setup_pg_empty(state) != 0)
		return -1;
	fx = *state;
	if (store_pg_init(fx->path, NULL, NULL, &from, &message) != 0)
		fail_msg("store_pg_init: %s", message);
	assert_int_equal(from, 0);
	return 0;
}

static int teardown_pg(void **state)
{
	struct fixture *fx = *state;
	char sql[96];

	snprintf(sql, sizeof(sql), "DROP DATABASE %s WITH (FORCE)", fx->pg_db);
	pg_admin_exec(NULL, sql);
	free(fx);
	return 0;
}

static void store_open__pg_no_schema__refused_naming_db_init(void **state)
{
	struct fixture *fx = *state;

	expect_open_error(fx->path, STORE_CREATE, "runcheck db init");
}

static void store_open__pg_newer_schema__refused(void **state)
{
	struct fixture *fx = *state;
	char *message = NULL;
	int from;

	pg_admin_exec(fx->pg_db, "UPDATE runcheck_schema SET version = 99");
	expect_open_error(fx->path, STORE_CREATE, "schema version 99 is newer");
	/* store_pg_init does not take it back to its own either. */
	assert_int_equal(store_pg_init(fx->path, NULL, NULL, &from, &message),
			 -1);
	assert_non_null(strstr(message, "newer"));
	free(message);
}

static void store_open__pg_older_schema__refused_naming_db_init(void **state)
{
	struct fixture *fx = *state;

	pg_admin_exec(fx->pg_db, "UPDATE runcheck_schema SET version = 0");
	expect_open_error(fx->path, STORE_CREATE, "runcheck db init");
}

static void store_open__pg_no_server__says_so(void **state)
{
	expect_open_error("postgresql:///x?host=/nonexistent-runcheck",
			  STORE_CREATE, "/nonexistent-runcheck");
}

static void store_pg_init__again__nothing_to_do(void **state)
{
	struct fixture *fx = *state;
	struct store *store = open_ok(fx->path);
	struct store_request req = request("Ann", 100);
	char *message = NULL;
	int from = -1;

	assert_int_equal(store_add_request(store, &req, NULL), 0);
	store_free(store);
	assert_int_equal(store_pg_init(fx->path, NULL, NULL, &from, &message),
			 0);
	assert_int_equal(from, STORE_PG_SCHEMA_VERSION);
	store = open_ok(fx->path);
	assert_int_equal(store_schema_version(store), STORE_PG_SCHEMA_VERSION);
	assert_int_equal(list(store, true).count, 1);
	store_free(store);
}

static int count_rows(const struct store_request *req, void *ctx)
{
	(*(int *)ctx)++;
	return 0;
}

static void store_pg_init__schema_v1__migrated_rows_kept(void **state)
{
	struct fixture *fx = *state;
	struct store_stats stats;
	struct store *store;
	char *message = NULL;
	int from = -1, n = 0;

	pg_admin_exec(fx->pg_db, pg_schema_v1);
	expect_open_error(fx->path, STORE_CREATE,
			  "schema version 1 is older than this runcheck's");
	expect_open_error(fx->path, STORE_CREATE, "run 'runcheck db init'");
	assert_int_equal(store_pg_init(fx->path, NULL, NULL, &from, &message),
			 0);
	assert_int_equal(from, 1);
	store = open_ok(fx->path);
	assert_int_equal(store_schema_version(store), STORE_PG_SCHEMA_VERSION);
	assert_int_equal(store_each_request(store, true, count_rows, &n), 0);
	assert_int_equal(n, 1);
	/* The figures from before the roll-ups (version 3) are in them. */
	add_session(store, "2026-10-02", NULL, "area", NULL, false);
	expect_totals(store, NULL, &stats, 2, 1, 1);
	store_stats_clear(&stats);
	store_free(store);
	/* What version 2 added: the notifications of requests watch. */
	pg_admin_exec(fx->pg_db,
		      "DO $$BEGIN IF (SELECT count(*) FROM pg_trigger WHERE "
		      "tgname IN ('requests_notify', 'alerts_notify')) <> 2 "
		      "THEN RAISE 'no triggers'; END IF; END$$");
}

/* An alert is stored once by its UUID; SQLite keeps none. */
static void store_add_alert__pg_and_sqlite(void **state)
{
	struct fixture *fx = *state;
	struct store *store = open_ok(fx->path);
	struct store_alert alert = {
		.created_at = 100,
		.triage = "emergency",
		.uuid = "3d3f0c2a-1b2c-4d5e-8f90-123456789abc",
		.kiosk = "front",
	};
	char sqlite_path[160];

	assert_int_equal(store_add_alert(store, &alert), 0);
	assert_int_equal(store_add_alert(store, &alert), 0);
	alert.triage = "consult";
	assert_int_equal(store_add_alert(store, &alert), -1);
	assert_non_null(strstr(store_errmsg(store), "refused"));
	store_free(store);
	pg_admin_exec(fx->pg_db,
		      "DO $$BEGIN IF (SELECT count(*) FROM alerts) <> 1 THEN "
		      "RAISE 'not once'; END IF; END$$");

	snprintf(sqlite_path, sizeof(sqlite_path), "/tmp/rc-alert-%ld.db",
		 (long)getpid());
	store = open_ok(sqlite_path);
	alert.triage = "urgent";
	assert_int_equal(store_add_alert(store, &alert), -1);
	assert_non_null(strstr(store_errmsg(store), "no alerts"));
	store_free(store);
	assert_int_equal(store_save_alert(sqlite_path, "urgent", 100, NULL), 1);
	unlink(sqlite_path);
}

/* Two store_pg_init on one empty database at once: both succeed, one
 * schema. */
static void store_pg_init__two_at_once__one_schema(void **state)
{
	struct fixture *fx = *state;
	pid_t pids[2];
	struct store *store;

	for (size_t i = 0; i < 2; i++) {
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (pids[i] == 0) {
			char *message = NULL;
			int from;
			int rc = store_pg_init(fx->path, NULL, NULL, &from,
					       &message);

			if (rc != 0)
				fprintf(stderr, "store_pg_init: %s\n", message);
			_exit(rc == 0 ? 0 : 1);
		}
	}
	for (size_t i = 0; i < 2; i++) {
		int status;

		assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	store = open_ok(fx->path);
	assert_int_equal(store_schema_version(store), STORE_PG_SCHEMA_VERSION);
	store_free(store);
}

/* The same UUID twice is stored once (a forward repeated). */
static void store_add_request__pg_same_uuid__stored_once(void **state)
{
	struct fixture *fx = *state;
	struct store *store = open_ok(fx->path);
	struct store_request req = request("Ann", 100);
	struct store_session s = {
		.day = "2026-11-30",
		.outcome = "heel",
		.triage = "consult",
		.tree_version = "3.1",
		.uuid = "0e6b9cf2-7c1a-4d0c-9a57-2f3c3b1e8d11",
	};
	struct store_stats stats;
	struct listing l;

	req.uuid = "5b0c2a8e-4f7d-4e3a-8c61-9d2b7f0a1c33";
	req.kiosk = "front-left";
	assert_int_equal(store_add_request(store, &req, NULL), 0);
	assert_int_equal(store_add_request(store, &req, NULL), 0);
	assert_int_equal(store_add_session(store, &s), 0);
	assert_int_equal(store_add_session(store, &s), 0);
	l = list(store, true);
	assert_int_equal(l.count, 1);
	assert_int_equal(store_stats(store, NULL, &stats), 0);
	assert_int_equal(stats.sessions, 1);
	store_stats_clear(&stats);
	store_free(store);
}

static int read_kiosk(const struct store_request *req, void *ctx)
{
	snprintf(ctx, 64, "%s", req->kiosk);
	return 1;
}

static void store_add_request__pg_no_kiosk_name__host_name(void **state)
{
	struct fixture *fx = *state;
	struct store *store = open_ok(fx->path);
	struct store_request req = request("Ann", 100);
	char kiosk[64] = "", host[256];

	assert_int_equal(gethostname(host, sizeof(host)), 0);
	host[63] = '\0';
	assert_int_equal(store_add_request(store, &req, NULL), 0);
	assert_int_equal(store_each_request(store, true, read_kiosk, kiosk), 1);
	assert_string_equal(kiosk, host);
	store_free(store);
}

/*
 * The kiosk's and the staff's roles, granted by store_pg_init: the kiosk
 * adds requests and figures and reads nothing; the staff read, mark done,
 * purge and count, and add nothing.
 */
static void store_pg_init__roles__least_privilege(void **state)
{
	struct fixture *fx = *state;
	char kiosk_role[48], staff_role[48], sql[160], uri[384];
	struct store *kiosk, *staff;
	struct store_request req = request("Ann", 100);
	struct store_stats stats;
	char *message = NULL;
	int64_t deleted, id;
	int from;

	snprintf(kiosk_role, sizeof(kiosk_role), "%s_kiosk", fx->pg_db);
	snprintf(staff_role, sizeof(staff_role), "%s_staff", fx->pg_db);
	snprintf(sql, sizeof(sql), "CREATE ROLE %s LOGIN; CREATE ROLE %s LOGIN",
		 kiosk_role, staff_role);
	pg_admin_exec(NULL, sql);
	assert_int_equal(store_pg_init(fx->path, kiosk_role, staff_role, &from,
				       &message),
			 0);
	assert_int_equal(from, STORE_PG_SCHEMA_VERSION);

	pg_uri(uri, sizeof(uri), fx->pg_db, kiosk_role);
	kiosk = open_ok(uri);
	if (store_add_request(kiosk, &req, NULL) != 0)
		fail_msg("kiosk add: %s", store_errmsg(kiosk));
	add_session(kiosk, "2026-11-30", "heel", NULL, "consult", true);
	/* Nothing personal comes back, nor the figures. */
	assert_int_equal(store_each_request(kiosk, true, collect, NULL), -1);
	assert_non_null(strstr(store_errmsg(kiosk), "permission denied"));
	assert_int_equal(store_add_request(kiosk, &req, &id), -1);
	assert_int_equal(store_stats(kiosk, NULL, &stats), -1);
	assert_int_equal(store_mark_done(kiosk, 1, 500, "ann"), STORE_ERROR);
	assert_int_equal(store_purge(kiosk, 1000, &deleted), -1);
	store_free(kiosk);

	pg_uri(uri, sizeof(uri), fx->pg_db, staff_role);
	staff = open_ok(uri);
	assert_int_equal(list(staff, true).count, 1);
	assert_int_equal(store_mark_done(staff, list(staff, true).ids[0], 500,
					 "ann"),
			 STORE_OK);
	assert_int_equal(store_stats(staff, NULL, &stats), 0);
	assert_int_equal(stats.sessions, 1);
	assert_int_equal(stats.requests, 1);
	store_stats_clear(&stats);
	assert_int_equal(store_add_request(staff, &req, NULL), -1);
	assert_int_equal(store_purge(staff, 1000, &deleted), 0);
	assert_int_equal(deleted, 1);
	store_free(staff);

	/* The rows say which role wrote them; a kiosk cannot say otherwise. */
	snprintf(sql, sizeof(sql),
		 "DO $$BEGIN IF (SELECT written_by FROM sessions) <> '%s' "
		 "THEN RAISE 'wrong writer'; END IF; END$$",
		 kiosk_role);
	pg_admin_exec(fx->pg_db, sql);

	snprintf(sql, sizeof(sql), "DROP DATABASE %s WITH (FORCE)", fx->pg_db);
	pg_admin_exec(NULL, sql);
	snprintf(sql, sizeof(sql), "DROP ROLE %s; DROP ROLE %s", kiosk_role,
		 staff_role);
	pg_admin_exec(NULL, sql);
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", fx->pg_db);
	pg_admin_exec(NULL, sql);
}

/* The battery that does not look at SQLite's files: run on SQLite and on
 * PostgreSQL. */
#define EITHER_ENGINE(T)                                                       \
	T(store_add_request__round_trip__every_field_back),                    \
		T(store_add_request__not_bookable__refused),                   \
		T(store_add_request__empty_or_long_fields__refused),           \
		T(store_each_request__several__newest_first_open_only),        \
		T(store_mark_done__twice__keeps_first_time),                   \
		T(store_mark_done__unknown_id__not_found),                     \
		T(store_mark_done__by__kept_then_reopened),                    \
		T(store_purge_expired__expiry__deleted_at_or_past),            \
		T(store_purge__cutoff__older_deleted_newer_kept),              \
		T(store_stats__sessions__counted_by_kind),                     \
		T(store_add_session__bad_figures__refused)

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		EITHER_ENGINE(T),
		T(store_open__missing_dirs__file_0600_in_dir_0700),
		T(store_open__existing_open_file__tightened_to_0600),
		T(store_open__new__wal_and_current_schema),
		T(store_open__schema_v1__migrated_rows_kept),
		T(store_open__schema_v2__sessions_rolled_up),
		T(store_open__newer_schema__refused),
		T(store_open__other_database__refused),
		T(store_open__directory__error),
		T(store_open__parent_is_a_file__error),
		T(store_open__corrupt_file__error),
		T(store_open__read_only_dir__error),
		T(store_open__dir_cannot_be_made__error),
		T(store_open__existing_mode_missing_file__missing_not_made),
		T(store_save_request__unwritable__error_message),
		T(store_is_date__table),
		T(store_path__option_env_default),
		T(store_add_request__while_reading__not_blocked),
		T(store_open__read__read_only_file__read),
		T(store_open__read__read_only_dir_while_open__read),
		T(store_open__read__read_only_dir_closed__says_why),
		T(store_open__read__unreadable_file__permission_denied),
		T(store_open__read__schema_v1__migrated),
#undef T
	};
	/* EITHER_ENGINE, then PostgreSQL's own. */
	const struct CMUnitTest pg_tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup_pg, teardown_pg)
		EITHER_ENGINE(T),
		T(store_open__pg_newer_schema__refused),
		T(store_open__pg_older_schema__refused_naming_db_init),
		T(store_open__pg_no_server__says_so),
		T(store_pg_init__again__nothing_to_do),
		T(store_add_request__pg_same_uuid__stored_once),
		T(store_add_request__pg_no_kiosk_name__host_name),
		T(store_pg_init__roles__least_privilege),
		T(store_add_alert__pg_and_sqlite),
#undef T
#define T(name)                                                                \
	cmocka_unit_test_setup_teardown(name, setup_pg_empty, teardown_pg)
		T(store_open__pg_no_schema__refused_naming_db_init),
		T(store_pg_init__schema_v1__migrated_rows_kept),
		T(store_pg_init__two_at_once__one_schema),
#undef T
	};
	int failed = cmocka_run_group_tests_name("sqlite", tests, NULL, NULL);

	/* tests/pg.sh, which make unit runs this under, always sets it. */
	if (!pg_admin()) {
		fputs("test_store: $RUNCHECK_TEST_PG is not set: the "
		      "PostgreSQL battery needs tests/pg.sh (make unit)\n",
		      stderr);
		return failed ? failed : 1;
	}
	return failed +
	       cmocka_run_group_tests_name("postgresql", pg_tests, NULL, NULL);
}
