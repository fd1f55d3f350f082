/*
 * tools.c - runcheck graph, paths and report: the tools for the clinicians
 * who write trees (runcheck(1)).
 *
 * Each works from the resolved model that the loader built, never from the
 * YAML again, so what they show is what the quiz walks. Each writes its
 * document to standard output and checks the writes once at the end; a
 * reader that went away (runcheck paths | head) ends the command quietly.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "diag.h"
#include "engine.h"
#include "fhir.h"
#include "graph.h"
#include "mem.h"
#include "paths.h"
#include "report.h"
#include "sha256.h"
#include "text.h"
#include "tree.h"

/* The options each tool takes; format is report's alone, count paths'. */
struct tool_args {
	const char *tree_path;
	const char *clinic_path; /* report */
	const char *format;
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
		has_format ? " [--clinic FILE] [--format markdown|html|fhir]" : "",
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

struct paths_printer {
	const struct tree *tree;
	char *buf;
	size_t size;
	size_t lines;
	int write_errno; /* of the first write that failed */
	bool is_nomem;
	bool is_boundaries;
	struct engine_step *top; /* a walk with its bands at the top */
	size_t top_capacity;
};

/*
 * Writes step's answer in the answer words into pp->buf. Returns its
 * length, or SIZE_MAX when out of memory (pp->is_nomem).
 */
static size_t format_step(struct paths_printer *pp,
			  const struct engine_step *step)
{
	const struct tree_question *q = tree_question(pp->tree, step->question);
	size_t len = engine_format_answer(q, &step->answer, pp->buf, pp->size);

	if (len >= pp->size) {
		char *bigger = mem_realloc(pp->buf, len + 1);

		if (!bigger) {
			pp->is_nomem = true;
			return SIZE_MAX;
		}
		pp->buf = bigger;
		pp->size = len + 1;
		engine_format_answer(q, &step->answer, pp->buf, pp->size);
	}
	return len;
}

/* After a walk: false to stop, when a write failed (a reader that went
 * away ends the listing). */
static bool walk_written(struct paths_printer *pp)
{
	if (ferror(stdout)) {
		pp->write_errno = errno;
		return false;
	}
	return true;
}

/* One replayable line: the outcome id, then each answer after a tab. */
static bool print_walk(void *ctx, const struct engine_step *steps,
		       size_t step_count, uint32_t outcome)
{
	struct paths_printer *pp = ctx;

	fputs(tree_outcome(pp->tree, outcome)->id, stdout);
	for (size_t i = 0; i < step_count; i++) {
		size_t len = format_step(pp, &steps[i]);

		if (len == SIZE_MAX)
			return false;
		putchar('\t');
		fwrite(pp->buf, 1, len, stdout);
	}
	putchar('\n');
	pp->lines++;
	return walk_written(pp);
}

/* True when s reads back as itself as a plain YAML scalar in a block
 * mapping: letters, digits and a few marks, no ": " or " #", not null. */
static bool is_plain_yaml(const char *s)
{
	size_t len = strlen(s);

	if (len == 0 || !isalnum((unsigned char)s[0]) || s[len - 1] == ' ')
		return false;
	if (strstr(s, ": ") || strstr(s, " #"))
		return false;
	/* Plain, these read as no value at all. */
	if (strcmp(s, "null") == 0 || strcmp(s, "Null") == 0 ||
	    strcmp(s, "NULL") == 0)
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			 "0123456789 ,'()/.-") == len;
}

/* Writes s as a YAML scalar: plain where that is safe, else quoted. */
static void put_yaml(const char *s)
{
	if (is_plain_yaml(s)) {
		fputs(s, stdout);
		return;
	}
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c == 0x7F)
			printf("\\x%02x", c);
		else
			putchar(c);
	}
	putchar('"');
}

/* One walk of a walks file (runcheck-walks/1); suffix ends its name. */
static bool print_walk_entry(struct paths_printer *pp,
			     const struct engine_step *steps,
			     size_t step_count, uint32_t outcome,
			     const char *suffix)
{
	const struct tree_outcome *o = tree_outcome(pp->tree, outcome);

	printf("  - name: walk %zu to %s%s\n    answers:\n", pp->lines, o->id,
	       suffix);
	for (size_t i = 0; i < step_count; i++) {
		size_t len = format_step(pp, &steps[i]);

		if (len == SIZE_MAX)
			return false;
		printf("      - %s: ",
		       tree_question(pp->tree, steps[i].question)->id);
		put_yaml(pp->buf);
		putchar('\n');
	}
	printf("    outcome: %s\n    triage: %s\n", o->id,
	       tree_triage_name(o->triage));
	return true;
}

/*
 * One walk as a walks file's entry; with --boundaries, the same walk
 * again with each scale answer at the top of its band, when that differs.
 */
static bool print_walk_yaml(void *ctx, const struct engine_step *steps,
			    size_t step_count, uint32_t outcome)
{
	struct paths_printer *pp = ctx;
	bool is_moved = false;

	pp->lines++;
	if (!print_walk_entry(pp, steps, step_count, outcome, ""))
		return false;
	if (!pp->is_boundaries)
		return walk_written(pp);
	if (mem_grow(&pp->top, &pp->top_capacity, step_count + 1,
		     sizeof(*pp->top)) < 0) {
		pp->is_nomem = true;
		return false;
	}
	memcpy(pp->top, steps, step_count * sizeof(*steps));
	for (size_t i = 0; i < step_count; i++)
		is_moved |= paths_answer_at_band_top(
			tree_question(pp->tree, pp->top[i].question),
			&pp->top[i].answer);
	if (is_moved && !print_walk_entry(pp, pp->top, step_count, outcome,
					  ", bands at their highest"))
		return false;
	return walk_written(pp);
}

/* The head of a walks file: its format and the tree it is for. */
static void print_walks_head(const struct tree *tree)
{
	printf("# The walks of %s version %s, as runcheck paths --walks "
	       "lists them.\n# Check each outcome by hand before you keep "
	       "them.\nformat: runcheck-walks/1\ntree: %s\nwalks:\n",
	       tree_id(tree), tree_version(tree), tree_id(tree));
}

int cmd_paths(int argc, char **argv)
{
	struct tool_args args;
	struct tree *tree = NULL;
	struct paths *paths = NULL;
	struct paths_printer pp = {0};
	struct paths_count total;
	enum paths_status walked;
	paths_walk_fn walk_fn;
	bool is_all;
	char count[64];
	int status = parse_args(argc, argv, false, &args);

	if (status >= 0)
		return status;
	status = cli_load_tree(args.tree_path, 0, &tree);
	if (status != EXIT_RESULT)
		return status;
	status = EXIT_INTERNAL;
	pp.tree = tree;
	pp.size = 256;
	pp.buf = mem_alloc(pp.size);
	paths = paths_new(tree);
	if (!pp.buf || !paths)
		goto nomem;

	total = paths_total(paths);
	if (args.is_count_only) {
		/* The number alone, on standard output: no walk is listed. */
		paths_count_format(total, count, sizeof(count));
		printf("%s\n", count);
		status = finish_output(0);
		goto fail;
	}
	is_all = paths_count_at_most(total, PATHS_LIST_LIMIT);
	pp.is_boundaries = args.is_boundaries;
	if (args.is_walks)
		print_walks_head(tree);
	walk_fn = args.is_walks ? print_walk_yaml : print_walk;
	walked = is_all ? paths_each_walk(paths, walk_fn, &pp)
			: paths_each_cover_walk(paths, walk_fn, &pp);
	if (walked == PATHS_NOMEM || pp.is_nomem)
		goto nomem;
	status = finish_output(pp.write_errno);
	if (status != EXIT_RESULT)
		goto fail;
	paths_count_format(total, count, sizeof(count));
	cli_error("%s %s", count,
		paths_count_at_most(total, 1) && total.value == 1 ? "walk"
								  : "walks");
	if (!is_all)
		fprintf(stderr,
			"runcheck: note: more than %d walks, so these %zu "
			"together take every edge at least once; they are "
			"not all the walks\n",
			PATHS_LIST_LIMIT, pp.lines);
	goto fail;
nomem:
	out_of_memory();
fail:
	free(pp.buf);
	free(pp.top);
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
