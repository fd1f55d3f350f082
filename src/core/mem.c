#include "mem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static long fail_after = -1; /* -1: never fail */
static long alloc_count;

static int should_fail(void)
{
	alloc_count++;
	if (fail_after < 0)
		return 0;
	if (fail_after == 0)
		return 1;
	fail_after--;
	return 0;
}

void *mem_alloc(size_t size)
{
	if (should_fail())
		return NULL;
	return malloc(size ? size : 1);
}

void *mem_calloc(size_t count, size_t size)
{
	if (should_fail())
		return NULL;
	return calloc(count ? count : 1, size ? size : 1);
}

void *mem_realloc(void *ptr, size_t size)
{
	if (should_fail())
		return NULL;
	return realloc(ptr, size ? size : 1);
}

char *mem_strndup(const char *s, size_t len)
{
	char *copy;

	if (len == SIZE_MAX)
		return NULL;
	copy = mem_alloc(len + 1);
	if (copy == NULL)
		return NULL;
	memcpy(copy, s, len);
	copy[len] = '\0';
	return copy;
}

int mem_grow_slow(void *array, size_t *capacity, size_t need, size_t elem_size)
{
	void **p = array;
	size_t cap = *capacity;
	void *grown;

	if (need <= cap)
		return 0;
	if (cap == 0)
		cap = 8;
	while (cap < need) {
		if (cap > SIZE_MAX / 2)
			return -1;
		cap *= 2;
	}
	if (cap > SIZE_MAX / elem_size)
		return -1;
	grown = mem_realloc(*p, cap * elem_size);
	if (grown == NULL)
		return -1;
	*p = grown;
	*capacity = cap;
	return 0;
}

void mem_fail_after(long n)
{
	fail_after = n;
	alloc_count = 0;
}

void mem_fail_never(void)
{
	fail_after = -1;
	alloc_count = 0;
}

long mem_alloc_count(void)
{
	return alloc_count;
}
