/*
 * store_engine.h - what each engine of the store (store.h) provides: the
 * body of struct store that every engine begins with, and the table of
 * functions through which store.c reaches the engine.
 *
 * Two engines: SQLite (store_sqlite.c), a file on this machine, and
 * PostgreSQL (store_pg.c), a server reached through libpq. store.c checks
 * what a caller gives (a request's fields, a session's figures) before an
 * engine sees it, so an engine only stores and reads.
 */
#ifndef RUNCHECK_STORE_ENGINE_H
#define RUNCHECK_STORE_ENGINE_H

#include "store.h"

struct store_ops;

/* The head of every engine's store: an engine's struct begins with it. */
struct store {
	const struct store_ops *ops;
	char errmsg[512];
};

/*
 * The rows the store writes, described once: each column of a request, a
 * session or an alert, in the order in which every engine's INSERT takes
 * them (store_insert_sql writes it), the outbox keeps them and its
 * forward reads them back.
 */
enum store_kind {
	STORE_TEXT, /* const char *, NULL as SQL NULL */
	STORE_DAY,  /* char[11]: a session's day */
	STORE_INT,  /* int64_t */
	STORE_FLAG, /* bool */
	STORE_UUID, /* const char *: the row's UUID, see struct store_row */
	STORE_KIOSK /* const char *: the kiosk's name, likewise */
};

struct store_column {
	const char *name;
	enum store_kind kind;
	size_t offset; /* in the table's struct */
};

struct store_table {
	const char *name;
	const struct store_column *columns;
	size_t count;
};

/* struct store_request (its id, done_at and done_by are not written),
 * struct store_session and struct store_alert. */
extern const struct store_table store_requests, store_sessions, store_alerts;

/* Any row of those tables. */
union store_item {
	struct store_request request;
	struct store_session session;
	struct store_alert alert;
};

/*
 * A row to write: its table, its struct, and the UUID and kiosk's name
 * written for it. The columns of kind STORE_UUID and STORE_KIOSK are
 * written where kiosks share a server (PostgreSQL, the outbox), not into
 * a SQLite store.
 */
struct store_row {
	const struct store_table *table;
	const union store_item *item;
	const char *uuid;
	const char *kiosk;
};

/* Most columns a table has. */
enum { STORE_MAX_COLUMNS = 16 };

/*
 * Checks item as store_add_request, store_add_session or store_add_alert
 * says and copies it to *out, a request's expiry filled in
 * (store_expiry_of). Returns 0, or -1 with store's message set.
 */
int store_check_row(struct store *store, const struct store_table *table,
		    const void *item, union store_item *out);

/* Sets *row to item of table, its UUID and kiosk's name its own (NULL
 * when it has none). */
void store_row_of(struct store_row *row, const struct store_table *table,
		  const union store_item *item);

/* A column's value in row: text (NULL for a NULL) of a text, day, UUID or
 * kiosk column; the number of an integer or flag (0 or 1). */
const char *store_column_text(const struct store_row *row,
			      const struct store_column *column);
int64_t store_column_int(const struct store_row *row,
			 const struct store_column *column);
bool store_column_is_text(const struct store_column *column);

/*
 * Writes to buf "INSERT INTO table (column, ...) VALUES (?, ...)" of the
 * table's columns, the UUID and kiosk's only when is_shared, then tail;
 * the values are numbered ($1, $2 ...: PostgreSQL's) when is_numbered.
 * Returns 0, or -1 (with store's message set) when buf is too small.
 */
int store_insert_sql(struct store *store, char *buf, size_t size,
		     const struct store_table *table, bool is_shared,
		     bool is_numbered, const char *tail);

/* What stats counts, by label: one statement of each engine's. */
enum store_counted {
	STORE_COUNT_TRIAGE,   /* any order */
	STORE_COUNT_OUTCOMES, /* the commonest first, then by label */
	STORE_COUNT_ABANDONED,
	STORE_COUNT_DAYS, /* the trends: labels oldest first */
	STORE_COUNT_WEEKS,
	STORE_COUNT_MONTHS,
};

/*
 * The statements of stats that both engines share. Each reads "picked":
 * the rows of the roll-ups that a filter picks, which an engine's PICKED
 * (a WITH, in its own SQL) defines.
 */
#define STORE_TOTALS_SQL                                                       \
	"SELECT coalesce(sum(sessions), 0), coalesce(sum(sessions) FILTER "    \
	"(WHERE outcome <> ''), 0), coalesce(sum(requests), 0) FROM picked"
#define STORE_TRIAGE_SQL                                                       \
	"SELECT triage, sum(sessions) FROM picked WHERE triage <> '' GROUP "   \
	"BY triage"
/* The counts of label, the commonest first, then by label as collate
 * says. */
#define STORE_LABELS_SQL(label, collate)                                       \
	"SELECT " label ", sum(sessions) AS n FROM picked WHERE " label        \
	" <> '' GROUP BY " label " ORDER BY n DESC, " label collate

/* The columns that every engine's each_request reads first, in this
 * order (0 to 8), then its own. */
#define STORE_REQUEST_COLUMNS                                                  \
	"id, created_at, coalesce(done_at, 0), name, contact, outcome, "       \
	"condition, triage, tree_version"

/* One engine. Each function behaves as its namesake in store.h says. */
struct store_ops {
	void (*free)(struct store *store);
	/* Adds a row (checked: store_check_row); sets *id, when not NULL,
	 * to a request's id. */
	int (*add)(struct store *store, const struct store_row *row,
		   int64_t *id);
	bool keeps_alerts;
	int (*each_request)(struct store *store, bool include_done,
			    int (*fn)(const struct store_request *req,
				      void *ctx),
			    void *ctx);
	/* store_mark_done and store_reopen: the rows changed, or -1. */
	int64_t (*mark_done)(struct store *store, int64_t id, int64_t now,
			     const char *by);
	int64_t (*reopen)(struct store *store, int64_t id);
	/* store_purge, or with is_expiry store_purge_expired. */
	int (*purge)(struct store *store, int64_t cutoff, bool is_expiry,
		     int64_t *deleted);
	/*
	 * store_stats_of, as one read of a database that a kiosk may be
	 * writing meanwhile: read_begin, then totals (stats' sessions,
	 * completed and requests) and counts (the rows of what, as
	 * store_counts_add makes them: *out NULL and *n 0 on failure), then
	 * commit, or rollback after a failure.
	 */
	int (*read_begin)(struct store *store,
			  const struct store_filter *filter);
	int (*totals)(struct store *store, const struct store_filter *filter,
		      struct store_stats *stats);
	int (*counts)(struct store *store, enum store_counted what,
		      const struct store_filter *filter,
		      struct store_count **out, size_t *n);
	int (*commit)(struct store *store);
	void (*rollback)(struct store *store);
	int (*schema_version)(struct store *store);
	int (*watch)(struct store *store,
		     int (*fn)(const struct store_event *ev, void *ctx),
		     void *ctx);
};

/*
 * The ops of an engine whose functions (static, in its file) are named
 * after them: free_store, add, each_request, mark_done, reopen, purge,
 * read_begin, totals, counts, commit, rollback, schema_version_of and
 * watch.
 */
#define STORE_ENGINE_OPS                                                       \
	.free = free_store, .add = add, .each_request = each_request,          \
	.mark_done = mark_done, .reopen = reopen, .purge = purge,              \
	.read_begin = read_begin, .totals = totals, .counts = counts,          \
	.commit = commit, .rollback = rollback,                                \
	.schema_version = schema_version_of, .watch = watch

/* Sets store's message from a printf format; a capital first letter
 * (not an acronym's) is lowered. */
void store_set_error(struct store *store, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * The kiosk's calls (store_save_request, store_save_session,
 * store_save_alert) for a PostgreSQL store: item (of table) committed to
 * the outbox with a new UUID and the kiosk's name, then forwarded with
 * whatever else waits. Returns 0 once the outbox has it (whether or not
 * the server was reached), or -1 with *errmsg a new message.
 */
int store_outbox_save(const char *uri, const struct store_table *table,
		      const void *item, char **errmsg);

/* Adds item of table, as store_add_request (with id), store_add_session or
 * store_add_alert does. */
int store_add_row(struct store *store, const struct store_table *table,
		  const void *item, int64_t *id);

/* Frees n counts and the array that holds them. */
void store_counts_free(struct store_count *rows, size_t n);

/*
 * Appends a count of label (copied; NULL as "") to *rows, which holds *n
 * of *capacity. Returns 0, or -1 (out of memory, said in store's message)
 * with *rows as it was.
 */
int store_counts_add(struct store *store, struct store_count **rows, size_t *n,
		     size_t *capacity, const char *label, int64_t count);

/*
 * What every SQLite file written here is set to (the store and the
 * outbox), once in write-ahead-log mode: a commit is on disk when it
 * returns, and a deleted row (a purged name, a forwarded row) is
 * overwritten, not left in a free page of the file.
 */
#define STORE_SQLITE_DURABLE                                                   \
	"PRAGMA synchronous = FULL;"                                           \
	"PRAGMA secure_delete = ON;"

struct sqlite3_stmt;

/* Binds row's columns to stmt's parameters from the first (the UUID and
 * kiosk's name only when is_shared), as store_insert_sql lists them. */
void store_sqlite_bind(struct sqlite3_stmt *stmt, const struct store_row *row,
		       bool is_shared);

/*
 * Makes sure path exists as a regular file of mode 0600, in directories
 * made with mode 0700 when missing, before SQLite opens it. Returns 0, or
 * -1 with store's message set.
 */
int store_sqlite_create_file(struct store *store, const char *path);

/*
 * The engines' openers, as store_open says: each returns STORE_OK with
 * *out set, or a status with *out NULL and store's message in *errmsg.
 */
enum store_status store_sqlite_open(const char *path, enum store_open_mode mode,
				    struct store **out, char **errmsg);
enum store_status store_pg_open(const char *uri, enum store_open_mode mode,
				struct store **out, char **errmsg);

#endif
