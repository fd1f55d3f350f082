/*
 * fuzz_answer.c - libFuzzer target for the answer words of runcheck(1):
 * engine_parse_answer, engine_input and engine_format_answer.
 *
 * A fixed tree holds every question type once (and the awkward cases:
 * option texts that are numbers, commands, prefixes of each other, or not
 * ASCII). The input is split into lines. Each line is parsed as an answer
 * to every question: a refusal must give a readable reason, an answer must
 * lead somewhere and survive a round trip through engine_format_answer.
 * The same lines then drive one walk, whose state must change exactly as
 * engine.h says each event changes it.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "engine.h"
#include "fuzz_common.h"
#include "tree.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char tree_yaml[] =
	"format: runcheck/1\n"
	"id: fuzz-answer\n"
	"title: Fuzz\n"
	"version: \"1\"\n"
	"start: area\n"
	"disclaimer: Not a diagnosis.\n"
	"questions:\n"
	"  area:\n"
	"    ask: Where?\n"
	"    why: Because.\n"
	"    options:\n"
	"      - {text: Heel or arch of the foot, next: morning}\n"
	"      - {text: Heel cord, next: flags}\n"
	"      - {text: Back of the ankle, next: pain}\n"
	"      - {text: \"42\", next: end_a}\n"
	"      - {text: Backside, next: sudden}\n"
	"      - {text: Shin, next: odd}\n"
	"  morning:\n"
	"    type: yesno\n"
	"    ask: Morning?\n"
	"    yes: end_a\n"
	"    no: end_b\n"
	"    unsure: end_c\n"
	"  sudden:\n"
	"    type: yesno\n"
	"    ask: Sudden?\n"
	"    yes: end_a\n"
	"    no: end_c\n"
	"  flags:\n"
	"    type: multi\n"
	"    ask: Any?\n"
	"    options:\n"
	"      - {text: Calf swollen}\n"
	"      - {text: Fever, next: end_b}\n"
	"      - {text: Numbness, next: end_a}\n"
	"      - {text: None of the usual}\n"
	"    otherwise: sudden\n"
	"  pain:\n"
	"    type: scale\n"
	"    ask: How bad?\n"
	"    min: -1000000000\n"
	"    max: 1000000000\n"
	"    bands:\n"
	"      - {from: -1000000000, to: 3, next: end_c}\n"
	"      - {from: 4, to: 6, next: end_b}\n"
	"      - {from: 7, to: 1000000000, next: end_a}\n"
	"  odd:\n"
	"    ask: Which?\n"
	"    options:\n"
	"      - {text: Heel pain, next: end_a}\n"
	"      - {text: Heel, next: end_b}\n"
	"      - {text: Help, next: end_c}\n"
	"      - {text: \"-7\", next: end_a}\n"
	"      - {text: \"Tab\\there\", next: end_b}\n"
	"      - {text: Not sure, next: end_c}\n"
	"      - {text: None, next: end_a}\n"
	"      - {text: \"\\u00c4rger \\u00fcber \\u03a3\", next: end_b}\n"
	"      - {text: \"\\u0416\\u0416\", next: end_c}\n"
	"      - {text: \" padded \", next: end_a}\n"
	"outcomes:\n"
	"  end_a: {condition: A, triage: consult, summary: A.}\n"
	"  end_b: {condition: B, triage: gp, summary: B.}\n"
	"  end_c: {condition: C, triage: self_care, summary: C.}\n";

static struct tree *tree;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct diag_list diags = {.file = "fuzz-answer.yaml"};

	(void)argc;
	(void)argv;
	if (tree_load_buffer(tree_yaml, strlen(tree_yaml), &diags, &tree) !=
		    YREAD_OK ||
	    diags.error_count != 0) {
		/* Warnings are expected: options such as "Help" and "42"
		 * are there on purpose, to test how answers pick them. */
		fprintf(stderr, "the fixed tree did not load cleanly\n");
		abort();
	}
	diag_list_clear(&diags);
	return 0;
}

static void check_reason(const char *reason)
{
	FUZZ_CHECK(reason[0] != '\0');
	FUZZ_CHECK(strlen(reason) < ENGINE_REASON_SIZE);
	if (!fuzz_is_printable(reason)) {
		fprintf(stderr, "unprintable reason: %s\n", reason);
		abort();
	}
}

static void parse_at_every_question(const char *line)
{
	size_t i;

	for (i = 0; i < tree_question_count(tree); i++) {
		const struct tree_question *q = tree_question(tree, i);
		struct engine_answer a;
		char why[ENGINE_REASON_SIZE];
		uint8_t which[TREE_MAX_OPTIONS];
		bool is_sure;
		size_t n = engine_choice_matches(q, line, which, &is_sure);

		/* A terminal's completion lists what the answer means. */
		for (size_t k = 0; k < n; k++)
			FUZZ_CHECK(which[k] < q->option_count &&
				   (k == 0 || which[k] > which[k - 1]));
		FUZZ_CHECK(!is_sure || n == 1);
		why[0] = '\0';
		if (engine_parse_answer(q, line, &a, why, sizeof why)) {
			FUZZ_CHECK(!n || (is_sure && a.choice == which[0]));
			FUZZ_CHECK(a.type == q->type);
			fuzz_round_trip(tree, q, &a);
		} else {
			FUZZ_CHECK(!is_sure);
			check_reason(why);
		}
	}
}

/* Where the walk stands, as one number: outcomes after questions. */
static size_t where(const struct engine *e)
{
	if (engine_is_done(e))
		return tree_question_count(tree) + engine_outcome(e);
	return engine_question(e);
}

static void check_path(const struct engine *e)
{
	size_t n = engine_step_count(e), i;

	for (i = 0; i < n; i++) {
		const struct engine_step *s = engine_step(e, i);
		const struct tree_question *q =
			tree_question(tree, s->question);
		struct tree_ref next = engine_next(q, &s->answer);

		FUZZ_CHECK(s->answer.type == q->type);
		if (i + 1 < n) {
			FUZZ_CHECK(next.kind == TREE_NODE_QUESTION &&
				   next.index ==
					   engine_step(e, i + 1)->question);
		} else {
			FUZZ_CHECK(where(e) ==
				   (next.kind == TREE_NODE_QUESTION
					    ? next.index
					    : tree_question_count(tree) +
						      next.index));
		}
	}
	if (n == 0)
		FUZZ_CHECK(where(e) == tree_start(tree));
}

static void walk_line(struct engine *e, const char *line)
{
	size_t before = where(e), steps = engine_step_count(e);
	enum engine_event ev = engine_input(e, line);

	switch (ev) {
	case ENGINE_ANSWERED:
		FUZZ_CHECK(!engine_is_command(line));
		FUZZ_CHECK(engine_step_count(e) == steps + 1);
		FUZZ_CHECK(engine_reason(e)[0] == '\0');
		break;
	case ENGINE_BACK:
		FUZZ_CHECK(engine_is_command(line));
		FUZZ_CHECK(engine_step_count(e) == steps - 1);
		break;
	case ENGINE_RESTART:
		FUZZ_CHECK(engine_is_command(line));
		FUZZ_CHECK(engine_step_count(e) == 0);
		break;
	case ENGINE_WHY:
	case ENGINE_HELP:
	case ENGINE_QUIT:
		FUZZ_CHECK(engine_is_command(line));
		FUZZ_CHECK(engine_step_count(e) == steps && where(e) == before);
		break;
	case ENGINE_REFUSED:
		FUZZ_CHECK(engine_step_count(e) == steps && where(e) == before);
		check_reason(engine_reason(e));
		break;
	case ENGINE_NOMEM:
		FUZZ_CHECK(!"out of memory while fuzzing");
		break;
	}
	check_path(e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct engine *e = engine_new(tree);
	char *line = malloc(size + 1);
	size_t start = 0, i;

	FUZZ_CHECK(e != NULL && line != NULL);
	for (i = 0; i <= size; i++) {
		size_t len;

		if (i < size && data[i] != '\n')
			continue;
		len = i - start;
		memcpy(line, data + start, len);
		line[len] = '\0'; /* a NUL inside ends the line early */
		parse_at_every_question(line);
		walk_line(e, line);
		start = i + 1;
	}
	engine_free(e);
	free(line);
	return 0;
}
