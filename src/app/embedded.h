/*
 * embedded.h - the shipped tree and clinic files, compiled into the binary
 * at build time (build-aux/embed.sh). Each array holds the file's bytes and a
 * trailing NUL that the length does not count.
 */
#ifndef RUNCHECK_EMBEDDED_H
#define RUNCHECK_EMBEDDED_H

#include <stddef.h>

extern const unsigned char embedded_tree[];
extern const size_t embedded_tree_len;
extern const unsigned char embedded_clinic[];
extern const size_t embedded_clinic_len;

#endif
