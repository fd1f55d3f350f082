/*
 * test_strtab.c - the id and key table: every key found under its own
 * number, and never another's, however alike two keys are (same hash,
 * same length, same first 8 bytes, NUL bytes, long keys).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mem.h"
#include "strtab.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void put_new(struct strtab *tab, const char *key, size_t len,
		    uint32_t want)
{
	bool is_new = false;

	assert_int_equal(strtab_put(tab, key, len, &is_new), want);
	assert_true(is_new);
}

static void strtab__numbers__in_the_order_added(void **state)
{
	struct strtab tab = {0};
	bool is_new = true;

	(void)state;
	assert_int_equal(strtab_get(&tab, "a", 1), STRTAB_NONE);
	put_new(&tab, "start", 5, 0);
	put_new(&tab, "heel", 4, 1);
	put_new(&tab, "", 0, 2);
	assert_int_equal(strtab_put(&tab, "heel", 4, &is_new), 1);
	assert_false(is_new);
	assert_int_equal(strtab_get(&tab, "start", 5), 0);
	assert_int_equal(strtab_get(&tab, "", 0), 2);
	assert_int_equal(strtab_get(&tab, "hee", 3), STRTAB_NONE);
	assert_int_equal(strtab_get(&tab, "heels", 5), STRTAB_NONE);
	assert_int_equal(tab.count, 3);
	strtab_free(&tab);
}

/* Keys that a slot alone could mistake for each other. */
static void strtab__alike_keys__told_apart(void **state)
{
	static const struct {
		const char *key;
		size_t len;
	} keys[] = {
		{"a", 1},
		{"a\0", 2},		/* NUL padding is not the end */
		{"\0", 1},
		{"abcdefgh", 8},	/* first 8 bytes of the next ones */
		{"abcdefghi", 9},
		{"abcdefghj", 9},	/* same head, same length */
		{"abcdefgh\0", 9},
		{"ktxofp1q", 8},	/* same hash and length: */
		{"u7xsq3mr", 8},	/* told by the head */
		{"2oqm0lb", 7},		/* same hash and head: */
		{"2oqm0lb\0", 8},	/* told by the length */
		{"longer_id_106981_x", 18}, /* same hash, length and */
		{"longer_id_126324_x", 18}, /* head: told by the rest */
		{"question_41801", 14},	    /* same hash, other */
		{"question_131246", 15},    /* length */
	};
	struct strtab tab = {0};
	size_t i;

	(void)state;
	/* The pairs were found by search: they must collide. */
	assert_int_equal(strtab_hash("ktxofp1q", 8), strtab_hash("u7xsq3mr", 8));
	assert_int_equal(strtab_hash("2oqm0lb", 7), strtab_hash("2oqm0lb\0", 8));
	assert_int_equal(strtab_hash("longer_id_106981_x", 18),
			 strtab_hash("longer_id_126324_x", 18));
	assert_int_equal(strtab_hash("question_41801", 14),
			 strtab_hash("question_131246", 15));
	for (i = 0; i < COUNT(keys); i++)
		put_new(&tab, keys[i].key, keys[i].len, (uint32_t)i);
	for (i = 0; i < COUNT(keys); i++)
		assert_int_equal(strtab_get(&tab, keys[i].key, keys[i].len),
				 (uint32_t)i);
	strtab_free(&tab);
}

/* Lengths from 0 to 100 of the same letter: around 8 (the head) and 63
 * (where a slot stops counting the length). */
static void strtab__every_length__told_apart(void **state)
{
	static char text[101];
	struct strtab tab = {0};
	size_t len;

	(void)state;
	memset(text, 'x', sizeof text);
	for (len = 0; len <= 100; len++)
		put_new(&tab, text, len, (uint32_t)len);
	for (len = 0; len <= 100; len++)
		assert_int_equal(strtab_get(&tab, text, len), (uint32_t)len);
	strtab_free(&tab);
}

/* Enough keys to grow the table many times, with hash collisions among
 * them ("longer_id_106981_x" and "longer_id_126324_x" among others). */
static void strtab__200000_keys__each_found(void **state)
{
	enum { N = 200000, KEY = 24 };
	char *keys = malloc((size_t)N * KEY);
	struct strtab tab = {0};
	char absent[KEY];
	uint32_t i;

	(void)state;
	assert_non_null(keys);
	for (i = 0; i < N; i++) {
		snprintf(keys + (size_t)i * KEY, KEY, "longer_id_%u_x", i);
		put_new(&tab, keys + (size_t)i * KEY,
			strlen(keys + (size_t)i * KEY), i);
	}
	for (i = 0; i < N; i++) {
		const char *k = keys + (size_t)i * KEY;

		assert_int_equal(strtab_get(&tab, k, strlen(k)), i);
		snprintf(absent, sizeof absent, "longer_id_%u_y", i);
		assert_int_equal(strtab_get(&tab, absent, strlen(absent)),
				 STRTAB_NONE);
	}
	strtab_free(&tab);
	free(keys);
}

/* A lookup given the hash, after a prefetch, is a lookup. */
static void strtab__hashed__same_as_plain(void **state)
{
	struct strtab tab = {0};
	uint32_t h = strtab_hash("heel_pain", 9);

	(void)state;
	strtab_prefetch(&tab, h); /* an empty table: nothing to prefetch */
	assert_int_equal(strtab_put_hashed(&tab, "heel_pain", 9, h, NULL), 0);
	strtab_prefetch(&tab, h);
	assert_int_equal(strtab_get_hashed(&tab, "heel_pain", 9, h), 0);
	assert_int_equal(strtab_get(&tab, "heel_pain", 9), 0);
	strtab_free(&tab);
}

/* Out of memory: the key is not added, the table stays whole. */
static void strtab__out_of_memory__none_and_table_intact(void **state)
{
	struct strtab tab = {0};
	char key[16];
	uint32_t i, n;

	(void)state;
	/* The first put makes the slots: it fails at once. */
	mem_fail_after(0);
	n = strtab_put(&tab, "lost", 4, NULL);
	mem_fail_never();
	assert_int_equal(n, STRTAB_NONE);
	assert_int_equal(tab.count, 0);
	assert_int_equal(strtab_get(&tab, "lost", 4), STRTAB_NONE);
	put_new(&tab, "kept", 4, 0);
	/* Growing past 8 keys needs new slots: that put fails. */
	for (i = 1; i < 8; i++) {
		snprintf(key, sizeof key, "k%u", i);
		put_new(&tab, strdup(key), strlen(key), i);
	}
	mem_fail_after(0);
	n = strtab_put(&tab, "ninth", 5, NULL);
	mem_fail_never();
	assert_int_equal(n, STRTAB_NONE);
	assert_int_equal(tab.count, 8);
	assert_int_equal(strtab_get(&tab, "kept", 4), 0);
	assert_int_equal(strtab_get(&tab, "ninth", 5), STRTAB_NONE);
	for (i = 1; i < 8; i++)
		free((char *)tab.keys[i].key);
	strtab_free(&tab);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(strtab__numbers__in_the_order_added),
		cmocka_unit_test(strtab__alike_keys__told_apart),
		cmocka_unit_test(strtab__every_length__told_apart),
		cmocka_unit_test(strtab__200000_keys__each_found),
		cmocka_unit_test(strtab__hashed__same_as_plain),
		cmocka_unit_test(strtab__out_of_memory__none_and_table_intact),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
