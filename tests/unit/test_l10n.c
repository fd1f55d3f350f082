/*
 * test_l10n.c - the language a person reads runcheck in: the one the
 * environment names, as gettext reads it, and English's words, which need
 * no catalog. (The catalogs themselves, and the words in other languages,
 * are tests/e2e/languages.py's: they need the built catalogs beside the
 * program.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "l10n.h"
#include "lang.h"

static const char *const vars[] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"};

/* Sets the four variables gettext reads (NULL: unset). */
static void set_env(const char *language, const char *lc_all,
		    const char *lc_messages, const char *lang)
{
	const char *const values[] = {language, lc_all, lc_messages, lang};

	for (size_t i = 0; i < sizeof(vars) / sizeof(*vars); i++) {
		if (values[i])
			assert_int_equal(setenv(vars[i], values[i], 1), 0);
		else
			assert_int_equal(unsetenv(vars[i]), 0);
	}
}

static const char *env_tag(void)
{
	return l10n_from_env()->tag;
}

static void l10n_from_env__language_list__first_one_spoken(void **state)
{
	(void)state;
	set_env("fr:vi_VN:zh_CN", "de_DE.UTF-8", NULL, NULL);
	assert_string_equal(env_tag(), "vi");
	set_env("zh_CN.UTF-8", NULL, NULL, "vi_VN.UTF-8");
	assert_string_equal(env_tag(), "zh-Hans");
	set_env("en:vi", NULL, NULL, NULL);
	assert_string_equal(env_tag(), "en");
}

static void l10n_from_env__locale_variables__first_set_wins(void **state)
{
	(void)state;
	/* LANGUAGE names nothing spoken: the locale variables decide. */
	set_env("fr", "zh_CN.UTF-8", "vi_VN", "en_AU.UTF-8");
	assert_string_equal(env_tag(), "zh-Hans");
	set_env("", "", "vi_VN.UTF-8@euro", "zh_CN");
	assert_string_equal(env_tag(), "vi");
	/* The first set is not spoken: English, as gettext would not look
	 * at LANG either. */
	set_env(NULL, "de_DE.UTF-8", NULL, "vi_VN");
	assert_string_equal(env_tag(), "en");
	set_env(NULL, NULL, NULL, "C.UTF-8");
	assert_string_equal(env_tag(), "en");
	set_env(NULL, NULL, NULL, NULL);
	assert_string_equal(env_tag(), "en");
}

static void l10n_from_env__traditional_chinese__not_simplified(void **state)
{
	(void)state;
	set_env(NULL, NULL, NULL, "zh_TW.UTF-8");
	assert_string_equal(env_tag(), "en");
	set_env("zh_TW:zh_HK", NULL, NULL, NULL);
	assert_string_equal(env_tag(), "en");
}

static void l10n_take_lang__names__bcp47_and_posix(void **state)
{
	static const char *const zh[] = {"zh-Hans", "zh_Hans", "zh-CN",
					 "zh_CN",   "zh",      "ZH-HANS"};
	const struct lang *lang = NULL;

	(void)state;
	for (size_t i = 0; i < sizeof(zh) / sizeof(*zh); i++) {
		assert_true(l10n_take_lang(zh[i], &lang));
		assert_string_equal(lang->posix, "zh_Hans");
	}
	assert_true(l10n_take_lang("vi_VN", &lang));
	assert_string_equal(lang->tag, "vi");
	lang = NULL;
	assert_false(l10n_take_lang("fr", &lang));
	assert_null(lang);
}

static void l10n_english__words__need_no_catalog(void **state)
{
	static const char line[] = "  quay lai ";

	(void)state;
	assert_true(l10n_use(lang_at(0)));
	assert_string_equal(l10n_current()->tag, "en");
	/* In English a line is always itself: the engine reads it. */
	assert_ptr_equal(l10n_english_word(line, TREE_YESNO), line);
	assert_ptr_equal(l10n_english_word("yes", TREE_YESNO), "yes");
	assert_true(l10n_is_yes(" Y "));
	assert_true(l10n_is_yes("yes"));
	assert_true(l10n_is_no("N"));
	assert_true(l10n_is_no(" no\t"));
	assert_false(l10n_is_yes("no"));
	assert_false(l10n_is_no("nope"));
	assert_false(l10n_is_yes(""));
	assert_true(l10n_is_reviewed(lang_at(0), NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			l10n_from_env__language_list__first_one_spoken),
		cmocka_unit_test(
			l10n_from_env__locale_variables__first_set_wins),
		cmocka_unit_test(
			l10n_from_env__traditional_chinese__not_simplified),
		cmocka_unit_test(l10n_take_lang__names__bcp47_and_posix),
		cmocka_unit_test(l10n_english__words__need_no_catalog),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
