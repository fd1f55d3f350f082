/*
 * store_pg.c - the store's PostgreSQL engine, through libpq: a server that
 * the clinic's kiosks and front desk share (store.h says what differs from
 * SQLite: only store_pg_init changes the schema, and roles are granted least
 * privilege).
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <unistd.h>

#include <dlfcn.h>
#include <libpq-fe.h>

#include "store_engine.h"

/*
 * libpq is loaded the first time a PostgreSQL store is opened, not linked:
 * with its TLS, Kerberos and LDAP libraries it is 25 shared libraries,
 * whose loading at every start made the quiz's start-up three times the
 * bare parse of the shipped tree (make bench), for a library that a quiz
 * at home or a kiosk on SQLite never uses. Only libpq-fe.h's types and
 * prototypes are used at build time; each function is called through the
 * pointer that pq_load sets.
 */
#define PQ_FUNCTIONS(X)                                                        \
	X(PQclear)                                                             \
	X(PQcmdTuples)                                                         \
	X(PQconnectdbParams)                                                   \
	X(PQconsumeInput)                                                      \
	X(PQerrorMessage)                                                      \
	X(PQescapeIdentifier)                                                  \
	X(PQexec)                                                              \
	X(PQexecParams)                                                        \
	X(PQfinish)                                                            \
	X(PQfreemem)                                                           \
	X(PQgetisnull)                                                         \
	X(PQgetvalue)                                                          \
	X(PQnotifies)                                                          \
	X(PQntuples)                                                           \
	X(PQresultErrorField)                                                  \
	X(PQresultStatus)                                                      \
	X(PQsetNoticeProcessor)                                                \
	X(PQsocket)                                                            \
	X(PQstatus)                                                            \
	X(PQtransactionStatus)

#define PQ_DECLARE(f) static __typeof__(f) *pq_##f;
PQ_FUNCTIONS(PQ_DECLARE)
#undef PQ_DECLARE

#define PQclear		     pq_PQclear
#define PQcmdTuples	     pq_PQcmdTuples
#define PQconnectdbParams    pq_PQconnectdbParams
#define PQconsumeInput	     pq_PQconsumeInput
#define PQerrorMessage	     pq_PQerrorMessage
#define PQescapeIdentifier   pq_PQescapeIdentifier
#define PQexec		     pq_PQexec
#define PQexecParams	     pq_PQexecParams
#define PQfinish	     pq_PQfinish
#define PQfreemem	     pq_PQfreemem
#define PQgetisnull	     pq_PQgetisnull
#define PQgetvalue	     pq_PQgetvalue
#define PQnotifies	     pq_PQnotifies
#define PQntuples	     pq_PQntuples
#define PQresultErrorField   pq_PQresultErrorField
#define PQresultStatus	     pq_PQresultStatus
#define PQsetNoticeProcessor pq_PQsetNoticeProcessor
#define PQsocket	     pq_PQsocket
#define PQstatus	     pq_PQstatus
#define PQtransactionStatus  pq_PQtransactionStatus

/* The library's soname, as Debian's libpq5 installs it. */
#define PQ_LIBRARY "libpq.so.5"

/*
 * Loads libpq and every function above, once. Returns NULL, or a message
 * (static text) saying why PostgreSQL cannot be used.
 */
static const char *pq_load(void)
{
	static void *handle;
	static char message[512];

	if (handle)
		return NULL;
	if (message[0])
		return message;
	handle = dlopen(PQ_LIBRARY, RTLD_NOW | RTLD_LOCAL);
	if (!handle) {
		snprintf(message, sizeof(message),
			 "a PostgreSQL store needs libpq (Debian package "
			 "libpq5): %s",
			 dlerror());
		return message;
	}
#define PQ_RESOLVE(f)                                                          \
	if ((*(void **)&pq_##f = dlsym(handle, #f)) == NULL) {                 \
		snprintf(message, sizeof(message),                             \
			 "%s has no function %s: a libpq of version 10 or "    \
			 "later is needed",                                    \
			 PQ_LIBRARY, #f);                                      \
		dlclose(handle);                                               \
		handle = NULL;                                                 \
		return message;                                                \
	}
	PQ_FUNCTIONS(PQ_RESOLVE)
#undef PQ_RESOLVE
	return NULL;
}

struct pg {
	struct store base;
	PGconn *conn;
};

#define set_error(store, ...) store_set_error(&(store)->base, __VA_ARGS__)

/* Seconds a connection may take, unless the URI or $PGCONNECT_TIMEOUT
 * says. */
#define CONNECT_TIMEOUT "5"

/* Any number, the same in every runcheck: "runcheck" in ASCII. */
#define INIT_LOCK "8247619665831224171"

/*
 * The schema, one step per version: migrations[v] takes a database from
 * version v to v + 1. A step, once released, never changes; a change is a
 * new step. Version 0 is a database without runcheck_schema.
 *
 * Every row carries a UUID made where it was created, so that a kiosk
 * writes without reading anything back and a row forwarded twice is
 * stored once; requests also get a number for the front desk (requests
 * done ID). written_by is the database role that wrote the row: a kiosk
 * may not write it (store_pg_init grants the other columns only).
 */
static const char *const migrations[] = {
	/* 0 -> 1: requests, sessions' figures and kiosks' alerts. */
	"CREATE TABLE runcheck_schema (version integer NOT NULL);"
	"INSERT INTO runcheck_schema VALUES (0);"
	"CREATE TABLE requests ("
	" id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
	" uuid uuid NOT NULL UNIQUE,"
	" created_at bigint NOT NULL,"
	" done_at bigint,"
	" name text NOT NULL,"
	" contact text NOT NULL,"
	" outcome text NOT NULL,"
	" condition text NOT NULL,"
	" triage text NOT NULL,"
	" tree_version text NOT NULL,"
	" kiosk text NOT NULL,"
	" written_by text NOT NULL DEFAULT current_user);"
	"CREATE INDEX requests_created ON requests (created_at);"
	"CREATE TABLE sessions ("
	" id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
	" uuid uuid NOT NULL UNIQUE,"
	" day date NOT NULL,"
	" outcome text,"
	" abandoned_at text,"
	" triage text,"
	" tree_version text NOT NULL,"
	" answers bigint NOT NULL,"
	" duration bigint NOT NULL,"
	" has_request boolean NOT NULL,"
	" kiosk text NOT NULL,"
	" written_by text NOT NULL DEFAULT current_user);"
	"CREATE INDEX sessions_day ON sessions (day);"
	"CREATE TABLE alerts ("
	" id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
	" uuid uuid NOT NULL UNIQUE,"
	" created_at bigint NOT NULL,"
	" triage text NOT NULL,"
	" kiosk text NOT NULL,"
	" written_by text NOT NULL DEFAULT current_user);",

	/* 1 -> 2: a notification on the channel runcheck for each request
	 * and alert added (requests watch). It carries the table's name
	 * only: any role may notify, so watch trusts nothing in it. */
	"CREATE FUNCTION runcheck_notify() RETURNS trigger LANGUAGE plpgsql "
	"AS $$BEGIN PERFORM pg_notify('runcheck', TG_TABLE_NAME); "
	"RETURN NULL; END$$;"
	"CREATE TRIGGER requests_notify AFTER INSERT ON requests "
	"FOR EACH ROW EXECUTE FUNCTION runcheck_notify();"
	"CREATE TRIGGER alerts_notify AFTER INSERT ON alerts "
	"FOR EACH ROW EXECUTE FUNCTION runcheck_notify();",

	/* 2 -> 3: the sessions' figures rolled up by day and by month (a
	 * NULL as ''), so that stats reads a few thousand rows rather than
	 * every session. A trigger keeps them as each session is added; it
	 * runs with its owner's rights (the role that ran db init), so the
	 * kiosk's role needs none on them, and it cannot be called but as a
	 * trigger. What is there already is rolled up here. */
	"CREATE TABLE session_days ("
	" day date NOT NULL, kiosk text NOT NULL, outcome text NOT NULL,"
	" abandoned_at text NOT NULL, triage text NOT NULL,"
	" sessions bigint NOT NULL, requests bigint NOT NULL,"
	" PRIMARY KEY (day, kiosk, outcome, abandoned_at, triage));"
	"CREATE TABLE session_months ("
	" month date NOT NULL, kiosk text NOT NULL, outcome text NOT NULL,"
	" abandoned_at text NOT NULL, triage text NOT NULL,"
	" sessions bigint NOT NULL, requests bigint NOT NULL,"
	" PRIMARY KEY (month, kiosk, outcome, abandoned_at, triage));"
	"CREATE FUNCTION runcheck_roll_up() RETURNS trigger LANGUAGE plpgsql "
	"SECURITY DEFINER SET search_path FROM CURRENT AS $$BEGIN "
	"INSERT INTO session_days VALUES (NEW.day, NEW.kiosk, "
	"coalesce(NEW.outcome, ''), coalesce(NEW.abandoned_at, ''), "
	"coalesce(NEW.triage, ''), 1, NEW.has_request::int) "
	"ON CONFLICT (day, kiosk, outcome, abandoned_at, triage) DO UPDATE "
	"SET sessions = session_days.sessions + 1, "
	"requests = session_days.requests + EXCLUDED.requests; "
	"INSERT INTO session_months VALUES (date_trunc('month', NEW.day), "
	"NEW.kiosk, coalesce(NEW.outcome, ''), coalesce(NEW.abandoned_at, ''), "
	"coalesce(NEW.triage, ''), 1, NEW.has_request::int) "
	"ON CONFLICT (month, kiosk, outcome, abandoned_at, triage) DO UPDATE "
	"SET sessions = session_months.sessions + 1, "
	"requests = session_months.requests + EXCLUDED.requests; "
	"RETURN NULL; END$$;"
	"REVOKE ALL ON FUNCTION runcheck_roll_up() FROM PUBLIC;"
	"CREATE TRIGGER sessions_roll_up AFTER INSERT ON sessions "
	"FOR EACH ROW EXECUTE FUNCTION runcheck_roll_up();"
	"INSERT INTO session_days SELECT day, kiosk, coalesce(outcome, ''), "
	"coalesce(abandoned_at, ''), coalesce(triage, ''), count(*), "
	"count(*) FILTER (WHERE has_request) FROM sessions "
	"GROUP BY 1, 2, 3, 4, 5;"
	"INSERT INTO session_months SELECT date_trunc('month', day), kiosk, "
	"outcome, abandoned_at, triage, sum(sessions), sum(requests) "
	"FROM session_days GROUP BY 1, 2, 3, 4, 5;",

	/* 3 -> 4: who marked a request done: the database role. */
	"ALTER TABLE requests ADD COLUMN done_by text;",

	/* 4 -> 5: when each request expires (requests purge); those already
	 * there are kept for the default 90 days from when they were made. */
	"ALTER TABLE requests ADD COLUMN expires_at bigint;"
	"UPDATE requests SET expires_at = created_at + 7776000;"
	"ALTER TABLE requests ALTER COLUMN expires_at SET NOT NULL;"
	"CREATE INDEX requests_expires ON requests (expires_at);",

	/* 5 -> 6: the answers a patient let the clinician see. */
	"ALTER TABLE requests ADD COLUMN answers text;",
};

_Static_assert(sizeof(migrations) / sizeof(*migrations) ==
		       STORE_PG_SCHEMA_VERSION,
	       "one migration per schema version");

/* What each role may do (store_pg_init): each statement ends with the
 * role. */
static const char *const kiosk_grants[] = {
	"GRANT SELECT ON runcheck_schema TO ",
	"GRANT INSERT (uuid, created_at, name, contact, outcome, condition,"
	" triage, tree_version, kiosk, expires_at, answers) ON requests TO ",
	"GRANT INSERT (uuid, day, outcome, abandoned_at, triage, tree_version,"
	" answers, duration, has_request, kiosk) ON sessions TO ",
	"GRANT INSERT (uuid, created_at, triage, kiosk) ON alerts TO ",
	NULL,
};
static const char *const staff_grants[] = {
	"GRANT SELECT ON runcheck_schema, requests, sessions, alerts, "
	"session_days, session_months TO ",
	"GRANT UPDATE (done_at, done_by), DELETE ON requests TO ",
	NULL,
};

static void ignore_notice(void *arg, const char *message)
{
}

/* Sets the message from libpq's text: its lines joined by single spaces,
 * a "FATAL:  " or "ERROR:  " in front dropped. */
static void set_text_error(struct pg *store, const char *text)
{
	char buf[sizeof(store->base.errmsg)];
	size_t n = 0;
	bool is_space = false;

	if (!text || !*text)
		text = "out of memory";
	for (const char *p = text; *p && n + 1 < sizeof(buf); p++) {
		if (isspace((unsigned char)*p)) {
			is_space = n > 0;
			continue;
		}
		if (is_space && n + 2 < sizeof(buf))
			buf[n++] = ' ';
		is_space = false;
		buf[n++] = *p;
	}
	buf[n] = '\0';
	set_error(store, "%s", buf);
}

/* The message of a failed result (its primary text), or of the
 * connection when there is no result. */
static void set_result_error(struct pg *store, const PGresult *res)
{
	const char *primary =
		res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;

	set_text_error(store, primary ? primary : PQerrorMessage(store->conn));
}

/*
 * Runs sql with n text parameters (a NULL pointer is SQL NULL) and returns
 * its result when its status is the one expected, else NULL with the
 * message set. The caller PQclears a result.
 */
static PGresult *run(struct pg *store, const char *sql, int n,
		     const char *const *params, ExecStatusType expected)
{
	PGresult *res =
		PQexecParams(store->conn, sql, n, NULL, params, NULL, NULL, 0);

	if (PQresultStatus(res) != expected) {
		set_result_error(store, res);
		PQclear(res);
		return NULL;
	}
	return res;
}

/* Runs sql (no parameters, no rows, any number of statements). */
static int exec(struct pg *store, const char *sql)
{
	PGresult *res = PQexec(store->conn, sql);
	int rc = 0;

	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		set_result_error(store, res);
		rc = -1;
	}
	PQclear(res);
	return rc;
}

static void rollback(struct store *base)
{
	struct pg *store = (struct pg *)base;

	if (store->conn && PQtransactionStatus(store->conn) != PQTRANS_IDLE)
		PQclear(PQexec(store->conn, "ROLLBACK"));
}

/* The schema's version: 0 without runcheck_schema; -1 on failure. */
static int schema_version(struct pg *store)
{
	PGresult *res = run(store,
			    "SELECT to_regclass('runcheck_schema') IS NOT NULL",
			    0, NULL, PGRES_TUPLES_OK);
	int version = -1;

	if (!res)
		return -1;
	if (strcmp(PQgetvalue(res, 0, 0), "t") != 0) {
		PQclear(res);
		return 0;
	}
	PQclear(res);
	res = run(store, "SELECT max(version) FROM runcheck_schema", 0, NULL,
		  PGRES_TUPLES_OK);
	if (!res)
		return -1;
	version = PQgetisnull(res, 0, 0)
			  ? 0
			  : (int)strtol(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return version;
}

/* 0 when the schema is this runcheck's, else -1 with a message that says
 * what to do. */
static int check_schema(struct pg *store)
{
	int version = schema_version(store);

	if (version < 0)
		return -1;
	if (version == 0) {
		set_error(store, "no runcheck schema here: run 'runcheck db "
				 "init' first");
		return -1;
	}
	if (version < STORE_PG_SCHEMA_VERSION) {
		set_error(store,
			  "schema version %d is older than this runcheck's "
			  "(%d): run 'runcheck db init' to migrate it",
			  version, STORE_PG_SCHEMA_VERSION);
		return -1;
	}
	if (version > STORE_PG_SCHEMA_VERSION) {
		set_error(store,
			  "schema version %d is newer than this runcheck "
			  "reads (%d): upgrade runcheck, then run 'runcheck "
			  "db init' with it if needed",
			  version, STORE_PG_SCHEMA_VERSION);
		return -1;
	}
	return 0;
}

static void free_store(struct store *base)
{
	struct pg *store = (struct pg *)base;

	if (store->conn)
		PQfinish(store->conn);
	free(store);
}

/* True when connect_pg connected (false when libpq could not be loaded,
 * or the server refused: the message is set). */
static bool is_connected(const struct pg *store)
{
	return store->conn && PQstatus(store->conn) == CONNECTION_OK;
}

static const struct store_ops pg_ops;

/* Connects to uri; returns the store (its message set on failure) or
 * NULL when out of memory. */
static struct pg *connect_pg(const char *uri)
{
	/* The URI's own parameters, then the PG* variables, win over these
	 * defaults: a kiosk waits at most CONNECT_TIMEOUT for an unreachable
	 * server (its rows wait in the outbox meanwhile). */
	const char *keys[4] = {"fallback_application_name"};
	const char *values[4] = {"runcheck"};
	size_t n = 1;
	struct pg *store = calloc(1, sizeof(*store));
	const char *why_not = pq_load();

	if (!store)
		return NULL;
	store->base.ops = &pg_ops;
	if (why_not) {
		set_text_error(store, why_not);
		return store;
	}
	if (!getenv("PGCONNECT_TIMEOUT")) {
		keys[n] = "connect_timeout";
		values[n++] = CONNECT_TIMEOUT;
	}
	keys[n] = "dbname";
	values[n] = uri;
	store->conn = PQconnectdbParams(keys, values, 1);
	if (PQstatus(store->conn) != CONNECTION_OK) {
		set_text_error(store, PQerrorMessage(store->conn));
		return store;
	}
	/* Nothing below main.c prints: the server's notices are dropped. */
	PQsetNoticeProcessor(store->conn, ignore_notice, NULL);
	return store;
}

/* Hands store back as store_open does: *out on success, else the message
 * in *errmsg and the store freed. */
static enum store_status hand_back(struct pg *store, bool is_ok,
				   struct store **out, char **errmsg)
{
	if (is_ok) {
		*out = &store->base;
		return STORE_OK;
	}
	if (errmsg)
		*errmsg = strdup(store->base.errmsg);
	free_store(&store->base);
	return STORE_ERROR;
}

enum store_status store_pg_open(const char *uri, enum store_open_mode mode,
				struct store **out, char **errmsg)
{
	struct pg *store = connect_pg(uri);

	*out = NULL;
	if (errmsg)
		*errmsg = NULL;
	if (!store) {
		if (errmsg)
			*errmsg = strdup("out of memory");
		return STORE_ERROR;
	}
	if (!is_connected(store))
		return hand_back(store, false, out, errmsg);
	if (mode == STORE_READ &&
	    exec(store, "SET SESSION CHARACTERISTICS AS TRANSACTION "
			"READ ONLY") != 0)
		return hand_back(store, false, out, errmsg);
	return hand_back(store, check_schema(store) == 0, out, errmsg);
}

/* A quoted identifier, or NULL with the message set. PQfreemem it. */
static char *quote(struct pg *store, const char *name)
{
	char *ident = PQescapeIdentifier(store->conn, name, strlen(name));

	if (!ident)
		set_text_error(store, PQerrorMessage(store->conn));
	return ident;
}

/*
 * Gives role (when not NULL) exactly the rights in grants: it first loses
 * whatever it had on runcheck's tables, then may use the schema they are
 * in and do what each statement says.
 */
static int grant(struct pg *store, const char *const *grants, const char *role)
{
	PGresult *res = NULL;
	char *ident = NULL;
	char *schema = NULL;
	char *sql = NULL;
	size_t size = 0;
	FILE *f = NULL;
	int rc = -1;

	if (!role)
		return 0;
	res = run(store, "SELECT current_schema()", 0, NULL, PGRES_TUPLES_OK);
	if (!res || !(ident = quote(store, role)) ||
	    !(schema = quote(store, PQgetvalue(res, 0, 0))))
		goto fail;
	f = open_memstream(&sql, &size);
	if (!f) {
		set_error(store, "out of memory");
		goto fail;
	}
	fprintf(f,
		"REVOKE ALL ON runcheck_schema, requests, sessions, alerts, "
		"session_days, session_months "
		"FROM %s;GRANT USAGE ON SCHEMA %s TO %s;",
		ident, schema, ident);
	for (size_t i = 0; grants[i]; i++)
		fprintf(f, "%s%s;", grants[i], ident);
	if (fclose(f) != 0) {
		set_error(store, "out of memory");
		goto fail;
	}
	rc = exec(store, sql);

fail:
	free(sql);
	PQfreemem(schema);
	PQfreemem(ident);
	PQclear(res);
	return rc;
}

/* Brings the schema up to STORE_PG_SCHEMA_VERSION; sets *from. */
static int migrate(struct pg *store, int *from)
{
	char sql[64];
	int version = schema_version(store);

	*from = version;
	if (version < 0)
		return -1;
	if (version > STORE_PG_SCHEMA_VERSION)
		return check_schema(store);
	for (int v = version; v < STORE_PG_SCHEMA_VERSION; v++)
		if (exec(store, migrations[v]) != 0)
			return -1;
	snprintf(sql, sizeof(sql), "UPDATE runcheck_schema SET version = %d",
		 STORE_PG_SCHEMA_VERSION);
	return exec(store, sql);
}

/* Waits for every other store_pg_init on this database to end. */
static int lock_init(struct pg *store)
{
	PGresult *res = run(store,
			    "SELECT pg_advisory_xact_lock(" INIT_LOCK ")", 0,
			    NULL, PGRES_TUPLES_OK);

	PQclear(res);
	return res ? 0 : -1;
}

int store_pg_init(const char *uri, const char *kiosk_role,
		  const char *staff_role, int *from, char **errmsg)
{
	struct pg *store = connect_pg(uri);
	int rc = -1;

	*from = -1;
	*errmsg = NULL;
	if (!store) {
		*errmsg = strdup("out of memory");
		return -1;
	}
	if (!is_connected(store))
		goto fail;
	/* One transaction under a lock that every store_pg_init takes: a
	 * second one waits, then finds the schema made. */
	if (exec(store, "BEGIN") != 0 || lock_init(store) != 0 ||
	    migrate(store, from) != 0 ||
	    grant(store, kiosk_grants, kiosk_role) != 0 ||
	    grant(store, staff_grants, staff_role) != 0 ||
	    exec(store, "COMMIT") != 0)
		goto fail;
	rc = 0;

fail:
	if (rc != 0) {
		rollback(&store->base);
		*errmsg = strdup(store->base.errmsg);
	}
	free_store(&store->base);
	return rc;
}

/* An int64 as text, for a parameter. */
static const char *int_text(char buf[24], int64_t value)
{
	snprintf(buf, 24, "%" PRId64, value);
	return buf;
}

/* The kiosk's name: given, or else the host name. */
static const char *kiosk_name(const char *given, char buf[256])
{
	if (given)
		return given;
	if (gethostname(buf, 256) != 0)
		snprintf(buf, 256, "unknown");
	buf[255] = '\0';
	return buf;
}

/* The rows changed by a command's result. */
static int64_t changed(const PGresult *res)
{
	return strtoll(PQcmdTuples((PGresult *)res), NULL, 10);
}

static int add(struct store *base, const struct store_row *row, int64_t *id)
{
	struct pg *store = (struct pg *)base;
	struct store_row shared = *row;
	char uuid[STORE_UUID_SIZE], host[256], sql[512];
	char ints[STORE_MAX_COLUMNS][24];
	const char *params[STORE_MAX_COLUMNS];
	PGresult *res;

	if (!row->uuid && store_make_uuid(uuid) != 0) {
		set_error(store, "cannot make an id: no random numbers");
		return -1;
	}
	shared.uuid = row->uuid ? row->uuid : uuid;
	shared.kiosk = kiosk_name(row->kiosk, host);
	for (size_t i = 0; i < row->table->count; i++) {
		const struct store_column *column = &row->table->columns[i];

		if (store_column_is_text(column))
			params[i] = store_column_text(&shared, column);
		else if (column->kind == STORE_FLAG)
			params[i] = store_column_int(&shared, column) ? "t"
								      : "f";
		else
			params[i] = int_text(ints[i],
					     store_column_int(&shared, column));
	}
	/* A kiosk may not read requests, so it asks for no id back; the
	 * UUID makes a second delivery a no-op. (ON CONFLICT names no
	 * column: naming one needs the right to read it. The only other
	 * unique column is the server's own id.) */
	if (store_insert_sql(base, sql, sizeof(sql), row->table, true, true,
			     id ? " RETURNING id"
				: " ON CONFLICT DO NOTHING") != 0)
		return -1;
	res = run(store, sql, (int)row->table->count, params,
		  id ? PGRES_TUPLES_OK : PGRES_COMMAND_OK);
	if (!res)
		return -1;
	if (id)
		*id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return 0;
}

static int each_request(struct store *base, bool include_done,
			int (*fn)(const struct store_request *req, void *ctx),
			void *ctx)
{
	static const char sql[] =
		"SELECT " STORE_REQUEST_COLUMNS ", uuid, kiosk, "
		"coalesce(done_by, ''), expires_at, answers FROM requests "
		"WHERE $1 OR done_at IS NULL ORDER BY created_at DESC, id DESC";
	struct pg *store = (struct pg *)base;
	const char *params[1] = {include_done ? "t" : "f"};
	PGresult *res = run(store, sql, 1, params, PGRES_TUPLES_OK);
	int stop = 0;

	if (!res)
		return -1;
	for (int i = 0; i < PQntuples(res) && !stop; i++) {
		struct store_request req = {
			.id = strtoll(PQgetvalue(res, i, 0), NULL, 10),
			.created_at = strtoll(PQgetvalue(res, i, 1), NULL, 10),
			.done_at = strtoll(PQgetvalue(res, i, 2), NULL, 10),
			.name = PQgetvalue(res, i, 3),
			.contact = PQgetvalue(res, i, 4),
			.outcome = PQgetvalue(res, i, 5),
			.condition = PQgetvalue(res, i, 6),
			.triage = PQgetvalue(res, i, 7),
			.tree_version = PQgetvalue(res, i, 8),
			.uuid = PQgetvalue(res, i, 9),
			.kiosk = PQgetvalue(res, i, 10),
			.done_by = PQgetvalue(res, i, 11),
			.expires_at = strtoll(PQgetvalue(res, i, 12), NULL, 10),
			.answers = PQgetisnull(res, i, 13)
					   ? NULL
					   : PQgetvalue(res, i, 13),
		};

		stop = fn(&req, ctx);
	}
	PQclear(res);
	return stop;
}

/* Runs an UPDATE of request id ($1, and now as $2 when sql takes it):
 * the rows changed, or -1. */
static int64_t update_request(struct pg *store, const char *sql, int n,
			      int64_t id, int64_t now)
{
	char id_text[24], now_text[24];
	const char *params[2] = {int_text(id_text, id),
				 int_text(now_text, now)};
	PGresult *res = run(store, sql, n, params, PGRES_COMMAND_OK);
	int64_t changes;

	if (!res)
		return -1;
	changes = changed(res);
	PQclear(res);
	return changes;
}

static int64_t mark_done(struct store *base, int64_t id, int64_t now,
			 const char *by)
{
	(void)by;
	return update_request((struct pg *)base,
			      "UPDATE requests SET done_at = coalesce(done_at, "
			      "$2), done_by = CASE WHEN done_at IS NULL THEN "
			      "current_user ELSE done_by END WHERE id = $1",
			      2, id, now);
}

static int64_t reopen(struct store *base, int64_t id)
{
	return update_request((struct pg *)base,
			      "UPDATE requests SET done_at = NULL, done_by = "
			      "NULL WHERE id = $1",
			      1, id, 0);
}

static int purge(struct store *base, int64_t cutoff, bool is_expiry,
		 int64_t *deleted)
{
	struct pg *store = (struct pg *)base;
	char cutoff_text[24];
	const char *params[1] = {int_text(cutoff_text, cutoff)};
	PGresult *res =
		run(store,
		    is_expiry ? "DELETE FROM requests WHERE expires_at <= $1"
			      : "DELETE FROM requests WHERE created_at < $1",
		    1, params, PGRES_COMMAND_OK);

	if (!res)
		return -1;
	*deleted = changed(res);
	PQclear(res);
	return 0;
}

/* Runs a "SELECT label, count ... GROUP BY label" with the filter's since
 * and kiosk as $1 and $2 and collects the rows. Returns 0, or -1 with *out
 * NULL and *count 0. */
static int query_counts(struct pg *store, const char *sql,
			const char *const params[2], struct store_count **out,
			size_t *count)
{
	PGresult *res = run(store, sql, 2, params, PGRES_TUPLES_OK);
	size_t capacity = 0;

	*out = NULL;
	*count = 0;
	if (!res)
		return -1;
	for (int i = 0; i < PQntuples(res); i++)
		if (store_counts_add(&store->base, out, count, &capacity,
				     PQgetvalue(res, i, 0),
				     strtoll(PQgetvalue(res, i, 1), NULL,
					     10)) != 0) {
			store_counts_free(*out, *count);
			*out = NULL;
			*count = 0;
			PQclear(res);
			return -1;
		}
	PQclear(res);
	return 0;
}

/*
 * The figures a filter picks ($1 since, $2 kiosk), from the roll-ups: the
 * months after since's month, and the days of since's month from since
 * on (no since: every month). A few rows a day and a month per outcome,
 * however many sessions there were.
 */
#define PICKED                                                                 \
	"WITH picked AS (SELECT month, outcome, abandoned_at, triage, "        \
	"sessions, requests FROM session_months WHERE ($1::date IS NULL OR "   \
	"month > date_trunc('month', $1::date)) AND ($2::text IS NULL OR "     \
	"kiosk = $2) UNION ALL SELECT date_trunc('month', day)::date, "        \
	"outcome, abandoned_at, triage, sessions, requests FROM "              \
	"session_days WHERE $1::date IS NOT NULL AND day >= $1::date AND "     \
	"day < date_trunc('month', $1::date) + interval '1 month' AND "        \
	"($2::text IS NULL OR kiosk = $2)) "

/* The days a filter picks, for the trends by day and by week. */
#define PICKED_DAYS                                                            \
	" FROM session_days WHERE day >= coalesce($1::date, '-infinity') AND " \
	"($2::text IS NULL OR kiosk = $2) "

/* What each count reads: labels in byte order, as SQLite sorts them. */
static const char *const counts_sql[] = {
	[STORE_COUNT_TRIAGE] = PICKED STORE_TRIAGE_SQL,
	[STORE_COUNT_OUTCOMES] =
		PICKED STORE_LABELS_SQL("outcome", " COLLATE \"C\""),
	[STORE_COUNT_ABANDONED] =
		PICKED STORE_LABELS_SQL("abandoned_at", " COLLATE \"C\""),
	[STORE_COUNT_DAYS] = "SELECT to_char(day, 'YYYY-MM-DD'), "
			     "sum(sessions)" PICKED_DAYS
			     "GROUP BY 1 ORDER BY 1",
	[STORE_COUNT_WEEKS] = "SELECT to_char(date_trunc('week', day), "
			      "'YYYY-MM-DD'), sum(sessions)" PICKED_DAYS
			      "GROUP BY 1 ORDER BY 1",
	[STORE_COUNT_MONTHS] = PICKED "SELECT to_char(month, 'YYYY-MM'), "
				      "sum(sessions) FROM picked GROUP BY 1 "
				      "ORDER BY 1",
};

static int read_begin(struct store *base, const struct store_filter *filter)
{
	(void)filter;
	/* One snapshot, so that the figures agree with each other while
	 * kiosks write. */
	return exec((struct pg *)base,
		    "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
}

/* The filter's since and kiosk, as $1 and $2. */
#define FILTER_PARAMS(filter)                                                  \
	{                                                                      \
		(filter)->since, (filter)->kiosk                               \
	}

static int totals(struct store *base, const struct store_filter *filter,
		  struct store_stats *stats)
{
	static const char sql[] = PICKED STORE_TOTALS_SQL;
	const char *params[2] = FILTER_PARAMS(filter);
	PGresult *res = run((struct pg *)base, sql, 2, params, PGRES_TUPLES_OK);

	if (!res)
		return -1;
	stats->sessions = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	stats->completed = strtoll(PQgetvalue(res, 0, 1), NULL, 10);
	stats->requests = strtoll(PQgetvalue(res, 0, 2), NULL, 10);
	PQclear(res);
	return 0;
}

static int counts(struct store *base, enum store_counted what,
		  const struct store_filter *filter, struct store_count **out,
		  size_t *n)
{
	const char *params[2] = FILTER_PARAMS(filter);

	return query_counts((struct pg *)base, counts_sql[what], params, out,
			    n);
}

static int commit(struct store *base)
{
	return exec((struct pg *)base, "COMMIT");
}

static int schema_version_of(struct store *base)
{
	return schema_version((struct pg *)base);
}

/* How far back watch looks for rows committed late (an id taken before
 * one already shown): the ids shown above the floor are kept. */
enum { WATCH_WINDOW = 256 };

struct watched {
	int64_t floor;		     /* every id at or below it is shown */
	int64_t shown[WATCH_WINDOW]; /* ids above the floor shown */
	size_t count;
};

static bool watched_has(const struct watched *w, int64_t id)
{
	if (id <= w->floor)
		return true;
	for (size_t i = 0; i < w->count; i++)
		if (w->shown[i] == id)
			return true;
	return false;
}

/* Notes id as shown; the floor rises to keep the window's size. */
static void watched_add(struct watched *w, int64_t id)
{
	if (w->count == WATCH_WINDOW) {
		size_t lowest = 0;

		for (size_t i = 1; i < w->count; i++)
			if (w->shown[i] < w->shown[lowest])
				lowest = i;
		w->floor = w->shown[lowest];
		w->shown[lowest] = w->shown[--w->count];
	}
	w->shown[w->count++] = id;
}

/* Calls fn for the rows above each floor not yet shown, in the order of
 * their times. Returns fn's non-zero value, -1, or 0. */
static int watch_read(struct pg *store, struct watched seen[2],
		      int (*fn)(const struct store_event *ev, void *ctx),
		      void *ctx)
{
	static const char sql[] =
		"SELECT false, id, created_at, kiosk, triage, name FROM "
		"requests WHERE id > $1 UNION ALL SELECT true, id, created_at, "
		"kiosk, triage, NULL FROM alerts WHERE id > $2 ORDER BY 3, 2";
	char floors[2][24];
	const char *params[2] = {int_text(floors[0], seen[0].floor),
				 int_text(floors[1], seen[1].floor)};
	PGresult *res = run(store, sql, 2, params, PGRES_TUPLES_OK);
	int stop = 0;

	if (!res)
		return -1;
	for (int i = 0; i < PQntuples(res) && !stop; i++) {
		struct store_event ev = {
			.is_alert = strcmp(PQgetvalue(res, i, 0), "t") == 0,
			.id = strtoll(PQgetvalue(res, i, 1), NULL, 10),
			.created_at = strtoll(PQgetvalue(res, i, 2), NULL, 10),
			.kiosk = PQgetvalue(res, i, 3),
			.triage = PQgetvalue(res, i, 4),
			.name = PQgetisnull(res, i, 5) ? NULL
						       : PQgetvalue(res, i, 5),
		};
		struct watched *w = &seen[ev.is_alert];

		if (watched_has(w, ev.id))
			continue;
		watched_add(w, ev.id);
		stop = fn(&ev, ctx);
	}
	PQclear(res);
	return stop;
}

/* Waits up to 30 s for a notification; drains them. 0, or -1 when the
 * connection failed. */
static int watch_wait(struct pg *store)
{
	struct timeval tv = {.tv_sec = 30};
	int fd = PQsocket(store->conn);
	fd_set fds;
	PGnotify *n;

	if (fd < 0) {
		set_text_error(store, PQerrorMessage(store->conn));
		return -1;
	}
	FD_ZERO(&fds);
	FD_SET(fd, &fds);
	if (select(fd + 1, &fds, NULL, NULL, &tv) < 0 && errno != EINTR) {
		set_error(store, "%s", strerror(errno));
		return -1;
	}
	if (!PQconsumeInput(store->conn)) {
		set_text_error(store, PQerrorMessage(store->conn));
		return -1;
	}
	while ((n = PQnotifies(store->conn)) != NULL)
		PQfreemem(n);
	return 0;
}

/* At the start: the rows there before it are not shown, but a row added
 * since the floors were read is. */
struct watch_start {
	int64_t tops[2]; /* the highest ids when watch started */
	int (*fn)(const struct store_event *ev, void *ctx);
	void *ctx;
};

static int start_event(const struct store_event *ev, void *ctx)
{
	const struct watch_start *start = ctx;

	if (ev->id <= start->tops[ev->is_alert])
		return 0;
	return start->fn(ev, start->ctx);
}

static int watch(struct store *base,
		 int (*fn)(const struct store_event *ev, void *ctx), void *ctx)
{
	struct pg *store = (struct pg *)base;
	struct watched *seen = calloc(2, sizeof(*seen));
	struct watch_start start = {.fn = fn, .ctx = ctx};
	PGresult *res = NULL;
	int rc = -1;

	if (!seen) {
		set_error(store, "out of memory");
		return -1;
	}
	/* Listening first, then the floors: nothing falls between. */
	if (exec(store, "LISTEN runcheck") != 0)
		goto fail;
	res = run(store,
		  "SELECT (SELECT coalesce(max(id), 0) FROM requests), "
		  "(SELECT coalesce(max(id), 0) FROM alerts)",
		  0, NULL, PGRES_TUPLES_OK);
	if (!res)
		goto fail;
	/* A row committed late may hold an id below a floor: the window
	 * below it is watched too, what is there now taken as shown. */
	for (int i = 0; i < 2; i++) {
		start.tops[i] = strtoll(PQgetvalue(res, 0, i), NULL, 10);
		seen[i].floor = start.tops[i] > WATCH_WINDOW
					? start.tops[i] - WATCH_WINDOW
					: 0;
	}
	rc = watch_read(store, seen, start_event, &start);
	while (rc == 0) {
		rc = watch_wait(store);
		if (rc == 0)
			rc = watch_read(store, seen, fn, ctx);
	}

fail:
	PQclear(res);
	free(seen);
	return rc;
}

static const struct store_ops pg_ops = {
	STORE_ENGINE_OPS,
	.keeps_alerts = true,
};
