/*
 * langdoc.c - the sign-off document of one language.
 */
#include "langdoc.h"

#include <string.h>

/* A document under way: where it goes, and the table it is in. */
struct writer {
	FILE *out;
	const struct langdoc *d;
	const struct langdoc_catalog *catalog;
	char group[TREE_MAX_MSGCTXT]; /* "question age": the open table's */
	bool is_table_open;
	size_t counts[3]; /* by enum langdoc_state */
};

static void put(struct writer *w, const char *s)
{
	fputs(s, w->out);
}

/* Text in a table cell or a field, escaped, its final line breaks cut and
 * the others shown as breaks. */
static void put_text(struct writer *w, const char *s)
{
	size_t len = strlen(s);

	while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == ' '))
		len--;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (c == '\n') {
			put(w, "<br>");
			continue;
		}
		if (w->d->is_html) {
			switch (c) {
			case '&':
				put(w, "&amp;");
				continue;
			case '<':
				put(w, "&lt;");
				continue;
			case '>':
				put(w, "&gt;");
				continue;
			case '"':
				put(w, "&quot;");
				continue;
			default:
				putc(c, w->out);
				continue;
			}
		}
		if (strchr("\\`*_[]<>#|~&", c) != NULL)
			putc('\\', w->out);
		putc(c, w->out);
	}
}

/* An id, a tag or a hash, as code: they hold only [A-Za-z0-9_-], which
 * need no escaping (and a Markdown code span takes none). */
static void put_code(struct writer *w, const char *s)
{
	fprintf(w->out, w->d->is_html ? "<code>%s</code>" : "`%s`", s);
}

static void field(struct writer *w, const char *label)
{
	fprintf(w->out, w->d->is_html ? "<dt>%s</dt><dd>" : "- **%s:** ",
		label);
}

static void field_end(struct writer *w)
{
	put(w, w->d->is_html ? "</dd>\n" : "\n");
}

static void heading(struct writer *w, int level)
{
	if (w->d->is_html)
		fprintf(w->out, "<h%d>", level);
	else
		fprintf(w->out, "\n%.*s ", level, "######");
}

static void heading_end(struct writer *w, int level)
{
	if (w->d->is_html)
		fprintf(w->out, "</h%d>\n", level);
	else
		putc('\n', w->out);
}

static void close_table(struct writer *w)
{
	if (w->is_table_open && w->d->is_html)
		put(w, "</table>\n");
	w->is_table_open = false;
}

/* "question age", "outcome o_knee", "tree" or "clinic": the part of a
 * msgctxt that names what a text belongs to, into group; the rest is
 * the place within it. */
static const char *split_place(const char *msgctxt, char *group, size_t size)
{
	const char *space = strchr(msgctxt, ' ');
	size_t n;

	if (space != NULL && (strncmp(msgctxt, "question ", 9) == 0 ||
			      strncmp(msgctxt, "outcome ", 8) == 0)) {
		const char *second = strchr(space + 1, ' ');

		space = second != NULL ? second : space;
	}
	n = space != NULL ? (size_t)(space - msgctxt) : strlen(msgctxt);
	if (n >= size)
		n = size - 1;
	memcpy(group, msgctxt, n);
	group[n] = '\0';
	return space != NULL ? space + 1 : "";
}

static void open_table(struct writer *w, const char *group)
{
	const char *id = strchr(group, ' ');

	close_table(w);
	heading(w, 3);
	if (strncmp(group, "question ", 9) == 0) {
		put(w, "Question ");
		put_code(w, id + 1);
	} else if (strncmp(group, "outcome ", 8) == 0) {
		put(w, "Outcome ");
		put_code(w, id + 1);
	} else if (strcmp(group, "tree") == 0) {
		put(w, "The whole check");
	} else {
		put(w, "The clinic's booking sentences");
	}
	heading_end(w, 3);
	put(w, w->d->is_html ? "<table>\n<tr><th>Place</th><th>English</th>"
			       "<th>Translation</th></tr>\n"
			     : "\n| Place | English | Translation |\n"
			       "| --- | --- | --- |\n");
	w->is_table_open = true;
}

static void put_row(void *ctx, const char *msgctxt, const char *msgid,
		    uint32_t line, uint32_t column)
{
	struct writer *w = ctx;
	enum langdoc_state state = LANGDOC_MISSING;
	const char *tr = NULL;
	char group[TREE_MAX_MSGCTXT];
	const char *place = split_place(msgctxt, group, sizeof group);

	(void)line;
	(void)column;
	if (w->catalog->lookup != NULL)
		tr = w->catalog->lookup(w->catalog->ctx, msgctxt, msgid,
					&state);
	if (tr == NULL)
		state = LANGDOC_MISSING;
	if (!w->is_table_open || strcmp(group, w->group) != 0) {
		open_table(w, group);
		snprintf(w->group, sizeof w->group, "%s", group);
	}
	put(w, w->d->is_html ? "<tr><td>" : "| ");
	put_text(w, place);
	put(w, w->d->is_html ? "</td><td lang=\"en\">" : " | ");
	put_text(w, msgid);
	if (w->d->is_html)
		fprintf(w->out, "</td><td lang=\"%s\">", w->d->lang_tag);
	else
		put(w, " | ");
	if (state == LANGDOC_MISSING)
		put(w, w->d->is_html ? "<em>missing: the English is shown</em>"
				     : "*missing: the English is shown*");
	if (state == LANGDOC_FUZZY)
		put(w, w->d->is_html
			       ? "<em>fuzzy, not shown until checked:</em> "
			       : "*fuzzy, not shown until checked:* ");
	if (tr != NULL)
		put_text(w, tr);
	put(w, w->d->is_html ? "</td></tr>\n" : " |\n");
}

/* Counts what the catalog has, by state. */
static void count_row(void *ctx, const char *msgctxt, const char *msgid,
		      uint32_t line, uint32_t column)
{
	struct writer *w = ctx;
	enum langdoc_state state = LANGDOC_MISSING;

	(void)line;
	(void)column;
	if (w->catalog->lookup == NULL ||
	    w->catalog->lookup(w->catalog->ctx, msgctxt, msgid, &state) == NULL)
		state = LANGDOC_MISSING;
	w->counts[state]++;
}

/* The facts of one catalog: file, status, review, counts. */
static void put_catalog_fields(struct writer *w, const char *hash,
			       const char *what)
{
	const struct langdoc_catalog *c = w->catalog;
	bool is_reviewed = c->status != NULL &&
			   strcmp(c->status, "reviewed") == 0;

	field(w, "Catalog");
	if (c->file != NULL)
		put_text(w, c->file);
	else
		put(w, w->d->is_html ? "<em>none: every text shows in "
				       "English</em>"
				     : "*none: every text shows in English*");
	field_end(w);
	if (c->file == NULL)
		return;
	field(w, "Status");
	put_text(w, c->status != NULL ? c->status : "not given");
	if (is_reviewed) {
		put(w, ", by ");
		put_text(w, c->reviewed_by != NULL ? c->reviewed_by : "?");
		put(w, " on ");
		put_text(w, c->reviewed_date != NULL ? c->reviewed_date : "?");
	}
	field_end(w);
	if (is_reviewed || c->hash != NULL) {
		field(w, "Reviewed for content");
		put_code(w, c->hash != NULL ? c->hash : "none given");
		if (c->hash != NULL && strcasecmp(c->hash, hash) == 0)
			fprintf(w->out, ": the %s's content now", what);
		else
			fprintf(w->out,
				w->d->is_html
					? ": <strong>not the %s's content now: "
					  "the English changed since the "
					  "review</strong>"
					: ": **not the %s's content now: the "
					  "English changed since the review**",
				what);
		field_end(w);
	}
	field(w, "Texts");
	fprintf(w->out, "%zu translated, %zu fuzzy, %zu missing",
		w->counts[LANGDOC_TRANSLATED], w->counts[LANGDOC_FUZZY],
		w->counts[LANGDOC_MISSING]);
	field_end(w);
}

/* The file the English is read from, its hash, and its catalog. */
static void put_source_fields(struct writer *w, const char *label,
			      const char *file, const char *hash,
			      const char *what)
{
	field(w, label);
	put_text(w, file);
	field_end(w);
	field(w, "Content (SHA-256 of the file)");
	put_code(w, hash);
	field_end(w);
	put_catalog_fields(w, hash, what);
}

static void put_head(struct writer *w)
{
	const struct langdoc *d = w->d;

	if (d->is_html) {
		fprintf(w->out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
				"<meta charset=\"utf-8\">\n<title>");
		put_text(w, tree_title(d->tree));
		put(w, " \u2014 translation sign-off: ");
		put_text(w, d->lang_name);
		put(w,
		    "</title>\n<style>\n"
		    "body{font-family:system-ui,sans-serif;line-height:1.45;"
		    "max-width:60em;margin:2em auto;padding:0 1em}\n"
		    "dl{display:grid;grid-template-columns:max-content 1fr;"
		    "gap:.2em 1em}dt{font-weight:600}dd{margin:0}\n"
		    "table{border-collapse:collapse;width:100%;margin:.6em 0}"
		    "th,td{border:1px solid #bbb;padding:.3em .5em;"
		    "text-align:left;vertical-align:top}"
		    "th{background:#f0f0f0}td:first-child{width:9em}\n"
		    ".signoff td{height:2.2em}\n"
		    "@media print{body{max-width:none;margin:0;"
		    "font-size:10pt}table{break-inside:auto}"
		    "tr{break-inside:avoid}}\n"
		    "</style>\n</head>\n<body>\n<h1>");
	} else {
		put(w, "# ");
	}
	put_text(w, tree_title(d->tree));
	put(w, " \u2014 translation sign-off: ");
	put_text(w, d->lang_name);
	put(w, d->is_html ? "</h1>\n<dl>\n" : "\n\n");
	field(w, "Language");
	put_text(w, d->lang_name);
	put(w, " (");
	put_code(w, d->lang_tag);
	put(w, ")");
	field_end(w);
	field(w, "Tree");
	put_code(w, tree_id(d->tree));
	put(w, ", version ");
	put_text(w, tree_version(d->tree));
	field_end(w);
	put_source_fields(w, "File", d->tree_file, d->tree_hash, "tree");
	put(w, d->is_html ? "</dl>\n" : "");
}

static void put_clinic_head(struct writer *w)
{
	const struct langdoc *d = w->d;

	heading(w, 2);
	put(w, "Clinic");
	heading_end(w, 2);
	put(w, d->is_html ? "<dl>\n" : "\n");
	put_source_fields(w, "Clinic file", d->clinic_file, d->clinic_hash,
			  "clinic file");
	put(w, d->is_html ? "</dl>\n" : "");
}

static void put_signoff(struct writer *w)
{
	const struct langdoc *d = w->d;

	heading(w, 2);
	put(w, "Sign-off");
	heading_end(w, 2);
	put(w, d->is_html ? "<p>" : "\n");
	put(w, "We have compared every translation above with its English: "
	       "it says the same, no more certain and no less, in words a "
	       "patient understands. Once both have signed, the catalogs' "
	       "headers get X-Runcheck-Status: reviewed, "
	       "X-Runcheck-Reviewed-By, X-Runcheck-Reviewed-Date and the "
	       "content hashes above (X-Runcheck-Tree-Hash, "
	       "X-Runcheck-Clinic-Hash); runcheck lint then checks them.");
	if (d->is_html)
		put(w,
		    "</p>\n<table class=\"signoff\">\n<tr><th>Name</th>"
		    "<th>Role</th><th>Date</th><th>Signature</th></tr>\n"
		    "<tr><td></td><td>Translator</td><td></td><td></td></tr>\n"
		    "<tr><td></td><td>Clinician</td><td></td><td></td></tr>\n"
		    "</table>\n</body>\n</html>\n");
	else
		put(w, "\n\n| Name | Role | Date | Signature |\n"
		       "| --- | --- | --- | --- |\n"
		       "| | Translator | | |\n| | Clinician | | |\n");
}

void langdoc_write(FILE *out, const struct langdoc *d)
{
	struct writer w = {.out = out, .d = d, .catalog = &d->tree_catalog};

	tree_each_text(d->tree, count_row, &w);
	put_head(&w);
	heading(&w, 2);
	put(&w, "Texts");
	heading_end(&w, 2);
	tree_each_text(d->tree, put_row, &w);
	close_table(&w);
	if (d->clinic != NULL) {
		memset(w.counts, 0, sizeof w.counts);
		w.catalog = &d->clinic_catalog;
		clinic_each_text(d->clinic, count_row, &w);
		put_clinic_head(&w);
		w.is_table_open = false;
		clinic_each_text(d->clinic, put_row, &w);
		close_table(&w);
	}
	put_signoff(&w);
}
