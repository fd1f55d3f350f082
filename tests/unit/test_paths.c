/*
 * test_paths.c - counting, listing and covering the walks of a tree.
 *
 * Every walk the module hands out is replayed through the engine in its
 * answer words, the way `runcheck paths | runcheck quiz` would, so the
 * tests check what a user of the lines sees, not the module's insides.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "engine.h"
#include "paths.h"
#include "tree.h"

#include "helpers.h"

/* ---- building trees in the test ---------------------------------------- */

struct text {
	char *s;
	size_t len;
	size_t cap;
};

static void text_add(struct text *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void text_add(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	assert_true(n >= 0);
	if (t->len + (size_t)n + 1 > t->cap) {
		t->cap = (t->len + (size_t)n + 1) * 2;
		t->s = realloc(t->s, t->cap);
		assert_non_null(t->s);
	}
	va_start(ap, fmt);
	vsnprintf(t->s + t->len, t->cap - t->len, fmt, ap);
	va_end(ap);
	t->len += (size_t)n;
}

static const char head[] =
	HELPER_HEAD("test", "Test", "1", "q0", "Not a diagnosis.");

static const char two_outcomes[] = "outcomes:\n"
				   "  done:\n"
				   "    condition: Done\n"
				   "    triage: self_care\n"
				   "    summary: The end.\n"
				   "  other:\n"
				   "    condition: Other\n"
				   "    triage: gp\n"
				   "    summary: Another end.\n";

/* helper_yesno_chain's tree. */
static struct tree *chain_tree(size_t n, bool has_unsure)
{
	char *yaml = helper_yesno_chain(n, has_unsure);
	struct tree *tree = helper_load_tree(yaml);

	free(yaml);
	return tree;
}

/*
 * A tree whose counts are worked out by hand. q1 and q2 are shared: both
 * options "Left" and "Right" of q0 lead to q1, and q1's yes leads to q2.
 *
 *   from q2 = 2 (yes, no)
 *   from q1 = q2 + 1 + 1 = 4
 *   from q3 (multi) = Fever 1 + Numb q2 + otherwise 1 = 4 (Tired is no edge)
 *   from q4 (scale) = 1 + q2 + 1 = 4
 *   from q0 = q1 + q1 + q2 + q3 + q4 = 4 + 4 + 2 + 4 + 4 = 18
 *
 * Forward: 5 walks come into q2 (q1's yes twice, Both, Numb, band 4-7) and
 * leave it to each outcome. serious = 5 + q1 not sure twice + Fever + band
 * 8-10 = 9; mild = 5 + q1 no twice + otherwise + band 0-3 = 9.
 */
static const char shared_yaml[] = "format: runcheck/1\n"
				  "id: shared\n"
				  "title: Shared\n"
				  "version: \"1\"\n"
				  "start: q0\n"
				  "disclaimer: Not a diagnosis.\n"
				  "questions:\n"
				  "  q0:\n"
				  "    ask: Where?\n"
				  "    options:\n"
				  "      - {text: Left, next: q1}\n"
				  "      - {text: Right, next: q1}\n"
				  "      - {text: Both, next: q2}\n"
				  "      - {text: Neither, next: q3}\n"
				  "      - {text: Numbers, next: q4}\n"
				  "  q1:\n"
				  "    type: yesno\n"
				  "    ask: Swollen?\n"
				  "    yes: q2\n"
				  "    no: mild\n"
				  "    unsure: serious\n"
				  "  q2:\n"
				  "    type: yesno\n"
				  "    ask: Worse at night?\n"
				  "    yes: serious\n"
				  "    no: mild\n"
				  "  q3:\n"
				  "    type: multi\n"
				  "    ask: Any of these?\n"
				  "    options:\n"
				  "      - {text: Fever, next: serious}\n"
				  "      - {text: Tired}\n"
				  "      - {text: Numb, next: q2}\n"
				  "    otherwise: mild\n"
				  "  q4:\n"
				  "    type: scale\n"
				  "    ask: How bad?\n"
				  "    min: 0\n"
				  "    max: 10\n"
				  "    bands:\n"
				  "      - {from: 0, to: 3, next: mild}\n"
				  "      - {from: 4, to: 7, next: q2}\n"
				  "      - {from: 8, to: 10, next: serious}\n"
				  "  lonely:\n"
				  "    type: yesno\n"
				  "    ask: Never asked?\n"
				  "    yes: mild\n"
				  "    no: unseen\n"
				  "outcomes:\n"
				  "  mild:\n"
				  "    condition: Mild\n"
				  "    triage: self_care\n"
				  "    summary: Mild.\n"
				  "  serious:\n"
				  "    condition: Serious\n"
				  "    triage: urgent\n"
				  "    summary: Serious.\n"
				  "  unseen:\n"
				  "    condition: Unseen\n"
				  "    triage: consult\n"
				  "    summary: No walk ends here.\n";

/* ---- walks as a user sees them ------------------------------------------ */

/* The walks handed out, each as a line of runcheck paths. */
struct seen {
	const struct tree *tree;
	char **lines;
	size_t count;
	bool *is_taken; /* per (question, edge): edge_base[q] + e */
	size_t *edge_base;
	size_t stop_after; /* 0: never stop */
};

/* Replays the answer words of a walk through a fresh engine. */
static void replay(const struct tree *tree, const char *line)
{
	char *copy = strdup(line);
	char *save = NULL;
	char *word = strtok_r(copy, "\t", &save);
	const char *outcome = word;
	struct engine *engine = engine_new(tree);

	assert_non_null(engine);
	while ((word = strtok_r(NULL, "\t", &save)) != NULL) {
		assert_false(engine_is_done(engine));
		if (engine_input(engine, word) != ENGINE_ANSWERED)
			fail_msg("'%s' was refused in '%s': %s", word, line,
				 engine_reason(engine));
	}
	assert_true(engine_is_done(engine));
	assert_string_equal(tree_outcome(tree, engine_outcome(engine))->id,
			    outcome);
	engine_free(engine);
	free(copy);
}

static size_t edge_of(const struct tree_question *q,
		      const struct engine_answer *answer)
{
	for (size_t e = 0; e < paths_edge_count(q); e++) {
		struct engine_answer a;
		struct tree_ref to;

		paths_edge(q, e, &a, &to);
		if (memcmp(&a, answer, sizeof(a)) == 0)
			return e;
	}
	fail_msg("an answer to '%s' takes no edge", q->id);
	return 0;
}

static bool record(void *ctx, const struct engine_step *steps, size_t n,
		   uint32_t outcome)
{
	struct seen *s = ctx;
	char line[4096];
	size_t len;

	len = (size_t)snprintf(line, sizeof(line), "%s",
			       tree_outcome(s->tree, outcome)->id);
	for (size_t i = 0; i < n; i++) {
		const struct tree_question *q =
			tree_question(s->tree, steps[i].question);

		line[len++] = '\t';
		len += engine_format_answer(q, &steps[i].answer, line + len,
					    sizeof(line) - len);
		assert_true(len < sizeof(line));
		if (s->is_taken)
			s->is_taken[s->edge_base[steps[i].question] +
				    edge_of(q, &steps[i].answer)] = true;
	}
	/* The last step leads to the outcome named. */
	{
		struct tree_ref to =
			engine_next(tree_question(s->tree,
						  steps[n - 1].question),
				    &steps[n - 1].answer);

		assert_int_equal(to.kind, TREE_NODE_OUTCOME);
		assert_int_equal(to.index, outcome);
	}
	s->lines = realloc(s->lines, (s->count + 1) * sizeof(*s->lines));
	assert_non_null(s->lines);
	s->lines[s->count++] = strdup(line);
	return s->stop_after == 0 || s->count < s->stop_after;
}

static void seen_free(struct seen *s)
{
	for (size_t i = 0; i < s->count; i++)
		free(s->lines[i]);
	free(s->lines);
	free(s->is_taken);
	free(s->edge_base);
}

static void seen_track_edges(struct seen *s)
{
	size_t nq = tree_question_count(s->tree);
	size_t edges = 0;

	s->edge_base = calloc(nq + 1, sizeof(*s->edge_base));
	assert_non_null(s->edge_base);
	for (size_t i = 0; i < nq; i++) {
		s->edge_base[i] = edges;
		edges += paths_edge_count(tree_question(s->tree, i));
	}
	s->edge_base[nq] = edges;
	s->is_taken = calloc(edges + 1, sizeof(*s->is_taken));
	assert_non_null(s->is_taken);
}

static int compare_lines(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every line replays, and no line is handed out twice. */
static void assert_lines_replay_once(const struct seen *s)
{
	char **sorted = malloc((s->count + 1) * sizeof(*sorted));

	assert_non_null(sorted);
	for (size_t i = 0; i < s->count; i++)
		replay(s->tree, s->lines[i]);
	memcpy(sorted, s->lines, s->count * sizeof(*sorted));
	qsort(sorted, s->count, sizeof(*sorted), compare_lines);
	for (size_t i = 1; i < s->count; i++)
		if (strcmp(sorted[i - 1], sorted[i]) == 0)
			fail_msg("walk given twice: %s", sorted[i]);
	free(sorted);
}

/* Every edge of every question the start reaches was taken. */
static void assert_every_edge_taken(const struct seen *s,
				    const struct paths *paths)
{
	for (size_t i = 0; i < tree_question_count(s->tree); i++) {
		const struct tree_question *q = tree_question(s->tree, i);

		if (!paths_question_is_reachable(paths, i))
			continue;
		for (size_t e = 0; e < paths_edge_count(q); e++)
			if (!s->is_taken[s->edge_base[i] + e])
				fail_msg("edge %zu of '%s' was never taken", e,
					 q->id);
	}
}

/* ---- counting ----------------------------------------------------------- */

static void
paths_total__shared_subtrees__counts_each_edge_sequence(void **state)
{
	struct tree *tree = helper_load_tree(shared_yaml);
	struct paths *paths = paths_new(tree);

	(void)state;
	assert_non_null(paths);
	assert_string_equal(helper_count_text(paths_total(paths)), "18");
	assert_string_equal(helper_walks_from(paths, tree, "q1"), "4");
	assert_string_equal(helper_walks_from(paths, tree, "q3"), "4");
	assert_string_equal(helper_walks_from(paths, tree, "q4"), "4");
	assert_string_equal(helper_walks_to(paths, tree, "serious"), "9");
	assert_string_equal(helper_walks_to(paths, tree, "mild"), "9");
	assert_string_equal(helper_walks_to(paths, tree, "unseen"), "0");
	paths_free(paths);
	tree_free(tree);
}

static void paths_new__unreached_nodes__are_not_reachable(void **state)
{
	struct tree *tree = helper_load_tree(shared_yaml);
	struct paths *paths = paths_new(tree);

	(void)state;
	assert_non_null(paths);
	assert_true(
		paths_question_is_reachable(paths,
					    helper_question_index(tree, "q0")));
	assert_true(
		paths_question_is_reachable(paths,
					    helper_question_index(tree, "q4")));
	assert_false(paths_question_is_reachable(
		paths, helper_question_index(tree, "lonely")));
	assert_true(
		paths_outcome_is_reachable(paths,
					   helper_outcome_index(tree, "mild")));
	assert_false(paths_outcome_is_reachable(
		paths, helper_outcome_index(tree, "unseen")));
	assert_string_equal(helper_walks_from(paths, tree, "lonely"), "0");
	paths_free(paths);
	tree_free(tree);
}

static void
paths_total__fifty_three_way_questions__is_three_to_the_fifty(void **state)
{
	struct tree *tree = chain_tree(50, true);
	struct paths *paths = paths_new(tree);
	struct paths_count total;

	(void)state;
	assert_non_null(paths);
	total = paths_total(paths);
	assert_false(total.is_saturated);
	/* 3^50, well past 10^15 and past 2^64. */
	assert_string_equal(helper_count_text(total),
			    "717897987691852588770249");
	assert_false(paths_count_at_most(total, PATHS_LIST_LIMIT));
	assert_string_equal(helper_walks_to(paths, tree, "done"),
			    "717897987691852588770249");
	paths_free(paths);
	tree_free(tree);
}

static void paths_total__past_128_bits__saturates(void **state)
{
	struct tree *tree = chain_tree(90, true); /* 3^90 > 2^128 */
	struct paths *paths = paths_new(tree);
	struct paths_count total;

	(void)state;
	assert_non_null(paths);
	total = paths_total(paths);
	assert_true(total.is_saturated);
	assert_string_equal(helper_count_text(total),
			    "more than 340282366920938463463374607431768211455");
	assert_false(paths_count_at_most(total, UINT64_MAX));
	paths_free(paths);
	tree_free(tree);
}

static void
paths_count_format__small_buffer__truncates_like_snprintf(void **state)
{
	struct paths_count c = {(unsigned __int128)1 << 64, false};
	char buf[8];

	(void)state;
	assert_int_equal(paths_count_format(c, buf, sizeof(buf)), 20);
	assert_string_equal(buf, "1844674");
	assert_int_equal(paths_count_format(c, NULL, 0), 20);
	c.value = 0;
	assert_int_equal(paths_count_format(c, buf, sizeof(buf)), 1);
	assert_string_equal(buf, "0");
}

static void paths_new__chain_of_100000__is_linear(void **state)
{
	struct tree *tree = chain_tree(100000, false);
	struct paths *paths;
	clock_t begin = clock();
	double seconds;

	(void)state;
	paths = paths_new(tree);
	seconds = (double)(clock() - begin) / CLOCKS_PER_SEC;
	assert_non_null(paths);
	/* Stop at "other" after any of the n questions, or finish. */
	assert_string_equal(helper_count_text(paths_total(paths)), "100001");
	assert_string_equal(helper_walks_to(paths, tree, "other"), "100000");
	/* Linear work is a few milliseconds; quadratic would be minutes. */
	if (seconds > 2.0)
		fail_msg("counting 100000 questions took %.2f s", seconds);
	paths_free(paths);
	tree_free(tree);
}

/* ---- edges -------------------------------------------------------------- */

/* Edge i of q is the answer words (engine_format_answer's), to the node
 * to. */
static void expect_edge(const struct tree *tree, const struct tree_question *q,
			size_t i, const char *words, const char *to)
{
	struct engine_answer answer;
	struct tree_ref ref;
	char text[64];

	paths_edge(q, i, &answer, &ref);
	engine_format_answer(q, &answer, text, sizeof(text));
	assert_string_equal(text, words);
	assert_string_equal(tree_ref_id(tree, ref), to);
}

static void paths_edge__multi__options_with_next_then_otherwise(void **state)
{
	struct tree *tree = helper_load_tree(shared_yaml);
	const struct tree_question *q = helper_question(tree, "q3");

	(void)state;
	/* Fever and Numb have a next; Tired does not. */
	assert_int_equal(paths_edge_count(q), 3);
	expect_edge(tree, q, 0, "1", "serious");
	expect_edge(tree, q, 1, "3", "q2");
	expect_edge(tree, q, 2, "none", "mild");
	tree_free(tree);
}

static void paths_edge__yesno_and_scale__in_file_order(void **state)
{
	struct tree *tree = helper_load_tree(shared_yaml);
	const struct tree_question *q1 = helper_question(tree, "q1");
	const struct tree_question *q2 = helper_question(tree, "q2");
	const struct tree_question *q4 = helper_question(tree, "q4");

	(void)state;
	assert_int_equal(paths_edge_count(q1), 3);
	assert_int_equal(paths_edge_count(q2), 2);
	expect_edge(tree, q1, 2, "not sure", "serious");
	assert_int_equal(paths_edge_count(q4), 3);
	expect_edge(tree, q4, 1, "4", "q2");
	tree_free(tree);
}

static void paths_answer_at_band_top__scale__top_of_the_same_band(void **state)
{
	struct tree *tree = helper_load_tree(shared_yaml);
	const struct tree_question *q1 = helper_question(tree, "q1");
	const struct tree_question *q4 = helper_question(tree, "q4");
	struct engine_answer answer;
	struct tree_ref to;
	static const long long lowest[] = {0, 4, 8}, highest[] = {3, 7, 10};

	(void)state;
	for (size_t e = 0; e < 3; e++) {
		paths_edge(q4, e, &answer, &to);
		assert_int_equal(answer.value, lowest[e]);
		assert_true(paths_answer_at_band_top(q4, &answer));
		assert_int_equal(answer.value, highest[e]);
		/* At the top already: nothing moves. */
		assert_false(paths_answer_at_band_top(q4, &answer));
		assert_int_equal(answer.value, highest[e]);
	}
	answer.value = 5;
	assert_true(paths_answer_at_band_top(q4, &answer));
	assert_int_equal(answer.value, 7);
	paths_edge(q1, 0, &answer, &to);
	assert_false(paths_answer_at_band_top(q1, &answer));
	assert_int_equal(answer.yesno, ENGINE_YES);
	tree_free(tree);
}

/* ---- listing ------------------------------------------------------------ */

static void paths_each_walk__small_tree__lists_every_walk(void **state)
{
	static const char *const expected[] = {
		"serious\tLeft\tyes\tyes",  "mild\tLeft\tyes\tno",
		"mild\tLeft\tno",	    "serious\tLeft\tnot sure",
		"serious\tRight\tyes\tyes", "mild\tRight\tyes\tno",
		"mild\tRight\tno",	    "serious\tRight\tnot sure",
		"serious\tBoth\tyes",	    "mild\tBoth\tno",
		"serious\tNeither\t1",	    "serious\tNeither\t3\tyes",
		"mild\tNeither\t3\tno",	    "mild\tNeither\tnone",
		"mild\tNumbers\t0",	    "serious\tNumbers\t4\tyes",
		"mild\tNumbers\t4\tno",	    "serious\tNumbers\t8",
	};
	struct tree *tree = helper_load_tree(shared_yaml);
	struct paths *paths = paths_new(tree);
	struct seen s = {.tree = tree};

	(void)state;
	assert_non_null(paths);
	assert_int_equal(paths_each_walk(paths, record, &s), PATHS_DONE);
	assert_int_equal(s.count, sizeof(expected) / sizeof(expected[0]));
	for (size_t i = 0; i < s.count; i++)
		assert_string_equal(s.lines[i], expected[i]);
	assert_lines_replay_once(&s);
	seen_free(&s);
	paths_free(paths);
	tree_free(tree);
}

static void paths_each_walk__callback_says_stop__stops(void **state)
{
	struct tree *tree = helper_load_tree(shared_yaml);
	struct paths *paths = paths_new(tree);
	struct seen s = {.tree = tree, .stop_after = 3};

	(void)state;
	assert_int_equal(paths_each_walk(paths, record, &s), PATHS_STOPPED);
	assert_int_equal(s.count, 3);
	seen_free(&s);
	paths_free(paths);
	tree_free(tree);
}

/* ---- covering ----------------------------------------------------------- */

/*
 * Lists a covering set of walks of tree and checks it: every edge taken,
 * every line replays to its outcome. Frees the tree; returns how many
 * walks there were.
 */
static size_t covering_walks(struct tree *tree)
{
	struct paths *paths = paths_new(tree);
	struct seen s = {.tree = tree};
	size_t count;

	seen_track_edges(&s);
	assert_int_equal(paths_each_cover_walk(paths, record, &s), PATHS_DONE);
	assert_every_edge_taken(&s, paths);
	assert_lines_replay_once(&s);
	count = s.count;
	seen_free(&s);
	paths_free(paths);
	tree_free(tree);
	return count;
}

static void paths_each_cover_walk__small_tree__takes_every_edge(void **state)
{
	size_t count = covering_walks(helper_load_tree(shared_yaml));

	(void)state;
	/* At most one walk per edge of the reachable questions (5+3+2+3+3). */
	assert_true(count <= 16);
	assert_true(count >= 5);
}

static void paths_each_cover_walk__3_to_the_50_walks__three_walks(void **state)
{
	(void)state;
	/* All yes, all no, all not sure: each walk takes only new edges. */
	assert_int_equal(covering_walks(chain_tree(50, true)), 3);
}

static void paths_each_cover_walk__chain__reaches_every_exit(void **state)
{
	(void)state;
	/* Every "no" ends a different walk, and the last yes one more. */
	assert_int_equal(covering_walks(chain_tree(200, false)), 201);
}

/*
 * n yes/no questions where each leads to the next two (shared subtrees:
 * the walks grow like Fibonacci's numbers and saturate), not sure to an
 * outcome.
 */
static struct tree *ladder_tree(size_t n)
{
	struct text t = {0};
	struct tree *tree;

	text_add(&t, "%squestions:\n", head);
	for (size_t i = 0; i < n; i++) {
		char yes[32], no[32];

		snprintf(yes, sizeof(yes), i + 1 < n ? "q%zu" : "done", i + 1);
		snprintf(no, sizeof(no), i + 2 < n ? "q%zu" : "other", i + 2);
		text_add(&t,
			 "  q%zu: {type: yesno, ask: A, yes: %s, no: %s, "
			 "unsure: done}\n",
			 i, yes, no);
	}
	text_add(&t, "%s", two_outcomes);
	tree = helper_load_tree(t.s);
	free(t.s);
	return tree;
}

/* CPU seconds of paths_new on tree, once. */
static double count_seconds(const struct tree *tree)
{
	struct timespec a, b;
	struct paths *paths;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
	paths = paths_new(tree);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
	assert_non_null(paths);
	assert_true(paths_total(paths).is_saturated);
	paths_free(paths);
	return (double)(b.tv_sec - a.tv_sec) +
	       (double)(b.tv_nsec - a.tv_nsec) / 1e9;
}

/* Twice the questions, twice the time: 2.6 leaves room for a busy
 * machine and caches; quadratic work would be 4. */
static void paths_new__100000_then_200000__scales_linearly(void **state)
{
	struct tree *small = ladder_tree(100000);
	struct tree *big = ladder_tree(200000);
	double a, b;

	(void)state;
	/* The least of five tries each, taken in turns, so that a machine
	 * busy with other work slows both sizes alike. */
	a = b = 1e9;
	for (int i = 0; i < 5; i++) {
		double s = count_seconds(small), t = count_seconds(big);

		a = s < a ? s : a;
		b = t < b ? t : b;
	}
	if (b > 2.6 * a && b > 0.005)
		fail_msg("counting 100000 questions took %.4f s, 200000 took "
			 "%.4f s (%.2fx)",
			 a, b, b / a);
	tree_free(small);
	tree_free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			paths_total__shared_subtrees__counts_each_edge_sequence),
		cmocka_unit_test(paths_new__unreached_nodes__are_not_reachable),
		cmocka_unit_test(
			paths_total__fifty_three_way_questions__is_three_to_the_fifty),
		cmocka_unit_test(paths_total__past_128_bits__saturates),
		cmocka_unit_test(
			paths_count_format__small_buffer__truncates_like_snprintf),
		cmocka_unit_test(paths_new__chain_of_100000__is_linear),
		cmocka_unit_test(
			paths_new__100000_then_200000__scales_linearly),
		cmocka_unit_test(
			paths_edge__multi__options_with_next_then_otherwise),
		cmocka_unit_test(paths_edge__yesno_and_scale__in_file_order),
		cmocka_unit_test(
			paths_answer_at_band_top__scale__top_of_the_same_band),
		cmocka_unit_test(paths_each_walk__small_tree__lists_every_walk),
		cmocka_unit_test(paths_each_walk__callback_says_stop__stops),
		cmocka_unit_test(
			paths_each_cover_walk__small_tree__takes_every_edge),
		cmocka_unit_test(
			paths_each_cover_walk__3_to_the_50_walks__three_walks),
		cmocka_unit_test(
			paths_each_cover_walk__chain__reaches_every_exit),
	};

	return cmocka_run_group_tests(tests, 0, NULL);
}
