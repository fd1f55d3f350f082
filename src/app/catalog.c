/*
 * catalog.c - reading a .po catalog with libgettextpo, and lint's checks
 * of it against the English.
 */
#include "catalog.h"

#include <dlfcn.h>
#include <errno.h>
#include <gettext-po.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clinic.h"
#include "mem.h"
#include "text.h"

struct catalog {
	po_file_t file;
	char *text; /* the bytes read, for the lines of header fields */
	size_t len;
	struct diag_pos header_pos;	   /* the header entry's msgid */
	struct diag_pos header_msgstr_pos; /* and its msgstr */
	const char *header;		   /* NULL when there is none */
	struct catalog_entry *entries;	   /* sorted by msgctxt, then msgid */
	size_t count;
};

/* ---- libgettextpo, loaded when a catalog is read ------------------------ */

/*
 * libgettextpo is loaded with dlopen, as store_pg.c loads libpq: linked,
 * it and the libunistring it needs would be mapped at every start of
 * every command, the kiosk's included, for lint alone (and Debian's
 * static archive needs libunistring's, which Debian does not ship).
 */
#define GPO_FUNCTIONS(X)                                                       \
	X(po_file_read_v3)                                                     \
	X(po_file_free)                                                        \
	X(po_file_domains)                                                     \
	X(po_header_field)                                                     \
	X(po_message_iterator)                                                 \
	X(po_message_iterator_free)                                            \
	X(po_next_message)                                                     \
	X(po_message_msgctxt)                                                  \
	X(po_message_msgid)                                                    \
	X(po_message_msgstr)                                                   \
	X(po_message_is_obsolete)                                              \
	X(po_message_is_fuzzy)

#define GPO_DECLARE(f) static __typeof__(f) *gpo_##f;
GPO_FUNCTIONS(GPO_DECLARE)
#undef GPO_DECLARE

#define po_file_read_v3		 gpo_po_file_read_v3
#define po_file_free		 gpo_po_file_free
#define po_file_domains		 gpo_po_file_domains
#define po_header_field		 gpo_po_header_field
#define po_message_iterator	 gpo_po_message_iterator
#define po_message_iterator_free gpo_po_message_iterator_free
#define po_next_message		 gpo_po_next_message
#define po_message_msgctxt	 gpo_po_message_msgctxt
#define po_message_msgid	 gpo_po_message_msgid
#define po_message_msgstr	 gpo_po_message_msgstr
#define po_message_is_obsolete	 gpo_po_message_is_obsolete
#define po_message_is_fuzzy	 gpo_po_message_is_fuzzy

/* The soname Debian's libgettextpo0 installs. */
#define GPO_LIBRARY "libgettextpo.so.0"

const char *catalog_library_error(void)
{
	static void *handle;
	static char message[512];

	if (handle != NULL)
		return NULL;
	if (message[0] != '\0')
		return message;
	handle = dlopen(GPO_LIBRARY, RTLD_NOW | RTLD_LOCAL);
	if (handle == NULL) {
		snprintf(message, sizeof message,
			 "checking a catalog needs libgettextpo (Debian "
			 "package libgettextpo0): %s",
			 dlerror());
		return message;
	}
#define GPO_RESOLVE(f)                                                         \
	if ((*(void **)&gpo_##f = dlsym(handle, #f)) == NULL) {                \
		snprintf(message, sizeof message,                              \
			 "%s has no function %s: GNU gettext 0.19 or later "   \
			 "is needed",                                          \
			 GPO_LIBRARY, #f);                                     \
		dlclose(handle);                                               \
		handle = NULL;                                                 \
		return message;                                                \
	}
	GPO_FUNCTIONS(GPO_RESOLVE)
#undef GPO_RESOLVE
	return NULL;
}

/* ---- reading ----------------------------------------------------------- */

/* Where libgettextpo's reports go while a file is read: its handler has
 * no context of its own, so catalog_load is not reentrant. */
static struct diag_list *reading;

static struct diag_pos po_pos(size_t lineno, size_t column)
{
	struct diag_pos pos = {1, 1};

	if (lineno != (size_t)-1 && lineno > 0 && lineno <= UINT32_MAX)
		pos.line = (uint32_t)lineno;
	if (column != (size_t)-1 && column > 0 && column <= UINT32_MAX)
		pos.column = (uint32_t)column;
	return pos;
}

/*
 * A problem libgettextpo found. Its one fatal report while reading is
 * the count of the errors it has reported already ("found N fatal
 * errors"): that one is not repeated, and returning from it is safe in
 * the gettext this builds on (the reader only returns after it).
 */
static void on_xerror(int severity, po_message_t message, const char *file,
		      size_t lineno, size_t column, int multiline,
		      const char *text)
{
	(void)message;
	(void)file;
	(void)multiline;
	if (severity == PO_SEVERITY_FATAL_ERROR && lineno == (size_t)-1)
		return;
	diag_add(reading,
		 severity == PO_SEVERITY_WARNING ? DIAG_WARNING : DIAG_ERROR,
		 po_pos(lineno, column), "%s", text);
}

static void on_xerror2(int severity, po_message_t message1, const char *file1,
		       size_t lineno1, size_t column1, int multiline1,
		       const char *text1, po_message_t message2,
		       const char *file2, size_t lineno2, size_t column2,
		       int multiline2, const char *text2)
{
	(void)message1;
	(void)file1;
	(void)multiline1;
	(void)message2;
	(void)file2;
	(void)column2;
	(void)multiline2;
	diag_add(reading,
		 severity == PO_SEVERITY_WARNING ? DIAG_WARNING : DIAG_ERROR,
		 po_pos(lineno1, column1), "%s (line %zu: %s)", text1,
		 lineno2 == (size_t)-1 ? (size_t)0 : lineno2, text2);
}

/* Where an entry's keywords stand, as the lines show them. */
struct located {
	struct diag_pos pos, fuzzy_pos, msgstr_pos;
	bool is_fuzzy;
};

/* True when the line at p starts with keyword as a whole word. */
static bool is_keyword(const char *p, const char *end, const char *keyword)
{
	size_t n = strlen(keyword);

	return (size_t)(end - p) > n && strncmp(p, keyword, n) == 0 &&
	       (p[n] == ' ' || p[n] == '\t' || p[n] == '"' || p[n] == '[');
}

/*
 * Finds each entry that is not obsolete, in order: its first keyword
 * (msgctxt, else msgid), the "#," line that marks it fuzzy, its msgstr.
 * Returns how many, into a new array at *out (NULL when out of memory).
 */
static size_t locate(const char *text, size_t len, struct located **out)
{
	struct located *found = NULL, cur = {0};
	size_t count = 0, capacity = 0;
	struct diag_pos fuzzy = {0, 0};
	bool in_entry = false;
	uint32_t line = 0;

	*out = NULL;
	for (size_t at = 0; at < len; line++) {
		/* text is NUL-terminated (catalog_load's copy). */
		const char *start = text + at;
		size_t n = strcspn(start, "\n");
		size_t indent = strspn(start, " \t"); /* stops at the \n */
		const char *end = start + n;

		at += n + 1;
		const char *p = start + indent;
		size_t rest = n - indent;
		struct diag_pos here = {line + 1, (uint32_t)indent + 1};

		if (rest >= 2 && p[0] == '#' && p[1] == '~') {
			fuzzy = (struct diag_pos){0, 0};
		} else if (rest >= 2 && p[0] == '#' && p[1] == ',') {
			for (size_t w = 2; w + 5 <= rest; w++)
				if (strncmp(p + w, "fuzzy", 5) == 0)
					fuzzy = here;
		} else if (!in_entry && (is_keyword(p, end, "msgctxt") ||
					 is_keyword(p, end, "msgid"))) {
			in_entry = true;
			cur = (struct located){.pos = here,
					       .fuzzy_pos = fuzzy,
					       .is_fuzzy = fuzzy.line > 0};
		} else if (in_entry && is_keyword(p, end, "msgstr")) {
			cur.msgstr_pos = here;
			if (mem_grow(&found, &capacity, count + 1,
				     sizeof *found) < 0) {
				free(found);
				return 0;
			}
			found[count++] = cur;
			in_entry = false;
			fuzzy = (struct diag_pos){0, 0};
		}
	}
	*out = found;
	return count;
}

static int entry_compare(const char *ctxt_a, const char *id_a,
			 const char *ctxt_b, const char *id_b)
{
	if ((ctxt_a == NULL) != (ctxt_b == NULL))
		return ctxt_a == NULL ? -1 : 1;
	if (ctxt_a != NULL) {
		int c = strcmp(ctxt_a, ctxt_b);

		if (c != 0)
			return c;
	}
	return strcmp(id_a, id_b);
}

static int sorted_compare(const void *a, const void *b)
{
	const struct catalog_entry *x = a;
	const struct catalog_entry *y = b;

	return entry_compare(x->msgctxt, x->msgid, y->msgctxt, y->msgid);
}

/* Reads the entries of the default domain, with their places. */
static bool read_entries(struct catalog *c, const struct located *loc,
			 size_t loc_count)
{
	po_message_iterator_t it = po_message_iterator(c->file, NULL);
	po_message_t m;
	size_t k = 0, n = 0;

	c->entries = mem_calloc(loc_count + 1, sizeof *c->entries);
	if (c->entries == NULL) {
		po_message_iterator_free(it);
		return false;
	}
	while ((m = po_next_message(it)) != NULL) {
		struct located here = {{1, 1}, {1, 1}, {1, 1}, false};

		if (po_message_is_obsolete(m))
			continue;
		/* The lines found and the entries read agree, unless the
		 * file is one this reading does not follow (then every
		 * entry is said to stand at 1:1). */
		if (k < loc_count)
			here = loc[k];
		k++;
		if (po_message_msgctxt(m) == NULL &&
		    *po_message_msgid(m) == '\0') {
			c->header = po_message_msgstr(m);
			c->header_pos = here.pos;
			c->header_msgstr_pos = here.msgstr_pos;
			continue;
		}
		if (n == loc_count)
			break;
		c->entries[n] = (struct catalog_entry){
			.msgctxt = po_message_msgctxt(m),
			.msgid = po_message_msgid(m),
			.msgstr = po_message_msgstr(m),
			.is_fuzzy = po_message_is_fuzzy(m) != 0,
			.pos = here.pos,
			.fuzzy_pos = here.is_fuzzy ? here.fuzzy_pos : here.pos,
			.msgstr_pos = here.msgstr_pos,
		};
		n++;
	}
	po_message_iterator_free(it);
	if (k != loc_count)
		for (size_t i = 0; i < n; i++)
			c->entries[i].pos = c->entries[i].fuzzy_pos =
				c->entries[i].msgstr_pos =
					(struct diag_pos){1, 1};
	c->count = n;
	qsort(c->entries, n, sizeof *c->entries, sorted_compare);
	return true;
}

enum yread_status catalog_load(struct source *src, struct diag_list *diags,
			       struct catalog **out)
{
	static const struct po_xerror_handler handler = {on_xerror, on_xerror2};
	enum yread_status status = source_read_text(src, diags);
	size_t errors_before = diags->error_count;
	struct catalog *c = NULL;
	struct located *loc = NULL;
	size_t loc_count;
	FILE *copy = NULL;
	char name[64];

	*out = NULL;
	if (status != YREAD_OK)
		return status;
	c = mem_calloc(1, sizeof *c);
	if (c == NULL || (c->text = mem_strndup(src->text, src->len)) == NULL)
		goto nomem;
	c->len = src->len;
	/* libgettextpo reads by name: it is given a copy of the bytes read
	 * once, so that it sees what the lines below are found in. */
	copy = tmpfile();
	if (copy == NULL || fwrite(src->text, 1, src->len, copy) != src->len ||
	    fflush(copy) != 0) {
		status = YREAD_READ_ERROR;
		goto fail;
	}
	snprintf(name, sizeof name, "/dev/fd/%d", fileno(copy));
	reading = diags;
	c->file = po_file_read(name, &handler);
	reading = NULL;
	if (c->file == NULL) {
		status = YREAD_READ_ERROR;
		goto fail;
	}
	if (diags->error_count > errors_before) {
		status = YREAD_INVALID;
		goto fail;
	}
	{
		const char *const *domains = po_file_domains(c->file);

		if (domains != NULL && domains[0] != NULL &&
		    domains[1] != NULL) {
			diag_add(diags, DIAG_ERROR, (struct diag_pos){1, 1},
				 "the catalog has more than one domain; a "
				 "runcheck catalog is one domain, named by its "
				 "folder");
			status = YREAD_INVALID;
			goto fail;
		}
	}
	loc_count = locate(c->text, c->len, &loc);
	if (loc_count > 0 && loc == NULL)
		goto nomem;
	if (!read_entries(c, loc, loc_count))
		goto nomem;
	free(loc);
	fclose(copy);
	*out = c;
	return YREAD_OK;
nomem:
	status = YREAD_NOMEM;
fail:
	if (copy != NULL)
		fclose(copy);
	free(loc);
	catalog_free(c);
	return status;
}

void catalog_free(struct catalog *catalog)
{
	if (catalog == NULL)
		return;
	if (catalog->file != NULL)
		po_file_free(catalog->file);
	free(catalog->entries);
	free(catalog->text);
	free(catalog);
}

size_t catalog_count(const struct catalog *catalog)
{
	return catalog->count;
}

const struct catalog_entry *catalog_entry(const struct catalog *catalog,
					  size_t i)
{
	return &catalog->entries[i];
}

const struct catalog_entry *catalog_find(const struct catalog *catalog,
					 const char *msgctxt, const char *msgid)
{
	size_t lo = 0, hi = catalog->count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct catalog_entry *e = &catalog->entries[mid];
		int c = entry_compare(msgctxt, msgid, e->msgctxt, e->msgid);

		if (c == 0)
			return e;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

char *catalog_field(const struct catalog *catalog, const char *name)
{
	char *value;

	if (catalog->header == NULL)
		return NULL;
	value = po_header_field(catalog->header, name);
	if (value != NULL) {
		/* Blanks around the value are not part of it. */
		size_t n = strlen(value);

		while (n > 0 && (value[n - 1] == ' ' || value[n - 1] == '\t'))
			value[--n] = '\0';
	}
	return value;
}

struct diag_pos catalog_field_pos(const struct catalog *catalog,
				  const char *name)
{
	size_t n = strlen(name);
	uint32_t line = 1;

	if (catalog->header == NULL)
		return (struct diag_pos){1, 1};
	/* The header's lines: from its msgstr to the first that is not a
	 * quoted string. */
	for (size_t at = 0; at < catalog->len; line++) {
		const char *start = catalog->text + at;
		const char *end = memchr(start, '\n', catalog->len - at);
		const char *p = start;

		if (end == NULL)
			end = catalog->text + catalog->len;
		at = (size_t)(end - catalog->text) + 1;
		if (line < catalog->header_msgstr_pos.line)
			continue;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (line > catalog->header_msgstr_pos.line &&
		    (p == end || *p != '"'))
			break;
		if (p < end && *p == '"' && (size_t)(end - p) > n + 1 &&
		    strncmp(p + 1, name, n) == 0 && p[n + 1] == ':')
			return (struct diag_pos){line,
						 (uint32_t)(p - start) + 2};
	}
	return catalog->header_pos;
}

bool catalog_is_clinic(const struct catalog *catalog)
{
	char *tree = catalog_field(catalog, "X-Runcheck-Tree");
	char *clinic = catalog_field(catalog, "X-Runcheck-Clinic");
	bool is_clinic = tree == NULL && clinic != NULL;

	free(tree);
	free(clinic);
	return is_clinic;
}

/* ---- the English ------------------------------------------------------- */

static void add_text(void *ctx, const char *msgctxt, const char *msgid,
		     uint32_t line, uint32_t column)
{
	struct catalog_english *e = ctx;
	struct catalog_text *t;

	if (e->is_oom || mem_grow(&e->texts, &e->capacity, e->count + 1,
				  sizeof *e->texts) < 0) {
		e->is_oom = true;
		return;
	}
	t = &e->texts[e->count];
	t->msgctxt = msgctxt != NULL ? mem_strndup(msgctxt, strlen(msgctxt))
				     : NULL;
	t->msgid = mem_strndup(msgid, strlen(msgid));
	t->pos = (struct diag_pos){line, column};
	e->count++;
	if ((msgctxt != NULL && t->msgctxt == NULL) || t->msgid == NULL)
		e->is_oom = true;
}

bool catalog_english_tree(struct catalog_english *e, const struct tree *tree)
{
	tree_each_text(tree, add_text, e);
	return !e->is_oom;
}

bool catalog_english_clinic(struct catalog_english *e,
			    const struct clinic *clinic)
{
	clinic_each_text(clinic, add_text, e);
	return !e->is_oom;
}

bool catalog_english_template(struct catalog_english *e,
			      const struct catalog *template)
{
	for (size_t i = 0; i < template->count; i++) {
		const struct catalog_entry *t = &template->entries[i];

		add_text(e, t->msgctxt, t->msgid, t->pos.line, t->pos.column);
	}
	return !e->is_oom;
}

void catalog_english_free(struct catalog_english *e)
{
	for (size_t i = 0; i < e->count; i++) {
		free(e->texts[i].msgctxt);
		free(e->texts[i].msgid);
	}
	free(e->texts);
	e->texts = NULL;
	e->count = e->capacity = 0;
}

/* ---- lint -------------------------------------------------------------- */

/* The placeholders of a text, each as written, sorted: printf-style
 * conversions ("%s", "%1$d"; "%%" is a per cent sign) and {...} names. */
#define MAX_PLACEHOLDERS 32
#define PLACEHOLDER_SIZE 24

struct placeholders {
	char items[MAX_PLACEHOLDERS][PLACEHOLDER_SIZE];
	size_t count;
};

static size_t printf_spec_len(const char *s)
{
	size_t i = 1;

	while (s[i] >= '0' && s[i] <= '9')
		i++;
	if (s[i] == '$' && i > 1)
		i++;
	else
		i = 1;
	while (s[i] != '\0' && strchr("-+#0'", s[i]))
		i++;
	while ((s[i] >= '0' && s[i] <= '9') || s[i] == '*')
		i++;
	if (s[i] == '.') {
		i++;
		while ((s[i] >= '0' && s[i] <= '9') || s[i] == '*')
			i++;
	}
	while (s[i] != '\0' && strchr("hlLqjzt", s[i]))
		i++;
	if (s[i] != '\0' && strchr("diouxXeEfFgGaAcspn", s[i]))
		return i + 1;
	return 0;
}

static int placeholder_compare(const void *a, const void *b)
{
	return strcmp(a, b);
}

static void placeholders_of(const char *s, struct placeholders *out)
{
	out->count = 0;
	for (size_t i = 0; s[i] != '\0'; i++) {
		size_t n = 0;

		if (s[i] == '%' && s[i + 1] == '%') {
			i++;
			continue;
		}
		if (s[i] == '%') {
			n = printf_spec_len(s + i);
		} else if (s[i] == '{') {
			n = 1;
			while (s[i + n] == '_' ||
			       (s[i + n] >= '0' && s[i + n] <= '9') ||
			       (s[i + n] >= 'a' && s[i + n] <= 'z') ||
			       (s[i + n] >= 'A' && s[i + n] <= 'Z'))
				n++;
			n = s[i + n] == '}' ? n + 1 : 0;
		}
		if (n == 0 || out->count == MAX_PLACEHOLDERS)
			continue;
		snprintf(out->items[out->count++], PLACEHOLDER_SIZE, "%.*s",
			 (int)n, s + i);
		i += n - 1;
	}
	qsort(out->items, out->count, PLACEHOLDER_SIZE, placeholder_compare);
}

static bool same_placeholders(const struct placeholders *a,
			      const struct placeholders *b)
{
	if (a->count != b->count)
		return false;
	for (size_t i = 0; i < a->count; i++)
		if (strcmp(a->items[i], b->items[i]) != 0)
			return false;
	return true;
}

/* "%s, {name}", or "none", into buf. */
static const char *placeholder_list(const struct placeholders *p, char *buf,
				    size_t size)
{
	size_t used = 0;

	snprintf(buf, size, "none");
	for (size_t i = 0; i < p->count && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s%s",
					 i > 0 ? ", " : "", p->items[i]);
	return buf;
}

/* What the messages call an entry: its msgctxt when it is a place (a
 * tree's or the clinic's: is_place), else the start of its English, up
 * to its first line break, after its msgctxt ("command word: back"), into
 * buf. */
#define ENTRY_NAME_SIZE 96
static const char *entry_name(const char *msgctxt, const char *msgid,
			      bool is_place, char buf[ENTRY_NAME_SIZE])
{
	size_t n = strcspn(msgid, "\n");

	if (msgctxt != NULL && is_place)
		return msgctxt;
	if (n > 40) /* UTF-8 kept whole: cut before a continuation byte */
		for (n = 40; n > 0 && ((unsigned char)msgid[n] & 0xC0) == 0x80;)
			n--;
	snprintf(buf, ENTRY_NAME_SIZE, "%.24s%s%.*s%s",
		 msgctxt != NULL ? msgctxt : "", msgctxt != NULL ? ": " : "",
		 (int)n, msgid, msgid[n] != '\0' ? "..." : "");
	return buf;
}

/* The checks of one translated entry against its English. */
static void lint_translation(const struct catalog_entry *entry,
			     const char *name, struct diag_list *diags)
{
	const char *tr = entry->msgstr, *en = entry->msgid;
	size_t tr_len = strlen(tr), en_len = strlen(en);
	struct placeholders want, got;

	if (!text_utf8_valid(tr, tr_len)) {
		diag_add(diags, DIAG_ERROR, entry->msgstr_pos,
			 "the translation of '%s' is not valid UTF-8", name);
		return;
	}
	for (size_t i = 0; i < tr_len;) {
		uint32_t cp;

		i += text_utf8_decode(tr + i, tr_len - i, &cp);
		if (cp != '\n' && text_cp_is_control(cp)) {
			diag_add(diags, DIAG_ERROR, entry->msgstr_pos,
				 "the translation of '%s' holds the control "
				 "character U+%04X",
				 name, (unsigned)cp);
			break;
		}
	}
	if ((en[0] == '\n') != (tr[0] == '\n'))
		diag_add(diags, DIAG_ERROR, entry->msgstr_pos,
			 "the translation of '%s' %s with a line break and "
			 "the English %s",
			 name, tr[0] == '\n' ? "starts" : "does not start",
			 en[0] == '\n' ? "does" : "does not");
	if ((en[en_len - 1] == '\n') != (tr[tr_len - 1] == '\n'))
		diag_add(diags, DIAG_ERROR, entry->msgstr_pos,
			 "the translation of '%s' %s with a line break and "
			 "the English %s",
			 name, tr[tr_len - 1] == '\n' ? "ends" : "does not end",
			 en[en_len - 1] == '\n' ? "does" : "does not");
	placeholders_of(en, &want);
	placeholders_of(tr, &got);
	if (!same_placeholders(&want, &got)) {
		char want_list[256], got_list[256];

		diag_add(diags, DIAG_ERROR, entry->msgstr_pos,
			 "the placeholders of the translation of '%s' differ "
			 "from the English: the English has %s, the "
			 "translation %s",
			 name,
			 placeholder_list(&want, want_list, sizeof want_list),
			 placeholder_list(&got, got_list, sizeof got_list));
	}
}

static int text_compare(const void *a, const void *b)
{
	const struct catalog_text *x = a;
	const struct catalog_text *y = b;

	return entry_compare(x->msgctxt, x->msgid, y->msgctxt, y->msgid);
}

/* The English text with msgctxt and msgid (sorted by text_compare), or,
 * when none has both, one with that msgctxt in *same_place; NULL. */
static struct catalog_text *english_find(struct catalog_text *sorted,
					 size_t count, const char *msgctxt,
					 const char *msgid,
					 const struct catalog_text **same_place)
{
	size_t lo = 0, hi = count;

	*same_place = NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = entry_compare(msgctxt, msgid, sorted[mid].msgctxt,
				      sorted[mid].msgid);

		if (c == 0)
			return &sorted[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	/* Texts with one msgctxt sort together: lo is beside them. An
	 * interface's msgctxt is no place: there is none. */
	if (msgctxt == NULL || count == 0)
		return NULL;
	if (lo < count && sorted[lo].msgctxt != NULL &&
	    strcmp(sorted[lo].msgctxt, msgctxt) == 0)
		*same_place = &sorted[lo];
	else if (lo > 0 && sorted[lo - 1].msgctxt != NULL &&
		 strcmp(sorted[lo - 1].msgctxt, msgctxt) == 0)
		*same_place = &sorted[lo - 1];
	return NULL;
}

static bool is_date(const char *s)
{
	static const char shape[] = "dddd-dd-dd";
	int month, day;

	if (strlen(s) != sizeof shape - 1)
		return false;
	for (size_t i = 0; shape[i] != '\0'; i++)
		if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != '-')
			return false;
	month = (s[5] - '0') * 10 + (s[6] - '0');
	day = (s[8] - '0') * 10 + (s[9] - '0');
	return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/* A reviewed catalog's fields: who, when, and for which English. */
static void lint_review(const struct catalog *c,
			const struct catalog_english *e,
			struct diag_list *diags)
{
	char *by = catalog_field(c, "X-Runcheck-Reviewed-By");
	char *date = catalog_field(c, "X-Runcheck-Reviewed-Date");
	char *hash = e->hash_field != NULL ? catalog_field(c, e->hash_field)
					   : NULL;
	struct diag_pos status_pos = catalog_field_pos(c, "X-Runcheck-Status");

	if (by == NULL || *by == '\0')
		diag_add(diags, DIAG_ERROR, status_pos,
			 "a reviewed catalog names its reviewer: "
			 "'X-Runcheck-Reviewed-By: NAME'");
	if (date == NULL || !is_date(date))
		diag_add(diags, DIAG_ERROR,
			 date != NULL
				 ? catalog_field_pos(c,
						     "X-Runcheck-Reviewed-Date")
				 : status_pos,
			 "a reviewed catalog gives the review's date: "
			 "'X-Runcheck-Reviewed-Date: YYYY-MM-DD'%s%s%s",
			 date != NULL ? ", not '" : "",
			 date != NULL ? date : "", date != NULL ? "'" : "");
	if (e->hash_field == NULL)
		; /* the interface: its English is the program's */
	else if (hash == NULL)
		diag_add(diags, DIAG_ERROR, status_pos,
			 "a reviewed catalog names the English it was reviewed "
			 "against: '%s: %s' (the content hash that runcheck "
			 "report --lang shows)",
			 e->hash_field, e->hash);
	else if (strcasecmp(hash, e->hash) != 0)
		diag_add(diags, DIAG_ERROR, catalog_field_pos(c, e->hash_field),
			 "the catalog was reviewed for other English: %s is "
			 "%.12s..., but %s is now %.12s...; the English "
			 "changed since the review: bring the catalog up to "
			 "date (msgmerge), have the changes reviewed, then set "
			 "the new hash, or set X-Runcheck-Status: draft",
			 e->hash_field, hash, e->file, e->hash);
	free(by);
	free(date);
	free(hash);
}

/* The header: the English it is for, its status. False when it is for
 * other English, whose entries are not worth a word. */
static bool lint_header(const struct catalog *c,
			const struct catalog_english *e,
			struct diag_list *diags)
{
	char *kind = e->kind_field != NULL ? catalog_field(c, e->kind_field)
					   : NULL;
	char *status = catalog_field(c, "X-Runcheck-Status");
	bool is_same = true;

	if (c->header == NULL) {
		diag_add(diags, DIAG_ERROR, (struct diag_pos){1, 1},
			 "the catalog has no header entry (msgid \"\"); make "
			 "it from the template that runcheck po writes");
		is_same = false;
	} else if (e->kind_field == NULL) {
		; /* the interface's: its header names no English file */
	} else if (kind == NULL) {
		diag_add(diags, DIAG_ERROR, c->header_pos,
			 "the header does not say what the catalog translates: "
			 "it needs '%s: %s' (the template that runcheck po "
			 "writes has it); an interface catalog "
			 "(po/runcheck/LANG.po) is linted with --pot "
			 "po/runcheck.pot",
			 e->kind_field, e->id != NULL ? e->id : "NAME");
		is_same = false;
	} else if (e->id != NULL && strcmp(kind, e->id) != 0) {
		diag_add(diags, DIAG_ERROR, catalog_field_pos(c, e->kind_field),
			 "the catalog is for the tree '%s', but %s is the "
			 "tree '%s'",
			 kind, e->file, e->id);
		is_same = false;
	}
	if (c->header != NULL && status == NULL)
		diag_add(diags, DIAG_ERROR, c->header_pos,
			 "the header has no 'X-Runcheck-Status: draft' or "
			 "'X-Runcheck-Status: reviewed'");
	else if (status != NULL && strcmp(status, "reviewed") == 0) {
		if (is_same)
			lint_review(c, e, diags);
	} else if (status != NULL && strcmp(status, "draft") != 0)
		diag_add(diags, DIAG_ERROR,
			 catalog_field_pos(c, "X-Runcheck-Status"),
			 "X-Runcheck-Status is draft or reviewed, not '%s'",
			 status);
	free(kind);
	free(status);
	return is_same;
}

/* Says what is wrong with one entry; marks its English as seen. */
static void lint_entry(const struct catalog_entry *entry,
		       struct catalog_text *sorted, size_t count, bool *seen,
		       const struct catalog_english *e, struct diag_list *diags)
{
	const struct catalog_text *same_place;
	struct catalog_text *t = english_find(sorted, count, entry->msgctxt,
					      entry->msgid, &same_place);
	char buf[ENTRY_NAME_SIZE];
	const char *name = entry_name(entry->msgctxt, entry->msgid,
				      e->kind_field != NULL, buf);

	if (t == NULL) {
		diag_add(diags, DIAG_WARNING, entry->pos,
			 "unused entry '%s': %s has no text with this "
			 "%sEnglish%s",
			 name, e->file,
			 entry->msgctxt ? "msgctxt and this " : "",
			 same_place != NULL
				 ? " (its English there has changed: msgmerge "
				   "brings the catalog up to date)"
				 : " (msgmerge makes it obsolete)");
		return;
	}
	seen[t - sorted] = true;
	if (entry->is_fuzzy)
		diag_add(diags, DIAG_ERROR, entry->fuzzy_pos,
			 "fuzzy entry '%s': gettext does not use it, so the "
			 "English is shown; check the translation against the "
			 "English, then remove the fuzzy flag",
			 name);
	else if (*entry->msgstr == '\0')
		diag_add(diags, DIAG_ERROR, entry->msgstr_pos,
			 "'%s' is not translated", name);
	if (*entry->msgstr != '\0')
		lint_translation(entry, name, diags);
}

/* Says that the catalog (named file) has no entry for the English t. */
static void say_missing(const struct catalog_text *t, const char *file,
			struct diag_list *missing)
{
	if (t->msgctxt == NULL) {
		char buf[ENTRY_NAME_SIZE];

		diag_add(missing, DIAG_ERROR, t->pos,
			 "%s has no entry for \"%s\"; msgmerge adds it from "
			 "the template",
			 file, entry_name(NULL, t->msgid, false, buf));
	} else {
		diag_add(missing, DIAG_ERROR, t->pos,
			 "%s has no entry for '%s' (\"%.40s%s\"); msgmerge "
			 "adds it from the template",
			 file, t->msgctxt, t->msgid,
			 strlen(t->msgid) > 40 ? "..." : "");
	}
}

void catalog_lint(const struct catalog *catalog,
		  const struct catalog_english *e, struct diag_list *diags,
		  struct diag_list *missing)
{
	struct catalog_text *sorted = NULL;
	bool *seen = NULL;

	if (!lint_header(catalog, e, diags))
		return;
	/* The texts sorted, for a binary search; the copies' strings are
	 * still e's. */
	sorted = mem_calloc(e->count + 1, sizeof *sorted);
	seen = mem_calloc(e->count + 1, sizeof *seen);
	if (sorted == NULL || seen == NULL) {
		diags->is_oom = true;
		goto done;
	}
	if (e->count > 0)
		memcpy(sorted, e->texts, e->count * sizeof *sorted);
	qsort(sorted, e->count, sizeof *sorted, text_compare);
	for (size_t i = 0; i < catalog->count; i++)
		lint_entry(&catalog->entries[i], sorted, e->count, seen, e,
			   diags);
	for (size_t i = 0; i < e->count; i++)
		if (!seen[i])
			say_missing(&sorted[i], diags->file, missing);
done:
	free(sorted);
	free(seen);
}
