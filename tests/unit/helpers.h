/*
 * helpers.h - what several unit tests share: test trees, loading a tree
 * from YAML text written in the test, a walk's set-up, and where a walk
 * stands. Include after <cmocka.h>. Static inline only, so a test program
 * that uses none of it pays nothing.
 */
#ifndef RUNCHECK_TEST_HELPERS_H
#define RUNCHECK_TEST_HELPERS_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "engine.h"
#include "mem.h"
#include "paths.h"
#include "tree.h"

/* The first lines of a runcheck/1 test tree, before its questions. */
#define HELPER_HEAD(id, title, version, start, disclaimer)                     \
	"format: runcheck/1\n"                                                 \
	"id: " id "\n"                                                         \
	"title: " title "\n"                                                   \
	"version: \"" version "\"\n"                                           \
	"start: " start "\n"                                                   \
	"disclaimer: " disclaimer "\n"

/* The same to "questions:", the start the question "area". */
#define HELPER_TREE_HEAD(id, title, version)                                   \
	HELPER_HEAD(id, title, version, "area", "Not a diagnosis.")            \
	"questions:\n"

/*
 * A tree with one outcome at each triage, its version 4.2: "Where?", and
 * the answer 1 (Heel) leads to heel (Heel pain, consult), 2 (Shin) to shin
 * (self_care), 3 (Calf) to clot (emergency), 4 (Hip) to fever (urgent)
 * and 5 (Knee) to knee (Knee injury, gp).
 */
static inline const char *helper_triage_tree(void)
{
	return HELPER_TREE_HEAD("triage-test", "Triage test",
				"4.2") "  area:\n"
				       "    ask: Where?\n"
				       "    options:\n"
				       "      - text: Heel\n"
				       "        next: heel\n"
				       "      - text: Shin\n"
				       "        next: shin\n"
				       "      - text: Calf\n"
				       "        next: clot\n"
				       "      - text: Hip\n"
				       "        next: fever\n"
				       "      - text: Knee\n"
				       "        next: knee\n"
				       "outcomes:\n"
				       "  heel:\n"
				       "    condition: Heel pain\n"
				       "    triage: consult\n"
				       "    summary: Heel.\n"
				       "  shin:\n"
				       "    condition: Shin splints\n"
				       "    triage: self_care\n"
				       "    summary: Shin.\n"
				       "  clot:\n"
				       "    condition: Clot\n"
				       "    triage: emergency\n"
				       "    summary: Clot.\n"
				       "  fever:\n"
				       "    condition: Infection\n"
				       "    triage: urgent\n"
				       "    summary: Fever.\n"
				       "  knee:\n"
				       "    condition: Knee injury\n"
				       "    triage: gp\n"
				       "    summary: Knee.\n";
}

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
		fail_msg("the test tree did not load (status %d)", (int)status);
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

/* The walks from the question id, and to the outcome id, as text
 * (helper_count_text). */
static inline const char *helper_walks_from(const struct paths *paths,
					    const struct tree *tree,
					    const char *id)
{
	return helper_count_text(
		paths_from_question(paths, helper_question_index(tree, id)));
}

static inline const char *helper_walks_to(const struct paths *paths,
					  const struct tree *tree,
					  const char *id)
{
	return helper_count_text(
		paths_to_outcome(paths, helper_outcome_index(tree, id)));
}

/*
 * A runcheck/1 tree (caller frees) of n yes/no questions q0 ... q(n-1) in
 * a chain, and the outcomes done and other. With has_unsure every answer,
 * not sure included, leads to the next question (3^n walks); without, yes
 * leads on and no stops at other (n + 1 walks). The last leads to done.
 */
static inline char *helper_yesno_chain(size_t n, bool has_unsure)
{
	size_t size = 512 + n * 160, used;
	char *yaml = malloc(size);

	assert_non_null(yaml);
	used = (size_t)snprintf(yaml, size, "%s",
				HELPER_HEAD("chain", "Chain", "1", "q0",
					    "Not a diagnosis.") "questions:\n");
	for (size_t i = 0; i < n; i++) {
		char next[32];

		if (i + 1 < n)
			snprintf(next, sizeof(next), "q%zu", i + 1);
		else
			snprintf(next, sizeof(next), "done");
		used += (size_t)snprintf(
			yaml + used, size - used,
			"  q%zu:\n    type: yesno\n    ask: Step %zu?\n"
			"    yes: %s\n    no: %s\n%s%s%s",
			i, i, next, has_unsure ? next : "other",
			has_unsure ? "    unsure: " : "",
			has_unsure ? next : "", has_unsure ? "\n" : "");
	}
	used += (size_t)snprintf(yaml + used, size - used,
				 "outcomes:\n"
				 "  done: {condition: Done, triage: self_care, "
				 "summary: The end.}\n"
				 "  other: {condition: Other, triage: gp, "
				 "summary: Another end.}\n");
	assert_true(used < size);
	return yaml;
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
		used += (size_t)snprintf(yaml + used, size - used, "%sc%d: yes",
					 i ? ", " : "", i);
	snprintf(yaml + used, size - used,
		 "}\n        go: p\n      - go: o\n"
		 "outcomes:\n"
		 "  o: {condition: O, triage: gp, summary: S}\n"
		 "  p: {condition: P, triage: gp, summary: S}\n");
	return yaml;
}

/* A tree loaded from YAML and an engine at its start: what a test that
 * walks a tree sets up (helper_walk_new) and tears down. */
struct helper_walk {
	struct tree *tree;
	struct engine *engine;
};

static inline struct helper_walk *helper_walk_new(const char *yaml)
{
	struct helper_walk *w = calloc(1, sizeof(*w));

	assert_non_null(w);
	w->tree = helper_load_tree(yaml);
	w->engine = engine_new(w->tree);
	assert_non_null(w->engine);
	return w;
}

/* Frees the helper_walk in *state: a cmocka tear-down. */
static inline int helper_walk_teardown(void **state)
{
	struct helper_walk *w = *state;

	engine_free(w->engine);
	tree_free(w->tree);
	free(w);
	return 0;
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

/* diags holds one diagnostic: message, at line and column. */
static inline void helper_expect_one_diag(const struct diag_list *diags,
					  unsigned line, unsigned column,
					  const char *message)
{
	assert_int_equal(diags->count, 1);
	assert_int_equal(diags->items[0].pos.line, line);
	assert_int_equal(diags->items[0].pos.column, column);
	assert_string_equal(diags->items[0].message, message);
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
		int is_error = is_exact ? strstr(c->expect, ": error: ") != NULL
					: strstr(c->expect, ": warning: ") ==
						  NULL;
		int is_held = is_exact ? strcmp(out, c->expect) == 0
				       : strstr(out, c->expect) != NULL;

		if (!is_held ||
		    status != (is_error ? YREAD_INVALID : YREAD_OK)) {
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
