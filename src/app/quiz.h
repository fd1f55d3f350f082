/*
 * quiz.h - the question-and-answer front ends of runcheck(1): GNU readline
 * at a terminal, one answer a line from a pipe.
 *
 * quiz_run asks the questions of a walk until it reaches an outcome or the
 * person stops; it prints the questions, never the result, so the quiz
 * command and a kiosk can each show the result their own way. At a
 * terminal it waits in term.h's wait and readline's callback interface, so
 * that a caller can set an idle timeout and be called back while it waits.
 * Width, colour and accessibility are term.h's policy (term_width,
 * term_use_color, term_is_accessible).
 *
 * Nothing here exits. At a terminal quiz_run catches SIGINT, SIGQUIT,
 * SIGTERM and SIGHUP (each ends the quiz, QUIZ_STOPPED), SIGTSTP and
 * SIGCONT (job control: the terminal is put back before the process
 * stops, and prepared and drawn again when it continues) and SIGWINCH
 * while it runs, and puts the previous handlers and the terminal back
 * before it returns. A signal that was ignored when it started (a kiosk
 * ignores SIGQUIT and SIGTSTP) stays ignored. Lines are read through
 * term.h's line reader: one that passes QUIZ_MAX_LINE bytes, typed or
 * pasted, is refused as it comes, and the rest of its burst dropped.
 */
#ifndef RUNCHECK_QUIZ_H
#define RUNCHECK_QUIZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "engine.h"

/* Bytes of an answer line that are looked at; a longer line is refused. */
#define QUIZ_MAX_LINE 4096

struct quiz_options {
	FILE *in;	/* answers; readline is used when it is a terminal */
	FILE *out;	/* title, questions, prompts and messages */
	size_t width;	/* columns; 0 measures out (term_measure) */
	bool use_color; /* bold questions; see term_use_color */
	bool is_accessible; /* plain append-only text, no decoration */
	bool is_welcomed;   /* the caller has shown the tree's title and
			       disclaimer (the kiosk's welcome): not again */
	/* The language in use is a draft translation (l10n_is_reviewed):
	 * the introduction says so. */
	bool is_draft_language;

	/*
	 * At a terminal, after idle_ms milliseconds without a key (0: never),
	 * on_idle is called. It may print to out; when it returns true the
	 * quiz keeps waiting (the prompt and the line typed so far are shown
	 * again), otherwise quiz_run ends with QUIZ_IDLE. A NULL on_idle ends
	 * at the first timeout.
	 */
	int idle_ms;
	bool (*on_idle)(void *ctx);
	void *idle_ctx;

	/*
	 * For a kiosk that reads itself aloud (speak.h); each may be NULL,
	 * and each is passed hook_ctx. on_question: a question was shown
	 * anew (the first, the next after an answer, after back and
	 * restart). on_message: a message was shown at the question: why an
	 * answer was refused, or what why says. on_line:
	 * a line was read; returning true takes it, and the walk is left as
	 * it was and the prompt shown again (the kiosk's repeat command).
	 */
	void (*on_question)(void *ctx, const struct tree_question *q);
	void (*on_message)(void *ctx, const char *text);
	bool (*on_line)(void *ctx, const char *line);
	void *hook_ctx;
};

enum quiz_end {
	QUIZ_DONE,     /* the walk reached an outcome */
	QUIZ_STOPPED,  /* quit, end of input, or an interrupt */
	QUIZ_IDLE,     /* the idle timeout ended it */
	QUIZ_NOMEM,    /* out of memory */
	QUIZ_IO_ERROR, /* writing to out failed; errno says why */
};

/*
 * Shows the tree's title and disclaimer (unless is_welcomed) and how to
 * answer, then asks the walk's current
 * question and every one after it, feeding each line to the engine, until
 * the walk is done or the person stops. The engine keeps the walk; on
 * QUIZ_DONE it holds the outcome.
 */
enum quiz_end quiz_run(struct engine *engine, const struct quiz_options *opts);

#endif
