/*
 * store.c - booking requests and session figures: what both engines share
 * (the checks of what is stored, the figures of a walk, the path or URI)
 * and the calls that reach the engine of an open store.
 */
#include <errno.h>
#include <stdarg.h>
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

static bool is_text(const char *s, size_t max)
{
	return s && *s && strlen(s) <= max;
}

static bool is_bookable(const char *triage)
{
	return triage && (strcmp(triage, "consult") == 0 ||
			  strcmp(triage, "self_care") == 0);
}

int store_check_request(struct store *store, const struct store_request *req)
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

int store_add_request(struct store *store, const struct store_request *req,
		      int64_t *id)
{
	if (store_check_request(store, req) != 0)
		return -1;
	return store->ops->add_request(store, req, id);
}

int store_each_request(struct store *store, bool include_done,
		       int (*fn)(const struct store_request *req, void *ctx),
		       void *ctx)
{
	return store->ops->each_request(store, include_done, fn, ctx);
}

enum store_status store_mark_done(struct store *store, int64_t id,
				  int64_t now, const char *by)
{
	return store->ops->mark_done(store, id, now, by);
}

enum store_status store_reopen(struct store *store, int64_t id)
{
	return store->ops->reopen(store, id);
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

int store_check_session(struct store *store,
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

int store_add_session(struct store *store,
		      const struct store_session *session)
{
	if (store_check_session(store, session) != 0)
		return -1;
	return store->ops->add_session(store, session);
}

int store_check_alert(struct store *store, const struct store_alert *alert)
{
	if (!alert->triage || (strcmp(alert->triage, "emergency") != 0 &&
			       strcmp(alert->triage, "urgent") != 0)) {
		store_set_error(store, "refused an alert for triage '%s'",
				alert->triage ? alert->triage : "");
		return -1;
	}
	return 0;
}

int store_add_alert(struct store *store, const struct store_alert *alert)
{
	if (!store->ops->add_alert) {
		store_set_error(store, "this database keeps no alerts");
		return -1;
	}
	if (store_check_alert(store, alert) != 0)
		return -1;
	return store->ops->add_alert(store, alert);
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

int store_counts_add(struct store *store, struct store_count **rows,
		     size_t *n, size_t *capacity, const char *label,
		     int64_t count)
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
		TREE_EMERGENCY, TREE_URGENT, TREE_GP, TREE_CONSULT,
		TREE_SELF_CARE,
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

int store_stats_of(struct store *store, const struct store_filter *filter,
		   struct store_stats *stats)
{
	struct store_count *triage = NULL;
	size_t triage_count = 0;
	int rc;

	memset(stats, 0, sizeof(*stats));
	rc = store->ops->stats(store, filter, stats, &triage, &triage_count);
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

int store_save_request(const char *path, const struct store_request *req,
		       int64_t *id, char **errmsg)
{
	struct store *store = NULL;
	char *message = NULL;
	int rc = -1;

	if (store_is_uri(path))
		return handed_back(store_outbox_save_request(path, req, &message),
				   message, errmsg);
	if (store_open(path, STORE_CREATE, &store, errmsg) != STORE_OK)
		return -1;
	rc = store_add_request(store, req, id);
	if (rc != 0 && errmsg)
		*errmsg = strdup(store_errmsg(store));
	store_free(store);
	return rc;
}

int store_save_session(const char *path, const struct store_session *session,
		       char **errmsg)
{
	struct store *store = NULL;
	char *message = NULL;
	int rc = -1;

	if (store_is_uri(path))
		return handed_back(store_outbox_save_session(path, session, &message),
				   message, errmsg);
	if (store_open(path, STORE_CREATE, &store, errmsg) != STORE_OK)
		return -1;
	rc = store_add_session(store, session);
	if (rc != 0 && errmsg)
		*errmsg = strdup(store_errmsg(store));
	store_free(store);
	return rc;
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
	return handed_back(store_outbox_save_alert(path, &alert, &message),
			   message, errmsg);
}
