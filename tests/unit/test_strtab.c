/*
 * test_strtab.c - the id and key table: every key found under its own
 * number, and never another's, however alike two keys are (same hash,
 * same length, same first 8 bytes, NUL bytes, long keys); and keys chosen
 * to collide (hash flooding, issue 19) cost no more probes than any
 * others. Probes are counted, not timed, so the bounds are exact.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "mem.h"
#include "flood.h"
#include "strtab.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The key the searched pairs below collide under (injected: a process's
 * own key is random). */
static int use_test_key(void **state)
{
	(void)state;
	strtab_set_key(FLOOD_KEY0, FLOOD_KEY1);
	return 0;
}

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
		{"a\0", 2}, /* NUL padding is not the end */
		{"\0", 1},
		{"abcdefgh", 8}, /* first 8 bytes of the next ones */
		{"abcdefghi", 9},
		{"abcdefghj", 9}, /* same head, same length */
		{"abcdefgh\0", 9},
		{"k0013240", 8},	    /* same hash and length: */
		{"k00288e3", 8},	    /* told by the head */
		{"longer_id_106539_x", 18}, /* same hash, length and */
		{"longer_id_117470_x", 18}, /* head: told by the rest */
		{"question_73482", 14},	    /* same hash, other */
		{"question_101741", 15},    /* length */
	};
	struct strtab tab = {0};
	size_t i;

	(void)state;
	/* The pairs were found by search under the test key: they must
	 * collide. */
	assert_int_equal(strtab_hash("k0013240", 8),
			 strtab_hash("k00288e3", 8));
	assert_int_equal(strtab_hash("longer_id_106539_x", 18),
			 strtab_hash("longer_id_117470_x", 18));
	assert_int_equal(strtab_hash("question_73482", 14),
			 strtab_hash("question_101741", 15));
	for (i = 0; i < COUNT(keys); i++)
		put_new(&tab, keys[i].key, keys[i].len, (uint32_t)i);
	for (i = 0; i < COUNT(keys); i++)
		assert_int_equal(strtab_get(&tab, keys[i].key, keys[i].len),
				 (uint32_t)i);
	strtab_free(&tab);
}

/*
 * Every key under one hash, through the hashed calls: what a slot holds
 * must tell them apart. Same head and hash, told by the length ("2oqm0lb"
 * and the same with a NUL: a pair that collides under a given key takes
 * 2^32 tries to find), by the head, or by the bytes after it.
 */
static void strtab__one_hash_for_all__told_apart(void **state)
{
	static const struct {
		const char *key;
		size_t len;
	} keys[] = {
		{"2oqm0lb", 7},	   {"2oqm0lb\0", 8},	    {"", 0},
		{"\0", 1},	   {"\0\0\0\0\0\0\0\0", 8}, {"abcdefgh", 8},
		{"abcdefgh\0", 9}, {"abcdefghi", 9},	    {"abcdefghj", 9},
		{"x", 1},
	};
	struct strtab tab = {0};
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(keys); i++)
		assert_int_equal(strtab_put_hashed(&tab, keys[i].key,
						   keys[i].len, 42, NULL),
				 (uint32_t)i);
	for (i = 0; i < COUNT(keys); i++)
		assert_int_equal(strtab_get_hashed(&tab, keys[i].key,
						   keys[i].len, 42),
				 (uint32_t)i);
	assert_int_equal(strtab_get_hashed(&tab, "2oqm0lb\0\0", 9, 42),
			 STRTAB_NONE);
	assert_int_equal(tab.count, COUNT(keys));
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
 * them under the test key ("longer_id_106539_x" and "longer_id_117470_x"
 * among others). */
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

/* ---- hash flooding (issue 19) -------------------------------------------- */

/* How many keys a flooding test loads: enough that a quadratic load
 * shows (n^2 / 2 = 50 million probes), few enough for ASan. */
#define FLOOD_N 10000

/*
 * The probes that finding every key in the table takes beyond the first:
 * the sum over keys of how far each sits from the slot its hash names.
 * Adding a key probes as far as finding it later does, so this is also
 * what loading the keys cost. About n / 4 for keys that do not collide at
 * the load a table has after growing; n^2 / 2 when all share one slot.
 * Measured at 10,000 keys: 49,995,000 for the old hash's colliding keys
 * under the old hash, 48.7 million for keys chosen against a known key
 * under that key, and 2,142 and 2,212 for the same keys under the keyed
 * hash and another key.
 */
static uint64_t extra_probes(const struct strtab *tab)
{
	size_t mask = tab->slot_count - 1;
	uint64_t total = 0;

	for (size_t i = 0; i < tab->slot_count; i++) {
		uint64_t word = tab->slots[i].word;

		if (word != 0)
			total += (i - (size_t)(word >> 32)) & mask;
	}
	return total;
}

/* Loads n keys of 8 bytes (hash given, or the table's own when
 * hashes is NULL) and returns the extra probes; each key must be new. */
static uint64_t load_keys(const char *keys, size_t n, const uint32_t *hashes)
{
	struct strtab tab = {0};
	uint64_t probes;

	for (size_t i = 0; i < n; i++) {
		const char *k = keys + 8 * i;
		uint32_t h = hashes ? hashes[i] : strtab_hash(k, 8);

		assert_int_equal(strtab_put_hashed(&tab, k, 8, h, NULL),
				 (uint32_t)i);
	}
	for (size_t i = 0; i < n; i++) {
		const char *k = keys + 8 * i;
		uint32_t h = hashes ? hashes[i] : strtab_hash(k, 8);

		assert_int_equal(strtab_get_hashed(&tab, k, 8, h), (uint32_t)i);
	}
	probes = extra_probes(&tab);
	strtab_free(&tab);
	return probes;
}

static bool any_byte_but_nul(unsigned char c)
{
	return c != 0;
}

/* Keys that all shared one slot under the hash before issue 19 (it was
 * invertible) cost no more probes than any keys now. */
static void strtab__keys_colliding_under_old_hash__linear_probes(void **state)
{
	char *keys = malloc(8 * FLOOD_N);
	uint32_t *old = malloc(FLOOD_N * sizeof *old);

	(void)state;
	assert_non_null(keys);
	assert_non_null(old);
	assert_int_equal(flood_old_keys(keys, FLOOD_N, any_byte_but_nul),
			 FLOOD_N);
	for (size_t i = 0; i < FLOOD_N; i++) {
		old[i] = flood_old_hash(keys + 8 * i);
		assert_int_equal(old[i], 0x5eed);
	}
	/* Under the old hash, given through the hashed calls: every key
	 * walks past all before it. */
	assert_true(load_keys(keys, FLOOD_N, old) >=
		    (uint64_t)FLOOD_N * (FLOOD_N - 1) / 2);
	/* Under the keyed hash, as any keys. */
	assert_true(load_keys(keys, FLOOD_N, NULL) <= 2 * FLOOD_N);
	free(old);
	free(keys);
}

/* Keys chosen against a known key flood a table hashed with that key, and
 * cost no more than any keys under another: the key must be secret, and
 * is (strtab_hash__each_process__own_key). */
static void
strtab__keys_chosen_against_a_key__linear_under_another(void **state)
{
	unsigned hi = flood_table_bits(FLOOD_N);
	char *keys = malloc(8 * FLOOD_N);

	(void)state;
	assert_non_null(keys);
	flood_known_keys(keys, FLOOD_N, hi - 7, hi);
	assert_true(load_keys(keys, FLOOD_N, NULL) >=
		    (uint64_t)FLOOD_N * FLOOD_N / 4);
	strtab_set_key(FLOOD_KEY0 ^ 1, FLOOD_KEY1);
	assert_true(load_keys(keys, FLOOD_N, NULL) <= 2 * FLOOD_N);
	strtab_set_key(FLOOD_KEY0, FLOOD_KEY1);
	free(keys);
}

/* The hash of "heel" in a new process, which draws its own key. */
static uint32_t hash_in_child(void)
{
	int fds[2];
	uint32_t h = 0;
	pid_t pid;
	int status;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		h = strtab_hash("heel", 4);
		_exit(write(fds[1], &h, sizeof h) == sizeof h ? 0 : 1);
	}
	close(fds[1]);
	assert_int_equal(read(fds[0], &h, sizeof h), sizeof h);
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	return h;
}

/* Each process hashes with a key of its own: the same key hashed in three
 * processes gives three hashes (a 1 in 2^31 chance of two equal). Runs
 * first, before any test sets a key in this process. */
static void strtab_hash__each_process__own_key(void **state)
{
	uint32_t a = hash_in_child(), b = hash_in_child(), c = hash_in_child();

	(void)state;
	assert_true(a != b && b != c && a != c);
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
		cmocka_unit_test(strtab_hash__each_process__own_key),
		cmocka_unit_test_setup(strtab__numbers__in_the_order_added,
				       use_test_key),
		cmocka_unit_test_setup(strtab__alike_keys__told_apart,
				       use_test_key),
		cmocka_unit_test(strtab__one_hash_for_all__told_apart),
		cmocka_unit_test(strtab__every_length__told_apart),
		cmocka_unit_test_setup(strtab__200000_keys__each_found,
				       use_test_key),
		cmocka_unit_test(strtab__hashed__same_as_plain),
		cmocka_unit_test(strtab__out_of_memory__none_and_table_intact),
		cmocka_unit_test_setup(
			strtab__keys_colliding_under_old_hash__linear_probes,
			use_test_key),
		cmocka_unit_test_setup(
			strtab__keys_chosen_against_a_key__linear_under_another,
			use_test_key),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
