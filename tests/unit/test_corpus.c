/*
 * test_corpus.c - the YAML test suite's inputs (tests/data/yaml-test-suite)
 * through every loader: built, checked only, as a clinic file, and sniffed
 * for its format. Each loads or is refused with diagnostics; none crashes,
 * runs out of memory or (under ASan, in make asan) leaks.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "clinic.h"
#include "diag.h"
#include "source.h"
#include "tree.h"

#define CORPUS "tests/data/yaml-test-suite"

static bool is_yaml(const char *name)
{
	size_t len = strlen(name);

	return len > 5 && strcmp(name + len - 5, ".yaml") == 0;
}

/* A status that says the input was judged: loaded or refused with words. */
static void expect_judged(const char *what, const char *path,
			  enum yread_status status, const struct diag_list *d)
{
	if (status == YREAD_OK)
		return;
	if (status != YREAD_INVALID || d->error_count == 0)
		fail_msg("%s: %s: status %d with %zu errors", path, what,
			 (int)status, d->error_count);
}

static void loaders__yaml_test_suite__load_or_diagnose(void **state)
{
	DIR *dir = opendir(CORPUS);
	struct dirent *e;
	size_t files = 0, loaded = 0;

	(void)state;
	assert_non_null(dir);
	while ((e = readdir(dir)) != NULL) {
		struct diag_list d = {.file = e->d_name, .max_kept = 100};
		enum yread_status status;
		struct tree *tree = NULL;
		struct clinic *clinic = NULL;
		char path[512];
		struct source src;
		const char *text;
		size_t len;

		if (!is_yaml(e->d_name))
			continue;
		snprintf(path, sizeof path, "%s/%s", CORPUS, e->d_name);
		assert_int_equal(source_open(path, &src, &d), YREAD_OK);
		assert_int_equal(source_read_text(&src, &d), YREAD_OK);
		text = src.text;
		len = src.len;
		files++;

		status = tree_load_buffer(text, len, &d, &tree);
		expect_judged("tree", path, status, &d);
		loaded += status == YREAD_OK;
		tree_free(tree);
		diag_list_clear(&d);

		expect_judged("check", path, tree_check_buffer(text, len, &d),
			      &d);
		diag_list_clear(&d);

		status = clinic_load_buffer(text, len, &d, &clinic);
		expect_judged("clinic", path, status, &d);
		clinic_free(clinic);
		diag_list_clear(&d);

		/* The sniff reads a stream as it reads a buffer. */
		assert_int_equal(clinic_is_clinic(text, len),
				 clinic_is_clinic_stream(src.file));
		status = tree_check_stream(src.file, &d);
		expect_judged("stream", path, status, &d);
		diag_list_clear(&d);
		source_close(&src);
	}
	closedir(dir);
	/* The whole suite is there, and none of it is a runcheck tree. */
	assert_true(files >= 400);
	assert_int_equal(loaded, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(loaders__yaml_test_suite__load_or_diagnose),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
