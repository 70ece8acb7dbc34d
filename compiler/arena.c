/*
 * arena.c — the allocator of a compilation.
 *
 * A compilation allocates many small objects (clauses, inlines, strings) that
 * all die together.  A bump allocator over a chain of chunks makes that cheap
 * and makes leaks impossible: arena_free releases everything at once.
 * Large requests get a chunk of their own so that a 50 MB paragraph does not
 * waste a chunk's tail.  Chunks start small and double up to CHUNK_SIZE, so
 * that the many small arenas (a document's diagnostics kept by termc check,
 * thousands of them) hold little more than they use.
 */
#include "termc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_SIZE (64 * 1024)
#define FIRST_CHUNK_SIZE 1024

typedef struct Chunk {
  struct Chunk *next;
  size_t used;
  size_t size;
  max_align_t data[]; /* aligned storage */
} Chunk;

struct Arena {
  Chunk *chunks; /* the current chunk first */
  size_t next;   /* the size of the next regular chunk */
};

/* Out of memory is not a condition termc can report usefully in the middle of
 * a stage: it stops, with a message, as cmark does. */
static void *xmalloc(size_t size) {
  void *p = malloc(size);
  if (!p) {
    fputs("termc: out of memory\n", stderr);
    exit(2);
  }
  return p;
}

Arena *arena_new(void) {
  Arena *a = xmalloc(sizeof *a);
  a->chunks = NULL;
  a->next = FIRST_CHUNK_SIZE;
  return a;
}

void arena_free(Arena *a) {
  if (!a)
    return;
  Chunk *c = a->chunks;
  while (c) {
    Chunk *next = c->next;
    free(c);
    c = next;
  }
  free(a);
}

static Chunk *new_chunk(size_t size) {
  Chunk *c = xmalloc(sizeof(Chunk) + size);
  c->next = NULL;
  c->used = 0;
  c->size = size;
  return c;
}

void *arena_alloc(Arena *a, size_t size) {
  const size_t align = sizeof(max_align_t);
  size = (size + align - 1) / align * align;
  if (size == 0)
    size = align;
  Chunk *c = a->chunks;
  if (!c || c->size - c->used < size) {
    if (size > CHUNK_SIZE / 4) {
      /* A big object gets its own chunk, kept behind the current one. */
      Chunk *big = new_chunk(size);
      big->used = size;
      if (c) {
        big->next = c->next;
        c->next = big;
      } else {
        a->chunks = big;
      }
      memset(big->data, 0, size);
      return big->data;
    }
    c = new_chunk(a->next > size ? a->next : size);
    if (a->next < CHUNK_SIZE)
      a->next *= 2;
    c->next = a->chunks;
    a->chunks = c;
  }
  void *p = (char *)c->data + c->used;
  c->used += size;
  memset(p, 0, size);
  return p;
}

char *arena_strndup(Arena *a, const char *s, size_t len) {
  char *p = arena_alloc(a, len + 1);
  if (len)
    memcpy(p, s, len);
  p[len] = '\0';
  return p;
}

char *arena_strdup(Arena *a, const char *s) { return arena_strndup(a, s, strlen(s)); }

char *arena_vprintf(Arena *a, const char *fmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (n < 0)
    n = 0;
  char *p = arena_alloc(a, (size_t)n + 1);
  vsnprintf(p, (size_t)n + 1, fmt, ap);
  return p;
}

char *arena_printf(Arena *a, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *p = arena_vprintf(a, fmt, ap);
  va_end(ap);
  return p;
}

void vec_push(Arena *a, PtrVec *v, void *item) {
  if (v->len == v->cap) {
    int cap = v->cap ? v->cap * 2 : 8;
    void **items = arena_alloc(a, sizeof(void *) * (size_t)cap);
    if (v->len)
      memcpy(items, v->items, sizeof(void *) * (size_t)v->len);
    v->items = items;
    v->cap = cap;
  }
  v->items[v->len++] = item;
}
