/*
 * term.h - the terminal layer: everything runcheck knows about a terminal,
 * for the quiz, the kiosk (its supervisor and its visits), the booking
 * offer and the staff commands.
 *
 *   - the escape sequences (ansi.h, included here);
 *   - the policy: how wide and tall the screen is, whether to colour,
 *     whether to write for a screen reader, whether blocks can be drawn;
 *   - the wait: for a key, a signal or a deadline, with poll(2) and the
 *     process's one wake pipe, which signal handlers write;
 *   - the line reader between the terminal and GNU readline.
 *
 * Nothing here catches signals or decides what a signal means: the
 * callers' handlers set their own flags and call term_wake, and their
 * on_wake callbacks look at the flags when a wait wakes.
 */
#ifndef RUNCHECK_TERM_H
#define RUNCHECK_TERM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "ansi.h"

/* The policy */

/*
 * Columns to write to: the terminal's width when out is a terminal, else
 * $COLUMNS when it holds a whole number from 20 to 1000, else 80.
 */
size_t term_width(FILE *out);

/* The widest a line of running text is made, however wide the screen:
 * longer lines are hard to read. */
#define TERM_MEASURE 80

/* Columns to wrap running text to: term_width, at most TERM_MEASURE at
 * a terminal (away from one, $COLUMNS is taken as it is asked for). */
size_t term_measure(FILE *out);

/* Lines the screen holds when out is a terminal that says; else 24. */
size_t term_rows(FILE *out);

/*
 * True when $ACCESSIBLE asks for output a screen reader reads well: set,
 * not empty and not "0".
 */
bool term_is_accessible(void);

/*
 * True when output to out may use colour and bold: out is a terminal,
 * no_color (--no-color) is false, and neither NO_COLOR (not empty),
 * TERM=dumb nor ACCESSIBLE (term_is_accessible) says otherwise.
 */
bool term_use_color(FILE *out, bool no_color);

/*
 * True when the locale's character set is UTF-8, so that block elements
 * (U+2580 to U+259F) can be drawn: nl_langinfo(CODESET) under the locale
 * that LC_ALL, LC_CTYPE and LANG name, or, when the C library does not
 * know that locale, whether the first of them that is set and not empty
 * names UTF-8 (en_GB.UTF-8, C.utf8). The program's own locale is put back
 * as it was.
 */
bool term_is_utf8(void);

/* The wait */

/* Milliseconds on the monotonic clock: the clock of term_wait's deadline. */
long long term_now_ms(void);

/*
 * The wake pipe: one per process, made non-blocking and close-on-exec,
 * which signal handlers write (term_wake) so that a term_wait in progress
 * returns at once, and a signal that comes just before a wait is not
 * missed. term_wake_open makes it, or counts one more user of the pipe
 * that is open; term_wake_close closes it when its last user does. The
 * kiosk's visit opens it for the whole visit, and the quiz within it
 * shares it. Returns 0, or -1 when the pipe cannot be made (errno).
 */
int term_wake_open(void);
void term_wake_close(void);

/* Writes a byte to the wake pipe, if open. Async-signal-safe; errno is
 * kept. A full pipe already holds a wake-up: nothing is lost. */
void term_wake(void);

/* What term_wait waited for. */
enum term_wait {
	TERM_WAIT_INPUT,   /* fd can be read without blocking */
	TERM_WAIT_TIMEOUT, /* the deadline passed */
	TERM_WAIT_STOP,	   /* woken, and on_wake said stop (or was NULL) */
	TERM_WAIT_END,	   /* fd hung up or failed; a read will say which */
};

/* A caller's look at its signal flags; true ends the wait. */
typedef bool term_on_wake(void *ctx);

/*
 * Waits until fd is readable, until deadline_ms (term_now_ms's clock; less
 * than 0: for ever) passes, or until the wake pipe is written or a signal
 * interrupts the wait. on_wake(ctx) is called before the first wait and
 * after every wake-up (the wake pipe is drained first): true ends the
 * wait with TERM_WAIT_STOP, false waits again until the same deadline.
 * With on_wake NULL every wake-up ends the wait with TERM_WAIT_STOP, and
 * the caller looks at its flags. Input that is waiting wins over the
 * deadline only when it came before it.
 */
enum term_wait term_wait(int fd, long long deadline_ms, term_on_wake *on_wake,
			 void *ctx);

/*
 * term_wait, then one read(2) of at most size bytes into buf: a read cut
 * short by a signal waits again (on_wake first). TERM_WAIT_INPUT: *got
 * bytes were read, at least one. TERM_WAIT_END: the end of input (errno
 * 0) or a read error (errno says which); *got is 0. TERM_WAIT_TIMEOUT and
 * TERM_WAIT_STOP as term_wait, nothing read.
 */
enum term_wait term_read(int fd, void *buf, size_t size, long long deadline_ms,
			 term_on_wake *on_wake, void *ctx, size_t *got);

/*
 * Reads and drops what fd holds until nothing has come for quiet_ms.
 * Returns true once quiet; false at end of input, on an error, or when a
 * signal woke the wait (the caller's flags then say what to do).
 */
bool term_drain(int fd, int quiet_ms);

/* The line reader */

/*
 * The line reader reads the terminal in large chunks and hands
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
	int idle_ms; /* call on_idle after this long without a key; 0 never */

	/*
	 * Called before every wait and whenever the wake pipe woke it
	 * (term_wait's on_wake): the place to act on the caller's signal
	 * flags. True ends the read with TERM_STOP. NULL: a wake-up only
	 * waits again.
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
	/* The terminal's signal keys (Ctrl-C, Ctrl-\, Ctrl-Z) while the
	 * terminal sends no signals itself; -1 for one it does not have. */
	bool is_isig_off;
	int sig_keys[3];
};

/*
 * Makes r the active reader: readline's input now comes through it. Call
 * after rl_initialize, with the fields above set; undo with
 * term_reader_end, which puts readline's own input functions back. It
 * While readline has the terminal, the terminal sends no signals
 * (ISIG off): the reader sees its signal keys (Ctrl-C, Ctrl-\, Ctrl-Z
 * as stty has them) and raises SIGINT, SIGQUIT or SIGTSTP in this
 * process alone, so that a parent in the same process group (make, for
 * `make run`) is not interrupted with it. It
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

#endif
