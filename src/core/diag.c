#include "diag.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "text.h"

bool diag_is_full(const struct diag_list *list, enum diag_severity severity)
{
	if (list->max_kept == 0)
		return false;
	if (severity == DIAG_ERROR)
		return list->error_count - list->dropped_errors >=
		       list->max_kept;
	return list->warning_count - list->dropped_warnings >= list->max_kept;
}

static void add(struct diag_list *list, enum diag_severity severity,
		bool is_shape, struct diag_pos pos, const char *fmt, va_list ap)
	__attribute__((format(printf, 5, 0)));

static void add(struct diag_list *list, enum diag_severity severity,
		bool is_shape, struct diag_pos pos, const char *fmt, va_list ap)
{
	char buf[1024];
	char clean[3 * sizeof buf];
	char *message;
	size_t len;
	int n;

	if (diag_is_full(list, severity)) {
		/* Counted, not kept: memory stays bounded by the cap. */
		if (severity == DIAG_ERROR) {
			list->error_count++;
			list->dropped_errors++;
		} else {
			list->warning_count++;
			list->dropped_warnings++;
		}
		return;
	}
	n = vsnprintf(buf, sizeof buf, fmt, ap);
	if (n < 0)
		n = 0;
	/* The one sanitiser: a message quotes keys, ids and texts from the
	 * file, which may hold what must not reach a terminal. */
	len = text_sanitize(buf,
			    (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1,
			    clean);
	if (mem_grow(&list->items, &list->capacity, list->count + 1,
		     sizeof *list->items) < 0 ||
	    (message = mem_strndup(clean, len)) == NULL) {
		list->is_oom = true;
		return;
	}
	list->items[list->count].pos = pos;
	list->items[list->count].severity = severity;
	list->items[list->count].is_shape = is_shape;
	list->items[list->count].message = message;
	list->count++;
	if (severity == DIAG_ERROR)
		list->error_count++;
	else
		list->warning_count++;
}

void diag_addv(struct diag_list *list, enum diag_severity severity,
	       struct diag_pos pos, const char *fmt, va_list ap)
{
	add(list, severity, false, pos, fmt, ap);
}

void diag_add(struct diag_list *list, enum diag_severity severity,
	      struct diag_pos pos, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add(list, severity, false, pos, fmt, ap);
	va_end(ap);
}

void diag_add_shape(struct diag_list *list, struct diag_pos pos,
		    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add(list, DIAG_WARNING, true, pos, fmt, ap);
	va_end(ap);
}

void diag_drop_shape(struct diag_list *list)
{
	size_t i, kept = 0;

	for (i = 0; i < list->count; i++) {
		if (list->items[i].is_shape) {
			free(list->items[i].message);
			list->warning_count--;
			continue;
		}
		list->items[kept++] = list->items[i];
	}
	list->count = kept;
}

bool diag_list_set_file(struct diag_list *list, const char *name)
{
	free(list->owned_file);
	list->owned_file = text_sanitized(name, strlen(name));
	list->file = list->owned_file != NULL ? list->owned_file : "?";
	return list->owned_file != NULL;
}

/* The bytes of a line break at p (at most left), or 0: LF, CR, CR LF,
 * U+2028 and U+2029, the breaks libyaml counts lines by. */
static size_t line_break_len(const char *p, size_t left)
{
	if (p[0] == '\n')
		return 1;
	if (p[0] == '\r')
		return left > 1 && p[1] == '\n' ? 2 : 1;
	if (left >= 3 && (unsigned char)p[0] == 0xE2 &&
	    (unsigned char)p[1] == 0x80 &&
	    ((unsigned char)p[2] == 0xA8 || (unsigned char)p[2] == 0xA9))
		return 3;
	return 0;
}

/* Moves the cursor to the start of line `line`; false when there is none. */
static bool seek_line(const char *text, size_t len, uint32_t line,
		      struct diag_cursor *c)
{
	if (c->line == 0 || c->line > line) {
		c->line = 1;
		c->offset = 0;
		/* libyaml's marks start after a byte-order mark. */
		if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
			c->offset = 3;
	}
	while (c->line < line) {
		size_t k = 0;

		while (c->offset < len &&
		       (k = line_break_len(text + c->offset,
					   len - c->offset)) == 0)
			c->offset++;
		if (c->offset >= len)
			return false;
		c->offset += k;
		c->line++;
	}
	return c->offset <= len;
}

/* Code points shown of a long line: the caret stays at most EXCERPT_LEAD
 * of them from the left edge. */
#define EXCERPT_SHOWN 160
#define EXCERPT_LEAD  60

char *diag_excerpt(const char *text, size_t len, struct diag_pos pos,
		   struct diag_cursor *cursor)
{
	/* Each code point shown takes at most 8 bytes (a tab's spaces, or
	 * 4 bytes of UTF-8), plus "..." on either side. */
	char line[8 * EXCERPT_SHOWN + 16];
	char caret[8 * EXCERPT_SHOWN + 16];
	size_t o = 0, i, end, skip = 0, width = 0, caret_width = 0;
	uint32_t column = 1;
	bool is_caret_set = false;
	char *out;

	if (text == NULL || pos.line == 0 ||
	    !seek_line(text, len, pos.line, cursor))
		return NULL;
	i = cursor->offset;
	for (end = i; end < len && line_break_len(text + end, len - end) == 0;
	     end++)
		;
	if (pos.column > EXCERPT_SHOWN - EXCERPT_LEAD)
		skip = pos.column - EXCERPT_LEAD;
	line[o++] = ' ';
	if (skip > 0) {
		memcpy(line + o, "...", 3);
		o += 3;
		width = 3;
	}
	while (i < end) {
		uint32_t cp;
		size_t k = text_utf8_decode(text + i, end - i, &cp);

		if (column > skip + EXCERPT_SHOWN) {
			memcpy(line + o, "...", 3);
			o += 3;
			break;
		}
		if (column == pos.column) {
			caret_width = width;
			is_caret_set = true;
		}
		if (column > skip) {
			if (cp == '\t') {
				size_t n = 8 - width % 8;

				memset(line + o, ' ', n);
				o += n;
				width += n;
			} else {
				size_t n = text_sanitize(text + i, k, line + o);

				if (n == 3 &&
				    memcmp(line + o, "\xEF\xBF\xBD", 3) == 0)
					width += 1;
				else
					width += (size_t)text_cp_width(cp);
				o += n;
			}
		}
		i += k;
		column++;
	}
	if (!is_caret_set)
		caret_width = width; /* past the end: under the end of line */
	line[o] = '\0';
	caret[0] = ' ';
	memset(caret + 1, ' ', caret_width);
	caret[1 + caret_width] = '^';
	caret[2 + caret_width] = '\0';
	out = mem_alloc(o + caret_width + 6);
	if (out != NULL)
		snprintf(out, o + caret_width + 6, "%s\n%s\n", line, caret);
	return out;
}

static int diag_before(const struct diag *a, const struct diag *b)
{
	if (a->pos.line != b->pos.line)
		return a->pos.line < b->pos.line;
	return a->pos.column < b->pos.column;
}

void diag_sort(struct diag_list *list)
{
	/* Insertion sort keeps equal places in order; lists are nearly
	 * sorted already, since the loader reads the file in order, and the
	 * few late ones (references, cycles) move a short way. Past a few
	 * thousand out-of-order entries fall back to a stable merge sort. */
	size_t n = list->count;
	struct diag *a = list->items;
	struct diag *tmp;
	size_t width, i;

	if (n < 2)
		return;
	tmp = n > 64 ? mem_alloc(n * sizeof *tmp) : NULL;
	if (tmp == NULL) {
		for (i = 1; i < n; i++) {
			struct diag d = a[i];
			size_t j = i;

			while (j > 0 && diag_before(&d, &a[j - 1])) {
				a[j] = a[j - 1];
				j--;
			}
			a[j] = d;
		}
		return;
	}
	for (width = 1; width < n; width *= 2) {
		for (i = 0; i < n; i += 2 * width) {
			size_t lo = i, mid = i + width, hi = i + 2 * width;
			size_t l, r, k;

			if (mid > n)
				mid = n;
			if (hi > n)
				hi = n;
			l = lo;
			r = mid;
			k = lo;
			while (l < mid && r < hi)
				tmp[k++] = diag_before(&a[r], &a[l]) ? a[r++]
								     : a[l++];
			while (l < mid)
				tmp[k++] = a[l++];
			while (r < hi)
				tmp[k++] = a[r++];
		}
		{
			struct diag *swap = a;

			a = tmp;
			tmp = swap;
		}
	}
	if (a != list->items) {
		for (i = 0; i < n; i++)
			list->items[i] = a[i];
		free(a);
	} else {
		free(tmp);
	}
}

void diag_list_clear(struct diag_list *list)
{
	size_t i;

	for (i = 0; i < list->count; i++)
		free(list->items[i].message);
	free(list->items);
	if (list->file == list->owned_file)
		list->file = NULL;
	free(list->owned_file);
	list->owned_file = NULL;
	list->dropped_errors = 0;
	list->dropped_warnings = 0;
	list->items = NULL;
	list->count = 0;
	list->capacity = 0;
	list->error_count = 0;
	list->warning_count = 0;
	list->is_oom = false;
}
