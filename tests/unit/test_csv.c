/*
 * test_csv.c - RFC 4180 records and the spreadsheet formula guard.
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

static void csv_field__table__quoted_as_rfc_4180(void **state)
{
	static const struct {
		const char *field;
		const char *written;
	} cases[] = {
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

	for (size_t i = 0; i < COUNT(cases); i++) {
		const char *fields[] = {cases[i].field};
		char *got = record(fields, 1, false);

		assert_string_equal(got, cases[i].written);
		free(got);
	}
}

static void csv_field__formula_start__guarded_with_quote(void **state)
{
	static const struct {
		const char *field;
		const char *written;
	} cases[] = {
		{"=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"\r\n"},
		{"+44 20 7946 0000", "'+44 20 7946 0000\r\n"},
		{"-2+3", "'-2+3\r\n"},
		{"@SUM(A1)", "'@SUM(A1)\r\n"},
		{"\tx", "'\tx\r\n"},
		{"\r=1", "\"'\r=1\"\r\n"},
		{"a=1", "a=1\r\n"},
		{"", "\r\n"},
	};

	for (size_t i = 0; i < COUNT(cases); i++) {
		const char *fields[] = {cases[i].field};
		char *got = record(fields, 1, true);

		assert_string_equal(got, cases[i].written);
		free(got);
	}
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
	assert_string_equal(buf, "id,,name\r\n1,,\"Ann, \"\"A\"\"\"\r\n");
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
		cmocka_unit_test(csv_field__formula_start__guarded_with_quote),
		cmocka_unit_test(csv_field__unguarded__formula_kept),
		cmocka_unit_test(
			csv_end_record__several__commas_between_crlf_after),
		cmocka_unit_test(csv_field__write_fails__error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
