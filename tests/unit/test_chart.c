/*
 * test_chart.c - bars in eighths of a cell, and in '#' without UTF-8.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "chart.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void chart_bar__table__eighths(void **state)
{
	static const struct {
		int64_t value, max;
		size_t cells;
		const char *bar;
	} cases[] = {
		{4, 4, 2, "\u2588\u2588"},
		{2, 4, 2, "\u2588"},
		{1, 4, 2, "\u258c"},	   /* half a cell */
		{1, 8, 1, "\u258f"},	   /* one eighth */
		{7, 8, 1, "\u2589"},	   /* seven eighths */
		{3, 8, 2, "\u258a"},	   /* six eighths */
		{5, 8, 2, "\u2588\u258e"}, /* a cell and two eighths */
		{1, 1000, 10, "\u258f"},   /* tiny, still seen */
		{0, 10, 10, ""},
		{-1, 10, 10, ""},
		{5, 0, 10, ""},
		{20, 10, 3, "\u2588\u2588\u2588"}, /* capped at max */
	};

	for (size_t i = 0; i < COUNT(cases); i++) {
		char *bar = chart_bar(cases[i].value, cases[i].max,
				      cases[i].cells, true);

		assert_non_null(bar);
		if (strcmp(bar, cases[i].bar) != 0)
			fail_msg("case %zu: '%s', expected '%s'", i, bar,
				 cases[i].bar);
		free(bar);
	}
}

static void chart_bar__ascii__whole_hashes(void **state)
{
	static const struct {
		int64_t value, max;
		size_t cells;
		const char *bar;
	} cases[] = {
		{10, 10, 10, "##########"},
		{5, 10, 10, "#####"},
		{1, 1000, 10, "#"},
		{0, 10, 10, ""},
		{3, 4, 2, "##"}, /* 1.5 rounds up */
	};

	for (size_t i = 0; i < COUNT(cases); i++) {
		char *bar = chart_bar(cases[i].value, cases[i].max,
				      cases[i].cells, false);

		assert_non_null(bar);
		assert_string_equal(bar, cases[i].bar);
		free(bar);
	}
}

static void chart_bar__full_width__never_more_than_cells(void **state)
{
	for (int64_t v = 1; v <= 97; v++) {
		char *bar = chart_bar(v, 97, 40, true);

		assert_non_null(bar);
		/* Every cell is 3 bytes, the partial one too. */
		assert_true(strlen(bar) <= 40 * 3);
		assert_int_equal(strlen(bar) % 3, 0);
		free(bar);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(chart_bar__table__eighths),
		cmocka_unit_test(chart_bar__ascii__whole_hashes),
		cmocka_unit_test(chart_bar__full_width__never_more_than_cells),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
