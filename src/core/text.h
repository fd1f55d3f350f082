/*
 * text.h - UTF-8 text: validity, display width, simple case folding.
 * Pure functions of their arguments; no locale is consulted, so a walk
 * means the same whatever LANG says. Wrapping text into lines for a
 * screen is the front end's (src/render/wrap.h).
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

/*
 * True for a character that text from outside (a tree, a file name, an
 * argument, an answer) must not put on a terminal as it is: a control
 * character (tab and newline included: a message is one line), and the
 * characters that reorder or break text (U+200E, U+200F, U+2028, U+2029,
 * the bidirectional overrides and isolates U+202A to U+202E and U+2066 to
 * U+2069), which could make a line lie about what it holds; and the
 * noncharacters U+FFFE and U+FFFF.
 */
bool text_is_unsafe(uint32_t cp);

/*
 * The one sanitiser for what reaches a terminal: copies the len bytes at s
 * into out, which has room for 3 * len + 1 bytes, with every unsafe
 * character (text_is_unsafe) and every bad UTF-8 sequence replaced by
 * U+FFFD, and a NUL after. Returns the length written.
 */
size_t text_sanitize(const char *s, size_t len, char *out);

/* As text_sanitize, into a new string (caller frees); NULL when out of
 * memory. */
char *text_sanitized(const char *s, size_t len);

/*
 * A copy of s (NUL-terminated) that takes at most width columns: when s
 * is wider, its end is cut at a character and ellipsis put in its place,
 * the whole no wider than width (no ellipsis when even it is wider).
 * Returns a new string (caller frees) or NULL when out of memory.
 */
char *text_fit(const char *s, size_t width, const char *ellipsis);

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
bool text_equal_fold_n(const char *a, size_t alen, const char *b, size_t blen);
bool text_prefix_fold_n(const char *s, size_t slen, const char *prefix,
			size_t plen);

/*
 * True for a code point that must not reach a terminal or a spreadsheet
 * as it is: C0 and C1 controls, DEL, the bidirectional controls (which
 * reorder what is shown) and the line and paragraph separators.
 */
bool text_cp_is_control(uint32_t cp);

/*
 * As vsnprintf into buf (size bytes), but a text cut short is cut at a
 * code point, so that it stays valid UTF-8. An encoding error leaves buf
 * empty. Nothing happens when size is 0.
 */
void text_vformat(char *buf, size_t size, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

#endif
