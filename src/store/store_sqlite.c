/*
 * store_sqlite.c - the store's SQLite engine: a file on this machine
 * (store.h says how it is opened, locked and migrated).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "store_engine.h"

struct sq {
	struct store base;
	sqlite3 *db;
};

#define set_error(store, ...) store_set_error(&(store)->base, __VA_ARGS__)

static const struct store_ops sqlite_ops;

/*
 * The schema, one step per version: migrations[v] takes a database from
 * version v to v + 1. A step, once released, never changes; a change is a
 * new step. Version 0 is an empty file.
 */
static const char *const migrations[] = {
	/* 0 -> 1: requests. */
	"CREATE TABLE requests ("
	" id INTEGER PRIMARY KEY,"
	" created_at INTEGER NOT NULL,"
	" name TEXT NOT NULL,"
	" contact TEXT NOT NULL,"
	" outcome TEXT NOT NULL,"
	" condition TEXT NOT NULL,"
	" triage TEXT NOT NULL,"
	" tree_version TEXT NOT NULL);",

	/* 1 -> 2: requests can be marked done; sessions' figures. */
	"ALTER TABLE requests ADD COLUMN done_at INTEGER;"
	"CREATE INDEX requests_created ON requests (created_at);"
	"CREATE TABLE sessions ("
	" id INTEGER PRIMARY KEY,"
	" day TEXT NOT NULL,"
	" outcome TEXT,"
	" abandoned_at TEXT,"
	" triage TEXT,"
	" tree_version TEXT NOT NULL,"
	" answers INTEGER NOT NULL,"
	" duration INTEGER NOT NULL,"
	" has_request INTEGER NOT NULL DEFAULT 0);"
	"CREATE INDEX sessions_day ON sessions (day);",

	/* 2 -> 3: the sessions' figures rolled up by day and by month (a
	 * NULL as ''), kept by a trigger as each session is added, so that
	 * stats reads a few thousand rows rather than every session. What
	 * is there already is rolled up here. */
	"CREATE TABLE session_days ("
	" day TEXT NOT NULL, outcome TEXT NOT NULL, abandoned_at TEXT NOT NULL,"
	" triage TEXT NOT NULL, sessions INTEGER NOT NULL,"
	" requests INTEGER NOT NULL,"
	" PRIMARY KEY (day, outcome, abandoned_at, triage)) WITHOUT ROWID;"
	"CREATE TABLE session_months ("
	" month TEXT NOT NULL, outcome TEXT NOT NULL,"
	" abandoned_at TEXT NOT NULL, triage TEXT NOT NULL,"
	" sessions INTEGER NOT NULL, requests INTEGER NOT NULL,"
	" PRIMARY KEY (month, outcome, abandoned_at, triage)) WITHOUT ROWID;"
	"CREATE TRIGGER sessions_roll_up AFTER INSERT ON sessions BEGIN "
	"INSERT INTO session_days VALUES (NEW.day, coalesce(NEW.outcome, ''), "
	"coalesce(NEW.abandoned_at, ''), coalesce(NEW.triage, ''), 1, "
	"NEW.has_request != 0) ON CONFLICT DO UPDATE SET "
	"sessions = sessions + 1, requests = requests + excluded.requests; "
	"INSERT INTO session_months VALUES (substr(NEW.day, 1, 7), "
	"coalesce(NEW.outcome, ''), coalesce(NEW.abandoned_at, ''), "
	"coalesce(NEW.triage, ''), 1, NEW.has_request != 0) ON CONFLICT DO "
	"UPDATE SET sessions = sessions + 1, "
	"requests = requests + excluded.requests; END;"
	"INSERT INTO session_days SELECT day, coalesce(outcome, ''), "
	"coalesce(abandoned_at, ''), coalesce(triage, ''), count(*), "
	"sum(has_request != 0) FROM sessions GROUP BY 1, 2, 3, 4;"
	"INSERT INTO session_months SELECT substr(day, 1, 7), outcome, "
	"abandoned_at, triage, sum(sessions), sum(requests) FROM session_days "
	"GROUP BY 1, 2, 3, 4;",

	/* 3 -> 4: who marked a request done (a login). */
	"ALTER TABLE requests ADD COLUMN done_by TEXT;",

	/* 4 -> 5: when each request expires (requests purge); those already
	 * there are kept for the default 90 days from when they were made. */
	"ALTER TABLE requests ADD COLUMN expires_at INTEGER;"
	"UPDATE requests SET expires_at = created_at + 7776000;",

	/* 5 -> 6: the answers a patient let the clinician see. */
	"ALTER TABLE requests ADD COLUMN answers TEXT;",
};

_Static_assert(sizeof(migrations) / sizeof(*migrations) == STORE_SCHEMA_VERSION,
	       "one migration per schema version");

/* True when the last failure was a full disk (or quota): SQLite says
 * SQLITE_FULL for a write, but "disk I/O error" when growing a -shm. */
static bool is_disk_full(struct sq *store)
{
	int code = sqlite3_extended_errcode(store->db) & 0xff;
	int sys = sqlite3_system_errno(store->db);

	return code == SQLITE_FULL ||
	       ((code == SQLITE_IOERR || code == SQLITE_CANTOPEN) &&
		(sys == ENOSPC || sys == EDQUOT));
}

/* SQLite's message for the last failure, or what the system said when
 * SQLite's words hide it (a full disk). */
static void set_db_error(struct sq *store)
{
	if (!is_disk_full(store))
		set_error(store, "%s", sqlite3_errmsg(store->db));
	else if (sqlite3_system_errno(store->db) == EDQUOT)
		set_error(store, "the disk quota is exceeded");
	else
		set_error(store, "the disk is full");
}

/* Creates every missing directory of path's parent with mode 0700. */
static int make_parent(struct store *store, const char *path)
{
	char *dir = strdup(path);
	char *slash;
	int rc = -1;

	if (!dir) {
		store_set_error(store, "out of memory");
		return -1;
	}
	slash = strrchr(dir, '/');
	if (!slash || slash == dir) {
		rc = 0;
		goto fail;
	}
	*slash = '\0';
	for (char *p = dir + 1;; p++) {
		struct stat st;
		bool is_last = *p == '\0';

		if (*p != '/' && !is_last)
			continue;
		*p = '\0';
		if (stat(dir, &st) != 0) {
			if (errno != ENOENT || mkdir(dir, 0700) != 0) {
				store_set_error(
					store,
					"cannot create directory '%s': %s", dir,
					strerror(errno));
				goto fail;
			}
		} else if (!S_ISDIR(st.st_mode)) {
			store_set_error(store, "'%s' is not a directory", dir);
			goto fail;
		}
		if (is_last)
			break;
		*p = '/';
	}
	rc = 0;

fail:
	free(dir);
	return rc;
}

/*
 * Makes sure the file exists, as a regular file of mode 0600, before
 * SQLite opens it (SQLite would create it with 0644 less the umask). The
 * umask is 077 meanwhile, so the directories made are 0700 exactly.
 */
int store_sqlite_create_file(struct store *store, const char *path)
{
	mode_t old_umask = umask(077);
	struct stat st;
	int fd = -1;
	int rc = -1;

	if (make_parent(store, path) != 0)
		goto fail;
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		store_set_error(store, "%s", strerror(errno));
		goto fail;
	}
	if (fstat(fd, &st) != 0) {
		store_set_error(store, "%s", strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		store_set_error(store, "not a regular file");
		goto fail;
	}
	/* Personal data: nobody but the owner reads it. */
	if ((st.st_mode & 077) != 0 && st.st_uid == geteuid() &&
	    fchmod(fd, 0600) != 0) {
		store_set_error(store, "%s", strerror(errno));
		goto fail;
	}
	rc = 0;

fail:
	if (fd >= 0)
		close(fd);
	umask(old_umask);
	return rc;
}

static int exec(struct sq *store, const char *sql)
{
	if (sqlite3_exec(store->db, sql, NULL, NULL, NULL) != SQLITE_OK) {
		set_db_error(store);
		return -1;
	}
	return 0;
}

static void rollback(struct store *base)
{
	struct sq *store = (struct sq *)base;

	if (!sqlite3_get_autocommit(store->db))
		sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
}

/* A single integer from sql; -1 on failure. */
static int64_t query_int(struct sq *store, const char *sql)
{
	sqlite3_stmt *stmt = NULL;
	int64_t value = -1;

	if (sqlite3_prepare_v2(store->db, sql, -1, &stmt, NULL) != SQLITE_OK ||
	    sqlite3_step(stmt) != SQLITE_ROW) {
		set_db_error(store);
		goto fail;
	}
	value = sqlite3_column_int64(stmt, 0);

fail:
	sqlite3_finalize(stmt);
	return value;
}

static int schema_version(struct sq *store)
{
	return (int)query_int(store, "PRAGMA user_version");
}

/* 0 when the schema is STORE_SCHEMA_VERSION, 1 when it is older (to be
 * migrated), -1 when it is newer or cannot be read; *version (when not
 * NULL) is the version. */
static int check_schema(struct sq *store, int64_t *version)
{
	int64_t v = schema_version(store);

	if (version)
		*version = v;
	if (v < 0)
		return -1;
	if (v > STORE_SCHEMA_VERSION) {
		set_error(store,
			  "schema version %lld is newer than this runcheck "
			  "reads (%d)",
			  (long long)v, STORE_SCHEMA_VERSION);
		return -1;
	}
	return v < STORE_SCHEMA_VERSION;
}

/* Brings the schema up to STORE_SCHEMA_VERSION in one transaction. */
static int migrate(struct sq *store)
{
	int64_t version;
	int rc = check_schema(store, NULL);
	char sql[64];

	if (rc <= 0)
		return rc;
	if (exec(store, "BEGIN IMMEDIATE") != 0)
		return -1;
	/* Another process may have migrated it meanwhile. */
	if (check_schema(store, &version) < 0)
		goto fail;
	if (version == 0 &&
	    query_int(store, "SELECT count(*) FROM sqlite_master") != 0) {
		set_error(store, "not a runcheck database");
		goto fail;
	}
	for (int64_t v = version; v < STORE_SCHEMA_VERSION; v++)
		if (exec(store, migrations[v]) != 0)
			goto fail;
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d",
		 STORE_SCHEMA_VERSION);
	if (exec(store, sql) != 0 || exec(store, "COMMIT") != 0)
		goto fail;
	return 0;

fail:
	rollback(&store->base);
	return -1;
}

/* journal_mode answers with the mode it is in, which must be WAL. */
static int use_wal(struct sq *store)
{
	sqlite3_stmt *stmt = NULL;
	int rc = -1;

	if (sqlite3_prepare_v2(store->db, "PRAGMA journal_mode = WAL", -1,
			       &stmt, NULL) != SQLITE_OK ||
	    sqlite3_step(stmt) != SQLITE_ROW) {
		set_db_error(store);
		goto fail;
	}
	if (strcmp((const char *)sqlite3_column_text(stmt, 0), "wal") != 0) {
		set_error(store, "cannot use write-ahead logging");
		goto fail;
	}
	rc = 0;

fail:
	sqlite3_finalize(stmt);
	return rc;
}

/* Opens a connection to path with flags; the file must exist. */
static int connect_db(struct sq *store, const char *path, int flags)
{
	if (sqlite3_open_v2(path, &store->db, flags, NULL) != SQLITE_OK) {
		if (store->db)
			set_db_error(store);
		else
			set_error(store, "out of memory");
		return -1;
	}
	sqlite3_extended_result_codes(store->db, 1);
	sqlite3_busy_timeout(store->db, STORE_BUSY_MS);
	return 0;
}

static void disconnect_db(struct sq *store)
{
	sqlite3_close(store->db);
	store->db = NULL;
}

static void free_store(struct store *base)
{
	struct sq *store = (struct sq *)base;

	sqlite3_close(store->db);
	free(store);
}

/* Opens path as an immutable, read-only URI: '%', '?' and '#' escaped,
 * and an absolute path after an empty authority. */
static int connect_immutable(struct sq *store, const char *path)
{
	size_t len = strlen(path);
	size_t size = 3 * len + 32;
	char *uri = malloc(size);
	size_t n;
	int rc;

	if (!uri) {
		set_error(store, "out of memory");
		return -1;
	}
	n = (size_t)snprintf(uri, size, "file:%s", path[0] == '/' ? "//" : "");
	for (size_t i = 0; i < len; i++) {
		if (strchr("%?#", path[i]))
			n += (size_t)snprintf(uri + n, size - n, "%%%02x",
					      (unsigned char)path[i]);
		else
			uri[n++] = path[i];
	}
	snprintf(uri + n, size - n, "?immutable=1");
	rc = connect_db(store, uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI);
	free(uri);
	return rc;
}

static bool is_read_only_fs(const char *path)
{
	struct statvfs fs;

	return statvfs(path, &fs) == 0 && (fs.f_flag & ST_RDONLY);
}

/* True when path's file system is mounted read-only and path has no
 * -wal file with anything in it: then no process writes the database,
 * and the file alone holds it. */
static bool is_frozen(const char *path)
{
	struct stat st;
	char wal[PATH_MAX];

	if (!is_read_only_fs(path) ||
	    (size_t)snprintf(wal, sizeof(wal), "%s-wal", path) >= sizeof(wal))
		return false;
	return stat(wal, &st) != 0 ? errno == ENOENT : st.st_size == 0;
}

/* True when this process may create files in path's directory. */
static bool is_dir_writable(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t len = slash ? (size_t)(slash - path) : 0;
	char dir[PATH_MAX];

	if (!slash)
		return faccessat(AT_FDCWD, ".", W_OK, AT_EACCESS) == 0;
	if (len == 0)
		len = 1; /* the root */
	if (len >= sizeof(dir))
		return false;
	memcpy(dir, path, len);
	dir[len] = '\0';
	return faccessat(AT_FDCWD, dir, W_OK, AT_EACCESS) == 0;
}

/*
 * Opens path for reading only, as store.h says of STORE_READ. Returns 0,
 * 1 when the schema is older (to be migrated by a writer), or -1.
 */
static int open_reading(struct sq *store, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int code, rc;

	/* Whether the file itself can be read, in plain words. */
	if (fd < 0) {
		set_error(store, "%s", strerror(errno));
		return -1;
	}
	close(fd);
	if (connect_db(store, path, SQLITE_OPEN_READONLY) != 0)
		return -1;
	rc = check_schema(store, NULL);
	if (rc >= 0)
		return rc;
	code = sqlite3_extended_errcode(store->db);
	if (is_disk_full(store)) {
		/* No room for a -shm file: exclusive locking needs none. */
		disconnect_db(store);
		if (connect_db(store, path, SQLITE_OPEN_READWRITE) != 0 ||
		    exec(store, "PRAGMA locking_mode = EXCLUSIVE;"
				"PRAGMA query_only = ON;") != 0)
			return -1;
		return check_schema(store, NULL);
	}
	if ((code & 0xff) != SQLITE_CANTOPEN &&
	    (code & 0xff) != SQLITE_READONLY)
		return -1;
	if (is_frozen(path)) {
		disconnect_db(store);
		if (connect_immutable(store, path) != 0)
			return -1;
		return check_schema(store, NULL);
	}
	if (!is_dir_writable(path))
		set_error(store, "cannot read it: SQLite must make its -shm "
				 "file beside it, and the directory is not "
				 "writable (run this as the kiosk's user)");
	return -1;
}

/* Opens path for writing, in WAL mode, its schema brought up to date. */
static int open_writing(struct sq *store, const char *path)
{
	/* The file exists by now: SQLite never creates it. */
	if (connect_db(store, path, SQLITE_OPEN_READWRITE) != 0)
		return -1;
	if (use_wal(store) != 0 || exec(store, STORE_SQLITE_DURABLE) != 0 ||
	    migrate(store) != 0)
		return -1;
	return 0;
}

enum store_status store_sqlite_open(const char *path, enum store_open_mode mode,
				    struct store **out, char **errmsg)
{
	struct sq *store = calloc(1, sizeof(*store));
	enum store_status status = STORE_ERROR;
	struct stat st;
	int rc = 1;

	*out = NULL;
	if (errmsg)
		*errmsg = NULL;
	if (!store) {
		if (errmsg)
			*errmsg = strdup("out of memory");
		return STORE_ERROR;
	}
	store->base.ops = &sqlite_ops;
	if (mode == STORE_CREATE) {
		if (store_sqlite_create_file(&store->base, path) != 0)
			goto fail;
	} else if (stat(path, &st) != 0) {
		set_error(store, "%s", strerror(errno));
		if (errno == ENOENT)
			status = STORE_MISSING;
		goto fail;
	} else if (!S_ISREG(st.st_mode)) {
		set_error(store, "not a regular file");
		goto fail;
	}
	if (mode == STORE_READ) {
		rc = open_reading(store, path);
		if (rc < 0)
			goto fail;
		/* An older schema: migrated as a writer would. */
		if (rc > 0)
			disconnect_db(store);
	}
	if (rc > 0 && open_writing(store, path) != 0) {
		/* SQLite says "unable to open database file". */
		if (is_read_only_fs(path))
			set_error(store, "the file system is read-only");
		goto fail;
	}
	*out = &store->base;
	return STORE_OK;

fail:
	if (errmsg)
		*errmsg = strdup(store->base.errmsg);
	free_store(&store->base);
	return status;
}

/* Binds a string as text, or NULL for a NULL pointer. */
static int bind_text(sqlite3_stmt *stmt, int i, const char *s)
{
	if (!s)
		return sqlite3_bind_null(stmt, i);
	return sqlite3_bind_text(stmt, i, s, -1, SQLITE_TRANSIENT);
}

void store_sqlite_bind(sqlite3_stmt *stmt, const struct store_row *row,
		       bool is_shared)
{
	int i = 0;

	for (size_t c = 0; c < row->table->count; c++) {
		const struct store_column *column = &row->table->columns[c];

		if (!is_shared &&
		    (column->kind == STORE_UUID || column->kind == STORE_KIOSK))
			continue;
		if (store_column_is_text(column))
			bind_text(stmt, ++i, store_column_text(row, column));
		else
			sqlite3_bind_int64(stmt, ++i,
					   store_column_int(row, column));
	}
}

/*
 * Runs stmt, an INSERT, UPDATE or DELETE with its values bound, as one
 * transaction of its own, and finalizes it. Returns 0 or -1.
 */
static int step_write(struct sq *store, sqlite3_stmt *stmt)
{
	int rc = sqlite3_step(stmt);

	if (rc != SQLITE_DONE) {
		set_db_error(store);
		sqlite3_finalize(stmt);
		rollback(&store->base);
		return -1;
	}
	sqlite3_finalize(stmt);
	return 0;
}

static int add(struct store *base, const struct store_row *row, int64_t *id)
{
	struct sq *store = (struct sq *)base;
	sqlite3_stmt *stmt = NULL;
	char sql[512];

	if (store_insert_sql(base, sql, sizeof(sql), row->table, false, false,
			     "") != 0)
		return -1;
	if (sqlite3_prepare_v2(store->db, sql, -1, &stmt, NULL) != SQLITE_OK) {
		set_db_error(store);
		return -1;
	}
	store_sqlite_bind(stmt, row, false);
	/* One statement in autocommit mode is one transaction: when it
	 * returns, the row is committed and, with synchronous=FULL, on disk. */
	if (step_write(store, stmt) != 0)
		return -1;
	if (id)
		*id = sqlite3_last_insert_rowid(store->db);
	return 0;
}

static int each_request(struct store *base, bool include_done,
			int (*fn)(const struct store_request *req, void *ctx),
			void *ctx)
{
	static const char sql[] =
		"SELECT " STORE_REQUEST_COLUMNS ", coalesce(done_by, ''), "
		"coalesce(expires_at, 0), answers FROM requests "
		"WHERE ?1 OR done_at IS NULL ORDER BY created_at DESC, id DESC";
	struct sq *store = (struct sq *)base;
	sqlite3_stmt *stmt = NULL;
	int rc;

	if (sqlite3_prepare_v2(store->db, sql, -1, &stmt, NULL) != SQLITE_OK) {
		set_db_error(store);
		return -1;
	}
	sqlite3_bind_int(stmt, 1, include_done);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct store_request req = {
			.id = sqlite3_column_int64(stmt, 0),
			.created_at = sqlite3_column_int64(stmt, 1),
			.done_at = sqlite3_column_int64(stmt, 2),
			.name = (const char *)sqlite3_column_text(stmt, 3),
			.contact = (const char *)sqlite3_column_text(stmt, 4),
			.outcome = (const char *)sqlite3_column_text(stmt, 5),
			.condition = (const char *)sqlite3_column_text(stmt, 6),
			.triage = (const char *)sqlite3_column_text(stmt, 7),
			.tree_version =
				(const char *)sqlite3_column_text(stmt, 8),
			.done_by = (const char *)sqlite3_column_text(stmt, 9),
			.expires_at = sqlite3_column_int64(stmt, 10),
			.answers = (const char *)sqlite3_column_text(stmt, 11),
		};
		int stop;

		if (!req.name || !req.contact || !req.outcome ||
		    !req.condition || !req.triage || !req.tree_version ||
		    !req.done_by) {
			set_error(store, "out of memory");
			sqlite3_finalize(stmt);
			return -1;
		}
		stop = fn(&req, ctx);
		if (stop) {
			sqlite3_finalize(stmt);
			return stop;
		}
	}
	if (rc != SQLITE_DONE) {
		set_db_error(store);
		sqlite3_finalize(stmt);
		return -1;
	}
	sqlite3_finalize(stmt);
	return 0;
}

/* Runs an UPDATE of request id (?1) with now (?2) and by (?3), when sql
 * takes them: the rows changed, or -1. */
static int64_t update_request(struct sq *store, const char *sql, int64_t id,
			      int64_t now, const char *by)
{
	sqlite3_stmt *stmt = NULL;

	if (sqlite3_prepare_v2(store->db, sql, -1, &stmt, NULL) != SQLITE_OK) {
		set_db_error(store);
		return -1;
	}
	sqlite3_bind_int64(stmt, 1, id);
	if (sqlite3_bind_parameter_count(stmt) >= 3) {
		sqlite3_bind_int64(stmt, 2, now);
		sqlite3_bind_text(stmt, 3, by, -1, SQLITE_TRANSIENT);
	}
	if (step_write(store, stmt) != 0)
		return -1;
	return sqlite3_changes(store->db);
}

static int64_t mark_done(struct store *base, int64_t id, int64_t now,
			 const char *by)
{
	return update_request((struct sq *)base,
			      "UPDATE requests SET done_at = coalesce(done_at, "
			      "?2), done_by = CASE WHEN done_at IS NULL THEN "
			      "?3 ELSE done_by END WHERE id = ?1",
			      id, now, by);
}

static int64_t reopen(struct store *base, int64_t id)
{
	return update_request((struct sq *)base,
			      "UPDATE requests SET done_at = NULL, done_by = "
			      "NULL WHERE id = ?1",
			      id, 0, NULL);
}

static int purge(struct store *base, int64_t cutoff, bool is_expiry,
		 int64_t *deleted)
{
	struct sq *store = (struct sq *)base;
	sqlite3_stmt *stmt = NULL;

	*deleted = 0;
	if (sqlite3_prepare_v2(store->db,
			       is_expiry ? "DELETE FROM requests WHERE "
					   "expires_at <= ?"
					 : "DELETE FROM requests WHERE "
					   "created_at < ?",
			       -1, &stmt, NULL) != SQLITE_OK) {
		set_db_error(store);
		return -1;
	}
	sqlite3_bind_int64(stmt, 1, cutoff);
	if (step_write(store, stmt) != 0)
		return -1;
	*deleted = sqlite3_changes64(store->db);
	/* The old pages stay in the write-ahead log until a checkpoint
	 * copies the zeroed ones over; when no reader holds it back, make it
	 * now and empty the log. A busy log is emptied by a later writer. */
	if (*deleted > 0)
		sqlite3_wal_checkpoint_v2(store->db, NULL,
					  SQLITE_CHECKPOINT_TRUNCATE, NULL,
					  NULL);
	return 0;
}

/*
 * Runs a "SELECT label, count ... GROUP BY label ORDER BY count DESC,
 * label" with since bound to ?1 and collects the rows. Returns 0, or -1
 * with *out NULL and *count 0.
 */
static int query_counts(struct sq *store, const char *sql, const char *since,
			struct store_count **out, size_t *count)
{
	sqlite3_stmt *stmt = NULL;
	struct store_count *rows = NULL;
	size_t n = 0;
	size_t capacity = 0;
	int rc;

	*out = NULL;
	*count = 0;
	if (sqlite3_prepare_v2(store->db, sql, -1, &stmt, NULL) != SQLITE_OK) {
		set_db_error(store);
		return -1;
	}
	bind_text(stmt, 1, since);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (store_counts_add(&store->base, &rows, &n, &capacity,
				     (const char *)sqlite3_column_text(stmt, 0),
				     sqlite3_column_int64(stmt, 1)) != 0)
			goto fail;
	}
	if (rc != SQLITE_DONE) {
		set_db_error(store);
		goto fail;
	}
	sqlite3_finalize(stmt);
	*out = rows;
	*count = n;
	return 0;

fail:
	sqlite3_finalize(stmt);
	store_counts_free(rows, n);
	return -1;
}

/*
 * The figures since ?1 picks, from the roll-ups: the months after since's
 * month, and the days of since's month from since on (no since: every
 * month). A few rows a day and a month per outcome, however many sessions
 * there were.
 */
#define PICKED                                                                 \
	"WITH picked AS (SELECT month, outcome, abandoned_at, triage, "        \
	"sessions, requests FROM session_months WHERE ?1 IS NULL OR month > "  \
	"substr(?1, 1, 7) UNION ALL SELECT substr(day, 1, 7), outcome, "       \
	"abandoned_at, triage, sessions, requests FROM session_days WHERE "    \
	"?1 IS NOT NULL AND day BETWEEN ?1 AND substr(?1, 1, 7) || '-31') "

/* What each count reads. */
static const char *const counts_sql[] = {
	[STORE_COUNT_TRIAGE] = PICKED STORE_TRIAGE_SQL,
	[STORE_COUNT_OUTCOMES] = PICKED STORE_LABELS_SQL("outcome", ""),
	[STORE_COUNT_ABANDONED] = PICKED STORE_LABELS_SQL("abandoned_at", ""),
	[STORE_COUNT_DAYS] = "SELECT day, sum(sessions) FROM session_days "
			     "WHERE day >= coalesce(?1, '') GROUP BY 1 ORDER "
			     "BY 1",
	[STORE_COUNT_WEEKS] = "SELECT date(day, 'weekday 0', '-6 days'), "
			      "sum(sessions) FROM session_days WHERE day >= "
			      "coalesce(?1, '') GROUP BY 1 ORDER BY 1",
	[STORE_COUNT_MONTHS] = PICKED "SELECT month, sum(sessions) FROM "
				      "picked GROUP BY 1 ORDER BY 1",
};

static int read_begin(struct store *base, const struct store_filter *filter)
{
	struct sq *store = (struct sq *)base;

	if (filter->kiosk) {
		set_error(store, "a SQLite database records no kiosk names");
		return -1;
	}
	/* One read transaction, so that the figures agree with each other
	 * while a kiosk writes. */
	return exec(store, "BEGIN");
}

static int totals(struct store *base, const struct store_filter *filter,
		  struct store_stats *stats)
{
	static const char sql[] = PICKED STORE_TOTALS_SQL;
	struct sq *store = (struct sq *)base;
	sqlite3_stmt *stmt = NULL;
	int rc = -1;

	if (sqlite3_prepare_v2(store->db, sql, -1, &stmt, NULL) != SQLITE_OK ||
	    bind_text(stmt, 1, filter->since) != SQLITE_OK ||
	    sqlite3_step(stmt) != SQLITE_ROW) {
		set_db_error(store);
		goto fail;
	}
	stats->sessions = sqlite3_column_int64(stmt, 0);
	stats->completed = sqlite3_column_int64(stmt, 1);
	stats->requests = sqlite3_column_int64(stmt, 2);
	rc = 0;

fail:
	sqlite3_finalize(stmt);
	return rc;
}

static int counts(struct store *base, enum store_counted what,
		  const struct store_filter *filter, struct store_count **out,
		  size_t *n)
{
	return query_counts((struct sq *)base, counts_sql[what], filter->since,
			    out, n);
}

static int commit(struct store *base)
{
	return exec((struct sq *)base, "COMMIT");
}

static int schema_version_of(struct store *base)
{
	return schema_version((struct sq *)base);
}

/* Calls fn for the requests above *last, in order, and raises *last. */
static int watch_read(struct sq *store, int64_t *last,
		      int (*fn)(const struct store_event *ev, void *ctx),
		      void *ctx)
{
	sqlite3_stmt *stmt = NULL;
	int stop = 0;
	int rc;

	if (sqlite3_prepare_v2(store->db,
			       "SELECT id, created_at, triage, name FROM "
			       "requests WHERE id > ? ORDER BY id",
			       -1, &stmt, NULL) != SQLITE_OK) {
		set_db_error(store);
		return -1;
	}
	sqlite3_bind_int64(stmt, 1, *last);
	while (!stop && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct store_event ev = {
			.id = sqlite3_column_int64(stmt, 0),
			.created_at = sqlite3_column_int64(stmt, 1),
			.kiosk = "",
			.triage = (const char *)sqlite3_column_text(stmt, 2),
			.name = (const char *)sqlite3_column_text(stmt, 3),
		};

		*last = ev.id;
		stop = fn(&ev, ctx);
	}
	if (!stop && rc != SQLITE_DONE) {
		set_db_error(store);
		stop = -1;
	}
	sqlite3_finalize(stmt);
	return stop;
}

/* SQLite says nothing to a reader when another connection writes: its
 * data_version, which changes then, is read every WATCH_POLL_MS. */
enum { WATCH_POLL_MS = 250 };

static int watch(struct store *base,
		 int (*fn)(const struct store_event *ev, void *ctx), void *ctx)
{
	struct sq *store = (struct sq *)base;
	const struct timespec pause = {0, WATCH_POLL_MS * 1000000L};
	int64_t last = query_int(store, "SELECT coalesce(max(id), 0) FROM "
					"requests");
	int64_t version = query_int(store, "PRAGMA data_version");
	int rc = 0;

	if (last < 0 || version < 0)
		return -1;
	while (rc == 0) {
		int64_t now;

		nanosleep(&pause, NULL);
		now = query_int(store, "PRAGMA data_version");
		if (now < 0)
			return -1;
		if (now != version)
			rc = watch_read(store, &last, fn, ctx);
		version = now;
	}
	return rc;
}

static const struct store_ops sqlite_ops = {
	STORE_ENGINE_OPS,
	.keeps_alerts = false,
};
