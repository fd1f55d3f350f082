/*
 * test_term.c - telling a UTF-8 terminal from the locale.
 */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "term.h"

static void set_locale_env(const char *all, const char *ctype,
			   const char *lang)
{
	if (all)
		setenv("LC_ALL", all, 1);
	else
		unsetenv("LC_ALL");
	if (ctype)
		setenv("LC_CTYPE", ctype, 1);
	else
		unsetenv("LC_CTYPE");
	if (lang)
		setenv("LANG", lang, 1);
	else
		unsetenv("LANG");
}

static void term_is_utf8__known_locales__by_codeset(void **state)
{
	set_locale_env("C.UTF-8", NULL, NULL);
	assert_true(term_is_utf8());
	set_locale_env("C", NULL, "C.UTF-8");
	assert_false(term_is_utf8());
	set_locale_env(NULL, "C.UTF-8", "C");
	assert_true(term_is_utf8());
	set_locale_env(NULL, NULL, NULL);
	assert_false(term_is_utf8());
}

static void term_is_utf8__unknown_locale__by_its_name(void **state)
{
	set_locale_env("xx_YY.UTF-8", NULL, NULL);
	assert_true(term_is_utf8());
	set_locale_env(NULL, NULL, "zz_ZZ.utf8");
	assert_true(term_is_utf8());
	set_locale_env("xx_YY.ISO-8859-1", NULL, NULL);
	assert_false(term_is_utf8());
}

static void term_is_utf8__any__program_locale_kept(void **state)
{
	char before[64];

	snprintf(before, sizeof(before), "%s", setlocale(LC_CTYPE, NULL));
	set_locale_env("C.UTF-8", NULL, NULL);
	assert_true(term_is_utf8());
	assert_string_equal(setlocale(LC_CTYPE, NULL), before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(term_is_utf8__known_locales__by_codeset),
		cmocka_unit_test(term_is_utf8__unknown_locale__by_its_name),
		cmocka_unit_test(term_is_utf8__any__program_locale_kept),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
