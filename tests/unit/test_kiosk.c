/*
 * test_kiosk.c - the kiosk's pure parts: --idle and --grace values, the
 * crash-loop back-off, and readline locked down for a session. The kiosk
 * at a terminal is tested end to end by tests/e2e/kiosk.py.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <readline/readline.h>

#include "kiosk.h"
#include "visit.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

#define CTRL_X_CTRL_R "\030\022"

struct seconds_case {
	const char *text;
	bool is_valid;
	unsigned seconds;
};

static const struct seconds_case seconds_cases[] = {
	{"1", true, 1},	     {"90", true, 90},
	{"007", true, 7},    {"86400", true, 86400},
	{"86401", false, 0}, {"99999999999999999999999", false, 0},
	{"0", false, 0},     {"000", false, 0},
	{"", false, 0},	     {"-1", false, 0},
	{"+5", false, 0},    {" 5", false, 0},
	{"5 ", false, 0},    {"1.5", false, 0},
	{"1e3", false, 0},   {"0x10", false, 0},
	{"ten", false, 0},
};

static void
kiosk_parse_seconds__table__whole_positive_numbers_only(void **state)
{
	for (size_t i = 0; i < COUNT(seconds_cases); i++) {
		const struct seconds_case *c = &seconds_cases[i];
		unsigned seconds = 12345;
		bool ok = kiosk_parse_seconds(c->text, &seconds);

		if (ok != c->is_valid)
			fail_msg("'%s': expected %s", c->text,
				 c->is_valid ? "valid" : "refused");
		assert_int_equal(seconds, c->is_valid ? c->seconds : 12345);
	}
	assert_false(kiosk_parse_seconds(NULL, &(unsigned){0}));
}

static void kiosk_backoff__quick_crashes__double_up_to_the_maximum(void **state)
{
	static const unsigned expected[] = {1, 2, 4, 8, 16, 32, 60, 60, 60};
	unsigned delay = 0;

	for (size_t i = 0; i < COUNT(expected); i++)
		assert_int_equal(kiosk_backoff(&delay, 100, true), expected[i]);
}

static void kiosk_backoff__normal_end__starts_again(void **state)
{
	unsigned delay = 0;

	kiosk_backoff(&delay, 0, true);
	kiosk_backoff(&delay, 0, true);
	assert_int_equal(delay, 2);
	assert_int_equal(kiosk_backoff(&delay, 1000, false), 0);
	assert_int_equal(delay, 0);
	assert_int_equal(kiosk_backoff(&delay, 0, true), 1);
}

static void kiosk_backoff__long_lived_crash__starts_again(void **state)
{
	unsigned delay = 0;

	kiosk_backoff(&delay, 0, true);
	kiosk_backoff(&delay, 0, true);
	kiosk_backoff(&delay, 0, true);
	assert_int_equal(delay, 4);
	assert_int_equal(kiosk_backoff(&delay, 30001, true), 0);
	assert_int_equal(delay, 0);
	assert_int_equal(kiosk_backoff(&delay, 4999, true), 1);
}

static void kiosk_backoff__crash_after_a_while__no_wait_no_reset(void **state)
{
	unsigned delay = 0;

	kiosk_backoff(&delay, 0, true);
	kiosk_backoff(&delay, 0, true);
	assert_int_equal(kiosk_backoff(&delay, 5000, true), 0);
	assert_int_equal(kiosk_backoff(&delay, 30000, true), 0);
	assert_int_equal(delay, 2);
	assert_int_equal(kiosk_backoff(&delay, 10, true), 4);
}

static void visit_lock_readline__init_file_and_its_key__kept_out(void **state)
{
	static const char *const keymaps[] = {
		"emacs-standard", "emacs-meta", "emacs-ctlx",
		"vi-move",	  "vi-insert",
	};

	/* Bound by default, so that the checks below mean something. */
	assert_true(rl_function_of_keyseq(CTRL_X_CTRL_R,
					  rl_get_keymap_by_name("emacs"),
					  NULL) == rl_re_read_init_file);

	/* An init file in the environment must not be the one read. */
	setenv("INPUTRC", "/nonexistent/inputrc", 1);
	assert_int_equal(visit_lock_readline(), 0);
	assert_string_equal(getenv("INPUTRC"), "/dev/null");
	assert_int_equal(rl_catch_signals, 0);
	assert_int_equal(rl_catch_sigwinch, 0);
	assert_int_equal(rl_change_environment, 0);

	assert_true(rl_function_of_keyseq(CTRL_X_CTRL_R,
					  rl_get_keymap_by_name("emacs"),
					  NULL) != rl_re_read_init_file);
	for (size_t i = 0; i < COUNT(keymaps); i++) {
		Keymap map = rl_get_keymap_by_name(keymaps[i]);

		assert_non_null(map);
		for (int key = 0; key < KEYMAP_SIZE; key++) {
			if (map[key].type != ISFUNC)
				continue;
			if (map[key].function == rl_re_read_init_file ||
			    map[key].function == rl_tilde_expand ||
			    map[key].function == rl_vi_tilde_expand)
				fail_msg("%s: key %d is still bound",
					 keymaps[i], key);
		}
	}
	assert_null(rl_invoking_keyseqs(rl_re_read_init_file));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			kiosk_parse_seconds__table__whole_positive_numbers_only),
		cmocka_unit_test(
			kiosk_backoff__quick_crashes__double_up_to_the_maximum),
		cmocka_unit_test(kiosk_backoff__normal_end__starts_again),
		cmocka_unit_test(kiosk_backoff__long_lived_crash__starts_again),
		cmocka_unit_test(
			kiosk_backoff__crash_after_a_while__no_wait_no_reset),
		cmocka_unit_test(
			visit_lock_readline__init_file_and_its_key__kept_out),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
