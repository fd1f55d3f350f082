/*
 * fuzz_tree.c - libFuzzer target for the tree loader (tree_load_buffer).
 *
 * Whatever the bytes, the loader must return YREAD_OK with no error or
 * YREAD_INVALID with at least one readable diagnostic, and never crash,
 * leak or read out of bounds. A tree it accepts must keep the promises
 * of tree.h: every reference in range, no cycle (a walk ends within as
 * many steps as there are questions), and every answer written in the
 * answer words reads back as the same answer. tree_check_buffer must
 * agree with it, diagnostic for diagnostic.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "diag.h"
#include "engine.h"
#include "fuzz_common.h"
#include "tree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_question(const struct tree *t, const struct tree_question *q)
{
	size_t i;

	FUZZ_CHECK(q->id != NULL && q->ask != NULL);
	switch (q->type) {
	case TREE_CHOICE:
	case TREE_MULTI:
		FUZZ_CHECK(q->option_count >= (q->type == TREE_CHOICE ? 2 : 1));
		FUZZ_CHECK(q->option_count <= TREE_MAX_OPTIONS);
		for (i = 0; i < q->option_count; i++) {
			FUZZ_CHECK(q->options[i].text != NULL);
			FUZZ_CHECK(q->type == TREE_MULTI ||
				   q->options[i].has_next);
			if (q->options[i].has_next)
				FUZZ_CHECK(fuzz_ref_ok(t, q->options[i].next));
		}
		if (q->type == TREE_MULTI)
			FUZZ_CHECK(fuzz_ref_ok(t, q->otherwise));
		break;
	case TREE_YESNO:
		FUZZ_CHECK(fuzz_ref_ok(t, q->yes) && fuzz_ref_ok(t, q->no));
		if (q->has_unsure)
			FUZZ_CHECK(fuzz_ref_ok(t, q->unsure));
		break;
	case TREE_SCALE:
		FUZZ_CHECK(q->min < q->max && q->band_count >= 1);
		FUZZ_CHECK(q->bands[0].from == q->min);
		FUZZ_CHECK(q->bands[q->band_count - 1].to == q->max);
		for (i = 0; i < q->band_count; i++) {
			FUZZ_CHECK(q->bands[i].from <= q->bands[i].to);
			FUZZ_CHECK(i == 0 ||
				   q->bands[i].from == q->bands[i - 1].to + 1);
			FUZZ_CHECK(fuzz_ref_ok(t, q->bands[i].next));
		}
		break;
	}
	fuzz_every_answer(t, q);
}

static void check_outcome(const struct tree *t, size_t index)
{
	const struct tree_outcome *o = tree_outcome(t, index);
	size_t i;

	FUZZ_CHECK(o->id != NULL && o->condition != NULL && o->summary != NULL);
	FUZZ_CHECK(tree_triage_name(o->triage)[0] != '\0');
	for (i = 0; i < o->also_consider_count; i++)
		FUZZ_CHECK(o->also_consider[i] < tree_outcome_count(t) &&
			   o->also_consider[i] != index);
	for (i = 0; i < o->self_care_count; i++)
		FUZZ_CHECK(o->self_care[i] != NULL);
	for (i = 0; i < o->source_count; i++)
		FUZZ_CHECK(o->sources[i] != NULL);
}

/* Always the first answer: the walk must end, since there is no cycle. */
static void check_walk(const struct tree *t)
{
	struct engine *e = engine_new(t);
	size_t steps = 0;

	FUZZ_CHECK(e != NULL);
	while (!engine_is_done(e)) {
		const struct tree_question *q =
			tree_question(t, engine_question(e));
		char line[64];

		switch (q->type) {
		case TREE_CHOICE:
			strcpy(line, "1");
			break;
		case TREE_YESNO:
			strcpy(line, "yes");
			break;
		case TREE_MULTI:
			strcpy(line, "none");
			break;
		case TREE_SCALE:
			snprintf(line, sizeof line, "%lld", q->min);
			break;
		}
		FUZZ_CHECK(engine_input(e, line) == ENGINE_ANSWERED);
		steps++;
		FUZZ_CHECK(steps <= tree_question_count(t));
	}
	FUZZ_CHECK(engine_outcome(e) < tree_outcome_count(t));
	FUZZ_CHECK(engine_step_count(e) == steps);
	engine_free(e);
}

/*
 * tree_check_buffer (lint without building a tree) promises the same
 * status and the same diagnostics, in the same order, as loading.
 */
static void check_same_as_check_only(const uint8_t *data, size_t size,
				     enum yread_status status,
				     const struct diag_list *loaded)
{
	struct diag_list checked = {.file = "fuzz.yaml"};
	size_t i;

	FUZZ_CHECK(tree_check_buffer(data, size, &checked) == status);
	FUZZ_CHECK(checked.count == loaded->count);
	for (i = 0; i < checked.count; i++) {
		const struct diag *a = &loaded->items[i],
				  *b = &checked.items[i];

		if (a->pos.line != b->pos.line ||
		    a->pos.column != b->pos.column ||
		    a->severity != b->severity ||
		    strcmp(a->message, b->message) != 0) {
			fprintf(stderr, "load: %u:%u %s\ncheck: %u:%u %s\n",
				a->pos.line, a->pos.column, a->message,
				b->pos.line, b->pos.column, b->message);
			abort();
		}
	}
	diag_list_clear(&checked);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_list diags = {.file = "fuzz.yaml"};
	struct tree *t = NULL;
	enum yread_status status = tree_load_buffer(data, size, &diags, &t);
	size_t i;

	fuzz_check_diags(&diags, status, t != NULL);
	check_same_as_check_only(data, size, status, &diags);
	diag_sort(&diags);
	for (i = 1; i < diags.count; i++)
		FUZZ_CHECK(diags.items[i - 1].pos.line <
				   diags.items[i].pos.line ||
			   (diags.items[i - 1].pos.line ==
				    diags.items[i].pos.line &&
			    diags.items[i - 1].pos.column <=
				    diags.items[i].pos.column));
	if (t != NULL) {
		FUZZ_CHECK(tree_id(t) && tree_title(t) && tree_version(t) &&
			   tree_language(t) && tree_disclaimer(t));
		FUZZ_CHECK(tree_question_count(t) > 0);
		FUZZ_CHECK(tree_start(t) < tree_question_count(t));
		for (i = 0; i < tree_question_count(t); i++)
			check_question(t, tree_question(t, i));
		for (i = 0; i < tree_outcome_count(t); i++)
			check_outcome(t, i);
		check_walk(t);
	}
	tree_free(t);
	diag_list_clear(&diags);
	return 0;
}
