/*
 * test_diag.c - diagnostics: the source line and caret after each one
 * (columns with tabs, UTF-8, wide and combining characters, control
 * characters sanitised, long lines cut), the cap on how many are kept,
 * and the shape warnings that a file with errors leaves out.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "diag.h"

struct excerpt_case {
	const char *name;
	const char *text;
	uint32_t line;
	uint32_t column;
	const char *expect; /* NULL: no excerpt */
};

static const struct excerpt_case excerpt_cases[] = {
	{"first line, first column", "ab: c\n", 1, 1, " ab: c\n ^\n"},
	{"second line", "a: 1\nbee: 2\n", 2, 6, " bee: 2\n      ^\n"},
	{"no newline at the end", "a: 1\nb", 2, 1, " b\n ^\n"},
	{"CR LF and CR end lines", "a\r\nb\rc: d\n", 3, 4, " c: d\n    ^\n"},
	{"U+2028 ends a line, as in libyaml",
	 "a\xE2\x80\xA8"
	 "bc\n",
	 2, 2, " bc\n  ^\n"},
	{"a tab moves to the next multiple of 8", "\tab: c\n", 1, 2,
	 "         ab: c\n         ^\n"},
	{"a tab after text", "ab\tc\n", 1, 4, " ab      c\n         ^\n"},
	{"the caret on a tab", "  \tx\n", 1, 3, "         x\n   ^\n"},
	{"columns count code points: two-byte characters",
	 "\xC3\xA9t\xC3\xA9: x\n", 1, 5, " \xC3\xA9t\xC3\xA9: x\n     ^\n"},
	{"a wide character takes two columns", "\xE6\x97\xA5: x\n", 1, 3,
	 " \xE6\x97\xA5: x\n    ^\n"},
	{"a combining character takes none", "e\xCC\x81: x\n", 1, 4,
	 " e\xCC\x81: x\n   ^\n"},
	{"an escape is shown as U+FFFD, one column", "a\x1B[31mb: x\n", 1, 7,
	 " a\xEF\xBF\xBD[31mb: x\n       ^\n"},
	{"a bidi override is shown as U+FFFD",
	 "a\xE2\x80\xAE"
	 "b: x\n",
	 1, 3,
	 " a\xEF\xBF\xBD"
	 "b: x\n   ^\n"},
	{"bad UTF-8 is shown as U+FFFD",
	 "a\xFF"
	 "b\n",
	 1, 3,
	 " a\xEF\xBF\xBD"
	 "b\n   ^\n"},
	{"a byte-order mark is not a column",
	 "\xEF\xBB\xBF"
	 "ab\n",
	 1, 2, " ab\n  ^\n"},
	{"past the end of the line: under its end", "ab\n", 1, 9,
	 " ab\n   ^\n"},
	{"an empty line", "a\n\nb\n", 2, 1, " \n ^\n"},
	{"no such line", "a\n", 5, 1, NULL},
	{"no line known", "a\n", 0, 0, NULL},
};

static void diag_excerpt__cases__line_and_caret(void **state)
{
	size_t i, failures = 0;

	(void)state;
	for (i = 0; i < sizeof excerpt_cases / sizeof *excerpt_cases; i++) {
		const struct excerpt_case *c = &excerpt_cases[i];
		struct diag_cursor cursor = {0};
		char *got = diag_excerpt(c->text, strlen(c->text),
					 (struct diag_pos){c->line, c->column},
					 &cursor);

		if ((got == NULL) != (c->expect == NULL) ||
		    (got != NULL && strcmp(got, c->expect) != 0)) {
			print_error("case '%s': expected\n%sgot\n%s", c->name,
				    c->expect ? c->expect : "(none)\n",
				    got ? got : "(none)\n");
			failures++;
		}
		free(got);
	}
	assert_int_equal(failures, 0);
}

/* Every line of an excerpt starts with a space: no tool reading
 * FILE:LINE:COLUMN: lines can take one for a diagnostic. */
static void diag_excerpt__every_line__starts_with_space(void **state)
{
	static const char text[] = "a:1:2: error: x\n";
	struct diag_cursor cursor = {0};
	char *got = diag_excerpt(text, strlen(text), (struct diag_pos){1, 3},
				 &cursor);

	(void)state;
	assert_non_null(got);
	assert_string_equal(got, " a:1:2: error: x\n   ^\n");
	free(got);
}

/* A line of a megabyte is cut around the caret, with "..." on both sides. */
static void diag_excerpt__long_line__cut_around_caret(void **state)
{
	size_t len = 1 << 20;
	char *text = malloc(len + 1);
	struct diag_cursor cursor = {0};
	char *got;

	(void)state;
	assert_non_null(text);
	memset(text, 'a', len);
	text[500000] = 'X';
	text[len] = '\0';
	got = diag_excerpt(text, len, (struct diag_pos){1, 500001}, &cursor);
	assert_non_null(got);
	assert_true(strlen(got) < 400);
	assert_memory_equal(got, " ...", 4);
	/* The caret stands under the X. */
	{
		const char *nl = strchr(got, '\n');
		const char *x = strchr(got, 'X');
		const char *caret = strchr(nl + 1, '^');

		assert_non_null(x);
		assert_int_equal(x - got, caret - (nl + 1));
		assert_memory_equal(nl - 3, "...", 3);
	}
	free(got);
	free(text);
}

/* Excerpts taken in order of line reuse the cursor; one taken for an
 * earlier line after a later one still finds its line. */
static void diag_excerpt__cursor__any_order(void **state)
{
	static const char text[] = "one\ntwo\nthree\n";
	struct diag_cursor cursor = {0};
	char *a = diag_excerpt(text, strlen(text), (struct diag_pos){3, 1},
			       &cursor);
	char *b = diag_excerpt(text, strlen(text), (struct diag_pos){1, 2},
			       &cursor);

	(void)state;
	assert_string_equal(a, " three\n ^\n");
	assert_string_equal(b, " one\n  ^\n");
	free(a);
	free(b);
}

/* Past the cap, diagnostics are counted, not kept. */
static void diag_add__past_cap__counted_not_kept(void **state)
{
	struct diag_list d = {.file = "f", .max_kept = 3};
	int i;

	(void)state;
	for (i = 0; i < 100000; i++)
		diag_add(&d, DIAG_ERROR, (struct diag_pos){(uint32_t)i + 1, 1},
			 "error %d", i);
	for (i = 0; i < 5; i++)
		diag_add(&d, DIAG_WARNING, (struct diag_pos){1, 1},
			 "warning %d", i);
	assert_int_equal(d.error_count, 100000);
	assert_int_equal(d.dropped_errors, 100000 - 3);
	assert_int_equal(d.warning_count, 5);
	assert_int_equal(d.dropped_warnings, 2);
	assert_int_equal(d.count, 6);
	assert_true(d.capacity < 16);
	assert_string_equal(d.items[2].message, "error 2");
	assert_true(diag_is_full(&d, DIAG_ERROR));
	diag_list_clear(&d);
	assert_int_equal(d.max_kept, 3);
	assert_int_equal(d.dropped_errors, 0);
}

/* Without a cap (max_kept 0), every diagnostic is kept. */
static void diag_add__no_cap__all_kept(void **state)
{
	struct diag_list d = {.file = "f"};
	int i;

	(void)state;
	for (i = 0; i < 1000; i++)
		diag_add(&d, DIAG_ERROR, (struct diag_pos){1, 1}, "e");
	assert_int_equal(d.count, 1000);
	assert_false(diag_is_full(&d, DIAG_ERROR));
	diag_list_clear(&d);
}

static void diag_drop_shape__mixed__only_shape_warnings_go(void **state)
{
	struct diag_list d = {.file = "f"};

	(void)state;
	diag_add_shape(&d, (struct diag_pos){1, 1}, "unreached a");
	diag_add(&d, DIAG_WARNING, (struct diag_pos){2, 1}, "plain");
	diag_add(&d, DIAG_ERROR, (struct diag_pos){3, 1}, "error");
	diag_add_shape(&d, (struct diag_pos){4, 1}, "unreached b");
	diag_drop_shape(&d);
	assert_int_equal(d.count, 2);
	assert_int_equal(d.warning_count, 1);
	assert_int_equal(d.error_count, 1);
	assert_string_equal(d.items[0].message, "plain");
	assert_string_equal(d.items[1].message, "error");
	diag_list_clear(&d);
}

/* A file name is text from outside: printed, it holds no escape. */
static void diag_list_set_file__escape__sanitised(void **state)
{
	struct diag_list d = {0};

	(void)state;
	assert_true(diag_list_set_file(&d, "x\x1B]0;PWNED\a\xE2\x80\xAE.yaml"));
	assert_string_equal(d.file, "x\xEF\xBF\xBD]0;PWNED\xEF\xBF\xBD"
				    "\xEF\xBF\xBD.yaml");
	diag_list_clear(&d);
	assert_null(d.file);
}

/* A message quoting a key with an escape or a bidi override is clean. */
static void diag_add__unsafe_text__sanitised(void **state)
{
	struct diag_list d = {.file = "f"};

	(void)state;
	diag_add(&d, DIAG_ERROR, (struct diag_pos){1, 1}, "key '%s'",
		 "a\x1B[2Jb\xE2\x81\xA6"
		 "c\n");
	assert_string_equal(d.items[0].message,
			    "key 'a\xEF\xBF\xBD[2Jb\xEF\xBF\xBD"
			    "c\xEF\xBF\xBD'");
	diag_list_clear(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(diag_excerpt__cases__line_and_caret),
		cmocka_unit_test(diag_excerpt__every_line__starts_with_space),
		cmocka_unit_test(diag_excerpt__long_line__cut_around_caret),
		cmocka_unit_test(diag_excerpt__cursor__any_order),
		cmocka_unit_test(diag_add__past_cap__counted_not_kept),
		cmocka_unit_test(diag_add__no_cap__all_kept),
		cmocka_unit_test(
			diag_drop_shape__mixed__only_shape_warnings_go),
		cmocka_unit_test(diag_list_set_file__escape__sanitised),
		cmocka_unit_test(diag_add__unsafe_text__sanitised),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
