/*
 * helpers.h - what several unit tests share: loading a tree from YAML text
 * written in the test, and where a walk stands. Include after <cmocka.h>. Static inline only, so a
 * test program that uses none of it pays nothing.
 */
#ifndef RUNCHECK_TEST_HELPERS_H
#define RUNCHECK_TEST_HELPERS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "engine.h"
#include "mem.h"
#include "paths.h"
#include "tree.h"

/*
 * Loads a tree that the test expects to be valid; on any error, prints the
 * diagnostics and fails the test. The caller frees the tree.
 */
static inline struct tree *helper_load_tree(const char *yaml)
{
	struct diag_list diags = {.file = "test.yaml"};
	struct tree *tree = NULL;
	enum yread_status status =
		tree_load_buffer(yaml, strlen(yaml), &diags, &tree);

	if (status != YREAD_OK || diags.error_count > 0) {
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

/* The question with that id; fails the test when there is none. */
static inline const struct tree_question *
helper_question(const struct tree *tree, const char *id)
{
	struct tree_ref ref;

	if (!tree_find(tree, id, &ref) || ref.kind != TREE_NODE_QUESTION)
		fail_msg("the test tree has no question '%s'", id);
	return tree_question(tree, ref.index);
}

/* A count of walks in decimal, in a buffer the next call reuses. */
static inline char *helper_count_text(struct paths_count c)
{
	static char buf[96];

	paths_count_format(c, buf, sizeof(buf));
	return buf;
}

/* The index of the node of that kind with that id; fails the test when
 * there is none. */
static inline size_t helper_index(const struct tree *tree, const char *id,
				  enum tree_node_kind kind)
{
	struct tree_ref ref;

	assert_true(tree_find(tree, id, &ref));
	assert_int_equal(ref.kind, kind);
	return ref.index;
}

static inline size_t helper_outcome_index(const struct tree *tree,
					  const char *id)
{
	return helper_index(tree, id, TREE_NODE_OUTCOME);
}

static inline size_t helper_question_index(const struct tree *tree,
					   const char *id)
{
	return helper_index(tree, id, TREE_NODE_QUESTION);
}

/*
 * A runcheck/2 tree (caller frees): n yes/no questions c0 ... c(n-1) in a
 * chain, then last<n>, whose yes goes to outcome p when every one of them
 * was yes, else to o, as its no does. 2^n combinations are live at the
 * last question.
 */
static inline char *helper_chain_tree(int n)
{
	size_t size = 4096 + (size_t)n * 128, used;
	char *yaml = malloc(size);

	assert_non_null(yaml);
	used = (size_t)snprintf(yaml, size,
				"format: runcheck/2\nid: t\ntitle: T\n"
				"version: \"1\"\nstart: c0\ndisclaimer: D\n"
				"questions:\n");
	for (int i = 0; i < n; i++)
		used += (size_t)snprintf(
			yaml + used, size - used,
			"  c%d: {type: yesno, ask: C%d?, yes: %s%d, no: %s%d}\n",
			i, i, i + 1 < n ? "c" : "last", i + 1,
			i + 1 < n ? "c" : "last", i + 1);
	used += (size_t)snprintf(yaml + used, size - used,
				 "  last%d:\n    type: yesno\n    ask: L?\n"
				 "    no: o\n    yes:\n      - when: {",
				 n);
	for (int i = 0; i < n; i++)
		used += (size_t)snprintf(yaml + used, size - used,
					 "%sc%d: yes", i ? ", " : "", i);
	snprintf(yaml + used, size - used,
		 "}\n        go: p\n      - go: o\n"
		 "outcomes:\n"
		 "  o: {condition: O, triage: gp, summary: S}\n"
		 "  p: {condition: P, triage: gp, summary: S}\n");
	return yaml;
}

/* Where a walk stands: the current question's id, or the outcome's. */
static inline const char *helper_where(const struct engine *e)
{
	const struct tree *tree = engine_tree(e);

	if (engine_is_done(e))
		return tree_outcome(tree, engine_outcome(e))->id;
	return tree_question(tree, engine_question(e))->id;
}

/*
 * Loads len bytes of text; returns the status and the diagnostics, sorted,
 * as "L:C: error|warning: MESSAGE" lines in *out (the caller frees). A
 * tree is made exactly when the status is YREAD_OK.
 */
static inline enum yread_status helper_load_text(const char *text, size_t len,
						char **out)
{
	struct diag_list diags = {.file = "t.yaml"};
	struct tree *tree = NULL;
	enum yread_status status = tree_load_buffer(text, len, &diags, &tree);
	size_t size = 1, i;
	char *buf;

	diag_sort(&diags);
	for (i = 0; i < diags.count; i++)
		size += strlen(diags.items[i].message) + 40;
	buf = malloc(size);
	assert_non_null(buf);
	buf[0] = '\0';
	for (i = 0; i < diags.count; i++)
		sprintf(buf + strlen(buf), "%u:%u: %s: %s\n",
			diags.items[i].pos.line, diags.items[i].pos.column,
			diags.items[i].severity == DIAG_ERROR ? "error"
							      : "warning",
			diags.items[i].message);
	if (status == YREAD_OK)
		assert_non_null(tree);
	else
		assert_null(tree);
	tree_free(tree);
	diag_list_clear(&diags);
	*out = buf;
	return status;
}

/* A tree with a problem, and a line its diagnostics must hold. */
struct helper_case {
	const char *name;
	const char *yaml;
	const char *expect; /* "L:C: error: MESSAGE" or "...: warning: ..." */
};

/*
 * Loads each case: its diagnostics must hold its expect (is_exact: be
 * exactly it), and the status be YREAD_INVALID when an error is expected,
 * else YREAD_OK. Says every case that fails, then fails the test.
 */
static inline void helper_expect_cases_as(const struct helper_case *cases,
					  size_t count, int is_exact)
{
	size_t i, failures = 0;

	for (i = 0; i < count; i++) {
		const struct helper_case *c = &cases[i];
		char *out;
		enum yread_status status =
			helper_load_text(c->yaml, strlen(c->yaml), &out);
		int is_error = is_exact
				       ? strstr(c->expect, ": error: ") != NULL
				       : strstr(c->expect, ": warning: ") == NULL;
		int is_held = is_exact ? strcmp(out, c->expect) == 0
				       : strstr(out, c->expect) != NULL;

		if (!is_held || status != (is_error ? YREAD_INVALID : YREAD_OK)) {
			print_error("case '%s' (status %d): expected\n%s%s"
				    "got\n%s",
				    c->name, (int)status, c->expect,
				    is_exact ? "" : "\n", out);
			failures++;
		}
		free(out);
	}
	assert_int_equal(failures, 0);
}

/* Each case's expect is a line its diagnostics hold. */
static inline void helper_expect_cases(const struct helper_case *cases,
				       size_t count)
{
	helper_expect_cases_as(cases, count, 0);
}

/* Each case's expect is every diagnostic, "L:C: severity: message\n"
 * each (one mistake, one diagnostic); "" for none. */
static inline void helper_expect_exact_cases(const struct helper_case *cases,
					     size_t count)
{
	helper_expect_cases_as(cases, count, 1);
}

/*
 * Loads a valid tree once, counting its allocations, then again with each
 * allocation failing in turn: each must give YREAD_NOMEM and no tree.
 */
static inline void helper_each_failed_allocation(const char *yaml)
{
	long n, total;
	struct diag_list diags = {.file = "t"};
	struct tree *t = NULL;

	mem_fail_never();
	assert_int_equal(tree_load_buffer(yaml, strlen(yaml), &diags, &t),
			 YREAD_OK);
	total = mem_alloc_count();
	tree_free(t);
	diag_list_clear(&diags);
	assert_true(total > 10);
	for (n = 0; n < total; n++) {
		enum yread_status status;

		mem_fail_after(n);
		status = tree_load_buffer(yaml, strlen(yaml), &diags, &t);
		mem_fail_never();
		if (status != YREAD_NOMEM)
			fail_msg("allocation %ld failed, status %d", n,
				 (int)status);
		assert_null(t);
		diag_list_clear(&diags);
	}
}

#endif
