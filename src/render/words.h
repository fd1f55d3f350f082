/*
 * words.h - a tree's answers and routes in words, for the graph and the
 * sign-off report: what answer takes an edge ("yes", "Left knee",
 * "0–6") and when a route's alternative is taken, as the file writes it
 * ("age: [under_16, over_50]") or as a person reads it ("if the answer to
 * Age was Under 16 or 50 or over").
 *
 * Edges are numbered as paths_edge numbers them (paths.h). Nothing here
 * prints.
 */
#ifndef RUNCHECK_WORDS_H
#define RUNCHECK_WORDS_H

#include <stdbool.h>
#include <stddef.h>

#include "tree.h"

/*
 * The answer that takes edge e of q as a person reads it: the option's
 * text, yes, no, not sure, otherwise (a multi's last edge), or the band
 * ("0–6", "7"). A band's text is written into buf, of size bytes (64 is
 * enough); the others are the tree's own strings or constants.
 */
const char *words_edge(const struct tree_question *q, size_t e, char *buf,
		       size_t size);

/*
 * A route's alternative's when as a new string (free; NULL when out of
 * memory): as the file writes it, "age: [under_16, over_50], sex:
 * female", or, is_words, as a report says it, "if the answer to Age was
 * Under 16 or 50 or over, and the answer to Sex was Female".
 */
char *words_when_new(const struct tree *tree, const struct tree_alt *alt,
		     bool is_words);

#endif
