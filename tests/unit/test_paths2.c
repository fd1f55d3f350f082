/*
 * test_paths2.c - the walks of trees with routes (runcheck/2): exact
 * counts on trees counted by hand, every walk listed once and replaying
 * to its outcome, and a cover that takes every edge a walk can take.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine.h"
#include "helpers.h"
#include "mem.h"
#include "paths.h"
#include "tree.h"

#define HEAD2                                                                  \
	"format: runcheck/2\nid: t\ntitle: T\nversion: \"1\"\n"                \
	"disclaimer: D\n"

/*
 * Age routes the knee; older people with bad pain go elsewhere. By hand:
 * child 1 (knee) + 2 (hip, two bands); adult the same, 3; older 2 + 2 =
 * 4: 10 walks, 3 of them to o_child. Counting a route as its last
 * alternative would give 9.
 */
static const char routed_tree[] = HEAD2
	"start: age\n"
	"questions:\n"
	"  age:\n"
	"    ask: Age?\n"
	"    options:\n"
	"      - {id: child, text: Under 16, next: area}\n"
	"      - {id: adult, text: 16 to 49, next: area}\n"
	"      - {id: older, text: 50 or over, next: area}\n"
	"  area:\n"
	"    ask: Where?\n"
	"    options:\n"
	"      - text: Knee\n"
	"        next:\n"
	"          - {when: {age: child}, go: o_child}\n"
	"          - {when: {age: older}, go: pain}\n"
	"          - go: o_adult\n"
	"      - {text: Hip, next: pain}\n"
	"  pain:\n"
	"    type: scale\n"
	"    ask: How bad?\n"
	"    min: 0\n"
	"    max: 10\n"
	"    bands:\n"
	"      - {id: mild, from: 0, to: 5, next: o_adult}\n"
	"      - id: bad\n"
	"        from: 6\n"
	"        to: 10\n"
	"        next:\n"
	"          - {when: {age: older}, go: o_child}\n"
	"          - {go: o_adult}\n"
	"outcomes:\n"
	"  o_child: {condition: C, triage: gp, summary: S}\n"
	"  o_adult: {condition: A, triage: gp, summary: S}\n";

/*
 * A diamond: sex, then a (female) or b (male), both of whose answers lead
 * to d, whose yes is routed on sex. By hand: 2 x 2 x 2 = 8 walks; d's yes
 * goes to o_f on the 2 female walks and to o_m on the 2 male ones, d's no
 * to o_no on 4.
 */
static const char diamond_tree[] = HEAD2
	"start: sex\n"
	"questions:\n"
	"  sex:\n"
	"    ask: Sex?\n"
	"    options:\n"
	"      - {id: female, text: Female, next: a}\n"
	"      - {id: male, text: Male, next: b}\n"
	"  a: {type: yesno, ask: A?, yes: d, no: d}\n"
	"  b: {type: yesno, ask: B?, yes: d, no: d}\n"
	"  d:\n"
	"    type: yesno\n"
	"    ask: D?\n"
	"    no: o_no\n"
	"    yes:\n"
	"      - {when: {sex: female}, go: o_f}\n"
	"      - go: o_m\n"
	"outcomes:\n"
	"  o_f: {condition: F, triage: gp, summary: S}\n"
	"  o_m: {condition: M, triage: gp, summary: S}\n"
	"  o_no: {condition: N, triage: gp, summary: S}\n";

/* What the walks handed out were: each as text, and each replayed. */
struct seen {
	const struct tree *tree;
	char **lines;
	size_t count;
	bool *is_taken; /* by (question, edge): question * 64 + edge */
};

/* Feeds the walk's answers, in answer words, to a fresh engine: it must
 * end at the outcome named. */
static bool replay(void *ctx, const struct engine_step *steps, size_t n,
		   uint32_t outcome)
{
	struct seen *s = ctx;
	struct engine *e = engine_new(s->tree);
	char line[2048];
	size_t len = 0;

	assert_non_null(e);
	for (size_t i = 0; i < n; i++) {
		const struct tree_question *q =
			tree_question(s->tree, steps[i].question);
		char word[256];

		assert_int_equal(engine_question(e), steps[i].question);
		engine_format_answer(q, &steps[i].answer, word, sizeof(word));
		assert_int_equal(engine_input(e, word), ENGINE_ANSWERED);
		len += (size_t)snprintf(line + len, sizeof(line) - len, "%s\t",
					word);
		if (s->is_taken)
			for (size_t k = 0; k < paths_edge_count(q); k++) {
				struct engine_answer a;
				struct tree_ref to;

				paths_edge(q, k, &a, &to);
				if (memcmp(&a, &steps[i].answer, sizeof(a)) ==
				    0)
					s->is_taken[steps[i].question * 64 + k] =
						true;
			}
	}
	assert_true(engine_is_done(e));
	assert_int_equal(engine_outcome(e), outcome);
	engine_free(e);
	for (size_t i = 0; i < s->count; i++)
		if (strcmp(s->lines[i], line) == 0)
			fail_msg("walk given twice: %s", line);
	s->lines = realloc(s->lines, (s->count + 1) * sizeof(*s->lines));
	assert_non_null(s->lines);
	s->lines[s->count++] = strdup(line);
	return true;
}

static void seen_free(struct seen *s)
{
	for (size_t i = 0; i < s->count; i++)
		free(s->lines[i]);
	free(s->lines);
	free(s->is_taken);
}

/* Every walk listed, once each, replaying; as many as counted. */
static void expect_listed(const struct tree *t, const struct paths *p,
			  const char *count)
{
	struct seen s = {.tree = t};

	assert_int_equal(paths_each_walk(p, replay, &s), PATHS_DONE);
	assert_string_equal(helper_count_text(paths_total(p)), count);
	assert_int_equal(s.count, strtoul(count, NULL, 10));
	seen_free(&s);
}

static void paths_total__routed_tree__counts_what_the_routes_walk(void **state)
{
	struct tree *t = helper_load_tree(routed_tree);
	struct paths *p = paths_new(t);

	(void)state;
	assert_non_null(p);
	expect_listed(t, p, "10");
	assert_string_equal(helper_walks_to(p, t, "o_child"), "3");
	assert_string_equal(helper_walks_to(p, t, "o_adult"), "7");
	paths_free(p);
	tree_free(t);
}

static void paths_total__diamond__routes_on_the_answer_before(void **state)
{
	struct tree *t = helper_load_tree(diamond_tree);
	struct paths *p = paths_new(t);

	(void)state;
	assert_non_null(p);
	expect_listed(t, p, "8");
	assert_string_equal(helper_walks_to(p, t, "o_f"), "2");
	assert_string_equal(helper_walks_to(p, t, "o_m"), "2");
	assert_string_equal(helper_walks_to(p, t, "o_no"), "4");
	paths_free(p);
	tree_free(t);
}

/* The example tree of runcheck-tree(5), counted by hand in its comments
 * there: 20 walks. */
static void paths_total__manual_example__twenty(void **state)
{
	struct diag_list diags = {.file = "swim"};
	struct tree *t = NULL;
	struct paths *p;

	(void)state;
	assert_int_equal(tree_load_file("questions/examples/swim-shoulder.yaml",
					&diags, &t),
			 YREAD_OK);
	assert_int_equal(diags.count, 0);
	p = paths_new(t);
	assert_non_null(p);
	expect_listed(t, p, "20");
	assert_string_equal(helper_walks_to(p, t, "neck_referral"), "6");
	paths_free(p);
	tree_free(t);
	diag_list_clear(&diags);
}

static void paths_total__chain_at_the_limit__exact_and_fast(void **state)
{
	char *yaml = helper_chain_tree(16);
	struct tree *t = helper_load_tree(yaml);
	struct paths *p = paths_new(t);

	(void)state;
	assert_non_null(p);
	/* 2^16 ways to the last question, two answers there; its yes reaches
	 * p on one walk alone. */
	assert_string_equal(helper_count_text(paths_total(p)), "131072");
	assert_string_equal(helper_walks_to(p, t, "p"), "1");
	assert_string_equal(helper_walks_to(p, t, "o"), "131071");
	paths_free(p);
	tree_free(t);
	free(yaml);
}

/* The cover takes every edge of every question, each walk replaying. */
static void paths_each_cover_walk__routed__every_edge_replays(void **state)
{
	struct tree *t = helper_load_tree(routed_tree);
	struct paths *p = paths_new(t);
	struct seen s = {.tree = t};

	(void)state;
	s.is_taken = calloc(tree_question_count(t) * 64, sizeof(*s.is_taken));
	assert_non_null(s.is_taken);
	assert_int_equal(paths_each_cover_walk(p, replay, &s), PATHS_DONE);
	for (size_t q = 0; q < tree_question_count(t); q++)
		for (size_t e = 0; e < paths_edge_count(tree_question(t, q));
		     e++)
			if (!s.is_taken[q * 64 + e])
				fail_msg("edge %zu of '%s' not taken", e,
					 tree_question(t, q)->id);
	/* Both outcomes are reached, each the way the routes go. */
	assert_true(s.count >= 2);
	seen_free(&s);
	paths_free(p);
	tree_free(t);
}

/* Running out of memory anywhere gives NULL, and nothing leaks. */
static void paths_new__routed__each_failed_allocation(void **state)
{
	struct tree *t = helper_load_tree(routed_tree);
	struct paths *p;
	long total;

	(void)state;
	mem_fail_never();
	p = paths_new(t);
	total = mem_alloc_count();
	assert_non_null(p);
	paths_free(p);
	for (long n = 0; n < total; n++) {
		mem_fail_after(n);
		p = paths_new(t);
		mem_fail_never();
		assert_null(p);
	}
	tree_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			paths_total__routed_tree__counts_what_the_routes_walk),
		cmocka_unit_test(
			paths_total__diamond__routes_on_the_answer_before),
		cmocka_unit_test(paths_total__manual_example__twenty),
		cmocka_unit_test(
			paths_total__chain_at_the_limit__exact_and_fast),
		cmocka_unit_test(
			paths_each_cover_walk__routed__every_edge_replays),
		cmocka_unit_test(paths_new__routed__each_failed_allocation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
