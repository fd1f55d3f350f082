/*
 * engine.c - the walk over a tree, and the answer words of runcheck(1).
 *
 * Lines may be of any length (a pipe can send a megabyte without a
 * newline), so input is trimmed by moving pointers, never copied, and
 * each line is read a bounded number of times.
 */
#include "engine.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "text.h"

/* Long enough for any reason: a quoted piece of input and up to
 * LIST_MAX option texts (longer ones are cut at a code point). */
#define REASON_SIZE ENGINE_REASON_SIZE

/* How many options a refusal lists by number ("did you mean ..."). */
#define LIST_MAX 4

/* Answers of more words than this are not matched word by word: no
 * option's text is told apart by so many, and a long line costs no more. */
#define ANSWER_WORDS_MAX 16

/* How many code points of the user's input a reason quotes. */
#define QUOTE_MAX 40

struct engine {
	const struct tree *tree;
	struct engine_step *steps;
	size_t step_count;
	size_t step_capacity;
	struct tree_ref at; /* the current question, or the outcome */
	/* For a tree with routes: by question, the answer the walk gave it
	 * (engine_answer_index), else TREE_NO_ANSWER. NULL without routes. */
	uint8_t *answer_of;
	char reason[REASON_SIZE];
};

/* A piece of a line: the line trimmed, or one word of it. */
struct span {
	const char *s;
	size_t len;
};

static const char *const command_words[] = {
	"back", "restart", "why", "help", "quit",
};

enum command {
	CMD_BACK,
	CMD_RESTART,
	CMD_WHY,
	CMD_HELP,
	CMD_QUIT,
	CMD_NONE,
};

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f';
}

static struct span trim(const char *line)
{
	struct span sp;

	while (is_space(*line))
		line++;
	sp.s = line;
	sp.len = strlen(line);
	while (sp.len > 0 && is_space(sp.s[sp.len - 1]))
		sp.len--;
	return sp;
}

static bool span_is(struct span sp, const char *word)
{
	return text_equal_fold_n(sp.s, sp.len, word, strlen(word));
}

static enum command command_of(struct span sp)
{
	/* No command is longer than this: a long line is not read twice. */
	if (sp.len > 7)
		return CMD_NONE;
	for (size_t i = 0; i < sizeof(command_words) / sizeof(*command_words);
	     i++) {
		if (span_is(sp, command_words[i]))
			return (enum command)i;
	}
	return CMD_NONE;
}

bool engine_is_command(const char *line)
{
	return command_of(trim(line)) != CMD_NONE;
}

static bool parse_whole(struct span sp, long long *value, bool *is_huge);

bool engine_is_number(const char *line)
{
	long long number;
	bool is_huge;

	return parse_whole(trim(line), &number, &is_huge);
}

/*
 * Writes a reason the way snprintf would, but when it has to cut the text
 * short it cuts at a code point, so a reason is always valid UTF-8.
 */
static void set_reason(char *why, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* engine_set_translate's function; NULL keeps the English. */
static const char *(*reason_translate)(const char *msgid);

void engine_set_translate(const char *(*fn)(const char *msgid))
{
	reason_translate = fn;
}

/* A reason's English text in the person's language. */
static const char *tr(const char *msgid)
{
	return reason_translate ? reason_translate(msgid) : msgid;
}

/* Formats the reason from fmt in the person's language (tr). */
static void set_reason(char *why, size_t size, const char *fmt, ...)
{
	va_list ap;

	fmt = tr(fmt);
	va_start(ap, fmt);
	text_vformat(why, size, fmt, ap);
	va_end(ap);
}

/*
 * Copies at most QUOTE_MAX code points of the user's input into out, for a
 * reason to quote. Bad UTF-8, control characters and bidirectional controls
 * become U+FFFD (text_is_unsafe) so that a reason is safe to print and to
 * put in JSON.
 */
static void quote_input(struct span sp, char *out, size_t size)
{
	size_t i = 0, o = 0, count = 0;

	assert(size >= QUOTE_MAX * 4 + 4);
	while (i < sp.len && count < QUOTE_MAX) {
		uint32_t cp;
		size_t k = text_utf8_decode(sp.s + i, sp.len - i, &cp);
		/* The one sanitiser's rule: bidi controls too, which
		 * could make the quoted answer read as something else. */
		if (cp == 0xFFFD || text_is_unsafe(cp)) {
			memcpy(out + o, "\xEF\xBF\xBD", 3);
			o += 3;
		} else {
			memcpy(out + o, sp.s + i, k);
			o += k;
		}
		i += k;
		count++;
	}
	if (i < sp.len) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
}

/*
 * Reads a whole number, [-+]?[0-9]+, in one pass. A number far beyond any
 * bound a tree may set (TREE_MAX_NUMBER) sets is_huge instead of
 * overflowing, however many digits it has.
 */
static bool parse_whole(struct span sp, long long *value, bool *is_huge)
{
	const long long cap = 100000000000000000LL;
	size_t i = 0;
	bool is_negative = false;
	long long v = 0;

	*is_huge = false;
	if (sp.len > 0 && (sp.s[0] == '+' || sp.s[0] == '-')) {
		is_negative = sp.s[0] == '-';
		i++;
	}
	if (i == sp.len)
		return false;
	for (; i < sp.len; i++) {
		char c = sp.s[i];

		if (c < '0' || c > '9')
			return false;
		if (v > cap)
			*is_huge = true;
		else
			v = v * 10 + (c - '0');
	}
	*value = is_negative ? -v : v;
	return true;
}

/*
 * Words, for the answer words of runcheck(1): a word is a run of letters
 * and digits (ASCII, and every code point above U+007F that is not a
 * space, a punctuation mark or a symbol of Latin-1, General Punctuation
 * or CJK Symbols and Punctuation); an apostrophe (' or U+2019) between two
 * of them belongs to the word, so "doesn't" is one word.
 */
static bool is_word_cp(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		       (cp >= '0' && cp <= '9');
	if (cp == 0xFFFD || cp <= 0xBF || cp == 0xD7 || cp == 0xF7)
		return false;
	if ((cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x303F) ||
	    (cp >= 0xFF01 && cp <= 0xFF0F))
		return false;
	return true;
}

static bool is_apostrophe(uint32_t cp)
{
	return cp == '\'' || cp == 0x2019;
}

/*
 * Finds the next word of sp at or after *pos: true and *word set, with
 * *pos past it, or false at the end.
 */
static bool next_word(struct span sp, size_t *pos, struct span *word)
{
	size_t i = *pos;
	uint32_t cp;
	size_t k;

	while (i < sp.len) {
		k = text_utf8_decode(sp.s + i, sp.len - i, &cp);
		if (is_word_cp(cp))
			break;
		i += k;
	}
	if (i == sp.len) {
		*pos = i;
		return false;
	}
	word->s = sp.s + i;
	while (i < sp.len) {
		k = text_utf8_decode(sp.s + i, sp.len - i, &cp);
		if (is_apostrophe(cp) && i + k < sp.len) {
			uint32_t after;

			text_utf8_decode(sp.s + i + k, sp.len - i - k, &after);
			if (!is_word_cp(after))
				break;
		} else if (!is_word_cp(cp)) {
			break;
		}
		i += k;
	}
	word->len = (size_t)(sp.s + i - word->s);
	*pos = i;
	return true;
}

static struct span span_of(const char *s)
{
	return (struct span){s, strlen(s)};
}

/* True when two words are the same, ignoring case and which apostrophe
 * (' or U+2019) each was typed with. */
static bool word_equal(struct span a, struct span b)
{
	size_t i = 0, j = 0;

	while (i < a.len && j < b.len) {
		uint32_t ca, cb;

		i += text_utf8_decode(a.s + i, a.len - i, &ca);
		j += text_utf8_decode(b.s + j, b.len - j, &cb);
		if (is_apostrophe(ca) && is_apostrophe(cb))
			continue;
		if (text_cp_fold(ca) != text_cp_fold(cb))
			return false;
	}
	return i == a.len && j == b.len;
}

/* True when word is one of text's words, ignoring case. */
static bool has_word(struct span text, struct span word)
{
	struct span w;
	size_t pos = 0;

	while (next_word(text, &pos, &w)) {
		if (word_equal(w, word))
			return true;
	}
	return false;
}

/*
 * The English words that turn an option's text round ("It does not hurt",
 * "with no injury"): no, not, never, nothing, none, nor, neither, without,
 * cannot, and any word ending in n't. A word answer picks such an option
 * only when it says the same negative word.
 */
static bool is_negative_word(struct span w)
{
	static const char *const words[] = {
		"no",  "not",	  "never",   "nothing", "none",
		"nor", "neither", "without", "cannot",
	};

	for (size_t i = 0; i < sizeof(words) / sizeof(*words); i++) {
		if (span_is(w, words[i]))
			return true;
	}
	/* n't, with either apostrophe. */
	return (w.len > 3 && text_equal_fold_n(w.s + w.len - 3, 3, "n't", 3)) ||
	       (w.len > 5 &&
		text_equal_fold_n(w.s + w.len - 5, 5, "n\xE2\x80\x99t", 5));
}

/* True when every negative word of text is one of the answer's words. */
static bool negatives_said(struct span text, struct span answer)
{
	struct span w;
	size_t pos = 0;

	while (next_word(text, &pos, &w)) {
		if (is_negative_word(w) && !has_word(answer, w))
			return false;
	}
	return true;
}

/* True when every word of the answer (which has one or more, and at most
 * ANSWER_WORDS_MAX) is a word of text. */
static bool has_all_words(struct span text, struct span answer)
{
	struct span w;
	size_t pos = 0;

	while (next_word(answer, &pos, &w)) {
		if (!has_word(text, w))
			return false;
	}
	return true;
}

/* The number of words in sp, counting no further than limit + 1. */
static size_t count_words(struct span sp, size_t limit)
{
	struct span w;
	size_t pos = 0, n = 0;

	while (n <= limit && next_word(sp, &pos, &w))
		n++;
	return n;
}

/* What a text answer to a choice names (engine_choice_matches). */
struct matches {
	size_t count;
	bool is_sure; /* one option, picked; else those refused with */
	bool is_near; /* none holds every word; these hold the most */
	uint8_t which[TREE_MAX_OPTIONS];
};

static void add_match(struct matches *m, size_t i)
{
	if (m->count < TREE_MAX_OPTIONS)
		m->which[m->count++] = (uint8_t)i;
}

/* How many of the answer's words are words of text. */
static size_t words_found(struct span text, struct span answer)
{
	struct span w;
	size_t pos = 0, found = 0;

	while (next_word(answer, &pos, &w)) {
		if (has_word(text, w))
			found++;
	}
	return found;
}

/*
 * For an answer no option holds every word of: the options that hold the
 * most of its words (one or more), when there are at most LIST_MAX, to be
 * refused with ("knee pain": the options that say knee or pain).
 */
static void near_matches(const struct tree_question *q, size_t n,
			 struct span sp, struct matches *m)
{
	size_t found[TREE_MAX_OPTIONS], best = 0;

	for (size_t i = 0; i < n; i++) {
		found[i] = words_found(span_of(q->options[i].text), sp);
		if (found[i] > best)
			best = found[i];
	}
	for (size_t i = 0; best > 0 && i < n; i++) {
		if (found[i] == best)
			add_match(m, i);
	}
	if (m->count > LIST_MAX)
		m->count = 0;
	m->is_near = m->count > 0;
}

/*
 * y, yes, n or no alone, at a choice: a yes or no to a question that asks
 * which one. They name only the options whose first word is yes (for y
 * and yes) or no (for n and no), never "Not sure" by its start or "with
 * no twist" by a word in it. True when sp is one of them, with the
 * options it names in m (none: refused as not an option).
 */
static bool yes_or_no(struct span sp, const struct tree_question *q,
		      struct matches *m)
{
	const char *word;
	struct span first;

	if (span_is(sp, "y") || span_is(sp, "yes"))
		word = "yes";
	else if (span_is(sp, "n") || span_is(sp, "no"))
		word = "no";
	else
		return false;
	for (size_t i = 0; i < q->option_count; i++) {
		struct span text = span_of(q->options[i].text);
		size_t pos = 0;

		if (next_word(text, &pos, &first) && span_is(first, word))
			add_match(m, i);
	}
	m->is_sure = m->count == 1;
	return true;
}

/*
 * The options a text (not a number) answer to choice q names: its whole
 * text; else the start of one or more texts; else the options whose texts
 * hold every word of it. One option by words is picked only when the
 * answer says every negative word of its text.
 */
static void choice_matches(const struct tree_question *q, struct span sp,
			   struct matches *m)
{
	/* The loader allows no more than TREE_MAX_OPTIONS (add_match). */
	size_t n = q->option_count;
	size_t words;

	m->count = 0;
	m->is_sure = false;
	m->is_near = false;
	for (size_t i = 0; i < n; i++) {
		if (span_is(sp, q->options[i].text)) {
			add_match(m, i);
			m->is_sure = true;
			return;
		}
	}
	if (yes_or_no(sp, q, m))
		return;
	for (size_t i = 0; i < n; i++) {
		const char *text = q->options[i].text;

		if (text_prefix_fold_n(text, strlen(text), sp.s, sp.len))
			add_match(m, i);
	}
	words = count_words(sp, ANSWER_WORDS_MAX);
	if (m->count > 1 ||
	    (m->count == 1 && (words == 0 || words > ANSWER_WORDS_MAX))) {
		m->is_sure = m->count == 1;
		return;
	}
	if (words == 0 || words > ANSWER_WORDS_MAX)
		return;
	if (m->count == 1) {
		/* The start of one text whose words are also another's
		 * ("no" begins "Not sure" and is a word of "with no
		 * injury"): refused with both. */
		size_t start = m->which[0];

		m->count = 0;
		for (size_t i = 0; i < n; i++) {
			if (i == start ||
			    has_all_words(span_of(q->options[i].text), sp))
				add_match(m, i);
		}
		m->is_sure = m->count == 1;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (has_all_words(span_of(q->options[i].text), sp))
			add_match(m, i);
	}
	m->is_sure = m->count == 1 &&
		     negatives_said(span_of(q->options[m->which[0]].text), sp);
	if (m->count == 0)
		near_matches(q, n, sp, m);
}

size_t engine_choice_matches(const struct tree_question *q, const char *line,
			     uint8_t *which, bool *is_sure)
{
	struct span sp = trim(line);
	struct matches m;
	long long number;
	bool is_huge;

	*is_sure = false;
	if (q->type != TREE_CHOICE || sp.len == 0 ||
	    parse_whole(sp, &number, &is_huge))
		return 0;
	choice_matches(q, sp, &m);
	memcpy(which, m.which, m.count);
	*is_sure = m.is_sure;
	return m.count;
}

/* One option of a refusal's list: "SEP7. Front of the knee". */
static void list_item(char *buf, size_t size, const char *sep, unsigned n,
		      const char *text)
{
	snprintf(buf, size, "%s%u. %s", sep, n, text);
}

/* "did you mean 7. Front of the knee or 8. Outside of the knee?" */
static void refuse_list(const struct tree_question *q, const char *quoted,
			const struct matches *m, char *why, size_t why_size)
{
	char list[REASON_SIZE];
	size_t len = 0;

	if (m->count > LIST_MAX) {
		set_reason(why, why_size,
			   "'%s' matches %zu options: type more of it, or "
			   "its number",
			   quoted, m->count);
		return;
	}
	list[0] = '\0';
	for (size_t i = 0; i < m->count && len < sizeof(list); i++) {
		/* TRANSLATORS: between two options a refusal names. */
		const char *sep = tr(", ");

		if (i == 0)
			sep = "";
		else if (i + 1 == m->count)
			/* TRANSLATORS: before the last option a refusal
			 * names ("did you mean 7. Front of the knee or 8.
			 * Outside of the knee?"). */
			sep = tr(" or ");

		list_item(list + len, sizeof(list) - len, sep,
			  (unsigned)m->which[i] + 1,
			  q->options[m->which[i]].text);
		len += strlen(list + len);
	}
	if (m->is_near)
		set_reason(why, why_size,
			   "'%s' is not one of the options: did you mean %s?",
			   quoted, list);
	else if (m->count == 1)
		set_reason(why, why_size,
			   "'%s' alone does not pick %s: type its number if "
			   "you mean it",
			   quoted, list);
	else
		set_reason(why, why_size,
			   "'%s' matches more than one option: did you mean "
			   "%s?",
			   quoted, list);
}

static bool parse_choice(const struct tree_question *q, struct span sp,
			 struct engine_answer *out, char *why, size_t why_size)
{
	char quoted[QUOTE_MAX * 4 + 8];
	long long number;
	bool is_huge;
	struct matches m;

	if (parse_whole(sp, &number, &is_huge)) {
		if (is_huge || number < 1 || (size_t)number > q->option_count) {
			set_reason(why, why_size,
				   "choose a number from 1 to %zu",
				   q->option_count);
			return false;
		}
		out->choice = (size_t)number - 1;
		return true;
	}
	choice_matches(q, sp, &m);
	if (m.is_sure) {
		out->choice = m.which[0];
		return true;
	}
	quote_input(sp, quoted, sizeof(quoted));
	if (m.count > 0)
		refuse_list(q, quoted, &m, why, why_size);
	else
		set_reason(why, why_size,
			   "'%s' is not one of the options: type its number "
			   "or its text",
			   quoted);
	return false;
}

/* "not sure", with any run of blanks between the words. */
static bool is_not_sure(struct span sp)
{
	size_t i = 3;

	if (sp.len < 8 || !text_prefix_fold_n(sp.s, sp.len, "not", 3))
		return false;
	if (!is_space(sp.s[i]))
		return false;
	while (i < sp.len && is_space(sp.s[i]))
		i++;
	return span_is((struct span){sp.s + i, sp.len - i}, "sure");
}

static bool parse_yesno(const struct tree_question *q, struct span sp,
			struct engine_answer *out, char *why, size_t why_size)
{
	if (span_is(sp, "y") || span_is(sp, "yes")) {
		out->yesno = ENGINE_YES;
		return true;
	}
	if (span_is(sp, "n") || span_is(sp, "no")) {
		out->yesno = ENGINE_NO;
		return true;
	}
	if (q->has_unsure && (span_is(sp, "?") || is_not_sure(sp))) {
		out->yesno = ENGINE_UNSURE;
		return true;
	}
	if (q->has_unsure)
		set_reason(why, why_size,
			   "this question takes yes, no or not sure");
	else
		set_reason(why, why_size, "this question takes yes or no");
	return false;
}

static bool is_multi_separator(char c)
{
	return c == ',' || is_space(c);
}

/* The answers that mean none at a multi, besides the token none: none
 * alone is always none; the others only where no option's text begins
 * with them. */
static const char *const none_phrases[] = {"none", "no", "nothing",
					   "none of these"};

/* True when the words of a begin with the words of phrase, in order
 * (all of them when is_whole), ignoring case and what lies between. */
static bool words_begin(struct span a, struct span phrase, bool is_whole)
{
	struct span wa, wp;
	size_t pa = 0, pp = 0;

	while (next_word(phrase, &pp, &wp)) {
		if (!next_word(a, &pa, &wa) || !word_equal(wa, wp))
			return false;
	}
	return !is_whole || !next_word(a, &pa, &wa);
}

/*
 * Whether the answer to multi q is one of none_phrases (its words, ignoring
 * case, blanks and punctuation): true, with *option set to the first
 * option whose text begins with the same words (none but for "none"),
 * else to q->option_count.
 */
static bool is_none_phrase(const struct tree_question *q, struct span sp,
			   size_t *option)
{
	*option = q->option_count;
	for (size_t k = 0; k < sizeof(none_phrases) / sizeof(*none_phrases);
	     k++) {
		struct span phrase = span_of(none_phrases[k]);

		/* No phrase is longer than this: a long line is not read. */
		if (sp.len > 2 * phrase.len + 8 ||
		    !words_begin(sp, phrase, true))
			continue;
		for (size_t i = 0; k > 0 && i < q->option_count; i++) {
			if (words_begin(span_of(q->options[i].text), phrase,
					false)) {
				*option = i;
				break;
			}
		}
		return true;
	}
	return false;
}

static bool parse_multi(const struct tree_question *q, struct span sp,
			struct engine_answer *out, char *why, size_t why_size)
{
	char quoted[QUOTE_MAX * 4 + 8];
	uint64_t picks = 0;
	bool has_none = false, has_number = false;
	size_t i = 0, option;

	if (is_none_phrase(q, sp, &option)) {
		if (option == q->option_count) {
			out->picks = 0;
			return true;
		}
		quote_input(sp, quoted, sizeof(quoted));
		set_reason(why, why_size,
			   "'%s' could be none or %zu. %s: type none, or its "
			   "number",
			   quoted, option + 1, q->options[option].text);
		return false;
	}
	while (i < sp.len) {
		struct span word;
		long long number;
		bool is_huge;

		while (i < sp.len && is_multi_separator(sp.s[i]))
			i++;
		if (i == sp.len)
			break;
		word.s = sp.s + i;
		while (i < sp.len && !is_multi_separator(sp.s[i]))
			i++;
		word.len = (size_t)(sp.s + i - word.s);

		if (span_is(word, "none")) {
			has_none = true;
		} else if (parse_whole(word, &number, &is_huge)) {
			if (is_huge || number < 1 ||
			    (size_t)number > q->option_count) {
				set_reason(why, why_size,
					   "choose numbers from 1 to %zu, "
					   "or none",
					   q->option_count);
				return false;
			}
			picks |= UINT64_C(1) << (number - 1);
			has_number = true;
		} else {
			quote_input(word, quoted, sizeof(quoted));
			set_reason(why, why_size,
				   "'%s' is not an option number: type "
				   "numbers such as 1,3 or none",
				   quoted);
			return false;
		}
	}
	if (has_none && has_number) {
		set_reason(why, why_size, "none cannot go with option numbers");
		return false;
	}
	if (!has_none && !has_number) {
		set_reason(why, why_size,
			   "type option numbers separated by commas, or none");
		return false;
	}
	out->picks = picks;
	return true;
}

static bool parse_scale(const struct tree_question *q, struct span sp,
			struct engine_answer *out, char *why, size_t why_size)
{
	long long number;
	bool is_huge;

	if (!parse_whole(sp, &number, &is_huge) || is_huge || number < q->min ||
	    number > q->max) {
		set_reason(why, why_size,
			   "choose a whole number from %lld to %lld", q->min,
			   q->max);
		return false;
	}
	out->value = number;
	return true;
}

static bool parse_span(const struct tree_question *q, struct span sp,
		       struct engine_answer *out, char *why, size_t why_size)
{
	struct engine_answer answer;
	bool is_ok = false;

	memset(&answer, 0, sizeof(answer));
	answer.type = q->type;
	if (sp.len == 0) {
		set_reason(why, why_size, "type an answer, or help for help");
		return false;
	}
	switch (q->type) {
	case TREE_CHOICE:
		is_ok = parse_choice(q, sp, &answer, why, why_size);
		break;
	case TREE_YESNO:
		is_ok = parse_yesno(q, sp, &answer, why, why_size);
		break;
	case TREE_MULTI:
		is_ok = parse_multi(q, sp, &answer, why, why_size);
		break;
	case TREE_SCALE:
		is_ok = parse_scale(q, sp, &answer, why, why_size);
		break;
	}
	if (is_ok)
		*out = answer;
	return is_ok;
}

bool engine_parse_answer(const struct tree_question *q, const char *line,
			 struct engine_answer *out, char *why, size_t why_size)
{
	return parse_span(q, trim(line), out, why, why_size);
}

struct tree_ref engine_next(const struct tree_question *q,
			    const struct engine_answer *answer)
{
	switch (q->type) {
	case TREE_CHOICE:
		assert(answer->choice < q->option_count);
		return q->options[answer->choice].next;
	case TREE_YESNO:
		if (answer->yesno == ENGINE_YES)
			return q->yes;
		if (answer->yesno == ENGINE_UNSURE && q->has_unsure)
			return q->unsure;
		return q->no;
	case TREE_MULTI:
		for (size_t i = 0; i < q->option_count; i++) {
			if ((answer->picks >> i & 1) && q->options[i].has_next)
				return q->options[i].next;
		}
		return q->otherwise;
	case TREE_SCALE:
		break;
	}
	assert(q->band_count > 0);
	for (size_t i = 0; i < q->band_count; i++) {
		if (answer->value >= q->bands[i].from &&
		    answer->value <= q->bands[i].to)
			return q->bands[i].next;
	}
	/* The loader makes the bands cover min..max; clamp what is outside. */
	if (answer->value < q->bands[0].from)
		return q->bands[0].next;
	return q->bands[q->band_count - 1].next;
}

unsigned engine_answer_index(const struct tree_question *q,
			     const struct engine_answer *answer)
{
	switch (q->type) {
	case TREE_CHOICE:
		return (unsigned)answer->choice;
	case TREE_YESNO:
		return (unsigned)answer->yesno;
	case TREE_MULTI:
		return TREE_NO_ANSWER;
	case TREE_SCALE:
		break;
	}
	for (size_t i = 0; i < q->band_count; i++) {
		if (answer->value <= q->bands[i].to)
			return (unsigned)i;
	}
	return q->band_count > 0 ? (unsigned)q->band_count - 1 : TREE_NO_ANSWER;
}

/* An snprintf-like writer: counts what it needs, stores what fits. */
struct out_buf {
	char *buf;
	size_t size;
	size_t len;
};

static void out_add(struct out_buf *o, const char *s, size_t n)
{
	if (o->len < o->size) {
		size_t room = o->size - 1 - o->len;

		memcpy(o->buf + o->len, s, n < room ? n : room);
	}
	o->len += n;
}

static void out_number(struct out_buf *o, long long v)
{
	char digits[32];
	int n = snprintf(digits, sizeof(digits), "%lld", v);

	out_add(o, digits, (size_t)n);
}

/* True when typing text alone at q selects option i. */
static bool text_selects(const struct tree_question *q, size_t i)
{
	const char *text = q->options[i].text;
	struct span sp = {text, strlen(text)};
	struct engine_answer answer;
	long long number;
	bool is_huge;

	if (sp.len == 0 || is_space(text[0]) || is_space(text[sp.len - 1]))
		return false;
	/* Tab and newline would split a line of runcheck paths. */
	if (strchr(text, '\t') || strchr(text, '\n'))
		return false;
	if (command_of(sp) != CMD_NONE || parse_whole(sp, &number, &is_huge))
		return false;
	return parse_choice(q, sp, &answer, NULL, 0) && answer.choice == i;
}

size_t engine_format_answer(const struct tree_question *q,
			    const struct engine_answer *answer, char *buf,
			    size_t size)
{
	struct out_buf o = {buf, size, 0};
	bool is_first = true;

	switch (q->type) {
	case TREE_CHOICE:
		if (text_selects(q, answer->choice)) {
			const char *text = q->options[answer->choice].text;

			out_add(&o, text, strlen(text));
		} else {
			out_number(&o, (long long)answer->choice + 1);
		}
		break;
	case TREE_YESNO:
		if (answer->yesno == ENGINE_YES)
			out_add(&o, "yes", 3);
		else if (answer->yesno == ENGINE_NO)
			out_add(&o, "no", 2);
		else
			out_add(&o, "not sure", 8);
		break;
	case TREE_MULTI:
		for (size_t i = 0; i < q->option_count; i++) {
			if (!(answer->picks >> i & 1))
				continue;
			if (!is_first)
				out_add(&o, ",", 1);
			out_number(&o, (long long)i + 1);
			is_first = false;
		}
		if (is_first)
			out_add(&o, "none", 4);
		break;
	case TREE_SCALE:
		out_number(&o, answer->value);
		break;
	}
	if (size > 0)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return o.len;
}

static struct tree_ref start_ref(const struct tree *tree)
{
	return (struct tree_ref){TREE_NODE_QUESTION, tree_start(tree), NULL};
}

struct engine *engine_new(const struct tree *tree)
{
	struct engine *engine = mem_calloc(1, sizeof(*engine));

	if (!engine)
		return NULL;
	engine->tree = tree;
	engine->step_capacity = 8;
	engine->steps =
		mem_alloc(engine->step_capacity * sizeof(*engine->steps));
	if (!engine->steps)
		goto fail;
	if (tree_has_routes(tree)) {
		size_t n = tree_question_count(tree);

		engine->answer_of = mem_alloc(n ? n : 1);
		if (!engine->answer_of)
			goto fail;
		memset(engine->answer_of, TREE_NO_ANSWER, n ? n : 1);
	}
	engine->at = start_ref(tree);
	return engine;
fail:
	engine_free(engine);
	return NULL;
}

void engine_free(struct engine *engine)
{
	if (!engine)
		return;
	free(engine->steps);
	free(engine->answer_of);
	free(engine);
}

const struct tree *engine_tree(const struct engine *engine)
{
	return engine->tree;
}

bool engine_is_done(const struct engine *engine)
{
	return engine->at.kind == TREE_NODE_OUTCOME;
}

uint32_t engine_question(const struct engine *engine)
{
	assert(!engine_is_done(engine));
	return engine->at.index;
}

uint32_t engine_outcome(const struct engine *engine)
{
	assert(engine_is_done(engine));
	return engine->at.index;
}

size_t engine_step_count(const struct engine *engine)
{
	return engine->step_count;
}

const struct engine_step *engine_step(const struct engine *engine, size_t i)
{
	assert(i < engine->step_count);
	return &engine->steps[i];
}

const char *engine_reason(const struct engine *engine)
{
	return engine->reason;
}

/* Makes room for one more step; false, with nothing changed, on OOM. */
static bool reserve_step(struct engine *engine)
{
	return mem_grow(&engine->steps, &engine->step_capacity,
			engine->step_count + 1, sizeof(*engine->steps)) == 0;
}

static enum engine_event walk_back(struct engine *engine)
{
	if (engine->step_count == 0) {
		set_reason(engine->reason, sizeof(engine->reason),
			   "there is no earlier question");
		return ENGINE_REFUSED;
	}
	engine->step_count--;
	engine->at =
		(struct tree_ref){TREE_NODE_QUESTION,
				  engine->steps[engine->step_count].question,
				  NULL};
	if (engine->answer_of)
		engine->answer_of[engine->at.index] = TREE_NO_ANSWER;
	return ENGINE_BACK;
}

static enum engine_event walk_answer(struct engine *engine, struct span sp)
{
	const struct tree_question *q =
		tree_question(engine->tree, engine->at.index);
	struct engine_answer answer;

	if (!parse_span(q, sp, &answer, engine->reason, sizeof(engine->reason)))
		return ENGINE_REFUSED;
	if (!reserve_step(engine))
		return ENGINE_NOMEM;
	engine->steps[engine->step_count++] = (struct engine_step){
		.question = engine->at.index,
		.answer = answer,
	};
	if (engine->answer_of)
		engine->answer_of[engine->at.index] =
			(uint8_t)engine_answer_index(q, &answer);
	engine->at = engine_next(q, &answer);
	if (engine->at.route)
		engine->at =
			tree_route_take(engine->at.route, engine->answer_of);
	return ENGINE_ANSWERED;
}

enum engine_event engine_input(struct engine *engine, const char *line)
{
	struct span sp = trim(line);

	engine->reason[0] = '\0';
	switch (command_of(sp)) {
	case CMD_BACK:
		return walk_back(engine);
	case CMD_RESTART:
		/* The walk as it now is, empty: nothing else is remembered. */
		for (size_t i = 0; engine->answer_of && i < engine->step_count;
		     i++)
			engine->answer_of[engine->steps[i].question] =
				TREE_NO_ANSWER;
		engine->step_count = 0;
		engine->at = start_ref(engine->tree);
		return ENGINE_RESTART;
	case CMD_WHY:
		if (engine_is_done(engine)) {
			set_reason(engine->reason, sizeof(engine->reason),
				   "the check is finished: there is no "
				   "question to explain");
			return ENGINE_REFUSED;
		}
		return ENGINE_WHY;
	case CMD_HELP:
		return ENGINE_HELP;
	case CMD_QUIT:
		return ENGINE_QUIT;
	case CMD_NONE:
		break;
	}
	if (engine_is_done(engine)) {
		set_reason(engine->reason, sizeof(engine->reason),
			   "the check is finished: type back, restart or "
			   "quit");
		return ENGINE_REFUSED;
	}
	return walk_answer(engine, sp);
}
