/*
 * text.h - UTF-8 text: validity, display width, simple case folding and
 * word wrapping. Pure functions of their arguments; no locale is consulted,
 * so a walk means the same whatever LANG says.
 */
#ifndef RUNCHECK_TEXT_H
#define RUNCHECK_TEXT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True when the len bytes at s are well-formed UTF-8 (no overlongs, no
 * surrogates, nothing above U+10FFFF). */
bool text_utf8_valid(const char *s, size_t len);

/*
 * Decodes one code point at s (at most len bytes). Returns the bytes used
 * (at least 1 when len > 0) and stores the code point, or U+FFFD for a bad
 * sequence, in *cp.
 */
size_t text_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Columns a code point takes at a terminal: 0 (combining), 1 or 2 (wide). */
int text_cp_width(uint32_t cp);

/* Columns the len bytes at s take at a terminal. */
size_t text_width(const char *s, size_t len);

/* The simple lowercase of a code point: ASCII, Latin-1, Latin
 * Extended-A, Greek and Cyrillic; others map to themselves. */
uint32_t text_cp_fold(uint32_t cp);

/* Compares two NUL-terminated strings ignoring case (text_cp_fold):
 * true when equal. */
bool text_equal_fold(const char *a, const char *b);

/* True when s begins with prefix, ignoring case. */
bool text_prefix_fold(const char *s, const char *prefix);

/*
 * As text_equal_fold and text_prefix_fold, for counted strings that need
 * no NUL: a line trimmed in place can be compared without a copy.
 */
bool text_equal_fold_n(const char *a, size_t alen, const char *b,
		       size_t blen);
bool text_prefix_fold_n(const char *s, size_t slen, const char *prefix,
			size_t plen);

/*
 * Word-wraps text to width columns: each output line starts with indent
 * spaces (the first with first_indent), words are kept whole unless longer
 * than a line, runs of blanks become one space, and a newline in text
 * starts a new line. Returns a new NUL-terminated string (caller frees,
 * each line ends with '\n') or NULL when out of memory. A width under 20
 * is taken as 20.
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

/*
 * As vsnprintf into buf (size bytes), but a text cut short is cut at a
 * code point, so that it stays valid UTF-8. An encoding error leaves buf
 * empty. Nothing happens when size is 0.
 */
void text_vformat(char *buf, size_t size, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

#endif
