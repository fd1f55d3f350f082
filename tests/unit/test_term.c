/*
 * test_term.c - the terminal layer: its policy (width, rows, colour,
 * accessibility, telling a UTF-8 terminal from the locale), the wait for
 * input, a wake-up or a deadline on the one wake pipe (with pipes, a
 * socketpair, a pseudo-terminal and a real signal), and the line reader:
 * bytes through readline to lines held to a cap (here fed from a pipe; at
 * a pseudo-terminal by tests/e2e/quiz_tty.py and kiosk.py).
 */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <signal.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cmocka.h>
#include <readline/readline.h>

#include "term.h"

static void set_locale_env(const char *all, const char *ctype, const char *lang)
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

/* The policy */

/* An environment variable set, or unset for NULL. */
static void set_env(const char *name, const char *value)
{
	if (value)
		setenv(name, value, 1);
	else
		unsetenv(name);
}

/* A pseudo-terminal of cols by rows: its slave as a FILE, and the
 * master's descriptor in *master (both for the caller to close). */
static FILE *open_pty(unsigned short cols, unsigned short rows, int *master)
{
	struct winsize ws = {.ws_row = rows, .ws_col = cols};
	const char *name;
	int slave;
	FILE *f;

	*master = posix_openpt(O_RDWR | O_NOCTTY);
	assert_true(*master >= 0);
	assert_int_equal(grantpt(*master), 0);
	assert_int_equal(unlockpt(*master), 0);
	name = ptsname(*master);
	assert_non_null(name);
	slave = open(name, O_RDWR | O_NOCTTY);
	assert_true(slave >= 0);
	assert_int_equal(ioctl(slave, TIOCSWINSZ, &ws), 0);
	f = fdopen(slave, "w");
	assert_non_null(f);
	return f;
}

static void term_width__not_a_terminal__columns_when_sane(void **state)
{
	static const struct {
		const char *columns;
		size_t width;
	} cases[] = {
		{NULL, 80},
		{"", 80},
		{"100", 100},
		{"20", 20},
		{"1000", 1000},
		{"19", 80},
		{"1001", 80},
		{"-40", 80},
		{"abc", 80},
		{"90x", 80},
		{"99999999999999999999", 80},
	};
	FILE *f = tmpfile();

	assert_non_null(f);
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		set_env("COLUMNS", cases[i].columns);
		assert_int_equal(term_width(f), cases[i].width);
	}
	/* Not a terminal: the rows are the default. */
	assert_int_equal(term_rows(f), 24);
	unsetenv("COLUMNS");
	fclose(f);
}

static void term_width__terminal__its_size_over_columns(void **state)
{
	int master;
	FILE *f = open_pty(132, 50, &master);

	setenv("COLUMNS", "60", 1);
	assert_int_equal(term_width(f), 132);
	assert_int_equal(term_rows(f), 50);
	unsetenv("COLUMNS");
	fclose(f);
	close(master);
}

static void term_is_accessible__values__set_and_not_zero(void **state)
{
	set_env("ACCESSIBLE", NULL);
	assert_false(term_is_accessible());
	set_env("ACCESSIBLE", "");
	assert_false(term_is_accessible());
	set_env("ACCESSIBLE", "0");
	assert_false(term_is_accessible());
	set_env("ACCESSIBLE", "1");
	assert_true(term_is_accessible());
	set_env("ACCESSIBLE", "yes");
	assert_true(term_is_accessible());
	unsetenv("ACCESSIBLE");
}

static void term_use_color__each_veto__no_colour(void **state)
{
	int master;
	FILE *tty = open_pty(80, 24, &master);
	FILE *file = tmpfile();

	assert_non_null(file);
	setenv("TERM", "xterm", 1);
	unsetenv("NO_COLOR");
	unsetenv("ACCESSIBLE");
	assert_true(term_use_color(tty, false));
	/* An empty NO_COLOR asks nothing. */
	setenv("NO_COLOR", "", 1);
	assert_true(term_use_color(tty, false));

	assert_false(term_use_color(file, false));
	assert_false(term_use_color(tty, true));
	setenv("NO_COLOR", "1", 1);
	assert_false(term_use_color(tty, false));
	unsetenv("NO_COLOR");
	setenv("TERM", "dumb", 1);
	assert_false(term_use_color(tty, false));
	setenv("TERM", "xterm", 1);
	setenv("ACCESSIBLE", "1", 1);
	assert_false(term_use_color(tty, false));
	unsetenv("ACCESSIBLE");
	fclose(file);
	fclose(tty);
	close(master);
}

/* The wait */

/* A pipe whose read end is fds[0]. */
static void make_pipe(int fds[2])
{
	assert_int_equal(pipe(fds), 0);
}

static void close_pair(int fds[2])
{
	close(fds[0]);
	close(fds[1]);
}

static void term_wait__nothing_comes__timeout_at_the_deadline(void **state)
{
	int fds[2];
	long long start;
	long long took;

	make_pipe(fds);
	start = term_now_ms();
	assert_int_equal(term_wait(fds[0], start + 60, NULL, NULL),
			 TERM_WAIT_TIMEOUT);
	took = term_now_ms() - start;
	assert_true(took >= 60);
	assert_true(took < 1000);
	close_pair(fds);
}

static void term_wait__input__at_once_even_past_the_deadline(void **state)
{
	int fds[2];
	long long start;

	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
	assert_int_equal(write(fds[1], "k", 1), 1);
	start = term_now_ms();
	assert_int_equal(term_wait(fds[0], -1, NULL, NULL), TERM_WAIT_INPUT);
	/* A key that came before the deadline is taken, not a timeout. */
	assert_int_equal(term_wait(fds[0], start - 1, NULL, NULL),
			 TERM_WAIT_INPUT);
	assert_true(term_now_ms() - start < 1000);
	close_pair(fds);
}

static void term_wait__writer_gone__end(void **state)
{
	int fds[2];

	make_pipe(fds);
	close(fds[1]);
	assert_int_equal(term_wait(fds[0], term_now_ms() + 5000, NULL, NULL),
			 TERM_WAIT_END);
	close(fds[0]);
	/* A descriptor that is not open ends the wait too. */
	assert_int_equal(term_wait(fds[0], term_now_ms() + 5000, NULL, NULL),
			 TERM_WAIT_END);
}

static int wake_calls;

static bool wake_counted_keep_waiting(void *ctx)
{
	(void)ctx;
	wake_calls++;
	return false;
}

static bool wake_stop_at_once(void *ctx)
{
	(void)ctx;
	wake_calls++;
	return true;
}

static void term_wait__woken_without_on_wake__stop(void **state)
{
	int fds[2];
	long long start;

	make_pipe(fds);
	assert_int_equal(term_wake_open(), 0);
	term_wake();
	term_wake();
	start = term_now_ms();
	assert_int_equal(term_wait(fds[0], -1, NULL, NULL), TERM_WAIT_STOP);
	assert_true(term_now_ms() - start < 1000);
	/* Both wake-ups were drained as one: the next wait times out. */
	assert_int_equal(term_wait(fds[0], term_now_ms() + 30, NULL, NULL),
			 TERM_WAIT_TIMEOUT);
	term_wake_close();
	close_pair(fds);
}

static void term_wait__on_wake_false__waits_to_the_deadline(void **state)
{
	int fds[2];

	make_pipe(fds);
	assert_int_equal(term_wake_open(), 0);
	term_wake();
	wake_calls = 0;
	assert_int_equal(term_wait(fds[0], term_now_ms() + 50,
				   wake_counted_keep_waiting, NULL),
			 TERM_WAIT_TIMEOUT);
	/* Before the wait, and after the one wake-up. */
	assert_int_equal(wake_calls, 2);
	term_wake_close();
	close_pair(fds);
}

static void term_wait__on_wake_true__stops_before_waiting(void **state)
{
	int fds[2];

	make_pipe(fds);
	assert_int_equal(write(fds[1], "k", 1), 1);
	wake_calls = 0;
	/* The flags are looked at before input: a stop asked for wins. */
	assert_int_equal(term_wait(fds[0], -1, wake_stop_at_once, NULL),
			 TERM_WAIT_STOP);
	assert_int_equal(wake_calls, 1);
	close_pair(fds);
}

static void term_wake_open__twice__one_pipe_until_the_last_close(void **state)
{
	int fds[2];

	make_pipe(fds);
	assert_int_equal(term_wake_open(), 0);
	assert_int_equal(term_wake_open(), 0);
	term_wake_close();
	/* One user is left: the pipe still wakes. */
	term_wake();
	assert_int_equal(term_wait(fds[0], term_now_ms() + 5000, NULL, NULL),
			 TERM_WAIT_STOP);
	term_wake_close();
	/* Closed: term_wake does nothing, and a wait times out. */
	term_wake();
	assert_int_equal(term_wait(fds[0], term_now_ms() + 30, NULL, NULL),
			 TERM_WAIT_TIMEOUT);
	close_pair(fds);
}

static void term_read__bytes_end_and_error__told_apart(void **state)
{
	char buf[16];
	size_t got = 99;
	int fds[2];

	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
	assert_int_equal(write(fds[1], "abc", 3), 3);
	assert_int_equal(term_read(fds[0], buf, sizeof(buf), -1, NULL, NULL,
				   &got),
			 TERM_WAIT_INPUT);
	assert_int_equal(got, 3);
	assert_memory_equal(buf, "abc", 3);
	/* Nothing more before the deadline: nothing read. */
	assert_int_equal(term_read(fds[0], buf, sizeof(buf), term_now_ms() + 20,
				   NULL, NULL, &got),
			 TERM_WAIT_TIMEOUT);
	assert_int_equal(got, 0);
	/* The other end gone: the end of input, errno 0. */
	close(fds[1]);
	errno = EINVAL;
	assert_int_equal(term_read(fds[0], buf, sizeof(buf), -1, NULL, NULL,
				   &got),
			 TERM_WAIT_END);
	assert_int_equal(errno, 0);
	assert_int_equal(got, 0);
	/* A descriptor that is not open: an error, and errno says so. */
	close(fds[0]);
	assert_int_equal(term_read(fds[0], buf, sizeof(buf), -1, NULL, NULL,
				   &got),
			 TERM_WAIT_END);
	assert_int_equal(errno, EBADF);
}

static void term_read__stopped__nothing_read(void **state)
{
	char buf[16];
	size_t got = 99;
	int fds[2];

	make_pipe(fds);
	assert_int_equal(write(fds[1], "k", 1), 1);
	assert_int_equal(term_read(fds[0], buf, sizeof(buf), -1,
				   wake_stop_at_once, NULL, &got),
			 TERM_WAIT_STOP);
	assert_int_equal(got, 0);
	/* The key is still there for the next read. */
	assert_int_equal(term_read(fds[0], buf, sizeof(buf), -1, NULL, NULL,
				   &got),
			 TERM_WAIT_INPUT);
	assert_int_equal(got, 1);
	close_pair(fds);
}

static volatile sig_atomic_t got_alarm;

static void on_alarm(int sig)
{
	(void)sig;
	got_alarm = 1;
	term_wake();
}

static bool wake_on_alarm(void *ctx)
{
	(void)ctx;
	return got_alarm != 0;
}

/* Sets on_alarm for SIGALRM, without SA_RESTART, and a timer that fires
 * once after ms; the old action in *old. */
static void alarm_after(int ms, struct sigaction *old)
{
	struct sigaction sa;
	struct itimerval it = {.it_value = {.tv_sec = 0, .tv_usec = ms * 1000}};

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	got_alarm = 0;
	assert_int_equal(sigaction(SIGALRM, &sa, old), 0);
	assert_int_equal(setitimer(ITIMER_REAL, &it, NULL), 0);
}

static void term_wait__signal__its_handler_wakes_the_wait(void **state)
{
	struct sigaction old;
	int fds[2];
	long long start;

	make_pipe(fds);
	assert_int_equal(term_wake_open(), 0);
	start = term_now_ms();
	alarm_after(30, &old);
	assert_int_equal(term_wait(fds[0], start + 10000, wake_on_alarm, NULL),
			 TERM_WAIT_STOP);
	assert_true(got_alarm);
	assert_true(term_now_ms() - start < 5000);
	sigaction(SIGALRM, &old, NULL);
	term_wake_close();
	close_pair(fds);
}

static void term_drain__burst__dropped_until_quiet(void **state)
{
	int fds[2];
	char c;

	make_pipe(fds);
	assert_int_equal(write(fds[1], "the rest of a paste", 19), 19);
	assert_true(term_drain(fds[0], 20));
	/* Nothing is left to read. */
	fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK);
	assert_int_equal(read(fds[0], &c, 1), -1);
	close(fds[1]);
	/* At the end of input it says so. */
	assert_false(term_drain(fds[0], 20));
	close(fds[0]);
}

/* The line reader */

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

#define READ(input, cap, drain, out)                                           \
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

	READ("\033[200~ab\033[201~\r\033[200~abcdefgh\033[201~\rok\r", 4, false,
	     &r);
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

static bool reader_on_alarm(void *ctx)
{
	int *turns = ctx;

	(*turns)++;
	return got_alarm != 0;
}

static void term_read_line__signal_while_waiting__stop(void **state)
{
	struct term_reader *r = calloc(1, sizeof(*r));
	struct sigaction old;
	char *line = (char *)"unset";
	int turns = 0;
	int fds[2];

	assert_non_null(r);
	make_pipe(fds);
	/* Half a line typed, then nothing: the reader waits for more. */
	assert_int_equal(write(fds[1], "hee", 3), 3);
	r->fd = fds[0];
	r->cap = 64;
	r->on_wake = reader_on_alarm;
	r->ctx = &turns;
	assert_int_equal(term_wake_open(), 0);
	term_reader_begin(r);
	alarm_after(30, &old);
	assert_int_equal(term_read_line(r, "> ", &line), TERM_STOP);
	assert_null(line);
	assert_true(turns >= 2);
	term_reader_end(r);
	sigaction(SIGALRM, &old, NULL);
	term_wake_close();
	close_pair(fds);
	free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(term_width__not_a_terminal__columns_when_sane),
		cmocka_unit_test(term_width__terminal__its_size_over_columns),
		cmocka_unit_test(term_is_accessible__values__set_and_not_zero),
		cmocka_unit_test(term_use_color__each_veto__no_colour),
		cmocka_unit_test(
			term_wait__nothing_comes__timeout_at_the_deadline),
		cmocka_unit_test(
			term_wait__input__at_once_even_past_the_deadline),
		cmocka_unit_test(term_wait__writer_gone__end),
		cmocka_unit_test(term_wait__woken_without_on_wake__stop),
		cmocka_unit_test(
			term_wait__on_wake_false__waits_to_the_deadline),
		cmocka_unit_test(term_wait__on_wake_true__stops_before_waiting),
		cmocka_unit_test(
			term_wake_open__twice__one_pipe_until_the_last_close),
		cmocka_unit_test(term_read__bytes_end_and_error__told_apart),
		cmocka_unit_test(term_read__stopped__nothing_read),
		cmocka_unit_test(term_wait__signal__its_handler_wakes_the_wait),
		cmocka_unit_test(term_drain__burst__dropped_until_quiet),
		cmocka_unit_test(term_is_utf8__known_locales__by_codeset),
		cmocka_unit_test(term_is_utf8__unknown_locale__by_its_name),
		cmocka_unit_test(term_is_utf8__any__program_locale_kept),
	};
	const struct CMUnitTest reader_tests[] = {
		cmocka_unit_test(term_read_line__lines__each_whole),
		cmocka_unit_test(term_read_line__one_past_cap__refused),
		cmocka_unit_test(
			term_reader_drain__after_refusal__rest_dropped),
		cmocka_unit_test(term_read_line__bracketed_paste__counted),
		cmocka_unit_test(term_read_line__paste_to_the_cap__taken),
		cmocka_unit_test(term_read_line__unterminated_paste__closed),
		cmocka_unit_test(term_read_line__line_cut_by_end__given_up),
		cmocka_unit_test(term_read_line__risky_keys__do_nothing),
		cmocka_unit_test(term_read_line__signal_while_waiting__stop),
	};

	return cmocka_run_group_tests(tests, NULL, NULL) |
	       cmocka_run_group_tests(reader_tests, setup_readline,
				      teardown_readline);
}
