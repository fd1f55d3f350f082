/*
 * test_wrap.c - display width and line breaking for the terminal: English
 * as it always wrapped, Chinese between ideographs but never before its
 * closing punctuation, Vietnamese at spaces however its letters are
 * encoded.
 */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mem.h"
#include "text.h"
#include "wrap.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

struct wrap_case {
	const char *name;
	const char *text;
	size_t width;
	size_t first_indent;
	size_t indent;
	const char *expected;
};

static const struct wrap_case wrap_cases[] = {
	{"empty", "", 40, 0, 0, ""},
	{"one short line", "Where is the pain worst?", 40, 0, 0,
	 "Where is the pain worst?\n"},
	{"greedy at 20",
	 "Pain under the heel that is worst with the first steps", 20, 0, 0,
	 "Pain under the heel\n"
	 "that is worst with\n"
	 "the first steps\n"},
	{"exactly full line", "aaaaa bbbbb ccccc dd eee", 20, 0, 0,
	 "aaaaa bbbbb ccccc dd\n"
	 "eee\n"},
	{"blank runs become one space", "a  \t b   c   ", 40, 0, 0, "a b c\n"},
	{"width under 20 is 20", "aaaa bbbb cccc dddd eeee", 5, 0, 0,
	 "aaaa bbbb cccc dddd\n"
	 "eeee\n"},
	{"indents", "one two three four five six seven", 20, 4, 2,
	 "    one two three\n"
	 "  four five six\n"
	 "  seven\n"},
	{"newline starts a line", "first\nsecond", 40, 0, 0, "first\nsecond\n"},
	{"blank line kept", "first\n\nsecond", 40, 2, 2,
	 "  first\n\n  second\n"},
	{"trailing newline adds nothing", "text\n", 40, 0, 0, "text\n"},
	{"two trailing newlines keep a blank", "text\n\n", 40, 0, 0,
	 "text\n\n"},
	{"long word broken", "x abcdefghijklmnopqrstuvwxyz y", 20, 0, 0,
	 "x\n"
	 "abcdefghijklmnopqrst\n"
	 "uvwxyz y\n"},
	{"long word with indent", "abcdefghijklmnopqrstuvwxyz", 20, 2, 4,
	 "  abcdefghijklmnopqr\n"
	 "    stuvwxyz\n"},
	/* 11 ideographs are 22 columns: ten fit, wide ones never split. */
	{"wide characters",
	 "\xE8\xB6\xB3\xE8\xB6\xB3\xE8\xB6\xB3\xE8\xB6\xB3\xE8\xB6\xB3"
	 "\xE8\xB6\xB3\xE8\xB6\xB3\xE8\xB6\xB3\xE8\xB6\xB3\xE8\xB6\xB3"
	 "\xE8\xB6\xB3",
	 20, 0, 0,
	 "\xE8\xB6\xB3\xE8\xB6\xB3\xE8\xB6\xB3\xE8\xB6\xB3\xE8\xB6\xB3"
	 "\xE8\xB6\xB3\xE8\xB6\xB3\xE8\xB6\xB3\xE8\xB6\xB3\xE8\xB6\xB3\n"
	 "\xE8\xB6\xB3\n"},
	/* 20 columns, 29 bytes: accents are one column however encoded. */
	{"combining marks take no columns",
	 "ne\xCC\x81"
	 "e ne\xCC\x81"
	 "e ne\xCC\x81"
	 "e ne\xCC\x81"
	 "e caf"
	 "\xC3\xA9",
	 20, 0, 0,
	 "ne\xCC\x81"
	 "e ne\xCC\x81"
	 "e ne\xCC\x81"
	 "e ne\xCC\x81"
	 "e caf"
	 "\xC3\xA9\n"},
	{"combining mark stays with its letter",
	 "aaaaaaaaaaaaaaaaaaae\xCC\x81zz", 20, 0, 0,
	 "aaaaaaaaaaaaaaaaaaae\xCC\x81\nzz\n"},
	/* Nine ideographs fill 18 cells; "十，" (4) goes down whole. */
	{"no break before a fullwidth comma", "一二三四五六七八九十，好", 20, 0,
	 0, "一二三四五六七八九\n十，好\n"},
	{"no break before a full stop", "一二三四五六七八九十。", 20, 0, 0,
	 "一二三四五六七八九\n十。\n"},
	{"no break after an opening bracket", "一二三四五六七八九（十）", 20, 0,
	 0, "一二三四五六七八九\n（十）\n"},
	/* A Latin word in Chinese text stays whole. */
	{"Latin word among ideographs", "一二三四五六七八九ART评估", 20, 0, 0,
	 "一二三四五六七八九\nART评估\n"},
	{"ideographs after a space", "ART 一二三四五六七八九十", 20, 0, 0,
	 "ART 一二三四五六七八\n九十\n"},
	{"indent in cells", "一二三四五六七八九十", 20, 4, 2,
	 "    一二三四五六七八\n  九十\n"},
	/* UAX #14 would break after a hyphen or a slash; the transcripts
	 * never have, and English keeps its words whole. */
	{"English hyphen keeps the word", "Rest, ice and self-care", 20, 0, 0,
	 "Rest, ice and\nself-care\n"},
	{"English slash keeps the word", "Run a lot less and/or slower", 20, 0,
	 0, "Run a lot less\nand/or slower\n"},
};

static void text_wrap__table__lines_as_expected(void **state)
{
	(void)state;
	for (size_t i = 0; i < COUNT(wrap_cases); i++) {
		const struct wrap_case *c = &wrap_cases[i];
		char *out = text_wrap(c->text, c->width, c->first_indent,
				      c->indent);

		assert_non_null(out);
		if (strcmp(out, c->expected) != 0)
			fail_msg("case '%s':\n got [%s]\nwant [%s]", c->name,
				 out, c->expected);
		free(out);
	}
}

/* Every line fits the width and none ends in a space. */
static void text_wrap__long_text__lines_fit_without_trailing_space(void **state)
{
	static const char text[] =
		"Pain under the heel that is worst with the first steps of "
		"the day is the classic pattern of plantar heel pain.\n\n"
		"Calf and plantar fascia stretches before getting up; "
		"supportive shoes; reduce running volume for a while "
		"https://example.org/a-very-long-address-that-cannot-fit";
	(void)state;
	for (size_t width = 20; width <= 80; width++) {
		char *out = text_wrap(text, width, 3, 3);
		const char *line = out;

		assert_non_null(out);
		while (*line) {
			const char *nl = strchr(line, '\n');

			assert_non_null(nl);
			assert_true(wrap_width(line, (size_t)(nl - line)) <=
				    width);
			if (nl > line)
				assert_true(nl[-1] != ' ');
			line = nl + 1;
		}
		free(out);
	}
}

static void text_wrap__out_of_memory__returns_null(void **state)
{
	char *out;

	(void)state;
	mem_fail_after(0);
	out = text_wrap("some words to wrap", 40, 0, 0);
	mem_fail_never();
	assert_null(out);
}

static void text_wrap_block__label_and_last_newline__as_printed(void **state)
{
	char *w;

	(void)state;
	/* The label takes the first line's indent; no newline at the end. */
	w = text_wrap_block("one two three four five six seven eight nine ten "
			    "eleven twelve",
			    24, 4, "  - ");
	assert_non_null(w);
	assert_string_equal(w, "  - one two three four\n    five six seven "
			       "eight\n    nine ten eleven\n    twelve");
	free(w);
	/* A label wider than the indent is left out, not overflowed. */
	w = text_wrap_block("word", 40, 2, "long label");
	assert_non_null(w);
	assert_string_equal(w, "  word");
	free(w);
	w = text_wrap_block("word", 40, 0, NULL);
	assert_non_null(w);
	assert_string_equal(w, "word");
	free(w);
}

/* Cells as a terminal counts them, in the C locale the test runs in. */
static void wrap_width__table__cells_at_a_terminal(void **state)
{
	static const struct {
		const char *s;
		size_t width;
	} cases[] = {
		{"", 0},
		{"heel", 4},
		{"中文", 4},
		{"足跟，。", 8},    /* fullwidth punctuation is wide */
		{"e\xCC\x81", 1},   /* a combining acute takes no cell */
		{"Tiếng Việt", 10}, /* precomposed */
		{"Tie\xCC\x82\xCC\x81ng Vie\xCC\xA3\xCC\x82t",
		 10}, /* decomposed */
		{"ART评估", 7},
	};

	(void)state;
	for (size_t i = 0; i < COUNT(cases); i++)
		if (wrap_width(cases[i].s, strlen(cases[i].s)) !=
		    cases[i].width)
			fail_msg("'%s': %zu cells, want %zu", cases[i].s,
				 wrap_width(cases[i].s, strlen(cases[i].s)),
				 cases[i].width);
}

/* Measuring borrows C.UTF-8 for the thread and gives the locale back. */
static void wrap_width__any_call__thread_locale_unchanged(void **state)
{
	char *out;

	(void)state;
	assert_true(uselocale((locale_t)0) == LC_GLOBAL_LOCALE);
	wrap_width("中文", strlen("中文"));
	out = text_wrap("中文中文", 20, 0, 0);
	assert_non_null(out);
	free(out);
	assert_true(uselocale((locale_t)0) == LC_GLOBAL_LOCALE);
}

/* Closing punctuation and the like that may not begin a line, and
 * opening punctuation that may not end one (UAX #14's CL, EX, NS, OP). */
static const char *const no_line_start[] = {"，", "。", "、", "；", "：",
					    "！", "？", "）", "」", "》"};
static const char *const no_line_end[] = {"（", "「", "《"};

static bool begins_with(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);

	return n >= k && memcmp(s, prefix, k) == 0;
}

static bool ends_with(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);

	return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

/*
 * Checks the wrapped Chinese paragraph out (text at width): no line wider
 * than width cells, none begins with closing punctuation or ends with an
 * opening one, every line but the last is full but for less than the
 * widest piece that cannot break (slack cells), and the lines put
 * together are the text, nothing lost or added (Chinese has no spaces).
 */
static void check_chinese(const char *text, const char *out, size_t width,
			  size_t slack)
{
	const char *line = out;
	char *joined = calloc(strlen(out) + 1, 1);
	size_t at = 0;

	assert_non_null(joined);
	while (*line) {
		const char *nl = strchr(line, '\n');
		size_t n = (size_t)(nl - line);
		size_t cols = wrap_width(line, n);

		if (cols > width)
			fail_msg("width %zu: a line of %zu cells: %.*s", width,
				 cols, (int)n, line);
		for (size_t i = 0; i < COUNT(no_line_start); i++)
			if (begins_with(line, n, no_line_start[i]))
				fail_msg("width %zu: a line begins with %s: "
					 "%.*s",
					 width, no_line_start[i], (int)n, line);
		for (size_t i = 0; i < COUNT(no_line_end); i++)
			if (ends_with(line, n, no_line_end[i]))
				fail_msg("width %zu: a line ends with %s: %.*s",
					 width, no_line_end[i], (int)n, line);
		if (nl[1] != '\0' && cols + slack <= width)
			fail_msg("width %zu: a short line (%zu cells): %.*s",
				 width, cols, (int)n, line);
		memcpy(joined + at, line, n);
		at += n;
		line = nl + 1;
	}
	assert_string_equal(joined, text);
	free(joined);
}

static const char chinese[] =
	"脚跟下方疼痛，早上起床后最初几步最严重，这是足底筋膜炎的典型表现。"
	"请在起床前做小腿和足底筋膜的拉伸；穿支撑性好的鞋；暂时减少跑量（每周"
	"不超过平时的一半）。如果疼痛持续超过六周，或者越来越重，请预约ART评估"
	"。出现麻木、无力或夜间剧痛时，请尽快就医！";

static void
text_wrap__chinese_at_40_and_80__fits_and_keeps_punctuation(void **state)
{
	static const size_t widths[] = {40, 80};

	(void)state;
	for (size_t i = 0; i < COUNT(widths); i++) {
		char *out = text_wrap(chinese, widths[i], 0, 0);

		assert_non_null(out);
		/* "半）。" is the widest piece: 6 cells. */
		check_chinese(chinese, out, widths[i], 6);
		free(out);
	}
}

/* Every width from 20 to 100: the same rules hold wherever lines fall. */
static void
text_wrap__chinese_every_width__fits_and_keeps_punctuation(void **state)
{
	(void)state;
	for (size_t width = 20; width <= 100; width++) {
		char *out = text_wrap(chinese, width, 0, 0);

		assert_non_null(out);
		check_chinese(chinese, out, width, 6);
		free(out);
	}
}

static const char vietnamese_nfc[] =
	"Đau ở gót chân, nặng nhất vào những bước đầu tiên buổi sáng. Hãy "
	"giãn cơ bắp chân trước khi đứng dậy và giảm quãng chạy một thời "
	"gian.";

/* The same text with every accent a combining mark (NFD). */
static const char vietnamese_nfd[] = "\xC4\x90"
				     "au "
				     "o\xCC\x9B\xCC\x89 "
				     "go\xCC\x81t "
				     "cha\xCC\x82n, "
				     "na\xCC\xA3\xCC\x86ng "
				     "nha\xCC\x82\xCC\x81t "
				     "va\xCC\x80o "
				     "nhu\xCC\x9B\xCC\x83ng "
				     "bu\xCC\x9Bo\xCC\x9B\xCC\x81"
				     "c "
				     "\xC4\x91"
				     "a\xCC\x82\xCC\x80u "
				     "tie\xCC\x82n "
				     "buo\xCC\x82\xCC\x89i "
				     "sa\xCC\x81ng. "
				     "Ha\xCC\x83y "
				     "gia\xCC\x83n "
				     "co\xCC\x9B "
				     "ba\xCC\x86\xCC\x81p "
				     "cha\xCC\x82n "
				     "tru\xCC\x9Bo\xCC\x9B\xCC\x81"
				     "c "
				     "khi "
				     "\xC4\x91u\xCC\x9B\xCC\x81ng "
				     "da\xCC\xA3\xCC\x82y "
				     "va\xCC\x80 "
				     "gia\xCC\x89m "
				     "qua\xCC\x83ng "
				     "cha\xCC\xA3y "
				     "mo\xCC\xA3\xCC\x82t "
				     "tho\xCC\x9B\xCC\x80i "
				     "gian.";

/* The words of text, one space apart: what lines at spaces hold. */
static char *joined_words(const char *wrapped)
{
	char *out = strdup(wrapped);
	size_t n;

	assert_non_null(out);
	for (char *p = out; *p; p++)
		if (*p == '\n')
			*p = ' ';
	n = strlen(out);
	if (n > 0)
		out[n - 1] = '\0';
	return out;
}

/*
 * Vietnamese breaks at spaces only, and precomposed and decomposed letters
 * take the same cells: both forms wrap into lines of the same widths.
 */
static void text_wrap__vietnamese_both_forms__same_lines_at_spaces(void **state)
{
	(void)state;
	assert_int_equal(wrap_width(vietnamese_nfc, strlen(vietnamese_nfc)),
			 wrap_width(vietnamese_nfd, strlen(vietnamese_nfd)));
	for (size_t width = 20; width <= 80; width++) {
		char *nfc = text_wrap(vietnamese_nfc, width, 0, 0);
		char *nfd = text_wrap(vietnamese_nfd, width, 0, 0);
		char *words_nfc = joined_words(nfc);
		char *words_nfd = joined_words(nfd);
		const char *a = nfc, *b = nfd;

		assert_string_equal(words_nfc, vietnamese_nfc);
		assert_string_equal(words_nfd, vietnamese_nfd);
		while (*a && *b) {
			const char *na = strchr(a, '\n'), *nb = strchr(b, '\n');
			size_t wa = wrap_width(a, (size_t)(na - a));

			assert_true(wa <= width);
			assert_int_equal(wa, wrap_width(b, (size_t)(nb - b)));
			a = na + 1;
			b = nb + 1;
		}
		assert_true(*a == '\0' && *b == '\0');
		free(words_nfc);
		free(words_nfd);
		free(nfc);
		free(nfd);
	}
}

/*
 * The language's rules: in Chinese (as in libunibreak's English) curly
 * quotation marks open and close, so a break may come before "“"; by
 * default (Vietnamese, the C locale) they hold to both neighbours.
 * LANGUAGE names the language, as for gettext, else the locale's
 * variables do.
 */
static void
text_wrap__chinese_language__quotation_marks_open_and_close(void **state)
{
	static const char text[] = "一二三四五六七八九“十”";
	static const char as_default[] = "一二三四五六七八\n九“十”\n";
	static const char as_chinese[] = "一二三四五六七八九\n“十”\n";
	static const struct {
		const char *language, *lang;
		const char *want;
	} cases[] = {
		{NULL, "C", as_default},
		{"vi", "C", as_default},
		{"zh_Hans:en", "C", as_chinese},
		{"zh-Hans", "C.UTF-8", as_chinese},
		{NULL, "zh_CN.UTF-8", as_chinese},
		{"vi", "zh_CN.UTF-8", as_default}, /* LANGUAGE first */
	};

	(void)state;
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	for (size_t i = 0; i < COUNT(cases); i++) {
		char *out;

		if (cases[i].language)
			setenv("LANGUAGE", cases[i].language, 1);
		else
			unsetenv("LANGUAGE");
		setenv("LANG", cases[i].lang, 1);
		out = text_wrap(text, 20, 0, 0);
		assert_non_null(out);
		if (strcmp(out, cases[i].want) != 0)
			fail_msg("LANGUAGE=%s LANG=%s:\n got [%s]\nwant [%s]",
				 cases[i].language ? cases[i].language : "",
				 cases[i].lang, out, cases[i].want);
		free(out);
	}
	unsetenv("LANGUAGE");
	unsetenv("LANG");
}

/* Every allocation that fails: NULL, and nothing leaked (make asan). */
static void text_wrap__each_allocation_failing__returns_null(void **state)
{
	(void)state;
	for (long n = 0;; n++) {
		char *out;

		mem_fail_after(n);
		out = text_wrap(chinese, 40, 2, 2);
		mem_fail_never();
		if (out) {
			assert_true(n > 0);
			free(out);
			break;
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(wrap_width__table__cells_at_a_terminal),
		cmocka_unit_test(wrap_width__any_call__thread_locale_unchanged),
		cmocka_unit_test(text_wrap__table__lines_as_expected),
		cmocka_unit_test(
			text_wrap__long_text__lines_fit_without_trailing_space),
		cmocka_unit_test(text_wrap__out_of_memory__returns_null),
		cmocka_unit_test(
			text_wrap_block__label_and_last_newline__as_printed),
		cmocka_unit_test(
			text_wrap__chinese_at_40_and_80__fits_and_keeps_punctuation),
		cmocka_unit_test(
			text_wrap__chinese_every_width__fits_and_keeps_punctuation),
		cmocka_unit_test(
			text_wrap__vietnamese_both_forms__same_lines_at_spaces),
		cmocka_unit_test(
			text_wrap__chinese_language__quotation_marks_open_and_close),
		cmocka_unit_test(
			text_wrap__each_allocation_failing__returns_null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
