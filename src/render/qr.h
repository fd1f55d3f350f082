/*
 * qr.h - a QR code at the terminal, so that a phone's camera can open the
 * clinic's booking address from the result.
 *
 * The code (byte mode, error correction M, the smallest version that
 * holds the text) is drawn with the half blocks U+2580, U+2584 and U+2588,
 * two rows of modules a line, inside a quiet zone of 4 modules, so it
 * needs a UTF-8 terminal (term_is_utf8). The Linux console's fonts (the
 * Lat15 Terminus fonts the README recommends for the kiosk) have the full
 * block U+2588 but not the half blocks, so there (full_blocks) a module
 * is two full blocks or two spaces, one row of modules a line: twice as
 * wide and twice as tall. Scanners want dark modules on a light ground:
 *
 *  - with colour, every cell is drawn in black on a white background
 *    (ANSI 30 and 107), so the code scans whatever the terminal's colours;
 *  - without colour, the blocks are drawn where the modules are light and
 *    spaces where they are dark: right on the usual light-on-dark
 *    terminal and kiosk console. On a dark-on-light terminal such a code
 *    is inverted, which many but not all scanners read.
 */
#ifndef RUNCHECK_QR_H
#define RUNCHECK_QR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Modules of light margin around the code, as the standard asks. */
#define QR_QUIET_ZONE 4

struct qr_style {
	bool use_color;	  /* black on white with ANSI colours */
	bool full_blocks; /* U+2588 only, two columns a module */
	size_t width;	  /* columns available; a wider code is not drawn */
};

/*
 * True when the terminal named term (TERM's value, NULL when unset) is
 * the Linux console, linux or linux-*, whose fonts lack the half blocks:
 * a qr_style's full_blocks.
 */
bool qr_term_needs_full_blocks(const char *term);

/*
 * Modules across the code of text with its quiet zone, which is the
 * columns it takes in half blocks (twice as many in full blocks), or 0
 * when text cannot be encoded (too long, out of memory).
 */
size_t qr_width(const char *text);

/*
 * Draws the QR code of text on f. Returns 0 when drawn, 1 when not (text
 * cannot be encoded, or the code is wider than style->width), -1 when
 * writing failed or memory ran out (errno says why).
 */
int qr_print(FILE *f, const char *text, const struct qr_style *style);

#endif
