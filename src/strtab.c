#include "strtab.h"

#include <stdlib.h>
#include <string.h>

#include "mem.h"

#define NUMBER_BITS 26
#define NUMBER_MASK ((1u << NUMBER_BITS) - 1)
#define LEN_MAX 63u

/* The first 8 bytes of key (all of a shorter key), zero-padded, as a
 * number: built a byte at a time, so the same on any byte order. */
static uint64_t head_of(const char *key, size_t len)
{
	uint64_t head = 0;
	size_t i;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	/* The same number, read at once. */
	if (len >= 8) {
		memcpy(&head, key, 8);
		return head;
	}
#endif
	for (i = 0; i < len && i < 8; i++)
		head |= (uint64_t)(unsigned char)key[i] << (8 * i);
	return head;
}

/* A 64-bit mix (the finaliser of SplitMix64): every bit of x moves every
 * bit of the result. */
static uint64_t mix(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9u;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebu;
	return x ^ (x >> 31);
}

/*
 * Eight bytes at a time: an id is one or two words, and hashing it a byte
 * at a time (FNV-1a, before) was a chain of a multiplication a byte. No
 * adversary gains from collisions beyond a slower load, and the table
 * grows at half full.
 */
uint32_t strtab_hash(const char *key, size_t len)
{
	uint64_t h = mix(head_of(key, len) ^ len * 0x9e3779b97f4a7c15u);
	size_t i;

	for (i = 8; i < len; i += 8)
		h = mix(h ^ head_of(key + i, len - i));
	return (uint32_t)h;
}

/* A slot's word without its number: hash and length. */
static uint64_t tag_of(uint32_t hash, size_t len)
{
	return (uint64_t)hash << 32 |
	       (uint64_t)(len < LEN_MAX ? len : LEN_MAX) << NUMBER_BITS;
}

/*
 * The slot that holds key, or the empty slot where it would go. A key of
 * up to 8 bytes is told from the slot alone: same hash, same length and
 * same first 8 bytes is the same key.
 */
static size_t find_slot(const struct strtab *tab, const char *key, size_t len,
			uint32_t hash)
{
	size_t mask = tab->slot_count - 1;
	size_t i = hash & mask;
	uint64_t tag = tag_of(hash, len);

	for (;;) {
		const struct strtab_slot *s = &tab->slots[i];

		if (s->word == 0)
			return i;
		/* The head only once hash and length agree: nearly always
		 * the key itself. */
		if ((s->word & ~(uint64_t)NUMBER_MASK) == tag &&
		    s->head == head_of(key, len)) {
			const struct strtab_key *k;

			if (len <= 8)
				return i;
			k = &tab->keys[(s->word & NUMBER_MASK) - 1];
			if (k->len == len &&
			    memcmp(k->key + 8, key + 8, len - 8) == 0)
				return i;
		}
		i = (i + 1) & mask;
	}
}

static int rehash(struct strtab *tab, size_t slot_count)
{
	struct strtab_slot *slots = mem_calloc(slot_count, sizeof *slots);
	size_t i;

	if (slots == NULL)
		return -1;
	/* Every key differs: each goes to the first empty slot. */
	for (i = 0; i < tab->slot_count; i++) {
		const struct strtab_slot *old = &tab->slots[i];
		size_t mask = slot_count - 1, s;

		if (old->word == 0)
			continue;
		s = (uint32_t)(old->word >> 32) & mask;
		while (slots[s].word != 0)
			s = (s + 1) & mask;
		slots[s] = *old;
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

uint32_t strtab_get_hashed(const struct strtab *tab, const char *key,
			   size_t len, uint32_t hash)
{
	uint64_t word;

	if (tab->slot_count == 0)
		return STRTAB_NONE;
	word = tab->slots[find_slot(tab, key, len, hash)].word;
	return word != 0 ? (uint32_t)(word & NUMBER_MASK) - 1 : STRTAB_NONE;
}

uint32_t strtab_get(const struct strtab *tab, const char *key, size_t len)
{
	return strtab_get_hashed(tab, key, len, strtab_hash(key, len));
}

uint32_t strtab_put(struct strtab *tab, const char *key, size_t len,
		    bool *is_new)
{
	return strtab_put_hashed(tab, key, len, strtab_hash(key, len), is_new);
}

uint32_t strtab_put_hashed(struct strtab *tab, const char *key, size_t len,
			   uint32_t hash, bool *is_new)
{
	struct strtab_slot *slot;

	if (is_new != NULL)
		*is_new = false;
	if ((tab->count + 1) * 2 > tab->slot_count &&
	    rehash(tab, tab->slot_count ? tab->slot_count * 2 : 16) < 0)
		return STRTAB_NONE;
	slot = &tab->slots[find_slot(tab, key, len, hash)];
	if (slot->word != 0)
		return (uint32_t)(slot->word & NUMBER_MASK) - 1;
	if (tab->count >= STRTAB_MAX_KEYS ||
	    mem_grow(&tab->keys, &tab->capacity, tab->count + 1,
		     sizeof *tab->keys) < 0)
		return STRTAB_NONE;
	tab->keys[tab->count] = (struct strtab_key){key, len};
	tab->count++;
	slot->word = tag_of(hash, len) | (uint64_t)tab->count;
	slot->head = head_of(key, len);
	if (is_new != NULL)
		*is_new = true;
	return (uint32_t)tab->count - 1;
}

void strtab_free(struct strtab *tab)
{
	free(tab->keys);
	free(tab->slots);
	memset(tab, 0, sizeof *tab);
}
