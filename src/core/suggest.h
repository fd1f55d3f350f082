/*
 * suggest.h - "did you mean": the one known name close to a misspelt one,
 * for the loaders' messages about unknown keys, ids and words.
 *
 * A name is close when it differs in case only, or by at most two edits
 * (a character put in, left out or changed, or two neighbours swapped),
 * fewer than the shorter of the two has characters (so that "ab" is not
 * taken for "no"). Only one name may be closest: when two are equally
 * close, nothing is suggested. Pure functions; nothing is allocated.
 */
#ifndef RUNCHECK_SUGGEST_H
#define RUNCHECK_SUGGEST_H

#include <stdbool.h>
#include <stddef.h>

/* Names longer than this (in bytes) are never compared. */
#define SUGGEST_MAX_LEN 64

/*
 * The edits that turn a into b (optimal string alignment distance, by
 * byte), or cap + 1 when more than cap are needed. cap is at most 2.
 */
size_t suggest_distance(const char *a, size_t alen, const char *b, size_t blen,
			size_t cap);

/* A search for the name closest to word: suggest_init, then
 * suggest_consider for each candidate, then suggest_best. */
struct suggest {
	const char *word; /* not owned */
	size_t len;
	const char *best; /* not owned: a candidate given to suggest_consider */
	int best_score;
	bool is_tied;
};

void suggest_init(struct suggest *s, const char *word, size_t len);

/* Weighs one candidate (NUL-terminated; kept, not copied). A candidate
 * equal to the word itself is not a suggestion and is passed over. */
void suggest_consider(struct suggest *s, const char *name);

/* The one closest candidate, or NULL when none is close or two tie. */
const char *suggest_best(const struct suggest *s);

/* The closest of count names (NULL entries are passed over), or NULL. */
const char *suggest_among(const char *word, size_t len,
			  const char *const *names, size_t count);

#endif
