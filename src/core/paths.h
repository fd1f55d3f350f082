/*
 * paths.h - the walks of a loaded tree: how many there are, all of them
 * when they are few, and a set of walks that takes every edge when they
 * are many. The engine layer of runcheck graph, paths and report.
 *
 * A walk goes from the tree's start question to an outcome, one edge at a
 * time. The edges of a question are, in file order (runcheck(1), paths):
 *
 *   choice  each option
 *   yesno   yes, no, then not sure where the question has unsure
 *   multi   each option that has a next, then otherwise
 *   scale   each band
 *
 * Two walks are distinct when their edge sequences differ, even when they
 * meet the same questions: a choice with two options that both lead to q
 * gives two walks through q. Where an edge has a route (runcheck/2), the
 * walk goes where the route takes it given the edges before: which
 * alternative is taken follows from the walk, it is not an edge of its own.
 *
 * In a tree without routes everything here is linear in the size of the
 * tree (questions plus edges), except what is linear in the size of its
 * output. With routes the work is over states, a question with the
 * answers that later routes name (at most TREE_MAX_COMBINATIONS a
 * question, which the loader enforces): linear in the states the start
 * reaches plus their edges, never in the number of walks. Nothing
 * recurses, so a chain of a million questions does not overflow the
 * stack. Nothing prints.
 */
#ifndef RUNCHECK_PATHS_H
#define RUNCHECK_PATHS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine.h"
#include "tree.h"

/* At most this many walks are listed all; above it, a covering set. */
#define PATHS_LIST_LIMIT 10000

/*
 * A number of walks. Counts grow as a product of the questions' edge counts
 * (fifty yes/no/not sure questions in a row give 3^50 walks), so they are
 * kept in 128 bits and saturate: when is_saturated, the true count is at
 * least value (2^128 - 1) and no longer exact.
 */
struct paths_count {
	unsigned __int128 value;
	bool is_saturated;
};

/* The analysis of one tree. Borrows the tree: the tree must outlive it. */
struct paths;

/*
 * Analyses tree: which nodes the start reaches, and the number of walks
 * from the start, in total and to each outcome. NULL when out of memory.
 */
struct paths *paths_new(const struct tree *tree);

/* paths_free(NULL) does nothing. */
void paths_free(struct paths *paths);

/* The number of walks from the start to any outcome. */
struct paths_count paths_total(const struct paths *paths);

/* The number of walks from the start that end at outcome i (0 when the
 * start does not reach it). */
struct paths_count paths_to_outcome(const struct paths *paths, size_t i);

/* The number of walks from question i to any outcome (0 when the start
 * does not reach question i: only reachable questions are counted). With
 * routes, where the walk goes on from i can depend on earlier answers:
 * the count is summed over each combination of the answers later routes
 * name with which some walk reaches i. */
struct paths_count paths_from_question(const struct paths *paths, size_t i);

/* True when some walk from the start meets question i / outcome i. */
bool paths_question_is_reachable(const struct paths *paths, size_t i);
bool paths_outcome_is_reachable(const struct paths *paths, size_t i);

/*
 * Writes count in decimal, NUL-terminated, as snprintf does: returns the
 * length it needed. A saturated count is written as "more than " followed
 * by the largest 128-bit number.
 */
size_t paths_count_format(struct paths_count count, char *buf, size_t size);

/* True when count is at most limit. */
bool paths_count_at_most(struct paths_count count, uint64_t limit);

/* The number of edges of question q, as listed at the top. */
size_t paths_edge_count(const struct tree_question *q);

/*
 * Edge e (0 <= e < paths_edge_count(q)) of question q: the answer that takes
 * it and where it leads. A multi option's answer picks that option alone;
 * otherwise picks nothing. A band's answer is the band's from.
 */
void paths_edge(const struct tree_question *q, size_t e,
		struct engine_answer *answer, struct tree_ref *to);

/*
 * Called once per walk: the steps from the start, oldest first, and the
 * outcome reached. steps is valid only during the call. Returns true to go
 * on, false to stop.
 */
typedef bool (*paths_walk_fn)(void *ctx, const struct engine_step *steps,
			      size_t step_count, uint32_t outcome);

enum paths_status {
	PATHS_DONE,    /* every walk was passed to the callback */
	PATHS_STOPPED, /* the callback returned false */
	PATHS_NOMEM,
};

/*
 * Passes every walk to fn, depth first in edge order. Meant for counts up
 * to PATHS_LIST_LIMIT: the work is the total length of the walks.
 */
enum paths_status paths_each_walk(const struct paths *paths, paths_walk_fn fn,
				  void *ctx);

/*
 * Passes a set of walks that together take every edge of every question the
 * start reaches at least once, each walk once. Each walk is found for an
 * edge no earlier walk took: the shortest way from the start to the edge's
 * question (breadth first), the edge, then on to an outcome by edges no
 * walk took yet where there are any, else by the shortest way. So there
 * are at most as many walks as edges (often far fewer: three for fifty
 * yes/no/not sure questions in a row), each at most as long as the tree is
 * deep, and finding them is linear in the tree plus the total length of
 * the walks. That length can itself grow as the square of the tree: in a
 * chain where each question's no ends the walk, reaching the no of the
 * k-th question takes k answers, whatever the cover.
 */
enum paths_status paths_each_cover_walk(const struct paths *paths,
					paths_walk_fn fn, void *ctx);

/*
 * For runcheck paths --boundaries: moves a scale answer to the highest
 * value of the band it falls in, so that a walk taken at a band's lowest
 * value (as paths_edge gives it) can be taken again at its highest.
 * Returns true when that changed the answer; any other answer, and a
 * band of one value, is left as it is.
 */
bool paths_answer_at_band_top(const struct tree_question *q,
			      struct engine_answer *answer);

#endif
