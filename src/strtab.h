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
	size_t len;
	uint32_t hash;
	uint32_t value;
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

void strtab_free(struct strtab *tab);

#endif
