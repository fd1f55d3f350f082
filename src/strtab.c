#include "strtab.h"

#include <stdlib.h>
#include <string.h>

#include "mem.h"

/* FNV-1a: short keys, no adversary who gains from collisions beyond a
 * slower load, and the table grows at half full. */
uint32_t strtab_hash(const char *key, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)key[i];
		h *= 16777619u;
	}
	return h;
}

/* The first 8 bytes of key, zero-padded. */
static uint64_t strtab_head(const char *key, size_t len)
{
	uint64_t head = 0;

	memcpy(&head, key, len < 8 ? len : 8);
	return head;
}

static size_t strtab_find_slot(const struct strtab *tab, const char *key,
			       size_t len, uint32_t hash)
{
	size_t mask = tab->slot_count - 1;
	size_t i = hash & mask;
	uint64_t head = strtab_head(key, len);

	for (;;) {
		uint64_t s = tab->slots[i];

		if (s == 0)
			return i;
		if ((uint32_t)(s >> 32) == hash) {
			const struct strtab_entry *e =
				&tab->entries[(uint32_t)s - 1];

			if (e->len == len && e->head == head &&
			    (len <= 8 ||
			     memcmp(e->key + 8, key + 8, len - 8) == 0))
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
	/* The old slots hold each entry's hash and index; every key
	 * differs, so each goes to the first empty slot. */
	for (i = 0; i < tab->slot_count; i++) {
		uint64_t old = tab->slots[i];
		size_t mask = slot_count - 1, s;

		if (old == 0)
			continue;
		s = (uint32_t)(old >> 32) & mask;
		while (slots[s] != 0)
			s = (s + 1) & mask;
		slots[s] = old;
	}
	free(tab->slots);
	tab->slots = slots;
	tab->slot_count = slot_count;
	return 0;
}

void strtab_prefetch(const struct strtab *tab, uint32_t hash)
{
	if (tab->slot_count != 0)
		__builtin_prefetch(&tab->slots[hash & (tab->slot_count - 1)]);
}

const struct strtab_entry *strtab_get_hashed(const struct strtab *tab,
					     const char *key, size_t len,
					     uint32_t hash)
{
	uint64_t s;

	if (tab->slot_count == 0)
		return NULL;
	s = tab->slots[strtab_find_slot(tab, key, len, hash)];
	return s ? &tab->entries[(uint32_t)s - 1] : NULL;
}

const struct strtab_entry *strtab_get(const struct strtab *tab,
				      const char *key, size_t len)
{
	return strtab_get_hashed(tab, key, len, strtab_hash(key, len));
}

const struct strtab_entry *strtab_put(struct strtab *tab, const char *key,
				      size_t len, uint32_t value)
{
	return strtab_put_hashed(tab, key, len, strtab_hash(key, len), value);
}

const struct strtab_entry *strtab_put_hashed(struct strtab *tab,
					     const char *key, size_t len,
					     uint32_t hash, uint32_t value)
{
	struct strtab_entry *e;
	size_t s;

	if (tab->count >= UINT32_MAX - 1 || len > UINT32_MAX)
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
	e->len = (uint32_t)len;
	e->value = value;
	e->head = strtab_head(key, len);
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
