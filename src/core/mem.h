/*
 * mem.h - the allocator the loader and engine use.
 *
 * Plain malloc, with one test hook: mem_fail_after(n) makes the (n+1)th
 * allocation from now on fail, so tests can check that every allocation
 * failure is handled (an error, no leak, no crash), SQLite-style.
 */
#ifndef RUNCHECK_MEM_H
#define RUNCHECK_MEM_H

#include <stddef.h>

void *mem_alloc(size_t size);
void *mem_calloc(size_t count, size_t size);
void *mem_realloc(void *ptr, size_t size);

/* A new copy of the len bytes at s with a NUL added; NULL on failure. */
char *mem_strndup(const char *s, size_t len);

/*
 * Grows *array (of *capacity elements of elem_size bytes) so that it holds
 * at least need elements, doubling. Returns 0, or -1 when out of memory or
 * the size would overflow (the array is then unchanged).
 */
int mem_grow_slow(void *array, size_t *capacity, size_t need, size_t elem_size);

/* Inline: the loader grows its arrays by one element a reference, and
 * nearly always there is room. */
static inline int mem_grow(void *array, size_t *capacity, size_t need,
			   size_t elem_size)
{
	if (need <= *capacity)
		return 0;
	return mem_grow_slow(array, capacity, need, elem_size);
}

/*
 * Test hook: after n more successful allocations, every allocation fails
 * until mem_fail_never(). mem_alloc_count() says how many allocations were
 * made since the last mem_fail_after/mem_fail_never.
 */
void mem_fail_after(long n);
void mem_fail_never(void);
long mem_alloc_count(void);

#endif
