/*
 * test_render_walklist.c - a tree's walks as runcheck paths lists them
 * (walklist.h): replayable lines, and a walks file that reads back.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "paths.h"
#include "render_tree.h"
#include "tree.h"
#include "walklist.h"

/* The listing of render_tree_yaml in format; *walks is set. */
static char *list(enum walklist_format format, bool is_all, size_t *walks)
{
	struct tree *tree = helper_load_tree(render_tree_yaml);
	struct paths *paths = paths_new(tree);
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(paths);
	assert_non_null(f);
	assert_int_equal(walklist_write(f, tree, paths, format, is_all, walks),
			 0);
	assert_int_equal(fclose(f), 0);
	paths_free(paths);
	tree_free(tree);
	return text;
}

static void assert_has(const char *text, const char *needle)
{
	if (!strstr(text, needle))
		fail_msg("expected \"%s\" in:\n%s", needle, text);
}

/* One line a walk: the outcome, then each answer as a pipe walk types it. */
static void walklist__lines__outcome_then_answers(void **state)
{
	size_t walks = 0;
	char *text = list(WALKLIST_LINES, true, &walks);

	(void)state;
	assert_int_equal(walks, 9);
	assert_has(text, "clot\tUnder 16\tCalf, \"swollen\"\n");
	assert_has(text, "growing\tUnder 16\tKnee\n");
	assert_has(text, "joint\t16 or over\tKnee\t7\n");
	free(text);
}

/* A walks file: an answer that would not read back plain is quoted, and
 * with boundaries each band's top is walked too. */
static void walklist__walks_file__quoted_and_bands_at_both_ends(void **state)
{
	size_t walks = 0;
	char *text = list(WALKLIST_WALKS_BOUNDARIES, true, &walks);

	(void)state;
	assert_int_equal(walks, 9);
	assert_has(text, "format: runcheck-walks/1\ntree: render-test\n"
			 "walks:\n");
	assert_has(text, "      - area: \"Calf, \\\"swollen\\\"\"\n");
	assert_has(text, "  - name: walk 3 to knee, bands at their highest\n"
			 "    answers:\n      - age: Under 16\n"
			 "      - area: \"Shin <after runs>\"\n"
			 "      - pain: 6\n    outcome: knee\n"
			 "    triage: consult\n");
	free(text);
	text = list(WALKLIST_WALKS, true, &walks);
	assert_null(strstr(text, "bands at their highest"));
	free(text);
}

/* Walks that take every edge: fewer than all, every outcome reached. */
static void walklist__cover__every_outcome_fewer_walks(void **state)
{
	size_t walks = 0;
	char *text = list(WALKLIST_LINES, false, &walks);

	(void)state;
	assert_true(walks > 0 && walks < 9);
	for (const char *const *o =
		     (const char *const[]){"clot\t", "growing\t", "knee\t",
					   "joint\t", NULL};
	     *o; o++)
		assert_has(text, *o);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(walklist__lines__outcome_then_answers),
		cmocka_unit_test(
			walklist__walks_file__quoted_and_bands_at_both_ends),
		cmocka_unit_test(walklist__cover__every_outcome_fewer_walks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
