/*
 * pot.h - the gettext template (.pot) of a tree's texts, or of the clinic
 * file's booking sentences, for translators (runcheck po).
 *
 * A tree's template is text domain "runcheck-tree-ID"; the clinic's is
 * "runcheck-clinic". Each text a person sees (tree_each_text,
 * clinic_each_text) is one entry: a "#." note saying what the text is,
 * "#: FILE:LINE" where it stands, its msgctxt (its place, tree.h) and
 * its msgid, with an empty msgstr. The header names the tree
 * ("X-Runcheck-Tree: ID", "X-Runcheck-Tree-Version") or the clinic
 * ("X-Runcheck-Clinic: NAME") and starts "X-Runcheck-Status: draft", so
 * that a catalog made from it with msginit starts as a draft. It has no
 * creation date: the same tree gives the same template, byte for byte.
 * msgfmt --check, msginit and msgmerge accept it.
 */
#ifndef RUNCHECK_POT_H
#define RUNCHECK_POT_H

#include <stdio.h>

#include "clinic.h"
#include "tree.h"

/* The clinic's text domain, and the size of a tree's. */
#define POT_CLINIC_DOMAIN "runcheck-clinic"
#define POT_DOMAIN_SIZE	  (sizeof "runcheck-tree-" + TREE_MAX_ID)

/* The text domain of a tree's texts, "runcheck-tree-" and its id (an id
 * has at most TREE_MAX_ID characters, so it always fits), into buf. */
void pot_tree_domain(const struct tree *tree, char buf[POT_DOMAIN_SIZE]);

/*
 * Writes the template of tree, read from the file named file (for the
 * "#:" references), to out. Write errors are left in out's error
 * indicator (ferror) for the caller.
 */
void pot_write_tree(FILE *out, const struct tree *tree, const char *file);

/* As pot_write_tree, for the clinic file's booking sentences. */
void pot_write_clinic(FILE *out, const struct clinic *clinic, const char *file);

/*
 * Writes keyword (msgctxt, msgid, msgstr) and text as a PO string: one
 * quoted line, or, when text holds a line break before its end, an empty
 * "" then one quoted line per line of text, as gettext's tools write it.
 * ", \ and control characters are escaped (\n, \t, \r, else octal).
 */
void pot_write_string(FILE *out, const char *keyword, const char *text);

#endif
