/*
 * test_pot.c - the gettext template writer: PO strings escaped and split
 * at line breaks as gettext writes them, and a template's entries in the
 * order and with the places tree_each_text gives.
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
#include "pot.h"

/* What pot_write_string writes for keyword and text, in a new string. */
static char *written(const char *keyword, const char *text)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);

	assert_non_null(f);
	pot_write_string(f, keyword, text);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void assert_written(const char *keyword, const char *text,
			   const char *want)
{
	char *got = written(keyword, text);

	assert_string_equal(got, want);
	free(got);
}

static void test_string_escapes(void **state)
{
	assert_written("msgid", "plain", "msgid \"plain\"\n");
	assert_written("msgid", "a \"quote\" and a \\",
		       "msgid \"a \\\"quote\\\" and a \\\\\"\n");
	assert_written("msgid", "tab\there\r", "msgid \"tab\\there\\r\"\n");
	assert_written("msgid", "bell\a", "msgid \"bell\\007\"\n");
	assert_written("msgctxt", "", "msgctxt \"\"\n");
	/* UTF-8 is written as it is. */
	assert_written("msgstr", "Đầu gối 膝", "msgstr \"Đầu gối 膝\"\n");
}

static void test_string_lines(void **state)
{
	/* A final line break alone keeps the string on one line. */
	assert_written("msgid", "One paragraph.\n",
		       "msgid \"One paragraph.\\n\"\n");
	assert_written("msgid", "Line one\nLine two\n",
		       "msgid \"\"\n\"Line one\\n\"\n\"Line two\\n\"\n");
	assert_written("msgid", "a\n\nb",
		       "msgid \"\"\n\"a\\n\"\n\"\\n\"\n\"b\"\n");
}

static const char tree_yaml[] = "format: runcheck/2\n"
				"id: t\n"
				"title: T\n"
				"version: \"3\"\n"
				"start: q\n"
				"disclaimer: D\n"
				"questions:\n"
				"  q:\n"
				"    type: yesno\n"
				"    ask: \"Say \\\"yes\\\"?\"\n"
				"    yes: o\n"
				"    no: o\n"
				"outcomes:\n"
				"  o:\n"
				"    condition: C\n"
				"    triage: gp\n"
				"    summary: S\n";

static void test_template(void **state)
{
	struct tree *tree = helper_load_tree(tree_yaml);
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);
	char domain[POT_DOMAIN_SIZE];

	pot_write_tree(f, tree, "t.yaml");
	assert_int_equal(fclose(f), 0);
	assert_non_null(strstr(buf,
			       "\"Project-Id-Version: runcheck-tree-t\\n\"\n"
			       "\"Report-Msgid-Bugs-To: \\n\"\n"));
	assert_non_null(strstr(buf, "\"X-Runcheck-Tree: t\\n\"\n"
				    "\"X-Runcheck-Tree-Version: 3\\n\"\n"
				    "\"X-Runcheck-Status: draft\\n\"\n"));
	assert_non_null(strstr(buf,
			       "\n#. A question, as the person is asked "
			       "it.\n#: t.yaml:10\n"
			       "msgctxt \"question q ask\"\n"
			       "msgid \"Say \\\"yes\\\"?\"\nmsgstr \"\"\n"));
	/* In the order of the file's sections; nothing dated. */
	assert_true(strstr(buf, "\"tree title\"") <
		    strstr(buf, "\"tree disclaimer\""));
	assert_true(strstr(buf, "\"question q ask\"") <
		    strstr(buf, "\"outcome o condition\""));
	assert_null(strstr(buf, "POT-Creation-Date"));
	assert_null(strstr(buf, "question q label"));
	pot_tree_domain(tree, domain);
	assert_string_equal(domain, "runcheck-tree-t");
	free(buf);
	tree_free(tree);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_string_escapes),
		cmocka_unit_test(test_string_lines),
		cmocka_unit_test(test_template),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
