/*
 * fuzz_line.c - libFuzzer target for the terminal's line reader
 * (term_read_line in term.c): bytes, as a terminal sends them, through
 * GNU readline's callback interface to lines held to a cap.
 *
 * The first byte picks the cap (1 to 128 bytes, so that lines pass it
 * often) and the mode. Raw mode hands the rest to the reader as it is:
 * any key, escape sequence, paste marker or control character. Every
 * line it gives must fit the cap, every call must consume input (the
 * reads end at the input's end), and nothing may stop or idle.
 *
 * Model mode turns the rest into lines of printable ASCII separated by
 * CR, each typed or, when it begins with '!', pasted between bracketed
 * paste markers, and checks each result against what a person would see:
 * a typed line that fits comes back whole; one that passes the cap is
 * refused once cap + 1 bytes are in, and the rest of it starts the next
 * line; a pasted line that passes the cap is refused and the rest of the
 * paste dropped, so that the CR after it gives an empty line. A last line
 * with no CR is given up at the end of input, never taken as an answer.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readline/readline.h>

#include "fuzz_common.h"
#include "term.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CAP_MAX 128
/* What a pipe holds unread: the input is written before it is read. */
#define PIPE_MAX    65536
#define PASTE_START "\033[200~"
#define PASTE_END   "\033[201~"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* An xterm, as far as readline knows; its own init file unread. */
	setenv("TERM", "xterm", 1);
	setenv("INPUTRC", "/dev/null", 1);
	rl_instream = fopen("/dev/null", "r");
	rl_outstream = fopen("/dev/null", "w");
	FUZZ_CHECK(rl_instream && rl_outstream);
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_change_environment = 0;
	rl_initialize();
	/*
	 * Readline 8.2's incremental search reads freed or unset memory in
	 * the callback interface when a command that aborts runs inside it
	 * (Ctrl-R Ctrl-X e with no keyboard macro: see RESULTS.md), which
	 * would stop every run within a minute. The search is readline's own
	 * code; this target is about the line reader around it.
	 */
	rl_unbind_function_in_map(rl_reverse_search_history,
				  emacs_standard_keymap);
	rl_unbind_function_in_map(rl_forward_search_history,
				  emacs_standard_keymap);
	return 0;
}

/* What one term_read_line gave. */
struct result {
	enum term_read status;
	char *line;
};

/*
 * Runs the reader over input until the end of input; returns the results,
 * checking the invariants of every mode on the way. *count is set.
 */
static struct result *read_all(const char *input, size_t len, size_t cap,
			       size_t *count)
{
	struct term_reader *r = calloc(1, sizeof(*r));
	struct result *results = calloc(len + 2, sizeof(*results));
	int fds[2];
	size_t n = 0;

	FUZZ_CHECK(r && results);
	FUZZ_CHECK(pipe(fds) == 0);
	FUZZ_CHECK(len <= PIPE_MAX &&
		   write(fds[1], input, len) == (ssize_t)len);
	close(fds[1]);
	r->fd = fds[0];
	r->cap = cap;
	term_reader_begin(r);
	for (;;) {
		char *line;
		enum term_read status = term_read_line(r, "> ", &line);

		FUZZ_CHECK(status != TERM_STOP && status != TERM_IDLE);
		FUZZ_CHECK((status == TERM_LINE) == (line != NULL));
		if (line)
			FUZZ_CHECK(strlen(line) <= cap);
		if (status == TERM_EOF)
			break;
		/* Each line or refusal takes at least one byte. */
		FUZZ_CHECK(n <= len);
		results[n].status = status;
		results[n].line = line;
		n++;
	}
	term_reader_end(r);
	close(fds[0]);
	free(r);
	*count = n;
	return results;
}

static void free_results(struct result *results, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(results[i].line);
	free(results);
}

/* Model mode: builds the input and the results it must give. */
struct model {
	char *input;
	size_t len;
	struct result *expected;
	size_t count;
};

static void expect(struct model *m, enum term_read status, const char *text,
		   size_t text_len)
{
	struct result *e = &m->expected[m->count++];

	e->status = status;
	e->line = NULL;
	if (status == TERM_LINE) {
		e->line = strndup(text, text_len);
		FUZZ_CHECK(e->line);
	}
}

static void append(struct model *m, const char *s, size_t n)
{
	memcpy(m->input + m->len, s, n);
	m->len += n;
}

/* A typed line: refused each time cap + 1 bytes are in, the rest going
 * on into the next line. */
static void model_typed(struct model *m, const char *text, size_t n, size_t cap,
			bool has_cr)
{
	append(m, text, n);
	if (has_cr)
		append(m, "\r", 1);
	while (n > cap) {
		expect(m, TERM_TOO_LONG, NULL, 0);
		text += cap + 1;
		n -= cap + 1;
	}
	if (has_cr)
		expect(m, TERM_LINE, text, n);
}

static void model_pasted(struct model *m, const char *text, size_t n,
			 size_t cap, bool has_cr)
{
	append(m, PASTE_START, strlen(PASTE_START));
	append(m, text, n);
	append(m, PASTE_END, strlen(PASTE_END));
	if (has_cr)
		append(m, "\r", 1);
	if (n > cap) {
		expect(m, TERM_TOO_LONG, NULL, 0);
		if (has_cr)
			expect(m, TERM_LINE, "", 0);
	} else if (has_cr) {
		expect(m, TERM_LINE, text, n);
	}
}

static void build_model(struct model *m, const uint8_t *data, size_t size,
			size_t cap)
{
	char *text = malloc(size + 1);
	size_t start = 0;

	/* Markers and CRs at most double the input. */
	m->input = malloc(size * 14 + 16);
	m->expected = calloc(size * 2 + 2, sizeof(*m->expected));
	FUZZ_CHECK(text && m->input && m->expected);
	for (size_t i = 0; i <= size; i++) {
		bool has_cr = i < size;
		bool is_paste;
		size_t n = 0;

		if (i < size && data[i] != '\r')
			continue;
		is_paste = i > start && data[start] == '!';
		for (size_t j = start + is_paste; j < i; j++)
			text[n++] = (char)(' ' + data[j] % 95);
		if (is_paste)
			model_pasted(m, text, n, cap, has_cr);
		else
			model_typed(m, text, n, cap, has_cr);
		start = i + 1;
	}
	free(text);
}

/*
 * Readline keeps its editing mode, keymap, insert mode and keyboard macro
 * from one input to the next; the model assumes emacs mode as readline
 * starts, whatever the last raw input switched on.
 */
static void reset_readline(void)
{
	if (RL_ISSTATE(RL_STATE_MACRODEF))
		rl_end_kbd_macro(1, 0);
	rl_editing_mode = 1;
	rl_set_keymap(emacs_standard_keymap);
	rl_insert_mode = 1; /* insert, not overwrite */
}

static void check_model(const struct model *m, const struct result *got,
			size_t count)
{
	if (count != m->count) {
		fprintf(stderr, "%zu results, the model says %zu:\n", count,
			m->count);
		for (size_t i = 0; i < count || i < m->count; i++)
			fprintf(stderr, "  %d '%s' / %d '%s'\n",
				i < count ? (int)got[i].status : -1,
				i < count && got[i].line ? got[i].line : "",
				i < m->count ? (int)m->expected[i].status : -1,
				i < m->count && m->expected[i].line
					? m->expected[i].line
					: "");
	}
	FUZZ_CHECK(count == m->count);
	for (size_t i = 0; i < count; i++) {
		FUZZ_CHECK(got[i].status == m->expected[i].status);
		if (got[i].status != TERM_LINE)
			continue;
		if (strcmp(got[i].line, m->expected[i].line) != 0) {
			fprintf(stderr, "line %zu: '%s', the model says '%s'\n",
				i, got[i].line, m->expected[i].line);
			abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct result *results;
	size_t count;
	size_t cap;

	if (size < 1 || size > PIPE_MAX)
		return 0;
	cap = 1 + data[0] % CAP_MAX;
	reset_readline();
	if (data[0] & 0x80) {
		struct model m = {0};

		build_model(&m, data + 1, size - 1, cap);
		if (m.len > PIPE_MAX) {
			free_results(m.expected, m.count);
			free(m.input);
			return 0;
		}
		results = read_all(m.input, m.len, cap, &count);
		check_model(&m, results, count);
		free_results(m.expected, m.count);
		free(m.input);
	} else {
		results =
			read_all((const char *)data + 1, size - 1, cap, &count);
	}
	free_results(results, count);
	return 0;
}
