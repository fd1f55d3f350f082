#include "strtab.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "mem.h"

#define NUMBER_BITS 26
#define NUMBER_MASK ((1u << NUMBER_BITS) - 1)
#define LEN_MAX	    63u

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

/*
 * The hash is SipHash-1-3 (as Python's, Rust's and Perl's tables use)
 * under a key drawn at random for each process, truncated to 32 bits. A
 * fixed hash (before issue 19, a SplitMix64-style mix, which is
 * invertible) let a file be written whose keys all share one slot: with
 * linear probing every key then walks past all the keys before it, and
 * 2.9 MB of such keys took 11.9 s to load instead of 0.07 s. Whoever
 * writes a file cannot know this process's key, so cannot choose keys
 * that collide under it.
 */
static struct {
	uint64_t k0, k1;
	bool is_set;
} hash_key;

/* SplitMix64's step: spreads a seed that is not random enough alone
 * (the fallback below) over all 64 bits. */
static uint64_t splitmix(uint64_t *state)
{
	uint64_t x = (*state += 0x9e3779b97f4a7c15u);

	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9u;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebu;
	return x ^ (x >> 31);
}

/*
 * The key: 16 bytes from getrandom(2), which does not block here
 * (GRND_NONBLOCK: at early boot, before the kernel's generator is
 * seeded, a kiosk must still start), else from /dev/urandom. If both
 * fail (no getrandom, no /dev in a chroot), the key is made from the
 * time in nanoseconds, the process id and the addresses that address
 * space randomisation moves: far weaker, but it still differs between
 * processes and cannot be read from the file.
 */
static void seed_key(void)
{
	uint64_t k[2];
	ssize_t got;

	do
		got = getrandom(k, sizeof k, GRND_NONBLOCK);
	while (got < 0 && errno == EINTR);
	if (got != (ssize_t)sizeof k) {
		int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);

		got = fd >= 0 ? read(fd, k, sizeof k) : -1;
		if (fd >= 0)
			close(fd);
	}
	if (got != (ssize_t)sizeof k) {
		struct timespec ts = {0};
		uint64_t state;

		clock_gettime(CLOCK_REALTIME, &ts);
		state = (uint64_t)ts.tv_sec * 1000000000u +
			(uint64_t)ts.tv_nsec;
		state ^= (uint64_t)getpid() << 32 ^ (uint64_t)(uintptr_t)&ts ^
			 (uint64_t)(uintptr_t)seed_key;
		k[0] = splitmix(&state);
		k[1] = splitmix(&state);
	}
	strtab_set_key(k[0], k[1]);
}

void strtab_set_key(uint64_t k0, uint64_t k1)
{
	hash_key.k0 = k0;
	hash_key.k1 = k1;
	hash_key.is_set = true;
}

static uint64_t rotl(uint64_t x, int b)
{
	return x << b | x >> (64 - b);
}

static void sip_round(uint64_t v[4])
{
	v[0] += v[1];
	v[1] = rotl(v[1], 13) ^ v[0];
	v[0] = rotl(v[0], 32);
	v[2] += v[3];
	v[3] = rotl(v[3], 16) ^ v[2];
	v[0] += v[3];
	v[3] = rotl(v[3], 21) ^ v[0];
	v[2] += v[1];
	v[1] = rotl(v[1], 17) ^ v[2];
	v[2] = rotl(v[2], 32);
}

/* SipHash-1-3: one round a block of 8 bytes (read little-endian, the last
 * zero-padded and carrying the length in its top byte), three to end. */
uint32_t strtab_hash(const char *key, size_t len)
{
	uint64_t v[4], m;
	size_t i = 0;

	if (!hash_key.is_set)
		seed_key();
	v[0] = hash_key.k0 ^ 0x736f6d6570736575u;
	v[1] = hash_key.k1 ^ 0x646f72616e646f6du;
	v[2] = hash_key.k0 ^ 0x6c7967656e657261u;
	v[3] = hash_key.k1 ^ 0x7465646279746573u;
	for (; len - i >= 8; i += 8) {
		m = head_of(key + i, 8);
		v[3] ^= m;
		sip_round(v);
		v[0] ^= m;
	}
	m = head_of(key + i, len - i) | (uint64_t)len << 56;
	v[3] ^= m;
	sip_round(v);
	v[0] ^= m;
	v[2] ^= 0xff;
	sip_round(v);
	sip_round(v);
	sip_round(v);
	return (uint32_t)(v[0] ^ v[1] ^ v[2] ^ v[3]);
}

/* A slot's word without its number: hash and length. */
static uint64_t tag_of(uint32_t hash, size_t len)
{
	return (uint64_t)hash << 32 | (uint64_t)(len < LEN_MAX ? len : LEN_MAX)
					      << NUMBER_BITS;
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
