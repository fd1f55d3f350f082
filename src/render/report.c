/*
 * report.c - the sign-off report of a tree, in Markdown or HTML
 * (report.h).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "mem.h"
#include "paths.h"
#include "report.h"
#include "result.h"
#include "words.h"

/* A report under way: the format, the tree and what was worked out. */
struct doc {
	FILE *f;
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

static void put(const struct doc *d, const char *s)
{
	fputs(s, d->f);
}

/* The HTML entity that stands for c, or NULL where c stands for itself. */
static const char *html_entity(char c)
{
	static const char marks[] = "&<>\"'";
	static const char *const entities[] = {"&amp;", "&lt;", "&gt;",
					       "&quot;", "&#39;"};
	const char *at = c ? strchr(marks, c) : NULL;

	return at ? entities[at - marks] : NULL;
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
				fputc(' ', d->f);
			else if (d->is_html)
				put(d, is_para ? "</p>\n<p>" : "<br>\n");
			else
				put(d, is_para ? "\n\n" : "\\\n");
			at_line_start = is_block;
			continue;
		}
		if (d->is_html) {
			const char *entity = html_entity(c);

			if (entity)
				put(d, entity);
			else
				fputc(c, d->f);
			continue;
		}
		if (at_line_start) {
			/* Leading blanks would make a code block. */
			if (c == ' ' || c == '\t')
				continue;
			at_line_start = false;
			if (c == '-' || c == '+' || c == '=')
				fputc('\\', d->f);
			if (c >= '0' && c <= '9') {
				size_t k = i;

				while (k < len && s[k] >= '0' && s[k] <= '9')
					k++;
				fwrite(s + i, 1, k - i, d->f);
				if (k < len && (s[k] == '.' || s[k] == ')')) {
					fputc('\\', d->f);
					fputc(s[k], d->f);
					k++;
				}
				i = k - 1;
				continue;
			}
		}
		if (strchr("\\`*_[]<>#|~&", c))
			fputc('\\', d->f);
		fputc(c, d->f);
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
	fprintf(d->f, d->is_html ? "<code>%s</code>" : "`%s`", id);
}

/* A link to the node's own section. */
static void doc_ref(const struct doc *d, struct tree_ref ref)
{
	const char *id = tree_ref_id(d->tree, ref);
	char kind = ref.kind == TREE_NODE_QUESTION ? 'q' : 'o';

	if (d->is_html)
		fprintf(d->f, "<a href=\"#%c-%s\"><code>%s</code></a>", kind,
			id, id);
	else
		fprintf(d->f, "[`%s`](#%c-%s)", id, kind, id);
}

static void doc_count(const struct doc *d, struct paths_count count)
{
	char buf[64];

	paths_count_format(count, buf, sizeof(buf));
	put(d, buf);
}

static void doc_heading(const struct doc *d, int level, const char *anchor)
{
	if (d->is_html)
		fprintf(d->f, "<h%d%s%s%s>", level, anchor ? " id=\"" : "",
			anchor ? anchor : "", anchor ? "\"" : "");
	else
		fprintf(d->f, "\n%.*s ", level, "######");
}

static void doc_heading_end(const struct doc *d, int level)
{
	if (d->is_html)
		fprintf(d->f, "</h%d>\n", level);
	else
		fputc('\n', d->f);
}

/* A "label: value" line of a node's facts; doc_field_end closes it. */
static void doc_field(const struct doc *d, const char *label)
{
	fprintf(d->f, d->is_html ? "<dt>%s</dt><dd>" : "- **%s:** ", label);
}

static void doc_field_end(const struct doc *d)
{
	put(d, d->is_html ? "</dd>\n" : "\n");
}

/* Opens or closes a node's facts. In Markdown they are a plain list, and
 * the blank line after it comes from whatever follows. */
static void doc_fields(const struct doc *d, bool is_open)
{
	if (d->is_html)
		put(d, is_open ? "<dl>\n" : "</dl>\n");
}

static size_t node_of(const struct doc *d, struct tree_ref ref)
{
	return ref.kind == TREE_NODE_QUESTION
		       ? ref.index
		       : tree_question_count(d->tree) + ref.index;
}

/*
 * One pass over the edges: with fill NULL, counts the edges into node n
 * in in_base[n + 1]; else files each in in_edges, fill[n] counting those
 * of node n filed so far.
 */
static void doc_index_pass(struct doc *d, size_t *fill)
{
	for (size_t i = 0; i < tree_question_count(d->tree); i++) {
		const struct tree_question *q = tree_question(d->tree, i);

		for (size_t e = 0; e < paths_edge_count(q); e++) {
			struct engine_answer answer;
			struct tree_ref to;
			uint32_t alts;

			paths_edge(q, e, &answer, &to);
			alts = to.route ? (uint32_t)to.route->alt_count : 1;
			for (uint32_t k = 0; k < alts; k++) {
				size_t n =
					node_of(d,
						to.route ? to.route->alts[k].go
							 : to);

				if (!fill)
					d->in_base[n + 1]++;
				else
					d->in_edges[d->in_base[n] + fill[n]++] =
						(struct in_edge){
							(uint32_t)i,
							to.route ? k
								 : UINT32_MAX,
							e};
			}
		}
	}
}

/* Builds the list of edges into each node. False when out of memory. */
static bool doc_index(struct doc *d)
{
	size_t nodes =
		tree_question_count(d->tree) + tree_outcome_count(d->tree);
	size_t *fill = mem_calloc(nodes + 1, sizeof(*fill));

	d->in_base = mem_calloc(nodes + 2, sizeof(*d->in_base));
	if (d->in_base && fill) {
		doc_index_pass(d, NULL);
		for (size_t n = 0; n < nodes; n++)
			d->in_base[n + 1] += d->in_base[n];
		d->in_edges = mem_alloc((d->in_base[nodes] + 1) *
					sizeof(*d->in_edges));
	}
	if (d->in_edges)
		doc_index_pass(d, fill);
	free(fill);
	return d->in_edges != NULL;
}

/* Says when the alternative alt of the route on edge e of q is taken,
 * in words, after a space: "(if the answer to Age was Under 16)", or
 * "(when no alternative before it holds)" for the last. */
static void doc_alt_condition(const struct doc *d,
			      const struct tree_question *q, size_t e,
			      uint32_t alt)
{
	struct engine_answer answer;
	struct tree_ref to;
	const struct tree_alt *a;
	char *words;

	paths_edge(q, e, &answer, &to);
	a = &to.route->alts[alt];
	if (a->when_count == 0) {
		put(d, " (when no alternative before it holds)");
		return;
	}
	words = words_when_new(d->tree, a, true);
	put(d, " (");
	doc_text(d, words ? words : "if some earlier answer matches", false);
	put(d, ")");
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
		put(d, "the start");
	for (size_t k = d->in_base[n]; k < d->in_base[n + 1]; k++) {
		const struct in_edge *in = &d->in_edges[k];
		const struct tree_question *q =
			tree_question(d->tree, in->question);

		if (k > d->in_base[n] || is_start)
			put(d, "; ");
		doc_ref(d, (struct tree_ref){TREE_NODE_QUESTION, in->question,
					     NULL});
		put(d, d->is_html ? " &rarr; " : " → ");
		doc_text(d, words_edge(q, in->edge, band, sizeof(band)), false);
		if (in->alt != UINT32_MAX)
			doc_alt_condition(d, q, in->edge, in->alt);
	}
	if (!is_start && d->in_base[n] == d->in_base[n + 1])
		put(d, "nothing: no question leads here");
	doc_field_end(d);
}

/* Where an answer leads: the node, with the question or condition; for
 * a route, each alternative with its when in words. */
static void doc_leads_to(const struct doc *d, struct tree_ref to)
{
	if (to.route) {
		for (size_t k = 0; k < to.route->alt_count; k++) {
			const struct tree_alt *alt = &to.route->alts[k];
			char *words = words_when_new(d->tree, alt, true);

			if (k > 0)
				put(d, d->is_html ? "<br>" : "; ");
			if (alt->when_count == 0)
				put(d, "otherwise");
			else
				doc_text(d, words ? words : "if", false);
			put(d, ": ");
			doc_leads_to(d, alt->go);
			free(words);
		}
		return;
	}
	if (to.kind == TREE_NODE_QUESTION) {
		put(d, "question ");
		doc_ref(d, to);
		put(d, ": ");
		doc_text(d, tree_question(d->tree, to.index)->ask, false);
		return;
	}
	const struct tree_outcome *o = tree_outcome(d->tree, to.index);

	put(d, "outcome ");
	doc_ref(d, to);
	put(d, ": ");
	doc_text(d, o->condition, false);
	fprintf(d->f, " (%s)", tree_triage_name(o->triage));
}

static void doc_row(const struct doc *d, const char *answer_raw,
		    const char *answer_text, const struct tree_ref *to,
		    const char *note)
{
	put(d, d->is_html ? "<tr><td>" : "| ");
	if (answer_raw)
		put(d, answer_raw);
	if (answer_text)
		doc_text(d, answer_text, false);
	put(d, d->is_html ? "</td><td>" : " | ");
	if (to)
		doc_leads_to(d, *to);
	if (note) {
		if (d->is_html)
			fprintf(d->f, "<em>%s</em>", note);
		else
			fprintf(d->f, "*%s*", note);
	}
	put(d, d->is_html ? "</td></tr>\n" : " |\n");
}

static void doc_answers(const struct doc *d, const struct tree_question *q)
{
	char label[64];

	put(d, d->is_html
		       ? "<table>\n<tr><th>Answer</th><th>Leads to</th></tr>\n"
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
			doc_row(d, NULL, words_edge(q, b, label, sizeof(label)),
				&q->bands[b].next, NULL);
		break;
	}
	put(d, d->is_html ? "</table>\n" : "");
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
static void doc_node_heading(const struct doc *d, char kind, const char *label,
			     const char *id)
{
	char anchor[TREE_MAX_ID + 3];

	snprintf(anchor, sizeof(anchor), "%c-%s", kind, id);
	doc_heading(d, 3, anchor);
	if (!d->is_html)
		fprintf(d->f, "<a id=\"%s\"></a>", anchor);
	put(d, label);
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
		put(d, d->is_html ? "<em>none given</em>" : "*none given*");
	doc_field_end(d);
	doc_field(d, "Type");
	doc_text(d, type_rule(q->type), false);
	if (q->type == TREE_SCALE)
		fprintf(d->f, ", from %lld to %lld", q->min, q->max);
	doc_field_end(d);
	doc_reached_from(d, self);
	doc_field(d, "Walks from here to an outcome");
	if (paths_question_is_reachable(d->paths, i))
		doc_count(d, paths_from_question(d->paths, i));
	else
		put(d, "none: the start does not reach this question");
	doc_field_end(d);
	doc_fields(d, false);
	doc_answers(d, q);
}

static void doc_list(const struct doc *d, const char *label,
		     const char *const *items, size_t count)
{
	doc_field(d, label);
	if (count == 0)
		put(d, d->is_html ? "<em>none listed</em>" : "*none listed*");
	if (count > 0)
		put(d, d->is_html ? "<ul>\n" : "\n");
	for (size_t k = 0; k < count; k++) {
		put(d, d->is_html ? "<li>" : "    - ");
		doc_text(d, items[k], false);
		put(d, d->is_html ? "</li>\n" : "\n");
	}
	if (count > 0 && d->is_html)
		put(d, "</ul>");
	if (d->is_html || count == 0)
		doc_field_end(d);
}

/* A triage level's name, coloured in HTML. */
static void doc_triage_name(const struct doc *d, enum tree_triage t)
{
	if (d->is_html)
		fprintf(d->f, "<span class=\"triage %s\">%s</span>",
			tree_triage_name(t), tree_triage_name(t));
	else
		fprintf(d->f, "**%s**", tree_triage_name(t));
}

/*
 * An outcome's triage: its level, then the line a result of it shows
 * under the condition, the very words the person reads. False when out
 * of memory.
 */
static bool doc_triage(const struct doc *d, const struct tree_outcome *o)
{
	char *line = result_outcome_triage_text(o, d->clinic->emergency_number);

	if (!line)
		return false;
	doc_triage_name(d, o->triage);
	put(d, d->is_html ? " &mdash; " : ": ");
	doc_text(d, line, false);
	free(line);
	return true;
}

/* An outcome's section; false when out of memory. */
static bool doc_outcome(const struct doc *d, size_t i)
{
	const struct tree_outcome *o = tree_outcome(d->tree, i);
	struct tree_ref self = {TREE_NODE_OUTCOME, (uint32_t)i, NULL};

	doc_node_heading(d, 'o', "Outcome ", o->id);
	put(d, ": ");
	doc_text(d, o->condition, false);
	doc_heading_end(d, 3);
	doc_fields(d, true);
	doc_field(d, "Condition");
	doc_text(d, o->condition, false);
	doc_field_end(d);
	doc_field(d, "Triage");
	if (!doc_triage(d, o))
		return false;
	doc_field_end(d);
	doc_field(d, "Walks that reach it");
	doc_count(d, paths_to_outcome(d->paths, i));
	put(d, " of ");
	doc_count(d, paths_total(d->paths));
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
		put(d, "No booking is offered.");
		doc_field_end(d);
	}
	doc_list(d, "Self-care", o->self_care, o->self_care_count);
	doc_field(d, "Also consider");
	if (o->also_consider_count == 0)
		put(d, d->is_html ? "<em>none listed</em>" : "*none listed*");
	for (size_t k = 0; k < o->also_consider_count; k++) {
		struct tree_ref other = {TREE_NODE_OUTCOME, o->also_consider[k],
					 NULL};

		if (k > 0)
			put(d, "; ");
		doc_ref(d, other);
		put(d, " ");
		doc_text(d, tree_outcome(d->tree, other.index)->condition,
			 false);
	}
	doc_field_end(d);
	doc_list(d, "Sources", o->sources, o->source_count);
	doc_fields(d, false);
	return true;
}

/*
 * The loader's warnings (what the start does not reach), exactly as
 * runcheck lint prints them.
 */
static void doc_warnings(const struct doc *d, const struct diag_list *diags)
{
	size_t warnings = 0;

	doc_heading(d, 2, "lint");
	put(d, "Lint warnings");
	doc_heading_end(d, 2);
	put(d, d->is_html ? "<ul class=\"lint\">\n" : "\n");
	for (size_t i = 0; i < diags->count; i++) {
		const struct diag *w = &diags->items[i];
		char where[64];

		if (w->severity != DIAG_WARNING)
			continue;
		warnings++;
		snprintf(where, sizeof(where),
			 ":%u:%u: warning: ", (unsigned)w->pos.line,
			 (unsigned)w->pos.column);
		put(d, d->is_html ? "<li><code>" : "- ");
		doc_text(d, diags->file, false);
		put(d, where);
		doc_text(d, w->message, false);
		put(d, d->is_html ? "</code></li>\n" : "\n");
	}
	if (warnings == 0)
		put(d, d->is_html
			       ? "<li>none: the start reaches every question "
				 "and outcome</li>\n"
			       : "None: the start reaches every question and "
				 "outcome.\n");
	put(d, d->is_html ? "</ul>\n" : "");
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
static bool doc_owned_field(const struct doc *d, const char *label, char *text)
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
	put(d, "What each triage level tells the person");
	doc_heading_end(d, 2);
	put(d, d->is_html ? "<p>" : "\n");
	put(d,
	    "Every result names the likely condition, then the line below for "
	    "its triage level, the outcome's summary, the answers given, its "
	    "self-care, the other possibilities, how it ends (below), its "
	    "sources and the disclaimer.");
	put(d, d->is_html ? "</p>\n" : "\n");
	for (enum tree_triage t = TREE_EMERGENCY; t <= TREE_SELF_CARE; t++) {
		doc_heading(d, 3, NULL);
		doc_triage_name(d, t);
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
			put(d, "how to book, from the clinic file (below), "
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
		fprintf(d->f, d->is_html ? "<em>%s</em>" : "*%s*", missing);
	doc_field_end(d);
}

/* The clinic file's texts: who to book with, how, and the number. */
static void doc_clinic(const struct doc *d)
{
	const struct clinic *c = d->clinic;

	doc_heading(d, 2, "clinic");
	put(d, "Clinic");
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
	put(d, "\u201cClinic: ");
	doc_text(d, c->name, false);
	put(d, "\u201d, with the phone and web address below");
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
		put(d, "<!DOCTYPE html>\n<html lang=\"");
		doc_text(d, tree_language(tree), false);
		put(d, "\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
		doc_text(d, tree_title(tree), false);
		put(d, " \u2014 sign-off report</title>\n");
		put(d, html_head);
		put(d, "</head>\n<body>\n<h1>");
	} else {
		put(d, "# ");
	}
	doc_text(d, tree_title(tree), false);
	put(d, " \u2014 sign-off report");
	put(d, d->is_html ? "</h1>\n" : "\n\n");
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
	doc_ref(d,
		(struct tree_ref){TREE_NODE_QUESTION, tree_start(tree), NULL});
	doc_field_end(d);
	doc_field(d, "Questions");
	fprintf(d->f, "%zu", tree_question_count(tree));
	if (unreached > 0)
		fprintf(d->f, " (%zu not reachable from start)", unreached);
	doc_field_end(d);
	doc_field(d, "Outcomes");
	fprintf(d->f, "%zu", tree_outcome_count(tree));
	doc_field_end(d);
	doc_field(d, "Walks from start to an outcome");
	doc_count(d, paths_total(d->paths));
	doc_field_end(d);
	doc_fields(d, false);

	doc_heading(d, 2, "disclaimer");
	put(d, "Disclaimer");
	doc_heading_end(d, 2);
	put(d, d->is_html ? "<div class=\"disclaimer\"><p>" : "\n");
	doc_text(d, tree_disclaimer(tree), true);
	put(d, d->is_html ? "</p></div>\n" : "\n");
}

static void doc_signoff(const struct doc *d)
{
	doc_heading(d, 2, "sign-off");
	put(d, "Sign-off");
	doc_heading_end(d, 2);
	if (d->is_html) {
		put(d,
		    "<p>I have reviewed every question, answer and outcome "
		    "above.</p>\n<table class=\"signoff\">\n<tr><th>Name</th>"
		    "<th>Role</th><th>Date</th><th>Signature</th></tr>\n"
		    "<tr><td></td><td></td><td></td><td></td></tr>\n"
		    "<tr><td></td><td></td><td></td><td></td></tr>\n"
		    "</table>\n</body>\n</html>\n");
		return;
	}
	put(d, "\nI have reviewed every question, answer and outcome above.\n\n"
	       "| Name | Role | Date | Signature |\n| --- | --- | --- | --- |\n"
	       "| | | | |\n| | | | |\n");
}

/* The report, after the head; false when out of memory. */
static bool doc_body(const struct doc *d, const struct report_source *src)
{
	const struct tree *tree = src->tree;

	doc_head(d, src->diags->file);
	doc_warnings(d, src->diags);
	doc_heading(d, 2, "questions");
	put(d, "Questions");
	doc_heading_end(d, 2);
	for (size_t i = 0; i < tree_question_count(tree); i++)
		doc_question(d, i);
	doc_heading(d, 2, "outcomes");
	put(d, "Outcomes");
	doc_heading_end(d, 2);
	for (size_t i = 0; i < tree_outcome_count(tree); i++)
		if (!doc_outcome(d, i))
			return false;
	if (!doc_triage_texts(d))
		return false;
	doc_clinic(d);
	doc_signoff(d);
	return true;
}

int report_write(FILE *f, enum report_format format,
		 const struct report_source *src)
{
	struct paths *paths = paths_new(src->tree);
	struct doc d = {
		.f = f,
		.is_html = format == REPORT_HTML,
		.tree = src->tree,
		.paths = paths,
		.tree_sha256 = src->tree_sha256,
		.clinic = src->clinic,
		.clinic_source = src->clinic_source,
	};
	int rc = -1;

	if (paths && doc_index(&d) && doc_body(&d, src))
		rc = ferror(f) ? -1 : 0;
	else
		errno = ENOMEM;
	free(d.in_base);
	free(d.in_edges);
	paths_free(paths);
	return rc;
}
