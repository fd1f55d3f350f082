/*
 * tools.c - runcheck graph, paths and report: the tools for the clinicians
 * who write trees (runcheck(1)).
 *
 * Each works from the resolved model that the loader built, never from the
 * YAML again, so what they show is what the quiz walks. Each writes its
 * document to standard output and checks the writes once at the end; a
 * reader that went away (runcheck paths | head) ends the command quietly.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "diag.h"
#include "fhir.h"
#include "graph.h"
#include "paths.h"
#include "report.h"
#include "sha256.h"
#include "tree.h"
#include "walklist.h"

/* The options each tool takes; format is report's alone, count paths'. */
struct tool_args {
	const char *tree_path;
	const char *clinic_path; /* report */
	const char *format;
	const char *lang;   /* report --lang */
	const char *po_dir; /* report --po */
	bool is_count_only;
	bool is_walks;	    /* paths: as a walks file */
	bool is_boundaries; /* paths --walks: each band at both ends too */
};

static const struct cmd graph_cmd = {
	.name = "graph",
	.usage = "usage: runcheck graph [--tree FILE]",
	.is_in_order = true,
};
static const struct cmd paths_cmd = {
	.name = "paths",
	.usage = "usage: runcheck paths [--tree FILE] "
		 "[--count | --walks [--boundaries]]",
	.is_in_order = true,
};
static const struct cmd report_cmd = {
	.name = "report",
	.usage = "usage: runcheck report [--tree FILE] [--clinic FILE] "
		 "[--format markdown|html|fhir]\n"
		 "       runcheck report --lang LANG [--po DIR] [--tree FILE] "
		 "[--clinic FILE] [--format markdown|html]",
	.is_in_order = true,
};

/* paths: --count lists nothing, --boundaries shapes the walks file. */
static int check_paths_args(const struct tool_args *args, const struct cmd *cmd)
{
	if (args->is_count_only && args->is_walks)
		return cmd_usage_error(
			cmd, "--count and --walks do not go together");
	if (args->is_boundaries && !args->is_walks)
		return cmd_usage_error(cmd, "--boundaries goes with --walks");
	return CMD_GO_ON;
}

/*
 * Reads the options after the subcommand's name. Returns CMD_GO_ON, or
 * the exit status to end with (0 after --help).
 */
static int parse_args(int argc, char **argv, bool has_format,
		      struct tool_args *args)
{
	const struct cmd_option report_opts[] = {
		{"tree", 0, CMD_VALUE, .value = &args->tree_path},
		{"clinic", 0, CMD_VALUE, .value = &args->clinic_path},
		{"format", 0, CMD_VALUE, .value = &args->format},
		{"lang", 0, CMD_VALUE, .value = &args->lang},
		{"po", 0, CMD_VALUE, .value = &args->po_dir},
		{NULL},
	};
	const struct cmd_option graph_opts[] = {
		{"tree", 0, CMD_VALUE, .value = &args->tree_path},
		{NULL},
	};
	const struct cmd_option paths_opts[] = {
		{"tree", 0, CMD_VALUE, .value = &args->tree_path},
		{"count", 0, CMD_FLAG, .flag = &args->is_count_only},
		{"walks", 0, CMD_FLAG, .flag = &args->is_walks},
		{"boundaries", 0, CMD_FLAG, .flag = &args->is_boundaries},
		{NULL},
	};
	const bool is_paths = strcmp(argv[0], "paths") == 0;
	const struct cmd *cmd = has_format ? &report_cmd
				: is_paths ? &paths_cmd
					   : &graph_cmd;
	int status;

	memset(args, 0, sizeof(*args));
	status = cmd_parse_only(cmd,
				has_format ? report_opts
				: is_paths ? paths_opts
					   : graph_opts,
				argc, argv);
	if (status == CMD_GO_ON)
		status = check_paths_args(args, cmd);
	if (status == CMD_GO_ON && args->po_dir != NULL && args->lang == NULL)
		status = cmd_usage_error(cmd, "--po goes with --lang");
	return status;
}

/*
 * Ends a tool's output: flushes standard output and reports a failed
 * write. write_errno is the error of a write that failed earlier, or 0. A
 * closed pipe is the reader's choice, not an error worth a word.
 */
static int finish_output(int write_errno)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return EXIT_RESULT;
	return cmd_write_error(write_errno != 0 ? write_errno : errno);
}

/* ---- graph ------------------------------------------------------------ */

int cmd_graph(int argc, char **argv)
{
	struct tool_args args;
	struct tree *tree = NULL;
	struct paths *paths = NULL;
	int status = parse_args(argc, argv, false, &args);
	int loaded;

	if (status >= 0)
		return status;
	/* A tree with errors is drawn as far as it was read, and the status
	 * is still EXIT_INVALID: a picture to find the mistakes by. */
	loaded = cli_load_tree_partial(args.tree_path, &tree);
	if (loaded != EXIT_RESULT && (loaded != EXIT_INVALID || !tree))
		return loaded;
	if (loaded == EXIT_RESULT && !(paths = paths_new(tree))) {
		status = cmd_out_of_memory();
		goto fail;
	}

	/* A failed write shows in finish_output's check of stdout. */
	(void)graph_write(stdout, tree, paths);
	status = finish_output(0);
	if (status == EXIT_RESULT)
		status = loaded;
fail:
	paths_free(paths);
	tree_free(tree);
	return status;
}

/* ---- paths ------------------------------------------------------------ */

int cmd_paths(int argc, char **argv)
{
	struct tool_args args;
	struct tree *tree = NULL;
	struct paths *paths = NULL;
	struct paths_count total;
	size_t walks = 0;
	bool is_all;
	char count[64];
	int status = parse_args(argc, argv, false, &args);

	if (status >= 0)
		return status;
	status = cli_load_tree(args.tree_path, 0, &tree);
	if (status != EXIT_RESULT)
		return status;
	paths = paths_new(tree);
	if (!paths)
		goto nomem;
	total = paths_total(paths);
	paths_count_format(total, count, sizeof(count));
	if (args.is_count_only) {
		/* The number alone, on standard output: no walk is listed. */
		printf("%s\n", count);
		status = finish_output(0);
		goto fail;
	}
	is_all = paths_count_at_most(total, PATHS_LIST_LIMIT);
	status = walklist_write(stdout, tree, paths,
				!args.is_walks	     ? WALKLIST_LINES
				: args.is_boundaries ? WALKLIST_WALKS_BOUNDARIES
						     : WALKLIST_WALKS,
				is_all, &walks);
	if (status < 0 && !ferror(stdout))
		goto nomem;
	status = finish_output(status < 0 ? errno : 0);
	if (status != EXIT_RESULT)
		goto fail;
	cli_error("%s %s", count,
		  paths_count_at_most(total, 1) && total.value == 1 ? "walk"
								    : "walks");
	if (!is_all)
		fprintf(stderr,
			"runcheck: note: more than %d walks, so these %zu "
			"together take every edge at least once; they are "
			"not all the walks\n",
			PATHS_LIST_LIMIT, walks);
	goto fail;
nomem:
	status = cmd_out_of_memory();
fail:
	paths_free(paths);
	tree_free(tree);
	return status;
}

/* ---- report ----------------------------------------------------------- */

/* report --format fhir: the tree as a FHIR R4 Questionnaire (fhir.h). */
static int report_fhir(const char *tree_path)
{
	struct tree *tree = NULL;
	int status = cli_load_tree(tree_path, 0, &tree);
	json_t *q;

	if (status != EXIT_RESULT)
		return status;
	q = fhir_questionnaire(tree);
	if (!q) {
		status = cmd_out_of_memory();
	} else {
		json_dumpf(q, stdout, JSON_INDENT(2));
		putchar('\n');
		status = finish_output(0);
	}
	json_decref(q);
	tree_free(tree);
	return status;
}

int cmd_report(int argc, char **argv)
{
	struct tool_args args;
	struct tree *tree = NULL;
	struct diag_list diags = {0};
	struct clinic *clinic = NULL;
	char sha256[SHA256_HEX_SIZE];
	enum report_format format = REPORT_MARKDOWN;
	int status = parse_args(argc, argv, true, &args);

	if (status >= 0)
		return status;
	if (args.lang != NULL)
		return report_lang(&report_cmd, args.lang, args.tree_path,
				   args.clinic_path, args.format, args.po_dir);
	if (args.format && strcmp(args.format, "fhir") == 0)
		return report_fhir(args.tree_path);
	if (args.format && strcmp(args.format, "html") == 0) {
		format = REPORT_HTML;
	} else if (args.format && strcmp(args.format, "markdown") != 0) {
		return cmd_usage_error(&report_cmd,
				       "unknown format '%s' (markdown, html or "
				       "fhir)",
				       args.format);
	}
	status = cli_load_tree_diags(args.tree_path, &diags, &tree, sha256);
	if (status != EXIT_RESULT)
		goto fail;
	status = cli_load_clinic(args.clinic_path, &clinic);
	if (status != EXIT_RESULT)
		goto fail;
	if (report_write(stdout, format,
			 &(struct report_source){
				 .tree = tree,
				 .diags = &diags,
				 .tree_sha256 = sha256,
				 .clinic = clinic,
				 .clinic_source =
					 cli_clinic_name(args.clinic_path),
			 }) < 0 &&
	    !ferror(stdout)) {
		status = cmd_out_of_memory();
		goto fail;
	}
	status = finish_output(0);
fail:
	diag_list_clear(&diags);
	clinic_free(clinic);
	tree_free(tree);
	return status;
}
