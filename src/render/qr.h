/*
 * qr.h - a QR code at the terminal, so that a phone's camera can open the
 * clinic's booking address from the result.
 *
 * The code (byte mode, error correction M, the smallest version that
 * holds the text) is drawn with the half blocks U+2580, U+2584 and U+2588,
 * two rows of modules a line, inside a quiet zone of 4 modules, so it
 * needs a UTF-8 terminal (term_is_utf8). Scanners want dark modules on a
 * light ground:
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
	bool use_color; /* black on white with ANSI colours */
	size_t width;	/* columns available; a wider code is not drawn */
};

/*
 * Columns the code of text takes with its quiet zone, or 0 when text
 * cannot be encoded (too long, out of memory).
 */
size_t qr_width(const char *text);

/*
 * Draws the QR code of text on f. Returns 0 when drawn, 1 when not (text
 * cannot be encoded, or the code is wider than style->width), -1 when
 * writing failed or memory ran out (errno says why).
 */
int qr_print(FILE *f, const char *text, const struct qr_style *style);

#endif
