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

/* One engine. Each function behaves as its namesake in store.h says. */
struct store_ops {
	void (*free)(struct store *store);
	int (*add_request)(struct store *store,
			   const struct store_request *req, int64_t *id);
	int (*each_request)(struct store *store, bool include_done,
			    int (*fn)(const struct store_request *req,
				      void *ctx),
			    void *ctx);
	enum store_status (*mark_done)(struct store *store, int64_t id,
				       int64_t now, const char *by);
	enum store_status (*reopen)(struct store *store, int64_t id);
	/* store_purge, or with is_expiry store_purge_expired. */
	int (*purge)(struct store *store, int64_t cutoff, bool is_expiry,
		     int64_t *deleted);
	int (*add_session)(struct store *store,
			   const struct store_session *session);
	/*
	 * Fills stats but its triage, and sets *triage to the sessions
	 * counted by triage word (any order; store_counts_free), as one read
	 * of a database that a kiosk may be writing meanwhile.
	 */
	int (*stats)(struct store *store, const struct store_filter *filter,
		     struct store_stats *stats, struct store_count **triage,
		     size_t *triage_count);
	int (*schema_version)(struct store *store);
	/* NULL on an engine that keeps no alerts. */
	int (*add_alert)(struct store *store, const struct store_alert *alert);
	int (*watch)(struct store *store,
		     int (*fn)(const struct store_event *ev, void *ctx),
		     void *ctx);
};

/* Sets store's message from a printf format; a capital first letter
 * (not an acronym's) is lowered. */
void store_set_error(struct store *store, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Checks what store_add_request and store_add_session take, as they say:
 * 0, or -1 with store's message set. */
int store_check_request(struct store *store, const struct store_request *req);
int store_check_session(struct store *store,
			const struct store_session *session);
int store_check_alert(struct store *store, const struct store_alert *alert);

/*
 * The kiosk's calls (store_save_request, store_save_session) for a
 * PostgreSQL store: the row committed to the outbox with a new UUID and
 * the kiosk's name, then forwarded with whatever else waits. Returns 0
 * once the outbox has it (whether or not the server was reached), or -1
 * with *errmsg a new message.
 */
int store_outbox_save_request(const char *uri,
			      const struct store_request *req, char **errmsg);
int store_outbox_save_session(const char *uri,
			      const struct store_session *session,
			      char **errmsg);
int store_outbox_save_alert(const char *uri, const struct store_alert *alert,
			    char **errmsg);

/* Frees n counts and the array that holds them. */
void store_counts_free(struct store_count *rows, size_t n);

/*
 * Appends a count of label (copied; NULL as "") to *rows, which holds *n
 * of *capacity. Returns 0, or -1 (out of memory, said in store's message)
 * with *rows as it was.
 */
int store_counts_add(struct store *store, struct store_count **rows,
		     size_t *n, size_t *capacity, const char *label,
		     int64_t count);

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
enum store_status store_sqlite_open(const char *path,
				    enum store_open_mode mode,
				    struct store **out, char **errmsg);
enum store_status store_pg_open(const char *uri, enum store_open_mode mode,
				struct store **out, char **errmsg);

#endif
