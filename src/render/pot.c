/*
 * pot.c - the gettext template of a tree's or a clinic's texts.
 */
#include "pot.h"

#include <string.h>

/* Escapes the len bytes at s inside a PO string's quotes. */
static void put_escaped(FILE *out, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		switch (c) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		default:
			if (c < 0x20 || c == 0x7f)
				fprintf(out, "\\%03o", c);
			else
				putc(c, out);
		}
	}
}

void pot_write_string(FILE *out, const char *keyword, const char *text)
{
	const char *nl = strchr(text, '\n');

	fprintf(out, "%s ", keyword);
	if (nl == NULL || nl[1] == '\0') {
		putc('"', out);
		put_escaped(out, text, strlen(text));
		fputs("\"\n", out);
		return;
	}
	fputs("\"\"\n", out);
	while (*text != '\0') {
		nl = strchr(text, '\n');
		size_t len = nl != NULL ? (size_t)(nl - text) + 1
					: strlen(text);

		putc('"', out);
		put_escaped(out, text, len);
		fputs("\"\n", out);
		text += len;
	}
}

/* What each kind of place is, for the translator: by the msgctxt's field
 * word (its last word, or the one before a number or an option id). */
static const struct {
	const char *field;
	const char *note;
} notes[] = {
	{"title", "The check's title, shown as it starts."},
	{"disclaimer", "Shown at the start and under every result."},
	{"ask", "A question, as the person is asked it."},
	{"why", "Why the question is asked: shown when the person types "
		"'why'."},
	{"label", "The question's short name, in the list of answers under "
		  "a result."},
	{"option", "An answer the person can pick (keep it short)."},
	{"condition", "The name of a likely condition: say 'likely' as the "
		      "English does, never more certain."},
	{"summary", "What the result says about the condition."},
	{"self_care", "One thing the person can do meanwhile."},
	{"booking", "How the result offers a booking at the clinic."},
	{"booking_kiosk", "How to book, at the kiosk in the waiting room."},
	{"booking_home", "How to book, anywhere but the kiosk."},
};

/* The field of a place: the word after "tree" or "clinic", or after
 * "question QID" or "outcome OID". */
static const char *note_of(const char *msgctxt)
{
	const char *field = strchr(msgctxt, ' ');

	if (field != NULL && (strncmp(msgctxt, "question ", 9) == 0 ||
			      strncmp(msgctxt, "outcome ", 8) == 0))
		field = strchr(field + 1, ' ');
	if (field == NULL)
		return NULL;
	field++;
	for (size_t i = 0; i < sizeof notes / sizeof notes[0]; i++) {
		size_t n = strlen(notes[i].field);

		if (strncmp(field, notes[i].field, n) == 0 &&
		    (field[n] == ' ' || field[n] == '\0'))
			return notes[i].note;
	}
	return NULL;
}

struct entries {
	FILE *out;
	const char *file;
};

static void put_entry(void *ctx, const char *msgctxt, const char *msgid,
		      uint32_t line, uint32_t column)
{
	struct entries *e = ctx;
	const char *note = note_of(msgctxt);

	(void)column; /* a reference names the line only */
	putc('\n', e->out);
	if (note != NULL)
		fprintf(e->out, "#. %s\n", note);
	fprintf(e->out, "#: %s:%u\n", e->file, (unsigned)line);
	pot_write_string(e->out, "msgctxt", msgctxt);
	pot_write_string(e->out, "msgid", msgid);
	fputs("msgstr \"\"\n", e->out);
}

/* The header entry's first fields; the caller adds its X-Runcheck ones,
 * then put_status. */
static void put_header(FILE *out, const char *what, const char *project)
{
	fprintf(out,
		"# The patient-visible texts of %s, for translation.\n"
		"# Made by runcheck po: remake it after an edit of the "
		"English, and\n"
		"# bring each catalog up to date with msgmerge.\n"
		"#\n"
		"#, fuzzy\n"
		"msgid \"\"\n"
		"msgstr \"\"\n"
		"\"Project-Id-Version: %s\\n\"\n"
		"\"Report-Msgid-Bugs-To: \\n\"\n"
		"\"PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE\\n\"\n"
		"\"Last-Translator: FULL NAME <EMAIL@ADDRESS>\\n\"\n"
		"\"Language-Team: LANGUAGE <LL@li.org>\\n\"\n"
		"\"Language: \\n\"\n"
		"\"MIME-Version: 1.0\\n\"\n"
		"\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
		"\"Content-Transfer-Encoding: 8bit\\n\"\n",
		what, project);
}

/* A header field's line, its value escaped. */
static void put_field(FILE *out, const char *name, const char *value)
{
	fprintf(out, "\"%s: ", name);
	put_escaped(out, value, strlen(value));
	fputs("\\n\"\n", out);
}

void pot_tree_domain(const struct tree *tree, char buf[POT_DOMAIN_SIZE])
{
	snprintf(buf, POT_DOMAIN_SIZE, "runcheck-tree-%s", tree_id(tree));
}

void pot_write_tree(FILE *out, const struct tree *tree, const char *file)
{
	struct entries e = {out, file};
	char domain[POT_DOMAIN_SIZE];
	char what[POT_DOMAIN_SIZE + 16];

	pot_tree_domain(tree, domain);
	snprintf(what, sizeof what, "the tree %s", tree_id(tree));
	put_header(out, what, domain);
	put_field(out, "X-Runcheck-Tree", tree_id(tree));
	put_field(out, "X-Runcheck-Tree-Version", tree_version(tree));
	put_field(out, "X-Runcheck-Status", "draft");
	tree_each_text(tree, put_entry, &e);
}

void pot_write_clinic(FILE *out, const struct clinic *clinic, const char *file)
{
	struct entries e = {out, file};

	put_header(out, "the clinic file", POT_CLINIC_DOMAIN);
	put_field(out, "X-Runcheck-Clinic", clinic->name);
	put_field(out, "X-Runcheck-Status", "draft");
	clinic_each_text(clinic, put_entry, &e);
}
