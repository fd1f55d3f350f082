/*
 * test_render_graph.c - the DOT graph of a tree, as runcheck graph writes
 * it (graph.h): what the picture shows a clinician.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "graph.h"
#include "helpers.h"
#include "paths.h"
#include "render_tree.h"
#include "tree.h"

/* The graph of tree (its paths worked out unless is_partial). */
static char *graph_of(const struct tree *tree, bool is_partial)
{
	struct paths *paths = is_partial ? NULL : paths_new(tree);
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	assert_true(is_partial || paths);
	assert_int_equal(graph_write(f, tree, paths), 0);
	assert_int_equal(fclose(f), 0);
	paths_free(paths);
	return text;
}

struct fixture {
	struct tree *tree; /* render_tree_yaml */
	char *dot;	   /* its graph */
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	assert_non_null(fx);
	fx->tree = helper_load_tree(render_tree_yaml);
	fx->dot = graph_of(fx->tree, false);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	free(fx->dot);
	tree_free(fx->tree);
	free(fx);
	return 0;
}

static void assert_has(const char *text, const char *needle)
{
	if (!strstr(text, needle))
		fail_msg("expected \"%s\" in:\n%s", needle, text);
}

static void graph__routed_edge__labelled_with_answer_and_when(void **state)
{
	const char *dot = ((struct fixture *)*state)->dot;

	/* The route's alternatives each an edge, the last "else". */
	assert_has(dot,
		   "\t\"area\" -> \"growing\" [label=\"Knee\\nage: child\"];\n");
	assert_has(dot, "\t\"area\" -> \"pain\" [label=\"Knee\\nelse\"];\n");
	/* A plain edge to the same place is drawn on its own. */
	assert_has(dot,
		   "\t\"area\" -> \"pain\" [label=\"Shin <after runs>\"];\n");
	/* Both answers of age lead to area: one edge with both. */
	assert_has(dot,
		   "\t\"age\" -> \"area\" [label=\"Under 16\\n16 or over\"];\n");
	assert_has(dot, "\t\"pain\" -> \"knee\" [label=\"1\u20136\"];\n");
}

static void graph__red_flag__red_and_named(void **state)
{
	const char *dot = ((struct fixture *)*state)->dot;

	assert_has(dot,
		   "\t\"clot\" [shape=doubleoctagon, style=\"filled\", "
		   "fillcolor=\"#d32f2f\", fontcolor=\"white\", "
		   "label=\"Possible calf clot\\n\\n[clot, emergency]\"];");
	assert_has(dot, "[pain, scale]");
	assert_has(dot, "[age, choice]");
	assert_has(dot, "\t\"@start\" -> \"age\" [penwidth=2.5];");
}

static void graph__quotes_escaped_unreached_dashed(void **state)
{
	const char *dot = ((struct fixture *)*state)->dot;

	assert_has(dot, "label=\"Render <test> & \\\"tree\\\"\\nversion 3\"");
	assert_has(dot, "[label=\"Calf, \\\"swollen\\\"\"];");
	assert_has(dot, "\t\"orphan\" [shape=ellipse, style=\"filled,dashed\"");
	assert_has(dot, "[orphan, self_care, unreachable]");
}

/* The legend gives each level with the line its result shows. */
static void graph__legend__the_results_own_words(void **state)
{
	const char *dot = ((struct fixture *)*state)->dot;

	assert_has(dot, "subgraph cluster_legend {");
	assert_has(dot,
		   "label=\"emergency\\nCall the emergency\\nnumber now.\"");
	assert_has(dot,
		   "label=\"consult\\nBook an assessment at\\nthe clinic.\"");
}

/* A tree with errors is drawn as far as it was read: what leads nowhere
 * goes to a red node that names it. */
static void graph__partial_tree__broken_reference_named(void **state)
{
	static const char yaml[] =
		"format: runcheck/1\nid: bad\ntitle: B\nversion: \"1\"\n"
		"start: a\ndisclaimer: D\nquestions:\n"
		"  a: {type: yesno, ask: A?, yes: nowhere, no: x}\n"
		"outcomes:\n  x: {condition: X, triage: gp, summary: S.}\n";
	struct diag_list diags = {.file = "bad.yaml"};
	struct tree *tree = NULL;
	char *dot;

	(void)state;
	assert_int_equal(tree_load_buffer_partial(yaml, strlen(yaml), &diags,
						  &tree),
			 YREAD_INVALID);
	diag_list_clear(&diags);
	assert_non_null(tree);
	dot = graph_of(tree, true);
	assert_has(dot, "(drawn as far as it was read: it has errors)");
	assert_has(dot, "\t\"a\" -> \"@broken0\" [label=\"yes\"];");
	assert_has(dot, "\t\"@broken0\" [shape=box, style=\"dashed,filled\", "
			"color=\"#d32f2f\", fillcolor=\"#ffebee\", "
			"label=\"unknown id\\nnowhere\"];");
	free(dot);
	tree_free(tree);
}

/* A write that fails is reported, not lost. */
static void graph__write_fails__returns_error(void **state)
{
	const struct tree *tree = ((struct fixture *)*state)->tree;
	struct paths *paths = paths_new(tree);
	FILE *f = fopen("/dev/full", "w");

	assert_non_null(paths);
	assert_non_null(f);
	/* Unbuffered, so that the first write fails at once. */
	setvbuf(f, NULL, _IONBF, 0);
	assert_int_equal(graph_write(f, tree, paths), -1);
	fclose(f);
	paths_free(paths);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(graph__routed_edge__labelled_with_answer_and_when),
		T(graph__red_flag__red_and_named),
		T(graph__quotes_escaped_unreached_dashed),
		T(graph__legend__the_results_own_words),
		T(graph__write_fails__returns_error),
#undef T
		cmocka_unit_test(graph__partial_tree__broken_reference_named),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
