/*
 * words.c - a tree's answers and routes in words (words.h).
 */
#include <stdio.h>
#include <stdlib.h>

#include "engine.h"
#include "paths.h"
#include "words.h"

/* A band as a person reads it ("0–6", "7"), written into buf. */
static const char *band_words(const struct tree_question *q, size_t b,
			      char *buf, size_t size)
{
	if (q->bands[b].from == q->bands[b].to)
		snprintf(buf, size, "%lld", q->bands[b].from);
	else
		snprintf(buf, size, "%lld\u2013%lld", q->bands[b].from,
			 q->bands[b].to);
	return buf;
}

const char *words_edge(const struct tree_question *q, size_t e, char *buf,
		       size_t size)
{
	struct engine_answer answer;
	struct tree_ref to;

	paths_edge(q, e, &answer, &to);
	switch (q->type) {
	case TREE_CHOICE:
		return q->options[answer.choice].text;
	case TREE_YESNO:
		return answer.yesno == ENGINE_YES  ? "yes"
		       : answer.yesno == ENGINE_NO ? "no"
						   : "not sure";
	case TREE_MULTI:
		if (answer.picks == 0)
			return "otherwise";
		return q->options[__builtin_ctzll(answer.picks)].text;
	case TREE_SCALE:
		return band_words(q, e, buf, size);
	}
	return "";
}

/*
 * Answer a of question q (TREE_NO_ANSWER's sense) as a route's when names
 * it, its id, or, is_words, as a person reads it. A band's words are
 * written into buf.
 */
static const char *answer_name(const struct tree_question *q, unsigned a,
			       bool is_words, char *buf, size_t size)
{
	static const char *const yesno_ids[] = {"yes", "no", "unsure"};
	static const char *const yesno_words[] = {"yes", "no", "not sure"};

	switch (q->type) {
	case TREE_CHOICE:
		return is_words ? q->options[a].text : q->options[a].id;
	case TREE_YESNO:
		return is_words ? yesno_words[a] : yesno_ids[a];
	case TREE_SCALE:
		return is_words ? band_words(q, a, buf, size) : q->bands[a].id;
	case TREE_MULTI:
		break;
	}
	return "";
}

char *words_when_new(const struct tree *tree, const struct tree_alt *alt,
		     bool is_words)
{
	char *text = NULL, band[64];
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return NULL;
	for (size_t j = 0; j < alt->when_count; j++) {
		const struct tree_when *w = &alt->when[j];
		const struct tree_question *q =
			tree_question(tree, w->question);
		int n = __builtin_popcountll(w->answers), k = 0;

		if (is_words)
			fprintf(f, "%s the answer to %s was ",
				j == 0 ? "if" : ", and", q->label);
		else
			fprintf(f, "%s%s: %s", j == 0 ? "" : ", ", q->id,
				n > 1 ? "[" : "");
		for (unsigned a = 0; a < 64; a++) {
			if (!(w->answers >> a & 1))
				continue;
			if (k++ > 0)
				fputs(is_words ? " or " : ", ", f);
			fputs(answer_name(q, a, is_words, band, sizeof(band)),
			      f);
		}
		if (!is_words && n > 1)
			fputc(']', f);
	}
	if (fclose(f) != 0) {
		free(text);
		return NULL;
	}
	return text;
}
