/*
 * test_session.c - a walk's figures for the clinic's statistics
 * (session.c): the question a walk stopped at, or its outcome and triage.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "engine.h"
#include "helpers.h"
#include "session.h"
#include "store.h"
#include "tree.h"

static const char tree_yaml[] =
	HELPER_TREE_HEAD("session-test", "Session test",
			 "3.1") "  area:\n"
				"    ask: Where?\n"
				"    options:\n"
				"      - text: Heel\n"
				"        next: morning\n"
				"      - text: Calf\n"
				"        next: clot\n"
				"  morning:\n"
				"    type: yesno\n"
				"    ask: Worst in the morning?\n"
				"    yes: heel\n"
				"    no: heel\n"
				"outcomes:\n"
				"  heel:\n"
				"    condition: Heel pain\n"
				"    triage: consult\n"
				"    summary: Heel.\n"
				"  clot:\n"
				"    condition: Clot\n"
				"    triage: emergency\n"
				"    summary: Clot.\n";

static void session_of_walk__done_and_abandoned__figures(void **state)
{
	struct tree *tree = helper_load_tree(tree_yaml);
	struct engine *engine = engine_new(tree);
	struct store_session s;

	assert_non_null(engine);
	session_of_walk(&s, engine, 1700000000, 1700000042);
	assert_null(s.outcome);
	assert_string_equal(s.abandoned_at, "area");
	assert_null(s.triage);
	assert_int_equal(s.answers, 0);
	assert_int_equal(s.duration, 42);
	assert_true(store_is_date(s.day));
	assert_false(s.has_request);

	assert_int_equal(engine_input(engine, "1"), ENGINE_ANSWERED);
	session_of_walk(&s, engine, 100, 90);
	assert_string_equal(s.abandoned_at, "morning");
	assert_int_equal(s.answers, 1);
	assert_int_equal(s.duration, 0);

	assert_int_equal(engine_input(engine, "yes"), ENGINE_ANSWERED);
	session_of_walk(&s, engine, 100, 130);
	assert_string_equal(s.outcome, "heel");
	assert_string_equal(s.triage, "consult");
	assert_null(s.abandoned_at);
	assert_string_equal(s.tree_version, "3.1");
	assert_int_equal(s.answers, 2);
	engine_free(engine);
	tree_free(tree);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(session_of_walk__done_and_abandoned__figures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
