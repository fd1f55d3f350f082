/*
 * source.h - reads one input whole, once, under the size limit of the
 * formats (TREE_MAX_FILE_SIZE): a file, a pipe, a FIFO, a terminal or a
 * device, by name, or standard input as "-". The command line reads every
 * tree and clinic file through it and hands the text to the loaders'
 * *_buffer functions, then to the diagnostics for their source lines.
 *
 * A regular file larger than the limit is refused from its size, before a
 * byte is read (a sparse file of 20 GB at once); anything else is read
 * until the limit and refused one byte past it, so an endless input
 * (/dev/zero, `yes |`) ends in a bounded time and memory.
 */
#ifndef RUNCHECK_SOURCE_H
#define RUNCHECK_SOURCE_H

#include <stddef.h>

#include "diag.h"
#include "tree.h"

/*
 * Reads the input at path ("-": standard input, which is not closed) into
 * a new buffer: *text (caller frees; a NUL follows its *len bytes) on
 * TREE_OK. Otherwise *text is NULL and the status says why:
 * TREE_CANNOT_OPEN (errno kept: EISDIR for a folder), TREE_INVALID (too
 * large: reported at 1:1 in diags), TREE_READ_ERROR (errno kept), or
 * TREE_NOMEM.
 */
enum tree_status source_read(const char *path, char **text, size_t *len,
			     struct diag_list *diags);

#endif
