/*
 * paths.c - counting, listing and covering the walks of a tree.
 *
 * Everything works on nodes. In a tree without routes a node is a
 * question. With routes, where an edge leads depends on earlier answers,
 * so a node is a state: a question together with the answers a walk
 * carries into it that some later route names (struct paths.later), and
 * the nodes are those the start reaches, found forwards in the questions'
 * topological order. The loader bounds the combinations at any question
 * (TREE_MAX_COMBINATIONS), so there are at most that many nodes a
 * question, usually a handful; two walks that reach the same node go on
 * alike, which is what makes counting over nodes exact.
 *
 * The loader guarantees that the questions form a directed acyclic graph
 * (a cycle anywhere is an error), so the nodes do too, and one depth-first
 * search from the start gives the reachable nodes in post-order: each
 * after every node it leads to. Counting is a sum over that order; the
 * forward counts (walks to each outcome) run over it backwards.
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

	/* The nodes: question_count of them, node i being question i, in a
	 * tree without routes (node_question NULL); else node_count states,
	 * node i at question node_question[i]. Node start_node is the start. */
	size_t node_count;
	uint32_t *node_question;
	uint32_t start_node;

	/* Reachable nodes, each after every node it leads to. */
	uint32_t *postorder;
	size_t postorder_count;

	/* Where each node's edges lead, worked out once: the edges of node i
	 * are edge_to[edge_begin[i]] and on, edge_count[its question] of
	 * them; a question ref's index is a node. */
	size_t *edge_begin;
	size_t *edge_count; /* by question: paths_edge_count */
	struct tree_ref *edge_to;

	bool *question_reached;
	bool *outcome_reached;
	struct paths_count *from_node;	   /* walks from node i */
	struct paths_count *from_question; /* summed over its nodes */
	struct paths_count *to_outcome;	   /* walks from start to outcome i */
	struct paths_count total;
};

/* The question of node i. */
static uint32_t node_q(const struct paths *p, uint32_t i)
{
	return p->node_question ? p->node_question[i] : i;
}

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

/* Counts each question's edges into p->edge_count; returns the sum. */
static size_t count_edges(struct paths *p)
{
	size_t total = 0;

	for (size_t i = 0; i < p->question_count; i++) {
		p->edge_count[i] = paths_edge_count(tree_question(p->tree, i));
		total += p->edge_count[i];
	}
	return total;
}

/* Fills p->edge_begin and p->edge_to of a tree without routes, where
 * node i is question i: one pass over every edge. */
static bool make_edge_table(struct paths *p)
{
	size_t total = count_edges(p);

	p->edge_begin =
		mem_alloc((p->question_count + 1) * sizeof(*p->edge_begin));
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

/* How many edges node i has, and where edge e of it leads. */
static size_t edges_of(const struct paths *p, uint32_t i)
{
	return p->edge_count[node_q(p, i)];
}

static struct tree_ref edge_target(const struct paths *p, uint32_t i, size_t e)
{
	return p->edge_to[p->edge_begin[i] + e];
}

struct dfs_frame {
	uint32_t node;
	size_t edge;
};

enum { NEW, ON_WALK, DONE };

/* ---- the states of a tree with routes ------------------------------------ */

/*
 * What building the states needs: the questions some when names (by
 * number), the questions in topological order, for each question the
 * named ones a walk carries into it (later: those a route at it or after
 * it names, less itself), and a hash of the nodes made so far by
 * (question, key), where a key holds one digit a later question, its
 * answer or, for "not answered", its answer count.
 */
struct builder {
	uint32_t *number;  /* by question: its number among the named, or
			       UINT32_MAX */
	uint32_t *named_q; /* by number: the question */
	size_t named_count;
	size_t words; /* 64-bit words a set of named questions */
	uint32_t *order;
	size_t order_count;
	uint64_t *later;      /* by question: a set of named questions */
	uint32_t *later_list; /* by question: from later_begin[q] */
	size_t *later_begin;
	uint64_t *node_key;   /* by node */
	uint32_t *node_next;  /* by node: the next node of its question */
	uint32_t *first_node; /* by question */
	size_t node_capacity;
	uint32_t *slots; /* the hash: node + 1, or 0 when empty */
	size_t slot_count;
	/* A question whose keys are at most DIRECT_KEYS finds its nodes in
	 * direct[direct_base[q] + key] (UINT32_MAX: none yet), not in the
	 * hash: next to each other, in question order, so that a big tree
	 * does not miss the cache at every edge. */
	size_t *direct_base; /* by question, or SIZE_MAX */
	uint32_t *direct;
	uint8_t *answer_of; /* by question, for tree_route_take */
};

static void builder_free(struct builder *b)
{
	free(b->number);
	free(b->named_q);
	free(b->order);
	free(b->later);
	free(b->later_list);
	free(b->later_begin);
	free(b->node_key);
	free(b->node_next);
	free(b->first_node);
	free(b->slots);
	free(b->direct_base);
	free(b->direct);
	free(b->answer_of);
}

/* Where the edges of q may lead: every alternative of a route. Returns
 * how many it wrote at to (room for TREE_MAX_ALTS an edge). */
static size_t all_targets(const struct tree_question *q, struct tree_ref *to)
{
	struct tree_ref edge[TREE_MAX_OPTIONS + 2];
	size_t n = edge_targets(q, edge), count = 0;

	for (size_t e = 0; e < n; e++) {
		if (!edge[e].route) {
			to[count++] = edge[e];
			continue;
		}
		for (size_t k = 0; k < edge[e].route->alt_count; k++)
			to[count++] = edge[e].route->alts[k].go;
	}
	return count;
}

#define MAX_TARGETS ((size_t)(TREE_MAX_OPTIONS + 2) * TREE_MAX_ALTS)

/* Numbers the questions that some when names. */
static bool find_named(const struct paths *p, struct builder *b)
{
	b->number = mem_alloc((p->question_count + 1) * sizeof(*b->number));
	b->named_q = mem_alloc((p->question_count + 1) * sizeof(*b->named_q));
	if (!b->number || !b->named_q)
		return false;
	for (size_t i = 0; i < p->question_count; i++)
		b->number[i] = UINT32_MAX;
	for (size_t i = 0; i < p->question_count; i++) {
		struct tree_ref edge[TREE_MAX_OPTIONS + 2];
		size_t n = edge_targets(tree_question(p->tree, i), edge);

		for (size_t e = 0; e < n; e++) {
			const struct tree_route *r = edge[e].route;

			for (size_t k = 0; r && k < r->alt_count; k++)
				for (size_t j = 0; j < r->alts[k].when_count;
				     j++) {
					uint32_t x =
						r->alts[k].when[j].question;

					if (b->number[x] != UINT32_MAX)
						continue;
					b->named_q[b->named_count] = x;
					b->number[x] =
						(uint32_t)b->named_count++;
				}
		}
	}
	b->words = (b->named_count + 63) / 64;
	return true;
}

/* The questions the start reaches, each before those it leads to
 * (reversed depth-first post-order, every alternative an edge). */
static bool find_order(const struct paths *p, struct builder *b)
{
	size_t n = p->question_count, top = 0;
	unsigned char *state = mem_calloc(n, 1);
	struct dfs_frame *stack = mem_alloc(n * sizeof(*stack));
	struct tree_ref *to = mem_alloc(MAX_TARGETS * sizeof(*to));
	bool ok = false;

	b->order = mem_alloc(n * sizeof(*b->order));
	if (!state || !stack || !to || !b->order)
		goto fail;
	stack[top++] = (struct dfs_frame){tree_start(p->tree), 0};
	state[tree_start(p->tree)] = ON_WALK;
	while (top > 0) {
		struct dfs_frame *f = &stack[top - 1];
		size_t count = all_targets(tree_question(p->tree, f->node), to);
		struct tree_ref next;

		if (f->edge == count) {
			state[f->node] = DONE;
			b->order[b->order_count++] = f->node;
			top--;
			continue;
		}
		next = to[f->edge++];
		if (next.kind != TREE_NODE_QUESTION ||
		    state[next.index] == DONE)
			continue;
		/* The loader refuses cycles; meeting one is our mistake. */
		assert(state[next.index] != ON_WALK);
		state[next.index] = ON_WALK;
		stack[top++] = (struct dfs_frame){next.index, 0};
	}
	for (size_t i = 0; i < b->order_count / 2; i++) {
		uint32_t t = b->order[i];

		b->order[i] = b->order[b->order_count - 1 - i];
		b->order[b->order_count - 1 - i] = t;
	}
	ok = true;
fail:
	free(state);
	free(stack);
	free(to);
	return ok;
}

/* Works out later, backwards over the order, and lists each set. */
static bool find_later(const struct paths *p, struct builder *b)
{
	size_t n = p->question_count, w = b->words ? b->words : 1, listed = 0;
	struct tree_ref *to = mem_alloc(MAX_TARGETS * sizeof(*to));

	b->later = mem_calloc(n * w, sizeof(*b->later));
	b->later_begin = mem_calloc(n + 1, sizeof(*b->later_begin));
	if (!to || !b->later || !b->later_begin)
		goto fail;
	for (size_t i = b->order_count; i-- > 0;) {
		uint32_t q = b->order[i];
		const struct tree_question *tq = tree_question(p->tree, q);
		uint64_t *set = b->later + (size_t)q * w;
		struct tree_ref edge[TREE_MAX_OPTIONS + 2];
		size_t count = all_targets(tq, to), ne = edge_targets(tq, edge);

		for (size_t e = 0; e < count; e++)
			for (size_t x = 0;
			     to[e].kind == TREE_NODE_QUESTION && x < w; x++)
				set[x] |= b->later[(size_t)to[e].index * w + x];
		for (size_t e = 0; e < ne; e++) {
			const struct tree_route *r = edge[e].route;

			for (size_t k = 0; r && k < r->alt_count; k++)
				for (size_t j = 0; j < r->alts[k].when_count;
				     j++) {
					uint32_t x =
						b->number[r->alts[k]
								  .when[j]
								  .question];

					set[x / 64] |= UINT64_C(1) << x % 64;
				}
		}
		if (b->number[q] != UINT32_MAX)
			set[b->number[q] / 64] &=
				~(UINT64_C(1) << b->number[q] % 64);
	}
	/* The sets as lists of questions, in the named questions' order. */
	for (size_t q = 0; q < n; q++)
		for (size_t x = 0; x < b->named_count; x++)
			listed += b->later[q * w + x / 64] >> x % 64 & 1;
	b->later_list = mem_alloc((listed + 1) * sizeof(*b->later_list));
	if (!b->later_list)
		goto fail;
	listed = 0;
	for (size_t q = 0; q < n; q++) {
		b->later_begin[q] = listed;
		for (size_t x = 0; x < b->named_count; x++)
			if (b->later[q * w + x / 64] >> x % 64 & 1)
				b->later_list[listed++] = b->named_q[x];
	}
	b->later_begin[n] = listed;
	free(to);
	return true;
fail:
	free(to);
	return false;
}

#define DIRECT_KEYS 64

/* How many answers a when can name at q (engine_answer_index's range). */
static uint64_t answer_count(const struct tree_question *q)
{
	switch (q->type) {
	case TREE_CHOICE:
		return q->option_count;
	case TREE_YESNO:
		return q->has_unsure ? 3 : 2;
	case TREE_SCALE:
		return q->band_count;
	case TREE_MULTI:
		break;
	}
	return 0;
}

/* The key of question q's node on the walk that answer_of holds: a digit
 * a later question, its answer or its answer count for "not answered". */
static uint64_t key_of(const struct paths *p, const struct builder *b,
		       uint32_t q)
{
	uint64_t key = 0;

	for (size_t i = b->later_begin[q]; i < b->later_begin[q + 1]; i++) {
		uint32_t x = b->later_list[i];
		uint64_t n = answer_count(tree_question(p->tree, x));

		key = key * (n + 1) +
		      (b->answer_of[x] == TREE_NO_ANSWER ? n : b->answer_of[x]);
	}
	return key;
}

/* Sets answer_of from the key of a node of q (key_of backwards); clear
 * says to forget them again instead. */
static void apply_key(const struct paths *p, struct builder *b, uint32_t q,
		      uint64_t key, bool clear)
{
	for (size_t i = b->later_begin[q + 1]; i-- > b->later_begin[q];) {
		uint32_t x = b->later_list[i];
		uint64_t n = answer_count(tree_question(p->tree, x));
		uint64_t digit = key % (n + 1);

		key /= n + 1;
		b->answer_of[x] =
			(uint8_t)(clear || digit == n ? TREE_NO_ANSWER : digit);
	}
}

static size_t slot_of(uint32_t q, uint64_t key, size_t slot_count)
{
	uint64_t h = (key + q * UINT64_C(0x9E3779B97F4A7C15)) *
		     UINT64_C(0xBF58476D1CE4E5B9);

	return (size_t)(h ^ h >> 31) & (slot_count - 1);
}

/* Doubles the hash of nodes, or makes its first. */
static bool grow_slots(struct paths *p, struct builder *b)
{
	size_t count = b->slot_count ? b->slot_count * 2 : 64;
	uint32_t *slots = mem_calloc(count, sizeof(*slots));

	if (!slots)
		return false;
	/* Nodes are only made with room for their keys (grow_nodes). */
	assert(p->node_count == 0 || b->node_key);
	for (size_t i = 0; i < p->node_count; i++) {
		size_t k = slot_of(p->node_question[i], b->node_key[i], count);

		while (slots[k] != 0)
			k = (k + 1) & (count - 1);
		slots[k] = (uint32_t)i + 1;
	}
	free(b->slots);
	b->slots = slots;
	b->slot_count = count;
	return true;
}

/* Doubles the room of the arrays by node. */
static bool grow_nodes(struct paths *p, struct builder *b)
{
	size_t capacity = b->node_capacity ? b->node_capacity * 2 : 64;
	uint32_t *question =
		mem_realloc(p->node_question, capacity * sizeof(*question));
	uint64_t *key;
	uint32_t *next;
	size_t *begin;

	if (!question)
		return false;
	p->node_question = question;
	key = mem_realloc(b->node_key, capacity * sizeof(*key));
	if (!key)
		return false;
	b->node_key = key;
	next = mem_realloc(b->node_next, capacity * sizeof(*next));
	if (!next)
		return false;
	b->node_next = next;
	begin = mem_realloc(p->edge_begin, capacity * sizeof(*begin));
	if (!begin)
		return false;
	p->edge_begin = begin;
	b->node_capacity = capacity;
	return true;
}

/* The node of question q with key, made when new; UINT32_MAX when out of
 * memory. */
static uint32_t node_for(struct paths *p, struct builder *b, uint32_t q,
			 uint64_t key)
{
	size_t k = slot_of(q, key, b->slot_count);
	uint32_t node;

	uint32_t *direct = b->direct_base[q] == SIZE_MAX
				   ? NULL
				   : &b->direct[b->direct_base[q] + key];

	if (direct && *direct != UINT32_MAX)
		return *direct;
	for (; !direct && b->slots[k] != 0; k = (k + 1) & (b->slot_count - 1)) {
		assert(b->node_key); /* a slot holds a node */
		node = b->slots[k] - 1;
		if (p->node_question[node] == q && b->node_key[node] == key)
			return node;
	}
	node = (uint32_t)p->node_count;
	if (node == UINT32_MAX ||
	    (p->node_count == b->node_capacity && !grow_nodes(p, b)))
		return UINT32_MAX;
	if (direct) {
		*direct = node;
		b->node_key[node] = key;
		p->node_question[node] = q;
		b->node_next[node] = b->first_node[q];
		b->first_node[q] = node;
		p->node_count++;
		return node;
	}
	p->node_question[node] = q;
	b->node_key[node] = key;
	b->node_next[node] = b->first_node[q];
	b->first_node[q] = node;
	b->slots[k] = node + 1;
	p->node_count++;
	if (p->node_count * 2 > b->slot_count && !grow_slots(p, b))
		return UINT32_MAX;
	return node;
}

/*
 * The edges of node s, at question q with key: each edge's answer, the
 * route taken on the walk the key stands for, and the node it leads to.
 * Appends them to p->edge_to; false when out of memory.
 */
static bool state_edges(struct paths *p, struct builder *b, uint32_t s,
			size_t *edge_capacity, size_t *used)
{
	uint32_t q = p->node_question[s];
	const struct tree_question *tq = tree_question(p->tree, q);
	size_t n = p->edge_count[q];
	bool ok = true;

	if (mem_grow(&p->edge_to, edge_capacity, *used + n + 1,
		     sizeof(*p->edge_to)) < 0)
		return false;
	assert(b->node_key); /* s is a node */
	apply_key(p, b, q, b->node_key[s], false);
	p->edge_begin[s] = *used;
	for (size_t e = 0; e < n && ok; e++) {
		struct engine_answer answer;
		struct tree_ref to;

		paths_edge(tq, e, &answer, &to);
		b->answer_of[q] = (uint8_t)engine_answer_index(tq, &answer);
		if (to.route)
			to = tree_route_take(to.route, b->answer_of);
		if (to.kind == TREE_NODE_QUESTION) {
			to.index = node_for(p, b, to.index,
					    key_of(p, b, to.index));
			ok = to.index != UINT32_MAX;
		}
		p->edge_to[(*used)++] = to;
	}
	b->answer_of[q] = TREE_NO_ANSWER;
	apply_key(p, b, q, b->node_key[s], true);
	return ok;
}

/* Gives each question whose keys are few its direct table. */
static bool make_direct(const struct paths *p, struct builder *b)
{
	size_t n = p->question_count, total = 0;

	b->direct_base = mem_alloc((n + 1) * sizeof(*b->direct_base));
	if (!b->direct_base)
		return false;
	for (size_t q = 0; q < n; q++) {
		uint64_t keys = 1;

		for (size_t i = b->later_begin[q];
		     i < b->later_begin[q + 1] && keys <= DIRECT_KEYS; i++)
			keys *= answer_count(tree_question(p->tree,
							   b->later_list[i])) +
				1;
		b->direct_base[q] = keys <= DIRECT_KEYS ? total : SIZE_MAX;
		if (keys <= DIRECT_KEYS)
			total += (size_t)keys;
	}
	b->direct = mem_alloc((total + 1) * sizeof(*b->direct));
	if (!b->direct)
		return false;
	memset(b->direct, 0xFF, (total + 1) * sizeof(*b->direct));
	return true;
}

/*
 * Makes the nodes of a tree with routes: from the start's, question by
 * question in topological order, each node's edges leading to the nodes
 * of the walks they continue. Only reachable nodes are made.
 */
/*
 * Numbers the nodes anew in the order in which their edges were made
 * (processed[i] is the i-th), which is topological and which edge_to
 * already follows: counting then reads every array front to back, not
 * at random, which on a big tree is most of its time.
 */
static bool renumber_states(struct paths *p, const uint32_t *processed,
			    size_t edges)
{
	size_t n = p->node_count;
	uint32_t *new_id = mem_alloc((n + 1) * sizeof(*new_id));
	uint32_t *question = mem_alloc((n + 1) * sizeof(*question));
	size_t *begin = mem_alloc((n + 1) * sizeof(*begin));

	if (!new_id || !question || !begin) {
		free(new_id);
		free(question);
		free(begin);
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		new_id[processed[i]] = (uint32_t)i;
		question[i] = p->node_question[processed[i]];
		begin[i] = p->edge_begin[processed[i]];
	}
	for (size_t e = 0; e < edges; e++)
		if (p->edge_to[e].kind == TREE_NODE_QUESTION)
			p->edge_to[e].index = new_id[p->edge_to[e].index];
	p->start_node = new_id[p->start_node];
	free(p->node_question);
	free(p->edge_begin);
	p->node_question = question;
	p->edge_begin = begin;
	free(new_id);
	return true;
}

static bool build_states(struct paths *p)
{
	struct builder b = {0};
	size_t n = p->question_count, edge_capacity = 0, used = 0, done = 0;
	size_t processed_capacity = 0;
	uint32_t *processed = NULL;
	bool ok = false;

	count_edges(p);
	b.answer_of = mem_alloc(n);
	b.first_node = mem_alloc(n * sizeof(*b.first_node));
	if (!b.answer_of || !b.first_node || !find_named(p, &b) ||
	    !find_order(p, &b) || !find_later(p, &b) || !grow_slots(p, &b) ||
	    !make_direct(p, &b))
		goto fail;
	memset(b.answer_of, TREE_NO_ANSWER, n);
	for (size_t i = 0; i < n; i++)
		b.first_node[i] = UINT32_MAX;
	p->start_node = node_for(p, &b, tree_start(p->tree),
				 key_of(p, &b, tree_start(p->tree)));
	if (p->start_node == UINT32_MAX)
		goto fail;
	for (size_t i = 0; i < b.order_count; i++)
		for (uint32_t s = b.first_node[b.order[i]]; s != UINT32_MAX;
		     s = b.node_next[s]) {
			if (mem_grow(&processed, &processed_capacity, done + 1,
				     sizeof(*processed)) < 0 ||
			    !state_edges(p, &b, s, &edge_capacity, &used))
				goto fail;
			processed[done++] = s;
		}
	/* Every node made is of a question later in the order. */
	assert(done == p->node_count);
	ok = renumber_states(p, processed, used);
fail:
	free(processed);
	builder_free(&b);
	return ok;
}

/* ---- counting ------------------------------------------------------------ */

/*
 * Fills p->postorder with the nodes the start reaches, and marks the
 * questions and outcomes reached. An explicit stack keeps long chains off
 * the C stack (a walk meets each question once, so it is never deeper
 * than the questions are many).
 */
static bool find_postorder(struct paths *p)
{
	unsigned char *state = NULL;
	struct dfs_frame *stack = NULL;
	size_t top = 0;
	bool ok = false;

	state = mem_calloc(p->node_count, 1);
	stack = mem_alloc(p->question_count * sizeof(*stack));
	if (!state || !stack)
		goto fail;

	stack[top++] = (struct dfs_frame){p->start_node, 0};
	state[p->start_node] = ON_WALK;
	p->question_reached[tree_start(p->tree)] = true;
	while (top > 0) {
		struct dfs_frame *f = &stack[top - 1];
		struct tree_ref to;

		if (f->edge == edges_of(p, f->node)) {
			state[f->node] = DONE;
			p->postorder[p->postorder_count++] = f->node;
			top--;
			continue;
		}
		to = edge_target(p, f->node, f->edge++);
		if (to.kind == TREE_NODE_OUTCOME) {
			p->outcome_reached[to.index] = true;
			continue;
		}
		/* The loader refuses cycles; meeting one is our mistake. */
		assert(state[to.index] != ON_WALK);
		if (state[to.index] != NEW)
			continue;
		state[to.index] = ON_WALK;
		p->question_reached[node_q(p, to.index)] = true;
		stack[top++] = (struct dfs_frame){to.index, 0};
	}
	ok = true;
fail:
	free(state);
	free(stack);
	return ok;
}

/*
 * The post-order of a tree with routes: its nodes, numbered in
 * topological order (renumber_states) and all reachable, backwards; and
 * what they reach marked. One pass, front to back.
 */
static void order_states(struct paths *p)
{
	for (size_t k = 0; k < p->node_count; k++) {
		uint32_t i = (uint32_t)(p->node_count - 1 - k);

		p->postorder[k] = i;
		p->question_reached[node_q(p, i)] = true;
		for (size_t e = 0; e < edges_of(p, i); e++) {
			struct tree_ref to = edge_target(p, i, e);

			if (to.kind == TREE_NODE_OUTCOME)
				p->outcome_reached[to.index] = true;
		}
	}
	p->postorder_count = p->node_count;
}

/* Walks from each node, children before parents, and from each question,
 * summed over its nodes. */
static void count_from_nodes(struct paths *p)
{
	for (size_t k = 0; k < p->postorder_count; k++) {
		uint32_t i = p->postorder[k];
		struct paths_count sum = {0, false};

		for (size_t e = 0; e < edges_of(p, i); e++) {
			struct tree_ref to = edge_target(p, i, e);

			sum = count_add(sum, to.kind == TREE_NODE_OUTCOME
						     ? count_one
						     : p->from_node[to.index]);
		}
		p->from_node[i] = sum;
		if (p->from_node != p->from_question)
			p->from_question[node_q(p, i)] =
				count_add(p->from_question[node_q(p, i)], sum);
	}
}

/* Walks from the start to each node, parents before children. */
static bool count_to_outcomes(struct paths *p)
{
	struct paths_count *ways;

	ways = mem_calloc(p->node_count, sizeof(*ways));
	if (!ways)
		return false;
	ways[p->start_node] = count_one;
	for (size_t k = p->postorder_count; k-- > 0;) {
		uint32_t i = p->postorder[k];

		for (size_t e = 0; e < edges_of(p, i); e++) {
			struct tree_ref to = edge_target(p, i, e);
			struct paths_count *c =
				to.kind == TREE_NODE_OUTCOME
					? &p->to_outcome[to.index]
					: &ways[to.index];

			*c = count_add(*c, ways[i]);
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
	p->edge_count = mem_alloc((nq + 1) * sizeof(*p->edge_count));
	p->question_reached = mem_calloc(nq + 1, sizeof(*p->question_reached));
	p->outcome_reached = mem_calloc(no + 1, sizeof(*p->outcome_reached));
	p->from_question = mem_calloc(nq + 1, sizeof(*p->from_question));
	p->to_outcome = mem_calloc(no + 1, sizeof(*p->to_outcome));
	if (!p->edge_count || !p->question_reached || !p->outcome_reached ||
	    !p->from_question || !p->to_outcome)
		goto fail;
	if (nq == 0)
		return p;
	if (tree_has_routes(tree)) {
		if (!build_states(p))
			goto fail;
	} else {
		if (!make_edge_table(p))
			goto fail;
		p->node_count = nq;
		p->start_node = tree_start(tree);
	}
	p->postorder = mem_alloc((p->node_count + 1) * sizeof(*p->postorder));
	/* Without routes a node is its question: one array serves. */
	p->from_node = p->node_question ? mem_calloc(p->node_count + 1,
						     sizeof(*p->from_node))
					: p->from_question;
	if (!p->postorder || !p->from_node)
		goto fail;
	if (p->node_question)
		order_states(p);
	else if (!find_postorder(p))
		goto fail;
	count_from_nodes(p);
	if (!count_to_outcomes(p))
		goto fail;
	p->total = p->from_node[p->start_node];
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
	free(paths->node_question);
	free(paths->edge_begin);
	free(paths->edge_count);
	free(paths->edge_to);
	free(paths->question_reached);
	free(paths->outcome_reached);
	if (paths->from_node != paths->from_question)
		free(paths->from_node);
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
	uint32_t *nodes; /* the node of each step */
	size_t *edges;
	size_t count;
};

static bool walk_init(struct walk *w, size_t capacity)
{
	/* A walk meets each question at most once: the graph is acyclic. */
	w->steps = mem_alloc((capacity + 1) * sizeof(*w->steps));
	w->nodes = mem_alloc((capacity + 1) * sizeof(*w->nodes));
	w->edges = mem_alloc((capacity + 1) * sizeof(*w->edges));
	w->count = 0;
	return w->steps && w->nodes && w->edges;
}

static void walk_free(struct walk *w)
{
	free(w->steps);
	free(w->nodes);
	free(w->edges);
}

/* Makes step i of the walk edge e of node s; returns where it leads (a
 * question ref's index is a node). */
static struct tree_ref walk_set(const struct paths *p, struct walk *w, size_t i,
				uint32_t s, size_t e)
{
	struct tree_ref to;

	w->steps[i].question = node_q(p, s);
	paths_edge(tree_question(p->tree, node_q(p, s)), e, &w->steps[i].answer,
		   &to);
	w->nodes[i] = s;
	w->edges[i] = e;
	return edge_target(p, s, e);
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
	stack[top++] = (struct dfs_frame){p->start_node, 0};
	while (top > 0) {
		struct dfs_frame *f = &stack[top - 1];
		struct tree_ref to;

		if (f->edge == edges_of(p, f->node)) {
			top--;
			continue;
		}
		to = walk_set(p, &w, top - 1, f->node, f->edge++);
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
	uint32_t *bfs; /* reachable nodes, breadth first */
	size_t bfs_count;
	uint32_t *parent;    /* node that first reached node i */
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
	size_t nq = p->node_count;
	size_t edges = 0;
	bool *queued;
	uint32_t start = p->start_node;

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
 * The edge to go on by from node qi: one that no walk took yet, so
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
 * The walk for edge e of node qi: the shortest way in, the edge, then
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
		c->is_taken[c->edge_base[w->nodes[i]] + w->edges[i]] = true;
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
