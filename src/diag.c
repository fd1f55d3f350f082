#include "diag.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "text.h"

/*
 * Copies a formatted message into out (3 * len + 1 bytes), replacing with
 * U+FFFD what must not reach a terminal: control characters (an escape
 * sequence in a quoted key, a newline that would split the one-line
 * form) and bad UTF-8 (a quote cut short inside a character). Returns the
 * length written.
 */
static size_t diag_clean(const char *s, size_t len, char *out)
{
	size_t i = 0, o = 0;

	while (i < len) {
		uint32_t cp;
		size_t k = text_utf8_decode(s + i, len - i, &cp);

		if (cp == 0xFFFD || cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) {
			memcpy(out + o, "\xEF\xBF\xBD", 3);
			o += 3;
		} else {
			memcpy(out + o, s + i, k);
			o += k;
		}
		i += k;
	}
	out[o] = '\0';
	return o;
}

void diag_addv(struct diag_list *list, enum diag_severity severity,
	       struct diag_pos pos, const char *fmt, va_list ap)
{
	char buf[1024];
	char clean[3 * sizeof buf];
	char *message;
	size_t len;
	int n;

	n = vsnprintf(buf, sizeof buf, fmt, ap);
	if (n < 0)
		n = 0;
	len = diag_clean(buf, (size_t)n < sizeof buf ? (size_t)n
						     : sizeof buf - 1,
			 clean);
	if (mem_grow(&list->items, &list->capacity, list->count + 1,
		     sizeof *list->items) < 0 ||
	    (message = mem_strndup(clean, len)) == NULL) {
		list->is_oom = true;
		return;
	}
	list->items[list->count].pos = pos;
	list->items[list->count].severity = severity;
	list->items[list->count].message = message;
	list->count++;
	if (severity == DIAG_ERROR)
		list->error_count++;
	else
		list->warning_count++;
}

void diag_add(struct diag_list *list, enum diag_severity severity,
	      struct diag_pos pos, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_addv(list, severity, pos, fmt, ap);
	va_end(ap);
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
	list->items = NULL;
	list->count = 0;
	list->capacity = 0;
	list->error_count = 0;
	list->warning_count = 0;
	list->is_oom = false;
}
