/*
 * test_csv.c - RFC 4180 records and the spreadsheet guard: every field
 * quoted, no formula at any cell start in a comma, semicolon or tab
 * dialect, no control character.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "csv.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* One record of the fields, as written. */
static char *record(const char *const *fields, size_t n, bool is_guarded)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);
	struct csv_writer w;

	assert_non_null(f);
	csv_init(&w, f, is_guarded);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(csv_field(&w, fields[i]), 0);
	assert_int_equal(csv_end_record(&w), 0);
	fclose(f);
	return buf;
}

/* A field and the record it is written as. */
struct csv_case {
	const char *field;
	const char *written;
};

static void check_cases(const struct csv_case *cases, size_t n, bool is_guarded)
{
	for (size_t i = 0; i < n; i++) {
		const char *fields[] = {cases[i].field};
		char *got = record(fields, 1, is_guarded);

		assert_string_equal(got, cases[i].written);
		free(got);
	}
}

static void csv_field__table__quoted_as_rfc_4180(void **state)
{
	static const struct csv_case cases[] = {
		{"plain", "plain\r\n"},
		{"", "\r\n"},
		{"a,b", "\"a,b\"\r\n"},
		{"say \"hi\"", "\"say \"\"hi\"\"\"\r\n"},
		{"\"", "\"\"\"\"\r\n"},
		{"two\nlines", "\"two\nlines\"\r\n"},
		{"cr\rhere", "\"cr\rhere\"\r\n"},
		{"crlf\r\n", "\"crlf\r\n\"\r\n"},
		{"Zoë, Łódź", "\"Zoë, Łódź\"\r\n"},
		{" spaced ", " spaced \r\n"},
	};

	check_cases(cases, COUNT(cases), false);
}

static void csv_field__guarded__quoted_and_formula_start_guarded(void **state)
{
	static const struct csv_case cases[] = {
		{"plain", "\"plain\"\r\n"},
		{"", "\"\"\r\n"},
		{"=HYPERLINK(\"http://x\")",
		 "\"'=HYPERLINK(\"\"http://x\"\")\"\r\n"},
		{"+44 20 7946 0000", "\"'+44 20 7946 0000\"\r\n"},
		{"-2+3", "\"'-2+3\"\r\n"},
		{"@SUM(A1)", "\"'@SUM(A1)\"\r\n"},
		{"a=1", "\"a=1\"\r\n"},
		{"a-b", "\"a-b\"\r\n"},
		/* Blanks and quotes before the formula: a reader may drop
		 * them. */
		{" =1", "\"' =1\"\r\n"},
		{"\"=1\"", "\"'\"\"=1\"\"\"\r\n"},
		/* After a separator inside the field: where a reader that
		 * splits on it starts a cell. */
		{"Ann;=1+2;@SUM(1)", "\"Ann;'=1+2;'@SUM(1)\"\r\n"},
		{"Ann,-1", "\"Ann,'-1\"\r\n"},
		{"a; \"+1", "\"a;' \"\"+1\"\r\n"},
		{"a;;=1", "\"a;;'=1\"\r\n"},
		{"a;b=1", "\"a;b=1\"\r\n"},
		{"Zoë; Łódź", "\"Zoë; Łódź\"\r\n"},
	};

	check_cases(cases, COUNT(cases), true);
}

static void csv_field__guarded__no_control_character(void **state)
{
	static const struct csv_case cases[] = {
		/* Layout becomes a blank: a record is one line. */
		{"two\nlines", "\"two lines\"\r\n"},
		{"crlf\r\n", "\"crlf  \"\r\n"},
		{"\tx", "\" x\"\r\n"},
		/* A tab or CR that a spreadsheet skips before a formula. */
		{"\t=1", "\"' =1\"\r\n"},
		{"\r=1", "\"' =1\"\r\n"},
		{"a;\t=1", "\"a;' =1\"\r\n"},
		/* Escapes, C1 controls, bidi overrides, line separators and
		 * bytes that are not UTF-8. */
		{"Eve\033[2J\a", "\"Eve?[2J?\"\r\n"},
		{"\x7f\xc2\x9b"
		 "1m",
		 "\"??1m\"\r\n"},
		{"abc\xe2\x80\xaexyz\xe2\x81\xa6", "\"abc?xyz?\"\r\n"},
		{"a\xe2\x80\xa8z", "\"a?z\"\r\n"},
		{"bad\xff\xc3", "\"bad??\"\r\n"},
	};

	check_cases(cases, COUNT(cases), true);
}

/*
 * Splits one CSV line into cells as a spreadsheet might: on sep, either
 * ignoring double quotes or honouring them as lenient readers do (a field
 * that begins with a quote runs to the closing quote, "" is a quote, and
 * what follows the closing quote up to the separator is taken as it is).
 * Calls check for each cell.
 */
static void split_cells(const char *line, char sep, bool is_honouring_quotes,
			void (*check)(const char *cell, const char *line))
{
	char cell[512];
	size_t n = 0;
	const char *p = line;

	for (;;) {
		bool is_quoted = is_honouring_quotes && *p == '"';

		n = 0;
		if (is_quoted) {
			for (p++; *p; p++) {
				if (*p == '"' && p[1] == '"') {
					p++;
				} else if (*p == '"') {
					p++;
					break;
				}
				assert_true(n + 1 < sizeof(cell));
				cell[n++] = *p;
			}
		}
		for (; *p && *p != sep && *p != '\r'; p++) {
			assert_true(n + 1 < sizeof(cell));
			cell[n++] = *p;
		}
		cell[n] = '\0';
		check(cell, line);
		if (*p != sep)
			break;
		p++;
	}
}

/* A spreadsheet runs a cell that begins with = + - or @, also after
 * blanks (some trim them). */
static void check_not_formula(const char *cell, const char *line)
{
	const char *c = cell + strspn(cell, " \t");

	if (*c && strchr("=+-@", *c))
		fail_msg("cell '%s' of line '%s' is a formula", cell, line);
}

/* Every cell of the hostile fields, read with a comma, a semicolon or a
 * tab, quotes honoured or not, is text. */
static void csv_field__guarded__no_formula_in_any_dialect(void **state)
{
	static const char *const fields[] = {
		"1",
		"Ann;=1+2;@SUM(1)",
		"=HYPERLINK(\"http://x\")",
		"+44 20 7946 0000",
		"x,=1",
		"x;\"=1",
		"\"\";@x",
		"a\t-1",
		"b\r\n=cmd|' /C calc'!A0",
		"; +1,  -2",
		"x\";=1;\"",
	};
	static const char seps[] = {',', ';', '\t'};
	char *got = record(fields, COUNT(fields), true);

	/* One line, no tab. */
	assert_null(strchr(got, '\t'));
	assert_ptr_equal(strchr(got, '\n'), got + strlen(got) - 1);
	for (size_t i = 0; i < COUNT(seps); i++) {
		split_cells(got, seps[i], true, check_not_formula);
		split_cells(got, seps[i], false, check_not_formula);
	}
	free(got);
}

static void csv_field__unguarded__formula_kept(void **state)
{
	const char *fields[] = {"=1+1"};
	char *got = record(fields, 1, false);

	assert_string_equal(got, "=1+1\r\n");
	free(got);
}

static void csv_end_record__several__commas_between_crlf_after(void **state)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);
	struct csv_writer w;

	csv_init(&w, f, true);
	csv_field(&w, "id");
	csv_field(&w, NULL);
	csv_field(&w, "name");
	csv_end_record(&w);
	csv_field(&w, "1");
	csv_field(&w, "");
	csv_field(&w, "Ann, \"A\"");
	csv_end_record(&w);
	fclose(f);
	assert_string_equal(buf, "\"id\",\"\",\"name\"\r\n"
				 "\"1\",\"\",\"Ann, \"\"A\"\"\"\r\n");
	free(buf);
}

static void csv_field__write_fails__error(void **state)
{
	FILE *f = fopen("/dev/full", "w");
	struct csv_writer w;
	int rc = 0;

	if (!f)
		skip();
	setvbuf(f, NULL, _IONBF, 0);
	csv_init(&w, f, false);
	rc |= csv_field(&w, "x");
	rc |= csv_end_record(&w);
	assert_int_equal(rc, -1);
	assert_true(w.has_failed);
	fclose(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(csv_field__table__quoted_as_rfc_4180),
		cmocka_unit_test(
			csv_field__guarded__quoted_and_formula_start_guarded),
		cmocka_unit_test(csv_field__guarded__no_control_character),
		cmocka_unit_test(csv_field__guarded__no_formula_in_any_dialect),
		cmocka_unit_test(csv_field__unguarded__formula_kept),
		cmocka_unit_test(
			csv_end_record__several__commas_between_crlf_after),
		cmocka_unit_test(csv_field__write_fails__error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
