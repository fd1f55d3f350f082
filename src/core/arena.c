#include "arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

#define ARENA_CHUNK ((size_t)64 * 1024)

struct arena_chunk {
	struct arena_chunk *next;
	alignas(max_align_t) unsigned char data[];
};

/* size bytes at a multiple of align (a power of two, at most
 * max_align_t's). */
static void *arena_take(struct arena *arena, size_t size, size_t align)
{
	size_t at = (arena->used + align - 1) & ~(align - 1);
	struct arena_chunk *chunk;
	size_t chunk_size;

	if (size == 0)
		size = 1;
	if (arena->head != NULL && at <= arena->size &&
	    size <= arena->size - at) {
		arena->used = at + size;
		arena->total += size;
		return arena->head->data + at;
	}
	/* A large request gets a chunk of its own behind the current one,
	 * so the space left in the current chunk is not wasted. */
	chunk_size = size > ARENA_CHUNK / 4 ? size : ARENA_CHUNK;
	if (chunk_size > SIZE_MAX - sizeof *chunk)
		return NULL;
	chunk = mem_alloc(sizeof *chunk + chunk_size);
	if (chunk == NULL)
		return NULL;
	arena->total += size;
	if (chunk_size != ARENA_CHUNK && arena->head != NULL) {
		chunk->next = arena->head->next;
		arena->head->next = chunk;
		return chunk->data;
	}
	chunk->next = arena->head;
	arena->head = chunk;
	arena->used = size;
	arena->size = chunk_size;
	return chunk->data;
}

void *arena_alloc(struct arena *arena, size_t size)
{
	return arena_take(arena, size, alignof(max_align_t));
}

char *arena_strndup(struct arena *arena, const char *s, size_t len)
{
	char *copy;

	if (len == SIZE_MAX)
		return NULL;
	/* Text needs no alignment: no padding after each of a tree's many
	 * short strings. */
	copy = arena_take(arena, len + 1, 1);
	if (copy == NULL)
		return NULL;
	memcpy(copy, s, len);
	copy[len] = '\0';
	return copy;
}

void *arena_memdup(struct arena *arena, const void *p, size_t count,
		   size_t elem_size)
{
	void *copy;

	if (count == 0)
		return NULL;
	if (count > SIZE_MAX / elem_size)
		return NULL;
	copy = arena_alloc(arena, count * elem_size);
	if (copy != NULL)
		memcpy(copy, p, count * elem_size);
	return copy;
}

void arena_reset(struct arena *arena)
{
	struct arena_chunk *chunk;

	if (arena->head == NULL)
		return;
	/* The head is the newest chunk of the normal size, or the only
	 * one; the others (older ones, large ones) go. */
	chunk = arena->head->next;
	while (chunk != NULL) {
		struct arena_chunk *next = chunk->next;

		free(chunk);
		chunk = next;
	}
	arena->head->next = NULL;
	arena->used = 0;
	arena->total = 0;
}

void arena_free(struct arena *arena)
{
	struct arena_chunk *chunk = arena->head;

	while (chunk != NULL) {
		struct arena_chunk *next = chunk->next;

		free(chunk);
		chunk = next;
	}
	memset(arena, 0, sizeof *arena);
}
