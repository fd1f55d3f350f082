/*
 * kiosk.c - the kiosk command (cmd_kiosk): a supervisor that forks a fresh
 * process for every patient, and that process's visit: the welcome screen,
 * the quiz and the result.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <readline/readline.h>

#include "clinic.h"
#include "commands.h"
#include "engine.h"
#include "kiosk.h"
#include "offer.h"
#include "quiz.h"
#include "result.h"
#include "store.h"
#include "term.h"
#include "text.h"
#include "tree.h"
#include "wrap.h"

/* Home, clear the screen, and clear the scrollback (xterm, tmux, Linux). */
#define CLEAR_ALL    "\033[H\033[2J\033[3J"
#define CLEAR_SCREEN "\033[H\033[2J"
#define CLEAR_LINE   "\r\033[K"
#define COLOR_BOLD   "\033[1m"
#define COLOR_RESET  "\033[0m"

/* How long a session has to end after SIGTERM before SIGKILL. */
#define STOP_WAIT_MS 2000

/* With a PostgreSQL store: the outbox is forwarded this often while a
 * visit runs (store.h). */
#define FORWARD_EVERY_MS 30000

/* The longest kiosk name (--name). */
#define KIOSK_NAME_MAX 64
/* The rest of an escape sequence comes within this after its ESC. */
#define KEY_REST_MS 30

#define CTRL_D '\004'

#define STILL_THERE "Are you still there? Press any key."

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Writes all of s to fd; a terminal that went away is noticed elsewhere. */
static void write_all(int fd, const char *s)
{
	size_t len = strlen(s);

	while (len > 0) {
		ssize_t n = write(fd, s, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		s += n;
		len -= (size_t)n;
	}
}

bool kiosk_parse_seconds(const char *text, unsigned *seconds)
{
	unsigned long n = 0;

	if (!text || !*text)
		return false;
	for (const char *p = text; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		n = n * 10 + (unsigned long)(*p - '0');
		if (n > KIOSK_SECONDS_MAX)
			return false;
	}
	if (n == 0)
		return false;
	*seconds = (unsigned)n;
	return true;
}

unsigned kiosk_backoff(unsigned *delay, long long lived_ms, bool is_crash)
{
	if (!is_crash || lived_ms > KIOSK_BACKOFF_RESET * 1000LL) {
		*delay = 0;
		return 0;
	}
	if (lived_ms >= KIOSK_BACKOFF_SHORT * 1000LL)
		return 0;
	if (*delay == 0)
		*delay = 1;
	else if (*delay < KIOSK_BACKOFF_MAX)
		*delay = *delay * 2 > KIOSK_BACKOFF_MAX ? KIOSK_BACKOFF_MAX
							: *delay * 2;
	return *delay;
}

int kiosk_lock_readline(void)
{
	static term_command *const unsafe[] = {
		rl_re_read_init_file,
		rl_tilde_expand,
		rl_vi_tilde_expand,
	};

	/* Read only on the first rl_initialize: it must be set before. */
	if (setenv("INPUTRC", "/dev/null", 1) != 0)
		return -1;
	rl_readline_name = "runcheck-kiosk";
	rl_instream = stdin;
	rl_outstream = stdout;
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_change_environment = 0;
	rl_initialize();
	term_unbind(unsafe, ARRAY_LEN(unsafe));
	return 0;
}

/* The visit: one patient's process */

/*
 * While the welcome and the result are shown, SIGINT, SIGTERM and SIGHUP
 * end the visit and SIGWINCH redraws; quiz_run puts its own handlers in
 * place while it runs and these back when it returns.
 */
static volatile sig_atomic_t visit_got_stop;
static volatile sig_atomic_t visit_got_winch;
static int visit_wake[2] = {-1, -1};

struct visit {
	const struct kiosk_options *opts;
	struct termios line_tio; /* as the supervisor left it; for readline */
	struct termios key_tio;	 /* a key at a time, not echoed */
	size_t width;
	size_t rows;
	bool use_color;
	bool is_accessible;
	bool is_crash_test; /* RUNCHECK_KIOSK_TEST_CRASH=1 */
	bool has_request;   /* the booking offer stored a request */
	bool is_alerted;    /* the front desk was alerted (alert_record) */
};

enum key_wait {
	KEY_READ,    /* keys were read */
	KEY_TIMEOUT, /* none came in time */
	KEY_STOP,    /* SIGINT, SIGTERM or SIGHUP */
	KEY_RESIZE,  /* the terminal changed size */
	KEY_HUNG_UP, /* end of file or an error at the terminal */
};

static void visit_on_signal(int sig)
{
	int saved_errno = errno;
	ssize_t written;

	if (sig == SIGWINCH)
		visit_got_winch = 1;
	else
		visit_got_stop = 1;
	written = write(visit_wake[1], "", 1);
	(void)written;
	errno = saved_errno;
}

/* Sets up the visit's signals; returns -1 when the pipe cannot be made. */
static int visit_catch_signals(void)
{
	static const int caught[] = {SIGINT, SIGTERM, SIGHUP, SIGWINCH};
	static const int ignored[] = {SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU};
	struct sigaction sa;

	if (pipe(visit_wake) != 0)
		return -1;
	for (int i = 0; i < 2; i++) {
		fcntl(visit_wake[i], F_SETFD, FD_CLOEXEC);
		fcntl(visit_wake[i], F_SETFL,
		      fcntl(visit_wake[i], F_GETFL) | O_NONBLOCK);
	}
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = SIG_IGN;
	for (size_t i = 0; i < ARRAY_LEN(ignored); i++)
		sigaction(ignored[i], &sa, NULL);
	/* No SA_RESTART: poll must return so that the flags are seen. */
	sa.sa_handler = visit_on_signal;
	for (size_t i = 0; i < ARRAY_LEN(caught); i++)
		sigaction(caught[i], &sa, NULL);
	return 0;
}

static void drain_wake_pipe(void)
{
	char buf[64];

	while (read(visit_wake[0], buf, sizeof(buf)) > 0)
		;
}

/* Reads more keys into buf after *len while they come within
 * KEY_REST_MS of each other, so that an escape sequence or a burst of
 * typing is taken whole. */
static void read_rest(char *buf, size_t size, size_t *len)
{
	while (*len < size) {
		struct pollfd pfd = {.fd = STDIN_FILENO, .events = POLLIN};
		ssize_t n;

		if (poll(&pfd, 1, KEY_REST_MS) <= 0 || !(pfd.revents & POLLIN))
			return;
		n = read(STDIN_FILENO, buf + *len, size - *len);
		if (n <= 0)
			return;
		*len += (size_t)n;
	}
}

/*
 * Waits up to timeout_ms (-1: for ever) for keys at standard input, which
 * must be in key_tio's mode, and reads them into buf (*len bytes, at least
 * one).
 */
static enum key_wait wait_keys(int timeout_ms, char *buf, size_t size,
			       size_t *len)
{
	long long deadline = now_ms() + timeout_ms;

	*len = 0;
	for (;;) {
		struct pollfd fds[2] = {
			{.fd = STDIN_FILENO, .events = POLLIN},
			{.fd = visit_wake[0], .events = POLLIN},
		};
		int left = -1;

		if (visit_got_stop)
			return KEY_STOP;
		if (visit_got_winch) {
			visit_got_winch = 0;
			return KEY_RESIZE;
		}
		if (timeout_ms >= 0) {
			long long ms = deadline - now_ms();

			if (ms <= 0)
				return KEY_TIMEOUT;
			left = (int)ms;
		}
		if (poll(fds, 2, left) < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return KEY_HUNG_UP;
		}
		if (fds[1].revents)
			drain_wake_pipe();
		if (fds[0].revents & POLLIN) {
			ssize_t n = read(STDIN_FILENO, buf, size);

			if (n < 0 && (errno == EINTR || errno == EAGAIN))
				continue;
			if (n <= 0)
				return KEY_HUNG_UP;
			*len = (size_t)n;
			read_rest(buf, size, len);
			return KEY_READ;
		}
		if (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL))
			return KEY_HUNG_UP;
	}
}

static void visit_measure(struct visit *v)
{
	struct winsize ws;

	v->width = quiz_width(stdout);
	v->rows = 24;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0)
		v->rows = ws.ws_row;
}

/* Output goes through stdout; a failed write means the terminal is gone. */
static bool visit_flush(void)
{
	return fflush(stdout) != EOF && !ferror(stdout);
}

static void put_bold(const struct visit *v, const char *text)
{
	if (v->use_color)
		fputs(COLOR_BOLD, stdout);
	fputs(text, stdout);
	if (v->use_color)
		fputs(COLOR_RESET, stdout);
}

/*
 * The "are you still there?" wait, after idle seconds without a key: true
 * when a key came within the grace time, false when none did or the
 * terminal went away. The key that answers and the rest of its burst are
 * read and dropped until the input is quiet, so that they land nowhere.
 */
static bool still_there(const struct visit *v)
{
	char buf[64];
	size_t len;

	for (;;) {
		switch (wait_keys((int)v->opts->grace_seconds * 1000, buf,
				  sizeof(buf), &len)) {
		case KEY_READ:
			term_drain(STDIN_FILENO, TERM_QUIET_MS);
			return true;
		case KEY_RESIZE:
			continue;
		case KEY_TIMEOUT:
		case KEY_STOP:
		case KEY_HUNG_UP:
			return false;
		}
	}
}

/* The welcome */

struct paragraph {
	const char *text;
	bool is_bold;
	int space_after; /* blank lines */
};

static void welcome_draw(struct visit *v)
{
	const struct tree *tree = v->opts->tree;
	const struct paragraph paragraphs[] = {
		{tree_title(tree), true, 2},
		{"A few questions about a running pain, one at a time. At the "
		 "end you will see what it may be and what to do next.",
		 false, 1},
		{tree_disclaimer(tree), false, 1},
		{"When you finish, your answers are cleared from the screen.",
		 false, 2},
		{"Press Enter to start", true, 0},
	};
	char *wrapped[ARRAY_LEN(paragraphs)] = {NULL};
	size_t wrap_width =
		v->is_accessible || v->width < 50 ? v->width : v->width * 4 / 5;
	size_t lines = 0;

	for (size_t i = 0; i < ARRAY_LEN(paragraphs); i++) {
		wrapped[i] = text_wrap(paragraphs[i].text, wrap_width, 0, 0);
		if (!wrapped[i])
			goto fail;
		for (const char *p = wrapped[i]; *p; p++)
			lines += *p == '\n';
		lines += (size_t)paragraphs[i].space_after;
	}
	fputs(CLEAR_SCREEN, stdout);
	if (!v->is_accessible)
		for (size_t i = lines; i + 2 <= v->rows; i += 2)
			fputc('\n', stdout);
	for (size_t i = 0; i < ARRAY_LEN(paragraphs); i++) {
		char *line = wrapped[i];

		while (*line) {
			char *end = strchr(line, '\n');
			size_t cols;

			*end = '\0';
			cols = text_width(line, (size_t)(end - line));
			if (!v->is_accessible && cols < v->width)
				fprintf(stdout, "%*s",
					(int)((v->width - cols) / 2), "");
			if (paragraphs[i].is_bold)
				put_bold(v, line);
			else
				fputs(line, stdout);
			line = end + 1;
			/* The last line keeps the cursor. */
			if (*line || i + 1 < ARRAY_LEN(paragraphs))
				fputc('\n', stdout);
		}
		for (int n = 0; n < paragraphs[i].space_after; n++)
			fputc('\n', stdout);
	}
fail:
	for (size_t i = 0; i < ARRAY_LEN(paragraphs); i++)
		free(wrapped[i]);
}

enum welcome_end {
	WELCOME_START,
	WELCOME_STOP,
	WELCOME_HUNG_UP,
};

/*
 * Shows the welcome until Enter. It has no idle timeout: it is what an
 * idle kiosk shows. Other keys are read and dropped.
 */
static enum welcome_end welcome(struct visit *v)
{
	static const char crash_word[] = "crash!";
	char typed[sizeof(crash_word) - 1] = {0};
	char buf[256];
	size_t len;

	for (;;) {
		welcome_draw(v);
		if (!visit_flush())
			return WELCOME_HUNG_UP;
		switch (wait_keys(-1, buf, sizeof(buf), &len)) {
		case KEY_READ:
			break;
		case KEY_RESIZE:
			visit_measure(v);
			continue;
		case KEY_TIMEOUT:
		case KEY_STOP:
			return WELCOME_STOP;
		case KEY_HUNG_UP:
			return WELCOME_HUNG_UP;
		}
		for (size_t i = 0; i < len; i++) {
			if (buf[i] == '\r' || buf[i] == '\n')
				return WELCOME_START;
			if (buf[i] == CTRL_D)
				return WELCOME_STOP;
			memmove(typed, typed + 1, sizeof(typed) - 1);
			typed[sizeof(typed) - 1] = buf[i];
			if (v->is_crash_test &&
			    memcmp(typed, crash_word, sizeof(typed)) == 0)
				abort();
		}
	}
}

/* The quiz */

/*
 * quiz_run's idle callback. Readline has the terminal in its own mode, a
 * key at a time, unechoed, so the key that answers and the rest of its
 * burst are read here and dropped until the input is quiet, and never
 * land in the answer. A signal ends the wait as a key would, and quiz_run
 * then sees its own flag (SIGINT ends the quiz; SIGWINCH only redraws).
 */
static bool quiz_on_idle(void *ctx)
{
	const struct visit *v = ctx;
	struct pollfd pfd = {.fd = STDIN_FILENO, .events = POLLIN};
	int n;

	put_bold(v, STILL_THERE);
	if (!visit_flush())
		return false;
	n = poll(&pfd, 1, (int)v->opts->grace_seconds * 1000);
	if (n < 0 && errno == EINTR)
		n = 1;
	else if (n > 0 && (pfd.revents & POLLIN))
		term_drain(STDIN_FILENO, TERM_QUIET_MS);
	else
		n = 0;
	fputc('\n', stdout);
	return n > 0;
}

/* The result */

/* The result cut into lines, and the lines into screens. */
struct page_lines {
	char *text;	/* the whole result, each line NUL-terminated */
	size_t *starts; /* where each line begins in text */
	size_t count;	/* lines */
	size_t *firsts; /* the first line of each page */
	size_t pages;
	size_t height; /* lines of the result a page holds */
};

static int result_render(const struct visit *v, const struct engine *engine,
			 struct page_lines *pl)
{
	struct result_style style = {
		.width = v->width,
		.use_color = v->use_color,
		.is_accessible = v->is_accessible,
		.show_qr = term_is_utf8(),
		.is_kiosk = true,
	};
	size_t size = 0;
	size_t n = 0;
	FILE *f;
	int rc;

	memset(pl, 0, sizeof(*pl));
	f = open_memstream(&pl->text, &size);
	if (!f)
		return -1;
	if (v->is_alerted)
		fputs("Please tell the front desk now: they have been "
		      "alerted.\n\n",
		      f);
	rc = result_print(f, engine, v->opts->clinic, &style);
	if (fclose(f) != 0 || rc != 0)
		return -1;
	for (size_t i = 0; i < size; i++)
		n += pl->text[i] == '\n';
	pl->starts = malloc((n + 1) * sizeof(*pl->starts));
	if (!pl->starts)
		return -1;
	pl->starts[pl->count++] = 0;
	for (size_t i = 0; i + 1 < size; i++)
		if (pl->text[i] == '\n')
			pl->starts[pl->count++] = i + 1;
	for (size_t i = 0; i < size; i++)
		if (pl->text[i] == '\n')
			pl->text[i] = '\0';
	return 0;
}

static void page_lines_clear(struct page_lines *pl)
{
	free(pl->text);
	free(pl->starts);
	free(pl->firsts);
	memset(pl, 0, sizeof(*pl));
}

/*
 * Cuts the lines into pages of the screen's height less a blank line and
 * the line for the prompt, at a blank line in the lower half of a page
 * where there is one, so that a paragraph is not split. Accessible output
 * is one page: it is never cleared. Returns -1 when out of memory.
 */
static int paginate(const struct visit *v, struct page_lines *pl)
{
	size_t first = 0;

	pl->height = v->is_accessible || v->rows < 6 ? pl->count : v->rows - 2;
	if (pl->height == 0)
		pl->height = 1;
	/* No page is empty, so there are at most count of them. */
	pl->firsts = malloc((pl->count + 1) * sizeof(*pl->firsts));
	if (!pl->firsts)
		return -1;
	pl->pages = 0;
	do {
		size_t end = first + pl->height;

		pl->firsts[pl->pages++] = first;
		if (end < pl->count) {
			for (size_t i = end - 1; i > first; i--) {
				if (pl->text[pl->starts[i]] == '\0') {
					end = i + 1;
					break;
				}
			}
		}
		first = end;
	} while (first < pl->count);
	return 0;
}

enum result_end {
	RESULT_READ,	/* the person is done with it */
	RESULT_STOP,	/* Ctrl-C, Ctrl-D, a signal, or nobody there */
	RESULT_HUNG_UP, /* the terminal went away */
};

enum page_key {
	PAGE_NONE,
	PAGE_NEXT, /* Enter, Space, Down, Page Down */
	PAGE_BACK, /* b, Up, Page Up */
	PAGE_END,  /* Ctrl-D: the session ends */
};

/* The first key in buf that means something to the result screen. */
static enum page_key page_key(const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		const char *rest = buf + i;
		size_t left = len - i;

		if (*rest == '\r' || *rest == '\n' || *rest == ' ')
			return PAGE_NEXT;
		if (*rest == 'b' || *rest == 'B')
			return PAGE_BACK;
		if (*rest == CTRL_D)
			return PAGE_END;
		if (left >= 3 &&
		    (!memcmp(rest, "\033[B", 3) || !memcmp(rest, "\033OB", 3)))
			return PAGE_NEXT;
		if (left >= 3 &&
		    (!memcmp(rest, "\033[A", 3) || !memcmp(rest, "\033OA", 3)))
			return PAGE_BACK;
		if (left >= 4 && !memcmp(rest, "\033[6~", 4))
			return PAGE_NEXT;
		if (left >= 4 && !memcmp(rest, "\033[5~", 4))
			return PAGE_BACK;
	}
	return PAGE_NONE;
}

static void page_draw(const struct visit *v, const struct page_lines *pl,
		      size_t page)
{
	size_t first = pl->firsts[page];
	size_t end = page + 1 < pl->pages ? pl->firsts[page + 1] : pl->count;

	if (!v->is_accessible)
		fputs(CLEAR_SCREEN, stdout);
	for (size_t i = first; i < end; i++) {
		fputs(pl->text + pl->starts[i], stdout);
		fputc('\n', stdout);
	}
	/* The prompt stays on the bottom line from page to page. */
	if (pl->pages > 1)
		for (size_t i = end - first; i < pl->height; i++)
			fputc('\n', stdout);
	if (!v->is_accessible)
		fputc('\n', stdout);
}

static void page_prompt(const struct visit *v, size_t page, size_t pages)
{
	char line[160];

	if (pages <= 1)
		snprintf(line, sizeof(line),
			 "Press Enter when you have finished reading.");
	else if (page + 1 < pages)
		snprintf(line, sizeof(line),
			 "Page %zu of %zu. Press Enter for more%s.", page + 1,
			 pages, page > 0 ? ", or B to go back" : "");
	else
		snprintf(line, sizeof(line),
			 "Page %zu of %zu. Press Enter when you have finished "
			 "reading, or B to go back.",
			 page + 1, pages);
	if (!v->is_accessible)
		fputs(CLEAR_LINE, stdout);
	put_bold(v, line);
	if (v->is_accessible)
		fputc('\n', stdout);
}

/*
 * Waits for a page key, with the idle and grace times. Returns PAGE_NONE
 * for a stop or nobody there, with *end set.
 */
static enum page_key page_wait(struct visit *v, size_t page, size_t pages,
			       enum result_end *end)
{
	char buf[64];
	size_t len;

	for (;;) {
		enum page_key key;

		page_prompt(v, page, pages);
		if (!visit_flush()) {
			*end = RESULT_HUNG_UP;
			return PAGE_NONE;
		}
		switch (wait_keys((int)v->opts->idle_seconds * 1000, buf,
				  sizeof(buf), &len)) {
		case KEY_READ:
			key = page_key(buf, len);
			if (key != PAGE_NONE)
				return key;
			continue;
		case KEY_RESIZE:
			continue;
		case KEY_TIMEOUT:
			fputs(v->is_accessible ? "\n" : CLEAR_LINE, stdout);
			put_bold(v, STILL_THERE);
			if (v->is_accessible)
				fputc('\n', stdout);
			if (!visit_flush()) {
				*end = RESULT_HUNG_UP;
				return PAGE_NONE;
			}
			if (still_there(v))
				continue;
			*end = RESULT_STOP;
			return PAGE_NONE;
		case KEY_STOP:
			*end = RESULT_STOP;
			return PAGE_NONE;
		case KEY_HUNG_UP:
			*end = RESULT_HUNG_UP;
			return PAGE_NONE;
		}
	}
}

/*
 * Shows the result a screen at a time, from page *page, until the person
 * leaves its last page. The last page stays on the screen.
 */
static enum result_end result_pages(struct visit *v,
				    const struct page_lines *pl, size_t *page)
{
	size_t pages = pl->pages;
	enum result_end end = RESULT_READ;

	for (;;) {
		page_draw(v, pl, *page);
		switch (page_wait(v, *page, pages, &end)) {
		case PAGE_NONE:
			return end;
		case PAGE_END:
			/* As at every other prompt of the kiosk: no booking
			 * offer follows. */
			return RESULT_STOP;
		case PAGE_NEXT:
			if (*page + 1 >= pages)
				return RESULT_READ;
			(*page)++;
			break;
		case PAGE_BACK:
			if (*page > 0)
				(*page)--;
			break;
		}
	}
}

/* After the offer: the thank-you stays until Enter, or until nobody has
 * pressed a key for the idle and grace times. */
static enum result_end offer_wait_enter(struct visit *v)
{
	int idle_ms =
		(int)(v->opts->idle_seconds + v->opts->grace_seconds) * 1000;
	char buf[64];
	size_t len;

	for (;;) {
		fputc('\n', stdout);
		put_bold(v, "Press Enter to finish.");
		if (!visit_flush())
			return RESULT_HUNG_UP;
		switch (wait_keys(idle_ms, buf, sizeof(buf), &len)) {
		case KEY_READ:
			if (memchr(buf, '\r', len) || memchr(buf, '\n', len) ||
			    memchr(buf, CTRL_D, len))
				return RESULT_READ;
			break;
		case KEY_RESIZE:
			break;
		case KEY_TIMEOUT:
		case KEY_STOP:
			return RESULT_STOP;
		case KEY_HUNG_UP:
			return RESULT_HUNG_UP;
		}
		if (!v->is_accessible)
			fputs(CLEAR_LINE, stdout);
	}
}

/*
 * The booking offer beneath the result (offer.h), for consult and
 * self_care results when there is a clinic to book with: line mode with
 * echo while the person types, the database of --db or $RUNCHECK_DB.
 * A database that fails is the offer's to report; the kiosk goes on.
 */
static enum result_end offer_show(struct visit *v, const struct engine *engine)
{
	struct offer_io io = {
		.in = stdin,
		.out = stdout,
		.err = stderr,
		.width = v->width,
		.is_accessible = v->is_accessible,
		.idle_ms =
			(int)(v->opts->idle_seconds + v->opts->grace_seconds) *
			1000,
		.stop_flag = &visit_got_stop,
		.wake_fd = visit_wake[0],
	};
	enum offer_end end;

	if (!v->opts->clinic)
		return RESULT_READ;
	io.retention_days = v->opts->clinic->retention_days;
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &v->line_tio);
	end = offer_run(&io, engine, store_path(v->opts->db_path));
	tcsetattr(STDIN_FILENO, TCSANOW, &v->key_tio);
	switch (end) {
	case OFFER_NOT_OFFERED:
		return RESULT_READ;
	case OFFER_STOPPED:
	case OFFER_IDLE:
		return RESULT_STOP;
	case OFFER_IO_ERROR:
		return RESULT_HUNG_UP;
	case OFFER_SAVED:
		v->has_request = true;
		break;
	default:
		break;
	}
	return offer_wait_enter(v);
}

/*
 * The session's figures, with nothing personal, however the session
 * ended (store.h). A database that fails is reported; the kiosk goes on.
 */
static void session_record(const struct visit *v, const struct engine *engine,
			   time_t started)
{
	const char *path = store_path(v->opts->db_path);
	struct store_session session;
	char *message = NULL;

	store_session_of_walk(&session, engine, (int64_t)started,
			      (int64_t)time(NULL));
	session.has_request = v->has_request;
	if (store_save_session(path, &session, &message) != 0) {
		cli_error("database '%s': %s", path,
			message ? message : "out of memory");
		fflush(stderr);
	}
	free(message);
}

/*
 * An emergency or urgent result alerts the front desk at once, with
 * nothing personal (a PostgreSQL store only: store_save_alert), and then
 * the result asks the person to tell them. A database that fails is
 * reported; the kiosk goes on.
 */
static void alert_record(struct visit *v, const struct engine *engine)
{
	const struct tree_outcome *o =
		tree_outcome(v->opts->tree, engine_outcome(engine));
	const char *path = store_path(v->opts->db_path);
	char *message = NULL;

	if (o->triage != TREE_EMERGENCY && o->triage != TREE_URGENT)
		return;
	switch (store_save_alert(path, tree_triage_name(o->triage),
				 (int64_t)time(NULL), &message)) {
	case 0:
		v->is_alerted = true;
		break;
	case 1:
		break;
	default:
		cli_error("database '%s': %s", path,
			  message ? message : "out of memory");
		fflush(stderr);
		break;
	}
	free(message);
}

/* Shows the result; returns the visit's exit status. */
static int result_show(struct visit *v, const struct engine *engine)
{
	struct page_lines pl;
	enum result_end end;
	size_t page = 0;
	int status;

	alert_record(v, engine);
	if (result_render(v, engine, &pl) != 0 || paginate(v, &pl) != 0) {
		status = EXIT_INTERNAL;
		goto fail;
	}
	tcsetattr(STDIN_FILENO, TCSANOW, &v->key_tio);
	end = result_pages(v, &pl, &page);

	/* After the result, which stays on the screen: the booking offer,
	 * only for a person who finished reading. */
	if (end == RESULT_READ)
		end = offer_show(v, engine);
	status = end == RESULT_HUNG_UP ? EXIT_IO : EXIT_RESULT;

fail:
	page_lines_clear(&pl);
	return status;
}

/* The visit from the welcome to the end; returns its exit status. */
static int visit_run(struct visit *v)
{
	struct quiz_options qopts;
	struct engine *engine = NULL;
	time_t started;
	int status;

	tcsetattr(STDIN_FILENO, TCSANOW, &v->key_tio);
	switch (welcome(v)) {
	case WELCOME_START:
		break;
	case WELCOME_STOP:
		return EXIT_NO_RESULT;
	case WELCOME_HUNG_UP:
		return EXIT_IO;
	}
	/* Keys pressed on the welcome screen go nowhere. */
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &v->line_tio);
	if (!v->is_accessible)
		fputs(CLEAR_SCREEN, stdout);

	engine = engine_new(v->opts->tree);
	if (!engine)
		return EXIT_INTERNAL;
	started = time(NULL);
	memset(&qopts, 0, sizeof(qopts));
	qopts.in = stdin;
	qopts.out = stdout;
	qopts.use_color = v->use_color;
	qopts.is_accessible = v->is_accessible;
	qopts.idle_ms = (int)v->opts->idle_seconds * 1000;
	qopts.on_idle = quiz_on_idle;
	qopts.idle_ctx = v;
	switch (quiz_run(engine, &qopts)) {
	case QUIZ_DONE:
		visit_measure(v);
		status = result_show(v, engine);
		break;
	case QUIZ_STOPPED:
	case QUIZ_IDLE:
		status = EXIT_NO_RESULT;
		break;
	case QUIZ_NOMEM:
		status = EXIT_INTERNAL;
		break;
	case QUIZ_IO_ERROR:
	default:
		status = EXIT_IO;
		break;
	}
	session_record(v, engine, started);
	engine_free(engine);
	return status;
}

/*
 * The top function of a visit's process, just after fork: it ends with
 * _exit and never returns to the supervisor's code. Its exit status is
 * EXIT_RESULT or EXIT_NO_RESULT for a visit that ended normally, EXIT_IO
 * when the terminal went away, EXIT_INTERNAL when something failed.
 */
static _Noreturn void visit_main(const struct kiosk_options *opts)
{
	struct rlimit no_core = {0, 0};
	struct visit v = {.opts = opts};
	const char *crash = getenv("RUNCHECK_KIOSK_TEST_CRASH");
	int status = EXIT_INTERNAL;

	/* Answers are health information: a crash must not write them to
	 * a core file. */
	setrlimit(RLIMIT_CORE, &no_core);
#ifdef __linux__
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
#endif
	if (visit_catch_signals() != 0 || kiosk_lock_readline() != 0)
		goto out;
	if (tcgetattr(STDIN_FILENO, &v.line_tio) != 0) {
		status = EXIT_IO;
		goto out;
	}
	v.key_tio = v.line_tio;
	v.key_tio.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	v.key_tio.c_cc[VMIN] = 1;
	v.key_tio.c_cc[VTIME] = 0;
	v.is_accessible = quiz_is_accessible();
	v.use_color = quiz_use_color(stdout, false);
	v.is_crash_test = crash && strcmp(crash, "1") == 0;
	visit_measure(&v);

	status = visit_run(&v);
	tcsetattr(STDIN_FILENO, TCSANOW, &v.line_tio);
out:
	if (!visit_flush() && status != EXIT_INTERNAL)
		status = EXIT_IO;
	_exit(status);
}

/* The supervisor */

static const int ignored_signals[] = {SIGINT, SIGQUIT, SIGTSTP, SIGTTIN,
				      SIGTTOU};

struct supervisor {
	const struct kiosk_options *opts;
	struct termios saved_tio; /* as found; put back at the end */
	struct termios kiosk_tio; /* no suspend or quit character */
	struct sigaction old_ignored[ARRAY_LEN(ignored_signals)];
	struct sigaction old_chld;
	sigset_t waited; /* SIGTERM, SIGHUP and SIGCHLD, blocked */
	sigset_t old_mask;
	unsigned backoff; /* kiosk_backoff's doubling */
	pid_t child;	  /* the running visit, or -1 */
	bool is_forward_failing; /* the last forward failed (said once) */
};

/* SIGCHLD needs a handler to stay pending while it is blocked. */
static void on_child(int sig)
{
	(void)sig;
}

static void supervisor_setup(struct supervisor *sv)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = SIG_IGN;
	for (size_t i = 0; i < ARRAY_LEN(ignored_signals); i++)
		sigaction(ignored_signals[i], &sa, &sv->old_ignored[i]);
	sa.sa_handler = on_child;
	sigaction(SIGCHLD, &sa, &sv->old_chld);
	sigemptyset(&sv->waited);
	sigaddset(&sv->waited, SIGTERM);
	sigaddset(&sv->waited, SIGHUP);
	sigaddset(&sv->waited, SIGCHLD);
	sigprocmask(SIG_BLOCK, &sv->waited, &sv->old_mask);

	/* Ctrl-Z and Ctrl-\ become plain keys, which readline ignores. */
	sv->kiosk_tio = sv->saved_tio;
	sv->kiosk_tio.c_cc[VSUSP] = _POSIX_VDISABLE;
	sv->kiosk_tio.c_cc[VQUIT] = _POSIX_VDISABLE;
#ifdef VDSUSP
	sv->kiosk_tio.c_cc[VDSUSP] = _POSIX_VDISABLE;
#endif
	tcsetattr(STDIN_FILENO, TCSANOW, &sv->kiosk_tio);
}

/*
 * Waits up to timeout_ms (-1: for ever) for the visit to end or for
 * SIGTERM or SIGHUP. Returns 1 when the visit ended (*status set, and
 * sv->child is -1 again), 0 on timeout, -1 for a stop signal.
 */
static int supervisor_wait(struct supervisor *sv, int timeout_ms, int *status)
{
	long long deadline = now_ms() + timeout_ms;

	for (;;) {
		siginfo_t info;
		int sig;

		if (sv->child > 0 &&
		    waitpid(sv->child, status, WNOHANG) == sv->child) {
			sv->child = -1;
			return 1;
		}
		if (timeout_ms < 0) {
			sig = sigwaitinfo(&sv->waited, &info);
		} else {
			long long left = deadline - now_ms();
			struct timespec ts;

			if (left <= 0)
				return 0;
			ts.tv_sec = (time_t)(left / 1000);
			ts.tv_nsec = (long)(left % 1000) * 1000000L;
			sig = sigtimedwait(&sv->waited, &info, &ts);
		}
		if (sig == SIGTERM || sig == SIGHUP)
			return -1;
	}
}

/*
 * Forwards the outbox to a PostgreSQL store (store.h). A failure is said
 * on standard error once, until a forward succeeds again (said too): the
 * rows wait in the outbox meanwhile.
 */
static void forward_outbox(const char *uri, bool *is_failing)
{
	struct store_waiting left;
	char *message = NULL;

	if (store_outbox_forward(uri, &left, &message) == 0) {
		if (*is_failing)
			cli_error("database '%s': reached again; the outbox "
				  "is forwarded",
				  uri);
		*is_failing = false;
	} else if (!*is_failing) {
		cli_error("database '%s': %s; %lld requests, %lld sessions and "
			  "%lld alerts wait in the outbox '%s'",
			  uri, message ? message : "out of memory",
			  (long long)left.requests, (long long)left.sessions,
			  (long long)left.alerts, store_outbox_path());
		*is_failing = true;
	}
	fflush(stderr);
	free(message);
}

/*
 * Waits as supervisor_wait for ever does; with a PostgreSQL store, first
 * forwards the outbox (at the kiosk's start, and between patients: the
 * visit just started shows its welcome screen meanwhile, so nobody waits
 * for the network), then again every FORWARD_EVERY_MS.
 */
static int supervisor_wait_forwarding(struct supervisor *sv, int *status)
{
	const char *path = store_path(sv->opts->db_path);
	int rc;

	if (!store_is_uri(path))
		return supervisor_wait(sv, -1, status);
	do
		forward_outbox(path, &sv->is_forward_failing);
	while ((rc = supervisor_wait(sv, FORWARD_EVERY_MS, status)) == 0);
	return rc;
}

/* Ends the running visit: SIGTERM, then SIGKILL when it lingers. */
static void supervisor_end_child(struct supervisor *sv)
{
	long long deadline = now_ms() + STOP_WAIT_MS;
	int status;

	if (sv->child <= 0)
		return;
	kill(sv->child, SIGTERM);
	for (;;) {
		long long left = deadline - now_ms();

		if (left <= 0 || supervisor_wait(sv, (int)left, &status) >= 0)
			break;
	}
	if (sv->child <= 0)
		return;
	kill(sv->child, SIGKILL);
	while (waitpid(sv->child, &status, 0) < 0 && errno == EINTR)
		;
	sv->child = -1;
}

static void supervisor_teardown(struct supervisor *sv)
{
	struct timespec zero = {0, 0};

	supervisor_end_child(sv);
	tcsetattr(STDIN_FILENO, TCSANOW, &sv->saved_tio);
	write_all(STDOUT_FILENO, CLEAR_ALL);
	/* A second stop signal must not kill us once unblocked. */
	while (sigtimedwait(&sv->waited, NULL, &zero) > 0)
		;
	sigprocmask(SIG_SETMASK, &sv->old_mask, NULL);
	sigaction(SIGCHLD, &sv->old_chld, NULL);
	for (size_t i = 0; i < ARRAY_LEN(ignored_signals); i++)
		sigaction(ignored_signals[i], &sv->old_ignored[i], NULL);
}

/* True when the visit crashed; says so on standard error. */
static bool report_crash(int status, bool is_started)
{
	if (!is_started) {
		cli_error("cannot start a session: %s; trying again",
			strerror(errno));
		return true;
	}
	if (WIFSIGNALED(status)) {
		fprintf(stderr,
			"runcheck: session ended by signal %d; starting a new "
			"one\n",
			WTERMSIG(status));
		return true;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) != EXIT_RESULT &&
	    WEXITSTATUS(status) != EXIT_NO_RESULT) {
		fprintf(stderr,
			"runcheck: session failed with status %d; starting a "
			"new one\n",
			WEXITSTATUS(status));
		return true;
	}
	return false;
}

static enum kiosk_end supervisor_loop(struct supervisor *sv)
{
	write_all(STDOUT_FILENO, CLEAR_ALL);
	for (;;) {
		long long started = now_ms();
		int status = 0;
		int fork_errno;
		bool is_crash;
		unsigned wait_s;
		pid_t pid;

		/* Nothing buffered may be written twice. */
		fflush(stdout);
		fflush(stderr);
		pid = fork();
		if (pid == 0) {
			sigprocmask(SIG_SETMASK, &sv->old_mask, NULL);
			sigaction(SIGCHLD, &sv->old_chld, NULL);
			visit_main(sv->opts);
		}
		fork_errno = errno;
		sv->child = pid;
		if (pid > 0 && supervisor_wait_forwarding(sv, &status) < 0)
			return KIOSK_STOPPED;

		/* The next patient finds a clean terminal: settings put
		 * back, keys typed ahead dropped, screen and scrollback
		 * cleared. */
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &sv->kiosk_tio);
		write_all(STDOUT_FILENO, CLEAR_ALL);
		if (pid > 0 && WIFEXITED(status) &&
		    WEXITSTATUS(status) == EXIT_IO)
			return KIOSK_HUNG_UP;
		errno = fork_errno;
		is_crash = report_crash(status, pid > 0);
		wait_s = kiosk_backoff(&sv->backoff, now_ms() - started,
				       is_crash);
		if (wait_s > 0 &&
		    supervisor_wait(sv, (int)wait_s * 1000, &status) < 0)
			return KIOSK_STOPPED;
	}
}

enum kiosk_end kiosk_run(const struct kiosk_options *opts)
{
	struct supervisor sv = {.opts = opts, .child = -1};
	enum kiosk_end end;

	if (tcgetattr(STDIN_FILENO, &sv.saved_tio) != 0)
		return KIOSK_FAILED;
	supervisor_setup(&sv);
	end = supervisor_loop(&sv);
	supervisor_teardown(&sv);
	return end;
}

/* The kiosk command */

bool kiosk_is_name(const char *name)
{
	size_t len = strlen(name);

	if (len == 0 || len > KIOSK_NAME_MAX)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') ||
		      (name[i] >= 'A' && name[i] <= 'Z') ||
		      (name[i] >= '0' && name[i] <= '9') ||
		      strchr(".-_", name[i])))
			return false;
	return true;
}

static bool parse_seconds_option(const char *name, const char *value,
				 unsigned *seconds)
{
	if (kiosk_parse_seconds(value, seconds))
		return true;
	cli_error("%s needs a whole number of seconds from 1 to %d, not '%s'",
		  name, KIOSK_SECONDS_MAX, value);
	return false;
}

static bool take_idle(const char *value, void *seconds)
{
	return parse_seconds_option("--idle", value, seconds);
}

static bool take_grace(const char *value, void *seconds)
{
	return parse_seconds_option("--grace", value, seconds);
}

static bool take_name(const char *value, void *name)
{
	if (!kiosk_is_name(value)) {
		cli_error("invalid kiosk name '%s' (1 to %d letters, digits, "
			  "'.', '-' or '_')",
			  value, KIOSK_NAME_MAX);
		return false;
	}
	*(const char **)name = value;
	return true;
}

static bool take_outbox(const char *value, void *outbox)
{
	if (!*value) {
		cli_error("--outbox needs a file");
		return false;
	}
	*(const char **)outbox = value;
	return true;
}

int cmd_kiosk(int argc, char **argv)
{
	static const struct cmd kiosk = {.name = "kiosk"};
	const char *name = NULL;
	const char *outbox = NULL;
	struct kiosk_options opts = {
		.idle_seconds = KIOSK_IDLE_DEFAULT,
		.grace_seconds = KIOSK_GRACE_DEFAULT,
	};
	const char *tree_path = NULL;
	const char *clinic_path = NULL;
	const struct cmd_option options[] = {
		{"tree", 0, CMD_VALUE, .value = &tree_path},
		{"clinic", 0, CMD_VALUE, .value = &clinic_path},
		{"idle", 0, CMD_VALUE, .take = take_idle,
		 .to = &opts.idle_seconds},
		{"grace", 0, CMD_VALUE, .take = take_grace,
		 .to = &opts.grace_seconds},
		{"db", 0, CMD_VALUE, .value = &opts.db_path},
		{"name", 0, CMD_VALUE, .take = take_name, .to = &name},
		{"outbox", 0, CMD_VALUE, .take = take_outbox, .to = &outbox},
		{NULL},
	};
	struct tree *tree = NULL;
	struct clinic *clinic = NULL;
	int status;

	status = cmd_parse_only(&kiosk, options, argc, argv);
	if (status != CMD_GO_ON)
		return status;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fputs("runcheck: kiosk needs a terminal\n", stderr);
		return EXIT_USAGE;
	}
	store_outbox_setup(name, outbox, true);

	status = cli_load_tree(tree_path, 0, &tree);
	if (status != EXIT_RESULT)
		goto fail;
	status = cli_load_clinic(clinic_path, &clinic);
	if (status != EXIT_RESULT)
		goto fail;
	opts.tree = tree;
	opts.clinic = clinic;

	switch (kiosk_run(&opts)) {
	case KIOSK_STOPPED:
		status = EXIT_RESULT;
		break;
	case KIOSK_HUNG_UP:
		fputs("runcheck: the terminal went away; the kiosk ends\n",
		      stderr);
		status = EXIT_IO;
		break;
	case KIOSK_FAILED:
		cli_error("cannot set up the terminal: %s",
			strerror(errno));
		status = EXIT_IO;
		break;
	}

fail:
	clinic_free(clinic);
	tree_free(tree);
	return status;
}
