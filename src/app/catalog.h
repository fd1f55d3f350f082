/*
 * catalog.h - a translation catalog (.po) of a tree's or the clinic's
 * texts, or of the interface's (checked against its template, .pot), read with libgettextpo, and lint's checks of it against the
 * English it translates (LANG-DESIGN.md, README "Languages").
 *
 * libgettextpo reads the file and reports its syntax errors with their
 * lines and columns; it gives no line for an entry that reads well, so
 * catalog_load finds each entry's lines itself from the same bytes (the
 * keywords msgctxt, msgid and msgstr and the "#," flags), in the order
 * libgettextpo gives the entries. libgettextpo ends the program when
 * memory runs out (its xmalloc): lint is a tool run by hand, not the
 * kiosk, and the kiosk never reads a .po (it reads the built .mo).
 * Not reentrant: libgettextpo's error handler has no context.
 */
#ifndef RUNCHECK_CATALOG_H
#define RUNCHECK_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "source.h"
#include "tree.h"

/* One entry, as read; its strings live as long as the catalog. */
struct catalog_entry {
	const char *msgctxt; /* NULL for none */
	const char *msgid;
	const char *msgstr;
	bool is_fuzzy;
	struct diag_pos pos;	    /* its first keyword: msgctxt, else msgid */
	struct diag_pos fuzzy_pos;  /* its "#," line when fuzzy */
	struct diag_pos msgstr_pos; /* its msgstr keyword */
};

struct catalog;

/*
 * Loads libgettextpo (dlopen: a quiz never maps it). Returns NULL, or a
 * message (static text) saying why catalogs cannot be read. catalog_load
 * must not be called until it has returned NULL.
 */
const char *catalog_library_error(void);

/*
 * Reads the catalog in src (opened with source_open; named as diags
 * is). Syntax errors go to diags at their lines. Returns YREAD_OK with
 * *out set (the caller frees it), YREAD_INVALID (*out NULL),
 * YREAD_READ_ERROR (errno kept) or YREAD_NOMEM.
 */
enum yread_status catalog_load(struct source *src, struct diag_list *diags,
			       struct catalog **out);

void catalog_free(struct catalog *catalog);

/* The non-header entries, obsolete ones left out, sorted by msgctxt
 * (none first), then msgid. */
size_t catalog_count(const struct catalog *catalog);
const struct catalog_entry *catalog_entry(const struct catalog *catalog,
					  size_t i);

/* The entry with this msgctxt and msgid, or NULL. */
const struct catalog_entry *catalog_find(const struct catalog *catalog,
					 const char *msgctxt,
					 const char *msgid);

/*
 * A header field's value (a new string, caller frees; NULL when the
 * header has no such field), and where its line is (the header entry's
 * msgid when the field is not found on a line of its own).
 */
char *catalog_field(const struct catalog *catalog, const char *name);
struct diag_pos catalog_field_pos(const struct catalog *catalog,
				  const char *name);

/* The English texts a catalog translates: a tree's or the clinic's. */
struct catalog_text {
	char *msgctxt;
	char *msgid;
	struct diag_pos pos; /* in the tree or clinic file */
};

struct catalog_english {
	/* "X-Runcheck-Tree" with id the tree's id, or "X-Runcheck-Clinic"
	 * with id NULL (the clinic's name is not checked); NULL for the
	 * interface's template (no field names it). */
	const char *kind_field;
	const char *id;
	/* "X-Runcheck-Tree-Hash" or "X-Runcheck-Clinic-Hash", and the
	 * SHA-256 (hex) of the file the English was read from; NULL for the
	 * interface (its English is the program's: a review names no hash). */
	const char *hash_field;
	const char *hash;
	const char *file; /* its name, for the messages */
	struct catalog_text *texts;
	size_t count;
	size_t capacity;
	bool is_oom;
};

/* Fills e->texts from a tree or a clinic (tree_each_text,
 * clinic_each_text); false when out of memory. */
struct clinic;
bool catalog_english_tree(struct catalog_english *e, const struct tree *tree);
bool catalog_english_clinic(struct catalog_english *e,
			    const struct clinic *clinic);
/* Fills e->texts from a template's entries (the interface's, po/
 * runcheck.pot), each at its place in the template; msgctxt may be NULL.
 * False when out of memory. */
bool catalog_english_template(struct catalog_english *e,
			      const struct catalog *template);
void catalog_english_free(struct catalog_english *e);

/*
 * Checks the catalog against the English: its header (the tree it names,
 * X-Runcheck-Status draft or reviewed, and a reviewed one's reviewer,
 * date and hash, which must be e->hash: else the English changed under
 * the review), each entry (fuzzy, untranslated, unused: no English text
 * has its msgctxt and msgid; placeholders, printf-style and {...}, that
 * differ from the English; a line break at the start or end that the
 * English has not, or the other way round; control characters), each
 * into diags at its line (an entry without msgctxt named by the start of
 * its English). A text of the English that the catalog lacks
 * goes to missing, at the text's place in the English's file (missing's
 * file is e->file). Unused entries are warnings (gettext never looks
 * them up); everything else is an error.
 */
void catalog_lint(const struct catalog *catalog,
		  const struct catalog_english *e, struct diag_list *diags,
		  struct diag_list *missing);

/* True when the catalog's header names the clinic (X-Runcheck-Clinic)
 * and not a tree. */
bool catalog_is_clinic(const struct catalog *catalog);

#endif
