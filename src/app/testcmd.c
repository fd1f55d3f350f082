/*
 * testcmd.c - runcheck test: replays the walks of walks files against the
 * tree and says which failed (runcheck(1), runcheck-tree(5)).
 *
 * Failures are diagnostics, FILE:LINE:COLUMN: error: walk 'NAME': ..., on
 * standard error at each failing walk's name; the last line on standard
 * output counts the walks that passed and failed.
 */
#include <stdbool.h>
#include <stdio.h>

#include "commands.h"
#include "diag.h"
#include "source.h"
#include "tree.h"
#include "walks.h"

static const struct cmd test = {
	.name = "test",
	.usage = "usage: runcheck test [--tree FILE] WALKS...",
	.is_in_order = true,
};

/* What replaying the files found, worst first when they are combined. */
struct test_tally {
	size_t passed;
	size_t failed;
	bool is_unopened;
	bool is_unread;
	bool is_invalid;
	bool is_internal;
};

/*
 * Loads one walks file, opened once (cli_load_walks), and replays its
 * walks, printing what failed, each at its line under a caret.
 */
static void test_file(const char *path, const struct tree *tree,
		      struct test_tally *t)
{
	struct diag_list diags = {0};
	struct source src;
	struct walks *walks = NULL;
	size_t passed = 0, failed = 0;

	switch (cli_load_walks(path, &diags, &walks, &src)) {
	case EXIT_RESULT:
		break;
	case EXIT_NOINPUT:
		t->is_unopened = true;
		goto done;
	case EXIT_IO:
		t->is_unread = true;
		goto done;
	case EXIT_INVALID:
		t->is_invalid = true;
		goto done;
	default:
		t->is_internal = true;
		goto done;
	}
	if (!walks_match_tree(walks, tree, &diags))
		t->is_invalid = true;
	else if (walks_run(walks, tree, &diags, &passed, &failed) != YREAD_OK)
		t->is_internal = true;
	t->passed += passed;
	t->failed += failed;
	cli_print_source_diags(stderr, &diags, &src);
	if (t->is_internal)
		cmd_out_of_memory();
done:
	source_close(&src);
	diag_list_clear(&diags);
	walks_free(walks);
}

int cmd_test(int argc, char **argv)
{
	struct test_tally t = {0};
	const char *tree_path = NULL;
	const struct cmd_option options[] = {
		{"tree", 0, CMD_VALUE, .value = &tree_path},
		{NULL},
	};
	struct tree *tree = NULL;
	int status;
	int next;

	status = cmd_parse(&test, options, argc, argv, &next);
	if (status != CMD_GO_ON)
		return status;
	if (next >= argc)
		return cmd_usage_error(&test,
				       "test needs at least one walks file");
	status = cli_load_tree(tree_path, 0, &tree);
	if (status != EXIT_RESULT)
		return status;
	for (int i = next; i < argc && !t.is_internal; i++)
		test_file(argv[i], tree, &t);
	printf("%zu passed, %zu failed\n", t.passed, t.failed);
	tree_free(tree);
	if (t.is_internal)
		return EXIT_INTERNAL;
	if (t.is_unread)
		return EXIT_IO;
	if (t.is_unopened)
		return EXIT_NOINPUT;
	if (t.is_invalid)
		return EXIT_INVALID;
	return t.failed > 0 ? EXIT_NO_RESULT : EXIT_RESULT;
}
