/*
 * test_suggest.c - "did you mean": the edit distance, and which name is
 * suggested for a misspelt one, when one is.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "suggest.h"

static size_t dist(const char *a, const char *b)
{
	return suggest_distance(a, strlen(a), b, strlen(b), 2);
}

static void suggest_distance__edits__counted_to_cap(void **state)
{
	(void)state;
	assert_int_equal(dist("next", "next"), 0);
	assert_int_equal(dist("otherwize", "otherwise"), 1); /* changed */
	assert_int_equal(dist("nxt", "next"), 1);	     /* left out */
	assert_int_equal(dist("nexxt", "next"), 1);	     /* put in */
	assert_int_equal(dist("nxet", "next"), 1);	     /* swapped */
	assert_int_equal(dist("sumary", "summary"), 1);
	assert_int_equal(dist("colour", "color"), 1);
	assert_int_equal(dist("abcd", "badc"), 2);
	assert_int_equal(dist("", "ab"), 2);
	/* More than the cap: cap + 1, whatever the real distance. */
	assert_int_equal(dist("colour", "options"), 3);
	assert_int_equal(dist("a", "abcdefgh"), 3);
	assert_int_equal(suggest_distance("abc", 3, "xyz", 3, 1), 2);
}

static void suggest_distance__longer_than_limit__never_close(void **state)
{
	char a[SUGGEST_MAX_LEN + 2], b[SUGGEST_MAX_LEN + 2];

	(void)state;
	memset(a, 'a', sizeof a - 1);
	memcpy(b, a, sizeof b);
	a[sizeof a - 1] = '\0';
	b[sizeof b - 1] = '\0';
	assert_int_equal(suggest_distance(a, strlen(a), b, strlen(b), 2), 3);
	assert_int_equal(suggest_distance(a, SUGGEST_MAX_LEN, b,
					  SUGGEST_MAX_LEN, 2),
			 0);
}

static const char *const qkeys[] = {
	"ask",	  "why",       "type", "options", "yes",   "no",
	"unsure", "otherwise", "min",  "max",	  "bands",
};
#define N_QKEYS (sizeof qkeys / sizeof *qkeys)

static const char *among(const char *word)
{
	return suggest_among(word, strlen(word), qkeys, N_QKEYS);
}

static void suggest_among__misspelt_keys__the_close_one(void **state)
{
	(void)state;
	assert_string_equal(among("otherwize"), "otherwise");
	assert_string_equal(among("optoins"), "options");
	assert_string_equal(among("bnads"), "bands");
	assert_string_equal(among("asks"), "ask");
	assert_string_equal(among("Ask"), "ask");	      /* case only */
	assert_string_equal(among("OTHERWISE"), "otherwise"); /* case only */
	assert_string_equal(among("unsrue"), "unsure");
}

static void suggest_among__far_or_short__nothing(void **state)
{
	(void)state;
	assert_null(among("colour"));
	assert_null(among("ask")); /* the name itself is no suggestion */
	/* Two edits of a two-letter word reach any two-letter word. */
	assert_null(among("ab"));
	/* One edit of a one-letter word reaches any one-letter word. */
	assert_null(suggest_among("p", 1, (const char *const[]){"o"}, 1));
	assert_null(among(""));
}

static void suggest_among__tie__nothing(void **state)
{
	static const char *const ids[] = {"q1", "q2", "done"};

	(void)state;
	/* "q7" is as close to q1 as to q2: no guess. */
	assert_null(suggest_among("q7", 2, ids, 3));
	assert_string_equal(suggest_among("dnoe", 4, ids, 3), "done");
	/* Case only beats an edit. */
	assert_string_equal(suggest_among("Max", 3,
					  (const char *const[]){"mix", "max"},
					  2),
			    "max");
	/* The same name twice is no tie. */
	assert_string_equal(
		suggest_among("nxet", 4,
			      (const char *const[]){"next", NULL, "next"}, 3),
		"next");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(suggest_distance__edits__counted_to_cap),
		cmocka_unit_test(
			suggest_distance__longer_than_limit__never_close),
		cmocka_unit_test(suggest_among__misspelt_keys__the_close_one),
		cmocka_unit_test(suggest_among__far_or_short__nothing),
		cmocka_unit_test(suggest_among__tie__nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
