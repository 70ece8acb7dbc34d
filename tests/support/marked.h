/*
 * marked.h — test inputs with their spans written inline, shared by the
 * unit tests and the fuzz harnesses of the reference recognizer.
 */
#ifndef TERMC_TESTS_MARKED_H
#define TERMC_TESTS_MARKED_H

#include "termc.h"

/* A FlatText from the N bytes of MD (no final NUL needed): [text](url) gives
 * a link span and `code` a code span, in order of start as flat.c gives
 * them; everything else is copied as is. */
FlatText *flat_from_marked(Arena *a, const char *md, size_t n);

#endif
