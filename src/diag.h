/*
 * diag.h - diagnostics that carry where: file, line, column, severity.
 *
 * The loaders collect every problem they find in a diag_list and never print;
 * the command line sorts the list (diag_sort) and prints it in the form
 * FILE:LINE:COLUMN: error: MESSAGE that compilers use.
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
	char *message; /* owned by the list */
};

/*
 * A growing list of diagnostics for one file. Zero-initialise it
 * (struct diag_list d = {0}) and set file; diag_list_clear frees it.
 * When memory runs out while adding, the diagnostic is dropped and
 * is_oom is set, so the caller can still report "out of memory".
 */
struct diag_list {
	const char *file; /* not owned: the name printed before each line */
	struct diag *items;
	size_t count;
	size_t capacity;
	size_t error_count;
	size_t warning_count;
	bool is_oom;
};

/* Adds a diagnostic with a printf-style message. */
void diag_add(struct diag_list *list, enum diag_severity severity,
	      struct diag_pos pos, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void diag_addv(struct diag_list *list, enum diag_severity severity,
	       struct diag_pos pos, const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));

/* Orders the list by line, then column; equal places keep their order. */
void diag_sort(struct diag_list *list);

/* Frees every message and the array; the list is empty and reusable. */
void diag_list_clear(struct diag_list *list);

#endif
