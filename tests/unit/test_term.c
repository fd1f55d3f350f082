/*
 * test_term.c - telling a UTF-8 terminal from the locale, and the line
 * reader: bytes through readline to lines held to a cap (here fed from a
 * pipe; at a pseudo-terminal by tests/e2e/quiz_tty.py and kiosk.py).
 */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <readline/readline.h>

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

/* The line reader */

#define MAX_RESULTS 8

/* What the reader made of input, at most MAX_RESULTS results up to the
 * end of input; drain_after_refusal calls term_reader_drain after each
 * refusal, as the quiz does. */
struct reading {
	enum term_read status[MAX_RESULTS];
	char line[MAX_RESULTS][64];
	size_t count;
};

static void read_lines(const char *input, size_t len, size_t cap,
		       bool drain_after_refusal, struct reading *out)
{
	struct term_reader *r = calloc(1, sizeof(*r));
	int fds[2];

	assert_non_null(r);
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], input, len), (ssize_t)len);
	close(fds[1]);
	r->fd = fds[0];
	r->cap = cap;
	r->wake_fd = -1;
	memset(out, 0, sizeof(*out));
	term_reader_begin(r);
	for (;;) {
		char *line = NULL;
		enum term_read status = term_read_line(r, "> ", &line);

		if (status == TERM_EOF) {
			assert_null(line);
			break;
		}
		assert_true(out->count < MAX_RESULTS);
		out->status[out->count] = status;
		if (line) {
			assert_true(strlen(line) <= cap);
			snprintf(out->line[out->count], 64, "%s", line);
			free(line);
		}
		out->count++;
		if (status == TERM_TOO_LONG && drain_after_refusal)
			term_reader_drain(r);
	}
	term_reader_end(r);
	close(fds[0]);
	free(r);
}

static int setup_readline(void **state)
{
	setenv("TERM", "xterm", 1);
	setenv("INPUTRC", "/dev/null", 1);
	rl_instream = fopen("/dev/null", "r");
	rl_outstream = fopen("/dev/null", "w");
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_change_environment = 0;
	rl_initialize();
	return rl_instream && rl_outstream ? 0 : -1;
}

static int teardown_readline(void **state)
{
	fclose(rl_instream);
	fclose(rl_outstream);
	return 0;
}

#define READ(input, cap, drain, out) \
	read_lines(input, sizeof(input) - 1, cap, drain, out)

static void term_read_line__lines__each_whole(void **state)
{
	struct reading r;

	READ("abcd\rnone\r\r", 4, false, &r);
	assert_int_equal(r.count, 3);
	assert_int_equal(r.status[0], TERM_LINE);
	assert_string_equal(r.line[0], "abcd");
	assert_string_equal(r.line[1], "none");
	assert_int_equal(r.status[2], TERM_LINE);
	assert_string_equal(r.line[2], "");
}

static void term_read_line__one_past_cap__refused(void **state)
{
	struct reading r;

	/* Refused once the fifth byte is in; the rest starts a line. */
	READ("abcdefg\r", 4, false, &r);
	assert_int_equal(r.count, 2);
	assert_int_equal(r.status[0], TERM_TOO_LONG);
	assert_int_equal(r.status[1], TERM_LINE);
	assert_string_equal(r.line[1], "fg");
}

static void term_reader_drain__after_refusal__rest_dropped(void **state)
{
	struct reading r;

	/* A pipe is never quiet before its end: all of it goes. */
	READ("abcdefgh\rnone\r", 4, true, &r);
	assert_int_equal(r.count, 1);
	assert_int_equal(r.status[0], TERM_TOO_LONG);
}

static void term_read_line__bracketed_paste__counted(void **state)
{
	struct reading r;

	READ("\033[200~ab\033[201~\r\033[200~abcdefgh\033[201~\rok\r", 4,
	     false, &r);
	assert_int_equal(r.count, 4);
	assert_int_equal(r.status[0], TERM_LINE);
	assert_string_equal(r.line[0], "ab");
	/* Past the cap the rest of the paste is dropped, not typed. */
	assert_int_equal(r.status[1], TERM_TOO_LONG);
	assert_int_equal(r.status[2], TERM_LINE);
	assert_string_equal(r.line[2], "");
	assert_string_equal(r.line[3], "ok");
}

static void term_read_line__paste_to_the_cap__taken(void **state)
{
	struct reading r;

	READ("x\033[200~abc\033[201~\r", 4, false, &r);
	assert_int_equal(r.count, 1);
	assert_int_equal(r.status[0], TERM_LINE);
	assert_string_equal(r.line[0], "xabc");
}

static void term_read_line__unterminated_paste__closed(void **state)
{
	struct reading r;

	/* The end of input inside a paste: readline's paste is closed,
	 * and the half line is given up. */
	READ("\033[200~abcdefgh", 4, false, &r);
	assert_int_equal(r.count, 1);
	assert_int_equal(r.status[0], TERM_TOO_LONG);
	READ("\033[200~ab", 4, false, &r);
	assert_int_equal(r.count, 0);
}

static void term_read_line__line_cut_by_end__given_up(void **state)
{
	struct reading r;

	READ("yes\rhalf an answer", 64, false, &r);
	assert_int_equal(r.count, 1);
	assert_string_equal(r.line[0], "yes");
}

static void term_read_line__risky_keys__do_nothing(void **state)
{
	struct reading r;

	/* A numeric argument of 99 before x, and character search (Ctrl-]
	 * ESC x), on which readline 8.2's callback interface reads memory
	 * it should not (the ASan build of this test catches it); the ESC x
	 * that follows is M-x, which nothing is bound to. */
	READ("\0339\0339x\r\035\033x\rok\r", 4, false, &r);
	assert_int_equal(r.count, 3);
	assert_int_equal(r.status[0], TERM_LINE);
	assert_true(strlen(r.line[0]) <= 2);
	assert_string_equal(r.line[2], "ok");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(term_is_utf8__known_locales__by_codeset),
		cmocka_unit_test(term_is_utf8__unknown_locale__by_its_name),
		cmocka_unit_test(term_is_utf8__any__program_locale_kept),
	};
	const struct CMUnitTest reader_tests[] = {
		cmocka_unit_test(term_read_line__lines__each_whole),
		cmocka_unit_test(term_read_line__one_past_cap__refused),
		cmocka_unit_test(term_reader_drain__after_refusal__rest_dropped),
		cmocka_unit_test(term_read_line__bracketed_paste__counted),
		cmocka_unit_test(term_read_line__paste_to_the_cap__taken),
		cmocka_unit_test(term_read_line__unterminated_paste__closed),
		cmocka_unit_test(term_read_line__line_cut_by_end__given_up),
		cmocka_unit_test(term_read_line__risky_keys__do_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL) |
	       cmocka_run_group_tests(reader_tests, setup_readline,
				      teardown_readline);
}
