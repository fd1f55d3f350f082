#include "suggest.h"

#include <string.h>

#include "text.h"

size_t suggest_distance(const char *a, size_t alen, const char *b, size_t blen,
			size_t cap)
{
	/* Three rows of the edit table: two back for a swap. */
	size_t rows[3][SUGGEST_MAX_LEN + 1];
	size_t *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
	size_t i, j;

	if (alen > SUGGEST_MAX_LEN || blen > SUGGEST_MAX_LEN)
		return cap + 1;
	if ((alen > blen ? alen - blen : blen - alen) > cap)
		return cap + 1;
	for (j = 0; j <= blen; j++)
		prev[j] = j;
	for (i = 1; i <= alen; i++) {
		size_t row_min;
		size_t *spare;

		cur[0] = i;
		row_min = i;
		for (j = 1; j <= blen; j++) {
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
			size_t best = prev[j - 1] + cost;

			if (prev[j] + 1 < best)
				best = prev[j] + 1;
			if (cur[j - 1] + 1 < best)
				best = cur[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < best)
				best = prev2[j - 2] + 1;
			cur[j] = best;
			if (best < row_min)
				row_min = best;
		}
		if (row_min > cap)
			return cap + 1; /* every later row is at least this */
		spare = prev2;
		prev2 = prev;
		prev = cur;
		cur = spare;
	}
	return prev[blen] > cap ? cap + 1 : prev[blen];
}

void suggest_init(struct suggest *s, const char *word, size_t len)
{
	s->word = word;
	s->len = len;
	s->best = NULL;
	s->best_score = 3;
	s->is_tied = false;
}

void suggest_consider(struct suggest *s, const char *name)
{
	size_t len = strlen(name), shorter = len < s->len ? len : s->len;
	int score;

	if (len == s->len && memcmp(name, s->word, len) == 0)
		return;
	if (text_equal_fold_n(name, len, s->word, s->len)) {
		score = 0; /* case only: closer than any edit */
	} else {
		size_t d = suggest_distance(s->word, s->len, name, len, 2);

		if (d > 2 || d >= shorter)
			return;
		score = (int)d;
	}
	if (score < s->best_score) {
		s->best = name;
		s->best_score = score;
		s->is_tied = false;
	} else if (score == s->best_score && s->best != NULL &&
		   strcmp(s->best, name) != 0) {
		s->is_tied = true;
	}
}

const char *suggest_best(const struct suggest *s)
{
	return s->is_tied ? NULL : s->best;
}

const char *suggest_among(const char *word, size_t len,
			  const char *const *names, size_t count)
{
	struct suggest s;
	size_t i;

	suggest_init(&s, word, len);
	for (i = 0; i < count; i++)
		if (names[i] != NULL)
			suggest_consider(&s, names[i]);
	return suggest_best(&s);
}
