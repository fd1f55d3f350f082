/*
 * pager.c - a text a screen at a time, for the kiosk's result and the
 * quiz's.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "pager.h"
#include "term.h"
#include "text.h"
#include "wrap.h"

/* Columns between a tall paragraph and the prompt beside it. */
#define SIDE_GAP 2

/* The narrowest column a prompt beside a paragraph may have. */
#define SIDE_MIN 24

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

/* Columns a line takes on the screen; escape sequences take none. */
static size_t line_width(const char *s)
{
	size_t cols = 0;
	size_t len = strlen(s);

	for (size_t i = 0; i < len;) {
		uint32_t cp;

		if (s[i] == '\033' && s[i + 1] == '[') {
			i += 2;
			while (i < len && !(s[i] >= '@' && s[i] <= '~'))
				i++;
			i += i < len;
			continue;
		}
		i += text_utf8_decode(s + i, len - i, &cp);
		cols += (size_t)text_cp_width(cp);
	}
	return cols;
}

/* The widest of lines [first, end). */
static size_t block_width(const struct pager_text *pt, size_t first, size_t end)
{
	size_t widest = 0;

	for (size_t i = first; i < end; i++) {
		size_t cols = line_width(pt->text + pt->starts[i]);

		if (cols > widest)
			widest = cols;
	}
	return widest;
}

/* True when the paragraph at start, taller than a page, can have the
 * whole screen with the prompt to its right. */
static bool is_tall_block(const struct pager_text *pt, size_t start)
{
	size_t end = run_end(pt, start);

	return end - start > pt->height && end - start <= pt->rows &&
	       block_width(pt, start, end) + SIDE_GAP + SIDE_MIN <= pt->width;
}

/* True when page is such a paragraph alone (its lines pass the height). */
static bool is_tall_page(const struct pager_text *pt, size_t page)
{
	size_t first = pt->firsts[page];
	size_t end = page + 1 < pt->pages ? pt->firsts[page + 1] : pt->count;

	while (end > first + 1 && is_blank(pt, end - 1))
		end--;
	return end - first > pt->height;
}

/* Where the page that starts at first ends: height lines on, or before
 * the paragraph that would be split there when it fits on a page (or
 * after it, when it is a tall block that has the screen to itself). */
static size_t page_end(const struct pager_text *pt, size_t first)
{
	size_t end = first + pt->height;
	size_t start;

	if (end >= pt->count)
		return pt->count;
	if (is_blank(pt, end) || is_blank(pt, end - 1))
		return end;
	start = paragraph_start(pt, end - 1, first);
	if (start > first && (run_end(pt, start) - start <= pt->height ||
			      is_tall_block(pt, start)))
		return start;
	if (start == first && is_tall_block(pt, start))
		return run_end(pt, start);
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
	if (is_tall_page(pt, pt->pages - 2))
		return; /* a QR code that fills the screen stays whole */
	end = last;
	while (end > before && is_blank(pt, end - 1))
		end--;
	start = end > before ? paragraph_start(pt, end - 1, before) : before;
	if (start > before && pt->count - start <= pt->height)
		pt->firsts[pt->pages - 1] = start;
	else if (pt->count - before > pt->height)
		pt->firsts[pt->pages - 1] = pt->count - pt->height;
}

static size_t prompt_rows(size_t width, size_t pages);

static int paginate(struct pager_text *pt, size_t rows, bool is_accessible)
{
	size_t first = 0;
	size_t below;

	pt->prompt_rows = is_accessible ? 1 : prompt_rows(pt->width, pt->count);
	below = 1 + pt->prompt_rows;
	pt->height = is_accessible || rows < below + 4 ? pt->count
						       : rows - below;
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
	       size_t width, bool is_accessible)
{
	size_t n = 0;

	memset(pt, 0, sizeof(*pt));
	pt->text = text;
	pt->rows = rows;
	pt->width = width;
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
	if (!is_accessible && is_tall_page(pt, page)) {
		/* The whole screen: the prompt goes beside the last lines. */
		for (size_t i = first; i < end; i++) {
			fputs(pt->text + pt->starts[i], out);
			if (i + 1 < end)
				fputc('\n', out);
		}
		return;
	}
	for (size_t i = first; i < end; i++) {
		fputs(pt->text + pt->starts[i], out);
		fputc('\n', out);
	}
	/* The prompt stays on the bottom line from page to page. */
	if (pt->pages > 1)
		for (size_t i = end - first; i < pt->height; i++)
			fputc('\n', out);
	/* The prompt's place, kept for put_in_place (CSI s). */
	if (!is_accessible)
		fputs("\n\033[s", out);
}

/*
 * Writes text (NULL: only clears) in the prompt's place: the bottom line,
 * or on a tall page the column to the right of its paragraph, the text
 * wrapped to it and ending on the paragraph's last line.
 */
static void put_in_place(FILE *out, const struct pager_text *pt, size_t page,
			 const char *text, bool use_color)
{
	size_t first = pt->firsts[page];
	size_t lines = 0;
	size_t col;
	char *wrapped;

	if (!is_tall_page(pt, page)) {
		/* Back to the prompt's place (CSI u), cleared below. */
		fputs("\033[u\033[J", out);
		if (!text)
			return;
		wrapped = text_wrap(text, pt->width, 0, 0);
		if (!wrapped)
			return;
		for (char *line = wrapped; *line;) {
			char *nl = strchr(line, '\n');

			*nl = '\0';
			if (use_color)
				fputs(ANSI_BOLD, out);
			fputs(line, out);
			if (use_color)
				fputs(ANSI_RESET, out);
			line = nl + 1;
			if (*line)
				fputc('\n', out);
		}
		free(wrapped);
		return;
	}
	while (first + lines < pt->count && !is_blank(pt, first + lines))
		lines++;
	col = block_width(pt, first, first + lines) + SIDE_GAP;
	/* The column is at least SIDE_MIN wide (is_tall_block); text_wrap
	 * takes no less than 20. */
	wrapped = text_wrap(text ? text : "", pt->width - col, 0, 0);
	if (!wrapped)
		return;
	/* Every line of the column cleared, then the text at its foot. */
	for (size_t row = 1; row <= lines; row++)
		fprintf(out, "\033[%zu;%zuH\033[K", row, col + 1);
	if (text) {
		size_t n = 0;
		size_t row;

		for (const char *p = wrapped; *p; p++)
			n += *p == '\n';
		row = n < lines ? lines - n + 1 : 1;
		for (char *line = wrapped; *line; row++) {
			char *nl = strchr(line, '\n');

			*nl = '\0';
			fprintf(out, "\033[%zu;%zuH", row, col + 1);
			if (use_color)
				fputs(ANSI_BOLD, out);
			fputs(line, out);
			if (use_color)
				fputs(ANSI_RESET, out);
			line = nl + 1;
		}
	} else {
		fprintf(out, "\033[%zu;%zuH", lines, col + 1);
	}
	free(wrapped);
}

/* The prompt under page of pages, into line (size bytes). */
static void prompt_text(char *line, size_t size, size_t page, size_t pages)
{
	if (pages <= 1)
		snprintf(line, size, "%s",
			 _("Press Enter when you have finished reading."));
	else if (page == 0)
		snprintf(line, size,
			 _("Page %zu of %zu. Press Enter for more."), page + 1,
			 pages);
	else if (page + 1 < pages)
		snprintf(line, size,
			 _("Page %zu of %zu. Press Enter for more, or B to go "
			   "back."),
			 page + 1, pages);
	else
		snprintf(line, size,
			 _("Page %zu of %zu. Press Enter when you have "
			   "finished reading, or B to go back."),
			 page + 1, pages);
}

/* Rows text takes wrapped to width (at least 1). */
static size_t wrapped_rows(const char *text, size_t width)
{
	char *wrapped = text_wrap(text, width, 0, 0);
	size_t rows = 0;

	if (!wrapped)
		return 1;
	for (const char *p = wrapped; *p; p++)
		rows += *p == '\n';
	free(wrapped);
	return rows > 0 ? rows : 1;
}

/* The most rows the prompt takes for a text of at most pages pages (a
 * translation may be wider than the screen): the first, a middle and
 * the last page, and a single one. */
static size_t prompt_rows(size_t width, size_t pages)
{
	const size_t cases[][2] = {{0, 1},
				   {0, pages},
				   {1, pages},
				   {pages - 1, pages}};
	size_t most = 1;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char line[512];
		size_t rows;

		prompt_text(line, sizeof(line), cases[i][0], cases[i][1]);
		rows = wrapped_rows(line, width);
		if (rows > most)
			most = rows;
	}
	return most;
}

void pager_say(FILE *out, const struct pager_text *pt, size_t page,
	       const char *text, bool use_color, bool is_accessible)
{
	if (is_accessible) {
		fputs(text, out);
		fputc('\n', out);
		return;
	}
	put_in_place(out, pt, page, text, use_color);
}

void pager_prompt(FILE *out, const struct pager_text *pt, size_t page,
		  bool use_color, bool is_accessible)
{
	char line[512];

	prompt_text(line, sizeof(line), page, pt->pages);
	pager_say(out, pt, page, line, use_color, is_accessible);
}

void pager_unprompt(FILE *out, const struct pager_text *pt, size_t page,
		    bool is_accessible)
{
	if (is_accessible)
		return;
	put_in_place(out, pt, page, NULL, false);
	/* What comes next starts on a line of its own. */
	if (is_tall_page(pt, page))
		fputs("\r\n", out);
}
