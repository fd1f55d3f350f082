/*
 * flood.h - keys chosen to collide in the id and key table (strtab.c,
 * issue 19), for test_strtab.c and the benchmark's generator
 * (tests/bench/flood.c). Keys are 8 bytes, no NUL, written one after
 * another.
 *
 * Two attacks:
 *   - on the hash before issue 19, a fixed 64-bit mix of a key's first 8
 *     bytes and its length: the mix can be undone, so flood_old_keys
 *     chooses any 32-bit hash and gets keys that all have it;
 *   - on any hash whose key is known (a fixed-key SipHash, say):
 *     flood_known_keys tries keys until their hash has bits lo to hi - 1
 *     zero, so that in a table of 2^hi slots (and in every smaller one
 *     down to 2^lo) they all start in the first 2^lo slots: one cluster,
 *     which every key walks to its end.
 */
#ifndef RUNCHECK_FLOOD_H
#define RUNCHECK_FLOOD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "strtab.h"

/* The key an attacker is taken to know. */
#define FLOOD_KEY0 UINT64_C(0x0706050403020100)
#define FLOOD_KEY1 UINT64_C(0x0f0e0d0c0b0a0908)

/* The bytes flood_known_keys writes keys with: none needs quoting in a
 * YAML double-quoted scalar. */
static const char flood_digits[] =
	"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_.";

/* The old hash's mix (SplitMix64's finaliser) and its inverse: the
 * inverse of each odd multiplier modulo 2^64, and of each x ^= x >> s. */
static inline uint64_t flood_old_mix(uint64_t x)
{
	x ^= x >> 30;
	x *= UINT64_C(0xbf58476d1ce4e5b9);
	x ^= x >> 27;
	x *= UINT64_C(0x94d049bb133111eb);
	return x ^ (x >> 31);
}

static inline uint64_t flood_unshift(uint64_t y, int s)
{
	uint64_t x = y;

	for (int i = 0; i <= 64 / s; i++)
		x = y ^ (x >> s);
	return x;
}

static inline uint64_t flood_old_unmix(uint64_t x)
{
	x = flood_unshift(x, 31);
	x *= UINT64_C(0x319642b2d24d8ec3); /* 0x94d049bb133111eb^-1 */
	x = flood_unshift(x, 27);
	x *= UINT64_C(0x96de1b173f119089); /* 0xbf58476d1ce4e5b9^-1 */
	return flood_unshift(x, 30);
}

/* The hash before issue 19, of a key of 8 bytes. */
static inline uint32_t flood_old_hash(const char *key)
{
	uint64_t head = 0;

	for (int i = 0; i < 8; i++)
		head |= (uint64_t)(unsigned char)key[i] << (8 * i);
	return (uint32_t)flood_old_mix(head ^ 8 * UINT64_C(0x9e3779b97f4a7c15));
}

/*
 * Writes up to n keys at out, every byte of which ok accepts, all with
 * the old hash 0x5eed: undoing the mix of each 64-bit value with those
 * low 32 bits gives a key. Returns how many.
 */
static inline size_t flood_old_keys(char *out, size_t n,
				    bool (*ok)(unsigned char))
{
	size_t got = 0;

	for (uint64_t hi = 0; got < n && hi < (UINT64_C(1) << 32); hi++) {
		uint64_t head = flood_old_unmix(hi << 32 | 0x5eed) ^
				8 * UINT64_C(0x9e3779b97f4a7c15);
		char *k = out + 8 * got;
		int i;

		for (i = 0; i < 8; i++) {
			k[i] = (char)(head >> (8 * i));
			if (!ok((unsigned char)k[i]))
				break;
		}
		got += i == 8;
	}
	return got;
}

/* log2 of the slots a table holds after n keys (it grows at half full). */
static inline unsigned flood_table_bits(size_t n)
{
	unsigned bits = 4;

	while (((size_t)1 << bits) < 2 * (n + 1))
		bits++;
	return bits;
}

/*
 * Writes n keys at out, made of flood_digits, whose strtab_hash under the
 * current key has bits lo to hi - 1 zero (each takes about 2^(hi - lo)
 * tries).
 */
static inline void flood_known_keys(char *out, size_t n, unsigned lo,
				    unsigned hi)
{
	uint32_t mask = (uint32_t)(((uint64_t)1 << hi) - ((uint64_t)1 << lo));
	size_t got = 0;

	for (uint64_t i = 0; got < n; i++) {
		char *k = out + 8 * got;

		for (int j = 0; j < 8; j++)
			k[j] = flood_digits[(i >> (6 * j)) & 63];
		got += (strtab_hash(k, 8) & mask) == 0;
	}
}

#endif
