/*
 * strtab.h - a hash table from byte strings to small numbers, for ids
 * and mapping keys: loading stays linear in the file's size however many
 * ids a tree has. The table does not own its keys: they must outlive it.
 */
#ifndef RUNCHECK_STRTAB_H
#define RUNCHECK_STRTAB_H

#include <stddef.h>
#include <stdint.h>

struct strtab_entry {
	const char *key;
	uint32_t len;
	uint32_t value;
	uint64_t head; /* the key's first 8 bytes, zero-padded: a short key
			* is compared without reading it */
};

struct strtab {
	struct strtab_entry *entries; /* in insertion order */
	size_t count;
	size_t capacity;
	/* Each slot holds an entry's hash (high half) and index + 1 (low
	 * half; 0 is empty): a probe that meets another key compares hashes
	 * without touching the entry. */
	uint64_t *slots;
	size_t slot_count; /* a power of two */
};

/* Zero-initialise a struct strtab before use. */

/*
 * Looks key up. Returns the entry, or NULL when absent.
 */
const struct strtab_entry *strtab_get(const struct strtab *tab,
				      const char *key, size_t len);

/*
 * Adds key with value unless it is present. Returns the entry (the old one
 * when key was present: compare its value), or NULL when out of memory.
 */
const struct strtab_entry *strtab_put(struct strtab *tab, const char *key,
				      size_t len, uint32_t value);

/*
 * For a caller that knows a key some time before it looks it up: its
 * hash, a hint to start bringing its slot into the cache, and the lookups
 * above given the hash. In a big table the slot is a cache miss, which
 * the time between the hint and the lookup hides.
 */
uint32_t strtab_hash(const char *key, size_t len);
void strtab_prefetch(const struct strtab *tab, uint32_t hash);
const struct strtab_entry *strtab_get_hashed(const struct strtab *tab,
					     const char *key, size_t len,
					     uint32_t hash);
const struct strtab_entry *strtab_put_hashed(struct strtab *tab,
					     const char *key, size_t len,
					     uint32_t hash, uint32_t value);

void strtab_free(struct strtab *tab);

#endif
