/*
 * fuzz_common.h - checks every fuzz target makes on what a loader hands
 * back: the status agrees with the diagnostics, and each diagnostic is
 * one a user can read (a place, a message of valid UTF-8 with no control
 * characters). A broken promise aborts, which libFuzzer reports as a crash.
 */
#ifndef RUNCHECK_FUZZ_COMMON_H
#define RUNCHECK_FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "engine.h"
#include "text.h"
#include "tree.h"

#define FUZZ_CHECK(cond)                                                       \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, \
				__LINE__, #cond);                              \
			abort();                                               \
		}                                                              \
	} while (0)

/* True when s is valid UTF-8 holding no control character but tab. */
static inline int fuzz_is_printable(const char *s)
{
	size_t len = strlen(s), i = 0;

	if (!text_utf8_valid(s, len))
		return 0;
	while (i < len) {
		uint32_t cp;

		i += text_utf8_decode(s + i, len - i, &cp);
		if ((cp < 0x20 && cp != '\t') || (cp >= 0x7f && cp < 0xa0))
			return 0;
	}
	return 1;
}

static inline void fuzz_check_diags(const struct diag_list *diags,
				    enum yread_status status, int is_loaded)
{
	size_t errors = 0, i;

	/* Nothing fails to allocate while fuzzing. */
	FUZZ_CHECK(status != YREAD_NOMEM && !diags->is_oom);
	FUZZ_CHECK(status == YREAD_OK || status == YREAD_INVALID);
	FUZZ_CHECK((status == YREAD_OK) == is_loaded);
	for (i = 0; i < diags->count; i++) {
		const struct diag *d = &diags->items[i];

		FUZZ_CHECK(d->pos.line >= 1 && d->pos.column >= 1);
		FUZZ_CHECK(d->message != NULL && d->message[0] != '\0');
		if (!fuzz_is_printable(d->message)) {
			fprintf(stderr, "unprintable diagnostic: %s\n",
				d->message);
			abort();
		}
		if (d->severity == DIAG_ERROR)
			errors++;
	}
	FUZZ_CHECK(errors == diags->error_count);
	FUZZ_CHECK((status == YREAD_INVALID) == (errors > 0));
}

static inline int fuzz_node_ok(const struct tree *t, struct tree_ref ref)
{
	if (ref.kind == TREE_NODE_QUESTION)
		return ref.index < tree_question_count(t);
	return ref.kind == TREE_NODE_OUTCOME &&
	       ref.index < tree_outcome_count(t);
}

/* A when's term: a question that is not multi, answers it has. */
static inline int fuzz_when_ok(const struct tree *t, const struct tree_when *w)
{
	const struct tree_question *q;
	size_t n = 0;

	if (w->question >= tree_question_count(t) || w->answers == 0)
		return 0;
	q = tree_question(t, w->question);
	switch (q->type) {
	case TREE_CHOICE:
		n = q->option_count;
		break;
	case TREE_YESNO:
		n = q->has_unsure ? 3 : 2;
		break;
	case TREE_SCALE:
		n = q->band_count;
		break;
	case TREE_MULTI:
		return 0;
	}
	return n == 64 || (w->answers >> n) == 0;
}

/* Where an edge leads is in range: a node, or a route (runcheck/2) whose
 * every alternative goes to a node, whose whens are sound and whose last
 * alternative, and only it, has no when. */
static inline int fuzz_ref_ok(const struct tree *t, struct tree_ref ref)
{
	const struct tree_route *r = ref.route;

	if (r == NULL)
		return fuzz_node_ok(t, ref);
	if (r->alt_count == 0 || r->alt_count > TREE_MAX_ALTS ||
	    r->alts[r->alt_count - 1].when_count != 0)
		return 0;
	for (size_t k = 0; k < r->alt_count; k++) {
		if (!fuzz_node_ok(t, r->alts[k].go) || r->alts[k].go.route ||
		    (k + 1 < r->alt_count && r->alts[k].when_count == 0))
			return 0;
		for (size_t j = 0; j < r->alts[k].when_count; j++)
			if (!fuzz_when_ok(t, &r->alts[k].when[j]))
				return 0;
	}
	return 1;
}

static inline int fuzz_same_answer(const struct engine_answer *a,
				   const struct engine_answer *b)
{
	if (a->type != b->type)
		return 0;
	switch (a->type) {
	case TREE_CHOICE:
		return a->choice == b->choice;
	case TREE_YESNO:
		return a->yesno == b->yesno;
	case TREE_MULTI:
		return a->picks == b->picks;
	case TREE_SCALE:
		return a->value == b->value;
	}
	return 0;
}

/*
 * Writes an answer in the answer words and reads it back: it must be the
 * same answer, and it must lead somewhere in the tree.
 */
static inline void fuzz_round_trip(const struct tree *t,
				   const struct tree_question *q,
				   const struct engine_answer *a)
{
	char buf[4096], why[256];
	struct engine_answer back;
	size_t n = engine_format_answer(q, a, buf, sizeof buf);

	FUZZ_CHECK(fuzz_ref_ok(t, engine_next(q, a)));
	if (n >= sizeof buf)
		return; /* a long option text: covered by the unit tests */
	FUZZ_CHECK(strlen(buf) == n);
	if (!engine_parse_answer(q, buf, &back, why, sizeof why)) {
		fprintf(stderr, "'%s' at '%s' did not parse back: %s\n", buf,
			q->id, why);
		abort();
	}
	if (!fuzz_same_answer(a, &back)) {
		fprintf(stderr, "'%s' at '%s' parsed back differently\n", buf,
			q->id);
		abort();
	}
}

/* Every answer of a kind the question takes, each round-tripped. */
static inline void fuzz_every_answer(const struct tree *t,
				     const struct tree_question *q)
{
	struct engine_answer a;
	size_t i;

	memset(&a, 0, sizeof a);
	a.type = q->type;
	switch (q->type) {
	case TREE_CHOICE:
		for (i = 0; i < q->option_count; i++) {
			a.choice = i;
			fuzz_round_trip(t, q, &a);
		}
		break;
	case TREE_YESNO:
		a.yesno = ENGINE_YES;
		fuzz_round_trip(t, q, &a);
		a.yesno = ENGINE_NO;
		fuzz_round_trip(t, q, &a);
		if (q->has_unsure) {
			a.yesno = ENGINE_UNSURE;
			fuzz_round_trip(t, q, &a);
		}
		break;
	case TREE_MULTI:
		fuzz_round_trip(t, q, &a);
		for (i = 0; i < q->option_count; i++) {
			a.picks = UINT64_C(1) << i;
			fuzz_round_trip(t, q, &a);
			a.picks |= 1;
			fuzz_round_trip(t, q, &a);
		}
		break;
	case TREE_SCALE:
		a.value = q->min;
		fuzz_round_trip(t, q, &a);
		a.value = q->max;
		fuzz_round_trip(t, q, &a);
		for (i = 0; i < q->band_count; i++) {
			a.value = q->bands[i].from;
			fuzz_round_trip(t, q, &a);
			a.value = q->bands[i].to;
			fuzz_round_trip(t, q, &a);
		}
		break;
	}
}

#endif
