/*
 * csv.c - RFC 4180 records.
 */
#include <string.h>

#include "csv.h"

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

int csv_field(struct csv_writer *w, const char *s)
{
	bool is_quoted;

	if (!s)
		s = "";
	is_quoted = strpbrk(s, ",\"\r\n") != NULL;
	if (w->is_in_record)
		put_char(w, ',');
	w->is_in_record = true;
	if (is_quoted)
		put_char(w, '"');
	if (w->is_guarded && *s && strchr("=+-@\t\r", *s))
		put_char(w, '\'');
	for (; *s; s++) {
		if (*s == '"')
			put_char(w, '"');
		put_char(w, *s);
	}
	if (is_quoted)
		put_char(w, '"');
	return w->has_failed ? -1 : 0;
}

int csv_end_record(struct csv_writer *w)
{
	put_char(w, '\r');
	put_char(w, '\n');
	w->is_in_record = false;
	return w->has_failed ? -1 : 0;
}
