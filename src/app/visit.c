/*
 * visit.c - one patient's visit at the kiosk, in the process the
 * supervisor (kiosk.c) forks for it: the welcome screen, the quiz, the
 * result a screen at a time, and the booking offer after it.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <readline/readline.h>

#include "commands.h"
#include "engine.h"
#include "i18n.h"
#include "kiosk.h"
#include "l10n.h"
#include "lang.h"
#include "offer.h"
#include "pager.h"
#include "quiz.h"
#include "result.h"
#include "speak.h"
#include "store.h"
#include "session.h"
#include "term.h"
#include "tree.h"
#include "visit.h"
#include "wrap.h"

/* The rest of an escape sequence comes within this after its ESC. */
#define KEY_REST_MS 30

#define CTRL_D '\004'

#define STILL_THERE _("Are you still there? Press any key.")
#define DESK_ALERTED                                                           \
	_("Please tell the front desk now: they have been alerted.")

/* Columns to wrap to with ACCESSIBLE: none, a paragraph is one line. */
#define NO_WRAP 100000

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

int visit_lock_readline(void)
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
	/* A kiosk never beeps: not at an unbound key, nor at a completion
	 * that finds nothing. */
	rl_variable_bind("bell-style", "none");
	term_unbind(unsafe, ARRAY_LEN(unsafe));
	return 0;
}

/*
 * While the welcome and the result are shown, SIGINT, SIGTERM and SIGHUP
 * end the visit and SIGWINCH redraws; quiz_run puts its own handlers in
 * place while it runs and these back when it returns.
 */
static volatile sig_atomic_t visit_got_stop;
static volatile sig_atomic_t visit_got_winch;

struct visit {
	const struct kiosk_options *opts;
	struct termios line_tio; /* as the supervisor left it; for readline */
	struct termios key_tio;	 /* a key at a time, not echoed */
	size_t width;
	size_t measure; /* columns of running text (term_measure) */
	size_t rows;
	bool use_color;
	bool is_accessible;
#ifdef RUNCHECK_TEST_HOOKS
	bool is_crash_test; /* RUNCHECK_KIOSK_TEST_CRASH=1 */
	char typed[6];	    /* the last keys typed at the welcome */
#endif
	bool has_request;	 /* the booking offer stored a request */
	bool is_alerted;	 /* the front desk was alerted (alert_record) */
	struct speaker *speaker; /* --speak (visit_speak_start); NULL: silent */
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
	if (sig == SIGWINCH)
		visit_got_winch = 1;
	else
		visit_got_stop = 1;
	term_wake();
}

/* Sets up the visit's signals and opens the terminal layer's wake pipe
 * for the whole visit; returns -1 when the pipe cannot be made. */
static int visit_catch_signals(void)
{
	static const int caught[] = {SIGINT, SIGTERM, SIGHUP, SIGWINCH};
	static const int ignored[] = {SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU};
	struct sigaction sa;

	if (term_wake_open() != 0)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = SIG_IGN;
	for (size_t i = 0; i < ARRAY_LEN(ignored); i++)
		sigaction(ignored[i], &sa, NULL);
	/* No SA_RESTART: a wait must end so that the flags are seen. */
	sa.sa_handler = visit_on_signal;
	for (size_t i = 0; i < ARRAY_LEN(caught); i++)
		sigaction(caught[i], &sa, NULL);
	return 0;
}

/* Reads more keys into buf after *len while they come within
 * KEY_REST_MS of each other, so that an escape sequence or a burst of
 * typing is taken whole. */
static void read_rest(char *buf, size_t size, size_t *len)
{
	size_t got;

	while (*len < size && term_read(STDIN_FILENO, buf + *len, size - *len,
					term_now_ms() + KEY_REST_MS, NULL, NULL,
					&got) == TERM_WAIT_INPUT)
		*len += got;
}

/* term_wait's look at the visit's flags: a stop, or a resize (which sets
 * *(bool *)ctx); true ends the wait. */
static bool visit_on_wake(void *ctx)
{
	bool *is_resized = ctx;

	if (visit_got_stop)
		return true;
	if (visit_got_winch) {
		visit_got_winch = 0;
		*is_resized = true;
		return true;
	}
	return false;
}

/*
 * Waits up to timeout_ms (-1: for ever) for keys at standard input, which
 * must be in key_tio's mode, and reads them into buf (*len bytes, at least
 * one).
 */
static enum key_wait wait_keys(int timeout_ms, char *buf, size_t size,
			       size_t *len)
{
	long long deadline = timeout_ms < 0 ? -1 : term_now_ms() + timeout_ms;
	bool is_resized = false;

	switch (term_read(STDIN_FILENO, buf, size, deadline, visit_on_wake,
			  &is_resized, len)) {
	case TERM_WAIT_INPUT:
		read_rest(buf, size, len);
		return KEY_READ;
	case TERM_WAIT_STOP:
		return is_resized ? KEY_RESIZE : KEY_STOP;
	case TERM_WAIT_TIMEOUT:
		return KEY_TIMEOUT;
	case TERM_WAIT_END:
	default:
		return KEY_HUNG_UP;
	}
}

static void visit_measure(struct visit *v)
{
	v->width = term_width(stdout);
	v->measure = term_measure(stdout);
	v->rows = term_rows(stdout);
}

/* Output goes through stdout; a failed write means the terminal is gone. */
static bool visit_flush(void)
{
	return fflush(stdout) != EOF && !ferror(stdout);
}

static void put_bold(const struct visit *v, const char *text)
{
	if (v->use_color)
		fputs(ANSI_BOLD, stdout);
	fputs(text, stdout);
	if (v->use_color)
		fputs(ANSI_RESET, stdout);
}

/*
 * text wrapped to the screen's width without its last newline, and the
 * rows it takes in *rows: a new string (caller frees), or NULL when out
 * of memory.
 */
static char *visit_wrap(const struct visit *v, const char *text, size_t *rows)
{
	char *wrapped = text_wrap(text, v->width, 0, 0);
	size_t len;

	if (!wrapped)
		return NULL;
	len = strlen(wrapped);
	if (len > 0 && wrapped[len - 1] == '\n')
		wrapped[--len] = '\0';
	*rows = 1;
	for (size_t i = 0; i < len; i++)
		*rows += wrapped[i] == '\n';
	return wrapped;
}

/* As put_bold, wrapped to the screen's width; the rows it took. */
static size_t put_bold_wrapped(const struct visit *v, const char *text)
{
	size_t rows;
	char *wrapped = visit_wrap(v, text, &rows);

	if (!wrapped) {
		put_bold(v, text);
		return 1;
	}
	put_bold(v, wrapped);
	free(wrapped);
	return rows;
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

/*
 * The languages offered, by number, each named in itself ("1 English ·
 * 2 中文 · 3 Tiếng Việt"), the one in use in brackets; NULL for one
 * language.
 * A new string, or NULL when out of memory (errno).
 */
static char *welcome_languages(const struct visit *v)
{
	const struct kiosk_options *o = v->opts;
	char *buf = NULL;
	size_t size = 0;
	FILE *f;

	if (o->language_count < 2)
		return NULL;
	f = open_memstream(&buf, &size);
	if (!f)
		return NULL;
	for (size_t i = 0; i < o->language_count; i++)
		fprintf(f, "%s%s%zu %s%s", i ? " \u00b7 " : "",
			o->languages[i] == l10n_current() ? "[" : "", i + 1,
			o->languages[i]->self_name,
			o->languages[i] == l10n_current() ? "]" : "");
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

static void welcome_draw(struct visit *v)
{
	const struct tree *tree = v->opts->tree;
	char *languages = welcome_languages(v);
	const struct paragraph paragraphs[] = {
		{l10n_tree_text(tree, "tree title", tree_title(tree)), true, 2},
		{_("A few questions about a running pain, one at a time. At "
		   "the end you will see what it may be and what to do next."),
		 false, 1},
		{l10n_tree_text(tree, "tree disclaimer", tree_disclaimer(tree)),
		 false, 1},
		{_("When you finish, your answers are cleared from the "
		   "screen."),
		 false, 2},
		{languages ? languages : "", false, languages ? 1 : 0},
		{languages ? _("Press a language's number to change the "
			       "language.")
			   : "",
		 false, languages ? 2 : 0},
		{_("Press Enter to start"), true, 0},
	};
	char *wrapped[ARRAY_LEN(paragraphs)] = {NULL};
	size_t text_cols = v->is_accessible || v->width < 50 ? v->measure
							     : v->width * 4 / 5;
	size_t lines = 0;

	if (text_cols > v->measure)
		text_cols = v->measure;
	if (v->is_accessible)
		text_cols = NO_WRAP;
	for (size_t i = 0; i < ARRAY_LEN(paragraphs); i++) {
		wrapped[i] = text_wrap(paragraphs[i].text, text_cols, 0, 0);
		if (!wrapped[i])
			goto fail;
		for (const char *p = wrapped[i]; *p; p++)
			lines += *p == '\n';
		lines += (size_t)paragraphs[i].space_after;
	}
	fputs(ANSI_CLEAR_SCREEN, stdout);
	if (!v->is_accessible)
		for (size_t i = lines; i + 2 <= v->rows; i += 2)
			fputc('\n', stdout);
	for (size_t i = 0; i < ARRAY_LEN(paragraphs); i++) {
		char *line = wrapped[i];

		while (*line) {
			char *end = strchr(line, '\n');
			size_t cols;

			*end = '\0';
			cols = wrap_width(line, (size_t)(end - line));
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
	free(languages);
}

enum welcome_end {
	WELCOME_START,
	WELCOME_STOP,
	WELCOME_HUNG_UP,
};

#ifdef RUNCHECK_TEST_HOOKS
/*
 * Test builds only (build/tests/runcheck-hooks, never the shipped
 * program): with RUNCHECK_KIOSK_TEST_CRASH=1, typing crash! at the
 * welcome makes the visit abort(3), so that tests/e2e/kiosk.py can watch
 * a crashed session being replaced.
 */
static void crash_hook(struct visit *v, char key)
{
	static const char word[] = "crash!";

	memmove(v->typed, v->typed + 1, sizeof(v->typed) - 1);
	v->typed[sizeof(v->typed) - 1] = key;
	if (v->is_crash_test && memcmp(v->typed, word, sizeof(v->typed)) == 0)
		abort();
}

static void crash_hook_arm(struct visit *v)
{
	const char *crash = getenv("RUNCHECK_KIOSK_TEST_CRASH");

	v->is_crash_test = crash && strcmp(crash, "1") == 0;
}
#else
/* The shipped program has no crash hook. */
static void crash_hook(struct visit *v, char key)
{
	(void)v;
	(void)key;
}

static void crash_hook_arm(struct visit *v)
{
	(void)v;
}
#endif

/* A language's number chooses it (the welcome is drawn again). */
static void welcome_choose(const struct visit *v, char key)
{
	size_t n = (size_t)(key - '0');

	if (key >= '1' && key <= '9' && n <= v->opts->language_count &&
	    v->opts->language_count > 1)
		l10n_use(v->opts->languages[n - 1]);
}

/*
 * Shows the welcome until Enter. It has no idle timeout: it is what an
 * idle kiosk shows. Other keys are read and dropped.
 */
static enum welcome_end welcome(struct visit *v)
{
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
			welcome_choose(v, buf[i]);
			crash_hook(v, buf[i]);
		}
	}
}

/* Speech (--speak, speak.h): the visit's speaker and the quiz's hooks */

/* Says text aloud when the kiosk speaks. */
static void visit_say(const struct visit *v, const char *text)
{
	if (v->speaker)
		speak_say(v->speaker, text);
}

static void visit_say_question(void *ctx, const struct tree_question *q)
{
	const struct visit *v = ctx;

	speak_question(v->speaker, q);
}

static void visit_say_message(void *ctx, const char *text)
{
	visit_say(ctx, text);
}

/* The repeat command: the word alone, in any case, white space around. */
static bool visit_take_repeat(void *ctx, const char *line)
{
	const struct visit *v = ctx;
	size_t len;

	line += strspn(line, " \t");
	len = strlen(line);
	while (len > 0 && strchr(" \t\r\n", line[len - 1]))
		len--;
	if (len != 6 || strncasecmp(line, "repeat", 6) != 0)
		return false;
	speak_repeat(v->speaker);
	return true;
}

/*
 * With --speak, the visit's own speaker, in the language chosen at the
 * welcome, and the quiz's hooks that speak (qopts). A speaker that cannot
 * be made leaves the visit silent, with a warning. Test builds only:
 * RUNCHECK_SPEAK_WAV=DIR writes the speech to WAV files in DIR rather than
 * playing it, and RUNCHECK_SPEAK_PACE=1 writes it no faster than it would
 * play (tests/e2e/kiosk_speak.py).
 */
static void visit_speak_start(struct visit *v, struct quiz_options *qopts)
{
	struct speak_options so;
#ifdef RUNCHECK_TEST_HOOKS
	const char *pace = getenv("RUNCHECK_SPEAK_PACE");
#endif

	if (!v->opts->speak)
		return;
	so = *v->opts->speak;
	/* The language chosen at the welcome, whose texts the tree now
	 * holds; in English the tree's texts are its own language's. */
	if (strcmp(l10n_current()->tag, "en") != 0)
		so.language = l10n_current()->tag;
#ifdef RUNCHECK_TEST_HOOKS
	so.wav_dir = getenv("RUNCHECK_SPEAK_WAV");
	so.is_paced = pace && strcmp(pace, "1") == 0;
#endif
	v->speaker = speak_new(&so);
	if (!v->speaker) {
		fprintf(stderr, "runcheck: warning: speech is off: %s\n",
			strerror(errno));
		return;
	}
	qopts->on_question = visit_say_question;
	qopts->on_message = visit_say_message;
	qopts->on_line = visit_take_repeat;
	qopts->hook_ctx = v;
}

/* The quiz */

/*
 * quiz_run's idle callback. Readline has the terminal in its own mode, a
 * key at a time, unechoed, so the key that answers and the rest of its
 * burst are read here and dropped until the input is quiet, and never
 * land in the answer. A signal ends the wait as a key would, and quiz_run
 * then sees its own flag (SIGINT ends the quiz; SIGWINCH only redraws).
 */
static bool visit_on_idle(void *ctx)
{
	const struct visit *v = ctx;
	long long deadline =
		term_now_ms() + (long long)v->opts->grace_seconds * 1000;
	bool is_there;

	put_bold_wrapped(v, STILL_THERE);
	visit_say(v, STILL_THERE);
	if (!visit_flush())
		return false;
	switch (term_wait(STDIN_FILENO, deadline, NULL, NULL)) {
	case TERM_WAIT_INPUT:
		term_drain(STDIN_FILENO, TERM_QUIET_MS);
		is_there = true;
		break;
	case TERM_WAIT_STOP:
		is_there = true;
		break;
	case TERM_WAIT_TIMEOUT:
	case TERM_WAIT_END:
	default:
		is_there = false;
		break;
	}
	/* Readline draws the prompt again in its place. */
	fputs(v->is_accessible ? "\n" : ANSI_CLEAR_LINE, stdout);
	return is_there;
}

/* The result */

static int visit_render_result(const struct visit *v,
			       const struct engine *engine,
			       struct pager_text *pt)
{
	struct result_style style = {
		.width = v->measure,
		.use_color = v->use_color,
		.is_accessible = v->is_accessible,
		.show_qr = term_is_utf8(),
		.is_kiosk = true,
	};
	char *text = NULL;
	size_t size = 0;
	FILE *f;
	int rc;

	memset(pt, 0, sizeof(*pt));
	f = open_memstream(&text, &size);
	if (!f)
		return -1;
	if (v->is_alerted)
		fprintf(f, "%s\n\n", DESK_ALERTED);
	rc = result_print(f, engine, v->opts->clinic, &style);
	if (fclose(f) != 0 || rc != 0) {
		free(text);
		return -1;
	}
	return pager_load(pt, text, size, v->rows, v->width, v->is_accessible);
}

enum result_end {
	RESULT_READ,	/* the person is done with it */
	RESULT_BACK,	/* B at the booking offer: the result again */
	RESULT_STOP,	/* Ctrl-C, Ctrl-D, a signal, or nobody there */
	RESULT_HUNG_UP, /* the terminal went away */
};

/*
 * Waits for a page key, with the idle and grace times. Returns PAGER_NONE
 * for a stop or nobody there, with *end set.
 */
static enum pager_key page_wait(struct visit *v, const struct pager_text *pt,
				size_t page, enum result_end *end)
{
	char buf[64];
	size_t len;

	for (;;) {
		enum pager_key key;

		pager_prompt(stdout, pt, page, v->use_color, v->is_accessible);
		if (!visit_flush()) {
			*end = RESULT_HUNG_UP;
			return PAGER_NONE;
		}
		switch (wait_keys((int)v->opts->idle_seconds * 1000, buf,
				  sizeof(buf), &len)) {
		case KEY_READ:
			key = pager_key(buf, len);
			if (key != PAGER_NONE)
				return key;
			continue;
		case KEY_RESIZE:
			continue;
		case KEY_TIMEOUT:
			pager_say(stdout, pt, page, STILL_THERE, v->use_color,
				  v->is_accessible);
			visit_say(v, STILL_THERE);
			if (!visit_flush()) {
				*end = RESULT_HUNG_UP;
				return PAGER_NONE;
			}
			if (still_there(v))
				continue;
			*end = RESULT_STOP;
			return PAGER_NONE;
		case KEY_STOP:
			*end = RESULT_STOP;
			return PAGER_NONE;
		case KEY_HUNG_UP:
			*end = RESULT_HUNG_UP;
			return PAGER_NONE;
		}
	}
}

/*
 * Shows the result a screen at a time, from page *page, until the person
 * leaves its last page. The last page stays on the screen.
 */
static enum result_end
visit_page_result(struct visit *v, const struct pager_text *pt, size_t *page)
{
	size_t pages = pt->pages;
	enum result_end end = RESULT_READ;

	for (;;) {
		pager_draw(stdout, pt, *page, v->is_accessible);
		switch (page_wait(v, pt, *page, &end)) {
		case PAGER_NONE:
			return end;
		case PAGER_END:
			/* As at every other prompt of the kiosk: no booking
			 * offer follows. */
			return RESULT_STOP;
		case PAGER_NEXT:
			if (*page + 1 >= pages) {
				/* Nothing stale above what comes next. */
				pager_unprompt(stdout, pt, *page,
					       v->is_accessible);
				return RESULT_READ;
			}
			(*page)++;
			break;
		case PAGER_BACK:
			if (*page > 0)
				(*page)--;
			break;
		}
	}
}

/* After the offer: the thank-you stays until Enter, or until nobody has
 * pressed a key for the idle and grace times. */
static enum result_end visit_wait_finish(struct visit *v)
{
	int idle_ms =
		(int)(v->opts->idle_seconds + v->opts->grace_seconds) * 1000;
	char buf[64];
	size_t len;

	for (;;) {
		fputc('\n', stdout);
		put_bold(v, _("Press Enter to finish."));
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
			fputs(ANSI_CLEAR_LINE, stdout);
	}
}

/*
 * The booking offer beneath the result (offer.h), for consult and
 * self_care results when there is a clinic to book with: line mode with
 * echo while the person types, the database of --db or $RUNCHECK_DB.
 * A database that fails is the offer's to report; the kiosk goes on.
 */
static enum result_end visit_offer(struct visit *v, const struct engine *engine)
{
	struct offer_io io = {
		.in = stdin,
		.out = stdout,
		.err = stderr,
		.width = v->is_accessible ? NO_WRAP : v->measure,
		.is_accessible = v->is_accessible,
		.idle_ms =
			(int)(v->opts->idle_seconds + v->opts->grace_seconds) *
			1000,
		.stop_flag = &visit_got_stop,
		.may_go_back = true,
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
	case OFFER_BACK:
		return RESULT_BACK;
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
	return visit_wait_finish(v);
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

	session_of_walk(&session, engine, (int64_t)started,
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
static int visit_show_result(struct visit *v, const struct engine *engine)
{
	struct pager_text pt;
	enum result_end end;
	size_t page = 0;
	int status;

	alert_record(v, engine);
	if (v->speaker)
		speak_result(v->speaker, engine, v->opts->clinic,
			     v->is_alerted ? DESK_ALERTED : NULL);
	if (visit_render_result(v, engine, &pt) != 0) {
		status = EXIT_INTERNAL;
		goto fail;
	}
	/* After the result, which stays on the screen: the booking offer,
	 * only for a person who finished reading; B there shows the result
	 * again, at its last page. */
	do {
		tcsetattr(STDIN_FILENO, TCSANOW, &v->key_tio);
		end = visit_page_result(v, &pt, &page);
		if (end == RESULT_READ)
			end = visit_offer(v, engine);
	} while (end == RESULT_BACK);
	status = end == RESULT_HUNG_UP ? EXIT_IO : EXIT_RESULT;

fail:
	pager_clear(&pt);
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
		fputs(ANSI_CLEAR_SCREEN, stdout);

	/* This process's own copy of the tree and clinic, in the language
	 * chosen; the next visit starts again from the supervisor's. */
	if (!l10n_translate_tree(v->opts->tree) ||
	    (v->opts->clinic && !l10n_translate_clinic(v->opts->clinic)))
		return EXIT_INTERNAL;
	engine = engine_new(v->opts->tree);
	if (!engine)
		return EXIT_INTERNAL;
	started = time(NULL);
	memset(&qopts, 0, sizeof(qopts));
	qopts.in = stdin;
	qopts.out = stdout;
	qopts.use_color = v->use_color;
	qopts.is_accessible = v->is_accessible;
	qopts.is_welcomed = true;
	qopts.is_draft_language =
		!l10n_is_reviewed(l10n_current(), v->opts->tree);
	qopts.idle_ms = (int)v->opts->idle_seconds * 1000;
	qopts.on_idle = visit_on_idle;
	qopts.idle_ctx = v;
	visit_speak_start(v, &qopts);
	switch (quiz_run(engine, &qopts)) {
	case QUIZ_DONE:
		visit_measure(v);
		status = visit_show_result(v, engine);
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
	/* Nothing said to this patient outlives the visit. */
	speak_free(v->speaker);
	v->speaker = NULL;
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
_Noreturn void visit_main(const struct kiosk_options *opts)
{
	struct rlimit no_core = {0, 0};
	struct visit v = {.opts = opts};
	int status = EXIT_INTERNAL;

	/* Answers are health information: a crash must not write them to
	 * a core file. */
	setrlimit(RLIMIT_CORE, &no_core);
#ifdef __linux__
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
#endif
	if (visit_catch_signals() != 0 || visit_lock_readline() != 0)
		goto out;
	if (tcgetattr(STDIN_FILENO, &v.line_tio) != 0) {
		status = EXIT_IO;
		goto out;
	}
	v.key_tio = v.line_tio;
	v.key_tio.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	v.key_tio.c_cc[VMIN] = 1;
	v.key_tio.c_cc[VTIME] = 0;
	v.is_accessible = term_is_accessible();
	v.use_color = term_use_color(stdout, false);
	crash_hook_arm(&v);
	visit_measure(&v);

	status = visit_run(&v);
	tcsetattr(STDIN_FILENO, TCSANOW, &v.line_tio);
out:
	if (!visit_flush() && status != EXIT_INTERNAL)
		status = EXIT_IO;
	_exit(status);
}
