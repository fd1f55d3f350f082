/*
 * qr.c - QR codes drawn with half blocks, or with full blocks on the
 * Linux console.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include <qrencode.h>

#include "ansi.h"
#include "qr.h"

static QRcode *encode(const char *text)
{
	/* Version 0: the smallest that holds the text; case-sensitive. */
	return QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
}

size_t qr_width(const char *text)
{
	QRcode *code = encode(text);
	size_t width;

	if (!code)
		return 0;
	width = (size_t)code->width + 2 * (size_t)QR_QUIET_ZONE;
	QRcode_free(code);
	return width;
}

/* Dark module at (x, y) of the code with its quiet zone around it. */
static bool is_dark(const QRcode *code, int x, int y)
{
	x -= QR_QUIET_ZONE;
	y -= QR_QUIET_ZONE;
	if (x < 0 || y < 0 || x >= code->width || y >= code->width)
		return false;
	return code->data[y * code->width + x] & 1;
}

/*
 * The cell for an upper and a lower module. With colour the glyph is
 * drawn in black, so it covers the dark modules; without, in the
 * terminal's (light) foreground, so it covers the light ones.
 */
static const char *cell(bool is_upper_ink, bool is_lower_ink)
{
	if (is_upper_ink && is_lower_ink)
		return "\u2588";
	if (is_upper_ink)
		return "\u2580";
	if (is_lower_ink)
		return "\u2584";
	return " ";
}

bool qr_term_needs_full_blocks(const char *term)
{
	return term &&
	       (strcmp(term, "linux") == 0 || strncmp(term, "linux-", 6) == 0);
}

/* One module a cell of two full blocks, or spaces: a line a row. */
static const char *full_cell(bool is_ink)
{
	return is_ink ? "\u2588\u2588" : "  ";
}

int qr_print(FILE *f, const char *text, const struct qr_style *style)
{
	QRcode *code = encode(text);
	int size;
	int rc = -1;
	/* Rows of modules a line, columns a module. */
	int rows = style->full_blocks ? 1 : 2;
	size_t columns = style->full_blocks ? 2 : 1;

	if (!code)
		return errno == ENOMEM ? -1 : 1;
	size = code->width + 2 * QR_QUIET_ZONE;
	if ((size_t)size * columns > style->width) {
		rc = 1;
		goto done;
	}
	for (int y = 0; y < size; y += rows) {
		if (style->use_color && fputs(ANSI_BLACK_ON_WHITE, f) == EOF)
			goto done;
		for (int x = 0; x < size; x++) {
			bool upper = is_dark(code, x, y);
			bool lower = y + 1 < size ? is_dark(code, x, y + 1)
						  : false;
			const char *glyph;

			/* Without colour the ink is light: the quiet zone
			 * below an odd last row is light too. */
			if (!style->use_color) {
				upper = !upper;
				lower = y + 1 < size ? !lower : false;
			}
			glyph = style->full_blocks ? full_cell(upper)
						   : cell(upper, lower);
			if (fputs(glyph, f) == EOF)
				goto done;
		}
		if (style->use_color && fputs(ANSI_RESET, f) == EOF)
			goto done;
		if (fputc('\n', f) == EOF)
			goto done;
	}
	rc = 0;

done:
	QRcode_free(code);
	return rc;
}
