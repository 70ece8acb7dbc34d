/*
 * mark.c — splices references and terms into the tree.
 *
 * After this stage a back-end needs no side tables: a reference is an
 * INLINE_REF node around the words that link to its target, a use of a
 * defined term an INLINE_TERM node, a definition an INLINE_DEF node.  Each
 * back-end renders them while walking the tree, as it renders emphasis.
 *
 * A mark that crosses inline boundaries (a term split by a line break, a
 * reference half in bold) becomes one node per text piece.  Marks never nest
 * and never enter a link: a reference wins over a term use it contains, and
 * words inside a link stay that link's.
 */
#include "termc.h"

#include <stdlib.h>
#include <string.h>

typedef struct Mark {
  size_t off, len;
  InlineKind kind;
  Ref *ref;
  int target;
  Term *term;
  int priority; /* higher wins an overlap */
} Mark;

typedef struct MarkList {
  Mark *items;
  int len, cap;
} MarkList;

static void add_mark(Arena *a, MarkList *l, Mark m) {
  if (m.len == 0)
    return;
  if (l->len == l->cap) {
    int cap = l->cap ? l->cap * 2 : 16;
    Mark *items = arena_alloc(a, sizeof(Mark) * (size_t)cap);
    if (l->len)
      memcpy(items, l->items, sizeof(Mark) * (size_t)l->len);
    l->items = items;
    l->cap = cap;
  }
  l->items[l->len++] = m;
}

/* A reference links in pieces: the unit word with the first item
 * (« clauses 2.2 »), then each further item (« 2.7 », « 3.6 »).  An
 * external reference is one piece: the whole citation. */
static void ref_marks(Arena *a, MarkList *l, Ref *r) {
  RefMatch *m = r->match;
  if (r->link) {
    /* [text](#id): the link itself becomes the reference node */
    r->link->kind = INLINE_REF;
    r->link->ref = r;
    r->link->target = 0;
    return;
  }
  if (r->status == REF_EXTERNAL) {
    size_t end = m->off + m->len;
    if (m->instr_len && m->instr_off + m->instr_len > end && m->instr != INSTR_LINK)
      end = m->instr_off + m->instr_len;
    add_mark(a, l, (Mark){m->off, end - m->off, INLINE_REF, r, -1, NULL, 3});
    return;
  }
  if (r->explicit_link || m->nitems == 0) {
    add_mark(a, l, (Mark){m->off, m->len, INLINE_REF, r, 0, NULL, 3});
    return;
  }
  for (int k = 0; k < m->nitems; k++) {
    size_t off = k == 0 ? m->off : m->items[k].off;
    size_t end = m->items[k].off + m->items[k].len;
    if (end <= off)
      end = off + 1 > m->off + m->len ? m->off + m->len : off + 1;
    add_mark(a, l, (Mark){off, end - off, INLINE_REF, r, k, NULL, 3});
  }
}

static int compare_marks(const void *pa, const void *pb) {
  const Mark *a = pa, *b = pb;
  if (a->off != b->off)
    return a->off < b->off ? -1 : 1;
  return b->priority - a->priority;
}

/* A mark may not stand inside a link (a link cannot contain a link), except
 * an external citation, which is not a link. */
static bool allowed(const FlatText *ft, const Mark *m) {
  if (m->kind == INLINE_REF && m->ref->status == REF_EXTERNAL && !m->ref->explicit_link)
    return true;
  return flat_span_at(ft, SPAN_LINK, m->off, m->len) == NULL;
}

/* Keeps non-overlapping marks: references first, then definitions, then
 * uses, each only where nothing of a higher priority stands.  One sorted
 * sweep per priority keeps it O(n log n) for 10 000 marks in a paragraph. */
static int select_marks(const FlatText *ft, MarkList *l, Arena *a) {
  if (l->len == 0)
    return 0; /* items is NULL, which qsort and memcpy may not be given */
  qsort(l->items, (size_t)l->len, sizeof(Mark), compare_marks);
  Mark *kept = arena_alloc(a, sizeof(Mark) * (size_t)(l->len ? l->len : 1));
  Mark *merged = arena_alloc(a, sizeof(Mark) * (size_t)(l->len ? l->len : 1));
  int nkept = 0;
  for (int priority = 3; priority >= 1; priority--) {
    int n = 0, j = 0;
    size_t last_end = 0;
    for (int i = 0; i < l->len; i++) {
      Mark *m = &l->items[i];
      if (m->priority != priority)
        continue;
      /* copy the kept marks that start before m */
      while (j < nkept && kept[j].off < m->off) {
        last_end = kept[j].off + kept[j].len;
        merged[n++] = kept[j++];
      }
      bool clash = last_end > m->off || (j < nkept && kept[j].off < m->off + m->len);
      if (clash || !allowed(ft, m))
        continue;
      merged[n++] = *m;
      last_end = m->off + m->len;
    }
    while (j < nkept)
      merged[n++] = kept[j++];
    Mark *swap = kept;
    kept = merged;
    merged = swap;
    nkept = n;
  }
  memcpy(l->items, kept, sizeof(Mark) * (size_t)nkept);
  return nkept;
}

/* Wraps text[from, to) of a text inline in a new node of the mark's kind.
 * The inline is split so that the head keeps its identity (earlier pieces
 * of the flat text still point to it) and the wrapped part keeps its exact
 * source offset. */
static void wrap(Arena *a, Inline *in, size_t from, size_t to, const Mark *m) {
  if (to < in->len)
    inline_split(a, in, to);
  Inline *target = from > 0 ? inline_split(a, in, from) : in;
  /* The target becomes the wrapper; a copy of its text becomes its child. */
  Inline *text = arena_alloc(a, sizeof *text);
  *text = *target;
  text->next = NULL;
  text->parent = target;
  target->kind = m->kind;
  target->children = text;
  target->text = NULL;
  target->len = 0;
  target->src = -1;
  target->ref = m->ref;
  target->target = m->target;
  target->term = m->term;
}

static void apply_mark(Arena *a, FlatText *ft, const Mark *m) {
  for (int k = ft->npieces - 1; k >= 0; k--) {
    FlatPiece *p = &ft->pieces[k];
    if (!p->in || p->in->kind != INLINE_TEXT)
      continue;
    if (p->off >= m->off + m->len || p->off + p->len <= m->off)
      continue;
    size_t from = (m->off > p->off ? m->off - p->off : 0) + p->in_off;
    size_t to = (m->off + m->len < p->off + p->len ? m->off + m->len - p->off : p->len) + p->in_off;
    if (to > from)
      wrap(a, p->in, from, to, m);
  }
}

void mark_document(Document *doc) {
  Arena *a = doc->comp->arena;
  /* The mark lists are only needed here: a scratch arena, freed at the end,
   * holds them (they weighed as much as the source text). */
  Arena *scratch = arena_new();
  int n = doc->flats.len;
  MarkList *lists = arena_alloc(scratch, sizeof(MarkList) * (size_t)(n ? n : 1));
  for (int i = 0; i < doc->refs.len; i++) {
    Ref *r = doc->refs.items[i];
    ref_marks(scratch, &lists[r->flat->index], r);
  }
  for (int i = 0; i < doc->terms.len; i++) {
    Term *t = doc->terms.items[i];
    if (t->flat)
      add_mark(scratch, &lists[t->flat->index], (Mark){t->off, t->len, INLINE_DEF, NULL, -1, t, 2});
    for (int k = 0; k < t->uses.len; k++) {
      TermUse *u = t->uses.items[k];
      add_mark(scratch, &lists[u->flat->index],
               (Mark){u->off, u->len, INLINE_TERM, NULL, -1, t, 1});
    }
  }
  /* Right to left, so that splitting never moves what is still to mark. */
  for (int i = 0; i < n; i++) {
    FlatText *ft = doc->flats.items[i];
    int kept = select_marks(ft, &lists[i], scratch);
    for (int k = kept - 1; k >= 0; k--)
      apply_mark(a, ft, &lists[i].items[k]);
  }
  arena_free(scratch);
}
