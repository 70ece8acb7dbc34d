/*
 * layout.c — the galley, and cutting it into pages.
 *
 * A galley is the typeset text of one part of a book as a single long
 * column of lines, as a compositor's galley was: typeset.c and the block
 * layout append lines to it, each saying whether a page may end after it.
 * Paginating is then a matter of stacking lines until the next one does
 * not fit, and going back to the last line that allows a break: that is
 * how a heading stays with the text it introduces and how a paragraph
 * never leaves a single line alone at the bottom or the top of a page.
 * Pages are « ragged bottom », as LaTeX's \raggedbottom: the space a kept
 * block moves to the next page is left empty rather than spread.
 *
 * The galley is built once per document and paginated once per PDF it
 * appears in (its own, and the corpus), each time with its own placement.
 */
#include "pdf.h"

#include <stdlib.h>
#include <string.h>

void *pdf_grow(void *items, int *cap, int need, size_t size) {
  if (need <= *cap)
    return items;
  int cap2 = *cap ? *cap : 16;
  while (cap2 < need)
    cap2 *= 2;
  void *p = realloc(items, (size_t)cap2 * size);
  if (!p) {
    fputs("termc: out of memory\n", stderr);
    exit(2);
  }
  *cap = cap2;
  return p;
}

Galley *galley_new(void) {
  Galley *g = calloc(1, sizeof *g);
  if (!g) {
    fputs("termc: out of memory\n", stderr);
    exit(2);
  }
  g->arena = arena_new();
  return g;
}

void galley_free(Galley *g) {
  if (!g)
    return;
  arena_free(g->arena);
  free(g->lines);
  free(g->anchors);
  free(g);
}

int galley_add(Galley *g, const Line *line) {
  g->lines = pdf_grow(g->lines, &g->caplines, g->nlines + 1, sizeof(Line));
  g->lines[g->nlines] = *line;
  return g->nlines++;
}

void galley_anchor(Galley *g, int line, Target t) {
  g->anchors = pdf_grow(g->anchors, &g->capanchors, g->nanchors + 1, sizeof(Anchor));
  g->anchors[g->nanchors++] = (Anchor){line, t};
}

/* Lines keep their runs in the arena.  A line typeset whole has room for
 * exactly its runs; one that grows (list markers, leaders, page numbers,
 * marks, text set run by run) doubles its room, so that the copies left
 * in the arena are never more than the runs themselves. */
void galley_add_run(Galley *g, int line, const Run *run) {
  Line *l = &g->lines[line];
  if (l->nruns == l->capruns) {
    int cap = l->capruns < 2 ? 4 : 2 * l->capruns;
    Run *runs = arena_alloc(g->arena, sizeof(Run) * (size_t)cap);
    if (l->nruns)
      memcpy(runs, l->runs, sizeof(Run) * (size_t)l->nruns);
    l->runs = runs;
    l->capruns = cap;
  }
  l->runs[l->nruns++] = *run;
}

/* The last line of [start, i) after which a page may end, or i - 1 when
 * the whole page is one unbreakable block (it then breaks where it must). */
static int last_break(const Galley *g, int start, int i) {
  for (int b = i - 1; b >= start; b--)
    if (!g->lines[b].keep)
      return b;
  return i - 1;
}

int paginate(const Galley *g, double page_height, int first_page, Place *place) {
  int page = first_page, start = 0;
  double y = 0;
  for (int i = 0; i < g->nlines;) {
    const Line *l = &g->lines[i];
    bool top = i == start;
    double advance = top ? l->ascent : l->above + l->height;
    if (!top && y + advance + l->descent > page_height) {
      int b = last_break(g, start, i);
      page++;
      y = 0;
      start = i = b + 1;
      continue;
    }
    y += advance;
    place[i++] = (Place){page, y};
  }
  return page - first_page + 1;
}

/*
 * Where targets landed: an open-addressing hash table keyed by the
 * target's kind, number and pointer.  Lookups only; nothing iterates it,
 * so the order of pointers never shows in the output.
 */
typedef struct DestSlot {
  bool used;
  Target key;
  Dest dest;
} DestSlot;

struct DestMap {
  DestSlot *slots;
  int cap; /* a power of two */
  int n;
};

DestMap *dests_new(void) {
  DestMap *m = calloc(1, sizeof *m);
  if (!m) {
    fputs("termc: out of memory\n", stderr);
    exit(2);
  }
  return m;
}

void dests_free(DestMap *m) {
  if (!m)
    return;
  free(m->slots);
  free(m);
}

static size_t hash_target(Target t) {
  uint64_t h = (uint64_t)(uintptr_t)t.ptr * 0x9E3779B97F4A7C15u;
  h ^= (uint64_t)t.kind * 0xC2B2AE3D27D4EB4Fu + (uint64_t)(unsigned)t.n * 0x165667B19E3779F9u;
  return (size_t)(h ^ (h >> 29));
}

static bool same_target(Target a, Target b) {
  return a.kind == b.kind && a.n == b.n && a.ptr == b.ptr;
}

static DestSlot *find_slot(const DestMap *m, Target t) {
  size_t mask = (size_t)m->cap - 1;
  for (size_t i = hash_target(t) & mask;; i = (i + 1) & mask)
    if (!m->slots[i].used || same_target(m->slots[i].key, t))
      return &m->slots[i];
}

static void rehash(DestMap *m) {
  DestMap bigger = {.cap = m->cap ? m->cap * 2 : 64};
  bigger.slots = calloc((size_t)bigger.cap, sizeof(DestSlot));
  if (!bigger.slots) {
    fputs("termc: out of memory\n", stderr);
    exit(2);
  }
  for (int i = 0; i < m->cap; i++)
    if (m->slots[i].used)
      *find_slot(&bigger, m->slots[i].key) = m->slots[i];
  free(m->slots);
  m->slots = bigger.slots;
  m->cap = bigger.cap;
}

void dests_put(DestMap *m, Target t, Dest d) {
  if (2 * (m->n + 1) > m->cap)
    rehash(m);
  DestSlot *s = find_slot(m, t);
  if (s->used)
    return;
  *s = (DestSlot){true, t, d};
  m->n++;
}

bool dests_get(const DestMap *m, Target t, Dest *d) {
  if (m->cap == 0)
    return false;
  const DestSlot *s = find_slot(m, t);
  if (s->used)
    *d = s->dest;
  return s->used;
}

void dests_add_galley(DestMap *m, const Galley *g, const Place *place) {
  for (int i = 0; i < g->nanchors; i++) {
    const Anchor *a = &g->anchors[i];
    const Line *l = &g->lines[a->line];
    if (a->target.kind == TARGET_USE || a->target.kind == TARGET_REF)
      continue; /* many per target: read from the galley where needed */
    dests_put(m, a->target, (Dest){place[a->line].page, place[a->line].y - l->ascent});
  }
}
