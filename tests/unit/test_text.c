/*
 * test_text.c - UTF-8 validity, width and case folding.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mem.h"
#include "text.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

struct utf8_case {
	const char *name;
	const char *bytes;
	size_t len;
	bool is_valid;
};

#define BYTES(s) s, sizeof(s) - 1

static const struct utf8_case utf8_cases[] = {
	{"empty", BYTES(""), true},
	{"ascii", BYTES("plantar heel pain"), true},
	{"two bytes", BYTES("h\xC3\xA9llo"), true},
	{"three bytes", BYTES("\xE8\xB6\xB3"), true},
	{"four bytes", BYTES("\xF0\x9F\x8F\x83"), true},
	{"last code point", BYTES("\xF4\x8F\xBF\xBF"), true},
	{"nul inside", BYTES("a\0b"), true},
	{"overlong slash", BYTES("\xC0\xAF"), false},
	{"overlong C1", BYTES("\xC1\xBF"), false},
	{"overlong three", BYTES("\xE0\x80\xAF"), false},
	{"overlong three high", BYTES("\xE0\x9F\xBF"), false},
	{"overlong four", BYTES("\xF0\x80\x80\xAF"), false},
	{"overlong four high", BYTES("\xF0\x8F\xBF\xBF"), false},
	{"high surrogate", BYTES("\xED\xA0\x80"), false},
	{"low surrogate", BYTES("\xED\xBF\xBF"), false},
	{"last before surrogates", BYTES("\xED\x9F\xBF"), true},
	{"above U+10FFFF", BYTES("\xF4\x90\x80\x80"), false},
	{"lead F5", BYTES("\xF5\x80\x80\x80"), false},
	{"lead FF", BYTES("\xFF"), false},
	{"lone continuation", BYTES("a\x80z"), false},
	{"truncated two", BYTES("h\xC3"), false},
	{"truncated three", BYTES("\xE8\xB6"), false},
	{"truncated four", BYTES("\xF0\x9F\x8F"), false},
	{"truncated then ascii", BYTES("\xE8\xB6x"), false},
};

static void text_utf8_valid__table__matches_expected(void **state)
{
	(void)state;
	for (size_t i = 0; i < COUNT(utf8_cases); i++) {
		const struct utf8_case *c = &utf8_cases[i];

		if (text_utf8_valid(c->bytes, c->len) != c->is_valid)
			fail_msg("case '%s': expected %s", c->name,
				 c->is_valid ? "valid" : "invalid");
	}
}

static void
text_utf8_decode__good_sequences__code_point_and_length(void **state)
{
	static const struct {
		const char *bytes;
		uint32_t cp;
		size_t used;
	} cases[] = {
		{"A", 0x41, 1},
		{"\xC3\xA9", 0xE9, 2},
		{"\xE8\xB6\xB3", 0x8DB3, 3},
		{"\xF0\x9F\x8F\x83", 0x1F3C3, 4},
	};
	(void)state;
	for (size_t i = 0; i < COUNT(cases); i++) {
		uint32_t cp = 0;
		size_t used = text_utf8_decode(cases[i].bytes,
					       strlen(cases[i].bytes), &cp);

		assert_int_equal(used, cases[i].used);
		assert_int_equal(cp, cases[i].cp);
	}
}

static void
text_utf8_decode__bad_sequence__replacement_and_progress(void **state)
{
	uint32_t cp = 0;

	(void)state;
	/* A lone continuation byte is one bad character. */
	assert_int_equal(text_utf8_decode("\x80z", 2, &cp), 1);
	assert_int_equal(cp, 0xFFFD);
	/* A truncated sequence ends where the next character starts. */
	assert_int_equal(text_utf8_decode("\xE8\xB6x", 3, &cp), 2);
	assert_int_equal(cp, 0xFFFD);
	/* Running out of bytes is bad too, but still moves on. */
	assert_int_equal(text_utf8_decode("\xF0\x9F", 2, &cp), 2);
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(text_utf8_decode("\xC0\xAF", 2, &cp), 1);
	assert_int_equal(cp, 0xFFFD);
}

static void text_width__table__columns_at_a_terminal(void **state)
{
	static const struct {
		const char *s;
		size_t width;
	} cases[] = {
		{"", 0},
		{"hello", 5},
		{"h\xC3\xA9llo", 5},		 /* precomposed e acute */
		{"he\xCC\x81llo", 5},		 /* e + combining acute */
		{"\xE8\xB6\xB3\xE8\xB7\x9F", 4}, /* two CJK ideographs */
		{"\xEF\xBC\xA1", 2},		 /* fullwidth A */
		{"\xED\x95\x9C", 2},		 /* Hangul syllable */
		{"\xF0\x9F\x8F\x83", 2},	 /* runner emoji */
		{"a\xE2\x80\x8B"
		 "b",
		 2}, /* zero width space */
		{"a\t\x1B"
		 "b",
		 2},			 /* control characters */
		{"\xCE\x91\xD0\x96", 2}, /* Greek, Cyrillic */
	};
	(void)state;
	for (size_t i = 0; i < COUNT(cases); i++) {
		size_t width = text_width(cases[i].s, strlen(cases[i].s));

		if (width != cases[i].width)
			fail_msg("case %zu: width %zu, expected %zu", i, width,
				 cases[i].width);
	}
}

static void text_cp_width__range_edges__zero_one_or_two(void **state)
{
	static const struct {
		uint32_t cp;
		int width;
	} cases[] = {
		{0x00, 0},    {0x1F, 0},    {0x20, 1},	   {0x7E, 1},
		{0x7F, 0},    {0x9F, 0},    {0xA0, 1},	   {0x2FF, 1},
		{0x300, 0},   {0x36F, 0},   {0x370, 1},	   {0x1AB0, 0},
		{0x1AFF, 0},  {0x1DC0, 0},  {0x1DFF, 0},   {0x200B, 0},
		{0x200F, 0},  {0x2010, 1},  {0x20D0, 0},   {0x20FF, 0},
		{0xFE20, 0},  {0xFE2F, 0},  {0x1100, 2},   {0x3042, 2},
		{0x4E00, 2},  {0x9FFF, 2},  {0xAC00, 2},   {0xD7A3, 2},
		{0xFF01, 2},  {0xFF61, 1},  {0x1F600, 2},  {0x1F680, 2},
		{0x1F92F, 2}, {0x20000, 2}, {0x10FFFF, 1},
	};
	(void)state;
	for (size_t i = 0; i < COUNT(cases); i++) {
		if (text_cp_width(cases[i].cp) != cases[i].width)
			fail_msg("U+%04X: width %d, expected %d",
				 (unsigned)cases[i].cp,
				 text_cp_width(cases[i].cp), cases[i].width);
	}
}

static void text_cp_fold__table__simple_lowercase(void **state)
{
	static const struct {
		uint32_t cp;
		uint32_t folded;
	} cases[] = {
		{'A', 'a'},	  {'Z', 'z'},
		{'a', 'a'},	  {'@', '@'},
		{'[', '['},	  {0xC0, 0xE0},
		{0xC9, 0xE9},	  {0xD6, 0xF6},
		{0xD7, 0xD7}, /* times */
		{0xD8, 0xF8},	  {0xDE, 0xFE},
		{0xDF, 0xDF}, /* sharp s */
		{0xE9, 0xE9},	  {0x100, 0x101},
		{0x101, 0x101},	  {0x12E, 0x12F},
		{0x130, 0x69},	  {0x131, 0x131},
		{0x132, 0x133},	  {0x138, 0x138},
		{0x139, 0x13A},	  {0x141, 0x142},
		{0x147, 0x148},	  {0x149, 0x149},
		{0x14A, 0x14B},	  {0x152, 0x153},
		{0x160, 0x161},	  {0x176, 0x177},
		{0x178, 0xFF},	  {0x179, 0x17A},
		{0x17D, 0x17E},	  {0x17F, 0x17F},
		{0x391, 0x3B1},	  {0x3A3, 0x3C3},
		{0x3A9, 0x3C9},	  {0x3A2, 0x3A2},
		{0x3B1, 0x3B1},	  {0x400, 0x450},
		{0x40F, 0x45F},	  {0x410, 0x430},
		{0x42F, 0x44F},	  {0x430, 0x430},
		{0x4E00, 0x4E00}, {0x1F3C3, 0x1F3C3},
	};
	(void)state;
	for (size_t i = 0; i < COUNT(cases); i++) {
		if (text_cp_fold(cases[i].cp) != cases[i].folded)
			fail_msg("U+%04X folds to U+%04X, expected U+%04X",
				 (unsigned)cases[i].cp,
				 (unsigned)text_cp_fold(cases[i].cp),
				 (unsigned)cases[i].folded);
	}
}

static void text_equal_fold__table__ignores_case_only(void **state)
{
	static const struct {
		const char *a;
		const char *b;
		bool is_equal;
	} cases[] = {
		{"", "", true},
		{"Heel", "hEEL", true},
		{"\xC3\x89T\xC3\x89", "\xC3\xA9t\xC3\xA9", true}, /* ETE */
		{"\xCE\xA3\xCE\x91", "\xCF\x83\xCE\xB1", true},	  /* Greek */
		{"\xD0\x9F\xD0\x81", "\xD0\xBF\xD1\x91", true},	  /* Cyrillic */
		{"\xC5\x81\xC3\x93"
		 "D\xC5\xB9",
		 "\xC5\x82\xC3\xB3"
		 "d\xC5\xBA",
		 true}, /* Polish LODZ */
		{"heel", "heels", false},
		{"heels", "heel", false},
		{"heel", "hell", false},
		{"e", "\xC3\xA9", false},
	};
	(void)state;
	for (size_t i = 0; i < COUNT(cases); i++) {
		if (text_equal_fold(cases[i].a, cases[i].b) !=
		    cases[i].is_equal)
			fail_msg("case %zu: '%s' vs '%s'", i, cases[i].a,
				 cases[i].b);
	}
}

static void text_prefix_fold__table__begins_with_ignoring_case(void **state)
{
	static const struct {
		const char *s;
		const char *prefix;
		bool is_prefix;
	} cases[] = {
		{"Heel or arch", "", true},
		{"Heel or arch", "HEEL", true},
		{"Heel or arch", "heel or arch", true},
		{"Heel or arch", "heel or arch!", false},
		{"Heel", "hel", false},
		{"\xC3\x89t\xC3\xA9", "\xC3\xA9T", true},
		{"", "a", false},
	};
	(void)state;
	for (size_t i = 0; i < COUNT(cases); i++) {
		if (text_prefix_fold(cases[i].s, cases[i].prefix) !=
		    cases[i].is_prefix)
			fail_msg("case %zu: '%s' prefix '%s'", i, cases[i].s,
				 cases[i].prefix);
	}
}

static void text_fold_n__counted_strings__need_no_nul(void **state)
{
	const char *line = "  BACK of the ankle  ";

	(void)state;
	assert_true(text_equal_fold_n(line + 2, 4, "back", 4));
	assert_false(text_equal_fold_n(line + 2, 5, "back", 4));
	assert_true(text_prefix_fold_n("Back of the ankle", 17, line + 2, 8));
	assert_false(text_prefix_fold_n("Back", 4, line + 2, 8));
}

/* Cut at a character, never wider than asked, the ellipsis counted. */
static void text_fit__table__no_wider_than_width(void **state)
{
	static const struct {
		const char *s;
		size_t width;
		const char *ellipsis;
		const char *want;
	} cases[] = {
		{"Ann", 5, "…", "Ann"},
		{"Ann", 3, "…", "Ann"},
		{"Annabel", 5, "…", "Anna…"},
		{"Annabel", 5, "...", "An..."},
		{"李小龍先生", 5, "…", "李小…"}, /* 4 + 1 */
		{"李小龍先生", 6, "…", "李小…"}, /* a wide one does not fit */
		{"éclair", 3, "…", "éc…"},
		{"Annabel", 2, "...", "An"}, /* no room for the dots */
		{"", 0, "…", ""},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *got =
			text_fit(cases[i].s, cases[i].width, cases[i].ellipsis);

		assert_non_null(got);
		assert_string_equal(got, cases[i].want);
		assert_true(text_width(got, strlen(got)) <= cases[i].width ||
			    strcmp(got, cases[i].s) == 0);
		free(got);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_utf8_valid__table__matches_expected),
		cmocka_unit_test(text_fit__table__no_wider_than_width),
		cmocka_unit_test(
			text_utf8_decode__good_sequences__code_point_and_length),
		cmocka_unit_test(
			text_utf8_decode__bad_sequence__replacement_and_progress),
		cmocka_unit_test(text_width__table__columns_at_a_terminal),
		cmocka_unit_test(text_cp_width__range_edges__zero_one_or_two),
		cmocka_unit_test(text_cp_fold__table__simple_lowercase),
		cmocka_unit_test(text_equal_fold__table__ignores_case_only),
		cmocka_unit_test(
			text_prefix_fold__table__begins_with_ignoring_case),
		cmocka_unit_test(text_fold_n__counted_strings__need_no_nul),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
