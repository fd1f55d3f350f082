/*
 * csv.h - comma-separated values as RFC 4180 has them: records end with
 * CRLF; a field holding a comma, a double quote, CR or LF is enclosed in
 * double quotes, and a double quote inside it is doubled.
 *
 * Data typed by the public ends up in a spreadsheet, which runs a cell
 * that starts with = + - @ as a formula, and which may split a line on a
 * comma, a semicolon or a tab, honouring the double quotes or not. With
 * is_guarded the writer makes every field safe in each of those dialects:
 *
 *   - every field is enclosed in double quotes, so that a reader that
 *     splits on semicolons (or tabs) and honours quotes keeps it whole;
 *   - a cell start, that is the start of the field and each point just
 *     after a comma or a semicolon inside it (where a reader that ignores
 *     the quotes starts a cell), gets a single quote (') when the cell
 *     would begin with = + - or @ after blanks and double quotes, as
 *     OWASP recommends: the spreadsheet then shows it as text. The quote
 *     is part of the field for any other reader;
 *   - no control character is written (text_cp_is_control: C0 and C1
 *     controls, bidirectional controls, line separators, and bytes that
 *     are not UTF-8): tab, CR and LF become a space, anything else '?'.
 *     A record is then always one line.
 */
#ifndef RUNCHECK_CSV_H
#define RUNCHECK_CSV_H

#include <stdbool.h>
#include <stdio.h>

struct csv_writer {
	FILE *f;
	bool is_guarded;   /* the spreadsheet guard above */
	bool is_in_record; /* a field has been written to this record */
	bool has_failed;   /* a write failed; errno says why */
};

/* Starts writing to f. */
void csv_init(struct csv_writer *w, FILE *f, bool is_guarded);

/* Writes one field (NULL is an empty field). Returns 0 or -1. */
int csv_field(struct csv_writer *w, const char *s);

/* Ends the record with CRLF. Returns 0 or -1 (also for any failed field
 * before it). */
int csv_end_record(struct csv_writer *w);

#endif
