/*
 * quiz.c - the quiz: readline at a terminal, one answer a line from a pipe,
 * and the quiz command (cmd_quiz) around them.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "clinic.h"
#include "commands.h"
#include "engine.h"
#include "i18n.h"
#include "l10n.h"
#include "pager.h"
#include "quiz.h"
#include "result.h"
#include "term.h"
#include "text.h"
#include "tree.h"
#include "wrap.h"

#define OPTION_INDENT 2

static const char *const command_words[] = {
	"back", "restart", "why", "help", "quit",
};

enum read_status {
	READ_LINE,
	READ_EOF,	/* end of input, or the terminal hung up */
	READ_INTERRUPT, /* SIGINT, SIGQUIT, SIGTERM or SIGHUP */
	READ_IDLE,
	READ_NOMEM,
};

struct session {
	struct engine *engine;
	const struct quiz_options *opts;
	FILE *in;
	FILE *out;
	size_t width;
	bool use_color;
	bool is_accessible;
	bool is_terminal; /* readline, rather than a line a read */
	bool has_failed;  /* a write to out failed; errno kept in write_errno */
	int write_errno;

	/* At a terminal: the line reader between it and readline. */
	struct term_reader reader;
};

/*
 * Readline calls back with no context, so the session being read for is
 * kept here while the terminal front end runs. Only one quiz runs at once.
 */
static struct session *rl_session;

/* Set by the signal handler, which wakes the terminal layer's wait
 * (term_wake). */
static volatile sig_atomic_t got_stop;
static volatile sig_atomic_t got_winch;
static volatile sig_atomic_t got_suspend;
static volatile sig_atomic_t got_continue;

/* Output */

static void put(struct session *s, const char *text)
{
	if (s->has_failed)
		return;
	if (fputs(text, s->out) == EOF) {
		s->has_failed = true;
		s->write_errno = errno;
	}
}

static void nomem(struct session *s)
{
	if (!s->has_failed) {
		s->has_failed = true;
		s->write_errno = ENOMEM;
	}
}

/*
 * Writes text wrapped to the width with every line indented by indent;
 * label, when not NULL, takes the place of the first line's indent. The
 * colour, when on, ends before the last newline.
 */
static void put_wrapped(struct session *s, const char *text, size_t indent,
			const char *label, const char *color)
{
	char *wrapped;

	if (s->has_failed)
		return;
	if (s->is_accessible) {
		/* For a screen reader or a braille display: the item on one
		 * line as it is, no hard wrap, no indent. */
		size_t len = strlen(text);

		while (len > 0 &&
		       (text[len - 1] == '\n' || text[len - 1] == ' '))
			len--;
		if (label) {
			put(s, label + strspn(label, " "));
			put(s, " ");
		}
		if (!s->has_failed && fwrite(text, 1, len, s->out) != len) {
			s->has_failed = true;
			s->write_errno = errno;
		}
		put(s, "\n");
		return;
	}
	wrapped = text_wrap_block(text, s->width, indent, label);
	if (!wrapped) {
		nomem(s);
		return;
	}
	if (color && s->use_color)
		put(s, color);
	put(s, wrapped);
	if (color && s->use_color)
		put(s, ANSI_RESET);
	put(s, "\n");
	free(wrapped);
}

static void show_intro(struct session *s)
{
	const struct tree *tree = engine_tree(s->engine);
	const char *title = tree_title(tree);
	bool is_welcomed = s->opts->is_welcomed;

	if (!is_welcomed)
		put_wrapped(s, title, 0, NULL, ANSI_BOLD);
	if (!is_welcomed && !s->is_accessible) {
		size_t n = wrap_width(title, strlen(title));
		char rule[81];

		if (n > s->width)
			n = s->width;
		if (n > sizeof(rule) - 1)
			n = sizeof(rule) - 1;
		memset(rule, '=', n);
		rule[n] = '\0';
		put(s, rule);
		put(s, "\n");
	}
	if (!is_welcomed)
		put(s, "\n");
	/* At the kiosk too: the welcome does not say it. */
	if (s->opts->is_draft_language) {
		put_wrapped(s,
			    _("This translation is a draft: a qualified "
			      "medical translator and the clinic's clinician "
			      "have not yet checked it. If anything is "
			      "unclear, use the English."),
			    0, NULL, ANSI_BOLD);
		put(s, "\n");
	}
	if (!is_welcomed) {
		put_wrapped(s, tree_disclaimer(tree), 0, NULL, NULL);
		put(s, "\n");
	}
	put_wrapped(s,
		    _("Answer one question at a time. Type help at any "
		      "question for the answers it takes and the commands."),
		    0, NULL, NULL);
}

static void show_options(struct session *s, const struct tree_question *q)
{
	/* Wide enough for "64. " after the indent. */
	size_t indent = OPTION_INDENT + (q->option_count >= 10 ? 4 : 3);

	for (size_t i = 0; i < q->option_count; i++) {
		char label[32];

		snprintf(label, sizeof(label), "%*s%zu.", OPTION_INDENT, "",
			 i + 1);
		put_wrapped(s, q->options[i].text, indent, label, NULL);
	}
}

static void show_question(struct session *s)
{
	const struct tree *tree = engine_tree(s->engine);
	const struct tree_question *q =
		tree_question(tree, engine_question(s->engine));
	char line[512];

	put(s, "\n");
	put_wrapped(s, q->ask, 0, NULL, ANSI_BOLD);
	switch (q->type) {
	case TREE_CHOICE:
		show_options(s, q);
		break;
	case TREE_YESNO:
		/* A screen reader would read the slashes. */
		if (s->is_accessible)
			put_wrapped(s,
				    q->has_unsure
					    ? _("Answer yes, no or not sure.")
					    : _("Answer yes or no."),
				    0, NULL, NULL);
		else
			put_wrapped(s,
				    q->has_unsure ? _("yes / no / not sure")
						  : _("yes / no"),
				    OPTION_INDENT, NULL, NULL);
		break;
	case TREE_MULTI:
		show_options(s, q);
		put_wrapped(s,
			    _("Type the numbers that apply, separated by "
			      "commas, or none."),
			    0, NULL, NULL);
		break;
	case TREE_SCALE:
		snprintf(line, sizeof(line), _("A number from %lld to %lld"),
			 q->min, q->max);
		put_wrapped(s, line, 0, NULL, NULL);
		break;
	}
}

/* Shows the walk's question anew, and tells the on_question hook. */
static void show_new_question(struct session *s)
{
	show_question(s);
	if (s->opts->on_question)
		s->opts->on_question(s->opts->hook_ctx,
				     tree_question(engine_tree(s->engine),
						   engine_question(s->engine)));
}

static void show_help(struct session *s)
{
	const struct tree_question *q =
		tree_question(engine_tree(s->engine),
			      engine_question(s->engine));
	struct engine_answer answer;
	bool takes_no;
	char line[512];

	put(s, "\n");
	switch (q->type) {
	case TREE_CHOICE:
		put_wrapped(s,
			    _("Answer with the number of an option, or with "
			      "its text, the start of it, or words found in "
			      "that option alone."),
			    0, NULL, NULL);
		break;
	case TREE_YESNO:
		put_wrapped(s,
			    q->has_unsure ? _("Answer yes or no (y or n), or "
					      "not sure (?).")
					  : _("Answer yes or no (y or n)."),
			    0, NULL, NULL);
		break;
	case TREE_MULTI:
		/* The other words for none, where this question takes them
		 * (not where an option begins with them). */
		takes_no = engine_parse_answer(q, "no", &answer, NULL, 0) &&
			   engine_parse_answer(q, "nothing", &answer, NULL, 0);
		put_wrapped(s,
			    takes_no ? _("Answer with the numbers of every "
					 "option that applies, separated by "
					 "commas or spaces, or with none (or "
					 "no, or nothing).")
				     : _("Answer with the numbers of every "
					 "option that applies, separated by "
					 "commas or spaces, or with none."),
			    0, NULL, NULL);
		break;
	case TREE_SCALE:
		snprintf(line, sizeof(line),
			 _("Answer with a whole number from %lld to %lld."),
			 q->min, q->max);
		put_wrapped(s, line, 0, NULL, NULL);
		break;
	}
	put_wrapped(s,
		    _("Commands: back (undo the last answer), restart "
		      "(start again), why (why this is asked), help, quit."),
		    0, NULL, NULL);
	if (s->is_terminal)
		put_wrapped(s,
			    _("Press Tab to complete an answer or a command."),
			    0, NULL, NULL);
}

static void show_why(struct session *s)
{
	const struct tree_question *q =
		tree_question(engine_tree(s->engine),
			      engine_question(s->engine));
	const char *why = q->why ? q->why
				 : _("There is nothing more to say about "
				     "this question.");

	put(s, "\n");
	put_wrapped(s, why, 0, NULL, NULL);
	if (s->opts->on_message)
		s->opts->on_message(s->opts->hook_ctx, why);
}

/* Whether text ends as a sentence does: '.', '?', or a translation's
 * own full stop, question or exclamation mark (。？！). */
static bool ends_sentence(const char *text, size_t len)
{
	static const char *const marks[] = {"\u3002", "\uff1f", "\uff01"};

	if (len > 0 && (text[len - 1] == '.' || text[len - 1] == '?'))
		return true;
	for (size_t i = 0; i < sizeof(marks) / sizeof(*marks); i++) {
		size_t n = strlen(marks[i]);

		if (len >= n && memcmp(text + len - n, marks[i], n) == 0)
			return true;
	}
	return false;
}

/*
 * The engine's reason as a sentence. It may quote what was typed, which
 * can hold any byte, so control characters are shown as '?' rather than
 * sent to the terminal.
 */
static void show_refusal(struct session *s, const char *reason)
{
	size_t len = strlen(reason);
	char *sentence = malloc(len + 2);

	if (!sentence) {
		nomem(s);
		return;
	}
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)reason[i];

		if (c < 0x20 || c == 0x7f)
			sentence[i] = '?';
		else
			sentence[i] = reason[i];
	}
	if (len > 0 && sentence[0] >= 'a' && sentence[0] <= 'z')
		sentence[0] = (char)(sentence[0] - 'a' + 'A');
	sentence[len] = ends_sentence(sentence, len) ? '\0' : '.';
	sentence[len + 1] = '\0';
	put(s, "\n");
	put_wrapped(s, sentence, 0, NULL, NULL);
	if (s->opts->on_message)
		s->opts->on_message(s->opts->hook_ctx, sentence);
	free(sentence);
}

/*
 * After a refusal, in place of the whole question again (which would push
 * the reason off a small screen): one line that names the question and
 * what it takes, the label cut to fit the width.
 */
static void show_reminder(struct session *s)
{
	const struct tree_question *q =
		tree_question(engine_tree(s->engine),
			      engine_question(s->engine));
	const char *name = q->label ? q->label : q->ask;
	size_t name_len = strlen(name);
	/* A label that is a sentence (an ask) ends with its own stop, and
	 * what it takes is a sentence of its own. */
	bool is_sentence = name_len > 0 && strchr("?.!", name[name_len - 1]);
	char takes[512];
	size_t takes_width, room, size;
	char *label;
	char *line;

	switch (q->type) {
	case TREE_CHOICE:
		snprintf(takes, sizeof(takes),
			 is_sentence ? _(" Type a number from 1 to %zu.")
				     : _(": type a number from 1 to %zu."),
			 q->option_count);
		break;
	case TREE_YESNO:
		snprintf(takes, sizeof(takes), "%s",
			 q->has_unsure
				 ? (is_sentence
					    ? _(" Type yes, no or not sure.")
					    : _(": type yes, no or not sure."))
				 : (is_sentence ? _(" Type yes or no.")
						: _(": type yes or no.")));
		break;
	case TREE_MULTI:
		snprintf(takes, sizeof(takes),
			 is_sentence ? _(" Type the numbers that apply (1 to "
					 "%zu), or none.")
				     : _(": type the numbers that apply (1 to "
					 "%zu), or none."),
			 q->option_count);
		break;
	case TREE_SCALE:
		snprintf(takes, sizeof(takes),
			 is_sentence
				 ? _(" Type a whole number from %lld to %lld.")
				 : _(": type a whole number from %lld to %lld."),
			 q->min, q->max);
		break;
	}
	/* A long label (an ask) is cut to leave what it takes on the line;
	 * on a narrow screen a short one is kept whole, and wraps. */
	takes_width = text_width(takes, strlen(takes));
	room = s->width > takes_width ? s->width - takes_width : 0;
	if (room < s->width / 2)
		room = s->width / 2;
	label = s->is_accessible ? strdup(name) : text_fit(name, room, "...");
	size = label ? strlen(label) + strlen(takes) + 1 : 0;
	line = label ? malloc(size) : NULL;
	if (!line) {
		free(label);
		nomem(s);
		return;
	}
	snprintf(line, size, "%s%s", label, takes);
	put_wrapped(s, line, 0, NULL, NULL);
	free(line);
	free(label);
}

/* Reading from a pipe */

/*
 * Reads one line, keeping at most QUIZ_MAX_LINE bytes of it and dropping
 * the rest, so that a line of any length costs no more memory than that.
 * *is_bad is set for a line that was too long or held a NUL byte.
 */
static enum read_status read_pipe_line(struct session *s, char **line,
				       bool *is_bad)
{
	char *buf = malloc(QUIZ_MAX_LINE + 1);
	size_t n = 0;
	int c;

	*is_bad = false;
	if (!buf)
		return READ_NOMEM;
	while ((c = getc_unlocked(s->in)) != EOF && c != '\n') {
		if (c == '\0' || n == QUIZ_MAX_LINE)
			*is_bad = true;
		else
			buf[n++] = (char)c;
	}
	if (c == EOF && n == 0 && !*is_bad) {
		free(buf);
		return READ_EOF;
	}
	if (n > 0 && buf[n - 1] == '\r')
		n--;
	buf[n] = '\0';
	*line = buf;
	return READ_LINE;
}

/* Reading at a terminal */

static void on_signal(int sig)
{
	if (sig == SIGWINCH)
		got_winch = 1;
	else if (sig == SIGTSTP)
		got_suspend = 1;
	else if (sig == SIGCONT)
		got_continue = 1;
	else
		got_stop = 1;
	term_wake();
}

/*
 * SIGQUIT (Ctrl-\) ends the quiz as SIGINT does, rather than dumping core.
 * SIGTSTP (Ctrl-Z) suspends it with the terminal put back, and SIGCONT
 * draws it again. A signal that was ignored when the quiz started, as a
 * kiosk ignores SIGQUIT and SIGTSTP, stays ignored.
 */
static const int caught_signals[] = {SIGINT,  SIGQUIT, SIGTERM, SIGHUP,
				     SIGTSTP, SIGCONT, SIGWINCH};

struct saved_signals {
	struct sigaction old[sizeof(caught_signals) / sizeof(caught_signals[0])];
};

static int signals_catch(struct saved_signals *saved)
{
	struct sigaction sa;

	if (term_wake_open() != 0)
		return -1;
	got_stop = 0;
	got_winch = 0;
	got_suspend = 0;
	got_continue = 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: poll must return so the loop sees the flag. */
	sa.sa_flags = 0;
	for (size_t i = 0; i < sizeof(caught_signals) / sizeof(*caught_signals);
	     i++) {
		sigaction(caught_signals[i], NULL, &saved->old[i]);
		if (saved->old[i].sa_handler != SIG_IGN)
			sigaction(caught_signals[i], &sa, NULL);
	}
	return 0;
}

static void signals_restore(struct saved_signals *saved)
{
	for (size_t i = 0; i < sizeof(caught_signals) / sizeof(*caught_signals);
	     i++)
		sigaction(caught_signals[i], &saved->old[i], NULL);
	term_wake_close();
}

/* The i-th word a completion may offer at the current question, or NULL
 * past the last. */
static const char *completion_word(const struct session *s, size_t i)
{
	const struct tree_question *q =
		tree_question(engine_tree(s->engine),
			      engine_question(s->engine));
	static const char *const yesno[] = {"yes", "no", "not sure"};
	size_t n_commands = sizeof(command_words) / sizeof(*command_words);
	size_t n_answers = 0;

	switch (q->type) {
	case TREE_CHOICE:
		n_answers = q->option_count;
		if (i < n_answers)
			return q->options[i].text;
		break;
	case TREE_YESNO:
		n_answers = q->has_unsure ? 3 : 2;
		if (i < n_answers)
			return yesno[i];
		break;
	case TREE_MULTI:
		n_answers = 1;
		if (i == 0)
			return "none";
		break;
	case TREE_SCALE:
		break;
	}
	i -= n_answers;
	if (i < n_commands)
		return command_words[i];
	/* Then the same words in the language in use. */
	return l10n_typed_word(i - n_commands, q);
}

static char *complete_next(const char *text, int state)
{
	static size_t next;
	const char *word;

	if (state == 0)
		next = 0;
	text += strspn(text, " \t");
	while ((word = completion_word(rl_session, next)) != NULL) {
		next++;
		if (text_prefix_fold(word, text))
			return strdup(word);
	}
	return NULL;
}

/*
 * At a choice that nothing the question takes begins with what was typed:
 * the options its words name (engine_choice_matches), so that completion
 * agrees with the answer. The one option the words pick completes to its
 * text; options the answer would be refused with are listed, and the line
 * is left as typed. NULL when there are none, or out of memory.
 */
static char **complete_words(const char *text)
{
	const struct tree_question *q =
		tree_question(engine_tree(rl_session->engine),
			      engine_question(rl_session->engine));
	uint8_t which[TREE_MAX_OPTIONS];
	bool is_sure;
	size_t n = engine_choice_matches(q, text, which, &is_sure);
	char **matches;
	size_t count = 0;

	if (n == 0)
		return NULL;
	matches = calloc(n + 2, sizeof(*matches));
	if (!matches)
		return NULL;
	matches[count++] = strdup(is_sure ? q->options[which[0]].text : text);
	for (size_t i = 0; !is_sure && i < n; i++)
		matches[count++] = strdup(q->options[which[i]].text);
	for (size_t i = 0; i < count; i++) {
		if (matches[i])
			continue;
		for (size_t j = 0; j < count; j++)
			free(matches[j]);
		free(matches);
		return NULL;
	}
	return matches;
}

/* readline's completion hooks; which words fit depends only on the
 * current question, not on where in the line the word starts. */
static char **complete(const char *text, int start, int end)
{
	char **matches;

	(void)start;
	(void)end;
	/* Never fall back to readline's file name completion. */
	rl_attempted_completion_over = 1;
	rl_completion_append_character = '\0';
	matches = rl_completion_matches(text, complete_next);
	return matches ? matches : complete_words(text);
}

static char *complete_nothing(const char *text, int state)
{
	(void)text;
	(void)state;
	return NULL;
}

/* The reader's turn at the signals: suspend and redraw here, where
 * readline is not in the middle of anything; true to stop. */
static bool terminal_on_wake(void *ctx)
{
	struct session *s = ctx;

	if (got_suspend) {
		got_suspend = 0;
		term_suspend(&s->reader);
		/* The SIGCONT that continued it is dealt with. */
		got_continue = 0;
	}
	if (got_continue) {
		got_continue = 0;
		term_resume(&s->reader);
	}
	if (got_winch) {
		got_winch = 0;
		rl_resize_terminal();
		if (s->opts->width == 0)
			s->width = term_measure(s->out);
	}
	return got_stop != 0;
}

static bool terminal_on_idle(void *ctx)
{
	struct session *s = ctx;
	bool keep_waiting = s->opts->on_idle(s->opts->idle_ctx);

	fflush(s->out);
	return keep_waiting;
}

static void terminal_setup(struct session *s)
{
	rl_readline_name = "runcheck";
	rl_instream = s->in;
	rl_outstream = isatty(fileno(s->out)) ? s->out : stderr;
	/* The loop below owns the signals; readline must not catch them or
	 * set LINES and COLUMNS. */
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_change_environment = 0;
	rl_initialize();
	/* The whole line is one word: option texts hold spaces. */
	rl_completer_word_break_characters = "";
	rl_completer_quote_characters = NULL;
	rl_attempted_completion_function = complete;
	rl_completion_entry_function = complete_nothing;
	rl_sort_completion_matches = 0;
	rl_variable_bind("completion-ignore-case", "on");
	if (s->is_accessible)
		rl_variable_bind("enable-bracketed-paste", "off");
	using_history();
	rl_session = s;
	s->reader.fd = fileno(s->in);
	s->reader.cap = QUIZ_MAX_LINE;
	s->reader.idle_ms = s->opts->idle_ms;
	s->reader.on_wake = terminal_on_wake;
	s->reader.on_idle = s->opts->on_idle ? terminal_on_idle : NULL;
	s->reader.ctx = s;
	term_reader_begin(&s->reader);
}

static void terminal_teardown(struct session *s)
{
	term_reader_end(&s->reader);
	/* Answers are health information: none outlives the session, and a
	 * kiosk's next user must not find them. */
	clear_history();
	rl_attempted_completion_function = NULL;
	rl_completion_entry_function = NULL;
	rl_session = NULL;
}

/* Reads a line at the terminal; *is_bad is set for one that went past
 * QUIZ_MAX_LINE (refused as it came). */
static enum read_status read_terminal_line(struct session *s, char **line,
					   bool *is_bad)
{
	const char *prompt = s->is_accessible ? _("Answer: ") : "> ";

	*is_bad = false;
	fflush(s->out);
	switch (term_read_line(&s->reader, prompt, line)) {
	case TERM_LINE:
		return READ_LINE;
	case TERM_TOO_LONG:
		*is_bad = true;
		*line = NULL;
		return READ_LINE;
	case TERM_IDLE:
		return READ_IDLE;
	case TERM_STOP:
		return READ_INTERRUPT;
	case TERM_EOF:
	default:
		return READ_EOF;
	}
}

/* The walk */

static bool is_blank(const char *line)
{
	return line[strspn(line, " \t\r\n\v\f")] == '\0';
}

/* Feeds one line to the engine and shows what follows from it. Returns
 * true while the quiz goes on. */
/*
 * The line with a word typed in the language in use (a command, or yes,
 * no or none where the question takes them) as the engine takes it, in
 * English; any other line as it is.
 */
static const char *english_line(const struct session *s, const char *line)
{
	enum tree_qtype type = TREE_CHOICE; /* a finished walk: commands */

	if (!engine_is_done(s->engine))
		type = tree_question(engine_tree(s->engine),
				     engine_question(s->engine))
			       ->type;
	return l10n_english_word(line, type);
}

static bool take_line(struct session *s, const char *line, bool is_bad,
		      enum quiz_end *end)
{
	enum engine_event event;

	if (is_bad || !line || strlen(line) > QUIZ_MAX_LINE) {
		show_refusal(s, _("that answer is too long or holds a "
				  "character that is not allowed"));
		/* At a terminal the refusal shows at once; then the rest of
		 * the paste is dropped, not taken as answers. */
		if (s->is_terminal && fflush(s->out) != EOF)
			term_reader_drain(&s->reader);
		show_reminder(s);
		return true;
	}
	if (s->opts->on_line && s->opts->on_line(s->opts->hook_ctx, line))
		return true;
	/* Refused lines too, so that Up brings back a typo to mend. */
	if (s->is_terminal && !is_blank(line))
		add_history(line);
	event = engine_input(s->engine, english_line(s, line));
	switch (event) {
	case ENGINE_ANSWERED:
		if (engine_is_done(s->engine)) {
			*end = QUIZ_DONE;
			return false;
		}
		show_new_question(s);
		break;
	case ENGINE_BACK:
		put(s, "\n");
		put(s, _("Back to the previous question."));
		put(s, "\n");
		show_new_question(s);
		break;
	case ENGINE_RESTART:
		put(s, "\n");
		put(s, _("Starting again from the first question."));
		put(s, "\n");
		show_new_question(s);
		break;
	case ENGINE_WHY:
		show_why(s);
		break;
	case ENGINE_HELP:
		show_help(s);
		break;
	case ENGINE_QUIT:
		*end = QUIZ_STOPPED;
		return false;
	case ENGINE_REFUSED:
		show_refusal(s, engine_reason(s->engine));
		show_reminder(s);
		break;
	case ENGINE_NOMEM:
		*end = QUIZ_NOMEM;
		return false;
	}
	return true;
}

enum quiz_end quiz_run(struct engine *engine, const struct quiz_options *opts)
{
	struct session s = {
		.engine = engine,
		.opts = opts,
		.in = opts->in,
		.out = opts->out,
		.width = opts->width ? opts->width : term_measure(opts->out),
		.use_color = opts->use_color && !opts->is_accessible,
		.is_accessible = opts->is_accessible,
	};
	struct saved_signals saved;
	enum quiz_end end = QUIZ_STOPPED;
	bool is_running = true;

	/* Readline echoes what is typed to its own output, so it needs a
	 * terminal to write to as well as one to read from. */
	s.is_terminal = isatty(fileno(s.in)) &&
			(isatty(fileno(s.out)) || isatty(STDERR_FILENO));
	if (s.is_terminal) {
		if (signals_catch(&saved) != 0)
			return QUIZ_NOMEM;
		terminal_setup(&s);
	}
	show_intro(&s);
	if (engine_is_done(engine)) {
		end = QUIZ_DONE;
		is_running = false;
	} else {
		show_new_question(&s);
	}
	while (is_running) {
		enum read_status status;
		char *line = NULL;
		bool is_bad = false;

		if (s.has_failed || fflush(s.out) == EOF) {
			if (!s.has_failed)
				s.write_errno = errno;
			s.has_failed = true;
			break;
		}
		status = s.is_terminal ? read_terminal_line(&s, &line, &is_bad)
				       : read_pipe_line(&s, &line, &is_bad);
		switch (status) {
		case READ_LINE:
			is_running = take_line(&s, line, is_bad, &end);
			break;
		case READ_EOF:
		case READ_INTERRUPT:
			end = QUIZ_STOPPED;
			is_running = false;
			break;
		case READ_IDLE:
			end = QUIZ_IDLE;
			is_running = false;
			break;
		case READ_NOMEM:
			end = QUIZ_NOMEM;
			is_running = false;
			break;
		}
		free(line);
	}
	if (s.is_terminal) {
		terminal_teardown(&s);
		signals_restore(&saved);
	}
	if (!s.has_failed && fflush(s.out) == EOF) {
		s.has_failed = true;
		s.write_errno = errno;
	}
	if (s.has_failed && end != QUIZ_NOMEM) {
		if (s.write_errno == ENOMEM)
			return QUIZ_NOMEM;
		errno = s.write_errno;
		return QUIZ_IO_ERROR;
	}
	return end;
}

/* The quiz command */

/* The exit status for how the walk ended, CMD_GO_ON at a result. */
static int walk_status(enum quiz_end end)
{
	switch (end) {
	case QUIZ_DONE:
		return CMD_GO_ON;
	case QUIZ_STOPPED:
	case QUIZ_IDLE:
		return EXIT_NO_RESULT;
	case QUIZ_NOMEM:
		return cmd_out_of_memory();
	case QUIZ_IO_ERROR:
		return cmd_write_error(errno);
	}
	return EXIT_INTERNAL;
}

/* The pager's look at the quiz's signal flags: only a stop ends it
 * (Ctrl-Z and a resize do nothing while a result is paged). */
static bool pager_on_wake(void *ctx)
{
	(void)ctx;
	got_winch = 0;
	got_suspend = 0;
	got_continue = 0;
	return got_stop != 0;
}

/*
 * Under a paged result, the headline again, so that the person ends with
 * the likely condition and what to do now in view. Returns 0, or -1 when
 * out of memory (errno).
 */
static int print_headline(const struct engine *engine,
			  const struct clinic *clinic, bool use_color)
{
	const struct tree_outcome *o =
		tree_outcome(engine_tree(engine), engine_outcome(engine));
	char *todo =
		result_outcome_triage_text(o, clinic ? clinic->emergency_number
						     : NULL);
	char *likely = NULL;
	char *wrapped = NULL;
	size_t width = term_measure(stdout);
	int rc = -1;
	int n;

	if (!todo)
		goto fail;
	n = snprintf(NULL, 0, _("Likely: %s"), o->condition);
	likely = n < 0 ? NULL : malloc((size_t)n + 1);
	if (!likely)
		goto fail;
	snprintf(likely, (size_t)n + 1, _("Likely: %s"), o->condition);
	for (int i = 0; i < 2; i++) {
		wrapped = text_wrap(i == 0 ? likely : todo, width, 0, 0);
		if (!wrapped)
			goto fail;
		if (use_color)
			fputs(ANSI_BOLD, stdout);
		fputs(wrapped, stdout);
		if (use_color)
			fputs(ANSI_RESET, stdout);
		free(wrapped);
		wrapped = NULL;
	}
	rc = 0;
fail:
	free(todo);
	free(likely);
	if (rc != 0)
		errno = ENOMEM;
	return rc;
}

/*
 * The result at a terminal, a screen at a time with the kiosk's pager
 * (pager.h) when it is taller than the screen, then its headline again.
 * Keys are read one at a time, unechoed; Ctrl-C (and any signal that ends
 * the quiz) ends the paging. Returns 0, or -1 (errno).
 */
static int page_result(char *text, size_t size, const struct engine *engine,
		       const struct clinic *clinic, bool use_color)
{
	struct pager_text pt;
	struct saved_signals saved;
	struct termios line_tio, key_tio;
	size_t page = 0;
	bool is_drawn = false;

	if (pager_load(&pt, text, size, term_rows(stdout), term_width(stdout),
		       false) != 0) {
		pager_clear(&pt);
		errno = ENOMEM;
		return -1;
	}
	if (!pager_is_paged(&pt) || tcgetattr(STDIN_FILENO, &line_tio) != 0) {
		int rc = 0;

		for (size_t i = 0; i < pt.count; i++)
			if (fputs(pt.text + pt.starts[i], stdout) == EOF ||
			    fputc('\n', stdout) == EOF)
				rc = -1;
		pager_clear(&pt);
		return rc;
	}
	if (signals_catch(&saved) != 0) {
		pager_clear(&pt);
		return -1;
	}
	key_tio = line_tio;
	/* No signals from the terminal either, as at a question (term.h):
	 * its interrupt key ends the paging here, in this process alone. */
	key_tio.c_lflag &= ~(tcflag_t)(ICANON | ECHO | ISIG);
	key_tio.c_cc[VMIN] = 1;
	key_tio.c_cc[VTIME] = 0;
	tcsetattr(STDIN_FILENO, TCSANOW, &key_tio);
	for (;;) {
		char buf[64];
		size_t got;

		if (!is_drawn)
			pager_draw(stdout, &pt, page, false);
		pager_prompt(stdout, &pt, page, use_color, false);
		is_drawn = true;
		if (fflush(stdout) == EOF ||
		    term_read(STDIN_FILENO, buf, sizeof(buf), -1, pager_on_wake,
			      NULL, &got) != TERM_WAIT_INPUT)
			break;
		if ((line_tio.c_lflag & ISIG) &&
		    line_tio.c_cc[VINTR] != _POSIX_VDISABLE &&
		    memchr(buf, line_tio.c_cc[VINTR], got))
			break;
		switch (pager_key(buf, got)) {
		case PAGER_NONE:
			continue;
		case PAGER_NEXT:
			if (page + 1 >= pt.pages)
				break;
			page++;
			is_drawn = false;
			continue;
		case PAGER_BACK:
			if (page > 0) {
				page--;
				is_drawn = false;
			}
			continue;
		case PAGER_END:
			break;
		}
		break;
	}
	pager_unprompt(stdout, &pt, page, false);
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &line_tio);
	signals_restore(&saved);
	pager_clear(&pt);
	if (print_headline(engine, clinic, use_color) != 0)
		return -1;
	return fflush(stdout) == EOF ? -1 : 0;
}

/*
 * The result of the walk on standard output: the one JSON object, or the
 * readable result under the conversation, in the conversation's style.
 */
static int print_result(const struct engine *engine,
			const struct clinic *clinic,
			const struct quiz_options *opts, bool is_json)
{
	int rc;

	if (is_json) {
		rc = result_print_json(stdout, engine, l10n_current()->tag);
	} else {
		struct result_style style = {
			.width = term_measure(stdout),
			.use_color = opts->use_color,
			.is_accessible = opts->is_accessible,
			/* A QR code only where a camera can see it. */
			.show_qr = isatty(STDOUT_FILENO) && term_is_utf8(),
		};

		/* At a terminal a result taller than the screen is paged. */
		bool is_paged = !opts->is_accessible && isatty(STDIN_FILENO) &&
				isatty(STDOUT_FILENO);
		char *text = NULL;
		size_t size = 0;
		FILE *f = is_paged ? open_memstream(&text, &size) : stdout;

		if (!f)
			return cmd_out_of_memory();
		rc = fputc('\n', f) == EOF
			     ? -1
			     : result_print(f, engine, clinic, &style);
		if (is_paged) {
			if (fclose(f) != 0)
				rc = -1;
			if (rc == 0)
				rc = page_result(text, size, engine, clinic,
						 opts->use_color);
			else
				free(text);
		}
	}
	if (rc == 0)
		return EXIT_RESULT;
	return errno == ENOMEM ? cmd_out_of_memory() : cmd_write_error(errno);
}

int cmd_quiz(int argc, char **argv)
{
	static const struct cmd quiz = {.name = "quiz"};
	const char *tree_path = NULL;
	const char *clinic_path = NULL;
	/* The environment's, unless --lang names one. */
	const struct lang *lang = l10n_from_env();
	bool is_json = false;
	bool no_color = false;
	const struct cmd_option options[] = {
		{"tree", 0, CMD_VALUE, .value = &tree_path},
		{"clinic", 0, CMD_VALUE, .value = &clinic_path},
		{"lang", 0, CMD_VALUE, .take = l10n_take_lang, .to = &lang},
		{"json", 0, CMD_FLAG, .flag = &is_json},
		{"no-color", 0, CMD_FLAG, .flag = &no_color},
		{NULL},
	};
	struct tree *tree = NULL;
	struct clinic *clinic = NULL;
	struct engine *engine = NULL;
	struct quiz_options opts;
	int status;

	status = cmd_parse_only(&quiz, options, argc, argv);
	if (status != CMD_GO_ON)
		return status;
	l10n_use(lang);

	/* With their hashes: a catalog reviewed for other English is a
	 * draft (l10n_is_reviewed). */
	status = cli_load_walk(tree_path, clinic_path, &tree, &clinic);
	if (status != EXIT_RESULT)
		goto fail;
	if (!l10n_translate_tree(tree) ||
	    (clinic && !l10n_translate_clinic(clinic))) {
		status = cmd_out_of_memory();
		goto fail;
	}
	engine = engine_new(tree);
	if (!engine) {
		status = cmd_out_of_memory();
		goto fail;
	}

	/* With --json, standard output holds the one object and nothing
	 * else, so the conversation moves to standard error. */
	memset(&opts, 0, sizeof(opts));
	opts.in = stdin;
	opts.out = is_json ? stderr : stdout;
	opts.is_accessible = term_is_accessible();
	opts.is_draft_language = !l10n_is_reviewed(l10n_current(), tree);
	opts.use_color = term_use_color(opts.out, no_color);
	/* 0: measured at the start and again whenever the terminal is
	 * resized. */
	opts.width = 0;

	status = walk_status(quiz_run(engine, &opts));
	if (status == CMD_GO_ON)
		status = print_result(engine, clinic, &opts, is_json);

fail:
	engine_free(engine);
	clinic_free(clinic);
	tree_free(tree);
	return status;
}
