/*
 * walklist.c - a tree's walks listed (walklist.h).
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "mem.h"
#include "walklist.h"

struct lister {
	FILE *f;
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
static size_t format_step(struct lister *pp, const struct engine_step *step)
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
static bool walk_written(struct lister *pp)
{
	if (ferror(pp->f)) {
		pp->write_errno = errno;
		return false;
	}
	return true;
}

/* One replayable line: the outcome id, then each answer after a tab. */
static bool print_walk(void *ctx, const struct engine_step *steps,
		       size_t step_count, uint32_t outcome)
{
	struct lister *pp = ctx;

	fputs(tree_outcome(pp->tree, outcome)->id, pp->f);
	for (size_t i = 0; i < step_count; i++) {
		size_t len = format_step(pp, &steps[i]);

		if (len == SIZE_MAX)
			return false;
		fputc('\t', pp->f);
		fwrite(pp->buf, 1, len, pp->f);
	}
	fputc('\n', pp->f);
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
static void put_yaml(struct lister *pp, const char *s)
{
	if (is_plain_yaml(s)) {
		fputs(s, pp->f);
		return;
	}
	fputc('"', pp->f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(pp->f, "\\%c", c);
		else if (c < 0x20 || c == 0x7F)
			fprintf(pp->f, "\\x%02x", c);
		else
			fputc(c, pp->f);
	}
	fputc('"', pp->f);
}

/* One walk of a walks file (runcheck-walks/1); suffix ends its name. */
static bool print_walk_entry(struct lister *pp, const struct engine_step *steps,
			     size_t step_count, uint32_t outcome,
			     const char *suffix)
{
	const struct tree_outcome *o = tree_outcome(pp->tree, outcome);

	fprintf(pp->f, "  - name: walk %zu to %s%s\n    answers:\n", pp->lines,
		o->id, suffix);
	for (size_t i = 0; i < step_count; i++) {
		size_t len = format_step(pp, &steps[i]);

		if (len == SIZE_MAX)
			return false;
		fprintf(pp->f, "      - %s: ",
			tree_question(pp->tree, steps[i].question)->id);
		put_yaml(pp, pp->buf);
		fputc('\n', pp->f);
	}
	fprintf(pp->f, "    outcome: %s\n    triage: %s\n", o->id,
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
	struct lister *pp = ctx;
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
static void print_walks_head(struct lister *pp, const struct tree *tree)
{
	fprintf(pp->f,
		"# The walks of %s version %s, as runcheck paths --walks "
		"lists them.\n# Check each outcome by hand before you keep "
		"them.\nformat: runcheck-walks/1\ntree: %s\nwalks:\n",
		tree_id(tree), tree_version(tree), tree_id(tree));
}

int walklist_write(FILE *f, const struct tree *tree, const struct paths *paths,
		   enum walklist_format format, bool is_all, size_t *walks)
{
	struct lister pp = {
		.f = f,
		.tree = tree,
		.size = 256,
		.is_boundaries = format == WALKLIST_WALKS_BOUNDARIES,
	};
	paths_walk_fn walk_fn = format == WALKLIST_LINES ? print_walk
							 : print_walk_yaml;
	enum paths_status walked = PATHS_NOMEM;
	int rc = -1;

	pp.buf = mem_alloc(pp.size);
	if (pp.buf && format != WALKLIST_LINES)
		print_walks_head(&pp, tree);
	if (pp.buf)
		walked = is_all ? paths_each_walk(paths, walk_fn, &pp)
				: paths_each_cover_walk(paths, walk_fn, &pp);
	if (walked == PATHS_NOMEM || pp.is_nomem)
		errno = ENOMEM;
	else if (pp.write_errno != 0)
		errno = pp.write_errno;
	else
		rc = 0;
	*walks = pp.lines;
	free(pp.buf);
	free(pp.top);
	return rc;
}
