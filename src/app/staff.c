/*
 * staff.c - the clinic staff's commands: runcheck requests (list, show,
 * done, reopen, export, purge, watch), runcheck stats (text, JSON, an
 * HTML report) and runcheck db.
 */
#include <errno.h>
#include <grp.h>
#include <inttypes.h>
#include <limits.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "chart.h"
#include "commands.h"
#include "csv.h"
#include "fhir.h"
#include "kiosk.h"
#include "store.h"
#include "term.h"
#include "text.h"
#include "tree.h"

/* The longest retention period purge takes: a hundred years. */
#define STAFF_MAX_DAYS 36500

/* Bar cells of a chart, at most and at least. */
#define CHART_MAX_CELLS 40
#define CHART_MIN_CELLS 10

static const struct cmd requests_cmd = {.name = "requests"};

static int db_error(const char *path, const char *message)
{
	cli_error("database '%s': %s", path,
		  message ? message : "out of memory");
	return EXIT_IO;
}

/*
 * When the file at path (or a directory on the way) cannot be opened for
 * lack of permission, says which user (and group, when the mode lets it)
 * can: its owner's.
 */
static void permission_hint(const char *path, bool is_reading)
{
	char what[PATH_MAX];
	struct stat st;
	const struct passwd *pw;
	const struct group *gr;
	char user[64], group[64];
	unsigned mode;
	bool is_group;

	if (access(path, is_reading ? R_OK : R_OK | W_OK) == 0 ||
	    errno != EACCES)
		return;
	snprintf(what, sizeof(what), "%s", path);
	/* The file, or the nearest directory above it that can be seen. */
	while (stat(what, &st) != 0) {
		char *slash = strrchr(what, '/');

		if (errno != EACCES || !slash)
			return;
		if (slash == what)
			slash[1] = '\0';
		else
			*slash = '\0';
		if (stat(what, &st) == 0 && S_ISDIR(st.st_mode))
			break;
	}
	pw = getpwuid(st.st_uid);
	gr = getgrgid(st.st_gid);
	if (pw)
		snprintf(user, sizeof(user), "%s", pw->pw_name);
	else
		snprintf(user, sizeof(user), "%lu", (unsigned long)st.st_uid);
	if (gr)
		snprintf(group, sizeof(group), "%s", gr->gr_name);
	else
		snprintf(group, sizeof(group), "%lu", (unsigned long)st.st_gid);
	mode = (unsigned)st.st_mode & 07777;
	is_group = (mode & (is_reading ? 0040 : 0060)) ==
		   (is_reading ? 0040u : 0060u);
	if (is_group)
		cli_error("only user '%s' and group '%s' may open '%s' (mode "
			  "%04o): run this as that user or a member of that "
			  "group (sudo -u %s runcheck ...)",
			  user, group, what, mode, user);
	else
		cli_error("only user '%s' may open '%s' (mode %04o): run this "
			  "as that user (sudo -u %s runcheck ...)",
			  user, what, mode, user);
}

/*
 * Opens the database for a staff command: an existing file only, so that
 * a mistyped path or a command run before the kiosk's first session
 * never leaves a new database behind; read-only for a command that only
 * reads (is_reading), so that the requests can be read on a full disk or
 * a read-only mount. Returns EXIT_RESULT with *out set, EXIT_NOINPUT for
 * a missing file or EXIT_IO.
 */
static int open_store(const char *path, bool is_reading, struct store **out)
{
	char *message = NULL;
	enum store_status status =
		store_open(path, is_reading ? STORE_READ : STORE_EXISTING, out,
			   &message);
	int exit_status = status == STORE_MISSING ? EXIT_NOINPUT : EXIT_IO;

	if (status == STORE_OK)
		return EXIT_RESULT;
	db_error(path, message);
	free(message);
	if (status == STORE_ERROR && !store_is_uri(path))
		permission_hint(path, is_reading);
	return exit_status;
}

/* A time as local "YYYY-MM-DD HH:MM" (with_seconds: ":SS" too). */
static void format_time(int64_t t, bool with_seconds, char *buf, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!localtime_r(&tt, &tm) ||
	    strftime(buf, size,
		     with_seconds ? "%Y-%m-%d %H:%M:%S" : "%Y-%m-%d %H:%M",
		     &tm) == 0)
		snprintf(buf, size, "%" PRId64, t);
}

/*
 * A copy of s that is safe to show at a terminal: control characters,
 * bidi controls and bytes that are not UTF-8 become '?'. NULL when out of
 * memory.
 */
static char *printable_new(const char *s)
{
	size_t len = strlen(s);
	char *out = malloc(len + 1);
	size_t n = 0;

	if (!out)
		return NULL;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t used = text_utf8_decode(s + i, len - i, &cp);
		bool is_bad = text_cp_is_control(cp) ||
			      (cp == 0xfffd && !text_utf8_valid(s + i, used));

		if (is_bad) {
			out[n++] = '?';
		} else {
			memcpy(out + n, s + i, used);
			n += used;
		}
		i += used;
	}
	out[n] = '\0';
	return out;
}

/* The list */

/* The columns of the list; DONE with --all only. */
enum {
	COL_ID,
	COL_TIME,
	COL_NAME,
	COL_CONTACT,
	COL_CONDITION,
	COL_TRIAGE,
	COL_DONE,
	LIST_COLUMNS
};

/* The narrowest a shortened column becomes. */
#define LIST_MIN_WIDTH 5

struct list {
	char **cells; /* LIST_COLUMNS a row */
	size_t rows;
	size_t capacity;
	bool has_failed;
};

/* "YYYY-MM-DD HH:MM by WHO" for a done request, "open" for another. */
static void format_done(const struct store_request *req, char *buf, size_t size)
{
	char when[32];

	if (!req->done_at) {
		snprintf(buf, size, "open");
		return;
	}
	format_time(req->done_at, false, when, sizeof(when));
	if (req->done_by && *req->done_by)
		snprintf(buf, size, "%s by %s", when, req->done_by);
	else
		snprintf(buf, size, "%s", when);
}

static int list_add(const struct store_request *req, void *ctx)
{
	struct list *list = ctx;
	char id[24];
	char when[32];
	char done[128];
	const char *values[LIST_COLUMNS] = {
		[COL_ID] = id,
		[COL_TIME] = when,
		[COL_NAME] = req->name,
		[COL_CONTACT] = req->contact,
		[COL_CONDITION] = req->condition,
		[COL_TRIAGE] = req->triage,
		[COL_DONE] = done,
	};
	char **row;

	if (list->rows == list->capacity) {
		size_t n = list->capacity ? list->capacity * 2 : 16;
		char **grown =
			realloc(list->cells, n * LIST_COLUMNS * sizeof(char *));

		if (!grown)
			goto nomem;
		list->cells = grown;
		list->capacity = n;
	}
	snprintf(id, sizeof(id), "%" PRId64, req->id);
	format_time(req->created_at, false, when, sizeof(when));
	format_done(req, done, sizeof(done));
	row = list->cells + list->rows * LIST_COLUMNS;
	for (size_t i = 0; i < LIST_COLUMNS; i++) {
		row[i] = printable_new(values[i]);
		if (!row[i]) {
			for (size_t j = 0; j < i; j++)
				free(row[j]);
			goto nomem;
		}
	}
	list->rows++;
	return 0;

nomem:
	list->has_failed = true;
	return 1;
}

static void list_clear(struct list *list)
{
	for (size_t i = 0; i < list->rows * LIST_COLUMNS; i++)
		free(list->cells[i]);
	free(list->cells);
}

/*
 * What a cell shows: a time (and a done column's time) without its year
 * when is_short, "2026-" being the same in nearly every row.
 */
static const char *list_text(const struct list *list, size_t r, size_t c,
			     bool is_short)
{
	const char *cell = list->cells[r * LIST_COLUMNS + c];
	bool is_time = c == COL_TIME ||
		       (c == COL_DONE && *cell >= '0' && *cell <= '9');

	return is_short && is_time && strlen(cell) > 5 ? cell + 5 : cell;
}

/* Sizes the first n columns to what they hold; returns the line's width. */
static size_t list_measure(const struct list *list, const char *const *header,
			   size_t n, bool is_short, size_t *widths)
{
	size_t total = 2 * (n - 1);

	for (size_t c = 0; c < n; c++) {
		widths[c] = text_width(header[c], strlen(header[c]));
		for (size_t r = 0; r < list->rows; r++) {
			const char *cell = list_text(list, r, c, is_short);
			size_t w = text_width(cell, strlen(cell));

			if (w > widths[c])
				widths[c] = w;
		}
		total += widths[c];
	}
	return total;
}

/*
 * Sizes the columns to what they hold and, when the line is wider than
 * width, drops the times' year (*is_short) and then takes a column at a
 * time from the widest of those that may be shortened (name, contact,
 * condition, done), down to LIST_MIN_WIDTH: the id, time and triage stay
 * whole, so that a request can be told and typed from the list.
 */
static void list_fit(const struct list *list, const char *const *header,
		     size_t n, size_t width, size_t *widths, bool *is_short)
{
	size_t total = list_measure(list, header, n, false, widths);

	*is_short = total > width;
	if (*is_short)
		total = list_measure(list, header, n, true, widths);
	while (total > width) {
		size_t widest = LIST_COLUMNS;

		for (size_t c = COL_NAME; c < n; c++) {
			if (c == COL_TRIAGE || widths[c] <= LIST_MIN_WIDTH)
				continue;
			if (widest == LIST_COLUMNS ||
			    widths[c] > widths[widest])
				widest = c;
		}
		if (widest == LIST_COLUMNS)
			break;
		widths[widest]--;
		total--;
	}
}

/* Writes cell in a column of width columns, shortened with an ellipsis
 * when wider, and padded when is_padded. */
static int list_cell(FILE *f, const char *cell, size_t width, bool is_padded)
{
	char *fitted = text_fit(cell, width, term_is_utf8() ? "…" : "...");
	size_t pad;
	int rc = 0;

	if (!fitted) {
		errno = ENOMEM;
		return -1;
	}
	pad = width - text_width(fitted, strlen(fitted));
	if (fputs(fitted, f) == EOF ||
	    (is_padded && fprintf(f, "%*s", (int)(pad + 2), "") < 0))
		rc = -1;
	free(fitted);
	return rc;
}

/* Writes the cells in aligned columns under a header, in width columns;
 * with is_all, the DONE column too. */
static int list_print(FILE *f, const struct list *list, size_t width,
		      bool is_all)
{
	static const char *const header[LIST_COLUMNS] = {
		"ID", "TIME", "NAME", "CONTACT", "CONDITION", "TRIAGE", "DONE",
	};
	size_t n = is_all ? LIST_COLUMNS : COL_DONE;
	size_t widths[LIST_COLUMNS];
	bool is_short;

	list_fit(list, header, n, width, widths, &is_short);
	for (size_t r = 0; r <= list->rows; r++) {
		for (size_t c = 0; c < n; c++) {
			const char *cell =
				r == 0 ? header[c]
				       : list_text(list, r - 1, c, is_short);

			if (list_cell(f, cell, widths[c], c + 1 < n) != 0)
				return -1;
		}
		if (fputc('\n', f) == EOF)
			return -1;
	}
	return 0;
}

static int list_requests(struct store *store, const char *path, bool is_all)
{
	struct list list = {0};
	int rc = store_each_request(store, is_all, list_add, &list);
	int status = EXIT_RESULT;

	if (rc < 0) {
		status = db_error(path, store_errmsg(store));
	} else if (list.has_failed) {
		status = cmd_out_of_memory();
	} else if (list.rows == 0) {
		if (puts(is_all ? "No requests." : "No open requests.") == EOF)
			status = cmd_write_error(errno);
	} else if (list_print(stdout, &list, term_width(stdout), is_all) != 0) {
		if (errno == ENOMEM) {
			status = cmd_out_of_memory();
		} else {
			status = cmd_write_error(errno);
		}
	}
	list_clear(&list);
	return status;
}

/* requests done ID */

/* A request id: decimal digits only, from 1 up. */
static bool parse_id(const char *text, int64_t *id)
{
	char *end;
	long long n;

	if (*text < '0' || *text > '9')
		return false;
	errno = 0;
	n = strtoll(text, &end, 10);
	if (errno != 0 || *end != '\0' || n < 1)
		return false;
	*id = n;
	return true;
}

/* The login of the staff member running this command, for done_by on a
 * SQLite store (PostgreSQL records the database role itself). */
static void staff_login(char *buf, size_t size)
{
	const struct passwd *pw = getpwuid(geteuid());

	if (pw && pw->pw_name && *pw->pw_name)
		snprintf(buf, size, "%s", pw->pw_name);
	else
		snprintf(buf, size, "uid %lu", (unsigned long)geteuid());
}

/* Parses a request id as given to done, reopen or show: 0, or a usage
 * error's status. */
static int request_id(const char *arg, int64_t *id)
{
	if (parse_id(arg, id))
		return 0;
	cmd_usage_error(&requests_cmd, "invalid request id '%s'", arg);
	return EXIT_USAGE;
}

/* requests done ID and requests reopen ID */
static int mark(struct store *store, const char *path, const char *arg,
		bool is_done)
{
	char login[256];
	int64_t id;
	enum store_status status;

	if (request_id(arg, &id) != 0)
		return EXIT_USAGE;
	staff_login(login, sizeof(login));
	status =
		is_done ? store_mark_done(store, id, (int64_t)time(NULL), login)
			: store_reopen(store, id);
	switch (status) {
	case STORE_OK:
		if (printf("Request %" PRId64 " is %s.\n", id,
			   is_done ? "done" : "open again") < 0)
			return cmd_write_error(errno);
		return EXIT_RESULT;
	case STORE_NOT_FOUND:
		cli_error("no request '%s'", arg);
		return EXIT_INVALID;
	default:
		return db_error(path, store_errmsg(store));
	}
}

/* requests show ID */

struct shown {
	int64_t id;
	bool is_found;
	bool has_failed;
};

/* Writes "  LABEL  VALUE" with the value made safe for a terminal. */
static int show_field(const char *label, const char *value)
{
	char *safe = printable_new(value);
	int rc;

	if (!safe) {
		errno = ENOMEM;
		return -1;
	}
	rc = printf("%-10s %s\n", label, safe) < 0 ? -1 : 0;
	free(safe);
	return rc;
}

/* A JSON answer as a person reads it: text, a number, or a list joined
 * with ", " ("none of these" when empty), into a new string. */
static char *answer_text(const json_t *answer)
{
	char *out = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&out, &size);

	if (!f)
		return NULL;
	if (json_is_string(answer)) {
		fputs(json_string_value(answer), f);
	} else if (json_is_integer(answer)) {
		fprintf(f, "%" JSON_INTEGER_FORMAT, json_integer_value(answer));
	} else if (json_is_array(answer)) {
		size_t i;
		const json_t *v;

		if (json_array_size(answer) == 0)
			fputs("none of these", f);
		for (i = 0; (v = json_array_get(answer, i)) != NULL; i++)
			fprintf(f, "%s%s", i ? ", " : "",
				json_is_string(v) ? json_string_value(v) : "?");
	} else {
		fputs("-", f);
	}
	if (fclose(f) != 0) {
		free(out);
		return NULL;
	}
	return out;
}

/* Writes a line of indent spaces and text made safe for a terminal. */
static int show_line(int indent, const char *prefix, const char *text)
{
	char *safe = printable_new(text ? text : "");
	int rc;

	if (!safe) {
		errno = ENOMEM;
		return -1;
	}
	rc = printf("%*s%s%s\n", indent, "", prefix, safe) < 0 ? -1 : 0;
	free(safe);
	return rc;
}

/*
 * The answers a patient let the clinician see, as the clinician reads
 * them: each question (its label, and its text when that says more) and
 * the answer given, then the result, and the tree they came from.
 */
static int show_answers(const char *text)
{
	json_t *walk = json_loads(text, 0, NULL);
	const json_t *steps = json_object_get(walk, "steps");
	const json_t *step;
	size_t i;
	int rc = 0;

	if (!walk || !json_is_array(steps)) {
		json_decref(walk);
		return puts("Answers:   (unreadable)") == EOF ? -1 : 0;
	}
	rc = show_line(0, "", "") ||
	     show_line(0,
		       "Answers the patient agreed the clinician may see:", "");
	for (i = 0; (step = json_array_get(steps, i)) != NULL; i++) {
		const char *label =
			json_string_value(json_object_get(step, "label"));
		const char *ask =
			json_string_value(json_object_get(step, "text"));
		char *answer = answer_text(json_object_get(step, "answer"));
		char number[24];

		snprintf(number, sizeof(number), "%zu. ", i + 1);
		if (!answer) {
			errno = ENOMEM;
			rc = -1;
			break;
		}
		rc = rc || show_line(2, number, label ? label : ask) ||
		     (ask && label && strcmp(ask, label) != 0 &&
		      show_line(5, "", ask)) ||
		     show_line(5, "Answer: ", answer);
		free(answer);
	}
	if (!rc) {
		char result[1024];
		const char *condition =
			json_string_value(json_object_get(walk, "condition"));
		const char *triage =
			json_string_value(json_object_get(walk, "triage"));
		const char *tree_name =
			json_string_value(json_object_get(walk, "tree"));
		const char *version =
			json_string_value(json_object_get(walk, "version"));

		snprintf(result, sizeof(result), "%s (%s)",
			 condition ? condition : "?", triage ? triage : "?");
		rc = show_line(0, "Result:    ", result);
		snprintf(result, sizeof(result), "%s, version %s",
			 tree_name ? tree_name : "?", version ? version : "?");
		rc = rc || show_line(0, "From:      ", result);
	}
	json_decref(walk);
	return rc;
}

static int show_one(const struct store_request *req, void *ctx)
{
	struct shown *shown = ctx;
	char made[32];
	char done[128];

	if (req->id != shown->id)
		return 0;
	shown->is_found = true;
	format_time(req->created_at, true, made, sizeof(made));
	format_done(req, done, sizeof(done));
	if (printf("Request %" PRId64 "\n", req->id) < 0 ||
	    show_field("Made:", made) != 0 ||
	    show_field("Name:", req->name) != 0 ||
	    show_field("Contact:", req->contact) != 0 ||
	    show_field("Condition:", req->condition) != 0 ||
	    show_field("Triage:", req->triage) != 0 ||
	    show_field("Outcome:", req->outcome) != 0 ||
	    show_field("Tree:", req->tree_version) != 0 ||
	    (req->kiosk && show_field("Kiosk:", req->kiosk) != 0) ||
	    show_field(req->done_at ? "Done:" : "Status:", done) != 0 ||
	    (req->answers
		     ? show_answers(req->answers)
		     : show_field("Answers:", "none kept (the patient did "
					      "not agree to share them)")) != 0)
		shown->has_failed = true;
	return 1;
}

static int show(struct store *store, const char *path, const char *arg)
{
	struct shown shown = {0};
	int rc;

	if (request_id(arg, &shown.id) != 0)
		return EXIT_USAGE;
	rc = store_each_request(store, true, show_one, &shown);
	if (rc < 0)
		return db_error(path, store_errmsg(store));
	if (shown.has_failed && errno == ENOMEM)
		return cmd_out_of_memory();
	if (shown.has_failed || fflush(stdout) == EOF)
		return cmd_write_error(errno);
	if (!shown.is_found) {
		cli_error("no request '%s'", arg);
		return EXIT_INVALID;
	}
	return EXIT_RESULT;
}

/* requests export --csv */

static int export_row(const struct store_request *req, void *ctx)
{
	struct csv_writer *w = ctx;
	char id[24];
	char created[32];
	char done[32] = "";

	snprintf(id, sizeof(id), "%" PRId64, req->id);
	format_time(req->created_at, true, created, sizeof(created));
	if (req->done_at)
		format_time(req->done_at, true, done, sizeof(done));
	csv_field(w, id);
	csv_field(w, created);
	csv_field(w, req->name);
	csv_field(w, req->contact);
	csv_field(w, req->outcome);
	csv_field(w, req->condition);
	csv_field(w, req->triage);
	csv_field(w, req->tree_version);
	csv_field(w, done);
	/* 1, not -1, so that a write error is told from a database one. */
	return csv_end_record(w) == 0 ? 0 : 1;
}

/* requests export --fhir [ID] */

struct fhir_export {
	json_t *bundle;
	int64_t id; /* 0: every request that carries answers */
	bool is_found;
	bool has_failed;
};

static int fhir_add(const struct store_request *req, void *ctx)
{
	struct fhir_export *e = ctx;
	json_t *response;

	if (e->id && req->id != e->id)
		return 0;
	e->is_found = true;
	if (!req->answers)
		return 0;
	response = fhir_response(req);
	if (!response || fhir_bundle_add(e->bundle, response) != 0) {
		e->has_failed = true;
		return 1;
	}
	return 0;
}

/* A FHIR R4 Bundle (collection) of a QuestionnaireResponse for each
 * request (or request id_arg) that carries answers, open or done. */
static int export_fhir(struct store *store, const char *path,
		       const char *id_arg)
{
	struct fhir_export e = {.bundle = fhir_bundle_new()};
	int status = EXIT_RESULT;
	int rc;

	if (id_arg && request_id(id_arg, &e.id) != 0) {
		json_decref(e.bundle);
		return EXIT_USAGE;
	}
	if (!e.bundle)
		return cmd_out_of_memory();
	rc = store_each_request(store, true, fhir_add, &e);
	if (rc < 0) {
		status = db_error(path, store_errmsg(store));
	} else if (e.has_failed) {
		status = cmd_out_of_memory();
	} else if (id_arg && !e.is_found) {
		cli_error("no request '%s'", id_arg);
		status = EXIT_INVALID;
	} else if (json_dumpf(e.bundle, stdout, JSON_INDENT(2)) != 0 ||
		   putchar('\n') == EOF || fflush(stdout) == EOF) {
		status = cmd_write_error(errno);
	}
	json_decref(e.bundle);
	return status;
}

static int export_csv(struct store *store, const char *path)
{
	static const char *const header[] = {
		"id",	     "created", "name",		"contact", "outcome",
		"condition", "triage",	"tree_version", "done",
	};
	struct csv_writer w;
	int rc;

	csv_init(&w, stdout, true);
	for (size_t i = 0; i < sizeof(header) / sizeof(*header); i++)
		csv_field(&w, header[i]);
	if (csv_end_record(&w) != 0)
		return cmd_write_error(errno);
	rc = store_each_request(store, true, export_row, &w);
	if (rc < 0)
		return db_error(path, store_errmsg(store));
	if (rc > 0 || fflush(stdout) == EOF)
		return cmd_write_error(errno);
	return EXIT_RESULT;
}

/* requests purge [--older-than DAYS] [--dry-run] [--yes] */

static bool parse_days(const char *text, int64_t *days)
{
	char *end;
	long n;

	if (*text < '0' || *text > '9')
		return false;
	errno = 0;
	n = strtol(text, &end, 10);
	if (errno != 0 || *end != '\0' || n > STAFF_MAX_DAYS)
		return false;
	*days = n;
	return true;
}

/* What requests purge deletes: the expired requests (is_expiry, cutoff
 * the time now) or those made before cutoff (--older-than). */
struct purge {
	int64_t cutoff;
	bool is_expiry;
	int64_t days;
	struct list list;
};

static int purge_pick(const struct store_request *req, void *ctx)
{
	struct purge *p = ctx;

	if (!store_is_purged(req, p->cutoff, p->is_expiry))
		return 0;
	return list_add(req, &p->list);
}

/* "N expired requests" or "N requests older than D days". */
static void purge_what(const struct purge *p, int64_t n, char *buf, size_t size)
{
	if (p->is_expiry)
		snprintf(buf, size, "%" PRId64 " expired request%s", n,
			 n == 1 ? "" : "s");
	else
		snprintf(buf, size,
			 "%" PRId64 " request%s older than %" PRId64 " day%s",
			 n, n == 1 ? "" : "s", p->days,
			 p->days == 1 ? "" : "s");
}

/* At a terminal: asks whether to delete them. 1 for yes, 0 for no (or
 * the end of input). */
static int purge_confirm(const char *what)
{
	char line[64];

	for (;;) {
		if (printf("Delete %s? (y/n) ", what) < 0 ||
		    fflush(stdout) == EOF)
			return -1;
		if (!fgets(line, sizeof(line), stdin)) {
			putchar('\n');
			return 0;
		}
		line[strcspn(line, "\r\n")] = '\0';
		if (strcmp(line, "y") == 0 || strcmp(line, "yes") == 0 ||
		    strcmp(line, "Y") == 0)
			return 1;
		if (strcmp(line, "n") == 0 || strcmp(line, "no") == 0 ||
		    strcmp(line, "N") == 0)
			return 0;
	}
}

/*
 * requests purge: lists what it would delete; with is_dry_run stops
 * there; else, at a terminal, asks, and off one needs is_yes. Deletes
 * only what it listed: the cutoff is fixed before the list is read, and
 * a request made since is newer than it (and expires later).
 */
static int purge(struct store *store, const char *path, struct purge *p,
		 bool is_dry_run, bool is_yes)
{
	char what[96];
	int64_t deleted;
	int rc = store_each_request(store, true, purge_pick, p);

	if (rc < 0)
		return db_error(path, store_errmsg(store));
	if (p->list.has_failed)
		return cmd_out_of_memory();
	purge_what(p, (int64_t)p->list.rows, what, sizeof(what));
	if (p->list.rows == 0) {
		if (printf("Nothing to delete: no %s.\n",
			   p->is_expiry ? "request has expired"
					: "request is that old") < 0)
			return cmd_write_error(errno);
		return EXIT_RESULT;
	}
	if (is_dry_run || !is_yes) {
		if (printf("%s %s:\n", is_dry_run ? "Would delete" : "Found",
			   what) < 0 ||
		    list_print(stdout, &p->list, term_width(stdout), true) != 0)
			return cmd_write_error(errno);
	}
	if (is_dry_run)
		return fflush(stdout) == EOF ? cmd_write_error(errno)
					     : EXIT_RESULT;
	if (!is_yes) {
		if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
			fflush(stdout);
			return cmd_usage_error(&requests_cmd,
					       "requests purge would delete %s: "
					       "add --yes to delete them when "
					       "not at a terminal",
					       what);
		}
		rc = purge_confirm(what);
		if (rc < 0)
			return cmd_write_error(errno);
		if (rc == 0) {
			if (puts("Nothing deleted.") == EOF)
				return cmd_write_error(errno);
			return EXIT_RESULT;
		}
	}
	rc = p->is_expiry ? store_purge_expired(store, p->cutoff, &deleted)
			  : store_purge(store, p->cutoff, &deleted);
	if (rc != 0)
		return db_error(path, store_errmsg(store));
	purge_what(p, deleted, what, sizeof(what));
	if (printf("Deleted %s.\n", what) < 0)
		return cmd_write_error(errno);
	return EXIT_RESULT;
}

/*
 * One line a request or alert as it arrives: time, kiosk, kind, triage
 * and a request's name, what the row says made safe for a terminal, and
 * flushed at once.
 */
static int watch_line(const struct store_event *ev, void *ctx)
{
	char when[32];
	char *kiosk = printable_new(*ev->kiosk ? ev->kiosk : "-");
	char *triage = printable_new(ev->triage ? ev->triage : "-");
	char *name = ev->name ? printable_new(ev->name) : NULL;
	int rc = 0;

	(void)ctx;
	format_time(ev->created_at, true, when, sizeof(when));
	if (!kiosk || !triage || (ev->name && !name)) {
		rc = cmd_out_of_memory();
	} else if (printf("%s  %s  %s  %s%s%s\n", when, kiosk,
			  ev->is_alert ? "alert" : "request", triage,
			  name ? "  " : "", name ? name : "") < 0 ||
		   fflush(stdout) == EOF) {
		rc = cmd_write_error(errno);
	}
	free(kiosk);
	free(triage);
	free(name);
	return rc;
}

/* requests watch: until interrupted, or until writing fails. */
static int watch(struct store *store, const char *path)
{
	int rc = store_watch(store, watch_line, NULL);

	if (rc < 0)
		return db_error(path, store_errmsg(store));
	return rc;
}

/* What a requests command line asks for. */
struct requests_args {
	const char *db_option;
	const char *older_than;
	const char *action; /* NULL: the list */
	const char *id_arg;
	bool is_csv;
	bool is_fhir;
	bool is_all;
	bool is_dry_run;
	bool is_yes;
};

static bool is_action(const struct requests_args *a, const char *name)
{
	return a->action && strcmp(a->action, name) == 0;
}

/* True when the action is one of the requests commands that take an id. */
static bool takes_id(const struct requests_args *a)
{
	return is_action(a, "done") || is_action(a, "reopen") ||
	       is_action(a, "show");
}

/* The action and its request id, from the operands at argv[next]. */
static int requests_operands(struct requests_args *a, int argc, char **argv,
			     int next)
{
	static const char *const actions[] = {
		"done", "reopen", "show", "export", "purge", "watch",
	};
	bool is_known = false;

	if (next < argc)
		a->action = argv[next++];
	for (size_t i = 0; i < sizeof(actions) / sizeof(*actions); i++)
		if (is_action(a, actions[i]))
			is_known = true;
	if (a->action && !is_known)
		return cmd_usage_error(&requests_cmd,
				       "unknown requests command '%s'",
				       a->action);
	if (takes_id(a)) {
		if (next >= argc)
			return cmd_usage_error(&requests_cmd,
					       "requests %s needs a request id",
					       a->action);
		a->id_arg = argv[next++];
	}
	/* export --fhir takes one request's id, or none for them all. */
	if (a->is_fhir && is_action(a, "export") && next < argc)
		a->id_arg = argv[next++];
	return cmd_no_operands(&requests_cmd, argc, argv, next);
}

/* Refuses an option that is not the action's; sets what purge deletes. */
static int requests_check(const struct requests_args *a, struct purge *p)
{
	int64_t id;

	if (a->is_all && a->action)
		return cmd_usage_error(&requests_cmd,
				       "--all is only for the requests list");
	if ((a->is_csv || a->is_fhir) && !is_action(a, "export"))
		return cmd_usage_error(&requests_cmd,
				       "--csv and --fhir are only for requests "
				       "export");
	if (a->is_csv && a->is_fhir)
		return cmd_usage_error(&requests_cmd,
				       "requests export writes --csv or "
				       "--fhir, not both");
	if ((a->older_than || a->is_dry_run || a->is_yes) &&
	    !is_action(a, "purge"))
		return cmd_usage_error(&requests_cmd,
				       "--older-than, --dry-run and --yes are "
				       "only for requests purge");
	if (a->older_than) {
		p->is_expiry = false;
		if (!parse_days(a->older_than, &p->days))
			return cmd_usage_error(&requests_cmd,
					       "invalid number of days '%s' (a "
					       "whole number from 0 to %d)",
					       a->older_than, STAFF_MAX_DAYS);
	}
	p->cutoff = (int64_t)time(NULL) - p->days * 86400;
	if (a->id_arg && request_id(a->id_arg, &id) != 0)
		return EXIT_USAGE;
	return CMD_GO_ON;
}

/* True when the action only reads the store. */
static bool only_reads(const struct requests_args *a)
{
	return !a->action || is_action(a, "export") || is_action(a, "watch") ||
	       is_action(a, "show") || (is_action(a, "purge") && a->is_dry_run);
}

/* Does what a asks on the open store. */
static int requests_run(struct store *store, const char *path,
			const struct requests_args *a, struct purge *p)
{
	if (!a->action)
		return list_requests(store, path, a->is_all);
	if (is_action(a, "done") || is_action(a, "reopen"))
		return mark(store, path, a->id_arg, is_action(a, "done"));
	if (is_action(a, "show"))
		return show(store, path, a->id_arg);
	if (is_action(a, "watch"))
		return watch(store, path);
	if (is_action(a, "export"))
		return a->is_fhir ? export_fhir(store, path, a->id_arg)
				  : export_csv(store, path);
	return purge(store, path, p, a->is_dry_run, a->is_yes);
}

int cmd_requests(int argc, char **argv)
{
	struct requests_args a = {0};
	const struct cmd_option options[] = {
		{"db", 0, CMD_VALUE, .value = &a.db_option},
		{"csv", 0, CMD_FLAG, .flag = &a.is_csv},
		{"fhir", 0, CMD_FLAG, .flag = &a.is_fhir},
		{"older-than", 0, CMD_VALUE, .value = &a.older_than},
		{"all", 0, CMD_FLAG, .flag = &a.is_all},
		{"dry-run", 0, CMD_FLAG, .flag = &a.is_dry_run},
		{"yes", 0, CMD_FLAG, .flag = &a.is_yes},
		{NULL},
	};
	struct purge purging = {.is_expiry = true};
	struct store *store = NULL;
	const char *path;
	int status;
	int next;

	status = cmd_parse(&requests_cmd, options, argc, argv, &next);
	if (status == CMD_GO_ON)
		status = requests_operands(&a, argc, argv, next);
	if (status == CMD_GO_ON)
		status = requests_check(&a, &purging);
	if (status != CMD_GO_ON)
		return status;
	path = store_path(a.db_option);
	status = open_store(path, only_reads(&a), &store);
	if (status != EXIT_RESULT)
		return status;
	status = requests_run(store, path, &a, &purging);
	list_clear(&purging.list);
	store_free(store);
	return status;
}

/* stats */

struct chart {
	FILE *f;
	size_t label_width;
	size_t count_width;
	size_t cells;
	bool is_utf8;
	bool has_failed;
};

/* Sizes the columns of a chart of rows to the terminal's width. */
static void chart_fit(struct chart *chart, const struct store_count *rows,
		      size_t n, size_t width)
{
	int64_t most = 0;
	size_t room;

	chart->label_width = 0;
	for (size_t i = 0; i < n; i++) {
		size_t w = text_width(rows[i].label, strlen(rows[i].label));

		if (w > chart->label_width)
			chart->label_width = w;
		if (rows[i].count > most)
			most = rows[i].count;
	}
	chart->count_width = (size_t)snprintf(NULL, 0, "%" PRId64, most);
	room = chart->label_width + chart->count_width + 6;
	chart->cells = width > room ? width - room : 0;
	if (chart->cells > CHART_MAX_CELLS)
		chart->cells = CHART_MAX_CELLS;
	if (chart->cells < CHART_MIN_CELLS)
		chart->cells = CHART_MIN_CELLS;
}

static void chart_rows(struct chart *chart, const char *title,
		       const struct store_count *rows, size_t n)
{
	int64_t most = 0;

	for (size_t i = 0; i < n; i++)
		if (rows[i].count > most)
			most = rows[i].count;
	if (fprintf(chart->f, "\n%s\n", title) < 0)
		chart->has_failed = true;
	for (size_t i = 0; i < n && !chart->has_failed; i++) {
		char *label = printable_new(rows[i].label);
		char *bar = chart_bar(rows[i].count, most, chart->cells,
				      chart->is_utf8);
		size_t pad;

		if (!label || !bar) {
			free(label);
			free(bar);
			errno = ENOMEM;
			chart->has_failed = true;
			break;
		}
		pad = chart->label_width - text_width(label, strlen(label));
		if (fprintf(chart->f, "  %s%*s  %*" PRId64 "%s%s\n", label,
			    (int)pad, "", (int)chart->count_width,
			    rows[i].count, *bar ? "  " : "", bar) < 0)
			chart->has_failed = true;
		free(label);
		free(bar);
	}
}

static int print_stats(FILE *f, const struct store_stats *stats,
		       const struct store_filter *filter)
{
	static const char *const trend_titles[] = {
		[STORE_BY_DAY] = "Sessions by day:",
		[STORE_BY_WEEK] = "Sessions by week (from Monday):",
		[STORE_BY_MONTH] = "Sessions by month:",
	};
	const char *since = filter->since;
	struct chart chart = {.f = f, .is_utf8 = term_is_utf8()};
	size_t width = term_width(f);
	size_t all = stats->outcome_count + stats->abandoned_count +
		     stats->trend_count + 5;
	struct store_count *rows = malloc(all * sizeof(*rows));
	size_t n = 0;

	if (!rows)
		return cmd_out_of_memory();
	/* One set of columns for all three charts, so that they line up. */
	for (size_t i = 0; i < 5; i++)
		rows[n++] = stats->triage[i];
	for (size_t i = 0; i < stats->outcome_count; i++)
		rows[n++] = stats->outcomes[i];
	for (size_t i = 0; i < stats->abandoned_count; i++)
		rows[n++] = stats->abandoned[i];
	for (size_t i = 0; i < stats->trend_count; i++)
		rows[n++] = stats->trend[i];
	chart_fit(&chart, rows, n, width);
	free(rows);

	fprintf(f, "Kiosk sessions%s%s%s%s: %" PRId64 "\n",
		filter->kiosk ? " at " : "", filter->kiosk ? filter->kiosk : "",
		since ? " since " : "", since ? since : "", stats->sessions);
	if (stats->sessions > 0)
		fprintf(f, "Completed: %" PRId64 " of %" PRId64 " (%.0f%%)\n",
			stats->completed, stats->sessions,
			100.0 * (double)stats->completed /
				(double)stats->sessions);
	else
		fputs("Completed: 0 of 0\n", f);
	fprintf(f, "Contact requests taken: %" PRId64 "\n", stats->requests);
	if (filter->by != STORE_BY_NONE)
		chart_rows(&chart, trend_titles[filter->by], stats->trend,
			   stats->trend_count);
	chart_rows(&chart, "By triage:", stats->triage, 5);
	if (stats->outcome_count > 0)
		chart_rows(&chart, "By condition:", stats->outcomes,
			   stats->outcome_count);
	if (stats->abandoned_count > 0)
		chart_rows(&chart, "Abandoned at question:", stats->abandoned,
			   stats->abandoned_count);
	if (chart.has_failed && errno == ENOMEM)
		return cmd_out_of_memory();
	if (chart.has_failed || ferror(f) || fflush(f) == EOF)
		return cmd_write_error(errno);
	return EXIT_RESULT;
}

/* Figures in the clinic's words */

/* What an outcome id is called: its condition in the tree, else the id
 * (a session of another tree's version). */
static const char *outcome_name(const struct tree *tree, const char *id)
{
	struct tree_ref ref;

	if (tree_find(tree, id, &ref) && ref.kind == TREE_NODE_OUTCOME) {
		const struct tree_outcome *o = tree_outcome(tree, ref.index);

		if (o->condition && *o->condition)
			return o->condition;
	}
	return id;
}

/* What a question id is called: its label (or its text) in the tree,
 * else the id. */
static const char *question_name(const struct tree *tree, const char *id)
{
	struct tree_ref ref;

	if (tree_find(tree, id, &ref) && ref.kind == TREE_NODE_QUESTION) {
		const struct tree_question *q = tree_question(tree, ref.index);

		if (q->label && *q->label)
			return q->label;
	}
	return id;
}

/*
 * The stats as people read them: a copy of stats whose outcome and
 * question labels are the tree's names, borrowed (from the tree or from
 * stats), to be freed with named_clear. Returns 0, or -1 when out of
 * memory.
 */
static int named_of(const struct store_stats *stats, const struct tree *tree,
		    struct store_stats *named)
{
	*named = *stats;
	named->outcomes = NULL;
	named->abandoned = NULL;
	if (stats->outcome_count > 0) {
		named->outcomes =
			calloc(stats->outcome_count, sizeof(*named->outcomes));
		if (!named->outcomes)
			return -1;
	}
	if (stats->abandoned_count > 0) {
		named->abandoned = calloc(stats->abandoned_count,
					  sizeof(*named->abandoned));
		if (!named->abandoned) {
			free(named->outcomes);
			return -1;
		}
	}
	for (size_t i = 0; i < stats->outcome_count; i++) {
		named->outcomes[i] = stats->outcomes[i];
		named->outcomes[i].label =
			(char *)outcome_name(tree, stats->outcomes[i].label);
	}
	for (size_t i = 0; i < stats->abandoned_count; i++) {
		named->abandoned[i] = stats->abandoned[i];
		named->abandoned[i].label =
			(char *)question_name(tree, stats->abandoned[i].label);
	}
	return 0;
}

static void named_clear(struct store_stats *named)
{
	free(named->outcomes);
	free(named->abandoned);
}

/* The periods of --by, as typed and as stats --json names them. */
static const char *const periods[] = {
	[STORE_BY_NONE] = NULL,
	[STORE_BY_DAY] = "day",
	[STORE_BY_WEEK] = "week",
	[STORE_BY_MONTH] = "month",
};

/* stats --json: ids and names both, for a program. */
static int print_stats_json(FILE *f, const struct store_stats *stats,
			    const struct store_filter *filter,
			    const struct tree *tree)
{
	json_t *root = json_object();
	json_t *triage = json_object();
	json_t *outcomes = json_array();
	json_t *abandoned = json_array();
	json_t *trend = json_array();
	bool is_oom = !root || !triage || !outcomes || !abandoned || !trend;
	int status = EXIT_RESULT;

	for (size_t i = 0; !is_oom && i < 5; i++)
		is_oom = json_object_set_new(triage, stats->triage[i].label,
					     json_integer(
						     stats->triage[i].count)) !=
			 0;
	for (size_t i = 0; !is_oom && i < stats->outcome_count; i++) {
		const char *id = stats->outcomes[i].label;

		is_oom = json_array_append_new(
				 outcomes,
				 json_pack("{s:s, s:s, s:I}", "id", id,
					   "condition", outcome_name(tree, id),
					   "sessions",
					   (json_int_t)stats->outcomes[i]
						   .count)) != 0;
	}
	for (size_t i = 0; !is_oom && i < stats->abandoned_count; i++) {
		const char *id = stats->abandoned[i].label;

		is_oom = json_array_append_new(
				 abandoned,
				 json_pack("{s:s, s:s, s:I}", "question", id,
					   "label", question_name(tree, id),
					   "sessions",
					   (json_int_t)stats->abandoned[i]
						   .count)) != 0;
	}
	for (size_t i = 0; !is_oom && i < stats->trend_count; i++)
		is_oom =
			json_array_append_new(
				trend,
				json_pack("{s:s, s:I}", "period",
					  stats->trend[i].label, "sessions",
					  (json_int_t)stats->trend[i].count)) !=
			0;
	if (!is_oom)
		is_oom =
			json_object_set_new(root, "since",
					    filter->since
						    ? json_string(filter->since)
						    : json_null()) != 0 ||
			json_object_set_new(root, "kiosk",
					    filter->kiosk
						    ? json_string(filter->kiosk)
						    : json_null()) != 0 ||
			json_object_set_new(
				root, "by",
				periods[filter->by]
					? json_string(periods[filter->by])
					: json_null()) != 0 ||
			json_object_set_new(root, "tree",
					    json_pack("{s:s, s:s}", "id",
						      tree_id(tree), "version",
						      tree_version(tree))) !=
				0 ||
			json_object_set_new(root, "sessions",
					    json_integer(stats->sessions)) !=
				0 ||
			json_object_set_new(root, "completed",
					    json_integer(stats->completed)) !=
				0 ||
			json_object_set_new(root, "requests",
					    json_integer(stats->requests)) !=
				0 ||
			json_object_set(root, "triage", triage) != 0 ||
			json_object_set(root, "outcomes", outcomes) != 0 ||
			json_object_set(root, "abandoned", abandoned) != 0 ||
			json_object_set(root, "trend", trend) != 0;
	if (is_oom) {
		status = cmd_out_of_memory();
	} else if (json_dumpf(root, f, JSON_INDENT(2)) != 0 ||
		   fputc('\n', f) == EOF || fflush(f) == EOF) {
		status = cmd_write_error(errno);
	}
	json_decref(triage);
	json_decref(outcomes);
	json_decref(abandoned);
	json_decref(trend);
	json_decref(root);
	return status;
}

/* stats --format html */

/* Writes s escaped for HTML text and attribute values. */
static void html_text(FILE *f, const char *s)
{
	char *safe = printable_new(s);
	const char *p = safe ? safe : "";

	for (; *p; p++) {
		switch (*p) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&#39;", f);
			break;
		default:
			fputc(*p, f);
		}
	}
	free(safe);
}

/* Sizes of an SVG bar chart, in pixels. */
#define SVG_WIDTH	720
#define SVG_LABEL	300 /* the labels' column */
#define SVG_BAR		340 /* the longest bar */
#define SVG_ROW		26
#define SVG_LABEL_CHARS 44

/*
 * One chart: a heading, then an SVG of horizontal bars, one a row (the
 * label, the bar, the count), the largest count the longest bar. Text
 * longer than the label column is cut with an ellipsis, whole in the
 * row's title (a tooltip).
 */
static void html_chart(FILE *f, const char *title,
		       const struct store_count *rows, size_t n)
{
	int64_t most = 0;
	size_t height = n * SVG_ROW + 4;

	for (size_t i = 0; i < n; i++)
		if (rows[i].count > most)
			most = rows[i].count;
	fputs("<section>\n<h2>", f);
	html_text(f, title);
	fprintf(f,
		"</h2>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
		"class=\"chart\" role=\"img\" width=\"%d\" height=\"%zu\" "
		"viewBox=\"0 0 %d %zu\">\n<title>",
		SVG_WIDTH, height, SVG_WIDTH, height);
	html_text(f, title);
	fputs("</title>\n", f);
	for (size_t i = 0; i < n; i++) {
		size_t y = i * SVG_ROW + 2;
		long bar = most > 0 ? (long)(rows[i].count * SVG_BAR / most)
				    : 0;
		char *cut = text_fit(rows[i].label, SVG_LABEL_CHARS, "…");

		if (rows[i].count > 0 && bar < 1)
			bar = 1;
		fprintf(f, "<g><title>");
		html_text(f, rows[i].label);
		fprintf(f, ": %" PRId64 "</title>", rows[i].count);
		fprintf(f, "<text x=\"0\" y=\"%zu\">", y + 17);
		html_text(f, cut ? cut : rows[i].label);
		fprintf(f,
			"</text><rect x=\"%d\" y=\"%zu\" width=\"%ld\" "
			"height=\"%d\"/><text x=\"%ld\" y=\"%zu\">%" PRId64
			"</text></g>\n",
			SVG_LABEL, y + 3, bar, SVG_ROW - 8, SVG_LABEL + bar + 6,
			y + 17, rows[i].count);
		free(cut);
	}
	fputs("</svg>\n</section>\n", f);
}

/* A one-page report for the practice manager: the figures, and charts of
 * the sessions by month (or filter's period), triage, condition and the
 * question where sessions stopped; no script, nothing fetched. */
static int print_stats_html(FILE *f, const struct store_stats *named,
			    const struct store_filter *filter,
			    const struct tree *tree)
{
	static const char *const trend_titles[] = {
		[STORE_BY_DAY] = "Sessions by day",
		[STORE_BY_WEEK] = "Sessions by week (from Monday)",
		[STORE_BY_MONTH] = "Sessions by month",
	};
	char made[32];

	format_time((int64_t)time(NULL), false, made, sizeof(made));
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	      "<meta charset=\"utf-8\">\n"
	      "<title>Kiosk report</title>\n<style>\n"
	      "body{font-family:sans-serif;max-width:46em;margin:1em auto;"
	      "color:#222}\n"
	      "h1{font-size:1.5em}h2{font-size:1.1em;margin-top:1.2em}\n"
	      ".chart text{font-size:13px;fill:#222}\n"
	      ".chart rect{fill:#2a6f97}\n"
	      "dl{display:grid;grid-template-columns:auto 1fr;gap:.2em 1em}\n"
	      "dd{margin:0}\n@media print{body{margin:0}}\n"
	      "</style>\n</head>\n<body>\n<h1>Kiosk report</h1>\n<p>",
	      f);
	if (filter->kiosk) {
		fputs("Kiosk ", f);
		html_text(f, filter->kiosk);
		fputs(", s", f);
	} else {
		fputs("S", f);
	}
	fputs("essions ", f);
	if (filter->since) {
		fputs("since ", f);
		html_text(f, filter->since);
	} else {
		fputs("of every day recorded", f);
	}
	fputs("; made ", f);
	html_text(f, made);
	fputs(" with the tree &ldquo;", f);
	html_text(f, tree_title(tree));
	fputs("&rdquo;, version ", f);
	html_text(f, tree_version(tree));
	fprintf(f,
		".</p>\n<dl>\n<dt>Kiosk sessions</dt><dd>%" PRId64
		"</dd>\n<dt>Completed</dt><dd>%" PRId64,
		named->sessions, named->completed);
	if (named->sessions > 0)
		fprintf(f, " (%.0f%%)",
			100.0 * (double)named->completed /
				(double)named->sessions);
	fprintf(f,
		"</dd>\n<dt>Contact requests taken</dt><dd>%" PRId64
		"</dd>\n</dl>\n",
		named->requests);
	if (filter->by != STORE_BY_NONE && named->trend_count > 0)
		html_chart(f, trend_titles[filter->by], named->trend,
			   named->trend_count);
	html_chart(f, "By triage", named->triage, 5);
	if (named->outcome_count > 0)
		html_chart(f, "By condition", named->outcomes,
			   named->outcome_count);
	if (named->abandoned_count > 0)
		html_chart(f, "Abandoned at question", named->abandoned,
			   named->abandoned_count);
	fputs("<p><small>The figures hold nothing personal: a date, an "
	      "outcome or the question where a session stopped, and whether "
	      "a contact request was taken.</small></p>\n</body>\n</html>\n",
	      f);
	if (ferror(f) || fflush(f) == EOF)
		return cmd_write_error(errno);
	return EXIT_RESULT;
}

enum stats_format { STATS_TEXT, STATS_JSON, STATS_HTML };

/* What a stats command line asks for. */
struct stats_args {
	const char *db_option;
	const char *tree_path;
	enum stats_format format;
	struct store_filter filter;
	bool has_by;
};

static bool take_json(const char *value, void *to)
{
	(void)value; /* a flag */
	((struct stats_args *)to)->format = STATS_JSON;
	return true;
}

static bool take_format(const char *value, void *to)
{
	static const char *const names[] = {
		[STATS_TEXT] = "text",
		[STATS_JSON] = "json",
		[STATS_HTML] = "html",
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		if (strcmp(value, names[i]) == 0) {
			((struct stats_args *)to)->format =
				(enum stats_format)i;
			return true;
		}
	}
	cli_error("invalid format '%s' (text, json or html)", value);
	return false;
}

static bool take_kiosk(const char *value, void *to)
{
	if (!kiosk_is_name(value)) {
		cli_error("invalid kiosk name '%s'", value);
		return false;
	}
	((struct stats_args *)to)->filter.kiosk = value;
	return true;
}

static bool take_period(const char *value, void *to)
{
	struct stats_args *a = to;

	a->filter.by = STORE_BY_NONE;
	a->has_by = true;
	for (size_t i = STORE_BY_DAY; i <= STORE_BY_MONTH; i++)
		if (strcmp(value, periods[i]) == 0)
			a->filter.by = (enum store_period)i;
	if (a->filter.by != STORE_BY_NONE)
		return true;
	cli_error("invalid period '%s' (day, week or month)", value);
	return false;
}

/* Reads the figures a asks for from the open store and prints them. */
static int stats_run(struct store *store, const char *path,
		     const struct tree *tree, const struct stats_args *a)
{
	struct store_stats stats;
	struct store_stats named;
	int status;

	if (store_stats_of(store, &a->filter, &stats) != 0)
		return db_error(path, store_errmsg(store));
	if (a->format == STATS_JSON) {
		status = print_stats_json(stdout, &stats, &a->filter, tree);
	} else if (named_of(&stats, tree, &named) != 0) {
		status = cmd_out_of_memory();
	} else {
		status = a->format == STATS_HTML
				 ? print_stats_html(stdout, &named, &a->filter,
						    tree)
				 : print_stats(stdout, &named, &a->filter);
		named_clear(&named);
	}
	store_stats_clear(&stats);
	return status;
}

int cmd_stats(int argc, char **argv)
{
	static const struct cmd stats_cmd = {.name = "stats"};
	struct stats_args a = {.format = STATS_TEXT,
			       .filter = {.by = STORE_BY_NONE}};
	const struct cmd_option options[] = {
		{"db", 0, CMD_VALUE, .value = &a.db_option},
		{"since", 0, CMD_VALUE, .value = &a.filter.since},
		{"kiosk", 0, CMD_VALUE, .take = take_kiosk, .to = &a},
		{"by", 0, CMD_VALUE, .take = take_period, .to = &a},
		{"tree", 0, CMD_VALUE, .value = &a.tree_path},
		{"json", 0, CMD_FLAG, .take = take_json, .to = &a},
		{"format", 0, CMD_VALUE, .take = take_format, .to = &a},
		{NULL},
	};
	struct store *store = NULL;
	struct tree *tree = NULL;
	const char *path;
	int status;

	status = cmd_parse_only(&stats_cmd, options, argc, argv);
	if (status != CMD_GO_ON)
		return status;
	if (a.filter.since && !store_is_date(a.filter.since))
		return cmd_usage_error(&stats_cmd,
				       "invalid date '%s' (expected YYYY-MM-DD)",
				       a.filter.since);
	path = store_path(a.db_option);
	if (a.filter.kiosk && !store_is_uri(path))
		return cmd_usage_error(&stats_cmd,
				       "--kiosk needs a PostgreSQL store (a "
				       "SQLite database records no kiosk "
				       "names)");
	/* The monthly report charts the months unless told otherwise. */
	if (a.format == STATS_HTML && !a.has_by)
		a.filter.by = STORE_BY_MONTH;
	status = cli_load_tree(a.tree_path, 0, &tree);
	if (status != EXIT_RESULT)
		return status;
	status = open_store(path, true, &store);
	if (status != EXIT_RESULT) {
		tree_free(tree);
		return status;
	}
	status = stats_run(store, path, tree, &a);
	store_free(store);
	tree_free(tree);
	return status;
}

/* db */

/* Makes or migrates the schema: a PostgreSQL database's with its roles'
 * rights (store_pg_init), or a SQLite file's as any writer would. */
static int db_init(const char *path, const char *kiosk_role,
		   const char *staff_role)
{
	struct store *store = NULL;
	char *message = NULL;
	int from, to;

	if (!store_is_uri(path)) {
		/* As the kiosk would make it. */
		if (store_open(path, STORE_CREATE, &store, &message) !=
		    STORE_OK) {
			db_error(path, message);
			free(message);
			return EXIT_IO;
		}
		to = store_schema_version(store);
		store_free(store);
		if (printf("Schema version %d is ready.\n", to) < 0)
			return cmd_write_error(errno);
		return EXIT_RESULT;
	}
	if (store_pg_init(path, kiosk_role, staff_role, &from, &message) != 0) {
		db_error(path, message);
		free(message);
		return EXIT_IO;
	}
	to = STORE_PG_SCHEMA_VERSION;
	if ((from == to ? printf("Schema version %d is up to date.\n", to)
			: printf("Schema version %d made (it was %d).\n", to,
				 from)) < 0 ||
	    (kiosk_role &&
	     printf("The kiosks' role '%s' may add requests, figures and "
		    "alerts, and read none.\n",
		    kiosk_role) < 0) ||
	    (staff_role &&
	     printf("The staff's role '%s' may read, mark done and purge "
		    "requests, and read figures.\n",
		    staff_role) < 0))
		return cmd_write_error(errno);
	return EXIT_RESULT;
}

/* Shows what waits in the kiosk's outbox, when it has one. */
static int outbox_status(const char *outbox)
{
	struct store_waiting w;
	char *message = NULL;

	store_outbox_setup(NULL, outbox, false);
	if (store_outbox_waiting(&w, &message) != 0) {
		cli_error("%s", message ? message : "out of memory");
		free(message);
		return EXIT_IO;
	}
	if (printf("Outbox: %" PRId64 " request%s, %" PRId64
		   " session%s and %" PRId64 " alert%s wait in %s\n",
		   w.requests, w.requests == 1 ? "" : "s", w.sessions,
		   w.sessions == 1 ? "" : "s", w.alerts,
		   w.alerts == 1 ? "" : "s", store_outbox_path()) < 0)
		return cmd_write_error(errno);
	return EXIT_RESULT;
}

/* Shows the engine and the schema's version, and on a kiosk with a
 * PostgreSQL store what waits in its outbox (first: the server may be
 * the trouble). */
static int db_status(const char *path, const char *outbox)
{
	struct store *store = NULL;
	bool is_pg = store_is_uri(path);
	int status;
	int version;

	if (is_pg && (outbox || access(STORE_DEFAULT_OUTBOX, F_OK) == 0)) {
		status = outbox_status(outbox);
		if (status != EXIT_RESULT)
			return status;
	}
	status = open_store(path, true, &store);
	if (status != EXIT_RESULT)
		return status;
	version = store_schema_version(store);
	store_free(store);
	if (printf("Engine: %s\nSchema version: %d (this runcheck's)\n",
		   is_pg ? "PostgreSQL" : "SQLite", version) < 0)
		return cmd_write_error(errno);
	return EXIT_RESULT;
}

int cmd_db(int argc, char **argv)
{
	static const struct cmd db_cmd = {.name = "db"};
	const char *db_option = NULL;
	const char *outbox = NULL;
	const char *kiosk_role = NULL;
	const char *staff_role = NULL;
	const struct cmd_option options[] = {
		{"db", 0, CMD_VALUE, .value = &db_option},
		{"kiosk-role", 0, CMD_VALUE, .value = &kiosk_role},
		{"staff-role", 0, CMD_VALUE, .value = &staff_role},
		{"outbox", 0, CMD_VALUE, .value = &outbox},
		{NULL},
	};
	const char *action;
	const char *path;
	int status;
	int next;

	status = cmd_parse(&db_cmd, options, argc, argv, &next);
	if (status != CMD_GO_ON)
		return status;
	if (next >= argc)
		return cmd_usage_error(&db_cmd,
				       "db needs a command: init or status");
	action = argv[next++];
	if (strcmp(action, "init") != 0 && strcmp(action, "status") != 0)
		return cmd_usage_error(&db_cmd, "unknown db command '%s'",
				       action);
	status = cmd_no_operands(&db_cmd, argc, argv, next);
	if (status != CMD_GO_ON)
		return status;
	path = store_path(db_option);
	if ((kiosk_role || staff_role) &&
	    (strcmp(action, "init") != 0 || !store_is_uri(path)))
		return cmd_usage_error(&db_cmd,
				       "--kiosk-role and --staff-role are only "
				       "for db init on PostgreSQL");
	if (outbox &&
	    (strcmp(action, "status") != 0 || !store_is_uri(path) || !*outbox))
		return cmd_usage_error(&db_cmd,
				       "--outbox FILE is only for db status on "
				       "PostgreSQL");
	if ((kiosk_role && !*kiosk_role) || (staff_role && !*staff_role))
		return cmd_usage_error(&db_cmd,
				       "a role's name cannot be empty");
	if (strcmp(action, "init") == 0)
		return db_init(path, kiosk_role, staff_role);
	return db_status(path, outbox);
}
