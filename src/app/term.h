/*
 * term.h - the terminal: what it can show, for output that draws (the bar
 * charts of runcheck stats, the QR code of a booking address), and how the
 * keys typed at it become a line (the line reader of the quiz and of a
 * kiosk session, around GNU readline's callback interface).
 */
#ifndef RUNCHECK_TERM_H
#define RUNCHECK_TERM_H

#include <stdbool.h>
#include <stddef.h>

/*
 * True when the locale's character set is UTF-8, so that block elements
 * (U+2580 to U+259F) can be drawn: nl_langinfo(CODESET) under the locale
 * that LC_ALL, LC_CTYPE and LANG name, or, when the C library does not
 * know that locale, whether the first of them that is set and not empty
 * names UTF-8 (en_GB.UTF-8, C.utf8). The program's own locale is put back
 * as it was.
 */
bool term_is_utf8(void);

/*
 * The line reader. It reads the terminal in large chunks and hands
 * readline one byte at a time (rl_getc_function), so that a long paste
 * costs a read(2) per chunk rather than per byte, and it holds every line
 * to a cap as the bytes come: a line that grows past cap bytes, typed or
 * pasted, is refused at once, without waiting for its end. A bracketed
 * paste (ESC [200~ ... ESC [201~) is counted as it comes; past the cap
 * its rest is read and dropped up to the closing marker, which readline
 * is still given so that its paste ends cleanly. After a refusal the
 * caller says so and drains the input (term_reader_drain), so that the
 * rest of the burst never lands in the next answer.
 *
 * Readline calls back with no context: one reader is active at a time,
 * from term_reader_begin to term_reader_end. Nothing here catches signals
 * or prints anything of its own; readline echoes to rl_outstream.
 */

/* Input that pauses this long has ended its burst. */
#define TERM_QUIET_MS 100

/* What term_read_line read. */
enum term_read {
	TERM_LINE,     /* *line holds a line of at most cap bytes */
	TERM_TOO_LONG, /* the line went past cap: refused at once */
	TERM_EOF,      /* Ctrl-D on an empty line, end of input or hang-up */
	TERM_STOP,     /* on_wake asked to stop */
	TERM_IDLE,     /* idle_ms passed without a key; on_idle said end */
};

struct term_reader {
	/* Set by the caller before term_reader_begin. */
	int fd;	     /* the terminal (any readable descriptor will do) */
	size_t cap;  /* bytes a line may hold */
	int wake_fd; /* read end of the caller's self-pipe, or -1 */
	int idle_ms; /* call on_idle after this long without a key; 0 never */

	/*
	 * Called at every turn of the wait and whenever wake_fd becomes
	 * readable (the reader has drained it): the place to act on the
	 * caller's signal flags. True ends the read with TERM_STOP.
	 */
	bool (*on_wake)(void *ctx);

	/* Called after idle_ms without a key; true keeps waiting (the
	 * prompt and the line so far are drawn again), false ends the read
	 * with TERM_IDLE. NULL ends at the first timeout. */
	bool (*on_idle)(void *ctx);
	void *ctx;

	/* The reader's own state: zeroed by term_reader_begin. */
	unsigned char buf[8192];
	size_t at, len;	    /* unread bytes: buf[at..len) */
	int marker;	    /* bytes of a paste marker matched so far */
	bool is_in_paste;   /* between ESC [200~ and ESC [201~ */
	size_t paste_base;  /* the line's length when the paste began */
	size_t paste_bytes; /* bytes of the paste so far, marker bytes too */
	const char *feed;   /* a closing marker still to give readline */
	bool is_over;	    /* the line went past cap */
	bool is_stopped;    /* on_wake asked to stop during a wait */
	bool is_ended;	    /* end of input or an error */
	bool is_eof_given;  /* readline was told of the end */
	bool is_probing;    /* dropping what readline holds back */
	bool is_asked;	    /* readline asked for a byte meanwhile */
	bool is_handler_installed;
	bool has_line;
	char *line;
};

/*
 * Makes r the active reader: readline's input now comes through it. Call
 * after rl_initialize, with the fields above set; undo with
 * term_reader_end, which puts readline's own input functions back. It
 * also unbinds, in every keymap and for good, the numeric argument keys
 * (M-0 to M-9, M--, and their vi counterparts: with a count readline
 * inserts up to a million characters in one step, which no answer needs)
 * and character search (Ctrl-], M-C-]: Ctrl-] ESC x crashes readline
 * 8.2's callback interface).
 */
void term_reader_begin(struct term_reader *r);
void term_reader_end(struct term_reader *r);

/*
 * Shows prompt and reads one line with readline. On TERM_LINE *line is a
 * malloc'd string the caller frees (strlen at most r->cap), ended by the
 * person with Enter: a line cut short by the end of input is given up,
 * never taken as an answer. Otherwise *line is NULL. After anything but TERM_LINE the line typed so far is
 * given up and a newline written, and the terminal is as readline found
 * it. Between lines the terminal stays in readline's mode, so that keys
 * typed ahead wait for the next prompt.
 */
enum term_read term_read_line(struct term_reader *r, const char *prompt,
			      char **line);

/*
 * Drops what is buffered and what comes until the input has been quiet
 * for TERM_QUIET_MS: after TERM_TOO_LONG, the rest of a paste. A stop
 * asked for meanwhile, or the end of input, ends the next
 * term_read_line at once.
 */
void term_reader_drain(struct term_reader *r);

/* A readline command, as rl_command_func_t. */
typedef int term_command(int count, int key);

/*
 * Unbinds each of the count commands from every key of readline's emacs
 * and vi keymaps, including keys a user's init file bound to them. Call
 * after rl_initialize.
 */
void term_unbind(term_command *const *commands, size_t count);

/*
 * Job control for the caller's SIGTSTP and SIGCONT handling. term_suspend
 * puts the terminal back as readline found it (echo on, bracketed paste
 * off), moves to a new line and stops the process with SIGTSTP's default
 * action; when the process is continued it prepares the terminal again
 * and draws the prompt and the line so far afresh. term_resume does the
 * second half alone, for a process stopped by another signal (SIGSTOP)
 * and continued.
 */
void term_suspend(struct term_reader *r);
void term_resume(struct term_reader *r);

/*
 * Reads and drops what fd holds until nothing has come for quiet_ms.
 * Returns true once quiet; false at end of input, on an error, or when a
 * signal interrupted the wait (the caller's flags then say what to do).
 */
bool term_drain(int fd, int quiet_ms);

#endif
