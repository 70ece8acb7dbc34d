/*
 * map.c — a string-keyed hash map (open addressing, linear probing).
 *
 * Keys are not copied: they must live as long as the map (arena strings).
 * Used for clause numbers and IDs, and term forms; all lookups are exact.
 */
#include "termc.h"

#include <string.h>

struct StrMap {
  Arena *arena;
  const char **keys;
  void **values;
  size_t cap; /* a power of two */
  size_t len;
};

static size_t hash(const char *s) {
  size_t h = 1469598103934665603u; /* FNV-1a */
  for (; *s; s++) {
    h ^= (unsigned char)*s;
    h *= 1099511628211u;
  }
  return h;
}

StrMap *strmap_new(Arena *a) {
  StrMap *m = arena_alloc(a, sizeof *m);
  m->arena = a;
  m->cap = 16;
  m->keys = arena_alloc(a, sizeof(char *) * m->cap);
  m->values = arena_alloc(a, sizeof(void *) * m->cap);
  return m;
}

static size_t slot(const StrMap *m, const char *key) {
  size_t i = hash(key) & (m->cap - 1);
  while (m->keys[i] && strcmp(m->keys[i], key) != 0)
    i = (i + 1) & (m->cap - 1);
  return i;
}

void *strmap_get(const StrMap *m, const char *key) {
  size_t i = slot(m, key);
  return m->keys[i] ? m->values[i] : NULL;
}

void strmap_put(StrMap *m, const char *key, void *value) {
  /* Grow at 50% load so probes stay short. */
  if ((m->len + 1) * 2 > m->cap) {
    StrMap old = *m;
    m->cap *= 2;
    m->keys = arena_alloc(m->arena, sizeof(char *) * m->cap);
    m->values = arena_alloc(m->arena, sizeof(void *) * m->cap);
    m->len = 0;
    for (size_t i = 0; i < old.cap; i++)
      if (old.keys[i])
        strmap_put(m, old.keys[i], old.values[i]);
  }
  size_t i = slot(m, key);
  if (!m->keys[i]) {
    m->keys[i] = key;
    m->len++;
  }
  m->values[i] = value;
}
