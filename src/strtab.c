#include "strtab.h"

#include <stdlib.h>
#include <string.h>

#include "mem.h"

/* FNV-1a: short keys, no adversary who gains from collisions beyond a
 * slower load, and the table grows at half full. */
static uint32_t strtab_hash(const char *key, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)key[i];
		h *= 16777619u;
	}
	return h;
}

static size_t strtab_find_slot(const struct strtab *tab, const char *key,
			       size_t len, uint32_t hash)
{
	size_t mask = tab->slot_count - 1;
	size_t i = hash & mask;

	for (;;) {
		uint64_t s = tab->slots[i];
		const struct strtab_entry *e;

		if (s == 0)
			return i;
		if ((uint32_t)(s >> 32) == hash) {
			e = &tab->entries[(uint32_t)s - 1];
			if (e->len == len && memcmp(e->key, key, len) == 0)
				return i;
		}
		i = (i + 1) & mask;
	}
}

static int strtab_rehash(struct strtab *tab, size_t slot_count)
{
	uint64_t *slots = mem_calloc(slot_count, sizeof *slots);
	size_t i;

	if (slots == NULL)
		return -1;
	free(tab->slots);
	tab->slots = slots;
	tab->slot_count = slot_count;
	/* Every key differs: each goes to the first empty slot. */
	for (i = 0; i < tab->count; i++) {
		uint32_t hash = tab->entries[i].hash;
		size_t mask = slot_count - 1, s = hash & mask;

		while (slots[s] != 0)
			s = (s + 1) & mask;
		slots[s] = (uint64_t)hash << 32 | (uint32_t)(i + 1);
	}
	return 0;
}

const struct strtab_entry *strtab_get(const struct strtab *tab,
				      const char *key, size_t len)
{
	uint64_t s;

	if (tab->slot_count == 0)
		return NULL;
	s = tab->slots[strtab_find_slot(tab, key, len, strtab_hash(key, len))];
	return s ? &tab->entries[(uint32_t)s - 1] : NULL;
}

const struct strtab_entry *strtab_put(struct strtab *tab, const char *key,
				      size_t len, uint32_t value)
{
	uint32_t hash = strtab_hash(key, len);
	struct strtab_entry *e;
	size_t s;

	if (tab->count >= UINT32_MAX - 1)
		return NULL;
	if ((tab->count + 1) * 2 > tab->slot_count &&
	    strtab_rehash(tab, tab->slot_count ? tab->slot_count * 2 : 16) < 0)
		return NULL;
	s = strtab_find_slot(tab, key, len, hash);
	if (tab->slots[s] != 0)
		return &tab->entries[(uint32_t)tab->slots[s] - 1];
	if (mem_grow(&tab->entries, &tab->capacity, tab->count + 1,
		     sizeof *tab->entries) < 0)
		return NULL;
	e = &tab->entries[tab->count];
	e->key = key;
	e->len = len;
	e->hash = hash;
	e->value = value;
	tab->count++;
	tab->slots[s] = (uint64_t)hash << 32 | (uint32_t)tab->count;
	return e;
}

void strtab_free(struct strtab *tab)
{
	free(tab->entries);
	free(tab->slots);
	memset(tab, 0, sizeof *tab);
}
