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
#include <getopt.h>
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

static bool is_paths(const char *name)
{
	return strcmp(name, "paths") == 0;
}

static void usage(FILE *f, const char *name, bool has_format)
{
	fprintf(f, "usage: runcheck %s [--tree FILE]%s%s\n", name,
		has_format ? " [--clinic FILE] [--format markdown|html|fhir]\n"
			     "       [--lang LANG [--po DIR]]"
			   : "",
		is_paths(name) ? " [--count | --walks [--boundaries]]" : "");
}

/* paths: --count lists nothing, --boundaries shapes the walks file. */
static int check_paths_args(const struct tool_args *args, const char *name,
			    bool has_format)
{
	const char *wrong = NULL;

	if (args->is_count_only && args->is_walks)
		wrong = "--count and --walks do not go together";
	else if (args->is_boundaries && !args->is_walks)
		wrong = "--boundaries goes with --walks";
	if (!wrong)
		return -1;
	fprintf(stderr, "runcheck: %s\n", wrong);
	usage(stderr, name, has_format);
	return EXIT_USAGE;
}

/*
 * Reads the options after the subcommand's name. Returns -1 to go on, or
 * the exit status to end with (0 after --help).
 */
static int parse_args(int argc, char **argv, bool has_format,
		      struct tool_args *args)
{
	static const struct option report_opts[] = {
		{"tree", required_argument, NULL, 't'},
		{"clinic", required_argument, NULL, 'C'},
		{"format", required_argument, NULL, 'f'},
		{"lang", required_argument, NULL, 'L'},
		{"po", required_argument, NULL, 'P'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	static const struct option tool_opts[] = {
		{"tree", required_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	static const struct option paths_opts[] = {
		{"tree", required_argument, NULL, 't'},
		{"count", no_argument, NULL, 'c'},
		{"walks", no_argument, NULL, 'w'},
		{"boundaries", no_argument, NULL, 'b'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *name = argv[0];
	const struct option *longopts = has_format     ? report_opts
					: is_paths(name) ? paths_opts
							 : tool_opts;
	int c;

	memset(args, 0, sizeof(*args));
	opterr = 0;
	optind = 0; /* argv is ours alone: start getopt afresh */
	while ((c = getopt_long(argc, argv, "+:h", longopts, NULL)) != -1) {
		switch (c) {
		case 't':
			args->tree_path = optarg;
			break;
		case 'f':
			args->format = optarg;
			break;
		case 'C':
			args->clinic_path = optarg;
			break;
		case 'L':
			args->lang = optarg;
			break;
		case 'P':
			args->po_dir = optarg;
			break;
		case 'c':
			args->is_count_only = true;
			break;
		case 'w':
			args->is_walks = true;
			break;
		case 'b':
			args->is_boundaries = true;
			break;
		case 'h':
			usage(stdout, name, has_format);
			return EXIT_RESULT;
		default:
			cli_bad_option(c, argv);
			usage(stderr, name, has_format);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		cli_error("unexpected argument '%s'",
			argv[optind]);
		usage(stderr, name, has_format);
		return EXIT_USAGE;
	}
	return check_paths_args(args, name, has_format);
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
	if (write_errno == 0)
		write_errno = errno;
	if (write_errno != EPIPE)
		cli_error("cannot write to standard output: %s",
			strerror(write_errno));
	return EXIT_IO;
}

static void out_of_memory(void)
{
	fputs("runcheck: out of memory\n", stderr);
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
		out_of_memory();
		status = EXIT_INTERNAL;
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
	out_of_memory();
	status = EXIT_INTERNAL;
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
		out_of_memory();
		status = EXIT_INTERNAL;
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
		return report_lang(args.lang, args.tree_path, args.clinic_path,
				   args.format, args.po_dir);
	if (args.format && strcmp(args.format, "fhir") == 0)
		return report_fhir(args.tree_path);
	if (args.format && strcmp(args.format, "html") == 0) {
		format = REPORT_HTML;
	} else if (args.format && strcmp(args.format, "markdown") != 0) {
		cli_error("unknown format '%s' (markdown, html or fhir)",
			args.format);
		usage(stderr, argv[0], true);
		return EXIT_USAGE;
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
				 .clinic_source = cli_clinic_name(args.clinic_path),
			 }) < 0 &&
	    !ferror(stdout)) {
		out_of_memory();
		status = EXIT_INTERNAL;
		goto fail;
	}
	status = finish_output(0);
fail:
	diag_list_clear(&diags);
	clinic_free(clinic);
	tree_free(tree);
	return status;
}
