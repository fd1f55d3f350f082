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
#include "mem.h"
#include "paths.h"
#include "result.h"
#include "sha256.h"
#include "text.h"
#include "tree.h"

/* How each triage level looks in a graph and a report. */
static const struct {
	const char *fill;
	const char *font;
	const char *shape;
	const char *meaning;
} triage_look[] = {
	[TREE_EMERGENCY] = {"#d32f2f", "white", "doubleoctagon",
			    "call the emergency number now"},
	[TREE_URGENT] = {"#f57c00", "black", "octagon",
			 "see a doctor today; stop running"},
	[TREE_GP] = {"#fdd835", "black", "ellipse", "see a doctor within days"},
	[TREE_CONSULT] = {"#90caf9", "black", "ellipse",
			  "book an assessment at the clinic"},
	[TREE_SELF_CARE] = {"#a5d6a7", "black", "ellipse",
			    "look after it yourself; book if not better "
			    "within two weeks"},
};

static const enum tree_triage triage_levels[] = {
	TREE_EMERGENCY, TREE_URGENT, TREE_GP, TREE_CONSULT, TREE_SELF_CARE,
};

static const char *const type_names[] = {
	[TREE_CHOICE] = "choice",
	[TREE_YESNO] = "yesno",
	[TREE_MULTI] = "multi",
	[TREE_SCALE] = "scale",
};

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

/* A band as a person reads it ("0–6", "7"), written into buf. */
static const char *band_words(const struct tree_question *q, size_t b,
			      char *buf, size_t size)
{
	if (q->bands[b].from == q->bands[b].to)
		snprintf(buf, size, "%lld", q->bands[b].from);
	else
		snprintf(buf, size, "%lld\u2013%lld", q->bands[b].from,
			 q->bands[b].to);
	return buf;
}

/*
 * The answer that takes edge e of q as a person reads it: the option's
 * text, yes, no, not sure, otherwise, or the band ("0–6", "7"). A band's
 * text is written into buf.
 */
static const char *edge_words(const struct tree_question *q, size_t e,
			      char *buf, size_t size)
{
	struct engine_answer answer;
	struct tree_ref to;

	paths_edge(q, e, &answer, &to);
	switch (q->type) {
	case TREE_CHOICE:
		return q->options[answer.choice].text;
	case TREE_YESNO:
		return answer.yesno == ENGINE_YES  ? "yes"
		       : answer.yesno == ENGINE_NO ? "no"
						   : "not sure";
	case TREE_MULTI:
		if (answer.picks == 0)
			return "otherwise";
		return q->options[__builtin_ctzll(answer.picks)].text;
	case TREE_SCALE:
		return band_words(q, e, buf, size);
	}
	return "";
}

/*
 * Answer a of question q (TREE_NO_ANSWER's sense) as a route's when names
 * it, its id, or, is_words, as a person reads it. A band's words are
 * written into buf.
 */
static const char *answer_name(const struct tree_question *q, unsigned a,
			       bool is_words, char *buf, size_t size)
{
	static const char *const yesno_ids[] = {"yes", "no", "unsure"};
	static const char *const yesno_words[] = {"yes", "no", "not sure"};

	switch (q->type) {
	case TREE_CHOICE:
		return is_words ? q->options[a].text : q->options[a].id;
	case TREE_YESNO:
		return is_words ? yesno_words[a] : yesno_ids[a];
	case TREE_SCALE:
		return is_words ? band_words(q, a, buf, size) : q->bands[a].id;
	case TREE_MULTI:
		break;
	}
	return "";
}

/*
 * An alternative's when as text (the caller frees; NULL when out of
 * memory): as the file writes it, "age: [under_16, over_50], sex:
 * female", or, is_words, as a report says it, "if the answer to Age was
 * Under 16 or 50 or over, and the answer to Sex was Female".
 */
static char *when_new(const struct tree *tree, const struct tree_alt *alt,
		      bool is_words)
{
	char *text = NULL, band[64];
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return NULL;
	for (size_t j = 0; j < alt->when_count; j++) {
		const struct tree_when *w = &alt->when[j];
		const struct tree_question *q = tree_question(tree, w->question);
		int n = __builtin_popcountll(w->answers), k = 0;

		if (is_words)
			fprintf(f, "%s the answer to %s was ",
				j == 0 ? "if" : ", and", q->label);
		else
			fprintf(f, "%s%s: %s", j == 0 ? "" : ", ", q->id,
				n > 1 ? "[" : "");
		for (unsigned a = 0; a < 64; a++) {
			if (!(w->answers >> a & 1))
				continue;
			if (k++ > 0)
				fputs(is_words ? " or " : ", ", f);
			fputs(answer_name(q, a, is_words, band, sizeof(band)),
			      f);
		}
		if (!is_words && n > 1)
			fputc(']', f);
	}
	if (fclose(f) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

static bool same_ref(struct tree_ref a, struct tree_ref b)
{
	return a.kind == b.kind && a.index == b.index;
}

/* Writes the DOT name of the node ref leads to: its id, or, in a tree
 * drawn with errors, "@broken" and the broken reference's number. */
static void dot_node(struct tree_ref ref, const struct tree *tree)
{
	if (ref.kind == TREE_NODE_BROKEN && ref.index == UINT32_MAX)
		fputs("\"@missing\"", stdout);
	else if (ref.kind == TREE_NODE_BROKEN)
		printf("\"@broken%u\"", ref.index);
	else
		printf("\"%s\"", ref.kind == TREE_NODE_QUESTION
				       ? tree_question(tree, ref.index)->id
				       : tree_outcome(tree, ref.index)->id);
}

static const char *ref_id(const struct tree *tree, struct tree_ref ref)
{
	return ref.kind == TREE_NODE_QUESTION
		       ? tree_question(tree, ref.index)->id
		       : tree_outcome(tree, ref.index)->id;
}

/* ---- graph ------------------------------------------------------------ */

/* Writes s inside a DOT string: quotes and backslashes escaped, each
 * newline a centred line break. */
static void dot_put(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '"' || s[i] == '\\')
			putchar('\\');
		if (s[i] == '\n')
			fputs("\\n", stdout);
		else if (s[i] != '\r')
			putchar(s[i]);
	}
}

/* Writes text word-wrapped to width columns, escaped for DOT. */
static void dot_wrapped(const char *text, size_t width)
{
	char *wrapped = text_wrap(text, width, 0, 0);
	size_t len;

	/* Out of memory, the label is still right on one long line. */
	if (!wrapped) {
		dot_put(text, strlen(text));
		return;
	}
	len = strlen(wrapped);
	while (len > 0 && wrapped[len - 1] == '\n')
		len--;
	dot_put(wrapped, len);
	free(wrapped);
}

/* The alternatives of the route on edge e of q: an edge each, labelled
 * with the answer and the when ("age: under_16"), the last "else". */
static void graph_route(const struct tree *tree, const struct tree_question *q,
			size_t e, const struct tree_route *route,
			const char *style)
{
	char band[64];

	for (size_t k = 0; k < route->alt_count; k++) {
		const struct tree_alt *alt = &route->alts[k];
		char *when = when_new(tree, alt, false);

		printf("\t\"%s\" -> ", q->id);
		dot_node(alt->go, tree);
		fputs(" [label=\"", stdout);
		dot_wrapped(edge_words(q, e, band, sizeof(band)), 24);
		fputs("\\n", stdout);
		if (alt->when_count == 0)
			fputs("else", stdout);
		else if (when)
			dot_wrapped(when, 24);
		printf("\"%s];\n", style);
		free(when);
	}
}

static void graph_question(const struct tree *tree, const struct paths *paths,
			   size_t i)
{
	const struct tree_question *q = tree_question(tree, i);
	bool is_start = i == tree_start(tree);
	/* A tree drawn with errors has no paths: every node drawn plain. */
	bool is_reached = !paths || paths_question_is_reachable(paths, i);
	size_t n = paths_edge_count(q);
	char band[64];

	printf("\t\"%s\" [shape=box, style=\"rounded,filled%s\", "
	       "fillcolor=\"#f4f4f4\"%s, label=\"",
	       q->id, is_reached ? "" : ",dashed",
	       is_start ? ", penwidth=2.5" : "");
	dot_wrapped(q->ask ? q->ask : "(no ask)", 30);
	printf("\\n\\n[%s, %s%s]\"];\n", q->id, type_names[q->type],
	       is_reached ? "" : ", unreachable");

	/* Edges to one place are drawn once, with every answer on them; a
	 * route's alternatives each on their own, labelled with the when. */
	for (size_t e = 0; e < n; e++) {
		struct engine_answer answer;
		struct tree_ref to;
		bool is_first = true;
		const char *dashed = q->type == TREE_MULTI && e == n - 1
					     ? ", style=dashed"
					     : "";

		paths_edge(q, e, &answer, &to);
		if (to.route) {
			graph_route(tree, q, e, to.route, dashed);
			continue;
		}
		for (size_t k = 0; k < e && is_first; k++) {
			struct tree_ref other;

			paths_edge(q, k, &answer, &other);
			is_first = other.route || !same_ref(other, to);
		}
		if (!is_first)
			continue;
		printf("\t\"%s\" -> ", q->id);
		dot_node(to, tree);
		fputs(" [label=\"", stdout);
		for (size_t k = e; k < n; k++) {
			struct tree_ref other;

			paths_edge(q, k, &answer, &other);
			if (other.route || !same_ref(other, to))
				continue;
			if (k > e)
				fputs("\\n", stdout);
			dot_wrapped(edge_words(q, k, band, sizeof(band)), 24);
		}
		/* otherwise is the one edge not taken by a pick: dashed. */
		printf("\"%s];\n", dashed);
	}
}

static void graph_outcome(const struct tree *tree, const struct paths *paths,
			  size_t i)
{
	const struct tree_outcome *o = tree_outcome(tree, i);
	bool is_reached = !paths || paths_outcome_is_reachable(paths, i);

	printf("\t\"%s\" [shape=%s, style=\"filled%s\", fillcolor=\"%s\", "
	       "fontcolor=\"%s\", label=\"",
	       o->id, triage_look[o->triage].shape, is_reached ? "" : ",dashed",
	       triage_look[o->triage].fill, triage_look[o->triage].font);
	dot_wrapped(o->condition ? o->condition : "(no condition)", 26);
	printf("\\n\\n[%s, %s%s]\"];\n", o->id, tree_triage_name(o->triage),
	       is_reached ? "" : ", unreachable");
}

static void graph_legend(void)
{
	const size_t levels = sizeof(triage_levels) / sizeof(triage_levels[0]);

	puts("\tsubgraph cluster_legend {");
	puts("\t\tlabel=\"Triage\"; style=rounded; color=\"#999999\";");
	puts("\t\t\"@legend_question\" [shape=box, style=\"rounded,filled\", "
	     "fillcolor=\"#f4f4f4\", label=\"question\\n[id, type]\"];");
	for (size_t k = 0; k < levels; k++) {
		enum tree_triage t = triage_levels[k];

		printf("\t\t\"@legend_%s\" [shape=%s, style=filled, "
		       "fillcolor=\"%s\", fontcolor=\"%s\", label=\"%s\\n",
		       tree_triage_name(t), triage_look[t].shape,
		       triage_look[t].fill, triage_look[t].font,
		       tree_triage_name(t));
		dot_wrapped(triage_look[t].meaning, 22);
		puts("\"];");
	}
	fputs("\t\t\"@legend_question\"", stdout);
	for (size_t k = 0; k < levels; k++)
		printf(" -> \"@legend_%s\"",
		       tree_triage_name(triage_levels[k]));
	puts(" [style=invis];");
	puts("\t}");
}

/* Writes s for DOT, or "?" for a text a tree with errors lacks. */
static void dot_text(const char *s)
{
	dot_put(s ? s : "?", s ? strlen(s) : 1);
}

/*
 * The nodes that broken references lead to, in a tree drawn with errors:
 * red and dashed, saying what the reference named, or that it is missing.
 */
static void graph_broken(const struct tree *tree)
{
	puts("\t\"@missing\" [shape=box, style=\"dashed,filled\", "
	     "color=\"#d32f2f\", fillcolor=\"#ffebee\", "
	     "label=\"missing\"];");
	for (uint32_t i = 0; i < tree_broken_count(tree); i++) {
		printf("\t\"@broken%u\" [shape=box, style=\"dashed,filled\", "
		       "color=\"#d32f2f\", fillcolor=\"#ffebee\", "
		       "label=\"unknown id\\n",
		       i);
		dot_text(tree_broken_id(tree, i));
		puts("\"];");
	}
}

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

	fputs("digraph \"", stdout);
	dot_text(tree_id(tree));
	fputs("\" {\n\tgraph [rankdir=LR, labelloc=t, fontname=\"Helvetica\", "
	      "fontsize=16, nodesep=0.3, ranksep=0.5, label=\"",
	      stdout);
	dot_text(tree_title(tree));
	fputs("\\nversion ", stdout);
	dot_text(tree_version(tree));
	if (!paths)
		fputs("\\n(drawn as far as it was read: it has errors)", stdout);
	puts("\"];");
	puts("\tnode [fontname=\"Helvetica\", fontsize=11];");
	puts("\tedge [fontname=\"Helvetica\", fontsize=9, color=\"#555555\"];");
	puts("\t\"@start\" [shape=circle, style=filled, fillcolor=\"#333333\", "
	     "fontcolor=white, label=\"start\"];");
	if (tree_start(tree) < tree_question_count(tree))
		printf("\t\"@start\" -> \"%s\" [penwidth=2.5];\n",
		       tree_question(tree, tree_start(tree))->id);
	for (size_t i = 0; i < tree_question_count(tree); i++)
		graph_question(tree, paths, i);
	for (size_t i = 0; i < tree_outcome_count(tree); i++)
		graph_outcome(tree, paths, i);
	if (!paths)
		graph_broken(tree);
	graph_legend();
	puts("}");
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

/* A report under way: the format, the tree and what was worked out. */
struct doc {
	bool is_html;
	const struct tree *tree;
	const struct paths *paths;
	const char *tree_sha256;     /* of the tree file's bytes, as hex */
	const struct clinic *clinic; /* whose texts a result shows */
	const char *clinic_source;
	/* Edges into node n (questions first, then outcomes) are
	 * in_edges[in_base[n] .. in_base[n + 1]). */
	size_t *in_base;
	struct in_edge {
		uint32_t question;
		uint32_t alt; /* of the edge's route, or UINT32_MAX */
		size_t edge;
	} * in_edges;
};

static void put(const char *s)
{
	fputs(s, stdout);
}

/*
 * Writes the len bytes of text, escaped for the format. Inline text (a
 * table cell, a list item) is kept on one line. Block text keeps its line
 * breaks, and a blank line starts a new paragraph.
 */
static void doc_text_n(const struct doc *d, const char *s, size_t len,
		       bool is_block)
{
	bool at_line_start = is_block;

	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (c == '\r')
			continue;
		if (c == '\n') {
			bool is_para = i + 1 < len && s[i + 1] == '\n';

			while (i + 1 < len &&
			       (s[i + 1] == '\n' || s[i + 1] == '\r'))
				i++;
			if (!is_block)
				putchar(' ');
			else if (d->is_html)
				put(is_para ? "</p>\n<p>" : "<br>\n");
			else
				put(is_para ? "\n\n" : "\\\n");
			at_line_start = is_block;
			continue;
		}
		if (d->is_html) {
			switch (c) {
			case '&':
				put("&amp;");
				break;
			case '<':
				put("&lt;");
				break;
			case '>':
				put("&gt;");
				break;
			case '"':
				put("&quot;");
				break;
			case '\'':
				put("&#39;");
				break;
			default:
				putchar(c);
			}
			continue;
		}
		if (at_line_start) {
			/* Leading blanks would make a code block. */
			if (c == ' ' || c == '\t')
				continue;
			at_line_start = false;
			if (c == '-' || c == '+' || c == '=')
				putchar('\\');
			if (c >= '0' && c <= '9') {
				size_t k = i;

				while (k < len && s[k] >= '0' && s[k] <= '9')
					k++;
				fwrite(s + i, 1, k - i, stdout);
				if (k < len && (s[k] == '.' || s[k] == ')')) {
					putchar('\\');
					putchar(s[k]);
					k++;
				}
				i = k - 1;
				continue;
			}
		}
		if (strchr("\\`*_[]<>#|~&", c))
			putchar('\\');
		putchar(c);
	}
}

/* Text with its trailing blanks and newlines (YAML's folded '>') cut. */
static void doc_text(const struct doc *d, const char *s, bool is_block)
{
	size_t len = strlen(s);

	while (len > 0 && strchr(" \t\r\n", s[len - 1]))
		len--;
	doc_text_n(d, s, len, is_block);
}

/* An id, set as code: ids hold only [a-z0-9_-], nothing to escape. */
static void doc_id(const struct doc *d, const char *id)
{
	printf(d->is_html ? "<code>%s</code>" : "`%s`", id);
}

/* A link to the node's own section. */
static void doc_ref(const struct doc *d, struct tree_ref ref)
{
	const char *id = ref_id(d->tree, ref);
	char kind = ref.kind == TREE_NODE_QUESTION ? 'q' : 'o';

	if (d->is_html)
		printf("<a href=\"#%c-%s\"><code>%s</code></a>", kind, id, id);
	else
		printf("[`%s`](#%c-%s)", id, kind, id);
}

static void doc_count(struct paths_count count)
{
	char buf[64];

	paths_count_format(count, buf, sizeof(buf));
	put(buf);
}

static void doc_heading(const struct doc *d, int level, const char *anchor)
{
	if (d->is_html)
		printf("<h%d%s%s%s>", level, anchor ? " id=\"" : "",
		       anchor ? anchor : "", anchor ? "\"" : "");
	else
		printf("\n%.*s ", level, "######");
}

static void doc_heading_end(const struct doc *d, int level)
{
	if (d->is_html)
		printf("</h%d>\n", level);
	else
		putchar('\n');
}

/* A "label: value" line of a node's facts; doc_field_end closes it. */
static void doc_field(const struct doc *d, const char *label)
{
	printf(d->is_html ? "<dt>%s</dt><dd>" : "- **%s:** ", label);
}

static void doc_field_end(const struct doc *d)
{
	put(d->is_html ? "</dd>\n" : "\n");
}

/* Opens or closes a node's facts. In Markdown they are a plain list, and
 * the blank line after it comes from whatever follows. */
static void doc_fields(const struct doc *d, bool is_open)
{
	if (d->is_html)
		put(is_open ? "<dl>\n" : "</dl>\n");
}

static size_t node_of(const struct doc *d, struct tree_ref ref)
{
	return ref.kind == TREE_NODE_QUESTION
		       ? ref.index
		       : tree_question_count(d->tree) + ref.index;
}

/* Builds the list of edges into each node, in one pass over the edges. */
static bool doc_index(struct doc *d)
{
	size_t nq = tree_question_count(d->tree);
	size_t nodes = nq + tree_outcome_count(d->tree);
	size_t *fill;

	d->in_base = mem_calloc(nodes + 2, sizeof(*d->in_base));
	fill = mem_calloc(nodes + 1, sizeof(*fill));
	if (!d->in_base || !fill) {
		free(fill);
		return false;
	}
	for (size_t i = 0; i < nq; i++) {
		const struct tree_question *q = tree_question(d->tree, i);

		for (size_t e = 0; e < paths_edge_count(q); e++) {
			struct engine_answer answer;
			struct tree_ref to;

			paths_edge(q, e, &answer, &to);
			for (size_t k = 0; to.route && k < to.route->alt_count;
			     k++)
				d->in_base[node_of(d, to.route->alts[k].go) +
					   1]++;
			if (!to.route)
				d->in_base[node_of(d, to) + 1]++;
		}
	}
	for (size_t n = 0; n < nodes; n++)
		d->in_base[n + 1] += d->in_base[n];
	d->in_edges = mem_alloc((d->in_base[nodes] + 1) * sizeof(*d->in_edges));
	if (!d->in_edges) {
		free(fill);
		return false;
	}
	for (size_t i = 0; i < nq; i++) {
		const struct tree_question *q = tree_question(d->tree, i);

		for (size_t e = 0; e < paths_edge_count(q); e++) {
			struct engine_answer answer;
			struct tree_ref to;
			size_t n;

			paths_edge(q, e, &answer, &to);
			for (uint32_t k = 0; to.route && k < to.route->alt_count;
			     k++) {
				n = node_of(d, to.route->alts[k].go);
				d->in_edges[d->in_base[n] + fill[n]++] =
					(struct in_edge){(uint32_t)i, k, e};
			}
			if (to.route)
				continue;
			n = node_of(d, to);
			d->in_edges[d->in_base[n] + fill[n]++] =
				(struct in_edge){(uint32_t)i, UINT32_MAX, e};
		}
	}
	free(fill);
	return true;
}

/* Says when the alternative alt of the route on edge e of q is taken,
 * in words, after a space: "(if the answer to Age was Under 16)", or
 * "(when no alternative before it holds)" for the last. */
static void doc_alt_condition(const struct doc *d, const struct tree_question *q,
			      size_t e, uint32_t alt)
{
	struct engine_answer answer;
	struct tree_ref to;
	const struct tree_alt *a;
	char *words;

	paths_edge(q, e, &answer, &to);
	a = &to.route->alts[alt];
	if (a->when_count == 0) {
		put(" (when no alternative before it holds)");
		return;
	}
	words = when_new(d->tree, a, true);
	put(" (");
	doc_text(d, words ? words : "if some earlier answer matches", false);
	put(")");
	free(words);
}

/* Where the node is reached from: each question and answer leading in. */
static void doc_reached_from(const struct doc *d, struct tree_ref ref)
{
	size_t n = node_of(d, ref);
	bool is_start = ref.kind == TREE_NODE_QUESTION &&
			ref.index == tree_start(d->tree);
	char band[64];

	doc_field(d, "Reached from");
	if (is_start)
		put("the start");
	for (size_t k = d->in_base[n]; k < d->in_base[n + 1]; k++) {
		const struct in_edge *in = &d->in_edges[k];
		const struct tree_question *q =
			tree_question(d->tree, in->question);

		if (k > d->in_base[n] || is_start)
			put("; ");
		doc_ref(d, (struct tree_ref){TREE_NODE_QUESTION, in->question, NULL});
		put(d->is_html ? " &rarr; " : " → ");
		doc_text(d, edge_words(q, in->edge, band, sizeof(band)), false);
		if (in->alt != UINT32_MAX)
			doc_alt_condition(d, q, in->edge, in->alt);
	}
	if (!is_start && d->in_base[n] == d->in_base[n + 1])
		put("nothing: no question leads here");
	doc_field_end(d);
}

/* Where an answer leads: the node, with the question or condition; for
 * a route, each alternative with its when in words. */
static void doc_leads_to(const struct doc *d, struct tree_ref to)
{
	if (to.route) {
		for (size_t k = 0; k < to.route->alt_count; k++) {
			const struct tree_alt *alt = &to.route->alts[k];
			char *words = when_new(d->tree, alt, true);

			if (k > 0)
				put(d->is_html ? "<br>" : "; ");
			if (alt->when_count == 0)
				put("otherwise");
			else
				doc_text(d, words ? words : "if", false);
			put(": ");
			doc_leads_to(d, alt->go);
			free(words);
		}
		return;
	}
	if (to.kind == TREE_NODE_QUESTION) {
		put("question ");
		doc_ref(d, to);
		put(": ");
		doc_text(d, tree_question(d->tree, to.index)->ask, false);
		return;
	}
	const struct tree_outcome *o = tree_outcome(d->tree, to.index);

	put("outcome ");
	doc_ref(d, to);
	put(": ");
	doc_text(d, o->condition, false);
	printf(" (%s)", tree_triage_name(o->triage));
}

static void doc_row(const struct doc *d, const char *answer_raw,
		    const char *answer_text, const struct tree_ref *to,
		    const char *note)
{
	put(d->is_html ? "<tr><td>" : "| ");
	if (answer_raw)
		put(answer_raw);
	if (answer_text)
		doc_text(d, answer_text, false);
	put(d->is_html ? "</td><td>" : " | ");
	if (to)
		doc_leads_to(d, *to);
	if (note) {
		if (d->is_html)
			printf("<em>%s</em>", note);
		else
			printf("*%s*", note);
	}
	put(d->is_html ? "</td></tr>\n" : " |\n");
}

static void doc_answers(const struct doc *d, const struct tree_question *q)
{
	char label[64];

	put(d->is_html ? "<table>\n<tr><th>Answer</th><th>Leads to</th></tr>\n"
		       : "\n| Answer | Leads to |\n| --- | --- |\n");
	switch (q->type) {
	case TREE_CHOICE:
	case TREE_MULTI:
		for (size_t i = 0; i < q->option_count; i++) {
			const struct tree_option *o = &q->options[i];

			snprintf(label, sizeof(label),
				 d->is_html ? "%zu. " : "%zu\\. ", i + 1);
			doc_row(d, label, o->text,
				o->has_next ? &o->next : NULL,
				o->has_next ? NULL
					    : "no next of its own: a pick of "
					      "it alone goes to otherwise");
		}
		if (q->type == TREE_MULTI)
			doc_row(d, NULL,
				"none, or no picked option has a next "
				"(otherwise)",
				&q->otherwise, NULL);
		break;
	case TREE_YESNO:
		doc_row(d, NULL, "yes", &q->yes, NULL);
		doc_row(d, NULL, "no", &q->no, NULL);
		if (q->has_unsure)
			doc_row(d, NULL, "not sure", &q->unsure, NULL);
		else
			doc_row(d, NULL, "not sure", NULL, "not offered");
		break;
	case TREE_SCALE:
		for (size_t b = 0; b < q->band_count; b++)
			doc_row(d, NULL, edge_words(q, b, label, sizeof(label)),
				&q->bands[b].next, NULL);
		break;
	}
	put(d->is_html ? "</table>\n" : "");
}

static const char *type_rule(enum tree_qtype type)
{
	switch (type) {
	case TREE_CHOICE:
		return "choice: pick one option";
	case TREE_YESNO:
		return "yesno: yes or no, and not sure where it is offered";
	case TREE_MULTI:
		return "multi: pick any number, or none; the first picked "
		       "option in this order that has a next decides, else "
		       "otherwise";
	case TREE_SCALE:
		return "scale: a whole number; its band decides";
	}
	return "";
}

/* Opens the heading of a question ('q') or outcome ('o'): its anchor,
 * "q-ID" or "o-ID", that links lead to, then label and id. */
static void doc_node_heading(const struct doc *d, char kind,
			     const char *label, const char *id)
{
	char anchor[TREE_MAX_ID + 3];

	snprintf(anchor, sizeof(anchor), "%c-%s", kind, id);
	doc_heading(d, 3, anchor);
	if (!d->is_html)
		printf("<a id=\"%s\"></a>", anchor);
	put(label);
	doc_id(d, id);
}

static void doc_question(const struct doc *d, size_t i)
{
	const struct tree_question *q = tree_question(d->tree, i);
	struct tree_ref self = {TREE_NODE_QUESTION, (uint32_t)i, NULL};

	doc_node_heading(d, 'q', "Question ", q->id);
	doc_heading_end(d, 3);
	doc_fields(d, true);
	doc_field(d, "Asks");
	doc_text(d, q->ask, false);
	doc_field_end(d);
	if (q->label != q->ask) {
		doc_field(d, "Label");
		doc_text(d, q->label, false);
		doc_field_end(d);
	}
	doc_field(d, "Why");
	if (q->why)
		doc_text(d, q->why, false);
	else
		put(d->is_html ? "<em>none given</em>" : "*none given*");
	doc_field_end(d);
	doc_field(d, "Type");
	doc_text(d, type_rule(q->type), false);
	if (q->type == TREE_SCALE)
		printf(", from %lld to %lld", q->min, q->max);
	doc_field_end(d);
	doc_reached_from(d, self);
	doc_field(d, "Walks from here to an outcome");
	if (paths_question_is_reachable(d->paths, i))
		doc_count(paths_from_question(d->paths, i));
	else
		put("none: the start does not reach this question");
	doc_field_end(d);
	doc_fields(d, false);
	doc_answers(d, q);
}

static void doc_list(const struct doc *d, const char *label,
		     const char *const *items, size_t count)
{
	doc_field(d, label);
	if (count == 0)
		put(d->is_html ? "<em>none listed</em>" : "*none listed*");
	if (count > 0)
		put(d->is_html ? "<ul>\n" : "\n");
	for (size_t k = 0; k < count; k++) {
		put(d->is_html ? "<li>" : "    - ");
		doc_text(d, items[k], false);
		put(d->is_html ? "</li>\n" : "\n");
	}
	if (count > 0 && d->is_html)
		put("</ul>");
	if (d->is_html || count == 0)
		doc_field_end(d);
}

static void doc_triage(const struct doc *d, enum tree_triage t)
{
	if (d->is_html)
		printf("<span class=\"triage %s\">%s</span> &mdash; %s",
		       tree_triage_name(t), tree_triage_name(t),
		       triage_look[t].meaning);
	else
		printf("**%s**: %s", tree_triage_name(t),
		       triage_look[t].meaning);
}

static void doc_outcome(const struct doc *d, size_t i)
{
	const struct tree_outcome *o = tree_outcome(d->tree, i);
	struct tree_ref self = {TREE_NODE_OUTCOME, (uint32_t)i, NULL};

	doc_node_heading(d, 'o', "Outcome ", o->id);
	put(": ");
	doc_text(d, o->condition, false);
	doc_heading_end(d, 3);
	doc_fields(d, true);
	doc_field(d, "Condition");
	doc_text(d, o->condition, false);
	doc_field_end(d);
	doc_field(d, "Triage");
	doc_triage(d, o->triage);
	doc_field_end(d);
	doc_field(d, "Walks that reach it");
	doc_count(paths_to_outcome(d->paths, i));
	put(" of ");
	doc_count(paths_total(d->paths));
	doc_field_end(d);
	doc_reached_from(d, self);
	doc_field(d, "Summary");
	doc_text(d, o->summary, false);
	doc_field_end(d);
	if (o->booking && tree_outcome_may_book(o)) {
		doc_field(d, "Booking");
		doc_text(d, o->booking, false);
		doc_field_end(d);
	} else if (tree_triage_may_book(o->triage) &&
		   !tree_outcome_may_book(o)) {
		doc_field(d, "Booking");
		put("No booking is offered.");
		doc_field_end(d);
	}
	doc_list(d, "Self-care", o->self_care, o->self_care_count);
	doc_field(d, "Also consider");
	if (o->also_consider_count == 0)
		put(d->is_html ? "<em>none listed</em>" : "*none listed*");
	for (size_t k = 0; k < o->also_consider_count; k++) {
		struct tree_ref other = {TREE_NODE_OUTCOME,
					 o->also_consider[k], NULL};

		if (k > 0)
			put("; ");
		doc_ref(d, other);
		put(" ");
		doc_text(d, tree_outcome(d->tree, other.index)->condition,
			 false);
	}
	doc_field_end(d);
	doc_list(d, "Sources", o->sources, o->source_count);
	doc_fields(d, false);
}

/*
 * The loader's warnings (what the start does not reach), exactly as
 * runcheck lint prints them.
 */
static void doc_warnings(const struct doc *d, const struct diag_list *diags)
{
	size_t warnings = 0;

	doc_heading(d, 2, "lint");
	put("Lint warnings");
	doc_heading_end(d, 2);
	put(d->is_html ? "<ul class=\"lint\">\n" : "\n");
	for (size_t i = 0; i < diags->count; i++) {
		const struct diag *w = &diags->items[i];
		char where[64];

		if (w->severity != DIAG_WARNING)
			continue;
		warnings++;
		snprintf(where, sizeof(where),
			 ":%u:%u: warning: ", (unsigned)w->pos.line,
			 (unsigned)w->pos.column);
		put(d->is_html ? "<li><code>" : "- ");
		doc_text(d, diags->file, false);
		put(where);
		doc_text(d, w->message, false);
		put(d->is_html ? "</code></li>\n" : "\n");
	}
	if (warnings == 0)
		put(d->is_html ? "<li>none: the start reaches every question "
				 "and outcome</li>\n"
			       : "None: the start reaches every question and "
				 "outcome.\n");
	put(d->is_html ? "</ul>\n" : "");
}

static const char html_head[] =
	"<style>\n"
	"body{font-family:system-ui,-apple-system,\"Segoe UI\",Helvetica,"
	"Arial,sans-serif;line-height:1.45;color:#1a1a1a;max-width:56em;"
	"margin:2em auto;padding:0 1em}\n"
	"h1{margin-bottom:.2em}h2{border-bottom:2px solid #ccc;"
	"margin-top:2em}h3{margin-top:1.6em;border-top:1px solid #e3e3e3;"
	"padding-top:.8em}\n"
	"dl{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em}"
	"dt{font-weight:600}dd{margin:0}dd ul{margin:0;padding-left:1.2em}\n"
	"table{border-collapse:collapse;width:100%;margin:.6em 0}"
	"th,td{border:1px solid #bbb;padding:.3em .5em;text-align:left;"
	"vertical-align:top}th{background:#f0f0f0}\n"
	"code{font-size:.95em;background:#f4f4f4;padding:0 .2em}"
	".disclaimer{border-left:4px solid #999;padding:.2em 1em;"
	"background:#fafafa}\n"
	".triage{padding:0 .4em;border-radius:.3em;font-weight:600}"
	".emergency{background:#d32f2f;color:#fff}"
	".urgent{background:#f57c00}.gp{background:#fdd835}"
	".consult{background:#90caf9}.self_care{background:#a5d6a7}\n"
	".signoff td{height:2.2em}\n"
	"@media print{body{max-width:none;margin:0;font-size:10pt}"
	"a{color:inherit;text-decoration:none}h2{break-after:avoid}"
	"h3{break-after:avoid}table,dl{break-inside:avoid}"
	".triage{border:1px solid #000;-webkit-print-color-adjust:exact;"
	"print-color-adjust:exact}}\n"
	"</style>\n";

/* What names the content signed off: the hash of the tree file's bytes. */
static void doc_content_hash(const struct doc *d)
{
	doc_field(d, "Content (SHA-256 of the file)");
	doc_id(d, d->tree_sha256);
	doc_field_end(d);
}

/* One text a result shows, as a field; text is owned and freed. */
static bool doc_owned_field(const struct doc *d, const char *label,
			    char *text)
{
	if (!text)
		return false;
	doc_field(d, label);
	doc_text(d, text, false);
	doc_field_end(d);
	free(text);
	return true;
}

/*
 * What a result of each triage level tells the person, beyond the tree's
 * own texts: the line under the condition, and how the result ends (a
 * doctor, or the booking), with the clinic's emergency number and name,
 * exactly as result.c writes them. False when out of memory.
 */
static bool doc_triage_texts(const struct doc *d)
{
	const char *number = d->clinic->emergency_number;

	doc_heading(d, 2, "triage-texts");
	put("What each triage level tells the person");
	doc_heading_end(d, 2);
	put(d->is_html ? "<p>" : "\n");
	put("Every result names the likely condition, then the line below for "
	    "its triage level, the outcome's summary, the answers given, its "
	    "self-care, the other possibilities, how it ends (below), its "
	    "sources and the disclaimer.");
	put(d->is_html ? "</p>\n" : "\n");
	for (size_t k = 0; k < sizeof(triage_levels) / sizeof(*triage_levels);
	     k++) {
		enum tree_triage t = triage_levels[k];

		doc_heading(d, 3, NULL);
		doc_triage(d, t);
		doc_heading_end(d, 3);
		doc_fields(d, true);
		if (!doc_owned_field(d, "Under the condition",
				     result_triage_text(t, number)))
			return false;
		if (t == TREE_SELF_CARE &&
		    !doc_owned_field(d,
				     "Under the condition, for an outcome "
				     "that offers no booking",
				     result_no_booking_text()))
			return false;
		if (tree_triage_may_book(t)) {
			if (!doc_owned_field(d,
					     "At the end, for an outcome "
					     "without a booking text of its "
					     "own",
					     result_booking_text(
						     d->clinic->name)))
				return false;
			doc_field(d, "Then");
			put("how to book, from the clinic file (below), "
			    "after the outcome's booking text or this");
			doc_field_end(d);
		} else if (!doc_owned_field(d, "At the end",
					    result_doctor_text(t, number))) {
			return false;
		}
		doc_fields(d, false);
	}
	return true;
}

/* A text of the clinic file, or what is shown in its place. */
static void doc_clinic_text(const struct doc *d, const char *label,
			    const char *text, const char *missing)
{
	doc_field(d, label);
	if (text)
		doc_text(d, text, false);
	else
		printf(d->is_html ? "<em>%s</em>" : "*%s*", missing);
	doc_field_end(d);
}

/* The clinic file's texts: who to book with, how, and the number. */
static void doc_clinic(const struct doc *d)
{
	const struct clinic *c = d->clinic;

	doc_heading(d, 2, "clinic");
	put("Clinic");
	doc_heading_end(d, 2);
	doc_fields(d, true);
	doc_clinic_text(d, "File", d->clinic_source, "");
	doc_clinic_text(d, "Name", c->name, "");
	doc_clinic_text(d, "Booking", c->booking, "");
	doc_clinic_text(d, "How to book at the kiosk", c->booking_kiosk,
			"not given: the kiosk shows Booking");
	doc_clinic_text(d, "How to book at home", c->booking_home,
			"not given: the result shows Booking");
	doc_field(d, "At home, then");
	put("\u201cClinic: ");
	doc_text(d, c->name, false);
	put("\u201d, with the phone and web address below");
	doc_field_end(d);
	doc_clinic_text(d, "Phone", c->phone, "none given");
	doc_clinic_text(d, "Web address", c->url,
			"none given (no QR code is drawn)");
	doc_clinic_text(d, "Emergency number", c->emergency_number, "");
	doc_fields(d, false);
}

static void doc_head(const struct doc *d, const char *source)
{
	const struct tree *tree = d->tree;
	size_t unreached = 0;

	for (size_t i = 0; i < tree_question_count(tree); i++)
		unreached += !paths_question_is_reachable(d->paths, i);
	if (d->is_html) {
		put("<!DOCTYPE html>\n<html lang=\"");
		doc_text(d, tree_language(tree), false);
		put("\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
		doc_text(d, tree_title(tree), false);
		put(" \u2014 sign-off report</title>\n");
		put(html_head);
		put("</head>\n<body>\n<h1>");
	} else {
		put("# ");
	}
	doc_text(d, tree_title(tree), false);
	put(" \u2014 sign-off report");
	put(d->is_html ? "</h1>\n" : "\n\n");
	doc_fields(d, true);
	doc_field(d, "Tree");
	doc_id(d, tree_id(tree));
	doc_field_end(d);
	doc_field(d, "Version");
	doc_text(d, tree_version(tree), false);
	doc_field_end(d);
	doc_content_hash(d);
	doc_field(d, "Language");
	doc_text(d, tree_language(tree), false);
	doc_field_end(d);
	doc_field(d, "File");
	doc_text(d, source, false);
	doc_field_end(d);
	doc_field(d, "Start");
	doc_ref(d, (struct tree_ref){TREE_NODE_QUESTION, tree_start(tree), NULL});
	doc_field_end(d);
	doc_field(d, "Questions");
	printf("%zu", tree_question_count(tree));
	if (unreached > 0)
		printf(" (%zu not reachable from start)", unreached);
	doc_field_end(d);
	doc_field(d, "Outcomes");
	printf("%zu", tree_outcome_count(tree));
	doc_field_end(d);
	doc_field(d, "Walks from start to an outcome");
	doc_count(paths_total(d->paths));
	doc_field_end(d);
	doc_fields(d, false);

	doc_heading(d, 2, "disclaimer");
	put("Disclaimer");
	doc_heading_end(d, 2);
	put(d->is_html ? "<div class=\"disclaimer\"><p>" : "\n");
	doc_text(d, tree_disclaimer(tree), true);
	put(d->is_html ? "</p></div>\n" : "\n");
}

static void doc_signoff(const struct doc *d)
{
	doc_heading(d, 2, "sign-off");
	put("Sign-off");
	doc_heading_end(d, 2);
	if (d->is_html) {
		put("<p>I have reviewed every question, answer and outcome "
		    "above.</p>\n<table class=\"signoff\">\n<tr><th>Name</th>"
		    "<th>Role</th><th>Date</th><th>Signature</th></tr>\n"
		    "<tr><td></td><td></td><td></td><td></td></tr>\n"
		    "<tr><td></td><td></td><td></td><td></td></tr>\n"
		    "</table>\n</body>\n</html>\n");
		return;
	}
	put("\nI have reviewed every question, answer and outcome above.\n\n"
	    "| Name | Role | Date | Signature |\n| --- | --- | --- | --- |\n"
	    "| | | | |\n| | | | |\n");
}

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
	struct paths *paths = NULL;
	struct doc d = {0};
	struct diag_list diags = {0};
	struct clinic *clinic = NULL;
	char sha256[SHA256_HEX_SIZE];
	int status = parse_args(argc, argv, true, &args);

	if (status >= 0)
		return status;
	if (args.lang != NULL)
		return report_lang(args.lang, args.tree_path, args.clinic_path,
				   args.format, args.po_dir);
	if (args.format && strcmp(args.format, "fhir") == 0)
		return report_fhir(args.tree_path);
	if (args.format && strcmp(args.format, "html") == 0) {
		d.is_html = true;
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
	d.tree_sha256 = sha256;
	d.clinic = clinic;
	d.clinic_source = cli_clinic_name(args.clinic_path);
	paths = paths_new(tree);
	d.tree = tree;
	d.paths = paths;
	if (!paths || !doc_index(&d)) {
		out_of_memory();
		status = EXIT_INTERNAL;
		goto fail;
	}

	doc_head(&d, diags.file);
	doc_warnings(&d, &diags);
	doc_heading(&d, 2, "questions");
	put("Questions");
	doc_heading_end(&d, 2);
	for (size_t i = 0; i < tree_question_count(tree); i++)
		doc_question(&d, i);
	doc_heading(&d, 2, "outcomes");
	put("Outcomes");
	doc_heading_end(&d, 2);
	for (size_t i = 0; i < tree_outcome_count(tree); i++)
		doc_outcome(&d, i);
	if (!doc_triage_texts(&d)) {
		out_of_memory();
		status = EXIT_INTERNAL;
		goto fail;
	}
	doc_clinic(&d);
	doc_signoff(&d);
	status = finish_output(0);
fail:
	free(d.in_base);
	free(d.in_edges);
	diag_list_clear(&diags);
	clinic_free(clinic);
	paths_free(paths);
	tree_free(tree);
	return status;
}
