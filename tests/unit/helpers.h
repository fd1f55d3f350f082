/*
 * helpers.h - what several unit tests share: loading a tree from YAML text
 * written in the test, and where a walk stands. Include after <cmocka.h>. Static inline only, so a
 * test program that uses none of it pays nothing.
 */
#ifndef RUNCHECK_TEST_HELPERS_H
#define RUNCHECK_TEST_HELPERS_H

#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "engine.h"
#include "tree.h"

/*
 * Loads a tree that the test expects to be valid; on any error, prints the
 * diagnostics and fails the test. The caller frees the tree.
 */
static inline struct tree *helper_load_tree(const char *yaml)
{
	struct diag_list diags = {.file = "test.yaml"};
	struct tree *tree = NULL;
	enum tree_status status =
		tree_load_buffer(yaml, strlen(yaml), &diags, &tree);

	if (status != TREE_OK || diags.error_count > 0) {
		for (size_t i = 0; i < diags.count; i++)
			fprintf(stderr, "%s:%u:%u: %s\n", diags.file,
				(unsigned)diags.items[i].pos.line,
				(unsigned)diags.items[i].pos.column,
				diags.items[i].message);
		diag_list_clear(&diags);
		fail_msg("the test tree did not load (status %d)",
			 (int)status);
	}
	diag_list_clear(&diags);
	assert_non_null(tree);
	return tree;
}

/* The id of a question or outcome a reference leads to. */
static inline const char *helper_ref_id(const struct tree *tree,
					struct tree_ref ref)
{
	if (ref.kind == TREE_NODE_OUTCOME)
		return tree_outcome(tree, ref.index)->id;
	return tree_question(tree, ref.index)->id;
}

/* The question with that id; fails the test when there is none. */
static inline const struct tree_question *
helper_question(const struct tree *tree, const char *id)
{
	struct tree_ref ref;

	if (!tree_find(tree, id, &ref) || ref.kind != TREE_NODE_QUESTION)
		fail_msg("the test tree has no question '%s'", id);
	return tree_question(tree, ref.index);
}

/* Where a walk stands: the current question's id, or the outcome's. */
static inline const char *helper_where(const struct engine *e)
{
	const struct tree *tree = engine_tree(e);

	if (engine_is_done(e))
		return tree_outcome(tree, engine_outcome(e))->id;
	return tree_question(tree, engine_question(e))->id;
}

#endif
