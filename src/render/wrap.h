/*
 * wrap.h - text laid out for a terminal: how many cells a text takes, as
 * the terminal counts them, and word wrapping that breaks lines where the
 * language allows. The front end's (render and app); the core keeps its
 * pure text helpers (text.h) and knows nothing of lines on a screen.
 *
 * Width is glibc's wcwidth() under the C.UTF-8 locale, whatever the
 * program's own locale is (a CJK ideograph takes 2 cells, a combining mark
 * 0): the measure a terminal and tmux take. Where C.UTF-8 cannot be
 * opened, or wcwidth() knows no width for a character, the core's table
 * (text_cp_width) answers.
 *
 * Lines break at blanks, as English and Vietnamese do, and also between
 * the characters of a run with no blanks where one of the two is wide (an
 * ideograph, fullwidth punctuation) and the Unicode line breaking
 * algorithm (UAX #14, libunibreak) allows it: so Chinese breaks between
 * ideographs but never before closing punctuation such as U+FF0C ，,
 * U+3002 。 or U+FF09 ）, nor after an opening one. A run of Latin letters,
 * digits, hyphens or slashes ("self-care", "and/or") stays whole, as the
 * English transcripts have always shown it. The language whose rules
 * apply (in Chinese curly quotation marks open and close; by default
 * they hold to both neighbours) is the one gettext would choose: the
 * first of LANGUAGE, else the locale that LC_ALL, LC_MESSAGES or LANG
 * names, read at each wrap.
 *
 * text_wrap and text_wrap_block keep the names they had in the core's
 * text.h, so that their callers change by an #include only.
 */
#ifndef RUNCHECK_WRAP_H
#define RUNCHECK_WRAP_H

#include <stddef.h>

/* Cells the len bytes of UTF-8 at s take at a terminal. */
size_t wrap_width(const char *s, size_t len);

/*
 * Word-wraps text to width cells: each output line starts with indent
 * spaces (the first with first_indent), runs of blanks become one space,
 * lines break at blanks and where the language allows (see above), a piece
 * that cannot break and is longer than a line is cut at a character (a
 * combining mark stays with its letter), and a newline in text starts a
 * new line. No line is wider than width unless its indent alone is.
 * Returns a new NUL-terminated string (caller frees, each line ends with
 * '\n') or NULL when out of memory. A width under 20 is taken as 20.
 */
char *text_wrap(const char *text, size_t width, size_t first_indent,
		size_t indent);

/*
 * As text_wrap with every line indented by indent, for a block printed
 * as a whole: label, when not NULL and no wider than indent, stands in
 * the first line's indent (a bullet, say), and the last newline is left
 * off so a caller can end a colour before it. Returns a new string
 * (caller frees) or NULL when out of memory.
 */
char *text_wrap_block(const char *text, size_t width, size_t indent,
		      const char *label);

#endif
