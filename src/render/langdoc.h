/*
 * langdoc.h - the sign-off document of one language (runcheck report
 * --lang): each text a person sees, its English beside its translation,
 * place by place, under a header that says which tree content and which
 * catalogs it shows (their status, reviewer and the hash a review was
 * for), and a sign-off table for the translator and the clinician.
 * Markdown or HTML, as runcheck report writes them.
 *
 * The renderer opens no catalog: the caller looks each text up.
 */
#ifndef RUNCHECK_LANGDOC_H
#define RUNCHECK_LANGDOC_H

#include <stdbool.h>
#include <stdio.h>

#include "clinic.h"
#include "tree.h"

/* What a catalog has for one text. */
enum langdoc_state {
	LANGDOC_TRANSLATED,
	LANGDOC_FUZZY,	 /* a translation gettext does not use yet */
	LANGDOC_MISSING, /* no entry, or an empty one */
};

/*
 * The translation of msgid at msgctxt (NULL when missing), its state in
 * *state.
 */
typedef const char *langdoc_lookup_fn(void *ctx, const char *msgctxt,
				      const char *msgid,
				      enum langdoc_state *state);

/* One catalog, as its header says (fields NULL when absent). */
struct langdoc_catalog {
	const char *file; /* NULL when there is no catalog */
	const char *status;
	const char *reviewed_by;
	const char *reviewed_date;
	const char *hash; /* the hash the review was for */
	langdoc_lookup_fn *lookup;
	void *ctx;
};

struct langdoc {
	bool is_html;
	const char *lang_tag;  /* BCP 47: "vi" */
	const char *lang_name; /* in itself: "Tiếng Việt" */
	const struct tree *tree;
	const char *tree_file;
	const char *tree_hash; /* SHA-256 of the tree file, hex */
	struct langdoc_catalog tree_catalog;
	const struct clinic *clinic; /* NULL: no clinic section */
	const char *clinic_file;
	const char *clinic_hash;
	struct langdoc_catalog clinic_catalog;
};

/* Writes the document to out. Write errors are left in out's error
 * indicator (ferror). */
void langdoc_write(FILE *out, const struct langdoc *d);

#endif
