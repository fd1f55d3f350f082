/*
 * csv.h - comma-separated values as RFC 4180 has them: records end with
 * CRLF; a field holding a comma, a double quote, CR or LF is enclosed in
 * double quotes, and a double quote inside it is doubled.
 *
 * Data typed by the public ends up in a spreadsheet, which runs a cell
 * that starts with = + - @ (or a tab or CR, which some spreadsheets skip)
 * as a formula. With is_guarded, such a field is written with a single
 * quote (') in front, as OWASP recommends: the spreadsheet then shows it
 * as text. The quote is part of the field for any other reader.
 */
#ifndef RUNCHECK_CSV_H
#define RUNCHECK_CSV_H

#include <stdbool.h>
#include <stdio.h>

struct csv_writer {
	FILE *f;
	bool is_guarded;     /* the formula guard above */
	bool is_in_record;   /* a field has been written to this record */
	bool has_failed;     /* a write failed; errno says why */
};

/* Starts writing to f. */
void csv_init(struct csv_writer *w, FILE *f, bool is_guarded);

/* Writes one field (NULL is an empty field). Returns 0 or -1. */
int csv_field(struct csv_writer *w, const char *s);

/* Ends the record with CRLF. Returns 0 or -1 (also for any failed field
 * before it). */
int csv_end_record(struct csv_writer *w);

#endif
