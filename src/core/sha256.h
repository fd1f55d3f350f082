/*
 * sha256.h - SHA-256 (FIPS 180-4), for the content hash that names the
 * tree a sign-off report was made from (runcheck report).
 *
 *	struct sha256 s;
 *	unsigned char digest[SHA256_SIZE];
 *
 *	sha256_init(&s);
 *	sha256_update(&s, data, len);	as many times as needed
 *	sha256_final(&s, digest);
 *
 * Nothing here allocates, prints or fails.
 */
#ifndef RUNCHECK_SHA256_H
#define RUNCHECK_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_SIZE	32		      /* bytes of a digest */
#define SHA256_HEX_SIZE (2 * SHA256_SIZE + 1) /* its hex, with the NUL */

struct sha256 {
	uint32_t state[8];
	uint64_t length; /* bytes hashed so far */
	unsigned char block[64];
	size_t used; /* bytes of block filled */
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);

/* Writes the digest of everything hashed; s must be initialised again
 * before it is used for another. */
void sha256_final(struct sha256 *s, unsigned char digest[SHA256_SIZE]);

/* Writes digest as 64 lowercase hex digits and a NUL. */
void sha256_hex(const unsigned char digest[SHA256_SIZE],
		char hex[SHA256_HEX_SIZE]);

#endif
