/*
 * test_engine.c - the walk and the answer words of runcheck(1).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "engine.h"
#include "helpers.h"
#include "mem.h"
#include "tree.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/*
 * One of each question type. The options of area and odd are chosen to
 * collide: with each other by prefix, with command words, with numbers.
 */
static const char tree_yaml[] = HELPER_TREE_HEAD(
	"engine-test", "Engine test",
	"1") "  area:\n"
	     "    ask: Where is the pain worst?\n"
	     "    why: Different places point to different problems.\n"
	     "    options:\n"
	     "      - text: Heel or arch of the foot\n"
	     "        next: morning\n"
	     "      - text: Heel cord\n"
	     "        next: flags\n"
	     "      - text: Back of the ankle\n"
	     "        next: pain\n"
	     "      - text: \"42\"\n"
	     "        next: end_a\n"
	     "      - text: Backside\n"
	     "        next: end_b\n"
	     "      - text: Shin\n"
	     "        next: odd\n"
	     "  morning:\n"
	     "    type: yesno\n"
	     "    ask: Is it worst with your first steps in the morning?\n"
	     "    yes: end_a\n"
	     "    no: end_b\n"
	     "    unsure: end_c\n"
	     "  flags:\n"
	     "    type: multi\n"
	     "    ask: Do any of these apply?\n"
	     "    options:\n"
	     "      - text: Calf swollen\n"
	     "      - text: Fever\n"
	     "        next: end_b\n"
	     "      - text: Numbness\n"
	     "        next: end_a\n"
	     "    otherwise: sudden\n"
	     "  sudden:\n"
	     "    type: yesno\n"
	     "    ask: Did it start suddenly?\n"
	     "    yes: end_a\n"
	     "    no: end_c\n"
	     "  pain:\n"
	     "    type: scale\n"
	     "    ask: How bad is the pain?\n"
	     "    min: -2\n"
	     "    max: 10\n"
	     "    bands:\n"
	     "      - {from: -2, to: 3, next: end_c}\n"
	     "      - {from: 4, to: 6, next: end_b}\n"
	     "      - {from: 7, to: 10, next: end_a}\n"
	     "  odd:\n"
	     "    ask: Which one?\n"
	     "    options:\n"
	     "      - text: Heel pain\n"
	     "        next: end_a\n"
	     "      - text: Heel\n"
	     "        next: end_b\n"
	     "      - text: Help\n"
	     "        next: end_c\n"
	     "      - text: \"-7\"\n"
	     "        next: end_a\n"
	     "      - text: \"Tab\\there\"\n"
	     "        next: end_b\n"
	     "      - text: Not sure\n"
	     "        next: end_c\n"
	     "      - text: None\n"
	     "        next: end_a\n"
	     "outcomes:\n"
	     "  end_a:\n"
	     "    condition: Condition A\n"
	     "    triage: consult\n"
	     "    summary: Outcome A.\n"
	     "  end_b:\n"
	     "    condition: Condition B\n"
	     "    triage: gp\n"
	     "    summary: Outcome B.\n"
	     "  end_c:\n"
	     "    condition: Condition C\n"
	     "    triage: self_care\n"
	     "    summary: Outcome C.\n";

static int setup(void **state)
{
	*state = helper_walk_new(tree_yaml);
	return 0;
}

/* Feeds lines that must all be taken as answers. */
static void answer_all(struct engine *e, const char *const *lines, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		enum engine_event ev = engine_input(e, lines[i]);

		if (ev != ENGINE_ANSWERED)
			fail_msg("'%s' was not taken (event %d: %s)", lines[i],
				 (int)ev, engine_reason(e));
	}
}

#define ANSWER(e, ...)                                                         \
	do {                                                                   \
		const char *const lines_[] = {__VA_ARGS__};                    \
		answer_all((e), lines_, COUNT(lines_));                        \
	} while (0)

/*
 * A refusal changes nothing: same question, same steps. Returns the reason
 * for the caller to check.
 */
static const char *refused(struct engine *e, const char *line)
{
	const char *before = helper_where(e);
	size_t steps = engine_step_count(e);
	enum engine_event ev = engine_input(e, line);

	if (ev != ENGINE_REFUSED)
		fail_msg("'%s' was not refused (event %d)", line, (int)ev);
	assert_string_equal(helper_where(e), before);
	assert_int_equal(engine_step_count(e), steps);
	assert_true(strlen(engine_reason(e)) > 0);
	return engine_reason(e);
}

/* Each of the n lines must be refused (refused) with reason. */
static void refuse_all(struct engine *e, const char *const *lines, size_t n,
		       const char *reason)
{
	for (size_t i = 0; i < n; i++)
		assert_string_equal(refused(e, lines[i]), reason);
}

static void engine_new__fresh_walk__at_start_with_no_steps(void **state)
{
	struct helper_walk *f = *state;

	assert_false(engine_is_done(f->engine));
	assert_string_equal(helper_where(f->engine), "area");
	assert_int_equal(engine_step_count(f->engine), 0);
	assert_ptr_equal(engine_tree(f->engine), f->tree);
}

static void engine_free__null__does_nothing(void **state)
{
	(void)state;
	engine_free(NULL);
}

struct walk_case {
	const char *line;  /* typed at the start question */
	const char *where; /* where it leads */
};

/* Each case's line, typed after a restart and the answer first (none
 * when NULL), must be taken and lead where the case says. */
static void run_walk_cases_after(void **state, const char *first,
				 const struct walk_case *cases, size_t n)
{
	struct helper_walk *f = *state;

	for (size_t i = 0; i < n; i++) {
		assert_int_equal(engine_input(f->engine, "restart"),
				 ENGINE_RESTART);
		if (first)
			ANSWER(f->engine, first);
		if (engine_input(f->engine, cases[i].line) != ENGINE_ANSWERED)
			fail_msg("'%s' refused: %s", cases[i].line,
				 engine_reason(f->engine));
		if (strcmp(helper_where(f->engine), cases[i].where) != 0)
			fail_msg("'%s' led to %s, expected %s", cases[i].line,
				 helper_where(f->engine), cases[i].where);
	}
}

static void run_walk_cases(void **state, const struct walk_case *cases,
			   size_t n)
{
	run_walk_cases_after(state, NULL, cases, n);
}

static void engine_input__choice_number__selects_that_option(void **state)
{
	static const struct walk_case cases[] = {
		{"1", "morning"}, {"2", "flags"},	{" 3 ", "pain"},
		{"4", "end_a"},	  {"\t5\r\n", "end_b"}, {"6", "odd"},
		{"+2", "flags"},  {"03", "pain"},
	};
	run_walk_cases(state, cases, COUNT(cases));
}

static void engine_input__choice_text__exact_match_ignoring_case(void **state)
{
	static const struct walk_case cases[] = {
		{"Heel or arch of the foot", "morning"},
		{"HEEL CORD", "flags"},
		{"  back of the ankle  ", "pain"},
		{"backside", "end_b"},
		{"sHIN", "odd"},
	};
	run_walk_cases(state, cases, COUNT(cases));
}

static void engine_input__choice_prefix__selects_unique_option(void **state)
{
	static const struct walk_case cases[] = {
		{"heel o", "morning"}, {"Heel c", "flags"}, {"back o", "pain"},
		{"BACKS", "end_b"},    {"s", "odd"},	    {"42", "end_a"},
	};
	struct helper_walk *f = *state;

	/* "42" is out of range as a number, so only a number: refused. */
	run_walk_cases(state, cases, COUNT(cases) - 1);
	assert_int_equal(engine_input(f->engine, "restart"), ENGINE_RESTART);
	refused(f->engine, cases[COUNT(cases) - 1].line);
	/* A prefix is of the option's text, not the other way round. */
	refused(f->engine, "heel cords");
}

static void engine_input__choice_exact_text__wins_over_prefix(void **state)
{
	struct helper_walk *f = *state;

	ANSWER(f->engine, "shin", "heel");
	assert_string_equal(helper_where(f->engine), "end_b");
	assert_int_equal(engine_step(f->engine, 1)->answer.choice, 1);
}

static void engine_input__choice_ambiguous_prefix__refused(void **state)
{
	struct helper_walk *f = *state;
	const char *reason = refused(f->engine, "heel");

	assert_non_null(strstr(reason, "'heel'"));
	assert_non_null(strstr(reason, "more than one option"));
	reason = refused(f->engine, "BA");
	assert_non_null(strstr(reason, "more than one option"));
}

static void engine_input__choice_number_out_of_range__refused(void **state)
{
	static const char *const lines[] = {
		"0", "7", "42", "-1", "-0", "99999999999999999999999999",
	};
	struct helper_walk *f = *state;

	refuse_all(f->engine, lines, COUNT(lines),
		   "choose a number from 1 to 6");
}

static void engine_input__choice_no_match__refused_quoting_input(void **state)
{
	struct helper_walk *f = *state;
	const char *reason = refused(f->engine, "  Knee  ");

	assert_non_null(strstr(reason, "'Knee'"));
	assert_non_null(strstr(reason, "not one of the options"));
	/* A number with more after it is text, and not an option's. */
	refused(f->engine, "1 2");
	refused(f->engine, "1.");
}

static void engine_input__empty_line__refused(void **state)
{
	static const char *const lines[] = {"", " ", "\t \r\n"};
	struct helper_walk *f = *state;

	for (size_t i = 0; i < COUNT(lines); i++) {
		const char *reason = refused(f->engine, lines[i]);

		assert_non_null(strstr(reason, "type an answer"));
	}
	ANSWER(f->engine, "1");
	refused(f->engine, "");
}

struct event_case {
	const char *line;
	enum engine_event event;
};

static void engine_input__command_word_alone__is_the_command(void **state)
{
	static const struct event_case cases[] = {
		{"why", ENGINE_WHY},   {" WHY ", ENGINE_WHY},
		{"help", ENGINE_HELP}, {"Help", ENGINE_HELP},
		{"quit", ENGINE_QUIT}, {"\tQUIT\n", ENGINE_QUIT},
	};
	struct helper_walk *f = *state;

	for (size_t i = 0; i < COUNT(cases); i++) {
		assert_int_equal(engine_input(f->engine, cases[i].line),
				 cases[i].event);
		assert_string_equal(helper_where(f->engine), "area");
		assert_int_equal(engine_step_count(f->engine), 0);
	}
	/* "back" is a prefix of two options here, but alone it is back. */
	assert_string_equal(refused(f->engine, "Back"),
			    "there is no earlier question");
	/* At odd, "help" is an option's whole text: still the command. */
	ANSWER(f->engine, "shin");
	assert_int_equal(engine_input(f->engine, "help"), ENGINE_HELP);
	assert_string_equal(helper_where(f->engine), "odd");
	ANSWER(f->engine, "3");
	assert_string_equal(helper_where(f->engine), "end_c");
}

static void engine_is_command__table__only_command_words(void **state)
{
	static const struct {
		const char *line;
		bool is_command;
	} cases[] = {
		{"back", true},	    {"BACK", true},	 {" restart\n", true},
		{"why", true},	    {"help", true},	 {"quit", true},
		{"", false},	    {"backs", false},	 {"bac", false},
		{"go back", false}, {"quit now", false}, {"restarted", false},
	};
	(void)state;
	for (size_t i = 0; i < COUNT(cases); i++)
		if (engine_is_command(cases[i].line) != cases[i].is_command)
			fail_msg("'%s'", cases[i].line);
}

static void engine_input__yesno_words__each_answer(void **state)
{
	static const struct walk_case cases[] = {
		{"y", "end_a"},	       {"Y", "end_a"},
		{"yes", "end_a"},      {" YES ", "end_a"},
		{"n", "end_b"},	       {"N", "end_b"},
		{"no", "end_b"},       {"No", "end_b"},
		{"?", "end_c"},	       {"not sure", "end_c"},
		{"NOT SURE", "end_c"}, {"not  sure", "end_c"},
	};
	run_walk_cases_after(state, "1", cases, COUNT(cases));
}

static void engine_input__yesno_other_words__refused(void **state)
{
	static const char *const lines[] = {
		"maybe", "unsure",	    "yess", "ye", "nope", "1", "not",
		"sure",	 "not sure really",
	};
	struct helper_walk *f = *state;

	ANSWER(f->engine, "1");
	refuse_all(f->engine, lines, COUNT(lines),
		   "this question takes yes, no or not sure");
}

static void engine_input__yesno_not_sure_not_offered__refused(void **state)
{
	static const char *const lines[] = {"?", "not sure", "Not Sure",
					    "maybe"};
	struct helper_walk *f = *state;

	ANSWER(f->engine, "2", "none");
	assert_string_equal(helper_where(f->engine), "sudden");
	refuse_all(f->engine, lines, COUNT(lines),
		   "this question takes yes or no");
	ANSWER(f->engine, "no");
	assert_string_equal(helper_where(f->engine), "end_c");
}

struct multi_case {
	const char *line;
	uint64_t picks;
	const char *where;
};

static void engine_input__multi_answers__picks_and_first_next_wins(void **state)
{
	static const struct multi_case cases[] = {
		{"none", 0, "sudden"},	   {" NONE ", 0, "sudden"},
		{"1", 1, "sudden"}, /* picked, but no next */
		{"2", 2, "end_b"},	   {"3", 4, "end_a"},
		{"2,3", 6, "end_b"},	   {"3,2", 6, "end_b"},
		{"3 2", 6, "end_b"},	   {"1, 3", 5, "end_a"},
		{"3,,1 ,\t2", 7, "end_b"}, {"2,2,2", 2, "end_b"},
		{",1,", 1, "sudden"},	   {"+3", 4, "end_a"},
	};
	struct helper_walk *f = *state;

	for (size_t i = 0; i < COUNT(cases); i++) {
		const struct engine_step *step;

		assert_int_equal(engine_input(f->engine, "restart"),
				 ENGINE_RESTART);
		ANSWER(f->engine, "2", cases[i].line);
		step = engine_step(f->engine, 1);
		assert_int_equal(step->answer.type, TREE_MULTI);
		if (step->answer.picks != cases[i].picks ||
		    strcmp(helper_where(f->engine), cases[i].where) != 0)
			fail_msg("'%s': picks %llx at %s", cases[i].line,
				 (unsigned long long)step->answer.picks,
				 helper_where(f->engine));
	}
}

static void engine_input__multi_bad_answers__refused(void **state)
{
	static const struct {
		const char *line;
		const char *reason_part;
	} cases[] = {
		{"none,1", "none cannot go with option numbers"},
		{"2 none", "none cannot go with option numbers"},
		{"4", "choose numbers from 1 to 3, or none"},
		{"0", "choose numbers from 1 to 3, or none"},
		{"1,-1", "choose numbers from 1 to 3, or none"},
		{"1,99999999999999999999999", "from 1 to 3"},
		{"fever", "'fever' is not an option number"},
		{"1;2", "'1;2' is not an option number"},
		{"1,two", "'two' is not an option number"},
		{",", "type option numbers"},
		{" , ,", "type option numbers"},
		{"", "type an answer"},
	};
	struct helper_walk *f = *state;

	ANSWER(f->engine, "2");
	for (size_t i = 0; i < COUNT(cases); i++) {
		const char *reason = refused(f->engine, cases[i].line);

		if (!strstr(reason, cases[i].reason_part))
			fail_msg("'%s': reason '%s'", cases[i].line, reason);
	}
}

static void engine_input__scale_band_edges__each_band(void **state)
{
	static const struct walk_case cases[] = {
		{"-2", "end_c"}, {"0", "end_c"},   {"3", "end_c"},
		{"4", "end_b"},	 {"+6", "end_b"},  {"7", "end_a"},
		{"10", "end_a"}, {"010", "end_a"}, {" -0 ", "end_c"},
	};
	struct helper_walk *f = *state;

	run_walk_cases_after(state, "3", cases, COUNT(cases));
	assert_int_equal(engine_step(f->engine, 1)->answer.value, 0);
}

static void engine_input__scale_not_in_range__refused(void **state)
{
	static const char *const lines[] = {
		"-3",
		"11",
		"5.5",
		"five",
		"5 6",
		"--5",
		"+",
		"-",
		"9223372036854775808",
		"-99999999999999999999999999",
	};
	struct helper_walk *f = *state;

	ANSWER(f->engine, "3");
	refuse_all(f->engine, lines, COUNT(lines),
		   "choose a whole number from -2 to 10");
}

static void engine_input__back__undoes_last_answer(void **state)
{
	struct helper_walk *f = *state;

	ANSWER(f->engine, "2", "1");
	assert_string_equal(helper_where(f->engine), "sudden");
	assert_int_equal(engine_step_count(f->engine), 2);

	assert_int_equal(engine_input(f->engine, "back"), ENGINE_BACK);
	assert_string_equal(helper_where(f->engine), "flags");
	assert_int_equal(engine_step_count(f->engine), 1);
	assert_int_equal(engine_step(f->engine, 0)->answer.choice, 1);

	/* A new answer replaces the undone one. */
	ANSWER(f->engine, "none");
	assert_int_equal(engine_step_count(f->engine), 2);
	assert_int_equal(engine_step(f->engine, 1)->answer.picks, 0);

	assert_int_equal(engine_input(f->engine, " BACK "), ENGINE_BACK);
	assert_int_equal(engine_input(f->engine, "back"), ENGINE_BACK);
	assert_string_equal(helper_where(f->engine), "area");
	assert_int_equal(engine_step_count(f->engine), 0);
	assert_string_equal(refused(f->engine, "back"),
			    "there is no earlier question");
}

static void engine_input__path__records_questions_and_answers(void **state)
{
	struct helper_walk *f = *state;
	const struct tree *tree = f->tree;
	const struct engine_step *step;

	ANSWER(f->engine, "heel c", "3 1");
	assert_string_equal(helper_where(f->engine), "end_a");
	assert_int_equal(engine_step_count(f->engine), 2);
	/* "3 1": Numbness has a next, so sudden was never asked. */
	step = engine_step(f->engine, 0);
	assert_string_equal(tree_question(tree, step->question)->id, "area");
	assert_int_equal(step->answer.type, TREE_CHOICE);
	assert_int_equal(step->answer.choice, 1);
	step = engine_step(f->engine, 1);
	assert_string_equal(tree_question(tree, step->question)->id, "flags");
	assert_int_equal(step->answer.picks, 5);
}

static void engine_input__restart__clears_walk_and_back_is_refused(void **state)
{
	struct helper_walk *f = *state;

	ANSWER(f->engine, "1");
	assert_int_equal(engine_input(f->engine, "Restart"), ENGINE_RESTART);
	assert_string_equal(helper_where(f->engine), "area");
	assert_int_equal(engine_step_count(f->engine), 0);
	refused(f->engine, "back");
	/* Restart at the start is harmless. */
	assert_int_equal(engine_input(f->engine, "restart"), ENGINE_RESTART);
	assert_string_equal(helper_where(f->engine), "area");
}

static void engine_input__done__only_commands_act(void **state)
{
	struct helper_walk *f = *state;

	ANSWER(f->engine, "1", "no");
	assert_true(engine_is_done(f->engine));
	assert_string_equal(helper_where(f->engine), "end_b");
	assert_int_equal(engine_step_count(f->engine), 2);

	assert_non_null(strstr(refused(f->engine, "yes"), "finished"));
	assert_non_null(strstr(refused(f->engine, "1"), "finished"));
	assert_non_null(strstr(refused(f->engine, ""), "finished"));
	/* There is no question left to explain. */
	refused(f->engine, "why");
	assert_int_equal(engine_input(f->engine, "help"), ENGINE_HELP);
	assert_int_equal(engine_input(f->engine, "quit"), ENGINE_QUIT);
	assert_true(engine_is_done(f->engine));

	assert_int_equal(engine_input(f->engine, "back"), ENGINE_BACK);
	assert_false(engine_is_done(f->engine));
	assert_string_equal(helper_where(f->engine), "morning");
	assert_int_equal(engine_step_count(f->engine), 1);
	ANSWER(f->engine, "?");
	assert_string_equal(helper_where(f->engine), "end_c");

	assert_int_equal(engine_input(f->engine, "restart"), ENGINE_RESTART);
	assert_false(engine_is_done(f->engine));
	assert_string_equal(helper_where(f->engine), "area");
}

static void engine_reason__after_success__empty(void **state)
{
	struct helper_walk *f = *state;

	refused(f->engine, "knee");
	ANSWER(f->engine, "1");
	assert_string_equal(engine_reason(f->engine), "");
}

/* A translation of two of the engine's texts, as the app's catalog lookup
 * gives them; every other text is its own English. */
static const char *test_translate(const char *msgid)
{
	if (strcmp(msgid, "choose a number from 1 to %zu") == 0)
		return "[xx] 1 .. %zu";
	if (strcmp(msgid, " or ") == 0)
		return " [or] ";
	return msgid;
}

static void engine_set_translate__reasons__in_the_language(void **state)
{
	struct helper_walk *f = *state;
	const char *reason;

	engine_set_translate(test_translate);
	reason = refused(f->engine, "7");
	assert_string_equal(reason, "[xx] 1 .. 6");
	/* The words between the options a refusal names. */
	reason = refused(f->engine, "heel");
	assert_non_null(strstr(reason, " [or] "));
	/* Back to English. */
	engine_set_translate(NULL);
	assert_string_equal(refused(f->engine, "7"),
			    "choose a number from 1 to 6");
}

/* Every answer to every question: format, then parse back the same. */
static void check_round_trip(const struct tree_question *q,
			     const struct engine_answer *answer)
{
	char words[256], why[128];
	struct engine_answer back;
	size_t n = engine_format_answer(q, answer, words, sizeof(words));

	assert_true(n < sizeof(words));
	assert_int_equal(strlen(words), n);
	if (!engine_parse_answer(q, words, &back, why, sizeof(why)))
		fail_msg("%s: '%s' refused: %s", q->id, words, why);
	assert_int_equal(back.type, q->type);
	switch (q->type) {
	case TREE_CHOICE:
		assert_int_equal(back.choice, answer->choice);
		break;
	case TREE_YESNO:
		assert_int_equal(back.yesno, answer->yesno);
		break;
	case TREE_MULTI:
		assert_int_equal(back.picks, answer->picks);
		break;
	case TREE_SCALE:
		assert_int_equal(back.value, answer->value);
		break;
	}
	/* As a line of engine_input, the words are an answer, not a command. */
	assert_false(engine_is_command(words));
	assert_null(strchr(words, '\t'));
}

static void
engine_format_answer__every_answer__parses_back_the_same(void **state)
{
	struct helper_walk *f = *state;

	for (size_t i = 0; i < tree_question_count(f->tree); i++) {
		const struct tree_question *q = tree_question(f->tree, i);
		struct engine_answer a = {.type = q->type};

		switch (q->type) {
		case TREE_CHOICE:
			for (a.choice = 0; a.choice < q->option_count;
			     a.choice++)
				check_round_trip(q, &a);
			break;
		case TREE_YESNO:
			check_round_trip(q, &(struct engine_answer){
						    .type = q->type,
						    .yesno = ENGINE_YES});
			check_round_trip(
				q, &(struct engine_answer){.type = q->type,
							   .yesno = ENGINE_NO});
			if (q->has_unsure)
				check_round_trip(
					q, &(struct engine_answer){
						   .type = q->type,
						   .yesno = ENGINE_UNSURE});
			break;
		case TREE_MULTI:
			for (a.picks = 0;
			     a.picks < (UINT64_C(1) << q->option_count);
			     a.picks++)
				check_round_trip(q, &a);
			break;
		case TREE_SCALE:
			for (a.value = q->min; a.value <= q->max; a.value++)
				check_round_trip(q, &a);
			break;
		}
	}
}

static void engine_format_answer__table__words_written(void **state)
{
	static const struct {
		const char *question;
		struct engine_answer answer;
		const char *words;
	} cases[] = {
		{"area",
		 {.type = TREE_CHOICE, .choice = 0},
		 "Heel or arch of the foot"},
		{"area", {.type = TREE_CHOICE, .choice = 3}, "4"}, /* "42" */
		{"odd", {.type = TREE_CHOICE, .choice = 0}, "Heel pain"},
		{"odd", {.type = TREE_CHOICE, .choice = 1}, "Heel"},
		{"odd", {.type = TREE_CHOICE, .choice = 2}, "3"}, /* Help */
		{"odd", {.type = TREE_CHOICE, .choice = 3}, "4"}, /* -7 */
		{"odd", {.type = TREE_CHOICE, .choice = 4}, "5"}, /* tab */
		{"odd", {.type = TREE_CHOICE, .choice = 5}, "Not sure"},
		{"odd", {.type = TREE_CHOICE, .choice = 6}, "None"},
		{"morning", {.type = TREE_YESNO, .yesno = ENGINE_YES}, "yes"},
		{"morning", {.type = TREE_YESNO, .yesno = ENGINE_NO}, "no"},
		{"morning",
		 {.type = TREE_YESNO, .yesno = ENGINE_UNSURE},
		 "not sure"},
		{"flags", {.type = TREE_MULTI, .picks = 0}, "none"},
		{"flags", {.type = TREE_MULTI, .picks = 5}, "1,3"},
		{"flags", {.type = TREE_MULTI, .picks = 7}, "1,2,3"},
		{"pain", {.type = TREE_SCALE, .value = -2}, "-2"},
		{"pain", {.type = TREE_SCALE, .value = 10}, "10"},
	};
	struct helper_walk *f = *state;

	for (size_t i = 0; i < COUNT(cases); i++) {
		const struct tree_question *q =
			helper_question(f->tree, cases[i].question);
		char words[64];

		engine_format_answer(q, &cases[i].answer, words, sizeof(words));
		if (strcmp(words, cases[i].words) != 0)
			fail_msg("case %zu: '%s', expected '%s'", i, words,
				 cases[i].words);
	}
}

static void
engine_format_answer__small_buffer__truncates_like_snprintf(void **state)
{
	struct helper_walk *f = *state;
	const struct tree_question *q = helper_question(f->tree, "area");
	struct engine_answer a = {.type = TREE_CHOICE, .choice = 0};
	char buf[5] = "xxxx";

	assert_int_equal(engine_format_answer(q, &a, buf, sizeof(buf)), 24);
	assert_string_equal(buf, "Heel");
	assert_int_equal(engine_format_answer(q, &a, NULL, 0), 24);
	a.choice = 3;
	assert_int_equal(engine_format_answer(q, &a, buf, 1), 1);
	assert_string_equal(buf, "");
}

/* Options that share words, and options that say no or not. */
static const char words_yaml[] = HELPER_TREE_HEAD(
	"words-test", "Words test",
	"1") "  area:\n"
	     "    ask: Where is the pain worst?\n"
	     "    options:\n"
	     "      - {text: The front of the knee, next: signs}\n"
	     "      - {text: The inner side of the knee, next: end}\n"
	     "      - {text: The heel, next: end}\n"
	     "      - {text: The back of the thigh (hamstring), next: end}\n"
	     "      - {text: It does not hurt, next: end}\n"
	     "      - {text: \"Slowly, or with no injury I remember\", next: end}\n"
	     "      - {text: I don't know, next: end}\n"
	     "      - {text: Ankle or foot, next: end}\n"
	     "      - {text: Not sure, next: end}\n"
	     "      - {text: \"Yes, both legs\", next: end}\n"
	     "  signs:\n"
	     "    type: multi\n"
	     "    ask: Do any of these apply to you right now?\n"
	     "    options:\n"
	     "      - text: No feeling in the foot\n"
	     "      - text: Swelling\n"
	     "    otherwise: end\n"
	     "outcomes:\n"
	     "  end:\n"
	     "    condition: Condition\n"
	     "    triage: consult\n"
	     "    summary: Outcome.\n";

static void engine_input__choice_words__one_option_picks_it(void **state)
{
	static const struct {
		const char *line;
		size_t choice;
	} cases[] = {
		{"hamstring", 3},   {"HAMSTRING", 3},
		{"(hamstring)", 3}, {"front knee", 0},
		{"knee, front", 0}, {"inner knee", 1},
		{"not hurt", 4},    {"no injury", 5},
		{"don't", 6},	    {"I DON\xE2\x80\x99T", 6},
		{"foot", 7},	    {"thigh back", 3},
		{"not s", 8},	    {"not sure", 8},
		{"Not hurt", 4},    {"y", 9},
		{"YES", 9},	    {"both legs", 9},
	};
	struct tree *tree = helper_load_tree(words_yaml);
	const struct tree_question *q = helper_question(tree, "area");

	(void)state;
	for (size_t i = 0; i < COUNT(cases); i++) {
		struct engine_answer a;
		char why[256] = "";
		uint8_t which[TREE_MAX_OPTIONS];
		bool is_sure;

		if (!engine_parse_answer(q, cases[i].line, &a, why,
					 sizeof(why)) ||
		    a.choice != cases[i].choice)
			fail_msg("'%s': %s", cases[i].line, why);
		/* What a terminal's completion lists agrees. */
		assert_int_equal(engine_choice_matches(q, cases[i].line, which,
						       &is_sure),
				 1);
		assert_true(is_sure);
		assert_int_equal(which[0], cases[i].choice);
	}
	tree_free(tree);
}

static void engine_input__choice_words__refused_naming_options(void **state)
{
	static const struct {
		const char *line;
		const char *reason;
		size_t listed;
	} cases[] = {
		{"knee",
		 "'knee' matches more than one option: did you mean 1. The "
		 "front of the knee or 2. The inner side of the knee?",
		 2},
		{"the knee",
		 "'the knee' matches more than one option: did you mean 1. "
		 "The front of the knee or 2. The inner side of the knee?",
		 2},
		{"Knee pain",
		 "'Knee pain' is not one of the options: did you mean 1. The "
		 "front of the knee or 2. The inner side of the knee?",
		 2},
		/* A word picks an option that says no or not about it only
		 * when the answer says so too. */
		{"hurt",
		 "'hurt' alone does not pick 5. It does not hurt: type its "
		 "number if you mean it",
		 1},
		{"injury remember",
		 "'injury remember' alone does not pick 6. Slowly, or with no "
		 "injury I remember: type its number if you mean it",
		 1},
		{"know", "'know' alone does not pick 7. I don't know", 1},
		{"the",
		 "'the' matches more than one option: did you mean 1. The "
		 "front of the knee, 2. The inner side of the knee, 3. The "
		 "heel or 4. The back of the thigh (hamstring)?",
		 4},
		/* Whole words only: no plurals, no parts of a word. */
		{"knees",
		 "'knees' is not one of the options: type its number "
		 "or its text",
		 0},
		{"kne",
		 "'kne' is not one of the options: type its number or "
		 "its text",
		 0},
		{"front heel",
		 "did you mean 1. The front of the knee or 3. "
		 "The heel?",
		 2},
		{"not knee",
		 "did you mean 1. The front of the knee, 2. The "
		 "inner side of the knee, 5. It does not hurt or 9. "
		 "Not sure?",
		 4},
		/* A yes or no picks only an option that begins with it:
		 * not "Not sure" by its start, nor "with no injury". */
		{"no",
		 "'no' is not one of the options: type its number or its text",
		 0},
		{" N ", "'N' is not one of the options", 0},
		/* The start of one text, but a word of another. */
		{"NOT", "did you mean 5. It does not hurt or 9. Not sure?", 2},
		{"or",
		 "'or' matches more than one option: did you mean 6. "
		 "Slowly, or with no injury I remember or 8. Ankle or "
		 "foot?",
		 2},
	};
	struct tree *tree = helper_load_tree(words_yaml);
	struct engine *e = engine_new(tree);

	(void)state;
	assert_non_null(e);
	for (size_t i = 0; i < COUNT(cases); i++) {
		const char *reason = refused(e, cases[i].line);
		uint8_t which[TREE_MAX_OPTIONS];
		bool is_sure;

		if (!strstr(reason, cases[i].reason))
			fail_msg("'%s': reason '%s'", cases[i].line, reason);
		assert_int_equal(
			engine_choice_matches(helper_question(tree, "area"),
					      cases[i].line, which, &is_sure),
			cases[i].listed);
		assert_false(is_sure);
	}
	engine_free(e);
	tree_free(tree);
}

static void engine_input__multi_none_words__mean_none(void **state)
{
	static const char *const nones[] = {
		"nothing", "Nothing.", "none of these", " None  of   THESE ",
		"none",	   "NONE",
	};
	struct tree *tree = helper_load_tree(words_yaml);
	struct engine *e = engine_new(tree);
	const char *reason;

	(void)state;
	assert_non_null(e);
	for (size_t i = 0; i < COUNT(nones); i++) {
		ANSWER(e, "1", nones[i]);
		assert_string_equal(helper_where(e), "end");
		assert_int_equal(engine_step(e, 1)->answer.picks, 0);
		assert_int_equal(engine_input(e, "restart"), ENGINE_RESTART);
	}
	/* "No feeling in the foot" begins with no: no is refused there. */
	ANSWER(e, "1");
	reason = refused(e, "no");
	assert_string_equal(reason, "'no' could be none or 1. No feeling in "
				    "the foot: type none, or its number");
	refused(e, "none of this");
	refused(e, "nothing, 2");
	engine_free(e);
	tree_free(tree);
}

static void
engine_input__multi_no__none_where_no_option_begins_with_it(void **state)
{
	struct helper_walk *f = *state;

	ANSWER(f->engine, "2", "No.");
	assert_int_equal(engine_step(f->engine, 1)->answer.picks, 0);
	assert_string_equal(helper_where(f->engine), "sudden");
}

static void engine_input__megabyte_of_words__handled_quickly(void **state)
{
	struct tree *tree = helper_load_tree(words_yaml);
	struct engine *e = engine_new(tree);
	size_t len = 1024 * 1024;
	char *line = malloc(len + 1);
	clock_t started = clock();

	(void)state;
	assert_non_null(e);
	assert_non_null(line);
	for (size_t i = 0; i + 5 <= len; i += 5)
		memcpy(line + i, "knee ", 5);
	line[len - len % 5] = '\0';
	refused(e, line);
	ANSWER(e, "1");
	refused(e, line);
	free(line);
	engine_free(e);
	tree_free(tree);
	assert_true(clock() - started < 5 * CLOCKS_PER_SEC);
}

static void engine_parse_answer__reason__written_within_size(void **state)
{
	struct helper_walk *f = *state;
	const struct tree_question *q = helper_question(f->tree, "area");
	struct engine_answer a = {.choice = 99};
	char why[12];

	memset(why, 'x', sizeof(why));
	assert_false(engine_parse_answer(q, "knee", &a, why, sizeof(why)));
	assert_int_equal(strlen(why), sizeof(why) - 1);
	assert_int_equal(a.choice, 99); /* untouched on refusal */
	/* A command word is not an answer here: "back" is a prefix. */
	assert_false(engine_parse_answer(q, "back", &a, why, sizeof(why)));
	assert_true(engine_parse_answer(q, "back o", &a, NULL, 0));
	assert_int_equal(a.choice, 2);
}

static void engine_next__multi_and_scale__first_next_and_bands(void **state)
{
	struct helper_walk *f = *state;
	const struct tree_question *flags = helper_question(f->tree, "flags");
	const struct tree_question *pain = helper_question(f->tree, "pain");
	struct engine_answer a = {.type = TREE_MULTI, .picks = 1};

	assert_string_equal(tree_ref_id(f->tree, engine_next(flags, &a)),
			    "sudden");
	a.picks = 6;
	assert_string_equal(tree_ref_id(f->tree, engine_next(flags, &a)),
			    "end_b");
	a = (struct engine_answer){.type = TREE_SCALE, .value = 3};
	assert_string_equal(tree_ref_id(f->tree, engine_next(pain, &a)),
			    "end_c");
	a.value = 4;
	assert_string_equal(tree_ref_id(f->tree, engine_next(pain, &a)),
			    "end_b");
}

/* A megabyte on one line: refused (or taken) at once, reason kept short. */
static void engine_input__megabyte_line__handled_quickly(void **state)
{
	struct helper_walk *f = *state;
	size_t len = 1024 * 1024;
	char *line = malloc(len + 1);
	clock_t started = clock();
	const char *reason;

	assert_non_null(line);
	memset(line, 'h', len);
	line[len] = '\0';
	reason = refused(f->engine, line);
	assert_true(strlen(reason) < 250);
	assert_non_null(strstr(reason, "'hhhhhhhhhh"));
	assert_non_null(strstr(reason, "...'"));

	memset(line, '7', len);
	refused(f->engine, line);

	ANSWER(f->engine, "3");
	refused(f->engine, line);

	/* At a multi question a long list of repeats is still one pick. */
	assert_int_equal(engine_input(f->engine, "restart"), ENGINE_RESTART);
	ANSWER(f->engine, "2");
	for (size_t i = 0; i < len; i += 2) {
		line[i] = '3';
		line[i + 1] = ',';
	}
	ANSWER(f->engine, line);
	assert_string_equal(helper_where(f->engine), "end_a");
	assert_int_equal(engine_step(f->engine, 1)->answer.picks, 4);

	free(line);
	/* Generous enough for valgrind; quadratic work would take hours. */
	assert_true(clock() - started < 5 * CLOCKS_PER_SEC);
}

static void engine_input__bad_utf8_in_reason__replaced(void **state)
{
	struct helper_walk *f = *state;
	const char *reason = refused(f->engine, "kn\xFF\x1B"
						"e");

	assert_non_null(strstr(reason, "'kn\xEF\xBF\xBD\xEF\xBF\xBD"
				       "e'"));
}

static void engine_input__out_of_memory__nothing_changes(void **state)
{
	/* Long enough to grow the step array. */
	char *yaml = helper_yesno_chain(40, false);
	struct tree *tree = helper_load_tree(yaml);
	struct engine *e;
	size_t steps = 0;
	bool has_failed = false;

	(void)state;
	free(yaml);
	mem_fail_after(0);
	assert_null(engine_new(tree));
	mem_fail_after(1);
	assert_null(engine_new(tree));
	mem_fail_never();

	e = engine_new(tree);
	assert_non_null(e);
	/* Fail every allocation: each answer either fits or is NOMEM. */
	while (!engine_is_done(e)) {
		uint32_t q = engine_question(e);
		enum engine_event ev;

		mem_fail_after(0);
		ev = engine_input(e, "yes");
		mem_fail_never();
		if (ev == ENGINE_NOMEM) {
			has_failed = true;
			assert_int_equal(engine_step_count(e), steps);
			assert_int_equal(engine_question(e), q);
			ev = engine_input(e, "yes");
		}
		assert_int_equal(ev, ENGINE_ANSWERED);
		steps++;
		assert_int_equal(engine_step_count(e), steps);
	}
	assert_true(has_failed);
	assert_int_equal(steps, 40);
	for (size_t i = 0; i < steps; i++)
		assert_int_equal(engine_step(e, i)->answer.yesno, ENGINE_YES);
	engine_free(e);
	tree_free(tree);
}

#define FIXTURE_TEST(name)                                                     \
	cmocka_unit_test_setup_teardown(name, setup, helper_walk_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		FIXTURE_TEST(engine_new__fresh_walk__at_start_with_no_steps),
		cmocka_unit_test(engine_free__null__does_nothing),
		FIXTURE_TEST(engine_input__choice_number__selects_that_option),
		FIXTURE_TEST(
			engine_input__choice_text__exact_match_ignoring_case),
		FIXTURE_TEST(
			engine_input__choice_prefix__selects_unique_option),
		FIXTURE_TEST(engine_input__choice_exact_text__wins_over_prefix),
		FIXTURE_TEST(engine_input__choice_ambiguous_prefix__refused),
		FIXTURE_TEST(engine_input__choice_words__one_option_picks_it),
		FIXTURE_TEST(
			engine_input__choice_words__refused_naming_options),
		FIXTURE_TEST(engine_input__multi_none_words__mean_none),
		FIXTURE_TEST(
			engine_input__multi_no__none_where_no_option_begins_with_it),
		FIXTURE_TEST(engine_input__megabyte_of_words__handled_quickly),
		FIXTURE_TEST(engine_input__choice_number_out_of_range__refused),
		FIXTURE_TEST(
			engine_input__choice_no_match__refused_quoting_input),
		FIXTURE_TEST(engine_input__empty_line__refused),
		FIXTURE_TEST(engine_input__command_word_alone__is_the_command),
		cmocka_unit_test(engine_is_command__table__only_command_words),
		FIXTURE_TEST(engine_input__yesno_words__each_answer),
		FIXTURE_TEST(engine_input__yesno_other_words__refused),
		FIXTURE_TEST(engine_input__yesno_not_sure_not_offered__refused),
		FIXTURE_TEST(
			engine_input__multi_answers__picks_and_first_next_wins),
		FIXTURE_TEST(engine_input__multi_bad_answers__refused),
		FIXTURE_TEST(engine_input__scale_band_edges__each_band),
		FIXTURE_TEST(engine_input__scale_not_in_range__refused),
		FIXTURE_TEST(engine_input__back__undoes_last_answer),
		FIXTURE_TEST(engine_input__path__records_questions_and_answers),
		FIXTURE_TEST(
			engine_input__restart__clears_walk_and_back_is_refused),
		FIXTURE_TEST(engine_input__done__only_commands_act),
		FIXTURE_TEST(engine_reason__after_success__empty),
		FIXTURE_TEST(engine_set_translate__reasons__in_the_language),
		FIXTURE_TEST(
			engine_format_answer__every_answer__parses_back_the_same),
		FIXTURE_TEST(engine_format_answer__table__words_written),
		FIXTURE_TEST(
			engine_format_answer__small_buffer__truncates_like_snprintf),
		FIXTURE_TEST(engine_parse_answer__reason__written_within_size),
		FIXTURE_TEST(
			engine_next__multi_and_scale__first_next_and_bands),
		FIXTURE_TEST(engine_input__megabyte_line__handled_quickly),
		FIXTURE_TEST(engine_input__bad_utf8_in_reason__replaced),
		cmocka_unit_test(engine_input__out_of_memory__nothing_changes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
