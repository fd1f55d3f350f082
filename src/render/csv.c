/*
 * csv.c - RFC 4180 records, and the spreadsheet guard.
 */
#include <stdint.h>
#include <string.h>

#include "csv.h"
#include "text.h"

void csv_init(struct csv_writer *w, FILE *f, bool is_guarded)
{
	w->f = f;
	w->is_guarded = is_guarded;
	w->is_in_record = false;
	w->has_failed = false;
}

static void put_char(struct csv_writer *w, char c)
{
	if (!w->has_failed && putc(c, w->f) == EOF)
		w->has_failed = true;
}

static void put_bytes(struct csv_writer *w, const char *s, size_t len)
{
	if (!w->has_failed && len > 0 && fwrite(s, 1, len, w->f) != len)
		w->has_failed = true;
}

/* A field as RFC 4180 has it: quoted only when it must be. */
static void put_plain(struct csv_writer *w, const char *s)
{
	bool is_quoted = strpbrk(s, ",\"\r\n") != NULL;

	if (is_quoted)
		put_char(w, '"');
	for (; *s; s++) {
		if (*s == '"')
			put_char(w, '"');
		put_char(w, *s);
	}
	if (is_quoted)
		put_char(w, '"');
}

/*
 * True when a cell that starts at s would be a formula to a spreadsheet:
 * its first character other than blanks (tab, CR and LF are written as
 * blanks) and double quotes (which a reader may drop) is = + - or @.
 */
static bool is_formula_start(const char *s)
{
	s += strspn(s, " \t\r\n\"");
	return *s != '\0' && strchr("=+-@", *s) != NULL;
}

/* A field for a spreadsheet: see csv.h. */
static void put_guarded(struct csv_writer *w, const char *s)
{
	size_t len = strlen(s);
	bool is_cell_start = true;

	put_char(w, '"');
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t used = text_utf8_decode(s + i, len - i, &cp);
		bool is_bad = cp == 0xfffd && !text_utf8_valid(s + i, used);

		if (is_cell_start && is_formula_start(s + i))
			put_char(w, '\'');
		if (cp == '"')
			put_bytes(w, "\"\"", 2);
		else if (cp == '\t' || cp == '\r' || cp == '\n')
			put_char(w, ' ');
		else if (is_bad || text_cp_is_control(cp))
			put_char(w, '?');
		else
			put_bytes(w, s + i, used);
		is_cell_start = cp == ',' || cp == ';';
		i += used;
	}
	put_char(w, '"');
}

int csv_field(struct csv_writer *w, const char *s)
{
	if (!s)
		s = "";
	if (w->is_in_record)
		put_char(w, ',');
	w->is_in_record = true;
	if (w->is_guarded)
		put_guarded(w, s);
	else
		put_plain(w, s);
	return w->has_failed ? -1 : 0;
}

int csv_end_record(struct csv_writer *w)
{
	put_char(w, '\r');
	put_char(w, '\n');
	w->is_in_record = false;
	return w->has_failed ? -1 : 0;
}
