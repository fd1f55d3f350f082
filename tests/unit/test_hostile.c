/*
 * test_hostile.c - a catalogue of hostile input to the loaders and the
 * engine. Each case says what a user should see: a status, and for a file
 * a diagnostic naming the problem at its place; never a crash, a hang or a
 * leak (make asan and valgrind run these too). Files the fuzzers found are
 * kept in tests/data/hostile/ and replayed here.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "clinic.h"
#include "diag.h"
#include "engine.h"
#include "helpers.h"
#include "mem.h"
#include "text.h"
#include "tree.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Where the tests find the repository's files: make runs them from the top. */
#ifndef HOSTILE_DIR
#define HOSTILE_DIR "tests/data/hostile"
#endif
#define SHIPPED_TREE "questions/runner-injuries.yaml"

/* Generous for ASan and valgrind; the quadratic or exponential work these
 * cases guard against would take minutes. */
#define FAST (5 * CLOCKS_PER_SEC)

#define HEAD HELPER_HEAD("t", "T", "1", "q1", "D")

/* Every question type once; all ASCII, so a byte offset gives a column. */
static const char valid_tree[] = HEAD
	"# a comment line\n"
	"questions:\n"
	"  q1:\n"
	"    type: multi\n"
	"    ask: Any of these?\n"
	"    options:\n"
	"      - {text: Fever, next: o_fever}\n"
	"      - {text: Swelling}\n"
	"    otherwise: q2\n"
	"  q2:\n"
	"    ask: Where?\n"
	"    options:\n"
	"      - {text: Heel, next: q3}\n"
	"      - {text: Knee, next: q4}\n"
	"  q3:\n"
	"    type: yesno\n"
	"    ask: Morning?\n"
	"    yes: o_pf\n"
	"    no: q4\n"
	"    unsure: q4\n"
	"  q4:\n"
	"    type: scale\n"
	"    ask: How bad?\n"
	"    min: 0\n"
	"    max: 10\n"
	"    bands:\n"
	"      - {from: 0, to: 6, next: o_pf}\n"
	"      - {from: 7, to: 10, next: o_fever}\n"
	"outcomes:\n"
	"  o_pf:\n"
	"    condition: Plantar fasciitis\n"
	"    triage: consult\n"
	"    summary: Heel pain.\n"
	"  o_fever:\n"
	"    condition: Possible infection\n"
	"    triage: emergency\n"
	"    summary: Fever.\n";

/* ---- helpers -------------------------------------------------------------- */

/* A fixed-seed PRNG (xorshift64*), so every run tests the same inputs. */
static uint64_t prng_state;

static void prng_seed(uint64_t seed)
{
	prng_state = seed ? seed : 1;
}

static uint64_t prng_next(void)
{
	prng_state ^= prng_state >> 12;
	prng_state ^= prng_state << 25;
	prng_state ^= prng_state >> 27;
	return prng_state * UINT64_C(2685821657736338717);
}

static size_t prng_below(size_t n)
{
	return n ? (size_t)(prng_next() % n) : 0;
}

/* True when a message is safe to print: valid UTF-8, no control
 * character (an escape sequence would reach the user's terminal). */
static bool is_printable(const char *s)
{
	size_t len = strlen(s), i = 0;

	if (!text_utf8_valid(s, len))
		return false;
	while (i < len) {
		uint32_t cp;

		i += text_utf8_decode(s + i, len - i, &cp);
		if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
			return false;
	}
	return true;
}

/*
 * What every load must give, however hostile the input: YREAD_OK with no
 * error and a tree, or YREAD_INVALID with at least one error, every
 * diagnostic placed (line and column from 1) and printable, and no tree.
 */
static void check_outcome(enum yread_status status, const struct diag_list *d,
			  bool is_loaded, const char *what)
{
	if (status != YREAD_OK && status != YREAD_INVALID)
		fail_msg("%s: status %d", what, (int)status);
	if ((status == YREAD_OK) != is_loaded)
		fail_msg("%s: status %d but object %s", what, (int)status,
			 is_loaded ? "set" : "NULL");
	if ((status == YREAD_INVALID) != (d->error_count > 0))
		fail_msg("%s: status %d with %zu errors", what, (int)status,
			 d->error_count);
	assert_false(d->is_oom);
	for (size_t i = 0; i < d->count; i++) {
		assert_true(d->items[i].pos.line >= 1);
		assert_true(d->items[i].pos.column >= 1);
		if (!is_printable(d->items[i].message))
			fail_msg("%s: unprintable diagnostic '%s'", what,
				 d->items[i].message);
	}
}

/* Loads a tree; checks the outcome; returns the status. The diagnostics
 * are left in *d for the caller to look at and clear. */
static enum yread_status load_tree(const void *data, size_t len,
				   struct diag_list *d, const char *what)
{
	struct tree *t = NULL;
	enum yread_status status = tree_load_buffer(data, len, d, &t);

	check_outcome(status, d, t != NULL, what);
	tree_free(t);
	return status;
}

static enum yread_status load_clinic(const void *data, size_t len,
				     struct diag_list *d, const char *what)
{
	struct clinic *c = NULL;
	enum yread_status status = clinic_load_buffer(data, len, d, &c);

	check_outcome(status, d, c != NULL, what);
	clinic_free(c);
	return status;
}

/* The first diagnostic whose message contains needle, or NULL. */
static const struct diag *find_diag(const struct diag_list *d,
				    const char *needle)
{
	for (size_t i = 0; i < d->count; i++)
		if (strstr(d->items[i].message, needle) != NULL)
			return &d->items[i];
	return NULL;
}

static void expect_diag(const struct diag_list *d, const char *needle,
			uint32_t line, uint32_t column)
{
	const struct diag *found = find_diag(d, needle);

	if (found == NULL) {
		for (size_t i = 0; i < d->count; i++)
			fprintf(stderr, "  %u:%u: %s\n", d->items[i].pos.line,
				d->items[i].pos.column, d->items[i].message);
		fail_msg("no diagnostic says '%s'", needle);
	}
	if (line != 0 &&
	    (found->pos.line != line || found->pos.column != column))
		fail_msg("'%s' at %u:%u, expected %u:%u", found->message,
			 found->pos.line, found->pos.column, line, column);
}

/* Reads a whole file; fails the test when it cannot. */
static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long size;

	if (f == NULL)
		fail_msg("cannot open %s (run the tests from the top folder)",
			 path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	size = ftell(f);
	assert_true(size >= 0);
	assert_int_equal(fseek(f, 0, SEEK_SET), 0);
	buf = malloc((size_t)size + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)size, f), (size_t)size);
	fclose(f);
	buf[size] = '\0';
	*len = (size_t)size;
	return buf;
}

/* ---- aliases ---------------------------------------------------------------- */

/*
 * "Billion laughs": nine levels of ten aliases each would expand to 10^9
 * nodes. Aliases are refused where they stand and never expanded, so the
 * load is quick and says why.
 */
static void tree_load__billion_laughs__refused_without_expanding(void **state)
{
	char *yaml = malloc(8192);
	struct diag_list d = {.file = "t"};
	size_t len = 0;
	clock_t started = clock();

	(void)state;
	assert_non_null(yaml);
	len += (size_t)sprintf(yaml + len, "%s", HEAD);
	len += (size_t)sprintf(yaml + len, "x-a: &a [lol, lol, lol, lol, lol, "
					   "lol, lol, lol, lol, lol]\n");
	for (char c = 'b'; c <= 'i'; c++) {
		len += (size_t)sprintf(yaml + len, "x-%c: &%c [", c, c);
		for (int i = 0; i < 10; i++)
			len += (size_t)sprintf(yaml + len, "%s*%c",
					       i ? ", " : "", c - 1);
		len += (size_t)sprintf(yaml + len, "]\n");
	}
	len += (size_t)sprintf(yaml + len, "questions: *i\noutcomes: *i\n");

	assert_int_equal(load_tree(yaml, len, &d, "laughs"), YREAD_INVALID);
	expect_diag(&d, "anchors are not allowed ('&a')", 7, 6);
	expect_diag(&d, "aliases are not allowed ('*a')", 8, 10);
	expect_diag(&d, "aliases are not allowed ('*i')", 16, 12);
	diag_list_clear(&d);

	assert_int_equal(load_clinic(yaml, len, &d, "laughs"), YREAD_INVALID);
	expect_diag(&d, "anchors are not allowed ('&a')", 7, 6);
	diag_list_clear(&d);
	free(yaml);
	assert_true(clock() - started < FAST);
}

/* A hundred thousand aliases of one anchor: each is reported in constant
 * time, so the load stays linear in the file. */
static void tree_load__many_aliases__linear(void **state)
{
	size_t n = 100000, len = 0;
	char *yaml = malloc(n * 4 + 256);
	struct diag_list d = {.file = "t"};
	clock_t started = clock();

	(void)state;
	assert_non_null(yaml);
	len += (size_t)sprintf(yaml + len, "%sx-a: &a x\nx-b: [", HEAD);
	for (size_t i = 0; i < n; i++) {
		memcpy(yaml + len, "*a,", 3);
		len += 3;
	}
	len += (size_t)sprintf(yaml + len, "*a]\n");
	assert_int_equal(load_tree(yaml, len, &d, "aliases"), YREAD_INVALID);
	expect_diag(&d, "aliases are not allowed ('*a')", 8, 7);
	diag_list_clear(&d);
	free(yaml);
	assert_true(clock() - started < FAST);
}

/* An alias where a key, a reference or the document should be. */
static void tree_load__alias_in_every_place__refused(void **state)
{
	static const char *const cases[] = {
		HEAD
		"questions: {q1: &q {ask: A, type: yesno, yes: o, no: o}}\n"
		"outcomes: {o: {condition: C, triage: gp, summary: S}, "
		"*q : x}\n",
		"format: runcheck/1\nid: &i t\ntitle: *i\n",
		"&doc {a: 1}\n",
		"*nothing\n",
		HEAD "questions: {q1: {ask: A, type: yesno, yes: *o, no: o}}\n",
		HEAD "<<: {a: 1}\n",
	};

	(void)state;
	for (size_t i = 0; i < COUNT(cases); i++) {
		struct diag_list d = {.file = "t"};

		assert_int_equal(load_tree(cases[i], strlen(cases[i]), &d,
					   cases[i]),
				 YREAD_INVALID);
		if (find_diag(&d, "aliases are not allowed") == NULL &&
		    find_diag(&d, "anchors are not allowed") == NULL &&
		    find_diag(&d, "merge keys") == NULL &&
		    find_diag(&d, "invalid YAML") == NULL)
			fail_msg("case %zu: no diagnostic names the alias", i);
		diag_list_clear(&d);
	}
}

/* ---- nesting ------------------------------------------------------------------ */

static void check_deep(const char *prefix, const char *open, const char *close,
		       const char *middle, size_t depth)
{
	size_t olen = strlen(open), clen = strlen(close);
	char *yaml = malloc(strlen(prefix) + depth * (olen + clen) + 64);
	struct diag_list d = {.file = "t"};
	size_t len;
	clock_t started = clock();

	assert_non_null(yaml);
	len = (size_t)sprintf(yaml, "%s", prefix);
	for (size_t i = 0; i < depth; i++) {
		memcpy(yaml + len, open, olen);
		len += olen;
	}
	len += (size_t)sprintf(yaml + len, "%s", middle);
	for (size_t i = 0; i < depth; i++) {
		memcpy(yaml + len, close, clen);
		len += clen;
	}
	yaml[len++] = '\n';
	assert_int_equal(load_tree(yaml, len, &d, open), YREAD_INVALID);
	expect_diag(&d, "nesting is deeper than 32 levels", 0, 0);
	diag_list_clear(&d);
	assert_int_equal(load_clinic(yaml, len, &d, open), YREAD_INVALID);
	expect_diag(&d, "nesting is deeper than 32 levels", 0, 0);
	diag_list_clear(&d);
	free(yaml);
	assert_true(clock() - started < FAST);
}

/* 100,000 levels in flow style, sequences and mappings, under an
 * extension key (skipped, but still checked) and under a checked key. */
static void tree_load__flow_nesting_100000__refused(void **state)
{
	(void)state;
	check_deep(HEAD "x-a: ", "[", "]", "", 100000);
	check_deep(HEAD "x-a: ", "{a: ", "}", "b", 100000);
	check_deep(HEAD "questions: ", "{a: ", "}", "b", 100000);
	check_deep("", "[", "]", "", 100000);
}

/* 100,000 levels in block style: "- - - ... x" nests a sequence in each
 * item, and "? " a mapping in each key. */
static void tree_load__block_nesting_100000__refused(void **state)
{
	(void)state;
	check_deep(HEAD "x-a:\n", "- ", "", "x", 100000);
	check_deep(HEAD "outcomes:\n", "- ", "", "x", 100000);
	check_deep("", "- ", "", "x", 100000);
}

/* ---- bytes --------------------------------------------------------------------- */

/* Line and column (from 1) of a byte offset in ASCII text. */
static struct diag_pos pos_of(const char *text, size_t offset)
{
	struct diag_pos pos = {1, 1};

	for (size_t i = 0; i < offset; i++) {
		if (text[i] == '\n') {
			pos.line++;
			pos.column = 1;
		} else {
			pos.column++;
		}
	}
	return pos;
}

struct bad_bytes {
	const char *bytes;
	size_t len;
	const char *message;
};

static const struct bad_bytes bad_bytes[] = {
	{"\0", 1, "control character U+0000"},
	{"\x01", 1, "control character U+0001"},
	{"\x1b", 1, "control character U+001B"},
	{"\x7f", 1, "control character U+007F"},
	{"\xc2\x85", 2, "control character U+0085"},
	{"\xff", 1, "invalid UTF-8: unexpected byte 0xFF"},
	{"\x80", 1, "invalid UTF-8: unexpected byte 0x80"},
	{"\xf8\x88\x80\x80\x80", 5, "invalid UTF-8: unexpected byte 0xF8"},
	{"\xc3(", 2, "invalid UTF-8: incomplete sequence"},
	{"\xc0\x80", 2, "invalid UTF-8: bad sequence for U+0000"},
	{"\xe0\x80\xaf", 3, "invalid UTF-8: bad sequence for U+002F"},
	{"\xed\xa0\x80", 3, "invalid UTF-8: bad sequence for U+D800"},
	{"\xf4\x90\x80\x80", 4, "invalid UTF-8: bad sequence for U+110000"},
};

/* Inserts bytes at offset of the valid tree and checks the one error. */
static void check_bad_bytes_at(const struct bad_bytes *b, size_t offset)
{
	size_t base = sizeof valid_tree - 1, len = base + b->len;
	char *yaml = malloc(len);
	struct diag_list d = {.file = "t"};
	struct diag_pos at = pos_of(valid_tree, offset);
	char what[64];

	assert_non_null(yaml);
	memcpy(yaml, valid_tree, offset);
	memcpy(yaml + offset, b->bytes, b->len);
	memcpy(yaml + offset + b->len, valid_tree + offset, base - offset);
	snprintf(what, sizeof what, "'%s' at %zu", b->message, offset);
	assert_int_equal(load_tree(yaml, len, &d, what), YREAD_INVALID);
	expect_diag(&d, b->message, at.line, at.column);
	assert_int_equal(d.error_count, 1);
	diag_list_clear(&d);
	free(yaml);
}

/* At the start, inside a key, inside a value, inside a comment, at the
 * end of the file: each place reported exactly there, by line and column. */
static void tree_load__bad_bytes_at_named_places__reported_there(void **state)
{
	const char *places[] = {
		"format",	"rmat:",    "runcheck/1", "a comment",
		"Any of these", "o_fever}", "\n  o_pf:",
	};

	(void)state;
	for (size_t i = 0; i < COUNT(bad_bytes); i++) {
		check_bad_bytes_at(&bad_bytes[i], 0);
		check_bad_bytes_at(&bad_bytes[i], sizeof valid_tree - 1);
		for (size_t j = 0; j < COUNT(places); j++) {
			const char *p = strstr(valid_tree, places[j]);

			assert_non_null(p);
			check_bad_bytes_at(&bad_bytes[i],
					   (size_t)(p - valid_tree) + 2);
		}
	}
}

/* Every 3rd offset of the file, every kind of bad byte. */
static void tree_load__bad_bytes_at_every_offset__reported_there(void **state)
{
	(void)state;
	for (size_t i = 0; i < COUNT(bad_bytes); i++)
		for (size_t offset = i % 3; offset < sizeof valid_tree - 1;
		     offset += 3)
			check_bad_bytes_at(&bad_bytes[i], offset);
}

/* A file that ends inside a UTF-8 sequence. */
static void tree_load__truncated_utf8_at_end__reported(void **state)
{
	char yaml[sizeof valid_tree + 1];
	struct diag_list d = {.file = "t"};
	size_t base = sizeof valid_tree - 1;
	struct diag_pos at = pos_of(valid_tree, base);

	(void)state;
	memcpy(yaml, valid_tree, base);
	yaml[base] = '\xe2';
	assert_int_equal(load_tree(yaml, base + 1, &d, "end"), YREAD_INVALID);
	expect_diag(&d, "the file ends inside a sequence", at.line, at.column);
	diag_list_clear(&d);
}

/* Escapes produce what raw bytes may not: refused in values and keys,
 * and the diagnostic that quotes such a key prints no control character,
 * nor a newline (allowed in text) that would split its line (found by
 * fuzz_tree and fuzz_clinic: an escape reached the terminal). */
static void tree_load__escaped_control_in_key__quoted_safely(void **state)
{
	static const char tree_yaml[] = HEAD
		"\"x\\e[31mred\": 1\n\"a\\nb\": 2\n\"\\x85\": 3\n";
	static const char clinic_yaml[] =
		"format: runcheck-clinic/1\n\"\\e]0;title\\a\": x\n";
	struct diag_list d = {.file = "t"};

	(void)state;
	assert_int_equal(load_tree(tree_yaml, strlen(tree_yaml), &d, "keys"),
			 YREAD_INVALID);
	expect_diag(&d, "control character U+001B in text", 7, 1);
	expect_diag(&d, "unknown key 'x\xef\xbf\xbd[31mred'", 7, 1);
	expect_diag(&d,
		    "unknown key 'a\xef\xbf\xbd"
		    "b'",
		    8, 1);
	expect_diag(&d, "unknown key '\xef\xbf\xbd'", 9, 1);
	diag_list_clear(&d);

	assert_int_equal(load_clinic(clinic_yaml, strlen(clinic_yaml), &d,
				     "clinic keys"),
			 YREAD_INVALID);
	expect_diag(&d, "unknown key '\xef\xbf\xbd]0;title\xef\xbf\xbd'", 2, 1);
	diag_list_clear(&d);
}

/*
 * An escaped NUL in the id of a question or outcome that no walk reaches:
 * refused, and the check for unreached nodes must not look the id up
 * again by strlen (found by fuzz_tree: a NULL dereference).
 */
static void tree_load__nul_in_unreached_ids__refused_without_crash(void **state)
{
	static const char yaml[] = HEAD
		"questions:\n"
		"  q1: {type: yesno, ask: A, yes: o, no: o}\n"
		"  \"q\\0x\": {type: yesno, ask: B, yes: o, no: o}\n"
		"outcomes:\n"
		"  o: {condition: C, triage: gp, summary: S}\n"
		"  \"o\\0x\": {condition: C, triage: gp, summary: S}\n";
	struct diag_list d = {.file = "t"};

	(void)state;
	assert_int_equal(load_tree(yaml, strlen(yaml), &d, "nul ids"),
			 YREAD_INVALID);
	expect_diag(&d, "control character U+0000 in text", 9, 3);
	expect_diag(&d, "invalid id 'q'", 9, 3);
	/* The check for unreached nodes still runs over these ids (under
	 * ASan, this test is its regression test), but a file with errors
	 * shows none of its warnings about the tree's shape. */
	assert_null(find_diag(&d, "is not reached"));
	assert_int_equal(d.warning_count, 0);
	diag_list_clear(&d);
}

/* A quote is cut at 40 bytes; cut inside a character, it must still be
 * valid UTF-8 (found by fuzz_tree). */
static void
tree_load__long_key_of_wide_characters__quote_stays_utf8(void **state)
{
	struct diag_list d = {.file = "t"};
	char yaml[512];
	size_t len = (size_t)sprintf(yaml, "%s", HEAD);

	(void)state;
	yaml[len++] = 'k';
	for (int i = 0; i < 30; i++) {
		memcpy(yaml + len, "\xe2\x82\xac", 3); /* the euro sign */
		len += 3;
	}
	len += (size_t)sprintf(yaml + len, ": 1\nquestions: {\"x");
	for (int i = 0; i < 30; i++) {
		memcpy(yaml + len, "\xc3\xa4", 2);
		len += 2;
	}
	len += (size_t)sprintf(yaml + len, "\": 1}\n");
	assert_int_equal(load_tree(yaml, len, &d, "wide"), YREAD_INVALID);
	expect_diag(&d, "unknown key 'k\xe2\x82\xac", 7, 1);
	expect_diag(&d, "invalid id 'x\xc3\xa4", 8, 13);
	diag_list_clear(&d);
}

/* A few hundred inputs of random bytes, and of random YAML punctuation
 * and words, to the tree and clinic loaders. */
static void tree_load__random_bytes__load_or_diagnose(void **state)
{
	static const char *const words[] = {
		"- ",
		": ",
		"{",
		"}",
		"[",
		"]",
		", ",
		"\n",
		"  ",
		"&a ",
		"*a",
		"!!str ",
		"? ",
		"'",
		"\"",
		"\\",
		"#",
		"|\n",
		">\n",
		"---\n",
		"...\n",
		"format: runcheck/1\n",
		"questions:\n",
		"outcomes:\n",
		"q1",
		"o1",
		"next: ",
		"text: ",
		"type: scale\n",
		"bands: ",
		"min: ",
		"0",
		"-5",
		"\xc3\xa9",
		"\t",
		"\r\n",
		"%YAML 1.2\n",
	};
	char *buf = malloc(8192);

	(void)state;
	assert_non_null(buf);
	prng_seed(20261124);
	for (int round = 0; round < 400; round++) {
		size_t len = 0, want = prng_below(4096);
		struct diag_list d = {.file = "r"};
		char what[32];

		if (round % 2 == 0) {
			for (len = 0; len < want; len++)
				buf[len] = (char)prng_below(256);
		} else {
			while (len < want) {
				const char *w = words[prng_below(COUNT(words))];
				size_t wl = strlen(w);

				memcpy(buf + len, w, wl);
				len += wl;
			}
		}
		snprintf(what, sizeof what, "random round %d", round);
		load_tree(buf, len, &d, what);
		diag_list_clear(&d);
		load_clinic(buf, len, &d, what);
		diag_list_clear(&d);
	}
	free(buf);
}

/* Mutated copies of the shipped tree: bytes flipped, inserted, deleted,
 * lines duplicated. Each loads or fails with diagnostics. */
static void tree_load__mutated_shipped_tree__load_or_diagnose(void **state)
{
	size_t base_len;
	char *base = read_file(SHIPPED_TREE, &base_len);
	char *buf = malloc(base_len * 2 + 64);
	int invalid = 0;

	(void)state;
	assert_non_null(buf);
	prng_seed(7);
	for (int round = 0; round < 200; round++) {
		size_t len = base_len;
		int edits = 1 + (int)prng_below(8);
		struct diag_list d = {.file = "m"};
		char what[32];

		memcpy(buf, base, base_len);
		for (int e = 0; e < edits; e++) {
			size_t at = prng_below(len);
			unsigned char byte = (unsigned char)prng_next();

			switch (prng_below(4)) {
			case 0: /* flip a bit */
				buf[at] = (char)(buf[at] ^ (1u << (byte % 8)));
				break;
			case 1: /* insert a byte, often YAML punctuation */
				memmove(buf + at + 1, buf + at, len - at);
				buf[at] =
					byte % 2 ? (char)byte
						 : ":-&*{}[]'\"#\n "[byte % 13];
				len++;
				break;
			case 2: /* delete a byte */
				if (len > 1) {
					memmove(buf + at, buf + at + 1,
						len - at - 1);
					len--;
				}
				break;
			default: { /* copy a short run over another place */
				size_t from = prng_below(len),
				       n = prng_below(40);

				if (from + n > len)
					n = len - from;
				if (at + n > len)
					n = len - at;
				memmove(buf + at, buf + from, n);
				break;
			}
			}
		}
		snprintf(what, sizeof what, "mutation %d", round);
		if (load_tree(buf, len, &d, what) == YREAD_INVALID)
			invalid++;
		diag_list_clear(&d);
	}
	/* Most mutations break something; a few land in a comment or text. */
	assert_true(invalid > 100);
	free(buf);
	free(base);
}

/* ---- size ------------------------------------------------------------------------ */

/* A single line of 10 MB: as text (refused, too long), as a key (not
 * YAML), and in a comment (allowed: the rest of the tree is valid). */
static void tree_load__ten_megabyte_line__handled(void **state)
{
	size_t n = 10 * 1024 * 1024, len;
	char *yaml = malloc(n + sizeof valid_tree + 64);
	struct diag_list d = {.file = "t"};
	clock_t started = clock();

	(void)state;
	assert_non_null(yaml);

	len = (size_t)sprintf(yaml, "%sx-long: ", HEAD);
	memset(yaml + len, 'a', n);
	len += n;
	yaml[len++] = '\n';
	assert_int_equal(load_tree(yaml, len, &d, "long text"), YREAD_INVALID);
	expect_diag(&d, "text is too long (10485760 bytes; the limit is 16384)",
		    7, 9);
	diag_list_clear(&d);

	len = (size_t)sprintf(yaml, "%s", HEAD);
	memset(yaml + len, 'k', n);
	len += n;
	len += (size_t)sprintf(yaml + len, ": 1\n");
	/* libyaml takes a plain key of at most 1024 characters. */
	assert_int_equal(load_tree(yaml, len, &d, "long key"), YREAD_INVALID);
	expect_diag(&d, "invalid YAML: could not find expected ':'", 7,
		    (uint32_t)n + 1);
	diag_list_clear(&d);

	len = (size_t)sprintf(yaml, "# ");
	memset(yaml + len, 'c', n);
	len += n;
	len += (size_t)sprintf(yaml + len, "\n%s", valid_tree);
	assert_int_equal(load_tree(yaml, len, &d, "long comment"), YREAD_OK);
	assert_int_equal(d.count, 0);
	diag_list_clear(&d);

	free(yaml);
	assert_true(clock() - started < 4 * FAST);
}

/* /dev/zero: endless NUL bytes, refused at the first one. */
static void tree_load_file__dev_zero__refused_at_first_byte(void **state)
{
	struct diag_list d = {.file = "/dev/zero"};
	struct tree *t = NULL;

	(void)state;
	assert_int_equal(tree_load_file("/dev/zero", &d, &t), YREAD_INVALID);
	assert_null(t);
	expect_diag(&d, "control character U+0000 is not allowed", 1, 1);
	diag_list_clear(&d);
}

/*
 * A pipe that never ends, of valid comment lines: its size cannot be
 * known beforehand, so it is counted as it is read and refused at 64 MiB,
 * at 1:1, without being kept whole.
 */
static void tree_load_file__endless_pipe__refused_at_size_limit(void **state)
{
	int fds[2];
	pid_t pid;
	char path[64];
	struct diag_list d = {.file = "pipe"};
	struct tree *t = NULL;

	(void)state;
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char line[1024];

		close(fds[0]);
		memset(line, 'x', sizeof line);
		line[0] = '#';
		line[sizeof line - 1] = '\n';
		/* Ends by SIGPIPE or EPIPE once the reader stops. */
		while (write(fds[1], line, sizeof line) > 0)
			;
		_exit(0);
	}
	close(fds[1]);
	snprintf(path, sizeof path, "/dev/fd/%d", fds[0]);
	assert_int_equal(tree_load_file(path, &d, &t), YREAD_INVALID);
	assert_null(t);
	expect_diag(&d, "the file is larger than 67108864 bytes", 1, 1);
	assert_int_equal(d.error_count, 1);
	diag_list_clear(&d);
	close(fds[0]);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

/* Loads bytes from a regular file, as runcheck does with --tree. */
static enum yread_status load_tree_via_file(const char *data, size_t len,
					    struct diag_list *d)
{
	char path[] = "/tmp/runcheck-hostile-XXXXXX";
	int fd = mkstemp(path);
	struct tree *t = NULL;
	enum yread_status status;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	status = tree_load_file(path, d, &t);
	check_outcome(status, d, t != NULL, path);
	tree_free(t);
	unlink(path);
	return status;
}

/* Loads bytes from a pipe: read as they come, never read again. */
static enum yread_status load_tree_via_pipe(const char *data, size_t len,
					    struct diag_list *d)
{
	int fds[2];
	pid_t pid;
	char path[64];
	struct tree *t = NULL;
	enum yread_status status;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		size_t done = 0;

		close(fds[0]);
		while (done < len) {
			/* Odd-sized writes, so reads end in odd places. */
			size_t n = len - done < 4093 ? len - done : 4093;
			ssize_t w = write(fds[1], data + done, n);

			if (w <= 0)
				_exit(1);
			done += (size_t)w;
		}
		_exit(0);
	}
	close(fds[1]);
	snprintf(path, sizeof path, "/dev/fd/%d", fds[0]);
	status = tree_load_file(path, d, &t);
	check_outcome(status, d, t != NULL, "pipe");
	tree_free(t);
	close(fds[0]);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return status;
}

static void expect_same_diags(const struct diag_list *a,
			      const struct diag_list *b, const char *what)
{
	if (a->count != b->count)
		fail_msg("%s: %zu diagnostics, not %zu", what, b->count,
			 a->count);
	for (size_t i = 0; i < a->count; i++)
		if (a->items[i].pos.line != b->items[i].pos.line ||
		    a->items[i].pos.column != b->items[i].pos.column ||
		    strcmp(a->items[i].message, b->items[i].message) != 0)
			fail_msg("%s: %u:%u: %s, not %u:%u: %s", what,
				 b->items[i].pos.line, b->items[i].pos.column,
				 b->items[i].message, a->items[i].pos.line,
				 a->items[i].pos.column, a->items[i].message);
}

/*
 * A file is read in pieces of 16 KiB or so; a UTF-8 sequence, good or bad,
 * may be cut between two reads. Whether from memory, a regular file or a
 * pipe, the same bytes give the same status and the same diagnostics, at
 * the same places.
 */
static void
tree_load_file__sequence_cut_between_reads__same_as_buffer(void **state)
{
	static const struct {
		const char *bytes;
		size_t len;
	} kinds[] = {
		{"\xc3\xa9", 2},
		{"\xe2\x82\xac", 3},
		{"\xf0\x9f\x98\x80", 4},
		{"\xe2\x82(", 3},
		{"\xc2\x85", 2},
		{"\xef\xbf\xbf", 3},
		{"\xed\xa0\x80", 3},
		{"\xff", 1},
		{"\x1b", 1},
		{"\xf4\x90\x80\x80", 4},
	};
	static const size_t at[] = {16384, 32768, 40000};
	size_t cap = 60000 + sizeof valid_tree;
	char *yaml = malloc(cap);

	(void)state;
	assert_non_null(yaml);
	for (size_t k = 0; k < COUNT(kinds); k++)
		for (size_t a = 0; a < COUNT(at); a++)
			for (size_t shift = 0; shift < 5; shift++) {
				struct diag_list mem = {.file = "t"};
				struct diag_list file = {.file = "t"};
				struct diag_list fifo = {.file = "t"};
				size_t len = 0, where = at[a] - shift;
				char what[64];

				/* Comment lines of euro signs round the place. */
				while (len < 50000) {
					memcpy(yaml + len, "# ", 2);
					len += 2;
					for (int i = 0; i < 300; i++, len += 3)
						memcpy(yaml + len,
						       "\xe2\x82\xac", 3);
					yaml[len++] = '\n';
				}
				memcpy(yaml + len, valid_tree,
				       sizeof valid_tree - 1);
				len += sizeof valid_tree - 1;
				/* Line starts and sequence starts only. */
				while (yaml[where] != '#' &&
				       (yaml[where] & 0xc0) == 0x80)
					where--;
				if (yaml[where] == '#')
					where += 2;
				memmove(yaml + where + kinds[k].len,
					yaml + where, len - where);
				memcpy(yaml + where, kinds[k].bytes,
				       kinds[k].len);
				len += kinds[k].len;

				snprintf(what, sizeof what, "kind %zu at %zu",
					 k, where);
				load_tree(yaml, len, &mem, what);
				load_tree_via_file(yaml, len, &file);
				expect_same_diags(&mem, &file, what);
				load_tree_via_pipe(yaml, len, &fifo);
				expect_same_diags(&mem, &fifo, what);
				if (k < 3)
					assert_int_equal(mem.error_count, 0);
				else
					assert_int_equal(mem.error_count, 1);
				diag_list_clear(&mem);
				diag_list_clear(&file);
				diag_list_clear(&fifo);
			}
	free(yaml);
}

/* ---- the engine --------------------------------------------------------------------- */

static int setup(void **state)
{
	*state = helper_walk_new(valid_tree);
	return 0;
}

/*
 * A megabyte on one line at every question type, of every shape: refused
 * with a short printable reason and nothing changed, or taken as the one
 * answer it spells.
 */
static void engine_input__megabyte_lines_at_every_type__bounded(void **state)
{
	struct helper_walk *f = *state;
	const size_t n = 1024 * 1024;
	char *line = malloc(n + 16);
	static const char *const reach[] = {NULL, "none", "1", "no"};
	static const char *const at[] = {"q1", "q2", "q3", "q4"};
	clock_t started = clock();

	(void)state;
	assert_non_null(line);
	for (size_t q = 0; q < COUNT(at); q++) {
		for (int shape = 0; shape < 7; shape++) {
			enum engine_event ev;
			size_t steps;

			assert_int_equal(engine_input(f->engine, "restart"),
					 ENGINE_RESTART);
			for (size_t i = 1; i <= q; i++)
				assert_int_equal(engine_input(f->engine,
							      reach[i]),
						 ENGINE_ANSWERED);
			assert_string_equal(helper_where(f->engine), at[q]);
			steps = engine_step_count(f->engine);
			switch (shape) {
			case 0: /* letters */
				memset(line, 'h', n);
				break;
			case 1: /* digits: a number far out of range */
				memset(line, '9', n);
				break;
			case 2: /* "1,1,1,...": one pick, repeated */
				for (size_t i = 0; i < n; i += 2) {
					line[i] = '1';
					line[i + 1] = ',';
				}
				break;
			case 3: /* blanks round a yes */
				memset(line, ' ', n);
				memcpy(line + n / 2, "yes", 3);
				break;
			case 4: /* not ... sure, a megabyte of blanks apart */
				memset(line, '\t', n);
				memcpy(line, "not", 3);
				memcpy(line + n - 4, "sure", 4);
				break;
			case 5: /* wide characters, cut at the end */
				for (size_t i = 0; i + 3 <= n; i += 3)
					memcpy(line + i, "\xe2\x82\xac", 3);
				line[n - 1] = '\xe2';
				break;
			default: /* control characters and bad bytes */
				for (size_t i = 0; i < n; i++)
					line[i] = (char)(i % 2 ? 0x1b : 0xff);
				break;
			}
			line[n] = '\0';
			ev = engine_input(f->engine, line);
			if (ev == ENGINE_REFUSED) {
				assert_string_equal(helper_where(f->engine),
						    at[q]);
				assert_int_equal(engine_step_count(f->engine),
						 steps);
				assert_true(strlen(engine_reason(f->engine)) <
					    256);
				assert_true(
					is_printable(engine_reason(f->engine)));
			} else {
				assert_int_equal(ev, ENGINE_ANSWERED);
				assert_int_equal(engine_step_count(f->engine),
						 steps + 1);
			}
		}
	}
	free(line);
	assert_true(clock() - started < FAST);
}

/*
 * A chain of yes/no questions long enough to grow the step array twice,
 * then every other type: the tree for the allocation-failure walk.
 */
static char *chain_tree(size_t n)
{
	size_t size = 1024 + n * 128, len;
	char *yaml = malloc(size);

	assert_non_null(yaml);
	len = (size_t)snprintf(yaml, size, "%s", HEAD "questions:\n");
	for (size_t i = 1; i <= n; i++)
		len += (size_t)snprintf(yaml + len, size - len,
					"  q%zu: {type: yesno, ask: Q?, "
					"yes: q%zu, no: o}\n",
					i, i + 1);
	snprintf(yaml + len, size - len,
		 "  q%zu:\n    ask: Where?\n    options:\n"
		 "      - {text: Heel, next: m}\n"
		 "      - {text: Knee, next: o}\n"
		 "  m:\n    type: multi\n    ask: Any?\n    options:\n"
		 "      - {text: A}\n      - {text: B, next: s}\n"
		 "    otherwise: o\n"
		 "  s:\n    type: scale\n    ask: How bad?\n    min: 0\n"
		 "    max: 10\n    bands:\n"
		 "      - {from: 0, to: 10, next: o}\n"
		 "outcomes:\n  o: {condition: C, triage: gp, summary: S}\n",
		 n + 1);
	return yaml;
}

/* The scripted walk: answers, commands and refusals, ending at o. */
static const char *const script[] = {
	"yes", "yes",	  "yes",  "yes",  "yes", "yes",	 "yes",	     "yes",
	"yes", "yes",	  "back", "back", "why", "help", "nonsense", "yes",
	"yes", "restart", "yes",  "yes",  "yes", "yes",	 "yes",	     "yes",
	"yes", "yes",	  "yes",  "yes",  "yes", "yes",	 "yes",	     "yes",
	"yes", "yes",	  "yes",  "yes",  "yes", "yes",	 "heel",     "none,1",
	"1,2", "back",	  "2",	  "11",	  "7",	 "why",	 "back",     "7",
};

/*
 * Allocation failure at every index, SQLite-style: count the allocations
 * of engine_new and the scripted walk, then for each n fail the nth and
 * every one after. engine_new gives NULL, or each input gives its event
 * or ENGINE_NOMEM with nothing changed; retried with memory back, the walk
 * ends as it would have. ASan and valgrind find any leak.
 */
static void engine__each_failed_allocation__fails_cleanly(void **state)
{
	char *yaml = chain_tree(20);
	struct tree *tree = helper_load_tree(yaml);
	enum engine_event expect[COUNT(script)];
	struct engine *e;
	long total, n;
	size_t final_steps;
	uint32_t final_outcome;

	(void)state;
	free(yaml);
	mem_fail_never();
	e = engine_new(tree);
	assert_non_null(e);
	for (size_t i = 0; i < COUNT(script); i++)
		expect[i] = engine_input(e, script[i]);
	total = mem_alloc_count();
	assert_true(engine_is_done(e));
	final_steps = engine_step_count(e);
	final_outcome = engine_outcome(e);
	engine_free(e);
	assert_true(total >= 3); /* engine_new's two, and a growth */

	for (n = 0; n <= total; n++) {
		bool has_failed = false;

		mem_fail_after(n);
		e = engine_new(tree);
		if (e == NULL) {
			mem_fail_never();
			assert_true(n < 2);
			continue;
		}
		for (size_t i = 0; i < COUNT(script); i++) {
			size_t steps = engine_step_count(e);
			bool was_done = engine_is_done(e);
			uint32_t at = was_done ? engine_outcome(e)
					       : engine_question(e);
			enum engine_event ev = engine_input(e, script[i]);

			if (ev == ENGINE_NOMEM) {
				has_failed = true;
				assert_int_equal(engine_step_count(e), steps);
				assert_int_equal(engine_is_done(e), was_done);
				assert_int_equal(was_done ? engine_outcome(e)
							  : engine_question(e),
						 at);
				mem_fail_never();
				ev = engine_input(e, script[i]);
			}
			if (ev != expect[i])
				fail_msg("allocation %ld: '%s' gave %d, not %d",
					 n, script[i], (int)ev, (int)expect[i]);
		}
		mem_fail_never();
		assert_true(engine_is_done(e));
		assert_int_equal(engine_step_count(e), final_steps);
		assert_int_equal(engine_outcome(e), final_outcome);
		engine_free(e);
		/* Failing past the last allocation changes nothing. */
		assert_true(has_failed == (n < total));
	}
	tree_free(tree);
}

/*
 * The loader out of memory while it reports problems: a tree with errors
 * of every stage (syntax-level, schema, references, cycles, warnings), so
 * that diagnostics themselves fail to allocate. Always YREAD_NOMEM, never
 * a tree, never a leak.
 */
static void tree_load__failed_allocation_in_invalid_tree__nomem(void **state)
{
	static const char yaml[] = HEAD
		"x-a: &a 1\n"
		"questions:\n"
		"  q1: {type: yesno, ask: A, yes: q2, no: nowhere, bad: 1}\n"
		"  q2: {type: yesno, ask: B, yes: q1, no: o}\n"
		"  q3: {type: scale, ask: C, min: 0, max: 9, bands: "
		"[{from: 1, to: 5, next: o}, {from: 5, to: 8, next: q3}]}\n"
		"  Bad-Id: {ask: D, options: [{text: A, next: o}, "
		"{text: a, next: o}]}\n"
		"outcomes:\n"
		"  o: {condition: C, triage: gp, summary: S, "
		"also_consider: [o, q1]}\n"
		"  lonely: {condition: C, triage: nope, summary: S}\n";
	struct diag_list d = {.file = "t"};
	struct tree *t = NULL;
	long total, n;

	(void)state;
	mem_fail_never();
	assert_int_equal(tree_load_buffer(yaml, strlen(yaml), &d, &t),
			 YREAD_INVALID);
	total = mem_alloc_count();
	assert_true(d.error_count >= 8);
	/* The unreached warnings were made (and their allocations are
	 * failed below) but left out: the file has errors. */
	assert_int_equal(d.warning_count, 0);
	diag_list_clear(&d);
	for (n = 0; n < total; n++) {
		enum yread_status status;

		mem_fail_after(n);
		status = tree_load_buffer(yaml, strlen(yaml), &d, &t);
		mem_fail_never();
		if (status != YREAD_NOMEM)
			fail_msg("allocation %ld failed, status %d", n,
				 (int)status);
		assert_null(t);
		diag_list_clear(&d);
	}
}

/* The clinic loader, out of memory at every allocation. */
static void clinic_load__each_failed_allocation__fails_cleanly(void **state)
{
	size_t len;
	char *yaml = read_file("questions/clinic.yaml", &len);
	struct diag_list d = {.file = "c"};
	struct clinic *c = NULL;
	long total, n;

	(void)state;
	mem_fail_never();
	assert_int_equal(clinic_load_buffer(yaml, len, &d, &c), YREAD_OK);
	total = mem_alloc_count();
	clinic_free(c);
	diag_list_clear(&d);
	for (n = 0; n < total; n++) {
		enum yread_status status;

		mem_fail_after(n);
		status = clinic_load_buffer(yaml, len, &d, &c);
		mem_fail_never();
		if (status != YREAD_NOMEM)
			fail_msg("allocation %ld failed, status %d", n,
				 (int)status);
		assert_null(c);
		diag_list_clear(&d);
	}
	free(yaml);
}

/* ---- files the fuzzers found ------------------------------------------------------ */

/*
 * Replays every file in tests/data/hostile/ through both loaders (a file
 * found by fuzz_clinic is just as hostile to the tree loader): each must
 * load or be refused with printable diagnostics. Besides the fuzzers'
 * finds, it keeps reproductions of what hostile testers found:
 * flood-old-hash-keys.yaml holds 2,000 keys that all had one hash before
 * issue 19 (`flood old 2000`, tests/bench/flood.c; test_strtab counts the
 * probes such keys cost).
 */
static void hostile_files__replayed__load_or_diagnose(void **state)
{
	DIR *dir = opendir(HOSTILE_DIR);
	struct dirent *entry;
	size_t files = 0;

	(void)state;
	if (dir == NULL)
		fail_msg("cannot open %s", HOSTILE_DIR);
	while ((entry = readdir(dir)) != NULL) {
		char path[512];
		struct diag_list d = {.file = entry->d_name};
		size_t len;
		char *data;

		if (entry->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", HOSTILE_DIR,
			 entry->d_name);
		data = read_file(path, &len);
		load_tree(data, len, &d, path);
		diag_list_clear(&d);
		load_clinic(data, len, &d, path);
		diag_list_clear(&d);
		free(data);
		files++;
	}
	closedir(dir);
	assert_true(files > 0);
}

#define FIXTURE_TEST(name)                                                     \
	cmocka_unit_test_setup_teardown(name, setup, helper_walk_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			tree_load__billion_laughs__refused_without_expanding),
		cmocka_unit_test(tree_load__many_aliases__linear),
		cmocka_unit_test(tree_load__alias_in_every_place__refused),
		cmocka_unit_test(tree_load__flow_nesting_100000__refused),
		cmocka_unit_test(tree_load__block_nesting_100000__refused),
		cmocka_unit_test(
			tree_load__bad_bytes_at_named_places__reported_there),
		cmocka_unit_test(
			tree_load__bad_bytes_at_every_offset__reported_there),
		cmocka_unit_test(tree_load__truncated_utf8_at_end__reported),
		cmocka_unit_test(
			tree_load__escaped_control_in_key__quoted_safely),
		cmocka_unit_test(
			tree_load__nul_in_unreached_ids__refused_without_crash),
		cmocka_unit_test(
			tree_load__long_key_of_wide_characters__quote_stays_utf8),
		cmocka_unit_test(tree_load__random_bytes__load_or_diagnose),
		cmocka_unit_test(
			tree_load__mutated_shipped_tree__load_or_diagnose),
		cmocka_unit_test(tree_load__ten_megabyte_line__handled),
		cmocka_unit_test(
			tree_load_file__dev_zero__refused_at_first_byte),
		cmocka_unit_test(
			tree_load_file__endless_pipe__refused_at_size_limit),
		cmocka_unit_test(
			tree_load_file__sequence_cut_between_reads__same_as_buffer),
		FIXTURE_TEST(
			engine_input__megabyte_lines_at_every_type__bounded),
		cmocka_unit_test(engine__each_failed_allocation__fails_cleanly),
		cmocka_unit_test(
			tree_load__failed_allocation_in_invalid_tree__nomem),
		cmocka_unit_test(
			clinic_load__each_failed_allocation__fails_cleanly),
		cmocka_unit_test(hostile_files__replayed__load_or_diagnose),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
