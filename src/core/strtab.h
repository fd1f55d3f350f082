/*
 * strtab.h - a hash table from byte strings to their numbers, for ids and
 * mapping keys: loading stays linear in the file's size however many ids
 * a tree has. Keys are numbered 0, 1, 2... in the order they are added;
 * callers keep what they know of a key in arrays by that number. The
 * table does not own its keys: they must outlive it.
 *
 * The hash is keyed, with a key drawn at random for each process (the
 * first hash draws it), so that nobody who writes a file can choose keys
 * that collide: the work stays linear whatever the keys. Which number a
 * key gets never depends on the key.
 *
 * In a big table every lookup is a cache miss. A slot holds the key's
 * hash, its length, its number and its first 8 bytes, so that a lookup of
 * a key of up to 8 bytes reads one slot and nothing else, and a longer
 * key reads the slot and the key.
 */
#ifndef RUNCHECK_STRTAB_H
#define RUNCHECK_STRTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What the lookups return for a key that is absent, or when out of
 * memory. */
#define STRTAB_NONE UINT32_MAX

/* At most this many keys (2^26 - 2): a number fits in 26 bits of a slot.
 * A file of 64 MiB holds at most 32 Mi keys ("a,", two bytes each). */
#define STRTAB_MAX_KEYS ((1u << 26) - 2)

struct strtab_key {
	const char *key;
	size_t len;
};

struct strtab_slot {
	/* hash (high 32 bits), length (6 bits: the length, or 63 for 63
	 * and more) and number + 1 (low 26 bits; 0 is an empty slot). */
	uint64_t word;
	uint64_t head; /* the key's first 8 bytes, zero-padded */
};

struct strtab {
	struct strtab_key *keys; /* by number */
	size_t count;
	size_t capacity;
	struct strtab_slot *slots;
	size_t slot_count; /* a power of two */
};

/* Zero-initialise a struct strtab before use. */

/* The key's number, or STRTAB_NONE when it is absent. */
uint32_t strtab_get(const struct strtab *tab, const char *key, size_t len);

/*
 * Adds key unless it is present. Returns its number, the old one when it
 * was present (*is_new, when not NULL, tells which), or STRTAB_NONE when
 * out of memory or full.
 */
uint32_t strtab_put(struct strtab *tab, const char *key, size_t len,
		    bool *is_new);

/*
 * For a caller that knows a key some time before it looks it up: its
 * hash, a hint to start bringing its slot into the cache, and the lookups
 * above given the hash. In a big table the slot is a cache miss, which
 * the time between the hint and the lookup hides.
 */
uint32_t strtab_hash(const char *key, size_t len);
void strtab_prefetch(const struct strtab *tab, uint32_t hash);
uint32_t strtab_get_hashed(const struct strtab *tab, const char *key,
			   size_t len, uint32_t hash);
uint32_t strtab_put_hashed(struct strtab *tab, const char *key, size_t len,
			   uint32_t hash, bool *is_new);

void strtab_free(struct strtab *tab);

/*
 * For tests and benchmarks: hash with this key from now on, in place of
 * the random one. Tables built before must not be used after.
 */
void strtab_set_key(uint64_t k0, uint64_t k1);

#endif
