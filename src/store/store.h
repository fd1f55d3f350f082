/*
 * store.h - the kiosk's database: booking requests ("contact me", with the
 * person's consent) and the figures of every kiosk session, in SQLite (a
 * file on the kiosk) or PostgreSQL (a server the clinic's kiosks and front
 * desk share). Both engines behave the same through this interface, but
 * where a PostgreSQL paragraph below says otherwise.
 *
 * A request holds when it was made, the name and contact the person typed,
 * and the outcome id, condition, triage and tree version of the result it
 * was made from; the answers to the questions only when the person agreed
 * that the clinician may see them (answers), and nothing of them else. A session's figures hold
 * its local date (not the time of day, so that a session cannot be matched
 * to a request by its time), its outcome or the question it was abandoned
 * at, its triage, the tree version, the number of answers, how long it
 * took and whether a request was taken; nothing personal.
 *
 * The database file is created with mode 0600, in a directory created with
 * mode 0700 when missing. It runs in WAL mode with synchronous=FULL and a
 * busy timeout, so that staff commands can read while a kiosk writes, and
 * every write is one transaction: after a crash, every write whose
 * function returned 0 is there and nothing half-written is. The schema's
 * version is PRAGMA user_version; opening an older database migrates it
 * (version 1: requests only; version 2: a done_at column in requests and
 * the sessions table; version 3: the sessions' daily and monthly
 * roll-ups, kept by a trigger, that stats reads; version 4: who marked
 * a request done, done_by; version 5: when each request expires,
 * expires_at, set for the requests already there to 90 days after they
 * were made; version 6: the answers a patient let the clinician see).
 *
 * PostgreSQL: the database is a libpq connection URI (postgresql://... or
 * postgres://..., every libpq parameter and PG* variable honoured). Only
 * store_pg_init creates or migrates its schema (STORE_PG_SCHEMA_VERSION, in
 * the table runcheck_schema); store_open refuses a database of another
 * version, saying to run "runcheck db init". Every row carries a UUID made
 * where it was created, and a second insert of the same UUID is ignored,
 * so a kiosk never needs to read back what it wrote.
 *
 * Nothing here prints. A function that fails returns -1 (or STORE_ERROR)
 * and leaves a message (lowercase, no full stop) in store_errmsg; the
 * caller writes it as "runcheck: database 'FILE': MESSAGE".
 */
#ifndef RUNCHECK_STORE_H
#define RUNCHECK_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "clinic.h"

/* Where the database is when neither --db nor $RUNCHECK_DB says. */
#define STORE_DEFAULT_PATH "/var/lib/runcheck/runcheck.db"

/* A kiosk's outbox when --outbox does not say (store_outbox_setup). */
#define STORE_DEFAULT_OUTBOX "/var/lib/runcheck/outbox.db"

/* The schema version this code writes and the first one it reads. */
#define STORE_SCHEMA_VERSION 6

/* The same on PostgreSQL, whose schema has its own history. */
#define STORE_PG_SCHEMA_VERSION 6

/* A UUID as text, with its NUL. */
#define STORE_UUID_SIZE 37

/* Longest name and contact a request may hold, in bytes. */
#define STORE_MAX_NAME	  400 /* 100 characters of up to 4 bytes */
#define STORE_MAX_CONTACT 254 /* an email address's limit */

/* Digits a phone number has, from the shortest national number to the
 * longest international one (E.164): store_contact_is_phone. */
#define STORE_MIN_PHONE_DIGITS 8
#define STORE_MAX_PHONE_DIGITS 15

/* How long a request is kept when the clinic file does not say
 * (retention_days), in days: the clinic's default. */
#define STORE_DEFAULT_RETENTION_DAYS CLINIC_DEFAULT_RETENTION_DAYS

/* How long a write waits for another writer before it fails. */
#define STORE_BUSY_MS 5000

enum store_status {
	STORE_OK = 0,
	STORE_ERROR,	 /* the database failed; store_errmsg says why */
	STORE_NOT_FOUND, /* no request has that id */
	STORE_MISSING,	 /* STORE_EXISTING and no file at the path */
};

enum store_open_mode {
	STORE_CREATE,	/* create the file (and directory) if missing */
	STORE_EXISTING, /* only an existing file: staff commands that write */
	STORE_READ,	/* an existing file, read only (below) */
};

/* A booking request, as stored. Strings are borrowed or owned as each
 * function says. */
struct store_request {
	int64_t id;	    /* set by the store */
	int64_t created_at; /* seconds since the epoch */
	int64_t done_at;    /* 0 while the request is open */
	int64_t expires_at; /* when purge deletes it, seconds since the
				epoch; 0 when adding: created_at plus
				STORE_DEFAULT_RETENTION_DAYS */
	/* The walk as the patient saw it (result_walk_json's JSON text),
	 * kept only when the patient agreed that the clinician may see
	 * it; NULL otherwise. */
	const char *answers;
	const char *done_by; /* who marked it done ("" while open): the
				staff member's login (SQLite) or database
				role (PostgreSQL) */
	const char *name;
	const char *contact;
	const char *outcome;   /* outcome id */
	const char *condition; /* the outcome's condition */
	const char *triage;    /* "consult" or "self_care" */
	const char *tree_version;
	/* PostgreSQL only (NULL on SQLite): the request's UUID (NULL when
	 * adding: one is made) and the kiosk's name (NULL when adding: the
	 * host name). */
	const char *uuid;
	const char *kiosk;
};

/* The figures of one kiosk session. */
struct store_session {
	char day[11];		  /* local date, YYYY-MM-DD */
	const char *outcome;	  /* outcome id, NULL when abandoned */
	const char *abandoned_at; /* question id, NULL when finished */
	const char *triage;	  /* NULL when abandoned */
	const char *tree_version;
	int64_t answers;   /* steps of the walk */
	int64_t duration;  /* seconds */
	bool has_request;  /* a booking request was stored */
	const char *uuid;  /* as in store_request */
	const char *kiosk; /* as in store_request */
};

/* A kiosk's alert to the front desk: an emergency or urgent result, with
 * nothing personal (PostgreSQL only). */
struct store_alert {
	int64_t created_at;
	const char *triage; /* "emergency" or "urgent" */
	const char *uuid;   /* as in store_request */
	const char *kiosk;  /* as in store_request */
};

/* What requests watch shows: a new request or alert. Strings are valid
 * during the call only; kiosk is "" on SQLite, name NULL for an alert. */
struct store_event {
	bool is_alert;
	int64_t id;
	int64_t created_at;
	const char *kiosk;
	const char *triage;
	const char *name;
};

/* One row of a count: a label (an outcome id, a question id, a triage
 * word) and how many sessions had it. */
struct store_count {
	char *label;
	int64_t count;
};

/* What stats counts: sessions on or after since (YYYY-MM-DD; NULL for
 * all), of the kiosk named kiosk (NULL for all; PostgreSQL only), and
 * with by, the sessions in each day, week (from Monday, labelled with
 * its Monday's date) or month (YYYY-MM) too. */
enum store_period {
	STORE_BY_NONE,
	STORE_BY_DAY,
	STORE_BY_WEEK,
	STORE_BY_MONTH
};

struct store_filter {
	const char *since;
	const char *kiosk;
	enum store_period by;
};

/* What runcheck stats shows. Owned by the caller: store_stats_clear. */
struct store_stats {
	int64_t sessions;
	int64_t completed;
	int64_t requests;
	struct store_count triage[5]; /* emergency .. self_care, in order */
	struct store_count *outcomes; /* most first, then by label */
	size_t outcome_count;
	struct store_count *abandoned; /* question ids, most first */
	size_t abandoned_count;
	struct store_count *trend; /* periods, oldest first (filter's by) */
	size_t trend_count;
};

struct store;

/*
 * The database path: option when not NULL, else $RUNCHECK_DB when set and
 * not empty, else STORE_DEFAULT_PATH. The string is borrowed.
 */
const char *store_path(const char *option);

/* True when path is a PostgreSQL connection URI, not a file's path. */
bool store_is_uri(const char *path);

/*
 * Opens the database at path, creating it first with STORE_CREATE, and
 * brings its schema up to STORE_SCHEMA_VERSION. Returns STORE_OK with *out
 * set to a new store (store_free), or STORE_MISSING, or STORE_ERROR; on
 * failure *out is NULL and *errmsg (when errmsg is not NULL) is a new
 * message the caller frees.
 *
 * STORE_READ is for the staff commands that only read, so that the
 * requests can be read when nothing can be written: on a read-only file,
 * directory or file system, or a full disk. It opens the file read-only;
 * SQLite then reads a WAL database through its -shm file, which must
 * exist (it does while a writer has the database open, or after a crash)
 * or be made beside it (the directory writable). Failing that:
 *   - on a full disk, it opens the file in exclusive locking mode, which
 *     needs no -shm file: a writer waits for the read (up to its busy
 *     timeout), and the connection runs no statement that writes
 *     (query_only);
 *   - on a read-only file system with no -wal file, it opens the file as
 *     immutable: nothing can write there, and without a -wal file the
 *     file holds every committed write. (Immutable is never used where a
 *     kiosk could be writing: it would read past a write in progress.)
 * Otherwise the message says why. A store opened so refuses writes. A
 * database of an older schema is migrated first, which needs write
 * access.
 *
 * Messages are SQLite's, but "the disk is full" (and "the disk quota is
 * exceeded") when it is, whatever SQLite calls it.
 *
 * PostgreSQL: STORE_CREATE and STORE_EXISTING connect alike (the schema is
 * store_pg_init's to make, and STORE_MISSING is never returned); STORE_READ
 * makes every transaction read-only. Messages are the server's or libpq's,
 * on one line.
 */
enum store_status store_open(const char *path, enum store_open_mode mode,
			     struct store **out, char **errmsg);

/* Closes the database. store_free(NULL) does nothing. */
void store_free(struct store *store);

/* The message of the last failure on store; valid until the next call. */
const char *store_errmsg(const struct store *store);

/*
 * Adds a request in one transaction and sets *id (when not NULL) to its
 * id. The triage must be consult or self_care: any other is refused.
 * PostgreSQL: setting *id needs the right to read requests' ids, which a
 * kiosk's role has not (a kiosk passes NULL); with id NULL, a request whose
 * UUID is already stored is not stored again, and that is a success.
 * created_at is taken from req; done_at and id are ignored. Returns 0, or
 * -1 when refused or when the database failed.
 */
int store_add_request(struct store *store, const struct store_request *req,
		      int64_t *id);

/*
 * Calls fn for each request, newest first (by time, then by id): only the
 * open ones unless include_done. The request and its strings are valid
 * during the call only. Stops when fn returns non-zero and returns that
 * value; returns -1 when the database failed, else 0.
 */
int store_each_request(struct store *store, bool include_done,
		       int (*fn)(const struct store_request *req, void *ctx),
		       void *ctx);

/*
 * Marks request id done at the time now, by the staff member whose login
 * is by (SQLite; NULL records no one). PostgreSQL records the database
 * role that marks it (current_user) instead: a role cannot claim to be
 * another. A request already done keeps the time and the person it was
 * first marked by. Returns STORE_OK, STORE_NOT_FOUND or STORE_ERROR.
 */
enum store_status store_mark_done(struct store *store, int64_t id, int64_t now,
				  const char *by);

/*
 * Opens request id again (a done marked by mistake): its done_at and
 * done_by are cleared. A request still open stays so. Returns STORE_OK,
 * STORE_NOT_FOUND or STORE_ERROR.
 */
enum store_status store_reopen(struct store *store, int64_t id);

/*
 * Deletes every request made before cutoff (seconds since the epoch),
 * open or done, in one transaction, and sets *deleted to how many. The
 * sessions' figures stay. Returns 0 or -1.
 */
int store_purge(struct store *store, int64_t cutoff, int64_t *deleted);

/* As store_purge, for the requests whose expires_at is at or before now:
 * those past the clinic's retention period. */
int store_purge_expired(struct store *store, int64_t now, int64_t *deleted);

/* True when store_purge (is_expiry false, with cutoff) or
 * store_purge_expired (is_expiry true, with now as cutoff) deletes req. */
bool store_is_purged(const struct store_request *req, int64_t cutoff,
		     bool is_expiry);

/* When req expires: its expires_at, or when 0 created_at plus
 * STORE_DEFAULT_RETENTION_DAYS. */
int64_t store_expiry_of(const struct store_request *req);

/* Adds a session's figures in one transaction. Returns 0 or -1. On
 * PostgreSQL, a session whose UUID is already stored is not stored again,
 * and that is a success. */
int store_add_session(struct store *store, const struct store_session *session);

/*
 * Counts the sessions on or after since (YYYY-MM-DD; NULL for all).
 * Returns 0 with *stats filled (store_stats_clear), or -1 with *stats
 * empty.
 */
int store_stats(struct store *store, const char *since,
		struct store_stats *stats);

/*
 * As store_stats, for the sessions that filter picks, with the trend its
 * by asks for. A SQLite store records no kiosk names: a kiosk is refused.
 */
int store_stats_of(struct store *store, const struct store_filter *filter,
		   struct store_stats *stats);

/* Frees what store_stats filled in and zeroes it. */
void store_stats_clear(struct store_stats *stats);

/*
 * The schema version of the open database (PRAGMA user_version): after
 * store_open, STORE_SCHEMA_VERSION (on PostgreSQL,
 * STORE_PG_SCHEMA_VERSION). -1 when the database failed.
 */
int store_schema_version(struct store *store);

/*
 * Creates or migrates the schema of the PostgreSQL database at uri to
 * STORE_PG_SCHEMA_VERSION, in one transaction under an advisory lock that
 * every store_pg_init takes (so two at once are safe, and the second finds
 * the work done), and grants least privilege to kiosk_role and staff_role
 * when not NULL (roles that exist; each first loses every right it had on
 * runcheck's tables):
 *   - the kiosk's role may read the schema version and add requests,
 *     sessions' figures and alerts, and read nothing else;
 *   - the staff's role may read everything, mark requests done and purge
 *     them.
 * Sets *from to the version found (0: none). Returns 0, or -1 with *errmsg
 * a new message the caller frees.
 */
int store_pg_init(const char *uri, const char *kiosk_role,
		  const char *staff_role, int *from, char **errmsg);

/*
 * Writes a new random (version 4) UUID into out. Returns 0, or -1 when the
 * system gives no random numbers.
 */
int store_make_uuid(char out[STORE_UUID_SIZE]);

/*
 * True when s is a real calendar date written YYYY-MM-DD (years 1970 to
 * 9999), as stats --since takes.
 */
bool store_is_date(const char *s);

/*
 * True when a request's contact is a plausible phone number: 8 to 15
 * digits (STORE_MIN_PHONE_DIGITS, STORE_MAX_PHONE_DIGITS), with spaces,
 * dashes and parentheses between them and an optional leading +. The
 * kiosk takes a phone number or an email address (offer.h).
 */
bool store_contact_is_phone(const char *contact);

/*
 * For the kiosk, whose every session is its own process: open the
 * database at path (STORE_CREATE), add one request or one session's
 * figures, close it. Returns 0, or -1 with *errmsg (when errmsg is not
 * NULL) set to a new message the caller frees.
 *
 * PostgreSQL: the request or figures are first committed to the kiosk's
 * outbox (store_outbox_setup), a SQLite file on the kiosk, with a new UUID
 * and the kiosk's name; then everything in the outbox is forwarded to the
 * server (store_outbox_forward). They return 0 once the outbox has the
 * row, whether or not the server could be reached: it gets the row at a
 * later forward. *id is not set.
 */
int store_save_request(const char *path, const struct store_request *req,
		       int64_t *id, char **errmsg);
int store_save_session(const char *path, const struct store_session *session,
		       char **errmsg);

/*
 * Adds an alert (store_alert) in one transaction; on PostgreSQL only (a
 * SQLite store refuses: it keeps no alerts), and a second insert of the
 * same UUID is ignored. Returns 0 or -1.
 */
int store_add_alert(struct store *store, const struct store_alert *alert);

/*
 * For the kiosk: records an alert of triage at the time created_at. On
 * PostgreSQL, through the outbox, as store_save_request; returns 0 once
 * the outbox has it. A SQLite store keeps no alerts: returns 1 and does
 * nothing. -1 with *errmsg (when not NULL) a new message.
 */
int store_save_alert(const char *path, const char *triage, int64_t created_at,
		     char **errmsg);

/*
 * Calls fn for each request (and, on PostgreSQL, each alert) added from
 * now on, in the order they were committed, as each arrives, until fn
 * returns non-zero (that value is returned) or the database fails (-1).
 * PostgreSQL: LISTEN for the notification that a trigger sends when a
 * row is added, which carries only the table's name: the rows are read
 * here, with this store's rights (the staff's), and every 30 s anyway.
 * SQLite: PRAGMA data_version, read every 250 ms.
 */
int store_watch(struct store *store,
		int (*fn)(const struct store_event *ev, void *ctx), void *ctx);

/* What waits in an outbox. */
struct store_waiting {
	int64_t requests;
	int64_t sessions;
	int64_t alerts;
};

/*
 * Sets, for this process and the processes it forks, the kiosk's name
 * recorded with each row it forwards (NULL: the host name, as the server
 * sees it) and its outbox (NULL: STORE_DEFAULT_OUTBOX). The strings are
 * borrowed for as long as the process saves or forwards. With
 * forward_in_background, the forward that follows each save runs in a
 * process of its own that the save does not wait for (the save forks, and
 * reaps its child at once): a kiosk then never makes a patient wait for
 * the network. Otherwise the save forwards before it returns.
 */
void store_outbox_setup(const char *name, const char *path,
			bool forward_in_background);

/* The outbox that store_outbox_setup set. */
const char *store_outbox_path(void);

/*
 * Forwards everything in the outbox to the PostgreSQL database at uri,
 * oldest first, requests before sessions. Each row is deleted from the
 * outbox (secure_delete: overwritten) as soon as the server has committed
 * it, and the outbox's write-ahead log is then truncated, so the outbox
 * holds only what the server has not received. Exactly once: a row sent
 * again (the kiosk killed between the server's commit and the delete)
 * carries the same UUID, which the server ignores. A missing outbox holds
 * nothing and is not made. Sets *left (when not NULL) to what still
 * waits. Returns 0, or -1 (the server unreachable, the outbox unreadable)
 * with *errmsg (when not NULL) a new message.
 */
int store_outbox_forward(const char *uri, struct store_waiting *left,
			 char **errmsg);

/* Counts what waits in the outbox without sending it. Returns 0, or -1
 * with *errmsg a new message. */
int store_outbox_waiting(struct store_waiting *w, char **errmsg);

#endif
