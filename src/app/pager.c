/*
 * pager.c - a text a screen at a time, for the kiosk's result and the
 * quiz's.
 */
#include <stdlib.h>
#include <string.h>

#include "pager.h"
#include "term.h"

#define CTRL_D '\004'

static bool is_blank(const struct pager_text *pt, size_t line)
{
	return pt->text[pt->starts[line]] == '\0';
}

/* The line after the paragraph (or the run of blank lines) at line. */
static size_t run_end(const struct pager_text *pt, size_t line)
{
	bool blank = is_blank(pt, line);

	while (line < pt->count && is_blank(pt, line) == blank)
		line++;
	return line;
}

/* The first line of the paragraph that holds line (not blank). */
static size_t paragraph_start(const struct pager_text *pt, size_t line,
			      size_t floor)
{
	while (line > floor && !is_blank(pt, line - 1))
		line--;
	return line;
}

/* Where the page that starts at first ends: height lines on, or before
 * the paragraph that would be split there when it fits on a page. */
static size_t page_end(const struct pager_text *pt, size_t first)
{
	size_t end = first + pt->height;
	size_t start;

	if (end >= pt->count)
		return pt->count;
	if (is_blank(pt, end) || is_blank(pt, end - 1))
		return end;
	start = paragraph_start(pt, end - 1, first);
	if (start > first && run_end(pt, start) - start <= pt->height)
		return start;
	return end;
}

/* The last page is not one lone paragraph while the page before has more
 * (pager.h). */
static void keep_company(struct pager_text *pt)
{
	size_t last, before, end, start;

	if (pt->pages < 2)
		return;
	last = pt->firsts[pt->pages - 1];
	before = pt->firsts[pt->pages - 2];
	if (run_end(pt, last) < pt->count)
		return; /* more than one paragraph already */
	end = last;
	while (end > before && is_blank(pt, end - 1))
		end--;
	start = end > before ? paragraph_start(pt, end - 1, before) : before;
	if (start > before && pt->count - start <= pt->height)
		pt->firsts[pt->pages - 1] = start;
	else if (pt->count - before > pt->height)
		pt->firsts[pt->pages - 1] = pt->count - pt->height;
}

static int paginate(struct pager_text *pt, size_t rows, bool is_accessible)
{
	size_t first = 0;

	pt->height = is_accessible || rows < 6 ? pt->count : rows - 2;
	if (pt->height == 0)
		pt->height = 1;
	/* No page is empty, so there are at most count of them. */
	pt->firsts = malloc((pt->count + 1) * sizeof(*pt->firsts));
	if (!pt->firsts)
		return -1;
	pt->pages = 0;
	do {
		pt->firsts[pt->pages++] = first;
		first = page_end(pt, first);
		/* A page does not start with blank lines. */
		while (first < pt->count && is_blank(pt, first))
			first++;
	} while (first < pt->count);
	keep_company(pt);
	return 0;
}

int pager_load(struct pager_text *pt, char *text, size_t size, size_t rows,
	       bool is_accessible)
{
	size_t n = 0;

	memset(pt, 0, sizeof(*pt));
	pt->text = text;
	if (!text)
		return -1;
	for (size_t i = 0; i < size; i++)
		n += text[i] == '\n';
	pt->starts = malloc((n + 1) * sizeof(*pt->starts));
	if (!pt->starts)
		return -1;
	pt->starts[pt->count++] = 0;
	for (size_t i = 0; i + 1 < size; i++)
		if (text[i] == '\n')
			pt->starts[pt->count++] = i + 1;
	for (size_t i = 0; i < size; i++)
		if (text[i] == '\n')
			text[i] = '\0';
	return paginate(pt, rows, is_accessible);
}

void pager_clear(struct pager_text *pt)
{
	free(pt->text);
	free(pt->starts);
	free(pt->firsts);
	memset(pt, 0, sizeof(*pt));
}

bool pager_is_paged(const struct pager_text *pt)
{
	return pt->pages > 1;
}

enum pager_key pager_key(const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		const char *rest = buf + i;
		size_t left = len - i;

		if (*rest == '\r' || *rest == '\n' || *rest == ' ')
			return PAGER_NEXT;
		if (*rest == 'b' || *rest == 'B')
			return PAGER_BACK;
		if (*rest == CTRL_D)
			return PAGER_END;
		if (left >= 3 &&
		    (!memcmp(rest, "\033[B", 3) || !memcmp(rest, "\033OB", 3)))
			return PAGER_NEXT;
		if (left >= 3 &&
		    (!memcmp(rest, "\033[A", 3) || !memcmp(rest, "\033OA", 3)))
			return PAGER_BACK;
		if (left >= 4 && !memcmp(rest, "\033[6~", 4))
			return PAGER_NEXT;
		if (left >= 4 && !memcmp(rest, "\033[5~", 4))
			return PAGER_BACK;
	}
	return PAGER_NONE;
}

void pager_draw(FILE *out, const struct pager_text *pt, size_t page,
		bool is_accessible)
{
	size_t first = pt->firsts[page];
	size_t end = page + 1 < pt->pages ? pt->firsts[page + 1] : pt->count;

	/* Blank lines at a page's foot would only push the page up. */
	while (end > first + 1 && is_blank(pt, end - 1))
		end--;
	if (!is_accessible)
		fputs(ANSI_CLEAR_SCREEN, out);
	for (size_t i = first; i < end; i++) {
		fputs(pt->text + pt->starts[i], out);
		fputc('\n', out);
	}
	/* The prompt stays on the bottom line from page to page. */
	if (pt->pages > 1)
		for (size_t i = end - first; i < pt->height; i++)
			fputc('\n', out);
	if (!is_accessible)
		fputc('\n', out);
}

void pager_prompt(FILE *out, const struct pager_text *pt, size_t page,
		  bool use_color, bool is_accessible)
{
	char line[160];

	if (pt->pages <= 1)
		snprintf(line, sizeof(line),
			 "Press Enter when you have finished reading.");
	else if (page + 1 < pt->pages)
		snprintf(line, sizeof(line),
			 "Page %zu of %zu. Press Enter for more%s.", page + 1,
			 pt->pages, page > 0 ? ", or B to go back" : "");
	else
		snprintf(line, sizeof(line),
			 "Page %zu of %zu. Press Enter when you have finished "
			 "reading, or B to go back.",
			 page + 1, pt->pages);
	if (!is_accessible)
		fputs(ANSI_CLEAR_LINE, out);
	if (use_color)
		fputs(ANSI_BOLD, out);
	fputs(line, out);
	if (use_color)
		fputs(ANSI_RESET, out);
	if (is_accessible)
		fputc('\n', out);
}

void pager_unprompt(FILE *out, bool is_accessible)
{
	if (!is_accessible)
		fputs(ANSI_CLEAR_LINE, out);
}
