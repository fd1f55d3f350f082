/*
 * paths.c - counting, listing and covering the walks of a tree.
 *
 * The loader guarantees that the questions form a directed acyclic graph
 * (a cycle anywhere is an error), so one depth-first search from the start
 * gives the reachable questions in post-order: each question after every
 * question it leads to. Counting is a sum over that order; the forward
 * counts (walks to each outcome) run over it backwards.
 */
#include "paths.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

#define COUNT_MAX (~(unsigned __int128)0)

struct paths {
	const struct tree *tree;
	size_t question_count;
	size_t outcome_count;

	/* Reachable questions, each after every question it leads to. */
	uint32_t *postorder;
	size_t postorder_count;

	/* Where each question's edges lead, worked out once: the edges of
	 * question i are edge_to[edge_begin[i]] up to edge_begin[i + 1]. */
	size_t *edge_begin;
	struct tree_ref *edge_to;

	bool *question_reached;
	bool *outcome_reached;
	struct paths_count *from_question; /* walks from question i */
	struct paths_count *to_outcome;	   /* walks from start to outcome i */
	struct paths_count total;
};

static struct paths_count count_add(struct paths_count a, struct paths_count b)
{
	struct paths_count sum;

	sum.value = a.value + b.value;
	sum.is_saturated = a.is_saturated || b.is_saturated;
	if (sum.value < a.value) {
		sum.value = COUNT_MAX;
		sum.is_saturated = true;
	}
	return sum;
}

static const struct paths_count count_one = {1, false};

size_t paths_edge_count(const struct tree_question *q)
{
	size_t n = 0;

	switch (q->type) {
	case TREE_CHOICE:
		return q->option_count;
	case TREE_YESNO:
		return q->has_unsure ? 3 : 2;
	case TREE_MULTI:
		for (size_t i = 0; i < q->option_count; i++)
			if (q->options[i].has_next)
				n++;
		return n + 1;
	case TREE_SCALE:
		return q->band_count;
	}
	return 0;
}

void paths_edge(const struct tree_question *q, size_t e,
		struct engine_answer *answer, struct tree_ref *to)
{
	size_t seen = 0;

	memset(answer, 0, sizeof(*answer));
	answer->type = q->type;
	switch (q->type) {
	case TREE_CHOICE:
		assert(e < q->option_count);
		answer->choice = e;
		*to = q->options[e].next;
		return;
	case TREE_YESNO:
		assert(e < 2 || (e == 2 && q->has_unsure));
		answer->yesno = e == 0	 ? ENGINE_YES
				: e == 1 ? ENGINE_NO
					 : ENGINE_UNSURE;
		*to = e == 0 ? q->yes : e == 1 ? q->no : q->unsure;
		return;
	case TREE_MULTI:
		for (size_t i = 0; i < q->option_count; i++) {
			if (!q->options[i].has_next)
				continue;
			if (seen++ == e) {
				answer->picks = (uint64_t)1 << i;
				*to = q->options[i].next;
				return;
			}
		}
		assert(seen == e);
		answer->picks = 0;
		*to = q->otherwise;
		return;
	case TREE_SCALE:
		assert(e < q->band_count);
		answer->value = q->bands[e].from;
		*to = q->bands[e].next;
		return;
	}
	assert(!"unknown question type");
}

/* Where each edge of question q leads, in edge order, at to: as many as
 * paths_edge_count(q), in time linear in q's options. */
static size_t edge_targets(const struct tree_question *q, struct tree_ref *to)
{
	size_t n = 0;

	switch (q->type) {
	case TREE_CHOICE:
		for (size_t i = 0; i < q->option_count; i++)
			to[n++] = q->options[i].next;
		break;
	case TREE_YESNO:
		to[n++] = q->yes;
		to[n++] = q->no;
		if (q->has_unsure)
			to[n++] = q->unsure;
		break;
	case TREE_MULTI:
		for (size_t i = 0; i < q->option_count; i++)
			if (q->options[i].has_next)
				to[n++] = q->options[i].next;
		to[n++] = q->otherwise;
		break;
	case TREE_SCALE:
		for (size_t i = 0; i < q->band_count; i++)
			to[n++] = q->bands[i].next;
		break;
	}
	return n;
}

/* Fills p->edge_begin and p->edge_to: one pass over every edge. */
static bool make_edge_table(struct paths *p)
{
	size_t total = 0;

	for (size_t i = 0; i < p->question_count; i++)
		total += paths_edge_count(tree_question(p->tree, i));
	p->edge_begin = mem_alloc((p->question_count + 1) *
				  sizeof(*p->edge_begin));
	p->edge_to = mem_alloc((total + 1) * sizeof(*p->edge_to));
	if (!p->edge_begin || !p->edge_to)
		return false;
	total = 0;
	for (size_t i = 0; i < p->question_count; i++) {
		p->edge_begin[i] = total;
		total += edge_targets(tree_question(p->tree, i),
				      p->edge_to + total);
	}
	p->edge_begin[p->question_count] = total;
	return true;
}

/* How many edges question qi has, and where edge e of it leads. */
static size_t edges_of(const struct paths *p, uint32_t qi)
{
	return p->edge_begin[qi + 1] - p->edge_begin[qi];
}

static struct tree_ref edge_target(const struct paths *p, uint32_t qi,
				   size_t e)
{
	return p->edge_to[p->edge_begin[qi] + e];
}

struct dfs_frame {
	uint32_t question;
	size_t edge;
};

enum { NEW, ON_WALK, DONE };

/*
 * Fills p->postorder with the questions the start reaches, and marks the
 * nodes reached. An explicit stack keeps long chains off the C stack.
 */
static bool find_postorder(struct paths *p)
{
	const struct tree *tree = p->tree;
	unsigned char *state = NULL;
	struct dfs_frame *stack = NULL;
	size_t top = 0;
	bool ok = false;

	state = mem_calloc(p->question_count, 1);
	stack = mem_alloc(p->question_count * sizeof(*stack));
	if (!state || !stack)
		goto fail;

	stack[top++] = (struct dfs_frame){tree_start(tree), 0};
	state[tree_start(tree)] = ON_WALK;
	p->question_reached[tree_start(tree)] = true;
	while (top > 0) {
		struct dfs_frame *f = &stack[top - 1];
		struct tree_ref to;

		if (f->edge == edges_of(p, f->question)) {
			state[f->question] = DONE;
			p->postorder[p->postorder_count++] = f->question;
			top--;
			continue;
		}
		to = edge_target(p, f->question, f->edge++);
		if (to.kind == TREE_NODE_OUTCOME) {
			p->outcome_reached[to.index] = true;
			continue;
		}
		/* The loader refuses cycles; meeting one is our mistake. */
		assert(state[to.index] != ON_WALK);
		if (state[to.index] != NEW)
			continue;
		state[to.index] = ON_WALK;
		p->question_reached[to.index] = true;
		stack[top++] = (struct dfs_frame){to.index, 0};
	}
	ok = true;
fail:
	free(state);
	free(stack);
	return ok;
}

/* Walks from each question, children before parents. */
static void count_from_questions(struct paths *p)
{
	for (size_t k = 0; k < p->postorder_count; k++) {
		uint32_t qi = p->postorder[k];
		struct paths_count sum = {0, false};

		for (size_t e = 0; e < edges_of(p, qi); e++) {
			struct tree_ref to = edge_target(p, qi, e);

			sum = count_add(sum,
					to.kind == TREE_NODE_OUTCOME
						? count_one
						: p->from_question[to.index]);
		}
		p->from_question[qi] = sum;
	}
}

/* Walks from the start to each node, parents before children. */
static bool count_to_outcomes(struct paths *p)
{
	struct paths_count *ways;

	ways = mem_calloc(p->question_count, sizeof(*ways));
	if (!ways)
		return false;
	ways[tree_start(p->tree)] = count_one;
	for (size_t k = p->postorder_count; k-- > 0;) {
		uint32_t qi = p->postorder[k];

		for (size_t e = 0; e < edges_of(p, qi); e++) {
			struct tree_ref to = edge_target(p, qi, e);
			struct paths_count *c =
				to.kind == TREE_NODE_OUTCOME
					? &p->to_outcome[to.index]
					: &ways[to.index];

			*c = count_add(*c, ways[qi]);
		}
	}
	free(ways);
	return true;
}

struct paths *paths_new(const struct tree *tree)
{
	struct paths *p;
	size_t nq = tree_question_count(tree);
	size_t no = tree_outcome_count(tree);

	p = mem_calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->tree = tree;
	p->question_count = nq;
	p->outcome_count = no;
	/* One extra element each, so that an empty list still allocates. */
	p->postorder = mem_alloc((nq + 1) * sizeof(*p->postorder));
	p->question_reached = mem_calloc(nq + 1, sizeof(*p->question_reached));
	p->outcome_reached = mem_calloc(no + 1, sizeof(*p->outcome_reached));
	p->from_question = mem_calloc(nq + 1, sizeof(*p->from_question));
	p->to_outcome = mem_calloc(no + 1, sizeof(*p->to_outcome));
	if (!p->postorder || !p->question_reached || !p->outcome_reached ||
	    !p->from_question || !p->to_outcome)
		goto fail;
	if (nq == 0)
		return p;
	if (!make_edge_table(p) || !find_postorder(p))
		goto fail;
	count_from_questions(p);
	if (!count_to_outcomes(p))
		goto fail;
	p->total = p->from_question[tree_start(tree)];
	return p;
fail:
	paths_free(p);
	return NULL;
}

void paths_free(struct paths *paths)
{
	if (!paths)
		return;
	free(paths->postorder);
	free(paths->edge_begin);
	free(paths->edge_to);
	free(paths->question_reached);
	free(paths->outcome_reached);
	free(paths->from_question);
	free(paths->to_outcome);
	free(paths);
}

struct paths_count paths_total(const struct paths *paths)
{
	return paths->total;
}

struct paths_count paths_to_outcome(const struct paths *paths, size_t i)
{
	assert(i < paths->outcome_count);
	return paths->to_outcome[i];
}

struct paths_count paths_from_question(const struct paths *paths, size_t i)
{
	assert(i < paths->question_count);
	return paths->from_question[i];
}

bool paths_question_is_reachable(const struct paths *paths, size_t i)
{
	assert(i < paths->question_count);
	return paths->question_reached[i];
}

bool paths_outcome_is_reachable(const struct paths *paths, size_t i)
{
	assert(i < paths->outcome_count);
	return paths->outcome_reached[i];
}

bool paths_count_at_most(struct paths_count count, uint64_t limit)
{
	return !count.is_saturated && count.value <= limit;
}

size_t paths_count_format(struct paths_count count, char *buf, size_t size)
{
	static const char more[] = "more than ";
	char digits[64]; /* 2^128 has 39 digits */
	size_t n = sizeof(digits);
	size_t prefix = count.is_saturated ? sizeof(more) - 1 : 0;
	unsigned __int128 v = count.value;
	size_t len;

	digits[--n] = '\0';
	do {
		digits[--n] = (char)('0' + (int)(v % 10));
		v /= 10;
	} while (v > 0);
	len = prefix + (sizeof(digits) - 1 - n);
	if (size > 0) {
		size_t room = size - 1;
		size_t a = prefix < room ? prefix : room;
		size_t b = len - prefix < room - a ? len - prefix : room - a;

		memcpy(buf, more, a);
		memcpy(buf + a, digits + n, b);
		buf[a + b] = '\0';
	}
	return len;
}

/* A walk being built: the steps and, for the cover, the edge of each. */
struct walk {
	struct engine_step *steps;
	size_t *edges;
	size_t count;
};

static bool walk_init(struct walk *w, size_t capacity)
{
	/* A walk meets each question at most once: the graph is acyclic. */
	w->steps = mem_alloc((capacity + 1) * sizeof(*w->steps));
	w->edges = mem_alloc((capacity + 1) * sizeof(*w->edges));
	w->count = 0;
	return w->steps && w->edges;
}

static void walk_free(struct walk *w)
{
	free(w->steps);
	free(w->edges);
}

static struct tree_ref walk_set(const struct paths *p, struct walk *w, size_t i,
				uint32_t qi, size_t e)
{
	struct tree_ref to;

	w->steps[i].question = qi;
	paths_edge(tree_question(p->tree, qi), e, &w->steps[i].answer, &to);
	w->edges[i] = e;
	return to;
}

enum paths_status paths_each_walk(const struct paths *p, paths_walk_fn fn,
				  void *ctx)
{
	struct dfs_frame *stack = NULL;
	struct walk w = {0};
	enum paths_status status = PATHS_NOMEM;
	size_t top = 0;

	if (p->question_count == 0)
		return PATHS_DONE;
	stack = mem_alloc(p->question_count * sizeof(*stack));
	if (!stack || !walk_init(&w, p->question_count))
		goto fail;
	stack[top++] = (struct dfs_frame){tree_start(p->tree), 0};
	while (top > 0) {
		struct dfs_frame *f = &stack[top - 1];
		struct tree_ref to;

		if (f->edge == edges_of(p, f->question)) {
			top--;
			continue;
		}
		to = walk_set(p, &w, top - 1, f->question, f->edge++);
		if (to.kind == TREE_NODE_QUESTION) {
			stack[top++] = (struct dfs_frame){to.index, 0};
			continue;
		}
		if (!fn(ctx, w.steps, top, to.index)) {
			status = PATHS_STOPPED;
			goto fail;
		}
	}
	status = PATHS_DONE;
fail:
	free(stack);
	walk_free(&w);
	return status;
}

/*
 * What the cover needs: for each question the start reaches, the edge that
 * first reached it breadth first (so the way back to the start is a
 * shortest one), and the first edge of a shortest way on to an outcome.
 */
struct cover {
	uint32_t *bfs; /* reachable questions, breadth first */
	size_t bfs_count;
	uint32_t *parent;    /* question that first reached i */
	size_t *parent_edge; /* and by which edge */
	size_t *depth;	     /* edges from the start to i */
	size_t *finish;	     /* edges from i to the nearest outcome */
	size_t *finish_edge; /* first edge of that way */
	size_t *untaken;     /* no edge of i before this one is untaken */
	size_t *edge_base;   /* edges of i are edge_base[i] + e */
	bool *is_taken;	     /* per edge: some walk so far took it */
};

static void cover_free(struct cover *c)
{
	free(c->bfs);
	free(c->parent);
	free(c->parent_edge);
	free(c->depth);
	free(c->finish);
	free(c->finish_edge);
	free(c->untaken);
	free(c->edge_base);
	free(c->is_taken);
}

static bool cover_init(const struct paths *p, struct cover *c)
{
	size_t nq = p->question_count;
	size_t edges = 0;
	bool *queued;
	uint32_t start = tree_start(p->tree);

	c->bfs = mem_alloc(nq * sizeof(*c->bfs));
	c->parent = mem_alloc(nq * sizeof(*c->parent));
	c->parent_edge = mem_alloc(nq * sizeof(*c->parent_edge));
	c->depth = mem_alloc(nq * sizeof(*c->depth));
	c->finish = mem_alloc(nq * sizeof(*c->finish));
	c->finish_edge = mem_alloc(nq * sizeof(*c->finish_edge));
	c->edge_base = mem_alloc((nq + 1) * sizeof(*c->edge_base));
	c->untaken = mem_calloc(nq, sizeof(*c->untaken));
	queued = mem_calloc(nq, sizeof(*queued));
	if (!c->bfs || !c->parent || !c->parent_edge || !c->depth ||
	    !c->finish || !c->finish_edge || !c->edge_base || !c->untaken ||
	    !queued) {
		free(queued);
		return false;
	}
	for (size_t i = 0; i < nq; i++) {
		c->edge_base[i] = edges;
		edges += edges_of(p, (uint32_t)i);
	}
	c->edge_base[nq] = edges;
	c->is_taken = mem_calloc(edges + 1, sizeof(*c->is_taken));
	if (!c->is_taken) {
		free(queued);
		return false;
	}

	c->bfs[c->bfs_count++] = start;
	c->depth[start] = 0;
	queued[start] = true;
	for (size_t k = 0; k < c->bfs_count; k++) {
		uint32_t qi = c->bfs[k];
		size_t n = edges_of(p, qi);

		for (size_t e = 0; e < n; e++) {
			struct tree_ref to = edge_target(p, qi, e);

			if (to.kind != TREE_NODE_QUESTION || queued[to.index])
				continue;
			queued[to.index] = true;
			c->parent[to.index] = qi;
			c->parent_edge[to.index] = e;
			c->depth[to.index] = c->depth[qi] + 1;
			c->bfs[c->bfs_count++] = to.index;
		}
	}
	free(queued);

	for (size_t k = 0; k < p->postorder_count; k++) {
		uint32_t qi = p->postorder[k];
		size_t n = edges_of(p, qi);

		c->finish[qi] = SIZE_MAX;
		for (size_t e = 0; e < n; e++) {
			struct tree_ref to = edge_target(p, qi, e);
			size_t len = to.kind == TREE_NODE_OUTCOME
					     ? 1
					     : c->finish[to.index] + 1;

			if (len < c->finish[qi]) {
				c->finish[qi] = len;
				c->finish_edge[qi] = e;
			}
		}
	}
	return true;
}

/*
 * The edge to go on by from question qi: one that no walk took yet, so
 * that each walk takes as many new edges as it can (a chain of yes/no
 * questions is covered by two walks, not one per question), else the
 * first edge of the shortest way to an outcome. untaken only moves
 * forward, so all the looking costs one pass over the edges.
 */
static size_t cover_next_edge(const struct paths *p, struct cover *c,
			      uint32_t qi)
{
	size_t n = edges_of(p, qi);

	while (c->untaken[qi] < n &&
	       c->is_taken[c->edge_base[qi] + c->untaken[qi]])
		c->untaken[qi]++;
	return c->untaken[qi] < n ? c->untaken[qi] : c->finish_edge[qi];
}

/*
 * The walk for edge e of question qi: the shortest way in, the edge, then
 * on to an outcome. Marks the walk's edges taken as it goes.
 */
static uint32_t cover_walk(const struct paths *p, struct cover *c,
			   struct walk *w, uint32_t qi, size_t e)
{
	struct tree_ref to;
	uint32_t back = qi;

	w->count = c->depth[qi];
	for (size_t i = w->count; i-- > 0;) {
		walk_set(p, w, i, c->parent[back], c->parent_edge[back]);
		back = c->parent[back];
	}
	to = walk_set(p, w, w->count++, qi, e);
	for (size_t i = 0; i < w->count; i++)
		c->is_taken[c->edge_base[w->steps[i].question] + w->edges[i]] =
			true;
	while (to.kind == TREE_NODE_QUESTION) {
		uint32_t next = to.index;
		size_t edge = cover_next_edge(p, c, next);

		c->is_taken[c->edge_base[next] + edge] = true;
		to = walk_set(p, w, w->count++, next, edge);
	}
	return to.index;
}

enum paths_status paths_each_cover_walk(const struct paths *p, paths_walk_fn fn,
					void *ctx)
{
	struct cover c = {0};
	struct walk w = {0};
	enum paths_status status = PATHS_NOMEM;

	if (p->question_count == 0)
		return PATHS_DONE;
	if (!cover_init(p, &c) || !walk_init(&w, p->question_count))
		goto fail;
	for (size_t k = 0; k < c.bfs_count; k++) {
		uint32_t qi = c.bfs[k];
		size_t n = edges_of(p, qi);

		for (size_t e = 0; e < n; e++) {
			uint32_t outcome;

			if (c.is_taken[c.edge_base[qi] + e])
				continue;
			outcome = cover_walk(p, &c, &w, qi, e);
			if (!fn(ctx, w.steps, w.count, outcome)) {
				status = PATHS_STOPPED;
				goto fail;
			}
		}
	}
	status = PATHS_DONE;
fail:
	cover_free(&c);
	walk_free(&w);
	return status;
}

bool paths_answer_at_band_top(const struct tree_question *q,
			      struct engine_answer *answer)
{
	if (q->type != TREE_SCALE)
		return false;
	for (size_t i = 0; i < q->band_count; i++) {
		const struct tree_band *b = &q->bands[i];

		if (answer->value < b->from || answer->value > b->to)
			continue;
		if (answer->value == b->to)
			return false;
		answer->value = b->to;
		return true;
	}
	return false;
}
