/*
 * term.c - the terminal layer: its policy, the wait for a key, a signal or
 * a deadline, and the line reader between the terminal and readline.
 */
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <readline/readline.h>

#include "term.h"
#include "text.h"

/* The policy */

size_t term_width(FILE *out)
{
	struct winsize ws;
	const char *columns;

	if (isatty(fileno(out)) && ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 &&
	    ws.ws_col > 0)
		return ws.ws_col;
	columns = getenv("COLUMNS");
	if (columns && *columns) {
		char *end;
		long n;

		errno = 0;
		n = strtol(columns, &end, 10);
		if (errno == 0 && *end == '\0' && n >= 20 && n <= 1000)
			return (size_t)n;
	}
	return 80;
}

size_t term_measure(FILE *out)
{
	size_t width = term_width(out);

	/* Away from a terminal the width is $COLUMNS's, as asked for. */
	if (!isatty(fileno(out)))
		return width;
	return width < TERM_MEASURE ? width : TERM_MEASURE;
}

size_t term_rows(FILE *out)
{
	struct winsize ws;

	if (isatty(fileno(out)) && ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 &&
	    ws.ws_row > 0)
		return ws.ws_row;
	return 24;
}

bool term_is_accessible(void)
{
	const char *a = getenv("ACCESSIBLE");

	return a && *a && strcmp(a, "0") != 0;
}

bool term_use_color(FILE *out, bool no_color)
{
	const char *env;

	if (no_color || !isatty(fileno(out)) || term_is_accessible())
		return false;
	env = getenv("NO_COLOR");
	if (env && *env)
		return false;
	env = getenv("TERM");
	if (env && strcmp(env, "dumb") == 0)
		return false;
	return true;
}

/* "UTF-8" or "utf8", in any case, anywhere in s. */
static bool names_utf8(const char *s)
{
	for (; *s; s++)
		if (text_prefix_fold(s, "utf-8") || text_prefix_fold(s, "utf8"))
			return true;
	return false;
}

/* The locale the environment asks for, by the POSIX order. */
static const char *env_locale(void)
{
	static const char *const names[] = {"LC_ALL", "LC_CTYPE", "LANG"};

	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		const char *value = getenv(names[i]);

		if (value && *value)
			return value;
	}
	return NULL;
}

bool term_is_utf8(void)
{
	const char *current = setlocale(LC_CTYPE, NULL);
	char *saved = current ? strdup(current) : NULL;
	const char *env;
	bool is_utf8;

	if (current && !saved)
		return false;
	if (setlocale(LC_CTYPE, "")) {
		is_utf8 = names_utf8(nl_langinfo(CODESET));
	} else {
		env = env_locale();
		is_utf8 = env && names_utf8(env);
	}
	if (saved)
		setlocale(LC_CTYPE, saved);
	free(saved);
	return is_utf8;
}

/* The wait */

/* The wake pipe ([0] read, [1] write: signal handlers read the number)
 * and how many users hold it open. */
static volatile sig_atomic_t wake_fds[2] = {-1, -1};
static int wake_users;

long long term_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int term_wake_open(void)
{
	int fds[2];

	if (wake_users > 0) {
		wake_users++;
		return 0;
	}
	if (pipe(fds) != 0)
		return -1;
	for (int i = 0; i < 2; i++) {
		fcntl(fds[i], F_SETFD, FD_CLOEXEC);
		fcntl(fds[i], F_SETFL, fcntl(fds[i], F_GETFL) | O_NONBLOCK);
		wake_fds[i] = fds[i];
	}
	wake_users = 1;
	return 0;
}

void term_wake_close(void)
{
	if (wake_users == 0 || --wake_users > 0)
		return;
	/* Forgotten before closed: a handler that runs meanwhile writes
	 * nowhere. */
	for (int i = 0; i < 2; i++) {
		int fd = wake_fds[i];

		wake_fds[i] = -1;
		close(fd);
	}
}

void term_wake(void)
{
	int saved_errno = errno;

	if (wake_fds[1] >= 0) {
		ssize_t written = write(wake_fds[1], "", 1);

		(void)written;
	}
	errno = saved_errno;
}

/* Empties the wake pipe: one wake-up stands for every byte in it. */
static void wake_drain(void)
{
	char buf[64];

	while (read(wake_fds[0], buf, sizeof(buf)) > 0)
		;
}

enum term_wait term_wait(int fd, long long deadline_ms, term_on_wake *on_wake,
			 void *ctx)
{
	if (on_wake && on_wake(ctx))
		return TERM_WAIT_STOP;
	for (;;) {
		struct pollfd fds[2] = {
			{.fd = fd, .events = POLLIN},
			{.fd = wake_fds[0], .events = POLLIN},
		};
		int timeout = -1;
		bool is_woken = false;
		int n;

		if (deadline_ms >= 0) {
			long long left = deadline_ms - term_now_ms();

			timeout = left <= 0	   ? 0
				  : left > INT_MAX ? INT_MAX
						   : (int)left;
		}
		n = poll(fds, wake_fds[0] >= 0 ? 2 : 1, timeout);
		if (n < 0 && errno != EINTR && errno != EAGAIN)
			return TERM_WAIT_END;
		if (n == 0)
			return TERM_WAIT_TIMEOUT;
		if (n < 0) {
			is_woken = errno == EINTR;
		} else if (wake_fds[0] >= 0 && fds[1].revents) {
			wake_drain();
			is_woken = true;
		}
		if (n > 0 && (fds[0].revents & POLLIN))
			return TERM_WAIT_INPUT;
		if (n > 0 && (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)))
			return TERM_WAIT_END;
		if (is_woken && (!on_wake || on_wake(ctx)))
			return TERM_WAIT_STOP;
	}
}

enum term_wait term_read(int fd, void *buf, size_t size, long long deadline_ms,
			 term_on_wake *on_wake, void *ctx, size_t *got)
{
	*got = 0;
	for (;;) {
		enum term_wait w = term_wait(fd, deadline_ms, on_wake, ctx);
		ssize_t n;

		if (w == TERM_WAIT_TIMEOUT || w == TERM_WAIT_STOP)
			return w;
		/* At a hang-up or an error too: the read says which. */
		n = read(fd, buf, size);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = 0;
			return TERM_WAIT_END;
		}
		*got = (size_t)n;
		return TERM_WAIT_INPUT;
	}
}

bool term_drain(int fd, int quiet_ms)
{
	char buf[4096];
	size_t got;

	for (;;) {
		switch (term_read(fd, buf, sizeof(buf),
				  term_now_ms() + quiet_ms, NULL, NULL, &got)) {
		case TERM_WAIT_INPUT:
			continue;
		case TERM_WAIT_TIMEOUT:
			return true;
		case TERM_WAIT_STOP:
		case TERM_WAIT_END:
		default:
			return false;
		}
	}
}

/* The line reader */

/* The markers a terminal puts around pasted text in bracketed paste mode:
 * ESC [ 2 0 0 ~ before, ESC [ 2 0 1 ~ after. */
static const char paste_prefix[] = "\033[20";
static const char paste_end[] = "\033[201~";

/* Readline calls back with no context. */
static struct term_reader *active;
static rl_getc_func_t *saved_getc;
static rl_vintfunc_t *saved_prep;
static rl_hook_func_t *saved_input_available;

/* The reader's turn at the caller's signal flags. */
static bool reader_on_wake(void *ctx)
{
	struct term_reader *r = ctx;

	return r->on_wake && r->on_wake(r->ctx);
}

/* Waits up to timeout_ms (-1: for ever) for r->fd to be readable, giving
 * on_wake its turn before the wait and after every wake-up. */
static enum term_wait wait_input(struct term_reader *r, int timeout_ms)
{
	long long deadline = timeout_ms < 0 ? -1 : term_now_ms() + timeout_ms;

	return term_wait(r->fd, deadline, reader_on_wake, r);
}

/* The next byte of input, waiting for it when none is buffered; -1 when
 * the input ended or on_wake asked to stop (the flags say which). */
/* The signal each of a reader's sig_keys stands for. */
static const int key_signals[3] = {SIGINT, SIGQUIT, SIGTSTP};

/* rl_prep_term_function: readline's mode, and no signals from the
 * terminal (term.h); the keys are raised as signals by next_byte. */
static void reader_prep(int meta)
{
	struct term_reader *r = active;
	static const int cc[3] = {VINTR, VQUIT, VSUSP};
	struct termios tio;

	rl_prep_terminal(meta);
	if (!r || tcgetattr(r->fd, &tio) != 0 || !(tio.c_lflag & ISIG))
		return;
	for (size_t i = 0; i < 3; i++)
		r->sig_keys[i] = tio.c_cc[cc[i]] == _POSIX_VDISABLE
					 ? -1
					 : (int)tio.c_cc[cc[i]];
	tio.c_lflag &= ~(tcflag_t)ISIG;
	if (tcsetattr(r->fd, TCSANOW, &tio) == 0)
		r->is_isig_off = true;
}

/* True when c is a signal key, which has been raised (reader_prep). */
static bool is_signal_key(struct term_reader *r, int c)
{
	if (!r->is_isig_off || r->is_in_paste)
		return false;
	for (size_t i = 0; i < 3; i++) {
		if (c == r->sig_keys[i]) {
			raise(key_signals[i]);
			return true;
		}
	}
	return false;
}

static int next_byte(struct term_reader *r)
{
	for (;;) {
		if (r->at < r->len) {
			int c = r->buf[r->at++];

			if (!is_signal_key(r, c))
				return c;
			/* The handler has had the signal: its flag is seen
			 * now, as a terminal's signal would have been. */
			if (reader_on_wake(r)) {
				r->is_stopped = true;
				return -1;
			}
			continue;
		}
		size_t got;

		if (r->is_ended || r->is_stopped)
			return -1;
		switch (term_read(r->fd, r->buf, sizeof(r->buf), -1,
				  reader_on_wake, r, &got)) {
		case TERM_WAIT_INPUT:
			r->at = 0;
			r->len = got;
			break;
		case TERM_WAIT_STOP:
			r->is_stopped = true;
			return -1;
		case TERM_WAIT_TIMEOUT:
		case TERM_WAIT_END:
		default:
			r->is_ended = true;
			return -1;
		}
	}
}

/*
 * Follows the paste markers through the input; true when c completed one
 * (r->is_in_paste then says which). r->marker counts the bytes matched:
 * 0 to 4 of ESC [ 2 0, then 5 after a further 0, 6 after a 1. ESC occurs
 * only at a marker's start, so a mismatch restarts the match at c.
 */
static bool track_marker(struct term_reader *r, int c)
{
	int m = r->marker;

	if (m < 4 && c == paste_prefix[m]) {
		r->marker = m + 1;
		return false;
	}
	if (m == 4 && (c == '0' || c == '1')) {
		r->marker = c == '0' ? 5 : 6;
		return false;
	}
	if (m >= 5 && c == '~') {
		r->marker = 0;
		r->is_in_paste = m == 5;
		return true;
	}
	r->marker = c == '\033' ? 1 : 0;
	return false;
}

/* Bytes of a closing marker that may have begun: not yet text. */
static size_t marker_bytes(const struct term_reader *r)
{
	return r->marker > 5 ? 5 : (size_t)r->marker;
}

/* Gives readline a closing marker in place of what is left of a paste,
 * so that its paste ends with a terminated buffer. */
static int close_paste(struct term_reader *r)
{
	r->is_in_paste = false;
	r->marker = 0;
	r->feed = paste_end + 1;
	return (unsigned char)paste_end[0];
}

/* Reads and drops the rest of a paste, up to its closing marker. */
static void skip_paste(struct term_reader *r)
{
	int c;

	while ((c = next_byte(r)) >= 0)
		if (track_marker(r, c) && !r->is_in_paste)
			return;
}

/* rl_getc_function: the next byte for readline. */
static int reader_getc(FILE *stream)
{
	struct term_reader *r = active;
	int c;

	(void)stream;
	if (r->is_probing) {
		r->is_asked = true;
		return EOF;
	}
	if (r->feed) {
		c = (unsigned char)*r->feed++;
		if (*r->feed == '\0')
			r->feed = NULL;
		return c;
	}
	c = next_byte(r);
	if (c < 0 && r->is_in_paste)
		return close_paste(r);
	if (c < 0) {
		r->is_eof_given = true;
		return EOF;
	}
	if (track_marker(r, c)) {
		if (r->is_in_paste) {
			r->paste_base = (size_t)rl_end;
			r->paste_bytes = 0;
		}
		return c;
	}
	if (r->is_in_paste &&
	    r->paste_base + ++r->paste_bytes - marker_bytes(r) > r->cap) {
		r->is_over = true;
		skip_paste(r);
		return close_paste(r);
	}
	return c;
}

/*
 * rl_input_available_hook: whether a key can be read within readline's
 * keyboard timeout. Readline takes typed-ahead keys in one go while this
 * says yes; at the cap it says no, so that the line is looked at.
 */
static int reader_input_available(void)
{
	struct term_reader *r = active;
	struct pollfd pfd = {.fd = r->fd, .events = POLLIN};
	int timeout_us;

	if (r->feed)
		return 1;
	if ((size_t)rl_end >= r->cap || r->is_ended || r->is_stopped)
		return 0;
	if (r->at < r->len)
		return 1;
	/* Readline has no getter for its timeout: set and put back. */
	timeout_us = rl_set_keyboard_input_timeout(0);
	rl_set_keyboard_input_timeout(timeout_us);
	return poll(&pfd, 1, (timeout_us + 999) / 1000) > 0 &&
	       (pfd.revents & POLLIN);
}

/*
 * Keys that do nothing in runcheck's readline. A numeric argument (M-1
 * M-0 M-0 ... then a key) makes readline insert up to a million
 * characters in one step, past any cap and slowly: no answer needs one.
 * Character search (Ctrl-], M-C-]) makes readline 8.2's callback
 * interface read memory it should not, and crash, when the character it
 * waits for is ESC and another key follows (Ctrl-] ESC x: found by
 * fuzz_line, and reproduced with a small program around readline alone).
 * The switch to vi mode (M-C-j, ESC Ctrl-J) is off too: in vi mode
 * fuzz_line found inputs that kept readline 8.2 in its vi word motions
 * for more than ten seconds (rl_vi_eWord), and a patient who presses it
 * by chance has no way back. A user's own ~/.inputrc may still choose vi
 * mode at home.
 */
static void unbind_risky_keys(void)
{
	static term_command *const risky[] = {
		rl_digit_argument, rl_universal_argument,   rl_vi_arg_digit,
		rl_char_search,	   rl_backward_char_search, rl_vi_editing_mode,
	};

	term_unbind(risky, sizeof(risky) / sizeof(*risky));
}

void term_unbind(term_command *const *commands, size_t count)
{
	static const char *const keymaps[] = {
		"emacs-standard", "emacs-meta", "emacs-ctlx",
		"vi-move",	  "vi-insert",
	};

	for (size_t i = 0; i < sizeof(keymaps) / sizeof(*keymaps); i++) {
		Keymap map = rl_get_keymap_by_name(keymaps[i]);

		for (size_t j = 0; map && j < count; j++)
			rl_unbind_function_in_map(commands[j], map);
	}
}

void term_reader_begin(struct term_reader *r)
{
	unbind_risky_keys();
	r->at = r->len = 0;
	r->marker = 0;
	r->is_in_paste = false;
	r->paste_base = r->paste_bytes = 0;
	r->feed = NULL;
	r->is_over = r->is_stopped = r->is_ended = r->is_eof_given = false;
	r->is_probing = r->is_asked = false;
	r->is_handler_installed = false;
	r->has_line = false;
	r->line = NULL;
	active = r;
	r->is_isig_off = false;
	saved_getc = rl_getc_function;
	saved_prep = rl_prep_term_function;
	rl_prep_term_function = reader_prep;
	saved_input_available = rl_input_available_hook;
	rl_getc_function = reader_getc;
	rl_input_available_hook = reader_input_available;
}

void term_reader_end(struct term_reader *r)
{
	if (r->is_handler_installed) {
		rl_callback_handler_remove();
		r->is_handler_installed = false;
	}
	rl_deprep_terminal();
	rl_getc_function = saved_getc;
	rl_prep_term_function = saved_prep;
	rl_input_available_hook = saved_input_available;
	active = NULL;
}

static void on_line(char *line)
{
	struct term_reader *r = active;

	/* Removing the handler here keeps readline from showing the prompt
	 * again before the answer has been dealt with. The terminal stays
	 * in readline's mode until the next prompt, so keys typed meanwhile
	 * wait for readline instead of being echoed, or acted on (Ctrl-R
	 * reprints the line), by the terminal itself. */
	rl_callback_handler_remove();
	reader_prep(1);
	r->is_handler_installed = false;
	r->line = line;
	r->has_line = true;
}

/*
 * Drops the keys readline holds back (one read ahead, the rest of a key
 * sequence that matched nothing, a macro's), which belong to the line
 * given up: they are read until readline asks the reader for more.
 */
static void drop_read_ahead(struct term_reader *r)
{
	/* readline holds at most a 512-byte buffer and a macro. */
	for (int i = 0; i < 65536; i++) {
		r->is_asked = false;
		r->is_probing = true;
		rl_read_key();
		r->is_probing = false;
		if (r->is_asked)
			break;
	}
}

/*
 * Gives up the line being typed and puts the terminal back, or, when
 * is_kept_prepped, leaves it in readline's mode (no echo), as between two
 * lines: after a refusal the rest of a paste must not be echoed.
 */
static void abandon_line(struct term_reader *r, bool is_kept_prepped)
{
	rl_free_line_state();
	rl_callback_sigcleanup();
	drop_read_ahead(r);
	if (r->is_handler_installed) {
		rl_callback_handler_remove();
		r->is_handler_installed = false;
	}
	if (is_kept_prepped)
		reader_prep(1);
	else
		rl_deprep_terminal();
	fputc('\n', rl_outstream);
	fflush(rl_outstream);
}

void term_reader_drain(struct term_reader *r)
{
	size_t got;

	r->at = r->len = 0;
	r->feed = NULL;
	r->is_in_paste = false;
	r->marker = 0;
	for (;;) {
		switch (term_read(r->fd, r->buf, sizeof(r->buf),
				  term_now_ms() + TERM_QUIET_MS, reader_on_wake,
				  r, &got)) {
		case TERM_WAIT_INPUT:
			continue;
		case TERM_WAIT_TIMEOUT:
			return;
		case TERM_WAIT_STOP:
			r->is_stopped = true;
			return;
		case TERM_WAIT_END:
		default:
			r->is_ended = true;
			return;
		}
	}
}

/* After an idle callback wrote to the screen, readline shows the prompt
 * and the line as typed so far again. */
static bool reader_on_idle(struct term_reader *r)
{
	bool keep_waiting;

	if (!r->on_idle)
		return false;
	rl_clear_visible_line();
	fflush(rl_outstream);
	keep_waiting = r->on_idle(r->ctx);
	if (keep_waiting)
		rl_forced_update_display();
	return keep_waiting;
}

/* True when what readline holds went past the cap. */
static bool is_over_cap(const struct term_reader *r)
{
	return r->is_over || (size_t)rl_end > r->cap ||
	       (r->has_line && r->line && strlen(r->line) > r->cap);
}

enum term_read term_read_line(struct term_reader *r, const char *prompt,
			      char **line)
{
	int timeout = r->idle_ms > 0 ? r->idle_ms : -1;
	enum term_read end;

	*line = NULL;
	r->has_line = false;
	r->line = NULL;
	r->is_over = false;
	rl_callback_handler_install(prompt, on_line);
	r->is_handler_installed = true;
	for (;;) {
		if (r->at == r->len && !r->feed) {
			enum term_wait w = r->is_ended ? TERM_WAIT_END
					   : r->is_stopped
						   ? TERM_WAIT_STOP
						   : wait_input(r, timeout);

			if (w == TERM_WAIT_TIMEOUT && reader_on_idle(r))
				continue;
			if (w != TERM_WAIT_INPUT) {
				end = w == TERM_WAIT_TIMEOUT ? TERM_IDLE
				      : w == TERM_WAIT_STOP  ? TERM_STOP
							     : TERM_EOF;
				break;
			}
		}
		rl_callback_read_char();
		if (r->is_stopped) {
			end = TERM_STOP;
			break;
		}
		if (is_over_cap(r)) {
			end = TERM_TOO_LONG;
			break;
		}
		if (r->has_line && r->line && r->is_eof_given) {
			/* Readline takes the end of input after a partial
			 * line as Enter, where no terminal is prepared. */
			end = TERM_EOF;
			break;
		}
		if (r->has_line) {
			if (!r->line) {
				/* Ctrl-D: readline leaves the cursor after
				 * the prompt. */
				fputc('\n', rl_outstream);
				fflush(rl_outstream);
				return TERM_EOF;
			}
			*line = r->line;
			r->line = NULL;
			return TERM_LINE;
		}
	}
	free(r->line);
	r->line = NULL;
	r->has_line = false;
	abandon_line(r, end == TERM_TOO_LONG);
	return end;
}

void term_resume(struct term_reader *r)
{
	/* Readline prepares a terminal only when it has not: undo first, so
	 * that its settings are made again over what the shell left. */
	rl_deprep_terminal();
	reader_prep(1);
	if (r->is_handler_installed)
		rl_forced_update_display();
}

void term_suspend(struct term_reader *r)
{
	struct sigaction dfl;
	struct sigaction old;
	sigset_t tstp;
	sigset_t old_mask;

	rl_deprep_terminal();
	fputc('\n', rl_outstream);
	fflush(rl_outstream);
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	sigaction(SIGTSTP, &dfl, &old);
	sigemptyset(&tstp);
	sigaddset(&tstp, SIGTSTP);
	sigprocmask(SIG_UNBLOCK, &tstp, &old_mask);
	/* Stops here until SIGCONT, then returns. */
	raise(SIGTSTP);
	/* cppcheck-suppress unreachableCode ; raise(SIGTSTP) returns */
	sigprocmask(SIG_SETMASK, &old_mask, NULL);
	sigaction(SIGTSTP, &old, NULL);
	term_resume(r);
}
