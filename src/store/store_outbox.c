/*
 * store_outbox.c - a kiosk's outbox: what it saves for a PostgreSQL store
 * is committed to a local SQLite file first and then forwarded, so that
 * nothing is lost while the server or the network is away (store.h).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "store_engine.h"

/* The kiosk's name and outbox, for this process (store_outbox_setup). */
static const char *kiosk_name;
static const char *outbox_path = STORE_DEFAULT_OUTBOX;
static bool is_background;

/* Version 1 of the outbox's schema: a row a thing to forward (made when
 * missing; outbox_open brings it to version 3). */
static const char schema[] = "CREATE TABLE IF NOT EXISTS requests ("
			     " uuid TEXT PRIMARY KEY,"
			     " created_at INTEGER NOT NULL,"
			     " name TEXT NOT NULL,"
			     " contact TEXT NOT NULL,"
			     " outcome TEXT NOT NULL,"
			     " condition TEXT NOT NULL,"
			     " triage TEXT NOT NULL,"
			     " tree_version TEXT NOT NULL,"
			     " kiosk TEXT);"
			     "CREATE TABLE IF NOT EXISTS sessions ("
			     " uuid TEXT PRIMARY KEY,"
			     " day TEXT NOT NULL,"
			     " outcome TEXT,"
			     " abandoned_at TEXT,"
			     " triage TEXT,"
			     " tree_version TEXT NOT NULL,"
			     " answers INTEGER NOT NULL,"
			     " duration INTEGER NOT NULL,"
			     " has_request INTEGER NOT NULL,"
			     " kiosk TEXT);"
			     "CREATE TABLE IF NOT EXISTS alerts ("
			     " uuid TEXT PRIMARY KEY,"
			     " created_at INTEGER NOT NULL,"
			     " triage TEXT NOT NULL,"
			     " kiosk TEXT);";

/* Version 2: when a request expires, its column last (read_row reads
 * the columns in order). */
static const char schema_2[] =
	"ALTER TABLE requests ADD COLUMN expires_at INTEGER;"
	"PRAGMA user_version = 2;";

/* Version 3: the answers a patient let the clinician see, last too. */
static const char schema_3[] = "ALTER TABLE requests ADD COLUMN answers TEXT;"
			       "PRAGMA user_version = 3;";

void store_outbox_setup(const char *name, const char *path,
			bool forward_in_background)
{
	kiosk_name = name;
	outbox_path = path ? path : STORE_DEFAULT_OUTBOX;
	is_background = forward_in_background;
}

const char *store_outbox_path(void)
{
	return outbox_path;
}

/* What an outbox call fails with: a message, kept in a store's head. */
static int fail_with(struct store *err, sqlite3 *db)
{
	store_set_error(err, "outbox '%s': %s", outbox_path,
			db ? sqlite3_errmsg(db) : "out of memory");
	return -1;
}

/* Brings an outbox of an older version (or a new one) to version 3, a
 * step at a time; another kiosk process may be doing it at the same
 * time. */
static int outbox_step(sqlite3 *db, const char *sql, int to)
{
	char pragma[40];

	if (sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK)
		return 0;
	/* Another process added the column first. */
	if (strstr(sqlite3_errmsg(db), "duplicate column") == NULL)
		return -1;
	snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", to);
	return sqlite3_exec(db, pragma, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

static int outbox_migrate(sqlite3 *db)
{
	sqlite3_stmt *stmt = NULL;
	int version = -1;

	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, NULL) ==
		    SQLITE_OK &&
	    sqlite3_step(stmt) == SQLITE_ROW)
		version = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	if (version < 0)
		return -1;
	if (version < 2 && outbox_step(db, schema_2, 2) != 0)
		return -1;
	if (version < 3 && outbox_step(db, schema_3, 3) != 0)
		return -1;
	return 0;
}

/*
 * Opens the outbox (made when is_create, with mode 0600 in a directory of
 * mode 0700, as the SQLite store is), in WAL mode and
 * STORE_SQLITE_DURABLE. Returns the connection, or NULL with err's
 * message set.
 */
static sqlite3 *outbox_open(struct store *err, bool is_create)
{
	sqlite3 *db = NULL;

	if (is_create && store_sqlite_create_file(err, outbox_path) != 0) {
		char message[sizeof(err->errmsg)];

		snprintf(message, sizeof(message), "%s", err->errmsg);
		store_set_error(err, "outbox '%s': %s", outbox_path, message);
		return NULL;
	}
	if (sqlite3_open_v2(outbox_path, &db, SQLITE_OPEN_READWRITE, NULL) !=
		    SQLITE_OK ||
	    sqlite3_busy_timeout(db, STORE_BUSY_MS) != SQLITE_OK ||
	    sqlite3_exec(db, "PRAGMA journal_mode = WAL;" STORE_SQLITE_DURABLE,
			 NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(db, schema, NULL, NULL, NULL) != SQLITE_OK ||
	    outbox_migrate(db) != 0) {
		fail_with(err, db);
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

/*
 * Commits row to the outbox with a new UUID, in one transaction
 * (autocommit). Returns 0, or -1 with err's message set.
 */
static int outbox_write(struct store *err, const struct store_row *row)
{
	struct store_row with_uuid = *row;
	char uuid[STORE_UUID_SIZE];
	char sql[512];
	sqlite3 *db = NULL;
	sqlite3_stmt *stmt = NULL;
	int rc = -1;

	if (store_make_uuid(uuid) != 0) {
		store_set_error(err, "cannot make an id: no random numbers");
		return -1;
	}
	with_uuid.uuid = uuid;
	if (store_insert_sql(err, sql, sizeof(sql), row->table, true, false,
			     "") != 0)
		return -1;
	db = outbox_open(err, true);
	if (!db)
		return -1;
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK) {
		fail_with(err, db);
		goto fail;
	}
	store_sqlite_bind(stmt, &with_uuid, true);
	if (sqlite3_step(stmt) != SQLITE_DONE) {
		fail_with(err, db);
		goto fail;
	}
	rc = 0;

fail:
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return rc;
}

/*
 * Forwards the outbox in a process of its own, which nobody waits for: a
 * child that forks the forwarder and ends at once (so that no zombie is
 * left), reaped here. Saving never waits for the network: a kiosk shows
 * the patient's result or thanks at once, even while the server cannot be
 * reached (a connection may take up to its timeout to fail).
 */
static void forward_in_background(const char *uri)
{
	pid_t child;
	int status;

	child = fork();
	if (child == 0) {
		if (fork() == 0) {
			store_outbox_forward(uri, NULL, NULL);
			_exit(0);
		}
		_exit(0);
	}
	if (child > 0)
		while (waitpid(child, &status, 0) < 0 && errno == EINTR)
			;
}

/*
 * Commits the row to the outbox, its kiosk's name its own else the
 * process's, then forwards. Test only: RUNCHECK_TEST_KILL_BEFORE_FORWARD=1
 * kills the process between the two (the crash test).
 */
int store_outbox_save(const char *uri, const struct store_table *table,
		      const void *item, char **errmsg)
{
	const char *kill_now = getenv("RUNCHECK_TEST_KILL_BEFORE_FORWARD");
	struct store err = {.ops = NULL};
	union store_item checked;
	struct store_row row;

	*errmsg = NULL;
	if (store_check_row(&err, table, item, &checked) != 0) {
		*errmsg = strdup(err.errmsg);
		return -1;
	}
	store_row_of(&row, table, &checked);
	if (!row.kiosk)
		row.kiosk = kiosk_name;
	if (outbox_write(&err, &row) != 0) {
		*errmsg = strdup(err.errmsg);
		return -1;
	}
	if (kill_now && strcmp(kill_now, "1") == 0)
		raise(SIGKILL);
	/* Saved: the server gets it now or at a later forward. */
	if (is_background)
		forward_in_background(uri);
	else
		store_outbox_forward(uri, NULL, NULL);
	return 0;
}

/* A column's text, or NULL. */
static const char *text_at(sqlite3_stmt *stmt, int i)
{
	return (const char *)sqlite3_column_text(stmt, i);
}

/* Deletes the row rowid from table once the server has it. */
static int forget(sqlite3 *db, const char *table, int64_t rowid)
{
	char sql[64];
	sqlite3_stmt *stmt = NULL;
	int rc;

	snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE rowid = ?", table);
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(stmt, 1, rowid);
	rc = sqlite3_step(stmt) == SQLITE_DONE && sqlite3_changes(db) == 1 ? 0
									   : -1;
	sqlite3_finalize(stmt);
	return rc;
}

/* Reads the outbox's row of table at stmt, in the columns' order, into
 * *item; its texts are stmt's. */
static void read_row(sqlite3_stmt *stmt, const struct store_table *table,
		     union store_item *item)
{
	memset(item, 0, sizeof(*item));
	for (size_t i = 0; i < table->count; i++) {
		const struct store_column *column = &table->columns[i];
		char *field = (char *)item + column->offset;
		const char *text = text_at(stmt, (int)i);

		if (column->kind == STORE_DAY)
			snprintf(field, sizeof(item->session.day), "%s",
				 text ? text : "");
		else if (column->kind == STORE_INT)
			*(int64_t *)field = sqlite3_column_int64(stmt, (int)i);
		else if (column->kind == STORE_FLAG)
			*(bool *)field = sqlite3_column_int(stmt, (int)i) != 0;
		else
			*(const char **)field = text;
	}
}

/*
 * Forwards every row of table to the server, oldest first, each deleted
 * from the outbox as soon as the server has committed it; one row read at
 * a time, so that no read is open while the outbox is written (another
 * forward may be writing it too). *sent counts them. Returns 0 or -1
 * (err's message set).
 */
static int forward_table(struct store *err, sqlite3 *db, struct store *server,
			 const struct store_table *table, int64_t *sent)
{
	char sql[80];

	/* rowid last: read_row reads the columns from the first. */
	snprintf(sql, sizeof(sql),
		 "SELECT *, rowid FROM %s ORDER BY rowid LIMIT 1", table->name);
	for (;;) {
		sqlite3_stmt *stmt = NULL;
		union store_item item;
		int64_t rowid;
		int rc;

		if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
			return fail_with(err, db);
		rc = sqlite3_step(stmt);
		if (rc != SQLITE_ROW) {
			sqlite3_finalize(stmt);
			return rc == SQLITE_DONE ? 0 : fail_with(err, db);
		}
		rowid = sqlite3_column_int64(stmt,
					     sqlite3_column_count(stmt) - 1);
		/* A row sent twice (killed before the delete, or sent by
		 * another forward meanwhile) is stored once: the server
		 * ignores a UUID it has. */
		read_row(stmt, table, &item);
		if (store_add_row(server, table, &item, NULL) != 0) {
			store_set_error(err, "%s", store_errmsg(server));
			sqlite3_finalize(stmt);
			return -1;
		}
		sqlite3_finalize(stmt);
		if (forget(db, table->name, rowid) != 0)
			return fail_with(err, db);
		(*sent)++;
	}
}

/* Counts what waits in the outbox. */
static int count_waiting(struct store *err, sqlite3 *db,
			 struct store_waiting *w)
{
	sqlite3_stmt *stmt = NULL;

	if (sqlite3_prepare_v2(db,
			       "SELECT (SELECT count(*) FROM requests), "
			       "(SELECT count(*) FROM sessions), "
			       "(SELECT count(*) FROM alerts)",
			       -1, &stmt, NULL) != SQLITE_OK ||
	    sqlite3_step(stmt) != SQLITE_ROW) {
		sqlite3_finalize(stmt);
		return fail_with(err, db);
	}
	w->requests = sqlite3_column_int64(stmt, 0);
	w->sessions = sqlite3_column_int64(stmt, 1);
	w->alerts = sqlite3_column_int64(stmt, 2);
	sqlite3_finalize(stmt);
	return 0;
}

int store_outbox_forward(const char *uri, struct store_waiting *left,
			 char **errmsg)
{
	struct store err = {.ops = NULL};
	struct store scratch = {.ops = NULL};
	struct store *server = NULL;
	struct store_waiting w = {0, 0, 0};
	int64_t sent = 0;
	sqlite3 *db = NULL;
	char *message = NULL;
	int rc = -1;

	if (errmsg)
		*errmsg = NULL;
	/* Nothing saved yet, nothing to send: the file is not made. */
	if (access(outbox_path, F_OK) != 0) {
		rc = 0;
		goto fail;
	}
	db = outbox_open(&err, false);
	if (!db || count_waiting(&err, db, &w) != 0)
		goto fail;
	if (w.requests == 0 && w.sessions == 0 && w.alerts == 0) {
		rc = 0;
		goto fail;
	}
	if (store_open(uri, STORE_CREATE, &server, &message) != STORE_OK) {
		store_set_error(&err, "%s",
				message ? message : "out of memory");
		goto fail;
	}
	/* Alerts first: the front desk needs them soonest. */
	if (forward_table(&err, db, server, &store_alerts, &sent) == 0 &&
	    forward_table(&err, db, server, &store_requests, &sent) == 0 &&
	    forward_table(&err, db, server, &store_sessions, &sent) == 0)
		rc = 0;
	/* The forwarded rows leave the log too, not only the file. */
	if (sent > 0)
		sqlite3_wal_checkpoint_v2(db, NULL, SQLITE_CHECKPOINT_TRUNCATE,
					  NULL, NULL);
	if (count_waiting(&scratch, db, &w) != 0 && rc == 0) {
		store_set_error(&err, "%s", scratch.errmsg);
		rc = -1;
	}

fail:
	if (left)
		*left = w;
	if (rc != 0 && errmsg)
		*errmsg = strdup(err.errmsg);
	free(message);
	store_free(server);
	sqlite3_close(db);
	return rc;
}

int store_outbox_waiting(struct store_waiting *w, char **errmsg)
{
	struct store err = {.ops = NULL};
	sqlite3 *db;
	int rc;

	*errmsg = NULL;
	memset(w, 0, sizeof(*w));
	if (access(outbox_path, F_OK) != 0)
		return 0;
	db = outbox_open(&err, false);
	rc = db ? count_waiting(&err, db, w) : -1;
	sqlite3_close(db);
	if (rc != 0)
		*errmsg = strdup(err.errmsg);
	return rc;
}
