/*
 * source.h - opens one input for the loaders, once, under the size limit
 * of the formats (TREE_MAX_FILE_SIZE): a file, a pipe, a FIFO, a terminal
 * or a device, by name, or standard input as "-". The command line reads
 * every tree and clinic file through it.
 *
 * A regular file is kept open and read where it lies (tree_check_stream,
 * clinic_load_stream: memory stays below the file's size), after a
 * larger one is refused from its size, before a byte is read (a sparse
 * file of 20 GB at once). Anything else can be read only once: it is read
 * whole into memory, until the limit and one byte past it, so an endless
 * input (/dev/zero, `yes |`) ends in bounded time and memory, and the
 * loaders' *_buffer functions take it from there.
 */
#ifndef RUNCHECK_SOURCE_H
#define RUNCHECK_SOURCE_H

#include <stddef.h>
#include <stdio.h>

#include "diag.h"
#include "tree.h"

struct source {
	FILE *file; /* a regular file, at its start; NULL for the rest */
	char *text; /* the rest, read whole; for a regular file, NULL
		       until source_read_text */
	size_t len;
};

/*
 * Opens the input at path ("-": standard input, which is not closed) into
 * *s. Returns YREAD_OK, or why not: YREAD_CANNOT_OPEN (errno kept: EISDIR
 * for a folder), YREAD_INVALID (too large: reported at 1:1 in diags),
 * YREAD_READ_ERROR (errno kept) or YREAD_NOMEM; *s is then empty. Close it
 * with source_close whatever the result.
 */
enum yread_status source_open(const char *path, struct source *s,
			      struct diag_list *diags);

/*
 * Makes s->text hold the whole input: for a regular file, reads it now,
 * from its start (for the lines that diagnostics show, once the loader is
 * done with it, and leaves the file at its start again); for the rest,
 * it is there already. Same statuses as source_open.
 */
enum yread_status source_read_text(struct source *s, struct diag_list *diags);

/* Closes the file (not standard input) and frees the text; s is empty. */
void source_close(struct source *s);

#endif
