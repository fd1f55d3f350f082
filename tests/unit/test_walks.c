/*
 * test_walks.c - the walks file (runcheck-walks/1): what it accepts, every
 * error at its line and column, and the replay of walks against a tree.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "mem.h"
#include "tree.h"
#include "walks.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* One question of each type, and outcomes of three triage levels. */
static const char tree_yaml[] = "format: runcheck/1\n"
				"id: walks-test\n"
				"title: Walks test\n"
				"version: \"1\"\n"
				"start: flags\n"
				"disclaimer: Not a diagnosis.\n"
				"questions:\n"
				"  flags:\n"
				"    type: multi\n"
				"    ask: Any of these?\n"
				"    options:\n"
				"      - text: Fever\n"
				"        next: see_gp\n"
				"      - text: Itch\n"
				"    otherwise: area\n"
				"  area:\n"
				"    ask: Where?\n"
				"    options:\n"
				"      - text: Heel or arch\n"
				"        next: morning\n"
				"      - text: Heel cord\n"
				"        next: pain\n"
				"      - text: Back of the knee\n"
				"        next: rest\n"
				"  morning:\n"
				"    type: yesno\n"
				"    ask: Worst in the morning?\n"
				"    yes: heel\n"
				"    no: rest\n"
				"    unsure: rest\n"
				"  pain:\n"
				"    type: scale\n"
				"    ask: How bad?\n"
				"    min: 0\n"
				"    max: 10\n"
				"    bands:\n"
				"      - {from: 0, to: 3, next: rest}\n"
				"      - {from: 4, to: 10, next: heel}\n"
				"outcomes:\n"
				"  see_gp:\n"
				"    condition: Infection\n"
				"    triage: gp\n"
				"    summary: See a doctor.\n"
				"  heel:\n"
				"    condition: Heel pain\n"
				"    triage: consult\n"
				"    summary: Book.\n"
				"    sources: [A]\n"
				"  rest:\n"
				"    condition: Rest\n"
				"    triage: self_care\n"
				"    summary: Rest.\n"
				"    sources: [B]\n";

static struct walks *load_walks(const char *yaml, struct diag_list *diags,
				enum yread_status *status)
{
	struct walks *w = NULL;

	diags->file = "w.yaml";
	*status = walks_load_buffer(yaml, strlen(yaml), diags, &w);
	return w;
}

/* Loads walks the test expects to be valid. */
static struct walks *must_load(const char *yaml)
{
	struct diag_list diags = {0};
	enum yread_status status;
	struct walks *w = load_walks(yaml, &diags, &status);

	for (size_t i = 0; i < diags.count; i++)
		fprintf(stderr, "w.yaml:%u:%u: %s\n",
			(unsigned)diags.items[i].pos.line,
			(unsigned)diags.items[i].pos.column,
			diags.items[i].message);
	assert_int_equal(status, YREAD_OK);
	assert_int_equal(diags.count, 0);
	assert_non_null(w);
	diag_list_clear(&diags);
	return w;
}

static void walks_load_buffer__valid__keeps_every_key(void **state)
{
	static const char yaml[] =
		"format: runcheck-walks/1\n"
		"tree: walks-test\n"
		"x-note: extension keys are skipped anywhere\n"
		"walks:\n"
		"  # a story, kept as a comment\n"
		"  - name: heel in the morning\n"
		"    x-story: I limp out of bed.\n"
		"    answers:\n"
		"      - flags: none\n"
		"      - area: Heel or\n"
		"      - morning: yes\n"
		"    outcome: heel\n"
		"    triage: consult\n"
		"  - name: only a triage\n"
		"    answers: [{flags: '1'}]\n"
		"    triage: gp\n";
	struct walks *w = must_load(yaml);
	const struct walks_walk *a, *b;

	(void)state;
	assert_string_equal(walks_tree_id(w), "walks-test");
	assert_int_equal(walks_count(w), 2);
	a = walks_walk(w, 0);
	b = walks_walk(w, 1);
	assert_string_equal(a->name, "heel in the morning");
	assert_int_equal(a->pos.line, 6);
	assert_int_equal(a->pos.column, 11);
	assert_int_equal(a->answer_count, 3);
	assert_string_equal(a->answers[1].question, "area");
	assert_string_equal(a->answers[1].text, "Heel or");
	assert_int_equal(a->answers[2].pos.line, 11);
	assert_string_equal(a->answers[2].text, "yes");
	assert_string_equal(a->outcome, "heel");
	assert_true(a->has_triage);
	assert_int_equal(a->triage, TREE_CONSULT);
	assert_null(b->outcome);
	assert_int_equal(b->triage, TREE_GP);
	assert_string_equal(b->answers[0].text, "1");
	walks_free(w);
	walks_free(NULL);
}

/* A walks file with one mistake, and where and what it is reported as. */
struct bad_case {
	const char *yaml;
	unsigned line;
	unsigned column;
	const char *message; /* the start of the one error expected */
};

#define HEAD	"format: runcheck-walks/1\nwalks:\n"
#define OK_WALK "  - name: ok\n    answers: [{flags: none}]\n    triage: gp\n"

static const struct bad_case bad_cases[] = {
	{"", 1, 1, "the file is empty"},
	{"- 1\n", 1, 1, "the document must be a mapping"},
	{"walks:\n" OK_WALK, 1, 1, "the walks file is missing 'format:"},
	{"format: runcheck-walks/2\nwalks: 3\nbogus: 1\n", 1, 9,
	 "unsupported format 'runcheck-walks/2'"},
	{"format: runcheck-walks/1\n", 1, 1,
	 "the walks file is missing 'walks'"},
	{"format: runcheck-walks/1\nwalk:\n" OK_WALK, 2, 1,
	 "unknown key 'walk'; did you mean 'walks'?"},
	{HEAD OK_WALK "tests: 1\n", 6, 1, "unknown key 'tests' (a walks file"},
	{"format: runcheck-walks/1\nwalks: []\n", 2, 8, "'walks' is empty"},
	{"format: runcheck-walks/1\nwalks: {a: 1}\n", 2, 8,
	 "'walks' must be a list"},
	{"format: runcheck-walks/1\ntree: [a]\nwalks:\n" OK_WALK, 2, 7,
	 "'tree' must be text"},
	{HEAD "  - 3\n", 3, 5, "a walk must be a mapping"},
	{HEAD "  - answers: [{flags: none}]\n    triage: gp\n", 3, 5,
	 "walk is missing 'name'"},
	{HEAD "  - name: ''\n    answers: [{flags: none}]\n    triage: gp\n", 3,
	 11, "'name' is empty"},
	{HEAD "  - name: a\n    triage: gp\n", 3, 5,
	 "walk 'a' is missing 'answers'"},
	{HEAD "  - name: a\n    answers: [{flags: none}]\n", 3, 5,
	 "walk 'a' is missing 'outcome' or 'triage'"},
	{HEAD "  - name: a\n    anwsers: [{flags: none}]\n    triage: gp\n", 4,
	 5, "unknown key 'anwsers' in a walk; did you mean 'answers'?"},
	{HEAD "  - name: a\n    answers: [{flags: none}]\n    outcom: x\n", 5,
	 5, "unknown key 'outcom' in a walk; did you mean 'outcome'?"},
	{HEAD OK_WALK "    because: 1\n", 6, 5,
	 "unknown key 'because' in a walk (a walk has"},
	{HEAD "  - name: a\n    answers: [{flags: none}]\n    triage: urgnt\n",
	 5, 13, "unknown triage level 'urgnt'; did you mean 'urgent'?"},
	{HEAD "  - name: a\n    answers: [{flags: none}]\n    triage: home\n",
	 5, 13, "unknown triage level 'home'; the levels are"},
	{HEAD "  - name: a\n    answers: [{flags: none}]\n    triage: [gp]\n",
	 5, 13, "'triage' must be text"},
	{HEAD "  - name: a\n    answers: []\n    triage: gp\n", 4, 14,
	 "'answers' is empty"},
	{HEAD "  - name: a\n    answers: flags\n    triage: gp\n", 4, 14,
	 "'answers' must be a list"},
	{HEAD "  - name: a\n    answers: [flags]\n    triage: gp\n", 4, 15,
	 "an answer must be a question id and the answer"},
	{HEAD "  - name: a\n    answers: [{}]\n    triage: gp\n", 4, 15,
	 "an answer is empty"},
	{HEAD "  - name: a\n    answers: [{flags: none, area: 1}]\n"
	      "    triage: gp\n",
	 4, 29, "an answer names one question; 'area' is a second one"},
	{HEAD "  - name: a\n    answers: [{flags: }]\n    triage: gp\n", 4, 23,
	 "the answer is empty"},
	{HEAD "  - name: a\n    answers: [{flags: [1]}]\n    triage: gp\n", 4,
	 23, "the answer must be text"},
	{HEAD OK_WALK OK_WALK, 6, 11,
	 "walk name 'ok' is used twice (first at line 3)"},
	{HEAD OK_WALK "---\n" HEAD OK_WALK, 6, 1, "more than one document"},
	{HEAD "  - name: &a x\n    answers: [{flags: none}]\n    triage: gp\n",
	 3, 11, "anchors are not allowed"},
};

static void walks_load_buffer__one_mistake__one_error_at_its_place(void **state)
{
	(void)state;
	for (size_t i = 0; i < COUNT(bad_cases); i++) {
		const struct bad_case *c = &bad_cases[i];
		struct diag_list diags = {0};
		enum yread_status status;
		struct walks *w = load_walks(c->yaml, &diags, &status);

		if (status != YREAD_INVALID || diags.count != 1 ||
		    diags.items[0].pos.line != c->line ||
		    diags.items[0].pos.column != c->column ||
		    strncmp(diags.items[0].message, c->message,
			    strlen(c->message)) != 0) {
			for (size_t k = 0; k < diags.count; k++)
				fprintf(stderr, "  got %u:%u: %s\n",
					(unsigned)diags.items[k].pos.line,
					(unsigned)diags.items[k].pos.column,
					diags.items[k].message);
			fail_msg("case %zu: want one error %u:%u: %s", i,
				 c->line, c->column, c->message);
		}
		assert_null(w);
		diag_list_clear(&diags);
	}
}

/* A walk and what replaying it against tree_yaml says. */
struct replay_case {
	const char *walk; /* the walk's keys after "- name: w\n" */
	enum walks_verdict verdict;
	const char *why; /* the failure's message, whole */
};

static const struct replay_case replay_cases[] = {
	{"answers: [{flags: none}, {area: 1}, {morning: y}]\n"
	 "outcome: heel\ntriage: consult\n",
	 WALKS_PASS, NULL},
	/* The quiz's own answer words: text, a unique start, case, blanks. */
	{"answers: [{flags: '2'}, {area: '  heel OR arch '}, "
	 "{morning: not   sure}]\noutcome: rest\n",
	 WALKS_PASS, NULL},
	{"answers: [{flags: '1,2'}]\ntriage: gp\n", WALKS_PASS, NULL},
	{"answers: [{flags: none}, {area: heel cord}, {pain: '4'}]\n"
	 "outcome: heel\n",
	 WALKS_PASS, NULL},
	{"answers: [{flags: none}, {morning: yes}]\noutcome: heel\n",
	 WALKS_FAIL,
	 "answer 2: expected question 'morning' to be asked, but the tree "
	 "asked 'area'"},
	{"answers: [{flags: none}, {area: Heel}]\noutcome: heel\n", WALKS_FAIL,
	 "answer 2: 'Heel' to 'area' was refused: 'Heel' matches more than "
	 "one option: did you mean 1. Heel or arch or 2. Heel cord?"},
	{"answers: [{flags: none}, {area: heel cord}, {pain: '11'}]\n"
	 "outcome: heel\n",
	 WALKS_FAIL,
	 "answer 3: '11' to 'pain' was refused: choose a whole number from 0 "
	 "to 10"},
	{"answers: [{flags: none}, {area: back}]\noutcome: rest\n", WALKS_FAIL,
	 "answer 2: 'back' is a command at the quiz, not an answer to 'area'"},
	{"answers: [{flags: '1'}, {area: '1'}]\ntriage: gp\n", WALKS_FAIL,
	 "ended early: outcome 'see_gp' after 1 answer, but answer 2 ('area: "
	 "1') was never asked"},
	{"answers: [{flags: none}, {area: '1'}]\noutcome: heel\n", WALKS_FAIL,
	 "went on past its 2 answers: the tree then asks 'morning'"},
	{"answers: [{flags: none}, {area: '3'}]\noutcome: heel\n", WALKS_FAIL,
	 "expected outcome 'heel', got 'rest' (triage self_care)"},
	{"answers: [{flags: none}, {area: '3'}]\ntriage: consult\n", WALKS_FAIL,
	 "expected triage consult, got self_care (outcome 'rest')"},
	{"answers: [{flags: none}, {area: '3'}]\noutcome: rest\n"
	 "triage: consult\n",
	 WALKS_FAIL,
	 "expected outcome 'rest' with triage consult, got 'rest' with triage "
	 "self_care"},
	{"answers: [{flags: none}, {area: '3'}]\noutcome: gone\n", WALKS_FAIL,
	 "expected outcome 'gone', got 'rest' (triage self_care); the tree has "
	 "no outcome 'gone'"},
	{"answers: [{flags: none}, {where: '3'}]\noutcome: rest\n", WALKS_FAIL,
	 "answer 2: expected question 'where' to be asked, but the tree asked "
	 "'area'; the tree has no question 'where'"},
	{"answers: [{flags: none}, {area: '3'}]\noutcome: area\n", WALKS_FAIL,
	 "expected outcome 'area', got 'rest' (triage self_care); the tree has "
	 "no outcome 'area'"},
};

/* Indents each line of a walk's keys under "  - name: w". */
static char *walk_file(const char *keys)
{
	static const char head[] = HEAD "  - name: w\n";
	size_t size = sizeof(head) + 2 * strlen(keys) + 64;
	char *out = malloc(size);
	size_t o;

	assert_non_null(out);
	o = (size_t)snprintf(out, size, "%s", head);
	for (const char *line = keys; *line;) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);

		o += (size_t)snprintf(out + o, size - o, "    %.*s\n", (int)len,
				      line);
		line += len + (end != NULL);
	}
	return out;
}

static void walks_replay__table__verdict_and_message(void **state)
{
	struct tree *tree = helper_load_tree(tree_yaml);

	(void)state;
	for (size_t i = 0; i < COUNT(replay_cases); i++) {
		const struct replay_case *c = &replay_cases[i];
		char *yaml = walk_file(c->walk);
		struct walks *w = must_load(yaml);
		char why[512] = "";
		enum walks_verdict v =
			walks_replay(walks_walk(w, 0), tree, why, sizeof(why));

		if (v != c->verdict || (c->why && strcmp(why, c->why) != 0))
			fail_msg("case %zu: verdict %d, want %d: '%s'", i,
				 (int)v, (int)c->verdict, why);
		walks_free(w);
		free(yaml);
	}
	tree_free(tree);
}

static void walks_run__mixed__counts_and_one_error_per_failure(void **state)
{
	static const char yaml[] = "format: runcheck-walks/1\n"
				   "walks:\n"
				   "  - name: passes\n"
				   "    answers: [{flags: '1'}]\n"
				   "    triage: gp\n"
				   "  - name: fails\n"
				   "    answers: [{flags: '1'}]\n"
				   "    triage: consult\n"
				   "  - name: passes too\n"
				   "    answers: [{flags: none}, {area: '3'}]\n"
				   "    outcome: rest\n";
	struct tree *tree = helper_load_tree(tree_yaml);
	struct walks *w = must_load(yaml);
	struct diag_list diags = {.file = "w.yaml"};
	size_t passed = 99, failed = 99;

	(void)state;
	assert_int_equal(walks_run(w, tree, &diags, &passed, &failed),
			 YREAD_OK);
	assert_int_equal(passed, 2);
	assert_int_equal(failed, 1);
	helper_expect_one_diag(&diags, 6, 11,
			       "walk 'fails': expected triage consult, got gp "
			       "(outcome 'see_gp')");
	assert_int_equal(diags.items[0].severity, DIAG_ERROR);
	diag_list_clear(&diags);
	walks_free(w);
	tree_free(tree);
}

static void walks_match_tree__other_id__error_at_tree(void **state)
{
	struct tree *tree = helper_load_tree(tree_yaml);
	struct walks *same = must_load("format: runcheck-walks/1\n"
				       "tree: walks-test\nwalks:\n" OK_WALK);
	struct walks *none = must_load(HEAD OK_WALK);
	struct walks *other = must_load("format: runcheck-walks/1\n"
					"tree: bike-check\nwalks:\n" OK_WALK);
	struct diag_list diags = {0};

	(void)state;
	assert_true(walks_match_tree(same, tree, &diags));
	assert_true(walks_match_tree(none, tree, &diags));
	assert_int_equal(diags.count, 0);
	assert_false(walks_match_tree(other, tree, &diags));
	helper_expect_one_diag(&diags, 2, 7,
			       "these walks are for tree 'bike-check', but the "
			       "tree is 'walks-test'");
	diag_list_clear(&diags);
	walks_free(same);
	walks_free(none);
	walks_free(other);
	tree_free(tree);
}

static void walks_load_file__missing_or_folder__cannot_open(void **state)
{
	struct diag_list diags = {.file = "x"};
	struct walks *w = (struct walks *)&diags;

	(void)state;
	assert_int_equal(walks_load_file("/nonexistent/walks.yaml", &diags, &w),
			 YREAD_CANNOT_OPEN);
	assert_null(w);
	assert_int_equal(walks_load_file("/", &diags, &w), YREAD_CANNOT_OPEN);
	assert_int_equal(diags.count, 0);
}

/* Every allocation that fails gives YREAD_NOMEM (or WALKS_NOMEM), never a
 * crash or a leak (the ASan and valgrind runs check the leaks). */
static void walks__out_of_memory__reported_not_crashed(void **state)
{
	static const char yaml[] =
		"format: runcheck-walks/1\n"
		"walks:\n"
		"  - name: a\n"
		"    answers: [{flags: none}, {area: '1'}, {morning: y}]\n"
		"    outcome: heel\n"
		"  - name: b\n"
		"    answers: [{flags: '1'}]\n"
		"    triage: gp\n";
	struct tree *tree = helper_load_tree(tree_yaml);
	bool has_loaded = false;

	(void)state;
	for (long n = 0; !has_loaded; n++) {
		struct diag_list diags = {.file = "w.yaml"};
		struct walks *w = NULL;
		enum yread_status status;
		size_t passed, failed;

		mem_fail_after(n);
		status = walks_load_buffer(yaml, strlen(yaml), &diags, &w);
		if (status == YREAD_OK) {
			status = walks_run(w, tree, &diags, &passed, &failed);
			if (status == YREAD_OK) {
				has_loaded = true;
				assert_int_equal(passed, 2);
			}
		} else {
			assert_null(w);
		}
		mem_fail_never();
		assert_true(status == YREAD_OK || status == YREAD_NOMEM);
		walks_free(w);
		diag_list_clear(&diags);
		assert_true(n < 10000);
	}
	tree_free(tree);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(walks_load_buffer__valid__keeps_every_key),
		cmocka_unit_test(
			walks_load_buffer__one_mistake__one_error_at_its_place),
		cmocka_unit_test(walks_replay__table__verdict_and_message),
		cmocka_unit_test(
			walks_run__mixed__counts_and_one_error_per_failure),
		cmocka_unit_test(walks_match_tree__other_id__error_at_tree),
		cmocka_unit_test(
			walks_load_file__missing_or_folder__cannot_open),
		cmocka_unit_test(walks__out_of_memory__reported_not_crashed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
