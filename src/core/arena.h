/*
 * arena.h - a bump allocator for the strings and arrays of a loaded tree:
 * one free for all of them, and no per-string malloc overhead, which keeps
 * a loaded tree smaller than its file.
 */
#ifndef RUNCHECK_ARENA_H
#define RUNCHECK_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head;
	size_t used;  /* bytes used of head */
	size_t size;  /* bytes available in head */
	size_t total; /* bytes handed out, for measurements */
};

/* Zero-initialise a struct arena before use. */

/* size bytes aligned for any object, or NULL when out of memory. */
void *arena_alloc(struct arena *arena, size_t size);

/* A NUL-terminated copy of the len bytes at s, or NULL. */
char *arena_strndup(struct arena *arena, const char *s, size_t len);

/* A copy of count elements of elem_size bytes, or NULL (count 0: NULL). */
void *arena_memdup(struct arena *arena, const void *p, size_t count,
		   size_t elem_size);

/* Forgets everything allocated, keeping one chunk for what comes next:
 * for scratch space used over and over. */
void arena_reset(struct arena *arena);

/* Frees every chunk; the arena is empty and reusable. */
void arena_free(struct arena *arena);

#endif
