/*
 * report.h - the sign-off report of a tree, for runcheck report: a
 * document a clinician reviews and signs, with every text a person can be
 * shown, in Markdown or as one self-contained HTML page.
 *
 * It names the tree (title, id, version, language, file and the SHA-256
 * of the file's bytes) and gives its disclaimer, the loader's warnings as
 * runcheck lint prints them, every question (its text, why, type, where
 * it is reached from, how many walks go on from it, and each answer with
 * where it leads, a route's alternatives with their when in words), every
 * outcome (its condition, its triage with the line a result of it shows
 * under the condition, how many walks reach it, where from, its summary,
 * booking, self-care, other possibilities and sources), what a result of
 * each triage level says beyond the tree's own texts, the clinic file's
 * texts, and a table to sign. The triage texts are result.h's, so the
 * clinician signs what the patient reads.
 *
 * The tree's text is escaped for the format: in HTML & < > " and '; in
 * Markdown what would start a list, a heading, emphasis, code or a link.
 */
#ifndef RUNCHECK_REPORT_H
#define RUNCHECK_REPORT_H

#include <stdio.h>

#include "clinic.h"
#include "diag.h"
#include "tree.h"

enum report_format {
	REPORT_MARKDOWN,
	REPORT_HTML,
};

/* What the report is of. */
struct report_source {
	const struct tree *tree;       /* a tree that loaded without errors */
	const struct diag_list *diags; /* the loader's: file names the tree
					  file, warnings are listed */
	const char *tree_sha256;       /* of the file's bytes, in hex */
	const struct clinic *clinic;   /* whose texts a result shows */
	const char *clinic_source;     /* the clinic file's name, as shown */
};

/*
 * Writes the report of src to f. Returns 0, or -1 when out of memory
 * (errno ENOMEM) or when a write to f failed (ferror; f is not flushed).
 */
int report_write(FILE *f, enum report_format format,
		 const struct report_source *src);

#endif
