/*
 * ansi.h - the terminal's escape sequences (ECMA-48, as xterm, tmux and
 * the Linux console take them), as string literals to write around text.
 *
 * They belong to the terminal layer (term.h, which includes this header
 * and is its manual): they live here, in the render layer, only because
 * the renderers that colour their output (result.c, qr.c) may not include
 * a header of the app layer. Whether to write them at all is the
 * caller's policy (term_use_color, term_is_accessible), passed down to a
 * renderer in its style.
 */
#ifndef RUNCHECK_ANSI_H
#define RUNCHECK_ANSI_H

/* Text attributes; ANSI_RESET ends every one of them. */
#define ANSI_BOLD	    "\033[1m"
#define ANSI_RED	    "\033[1;31m" /* bold red: emergency */
#define ANSI_YELLOW	    "\033[1;33m" /* bold yellow: urgent */
#define ANSI_GREEN	    "\033[1;32m" /* bold green: the rest */
#define ANSI_BLACK_ON_WHITE "\033[30;107m"
#define ANSI_RESET	    "\033[0m"

/* The cursor home and the screen cleared; ANSI_CLEAR_ALL clears the
 * scrollback too (xterm, tmux, Linux). */
#define ANSI_CLEAR_SCREEN "\033[H\033[2J"
#define ANSI_CLEAR_ALL	  "\033[H\033[2J\033[3J"

/* Back to the start of the line, which is cleared. */
#define ANSI_CLEAR_LINE "\r\033[K"

/* Back to the start of the line, which is cleared with every line below. */
#define ANSI_CLEAR_BELOW "\r\033[J"

#endif
