/*
 * diag.h - diagnostics that carry where: file, line, column, severity.
 *
 * The loaders collect every problem they find in a diag_list and never print;
 * the command line sorts the list (diag_sort) and prints it in the form
 * FILE:LINE:COLUMN: error: MESSAGE that compilers use, each followed by
 * the source line and a caret under the column (diag_excerpt).
 */
#ifndef RUNCHECK_DIAG_H
#define RUNCHECK_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A place in a file. Both count from 1; 0 means "not known". */
struct diag_pos {
	uint32_t line;
	uint32_t column;
};

enum diag_severity {
	DIAG_ERROR,
	DIAG_WARNING,
};

struct diag {
	struct diag_pos pos;
	enum diag_severity severity;
	bool is_shape; /* a warning that follows from the tree's shape */
	char *message; /* owned by the list */
};

/* How many errors (and, apart, warnings) a list keeps by default. */
#define DIAG_MAX_DEFAULT 100

/*
 * A growing list of diagnostics for one file. Zero-initialise it
 * (struct diag_list d = {0}) and set file; diag_list_clear frees it.
 * When memory runs out while adding, the diagnostic is dropped and
 * is_oom is set, so the caller can still report "out of memory".
 *
 * max_kept, when not 0, bounds the list: past that many errors, further
 * errors are only counted (error_count goes on, dropped_errors says how
 * many were not kept), and the same for warnings; so a file of eleven
 * million bad lines costs no more memory than one of max_kept.
 */
struct diag_list {
	const char *file; /* the name printed before each line; not owned,
			     unless set by diag_list_set_file */
	struct diag *items;
	size_t count;
	size_t capacity;
	size_t error_count;   /* every error added, kept or not */
	size_t warning_count; /* every warning added, kept or not */
	size_t max_kept;      /* 0: no bound */
	size_t dropped_errors;
	size_t dropped_warnings;
	bool is_oom;

	char *owned_file; /* diag_list_set_file's copy */
};

/* Adds a diagnostic with a printf-style message. */
void diag_add(struct diag_list *list, enum diag_severity severity,
	      struct diag_pos pos, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void diag_addv(struct diag_list *list, enum diag_severity severity,
	       struct diag_pos pos, const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));

/*
 * Adds a warning that follows from the tree's shape (a node not reached,
 * an answer that changes nothing): diag_drop_shape takes these out again
 * once the file is known to have errors, since a broken reference makes
 * them say what is not so.
 */
void diag_add_shape(struct diag_list *list, struct diag_pos pos,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Removes every warning added with diag_add_shape. */
void diag_drop_shape(struct diag_list *list);

/* True when another diagnostic of that severity would only be counted,
 * not kept: a caller can then skip the work of wording it (a suggestion
 * searched among a million ids). */
bool diag_is_full(const struct diag_list *list, enum diag_severity severity);

/*
 * Sets the name printed before each line to a copy of name made safe for
 * a terminal (text_sanitize): a file name is text from outside. Returns
 * false when out of memory (file is then "?").
 */
bool diag_list_set_file(struct diag_list *list, const char *name);

/* Where diag_excerpt is in a text: the start of line `line`. Zero-initialise
 * it; excerpts taken in order of line then cost one pass over the text. */
struct diag_cursor {
	uint32_t line;
	size_t offset;
};

/*
 * The line of the len bytes at text that pos points into, and a caret
 * under pos.column, as clang shows them but without line numbers: two
 * lines, each starting with a space so that no tool takes them for a
 * FILE:LINE:COLUMN: line, each ending in a newline. Columns count code
 * points, as libyaml's marks do; on the screen a tab moves to the next
 * multiple of 8 (the line is shown with tabs as spaces), a wide character
 * takes two columns and a combining one none; the line goes through
 * text_sanitize's rules; a line too long for a screen is cut around the
 * caret, with "..." where it was cut. Lines end at LF, CR, CR LF, U+2028
 * and U+2029, as in libyaml. Returns a new string (caller frees), or NULL
 * when pos has no line, the text has no such line, or out of memory.
 * cursor (not NULL) is where the last call left off.
 */
char *diag_excerpt(const char *text, size_t len, struct diag_pos pos,
		   struct diag_cursor *cursor);

/* Orders the list by line, then column; equal places keep their order. */
void diag_sort(struct diag_list *list);

/* Frees every message, the array and the file name's copy; the list is
 * empty and reusable, its max_kept kept. */
void diag_list_clear(struct diag_list *list);

#endif
