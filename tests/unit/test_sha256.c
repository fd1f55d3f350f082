/*
 * test_sha256.c - SHA-256 against the digests of FIPS 180-4's examples
 * and of sha256sum(1), whole and fed in pieces.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sha256.h"

static void hex_of(const void *data, size_t len, size_t piece,
		   char hex[SHA256_HEX_SIZE])
{
	struct sha256 s;
	unsigned char digest[SHA256_SIZE];
	const unsigned char *p = data;

	sha256_init(&s);
	for (size_t at = 0; at < len; at += piece)
		sha256_update(&s, p + at, len - at < piece ? len - at : piece);
	sha256_final(&s, digest);
	sha256_hex(digest, hex);
}

static void sha256__known_messages__known_digests(void **state)
{
	static const struct {
		const char *message;
		const char *digest;
	} cases[] = {
		{"",
		 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{"abc",
		 "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
		{"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		 "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
		/* 55, 56 and 64 bytes: the padding's edge cases. */
		{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		 "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
		{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		 "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
		{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		 "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
	};
	char hex[SHA256_HEX_SIZE];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		size_t len = strlen(cases[i].message);

		hex_of(cases[i].message, len, len + 1, hex);
		assert_string_equal(hex, cases[i].digest);
		for (size_t piece = 1; piece < 70; piece += 3) {
			hex_of(cases[i].message, len, piece, hex);
			assert_string_equal(hex, cases[i].digest);
		}
	}
}

static void sha256__a_million_a__fips_digest(void **state)
{
	size_t len = 1000000;
	char *million = malloc(len);
	char hex[SHA256_HEX_SIZE];

	(void)state;
	assert_non_null(million);
	memset(million, 'a', len);
	hex_of(million, len, 4096, hex);
	assert_string_equal(
		hex,
		"cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(million);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sha256__known_messages__known_digests),
		cmocka_unit_test(sha256__a_million_a__fips_digest),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
