/*
 * graph.c - a tree as a Graphviz graph (graph.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "graph.h"
#include "result.h"
#include "words.h"
#include "wrap.h"

/* How each triage level looks: a red flag red, the calmest green. */
static const struct {
	const char *fill;
	const char *font;
	const char *shape;
} triage_look[] = {
	[TREE_EMERGENCY] = {"#d32f2f", "white", "doubleoctagon"},
	[TREE_URGENT] = {"#f57c00", "black", "octagon"},
	[TREE_GP] = {"#fdd835", "black", "ellipse"},
	[TREE_CONSULT] = {"#90caf9", "black", "ellipse"},
	[TREE_SELF_CARE] = {"#a5d6a7", "black", "ellipse"},
};

/* Writes s and a newline. */
static void put_line(FILE *f, const char *s)
{
	fputs(s, f);
	fputc('\n', f);
}

static bool same_ref(struct tree_ref a, struct tree_ref b)
{
	return a.kind == b.kind && a.index == b.index;
}

/* Writes the DOT name of the node ref leads to: its id, or, in a tree
 * drawn with errors, "@broken" and the broken reference's number. */
static void dot_node(FILE *f, struct tree_ref ref, const struct tree *tree)
{
	if (ref.kind == TREE_NODE_BROKEN && ref.index == UINT32_MAX)
		fputs("\"@missing\"", f);
	else if (ref.kind == TREE_NODE_BROKEN)
		fprintf(f, "\"@broken%u\"", ref.index);
	else
		fprintf(f, "\"%s\"", tree_ref_id(tree, ref));
}

/* Writes s inside a DOT string: quotes and backslashes escaped, each
 * newline a centred line break. */
static void dot_put(FILE *f, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '"' || s[i] == '\\')
			fputc('\\', f);
		if (s[i] == '\n')
			fputs("\\n", f);
		else if (s[i] != '\r')
			fputc(s[i], f);
	}
}

/* Writes text word-wrapped to width columns, escaped for DOT. */
static void dot_wrapped(FILE *f, const char *text, size_t width)
{
	char *wrapped = text_wrap(text, width, 0, 0);
	size_t len;

	/* Out of memory, the label is still right on one long line. */
	if (!wrapped) {
		dot_put(f, text, strlen(text));
		return;
	}
	len = strlen(wrapped);
	while (len > 0 && wrapped[len - 1] == '\n')
		len--;
	dot_put(f, wrapped, len);
	free(wrapped);
}

/* The alternatives of the route on edge e of q: an edge each, labelled
 * with the answer and the when ("age: under_16"), the last "else". */
static void graph_route(FILE *f, const struct tree *tree,
			const struct tree_question *q, size_t e,
			const struct tree_route *route, const char *style)
{
	char band[64];

	for (size_t k = 0; k < route->alt_count; k++) {
		const struct tree_alt *alt = &route->alts[k];
		char *when = words_when_new(tree, alt, false);

		fprintf(f, "\t\"%s\" -> ", q->id);
		dot_node(f, alt->go, tree);
		fputs(" [label=\"", f);
		dot_wrapped(f, words_edge(q, e, band, sizeof(band)), 24);
		fputs("\\n", f);
		if (alt->when_count == 0)
			fputs("else", f);
		else if (when)
			dot_wrapped(f, when, 24);
		fprintf(f, "\"%s];\n", style);
		free(when);
	}
}

static void graph_question(FILE *f, const struct tree *tree,
			   const struct paths *paths, size_t i)
{
	const struct tree_question *q = tree_question(tree, i);
	bool is_start = i == tree_start(tree);
	/* A tree drawn with errors has no paths: every node drawn plain. */
	bool is_reached = !paths || paths_question_is_reachable(paths, i);
	size_t n = paths_edge_count(q);
	char band[64];

	fprintf(f,
		"\t\"%s\" [shape=box, style=\"rounded,filled%s\", "
		"fillcolor=\"#f4f4f4\"%s, label=\"",
		q->id, is_reached ? "" : ",dashed",
		is_start ? ", penwidth=2.5" : "");
	dot_wrapped(f, q->ask ? q->ask : "(no ask)", 30);
	fprintf(f, "\\n\\n[%s, %s%s]\"];\n", q->id, tree_qtype_name(q->type),
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
			graph_route(f, tree, q, e, to.route, dashed);
			continue;
		}
		for (size_t k = 0; k < e && is_first; k++) {
			struct tree_ref other;

			paths_edge(q, k, &answer, &other);
			is_first = other.route || !same_ref(other, to);
		}
		if (!is_first)
			continue;
		fprintf(f, "\t\"%s\" -> ", q->id);
		dot_node(f, to, tree);
		fputs(" [label=\"", f);
		for (size_t k = e; k < n; k++) {
			struct tree_ref other;

			paths_edge(q, k, &answer, &other);
			if (other.route || !same_ref(other, to))
				continue;
			if (k > e)
				fputs("\\n", f);
			dot_wrapped(f, words_edge(q, k, band, sizeof(band)),
				    24);
		}
		/* otherwise is the one edge not taken by a pick: dashed. */
		fprintf(f, "\"%s];\n", dashed);
	}
}

static void graph_outcome(FILE *f, const struct tree *tree,
			  const struct paths *paths, size_t i)
{
	const struct tree_outcome *o = tree_outcome(tree, i);
	bool is_reached = !paths || paths_outcome_is_reachable(paths, i);

	fprintf(f,
		"\t\"%s\" [shape=%s, style=\"filled%s\", fillcolor=\"%s\", "
		"fontcolor=\"%s\", label=\"",
		o->id, triage_look[o->triage].shape,
		is_reached ? "" : ",dashed", triage_look[o->triage].fill,
		triage_look[o->triage].font);
	dot_wrapped(f, o->condition ? o->condition : "(no condition)", 26);
	fprintf(f, "\\n\\n[%s, %s%s]\"];\n", o->id, tree_triage_name(o->triage),
		is_reached ? "" : ", unreachable");
}

static void graph_legend(FILE *f)
{
	put_line(f, "\tsubgraph cluster_legend {");
	put_line(f, "\t\tlabel=\"Triage\"; style=rounded; color=\"#999999\";");
	put_line(f,
		 "\t\t\"@legend_question\" [shape=box, style=\"rounded,filled\", "
		 "fillcolor=\"#f4f4f4\", label=\"question\\n[id, type]\"];");
	for (enum tree_triage t = TREE_EMERGENCY; t <= TREE_SELF_CARE; t++) {
		fprintf(f,
			"\t\t\"@legend_%s\" [shape=%s, style=filled, "
			"fillcolor=\"%s\", fontcolor=\"%s\", label=\"%s\\n",
			tree_triage_name(t), triage_look[t].shape,
			triage_look[t].fill, triage_look[t].font,
			tree_triage_name(t));
		dot_wrapped(f, result_triage_line(t), 22);
		put_line(f, "\"];");
	}
	fputs("\t\t\"@legend_question\"", f);
	for (enum tree_triage t = TREE_EMERGENCY; t <= TREE_SELF_CARE; t++)
		fprintf(f, " -> \"@legend_%s\"", tree_triage_name(t));
	put_line(f, " [style=invis];");
	put_line(f, "\t}");
}

/* Writes s for DOT, or "?" for a text a tree with errors lacks. */
static void dot_text(FILE *f, const char *s)
{
	dot_put(f, s ? s : "?", s ? strlen(s) : 1);
}

/*
 * The nodes that broken references lead to, in a tree drawn with errors:
 * red and dashed, saying what the reference named, or that it is missing.
 */
static void graph_broken(FILE *f, const struct tree *tree)
{
	put_line(f, "\t\"@missing\" [shape=box, style=\"dashed,filled\", "
		    "color=\"#d32f2f\", fillcolor=\"#ffebee\", "
		    "label=\"missing\"];");
	for (uint32_t i = 0; i < tree_broken_count(tree); i++) {
		fprintf(f,
			"\t\"@broken%u\" [shape=box, style=\"dashed,filled\", "
			"color=\"#d32f2f\", fillcolor=\"#ffebee\", "
			"label=\"unknown id\\n",
			i);
		dot_text(f, tree_broken_id(tree, i));
		put_line(f, "\"];");
	}
}

int graph_write(FILE *f, const struct tree *tree, const struct paths *paths)
{
	fputs("digraph \"", f);
	dot_text(f, tree_id(tree));
	fputs("\" {\n\tgraph [rankdir=LR, labelloc=t, fontname=\"Helvetica\", "
	      "fontsize=16, nodesep=0.3, ranksep=0.5, label=\"",
	      f);
	dot_text(f, tree_title(tree));
	fputs("\\nversion ", f);
	dot_text(f, tree_version(tree));
	if (!paths)
		fputs("\\n(drawn as far as it was read: it has errors)", f);
	put_line(f, "\"];");
	put_line(f, "\tnode [fontname=\"Helvetica\", fontsize=11];");
	put_line(
		f,
		"\tedge [fontname=\"Helvetica\", fontsize=9, color=\"#555555\"];");
	put_line(f,
		 "\t\"@start\" [shape=circle, style=filled, fillcolor=\"#333333\", "
		 "fontcolor=white, label=\"start\"];");
	if (tree_start(tree) < tree_question_count(tree))
		fprintf(f, "\t\"@start\" -> \"%s\" [penwidth=2.5];\n",
			tree_question(tree, tree_start(tree))->id);
	for (size_t i = 0; i < tree_question_count(tree); i++)
		graph_question(f, tree, paths, i);
	for (size_t i = 0; i < tree_outcome_count(tree); i++)
		graph_outcome(f, tree, paths, i);
	if (!paths)
		graph_broken(f, tree);
	graph_legend(f);
	put_line(f, "}");
	return ferror(f) ? -1 : 0;
}
