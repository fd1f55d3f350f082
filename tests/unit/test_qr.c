/*
 * test_qr.c - the QR code drawn with half blocks: read back from the
 * drawing, it is libqrencode's matrix with a 4-module quiet zone, in both
 * the coloured (dark ink) and the plain (light ink) drawing; and the
 * result shows it only where it should.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <qrencode.h>

#include "clinic.h"
#include "engine.h"
#include "helpers.h"
#include "qr.h"
#include "result.h"
#include "tree.h"

#define URL "https://example.test/art"

static char *draw(const char *text, bool use_color, size_t width, int *rc)
{
	struct qr_style style = {.use_color = use_color, .width = width};
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);

	assert_non_null(f);
	*rc = qr_print(f, text, &style);
	fclose(f);
	return buf;
}

/*
 * Reads a drawing back into modules: ink[y][x] is true where the glyph
 * covers the module. Escape sequences are skipped. Returns the rows.
 */
static int read_back(const char *s, bool ink[][64], int *width)
{
	int row = 0, col = 0;

	*width = 0;
	while (*s) {
		if (*s == '\033') {
			s = strchr(s, 'm') + 1;
			continue;
		}
		if (*s == '\n') {
			if (col > *width)
				*width = col;
			col = 0;
			row += 2;
			s++;
			continue;
		}
		if (*s == ' ') {
			ink[row][col] = ink[row + 1][col] = false;
			s++;
		} else {
			assert_int_equal((unsigned char)s[0], 0xe2);
			assert_int_equal((unsigned char)s[1], 0x96);
			switch ((unsigned char)s[2]) {
			case 0x88: /* full */
				ink[row][col] = ink[row + 1][col] = true;
				break;
			case 0x80: /* upper half */
				ink[row][col] = true;
				ink[row + 1][col] = false;
				break;
			case 0x84: /* lower half */
				ink[row][col] = false;
				ink[row + 1][col] = true;
				break;
			default:
				fail_msg("unexpected glyph");
			}
			s += 3;
		}
		col++;
	}
	return row;
}

static void check_matrix(bool use_color)
{
	static bool ink[66][64];
	QRcode *code = QRcode_encodeString(URL, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	int rc, width, rows;
	char *drawing = draw(URL, use_color, 80, &rc);
	int size = code->width + 2 * QR_QUIET_ZONE;

	assert_int_equal(rc, 0);
	memset(ink, 0, sizeof(ink));
	rows = read_back(drawing, ink, &width);
	assert_int_equal(width, size);
	assert_int_equal(rows, size + 1); /* an odd size: half a line more */
	assert_int_equal((size_t)size, qr_width(URL));
	for (int y = 0; y < size; y++) {
		for (int x = 0; x < size; x++) {
			int cx = x - QR_QUIET_ZONE, cy = y - QR_QUIET_ZONE;
			bool is_dark = cx >= 0 && cy >= 0 && cx < code->width &&
				       cy < code->width &&
				       (code->data[cy * code->width + cx] & 1);
			/* Colour: black ink on white. Plain: light ink. */
			bool want_ink = use_color ? is_dark : !is_dark;

			if (ink[y][x] != want_ink)
				fail_msg("module %d,%d wrong", x, y);
		}
	}
	free(drawing);
	QRcode_free(code);
}

static void qr_print__color__dark_modules_inked_black_on_white(void **state)
{
	int rc;
	char *drawing = draw(URL, true, 80, &rc);

	check_matrix(true);
	/* Every line is black on white and reset before its newline. */
	for (char *line = drawing; *line; line = strchr(line, '\n') + 1) {
		assert_memory_equal(line, "\033[30;107m", 9);
		assert_non_null(strstr(line, "\033[0m\n"));
	}
	free(drawing);
}

static void qr_print__plain__light_modules_inked_no_escapes(void **state)
{
	int rc;
	char *drawing = draw(URL, false, 80, &rc);

	check_matrix(false);
	assert_null(strchr(drawing, '\033'));
	/* The quiet zone's first line is all light: all ink. */
	assert_memory_equal(drawing, "\u2588\u2588\u2588\u2588", 12);
	free(drawing);
}

static void qr_print__too_narrow__not_drawn(void **state)
{
	int rc;
	char *drawing = draw(URL, false, qr_width(URL) - 1, &rc);

	assert_int_equal(rc, 1);
	assert_string_equal(drawing, "");
	free(drawing);
	drawing = draw(URL, false, qr_width(URL), &rc);
	assert_int_equal(rc, 0);
	free(drawing);
}

static void qr_print__too_long__not_drawn(void **state)
{
	size_t n = 8000;
	char *text = malloc(n + 1);
	char *drawing;
	int rc;

	memset(text, 'x', n);
	text[n] = '\0';
	drawing = draw(text, false, 1000, &rc);
	assert_int_equal(rc, 1);
	assert_int_equal(qr_width(text), 0);
	free(drawing);
	free(text);
}

/* On the Linux console: U+2588 twice or two spaces a module, a line a row. */
static void qr_print__full_blocks__two_columns_a_module(void **state)
{
	QRcode *code = QRcode_encodeString(URL, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	int size = code->width + 2 * QR_QUIET_ZONE;
	struct qr_style style = {.use_color = false,
				 .full_blocks = true,
				 .width = 2 * (size_t)size};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	const char *s;
	int y = 0;

	assert_non_null(f);
	assert_int_equal(qr_print(f, URL, &style), 0);
	fclose(f);
	for (s = buf; *s; y++) {
		for (int x = 0; x < size; x++) {
			int cx = x - QR_QUIET_ZONE, cy = y - QR_QUIET_ZONE;
			bool is_dark = cx >= 0 && cy >= 0 && cx < code->width &&
				       cy < code->width &&
				       (code->data[cy * code->width + cx] & 1);
			/* Plain: light ink, as with half blocks. */
			const char *want = is_dark ? "  " : "\u2588\u2588";

			if (strncmp(s, want, strlen(want)) != 0)
				fail_msg("module %d,%d wrong", x, y);
			s += strlen(want);
		}
		assert_int_equal(*s, '\n');
		s++;
	}
	assert_int_equal(y, size);
	assert_null(strstr(buf, "\u2580"));
	assert_null(strstr(buf, "\u2584"));
	free(buf);

	/* Twice as wide: one column short is not drawn. */
	style.width = 2 * (size_t)size - 1;
	f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(qr_print(f, URL, &style), 1);
	fclose(f);
	assert_string_equal(buf, "");
	free(buf);
	QRcode_free(code);
}

static void qr_term_needs_full_blocks__table__linux_console_only(void **state)
{
	assert_true(qr_term_needs_full_blocks("linux"));
	assert_true(qr_term_needs_full_blocks("linux-16color"));
	assert_false(qr_term_needs_full_blocks(NULL));
	assert_false(qr_term_needs_full_blocks(""));
	assert_false(qr_term_needs_full_blocks("xterm-256color"));
	assert_false(qr_term_needs_full_blocks("linuxish"));
	assert_false(qr_term_needs_full_blocks("screen.linux"));
}

/* The result around the code */

static char *result(const char *choice, struct result_style style,
		    const char *url)
{
	struct tree *tree = helper_load_tree(helper_triage_tree());
	struct engine *engine = engine_new(tree);
	struct clinic clinic = {
		.name = "Clinic",
		.booking = "Ring us.",
		.url = (char *)url,
		.emergency_number = "999",
	};
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);

	assert_int_equal(engine_input(engine, choice), ENGINE_ANSWERED);
	assert_int_equal(result_print(f, engine, &clinic, &style), 0);
	fclose(f);
	engine_free(engine);
	tree_free(tree);
	return buf;
}

static void result_print__show_qr__code_under_booking(void **state)
{
	struct result_style style = {.width = 80, .show_qr = true};
	char *text = result("1", style, URL);

	assert_non_null(strstr(text, "Online: " URL "\n\n\u2588\u2588"));
	free(text);
	style.show_qr = false;
	text = result("1", style, URL);
	assert_null(strstr(text, "\u2588"));
	free(text);
}

static void result_print__not_bookable_or_no_url__no_code(void **state)
{
	struct result_style style = {.width = 80, .show_qr = true};
	char *text = result("5", style, URL);

	assert_null(strstr(text, "\u2588"));
	free(text);
	text = result("1", style, NULL);
	assert_null(strstr(text, "\u2588"));
	free(text);
}

static void result_print__accessible__book_online_no_code(void **state)
{
	struct result_style style = {.width = 80,
				     .show_qr = true,
				     .is_accessible = true};
	char *text = result("1", style, URL);

	assert_non_null(strstr(text, "Book online: " URL "\n"));
	assert_null(strstr(text, "\xe2\x96"));
	free(text);
}

static void result_print__narrow__no_code(void **state)
{
	struct result_style style = {.width = 30, .show_qr = true};
	char *text = result("1", style, URL);

	assert_null(strstr(text, "\xe2\x96"));
	assert_non_null(strstr(text, URL));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			qr_print__color__dark_modules_inked_black_on_white),
		cmocka_unit_test(
			qr_print__plain__light_modules_inked_no_escapes),
		cmocka_unit_test(qr_print__too_narrow__not_drawn),
		cmocka_unit_test(qr_print__too_long__not_drawn),
		cmocka_unit_test(qr_print__full_blocks__two_columns_a_module),
		cmocka_unit_test(
			qr_term_needs_full_blocks__table__linux_console_only),
		cmocka_unit_test(result_print__show_qr__code_under_booking),
		cmocka_unit_test(result_print__not_bookable_or_no_url__no_code),
		cmocka_unit_test(result_print__accessible__book_online_no_code),
		cmocka_unit_test(result_print__narrow__no_code),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
