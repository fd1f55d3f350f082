/*
 * pager.h - a text a screen at a time: the kiosk's result (visit.c) and
 * the quiz's result at a terminal (quiz.c).
 *
 * A text is cut into lines, and the lines into pages of the screen's
 * height less a blank line and the prompt's rows (more than one where a
 * translation is wider than the screen). Pages break
 * between paragraphs (runs of lines that are not empty):
 *
 *   - a paragraph that fits on a page is never split: the page before it
 *     ends early, so a QR code is drawn whole (qr.h);
 *   - a paragraph taller than a page but no taller than the screen (a
 *     QR code of 33 lines on a console of 33) gets a page of its own, the
 *     whole screen, when the screen is wide enough to hold the prompt to
 *     its right, where the prompt then goes; any other paragraph taller
 *     than a page is split at the page's end;
 *   - the last page never holds a lone paragraph (the disclaimer under a
 *     result) while the pages before have more: the paragraph before it
 *     moves onto the last page, or the last page takes the page before's
 *     last lines.
 *
 * Accessible output is one page, never cleared. Keys: Enter, Space, Down
 * and Page Down for the next page; B, Up and Page Up for the one before;
 * Ctrl-D to end (pager_key). The waiting for keys is the caller's.
 */
#ifndef RUNCHECK_PAGER_H
#define RUNCHECK_PAGER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct pager_text {
	char *text;	/* the whole text, each line NUL-terminated */
	size_t *starts; /* where each line begins in text */
	size_t count;	/* lines */
	size_t *firsts; /* the first line of each page */
	size_t pages;
	size_t height; /* lines of text a page holds */
	size_t rows;   /* the screen's lines and columns */
	size_t width;
	size_t prompt_rows; /* rows kept for the prompt, which a translation
			       may wrap */
};

/*
 * Takes text (size bytes, malloc'd, as open_memstream leaves it; NULL is
 * out of memory) into pt, cut into lines, and cuts them into pages for a
 * screen of rows lines and width columns; one page when is_accessible. pt owns text from
 * then on, whatever the outcome. Returns 0, or -1 when out of memory.
 */
int pager_load(struct pager_text *pt, char *text, size_t size, size_t rows,
	       size_t width, bool is_accessible);

/* Frees what pt holds and zeroes it. */
void pager_clear(struct pager_text *pt);

/* True when the text is taller than the screen it was cut for. */
bool pager_is_paged(const struct pager_text *pt);

enum pager_key {
	PAGER_NONE,
	PAGER_NEXT, /* Enter, Space, Down, Page Down */
	PAGER_BACK, /* b, B, Up, Page Up */
	PAGER_END,  /* Ctrl-D */
};

/* The first key among the len bytes at buf that means something to a
 * pager. */
enum pager_key pager_key(const char *buf, size_t len);

/*
 * Draws page of pt on out: the screen cleared (unless is_accessible),
 * the page's lines, and blank lines down to where the prompt goes, so
 * that the prompt stays on the bottom line from page to page.
 */
void pager_draw(FILE *out, const struct pager_text *pt, size_t page,
		bool is_accessible);

/*
 * The prompt under page: "Press Enter when you have finished reading."
 * for a text of one page, else "Page N of M. ..." with what Enter and B
 * do. It replaces what the prompt's place held (a new line of its own
 * when is_accessible), bold when use_color; the cursor stays at its end.
 */
void pager_prompt(FILE *out, const struct pager_text *pt, size_t page,
		  bool use_color, bool is_accessible);

/* As pager_prompt, with text (one sentence) in the prompt's place:
 * "Are you still there?" */
void pager_say(FILE *out, const struct pager_text *pt, size_t page,
	       const char *text, bool use_color, bool is_accessible);

/* The prompt's place cleared, with the cursor on the page's last line,
 * for what comes under the page (nothing when is_accessible: its output
 * is never rewritten). */
void pager_unprompt(FILE *out, const struct pager_text *pt, size_t page,
		    bool is_accessible);

#endif
