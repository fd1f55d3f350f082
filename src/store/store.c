/*
 * store.c - booking requests and session figures: what both engines share
 * (the checks of what is stored, the figures of a walk, the path or URI)
 * and the calls that reach the engine of an open store.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "store_engine.h"
#include "tree.h"

void store_set_error(struct store *store, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(store->errmsg, sizeof(store->errmsg), fmt, ap);
	va_end(ap);
	/* Messages are lowercase, as strerror's and SQLite's are not
	 * always; an acronym ("SQL logic error") stays as it is. */
	if (store->errmsg[0] >= 'A' && store->errmsg[0] <= 'Z' &&
	    !(store->errmsg[1] >= 'A' && store->errmsg[1] <= 'Z'))
		store->errmsg[0] = (char)(store->errmsg[0] - 'A' + 'a');
}

const char *store_errmsg(const struct store *store)
{
	return store->errmsg;
}

const char *store_path(const char *option)
{
	const char *env;

	if (option)
		return option;
	env = getenv("RUNCHECK_DB");
	if (env && *env)
		return env;
	return STORE_DEFAULT_PATH;
}

bool store_is_uri(const char *path)
{
	return strncmp(path, "postgresql://", 13) == 0 ||
	       strncmp(path, "postgres://", 11) == 0;
}

enum store_status store_open(const char *path, enum store_open_mode mode,
			     struct store **out, char **errmsg)
{
	if (store_is_uri(path))
		return store_pg_open(path, mode, out, errmsg);
	return store_sqlite_open(path, mode, out, errmsg);
}

void store_free(struct store *store)
{
	if (store)
		store->ops->free(store);
}

int store_make_uuid(char out[STORE_UUID_SIZE])
{
	unsigned char b[16];
	size_t n = 0;

	while (n < sizeof(b)) {
		ssize_t got = getrandom(b + n, sizeof(b) - n, 0);

		if (got < 0 && errno != EINTR)
			return -1;
		if (got > 0)
			n += (size_t)got;
	}
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* version 4 */
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* RFC 4122 variant */
	snprintf(out, STORE_UUID_SIZE,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
		 "%02x%02x%02x%02x%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9],
		 b[10], b[11], b[12], b[13], b[14], b[15]);
	return 0;
}

/* A column of each table's struct: its name, its kind (STORE_kind) and
 * where it is in the struct. */
#define REQUEST(field, kind)                                                   \
	{                                                                      \
#field, STORE_##kind, offsetof(struct store_request, field)    \
	}
#define SESSION(field, kind)                                                   \
	{                                                                      \
#field, STORE_##kind, offsetof(struct store_session, field)    \
	}
#define ALERT(field, kind)                                                     \
	{                                                                      \
#field, STORE_##kind, offsetof(struct store_alert, field)      \
	}
#define TABLE(name, columns)                                                   \
	{                                                                      \
		name, columns, sizeof(columns) / sizeof(*(columns))            \
	}

static const struct store_column request_columns[] = {
	REQUEST(uuid, UUID),	REQUEST(created_at, INT),
	REQUEST(name, TEXT),	REQUEST(contact, TEXT),
	REQUEST(outcome, TEXT), REQUEST(condition, TEXT),
	REQUEST(triage, TEXT),	REQUEST(tree_version, TEXT),
	REQUEST(kiosk, KIOSK),	REQUEST(expires_at, INT),
	REQUEST(answers, TEXT)};

static const struct store_column session_columns[] = {
	SESSION(uuid, UUID),	    SESSION(day, DAY),
	SESSION(outcome, TEXT),	    SESSION(abandoned_at, TEXT),
	SESSION(triage, TEXT),	    SESSION(tree_version, TEXT),
	SESSION(answers, INT),	    SESSION(duration, INT),
	SESSION(has_request, FLAG), SESSION(kiosk, KIOSK)};

static const struct store_column alert_columns[] = {ALERT(uuid, UUID),
						    ALERT(created_at, INT),
						    ALERT(triage, TEXT),
						    ALERT(kiosk, KIOSK)};

const struct store_table store_requests = TABLE("requests", request_columns);
const struct store_table store_sessions = TABLE("sessions", session_columns);
const struct store_table store_alerts = TABLE("alerts", alert_columns);

#define FITS(columns)                                                          \
	(sizeof(columns) / sizeof(*(columns)) <= STORE_MAX_COLUMNS)
_Static_assert(FITS(request_columns) && FITS(session_columns) &&
		       FITS(alert_columns),
	       "STORE_MAX_COLUMNS holds every table's columns");

/* The field of item that column describes. */
static const void *field_of(const union store_item *item,
			    const struct store_column *column)
{
	return (const char *)item + column->offset;
}

void store_row_of(struct store_row *row, const struct store_table *table,
		  const union store_item *item)
{
	row->table = table;
	row->item = item;
	row->uuid = NULL;
	row->kiosk = NULL;
	for (size_t i = 0; i < table->count; i++) {
		const struct store_column *c = &table->columns[i];

		if (c->kind == STORE_UUID)
			row->uuid = *(const char *const *)field_of(item, c);
		else if (c->kind == STORE_KIOSK)
			row->kiosk = *(const char *const *)field_of(item, c);
	}
}

bool store_column_is_text(const struct store_column *column)
{
	return column->kind != STORE_INT && column->kind != STORE_FLAG;
}

const char *store_column_text(const struct store_row *row,
			      const struct store_column *column)
{
	switch (column->kind) {
	case STORE_UUID:
		return row->uuid;
	case STORE_KIOSK:
		return row->kiosk;
	case STORE_DAY:
		return field_of(row->item, column);
	default:
		return *(const char *const *)field_of(row->item, column);
	}
}

int64_t store_column_int(const struct store_row *row,
			 const struct store_column *column)
{
	if (column->kind == STORE_FLAG)
		return *(const bool *)field_of(row->item, column);
	return *(const int64_t *)field_of(row->item, column);
}

int store_insert_sql(struct store *store, char *buf, size_t size,
		     const struct store_table *table, bool is_shared,
		     bool is_numbered, const char *tail)
{
	size_t n = (size_t)snprintf(buf, size, "INSERT INTO %s (", table->name);
	int values = 0;

	for (size_t i = 0; i < table->count && n < size; i++) {
		const struct store_column *c = &table->columns[i];

		if (is_shared ||
		    (c->kind != STORE_UUID && c->kind != STORE_KIOSK))
			n += (size_t)snprintf(buf + n, size - n, "%s%s",
					      values++ ? ", " : "", c->name);
	}
	for (int v = 1; v <= values && n < size; v++) {
		if (is_numbered)
			n += (size_t)snprintf(buf + n, size - n, "%s$%d",
					      v == 1 ? ") VALUES (" : ", ", v);
		else
			n += (size_t)snprintf(buf + n, size - n, "%s?",
					      v == 1 ? ") VALUES (" : ", ");
	}
	if (n < size)
		n += (size_t)snprintf(buf + n, size - n, ")%s", tail);
	if (n < size)
		return 0;
	store_set_error(store, "the statement for %s is too long", table->name);
	return -1;
}

static bool is_text(const char *s, size_t max)
{
	return s && *s && strlen(s) <= max;
}

static bool is_bookable(const char *triage)
{
	return triage && (strcmp(triage, "consult") == 0 ||
			  strcmp(triage, "self_care") == 0);
}

static int check_request(struct store *store, const struct store_request *req)
{
	if (!is_bookable(req->triage)) {
		store_set_error(store, "refused a request for triage '%s'",
				req->triage ? req->triage : "");
		return -1;
	}
	if (!is_text(req->name, STORE_MAX_NAME) ||
	    !is_text(req->contact, STORE_MAX_CONTACT) ||
	    !is_text(req->outcome, 1024) || !is_text(req->condition, 65536) ||
	    !is_text(req->tree_version, 1024) ||
	    (req->answers && !is_text(req->answers, 1 << 20))) {
		store_set_error(store, "refused a request with a missing or "
				       "too long field");
		return -1;
	}
	if (req->expires_at && req->expires_at <= req->created_at) {
		store_set_error(store, "refused a request that expires before "
				       "it is made");
		return -1;
	}
	return 0;
}

int store_each_request(struct store *store, bool include_done,
		       int (*fn)(const struct store_request *req, void *ctx),
		       void *ctx)
{
	return store->ops->each_request(store, include_done, fn, ctx);
}

/* What an update of request id that changed n rows (-1: it failed)
 * returns. */
static enum store_status updated(struct store *store, int64_t id, int64_t n)
{
	if (n < 0)
		return STORE_ERROR;
	if (n == 0) {
		store_set_error(store, "no request %lld", (long long)id);
		return STORE_NOT_FOUND;
	}
	return STORE_OK;
}

enum store_status store_mark_done(struct store *store, int64_t id, int64_t now,
				  const char *by)
{
	return updated(store, id, store->ops->mark_done(store, id, now, by));
}

enum store_status store_reopen(struct store *store, int64_t id)
{
	return updated(store, id, store->ops->reopen(store, id));
}

int store_purge(struct store *store, int64_t cutoff, int64_t *deleted)
{
	*deleted = 0;
	return store->ops->purge(store, cutoff, false, deleted);
}

int store_purge_expired(struct store *store, int64_t now, int64_t *deleted)
{
	*deleted = 0;
	return store->ops->purge(store, now, true, deleted);
}

bool store_is_purged(const struct store_request *req, int64_t cutoff,
		     bool is_expiry)
{
	return is_expiry ? store_expiry_of(req) <= cutoff
			 : req->created_at < cutoff;
}

int64_t store_expiry_of(const struct store_request *req)
{
	if (req->expires_at)
		return req->expires_at;
	return req->created_at + (int64_t)STORE_DEFAULT_RETENTION_DAYS * 86400;
}

static int check_session(struct store *store,
			 const struct store_session *session)
{
	if (!store_is_date(session->day) || !session->tree_version ||
	    !session->outcome == !session->abandoned_at) {
		store_set_error(store,
				"refused session figures that do not fit");
		return -1;
	}
	return 0;
}

static int check_alert(struct store *store, const struct store_alert *alert)
{
	if (!alert->triage || (strcmp(alert->triage, "emergency") != 0 &&
			       strcmp(alert->triage, "urgent") != 0)) {
		store_set_error(store, "refused an alert for triage '%s'",
				alert->triage ? alert->triage : "");
		return -1;
	}
	return 0;
}

int store_check_row(struct store *store, const struct store_table *table,
		    const void *item, union store_item *out)
{
	int rc;

	if (table == &store_requests) {
		rc = check_request(store, item);
		out->request = *(const struct store_request *)item;
		out->request.expires_at = store_expiry_of(item);
	} else if (table == &store_sessions) {
		rc = check_session(store, item);
		out->session = *(const struct store_session *)item;
	} else {
		rc = check_alert(store, item);
		out->alert = *(const struct store_alert *)item;
	}
	return rc;
}

int store_add_row(struct store *store, const struct store_table *table,
		  const void *item, int64_t *id)
{
	union store_item checked;
	struct store_row row;

	if (table == &store_alerts && !store->ops->keeps_alerts) {
		store_set_error(store, "this database keeps no alerts");
		return -1;
	}
	if (store_check_row(store, table, item, &checked) != 0)
		return -1;
	store_row_of(&row, table, &checked);
	return store->ops->add(store, &row, id);
}

int store_add_request(struct store *store, const struct store_request *req,
		      int64_t *id)
{
	return store_add_row(store, &store_requests, req, id);
}

int store_add_session(struct store *store, const struct store_session *session)
{
	return store_add_row(store, &store_sessions, session, NULL);
}

int store_add_alert(struct store *store, const struct store_alert *alert)
{
	return store_add_row(store, &store_alerts, alert, NULL);
}

int store_watch(struct store *store,
		int (*fn)(const struct store_event *ev, void *ctx), void *ctx)
{
	return store->ops->watch(store, fn, ctx);
}

void store_counts_free(struct store_count *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(rows[i].label);
	free(rows);
}

int store_counts_add(struct store *store, struct store_count **rows, size_t *n,
		     size_t *capacity, const char *label, int64_t count)
{
	char *copy = strdup(label ? label : "");

	if (!copy)
		goto nomem;
	if (*n == *capacity) {
		size_t grown_capacity = *capacity ? *capacity * 2 : 16;
		struct store_count *grown =
			realloc(*rows, grown_capacity * sizeof(**rows));

		if (!grown)
			goto nomem;
		*rows = grown;
		*capacity = grown_capacity;
	}
	(*rows)[*n].label = copy;
	(*rows)[*n].count = count;
	(*n)++;
	return 0;

nomem:
	free(copy);
	store_set_error(store, "out of memory");
	return -1;
}

void store_stats_clear(struct store_stats *stats)
{
	for (size_t i = 0; i < 5; i++)
		free(stats->triage[i].label);
	for (size_t i = 0; i < stats->outcome_count; i++)
		free(stats->outcomes[i].label);
	for (size_t i = 0; i < stats->abandoned_count; i++)
		free(stats->abandoned[i].label);
	for (size_t i = 0; i < stats->trend_count; i++)
		free(stats->trend[i].label);
	free(stats->outcomes);
	free(stats->abandoned);
	free(stats->trend);
	memset(stats, 0, sizeof(*stats));
}

/* The triage counts from the engine's rows, every level named whether or
 * not it was seen, in order. */
static int fill_triage(struct store *store, const struct store_count *rows,
		       size_t n, struct store_stats *stats)
{
	static const enum tree_triage levels[5] = {
		TREE_EMERGENCY, TREE_URGENT,	TREE_GP,
		TREE_CONSULT,	TREE_SELF_CARE,
	};

	for (size_t i = 0; i < 5; i++) {
		const char *name = tree_triage_name(levels[i]);

		stats->triage[i].label = strdup(name);
		if (!stats->triage[i].label) {
			store_set_error(store, "out of memory");
			return -1;
		}
		for (size_t j = 0; j < n; j++)
			if (strcmp(rows[j].label, name) == 0)
				stats->triage[i].count = rows[j].count;
	}
	return 0;
}

int store_stats(struct store *store, const char *since,
		struct store_stats *stats)
{
	struct store_filter filter = {.since = since};

	return store_stats_of(store, &filter, stats);
}

/* The counts of the trend by each period. */
static const enum store_counted trend_counts[] = {
	[STORE_BY_DAY] = STORE_COUNT_DAYS,
	[STORE_BY_WEEK] = STORE_COUNT_WEEKS,
	[STORE_BY_MONTH] = STORE_COUNT_MONTHS,
};

/* stats' reads, within the engine's read: 0 when every one went. */
static int read_stats(struct store *store, const struct store_filter *filter,
		      struct store_stats *stats, struct store_count **triage,
		      size_t *triage_count)
{
	const struct store_ops *ops = store->ops;

	if (ops->totals(store, filter, stats) != 0 ||
	    ops->counts(store, STORE_COUNT_TRIAGE, filter, triage,
			triage_count) != 0 ||
	    ops->counts(store, STORE_COUNT_OUTCOMES, filter, &stats->outcomes,
			&stats->outcome_count) != 0 ||
	    ops->counts(store, STORE_COUNT_ABANDONED, filter, &stats->abandoned,
			&stats->abandoned_count) != 0)
		return -1;
	if (filter->by == STORE_BY_NONE)
		return 0;
	return ops->counts(store, trend_counts[filter->by], filter,
			   &stats->trend, &stats->trend_count);
}

int store_stats_of(struct store *store, const struct store_filter *filter,
		   struct store_stats *stats)
{
	struct store_count *triage = NULL;
	size_t triage_count = 0;
	int rc = -1;

	memset(stats, 0, sizeof(*stats));
	if (store->ops->read_begin(store, filter) == 0) {
		if (read_stats(store, filter, stats, &triage, &triage_count) ==
			    0 &&
		    store->ops->commit(store) == 0)
			rc = 0;
		else
			store->ops->rollback(store);
	}
	if (rc == 0)
		rc = fill_triage(store, triage, triage_count, stats);
	store_counts_free(triage, triage_count);
	if (rc != 0)
		store_stats_clear(stats);
	return rc;
}

int store_schema_version(struct store *store)
{
	return store->ops->schema_version(store);
}

bool store_is_date(const char *s)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30,
				     31, 31, 30, 31, 30, 31};
	int year, month, day, max;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	year = (int)strtol(s, NULL, 10);
	month = (int)strtol(s + 5, NULL, 10);
	day = (int)strtol(s + 8, NULL, 10);
	if (year < 1970 || month < 1 || month > 12)
		return false;
	max = days[month - 1];
	if (month == 2 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))
		max = 29;
	return day >= 1 && day <= max;
}

bool store_contact_is_phone(const char *contact)
{
	size_t digits = 0;
	const char *s = contact;

	if (*s == '+')
		s++;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			digits++;
		else if (!strchr(" -()", *s))
			return false;
	}
	return digits >= STORE_MIN_PHONE_DIGITS &&
	       digits <= STORE_MAX_PHONE_DIGITS;
}

/* Gives message to *errmsg when the caller wants it, else frees it, and
 * returns rc. */
static int handed_back(int rc, char *message, char **errmsg)
{
	if (errmsg)
		*errmsg = message;
	else
		free(message);
	return rc;
}

/* Saves item of table as store_save_request (with id) or
 * store_save_session does. */
static int save_row(const char *path, const struct store_table *table,
		    const void *item, int64_t *id, char **errmsg)
{
	struct store *store = NULL;
	char *message = NULL;
	int rc = -1;

	if (store_is_uri(path))
		return handed_back(store_outbox_save(path, table, item,
						     &message),
				   message, errmsg);
	if (store_open(path, STORE_CREATE, &store, errmsg) != STORE_OK)
		return -1;
	rc = store_add_row(store, table, item, id);
	if (rc != 0 && errmsg)
		*errmsg = strdup(store_errmsg(store));
	store_free(store);
	return rc;
}

int store_save_request(const char *path, const struct store_request *req,
		       int64_t *id, char **errmsg)
{
	return save_row(path, &store_requests, req, id, errmsg);
}

int store_save_session(const char *path, const struct store_session *session,
		       char **errmsg)
{
	return save_row(path, &store_sessions, session, NULL, errmsg);
}

int store_save_alert(const char *path, const char *triage, int64_t created_at,
		     char **errmsg)
{
	struct store_alert alert = {.created_at = created_at, .triage = triage};
	char *message = NULL;

	if (errmsg)
		*errmsg = NULL;
	if (!store_is_uri(path))
		return 1;
	return handed_back(store_outbox_save(path, &store_alerts, &alert,
					     &message),
			   message, errmsg);
}
