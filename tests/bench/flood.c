/*
 * flood.c - writes a lint-clean tree whose extension mapping (x-flood)
 * holds N keys of 8 bytes, for the hash-flooding rows of `make bench`
 * (issue 19):
 *
 *     flood old|known|random N > tree.yaml
 *
 * old     every key has the same hash under the hash before issue 19
 *         (flood_old_keys): the file the hostile tester loaded.
 * known   keys chosen against the keyed hash under a key the attacker
 *         knows (FLOOD_KEY; flood_known_keys, for a table of N keys):
 *         what a fixed key would allow. The real program draws its own.
 * random  distinct keys of the same bytes with no plan: the yardstick.
 *
 * Keys are printable ASCII, written as YAML double-quoted scalars; the
 * same arguments always give the same bytes.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flood.h"

static const char head[] =
	"# Keys chosen to collide in the id and key table (tests/bench/flood.c)\n"
	"format: runcheck/1\n"
	"id: flood\n"
	"title: Flood\n"
	"version: \"1\"\n"
	"start: q\n"
	"disclaimer: A test tree.\n"
	"questions:\n"
	"  q:\n"
	"    type: yesno\n"
	"    ask: Yes?\n"
	"    yes: o\n"
	"    no: p\n"
	"outcomes:\n"
	"  o:\n"
	"    condition: C\n"
	"    triage: self_care\n"
	"    summary: S.\n"
	"  p:\n"
	"    condition: D\n"
	"    triage: self_care\n"
	"    summary: T.\n"
	"x-flood:\n";

static bool printable(unsigned char c)
{
	return c >= 0x20 && c < 0x7f;
}

/* Distinct keys: an odd multiple of the counter modulo 2^48 is a
 * one-to-one scramble, written in 8 digits of 6 bits. */
static void random_keys(char *out, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t x = (i + 1) * UINT64_C(0x9e3779b97f4a7c15);

		for (int j = 0; j < 8; j++)
			out[8 * i + j] = flood_digits[(x >> (6 * j)) & 63];
	}
}

int main(int argc, char **argv)
{
	long n = argc == 3 ? strtol(argv[2], NULL, 10) : 0;
	char *keys;

	if (n < 1 || n > 10000000) {
		fputs("usage: flood old|known|random N\n", stderr);
		return 64;
	}
	keys = malloc(8 * (size_t)n);
	if (!keys)
		return 70;
	if (strcmp(argv[1], "old") == 0) {
		if (flood_old_keys(keys, (size_t)n, printable) != (size_t)n)
			return 70;
	} else if (strcmp(argv[1], "known") == 0) {
		unsigned hi = flood_table_bits((size_t)n);

		strtab_set_key(FLOOD_KEY0, FLOOD_KEY1);
		flood_known_keys(keys, (size_t)n, hi - 7, hi);
	} else if (strcmp(argv[1], "random") == 0) {
		random_keys(keys, (size_t)n);
	} else {
		fputs("usage: flood old|known|random N\n", stderr);
		return 64;
	}
	fputs(head, stdout);
	for (long i = 0; i < n; i++) {
		fputs("  \"", stdout);
		for (int j = 0; j < 8; j++) {
			char c = keys[8 * i + j];

			if (c == '"' || c == '\\')
				putchar('\\');
			putchar(c);
		}
		fputs("\": 0\n", stdout);
	}
	free(keys);
	return fflush(stdout) == 0 ? 0 : 74;
}
