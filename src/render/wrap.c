/*
 * wrap.c - display width (wcwidth under C.UTF-8) and line breaking (UAX #14
 * through libunibreak) for the terminal.
 */
/* wcwidth (readline's pkg-config flags ask for X/Open already) */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif

#include "wrap.h"

#include <linebreak.h>
#include <locale.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "mem.h"
#include "text.h"

/*
 * The C.UTF-8 locale made the thread's own while text is measured, so that
 * wcwidth() knows every character's width even when the program runs in
 * the C locale; put back when done. No locale: the core's table.
 */
struct widths {
	locale_t locale;
	locale_t saved;
};

static void widths_begin(struct widths *w)
{
	w->locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	w->saved = w->locale ? uselocale(w->locale) : (locale_t)0;
}

static void widths_end(struct widths *w)
{
	if (!w->locale)
		return;
	uselocale(w->saved);
	freelocale(w->locale);
	w->locale = (locale_t)0;
}

static size_t cp_width(const struct widths *w, uint32_t cp)
{
	if (w->locale) {
		int n = wcwidth((wchar_t)cp);

		if (n >= 0)
			return (size_t)n;
	}
	return (size_t)text_cp_width(cp);
}

static size_t span_width(const struct widths *w, const char *s, size_t len)
{
	size_t cols = 0, i = 0;

	while (i < len) {
		uint32_t cp;

		i += text_utf8_decode(s + i, len - i, &cp);
		cols += cp_width(w, cp);
	}
	return cols;
}

size_t wrap_width(const char *s, size_t len)
{
	struct widths w;
	size_t cols;

	widths_begin(&w);
	cols = span_width(&w, s, len);
	widths_end(&w);
	return cols;
}

/* The language line breaking follows, as gettext would choose it. */
static const char *break_language(void)
{
	static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	const char *all = getenv("LANGUAGE");

	if (all && *all) {
		static char first[32];
		size_t n = strcspn(all, ":");

		if (n >= sizeof(first))
			n = sizeof(first) - 1;
		memcpy(first, all, n);
		first[n] = '\0';
		return first;
	}
	for (size_t i = 0; i < sizeof(vars) / sizeof(*vars); i++) {
		const char *v = getenv(vars[i]);

		if (v && *v)
			return v;
	}
	return NULL;
}

/* The output of text_wrap, grown by doubling. */
struct wrap_buf {
	char *data;
	size_t len;
	size_t capacity;
	bool is_oom;
};

static void buf_add(struct wrap_buf *b, const char *s, size_t n)
{
	if (b->is_oom)
		return;
	if (n + 1 > b->capacity - b->len) {
		size_t capacity = b->capacity ? b->capacity : 64;
		char *data;

		while (n + 1 > capacity - b->len)
			capacity *= 2;
		data = mem_realloc(b->data, capacity);
		if (!data) {
			b->is_oom = true;
			return;
		}
		b->data = data;
		b->capacity = capacity;
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static void buf_spaces(struct wrap_buf *b, size_t n)
{
	static const char spaces[] = "                                ";

	while (n > 0) {
		size_t k = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;

		buf_add(b, spaces, k);
		n -= k;
	}
}

/* The line being filled: how wide it is and whether it holds a word. */
struct wrap_line {
	struct wrap_buf *out;
	const struct widths *widths;
	const char *lang;   /* for libunibreak; NULL for its default */
	size_t width;	    /* the page's width */
	size_t indent;	    /* of the line being filled */
	size_t next_indent; /* of every line after it */
	size_t used;	    /* columns taken, indent included */
	bool is_empty;
};

static size_t line_room(const struct wrap_line *l)
{
	/* An indent as wide as the page still leaves one column to fill. */
	return l->width > l->indent ? l->width - l->indent : 1;
}

static void line_end(struct wrap_line *l)
{
	buf_add(l->out, "\n", 1);
	l->indent = l->next_indent;
	l->used = 0;
	l->is_empty = true;
}

static void line_put(struct wrap_line *l, const char *s, size_t n, size_t width)
{
	if (l->is_empty) {
		buf_spaces(l->out, l->indent);
		l->used = l->indent;
		l->is_empty = false;
	}
	buf_add(l->out, s, n);
	l->used += width;
}

/* A piece wider than a whole line, cut at code points to fill lines. */
static void wrap_long_piece(struct wrap_line *l, const char *w, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t start = i, cols = 0, room = line_room(l);

		while (i < n) {
			uint32_t cp;
			size_t k = text_utf8_decode(w + i, n - i, &cp);
			size_t cw = cp_width(l->widths, cp);

			/* Marks of width 0 stay with the letter they mark. */
			if (cols + cw > room && cw > 0 && i > start)
				break;
			cols += cw;
			i += k;
		}
		line_put(l, w + start, i - start, cols);
		if (i < n)
			line_end(l);
	}
}

/*
 * Puts a piece of cols columns on the line, after a space when it begins
 * a word (is_spaced) and the line holds something already, or on the
 * next line when it does not fit.
 */
static void wrap_piece(struct wrap_line *l, const char *s, size_t n,
		       size_t cols, bool is_spaced)
{
	if (!l->is_empty) {
		size_t space = is_spaced ? 1 : 0;

		if (l->used - l->indent + space + cols <= line_room(l)) {
			if (is_spaced)
				line_put(l, " ", 1, 1);
			line_put(l, s, n, cols);
			return;
		}
		line_end(l);
	}
	if (cols > line_room(l))
		wrap_long_piece(l, s, n);
	else
		line_put(l, s, n, cols);
}

/*
 * The end of the piece of word w (n bytes, brks its libunibreak breaks)
 * that starts at start: the next place where UAX #14 allows a break and
 * the character before it or after it is wide. Stores its width in *cols.
 */
static size_t piece_end(const struct wrap_line *l, const char *w, size_t n,
			const char *brks, size_t start, size_t *cols)
{
	size_t i = start, base_width = 0;

	*cols = 0;
	while (i < n) {
		uint32_t cp, next;
		size_t k = text_utf8_decode(w + i, n - i, &cp);
		size_t cw = cp_width(l->widths, cp);

		*cols += cw;
		if (cw > 0)
			base_width = cw; /* a mark goes with its base */
		i += k;
		if (i >= n)
			break;
		text_utf8_decode(w + i, n - i, &next);
		if (brks[i - 1] != LINEBREAK_ALLOWBREAK &&
		    brks[i - 1] != LINEBREAK_MUSTBREAK)
			continue;
		if (base_width == 2 || cp_width(l->widths, next) == 2)
			break;
	}
	return i;
}

static void wrap_word(struct wrap_line *l, const char *w, size_t n,
		      const char *brks)
{
	size_t start = 0;

	while (start < n) {
		size_t cols;
		size_t end = piece_end(l, w, n, brks, start, &cols);

		wrap_piece(l, w + start, end - start, cols, start == 0);
		start = end;
	}
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/*
 * One line of the input, which may become several of the output. brks
 * has room for n bytes: libunibreak's break after each byte of p.
 */
static void wrap_paragraph(struct wrap_line *l, const char *p, size_t n,
			   char *brks)
{
	size_t i = 0;

	if (n > 0 && text_utf8_valid(p, n))
		set_linebreaks_utf8((const utf8_t *)p, n, l->lang, brks);
	else
		memset(brks, LINEBREAK_NOBREAK, n);
	while (i < n) {
		size_t start;

		while (i < n && is_blank(p[i]))
			i++;
		start = i;
		while (i < n && !is_blank(p[i]))
			i++;
		if (i > start)
			wrap_word(l, p + start, i - start, brks + start);
	}
	line_end(l);
}

char *text_wrap(const char *text, size_t width, size_t first_indent,
		size_t indent)
{
	static bool is_break_ready;
	struct wrap_buf out = {0};
	struct widths widths;
	struct wrap_line line = {
		.out = &out,
		.widths = &widths,
		.lang = break_language(),
		.width = width < 20 ? 20 : width,
		.indent = first_indent,
		.next_indent = indent,
		.is_empty = true,
	};
	size_t len = strlen(text);
	char *brks = mem_alloc(len + 1);
	const char *p = text;

	if (!brks)
		return NULL;
	if (!is_break_ready) {
		init_linebreak();
		is_break_ready = true;
	}
	widths_begin(&widths);
	buf_add(&out, "", 0);
	/* A newline that ends the text ends its last line; it adds none. */
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		wrap_paragraph(&line, p, n, brks);
		p += n;
		if (*p == '\n')
			p++;
	}
	widths_end(&widths);
	free(brks);
	if (out.is_oom) {
		free(out.data);
		return NULL;
	}
	return out.data;
}

char *text_wrap_block(const char *text, size_t width, size_t indent,
		      const char *label)
{
	char *wrapped = text_wrap(text, width, indent, indent);
	size_t len;

	if (!wrapped)
		return NULL;
	len = strlen(wrapped);
	if (label) {
		size_t label_len = strlen(label);

		if (label_len <= indent && len >= label_len)
			memcpy(wrapped, label, label_len);
	}
	if (len > 0 && wrapped[len - 1] == '\n')
		wrapped[len - 1] = '\0';
	return wrapped;
}
