/*
 * walklist.h - a tree's walks listed, for runcheck paths: one replayable
 * line a walk, or a walks file (runcheck-walks/1) that runcheck test
 * reads back.
 *
 * A line is the outcome's id, then each answer after a tab, in the
 * answer words a pipe walk takes (engine_format_answer). A walks file
 * names the tree and holds a named entry a walk: each question's id with
 * its answer (a YAML scalar, quoted where it would not read back as
 * itself), the outcome and its triage.
 */
#ifndef RUNCHECK_WALKLIST_H
#define RUNCHECK_WALKLIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "paths.h"
#include "tree.h"

enum walklist_format {
	WALKLIST_LINES, /* one line a walk */
	WALKLIST_WALKS, /* a walks file */
	/* A walks file with each walk again, where that differs, with every
	 * scale answer at the top of its band ("walk 3 to o, bands at their
	 * highest"): both ends of each band. */
	WALKLIST_WALKS_BOUNDARIES,
};

/*
 * Writes the walks of tree (paths is its paths_new) to f: every walk when
 * is_all, else walks that together take every edge at least once
 * (paths_each_cover_walk). *walks is set to how many walks were written
 * (a boundaries repeat is not counted). Returns 0, or -1 when out of
 * memory (errno ENOMEM, ferror(f) clear) or when a write failed: the
 * listing then stops after that walk, errno as the write left it (a
 * reader that went away ends a long listing at once). f is not flushed.
 */
int walklist_write(FILE *f, const struct tree *tree, const struct paths *paths,
		   enum walklist_format format, bool is_all, size_t *walks);

#endif
